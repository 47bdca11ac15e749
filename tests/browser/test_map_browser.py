"""The saved map in a real headless Chromium: opened from file://, offline, clicked and searched."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from map_examples import XSS_IMG, XSS_SCRIPT, example_ecosystem, example_flags

from skane_ecosystem.render.map import network_map
from skane_ecosystem.render.palette import DIMMED_COLOR

pytestmark = pytest.mark.browser

REMOVAL = {"a07": {"cut_off": 3, "fragmentation_gain": 0.12}}


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    """The example ecosystem saved as maps: plain, with hostile names, in Swedish, aggregated."""
    folder = tmp_path_factory.mktemp("maps")
    eco = example_ecosystem()
    hostile = example_ecosystem(xss=True)
    graph = eco.graph(wave=None)
    return {
        "graph": graph,
        "plain": network_map(graph, flags=example_flags(), removal=REMOVAL, source="synthetic example").save(
            folder / "plain.html"
        ),
        "hostile": network_map(hostile.graph(wave=None), flags=example_flags(), title=XSS_IMG).save(
            folder / "hostile.html"
        ),
        "swedish": network_map(graph, flags=example_flags(), lang="sv").save(folder / "swedish.html"),
        "sectors": network_map(graph, aggregate="sector").save(folder / "sectors.html"),
    }


def names_of(graph) -> dict:
    return {node: data["name"] for node, data in graph.nodes(data=True)}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def painted_share(page) -> float:
    """The share of canvas pixels the network painted (the canvas is transparent)."""
    painted, total = page.js("""() => {
        const canvas = document.querySelector('#map canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
        return [painted, canvas.width * canvas.height];
    }""")
    return painted / total


def assert_offline_and_clean(page, map_path: Path):
    assert page.console_errors == []
    assert page.dialogs == []
    assert page.requests and all(url.startswith(("file:", "data:")) for url in page.requests), page.requests
    assert page.requests[0] == map_path.resolve().as_uri()


def zoom_to(page, node_id: str):
    page.js("(id) => window.skaneMap.network.focus(id, {scale: 2.0, animation: false})", node_id)
    page.page.wait_for_timeout(50)  # one animation frame to redraw at the new scale


def visible(page) -> list[str]:
    return page.js("() => window.skaneMap.visibleNodeIds()")


# ---------------------------------------------------------------- tests
def test_map_opens_offline_and_draws_every_actor(open_map, maps):
    page = open_map(maps["plain"])
    assert page.js("() => window.skaneMap.nodes.length") == maps["graph"].number_of_nodes()
    assert page.js("() => window.skaneMap.edges.length") == maps["graph"].number_of_edges()
    assert painted_share(page) > 0.02
    assert page.page.inner_text("#status") == "Showing 36 of 36 actors"
    names = names_of(maps["graph"])
    tie = page.js("() => window.skaneMap.edges.get().find(e => e.from === 'a00' && e.to === 'a01').title")
    assert tie.split("\n") == [
        f"{names['a00']} \u2014 {names['a01']}",
        "Relations: Collaboration, Funding",
        "Strength: 3",
        "Survey waves: 2024",
        "Reported by one side only",
    ]
    assert page.page.is_visible("#synthetic-label")
    assert page.page.is_visible("#legend")
    assert_offline_and_clean(page, maps["plain"])


def test_search_narrows_the_map_to_matching_names(open_map, maps):
    page = open_map(maps["plain"])
    expected = sorted(n for n, name in names_of(maps["graph"]).items() if "foretag" in fold(name))
    page.page.fill("#search", "Företag")
    assert visible(page) == expected
    page.page.fill("#search", "foretag")  # without the å, as people type on foreign keyboards
    assert visible(page) == expected
    assert page.page.inner_text("#status") == f"Showing {len(expected)} of 36 actors"
    results = page.page.locator("#search-results button").all_inner_texts()
    assert sorted(results) == sorted(names_of(maps["graph"])[n] for n in expected)
    page.page.fill("#search", "")
    assert len(visible(page)) == 36
    assert_offline_and_clean(page, maps["plain"])


def test_filters_change_what_is_visible(open_map, maps):
    page = open_map(maps["plain"])
    G = maps["graph"]
    page.page.uncheck('input[name="sector"][value="public"]')
    assert visible(page) == sorted(n for n, d in G.nodes(data=True) if d["sector"] != "public")
    page.page.click("#reset-filters")

    page.page.uncheck('input[name="relation"][value="funding"]')
    page.page.uncheck('input[name="relation"][value="advice"]')
    shown_edges = page.js("() => window.skaneMap.visibleEdgeIds().length")
    assert shown_edges == sum("collaboration" in d["relations"] for _, _, d in G.edges(data=True))
    page.page.click("#reset-filters")

    page.page.select_option("#flag-filter", "kind:impediment")
    assert visible(page) == ["a07", "a12"]
    page.page.select_option("#flag-filter", "code:hub")
    assert visible(page) == ["a00"]
    page.page.click("#reset-filters")

    page.page.uncheck('input[name="municipality"][value="Lund"]')
    assert visible(page) == sorted(n for n, d in G.nodes(data=True) if d["municipality"] != "Lund")
    page.page.click("#reset-filters")
    assert len(visible(page)) == 36
    assert_offline_and_clean(page, maps["plain"])


def test_clicking_an_actor_opens_its_card_and_highlights_its_partners(open_map, maps):
    page = open_map(maps["plain"])
    G = maps["graph"]
    zoom_to(page, "a07")
    page.page.mouse.click(*page.node_point("a07"))
    assert page.page.inner_text("#card-body h3") == names_of(G)["a07"]
    card = page.page.inner_text("#card-body")
    # The removal's figures lead the card as a sentence (the table is behind "show all measures").
    assert "If it left, 3 actor(s) would be cut off from the rest, and fragmentation would grow by 0.120." in card
    assert "If it left, 3 actors would be cut off." in card
    assert "Facilitator: Broker" in card and "Impediment: Single point of failure" in card

    partners = set(G.neighbors("a07"))
    colors = page.js("() => Object.fromEntries(window.skaneMap.nodes.get().map(n => [n.id, n.color.background]))")
    assert {n for n, c in colors.items() if c == DIMMED_COLOR} == set(G.nodes) - partners - {"a07"}

    # A click on empty canvas clears the selection again.
    box = page.page.locator("#map").bounding_box()
    page.js("() => window.skaneMap.network.moveTo({position: {x: 1e5, y: 1e5}, scale: 1, animation: false})")
    page.page.mouse.click(box["x"] + 20, box["y"] + 20)
    assert page.page.inner_text("#card-body").startswith("Click an actor")
    assert_offline_and_clean(page, maps["plain"])


def test_hostile_names_are_shown_as_text_and_run_nothing(open_map, maps):
    page = open_map(maps["hostile"])
    for node_id, name in (("a03", XSS_IMG), ("a05", XSS_SCRIPT)):
        zoom_to(page, node_id)
        x, y = page.node_point(node_id)
        page.page.mouse.move(x, y)
        # vis-network keeps the last tooltip up until the hover delay has passed: wait
        # for this node's, rather than reading whichever tooltip is showing.
        page.page.wait_for_function(
            "(name) => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.offsetParent !== null && t.innerText.split('\\n')[0] === name; }",
            arg=name,
        )
        page.page.mouse.click(x, y)
        assert page.page.inner_text("#card-body h3") == name
        page.page.fill("#search", name[:12])
        assert name in page.page.locator("#search-results button").all_inner_texts()
        page.page.locator("#search-results button", has_text=name[:12]).first.click()
        page.page.fill("#search", "")
    assert page.page.inner_text("#map-title") == XSS_IMG
    assert page.js("() => typeof window.__pwned") == "undefined"
    assert page.page.locator("img").count() == 0
    assert_offline_and_clean(page, maps["hostile"])
    assert page.requests == [maps["hostile"].resolve().as_uri()]


def test_swedish_and_aggregated_maps_open_cleanly(open_map, maps):
    swedish = open_map(maps["swedish"])
    assert swedish.page.inner_text("#status") == "Visar 36 av 36 aktörer"
    assert swedish.page.inner_text("#legend summary") == "Teckenförklaring"
    assert_offline_and_clean(swedish, maps["swedish"])
    sectors = open_map(maps["sectors"])
    assert sectors.js("() => window.skaneMap.nodes.length") == 5
    assert painted_share(sectors) > 0.01
    assert sectors.page.is_visible("#aggregate-note")
    assert_offline_and_clean(sectors, maps["sectors"])


def test_notebook_display_draws_inside_its_iframe(browser, tmp_path):
    """What Jupyter shows: the map in a sandboxed srcdoc iframe inside another page."""
    G = example_ecosystem().graph(wave=None)
    notebook = tmp_path / "notebook.html"
    notebook.write_text(
        "<!DOCTYPE html><html><body><h1>Notebook</h1>" + network_map(G)._repr_html_() + "</body></html>",
        encoding="utf-8",
    )
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(notebook.as_uri())
        frame = next(f for f in page.frames if f is not page.main_frame)
        frame.wait_for_function("() => window.skaneMap !== undefined && window.skaneMap.ready === true", timeout=20_000)
        assert frame.evaluate("() => window.skaneMap.nodes.length") == G.number_of_nodes()
        assert frame.inner_text("#status") == "Showing 36 of 36 actors"
        assert errors == []
        assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
    finally:
        page.close()


def test_a_screenshot_shows_the_map_with_a_card_open(open_map, maps, tmp_path):
    """The page renders to a non-trivial image with one actor's card open (the README's
    screenshot of the demo map is taken in test_demo_in_browser.py)."""
    page = open_map(maps["plain"], viewport=(1400, 860))
    page.page.click("#controls summary")  # fold the filters away so legend and card both show
    page.page.mouse.click(*page.node_point("a07"))
    box = page.page.locator("#map").bounding_box()
    page.page.mouse.move(box["x"] + 3, box["y"] + 3)  # off the actor, so its tooltip closes
    page.js("() => window.skaneMap.network.fit({animation: false})")
    page.page.wait_for_timeout(100)
    shot = tmp_path / "map.png"
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert_offline_and_clean(page, maps["plain"])
