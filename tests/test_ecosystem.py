"""Ecosystem.graph on a small example checked by hand, and from_networkx."""

import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem import Ecosystem, SurveyDataError
from skane_ecosystem.ecosystem import ACTOR_COLUMNS

# Actors A, B and C answered the survey; D and E did not (E has no ties at all).
ACTORS = pd.DataFrame(
    {
        "name": ["Aktör A", "Aktör B", "Aktör C", "Aktör D", "Aktör E"],
        "sector": ["public", "academia", "business", "civil_society", "other"],
        "type": "",
        "municipality": "",
        "respondent": [True, True, True, False, False],
    },
    index=pd.Index(list("ABCDE"), name="id"),
)
# (source, target, relation, weight, wave, reported_by)
TIES = pd.DataFrame(
    [
        ("A", "B", "collaboration", 2.0, "2019", "A"),  # t1
        ("B", "A", "collaboration", 4.0, "2019", "B"),  # t2: B confirms t1
        ("A", "B", "funding", 1.0, "2022", "A"),  # t3: B never reports funding
        ("A", "C", "collaboration", 5.0, "2022", "A"),  # t4: C, a respondent, does not confirm
        ("C", "D", "advice", 2.0, "2022", "C"),  # t5: D did not answer, so could not confirm
        ("A", "B", "collaboration", 6.0, "2022", "A"),  # t6: t1 again, in the next wave
    ],
    columns=["source", "target", "relation", "weight", "wave", "reported_by"],
)


@pytest.fixture
def eco():
    return Ecosystem(actors=ACTORS.copy(), ties=TIES.copy(), meta={"title": "Hand example"})


def edges(G):
    """Edges as {pair: (weight, relations, waves, confirmed)}; undirected pairs sorted."""
    out = {}
    for u, v, d in G.edges(data=True):
        pair = (u, v) if G.is_directed() else tuple(sorted((u, v)))
        out[pair] = (d["weight"], d["relations"], d["waves"], d["confirmed"])
    return out


def test_directed_mode(eco):
    # A->B: collaboration t1, t6 averaged (2+6)/2 = 4, plus funding t3 = 1 -> 5.
    #       confirmed, because B reported collaboration towards A (t2).
    # B->A: collaboration t2 = 4, confirmed by t1.
    # A->C: t4 = 5, C reported nothing back -> unconfirmed.
    # C->D: t5 = 2, unconfirmed.
    G = eco.graph(wave=None, mode="directed")  # both waves pooled
    assert isinstance(G, nx.DiGraph)
    assert edges(G) == {
        ("A", "B"): (5.0, ["collaboration", "funding"], ["2019", "2022"], True),
        ("B", "A"): (4.0, ["collaboration"], ["2019"], True),
        ("A", "C"): (5.0, ["collaboration"], ["2022"], False),
        ("C", "D"): (2.0, ["advice"], ["2022"], False),
    }


def test_union_mode(eco):
    # A-B: collaboration t1, t2, t6 from both directions averaged (2+4+6)/3 = 4,
    #      plus funding 1 -> 5; confirmed because both reported collaboration.
    # A-C and C-D: kept, one-sided -> unconfirmed.
    G = eco.graph(wave=None, mode="union")
    assert not G.is_directed()
    assert edges(G) == {
        ("A", "B"): (5.0, ["collaboration", "funding"], ["2019", "2022"], True),
        ("A", "C"): (5.0, ["collaboration"], ["2022"], False),
        ("C", "D"): (2.0, ["advice"], ["2022"], False),
    }


def test_mutual_mode(eco):
    # A-B collaboration is confirmed -> kept with weight 4; A-B funding was reported by
    # A only although B answered -> dropped, so the edge is collaboration alone.
    # A-C: both answered, only A reported -> dropped.
    # C-D: D did not answer -> kept, unconfirmed.
    G = eco.graph(wave=None, mode="mutual")
    assert edges(G) == {
        ("A", "B"): (4.0, ["collaboration"], ["2019", "2022"], True),
        ("C", "D"): (2.0, ["advice"], ["2022"], False),
    }


@pytest.mark.parametrize("mode", ["directed", "union", "mutual"])
def test_every_actor_is_a_node_with_its_attributes(eco, mode):
    G = eco.graph(mode=mode)
    assert sorted(G.nodes()) == list("ABCDE")  # E is an isolate
    assert G.nodes["B"] == {"name": "Aktör B", "sector": "academia", "type": "", "municipality": "", "respondent": True}
    assert G.graph["mode"] == mode and G.graph["title"] == "Hand example" and G.graph["synthetic"] is False


def test_combination_rule(eco):
    # Same relation, same pair: repeated measurements, averaged (t1, t2, t6: 2, 4, 6 -> 4).
    only_collaboration = eco.graph(relation="collaboration", wave=None)
    assert only_collaboration["A"]["B"]["weight"] == 4.0
    # Different relations between a pair: summed (collaboration 4 + funding 1).
    assert eco.graph(wave=None)["A"]["B"]["weight"] == 5.0


def test_filter_by_relation(eco):
    G = eco.graph(relation=["funding", "advice"])
    assert edges(G) == {("A", "B"): (1.0, ["funding"], ["2022"], False), ("C", "D"): (2.0, ["advice"], ["2022"], False)}
    assert G.graph["relation"] == ["funding", "advice"]


def test_filter_by_wave(eco):
    # Wave 2019 holds t1 and t2 only: A-B collaboration (2+4)/2 = 3, confirmed.
    assert edges(eco.graph(wave="2019")) == {("A", "B"): (3.0, ["collaboration"], ["2019"], True)}
    assert edges(eco.graph(wave=2019)) == edges(eco.graph(wave="2019"))  # a number works too
    assert eco.waves == ["2019", "2022"]


def test_filter_by_min_weight(eco):
    # min_weight=3 drops t1 (2), t3 (1) and t5 (2) before combining:
    # A-B collaboration from t2 (4) and t6 (6) -> 5, still confirmed (A and B both reported);
    # A-C t4 -> 5.
    assert edges(eco.graph(wave=None, min_weight=3)) == {
        ("A", "B"): (5.0, ["collaboration"], ["2019", "2022"], True),
        ("A", "C"): (5.0, ["collaboration"], ["2022"], False),
    }


def test_invalid_arguments_say_what_is_there(eco):
    with pytest.raises(ValueError, match="mode must be one of"):
        eco.graph(mode="both")
    with pytest.raises(
        ValueError,
        match=r"unknown relation\(s\) \['mentoring'\]; this ecosystem has "
        r"\['advice', 'collaboration', 'funding'\]",
    ):
        eco.graph(relation="mentoring")
    with pytest.raises(ValueError, match=r"unknown wave\(s\) \['2020'\]"):
        eco.graph(wave=2020)


def test_summary_and_facts(eco):
    summary = eco.summary()
    assert summary["actors"] == 5 and summary["ties"] == 6
    assert summary["response_rate"] == pytest.approx(3 / 5)
    assert summary["confirmed_share"] == pytest.approx(1 / 3)  # A-B of A-B, A-C, C-D
    assert summary["actors_by_sector"].to_dict() == {
        "public": 1,
        "business": 1,
        "academia": 1,
        "civil_society": 1,
        "other": 1,
    }
    assert eco.relations == ["advice", "collaboration", "funding"]
    assert repr(eco) == (
        "<Ecosystem: 5 actors, 6 tie reports, relations=['advice', 'collaboration', 'funding'], waves=['2019', '2022']>"
    )


def test_missing_columns_are_refused():
    with pytest.raises(ValueError, match="missing \\['respondent', 'wave'\\]"):
        Ecosystem(actors=ACTORS.drop(columns="respondent"), ties=TIES.drop(columns="wave"))


def test_from_networkx_round_trip_florentine():
    G = nx.florentine_families_graph()
    eco = Ecosystem.from_networkx(G)
    assert len(eco.actors) == 15 and len(eco.ties) == 20
    assert set(eco.actors.columns) >= set(ACTOR_COLUMNS)
    assert eco.actors["sector"].eq("other").all() and eco.actors["respondent"].all()
    H = eco.graph()
    assert set(H.nodes()) == set(G.nodes())
    assert {frozenset(e) for e in H.edges()} == {frozenset(e) for e in G.edges()}
    assert all(d["weight"] == 1.0 and d["relations"] == ["tie"] and d["confirmed"] for _, _, d in H.edges(data=True))
    # Nothing was lost on the way: the same graph, so the same centralities.
    assert nx.betweenness_centrality(H) == pytest.approx(nx.betweenness_centrality(G))
    assert eco.graph(mode="mutual").number_of_edges() == 20  # graph ties count as confirmed


def test_from_networkx_directed_with_attributes():
    G = nx.DiGraph(name="Litet nät")
    G.add_node(1, sector="kommun", label="Malmö stad")
    G.add_node(2, sector="Företag", name="Fyrtorn AB", founded=2015)
    G.add_edge(1, 2, weight=2.5, relation="funding")
    G.add_edge(2, 1)
    eco = Ecosystem.from_networkx(G)
    assert eco.actors[["name", "sector"]].values.tolist() == [["Malmö stad", "public"], ["Fyrtorn AB", "business"]]
    assert eco.actors.loc["2", "founded"] == 2015
    assert eco.meta["title"] == "Litet nät"
    assert edges(eco.graph(mode="directed")) == {
        ("1", "2"): (2.5, ["funding"], [], True),
        ("2", "1"): (1.0, ["tie"], [], True),
    }


def test_from_networkx_unknown_sector_lists_the_accepted_ones():
    G = nx.Graph()
    G.add_node("x", sector="rymd")
    with pytest.raises(SurveyDataError) as caught:
        Ecosystem.from_networkx(G)
    (problem,) = caught.value.problems
    assert problem.column == "sector"
    assert "node 'x' has sector 'rymd'" in problem.message and "public, business, academia" in problem.message
