"""The report on a phone and on paper (issue 15), in a real Chromium.

On a 390x844 phone the page keeps the screen's width: a wide table scrolls inside
its own box.  Printed (Playwright's ``page.pdf()``, which prints with the page's own
print stylesheet, as a reader's "Save as PDF" does), every page carries its number,
no page is left nearly empty, and no page ends on a heading.

No PDF library is needed: Chromium's PDFs keep each page's text in Flate streams
whose glyphs map back to Unicode through ToUnicode CMaps, which
:func:`page_texts` reads.
"""

from __future__ import annotations

import re
import zlib

import pytest

from skane_ecosystem import analyze, demo
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.bundle import draw_figures, encoded_figures
from skane_ecosystem.render.report_html import render_html

PHONE = {"width": 390, "height": 844}

#: A page with less text than this (its number aside) and no figure counts as nearly
#: empty: a quarter of a typical page of the report (1,600 characters).
NEARLY_EMPTY_BELOW = 400

#: The SVG figures print as vector drawings: hundreds of line segments, where a page
#: of text and tables draws none (its rules are rectangles, its tags curves).
FIGURE_SEGMENTS = 500


@pytest.fixture(scope="module")
def demo_analysis():
    return analyze(demo(), AnalysisConfig(stability=StabilityConfig(resamples=5)), progress=None)


def _report(analysis, tmp_path, level="internal", lang="en", figures=True):
    shown = apply_privacy(analysis, level, lang=lang)
    drawn = encoded_figures(draw_figures(shown)) if figures else {}
    path = tmp_path / f"report_{level}_{lang}.html"
    path.write_text(render_html(shown, drawn), encoding="utf-8")
    return path


def _open(browser, path, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.resolve().as_uri())
    return context, page, requests


# ------------------------------------------------------------------- phone
@pytest.mark.parametrize(("level", "lang"), [("internal", "en"), ("public", "sv")])
def test_on_a_phone_tables_scroll_inside_their_box(browser, demo_analysis, tmp_path, level, lang):
    context, page, requests = _open(browser, _report(demo_analysis, tmp_path, level, lang, figures=False), PHONE)
    try:
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= page.evaluate("innerWidth"), "the page is wider than the phone"
        # the wide tables are still whole: they scroll
        scrolling = page.evaluate(
            "() => [...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.clientWidth).length"
        )
        assert scrolling >= 1
        assert [url for url in requests if not url.startswith("file:")] == []
    finally:
        context.close()


# ------------------------------------------------------------------- print
@pytest.fixture(scope="module")
def printed(browser, demo_analysis, tmp_path_factory):
    """(the report's headings, the printed PDF's pages as (text, figures drawn))."""
    path = _report(demo_analysis, tmp_path_factory.mktemp("print"))
    context, page, _ = _open(browser, path, {"width": 1280, "height": 800})
    try:
        headings = page.evaluate("() => [...document.querySelectorAll('h2, h3')].map(h => h.textContent.trim())")
        pdf = page.pdf(format="A4")
    finally:
        context.close()
    return headings, page_texts(pdf)


def test_every_printed_page_carries_its_number(printed):
    _, pages = printed
    assert len(pages) > 5
    for number, (text, _) in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text, f"page {number} has no page number"


def test_no_printed_page_is_nearly_empty(printed):
    _, pages = printed
    sparse = [
        (number, text)
        for number, (text, figures) in enumerate(pages[:-1], start=1)
        if not figures and len(_without_number(text, number, len(pages))) < NEARLY_EMPTY_BELOW
    ]
    assert sparse == []


def test_no_printed_page_ends_on_a_heading(printed):
    headings, pages = printed
    endings = [
        (number, heading)
        for number, (text, _) in enumerate(pages, start=1)
        for heading in headings
        if _without_number(text, number, len(pages)).endswith(heading)
    ]
    assert endings == []


def _without_number(text: str, number: int, count: int) -> str:
    return text.replace(f"{number} / {count}", "", 1).strip()


# -------------------------------------------------------- reading the PDF
_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_REF = rb"(\d+) 0 R"


def page_texts(pdf: bytes) -> list[tuple[str, int]]:
    """Each page's text (whitespace collapsed) and whether it draws a figure, in page order."""
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}
    root = next(n for n, body in objects.items() if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body)
    return [_page(objects, page) for page in _pages_under(objects, root)]


def _pages_under(objects, number: int) -> list[int]:
    body = objects[number]
    if re.search(rb"/Type\s*/Page\b", body):
        return [number]
    kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S).group(1)
    return [page for kid in re.findall(_REF, kids) for page in _pages_under(objects, int(kid))]


def _stream(body: bytes) -> bytes:
    head, data = body.split(b"stream", 1)
    data = data.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def _entry(objects, body: bytes, key: bytes) -> bytes:
    """The dictionary under ``/key`` in ``body``, through an indirect reference if need be."""
    found = re.search(rb"/" + key + rb"\s*(?:" + _REF + rb"|<<)", body)
    if found is None:
        return b""
    if found.group(1):
        return objects[int(found.group(1))]
    depth, i = 1, found.end()
    while depth:
        step = body[i : i + 2]
        depth += 1 if step == b"<<" else -1 if step == b">>" else 0
        i += 2 if step in (b"<<", b">>") else 1
    return body[found.end() : i - 2]


def _unicode_map(cmap: bytes) -> dict[bytes, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[bytes.fromhex(source.decode())] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            width = len(low) // 2
            for code in range(int(low, 16), int(high, 16) + 1):
                mapping[code.to_bytes(width, "big")] = chr(int(first, 16) + code - int(low, 16))
    return mapping


def _page(objects, number: int) -> tuple[str, bool]:
    body = objects[number]
    resources = _entry(objects, body, b"Resources")
    fonts = {}
    for name, ref in re.findall(rb"/(\w+)\s*" + _REF, _entry(objects, resources, b"Font")):
        to_unicode = re.search(rb"/ToUnicode\s*" + _REF, objects[int(ref)])
        fonts[name] = _unicode_map(_stream(objects[int(to_unicode.group(1))])) if to_unicode else {}
    contents = re.search(rb"/Contents\s*(?:\[(.*?)\]|" + _REF + rb")", body, re.S)
    refs = re.findall(_REF, contents.group(1)) if contents.group(1) else [contents.group(2)]
    text, glyphs, drawing = [], {}, b""
    for ref in refs:
        content = _stream(objects[int(ref)])
        drawing += content
        for token in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|(ET)", content):
            font, hexa, end = token.groups()
            if font:
                glyphs = fonts.get(font, {})
            elif end:
                text.append(" ")
            else:
                raw = bytes.fromhex(hexa.decode())
                text += [glyphs.get(raw[i : i + 2], "") for i in range(0, len(raw) - 1, 2)]
    images = re.search(rb"/\w+\s+Do\b", drawing) is not None
    figure = images or len(re.findall(rb"\sl\s", drawing)) >= FIGURE_SEGMENTS
    return re.sub(r"\s+", " ", "".join(text)).strip(), figure
