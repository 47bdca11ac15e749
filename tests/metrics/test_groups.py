"""Groups and sectors: E-I index, tie matrices, assortativity, cross-group
shares and participation, derived by hand or checked against igraph."""

import math

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.metrics.groups import (
    assortativity,
    cross_group_share,
    ei_index,
    ei_index_actors,
    ei_index_groups,
    participation_coefficient,
    tie_matrix,
)


def five_actor_example(attribute="sector"):
    """a, b in A; c, d in B; e in C.  Ties a-b (internal), b-c (external),
    c-d (internal), d-e (external), a-c (external)."""
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "c")])
    nx.set_node_attributes(G, {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C"}, attribute)
    return G


# --- E-I index ------------------------------------------------------------------


def test_network_ei_hand_derived():
    # E = 3 (b-c, d-e, a-c), I = 2 (a-b, c-d): E-I = (3 - 2) / 5 = 0.2.
    result = ei_index(five_actor_example(), "sector", n_permutations=0)
    assert (result["external"], result["internal"]) == (3, 2)
    assert result["ei"] == pytest.approx(0.2)
    assert result["p_value"] == 1.0 and result["n_permutations"] == 0


def test_group_ei_hand_derived():
    # A: internal a-b, external b-c and a-c -> (2 - 1) / 3.
    # B: internal c-d, external b-c, d-e, a-c -> (3 - 1) / 4.
    # C: external d-e only -> 1.
    table = ei_index_groups(five_actor_example(), "sector", n_permutations=0)
    assert table["internal"].tolist() == [1, 1, 0]
    assert table["external"].tolist() == [2, 3, 1]
    assert table["ei"].tolist() == pytest.approx([1 / 3, 1 / 2, 1.0])
    assert table["size"].tolist() == [2, 2, 1]


def test_actor_ei_and_cross_share_hand_derived():
    # a: b (I), c (E) -> 0.  c: b (E), d (I), a (E) -> 1/3.  e: d (E) -> 1.
    G = five_actor_example()
    assert ei_index_actors(G, "sector") == pytest.approx({"a": 0.0, "b": 0.0, "c": 1 / 3, "d": 0.0, "e": 1.0})
    assert cross_group_share(G, "sector") == pytest.approx({"a": 0.5, "b": 0.5, "c": 2 / 3, "d": 0.5, "e": 1.0})


def test_permutation_p_value_exact_distribution():
    # a-b and c-d, groups {a, b} = x, {c, d} = y: observed E-I = -1.
    # Of the 6 equally likely label assignments, 2 keep both ties internal
    # (E-I = -1) and 4 make both external (E-I = +1): P(E-I <= -1) = 1/3,
    # the permutation mean is 1/3, and only the -1 outcomes are as extreme.
    G = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "sector")
    result = ei_index(G, "sector", n_permutations=3000, seed=0)
    assert result["ei"] == -1.0
    assert result["expected"] == pytest.approx(1 / 3, abs=0.03)
    assert result["p_less"] == pytest.approx(1 / 3, abs=0.03)
    assert result["p_value"] == pytest.approx(1 / 3, abs=0.03)
    assert result["p_greater"] == 1.0
    # Seeded: the same call gives the same numbers; another seed may not.
    assert result == ei_index(G, "sector", n_permutations=3000, seed=0)
    groups = ei_index_groups(G, "sector", n_permutations=3000, seed=0)
    # Group x: -1 when {a, b} share a label (1/3), else +1.
    assert groups.loc["x", "p_value"] == pytest.approx(1 / 3, abs=0.03)


def test_directed_ties_counted_once():
    D = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    nx.set_node_attributes(D, {"a": 1, "b": 1, "c": 2}, "sector")
    result = ei_index(D, "sector", n_permutations=0)
    assert (result["external"], result["internal"]) == (1, 1)
    assert ei_index_actors(D, "sector")["b"] == 0.0


# --- tie matrices ------------------------------------------------------------------


def test_tie_matrix_undirected_hand_derived():
    # Counts: A-A 1, B-B 1, A-B 2 (b-c, a-c), B-C 1 (d-e).
    # Density: A-A 1/1, B-B 1/1, A-B 2/(2*2), B-C 1/(2*1), C-C: no pair -> 0.
    G = five_actor_example()
    counts = tie_matrix(G, "sector")
    assert counts.values.tolist() == [[1, 2, 0], [2, 1, 1], [0, 1, 0]]
    assert list(counts.index) == ["A", "B", "C"] and counts.index.name == "sector"
    dens = tie_matrix(G, "sector", density=True)
    assert dens.to_numpy() == pytest.approx(np.array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 0.0]]))


def test_tie_matrix_directed_hand_derived():
    # Arcs a->b (A->A), b->c (A->B), c->b (B->A), c->d (B->B).
    # Directed densities: within A 1/(2*1), A->B 1/(2*2).
    D = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    nx.set_node_attributes(D, {"a": "A", "b": "A", "c": "B", "d": "B"}, "sector")
    assert tie_matrix(D, "sector").values.tolist() == [[1, 1], [1, 1]]
    assert tie_matrix(D, "sector", density=True).to_numpy() == pytest.approx(np.array([[0.5, 0.25], [0.25, 0.5]]))


# --- assortativity -------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("directed", [False, True])
def test_assortativity_matches_igraph(seed, directed):
    ig = pytest.importorskip("igraph")
    G = nx.gnp_random_graph(30, 0.15, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 3, size=30)
    nx.set_node_attributes(G, {n: f"kommun-{groups[n]}" for n in G}, "municipality")
    nodes = list(G)
    graph = ig.Graph(n=30, edges=list(G.edges()), directed=directed)
    expected = graph.assortativity_nominal([int(groups[n]) for n in nodes], directed=directed)
    assert assortativity(G, "municipality") == pytest.approx(expected, abs=1e-12)


def test_assortativity_undefined_is_zero():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, "same", "sector")
    assert assortativity(G, "sector") == 0.0


# --- participation coefficient ----------------------------------------------------------


def test_participation_hand_derived():
    # Node 0 has ties to 1, 2 (community A), 3 (B), 4 (C):
    # P = 1 - ((2/4)^2 + (1/4)^2 + (1/4)^2) = 0.625.
    # Weighted 0-1: 2, 0-2: 1, 0-3: 1, 0-4: 4 (total 8):
    # P = 1 - ((3/8)^2 + (1/8)^2 + (4/8)^2) = 38/64.
    G = nx.star_graph(4)
    for leaf, w in zip([1, 2, 3, 4], [2.0, 1.0, 1.0, 4.0]):
        G[0][leaf]["weight"] = w
    partition = {0: "A", 1: "A", 2: "A", 3: "B", 4: "C"}
    assert participation_coefficient(G, partition)[0] == pytest.approx(0.625)
    assert participation_coefficient(G, partition, weight="weight")[0] == pytest.approx(38 / 64)
    assert participation_coefficient(G, partition)[1] == 0.0
    nx.set_node_attributes(G, partition, "community")
    assert participation_coefficient(G, "community")[0] == pytest.approx(0.625)


# --- any attribute, missing values, degenerate graphs -----------------------------------


def test_same_functions_by_municipality():
    G = five_actor_example("municipality")
    assert ei_index(G, "municipality", n_permutations=0)["ei"] == pytest.approx(0.2)
    assert tie_matrix(G, "municipality").index.name == "municipality"
    with pytest.raises(ValueError, match="no 'sector' attribute"):
        ei_index(G, "sector")


def test_missing_values_are_errors():
    G = five_actor_example()
    del G.nodes["e"]["sector"]
    for function in (ei_index, ei_index_groups, ei_index_actors, tie_matrix, assortativity, cross_group_share):
        with pytest.raises(ValueError, match="1 actor\\(s\\) have no 'sector' attribute: 'e'"):
            function(G, "sector")
    with pytest.raises(ValueError, match="no community"):
        participation_coefficient(nx.path_graph(2), {0: 1})


@pytest.mark.parametrize("G", [nx.Graph(), nx.empty_graph(1), nx.empty_graph(3)])
def test_degenerate_graphs(G):
    nx.set_node_attributes(G, {n: n % 2 for n in G}, "sector")
    result = ei_index(G, "sector", n_permutations=10)
    assert result["ei"] == 0.0 and math.isfinite(result["p_value"])
    assert not ei_index_groups(G, "sector", n_permutations=10).isna().any().any()
    assert all(v == 0.0 for v in ei_index_actors(G, "sector").values())
    assert all(v == 0.0 for v in cross_group_share(G, "sector").values())
    assert all(v == 0.0 for v in participation_coefficient(G, {n: 0 for n in G}).values())
    assert assortativity(G, "sector") == 0.0
    assert not tie_matrix(G, "sector", density=True).isna().any().any()
