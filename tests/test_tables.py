"""build_ecosystem: every rule, with the location a user needs to fix the file."""

import pandas as pd
import pytest

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io.tables import RawTable, build_ecosystem, parse_number

ACTORS = [
    ["id", "name", "sector"],
    ["rs", "Region Skåne", "offentlig"],
    ["lu", "Lunds universitet", "akademi"],
    ["co", "Coompanion Skåne", "idéburen"],
    ["ia", "Innovation Skåne A", "public"],
    ["ib", "Innovation Skåne B", "public"],
]


def table(rows, file="survey.xlsx", sheet=None):
    """Rows as a loader makes them: header row 1, data from row 2."""
    frame = pd.DataFrame(rows[1:], columns=rows[0], index=range(2, len(rows) + 1), dtype=object)
    return RawTable(frame, file, sheet)


def actors(rows=ACTORS):
    return table(rows, sheet="actors")


def ties(*rows, header=("source", "target", "weight")):
    return table([list(header), *map(list, rows)], sheet="ties")


@pytest.mark.parametrize(
    "cell, number",
    [
        ("2,5", 2.5),
        (" 3 ", 3.0),
        ("1 000", 1000.0),
        (",5", 0.5),
        ("-1", -1.0),
        ("1e3", 1000.0),
        (4, 4.0),
        (2.5, 2.5),
        ("often", None),
        ("", None),
        (None, None),
        (True, None),
        ("1.234,5", None),
    ],
)
def test_parse_number(cell, number):
    assert parse_number(cell) == number


def test_headers_in_swedish_any_case_and_values_normalised():
    eco = build_ecosystem(
        ties(
            ["Region Skane", "lu", "2,5", "Samarbete", 2022.0],
            ["lu", "co", "", "Rådgivning", "HT 2021"],
            ["co", "rs", "1", "mentorskap", ""],
            header=("KÄLLA", "Mål", "Vikt", "Relationstyp", "Våg"),
        ),
        actors(),
    )
    assert eco.ties[["source", "target", "relation", "weight", "wave"]].values.tolist() == [
        ["rs", "lu", "collaboration", 2.5, "2022"],
        ["lu", "co", "advice", 1.0, "HT 2021"],
        ["co", "rs", "mentorskap", 1.0, ""],
    ]
    (no_weight,) = [p for p in eco.validation.warnings if p.row == 3]
    assert (no_weight.sheet, no_weight.column, no_weight.message) == ("ties", "Vikt", "no weight given; 1 used")


def test_no_weight_column_means_weight_one_without_warnings():
    eco = build_ecosystem(ties(["rs", "lu"], header=("source", "target")), actors())
    assert eco.ties["weight"].tolist() == [1.0]
    assert eco.ties["relation"].tolist() == ["collaboration"]  # the default relation
    assert not [p for p in eco.validation if p.row is not None]


def test_every_problem_is_found_in_one_pass():
    bad_actors = actors(
        ACTORS
        + [
            ["rs", "Region Skåne 2", "public"],  # row 7: duplicate id
            ["sp", "Rymdbolaget", "rymd"],  # row 8: unknown sector
            [None, None, "public"],  # row 9: neither id nor name
        ]
    )
    bad_ties = ties(
        ["rs", "lu", "-1"],  # row 2: negative
        ["rs", "lu", "0"],  # row 3: zero
        ["rs", "lu", "ofta"],  # row 4: not a number
        ["rs", "Malmö universitet", "1"],  # row 5: unknown actor
        ["co", "Coompanion Skåne", "1"],  # row 6: self-tie (by id and by name)
        ["", "lu", "1"],  # row 7: empty source
        ["Innovation Skåne", "lu", "1"],  # row 8: ambiguous (A and B score alike)
    )
    with pytest.raises(SurveyDataError) as caught:
        build_ecosystem(bad_ties, bad_actors)
    where = [(p.file, p.sheet, p.row, p.column) for p in caught.value.problems]
    assert where == [
        ("survey.xlsx", "actors", 7, "id"),
        ("survey.xlsx", "actors", 9, "id"),
        ("survey.xlsx", "actors", 8, "sector"),
        ("survey.xlsx", "ties", 2, "weight"),
        ("survey.xlsx", "ties", 3, "weight"),
        ("survey.xlsx", "ties", 4, "weight"),
        ("survey.xlsx", "ties", 5, "target"),
        ("survey.xlsx", "ties", 6, "target"),
        ("survey.xlsx", "ties", 7, "source"),
        ("survey.xlsx", "ties", 8, "source"),
    ]
    messages = [p.message for p in caught.value.problems]
    assert "duplicate actor id 'rs' (also on row 2)" in messages[0]
    assert "unknown sector 'rymd'; use one of public, business, academia, civil_society, other" in messages[2]
    assert "weight must be positive, not -1" in messages[3]
    assert "weight must be positive, not 0" in messages[4]
    assert "weight must be a number (decimal comma is fine), not 'ofta'" in messages[5]
    assert "closest actors are 'Lunds universitet'," in messages[6]
    assert "a tie from 'Coompanion Skåne' to itself" in messages[7]
    assert "empty source" in messages[8]
    # An ambiguous name lists its candidates, with their ids and rows, rather than "closest" names.
    assert (
        "'Innovation Skåne' is as close (similarity 94.1) to 2 actors: 'Innovation Skåne A' (id 'ia', row 5) "
        "and 'Innovation Skåne B' (id 'ib', row 6)"
    ) in messages[9]


def test_missing_columns_are_named_with_what_was_found():
    with pytest.raises(SurveyDataError) as caught:
        build_ecosystem(ties(["rs", "lu"], header=("från", "vikt")), actors([["sektor"], ["public"]]))
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("actors", None, None)]
    assert "needs a column 'id' or 'name'" in caught.value.problems[0].message
    with pytest.raises(SurveyDataError) as caught:
        build_ecosystem(ties(["rs", "lu"], header=("från", "vikt")), actors())
    (problem,) = caught.value.problems
    assert problem.sheet == "ties" and "missing ['target']; found ['från', 'vikt']" in problem.message


def test_name_reconciliation_is_recorded():
    aliases = table([["alias", "actor_id"], ["Regionen", "rs"]], sheet="aliases")
    eco = build_ecosystem(
        ties(
            ["Regionen", "Lunds universitett", "1"],  # alias, fuzzy
            ["REGION SKANE", "co", "1"],
        ),  # folded
        actors(),
        aliases,
    )
    assert eco.ties[["source", "target"]].values.tolist() == [["rs", "lu"], ["rs", "co"]]
    fuzzy, folded = eco.validation.corrections  # the alias is the user's own say, no correction
    assert (fuzzy.row, fuzzy.column, fuzzy.original, fuzzy.corrected, fuzzy.score) == (
        2,
        "target",
        "Lunds universitett",
        "Lunds universitet",
        97.1,
    )
    assert "similarity 97.1" in fuzzy.message
    assert (folded.row, folded.column, folded.original, folded.corrected) == (
        3,
        "source",
        "REGION SKANE",
        "Region Skåne",
    )
    assert "accents, punctuation and case ignored" in folded.message


def test_threshold_makes_fuzzy_matches_errors():
    with pytest.raises(SurveyDataError, match="unknown actor 'Lunds universitett'"):
        build_ecosystem(ties(["rs", "Lunds universitett", "1"]), actors(), threshold=99)


def test_respondent_column_and_its_inference():
    rows = [
        ["id", "name", "sector", "Svarat"],
        ["a", "A", "public", "ja"],
        ["b", "B", "public", "x"],
        ["c", "C", "public", ""],
        ["d", "D", "public", "kanske"],
    ]
    with pytest.raises(SurveyDataError) as caught:
        build_ecosystem(ties(["a", "b", "1"]), actors(rows))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (5, "Svarat") and "'kanske'" in problem.message
    eco = build_ecosystem(ties(["a", "b", "1"]), actors(rows[:4]))
    assert eco.actors["respondent"].tolist() == [True, True, False]
    # Without the column, those who reported a tie are the respondents.
    inferred = build_ecosystem(ties(["rs", "lu", "1"], ["co", "lu", "1"]), actors())
    assert inferred.actors["respondent"].to_dict() == {"rs": True, "lu": False, "co": True, "ia": False, "ib": False}


def test_reported_by_names_the_reporter():
    eco = build_ecosystem(
        ties(["rs", "lu", "1", "Lunds universitet"], header=("source", "target", "weight", "rapporterad av")), actors()
    )
    assert eco.ties["reported_by"].tolist() == ["lu"]


def test_warnings_duplicate_ties_empty_sector_extra_columns_and_one_sided_ties():
    rows = [
        ["id", "name", "sector", "grundat"],
        ["a", "A", "public", 1998],
        ["b", "B", "", 2010],
        ["c", "C", "public", None],
    ]
    eco = build_ecosystem(ties(["a", "b", "1"], ["b", "a", "1"], ["a", "c", "1"], ["a", "b", "2"]), actors(rows))
    assert eco.actors.loc["b", "sector"] == "other"
    assert eco.actors["grundat"].tolist()[:2] == [1998, 2010] and pd.isna(eco.actors.loc["c", "grundat"])
    messages = {(p.sheet, p.row): p.message for p in eco.validation.warnings}
    assert messages[("actors", 3)] == "no sector given; 'other' used"
    assert messages[("ties", 5)] == "the same tie is reported again (first on row 2); only the first is used"
    # Without a respondent column the respondents are those who reported: a and b.
    # Between them a->b and b->a confirm each other; a->c goes to a non-respondent.
    assert not any("one side only" in p.message for p in eco.validation.warnings)
    one_sided = build_ecosystem(ties(["a", "b", "1"], ["b", "a", "1"], ["a", "c", "1"], ["c", "b", "1"]), actors(rows))
    # Respondents a, b, c.  Reported pairs: a->b, b->a, a->c, c->b; of these a->c and c->b
    # have no reverse report: 2 of 4.
    (warning,) = [p for p in one_sided.validation.warnings if "one side only" in p.message]
    assert warning.message.startswith("2 of 4 ties between two respondents were reported by one side only")


def test_no_actors_table_infers_them_with_a_warning():
    eco = build_ecosystem(ties(["Malmö stad", "Lunds kommun", "1"]))
    assert eco.actors.index.tolist() == ["Malmö stad", "Lunds kommun"]
    assert eco.actors["sector"].tolist() == ["other", "other"]
    assert "2 actors were inferred" in eco.validation.warnings[0].message


def test_alias_table_without_its_columns():
    with pytest.raises(SurveyDataError, match="aliases table needs columns 'alias' and 'actor_id'"):
        build_ecosystem(ties(["rs", "lu", "1"]), actors(), table([["namn"], ["x"]], sheet="aliases"))


def test_two_headers_meaning_the_same_column_are_an_error():
    rows = [["id", "namn", "name", "sector"], ["a", "A", "AA", "public"], ["b", "B", "BB", "public"]]
    with pytest.raises(SurveyDataError) as caught:
        build_ecosystem(ties(["a", "b", "1", "2"], header=("source", "target", "vikt", "Weight")), actors(rows))
    assert [(p.sheet, p.column, p.message) for p in caught.value.problems] == [
        (
            "actors",
            "name",
            "columns 'namn' and 'name' both mean 'name', so it cannot be told which to use; delete or rename one",
        ),
        (
            "ties",
            "Weight",
            "columns 'vikt' and 'Weight' both mean 'weight', so it cannot be told which to use; delete or rename one",
        ),
    ]
