"""Hostile names through every channel: spreadsheets, terminal, graph files, maps.

Issue 11: names and free text come from survey answers and are untrusted.  Each
output that carries them has its own way of being attacked or broken:

* CSV and Excel: a cell (or a column header) such as ``=HYPERLINK(...)`` must stay
  text, never become a formula;
* the terminal: an ESC sequence or a BEL in a name must not clear the screen,
  recolour the output or ring the bell;
* GEXF and GraphML: characters XML 1.0 forbids must not make the file ill-formed;
* the map and the figures: one 20,000-character name must not shrink the map to a
  dot; it is shortened for display and shown whole on the actor's card.

One survey carries every hostile value at once; it is loaded from CSV files (as a
user's survey would be), analysed once, and every output is checked.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import networkx as nx
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import skane_ecosystem as ske
from skane_ecosystem.cli import app, render_text, summary_renderables, terminal_text
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.render.csvtext import FORMULA_STARTS, csv_text

LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

#: Cells a spreadsheet would run as formulas (OWASP's list of first characters).
FORMULAS = ['=HYPERLINK("http://example.invalid","click")', "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=2+2"]
#: A carriage return inside a name: a spreadsheet starts a new row there, unless quoted.
ROW_SPLIT = "Row\r=1+2"  # no quote or comma in it: those would make the writer quote it anyway
#: A column header a respondent's tool could export.
FORMULA_HEADER = '=HYPERLINK("http://example.invalid","header")'
#: Clears the screen, turns the text red and rings the bell.
TERMINAL_ATTACK = "Evil\x1b[2J\x1b[31m Org\x07"
#: An id with an escape sequence and a character XML 1.0 forbids.
CONTROL_ID = "C\x1b[31m\x01"
LONG_NAME = "Long " + "x" * 20_000
WIDE = {"COLUMNS": "200"}


# ------------------------------------------------------------------- the survey
def write_survey(folder: Path) -> Path:
    """A CSV survey whose names, ids, a header and a free-text column are hostile."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"Org {i}" for i in range(1, 8)] + FORMULAS + [ROW_SPLIT, TERMINAL_ATTACK, LONG_NAME]
    ids = [f"A{i:02d}" for i in range(len(names))]
    ids[-2] = CONTROL_ID  # the terminal attack's id is one too
    sectors = ["public", "business", "academia", "civil_society"]
    with open(folder / "actors.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "sector", "type", "municipality", "respondent", FORMULA_HEADER])
        for i, (actor, name) in enumerate(zip(ids, names)):
            note = FORMULAS[i % len(FORMULAS)] if i % 2 else "note\x1b[31m\x07"
            writer.writerow([actor, name, sectors[i % 4], "org", "Lund", "yes", note])
    with open(folder / "ties.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target", "relation", "weight", "wave"])
        for wave in ("2019", "2022"):
            for i in range(len(ids)):
                for step, relation in ((1, "collaboration"), (3, "funding")):
                    k = (i + step + (wave == "2022")) % len(ids)
                    writer.writerow([ids[i], ids[k], relation, 2, wave])
        # misspelt on purpose: the correction message repeats the hostile name
        writer.writerow(["Org 1", TERMINAL_ATTACK.replace("Org", "Orgg"), "advice", 1, "2022"])
    return folder


@pytest.fixture(scope="module")
def survey(tmp_path_factory) -> Path:
    # the folder's name becomes the survey's title, which every command prints
    return write_survey(tmp_path_factory.mktemp("hostile") / "survey\x1b[2J")


@pytest.fixture(scope="module")
def analysis(survey):
    eco = ske.load(survey)
    config = ske.AnalysisConfig(stability=StabilityConfig(enabled=False))
    return ske.analyze(eco, config, wave="2022")


@pytest.fixture(scope="module")
def bundle(analysis, tmp_path_factory) -> Path:
    from skane_ecosystem.render.bundle import write_bundle

    out = tmp_path_factory.mktemp("bundle")
    write_bundle(analysis, out, lang="en", figures=False)
    return out


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=WIDE)


@pytest.fixture(scope="module")
def cli_runs(survey, tmp_path_factory) -> dict:
    """What validate, analyze, whatif and compare print, and the tables they write
    (with validation.csv, which the demo writes, made from this survey)."""
    from skane_ecosystem.cli import validation_csv

    out = tmp_path_factory.mktemp("cli")
    (out / "validation.csv").write_bytes(validation_csv(ske.load(survey).validation.to_frame()))
    runs = {
        "validate": invoke("validate", str(survey)),
        "analyze": invoke("analyze", str(survey), "--out", str(out / "analyze"), "--no-stability"),
        "whatif": invoke("whatif", str(survey), "--remove", "A01", "--out", str(out / "whatif")),
        "compare": invoke("compare", str(survey), "--from", "2019", "--to", "2022", "--out", str(out / "compare")),
    }
    return {"results": runs, "out": out}


# =============================================================== spreadsheets
def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def looks_like_formula(field: str) -> bool:
    """A CSV field a spreadsheet would run: a formula start that is not a plain number."""
    if not field.startswith(FORMULA_STARTS):
        return False
    try:
        float(field)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_text_defuses_formula_cells_and_headers(text):
    frame = pd.DataFrame({text: [text, "Lund"], "degree": [2, -1]})

    rows = csv_rows(csv_text(frame))

    written = ("'" + text).replace("\r", "\n")
    assert rows == [[written, "degree"], [written, "2"], ["Lund", "-1"]]


def test_csv_text_keeps_a_carriage_return_inside_its_cell():
    frame = pd.DataFrame({"name": [ROW_SPLIT, "Lund"]})

    text = csv_text(frame)

    assert csv_rows(text) == [["name"], [ROW_SPLIT.replace("\r", "\n")], ["Lund"]]
    assert "\r" not in text


def test_csv_text_defuses_the_index_name_too():
    frame = pd.DataFrame({"degree": [1]}, index=pd.Index(["a"], name="=1+1"))

    assert csv_text(frame, index=True).splitlines()[0] == "'=1+1,degree"


def csv_outputs(bundle: Path, cli_runs: dict) -> list[Path]:
    """Every CSV file the package writes for the hostile survey."""
    files = sorted(bundle.glob("*.csv")) + sorted(cli_runs["out"].rglob("*.csv"))
    assert {p.name for p in files} >= {
        "actors.csv",
        "flags.csv",
        "indicators.csv",
        "lost_reach.csv",
        "ties_gained.csv",
        "measures.csv",
        "validation.csv",
    }
    return files


def test_no_csv_field_or_header_can_run_as_a_formula(bundle, cli_runs):
    for path in csv_outputs(bundle, cli_runs):
        rows = csv_rows(path.read_text(encoding="utf-8-sig"))
        fields = [field for row in rows for field in row]
        assert not [f for f in fields if looks_like_formula(f)], path.name
    header = csv_rows((bundle / "actors.csv").read_text(encoding="utf-8-sig"))[0]
    assert "'" + FORMULA_HEADER in header


def test_validation_csv_defuses_located_headers():
    from skane_ecosystem.cli import validation_csv
    from skane_ecosystem.errors import Problem, ValidationReport

    report = ValidationReport()
    report.add(Problem("an odd column", file="=1+1.csv", sheet="@x", row=2, column=FORMULA_HEADER, severity="warning"))
    rows = csv_rows(validation_csv(report.to_frame()).decode("utf-8-sig"))
    assert not [f for row in rows for f in row if looks_like_formula(f)]


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_csv_without_a_formula(bundle, cli_runs, tmp_path):
    # LibreOffice runs '=...' in a CSV as a formula by default (checked: '=1+1' becomes
    # a formula cell); every output must open as text and numbers only.
    staged = tmp_path / "csv"
    staged.mkdir()
    for number, path in enumerate(csv_outputs(bundle, cli_runs)):
        shutil.copy(path, staged / f"{number:02d}_{path.parent.name}_{path.name}")
    converted = tmp_path / "xlsx"
    command = [
        LIBREOFFICE,
        f"-env:UserInstallation=file://{tmp_path / 'profile'}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(converted),
    ] + sorted(map(str, staged.iterdir()))
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    books = sorted(converted.glob("*.xlsx"))
    assert len(books) == len(list(staged.iterdir()))
    for book in books:
        sheet = openpyxl.load_workbook(book).active
        formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == [], book.name


def test_every_workbook_cell_is_text_never_a_formula(bundle):
    book = openpyxl.load_workbook(bundle / "report.xlsx")
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert FORMULA_HEADER in texts  # the header, as written
    assert '=HYPERLINK("http://example.invalid","click")' in texts
    assert not any("\x1b" in text or "\x07" in text for text in texts)


def test_the_template_and_the_report_write_text_cells_the_same_way():
    from skane_ecosystem.io import template
    from skane_ecosystem.render import csvtext

    assert template.set_text is csvtext.set_text
    cell = openpyxl.Workbook().active.cell(row=1, column=1)
    csvtext.set_text(cell, "=1+1\x1b" + "x" * 40_000)
    assert cell.data_type == "s" and cell.value.startswith("=1+1x") and len(cell.value) == 32_767


def test_workbook_text_drops_what_xml_cannot_hold(tmp_path):
    from skane_ecosystem.render.csvtext import set_text

    book = openpyxl.Workbook()
    set_text(book.active["A1"], "Org\ufffe 1\uffff\ud800\x01")
    book.save(tmp_path / "text.xlsx")

    with zipfile.ZipFile(tmp_path / "text.xlsx") as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                SafeET.fromstring(archive.read(name))  # raises on ill-formed XML
    assert openpyxl.load_workbook(tmp_path / "text.xlsx").active["A1"].value == "Org 1"


# =================================================================== terminal
@pytest.mark.parametrize(
    "raw, shown",
    [
        ("Evil\x1b[2J\x1b[31m Org\x07", "Evil\\x1b[2J\\x1b[31m Org\\x07"),
        ("a\rb\x08c\x7fd\x9be", "a\\x0db\\x08c\\x7fd\\x9be"),
        ("right\u202eto left", "right\\u202eto left"),
        ("two\nlines\tand tab, Malmö", "two\nlines\tand tab, Malmö"),
    ],
)
def test_terminal_text_escapes_control_characters(raw, shown):
    assert terminal_text(raw).plain == shown


def test_the_summary_escapes_names_and_locations(survey):
    eco = ske.load(survey)
    text = render_text(summary_renderables(eco))
    assert "\x1b" not in text and "\x07" not in text
    assert "Evil\\x1b[2J\\x1b[31m Org" in text  # the correction, readable


@pytest.mark.parametrize("command", ["validate", "analyze", "whatif", "compare"])
def test_no_command_prints_a_control_character_from_the_data(cli_runs, command):
    result = cli_runs["results"][command]
    assert result.exit_code == 0, result.output
    # rich writes no colours to a runner's output: every ESC or BEL would be the data's
    assert "\x1b" not in result.output and "\x07" not in result.output
    if command in ("validate", "analyze"):
        # the hostile folder name is no title (issue 15): the catalog's title stands
        assert "Ecosystem network" in result.output and "survey" not in result.output


def test_whatif_tables_escape_names(survey):
    result = invoke("whatif", str(survey), "--remove", "Org 1")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    # the findings tables name actors (not ids): CONTROL_ID's name, escaped
    assert TERMINAL_ATTACK.replace("\x1b", "\\x1b").replace("\x07", "\\x07") in result.output


def test_a_failure_message_escapes_what_it_quotes(tmp_path):
    result = invoke("validate", str(tmp_path / "no\x1b[2Jsuch.xlsx"))
    assert result.exit_code == 2
    assert "\x1b" not in result.output


# ================================================================ graph files
def test_graph_files_are_well_formed_and_keep_every_tie(bundle, analysis):
    G = analysis.graph
    for name, read in (("ecosystem.gexf", nx.read_gexf), ("ecosystem.graphml", nx.read_graphml)):
        path = bundle / name
        SafeET.parse(path)  # raises on ill-formed XML
        H = read(path)
        assert H.number_of_nodes() == G.number_of_nodes(), name
        assert H.number_of_edges() == G.number_of_edges(), name
        escaped = CONTROL_ID.replace("\x1b", "\\x1b").replace("\x01", "\\x01")
        assert escaped in H, name
        assert H.degree(escaped) == G.degree(CONTROL_ID), name


def test_graph_export_escapes_keys_ids_and_values():
    from skane_ecosystem.render.gexf import gexf_bytes, graphml_bytes

    G = nx.Graph()
    G.add_node("a\x00", name="bell\x07", **{"odd\x0bkey": "v\ufffe"})
    G.add_node("b", name="fine")
    G.add_edge("a\x00", "b", relation="x\x1f")
    for data in (gexf_bytes(G), graphml_bytes(G)):
        SafeET.fromstring(data)
        assert b"\\x00" in data and b"bell\\x07" in data


# ================================================================= long names
def map_data(html: str) -> dict:
    block = html.split('id="skane-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(block)


def test_map_shortens_long_names_and_keeps_them_whole_in_the_card(analysis):
    data = map_data(analysis.explore().html)
    [node] = [n for n in data["nodes"] if n["card"]["heading"] == LONG_NAME]
    assert len(node["label"]) <= 60 and node["label"].endswith("\u2026")
    assert node["label"].startswith("Long xxx")
    assert len(node["title"].splitlines()[0]) <= 60
    flagged = [f for f in data["flags"] if f["subject"] == node["id"]]
    assert flagged and all(len(f["subjectLabel"]) <= 60 for f in flagged)
    assert not any(LONG_NAME in f["explanation"] for f in flagged)  # named as on the label
    assert max(len(n["label"]) for n in data["nodes"]) <= 60


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("Region Skåne", 60, "Region Skåne"),
        ("abcdef", 4, "abc\u2026"),
        ("abe\u0301f", 4, "ab\u2026"),  # e + combining accent stay together
        ("ab\U0001f469\u200d\U0001f4bbx", 4, "ab\u2026"),  # a ZWJ emoji is not split
    ],
)
def test_shortened_cuts_between_characters_a_reader_sees(text, limit, expected):
    from skane_ecosystem.render.map import shortened

    assert shortened(text, limit) == expected


def test_figure_labels_are_short(analysis):
    import matplotlib.pyplot as plt

    fig = analysis.plot("network", label_flagged=100)
    try:
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert max(len(t) for t in texts) <= 70  # 60 characters and the line breaks
        # shortened, the name finds room on the page (whole, it was left out)
        assert any(t.replace("\n", " ").startswith("Long xxx") for t in texts)
        assert not any("\x1b" in t or "\x07" in t for t in texts)  # no missing-glyph boxes
    finally:
        plt.close(fig)


# ================================================================== docstrings
@pytest.mark.parametrize(
    "module",
    [
        "skane_ecosystem.render.csvtext",
        "skane_ecosystem.render.map",
        "skane_ecosystem.render.bundle",
        "skane_ecosystem.cli",
    ],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
