"""Removal impact, fragmentation and key players at scale: the dominator-tree
repair against a brute-force recomputation on many graph shapes, the
block-cut tree against removing each cut vertex, and the sampled estimates
against the exact values."""

import random

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.metrics import articulation_point_impact, fragmentation, key_player_set, removal_impact
from skane_ecosystem.metrics.connectivity import _ordered_groups, _undirected


def reference_fragmentation(G, removed=()):
    """Borgatti (2006) eq. 4 over networkx shortest paths, recomputed from
    scratch for the graph without ``removed``."""
    H = G.subgraph([node for node in G if node not in set(removed)])
    n = H.number_of_nodes()
    if n < 2:
        return 0.0
    total = 0.0
    for source, lengths in nx.all_pairs_shortest_path_length(H):
        total += sum(1 / d for target, d in lengths.items() if target != source)
    return 1 - total / (n * (n - 1))


def shapes(seed):
    """Graphs where removals lengthen paths in different ways: random,
    sparse and dense, trees (every inner node a cut vertex), cycles (every
    removal reroutes), grids (many equal geodesics), directed cycles and
    lollipops (a clique on a chain)."""
    rng = random.Random(seed)
    yield nx.gnp_random_graph(18, 0.12, seed=seed)
    yield nx.gnp_random_graph(22, 0.25, seed=seed, directed=True)
    yield nx.random_labeled_tree(15, seed=seed)
    yield nx.watts_strogatz_graph(20, 2, 0.2, seed=seed)
    yield nx.barabasi_albert_graph(20, 1, seed=seed)
    yield nx.convert_node_labels_to_integers(nx.grid_2d_graph(3, 4 + seed % 2))
    yield nx.DiGraph([(i, (i + 1) % 9) for i in range(9)] + [(0, 4), (rng.randrange(9), 7)])
    yield nx.lollipop_graph(4, 3 + seed % 3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_removal_impact_matches_recomputation(seed):
    for G in shapes(seed):
        G.add_node("isolate")
        impact = removal_impact(G)
        whole = reference_fragmentation(G)
        after = impact["fragmentation"].to_dict()
        gain = impact["fragmentation_gain"].to_dict()
        for node in G:
            expected = reference_fragmentation(G, [node])
            assert after[node] == pytest.approx(expected, abs=1e-12)
            assert gain[node] == pytest.approx(expected - whole, abs=1e-12)


def reference_cut_table(G):
    """What each cut vertex separates, by deleting it and listing the
    components (the package's earlier implementation)."""
    H = _undirected(G)
    rows = {}
    for node in nx.articulation_points(H):
        own = nx.node_connected_component(H, node) - {node}
        pieces = _ordered_groups(G, nx.connected_components(H.subgraph(own)))
        separated = set().union(*pieces[1:])
        rows[node] = (len(pieces), len(pieces[0]), len(separated), tuple(sorted(separated)))
    return rows


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_block_cut_tree_matches_deleting_each_cut_vertex(seed, directed, engine):
    pytest.importorskip("igraph")
    G = nx.gnp_random_graph(40, 0.05, seed=seed, directed=directed)
    G.add_edges_from([(100, 101), (101, 102)])  # a second part with a cut vertex
    table = articulation_point_impact(G, engine=engine)
    found = {node: tuple(row) for node, row in zip(table.index, table.itertuples(index=False))}
    assert found == reference_cut_table(G)
    # The cut-off counts in removal_impact come from the same tree, for the
    # main component only.
    main = max(nx.connected_components(_undirected(G)), key=len)
    cutoff = removal_impact(G, engine=engine)["cutoff"].to_dict()
    for node in G:
        if node in found and node in main:
            assert cutoff[node] == found[node][2]
        else:
            assert cutoff[node] == 0


# --- sampled fragmentation ------------------------------------------------------


def test_sample_covering_every_part_gives_the_exact_values():
    G = nx.gnp_random_graph(40, 0.08, seed=3)
    exact = removal_impact(G)
    sampled = removal_impact(G, approximate=True, samples=40)
    assert np.allclose(sampled["fragmentation"], exact["fragmentation"], atol=1e-12, rtol=0)
    assert sampled.attrs["approximate"] == {} and exact.attrs["approximate"] == {}
    assert fragmentation(G, approximate=True, samples=40) == pytest.approx(fragmentation(G), abs=1e-12)


def test_sampled_fragmentation_is_unbiased():
    # 150 seeded samples of 8 of 60 sources: the mean estimate lies within 4
    # standard errors of the mean of the exact value, for the whole network
    # and for the network without each actor.
    G = nx.barabasi_albert_graph(60, 2, seed=1)
    G.add_edges_from([(60, 61), (61, 62)])  # a small part: always exact
    exact = removal_impact(G)
    runs = [removal_impact(G, approximate=True, samples=8, seed=seed) for seed in range(150)]
    after = np.array([run["fragmentation"].to_numpy() for run in runs])
    error_of_mean = after.std(axis=0, ddof=1) / np.sqrt(len(runs))
    assert np.all(np.abs(after.mean(axis=0) - exact["fragmentation"].to_numpy()) <= 4 * error_of_mean + 1e-12)
    assert runs[0].attrs["approximate"] == {"fragmentation": 8}
    assert (runs[0]["cutoff"] == exact["cutoff"]).all()  # always exact
    whole = [fragmentation(G, approximate=True, samples=8, seed=seed) for seed in range(150)]
    assert abs(np.mean(whole) - fragmentation(G)) <= 4 * np.std(whole, ddof=1) / np.sqrt(150)


def test_sampled_fragmentation_after_removal_samples_the_rest():
    G = nx.path_graph(30)
    value = fragmentation(G, removed=[15], approximate=True, samples=15)
    # Without 15 the path falls into two parts of 15: every actor a source.
    assert value == pytest.approx(reference_fragmentation(G, [15]), abs=1e-12)


# --- key players at scale ----------------------------------------------------------


def test_candidates_bound_the_search():
    G = nx.barabasi_albert_graph(300, 2, seed=4)
    result = key_player_set(G, 2, candidates=20, search="swaps")
    assert result["candidates"] == 20
    top = sorted(G, key=lambda node: (-G.degree(node), node))[:20]
    assert set(result["nodes"]) <= set(top)
    # Greedy: 20 + 19 sets; then the start set and 2 x 18 swaps per round
    # (the last round finding no improvement).
    assert result["evaluations"] == 39 + 1 + (result["iterations"] + 1) * 36
    chosen = key_player_set(G, 1, candidates=[5, 7, 9], objective="reach")
    assert chosen["candidates"] == 3 and chosen["nodes"][0] in {5, 7, 9}
    with pytest.raises(ValueError, match="larger than the number of candidates"):
        key_player_set(G, 4, candidates=[5, 7, 9])
    with pytest.raises(ValueError, match="candidates"):
        key_player_set(G, 1, candidates=0)


def test_sampled_search_scores_with_the_sample():
    G = nx.barabasi_albert_graph(120, 2, seed=5)
    result = key_player_set(G, 2, candidates=10, approximate=True, samples=30, seed=1)
    assert result["samples"] == 30
    again = key_player_set(G, 2, candidates=10, approximate=True, samples=30, seed=1)
    assert again == result
    # The score is the sampled fragmentation of the chosen set (the same
    # sources: the whole-network sample, minus the removed actors).
    exact = key_player_set(G, 2, candidates=10)
    assert exact["samples"] is None
    assert abs(result["score"] - reference_fragmentation(G, result["nodes"])) < 0.05
