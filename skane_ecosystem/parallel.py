"""Forked worker processes: how the package uses the other cores of a computer.

Flag stability (a hundred independent re-analyses) and the report's figures (half
of a bundle's work, independent of the rest) run in worker processes.  The workers
are *forked*: they start as copies of the running process, with the package and its
data already loaded, so a worker costs milliseconds rather than the seconds a fresh
interpreter needs.  Where fork is unavailable (Windows) everything runs in the
calling process instead, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

__all__ = ["usable_cores", "can_fork", "forked_pool", "in_background"]


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """True where worker processes can be forked (Linux, other POSIX systems)."""
    return "fork" in multiprocessing.get_all_start_methods()


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


class Finished:
    """A result already computed, answering ``result()`` as a Future does."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


def in_background(function, *args):
    """Start ``function(*args)`` in a forked process when a second core is free.

    Returns
    -------
    concurrent.futures.Future or Finished
        ``result()`` waits for the value, or raises the function's exception.  With
        one core, or without fork, the function has already run here.

    Notes
    -----
    The arguments and the value are pickled on their way between the processes.
    """
    if usable_cores() < 2 or not can_fork():
        return Finished(function(*args))
    pool = forked_pool(1)
    try:
        return pool.submit(function, *args)
    finally:
        pool.shutdown(wait=False)  # the submitted work still runs; the pool closes after it
