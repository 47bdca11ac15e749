"""Non-respondents' ties: three ways to treat what they would have reported.

A non-respondent's own nominations are missing; only what others said about it is
known.  Huisman (2009) compares simple remedies; three are offered here:

``"none"``
    Leave the ties as reported.  In a directed network non-respondents have no
    out-ties, which understates their out-degree and reciprocity.
``"reconstruction"``
    Assume a non-respondent would have returned every nomination it received:
    for each report i -> j of a respondent i about a non-respondent j, add j -> i.
    This is the union view (the toolkit's default ``mode="union"``) written into
    the ties, so directed and mutual analyses see it too.  Huisman found it the
    best of the simple procedures when reciprocity is high.
``"reciprocity"``
    Reconstruction with reciprocity probabilities: add j -> i with the
    probability that a respondent returns a nomination from another respondent
    (estimated per relation and wave among pairs of respondents), and, where i
    did not name j, with the probability that a respondent names someone who did
    not name it.  Random, so seeded.

Ties between two non-respondents are never imputed: nothing was observed about them.
Relations with a declared direction (one-way questions, ``Ecosystem.directions``) are
left as they are: their reverse was never asked.  Imputed tie reports carry
``reported_by`` = the non-respondent (as if it had answered) and ``imputed=True``.

References
----------
.. [1] Huisman, M. (2009). Imputation of missing network data: some simple
   procedures. *Journal of Social Structure*, 10(1).
.. [2] Stork, D. & Richards, W. D. (1992). Nonrespondents in communication network
   studies: problems and possibilities. *Group & Organization Management*, 17(2), 193-209.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..ecosystem import Ecosystem

__all__ = ["impute_nonrespondents", "IMPUTATION_METHODS", "reciprocity_probabilities"]

IMPUTATION_METHODS = ("none", "reconstruction", "reciprocity")


def impute_nonrespondents(eco: Ecosystem, method: str = "reconstruction", seed: int = 0) -> Ecosystem:
    """A new Ecosystem with non-respondents' missing tie reports imputed by ``method``.

    Parameters
    ----------
    eco : Ecosystem
        Left unchanged.
    method : {"none", "reconstruction", "reciprocity"}
        See the module description.
    seed : int, default 0
        For ``"reciprocity"``: the same seed gives the same ties.

    Returns
    -------
    Ecosystem
        Its ties gain an ``imputed`` column (True for imputed reports) and its
        ``meta["nonresponse"]`` names the method.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"name": ["A", "B"], "sector": ["public", "business"], "type": ["", ""],
    ...                        "municipality": ["", ""], "respondent": [True, False]}, index=["a", "b"])
    >>> ties = pd.DataFrame([("a", "b", "advice", 1.0, "", "a")], columns=["source", "target", "relation",
    ...                     "weight", "wave", "reported_by"])
    >>> imputed = impute_nonrespondents(Ecosystem(actors, ties), "reconstruction")
    >>> imputed.ties[["source", "target", "reported_by", "imputed"]].values.tolist()
    [['a', 'b', 'a', False], ['b', 'a', 'b', True]]
    """
    if method not in IMPUTATION_METHODS:
        raise ValueError(f"method must be one of {list(IMPUTATION_METHODS)}, not {method!r}")
    ties = eco.ties.copy()
    ties["imputed"] = False
    if method != "none":
        respondents = set(eco.actors.index[eco.actors["respondent"].astype(bool)])
        rng = np.random.default_rng(seed)
        added = [
            _imputed_reports(group, respondents, method, rng, list(eco.actors.index))
            for (relation, _), group in ties.groupby(["relation", "wave"], sort=True)
            if relation not in eco.directions
        ]
        ties = pd.concat([ties, *added], ignore_index=True)
    return dataclasses.replace(eco, ties=ties, meta={**eco.meta, "nonresponse": method})


def reciprocity_probabilities(reports: pd.DataFrame, respondents: set) -> tuple[float, float]:
    """(P(j names i | i names j), P(j names i | i does not name j)) among pairs of respondents.

    Parameters
    ----------
    reports : pandas.DataFrame
        Tie reports of one relation and wave (``source``, ``target``, ``reported_by``).
    respondents : set
        Actor ids of the respondents.
    """
    named = {(s, t) for s, t, r in zip(reports["source"], reports["target"], reports["reported_by"]) if r == s}
    among = {(s, t) for s, t in named if s in respondents and t in respondents and s != t}
    returned = sum((t, s) in among for s, t in among)
    p_returned = returned / len(among) if among else 0.0
    ordered_pairs = len(respondents) * (len(respondents) - 1)
    unnamed = ordered_pairs - len(among)  # (i, j) with i not naming j
    # Of those, j named i in: every named pair whose reverse is unnamed.
    named_unreturned = len(among) - returned
    p_unprompted = named_unreturned / unnamed if unnamed else 0.0
    return p_returned, p_unprompted


def _imputed_reports(group: pd.DataFrame, respondents: set, method: str, rng, actors: list) -> pd.DataFrame:
    """The reports non-respondents would have made in one relation and wave."""
    relation, wave = group["relation"].iloc[0], group["wave"].iloc[0]
    weight = float(group["weight"].mean())
    named = {}
    for s, t, r, w in zip(group["source"], group["target"], group["reported_by"], group["weight"]):
        if r == s and s in respondents and t not in respondents:
            named[(s, t)] = w
    rows = []
    if method == "reconstruction":
        rows = [(t, s, w) for (s, t), w in sorted(named.items())]
    else:
        p_returned, p_unprompted = reciprocity_probabilities(group, respondents)
        nonrespondents = [a for a in actors if a not in respondents]
        for j in nonrespondents:
            for i in sorted(respondents):
                was_named = (i, j) in named
                if rng.random() < (p_returned if was_named else p_unprompted):
                    rows.append((j, i, named.get((i, j), weight)))
    frame = pd.DataFrame(rows, columns=["source", "target", "weight"])
    frame["relation"], frame["wave"], frame["reported_by"], frame["imputed"] = relation, wave, frame["source"], True
    return frame
