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
from scipy.optimize import linprog

__all__ = ["Fit", "ols", "logit", "check_full_rank", "separating_terms", "check_not_separated", "SeparationError"]

#: glm.fit's defaults: relative change in deviance below 1e-8, at most 25 iterations.
LOGIT_TOLERANCE = 1e-8
LOGIT_MAX_ITERATIONS = 25

#: Below this a linear-programming optimum or direction component counts as 0.
SEPARATION_TOLERANCE = 1e-7


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
    False when the deviance still moved after 25 iterations.  A fit can converge
    and still be meaningless when a term separates ties from non-ties: check the
    design with :func:`separating_terms` first.
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
    # Standard errors from the information X'WX at the estimate, as summary.glm reports them.
    information = (x.T * (mu * (1 - mu))) @ x
    se = np.sqrt(np.diag(np.linalg.inv(information)))
    return Fit(coef, se, deviance, converged)


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


class SeparationError(ValueError):
    """A logistic design in which some terms separate ties from non-ties: no finite estimate.

    ``directions`` maps each separating term to +1 or -1: the sign its estimate runs
    off to (+1: towards +infinity).
    """

    def __init__(self, directions: dict[str, int]):
        self.directions = directions
        super().__init__(
            f"{list(directions)} separate ties from non-ties (e.g. a category with no ties, or with a tie on every "
            "dyad), so the estimate is infinite and any number printed for it is arbitrary; drop the term, "
            "merge its rare categories, or use nodematch without diff=True"
        )


def separating_terms(x: np.ndarray, y: np.ndarray, names: list[str]) -> dict[str, int]:
    """The terms of a direction that separates 0/1 ``y`` (quasi-)completely, with its signs; empty if none.

    A logistic regression has a finite maximum-likelihood estimate unless some
    combination b of the terms puts every tie on one side (x·b >= 0) and every
    non-tie on the other (x·b <= 0), strictly for at least one dyad (Albert &
    Anderson 1984).  Then the likelihood keeps rising along b and IRLS stops at an
    arbitrary huge estimate with an enormous standard error (as R's glm does,
    often without a warning).  Konis (2007) finds such a b by linear programming:
    maximise the summed signed scores within a box, subject to no dyad on the wrong
    side; a positive maximum means separation.

    Returns
    -------
    dict
        Term name -> the sign (+1 or -1) of its component in the separating direction.

    References
    ----------
    .. [1] Albert, A. & Anderson, J. A. (1984). On the existence of maximum likelihood
       estimates in logistic regression models. *Biometrika*, 71(1), 1-10.
    .. [2] Konis, K. (2007). *Linear programming algorithms for detecting separated
       data in binary logistic regression models*. DPhil thesis, University of Oxford.
    """
    signed = np.unique(x * (2 * y - 1)[:, None], axis=0)  # repeated rows add no constraint
    k = x.shape[1]
    result = linprog(
        c=-signed.sum(axis=0), A_ub=-signed, b_ub=np.zeros(len(signed)), bounds=[(-1, 1)] * k, method="highs"
    )
    if result.status != 0 or -result.fun <= SEPARATION_TOLERANCE:
        return {}
    return {name: int(np.sign(weight)) for name, weight in zip(names, result.x) if abs(weight) > SEPARATION_TOLERANCE}


def check_not_separated(x: np.ndarray, y: np.ndarray, names: list[str]) -> None:
    """Raise :class:`SeparationError` for a design with separating terms: their estimates would be infinite."""
    directions = separating_terms(x, y, names)
    if directions:
        raise SeparationError(directions)
