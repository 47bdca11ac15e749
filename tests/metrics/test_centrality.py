"""Centrality against published values and against python-igraph."""

import math
import random
from fractions import Fraction

import networkx as nx
import pytest

from skane_ecosystem.metrics.centrality import (
    betweenness,
    closeness,
    core_number,
    degree,
    eigenvector,
    harmonic_closeness,
    pagerank,
    strength,
)


def to_igraph(G, weight=None):
    """igraph twin of ``G`` built here, independently of the package."""
    ig = pytest.importorskip("igraph")
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()], directed=G.is_directed())
    if weight is not None:
        graph.es["weight"] = [d.get(weight, 1.0) for _, _, d in G.edges(data=True)]
    return graph, nodes


def random_weighted_graph(n, p, seed, directed=False):
    """Seeded, (weakly) connected G(n, p) with continuous strengths.

    Continuous weights make equal path lengths improbable, so networkx
    (exact comparison) and igraph (epsilon comparison) see the same
    geodesics.
    """
    attempt = seed
    while True:
        G = nx.gnp_random_graph(n, p, seed=attempt, directed=directed)
        if (nx.is_weakly_connected if directed else nx.is_connected)(G):
            break
        attempt += 1000
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.uniform(0.5, 5.0)
    return G


SEEDS = [1, 2, 3]

# Krackhardt kite: networkx test_degree_centrality.py / test_closeness_centrality.py
# / test_betweenness_centrality.py (Krackhardt 1990; values to 3 decimals).
KITE_DEGREE = {0: 0.444, 1: 0.444, 2: 0.333, 3: 0.667, 4: 0.333, 5: 0.556, 6: 0.556, 7: 0.333, 8: 0.222, 9: 0.111}
KITE_CLOSENESS = {0: 0.529, 1: 0.529, 2: 0.500, 3: 0.600, 4: 0.500, 5: 0.643, 6: 0.643, 7: 0.600, 8: 0.429, 9: 0.310}
KITE_BETWEENNESS = {0: 0.023, 1: 0.023, 2: 0.000, 3: 0.102, 4: 0.000, 5: 0.231, 6: 0.231, 7: 0.389, 8: 0.222, 9: 0.000}
# Raw kite betweenness (networkx test, halved there for undirected pairs).
KITE_BETWEENNESS_RAW = {0: 1.667, 1: 1.667, 2: 0.0, 3: 7.333, 4: 0.0, 5: 16.667, 6: 16.667, 7: 28.0, 8: 16.0, 9: 0.0}

# Padgett's Florentine families: networkx tests (Breiger & Pattison 1986
# data); Medici betweenness .522 is the textbook figure.
FLORENTINE_BETWEENNESS = {
    "Acciaiuoli": 0.000,
    "Albizzi": 0.212,
    "Barbadori": 0.093,
    "Bischeri": 0.104,
    "Castellani": 0.055,
    "Ginori": 0.000,
    "Guadagni": 0.255,
    "Lamberteschi": 0.000,
    "Medici": 0.522,
    "Pazzi": 0.000,
    "Peruzzi": 0.022,
    "Ridolfi": 0.114,
    "Salviati": 0.143,
    "Strozzi": 0.103,
    "Tornabuoni": 0.092,
}
FLORENTINE_CLOSENESS = {
    "Acciaiuoli": 0.368,
    "Albizzi": 0.483,
    "Barbadori": 0.4375,
    "Bischeri": 0.400,
    "Castellani": 0.389,
    "Ginori": 0.333,
    "Guadagni": 0.467,
    "Lamberteschi": 0.326,
    "Medici": 0.560,
    "Pazzi": 0.286,
    "Peruzzi": 0.368,
    "Ridolfi": 0.500,
    "Salviati": 0.389,
    "Strozzi": 0.4375,
    "Tornabuoni": 0.483,
}
# networkx test_degree_centrality.py, in sorted-name order.
FLORENTINE_DEGREE = dict(
    zip(
        sorted(FLORENTINE_BETWEENNESS),
        [0.071, 0.214, 0.143, 0.214, 0.214, 0.071, 0.286, 0.071, 0.429, 0.071, 0.214, 0.214, 0.143, 0.286, 0.214],
    )
)


# --- published values -------------------------------------------------------


def test_kite_degree_closeness_betweenness():
    G = nx.krackhardt_kite_graph()
    deg = degree(G, normalized=True)
    clo = closeness(G)
    bet = betweenness(G)
    raw = betweenness(G, normalized=False)
    for node in G:
        assert deg[node] == pytest.approx(KITE_DEGREE[node], abs=1e-3)
        assert clo[node] == pytest.approx(KITE_CLOSENESS[node], abs=1e-3)
        assert bet[node] == pytest.approx(KITE_BETWEENNESS[node], abs=1e-3)
        assert raw[node] == pytest.approx(KITE_BETWEENNESS_RAW[node] / 2, abs=1e-3)


def test_kite_raw_degree():
    # Krackhardt (1990): Diane (3) has 6 ties, Jane (9) only 1.
    deg = degree(nx.krackhardt_kite_graph())
    assert deg[3] == 6 and deg[9] == 1 and deg[8] == 2


def test_florentine_degree_closeness_betweenness():
    G = nx.florentine_families_graph()
    deg = degree(G, normalized=True)
    clo = closeness(G)
    bet = betweenness(G)
    for family in G:
        assert deg[family] == pytest.approx(FLORENTINE_DEGREE[family], abs=1e-3)
        assert clo[family] == pytest.approx(FLORENTINE_CLOSENESS[family], abs=1e-3)
        assert bet[family] == pytest.approx(FLORENTINE_BETWEENNESS[family], abs=1e-3)
    assert max(bet, key=bet.get) == "Medici"


def test_directed_in_out_degree():
    # networkx test_degree_centrality.py: 5 arcs into 5, three out of it.
    G = nx.DiGraph([(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 6), (5, 7), (5, 8)])
    assert degree(G, mode="in", normalized=True)[5] == pytest.approx(0.625)
    assert degree(G, mode="out", normalized=True)[5] == pytest.approx(0.375)
    assert degree(G, mode="total")[5] == 8
    assert degree(G, mode="in")[0] == 0 and degree(G, mode="out")[0] == 1


def test_undirected_in_out_equal_total():
    G = nx.path_graph(4)
    assert degree(G, mode="in") == degree(G, mode="out") == degree(G)


def test_core_number_karate_matches_igraph():
    G = nx.karate_club_graph()
    graph, nodes = to_igraph(G)
    expected = dict(zip(nodes, graph.coreness()))
    assert core_number(G) == expected
    # Zachary's club has a 4-core (Batagelj & Zaversnik 2003 report max core 4).
    assert max(core_number(G).values()) == 4


def test_harmonic_hand_derived():
    # Path 0-1-2-3: node 0 reaches 1, 2, 3 at distances 1, 2, 3:
    # (1 + 1/2 + 1/3) / 3 = 11/18.
    assert harmonic_closeness(nx.path_graph(4))[0] == pytest.approx(11 / 18)


# --- weighted variants against igraph -----------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("directed", [False, True])
def test_weighted_betweenness_matches_igraph(seed, directed):
    G = random_weighted_graph(18, 0.25, seed, directed=directed)
    graph, nodes = to_igraph(G, "weight")
    raw = graph.betweenness(directed=directed, weights=[1.0 / w for w in graph.es["weight"]])
    n = len(nodes)
    scale = 1 / ((n - 1) * (n - 2)) if directed else 2 / ((n - 1) * (n - 2))
    ours = betweenness(G, weight="weight")
    for i, node in enumerate(nodes):
        assert ours[node] == pytest.approx(raw[i] * scale, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_weighted_closeness_and_harmonic_match_igraph(seed):
    G = random_weighted_graph(18, 0.25, seed)
    graph, nodes = to_igraph(G, "weight")
    lengths = [1.0 / w for w in graph.es["weight"]]
    expected_closeness = graph.closeness(weights=lengths)
    expected_harmonic = graph.harmonic_centrality(weights=lengths, normalized=True)
    ours_closeness = closeness(G, weight="weight")
    ours_harmonic = harmonic_closeness(G, weight="weight")
    for i, node in enumerate(nodes):
        assert ours_closeness[node] == pytest.approx(expected_closeness[i], abs=1e-9)
        assert ours_harmonic[node] == pytest.approx(expected_harmonic[i], abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("directed", [False, True])
def test_strength_matches_igraph(seed, directed):
    G = random_weighted_graph(15, 0.3, seed, directed=directed)
    graph, nodes = to_igraph(G, "weight")
    for mode, ig_mode in [("total", "all"), ("in", "in"), ("out", "out")]:
        expected = graph.strength(mode=ig_mode, weights="weight")
        ours = strength(G, mode=mode)
        for i, node in enumerate(nodes):
            assert ours[node] == pytest.approx(expected[i], abs=1e-9)


def test_weighted_betweenness_uses_inverse_strength():
    # Triangle with a weak 0-2 tie (strength 0.25, length 4): the route via
    # 1 has length 2, so 1 lies on the only 0-2 geodesic.
    G = nx.Graph()
    G.add_weighted_edges_from([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 0.25)])
    assert betweenness(G, weight="weight") == {0: 0.0, 1: 1.0, 2: 0.0}
    assert betweenness(G) == {0: 0.0, 1: 0.0, 2: 0.0}


# --- the igraph engine ----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("normalized", [True, False])
def test_betweenness_engines_agree(seed, directed, weight, normalized):
    pytest.importorskip("igraph")
    G = random_weighted_graph(20, 0.2, seed, directed=directed)
    G.add_node("isolate")
    by_networkx = betweenness(G, normalized=normalized, weight=weight, engine="networkx")
    by_igraph = betweenness(G, normalized=normalized, weight=weight, engine="igraph")
    assert by_networkx.keys() == by_igraph.keys()
    for node in G:
        assert by_igraph[node] == pytest.approx(by_networkx[node], abs=1e-9)
    assert betweenness(G, weight=weight, engine="auto").keys() == by_networkx.keys()


# --- spectral measures against igraph ------------------------------------------


def test_eigenvector_matches_igraph_on_karate():
    G = nx.karate_club_graph()
    graph, nodes = to_igraph(G)
    expected = graph.eigenvector_centrality(scale=True)  # max = 1
    ours = eigenvector(G)
    top = max(ours.values())
    for i, node in enumerate(nodes):
        assert ours[node] / top == pytest.approx(expected[i], abs=1e-6)
    assert math.fsum(v * v for v in ours.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_pagerank_matches_igraph(seed):
    G = random_weighted_graph(20, 0.2, seed, directed=True)
    graph, nodes = to_igraph(G, "weight")
    for weight in (None, "weight"):
        expected = graph.pagerank(damping=0.85, weights=None if weight is None else "weight")
        ours = pagerank(G, weight=weight)
        for i, node in enumerate(nodes):
            assert ours[node] == pytest.approx(expected[i], abs=1e-6)


def test_eigenvector_edge_cases():
    # Directed path: no cycle, leading eigenvalue 0, so all 0.
    assert eigenvector(nx.DiGraph([(0, 1), (1, 2)])) == {0: 0.0, 1: 0.0, 2: 0.0}
    # Disconnected: the component with the smaller eigenvalue gets 0.
    values = eigenvector(nx.Graph([(0, 1), (2, 3), (3, 4)]))
    assert values[0] == values[1] == 0.0
    assert values[3] == pytest.approx(1 / math.sqrt(2))


# --- isolates, empty and single-node graphs -----------------------------------

ALL_MEASURES = [
    lambda G: degree(G),
    lambda G: degree(G, normalized=True),
    lambda G: strength(G),
    lambda G: betweenness(G),
    lambda G: betweenness(G, weight="weight"),
    lambda G: betweenness(G, engine="auto"),
    lambda G: closeness(G),
    lambda G: closeness(G, weight="weight"),
    lambda G: harmonic_closeness(G),
    lambda G: eigenvector(G),
    lambda G: pagerank(G),
    lambda G: core_number(G),
]


def _degenerate_graphs():
    with_isolate = nx.path_graph(3)
    with_isolate.add_node(9)
    edgeless = nx.empty_graph(3)
    directed = nx.DiGraph([(0, 1)])
    directed.add_node(2)
    return [nx.Graph(), nx.DiGraph(), nx.empty_graph(1), edgeless, with_isolate, directed]


@pytest.mark.parametrize("measure", ALL_MEASURES)
@pytest.mark.parametrize("G", _degenerate_graphs())
def test_no_nan_and_isolates_zero(measure, G):
    values = measure(G)
    assert set(values) == set(G)
    assert all(math.isfinite(v) for v in values.values())
    if measure is not ALL_MEASURES[10]:  # PageRank is positive for isolates
        for node in nx.isolates(G):
            assert values[node] == 0


def test_pagerank_isolate_is_defined():
    G = nx.path_graph(3)
    G.add_node(9)
    values = pagerank(G)
    assert values[9] > 0
    assert math.fsum(values.values()) == pytest.approx(1.0)


# --- validation and determinism -----------------------------------------------


def test_rejects_bad_input():
    with pytest.raises(ValueError, match="networkx Graph"):
        degree({0: [1]})
    with pytest.raises(ValueError, match="multigraph"):
        betweenness(nx.MultiGraph([(0, 1), (0, 1)]))
    with pytest.raises(ValueError, match="self-loop"):
        closeness(nx.Graph([(0, 0), (0, 1)]))
    with pytest.raises(ValueError, match="mode"):
        degree(nx.path_graph(2), mode="both")
    with pytest.raises(ValueError, match="engine"):
        betweenness(nx.path_graph(2), engine="graph-tool")
    G = nx.Graph()
    G.add_edge(0, 1, weight=0)
    with pytest.raises(ValueError, match="finite and > 0"):
        betweenness(G, weight="weight")
    G[0][1]["weight"] = "strong"
    with pytest.raises(ValueError, match="non-numeric"):
        strength(G)
    with pytest.raises(ValueError, match="alpha"):
        pagerank(nx.path_graph(2), alpha=0)


def test_same_input_same_output():
    G = random_weighted_graph(25, 0.2, 7)
    for measure in ALL_MEASURES:
        assert measure(G) == measure(G.copy())


# --- weighted betweenness with equally short paths -------------------------------


def integer_strength_graph(n, p, seed, directed=False):
    """Survey-like strengths 1-5: many paths equally short, whose floating-point
    lengths (sums of 1/1 ... 1/5) may still differ in the last bit."""
    rng = random.Random(seed)
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.randint(1, 5)
    return G


def exact_weighted_betweenness(G, normalized=True):
    """The reference: networkx's Brandes algorithm on exact rational lengths 1/w,
    so equally short paths are compared exactly equal."""
    H = G.copy()
    for _u, _v, data in H.edges(data=True):
        data["length"] = Fraction(1, data["weight"])
    return nx.betweenness_centrality(H, normalized=normalized, weight="length")


def test_equally_short_weighted_paths_both_count():
    # s-a-b-t and s-c-d-t are both 1 + 1 + 1/3 long; float sums differ in the last
    # bit, and networkx's exact comparison kept only one (s 0.125, t 0.275).
    G = nx.Graph()
    G.add_weighted_edges_from(
        [("s", "a", 1), ("a", "b", 1), ("b", "t", 3), ("s", "c", 1), ("c", "d", 3), ("d", "t", 1)]
    )
    expected = exact_weighted_betweenness(G)
    assert (float(expected["s"]), float(expected["t"])) == pytest.approx((0.15, 0.25))
    for engine in ("networkx", "igraph"):
        ours = betweenness(G, weight="weight", engine=engine)
        assert ours == pytest.approx({k: float(v) for k, v in expected.items()}, abs=1e-12), engine


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_weighted_betweenness_equals_exact_arithmetic(seed, directed, engine):
    if engine == "igraph":
        pytest.importorskip("igraph")
    G = integer_strength_graph(30, 0.15, seed, directed)
    expected = exact_weighted_betweenness(G)
    ours = betweenness(G, weight="weight", engine=engine)
    for node in G:
        assert ours[node] == pytest.approx(float(expected[node]), abs=1e-12)


@pytest.mark.parametrize("directed", [False, True])
def test_weighted_betweenness_from_every_source_equals_exact_arithmetic(directed):
    # the sampled route (per-source contributions), with a sample as large as the graph
    G = integer_strength_graph(30, 0.15, 3, directed)
    expected = exact_weighted_betweenness(G)
    ours = betweenness(G, weight="weight", engine="networkx", approximate=True, samples=len(G))
    for node in G:
        assert ours[node] == pytest.approx(float(expected[node]), abs=1e-12)
