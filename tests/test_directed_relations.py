"""Directed relations: a relation may declare what flows along its ties, and the funding
rule names the actor that *provides* most funding only where that flow is declared.

A tie row keeps its meaning for reports (``source`` is the respondent who named
``target``); the declaration (``Ecosystem.directions``) says which end the money
comes from.  Each format declares it its own way: a ``relation_types`` sheet or file,
``load_roster(directions=...)``, ``from_networkx``/``load_graph_file(directions=...)``.
"""

from dataclasses import replace

import networkx as nx
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig, Ecosystem, SurveyDataError, analyze
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.demo import demo_planted
from skane_ecosystem.io import load_graph_file
from skane_ecosystem.privacy import apply_privacy
from tests.io.survey_files import located, write_csv, write_xlsx

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))

# Who funds whom in the hand-made ecosystem: the fund gives to the hub and two clubs,
# three municipalities give to the hub.  The hub is part of 4 of the 6 funding ties
# (the most) but gives no money; the fund provides 3 of 6, 50 %, the rule's share.
MONEY = [("fund", "hub"), ("fund", "c1"), ("fund", "c2"), ("m1", "hub"), ("m2", "hub"), ("m3", "hub")]
NAMES = {
    "fund": "Impact Fund",
    "hub": "Big Hub",
    "c1": "Club One",
    "c2": "Club Two",
    "m1": "Town One",
    "m2": "Town Two",
    "m3": "Town Three",
}
ACTORS = [["id", "name", "sector"], *[[i, name, "civil_society"] for i, name in NAMES.items()]]

# As the receivers answer "from whom do you receive funding?": the respondent is the
# source, the organisation named (the giver) the target.
RECEIVED = [["source", "target", "relation", "weight"], *[[to, giver, "finansiering", 1] for giver, to in MONEY]]


def receivers_report(directions=None) -> Ecosystem:
    """The ecosystem above, each tie reported by the side that receives the money."""
    actors = pd.DataFrame(
        {
            "id": list(NAMES),
            "name": list(NAMES.values()),
            "sector": "civil_society",
            "type": "",
            "municipality": "",
            "respondent": True,
        }
    ).set_index("id")
    ties = pd.DataFrame(
        [
            {"source": to, "target": giver, "relation": "funding", "weight": 1.0, "wave": "", "reported_by": to}
            for giver, to in MONEY
        ]
    )
    return Ecosystem(actors, ties, directions=directions or {})


def funding_findings(eco) -> pd.DataFrame:
    flags = analyze(eco, NO_STABILITY).flags
    return flags[flags["code"].str.startswith("funding")].reset_index(drop=True)


# ---------------------------------------------------------------- the rule
def test_the_actor_most_funding_ties_touch_is_not_named_funder_when_it_only_receives():
    found = funding_findings(receivers_report({"funding": "target_to_source"}))
    assert found[["subject", "code"]].values.tolist() == [["fund", "funding_dependency"]]
    assert found.at[0, "explanation_en"] == (
        "The ecosystem depends on Impact Fund for funding: it provides 3 of 6 funding ties (50%)."
    )
    assert found.at[0, "evidence"] == {
        "provided_ties": 3,
        "funding_ties": 6,
        "share": 0.5,
        "threshold": 0.5,
        "direction": "target_to_source",
    }


def test_the_declared_direction_decides_who_provides():
    # The same rows read the other way round: the hub would be paying everyone it names.
    found = funding_findings(receivers_report({"funding": "source_to_target"}))
    assert found[["subject", "code"]].values.tolist() == [["hub", "funding_dependency"]]
    assert found.at[0, "evidence"]["provided_ties"] == 4 and found.at[0, "evidence"]["funding_ties"] == 6


def test_givers_reports_with_source_to_target_give_the_same_finding():
    eco = receivers_report()
    givers = eco.ties.assign(source=eco.ties["target"], target=eco.ties["source"], reported_by=eco.ties["target"])
    found = funding_findings(replace(eco, ties=givers, directions={"funding": "source_to_target"}))
    assert found[["subject", "code"]].values.tolist() == [["fund", "funding_dependency"]]


def test_repeated_reports_of_one_tie_count_once():
    eco = receivers_report({"funding": "target_to_source"})
    again = eco.ties.assign(wave="2024")  # the same ties in a second wave
    found = funding_findings(replace(eco, ties=pd.concat([eco.ties, again], ignore_index=True)))
    assert found.at[0, "evidence"]["funding_ties"] == 6


def test_a_provider_below_the_share_is_no_finding():
    eco = receivers_report({"funding": "target_to_source"})
    fewer = eco.ties[~((eco.ties["source"] == "c2") & (eco.ties["target"] == "fund"))]
    assert funding_findings(replace(eco, ties=fewer)).empty  # the fund provides 2 of 5


def test_without_a_declared_direction_only_the_concentration_is_said():
    found = funding_findings(receivers_report())
    assert found[["subject", "code", "kind"]].values.tolist() == [["hub", "funding_concentration", "impediment"]]
    english, swedish = found.at[0, "explanation_en"], found.at[0, "explanation_sv"]
    assert english.startswith("Big Hub is part of 4 of 6 funding ties (67%); whether it gives or receives")
    assert "depends" not in english and "provides" not in english
    assert swedish.startswith("Big Hub ingår i 4 av 6 finansieringsband (67\u00a0%)")
    assert "beroende" not in swedish
    assert found.at[0, "evidence"] == {
        "part_of_ties": 4,
        "funding_ties": 6,
        "share": pytest.approx(4 / 6),
        "threshold": 0.5,
    }


def test_public_outputs_suppress_small_funding_counts():
    # 3 (provides) and 4 (is part of) of 6 ties: below 5, and the share would give them away.
    declared = (
        ({"funding": "target_to_source"}, "funding_dependency", "provided_ties"),
        ({}, "funding_concentration", "part_of_ties"),
    )
    for directions, code, count in declared:
        shown = apply_privacy(analyze(receivers_report(directions), NO_STABILITY), "public").flags
        row = shown[shown["code"] == code].iloc[0]
        assert row["evidence"][count] == "<5" and row["evidence"]["funding_ties"] == 6
        assert "share" not in row["evidence"]
        assert "fewer than 5" in row["explanation"] and "50%" not in row["explanation"]
        assert row["score"] != row["score"]  # NaN: the share would give the counts away


def test_the_direction_survives_resampling_and_scenarios():
    eco = receivers_report({"funding": "target_to_source"})
    assert replace(eco, ties=eco.ties.iloc[:3]).directions == {"funding": "target_to_source"}
    assert eco.graph().graph["directions"] == {"funding": "target_to_source"}
    result = analyze(eco, AnalysisConfig(stability=StabilityConfig(resamples=20)))
    funder = result.flags[result.flags["code"] == "funding_dependency"]
    assert funder["subject"].tolist() == ["fund"]


def test_a_bad_direction_is_refused_when_an_ecosystem_is_made():
    with pytest.raises(ValueError, match="'source_to_target' or 'target_to_source', not 'down'"):
        receivers_report({"funding": "down"})


# ----------------------------------------------------------- declarations
def test_workbook_relation_types_sheet_declares_the_direction(tmp_path):
    path = write_xlsx(
        tmp_path / "survey.xlsx",
        {
            "aktörer": ACTORS,
            "relationer": RECEIVED,
            "Relationstyper": [
                ["relation", "riktning", "beskrivning"],
                ["finansiering", "mål till källa", "Från vilka får ni finansiering?"],
            ],
        },
    )
    eco = se.load(path)
    assert eco.directions == {"funding": "target_to_source"}
    assert funding_findings(eco)["subject"].tolist() == ["fund"]


def test_csv_folder_relation_types_file_declares_the_direction(tmp_path):
    write_csv(tmp_path / "actors.csv", ACTORS)
    write_csv(tmp_path / "ties.csv", RECEIVED)
    write_csv(
        tmp_path / "relationstyper.csv",
        [["relation", "riktning"], ["finansiering", "mål till källa"], ["", ""]],
        separator=";",
        encoding="utf-8-sig",
    )
    assert se.load(tmp_path).directions == {"funding": "target_to_source"}
    declared = tmp_path / "declared.csv"
    write_csv(declared, [["relation", "direction", "description"], ["funding", "target to source", "receives"]])
    eco = se.load(tmp_path / "ties.csv", actors=tmp_path / "actors.csv", relation_types=declared)
    assert eco.directions == {"funding": "target_to_source"}
    assert str(declared.resolve()) in eco.meta["source_paths"]


def test_an_empty_direction_declares_none(tmp_path):
    path = write_xlsx(
        tmp_path / "survey.xlsx",
        {"actors": ACTORS, "ties": RECEIVED, "relation_types": [["relation", "direction"], ["funding", ""]]},
    )
    eco = se.load(path)
    assert eco.directions == {}
    assert funding_findings(eco)["code"].tolist() == ["funding_concentration"]


def test_bad_declarations_are_located(tmp_path):
    path = write_xlsx(
        tmp_path / "survey.xlsx",
        {
            "actors": ACTORS,
            "ties": RECEIVED,
            "relation_types": [
                ["relation", "direction"],
                ["funding", "downwards"],  # row 2: not a direction
                ["fundng", "source to target"],  # row 3: no tie has this relation
                ["finansiering", "target_to_source"],  # row 4: funding again
                ["", "source_to_target"],
            ],
        },
    )  # row 5: a direction without a relation
    with pytest.raises(SurveyDataError) as caught:
        se.load(path)
    where = dict(file="survey.xlsx", sheet="relation_types")
    assert "not 'downwards'" in located(caught.value, row=2, column="direction", **where)[0].message
    assert "no tie has the relation 'fundng'" in located(caught.value, row=3, column="relation", **where)[0].message
    assert "first on row 2" in located(caught.value, row=4, column="relation", **where)[0].message
    assert "no relation" in located(caught.value, row=5, column="relation", **where)[0].message
    assert len(caught.value.problems) == 4


def test_a_relation_types_table_without_its_columns_is_located(tmp_path):
    write_csv(tmp_path / "ties.csv", RECEIVED)
    write_csv(tmp_path / "relation_types.csv", [["relation", "flows"], ["funding", "source_to_target"]])
    with pytest.raises(SurveyDataError) as caught:
        se.load(tmp_path)
    [problem] = located(caught.value, file="relation_types.csv")
    assert "needs columns 'relation' and 'direction'" in problem.message


def roster_file(tmp_path):
    """The receivers' answers to "How often do you receive funding from these organisations?"."""
    question = "How often do you receive funding from these organisations?"
    givers = ["Impact Fund", "Town One", "Town Two", "Town Three"]
    header = ["Timestamp", "Which organisation do you represent?", *[f"{question} [{g}]" for g in givers]]
    rows = [
        ["2022/03/07 9:14:05 AM GMT+1", "Club One", "Monthly", "", "", ""],
        ["2022/03/07 9:20:00 AM GMT+1", "Club Two", "Weekly", "Never", "", ""],
        ["2022/03/08 9:14:05 AM GMT+1", "Big Hub", "Monthly", "Weekly", "Weekly", "Rarely"],
    ]
    write_csv(tmp_path / "actors.csv", ACTORS)
    return write_csv(tmp_path / "responses.csv", [header, *rows])


def test_roster_question_about_what_the_respondent_receives(tmp_path):
    path = roster_file(tmp_path)
    eco = se.load_roster(
        path,
        respondent_column="Which organisation do you represent?",
        questions={"finansiering": "How often do you receive funding"},
        actors=tmp_path / "actors.csv",
        directions={"finansiering": "target_to_source"},
    )
    assert eco.directions == {"funding": "target_to_source"}
    assert (eco.ties["reported_by"] == eco.ties["source"]).all()  # the respondent stays the source
    found = funding_findings(eco)
    assert found[["subject", "code"]].values.tolist() == [["fund", "funding_dependency"]]


@pytest.mark.parametrize(
    "directions, message",
    [
        ({"funding": "receives"}, "'source_to_target' or 'target_to_source', not 'receives'"),
        ({"advice": "target_to_source"}, "questions= does not ask about"),
        (["funding"], "directions= must map relations"),
    ],
)
def test_roster_bad_directions_are_refused_before_reading(tmp_path, directions, message):
    with pytest.raises(ValueError, match=message):
        se.load_roster(
            tmp_path / "not-read.csv", questions={"funding": "How often do you receive funding"}, directions=directions
        )


def test_from_networkx_and_graph_files_declare_by_argument(tmp_path):
    G = nx.DiGraph()
    G.add_edges_from(MONEY, relation="funding")
    eco = Ecosystem.from_networkx(G, directions={"funding": "source_to_target"})
    assert funding_findings(eco)["subject"].tolist() == ["fund"]
    nx.write_graphml(G, tmp_path / "money.graphml")
    eco = load_graph_file(tmp_path / "money.graphml", directions={"funding": "source_to_target"})
    assert eco.directions == {"funding": "source_to_target"}
    assert funding_findings(eco)["subject"].tolist() == ["fund"]
    assert se.load(tmp_path / "money.graphml", directions={"funding": "source_to_target"}).directions


def test_from_networkx_refuses_declarations_it_cannot_apply(tmp_path):
    G = nx.DiGraph()
    G.add_edges_from(MONEY, relation="funding")
    with pytest.raises(SurveyDataError, match="no tie has it"):
        Ecosystem.from_networkx(G, directions={"advice": "source_to_target"})
    with pytest.raises(SurveyDataError, match="network is undirected"):
        Ecosystem.from_networkx(G.to_undirected(), directions={"funding": "source_to_target"})
    nx.write_graphml(G, tmp_path / "money.graphml")
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(tmp_path / "money.graphml", directions={"funding": "sideways"})
    assert caught.value.problems[0].file == "money.graphml"


# ------------------------------------------------------------------ template
def test_the_template_has_a_relation_types_sheet_that_loads(tmp_path):
    for lang, sheet in (("en", "relation_types"), ("sv", "relationstyper")):
        path = se.write_template(tmp_path / f"template_{lang}.xlsx", lang=lang)
        import openpyxl

        book = openpyxl.load_workbook(path)
        assert sheet in book.sheetnames
        header = [c.value for c in book[sheet][1]]
        assert len(header) == 3
        # Filled in with the survey above, the template loads with the declared direction.
        ties, actors = book.worksheets[2], book.worksheets[1]
        for row in ACTORS[1:]:
            actors.append([row[0], row[1], row[2], "", "", "yes" if lang == "en" else "ja"])
        for row in RECEIVED[1:]:
            ties.append([*row, "", ""])
        book[sheet].append(["funding", "target_to_source", "From whom do you receive funding?"])
        book.save(path)
        assert se.load(path).directions == {"funding": "target_to_source"}


# ---------------------------------------------------------------------- demo
@pytest.mark.parametrize("shape", ["xlsx", "csv", "roster"])
def test_the_demo_declares_its_funding_direction_and_names_its_funder(shape):
    eco = se.demo(shape)
    assert eco.directions == {"funding": "target_to_source"}
    found = funding_findings(eco)
    assert found["code"].tolist() == ["funding_dependency"]
    assert found["subject"].tolist() == [demo_planted()["main_funder"]]
    assert found.at[0, "explanation_en"].startswith(
        "The ecosystem depends on Skåne Social Impact Fund for funding: it provides"
    )
