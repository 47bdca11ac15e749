"""The benchmark helpers: the synthetic generator and the result tables (no timings asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import run  # noqa: E402
from synthetic import synthetic_ecosystem  # noqa: E402

from skane_ecosystem.sectors import SECTORS  # noqa: E402


def test_synthetic_ecosystem_has_the_promised_size_and_labels():
    eco = synthetic_ecosystem(500, ties_per_actor=5, seed=3)
    G = eco.graph()
    assert G.number_of_nodes() == 500
    assert G.number_of_edges() == 2500
    assert eco.synthetic and "Synthetic" in eco.meta["title"]
    assert set(eco.actors["sector"]) <= set(SECTORS)
    assert eco.actors["municipality"].nunique() > 3
    # About two thirds answered, and the reporters are among them (or a register: "").
    assert 0.55 < eco.actors["respondent"].mean() < 0.75
    reporters = set(eco.ties["reported_by"]) - {""}
    assert reporters <= set(eco.actors.index[eco.actors["respondent"]])
    confirmed = sum(d["confirmed"] for _, _, d in G.edges(data=True))
    assert 0 < confirmed < G.number_of_edges()


def test_synthetic_ecosystem_is_seeded():
    first, again = synthetic_ecosystem(300, seed=5), synthetic_ecosystem(300, seed=5)
    assert first.ties.equals(again.ties)
    assert first.actors.equals(again.actors)
    assert not synthetic_ecosystem(300, seed=6).ties.equals(first.ties)


def test_synthetic_ecosystem_has_hubs():
    degrees = sorted((d for _, d in synthetic_ecosystem(2000, seed=0).graph().degree()), reverse=True)
    assert degrees[0] > 5 * (sum(degrees) / len(degrees))


def test_tiny_synthetic_ecosystem_caps_ties_at_all_pairs():
    assert synthetic_ecosystem(4, ties_per_actor=5).graph().number_of_edges() == 6


@pytest.mark.parametrize("n", [1, 2.5, True])
def test_synthetic_ecosystem_refuses_bad_sizes(n):
    with pytest.raises(ValueError, match="n_actors must be a whole number >= 2"):
        synthetic_ecosystem(n)


def test_prediction_scales_each_function_by_its_growth():
    previous = {"actors": 1000, "graph_seconds": 1.0, "flag_rules_seconds": 0.0, "functions": {
        "betweenness": {"seconds": 2.0, "container": False},
        "degree": {"seconds": 1.0, "container": False},
        "actor_measures": {"seconds": 99.0, "container": True},
    }}
    expected = 2.0 * 10 ** 2 + 1.0 * 10 ** run.DEFAULT_GROWTH + 1.0 * 10
    assert run.predict(previous, 10_000) == pytest.approx(expected)
    assert run.predict(None, 10_000) is None


def test_peak_tracker_keeps_the_outer_peak_across_inner_resets():
    tracker = run.PeakTracker()
    if not tracker.resettable:
        pytest.skip("this system cannot reset the resident-set high-water mark")
    tracker.start()
    block = bytearray(150 * 1024 * 1024)  # 150 MB, touched so that it is resident
    block[::4096] = b"x" * len(block[::4096])
    del block
    tracker.start()  # resets the mark: only the outer span's note remembers the block
    inner = tracker.stop()
    outer = tracker.stop()
    assert outer - inner > 100 * 1024


def test_markdown_tables_from_results():
    functions = {"betweenness": {"calls": 2, "seconds": 4.0, "peak_rss_mb": 300.0,
                                 "engines": ["igraph"], "container": False}}
    nx_functions = {"betweenness": {"calls": 2, "seconds": 40.0, "peak_rss_mb": 200.0,
                                    "engines": ["networkx"], "container": False}}
    results = {
        "date": "2026-01-01T00:00:00", "load_average_start": [1.0], "load_average_end": [1.5],
        "machine": {"commit": "abc", "cores": 2, "cpu": "CPU", "memory_gb": 8, "python": "3.11",
                    "versions": {"networkx": "3", "python-igraph": "1", "dask": "2026"}},
        "options": {"sizes": (1000,)},
        "demo_end_to_end": {"command": "skane-eco analyze", "runs": [3.0], "median_seconds": 3.0},
        "analysis": [
            {"size": 1000, "engine": "networkx", "actors": 1000, "ties": 5000, "functions": nx_functions,
             "analyze": {"seconds": 50.0}, "load": {"seconds": 0.5}, "process_peak_rss_mb": 400.0},
            {"size": 1000, "engine": "igraph", "actors": 1000, "ties": 5000, "functions": functions,
             "analyze": {"seconds": 5.0}, "load": {"seconds": 0.5}, "process_peak_rss_mb": 2048.0},
        ],
        "distributed": [{"size": 1000, "workers": 1, "actors": 1000, "ties": 5000,
                         "single_process_seconds": 1.0, "cluster_seconds": 1.2, "cluster_start_seconds": 2.0,
                         "worker_peak_rss_mb": [150.0]},
                        {"size": 1000, "workers": 2, "skipped": "too slow"}],
        "skipped": ["too slow"],
    }
    results["targets"] = run.check_targets(results)
    text = run.markdown(results)
    assert "| demo end to end (load to report, start-up included) < 5 s | 3.0 s | yes |" in text
    assert "| betweenness | 2 | 40.0 s | 4.00 s | 10.0x | igraph, networkx | 300 MB |" in text
    assert "| 1,000 | 5,000 | igraph | 0.50 s | 5.00 s | - | - | - | 2.00 GB |" in text
    assert "| 1,000 | 5,000 | 1 | 1.00 s | 2.00 s | 1.20 s | 1.00x | 150 MB |" in text
    assert "* too slow" in text


def test_command_line_options():
    quick = run.parse_args(["--quick"])
    assert quick.sizes == (150, 1000) and quick.budget == 60.0
    chosen = run.parse_args(["--sizes", "10_000,150,150", "--engines", "igraph", "--workers", ""])
    assert chosen.sizes == (150, 10000) and chosen.engines == ("igraph",) and chosen.workers == ()
    with pytest.raises(SystemExit):
        run.parse_args(["--engines", "spark"])
    with pytest.raises(SystemExit):
        run.parse_args(["--sizes", "ten"])
