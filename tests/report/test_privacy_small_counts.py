"""No count below min_cell anywhere in a public output: tables, finding sentences,
their evidence, the data-quality facts, the map and the report.

The survey of test_privacy_allowlist is small: four universities, single points of
failure cutting off one to four actors, a silo with four ties inside and one out, a
missing bridge of one tie, an actor with a single tie.  Its organisation names have
no digits, so any standalone digit 1-4 in a sentence is a count.
"""

import json
import math
import re

import pandas as pd
import pytest

from skane_ecosystem import Ecosystem, analyze, load
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.bundle import write_bundle
from skane_ecosystem.sentences import COUNTED

from .test_privacy_allowlist import CONFIG, workbook  # noqa: F401 (workbook: the survey fixture)

#: A whole number 1-4 standing alone: not part of a decimal ("0,52"), a larger number,
#: a percentage ("4 %") or a name.
SMALL_COUNT = re.compile(r"(?<![\w.,\u00a0-])[1-4](?![\w.,%]|\u00a0%| %)")


@pytest.fixture(scope="module")
def result(workbook):  # noqa: F811 (the fixture imported above)
    return analyze(load(workbook), CONFIG)


def _small_counts_in(texts) -> list[str]:
    return [text for text in texts if SMALL_COUNT.search(text)]


def _numbers(value) -> list:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def test_the_internal_sentences_do_state_small_counts(result):
    # so that the public tests below can fail
    stated = _small_counts_in(result.flags["explanation_sv"])
    assert any("4 aktör(er)" in s for s in stated) and any("har 1 band mellan sig" in s for s in stated)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_public_sentence_states_a_small_count(result, lang):
    shown = apply_privacy(result, "public", lang=lang)
    assert _small_counts_in(shown.flags["explanation"]) == []
    fewer = "färre än 5" if lang == "sv" else "fewer than 5"
    spof = shown.flags[shown.flags["code"] == "single_point_of_failure"]["explanation"]
    assert sum(fewer in text for text in spof) == 4  # cut-offs of 1, 2, 3 and 4 actors
    assert any("9" in text for text in spof)  # counts of min_cell and more are stated


def test_what_is_computed_from_a_small_count_is_not_stated(result):
    shown = apply_privacy(result, "public", lang="en")
    silo = shown.flags[shown.flags["code"] == "sector_silo"].iloc[0]
    # 4 ties inside, 1 out: the E-I index -0.60 would give both counts away
    assert "fewer than 5 ties among themselves and fewer than 5 to other sectors" in silo["explanation"]
    assert "(E-I index not shown)" in silo["explanation"]
    assert "ei_index" not in silo["evidence"] and math.isnan(silo["score"])


def test_public_evidence_holds_no_small_count(result):
    shown = apply_privacy(result, "public")
    for record in shown.flags.to_dict("records"):
        counted = COUNTED.get(record["code"], {})
        for key, value in record["evidence"].items():
            if key in counted:
                assert not [n for n in _numbers(value) if 0 < n < 5], (record["code"], key, value)
    spof = shown.flags[shown.flags["code"] == "single_point_of_failure"]
    assert "<5" in [e["removal_cutoff"] for e in spof["evidence"]]
    assert [e["min_cutoff"] for e in spof["evidence"]][0] == 1  # a setting, not a count


def test_min_cell_sets_the_threshold_in_sentences_too(result):
    shown = apply_privacy(result, "public", min_cell=10, lang="en")
    spof = shown.flags[shown.flags["code"] == "single_point_of_failure"]["explanation"]
    assert all("fewer than 10 actor(s)" in text for text in spof)


def test_the_internal_level_keeps_every_number(result):
    shown = apply_privacy(result, "internal", lang="sv")
    assert list(shown.flags["explanation"]) == list(result.flags["explanation_sv"])
    assert list(shown.flags["evidence"]) == list(result.flags["evidence"])


def test_public_data_quality_facts_hold_no_small_count(result):
    eco = result.ecosystem
    actors = eco.actors.assign(type=["", ""] + list(eco.actors["type"][2:]))  # two types missing
    isolated = eco.ties[(eco.ties["source"] != "X20") & (eco.ties["target"] != "X20")]  # one isolate
    small = analyze(Ecosystem(actors, isolated, meta=eco.meta), CONFIG)
    assert small.network.set_index("indicator").loc["isolates", "value"] == 1
    shown = apply_privacy(small, "public")
    assert shown.quality["missing"]["type"] == "<5" and shown.quality["isolates"] == "<5"
    values = dict(zip(shown.network["indicator"], shown.network["value"]))
    assert values["actors"] == 21 and values["isolates"] == "<5" and values["components"] == 2
    assert apply_privacy(small, "internal").quality["missing"]["type"] == 2


def test_no_public_file_states_a_small_count_in_a_sentence(result, tmp_path):
    write_bundle(result, tmp_path, privacy="public", lang="sv", figures=False)
    flags = pd.read_csv(tmp_path / "flags.csv", encoding="utf-8-sig")
    assert _small_counts_in(flags["explanation"]) == []
    for code, evidence in zip(flags["code"], flags["evidence"]):
        for key, value in json.loads(evidence).items():
            if key in COUNTED.get(code, {}):
                assert not [n for n in _numbers(value) if 0 < n < 5], (code, key, value)
    page = (tmp_path / "report.html").read_text()
    for sentence in ("4 aktör(er)", "3 aktör(er)", "har 1 band mellan sig", "har 4 band sinsemellan"):
        assert sentence not in page and sentence not in (tmp_path / "map.html").read_text()


def test_count_indicators_of_the_wave_comparison_follow_the_rule(analysis):
    # conftest's survey: one isolated organisation in both waves
    internal = apply_privacy(analysis, "internal").waves["indicators"]
    assert internal.set_index("indicator").loc["isolates", ["before", "after"]].tolist() == [1, 1]
    shown = apply_privacy(analysis, "public").waves["indicators"].set_index("indicator")
    assert shown.loc["isolates", ["before", "after", "change"]].tolist() == ["<5", "<5", "<5"]
    assert shown.loc["actors", "before"] == 27


def test_the_key_removals_table_follows_the_findings(result):
    # the table next to the single points of failure must not state the cut-offs they hide
    shown = apply_privacy(result, "public").key_removals.set_index("name")
    assert shown.loc["Civil Society Rho", "removal_cutoff"] == "<5"
    assert math.isnan(shown.loc["Civil Society Rho", "removal_fragmentation_gain"])
    assert shown.loc["Business My", "removal_cutoff"] == 9
    internal = apply_privacy(result, "internal").key_removals.set_index("name")
    assert internal.loc["Civil Society Rho", "removal_cutoff"] == 4


#: Whole numbers in sentences that count something other than actors or ties.
NOT_COUNTS_OF_ACTORS_OR_TIES = {("fragmented", "components")}


def test_every_whole_number_in_a_sentence_is_declared_a_count(result, analysis):
    # a new rule that states a count must list it in sentences.COUNTED, or public
    # sentences would state it exactly
    for flags in (result.flags, analysis.flags):
        for code, params in zip(flags["code"], flags["params"]):
            for key, value in params.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    assert key in COUNTED.get(code, {}) or (code, key) in NOT_COUNTS_OF_ACTORS_OR_TIES, (code, key)
