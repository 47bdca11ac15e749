"""load_workbook on real .xlsx files written with openpyxl."""

import pytest
from survey_files import ACTORS, TIES, located, unchanged, write_xlsx

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load_workbook


def test_reads_actors_and_ties_as_written_in_excel(survey_xlsx):
    with unchanged(survey_xlsx):
        eco = load_workbook(survey_xlsx)
    assert eco.actors.loc["rs", "name"] == "Region Skåne"
    assert eco.actors["sector"].to_dict() == {
        "rs": "public",
        "lu": "academia",
        "co": "civil_society",
        "ms": "public",
        "fy": "business",
    }
    assert eco.actors.loc["fy", "municipality"] == "Helsingborg"
    ties = eco.ties.set_index(["source", "target"])
    assert ties.loc[("rs", "lu"), "weight"] == 2.5  # "2,5" with a decimal comma
    assert ties.loc[("rs", "lu"), "relation"] == "collaboration"  # "samarbete"
    assert ties.loc[("co", "ms"), "relation"] == "funding"  # "finansiering"
    assert ties.loc[("ms", "fy"), "relation"] == "advice"  # "rådgivning"
    assert set(ties["wave"]) == {"2022"}
    # outputs show the file name as the source, never as the title (issue 15); the
    # full path is kept only to never write over it
    assert eco.meta == {
        "sources": ["survey.xlsx"],
        "synthetic": False,
        "source_paths": [str(survey_xlsx.resolve())],
    }


def test_swedish_sheet_and_header_names_in_any_case(tmp_path):
    actors = [
        ["Aktörs-ID", "NAMN", "  Sektor "],
        ["a", "Region Skåne", "Offentlig sektor"],
        ["b", "Lunds universitet", "Akademi"],
    ]
    ties = [["Källa", "Mål", "Vikt", "Våg"], ["a", "b", 2, 2019]]  # numbers typed as numbers
    path = write_xlsx(tmp_path / "enkät.xlsx", {" AKTÖRER ": actors, "Relationer": ties})
    eco = load_workbook(path)
    assert eco.actors["sector"].tolist() == ["public", "academia"]
    assert eco.ties[["source", "target", "weight", "wave"]].values.tolist() == [["a", "b", 2.0, "2019"]]


def test_alias_sheet_resolves_names_the_actors_sheet_does_not_know(tmp_path):
    ties = [["source", "target"], ["RS", "LU"], ["Regionen", "lu"]]
    aliases = [["alias", "actor_id"], ["RS", "rs"], ["LU", "lu"], ["Regionen", "rs"]]
    eco = load_workbook(write_xlsx(tmp_path / "a.xlsx", {"actors": ACTORS, "ties": ties, "alias": aliases}))
    assert eco.ties[["source", "target"]].values.tolist() == [["rs", "lu"]]  # second is the same tie again
    assert [p.row for p in eco.validation.warnings if "again" in p.message] == [3]


def test_every_problem_is_reported_at_once_with_its_location(tmp_path):
    actors = ACTORS + [
        ["rs", "Region Skåne igen", "public"],  # row 7: duplicate id
        ["xx", "Okänd AB", "aerospace"],
    ]  # row 8: unknown sector
    ties = [
        TIES[0],
        ["rs", "Lunds universitet", "", "-1", ""],  # row 2: negative weight
        ["rs", "lu", "", "0", ""],  # row 3: zero weight
        ["rs", "lu", "", "ofta", ""],  # row 4: not a number
        ["rs", "Malmo universitet", "", "1", ""],  # row 5: unknown actor
        ["co", "Coompanion Skåne", "", "1", ""],  # row 6: self-tie
        ["lu", "rs", "", "1,5", ""],  # row 7: fine (decimal comma)
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", {"actors": actors, "ties": ties})
    with unchanged(path), pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    where = {(p.file, p.sheet, p.row, p.column) for p in caught.value.problems}
    assert where == {
        ("bad.xlsx", "actors", 7, "id"),
        ("bad.xlsx", "actors", 8, "sector"),
        ("bad.xlsx", "ties", 2, "weight"),
        ("bad.xlsx", "ties", 3, "weight"),
        ("bad.xlsx", "ties", 4, "weight"),
        ("bad.xlsx", "ties", 5, "target"),
        ("bad.xlsx", "ties", 6, "target"),
    }
    problem = located(caught.value, sheet="actors", row=7)[0]
    assert "duplicate actor id 'rs'" in problem.message and "row 2" in problem.message
    assert "public" in located(caught.value, row=8)[0].message  # lists the accepted sectors
    assert "positive" in located(caught.value, sheet="ties", row=3)[0].message
    assert "'ofta'" in located(caught.value, sheet="ties", row=4)[0].message
    assert "itself" in located(caught.value, sheet="ties", row=6)[0].message


def test_unknown_actor_message_lists_the_three_closest_names(tmp_path):
    ties = [["source", "target"], ["Lunds universitet", "Malmö universitet"]]
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": ties})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("ties", 2, "target")
    assert "'Malmö universitet'" in problem.message
    # token_sort_ratio against "malmo universitet": lunds universitet 76.5, malmo stad 59.3,
    # coompanion skane 36.4, fyrtorn ab 29.6, region skane 27.6
    assert "closest actors are 'Lunds universitet', 'Malmö stad', 'Coompanion Skåne'" in problem.message


def test_missing_required_columns_are_named(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": [["namn"], ["A"]], "ties": [["från", "vikt"], ["A", 1]]})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    (sector,) = located(caught.value, file="s.xlsx", sheet="actors")
    assert "'sector'" in sector.message
    (target,) = located(caught.value, file="s.xlsx", sheet="ties")
    assert "missing ['target']" in target.message and "'från', 'vikt'" in target.message


def test_workbook_without_the_sheets_lists_the_sheets_it_has(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"Blad1": [["a", "b"], [1, 2]], "Blad2": [["x"]]})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    (problem,) = caught.value.problems
    assert problem.file == "s.xlsx"
    assert "no sheet 'ties'" in problem.message and "'Blad1', 'Blad2'" in problem.message


def test_two_sheets_for_one_role_are_refused(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "Aktörer": ACTORS, "ties": TIES})
    with pytest.raises(SurveyDataError, match="sheets 'actors' and 'Aktörer' could both be the actors table"):
        load_workbook(path)


def test_empty_file_and_empty_sheet(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(empty)
    assert caught.value.problems[0].file == "empty.xlsx" and "empty" in caught.value.problems[0].message

    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": []})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    assert any("sheet 'ties' is empty" in p.message for p in located(caught.value, sheet="ties"))


def test_duplicate_headers_are_an_error_and_headerless_values_a_warning(tmp_path):
    ties = [["source", "target", "Weight", "weight"], ["rs", "lu", 1, 2]]
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": ties})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("ties", 1, "weight")
    assert "columns C and D" in problem.message

    ties = [["source", "target", None, "weight"], ["rs", "lu", "note", 2]]
    eco = load_workbook(write_xlsx(tmp_path / "t.xlsx", {"actors": ACTORS, "ties": ties}))
    assert eco.ties["weight"].tolist() == [2.0]
    assert any("column C has values but no header" in p.message for p in eco.validation.warnings)


def test_blank_rows_keep_the_row_numbers_excel_shows(tmp_path):
    ties = [TIES[0], ["rs", "lu", "", 1, ""], [], [], ["rs", "nobody at all", "", 1, ""]]
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": ties})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    assert [p.row for p in caught.value.problems] == [5]


def test_warnings_do_not_stop_the_load(tmp_path):
    ties = [
        ["source", "target", "weight"],
        ["Lunds universitett", "Region Skåne", 2],  # fuzzy correction
        ["rs", "co", 1],
    ]  # one-sided between respondents (rs also answered)
    eco = load_workbook(write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": ties}))
    (correction,) = eco.validation.corrections
    assert (correction.sheet, correction.row, correction.column) == ("ties", 2, "source")
    assert correction.original == "Lunds universitett" and correction.corrected == "Lunds universitet"
    assert correction.score == pytest.approx(97.1)
    assert any("reported by one side only" in p.message for p in eco.validation.warnings)

    only_ties = load_workbook(write_xlsx(tmp_path / "t.xlsx", {"ties": [["source", "target"], ["A", "B"]]}))
    assert only_ties.actors["sector"].tolist() == ["other", "other"]
    assert any("inferred" in p.message for p in only_ties.validation.warnings)


def test_a_formula_text_cell_is_read_as_text_not_evaluated(tmp_path):
    actors = ACTORS + [['=HYPERLINK("x")', "Formula AB", "business"]]
    path = tmp_path / "s.xlsx"
    write_xlsx(path, {"actors": actors, "ties": TIES})
    eco = load_workbook(path)
    # openpyxl stores a string starting with '=' as a formula without a cached value,
    # so Excel would compute it; we read no value and fall back to the name as id.
    assert "Formula AB" in eco.actors.index


def test_reading_and_validation_problems_come_together(tmp_path):
    ties = [["source", "target", "weight", "WEIGHT"], ["rs", "lu", "x", 1]]
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS + [["rs", "Dubbel", "public"]], "ties": ties})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [
        ("ties", 1, "WEIGHT"),  # found while reading the sheet
        ("actors", 7, "id"),  # found by validation
        ("ties", 2, "weight"),
    ]
