"""How robust is each finding to the gaps every survey has?

Survey networks are incomplete: some organisations do not answer, and a tie named by
one side only may be a misremembering.  To show how much a finding rests on such
details, the flag rules are rerun on perturbed copies of the data:

* a random share of respondents is left out (non-response): their reports are
  dropped and they become non-respondents, so ties others reported with them stay
  as one-sided, unconfirmable ties, as for any organisation that did not answer;
* each tie that is one-sided in the full data is dropped with a given probability
  (uncertain ties);

and each flag's *stability* is the share of these resamples in which it holds, with
its binomial Monte Carlo standard error (``flags.stability_standard_error``).  Every
measure and percentile threshold is recomputed on each resampled graph.  A flag that
cannot disappear (an actor with no ties in any resample) has stability 1.0.  A flag
below ``StabilityConfig.tentative_below`` is no finding: outputs list it apart as
tentative (:func:`split_tentative`).  Resampling is seeded, so stability is
reproducible.  What this simulates, and what it does not, is in docs/flags.md.

This is in the spirit of the robustness checks of centrality under missing data
(Borgatti, Carley & Krackhardt 2006; Smith & Moody 2013), applied to findings rather
than to single measures.

References
----------
S. P. Borgatti, K. M. Carley, D. Krackhardt (2006). On the robustness of centrality
measures under conditions of imperfect data. Social Networks 28(2), 124-136.
J. A. Smith, J. Moody (2013). Structural effects of network sampling coverage I:
Nodes missing at random. Social Networks 35(4), 652-668.
"""

from __future__ import annotations

from collections import Counter
from contextlib import closing
from dataclasses import replace
from functools import partial

import numpy as np

from .ecosystem import one_sided_mask
from .parallel import in_workers, usable_cores

__all__ = ["flag_stability", "resample"]


def resample(
    eco, rng: np.random.Generator, drop_respondents: float, drop_one_sided: float, one_sided: np.ndarray | None = None
):
    """A copy of ``eco`` as if some respondents had not answered and some uncertain ties were unreported.

    A respondent left out becomes a non-respondent, exactly like an organisation that
    never answered: its own reports are dropped and it is marked ``respondent=False``.
    The ties others reported with it therefore stay, as one-sided ties nobody could
    confirm, in every mode: ``Ecosystem.graph(mode="mutual")`` keeps them (it drops
    unconfirmed ties only between two respondents), and the ``unreciprocated`` rule
    no longer reads its silence as "not naming back".

    Parameters
    ----------
    eco : Ecosystem
    rng : numpy.random.Generator
    drop_respondents : float
        Share of respondents (rounded) left out.
    drop_one_sided : float
        Probability that each tie report that is one-sided in the full data is dropped.
    one_sided : numpy.ndarray, optional
        Precomputed :func:`one_sided_mask` of ``eco.ties``.

    Returns
    -------
    Ecosystem
        A new ecosystem; ``eco`` is left as it was.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skane_ecosystem import Ecosystem
    >>> actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "sector": "other", "type": "",
    ...                        "municipality": "", "respondent": True}).set_index("id")
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "relation": "tie",
    ...                      "weight": 1.0, "wave": "", "reported_by": ["a", "b"]})
    >>> sample = resample(Ecosystem(actors, ties), np.random.default_rng(0), 0.5, 0.0)
    >>> int(sample.actors["respondent"].sum()), len(sample.ties), sample.graph(mode="mutual").number_of_edges()
    (1, 1, 1)
    """
    ties = eco.ties
    if one_sided is None:
        one_sided = one_sided_mask(ties, eco.directions)
    silent = _left_out(eco, rng, drop_respondents)
    keep = ~ties["reported_by"].isin(silent).to_numpy()
    keep &= ~(one_sided & (rng.random(len(ties)) < drop_one_sided))
    actors = eco.actors.copy()
    actors.loc[sorted(silent), "respondent"] = False
    return replace(eco, actors=actors, ties=ties[keep].reset_index(drop=True))


def _left_out(eco, rng: np.random.Generator, share: float) -> set:
    """A random ``share`` (rounded) of the respondents: those who "did not answer"."""
    respondents = np.array(sorted(eco.actors.index[eco.actors["respondent"].astype(bool)]))
    if not len(respondents):
        return set()
    return set(rng.choice(respondents, size=int(round(share * len(respondents))), replace=False).tolist())


def flag_stability(eco, find_keys, config, progress=None) -> dict:
    """The share of resamples in which each flag holds.

    Parameters
    ----------
    eco : Ecosystem
    find_keys : callable
        Ecosystem -> set of (subject, code) flag keys, i.e. the whole rule pipeline.
        With ``config.stability.workers`` above 1 it runs in forked worker processes
        (:func:`skane_ecosystem.parallel.in_workers`), and its values are pickled back.
    config : AnalysisConfig
        ``config.stability`` gives resamples, drop rates and workers; ``config.seed``
        seeds.
    progress : callable, optional
        Called with (done, total) after each resample, e.g. to move a progress bar.

    Returns
    -------
    dict
        (subject, code) -> share of resamples, for every key seen in any resample.

    Notes
    -----
    Each resample draws from its own random stream, spawned from ``config.seed``
    (numpy's SeedSequence), so the result is the same whether the resamples run in
    one process or in several, in any order.

    Cost: ``resamples`` times the flag pipeline, roughly resamples x O(n m); about
    0.2-0.3 s per resample for a 150-actor survey on one core, shared out over
    ``workers`` processes (see docs/performance.md).
    """
    settings = config.stability
    streams = np.random.SeedSequence(config.seed).spawn(settings.resamples)
    task = partial(
        _keys_of_resample,
        eco=eco,
        find_keys=find_keys,
        one_sided=one_sided_mask(eco.ties, eco.directions),
        drop_respondents=settings.drop_respondents,
        drop_one_sided=settings.drop_one_sided,
    )
    counts: Counter = Counter()
    # closing: if anything here is interrupted, the workers stop now, not when the
    # generator is garbage collected.
    with closing(in_workers(task, streams, _workers(settings))) as key_sets:
        for done, keys in enumerate(key_sets, start=1):
            counts.update(keys)
            if progress is not None:
                progress(done, settings.resamples)
    return {key: n / settings.resamples for key, n in counts.items()}


def _keys_of_resample(stream, eco, find_keys, one_sided, drop_respondents, drop_one_sided) -> set:
    sample = resample(eco, np.random.default_rng(stream), drop_respondents, drop_one_sided, one_sided)
    return find_keys(sample)


def _workers(settings) -> int:
    wanted = settings.workers if settings.workers is not None else usable_cores()
    return max(1, min(wanted, settings.resamples, _MAX_WORKERS))


_MAX_WORKERS = 4
