"""Every kind of bad input ends in exit code 2 with a located message, never a traceback."""

import openpyxl
import pytest
from typer.testing import CliRunner

from skane_ecosystem.cli import app

runner = CliRunner()

ACTORS = [
    ("id", "name", "sector"),
    ("a", "Region Skåne", "public"),
    ("b", "Lunds universitet", "academia"),
    ("c", "Fyrtorn AB", "business"),
]
TIES = [("source", "target", "weight"), ("a", "b", 3), ("b", "c", 2)]


def workbook(path, actors=ACTORS, ties=TIES, sheets=("actors", "ties")):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in zip(sheets, (actors, ties)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def with_tie(row):
    return TIES + [row]


CASES = {
    # name: (how to make the file, fragments the message must contain)
    "missing_column": (lambda p: workbook(p, ties=[("source", "weight"), ("a", 1)]), ["survey.xlsx ties", "target"]),
    "duplicate_id": (
        lambda p: workbook(p, actors=ACTORS + [("a", "Malmö stad", "public")]),
        ["survey.xlsx actors 5 id", "duplicate actor id 'a'"],
    ),
    "unknown_actor": (
        lambda p: workbook(p, ties=with_tie(("a", "Nowhere AB", 1))),
        ["survey.xlsx ties 4 target", "unknown actor 'Nowhere AB'", "closest actors"],
    ),
    "self_tie": (lambda p: workbook(p, ties=with_tie(("a", "a", 1))), ["survey.xlsx ties 4 target", "self-ties"]),
    "negative_weight": (
        lambda p: workbook(p, ties=with_tie(("a", "c", -1))),
        ["survey.xlsx ties 4 weight", "positive"],
    ),
    "zero_weight": (lambda p: workbook(p, ties=with_tie(("a", "c", 0))), ["survey.xlsx ties 4 weight", "positive"]),
    "text_weight": (
        lambda p: workbook(p, ties=with_tie(("a", "c", "often"))),
        ["survey.xlsx ties 4 weight", "'often'"],
    ),
    "unknown_sector": (
        lambda p: workbook(p, actors=ACTORS + [("d", "Rymdbolaget", "aerospace")]),
        ["survey.xlsx actors 5 sector", "'aerospace'", "civil_society"],
    ),
    "no_sheets": (lambda p: workbook(p, sheets=("Blad1", "Blad2")), ["Blad1", "Blad2"]),
    "empty_file": (lambda p: p.write_bytes(b"") or p, ["empty"]),
    "csv_named_xlsx": (lambda p: p.write_text("source,target\na,b\n") or p, ["survey.xlsx"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_survey_exits_2_with_a_located_message(tmp_path, case):
    make, fragments = CASES[case]
    path = tmp_path / "survey.xlsx"
    make(path)
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    for fragment in fragments:
        assert fragment in text, (fragment, text)


@pytest.mark.parametrize("name, content", [("survey.pdf", b"%PDF-1.4\n"), ("survey.docx", b"PK\x03\x04junk")])
def test_unsupported_formats_exit_2(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert name in result.output


def test_analyze_of_a_bad_survey_writes_nothing(tmp_path):
    path = workbook(tmp_path / "survey.xlsx", ties=with_tie(("a", "Nowhere AB", 1)))
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(path), "--out", str(out)], env={"COLUMNS": "250"})
    assert result.exit_code == 2
    assert not out.exists() or not any(out.iterdir())
