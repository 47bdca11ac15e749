"""One 20,000-character name in a real Chromium: the map keeps its scale (issue 11).

vis-network fits the view around every label; drawn whole, one giant name shrank
the whole network to a dot.  The name is shortened on the map and shown whole,
wrapped, on the actor's card, and the search still finds any part of it.
"""

from __future__ import annotations

import pytest
from map_examples import example_ecosystem

from skane_ecosystem.render.map import network_map

pytestmark = pytest.mark.browser

#: About 21,000 characters; its last word lies far beyond the shortened label.
LONG_NAME = "Stiftelsen " + "mycket " * 3000 + "Slutord"


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    plain = example_ecosystem().graph(wave=None)
    long = plain.copy()
    long.nodes["a04"]["name"] = LONG_NAME
    return {
        "plain": network_map(plain).save(folder / "plain.html"),
        "long": network_map(long).save(folder / "long.html"),
    }


def fitted_scale(page) -> float:
    return page.js("""() => {
        window.skaneMap.network.fit({animation: false});
        return window.skaneMap.network.getScale();
    }""")


def test_one_giant_name_keeps_the_map_at_its_scale(open_map, maps):
    plain = fitted_scale(open_map(maps["plain"]))
    page = open_map(maps["long"])

    assert fitted_scale(page) > 0.8 * plain
    assert page.console_errors == []


def test_the_card_shows_the_whole_name_wrapped_and_search_finds_its_end(open_map, maps):
    page = open_map(maps["long"])
    page.js("() => window.skaneMap.setQuery('slutord')")
    assert page.js("() => window.skaneMap.visibleNodeIds()") == ["a04"]

    assert page.js("() => window.skaneMap.select('a04')")
    heading = page.js("() => document.querySelector('#card-body h3').textContent")
    assert heading == LONG_NAME
    overflow = page.js("""() => {
        const panel = document.getElementById('panel');
        return panel.scrollWidth - panel.clientWidth;
    }""")
    assert overflow <= 0


def test_the_report_wraps_a_giant_name_within_the_page(browser, tmp_path):
    import skane_ecosystem as ske
    from skane_ecosystem.config import StabilityConfig
    from skane_ecosystem.render.bundle import write_bundle

    eco = example_ecosystem()
    eco.actors.loc["a04", "name"] = LONG_NAME.replace(" ", "")  # one unbroken word
    analysis = ske.analyze(eco, ske.AnalysisConfig(stability=StabilityConfig(enabled=False)))
    write_bundle(analysis, tmp_path, figures=False, map_html=False)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto((tmp_path / "report.html").resolve().as_uri())
        width, viewport = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert LONG_NAME.replace(" ", "") in page.content()
    finally:
        page.close()
    assert width <= viewport
