"""Public outputs are built from an allowlist of columns: whatever a survey's other
columns are headed, their values never reach a public file unless declared public.

The survey has the headers of issue 11 that a list of person words misses (Mail,
Tfn, Ansvarig, Your name, Handläggare, Övrigt, Beskrivning, Representative, Chef),
each holding values found nowhere else, and a Website column that may be declared
public.  It is written to a workbook and read back, as a user's survey would be.
"""

import json
import zipfile

import pandas as pd
import pytest
from typer.testing import CliRunner

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze, load
from skane_ecosystem.cli import app
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.privacy import PrivacyPolicy, apply_privacy, left_out_columns
from skane_ecosystem.render.bundle import write_bundle

from .conftest import files_in, readable_texts

#: Issue 11's headers, and how each one's value for actor k is written.
UNRECOGNISED = {
    "Mail": "zelda.quist{k}@exempel.se",
    "Tfn": "070-918 27 {k:02d}",
    "Ansvarig": "Ansvarig Oskarsdotter {k}",
    "Your name": "Respondent Yrjölä {k}",
    "Handläggare": "Handläggare Wikström {k}",
    "Övrigt": "Hemligt om styrelsen nummer {k}",
    "Beskrivning": "Intern beskrivning av konflikten {k}",
    "Representative": "Representative Fairweather {k}",
    "Chef": "Chef Gyllenhammar {k}",
}
WEBSITE = "https://org-{k}.example.se"
TIE_COMMENT = "Privat anteckning om bandet {k}"
SECTORS = ["public"] * 6 + ["business"] * 6 + ["academia"] * 4 + ["civil_society"] * 5
WORDS = [
    "Alfa",
    "Beta",
    "Gamma",
    "Delta",
    "Epsilon",
    "Zeta",
    "Eta",
    "Theta",
    "Iota",
    "Kappa",
    "Lambda",
    "My",
    "Ny",
    "Xi",
    "Omikron",
    "Pi",
    "Rho",
    "Sigma",
    "Tau",
    "Ypsilon",
    "Phi",
]
CONFIG = AnalysisConfig(stability=StabilityConfig(enabled=False))


def _actors() -> pd.DataFrame:
    rows = []
    for k, (sector, word) in enumerate(zip(SECTORS, WORDS)):
        row = {
            "id": f"X{k}",
            "name": f"{sector.replace('_', ' ').title()} {word}",
            "sector": sector,
            "type": "organisation",
            "municipality": ["Malmö", "Lund", "Ystad"][k % 3],
            "respondent": "yes" if k % 4 else "no",
        }
        row.update({header: value.format(k=k) for header, value in UNRECOGNISED.items()})
        row["Website"] = WEBSITE.format(k=k)
        rows.append(row)
    return pd.DataFrame(rows)


def _ties() -> pd.DataFrame:
    ids = [f"X{k}" for k in range(len(SECTORS))]
    pairs = [(ids[k], ids[k + 1]) for k in range(len(ids) - 1)] + [(ids[0], ids[k]) for k in range(2, 12)]
    return pd.DataFrame(
        [
            {
                "source": s,
                "target": t,
                "relation": "collaboration",
                "weight": 2,
                "wave": "2022",
                "reported_by": s,
                "Kommentar": TIE_COMMENT.format(k=k),
            }
            for k, (s, t) in enumerate(pairs)
        ]
    )


def secrets() -> list[str]:
    """Every value of an undeclared column: none may appear in a public file."""
    actors = _actors()
    values = [str(v) for header in UNRECOGNISED for v in actors[header]]
    return sorted(set(values + [TIE_COMMENT.format(k=k) for k in range(len(_ties()))]))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("input") / "survey.xlsx"
    with pd.ExcelWriter(path) as writer:
        _actors().to_excel(writer, sheet_name="actors", index=False)
        _ties().to_excel(writer, sheet_name="ties", index=False)
    return path


@pytest.fixture(scope="module")
def survey(workbook):
    return load(workbook)


@pytest.fixture(scope="module")
def result(survey):
    return analyze(survey, CONFIG.with_options(public_columns=("Website",)))


def _leaks(folder, values) -> dict:
    """value -> the files whose readable text (xlsx unzipped, entities decoded) holds it."""
    found = {}
    for path in files_in(folder):
        texts = readable_texts(path)
        for value in values:
            if any(value in text for text in texts):
                found.setdefault(value, []).append(str(path.relative_to(folder)))
    return found


def test_the_survey_keeps_every_column(survey):
    # the loader keeps the columns; only outputs decide what to show
    assert set(UNRECOGNISED) | {"Website"} <= set(survey.actors.columns)
    assert "comment" in survey.ties.columns


def test_a_public_bundle_holds_no_value_of_an_undeclared_column(result, tmp_path):
    write_bundle(result, tmp_path, privacy="public", lang="sv", figures=False)
    assert _leaks(tmp_path, secrets()) == {}
    # the declared column is shown, in the tables, the workbook and the graph files
    shown = _leaks(tmp_path, [WEBSITE.format(k=3)])[WEBSITE.format(k=3)]
    assert {"actors.csv", "report.xlsx", "ecosystem.graphml"} <= set(shown)


def test_the_internal_bundle_shows_them(result, tmp_path):
    # the same scan finds every value at the internal level, so the public test can fail
    write_bundle(result, tmp_path, privacy="internal", figures=False, map_html=False)
    assert set(_leaks(tmp_path, secrets())) == set(secrets())


def test_a_public_map_from_explore_holds_no_value_of_an_undeclared_column(result):
    # explore() is the notebook's map: at the public level it draws what the bundle's map draws
    public = result.explore(privacy="public", lang="sv").html
    assert [value for value in secrets() if value in public] == []
    assert WEBSITE.format(k=3) in public
    internal = result.explore().html
    assert [value for value in secrets() if value in internal]  # the same scan can fail


def test_public_tables_hold_only_the_allowlist_and_the_measures(result):
    shown = apply_privacy(result, "public")
    assert shown.attributes == ["name", "sector", "type", "municipality", "respondent", "Website"]
    assert set(shown.measures) <= set(result.actors.columns) - set(result.ecosystem.actors.columns)
    assert list(shown.ties.columns) == [
        "wave",
        "relation",
        "source",
        "source_name",
        "target",
        "target_name",
        "confirmed",
    ]
    node = next(iter(shown.graph.nodes(data=True)))[1]
    assert not set(UNRECOGNISED) & set(node)


def test_the_validation_report_lists_the_left_out_columns(result, tmp_path):
    shown = apply_privacy(result, "public", lang="sv")
    expected = [f"actors.{h}" for h in UNRECOGNISED] + ["ties.weight", "ties.reported_by", "ties.comment"]
    assert shown.hidden["left_out_columns"] == expected
    left_out = shown.problems[shown.problems["severity"] == "left_out"]
    assert list(left_out["column"]) == [label.split(".", 1)[1] for label in expected]
    assert left_out["message"].str.contains("--public-column").all()
    # where readers meet the validation report: the workbook's data quality sheet and the report
    write_bundle(result, tmp_path, privacy="public", lang="sv", figures=False, map_html=False)
    with zipfile.ZipFile(tmp_path / "report.xlsx") as archive:
        strings = (
            archive.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in archive.namelist()
            else "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
        )
    assert "utelämnad (integritet)" in strings and "Handläggare" in strings
    report = (tmp_path / "report.html").read_text()
    assert "Kolumner i enkäten som utelämnats: actors.Mail, actors.Tfn" in report


def test_internal_outputs_leave_nothing_out(result):
    shown = apply_privacy(result, "internal")
    assert shown.hidden["left_out_columns"] == []
    assert set(UNRECOGNISED) <= set(shown.actors.columns) and "comment" in shown.ties.columns
    assert not (shown.problems["severity"] == "left_out").any()


def test_columns_can_be_declared_public_on_the_call_too(result):
    shown = apply_privacy(result, "public", public_columns=["Beskrivning"])
    assert "Beskrivning" in shown.actors.columns and "Website" in shown.actors.columns
    assert "actors.Beskrivning" not in shown.hidden["left_out_columns"]


def test_a_declared_person_column_is_shown_as_pseudonyms(result):
    shown = apply_privacy(result, "public", public_columns=["Ansvarig", "Mail"], person_columns=["Ansvarig"])
    assert shown.actors["Ansvarig"].str.fullmatch(r"Person \d+").all()
    assert shown.actors["Mail"].str.fullmatch(r"Person \d+").all()  # recognised as e-mail by its header
    assert shown.hidden["person_columns"] == ["actors.Mail", "actors.Ansvarig"]


def test_a_declared_column_that_does_not_exist_is_an_error(result):
    with pytest.raises(ValueError, match=r"\['Websajt'\] are not columns of the survey.*Website"):
        apply_privacy(result, "public", public_columns=["Websajt"])


def test_declarations_are_checked_where_they_are_made():
    with pytest.raises(ValueError, match="public_columns must be a list of column headers"):
        AnalysisConfig(public_columns="Website")
    with pytest.raises(ValueError, match="public_columns must be a list"):
        PrivacyPolicy("public", public_columns=("",))
    assert AnalysisConfig.from_dict({"public_columns": ["Website", "Website"]}).public_columns == ("Website",)


def test_pseudonymised_actors_keep_no_declared_column(result):
    shown = apply_privacy(result, "public", pseudonymize_actors=True)
    assert "Website" not in shown.actors.columns  # a web address names the organisation
    assert "actors.Website" in shown.hidden["left_out_columns"]


def test_plain_tables_follow_the_allowlist():
    actors = pd.DataFrame(
        {"name": ["Hub"], "Chef": ["Chef Gyllenhammar"], "degree": [3], "Website": ["hub.se"]},
        index=pd.Index(["a1"], name="id"),
    )
    ties = pd.DataFrame({"source": ["a1"], "target": ["a1"], "weight": [2.0], "Övrigt": ["x"]})
    shown = apply_privacy({"actors": actors, "ties": ties}, "public", public_columns=["Website"])
    assert list(shown["actors"].columns) == ["name", "degree", "Website"]
    assert list(shown["ties"].columns) == ["source", "target"]


def test_repeated_column_names_are_refused_not_merged(survey):
    # "Notes" and "Comment" would both be kept as "comment": two columns with one name.
    # The loaders refuse such a header row; so does an Ecosystem built by hand.
    actors = survey.actors.copy()
    actors.insert(len(actors.columns), "comment", "Första hemliga kommentaren", allow_duplicates=True)
    actors.insert(len(actors.columns), "comment", "Andra hemliga kommentaren", allow_duplicates=True)
    with pytest.raises(ValueError, match="two or more columns named 'comment'"):
        Ecosystem(actors, survey.ties, meta=dict(survey.meta, sources=[]))


def test_the_command_line_declares_public_columns(workbook, tmp_path):
    out = tmp_path / "out"
    run = CliRunner().invoke(
        app,
        [
            "analyze",
            str(workbook),
            "--out",
            str(out),
            "--privacy",
            "public",
            "--public-column",
            "Website",
            "--public-column",
            "Beskrivning",
            "--no-stability",
        ],
    )
    assert run.exit_code == 0, run.output
    header = (out / "actors.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "Website" in header and "Beskrivning" in header and "Mail" not in header
    config = json.loads((out / "run.json").read_text())["config"]
    assert config["public_columns"] == ["Website", "Beskrivning"]
    # the user is told which columns the public outputs leave out
    assert "Survey columns left out:" in run.output and "actors.Handläggare" in run.output
    assert "actors.Beskrivning" not in run.output


def test_left_out_columns_without_building_the_tables(result):
    assert left_out_columns(result) == apply_privacy(result, "public").hidden["left_out_columns"]
    assert left_out_columns(result, "internal") == []
    assert "actors.Website" in left_out_columns(result, "public", pseudonymize_actors=True)


def test_the_command_line_names_a_misspelt_public_column(workbook, tmp_path):
    run = CliRunner().invoke(
        app,
        [
            "analyze",
            str(workbook),
            "--out",
            str(tmp_path / "o"),
            "--privacy",
            "public",
            "--public-column",
            "Websajt",
            "--no-stability",
        ],
    )
    assert run.exit_code == 2
    assert "Websajt" in run.output and not (tmp_path / "o" / "report.html").exists()
