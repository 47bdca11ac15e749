"""The workbook for analysts: every table of the report in Excel, ready to filter.

One sheet per table (README, Summary, Actors, Flags, Ties, Sectors, Qualitative,
Waves, DataQuality), each with a styled and frozen header row, filters, number formats,
sensible column widths and, on the key measures, a colour scale.  Sheet names are
the same in every language, so scripts can rely on them; everything on the sheets
is in the chosen language (the README sheet says what each sheet holds).

Two promises:

* **No formulas, ever.**  Organisation names come from survey answers; a name like
  ``=HYPERLINK("http://x", "y")`` is stored as the literal text, never as a formula
  that Excel or LibreOffice would run.  Every cell from the data is a number, a
  boolean or text (``data_type "s"``).
* **Same data, same bytes.**  The workbook's created/modified dates are fixed and
  the zip entries carry a fixed timestamp, so rerunning an analysis gives an
  identical file (diffable, cacheable).

The sheets are written with XlsxWriter, which writes each cell once, straight to
its XML; openpyxl keeps a styled object per cell and took ten times as long at
register scale (hours for a hundred thousand actors).  A sheet shows at most
:data:`SHEET_ROWS` rows of a long table; in a bundle, the whole table is in a CSV
file beside the workbook, which the sheet's last row names.

Examples
--------
>>> from skane_ecosystem.privacy import apply_privacy       # doctest: +SKIP
>>> write_workbook(apply_privacy(result, "public"), "reports/report.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from .. import __version__
from ..atomic import write_atomic
from ..findings import split_tentative, stability_estimated
from .csvtext import cell_text
from .report_html import Words, _code_order, floor_text, summary_findings

__all__ = ["SHEETS", "SHEET_ROWS", "SHEET_CSV", "write_workbook", "workbook_bytes", "build_workbook", "cut_sheets"]

#: Sheet names, in order (Qualitative only when the survey has coded qualitative
#: material, Waves only when two waves were compared).
SHEETS = ("README", "Summary", "Actors", "Flags", "Ties", "Sectors", "Qualitative", "Waves", "DataQuality")

#: The fixed date of every workbook: reproducible bytes matter more than a timestamp
#: (run.json says when and how a bundle was made).
FIXED_DATE = _dt.datetime(2000, 1, 1)

#: Excel's last row.  A longer table (a register of a million ties) is cut one row
#: short of it, and that row says how many were left out.
MAX_ROWS = 1_048_576

#: The most rows of data a sheet shows.  Excel itself slows to a crawl long before
#: its million rows, and writing them takes minutes; a longer table is cut here,
#: and its last row says how many rows were left out and where they all are.
SHEET_ROWS = 100_000

#: Sheet -> the bundle's CSV file holding its whole long table.  ``actors.csv`` and
#: ``flags.csv`` are always in a bundle; the others only when their sheet is cut
#: (see :func:`cut_sheets`).
SHEET_CSV = {
    "Actors": "actors.csv",
    "Flags": "flags.csv",
    "Ties": "ties.csv",
    "Waves": "waves.csv",
    "DataQuality": "data_quality.csv",
}

#: Measures that get a colour scale on the Actors sheet (low = light, high = dark),
#: and those where low is the notable end (constraint: low marks a broker).
COLOR_SCALED = (
    "degree",
    "strength",
    "betweenness",
    "cross_sector_share",
    "participation",
    "removal_fragmentation_gain",
    "removal_cutoff",
)
REVERSED_SCALE = ("constraint",)
DIVERGING_SCALE = ("ei_index",)

#: Columns written as shares (percent format) and with wrapped long text.
PERCENT_COLUMNS = ("response_rate", "stability", "cross_sector_share")
WIDE_TEXT_COLUMNS = ("explanation", "message", "evidence", "meaning", "holds", "quote")

#: The cell styles, as XlsxWriter format properties.
STYLES = {
    "header": {
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": "#1F4E79",
        "pattern": 1,
        "text_wrap": True,
        "valign": "top",
    },
    "title": {"bold": True, "font_size": 14},
    "warning": {"bold": True, "font_color": "#8A3B00"},
    "bold": {"bold": True},
    "note": {"bold": True, "font_color": "#B2182B"},
    "wrap": {"text_wrap": True, "valign": "top"},
}


# ================================================================== public
def write_workbook(shown, path, row_limit: int | None = None) -> Path:
    """Write the workbook of ``shown`` to ``path`` (via a temporary file, then renamed).

    Parameters
    ----------
    shown : ShownTables
        From :func:`skane_ecosystem.privacy.apply_privacy`.
    path : str or path-like
        The ``.xlsx`` file; its folder must exist.
    row_limit : int, optional
        The most rows of data a sheet shows (default :data:`SHEET_ROWS`); a longer
        table is cut, and its last row says how many rows were left out.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import skane_ecosystem as se
    >>> from skane_ecosystem.privacy import apply_privacy
    >>> shown = apply_privacy(se.analyze(se.demo()), "public")        # doctest: +SKIP
    >>> write_workbook(shown, "reports/report.xlsx")                  # doctest: +SKIP
    PosixPath('reports/report.xlsx')
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"save the workbook as an .xlsx file, not {path.name!r}")
    if not path.parent.is_dir():
        raise ValueError(f"the folder {str(path.parent)!r} does not exist; create it first")
    return write_atomic(path, workbook_bytes(shown, row_limit=row_limit))


def workbook_bytes(shown, row_limit: int | None = None, csv_files: dict[str, str] | None = None) -> bytes:
    """The workbook as bytes, identical for identical input.

    Parameters
    ----------
    shown : ShownTables
        From :func:`skane_ecosystem.privacy.apply_privacy`.
    row_limit : int, optional
        The most rows of data a sheet shows (default :data:`SHEET_ROWS`).
    csv_files : dict, optional
        Sheet name -> the CSV file beside the workbook that holds the sheet's whole
        table (the bundle's :data:`SHEET_CSV`): a cut sheet's last row names it.

    Returns
    -------
    bytes
    """
    row_limit = _row_limit(row_limit)
    raw = io.BytesIO()
    # in_memory: no temporary files; XlsxWriter dates every zip entry 1 January 1980.
    book = xlsxwriter.Workbook(raw, {"in_memory": True})
    _Book(book, shown, row_limit, csv_files or {}).write()
    book.close()
    return raw.getvalue()


def build_workbook(shown, row_limit: int | None = None):
    """The workbook of ``shown`` as an openpyxl Workbook, for callers who want to read
    its cells or add sheets (:func:`workbook_bytes`, read back)."""
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(shown, row_limit=row_limit)))


def cut_sheets(shown, row_limit: int | None = None) -> dict[str, pd.DataFrame]:
    """The long tables too long for their sheet: sheet name -> the whole table, as the
    bundle writes it to the CSV file :data:`SHEET_CSV` names.

    Parameters
    ----------
    shown : ShownTables
    row_limit : int, optional
        As for :func:`workbook_bytes`.

    Returns
    -------
    dict

    Examples
    --------
    >>> import skane_ecosystem as se
    >>> from skane_ecosystem.privacy import apply_privacy
    >>> shown = apply_privacy(se.analyze(se.demo()), "public")        # doctest: +SKIP
    >>> sorted(cut_sheets(shown, row_limit=100))                      # doctest: +SKIP
    ['Actors', 'Flags', 'Ties', 'Waves']
    """
    room = _room(_row_limit(row_limit))
    tables = {
        "Actors": shown.actors.reset_index(),
        "Flags": shown.flags,
        "Ties": shown.ties,
        "Waves": shown.waves["measures"] if shown.waves else None,
        "DataQuality": shown.problems,
    }
    return {sheet: table for sheet, table in tables.items() if table is not None and len(table) > room}


def sheet_title(sheet: str, words: Words) -> str:
    """The title a reader sees on a sheet's tab, in the report's language ("Omgångar" for ``Waves``)."""
    return words(f"report.xlsx.sheet_name.{sheet}")


class _Book:
    """The workbook being written: its formats, made once, and where long tables go."""

    def __init__(self, book, shown, row_limit: int, csv_files: dict[str, str]):
        self.book, self.shown, self.row_limit, self.csv_files = book, shown, row_limit, csv_files
        self.words = Words(shown.policy.lang, shown.policy.suppressed)
        self._formats: dict[tuple, object] = {}

    def write(self) -> None:
        shown, words = self.shown, self.words
        self.book.set_properties({"title": cell_text(shown.title), "author": "skane_ecosystem", "created": FIXED_DATE})
        _readme_sheet(self.sheet("README"), shown, words)
        _summary_sheet(self.sheet("Summary"), shown, words)
        _actors_sheet(self.sheet("Actors"), shown, words)
        _flags_sheet(self.sheet("Flags"), shown, words)
        _ties_sheet(self.sheet("Ties"), shown, words)
        _sectors_sheet(self.sheet("Sectors"), shown, words)
        if shown.qualitative:
            _qualitative_sheet(self.sheet("Qualitative"), shown, words)
        if shown.waves:
            _waves_sheet(self.sheet("Waves"), shown, words)
        _quality_sheet(self.sheet("DataQuality"), shown, words)

    def sheet(self, name: str) -> _Sheet:
        sheet = _Sheet(self, self.book.add_worksheet(sheet_title(name, self.words)), name)
        if self.shown.synthetic:
            footer = self.words("report.synthetic.label") + " " + self.words("report.synthetic.text")
            sheet.ws.set_footer("&C" + cell_text(footer).replace("&", "&&"))
        return sheet

    def format(self, style: str | None = None, number: str = "General"):
        """The one format of a style and number format (XlsxWriter wants each made once)."""
        key = (style, number)
        if key not in self._formats:
            properties = dict(STYLES.get(style, {}))
            if number != "General":
                properties["num_format"] = number
            self._formats[key] = self.book.add_format(properties) if properties else None
        return self._formats[key]


class _Sheet:
    """One worksheet, addressed like the spreadsheet: rows and columns from 1."""

    def __init__(self, book: _Book, ws, name: str):
        self.book, self.ws, self.name = book, ws, name
        self.frozen = False

    def put(self, row: int, column: int, value, style: str | None = None, number: str = "General") -> None:
        """Write one cell so that text stays text: never a formula, never an error."""
        self.write(row, column, _cell_value(value), style, number)

    def write(self, row: int, column: int, value, style: str | None = None, number: str = "General") -> None:
        """Write a value already made a cell's (:func:`_cell_value`): text as text,
        a boolean as a boolean, a number as a number; nothing for an empty cell."""
        if value is None:
            return
        cell_format = self.book.format(style, number)
        kind = type(value)
        if kind is str:
            self.ws.write_string(row - 1, column - 1, value, cell_format)
        elif kind is bool:
            self.ws.write_boolean(row - 1, column - 1, value, cell_format)
        else:
            self.ws.write_number(row - 1, column - 1, value, cell_format)

    def width(self, column: int, width: float) -> None:
        self.ws.set_column(column - 1, column - 1, width)

    def freeze(self, row: int) -> None:
        """Keep the rows above ``row`` in view."""
        self.ws.freeze_panes(row - 1, 0)
        self.frozen = True


# ================================================================== sheets
def _readme_sheet(ws, shown, words: Words) -> None:
    level = words(f"report.privacy.level.{shown.policy.level}")
    lines = [(words("report.xlsx.title", title=shown.title), "title")]
    if shown.synthetic:
        lines.append((words("report.synthetic.label") + " " + words("report.synthetic.text"), "warning"))
    lines += [
        (words("report.xlsx.made_with", version=__version__, level=level), None),
        (
            words(
                f"report.privacy.explain.{shown.policy.level}",
                min_cell=shown.policy.min_cell,
                shown=shown.policy.suppressed,
            ),
            None,
        ),
        (words("report.xlsx.how_to_read"), None),
    ]
    if shown.policy.pseudonymize_actors:
        lines.append((words("report.privacy.explain.pseudonymized"), None))
    for row, (text, style) in enumerate(lines, start=1):
        ws.put(row, 1, text, style)
    start = len(lines) + 2
    sheets = [name for name in SHEETS if _has_sheet(name, shown)]
    rows = [[sheet_title(name, words), words(f"report.xlsx.sheet.{name}")] for name in sheets]
    _table(
        ws,
        [words("report.column.sheet_name"), words("report.column.holds")],
        rows,
        start,
        keys=["sheet_name", "holds"],
        filters=False,
    )
    ws.width(1, 16)
    ws.width(2, 100)


def _has_sheet(name: str, shown) -> bool:
    """Whether the workbook of ``shown`` has the sheet: the optional ones need their data."""
    optional = {"Waves": shown.waves, "Qualitative": shown.qualitative}
    return bool(optional.get(name, True))


def _summary_sheet(ws, shown, words: Words) -> None:
    row = 1
    ws.put(row, 1, shown.title, "title")
    if shown.synthetic:
        row += 1
        ws.put(row, 1, words("report.synthetic.label") + " " + words("report.synthetic.text"), "warning")
    row += 2
    firm, tentative = split_tentative(shown.flags)
    chosen = summary_findings(firm)
    depth = max(len(chosen["facilitator"]), len(chosen["impediment"]), 1)
    findings = []
    for i in range(depth):
        findings.append([_summary_text(chosen["facilitator"], i, words), _summary_text(chosen["impediment"], i, words)])
    _table(
        ws,
        [words("report.xlsx.summary.facilitators"), words("report.xlsx.summary.impediments")],
        findings,
        row,
        keys=["explanation", "explanation"],
        filters=False,
    )
    ws.freeze(row + 1)
    row += depth + 2
    row = _stability_notes(ws, row, shown, tentative, words)
    ws.put(row, 1, words("report.xlsx.summary.indicators"), "bold")
    indicators = [
        [words.indicator(name), value, words.indicator_meaning(name)]
        for name, value in zip(shown.network["indicator"], shown.network["value"])
    ]
    _table(
        ws,
        [words("report.column.indicator"), words("report.column.value"), words("report.column.meaning")],
        indicators,
        row + 1,
        keys=["indicator", "value", "meaning"],
        filters=False,
        formats={1: _indicator_format(shown.network["indicator"])},
    )
    for column in (1, 2, 3):
        ws.width(column, 70)


def _stability_notes(ws, row: int, shown, tentative: pd.DataFrame, words: Words) -> int:
    """Below the summary: the tentative flags apart, with their stability, or a note
    that stability was not estimated.  Returns the next free row."""
    if not stability_estimated(shown.flags):
        ws.put(row, 1, words("stability.not_estimated"), "warning")
        return row + 2
    if not len(tentative):
        return row
    ws.put(row, 1, words("stability.xlsx.tentative", floor=floor_text(shown, words)), "bold")
    rows = [
        [words.subject(flag), flag["explanation"], words.stability(flag)]
        for flag in sorted(tentative.to_dict("records"), key=_code_order)
    ]
    _table(
        ws,
        [words("report.table.who"), words("report.table.finding"), words("report.column.stability")],
        rows,
        row + 1,
        keys=["subject_name", "explanation", "stability_text"],
        filters=False,
    )
    return row + len(rows) + 3


def _actors_sheet(ws, shown, words: Words) -> None:
    actors = shown.actors
    columns = list(actors.columns)
    headers = [words("report.column.id")] + [
        words.attribute(c) if c in shown.attributes else words.measure(c) for c in columns
    ]
    rows = []
    shown_actors = _shown_rows(ws, actors)
    for actor, values in zip(shown_actors.index, shown_actors.itertuples(index=False)):
        record = dict(zip(columns, values))
        if "sector" in record:
            record["sector"] = words.sector(record["sector"])
        rows.append([actor] + [record[c] for c in columns])
    _long_table(ws, headers, rows, ["id"] + columns, total=len(actors))
    for offset, column in enumerate(columns, start=2):
        _color_scale(ws, column, offset, len(rows))


def _flags_sheet(ws, shown, words: Words) -> None:
    keys = [
        "subject",
        "subject_name",
        "kind",
        "level",
        "code",
        "explanation",
        "evidence",
        "stability",
        "stability_se",
        "tentative",
        "score",
    ]
    headers = [words(f"report.column.{k}") for k in keys]
    headers[keys.index("subject_name")] = words("report.table.who")
    rows = []
    for flag in _shown_rows(ws, shown.flags).to_dict("records"):
        rows.append(
            [
                flag["subject"],
                words.subject(flag),
                words(f"kind.{flag['kind']}"),
                words(f"report.level.{flag['level']}"),
                words.flag(flag["code"]),
                flag["explanation"],
                "; ".join(f"{label}: {value}" for label, value in words.evidence(flag["evidence"])),
                flag["stability"],
                flag.get("stability_se"),
                bool(flag["tentative"]),
                flag["score"],
            ]
        )
    _long_table(ws, headers, rows, keys, total=len(shown.flags))


def _ties_sheet(ws, shown, words: Words) -> None:
    ties = shown.ties
    columns = list(ties.columns)
    headers = [words.optional(f"report.column.{c}", str(c)) for c in columns]
    rows = []
    for values in _shown_rows(ws, ties).itertuples(index=False):
        record = dict(zip(columns, values))
        record["relation"] = words.relation(record["relation"])
        rows.append([record[c] for c in columns])
    _long_table(ws, headers, rows, columns, total=len(ties))


def _sectors_sheet(ws, shown, words: Words) -> None:
    sectors = shown.sectors
    columns = list(sectors.columns)
    headers = [_sector_column_label(c, words) for c in columns]
    rows = []
    for values in sectors.itertuples(index=False):
        record = dict(zip(columns, values))
        record["sector"] = words.sector(record["sector"])
        rows.append([record[c] for c in columns])
    _table(ws, headers, rows, 1, keys=columns)
    start = len(rows) + 4
    ws.put(start - 1, 1, words("report.xlsx.sectors.municipalities"), "bold")
    places = shown.municipalities
    headers = [words("report.column.municipality")] + [
        words("report.column.total") if c == "total" else words.sector(c) for c in places.columns
    ]
    rows = [
        [place or words("report.value.not_given")] + list(values)
        for place, values in zip(places.index, places.to_numpy().tolist())
    ]
    _table(ws, headers, rows, start, keys=["municipality"] + list(places.columns), filters=False)
    if len(shown.sni_sections):
        start += len(rows) + 3
        ws.put(start - 1, 1, words("qualitative.xlsx.sni_sections"), "bold")
        _count_table(ws, shown.sni_sections, start, words, row_label=words.sector, first=words("report.column.sector"))


def _qualitative_sheet(ws, shown, words: Words) -> None:
    """Codes counted by sector, municipality, finding and co-occurring code; then, in
    an internal workbook, every quote beside the findings of the actor it is about."""
    tables = shown.qualitative
    ws.put(1, 1, words(f"qualitative.xlsx.privacy.{shown.policy.level}", shown=shown.policy.suppressed), "bold")
    code = words("qualitative.column.code")
    sections = [
        ("by_sector", {"column_label": words.sector}),
        ("by_municipality", {"column_label": lambda place: place or words("report.value.not_given")}),
        ("by_finding", {"column_label": _finding_label(words), "row_label": _finding_row_label(words)}),
        ("cooccurrence", {}),
    ]
    start = 3
    for name, labels in sections:
        if tables[name].empty:  # answers not yet coded: nothing to count
            continue
        ws.put(start, 1, words(f"qualitative.xlsx.{name}"), "bold")
        _count_table(ws, tables[name], start + 1, words, first=code, **labels)
        start += len(tables[name]) + 4
    if "quotes" in tables:
        ws.put(start, 1, words("qualitative.xlsx.quotes"), "bold")
        _quotes_table(ws, tables["quotes"], start + 1, words)


def _count_table(ws: _Sheet, table: pd.DataFrame, first_row: int, words: Words, first: str, **labels) -> None:
    """A table of counts with its row labels in the first column (``row_label`` and
    ``column_label`` translate them; ``total`` is always translated)."""
    row_label = labels.get("row_label", str)
    column_label = labels.get("column_label", str)
    columns = list(table.columns)
    headers = [first] + [words("report.column.total") if c == "total" else column_label(c) for c in columns]
    rows = [[row_label(label)] + list(values) for label, values in zip(table.index, table.to_numpy().tolist())]
    _table(ws, headers, rows, first_row, keys=["code"] + [str(c) for c in columns], filters=False)


def _finding_label(words: Words):
    return lambda column: words("qualitative.column.all_actors") if column == "all actors" else words.flag(column)


def _finding_row_label(words: Words):
    return lambda code: words("qualitative.column.actors") if code == "actors" else str(code)


def _quotes_table(ws: _Sheet, quotes: pd.DataFrame, first_row: int, words: Words) -> None:
    keys = list(quotes.columns)
    headers = [words(f"qualitative.column.{key}") for key in keys]
    rows = []
    for record in quotes.to_dict("records"):
        record["kind"] = words.optional(f"kind.{record['kind']}", str(record["kind"])) if record["kind"] else ""
        record["findings"] = ", ".join(words.flag(c) for c in str(record["findings"]).split("; ") if c)
        rows.append([record[key] for key in keys])
    _table(ws, headers, rows, first_row, keys=keys, filters=False)


def _waves_sheet(ws, shown, words: Words) -> None:
    waves = shown.waves
    measures = waves["measures"]
    keys = ["actor", "name", "measure", "from", "to", "change"]
    headers = [words(f"report.column.{k}") for k in keys]
    headers[3], headers[4] = str(waves["wave_from"]), str(waves["wave_to"])
    rows = [
        [r["actor"], r["name"], words.measure(r["measure"]), r["from"], r["to"], r["change"]]
        for r in _shown_rows(ws, measures).to_dict("records")
    ]
    _long_table(ws, headers, rows, keys, total=len(measures))
    left = len(keys) + 2
    indicators = waves["indicators"]
    headers = [
        words("report.column.indicator"),
        str(waves["wave_from"]),
        str(waves["wave_to"]),
        words("report.column.change"),
    ]
    rows = [
        [words.indicator(r["indicator"]), r["before"], r["after"], r["change"]] for r in indicators.to_dict("records")
    ]
    _table(ws, headers, rows, 1, keys=["indicator", "before", "after", "change"], filters=False, first_column=left)
    left += len(headers) + 1
    rows = []
    for key in ("flags_appeared", "flags_vanished"):
        change = words("report.waves.appeared" if key == "flags_appeared" else "report.waves.vanished")
        for flag in waves[key].to_dict("records"):
            rows.append(
                [
                    change,
                    words(f"kind.{flag['kind']}"),
                    words.flag(flag["code"]),
                    words.subject(flag),
                    flag["explanation"],
                ]
            )
    headers = [
        words("report.waves.change"),
        words("report.column.kind"),
        words("report.column.code"),
        words("report.table.who"),
        words("report.column.explanation"),
    ]
    _table(
        ws,
        headers,
        rows,
        1,
        keys=["change", "kind", "code", "subject_name", "explanation"],
        filters=False,
        first_column=left,
    )


def _quality_sheet(ws, shown, words: Words) -> None:
    problems = shown.problems
    keys = ["severity", "file", "sheet", "row", "column", "message", "original", "corrected", "score"]
    rows = []
    for record in _shown_rows(ws, problems).to_dict("records"):
        record["severity"] = words.optional(f"report.severity.{record['severity']}", str(record["severity"]))
        rows.append([record[k] for k in keys])
    _long_table(ws, [words(f"report.column.{k}") for k in keys], rows, keys, total=len(problems))
    quality = shown.quality
    facts = [
        ("actors", quality["actors"]),
        ("respondents", quality["respondents"]),
        ("response_rate", quality["response_rate"]),
        ("tie_reports", quality["tie_reports"]),
        ("pairs", quality["pairs"]),
        ("confirmed_pairs", quality["confirmed_pairs"]),
        ("one_sided_pairs", quality["one_sided_pairs"]),
        ("isolates", quality["isolates"]),
        ("corrections", quality["corrections"]),
        ("warnings", quality["warnings"]),
        ("missing_sector", quality["missing"]["sector"]),
        ("missing_type", quality["missing"]["type"]),
        ("missing_municipality", quality["missing"]["municipality"]),
        ("privacy", words(f"report.privacy.level.{shown.policy.level}")),
        ("suppressed_cells", shown.hidden.get("suppressed_cells", 0)),
        ("left_out_columns", ", ".join(shown.hidden.get("left_out_columns", [])) or words("report.value.none")),
    ]
    rows = [[words(f"report.xlsx.quality.{key}"), value] for key, value in facts]
    left = len(keys) + 2
    _table(
        ws,
        [words("report.column.fact"), words("report.column.value")],
        rows,
        1,
        keys=["fact", "value"],
        filters=False,
        first_column=left,
        formats={1: {2: "0%"}},
    )


# ================================================================= writing
def _row_limit(row_limit: int | None) -> int:
    """``row_limit``, checked; None means :data:`SHEET_ROWS`."""
    if row_limit is None:
        return SHEET_ROWS
    if isinstance(row_limit, bool) or not isinstance(row_limit, int) or row_limit < 1:
        raise ValueError(f"row_limit must be a whole number of rows, at least 1, not {row_limit!r}")
    return row_limit


def _room(row_limit: int) -> int:
    """Rows of data a long table's sheet shows: at most ``row_limit``, and always
    two short of Excel's last row (the header, and the note)."""
    return min(row_limit, MAX_ROWS - 2)


def _long_table(ws: _Sheet, headers, rows, keys, total: int) -> None:
    """A table from row 1 that may outgrow its sheet: ``rows`` are the first rows of a
    table of ``total`` rows (at most the sheet's room); a cut table ends with a note
    saying how many rows were left out, and where they all are."""
    _table(ws, headers, rows, 1, keys=keys)
    if total > len(rows):
        ws.put(len(rows) + 2, 1, _left_out_note(ws, total - len(rows), total), "note")


def _left_out_note(ws: _Sheet, count: int, total: int) -> str:
    words, book = ws.book.words, ws.book
    csv_file = book.csv_files.get(ws.name)
    if csv_file is not None:
        return words("outputs.xlsx.rows_in_csv", count=count, limit=_room(book.row_limit), total=total, file=csv_file)
    if book.row_limit < MAX_ROWS - 2:
        return words("outputs.xlsx.rows_left_out", count=count, limit=_room(book.row_limit))
    return words("report.xlsx.rows_left_out", count=count, limit=MAX_ROWS)


def _shown_rows(ws: _Sheet, table: pd.DataFrame) -> pd.DataFrame:
    """The first rows of ``table`` that its sheet has room for."""
    return table.iloc[: _room(ws.book.row_limit)]


def _table(ws: _Sheet, headers, rows, first_row, keys, filters=True, first_column=1, formats=None):
    """A styled table: header row, safe cells, number formats, widths, filter and freeze.

    ``formats`` maps a column offset to either one number format or a dict
    row offset -> number format, for columns that mix kinds of numbers.
    """
    formats = formats or {}
    for offset, header in enumerate(headers):
        ws.put(first_row, first_column + offset, header, "header")
    # Each column's key and style are looked up once: a register's table has millions of cells.
    column_keys = [keys[offset] if offset < len(keys) else "" for offset in range(len(headers))]
    styles = ["wrap" if key in WIDE_TEXT_COLUMNS else None for key in column_keys]
    for r, values in enumerate(rows, start=1):
        for offset, raw in enumerate(values):  # a row has one value per header
            value = _cell_value(raw)
            number = _number_format(column_keys[offset], value, formats.get(offset), r - 1)
            ws.write(first_row + r, first_column + offset, value, styles[offset], number)
    for offset, key in enumerate(keys[: len(headers)]):
        ws.width(first_column + offset, _width(headers[offset], [v[offset] for v in rows[:500]], key))
    if filters:
        last_row = first_row + max(len(rows), 1)
        ws.ws.autofilter(first_row - 1, first_column - 1, last_row - 1, first_column + len(headers) - 2)
        if first_row == 1 and not ws.frozen:
            ws.freeze(2)


def _cell_value(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dict, list, tuple)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return cell_text(value)


def _number_format(key, value, override, row_offset) -> str:
    """The number format of a cell value (from :func:`_cell_value`) in column ``key``."""
    if isinstance(override, dict):
        override = override.get(row_offset)
    if override:
        return override
    kind = type(value)
    if kind is not int and kind is not float:  # text, a boolean, or an empty cell
        return "General"
    if key in PERCENT_COLUMNS:
        return "0%"
    if kind is int or value.is_integer():
        return "0" if abs(value) < 1e15 else "General"
    return "0.000"


def _width(header, values, key) -> float:
    if key in WIDE_TEXT_COLUMNS:
        return 80
    longest = max([len(str(header))] + [len(str(_cell_value(v) if v is not None else "")) for v in values])
    return float(min(max(longest + 2, 8), 50))


def _color_scale(ws: _Sheet, column, index, n_rows) -> None:
    if n_rows == 0 or column not in COLOR_SCALED + REVERSED_SCALE + DIVERGING_SCALE:
        return
    if column in DIVERGING_SCALE:
        rule = {
            "type": "3_color_scale",
            "min_type": "num",
            "min_value": -1,
            "min_color": "#F4A582",
            "mid_type": "num",
            "mid_value": 0,
            "mid_color": "#FFFFFF",
            "max_type": "num",
            "max_value": 1,
            "max_color": "#92C5DE",
        }
    elif column in REVERSED_SCALE:
        rule = {"type": "2_color_scale", "min_color": "#2166AC", "max_color": "#FFFFFF"}
    else:
        rule = {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#2166AC"}
    ws.ws.conditional_format(1, index - 1, n_rows, index - 1, rule)


def _summary_text(chosen: list, i: int, words: Words):
    if i >= len(chosen):
        return None
    flag = chosen[i]
    text = flag["explanation"]
    if flag.get("more"):
        text += " \u2013 " + words("report.summary.more", count=flag["more"], finding=words.flag(flag["code"]))
    return text


def _indicator_format(names) -> dict:
    from .report_html import _PERCENT_INDICATORS

    return {i: "0%" if name in _PERCENT_INDICATORS else None for i, name in enumerate(names)}


def _sector_column_label(column, words: Words) -> str:
    if str(column).startswith("ties_with_"):
        return words("report.column.ties_with", sector=words.sector(str(column)[len("ties_with_") :]))
    return words(f"report.column.{column}")
