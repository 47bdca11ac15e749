"""The map's interaction in a real headless Chromium: what a click or a tap selects,
the phone layout, the keyboard and table view, and filters and search.

The demo's map is the test bed for the hit test: its largest hubs overlap their
neighbours, which is where a click used to select the wrong organisation.
"""

from __future__ import annotations

import pytest
from map_examples import example_ecosystem, example_flags

import skane_ecosystem as se
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.render.map import network_map

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
    page = open_map(demo_map, viewport=(1366, 768))
    label = names(page)[BIGGEST_HUB]
    for scale in (None, 1.0, 2.0):
        zoom(page, scale)
        page.js("(id) => window.skaneMap.network.focus(id, {animation: false})", BIGGEST_HUB)
        x, y = page.node_point(BIGGEST_HUB)
        page.page.mouse.move(x - 30, y - 30)
        page.page.mouse.move(x, y)
        page.page.wait_for_function(
            "(name) => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.offsetParent !== null && t.style.visibility !== 'hidden'; }",
            arg=label,
        )
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
            page.js("() => window.skaneMap.clearSelection()")
        assert misses == []
