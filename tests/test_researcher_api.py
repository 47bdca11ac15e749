"""A researcher's API that is tidy and consistent (issue 13): the Analysis end.

Findings name their subjects as flags.csv does, counts are ints, a misspelt
indicator is answered with the closest ones, ``removal_impact()`` is a table, and
the scenario results print as short summaries (HTML in Jupyter, names escaped).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem.ecosystem import Ecosystem
from skane_ecosystem.scenarios import compare, robustness, whatif

NO_STABILITY = se.AnalysisConfig(stability={"enabled": False})


@pytest.fixture(scope="module")
def barbell():
    """Two triangles joined through actor 'M'; one actor's name is markup."""
    G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("C", "M"), ("M", "D"), ("D", "E"), ("E", "F"), ("D", "F")])
    eco = Ecosystem.from_networkx(G)
    eco.actors.loc["M", "name"] = "<b>Middle & Co</b>"
    return eco


@pytest.fixture(scope="module")
def result(barbell):
    return se.analyze(barbell, NO_STABILITY)


# ------------------------------------------------------- 1. subject_name
def test_flags_name_their_subjects_beside_the_ids(result):
    flags = result.flags
    assert list(flags.columns[:2]) == ["subject", "subject_name"]
    names = result.actors["name"]
    for subject, name, level in flags[["subject", "subject_name", "level"]].itertuples(index=False):
        assert name == (names[subject] if level == "actor" else subject)
    assert "<b>Middle & Co</b>" in set(flags["subject_name"])


def test_the_bundle_flags_take_the_same_names(result):
    from skane_ecosystem.privacy import apply_privacy

    shown = apply_privacy(result, "internal")
    assert list(shown.flags["subject_name"]) == list(result.flags["subject_name"])


# ------------------------------------------------- 2. indicators, tidy
def test_counts_are_ints_and_the_rest_floats(result):
    values = dict(zip(result.network["indicator"], result.network["value"]))
    for count in ("actors", "ties", "components", "isolates"):
        assert type(values[count]) is int, count
    assert (values["actors"], values["ties"]) == (7, 8)
    assert type(values["density"]) is float and values["density"] == pytest.approx(8 / 21)
    assert type(result.indicator("actors")) is int
    assert "148.000000" not in result.network.to_string() and " 7.0" not in result.network.to_csv()


def test_a_misspelt_indicator_names_the_closest(result):
    with pytest.raises(KeyError, match="'density'"):
        result.indicator("densty")


# ------------------------------------------------ 3. removal_impact()
def test_removal_impact_is_a_table_with_names(result):
    impact = result.removal_impact()
    assert isinstance(impact, pd.DataFrame)
    assert list(impact.columns) == ["actor", "name", "cut_off", "fragmentation_gain"]
    by_actor = impact.set_index("actor")
    # Without M the triangles are equal halves; by_actor counts the half without the main component.
    assert by_actor.loc["M", "name"] == "<b>Middle & Co</b>"
    assert by_actor.loc["M", "cut_off"] == 3 and by_actor.loc["A", "cut_off"] == 0
    assert impact["cut_off"].dtype.kind == "i"


# ------------------------------------------------------------ 4. reprs
def test_whatif_prints_as_a_short_summary(result):
    shown = repr(whatif(result, remove_actors=["M"]))
    assert shown.startswith("<What if:") and "<b>Middle & Co</b>" in shown
    assert "dataclass" not in shown and "DataFrame" not in shown and len(shown) < 400


def test_scenario_results_have_html_with_names_escaped(result):
    page = whatif(result, remove_actors=["M"])._repr_html_()
    assert "&lt;b&gt;Middle &amp; Co&lt;/b&gt;" in page and "<b>Middle" not in page
    assert "Robustness" in robustness(result)._repr_html_()


def test_robustness_and_comparison_print_as_summaries():
    eco = se.demo()
    curve = robustness(se.analyze(eco, NO_STABILITY, compare_with=None))
    assert repr(curve).startswith("<Robustness: removal order: betweenness; area under the curve:")
    waves = compare(eco, eco.waves[0], eco.waves[-1], NO_STABILITY)
    text = repr(waves)
    assert text.startswith(f"<Comparison: waves: {eco.waves[0]} -> {eco.waves[-1]}; ties gained:")
    assert len(text) < 400 and "<table>" in waves._repr_html_()
