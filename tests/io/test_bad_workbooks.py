"""Hostile and damaged workbooks: a located SurveyDataError, never a traceback, a hang or a huge allocation.

Each file is built for real: a survey written with openpyxl, then its zip rewritten
with the sheet XML or the zip headers patched the way a damaged or hostile file has them.
"""

import itertools
import re
import struct
import zipfile

import pytest
from survey_files import ACTORS, TIES, write_xlsx
from typer.testing import CliRunner

from skane_ecosystem import SurveyDataError
from skane_ecosystem.cli import app
from skane_ecosystem.io import load
from skane_ecosystem.io.safety import EXCEL_MAX_ROWS, MAX_WORKBOOK_CELLS, check_xlsx_archive
from skane_ecosystem.io.workbook import open_workbook

TIES_XML = "xl/worksheets/sheet2.xml"  # write_xlsx writes actors first, ties second


@pytest.fixture
def survey(tmp_path):
    return write_xlsx(tmp_path / "survey.xlsx", {"actors": ACTORS, "ties": TIES})


def patched(source, target, change, part=TIES_XML):
    """A copy of a workbook with one part's XML text changed."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == part:
                data = change(data.decode()).encode()
            zout.writestr(name, data)
    return target


def renumber_row(xml: str, old: int, new) -> str:
    """Row ``old`` claims to be row ``new``, its cells too."""
    xml = xml.replace(f'<row r="{old}"', f'<row r="{new}"')
    return re.sub(rf'(<c r="[A-Z]+){old}"', rf'\g<1>{new}"', xml)


def refusal(path) -> str:
    with pytest.raises(SurveyDataError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.file == path.name
    return problem


def cli(*args):
    result = CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "250"})
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


# ------------------------------------------------------------- zip headers
def with_version_needed(source, target, version: int, headers=(b"PK\x01\x02",)):
    """A copy whose zip headers say ``version`` (e.g. 64 = 6.4) is needed to extract each part.

    The field sits 6 bytes into a central directory record and 4 bytes into a local file header.
    """
    data = bytearray(source.read_bytes())
    for signature in headers:
        offset = 6 if signature == b"PK\x01\x02" else 4
        for found in re.finditer(re.escape(signature), data):
            data[found.start() + offset : found.start() + offset + 2] = struct.pack("<H", version)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("version", [64, 99, 0xFFFF])
def test_an_unusual_version_needed_is_a_located_error(tmp_path, survey, version):
    # Before: NotImplementedError("zip file version 6.4") escaped from sniff(), a crash.
    path = with_version_needed(survey, tmp_path / "odd.xlsx", version)
    problem = refusal(path)
    assert "zip" in problem.message and "save it again" in problem.message
    code, text = cli("validate", path)
    assert code == 2 and "odd.xlsx" in text


def test_a_version_needed_only_in_the_local_headers_is_harmless(tmp_path, survey):
    # The directory decides how parts are read; a local header's field is not consulted.
    path = with_version_needed(survey, tmp_path / "local.xlsx", 0xFFFF, headers=(b"PK\x03\x04",))
    assert len(load(path).ties) == len(TIES) - 1


def test_an_encrypted_or_oddly_compressed_part_is_refused_before_reading(tmp_path, survey):
    data = bytearray(survey.read_bytes())
    first = data.index(b"PK\x01\x02")
    data[first + 8] |= 0x01  # the "encrypted" flag of the first part in the directory
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(SurveyDataError, match="compressed or encrypted in a way Excel never uses"):
        check_xlsx_archive(path)


def test_each_xml_part_has_a_size_limit(survey):
    with pytest.raises(SurveyDataError, match="more than the limit of .* save the sheet as CSV"):
        check_xlsx_archive(survey, max_xml_part=1000)


# ------------------------------------------------------ rows past Excel's end
@pytest.mark.parametrize("claimed", [EXCEL_MAX_ROWS + 1, 5_000_000, 99_999_999])
def test_a_row_past_excels_last_row_is_refused_before_reading_on(tmp_path, survey, claimed):
    # Before: openpyxl filled the gap with empty rows one at a time; row 99,999,999 took 49 s.
    path = patched(survey, tmp_path / "far.xlsx", lambda xml: renumber_row(xml, 5, claimed))
    problem = refusal(path)
    assert problem.sheet == "ties"
    assert f"{claimed:,}" in problem.message and "1,048,576" in problem.message


def test_a_huge_declared_dimension_is_ignored(tmp_path, survey):
    path = patched(
        survey,
        tmp_path / "dim.xlsx",
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD99999999"', xml),
    )
    assert len(load(path).ties) == len(TIES) - 1


def test_a_cell_past_excels_last_column_is_refused(tmp_path, survey):
    path = patched(survey, tmp_path / "wide.xlsx", lambda xml: xml.replace('<c r="E5"', '<c r="XFE5"'))
    problem = refusal(path)
    assert (problem.sheet, problem.row) == ("ties", 5) and "XFD" in problem.message


def test_rows_with_gaps_keep_the_numbers_excel_shows(tmp_path, survey):
    path = patched(survey, tmp_path / "gaps.xlsx", lambda xml: renumber_row(renumber_row(xml, 5, 900), 4, 40))
    assert len(load(path).ties) == len(TIES) - 1
    with open_workbook(path) as book:
        assert [number for number, _ in book.grid("ties").rows] == [1, 2, 3, 40, 900]


# ------------------------------------------------------ malformed row numbers
@pytest.mark.parametrize(
    "change, row",
    [
        (lambda xml: renumber_row(xml, 4, 3), 3),  # row 3 again: its tie would be dropped
        (lambda xml: renumber_row(xml, 4, 2), 3),  # going back
        (lambda xml: xml.replace('<row r="4"', '<row r="-4"'), 3),  # negative
    ],
    ids=["repeated", "backwards", "negative"],
)
def test_a_row_number_that_repeats_or_goes_back_is_refused_not_dropped(tmp_path, survey, change, row):
    # Before: the workbook loaded with 3 ties instead of 4, and nothing said so.
    path = patched(survey, tmp_path / "rows.xlsx", change)
    problem = refusal(path)
    assert (problem.sheet, problem.row) == ("ties", row)
    assert "would be lost" in problem.message


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml.replace('<row r="4"', '<row r="abc"'),
        lambda xml: xml.replace('<row r="4"', '<row r="4.5"'),
        lambda xml: xml.replace('<c r="A4"', '<c r="A"'),
    ],
    ids=["letters", "fraction", "cell without row"],
)
def test_a_malformed_row_or_cell_reference_is_located_after_the_last_good_row(tmp_path, survey, change):
    path = patched(survey, tmp_path / "bad.xlsx", change)
    problem = refusal(path)
    assert problem.sheet == "ties" and "after row 3" in problem.message


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml.replace('<c r="B4"', '<c r="B7"'),  # a cell of row 7 inside row 4
        lambda xml: xml.replace('<c r="B4"', '<c r="A4"'),  # column A twice
    ],
    ids=["other row", "repeated column"],
)
def test_a_cell_out_of_place_is_refused_so_no_value_hides_another(tmp_path, survey, change):
    path = patched(survey, tmp_path / "cells.xlsx", change)
    problem = refusal(path)
    assert (problem.sheet, problem.row) == ("ties", 4) and "out of place" in problem.message


# ------------------------------------------------------------ bounded work
def far_right_survey(path, rows: int):
    """Ties whose header and rows each have a note in column XFD (Excel's last).

    Every guard on bytes passes (the file is small and compresses like any sheet),
    but each row read as wide as its header is 16,384 cells: 2,000 rows made
    32 million cells before reading was bounded by cells.
    """
    ties = [["source", "target", "weight"]] + [["rs", "lu", 1] for _ in range(rows)]
    path = write_xlsx(path, {"actors": ACTORS, "ties": ties})

    def add_notes(xml):
        return re.sub(
            r'(<row r="(\d+)"[^>]*>.*?)(</row>)', r'\1<c r="XFD\2" t="inlineStr"><is><t>note</t></is></c>\3', xml
        )

    return patched(path, path.with_name("notes.xlsx"), add_notes)


def test_a_workbook_that_would_grow_a_huge_grid_stops_at_the_cell_limit(tmp_path):
    path = far_right_survey(tmp_path / "survey.xlsx", rows=2_000)
    problem = refusal(path)
    assert problem.sheet == "ties" and f"{MAX_WORKBOOK_CELLS:,} cells" in problem.message
    assert "CSV" in problem.message
    # By construction reading stopped after as many rows as the limit allows of 16,384 cells.
    assert problem.row <= MAX_WORKBOOK_CELLS // 16_384 + 2


def test_the_cell_limit_counts_every_sheet_read(survey):
    with open_workbook(survey, max_cells=40) as book:
        book.grid("actors")  # 6 rows of 4 cells
        with pytest.raises(SurveyDataError, match="more than 40 cells") as caught:
            book.grid("ties")
    assert caught.value.problems[0].sheet == "ties"


def test_analyze_of_a_hostile_workbook_exits_2_and_writes_nothing(tmp_path, survey):
    path = patched(survey, tmp_path / "far.xlsx", lambda xml: renumber_row(xml, 5, 99_999_999))
    out = tmp_path / "out"
    code, text = cli("analyze", path, "--out", out)
    assert code == 2 and "far.xlsx ties" in text and "99,999,999" in text
    assert not out.exists() or not any(out.iterdir())


def test_a_wide_header_makes_every_row_count_as_wide(tmp_path):
    # Each row becomes as wide as the header in the table built from it, whatever it holds.
    header = ["source", "target"] + [f"column {i}" for i in range(2_000)]
    path = write_xlsx(tmp_path / "wide.xlsx", {"ties": [header] + [["rs", "lu"]] * 200})
    with open_workbook(path, max_cells=100_000) as book:
        with pytest.raises(SurveyDataError, match="more than 100,000 cells") as caught:
            book.grid("ties")
    assert caught.value.problems[0].row == 100_000 // len(header) + 1


def test_a_row_crowded_with_elements_is_refused_while_it_is_read(tmp_path, survey):
    # Before: a row of a million empty cells (a 2 MB file that passes every size guard)
    # was held whole, 750 MB, before anything looked at it.
    styles = itertools.cycle(range(997))
    crowd = "".join(f'<c s="{next(styles)}"/>' for _ in range(200_000))
    path = patched(survey, tmp_path / "crowded.xlsx", lambda xml: xml.replace('<row r="5">', '<row r="5">' + crowd))
    problem = refusal(path)
    assert problem.sheet == "ties" and "row after row 4 holds more than" in problem.message


def test_a_row_inside_a_row_is_refused(tmp_path, survey):
    path = patched(survey, tmp_path / "nested.xlsx", lambda xml: xml.replace('<row r="4">', '<row r="4"><row r="40"/>'))
    problem = refusal(path)
    assert problem.sheet == "ties" and "after row 3" in problem.message
