"""No output is ever written over a file that was read; an output folder holds one run.

Issue 11, "data loss": every command and API call that writes is checked here against
the files it read (by path, symbolic link and hard link), against folders holding other
files, and against a disk that refuses to be written (read-only, full, no permission)
at the first file, in the middle of a run, and as the new folder is swapped in.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import skane_ecosystem as se
from skane_ecosystem import atomic
from skane_ecosystem.atomic import InputFiles, OutputFolder, OutputRefusedError, write_atomic, write_folder
from skane_ecosystem.cli import app
from skane_ecosystem.io import load_csv

WIDE = {"COLUMNS": "1000"}  # a one-line message stays on one line

ACTORS = "id;name;sector\n" + "".join(
    f"{i};{name};{sector}\n"
    for i, (name, sector) in enumerate(
        [
            ("Region Skåne", "public"),
            ("Lunds universitet", "academia"),
            ("Fyrtorn AB", "business"),
            ("Malmö stad", "public"),
            ("Ideell förening", "civil_society"),
            ("Medicon Village", "business"),
        ],
        1,
    )
)
TIES = "source;target;relation;weight;wave\n" + "".join(
    f"{s};{t};collaboration;2;{wave}\n"
    for wave in ("2019", "2022")
    for s, t in [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 1), (1, 4)] + ([(2, 5)] if wave == "2022" else [])
)


def listing(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` with a hash of its bytes (links by their target)."""
    if not folder.exists():
        return {}
    entries = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            entries[name] = "link to " + os.readlink(path)
        elif path.is_file():
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[name] = "folder"
    return entries


@pytest.fixture
def survey(tmp_path) -> Path:
    """A folder with ties.csv and actors.csv (two waves)."""
    folder = tmp_path / "survey"
    folder.mkdir()
    (folder / "ties.csv").write_text(TIES, encoding="utf-8")
    (folder / "actors.csv").write_text(ACTORS, encoding="utf-8")
    return folder


@pytest.fixture
def quick():
    """Analysis settings without the stability resamples (seconds, not minutes)."""
    config = se.AnalysisConfig()
    return config.with_options(stability=type(config.stability)(enabled=False))


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env=WIDE)


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "staging" not in lines[0]  # the user is told the file they know


# ============================================================ never over an input
def test_report_refuses_the_folder_of_an_actors_file_given_apart(survey, tmp_path, quick):
    other = tmp_path / "other"
    other.mkdir()
    (survey / "actors.csv").rename(other / "actors.csv")
    before = listing(other)
    eco = se.load(survey / "ties.csv", actors=other / "actors.csv")
    with pytest.raises(OutputRefusedError, match="actors.csv"):
        se.analyze(eco, quick).report(other, figures=False, map_html=False)
    assert listing(other) == before


def test_report_refuses_the_folder_load_csv_read(survey, quick):
    before = listing(survey)
    with pytest.raises(OutputRefusedError, match="own folder"):
        se.analyze(load_csv(survey), quick).report(survey, figures=False, map_html=False)
    assert listing(survey) == before


def test_report_refuses_a_folder_that_holds_the_input_anywhere_inside(survey, quick):
    with pytest.raises(OutputRefusedError, match=r"holds the input file .*survey/(actors|ties).csv"):
        se.analyze(se.load(survey), quick).report(survey.parent, figures=False, map_html=False)
    assert sorted(listing(survey)) == ["actors.csv", "ties.csv"]


def test_an_earlier_run_holding_a_hard_link_to_the_input_is_refused(survey, tmp_path, quick):
    out = tmp_path / "out"
    write_folder(out, {"actors.csv": "earlier"})  # looks like an earlier run ...
    (out / "actors.csv").unlink()
    os.link(survey / "actors.csv", out / "actors.csv")  # ... but is the survey's own file
    with pytest.raises(OutputRefusedError, match="input file"):
        se.analyze(se.load(survey), quick).report(out, figures=False, map_html=False)
    assert (survey / "actors.csv").read_text(encoding="utf-8") == ACTORS


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_map_refuses_to_write_over_an_input_under_another_name(survey, tmp_path, link):
    alias = tmp_path / "ties.html"
    (os.symlink if link == "symlink" else os.link)(survey / "ties.csv", alias)
    result = invoke("map", survey, "--out", alias)
    assert_one_line_error(result, "is the input file", "ties.csv")
    assert (survey / "ties.csv").read_text(encoding="utf-8") == TIES


def test_explore_save_refuses_the_input_itself(survey, tmp_path, quick):
    page = tmp_path / "page.html"
    page.write_text("source;target\n1;2\n", encoding="utf-8")  # a ties file, oddly named
    analysis = se.analyze(load_csv(ties=page, actors=survey / "actors.csv"), quick)
    with pytest.raises(OutputRefusedError, match="is the input file"):
        analysis.explore().save(page)
    assert page.read_text(encoding="utf-8") == "source;target\n1;2\n"


@pytest.mark.parametrize("command", ["whatif", "compare"])
def test_table_commands_never_replace_an_input_named_like_a_table(tmp_path, command):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "indicators.csv").write_text(TIES, encoding="utf-8")  # a lone ties file, so named
    args = ["--remove", "3"] if command == "whatif" else ["--from", "2019", "--to", "2022"]
    before = listing(folder)
    result = invoke(command, folder / "indicators.csv", *args, "--out", folder)
    assert_one_line_error(result, "indicators.csv")
    assert listing(folder) == before


# ================================================================ one run per folder
def test_a_public_run_replaces_an_internal_run_whole(survey, tmp_path, quick):
    analysis = se.analyze(se.load(survey), quick)
    out = tmp_path / "out"
    analysis.report(out, privacy="internal", map_html=True, figures=False)
    (out / "figures").mkdir()  # a file only the internal run has, say
    internal_only = out / "figures" / "network.png"
    internal_only.write_bytes(b"internal")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    run["outputs"]["figures/network.png"] = hashlib.sha256(b"internal").hexdigest()
    (out / "run.json").write_text(json.dumps(run), encoding="utf-8")

    written = analysis.report(out, privacy="public", map_html=False, figures=False)

    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["privacy"]["level"] == "public"
    assert sorted(listing(out)) == sorted(written) == sorted([*run["outputs"], "run.json"])
    assert not internal_only.exists() and not (out / "map.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_a_folder_with_other_files_is_refused_naming_them(survey, tmp_path, quick):
    out = tmp_path / "documents"
    out.mkdir()
    for name in ("budget.xlsx", "notes.txt", "photo.jpg", "a.txt", "b.txt", "c.txt"):
        (out / name).write_text(name, encoding="utf-8")
    before = listing(out)
    with pytest.raises(
        OutputRefusedError,
        match=r"not from an earlier run \(a.txt, b.txt, budget.xlsx, "
        r"c.txt, notes.txt and 1 more\).*new or empty folder",
    ):
        se.analyze(se.load(survey), quick).report(out, figures=False, map_html=False)
    assert listing(out) == before


def test_a_symlinked_figures_folder_is_never_followed(survey, tmp_path, quick):
    analysis = se.analyze(se.load(survey), quick)
    out = tmp_path / "out"
    analysis.report(out, figures=False, map_html=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "network.png").write_bytes(b"someone else's file")
    (out / "figures").symlink_to(elsewhere, target_is_directory=True)
    before, before_elsewhere = listing(out), listing(elsewhere)

    with pytest.raises(OutputRefusedError, match=r"figures \(a link\)"):
        analysis.report(out)
    result = invoke("analyze", survey, "--out", out, "--no-stability")
    assert_one_line_error(result, "figures (a link)")
    assert listing(out) == before and listing(elsewhere) == before_elsewhere


def test_a_linked_output_folder_is_written_where_it_points(survey, tmp_path):
    real = tmp_path / "disk" / "tables"
    real.parent.mkdir()
    link = tmp_path / "tables"
    link.symlink_to(real, target_is_directory=True)
    result = invoke("whatif", survey, "--remove", "Fyrtorn AB", "--out", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (real / "indicators.csv").is_file() and (real / "run.json").is_file()


def test_table_commands_write_a_run_json_and_replace_their_folder(survey, tmp_path):
    out = tmp_path / "change"
    assert invoke("compare", survey, "--from", "2019", "--to", "2022", "--out", out).exit_code == 0
    assert "ties_gained.csv" in json.loads((out / "run.json").read_text(encoding="utf-8"))["outputs"]
    result = invoke("whatif", survey, "--remove", "Fyrtorn AB", "--out", out)  # an earlier run: replaced
    assert result.exit_code == 0, result.output
    assert sorted(listing(out)) == [
        "flags_appeared.csv",
        "flags_vanished.csv",
        "indicators.csv",
        "lost_reach.csv",
        "run.json",
    ]


# ============================================================== unwritable outputs
FAILURES = {
    "EROFS": (errno.EROFS, "Read-only file system"),
    "ENOSPC": (errno.ENOSPC, "No space left on device"),
    "EACCES": (errno.EACCES, "permission denied"),
}


def fail_on_write(monkeypatch, under: Path, code: int, at: int) -> None:
    """Make the ``at``-th file moved into place under ``under`` fail with ``code``."""
    real_replace, calls = os.replace, []

    def replace(source, target, *args, **kwargs):
        if Path(target).is_relative_to(under):
            calls.append(target)
            if len(calls) == at:
                raise OSError(code, os.strerror(code), str(target))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def fail_on_swap(monkeypatch, code: int) -> None:
    def exchange(first, second):
        raise OSError(code, os.strerror(code), str(second))

    monkeypatch.setattr(atomic, "_exchange", exchange)


COMMANDS = {
    "analyze": lambda survey, out: ["analyze", survey, "--out", out, "--no-stability"],
    "whatif": lambda survey, out: ["whatif", survey, "--remove", "Fyrtorn AB", "--out", out],
    "compare": lambda survey, out: ["compare", survey, "--from", "2019", "--to", "2022", "--out", out],
}


# each point of failure with another error, so that three runs per command cover all
@pytest.mark.parametrize("point, failure", [("first file", "EROFS"), ("mid-run", "ENOSPC"), ("swap", "EACCES")])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unwritable_folder_is_one_line_and_leaves_the_earlier_run(
    survey, tmp_path, monkeypatch, command, point, failure
):
    out = tmp_path / "out"
    args = COMMANDS[command](survey, out)
    assert invoke(*args).exit_code == 0
    before = listing(out)
    code, words = FAILURES[failure]
    if point == "swap":
        fail_on_swap(monkeypatch, code)
    else:
        fail_on_write(monkeypatch, tmp_path, code, at=1 if point == "first file" else 3)

    result = invoke(*args)

    assert_one_line_error(result, words, str(out.resolve()))
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "survey"]  # no staging left


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_map_on_an_unwritable_disk_is_one_line_and_keeps_the_earlier_map(survey, tmp_path, monkeypatch, failure):
    out = tmp_path / "map.html"
    out.write_text("earlier map", encoding="utf-8")
    code, words = FAILURES[failure]
    fail_on_write(monkeypatch, tmp_path, code, at=1)
    result = invoke("map", survey, "--out", out)
    assert_one_line_error(result, words, str(out))
    assert out.read_text(encoding="utf-8") == "earlier map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "survey"]


def test_demo_on_a_full_disk_leaves_no_folder(tmp_path, monkeypatch):
    out = tmp_path / "new" / "demo"
    fail_on_write(monkeypatch, tmp_path, errno.ENOSPC, at=1)
    result = invoke("demo", "--out", out)
    assert_one_line_error(result, "No space left on device", str(out.resolve() / "validation.csv"))
    assert list(tmp_path.iterdir()) == []  # not even the folders it would have created


def test_demo_without_permission_mid_run_leaves_the_folder_empty(tmp_path, monkeypatch):
    out = tmp_path / "demo"
    out.mkdir()
    fail_on_write(monkeypatch, tmp_path, errno.EACCES, at=4)  # map.html, after the analysis
    result = invoke("demo", "--out", out)
    assert_one_line_error(result, "permission denied", str(out.resolve() / "map.html"))
    assert listing(tmp_path) == {"demo": "folder"}


def test_demo_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "thesis.docx").write_text("years of work", encoding="utf-8")
    result = invoke("demo", "--out", tmp_path)
    assert_one_line_error(result, "thesis.docx", "new or empty folder")
    assert listing(tmp_path) == {"thesis.docx": hashlib.sha256(b"years of work").hexdigest()}


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs /sys, which no one (not even root) writes into")
def test_a_truly_unwritable_folder_even_for_root(survey):
    result = invoke("whatif", survey, "--remove", "Fyrtorn AB", "--out", "/sys/skane-eco-outputs")
    assert_one_line_error(result, "/sys/skane-eco-outputs")
    assert not Path("/sys/skane-eco-outputs").exists()


# ==================================================================== the mechanism
def test_an_interruption_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"a.csv": "earlier"})
    before = listing(out)
    with pytest.raises(KeyboardInterrupt):
        with OutputFolder(out) as staged:
            write_atomic(staged.path / "a.csv", "new")
            raise KeyboardInterrupt  # Ctrl-C, or SIGTERM turned into an exception
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_an_atomic_exchange_a_failed_move_puts_the_earlier_run_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_folder(out, {"a.csv": "earlier"})
    before = listing(out)
    monkeypatch.setattr(atomic, "_exchange", lambda first, second: False)  # not Linux
    real_rename = os.rename

    def rename(source, target):
        if Path(target) == out.resolve() and ".staging" in str(source):
            raise OSError(errno.EIO, "Input/output error", str(target))
        return real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="Input/output error"):
        write_folder(out, {"a.csv": "new"})
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    monkeypatch.setattr(os, "rename", real_rename)
    write_folder(out, {"b.csv": "new"})  # and with both renames working, it is replaced
    assert sorted(listing(out)) == ["b.csv", "run.json"]


def test_the_atomic_exchange_swaps_two_folders(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (first / "one").write_text("1")
    (second / "two").write_text("2")
    if not atomic._exchange(first, second):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    assert [p.name for p in first.iterdir()] == ["two"] and [p.name for p in second.iterdir()] == ["one"]


def test_an_output_name_cannot_climb_out_of_its_folder(tmp_path):
    with pytest.raises(ValueError, match="inside its folder"):
        write_folder(tmp_path / "out", {"../escape.csv": "x"})
    assert list(tmp_path.iterdir()) == []


def test_input_files_know_a_file_by_path_link_and_inode(tmp_path):
    survey = tmp_path / "survey.xlsx"
    survey.write_bytes(b"survey")
    os.link(survey, tmp_path / "hard.xlsx")
    (tmp_path / "soft.xlsx").symlink_to(survey)
    inputs = InputFiles([survey, tmp_path / "missing.xlsx", None])
    assert list(inputs) == [survey.resolve()]
    for name in ("survey.xlsx", "hard.xlsx", "soft.xlsx"):
        assert inputs.same_as(tmp_path / name) == survey.resolve()
    assert inputs.same_as(tmp_path / "other.xlsx") is None


def test_every_loader_records_every_file_it_read(survey, tmp_path):
    from skane_ecosystem.io import source_paths

    def names(eco):
        return sorted(str(p.relative_to(tmp_path)) for p in source_paths(eco))

    other = tmp_path / "other"
    other.mkdir()
    (survey / "actors.csv").rename(other / "actors.csv")
    (survey / "aliases.csv").write_text("alias;id\nRegion Skane;1\n", encoding="utf-8")
    expected = ["other/actors.csv", "survey/aliases.csv", "survey/ties.csv"]
    assert names(se.load(survey / "ties.csv", actors=other / "actors.csv", aliases=survey / "aliases.csv")) == expected
    assert (
        names(load_csv(ties=survey / "ties.csv", actors=other / "actors.csv", aliases=survey / "aliases.csv"))
        == expected
    )
    (other / "actors.csv").rename(survey / "actors.csv")
    assert names(load_csv(survey)) == ["survey/actors.csv", "survey/aliases.csv", "survey/ties.csv"]
    assert names(se.load(survey)) == ["survey/actors.csv", "survey/aliases.csv", "survey/ties.csv"]
