"""Shared fixtures of the inference tests: R (with sna) as the outside reference.

The ``rscript`` fixture is the one of ``tests/reference``: without R or sna the R
tests are skipped with a message saying how to install them, unless
SKANE_REQUIRE_R=1, in which case they fail.
"""

from tests.reference.conftest import rscript  # noqa: F401  (a fixture, found by name)
