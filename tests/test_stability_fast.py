"""Flag stability made fast without changing what it means (issue 14).

Two things are checked here.  First, the findings themselves: on the demo the rules
must raise exactly the flags they raised before the speed-up (codes, subjects,
scores, evidence, sentences, pinned in ``tests/data/demo_flags_pinned.json`` at
commit 6d062f3), and each stability may move only within its Monte Carlo error.
Second, the stopping rule (sequential Monte Carlo): its decision is checked against
exact binomial tails computed here with fractions, and its stop against what the
rule promises (a flag that cannot vanish needs only the first look; a flag near the
floor gets every resample; the same stop whatever the number of worker processes).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from functools import partial
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig, analyze
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.stability import LOOK_EVERY, decided, flag_stability
from tests.ecosystems import survey

PINNED = Path(__file__).parent / "data" / "demo_flags_pinned.json"
RULE_OUTPUT = ["subject", "subject_name", "level", "kind", "code", "score", "evidence", "params"]
SENTENCES = ["explanation_en", "explanation_sv"]


# ------------------------------------------------------ the demo's findings
@pytest.fixture(scope="module")
def demo_flags():
    return analyze(se.demo(), progress=None, compare_with=None).flags


@pytest.fixture(scope="module")
def pinned():
    return json.loads(PINNED.read_text(encoding="utf-8"))["flags"]


def _plain_rows(flags, columns) -> list[dict]:
    """The flags table as JSON would read it back (numpy scalars as Python numbers)."""
    rows = [dict(zip(columns, values)) for values in flags[columns].itertuples(index=False)]
    return json.loads(json.dumps(rows, default=lambda value: value.item()))


def test_the_demo_raises_the_flags_pinned_before_the_speed_up(demo_flags, pinned):
    assert _plain_rows(demo_flags, RULE_OUTPUT + SENTENCES) == [
        {column: row[column] for column in RULE_OUTPUT + SENTENCES} for row in pinned
    ]


def test_the_demo_stabilities_move_at_most_within_their_monte_carlo_error(demo_flags, pinned):
    for row, now, error in zip(pinned, demo_flags["stability"], demo_flags["stability_se"]):
        allowed = 3 * math.hypot(error, row["stability_se"])
        assert abs(now - row["stability"]) <= allowed, (row["subject"], row["code"], row["stability"], now)


# ---------------------------------------------------- the decision itself
def _binomial_tail(n: int, at_least: int, p: Fraction) -> Fraction:
    """P(X >= at_least) for X ~ Binomial(n, p), exactly."""
    return sum((math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(max(at_least, 0), n + 1)), Fraction(0))


@pytest.mark.parametrize("floor", [Fraction(1, 2), Fraction(3, 10)])
@pytest.mark.parametrize("n", [5, 20, 37])
def test_a_flag_is_decided_when_an_exact_binomial_test_rejects_the_floor(n, floor):
    alpha = Fraction(1, 100)
    for held in range(n + 1):
        above = _binomial_tail(n, held, floor) <= alpha / 2
        below = 1 - _binomial_tail(n, held + 1, floor) <= alpha / 2
        assert bool(decided(held, n, float(floor), float(alpha))) == (above or below), (held, n, floor)


# ---------------------------------------------------------- the stop
def _held_while_kept(sample, actors) -> set:
    """A flag on each of ``actors`` that holds exactly while it is still a respondent."""
    return {(actor, "hub") for actor in actors if sample.actors.at[actor, "respondent"]}


def _always_isolated(sample) -> set:
    """A flag no resample can take away (as an actor nobody names)."""
    return {("p0", "isolated")}


def _everyone_names_everyone(size: int):
    people = [f"p{i}" for i in range(size)]
    return survey(people, [(s, t) for s in people for t in people if s != t])


def _stability(find_keys, workers=1, progress=None, **settings):
    eco = _everyone_names_everyone(10)
    config = AnalysisConfig(seed=4, stability=StabilityConfig(workers=workers, **settings))
    return flag_stability(eco, find_keys, config, progress=progress)


def test_flags_that_cannot_vanish_stop_resampling_at_the_first_look():
    seen = []
    estimate = _stability(_always_isolated, progress=lambda *call: seen.append(call))
    assert estimate.resamples == StabilityConfig().min_resamples
    assert estimate == {("p0", "isolated"): 1.0}
    assert seen[-1] == (estimate.resamples, estimate.resamples), "the progress bar ends full"


def test_a_flag_near_the_floor_gets_every_resample():
    # Half of the ten respondents are left out: each one stays in about half the resamples.
    estimate = _stability(partial(_held_while_kept, actors=["p0"]), drop_respondents=0.5)
    assert estimate.resamples == 100
    assert 0.35 < estimate[("p0", "hub")] < 0.65


def test_without_the_sequential_rule_every_resample_is_run():
    estimate = _stability(_always_isolated, sequential=False, resamples=30)
    assert estimate.resamples == 30


def test_the_stop_is_the_same_for_any_number_of_workers():
    # One in five left out: a flag holding in about 80 % of resamples is decided
    # after the first look but before the hundredth resample.
    find_keys = partial(_held_while_kept, actors=["p0", "p1"])
    one, two = (_stability(find_keys, workers=w, drop_respondents=0.2) for w in (1, 2))
    assert one == two and one.resamples == two.resamples
    assert StabilityConfig().min_resamples < one.resamples < 100
    assert (one.resamples - StabilityConfig().min_resamples) % LOOK_EVERY == 0


def test_an_early_stop_gives_the_shares_of_the_first_resamples_of_a_full_run():
    find_keys = partial(_held_while_kept, actors=["p0", "p1"])
    stopped = _stability(find_keys, drop_respondents=0.2)
    first = _stability(find_keys, drop_respondents=0.2, sequential=False, resamples=stopped.resamples)
    assert stopped == first


# ------------------------------------------- what an analysis records
@pytest.fixture(scope="module")
def stopped_early():
    # Ties from a graph file have no reporter, so no resample changes them: every
    # flag holds in every resample and the first look stops.
    eco = se.Ecosystem.from_networkx(nx.barbell_graph(5, 1))
    return eco, analyze(eco, AnalysisConfig(seed=2, stability=StabilityConfig(workers=1)), progress=None)


def test_an_analysis_records_the_resamples_run_and_its_errors_use_them(stopped_early):
    _, result = stopped_early
    run = result.config.stability.resamples
    assert run < StabilityConfig().resamples
    for p, error in zip(result.flags["stability"], result.flags["stability_se"]):
        assert error == pytest.approx(math.sqrt(p * (1 - p) / run), abs=1e-15)


def test_the_recorded_config_gives_the_same_analysis_again(stopped_early):
    eco, result = stopped_early
    again = analyze(eco, result.config, progress=None)
    assert again.config == result.config
    assert again.flags[["subject", "code", "stability"]].equals(result.flags[["subject", "code", "stability"]])


@pytest.mark.parametrize("setting", [{"min_resamples": 0}, {"confidence": 1.5}])
def test_stopping_settings_out_of_range_are_refused_with_the_setting_named(setting):
    (name,) = setting
    with pytest.raises(ValueError, match=f"stability.{name} must be"):
        AnalysisConfig.from_dict({"stability": setting})


# ------------------------------------------- the rules, without pandas rows
def test_a_percentile_score_is_the_share_of_connected_actors_at_or_below_the_value():
    from skane_ecosystem.flags import FlagContext

    strength = [0.0, 3.0, 3.0, 1.5, 7.0, 3.0, 0.0, 2.0]
    degree = [0, 2, 1, 1, 4, 2, 0, 1]  # the two with no ties are not compared
    actors = pd.DataFrame({"strength": strength, "degree": degree}, index=[f"a{i}" for i in range(8)])
    ctx = FlagContext(nx.empty_graph(8), actors, AnalysisConfig())
    connected = [s for s, d in zip(strength, degree) if d > 0]
    for value in [*strength, 2.5, 100.0, -1.0]:
        expected = sum(s <= value for s in connected) / len(connected)
        assert ctx.rank("strength", value) == expected
