"""Property-based: whatever a file holds, loading ends in an Ecosystem or a SurveyDataError.

Random headers, random cells (text, numbers, empties, formulas), random sheet names,
random encodings and separators, and random bytes are written to real files; no other
exception may escape, and a loaded Ecosystem must give a graph.
"""

import csv
import hashlib
import io
import itertools
import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from survey_files import write_csv, write_xlsx

from skane_ecosystem import Ecosystem, SurveyDataError
from skane_ecosystem.io import load, load_matrix

# 50 examples keep the suite fast; FUZZ_EXAMPLES=500 searches deeper (about 3 minutes).
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text a spreadsheet can hold: no control characters or lone surrogates.
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)

HEADERS = st.one_of(
    st.sampled_from(
        [
            "id",
            "name",
            "namn",
            "sector",
            "Sektor",
            "source",
            "källa",
            "target",
            "mål",
            "weight",
            "vikt",
            "relation",
            "wave",
            "respondent",
            "reported_by",
            "alias",
            "actor_id",
            "",
        ]
    ),
    _text,
)
CELLS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "Region Skåne",
            "region skane",
            "Lunds universitet",
            "a",
            "b",
            "2,5",
            "-1",
            "0",
            "ja",
            "nej",
            "offentlig",
            "akademi",
            "rymd",
            "=1+1",
            "",
            " ",
        ]
    ),
    _text,
    st.integers(-3, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
)
ROWS = st.lists(st.lists(CELLS, max_size=6), max_size=8)
SHEET_NAMES = st.one_of(
    st.sampled_from(["actors", "ties", "aliases", "Aktörer", "RELATIONER", "alias", "Blad1"]),
    st.text(string.ascii_letters + "åäöÅÄÖ _-", min_size=1, max_size=31),
)


def _table():
    return st.builds(lambda header, rows: [header, *rows], st.lists(HEADERS, min_size=1, max_size=6), ROWS)


_folders = itertools.count()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A fresh folder per example (hypothesis runs many examples in one test call)."""
    base = tmp_path_factory.mktemp("fuzz")

    def make():
        folder = base / str(next(_folders))
        folder.mkdir()
        return folder

    return make


def _loads_or_explains(load_call, *paths):
    before = [hashlib.sha256(p.read_bytes()).digest() for p in paths]
    try:
        eco = load_call()
    except SurveyDataError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
    else:
        assert isinstance(eco, Ecosystem)
        eco.graph()
        eco.graph(mode="mutual")
    assert [hashlib.sha256(p.read_bytes()).digest() for p in paths] == before


@FUZZ
@given(sheets=st.dictionaries(SHEET_NAMES, _table(), min_size=1, max_size=3))
def test_random_workbooks(scratch, sheets):
    path = write_xlsx(scratch() / "survey.xlsx", sheets)
    _loads_or_explains(lambda: load(path), path)


@FUZZ
@given(
    actors=_table(),
    ties=_table(),
    encoding=st.sampled_from(["utf-8-sig", "cp1252", "utf-8"]),
    separator=st.sampled_from([";", ",", "\t"]),
)
def test_random_csv_folders(scratch, actors, ties, encoding, separator):
    folder = scratch()
    actors_path = folder / "actors.csv"
    actors_path.write_bytes(_csv_bytes(actors, encoding, separator))
    ties_path = folder / "ties.csv"
    ties_path.write_bytes(_csv_bytes(ties, encoding, separator))
    _loads_or_explains(lambda: load(folder), actors_path, ties_path)
    _loads_or_explains(lambda: load(ties_path), ties_path)


@FUZZ
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
    encoding=st.sampled_from(["utf-8-sig", "cp1252", "utf-8", "utf-16"]),
)
def test_random_text_files(scratch, text, encoding):
    path = scratch() / "ties.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _loads_or_explains(lambda: load(path), path)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".graphml", ".gexf", ""]))
def test_random_bytes(scratch, data, suffix):
    path = scratch() / f"survey{suffix}"
    path.write_bytes(data)
    _loads_or_explains(lambda: load(path), path)


@FUZZ
@given(
    labels=st.lists(st.sampled_from(["A", "B", "C", "Å", "a", "", "D"]), min_size=1, max_size=4),
    cells=st.lists(st.lists(CELLS, max_size=5), max_size=5),
)
def test_random_matrices(scratch, labels, cells):
    rows = [["", *labels]] + [[label, *row] for label, row in zip(labels, cells)]
    path = write_xlsx(scratch() / "matrix.xlsx", {"Blad1": rows})
    _loads_or_explains(lambda: load_matrix(path), path)
    csv_path = write_csv(
        path.with_suffix(".csv"), [[("" if c is None else str(c)) for c in r] for r in rows], "utf-8", ";"
    )
    _loads_or_explains(lambda: load(csv_path), csv_path)


def _csv_bytes(rows, encoding, separator) -> bytes:
    """Rows as CSV bytes; characters the encoding lacks become '?' as Excel would write them."""
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=separator).writerows([["" if c is None else str(c) for c in row] for row in rows])
    return text.getvalue().encode(encoding, errors="replace")
