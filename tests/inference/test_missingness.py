"""The missingness report on a survey small enough to count by hand, and its test against scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from skane_ecosystem import Ecosystem
from skane_ecosystem.inference import missingness_report
from skane_ecosystem.inference.missingness import named_by_others, nonrespondent_degree_test


def _survey() -> Ecosystem:
    """Six actors; a, b, c, d answered; e and f did not.  Sectors: public a b e, business c d f."""
    actors = pd.DataFrame(
        {
            "name": list("ABCDEF"),
            "sector": ["public", "public", "business", "business", "public", "business"],
            "type": ["municipality", "agency", "company", "company", "agency", "company"],
            "municipality": ["Lund", "Lund", "Malmö", "Malmö", "Ystad", "Lund"],
            "respondent": [True, True, True, True, False, False],
        },
        index=pd.Index(list("abcdef"), name="id"),
    )
    reports = [
        ("a", "b", "a"),
        ("b", "a", "b"),  # confirmed, public-public
        ("a", "c", "a"),  # one-sided, public-business
        ("c", "d", "c"),
        ("d", "c", "d"),  # confirmed, business-business
        ("b", "d", "b"),  # one-sided, public-business
        ("a", "e", "a"),
        ("c", "e", "c"),
        ("d", "e", "d"),  # e named by three respondents
        ("b", "f", "b"),  # f named by one
    ]
    ties = pd.DataFrame(
        [(s, t, "collaboration", 1.0, "", r) for s, t, r in reports],
        columns=["source", "target", "relation", "weight", "wave", "reported_by"],
    )
    return Ecosystem(actors, ties)


def test_response_rates_overall_and_by_group():
    table = missingness_report(_survey(), n_permutations=10).response
    assert table.loc[("all", "all")].tolist() == [6, 4, pytest.approx(4 / 6)]
    assert table.loc[("sector", "public")].tolist() == [3, 2, pytest.approx(2 / 3)]
    assert table.loc[("municipality", "Ystad")].tolist() == [1, 0, 0.0]
    assert table.index.names == ["dimension", "group"]


def test_one_sided_ties_count_only_pairs_of_respondents_by_sector_pair():
    table = missingness_report(_survey(), n_permutations=10).one_sided
    assert table.loc[("all", "all")].tolist() == [4, 2, 0.5]
    assert table.loc[("business", "public")].tolist() == [2, 2, 1.0]
    assert table.loc[("public", "public")].tolist() == [1, 0, 0.0]


def test_named_by_others_counts_distinct_other_reporters():
    assert named_by_others(_survey()).to_dict() == {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 1}


def test_the_degree_test_equals_scipys_exact_permutation_test():
    eco = _survey()
    ours = nonrespondent_degree_test(eco, n_permutations=50_000, seed=1).iloc[0]
    degree = named_by_others(eco).to_numpy(dtype=float)
    answered = eco.actors["respondent"].to_numpy()
    reference = stats.permutation_test(
        (degree[~answered], degree[answered]),
        lambda x, y: np.mean(x) - np.mean(y),
        permutation_type="independent",
        alternative="greater",
        n_resamples=np.inf,  # all 15 splits of 6 actors into 2 and 4: exact
    )
    assert ours["difference"] == pytest.approx(reference.statistic)
    assert abs(ours["p_greater"] - reference.pvalue) < 0.01
    # Two-sided as sna counts it, |difference| at least as large (scipy doubles the smaller one-sided p).
    exact_two_sided = np.mean(np.abs(reference.null_distribution) >= abs(reference.statistic) - 1e-12)
    assert abs(ours["p_value"] - exact_two_sided) < 0.01


def test_a_survey_where_everyone_answered_cannot_be_tested_for_non_response():
    eco = _survey()
    eco.actors["respondent"] = True
    with pytest.raises(ValueError, match="both respondents and non-respondents"):
        nonrespondent_degree_test(eco)
