"""Stopping cleanly: a signal to stop becomes an exception, so cleanup code runs.

A run is stopped by Ctrl-C (SIGINT), by ``kill``, a scheduler or a service manager
(SIGTERM), or by closing its terminal (SIGHUP).  Python turns Ctrl-C into a
``KeyboardInterrupt``, but ends the process on the spot for SIGTERM and SIGHUP: no
``finally`` block runs, so a hidden staging folder and the worker processes stay
behind.  Inside :func:`signals_raise_stopped` each of these signals raises
:class:`Stopped` in the main thread instead.  The exception unwinds through every
``finally`` and ``except BaseException`` block on its way out, which remove what was
half done, and whoever catches it stops the workers (:func:`parallel.stop_workers
<skane_ecosystem.parallel.stop_workers>`).

Two ways to use it:

* the command line (:func:`skane_ecosystem.cli.main`) takes over all three signals
  for the whole run, catches :class:`Stopped`, and exits with the shell's code for
  the signal (130, 143, 129);
* library code that must not leave something half done (writing a bundle) uses
  :func:`stops_cleanly`, which takes over only the signals that would otherwise end
  the process outright, and afterwards still ends it with that signal.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager

from .parallel import stop_workers

__all__ = ["Stopped", "STOP_SIGNALS", "signals_raise_stopped", "stops_cleanly", "raise_if_stopped"]

#: The signals that ask a run to stop: Ctrl-C, kill/schedulers, a closed terminal.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

#: Seconds after a stop during which the same stop arriving again is ignored.
REPEAT_IGNORED_FOR = 5.0


class Stopped(BaseException):
    """The run was asked to stop by a signal (Ctrl-C, SIGTERM, SIGHUP).

    A ``BaseException``, like ``KeyboardInterrupt`` and ``SystemExit``: code that
    handles errors with ``except Exception`` lets it through, while ``finally`` and
    ``except BaseException`` blocks run on its way out.

    Attributes
    ----------
    signal : signal.Signals
        The signal that stopped the run.
    exit_code : int
        ``128 + signal``, the shell's exit status for it (130 for SIGINT, 143 for
        SIGTERM, 129 for SIGHUP).
    """

    def __init__(self, signum: int):
        self.signal = signal.Signals(signum)
        super().__init__(f"stopped by {self.signal.name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signal.value


@contextmanager
def signals_raise_stopped(signals=STOP_SIGNALS):
    """Within the block, each of ``signals`` raises :class:`Stopped` in the main thread.

    Parameters
    ----------
    signals : iterable of signal.Signals
        Default: SIGINT, SIGTERM and SIGHUP (where the system has them).  A signal the
        process was started ignoring (``nohup`` ignores SIGHUP; a shell script's
        background job ignores SIGINT) stays ignored: that is how the one who started
        it said the signal is not for this process.

    Notes
    -----
    Signal handlers can only be installed in the main thread; elsewhere the block
    runs with the signals as they are.  The previous handlers come back when the
    block ends.

    The first signal raises :class:`Stopped`.  Another one in the next
    ``REPEAT_IGNORED_FOR`` seconds is the same stop (closing a terminal sends SIGHUP
    twice; an impatient user presses Ctrl-C again) and is ignored, so it cannot
    interrupt the cleanup the first one started; a later one raises again, in case
    something swallowed the first.

    Examples
    --------
    >>> with signals_raise_stopped():                     # doctest: +SKIP
    ...     write_everything()
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = _StopHandler()
    previous = {}
    unraisable = sys.unraisablehook
    sys.unraisablehook = _quiet_about_lost_stops(unraisable)
    try:
        for signum in signals:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, handler)
        yield
    finally:
        for signum, earlier in previous.items():
            signal.signal(signum, earlier)
        sys.unraisablehook = unraisable
        _unanswered.clear()  # the block is left: the stop, if any, has been answered


@contextmanager
def stops_cleanly():
    """Within the block, SIGTERM and SIGHUP unwind the call before they end the process.

    For library code that must not leave anything half done, such as writing a
    bundle from a script or a notebook.  A signal whose handler is still Python's
    default (end the process at once) raises :class:`Stopped` instead, so
    ``finally`` blocks clean up; once the exception has left the block, the signal
    ends the process as it would have without this block.  A signal the program
    handles itself (the command line, a service with its own handler) is left to
    it, and so is Ctrl-C, which Python already turns into ``KeyboardInterrupt``.

    Whatever exception leaves the block, the worker processes started in it are
    stopped: nobody will read their results.

    Notes
    -----
    Signal handlers can only be installed in the main thread; elsewhere the block
    runs with the signals as they are.

    Examples
    --------
    >>> with stops_cleanly():                              # doctest: +SKIP
    ...     write_bundle(analysis, "reports/run")
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    fatal = (
        [s for s in STOP_SIGNALS if s != signal.SIGINT and signal.getsignal(s) is signal.SIG_DFL]
        if in_main_thread
        else []
    )
    try:
        with signals_raise_stopped(fatal):
            yield
    except BaseException as error:
        stop_workers()
        if isinstance(error, Stopped) and error.signal in fatal:
            _end_process_by(error.signal)
        raise


def raise_if_stopped() -> None:
    """Raise :class:`Stopped` if a stop signal came but its exception was lost.

    Python runs a signal handler between any two bytecodes, also inside a weakref
    callback or a ``__del__`` method (the import system has such callbacks), where an
    exception is printed as "Exception ignored" and dropped: the stop would be
    forgotten and the run would finish as if nothing happened.  A step that must not
    happen after a stop (swapping an output folder into place) calls this first.
    """
    if _unanswered:
        raise Stopped(_unanswered[-1])


#: Stop signals received within signals_raise_stopped and not yet answered by leaving it.
_unanswered: list[int] = []


class _StopHandler:
    """The signal handler: raise Stopped, once per stop, and remember it until answered."""

    def __init__(self):
        self._stopped_at = None

    def __call__(self, signum, frame):
        now = time.monotonic()
        _unanswered.append(signum)
        if self._stopped_at is not None and now - self._stopped_at < REPEAT_IGNORED_FOR:
            return
        self._stopped_at = now
        raise Stopped(signum)


def _quiet_about_lost_stops(hook):
    """An unraisable-exception hook that drops a :class:`Stopped` raised inside a ``__del__``.

    Such a stop is not lost: the handler remembered it and :func:`raise_if_stopped`
    raises it again.  Without this, Python prints it as "Exception ignored in ...",
    a traceback on the terminal of a run that then stops cleanly after all.
    """

    def quiet(unraisable):
        if not isinstance(unraisable.exc_value, Stopped):
            hook(unraisable)

    return quiet


def _end_process_by(signum: int) -> None:
    """End this process with ``signum``'s default action."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
