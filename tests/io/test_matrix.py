"""load_matrix on adjacency matrices in workbooks and CSV files."""

import pandas as pd
import pytest
from survey_files import ACTORS, located, unchanged, write_csv, write_xlsx

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load, load_matrix

NAMES = ["Region Skåne", "Lunds universitet", "Coompanion Skåne"]

# Row i, column j is what actor i reported about j.  By hand:
#   Region Skåne -> Lunds universitet  3      (3)
#   Lunds universitet -> Region Skåne  2,5    (decimal comma, typed as text)
#   Lunds universitet -> Coompanion    0      (zero: no tie)
#   Coompanion -> Coompanion           9      (diagonal: ignored)
#   Coompanion -> Lunds universitet    1
MATRIX = [
    ["", *NAMES],
    ["Region Skåne", None, 3, None],
    ["Lunds universitet", "2,5", None, 0],
    ["Coompanion Skåne", None, 1, 9],
]
EXPECTED = [
    ("Coompanion Skåne", "Lunds universitet", 1.0),
    ("Lunds universitet", "Region Skåne", 2.5),
    ("Region Skåne", "Lunds universitet", 3.0),
]


def _ties(eco):
    names = eco.actors["name"]
    return sorted((names[s], names[t], w) for s, t, w in eco.ties[["source", "target", "weight"]].values)


def test_workbook_matrix_by_hand(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"Blad1": MATRIX})
    with unchanged(path):
        eco = load_matrix(path, relation="funding", wave=2022)
    assert _ties(eco) == EXPECTED
    assert set(eco.ties["relation"]) == {"funding"} and set(eco.ties["wave"]) == {"2022"}
    assert eco.ties["reported_by"].tolist() == eco.ties["source"].tolist()  # rows are the respondents
    assert eco.actors["sector"].tolist() == ["other"] * 3
    assert any("matrix labels with sector 'other'" in p.message for p in eco.validation.warnings)


def test_csv_matrix_with_decimal_comma_and_reordered_columns(tmp_path):
    rows = [
        ["", "Coompanion Skåne", "Region Skåne", "Lunds universitet"],
        ["region skane", "", "", "3"],  # labels compared ignoring case and accents
        ["Lunds universitet", "", "2,5", ""],
        ["Coompanion Skåne", "9", "", "1"],
    ]
    path = write_csv(tmp_path / "m.csv", rows, "cp1252", ";")
    eco = load_matrix(path)
    names = {"region skane": "Region Skåne"}  # the row label names the actor
    assert [(names.get(s, s), names.get(t, t), w) for s, t, w in _ties(eco)] == EXPECTED


def test_actors_sheet_in_the_same_workbook_gives_the_sectors(tmp_path):
    actors = [
        ["id", "name", "sector"],
        ["rs", "Region Skåne", "offentlig"],
        ["lu", "Lunds universitet", "akademi"],
        ["co", "Coompanion Skåne", "idéburen"],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"aktörer": actors, "samarbete": MATRIX})
    eco = load_matrix(path)
    assert eco.actors["sector"].to_dict() == {"rs": "public", "lu": "academia", "co": "civil_society"}
    assert sorted(eco.ties[["source", "target"]].itertuples(index=False, name=None)) == [
        ("co", "lu"),
        ("lu", "rs"),
        ("rs", "lu"),
    ]


def test_actors_from_a_dataframe(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"Blad1": MATRIX})
    actors = pd.DataFrame({"name": NAMES, "sector": ["public", "academia", "civil society"]})
    eco = load_matrix(path, actors=actors)
    assert eco.actors["sector"].tolist() == ["public", "academia", "civil_society"]


def test_cell_problems_are_located_at_the_cell(tmp_path):
    rows = [
        ["", *NAMES],
        ["Region Skåne", None, -1, None],  # row 2, column 'Lunds universitet'
        ["Lunds universitet", "ofta", None, None],  # row 3, column 'Region Skåne'
        ["Coompanion Skåne", None, None, None],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"Blad1": rows})
    with pytest.raises(SurveyDataError) as caught:
        load_matrix(path)
    where = sorted((p.sheet, p.row, p.column) for p in caught.value.problems)
    assert where == [("Blad1", 2, "Lunds universitet"), ("Blad1", 3, "Region Skåne")]
    assert "positive" in located(caught.value, row=2)[0].message
    assert "'ofta'" in located(caught.value, row=3)[0].message


def test_labels_must_match(tmp_path):
    rows = [["", "A", "B", "C"], ["A", None, 1, None], ["B", 1, None, None], ["D", None, None, None]]
    path = write_csv(tmp_path / "m.csv", rows, "utf-8", ",")
    with pytest.raises(SurveyDataError) as caught:
        load_matrix(path)
    where = sorted((p.row, p.column) for p in caught.value.problems)
    assert where == [(1, "C"), (4, "A")]  # C: a column without a row; D: a row without a column
    assert "'D' has a row but no column" in located(caught.value, row=4)[0].message


def test_unknown_label_is_reported_once_at_the_label(tmp_path):
    rows = [
        ["", "Region Skåne", "Lunds universitet", "Rymdstyrelsen"],
        ["Region Skåne", None, 1, 2],
        ["Lunds universitet", 1, None, 3],
        ["Rymdstyrelsen", 1, 1, None],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"actors": ACTORS, "matris": rows})
    with pytest.raises(SurveyDataError) as caught:
        load_matrix(path, sheet="matris")
    where = sorted((p.sheet, p.row, p.column) for p in caught.value.problems)
    # Its column (header row 1) and its row (row 4, label column 'A'): once each,
    # though four cells name it.
    assert where == [("matris", 1, "Rymdstyrelsen"), ("matris", 4, "A")]
    assert all("closest actors are" in p.message for p in caught.value.problems)


def test_load_detects_a_matrix_in_a_workbook_and_in_a_csv(tmp_path):
    xlsx = write_xlsx(tmp_path / "m.xlsx", {"instruktioner": [["Fyll i matrisen"]], "Blad1": MATRIX})
    assert _ties(load(xlsx)) == EXPECTED
    csv_path = write_csv(
        tmp_path / "m.csv", [[("" if c is None else str(c)) for c in r] for r in MATRIX], "utf-8-sig", ";"
    )
    assert _ties(load(csv_path, relation="advice")) == EXPECTED


def test_load_refuses_to_guess_between_two_matrices(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", {"samarbete": MATRIX, "finansiering": MATRIX})
    with pytest.raises(SurveyDataError, match="no sheet 'ties'.*'samarbete', 'finansiering'"):
        load(path)
    assert len(load_matrix(path, sheet="finansiering").ties) == 3


def test_a_csv_has_no_sheets(tmp_path):
    path = write_csv(tmp_path / "m.csv", [["", "A", "B"], ["A", "", "1"], ["B", "1", ""]])
    with pytest.raises(ValueError, match="m.csv is a CSV file, which has no sheets"):
        load_matrix(path, sheet="Blad1")
