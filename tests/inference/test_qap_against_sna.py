"""QAP correlation and regression against R's sna (netlm, netlogit, qaptest).

The networks are seeded random matrices with two correlated predictors, one of
them with a real but modest effect, so that the p-values fall in the middle of
their range where Monte Carlo error is largest and a wrong null shows.  sna runs
the same tests on the same matrices in one R process; estimates and test
statistics must agree to 1e-6, p-values within Monte Carlo error of two
independent permutation samples.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skane_ecosystem.inference import qap_correlation, qap_regression

R_SCRIPT = Path(__file__).parent / "r" / "qap.R"
N_ACTORS = 14
REPS = 2000


def _matrices() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(16)
    n = N_ACTORS
    x1 = rng.normal(size=(n, n))
    x2 = 0.6 * x1 + rng.normal(size=(n, n))  # correlated predictors: where DSP matters
    sender = rng.normal(size=(n, 1))  # row effects make dyads dependent, as in real networks
    y = 0.12 * x1 + sender + rng.normal(size=(n, n))
    ybin = (y + rng.normal(size=(n, n)) > 0.8).astype(float)
    symmetric = {name: np.triu(m, 1) + np.triu(m, 1).T for name, m in {"sy": y, "sx1": x1, "sx2": x2}.items()}
    return {"y": y, "ybin": ybin, "x1": x1, "x2": x2, **symmetric}


@pytest.fixture(scope="module")
def sna(rscript, tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("qap")
    for name, matrix in _matrices().items():
        np.savetxt(folder / f"{name}.csv", matrix, delimiter=",", fmt="%.17g")
    (folder / "reps.txt").write_text(str(REPS))
    run = subprocess.run(
        [rscript, "--vanilla", str(R_SCRIPT), str(folder)], capture_output=True, text=True, timeout=600
    )
    if run.returncode != 0:
        pytest.fail(f"qap.R failed in R:\n{run.stderr[-3000:]}")
    return pd.read_csv(folder / "results.csv").set_index(["model", "term"])


def _within_monte_carlo_error(ours: float, theirs: float, reps: int = REPS) -> bool:
    """Two independent estimates of one p from ``reps`` permutations each: 4.5 standard errors apart at most."""
    p = (ours + theirs) / 2
    spread = np.sqrt(2 * max(p * (1 - p), 1 / reps) / reps)
    return abs(ours - theirs) <= 4.5 * spread + 1 / reps


CASES = {
    # model in qap.R: (family, null, y, x1, x2, directed)
    "netlm_dsp": ("gaussian", "dsp", "y", "x1", "x2", True),
    "netlm_y": ("gaussian", "y", "y", "x1", "x2", True),
    "netlm_graph_dsp": ("gaussian", "dsp", "sy", "sx1", "sx2", False),
    "netlogit_dsp": ("binomial", "dsp", "ybin", "x1", "x2", True),
    "netlogit_y": ("binomial", "y", "ybin", "x1", "x2", True),
}


@pytest.mark.slow
@pytest.mark.parametrize("model", CASES)
def test_qap_regression_equals_sna(sna, model):
    family, null, y, x1, x2, directed = CASES[model]
    m = _matrices()
    ours = qap_regression(
        m[y], {"x1": m[x1], "x2": m[x2]}, family=family, null=null, n_permutations=REPS, seed=3, directed=directed
    )
    theirs = sna.loc[model]
    assert ours.index.tolist() == ["intercept", "x1", "x2"]
    np.testing.assert_allclose(ours["coef"], theirs["coef"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(ours["statistic"], theirs["tstat"], rtol=1e-6, atol=1e-6)
    for ours_column, sna_column in (("p_value", "p_abs"), ("p_greater", "p_greater"), ("p_less", "p_less")):
        for term in ours.index:
            assert _within_monte_carlo_error(ours.at[term, ours_column], theirs.at[term, sna_column]), (
                f"{model} {term} {ours_column}: ours {ours.at[term, ours_column]}, sna {theirs.at[term, sna_column]}"
            )


@pytest.mark.slow
def test_the_compared_p_values_are_not_all_at_the_edges(sna):
    """A comparison of p-values that are all 0 or 1 would pass for any null: some must be in between."""
    middle = sna["p_abs"].dropna().between(0.02, 0.98)
    assert middle.sum() >= 5


@pytest.mark.slow
def test_qap_correlation_equals_sna_gcor_and_qaptest(sna):
    m = _matrices()
    ours = qap_correlation(m["y"], m["x1"], n_permutations=REPS, seed=5).loc["qap_correlation"]
    theirs = sna.loc[("gcor", "correlation")]
    assert ours["correlation"] == pytest.approx(theirs["coef"], abs=1e-12)
    assert _within_monte_carlo_error(ours["p_greater"], theirs["p_greater"])
    assert _within_monte_carlo_error(ours["p_less"], theirs["p_less"])
