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


def test_prediction_scales_each_measure_by_its_growth():
    previous = {
        "actors": 1000,
        "graph_seconds": 1.0,
        "flag_rules_seconds": 0.0,
        "stability_seconds": 0.0,
        "measures": {
            "pagerank": {"seconds": 1.0, "function": "pagerank"},
            "closeness": {"seconds": 2.0, "function": "closeness", "sampleable": False},
            "removal impact": {"skipped": "predicted 2 h"},
        },
    }
    total, each = run.predict_analysis(previous, 4000)
    assert each == pytest.approx({"pagerank": 4**run.DEFAULT_GROWTH, "closeness": 2.0 * 4**2})
    assert total == pytest.approx(sum(each.values()) + 1.0 * 4)
    assert run.predict_analysis(None, 4000) == (None, {})


def test_prediction_knows_sampled_path_measures_stop_growing_quadratically():
    above, samples = run._approximation_settings()
    record = {"seconds": 10.0, "function": "betweenness", "sampleable": True, "approximated": False}
    before, after = above // 2, above * 4
    expected = 10.0 * (samples / before) * (after / before) ** 1.2
    assert run.predict_measure(record, before, after) == pytest.approx(expected)
    assert run.predict_measure(record, before, above) == pytest.approx(10.0 * (above / before) ** 2)


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


def _case(engine, seconds, peak):
    return {
        "size": 1000,
        "engine": engine,
        "actors": 1000,
        "ties": 5000,
        "analyze": {"seconds": seconds},
        "load": {"seconds": 0.5},
        "process_peak_rss_mb": peak,
        "stability_seconds": 1.5,
        "timings": {"graph": 0.2, "measures": seconds / 2, "tables": 0.1, "flags": 2.0},
        "flag_rules_seconds": 0.5,
        "measures": {
            "betweenness": {
                "seconds": seconds * 0.8,
                "engine": engine,
                "function": "betweenness",
                "approximated": False,
                "rise_mb": peak / 2,
            },
            "degree": {"seconds": 0.001, "engine": None, "function": "degree", "rise_mb": 100.0},
            "removal impact": {"skipped": "predicted 2.0 h"}
            if engine == "networkx"
            else {"seconds": 3.0, "engine": engine, "function": "removal_impact", "rise_mb": 90.0},
        },
    }


def _results(analysis, distributed, date="2026-01-01T00:00:00", commit="abc"):
    return {
        "date": date,
        "load_average_start": [1.0],
        "load_average_end": [1.5],
        "machine": {
            "commit": commit,
            "cores": 2,
            "cpu": "CPU",
            "memory_gb": 8,
            "python": "3.11",
            "versions": {"networkx": "3", "python-igraph": "1", "dask": "2026"},
        },
        "options": {"sizes": (1000,)},
        "demo_end_to_end": {"command": "skane-eco analyze", "runs": [3.0], "median_seconds": 3.0},
        "analysis": analysis,
        "distributed": distributed,
        "skipped": ["too slow"],
    }


def test_markdown_tables_from_results():
    case = _case
    results = _results(
        [
            case("networkx", 50.0, 400.0),
            {
                **case("igraph", 5.0, 2048.0),
                "map": {"seconds": 2.0},
                "report": {"stopped": "after 1800 s", "last_step": "figures"},
            },
        ],
        [
            {
                "size": 1000,
                "workers": 1,
                "actors": 1000,
                "ties": 5000,
                "single_process_seconds": 1.0,
                "cluster_seconds": 1.2,
                "cluster_start_seconds": 2.0,
                "worker_peak_rss_mb": [150.0],
            },
            {"size": 1000, "workers": 2, "skipped": "too slow"},
        ],
    )
    results["targets"] = run.check_targets(results)
    text = run.markdown(results)
    assert "| demo end to end, default options | < 5 s | 3.00 s | yes |" in text
    assert "| 1,000 actors / 5,000 ties with flag stability | < 5 s | 5.00 s | **no** |" in text
    assert (
        "| 1,000 | 5,000 | igraph | 0.50 s | 5.00 s | 1.50 s | 2.00 s | stopped after 1800 s in figures | - | - | 2.00 GB |"
    ) in text
    assert "| 1,000 | 50.0 s | 5.00 s | 10.0x |" in text  # analyze(), networkx / igraph
    assert "| 1,000 | igraph | 0.20 s | 2.50 s | 0.10 s | 0.50 s | 1.50 s | - | - | 5.00 s |" in text
    assert "| betweenness | 40.0 s | 4.00 s | 10.0x | igraph, networkx |  | 1.00 GB |" in text
    assert "| degree | 0.00 s | 0.00 s | - | - |  | 100 MB |" in text
    assert "| removal impact | skipped (predicted 2.0 h) | 3.00 s | - | igraph |  | 90 MB |" in text
    assert "| **all** | 40.0 s | 7.00 s | | | | |" in text
    assert "| 1,000 | 5,000 | 1 | 1.00 s | 2.00 s | 1.20 s | 1.00x | 150 MB |" in text
    assert "* too slow" in text


def test_merged_runs_replace_the_cases_measured_again():
    first = _results(
        [_case("networkx", 50.0, 400.0), {**_case("igraph", 5.0, 2048.0), "report": {"stopped": "x"}}],
        [{"size": 1000, "workers": 1, "cluster_seconds": 9.0}],
    )
    second = _results(
        [{**_case("igraph", 4.0, 1024.0), "report": {"seconds": 7.0}}], [], date="2026-01-02T00:00:00", commit="def"
    )
    second.pop("demo_end_to_end")
    merged = run.merge_results([first, second])
    assert [(c["engine"], c["analyze"]["seconds"]) for c in merged["analysis"]] == [("igraph", 4.0), ("networkx", 50.0)]
    assert merged["distributed"] == first["distributed"]
    assert merged["demo_end_to_end"] == first["demo_end_to_end"]
    text = run.markdown(merged)
    assert "Measured again 2026-01-02T00:00:00 at commit `def` (these replace the first run's): 1,000 igraph." in text
    assert "| 1,000 | 5,000 | igraph | 0.50 s | 4.00 s | 1.50 s | - | 7.00 s | - | - | 1.00 GB |" in text


def test_command_line_options():
    quick = run.parse_args(["--quick"])
    assert quick.sizes == (150, 1000) and quick.budget == 60.0
    chosen = run.parse_args(["--sizes", "10_000,150,150", "--engines", "igraph", "--workers", ""])
    assert chosen.sizes == (150, 10000) and chosen.engines == ("igraph",) and chosen.workers == ()
    with pytest.raises(SystemExit):
        run.parse_args(["--engines", "spark"])
    with pytest.raises(SystemExit):
        run.parse_args(["--sizes", "ten"])


def test_a_phase_past_its_deadline_is_stopped():
    import time

    with pytest.raises(run.PhaseTimeout):
        run.with_deadline(1, lambda: time.sleep(5))
    assert run.with_deadline(5, lambda: 42) == 42
    assert run.with_deadline(None, lambda: 7) == 7


def test_the_bench_reads_the_figures_map_open_writes(monkeypatch):
    """map_open.py writes its figures as JSON (--json); the bench reads them from there, not from its text."""
    import json
    import subprocess
    from pathlib import Path

    figures = {"build_seconds": 1.92, "file_mb": 12.25, "first_draw_seconds": 3.26, "usable_seconds": 3.4}

    def fake_run(command, **_):
        Path(command[command.index("--json") + 1]).write_text(json.dumps([figures]), encoding="utf-8")
        return subprocess.CompletedProcess(command, 0, stdout="printed for people", stderr="")

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    case = run.map_open_case(10_000, 3, say=lambda _: None)
    assert {name: case[name] for name in figures} == figures
