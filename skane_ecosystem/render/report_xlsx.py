"""The workbook for analysts: every table of the report in Excel, ready to filter.

One sheet per table (README, Summary, Actors, Flags, Ties, Sectors, Waves,
DataQuality), each with a styled and frozen header row, filters, number formats,
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
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .. import __version__
from ..atomic import write_atomic
from ..findings import split_tentative, stability_estimated
from .csvtext import cell_text, set_text
from .report_html import Words, _code_order, floor_text, summary_findings

__all__ = ["SHEETS", "write_workbook", "workbook_bytes", "build_workbook"]

#: Sheet names, in order (Waves only when two waves were compared).
SHEETS = ("README", "Summary", "Actors", "Flags", "Ties", "Sectors", "Waves", "DataQuality")

#: The fixed date of every workbook: reproducible bytes matter more than a timestamp
#: (run.json says when and how a bundle was made).
FIXED_DATE = _dt.datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

#: Excel's last row.  A longer table (a register of a million ties) is cut one row
#: short of it, and that row says how many were left out.
MAX_ROWS = 1_048_576

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
WIDE_TEXT_COLUMNS = ("explanation", "message", "evidence", "meaning", "holds")

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_TITLE_FONT = Font(bold=True, size=14)
_WARNING_FONT = Font(bold=True, color="8A3B00")
_WRAP = Alignment(wrap_text=True, vertical="top")


# ================================================================== public
def write_workbook(shown, path) -> Path:
    """Write the workbook of ``shown`` to ``path`` (via a temporary file, then renamed).

    Parameters
    ----------
    shown : ShownTables
        From :func:`skane_ecosystem.privacy.apply_privacy`.
    path : str or path-like
        The ``.xlsx`` file; its folder must exist.

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"save the workbook as an .xlsx file, not {path.name!r}")
    if not path.parent.is_dir():
        raise ValueError(f"the folder {str(path.parent)!r} does not exist; create it first")
    return write_atomic(path, workbook_bytes(shown))


def workbook_bytes(shown) -> bytes:
    """The workbook as bytes, identical for identical input."""
    return _reproducible_bytes(build_workbook(shown))


def build_workbook(shown) -> Workbook:
    """The openpyxl Workbook of ``shown`` (for callers who want to add sheets)."""
    words = Words(shown.policy.lang, shown.policy.suppressed)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "skane_ecosystem"
    wb.properties.lastModifiedBy = "skane_ecosystem"
    wb.properties.title = cell_text(shown.title)
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    _readme_sheet(wb.create_sheet("README"), shown, words)
    _summary_sheet(wb.create_sheet("Summary"), shown, words)
    _actors_sheet(wb.create_sheet("Actors"), shown, words)
    _flags_sheet(wb.create_sheet("Flags"), shown, words)
    _ties_sheet(wb.create_sheet("Ties"), shown, words)
    _sectors_sheet(wb.create_sheet("Sectors"), shown, words)
    if shown.waves:
        _waves_sheet(wb.create_sheet("Waves"), shown, words)
    _quality_sheet(wb.create_sheet("DataQuality"), shown, words)
    if shown.synthetic:
        for ws in wb.worksheets:
            ws.oddFooter.center.text = words("report.synthetic.label") + " " + words("report.synthetic.text")
    return wb


# ================================================================== sheets
def _readme_sheet(ws, shown, words: Words) -> None:
    level = words(f"report.privacy.level.{shown.policy.level}")
    lines = [(words("report.xlsx.title", title=shown.title), _TITLE_FONT)]
    if shown.synthetic:
        lines.append((words("report.synthetic.label") + " " + words("report.synthetic.text"), _WARNING_FONT))
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
    for row, (text, font) in enumerate(lines, start=1):
        cell = _put(ws, row, 1, text)
        if font is not None:
            cell.font = font
    start = len(lines) + 2
    sheets = [name for name in SHEETS if name != "Waves" or shown.waves]
    rows = [[name, words(f"report.xlsx.sheet.{name}")] for name in sheets]
    _table(
        ws,
        [words("report.column.sheet_name"), words("report.column.holds")],
        rows,
        start,
        keys=["sheet_name", "holds"],
        filters=False,
    )
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 100


def _summary_sheet(ws, shown, words: Words) -> None:
    row = 1
    _put(ws, row, 1, shown.title).font = _TITLE_FONT
    if shown.synthetic:
        row += 1
        _put(ws, row, 1, words("report.synthetic.label") + " " + words("report.synthetic.text")).font = _WARNING_FONT
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
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    row += depth + 2
    row = _stability_notes(ws, row, shown, tentative, words)
    _put(ws, row, 1, words("report.xlsx.summary.indicators")).font = Font(bold=True)
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
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 70


def _stability_notes(ws, row: int, shown, tentative: pd.DataFrame, words: Words) -> int:
    """Below the summary: the tentative flags apart, with their stability, or a note
    that stability was not estimated.  Returns the next free row."""
    if not stability_estimated(shown.flags):
        _put(ws, row, 1, words("stability.not_estimated")).font = _WARNING_FONT
        return row + 2
    if not len(tentative):
        return row
    _put(ws, row, 1, words("stability.xlsx.tentative", floor=floor_text(shown, words))).font = Font(bold=True)
    rows = [
        [words.subject(flag), flag["explanation"], words.stability(flag)]
        for flag in sorted(tentative.to_dict("records"), key=_code_order)
    ]
    _table(
        ws,
        [words("report.table.who"), words("report.table.finding"), words("report.table.stability")],
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
    for actor, values in zip(actors.index, actors.itertuples(index=False)):
        record = dict(zip(columns, values))
        if "sector" in record:
            record["sector"] = words.sector(record["sector"])
        rows.append([actor] + [record[c] for c in columns])
    _long_table(ws, headers, rows, ["id"] + columns, words)
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
    for flag in shown.flags.to_dict("records"):
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
    _long_table(ws, headers, rows, keys, words)


def _ties_sheet(ws, shown, words: Words) -> None:
    ties = shown.ties
    columns = list(ties.columns)
    headers = [words.optional(f"report.column.{c}", str(c)) for c in columns]
    rows = []
    for values in ties.itertuples(index=False):
        record = dict(zip(columns, values))
        record["relation"] = words.relation(record["relation"])
        rows.append([record[c] for c in columns])
    _long_table(ws, headers, rows, columns, words)


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
    _put(ws, start - 1, 1, words("report.xlsx.sectors.municipalities")).font = Font(bold=True)
    places = shown.municipalities
    headers = [words("report.column.municipality")] + [
        words("report.column.total") if c == "total" else words.sector(c) for c in places.columns
    ]
    rows = [
        [place or words("report.value.not_given")] + list(values)
        for place, values in zip(places.index, places.to_numpy().tolist())
    ]
    _table(ws, headers, rows, start, keys=["municipality"] + list(places.columns), filters=False)


def _waves_sheet(ws, shown, words: Words) -> None:
    waves = shown.waves
    measures = waves["measures"]
    keys = ["actor", "name", "measure", "from", "to", "change"]
    headers = [words(f"report.column.{k}") for k in keys]
    headers[3], headers[4] = str(waves["wave_from"]), str(waves["wave_to"])
    rows = [
        [r["actor"], r["name"], words.measure(r["measure"]), r["from"], r["to"], r["change"]]
        for r in measures.to_dict("records")
    ]
    _long_table(ws, headers, rows, keys, words)
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
    for record in problems.to_dict("records"):
        record["severity"] = words.optional(f"report.severity.{record['severity']}", str(record["severity"]))
        rows.append([record[k] for k in keys])
    _long_table(ws, [words(f"report.column.{k}") for k in keys], rows, keys, words)
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
def _long_table(ws, headers, rows, keys, words: Words) -> None:
    """A table from row 1 that may outgrow a sheet: cut at Excel's last row, with a note."""
    room = MAX_ROWS - 2  # the header, and the note
    _table(ws, headers, rows[:room], 1, keys=keys)
    if len(rows) > room:
        note = _put(ws, MAX_ROWS, 1, words("report.xlsx.rows_left_out", count=len(rows) - room, limit=MAX_ROWS))
        note.font = Font(bold=True, color="B2182B")


def _table(ws, headers, rows, first_row, keys, filters=True, first_column=1, formats=None):
    """A styled table: header row, safe cells, number formats, widths, filter and freeze.

    ``formats`` maps a column offset to either one number format or a dict
    row offset -> number format, for columns that mix kinds of numbers.
    """
    formats = formats or {}
    for offset, header in enumerate(headers):
        cell = _put(ws, first_row, first_column + offset, header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=1):
        for offset, value in enumerate(values):
            cell = _put(ws, first_row + r, first_column + offset, value)
            key = keys[offset] if offset < len(keys) else ""
            cell.number_format = _number_format(key, value, formats.get(offset), r - 1)
            if key in WIDE_TEXT_COLUMNS:
                cell.alignment = _WRAP
    for offset, key in enumerate(keys[: len(headers)]):
        letter = get_column_letter(first_column + offset)
        ws.column_dimensions[letter].width = _width(headers[offset], [v[offset] for v in rows[:500]], key)
    if filters:
        last = get_column_letter(first_column + len(headers) - 1)
        ws.auto_filter.ref = f"{get_column_letter(first_column)}{first_row}:{last}{first_row + max(len(rows), 1)}"
        if first_row == 1 and ws.freeze_panes is None:
            ws.freeze_panes = "A2"


def _put(ws, row, column, value):
    """Write one cell (a header or a value) so that text stays text: never a formula,
    never an error."""
    cell = ws.cell(row=row, column=column)
    value = _cell_value(value)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    return cell


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
    if isinstance(override, dict):
        override = override.get(row_offset)
    if override:
        return override
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return "General"
    if key in PERCENT_COLUMNS:
        return "0%"
    if isinstance(value, (int, np.integer)) or float(value).is_integer():
        return "0" if abs(float(value)) < 1e15 else "General"
    return "0.000"


def _width(header, values, key) -> float:
    if key in WIDE_TEXT_COLUMNS:
        return 80
    longest = max([len(str(header))] + [len(str(_cell_value(v) if v is not None else "")) for v in values])
    return float(min(max(longest + 2, 8), 50))


def _color_scale(ws, column, index, n_rows) -> None:
    if n_rows == 0 or column not in COLOR_SCALED + REVERSED_SCALE + DIVERGING_SCALE:
        return
    letter = get_column_letter(index)
    area = f"{letter}2:{letter}{n_rows + 1}"
    if column in DIVERGING_SCALE:
        rule = ColorScaleRule(
            start_type="num",
            start_value=-1,
            start_color="F4A582",
            mid_type="num",
            mid_value=0,
            mid_color="FFFFFF",
            end_type="num",
            end_value=1,
            end_color="92C5DE",
        )
    elif column in REVERSED_SCALE:
        rule = ColorScaleRule(start_type="min", start_color="2166AC", end_type="max", end_color="FFFFFF")
    else:
        rule = ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="2166AC")
    ws.conditional_formatting.add(area, rule)


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


def _reproducible_bytes(wb: Workbook) -> bytes:
    """Save without openpyxl's 'now' timestamps, then fix every zip entry's date."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()
