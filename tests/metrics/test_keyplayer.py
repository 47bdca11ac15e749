"""Key players: Borgatti's fragmentation and reach derived by hand, checked
against an independent networkx-based computation, and the search against
exhaustive enumeration on small graphs."""

import itertools
import math

import networkx as nx
import pytest

from skane_ecosystem.metrics.keyplayer import (
    fragmentation,
    key_player_set,
    reach,
    removal_impact,
)


def reference_fragmentation(G, removed=()):
    """Borgatti (2006) eq. 4 written directly over networkx shortest paths:
    1 - sum_{i != j} 1/d_ij / (n (n - 1))."""
    H = G.subgraph([node for node in G if node not in set(removed)])
    n = H.number_of_nodes()
    if n < 2:
        return 0.0
    total = 0.0
    for source, lengths in nx.all_pairs_shortest_path_length(H):
        total += sum(1 / d for target, d in lengths.items() if target != source)
    return 1 - total / (n * (n - 1))


# --- fragmentation -----------------------------------------------------------


def test_fragmentation_hand_derived():
    # P3: ordered pairs at distance 1: 4, at distance 2: 2.
    # F = 1 - (4 + 2 * 1/2) / 6 = 1/6.
    assert fragmentation(nx.path_graph(3)) == pytest.approx(1 / 6)
    # Two disjoint edges: 4 ordered pairs at distance 1 out of 12: F = 2/3.
    assert fragmentation(nx.Graph([(0, 1), (2, 3)])) == pytest.approx(2 / 3)
    # A star without its centre is all isolates: F = 1.
    assert fragmentation(nx.star_graph(4), removed=[0]) == 1.0
    # A complete graph stays complete after removals: F = 0.
    assert fragmentation(nx.complete_graph(5), removed=[0, 1]) == 0.0
    # Directed path 0 -> 1 -> 2: reachable ordered pairs (0,1), (1,2) at 1 and
    # (0,2) at 2: F = 1 - (1 + 1 + 1/2) / 6 = 7/12.
    assert fragmentation(nx.DiGraph([(0, 1), (1, 2)])) == pytest.approx(7 / 12)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("directed", [False, True])
def test_fragmentation_matches_reference(seed, directed):
    G = nx.gnp_random_graph(20, 0.12, seed=seed, directed=directed)
    assert fragmentation(G) == pytest.approx(reference_fragmentation(G), abs=1e-12)
    removed = [0, 5, 7]
    assert fragmentation(G, removed) == pytest.approx(reference_fragmentation(G, removed), abs=1e-12)


# --- reach -------------------------------------------------------------------


def test_reach_hand_derived():
    # Path 0-1-2-3-4 with K = {0}: members count 1, then 1, 1/2, 1/3, 1/4:
    # DR = (1 + 1 + 1/2 + 1/3 + 1/4) / 5.
    assert reach(nx.path_graph(5), [0]) == pytest.approx((1 + 1 + 1 / 2 + 1 / 3 + 1 / 4) / 5)
    # K = {1, 3} is adjacent to every outsider: DR = 1 (Borgatti's maximum).
    assert reach(nx.path_graph(5), [1, 3]) == 1.0
    # 2-reach from 0: actors 0, 1, 2 of 5.
    assert reach(nx.path_graph(5), [0], m=2) == pytest.approx(3 / 5)
    # An unreachable actor adds 0; directed reach follows arcs out of K.
    assert reach(nx.DiGraph([(1, 0), (1, 2)]), [0]) == pytest.approx(1 / 3)


# --- search ------------------------------------------------------------------


def exhaustive_best(G, k, score):
    return max(score(set(subset)) for subset in itertools.combinations(G, k))


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_search_reaches_exhaustive_optimum_on_small_graphs(seed):
    G = nx.gnp_random_graph(11, 0.25, seed=seed)
    for k in (1, 2):
        found = key_player_set(G, k, n_starts=3, seed=seed)
        best = exhaustive_best(G, k, lambda s: reference_fragmentation(G, s))
        assert found["score"] == pytest.approx(fragmentation(G, found["nodes"]), abs=1e-12)
        assert found["score"] <= best + 1e-12
        assert found["score"] == pytest.approx(best, abs=1e-12)
        found = key_player_set(G, k, objective="reach")
        best = exhaustive_best(G, k, lambda s: reach(G, s))
        assert found["score"] == pytest.approx(best, abs=1e-12)


def test_search_known_answers():
    # Removing the centre of P5 leaves two P2: F = 1 - 4/12 = 2/3, the best.
    assert key_player_set(nx.path_graph(5), 1)["nodes"] == [2]
    # A star's centre reaches everyone in one step.
    assert key_player_set(nx.star_graph(6), 1, objective="reach")["nodes"] == [0]
    result = key_player_set(nx.path_graph(5), 1)
    assert result["converged"] is True and result["objective"] == "fragmentation"


def test_search_budget_and_determinism():
    G = nx.gnp_random_graph(30, 0.1, seed=9)
    first = key_player_set(G, 3, n_starts=2, seed=1)
    assert first == key_player_set(G, 3, n_starts=2, seed=1)
    capped = key_player_set(G, 3, max_iter=0, search="swaps")
    assert capped["iterations"] == 0 and capped["converged"] is False
    assert len(capped["nodes"]) == 3
    hurried = key_player_set(G, 3, time_limit=1e-9)
    assert len(hurried["nodes"]) == 3 and hurried["converged"] is False


def test_search_validates_input():
    G = nx.path_graph(4)
    with pytest.raises(ValueError, match="k must be"):
        key_player_set(G, 0)
    with pytest.raises(ValueError, match="k must be"):
        key_player_set(G, 5)
    with pytest.raises(ValueError, match="objective"):
        key_player_set(G, 1, objective="betweenness")
    with pytest.raises(ValueError, match="not in the graph"):
        fragmentation(G, removed=[42])
    with pytest.raises(ValueError, match="iterable"):
        reach(G, 0)


# --- removal impact ------------------------------------------------------------


def test_removal_impact_path():
    # P5: F(whole) = 1 - 2(4*1 + 3/2 + 2/3 + 1/4)/20 = 0.358333...
    # Without 2: two P2, F = 2/3 -> gain 0.308333...
    # Without 1: {0} and P3 {2,3,4}: 2(2 + 1/2)/12 -> F = 7/12.
    impact = removal_impact(nx.path_graph(5))
    whole = 1 - 2 * (4 + 3 / 2 + 2 / 3 + 1 / 4) / 20
    assert impact.loc[2, "fragmentation"] == pytest.approx(2 / 3)
    assert impact.loc[2, "fragmentation_gain"] == pytest.approx(2 / 3 - whole)
    assert impact.loc[1, "fragmentation"] == pytest.approx(7 / 12)
    assert impact["cutoff"].tolist() == [0, 1, 2, 1, 0]


def test_removal_impact_karate_cut_vertex():
    # Zachary's node 0 is the club's only cut vertex: without it the pendant
    # 11 and the cluster {4, 5, 6, 10, 16} (tied to the rest only through
    # 0) are cut off: 6 actors.
    impact = removal_impact(nx.karate_club_graph())
    assert impact.loc[0, "cutoff"] == 6
    assert (impact.drop(index=0)["cutoff"] == 0).all()


@pytest.mark.parametrize("directed", [False, True])
def test_removal_impact_matches_reference(directed):
    G = nx.gnp_random_graph(16, 0.15, seed=11, directed=directed)
    G.add_node("isolate")
    impact = removal_impact(G)
    whole = reference_fragmentation(G)
    for node in G:
        after = reference_fragmentation(G, [node])
        assert impact.loc[node, "fragmentation"] == pytest.approx(after, abs=1e-12)
        assert impact.loc[node, "fragmentation_gain"] == pytest.approx(after - whole, abs=1e-12)
    # Removing an isolate drops only unreachable pairs, so fragmentation falls.
    assert impact.loc["isolate", "fragmentation_gain"] < 0
    assert impact.loc["isolate", "cutoff"] == 0


@pytest.mark.parametrize("G", [nx.Graph(), nx.empty_graph(1), nx.empty_graph(2), nx.path_graph(2)])
def test_degenerate_graphs(G):
    impact = removal_impact(G)
    assert len(impact) == G.number_of_nodes()
    assert not impact.isna().any().any()
    assert math.isfinite(fragmentation(G))
    assert reach(G, list(G)[:1]) >= 0
