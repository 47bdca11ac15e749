"""One CLI: the same input options on every command, one language per run, clear argument errors.

Every command that reads survey data (validate, analyze, map, whatif, compare)
takes the same options, declared once; a roster export given without them gets a
short hint; bad settings and arguments name themselves; the terminal's findings
are the report summary's.  Driven through typer's CliRunner on real files.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from skane_ecosystem import AnalysisConfig, cli
from skane_ecosystem.cli import app
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.demo import demo_path
from skane_ecosystem.i18n import t
from tests.ecosystems import barbell_workbook

WIDE = {"COLUMNS": "200"}

SURVEY_COMMANDS = ("validate", "analyze", "map", "whatif", "compare")

#: The input options every survey command takes (compare's waves are --from and --to).
INPUT_OPTIONS = {
    "--respondent-column",
    "--question",
    "--free-text",
    "--direction",
    "--scale",
    "--actors",
    "--threshold",
}

#: The options every command that writes output takes.
OUTPUT_OPTIONS = {
    "analyze": {"--title", "--lang", "--privacy"},
    "map": {"--title", "--lang", "--privacy"},
    "whatif": {"--title", "--lang"},
    "compare": {"--title", "--lang"},
    "validate": {"--lang"},
    "template": {"--lang"},
}


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args], env=WIDE)


def command(name: str):
    return typer.main.get_command(app).commands[name]


def options_of(name: str) -> dict[str, object]:
    return {opt: param for param in command(name).params for opt in param.opts}


# -------------------------------------------------------------------- data
ORGANISATIONS = ["Region Skåne", "Lunds kommun", "Österlen Social Impact Hub", "Fyrtorn Social Enterprise AB"]
QUESTION = "How often do you collaborate with these organisations?"
ROSTER_OPTIONS = (
    "--respondent-column",
    "Which organisation do you represent?",
    "--question",
    "samarbete=How often do you collaborate",
)  # a Swedish relation name


@pytest.fixture
def roster(tmp_path):
    """A small Google Forms grid export: one row per respondent, one column per organisation."""
    header = ["Timestamp", "Which organisation do you represent?"] + [f"{QUESTION} [{o}]" for o in ORGANISATIONS]
    answers = {
        "Region Skåne": {"Lunds kommun": "Weekly", "Österlen Social Impact Hub": "Monthly"},
        "Lunds kommun": {"Region Skåne": "Varje vecka", "Fyrtorn Social Enterprise AB": "Monthly"},
        "Österlen Social Impact Hub": {"Fyrtorn Social Enterprise AB": "Weekly"},
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for respondent, given in answers.items():
        writer.writerow(["2022/03/01 10:00:00", respondent] + [given.get(o, "") for o in ORGANISATIONS])
    path = tmp_path / "input" / "roster.csv"
    path.parent.mkdir()
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


@pytest.fixture
def survey(tmp_path):
    """Two waves of a barbell: two cliques joined by Gateway (2019), plus a direct tie (2022).

    Gateway's contact person is in the actors sheet; A1 and A2 report their tie to
    each other only one-sidedly, so the loader advises mutual mode.
    """
    return barbell_workbook(tmp_path / "input" / "survey.xlsx", one_sided={("A1", "A2")}, contact_persons=True)


# ------------------------------------------------------- options, declared once
@pytest.mark.parametrize("name", SURVEY_COMMANDS)
def test_every_survey_command_takes_the_input_options(name):
    assert INPUT_OPTIONS <= set(options_of(name))
    expected_wave = name != "compare"
    assert ("--wave" in options_of(name)) == expected_wave


def test_input_options_are_declared_once():
    # the same declaration everywhere: the same help text and metavar in every command
    for option in INPUT_OPTIONS | {"--lang"}:
        described = {(options_of(name)[option].help, options_of(name)[option].metavar) for name in SURVEY_COMMANDS}
        assert len(described) == 1, option


@pytest.mark.parametrize("name, options", OUTPUT_OPTIONS.items())
def test_commands_that_write_take_title_lang_and_privacy(name, options):
    assert options <= set(options_of(name))


def test_help_shows_flags_as_flags_and_the_argument_as_path():
    for name in ("template", "analyze", "map", "whatif", "compare", "validate", "demo"):
        text = invoke(name, "--help").output
        assert ("PATH" in text or name == "demo") and "{path}" not in text, name
        assert "<bool>" not in text, name  # --help, --force, --stability ...: flags take no value


def test_the_command_list_shows_help_as_a_flag():
    assert "<bool>" not in invoke("--help").output


# ------------------------------------------------------------ roster exports
@pytest.mark.parametrize(
    "name, extra",
    [
        ("validate", []),
        ("analyze", ["--no-stability", "--out", "{tmp}/bundle"]),
        ("map", ["--out", "{tmp}/map.html"]),
        ("whatif", ["--remove", "Fyrtorn Social Enterprise AB"]),
    ],
)
def test_roster_exports_read_by_every_command(roster, tmp_path, name, extra):
    args = [a.format(tmp=tmp_path) for a in extra]
    result = invoke(name, roster, *ROSTER_OPTIONS, "--wave", "2022", *args)
    assert result.exit_code == 0, result.output


def test_compare_reads_a_roster_export_and_names_its_wave(roster):
    # one roster export is one wave: compare reads it, then says which waves there are
    result = invoke("compare", roster, *ROSTER_OPTIONS, "--from", "2019", "--to", "2022")
    assert result.exit_code == 2
    assert "--from 2019" in result.output
    assert "problem in the survey data" not in result.output


def test_roster_without_its_options_gets_a_short_hint():
    result = invoke("analyze", demo_path("roster_2022_google_forms.csv"))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2
    assert len(lines) <= 15, result.output
    assert "--respondent-column" in result.output and "--question" in result.output
    assert "'Which organisation do you represent?'" in result.output
    assert "How often do you receive funding from these organisations?" in result.output
    assert "For example: skane-eco analyze " in " ".join(result.output.split())  # the command that was run


# ------------------------------------------------------------ writing options
def test_map_public_leaves_out_contact_persons(survey, tmp_path):
    internal, public = tmp_path / "internal.html", tmp_path / "public.html"
    assert invoke("map", survey, "--out", internal).exit_code == 0
    result = invoke("map", survey, "--out", public, "--privacy", "public", "--title", "Barbell")
    assert result.exit_code == 0, result.output
    assert "Greta Gatekeeper" in internal.read_text(encoding="utf-8")
    page = public.read_text(encoding="utf-8")
    assert "Greta Gatekeeper" not in page
    assert "Barbell" in page and "Gateway" in page


def test_analyze_takes_a_title_and_ends_saying_which_file_to_open(survey, tmp_path):
    out = tmp_path / "bundle"
    result = invoke("analyze", survey, "--out", out, "--no-stability", "--title", "Barbell ecosystem")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text())["title"] == "Barbell ecosystem"
    last = result.output.strip().splitlines()[-1]
    assert str(out / "report.html") in last


def test_the_shipped_demo_workbook_keeps_its_synthetic_label(tmp_path):
    out = tmp_path / "demo"
    result = invoke("analyze", demo_path(), "--out", out, "--no-stability")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text())["synthetic"] is True
    assert t("common.synthetic", "en") in result.output


# ------------------------------------------------------- settings, arguments
@pytest.mark.parametrize(
    "settings, message",
    [
        ({"hub_percentile": 95}, "hub_percentile must be between 0 and 1, got 95"),
        ({"spanner_cross_share": 1.5}, "spanner_cross_share must be between 0 and 1, got 1.5"),
        ({"fragmentation_threshold": -0.1}, "fragmentation_threshold must be between 0 and 1, got -0.1"),
        ({"silo_ei": -2}, "silo_ei must be between -1 and 1, got -2"),
        ({"spof_min_cutoff": 0}, "spof_min_cutoff must be a whole number of at least 1, got 0"),
        ({"min_group_size": 2.5}, "min_group_size must be a whole number of at least 1, got 2.5"),
        ({"bottleneck_min_paths": "ten"}, "bottleneck_min_paths must be a whole number of at least 0, got 'ten'"),
        ({"samples": 0}, "samples must be a whole number of at least 1 (or left out), got 0"),
    ],
)
def test_a_setting_out_of_range_names_itself_and_its_range(settings, message):
    with pytest.raises(ValueError) as error:
        AnalysisConfig(**settings)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"tentative_below": 70}, "stability.tentative_below must be between 0 and 1, got 70"),
        ({"resamples": 0}, "stability.resamples must be a whole number of at least 1, got 0"),
        ({"max_actors": -1}, "stability.max_actors must be a whole number of at least 0, got -1"),
    ],
)
def test_a_stability_setting_out_of_range_names_itself(settings, message):
    with pytest.raises(ValueError) as error:
        StabilityConfig(**settings)
    assert str(error.value) == message


def test_a_toml_setting_out_of_range_is_one_line_naming_it(survey, tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("hub_percentile = 95\n")
    result = invoke("analyze", survey, "--out", tmp_path / "o", "--config", config)
    assert result.exit_code == 2
    assert "hub_percentile must be between 0 and 1, got 95" in result.output
    assert "Quantiles" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, expected",
    [
        (["whatif", "--remove", "Malmö stad"], ["Error: --remove", "closest actors"]),
        (["compare", "--from", "2020", "--to", "2022"], ["Error: --from 2020", "'2019'", "'2022'"]),
        (["analyze", "--wave", "2021", "--out", "unused"], ["Error: --wave 2021", "'2022'"]),
    ],
)
def test_a_wrong_argument_is_an_argument_error_with_the_closest_values(survey, args, expected):
    result = invoke(args[0], survey, *args[1:])
    assert result.exit_code == 2
    assert "problem in the survey data" not in result.output
    assert "Nothing was loaded" not in result.output
    assert len(result.output.strip().splitlines()) <= 2  # one line, perhaps wrapped
    for text in expected:
        assert text in result.output


# --------------------------------------------------------- one language a run
def test_whatif_in_swedish_names_indicators_and_writes_decimal_commas(survey):
    result = invoke("whatif", survey, "--wave", "2019", "--remove", "Gateway", "--lang", "sv")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Indikator" in out and "Före" in out and "Täthet" in out
    assert "density" not in out and "Indicator" not in out
    assert re.search(r"\b0,\d{3}\b", out) and not re.search(r"\b0\.\d{3}\b", out)


def test_compare_in_swedish_lists_findings_by_name(survey):
    result = invoke("compare", survey, "--from", "2019", "--to", "2022", "--lang", "sv")
    assert result.exit_code == 0, result.output
    assert "Fynd som försvinner" in result.output
    assert "Gateway" in result.output and "single_point_of_failure" not in result.output


def test_validate_and_template_in_swedish(survey, tmp_path):
    result = invoke("validate", survey, "--lang", "sv")
    assert result.exit_code == 0, result.output
    assert "7 aktörer" in result.output and "Aktörer per sektor" in result.output
    result = invoke("template", tmp_path / "mall.xlsx", "--lang", "sv")
    assert result.exit_code == 0, result.output
    assert "Skrev enkätmallen" in result.output and "--lang sv" in result.output


def test_bundle_steps_are_named_in_the_run_language():
    assert cli._step_line("done", "sv") == t("cli.step.done", "sv") != t("cli.step.done", "en")
    assert "report.html" in cli._step_line("report.html", "sv")  # a file name stays a file name


def test_advice_names_command_line_options_not_python(survey):
    result = invoke("validate", survey)
    assert result.exit_code == 0, result.output
    assert "--mode mutual" in result.output
    assert "mode='mutual'" not in result.output


# ------------------------------------------------------------- the findings
@pytest.fixture(scope="module")
def demo_analysis(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "bundle"
    result = invoke("analyze", demo_path(), "--out", out, "--no-stability")
    assert result.exit_code == 0, result.output
    return result.output, (out / "report.html").read_text(encoding="utf-8")


PLANTED = [
    "The ecosystem depends on Skåne Social Impact Fund for funding",
    "Simrishamn hangs on one actor",
    "Business is a silo",
]


def test_the_terminal_lists_the_planted_impediments_first(demo_analysis):
    output, _ = demo_analysis
    impediments = " ".join(output.split(t("cli.impediments", "en"))[1].split())
    positions = [impediments.find(sentence) for sentence in PLANTED]
    assert all(p >= 0 for p in positions), positions
    assert "Lomma is on the periphery" not in impediments


def test_the_terminal_findings_are_in_the_report_summary_order(demo_analysis):
    output, report = demo_analysis
    terminal = " ".join(output.split())
    summary = " ".join(re.sub(r"<[^>]+>", " ", report).split())
    assert all(terminal.find(sentence) >= 0 for sentence in PLANTED)
    in_terminal = sorted(PLANTED, key=terminal.find)
    in_report = sorted(PLANTED, key=summary.find)
    assert in_terminal == in_report


def test_relation_names_in_swedish_or_english(survey, tmp_path):
    for name in ("samarbete", "collaboration"):
        result = invoke("map", survey, "--relation", name, "--out", tmp_path / f"{name}.html")
        assert result.exit_code == 0, result.output
    result = invoke("map", survey, "--relation", "finansiering", "--out", tmp_path / "none.html")
    assert result.exit_code == 2  # the survey asks about collaboration only
    assert "Error: --relation" in result.output and "'collaboration'" in result.output


def test_analyze_writes_csv_tables_for_swedish_excel(survey, tmp_path):
    out = tmp_path / "bundle"
    result = invoke("analyze", survey, "--out", out, "--no-stability", "--csv-style", "semicolon")
    assert result.exit_code == 0, result.output
    raw = (out / "network.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfindicator;value\n")
    network = pd.read_csv(out / "network.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert 0 < float(network.set_index("indicator").loc["density", "value"]) <= 1


@pytest.mark.parametrize("renderer", ["vis", "webgl"])
def test_map_takes_the_renderer_and_the_aggregation(survey, tmp_path, renderer):
    out = tmp_path / "map.html"
    result = invoke("map", str(survey), "--out", str(out), "--renderer", renderer, "--aggregate", "none")
    assert result.exit_code == 0, result.output
    assert f'"renderer":"{renderer}"' in out.read_text(encoding="utf-8")
    result = invoke("map", str(survey), "--out", str(out), "--aggregate", "sector")
    assert result.exit_code == 0 and '"aggregated":"sector"' in out.read_text(encoding="utf-8")


def test_free_text_answers_of_a_roster_reach_the_bundle_to_be_coded(tmp_path):
    header = ["Timestamp", "Which organisation do you represent?"]
    header += [f"{QUESTION} [{o}]" for o in ORGANISATIONS] + ["What hinders your work?"]
    rows = [
        ["2022/03/01 10:00:00", "Region Skåne", "Weekly", "", "", "", "Regelverket kring upphandling"],
        ["2022/03/01 10:05:00", "Lunds kommun", "", "", "", "Monthly", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path = tmp_path / "roster.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    out = tmp_path / "bundle"
    result = invoke(
        "analyze", path, *ROSTER_OPTIONS, "--free-text", "What hinders", "--no-stability", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    quotes = (out / "qualitative_quotes.csv").read_text(encoding="utf-8-sig")
    assert "Regelverket kring upphandling" in quotes
    result = invoke("analyze", tmp_path / "roster.csv", "--free-text", "What hinders")
    assert result.exit_code != 0 and "--free-text is for roster exports" in result.output


def test_analyze_tests_against_chance_when_asked(survey, tmp_path):
    out = tmp_path / "bundle"
    result = invoke(
        "analyze", str(survey), "--inference", "--nonresponse", "reciprocity", "--no-stability", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    config = json.loads((out / "run.json").read_text(encoding="utf-8"))["config"]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert config["inference"]["enabled"] is True and run["analysis"]["nonresponse"] == "reciprocity"
    assert "QAP" in (out / "report.html").read_text(encoding="utf-8")
