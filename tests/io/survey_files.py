"""Real survey files for the loader tests (imported by the tests in this folder), written the way users' programs write them.

Workbooks are written with openpyxl and CSV files as real bytes in a chosen encoding
and separator, so the loaders meet the same files a survey administrator sends.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl

# A small Skåne survey, in the layout of the template.  Written as Swedish Excel
# would show it: Swedish sector names, a decimal comma, a wave typed as a number.
ACTORS = [
    ["id", "name", "sector", "municipality"],
    ["rs", "Region Skåne", "offentlig", "Malmö"],
    ["lu", "Lunds universitet", "akademi", "Lund"],
    ["co", "Coompanion Skåne", "idéburen", "Malmö"],
    ["ms", "Malmö stad", "public", "Malmö"],
    ["fy", "Fyrtorn AB", "näringsliv", "Helsingborg"],
]
TIES = [
    ["source", "target", "relation", "weight", "wave"],
    ["Region Skane", "Lunds universitet", "samarbete", "2,5", "2022"],  # folded match, decimal comma
    ["lu", "rs", "collaboration", "3", "2022"],  # ids
    ["co", "Malmö stad", "finansiering", "1", "2022"],
    ["ms", "Fyrtorn AB", "rådgivning", "4", "2022"],
]


def write_xlsx(path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with one sheet per entry, rows written from A1 down."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return Path(path)


def write_csv(path, rows: list[list], encoding: str = "utf-8", separator: str = ",") -> Path:
    """A CSV file as real bytes in ``encoding`` ('utf-8-sig' writes Excel's BOM)."""
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=separator, lineterminator="\r\n").writerows(rows)
    Path(path).write_bytes(text.getvalue().encode(encoding))
    return Path(path)


@contextmanager
def unchanged(*paths):
    """Assert that loading leaves the user's files exactly as they were."""
    before = {p: (hashlib.sha256(Path(p).read_bytes()).hexdigest(), Path(p).stat().st_mtime_ns) for p in paths}
    listing = {p: sorted(Path(p).parent.iterdir()) for p in paths}
    yield
    for p in paths:
        assert (hashlib.sha256(Path(p).read_bytes()).hexdigest(), Path(p).stat().st_mtime_ns) == before[p]
        assert sorted(Path(p).parent.iterdir()) == listing[p], "nothing may be written next to the input"


def located(error, **where) -> list:
    """The problems of a SurveyDataError at the given location (file=, sheet=, row=, column=)."""
    return [p for p in error.problems if all(getattr(p, k) == v for k, v in where.items())]


def write_docx(path) -> Path:
    """The skeleton of a Word document: a zip with word/document.xml, as Word writes it."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return Path(path)
