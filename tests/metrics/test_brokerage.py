"""Gould-Fernandez brokerage: a hand-derived example, an independent
brute-force enumeration, and sna's moments checked by exact enumeration of
every digraph on four actors."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.metrics.brokerage import ROLES, brokerage, brokerage_summary

ALL = ROLES + ("total",)


def hand_example():
    """Groups A = {a1, a2, a3}, B = {b1, b2}, C = {c1}; arcs
    a2->a1, a1->a3, a1->b1, b2->a1, c1->a1, c1->a3.

    a1 has in-neighbours {a2, b2, c1} and out-neighbours {a3, b1}; the six
    two-paths through it are
      a2 -> a1 -> a3   A A A  coordinator
      a2 -> a1 -> b1   A A B  representative
      b2 -> a1 -> a3   B A A  gatekeeper
      b2 -> a1 -> b1   B A B  itinerant
      c1 -> a1 -> a3   closed by c1 -> a3, not brokerage
      c1 -> a1 -> b1   C A B  liaison
    No other actor has both an in- and an out-neighbour, so all others are 0.
    """
    G = nx.DiGraph([("a2", "a1"), ("a1", "a3"), ("a1", "b1"), ("b2", "a1"), ("c1", "a1"), ("c1", "a3")])
    groups = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
    nx.set_node_attributes(G, groups, "sector")
    return G


def brute_force(adjacency, groups):
    """Independent count: every ordered triple (a, v, b) of distinct actors,
    classified by which of the three group memberships coincide."""
    n = len(groups)
    names = {
        (True, True): "coordinator",  # a~v, v~b
        (True, False): "representative",  # a~v only
        (False, True): "gatekeeper",  # v~b only
    }
    counts = np.zeros((n, 5), dtype=int)
    column = {role: i for i, role in enumerate(ROLES)}
    for a, v, b in itertools.permutations(range(n), 3):
        if adjacency[a, v] and adjacency[v, b] and not adjacency[a, b]:
            key = (groups[a] == groups[v], groups[v] == groups[b])
            if key in names:
                role = names[key]
            else:
                role = "itinerant" if groups[a] == groups[b] else "liaison"
            counts[v, column[role]] += 1
    return counts


def test_hand_derived_counts():
    table = brokerage(hand_example(), "sector")
    assert table.loc["a1", list(ALL)].tolist() == [1, 1, 1, 1, 1, 5]
    others = table.drop(index="a1")
    assert (others[list(ALL)] == 0).all().all()
    assert list(table.index) == sorted(table.index)


def test_undirected_ties_count_both_ways():
    # x - v - y with x, y in A and v in B: v brokers (x, y) and (y, x).
    G = nx.Graph([("x", "v"), ("v", "y")])
    nx.set_node_attributes(G, {"x": "A", "v": "B", "y": "A"}, "sector")
    assert brokerage(G, "sector").loc["v", "itinerant"] == 2
    # Closing the triangle removes the brokerage.
    G.add_edge("x", "y")
    assert brokerage(G, "sector")["total"].sum() == 0


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("directed", [True, False])
def test_matches_brute_force_on_random_graphs(seed, directed):
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(14, 0.25, seed=seed, directed=directed)
    groups = rng.integers(0, 3, size=14).tolist()
    nx.set_node_attributes(G, dict(enumerate(groups)), "municipality")
    adjacency = nx.to_numpy_array(G, nodelist=range(14)) > 0
    expected = brute_force(adjacency, groups)
    table = brokerage(G, "municipality")
    assert (table[list(ROLES)].to_numpy() == expected).all()
    assert (table["total"].to_numpy() == expected.sum(axis=1)).all()


# --- sna's moments against exact enumeration ---------------------------------


def exact_moments(groups, d):
    """Mean and variance of every actor's role counts, and of the network
    totals, over all digraphs on len(groups) actors with arcs independent
    with probability d."""
    n = len(groups)
    arcs = [(i, j) for i in range(n) for j in range(n) if i != j]
    first = np.zeros((n, 6))
    second = np.zeros((n, 6))
    net_first = np.zeros(6)
    for mask in range(1 << len(arcs)):
        adjacency = np.zeros((n, n), dtype=bool)
        present = 0
        for k, (i, j) in enumerate(arcs):
            if mask >> k & 1:
                adjacency[i, j] = True
                present += 1
        probability = d**present * (1 - d) ** (len(arcs) - present)
        counts = brute_force(adjacency, groups)
        counts = np.column_stack([counts, counts.sum(axis=1)])
        first += probability * counts
        second += probability * counts**2
        net_first += probability * counts.sum(axis=0)
    return first, second - first**2, net_first


@pytest.mark.parametrize("groups", [[0, 0, 0, 1], [0, 0, 1, 2]])
def test_expected_counts_and_z_match_exact_enumeration(groups):
    # Observed graph: a directed 4-cycle plus one chord (5 of 12 arcs).
    G = nx.DiGraph([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)])
    nx.set_node_attributes(G, dict(enumerate(groups)), "sector")
    d = 5 / 12
    mean, variance, net_mean = exact_moments(groups, d)
    table = brokerage(G, "sector")
    for v in range(4):
        for r, role in enumerate(ALL):
            assert table.loc[v, f"expected_{role}"] == pytest.approx(mean[v, r], abs=1e-12)
            if variance[v, r] > 0:
                z = (table.loc[v, role] - mean[v, r]) / math.sqrt(variance[v, r])
                assert table.loc[v, f"z_{role}"] == pytest.approx(z, abs=1e-9)
            else:
                assert table.loc[v, f"z_{role}"] == 0.0
    summary = brokerage_summary(G, "sector")
    for r, role in enumerate(ALL):
        assert summary.loc[role, "expected"] == pytest.approx(net_mean[r], abs=1e-12)
        assert summary.loc[role, "observed"] == table[role].sum()


def test_sna_network_moments_formula():
    # sna::brokerage, exp.gli for the total: d^2 (1 - d) N (N - 1)(N - 2);
    # var.gli(total) = E (1 - d^2 (1 - d)) + N(N-1)(N-2)((4N-10) d^3 (1-d)^3
    #                   - 4 (N-3) d^4 (1-d)^2 + (N-3) d^5 (1-d)).
    G = hand_example()
    N, d = 6, 6 / 30
    expected = d**2 * (1 - d) * N * (N - 1) * (N - 2)
    variance = expected * (1 - d**2 * (1 - d)) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * d**3 * (1 - d) ** 3 - 4 * (N - 3) * d**4 * (1 - d) ** 2 + (N - 3) * d**5 * (1 - d)
    )
    row = brokerage_summary(G, "sector").loc["total"]
    assert row["expected"] == pytest.approx(expected)
    assert row["sd"] == pytest.approx(math.sqrt(variance))
    assert row["z"] == pytest.approx((5 - expected) / math.sqrt(variance))


# --- degenerate input ---------------------------------------------------------


@pytest.mark.parametrize(
    "G",
    [nx.DiGraph(), nx.empty_graph(1), nx.empty_graph(3), nx.complete_graph(4), nx.path_graph(3)],
)
def test_no_nan(G):
    nx.set_node_attributes(G, {node: "s" for node in G}, "sector")
    table = brokerage(G, "sector")
    summary = brokerage_summary(G, "sector")
    assert not table.isna().any().any()
    assert not summary.isna().any().any()
    assert len(table) == G.number_of_nodes()


def test_missing_group_is_an_error():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "a", 1: "b"}, "sector")
    with pytest.raises(ValueError, match="no 'sector' attribute: 2"):
        brokerage(G, "sector")
    G.nodes[2]["sector"] = float("nan")
    with pytest.raises(ValueError, match="no 'sector'"):
        brokerage(G, "sector")


# --- the sparse-matrix count against the earlier per-broker loop --------------


def loop_counts(G, labels):
    """The package's earlier implementation (kept here as a reference): walk
    the open two-paths through each broker."""

    def role(group_a, group_v, group_b):
        if group_a == group_v:
            return "coordinator" if group_v == group_b else "representative"
        if group_v == group_b:
            return "gatekeeper"
        if group_a == group_b:
            return "itinerant"
        return "liaison"

    successors = G.succ if G.is_directed() else G.adj
    predecessors = G.pred if G.is_directed() else G.adj
    counts = {node: dict.fromkeys(ROLES, 0) for node in G}
    for v in G:
        for a in predecessors[v]:
            for b in successors[v]:
                if a == b or b in successors[a]:
                    continue
                counts[v][role(labels[a], labels[v], labels[b])] += 1
    return counts


def reciprocated_barabasi_albert(n, seed):
    rng = np.random.default_rng(seed)
    D = nx.DiGraph()
    D.add_nodes_from(range(n))
    for u, v in nx.barabasi_albert_graph(n, 3, seed=seed).edges():
        D.add_edge(u, v) if rng.random() < 0.5 else D.add_edge(v, u)
        if rng.random() < 0.3:
            D.add_edge(v, u)
    return D


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("kind", ["gnp", "gnp_directed", "barabasi_albert", "ba_directed"])
@pytest.mark.parametrize("n_groups", [1, 4, 33])
def test_sparse_count_matches_the_loop(seed, kind, n_groups):
    if kind == "gnp":
        G = nx.gnp_random_graph(80, 0.08, seed=seed)
    elif kind == "gnp_directed":
        G = nx.gnp_random_graph(80, 0.08, seed=seed, directed=True)
    elif kind == "barabasi_albert":
        G = nx.barabasi_albert_graph(80, 3, seed=seed)
    else:
        G = reciprocated_barabasi_albert(80, seed)
    G.add_node("isolate")
    rng = np.random.default_rng(seed)
    labels = {node: f"g{rng.integers(n_groups)}" for node in G}
    nx.set_node_attributes(G, labels, "municipality")
    expected = loop_counts(G, labels)
    table = brokerage(G, "municipality")
    for node in G:
        assert [table.loc[node, role] for role in ROLES] == [expected[node][r] for r in ROLES]
