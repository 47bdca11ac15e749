"""Adjacency matrices: actors down the first column and across the first row.

Many network surveys are entered as a matrix, one row per respondent::

                     Region Skåne | Lunds universitet | Coompanion
    Region Skåne                  |        3          |
    Lunds universitet      2,5    |                   |     1
    Coompanion                    |        1          |

The cell in row *i*, column *j* is the tie actor *i* reported towards actor *j*:
a positive number is its weight, an empty cell or 0 means no tie, and the
diagonal is ignored.  Decimal commas are read.  The labels down and across must
name the same actors (in any order; case and accents do not matter).

The matrix becomes a ties table with one row per tie, which goes through the same
validation as every other format; problems are then reported at the matrix cell
they came from, with the row number and column label a user sees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd
from openpyxl.utils import get_column_letter

from ..ecosystem import Ecosystem
from ..errors import WARNING, Problem, SurveyDataError, display_name
from ..sectors import fold
from ._grid import Grid, build_checked, is_blank, to_raw_table, warn_about_cells_beyond
from .csvfiles import read_csv_grid
from .names import DEFAULT_FUZZY_THRESHOLD
from .safety import MAX_FILE_BYTES, check_file, mismatch_problem, sniff
from .sources import remember_source_paths
from .tables import DEFAULT_RELATION, RawTable, _text, parse_number
from .workbook import SafeWorkbook, open_workbook, source_meta

__all__ = ["load_matrix", "looks_like_matrix"]

# Marks problems found in the internal ties table, so they can be moved to the cell
# of the matrix they came from.  Never shown to a user.
_CELLS = "\x00matrix cells"


def load_matrix(
    path,
    sheet: str | None = None,
    relation: str = DEFAULT_RELATION,
    actors=None,
    wave=None,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Ecosystem:
    """Load an adjacency matrix from a workbook sheet or a CSV file.

    Parameters
    ----------
    path : str or pathlib.Path
        An ``.xlsx`` workbook or a CSV file.
    sheet : str, optional
        The sheet holding the matrix.  By default the one sheet that looks like a
        matrix (sheets named as an actors or aliases table are never taken).
    relation : str
        The relation the matrix records (default ``"collaboration"``).
    actors : str, pathlib.Path or pandas.DataFrame, optional
        An actors table (CSV file, workbook with an actors sheet, or DataFrame with
        ``id``/``name`` and ``sector`` columns).  By default the workbook's own
        actors sheet if it has one; otherwise the actors are the matrix labels, with
        sector ``other`` and a warning.
    wave : str or int, optional
        The survey wave of every tie.
    threshold : float
        Minimum similarity (0-100) for correcting a misspelt label.
    title : str, optional
        A title for maps and reports (default: none, and outputs say "Ecosystem network"
        in their language; a file name is no title).
    max_bytes : int
        Refuse files larger than this (default 200 MB).

    Returns
    -------
    Ecosystem
        One tie per positive off-diagonal cell, reported by the row's actor.

    Raises
    ------
    SurveyDataError
        Listing every problem, each at its cell (row number and column label).

    Examples
    --------
    >>> eco = load_matrix("matrix.xlsx", relation="funding")      # doctest: +SKIP
    >>> eco = load_matrix("matrix.csv", actors="actors.csv")      # doctest: +SKIP
    """
    path = check_file(path, max_bytes)
    kind = sniff(path)
    options = dict(
        sheet=sheet, relation=relation, actors=actors, wave=wave, threshold=threshold, title=title, max_bytes=max_bytes
    )
    if kind == "xlsx":
        with open_workbook(path, max_bytes) as book:
            return remember_source_paths(matrix_from_workbook(book, **options), path, actors)
    if kind == "text":
        return remember_source_paths(matrix_from_text(read_csv_grid(path, max_bytes), path, **options), path, actors)
    expected = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "text"
    raise SurveyDataError(mismatch_problem(path, kind, expected))


def matrix_from_workbook(
    book: SafeWorkbook,
    sheet=None,
    relation=DEFAULT_RELATION,
    actors=None,
    wave=None,
    threshold=DEFAULT_FUZZY_THRESHOLD,
    title=None,
    max_bytes=MAX_FILE_BYTES,
) -> Ecosystem:
    """load_matrix for an opened workbook; the actors and aliases sheets are used unless actors= is given."""
    grid = book.grid(sheet if sheet is not None else _matrix_sheet(book))
    others = _actor_grids(actors, max_bytes) or _actor_and_alias_grids(book, skip=grid.sheet)
    return ecosystem_from_matrix(
        grid, others, relation=relation, wave=wave, threshold=threshold, meta=source_meta(book.path, title)
    )


def matrix_from_text(
    grid: Grid,
    path,
    sheet=None,
    relation=DEFAULT_RELATION,
    actors=None,
    wave=None,
    threshold=DEFAULT_FUZZY_THRESHOLD,
    title=None,
    max_bytes=MAX_FILE_BYTES,
) -> Ecosystem:
    """load_matrix for the grid of a CSV file already read."""
    if sheet is not None:
        raise ValueError(f"{display_name(path)} is a CSV file, which has no sheets; leave out sheet=")
    return ecosystem_from_matrix(
        grid,
        _actor_grids(actors, max_bytes),
        relation=relation,
        wave=wave,
        threshold=threshold,
        meta=source_meta(path, title),
    )


def looks_like_matrix(grid: Grid) -> bool:
    """True when the first row and first column name the same two or more actors.

    Examples
    --------
    >>> looks_like_matrix(Grid([(1, ["", "A", "B"]), (2, ["b", 1]), (3, ["a", None, 2])], "m.csv"))
    True
    >>> looks_like_matrix(Grid([(1, ["source", "target"]), (2, ["a", "b"])], "ties.csv"))
    False
    """
    if len(grid.rows) < 3:
        return False
    across = [fold(_text(c)) for c in grid.rows[0][1][1:]]
    down = [fold(_text(cells[0])) for _, cells in grid.rows[1:]]
    return len(across) == len(down) and "" not in across and sorted(across) == sorted(down)


def ecosystem_from_matrix(
    grid: Grid,
    others: dict[str, Grid] | None = None,
    relation=DEFAULT_RELATION,
    wave=None,
    threshold=DEFAULT_FUZZY_THRESHOLD,
    meta=None,
) -> Ecosystem:
    """The Ecosystem in a matrix grid, with optional actors and aliases grids."""
    others = others or {}
    matrix = _read_matrix(grid)
    cells = _cells_table(matrix, grid, relation, wave)
    if "actors" in others:
        actors = to_raw_table(others["actors"])
    else:
        actors = _label_actors(matrix, grid)
    aliases = to_raw_table(others["aliases"]) if "aliases" in others else None
    reading = grid.problems + [p for g in others.values() for p in g.problems]
    try:
        ecosystem = build_checked(
            cells, actors, aliases, reading, threshold=threshold, meta=meta, default_relation=relation
        )
    except SurveyDataError as exc:
        raise SurveyDataError(_at_cells(exc.problems, matrix, grid)) from None
    ecosystem.validation.problems[:] = _at_cells(ecosystem.validation.problems, matrix, grid)
    return ecosystem


# ----------------------------------------------------------------- reading
@dataclass
class _Matrix:
    """The labels and non-empty cells of a matrix, with where each was written."""

    corner: str  # the header of the label column, as written
    header_row: int
    down: list[tuple[int, str]] = field(default_factory=list)  # (row number, label)
    across: dict[int, str] = field(default_factory=dict)  # position -> label
    ties: list[tuple[int, str, str, float]] = field(default_factory=list)  # (row, from, to, weight)


def _read_matrix(grid: Grid) -> _Matrix:
    if not grid.rows:
        grid.problems.append(
            grid.problem(f"the {grid.where} is empty; an adjacency matrix has actor names in the first row and column")
        )
        return _Matrix("", 1)
    header_row, header = grid.rows[0]
    matrix = _Matrix(_text(header[0]) or "A", header_row)
    matrix.across = _labels_across(grid, header_row, header)
    matrix.down = _labels_down(grid, matrix.corner)
    _check_same_actors(grid, matrix)
    for number, cells in grid.rows[1:]:
        source = _text(cells[0])
        for position, target in matrix.across.items():
            if position >= len(cells) or is_blank(cells[position]) or not source or fold(source) == fold(target):
                continue  # no tie, a row without label (reported already), or the diagonal
            weight = _weight(grid, cells[position], number, target)
            if weight:
                matrix.ties.append((number, source, target, weight))
    warn_about_cells_beyond(grid, len(header))
    if matrix.down and not matrix.ties and not grid.problems:
        grid.problems.append(
            grid.problem(
                f"the {grid.where} has actor names but no ties: every cell off the diagonal is empty or 0; "
                "write the strength of each tie reported in the cell of its row and column"
            )
        )
    return matrix


def _labels_across(grid: Grid, header_row: int, header: list) -> dict[int, str]:
    labels, seen = {}, {}
    for position in range(1, len(header)):
        label = _text(header[position])
        letter = get_column_letter(position + 1)
        if not label:
            grid.problems.append(
                grid.problem(
                    f"column {letter} has no actor name in the first row; fill it in or delete the column",
                    row=header_row,
                    column=letter,
                )
            )
        elif fold(label) in seen:
            grid.problems.append(
                grid.problem(
                    f"{label!r} heads two columns ({seen[fold(label)]} and {letter}); each actor needs one column",
                    row=header_row,
                    column=label,
                )
            )
        else:
            seen[fold(label)] = letter
            labels[position] = label
    return labels


def _labels_down(grid: Grid, corner: str) -> list[tuple[int, str]]:
    labels, seen = [], {}
    for number, cells in grid.rows[1:]:
        label = _text(cells[0])
        if not label:
            grid.problems.append(
                grid.problem(
                    "this row has no actor name in the first column; fill it in or delete the row",
                    row=number,
                    column=corner,
                )
            )
        elif fold(label) in seen:
            grid.problems.append(
                grid.problem(
                    f"{label!r} names two rows ({seen[fold(label)]} and {number}); each actor needs one row",
                    row=number,
                    column=corner,
                )
            )
        else:
            seen[fold(label)] = number
            labels.append((number, label))
    return labels


def _check_same_actors(grid: Grid, matrix: _Matrix) -> None:
    down = {fold(label): (number, label) for number, label in matrix.down}
    across = {fold(label): label for label in matrix.across.values()}
    for key, (number, label) in down.items():
        if key not in across:
            grid.problems.append(
                grid.problem(
                    f"{label!r} has a row but no column; an adjacency matrix lists the same actors across the "
                    "first row as down the first column",
                    row=number,
                    column=matrix.corner,
                )
            )
    for key, label in across.items():
        if key not in down:
            grid.problems.append(
                grid.problem(
                    f"{label!r} has a column but no row; an adjacency matrix lists the same actors down the "
                    "first column as across the first row",
                    row=matrix.header_row,
                    column=label,
                )
            )


def _weight(grid: Grid, cell, row: int, column: str) -> float | None:
    value = parse_number(cell)
    if value is None or not math.isfinite(value):
        grid.problems.append(
            grid.problem(
                f"a matrix cell must be a number (decimal comma is fine) or empty, not {_text(cell)!r}",
                row=row,
                column=column,
            )
        )
        return None
    if value < 0:
        grid.problems.append(
            grid.problem(
                f"a matrix cell must be positive (or 0/empty for no tie), not {_text(cell)}", row=row, column=column
            )
        )
        return None
    return value


# ---------------------------------------------------------- to raw tables
def _cells_table(matrix: _Matrix, grid: Grid, relation: str, wave) -> RawTable:
    """One row per tie; its index points into ``matrix.ties`` so problems can be moved back."""
    frame = pd.DataFrame(
        [
            (source, target, weight, relation, "" if wave is None else str(wave))
            for _, source, target, weight in matrix.ties
        ],
        columns=["source", "target", "weight", "relation", "wave"],
        dtype=object,
    )
    return RawTable(frame, grid.file, _CELLS)


def _label_actors(matrix: _Matrix, grid: Grid) -> RawTable:
    frame = pd.DataFrame(
        [(label, "other") for _, label in matrix.down],
        columns=["name", "sector"],
        index=pd.Index([number for number, _ in matrix.down], dtype="int64"),
        dtype=object,
    )
    grid.problems.append(
        grid.problem(
            f"no actors table was given, so the {len(frame)} actors are the matrix labels with sector 'other'; "
            "add an actors sheet or pass actors= to analyse sectors",
            severity=WARNING,
        )
    )
    return RawTable(frame, grid.file, grid.sheet)


def _at_cells(problems: list[Problem], matrix: _Matrix, grid: Grid) -> list[Problem]:
    """Problems of the internal ties table moved to their matrix cells, duplicates dropped.

    A misspelt label is wrong once, but every tie in its row or column meets it;
    the user should read about it once, at the label.
    """
    moved = []
    for problem in problems:
        if problem.sheet == _CELLS:
            problem = replace(problem, sheet=grid.sheet, **_cell_location(problem, matrix))
        if problem not in moved:
            moved.append(problem)
    return moved


def _cell_location(problem: Problem, matrix: _Matrix) -> dict:
    if problem.row is None:
        return {}
    row, _, target, _ = matrix.ties[problem.row]
    if problem.column == "source":
        return {"row": row, "column": matrix.corner}
    if problem.column == "target":
        return {"row": matrix.header_row, "column": target}
    return {"row": row, "column": target}


# ------------------------------------------------------------------ finding
def matrix_sheets(book: SafeWorkbook) -> list[str]:
    """The sheets that look like adjacency matrices (never one named as an actors, ties or aliases sheet)."""
    return [s for s in _unnamed_sheets(book) if looks_like_matrix(book.grid(s))]


def _unnamed_sheets(book: SafeWorkbook) -> list[str]:
    named_for_a_role = set(book.sheets_by_role().values())
    return [s for s in book.sheet_names if s not in named_for_a_role]


def _matrix_sheet(book: SafeWorkbook) -> str:
    """The one sheet of a workbook that holds the matrix."""
    matrices, candidates = matrix_sheets(book), _unnamed_sheets(book)
    if len(matrices) == 1:
        return matrices[0]
    if not matrices and len(candidates) == 1:
        return candidates[0]  # the shape is wrong; reading it says where
    listed = ", ".join(repr(s) for s in book.sheet_names)
    found = f"{len(matrices)} sheets look like matrices" if matrices else "no sheet looks like a matrix"
    raise SurveyDataError(
        Problem(f"{found} (sheets: {listed}); name the sheet, e.g. load_matrix(path, sheet='Blad1')", file=book.file)
    )


def _actor_and_alias_grids(book: SafeWorkbook, skip: str | None) -> dict[str, Grid]:
    return {
        role: book.grid(sheet)
        for role, sheet in book.sheets_by_role().items()
        if role in ("actors", "aliases") and sheet != skip
    }


def _actor_grids(actors, max_bytes: int) -> dict[str, Grid]:
    """The actors table given to load_matrix, as a grid (empty dict when none)."""
    if actors is None:
        return {}
    if isinstance(actors, pd.DataFrame):
        return {"actors": _frame_grid(actors)}
    path = check_file(actors, max_bytes)
    if sniff(path) != "xlsx":
        return {"actors": read_csv_grid(path, max_bytes)}
    with open_workbook(path, max_bytes) as book:
        sheet = book.sheets_by_role().get("actors")
        if sheet is None:
            raise SurveyDataError(
                Problem(
                    f"the workbook has no sheet 'actors' (Swedish: 'aktörer'); its sheets are {book.sheet_names}",
                    file=book.file,
                )
            )
        return {"actors": book.grid(sheet)}


def _frame_grid(frame: pd.DataFrame) -> Grid:
    """A DataFrame as if it were a sheet: header in row 1, data from row 2."""
    if frame.index.name is not None:
        frame = frame.reset_index()
    rows = [(1, [str(c) for c in frame.columns])]
    rows += [
        (number, [None if _is_missing(v) else v for v in values])
        for number, values in enumerate(frame.itertuples(index=False), start=2)
    ]
    return Grid(rows, "actors DataFrame")


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
