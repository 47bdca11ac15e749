"""Forked worker processes: how the package uses the other cores of a computer.

Flag stability (a hundred independent re-analyses) and the report's figures (half
of a bundle's work, independent of the rest) run in worker processes.  The workers
are *forked*: they start as copies of the running process, with the package and its
data already loaded, so a worker costs milliseconds rather than the seconds a fresh
interpreter needs, and its work needs no pickling on the way in.  Where fork is
unavailable (Windows) everything runs in the calling process instead, with the same
results.

Stopping
--------
A worker never decides to stop: it ignores Ctrl-C (a terminal sends SIGINT to every
process of the job, workers included) and ends at once on SIGTERM or SIGHUP.  The
process that started it decides.  When that process unwinds, for an error or a stop
(:class:`~skane_ecosystem.stopping.Stopped`, ``KeyboardInterrupt``), its workers are
terminated, then killed if they linger, and reaped; every wait for them is bounded.
A worker sends its results through a pipe whose writing end only it holds, so a
worker that dies leaves an end of file to read, never a wait without end; and a
worker whose parent has died ends when it next tries to send.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.reduction import ForkingPickler

__all__ = ["usable_cores", "can_fork", "in_background", "in_workers", "stop_workers", "WorkerLost"]

#: Seconds a worker gets to end by itself after its last result, or after SIGTERM.
GRACE = 2.0

#: Signals a worker must not receive before it has chosen how to answer them (those
#: of :data:`skane_ecosystem.stopping.STOP_SIGNALS`, which builds on this module).
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

#: The workers started and not yet ended, for :func:`stop_workers`.
_running: weakref.WeakSet = weakref.WeakSet()


class WorkerLost(RuntimeError):
    """A worker process ended without sending its result (killed, or out of memory)."""


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """True where worker processes can be forked (Linux, other POSIX systems)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_background(function: Callable, *args):
    """Start ``function(*args)`` in a forked process when a second core is free.

    Returns
    -------
    Background or Finished
        ``result()`` waits for the value, or raises the function's exception.  With
        one core, or without fork, the function has already run here.

    Notes
    -----
    The value is pickled on its way back.  The worker is stopped when ``result()``
    is interrupted, when :func:`stop_workers` is called, when the returned object
    is garbage collected, or at the latest when this process exits.

    Examples
    --------
    >>> pending = in_background(pow, 2, 10)
    >>> pending.result()
    1024
    """
    if usable_cores() < 2 or not _may_start_workers():
        return Finished(function(*args))
    return Background(_Worker(function, [args]))


def in_workers(function: Callable, items: Iterable, workers: int) -> Iterator:
    """``function(item)`` for each item, in order, computed by forked worker processes.

    Parameters
    ----------
    function : callable
        Takes one item.  Its values are pickled on their way back.
    items : iterable
        Dealt out in turn to the workers: the first to worker 0, the second to
        worker 1 and so on, so each worker gets its share at once and needs nothing
        more from this process.
    workers : int
        How many processes; with one (or one item, or without fork) the items are
        computed here.

    Yields
    ------
    object
        ``function(item)`` for each item, in the order of ``items``.  An exception
        raised by ``function`` is raised here, and the other workers stop.

    Notes
    -----
    Close the generator (``contextlib.closing``) when you may stop reading early:
    its workers are stopped then, rather than when it is garbage collected.

    Examples
    --------
    >>> list(in_workers(abs, [-1, 2, -3], workers=2))
    [1, 2, 3]
    """
    items = list(items)
    workers = min(workers, len(items)) if _may_start_workers() else 1
    if workers < 2:
        yield from map(function, items)
        return
    team: list[_Worker] = []
    try:
        for first in range(workers):
            team.append(_Worker(function, [(item,) for item in items[first::workers]]))
        for index in range(len(items)):
            yield team[index % workers].next_result()
    except BaseException:
        for worker in team:
            worker.stop()
        raise
    for worker in team:
        worker.finish()


def stop_workers() -> None:
    """Stop every worker process this thread started that is still running.

    For a call that is unwinding or a process that is stopping (the command line
    calls it when it catches :class:`~skane_ecosystem.stopping.Stopped`): workers
    whose results nobody will read end now, rather than when the objects waiting
    for them are garbage collected (a traceback kept in a notebook keeps them).
    """
    here = threading.get_ident()
    for worker in list(_running):
        if worker.thread == here:
            worker.stop()


class Finished:
    """A result already computed, answering ``result()`` as a Future does."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class Background:
    """The pending value of a function running in one worker process."""

    def __init__(self, worker: _Worker):
        self._worker = worker
        self._done = False
        self._value = None

    def result(self):
        """Wait for the value; raise the function's exception if it failed.

        If the wait is interrupted (Ctrl-C, a stop), the worker is stopped.
        """
        if not self._done:
            try:
                self._value = self._worker.next_result()
            except BaseException:
                self._worker.stop()
                raise
            self._worker.finish()
            self._done = True
        return self._value


class _Worker:
    """One forked process computing ``function(*args)`` for each ``args`` of ``calls``
    and sending the results back in order, through a pipe only it writes to."""

    def __init__(self, function: Callable, calls: list[tuple]):
        fork = multiprocessing.get_context("fork")
        reader, writer = fork.Pipe(duplex=False)
        self._process = fork.Process(target=_work, args=(function, calls, reader, writer), daemon=True)
        self._reader = reader
        self.thread = threading.get_ident()
        # Known before it starts, so that a stop arriving while it starts ends it
        # too; and however this object goes (stop, finish, garbage, exit), the
        # worker goes with it.
        self._end = weakref.finalize(self, _end_process, self._process, reader, os.getpid())
        _running.add(self)
        try:
            with _stop_signals_deferred():
                self._process.start()
        finally:
            writer.close()  # only the worker writes: if it dies, reading gets an end of file

    def next_result(self):
        """The next result, or the function's exception raised here."""
        try:
            succeeded, value = self._reader.recv()
        except EOFError:
            self._process.join(GRACE)
            raise WorkerLost(
                f"a worker process ended without sending its result (exit code {self._process.exitcode})"
            ) from None
        if not succeeded:
            raise value
        return value

    def finish(self) -> None:
        """Wait (briefly) for the worker to end after its last result, and reap it."""
        self._process.join(GRACE)
        self.stop()

    def stop(self) -> None:
        """End the worker now, and reap it."""
        self._end()
        _running.discard(self)


def _may_start_workers() -> bool:
    """Fork is available, and this process may have children (a daemonic process,
    such as a ``multiprocessing.Pool`` worker, may not)."""
    return can_fork() and not multiprocessing.current_process().daemon


def _work(function, calls, reader, writer) -> None:
    """What a worker runs: each call, each result (or the first error) sent back."""
    _answer_signals_as_worker()
    # Hold no reading end, neither ours nor our siblings' (inherited in the fork):
    # then each pipe closes when the parent dies, and a worker orphaned by a
    # killed parent ends at its next result instead of waiting to send it forever.
    reader.close()
    for sibling in list(_running):
        sibling._reader.close()
    try:
        for args in calls:
            if not _send_outcome(writer, function, args):
                break
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent is gone or stopped listening: nothing left to do
    finally:
        writer.close()


def _send_outcome(writer, function, args) -> bool:
    """Send ``function(*args)``, or the error it raised (or pickling its value
    raised) instead; True if there was a value."""
    try:
        writer.send((True, function(*args)))
        return True
    except (BrokenPipeError, ConnectionResetError):
        raise
    except Exception as error:  # noqa: BLE001 - every error goes back to the parent
        writer.send((False, _sendable(error)))
        return False


def _answer_signals_as_worker() -> None:
    """Ignore Ctrl-C (the parent decides), end at once on SIGTERM and SIGHUP."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


@contextmanager
def _stop_signals_deferred():
    """Hold the stop signals back while a worker starts.

    Python runs a signal's handler between any two bytecodes of the main thread,
    even while the main thread blocks the signal (another thread receives it).  A
    handler raising (Ctrl-C, a stop) between the fork and the end of
    ``Process.start`` would lose the new worker's pid, and the worker with it; so
    meanwhile a signal is only noted, and its handler runs once the worker is known.
    The signals are also blocked, so that the worker cannot receive one before it
    has chosen how to answer them (in :func:`_work`).
    """
    noted: list[int] = []
    replaced = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _STOP_SIGNALS:
            if callable(signal.getsignal(signum)):
                replaced[signum] = signal.signal(signum, lambda signum, frame: noted.append(signum))
    try:
        with _signals_blocked():
            yield
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)
    for signum in noted:
        replaced[signum](signum, None)


@contextmanager
def _signals_blocked():
    """Block the stop signals in this thread meanwhile (where the system can)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _sendable(error: Exception) -> Exception:
    """``error`` with the worker's traceback as a note, or a RuntimeError saying the
    same where ``error`` cannot be pickled."""
    error.add_note("In the worker process:\n" + "".join(traceback.format_exception(error)).rstrip())
    try:
        ForkingPickler.dumps(error)
    except Exception:  # noqa: BLE001 - any pickling failure
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _end_process(process, reader, owner: int) -> None:
    """Terminate ``process``, kill it if it lingers, and reap it."""
    if os.getpid() != owner or process.pid is None:
        return  # a copy of the owner (another worker) must not end its siblings; or never started
    for ask in (process.terminate, process.kill):
        if process.exitcode is not None:
            break
        ask()
        process.join(GRACE)
    reader.close()
