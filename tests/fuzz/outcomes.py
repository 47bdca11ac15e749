"""What may come of loading a fuzzed file, how it is judged, and the tally of outcomes.

The property every loader must keep, whatever the file holds:

* it returns an :class:`~skane_ecosystem.Ecosystem` whose ``graph()`` can be built, or
* it raises :class:`~skane_ecosystem.SurveyDataError`, and every problem in it names
  one of the files given (``file``) and, unless it is about the file as a whole,
  where in that file (``sheet``, ``row`` or ``column``; see :func:`unlocated`);

within :data:`SECONDS_PER_CASE`, leaving the files read byte for byte as they were and
nothing new beside them.  Anything else (another exception, a hang, a changed input)
is a *failure*, named by its exception type and the line of the package it was raised
from, so one bug found a hundred times counts as one.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from skane_ecosystem import Ecosystem, SurveyDataError

__all__ = ["SECONDS_PER_CASE", "Outcome", "TALLY", "run_case", "unlocated"]

#: The time bound of one case (load and graph), generous for a shared 2-core machine:
#: the seeds load in milliseconds, the largest mutated tables in well under a second.
SECONDS_PER_CASE = float(os.environ.get("SKANE_FUZZ_SECONDS", "10"))

LOADED = "loaded"
EXPLAINED = "SurveyDataError"
FAILED = "failure"

# Problems about a file or a table as a whole, which need no sheet, row or column: the
# file is not what it should be (damaged, unsafe, of another kind, empty, undecodable),
# or a sheet, file or column the loader needs is not there at all.  (A CSV file is one
# table, so its name is the whole location of a problem with that table, as a sheet's
# name is in a workbook.)  Matched against the start of the message; every other
# problem must say where it is.
WHOLE_FILE = re.compile(
    "|".join(
        [
            r"the file\b",
            r"the workbook\b",
            r"this is\b",
            r"the name ends in\b",
            r"the folder\b",
            r"no such file",
            r"workbooks cannot be read",
            r"sheets .* could both be",
            r"files .* could both be",
            r"the \w+ table needs",
            r"the \w+ table has no \w+ below its header",
        ]
    )
)


@dataclass
class Outcome:
    """How one case ended.

    Attributes
    ----------
    kind : {"loaded", "SurveyDataError", "failure"}
    detail : str
        For SurveyDataError: ``"located"`` when every problem says where it is, or
        ``"whole file"``; for a failure, its signature (exception and place).
    reason : str
        Why a failure is one, in a sentence; the traceback when there is one.
    """

    kind: str
    detail: str = ""
    reason: str = ""
    error: BaseException | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


def run_case(load, target: Path, inputs: list[Path], seconds: float = SECONDS_PER_CASE) -> Outcome:
    """Load ``target`` with ``load`` and judge the outcome (see the module docstring)."""
    before = _fingerprint(inputs)
    result = _call_with_timeout(lambda: _load_and_graph(load, target), seconds)
    if result is _TIMED_OUT:
        return Outcome(FAILED, f"timeout over {seconds:g} s", f"no outcome within {seconds:g} s")
    if _fingerprint(inputs) != before:
        return Outcome(FAILED, "input changed", "an input file changed, or a file appeared beside it")
    if isinstance(result, SurveyDataError):
        return _judge_survey_data_error(result, inputs)
    if isinstance(result, BaseException):
        return Outcome(FAILED, signature(result), "".join(traceback.format_exception(result)), result)
    return Outcome(LOADED)


def _load_and_graph(load, target):
    eco = load(target)
    if not isinstance(eco, Ecosystem):
        raise TypeError(f"the loader returned {type(eco).__name__}, not an Ecosystem")
    eco.graph()
    return eco


def _judge_survey_data_error(error: SurveyDataError, inputs: list[Path]) -> Outcome:
    names = {path.name for path in inputs} | {path.parent.name for path in inputs}
    if not error.problems:
        return Outcome(FAILED, "SurveyDataError without problems", str(error), error)
    for problem in error.problems:
        if not problem.message:
            return Outcome(FAILED, "problem without a message", repr(problem), error)
        if problem.file not in names:
            return Outcome(
                FAILED,
                "problem without its file",
                f"file={problem.file!r} is none of {sorted(names)}: {problem}",
                error,
            )
    unplaced = [p for p in error.problems if unlocated(p)]
    if unplaced:
        return Outcome(
            FAILED, "problem without a location", f"a problem inside the file says not where: {unplaced[0]}", error
        )
    located = all(p.sheet or p.row is not None or p.column for p in error.problems)
    return Outcome(EXPLAINED, "located" if located else "whole file", str(error), error)


def unlocated(problem) -> bool:
    """Whether ``problem`` lacks the sheet, row or column it should name.

    The rule: a problem names at least one of sheet, row or column, unless its message
    is about the file as a whole (:data:`WHOLE_FILE`: the file is damaged, unsafe, of
    another kind or empty, or a sheet, file or column it needs is missing).
    """
    if problem.sheet or problem.row is not None or problem.column:
        return False
    return WHOLE_FILE.match(problem.message) is None


def signature(error: BaseException) -> str:
    """``Type at file:line``: where in the package an unexpected exception came from.

    The innermost frame inside ``skane_ecosystem`` names the place to fix; the
    innermost frame of all is added when it lies in a library.
    """
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}skane_ecosystem{os.sep}" in f.filename]
    place = _where(ours[-1]) if ours else "?"
    last = _where(frames[-1]) if frames else "?"
    return f"{type(error).__name__} at {place}" + (f" (raised in {last})" if last != place else "")


def _where(frame) -> str:
    parts = Path(frame.filename).parts
    start = max(
        (i for i, part in enumerate(parts) if part in ("skane_ecosystem", "site-packages")), default=len(parts) - 1
    )
    return f"{'/'.join(parts[start:])}:{frame.lineno}"


_TIMED_OUT = object()


def _call_with_timeout(call, seconds: float):
    """``call()``'s result or exception, or ``_TIMED_OUT``.

    The call runs in a daemon thread, so a hang fails the case instead of hanging the
    test run (the thread is left behind: Python cannot stop it).
    """
    box = []

    def run():
        try:
            box.append(call())
        except BaseException as exc:  # every outcome is judged, none escapes the thread
            box.append(exc)

    thread = threading.Thread(target=run, name="fuzz-case", daemon=True)
    thread.start()
    thread.join(seconds)
    return box[0] if box else _TIMED_OUT


def _fingerprint(inputs: list[Path]):
    folders = sorted({path.parent for path in inputs})
    return (
        [hashlib.sha256(path.read_bytes()).digest() for path in inputs],
        [sorted(p.name for p in folder.iterdir()) for folder in folders],
    )


class Tally:
    """Outcome counts of the session, per seed and in all, and one example of each failure."""

    def __init__(self):
        self.by_seed: dict[str, Counter] = {}
        self.failures: dict[str, dict] = {}  # signature -> first case that showed it

    def record(self, seed: str, outcome: Outcome, case: Path) -> None:
        self.by_seed.setdefault(seed, Counter())[outcome.label] += 1
        if outcome.kind == FAILED and outcome.detail not in self.failures:
            self.failures[outcome.detail] = {"seed": seed, "case": str(case), "reason": outcome.reason}

    def totals(self) -> Counter:
        return sum(self.by_seed.values(), Counter())

    def as_dict(self) -> dict:
        totals = self.totals()
        return {
            "cases": sum(totals.values()),
            "outcomes": dict(sorted(totals.items())),
            "by_seed": {seed: dict(sorted(c.items())) for seed, c in sorted(self.by_seed.items())},
            "failures": self.failures,
        }


#: The session's tally; tests/fuzz/conftest.py reports it.
TALLY = Tally()
