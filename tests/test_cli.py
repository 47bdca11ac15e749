"""The command line, driven the way users drive it.

Two ways in: typer's CliRunner (fast, in-process) and a real subprocess
(``python -m skane_ecosystem``), which is what a shell user gets, exit codes and
all.  Every input is a real file written here with openpyxl or as CSV bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import skane_ecosystem
from skane_ecosystem import cli
from skane_ecosystem.cli import app
from skane_ecosystem.i18n import t

#: Wide enough that no message is wrapped, so tests can look for whole sentences.
WIDE = {"COLUMNS": "200"}

SYNTHETIC_LABEL = t("common.synthetic", "en")

ACTORS = [
    ("id", "name", "sector", "municipality", "respondent"),
    ("region", "Region Skåne", "public", "Malmö", "yes"),
    ("lund", "Lunds kommun", "offentlig", "Lund", "yes"),
    ("hub", "Österlen Social Impact Hub", "civil society", "Simrishamn", "yes"),
    ("fyr", "Fyrtorn Social Enterprise AB", "business", "Ystad", "no"),
]

TIES = [
    ("source", "target", "relation", "weight", "wave"),
    ("region", "lund", "collaboration", 4, 2022),
    ("lund", "region", "collaboration", 3, 2022),
    # misspelt on purpose: read as 'Österlen Social Impact Hub', recorded as a correction
    ("Osterlen Social Impact Hubb", "fyr", "funding", 2.5, 2022),
    ("region", "hub", "funding", 5, 2022),
]


def write_workbook(path: Path, actors=ACTORS, ties=TIES) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("actors", actors), ("ties", ties)):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=WIDE)


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m skane_ecosystem ARGS`` in a real process, as a shell user runs it."""
    env = {**os.environ, **WIDE}
    env.pop("SKANE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "skane_ecosystem", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture
def valid_xlsx(tmp_path) -> Path:
    return write_workbook(tmp_path / "survey.xlsx")


@pytest.fixture
def unknown_actor_xlsx(tmp_path) -> Path:
    ties = list(TIES) + [("lund", "Nowhere Consulting AB", "advice", 2, 2022)]  # row 6
    return write_workbook(tmp_path / "survey.xlsx", ties=ties)


@pytest.fixture
def missing_target_xlsx(tmp_path) -> Path:
    ties = [row[:1] + row[2:] for row in TIES]  # the 'target' column left out
    return write_workbook(tmp_path / "survey.xlsx", ties=ties)


# ----------------------------------------------------------------- validate
def test_validate_valid_workbook_summarises_and_exits_0(valid_xlsx):
    result = invoke("validate", str(valid_xlsx))

    assert result.exit_code == 0, result.output
    out = result.output
    assert "4 actors, 4 tie reports" in out
    assert "response rate 75.0%" in out  # 3 of 4 actors answered
    # 2 of 3 pairs: region-lund (both reported) confirmed, the other two one-sided
    assert "33.3% of ties confirmed by both sides" in out
    assert "Public sector" in out and "Civil society" in out
    assert "Collaboration" in out and "Funding" in out and "2022" in out
    # the fuzzy correction, located, with what was changed and its score
    assert "correction" in out
    correction = next(line for line in out.splitlines() if "Osterlen Social Impact Hubb" in line)
    assert correction.split()[:5] == ["correction", "survey.xlsx", "ties", "4", "source"]
    assert "Osterlen Social Impact Hubb → Österlen Social Impact Hub (similarity 98.1)" in correction
    assert SYNTHETIC_LABEL not in out  # real-looking data is not labelled synthetic


def test_validate_counts_actors_by_sector(valid_xlsx):
    out = invoke("validate", str(valid_xlsx)).output
    rows = {
        line.split()[0]: line.split()[-1]
        for line in out.splitlines()
        if line.strip().startswith(("Public", "Business", "Academia", "Other"))
    }
    assert rows == {"Public": "2", "Business": "1", "Academia": "0", "Other": "0"}


def test_validate_unknown_actor_exits_2_with_located_problem(unknown_actor_xlsx):
    before = files_in(unknown_actor_xlsx.parent)

    result = invoke("validate", str(unknown_actor_xlsx))

    assert result.exit_code == 2
    problem_line = next(line for line in result.output.splitlines() if "Nowhere Consulting AB" in line)
    # kind, file, sheet, row (header is row 1, so the sixth tie row is 6), column
    assert problem_line.split()[:5] == ["error", "survey.xlsx", "ties", "6", "target"]
    assert "closest actors are" in problem_line
    assert "Nothing was loaded" in result.output
    assert "Traceback" not in result.output
    assert files_in(unknown_actor_xlsx.parent) == before  # nothing written, input untouched


def test_validate_missing_column_exits_2_naming_it(missing_target_xlsx):
    result = invoke("validate", str(missing_target_xlsx))

    assert result.exit_code == 2
    problem_line = next(line for line in result.output.splitlines() if "error" in line)
    assert "survey.xlsx" in problem_line and "ties" in problem_line
    assert "'target'" in problem_line
    assert "Traceback" not in result.output


def test_validate_missing_file_exits_2_with_one_line(tmp_path):
    result = invoke("validate", str(tmp_path / "nothing-here.xlsx"))

    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "not found" in lines[0] and "nothing-here.xlsx" in lines[0]


def test_names_that_look_like_markup_are_shown_as_written(tmp_path):
    # rich would read '[bold]' as a style and '[/x]' as a broken closing tag
    ties = list(TIES) + [("lund", "[bold]Evil[/x] AB", "advice", 2, 2022)]
    path = write_workbook(tmp_path / "survey.xlsx", ties=ties)

    result = invoke("validate", str(path))

    assert result.exit_code == 2
    assert "unknown actor '[bold]Evil[/x] AB'" in result.output


def test_quiet_hides_the_summary_but_not_the_problems(tmp_path, valid_xlsx):
    bad = write_workbook(
        tmp_path / "bad.xlsx", ties=list(TIES) + [("lund", "Nowhere Consulting AB", "advice", 2, 2022)]
    )

    valid = invoke("--quiet", "validate", str(valid_xlsx))
    invalid = invoke("-q", "validate", str(bad))

    assert valid.exit_code == 0 and valid.output == ""
    assert invalid.exit_code == 2
    assert "unknown actor 'Nowhere Consulting AB'" in invalid.output


def test_threshold_option_reaches_the_loader(valid_xlsx):
    # at 100 the misspelt 'Osterlen Social Impact Hubb' is no longer corrected
    result = invoke("validate", str(valid_xlsx), "--threshold", "100")

    assert result.exit_code == 2
    assert "unknown actor 'Osterlen Social Impact Hubb'" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scale", "Weekly=4"], "are for roster exports"),
        (["--actors", "actors.csv"], "actors file not found"),
        (["--wave", "2022"], "are for roster exports"),
        (["--respondent-column", "Org"], "needs both --respondent-column and at least one --question"),
        (["--respondent-column", "Org", "--question", "collaboration"], "--question expects RELATION=PREFIX"),
        (["--respondent-column", "Org", "--question", "a=b", "--scale", "Weekly=often"], "must be a number"),
        (["--direction", "funding=target_to_source"], "are for roster exports"),
        (
            ["--respondent-column", "Org", "--question", "a=b", "--direction", "a"],
            "--direction expects RELATION=DIRECTION",
        ),
    ],
)
def test_validate_option_mistakes_exit_2_with_one_line(valid_xlsx, args, message):
    result = invoke("validate", str(valid_xlsx), *args)

    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]


def roster_actors_xlsx(path: Path) -> Path:
    """The actors without the respondent column: the roster says who answered."""
    return write_workbook(path, actors=[row[:4] for row in ACTORS])


def google_forms_csv(path: Path, hub_answer: str = "Monthly") -> Path:
    """A small Google Forms grid export: one row per respondent, one column per organisation."""
    orgs = [name for _, name, *_ in ACTORS[1:]]
    question = "How often do you collaborate with these organisations?"
    header = ["Timestamp", "Which organisation do you represent?"] + [f"{question} [{o}]" for o in orgs]
    answers = {
        "Region Skåne": {"Lunds kommun": "Weekly", "Österlen Social Impact Hub": hub_answer},
        "Lunds kommun": {"Region Skåne": "Varje vecka"},
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for respondent, given in answers.items():
        writer.writerow(["2022/03/01 10:00:00", respondent] + [given.get(o, "") for o in orgs])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


ROSTER_OPTIONS = (
    "--respondent-column",
    "Which organisation do you represent?",
    "--question",
    "collaboration=How often do you collaborate",
)


def test_validate_roster_export_declares_a_direction(tmp_path):
    roster = google_forms_csv(tmp_path / "roster.csv")
    actors = roster_actors_xlsx(tmp_path / "actors.xlsx")
    options = ("--actors", str(actors), "--wave", "2022", *ROSTER_OPTIONS)

    declared = invoke("validate", str(roster), *options, "--direction", "collaboration=source_to_target")
    wrong = invoke("validate", str(roster), *options, "--direction", "collaboration=up")

    assert declared.exit_code == 0, declared.output
    assert wrong.exit_code == 2
    assert "must be 'source_to_target' or 'target_to_source', not 'up'" in " ".join(wrong.output.split())


def test_validate_roster_export_with_actors_file(tmp_path):
    roster = google_forms_csv(tmp_path / "roster.csv")
    actors = roster_actors_xlsx(tmp_path / "actors.xlsx")

    result = invoke("validate", str(roster), "--actors", str(actors), "--wave", "2022", *ROSTER_OPTIONS)

    assert result.exit_code == 0, result.output
    assert "4 actors, 3 tie reports" in result.output
    assert "response rate 50.0%" in result.output  # Region Skåne and Lunds kommun answered
    assert "Source: roster.csv, actors.xlsx" in result.output
    assert "Collaboration   2022" in result.output


def test_validate_roster_answer_off_the_scale_is_located_and_scale_adds_it(tmp_path):
    roster = google_forms_csv(tmp_path / "roster.csv", hub_answer="Every other week")
    actors = roster_actors_xlsx(tmp_path / "actors.xlsx")

    rejected = invoke("validate", str(roster), "--actors", str(actors), *ROSTER_OPTIONS)
    accepted = invoke(
        "validate", str(roster), "--actors", str(actors), *ROSTER_OPTIONS, "--scale", "Every other week=3"
    )

    assert rejected.exit_code == 2
    problem_line = next(line for line in rejected.output.splitlines() if "Every other week" in line)
    # Region Skåne answered on row 2; the column header names the organisation
    assert problem_line.split()[:4] == ["error", "roster.csv", "2", "How"]
    assert "[Österlen" in rejected.output
    # --scale adds the answer to the built-in scale: 'Weekly' and 'Varje vecka' still count
    assert accepted.exit_code == 0, accepted.output
    assert "4 actors, 3 tie reports" in accepted.output


# -------------------------------------------------------- real subprocess
def test_subprocess_exit_codes_and_no_traceback(tmp_path, valid_xlsx):
    bad = write_workbook(tmp_path / "bad.xlsx", ties=list(TIES) + [("lund", "Nowhere AB", "advice", 2, 2022)])

    ok = run_module("validate", str(valid_xlsx), cwd=tmp_path)
    invalid = run_module("validate", str(bad), cwd=tmp_path)
    missing = run_module("validate", "missing.xlsx", cwd=tmp_path)

    assert ok.returncode == 0, ok.stderr
    assert "4 actors, 4 tie reports" in ok.stdout
    assert invalid.returncode == 2
    assert "unknown actor 'Nowhere AB'" in invalid.stdout
    assert missing.returncode == 2
    assert missing.stderr.strip() == "Error: file not found: missing.xlsx"
    for process in (ok, invalid, missing):
        assert "Traceback" not in process.stdout + process.stderr


def test_unexpected_error_is_one_line_with_exit_1(monkeypatch, capsys, valid_xlsx):
    def broken_load(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(skane_ecosystem, "load", broken_load)
    monkeypatch.delenv("SKANE_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["skane-eco", "validate", str(valid_xlsx)])

    with pytest.raises(SystemExit) as stop:
        cli.main()

    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "unexpected error (RuntimeError: boom)" in err and "Traceback" not in err


# ----------------------------------------------------------------- template
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_template_writes_a_workbook_that_loads_once_filled(tmp_path, lang):
    path = tmp_path / "survey.xlsx"

    result = invoke("template", str(path), "--lang", lang)

    assert result.exit_code == 0, result.output
    assert f"skane-eco validate {path}" in result.output
    # fill it as a survey administrator would: the actors and ties sheets, below the
    # headers, in the template's own column order (the same in both languages)
    book = openpyxl.load_workbook(path)
    actors_sheet, ties_sheet = book.worksheets[1], book.worksheets[2]
    assert [c.value for c in actors_sheet[1]][:3] == (
        ["id", "name", "sector"] if lang == "en" else ["id", "namn", "sektor"]
    )
    actors_sheet.append(["region", "Region Skåne", "public", "Region", "Malmö", "yes"])
    actors_sheet.append(["lund", "Lunds kommun", "public", "Municipality", "Lund", "no"])
    ties_sheet.append(["region", "lund", "collaboration", 3, 2022, "region"])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    loaded = invoke("validate", str(filled))

    assert loaded.exit_code == 0, loaded.output
    assert "2 actors, 1 tie reports" in loaded.output
    assert "response rate 50.0%" in loaded.output


def test_template_refuses_to_replace_an_existing_file(valid_xlsx):
    before = valid_xlsx.read_bytes()

    result = invoke("template", str(valid_xlsx))

    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert valid_xlsx.read_bytes() == before


def test_template_needs_an_xlsx_name(tmp_path):
    result = invoke("template", str(tmp_path / "survey.csv"))

    assert result.exit_code == 2
    assert "ending in .xlsx" in result.output
    assert list(tmp_path.iterdir()) == []


def test_template_unknown_language_exits_2(tmp_path):
    result = invoke("template", str(tmp_path / "survey.xlsx"), "--lang", "de")

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------- help
@pytest.mark.parametrize("command", [[], ["validate"], ["template"], ["demo"]])
def test_help_shows_an_example(command):
    result = invoke(*command, "--help")

    assert result.exit_code == 0
    assert "Example" in result.output
    assert "skane-eco " + (command[0] if command else "validate") in result.output


def test_version():
    result = invoke("--version")

    assert result.exit_code == 0
    assert result.output.strip() == f"skane-eco {skane_ecosystem.__version__}"


# ------------------------------------------------------------------ helpers
def test_validation_csv_defuses_spreadsheet_formulas():
    frame = pd.DataFrame(
        {
            "message": ['=HYPERLINK("x")', "fine"],
            "row": [3, None],
            "original": ["+46 40 123", "@SUM(A1)"],
            "score": [91.5, None],
        }
    )

    text = cli.validation_csv(frame).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["message", "row", "original", "score"],
        ['\'=HYPERLINK("x")', "3", "'+46 40 123", "91.5"],
        ["fine", "", "'@SUM(A1)", ""],
    ]


def test_write_atomic_leaves_no_temporary_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    with pytest.raises(UnicodeEncodeError):
        cli.write_atomic(target, "å", encoding="ascii")

    assert target.read_text(encoding="utf-8") == "old"  # the previous file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# --------------------------------------------------------------------- demo
@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """``skane-eco demo`` run once into a fresh folder (the result and the folder)."""
    out = tmp_path_factory.mktemp("demo") / "nested" / "out"  # created by the command
    return invoke("demo", "--out", str(out)), out


@pytest.fixture(scope="module")
def demo_eco():
    return skane_ecosystem.demo()


def test_demo_writes_its_outputs(demo_run):
    result, out = demo_run

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "en",
        "map.html",
        "run.json",
        "summary.json",
        "summary.txt",
        "sv",
        "validation.csv",
    ]
    for name in ("summary.json", "summary.txt", "validation.csv", "map.html"):
        assert str(out / name) in result.output  # the command says what it wrote
    for lang in ("en", "sv"):
        assert {"report.html", "report.xlsx", "map.html", "flags.csv"} <= {p.name for p in (out / lang).iterdir()}
    umask = os.umask(0)
    os.umask(umask)
    # readable like any file the user makes, not private like a temporary file
    assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir() if p.is_file()} == {oct(0o666 & ~umask)}


def test_demo_summary_is_labelled_synthetic_and_matches_the_ecosystem(demo_run, demo_eco):
    result, out = demo_run
    eco = demo_eco
    summary = eco.summary()

    text = (out / "summary.txt").read_text(encoding="utf-8")
    assert text.splitlines()[:2] == [summary["title"], SYNTHETIC_LABEL]
    assert f"{summary['actors']} actors, {summary['ties']:,} tie reports" in text
    assert SYNTHETIC_LABEL in result.output

    figures = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert figures["synthetic"] is True and figures["note"] == SYNTHETIC_LABEL
    assert figures["actors"] == len(eco.actors) and figures["ties"] == len(eco.ties)
    assert figures["actors_by_sector"] == {k: int(v) for k, v in summary["actors_by_sector"].items()}
    assert sum(r["ties"] for r in figures["ties_by_relation_wave"]) == len(eco.ties)


def test_demo_validation_csv_is_the_validation_report(demo_run, demo_eco):
    _, out = demo_run
    expected = demo_eco.validation.to_frame()

    raw = (out / "validation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads å, ä, ö correctly
    written = pd.read_csv(out / "validation.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(written.columns) == list(expected.columns)
    assert len(written) == len(expected) > 0
    assert list(written["message"]) == list(expected["message"])
    corrections = written[written["severity"] == "correction"]
    assert len(corrections) == len(demo_eco.validation.corrections) > 0
    assert all(r.isdigit() for r in corrections["row"])  # 280, not 280.0


def test_demo_output_is_the_same_byte_for_byte(demo_run, tmp_path):
    _, first = demo_run

    again = invoke("demo", "--out", str(tmp_path))

    assert again.exit_code == 0
    # run.json lists every file with its hash, the bundles' run.json (timings) among them
    assert files_in(tmp_path).keys() == files_in(first).keys()
    differing = [name for name, data in files_in(tmp_path).items() if data != files_in(first)[name]]
    assert differing in ([], ["run.json"])


def test_demo_that_cannot_write_stops_with_one_line(tmp_path, monkeypatch):
    def disk_full(path, text, encoding="utf-8"):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(cli, "write_atomic", disk_full)

    result = invoke("demo", "--out", str(tmp_path))

    assert result.exit_code == 2
    assert f"Error: No space left on device: {tmp_path / 'validation.csv'}" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_demo_out_must_be_a_folder(tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("keep me", encoding="utf-8")

    result = invoke("demo", "--out", str(not_a_folder))

    assert result.exit_code == 2
    assert "must be a folder" in result.output
    assert not_a_folder.read_text(encoding="utf-8") == "keep me"
