"""The examples in the loaders' docstrings run and show what they claim."""

import doctest

import pytest

import skane_ecosystem.io as io_package
from skane_ecosystem.io import csvfiles, graphfiles, matrix, safety, workbook


@pytest.mark.parametrize(
    "module", [io_package, csvfiles, graphfiles, matrix, safety, workbook], ids=lambda m: m.__name__
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
