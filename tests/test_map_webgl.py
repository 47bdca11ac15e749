"""Maps of any size (issue 14): the WebGL view above ``WEBGL_ABOVE`` actors, and the
actor's card in the reader's language.

The browser tests open the maps in Debian's headless Chromium (skipped without it,
like tests/browser); WebGL there is software-rendered (SwiftShader).
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from skane_ecosystem import analyze, demo
from skane_ecosystem.columns import MEASURE_COLUMNS
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.render.labels import humanize
from skane_ecosystem.render.map import network_map

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
        for section in node["card"]["sections"]:
            for label, value in section["rows"]:
                assert label not in english, (node["id"], section["title"], label)
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
