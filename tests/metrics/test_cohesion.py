"""Cohesion against Kolaczyk & Csardi's karate figures, hand derivations and
python-igraph."""

import math

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.metrics import (
    articulation_point_impact,
    articulation_points,
    average_distance,
    betweenness_centralization,
    bridges,
    communities,
    component_labels,
    components,
    core_periphery,
    degree_centralization,
    density,
    diameter,
    main_component_share,
    modularity,
    reciprocity,
    transitivity,
)


def to_igraph(G):
    ig = pytest.importorskip("igraph")
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()], directed=G.is_directed())
    return graph, nodes


# --- karate club (Kolaczyk & Csardi 2014, Statistical Analysis of Network
# --- Data with R, ch. 4) --------------------------------------------------------


def test_karate_density_transitivity_cut_vertex():
    G = nx.karate_club_graph()
    assert density(G) == pytest.approx(0.1390374, abs=1e-7)
    assert transitivity(G) == pytest.approx(0.2556818, abs=1e-7)
    # The instructor (vertex 1 in R, node 0 here) is the only cut vertex.
    assert articulation_points(G) == [0]


def test_karate_degree_centralization_hand_derived():
    # 78 ties, so degrees sum to 156; the largest degree is 17 (node 33).
    # sum(17 - d_i) = 34 * 17 - 156 = 422; Freeman maximum (n-1)(n-2) = 1056.
    assert degree_centralization(nx.karate_club_graph()) == pytest.approx(422 / 1056)


def test_karate_betweenness_centralization_from_igraph():
    # Freeman's formula applied to igraph's betweenness (an independent
    # implementation): sum(max - b) / ((n-1)^2 (n-2) / 2), igraph centr_betw.
    G = nx.karate_club_graph()
    graph, _ = to_igraph(G)
    b = graph.betweenness()
    n = len(b)
    expected = sum(max(b) - x for x in b) / ((n - 1) ** 2 * (n - 2) / 2)
    assert betweenness_centralization(G) == pytest.approx(expected, abs=1e-12)


def test_directed_degree_centralization_hand_derived():
    # Out-star 0 -> 1, 2, 3 (n = 4).
    # out: degrees 3,0,0,0 -> 9 / (n-1)^2 = 1.
    # in: 0,1,1,1 -> 1 / 9.
    # total: 3,1,1,1 -> 6 / (2 (n-1)(n-2)) = 6 / 12.
    D = nx.DiGraph([(0, 1), (0, 2), (0, 3)])
    assert degree_centralization(D, mode="out") == pytest.approx(1.0)
    assert degree_centralization(D, mode="in") == pytest.approx(1 / 9)
    assert degree_centralization(D) == pytest.approx(0.5)
    # Directed star: 0 lies on all 6 ordered pairs among the leaves when
    # ties run both ways; betweenness centralization of a star is 1.
    assert betweenness_centralization(nx.DiGraph(nx.star_graph(3))) == pytest.approx(1.0)


# --- distances, transitivity, reciprocity against igraph ------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("directed", [False, True])
def test_distances_match_igraph(seed, directed):
    G = nx.gnp_random_graph(25, 0.08, seed=seed, directed=directed)
    graph, _ = to_igraph(G)
    assert average_distance(G) == pytest.approx(graph.average_path_length(directed=directed, unconn=True), abs=1e-12)
    assert diameter(G) == graph.diameter(directed=directed, unconn=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_reciprocity_and_directed_transitivity_match_igraph(seed):
    D = nx.gnp_random_graph(20, 0.2, seed=seed, directed=True)
    graph, _ = to_igraph(D)
    assert reciprocity(D) == pytest.approx(graph.reciprocity(), abs=1e-12)
    undirected = graph.as_undirected()
    assert transitivity(D) == pytest.approx(undirected.transitivity_undirected(), abs=1e-12)


def test_reciprocity_hand_derived():
    # 0 <-> 1 mutual, 1 -> 2 not: 2 of 3 arcs are reciprocated.
    assert reciprocity(nx.DiGraph([(0, 1), (1, 0), (1, 2)])) == pytest.approx(2 / 3)
    assert reciprocity(nx.path_graph(3)) == 1.0
    assert reciprocity(nx.empty_graph(3)) == 0.0


# --- components, cut vertices and bridges ---------------------------------------


def test_components_and_labels():
    G = nx.Graph([(5, 6), (0, 1), (1, 2), (3, 4)])
    G.add_node(9)
    assert components(G) == [{0, 1, 2}, {3, 4}, {5, 6}, {9}]
    labels = component_labels(G)
    assert labels[0] == 0 and labels[3] == 1 and labels[5] == 2 and labels[9] == 3
    assert main_component_share(G) == pytest.approx(3 / 8)
    # Weak components for directed graphs.
    assert components(nx.DiGraph([(0, 1), (2, 1)])) == [{0, 1, 2}]


def test_articulation_point_impact_hand_derived():
    # Two triangles {0,1,2} and {4,5,6} hang off 3 via 2-3 and 3-4, plus a
    # pendant 7 on 3.  Without 3: {0,1,2}, {4,5,6}, {7}; the largest piece
    # (first in node order among equal sizes) is {0,1,2}; 4 actors separated.
    G = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (4, 6), (3, 7)])
    assert articulation_points(G) == [2, 3, 4]
    impact = articulation_point_impact(G)
    assert impact.loc[3, "pieces"] == 3
    assert impact.loc[3, "largest_piece"] == 3
    assert impact.loc[3, "separated"] == 4
    assert impact.loc[3, "separated_nodes"] == (4, 5, 6, 7)
    assert impact.loc[2, "separated_nodes"] == (0, 1)


def test_bridges_hand_derived():
    # Same graph: bridges 2-3, 3-4, 3-7.  Cutting 2-3 leaves {0,1,2} and
    # {3,4,5,6,7}; cutting 3-7 isolates 7.
    G = nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (4, 6), (3, 7)])
    table = bridges(G)
    assert table[["u", "v"]].values.tolist() == [[2, 3], [3, 4], [3, 7]]
    assert table["size_u_side"].tolist() == [3, 5, 7]
    assert table["size_v_side"].tolist() == [5, 3, 1]
    assert table["smaller_side"].tolist() == [(0, 1, 2), (4, 5, 6), (7,)]
    # igraph agrees on which ties are bridges.
    graph, nodes = to_igraph(G)
    expected = {tuple(sorted((nodes[graph.es[e].source], nodes[graph.es[e].target]))) for e in graph.bridges()}
    assert set(map(tuple, table[["u", "v"]].values.tolist())) == expected


def test_articulation_points_match_igraph():
    G = nx.gnp_random_graph(40, 0.06, seed=4)
    graph, nodes = to_igraph(G)
    assert articulation_points(G) == sorted(nodes[i] for i in graph.articulation_points())


# --- core-periphery ----------------------------------------------------------------


def ideal_core_periphery(core=4, periphery=8):
    """Core clique; each peripheral actor tied to one core actor only."""
    G = nx.complete_graph(core)
    for p in range(periphery):
        G.add_edge(core + p, p % core)
    return G


@pytest.mark.parametrize("variant", ["ignore", "present"])
def test_discrete_core_periphery_recovers_ideal_core(variant):
    # With core-periphery pairs ignored, core-core pairs are all tied and
    # periphery-periphery pairs never: the correlation is exactly 1.
    G = ideal_core_periphery()
    membership, fit = core_periphery(G, core_periphery_ties=variant)
    assert [node for node, flag in membership.items() if flag] == [0, 1, 2, 3]
    if variant == "ignore":
        assert fit == pytest.approx(1.0)
    else:
        assert 0 < fit < 1


def test_discrete_fit_equals_direct_correlation():
    # The incremental sums must give numpy's Pearson correlation of the
    # adjacency with the ideal pattern on the included pairs.
    G = nx.gnp_random_graph(18, 0.3, seed=8)
    for variant in ("ignore", "present"):
        membership, fit = core_periphery(G, core_periphery_ties=variant, n_starts=3, seed=2)
        nodes = sorted(G)
        A = nx.to_numpy_array(G, nodelist=nodes)
        x = np.array([membership[node] for node in nodes], dtype=bool)
        off = ~np.eye(len(nodes), dtype=bool)
        ideal = np.outer(x, x).astype(float)
        if variant == "present":
            ideal = np.maximum(ideal, np.add.outer(x, x) > 0)
            include = off
        else:
            include = off & (np.equal.outer(x, x))
        expected = np.corrcoef(A[include], ideal[include])[0, 1]
        assert fit == pytest.approx(expected, abs=1e-10)


def test_continuous_core_matches_direct_minimisation():
    # Borgatti & Everett's continuous model minimises sum_{i != j}
    # (a_ij - c_i c_j)^2; scipy's optimiser from another start must land on
    # the same coreness profile.
    scipy_optimize = pytest.importorskip("scipy.optimize")
    G = ideal_core_periphery(5, 10)
    G.add_edges_from([(5, 6), (7, 8)])
    nodes = sorted(G)
    A = nx.to_numpy_array(G, nodelist=nodes)
    off = ~np.eye(len(nodes), dtype=bool)

    def loss(c):
        return float(((A - np.outer(c, c))[off] ** 2).sum())

    result = scipy_optimize.minimize(
        loss, np.full(len(nodes), 0.5), method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-10}
    )
    reference = np.abs(result.x) / np.linalg.norm(result.x)
    coreness, fit = core_periphery(G, kind="continuous")
    ours = np.array([coreness[node] for node in nodes])
    assert ours == pytest.approx(reference, abs=1e-4)
    assert fit == pytest.approx(np.corrcoef(A[off], np.outer(ours, ours)[off])[0, 1], abs=1e-9)
    assert min(ours[:5]) > max(ours[5:])


def test_core_periphery_degenerate_and_deterministic():
    for G in (nx.Graph(), nx.empty_graph(1), nx.empty_graph(4)):
        for kind in ("discrete", "continuous"):
            membership, fit = core_periphery(G, kind=kind)
            assert fit == 0.0 and all(v == 0 for v in membership.values())
    G = nx.gnp_random_graph(20, 0.25, seed=3)
    assert core_periphery(G, n_starts=4, seed=5) == core_periphery(G, n_starts=4, seed=5)
    with pytest.raises(ValueError, match="kind"):
        core_periphery(G, kind="fuzzy")


# --- communities -------------------------------------------------------------------


def test_communities_seeded_and_modularity_matches_igraph():
    G = nx.karate_club_graph()
    labels = communities(G, weight=None, seed=0)
    assert labels == communities(G, weight=None, seed=0)
    sizes = np.bincount(list(labels.values()))
    assert list(sizes) == sorted(sizes, reverse=True)
    graph, nodes = to_igraph(G)
    expected = graph.modularity([labels[node] for node in nodes])
    assert modularity(G, labels, weight=None) == pytest.approx(expected, abs=1e-12)
    # Blondel et al. (2008) report modularity .42 for the karate club.
    assert modularity(G, labels, weight=None) > 0.40


def test_communities_split_barbell():
    G = nx.barbell_graph(5, 0)
    labels = communities(G)
    assert len(set(labels.values())) == 2
    assert len({labels[n] for n in range(5)}) == 1 and labels[0] != labels[9]


def test_communities_degenerate():
    assert communities(nx.Graph()) == {}
    assert communities(nx.empty_graph(3)) == {0: 0, 1: 1, 2: 2}
    assert modularity(nx.empty_graph(2), {0: 0, 1: 1}) == 0.0
    with pytest.raises(ValueError, match="exactly one community"):
        modularity(nx.path_graph(3), {0: 0, 1: 0})
    # Actors outside the graph are ignored: Newman's Q for two K2 split apart
    # is 1/2 (each community holds half the ties and half the degree).
    assert modularity(nx.Graph([(0, 1), (2, 3)]), {0: 0, 1: 0, 2: 1, 3: 1, "absent": 2}) == 0.5


# --- degenerate graphs: no NaN, no exception ----------------------------------------


@pytest.mark.parametrize("G", [nx.Graph(), nx.DiGraph(), nx.empty_graph(1), nx.empty_graph(3), nx.path_graph(2)])
def test_scalars_defined_on_degenerate_graphs(G):
    values = [
        density(G),
        average_distance(G),
        diameter(G),
        transitivity(G),
        reciprocity(G),
        degree_centralization(G),
        betweenness_centralization(G),
        main_component_share(G),
    ]
    assert all(math.isfinite(v) for v in values)
    assert articulation_points(G) == []
    assert len(bridges(G)) == (1 if G.number_of_edges() else 0)
    assert articulation_point_impact(G).empty
