"""Problems found in survey data, and the error that carries them.

Every problem knows where it is: the file, the sheet (for workbooks), the row as the
user sees it in Excel (the header is row 1, so the first data row is row 2) and the
column.  Loaders collect *all* problems before raising, so a survey administrator can
fix a file in one pass instead of one error at a time.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from .sectors import fold

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Problem", "SurveyDataError", "ValidationReport", "closest", "require_known"]

ERROR = "error"
WARNING = "warning"
CORRECTION = "correction"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or automatically corrected) in the input.

    Parameters
    ----------
    message : str
        What is wrong and what to do about it, in plain language.
    file : str, optional
        The file's name (not its full path, which may contain personal folders).
    sheet : str, optional
        The worksheet, for workbooks.
    row : int, optional
        The row number as shown by Excel or a text editor (header row is 1).
    column : str, optional
        The column header as written in the file.
    severity : {"error", "warning", "correction"}
        Errors stop the load; warnings and corrections are kept in the report.
    original, corrected : str, optional
        For corrections: the value found and the value used instead.
    score : float, optional
        For fuzzy name corrections: the similarity score (0-100).
    """

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = ERROR
    original: str | None = None
    corrected: str | None = None
    score: float | None = None

    def __post_init__(self):
        # Rows often come out of pandas as floats (280.0) or numpy integers; a user
        # looks for row 280, so the row is kept as a plain int.
        object.__setattr__(self, "row", _row_number(self.row))

    def location(self) -> str:
        """Where the problem is, e.g. ``survey.xlsx, sheet 'ties', row 7, column 'weight'``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts) or "input"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class SurveyDataError(ValueError):
    """The survey data cannot be loaded; ``.problems`` lists every reason, located.

    Examples
    --------
    >>> err = SurveyDataError([Problem("weight must be a positive number", file="ties.csv",
    ...                                row=3, column="weight")])
    >>> print(err)
    1 problem in the survey data:
      - ties.csv, row 3, column 'weight': weight must be a positive number
    """

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the survey data:"
        return "\n".join([head] + [f"  - {p}" for p in self.problems])

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table (one row per problem)."""
        return _problems_frame(self.problems)


@dataclass
class ValidationReport:
    """Warnings and automatic corrections made while loading.

    Nothing here stopped the load; it is the record a researcher needs to trust (or
    question) the data: inferred actors, fuzzy name matches with their scores,
    one-sided ties and so on.
    """

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def corrections(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == CORRECTION]

    def to_frame(self) -> pd.DataFrame:
        """Every warning and correction as a table, in the order they were found."""
        return _problems_frame(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __iter__(self):
        return iter(self.problems)


def _problems_frame(problems: list[Problem]) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: the command line's --help needs no pandas

    columns = list(Problem.__dataclass_fields__)
    frame = pd.DataFrame([asdict(p) for p in problems], columns=columns)
    # A row may be missing (a problem with a whole file), which would make the column float.
    frame["row"] = frame["row"].astype("Int64")
    return frame


def _row_number(row) -> int | None:
    """``row`` as an int, None when missing; a row that is no whole number is a bug, not data."""
    if row is None or (isinstance(row, float) and math.isnan(row)):
        return None
    if row != int(row):
        raise ValueError(f"a problem's row must be a whole number, not {row!r}")
    return int(row)


def closest(written, choices, n: int = 3) -> list[str]:
    """The ``n`` values of ``choices`` closest to ``written``, best first, for "did you mean" messages.

    Case, accents and punctuation are ignored in the comparison.

    Parameters
    ----------
    written : str
        What the user wrote.
    choices : iterable of str
        The valid values.
    n : int
        How many to return at most.

    Returns
    -------
    list of str

    Examples
    --------
    >>> closest("colaboration", ["advice", "collaboration", "funding"], n=1)
    ['collaboration']
    """
    found = process.extract(str(written), [str(c) for c in choices], scorer=fuzz.ratio, processor=fold, limit=n)
    return [choice for choice, _, _ in found]


def require_known(what: str, present: list[str], wanted: list[str]) -> list[str]:
    """``wanted``, if every value is in ``present``; else a ValueError naming the closest.

    The one check of an argument that must name something the data have (a
    relation, a wave): the message says what is there and what comes closest.

    Examples
    --------
    >>> require_known("wave", ["2019", "2022"], ["2022"])
    ['2022']
    >>> require_known("relation", ["advice", "funding"], ["fundng"])
    Traceback (most recent call last):
    ...
    ValueError: unknown relation(s) ['fundng']; this ecosystem has ['advice', 'funding']; closest to 'fundng': 'funding', 'advice'
    """
    unknown = sorted(set(wanted) - set(present))
    if not unknown:
        return wanted
    hints = "; ".join(
        f"closest to {name!r}: {', '.join(map(repr, closest(name, present)))}" for name in unknown if present
    )
    raise ValueError(f"unknown {what}(s) {unknown}; this ecosystem has {present}" + (f"; {hints}" if hints else ""))


def display_name(path: str | Path | None) -> str | None:
    """The file name users recognise, without folders that may reveal personal paths."""
    return None if path is None else Path(path).name
