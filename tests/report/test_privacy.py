"""Privacy levels: what a public bundle must never show, in any of its files."""

import csv
import io
import json

import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem.privacy import (
    PrivacyPolicy,
    apply_privacy,
    is_person_column,
)

from .conftest import HYPERLINK_NAME, XSS_NAME, files_in, readable_texts, sensitive_strings


def _found(folder, values) -> dict:
    """value -> the files (relative names) whose readable text contains it."""
    hits = {value: [] for value in values}
    for path in files_in(folder):
        texts = readable_texts(path)
        for value in values:
            if any(value in text for text in texts):
                hits[value].append(str(path.relative_to(folder)))
    return hits


@pytest.mark.parametrize(
    "header",
    [
        "contact_person",
        "Kontaktperson",
        "Respondent name",
        "Respondentens namn",
        "E-mail",
        "e-post",
        "Telefon",
        "Phone number",
        "Mobilnummer",
        "personnummer",
    ],
)
def test_person_headers_are_recognised(header):
    assert is_person_column(header)


@pytest.mark.parametrize(
    "header", ["respondent", "name", "reported_by", "municipality", "personalstyrka", "type", "website"]
)
def test_other_headers_are_not_person_columns(header):
    assert not is_person_column(header)


def test_public_bundle_shows_no_person_and_no_comment_anywhere(survey, public_bundle):
    secrets = sensitive_strings(survey)
    assert len(secrets) > 60  # names, e-mails, phones and comments of every actor
    leaks = {value: where for value, where in _found(public_bundle, secrets).items() if where}
    assert leaks == {}


def test_internal_bundle_does_show_them(survey, internal_bundle):
    # the same scan finds every value at the internal level, so the public test can fail
    missing = [value for value, where in _found(internal_bundle, sensitive_strings(survey)).items() if not where]
    assert missing == []


#: Person columns declared public: shown as pseudonyms (undeclared ones are left out).
PEOPLE = ["contact_person", "Respondent name", "E-mail", "Telefon"]


def test_public_people_become_stable_pseudonyms(analysis):
    first = apply_privacy(analysis, "public", public_columns=PEOPLE)
    again = apply_privacy(analysis, "public", lang="sv", public_columns=PEOPLE)
    column = first.actors["contact_person"]
    assert column.str.fullmatch(r"Person \d+").all()
    assert column.nunique() == len(column)  # distinct people stay distinct
    assert list(column) == list(again.actors["contact_person"])
    assert "notes" not in first.actors.columns
    assert first.hidden["person_columns"] == [f"actors.{c}" for c in PEOPLE]
    assert first.hidden["left_out_columns"] == ["actors.notes", "ties.weight", "ties.reported_by", "ties.comment"]


def test_public_ties_have_no_weights(analysis, public_bundle):
    shown = apply_privacy(analysis, "public")
    assert list(shown.ties.columns) == [
        "wave",
        "relation",
        "source",
        "source_name",
        "target",
        "target_name",
        "confirmed",
    ]
    # one row per pair, relation and wave, whoever reported it
    ties = analysis.ecosystem.ties
    pairs = {
        (w, r, frozenset((s, t))) for s, t, r, w in zip(ties["source"], ties["target"], ties["relation"], ties["wave"])
    }
    assert len(shown.ties) == len(pairs) < len(ties)
    graph = nx.read_graphml(public_bundle / "ecosystem.graphml")
    assert all("weight" not in data for _, _, data in graph.edges(data=True))
    assert all(
        ";" in d["relations"] or d["relations"] in ("collaboration", "funding") for _, _, d in graph.edges(data=True)
    )
    assert "strength" not in json.dumps(shown.flags["evidence"].tolist())


def test_internal_keeps_weights_and_reporters(analysis, internal_bundle):
    shown = apply_privacy(analysis, "internal")
    assert {"weight", "reported_by", "comment"} <= set(shown.ties.columns)
    assert len(shown.ties) == 86
    graph = nx.read_graphml(internal_bundle / "ecosystem.graphml")
    assert all("weight" in data for _, _, data in graph.edges(data=True))


def test_small_sector_is_suppressed_in_the_public_sector_table(public_bundle):
    rows = {
        row["sector"]: row
        for row in csv.DictReader(io.StringIO((public_bundle / "sectors.csv").read_text(encoding="utf-8-sig")))
    }
    assert rows["academia"]["actors"] == "<5"  # three universities
    assert rows["academia"]["response_rate"] == "<5"
    assert rows["public"]["actors"] == "6"
    assert rows["civil_society"]["actors"] == "9"


def test_small_cells_are_shown_at_the_internal_level(analysis):
    shown = apply_privacy(analysis, "internal")
    assert shown.sectors.set_index("sector").loc["academia", "actors"] == 3
    assert shown.hidden["suppressed_cells"] == 0


def test_min_cell_sets_the_threshold(analysis):
    shown = apply_privacy(analysis, "public", min_cell=7)
    table = shown.sectors.set_index("sector")
    assert table.loc["public", "actors"] == "<7" and table.loc["civil_society", "actors"] == 9


def test_weight_measures_are_suppressed_for_actors_with_few_ties(analysis):
    shown = apply_privacy(analysis, "public")
    degree = analysis.actors["degree"]
    few = degree[(degree > 0) & (degree < 5)].index[0]
    many = degree[degree >= 5].index[0]
    assert shown.actors.loc[few, "strength"] == "<5"
    assert shown.actors.loc[many, "strength"] == pytest.approx(analysis.actors.loc[many, "strength"])


def test_pseudonymised_actors_vanish_from_every_table(analysis):
    shown = apply_privacy(analysis, "public", pseudonymize_actors=True, lang="sv", public_columns=PEOPLE)
    names = set(analysis.actors["name"])
    assert shown.actors["name"].str.fullmatch(r"Aktör \d+").all()
    assert not names & (set(shown.ties["source_name"]) | set(shown.ties["target_name"]))
    assert not any(name in text for name in names for text in shown.flags["explanation"])
    assert not any(name in str(data.get("name")) for name in names for _, data in shown.graph.nodes(data=True))
    quoted = shown.problems[shown.problems["severity"] != "left_out"]  # the left-out lines are the tool's own
    assert quoted[["message", "original", "corrected"]].isna().all().all()
    assert "Respondent name" in shown.actors.columns  # pseudonymised people stay


def test_pseudonyms_are_stable_and_hide_alphabetical_order(analysis):
    one = apply_privacy(analysis, "public", pseudonymize_actors=True)
    two = apply_privacy(analysis, "public", pseudonymize_actors=True, lang="sv")
    assert list(one.actors.index) == list(two.actors.index)
    assert sorted(one.actors.index) == [f"A{k:02d}" for k in range(1, 28)]
    assert one.actors.loc["A01", "name"] == "Actor 1" and two.actors.loc["A01", "name"] == "Aktör 1"
    # person pseudonyms do not depend on the actors', which tells which actor got which
    one = apply_privacy(analysis, "public", pseudonymize_actors=True, public_columns=PEOPLE)
    person = apply_privacy(analysis, "public", public_columns=PEOPLE)
    pseudonym = dict(zip(one.actors["contact_person"], one.actors.index))
    given = [pseudonym[person.actors.loc[a, "contact_person"]] for a in sorted(analysis.actors.index)]
    assert given != sorted(given)  # not numbered in the ids' alphabetical order


def test_pseudonymising_at_the_internal_level_drops_what_could_name_an_actor(analysis):
    shown = apply_privacy(analysis, "internal", pseudonymize_actors=True)
    assert list(shown.actors.columns[:5]) == ["name", "sector", "type", "municipality", "respondent"]
    assert "contact_person" not in shown.actors and "comment" not in shown.ties
    assert "weight" in shown.ties  # the internal level keeps the weights


def test_plain_tables_follow_the_same_column_rules():
    actors = pd.DataFrame(
        {
            "name": ["Hub", "Lab"],
            "kontaktperson": ["Anna Berg", "Per Ek"],
            "kommentar": ["secret", "also secret"],
            "strength": [3.0, 1.0],
        },
        index=pd.Index(["a1", "a2"], name="id"),
    )
    ties = pd.DataFrame({"source": ["a1"], "target": ["a2"], "weight": [2.0], "comment": ["x"]})
    shown = apply_privacy(
        {"actors": actors, "ties": ties}, "public", pseudonymize_actors=True, public_columns=["kontaktperson"]
    )
    assert sorted(shown["actors"]["kontaktperson"]) == ["Person 1", "Person 2"]
    assert "kommentar" not in shown["actors"] and "strength" not in shown["actors"]
    assert list(shown["ties"].columns) == ["source", "target"]
    assert set(shown["actors"]["name"]) == {"Actor 1", "Actor 2"}
    assert set(shown["actors"].index) == set(shown["ties"][["source", "target"]].iloc[0])


def test_policy_rejects_unknown_levels_with_a_clear_message():
    with pytest.raises(ValueError, match="privacy must be one of"):
        PrivacyPolicy(level="secret")
    with pytest.raises(ValueError, match="min_cell"):
        PrivacyPolicy(min_cell=0)


def test_hostile_names_are_data_not_markup(analysis):
    shown = apply_privacy(analysis, "public")
    assert XSS_NAME in set(shown.actors["name"]) and HYPERLINK_NAME in set(shown.actors["name"])
