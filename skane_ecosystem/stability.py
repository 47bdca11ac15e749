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
its binomial Monte Carlo standard error (``flags.stability_standard_error``).
Resampling stops early once every flag is on a known side of the floor
(:func:`decided`): a flag that holds in all of the first 20 resamples needs no 80
more to be called firm.  Every measure and percentile threshold is recomputed on
each resampled graph.  A flag that cannot disappear (an actor with no ties in any
resample) has stability 1.0.  A flag below ``StabilityConfig.tentative_below`` is
no finding: outputs list it apart as tentative (:func:`split_tentative`).
Resampling is seeded, so stability is reproducible.  What this simulates, and what
it does not, and the stopping rule, are in docs/flags.md.

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

import gc
from collections import Counter
from contextlib import closing, contextmanager
from dataclasses import replace
from functools import partial

import numpy as np

from .ecosystem import one_sided_mask
from .parallel import in_workers, usable_cores

__all__ = ["flag_stability", "resample", "decided", "StabilityEstimate", "LOOK_EVERY"]

#: After the first ``StabilityConfig.min_resamples``, the stopping rule looks again
#: every this many resamples (a fixed schedule, so the stop does not depend on the
#: number of worker processes).
LOOK_EVERY = 10


class StabilityEstimate(dict):
    """``(subject, code) -> share of resamples in which the flag held``, and how many were run.

    Attributes
    ----------
    resamples : int
        The number of resamples the shares are taken over (the Monte Carlo
        standard errors divide by it).
    """

    def __init__(self, shares: dict, resamples: int):
        super().__init__(shares)
        self.resamples = resamples


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


def flag_stability(eco, find_keys, config, progress=None, decide=None) -> StabilityEstimate:
    """The share of resamples in which each flag holds.

    Parameters
    ----------
    eco : Ecosystem
    find_keys : callable
        Ecosystem -> set of (subject, code) flag keys, i.e. the whole rule pipeline.
        With ``config.stability.workers`` above 1 it runs in forked worker processes
        (:func:`skane_ecosystem.parallel.in_workers`), and its values are pickled back.
    config : AnalysisConfig
        ``config.stability`` gives resamples, drop rates, the stopping rule and
        workers; ``config.seed`` seeds.
    progress : callable, optional
        Called with (done, total) after each resample, e.g. to move a progress bar;
        when resampling stops early the last call is (done, done).
    decide : collection of (subject, code), optional
        The flags whose side of the floor the stopping rule waits for: the flags of
        the full data (default: every flag seen in any resample so far).

    Returns
    -------
    StabilityEstimate
        (subject, code) -> share of resamples, for every key seen in any resample,
        and ``resamples``, how many were run.

    Notes
    -----
    Each resample draws from its own random stream, spawned from ``config.seed``
    (numpy's SeedSequence), and the stopping rule looks at fixed counts
    (``min_resamples``, then every :data:`LOOK_EVERY`), so the result is the same
    whether the resamples run in one process or in several, in any order.  Stopping
    at a look gives exactly the shares of the first resamples of a longer run with
    the same seed.

    With ``config.stability.sequential`` resampling stops at the first look where
    every flag of ``decide`` is :func:`decided`; otherwise, or when some flag stays
    near the floor, all ``resamples`` are run.

    Cost: up to ``resamples`` times the flag pipeline, roughly resamples x O(n m);
    about 0.1 s per resample for a 150-actor survey on one core, shared out over
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
    looks = _looks(settings)
    counts: Counter = Counter()
    done = 0
    for number, look in enumerate(looks, start=1):
        # closing: if anything here is interrupted, the workers stop now, not when
        # the generator is garbage collected.
        with closing(in_workers(task, streams[done:look], _workers(settings, look - done))) as key_sets:
            for keys in key_sets:
                counts.update(keys)
                done += 1
                if progress is not None:
                    progress(done, settings.resamples)
        if done < settings.resamples and _all_decided(counts, done, decide, settings, number):
            if progress is not None:
                progress(done, done)
            break
    return StabilityEstimate({key: n / done for key, n in counts.items()}, resamples=done)


def decided(held, resamples: int, floor: float, alpha: float):
    """Whether a flag's side of the floor is known: above it (a finding) or below (tentative).

    An exact binomial test of "the flag's true stability is the floor": the flag
    held in ``held`` of ``resamples`` independent resamples, and its side is decided
    when a one-sided test rejects the floor at level ``alpha / 2``, that is when the
    two-sided ``1 - alpha`` Clopper-Pearson interval of its stability lies wholly
    above the floor, or wholly below it.  A flag near the floor is not decided by any
    count of resamples a survey can afford; the stopping rule then runs them all.

    Parameters
    ----------
    held : int or array of int
        Resamples in which the flag held.
    resamples : int
        Resamples run.
    floor : float
        ``StabilityConfig.tentative_below``: a flag at the floor or above is a finding.
    alpha : float
        The chance of deciding the wrong side, at most (for a flag whose true
        stability is exactly the floor; less for the others).

    Returns
    -------
    bool or array of bool

    Examples
    --------
    Twenty resamples out of twenty are enough to call a flag firm; fourteen out of
    twenty are not (P(X >= 14) = 0.058 for X ~ Binomial(20, 0.5)):

    >>> bool(decided(20, 20, 0.5, 0.01)), bool(decided(14, 20, 0.5, 0.01)), bool(decided(1, 20, 0.5, 0.01))
    (True, False, True)

    References
    ----------
    C. J. Clopper, E. S. Pearson (1934). The use of confidence or fiducial limits
    illustrated in the case of the binomial. Biometrika 26(4), 404-413.
    """
    from scipy.stats import binom  # imported here: only resampling needs it

    held = np.asarray(held)
    above = binom.sf(held - 1, resamples, floor) <= alpha / 2  # P(X >= held) at the floor
    below = binom.cdf(held, resamples, floor) <= alpha / 2  # P(X <= held) at the floor
    return above | below


def _looks(settings) -> list[int]:
    """The counts of resamples at which the stopping rule looks; the last is all of them."""
    if not settings.sequential:
        return [settings.resamples]
    first = min(settings.min_resamples, settings.resamples)
    return [*range(first, settings.resamples, LOOK_EVERY), settings.resamples]


def _all_decided(counts: Counter, done: int, decide, settings, look: int) -> bool:
    """Whether every flag to decide is on a known side of the floor at the ``look``-th look.

    Each flag may be called wrongly at most ``1 - confidence`` of the time over all
    looks together: the ``j``-th look spends ``(1 - confidence) 6 / (pi^2 j^2)`` of it
    (these shares sum to ``1 - confidence``; a Bonferroni bound over any number of
    looks).  The share spent depends on the look's number only, not on how many
    looks ``resamples`` allows, so a config whose ``resamples`` is the count a run
    stopped at gives that run again.
    """
    keys = counts.keys() if decide is None else decide
    held = np.array([counts.get(key, 0) for key in keys], dtype=int)
    alpha = (1.0 - settings.confidence) * 6.0 / (np.pi**2 * look**2)
    return bool(decided(held, done, settings.tentative_below, alpha).all())


def _keys_of_resample(stream, eco, find_keys, one_sided, drop_respondents, drop_one_sided) -> set:
    with _no_cycle_collection():
        sample = resample(eco, np.random.default_rng(stream), drop_respondents, drop_one_sided, one_sided)
        return find_keys(sample)


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused for one resample.

    A resample allocates tens of thousands of small objects (a graph, tables, flags),
    which triggers the collector over and over, and each of its full passes walks
    every object the process holds (the data, the modules) to find none of them
    garbage: a fifth to a quarter of a demo resample.  The resample's own cycles
    are collected at the next pass after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _workers(settings, resamples: int) -> int:
    wanted = settings.workers if settings.workers is not None else usable_cores()
    return max(1, min(wanted, resamples, _MAX_WORKERS))


_MAX_WORKERS = 4
