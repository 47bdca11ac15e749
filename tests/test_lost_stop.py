"""A stop whose exception Python dropped is not forgotten.

A signal handler can run inside a ``__del__`` method or a weakref callback (the
import system has such callbacks), where Python prints the exception as "Exception
ignored" and carries on.  The run then still must not swap its output folder into
place: the stop is remembered until the guarded block is left.
"""

import os
import signal
import subprocess
import sys

import pytest

from skane_ecosystem.atomic import OutputFolder
from skane_ecosystem.stopping import Stopped, raise_if_stopped, signals_raise_stopped

# The dropped exception is what these tests make happen; pytest reports it as a warning.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class SignalsWhileDeleted:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGUSR1)
        for _ in range(1000):  # the handler runs between bytecodes: here, inside __del__
            pass


def test_a_stop_raised_where_exceptions_are_ignored_still_keeps_the_old_folder(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(Stopped), signals_raise_stopped([signal.SIGUSR1]):
        with OutputFolder(target) as folder:
            (folder.path / "table.csv").write_text("half done")
            SignalsWhileDeleted()  # deleted at once: its Stopped is printed and dropped
    assert not target.exists()


def test_leaving_the_block_answers_the_stop(tmp_path):
    with pytest.raises(Stopped), signals_raise_stopped([signal.SIGUSR1]):
        SignalsWhileDeleted()
        raise_if_stopped()
    raise_if_stopped()  # nothing pending any more


def test_a_stop_dropped_inside_a_destructor_prints_nothing():
    # Python would print "Exception ignored in ... Stopped" and a traceback: noise on the
    # terminal of a run that then stops cleanly with its one line.  In a fresh process,
    # since pytest replaces the hook that prints it.
    script = """
import os, signal
from skane_ecosystem.stopping import Stopped, raise_if_stopped, signals_raise_stopped

class SignalsWhileDeleted:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGUSR1)
        for _ in range(1000):
            pass

try:
    with signals_raise_stopped([signal.SIGUSR1]):
        SignalsWhileDeleted()
        raise_if_stopped()
except Stopped:
    print("stopped")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped" and done.stderr == ""
