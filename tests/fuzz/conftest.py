"""The fuzzer's case folders, and its outcome counts at the end of the session.

The counts ("cases tried, outcomes by kind") are printed in pytest's terminal summary
and written as JSON to ``fuzz-outcomes.json`` in pytest's base temporary folder, or to
the path in ``SKANE_FUZZ_OUTCOMES``.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest

from .outcomes import TALLY


@pytest.fixture(scope="module")
def case_folders(tmp_path_factory):
    """A function giving a fresh, empty folder per case (hypothesis runs many cases per test)."""
    base = tmp_path_factory.mktemp("fuzz-cases")
    numbers = itertools.count()

    def new() -> Path:
        folder = base / str(next(numbers))
        folder.mkdir()
        return folder

    return new


_report_path: list[Path] = []


def pytest_sessionstart(session):
    configured = os.environ.get("SKANE_FUZZ_OUTCOMES")
    if configured:
        _report_path.append(Path(configured))


def pytest_sessionfinish(session):
    if not TALLY.by_seed:
        return
    if not _report_path:
        factory = getattr(session.config, "_tmp_path_factory", None)
        if factory is None:
            return
        _report_path.append(factory.getbasetemp() / "fuzz-outcomes.json")
    _report_path[0].write_text(json.dumps(TALLY.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    if not TALLY.by_seed:
        return
    summary = TALLY.as_dict()
    write = terminalreporter.write_line
    terminalreporter.section("loader fuzzing")
    write(f"{summary['cases']} cases tried (hypothesis replays while shrinking count too)")
    for label, count in summary["outcomes"].items():
        write(f"  {count:6d}  {label}")
    for seed, counts in summary["by_seed"].items():
        write(f"  {seed}: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    if _report_path:
        write(f"counts written to {_report_path[0]}")
