"""A researcher's API that is tidy and consistent (issue 13): the Ecosystem and load() end.

The default slice of ``eco.graph()`` is the one ``analyze()`` takes; relation names
work in Swedish and English alike; ``load()`` takes DataFrames, checked as CSV files
are; ``summary()`` reads as a table; problem rows are whole numbers; and a wrong
relation or wave is answered with the closest valid ones.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import relations
from skane_ecosystem.ecosystem import Ecosystem, Summary
from skane_ecosystem.errors import Problem, SurveyDataError, ValidationReport
from skane_ecosystem.io import tables

ACTORS = pd.DataFrame(
    {
        "id": list("ABCD"),
        "name": ["Aktör A", "Aktör B", "Aktör C", "Aktör D"],
        "sector": ["public", "business", "academia", "civil_society"],
        "type": "",
        "municipality": "",
        "respondent": [True, True, True, False],
    }
).set_index("id")

# Two waves that differ: A-B in both, B-C only in 2019, C-D (funding) only in 2022.
TIES = pd.DataFrame(
    [
        ("A", "B", "collaboration", 2.0, "2019", "A"),
        ("B", "C", "collaboration", 1.0, "2019", "B"),
        ("A", "B", "collaboration", 4.0, "2022", "A"),
        ("C", "D", "funding", 3.0, "2022", "C"),
        ("A", "C", "advice", 1.0, "2022", "A"),
    ],
    columns=["source", "target", "relation", "weight", "wave", "reported_by"],
)


@pytest.fixture
def eco():
    return Ecosystem(actors=ACTORS.copy(), ties=TIES.copy(), meta={"title": "Two waves"})


def pairs(G) -> set[frozenset]:
    return {frozenset(edge) for edge in G.edges()}


# ----------------------------------------------------- 1. the same default slice
def test_graph_takes_the_latest_wave_by_default_as_analyze_does(eco):
    config = se.AnalysisConfig(stability={"enabled": False})
    analysed = se.analyze(eco, config)
    assert analysed.wave == "2022"
    assert pairs(eco.graph()) == pairs(analysed.graph) == {frozenset("AB"), frozenset("CD"), frozenset("AC")}
    assert eco.graph().graph["wave"] == "2022"  # the graph says which slice it is


def test_wave_none_pools_every_wave(eco):
    pooled = eco.graph(wave=None)
    assert pairs(pooled) == {frozenset("AB"), frozenset("BC"), frozenset("CD"), frozenset("AC")}
    assert pooled["A"]["B"]["weight"] == 3.0  # (2 + 4) / 2: one tie measured in two waves
    assert pairs(se.analyze(eco, se.AnalysisConfig(stability={"enabled": False}), wave=None).graph) == pairs(pooled)


def test_select_ties_gives_the_reports_behind_the_default_graph(eco):
    assert eco.select_ties()["wave"].unique().tolist() == ["2022"]
    assert len(eco.select_ties(wave=None)) == len(TIES)


def test_one_definition_of_latest(eco):
    assert eco.resolve_wave("latest") == "2022"
    assert eco.resolve_wave(None) is None and eco.resolve_wave(["2019"]) == ["2019"]
    without_waves = Ecosystem.from_networkx(nx.path_graph(3))
    assert without_waves.resolve_wave("latest") is None  # no waves: every tie
    assert without_waves.graph().number_of_edges() == 2


# ---------------------------------------------- 2. relation names in either language
@pytest.mark.parametrize(
    "written, code",
    [
        ("finansiering", "funding"),
        ("Finansiering", "funding"),
        ("samarbete", "collaboration"),
        ("Rådgivning", "advice"),
    ],
)
def test_swedish_relation_names_are_accepted(eco, written, code):
    assert pairs(eco.graph(relation=written, wave=None)) == pairs(eco.graph(relation=code, wave=None))
    assert eco.select_ties(relation=written, wave=None)["relation"].unique().tolist() == [code]


def test_a_list_may_mix_languages_and_the_graph_records_the_codes(eco):
    G = eco.graph(relation=["finansiering", "advice"])
    assert pairs(G) == {frozenset("CD"), frozenset("AC")}
    assert G.graph["relation"] == ["funding", "advice"]
    assert eco.graph(relation="finansiering").graph["relation"] == "funding"


def test_analysis_and_whatif_read_relation_names_in_either_language(eco):
    config = se.AnalysisConfig(stability={"enabled": False})
    assert se.analyze(eco, config, relation="finansiering", wave=None).relation == "funding"
    assert se.whatif(eco, remove_relations=["Rådgivning"], config=config).removed_relations == ["advice"]


def test_files_and_the_api_share_one_mapping():
    assert tables.RELATION_ALIASES is relations.RELATION_ALIASES
    assert relations.canonical_relation("Hänvisning") == "referral"


# --------------------------------------------------------------- 3. load(DataFrame)
def test_load_accepts_dataframes_like_csv_files(tmp_path):
    ties = TIES.drop(columns="reported_by").rename(columns={"source": "från", "target": "till"})
    actors = ACTORS.reset_index()
    aliases = pd.DataFrame({"alias": ["Akt A"], "actor_id": ["A"]})
    ties.loc[len(ties)] = ["Akt A", "D", "samarbete", 1.0, "2022"]
    for name, frame in (("ties", ties), ("actors", actors), ("aliases", aliases)):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    from_files = se.load(tmp_path / "ties.csv", actors=tmp_path / "actors.csv", aliases=tmp_path / "aliases.csv")
    from_frames = se.load(ties, actors=actors, aliases=aliases)
    pd.testing.assert_frame_equal(from_frames.actors, from_files.actors)
    pd.testing.assert_frame_equal(from_frames.ties, from_files.ties)
    assert from_frames.ties["source"].iloc[-1] == "A"  # the alias was used
    assert from_frames.meta["sources"] == ["<ties DataFrame>", "<actors DataFrame>", "<aliases DataFrame>"]


def test_a_dataframe_is_refused_with_the_problems_of_the_same_csv(tmp_path):
    ties = pd.DataFrame({"source": ["A", "B", "C"], "target": ["B", None, "A"], "weight": [1, 2, "many"]})
    ties.to_csv(tmp_path / "ties.csv", index=False)
    with pytest.raises(SurveyDataError) as from_file:
        se.load(tmp_path / "ties.csv")
    with pytest.raises(SurveyDataError) as from_frame:
        se.load(ties)
    # The same problems, at the frame's row positions (the file has a header row 1) and its column names.
    assert [(p.message, p.row - 2, p.column) for p in from_file.value.problems] == [
        (p.message, p.row, p.column) for p in from_frame.value.problems
    ]
    assert [str(p) for p in from_frame.value.problems] == [
        "<ties DataFrame>, row 1, column 'target': empty target; name the actor or delete the row",
        "<ties DataFrame>, row 2, column 'weight': weight must be a number (decimal comma is fine), not 'many'",
    ]


def test_actors_frame_problems_name_the_actors_frame():
    actors = ACTORS.reset_index()
    actors.loc[2, "sector"] = "spaceflight"
    with pytest.raises(SurveyDataError) as caught:
        se.load(TIES, actors=actors)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("<actors DataFrame>", 2, "sector")


def test_load_frames_says_what_it_takes():
    with pytest.raises(TypeError, match="the actors table must be a pandas DataFrame, not str"):
        se.load(TIES, actors="actors.csv")
    with pytest.raises(TypeError, match="takes no option actorz"):
        se.load(TIES, actorz=ACTORS)


# --------------------------------------------------------------- 4. summary() reads
def test_summary_is_a_dict_that_reads_as_a_table(eco):
    summary = eco.summary()
    assert isinstance(summary, dict) and isinstance(summary, Summary)
    assert summary["actors"] == 4 and summary["ties"] == 5  # existing code keeps working
    text = repr(summary)
    assert not text.startswith("{")
    assert text.splitlines()[0] == "Summary of Two waves"
    assert "  response_rate    0.750" in text and "  actors               4" in text
    assert "public 1, business 1, academia 1, civil_society 1, other 0" in text
    html = summary._repr_html_()
    assert html.startswith("<div>") and "<table" in html and "confirmed_share" in html


def test_summary_html_escapes_the_title():
    eco = Ecosystem.from_networkx(nx.path_graph(2), title="<script>x</script>")
    assert "<script>" not in eco.summary()._repr_html_()


# ------------------------------------------------------------- 5. rows are ints
def test_problem_rows_are_whole_numbers():
    problem = Problem("bad", file="ties.csv", row=280.0, column="weight")
    assert problem.row == 280 and type(problem.row) is int
    assert str(problem) == "ties.csv, row 280, column 'weight': bad"
    assert Problem("bad", row=float("nan")).row is None
    with pytest.raises(ValueError, match="whole number"):
        Problem("bad", row=2.5)


def test_validation_tables_keep_rows_as_integers():
    report = ValidationReport(
        [Problem("whole file", severity="warning"), Problem("one row", row=280, severity="warning")]
    )
    frame = report.to_frame()
    assert str(frame["row"].dtype) == "Int64"
    assert frame["row"].tolist()[1] == 280 and "280.0" not in frame.to_string()
    assert str(SurveyDataError(list(report)).to_frame()["row"].dtype) == "Int64"


# --------------------------------------------------- 6. the closest valid names
def test_an_unknown_relation_names_the_closest(eco):
    with pytest.raises(
        ValueError,
        match=r"unknown relation\(s\) \['fundng'\]; this ecosystem has "
        r"\['advice', 'collaboration', 'funding'\]; closest to 'fundng': 'funding'",
    ):
        eco.graph(relation="fundng")
    with pytest.raises(ValueError, match="closest to 'colaboration': 'collaboration'"):
        eco.select_ties(relation=["advice", "colaboration"])


def test_an_unknown_wave_names_the_closest(eco):
    with pytest.raises(
        ValueError,
        match=r"unknown wave\(s\) \['2023'\]; this ecosystem has \['2019', '2022'\]; "
        r"closest to '2023': '2022', '2019'",
    ):
        eco.graph(wave=2023)
