"""Survey workbooks: an ``.xlsx`` with an actors sheet and a ties sheet.

The layout a survey administrator fills in (the template writes it)::

    actors:   id | name | sector | type | municipality | respondent
    ties:     source | target | relation | weight | wave | reported_by
    aliases:  alias | actor_id                                   (optional)
    relation_types: relation | direction | description           (optional)

Sheet names are matched ignoring case, spacing and accents, in English or Swedish
(``aktörer``, ``band`` or ``relationer``, ``alias``, ``relationstyper``); so are the headers
(see :data:`skane_ecosystem.io.tables.HEADER_ALIASES`).  The ``relation_types``
sheet declares what flows along a relation's ties (``source_to_target`` or
``target_to_source``, see :attr:`~skane_ecosystem.ecosystem.Ecosystem.directions`).  A workbook with only a ties
sheet loads too: its actors are inferred from the ties, with a warning.

This module only reads cells.  Every check lives in
:func:`skane_ecosystem.io.tables.build_ecosystem`, so workbooks, CSV files and
adjacency matrices obey the same rules and report problems the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.utils import get_column_letter

from ..ecosystem import Ecosystem
from ..errors import Problem, SurveyDataError, display_name
from ..sectors import fold
from ._grid import Grid, build_from_grids, is_blank
from .names import DEFAULT_FUZZY_THRESHOLD
from .safety import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_FILE_BYTES,
    MAX_ROW_XML_ELEMENTS,
    MAX_WORKBOOK_CELLS,
    check_file,
    check_xlsx_archive,
    expect_kind,
    require_defusedxml,
)
from .sources import remember_source_paths
from .tables import DEFAULT_RELATION

__all__ = ["load_workbook", "SHEET_NAMES"]

#: Accepted sheet names per role (compared after :func:`skane_ecosystem.sectors.fold`).
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "actors": ("actors", "aktörer", "nodes", "noder"),
    "ties": ("ties", "band", "relationer", "relations", "edges"),
    "aliases": ("aliases", "alias", "aliaser"),
    "relation_types": ("relation_types", "relationstyper", "tie types"),
    "qualitative": ("qualitative", "kvalitativt", "kvalitativa data", "coded material", "kodat material", "intervjuer"),
}


def load_workbook(
    path,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    default_relation: str = DEFAULT_RELATION,
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Ecosystem:
    """Load a survey workbook (``.xlsx``) with sheets ``actors`` and ``ties``.

    Optional sheets: ``aliases`` (other names in use) and ``relation_types`` (the
    declared direction of relations, e.g. funding flowing from source to target).

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
        A title for maps and reports (default: the title the workbook's properties
        declare; without one, outputs say "Ecosystem network" in their language,
        never the file name).
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
        ecosystem = ecosystem_from_workbook(book, threshold=threshold, default_relation=default_relation, title=title)
    return remember_source_paths(ecosystem, path)


def ecosystem_from_workbook(
    book: SafeWorkbook, threshold=DEFAULT_FUZZY_THRESHOLD, default_relation=DEFAULT_RELATION, title=None
) -> Ecosystem:
    """The Ecosystem in an opened workbook's actors, ties, aliases and relation types sheets."""
    sheets = book.sheets_by_role()
    if "ties" not in sheets:
        raise SurveyDataError(book.missing_ties_problem())
    grids = {role: book.grid(sheet) for role, sheet in sheets.items()}
    meta = {**source_meta(book.path, title or book.declared_title()), "synthetic": book.says_synthetic()}
    return build_from_grids(grids, threshold=threshold, default_relation=default_relation, meta=meta)


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
            problems.append(
                Problem(
                    f"{noun} {' and '.join(map(repr, matches))} could both be the {role} table; "
                    "rename or remove one of them",
                    file=file,
                )
            )
        elif matches:
            found[role] = matches[0]
    if problems:
        raise SurveyDataError(problems)
    return found


#: How the demo workbook's README sheet begins (data/demo/generate_demo.py writes it):
#: a workbook that says so is labelled synthetic wherever it is shown.
SYNTHETIC_MARKS = ("SYNTHETIC DEMO DATA", "SYNTETISKA DEMODATA")


def source_meta(path, title=None) -> dict:
    """The ``meta`` of an Ecosystem read from one file.

    The title is the one given or declared by the data, else none: a file name
    ("export_final_v2") is no title, and the outputs then use the catalog's
    neutral title in their own language (``common.title``).
    """
    meta = {"sources": [display_name(path)], "synthetic": False}
    if title:
        meta["title"] = str(title)
    return meta


def open_workbook(path, max_bytes: int = MAX_FILE_BYTES, max_cells: int = MAX_WORKBOOK_CELLS) -> SafeWorkbook:
    """Open an ``.xlsx`` for reading after every safety check has passed.

    Parameters
    ----------
    path : str or pathlib.Path
    max_bytes : int
        Refuse files larger than this (default 200 MB).
    max_cells : int
        Stop reading, with a SurveyDataError, after this many cells over all sheets
        (default :data:`~skane_ecosystem.io.safety.MAX_WORKBOOK_CELLS`).

    Returns
    -------
    SafeWorkbook
        To be used in a ``with`` statement.

    Examples
    --------
    >>> with open_workbook("survey.xlsx") as book:              # doctest: +SKIP
    ...     ties = book.grid("ties")
    """
    return SafeWorkbook(path, max_bytes, max_cells)


class SafeWorkbook:
    """A workbook opened read-only, after the file, zip and XML guards.

    Use as a context manager so the file is closed however reading ends.
    openpyxl parses a sheet only when it is read, so a malformed or hostile part
    can still fail there; :meth:`grid` turns that into a SurveyDataError too, and
    bounds the work of reading by the cells actually written (see :meth:`grid`).
    """

    def __init__(self, path, max_bytes: int = MAX_FILE_BYTES, max_cells: int = MAX_WORKBOOK_CELLS):
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
        self._max_cells = max_cells
        self._cells_read = 0

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

    def declared_title(self) -> str | None:
        """The title in the workbook's document properties (File > Info in Excel), if any."""
        title = self._book.properties.title
        return title.strip() or None if isinstance(title, str) else None

    def says_synthetic(self) -> bool:
        """True when a ``README`` sheet opens with :data:`SYNTHETIC_MARKS`, as the demo workbook does.

        So a copy of the demo, renamed or moved, is still labelled synthetic in
        every output (the demo folder alone is not enough).  Only the first rows
        of the first column are read.
        """
        readme = next((name for name in self.sheet_names if name.strip().casefold() == "readme"), None)
        if readme is None:
            return False
        first_cells = (cells[0] for _, cells in self.grid(readme).rows[:10] if cells)
        return any(isinstance(cell, str) and cell.startswith(SYNTHETIC_MARKS) for cell in first_cells)

    def missing_ties_problem(self) -> Problem:
        listed = ", ".join(repr(s) for s in self.sheet_names)
        return Problem(
            f"the workbook has no sheet 'ties' (Swedish: 'band'); its sheets are {listed}. "
            "Rename the sheet that lists the ties, or use load_matrix() if a sheet is an adjacency matrix",
            file=self.file,
        )

    def grid(self, sheet: str) -> Grid:
        """The non-empty rows of ``sheet``, numbered as Excel shows them.

        The header (the first non-empty row) sets the width: cells to the right
        of the last header are not kept, which also keeps a sheet with a stray cell
        in column XFD from making every row 16 384 cells wide.

        The rows are read from the sheet's XML as written, not through the
        dimensions it claims: a row is refused if its number is not a whole number
        beyond the row before it (a repeated row number would otherwise hide a tie),
        or lies beyond Excel's last row; a cell if its column lies beyond Excel's
        last column or does not follow the cell before it.  Reading stops once the
        workbook has given ``max_cells`` cells (see :func:`open_workbook`).

        Raises
        ------
        SurveyDataError
            Located at the sheet, and at the row and column where it applies.
        """
        worksheet = self._book[sheet]
        if not hasattr(worksheet, "iter_rows"):
            return Grid(
                [], self.file, sheet, [Problem("this is a chart sheet, not a table", file=self.file, sheet=sheet)]
            )
        if sheet not in self._rows_read:
            self._rows_read[sheet] = list(self._table_rows(worksheet))
        return Grid(list(self._rows_read[sheet]), self.file, sheet)

    # ------------------------------------------------------------ reading rows
    def _table_rows(self, worksheet) -> Iterator[tuple[int, list]]:
        """(row number, cells) for the non-empty rows, each cut at the header's width."""
        width = None
        for number, cells in self._checked_rows(worksheet):
            row = _values(cells, width)
            if not row:  # costs the cells written in it (empty formatted ones), or one
                self._count(worksheet.title, number, max(1, len(cells)))
                continue
            width = width or len(row)  # the first non-empty row is the header
            # A row kept becomes as wide as the table, so it costs that many cells, or
            # the cells written in it if they are more.
            self._count(worksheet.title, number, max(len(cells), width))
            yield number, row

    def _checked_rows(self, worksheet) -> Iterator[tuple[int, list[dict]]]:
        """(row number, cells as openpyxl parses them) for each row written, refusing what Excel never writes."""
        previous = 0
        for number, cells in self._parsed_rows(worksheet):
            self._check_row_number(worksheet.title, number, previous)
            self._check_cells(worksheet.title, number, cells)
            previous = number
            yield number, cells

    def _parsed_rows(self, worksheet) -> Iterator[tuple[int, list[dict]]]:
        """The rows of a sheet's XML, each parsed by openpyxl as soon as it ends.

        openpyxl's read-only rows (``iter_rows``) would be simpler, but they trust the
        file: a gap before row 99,999,999 is filled with empty rows one by one, a row
        whose number repeats or goes back is silently skipped, and a row is held
        whole in memory however many cells it claims.  So the XML is streamed here
        (with defusedxml, as openpyxl does), each row is turned into cells by
        openpyxl's own sheet parser (types, shared strings, dates), and what the
        stream holds is bounded while it is read: see :func:`_bounded_rows`.
        """
        from openpyxl.worksheet._reader import WorkSheetParser
        from openpyxl.xml.functions import iterparse

        book = self._book
        previous = 0
        try:
            with worksheet._get_source() as source:
                parser = WorkSheetParser(
                    source,
                    worksheet._shared_strings,
                    data_only=True,
                    epoch=book.epoch,
                    date_formats=book._date_formats,
                    timedelta_formats=book._timedelta_formats,
                )
                for row in _bounded_rows(iterparse(source, events=("start", "end"))):
                    number, cells = parser.parse_row(row)
                    yield number, cells
                    previous = number
        except _CrowdedRow:
            raise self._refused(
                f"the row after row {previous} holds more than {MAX_ROW_XML_ELEMENTS:,} XML elements, far more "
                f"than {EXCEL_MAX_COLUMNS:,} columns of cells need; the file is damaged or was made to be "
                "unreadable: open it in Excel and save it again",
                worksheet.title,
            ) from None
        except SurveyDataError:
            raise
        except Exception as exc:  # see __init__: a damaged sheet is one problem for the user
            raise self._unreadable(exc, worksheet.title, after_row=previous) from None

    def _check_row_number(self, sheet: str, number: int, previous: int) -> None:
        if number > EXCEL_MAX_ROWS:
            raise self._refused(
                f"the row after row {previous} claims the number {number:,}, beyond Excel's last row "
                f"{EXCEL_MAX_ROWS:,}; Excel never writes this, so the file is damaged or was made by another "
                "program: open it in Excel and save it again",
                sheet,
            )
        if number <= previous:
            raise self._refused(
                f"the row after row {previous} is numbered {number}, so rows repeat or go backwards and one of "
                "them would be lost; Excel never writes this: open the file in Excel and save it again",
                sheet,
                row=previous,
            )

    def _check_cells(self, sheet: str, number: int, cells: list[dict]) -> None:
        previous = 0
        for cell in cells:
            column, row = cell["column"], cell["row"]
            if column > EXCEL_MAX_COLUMNS:
                raise self._refused(
                    f"a cell lies in column {column:,}, beyond Excel's last column "
                    f"{get_column_letter(EXCEL_MAX_COLUMNS)} ({EXCEL_MAX_COLUMNS:,}); the file is damaged: "
                    "open it in Excel and save it again",
                    sheet,
                    row=number,
                )
            if row != number or column <= previous:
                after = f"after column {get_column_letter(previous)}" if previous else "first"
                raise self._refused(
                    f"the cell {get_column_letter(column)}{row} is written out of place (in row {number}, "
                    f"{after}), so one value would hide another; Excel never writes this: open the file in "
                    "Excel and save it again",
                    sheet,
                    row=number,
                    column=get_column_letter(column),
                )
            previous = column

    def _count(self, sheet: str, row: int, cells: int) -> None:
        """Add what a row cost to the cells read so far, stopping at the workbook's limit."""
        self._cells_read += cells
        if self._cells_read > self._max_cells:
            raise self._refused(
                f"the workbook holds more than {self._max_cells:,} cells (the limit for workbooks, reached at "
                "this row), more than a survey workbook needs; save a large table such as a register as CSV "
                "(UTF-8) and load that, or delete rows and columns formatted far below or right of the data",
                sheet,
                row=row,
            )

    def _refused(self, message: str, sheet: str, row: int | None = None, column: str | None = None) -> SurveyDataError:
        return SurveyDataError(Problem(message, file=self.file, sheet=sheet, row=row, column=column))

    def _unreadable(self, exc: Exception, sheet: str | None = None, after_row: int = 0) -> SurveyDataError:
        from defusedxml import DefusedXmlException

        # openpyxl wraps the parser's error in its own; the innermost one says what is wrong.
        while exc.__cause__ is not None or exc.__context__ is not None:
            exc = exc.__cause__ or exc.__context__
        if isinstance(exc, DefusedXmlException):
            message = (
                "the workbook declares XML entities, which Excel never writes, so it was refused as "
                "unsafe; ask the sender to save it again from Excel"
            )
        else:
            why = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no details'}"
            # The parser stops at the first row it cannot read: say where that was.
            what = f"the sheet cannot be read after row {after_row}" if after_row else "the workbook cannot be read"
            message = f"{what} ({why}); open it in Excel or LibreOffice and save it again"
        return self._refused(message, sheet)


_ROW_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"


class _CrowdedRow(Exception):
    """A row holds more XML elements than any row Excel writes."""


def _bounded_rows(events):
    """The ``<row>`` elements of a sheet's XML stream, each complete, memory bounded.

    Parameters
    ----------
    events : iterator of (event, element)
        ``iterparse(..., events=("start", "end"))`` over a sheet's XML.

    Yields
    ------
    xml.etree.ElementTree.Element
        A ``<row>`` with its cells; the caller parses it before the next is read.

    Raises
    ------
    _CrowdedRow
        As soon as one row holds more than ``MAX_ROW_XML_ELEMENTS`` elements, before
        the rest of it is read.

    Notes
    -----
    Every element outside a row is dropped from the tree as soon as it ends, and so
    is every row once parsed, so memory holds one row at a time however long the
    sheet is (iterparse alone keeps every element it has seen).
    """
    open_elements, in_row = [], 0
    for event, element in events:
        if event == "start":
            open_elements.append(element)
            if element.tag == _ROW_TAG:
                if in_row:
                    raise ValueError("a row begins inside another row")
                in_row = 1
            elif in_row:
                in_row += 1
                if in_row > MAX_ROW_XML_ELEMENTS:
                    raise _CrowdedRow
            continue
        open_elements.pop()
        if element.tag == _ROW_TAG:
            in_row = 0
            yield element
        if not in_row:  # the row and whatever stood outside rows: done with
            element.clear()
            if open_elements:
                open_elements[-1].remove(element)


def _values(cells: list[dict], width: int | None) -> list:
    """A row's values by column, up to ``width`` columns and without trailing blanks.

    Only the cells written are placed, so a row costs what it holds, not its width.
    """
    kept = [cell for cell in cells if width is None or cell["column"] <= width]
    while kept and is_blank(kept[-1]["value"]):
        kept.pop()
    if not kept:
        return []
    values = [None] * kept[-1]["column"]
    for cell in kept:
        values[cell["column"] - 1] = cell["value"]
    return values
