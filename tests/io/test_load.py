"""load(): the format told from the content, checked against the extension."""

import networkx as nx
import pytest
from survey_files import ACTORS, TIES, unchanged, write_csv, write_docx

import skane_ecosystem as se
from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import detect_format, load

# The four ties of the standard survey, as (source, target, weight).
SURVEY_TIES = [["rs", "lu", 2.5], ["lu", "rs", 3.0], ["co", "ms", 1.0], ["ms", "fy", 4.0]]


def _ties(eco):
    return eco.ties[["source", "target", "weight"]].values.tolist()


def test_public_load_is_this_load():
    assert se.load is load


def test_workbook(survey_xlsx):
    with unchanged(survey_xlsx):
        assert _ties(load(survey_xlsx)) == SURVEY_TIES


def test_folder_of_csv_files(tmp_path):
    write_csv(tmp_path / "actors.csv", ACTORS, "utf-8-sig", ";")
    write_csv(tmp_path / "ties.csv", TIES, "utf-8-sig", ";")
    assert _ties(load(tmp_path)) == SURVEY_TIES
    assert _ties(load(str(tmp_path))) == SURVEY_TIES


def test_lone_ties_file_with_actors_and_threshold_options(tmp_path):
    write_csv(tmp_path / "a.csv", ACTORS, "cp1252", ";")
    ties = write_csv(tmp_path / "t.csv", TIES + [["Lunds universitett", "rs", "", "1", "2022"]], "cp1252", ";")
    eco = load(ties, actors=tmp_path / "a.csv")
    assert eco.actors.loc["co", "sector"] == "civil_society"
    # "Region Skane" read with its accent, and a fuzzy match (score 97.1 passes the default 90)
    assert [p.original for p in eco.validation.corrections] == ["Region Skane", "Lunds universitett"]
    with pytest.raises(SurveyDataError, match="unknown actor 'Lunds universitett'"):
        load(ties, actors=tmp_path / "a.csv", threshold=99)


def test_the_content_decides_when_the_extension_says_nothing(tmp_path, survey_xlsx):
    no_extension = tmp_path / "survey"
    no_extension.write_bytes(survey_xlsx.read_bytes())
    assert _ties(load(no_extension)) == SURVEY_TIES
    graph = tmp_path / "network.xml"
    nx.write_graphml(nx.path_graph(3), graph)
    assert load(graph).ties[["source", "target"]].values.tolist() == [["0", "1"], ["1", "2"]]
    assert detect_format(graph) == "graphml"


@pytest.mark.parametrize("writer, suffix", [(nx.write_graphml, ".graphml"), (nx.write_gexf, ".gexf")])
def test_network_files(tmp_path, writer, suffix):
    path = tmp_path / f"g{suffix}"
    writer(nx.florentine_families_graph(), path)
    assert len(load(path).ties) == 20


def test_csv_renamed_xlsx(tmp_path):
    path = write_csv(tmp_path / "survey.xlsx", TIES, "cp1252", ";")
    with unchanged(path), pytest.raises(SurveyDataError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.file == "survey.xlsx"
    assert problem.message.startswith(
        "the name ends in .xlsx but the content is a text or CSV file, not an Excel workbook (.xlsx); "
        "rename the file to end in .csv"
    )


def test_xlsx_renamed_csv(tmp_path, survey_xlsx):
    path = tmp_path / "ties.csv"
    path.write_bytes(survey_xlsx.read_bytes())
    with pytest.raises(SurveyDataError, match="ties.csv: the name ends in .csv but the content is an Excel"):
        load(path)


def test_graphml_renamed_gexf(tmp_path):
    path = tmp_path / "g.gexf"
    nx.write_graphml(nx.path_graph(2), path)
    with pytest.raises(SurveyDataError, match="content is a GraphML network file, not a GEXF network file"):
        load(path)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("survey.pdf", b"%PDF-1.7\n1 0 obj\n", "this is a PDF document, which cannot be read"),
        ("survey.docx", write_docx, "this is a Word document (.docx), which cannot be read"),
        ("survey.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "save it as .xlsx"),
        ("survey.json", b'{"actors": []}', "this is a JSON file, which cannot be read"),
    ],
)
def test_unsupported_formats(tmp_path, name, content, expected):
    path = tmp_path / name
    content(path) if callable(content) else path.write_bytes(content)
    with pytest.raises(SurveyDataError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.file == name and expected in problem.message


def test_a_pdf_named_csv_is_named_for_what_it_is(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n")
    with pytest.raises(SurveyDataError, match="the content is a PDF document, not a text or CSV file"):
        load(path)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(SurveyDataError, match="nothing.xlsx: no such file"):
        load(tmp_path / "nothing.xlsx")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(SurveyDataError, match="empty.xlsx: the file is empty"):
        load(tmp_path / "empty.xlsx")


def test_an_option_the_chosen_loader_does_not_take(survey_xlsx, tmp_path):
    with pytest.raises(
        TypeError,
        match="with load_workbook\\(\\), which takes no option relation; it takes "
        "threshold, default_relation, title, max_bytes",
    ):
        load(survey_xlsx, relation="funding")
    ties = write_csv(tmp_path / "t.csv", TIES)
    with pytest.raises(TypeError, match="leave out ties="):
        load(ties, ties=ties)


def test_an_honest_file_given_to_the_wrong_loader_points_to_load(tmp_path):
    from skane_ecosystem.io import load_matrix, load_workbook

    ties = write_csv(tmp_path / "ties.csv", TIES)
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(ties)
    assert str(caught.value.problems[0]) == (
        "ties.csv: this is a text or CSV file, not an Excel workbook (.xlsx); load() reads every supported "
        "format and tells them apart by their content"
    )
    graph = tmp_path / "g.graphml"
    nx.write_graphml(nx.path_graph(2), graph)
    with pytest.raises(SurveyDataError, match="g.graphml: this is a GraphML network file, not a text or CSV file"):
        load_matrix(graph)
    assert len(load(graph).ties) == 1
