"""The smallest files the fuzzer found failing, one test each, judged by the fuzzer's own rule.

Each test writes the reproducer from code and runs it through
:func:`.outcomes.run_case`, so a test passes exactly when the property of
``test_fuzz_loaders.py`` holds for that file.  Each failed on the code the fuzzer was
first run against (the comment in each test says how) and passes since the fix.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from .outcomes import FAILED, run_case
from .seeds import SEEDS, write_case

SEED = {seed.name: seed for seed in SEEDS}


def _outcome(case_folders, seed_name: str, files: dict[str, bytes] | None = None, tables=None, seconds=10.0):
    seed = SEED[seed_name]
    folder = case_folders()
    inputs = write_case(folder, files if files is not None else seed.files(tables))
    return run_case(seed.load, folder / seed.target, inputs, seconds=seconds)


def _tables(seed_name: str) -> dict[str, list[list]]:
    return {name: [list(row) for row in rows] for name, rows in SEED[seed_name].tables.items()}


def _without_part(data: bytes, part: str) -> bytes:
    """The zip ``data`` with the member ``part`` left out."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            if name != part:
                archive.writestr(name, source.read(name))
    return target.getvalue()


def _with_part_changed(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The zip ``data`` with ``old`` replaced by ``new`` in the member ``part``."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = source.read(name)
            archive.writestr(name, content.replace(old, new) if name == part else content)
    return target.getvalue()


def _set_central_directory_field(data: bytes, offset: int, value: int, size: int = 2) -> bytes:
    """The zip ``data`` with one field of its first central-directory record overwritten."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + value.to_bytes(size, "little") + data[at + size :]


# ------------------------------------------------------------------ found by the fuzzer
@pytest.mark.parametrize("seed_name", ["workbook", "google_xlsx"])
def test_zip_needing_a_newer_zip_version_is_a_survey_data_error(case_folders, seed_name):
    # The central directory says part 1 needs zip version 9.9 to extract (Python reads up to 6.3).
    workbook = SEED[seed_name].files()[SEED[seed_name].filename]
    damaged = _set_central_directory_field(workbook, offset=6, value=99)
    outcome = _outcome(case_folders, seed_name, {SEED[seed_name].filename: damaged})
    assert outcome.kind != FAILED, f"{outcome.detail}\n{outcome.reason}"


def test_google_header_with_many_brackets_loads_in_time(case_folders):
    # An 80,000-character header "[a[a[a...": the regex tries every '[' against the rest
    # (about 5 s for 40,000 characters, four times as long for twice as many).  The
    # match holds the GIL, so the failure is reported only when it returns (20-60 s).
    tables = _tables("google_csv")
    tables["responses.csv"][0][2] = "[a" * 40_000
    outcome = _outcome(case_folders, "google_csv", tables=tables)
    assert outcome.kind != FAILED, f"{outcome.detail}\n{outcome.reason}"


@pytest.mark.parametrize("seed_name", ["google_xlsx", "qualtrics_xlsx"])
def test_roster_workbook_without_its_sheet_is_a_survey_data_error(case_folders, seed_name):
    # The workbook lists its sheet, but the sheet's part is gone: openpyxl then shows no sheets.
    seed = SEED[seed_name]
    damaged = _without_part(seed.files()[seed.filename], "xl/worksheets/sheet1.xml")
    outcome = _outcome(case_folders, seed_name, {seed.filename: damaged})
    assert outcome.kind != FAILED, f"{outcome.detail}\n{outcome.reason}"


def test_row_number_beyond_excel_is_refused_in_time(case_folders):
    # The last row of the ties sheet claims to be row 20,000,000 (found as r="1e308", which never ends).
    seed = SEED["workbook"]
    damaged = _with_part_changed(
        seed.files()[seed.filename], "xl/worksheets/sheet2.xml", b'<row r="13">', b'<row r="20000000">'
    )
    outcome = _outcome(case_folders, "workbook", {seed.filename: damaged})
    assert outcome.kind != FAILED, f"{outcome.detail}\n{outcome.reason}"
