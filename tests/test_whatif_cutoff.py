"""``whatif`` tells actors cut off from the main component apart from actors whose
reach merely shrinks (issue 12), on hand-made graphs whose answer is read off a
drawing."""

import networkx as nx
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.cli import _lost_reach_lines
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.scenarios import CUT_OFF, REACH_SHRINKS, whatif

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))


def removal(G, *actors, mode="union"):
    analysis = analyze(Ecosystem.from_networkx(G), NO_STABILITY, mode=mode)
    return whatif(analysis, remove_actors=[str(a) for a in actors])


def labelled(G):
    return nx.relabel_nodes(G, str)


def test_one_actor_cut_off_is_not_ten_actors_losing_reach():
    # The case: a clique of ten where actor 0 alone ties in a pendant p.
    # Removing 0 cuts p off; the nine others only lose p.
    G = labelled(nx.complete_graph(10))
    G.add_edge("0", "p")
    result = removal(G, "0")
    assert result.cut_off == ["p"]
    assert result.reach_shrinks == [str(i) for i in range(1, 10)]
    assert result.lost_reach.loc["p", ["reach_before", "reach_after"]].tolist() == [9, 0]
    assert result.lost_reach.loc["5", "lost"] == ["p"]
    assert result.lost_reach.loc["5", ["reach_before", "reach_after"]].tolist() == [9, 8]


def test_star_without_a_leaf_loses_nothing_without_its_centre_everyone_is_cut_off():
    star = labelled(nx.star_graph(4))  # centre 0, leaves 1-4
    leaf_gone = removal(star, "4")
    assert leaf_gone.lost_reach.empty  # nobody can reach the removed leaf, but that is no loss
    assert leaf_gone.cut_off == [] and leaf_gone.reach_shrinks == []
    centre_gone = removal(star, "0")
    # four single actors: no part is larger than the others, so none is the main component
    assert centre_gone.cut_off == ["1", "2", "3", "4"]
    assert centre_gone.reach_shrinks == []
    assert set(centre_gone.lost_reach["status"]) == {CUT_OFF}


def test_barbell_the_small_bell_is_cut_off_the_large_one_reaches_less():
    # A clique of five (a0-a4) and a clique of three (b0-b2), joined through x.
    G = nx.complete_graph([f"a{i}" for i in range(5)])
    G.add_edges_from(nx.complete_graph(["b0", "b1", "b2"]).edges())
    G.add_edges_from([("a0", "x"), ("x", "b0")])
    result = removal(G, "x")
    assert result.cut_off == ["b0", "b1", "b2"]
    assert result.reach_shrinks == [f"a{i}" for i in range(5)]
    assert result.lost_reach.loc["b1", "lost"] == ["a0", "a1", "a2", "a3", "a4"]
    assert result.lost_reach.loc["a3", "lost"] == ["b0", "b1", "b2"]


def test_path_cut_near_one_end():
    # 0-1-2-3-4 without 3: {0, 1, 2} stays the main component, 4 is cut off.
    result = removal(labelled(nx.path_graph(5)), "3")
    assert result.cut_off == ["4"]
    assert result.reach_shrinks == ["0", "1", "2"]
    assert result.lost_reach.loc["0", ["reach_before", "reach_after", "lost"]].tolist() == [3, 2, ["4"]]


def test_path_cut_in_the_middle_cuts_both_halves_off():
    # Two equal halves: neither is what remains of the main component.
    result = removal(labelled(nx.path_graph(5)), "2")
    assert result.cut_off == ["0", "1", "3", "4"]
    assert result.reach_shrinks == []


def test_a_small_component_that_loses_members_is_not_cut_off_from_anything():
    # Main component: a clique of four; a separate chain x-y-z.  Removing y splits
    # the chain: x and z reach less, but they were never in the main component.
    G = nx.complete_graph(["a", "b", "c", "d"])
    G.add_edges_from([("x", "y"), ("y", "z")])
    result = removal(G, "y")
    assert result.cut_off == []
    assert result.reach_shrinks == ["x", "z"]
    assert set(result.lost_reach["status"]) == {REACH_SHRINKS}
    main_gone = removal(G, "a")  # the clique stays whole: nobody loses anyone remaining
    assert main_gone.lost_reach.empty


def test_directed_graphs_use_weak_components():
    # Arcs 0 -> 1 -> 2 -> 3 -> 4: removing 3 cuts 4 off, as in the undirected path.
    result = removal(labelled(nx.DiGraph(nx.path_graph(5, create_using=nx.DiGraph))), "3", mode="directed")
    assert result.cut_off == ["4"]
    assert result.reach_shrinks == ["0", "1", "2"]


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            "en",
            [
                "1 remaining actor(s) cut off from the main component",
                "9 other remaining actor(s) reach fewer actors than before",
                "Cut off from the main component: p",
            ],
        ),
        (
            "sv",
            [
                "1 kvarvarande aktör(er) avskurna från huvudkomponenten",
                "9 andra kvarvarande aktör(er) når färre aktörer än tidigare",
                "Avskurna från huvudkomponenten: p",
            ],
        ),
    ],
)
def test_the_command_line_says_cut_off_apart_from_reach_shrinks(lang, words):
    G = labelled(nx.complete_graph(10))
    G.add_edge("0", "p")
    text = " ".join(line.plain for line in _lost_reach_lines(removal(G, "0"), lang))
    for phrase in words:
        assert phrase in text
    assert "lose reach" not in text
