"""The offline network map, checked without a browser: what the saved HTML contains."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem import Ecosystem
from skane_ecosystem.render import map as map_module
from skane_ecosystem.render import map_page, palette
from skane_ecosystem.render.map import NetworkMap, network_map
from skane_ecosystem.render.palette import FLAG_MARKERS, MULTIPLE_RELATIONS_STYLE, RELATION_STYLES
from skane_ecosystem.sectors import SECTOR_COLORS

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = '"><script>window.__pwned=1</script>'


# ------------------------------------------------------------------ helpers
class _Page(HTMLParser):
    """Every tag with its attributes, and the text of every script element."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._in_script: dict | None = None
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._in_script = attributes
            self.scripts.append((attributes, ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            return
        if self._in_script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        else:
            self.text.append(data)

    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def by_id(self, element_id: str):
        return [(tag, attrs) for tag, attrs in self.tags if attrs.get("id") == element_id]


def page_data(network: NetworkMap) -> dict:
    page = _Page(network.html)
    [(_, text)] = [(a, t) for a, t in page.scripts if a.get("id") == "skane-data"]
    return json.loads(text)


def small_ecosystem(names=None) -> Ecosystem:
    names = names or ["Region Skåne", "Lunds universitet", "Malmö stad", "Coompanion", "Ideon"]
    actors = pd.DataFrame(
        {
            "id": ["r", "u", "m", "c", "i"],
            "name": names,
            "sector": ["public", "academia", "public", "civil_society", "business"],
            "type": ["region", "university", "municipality", "ngo", "incubator"],
            "municipality": ["Malmö", "Lund", "Malmö", "Malmö", "Lund"],
            "respondent": [True, True, True, False, True],
        }
    ).set_index("id")
    ties = pd.DataFrame(
        [
            ("r", "u", "collaboration", 3.0, "2023", "r"),
            ("u", "r", "collaboration", 3.0, "2023", "u"),
            ("r", "m", "funding", 4.0, "2023", "r"),
            ("m", "c", "advice", 1.0, "2024", "m"),
            ("u", "i", "collaboration", 2.0, "2024", "u"),
            ("u", "i", "funding", 1.0, "2024", "u"),
        ],
        columns=["source", "target", "relation", "weight", "wave", "reported_by"],
    )
    return Ecosystem(actors=actors, ties=ties, meta={"title": "Small", "synthetic": False})


def flags_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "subject": "u",
                "level": "actor",
                "kind": "facilitator",
                "code": "broker",
                "severity": 0.8,
                "stability": 0.9,
                "explanation_en": "Lund University is a broker.",
                "explanation_sv": "Lunds universitet är en mäklare.",
                "evidence": {"betweenness": 0.5},
            },
            {
                "subject": "m",
                "level": "actor",
                "kind": "impediment",
                "code": "single_point_of_failure",
                "severity": 0.6,
                "stability": 0.4,
                "explanation_en": "Malmö stad is a single point of failure.",
                "explanation_sv": "Malmö stad är en sårbar länk.",
                "evidence": {"cut_off": 1},
            },
            {
                "subject": "u",
                "level": "actor",
                "kind": "impediment",
                "code": "bottleneck",
                "severity": 0.5,
                "stability": 0.7,
                "explanation_en": "A bottleneck.",
                "explanation_sv": "En flaskhals.",
                "evidence": {"share": 0.75},
            },
            {
                "subject": "academia",
                "level": "group",
                "kind": "impediment",
                "code": "sector_silo",
                "severity": 0.2,
                "stability": 0.6,
                "explanation_en": "Academia is a silo.",
                "explanation_sv": "Akademin är en silo.",
                "evidence": {},
            },
        ]
    )


@pytest.fixture(scope="module")
def eco():
    return small_ecosystem()


@pytest.fixture(scope="module")
def flagged_map(eco):
    return network_map(
        eco.graph(wave=None),
        flags=flags_frame(),
        removal={"m": {"cut_off": 1, "fragmentation_gain": 0.25}},
        source="survey.xlsx",
    )


# ------------------------------------------------------------- offline only
def test_no_external_resources(flagged_map):
    page = _Page(flagged_map.html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "data", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
        assert not (tag == "script" and "src" in attrs), "every script is inline"
        assert tag not in ("link", "iframe", "img", "object", "embed", "base")
    styles = re.findall(r"url\(\s*['\"]?([^'\")]+)", flagged_map.html)
    assert styles and all(u.startswith("data:") for u in styles)
    assert "sourceMappingURL" not in flagged_map.html
    # vis-network, its view (map_view_vis.js), map.js, map_story.js and, as the actors'
    # municipalities are known, the geography view (map_geography.js)
    assert len([s for s in page.scripts if "type" not in s[0]]) == 5


def test_security_policy_forbids_requests_and_allows_only_the_page_scripts(flagged_map):
    page = _Page(flagged_map.html)
    [(_, meta)] = [(t, a) for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["connect-src"] == "'none'"
    executable = [text for attrs, text in page.scripts if "type" not in attrs]
    expected = {
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() for text in executable
    }
    assert set(policy["script-src"].split()) == expected


def test_vis_network_comes_from_pyvis(flagged_map):
    from pathlib import Path

    import pyvis

    library = (Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js").read_text()
    start = library[:2000]
    assert start in flagged_map.html
    assert "@version 9.1.2" in flagged_map.html


# ---------------------------------------------------------------- same bytes
def test_same_input_gives_the_same_bytes(eco, tmp_path):
    first = network_map(eco.graph(wave=None), flags=flags_frame()).save(tmp_path / "a.html")
    second = network_map(eco.graph(wave=None), flags=flags_frame()).save(tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()


def test_node_insertion_order_does_not_change_the_output():
    G = nx.les_miserables_graph()
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(G.nodes, reverse=True))
    shuffled.add_edges_from(sorted(G.edges(data=True), reverse=True))
    assert network_map(G).html == network_map(shuffled).html


def test_seed_changes_layout_and_nothing_else(eco):
    G = eco.graph(wave=None)
    a, b = page_data(network_map(G, seed=1)), page_data(network_map(G, seed=2))
    assert [(n["x"], n["y"]) for n in a["nodes"]] != [(n["x"], n["y"]) for n in b["nodes"]]
    strip = lambda d: [{k: v for k, v in n.items() if k not in ("x", "y")} for n in d["nodes"]]  # noqa: E731
    assert strip(a) == strip(b)


def test_date_only_when_given(eco):
    assert 'id="date"' not in network_map(eco.graph(wave=None)).html
    import datetime

    dated = _Page(network_map(eco.graph(wave=None), date=datetime.date(2024, 5, 17)).html)
    assert "Date: 2024-05-17" in dated.visible_text()


# ----------------------------------------------------------------- escaping
def test_hostile_names_appear_only_escaped():
    eco = small_ecosystem(names=[XSS_IMG, XSS_SCRIPT, "Malmö stad", "Coompanion", "Ideon"])
    G = eco.graph(wave=None)
    G.nodes["c"]["municipality"] = XSS_SCRIPT  # also reaches the filter list as an option
    m = network_map(G, title=XSS_IMG, source=XSS_SCRIPT, flags=flags_frame())
    assert XSS_IMG not in m.html
    assert XSS_SCRIPT not in m.html
    for found in re.finditer(re.escape("window.__pwned=1"), m.html):
        before = m.html[found.start() - 20 : found.start()]
        assert before.endswith(("&lt;script&gt;", "\\u003cscript\\u003e")), before
    assert "&lt;img src=x onerror=alert(1)&gt;" in m.html  # title, h1
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in m.html  # JSON data
    data = page_data(m)
    assert {n["label"] for n in data["nodes"]} >= {XSS_IMG, XSS_SCRIPT}
    page = _Page(m.html)
    # data, vis-network, its view, map.js, map_story.js, map_geography.js
    assert [t for t, _ in page.tags].count("script") == 6
    assert not any(t == "img" for t, _ in page.tags)
    option_values = [a["value"] for t, a in page.tags if t == "input" and a.get("name") == "municipality"]
    assert XSS_SCRIPT in option_values  # parsed back to the original text: it was escaped


def test_json_cannot_close_its_script_element():
    G = nx.Graph()
    G.add_node("x", name="</script><!--<script>")
    m = network_map(G)
    block = m.html.split('id="skane-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert page_data(m)["nodes"][0]["label"] == "</script><!--<script>"


def test_app_script_never_writes_html():
    script = map_page._asset("map.js")
    assert ".innerHTML" not in script and ".outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


# ------------------------------------------------------------ page content
def test_legend_is_always_there(flagged_map):
    page = _Page(flagged_map.html)
    assert page.by_id("legend")
    text = page.visible_text()
    for label in (
        "Public sector",
        "Academia",
        "Civil society",
        "Business",
        "Collaboration",
        "Funding",
        "Advice",
        "Several relations",
        "Degree (number of partners), from 1 to 2",
        "Width: tie strength",
        "Facilitator",
        "Impediment",
        "No finding",
    ):
        assert label in text, label
    assert "Other" not in text.split("Colour: Sector", 1)[1].split("Size", 1)[0]  # absent sector
    assert "Arrow" not in text  # undirected


def test_legend_of_a_plain_graph_without_flags_or_relations():
    text = _Page(network_map(nx.path_graph(4)).html).visible_text()
    for label in ("Legend", "Colour: Sector", "Other", "Size", "Tie", "No finding"):
        assert label in text


def test_synthetic_label_shown_when_synthetic(eco):
    plain = _Page(network_map(eco.graph(wave=None)).html)
    assert not plain.by_id("synthetic-label")
    G = eco.graph(wave=None)
    G.graph["synthetic"] = True
    from_graph = _Page(network_map(G).html)
    assert from_graph.by_id("synthetic-label")
    assert "Synthetic data: fictional organisations" in from_graph.visible_text()
    forced = _Page(network_map(eco.graph(wave=None), synthetic=True, lang="sv").html)
    assert "Syntetiska data" in forced.visible_text()


def test_header_shows_title_source_privacy_and_counts(flagged_map, eco):
    text = _Page(flagged_map.html).visible_text()
    assert "Small" in text
    assert "Data source: survey.xlsx" in text
    assert "Privacy: internal" in text
    assert "5 actors, 4 ties" in text
    public = _Page(network_map(eco.graph(wave=None), privacy="public", title="T").html).visible_text()
    assert "Privacy: public: for readers outside the research team" in public


def test_nodes_and_edges_carry_what_the_page_draws(flagged_map, eco):
    data = page_data(flagged_map)
    G = eco.graph(wave=None)
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["r"]["color"]["background"] == SECTOR_COLORS["public"]
    assert nodes["i"]["color"]["background"] == SECTOR_COLORS["business"]
    assert nodes["m"]["shape"] == FLAG_MARKERS["impediment"]["shape"]
    assert nodes["m"]["color"]["border"] == FLAG_MARKERS["impediment"]["border"]
    assert nodes["u"]["shape"] == FLAG_MARKERS["both"]["shape"]
    assert nodes["r"]["shape"] == "dot"
    assert nodes["u"]["flagCodes"] == ["bottleneck", "broker"]
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert edges[("m", "r")]["dashes"] == RELATION_STYLES["funding"]["dashes"]
    assert edges[("c", "m")]["color"] == RELATION_STYLES["advice"]["color"]
    assert edges[("i", "u")]["relations"] == ["collaboration", "funding"]
    assert edges[("i", "u")]["color"] == MULTIPLE_RELATIONS_STYLE["color"] == "#1A1A1A"
    assert edges[("m", "r")]["width"] == 6.0 and edges[("c", "m")]["width"] == 1.0
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is False


def test_tooltips_are_plain_text_with_newlines(flagged_map):
    nodes = {n["id"]: n for n in page_data(flagged_map)["nodes"]}
    assert nodes["m"]["title"].split("\n") == [
        "Malmö stad",
        "Sector: Public sector",
        "Type: municipality",
        "Municipality: Malmö",
        "Degree (number of partners): 2",
        "Impediment: Single point of failure",
    ]
    data = page_data(flagged_map)
    edge = next(e for e in data["edges"] if e["from"] == "r" and e["to"] == "u")
    # The page composes the tie's tooltip from these parts (checked in the browser tests).
    assert (edge["weight"], edge["waves"], edge["confirmed"]) == ("3", ["2023"], True)
    assert data["relationLabels"] == {"advice": "Advice", "collaboration": "Collaboration", "funding": "Funding"}
    assert data["labels"]["tie.unconfirmed"] == "Reported by one side only"


def test_card_has_attributes_measures_flags_and_removal(flagged_map):
    data = page_data(flagged_map)
    nodes = {n["id"]: n for n in data["nodes"]}
    card = nodes["m"]["card"]
    assert card["heading"] == "Malmö stad"
    sections = {s["title"]: dict(map(tuple, s["rows"])) for s in card["sections"]}
    assert sections["About"] == {
        "Sector": "Public sector",
        "Type": "municipality",
        "Municipality": "Malmö",
        "Answered the survey": "yes",
    }
    # The card leads with roles, what its leaving would do and key figures; every
    # measure, and every figure of its removal, is behind "show all measures".
    assert card["roles"] == [{"kind": "impediment", "label": "Impediment: Single point of failure"}]
    assert (
        card["ifLeft"]
        == "If it left, 1 actor(s) would be cut off from the rest, and fragmentation would grow by 0.250."
    )
    assert card["keyFigures"] == [["Degree (number of partners)", "2"]]
    assert dict(map(tuple, card["allMeasures"])) == {
        "Degree (number of partners)": "2",
        "Actors cut off from the rest": "1",
        "Rise in fragmentation": "0.250",
    }
    [flag] = [data["flags"][i] for i in nodes["m"]["flags"]]
    assert flag["explanation"] == "Malmö stad is a single point of failure."
    assert flag["codeLabel"] == "Single point of failure"
    assert flag["evidence"] == [["Cut off", "1"]]
    group_flags = [f for f in data["flags"] if f["subject"] is None]
    assert [f["codeLabel"] for f in group_flags] == ["Sector silo"]


def test_card_shows_key_measures_not_every_column(eco):
    ids = ["r", "u", "m", "c", "i"]
    actors = pd.DataFrame(
        {
            "name": ["x"] * 5,
            "sector": ["public"] * 5,
            "respondent": [True] * 5,  # attributes: not measures
            "degree": [2, 2, 2, 1, 1],
            "in_degree": [2, 2, 2, 1, 1],
            "betweenness": [0.5, 0.6, 0.5, 0.0, 0.0],
            "community": [0, 0, 1, 1, 0],
            "brokerage_liaison": [1, 0, 0, 0, 0],
            "removal_cutoff": [0, 1, 1, 0, 0],
            "my_score": [1.5, 2.5, 3.5, 4.5, 5.5],
        },
        index=ids,
    )
    card = {
        n["id"]: n["card"] for n in page_data(network_map(eco.graph(wave=None), actors, size_by="betweenness"))["nodes"]
    }
    labels = [row[0] for row in card["u"]["allMeasures"]]
    assert labels == ["Betweenness", "Degree (number of partners)", "My score"]
    directed = {
        n["id"]: n["card"] for n in page_data(network_map(eco.graph(wave=None, mode="directed"), actors))["nodes"]
    }
    assert [row[0] for row in directed["u"]["allMeasures"]] == [
        "Degree (number of partners)",
        "In-degree (named by)",
        "Betweenness",
        "My score",
    ]


def test_filter_values_survive_html_attributes(eco):
    G = eco.graph(wave=None)
    G.nodes["c"]["municipality"] = "  Malmö\r\n stad\t"
    data = page_data(network_map(G))
    assert {n["id"]: n["municipality"] for n in data["nodes"]}["c"] == "Malmö stad"


def test_flags_of_actors_not_on_the_map_are_listed_but_not_linked(eco):
    flags = pd.concat(
        [
            flags_frame(),
            pd.DataFrame(
                [
                    {
                        "subject": "gone",
                        "level": "actor",
                        "kind": "impediment",
                        "code": "isolated",
                        "severity": 0.1,
                        "explanation_en": "Gone is isolated.",
                        "explanation_sv": "Gone är isolerad.",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    data = page_data(network_map(eco.graph(wave=None), flags=flags))
    gone = [f for f in data["flags"] if f["codeLabel"] == "Isolated organisation"]
    assert gone == [{**gone[0], "subject": None, "subjectLabel": "gone", "level": "actor"}]
    assert gone[0]["stability"] == "\u2013"  # missing, shown as a dash


def test_flags_sorted_by_severity_and_explained_in_the_chosen_language(eco):
    data = page_data(network_map(eco.graph(wave=None), flags=flags_frame(), lang="sv"))
    assert [f["codeLabel"] for f in data["flags"]] == ["Mäklare", "Enskild felpunkt", "Flaskhals", "Stuprör"]
    assert data["flags"][0]["explanation"] == "Lunds universitet är en mäklare."
    assert data["flags"][0]["kindLabel"] == "Möjliggörare"
    assert data["flags"][1]["stability"] == "0,400"


def test_swedish_labels_and_numbers(eco):
    actors = pd.DataFrame({"betweenness": [0.125, 0.5, 0.0, 0.0, 0.0]}, index=["r", "u", "m", "c", "i"])
    m = network_map(eco.graph(wave=None), actors, size_by="betweenness", lang="sv")
    text = _Page(m.html).visible_text()
    for label in (
        "Teckenförklaring",
        "Offentlig sektor",
        "Akademi",
        "Samarbete",
        "Finansiering",
        "Sök och filtrera",
        "5 aktörer, 4 band",
        "Betweenness-centralitet, från 0 till 0,500",
    ):
        assert label in text, label
    card = {n["id"]: n["card"] for n in page_data(m)["nodes"]}["r"]
    measures = dict(map(tuple, card["allMeasures"]))
    assert measures["Betweenness-centralitet"] == "0,125"
    assert 'lang="sv"' in m.html


def test_size_follows_the_chosen_measure(eco):
    actors = pd.DataFrame({"strength": [10.0, 4.0, 1.0, None, 2.5]}, index=["r", "u", "m", "c", "i"])
    sizes = {
        n["id"]: n["size"] for n in page_data(network_map(eco.graph(wave=None), actors, size_by="strength"))["nodes"]
    }
    low, high = palette.NODE_SIZE_RANGE
    assert sizes["r"] == high and sizes["m"] == low
    assert sizes["m"] < sizes["i"] < sizes["u"] < sizes["r"]
    assert sizes["c"] == low  # no value: smallest, not dropped


def test_color_by_another_attribute_uses_the_fixed_palette(eco):
    data = page_data(network_map(eco.graph(wave=None), color_by="municipality"))
    colors = {n["id"]: n["color"]["background"] for n in data["nodes"]}
    assert colors["r"] == colors["m"] == colors["c"] == "#332288"  # Malmö: most frequent
    assert colors["u"] == colors["i"] == "#88CCEE"
    text = _Page(network_map(eco.graph(wave=None), color_by="municipality").html).visible_text()
    assert "Colour: Municipality" in text


def test_color_by_an_actors_column(eco):
    actors = pd.DataFrame({"community": ["A", "A", "B", "B", "A"]}, index=["r", "u", "m", "c", "i"])
    colors = {
        n["id"]: n["color"]["background"]
        for n in page_data(network_map(eco.graph(wave=None), actors, color_by="community"))["nodes"]
    }
    assert colors["r"] == colors["u"] == colors["i"] != colors["m"] == colors["c"]


def test_directed_graphs_get_arrows_and_bent_reciprocal_ties(eco):
    m = network_map(eco.graph(wave=None, mode="directed"))
    data = page_data(m)
    assert data["options"]["edges"]["arrows"]["to"]["enabled"] is True
    bent = sorted((e["from"], e["to"]) for e in data["edges"] if "smooth" in e)
    assert bent == [("r", "u"), ("u", "r")]
    assert "Arrow: who named whom" in _Page(m.html).visible_text()


def test_filters_offer_what_the_data_contain(flagged_map):
    page = _Page(flagged_map.html)
    values = lambda name: [a["value"] for t, a in page.tags if t == "input" and a.get("name") == name]  # noqa: E731
    assert values("relation") == ["advice", "collaboration", "funding"]
    assert values("wave") == ["2023", "2024"]
    assert values("sector") == ["public", "business", "academia", "civil_society"]
    assert values("municipality") == ["Lund", "Malmö"]
    options = [a["value"] for t, a in page.tags if t == "option"]
    assert options == [
        "all",
        "any",
        "kind:facilitator",
        "kind:impediment",
        "code:broker",
        "code:bottleneck",
        "code:single_point_of_failure",
    ]


# ------------------------------------------------------------- aggregation
def test_aggregate_by_sector(eco):
    m = network_map(eco.graph(wave=None), aggregate="sector")
    data = page_data(m)
    assert m.aggregated == "sector"
    assert sorted(n["id"] for n in data["nodes"]) == ["academia", "business", "civil_society", "public"]
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert "1 ties between these groups" in edges[("academia", "public")]["title"]
    public = {n["id"]: n for n in data["nodes"]}["public"]
    summary = dict(map(tuple, public["card"]["sections"][0]["rows"]))
    assert summary == {"Actors": "2", "Ties inside the group": "1"}
    assert "Each circle is a sector" in _Page(m.html).visible_text()


def test_large_networks_are_aggregated_by_community(monkeypatch):
    monkeypatch.setattr(map_module, "AGGREGATE_ABOVE", 30)
    G = nx.connected_caveman_graph(4, 10)
    G.add_nodes_from(["alone 1", "alone 2"])
    m = network_map(G, seed=3)
    assert m.aggregated == "community"
    data = page_data(m)
    assert [n["title"].split("\n")[:2] for n in data["nodes"]] == [
        ["Community 1", "10 actors"],
        ["Community 2", "10 actors"],
        ["Community 3", "10 actors"],
        ["Community 4", "10 actors"],
        ["Actors without ties", "2 actors"],
    ]
    sectors = dict(map(tuple, data["nodes"][0]["card"]["sections"][1]["rows"]))
    assert sectors == {"Other": "10 (100%)"}
    assert "42 actors" in _Page(m.html).visible_text()
    assert network_map(G, aggregate=None).n_nodes == 42


# ------------------------------------------------------------------ layout
def test_positions_can_be_reused(eco):
    G = eco.graph(wave=None)
    pos = {"r": (0, 0), "u": (1, 0), "m": (0, 1), "c": (1, 1), "i": (0.5, 0.5)}
    nodes = {n["id"]: (n["x"], n["y"]) for n in page_data(network_map(G, pos=pos))["nodes"]}
    assert nodes["i"] == (0.0, 0.0)
    assert nodes["r"][0] == nodes["m"][0] < 0 < nodes["u"][0]
    with pytest.raises(ValueError, match="no position for 1 node"):
        network_map(G, pos={k: v for k, v in pos.items() if k != "c"})


def test_isolates_and_small_parts_do_not_shrink_the_main_part():
    G = nx.connected_watts_strogatz_graph(40, 4, 0.2, seed=2)
    G.add_edge("p", "q")
    G.add_nodes_from(["x", "y", "z"])
    positions = {n["id"]: (n["x"], n["y"]) for n in page_data(network_map(G))["nodes"]}

    def width(nodes):
        xs = [positions[n][0] for n in nodes]
        return max(xs) - min(xs)

    main = [str(n) for n in range(40)]
    assert width(positions) < 1.8 * width(main)
    assert {positions[n][1] for n in ("x", "y", "z")} == {positions["x"][1]}  # one row of isolates


def test_large_maps_use_a_fast_seeded_layout():
    G = nx.connected_watts_strogatz_graph(400, 4, 0.1, seed=1)
    a = page_data(network_map(G, seed=5))
    b = page_data(network_map(G, seed=5))
    assert a["nodes"] == b["nodes"]
    assert a["options"]["physics"] == {"enabled": False}
    assert a["options"]["interaction"]["hideEdgesOnDrag"] is True


# -------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lang": "de"}, "lang must be one of"),
        ({"privacy": "secret"}, "privacy must be one of"),
        ({"aggregate": "county"}, "aggregate must be one of"),
        ({"size_by": "betweenness"}, r"size_by='betweenness' is not a numeric actors column; use one of \['degree'\]"),
        ({"color_by": "colour"}, "color_by='colour' is neither a node attribute nor an actors column"),
        ({"seed": 1.5}, "seed must be an integer"),
        ({"physics": "yes"}, "physics must be True, False or None"),
        ({"removal": {"r": 3}}, "removal must be a dict"),
        (
            {"flags": pd.DataFrame({"subject": ["r"], "kind": ["facilitator"]})},
            r"missing the column\(s\) \['level', 'code'\]",
        ),
        (
            {"flags": pd.DataFrame({"subject": ["r"], "level": ["actor"], "kind": ["good"], "code": ["hub"]})},
            "flags row 0 has kind 'good'",
        ),
        ({"actors": pd.DataFrame({"degree": [1]}, index=["nobody"])}, "none of the ids in actors' index are nodes"),
    ],
)
def test_bad_arguments_are_named(eco, kwargs, message):
    with pytest.raises(ValueError, match=message):
        network_map(eco.graph(wave=None), **kwargs)


def test_graph_type_is_checked():
    with pytest.raises(ValueError, match="needs a networkx Graph or DiGraph, got dict"):
        network_map({"a": "b"})
    with pytest.raises(ValueError, match="does not draw multigraphs"):
        network_map(nx.MultiGraph([(1, 2), (1, 2)]))
    with pytest.raises(ValueError, match="same id when written as text"):
        network_map(nx.Graph([(1, "1")]))


def test_physics_only_for_small_maps():
    small = page_data(network_map(nx.path_graph(5), physics=True))
    assert small["options"]["physics"]["enabled"] is True
    with pytest.raises(ValueError, match="physics=True is offered up to 300 actors; this network has 301"):
        network_map(nx.path_graph(301), physics=True)


# ---------------------------------------------------------------- saving
def test_save_is_atomic_and_replaces(eco, tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old content that is longer than nothing" * 1000)
    m = network_map(eco.graph(wave=None))
    assert m.save(target) == target
    assert target.read_text(encoding="utf-8") == m.html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_save_refuses_missing_folders_and_other_suffixes(eco, tmp_path):
    m = network_map(eco.graph(wave=None))
    with pytest.raises(ValueError, match="does not exist; create it first"):
        m.save(tmp_path / "missing" / "map.html")
    with pytest.raises(ValueError, match="as an .html file"):
        m.save(tmp_path / "map.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_notebook_display_is_an_escaped_iframe(flagged_map):
    shown = flagged_map._repr_html_()
    page = _Page(shown)
    [(tag, attrs)] = page.tags
    assert tag == "iframe"
    assert attrs["srcdoc"] == flagged_map.html
    assert attrs["sandbox"] == "allow-scripts"
    assert "<script" not in shown


def test_catalogs_have_the_same_keys_in_both_languages():
    from importlib import resources

    folder = resources.files("skane_ecosystem") / "render" / "i18n"
    en = json.loads((folder / "en" / "map.json").read_text(encoding="utf-8"))
    sv = json.loads((folder / "sv" / "map.json").read_text(encoding="utf-8"))
    assert set(en) == set(sv)
    assert all(key.startswith("map.") for key in en)
    assert en["map.legend.title"] == "Legend" and sv["map.legend.title"] == "Teckenförklaring"


def test_escaped_html_entities_decode_to_the_title():
    m = network_map(nx.path_graph(2), title="Skåne & <co>")
    assert "<title>Skåne &amp; &lt;co&gt;</title>" in m.html
    assert html.unescape("Skåne &amp; &lt;co&gt;") == "Skåne & <co>"


def test_a_public_aggregated_map_states_no_count_below_five():
    # twelve actors in three sectors of four: every group count is a small cell
    G = nx.path_graph(12)
    for node in G:
        G.nodes[node]["sector"] = ("public", "business", "academia")[node % 3]
    public = network_map(G, privacy="public", aggregate="sector").html
    internal = network_map(G, privacy="internal", aggregate="sector").html
    assert "4 actors" in internal and "4 actors" not in public
    assert "fewer than 5 actors" in public
    small = re.compile(r"(?<![0-9])[1-4] ties between")
    assert small.search(internal) and not small.search(public)
    assert "12 actors, 11 ties" in public  # counts of five or more stay
    # A public graph has no tie strengths, so a group pair's "strength" would count its
    # ties again: no tie between groups names one.
    edges = page_data(network_map(G, privacy="public", aggregate="sector"))["edges"]
    assert edges and not any("Strength" in e["title"] for e in edges)
    assert any("Strength" in e["title"] for e in page_data(network_map(G, aggregate="sector"))["edges"])
