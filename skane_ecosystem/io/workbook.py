"""Survey workbooks: an ``.xlsx`` with an actors sheet and a ties sheet.

The layout a survey administrator fills in (the template writes it)::

    actors:   id | name | sector | type | municipality | respondent
    ties:     source | target | relation | weight | wave | reported_by
    aliases:  alias | actor_id                                   (optional)

Sheet names are matched ignoring case, spacing and accents, in English or Swedish
(``aktörer``, ``relationer``, ``alias``); so are the headers (see
:data:`skane_ecosystem.io.tables.HEADER_ALIASES`).  A workbook with only a ties
sheet loads too: its actors are inferred from the ties, with a warning.

This module only reads cells.  Every check lives in
:func:`skane_ecosystem.io.tables.build_ecosystem`, so workbooks, CSV files and
adjacency matrices obey the same rules and report problems the same way.
"""

from __future__ import annotations

from pathlib import Path

from ..ecosystem import Ecosystem
from ..errors import Problem, SurveyDataError, display_name
from ..sectors import fold
from ._grid import Grid, build_checked, non_empty_rows, to_raw_table
from .names import DEFAULT_FUZZY_THRESHOLD
from .safety import MAX_FILE_BYTES, check_file, check_xlsx_archive, expect_kind, require_defusedxml
from .sources import remember_source_paths
from .tables import DEFAULT_RELATION

__all__ = ["load_workbook", "SHEET_NAMES"]

#: Accepted sheet names per role (compared after :func:`skane_ecosystem.sectors.fold`).
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "actors": ("actors", "aktörer", "nodes", "noder"),
    "ties": ("ties", "relationer", "relations", "edges"),
    "aliases": ("aliases", "alias", "aliaser"),
}


def load_workbook(
    path,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    default_relation: str = DEFAULT_RELATION,
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Ecosystem:
    """Load a survey workbook (``.xlsx``) with sheets ``actors`` and ``ties``.

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook.  It is only read, never changed.
    threshold : float
        Minimum similarity (0-100) for correcting a misspelt actor name
        automatically; every correction is recorded with its score.
    default_relation : str
        The relation of ties whose ``relation`` cell is empty or missing.
    title : str, optional
        A title for maps and reports (default: the file name without extension).
    max_bytes : int
        Refuse files larger than this (default 200 MB).

    Returns
    -------
    Ecosystem
        With warnings and corrections in ``.validation``.

    Raises
    ------
    SurveyDataError
        Listing every problem found, each with file, sheet, row and column.

    Examples
    --------
    >>> eco = load_workbook("survey.xlsx")                     # doctest: +SKIP
    >>> eco.validation.to_frame()[["sheet", "row", "message"]]  # doctest: +SKIP
    """
    with open_workbook(path, max_bytes) as book:
        ecosystem = ecosystem_from_workbook(book, threshold=threshold, default_relation=default_relation,
                                            title=title)
    return remember_source_paths(ecosystem, path)


def ecosystem_from_workbook(book: "SafeWorkbook", threshold=DEFAULT_FUZZY_THRESHOLD,
                            default_relation=DEFAULT_RELATION, title=None) -> Ecosystem:
    """The Ecosystem in an opened workbook's actors, ties and aliases sheets."""
    sheets = book.sheets_by_role()
    if "ties" not in sheets:
        raise SurveyDataError(book.missing_ties_problem())
    grids = {role: book.grid(sheet) for role, sheet in sheets.items()}
    tables = {role: to_raw_table(grid) for role, grid in grids.items()}
    reading = [p for grid in grids.values() for p in grid.problems]
    return build_checked(
        tables["ties"], tables.get("actors"), tables.get("aliases"), reading,
        threshold=threshold, default_relation=default_relation,
        meta=source_meta(book.path, title),
    )


def match_roles(labels: list[str], noun: str, file: str | None, key=lambda label: label) -> dict[str, str]:
    """role -> the label (a sheet or file name) whose ``key`` is one of the role's :data:`SHEET_NAMES`.

    Raises
    ------
    SurveyDataError
        If two labels claim one role: which one is meant cannot be told.
    """
    found, problems = {}, []
    for role, names in SHEET_NAMES.items():
        accepted = {fold(name) for name in names}
        matches = [label for label in labels if fold(key(label)) in accepted]
        if len(matches) > 1:
            problems.append(Problem(
                f"{noun} {' and '.join(map(repr, matches))} could both be the {role} table; "
                "rename or remove one of them", file=file))
        elif matches:
            found[role] = matches[0]
    if problems:
        raise SurveyDataError(problems)
    return found


def source_meta(path, title=None) -> dict:
    """The ``meta`` of an Ecosystem read from one file."""
    return {"title": title or Path(path).stem, "sources": [display_name(path)], "synthetic": False}


def open_workbook(path, max_bytes: int = MAX_FILE_BYTES) -> "SafeWorkbook":
    """Open an ``.xlsx`` for reading after every safety check has passed."""
    return SafeWorkbook(path, max_bytes)


class SafeWorkbook:
    """A workbook opened read-only, after the file, zip and XML guards.

    Use as a context manager so the file is closed however reading ends.
    openpyxl parses a sheet only when it is read, so a malformed or hostile part
    can still fail there; :meth:`grid` turns that into a SurveyDataError too.
    """

    def __init__(self, path, max_bytes: int = MAX_FILE_BYTES):
        import openpyxl

        self.path = check_file(path, max_bytes)
        self.file = display_name(path)
        expect_kind(self.path, "xlsx")
        check_xlsx_archive(self.path)
        require_defusedxml()
        # A file object rather than the path: openpyxl refuses names not ending in
        # .xlsx, but the content has been checked and decides.
        self._handle = open(self.path, "rb")
        try:
            self._book = openpyxl.load_workbook(self._handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl fails in many ways on damaged files; all mean the same to a user
            self._handle.close()
            raise self._unreadable(exc) from None
        self.sheet_names: list[str] = list(self._book.sheetnames)
        self._rows_read: dict[str, list] = {}  # sheet -> rows, so finding and loading a sheet parse it once

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._book.close()
        self._handle.close()

    def sheets_by_role(self) -> dict[str, str]:
        """role -> sheet name for the roles in :data:`SHEET_NAMES` present in the workbook.

        Raises
        ------
        SurveyDataError
            If two sheets claim the same role (e.g. both ``Actors`` and ``aktörer``).
        """
        return match_roles(self.sheet_names, "sheets", self.file)

    def missing_ties_problem(self) -> Problem:
        listed = ", ".join(repr(s) for s in self.sheet_names)
        return Problem(
            f"the workbook has no sheet 'ties' (Swedish: 'relationer'); its sheets are {listed}. "
            "Rename the sheet that lists the ties, or use load_matrix() if a sheet is an adjacency matrix",
            file=self.file)

    def grid(self, sheet: str) -> Grid:
        """The non-empty rows of ``sheet``, numbered as Excel shows them.

        The header (the first non-empty row) sets the width: cells to the right
        of the last header are not read, which also keeps a sheet with a stray cell
        in column XFD from making every row 16 384 cells wide.
        """
        worksheet = self._book[sheet]
        if not hasattr(worksheet, "iter_rows"):
            return Grid([], self.file, sheet, [Problem("this is a chart sheet, not a table", file=self.file,
                                                       sheet=sheet)])
        if sheet not in self._rows_read:
            # Dimensions recorded in the file may be wrong (some programs write A1:A1 or
            # the whole sheet); without them openpyxl reads exactly the cells present.
            worksheet.reset_dimensions()
            try:
                self._rows_read[sheet] = list(self._rows(worksheet))
            except Exception as exc:  # see __init__: a damaged sheet is one problem for the user
                raise self._unreadable(exc, sheet) from None
        return Grid(list(self._rows_read[sheet]), self.file, sheet)

    @staticmethod
    def _rows(worksheet):
        everything = worksheet.iter_rows(values_only=True)
        first = next(non_empty_rows(enumerate(everything, start=1)), None)
        everything.close()  # only the header was wanted; release the sheet's XML stream
        if first is None:
            return
        header_number, header = first
        yield first
        below = worksheet.iter_rows(min_row=header_number + 1, max_col=len(header), values_only=True)
        yield from non_empty_rows(enumerate(below, start=header_number + 1))

    def _unreadable(self, exc: Exception, sheet: str | None = None) -> SurveyDataError:
        from defusedxml import DefusedXmlException

        # openpyxl wraps the parser's error in its own; the innermost one says what is wrong.
        while exc.__cause__ is not None or exc.__context__ is not None:
            exc = exc.__cause__ or exc.__context__
        if isinstance(exc, DefusedXmlException):
            message = ("the workbook declares XML entities, which Excel never writes, so it was refused as "
                       "unsafe; ask the sender to save it again from Excel")
        else:
            why = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no details'}"
            message = f"the workbook cannot be read ({why}); open it in Excel or LibreOffice and save it again"
        return SurveyDataError(Problem(message, file=self.file, sheet=sheet))
