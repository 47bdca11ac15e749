"""Fast outputs (issue 14): the workbook written with XlsxWriter, long tables cut at a
documented row limit with the whole table in the bundle's CSV, figures in the formats
asked for, and a command line that starts without the heavy libraries.

The workbook's cells are checked against the tables they come from (the analysis's
privacy-filtered tables), not against an earlier workbook.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import skane_ecosystem as se
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.i18n import format_number
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render import report_xlsx
from skane_ecosystem.render.bundle import figure_formats, write_bundle
from skane_ecosystem.render.report_html import Words
from skane_ecosystem.render.report_xlsx import SHEET_CSV, cut_sheets, workbook_bytes


@pytest.fixture(scope="module")
def analysis():
    config = AnalysisConfig().with_options(stability=StabilityConfig(enabled=False))
    return se.analyze(se.demo(), config, progress=None)


@pytest.fixture(scope="module")
def shown(analysis):
    return apply_privacy(analysis, "internal", lang="sv")


def _sheet(book, name: str):
    """A sheet by its id (``Ties``), whatever its tab says in Swedish."""
    return book[report_xlsx.sheet_title(name, Words("sv"))]


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws, first: int = 2):
    return [[cell.value for cell in row] for row in ws.iter_rows(min_row=first)]


# ------------------------------------------------------------------ the workbook
def test_ties_sheet_holds_every_tie_of_the_table(shown):
    ws = _sheet(_book(workbook_bytes(shown)), "Ties")
    ties = shown.ties
    assert ws.max_row == len(ties) + 1
    for column, values in enumerate(ties.columns, start=1):
        if values == "relation":
            continue  # shown in words
        written = [ws.cell(row=r, column=column).value for r in range(2, len(ties) + 2)]
        expected = [None if value != value else value for value in ties[values].tolist()]  # NaN -> empty
        assert written == pytest.approx(expected) if ties[values].dtype.kind == "f" else written == expected, values


def test_header_style_freeze_filter_and_formats_are_kept(shown):
    book = _book(workbook_bytes(shown))
    for name in ("Actors", "Flags", "Ties", "DataQuality"):
        ws = _sheet(book, name)
        header = ws["A1"]
        assert header.font.bold and header.font.color.rgb.endswith("FFFFFF"), name
        assert header.fill.fgColor.rgb.endswith("1F4E79") and header.alignment.wrap_text, name
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:"), name
    summary = _sheet(book, "Summary")
    assert summary["A1"].font.bold and summary["A1"].font.size == 14
    sectors = _sheet(book, "Sectors")
    header = [c.value for c in sectors[1]]
    share = sectors.cell(row=2, column=header.index("Svarsfrekvens") + 1)
    assert share.number_format == "0%" and isinstance(share.value, float)
    widths = _sheet(book, "README").column_dimensions
    assert round(widths["A"].width) in (16, 17) and round(widths["B"].width) in (100, 101)


def test_no_formula_anywhere_and_synthetic_footer(shown):
    data = workbook_bytes(shown)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "Syntetiska data" in _sheet(_book(data), "Actors").oddFooter.center.text


def test_same_tables_give_the_same_bytes_in_two_processes(tmp_path):
    # Two fresh interpreters: no state of this one (string caches, format ids) can help.
    script = (
        "import sys, skane_ecosystem as se\n"
        "from skane_ecosystem.config import AnalysisConfig, StabilityConfig\n"
        "from skane_ecosystem.privacy import apply_privacy\n"
        "from skane_ecosystem.render.report_xlsx import workbook_bytes\n"
        "a = se.analyze(se.demo(), AnalysisConfig().with_options(stability=StabilityConfig(enabled=False)), progress=None)\n"
        "sys.stdout.buffer.write(workbook_bytes(apply_privacy(a, 'public')))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0][:2] == b"PK"


# ------------------------------------------------------------ the row limit
def test_a_sheet_shows_at_most_the_row_limit_and_says_how_many_are_left_out(shown):
    book = _book(workbook_bytes(shown, row_limit=10))
    ties = _sheet(book, "Ties")
    assert ties.max_row == 12  # header, 10 rows, the note
    note = ties.cell(row=12, column=1).value
    assert note.startswith(f"Ytterligare {format_number(len(shown.ties) - 10, 'sv')} rader") and "10" in note
    assert ties.auto_filter.ref.endswith("11")
    readme = _sheet(book, "README")
    assert readme.max_row < 20  # short sheets are not cut


def test_a_cut_sheet_in_a_bundle_names_the_csv_holding_the_whole_table(analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(report_xlsx, "SHEET_ROWS", 25)
    out = tmp_path / "bundle"
    write_bundle(analysis, out, lang="en", figures=False, map_html=False)
    book = openpyxl.load_workbook(out / "report.xlsx")
    shown = apply_privacy(analysis, "internal", lang="en")
    assert set(cut_sheets(shown)) == {"Actors", "Flags", "Ties", "Waves"}
    for sheet in ("Actors", "Ties"):
        ws = book[sheet]
        assert ws.max_row == 27
        note = ws.cell(row=27, column=1).value
        total = format_number(len(cut_sheets(shown)[sheet]), "en")
        assert f"All {total} rows are in {SHEET_CSV[sheet]}" in note, note
    with open(out / "ties.csv", encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [str(c) for c in shown.ties.columns]
    assert len(written) == len(shown.ties) + 1
    assert not (out / "data_quality.csv").exists()  # that sheet was short enough


def test_an_unusable_row_limit_is_refused(shown):
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="row_limit"):
            workbook_bytes(shown, row_limit=bad)


# -------------------------------------------------------------------- figures
def test_figure_formats_are_read_and_checked():
    assert figure_formats(True) == ("png", "svg") and figure_formats(False) == ()
    assert figure_formats("svg,png") == figure_formats(["png", "svg"]) == ("png", "svg")
    assert figure_formats(" PNG ") == ("png",) and figure_formats("none") == ()
    with pytest.raises(ValueError, match="png, svg, png,svg or none, not 'pdf'"):
        figure_formats("png,pdf")


def test_only_the_formats_asked_for_are_drawn_and_the_report_shows_them(analysis, tmp_path):
    out = tmp_path / "png_only"
    paths = write_bundle(analysis, out, figures="png", map_html=False)
    figures = sorted(name for name in paths if name.startswith("figures/"))
    assert figures and all(name.endswith(".png") for name in figures)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "data:image/svg+xml" not in page


def test_the_command_line_refuses_an_unknown_figure_format(tmp_path):
    demo = Path(se.__file__).parent / "data" / "demo" / "skane_demo.xlsx"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "skane_ecosystem",
            "analyze",
            str(demo),
            "--out",
            str(tmp_path / "o"),
            "--no-stability",
            "--figures",
            "gif",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "figures must be png, svg, png,svg or none, not 'gif'" in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr


# ------------------------------------------------------------------- start-up
def test_the_command_line_starts_without_the_heavy_libraries():
    # --help and every command's argument checks come before any analysis: matplotlib,
    # scipy, networkx, igraph and the workbook libraries are imported where they are used.
    heavy = ("matplotlib", "scipy", "networkx", "igraph", "openpyxl", "xlsxwriter", "jinja2")
    script = "import sys, skane_ecosystem.cli; print(' '.join(sorted(m for m in sys.modules if '.' not in m)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "typer" in loaded
    assert sorted(loaded & set(heavy)) == []
