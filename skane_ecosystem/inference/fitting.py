"""Least squares and logistic regression, fitted as R fits them.

Two small fitters shared by the QAP regressions and the dyadic model.  The logistic
fit is iteratively reweighted least squares with R's ``glm.fit`` start values and
stopping rule, so its estimates and standard errors are the maximum-likelihood ones
R, statsmodels and statnet's ``ergm`` (for dyad-independent terms) report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve_triangular

__all__ = ["Fit", "ols", "logit", "check_full_rank"]

#: glm.fit's defaults: relative change in deviance below 1e-8, at most 25 iterations.
LOGIT_TOLERANCE = 1e-8
LOGIT_MAX_ITERATIONS = 25

#: Log-odds change per standard deviation of a term beyond which the fit is taken to
#: be separated rather than estimated (see :func:`_separates`).
SEPARATION_LOG_ODDS = 15.0


@dataclass(frozen=True)
class Fit:
    """Estimates of one regression: coefficients, their standard errors and fit figures."""

    coef: np.ndarray
    se: np.ndarray
    residual_sum: float  # sum of squared residuals (OLS) or the deviance (logistic)
    converged: bool = True

    @property
    def statistic(self) -> np.ndarray:
        """coef / se: the t-value (OLS) or z-value (logistic) sna permutes by default."""
        return self.coef / self.se


def check_full_rank(x: np.ndarray, names: list[str]) -> None:
    """Refuse a design whose columns are linearly dependent: their effects are not identified."""
    rank = np.linalg.matrix_rank(x)
    if rank < x.shape[1]:
        raise ValueError(
            f"the terms {names} are linearly dependent (rank {rank} of {x.shape[1]}): one is constant or a "
            "combination of others, so its effect cannot be separated; drop one of them"
        )


def ols(x: np.ndarray, y: np.ndarray) -> Fit:
    """Ordinary least squares of ``y`` on the columns of ``x``, through a QR decomposition (as R's ``lm``)."""
    q, r = np.linalg.qr(x)
    coef = solve_triangular(r, q.T @ y)
    residuals = y - x @ coef
    rss = float(residuals @ residuals)
    variance = rss / (len(y) - x.shape[1])
    r_inverse = solve_triangular(r, np.eye(r.shape[0]))
    se = np.sqrt(np.sum(r_inverse**2, axis=1) * variance)
    return Fit(coef, se, rss)


def logit(x: np.ndarray, y: np.ndarray) -> Fit:
    """Maximum-likelihood logistic regression of 0/1 ``y`` on ``x`` (R's ``glm.fit``, binomial).

    ``residual_sum`` is the deviance, -2 log-likelihood for 0/1 data; ``converged`` is
    False when the deviance still moved after 25 iterations or some fitted
    probabilities are numerically 0 or 1: a term that separates ties from non-ties
    perfectly, whose estimate runs off to infinity.
    """
    mu = (y + 0.5) / 2  # glm.fit's binomial start: half-way between the data and 1/2
    eta = np.log(mu / (1 - mu))
    deviance = _binomial_deviance(y, mu)
    converged = False
    for _ in range(LOGIT_MAX_ITERATIONS):
        weights = mu * (1 - mu)
        working = eta + (y - mu) / weights
        weighted = x.T * weights  # X'W, the weighted least-squares step of IRLS
        coef = np.linalg.solve(weighted @ x, weighted @ working)
        eta = x @ coef
        mu = _expit(eta)
        previous, deviance = deviance, _binomial_deviance(y, mu)
        if abs(deviance - previous) / (abs(deviance) + 0.1) < LOGIT_TOLERANCE:
            converged = True
            break
    converged = converged and not _separates(x, coef)
    # Standard errors from the information X'WX at the estimate, as summary.glm reports them.
    information = (x.T * (mu * (1 - mu))) @ x
    se = np.sqrt(np.diag(np.linalg.inv(information)))
    return Fit(coef, se, deviance, converged)


def _separates(x: np.ndarray, coef: np.ndarray) -> bool:
    """True when a term's estimate is one only (quasi-)separation produces.

    When a term splits ties from non-ties perfectly, the likelihood keeps rising as
    its coefficient grows, and IRLS stops somewhere arbitrary with a huge estimate
    (R's glm reports it with an enormous standard error).  A change in log-odds of
    more than :data:`SEPARATION_LOG_ODDS` per standard deviation of a term (an odds
    ratio above three million) is taken as that sign; constant columns (the
    intercept) are left out.
    """
    spread = x.std(axis=0)
    varying = spread > 0
    return bool(np.any(np.abs(coef[varying] * spread[varying]) > SEPARATION_LOG_ODDS))


def _expit(eta: np.ndarray) -> np.ndarray:
    # R's binomial link bounds eta so that mu stays strictly inside (0, 1).
    eps = np.finfo(float).eps
    return np.clip(1 / (1 + np.exp(-eta)), eps, 1 - eps)


def _binomial_deviance(y: np.ndarray, mu: np.ndarray) -> float:
    """-2 log-likelihood of 0/1 outcomes ``y`` with probabilities ``mu``."""
    return float(-2 * np.sum(y * np.log(mu) + (1 - y) * np.log(1 - mu)))


def null_deviance(y: np.ndarray) -> float:
    """The deviance with every coefficient 0 (each dyad a tie with probability 1/2), 2 N log 2.

    This is the "Null Deviance" ergm and sna print (not the intercept-only model's).
    """
    return float(2 * len(y) * np.log(2))
