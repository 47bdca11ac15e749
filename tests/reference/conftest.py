"""R as a second implementation: sna and igraph compute the reference values.

A test module names its R script in ``R_SCRIPT`` (a file in ``tests/reference/r/``);
the ``r_results`` fixture writes the graphs of :mod:`.graphs` to a temporary folder,
runs that script once for the whole module (R starts slowly, so one process per
module, not per graph) and reads back what it wrote.

Without R, or without its packages sna and igraph, the tests are skipped with a
message saying how to install them, unless SKANE_REQUIRE_R=1 (set by CI), in which
case they fail: a CI run must not pass by silently comparing nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .graphs import RResults, reference_graphs, write_graphs

R_FOLDER = Path(__file__).parent / "r"
R_PACKAGES = ("sna", "igraph")
INSTALL_HINT = (
    "install R with sna and igraph: on Debian `apt-get install r-base-core r-cran-sna "
    "r-cran-igraph`, elsewhere R from r-project.org and then "
    '`install.packages(c("sna", "igraph"))` in R'
)
R_SECONDS = 300


def _unavailable(message: str):
    if os.environ.get("SKANE_REQUIRE_R") == "1":
        pytest.fail(f"{message} (SKANE_REQUIRE_R=1); {INSTALL_HINT}")
    pytest.skip(f"{message}; {INSTALL_HINT}")


@pytest.fixture(scope="session")
def rscript() -> str:
    """The path of Rscript, once R and its packages are known to be there."""
    found = shutil.which("Rscript")
    if found is None:
        _unavailable("R (Rscript) not found")
    wanted = ", ".join(f'"{package}"' for package in R_PACKAGES)
    check = f"for (p in c({wanted})) if (!requireNamespace(p, quietly = TRUE)) cat(p, '')"
    answer = subprocess.run(
        [found, "--vanilla", "-e", check],
        capture_output=True,
        text=True,
        timeout=R_SECONDS,
    )
    missing = answer.stdout.split()
    if answer.returncode != 0 or missing:
        _unavailable(f"R lacks the package(s) {', '.join(missing) or '(check failed)'}")
    return found


@pytest.fixture(scope="module")
def graphs():
    return reference_graphs()


@pytest.fixture(scope="module")
def r_results(request, rscript, graphs, tmp_path_factory) -> RResults:
    """The module's ``R_SCRIPT`` run once on every reference graph."""
    script = R_FOLDER / request.module.R_SCRIPT
    folder = tmp_path_factory.mktemp(script.stem)
    write_graphs(graphs, folder)
    started = time.perf_counter()
    run = subprocess.run(
        [rscript, "--vanilla", str(script), str(R_FOLDER), str(folder)],
        capture_output=True,
        text=True,
        timeout=R_SECONDS,
    )
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        pytest.fail(f"{script.name} failed in R:\n{run.stderr[-3000:]}")
    return RResults.read(folder / "results.csv", seconds)
