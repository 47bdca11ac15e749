"""The map's geography view in a real headless Chromium: actors at their municipalities
over Skåne's outline, a toggle between the views, offline and inert to hostile names."""

from __future__ import annotations

import json
import math
import os
import re

import pytest
from map_examples import XSS_IMG, XSS_SCRIPT, example_ecosystem, example_flags

from skane_ecosystem.geography import _inside
from skane_ecosystem.render.map import network_map

pytestmark = pytest.mark.browser

LAND = [242, 240, 235]  # map_geography.js's LAND, #F2F0EB


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("geography")
    eco = example_ecosystem()
    graph = eco.graph(wave=None)
    hostile = example_ecosystem(xss=True).graph(wave=None)
    return {
        "graph": graph,
        "toggle": network_map(graph, flags=example_flags(), lang="sv").save(folder / "toggle.html"),
        "geography": network_map(graph, flags=example_flags(), layout="geography").save(folder / "geography.html"),
        "hostile": network_map(hostile, flags=example_flags(), layout="geography", title=XSS_SCRIPT).save(
            folder / "hostile.html"
        ),
    }


def page_data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="skane-data">(.*?)</script>', html, re.S).group(1))


def canvas_positions(page) -> dict:
    return page.js("() => window.skaneMap.network.getPositions()")


def at(positions: dict, expected: dict) -> bool:
    """Whether every actor is where ``expected`` says (vis-network reports whole pixels)."""
    return all(abs(positions[a]["x"] - x) <= 1 and abs(positions[a]["y"] - y) <= 1 for a, (x, y) in expected.items())


def municipality_of(graph) -> dict:
    return {node: data["municipality"] for node, data in graph.nodes(data=True)}


def assert_offline_and_clean(page, path):
    assert page.console_errors == [] and page.dialogs == []
    assert page.requests == [path.resolve().as_uri()]


def after_next_frame(page) -> None:
    """Return once the browser has drawn a frame after what was just done: vis-network
    redraws in an animation frame, later than a fixed wait on a busy machine."""
    page.js("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def pixel(page, x: float, y: float) -> list[int]:
    """The canvas's colour at canvas coordinates (x, y), as drawn on screen."""
    return page.js(
        """([x, y]) => {
            const net = window.skaneMap.network;
            const dom = net.canvasToDOM({x: x, y: y});
            const canvas = document.querySelector('#map canvas');
            const ratio = canvas.width / canvas.clientWidth;
            const data = canvas.getContext('2d').getImageData(Math.round(dom.x * ratio), Math.round(dom.y * ratio), 1, 1).data;
            return [data[0], data[1], data[2], data[3]];
        }""",
        [x, y],
    )


def emptiest_land(geo) -> tuple[float, float]:
    """A point on land as far as possible from every actor, where only the outline is drawn."""
    outline = [[tuple(p) for p in ring] for ring in geo["outline"]]
    xs, ys = zip(*(p for ring in outline for p in ring))
    actors = list(geo["positions"].values())
    grid = [
        (min(xs) + (max(xs) - min(xs)) * i / 40, min(ys) + (max(ys) - min(ys)) * j / 40)
        for i in range(1, 40)
        for j in range(1, 40)
    ]
    on_land = [p for p in grid if _inside(p, outline)]
    return max(on_land, key=lambda p: min(math.dist(p, a) for a in actors))


# ---------------------------------------------------------------- tests
def test_geography_places_malmos_actors_south_west_of_kristianstads(open_map, maps):
    page = open_map(maps["geography"])
    assert page.js("() => window.skaneMap.geography.mode()") == "geography"
    positions = canvas_positions(page)
    places = municipality_of(maps["graph"])
    malmo = [positions[a] for a, m in places.items() if m == "Malmö"]
    kristianstad = [positions[a] for a, m in places.items() if m == "Kristianstad"]
    assert malmo and kristianstad
    # On the canvas y grows downward: south-west is left (smaller x) and lower (larger y).
    assert max(p["x"] for p in malmo) < min(p["x"] for p in kristianstad)
    assert min(p["y"] for p in malmo) > max(p["y"] for p in kristianstad)
    assert_offline_and_clean(page, maps["geography"])


def test_the_outline_is_drawn_under_the_actors_in_the_geography_view_only(open_map, maps):
    page = open_map(maps["toggle"])
    x, y = emptiest_land(page_data(maps["toggle"])["geography"])
    assert page.js("() => window.skaneMap.geography.mode()") == "network"
    page.page.get_by_role("button", name="Geografi").click()
    after_next_frame(page)
    assert pixel(page, x, y)[:3] == LAND
    assert page.js("() => window.skaneMap.geography.named") == 5  # the example's five municipalities
    page.page.get_by_role("button", name="Nätverk").click()
    after_next_frame(page)
    assert pixel(page, x, y)[:3] != LAND


def test_the_toggle_moves_the_actors_and_back(open_map, maps):
    page = open_map(maps["toggle"])
    toggle = page.page.locator("#view-toggle button")
    assert toggle.all_inner_texts() == ["Nätverk", "Geografi"]
    assert page.page.locator("#view-toggle [aria-pressed=true]").inner_text() == "Nätverk"
    network = canvas_positions(page)
    data = page_data(maps["toggle"])
    assert at(network, {n["id"]: (n["x"], n["y"]) for n in data["nodes"]})
    page.page.get_by_role("button", name="Geografi").click()
    geography = canvas_positions(page)
    assert at(geography, data["geography"]["positions"])
    assert page.page.locator("#view-toggle [aria-pressed=true]").inner_text() == "Geografi"
    page.page.get_by_role("button", name="Nätverk").click()
    assert canvas_positions(page) == network
    # A click still selects the actor under the pointer in the geography view.
    page.page.get_by_role("button", name="Geografi").click()
    actor = data["nodes"][0]["id"]
    page.js("(id) => window.skaneMap.network.focus(id, {scale: 2.0, animation: false})", actor)
    page.page.wait_for_timeout(50)
    x, y = page.node_point(actor)
    page.page.mouse.click(x, y)
    assert page.js("() => window.skaneMap.network.getSelectedNodes()") == [actor]
    assert_offline_and_clean(page, maps["toggle"])


def test_hostile_names_stay_inert_in_the_geography_view(open_map, maps):
    page = open_map(maps["hostile"])
    for actor, name in (("a03", XSS_IMG), ("a05", XSS_SCRIPT)):
        page.js("(id) => window.skaneMap.network.focus(id, {scale: 2.0, animation: false})", actor)
        page.page.wait_for_timeout(50)
        x, y = page.node_point(actor)
        page.page.mouse.click(x, y)
        assert page.page.inner_text("#card-body h3") == name
    assert page.page.inner_text("#map-title") == XSS_SCRIPT
    assert page.page.locator("#view-toggle button").all_inner_texts() == ["Network", "Geography"]
    assert page.js("() => typeof window.__pwned") == "undefined"
    assert page.page.locator("img").count() == 0
    assert_offline_and_clean(page, maps["hostile"])


def test_the_demo_in_the_geography_view_is_photographed(open_map, tmp_path):
    """docs/geography.md's pictures, from the synthetic demo (see test_demo_in_browser.save_screenshot)."""
    import skane_ecosystem as se
    from skane_ecosystem.config import StabilityConfig
    from tests.browser.test_demo_in_browser import DOCS_IMG, save_screenshot

    analysis = se.analyze(se.demo(), se.AnalysisConfig(stability=StabilityConfig(resamples=20)))
    path = analysis.explore(layout="geography", lang="sv").save(tmp_path / "map.html")
    page = open_map(path, viewport=(1400, 860))
    assert page.js("() => window.skaneMap.geography.mode()") == "geography"
    assert save_screenshot(page.page, "map_geography.png", tmp_path).stat().st_size > 50_000
    assert_offline_and_clean(page, path)
    figure = DOCS_IMG / "figure_geography.png"
    if os.environ.get("SKANE_UPDATE_SCREENSHOTS") == "1" or not figure.exists():
        analysis.plot("geography", size_by="betweenness").savefig(figure, dpi=110)


def test_physics_rests_in_the_geography_view(open_map, tmp_path):
    path = network_map(example_ecosystem().graph(wave=None), physics=True).save(tmp_path / "physics.html")
    page = open_map(path)
    page.page.get_by_role("button", name="Geography").click()
    expected = page_data(path)["geography"]["positions"]
    page.page.wait_for_timeout(400)  # long enough for a running simulation to move them
    assert at(canvas_positions(page), expected)
    assert page.js("() => window.skaneMap.network.physics.physicsEnabled") is False
