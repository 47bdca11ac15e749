"""Burt's constraint against R's igraph::constraint."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from skane_ecosystem.metrics import constraint, effective_size, efficiency

from .graphs import GRAPH_NAMES

R_SCRIPT = "structural_holes.R"
TOLERANCE = 1e-9


@pytest.mark.parametrize("name", GRAPH_NAMES)
@pytest.mark.parametrize("weight", [None, "weight"])
def test_constraint_equals_igraph_with_isolates_at_zero(name, weight, graphs, r_results):
    """Directed ties count as Burt's mutual strength a_ij + a_ji in both.  An isolate
    has no contacts to be constrained by: igraph gives NaN, we give 0 (documented)."""
    G = graphs[name]
    ours = constraint(G, weight=weight, engine="networkx")
    theirs = r_results.node_values(name, "igraph.constraint" + (".weighted" if weight else ""))
    isolates = set(nx.isolates(G))
    assert {v for v, value in theirs.items() if math.isnan(value)} == isolates
    assert all(ours[v] == 0.0 for v in isolates)
    connected = set(G) - isolates
    differences = {
        v: (ours[v], theirs[v]) for v in connected if not math.isclose(ours[v], theirs[v], abs_tol=TOLERANCE)
    }
    assert not differences, f"node: (ours, igraph) {differences}"
    by_networkx = nx.constraint(G, weight=weight)
    assert all(math.isnan(by_networkx[v]) for v in isolates)
    assert all(math.isclose(by_networkx[v], theirs[v], abs_tol=TOLERANCE) for v in connected)


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_effective_size_and_efficiency_of_isolates_are_zero_not_nan(name, graphs):
    """The same convention for Burt's other measures (igraph has none; networkx gives NaN)."""
    G = graphs[name]
    isolates = list(nx.isolates(G))
    sizes, efficiencies = effective_size(G), efficiency(G)
    by_networkx = nx.effective_size(G)
    assert all(sizes[v] == 0.0 and efficiencies[v] == 0.0 for v in isolates)
    assert all(math.isnan(by_networkx[v]) for v in isolates)
