"""The igraph engine against the networkx reference, and source sampling.

Both engines must give the same values (to 1e-9) on seeded random graphs of
several kinds -- G(n, p), Barabasi-Albert, a two-community stochastic block
model and a graph with isolates and a small separate part -- directed and
undirected, with and without tie strengths.  Communities are heuristics, so
there the two must reach the same partition quality.  Estimates from sampled
sources must be the same for both engines, exact when the sample covers a
whole part, unbiased, and come with standard errors that match their spread.
"""

import math
import random

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.metrics import (
    actor_measures,
    articulation_points,
    betweenness,
    closeness,
    communities,
    components,
    constraint,
    core_number,
    eigenvector,
    harmonic_closeness,
    modularity,
    network_indicators,
    pagerank,
)
from skane_ecosystem.metrics import engine as engines
from skane_ecosystem.metrics.engine import GraphView, plan_sources, resolve_engine, resolve_samples

pytest.importorskip("igraph")
pytest.importorskip("leidenalg")

KINDS = ["gnp", "barabasi_albert", "two_communities", "with_isolates"]


def random_graph(kind, directed, seed=0):
    """Seeded test graph with continuous tie strengths (no equal path lengths)."""
    rng = random.Random(seed)
    if kind == "gnp":
        G = nx.gnp_random_graph(60, 0.06, seed=seed, directed=directed)
    elif kind == "barabasi_albert":
        base = nx.barabasi_albert_graph(60, 2, seed=seed)
        G = nx.DiGraph() if directed else nx.Graph()
        G.add_nodes_from(base)
        for u, v in base.edges():
            # Directed: random direction, a quarter of the ties reciprocated.
            G.add_edge(*((u, v) if rng.random() < 0.5 else (v, u)))
            if directed and rng.random() < 0.25:
                G.add_edge(v, u)
    elif kind == "two_communities":
        G = nx.stochastic_block_model([30, 30], [[0.2, 0.01], [0.01, 0.2]], seed=seed, directed=directed)
        G = nx.DiGraph(G) if directed else nx.Graph(G)
    else:
        G = nx.gnp_random_graph(50, 0.05, seed=seed, directed=directed)
        G.add_nodes_from(range(50, 55))  # isolates
        G.add_edges_from([(60, 61), (61, 62), (62, 60), (62, 63)])  # a small separate part
    G.graph.clear()
    for u, v in G.edges():
        G[u][v]["weight"] = rng.uniform(0.5, 5.0)
    return G


def assert_same(by_networkx, by_igraph, tolerance=1e-9):
    assert by_networkx.keys() == by_igraph.keys()
    worst = max((abs(by_networkx[k] - by_igraph[k]) for k in by_networkx), default=0.0)
    assert worst <= tolerance


# --- exact measures: the same values from both engines --------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("directed", [False, True])
def test_path_measures_agree(kind, directed):
    G = random_graph(kind, directed)
    for weight in (None, "weight"):
        for measure in (betweenness, closeness, harmonic_closeness):
            assert_same(
                measure(G, weight=weight, engine="networkx", approximate=False),
                measure(G, weight=weight, engine="igraph", approximate=False),
            )
    assert_same(
        betweenness(G, normalized=False, engine="networkx"),
        betweenness(G, normalized=False, engine="igraph"),
    )
    assert_same(
        closeness(G, wf_improved=False, engine="networkx"),
        closeness(G, wf_improved=False, engine="igraph"),
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("directed", [False, True])
def test_spectral_core_and_constraint_agree(kind, directed):
    G = random_graph(kind, directed)
    for weight in (None, "weight"):
        for measure in (eigenvector, pagerank, constraint):
            assert_same(
                measure(G, weight=weight, engine="networkx"),
                measure(G, weight=weight, engine="igraph"),
            )
    assert core_number(G, engine="networkx") == core_number(G, engine="igraph")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("directed", [False, True])
def test_components_and_cut_vertices_agree(kind, directed):
    G = random_graph(kind, directed)
    assert components(G, engine="networkx") == components(G, engine="igraph")
    assert articulation_points(G, engine="networkx") == articulation_points(G, engine="igraph")


def test_eigenvector_where_parts_share_the_leading_eigenvalue():
    # Two separate triangles (eigenvalue 2 each) and an isolate: the power
    # iteration from the uniform vector keeps both triangles, 1/sqrt(6) each;
    # ARPACK alone returns an arbitrary mixture (0.99999 vs 1 on igraph 1.0).
    G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    G.add_node(6)
    for engine in ("networkx", "igraph"):
        values = eigenvector(G, engine=engine)
        assert [values[i] for i in range(6)] == pytest.approx([1 / math.sqrt(6)] * 6, abs=1e-9)
        assert values[6] == 0.0
    # The same for two directed 3-cycles of different sizes of tie strength.
    D = nx.DiGraph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (5, 6)])
    assert_same(eigenvector(D, engine="networkx"), eigenvector(D, engine="igraph"))
    # A directed acyclic graph has leading eigenvalue 0: everyone 0 in both.
    path = nx.DiGraph([(0, 1), (1, 2), (3, 2)])
    assert eigenvector(path, engine="igraph") == eigenvector(path, engine="networkx") == dict.fromkeys(path, 0.0)


def test_pagerank_and_eigenvector_on_edgeless_and_tiny_graphs():
    for G in (nx.empty_graph(3), nx.Graph([(0, 1)]), nx.DiGraph([(0, 1)])):
        for measure in (eigenvector, pagerank, constraint, core_number):
            assert measure(G, engine="igraph") == pytest.approx(measure(G, engine="networkx"), abs=1e-12)


# --- communities: heuristics, so the same quality -----------------------------------


def test_communities_find_the_planted_split_with_either_engine():
    G = nx.stochastic_block_model([30, 30], [[0.3, 0.005], [0.005, 0.3]], seed=1)
    planted = {node: int(node >= 30) for node in G}
    expected = modularity(G, planted, weight=None)
    for engine in ("networkx", "igraph"):
        for method in ("louvain", "leiden"):
            if engine == "networkx" and method == "leiden":
                continue
            found = communities(G, weight=None, engine=engine, method=method)
            assert modularity(G, found, weight=None) == pytest.approx(expected, abs=1e-12)
            assert {frozenset(n for n in G if found[n] == c) for c in set(found.values())} == {
                frozenset(range(30)),
                frozenset(range(30, 60)),
            }


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("directed", [False, True])
def test_community_quality_agrees(kind, directed):
    G = random_graph(kind, directed)
    reference = modularity(G, communities(G, engine="networkx"))
    others = [communities(G, method="leiden")]
    if not directed:
        others.append(communities(G, engine="igraph"))
    for found in others:
        assert modularity(G, found) == pytest.approx(reference, abs=0.03)
        # Labels follow the package convention: 0 = largest community.
        sizes = np.bincount(list(found.values()))
        assert sizes[0] == sizes.max()


def test_communities_are_seeded_and_validated():
    G = random_graph("gnp", directed=False)
    for engine, method in (("igraph", "louvain"), ("auto", "leiden")):
        assert communities(G, engine=engine, method=method, seed=3) == communities(
            G, engine=engine, method=method, seed=3
        )
    with pytest.raises(ValueError, match="no Leiden"):
        communities(G, engine="networkx", method="leiden")
    with pytest.raises(ValueError, match="undirected graphs only"):
        communities(nx.DiGraph(G), engine="igraph")
    with pytest.raises(ValueError, match="method"):
        communities(G, method="walktrap")
    with pytest.raises(ValueError, match="seed"):
        communities(G, seed=-1)


# --- choosing the engine and the sample ------------------------------------------------


def test_auto_engine_threshold(monkeypatch):
    above = engines.AUTO_IGRAPH_ABOVE
    assert resolve_engine(above, "auto") == "networkx"
    assert resolve_engine(above + 1, "auto") == "igraph"
    assert resolve_engine(3, "igraph") == "igraph"
    monkeypatch.setattr(engines, "igraph_available", lambda: False)
    assert resolve_engine(above + 1, "auto") == "networkx"
    with pytest.raises(ImportError, match=r"skane-ecosystem\[fast\]"):
        resolve_engine(3, "igraph")
    with pytest.raises(ValueError, match="engine"):
        resolve_engine(3, "graph-tool")


def test_approximation_threshold_and_validation():
    limit = engines.APPROXIMATE_ABOVE
    assert resolve_samples(limit, None, None) is None
    assert resolve_samples(limit + 1, None, None) == engines.DEFAULT_SAMPLES
    assert resolve_samples(limit + 1, False, None) is None
    assert resolve_samples(50, True, 10) == 10
    assert resolve_samples(50, True, 50) is None  # every actor a source: exact
    for bad in (1, 0, 2.5, True):
        with pytest.raises(ValueError, match="samples"):
            resolve_samples(50, True, bad)
    with pytest.raises(ValueError, match="approximate"):
        resolve_samples(50, "yes", None)


def test_source_plan_per_part_and_reproducible():
    G = random_graph("with_isolates", directed=False)
    view = GraphView(G)
    plan = plan_sources(view, 8, seed=5)
    sources = np.concatenate(plan.batches)
    assert len(sources) == len(set(sources.tolist()))
    # Parts of at most 8 actors are searched completely, larger ones give 8.
    for part in components(G):
        drawn = [view.nodes[i] for i in sources if view.nodes[i] in part]
        assert len(drawn) == min(8, len(part))
    # The draw depends on the seed, not on the order the graph was built in.
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(G, reverse=True))
    shuffled.add_edges_from(reversed(list(G.edges(data=True))))
    other = GraphView(shuffled)
    again = np.concatenate(plan_sources(other, 8, seed=5).batches)
    assert sorted(view.nodes[i] for i in sources) == sorted(other.nodes[i] for i in again)
    different = np.concatenate(plan_sources(view, 8, seed=6).batches)
    assert sorted(sources.tolist()) != sorted(different.tolist())


# --- sampled estimates -------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("directed", [False, True])
def test_estimates_agree_across_engines(kind, directed):
    G = random_graph(kind, directed)
    options = {"approximate": True, "samples": 12, "seed": 1, "return_se": True}
    for measure in (betweenness, closeness, harmonic_closeness):
        for weight in (None, "weight"):
            values_nx, se_nx = measure(G, weight=weight, engine="networkx", **options)
            values_ig, se_ig = measure(G, weight=weight, engine="igraph", **options)
            assert_same(values_nx, values_ig)
            assert_same(se_nx, se_ig)


def test_sample_covering_every_part_is_exact():
    # The largest part has 50 actors, so 50 sources per part is everyone.
    G = random_graph("with_isolates", directed=True)
    for measure in (betweenness, closeness, harmonic_closeness):
        exact = measure(G, approximate=False)
        values, se = measure(G, approximate=True, samples=50, return_se=True)
        assert_same(exact, values, 1e-12)
        assert set(se.values()) == {0.0}
    # Parts smaller than the sample are exact even when others are sampled.
    values, se = betweenness(G, approximate=True, samples=10, return_se=True)
    exact = betweenness(G)
    for node in (60, 61, 62, 63):
        assert values[node] == pytest.approx(exact[node], abs=1e-12) and se[node] == 0.0


def _estimates(G, measure, seeds, samples, **options):
    values, errors = [], []
    for seed in seeds:
        value, se = measure(G, approximate=True, samples=samples, seed=seed, return_se=True, **options)
        values.append([value[node] for node in G])
        errors.append([se[node] for node in G])
    return np.array(values), np.array(errors)


@pytest.mark.parametrize("measure", [betweenness, harmonic_closeness])
def test_estimates_are_unbiased_and_errors_match_their_spread(measure):
    # 300 seeded samples of 10 of 60 sources.  The mean estimate must lie
    # within 4 standard errors of the mean of the exact value for every
    # actor, and the reported standard error must match the spread of the
    # estimates across samples for the actors that matter most.
    G = random_graph("barabasi_albert", directed=False)
    exact = np.array([measure(G, approximate=False)[node] for node in G])
    values, errors = _estimates(G, measure, range(300), 10, engine="igraph")
    spread = values.std(axis=0, ddof=1)
    error_of_mean = spread / math.sqrt(len(values))
    assert np.all(np.abs(values.mean(axis=0) - exact) <= 4 * error_of_mean + 1e-12)
    top = np.argsort(-exact)[:10]
    ratio = errors[:, top].mean(axis=0) / spread[top]
    assert np.all((ratio > 0.7) & (ratio < 1.3)), ratio


def test_closeness_estimate_is_close_and_exact_reach_in_undirected_graphs():
    G = random_graph("gnp", directed=False)
    exact = closeness(G)
    values, se = closeness(G, approximate=True, samples=20, seed=2, return_se=True)
    for node in G:
        assert abs(values[node] - exact[node]) <= 5 * se[node] + 1e-12
    # An isolate is never reached: 0, as in the exact measure.
    G.add_node("alone")
    values, se = closeness(G, approximate=True, samples=20, return_se=True)
    assert values["alone"] == 0.0 and se["alone"] == 0.0


# --- actor_measures and network_indicators ---------------------------------------------


def with_sectors(G):
    sectors = ("public", "business", "academia", "civil_society")
    nx.set_node_attributes(G, {node: sectors[i % 4] for i, node in enumerate(sorted(G))}, "sector")
    return G


@pytest.mark.parametrize("directed", [False, True])
def test_actor_measures_same_table_from_both_engines(directed):
    G = with_sectors(random_graph("with_isolates", directed))
    by_networkx = actor_measures(G, engine="networkx")
    by_igraph = actor_measures(G, engine="igraph")
    assert list(by_networkx.columns) == list(by_igraph.columns)
    # Communities are a heuristic (compared by quality above); everything
    # else must match.
    differ = {"community", "participation"}
    for column in by_networkx.columns:
        if column in differ:
            continue
        left, right = by_networkx[column].to_numpy(), by_igraph[column].to_numpy()
        if left.dtype == bool or left.dtype.kind == "i":
            assert (left == right).all(), column
        else:
            assert np.abs(left - right).max() <= 1e-9, column
    assert by_networkx.attrs == {"engine": "networkx", "betweenness_approximate": False, "approximate": {}}
    assert by_igraph.attrs["engine"] == "igraph"
    assert (by_igraph["betweenness_se"] == 0).all() and (by_igraph["betweenness_weighted_se"] == 0).all()


def test_actor_measures_reports_approximation():
    G = with_sectors(random_graph("barabasi_albert", directed=False))
    table = actor_measures(G, approximate=True, samples=15, seed=4)
    assert table.attrs["betweenness_approximate"] is True
    assert table.attrs["approximate"]["betweenness"] == 15
    assert set(table.attrs["approximate"]) >= {"betweenness", "closeness", "harmonic"}
    values, se = betweenness(G, approximate=True, samples=15, seed=4, return_se=True)
    assert table["betweenness"].to_dict() == pytest.approx(values, abs=1e-12)
    assert table["betweenness_se"].to_dict() == pytest.approx(se, abs=1e-12)
    assert (table["betweenness_se"] > 0).any()
    assert not table.isna().any().any()


def test_network_indicators_reuse_actor_measures():
    G = with_sectors(random_graph("gnp", directed=True))
    computed = network_indicators(G, engine="igraph")
    table = actor_measures(G)
    reused = network_indicators(G, measures=table)
    assert reused["value"].to_numpy() == pytest.approx(computed["value"].to_numpy(), abs=1e-12)
    assert computed.attrs == {
        "engine": "igraph",
        "betweenness_approximate": False,
        "average_distance_approximate": False,
    }
    estimated = network_indicators(G, approximate=True, samples=10)
    assert estimated.attrs["betweenness_approximate"] is True
    assert network_indicators(G, measures=actor_measures(G, approximate=True, samples=10)).attrs[
        "betweenness_approximate"
    ]
    with pytest.raises(ValueError, match="actor_measures table of this graph"):
        network_indicators(G, measures=table.iloc[:5])


def test_actor_measures_converts_the_graph_once(monkeypatch):
    import igraph

    built = []

    class CountingGraph(igraph.Graph):
        def __init__(self, *args, **kwargs):
            built.append(kwargs.get("n"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(igraph, "Graph", CountingGraph)
    G = with_sectors(random_graph("gnp", directed=False))
    actor_measures(G, engine="igraph")
    assert built == [G.number_of_nodes()]


# --- helpers and limits at scale ---------------------------------------------------------


def test_masked_product_in_small_blocks():
    from scipy.sparse import csr_array
    from scipy.sparse import random as sparse_random

    from skane_ecosystem.metrics.engine import masked_product

    X = csr_array(sparse_random(60, 50, density=0.1, random_state=1))
    Y = csr_array(sparse_random(50, 60, density=0.1, random_state=2))
    mask = csr_array(sparse_random(60, 60, density=0.2, random_state=3))
    mask.sort_indices()
    rows = np.repeat(np.arange(60), np.diff(mask.indptr))
    expected = (X @ Y).toarray()[rows, mask.indices]
    for budget in (1, 7, 2**23):  # one row per block up to everything at once
        assert np.allclose(masked_product(X, Y, mask, budget=budget), expected, atol=1e-15)


def test_core_periphery_refuses_dense_matrices_it_cannot_afford():
    from skane_ecosystem.metrics.coreperiphery import CORE_PERIPHERY_MAX_ACTORS, core_periphery

    assert CORE_PERIPHERY_MAX_ACTORS == 5000
    with pytest.raises(ValueError, match="core_number"):
        core_periphery(nx.path_graph(6), max_actors=5)
    assert core_periphery(nx.path_graph(6), max_actors=6)[1] > 0
