"""QAP inputs: bounded, aligned, reproducible; exact values on networks small enough to know them."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from skane_ecosystem.inference import MAX_ACTORS, MAX_PERMUTATIONS, qap_correlation, qap_regression


def _pair(seed=0, n=8):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n)), rng.normal(size=(n, n))


def test_the_same_seed_gives_the_same_table_and_another_seed_other_p_values():
    y, x = _pair()
    first = qap_regression(y, {"x": x}, n_permutations=300, seed=7)
    again = qap_regression(y, {"x": x}, n_permutations=300, seed=7)
    other = qap_regression(y, {"x": x}, n_permutations=300, seed=8)
    assert first.equals(again)
    assert first["coef"].equals(other["coef"]) and not first["p_value"].equals(other["p_value"])


def test_inputs_are_left_as_they_were():
    y, x = _pair()
    y_copy, x_copy = y.copy(), x.copy()
    qap_regression(y, {"x": x}, n_permutations=50)
    qap_correlation(y, x, n_permutations=50)
    assert np.array_equal(y, y_copy) and np.array_equal(x, x_copy)


def test_the_correlation_table_is_tidy():
    y, x = _pair()
    table = qap_correlation(y, x, n_permutations=20)
    assert table.index.name == "test" and table.index.tolist() == ["qap_correlation"]
    assert table.dtypes.to_dict() == {
        "correlation": np.float64,
        "p_value": np.float64,
        "p_greater": np.float64,
        "p_less": np.float64,
        "n_permutations": np.int64,
        "n_dyads": np.int64,
    }


def test_the_table_is_tidy():
    y, x = _pair()
    table = qap_regression(y, {"same_sector": x}, n_permutations=50)
    assert table.index.name == "term" and table.index.tolist() == ["intercept", "same_sector"]
    assert list(table.columns) == ["coef", "se", "statistic", "p_value", "p_greater", "p_less"]
    assert all(dtype == np.float64 for dtype in table.dtypes)
    assert table.attrs["n_dyads"] == 8 * 7 and table.attrs["directed"] is True
    assert 0 <= table.attrs["r_squared"] <= 1


def test_the_exact_permutation_distribution_of_a_correlation_on_four_actors():
    """With 4 actors there are 24 relabellings: the p-value is a share of them, known exactly."""
    a = np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]], dtype=float)  # a path
    b = np.array([[0, 1, 1, 0], [1, 0, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0]], dtype=float)
    mask = ~np.eye(4, dtype=bool)
    observed = np.corrcoef(a[mask], b[mask])[0, 1]
    null = [np.corrcoef(a[mask], b[np.ix_(p, p)][mask])[0, 1] for p in map(list, itertools.permutations(range(4)))]
    exact = np.mean(np.array(null) >= observed - 1e-12)
    result = qap_correlation(a, b, n_permutations=20_000, seed=1).loc["qap_correlation"]
    assert result["correlation"] == pytest.approx(observed)
    assert abs(result["p_greater"] - exact) < 0.015  # 4.5 Monte Carlo standard errors at 20,000 draws


def test_graphs_are_aligned_on_node_names_not_insertion_order():
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    H = nx.Graph()
    H.add_nodes_from(["e", "d", "c", "b", "a"])
    H.add_edges_from(G.edges)
    assert qap_correlation(G, H, n_permutations=10, weight=None).at["qap_correlation", "correlation"] == pytest.approx(
        1.0
    )


def test_graphs_with_other_actors_are_refused_by_name():
    G = nx.path_graph(["a", "b", "c", "d"])
    H = nx.path_graph(["a", "b", "c", "x"])
    with pytest.raises(ValueError, match=r"different actors.*'x'"):
        qap_correlation(G, H)


@pytest.mark.parametrize("n_permutations", [0, MAX_PERMUTATIONS + 1, 2.5, True])
def test_a_permutation_count_out_of_range_is_refused_with_the_range(n_permutations):
    y, x = _pair()
    with pytest.raises(ValueError, match="n_permutations must be"):
        qap_regression(y, {"x": x}, n_permutations=n_permutations)


def test_a_network_too_large_for_dense_arrays_is_refused_before_allocating():
    big = nx.empty_graph(MAX_ACTORS + 1)
    with pytest.raises(ValueError, match="sample of actors or a subgraph"):
        qap_correlation(big, big)


def test_options_and_data_that_cannot_be_fitted_are_refused_with_what_to_change():
    y, x = _pair()
    with pytest.raises(ValueError, match="family must be one of"):
        qap_regression(y, {"x": x}, family="poisson")
    with pytest.raises(ValueError, match="null must be one of"):
        qap_regression(y, {"x": x}, null="x")
    with pytest.raises(ValueError, match="0/1 ties"):
        qap_regression(y, {"x": x}, family="binomial")
    with pytest.raises(ValueError, match="linearly dependent"):
        qap_regression(y, {"x": x, "twice_x": 2 * x})
    with pytest.raises(ValueError, match="non-empty dict"):
        qap_regression(y, {})
    with pytest.raises(ValueError, match="same actors"):
        qap_regression(y, {"x": x[:5, :5]})
    with pytest.raises(ValueError, match="missing or infinite"):
        qap_regression(np.where(y > 1, np.nan, y), {"x": x})
