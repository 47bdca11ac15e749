"""A real headless Chromium for the map tests (the data to map are in map_examples.py).

The browser is Debian's /usr/bin/chromium, driven by the python ``playwright`` package
(no browser download).  Without it the browser tests are skipped, unless
SKANE_REQUIRE_BROWSER=1 (set by CI), in which case they fail: a CI run must not pass
by silently testing nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_type):
    chromium = chromium_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


class MapPage:
    """A browser tab with a saved map open, recording everything the page does."""

    def __init__(self, browser, path: Path, viewport=(1280, 800), **context_options):
        # context_options: more of Playwright's new_context(), e.g. has_touch=True for a phone.
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        # A function, not a string: the page's security policy forbids eval().
        self.page.wait_for_function(
            "() => window.skaneMap !== undefined && window.skaneMap.ready === true", timeout=20_000
        )

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """The node's centre in page coordinates (canvas position + the map's offset)."""
        x, y = self.js(
            """(id) => {
                const net = window.skaneMap.network;
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById('map').getBoundingClientRect();
                return [p.x + box.left, p.y + box.top];
            }""",
            node_id,
        )
        return x, y

    def close(self):
        self.context.close()


@pytest.fixture
def open_map(browser):
    pages: list[MapPage] = []

    def opener(path: Path, **kwargs) -> MapPage:
        pages.append(MapPage(browser, path, **kwargs))
        return pages[-1]

    yield opener
    for page in pages:
        page.close()
