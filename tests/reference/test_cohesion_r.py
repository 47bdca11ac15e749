"""Density, reciprocity, transitivity and Freeman centralization against R's sna and igraph."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from skane_ecosystem.metrics import (
    betweenness_centralization,
    degree_centralization,
    density,
    reciprocity,
    transitivity,
)

from .graphs import DIRECTED, GRAPH_NAMES

R_SCRIPT = "cohesion.R"
TOLERANCE = 1e-9


def close(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, abs_tol=TOLERANCE)


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_density_equals_gden_and_edge_density(name, graphs, r_results):
    ours = density(graphs[name])
    assert close(ours, r_results.network_value(name, "sna.gden"))
    assert close(ours, r_results.network_value(name, "igraph.edge_density"))
    assert close(nx.density(graphs[name]), r_results.network_value(name, "sna.gden"))


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_reciprocity_is_the_edgewise_measure(name, graphs, r_results):
    """Reciprocated arcs over arcs: sna's grecip(measure = "edgewise") and igraph's
    reciprocity(); both give 1 on an undirected graph, as we do (networkx: 0)."""
    ours = reciprocity(graphs[name])
    assert close(ours, r_results.network_value(name, "sna.grecip.edgewise"))
    assert close(ours, r_results.network_value(name, "igraph.reciprocity"))
    if graphs[name].is_directed():
        edgewise = r_results.network_value(name, "sna.grecip.edgewise")
        assert close(nx.overall_reciprocity(graphs[name]), edgewise)
    else:  # networkx counts no undirected tie as reciprocated
        assert nx.overall_reciprocity(graphs[name]) == 0.0


@pytest.mark.parametrize("name", DIRECTED)
def test_reciprocity_is_not_sna_default_or_igraph_ratio(name, graphs, r_results):
    """sna's default ("dyadic") counts pairs without ties as mutual, and igraph's
    mode = "ratio" counts mutual pairs over connected pairs, r / (2 - r) of ours."""
    ours = reciprocity(graphs[name])
    assert not close(ours, r_results.network_value(name, "sna.grecip.dyadic"))
    assert close(ours / (2 - ours), r_results.network_value(name, "igraph.reciprocity.ratio"))


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_transitivity_of_the_undirected_view(name, graphs, r_results):
    ours = transitivity(graphs[name])
    assert close(ours, r_results.network_value(name, "sna.gtrans"))
    assert close(ours, r_results.network_value(name, "igraph.transitivity"))
    undirected_view = nx.Graph(graphs[name].to_undirected(as_view=True))
    assert close(nx.transitivity(undirected_view), r_results.network_value(name, "sna.gtrans"))


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_degree_centralization_is_freeman(name, graphs, r_results):
    G = graphs[name]
    modes = {"all": "total", "in": "in", "out": "out"} if G.is_directed() else {"all": "total"}
    for theirs, ours in modes.items():
        value = degree_centralization(G, mode=ours)
        assert close(value, r_results.network_value(name, f"sna.centralization.degree.{theirs}")), ours
        assert close(value, r_results.network_value(name, f"igraph.centr_degree.{theirs}")), ours


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_igraph_default_degree_centralization_is_smaller(name, graphs, r_results):
    """igraph's centr_degree() counts self-loops as possible ties by default
    (loops = TRUE), a larger theoretical maximum than Freeman's."""
    ours = degree_centralization(graphs[name])
    default = r_results.network_value(name, "igraph.centr_degree.default.all")
    assert default < ours


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_betweenness_centralization_is_freeman(name, graphs, r_results):
    ours = betweenness_centralization(graphs[name])
    assert close(ours, r_results.network_value(name, "sna.centralization.betweenness"))
    assert close(ours, r_results.network_value(name, "igraph.centr_betw"))
