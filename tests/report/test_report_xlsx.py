"""The workbook: sheets, frozen headers, filters, and never a formula from the data."""

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.report_html import Words
from skane_ecosystem.render.report_xlsx import SHEETS, sheet_title, workbook_bytes, write_workbook

from .conftest import FORMULA_NAME, HYPERLINK_NAME

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _sheet(book, name: str):
    """A sheet by its id (``Actors``), whatever its tab says in Swedish."""
    return book[sheet_title(name, Words("sv"))]


@pytest.fixture(scope="module")
def workbook_path(analysis, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    return write_workbook(apply_privacy(analysis, "internal", lang="sv"), path)


@pytest.fixture(scope="module")
def workbook(workbook_path):
    return openpyxl.load_workbook(workbook_path)


def test_sheets_in_order(workbook):
    # two waves, so Waves is there; no coded qualitative material, so no Qualitative
    # sheet (tests/test_qualitative_outputs.py); the tabs read in the report's language
    assert workbook.sheetnames == [sheet_title(name, Words("sv")) for name in SHEETS if name != "Qualitative"]
    assert workbook.sheetnames[-2:] == ["Omgångar", "Datakvalitet"]


def test_data_sheets_have_frozen_filtered_headers(workbook):
    for name in ("Actors", "Flags", "Ties", "Sectors", "Waves", "DataQuality"):
        ws = _sheet(workbook, name)
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert ws["A1"].font.bold, name
    actors = _sheet(workbook, "Actors")
    assert actors.auto_filter.ref == f"A1:{actors.cell(1, actors.max_column).column_letter}28"
    assert actors["A1"].value == "Id" and actors["B1"].value == "Organisation"


def test_key_measures_have_a_colour_scale(workbook):
    ws = _sheet(workbook, "Actors")
    headers = [c.value for c in ws[1]]
    scaled = {str(rule.sqref) for rule in ws.conditional_formatting}
    column = openpyxl.utils.get_column_letter(headers.index("Betweenness-centralitet") + 1)
    assert f"{column}2:{column}28" in scaled


def test_formula_names_are_stored_as_text(workbook):
    ws = _sheet(workbook, "Actors")
    names = {ws.cell(r, 2).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    for name in (HYPERLINK_NAME, FORMULA_NAME):
        assert names[name].data_type == "s"
        assert names[name].value == name


def test_no_cell_anywhere_is_a_formula(workbook_path):
    with zipfile.ZipFile(workbook_path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def test_numbers_are_numbers_with_formats(workbook):
    ws = _sheet(workbook, "Sectors")
    header = [c.value for c in ws[1]]
    row = {header[i]: ws.cell(2, i + 1) for i in range(len(header))}
    assert row["Sektor"].value == "Offentlig sektor"
    assert isinstance(row["Organisationer"].value, int) and row["Organisationer"].number_format == "0"
    assert isinstance(row["Svarsfrekvens"].value, float) and row["Svarsfrekvens"].number_format == "0%"


def test_same_tables_give_the_same_bytes(analysis):
    shown = apply_privacy(analysis, "public")
    assert workbook_bytes(shown) == workbook_bytes(apply_privacy(analysis, "public"))


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_formula_names_as_literal_text(workbook_path, tmp_path):
    # LibreOffice would evaluate a formula cell ("=1+1" would show 2); a text cell stays text.
    # Sheet 3 is Actors (the last filter field: 3 = which sheet to export).
    profile = tmp_path / "profile"
    command = [
        LIBREOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3",
        "--outdir",
        str(tmp_path),
        str(workbook_path),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    exported = list(tmp_path.glob("*.csv"))
    assert len(exported) == 1
    rows = list(csv.reader(io.StringIO(exported[0].read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["Id", "Organisation"]
    names = [row[1] for row in rows[1:]]
    assert HYPERLINK_NAME in names and FORMULA_NAME in names
    assert "2" not in names and "y" not in names


def test_a_table_longer_than_a_sheet_is_cut_with_a_note(analysis, monkeypatch):
    # Excel stops at row 1,048,576; a register of a million ties must not make a workbook
    # Excel refuses. The limit is lowered here so the test stays small.
    from skane_ecosystem.render import report_xlsx

    monkeypatch.setattr(report_xlsx, "MAX_ROWS", 12)
    shown = apply_privacy(analysis, "internal", lang="sv")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(shown)))
    actors = _sheet(book, "Actors")
    assert len(shown.actors) == 27
    assert actors.max_row == 12
    assert [actors.cell(row=r, column=1).value for r in range(2, 12)] == list(shown.actors.index[:10])
    note = actors.cell(row=12, column=1).value
    assert note.startswith("Ytterligare 17 rader är utelämnade") and "12" in note
    assert actors.auto_filter.ref.endswith("11")
    ties = _sheet(book, "Ties")
    assert ties.max_row == 12 and "utelämnade" in ties.cell(row=12, column=1).value
