"""A copy of the demo workbook keeps its synthetic label; a survey of one's own never gets it."""

import shutil

import openpyxl
import pytest

import skane_ecosystem as se
from skane_ecosystem.io.workbook import SYNTHETIC_MARKS


@pytest.fixture
def demo_copy(tmp_path):
    from skane_ecosystem.io.sources import _DEMO_FOLDER

    copy = tmp_path / "my_survey.xlsx"
    shutil.copy(_DEMO_FOLDER / "skane_demo.xlsx", copy)
    return copy


def test_copy_of_demo_workbook_is_labelled_synthetic(demo_copy):
    assert se.load(demo_copy).synthetic


def _workbook(path, readme_first_cell=None):
    book = openpyxl.Workbook()
    if readme_first_cell is not None:
        book.active.title = "README"
        book.active.append([readme_first_cell])
        ties = book.create_sheet("ties")
    else:
        ties = book.active
        ties.title = "ties"
    ties.append(["source", "target"])
    ties.append(["A", "B"])
    book.save(path)
    return path


@pytest.mark.parametrize("first_cell", [None, "About this survey", "Not SYNTHETIC DEMO DATA"])
def test_own_workbook_is_not_labelled_synthetic(tmp_path, first_cell):
    assert not se.load(_workbook(tmp_path / "survey.xlsx", first_cell)).synthetic


@pytest.mark.parametrize("mark", SYNTHETIC_MARKS)
def test_readme_that_says_synthetic_labels_the_data(tmp_path, mark):
    assert se.load(_workbook(tmp_path / "survey.xlsx", f"{mark}. Invented.")).synthetic
