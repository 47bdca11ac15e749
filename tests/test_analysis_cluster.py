"""analyze() with exact betweenness on a local Dask cluster equals the single-process result."""

import networkx as nx
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.config import StabilityConfig

pytest.importorskip("distributed")


def test_cluster_betweenness_equals_single_process():
    G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=3)
    # Strengths 1, 2 and 4: their inverses add up exactly in floating point, so equal
    # path lengths are equal for every engine (igraph and networkx treat near-ties
    # differently, see metrics.betweenness).
    nx.set_edge_attributes(G, {e: 2 ** (i % 3) for i, e in enumerate(sorted(G.edges()))}, "weight")
    eco = Ecosystem.from_networkx(G)
    base = AnalysisConfig(stability=StabilityConfig(enabled=False))
    here = analyze(eco, base)
    cluster = analyze(eco, base.with_options(workers=2))
    for column in ("betweenness", "betweenness_weighted"):
        assert cluster.actors[column].to_numpy() == pytest.approx(here.actors[column].to_numpy(), abs=1e-9)
    assert cluster.actors.attrs["betweenness_cluster"] is True
    assert list(cluster.flags["subject"]) == list(here.flags["subject"])
