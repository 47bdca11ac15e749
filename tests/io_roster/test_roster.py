"""load_roster: Google Forms and Qualtrics exports, as CSV and .xlsx, against a plain workbook."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from skane_ecosystem import SurveyDataError, load_roster
from skane_ecosystem.io.roster import DEFAULT_SCALE, NO_TIE_ANSWERS, RELATION_FROM_ANSWER
from skane_ecosystem.io.workbook import load_workbook

from .survey import (
    ANSWERS,
    COLLABORATION,
    EXPECTED_TIES,
    FUNDING,
    NAMES,
    QUESTIONS,
    RESPONDENT_QUESTION,
    google_rows,
    qualtrics_rows,
    write_actors_csv,
    write_csv,
    write_workbook,
    write_xlsx,
)

TIE_ORDER = ["source", "target", "relation", "wave", "reported_by"]


def sorted_ties(eco) -> pd.DataFrame:
    return eco.ties.sort_values(TIE_ORDER).reset_index(drop=True)


def load(path, **options):
    options = {"respondent_column": RESPONDENT_QUESTION, "questions": QUESTIONS, "wave": 2022, **options}
    return load_roster(path, **options)


@pytest.fixture
def workbook(tmp_path):
    """(a) the survey as an actors + ties workbook, the reference every export must match."""
    return write_workbook(tmp_path / "survey.xlsx")


@pytest.fixture
def reference(workbook):
    return load_workbook(workbook)


def problems_of(excinfo) -> list:
    return excinfo.value.problems


# ------------------------------------------------------- the same ecosystem
@pytest.mark.parametrize(
    "layout", ["google_csv", "google_cp1252_semicolons", "qualtrics_csv", "google_xlsx", "qualtrics_xlsx"]
)
def test_every_layout_loads_to_the_workbooks_ecosystem(tmp_path, workbook, reference, layout):
    writers = {
        "google_csv": lambda p: write_csv(p.with_suffix(".csv"), google_rows()),
        # What Swedish Excel writes when a Google export is opened and saved as CSV.
        "google_cp1252_semicolons": lambda p: write_csv(p.with_suffix(".csv"), google_rows(), "cp1252", ";"),
        "qualtrics_csv": lambda p: write_csv(p.with_suffix(".csv"), qualtrics_rows(), "utf-8-sig"),
        "google_xlsx": lambda p: write_xlsx(p.with_suffix(".xlsx"), google_rows()),
        "qualtrics_xlsx": lambda p: write_xlsx(p.with_suffix(".xlsx"), qualtrics_rows()),
    }
    export = writers[layout](tmp_path / "export")
    actors = write_actors_csv(tmp_path / "actors.csv")

    eco = load(export, actors=actors)

    pd.testing.assert_frame_equal(eco.actors, reference.actors)
    pd.testing.assert_frame_equal(sorted_ties(eco), sorted_ties(reference))
    assert len(eco.ties) == len(EXPECTED_TIES) == 12
    assert eco.actors["respondent"].to_dict() == {"A1": True, "A2": True, "A3": False, "A4": True, "A5": False}
    assert eco.waves == ["2022"]
    assert eco.meta["sources"] == [export.name, "actors.csv"]


def test_actors_read_from_the_actors_sheet_of_a_workbook(tmp_path, workbook, reference):
    export = write_csv(tmp_path / "export.csv", google_rows())
    eco = load(export, actors=workbook)
    pd.testing.assert_frame_equal(eco.actors, reference.actors)
    pd.testing.assert_frame_equal(sorted_ties(eco), sorted_ties(reference))


def test_actors_given_as_a_dataframe(tmp_path, reference):
    export = write_csv(tmp_path / "export.csv", google_rows())
    frame = reference.actors.drop(columns="respondent").reset_index()
    eco = load(export, actors=frame)
    pd.testing.assert_frame_equal(sorted_ties(eco), sorted_ties(reference))
    assert eco.actors.loc["A4", "sector"] == "civil_society"


def test_weights_follow_the_default_scale(tmp_path):
    export = write_csv(tmp_path / "export.csv", google_rows())
    eco = load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    weight = eco.ties.set_index(["source", "target", "relation"])["weight"]
    assert weight["A1", "A3", "collaboration"] == 5.0  # Dagligen
    assert weight["A4", "A5", "collaboration"] == 4.0  # the number 4
    assert weight["A1", "A5", "funding"] == 2.0  # A few times a year
    assert ("A1", "A5", "collaboration") not in weight.index  # Aldrig
    assert ("A2", "A4", "collaboration") not in weight.index  # Ingen kontakt


def test_the_input_files_are_left_untouched(tmp_path):
    export = write_xlsx(tmp_path / "export.xlsx", google_rows())
    actors = write_actors_csv(tmp_path / "actors.csv")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    load(export, actors=actors)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert after == before


# ---------------------------------------------------- the demo's contract
def test_the_demo_generators_call_works(tmp_path):
    questions = {
        "collaboration": "How often do you collaborate with these organisations?",
        "funding": "How often do you receive funding from or give funding to these organisations?",
        "advice": "How often do you seek or give advice with these organisations?",
        "information": "How often do you exchange information with these organisations?",
    }
    answers = {
        "Region Skåne": {
            questions["collaboration"]: {"Malmö stad": "Weekly"},
            questions["advice"]: {"Lunds universitet": "A few times a year"},
        },
        "Malmö stad": {
            questions["funding"]: {"Region Skåne": "Monthly", "Lunds universitet": "Never"},
            questions["information"]: {"Föreningen Växtkraft": "Daily", "Region Skåne": "Rarely"},
        },
    }
    rows = google_rows(
        answers, respondent_question="Which organisation do you represent?", questions=tuple(questions.values())
    )
    export = write_csv(tmp_path / "roster_2022_google_forms.csv", rows)

    eco = load_roster(
        export,
        respondent_column="Which organisation do you represent?",
        questions={
            "collaboration": "How often do you collaborate",
            "funding": "How often do you receive funding",
            "advice": "How often do you seek or give advice",
            "information": "How often do you exchange information",
        },
        actors=write_actors_csv(tmp_path / "actors.csv"),
        wave="2022",
    )

    got = {(s, t, r): w for s, t, r, w in eco.ties[["source", "target", "relation", "weight"]].itertuples(index=False)}
    assert got == {
        ("A1", "A3", "collaboration"): 4.0,
        ("A1", "A2", "advice"): 2.0,
        ("A3", "A1", "funding"): 3.0,
        ("A3", "A4", "information"): 5.0,
        ("A3", "A1", "information"): 1.0,
    }
    assert set(eco.ties["wave"]) == {"2022"}


# ----------------------------------------------------------------- checkboxes
def test_checkbox_cells_name_the_relations(tmp_path):
    question = "What do you do with these organisations?"
    answers = {
        "Region Skåne": {
            question: {
                "Malmö stad": "Collaboration;Funding",
                "Lunds universitet": "Samarbete, Rådgivning",
                "Föreningen Växtkraft": "Ingen kontakt",
            }
        },
        "Malmö stad": {question: {"Region Skåne": "information ; Joint events", "Lunds universitet": "Joint events"}},
    }
    export = write_csv(tmp_path / "export.csv", google_rows(answers, questions=(question,)))

    eco = load(
        export, questions={RELATION_FROM_ANSWER: "What do you do"}, actors=write_actors_csv(tmp_path / "actors.csv")
    )

    got = sorted(eco.ties[["source", "target", "relation", "weight"]].itertuples(index=False, name=None))
    assert got == [
        ("A1", "A2", "advice", 1.0),
        ("A1", "A2", "collaboration", 1.0),
        ("A1", "A3", "collaboration", 1.0),
        ("A1", "A3", "funding", 1.0),
        ("A3", "A1", "information", 1.0),
        ("A3", "A1", "joint_events", 1.0),
        ("A3", "A2", "joint_events", 1.0),
    ]
    unusual = [p for p in eco.validation.warnings if "joint_events" in p.message]
    assert len(unusual) == 1  # once, where it is first met
    assert (unusual[0].row, unusual[0].column) == (3, f"{question} [Region Skåne]")


# ----------------------------------------------------------- organisations
def test_misspelt_organisation_in_a_header_is_corrected_once_with_its_score(tmp_path):
    rows = google_rows()
    misspelt = f"{COLLABORATION} [Lunds universitett]"
    rows[0][rows[0].index(f"{COLLABORATION} [Lunds universitet]")] = misspelt
    export = write_csv(tmp_path / "export.csv", rows)

    eco = load(export, actors=write_actors_csv(tmp_path / "actors.csv"))

    corrections = eco.validation.corrections
    assert len(corrections) == 1
    fix = corrections[0]
    assert (fix.file, fix.row, fix.column) == ("export.csv", 1, misspelt)
    assert (fix.original, fix.corrected) == ("Lunds universitett", "Lunds universitet")
    assert 90 <= fix.score < 100
    assert ("A1", "A2", "collaboration") in set(zip(eco.ties.source, eco.ties.target, eco.ties.relation))


def test_misspelt_respondent_is_corrected_at_its_row(tmp_path):
    answers = {"Regon Skåne" if k == "Region Skåne" else k: v for k, v in ANSWERS.items()}
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    eco = load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    [fix] = eco.validation.corrections
    assert (fix.row, fix.column, fix.corrected) == (2, RESPONDENT_QUESTION, "Region Skåne")
    assert eco.actors.loc["A1", "respondent"]
    assert (eco.ties["source"] == "A1").sum() == 5


def test_unknown_organisation_in_a_header_is_an_error_at_the_header(tmp_path):
    rows = google_rows()
    header = f"{FUNDING} [Trelleborgs kommun]"
    rows[0][rows[0].index(f"{FUNDING} [Malmö stad]")] = header
    export = write_csv(tmp_path / "export.csv", rows)
    with pytest.raises(SurveyDataError) as excinfo:
        load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    [problem] = problems_of(excinfo)
    assert (problem.file, problem.row, problem.column) == ("export.csv", 1, header)
    assert "'Trelleborgs kommun' is not in the actors table" in problem.message
    assert "closest actors are" in problem.message


# ------------------------------------------------------------------ answers
def test_unknown_answer_is_located_and_lists_the_accepted_answers(tmp_path):
    answers = {**ANSWERS, "Malmö stad": {COLLABORATION: {"Region Skåne": "Ofta"}}}
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    with pytest.raises(SurveyDataError) as excinfo:
        load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    [problem] = problems_of(excinfo)
    assert (problem.file, problem.row, problem.column) == ("export.csv", 5, f"{COLLABORATION} [Region Skåne]")
    for accepted in (
        "'Ofta' is not an answer on the scale",
        "Weekly",
        "Varje vecka",
        "Never",
        "(no tie)",
        "or the numbers 0, 1, 2, 3, 4, 5",
    ):
        assert accepted in problem.message
    assert f"export.csv, row 5, column '{COLLABORATION} [Region Skåne]'" in str(excinfo.value)


def test_qualtrics_rows_are_counted_as_excel_shows_them(tmp_path):
    answers = {**ANSWERS, "Region Skåne": {FUNDING: {"Malmö stad": "Often"}}}  # the first response
    export = write_csv(tmp_path / "qualtrics.csv", qualtrics_rows(answers), "utf-8-sig")
    with pytest.raises(SurveyDataError) as excinfo:
        load(export)
    [problem] = problems_of(excinfo)
    assert (problem.row, problem.column) == (4, f"{FUNDING} - Malmö stad")


def test_a_custom_scale_replaces_the_default(tmp_path):
    answers = {
        "Region Skåne": {
            COLLABORATION: {"Malmö stad": "Ofta", "Lunds universitet": "Aldrig"},
            FUNDING: {"Malmö stad": "Ibland"},
        }
    }
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    eco = load(export, scale={"Ibland": 1, "Ofta": 2.5})
    assert sorted(eco.ties[["target", "relation", "weight"]].itertuples(index=False, name=None)) == [
        ("Malmö stad", "collaboration", 2.5),
        ("Malmö stad", "funding", 1.0),
    ]


def test_answers_match_ignoring_case_spacing_and_accents(tmp_path):
    answers = {
        "Region Skåne": {
            COLLABORATION: {"Malmö stad": "varje  VECKA.", "Lunds universitet": "Nagra ganger per ar"},
            FUNDING: {"Malmö stad": "4,0"},
        }
    }
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    eco = load(export)
    weights = dict(zip(zip(eco.ties.target, eco.ties.relation), eco.ties.weight))
    assert weights == {
        ("Malmö stad", "collaboration"): 4.0,
        ("Lunds universitet", "collaboration"): 2.0,
        ("Malmö stad", "funding"): 4.0,
    }


def test_default_scale_is_documented_for_english_and_swedish():
    folded = {k.casefold(): v for k, v in DEFAULT_SCALE.items()}
    assert [
        folded[a]
        for a in (
            "rarely",
            "sällan",
            "a few times a year",
            "några gånger per år",
            "monthly",
            "varje månad",
            "weekly",
            "varje vecka",
            "daily",
            "dagligen",
        )
    ] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert all(DEFAULT_SCALE[a] == 0 for a in NO_TIE_ANSWERS)


# ------------------------------------------------------------- respondents
def test_without_actors_the_actors_come_from_the_roster_with_a_warning(tmp_path):
    answers = {"REGION  skåne": ANSWERS["Region Skåne"], "Ystads kommun": {FUNDING: {"Malmö stad": "Weekly"}}}
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    eco = load(export)
    # Without an actors table only case and spacing are ignored: "REGION  skåne" is Region Skåne
    # (tests/io/test_no_silent_merges.py shows that "region skane", without the ring, is not).
    assert list(eco.actors.index) == [*NAMES, "Ystads kommun"]
    assert set(eco.actors["sector"]) == {"other"}
    assert eco.actors["respondent"].to_dict() == {
        **{n: False for n in NAMES},
        "Region Skåne": True,
        "Ystads kommun": True,
    }
    [warning] = [p for p in eco.validation.warnings if "no actors table" in p.message]
    assert "6 actors" in warning.message and warning.file == "export.csv"


def test_a_respondent_who_answered_never_everywhere_is_still_a_respondent(tmp_path):
    answers = {**ANSWERS, "Malmö stad": {COLLABORATION: {n: "Never" for n in NAMES}}}
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    eco = load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    assert eco.actors.loc["A3", "respondent"]
    assert not (eco.ties["source"] == "A3").any()


def test_answers_about_ones_own_organisation_are_left_out_with_a_warning(tmp_path):
    answers = {"Region Skåne": {COLLABORATION: {"Region Skåne": "Dagligen", "Malmö stad": "Sällan"}}}
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    eco = load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    assert list(zip(eco.ties.source, eco.ties.target)) == [("A1", "A3")]
    [warning] = [p for p in eco.validation.warnings if "own organisation" in p.message]
    assert (warning.row, warning.column) == (2, f"{COLLABORATION} [Region Skåne]")


def test_an_organisation_that_answered_twice_counts_once(tmp_path):
    rows = google_rows()
    again = list(rows[1])
    again[1] = "REGION SKÅNE"
    rows.append(again)
    export = write_csv(tmp_path / "export.csv", rows)
    eco = load(export, actors=write_actors_csv(tmp_path / "actors.csv"))
    assert len(eco.ties) == 12
    [warning] = [p for p in eco.validation.warnings if "answered again" in p.message]
    assert (warning.row, warning.column) == (5, RESPONDENT_QUESTION)
    assert "first on row 2" in warning.message


def test_a_response_without_organisation_is_an_error_at_its_row(tmp_path):
    answers = {**ANSWERS, "": {FUNDING: {"Malmö stad": "Weekly"}}}
    export = write_csv(tmp_path / "export.csv", google_rows(answers))
    with pytest.raises(SurveyDataError) as excinfo:
        load(export)
    [problem] = problems_of(excinfo)
    assert (problem.row, problem.column) == (5, RESPONDENT_QUESTION)


# --------------------------------------------------------- structure errors
def test_missing_respondent_column_lists_the_columns(tmp_path):
    export = write_csv(tmp_path / "export.csv", google_rows())
    with pytest.raises(SurveyDataError) as excinfo:
        load(export, respondent_column="Organisation name")
    [problem] = problems_of(excinfo)
    assert (problem.file, problem.row) == ("export.csv", 1)
    assert "no column is called 'Organisation name'" in problem.message
    assert f"'Timestamp', '{RESPONDENT_QUESTION}' (and 10 grid columns" in problem.message


def test_respondent_column_is_found_by_itself_when_it_has_a_usual_name(tmp_path):
    rows = google_rows(respondent_question="Organisation")
    export = write_csv(tmp_path / "export.csv", rows)
    eco = load(export, respondent_column=None)
    assert len(eco.ties) == 12


def test_the_qualtrics_respondent_column_can_be_named_by_its_id(tmp_path):
    export = write_csv(tmp_path / "qualtrics.csv", qualtrics_rows(), "utf-8-sig")
    eco = load(export, respondent_column="Q1")
    assert len(eco.ties) == 12


def test_the_longest_matching_question_text_wins(tmp_path):
    funding = "Hur ofta samarbetar ni kring finansiering med dessa organisationer?"
    answers = {"Region Skåne": {COLLABORATION: {"Malmö stad": "Varje vecka"}, funding: {"Malmö stad": "Sällan"}}}
    export = write_csv(tmp_path / "export.csv", google_rows(answers, questions=(COLLABORATION, funding)))
    eco = load(
        export,
        questions={"collaboration": "Hur ofta samarbetar ni", "funding": "Hur ofta samarbetar ni kring finansiering"},
    )
    assert sorted(zip(eco.ties.relation, eco.ties.weight)) == [("collaboration", 4.0), ("funding", 1.0)]


def test_a_question_that_is_not_in_the_file_lists_the_grid_questions(tmp_path):
    export = write_csv(tmp_path / "export.csv", google_rows())
    with pytest.raises(SurveyDataError) as excinfo:
        load(export, questions={**QUESTIONS, "advice": "How often do you seek advice"})
    [problem] = problems_of(excinfo)
    assert "no grid question starts with 'How often do you seek advice'" in problem.message
    assert COLLABORATION in problem.message and FUNDING in problem.message


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "export.csv"
    empty.write_bytes(b"")
    with pytest.raises(SurveyDataError) as excinfo:
        load(empty)
    assert problems_of(excinfo)[0].file == "export.csv"
    assert "empty" in problems_of(excinfo)[0].message


def test_a_file_with_headers_but_no_responses_is_refused(tmp_path):
    export = write_csv(tmp_path / "export.csv", google_rows()[:1])
    with pytest.raises(SurveyDataError) as excinfo:
        load(export)
    [problem] = problems_of(excinfo)
    assert "no responses" in problem.message and problem.row == 2


@pytest.mark.parametrize(
    "questions, scale, message",
    [
        (None, None, "questions= must map each relation"),
        ({"collaboration": ""}, None, "must be the question's text"),
        ({"collaboration": "How often", "samarbete": "Hur ofta"}, None, "names the relation 'collaboration' twice"),
        (QUESTIONS, {"Weekly": -1}, "must be a number >= 0"),
        (QUESTIONS, {"Weekly": "often"}, "must be a number >= 0"),
    ],
)
def test_unusable_arguments_are_refused_before_reading(tmp_path, questions, scale, message):
    with pytest.raises(ValueError, match=message):
        load_roster(tmp_path / "not-read.csv", respondent_column="x", questions=questions, scale=scale)
