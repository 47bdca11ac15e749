"""Scaling benchmarks: time and peak memory from survey file to report, at four sizes.

Measures, for the synthetic demo (150 actors, loaded from its workbook) and for
synthetic ecosystems of 1,000, 10,000 and 100,000 actors (5 ties per actor,
built by ``benchmarks/synthetic.py``):

* **load**: reading the demo workbook, or building the synthetic ecosystem;
* **analyze**: :func:`skane_ecosystem.analyze` with each engine (networkx and
  igraph side by side), every call of a ``skane_ecosystem.metrics`` function
  timed on its own, the flag rules and the stability resamples separately;
* **map**: ``Analysis.explore().save(...)`` (render/map.py);
* **report**: :func:`skane_ecosystem.render.bundle.write_bundle`;
* **distributed**: :func:`skane_ecosystem.distributed.distributed_betweenness` on
  a LocalCluster of 1 and 2 workers, next to single-process igraph;
* **end to end**: ``skane-eco analyze`` on the demo workbook, start-up included.

Every case runs in a fresh Python process, so that imports, caches and memory
of one case do not flatter the next.  Peak memory is the process's resident
set (Linux ``VmHWM``, reset before each phase), which counts the C memory of
igraph as well as Python's.  A case predicted (from the previous size) to take
longer than ``--budget`` seconds is skipped and the output says so.

Benchmarks measure; they assert nothing.  Results go to
``benchmarks/results/latest.json`` and ``benchmarks/results/latest.md``.

Usage::

    .venv/bin/python benchmarks/run.py                    # 150, 1,000, 10,000, 100,000
    .venv/bin/python benchmarks/run.py --quick            # 150 and 1,000 only, a minute or two
    .venv/bin/python benchmarks/run.py --sizes 150,10000 --budget 600

All data are synthetic.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import inspect
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
DEMO_SIZE = 150
DEFAULT_SIZES = (DEMO_SIZE, 1_000, 10_000, 100_000)
QUICK_SIZES = (DEMO_SIZE, 1_000)
ENGINES = ("networkx", "igraph")
WORKERS = (1, 2)

#: A case predicted to take longer than this many seconds is skipped.
DEFAULT_BUDGET = 300.0
#: The fast engine may take longer: its 100,000-actor run *is* a target (10 minutes).
FAST_BUDGET = 1800.0
#: A child process still running after budget x this factor (+ a minute) is stopped.
TIMEOUT_FACTOR = 3.0

#: How the cost of each metrics function grows with the number of actors n (the
#: synthetic ecosystems have m = 5n ties): the exponent e in cost ~ n^e.  Used only
#: to decide what to skip; all-pairs path measures are quadratic (n searches of
#: O(m)), the rest close to linear.
GROWTH = {
    "betweenness": 2.0, "closeness": 2.0, "harmonic_closeness": 2.0,
    "betweenness_centralization": 2.0, "average_distance": 2.0, "diameter": 2.0,
    "fragmentation": 2.0, "removal_impact": 2.0, "articulation_point_impact": 2.0,
    "reach": 2.0, "key_player_set": 2.0, "stability": 2.0, "flag rules": 1.5,
}
DEFAULT_GROWTH = 1.3

#: Functions that only gather other measures: their callees are timed instead.
CONTAINERS = ("actor_measures", "network_indicators")

#: The targets of the issue, checked in the summary.
TARGETS = {
    "demo_end_to_end_s": 5.0,
    "fast_analysis_10000_s": 60.0,
    "fast_analysis_100000_s": 600.0,
    "fast_analysis_100000_peak_gb": 8.0,
}


# =========================================================================
# Memory: the process's resident-set high-water mark
# =========================================================================


def peak_rss_kb() -> int:
    """Peak resident set of this process since the last reset, in kB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        # Not Linux: the lifetime peak (kB on Linux, bytes on macOS).
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak


def reset_peak_rss() -> bool:
    """Start a new high-water mark (Linux >= 4.0); False where impossible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


class PeakTracker:
    """Peak memory of nested spans although each span resets the one high-water mark.

    Before a reset, every open span takes note of the peak so far; a span's peak is
    the largest of those notes and the mark at its end.
    """

    def __init__(self):
        self.open_spans: list[list[int]] = []
        self.resettable = reset_peak_rss()

    def start(self):
        current = peak_rss_kb()
        for span in self.open_spans:
            span[0] = max(span[0], current)
        reset_peak_rss()
        self.open_spans.append([0])

    def stop(self) -> int:
        peak = max(self.open_spans.pop()[0], peak_rss_kb())
        for span in self.open_spans:
            span[0] = max(span[0], peak)
        return peak


# =========================================================================
# Child process: one case
# =========================================================================


class CaseLog:
    """Appends one JSON line per finished phase, so a stopped case keeps what it did."""

    def __init__(self, path: Path):
        self.path = path
        self.tracker = PeakTracker()

    def write(self, record: dict):
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")

    def phase(self, name: str, action, **extra):
        self.tracker.start()
        began = time.perf_counter()
        value = action()
        seconds = time.perf_counter() - began
        self.write({"phase": name, "seconds": round(seconds, 4),
                    "peak_rss_mb": round(self.tracker.stop() / 1024, 1), **extra})
        return value


class MetricsRecorder:
    """Times every call of a ``skane_ecosystem.metrics`` function during analyze().

    Calls made inside another timed call are part of that call's time; the
    gatherers in ``CONTAINERS`` are transparent (their callees are timed); the
    stability resamples are timed as one step, not per function.
    """

    def __init__(self, tracker: PeakTracker):
        self.tracker = tracker
        self.calls: list[dict] = []
        self.inside = 0
        self.quiet = 0

    def install(self):
        import skane_ecosystem.analysis  # noqa: F401  (load what analyze() uses)
        import skane_ecosystem.flags  # noqa: F401
        import skane_ecosystem.metrics as metrics
        import skane_ecosystem.stability  # noqa: F401

        originals = {name: getattr(metrics, name) for name in metrics.__all__
                     if inspect.isfunction(getattr(metrics, name))}
        replacement = {id(fn): self._timed(name, fn) for name, fn in originals.items()}
        stability = skane_ecosystem.analysis.flag_stability
        replacement[id(stability)] = self._timed_quietly("stability", stability)
        for module in [m for name, m in sys.modules.items() if name.startswith("skane_ecosystem")]:
            for attribute, value in list(vars(module).items()):
                if id(value) in replacement and inspect.isfunction(value):
                    setattr(module, attribute, replacement[id(value)])

    def _timed(self, name, fn):
        container = name in CONTAINERS
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self.quiet or self.inside:
                return fn(*args, **kwargs)
            engine = _engine_argument(signature, args, kwargs)
            self.inside += not container
            self.tracker.start()
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - began
                peak = self.tracker.stop()
                self.inside -= not container
                self.calls.append({"function": name, "seconds": seconds, "engine": engine,
                                   "peak_rss_mb": round(peak / 1024, 1), "container": container})

        return timed

    def _timed_quietly(self, name, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.quiet += 1
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.quiet -= 1
                self.calls.append({"function": name, "seconds": time.perf_counter() - began,
                                   "engine": None, "peak_rss_mb": None, "container": False})

        return timed

    def by_function(self) -> dict:
        """function -> calls, total seconds, largest peak and engines seen, in call order."""
        table: dict[str, dict] = {}
        for call in self.calls:
            row = table.setdefault(call["function"], {"calls": 0, "seconds": 0.0, "peak_rss_mb": None,
                                                       "engines": [], "container": call["container"]})
            row["calls"] += 1
            row["seconds"] = round(row["seconds"] + call["seconds"], 4)
            if call["peak_rss_mb"] is not None:
                row["peak_rss_mb"] = max(row["peak_rss_mb"] or 0, call["peak_rss_mb"])
            if call["engine"] not in row["engines"]:
                row["engines"].append(call["engine"])
        return table


def _engine_argument(signature, args, kwargs):
    """The engine a metrics function was asked to use, None if it has no such option."""
    if "engine" not in signature.parameters:
        return None
    bound = signature.bind_partial(*args, **kwargs)
    bound.apply_defaults()
    return bound.arguments.get("engine")


def _analysis_config(engine):
    from skane_ecosystem import AnalysisConfig

    fields = {f for f in AnalysisConfig.__dataclass_fields__}
    return AnalysisConfig(engine=engine) if "engine" in fields else AnalysisConfig()


def load_case(size):
    """The ecosystem of a case: the demo workbook, or a synthetic one."""
    if size == DEMO_SIZE:
        import skane_ecosystem as se
        from skane_ecosystem.demo import demo_path

        return se.load(demo_path("skane_demo.xlsx"))
    sys.path.insert(0, str(HERE))
    from synthetic import synthetic_ecosystem

    return synthetic_ecosystem(size, seed=0)


def run_analysis_case(size, engine, outputs, log: CaseLog):
    """Child: load, analyze with one engine, and (if asked) map and report."""
    began = time.perf_counter()
    import networkx  # noqa: F401

    import skane_ecosystem  # noqa: F401
    from skane_ecosystem import analyze

    log.write({"phase": "import", "seconds": round(time.perf_counter() - began, 4)})
    recorder = MetricsRecorder(log.tracker)
    recorder.install()
    eco = log.phase("load", lambda: load_case(size))
    config = _analysis_config(engine)
    result = log.phase("analyze", lambda: analyze(eco, config))
    G = result.graph
    log.write({"phase": "analysis details", "actors": G.number_of_nodes(), "ties": G.number_of_edges(),
               "tie_reports": len(eco.ties), "timings": result.timings,
               "flags": len(result.flags), "functions": recorder.by_function()})
    if not outputs:
        return
    with tempfile.TemporaryDirectory(prefix="skane-bench-") as folder:
        folder = Path(folder)
        saved = log.phase("map", lambda: result.explore().save(folder / "map.html"))
        log.write({"phase": "map details", "bytes": Path(saved).stat().st_size})
        try:
            from skane_ecosystem.render.bundle import write_bundle
        except ImportError:
            log.write({"phase": "report", "skipped": "render/bundle.write_bundle is not there yet"})
            return
        paths = log.phase("report", lambda: write_bundle(result, folder / "report"))
        log.write({"phase": "report details", "files": len(paths),
                   "bytes": sum(Path(p).stat().st_size for p in paths.values() if Path(p).is_file())})


def run_distributed_case(size, workers, log: CaseLog):
    """Child: exact betweenness on one process (igraph), then on a LocalCluster."""
    import logging

    import distributed
    import networkx as nx

    from skane_ecosystem.distributed import distributed_betweenness
    from skane_ecosystem.metrics import betweenness

    eco = load_case(size)
    G = eco.graph(wave=eco.waves[-1] if eco.waves else None)
    log.write({"phase": "graph", "actors": G.number_of_nodes(), "ties": G.number_of_edges()})
    if workers == 1:
        log.phase("betweenness, one process (igraph)", lambda: betweenness(G, engine="igraph"))
    cluster = log.phase("cluster start", lambda: distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
        silence_logs=logging.CRITICAL))
    try:
        with distributed.Client(cluster) as client:
            # Warm the workers and this process (imports, first scatter) outside the timed call.
            client.run(_warm_worker)
            distributed_betweenness(nx.path_graph(4), scheduler=client, engine="igraph")
            log.phase("betweenness on cluster",
                      lambda: distributed_betweenness(G, scheduler=client, engine="igraph"),
                      workers=workers)
            peaks = client.run(_worker_peak_mb)
            log.write({"phase": "worker memory", "peak_rss_mb": sorted(peaks.values())})
    finally:
        cluster.close()


def _warm_worker():
    import igraph  # noqa: F401
    import numpy  # noqa: F401

    import skane_ecosystem.distributed  # noqa: F401


def _worker_peak_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child_main(args):
    log = CaseLog(Path(args.log))
    if args.case == "analyze":
        run_analysis_case(args.size, args.engine, args.outputs, log)
    elif args.case == "distributed":
        run_distributed_case(args.size, args.workers[0], log)
    log.write({"phase": "done", "process_peak_rss_mb": round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})


# =========================================================================
# Parent: plan, run the cases, write the results
# =========================================================================


def run_child(arguments: list[str], timeout: float) -> tuple[list[dict], str | None]:
    """Run one case in a new process; its phase records and why it stopped early, if it did."""
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as handle:
        log_path = Path(handle.name)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--log", str(log_path), *arguments]
    problem = None
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
        if process.returncode != 0:
            problem = f"failed (exit {process.returncode}): {stderr.strip().splitlines()[-1] if stderr.strip() else ''}"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)  # the case's own process group: it and its workers
        process.communicate()
        problem = f"stopped after {timeout:.0f} s"
    wall = time.perf_counter() - began
    records = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines() if line]
    log_path.unlink()
    records.append({"phase": "process", "wall_seconds": round(wall, 2)})
    return records, problem


def predict(previous: dict | None, size: int) -> float | None:
    """Seconds an analysis of ``size`` actors should take, from the previous size's run."""
    if not previous or "functions" not in previous:
        return None
    ratio = size / previous["actors"]
    total = 0.0
    for name, row in previous["functions"].items():
        if row["container"]:
            continue
        total += row["seconds"] * ratio ** GROWTH.get(name, DEFAULT_GROWTH)
    rules = previous.get("flag_rules_seconds") or 0.0
    total += rules * ratio ** GROWTH["flag rules"]
    total += (previous.get("graph_seconds") or 0.0) * ratio
    return total


def summarise_analysis(records: list[dict], problem: str | None) -> dict:
    """One analysis case from its phase records."""
    case = {"problem": problem}
    for record in records:
        phase = record["phase"]
        if phase in ("import", "load", "analyze", "map", "report"):
            case[phase] = {k: v for k, v in record.items() if k != "phase"}
        elif phase == "analysis details":
            case["actors"], case["ties"] = record["actors"], record["ties"]
            case["tie_reports"], case["flags"] = record["tie_reports"], record["flags"]
            case["timings"], case["functions"] = record["timings"], record["functions"]
            stability = record["functions"].get("stability", {}).get("seconds", 0.0)
            case["stability_seconds"] = stability
            case["graph_seconds"] = record["timings"].get("graph")
            flags_step = record["timings"].get("flags")
            case["flag_rules_seconds"] = None if flags_step is None else round(flags_step - stability, 4)
        elif phase in ("map details", "report details"):
            case[phase.split()[0] + "_output"] = {k: v for k, v in record.items() if k != "phase"}
        elif phase == "done":
            case["process_peak_rss_mb"] = record["process_peak_rss_mb"]
        elif phase == "process":
            case["wall_seconds"] = record["wall_seconds"]
    return case


def summarise_distributed(records: list[dict], problem: str | None) -> dict:
    case = {"problem": problem}
    for record in records:
        phase = record["phase"]
        if phase == "graph":
            case["actors"], case["ties"] = record["actors"], record["ties"]
        elif phase == "betweenness, one process (igraph)":
            case["single_process_seconds"] = record["seconds"]
            case["single_process_peak_rss_mb"] = record["peak_rss_mb"]
        elif phase == "cluster start":
            case["cluster_start_seconds"] = record["seconds"]
        elif phase == "betweenness on cluster":
            case["cluster_seconds"] = record["seconds"]
        elif phase == "worker memory":
            case["worker_peak_rss_mb"] = record["peak_rss_mb"]
        elif phase == "process":
            case["wall_seconds"] = record["wall_seconds"]
    return case


def demo_end_to_end(runs: int) -> dict:
    """Wall time of ``skane-eco analyze`` on the demo workbook, start-up included."""
    from skane_ecosystem.demo import demo_path

    cli = shutil.which("skane-eco", path=str(Path(sys.executable).parent)) or "skane-eco"
    times, problem = [], None
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="skane-bench-e2e-") as folder:
            began = time.perf_counter()
            done = subprocess.run([cli, "analyze", str(demo_path("skane_demo.xlsx")), "--out",
                                   str(Path(folder) / "demo")], capture_output=True, text=True)
            times.append(round(time.perf_counter() - began, 2))
            if done.returncode != 0:
                problem = f"skane-eco analyze failed (exit {done.returncode})"
                break
    ordered = sorted(times)
    return {"command": "skane-eco analyze skane_demo.xlsx --out DIR", "runs": times,
            "median_seconds": ordered[len(ordered) // 2] if ordered else None, "problem": problem}


def machine() -> dict:
    """What the numbers were measured on (and how busy it was)."""
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    memory_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo", encoding="ascii").read()).group(1))
        memory_gb = round(kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    return {"cpu": cpu, "cores": cores, "memory_gb": memory_gb, "python": platform.python_version(),
            "platform": platform.platform(), "versions": _versions(), "commit": _commit()}


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("skane-ecosystem", "networkx", "python-igraph", "pandas", "numpy", "dask", "distributed"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = None
    return found


def _commit() -> str | None:
    """The commit measured, marked "+ local changes" when the package's files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--",
                                  "skane_ecosystem"], cwd=ROOT, capture_output=True, text=True,
                                 check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head} + local changes" if changed else head


def run_all(args) -> dict:
    results = {"date": _dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "load_average_start": list(os.getloadavg()), "options": vars(args).copy(),
               "analysis": [], "distributed": [], "skipped": []}
    say = functools.partial(print, flush=True)
    say(f"Benchmarks on {results['machine']['cores']} cores, load average "
        f"{results['load_average_start'][0]:.1f}; all data synthetic.")

    if args.end_to_end:
        runs = 1 if args.quick else 3
        say(f"demo end to end (skane-eco analyze, {runs} run(s)) ...")
        results["demo_end_to_end"] = demo_end_to_end(runs)
        say(f"  median {results['demo_end_to_end']['median_seconds']} s")

    previous: dict[str, dict] = {}
    for size in args.sizes:
        for engine in args.engines:
            budget = args.budget if engine == "networkx" else max(args.budget, args.fast_budget)
            estimate = predict(previous.get(engine), size)
            label = f"{size:,} actors, {engine}"
            if estimate is not None and estimate > budget:
                note = (f"{engine} skipped at {size:,} actors: predicted {_duration(estimate)} "
                        f"from the {previous[engine]['actors']:,}-actor run (budget {_duration(budget)})")
                say("  " + note)
                results["skipped"].append(note)
                results["analysis"].append({"size": size, "engine": engine, "skipped": note,
                                            "predicted_seconds": round(estimate)})
                continue
            outputs = engine == args.engines[-1]
            say(f"{label}: load, analyze{', map, report' if outputs else ''} ...")
            timeout = TIMEOUT_FACTOR * max(budget, estimate or 0) + 60
            records, problem = run_child(["--case", "analyze", "--size", str(size), "--engine", engine]
                                         + (["--outputs"] if outputs else []), timeout)
            case = summarise_analysis(records, problem)
            case.update(size=size, engine=engine, predicted_seconds=None if estimate is None else round(estimate, 1))
            results["analysis"].append(case)
            if "functions" in case:
                previous[engine] = case
            say(f"  analyze {case.get('analyze', {}).get('seconds', '-')} s"
                + (f"; {problem}" if problem else ""))
        for workers in args.workers:
            say(f"{size:,} actors: distributed betweenness, {workers} worker(s) ...")
            earlier = [c for c in results["distributed"] if c.get("workers") == workers and "cluster_seconds" in c]
            if earlier:
                last = earlier[-1]
                estimate = last["cluster_seconds"] * (size / last["actors"]) ** 2
                if estimate > args.fast_budget:
                    note = (f"distributed betweenness with {workers} worker(s) skipped at {size:,} actors: "
                            f"predicted {_duration(estimate)} (budget {_duration(args.fast_budget)})")
                    say("  " + note)
                    results["skipped"].append(note)
                    results["distributed"].append({"size": size, "workers": workers, "skipped": note})
                    continue
            records, problem = run_child(["--case", "distributed", "--size", str(size),
                                          "--workers", str(workers)], TIMEOUT_FACTOR * args.fast_budget + 60)
            case = summarise_distributed(records, problem)
            case.update(size=size, workers=workers)
            results["distributed"].append(case)
            say(f"  {case.get('cluster_seconds', '-')} s" + (f"; {problem}" if problem else ""))
    results["load_average_end"] = list(os.getloadavg())
    results["targets"] = check_targets(results)
    return results


# =========================================================================
# Targets and the markdown table
# =========================================================================


def check_targets(results) -> list[dict]:
    """The issue's targets: what was measured, and met or missed (None: not measured)."""
    e2e = results.get("demo_end_to_end", {}).get("median_seconds")
    fast = {c["size"]: c for c in results["analysis"] if c["engine"] == "igraph" and "analyze" in c}
    rows = [{"target": "demo end to end (load to report, start-up included) < 5 s",
             "measured": None if e2e is None else f"{e2e} s",
             "met": None if e2e is None else e2e < TARGETS["demo_end_to_end_s"]}]
    ten = fast.get(10_000)
    seconds = ten["analyze"]["seconds"] if ten else None
    rows.append({"target": "10,000 actors, full analysis with the fast engine < 60 s",
                 "measured": None if seconds is None else f"{seconds:.1f} s",
                 "met": None if seconds is None else seconds < TARGETS["fast_analysis_10000_s"]})
    big = fast.get(100_000)
    seconds = big["analyze"]["seconds"] if big else None
    peak = big.get("process_peak_rss_mb") if big else None
    rows.append({"target": "100,000 actors / 500,000 ties analysed < 10 min, < 8 GB",
                 "measured": None if seconds is None else f"{_duration(seconds)}, peak {peak / 1024:.1f} GB"
                 if peak else None,
                 "met": None if seconds is None or peak is None else
                 seconds < TARGETS["fast_analysis_100000_s"] and peak / 1024 < TARGETS["fast_analysis_100000_peak_gb"]})
    return rows


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _mb(value) -> str:
    if value is None:
        return "-"
    return f"{value / 1024:.2f} GB" if value >= 1024 else f"{value:.0f} MB"


def markdown(results) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results (synthetic data)",
        "",
        f"Measured {results['date']} at commit `{m['commit']}` on {m['cores']} cores ({m['cpu']}), "
        f"{m['memory_gb']} GB, Python {m['python']}; networkx {m['versions']['networkx']}, "
        f"python-igraph {m['versions']['python-igraph']}, dask {m['versions']['dask']}. "
        f"Load average {results['load_average_start'][0]:.1f} at the start and "
        f"{results['load_average_end'][0]:.1f} at the end (other work shared the machine, "
        "so times are upper bounds).",
        "",
        "Made by `benchmarks/run.py`; every case ran in a fresh process.  Peak memory is the "
        "process's resident set during the phase (Linux VmHWM), C libraries included.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for row in results["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {row['measured'] or '-'} | {met} |")
    e2e = results.get("demo_end_to_end")
    if e2e:
        lines += ["", f"Demo end to end: `{e2e['command']}`, runs {e2e['runs']} s "
                      f"(median {e2e['median_seconds']} s)."]
    lines.append("")

    lines += ["## Phases", "",
              "| actors | ties | engine | load | analyze | of which stability | map | report | peak memory |",
              "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for case in results["analysis"]:
        if "skipped" in case:
            lines.append(f"| {case['size']:,} | | {case['engine']} | skipped: predicted "
                         f"{_duration(case['predicted_seconds'])} | | | | | |")
            continue
        def phase(name):
            return _duration(case[name]["seconds"]) if name in case else "-"
        ties = f"{case['ties']:,}" if "ties" in case else "-"
        lines.append(
            f"| {case['size']:,} | {ties} | {case['engine']} | {phase('load')} | {phase('analyze')}"
            f"{' (' + case['problem'] + ')' if case.get('problem') else ''} | "
            f"{_duration(case.get('stability_seconds')) if case.get('stability_seconds') else '-'} | "
            f"{phase('map')} | {phase('report')} | {_mb(case.get('process_peak_rss_mb'))} |")

    lines += ["", "## analyze(): every metrics call, networkx and igraph side by side", "",
              "Seconds per function (all calls during one `analyze()`, the stability resamples "
              "excluded), the engine each call was asked for (`-`: the function has no engine "
              "option, so both columns ran the same code), and networkx / igraph.", ""]
    for size in results["options"]["sizes"]:
        cases = {c["engine"]: c for c in results["analysis"] if c["size"] == size}
        lines += [f"### {size:,} actors", ""]
        if not any("functions" in c for c in cases.values()):
            lines += ["Not measured: " + "; ".join(c.get("skipped") or c.get("problem") or "no data"
                                                  for c in cases.values()), ""]
            continue
        lines += ["| function | calls | networkx | igraph | ratio | engine asked | peak memory |",
                  "|---|---:|---:|---:|---:|---|---:|"]
        names = []
        for case in cases.values():
            for name in case.get("functions", {}):
                if name not in names and name != "stability":
                    names.append(name)
        for name in names:
            rows = {engine: cases[engine].get("functions", {}).get(name) for engine in cases}
            nx_row, ig_row = rows.get("networkx"), rows.get("igraph")
            any_row = ig_row or nx_row
            # Below 10 ms a ratio says more about timer noise than about engines.
            ratio = (f"{nx_row['seconds'] / ig_row['seconds']:.1f}x"
                     if nx_row and ig_row and min(nx_row["seconds"], ig_row["seconds"]) >= 0.01 else "-")
            engines = sorted({str(e) if e else "-" for r in rows.values() if r for e in r["engines"]})
            label = f"{name} (gathers)" if any_row["container"] else name
            lines.append(
                f"| {label} | {any_row['calls']} | {_cell(nx_row, cases.get('networkx'))} | "
                f"{_cell(ig_row, cases.get('igraph'))} | {ratio} | {', '.join(engines)} | "
                f"{_mb(_largest(r['peak_rss_mb'] for r in rows.values() if r))} |")
        for label, key in (("flag rules", "flag_rules_seconds"), ("stability resamples", "stability_seconds"),
                           ("graph building", "graph_seconds")):
            values = {engine: case.get(key) for engine, case in cases.items()}
            lines.append(f"| *{label}* | | {_duration(values.get('networkx'))} | "
                         f"{_duration(values.get('igraph'))} | | | |")
        lines.append("")

    lines += ["## Distributed exact betweenness (Dask LocalCluster)", "",
              "Unweighted exact betweenness of the analysed graph: igraph in one process, then "
              "`distributed_betweenness` with igraph on each worker (workers warmed up; the "
              "cluster start is shown apart).", "",
              "| actors | ties | workers | one process | cluster start | on the cluster | speed-up vs 1 worker | worker peak memory |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    single = {c["size"]: c.get("single_process_seconds") for c in results["distributed"]
              if c.get("single_process_seconds") is not None}
    one_worker = {c["size"]: c.get("cluster_seconds") for c in results["distributed"]
                  if c.get("workers") == 1 and c.get("cluster_seconds")}
    for case in results["distributed"]:
        if "skipped" in case:
            lines.append(f"| {case['size']:,} | | {case['workers']} | {case['skipped']} | | | | |")
            continue
        base = one_worker.get(case["size"])
        speedup = f"{base / case['cluster_seconds']:.2f}x" if base and case.get("cluster_seconds") else "-"
        ties = f"{case['ties']:,}" if "ties" in case else "-"
        lines.append(
            f"| {case['size']:,} | {ties} | {case['workers']} | {_duration(single.get(case['size']))} | "
            f"{_duration(case.get('cluster_start_seconds'))} | {_duration(case.get('cluster_seconds'))}"
            f"{' (' + case['problem'] + ')' if case.get('problem') else ''} | {speedup} | "
            f"{', '.join(_mb(v) for v in case.get('worker_peak_rss_mb', [])) or '-'} |")
    if results["skipped"]:
        lines += ["", "## Skipped", ""] + [f"* {note}" for note in results["skipped"]]
    return "\n".join(lines) + "\n"


def _largest(values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _cell(row, case) -> str:
    if row:
        return _duration(row["seconds"])
    if case and "skipped" in case:
        return "skipped"
    return "-"


def write_atomic(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8",
                                     suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


# =========================================================================
# Command line
# =========================================================================


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=_sizes, default=None,
                        help="comma-separated actor counts; 150 is the demo workbook "
                             "(default: 150,1000,10000,100000; with --quick: 150,1000)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes, one end-to-end run, 60 s budget: a check that all runs")
    parser.add_argument("--engines", type=lambda s: tuple(e for e in s.split(",") if e), default=ENGINES,
                        help="engines to compare (default: networkx,igraph; empty: no analysis cases)")
    parser.add_argument("--workers", type=lambda s: tuple(int(w) for w in s.split(",") if w), default=WORKERS,
                        help="Dask worker counts for distributed betweenness (default: 1,2; empty: none)")
    parser.add_argument("--budget", type=float, default=None,
                        help=f"skip networkx cases predicted to take longer (seconds, default {DEFAULT_BUDGET:.0f})")
    parser.add_argument("--fast-budget", type=float, default=FAST_BUDGET,
                        help=f"the same for igraph and distributed cases (default {FAST_BUDGET:.0f})")
    parser.add_argument("--no-end-to-end", dest="end_to_end", action="store_false",
                        help="leave out the end-to-end run of skane-eco analyze on the demo")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.json and latest.md")
    # Internal: one case in a child process.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=("analyze", "distributed"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--outputs", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.budget is None:
        args.budget = 60.0 if args.quick else DEFAULT_BUDGET
    if args.quick:
        args.fast_budget = min(args.fast_budget, 120.0)
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s) {sorted(unknown)}; choose from {ENGINES}")
    return args


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes whole numbers separated by commas, not {text!r}")
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("--sizes needs at least one size of 2 actors or more")
    return tuple(sorted(set(sizes)))


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        child_main(args)
        return
    results = run_all(args)
    options = results["options"]
    options["out"] = str(options["out"])
    write_atomic(args.out / "latest.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_atomic(args.out / "latest.md", markdown(results))
    print(f"Wrote {args.out / 'latest.json'} and {args.out / 'latest.md'}")


if __name__ == "__main__":
    main()
