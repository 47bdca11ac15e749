"""Clean stops: Ctrl-C, SIGTERM and SIGHUP leave the output folder as it was, and no process behind.

The command line runs for real, in its own session, over an output folder holding an
earlier run; a signal arrives at a chosen moment (loading, stability resampling,
writing the bundle, drawing the figures).  Then: the process ended within a bound
with the shell's exit code and one line, the folder holds the same bytes as before
(no hidden staging folder), and no process of its session is left.

Ctrl-C and a closed terminal reach every process of the job (the kernel signals the
foreground process group); ``kill PID`` reaches one process; a service manager
(systemd's default) signals them all.  The tests send each signal the way it comes.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import psutil
import pytest

import skane_ecosystem
from skane_ecosystem import parallel
from skane_ecosystem.stopping import Stopped, signals_raise_stopped

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGHUP") or not parallel.can_fork(), reason="POSIX signals and fork"
)

DEMO = Path(skane_ecosystem.__file__).parent / "data" / "demo" / "skane_demo.xlsx"

#: For the moments when work runs in worker processes.
needs_workers = pytest.mark.skipif(parallel.usable_cores() < 2, reason="workers start only with two cores")

#: Seconds a stopped run may take to end: generous on a busy machine, far below a hang.
STOP_BOUND = 20

#: Seconds a run may take to reach a moment (loading takes a few seconds on a busy machine).
REACH_BOUND = 180


# ------------------------------------------------------------------ a run
class Run:
    """``skane-eco analyze`` (or another Python command) running in its own session, watched from here."""

    def __init__(self, out: Path, *options: str, command: list[str] | None = None):
        self.out = out
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "skane_ecosystem", "analyze", str(DEMO), "--out", str(out), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            # A shell starting the tests in the background makes them ignore Ctrl-C,
            # and the command line (rightly) keeps an ignored signal ignored: give it
            # the terminal's default back.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self._watched = psutil.Process(self.process.pid)

    def wait_until(self, moment, name: str) -> None:
        deadline = time.monotonic() + REACH_BOUND
        while not moment():
            if self.process.poll() is not None:
                pytest.fail(f"the run ended (exit code {self.process.returncode}) before {name}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"the run did not reach {name} in {REACH_BOUND} s")
            time.sleep(0.01)

    def handles_stops(self) -> bool:
        """True once the command line has its handler for SIGTERM (from /proc: caught signals)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        caught = int(re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.M).group(1), 16)
        return bool(caught >> (signal.SIGTERM - 1) & 1)

    def workers(self) -> list[psutil.Process]:
        try:
            return self._watched.children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def staging(self) -> bool:
        """Whether the run's hidden staging folder (beside the output folder) exists."""
        return any(self.out.parent.glob(f".{self.out.name}.*.staging"))

    def send(self, signum: int, whole_job: bool) -> None:
        if whole_job:
            os.killpg(self.process.pid, signum)
        else:
            os.kill(self.process.pid, signum)

    def ended(self) -> Ending:
        """How the run ended; the test fails on a hang."""
        started = time.monotonic()
        try:
            self.process.wait(timeout=STOP_BOUND)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the stopped run hung: still running {STOP_BOUND} s after the signal")
        seconds = time.monotonic() - started
        left_behind = self._anything_left()
        if left_behind:
            self.kill()  # the orphans hold standard error open
        err = self.process.stderr.read().decode(errors="replace")
        return Ending(self.process.returncode, err, seconds, left_behind)

    def _anything_left(self) -> bool:
        """True while a process of the run's session (its process group) is alive."""
        deadline = time.monotonic() + 1  # an orphaned zombie waits for init to reap it
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return False
            time.sleep(0.05)
        return True

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


class Ending(NamedTuple):
    code: int
    err: str
    seconds: float
    left_behind: bool  # a process of the run outlived it


def files_in(folder: Path) -> dict[str, bytes | None]:
    """Every file under ``folder`` -> its bytes, and every folder -> None (hidden ones too).

    Called on the output folder's parent, where a run stages its files."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def earlier_run(tmp_path_factory) -> Path:
    """An output folder holding a complete earlier run."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    done = subprocess.run(
        [sys.executable, "-m", "skane_ecosystem", "analyze", str(DEMO), "--out", str(out), "--no-stability"],
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr.decode()
    return out


@pytest.fixture
def out(earlier_run, tmp_path) -> Path:
    """A fresh copy of the earlier run's folder, to be written over."""
    copy = tmp_path / "out"
    shutil.copytree(earlier_run, copy)
    return copy


def assert_stopped_cleanly(run: Run, signum: int, before: dict) -> float:
    ending = run.ended()
    assert not ending.left_behind, "a process of the stopped run is still alive"
    assert ending.code == 128 + signum, ending.err
    assert [line for line in ending.err.splitlines() if line.strip()] == [
        f"skane-eco stopped ({signal.Signals(signum).name}); no half-written output was left behind."
    ]
    after = files_in(run.out.parent)
    assert sorted(after) == sorted(before), "files were added or removed (a staging folder left?)"
    assert after == before, "a file of the earlier run was changed"
    return ending.seconds


# How each stop reaches the run: Ctrl-C and a closed terminal signal the whole job,
# ``kill`` one process, a service manager every process.
HOW = [
    pytest.param(signal.SIGINT, True, id="ctrl-c"),
    pytest.param(signal.SIGTERM, False, id="kill"),
    pytest.param(signal.SIGTERM, True, id="service-manager"),
    pytest.param(signal.SIGHUP, True, id="terminal-closed"),
]


# --------------------------------------------------------- the command line
@pytest.mark.slow
@pytest.mark.parametrize("signum, whole_job", HOW)
def test_a_stop_while_loading_leaves_everything_as_it_was(out, signum, whole_job):
    before = files_in(out.parent)
    run = Run(out)
    run.wait_until(run.handles_stops, "taking over the stop signals")
    time.sleep(0.3)  # reading the workbook
    assert not run.workers() and not run.staging()
    run.send(signum, whole_job)
    assert_stopped_cleanly(run, signum, before)


@needs_workers
@pytest.mark.slow
@pytest.mark.parametrize("signum, whole_job", HOW)
def test_a_stop_during_stability_resampling_leaves_everything_as_it_was(out, signum, whole_job):
    before = files_in(out.parent)
    run = Run(out)
    run.wait_until(lambda: len(run.workers()) >= 2, "stability resampling in its workers")
    time.sleep(0.5)
    assert not run.staging()
    run.send(signum, whole_job)
    assert_stopped_cleanly(run, signum, before)


@pytest.mark.slow
@pytest.mark.parametrize(
    "signum, whole_job, delay",
    [pytest.param(*how.values, delay, id=f"{how.id}-after-{delay}s") for how, delay in zip(HOW, [0.0, 0.4, 1.0, 2.0])],
)
def test_a_stop_while_writing_the_bundle_leaves_everything_as_it_was(out, signum, whole_job, delay):
    before = files_in(out.parent)
    run = Run(out, "--no-stability")
    run.wait_until(run.staging, "writing the bundle")
    time.sleep(delay)
    run.send(signum, whole_job)
    assert_stopped_cleanly(run, signum, before)


@needs_workers
@pytest.mark.slow
def test_ctrl_c_while_figures_are_drawn_never_hangs(out):
    """It hung about once in 15 tries: the parent waited for a worker that would never answer."""
    before = files_in(out.parent)
    seconds = []
    for attempt in range(20):
        run = Run(out, "--no-stability")
        run.wait_until(lambda: run.staging() and run.workers(), "drawing the figures in workers")  # noqa: B023
        time.sleep(0.1 * (attempt % 10))  # the first tenths: workers starting; then drawing
        run.send(signal.SIGINT, whole_job=True)
        seconds.append(assert_stopped_cleanly(run, signal.SIGINT, before))
    assert max(seconds) < STOP_BOUND


# ------------------------------------------------------------ library code
@needs_workers
@pytest.mark.slow
def test_a_script_writing_a_bundle_is_unwound_then_ends_by_sigterm(out):
    # write_bundle holds stops_cleanly itself: a plain report() call is enough
    before = files_in(out.parent)
    script = (
        "import skane_ecosystem as ske\n"
        f"analysis = ske.analyze(ske.load({str(DEMO)!r}), ske.AnalysisConfig(stability={{'enabled': False}}))\n"
        f"analysis.report({str(out)!r})\n"
    )
    run = Run(out, command=[sys.executable, "-c", script])
    run.wait_until(lambda: run.staging() and run.workers(), "drawing the figures in workers")
    run.send(signal.SIGTERM, whole_job=False)
    ending = run.ended()
    assert not ending.left_behind
    assert ending.code == -signal.SIGTERM, ending.err  # ended by the signal, as without stops_cleanly
    assert files_in(out.parent) == before


# ------------------------------------------------------------- the pieces
def test_a_stop_signal_raises_stopped_with_the_shell_exit_code():
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Stopped) as stop:
        with signals_raise_stopped():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises in this thread long before
    assert stop.value.signal == signal.SIGTERM and stop.value.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) is previous


def test_the_same_stop_arriving_again_does_not_interrupt_the_cleanup():
    cleaned = False
    with pytest.raises(Stopped):
        with signals_raise_stopped():
            try:
                os.kill(os.getpid(), signal.SIGHUP)
                time.sleep(5)
            finally:
                os.kill(os.getpid(), signal.SIGHUP)  # a closed terminal sends SIGHUP twice
                time.sleep(0.05)
                cleaned = True
    assert cleaned


def test_a_signal_the_process_was_told_to_ignore_stays_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with signals_raise_stopped():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_stops_cleanly_unwinds_then_ends_the_process_with_the_signal(tmp_path):
    """Library code: the finally block runs, then SIGTERM ends the script as it would have."""
    marker = tmp_path / "cleaned"
    script = (
        "import os, signal, time\n"
        "from skane_ecosystem.stopping import stops_cleanly\n"
        "with stops_cleanly():\n"
        "    try:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        time.sleep(10)\n"
        "    finally:\n"
        f"        open({str(marker)!r}, 'w').close()\n"
        "print('not reached')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGTERM
    assert marker.exists() and "not reached" not in done.stdout


def _sleep_then_return(seconds):
    time.sleep(seconds)
    return seconds


def _press_ctrl_c(signum, frame):
    raise KeyboardInterrupt


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


_OTHERS: set[int] = set()


@pytest.fixture(autouse=True)
def _children_of_other_tests():
    """Children this process already has (a kernel or a cluster another test module
    keeps running) are not the workers these tests look for."""
    _OTHERS.clear()
    _OTHERS.update(child.pid for child in psutil.Process().children())


def _live_children():
    """The live child processes started since the test began."""
    return [
        child
        for child in psutil.Process().children()
        if child.pid not in _OTHERS and child.is_running() and child.status() != psutil.STATUS_ZOMBIE
    ]


@needs_workers
def test_a_worker_ignores_ctrl_c_and_leaves_the_decision_to_its_parent():
    pending = parallel.in_background(_sleep_then_return, 1.0)
    time.sleep(0.3)
    for child in _live_children():
        os.kill(child.pid, signal.SIGINT)
    assert pending.result() == 1.0


@needs_workers
def test_an_interrupted_wait_stops_the_worker():
    pending = parallel.in_background(_sleep_then_return, 60)
    previous = signal.signal(signal.SIGALRM, _press_ctrl_c)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            pending.result()
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not _live_children()


@needs_workers
def test_a_worker_that_dies_is_reported_not_waited_for():
    with pytest.raises(parallel.WorkerLost, match="ended without sending its result"):
        parallel.in_background(_die).result()


def test_workers_whose_parent_was_killed_end_at_their_next_result():
    """SIGKILL cannot be caught: the workers notice on their own that nobody listens."""
    script = (
        "import os, signal, time\n"
        "from skane_ecosystem.parallel import in_workers\n"
        "results = in_workers(time.sleep, [0.1] * 200, workers=3)\n"
        "next(results)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    assert process.wait(timeout=60) == -signal.SIGKILL
    deadline = time.monotonic() + 5  # each worker has 20 s of work left
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("workers outlived their killed parent")


def test_workers_give_their_results_in_order_and_stop_on_the_first_error():
    assert list(parallel.in_workers(abs, range(-7, 0), workers=3)) == [7, 6, 5, 4, 3, 2, 1]
    with pytest.raises(ZeroDivisionError) as error:
        list(parallel.in_workers(lambda x: 1 / x, [2, 1, 0, 4, 5], workers=2))
    assert any("In the worker process" in note for note in getattr(error.value, "__notes__", []))
    assert not _live_children()


@needs_workers
def test_stop_workers_ends_background_work_nobody_will_read():
    pending = [parallel.in_background(_sleep_then_return, 60) for _ in range(2)]
    parallel.stop_workers()
    assert not _live_children()
    assert pending  # still referenced: stopped by stop_workers, not by garbage collection
