"""The bundle: every file, written atomically, the same bytes on every run."""

import csv
import hashlib
import io
import json

import pytest

from skane_ecosystem.render import bundle as bundle_module
from skane_ecosystem.render.bundle import BUNDLE_FILES, write_bundle

from .conftest import FORMULA_NAME, files_in


@pytest.fixture(scope="module")
def public_again(analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("public_again")
    steps = []
    paths = write_bundle(analysis, out, lang="en", privacy="public", progress=steps.append)
    return out, paths, steps


def test_every_file_is_written(public_bundle):
    names = {str(p.relative_to(public_bundle)) for p in files_in(public_bundle)}
    assert set(BUNDLE_FILES) <= names
    figures = sorted(n for n in names if n.startswith("figures/"))
    assert "figures/network.png" in figures and "figures/network.svg" in figures
    assert "figures/wave_change.svg" in figures and "figures/robustness.png" in figures
    assert not [p for p in public_bundle.iterdir() if p.name.startswith(".")]  # no staging left


def test_two_runs_give_identical_bytes(public_bundle, public_again):
    again, paths, _ = public_again
    first = {str(p.relative_to(public_bundle)): p.read_bytes() for p in files_in(public_bundle)}
    second = {str(p.relative_to(again)): p.read_bytes() for p in files_in(again)}
    assert sorted(first) == sorted(second) == sorted(paths)
    differing = [name for name in first if name != "run.json" and first[name] != second[name]]
    assert differing == []
    runs = [json.loads(b[name]) for b, name in ((first, "run.json"), (second, "run.json"))]
    for run in runs:
        run.pop("timings")
    assert runs[0] == runs[1]


def test_progress_names_each_step(public_again):
    _, _, steps = public_again
    # the figures are drawn in a second process from the start; "figures" is the wait for them
    assert steps == ["tables", "map", "report.xlsx", "csv", "graphs", "figures", "report.html", "run.json", "done"]


def test_run_json_records_how_to_reproduce(analysis, public_bundle):
    run = json.loads((public_bundle / "run.json").read_text(encoding="utf-8"))
    assert run["tool"] == "skane_ecosystem" and run["version"]
    assert run["lang"] == "en" and run["privacy"] == {"level": "public", "pseudonymize_actors": False, "min_cell": 5}
    assert run["seed"] == analysis.config.seed and run["config"]["stability"]["resamples"] == 5
    assert run["analysis"] == {"relation": None, "wave": "2022", "mode": "union", "nonresponse": "none"}
    assert run["inputs"] == [{"file": "survey.xlsx", "sha256": None}]  # not on disk here
    report = (public_bundle / "report.html").read_bytes()
    assert run["outputs"]["report.html"] == hashlib.sha256(report).hexdigest()
    assert set(run["timings"]) == {"analysis", "bundle"} and "figures" in run["timings"]["bundle"]


def test_csv_files_are_sorted_utf8_and_defused(public_bundle):
    actors = list(csv.DictReader(io.StringIO((public_bundle / "actors.csv").read_text(encoding="utf-8-sig"))))
    ids = [row["id"] for row in actors]
    assert ids == sorted(ids) and len(ids) == 27
    assert "'" + FORMULA_NAME in [row["name"] for row in actors]  # a spreadsheet shows it as text
    network = (public_bundle / "network.csv").read_text(encoding="utf-8-sig").splitlines()
    assert network[0] == "indicator,value" and network[1].startswith("actors,27")
    flags = list(csv.DictReader(io.StringIO((public_bundle / "flags.csv").read_text(encoding="utf-8-sig"))))
    assert all(json.loads(row["evidence"]) is not None for row in flags)


def test_graph_files_carry_no_date(public_bundle):
    gexf = (public_bundle / "ecosystem.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in gexf and 'id="PUB1"' in gexf


def test_input_hashes_and_never_next_to_the_input(analysis, tmp_path):
    from dataclasses import replace

    survey = tmp_path / "data" / "survey.xlsx"
    survey.parent.mkdir()
    survey.write_bytes(b"not really a workbook")
    eco = analysis.ecosystem
    located = replace(analysis, ecosystem=replace(eco, meta={**eco.meta, "source_paths": [str(survey)]}))
    with pytest.raises(ValueError, match="own folder"):
        write_bundle(located, survey.parent, figures=False, map_html=False)
    assert sorted(p.name for p in survey.parent.iterdir()) == ["survey.xlsx"]
    out = tmp_path / "out"
    write_bundle(located, out, figures=False, map_html=False)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["inputs"] == [{"file": "survey.xlsx", "sha256": hashlib.sha256(b"not really a workbook").hexdigest()}]
    assert str(survey) not in (out / "report.html").read_text(encoding="utf-8")


def test_a_failure_leaves_nothing_half_written(analysis, tmp_path, monkeypatch):
    from skane_ecosystem.atomic import write_folder

    out = tmp_path / "out"
    write_folder(out, {"keep.txt": "earlier file"})  # an earlier run's output folder
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(shown, **options):
        raise RuntimeError("disk full")

    monkeypatch.setattr("skane_ecosystem.render.report_xlsx.workbook_bytes", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_bundle(analysis, out, figures=False, map_html=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left beside it


def test_arguments_are_checked_before_anything_is_written(analysis, tmp_path):
    with pytest.raises(ValueError, match="lang"):
        write_bundle(analysis, tmp_path / "a", lang="de")
    with pytest.raises(ValueError, match="privacy must be one of"):
        write_bundle(analysis, tmp_path / "b", privacy="secret")
    with pytest.raises(TypeError, match="Analysis"):
        write_bundle("not an analysis", tmp_path / "c")
    assert list(tmp_path.iterdir()) == []
    assert bundle_module.CSV_TABLES == {
        "actors.csv": "actors",
        "flags.csv": "flags",
        "network.csv": "network",
        "sectors.csv": "sectors",
    }


def test_a_failure_while_figures_are_drawn_elsewhere_leaves_nothing(analysis, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def broken(shown, **options):
        raise RuntimeError("disk full")

    monkeypatch.setattr("skane_ecosystem.render.report_xlsx.workbook_bytes", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_bundle(analysis, out)
    assert list(tmp_path.iterdir()) == []  # not even the folder: it did not exist before


def test_a_failing_figure_is_reported_and_leaves_nothing(analysis, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def broken(shown, names=None):
        raise ValueError("no room for the legend")

    monkeypatch.setattr(bundle_module, "draw_figures", broken)
    with pytest.raises(ValueError, match="no room for the legend"):
        write_bundle(analysis, out)
    assert list(tmp_path.iterdir()) == []  # not even the folder: it did not exist before


def test_fresh_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path):
    """Python orders sets of strings differently in every process (hash randomisation);
    no output may depend on it, down to the last digit of a sum."""
    import os
    import subprocess
    import sys

    from skane_ecosystem.demo import demo_path

    config = tmp_path / "few_resamples.toml"
    config.write_text("[stability]\nresamples = 8\n", encoding="utf-8")
    bundles = {}
    for hash_seed in ("1", "2"):
        out = tmp_path / f"seed{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "COLUMNS": "200"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "skane_ecosystem",
                "analyze",
                str(demo_path("skane_demo.xlsx")),
                "--config",
                str(config),
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
            env=env,
            timeout=600,
        )
        bundles[hash_seed] = {str(p.relative_to(out)): p.read_bytes() for p in files_in(out)}
    first, second = bundles.values()
    assert sorted(first) == sorted(second)
    assert len(first) > 20
    assert [name for name in first if name != "run.json" and first[name] != second[name]] == []


def test_a_network_too_large_for_a_page_is_not_drawn_and_the_report_says_so(analysis, tmp_path, monkeypatch):
    monkeypatch.setattr("skane_ecosystem.render.report_html.NETWORK_FIGURE_MAX_ACTORS", 20)
    paths = write_bundle(analysis, tmp_path / "out", map_html=False)
    figures = sorted(name for name in paths if name.startswith("figures/"))
    assert figures and not [name for name in figures if name.startswith("figures/network.")]
    page = paths["report.html"].read_text(encoding="utf-8")
    assert "With 27 organisations the network is too large to draw on a page" in page
