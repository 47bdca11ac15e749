"""Fixtures shared by test folders: the one Playwright session every browser test uses.

Playwright's sync API allows one running session per process, so every browser test
(tests/browser/, tests/test_map_webgl.py) launches its Chromium from this fixture.
The browser is Debian's /usr/bin/chromium (no browser download).  Without it the
browser tests are skipped, unless SKANE_REQUIRE_BROWSER=1 (set by CI), in which case
they fail: a CI run must not pass by silently testing nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium_type():
    """Playwright's Chromium launcher, for tests that launch a browser with their own arguments."""
    required = os.environ.get("SKANE_REQUIRE_BROWSER") == "1"
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package"
        if required:
            pytest.fail(message + " (SKANE_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("the playwright package is not installed (SKANE_REQUIRE_BROWSER=1)")
        pytest.skip("the playwright package is not installed")
    with sync_playwright() as playwright:
        yield playwright.chromium
