"""Text that is safe to open in a spreadsheet: the one writer of CSV text and of
workbook text cells.

Organisation names, comments and even column headers come from survey answers.  A
cell like ``=HYPERLINK("http://evil", "click")`` would run as a formula when the file
is opened in Excel or LibreOffice.  Every CSV file and every workbook the package
writes goes through this module, so that such text stays text:

* **CSV** (:func:`csv_text`, :func:`csv_bytes`): text cells *and column headers* starting with
  ``= + - @`` (or a tab or carriage return) get a leading apostrophe, as OWASP advises
  against CSV injection.  Numbers are left as they are: ``-1`` in a numeric column is
  a number, not a formula.  Line breaks inside a cell are written as ``\\n``, so the
  cell is quoted and no part of it can start a row of its own.  Lists are written
  as text (``"collaboration; funding"``) and mappings (a finding's evidence) as
  JSON, never as a Python repr.  :func:`csv_bytes` adds the byte order mark with
  which Excel opens a UTF-8 file on a double-click, and writes either ``,`` with a
  decimal point or, as Excel expects with Swedish settings, ``;`` with a decimal
  comma (:data:`CSV_STYLES`).
* **Excel** (:func:`set_text`): the cell is stored with the text type, so ``=1+1`` is
  the four characters ``=1+1``; no apostrophe is needed, and none is added.

References
----------
.. [1] OWASP, "CSV Injection". https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import json
import re

import pandas as pd

__all__ = [
    "csv_text",
    "csv_bytes",
    "CSV_STYLES",
    "defuse_formula",
    "set_text",
    "cell_text",
    "FORMULA_STARTS",
    "MAX_CELL_TEXT",
    "NOT_IN_XML",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: CSV style -> (field separator, decimal mark).  ``"comma"`` is RFC 4180 and what
#: pandas, R and English Excel read; ``"semicolon"`` is what Excel reads on a
#: double-click with Swedish (and most continental) regional settings.
CSV_STYLES = {"comma": (",", "."), "semicolon": (";", ",")}

#: Excel's limit on the text of one cell.
MAX_CELL_TEXT = 32767

#: Characters XML 1.0 cannot hold, not even as a character reference: the C0 controls
#: but tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF.  An xlsx
#: workbook is XML (as are GEXF and GraphML): one of them makes the file unreadable.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def defuse_formula(value):
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula.

    Examples
    --------
    >>> defuse_formula('=HYPERLINK("http://example.invalid")')
    '\\'=HYPERLINK("http://example.invalid")'
    >>> defuse_formula("Lund"), defuse_formula(-1)
    ('Lund', -1)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, index: bool = False, style: str = "comma") -> str:
    """UTF-8 CSV text with ``\\n`` line ends and formula-like text defused.

    Column headers are defused like cells: a survey tool's export can carry a
    header such as ``=HYPERLINK(...)`` into an attribute column.

    Parameters
    ----------
    frame : pandas.DataFrame
    index : bool
        Write the index as the first column(s) (its name becomes their header).
    style : {"comma", "semicolon"}
        Field separator and decimal mark (:data:`CSV_STYLES`).

    Returns
    -------
    str

    Examples
    --------
    >>> print(csv_text(pd.DataFrame({"name": ["=1+1", "Lund"], "degree": [2, -1]})), end="")
    name,degree
    '=1+1,2
    Lund,-1
    >>> print(csv_text(pd.DataFrame({"@note": ["ok"]})), end="")
    '@note
    ok
    """
    separator, decimal = _csv_style(style)
    safe = frame.reset_index() if index else frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            # Kept an object column: a list of ints and floats would become floats ("148.0");
            # pandas writes the decimal mark of float columns only, so these get theirs here.
            cells = [_decimal_mark(_csv_field(v), decimal) for v in safe[column]]
            safe[column] = pd.Series(cells, index=safe.index, dtype=object)
    safe.columns = [_csv_field(column) for column in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n", sep=separator, decimal=decimal)


def csv_bytes(frame: pd.DataFrame, index: bool = False, style: str = "comma") -> bytes:
    """:func:`csv_text` as the bytes of a file Excel opens right on a double-click.

    UTF-8 with a byte order mark, without which Excel reads å, ä and ö as two
    characters each; ``style="semicolon"`` for Excel with Swedish regional settings.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"share": [0.5]}), style="semicolon")
    b'\\xef\\xbb\\xbfshare\\n0,5\\n'
    """
    return csv_text(frame, index=index, style=style).encode("utf-8-sig")


def _decimal_mark(value, decimal: str):
    """A float in a column of mixed values, written with ``decimal`` as pandas writes float columns."""
    if isinstance(value, float) and decimal != "." and value == value:
        return repr(value).replace(".", decimal)
    return value


def _csv_style(style: str) -> tuple[str, str]:
    if style not in CSV_STYLES:
        raise ValueError(f"csv_style must be one of {tuple(CSV_STYLES)}, got {style!r}")
    return CSV_STYLES[style]


def _csv_field(value):
    """A text field defused, its line breaks written as ``\\n``; a list as text, a
    mapping as JSON.

    The CSV writer quotes a field holding its line terminator (``\\n``) but not a
    lone carriage return, at which a spreadsheet starts a new row: the rest of the
    name would become a cell of its own, beginning the row, undefused.
    """
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        value = "; ".join(str(item) for item in items)
    value = defuse_formula(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def cell_text(value) -> str:
    """``value`` as the text of a workbook cell: without the characters an xlsx file
    cannot hold (:data:`NOT_IN_XML`), cut at Excel's limit.

    Examples
    --------
    >>> cell_text("Region\\x07 Skåne")
    'Region Skåne'
    """
    return NOT_IN_XML.sub("", str(value))[:MAX_CELL_TEXT]


def set_text(cell, value) -> None:
    """Store ``value`` in an openpyxl cell as text, never as a formula.

    openpyxl turns a string starting with ``=`` into a formula; the text type set
    here keeps it the literal text, in Excel and LibreOffice alike.

    Parameters
    ----------
    cell : openpyxl.cell.Cell
    value : object
        Written as :func:`cell_text` of it.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> cell = Workbook().active["A1"]
    >>> set_text(cell, "=1+1")
    >>> cell.value, cell.data_type
    ('=1+1', 's')
    """
    cell.value = cell_text(value)
    cell.data_type = "s"
