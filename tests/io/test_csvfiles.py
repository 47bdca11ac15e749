"""load_csv on real CSV bytes in the encodings and separators Swedish users produce."""

import pytest
from survey_files import ACTORS, TIES, located, unchanged, write_csv, write_xlsx

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load_csv
from skane_ecosystem.io.csvfiles import decode_text, detect_separator

# (encoding, separator): Excel's "CSV UTF-8", Swedish Excel's default "CSV
# (semicolon separated)" in Windows-1252, a plain comma file from a script, and
# Excel's "Unicode text" (UTF-16, tab separated).
FLAVOURS = [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("utf-16", "\t")]


def _with_point(rows):
    """The survey with a decimal point, for comma-separated files (where '2,5' would need quotes)."""
    return [[cell.replace("2,5", "2.5") for cell in row] for row in rows]


@pytest.mark.parametrize("encoding, separator", FLAVOURS)
def test_each_encoding_and_separator_reads_the_same_survey(tmp_path, encoding, separator):
    ties = TIES if separator != "," else _with_point(TIES)
    write_csv(tmp_path / "actors.csv", ACTORS, encoding, separator)
    write_csv(tmp_path / "ties.csv", ties, encoding, separator)
    if encoding == "cp1252":  # really Windows-1252 bytes: 'å' is the single byte 0xE5
        assert b"Region Sk\xe5ne" in (tmp_path / "actors.csv").read_bytes()
    with unchanged(tmp_path / "actors.csv", tmp_path / "ties.csv"):
        eco = load_csv(tmp_path)
    assert eco.actors["name"].tolist() == [
        "Region Skåne",
        "Lunds universitet",
        "Coompanion Skåne",
        "Malmö stad",
        "Fyrtorn AB",
    ]
    assert eco.actors.loc["rs", "municipality"] == "Malmö"
    assert eco.actors["sector"].tolist() == ["public", "academia", "civil_society", "public", "business"]
    assert eco.ties[["source", "target", "weight"]].values.tolist() == [
        ["rs", "lu", 2.5],
        ["lu", "rs", 3.0],
        ["co", "ms", 1.0],
        ["ms", "fy", 4.0],
    ]
    assert eco.meta["sources"] == ["actors.csv", "ties.csv"]


def test_a_quoted_decimal_comma_in_a_comma_separated_file(tmp_path):
    write_csv(tmp_path / "ties.csv", [["source", "target", "weight"], ["A", "B", "2,5"]], "utf-8", ",")
    assert b'"2,5"' in (tmp_path / "ties.csv").read_bytes()
    assert load_csv(tmp_path / "ties.csv").ties["weight"].tolist() == [2.5]


def test_files_given_one_by_one_and_swedish_file_names(tmp_path):
    write_csv(tmp_path / "aktörer.csv", ACTORS, "cp1252", ";")
    write_csv(tmp_path / "relationer.csv", TIES, "cp1252", ";")
    write_csv(tmp_path / "alias.csv", [["alias", "aktörs id"], ["Regionen", "rs"]], "cp1252", ";")
    by_folder = load_csv(tmp_path)
    by_name = load_csv(ties=tmp_path / "relationer.csv", actors=tmp_path / "aktörer.csv")
    assert by_folder.ties.equals(by_name.ties) and by_folder.actors.equals(by_name.actors)
    assert by_folder.meta["sources"] == ["aktörer.csv", "relationer.csv", "alias.csv"]


def test_a_lone_ties_file_infers_actors_with_a_warning(tmp_path):
    path = write_csv(tmp_path / "edges.csv", [["från", "till"], ["Malmö stad", "Lunds kommun"]], "cp1252", ";")
    eco = load_csv(path)
    assert eco.actors.index.tolist() == ["Malmö stad", "Lunds kommun"]
    assert eco.actors["sector"].tolist() == ["other", "other"]
    (warning,) = eco.validation.warnings
    assert warning.file == "edges.csv" and "inferred" in warning.message


def test_row_numbers_match_what_excel_shows(tmp_path):
    # A blank line and a cell with a line break inside quotes: Excel shows the
    # header on row 1, A->B on 2, the multi-line note on 3, the blank row 4 and
    # the bad weight on row 5.
    text = 'source;target;weight;note\r\nA;B;1;\r\nB;C;2;"two\r\nlines"\r\n;;;\r\nC;A;x;\r\n'
    path = tmp_path / "ties.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(SurveyDataError) as caught:
        load_csv(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("ties.csv", None, 5, "weight")


def test_every_problem_is_located(tmp_path):
    actors = ACTORS + [["lu", "Lund igen", "akademi"], ["zz", "Rymd AB", "rymdindustri"]]
    ties = [
        ["källa", "mål", "vikt"],
        ["rs", "lu", "-2"],
        ["rs", "lu", "0"],
        ["rs", "lu", "mycket"],
        ["rs", "rs", "1"],
        ["rs", "Regionen Skåne AB", "1"],
    ]
    write_csv(tmp_path / "actors.csv", actors, "cp1252", ";")
    write_csv(tmp_path / "ties.csv", ties, "cp1252", ";")
    with pytest.raises(SurveyDataError) as caught:
        load_csv(tmp_path)
    where = sorted((p.file, p.row, p.column) for p in caught.value.problems)
    assert where == [
        ("actors.csv", 7, "id"),
        ("actors.csv", 8, "sector"),
        ("ties.csv", 2, "vikt"),
        ("ties.csv", 3, "vikt"),
        ("ties.csv", 4, "vikt"),
        ("ties.csv", 5, "mål"),
        ("ties.csv", 6, "mål"),
    ]
    assert "'rymdindustri'" in located(caught.value, row=8)[0].message


def test_folder_without_a_ties_file_lists_what_it_holds(tmp_path):
    write_csv(tmp_path / "actors.csv", ACTORS)
    write_csv(tmp_path / "svar.csv", TIES)
    with pytest.raises(SurveyDataError) as caught:
        load_csv(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file == tmp_path.name
    assert "no ties file" in problem.message and "actors.csv, svar.csv" in problem.message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf \r\n \r\n"], ids=["zero bytes", "BOM and blanks"])
def test_empty_files(tmp_path, content):
    path = tmp_path / "ties.csv"
    path.write_bytes(content)
    with pytest.raises(SurveyDataError) as caught:
        load_csv(path)
    (problem,) = caught.value.problems
    assert problem.file == "ties.csv"
    assert "empty" in problem.message or "no text" in problem.message


def test_a_workbook_renamed_csv_is_named_for_what_it_is(tmp_path, survey_xlsx):
    path = tmp_path / "ties.csv"
    path.write_bytes(survey_xlsx.read_bytes())
    with pytest.raises(SurveyDataError) as caught:
        load_csv(path)
    (problem,) = caught.value.problems
    assert problem.file == "ties.csv"
    assert "content is an Excel workbook (.xlsx)" in problem.message and "rename" in problem.message


def test_bytes_that_are_no_known_encoding_are_located(tmp_path):
    path = tmp_path / "ties.csv"
    # 0x8D: invalid in UTF-8 and cp1252, and no Swedish letter in Mac Roman ('ç'), so no reading fits.
    # (0x81, used before, is 'Å' in Mac Roman, which is now read as such, with a warning.)
    path.write_bytes(b"source;target\nA;B\n" + b"C\x8d;D\n")
    with pytest.raises(SurveyDataError) as caught:
        load_csv(path)
    (problem,) = caught.value.problems
    assert problem.row == 3 and "CSV UTF-8" in problem.message


def test_values_right_of_the_last_header_give_a_warning(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_bytes(b"source;target\nA;B;extra\n")
    eco = load_csv(path)
    assert [
        (p.row, "right of the last column header" in p.message) for p in eco.validation.warnings if p.row is not None
    ] == [(2, True)]


def test_separator_and_encoding_detection():
    assert detect_separator("källa;mål;vikt\nA;B;2,5\n") == ";"
    assert detect_separator("source\ttarget\n") == "\t"
    assert detect_separator('source,target,"a;b;c"\n') == ","
    assert detect_separator("\n\nid\n") == ","
    assert decode_text("Malmö;Ystad".encode("cp1252")) == "Malmö;Ystad"
    assert decode_text("\ufeffMalmö".encode("utf-8")) == "Malmö"
    assert decode_text("Malmö".encode("utf-16")) == "Malmö"


def test_two_files_for_one_role_are_refused(tmp_path):
    write_csv(tmp_path / "ties.csv", TIES)
    write_csv(tmp_path / "actors.csv", ACTORS)
    write_csv(tmp_path / "Aktörer.txt", ACTORS)
    with pytest.raises(SurveyDataError, match="files 'Aktörer.txt' and 'actors.csv' could both be the actors table"):
        load_csv(tmp_path)


def test_load_csv_needs_a_ties_file():
    with pytest.raises(ValueError, match="needs a folder, a ties file"):
        load_csv(actors="actors.csv")


def test_xlsx_helper_does_not_leak_into_csv_tests(tmp_path):
    # A folder with a workbook but no CSV: the message lists the workbook, so the
    # user sees that load() (not load_csv) is what they want.
    write_xlsx(tmp_path / "survey.xlsx", {"actors": ACTORS, "ties": TIES})
    with pytest.raises(SurveyDataError, match="survey.xlsx"):
        load_csv(tmp_path)
