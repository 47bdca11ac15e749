"""The examples in every module's docstrings run and show what they claim.

Every module of the package is found by walking it, so a new module's examples run
without being listed here.  Examples that need a browser, a cluster or a file of the
user's are marked ``# doctest: +SKIP`` where they are written.
"""

import doctest
import importlib
import pkgutil

import pytest

import skane_ecosystem

MODULES = sorted(info.name for info in pkgutil.walk_packages(skane_ecosystem.__path__, prefix="skane_ecosystem."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an example that writes a file writes it here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} fail"
