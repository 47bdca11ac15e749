"""The change map in a real headless Chromium: known ties and actors styled, hostile names inert, offline."""

from __future__ import annotations

import pytest
from map_examples import XSS_IMG, XSS_SCRIPT, example_ecosystem

from skane_ecosystem import AnalysisConfig, Ecosystem
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.render.map_change import change_map
from skane_ecosystem.render.palette import CHANGE_ACTOR_MARKERS, CHANGE_TIE_STYLES
from skane_ecosystem.scenarios import compare

pytestmark = pytest.mark.browser

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))
JOINED, LEFT = "a03", "a05"  # named XSS_IMG and XSS_SCRIPT


@pytest.fixture(scope="module")
def change(tmp_path_factory):
    """The example's two waves, rearranged so that the two hostile names are the
    organisation that joined (every tie in 2024) and the one that left (2023 only)."""
    eco = example_ecosystem(xss=True)
    ties = eco.ties.copy()

    def touches(actor):
        return (ties["source"] == actor) | (ties["target"] == actor)

    ties.loc[touches(JOINED), "wave"] = "2024"
    ties.loc[touches(LEFT) & ~touches(JOINED), "wave"] = "2023"
    comparison = compare(Ecosystem(eco.actors, ties, meta=eco.meta), "2023", "2024", NO_STABILITY)
    assert JOINED in comparison.actors_entering and LEFT in comparison.actors_leaving
    folder = tmp_path_factory.mktemp("change")
    return {
        "comparison": comparison,
        "internal": change_map(comparison).save(folder / "change_map.html"),
        "public_sv": change_map(comparison, lang="sv", privacy="public").save(folder / "offentlig.html"),
    }


def vis_edge(page, u: str, v: str) -> dict:
    return page.js(
        """([u, v]) => window.skaneMap.edges.get().find(
            (e) => (e.from === u && e.to === v) || (e.from === v && e.to === u))""",
        [u, v],
    )


def assert_offline_and_clean(page, path):
    assert page.requests == [path.resolve().as_uri()]
    assert page.console_errors == [] and page.dialogs == []
    assert page.js("() => typeof window.__pwned") == "undefined"
    assert page.page.locator("img").count() == 0


def test_a_known_new_and_a_known_lost_tie_are_drawn_in_their_styles(open_map, change):
    page = open_map(change["internal"])
    comparison = change["comparison"]
    gained, lost = comparison.ties_gained.iloc[0], comparison.ties_lost.iloc[0]
    for row, status in ((gained, "new"), (lost, "lost")):
        edge = vis_edge(page, row["source"], row["target"])
        assert edge["color"]["color"] == CHANGE_TIE_STYLES[status]["color"]
        assert edge["dashes"] == CHANGE_TIE_STYLES[status]["dashes"]
    legend = page.page.inner_text("#legend")
    assert "New tie (in 2024 only)" in legend and "Ended tie (in 2023 only)" in legend
    assert_offline_and_clean(page, change["internal"])


def test_actors_that_joined_and_left_are_outlined_and_say_so_on_their_cards(open_map, change):
    page = open_map(change["internal"])
    joined = page.js("(id) => window.skaneMap.nodes.get(id)", JOINED)
    left = page.js("(id) => window.skaneMap.nodes.get(id)", LEFT)
    assert joined["borderWidth"] == CHANGE_ACTOR_MARKERS["new"]["border_width"]
    assert joined["color"]["border"] == CHANGE_ACTOR_MARKERS["new"]["border"]
    assert left["color"]["background"] == CHANGE_ACTOR_MARKERS["gone"]["fill"]
    for actor, name, said in ((JOINED, XSS_IMG, "Joined the network"), (LEFT, XSS_SCRIPT, "Left the network")):
        page.js("(id) => window.skaneMap.select(id)", actor)
        assert page.page.inner_text("#card-body h3") == name
        assert said in page.page.inner_text("#card-body")
    assert "Organisations between the waves (outline)" in page.page.inner_text("#legend")
    assert_offline_and_clean(page, change["internal"])


def test_findings_that_appeared_and_no_longer_hold_are_listed(open_map, change):
    page = open_map(change["internal"])
    headings = page.page.locator("#flag-list .what").all_inner_texts()
    assert any("new in 2024" in h for h in headings)
    assert any("no longer holds in 2024" in h for h in headings)
    assert "appeared and" in page.page.inner_text("#aggregate-note")


def test_public_swedish_change_map_states_no_small_count(open_map, change):
    page = open_map(change["public_sv"])
    note = page.page.inner_text("#aggregate-note")
    assert "färre än 5 organisationer kom in i nätverket" in note
    assert "Nytt band (bara 2024)" in page.page.inner_text("#legend")
    assert_offline_and_clean(page, change["public_sv"])
