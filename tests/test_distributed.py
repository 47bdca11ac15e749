"""distributed_betweenness: exact agreement with networkx on a real Dask cluster.

Most tests share one in-process LocalCluster (two single-threaded workers,
threads instead of processes, so it starts in a fraction of a second); one
test lets the function start and stop its own process cluster.
"""

from __future__ import annotations

import logging
import multiprocessing
import random
import sys
from fractions import Fraction

import networkx as nx
import pytest

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402

from skane_ecosystem.distributed import (  # noqa: E402
    _source_chunks,
    distributed_betweenness,
)
from skane_ecosystem.metrics import betweenness  # noqa: E402

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0", silence_logs=logging.ERROR
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster) as connected:
        yield connected


def random_graph(n, p, seed, directed=False, weights=None, isolates=0):
    """A seeded G(n, p) graph with string ids, optional tie strengths and extra isolates."""
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, {i: f"actor {i:03d}" for i in G})
    rng = random.Random(seed)
    if weights == "float":
        for _, _, data in G.edges(data=True):
            data["weight"] = rng.uniform(0.5, 5.0)
    elif weights == "int":
        for _, _, data in G.edges(data=True):
            data["weight"] = rng.randint(1, 4)
    G.add_nodes_from(f"isolate {i}" for i in range(isolates))
    return G


def networkx_reference(G, weight=None, normalized=True):
    """networkx's betweenness, with strength turned into distance = 1 / weight."""
    if weight is None:
        return nx.betweenness_centrality(G, normalized=normalized)
    H = G.copy()
    for _, _, data in H.edges(data=True):
        data["distance"] = 1.0 / data[weight]
    return nx.betweenness_centrality(H, normalized=normalized, weight="distance")


def assert_close(result, expected):
    assert list(result) == list(expected)
    worst = max((abs(result[node] - expected[node]) for node in expected), default=0.0)
    assert worst <= TOLERANCE, worst


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
def test_equals_networkx_on_random_graphs(client, engine, weighted, directed):
    G = random_graph(70, 0.06, seed=11 + directed, directed=directed, weights="float" if weighted else None, isolates=2)
    weight = "weight" if weighted else None
    result = distributed_betweenness(G, weight=weight, scheduler=client, engine=engine)
    expected = networkx_reference(G, weight)
    assert_close(result, expected)
    # A graph of this size has real brokers; the comparison is not of zeros.
    assert max(expected.values()) > 0.05


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
def test_unnormalized_values_are_networkx_pair_counts(client, directed):
    G = random_graph(40, 0.1, seed=5, directed=directed)
    result = distributed_betweenness(G, normalized=False, scheduler=client, chunks=3)
    assert_close(result, networkx_reference(G, normalized=False))


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
def test_integer_strengths_with_tied_path_lengths_equal_exact_arithmetic(client, engine):
    # Equally short paths (1/3 + 1/3 + 1/3 against 1/1) must all be counted, although
    # their floating-point lengths may differ in the last bit: the reference runs
    # networkx's algorithm on exact rational lengths.
    G = random_graph(50, 0.1, seed=3, weights="int")
    H = G.copy()
    for _, _, data in H.edges(data=True):
        data["exact"] = Fraction(1) / Fraction(data["weight"])
    expected = {node: float(value) for node, value in nx.betweenness_centrality(H, weight="exact").items()}
    result = distributed_betweenness(G, weight="weight", scheduler=client, engine=engine)
    assert_close(result, expected)


def test_agrees_with_the_package_betweenness(client):
    G = random_graph(60, 0.07, seed=8, weights="float")
    result = distributed_betweenness(G, weight="weight", scheduler=client)
    assert_close(result, betweenness(G, weight="weight"))


def test_missing_strength_counts_as_one(client):
    G = nx.Graph()
    G.add_edge("a", "b", weight=0.25)  # weak: a long way round
    G.add_edge("b", "c")
    G.add_edge("a", "d")
    G.add_edge("d", "c")
    result = distributed_betweenness(G, weight="weight", scheduler=client)
    # a-b is 4 long and a-d-c-b 3, so no shortest path uses the weak tie:
    # c lies on a..b and b..d, d on a..b and a..c, of three pairs each.
    assert result == pytest.approx({"a": 0.0, "b": 0.0, "c": 2 / 3, "d": 2 / 3}, abs=TOLERANCE)


# --------------------------------------------------------------- chunking edges


def test_more_chunks_and_workers_than_sources(client):
    G = nx.path_graph(["x", "y", "z"])
    result = distributed_betweenness(G, scheduler=client, chunks=10)
    assert result == {"x": 0.0, "y": 1.0, "z": 0.0}


def test_single_source(client):
    G = nx.Graph()
    G.add_node("only")
    assert distributed_betweenness(G, scheduler=client) == {"only": 0.0}


def test_two_actors_and_a_star_with_one_chunk(client):
    assert distributed_betweenness(nx.Graph([("a", "b")]), scheduler=client) == {"a": 0.0, "b": 0.0}
    star = nx.star_graph(4)
    result = distributed_betweenness(star, scheduler=client, chunks=1)
    assert result == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0}


def test_isolates_get_zero_and_do_not_change_the_others_raw_counts(client):
    G = random_graph(30, 0.12, seed=2, isolates=5)
    result = distributed_betweenness(G, scheduler=client, normalized=False)
    assert all(result[f"isolate {i}"] == 0.0 for i in range(5))
    core = G.subgraph(f"actor {i:03d}" for i in range(30))
    assert_close({k: result[k] for k in core}, networkx_reference(core, normalized=False))


def test_empty_graph_needs_no_cluster():
    assert distributed_betweenness(nx.Graph(), scheduler="tcp://unused.invalid:1") == {}


def test_edgeless_directed_graph(client):
    G = nx.DiGraph()
    G.add_nodes_from(range(4))
    assert distributed_betweenness(G, scheduler=client) == {0: 0.0, 1: 0.0, 2: 0.0, 3: 0.0}


def test_the_split_changes_only_rounding_and_a_split_is_reproducible(client):
    G = random_graph(80, 0.05, seed=21, weights="float")
    by_split = [distributed_betweenness(G, weight="weight", scheduler=client, chunks=k) for k in (1, 2, 7, 80)]
    for other in by_split[1:]:
        assert_close(other, by_split[0])
    again = distributed_betweenness(G, weight="weight", scheduler=client, chunks=7)
    assert again == by_split[2]


@pytest.mark.parametrize("n, chunks", [(1, 1), (1, 4), (5, 2), (7, 3), (10, 10), (3, 100)])
def test_source_chunks_deal_every_actor_exactly_once(n, chunks):
    parts = _source_chunks(n, chunks)
    assert sorted(v for part in parts for v in part) == list(range(n))
    assert len(parts) == min(n, chunks)
    sizes = [len(part) for part in parts]
    assert max(sizes) - min(sizes) <= 1


def test_default_chunks_are_four_per_worker_thread(client):
    calls = []
    distributed_betweenness(
        nx.path_graph(30), scheduler=client, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(k, 8) for k in range(1, 9)]


def test_graph_is_scattered_once_to_every_worker(client, monkeypatch):
    scatters = []
    original = client.scatter

    def spy(data, **options):
        scatters.append(options)
        return original(data, **options)

    monkeypatch.setattr(client, "scatter", spy)
    distributed_betweenness(nx.path_graph(12), scheduler=client, chunks=6)
    assert len(scatters) == 1
    assert scatters[0]["broadcast"] is True


# ------------------------------------------------------------ where it runs


def test_scheduler_by_address_and_by_cluster_object(cluster, client):
    G = random_graph(25, 0.15, seed=4)
    expected = networkx_reference(G)
    assert_close(distributed_betweenness(G, scheduler=cluster.scheduler_address), expected)
    assert_close(distributed_betweenness(G, scheduler=cluster, workers=2), expected)
    # A cluster or client passed in is left running for its owner.
    assert client.submit(sum, [1, 2]).result() == 3


@pytest.mark.slow
def test_own_local_cluster_is_started_and_shut_down():
    G = random_graph(40, 0.1, seed=9, directed=True)
    # networkx on the workers: igraph's import (it loads matplotlib) would
    # only slow the start of the fresh worker processes down.
    result = distributed_betweenness(G, workers=2, engine="networkx")
    assert_close(result, networkx_reference(G))
    assert multiprocessing.active_children() == []


def test_unreachable_scheduler_is_a_clear_connection_error():
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(ConnectionError, match="no Dask scheduler answered at 'tcp://127.0.0.1:9'"):
            distributed_betweenness(nx.path_graph(3), scheduler="tcp://127.0.0.1:9")


def test_malformed_scheduler_address_says_how_to_write_one():
    with pytest.raises(
        ValueError,
        match=r"scheduler address 'http://localhost:8786' cannot be used "
        r"\(unknown address scheme 'http'.*give it as tcp://host:port",
    ):
        distributed_betweenness(nx.path_graph(3), scheduler="http://localhost:8786")


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "options, message",
    [
        ({"workers": 0}, "workers must be a positive whole number"),
        ({"chunks": 2.5}, "chunks must be a positive whole number"),
        ({"chunks": True}, "chunks must be a positive whole number"),
        ({"engine": "spark"}, "engine must be one of"),
        ({"normalized": "yes"}, "normalized must be True or False"),
        ({"progress": "bar"}, "progress must be a function"),
        ({"scheduler": 8786}, "scheduler must be None"),
    ],
)
def test_bad_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        distributed_betweenness(nx.path_graph(3), **options)


def test_bad_graphs_are_refused_before_any_cluster_starts():
    with pytest.raises(ValueError, match="multigraphs are not supported"):
        distributed_betweenness(nx.MultiGraph([(0, 1), (0, 1)]))
    with pytest.raises(ValueError, match="tie strengths must be finite and > 0"):
        distributed_betweenness(nx.Graph([(0, 1, {"weight": -1})]), weight="weight")


def test_missing_dask_gives_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r'pip install "skane-ecosystem\[distributed\]"'):
        distributed_betweenness(nx.path_graph(3))


def test_docstring_examples_run():
    import doctest

    import skane_ecosystem.distributed as module

    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted >= 2
