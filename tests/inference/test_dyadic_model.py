"""The dyadic model against statnet's published Florentine results and R's glm.

Three outside references:

- the statnet ERGM tutorial's printed ``summary()`` of ``flomarriage ~ edges`` and
  ``flomarriage ~ edges + nodecov("wealth")`` (Statnet Development Team, "Introduction
  to Exponential-family Random Graph Models with ergm", ergm 4, last updated
  2022-07-05; github.com/statnet/Workshops, ergm/ergm_tutorial.html), to the digits
  printed there;
- R's ``glm`` on dyad tables whose terms R builds itself from statnet's definitions
  (``tests/inference/r/dyadic.R``), for nodefactor's base level, nodematch with
  ``diff=TRUE``, absdiff, nodecov and edgecov, directed and undirected;
- statsmodels' GLM, when installed, as a second independent fitter.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from skane_ecosystem.inference import dyad_design, dyadic_model

#: flomarriage's vertex order and its vertex attribute ``wealth`` (thousands of lira),
#: as stored in ergm's data/florentine.RData (read with R's network package:
#: ``flomarriage %v% "wealth"``); Padgett's data.
FAMILIES = [
    "Acciaiuoli",
    "Albizzi",
    "Barbadori",
    "Bischeri",
    "Castellani",
    "Ginori",
    "Guadagni",
    "Lamberteschi",
    "Medici",
    "Pazzi",
    "Peruzzi",
    "Pucci",
    "Ridolfi",
    "Salviati",
    "Strozzi",
    "Tornabuoni",
]
WEALTH = [10, 36, 55, 44, 20, 32, 8, 42, 103, 48, 49, 3, 27, 10, 146, 48]

#: flomarriage's 20 ties, from the same file (``as.matrix(flomarriage)``).
FLOMARRIAGE_TIES = {
    ("Acciaiuoli", "Medici"),
    ("Albizzi", "Ginori"),
    ("Albizzi", "Guadagni"),
    ("Albizzi", "Medici"),
    ("Barbadori", "Castellani"),
    ("Barbadori", "Medici"),
    ("Bischeri", "Guadagni"),
    ("Bischeri", "Peruzzi"),
    ("Bischeri", "Strozzi"),
    ("Castellani", "Peruzzi"),
    ("Castellani", "Strozzi"),
    ("Guadagni", "Lamberteschi"),
    ("Guadagni", "Tornabuoni"),
    ("Medici", "Ridolfi"),
    ("Medici", "Salviati"),
    ("Medici", "Tornabuoni"),
    ("Pazzi", "Salviati"),
    ("Peruzzi", "Strozzi"),
    ("Ridolfi", "Strozzi"),
    ("Ridolfi", "Tornabuoni"),
}


def flomarriage() -> nx.Graph:
    """networkx's Florentine families with Pucci, whom networkx leaves out (isolated), and wealth."""
    G = nx.florentine_families_graph()
    G.add_node("Pucci")
    nx.set_node_attributes(G, dict(zip(FAMILIES, WEALTH)), "wealth")
    return G


def test_networkx_florentine_families_plus_pucci_is_statnets_flomarriage():
    G = flomarriage()
    assert sorted(G) == FAMILIES
    assert {tuple(sorted(edge)) for edge in G.edges} == FLOMARRIAGE_TIES
    assert G.degree("Pucci") == 0


def test_edges_only_as_printed_in_the_statnet_tutorial():
    # edges  -1.6094  0.2449  0  -6.571  <1e-04; Null Deviance 166.4 on 120; Residual 108.1 on 119;
    # AIC: 110.1  BIC: 112.9
    table = dyadic_model(flomarriage(), "flomarriage ~ edges".split("~")[1])
    assert round(table.at["edges", "coef"], 4) == -1.6094
    assert round(table.at["edges", "se"], 4) == 0.2449
    assert round(table.at["edges", "z"], 3) == -6.571
    assert table.at["edges", "p_value"] < 1e-4
    attrs = table.attrs
    assert (round(attrs["null_deviance"], 1), round(attrs["deviance"], 1)) == (166.4, 108.1)
    assert (round(attrs["aic"], 1), round(attrs["bic"], 1), attrs["n_dyads"]) == (110.1, 112.9, 120)


def test_edges_and_nodecov_wealth_as_printed_in_the_statnet_tutorial():
    # edges           -2.594929  0.536056  0  -4.841  <1e-04
    # nodecov.wealth   0.010546  0.004674  0   2.256  0.0241
    # Residual Deviance: 103.1 on 118; AIC: 107.1  BIC: 112.7
    table = dyadic_model(flomarriage(), "edges + nodecov('wealth')")
    assert table.index.tolist() == ["edges", "nodecov.wealth"]
    assert table["coef"].round(6).tolist() == [-2.594929, 0.010546]
    assert table["se"].round(6).tolist() == [0.536056, 0.004674]
    assert table["z"].round(3).tolist() == [-4.841, 2.256]
    assert table.at["edges", "p_value"] < 1e-4 and round(table.at["nodecov.wealth", "p_value"], 4) == 0.0241
    assert (round(table.attrs["deviance"], 1), round(table.attrs["aic"], 1), round(table.attrs["bic"], 1)) == (
        103.1,
        107.1,
        112.7,
    )


# ------------------------------------------------------------------ against R's glm
FORMULA = "edges + nodefactor('sector') + nodematch('sector', diff=True) + nodecov('size') + absdiff('size') + edgecov('advice')"


def _networks():
    rng = np.random.default_rng(9)
    n = 30
    sector = rng.choice(["business", "civil", "public"], size=n)
    size = rng.integers(1, 50, size=n).astype(float)
    same = sector[:, None] == sector[None, :]
    advice = (rng.random((n, n)) < 0.2).astype(float)
    probability = 1 / (1 + np.exp(-(-2.2 + 1.1 * same + 0.02 * (size[:, None] + size[None, :]) * 0.5 + 0.8 * advice)))
    directed = (rng.random((n, n)) < probability).astype(float)
    np.fill_diagonal(directed, 0)
    undirected = np.triu(directed, 1) + np.triu(directed, 1).T
    return sector, size, advice, directed, undirected


def _graph(matrix, sector, size, directed):
    G = nx.from_numpy_array(matrix, create_using=nx.DiGraph if directed else nx.Graph)
    nx.set_node_attributes(G, dict(enumerate(sector)), "sector")
    nx.set_node_attributes(G, dict(enumerate(size)), "size")
    return G


@pytest.fixture(scope="module")
def r_glm(rscript, tmp_path_factory) -> pd.DataFrame:
    sector, size, advice, directed, undirected = _networks()
    folder = tmp_path_factory.mktemp("dyadic")
    pd.DataFrame({"sector": sector, "size": size}).to_csv(folder / "nodes.csv", index=False)
    for name, matrix in {"advice": advice, "directed_ties": directed, "undirected_ties": undirected}.items():
        np.savetxt(folder / f"{name}.csv", matrix, delimiter=",", fmt="%g")
    script = Path(__file__).parent / "r" / "dyadic.R"
    run = subprocess.run([rscript, "--vanilla", str(script), str(folder)], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        pytest.fail(f"dyadic.R failed in R:\n{run.stderr[-3000:]}")
    return pd.read_csv(folder / "results.csv")


@pytest.mark.parametrize("kind", ["directed", "undirected"])
def test_every_term_equals_rs_glm_on_a_dyad_table_r_built_itself(r_glm, kind):
    sector, size, advice, directed, undirected = _networks()
    G = _graph(directed if kind == "directed" else undirected, sector, size, kind == "directed")
    ours = dyadic_model(G, FORMULA, covariates={"advice": advice})
    theirs = r_glm[r_glm["model"] == kind].set_index("term")
    assert ours.index.tolist() == theirs.index.tolist()  # statnet's names; nodefactor's base 'business' left out
    np.testing.assert_allclose(ours["coef"], theirs["coef"], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours["se"], theirs["se"], rtol=1e-6, atol=1e-9)
    assert ours.attrs["aic"] == pytest.approx(theirs["aic"].iloc[0], rel=1e-9)


def test_the_fit_equals_statsmodels_glm():
    sm = pytest.importorskip("statsmodels.api")
    sector, size, advice, directed, _ = _networks()
    G = _graph(directed, sector, size, True)
    design = dyad_design(G, FORMULA, covariates={"advice": advice})
    reference = sm.GLM(design["tie"], design.drop(columns="tie"), family=sm.families.Binomial()).fit()
    ours = dyadic_model(G, FORMULA, covariates={"advice": advice})
    np.testing.assert_allclose(ours["coef"], reference.params, rtol=1e-7)
    np.testing.assert_allclose(ours["se"], reference.bse, rtol=1e-6)
    np.testing.assert_allclose(ours["p_value"], reference.pvalues, rtol=1e-6, atol=1e-12)
    assert ours.attrs["aic"] == pytest.approx(reference.aic)


# ------------------------------------------------------------------ terms and refusals
def test_nodefactor_base_zero_keeps_every_level_and_base_two_leaves_out_the_second():
    sector, size, advice, directed, _ = _networks()
    G = _graph(directed, sector, size, True)
    every = dyad_design(G, "edges + nodefactor('sector', base=0)").columns.tolist()
    assert every == [
        "tie",
        "edges",
        "nodefactor.sector.business",
        "nodefactor.sector.civil",
        "nodefactor.sector.public",
    ]
    assert "nodefactor.sector.civil" not in dyad_design(G, "nodefactor('sector', base=2)").columns


def test_nodematch_counts_shared_attributes_on_a_graph_small_enough_to_count_by_hand():
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y"}, "group")
    design = dyad_design(G, "edges + nodematch('group')")
    assert design["nodematch.group"].to_dict() == {("b", "a"): 1.0, ("c", "a"): 0.0, ("c", "b"): 0.0}
    assert design["tie"].to_dict() == {("b", "a"): 1.0, ("c", "a"): 0.0, ("c", "b"): 1.0}


@pytest.mark.parametrize(
    "formula, message",
    [
        ("edges + triangle", "unknown term 'triangle'"),
        ("edges + nodecov()", "nodecov takes an attribute"),
        ("edges + nodecov('missing')", "have no 'missing'"),
        ("edges + nodecov('sector')", "must be a number"),
        ("edges + nodematch('sector', keep=1)", "no option"),
        ("edges + edgecov('advice')", "needs covariates="),
        ("edges + nodecov(__import__('os'))", "must be a quoted name"),
        ("edges +", "cannot read the formula"),
        ("edges + nodefactor('sector', base=0)", "linearly dependent"),
        ("x" * 3000, "1 to 2,000 characters"),
    ],
)
def test_formulas_that_cannot_be_fitted_are_refused_with_what_to_write(formula, message):
    sector, size, _, directed, _ = _networks()
    with pytest.raises(ValueError, match=message):
        dyadic_model(_graph(directed, sector, size, True), formula)


def test_a_term_that_separates_ties_perfectly_is_refused_not_reported_as_a_huge_effect():
    G = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "group")
    with pytest.raises(ValueError, match=r"\[.nodematch.group.\] separate ties from non-ties"):
        dyadic_model(G, "edges + nodematch('group')")


def test_a_category_without_ties_among_its_dyads_is_named_not_given_an_arbitrary_estimate():
    """Quasi-complete separation: R's glm prints about -9 with a standard error near 500 here."""
    sector, size, advice, directed, undirected = _networks()
    G = _graph(undirected, sector, size, False)
    G.add_node("x", sector="other", size=1.0)
    G.add_node("y", sector="other", size=2.0)
    G.add_edge("x", 0)
    with pytest.raises(ValueError, match=r"\['nodematch\.sector\.other'\] separate ties"):
        dyadic_model(G, "edges + nodematch('sector', diff=True)")
    assert dyadic_model(G, "edges + nodematch('sector')").at["nodematch.sector", "coef"] > 0  # pooled: fine
