"""Reading survey data: one :func:`load` for every format, and a loader per format.

:func:`load` looks at what a file *is*, not only at its name:

=====================  ==============================================================
content                read by
=====================  ==============================================================
folder                 :func:`load_csv` (``ties.csv``, ``actors.csv``, ``aliases.csv``,
                       ``relation_types.csv``)
Excel workbook         :func:`load_workbook` (sheets ``actors`` and ``ties``), or
                       :func:`load_matrix` when it has no ties sheet and one sheet is
                       an adjacency matrix
CSV / text             :func:`load_csv` (a lone ties file), or :func:`load_matrix` when
                       the first row and column name the same actors
GraphML, GEXF          :func:`load_graph_file`
=====================  ==============================================================

It also takes the tables themselves as pandas DataFrames (:func:`load_frames`): a
ties frame, with ``actors=``, ``aliases=`` and ``relation_types=`` frames optional,
checked exactly as CSV files are.

A file whose content does not match its extension (a CSV file renamed ``.xlsx``)
and formats that cannot be read (PDF, Word, old ``.xls``) raise a
:class:`~skane_ecosystem.errors.SurveyDataError` saying what the file looks like
and what to do.  Every loader only reads; the user's files are never changed.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd

from ..ecosystem import Ecosystem
from ..errors import Problem, SurveyDataError, display_name
from ._grid import Grid, non_empty_rows
from .csvfiles import ecosystem_from_csv_grids, load_csv, read_csv_grid
from .graphfiles import load_graph_file
from .matrix import load_matrix, looks_like_matrix, matrix_from_text, matrix_from_workbook, matrix_sheets
from .names import DEFAULT_FUZZY_THRESHOLD
from .safety import EXTENSION_KINDS, MAX_FILE_BYTES, check_file, describe_kind, mismatch_problem, sniff
from .sources import remember_source_paths, source_paths
from .tables import DEFAULT_RELATION
from .workbook import ecosystem_from_workbook, load_workbook, open_workbook

__all__ = [
    "load",
    "load_frames",
    "load_workbook",
    "load_csv",
    "load_matrix",
    "load_graph_file",
    "detect_format",
    "source_paths",
]

_READABLE = ("xlsx", "text", "graphml", "gexf")

_UNREADABLE_ADVICE = {
    "ole": "if it is an old Excel file (.xls), open it in Excel or LibreOffice and save it as .xlsx; "
    "a password-protected workbook must be saved without the password",
    "ods": "open it in LibreOffice and save it as Excel 2007-365 (.xlsx)",
    "xlsb": "open it in Excel and save it as Excel Workbook (.xlsx)",
}


def load(path, **options) -> Ecosystem:
    """Load survey data from a workbook, CSV files, an adjacency matrix, a network file or DataFrames.

    Parameters
    ----------
    path : str, pathlib.Path or pandas.DataFrame
        A file or a folder of CSV files.  The format is told from the content
        (see the module documentation), and must agree with the extension.  Or
        the ties table as a DataFrame (see :func:`load_frames`).
    **options
        Passed on to the loader the content calls for: :func:`load_workbook`,
        :func:`load_csv`, :func:`load_matrix`, :func:`load_graph_file` or, for a
        DataFrame, :func:`load_frames`.  An option that loader does not take
        raises ``TypeError`` naming the ones it does.

    Returns
    -------
    Ecosystem
        Warnings and automatic corrections are in ``.validation``.

    Raises
    ------
    SurveyDataError
        With every problem found in the data, each located by file, sheet, row
        and column; or saying what a file of the wrong kind looks like.

    Examples
    --------
    >>> import skane_ecosystem as se
    >>> eco = se.load("survey.xlsx")                      # doctest: +SKIP
    >>> eco = se.load("survey/", threshold=95)            # a folder of CSV files  # doctest: +SKIP
    >>> eco = se.load(ties_frame, actors=actors_frame)    # DataFrames   # doctest: +SKIP
    >>> eco.validation.to_frame()                         # doctest: +SKIP
    """
    if isinstance(path, pd.DataFrame):
        return load_frames(path, **_options_for(load_frames, options, frame_name("ties")))
    path = Path(path)
    # the loaders record what they read; a lone ties file's actors and aliases are read here
    return remember_source_paths(
        _load_by_content(path, options),
        path,
        options.get("actors"),
        options.get("aliases"),
        options.get("relation_types"),
    )


def load_frames(
    ties: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    aliases: pd.DataFrame | None = None,
    relation_types: pd.DataFrame | None = None,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    default_relation: str = DEFAULT_RELATION,
    title: str | None = None,
) -> Ecosystem:
    """Load survey tables given as pandas DataFrames, checked exactly as CSV files are.

    Each frame is read as a CSV file would be: its column labels are the header
    (English or Swedish, as in a file), its cells the values.  Problems name the
    table as ``<ties DataFrame>`` (``<actors DataFrame>``, ...), the column as
    labelled, and the row as its position in the frame (``frame.iloc[row]``; the
    index label too when the index is the default 0, 1, 2, ...).

    Parameters
    ----------
    ties : pandas.DataFrame
        One row per reported tie: ``source``, ``target`` and optionally
        ``relation``, ``weight``, ``wave``, ``reported_by``.
    actors, aliases, relation_types : pandas.DataFrame, optional
        The other tables of a survey (see docs/data-format.md).  Without actors
        they are inferred from the ties, with sector ``other`` and a warning.
    threshold, default_relation, title
        As for :func:`load_csv`.

    Returns
    -------
    Ecosystem

    Raises
    ------
    SurveyDataError
        With every problem found, located by table, row and column.
    TypeError
        If a table is not a DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "relation": ["samarbete", "finansiering"]})
    >>> eco = load_frames(ties)
    >>> eco.relations, len(eco.actors)
    (['collaboration', 'funding'], 3)
    """
    given = {"ties": ties, "actors": actors, "aliases": aliases, "relation_types": relation_types}
    grids = {role: frame_grid(frame, role) for role, frame in given.items() if frame is not None}
    return ecosystem_from_csv_grids(
        grids, frame_name("ties"), threshold=threshold, default_relation=default_relation, title=title
    )


def frame_name(role: str) -> str:
    """How problems name a table given as a DataFrame: ``<ties DataFrame>``."""
    return f"<{role} DataFrame>"


def frame_grid(frame, role: str) -> Grid:
    """A DataFrame as the Grid a CSV file is read into: its labels the header, its positions the rows.

    Missing values (NaN, None, pd.NA) become empty cells and numpy numbers plain
    Python ones, as a CSV reader would give them.  The header has no row number:
    in a DataFrame it is no row.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"the {role} table must be a pandas DataFrame, not {type(frame).__name__}; "
            "give file paths to load() or load_csv() instead"
        )
    cells = frame.astype(object).where(frame.notna(), None)
    header = (None, list(frame.columns))
    rows = non_empty_rows(enumerate(cells.itertuples(index=False, name=None)))
    return Grid([header, *rows], frame_name(role))


def _load_by_content(path: Path, options: dict) -> Ecosystem:
    if path.is_dir():
        return load_csv(path, **_options_for(load_csv, options, path))
    max_bytes = options.get("max_bytes", MAX_FILE_BYTES)
    check_file(path, max_bytes)
    kind = detect_format(path)
    if kind == "xlsx":
        return _load_workbook_or_matrix(path, options, max_bytes)
    if kind == "text":
        return _load_text(path, options, max_bytes)
    return load_graph_file(path, **_options_for(load_graph_file, options, path))


def detect_format(path) -> str:
    """The readable format of a file: ``"xlsx"``, ``"text"``, ``"graphml"`` or ``"gexf"``.

    The content decides; a known extension must agree with it, and an unknown or
    missing extension leaves the content to decide alone.

    Raises
    ------
    SurveyDataError
        If the content contradicts the extension, or is a format that cannot be read.
    """
    path = Path(path)
    found = sniff(path)
    promised = EXTENSION_KINDS.get(path.suffix.lower())
    if promised is not None and found != promised:
        raise SurveyDataError(mismatch_problem(path, found, promised))
    if found not in _READABLE:
        advice = _UNREADABLE_ADVICE.get(
            found,
            "save the survey tables as an Excel workbook (.xlsx) or CSV files (.csv), "
            "or the network as GraphML or GEXF",
        )
        raise SurveyDataError(
            Problem(f"this is {describe_kind(found)}, which cannot be read; {advice}", file=display_name(path))
        )
    return found


def _load_workbook_or_matrix(path: Path, options: dict, max_bytes: int) -> Ecosystem:
    with open_workbook(path, max_bytes) as book:
        matrices = [] if "ties" in book.sheets_by_role() else matrix_sheets(book)
        if len(matrices) == 1:
            return matrix_from_workbook(book, **_options_for(load_matrix, options, path))
        chosen = _options_for(load_workbook, options, path)
        chosen.pop("max_bytes", None)  # the workbook is open already
        return ecosystem_from_workbook(book, **chosen)


def _load_text(path: Path, options: dict, max_bytes: int) -> Ecosystem:
    grid = read_csv_grid(path, max_bytes)
    if looks_like_matrix(grid):
        return matrix_from_text(grid, path, **_options_for(load_matrix, options, path))
    chosen = _options_for(load_csv, options, path)
    if "ties" in chosen:
        raise TypeError(f"load() read {display_name(path)} as the ties file; leave out ties= or use load_csv()")
    grids = {"ties": grid}
    for role in ("actors", "aliases", "relation_types"):
        if chosen.get(role) is not None:
            grids[role] = read_csv_grid(chosen[role], max_bytes)
    return ecosystem_from_csv_grids(
        grids, path, **{k: v for k, v in chosen.items() if k in ("threshold", "default_relation", "title")}
    )


def _options_for(loader, options: dict, path: Path) -> dict:
    """The options, checked against what ``loader`` accepts (everything but the path)."""
    accepted = list(inspect.signature(loader).parameters)[1:]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise TypeError(
            f"load() read {display_name(path)} with {loader.__name__}(), which takes no option "
            f"{', '.join(unknown)}; it takes {', '.join(accepted)}"
        )
    return dict(options)
