"""Interop with Gephi, networkx and igraph: the graph files are read back by other tools.

``Analysis.to_networkx()`` gives a graph the networkx writers accept; the bundle's
GEXF carries the map's look (colours, sizes, positions) so that Gephi shows the map;
the GraphML opens in igraph; and a public bundle's graph files hold only what its
public tables hold.
"""

import json

import defusedxml.ElementTree as SafeET
import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.render.bundle import write_bundle
from skane_ecosystem.sectors import SECTOR_COLORS

SECTORS = ["public"] * 6 + ["business"] * 6 + ["civil_society"] * 6


def small_survey() -> Ecosystem:
    """18 organisations in three sectors: two dense clusters joined through one broker,
    two relations, a contact person (person data) on every actor."""
    ids = [f"A{i:02d}" for i in range(1, 19)]
    actors = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Organisation {i}" for i in ids],
            "sector": SECTORS,
            "type": "",
            "municipality": "Lund",
            "respondent": True,
            "contact_person": [f"Person {i}" for i in range(18)],
        }
    ).set_index("id")
    pairs = [(a, b) for k, a in enumerate(ids[:8]) for b in ids[k + 1 : 8]]
    pairs += [(a, b) for k, a in enumerate(ids[9:]) for b in ids[9 + k + 1 :]]
    pairs += [("A08", "A09"), ("A09", "A10")]
    ties = [
        {"source": a, "target": b, "relation": "collaboration", "weight": 2.0, "wave": "2022", "reported_by": a}
        for a, b in pairs
    ]
    ties += [
        {"source": "A01", "target": "A02", "relation": "funding", "weight": 1.0, "wave": "2022", "reported_by": "A01"}
    ]
    return Ecosystem(actors, pd.DataFrame(ties), meta={"title": "Interop", "synthetic": True})


@pytest.fixture(scope="module")
def analysis():
    return analyze(small_survey(), AnalysisConfig(stability=StabilityConfig(resamples=5)))


@pytest.fixture(scope="module")
def bundles(analysis, tmp_path_factory):
    folders = {}
    for privacy in ("internal", "public"):
        folders[privacy] = tmp_path_factory.mktemp(privacy)
        write_bundle(analysis, folders[privacy], privacy=privacy, figures=False)
    return folders


def map_data(folder) -> dict:
    """The data block of the bundle's map.html: its nodes and ties as drawn."""
    html = (folder / "map.html").read_text(encoding="utf-8")
    return json.loads(html.split('id="skane-data">', 1)[1].split("</script>", 1)[0])


def map_nodes(folder) -> dict:
    """actor id -> its node on the bundle's map."""
    return {node["id"]: node for node in map_data(folder)["nodes"]}


def hex_colour(element) -> str:
    """``<viz:color r="0" g="114" b="178"/>`` -> ``"#0072B2"``."""
    return "#" + "".join(f"{int(element.get(c)):02X}" for c in "rgb")


# ============================================================== to_networkx
def test_the_analysed_graph_itself_cannot_be_written(analysis, tmp_path):
    # why to_networkx exists: lists on ties and missing values stop both writers
    with pytest.raises((TypeError, ValueError, nx.NetworkXError)):
        nx.write_gexf(analysis.graph, tmp_path / "raw.gexf")
    with pytest.raises((TypeError, ValueError, nx.NetworkXError)):
        nx.write_graphml(analysis.graph, tmp_path / "raw.graphml")


def test_to_networkx_is_written_by_both_writers_and_read_back(analysis, tmp_path):
    G = analysis.to_networkx()
    nx.write_gexf(G, tmp_path / "g.gexf")
    nx.write_graphml(G, tmp_path / "g.graphml")
    for read, path in ((nx.read_gexf, "g.gexf"), (nx.read_graphml, "g.graphml")):
        H = read(tmp_path / path)
        assert sorted(H.nodes) == sorted(analysis.graph.nodes)
        assert H.number_of_edges() == analysis.graph.number_of_edges()
        assert H.nodes["A09"]["betweenness"] == pytest.approx(analysis.actors.loc["A09", "betweenness"])


def test_to_networkx_has_only_scalar_attributes(analysis):
    G = analysis.to_networkx()
    values = [v for _, d in G.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in G.edges(data=True) for v in d.values()]
    values += list(G.graph.values())
    assert {type(v) for v in values} <= {str, int, float, bool}
    assert not any(isinstance(v, float) and v != v for v in values)  # NaN is left out


def test_to_networkx_labels_measures_and_findings(analysis):
    G = analysis.to_networkx()
    assert G.nodes["A01"]["label"] == "Organisation A01"
    assert G.nodes["A01"]["degree"] == analysis.actors.loc["A01", "degree"]
    assert G.edges["A01", "A02"]["relations"] == "collaboration; funding"
    assert G.edges["A01", "A02"]["waves"] == "2022"
    flags = analysis.flags[analysis.flags["level"] == "actor"]
    subject, group = next(iter(flags.groupby("subject")))
    codes = G.nodes[subject]["findings"].split("; ") + G.nodes[subject]["tentative_findings"].split("; ")
    assert set(group["code"]) <= set(codes)


# ============================================================ bundle: GEXF
def test_bundle_gexf_looks_like_the_map(bundles):
    G = nx.read_gexf(bundles["internal"] / "ecosystem.gexf")
    drawn = map_nodes(bundles["internal"])
    assert set(G.nodes) == set(drawn)
    for node, data in G.nodes(data=True):
        viz = data["viz"]
        assert data["label"] == f"Organisation {node}"
        colour = SECTOR_COLORS[data["sector"]]
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == tuple(
            int(colour[i : i + 2], 16) for i in (1, 3, 5)
        )
        assert drawn[node]["color"]["background"].upper() == colour.upper()
        assert viz["size"] == pytest.approx(drawn[node]["size"])
        # the map's y axis points down the page, Gephi's up
        assert (viz["position"]["x"], -viz["position"]["y"]) == pytest.approx((drawn[node]["x"], drawn[node]["y"]))


def test_bundle_gexf_ties_have_the_map_colours_and_widths(bundles):
    # networkx reads no viz of ties back, so the XML is read as is
    root = SafeET.parse(bundles["internal"] / "ecosystem.gexf").getroot()
    ties = {}
    for edge in root.iter():
        if edge.tag.endswith("}edge"):
            viz = {child.tag.rsplit("}", 1)[1]: child for child in edge}
            ties[tuple(sorted((edge.get("source"), edge.get("target"))))] = (
                hex_colour(viz["color"]),
                float(viz["thickness"].get("value")),
            )
    drawn = {
        tuple(sorted((e["from"], e["to"]))): (e["color"].upper(), e["width"])
        for e in map_data(bundles["internal"])["edges"]
    }
    assert ties.keys() == drawn.keys()
    for tie, (colour, width) in ties.items():
        assert colour == drawn[tie][0] and width == pytest.approx(drawn[tie][1]), tie
    assert ties[("A01", "A02")][0] != ties[("A01", "A03")][0]  # two relations, drawn darker


def test_bundle_gexf_has_measures_and_findings(bundles, analysis):
    G = nx.read_gexf(bundles["internal"] / "ecosystem.gexf")
    assert G.nodes["A09"]["betweenness"] == pytest.approx(analysis.actors.loc["A09", "betweenness"])
    flagged = set(analysis.flags.loc[analysis.flags["level"] == "actor", "subject"])
    assert flagged and all(G.nodes[s]["findings"] or G.nodes[s]["tentative_findings"] for s in flagged)


def test_bundle_gexf_is_reproducible(analysis, bundles, tmp_path):
    write_bundle(analysis, tmp_path / "again", privacy="internal", figures=False)
    assert (tmp_path / "again" / "ecosystem.gexf").read_bytes() == (bundles["internal"] / "ecosystem.gexf").read_bytes()


# ========================================================= bundle: GraphML
def test_bundle_graphml_opens_in_igraph(bundles, analysis):
    igraph = pytest.importorskip("igraph", reason="python-igraph is not installed")
    g = igraph.Graph.Read_GraphML(str(bundles["internal"] / "ecosystem.graphml"))
    assert g.vcount() == analysis.graph.number_of_nodes()
    assert g.ecount() == analysis.graph.number_of_edges()
    labels = dict(zip(g.vs["id"], g.vs["label"]))
    assert labels["A01"] == "Organisation A01"
    betweenness = dict(zip(g.vs["id"], g.vs["betweenness"]))
    assert betweenness["A09"] == pytest.approx(analysis.actors.loc["A09", "betweenness"])


# ========================================================== public bundle
def test_public_graph_files_hold_only_what_the_public_tables_hold(bundles):
    folder = bundles["public"]
    actors = pd.read_csv(folder / "actors.csv", encoding="utf-8-sig")
    flags = pd.read_csv(folder / "flags.csv", encoding="utf-8-sig")
    added = {"label", "findings", "tentative_findings"}
    for read, name in ((nx.read_gexf, "ecosystem.gexf"), (nx.read_graphml, "ecosystem.graphml")):
        G = read(folder / name)
        keys = {k for _, d in G.nodes(data=True) for k in d} - {"viz"}
        assert keys - added <= set(actors.columns), name
        assert "contact_person" not in keys, name
        assert all("weight" not in d for _, _, d in G.edges(data=True)), name
        shown_codes = {
            c for _, d in G.nodes(data=True) for k in ("findings", "tentative_findings") for c in d[k].split("; ") if c
        }
        assert shown_codes <= set(flags["code"]), name
    assert "Person" not in (folder / "ecosystem.gexf").read_text(encoding="utf-8")
