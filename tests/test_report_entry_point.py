"""One report entry point: ``Analysis.report()`` and ``skane-eco analyze --out`` write
the same bundle, and what the outputs show is computed by ``analyze()``."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import skane_ecosystem as se
from skane_ecosystem.cli import app
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.render import report_html
from skane_ecosystem.scenarios import compare

QUICK = AnalysisConfig(stability=StabilityConfig(enabled=False))


@pytest.fixture(scope="module")
def survey(tmp_path_factory) -> Path:
    """Two waves of a small ecosystem: two groups joined by one gateway, then also directly."""
    names = ["Alfa", "Beta", "Gamma", "Gateway", "Delta", "Epsilon", "Zeta"]
    sectors = ["public", "public", "public", "academia", "business", "business", "business"]
    actors = pd.DataFrame({"id": names, "name": names, "sector": sectors, "municipality": "Lund", "respondent": "yes"})
    edges = [
        ("Alfa", "Beta"),
        ("Alfa", "Gamma"),
        ("Beta", "Gamma"),
        ("Gamma", "Gateway"),
        ("Gateway", "Delta"),
        ("Delta", "Epsilon"),
        ("Delta", "Zeta"),
        ("Epsilon", "Zeta"),
    ]
    rows = [
        (s, t, "collaboration", 3, wave)
        for wave, extra in (("2019", []), ("2022", [("Alfa", "Epsilon")]))
        for a, b in edges + extra
        for s, t in ((a, b), (b, a))
    ]
    path = tmp_path_factory.mktemp("input") / "survey.xlsx"
    with pd.ExcelWriter(path) as writer:
        actors.to_excel(writer, sheet_name="actors", index=False)
        pd.DataFrame(rows, columns=["source", "target", "relation", "weight", "wave"]).to_excel(
            writer, sheet_name="ties", index=False
        )
    return path


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a bundle but run.json (which records how long each step took)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "run.json"
    }


@pytest.mark.parametrize("lang, privacy", [("en", "internal"), ("sv", "public")])
def test_the_cli_and_analysis_report_write_the_same_bundle(survey, tmp_path, lang, privacy):
    by_cli = tmp_path / "cli"
    result = CliRunner().invoke(
        app, ["analyze", str(survey), "--out", str(by_cli), "--no-stability", "--lang", lang, "--privacy", privacy]
    )
    assert result.exit_code == 0, result.output
    by_api = tmp_path / "api"
    se.analyze(se.load(survey), QUICK).report(by_api, lang=lang, privacy=privacy)
    cli_files, api_files = files(by_cli), files(by_api)
    assert sorted(cli_files) == sorted(api_files)
    assert cli_files["report.html"] == api_files["report.html"]
    assert cli_files == api_files


def test_there_is_no_second_report_function():
    assert not hasattr(report_html, "html_report")


def test_analyze_holds_the_wave_comparison_the_report_shows(survey):
    eco = se.load(survey)
    result = se.analyze(eco, QUICK)
    assert (result.comparison.wave_from, result.comparison.wave_to) == ("2019", "2022")
    expected = compare(eco, "2019", "2022", QUICK)
    pd.testing.assert_frame_equal(result.comparison.indicators, expected.indicators)
    assert result.comparison.ties_gained[["source", "target"]].values.tolist() == [["Alfa", "Epsilon"]]
    assert se.analyze(eco, QUICK, compare_with=None).comparison is None
    assert se.analyze(eco, QUICK, wave="2019").comparison is None  # no wave before the first


def test_analysis_compare_attaches_a_comparison_and_leaves_the_analysis_as_it_was(survey):
    eco = se.load(survey)
    later = se.analyze(eco, QUICK, compare_with=None)
    earlier = se.analyze(eco, QUICK, wave="2019")
    compared = later.compare(earlier)
    assert later.comparison is None
    assert compared.comparison.ties_gained[["source", "target"]].values.tolist() == [["Alfa", "Epsilon"]]
    with pytest.raises(TypeError, match="needs an Analysis"):
        later.compare(eco)


def test_compare_with_an_unknown_wave_names_the_waves(survey):
    with pytest.raises(ValueError, match=r"\['2019', '2022'\]"):
        se.analyze(se.load(survey), QUICK, compare_with="2020")


def test_analyze_computes_the_tables_the_outputs_show(survey):
    result = se.analyze(se.load(survey), QUICK)
    # Gateway sits on every path between the groups in 2019; in 2022 Alfa-Epsilon bypasses it.
    sectors = result.sectors.set_index("sector")
    assert sectors.loc["academia", ["actors", "ties_within", "ties_across"]].tolist() == [1, 0, 2]
    assert sectors.loc["academia", "ei_index"] == 1.0  # (E - I) / (E + I) = (2 - 0) / 2
    assert sectors.loc["public", "ei_index"] == pytest.approx((2 - 3) / 5)
    assert result.municipalities.loc["Lund", "total"] == 7
    assert result.quality["pairs"] == 9 and result.quality["confirmed_pairs"] == 9
    assert set(result.robustness["order"]) == {"betweenness", "random"}
    assert set(result.robustness_auc) == {"betweenness", "random"}
    assert list(result.bridges.columns[:3]) == ["rank", "source", "target"]
    assert list(result.key_removals.columns) == [
        "id",
        "name",
        "sector",
        "removal_cutoff",
        "removal_fragmentation_gain",
        "is_cut_vertex",
    ]


def test_the_aggregated_map_groups_actors_by_the_analysis_communities(monkeypatch):
    import networkx as nx

    from skane_ecosystem.render import map as map_module

    monkeypatch.setattr(map_module, "AGGREGATE_ABOVE", 5)
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "f")])
    # A partition Louvain would not find on a path: the map shows it as given.
    community = pd.DataFrame({"community": [0, 0, 0, 0, 1, 1]}, index=list("abcdef"))
    page = map_module.network_map(G, community, seed=1).html
    data = re.search(r'<script[^>]*id="skane-data"[^>]*>(.*?)</script>', page, re.S).group(1)
    nodes = json.loads(data)["nodes"]
    assert [n["title"].split("\n")[:2] for n in nodes] == [["Community 1", "4 actors"], ["Community 2", "2 actors"]]
