"""Change between survey waves: more than noise?

Two questions, two tests:

- :func:`wave_change_test`: is the wave-2 network predicted by wave 1 beyond
  chance?  A QAP logistic regression of wave-2 ties on wave-1 ties, and the QAP
  correlation of the two; a strong, significant effect means the network is
  stable (ties persist), a weak one that it was largely rewired.
- :func:`indicator_change_test`: did an indicator (density, transitivity, ...)
  change beyond what swapping the waves at random would give?  The null says the
  two waves are exchangeable: each dyad's wave-1 and wave-2 values are swapped
  with probability 1/2 (a paired permutation test over dyads), and the change in
  each indicator is recomputed.

Actors present in only one wave take part in both, without ties in the other, so
that both networks have the same dyads.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd

from ..metrics.centralization import degree_centralization
from ..metrics.density import density, reciprocity, transitivity
from .dyads import as_matrix, check_permutations, dyad_mask, permutation_p_values
from .fitting import SeparationError
from .qap import qap_correlation, qap_regression

__all__ = ["wave_change_test", "indicator_change_test", "CHANGE_INDICATORS"]


def _main_component_share(G) -> float:
    parts = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    return max((len(part) for part in parts), default=0) / G.number_of_nodes()


#: Indicators the permutation test can recompute cheaply, each as
#: :func:`~skane_ecosystem.metrics.network.network_indicators` defines it
#: (betweenness and distances are left out: recomputing them a thousand times is slow).
CHANGE_INDICATORS = {
    "ties": lambda G: G.number_of_edges(),
    "density": density,
    "transitivity": transitivity,
    "degree_centralization": degree_centralization,
    "main_component_share": _main_component_share,
    "isolates": nx.number_of_isolates,
    "reciprocity": reciprocity,
}
DIRECTED_ONLY = ("reciprocity",)


def _aligned(before: nx.Graph, after: nx.Graph):
    """Both waves as 0/1 arrays on the union of their actors (in first-seen order)."""
    if before.is_directed() != after.is_directed():
        raise ValueError("both waves must be directed, or both undirected; build them with the same mode")
    nodes = list(dict.fromkeys([*before.nodes, *after.nodes]))
    matrices = []
    for name, G in (("before", before), ("after", after)):
        H = G.copy()
        H.add_nodes_from(nodes)
        matrices.append(as_matrix(H, nodes, name=name, weight=None))
    return nodes, *matrices


def wave_change_test(before: nx.Graph, after: nx.Graph, n_permutations: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Whether the later wave's ties are predicted by the earlier wave's beyond chance (QAP).

    Parameters
    ----------
    before, after : networkx.Graph or networkx.DiGraph
        The two waves' networks (ties read as present/absent), e.g.
        ``eco.graph(wave="2019")`` and ``eco.graph(wave="2022")``.
    n_permutations : int, default 1000
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        Indexed by ``test``: ``qap_logit`` (``coef``: log-odds that a dyad tied
        before is tied after, compared with one that was not; ``odds_ratio``) and
        ``qap_correlation`` (``coef``: the graph correlation); both with
        ``p_value``, ``p_greater``, ``p_less`` and ``n_permutations``.  When no tie
        appeared or none persisted the log odds ratio is infinite: ``coef`` is
        ±inf and the logit row's p-values are NaN; read the correlation row.
        ``.attrs``: ``actors``, ``n_dyads``, ``directed``, ``ties_kept``,
        ``ties_gained``, ``ties_lost``.

    Examples
    --------
    >>> before = nx.cycle_graph(12)
    >>> after = before.copy()
    >>> after.remove_edge(0, 1)
    >>> table = wave_change_test(before, after, n_permutations=200)
    >>> bool(table.at["qap_correlation", "p_value"] < 0.05), table.attrs["ties_lost"]
    (True, 1)
    """
    nodes, first, second = _aligned(before, after)
    directed = before.is_directed()
    correlation = qap_correlation(first, second, n_permutations=n_permutations, seed=seed, directed=directed).iloc[0]
    row = _persistence(first, second, n_permutations, seed, directed)
    table = pd.DataFrame(
        {
            "coef": [row["coef"], correlation["correlation"]],
            "odds_ratio": [float(np.exp(row["coef"])), np.nan],
            "p_value": [row["p_value"], correlation["p_value"]],
            "p_greater": [row["p_greater"], correlation["p_greater"]],
            "p_less": [row["p_less"], correlation["p_less"]],
            "n_permutations": n_permutations,
        },
        index=pd.Index(["qap_logit", "qap_correlation"], name="test"),
    ).astype({"coef": float, "p_value": float, "p_greater": float, "p_less": float})
    mask = dyad_mask(len(nodes), directed)
    kept = int(np.sum((first[mask] == 1) & (second[mask] == 1)))
    table.attrs = {
        "actors": len(nodes),
        "n_dyads": int(mask.sum()),
        "directed": directed,
        "ties_kept": kept,
        "ties_gained": int(np.sum(second[mask])) - kept,
        "ties_lost": int(np.sum(first[mask])) - kept,
    }
    return table


def _persistence(first, second, n_permutations, seed, directed) -> pd.Series:
    """The ``before`` row of the QAP logit of wave 2 on wave 1, or an infinite one if separated.

    When no tie appears (every wave-2 tie was a wave-1 tie) or none persists, the log
    odds ratio is infinite: that row says so, with no p-values, rather than
    printing an arbitrary large number; the correlation row still tests persistence.
    """
    try:
        regression = qap_regression(
            second, {"before": first}, family="binomial", n_permutations=n_permutations, seed=seed, directed=directed
        )
    except SeparationError as separated:
        sign = separated.directions.get("before", 0)
        return pd.Series({"coef": sign * np.inf, "p_value": np.nan, "p_greater": np.nan, "p_less": np.nan})
    return regression.loc["before"]


def indicator_change_test(
    before: nx.Graph,
    after: nx.Graph,
    indicators: Sequence[str] | None = None,
    n_permutations: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Whether each indicator changed between waves more than swapping the waves at random gives.

    Parameters
    ----------
    before, after : networkx.Graph or networkx.DiGraph
    indicators : sequence of str, optional
        Names from :data:`CHANGE_INDICATORS`; by default all that apply
        (``reciprocity`` for directed networks only).
    n_permutations : int, default 1000
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        Indexed by ``indicator``: ``before``, ``after``, ``change`` (after -
        before), ``p_value`` (two-sided: share of random wave swaps with a change
        at least as large in absolute value), ``p_greater``, ``p_less``,
        ``n_permutations``.

    Examples
    --------
    >>> before = nx.path_graph(10)
    >>> after = nx.complete_graph(10)
    >>> table = indicator_change_test(before, after, ["density"], n_permutations=200)
    >>> round(float(table.at["density", "change"]), 2), float(table.at["density", "p_value"])
    (0.8, 0.0)

    References
    ----------
    .. [1] Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
       Hypotheses*, 3rd ed., ch. 3 (paired comparisons). Springer.
    """
    n_permutations = check_permutations(n_permutations)
    directed = before.is_directed()
    names = _indicator_names(indicators, directed)
    nodes, first, second = _aligned(before, after)
    observed_before = _indicator_values(first, names, directed)
    observed_after = _indicator_values(second, names, directed)
    observed = observed_after - observed_before
    mask = dyad_mask(len(nodes), directed)
    rng = np.random.default_rng(seed)
    null = np.empty((n_permutations, len(names)))
    for draw in range(n_permutations):
        swapped_before, swapped_after = _swap_waves(first, second, mask, directed, rng)
        null[draw] = _indicator_values(swapped_after, names, directed) - _indicator_values(
            swapped_before, names, directed
        )
    return pd.DataFrame(
        {
            "before": observed_before,
            "after": observed_after,
            "change": observed,
            **permutation_p_values(observed, null),
            "n_permutations": n_permutations,
        },
        index=pd.Index(names, name="indicator"),
    )


def _indicator_names(indicators, directed: bool) -> list[str]:
    available = [name for name in CHANGE_INDICATORS if directed or name not in DIRECTED_ONLY]
    if indicators is None:
        return available
    unknown = [name for name in indicators if name not in available]
    if unknown:
        raise ValueError(f"unknown indicator(s) {unknown}; choose from {available}")
    return list(indicators)


def _indicator_values(matrix: np.ndarray, names, directed: bool) -> np.ndarray:
    G = nx.from_numpy_array(matrix, create_using=nx.DiGraph if directed else nx.Graph)
    return np.array([float(CHANGE_INDICATORS[name](G)) for name in names])


def _swap_waves(first, second, mask, directed, rng):
    """Both waves with each dyad's two values swapped with probability 1/2 (the exchangeable null)."""
    swap = np.zeros(mask.shape, dtype=bool)
    swap[mask] = rng.random(int(mask.sum())) < 0.5
    if not directed:
        swap = swap | swap.T
    return np.where(swap, second, first), np.where(swap, first, second)
