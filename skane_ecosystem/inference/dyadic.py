"""The dyadic model: a dyad-independent ERGM, fitted exactly by logistic regression.

When every term of an exponential random graph model depends on one dyad only
(who the two actors are, never on other ties), the ties are independent given the
terms, and the model's likelihood is that of a logistic regression of "is there a
tie" on the terms' change statistics, one row per dyad.  Its maximum-likelihood
estimate is therefore exact, not simulated: this is what statnet's ``ergm`` reports
for such models ("Maximum Likelihood Results", MCMC % 0).

The terms and their names are statnet's, so a model reads and prints as it would
in R: ``edges``, ``nodecov(attr)``, ``nodefactor(attr)``, ``nodematch(attr)`` (with
``diff=True`` one term per level), ``absdiff(attr)`` and ``edgecov(name)``.

The assumption matters: ties are treated as independent given the terms.  Real
networks have reciprocity, transitivity and popular actors, so these standard
errors are optimistic; read the p-values with the QAP ones of
:func:`~skane_ecosystem.inference.qap_regression`, which do not assume it.

References
----------
.. [1] Hunter, D. R., Handcock, M. S., Butts, C. T., Goodreau, S. M. & Morris, M.
   (2008). ergm: A package to fit, simulate and diagnose exponential-family models
   for networks. *Journal of Statistical Software*, 24(3).
.. [2] Morris, M., Handcock, M. S. & Hunter, D. R. (2008). Specification of
   exponential-family random graph models: terms and computational aspects.
   *Journal of Statistical Software*, 24(4).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from .dyads import MAX_ACTORS, as_matrix, dyad_mask
from .fitting import LOGIT_MAX_ITERATIONS, check_full_rank, check_not_separated, logit, null_deviance

__all__ = ["dyadic_model", "dyad_design", "parse_formula", "Term", "TERMS"]

#: The terms understood, as statnet names them.
TERMS = ("edges", "nodecov", "nodefactor", "nodematch", "absdiff", "edgecov")

#: Longest formula accepted (characters): far more than any model needs.
MAX_FORMULA_LENGTH = 2_000


@dataclass(frozen=True)
class Term:
    """One term of a formula: its statnet name, its argument and options."""

    name: str
    argument: str | None = None
    options: dict = field(default_factory=dict)


def parse_formula(formula) -> list[Term]:
    """The terms of a statnet formula, e.g. ``"edges + nodematch('sector', diff=True)"``.

    Parameters
    ----------
    formula : str or list of str
        Terms joined by ``+`` (a leading ``~`` is allowed, as in R), or a list of
        single terms.

    Returns
    -------
    list of Term

    Examples
    --------
    >>> [t.name for t in parse_formula("~ edges + nodecov('wealth')")]
    ['edges', 'nodecov']
    >>> parse_formula("nodematch('sector', diff=True)")[0].options
    {'diff': True}
    """
    if not isinstance(formula, str):
        return [term for part in formula for term in parse_formula(str(part))]
    text = formula.strip().removeprefix("~").strip()
    if not text or len(text) > MAX_FORMULA_LENGTH:
        raise ValueError(
            f"formula must name 1 to {MAX_FORMULA_LENGTH:,} characters of terms, e.g. \"edges + nodematch('sector')\""
        )
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise ValueError(
            f"cannot read the formula {formula!r}; write terms joined by +, e.g. \"edges + nodecov('wealth')\""
        ) from None
    return [_term(node, formula) for node in _summands(tree)]


def _summands(node):
    # Read the + chain left to right without recursion (a long formula is a deep tree).
    stack, found = [node], []
    while stack:
        current = stack.pop()
        if isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
            stack += [current.right, current.left]
        else:
            found.append(current)
    return found


def _term(node, formula) -> Term:
    if isinstance(node, ast.Name):
        name, args, keywords = node.id, [], {}
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        args = [_literal(arg, formula) for arg in node.args]
        keywords = {k.arg: _literal(k.value, formula) for k in node.keywords}
    else:
        raise ValueError(f"{ast.unparse(node)!r} in {formula!r} is not a term; the terms are {list(TERMS)}")
    if name not in TERMS:
        raise ValueError(f"unknown term {name!r} in {formula!r}; the terms are {list(TERMS)} (dyad-independent only)")
    needs_argument = name != "edges"
    if len(args) != int(needs_argument):
        what = "an attribute or relation name" if needs_argument else "no argument"
        raise ValueError(f"{name} takes {what}, as in {_EXAMPLES[name]}")
    allowed = _OPTIONS.get(name, set())
    unknown = sorted(set(keywords) - allowed)
    if unknown:
        raise ValueError(f"{name} has no option(s) {unknown}; it takes {sorted(allowed) or 'none'}")
    return Term(name, str(args[0]) if args else None, keywords)


_EXAMPLES = {
    "edges": "edges",
    "nodecov": "nodecov('wealth')",
    "nodefactor": "nodefactor('sector', base=1)",
    "nodematch": "nodematch('sector', diff=True)",
    "absdiff": "absdiff('wealth')",
    "edgecov": "edgecov('funding')",
}
_OPTIONS = {"nodefactor": {"base"}, "nodematch": {"diff"}}


def _literal(node, formula):
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ValueError(
            f"{ast.unparse(node)!r} in {formula!r} must be a quoted name or a number, e.g. nodecov('wealth')"
        ) from None


def dyad_design(G: nx.Graph, formula, covariates: Mapping | None = None) -> pd.DataFrame:
    """One row per dyad of ``G``: whether it is a tie, and each term's change statistic.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The network; node attributes feed ``nodecov``, ``nodefactor``,
        ``nodematch`` and ``absdiff``.  Directed graphs have one row per ordered
        pair, undirected ones one per unordered pair; self-ties are left out.
    formula : str or list of str
        statnet terms, see :func:`dyadic_model`.
    covariates : mapping of str to networkx.Graph or array_like, optional
        The networks ``edgecov(name)`` refers to (tie values from ``weight``).

    Returns
    -------
    pandas.DataFrame
        Indexed by (``source``, ``target``); column ``tie`` (0/1) and one float
        column per statistic, named as statnet names it (``nodecov.wealth``,
        ``nodematch.sector.public``, ...).

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> G.add_node("c")
    >>> nx.set_node_attributes(G, {"a": 1.0, "b": 2.0, "c": 4.0}, "size")
    >>> dyad_design(G, "edges + absdiff('size')")["absdiff.size"].tolist()
    [1.0, 3.0, 2.0]
    """
    nodes = list(G.nodes)
    n = len(nodes)
    if n < 2 or n > MAX_ACTORS:
        raise ValueError(
            f"the network has {n} actors; the dyadic model takes 2 to {MAX_ACTORS:,} (a subgraph, or a sample)"
        )
    directed = G.is_directed()
    mask = dyad_mask(n, directed)
    rows, columns = np.nonzero(mask)
    ties = nx.to_numpy_array(G, nodelist=nodes, weight=None)[rows, columns]
    statistics: dict[str, np.ndarray] = {}
    for term in parse_formula(formula):
        for name, values in _statistics(term, G, nodes, rows, columns, covariates or {}):
            if name in statistics:
                raise ValueError(f"the formula names {name!r} twice; keep one")
            statistics[name] = values
    index = pd.MultiIndex.from_arrays(
        [[nodes[i] for i in rows], [nodes[j] for j in columns]], names=["source", "target"]
    )
    return pd.DataFrame({"tie": ties, **statistics}, index=index)


def _statistics(term: Term, G, nodes, rows, columns, covariates):
    """(statnet name, values on the dyads) of every statistic ``term`` adds."""
    if term.name == "edges":
        return [("edges", np.ones(len(rows)))]
    if term.name == "edgecov":
        return [(f"edgecov.{term.argument}", _edge_covariate(term.argument, covariates, nodes)[rows, columns])]
    values = _node_attribute(G, nodes, term.argument, numeric=term.name in ("nodecov", "absdiff"))
    head, tail = values[rows], values[columns]
    label = f"{term.name}.{term.argument}"
    if term.name == "nodecov":
        return [(label, head + tail)]
    if term.name == "absdiff":
        return [(label, np.abs(head - tail))]
    levels = sorted(set(values.tolist()))
    if term.name == "nodefactor":
        return [(f"{label}.{level}", (head == level) + (tail == level) * 1.0) for level in _kept(levels, term)]
    if term.options.get("diff", False):
        return [(f"{label}.{level}", ((head == level) & (tail == level)) * 1.0) for level in levels]
    return [(label, (head == tail) * 1.0)]


def _kept(levels: list, term: Term) -> list:
    """nodefactor's levels after leaving out ``base`` (1-based in sorted order, as statnet; 0 keeps all)."""
    base = term.options.get("base", 1)
    left_out = {base} if isinstance(base, int) else set(base)
    if any(not 0 <= position <= len(levels) for position in left_out):
        raise ValueError(
            f"{term.name}('{term.argument}') base must be 0 to {len(levels)} (a level's place in {levels})"
        )
    return [level for position, level in enumerate(levels, start=1) if position not in left_out]


def _node_attribute(G, nodes, attribute: str, numeric: bool) -> np.ndarray:
    found = nx.get_node_attributes(G, attribute)
    missing = [node for node in nodes if node not in found or found[node] is None or found[node] != found[node]]
    if missing:
        raise ValueError(
            f"{len(missing)} actor(s) have no {attribute!r}: {sorted(map(str, missing))[:5]}; "
            "fill it in, or leave those actors out of the graph"
        )
    values = [found[node] for node in nodes]
    if not numeric:
        return np.array([str(value) for value in values], dtype=object)
    try:
        return np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{attribute!r} must be a number for nodecov and absdiff; use nodefactor or nodematch for categories"
        ) from None


def _edge_covariate(name: str, covariates: Mapping, nodes) -> np.ndarray:
    if name not in covariates:
        raise ValueError(
            f"edgecov('{name}') needs covariates={{'{name}': <graph or n×n array>}}; given {sorted(covariates)}"
        )
    return as_matrix(covariates[name], nodes, name=f"edgecov('{name}')")


def dyadic_model(G: nx.Graph, formula, covariates: Mapping | None = None) -> pd.DataFrame:
    """Fit a dyad-independent ERGM with statnet's terms; its exact maximum-likelihood estimates.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The network (directed or not; ties read as present/absent).
    formula : str or list of str
        statnet terms joined by ``+``:

        ``edges``
            the number of ties (the model's intercept; include it).
        ``nodecov('attr')``
            the sum of the two actors' numeric ``attr``: do actors with more of it
            have more ties?
        ``nodefactor('attr', base=1)``
            per category, how many of the two actors are in it (0, 1 or 2); the
            ``base``-th category in sorted order is left out as the reference
            (``base=0`` keeps all).
        ``nodematch('attr', diff=False)``
            1 if both actors share ``attr`` (homophily); ``diff=True`` gives one
            term per category.
        ``absdiff('attr')``
            the absolute difference of the two actors' numeric ``attr``.
        ``edgecov('name')``
            the value of dyad (i, j) in another network, ``covariates['name']``.
    covariates : mapping of str to networkx.Graph or array_like, optional
        The networks ``edgecov`` names.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term`` (statnet's names) with ``coef``, ``se``, ``z`` and
        ``p_value`` (two-sided, normal), as ``summary(ergm(...))`` prints them.
        ``.attrs``: ``aic``, ``bic``, ``deviance``, ``null_deviance`` (every
        coefficient 0, as ergm prints it), ``n_dyads``, ``directed``, ``formula``.

    Raises
    ------
    ValueError
        For an unknown term, a missing attribute, collinear terms, or terms that
        separate ties from non-ties (a category without ties: its estimate would be
        infinite, see :func:`~skane_ecosystem.inference.fitting.separating_terms`).

    Examples
    --------
    >>> G = nx.florentine_families_graph()
    >>> G.add_node("Pucci")  # isolated in Padgett's marriage network; networkx leaves it out
    >>> round(float(dyadic_model(G, "edges").at["edges", "coef"]), 4)
    -1.6094

    References
    ----------
    .. [1] Goodreau, S. M. et al. ERGM tutorial (statnet), "flomarriage ~ edges" and
       "~ edges + nodecov('wealth')", https://statnet.org/Workshops/ergm_tutorial.html
    """
    design = dyad_design(G, formula, covariates)
    terms = [column for column in design.columns if column != "tie"]
    x = design[terms].to_numpy()
    y = design["tie"].to_numpy()
    check_full_rank(x, terms)
    check_not_separated(x, y, terms)
    fit = logit(x, y)
    if not fit.converged:
        raise ValueError(f"the model did not converge in {LOGIT_MAX_ITERATIONS} iterations; simplify the formula")
    z = fit.coef / fit.se
    table = pd.DataFrame(
        {"coef": fit.coef, "se": fit.se, "z": z, "p_value": 2 * stats.norm.sf(np.abs(z))},
        index=pd.Index(terms, name="term"),
    )
    n_dyads, k = x.shape
    table.attrs = {
        "deviance": fit.residual_sum,
        "null_deviance": null_deviance(y),
        "aic": fit.residual_sum + 2 * k,
        "bic": float(fit.residual_sum + k * np.log(n_dyads)),
        "n_dyads": n_dyads,
        "directed": G.is_directed(),
        "formula": formula if isinstance(formula, str) else " + ".join(map(str, formula)),
    }
    return table
