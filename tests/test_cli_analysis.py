"""The analysis commands of the CLI: analyze, map, whatif and compare, on real files."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from skane_ecosystem.cli import app
from tests.ecosystems import barbell_workbook

runner = CliRunner()


@pytest.fixture
def survey(tmp_path):
    """A two-wave survey workbook: a barbell (two cliques joined by Gateway) in 2019,
    the same plus a direct tie between the cliques in 2022."""
    return barbell_workbook(tmp_path / "input" / "survey.xlsx")


def test_analyze_writes_the_bundle_and_lists_findings(survey, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(survey), "--wave", "2019", "--out", str(out), "--no-stability"])
    assert result.exit_code == 0, result.output
    assert "Gateway is a single point of failure" in result.output
    for name in (
        "report.html",
        "report.xlsx",
        "map.html",
        "actors.csv",
        "flags.csv",
        "network.csv",
        "sectors.csv",
        "ecosystem.gexf",
        "ecosystem.graphml",
        "run.json",
    ):
        assert (out / name).exists(), name
    flags = pd.read_csv(out / "flags.csv")
    assert {"single_point_of_failure", "broker"} <= set(flags.loc[flags["subject"] == "Gateway", "code"])
    assert json.loads((out / "run.json").read_text())["lang"] == "en"
    assert sorted(p.name for p in survey.parent.iterdir()) == ["survey.xlsx"]  # nothing next to the input


def test_analyze_in_swedish_with_stability(survey, tmp_path):
    result = runner.invoke(app, ["analyze", str(survey), "--out", str(tmp_path / "sv"), "--lang", "sv"])
    assert result.exit_code == 0, result.output
    assert "Hinder" in result.output


def test_analyze_with_a_config_file(survey, tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("seed = 1\n[stability]\nenabled = false\n")
    result = runner.invoke(app, ["analyze", str(survey), "--out", str(tmp_path / "o"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("hub_percentil = 0.9\n")
    result = runner.invoke(app, ["analyze", str(survey), "--out", str(tmp_path / "o2"), "--config", str(bad)])
    assert result.exit_code == 2
    assert "hub_percentil" in result.output


def test_whatif_removing_the_gateway(survey, tmp_path):
    result = runner.invoke(
        app, ["whatif", str(survey), "--wave", "2019", "--remove", "gateway", "--out", str(tmp_path / "w")]
    )
    assert result.exit_code == 0, result.output
    lost = pd.read_csv(tmp_path / "w" / "lost_reach.csv", encoding="utf-8-sig")
    assert sorted(lost["actor"]) == ["A1", "A2", "A3", "B1", "B2", "B3"]


def test_whatif_unknown_actor_is_a_clear_error(survey):
    result = runner.invoke(app, ["whatif", str(survey), "--remove", "Malmö stad"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "closest actors" in result.output
    assert "Traceback" not in result.output


def test_compare_waves(survey, tmp_path):
    result = runner.invoke(
        app, ["compare", str(survey), "--from", "2019", "--to", "2022", "--out", str(tmp_path / "c")]
    )
    assert result.exit_code == 0, result.output
    gained = pd.read_csv(tmp_path / "c" / "ties_gained.csv", encoding="utf-8-sig")
    assert list(zip(gained["source"], gained["target"])) == [("A1", "B2")]
    vanished = pd.read_csv(tmp_path / "c" / "flags_vanished.csv", encoding="utf-8-sig")
    assert "single_point_of_failure" in set(vanished["code"])


def test_map_command(survey, tmp_path):
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["map", str(survey), "--out", str(out), "--lang", "sv"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Gateway" in html and "https://" not in html.split("<script")[0]


def test_every_new_command_has_an_example_in_its_help():
    for command in ("analyze", "map", "whatif", "compare"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, command


def test_analyze_on_a_local_cluster_and_an_unreachable_scheduler(survey, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "cluster"
    result = runner.invoke(app, ["analyze", str(survey), "--out", str(out), "--no-stability", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "actors.csv").exists()
    result = runner.invoke(
        app,
        ["analyze", str(survey), "--out", str(tmp_path / "x"), "--no-stability", "--scheduler", "tcp://127.0.0.1:9"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
