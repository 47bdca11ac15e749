"""What the stability resamples simulate, and the Monte Carlo error they report.

A resample stands for "the same survey, had some respondents not answered and some
uncertain one-sided ties not been reported".  A respondent left out must therefore
look exactly like an organisation that never answered: its own reports gone, and the
ties others reported with it kept as one-sided (nobody could have confirmed them).
The checks below compare resamples with what that definition implies, counted
directly from the tie reports, never with an earlier output of the package.
"""

from __future__ import annotations

import math
from functools import partial

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem import analysis as analysis_module
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.flags import FLAG_COLUMNS, find_flags
from skane_ecosystem.stability import flag_stability, resample
from tests.ecosystems import survey

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))


def silenced(eco, sample) -> set:
    """Respondents none of whose reports are left in ``sample`` (no one-sided drops)."""
    return set(eco.ties["reported_by"]) - set(sample.ties["reported_by"]) - {""}


def streams(count, seed=0):
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(count)]


# ------------------------------------------------------------ non-response
def test_a_dropped_respondent_becomes_a_non_respondent():
    everyone = list("abcdef")
    eco = survey(everyone, [(s, t) for s in everyone for t in everyone if s != t])
    for rng in streams(10):
        sample = resample(eco, rng, drop_respondents=1 / 3, drop_one_sided=0.0)
        left_out = silenced(eco, sample)
        assert len(left_out) == 2
        assert set(sample.actors.index[~sample.actors["respondent"]]) == left_out
        # Only their own reports are gone: every other report is still there.
        expected = eco.ties[~eco.ties["reported_by"].isin(left_out)].reset_index(drop=True)
        pd.testing.assert_frame_equal(sample.ties, expected)
    assert eco.actors["respondent"].all(), "the original ecosystem is left as it was"


@pytest.mark.parametrize("mode", ["mutual", "union", "directed"])
def test_ties_of_a_silenced_respondent_stay_as_one_sided(mode):
    # A triangle every side of which both ends reported: leaving out one respondent
    # leaves its two ties reported by the other side only, unconfirmable, not absent.
    eco = survey(list("abc"), [(s, t) for s in "abc" for t in "abc" if s != t])
    for rng in streams(6):
        sample = resample(eco, rng, drop_respondents=1 / 3, drop_one_sided=0.0)
        (left_out,) = silenced(eco, sample)
        G = nx.Graph(sample.graph(mode=mode))
        assert G.number_of_edges() == 3
        if mode != "directed":
            unconfirmed = {frozenset(e) for e, ok in nx.get_edge_attributes(G, "confirmed").items() if not ok}
            assert unconfirmed == {frozenset((left_out, other)) for other in "abc" if other != left_out}


def test_in_the_mutual_demo_graph_a_tie_vanishes_only_when_every_reporter_of_it_is_left_out():
    eco = se.demo()
    full = eco.graph(wave=None, mode="mutual")  # the reporters below are of both waves
    reporters = {}
    for source, target, reporter in zip(eco.ties["source"], eco.ties["target"], eco.ties["reported_by"]):
        reporters.setdefault(frozenset((source, target)), set()).add(reporter)
    for rng in streams(5):
        sample = resample(eco, rng, drop_respondents=0.10, drop_one_sided=0.0)
        left_out = silenced(eco, sample)
        kept = {frozenset(e) for e in sample.graph(wave=None, mode="mutual").edges()}
        for edge in full.edges():
            pair = frozenset(edge)
            assert (pair in kept) == bool(reporters[pair] - left_out), (edge, reporters[pair])


def test_unreciprocated_never_counts_an_actor_left_out_as_not_naming_back():
    # a names four respondents and every one of them names a back.  A resample that
    # leaves out three of them must not read their silence as "not naming back"
    # (3 of 4 unreturned would reach the rule's 75 %): they are non-respondents now.
    others = list("bcde")
    eco = survey(["a", *others], [("a", o) for o in others] + [(o, "a") for o in others])
    find_keys = partial(_keys_of_flags, config=NO_STABILITY)
    config = AnalysisConfig(seed=1, stability=StabilityConfig(resamples=20, drop_respondents=0.6, workers=1))
    held = flag_stability(eco, find_keys, config)
    assert ("a", "unreciprocated") not in held


def _keys_of_flags(eco, config):
    flags = analyze(eco, config).flags
    return set(zip(flags["subject"], flags["code"]))


# ------------------------------------------------- percentile thresholds
def test_percentile_thresholds_are_recomputed_on_each_resampled_graph(monkeypatch):
    # Every rule context of a resample is captured; the hub threshold it used must be
    # the percentile of strengths in *that* graph, computed here with networkx alone.
    contexts = []
    real_run_rules = analysis_module.run_rules

    def capture(ctx, *args, **kwargs):
        flags = real_run_rules(ctx, *args, **kwargs)
        contexts.append((ctx, flags))
        return flags

    monkeypatch.setattr(analysis_module, "run_rules", capture)
    config = AnalysisConfig(seed=2, stability=StabilityConfig(resamples=6, workers=1))
    eco = se.demo()
    analyze(eco, config, compare_with=None)
    assert len(contexts) == 1 + 6, "the rules run once on the full data, then once per resample"
    thresholds = set()
    for ctx, flags in contexts:
        strength = dict(ctx.graph.degree(weight="weight"))
        connected = [strength[n] for n in ctx.graph if ctx.graph.degree(n) > 0]
        expected = float(np.quantile(connected, config.hub_percentile))
        hubs = [f for f in flags if f.code == "hub"]
        assert hubs and all(f.evidence["strength_threshold"] == pytest.approx(expected) for f in hubs)
        thresholds.add(round(expected, 9))
    assert len(thresholds) > 1, "the threshold moves with the data, so it is not the full data's"


# --------------------------------------------------- Monte Carlo error
def test_each_stability_comes_with_its_binomial_standard_error():
    eco = survey(
        list("abcdefx"), [(s, t) for s in "abcdef" for t in "abcdef" if s != t and (s < t or s in "ab")] + [("a", "x")]
    )
    resamples = 24
    result = analyze(eco, AnalysisConfig(seed=5, stability=StabilityConfig(resamples=resamples, workers=1)))
    assert "stability_se" in FLAG_COLUMNS
    assert set(FLAG_COLUMNS) <= set(result.flags.columns)  # and subject_name, which analyze() adds
    for p, se_ in zip(result.flags["stability"], result.flags["stability_se"]):
        assert se_ == pytest.approx(math.sqrt(p * (1 - p) / resamples), abs=1e-15)


def test_without_stability_its_standard_error_is_not_a_number():
    result = analyze(Ecosystem.from_networkx(nx.barbell_graph(4, 0)), NO_STABILITY)
    assert len(result.flags) and result.flags["stability_se"].isna().all()


# ------------------------------------------------------- tentative floor
def test_the_tentative_floor_is_one_half_and_a_flag_at_the_floor_is_firm():
    assert StabilityConfig().tentative_below == 0.5
    from skane_ecosystem.flags import FlagContext

    G = nx.barbell_graph(4, 0)
    result = analyze(Ecosystem.from_networkx(G), NO_STABILITY)
    ctx = FlagContext(result.graph, result.actors, NO_STABILITY)
    keys = list(zip(result.flags["subject"], result.flags["code"]))
    shares = {keys[0]: 0.5, keys[1]: 0.49}
    flags = find_flags(ctx, {k: shares.get(k, 1.0) for k in keys}).set_index(["subject", "code"])
    assert not flags.loc[keys[0], "tentative"]
    assert flags.loc[keys[1], "tentative"]


@pytest.mark.parametrize(
    "setting", [{"tentative_below": 70}, {"drop_respondents": -0.1}, {"drop_one_sided": "half"}, {"resamples": 0}]
)
def test_stability_settings_out_of_range_are_refused_with_the_setting_named(setting):
    (name,) = setting
    with pytest.raises(ValueError, match=f"stability.{name} must be"):
        AnalysisConfig.from_dict({"stability": setting})
