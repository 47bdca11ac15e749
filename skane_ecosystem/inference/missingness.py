"""The missingness report: who did not answer, and what that may hide.

Survey networks miss the ties of the actors who did not answer.  Before trusting a
measure, a researcher wants to know three things (Huisman 2009; Kossinets 2006):

- who is missing: the response rate by sector, municipality and actor type;
- how reliable the reports are: the share of ties between two respondents that
  only one of them reported, by sector pair;
- whether the missing are different: do non-respondents receive fewer (or more)
  nominations from respondents than respondents do?  If so, leaving them out, or
  imputing their ties as if they were typical, biases centrality and density.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..ecosystem import LATEST, Ecosystem
from .dyads import check_permutations

__all__ = ["MissingnessReport", "missingness_report", "response_rates", "one_sided_ties", "nonrespondent_degree_test"]

DIMENSIONS = ("sector", "municipality", "type")


@dataclass(frozen=True)
class MissingnessReport:
    """The three tables of :func:`missingness_report`."""

    response: pd.DataFrame
    one_sided: pd.DataFrame
    degree: pd.DataFrame


def missingness_report(
    eco: Ecosystem, relation=None, wave=LATEST, n_permutations: int = 1000, seed: int = 0
) -> MissingnessReport:
    """Response rates, one-sided ties and the non-respondents' degree, in three tidy tables.

    Parameters
    ----------
    eco : Ecosystem
    relation, wave :
        The slice of ties, as for :meth:`Ecosystem.graph` (default: every relation of
        the newest wave).
    n_permutations, seed :
        For the degree test (:func:`nonrespondent_degree_test`).

    Returns
    -------
    MissingnessReport
        ``response`` (:func:`response_rates`), ``one_sided``
        (:func:`one_sided_ties`) and ``degree`` (:func:`nonrespondent_degree_test`).

    Examples
    --------
    >>> from skane_ecosystem import demo
    >>> report = missingness_report(demo(), n_permutations=100)
    >>> report.response.index.names
    FrozenList(['dimension', 'group'])

    References
    ----------
    .. [1] Huisman, M. (2009). Imputation of missing network data: some simple
       procedures. *Journal of Social Structure*, 10(1).
    .. [2] Kossinets, G. (2006). Effects of missing data in social networks.
       *Social Networks*, 28(3), 247-268.
    """
    return MissingnessReport(
        response=response_rates(eco),
        one_sided=one_sided_ties(eco, relation=relation, wave=wave),
        degree=nonrespondent_degree_test(eco, relation=relation, wave=wave, n_permutations=n_permutations, seed=seed),
    )


def response_rates(eco: Ecosystem) -> pd.DataFrame:
    """The response rate overall and by sector, municipality and type.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``dimension``, ``group``), with ``actors``, ``respondents``
        (ints) and ``response_rate``; the first row is (``all``, ``all``).  A blank
        attribute is its own group, ``""``.  Counts below 5 are shown as they are:
        a public output must suppress them (``privacy``).
    """
    actors = eco.actors
    rows = [("all", "all", len(actors), int(actors["respondent"].sum()))]
    for dimension in DIMENSIONS:
        grouped = actors.groupby(actors[dimension].fillna("").astype(str))["respondent"]
        rows += [
            (dimension, group, int(size), int(answered))
            for group, size, answered in zip(grouped.size().index, grouped.size(), grouped.sum())
        ]
    table = pd.DataFrame(rows, columns=["dimension", "group", "actors", "respondents"]).set_index(
        ["dimension", "group"]
    )
    table["response_rate"] = table["respondents"] / table["actors"].where(table["actors"] > 0)
    return table


def one_sided_ties(eco: Ecosystem, relation=None, wave=LATEST) -> pd.DataFrame:
    """The share of ties between two respondents that only one of them reported, by sector pair.

    Only ties between two respondents count: a tie to a non-respondent could not
    have been reported twice.  A high share in a sector pair means its ties are
    seen differently from the two sides (or forgotten by one), and union and
    mutual networks will differ there.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``sector_a``, ``sector_b``) in sorted order, plus (``all``,
        ``all``) first: ``ties`` (between respondents), ``one_sided`` and
        ``one_sided_share``.
    """
    G = eco.graph(relation=relation, wave=wave, mode="union")
    respondents = set(eco.actors.index[eco.actors["respondent"].astype(bool)])
    sector = eco.actors["sector"].fillna("").astype(str).to_dict()
    rows = []
    for u, v, confirmed in G.edges(data="confirmed"):
        if u in respondents and v in respondents:
            first, second = sorted((sector.get(u, ""), sector.get(v, "")))
            rows.append((first, second, not confirmed))
    frame = pd.DataFrame(rows, columns=["sector_a", "sector_b", "one_sided"])
    overall = pd.DataFrame(
        {"ties": [len(frame)], "one_sided": [int(frame["one_sided"].sum())]},
        index=pd.MultiIndex.from_tuples([("all", "all")], names=["sector_a", "sector_b"]),
    )
    by_pair = frame.groupby(["sector_a", "sector_b"])["one_sided"].agg(ties="size", one_sided="sum").astype(int)
    table = pd.concat([overall, by_pair])
    table["one_sided_share"] = table["one_sided"] / table["ties"].where(table["ties"] > 0)
    return table


def named_by_others(eco: Ecosystem, relation=None, wave=LATEST) -> pd.Series:
    """For each actor, how many other respondents named it (its in-degree as reported by others).

    Every actor can be named, whether it answered or not, so this is the one degree
    comparable between respondents and non-respondents.
    """
    ties = eco.select_ties(relation=relation, wave=wave)
    ties = ties[ties["reported_by"] != ""]
    named = np.where(ties["reported_by"] == ties["source"], ties["target"], ties["source"])
    pairs = pd.DataFrame({"named": named, "by": ties["reported_by"].to_numpy()})
    pairs = pairs[pairs["named"] != pairs["by"]].drop_duplicates()
    counts = pairs.groupby("named").size()
    return counts.reindex(eco.actors.index, fill_value=0).astype(int).rename("named_by_others")


def nonrespondent_degree_test(
    eco: Ecosystem, relation=None, wave=LATEST, n_permutations: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Whether non-respondents are named by others more or less often than respondents.

    A permutation test of the difference in mean :func:`named_by_others` (non-
    respondents minus respondents): the respondent labels are shuffled among the
    actors ``n_permutations`` times.

    Returns
    -------
    pandas.DataFrame
        One row indexed by ``test`` (``mean_difference``): ``respondents``,
        ``nonrespondents`` (counts), ``mean_respondents``, ``mean_nonrespondents``,
        ``difference``, ``p_value`` (two-sided), ``p_greater``, ``p_less``,
        ``n_permutations``.

    References
    ----------
    .. [1] Huisman, M. (2009). Imputation of missing network data: some simple
       procedures. *Journal of Social Structure*, 10(1).
    """
    n_permutations = check_permutations(n_permutations)
    degree = named_by_others(eco, relation=relation, wave=wave).to_numpy(dtype=float)
    answered = eco.actors["respondent"].astype(bool).to_numpy()
    if answered.all() or not answered.any():
        raise ValueError("the degree test needs both respondents and non-respondents; every actor is in one group")

    def difference(labels):
        return degree[~labels].mean() - degree[labels].mean()

    observed = difference(answered)
    rng = np.random.default_rng(seed)
    null = np.array([difference(rng.permutation(answered)) for _ in range(n_permutations)])
    return pd.DataFrame(
        {
            "respondents": [int(answered.sum())],
            "nonrespondents": [int((~answered).sum())],
            "mean_respondents": [degree[answered].mean()],
            "mean_nonrespondents": [degree[~answered].mean()],
            "difference": [observed],
            "p_value": [float(np.mean(np.abs(null) >= abs(observed) - 1e-12))],
            "p_greater": [float(np.mean(null >= observed - 1e-12))],
            "p_less": [float(np.mean(null <= observed + 1e-12))],
            "n_permutations": [n_permutations],
        },
        index=pd.Index(["mean_difference"], name="test"),
    )
