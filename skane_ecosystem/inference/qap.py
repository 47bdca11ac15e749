"""QAP: the quadratic assignment procedure, for correlation and regression between networks.

Ties between the same pairs of actors are not independent observations (an actor who
names many partners does so in every relation), so the classical standard errors of
a regression on dyads are too small.  QAP replaces them with a permutation null:
relabel the actors at random, which keeps each network's structure and breaks only
the alignment between networks, and see how often the statistic is as extreme.

:func:`qap_regression` follows sna's ``netlm`` (OLS) and ``netlogit`` (logistic)
step by step: the same dyads (self-ties left out; one triangle when undirected),
the same estimates, the same test statistic (the t- or z-value) and the same
p-values (shares of permutations as extreme), so results can be checked against R.

References
----------
.. [1] Krackhardt, D. (1988). Predicting with networks: nonparametric multiple
   regression analysis of dyadic data. *Social Networks*, 10(4), 359-381.
.. [2] Dekker, D., Krackhardt, D. & Snijders, T. A. B. (2007). Sensitivity of MRQAP
   tests to collinearity and autocorrelation conditions. *Psychometrika*, 72(4), 563-581.
.. [3] Butts, C. T. (2008). Social network analysis with sna. *Journal of
   Statistical Software*, 24(6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .dyads import (
    as_matrix,
    check_permutations,
    dyad_mask,
    is_directed,
    node_order,
    permutation_p_values,
    permuted,
)
from .fitting import LOGIT_MAX_ITERATIONS, Fit, check_full_rank, check_not_separated, logit, null_deviance, ols

__all__ = ["qap_correlation", "qap_regression", "FAMILIES", "NULLS"]

FAMILIES = ("gaussian", "binomial")

#: "dsp": Dekker's double semi-partialling (sna's default "qap"); "y": permute the
#: dependent network only (sna's "qapy", Krackhardt's original MRQAP).
NULLS = ("dsp", "y")

P_VALUE_COLUMNS = ["p_value", "p_greater", "p_less"]


def qap_correlation(
    a,
    b,
    n_permutations: int = 1000,
    seed: int = 0,
    *,
    directed: bool | None = None,
    nodelist: Sequence | None = None,
    weight: str | None = "weight",
) -> pd.Series:
    """The correlation of two networks over dyads, with its QAP p-values.

    The graph correlation is Pearson's r between the two networks' tie values over
    all dyads (self-ties left out), as sna's ``gcor``; the null distribution comes
    from relabelling the actors of ``b`` at random, as sna's ``qaptest``.

    Parameters
    ----------
    a, b : networkx.Graph or array_like
        Two networks on the same actors: graphs (tie values from ``weight``) or
        square arrays in one actor order.
    n_permutations : int, default 1000
        Random relabellings, 1 to :data:`~skane_ecosystem.inference.dyads.MAX_PERMUTATIONS`.
    seed : int, default 0
        Seed of the random relabellings: the same seed gives the same p-values.
    directed : bool, optional
        Count ordered dyads (True) or unordered ones (False).  By default directed
        unless both networks are undirected graphs or symmetric arrays.
    nodelist : sequence, optional
        The actor order; by default the first graph's node order.
    weight : str or None, default "weight"
        The edge attribute holding tie values; None reads presence (1/0).

    Returns
    -------
    pandas.DataFrame
        One row, indexed by ``test`` (``"qap_correlation"``): ``correlation``;
        ``p_value`` (two-sided, the share of relabellings with |r| at least as
        large), ``p_greater`` and ``p_less`` (one-sided); ``n_permutations`` and
        ``n_dyads`` (ints).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.karate_club_graph()
    >>> result = qap_correlation(G, G, n_permutations=200, weight=None).loc["qap_correlation"]
    >>> round(float(result["correlation"]), 6), float(result["p_value"])
    (1.0, 0.0)

    References
    ----------
    .. [1] Krackhardt, D. (1987). QAP partialling as a test of spuriousness.
       *Social Networks*, 9(2), 171-186.
    """
    n_permutations = check_permutations(n_permutations)
    nodes = node_order(a, b, nodelist=nodelist)
    first = as_matrix(a, nodes, name="a", weight=weight)
    second = as_matrix(b, nodes, name="b", weight=weight)
    _same_size({"a": first, "b": second})
    mask = dyad_mask(len(first), is_directed([a, b], directed))
    x = first[mask]
    if np.ptp(x) == 0 or np.ptp(second[mask]) == 0:
        raise ValueError("a network with the same value on every dyad has no correlation; test other networks")
    observed = np.corrcoef(x, second[mask])[0, 1]
    rng = np.random.default_rng(seed)
    null = np.array([np.corrcoef(x, permuted(second, rng)[mask])[0, 1] for _ in range(n_permutations)])
    p_values = permutation_p_values(np.array([observed]), null[:, None])
    table = pd.DataFrame(
        {
            "correlation": [float(observed)],
            **{name: [float(value[0])] for name, value in p_values.items()},
            "n_permutations": [n_permutations],
            "n_dyads": [int(mask.sum())],
        },
        index=pd.Index(["qap_correlation"], name="test"),
    )
    return table


def qap_regression(
    y,
    predictors: Mapping,
    family: str = "gaussian",
    n_permutations: int = 1000,
    seed: int = 0,
    null: str = "dsp",
    *,
    directed: bool | None = None,
    nodelist: Sequence | None = None,
    weight: str | None = "weight",
) -> pd.DataFrame:
    """Multiple regression of one network on others, with QAP p-values (MRQAP).

    Fits ``y`` on an intercept and ``predictors`` over dyads, by least squares
    (``family="gaussian"``, sna's ``netlm``) or logistic regression
    (``family="binomial"``, sna's ``netlogit``), then tests each coefficient's t- or
    z-value against a permutation null:

    - ``null="dsp"`` (default, sna's ``"qap"``): Dekker's double semi-partialling.
      For each term, regress it on the other terms, relabel the actors of those
      residuals at random, refit ``y`` on the other terms and the relabelled
      residuals, and record that term's statistic.  It keeps its size when
      predictors are correlated with each other.
    - ``null="y"`` (sna's ``"qapy"``): relabel the actors of ``y`` and refit.

    Parameters
    ----------
    y : networkx.Graph or array_like
        The dependent network: tie values (gaussian) or 0/1 ties (binomial; a
        graph's edges count as 1).
    predictors : mapping of str to networkx.Graph or array_like
        Name -> a network on the same actors (e.g. "same sector": 1 where two
        actors share a sector).  Names become the index of the result.
    family : {"gaussian", "binomial"}, default "gaussian"
    n_permutations : int, default 1000
        Random relabellings per term, 1 to :data:`~skane_ecosystem.inference.dyads.MAX_PERMUTATIONS`.
    seed : int, default 0
        The same seed gives the same p-values.
    null : {"dsp", "y"}, default "dsp"
    directed : bool, optional
        Ordered dyads (True) or unordered (False); by default directed unless every
        network is undirected or symmetric.  sna's ``mode="digraph"``/``"graph"``.
    nodelist : sequence, optional
        The actor order; by default the node order of the first graph given.
    weight : str or None, default "weight"
        The edge attribute holding tie values; None reads presence (1/0).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term`` (``intercept``, then the predictor names) with columns
        ``coef``, ``se`` (classical, for reference only), ``statistic`` (t or z),
        ``p_value`` (two-sided: the share of permutations with a statistic at least
        as large in absolute value, sna's ``Pr(>=|b|)``), ``p_greater`` and
        ``p_less`` (one-sided).  ``.attrs`` holds ``family``, ``null``,
        ``n_permutations``, ``n_dyads``, ``directed`` and the fit statistics:
        ``r_squared``, ``adj_r_squared``, ``residual_se``, ``f_statistic``
        (gaussian) or ``deviance``, ``null_deviance``, ``aic``, ``bic`` (binomial).

    Raises
    ------
    ValueError
        If the networks differ in actors or size, are larger than
        :data:`~skane_ecosystem.inference.dyads.MAX_ACTORS`, ``y`` is not 0/1 for a
        logistic model, the terms are collinear, or an option is unknown;
        :class:`~skane_ecosystem.inference.fitting.SeparationError` (a ValueError)
        if terms separate ties from non-ties, so that their estimates are infinite.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(10, 10))
    >>> y = 2 * x + 1
    >>> table = qap_regression(y, {"x": x}, n_permutations=100)
    >>> table["coef"].round(6).tolist()
    [1.0, 2.0]

    References
    ----------
    .. [1] Dekker, D., Krackhardt, D. & Snijders, T. A. B. (2007). Sensitivity of MRQAP
       tests to collinearity and autocorrelation conditions. *Psychometrika*, 72(4), 563-581.
    .. [2] Butts, C. T. sna: ``netlm`` and ``netlogit``, https://CRAN.R-project.org/package=sna
    """
    _check_choice("family", family, FAMILIES)
    _check_choice("null", null, NULLS)
    n_permutations = check_permutations(n_permutations)
    names, matrices, dyads_directed = _network_matrices(y, predictors, family, directed, nodelist, weight)
    mask = dyad_mask(len(matrices[0]), dyads_directed)
    terms = [np.ones_like(matrices[0]), *matrices[1:]]
    design = np.column_stack([term[mask] for term in terms])
    outcome = matrices[0][mask]
    fit = _fit(design, outcome, names, family)
    rng = np.random.default_rng(seed)
    if null == "y":
        null_statistics = _null_permuting_y(matrices[0], design, mask, family, n_permutations, rng)
    else:
        null_statistics = _null_double_semi_partialling(
            matrices[0], terms, mask, dyads_directed, family, n_permutations, rng
        )
    table = pd.DataFrame(
        {
            "coef": fit.coef,
            "se": fit.se,
            "statistic": fit.statistic,
            **permutation_p_values(fit.statistic, null_statistics),
        },
        index=pd.Index(names, name="term"),
    )
    table.attrs = {
        "family": family,
        "null": null,
        "n_permutations": n_permutations,
        "n_dyads": int(mask.sum()),
        "directed": dyads_directed,
        **_fit_statistics(family, fit, design, outcome),
    }
    return table


def _network_matrices(y, predictors, family, directed, nodelist, weight):
    """The term names, the networks as aligned n×n arrays (y first), and whether dyads are ordered."""
    if not isinstance(predictors, Mapping) or not predictors:
        raise ValueError("predictors must be a non-empty dict of name -> network, e.g. {'same_sector': S}")
    names = ["intercept", *map(str, predictors)]
    if len(set(names)) < len(names):
        raise ValueError(f"predictor names must be unique and not 'intercept': {names[1:]}")
    networks = [y, *predictors.values()]
    nodes = node_order(*networks, nodelist=nodelist)
    # A logistic model reads ties as present or absent, whatever their weight.
    matrices = [as_matrix(y, nodes, name="y", weight=None if family == "binomial" else weight)]
    matrices += [as_matrix(value, nodes, name=f"predictor {key!r}", weight=weight) for key, value in predictors.items()]
    _same_size(dict(zip(["y", *names[1:]], matrices)))
    return names, matrices, is_directed(networks, directed)


def _fit(design, outcome, names, family) -> Fit:
    """The observed fit, once the design is known to have finite, identified estimates."""
    check_full_rank(design, names)
    if family == "gaussian":
        return ols(design, outcome)
    _check_binary(outcome)
    check_not_separated(design, outcome, names)
    fit = logit(design, outcome)
    if not fit.converged:
        raise ValueError(f"the logistic regression did not converge in {LOGIT_MAX_ITERATIONS} iterations")
    return fit


def _null_permuting_y(y_matrix, design, mask, family, n_permutations, rng) -> np.ndarray:
    """Every term's statistic after relabelling the actors of ``y`` (sna's ``qapy``)."""
    statistics_of = _statistics_for_outcome(design, family)
    return np.array([statistics_of(permuted(y_matrix, rng)[mask]) for _ in range(n_permutations)])


def _null_double_semi_partialling(y_matrix, terms, mask, directed, family, n_permutations, rng) -> np.ndarray:
    """Each term's statistic with that term replaced by its relabelled residual (Dekker's DSP).

    The residual of a term regressed on the others is the part of it the others do
    not explain; relabelling that part alone tests the term's own contribution
    while the others keep their alignment with ``y``.  As in sna, the intercept is
    tested the same way.
    """
    outcome = y_matrix[mask]
    columns = [term[mask] for term in terms]
    null = np.empty((n_permutations, len(terms)))
    for index in range(len(terms)):
        others = np.column_stack(columns[:index] + columns[index + 1 :])
        residual = _residual_matrix(columns[index], others, mask, directed)
        statistic_of = _statistic_of_added_column(others, outcome, family)
        for draw in range(n_permutations):
            null[draw, index] = statistic_of(permuted(residual, rng)[mask])
    return null


def _statistics_for_outcome(design, family):
    """A function: outcome -> every term's statistic, for a fixed design.

    For least squares the QR decomposition of the design is computed once, so each
    permutation costs two matrix-vector products instead of a new fit.
    """
    if family == "binomial":
        return lambda outcome: logit(design, outcome).statistic
    q, r = np.linalg.qr(design)
    r_inverse = np.linalg.inv(r)
    unscaled_se = np.sqrt(np.sum(r_inverse**2, axis=1))
    residual_df = design.shape[0] - design.shape[1]

    def t_values(outcome):
        projected = q.T @ outcome
        residual_ss = outcome @ outcome - projected @ projected
        return (r_inverse @ projected) / (unscaled_se * np.sqrt(residual_ss / residual_df))

    return t_values


def _statistic_of_added_column(others, outcome, family):
    """A function: column -> its statistic when added last to the design ``others``.

    For least squares this is the Frisch-Waugh-Lovell theorem: the coefficient and
    t-value of the added column equal those of regressing ``outcome`` on the part of
    the column that ``others`` do not explain, which needs no new fit.
    """
    if family == "binomial":
        return lambda column: logit(np.column_stack([others, column]), outcome).statistic[-1]
    q, _ = np.linalg.qr(others)
    outcome_rest = outcome - q @ (q.T @ outcome)
    outcome_ss = outcome_rest @ outcome_rest
    residual_df = len(outcome) - others.shape[1] - 1

    def t_value(column):
        rest = column - q @ (q.T @ column)
        rest_ss = rest @ rest
        coef = (rest @ outcome_rest) / rest_ss
        residual_ss = outcome_ss - coef * coef * rest_ss
        return coef / np.sqrt(residual_ss / residual_df / rest_ss)

    return t_value


def _residual_matrix(column, others, mask, directed) -> np.ndarray:
    """The residuals of ``column`` on ``others`` laid back out as an n×n (symmetric if undirected) matrix."""
    coef, *_ = np.linalg.lstsq(others, column, rcond=None)
    residual = np.zeros(mask.shape)
    residual[mask] = column - others @ coef
    if not directed:
        residual = residual + residual.T
    return residual


def _fit_statistics(family, fit: Fit, design, outcome) -> dict:
    """What sna's summaries print below the coefficients, under plain names."""
    n, rank = design.shape
    if family == "gaussian":
        fitted = outcome - (outcome - design @ fit.coef)
        model_ss = float(np.sum((fitted - fitted.mean()) ** 2))
        r_squared = model_ss / (model_ss + fit.residual_sum)
        residual_df = n - rank
        f_value = (model_ss / (rank - 1)) / (fit.residual_sum / residual_df)
        return {
            "r_squared": r_squared,
            "adj_r_squared": 1 - (1 - r_squared) * (n - 1) / residual_df,
            "residual_se": float(np.sqrt(fit.residual_sum / residual_df)),
            "f_statistic": float(f_value),
            "df_model": rank - 1,
            "df_residual": residual_df,
            "f_p_value_classical": float(stats.f.sf(f_value, rank - 1, residual_df)),
        }
    return {
        "deviance": fit.residual_sum,
        "null_deviance": null_deviance(outcome),
        "aic": fit.residual_sum + 2 * rank,
        "bic": float(fit.residual_sum + rank * np.log(n)),
        "df_residual": n - rank,
    }


def _check_choice(parameter: str, value, choices) -> None:
    if value not in choices:
        raise ValueError(f"{parameter} must be one of {list(choices)}, not {value!r}")


def _same_size(matrices: dict) -> None:
    sizes = {name: len(matrix) for name, matrix in matrices.items()}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"the networks must have the same actors; their sizes differ: {sizes}")


def _check_binary(outcome: np.ndarray) -> None:
    if not np.isin(outcome, (0.0, 1.0)).all():
        raise ValueError(
            "y must hold 0/1 ties for family='binomial'; dichotomise it (e.g. y > 0) or use family='gaussian'"
        )
