"""key_player_set equals exhaustive search on small graphs, and its
``converged`` means that the search finished, not that a budget ran out.

The reference scores every k-subset with Borgatti's (2006) formulas written
out over networkx shortest paths; it shares no code with the module.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from skane_ecosystem.metrics.keyplayer import key_player_set

# --- the reference ------------------------------------------------------------


def reference_fragmentation(G, removed):
    """KPP-Neg (eq. 4): 1 - sum_{i != j} 1/d_ij / (n (n - 1)) over the
    actors left; 1/inf = 0; fewer than two actors left: 0."""
    H = G.subgraph([node for node in G if node not in removed])
    n = H.number_of_nodes()
    if n < 2:
        return 0.0
    total = sum(
        1 / d
        for source, lengths in nx.all_pairs_shortest_path_length(H)
        for target, d in lengths.items()
        if target != source
    )
    return 1 - total / (n * (n - 1))


def reference_reach(G, members, m=None):
    """KPP-Pos: sum over actors of 1/d(K, j) (members count 1) / n, or with
    ``m`` the share of actors within m steps of K (directed: paths from K)."""
    nearest = {}
    for member in members:
        for target, d in nx.single_source_shortest_path_length(G, member).items():
            nearest[target] = min(d, nearest.get(target, d))
    if m is not None:
        return sum(1 for d in nearest.values() if d <= m) / len(G)
    return sum(1.0 if d == 0 else 1 / d for d in nearest.values()) / len(G)


OBJECTIVES = {
    "fragmentation": (dict(objective="fragmentation"), reference_fragmentation),
    "reach": (dict(objective="reach"), reference_reach),
    "2-reach": (dict(objective="reach", m=2), lambda G, s: reference_reach(G, s, m=2)),
}


def exhaustive(G, k, reference):
    """(best value, every optimal set) over all k-subsets."""
    scored = [(reference(G, set(subset)), set(subset)) for subset in itertools.combinations(G, k)]
    best = max(value for value, _ in scored)
    return best, [subset for value, subset in scored if value >= best - 1e-12]


# --- the graphs -----------------------------------------------------------------


def small_graphs():
    """Small graphs, several with many equally good sets (symmetries)."""
    yield "path", nx.path_graph(7)
    yield "star", nx.star_graph(6)  # leaves are interchangeable
    yield "cycle", nx.cycle_graph(8)  # every actor alike
    yield "complete", nx.complete_graph(5)  # fragmentation 0 whatever goes
    yield "petersen", nx.petersen_graph()
    yield "barbell", nx.barbell_graph(3, 2)
    yield "kite", nx.krackhardt_kite_graph()
    yield "tree", nx.balanced_tree(2, 2)
    yield "two-parts", nx.disjoint_union(nx.path_graph(4), nx.star_graph(3))
    yield "florentine", nx.florentine_families_graph()
    yield "gnp", nx.gnp_random_graph(11, 0.25, seed=3)
    yield "directed", nx.gnp_random_graph(9, 0.3, seed=1, directed=True)


SMALL = dict(small_graphs())


# --- the tests --------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize("objective", sorted(OBJECTIVES))
@pytest.mark.parametrize("name", sorted(SMALL))
def test_small_graphs_equal_exhaustive_search(name, objective, k):
    G = SMALL[name]
    options, reference = OBJECTIVES[objective]
    best, optimal_sets = exhaustive(G, k, reference)
    found = key_player_set(G, k, **options)
    assert found["score"] == pytest.approx(best, abs=1e-12)
    assert set(found["nodes"]) in optimal_sets  # any optimal set will do
    assert found["exact"] is True and found["converged"] is True


def test_equally_good_sets_go_to_the_first_in_node_order():
    # Removing any two leaves of a star leaves a smaller star: all such sets
    # tie below the centre's; for reach every set holding the centre ties.
    G = nx.star_graph(6)
    assert key_player_set(G, 2, objective="reach")["nodes"] == [0, 1]
    assert key_player_set(nx.cycle_graph(8), 1)["nodes"] == [0]


def test_swap_search_converged_means_no_swap_improves():
    # Above the exhaustive limit: a converged result is a local optimum --
    # checked here by trying every single swap with the reference.
    G = nx.gnp_random_graph(24, 0.12, seed=7)
    found = key_player_set(G, 2, search="swaps")
    assert found["search"] == "swaps" and found["exact"] is False
    assert found["converged"] is True
    members = set(found["nodes"])
    value = reference_fragmentation(G, members)
    assert found["score"] == pytest.approx(value, abs=1e-12)
    for out in members:
        for into in set(G) - members:
            assert reference_fragmentation(G, members - {out} | {into}) <= value + 1e-12


def test_a_spent_budget_is_not_convergence():
    G = nx.gnp_random_graph(30, 0.1, seed=9)
    unbounded = key_player_set(G, 3, search="swaps", n_starts=3, seed=2)
    assert unbounded["converged"] is True and unbounded["iterations"] >= 2
    # One swap round fewer than the search needs: stopped by max_iter.
    capped = key_player_set(G, 3, search="swaps", n_starts=3, seed=2, max_iter=1)
    assert capped["converged"] is False
    # A time limit that runs out at once: neither search finished.
    for search in ("swaps", "exhaustive"):
        hurried = key_player_set(G, 3, search=search, time_limit=1e-9)
        assert hurried["converged"] is False and hurried["exact"] is False
        assert len(hurried["nodes"]) == 3


def test_exhaustive_search_is_the_default_only_while_affordable():
    from skane_ecosystem.metrics.keyplayer import EXHAUSTIVE_SETS

    G = nx.gnp_random_graph(40, 0.1, seed=1)  # C(40, 3) = 9,880 sets
    assert 9880 > EXHAUSTIVE_SETS
    assert key_player_set(G, 3, max_iter=5)["search"] == "swaps"
    assert key_player_set(G, 2)["search"] == "exhaustive"  # 780 sets
    with pytest.raises(ValueError, match="search must be"):
        key_player_set(G, 2, search="genetic")
