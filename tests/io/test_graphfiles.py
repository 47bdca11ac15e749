"""load_graph_file on GraphML and GEXF files written by networkx (as Gephi and yEd would)."""

import networkx as nx
import pytest
from survey_files import unchanged

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load_graph_file


def _small_graph():
    G = nx.Graph(name="Skåne")
    G.add_node("rs", name="Region Skåne", sector="Offentlig sektor", municipality="Malmö")
    G.add_node("lu", name="Lunds universitet", sector="akademi")
    G.add_node("co", name="Coompanion", sector="idéburen")
    G.add_edge("rs", "lu", relation="funding", weight=2.5)
    G.add_edge("lu", "co", weight=1.0)
    return G


@pytest.mark.parametrize("suffix, write", [(".graphml", nx.write_graphml), (".gexf", nx.write_gexf)])
def test_round_trip_through_a_file(tmp_path, suffix, write):
    path = tmp_path / f"skane{suffix}"
    write(_small_graph(), path)
    with unchanged(path):
        eco = load_graph_file(path)
    assert eco.actors["sector"].to_dict() == {"rs": "public", "lu": "academia", "co": "civil_society"}
    assert eco.actors.loc["rs", "name"] == "Region Skåne"
    ties = {frozenset((s, t)): (r, w) for s, t, r, w in eco.ties[["source", "target", "relation", "weight"]].values}
    assert ties == {frozenset(("rs", "lu")): ("funding", 2.5), frozenset(("lu", "co")): ("tie", 1.0)}
    assert eco.meta["sources"] == [path.name] and eco.meta["title"] == "Skåne"  # the graph's name, not the file's


def test_florentine_families_from_graphml(tmp_path):
    path = tmp_path / "families.graphml"
    nx.write_graphml(nx.florentine_families_graph(), path)
    G = load_graph_file(path).graph()
    assert {frozenset(e) for e in G.edges()} == {frozenset(e) for e in nx.florentine_families_graph().edges()}
    assert G.number_of_nodes() == 15 and G.number_of_edges() == 20


def test_malformed_xml_names_the_file(tmp_path):
    path = tmp_path / "broken.graphml"
    path.write_text('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph>')
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row) == ("broken.graphml", 1)
    assert "cannot be read as a GraphML network file (ParseError: no element found" in problem.message


def test_graphml_that_networkx_cannot_read_names_the_file(tmp_path):
    path = tmp_path / "odd.graphml"
    # An edge attribute with a key that was never declared.
    path.write_text(
        '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<graph edgedefault="undirected"><node id="a"/><node id="b"/>'
        '<edge source="a" target="b"><data key="d9">1</data></edge></graph></graphml>'
    )
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert problem.file == "odd.graphml" and "cannot be read as a GraphML network file" in problem.message


def test_unknown_sector_and_bad_weights_are_reported_together(tmp_path):
    G = _small_graph()
    G.nodes["co"]["sector"] = "rymdindustri"
    G.add_edge("rs", "co", weight=-1.0)
    G.add_node("ms", sector="public")
    G.add_edge("ms", "lu", weight="ofta")
    path = tmp_path / "bad.graphml"
    nx.write_graphml(G, path)
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    problems = {(p.file, p.column, p.message.split(";")[0]) for p in caught.value.problems}
    assert problems == {
        ("bad.graphml", "sector", "node 'co' has sector 'rymdindustri', which is not recognised"),
        ("bad.graphml", "weight", "the edge 'rs' - 'co' has weight -1.0"),
        ("bad.graphml", "weight", "the edge 'lu' - 'ms' has weight 'ofta'"),
    }


def test_decimal_comma_weights_and_self_loops(tmp_path):
    G = nx.DiGraph()
    G.add_edge("a", "b", weight="2,5")
    G.add_edge("a", "a", weight=1)
    path = tmp_path / "g.graphml"
    nx.write_graphml(G, path)
    eco = load_graph_file(path)
    assert eco.ties[["source", "target", "weight"]].values.tolist() == [["a", "b", 2.5]]
    (warning,) = eco.validation.warnings
    assert warning.file == "g.graphml" and "itself were left out" in warning.message


def test_sector_from_a_dict(tmp_path):
    path = tmp_path / "g.gexf"
    nx.write_gexf(nx.path_graph(3), path)
    eco = load_graph_file(path, sector={"0": "kommun", "1": "företag"})
    assert eco.actors["sector"].tolist() == ["public", "business", "other"]
