"""The change between two waves drawn as a map: one layout, ties and actors styled by what became of them."""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from skane_ecosystem import AnalysisConfig, Ecosystem
from skane_ecosystem.cli import app
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.render.map_change import change_map
from skane_ecosystem.render.palette import CHANGE_ACTOR_MARKERS, CHANGE_TIE_STYLES
from skane_ecosystem.scenarios import compare

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))

#: 2019: a-b, b-c, c-e.  2022: a-b, c-d.  So a-b is kept, c-d new, b-c and c-e lost;
#: d joined (ties in 2022 only), e left (ties in 2019 only).
TIES = (("a", "b", "2019"), ("b", "c", "2019"), ("c", "e", "2019"), ("a", "b", "2022"), ("c", "d", "2022"))
XSS_NAME = '<img src=x onerror="window.__pwned=1">'


def two_waves(names=None) -> Ecosystem:
    ids = ["a", "b", "c", "d", "e"]
    names = names or {}
    actors = pd.DataFrame(
        {
            "id": ids,
            "name": [names.get(i, f"Org {i.upper()}") for i in ids],
            "sector": ["public", "business", "academia", "civil_society", "business"],
            "type": "",
            "municipality": "Lund",
            "respondent": True,
        }
    ).set_index("id")
    ties = pd.DataFrame(
        [
            {"source": s, "target": t, "relation": "collaboration", "weight": 2.0, "wave": w, "reported_by": s}
            for s, t, w in TIES
        ]
    )
    return Ecosystem(actors, ties, meta={"title": "Two waves"})


@pytest.fixture(scope="module")
def comparison():
    return compare(two_waves(), "2019", "2022", NO_STABILITY)


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="skane-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def edge_of(data: dict, u: str, v: str) -> dict:
    return next(e for e in data["edges"] if {e["from"], e["to"]} == {u, v})


def node_of(data: dict, actor: str) -> dict:
    return next(n for n in data["nodes"] if n["id"] == actor)


def test_the_union_graph_holds_both_waves_ties_once(comparison):
    union = comparison.union_graph()
    assert sorted(tuple(sorted(e)) for e in union.edges()) == [("a", "b"), ("b", "c"), ("c", "d"), ("c", "e")]
    assert union.edges["a", "b"]["waves"] == ["2019", "2022"]
    assert union.edges["c", "d"]["waves"] == ["2022"]
    assert union.edges["b", "c"]["waves"] == ["2019"]
    analysis = comparison.change_analysis()
    assert analysis.comparison is comparison and analysis.graph.number_of_edges() == 4


def test_new_lost_and_kept_ties_are_styled_apart(comparison):
    data = page_data(change_map(comparison).html)
    for (u, v), status in {("c", "d"): "new", ("b", "c"): "lost", ("c", "e"): "lost", ("a", "b"): "kept"}.items():
        edge = edge_of(data, u, v)
        assert (edge["color"], edge["dashes"]) == (
            CHANGE_TIE_STYLES[status]["color"],
            CHANGE_TIE_STYLES[status]["dashes"],
        )
    assert CHANGE_TIE_STYLES["lost"]["dashes"] and not CHANGE_TIE_STYLES["new"]["dashes"]


def test_actors_that_joined_and_left_are_marked_and_explained(comparison):
    page = change_map(comparison)
    data = page_data(page.html)
    joined, left, kept = node_of(data, "d"), node_of(data, "e"), node_of(data, "a")
    assert joined["color"]["border"] == CHANGE_ACTOR_MARKERS["new"]["border"]
    assert joined["borderWidth"] == CHANGE_ACTOR_MARKERS["new"]["border_width"]
    assert left["color"]["background"] == CHANGE_ACTOR_MARKERS["gone"]["fill"]
    assert left["color"]["border"] == CHANGE_ACTOR_MARKERS["gone"]["border"]
    assert kept["borderWidth"] == 1
    assert joined["title"].endswith("Joined the network") and left["title"].endswith("Left the network")
    assert joined["card"]["sections"][0]["rows"] == [["From 2019 to 2022", "Joined the network"]]
    for legend_text in ("New tie (in 2022 only)", "Ended tie (in 2019 only)", "Joined: ties in 2022, none in 2019"):
        assert legend_text in page.html
    assert "Organisations between the waves (outline)" in page.html
    assert "Findings (shape and outline)" not in page.html


def test_the_counts_line_states_the_change_and_no_small_count_in_public(comparison):
    internal = page_data_note(change_map(comparison).html)
    assert "1 ties appeared and 2 ties ended; 1 organisations joined the network and 1 left it" in internal
    public = page_data_note(change_map(comparison, privacy="public").html)
    assert "fewer than 5 ties appeared" in public and re.search(r"\b[1-4] (ties|organisations)\b", public) is None
    swedish = page_data_note(change_map(comparison, lang="sv", privacy="public").html)
    assert "färre än 5 band" in swedish


def page_data_note(html: str) -> str:
    return re.search(r'<p class="note" id="aggregate-note">(.*?)</p>', html, re.S).group(1)


def test_pseudonymised_change_map_names_no_organisation(comparison):
    html = change_map(comparison, privacy="public", pseudonymize_actors=True).html
    assert "Org D" not in html and "Org E" not in html
    data = page_data(html)
    assert {n["card"]["heading"] for n in data["nodes"]} == {f"Actor {k}" for k in range(1, 6)}
    assert {n["borderWidth"] for n in data["nodes"]} == {1, 3, 4}  # joined and left still marked


def test_public_change_map_carries_no_tie_strength(comparison):
    data = page_data(change_map(comparison, privacy="public").html)
    assert {e["weight"] for e in data["edges"]} == {None}  # weights are never published: none is named
    assert page_data(change_map(comparison).html)["edges"][0]["weight"] == "2"


def test_findings_that_appeared_and_vanished_are_listed_tentative_ones_not_as_facts(comparison):
    after, before = comparison.after.flags, comparison.before.flags
    assert len(after) and len(before), "the two waves should have findings to compare"
    appeared = after.head(2).assign(tentative=[False, True])  # a's "peripheral" firm, b's tentative
    changed = dataclasses.replace(comparison, flags_appeared=appeared, flags_vanished=before.head(1))
    flags = page_data(change_map(changed).html)["flags"]
    assert len(flags) == 3
    kinds = [f["kindLabel"] for f in flags]
    assert sum(k.endswith("new in 2022") for k in kinds) == 2
    assert sum(k.endswith("no longer holds in 2022") for k in kinds) == 1
    tentative = [f for f in flags if f["tentative"]]
    assert len(tentative) == 1 and tentative[0]["kindLabel"].endswith("new in 2022")
    # each actor's card lists its changed findings; only firm ones count for the finding filter
    nodes = page_data(change_map(changed).html)["nodes"]
    carded = {i for n in nodes for i in n["flags"]}
    assert carded == {i for i, f in enumerate(flags) if f["level"] == "actor"}
    codes = {n["id"]: n["flagCodes"] for n in nodes}
    assert codes["a"] == ["peripheral"]  # firm, appeared
    assert codes["b"] == ["broker"]  # its "peripheral" appeared tentatively: on its card, not in the filter
    assert len(node_of({"nodes": nodes}, "b")["flags"]) == 2


def test_hostile_names_are_data_never_markup():
    eco = two_waves({"d": XSS_NAME, "e": '"><script>window.__pwned=1</script>'})
    html = compare(eco, "2019", "2022", NO_STABILITY).explore().html
    assert "<img" not in html and "<script>window.__pwned" not in html
    assert XSS_NAME in {n["card"]["heading"] for n in page_data(html)["nodes"]}


def test_same_input_gives_the_same_bytes(comparison):
    first = change_map(comparison, lang="sv").html
    again = change_map(compare(two_waves(), "2019", "2022", NO_STABILITY), lang="sv").html
    assert first == again
    assert "default-src &#39;none&#39;" in first and "connect-src &#39;none&#39;" in first


def test_one_layout_for_both_waves_follows_pos(comparison):
    pos = {actor: (float(i) * 100, 0.0) for i, actor in enumerate("abcde")}
    data = page_data(change_map(comparison, pos=pos).html)
    xs = [n["x"] for n in data["nodes"]]  # scaled to the map's size, in the order given
    assert [n["id"] for n in data["nodes"]] == list("abcde") and xs == sorted(xs) and len(set(xs)) == 5
    assert len({n["y"] for n in data["nodes"]}) == 1


def test_explore_never_saves_over_the_survey(tmp_path):
    from skane_ecosystem import load
    from skane_ecosystem.atomic import OutputRefusedError

    survey = survey_folder(tmp_path / "survey")
    ties = (survey / "ties.csv").read_bytes()
    page = compare(load(survey), "2019", "2022", NO_STABILITY).explore()
    link = survey / "ties.html"  # the suffix save() asks for, on the survey's own file
    link.symlink_to(survey / "ties.csv")
    with pytest.raises(OutputRefusedError):
        page.save(link)
    assert (survey / "ties.csv").read_bytes() == ties


def test_change_map_refuses_what_is_not_a_comparison(comparison):
    with pytest.raises(TypeError, match="needs a Comparison"):
        change_map(comparison.after)


# ------------------------------------------------------------------------ CLI
def survey_folder(path):
    """The two waves as a CSV survey folder (actors.csv, ties.csv)."""
    eco = two_waves()
    path.mkdir()
    eco.actors.reset_index().to_csv(path / "actors.csv", index=False)
    eco.ties.to_csv(path / "ties.csv", index=False)
    return path


def test_cli_compare_writes_the_change_map_beside_the_tables(tmp_path):
    survey = survey_folder(tmp_path / "survey")
    out = tmp_path / "change"
    result = CliRunner().invoke(
        app, ["compare", str(survey), "--from", "2019", "--to", "2022", "--out", str(out), "--privacy", "public"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "ties_gained.csv").is_file()
    data = page_data((out / "change_map.html").read_text(encoding="utf-8"))
    assert edge_of(data, "c", "d")["color"] == CHANGE_TIE_STYLES["new"]["color"]


def test_cli_compare_never_writes_over_the_survey(tmp_path):
    survey = survey_folder(tmp_path / "survey")
    before = {p.name: p.read_bytes() for p in survey.iterdir()}
    result = CliRunner().invoke(app, ["compare", str(survey), "--from", "2019", "--to", "2022", "--out", str(survey)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in survey.iterdir()} == before


# --------------------------------------------------------------------- bundle
def test_the_bundle_writes_the_change_map_and_figure_when_the_analysis_has_a_comparison(tmp_path):
    from skane_ecosystem import analyze
    from skane_ecosystem.render.bundle import write_bundle

    eco = two_waves()
    analysis = analyze(eco, NO_STABILITY, wave="2022").compare(analyze(eco, NO_STABILITY, wave="2019"))
    paths = write_bundle(analysis, tmp_path / "bundle", figures="png")
    assert "change_map.html" in paths and "figures/change.png" in paths
    data = page_data(paths["change_map.html"].read_text(encoding="utf-8"))
    assert edge_of(data, "b", "c")["dashes"] == CHANGE_TIE_STYLES["lost"]["dashes"]
    report = paths["report.html"].read_text(encoding="utf-8")
    assert 'href="change_map.html"' in report and "Ties that appeared (black, solid)" in report

    single = write_bundle(analyze(eco, NO_STABILITY, compare_with=None), tmp_path / "single", figures=False)
    assert "change_map.html" not in single


# --------------------------------------------------------------------- figure
def test_the_change_figure_draws_each_wave_with_its_changed_ties(comparison):
    from matplotlib.colors import to_hex

    from skane_ecosystem.privacy import apply_privacy
    from skane_ecosystem.render.change_figure import change_figure
    from skane_ecosystem.render.figures import figure_bytes

    shown = apply_privacy(comparison.change_analysis(), "public")
    fig = change_figure(shown)
    before, after = fig.axes
    colors = [{to_hex(c).upper() for c in ax.collections[0].get_colors()} for ax in (before, after)]
    assert CHANGE_TIE_STYLES["lost"]["color"] in colors[0] and CHANGE_TIE_STYLES["new"]["color"] not in colors[0]
    assert CHANGE_TIE_STYLES["new"]["color"] in colors[1] and CHANGE_TIE_STYLES["lost"]["color"] not in colors[1]
    assert (before.get_title(), after.get_title()) == ("2019", "2022")
    assert {text.get_text() for text in after.texts} == {"Org D", "Org E"}  # the organisations that joined and left
    assert figure_bytes(fig, "svg") == figure_bytes(change_figure(shown), "svg")


def test_a_public_bundle_of_a_small_two_wave_network_states_no_small_count(tmp_path):
    """Every count is below 5 here: the report's sentence on the change says "fewer than 5" for each (it
    stated the lengths of the tables), and the indicator figure, with every value suppressed, is
    left out rather than failing the bundle."""
    from skane_ecosystem import analyze
    from skane_ecosystem.render.bundle import write_bundle

    eco = two_waves()
    analysis = analyze(eco, NO_STABILITY, wave="2022").compare(analyze(eco, NO_STABILITY, wave="2019"))
    paths = write_bundle(analysis, tmp_path / "public", privacy="public", figures="png")
    report = paths["report.html"].read_text(encoding="utf-8")
    sentence = re.search(r"Between the survey waves 2019 and 2022, [^<]*", report).group(0)
    assert re.findall(r"(?<!than )\b\d+ (?:ties|organisations)", sentence) == []
    assert sentence.count("fewer than 5") == 4  # as the change map and the findings word it
    assert "figures/wave_change.png" not in paths
