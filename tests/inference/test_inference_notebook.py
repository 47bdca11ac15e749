"""notebooks/04_inference.ipynb: stored as its generator writes it, without outputs, and it runs.

The kernel fixtures are those of tests/test_notebooks.py (a python3 kernelspec for
this interpreter; each notebook executed once in a temporary folder).
"""

from __future__ import annotations

import importlib.util
import json

import nbformat
import pytest

from tests.test_notebooks import NOTEBOOK_DIR, kernel_path, run, shown  # noqa: F401  (fixtures by name)

NAME = "04_inference.ipynb"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "build_inference_notebook", NOTEBOOK_DIR / "build_inference_notebook.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_stored_notebook_is_exactly_what_its_generator_writes(tmp_path):
    written = _generator().write(tmp_path)
    assert written.read_bytes() == (NOTEBOOK_DIR / NAME).read_bytes(), (
        "04_inference.ipynb differs from what notebooks/build_inference_notebook.py writes; run that script"
    )


def test_the_stored_notebook_has_no_outputs_says_the_demo_is_synthetic_and_has_no_paths():
    notebook = nbformat.read(NOTEBOOK_DIR / NAME, as_version=4)
    nbformat.validate(notebook)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code_cells) >= 8
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells)
    assert "The demo is synthetic" in notebook.cells[0].source
    assert "/work/" not in json.dumps(notebook) and "/home/" not in json.dumps(notebook)


@pytest.mark.slow
def test_the_inference_notebook_runs_and_shows_the_planted_homophily_and_statnets_numbers(run):  # noqa: F811
    notebook, _ = run(NAME)
    assert "148 actors, 366 collaboration ties" in shown(notebook, "setup")
    sentences = shown(notebook, "sentences")
    assert "Organisationerna samarbetar oftare inom sin egen sektor än slumpen skulle ge (p < 0,01" in sentences
    assert "collaborate more often within their own municipality" in sentences
    florentine = shown(notebook, "florentine")
    assert "-2.594929" in florentine and "0.010546" in florentine and "AIC 107.1 BIC 112.7" in florentine
    assert "'ties_kept': 326, 'ties_gained': 40, 'ties_lost': 37" in shown(notebook, "waves")
    assert "reconstruction: 700 directed collaboration ties" in shown(notebook, "imputation")
