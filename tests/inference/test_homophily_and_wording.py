"""Homophily tests and their plain-language sentences.

The homophily model is the dyadic model ``edges + nodematch(...)``: its coefficients
and classical standard errors must equal dyadic_model's (which reproduces statnet),
and its permutation p-values must tell planted homophily from none.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.i18n import catalog
from skane_ecosystem.inference import dyadic_model, homophily_tests, p_text, significance_sentence


def _planted(strength: float, seed: int = 4, n: int = 36) -> nx.Graph:
    """A network where pairs in one sector tie with log-odds ``strength`` more; municipality plays no part."""
    rng = np.random.default_rng(seed)
    sector = rng.choice(["public", "business", "civil_society"], size=n)
    municipality = rng.choice(["Lund", "Malmö", "Ystad"], size=n)
    G = nx.Graph()
    for i in range(n):
        G.add_node(i, sector=sector[i], municipality=municipality[i], type="")
    for i in range(n):
        for j in range(i):
            log_odds = -2.5 + strength * (sector[i] == sector[j])
            if rng.random() < 1 / (1 + np.exp(-log_odds)):
                G.add_edge(i, j)
    return G


def test_coefficients_and_classical_errors_equal_the_dyadic_model_with_nodematch():
    G = _planted(1.5)
    table = homophily_tests(G, ["sector", "municipality"], n_permutations=50)
    model = dyadic_model(G, "edges + nodematch('sector') + nodematch('municipality')")
    np.testing.assert_allclose(table["coef"], model["coef"].iloc[1:], rtol=1e-9)
    np.testing.assert_allclose(table["dyadic_se"], model["se"].iloc[1:], rtol=1e-9)
    np.testing.assert_allclose(table["dyadic_p_value"], model["p_value"].iloc[1:], rtol=1e-6)


def test_planted_sector_homophily_is_found_and_the_absent_municipality_one_is_not():
    table = homophily_tests(_planted(1.5), ["sector", "municipality"], n_permutations=500, seed=1)
    assert table.at["sector", "p_value"] < 0.01 and table.at["sector", "coef"] > 0
    assert table.at["municipality", "p_value"] > 0.05


def test_an_attribute_with_one_known_value_is_skipped_with_the_reason():
    table = homophily_tests(_planted(1.0), n_permutations=20)
    assert table.index.tolist() == ["sector", "municipality"]
    assert "type" in table.attrs["skipped"] and "at least 2" in table.attrs["skipped"]["type"]


def test_the_same_seed_gives_the_same_table():
    G = _planted(1.0)
    assert homophily_tests(G, n_permutations=100, seed=3).equals(homophily_tests(G, n_permutations=100, seed=3))


# ------------------------------------------------------------------- wording
ROW = {"attribute": "sector", "coef": 0.9, "p_value": 0.004, "n_permutations": 1000}


def test_the_issues_sentence_in_swedish_with_the_level_it_was_tested_at():
    assert significance_sentence(ROW, "sv", relation="collaboration") == (
        "Organisationerna samarbetar oftare inom sin egen sektor än slumpen skulle ge "
        "(p < 0,01; signifikansnivå 5\u00a0%)."
    )


def test_a_result_above_the_level_is_worded_as_no_difference_never_as_a_finding():
    for lang in ("en", "sv"):
        text = significance_sentence({**ROW, "p_value": 0.08}, lang, relation="collaboration")
        assert ("not significant" in text) if lang == "en" else ("inte signifikant" in text)
        assert "more often" not in text and "oftare" not in text
    assert "0.080" in significance_sentence({**ROW, "p_value": 0.08}, "en")


def test_the_level_is_the_one_tested_and_fewer_ties_within_reads_less_often():
    strict = significance_sentence(ROW, "en", alpha=0.001)
    assert "not significant" in strict and "significance level 0.1%" in strict
    assert "less often" in significance_sentence({**ROW, "coef": -0.9}, "en")
    assert "mer sällan" in significance_sentence({**ROW, "coef": -0.9}, "sv")


@pytest.mark.parametrize(
    "p, n, lang, shown",
    [
        (0.0, 1000, "sv", "p < 0,001"),
        (0.0, 100, "en", "p < 0.01"),
        (0.0, 50, "en", "p < 0.02"),
        (0.0312, 1000, "sv", "p = 0,031"),
        (0.5, 1000, "en", "p = 0.50"),
        (0.0004, None, "en", "p < 0.001"),
    ],
)
def test_p_values_never_read_zero_and_never_claim_more_precision_than_the_permutations_give(p, n, lang, shown):
    assert p_text(p, n, lang) == shown


def test_every_sentence_key_exists_in_both_languages():
    keys = {key for key in catalog("en") if key.startswith("inference.")}
    assert keys == {key for key in catalog("sv") if key.startswith("inference.")}
    assert len(keys) >= 9


def test_bad_rows_and_levels_are_refused():
    with pytest.raises(ValueError, match="attribute must be one of"):
        significance_sentence({**ROW, "attribute": "colour"})
    with pytest.raises(ValueError, match="significance level"):
        significance_sentence(ROW, alpha=5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        p_text(1.5)
