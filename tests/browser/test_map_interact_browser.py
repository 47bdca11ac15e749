"""The map's interaction in a real headless Chromium: what a click or a tap selects,
the phone layout, the keyboard and table view, and filters and search.

The demo's map is the test bed for the hit test: its largest hubs overlap their
neighbours, which is where a click used to select the wrong organisation.
"""

from __future__ import annotations

import pytest
from map_examples import XSS_IMG, XSS_SCRIPT, example_ecosystem, example_flags

import skane_ecosystem as se
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.render.map import network_map
from skane_ecosystem.sectors import SECTOR_LABELS

pytestmark = pytest.mark.browser

PHONE = (390, 844)
BIGGEST_HUB = "A001"  # the demo's largest actor; its centre lies inside a neighbour's star


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    analysis = se.analyze(se.demo(), se.AnalysisConfig(stability=StabilityConfig(resamples=20)))
    return analysis.explore().save(tmp_path_factory.mktemp("demo") / "map.html")


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    """The example ecosystem (two waves, three relations) as maps, plain and hostile."""
    folder = tmp_path_factory.mktemp("interact")
    graph = example_ecosystem().graph(wave=None)
    hostile = example_ecosystem(xss=True).graph(wave=None)
    return {
        "graph": graph,
        "plain": network_map(graph, flags=example_flags()).save(folder / "plain.html"),
        "swedish": network_map(graph, flags=example_flags(), lang="sv").save(folder / "swedish.html"),
        "hostile": network_map(hostile, flags=example_flags()).save(folder / "hostile.html"),
    }


# ------------------------------------------------------------------ helpers
def centres_on_screen(page, margin: float = 12) -> dict[str, tuple[float, float]]:
    """Every visible actor's centre in page coordinates, if it lies inside the map."""
    return page.js(
        """(margin) => {
            const net = window.skaneMap.network;
            const box = document.getElementById('map').getBoundingClientRect();
            const out = {};
            net.body.nodeIndices.forEach(id => {
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const x = p.x + box.left, y = p.y + box.top;
                if (x > box.left + margin && x < box.right - margin &&
                    y > box.top + margin && y < box.bottom - margin) { out[id] = [x, y]; }
            });
            return out;
        }""",
        margin,
    )


def selected(page):
    return page.js("() => { const s = window.skaneMap.network.getSelectedNodes(); return s.length ? s[0] : null; }")


def card_heading(page) -> str | None:
    return page.js("() => { const h = document.querySelector('#card-body h3'); return h ? h.textContent : null; }")


def names(page) -> dict[str, str]:
    return page.js("() => Object.fromEntries(window.skaneMap.nodes.get().map(n => [n.id, n.label]))")


def tooltip_first_line(page) -> str | None:
    return page.js(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.offsetParent !== null ? t.innerText.split('\\n')[0] : null; }"
    )


def zoom(page, scale: float | None):
    """Fit the network (scale None) or zoom around its centre to ``scale``."""
    if scale is None:
        page.js("() => window.skaneMap.network.fit({animation: false})")
    else:
        page.js("(s) => window.skaneMap.network.moveTo({scale: s, animation: false})", scale)
    page.page.wait_for_timeout(50)


def misses_when_pointing_at_centres(page, press) -> list[tuple[str, str | None]]:
    """(actor, what got selected) for every actor whose centre, pressed, selects another."""
    misses = []
    for actor, (x, y) in sorted(centres_on_screen(page).items()):
        press(x, y)
        got = selected(page)
        if got != actor:
            misses.append((actor, got))
        page.js("() => window.skaneMap.clearSelection()")
    return misses


# ---------------------------------------------------------------- hit test
@pytest.mark.parametrize("scale", [None, 0.8, 1.6])
def test_a_click_selects_the_actor_under_the_pointer(open_map, demo_map, scale):
    page = open_map(demo_map, viewport=(1366, 768))
    zoom(page, scale)
    assert len(centres_on_screen(page)) >= 5
    assert misses_when_pointing_at_centres(page, page.page.mouse.click) == []
    assert page.console_errors == []


def test_the_biggest_hub_is_selected_and_named_by_its_tooltip(open_map, demo_map):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = open_map(demo_map, viewport=(1366, 768))
    label = names(page)[BIGGEST_HUB]
    for scale in (None, 1.0, 2.0):
        zoom(page, scale)
        page.js("(id) => window.skaneMap.network.focus(id, {animation: false})", BIGGEST_HUB)
        x, y = page.node_point(BIGGEST_HUB)
        page.page.mouse.move(x - 30, y - 30)
        page.page.mouse.move(x, y)
        # vis-network may still show the tooltip of the actor passed on the way until its
        # hover delay has run: wait for the hub's, and if it never comes say what showed.
        try:
            page.page.wait_for_function(
                "(name) => { const t = document.querySelector('div.vis-tooltip');"
                " return t && t.offsetParent !== null && t.style.visibility !== 'hidden'"
                " && t.innerText.split('\\n')[0] === name; }",
                arg=label,
                timeout=5000,
            )
        except PlaywrightTimeout:
            pass
        assert tooltip_first_line(page) == label
        page.page.mouse.click(x, y)
        assert selected(page) == BIGGEST_HUB
        assert card_heading(page).startswith(label.rstrip("…"))
        page.js("() => window.skaneMap.clearSelection()")


def test_a_tap_on_a_phone_opens_the_card_of_the_actor_under_the_finger(open_map, demo_map):
    page = open_map(demo_map, viewport=PHONE, has_touch=True, is_mobile=True)
    shown = names(page)
    for scale in (None, 1.2):
        zoom(page, scale)
        misses = []
        for actor, (x, y) in sorted(centres_on_screen(page).items()):
            page.page.touchscreen.tap(x, y)
            page.page.wait_for_timeout(30)
            tooltip = tooltip_first_line(page)
            if selected(page) != actor or (tooltip is not None and tooltip != shown[actor]):
                misses.append((actor, selected(page), tooltip))
            page.js("() => { window.skaneMap.clearSelection(); window.scrollTo(0, 0); }")  # the card scrolled into view
        assert misses == []


# ---------------------------------------------------------- filters, search
def visible(page) -> list[str]:
    return page.js("() => window.skaneMap.visibleNodeIds()")


def with_a_tie(graph, attribute: str, value: str) -> list[str]:
    """The actors with at least one tie whose ``attribute`` (relations, waves) holds ``value``."""
    return sorted({n for u, v, d in graph.edges(data=True) if value in d[attribute] for n in (u, v)})


def choose_only(page, name: str, value: str):
    """Tick one box of a checklist filter, untick the others."""
    for box in page.page.locator(f'input[name="{name}"]').all():
        box.set_checked(box.get_attribute("value") == value)


def test_a_relation_filter_hides_the_actors_left_without_its_ties(open_map, maps):
    page = open_map(maps["swedish"])
    G = maps["graph"]
    choose_only(page, "relation", "funding")
    funders = with_a_tie(G, "relations", "funding")
    assert 0 < len(funders) < G.number_of_nodes()
    assert visible(page) == funders
    assert page.page.inner_text("#status") == f"Visar {len(funders)} av 36 aktörer"
    page.page.click("#reset-filters")
    assert len(visible(page)) == 36
    assert page.console_errors == []


def test_the_wave_filter_hides_ties_and_actors_of_other_waves(open_map, maps):
    page = open_map(maps["plain"])
    G = maps["graph"]
    assert page.page.locator('input[name="wave"]').count() == 2
    choose_only(page, "wave", "2024")
    in_2024 = with_a_tie(G, "waves", "2024")
    assert visible(page) == in_2024
    edges = page.js("() => window.skaneMap.edges.get({filter: e => !e.hidden}).map(e => e.title.split('\\n')[3])")
    assert set(edges) == {"Survey waves: 2024"} or all("2024" in line for line in edges)
    assert page.page.inner_text("#status") == f"Showing {len(in_2024)} of 36 actors"


def test_a_map_of_one_wave_names_its_wave(open_map, tmp_path):
    one_wave = example_ecosystem().graph(wave="2024")
    page = open_map(network_map(one_wave).save(tmp_path / "one_wave.html"))
    assert page.page.locator('input[name="wave"]').count() == 0
    assert page.page.inner_text("#wave-shown") == "Survey wave shown: 2024"


def test_show_everything_also_shows_the_whole_network(open_map, maps):
    page = open_map(maps["plain"])
    fitted = page.js("() => window.skaneMap.network.getScale()")
    page.js("() => window.skaneMap.network.moveTo({position: {x: 300, y: 300}, scale: 3, animation: false})")
    page.page.uncheck('input[name="sector"][value="public"]')
    page.page.click("#reset-filters")
    assert page.js("() => window.skaneMap.network.getScale()") == pytest.approx(fitted, rel=0.01)
    assert len(visible(page)) == 36


@pytest.mark.parametrize(
    ("lang", "query", "attribute", "value"),
    [
        ("en", "Lund", "municipality", "Lund"),
        ("en", "1281", "municipality", "Lund"),  # SCB's code for Lund
        ("sv", "malmo", "municipality", "Malmö"),
        ("en", "academia", "sector", "academia"),
        ("sv", "Akademi", "sector", "academia"),
        ("en", "organisation", "type", "organisation"),
    ],
)
def test_search_matches_municipality_type_and_sector(open_map, maps, lang, query, attribute, value):
    page = open_map(maps["plain" if lang == "en" else "swedish"])
    G = maps["graph"]
    page.page.fill("#search", query)
    assert visible(page) == sorted(n for n, d in G.nodes(data=True) if d[attribute] == value)


# ------------------------------------------------------ keyboard, table view
def tab_to(page, selector: str, limit: int = 200) -> bool:
    """Press Tab until the focus is on an element matching ``selector``."""
    for _ in range(limit):
        page.page.keyboard.press("Tab")
        if page.js("(s) => document.activeElement.matches(s)", selector):
            return True
    return False


def focus_is_visible(page) -> bool:
    return page.js("() => getComputedStyle(document.activeElement).outlineStyle !== 'none'")


def test_search_and_findings_work_from_the_keyboard(open_map, maps):
    page = open_map(maps["plain"])
    assert tab_to(page, "#search") and focus_is_visible(page)
    page.page.keyboard.type("Exempel Region 07")
    page.page.keyboard.press("Enter")
    assert card_heading(page) == "Exempel Region 07"

    assert tab_to(page, ".flag-item button.actor") and focus_is_visible(page)
    actor = page.js("() => document.activeElement.textContent")
    page.page.keyboard.press("Enter")
    assert card_heading(page) == actor
    # The keyboard continues on the card that opened: its close button is the next stop.
    assert page.js("() => document.activeElement.closest('#card-body') !== null")
    page.page.keyboard.press("Tab")
    assert page.js("() => document.activeElement.closest('#card-body') !== null")
    assert page.console_errors == []


def table(page, caption: str) -> list[list[str]]:
    """The rows of the table view's table with this caption, each a list of cell texts."""
    return page.js(
        """(caption) => {
            const table = [...document.querySelectorAll('#table-view table')]
                .find(t => t.caption.textContent === caption);
            return [...table.rows].map(r => [...r.cells].map(c => c.textContent));
        }""",
        caption,
    )


def test_the_table_view_lists_actors_and_findings_as_text(open_map, maps):
    page = open_map(maps["hostile"])
    assert tab_to(page, "#table-view summary")
    page.page.keyboard.press("Enter")
    page.page.wait_for_selector("#table-view table")  # built on the details' toggle event
    actors = table(page, "Actors")
    assert actors[0] == ["Actor", "Sector", "Type", "Municipality", "Findings", "Degree (number of partners)"]
    graph = example_ecosystem(xss=True).graph(wave=None)
    by_name = {row[0]: row for row in actors[1:]}
    assert set(by_name) == {d["name"] for _, d in graph.nodes(data=True)}
    hostile = graph.nodes["a03"]
    assert by_name[XSS_IMG][1:4] == [SECTOR_LABELS["en"][hostile["sector"]], "organisation", hostile["municipality"]]
    assert by_name[XSS_SCRIPT][5] == str(graph.degree("a05"))
    assert by_name["Exempel Region 07"][4] == "Facilitator: Broker; Impediment: Single point of failure"
    findings = table(page, "Findings")
    assert findings[0] == ["Findings", "Concerns", "Explanation", "Strength", "Stability"]
    assert len(findings) == 1 + len(example_flags())
    assert page.page.locator("img").count() == 0
    assert page.js("() => typeof window.__pwned") == "undefined"
    assert page.console_errors == []


# ------------------------------------------------------------------- phone
def test_on_a_phone_the_panel_folds_below_a_usable_map(open_map, demo_map):
    page = open_map(demo_map, viewport=PHONE, has_touch=True, is_mobile=True)
    layout = page.js(
        """() => {
            const box = id => document.getElementById(id).getBoundingClientRect();
            const panel = document.getElementById('panel');
            return {map: box('map').height, mapBottom: box('map').bottom, panelTop: box('panel').top,
                    panelScrolls: panel.scrollHeight > panel.clientHeight + 1};
        }"""
    )
    assert layout["map"] >= 0.5 * PHONE[1]
    assert layout["panelTop"] >= layout["mapBottom"] - 1
    assert not layout["panelScrolls"]  # the page scrolls, not a small box inside it

    page.page.locator("#search").tap()
    page.page.keyboard.type("Malmö")
    smallest = "(s) => Math.min(...[...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().height))"
    assert page.js(smallest, "#search-results button, .checklist label, .flag-item button") >= 24  # finger-sized
    page.page.locator("#search-results button").first.tap()
    assert card_heading(page) is not None
    assert page.page.locator("#card-body h3").is_visible()

    page.page.locator("#table-view summary").tap()
    for stage in ("search, card and table open", "after a tap on the biggest hub"):
        assert page.js("() => document.scrollingElement.scrollWidth <= window.innerWidth"), stage
        page.page.evaluate("() => window.scrollTo(0, 0)")
        page.page.touchscreen.tap(*page.node_point(BIGGEST_HUB))
    assert selected(page) == BIGGEST_HUB
    assert page.page.locator("#card-body h3").is_visible()


# ------------------------------------------------------------ the WebGL view
def test_the_webgl_view_selects_what_is_clicked_and_shows_everything_again(open_map, maps, tmp_path):
    path = network_map(maps["graph"], flags=example_flags(), renderer="webgl").save(tmp_path / "webgl.html")
    page = open_map(path)
    centres = page.js(
        """() => {
            const sigma = window.skaneMap.sigma;
            const box = document.getElementById('map').getBoundingClientRect();
            return Object.fromEntries(window.skaneMap.graph.nodes().map(id => {
                const p = sigma.graphToViewport(sigma.getGraph().getNodeAttributes(id));
                return [id, [p.x + box.left, p.y + box.top]];
            }));
        }"""
    )
    names = {n: d["name"] for n, d in maps["graph"].nodes(data=True)}
    misses = []
    for actor, (x, y) in sorted(centres.items()):
        page.page.wait_for_timeout(350)  # two clicks closer in time are sigma's double click, which zooms
        page.page.mouse.click(x, y)
        if card_heading(page) != names[actor]:
            misses.append((actor, card_heading(page)))
    assert misses == []

    page.js("() => window.skaneMap.sigma.getCamera().setState({x: 0.8, y: 0.2, ratio: 0.1})")
    page.page.click("#reset-filters")
    page.page.wait_for_function("() => Math.abs(window.skaneMap.sigma.getCamera().ratio - 1) < 1e-6")
    assert page.console_errors == []
