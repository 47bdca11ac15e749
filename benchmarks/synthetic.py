"""Seeded synthetic ecosystems of any size, for the scaling benchmarks.

:func:`synthetic_ecosystem` builds an :class:`~skane_ecosystem.ecosystem.Ecosystem`
of ``n_actors`` invented organisations and ``ties_per_actor * n_actors`` distinct
ties, shaped like a regional survey rather than like a uniform random graph:

* actors sit in local clusters of about 40 in one municipality (a town's
  organisations know each other), and most ties stay inside the cluster;
* a few actors are far more active than the rest (a heavy-tailed activity, as
  regional hubs, funders and intermediaries are), so degrees are skewed;
* about two thirds of the actors answered the survey; a tie is reported by a
  responding side, by both when both responded and a quarter of those times
  (confirmed), and comes from a register (no reporter) when neither responded;
  tie strengths are the survey's 1-5 frequency scale; relations are
  collaboration, information, advice and funding.

Everything is synthetic and labelled so (``meta["synthetic"] = True``, titles
say "Synthetic"); the municipality names are Skåne's, so maps look familiar.
:func:`synthetic_ecosystem` reads and writes no files; :func:`write_csv_folder`
writes one as the folder of CSV files a register export is (``actors.csv`` and
``ties.csv``), so that a benchmark can time loading it as an analyst would.

>>> eco = synthetic_ecosystem(200, seed=1)
>>> eco.graph().number_of_edges()
1000
>>> eco.synthetic
True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from skane_ecosystem.ecosystem import TIE_COLUMNS, Ecosystem

__all__ = ["synthetic_ecosystem", "write_csv_folder", "MUNICIPALITIES", "SECTOR_SHARES"]

#: Skåne's municipalities with a rough weight for how many organisations each hosts.
MUNICIPALITIES = {
    "Malmö": 30,
    "Helsingborg": 12,
    "Lund": 14,
    "Kristianstad": 7,
    "Landskrona": 4,
    "Trelleborg": 4,
    "Ängelholm": 4,
    "Hässleholm": 4,
    "Ystad": 3,
    "Eslöv": 3,
    "Höganäs": 2,
    "Vellinge": 2,
    "Staffanstorp": 2,
    "Kävlinge": 2,
    "Lomma": 2,
    "Svedala": 2,
    "Skurup": 1,
    "Sjöbo": 1,
    "Hörby": 1,
    "Höör": 1,
    "Tomelilla": 1,
    "Simrishamn": 2,
    "Båstad": 1,
    "Klippan": 1,
    "Åstorp": 1,
    "Bjuv": 1,
    "Svalöv": 1,
    "Burlöv": 1,
    "Osby": 1,
    "Östra Göinge": 1,
    "Perstorp": 1,
    "Örkelljunga": 1,
    "Bromölla": 1,
}

#: Share of actors per sector (public, business, academia, civil society, other).
SECTOR_SHARES = {"public": 0.20, "business": 0.30, "academia": 0.08, "civil_society": 0.37, "other": 0.05}

_TYPES = {
    "public": ("municipality", "regional authority", "government agency"),
    "business": ("company", "social enterprise", "incubator"),
    "academia": ("university", "research group"),
    "civil_society": ("association", "foundation", "network"),
    "other": ("media", "cross-border organisation"),
}
_RELATIONS = ("collaboration", "information", "advice", "funding")
_RELATION_SHARES = (0.45, 0.25, 0.20, 0.10)
_WEIGHTS = (1.0, 2.0, 3.0, 4.0, 5.0)
_WEIGHT_SHARES = (0.15, 0.25, 0.25, 0.20, 0.15)

#: Typical size of a local cluster of organisations.
CLUSTER_SIZE = 40
#: Share of ties that stay inside an actor's local cluster.
LOCAL_SHARE = 0.6
#: Share of actors who answered the survey.
RESPONSE_RATE = 0.65
#: Share of ties between two respondents that both report.
CONFIRMED_SHARE = 0.25
#: Tail index of the activity distribution (smaller = more extreme hubs).
ACTIVITY_TAIL = 1.8
WAVE = "2024"


def synthetic_ecosystem(n_actors: int, ties_per_actor: float = 5.0, seed: int = 0) -> Ecosystem:
    """A seeded synthetic ecosystem of ``n_actors`` actors.

    Parameters
    ----------
    n_actors : int
        Number of actors, at least 2.
    ties_per_actor : float
        Distinct ties per actor: the union graph has ``round(ties_per_actor * n_actors)``
        edges (capped at the number of pairs), so the mean degree is twice this.
        The default gives the issue's scale of 100,000 actors and 500,000 ties.
    seed : int
        Same seed, same ecosystem.

    Returns
    -------
    Ecosystem
        One survey wave ("2024"); ``meta["synthetic"]`` is True.
    """
    if isinstance(n_actors, bool) or not isinstance(n_actors, (int, np.integer)) or n_actors < 2:
        raise ValueError(f"n_actors must be a whole number >= 2, got {n_actors!r}")
    if not ties_per_actor > 0:
        raise ValueError(f"ties_per_actor must be > 0, got {ties_per_actor!r}")
    rng = np.random.default_rng(seed)
    n = int(n_actors)
    n_ties = min(int(round(ties_per_actor * n)), n * (n - 1) // 2)
    clusters = _clusters(n)
    actors = _actors(n, clusters, rng)
    sources, targets = _tie_pairs(n, n_ties, clusters, rng)
    respondent = rng.random(n) < RESPONSE_RATE
    actors["respondent"] = respondent
    ties = _tie_reports(actors.index.to_numpy(), respondent, sources, targets, rng)
    meta = {"title": f"Synthetic benchmark ecosystem ({n:,} actors)", "sources": [], "synthetic": True}
    return Ecosystem(actors=actors, ties=ties, meta=meta)


def write_csv_folder(eco: Ecosystem, folder) -> Path:
    """Write ``eco`` as ``actors.csv`` and ``ties.csv`` (UTF-8, commas) into ``folder``.

    ``skane_ecosystem.load(folder)`` reads it back with the same actors and tie
    reports; the title and the synthetic label are not part of a CSV export.

    Parameters
    ----------
    eco : Ecosystem
    folder : str or pathlib.Path
        Created if missing.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    eco.actors.rename_axis("id").reset_index().to_csv(folder / "actors.csv", index=False)
    eco.ties.to_csv(folder / "ties.csv", index=False)
    return folder


def _clusters(n):
    """Cluster number of each actor: consecutive runs of about CLUSTER_SIZE."""
    n_clusters = max(1, round(n / CLUSTER_SIZE))
    return (np.arange(n) * n_clusters) // n


def _actors(n, clusters, rng):
    names = list(MUNICIPALITIES)
    weights = np.array(list(MUNICIPALITIES.values()), dtype=float)
    place_of_cluster = rng.choice(len(names), size=clusters.max() + 1, p=weights / weights.sum())
    sectors = rng.choice(list(SECTOR_SHARES), size=n, p=list(SECTOR_SHARES.values()))
    kinds = [_TYPES[sector][k % len(_TYPES[sector])] for k, sector in enumerate(sectors)]
    ids = [f"S{i:06d}" for i in range(n)]
    return pd.DataFrame(
        {
            "name": [f"Synthetic organisation {i}" for i in range(n)],
            "sector": sectors,
            "type": kinds,
            "municipality": [names[p] for p in place_of_cluster[clusters]],
            "respondent": False,
        },
        index=pd.Index(ids, name="id"),
    )


def _tie_pairs(n, n_ties, clusters, rng):
    """``n_ties`` distinct unordered pairs: active actors start many, most stay local."""
    activity = rng.pareto(ACTIVITY_TAIL, size=n) + 1.0
    start = np.searchsorted(clusters, clusters, side="left")
    size = np.bincount(clusters)[clusters]
    chosen = np.empty(0, dtype=np.int64)
    while len(chosen) < n_ties:
        draws = int((n_ties - len(chosen)) * 1.3) + 16
        u = rng.choice(n, size=draws, p=activity / activity.sum())
        local = rng.random(draws) < LOCAL_SHARE
        v = np.where(
            local,
            start[u] + (rng.random(draws) * size[u]).astype(np.int64),
            rng.choice(n, size=draws, p=activity / activity.sum()),
        )
        keep = u != v
        keys = np.minimum(u, v)[keep] * n + np.maximum(u, v)[keep]
        # Keep the first draw of every pair, in drawing order, so that
        # trimming to n_ties keeps a random (seeded) selection.
        combined = np.concatenate([chosen, keys])
        _, first = np.unique(combined, return_index=True)
        chosen = combined[np.sort(first)]
    chosen = chosen[:n_ties]
    low, high = chosen // n, chosen % n
    flip = rng.random(n_ties) < 0.5
    return np.where(flip, high, low), np.where(flip, low, high)


def _tie_reports(ids, respondent, sources, targets, rng):
    """One report per tie, from a side that answered; a second one for confirmed ties."""
    n_ties = len(sources)
    # Turn each pair so that its source answered the survey whenever one side did.
    turn = ~respondent[sources] & respondent[targets]
    sources, targets = np.where(turn, targets, sources), np.where(turn, sources, targets)
    relation = rng.choice(len(_RELATIONS), size=n_ties, p=_RELATION_SHARES)
    weight = rng.choice(_WEIGHTS, size=n_ties, p=_WEIGHT_SHARES)
    both_answered = respondent[sources] & respondent[targets]
    confirmed = both_answered & (rng.random(n_ties) < CONFIRMED_SHARE)
    # The other side's report of a confirmed tie: same relation, strength within one step.
    answer = np.clip(weight[confirmed] + rng.integers(-1, 2, size=confirmed.sum()), 1, 5)
    source = np.concatenate([sources, targets[confirmed]])
    target = np.concatenate([targets, sources[confirmed]])
    relations = np.array(_RELATIONS, dtype=object)[np.concatenate([relation, relation[confirmed]])]
    ties = pd.DataFrame(
        {
            "source": ids[source],
            "target": ids[target],
            "relation": relations,
            "weight": np.concatenate([weight, answer]).astype(float),
            "wave": WAVE,
            # Ties between two non-respondents are known from a register, not a report.
            "reported_by": np.where(respondent[source], ids[source], ""),
        }
    )
    return ties[list(TIE_COLUMNS)]
