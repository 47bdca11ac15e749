"""Every public function documents Parameters, Returns, Examples and
References, and its examples run (doctest)."""

import doctest
import importlib
import inspect

import pytest

import skane_ecosystem.metrics as metrics

MODULES = [
    "centrality",
    "structural_holes",
    "brokerage",
    "keyplayer",
    "connectivity",
    "distances",
    "density",
    "centralization",
    "coreperiphery",
    "community",
    "paths",
    "groups",
    "network",
    "engine",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    module = importlib.import_module(f"skane_ecosystem.metrics.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", [n for n in metrics.__all__ if inspect.isfunction(getattr(metrics, n))])
def test_public_docstrings_are_complete(name):
    doc = inspect.getdoc(getattr(metrics, name)) or ""
    for section in ("Parameters", "Returns", "Examples", "References"):
        assert section in doc, f"{name} lacks {section}"
