"""Burt's measures against UCINET/igraph values, hand derivations and igraph."""

import math
import random

import networkx as nx
import pytest

from skane_ecosystem.metrics.structural_holes import (
    constraint,
    effective_size,
    efficiency,
    hierarchy,
    local_constraint,
)


def borgatti_graph(weighted=False):
    """Borgatti (1997), Connections 20(1), 35-38 -- the example networkx's
    test_structuralholes.py uses; its values were computed with UCINET and
    igraph and checked by hand."""
    edges = {
        ("A", "B"): 2,
        ("A", "F"): 3,
        ("A", "G"): 5,
        ("A", "E"): 2,
        ("E", "G"): 8,
        ("F", "G"): 3,
        ("B", "G"): 4,
        ("B", "D"): 1,
        ("D", "G"): 3,
        ("G", "C"): 10,
    }
    G = nx.Graph()
    for (u, v), w in edges.items():
        if weighted:
            G.add_edge(u, v, weight=w)
        else:
            G.add_edge(u, v)
    return G


def directed_example(weighted=False):
    """Directed example of networkx's test_structuralholes.py."""
    weights = {(0, 1): 2, (0, 2): 2, (1, 0): 1, (2, 1): 1}
    D = nx.DiGraph()
    for (u, v), w in weights.items():
        if weighted:
            D.add_edge(u, v, weight=w)
        else:
            D.add_edge(u, v)
    return D


# --- published values -------------------------------------------------------


def test_borgatti_constraint_and_effective_size():
    G = borgatti_graph()
    c = constraint(G)
    e = effective_size(G)
    assert c["G"] == pytest.approx(0.400, abs=1e-3)
    assert c["A"] == pytest.approx(0.595, abs=1e-3)
    assert c["C"] == pytest.approx(1.0, abs=1e-3)
    assert e["G"] == pytest.approx(4.67, abs=1e-2)
    assert e["A"] == pytest.approx(2.50, abs=1e-2)
    assert e["C"] == pytest.approx(1.0, abs=1e-2)


def test_borgatti_weighted():
    G = borgatti_graph(weighted=True)
    c = constraint(G, weight="weight")
    e = effective_size(G, weight="weight")
    assert c["G"] == pytest.approx(0.299, abs=1e-3)
    assert c["A"] == pytest.approx(0.795, abs=1e-3)
    assert c["C"] == pytest.approx(1.0, abs=1e-3)
    assert e["G"] == pytest.approx(5.47, abs=1e-2)
    assert e["A"] == pytest.approx(2.47, abs=1e-2)
    assert e["C"] == pytest.approx(1.0, abs=1e-2)


def test_borgatti_efficiency_hand_derived():
    # Borgatti (1997): efficiency = effective size / number of contacts.
    # G has 6 contacts (A, B, C, D, E, F) with t = 4 ties among them
    # (A-B, A-E, A-F, B-D): e = 6 - 2*4/6 = 4.667, efficiency .778.
    # A has 4 contacts (B, E, F, G) with 3 ties among them (G-B, G-E, G-F):
    # e = 4 - 2*3/4 = 2.5, efficiency .625.  C has one contact: 1 and 1.
    eff = efficiency(borgatti_graph())
    assert eff["G"] == pytest.approx((6 - 8 / 6) / 6)
    assert eff["A"] == pytest.approx(2.5 / 4)
    assert eff["C"] == pytest.approx(1.0)


def test_effective_size_avoids_networkx_vectorised_path_bug():
    # networkx PR #8906: nx.effective_size(G, weight=...) without ``nodes``
    # gives A = 2.79 on the weighted Borgatti graph; UCINET/igraph give 2.47.
    e = effective_size(borgatti_graph(weighted=True), weight="weight")
    assert e["A"] == pytest.approx(2.475, abs=1e-3)


def test_directed_variants():
    D = directed_example()
    c = constraint(D)
    e = effective_size(D)
    assert (c[0], c[1], c[2]) == pytest.approx((1.003, 1.003, 1.389), abs=1e-3)
    assert (e[0], e[1], e[2]) == pytest.approx((1.167, 1.167, 1.0), abs=1e-3)
    W = directed_example(weighted=True)
    c = constraint(W, weight="weight")
    e = effective_size(W, weight="weight")
    assert (c[0], c[1], c[2]) == pytest.approx((0.840, 1.143, 1.378), abs=1e-3)
    assert (e[0], e[1], e[2]) == pytest.approx((1.567, 1.083, 1.0), abs=1e-3)


def test_igraph_documented_constraint_values():
    # igraph's constraint(): a 4-path gives 1, .5, .5, 1 and K4 .925926
    # (each tie p = 1/3, c_ij = (1/3 + 2/9)^2 = 25/81, three of them 75/81).
    assert constraint(nx.path_graph(4)) == pytest.approx({0: 1.0, 1: 0.5, 2: 0.5, 3: 1.0})
    for value in constraint(nx.complete_graph(4)).values():
        assert value == pytest.approx(0.925926, abs=1e-6)
        assert value == pytest.approx(75 / 81)


# --- weighted constraint against igraph -----------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_weighted_constraint_matches_igraph(seed):
    ig = pytest.importorskip("igraph")
    G = nx.gnp_random_graph(16, 0.3, seed=seed)
    G.add_node("isolate")
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.uniform(0.5, 5.0)
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    graph.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
    for ours, theirs in [
        (constraint(G, weight="weight"), graph.constraint(weights="weight")),
        (constraint(G), graph.constraint()),
    ]:
        for i, node in enumerate(nodes):
            if math.isnan(theirs[i]):  # igraph: isolates undefined
                assert ours[node] == 0.0
            else:
                assert ours[node] == pytest.approx(theirs[i], abs=1e-9)


# --- hierarchy ---------------------------------------------------------------


def test_hierarchy_hand_derived():
    # Ego 0 with contacts 1, 2, 3; 1-2 tied.  p_0j = 1/3; p_12 = p_21 = 1/2.
    # c_01 = c_02 = (1/3 + 1/3 * 1/2)^2 = 1/4, c_03 = 1/9, C = 11/18.
    # r_j = c_0j / (C/3): 27/22, 27/22, 12/22.
    # H = sum r ln r / (3 ln 3).
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (1, 2)])
    ratios = [27 / 22, 27 / 22, 12 / 22]
    expected = sum(r * math.log(r) for r in ratios) / (3 * math.log(3))
    assert hierarchy(G)[0] == pytest.approx(expected)
    assert local_constraint(G)[0] == pytest.approx({1: 0.25, 2: 0.25, 3: 1 / 9})


def test_hierarchy_even_constraint_is_zero():
    # A star's centre has equal dyadic constraint from every leaf; a leaf
    # has one contact.
    assert hierarchy(nx.star_graph(4)) == {n: 0.0 for n in range(5)}
    assert all(v == pytest.approx(0.0) for v in hierarchy(nx.complete_graph(5)).values())


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("directed", [False, True])
def test_local_constraint_sums_to_networkx_constraint(weighted, directed):
    G = nx.gnp_random_graph(14, 0.35, seed=5, directed=directed)
    rng = random.Random(5)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.uniform(0.5, 5.0)
    weight = "weight" if weighted else None
    reference = nx.constraint(G, weight=weight)
    for node, row in local_constraint(G, weight=weight).items():
        if row:
            assert sum(row.values()) == pytest.approx(reference[node], abs=1e-12)


# --- isolates ----------------------------------------------------------------


@pytest.mark.parametrize("directed", [False, True])
def test_isolates_and_degenerate_graphs(directed):
    kind = nx.DiGraph if directed else nx.Graph
    G = kind([(0, 1), (1, 2)])
    G.add_node("lonely")
    for measure in (constraint, effective_size, efficiency, hierarchy):
        values = measure(G)
        assert values["lonely"] == 0.0
        assert all(math.isfinite(v) for v in values.values())
        assert measure(kind()) == {}
        assert measure(nx.empty_graph(1, create_using=kind)) == {0: 0.0}
    assert constraint(G, isolate_value=1.0)["lonely"] == 1.0
    assert constraint(G, isolate_value=1.0)[1] == pytest.approx(0.5)


def test_directed_efficiency_counts_contacts_once():
    # 0 <-> 1 reciprocated and 0 -> 2: two contacts, not three ties.
    D = nx.DiGraph([(0, 1), (1, 0), (0, 2)])
    assert efficiency(D)[0] == pytest.approx(effective_size(D)[0] / 2)


def test_rejects_bad_weights():
    G = nx.Graph()
    G.add_edge(0, 1, weight=-1.0)
    with pytest.raises(ValueError, match="finite and > 0"):
        constraint(G, weight="weight")
