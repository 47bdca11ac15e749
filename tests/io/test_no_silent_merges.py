"""Issue 11: names never merge two organisations, and aliases never make phantom actors.

A name that fits several actors is an error listing them; fuzzy matching corrects
names only against a known actor list, and logs every correction; without an actor
list names are kept exact (ignoring case and spacing only) and similar ones are
reported as warnings.
"""

import csv

import networkx as nx
import pandas as pd
import pytest
from rapidfuzz import fuzz

from skane_ecosystem import Ecosystem, SurveyDataError, load_roster
from skane_ecosystem.io.names import Ambiguous, NameResolver, near_duplicates
from skane_ecosystem.io.tables import RawTable, build_ecosystem
from skane_ecosystem.scenarios import whatif

FABRIKER = [f"Företagsfabriken Skåne {n}" for n in range(1, 5)]


def table(rows, sheet):
    """Rows as a loader makes them: header row 1, data from row 2."""
    frame = pd.DataFrame(rows[1:], columns=rows[0], index=range(2, len(rows) + 1), dtype=object)
    return RawTable(frame, "survey.xlsx", sheet)


def actors(*rows):
    return table([["id", "name", "sector"], *map(list, rows)], "actors")


def ties(*rows):
    return table([["source", "target"], *map(list, rows)], "ties")


def aliases(*rows):
    return table([["alias", "actor_id"], *map(list, rows)], "aliases")


def problems_raised(*tables):
    with pytest.raises(SurveyDataError) as caught:
        build_ecosystem(*tables)
    return caught.value.problems


TWINS = actors(
    ["f1", "Företagsfabriken", "business"], ["f2", "Företagsfabriken", "business"], ["rs", "Region Skåne", "public"]
)


# ------------------------------------------------------ two actors, one name
def test_a_tie_naming_two_actors_is_an_error_listing_both():
    [problem] = problems_raised(ties(["rs", "Företagsfabriken"]), TWINS)
    assert (problem.sheet, problem.row, problem.column) == ("ties", 2, "target")
    assert (
        "'Företagsfabriken' is the name of 2 actors: 'Företagsfabriken' (id 'f1', row 2) and "
        "'Företagsfabriken' (id 'f2', row 3)"
    ) in problem.message
    assert "Write the actor's id instead" in problem.message


def test_a_name_that_fits_two_actors_only_after_folding_is_an_error_too():
    spelt_apart = actors(
        ["rs", "Region Skåne", "public"], ["rs2", "Region Skane", "public"], ["lu", "Lunds universitet", "academia"]
    )
    [problem] = problems_raised(ties(["REGION SKANE.", "lu"]), spelt_apart)
    assert (
        "'REGION SKANE.' is, ignoring case, spacing, accents and punctuation, the name of 2 actors" in problem.message
    )
    assert "(id 'rs', row 2) and 'Region Skane' (id 'rs2', row 3)" in problem.message


def test_actors_sharing_a_name_load_with_a_warning_when_ties_use_their_ids():
    eco = build_ecosystem(ties(["f1", "rs"], ["rs", "f2"]), TWINS)
    assert list(eco.actors.index) == ["f1", "f2", "rs"]
    [warning] = [p for p in eco.validation.warnings if "same name" in p.message]
    assert (warning.sheet, warning.row, warning.column) == ("actors", 3, "name")
    assert "actor 'f2' has the same name 'Företagsfabriken' as actor 'f1' (row 2)" in warning.message


def test_two_equally_close_fuzzy_matches_are_an_error_listing_both():
    near = actors(
        ["ia", "Innovation Skåne A", "public"], ["ib", "Innovation Skåne B", "public"], ["rs", "Region Skåne", "public"]
    )
    [problem] = problems_raised(ties(["Innovation Skåne", "rs"]), near)
    assert "is as close (similarity 94.1) to 2 actors: 'Innovation Skåne A' (id 'ia', row 2)" in problem.message


# --------------------------------------------------------------- aliases
def test_an_alias_listed_for_two_actors_is_an_error_at_its_rows():
    found = problems_raised(ties(["Regionen", "f1"]), TWINS, aliases(["Regionen", "rs"], ["regionen", "f1"]))
    alias_row, tie = found
    assert (alias_row.sheet, alias_row.row, alias_row.column) == ("aliases", 3, "alias")
    assert "listed for actor 'f1' here and for actor 'rs' on row 2" in alias_row.message
    assert (tie.sheet, tie.row, tie.column) == ("ties", 2, "source")
    assert "is an alias of 2 actors" in tie.message


def test_an_alias_for_an_actor_id_that_does_not_exist_is_a_located_error():
    found = problems_raised(ties(["Regionen", "f1"]), TWINS, aliases(["Regionen", "r5"]))
    problem = found[0]
    assert (problem.sheet, problem.row, problem.column) == ("aliases", 2, "actor_id")
    assert (
        "the alias 'Regionen' is for actor id 'r5', which is not an actor id; the closest ids are 'rs'"
        in problem.message
    )


def test_an_alias_for_an_actor_id_in_another_case_is_that_actor():
    eco = build_ecosystem(ties(["Regionen", "f1"]), TWINS, aliases(["Regionen", "RS"]))
    assert list(eco.ties["source"]) == ["rs"]
    assert list(eco.actors.index) == ["f1", "f2", "rs"]  # no phantom actor "RS"


def test_an_alias_row_with_only_half_filled_in_is_an_error():
    found = problems_raised(ties(["rs", "f1"]), TWINS, aliases(["Regionen", None]))
    assert [(p.sheet, p.row, p.column) for p in found] == [("aliases", 2, "actor_id")]


def test_the_resolver_refuses_an_alias_for_an_actor_it_does_not_have():
    with pytest.raises(ValueError, match="'Regionen' names the actor id 'r5', which is not an actor"):
        NameResolver({"rs": "Region Skåne"}, {"Regionen": "r5"})


# ------------------------------------------------- no actors table: ties
def test_ties_without_actors_keep_similar_names_apart_with_a_warning():
    eco = build_ecosystem(
        ties(
            [FABRIKER[0], FABRIKER[1]],
            [FABRIKER[2], FABRIKER[3]],
            ["Region Skåne", FABRIKER[0]],
            ["region  SKÅNE", "Region Skane"],
        )
    )
    # Case and spacing are ignored; the ring in "å" is not.
    assert list(eco.actors.index) == [
        FABRIKER[0],
        FABRIKER[2],
        "Region Skåne",
        FABRIKER[1],
        FABRIKER[3],
        "Region Skane",
    ]
    assert list(eco.ties["source"]) == [FABRIKER[0], FABRIKER[2], "Region Skåne", "Region Skåne"]
    assert not eco.validation.corrections
    similar = [p for p in eco.validation.warnings if "is much like" in p.message]
    assert len(similar) == 7  # the six pairs of Företagsfabriken, and the two Region Skånes
    skane = similar[-1]
    assert (skane.sheet, skane.row, skane.column) == ("ties", 5, "target")
    assert "'Region Skane' is much like 'Region Skåne' (row 4, column 'source', similarity 100)" in skane.message


def test_ties_without_actors_do_not_correct_a_misspelling():
    eco = build_ecosystem(ties(["Lunds universitet", "Region Skåne"], ["Lunds universitett", "Region Skåne"]))
    assert len(eco.actors) == 3
    assert not eco.validation.corrections


def test_ties_without_actors_read_an_alias_as_the_actor_it_stands_for():
    eco = build_ecosystem(
        ties(["Region Skåne", "Lunds universitet"], ["Regionen", "Lunds universitet"]),
        None,
        aliases(["Regionen", "Region Skåne"]),
    )
    assert list(eco.actors.index) == ["Region Skåne", "Lunds universitet"]
    assert list(eco.ties["source"]) == ["Region Skåne"]  # the same tie twice: the second is left out


# ------------------------------------------------ no actors table: roster
def write_roster(path, respondents, organisations):
    """A Google Forms export: each respondent answered 'Weekly' about every other organisation."""
    question = "How often do you collaborate with these organisations?"
    header = ["Timestamp", "Which organisation do you represent?"]
    header += [f"{question} [{name}]" for name in organisations]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for minute, respondent in enumerate(respondents):
            writer.writerow(
                [
                    f"2022-03-01 10:{minute:02d}:00",
                    respondent,
                    *("" if name == respondent else "Weekly" for name in organisations),
                ]
            )
    return path


def load(path, **options):
    return load_roster(path, questions={"collaboration": "How often do you collaborate"}, **options)


def test_four_numbered_respondents_of_a_roster_without_actors_are_four_actors(tmp_path):
    eco = load(write_roster(tmp_path / "export.csv", FABRIKER, FABRIKER))
    assert sorted(eco.actors.index) == FABRIKER
    assert len(eco.ties) == 12
    assert not eco.validation.corrections
    similar = [p for p in eco.validation.warnings if "is much like" in p.message]
    assert len(similar) == 6
    assert (similar[0].row, similar[0].column) == (
        1,
        f"How often do you collaborate with these organisations? [{FABRIKER[1]}]",
    )
    assert f"{FABRIKER[1]!r} is much like {FABRIKER[0]!r}" in similar[0].message


def test_a_roster_without_actors_keeps_accents_but_ignores_case_and_spacing(tmp_path):
    names = ["Region Skåne", "Lunds universitet"]
    eco = load(write_roster(tmp_path / "export.csv", ["region  SKÅNE", "Region Skane", "Lunds universitett"], names))
    assert list(eco.actors.index) == [*names, "Region Skane", "Lunds universitett"]
    assert eco.actors.loc["Region Skåne", "respondent"]
    assert not eco.validation.corrections
    assert len([p for p in eco.validation.warnings if "is much like" in p.message]) == 2


def test_a_roster_with_actors_corrects_names_and_logs_every_correction(tmp_path):
    export = write_roster(
        tmp_path / "export.csv", ["Lunds universitett", "Region Skåne"], ["Region Skåne", "Lunds universitet"]
    )
    known = tmp_path / "actors.csv"
    known.write_text("id,name,sector\nrs,Region Skåne,public\nlu,Lunds universitet,academia\n", encoding="utf-8")
    eco = load(export, actors=known)
    assert list(eco.actors.index) == ["rs", "lu"]
    [correction] = eco.validation.corrections
    assert (correction.original, correction.corrected, correction.score) == (
        "Lunds universitett",
        "Lunds universitet",
        97.1,
    )
    assert correction.row == 2


def test_a_roster_naming_two_actors_of_one_name_is_an_error_listing_both(tmp_path):
    export = write_roster(tmp_path / "export.csv", ["Region Skåne"], ["Region Skåne", "Företagsfabriken"])
    known = tmp_path / "actors.csv"
    known.write_text(
        "id,name,sector\nrs,Region Skåne,public\nf1,Företagsfabriken,business\nf2,Företagsfabriken,business\n",
        encoding="utf-8",
    )
    with pytest.raises(SurveyDataError) as caught:
        load(export, actors=known)
    [problem] = caught.value.problems
    assert problem.row == 1 and problem.column.endswith("[Företagsfabriken]")
    assert "(id 'f1', row 3) and 'Företagsfabriken' (id 'f2', row 4)" in problem.message


# ----------------------------------------------------------- whatif, names
def test_whatif_does_not_remove_one_of_two_actors_sharing_a_name():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "Företagsfabriken", 1: "Företagsfabriken", 2: "Ystad Hub"}, "name")
    eco = Ecosystem.from_networkx(G)
    with pytest.raises(ValueError, match=r"2 actors: 'Företagsfabriken' \(id '0'\) and"):
        whatif(eco, remove_actors=["Företagsfabriken"])
    assert whatif(eco, remove_actors=["1"]).removed_actors == ["1"]


# --------------------------------------------------------------- the parts
def test_near_duplicates_of_many_names_are_found_in_blocks():
    # More names than one block of comparisons (256), so pairs across blocks must be found too.
    names = [f"Organisation {n}" for n in range(300)]
    folded = [name.casefold() for name in names]
    every_pair = [(i, j, fuzz.token_sort_ratio(folded[i], folded[j])) for j in range(len(names)) for i in range(j)]
    assert near_duplicates(names, 90) == [(i, j, round(score, 1)) for i, j, score in every_pair if score >= 90]
    assert any(i < 256 <= j for i, j, _ in near_duplicates(names, 90))


def test_lookup_tells_an_ambiguous_name_from_an_unknown_one():
    resolver = NameResolver({"f1": "Företagsfabriken", "f2": "Företagsfabriken"})
    assert resolver.lookup("företagsfabriken") == Ambiguous(("f1", "f2"), "folded")
    assert resolver.lookup("Malmö stad") is None
    assert resolver.resolve("Företagsfabriken") is None


def test_an_alias_that_is_another_actors_name_is_an_error_at_its_row():
    found = problems_raised(ties(["rs", "f1"]), TWINS, aliases(["Region Skane", "f1"]))
    assert [(p.sheet, p.row, p.column) for p in found] == [("aliases", 2, "alias")]
    assert "also the id or name of actor 'rs' ('Region Skåne'), so ties that write it mean 'rs'" in found[0].message


def test_ties_without_actors_accept_an_alias_spelt_like_its_actor():
    eco = build_ecosystem(ties(["Region Skåne", "Lunds universitet"]), None, aliases(["region skåne", "Region Skåne"]))
    assert list(eco.actors.index) == ["Region Skåne", "Lunds universitet"]
