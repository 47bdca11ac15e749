"""Scaling benchmarks: time and peak memory from survey file to report, at four sizes.

Measures every case of the table of issue 14 (the targets, in :data:`TARGETS`):

* **demo end to end**: ``skane-eco analyze`` on the demo workbook, start-up
  included, three times, with the steps its run.json records;
* **notebook**: ``analyze(demo())`` with flag stability in a warm process (after
  a first run), and ``Analysis.explore()`` on it;
* **1,000, 10,000 and 100,000 actors** (5 ties per actor, built by
  ``benchmarks/synthetic.py`` and written as a folder of CSV files), networkx and
  igraph side by side, flag stability included up to ``--stability-up-to`` actors;
* **map of 10,000 actors**: ``benchmarks/map_open.py`` (first draw in headless
  Chromium).

Each analysis case is taken apart into phases:

* **load**: reading the demo workbook, or the synthetic ecosystem's CSV folder;
* **analyze**: :func:`skane_ecosystem.analyze` with each engine (networkx and
  igraph side by side), every call of a ``skane_ecosystem.metrics`` function
  timed on its own, the flag rules and the stability resamples separately;
* **map**: ``Analysis.explore().save(...)`` (render/map.py);
* **report**: :func:`skane_ecosystem.render.bundle.write_bundle`;
* **distributed**: :func:`skane_ecosystem.distributed.distributed_betweenness` on
  a LocalCluster of 1 and 2 workers, next to single-process igraph;
Every case runs in a fresh Python process, so that imports, caches and memory
of one case do not flatter the next.  Every phase records its wall-clock time,
the processor time of the process and of its finished worker processes (user +
system), and the load average at its end: on a shared machine the wall clock
alone says little.  Peak memory is the process's resident
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
import signal
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

#: The issue's cases ask for flag stability up to 10,000 actors.
STABILITY_UP_TO = 10_000
#: The map the issue times in headless Chromium.
MAP_ACTORS = 10_000

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
    "betweenness": 2.0,
    "closeness": 2.0,
    "harmonic_closeness": 2.0,
    "removal_impact": 2.0,
    "network_indicators": 2.0,
    "stability": 1.5,
    "flag rules": 1.5,
}
DEFAULT_GROWTH = 1.3

#: Functions that only gather other measures: their callees are timed instead.
CONTAINERS = ("actor_measures", "network_indicators")

#: The measures of one analysis, called one by one: (label, metrics function, keyword
#: arguments).  ``engine`` is added for functions that take it.  Together they are what
#: ``actor_measures`` and ``network_indicators`` compute, plus analyze()'s tables.
MEASURES = (
    ("degree", "degree", {}),
    ("strength", "strength", {}),
    ("betweenness", "betweenness", {}),
    ("betweenness (weighted)", "betweenness", {"weight": "weight"}),
    ("closeness", "closeness", {}),
    ("harmonic closeness", "harmonic_closeness", {}),
    ("eigenvector", "eigenvector", {}),
    ("pagerank", "pagerank", {}),
    ("core number", "core_number", {}),
    ("constraint", "constraint", {}),
    ("effective size", "effective_size", {}),
    ("efficiency", "efficiency", {}),
    ("hierarchy", "hierarchy", {}),
    ("brokerage roles", "brokerage", {"attribute": "sector"}),
    ("communities", "communities", {"seed": 0}),
    ("participation", "participation_coefficient", {"partition": "<communities>"}),
    ("cross-sector share", "cross_group_share", {"attribute": "sector"}),
    ("E-I index (actors)", "ei_index_actors", {"attribute": "sector"}),
    ("cut vertices", "articulation_points", {}),
    ("components", "component_labels", {}),
    ("removal impact", "removal_impact", {}),
    ("network indicators", "network_indicators", {}),
    ("sector tie matrix", "tie_matrix", {"attribute": "sector"}),
    ("brokerage summary", "brokerage_summary", {"attribute": "sector"}),
)

#: The targets of issue 14, checked in the summary (seconds, and GB of memory).
TARGETS = {
    "demo_end_to_end_s": 5.0,
    "notebook_analyze_s": 2.0,
    "explore_s": 0.3,
    "stability_1000_s": 5.0,
    "stability_10000_s": 15.0,
    "register_s": 600.0,
    "register_peak_gb": 8.0,
    "map_first_draw_s": 3.0,
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


def cpu_seconds() -> float:
    """Processor time (user + system) of this process and of its finished children.

    Worker processes (flag stability, figures) count once they have been waited
    for, which the pools do before their phase ends.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def current_rss_kb() -> int | None:
    """Resident set of this process now, in kB (None where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        return None


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
        before = current_rss_kb()
        self.tracker.start()
        cpu = cpu_seconds()
        began = time.perf_counter()
        try:
            value = action()
        finally:
            seconds = time.perf_counter() - began
            cpu = cpu_seconds() - cpu
            peak = self.tracker.stop()
        # The rise over the resident set at the start: what the phase itself needed.
        rise = None if before is None else round(max(0, peak - before) / 1024, 1)
        self.write(
            {
                "phase": name,
                "seconds": round(seconds, 4),
                "cpu_seconds": round(cpu, 4),
                "load_average": round(os.getloadavg()[0], 2),
                "peak_rss_mb": round(peak / 1024, 1),
                "rise_mb": rise,
                **extra,
            }
        )
        return value


class MetricsRecorder:
    """Times every call of a ``skane_ecosystem.metrics`` function during analyze().

    Calls made inside another timed call are part of that call's time; the
    gatherers in ``CONTAINERS`` are transparent (their callees are timed); the
    stability resamples are timed as one step, not per function.
    """

    def __init__(self, tracker: PeakTracker, engine: str | None = None):
        self.tracker = tracker
        self.engine = engine
        self.calls: list[dict] = []
        self.inside = 0
        self.quiet = 0

    def install(self):
        import skane_ecosystem.analysis  # noqa: F401  (load what analyze() uses)
        import skane_ecosystem.flags  # noqa: F401
        import skane_ecosystem.metrics as metrics
        import skane_ecosystem.stability  # noqa: F401

        originals = {
            name: getattr(metrics, name) for name in metrics.__all__ if inspect.isfunction(getattr(metrics, name))
        }
        replacement = {id(fn): self._timed(name, fn) for name, fn in originals.items()}
        stability = getattr(skane_ecosystem.analysis, "flag_stability", None)
        if stability is not None:  # how analyze() estimates stability may change
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
            engine = _engine_argument(signature, args, kwargs)
            if engine == "auto" and self.engine:
                # analyze() leaves the choice to "auto"; the benchmark compares engines.
                args, kwargs = _with_engine(signature, args, kwargs, self.engine)
                engine = self.engine
            if self.quiet or self.inside:
                return fn(*args, **kwargs)
            self.inside += not container
            self.tracker.start()
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - began
                peak = self.tracker.stop()
                self.inside -= not container
                self.calls.append(
                    {
                        "function": name,
                        "seconds": seconds,
                        "engine": engine,
                        "peak_rss_mb": round(peak / 1024, 1),
                        "container": container,
                    }
                )

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
                self.calls.append(
                    {
                        "function": name,
                        "seconds": time.perf_counter() - began,
                        "engine": None,
                        "peak_rss_mb": None,
                        "container": False,
                    }
                )

        return timed

    def by_function(self) -> dict:
        """function -> calls, total seconds, largest peak and engines seen, in call order."""
        table: dict[str, dict] = {}
        for call in self.calls:
            row = table.setdefault(
                call["function"],
                {"calls": 0, "seconds": 0.0, "peak_rss_mb": None, "engines": [], "container": call["container"]},
            )
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


def _with_engine(signature, args, kwargs, engine):
    bound = signature.bind_partial(*args, **kwargs)
    bound.arguments["engine"] = engine
    return bound.args, bound.kwargs


def _analysis_config(engine, size, stability_up_to):
    """The default configuration with ``engine``, and flag stability switched on up to
    ``stability_up_to`` actors (analyze() skips it above ``stability.max_actors``)."""
    from skane_ecosystem import AnalysisConfig

    default = AnalysisConfig().stability.max_actors
    return AnalysisConfig(engine=engine, stability={"max_actors": max(default, min(size, stability_up_to))})


def load_case(size, folder: Path | None = None):
    """The ecosystem of a case: the demo workbook, or a synthetic one read from the
    CSV folder ``folder`` (written by :func:`prepare_case`)."""
    import skane_ecosystem as se

    if size == DEMO_SIZE:
        from skane_ecosystem.demo import demo_path

        return se.load(demo_path("skane_demo.xlsx"))
    if folder is None:
        return _synthetic(size)
    return se.load(folder)


def prepare_case(size, folder: Path) -> Path | None:
    """Write the synthetic ecosystem of ``size`` actors as CSV files (the demo needs none)."""
    if size == DEMO_SIZE:
        return None
    sys.path.insert(0, str(HERE))
    from synthetic import write_csv_folder

    return write_csv_folder(_synthetic(size), folder)


def _synthetic(size):
    sys.path.insert(0, str(HERE))
    from synthetic import synthetic_ecosystem

    return synthetic_ecosystem(size, seed=0)


def run_analysis_case(size, engine, outputs, analyze_too, skip, log: CaseLog, output_timeout=None, stability_up_to=0):
    """Child: load; analyze() with one engine; map and report (if asked); measures one by one."""
    began = time.perf_counter()
    import networkx  # noqa: F401

    import skane_ecosystem  # noqa: F401
    from skane_ecosystem import analyze

    log.write({"phase": "import", "seconds": round(time.perf_counter() - began, 4)})
    recorder = MetricsRecorder(log.tracker, engine)
    recorder.install()
    with tempfile.TemporaryDirectory(prefix="skane-bench-csv-") as scratch:
        folder = prepare_case(size, Path(scratch) / "register")
        eco = log.phase("load", lambda: load_case(size, folder))
    config = _analysis_config(engine, size, stability_up_to)
    if analyze_too:
        result = log.phase("analyze", lambda: analyze(eco, config))
        G = result.graph
        log.write(
            {
                "phase": "analysis details",
                "actors": G.number_of_nodes(),
                "ties": G.number_of_edges(),
                "tie_reports": len(eco.ties),
                "timings": result.timings,
                "flags": len(result.flags),
                "stability_max_actors": config.stability.max_actors,
                "functions": recorder.by_function(),
            }
        )
    else:
        G = eco.graph(wave=eco.waves[-1] if eco.waves else None)
        log.write(
            {"phase": "graph", "actors": G.number_of_nodes(), "ties": G.number_of_edges(), "tie_reports": len(eco.ties)}
        )
    recorder.quiet += 1  # the measures below are timed one by one instead
    measure_one_by_one(G, engine, skip, log)
    # Map and report last: at sizes nobody has tried yet they may run out of time,
    # and the measurements above are kept.
    if analyze_too and outputs:
        write_outputs(result, log, output_timeout)


class PhaseTimeout(Exception):
    """A phase ran past its deadline."""


def with_deadline(seconds, action):
    """Run ``action``, raising PhaseTimeout after ``seconds`` (checked between bytecodes)."""
    if not seconds:
        return action()

    def stop(signum, frame):
        raise PhaseTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(max(1, int(seconds)))
    try:
        return action()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_outputs(result, log: CaseLog, deadline=None):
    """The map and the report bundle of an analysis, into a temporary folder.

    Each is given ``deadline`` seconds: at sizes nobody has tried, a slow output
    should be reported as slow, not hold up the benchmark for hours.
    """
    with tempfile.TemporaryDirectory(prefix="skane-bench-") as folder:
        folder = Path(folder)
        try:
            saved = log.phase(
                "map", lambda: with_deadline(deadline, lambda: result.explore().save(folder / "map.html"))
            )
            log.write({"phase": "map details", "bytes": Path(saved).stat().st_size})
        except PhaseTimeout:
            log.write({"phase": "map", "stopped": f"after {deadline:.0f} s"})
        try:
            from skane_ecosystem.render.bundle import write_bundle
        except ImportError:
            log.write({"phase": "report", "skipped": "render/bundle.write_bundle is not there yet"})
            return
        steps = []
        try:
            paths = log.phase(
                "report",
                lambda: with_deadline(deadline, lambda: write_bundle(result, folder / "report", progress=steps.append)),
            )
            log.write(
                {
                    "phase": "report details",
                    "files": len(paths),
                    "bytes": sum(Path(p).stat().st_size for p in paths.values() if Path(p).is_file()),
                }
            )
        except PhaseTimeout:
            log.write(
                {"phase": "report", "stopped": f"after {deadline:.0f} s", "last_step": steps[-1] if steps else None}
            )


def measure_one_by_one(G, engine, skip, log: CaseLog):
    """Every measure of MEASURES on its own, with ``engine`` where the function takes one."""
    import skane_ecosystem.metrics as metrics

    partition = None
    for label, name, options in MEASURES:
        function = getattr(metrics, name)
        parameters = inspect.signature(function).parameters
        options = dict(options)
        if "engine" in parameters:
            options["engine"] = engine
        if options.get("partition") == "<communities>":
            if partition is None:
                log.write({"phase": f"measure: {label}", "skipped": "needs communities"})
                continue
            options["partition"] = partition
        if label in skip:
            log.write({"phase": f"measure: {label}", "skipped": skip[label]})
            continue
        sampled = _sampled(G, parameters)
        value = log.phase(
            f"measure: {label}",
            lambda: function(G, **options),  # noqa: B023 (called at once)
            function=name,
            engine=options.get("engine"),
            approximated=sampled,
            sampleable="approximate" in parameters,
        )
        if name == "communities":
            partition = value


def _sampled(G, parameters) -> bool:
    """Whether a call with default options estimates from a sample of sources."""
    if "approximate" not in parameters:
        return False
    try:
        from skane_ecosystem.metrics.engine import APPROXIMATE_ABOVE
    except ImportError:
        return False
    return G.number_of_nodes() > APPROXIMATE_ABOVE


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
        # exact, as on the cluster (above APPROXIMATE_ABOVE the default would sample)
        log.phase("betweenness, one process (igraph)", lambda: betweenness(G, engine="igraph", approximate=False))
    cluster = log.phase(
        "cluster start",
        lambda: distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ),
    )
    try:
        with distributed.Client(cluster) as client:
            # Warm the workers and this process (imports, first scatter) outside the timed call.
            client.run(_warm_worker)
            distributed_betweenness(nx.path_graph(4), scheduler=client, engine="igraph")
            log.phase(
                "betweenness on cluster",
                lambda: distributed_betweenness(G, scheduler=client, engine="igraph"),
                workers=workers,
            )
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


def run_notebook_case(runs: int, log: CaseLog):
    """Child: what a researcher in Jupyter waits for on the demo.

    ``analyze(demo())`` with the default configuration (flag stability on), once
    cold (imports in the worker processes, caches) and ``runs`` times warm; then
    ``Analysis.explore()`` (the map object, as a notebook cell shows it) and
    ``explore().save(...)`` (the map file), ``runs`` times each.
    """
    began = time.perf_counter()
    import skane_ecosystem as se

    log.write({"phase": "import skane_ecosystem", "seconds": round(time.perf_counter() - began, 4)})
    eco = log.phase("demo()", se.demo)
    result = log.phase("analyze, first run", lambda: se.analyze(eco))
    for run in range(runs):
        result = log.phase("analyze, warm", lambda: se.analyze(eco), run=run)
        log.write({"phase": "analyze steps", "run": run, "timings": dict(result.timings)})
    for run in range(runs):
        log.phase("explore()", result.explore, run=run)
    with tempfile.TemporaryDirectory(prefix="skane-bench-map-") as folder:
        for run in range(runs):
            log.phase("explore().save()", lambda: result.explore().save(Path(folder) / "map.html"), run=run)


def child_main(args):
    log = CaseLog(Path(args.log))
    if args.case == "analyze":
        skip = json.loads(args.skip) if args.skip else {}
        run_analysis_case(
            args.size,
            args.engine,
            args.outputs,
            not args.no_analyze,
            skip,
            log,
            args.output_timeout,
            args.stability_up_to,
        )
    elif args.case == "distributed":
        run_distributed_case(args.size, args.workers[0], log)
    elif args.case == "notebook":
        run_notebook_case(args.runs, log)
    log.write(
        {"phase": "done", "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    )


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
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
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


def _approximation_settings():
    """(APPROXIMATE_ABOVE, DEFAULT_SAMPLES) of the metrics engine, or None before it existed."""
    try:
        from skane_ecosystem.metrics.engine import APPROXIMATE_ABOVE, DEFAULT_SAMPLES
    except ImportError:
        return None
    return APPROXIMATE_ABOVE, DEFAULT_SAMPLES


def predict_measure(record: dict, previous_size: int, size: int) -> float:
    """Seconds one measure should take at ``size`` actors, from its time at ``previous_size``.

    Path measures grow with n x m, i.e. n^2 here; but above the engine's
    APPROXIMATE_ABOVE they search from a fixed sample of sources, so only m grows.
    """
    ratio = size / previous_size
    settings = _approximation_settings()
    if record.get("sampleable") and settings and size > settings[0]:
        above, samples = settings
        searches_before = samples if record.get("approximated") else previous_size
        return record["seconds"] * (samples / searches_before) * ratio**1.2
    return record["seconds"] * ratio ** GROWTH.get(record["function"], DEFAULT_GROWTH)


def predict_analysis(previous: dict | None, size: int, stability_up_to: int = 0) -> tuple[float | None, dict]:
    """(seconds for analyze() at ``size``, label -> predicted seconds of each measure)."""
    if not previous or not previous.get("measures"):
        return None, {}
    before = previous["actors"]
    ratio = size / before
    measures = {
        label: predict_measure(record, before, size)
        for label, record in previous["measures"].items()
        if "seconds" in record
    }
    total = sum(measures.values())
    from skane_ecosystem import AnalysisConfig

    if size <= max(AnalysisConfig().stability.max_actors, stability_up_to):
        total += (previous.get("stability_seconds") or 0.0) * ratio ** GROWTH["stability"]
    total += (previous.get("flag_rules_seconds") or 0.0) * ratio ** GROWTH["flag rules"]
    total += (previous.get("graph_seconds") or 0.0) * ratio
    return total, measures


def summarise_analysis(records: list[dict], problem: str | None) -> dict:
    """One analysis case from its phase records."""
    case = {"problem": problem, "measures": {}}
    for record in records:
        phase = record["phase"]
        body = {k: v for k, v in record.items() if k != "phase"}
        if phase in ("import", "load", "analyze", "map", "report"):
            case[phase] = body
        elif phase == "graph":
            case["actors"], case["ties"], case["tie_reports"] = record["actors"], record["ties"], record["tie_reports"]
        elif phase == "analysis details":
            case["actors"], case["ties"] = record["actors"], record["ties"]
            case["tie_reports"], case["flags"] = record["tie_reports"], record["flags"]
            case["stability_max_actors"] = record.get("stability_max_actors")
            case["timings"], case["calls_during_analyze"] = record["timings"], record["functions"]
            stability = record["functions"].get("stability", {}).get("seconds", 0.0)
            case["stability_seconds"] = stability
            case["graph_seconds"] = record["timings"].get("graph")
            flags_step = record["timings"].get("flags")
            case["flag_rules_seconds"] = None if flags_step is None else round(flags_step - stability, 4)
        elif phase.startswith("measure: "):
            case["measures"][phase.removeprefix("measure: ")] = body
        elif phase in ("map details", "report details"):
            case[phase.split()[0] + "_output"] = body
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
    """``skane-eco analyze`` on the demo workbook, start-up included, ``runs`` times.

    For each run: the wall-clock time, the processor time of the command and its
    worker processes, the load average, and the steps the bundle's run.json
    records (the analysis steps and the bundle's files); what is left of the wall
    time is start-up and reading the workbook.
    """
    from skane_ecosystem.demo import demo_path

    cli = shutil.which("skane-eco", path=str(Path(sys.executable).parent)) or "skane-eco"
    records, problem = [], None
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="skane-bench-e2e-") as folder:
            cpu = _children_cpu_seconds()
            began = time.perf_counter()
            done = subprocess.run(
                [cli, "analyze", str(demo_path("skane_demo.xlsx")), "--out", str(Path(folder) / "demo")],
                capture_output=True,
                text=True,
            )
            record = {
                "seconds": round(time.perf_counter() - began, 2),
                "cpu_seconds": round(_children_cpu_seconds() - cpu, 2),
                "load_average": round(os.getloadavg()[0], 2),
                "steps": _run_json_steps(Path(folder)),
            }
            records.append(record)
            if done.returncode != 0:
                problem = f"skane-eco analyze failed (exit {done.returncode})"
                break
    times = [r["seconds"] for r in records]
    median = _median_record(records)
    return {
        "command": "skane-eco analyze skane_demo.xlsx --out DIR",
        "runs": times,
        "cpu_runs": [r["cpu_seconds"] for r in records],
        "load_averages": [r["load_average"] for r in records],
        "median_seconds": median["seconds"] if median else None,
        "median_run": median,
        "problem": problem,
    }


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_json_steps(folder: Path) -> dict:
    """step -> seconds from the run.json of a bundle (analysis steps, then the bundle's)."""
    for path in sorted(folder.rglob("run.json")):
        timings = json.loads(path.read_text(encoding="utf-8")).get("timings", {})
        analysis = timings.get("analysis", {})
        # run.json sorts its keys; the analysis steps read better in the order they run.
        order = {step: i for i, step in enumerate(_analysis_steps())}
        steps = {f"analysis: {k}": analysis[k] for k in sorted(analysis, key=lambda k: order.get(k, len(order)))}
        steps.update({f"bundle: {k}": v for k, v in timings.get("bundle", {}).items()})
        return steps
    return {}


def _analysis_steps() -> tuple:
    try:
        from skane_ecosystem.analysis import ANALYSIS_STEPS
    except ImportError:
        return ()
    return ANALYSIS_STEPS


def _median_record(records: list[dict]) -> dict | None:
    """The run with the median wall-clock time (the upper median of an even count)."""
    ordered = sorted(records, key=lambda r: r["seconds"])
    return ordered[len(ordered) // 2] if ordered else None


def notebook_case(args, say) -> dict:
    """``analyze(demo())`` warm with stability and ``explore()``, in one fresh process."""
    say(f"notebook: analyze(demo()) with stability, warm, and explore(), {args.runs} runs each ...")
    records, problem = run_child(["--case", "notebook", "--runs", str(args.runs)], 60 * 30)
    case = {"problem": problem, "phases": {}}
    for record in records:
        phase = record["phase"]
        if phase == "analyze steps":
            case.setdefault("analyze_steps", []).append(record["timings"])
        elif "seconds" in record and phase != "process":
            case["phases"].setdefault(phase, []).append(
                {k: record.get(k) for k in ("seconds", "cpu_seconds", "load_average", "peak_rss_mb")}
            )
    for phase, runs in case["phases"].items():
        case.setdefault("medians", {})[phase] = _median_record(runs)
    warm = case.get("medians", {}).get("analyze, warm")
    say(f"  analyze warm {_duration(warm['seconds']) if warm else '-'}" + (f"; {problem}" if problem else ""))
    return case


def map_open_case(actors: int, runs: int, say) -> dict:
    """``benchmarks/map_open.py`` for a map of ``actors`` actors (headless Chromium)."""
    say(f"map of {actors:,} actors in headless Chromium (benchmarks/map_open.py, {runs} runs) ...")
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        figures_file = Path(folder) / "map_open.json"
        command = [sys.executable, str(HERE / "map_open.py"), "--actors", str(actors), "--runs", str(runs)]
        command += ["--json", str(figures_file)]
        try:
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60 * 20)
        except subprocess.TimeoutExpired:
            return {"actors": actors, "problem": "stopped after 20 min"}
        figures = json.loads(figures_file.read_text(encoding="utf-8"))[0] if figures_file.exists() else {}
    case = {"actors": actors, "wall_seconds": round(time.perf_counter() - began, 2), "output": done.stdout.strip()}
    for name in ("build_seconds", "file_mb", "first_draw_seconds", "usable_seconds"):
        case[name] = figures.get(name)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        case["problem"] = f"failed (exit {done.returncode}): {lines[-1] if lines else ''}"
    say(
        f"  first draw {_duration(case.get('first_draw_seconds'))}"
        + (f"; {case['problem']}" if "problem" in case else "")
    )
    return case


def machine() -> dict:
    """What the numbers were measured on (and how busy it was)."""
    cpu = "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo", encoding="utf-8")
            if line.startswith("model name")
        )
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
    return {
        "cpu": cpu,
        "cores": cores,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": _versions(),
        "commit": _commit(),
    }


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
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "skane_ecosystem"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head} + local changes" if changed else head


def run_all(args) -> dict:
    results = {
        "date": _dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_start": list(os.getloadavg()),
        "options": vars(args).copy(),
        "analysis": [],
        "distributed": [],
        "skipped": [],
    }
    say = functools.partial(print, flush=True)
    say(
        f"Benchmarks on {results['machine']['cores']} cores, load average "
        f"{results['load_average_start'][0]:.1f}; all data synthetic."
    )
    if args.end_to_end:
        say(f"demo end to end (skane-eco analyze, {args.runs} run(s)) ...")
        results["demo_end_to_end"] = demo_end_to_end(args.runs)
        say(f"  median {results['demo_end_to_end']['median_seconds']} s")
    if args.notebook:
        results["notebook"] = notebook_case(args, say)
    if args.map_actors:
        results["map_open"] = map_open_case(args.map_actors, args.runs, say)
    previous: dict[str, dict] = {}
    for size in args.sizes:
        for engine in args.engines:
            case = run_analysis(args, size, engine, previous.get(engine), results["skipped"], say)
            results["analysis"].append(case)
            if case.get("measures"):
                previous[engine] = case
        for workers in args.workers:
            results["distributed"].append(run_distributed(args, size, workers, results, say))
    results["load_average_end"] = list(os.getloadavg())
    results["targets"] = check_targets(results)
    return results


def run_analysis(args, size, engine, previous, skipped: list, say) -> dict:
    """One (size, engine) case, leaving out what the previous size predicts to be too slow."""
    fast = engine != "networkx"
    budget = max(args.budget, args.fast_budget) if fast else args.budget
    estimate, per_measure = predict_analysis(previous, size, args.stability_up_to)
    skip = {}
    for label, seconds in per_measure.items():
        if seconds > budget:
            skip[label] = f"predicted {_duration(seconds)}"
    for label, record in (previous or {}).get("measures", {}).items():
        if "skipped" in record:
            skip[label] = "skipped at a smaller size"
    # The fast engine's full analysis is itself a target: always tried (the timeout still holds).
    analyze_too = fast or estimate is None or estimate <= budget
    notes = [
        f"{engine}, {size:,} actors, {label}: skipped, {why} (budget {_duration(budget)})"
        for label, why in skip.items()
        if why.startswith("predicted")
    ]
    if not analyze_too:
        notes.insert(
            0,
            f"{engine}, {size:,} actors, analyze(): skipped, predicted {_duration(estimate)} "
            f"from the {previous['actors']:,}-actor run (budget {_duration(budget)})",
        )
    for note in notes:
        say("  " + note)
    skipped.extend(notes)
    outputs = analyze_too and engine == args.engines[-1]
    say(
        f"{size:,} actors, {engine}: load{', analyze' if analyze_too else ''}"
        f"{', map, report' if outputs else ''}, measures one by one ..."
    )
    expected = (estimate or 0.0) * (1 if analyze_too else 0) + sum(
        seconds for label, seconds in per_measure.items() if label not in skip
    )
    timeout = TIMEOUT_FACTOR * max(budget, expected) + 120
    arguments = ["--case", "analyze", "--size", str(size), "--engine", engine, "--skip", json.dumps(skip)]
    arguments += ["--stability-up-to", str(args.stability_up_to)]
    arguments += ["--outputs", "--output-timeout", str(args.fast_budget)] if outputs else []
    arguments += [] if analyze_too else ["--no-analyze"]
    records, problem = run_child(arguments, timeout)
    case = summarise_analysis(records, problem)
    case.update(
        size=size,
        engine=engine,
        predicted_seconds=None if estimate is None else round(estimate, 1),
        analyze_skipped=None if analyze_too else notes[0],
    )
    say(
        f"  analyze {_duration(case.get('analyze', {}).get('seconds'))}"
        f", measures {_duration(sum(r.get('seconds', 0) for r in case['measures'].values()))}"
        + (f"; {problem}" if problem else "")
    )
    return case


def run_distributed(args, size, workers, results, say) -> dict:
    """Distributed betweenness at one size and worker count, unless predicted too slow."""
    say(f"{size:,} actors: distributed betweenness, {workers} worker(s) ...")
    earlier = [c for c in results["distributed"] if c.get("workers") == workers and c.get("cluster_seconds")]
    if earlier:
        last = earlier[-1]
        estimate = last["cluster_seconds"] * (size / last["actors"]) ** 2
        if estimate > args.fast_budget:
            note = (
                f"distributed betweenness, {workers} worker(s), {size:,} actors: skipped, "
                f"predicted {_duration(estimate)} (budget {_duration(args.fast_budget)})"
            )
            say("  " + note)
            results["skipped"].append(note)
            return {"size": size, "workers": workers, "skipped": note}
    records, problem = run_child(
        ["--case", "distributed", "--size", str(size), "--workers", str(workers)],
        TIMEOUT_FACTOR * args.fast_budget + 120,
    )
    case = summarise_distributed(records, problem)
    case.update(size=size, workers=workers)
    say(f"  {_duration(case.get('cluster_seconds'))}" + (f"; {problem}" if problem else ""))
    return case


# =========================================================================
# Targets and the markdown table
# =========================================================================


def merge_results(runs: list[dict]) -> dict:
    """Several runs as one: a later run's case replaces an earlier run's case of the same
    size and engine (analysis) or size and workers (distributed).  A long benchmark can
    so be completed or corrected in parts; ``merged_runs`` says what each part measured."""
    keys = {"analysis": ("size", "engine"), "distributed": ("size", "workers")}
    merged = json.loads(json.dumps(runs[0]))
    merged["merged_runs"] = [_run_summary(runs[0])]
    for run in runs[1:]:
        for table, key in keys.items():
            later = {tuple(case[k] for k in key): case for case in run[table]}
            kept = [case for case in merged[table] if tuple(case[k] for k in key) not in later]
            merged[table] = sorted(kept + list(later.values()), key=lambda case: tuple(case[k] for k in key))
        merged["skipped"] = list(dict.fromkeys(merged["skipped"] + run["skipped"]))
        for case in ("demo_end_to_end", "notebook", "map_open"):
            if run.get(case):
                merged[case] = run[case]
        merged["load_average_end"] = run["load_average_end"]
        merged["merged_runs"].append(_run_summary(run))
    merged["targets"] = check_targets(merged)
    return merged


def _run_summary(run: dict) -> dict:
    return {
        "date": run["date"],
        "commit": run["machine"]["commit"],
        "analysis": [f"{c['size']:,} {c['engine']}" for c in run["analysis"]],
        "distributed": [f"{c['size']:,} x{c['workers']}" for c in run["distributed"]],
        "demo_end_to_end": bool(run.get("demo_end_to_end")),
    }


def check_targets(results) -> list[dict]:
    """The issue's table: each case, its target, what was measured, and met or missed
    (None: not measured).  Times are medians where a case ran several times."""
    fast = {c["size"]: c for c in results["analysis"] if c["engine"] == "igraph" and "analyze" in c}
    notebook = results.get("notebook", {}).get("medians", {})
    e2e = results.get("demo_end_to_end") or {}
    # Results from before the runs were kept whole have only the median time.
    e2e = e2e.get("median_run") or ({"seconds": e2e["median_seconds"]} if e2e.get("median_seconds") else None)
    rows = [
        _target("demo end to end, default options", e2e, TARGETS["demo_end_to_end_s"]),
        _target(
            "`analyze(demo())` with stability, warm notebook",
            notebook.get("analyze, warm"),
            TARGETS["notebook_analyze_s"],
        ),
        _target("`Analysis.explore()` on the demo", notebook.get("explore()"), TARGETS["explore_s"]),
        _analysis_target(fast.get(1_000), "1,000 actors / 5,000 ties with flag stability", TARGETS["stability_1000_s"]),
        _analysis_target(
            fast.get(10_000), "10,000 actors / 50,000 ties, full analysis with stability", TARGETS["stability_10000_s"]
        ),
        _register_target(fast.get(100_000)),
        _map_target(results.get("map_open")),
    ]
    return rows


def _limit(seconds: float) -> str:
    """A target as the issue writes it: "5 s", "0.3 s", "10 min"."""
    return f"{seconds / 60:g} min" if seconds >= 120 else f"{seconds:g} s"


def _target(case: str, record: dict | None, limit: float, note: str = "") -> dict:
    seconds = record.get("seconds") if record else None
    measured = None
    if seconds is not None:
        cpu = record.get("cpu_seconds")
        measured = _duration(seconds) + (f" ({_duration(cpu)} CPU)" if cpu is not None else "") + note
    return {
        "case": case,
        "target": f"< {_limit(limit)}",
        "measured": measured,
        "met": None if seconds is None else seconds < limit,
    }


def _analysis_target(case: dict | None, label: str, limit: float) -> dict:
    """An analysis case's target: analyze() with flag stability, which must have run."""
    if not case:
        return _target(label, None, limit)
    row = _target(label, case["analyze"], limit)
    if not case.get("stability_seconds"):
        row["measured"] = (row["measured"] or "-") + ", without stability (it did not run)"
        row["met"] = False
    return row


def _register_target(case: dict | None) -> dict:
    """100,000 actors from CSV: load + analysis + map + report, and the process's peak memory."""
    label = "100,000 actors / 500,000 ties from CSV, analysis + map + report"
    limit, memory = TARGETS["register_s"], TARGETS["register_peak_gb"]
    phases = [case.get(p, {}).get("seconds") for p in ("load", "analyze", "map", "report")] if case else []
    if not phases or None in phases:
        return {"case": label, "target": f"< {_limit(limit)}, < {memory:g} GB", "measured": None, "met": None}
    seconds, peak = sum(phases), case.get("process_peak_rss_mb")
    return {
        "case": label,
        "target": f"< {_limit(limit)}, < {memory:g} GB",
        "measured": f"{_duration(seconds)}, peak {_mb(peak)}",
        "met": seconds < limit and peak is not None and peak / 1024 < memory,
    }


def _map_target(case: dict | None) -> dict:
    actors = case["actors"] if case else MAP_ACTORS
    label = f"map of {actors:,} actors, first draw in headless Chromium"
    record = {"seconds": case.get("first_draw_seconds")} if case else None
    return _target(label, record, TARGETS["map_first_draw_s"])


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
        f"{results['load_average_end'][0]:.1f} at the end (a load above the core count means "
        "other work shared the machine, and times are upper bounds).",
        "",
        "Made by `benchmarks/run.py`; every case ran in a fresh process.  Peak memory is the "
        "process's resident set (Linux VmHWM), C libraries included.",
        "",
    ]
    for part in results.get("merged_runs", [])[1:]:
        measured = ", ".join(part["analysis"] + [f"distributed {d}" for d in part["distributed"]])
        lines += [
            f"Measured again {part['date']} at commit `{part['commit']}` (these replace the first run's): {measured}.",
            "",
        ]
    lines += [
        "## Targets",
        "",
        "| case | target | measured | met |",
        "|---|---|---|---|",
    ]
    for row in results["targets"]:
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row.get('case', '')} | {row['target']} | {row['measured'] or '-'} | {met} |")
    lines += [""] + _end_to_end_section(results) + _notebook_section(results) + _map_section(results)
    lines += _phase_table(results) + [""] + _engine_ratio_table(results) + [""] + _step_table(results) + [""]
    lines += _measure_tables(results) + _distributed_table(results)
    if results["skipped"]:
        lines += ["", "## Skipped", ""] + [f"* {note}" for note in results["skipped"]]
    return "\n".join(lines) + "\n"


def _end_to_end_section(results) -> list[str]:
    e2e = results.get("demo_end_to_end")
    if not e2e:
        return []
    cpu = e2e.get("cpu_runs") or []
    lines = [
        "## Demo end to end",
        "",
        f"`{e2e['command']}`: runs {', '.join(_duration(t) for t in e2e['runs'])} "
        f"(median {_duration(e2e['median_seconds'])}); processor time {', '.join(_duration(t) for t in cpu) or '-'}; "
        f"load average {', '.join(f'{a:.1f}' for a in e2e.get('load_averages') or []) or '-'}."
        + (f"  {e2e['problem']}." if e2e.get("problem") else ""),
        "",
    ]
    steps = (e2e.get("median_run") or {}).get("steps") or {}
    if steps:
        accounted = sum(v for k, v in steps.items() if k.startswith(("analysis:", "bundle:")))
        lines += ["Steps of the median run, from its run.json:", "", "| step | time |", "|---|---:|"]
        lines += [f"| {step} | {_duration(seconds)} |" for step, seconds in steps.items()]
        rest = e2e["median_seconds"] - accounted
        lines += [f"| start-up and reading the workbook (the rest) | {_duration(max(rest, 0.0))} |", ""]
    return lines


def _notebook_section(results) -> list[str]:
    notebook = results.get("notebook")
    if not notebook:
        return []
    lines = [
        "## Notebook: `analyze(demo())` and `explore()` in one warm process",
        "",
        "| step | median | processor time | runs | load average |",
        "|---|---:|---:|---|---:|",
    ]
    for phase, runs in notebook.get("phases", {}).items():
        median = notebook["medians"][phase]
        lines.append(
            f"| {phase} | {_duration(median['seconds'])} | {_duration(median.get('cpu_seconds'))} | "
            f"{', '.join(_duration(r['seconds']) for r in runs)} | {median.get('load_average') or '-'} |"
        )
    steps = notebook.get("analyze_steps") or []
    if steps:
        middle = sorted(steps, key=lambda t: sum(t.values()))[len(steps) // 2]
        lines += [
            "",
            "Steps of the median warm `analyze()`: "
            + ", ".join(f"{k} {_duration(v)}" for k, v in middle.items())
            + ".",
        ]
    if notebook.get("problem"):
        lines += ["", f"Problem: {notebook['problem']}."]
    return lines + [""]


def _map_section(results) -> list[str]:
    case = results.get("map_open")
    if not case:
        return []
    figures = [
        ("built in Python (layout and page)", _duration(case.get("build_seconds"))),
        ("file size", f"{case['file_mb']:.1f} MB" if case.get("file_mb") is not None else "-"),
        ("first draw in headless Chromium (median)", _duration(case.get("first_draw_seconds"))),
        ("page usable (median)", _duration(case.get("usable_seconds"))),
    ]
    lines = [f"## Map of {case['actors']:,} actors (`benchmarks/map_open.py`)", "", "| step | time |", "|---|---:|"]
    lines += [f"| {label} | {value} |" for label, value in figures]
    if case.get("problem"):
        lines += ["", f"Problem: {case['problem']}."]
    return lines + [""]


def _engine_ratio_table(results) -> list[str]:
    """analyze() with networkx against igraph, per size."""
    lines = [
        "## analyze(): networkx and igraph side by side",
        "",
        "| actors | networkx | igraph | networkx / igraph |",
        "|---:|---:|---:|---:|",
    ]
    for size in results["options"]["sizes"]:
        cases = {c["engine"]: c for c in results["analysis"] if c["size"] == size}
        seconds = {e: (c.get("analyze") or {}).get("seconds") for e, c in cases.items()}
        nx_s, ig_s = seconds.get("networkx"), seconds.get("igraph")
        ratio = f"{nx_s / ig_s:.1f}x" if nx_s and ig_s else "-"
        nx_cell = "skipped" if cases.get("networkx", {}).get("analyze_skipped") else _duration(nx_s)
        lines.append(f"| {size:,} | {nx_cell} | {_duration(ig_s)} | {ratio} |")
    return lines


def _phase_table(results) -> list[str]:
    lines = [
        "## From file to report",
        "",
        "| actors | ties | engine | load | analyze() | of which stability | map | report | "
        "load to report | analyze() CPU | peak memory |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in results["analysis"]:

        def phase(name):
            record = case.get(name, {})  # noqa: B023 (used within this iteration only)
            if "seconds" in record:
                return _duration(record["seconds"])
            if "stopped" in record:
                step = f" in {record['last_step']}" if record.get("last_step") else ""
                return f"stopped {record['stopped']}{step}"
            return "-"

        analyzed = phase("analyze") if not case.get("analyze_skipped") else "skipped"
        if case.get("problem") and "analyze" not in case:
            analyzed = case["problem"]
        stability = case.get("stability_seconds")
        parts = [case.get(p, {}).get("seconds") for p in ("load", "analyze", "map", "report")]
        whole = _duration(sum(parts)) if None not in parts else "-"
        lines.append(
            f"| {case['size']:,} | {_count(case.get('ties'))} | {case['engine']} | {phase('load')} | {analyzed} | "
            f"{_duration(stability) if stability else '-'} | {phase('map')} | {phase('report')} | {whole} | "
            f"{_duration(case.get('analyze', {}).get('cpu_seconds'))} | {_mb(case.get('process_peak_rss_mb'))} |"
        )
    lines += [
        "",
        "Load: the demo read from its workbook; the synthetic ecosystems read from a folder of CSV files "
        "(actors.csv, ties.csv) written before the case.  "
        "Stability (flag resampling) runs up to `--stability-up-to` actors (`stability.max_actors` raised "
        "where needed).  Map and report are made once per size, with the last engine.  *analyze() CPU*: "
        "processor time of the process and its finished workers.",
    ]
    return lines


def _step_table(results) -> list[str]:
    lines = [
        "## analyze() step by step",
        "",
        "| actors | engine | graph | measures | tables | flag rules | stability | scenarios | comparison | total |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in results["analysis"]:
        timings = case.get("timings")
        if not timings:
            continue
        lines.append(
            f"| {case['size']:,} | {case['engine']} | {_duration(timings.get('graph'))} | "
            f"{_duration(timings.get('measures'))} | {_duration(timings.get('tables'))} | "
            f"{_duration(case.get('flag_rules_seconds'))} | {_duration(case.get('stability_seconds') or None)} | "
            f"{_duration(timings.get('scenarios'))} | {_duration(timings.get('comparison'))} | "
            f"{_duration(case['analyze']['seconds'])} |"
        )
    return lines


def _measure_tables(results) -> list[str]:
    lines = [
        "## Measures one by one, networkx and igraph side by side",
        "",
        "Each metrics function called on its own on the analysed graph, with "
        "`engine=` set where the function has the option (`-` in *engine*: it has none, so "
        "both columns ran the same code).  *sampled*: estimated from a sample of source "
        "actors (the default above the engine's threshold), with standard errors.  *Memory "
        "needed*: the rise of the resident set over its level before the call (the larger "
        "of the two engines).",
        "",
    ]
    for size in results["options"]["sizes"]:
        cases = {c["engine"]: c for c in results["analysis"] if c["size"] == size}
        if not any(c.get("measures") for c in cases.values()):
            continue
        lines += [
            f"### {size:,} actors",
            "",
            "| measure | networkx | igraph | networkx / igraph | engine | sampled | memory needed |",
            "|---|---:|---:|---:|---|---|---:|",
        ]
        labels = [label for label, _, _ in MEASURES]
        total = {engine: 0.0 for engine in cases}
        for label in labels:
            rows = {engine: case["measures"].get(label) for engine, case in cases.items()}
            if not any(rows.values()):
                continue
            for engine, row in rows.items():
                total[engine] += (row or {}).get("seconds", 0.0)
            nx_row, ig_row = rows.get("networkx") or {}, rows.get("igraph") or {}
            ratio = "-"
            if min(nx_row.get("seconds", 0), ig_row.get("seconds", 0)) >= 0.01:
                ratio = f"{nx_row['seconds'] / ig_row['seconds']:.1f}x"
            engines = sorted({r.get("engine") or "-" for r in rows.values() if r and "seconds" in r})
            sampled = "yes" if any(r.get("approximated") for r in rows.values() if r) else ""
            peak = _largest(r.get("rise_mb") for r in rows.values() if r)
            lines.append(
                f"| {label} | {_measure_cell(nx_row)} | {_measure_cell(ig_row)} | {ratio} | "
                f"{', '.join(engines)} | {sampled} | {_mb(peak)} |"
            )
        lines.append(f"| **all** | {_duration(total.get('networkx'))} | {_duration(total.get('igraph'))} | | | | |")
        lines.append("")
    return lines


def _distributed_table(results) -> list[str]:
    lines = [
        "## Distributed exact betweenness (Dask LocalCluster)",
        "",
        "Unweighted exact betweenness of the analysed graph: igraph in one process, then "
        "`distributed_betweenness` with igraph on each worker (workers warmed up; the "
        "cluster start is shown apart).",
        "",
        "| actors | ties | workers | one process | cluster start | on the cluster | speed-up vs 1 worker | worker peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    single = {
        c["size"]: c.get("single_process_seconds")
        for c in results["distributed"]
        if c.get("single_process_seconds") is not None
    }
    one_worker = {
        c["size"]: c.get("cluster_seconds")
        for c in results["distributed"]
        if c.get("workers") == 1 and c.get("cluster_seconds")
    }
    for case in results["distributed"]:
        if "skipped" in case:
            lines.append(f"| {case['size']:,} | | {case['workers']} | {case['skipped']} | | | | |")
            continue
        base = one_worker.get(case["size"])
        speedup = f"{base / case['cluster_seconds']:.2f}x" if base and case.get("cluster_seconds") else "-"
        lines.append(
            f"| {case['size']:,} | {_count(case.get('ties'))} | {case['workers']} | "
            f"{_duration(single.get(case['size']))} | {_duration(case.get('cluster_start_seconds'))} | "
            f"{_duration(case.get('cluster_seconds'))}{' (' + case['problem'] + ')' if case.get('problem') else ''} | "
            f"{speedup} | {', '.join(_mb(v) for v in case.get('worker_peak_rss_mb', [])) or '-'} |"
        )
    return lines


def _count(value) -> str:
    return "-" if value is None else f"{value:,}"


def _largest(values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _measure_cell(row) -> str:
    if "seconds" in row:
        return _duration(row["seconds"])
    if "skipped" in row:
        return f"skipped ({row['skipped']})"
    return "-"


def write_atomic(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


# =========================================================================
# Command line
# =========================================================================


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=None,
        help="comma-separated actor counts; 150 is the demo workbook "
        "(default: 150,1000,10000,100000; with --quick: 150,1000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, one end-to-end run, 60 s budget: a check that all runs"
    )
    parser.add_argument(
        "--engines",
        type=lambda s: tuple(e for e in s.split(",") if e),
        default=ENGINES,
        help="engines to compare (default: networkx,igraph; empty: no analysis cases)",
    )
    parser.add_argument(
        "--workers",
        type=lambda s: tuple(int(w) for w in s.split(",") if w),
        default=WORKERS,
        help="Dask worker counts for distributed betweenness (default: 1,2; empty: none)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help=f"skip networkx cases predicted to take longer (seconds, default {DEFAULT_BUDGET:.0f})",
    )
    parser.add_argument(
        "--fast-budget",
        type=float,
        default=FAST_BUDGET,
        help=f"the same for igraph and distributed cases (default {FAST_BUDGET:.0f})",
    )
    parser.add_argument(
        "--no-end-to-end",
        dest="end_to_end",
        action="store_false",
        help="leave out the end-to-end run of skane-eco analyze on the demo",
    )
    parser.add_argument(
        "--no-notebook",
        dest="notebook",
        action="store_false",
        help="leave out analyze(demo()) warm and explore() in one process",
    )
    parser.add_argument(
        "--map-actors",
        type=int,
        default=MAP_ACTORS,
        help=f"actors of the map opened in headless Chromium (default {MAP_ACTORS:,}; 0: none)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="repetitions of the end-to-end, notebook and map cases (default 3; with --quick: 1)",
    )
    parser.add_argument(
        "--stability-up-to",
        type=int,
        default=STABILITY_UP_TO,
        help="analyse with flag stability up to this many actors, raising stability.max_actors "
        f"where needed (default {STABILITY_UP_TO:,}, as the issue's targets ask)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.json and latest.md")
    parser.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="JSON",
        help="measure nothing: combine earlier latest.json files into --out, a later "
        "file's cases replacing the same cases of an earlier one",
    )
    # Internal: one case in a child process.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=("analyze", "distributed", "notebook"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--outputs", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-analyze", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--skip", help=argparse.SUPPRESS)
    parser.add_argument("--output-timeout", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.budget is None:
        args.budget = 60.0 if args.quick else DEFAULT_BUDGET
    if args.quick:
        args.fast_budget = min(args.fast_budget, 120.0)
        args.map_actors = min(args.map_actors, 2_000)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s) {sorted(unknown)}; choose from {ENGINES}")
    return args


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes whole numbers separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("--sizes needs at least one size of 2 actors or more")
    return tuple(sorted(set(sizes)))


def main(argv=None):
    args = parse_args(argv)
    if args.child:
        child_main(args)
        return
    if args.merge:
        results = merge_results([json.loads(path.read_text(encoding="utf-8")) for path in args.merge])
    else:
        results = run_all(args)
    options = results["options"]
    options["out"] = str(options["out"])
    write_atomic(args.out / "latest.json", json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    write_atomic(args.out / "latest.md", markdown(results))
    print(f"Wrote {args.out / 'latest.json'} and {args.out / 'latest.md'}")


if __name__ == "__main__":
    main()
