"""The map's interaction, Python side: what the page is given to search, filter and
tabulate by (the browser tests are in tests/browser/test_map_interact_browser.py)."""

from __future__ import annotations

import json
import re

import networkx as nx

from skane_ecosystem.render.map import network_map
from skane_ecosystem.render.map_page import _script_labels

XSS = '<img src=x onerror="window.__pwned=1">'


def small_graph(waves=("2024",)) -> nx.Graph:
    G = nx.Graph()
    G.add_node("a", name="Alfa", sector="civil_society", type="förening", municipality="Lund")
    G.add_node("b", name="Beta", sector="public", type=XSS, municipality="Malmö")
    G.add_node("c", name="Gamma", sector="business")
    G.add_edge("a", "b", relations=["funding"], waves=list(waves), weight=2.0)
    G.add_edge("b", "c", relations=["collaboration"], waves=list(waves[-1:]), weight=1.0)
    return G


def page_data(html: str) -> dict:
    text = re.search(r'<script type="application/json" id="skane-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(text)


def test_the_page_carries_what_search_and_table_need():
    data = page_data(network_map(small_graph(), lang="sv").html)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert data["municipalityCodes"]["Lund"] == "1281" and len(data["municipalityCodes"]) == 33
    assert by_id["a"]["type"] == "förening" and by_id["c"]["type"] == ""
    assert data["sectorLabels"]["public"] == "Offentlig sektor"
    assert data["labels"]["interact.table_view"] == "Nätverket som tabell"
    assert data["labels"]["degree"] == "Grad (antal partner)"


def test_untrusted_types_reach_the_page_only_as_escaped_json():
    html = network_map(small_graph()).html
    assert XSS not in html
    assert page_data(html)["nodes"][1]["type"] == XSS


def test_a_map_of_one_wave_names_it_and_of_two_offers_the_filter():
    one = network_map(small_graph(waves=("2024",))).html
    assert '<p id="wave-shown">Survey wave shown: 2024</p>' in one
    assert 'name="wave"' not in one
    two = network_map(small_graph(waves=("2023", "2024"))).html
    assert 'id="wave-shown"' not in two
    assert two.count('name="wave"') == 2


def test_the_interaction_labels_are_in_both_languages():
    english, swedish = _script_labels("en"), _script_labels("sv")
    assert english.keys() == swedish.keys()
    assert {"interact.table_view", "interact.wave_shown", "card.type", "degree"} <= english.keys()


def test_the_map_is_the_same_bytes_twice():
    assert network_map(small_graph()).html == network_map(small_graph()).html


def test_a_hostile_wave_name_is_escaped_where_the_map_names_its_wave():
    html = network_map(small_graph(waves=(XSS,))).html
    assert XSS not in html
    assert '<p id="wave-shown">Survey wave shown: &lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;</p>' in html
