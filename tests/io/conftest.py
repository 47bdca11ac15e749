"""Fixtures for the loader tests; the file writers live in survey_files.py."""

import pytest
from survey_files import ACTORS, TIES, write_xlsx


@pytest.fixture(scope="session")
def survey_xlsx(tmp_path_factory):
    return write_xlsx(tmp_path_factory.mktemp("survey") / "survey.xlsx", {"actors": ACTORS, "ties": TIES})
