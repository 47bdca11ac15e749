"""Change between waves: the QAP test of persistence and the paired permutation test of indicators.

Exact references: a logistic regression on one 0/1 predictor has the log odds ratio of
the 2×2 table as its coefficient; the paired permutation null of a small network can
be enumerated in full (every subset of the dyads that differ between waves swapped).
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.inference import indicator_change_test, wave_change_test
from skane_ecosystem.metrics.density import transitivity


def _waves(seed=2, n=20, keep=0.8):
    rng = np.random.default_rng(seed)
    before = nx.gnp_random_graph(n, 0.2, seed=seed)
    after = nx.Graph()
    after.add_nodes_from(before)
    after.add_edges_from(edge for edge in before.edges if rng.random() < keep)
    after.add_edges_from(nx.gnp_random_graph(n, 0.05, seed=seed + 1).edges)
    return before, after


def test_the_persistence_coefficient_is_the_log_odds_ratio_of_the_two_by_two_table():
    before, after = _waves()
    table = wave_change_test(before, after, n_permutations=100)
    a = table.attrs["ties_kept"]
    b = table.attrs["ties_lost"]  # tied before, not after
    c = table.attrs["ties_gained"]  # tied after, not before
    d = table.attrs["n_dyads"] - a - b - c
    assert table.at["qap_logit", "coef"] == pytest.approx(math.log(a * d / (b * c)), rel=1e-9)
    assert table.at["qap_logit", "odds_ratio"] == pytest.approx(a * d / (b * c), rel=1e-9)


def test_a_persistent_network_is_significant_and_two_unrelated_waves_are_not():
    before, after = _waves()
    assert wave_change_test(before, after, n_permutations=300).at["qap_logit", "p_value"] < 0.01
    unrelated = nx.gnp_random_graph(20, 0.2, seed=99)
    assert wave_change_test(before, unrelated, n_permutations=300, seed=1).at["qap_logit", "p_value"] > 0.05


def test_actors_in_one_wave_only_take_part_in_both_without_ties():
    before = nx.path_graph(["a", "b", "c", "d"])
    after = nx.path_graph(["a", "b", "c", "e"])
    table = wave_change_test(before, after, n_permutations=20)
    assert table.attrs["actors"] == 5 and table.attrs["n_dyads"] == 10
    assert (table.attrs["ties_kept"], table.attrs["ties_lost"], table.attrs["ties_gained"]) == (2, 1, 1)


def test_the_indicator_p_value_matches_the_fully_enumerated_paired_permutation_null():
    before = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)])
    after = nx.Graph([(0, 1), (1, 2), (3, 4), (4, 5), (1, 4)])
    before.add_nodes_from(range(6))
    after.add_nodes_from(range(6))
    differing = sorted(set(map(frozenset, before.edges)) ^ set(map(frozenset, after.edges)), key=sorted)

    def change(swapped):
        b, a = before.copy(), after.copy()
        for dyad in swapped:
            u, v = tuple(dyad)
            in_before, in_after = b.has_edge(u, v), a.has_edge(u, v)
            (b.remove_edge if in_before else b.add_edge)(u, v)
            (a.remove_edge if in_after else a.add_edge)(u, v)
        return transitivity(a) - transitivity(b)

    observed = change(())
    null = [change(subset) for k in range(len(differing) + 1) for subset in itertools.combinations(differing, k)]
    exact = np.mean(np.abs(null) >= abs(observed) - 1e-12)
    table = indicator_change_test(before, after, ["transitivity"], n_permutations=20_000, seed=4)
    assert table.at["transitivity", "change"] == pytest.approx(observed)
    assert abs(table.at["transitivity", "p_value"] - exact) < 0.016  # 4.5 standard errors at 20,000 draws


def test_indicators_before_and_after_are_the_projects_own_definitions():
    before, after = _waves()
    table = indicator_change_test(before, after, n_permutations=10)
    assert "reciprocity" not in table.index  # undirected
    assert table.at["density", "before"] == pytest.approx(nx.density(before))
    assert table.at["ties", "change"] == after.number_of_edges() - before.number_of_edges()


def test_unknown_indicators_and_mixed_modes_are_refused():
    before, after = _waves()
    with pytest.raises(ValueError, match="unknown indicator"):
        indicator_change_test(before, after, ["betweenness"])
    with pytest.raises(ValueError, match="must be directed, or both undirected"):
        wave_change_test(before, nx.DiGraph(after))


def test_the_same_seed_gives_the_same_tables():
    before, after = _waves()
    assert indicator_change_test(before, after, n_permutations=50, seed=2).equals(
        indicator_change_test(before, after, n_permutations=50, seed=2)
    )
    assert wave_change_test(before, after, n_permutations=50).equals(wave_change_test(before, after, n_permutations=50))


def test_a_network_that_only_lost_ties_has_an_infinite_odds_ratio_not_an_arbitrary_number():
    before = nx.cycle_graph(12)
    after = before.copy()
    after.remove_edge(0, 1)  # every wave-2 tie was a wave-1 tie: separation
    table = wave_change_test(before, after, n_permutations=100)
    assert table.at["qap_logit", "coef"] == np.inf and np.isnan(table.at["qap_logit", "p_value"])
    assert table.at["qap_correlation", "p_value"] < 0.05
