"""One stability resample made several times cheaper without changing any value (issue 14).

Performance work must not change results, so everything a resample produces is
pinned in ``tests/data/resample_pinned.json`` from the code before the speed-up
(branch merge14, commit 244a62f) and compared here exactly, bit for bit:

* the demo's flags table with every stability (``analyze(demo())``, default
  settings, seed 0);
* the flag keys of single resamples of the demo in every mode, of a synthetic
  200-actor ecosystem (networkx code paths) and of a synthetic 1,000-actor one
  (igraph code paths: betweenness, Louvain and subset betweenness);
* a fingerprint of each resampled graph (nodes, attributes, edges and their
  order, which seeded algorithms such as Louvain depend on), and of the full
  graphs in every mode, wave slice and relation slice.

Regenerate the file only on purpose (when a rule changes what it finds), with
``python -m tests.test_resample_fast``, and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig, analyze
from skane_ecosystem.analysis import _flag_keys
from skane_ecosystem.ecosystem import one_sided_mask
from skane_ecosystem.stability import resample

PINNED = Path(__file__).parent / "data" / "resample_pinned.json"
FLAG_COLUMNS = ["subject", "code", "score", "stability", "stability_se", "tentative"]

#: (name, ecosystem, mode, resamples): the resamples pinned one by one.
CASES = [
    ("demo", "union", 12),
    ("demo", "mutual", 6),
    ("demo", "directed", 6),
    ("synthetic200", "union", 6),
    ("synthetic1000", "union", 2),
]


def _ecosystem(name: str):
    if name == "demo":
        return se.demo()
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from synthetic import synthetic_ecosystem

    return synthetic_ecosystem(int(name.removeprefix("synthetic")), seed=1)


def _graph_fingerprint(G) -> str:
    """A hash of everything about a graph that an algorithm may read: nodes and
    their attributes in order, each node's neighbours in order, edge attributes."""
    parts = [repr(sorted(G.graph.items()))]
    parts += [repr((node, sorted(data.items()))) for node, data in G.nodes(data=True)]
    parts += [repr((node, list(G.adj[node]))) for node in G]
    parts += [repr((u, v, sorted(data.items()))) for u, v, data in G.edges(data=True)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _resamples(name: str, mode: str, count: int) -> list[dict]:
    """Each resample's graph fingerprint and sorted flag keys."""
    eco = _ecosystem(name)
    config = AnalysisConfig()
    relation, wave = eco.resolve_relation(None), eco.resolve_wave("latest")
    one_sided = one_sided_mask(eco.ties, eco.directions)
    records = []
    for stream in np.random.SeedSequence(config.seed).spawn(count):
        sample = resample(eco, np.random.default_rng(stream), 0.10, 0.50, one_sided)
        graph = sample.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
        keys = _flag_keys(sample, config, relation, wave, mode)
        records.append(
            {"graph": _graph_fingerprint(graph), "keys": sorted(f"{subject}|{code}" for subject, code in keys)}
        )
    return records


def _demo_flags() -> list[dict]:
    flags = analyze(se.demo(), progress=None, compare_with=None).flags[FLAG_COLUMNS]
    rows = [dict(zip(FLAG_COLUMNS, values)) for values in flags.itertuples(index=False)]
    return json.loads(json.dumps(rows, default=lambda value: value.item()))


@pytest.fixture(scope="module")
def pinned():
    return json.loads(PINNED.read_text(encoding="utf-8"))


# --------------------------------------------------------------------- tests
def test_the_demo_flags_and_stabilities_are_exactly_those_pinned(pinned):
    assert _demo_flags() == pinned["demo_flags"]


@pytest.mark.parametrize(("name", "mode", "count"), CASES)
def test_each_resample_builds_the_same_graph_and_raises_the_same_flags(pinned, name, mode, count):
    now = _resamples(name, mode, count)
    before = pinned["resamples"][f"{name}/{mode}"]
    assert [r["graph"] for r in now] == [r["graph"] for r in before]
    assert [r["keys"] for r in now] == [r["keys"] for r in before]


@pytest.mark.parametrize("name", ["demo", "synthetic200"])
def test_every_graph_is_built_as_before(pinned, name):
    """Every mode, the newest and the pooled waves (reports of one tie in several
    waves), all relations combined and one alone."""
    eco = _ecosystem(name)
    for mode in ("union", "mutual", "directed"):
        for wave in ("latest", None):
            for relation in (None, eco.relations[0]):
                G = eco.graph(relation=relation, wave=wave, mode=mode)
                assert _graph_fingerprint(G) == pinned["graphs"][f"{name}/{mode}/{wave}/{relation}"], (
                    mode,
                    wave,
                    relation,
                )


def _graphs() -> dict:
    return {
        f"{name}/{mode}/{wave}/{relation}": _graph_fingerprint(eco.graph(relation=relation, wave=wave, mode=mode))
        for name, eco in (("demo", _ecosystem("demo")), ("synthetic200", _ecosystem("synthetic200")))
        for mode in ("union", "mutual", "directed")
        for wave in ("latest", None)
        for relation in (None, eco.relations[0])
    }


def _pin() -> None:
    """Write :data:`PINNED` from the code as it is now."""
    pinned = {
        "comment": "pinned at merge14 (244a62f), before the resample speed-up; see the module docstring",
        "demo_flags": _demo_flags(),
        "resamples": {f"{name}/{mode}": _resamples(name, mode, count) for name, mode, count in CASES},
        "graphs": _graphs(),
    }
    PINNED.write_text(json.dumps(pinned, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _pin()


# ------------------------------------------- bottlenecks: pairs left out early
@pytest.mark.parametrize("seed", range(12))
def test_group_path_shares_are_left_out_only_when_no_actor_reaches_the_share_asked(seed):
    """With ``at_least``, :class:`GroupPathShares` may skip the shares of two groups
    when no actor can carry that share; it must never skip a pair where one does.
    Checked against networkx's subset betweenness (an outside implementation)."""
    import networkx as nx

    from skane_ecosystem.metrics.paths import GroupPathShares

    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(40, rng.choice([0.04, 0.08, 0.15]), seed=seed)
    nodes = rng.permutation(40).tolist()
    first, second = set(nodes[:8]), set(nodes[8:20])
    between = GroupPathShares(G)
    full, pairs = between(first, second)
    reference = nx.betweenness_centrality_subset(G, sorted(first), sorted(second), normalized=False)
    assert full.keys() == {v for v, c in reference.items() if c > 1e-12}
    for v, share in full.items():
        assert share == pytest.approx(2 * reference[v] / pairs, rel=1e-12)
    for at_least in (0.2, 0.5, 0.8):
        shares, counted = between(first, second, at_least=at_least)
        assert counted == pairs
        assert shares == full or (shares == {} and max(full.values(), default=0.0) < at_least)
