"""Skåne on a map: the municipality table, reconciling what a survey writes, the
outline, positions, other regions' files and the static geography figure."""

from __future__ import annotations

import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import SurveyDataError
from skane_ecosystem.io.registers import SKANE_MUNICIPALITIES, reconcile_municipality


def _loaded(*written: str):
    """An ecosystem whose actors' municipalities are written as given, one actor each."""
    actors = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(written))],
            "name": [f"Actor {i}" for i in range(len(written))],
            "sector": "public",
            "municipality": list(written),
        }
    )
    ties = pd.DataFrame({"source": ["a0"], "target": [f"a{len(written) - 1}"]})
    return se.load(ties, actors=actors)


# ------------------------------------------------------------ the municipality column
@pytest.mark.parametrize(
    "written, read",
    [
        ("Malmö", "Malmö"),
        ("Malmo", "Malmö"),
        ("Hassleholm", "Hässleholm"),
        ("1280", "Malmö"),
        ("Kristiansta", "Kristianstad"),
        ("lunds kommun", "Lund"),
        ("Malmö stad", "Malmö"),
        ("1281 Lund", "Lund"),
    ],
)
def test_the_municipality_column_reads_names_misspellings_and_codes(written, read):
    assert reconcile_municipality(written)[0] == read


def test_a_near_miss_is_a_warning_saying_what_it_became():
    eco = _loaded("Kristiansta", "Malmo", "Lund", "1280")
    assert eco.actors["municipality"].tolist() == ["Kristianstad", "Malmö", "Lund", "Malmö"]
    messages = [p.message for p in eco.validation.problems if p.column == "municipality"]
    assert len(messages) == 2
    assert "'Kristiansta' read as 'Kristianstad'" in messages[0]
    assert "'Malmo' read as 'Malmö'" in messages[1]


def test_an_ambiguous_municipality_is_an_error_listing_the_candidates():
    with pytest.raises(ValueError, match="'Åby'.*'Äby'"):
        reconcile_municipality("Aby", {"0001": "Åby", "0002": "Äby"})


def test_an_ambiguous_municipality_in_a_survey_is_a_located_error(monkeypatch):
    monkeypatch.setitem(SKANE_MUNICIPALITIES, "1299", "Målmö")  # folds like Malmö
    with pytest.raises(SurveyDataError) as caught:
        _loaded("Lund", "malmo")
    (problem,) = caught.value.problems
    assert problem.row == 1 and problem.column == "municipality"  # the frame's index label
    assert "Malmö" in problem.message and "Målmö" in problem.message


def test_other_regions_municipalities_are_kept_as_written():
    assert reconcile_municipality("Göteborg") == ("Göteborg", None)
    assert reconcile_municipality("") == ("", None)
