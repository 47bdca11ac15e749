"""Gould-Fernandez brokerage against R's sna::brokerage (counts, expectations, z-scores)."""

from __future__ import annotations

import math

import pytest

from skane_ecosystem.metrics import brokerage, brokerage_summary

from .graphs import GRAPH_NAMES, UNDIRECTED

R_SCRIPT = "brokerage.R"
TOLERANCE = 1e-9

# Our role names and sna's columns (sna's C code, brokerage_R: b_IO counts
# A -> A -> B, our representative; b_OI counts A -> B -> B, our gatekeeper).
SNA_COLUMN = {
    "coordinator": "w_I",
    "itinerant": "w_O",
    "representative": "b_IO",
    "gatekeeper": "b_OI",
    "liaison": "b_O",
    "total": "t",
}


def same(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def z_same(ours: float, theirs: float) -> bool:
    """sna divides by a zero standard deviation (NaN, or +-Inf); we report z = 0 there."""
    return ours == 0.0 if not math.isfinite(theirs) else same(ours, theirs)


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_actor_counts_expectations_and_z_equal_sna(name, graphs, r_results):
    table = brokerage(graphs[name], "sector")
    for role, column in SNA_COLUMN.items():
        counts = r_results.node_values(name, f"raw.nli.{column}")
        expected = r_results.node_values(name, f"exp.nli.{column}")
        z = r_results.node_values(name, f"z.nli.{column}")
        for node in graphs[name]:
            assert table.loc[node, role] == counts[node], (role, node)
            assert same(table.loc[node, f"expected_{role}"], expected[node]), (role, node)
            assert z_same(table.loc[node, f"z_{role}"], z[node]), (role, node)


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_network_totals_and_z_equal_sna(name, graphs, r_results):
    summary = brokerage_summary(graphs[name], "sector")
    for role, column in SNA_COLUMN.items():
        assert summary.loc[role, "observed"] == r_results.network_value(name, f"raw.gli.{column}")
        assert same(summary.loc[role, "expected"], r_results.network_value(name, f"exp.gli.{column}"))
        assert same(summary.loc[role, "sd"], r_results.network_value(name, f"sd.gli.{column}"))
        assert z_same(summary.loc[role, "z"], r_results.network_value(name, f"z.gli.{column}"))


@pytest.mark.parametrize("name", UNDIRECTED)
def test_undirected_representative_equals_gatekeeper_in_sna_too(name, graphs, r_results):
    """An undirected two-path a - v - b is counted twice, a -> v -> b and b -> v -> a;
    with a in v's group and b not, one direction is representative, the other
    gatekeeper, so the two counts coincide for every actor (in sna as here) and
    every count is even."""
    representative = r_results.node_values(name, "raw.nli.b_IO")
    gatekeeper = r_results.node_values(name, "raw.nli.b_OI")
    assert representative == gatekeeper
    assert all(count % 2 == 0 for count in r_results.node_values(name, "raw.nli.t").values())
    table = brokerage(graphs[name], "sector")
    assert (table["representative"] == table["gatekeeper"]).all()
