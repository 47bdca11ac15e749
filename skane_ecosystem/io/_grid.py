"""Cells as read from a sheet or a CSV file, and their way into :class:`RawTable`.

Workbooks and CSV files are read into the same shape, a :class:`Grid`: the rows of
cells with the row number a user sees in Excel.  From there one function makes a
:class:`~skane_ecosystem.io.tables.RawTable` (the header row gives the columns) and
one builds the Ecosystem, adding what the *reader* noticed (duplicate headers,
values without a header) to what :func:`~skane_ecosystem.io.tables.build_ecosystem`
finds, so the user still gets every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from ..ecosystem import content_problems
from ..errors import ERROR, WARNING, Problem, SurveyDataError
from ..sectors import fold
from .tables import RawTable, _text, build_ecosystem


@dataclass
class Grid:
    """The non-empty rows of one sheet or file.

    Parameters
    ----------
    rows : list of (int, list)
        (row number as Excel shows it, cells) for every row with at least one value.
    file : str
        The file name, for messages.
    sheet : str, optional
        The sheet name, for workbooks.
    problems : list of Problem
        What reading and shaping the grid noticed (empty sheet, duplicate headers,
        values without a header); :func:`build_checked` reports them with the rest.
    """

    rows: list[tuple[int, list]]
    file: str | None
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message, row=None, column=None, severity=ERROR) -> Problem:
        return Problem(message, file=self.file, sheet=self.sheet, row=row, column=column, severity=severity)

    @property
    def where(self) -> str:
        return f"sheet {self.sheet!r}" if self.sheet else "file"


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def non_empty_rows(numbered_rows):
    """(row number, cells) for rows with at least one value, trailing blanks cut."""
    for number, cells in numbered_rows:
        cells = list(cells)
        while cells and is_blank(cells[-1]):
            cells.pop()
        if cells:
            yield number, cells


def to_raw_table(grid: Grid) -> RawTable:
    """The grid as a RawTable: the first row is the header, the rest are data.

    Columns with no header are dropped (with a warning when they hold values);
    two headers that differ only in case, spacing or accents are an error, since
    it cannot be told which of the two columns is meant.
    """
    if not grid.rows:
        grid.problems.append(
            grid.problem(f"the {grid.where} is empty; it needs a header row (row 1) and one row per entry")
        )
        return RawTable(pd.DataFrame(), grid.file, grid.sheet)
    header_row, header = grid.rows[0]
    data = grid.rows[1:]
    warn_about_cells_beyond(grid, len(header))
    kept: dict[int, str] = {}
    seen: dict[str, int] = {}
    for position, cell in enumerate(header):
        title = _text(cell)  # a header typed as a number (2022) reads as Excel shows it
        if not title:
            _warn_if_headerless_values(grid, data, position)
            continue
        key = fold(title)
        if key in seen:
            grid.problems.append(
                grid.problem(
                    f"two columns are headed {title!r} (columns {get_column_letter(seen[key] + 1)} and "
                    f"{get_column_letter(position + 1)}); rename or delete one of them",
                    row=header_row,
                    column=title,
                )
            )
            continue
        seen[key] = position
        kept[position] = title
    frame = pd.DataFrame(
        [[_cell_at(cells, position) for position in kept] for _, cells in data],
        columns=list(kept.values()),
        index=pd.Index([number for number, _ in data], dtype="int64"),
        dtype=object,
    )
    return RawTable(frame, grid.file, grid.sheet, header_row=header_row)


def warn_about_cells_beyond(grid: Grid, width: int) -> None:
    """Warn about rows with values right of the last header (a CSV row with an extra separator)."""
    for number, cells in grid.rows[1:]:
        if len(cells) > width:
            grid.problems.append(
                grid.problem(
                    f"this row has values right of the last column header ({get_column_letter(width)}), "
                    "so they were ignored; check for an extra separator or give the column a header",
                    row=number,
                    severity=WARNING,
                )
            )


def _warn_if_headerless_values(grid: Grid, data, position: int) -> None:
    if any(not is_blank(_cell_at(cells, position)) for _, cells in data):
        grid.problems.append(
            grid.problem(
                f"column {get_column_letter(position + 1)} has values but no header, so they were ignored; "
                "give the column a header if it matters",
                severity=WARNING,
            )
        )


def _cell_at(cells: list, position: int):
    return cells[position] if position < len(cells) else None


def build_checked(
    ties: RawTable,
    actors: RawTable | None,
    aliases: RawTable | None,
    reading: list[Problem],
    require_ties: bool = True,
    **options,
):
    """build_ecosystem, with the reader's problems added to the validator's.

    Errors from reading and from validation are raised together; reading warnings
    go first in the Ecosystem's validation report.  What makes the whole survey
    unusable (no actors, no ties, weights that overflow, far too many waves; see
    :func:`~skane_ecosystem.ecosystem.content_problems`) is checked here, located at
    the table it concerns, so ``validate`` refuses what ``analyze`` could not use.

    Parameters
    ----------
    ties, actors, aliases : RawTable
        As read; ``actors`` and ``aliases`` may be None.
    reading : list of Problem
        What the reader noticed.
    require_ties : bool
        False when only the actors are wanted (a roster's actors table is read this
        way, with an empty ties table).
    **options
        Passed on to :func:`~skane_ecosystem.io.tables.build_ecosystem`.
    """
    errors = [p for p in reading if p.severity == ERROR]
    try:
        ecosystem = build_ecosystem(ties, actors, aliases, **options)
    except SurveyDataError as exc:
        raise SurveyDataError(errors + exc.problems) from None
    if require_ties and not errors:  # with errors, an empty table may only be their consequence
        errors = content_problems(
            ecosystem.actors,
            ecosystem.ties,
            actor_problem=actors.problem if actors is not None else None,
            tie_problem=ties.problem,
        )
    if errors:
        raise SurveyDataError(errors)
    ecosystem.validation.problems[:0] = [p for p in reading if p.severity != ERROR]
    return ecosystem


def build_from_grids(grids: dict[str, Grid], **options):
    """The Ecosystem in a survey's tables as read, by role: the one path of workbooks and CSV folders.

    Parameters
    ----------
    grids : dict
        Role (``"ties"``, ``"actors"``, ``"aliases"``, ``"relation_types"``,
        ``"qualitative"``) -> the grid read for it; ``"ties"`` is required.
    **options
        Passed on to :func:`build_checked` (threshold, default_relation, meta).
    """
    tables = {role: to_raw_table(grid) for role, grid in grids.items()}
    reading = [p for grid in grids.values() for p in grid.problems]
    return build_checked(
        tables["ties"],
        tables.get("actors"),
        tables.get("aliases"),
        reading,
        relation_types=tables.get("relation_types"),
        qualitative=tables.get("qualitative"),
        **options,
    )
