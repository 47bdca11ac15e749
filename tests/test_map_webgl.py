"""Maps of any size (issue 14): the WebGL view above ``WEBGL_ABOVE`` actors, and the
actor's card in the reader's language.

The browser tests open the maps in Debian's headless Chromium (skipped without it,
like tests/browser); WebGL there is software-rendered (SwiftShader).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem import analyze, demo
from skane_ecosystem.columns import MEASURE_COLUMNS
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.render.labels import humanize
from skane_ecosystem.render.layout import GRID_ABOVE, layout
from skane_ecosystem.render.map import AGGREGATE_ABOVE, WEBGL_ABOVE, network_map

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))


def page_data(html: str) -> dict:
    return json.loads(re.search(r'id="skane-data">(.*?)</script>', html, re.S).group(1))


@pytest.fixture(scope="module")
def demo_analysis():
    return analyze(demo(), NO_STABILITY)


# ------------------------------------------------------------ the card in Swedish
@pytest.mark.parametrize("privacy", ["internal", "public"])
def test_swedish_card_names_no_measure_in_english_nor_with_a_decimal_point(demo_analysis, privacy):
    """The bundle's map (drawn from privacy-filtered tables, whose graph carries every
    measure as a node attribute) listed the measures a second time under "Om aktören",
    with raw English names ("Betweenness se") and unformatted numbers ("0.00102...")."""
    data = page_data(demo_analysis.explore(lang="sv", privacy=privacy).html)
    english = {humanize(column) for column in MEASURE_COLUMNS}
    for node in data["nodes"]:
        card = node["card"]
        # The measures moved from a section to the card's lead and its "show all measures".
        tables = [(s["title"], s["rows"]) for s in card["sections"]]
        tables += [("keyFigures", card["keyFigures"]), ("allMeasures", card["allMeasures"])]
        for title, rows in tables:
            for label, value in rows:
                assert label not in english, (node["id"], title, label)
                assert not re.fullmatch(r"-?\d+\.\d+", value), (node["id"], label, value)


def test_card_attributes_that_are_numbers_are_formatted_for_the_language():
    G = nx.Graph()
    G.add_node("a", name="A", sector="academia", founded=1998, size=12.5, listed=True)
    G.add_edge("a", "b")
    card = {n["id"]: n["card"] for n in page_data(network_map(G, lang="sv").html)["nodes"]}["a"]
    attributes = dict(card["sections"][0]["rows"])
    assert attributes["Grundad"] == "1998"  # a year or an id: no thousands separator
    assert attributes["Storlek"] == "12,50"
    assert "ja" in attributes.values()


# ------------------------------------------------------------------- which view
def synthetic_graph(n_actors: int, seed: int = 1) -> nx.Graph:
    """About three ties per actor, five sectors, names that need escaping now and then."""
    G = nx.gnm_random_graph(n_actors, 3 * n_actors // 2, seed=seed)
    graph = nx.Graph(title=f"Synthetic ({n_actors} actors)", synthetic=True)
    sectors = ("public", "business", "academia", "civil_society", "other")
    for node in G:
        name = f"Actor {node}" if node % 97 else f'<img src=x onerror="window.__pwned=1"> {node}'
        graph.add_node(f"a{node:05d}", name=name, sector=sectors[node % 5], municipality=("Lund", "Ystad")[node % 2])
    graph.add_edges_from((f"a{u:05d}", f"a{v:05d}", {"weight": 1.0 + (u + v) % 3}) for u, v in G.edges())
    return graph


def scripts_of(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def test_above_webgl_above_actors_the_map_is_drawn_with_sigma_and_below_with_vis_network():
    small = network_map(synthetic_graph(50))
    large = network_map(synthetic_graph(WEBGL_ABOVE + 1))
    assert page_data(small.html)["renderer"] == "vis" and "vis.Network" in small.html
    assert page_data(large.html)["renderer"] == "webgl"
    assert "vis.Network" not in large.html and "graphology" in large.html and "WebGLRenderingContext" in large.html
    assert large.aggregated is None and large.n_nodes == WEBGL_ABOVE + 1
    assert AGGREGATE_ABOVE >= 10_000  # a 10,000-actor map shows every actor


def test_the_webgl_map_is_self_contained_and_byte_identical_for_the_same_input():
    G = synthetic_graph(120)
    first, second = network_map(G, renderer="webgl", seed=3), network_map(G, renderer="webgl", seed=3)
    assert first.html == second.html
    assert "sourceMappingURL" not in first.html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", first.html)
    # every inline script, and only those, may run
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', first.html).group(1))
    # graphology, sigma, the view, map.js, map_story.js
    assert csp.count("'sha256-") == len(scripts_of(first.html)) == 5
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp


def test_the_webgl_legend_draws_findings_as_rings_and_ties_solid():
    html = network_map(synthetic_graph(60), renderer="webgl", lang="sv").html
    legend = html[html.index('id="legend"') : html.index('id="controls"')]
    assert "<polygon" not in legend and "stroke-dasharray" not in legend
    assert 'stroke-width="5"' not in legend  # undirected ties are drawn one pixel wide
    assert 'id="webgl-note"' in html and "ring" in html[html.index('id="webgl-note"') :][:400]


def test_physics_and_webgl_do_not_go_together():
    with pytest.raises(ValueError, match="renderer='vis'"):
        network_map(synthetic_graph(30), renderer="webgl", physics=True)
    with pytest.raises(ValueError, match="renderer must be one of"):
        network_map(synthetic_graph(30), renderer="canvas")


def test_large_parts_are_laid_out_on_a_grid_the_same_way_every_time():
    G = synthetic_graph(GRID_ABOVE + 200)
    assert layout(G, seed=2) == layout(G, seed=2)
    assert layout(G, seed=2) != layout(G, seed=3)


# ---------------------------------------------------------------- in the browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def chromium(chromium_type):
    """The session's Chromium launcher (tests/conftest.py): one Playwright per process."""
    return chromium_type


class OpenedMap:
    """A saved map open in a fresh headless Chromium, with every request and error recorded."""

    def __init__(self, chromium, path: Path, extra_args=()):
        self.browser = chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
        self.page = self.browser.new_page(viewport={"width": 1280, "height": 800})
        self.requests, self.errors = [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => window.skaneMap !== undefined && window.skaneMap.ready === true")

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def close(self):
        self.browser.close()


@pytest.fixture(scope="module")
def ten_thousand(chromium, tmp_path_factory):
    path = network_map(synthetic_graph(10_000)).save(tmp_path_factory.mktemp("maps") / "ten_thousand.html")
    opened = OpenedMap(chromium, path)
    yield opened
    opened.close()


def test_ten_thousand_actors_open_offline_with_every_actor_drawn(ten_thousand):
    assert ten_thousand.js("() => window.skaneMap.renderer") == "webgl"
    drawn = ten_thousand.js(
        "() => { const g = window.skaneMap.graph; return [g.order, g.size, g.filterNodes((n, a) => a.hidden).length]; }"
    )
    assert drawn[0] == 10_000 and drawn[1] == 15_000 and drawn[2] == 0
    assert [url for url in ten_thousand.requests if not url.startswith("file:")] == []
    assert ten_thousand.errors == []
    assert ten_thousand.js("() => window.__pwned") is None  # the names with <img onerror> ran nothing


def test_search_and_selection_work_in_the_webgl_view(ten_thousand):
    shown = ten_thousand.js(
        "() => { window.skaneMap.setQuery('Actor 1234'); return window.skaneMap.visibleNodeIds(); }"
    )
    assert shown == ["a01234"]
    hidden = ten_thousand.js("() => window.skaneMap.graph.filterNodes((n, a) => a.hidden).length")
    assert hidden == 9_999
    ten_thousand.js("() => { window.skaneMap.setQuery(''); window.skaneMap.select('a01234'); }")
    card = ten_thousand.js("() => document.getElementById('card-body').textContent")
    assert "Actor 1234" in card
    partners = ten_thousand.js(
        "() => window.skaneMap.graph.neighbors('a01234').filter("
        "n => window.skaneMap.graph.getNodeAttribute(n, 'color') !== '#E4E4E4').length"
    )
    assert partners == ten_thousand.js("() => window.skaneMap.graph.degree('a01234')")
    ten_thousand.js("() => window.skaneMap.clearSelection()")
    assert ten_thousand.errors == []


def test_without_webgl_the_map_says_so_and_the_panel_still_works(chromium, tmp_path):
    path = network_map(synthetic_graph(80), renderer="webgl", lang="sv").save(tmp_path / "no_webgl.html")
    opened = OpenedMap(chromium, path, extra_args=["--disable-webgl", "--disable-3d-apis"])
    try:
        assert "kräver WebGL" in opened.js("() => document.getElementById('map').textContent")
        assert opened.js(
            "() => { window.skaneMap.setQuery('Actor 12'); return window.skaneMap.visibleNodeIds(); }"
        ) == ["a00012"]
    finally:
        opened.close()


def test_the_findings_panel_lists_at_most_25_of_a_kind_and_counts_the_rest(chromium, tmp_path):
    """At register scale one rule flags tens of thousands of actors ("peripheral: one tie");
    before, the panel listed every one of them."""
    G = synthetic_graph(80)
    flags = pd.DataFrame(
        {
            "subject": sorted(G.nodes)[:60],
            "level": "actor",
            "kind": "impediment",
            "code": "peripheral",
            "severity": [float(i) for i in range(60)],
        }
    )
    path = network_map(G, flags=flags, lang="sv").save(tmp_path / "many_findings.html")
    opened = OpenedMap(chromium, path)
    try:
        assert opened.js("() => document.querySelectorAll('#flag-list .flag').length") == 25
        more = opened.js("() => document.querySelector('#flag-list .more-findings').textContent")
        assert more.startswith("Ytterligare 35 fynd av typen")
        assert opened.errors == []
    finally:
        opened.close()


# -------------------------------------------------------------- aggregated views
def test_a_register_scale_map_can_be_aggregated_by_municipality():
    G = synthetic_graph(60)
    for node in sorted(G)[:3]:
        del G.nodes[node]["municipality"]
    m = network_map(G, aggregate="municipality", lang="sv", privacy="public")
    data = page_data(m.html)
    assert m.aggregated == "municipality"
    assert sorted(n["label"] for n in data["nodes"]) == ["(ingen kommun angiven)", "Lund", "Ystad"]
    members = {n["label"]: dict(n["card"]["sections"][0]["rows"])["Aktörer"] for n in data["nodes"]}
    assert members["(ingen kommun angiven)"] == "färre än 5"  # a public map states no count below 5
    assert "3 kommuner" in m.html and "sammanlagt 60 aktörer" in m.html


def test_a_group_of_the_aggregated_map_opens_into_its_actors_and_back(chromium, tmp_path):
    G = synthetic_graph(400)
    flags = pd.DataFrame({"subject": ["a00008"], "level": "actor", "kind": "facilitator", "code": "broker"})
    m = network_map(G, flags=flags, aggregate="municipality", lang="sv")
    groups = page_data(m.html)["groups"]
    assert sorted(groups) == ["municipality:Lund", "municipality:Ystad"]
    assert sorted(n["id"] for level in groups.values() for n in level["nodes"]) == sorted(G)
    lund = {n["id"]: n for n in groups["municipality:Lund"]["nodes"]}
    assert lund["a00008"]["flagKinds"] == ["facilitator"] and lund["a00008"]["flags"] == [0]
    inside = sum(1 for u, v in G.edges() if G.nodes[u]["municipality"] == G.nodes[v]["municipality"])
    assert sum(len(level["edges"]) for level in groups.values()) == inside
    legend = m.html[m.html.index('id="legend"') : m.html.index('id="controls"')]
    for sector in ("Offentlig sektor", "Näringsliv", "Akademi", "Civilsamhälle", "Övrigt"):
        assert sector in legend  # the drilled-down actors' colours are explained too

    opened = OpenedMap(chromium, m.save(tmp_path / "groups.html"))
    try:
        opened.js("() => window.skaneMap.select('municipality:Lund')")
        opened.page.click("button.drill-show")
        assert opened.js("() => [window.skaneMap.renderer, window.skaneMap.graph.order]") == ["webgl", 200]
        assert (
            opened.js(
                "() => { window.skaneMap.select('a00008'); return document.getElementById('card-body').textContent; }"
            ).count("Actor 8")
            == 1
        )
        opened.page.click("button.drill-back")
        assert opened.js("() => [window.skaneMap.renderer, window.skaneMap.nodes.length]") == ["vis", 2]
        assert [url for url in opened.requests if not url.startswith("file:")] == []
        assert opened.errors == []
    finally:
        opened.close()
