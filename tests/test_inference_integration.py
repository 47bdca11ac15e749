"""Issue 16 in the pipeline: analyze() computes the statistical tests, the report states them.

The numbers themselves are checked against R and statnet in tests/inference/; here the
questions are whether analyze() holds exactly what the inference functions give, whether
the report says it in plain words (and says nothing when the tests are off), and whether a
public output keeps every count below 5 out.
"""

from __future__ import annotations

import dataclasses
import html
import re

import numpy as np
import pandas as pd
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.config import InferenceConfig
from skane_ecosystem.inference import (
    homophily_tests,
    impute_nonrespondents,
    indicator_change_test,
    missingness_report,
    wave_change_test,
)
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.report_html import render_html
from tests.test_notebooks import kernel_path, run, shown  # noqa: F401  (fixtures by name)

PERMUTATIONS = 200
QUICK = {"stability": {"enabled": False}}
TESTED = AnalysisConfig(**QUICK, inference={"enabled": True, "n_permutations": PERMUTATIONS})


def planted_survey(seed: int = 3) -> Ecosystem:
    """40 organisations in two sectors and three municipalities, ties mostly within a sector,
    30 % non-respondents, two waves of which the second keeps most ties of the first."""
    rng = np.random.default_rng(seed)
    ids = [f"A{i:02d}" for i in range(40)]
    sector = ["business" if i < 20 else "public" for i in range(40)]
    actors = pd.DataFrame(
        {
            "name": [f"Org {a}" for a in ids],
            "sector": sector,
            "type": ["company" if i % 2 else "agency" for i in range(40)],
            # Ystad has three organisations: a group a public output must not count.
            "municipality": ["Ystad" if i in (5, 25, 33) else "Lund" if i % 3 else "Malmö" for i in range(40)],
            "respondent": rng.random(40) > 0.3,
        },
        index=pd.Index(ids, name="id"),
    )
    first = [
        (a, b)
        for i, a in enumerate(ids)
        for j, b in enumerate(ids)
        if i < j and rng.random() < (0.35 if sector[i] == sector[j] else 0.03)
    ]
    second = [pair for pair in first if rng.random() < 0.9] + [
        (a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if rng.random() < 0.01
    ]
    answered = set(actors.index[actors["respondent"]])
    rows = []
    for wave, pairs in (("2019", first), ("2022", second)):
        for a, b in pairs:
            for reporter, named in ((a, b), (b, a)):
                if reporter in answered:
                    rows.append((reporter, named, "collaboration", 1.0, wave, reporter))
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "weight", "wave", "reported_by"])
    return Ecosystem(actors, ties, meta={"title": "Planted"})


@pytest.fixture(scope="module")
def eco():
    return planted_survey()


@pytest.fixture(scope="module")
def tested(eco):
    return analyze(eco, TESTED)


@pytest.fixture(scope="module")
def untested(eco):
    return analyze(eco, AnalysisConfig(**QUICK))


def text_of(page: str) -> str:
    """The text a reader sees: no tags, entities decoded, white space collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


# ------------------------------------------------------------------ config
def test_inference_is_off_by_default_and_its_settings_are_checked_at_the_edge():
    assert AnalysisConfig().inference == InferenceConfig(enabled=False, n_permutations=1000, alpha=0.05)
    with pytest.raises(ValueError, match=r"inference\.n_permutations must be a whole number between 1 and 100000"):
        AnalysisConfig(inference={"n_permutations": 0})
    with pytest.raises(ValueError, match=r"unknown \[inference\] setting\(s\) \['permutations'\]"):
        AnalysisConfig.from_dict({"inference": {"permutations": 10}})
    assert AnalysisConfig.from_dict({"inference": {"enabled": True}}).inference.enabled


def test_without_inference_the_analysis_holds_no_tests_and_takes_no_time_for_them(untested):
    assert untested.inference is None
    assert "inference" not in untested.timings


def test_an_unknown_nonresponse_option_is_refused_with_the_options(eco):
    with pytest.raises(ValueError, match=r"nonresponse must be one of \['none', 'reconstruction', 'reciprocity'\]"):
        analyze(eco, AnalysisConfig(**QUICK), nonresponse="impute")


# ------------------------------------------------------------ what it holds
def test_the_analysis_holds_exactly_what_the_inference_functions_give(tested, eco):
    inference = tested.inference
    settings = {"n_permutations": PERMUTATIONS, "seed": 0}
    pd.testing.assert_frame_equal(inference.homophily, homophily_tests(tested.graph, **settings))
    pd.testing.assert_frame_equal(tested.homophily(), inference.homophily)
    before = eco.graph(wave="2019")
    pd.testing.assert_frame_equal(inference.wave_change, wave_change_test(before, tested.graph, **settings))
    pd.testing.assert_frame_equal(inference.indicator_change, indicator_change_test(before, tested.graph, **settings))
    expected = missingness_report(eco, wave="2022", **settings)
    pd.testing.assert_frame_equal(inference.missingness.response, expected.response)
    pd.testing.assert_frame_equal(inference.missingness.degree, expected.degree)
    # The planted structure: ties within sectors far beyond chance.
    assert inference.homophily.at["sector", "p_value"] < 0.05 < inference.homophily.at["sector", "odds_ratio"]
    assert inference.ei.loc["business", "p_value"] < 0.05


def test_homophily_is_computed_on_demand_when_inference_is_off(untested):
    table = untested.homophily()
    expected = homophily_tests(untested.graph, n_permutations=1000, seed=0)
    pd.testing.assert_frame_equal(table, expected)


def test_the_earlier_wave_of_a_comparison_is_not_tested_again(tested):
    assert tested.comparison is not None
    assert tested.comparison.before.inference is None


# ------------------------------------------------------------- non-response
def test_nonresponse_reconstruction_analyses_the_imputed_ties(eco):
    result = analyze(eco, AnalysisConfig(**QUICK), mode="directed", nonresponse="reconstruction")
    imputed = impute_nonrespondents(eco, "reconstruction").graph(wave="2022", mode="directed")
    assert sorted(result.graph.edges) == sorted(imputed.edges)
    assert result.ecosystem.meta["nonresponse"] == "reconstruction"
    assert result.inference.nonresponse == "reconstruction"
    as_reported = eco.graph(wave="2022", mode="directed")
    assert result.graph.number_of_edges() > as_reported.number_of_edges()


def test_the_sensitivity_table_counts_the_findings_that_hold_under_each_option(tested):
    table = tested.inference.sensitivity.set_index(["kind", "name"])
    findings = tested.flags[~tested.flags["tentative"].astype(bool)]
    for code, count in findings["code"].value_counts().items():
        # "none" is the analysis itself: every one of its findings holds there.
        assert table.loc[("finding", code), "findings"] == count
        assert table.loc[("finding", code), "none"] == count
        assert 0 <= table.loc[("finding", code), "reciprocity"] <= count
    assert table.loc[("indicator", "ties"), "none"] == tested.graph.number_of_edges()


def test_nonresponse_alone_gives_the_sensitivity_table_and_no_tests(eco):
    result = analyze(eco, AnalysisConfig(**QUICK), compare_with=None, nonresponse="reconstruction")
    assert result.inference.homophily is None and result.inference.missingness is None
    assert list(result.inference.sensitivity.columns) == [
        "kind",
        "name",
        "findings",
        "none",
        "reconstruction",
        "reciprocity",
    ]
    page = text_of(render_html(apply_privacy(result, "public", lang="en")))
    assert "were reconstructed from others' answers" in page and "(Huisman 2009)" in page
    assert "under each treatment of non-response" in page
    assert "More than chance?" not in page and "Statistical tests" not in page


def test_reconstruction_changes_nothing_in_a_union_network(tested):
    """The union view already holds every nomination a non-respondent received:
    reconstruction adds only their returns, which the union counts once."""
    table = tested.inference.sensitivity
    assert table["none"].tolist() == table["reconstruction"].tolist()


def test_above_the_stability_size_there_is_no_sensitivity_table(eco):
    """Each option costs a stability resample: not run where resamples are not either."""
    config = TESTED.with_options(stability={"enabled": False, "max_actors": 10})
    result = analyze(eco, config, compare_with=None, nonresponse="reciprocity")
    assert result.inference.sensitivity is None and result.inference.homophily is not None
    page = render_html(apply_privacy(result, "public", lang="en"))
    assert "Statistical tests" in page and "under each treatment of non-response" not in page


# ----------------------------------------------------------------- privacy
def test_public_tables_show_no_count_below_five(tested):
    shown = apply_privacy(tested, "public").inference
    response = shown["missingness"]["response"]
    small = tested.inference.missingness.response["actors"] < 5
    assert small.any(), "the planted survey should have a small group to suppress"
    assert (response.loc[small, ["actors", "respondents", "response_rate"]] == "<5").all().all()
    for frame, columns in (
        (response, ["actors", "respondents"]),
        (shown["missingness"]["one_sided"], ["ties", "one_sided"]),
        (shown["sensitivity"][shown["sensitivity"]["kind"] == "finding"], ["findings", "none", "reciprocity"]),
    ):
        for value in frame[columns].to_numpy().ravel():
            assert isinstance(value, str) or value == 0 or value >= 5, frame
    internal = apply_privacy(tested, "internal").inference
    pd.testing.assert_frame_equal(
        internal["missingness"]["response"], tested.inference.missingness.response.astype(object)
    )


def test_an_analysis_without_tests_shows_none(untested):
    assert apply_privacy(untested, "public").inference is None


# ------------------------------------------------------------------ report
@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("sv", "Organisationerna samarbetar oftare inom sin egen sektor än slumpen skulle ge (p < 0,01"),
        ("en", "Organisations collaborate more often within their own sector than chance would give (p < 0.01"),
    ],
)
def test_the_summary_and_the_sectors_section_state_significance_in_plain_words(tested, lang, sentence):
    page = render_html(apply_privacy(tested, "public", lang=lang))
    summary = text_of(page.split('<section id="summary">')[1].split("</section>")[0])
    sectors = text_of(page.split('<section id="sectors">')[1].split("</section>")[0])
    method = text_of(page.split('<section id="method">')[1].split("</section>")[0])
    assert sentence in summary and sentence in sectors
    assert ("p-värde (E-I)" if lang == "sv" else "p-value (E-I)") in sectors
    assert ("QAP-permutationstest" if lang == "sv" else "QAP permutation test") in method
    assert "200" in method
    assert ("Banden analyserades som de rapporterades" if lang == "sv" else "Ties were analysed as reported") in method


def test_the_wave_section_tests_the_change(tested):
    page = render_html(apply_privacy(tested, "internal", lang="en"))
    waves = text_of(page.split('<section id="waves">')[1].split("</section>")[0])
    assert "The network of 2022 resembles that of 2019 more than chance would give" in waves
    assert "p-value (change)" in waves and "paired permutation test" in waves


def test_a_report_without_tests_says_nothing_about_them(untested):
    page = render_html(apply_privacy(untested, "public", lang="en"))
    for text in ("More than chance?", "Statistical tests", "p-value (change)", "Non-response"):
        assert text not in page
    # the E-I index's p-value costs milliseconds: every analysis has it, wherever E-I is shown
    assert "p-value (E-I)" in page


def test_every_analysis_has_the_e_i_p_values_of_the_sector_table(untested, tested):
    from skane_ecosystem import metrics

    expected = metrics.ei_index_groups(
        untested.graph, "sector", n_permutations=untested.config.inference.n_permutations, seed=untested.config.seed
    )["p_value"]
    got = untested.sectors.set_index("sector")["ei_p_value"]
    assert got.to_dict() == pytest.approx(expected.reindex(got.index).to_dict(), nan_ok=True)


def test_a_network_too_large_for_qap_says_so_and_still_gets_the_cheap_tests(tested):
    skipped = dataclasses.replace(
        tested.inference, homophily=None, wave_change=None, indicator_change=None, skipped="3001 actors"
    )
    page = render_html(apply_privacy(dataclasses.replace(tested, inference=skipped), "internal", lang="en"))
    assert "more than the 3,000 the QAP tests can handle" in text_of(page)
    assert "More than chance?" not in page and "p-value (E-I)" in page


# ---------------------------------------------------------------- notebook
@pytest.mark.slow
def test_the_inference_notebook_runs_and_shows_the_planted_homophily_and_statnets_numbers(run):  # noqa: F811
    """04_inference.ipynb (built by notebooks/build_notebooks.py like the others, which
    tests/test_notebooks.py checks are stored as written) shows what the demo plants."""
    notebook, _ = run("04_inference.ipynb")
    assert "148 actors, 366 collaboration ties" in shown(notebook, "setup")
    sentences = shown(notebook, "sentences")
    assert "Organisationerna samarbetar oftare inom sin egen sektor än slumpen skulle ge (p < 0,01" in sentences
    assert "collaborate more often within their own municipality" in sentences
    florentine = shown(notebook, "florentine")
    assert "-2.594929" in florentine and "0.010546" in florentine and "AIC 107.1 BIC 112.7" in florentine
    assert "'ties_kept': 326, 'ties_gained': 40, 'ties_lost': 37" in shown(notebook, "waves")
    assert "reconstruction: 700 directed collaboration ties" in shown(notebook, "imputation")
    pipeline = shown(notebook, "pipeline")
    assert "Organisations collaborate more often within their own sector than chance would give" in pipeline
    assert "reconstruction" in pipeline and "reciprocity" in pipeline
