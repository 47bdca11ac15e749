"""Both engines give the same weighted path measures, to 1e-9.

Tie strengths 1-5 become lengths 1/w, and sums of such lengths that are equal
(1/3 + 1/3 + 1/3 and 1/1, 1/4 + 1/4 and 1/2) differ in their last bits in
floating point.  Every measure below has to treat them as equal on both engines;
these graphs, integer strengths 1-5 on sparse random graphs with isolates, are
full of such ties.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.metrics import betweenness, closeness, harmonic_closeness, removal_impact
from tests.reference.graphs import random_graph

pytest.importorskip("igraph")

GRAPHS = 24
TOLERANCE = 1e-9


def strength_graph(seed: int) -> nx.Graph:
    """A reference graph a little larger and denser than R's, so more lengths tie."""
    return random_graph(seed, actors=(12, 40), mean_degree=(2.0, 5.0))


CASES = [pytest.param(seed, id=f"{'directed' if seed % 2 else 'undirected'}-{seed}") for seed in range(GRAPHS)]


def assert_agree(measure, G, **options):
    by_networkx = measure(G, engine="networkx", **options)
    by_igraph = measure(G, engine="igraph", **options)
    assert by_networkx.keys() == by_igraph.keys()
    worst = max(abs(by_networkx[v] - by_igraph[v]) for v in G)
    assert worst <= TOLERANCE, f"{measure.__name__}: engines differ by {worst:.3g}"


@pytest.mark.parametrize("seed", CASES)
@pytest.mark.parametrize("normalized", [True, False])
def test_weighted_betweenness_agrees(seed, normalized):
    assert_agree(betweenness, strength_graph(seed), weight="weight", normalized=normalized)


@pytest.mark.parametrize("seed", CASES)
@pytest.mark.parametrize("wf_improved", [True, False])
def test_weighted_closeness_agrees(seed, wf_improved):
    assert_agree(closeness, strength_graph(seed), weight="weight", wf_improved=wf_improved)


@pytest.mark.parametrize("seed", CASES)
@pytest.mark.parametrize("normalized", [True, False])
def test_weighted_harmonic_closeness_agrees(seed, normalized):
    assert_agree(harmonic_closeness, strength_graph(seed), weight="weight", normalized=normalized)


@pytest.mark.parametrize("seed", CASES)
def test_removal_impact_agrees(seed):
    """Removal impact counts steps (it ignores strengths), so the engines must agree
    on a weighted graph exactly as on its unweighted copy."""
    G = strength_graph(seed)
    by_networkx = removal_impact(G, engine="networkx")
    by_igraph = removal_impact(G, engine="igraph")
    assert by_networkx.index.equals(by_igraph.index)
    assert (by_networkx["cutoff"] == by_igraph["cutoff"]).all()
    for column in ("fragmentation", "fragmentation_gain"):
        assert np.abs(by_networkx[column] - by_igraph[column]).max() <= TOLERANCE
    unweighted = removal_impact(_without_strengths(G), engine="networkx")
    assert np.allclose(unweighted.to_numpy(float), by_networkx.to_numpy(float), rtol=0, atol=TOLERANCE)


def _without_strengths(G):
    H = G.__class__()
    H.add_nodes_from(G)
    H.add_edges_from(G.edges())
    return H


def test_graphs_hold_equal_length_paths():
    """The graphs test what they claim: in several of them networkx's own weighted
    betweenness, which compares length sums exactly, drops equally short paths (so
    an engine without the tolerance would fail the tests above)."""
    dropping_ties = 0
    for seed in range(GRAPHS):
        G = strength_graph(seed)
        H = _without_strengths(G)
        for u, v, w in G.edges(data="weight"):
            H.edges[u, v]["length"] = 1.0 / w
        plain = nx.betweenness_centrality(H, weight="length")
        tied = betweenness(G, weight="weight", engine="networkx")
        dropping_ties += any(abs(plain[v] - tied[v]) > TOLERANCE for v in G)
    assert dropping_ties >= 3
