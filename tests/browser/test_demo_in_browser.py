"""The demo's map and report in a real headless Chromium, and the README's screenshots.

The screenshots in docs/img/ are produced here, from the synthetic demo, so they always
show what the current code draws.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import skane_ecosystem as se
from skane_ecosystem.config import StabilityConfig

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
GATEWAY = "A005"  # planted: the only link between Simrishamn and the rest (data/demo/README.md)


@pytest.fixture(scope="module")
def demo_analysis():
    return se.analyze(se.demo(), se.AnalysisConfig(stability=StabilityConfig(resamples=20)))


def save_screenshot(page, name: str, scratch: Path, **options) -> Path:
    """Take a screenshot; it replaces docs/img/<name> when that is missing or when
    SKANE_UPDATE_SCREENSHOTS=1, so a test run does not leave the checkout changed.

    Written atomically: a half-written image never replaces a good one.
    """
    folder = (
        DOCS_IMG if os.environ.get("SKANE_UPDATE_SCREENSHOTS") == "1" or not (DOCS_IMG / name).exists() else scratch
    )
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".png")
    os.close(handle)
    try:
        page.screenshot(path=temporary, **options)
        os.replace(temporary, folder / name)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return folder / name


def test_demo_map_opens_offline_and_shows_the_gateway_card(open_map, demo_analysis, tmp_path):
    path = demo_analysis.explore().save(tmp_path / "map.html")
    page = open_map(path, viewport=(1366, 768))  # a common office laptop's screen
    assert page.js("() => window.skaneMap.nodes.length") == demo_analysis.graph.number_of_nodes()
    page.page.click("#controls summary")
    page.page.mouse.click(*page.node_point(GATEWAY))
    card = page.page.inner_text("#panel")
    assert "Österlen Social Impact Hub" in card
    box = page.page.locator("#map").bounding_box()
    page.page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.js("() => window.skaneMap.network.fit({animation: false})")
    page.page.wait_for_timeout(150)
    shot = save_screenshot(page.page, "map.png", tmp_path)
    assert shot.stat().st_size > 50_000
    assert page.console_errors == [] and page.dialogs == []
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests


def test_demo_report_opens_offline_prints_and_is_photographed(browser, demo_analysis, tmp_path):
    paths = demo_analysis.report(tmp_path / "en", lang="en")
    context = browser.new_context(viewport={"width": 1200, "height": 1500})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(paths["report.html"].resolve().as_uri())
        page.wait_for_load_state("load")
        text = page.inner_text("body")
        assert "Synthetic" in text
        assert "Österlen Social Impact Hub" in text
        assert errors == []
        assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
        shot = save_screenshot(page, "report.png", tmp_path)
        assert shot.stat().st_size > 50_000
        pdf = page.pdf(format="A4")  # the print stylesheet: what "Save as PDF" gives
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 3
    finally:
        context.close()


def test_the_public_swedish_map_on_a_phone_is_photographed(open_map, demo_analysis, tmp_path):
    """The README's phone picture: a public Swedish map at 390x844, the headline and map first."""
    path = demo_analysis.explore(lang="sv", privacy="public").save(tmp_path / "map.html")
    page = open_map(path, viewport=(390, 844), has_touch=True, is_mobile=True)
    assert page.js("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    assert page.page.locator("#headline button").count() >= 3
    shot = save_screenshot(page.page, "map_phone.png", tmp_path)
    assert shot.stat().st_size > 20_000
    assert page.console_errors == [] and page.dialogs == []
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests


def test_the_demo_change_map_and_network_figure_are_photographed(open_map, tmp_path):
    """The README's change map (public, Swedish: the demo's two waves) and network figure."""
    eco = se.demo()
    comparison = se.compare(eco, *eco.waves[:2], se.AnalysisConfig(stability=StabilityConfig(enabled=False)))
    path = comparison.explore(lang="sv", privacy="public").save(tmp_path / "change_map.html")
    page = open_map(path, viewport=(1366, 768))
    assert page.js("() => window.skaneMap.nodes.length") > 0
    shot = save_screenshot(page.page, "change_map.png", tmp_path)
    assert shot.stat().st_size > 50_000
    assert all(url.startswith(("file:", "data:")) for url in page.requests), page.requests
    figure = DOCS_IMG / "figure_network.png"
    if os.environ.get("SKANE_UPDATE_SCREENSHOTS") == "1" or not figure.exists():
        analysis = se.analyze(eco, se.AnalysisConfig(stability=StabilityConfig(resamples=20)))
        analysis.plot("network", lang="en").savefig(figure, dpi=110)
