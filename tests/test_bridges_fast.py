"""Bridge suggestions and removal impact made fast at register scale (issue 14).

Both were pinned before the speed-up (``tests/data/bridges_pinned.json``, written
at commit 244a62f: every candidate bridge, and every actor's removal impact, on the
demo and on ``synthetic_ecosystem(3000, seed=0)``), and are checked here against
that pin and against exact recounts: networkx's breadth-first distances summed in
fractions.

One difference from the pin is deliberate.  Fragmentation after a new tie used to
be a floating-point sum over every pair, whose rounding put some values one unit
in the last place (1e-16) away from the exact sum, and so ordered candidates of
equal gain by rounding noise; it is now summed exactly and rounded once, so equal
gains are equal and are ordered by source and target, as documented.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig, Ecosystem, analyze, scenarios
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.metrics import removal_impact
from skane_ecosystem.scenarios import suggest_bridges

PINNED = Path(__file__).parent / "data" / "bridges_pinned.json"
NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))
SECTORS = ["public", "business", "academia", "civil_society", "other"]
EVERY_CANDIDATE = 100_000


def _analysis(eco: Ecosystem):
    return analyze(eco, NO_STABILITY, progress=None, compare_with=None)


def _synthetic(n_actors: int) -> Ecosystem:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import synthetic_ecosystem

    return synthetic_ecosystem(n_actors, seed=0)


@pytest.fixture(scope="module")
def pinned():
    return json.loads(PINNED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analyses():
    return {"demo": _analysis(se.demo()), "synthetic_3000": _analysis(_synthetic(3000))}


def _pinned_table(pinned, case: str, table: str) -> pd.DataFrame:
    return pd.DataFrame(pinned[case][table]["rows"], columns=pinned[case][table]["columns"])


# ------------------------------------------------- exact recounts, small graphs
def _with_sectors(G: nx.Graph, seed: int) -> nx.Graph:
    rng = np.random.default_rng(seed)
    nx.set_node_attributes(G, {node: SECTORS[rng.integers(len(SECTORS))] for node in G}, "sector")
    return G


def _small_networks():
    """Sparse random graphs in several pieces, a long path and two joined stars."""
    for seed in range(4):
        yield f"random-{seed}", _with_sectors(nx.gnm_random_graph(40, 46, seed=seed), seed)
    yield "path", _with_sectors(nx.path_graph(30), 7)
    stars = nx.disjoint_union(nx.star_graph(6), nx.star_graph(5))
    stars.add_edge(1, 8)
    yield "stars", _with_sectors(stars, 8)


def _exact_effect(G: nx.Graph, u, v, sources: list) -> tuple[Fraction, Fraction, int]:
    """(fragmentation before, after the tie u-v, pairs of different sectors it
    connects for the first time) over the ordered pairs from ``sources``."""
    H = G.copy()
    H.add_edge(u, v)
    n = G.number_of_nodes()
    before, after, joined = Fraction(0), Fraction(0), 0
    for s in sources:
        reach_before = nx.single_source_shortest_path_length(G, s)
        reach_after = nx.single_source_shortest_path_length(H, s)
        before += sum(Fraction(1, d) for d in reach_before.values() if d)
        after += sum(Fraction(1, d) for d in reach_after.values() if d)
        joined += sum(1 for t in reach_after if t not in reach_before and G.nodes[s]["sector"] != G.nodes[t]["sector"])
    pairs = len(sources) * (n - 1)
    return 1 - before / pairs, 1 - after / pairs, joined


def _check_against_exact_recount(result, sources_of):
    G = result.graph
    table = suggest_bridges(result, k=EVERY_CANDIDATE)
    assert len(table) > 0
    nodes = sorted(G)
    sources = [nodes[i] for i in sources_of(len(nodes))]
    scale = len(nodes) / len(sources)
    for row in table.itertuples():
        before, after, joined = _exact_effect(G, row.source, row.target, sources)
        assert row.fragmentation_before == float(before)
        assert row.fragmentation_after == float(after), (row.source, row.target)
        assert row.gain == float(before) - float(after)
        assert row.new_cross_sector_pairs == round(joined * scale / 2)
    ranked = table.sort_values(["gain", "source", "target"], ascending=[False, True, True])
    assert list(ranked.index) == list(table.index)


@pytest.mark.parametrize("name, G", list(_small_networks()), ids=lambda value: value if isinstance(value, str) else "")
def test_every_candidate_tie_matches_an_exact_recount(name, G):
    result = _analysis(Ecosystem.from_networkx(G))
    _check_against_exact_recount(result, np.arange)


def test_sampled_sources_match_an_exact_recount_over_the_same_sources(monkeypatch):
    monkeypatch.setattr(scenarios, "BRIDGE_EXACT_MAX", 20)
    monkeypatch.setattr(scenarios, "BRIDGE_SAMPLED_SOURCES", 9)
    G = _with_sectors(nx.gnm_random_graph(45, 52, seed=11), 11)
    result = _analysis(Ecosystem.from_networkx(G))
    sources_of = lambda n: scenarios._bridge_sources(n, result.config.seed)  # noqa: E731
    assert len(sources_of(45)) == 9
    _check_against_exact_recount(result, sources_of)


def test_a_tie_to_an_isolated_actor_counts_its_new_pairs():
    # 0-1-2 and a lone actor 3 of another sector: the tie 1-3 connects 3 with
    # 0, 1 and 2 (three cross-sector pairs) and adds 2 * (1 + 1/2 + 1/2) = 4 to
    # the sum of inverse distances over n(n-1) = 12 ordered pairs.
    G = nx.path_graph(3)
    G.add_node(3)
    nx.set_node_attributes(G, {0: "public", 1: "public", 2: "public", 3: "business"}, "sector")
    table = suggest_bridges(_analysis(Ecosystem.from_networkx(G)), k=EVERY_CANDIDATE).set_index(["source", "target"])
    row = table.loc[("1", "3")]
    assert row["fragmentation_before"] == float(1 - Fraction(5, 12))
    assert row["fragmentation_after"] == float(1 - Fraction(9, 12))
    assert row["new_cross_sector_pairs"] == 3


# ---------------------------------------------------- the pinned outputs
@pytest.mark.parametrize("case", ["demo", "synthetic_3000"])
def test_bridges_equal_the_pinned_ones_up_to_the_old_rounding(analyses, pinned, case):
    """Every candidate as pinned: identical names, groups, new pairs and
    fragmentation before; fragmentation after at most one unit in the last place
    from the pinned value; reordered only among candidates of equal gain."""
    now = suggest_bridges(analyses[case], k=EVERY_CANDIDATE)
    before = _pinned_table(pinned, case, "bridges")
    assert len(now) == len(before)
    keyed = before.set_index(["source", "target"]).loc[list(zip(now["source"], now["target"]))].reset_index()
    exact_columns = ["source_name", "target_name", "source_sector", "target_sector", "joins"]
    exact_columns += ["fragmentation_before", "new_cross_sector_pairs"]
    pd.testing.assert_frame_equal(now[exact_columns], keyed[exact_columns], check_exact=True)
    unit = np.spacing(keyed["fragmentation_after"].to_numpy())
    for column in ["fragmentation_after", "gain"]:
        assert ((now[column] - keyed[column]).abs() <= unit).all(), column
    # At every rank, the candidate now there had the pinned gain of that rank:
    # candidates moved only past others of the same gain up to rounding.
    assert (np.abs(keyed["gain"].to_numpy() - before["gain"].to_numpy()) <= unit).all()


def test_the_demo_suggests_the_pinned_ten_bridges_unchanged(analyses, pinned):
    now = suggest_bridges(analyses["demo"], k=10)
    pd.testing.assert_frame_equal(now, _pinned_table(pinned, "demo", "bridges").head(10), check_exact=True)


@pytest.mark.parametrize("case", ["demo", "synthetic_3000"])
def test_removal_impact_equals_the_pinned_one_exactly(analyses, pinned, case):
    G = analyses[case].graph
    now = removal_impact(G, seed=0)
    before = _pinned_table(pinned, case, "removal_impact").set_index("node")
    assert now.attrs["approximate"] == pinned[case]["removal_impact"]["approximate"]
    assert [str(node) for node in now.index] == list(before.index)
    for column in ["fragmentation", "fragmentation_gain", "cutoff"]:
        assert now[column].tolist() == before[column].tolist(), column
