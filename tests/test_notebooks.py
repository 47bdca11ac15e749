"""The tutorial notebooks: stored without outputs, reproducible, and run by a real kernel.

Each notebook is executed once, cell by cell, by a Jupyter kernel on this very
interpreter, in a temporary folder (so nothing is written into the repository); a
cell that raises fails the test.  The assertions then read values the notebook
printed or displayed: the numbers a researcher would see.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ("01_quickstart.ipynb", "02_your_survey.ipynb", "03_scenarios_and_waves.ipynb", "04_inference.ipynb")

#: Appended to every notebook before it runs: where the kernel's Python lives.
KERNEL_CHECK_ID = "kernel-check"


def _generator():
    spec = importlib.util.spec_from_file_location("build_notebooks", NOTEBOOK_DIR / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------ stored files
def test_the_stored_notebooks_are_exactly_what_the_generator_writes(tmp_path):
    written = _generator().write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(NAMES)
    for path in written:
        assert path.read_bytes() == (NOTEBOOK_DIR / path.name).read_bytes(), (
            f"{path.name} differs from what notebooks/build_notebooks.py writes; run that script"
        )


def test_the_generator_writes_the_same_bytes_twice(tmp_path):
    first = [p.read_bytes() for p in _generator().write_all(tmp_path / "a")]
    second = [p.read_bytes() for p in _generator().write_all(tmp_path / "b")]
    assert first == second


@pytest.mark.parametrize("name", NAMES)
def test_stored_notebooks_carry_no_outputs_and_a_valid_python3_kernel(name):
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    nbformat.validate(notebook)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code_cells) >= 8
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells)
    assert notebook.metadata.kernelspec.name == "python3"
    # No absolute paths of the machine that built them.
    assert "/work/" not in json.dumps(notebook) and "/home/" not in json.dumps(notebook)


@pytest.mark.parametrize("name", NAMES)
def test_every_notebook_says_the_demo_is_synthetic(name):
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    assert "The demo is synthetic" in notebook.cells[0].source


# --------------------------------------------------------------- execution
@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory):
    """A ``python3`` kernelspec that runs this interpreter, found first on JUPYTER_PATH.

    jupyter_client maps a spec whose command is plain ``python`` to the running
    interpreter, but a ``python3`` spec in the user's or the system's Jupyter folders
    could point anywhere; a spec of our own, first on the search path, cannot.
    """
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(root))
        patch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        yield root


@pytest.fixture(scope="module")
def run(kernel_path, tmp_path_factory):
    """Execute a notebook once (cached); returns (executed notebook, the folder it ran in)."""
    from nbclient import NotebookClient

    done = {}

    def execute(name):
        if name not in done:
            before = sorted(p.name for p in NOTEBOOK_DIR.iterdir())
            notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
            notebook.cells.append(
                nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)\nprint(sys.executable)", id=KERNEL_CHECK_ID)
            )
            workdir = tmp_path_factory.mktemp(Path(name).stem)
            NotebookClient(
                notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(workdir)}}
            ).execute()
            assert sorted(p.name for p in NOTEBOOK_DIR.iterdir()) == before, "the notebook wrote into notebooks/"
            done[name] = (notebook, workdir)
        return done[name]

    return execute


def shown(notebook, cell_id: str) -> str:
    """Everything a cell printed or displayed, as text (plain-text forms of rich outputs)."""
    cell = next(c for c in notebook.cells if c.get("id") == cell_id)
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


def has_output(notebook, cell_id: str, mime: str) -> bool:
    cell = next(c for c in notebook.cells if c.get("id") == cell_id)
    return any(mime in output.get("data", {}) for output in cell.outputs)


@pytest.mark.slow
def test_quickstart_runs_on_this_interpreter_and_finds_the_planted_structures(run):
    notebook, workdir = run("01_quickstart.ipynb")
    prefix, executable = shown(notebook, KERNEL_CHECK_ID).split()
    assert (prefix, executable) == (sys.prefix, sys.executable)

    summary = shown(notebook, "load-summary")
    assert "148 actors, 2305 tie reports" in summary
    assert "waves: 2019, 2022" in summary
    assert "relations: advice, collaboration, funding, information" in summary

    assert "Fyrtorn Socail Enterprise AB" in shown(notebook, "validation")
    assert "(synthetic)" in shown(notebook, "analyze")
    assert "business is a silo" in shown(notebook, "evidence").lower()
    assert "'ei_index': -0.70" in shown(notebook, "evidence")

    planted = shown(notebook, "planted")
    assert "MISSED" not in planted
    assert planted.count("found:") == 5

    counts = shown(notebook, "flag-counts")
    for code in ("hub", "broker", "single_point_of_failure", "funding_dependency", "municipality_gateway"):
        assert code in counts

    assert (workdir / "output" / "demo_map.html").stat().st_size > 10_000
    for cell_id in ("sectors-plot", "plot-network", "plot-measure"):
        assert has_output(notebook, cell_id, "image/png"), f"{cell_id} drew no figure"

    listed = shown(notebook, "report")
    for name in ("report.html", "report.xlsx", "map.html", "flags.csv", "run.json"):
        assert name in listed
        assert (workdir / "output" / "report" / name).stat().st_size > 0
    assert "Synthetic data" in (workdir / "output" / "report" / "report.html").read_text(encoding="utf-8")
    # privacy="public": the demo's contact persons (A001's is Amira Svensson) become pseudonyms.
    assert "Amira Svensson" not in (workdir / "output" / "report" / "actors.csv").read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_your_survey_reconciles_names_and_reports_the_unknown_one_where_it_is(run):
    notebook, workdir = run("02_your_survey.ipynb")
    assert "95 responses" in shown(notebook, "demo-peek")
    assert "148 actors, 1148 tie reports" in shown(notebook, "demo-load")
    assert "ties in union mode: 461, in mutual mode: 446" in shown(notebook, "demo-validation")
    assert "same 2022 network as the workbook: True" in shown(notebook, "same-network")

    error = shown(notebook, "own-error")
    assert "my_qualtrics_export.csv, row 9, column 'Which organisation do you represent?'" in error
    assert "'SSIF' is not in the actors table" in error

    fixed = shown(notebook, "own-fix")
    assert "6 actors" in fixed
    assert "Centre for Social Entrepreneurship Reserch (Lund)" in fixed and "98.9" in fixed

    # The export as written stays untouched; the fix went into a copy.
    original = (workdir / "output" / "my_qualtrics_export.csv").read_text(encoding="utf-8-sig")
    corrected = (workdir / "output" / "my_qualtrics_export_corrected.csv").read_text(encoding="utf-8-sig")
    assert ",SSIF," in original and ",SSIF," not in corrected

    assert "unknown actor 'Malmö stad'" in shown(notebook, "aliases-without-code")
    assert "(synthetic): 148 actors, 2305 tie reports" in shown(notebook, "aliases-with")
    assert "148 actors" in shown(notebook, "analyze") and "(synthetic)" in shown(notebook, "analyze")
    assert (workdir / "output" / "roster_map.html").exists()


@pytest.mark.slow
def test_scenarios_and_waves_tell_the_planted_story(run):
    notebook, _ = run("03_scenarios_and_waves.ipynb")
    assert "removed: ['A004']" in shown(notebook, "whatif-funder")
    funder_flags = shown(notebook, "whatif-funder-flags")
    assert "actors losing reach: 0" in funder_flags
    assert "funding_dependency" in funder_flags

    gateway = shown(notebook, "whatif-gateway")
    assert "removing Österlen Social Impact Hub in Simrishamn" in gateway
    assert "6 actors are cut off from the main component; 135 others reach fewer actors" in gateway

    assert "51 ties gained, 50 ties lost" in shown(notebook, "compare")
    assert "as planted: True" in shown(notebook, "compare")
    assert has_output(notebook, "compare-plot", "image/png")
    assert has_output(notebook, "robustness-plot", "image/png")
    assert "Sandbacke Construction AB" in shown(notebook, "bridges-silo")
