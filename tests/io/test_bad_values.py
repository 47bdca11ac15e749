"""Values every row accepts but the survey cannot: huge weights, no rows at all, far too many waves.

Whatever ``analyze`` could not use, ``validate`` refuses first, with the same located
message and exit code 2, for workbooks and CSV files alike; nothing is written.
"""

import networkx as nx
import pytest
from survey_files import write_csv, write_xlsx
from typer.testing import CliRunner

from skane_ecosystem import Ecosystem, SurveyDataError
from skane_ecosystem.cli import app
from skane_ecosystem.ecosystem import MAX_WAVES, MAX_WEIGHT
from skane_ecosystem.io import load

ACTORS = [
    ("id", "name", "sector"),
    ("a", "Region Skåne", "public"),
    ("b", "Lunds universitet", "academia"),
    ("c", "Fyrtorn AB", "business"),
]
TIES = [("source", "target", "weight"), ("a", "b", 3), ("b", "a", 2), ("b", "c", 2)]


def survey(folder, fmt, actors=ACTORS, ties=TIES):
    """The same survey as a workbook (``survey.xlsx``) or a folder of CSV files (``survey/``)."""
    if fmt == "xlsx":
        return write_xlsx(folder / "survey.xlsx", {"actors": actors, "ties": ties})
    (folder / "survey").mkdir()
    for name, rows in (("actors", actors), ("ties", ties)):
        write_csv(folder / "survey" / f"{name}.csv", rows)
    return folder / "survey"


def where(fmt, table):
    """How the CLI's problem table shows a table of each format."""
    return f"survey.xlsx {table}" if fmt == "xlsx" else f"{table}.csv"


def refused_by_validate_and_analyze(tmp_path, path) -> str:
    """Both commands stop with exit code 2 and the same message; the message, whitespace collapsed."""
    runner = CliRunner()
    texts = []
    for command in (["validate", str(path)], ["analyze", str(path), "--out", str(tmp_path / "out")]):
        result = runner.invoke(app, command, env={"COLUMNS": "250"})
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "unexpected error" not in result.output
        texts.append(" ".join(result.output.split()))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert texts[0] == texts[1]
    return texts[0]


# ------------------------------------------------------------------ weights
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_weight_whose_sums_overflow_is_refused_at_its_row(tmp_path, fmt):
    # Before: validate accepted 1e308; analyze then stopped on "edge ('a', 'b') has 'weight'=inf".
    path = survey(tmp_path, fmt, ties=TIES + [("a", "c", "1e308")])
    text = refused_by_validate_and_analyze(tmp_path, path)
    assert f"{where(fmt, 'ties')} 5 weight" in text and "1e+308" in text and "overflow" in text


def test_the_largest_weight_is_accepted_and_one_above_it_is_not(tmp_path):
    eco = load(survey(tmp_path, "csv", ties=TIES + [("a", "c", f"{MAX_WEIGHT:.0f}")]))
    assert eco.ties["weight"].max() == MAX_WEIGHT
    (tmp_path / "more").mkdir()
    with pytest.raises(SurveyDataError) as caught:
        load(survey(tmp_path / "more", "csv", ties=TIES + [("a", "c", f"{MAX_WEIGHT * 10:.0f}")]))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("ties.csv", 5, "weight")


@pytest.mark.parametrize("weight", [1e308, float("inf"), float("nan"), -1.0, 0.0])
def test_from_networkx_refuses_weights_no_analysis_can_use(weight):
    G = nx.Graph([("a", "b", {"weight": 1.0}), ("b", "c", {"weight": weight})])
    with pytest.raises(SurveyDataError) as caught:
        Ecosystem.from_networkx(G)
    (problem,) = caught.value.problems
    assert problem.column == "weight" and "'b' to 'c'" in problem.message


# -------------------------------------------------------------- empty survey
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_ties_table_with_only_its_header_is_refused(tmp_path, fmt):
    # Before: analyze wrote a whole report about "0 separate groups" of three unconnected actors.
    path = survey(tmp_path, fmt, ties=TIES[:1])
    text = refused_by_validate_and_analyze(tmp_path, path)
    assert f"{where(fmt, 'ties')}" in text and "no ties below its header" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_survey_with_only_headers_is_refused_naming_both_tables(tmp_path, fmt):
    # Before: validate passed and analyze stopped on "NetworkXError: Graph has no nodes or edges", a bug report.
    path = survey(tmp_path, fmt, actors=ACTORS[:1], ties=TIES[:1])
    text = refused_by_validate_and_analyze(tmp_path, path)
    assert "no actors below its header" in text and "no ties below its header" in text
    assert where(fmt, "actors") in text and where(fmt, "ties") in text


def test_an_empty_table_caused_by_other_errors_is_not_reported_again(tmp_path):
    path = survey(tmp_path, "csv", ties=[TIES[0], ("a", "Nowhere AB", 1)])
    with pytest.raises(SurveyDataError) as caught:
        load(path)
    assert ["unknown actor" in p.message for p in caught.value.problems] == [True]


def test_from_networkx_refuses_an_empty_graph():
    with pytest.raises(SurveyDataError, match="no nodes"):
        Ecosystem.from_networkx(nx.Graph())


# -------------------------------------------------------------------- waves
def test_far_more_wave_labels_than_a_survey_has_are_refused_at_the_column(tmp_path):
    # Before: 200,000 distinct waves took 56 s of CPU in validate, which printed a line per wave.
    ties = [("source", "target", "weight", "wave")] + [
        ("a", "b", 1, f"2024-01-01 {i // 60:02d}:{i % 60:02d}") for i in range(MAX_WAVES + 1)
    ]
    path = survey(tmp_path, "csv", ties=ties)
    with pytest.raises(SurveyDataError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.column) == ("ties.csv", "wave")
    assert f"{MAX_WAVES + 1:,} different waves" in problem.message


def test_as_many_waves_as_allowed_load(tmp_path):
    ties = [("source", "target", "weight", "wave")] + [("a", "b", 1, 2000 + i) for i in range(MAX_WAVES)]
    assert len(load(survey(tmp_path, "csv", ties=ties)).waves) == MAX_WAVES


def test_a_matrix_without_ties_and_a_matrix_weight_too_large_are_refused_at_the_matrix(tmp_path):
    from skane_ecosystem.io import load_matrix

    (tmp_path / "empty.csv").write_text(",A,B\nA,,0\nB,,\n", encoding="utf-8")
    with pytest.raises(SurveyDataError, match="actor names but no ties") as caught:
        load_matrix(tmp_path / "empty.csv")
    assert caught.value.problems[0].file == "empty.csv"
    (tmp_path / "heavy.csv").write_text(",A,B\nA,,1e308\nB,1,\n", encoding="utf-8")
    with pytest.raises(SurveyDataError, match="larger than 1e\\+12") as caught:
        load_matrix(tmp_path / "heavy.csv")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "B")


def test_ties_alone_with_only_a_header_are_one_problem(tmp_path):
    # Without an actors table the actors come from the ties, so only the ties table is named.
    (tmp_path / "ties.csv").write_text("source,target,weight\n", encoding="utf-8")
    with pytest.raises(SurveyDataError) as caught:
        load(tmp_path / "ties.csv")
    (problem,) = caught.value.problems
    assert problem.file == "ties.csv" and "no ties below its header" in problem.message
