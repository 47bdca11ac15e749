"""Checking the map with the actors: printable sheets, the corrections workbook, and the round trip back."""

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from skane_ecosystem import SurveyDataError, compare, load
from skane_ecosystem.cli import app
from skane_ecosystem.io.workshop import apply_workshop, read_workshop, workshop_ties, write_workshop_workbook
from skane_ecosystem.render.workshop import workshop_pages
from tests.ecosystems import barbell_workbook


@pytest.fixture
def survey(tmp_path):
    return barbell_workbook(tmp_path / "input" / "survey.xlsx")


def _fill(path, answers: dict, new_rows=()):
    """Write answers into a corrections workbook: (organisation, partner) -> (answer, strength); new rows appended."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, 1).value, sheet.cell(row, 2).value)
        if key in answers:
            sheet.cell(row, 6).value, sheet.cell(row, 7).value = answers[key]
    first_blank = next(r for r in range(2, sheet.max_row + 2) if sheet.cell(r, 1).value is None)
    for offset, values in enumerate(new_rows):
        for column, value in zip((1, 2, 3, 6, 7), values):
            sheet.cell(first_blank + offset, column).value = value
    filled = path.with_name("filled.xlsx")
    book.save(filled)
    return filled


def test_the_workbook_lists_each_tie_of_the_latest_wave_once(survey, tmp_path):
    eco = load(survey)
    ties = workshop_ties(eco)
    assert len(ties) == 9  # the barbell's 8 ties and the 2022 shortcut, each reported by both sides
    path = write_workshop_workbook(eco, tmp_path / "corrections.xlsx", lang="sv")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("Organisation", "Motpart", "Relation", "Omgång", "Styrka", "Svar")
    assert len([r for r in rows[1:] if r[0]]) == 9
    assert write_workshop_workbook(eco, tmp_path / "again.xlsx", lang="sv").read_bytes() == path.read_bytes()


def test_the_round_trip_removes_confirms_and_adds_ties(survey, tmp_path):
    eco = load(survey)
    path = write_workshop_workbook(eco, tmp_path / "corrections.xlsx", lang="sv")
    filled = _fill(
        path,
        {("A1", "B2"): ("stämmer inte", None), ("A3", "Gateway"): ("Stämmer", 5)},
        new_rows=[("A2", "b1", "Samarbete", "nytt band", 2)],  # names matched as in survey files
    )
    answers = read_workshop(filled, eco)
    assert sorted(answers["answer"]) == ["confirm", "new", "remove"]
    corrected = apply_workshop(eco, answers)
    assert corrected.meta["workshop_wave"] == "2022 workshop" and "2022 workshop" not in eco.waves
    change = compare(corrected, "2022", "2022 workshop")
    assert {frozenset(p) for p in change.ties_lost[["source", "target"]].itertuples(index=False)} == {
        frozenset(("A1", "B2"))
    }
    assert {frozenset(p) for p in change.ties_gained[["source", "target"]].itertuples(index=False)} == {
        frozenset(("A2", "B1"))
    }
    confirmed = corrected.ties[(corrected.ties["wave"] == "2022 workshop") & (corrected.ties["source"] == "A3")]
    assert (confirmed.loc[confirmed["target"] == "Gateway", ["weight", "reported_by"]].values.tolist()) == [[5.0, ""]]


def test_bad_answers_are_located_errors(survey, tmp_path):
    eco = load(survey)
    path = write_workshop_workbook(eco, tmp_path / "corrections.xlsx")
    filled = _fill(
        path, {("A1", "A2"): ("maybe", None), ("A1", "A3"): ("right", -2)}, new_rows=[("Nobody", "A1", "", "new", 1)]
    )
    with pytest.raises(SurveyDataError) as caught:
        read_workshop(filled, eco)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert (2, "Answer") in where or any(p.row == 2 and "maybe" in p.message for p in caught.value.problems)
    assert any("positive" in p.message for p in caught.value.problems)
    assert any("Nobody" in p.message and p.column == "Organisation" for p in caught.value.problems)


def test_sheets_are_one_per_group_and_escape_names(tmp_path):
    import networkx as nx

    from skane_ecosystem import Ecosystem

    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "<script>alert(1)</script>", 1: "Lund Hub", 2: "Ystad Hub"}, "name")
    nx.set_node_attributes(G, {0: "Lund", 1: "Lund", 2: "Ystad"}, "municipality")
    pages = workshop_pages(Ecosystem.from_networkx(G), lang="sv")
    assert sorted(pages) == ["lund.html", "ystad.html"]
    assert "<script>alert" not in pages["lund.html"] and "&lt;script&gt;" in pages["lund.html"]
    assert "http" not in pages["lund.html"].replace("http-equiv", "")  # nothing fetched from anywhere


def test_cli_workshop_then_compare_with_the_answers(survey, tmp_path):
    runner = CliRunner()
    out = tmp_path / "workshop"
    result = runner.invoke(app, ["workshop", str(survey), "--out", str(out), "--lang", "sv"])
    assert result.exit_code == 0, result.output
    assert {"lund.html", "workshop_rattelser.xlsx", "run.json"} <= {p.name for p in out.iterdir()}
    filled = _fill(out / "workshop_rattelser.xlsx", {("A1", "B2"): ("stämmer inte", None)})
    result = runner.invoke(app, ["compare", str(survey), "--workshop", str(filled), "--out", str(tmp_path / "change")])
    assert result.exit_code == 0, result.output
    lost = pd.read_csv(tmp_path / "change" / "ties_lost.csv", encoding="utf-8-sig")
    assert {frozenset(p) for p in lost[["source", "target"]].itertuples(index=False)} == {frozenset(("A1", "B2"))}
