"""Forked worker processes: the value comes back, errors come back, one core runs here."""

import os

import pytest

from skane_ecosystem import parallel


def _pid_and_square(x):
    return os.getpid(), x * x


def _fail(message):
    raise RuntimeError(message)


@pytest.mark.skipif(not parallel.can_fork() or parallel.usable_cores() < 2, reason="needs fork and two cores")
def test_in_background_runs_in_another_process_and_returns_the_value():
    pid, value = parallel.in_background(_pid_and_square, 12).result()
    assert value == 144
    assert pid != os.getpid()


@pytest.mark.skipif(not parallel.can_fork() or parallel.usable_cores() < 2, reason="needs fork and two cores")
def test_an_error_in_the_background_is_raised_by_result():
    pending = parallel.in_background(_fail, "disk full")
    with pytest.raises(RuntimeError, match="disk full"):
        pending.result()


def test_with_one_core_the_work_runs_here_at_once(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    pending = parallel.in_background(_pid_and_square, 3)
    assert isinstance(pending, parallel.Finished)
    assert pending.result() == (os.getpid(), 9)
    with pytest.raises(RuntimeError, match="at once"):
        parallel.in_background(_fail, "at once")


def test_usable_cores_follows_the_affinity_mask():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert parallel.usable_cores() == expected >= 1
