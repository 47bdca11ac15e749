"""A roster export's open answers become qualitative material to code (issue 17)."""

from __future__ import annotations

import pytest

from skane_ecosystem import SurveyDataError, load_roster

from .survey import QUESTIONS, RESPONDENT_QUESTION, google_rows, write_actors_csv, write_csv

OPEN = "What hinders your work? Vad hindrar ert arbete?"


def _export_with_open_answers(tmp_path, answers: dict):
    rows = google_rows()
    rows[0].append(OPEN)
    respondents = [row[1] for row in rows[1:]]
    for row, respondent in zip(rows[1:], respondents):
        row.append(answers.get(respondent, ""))
    return write_csv(tmp_path / "export.csv", rows)


def test_open_answers_are_kept_as_uncoded_passages_of_their_respondent(tmp_path):
    export = _export_with_open_answers(tmp_path, {"Region Skåne": "Regelverket", "Malmö stad": "  "})
    eco = load_roster(
        export,
        respondent_column=RESPONDENT_QUESTION,
        questions=QUESTIONS,
        actors=write_actors_csv(tmp_path / "actors.csv"),
        free_text="What hinders",
    )
    assert eco.qualitative.to_dict("records") == [
        {"actor": "A1", "code": "", "kind": "", "quote": "Regelverket", "source": f"open answer: {OPEN}"}
    ]


def test_an_open_question_not_in_the_export_is_a_located_error(tmp_path):
    export = _export_with_open_answers(tmp_path, {})
    with pytest.raises(SurveyDataError, match="no column starts with 'Why'") as caught:
        load_roster(export, respondent_column=RESPONDENT_QUESTION, questions=QUESTIONS, free_text=["Why"])
    assert caught.value.problems[0].row == 1
