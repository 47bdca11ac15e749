"""Ties within and between groups: E-I index, group x group tie matrices,
assortativity, cross-group tie shares and the participation coefficient.

Every function takes the *name* of the node attribute that defines the
groups, so the same analysis runs by ``"sector"``, ``"municipality"`` or any
other attribute.  Every actor needs a value; actors without one raise a
``ValueError`` naming them.

The E-I index and the cross-group share look at *ties* in the undirected
sense: actors ``i`` and ``j`` are tied when either names the other, so in a
directed survey network a reciprocated nomination is one tie.  The tie
matrix keeps direction when the graph has it.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from ._checks import graph_checked, weights_checked
from .brokerage import _group_labels

__all__ = [
    "ei_index",
    "ei_index_groups",
    "ei_index_actors",
    "tie_matrix",
    "assortativity",
    "cross_group_share",
    "participation_coefficient",
]

_TOLERANCE = 1e-12


def _sorted_values(values):
    values = list(values)
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=lambda value: (type(value).__name__, str(value)))


def _undirected_ties(G):
    """Each tied pair once (either direction counts)."""
    return list(nx.Graph(G).edges()) if G.is_directed() else list(G.edges())


def _ei(external, internal):
    total = external + internal
    return (external - internal) / total if total else 0.0


def _encode(G, attribute):
    """Integer group codes for actors and tie endpoints."""
    labels = _group_labels(G, attribute)
    groups = _sorted_values(set(labels.values()))
    code = {group: i for i, group in enumerate(groups)}
    nodes = list(G)
    position = {node: i for i, node in enumerate(nodes)}
    node_codes = np.array([code[labels[node]] for node in nodes], dtype=int)
    ties = _undirected_ties(G)
    ends = np.array([(position[u], position[v]) for u, v in ties], dtype=int).reshape(-1, 2)
    return groups, node_codes, ends


def _check_permutations(n_permutations):
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, int) or n_permutations < 0:
        raise ValueError(f"n_permutations must be a non-negative int, got {n_permutations!r}")


def _permuted_codes(node_codes, n_permutations, seed):
    rng = np.random.default_rng(seed)
    return [rng.permutation(node_codes) for _ in range(n_permutations)]


def _p_values(observed, null):
    """Permutation p-values with the +1 correction of Phipson & Smyth (2010)."""
    null = np.asarray(null, dtype=float)
    k = null.size
    if k == 0:
        return 0.0, 1.0, 1.0, 1.0
    expected = float(null.mean())
    greater = (np.sum(null >= observed - _TOLERANCE) + 1) / (k + 1)
    less = (np.sum(null <= observed + _TOLERANCE) + 1) / (k + 1)
    extreme = np.abs(null - expected) >= abs(observed - expected) - _TOLERANCE
    two_sided = (np.sum(extreme) + 1) / (k + 1)
    return expected, float(two_sided), float(greater), float(less)


@graph_checked
def ei_index(G, attribute, n_permutations=1000, seed=0):
    """Krackhardt-Stern E-I index of the whole network, with a permutation test.

    ``(E - I) / (E + I)`` where ``E`` counts ties between actors of
    different groups and ``I`` ties within groups: -1 = all ties internal
    (homophily), +1 = all external.  The test reassigns the group labels at
    random among the actors (group sizes and the network kept), as UCINET
    does.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute defining the groups.
    n_permutations : int
        Number of label permutations (0 skips the test).
    seed : int
        Seed of the permutations.

    Returns
    -------
    dict
        ``ei``, ``external``, ``internal``, ``expected`` (mean E-I over the
        permutations), ``p_value`` (two-sided: permutations at least as far
        from ``expected`` as observed), ``p_greater`` (P(E-I >= observed)),
        ``p_less`` (P(E-I <= observed)) and ``n_permutations``.  p-values
        are ``(hits + 1) / (n_permutations + 1)``, so never 0; without
        permutations they are 1.  A graph without ties has E-I 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2, "d": 2}, "sector")
    >>> result = ei_index(G, "sector")
    >>> result["external"], result["internal"], round(result["ei"], 4)
    (1, 2, -0.3333)

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and
       organizational crises: an experimental simulation. *Social
       Psychology Quarterly*, 51(2), 123-140.
    .. [2] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology*, 9(1), 39.
    """
    _check_permutations(n_permutations)
    _, codes, ends = _encode(G, attribute)
    external = int(np.sum(codes[ends[:, 0]] != codes[ends[:, 1]]))
    internal = len(ends) - external
    observed = _ei(external, internal)
    null = [_ei_from_codes(permuted, ends) for permuted in _permuted_codes(codes, n_permutations, seed)]
    expected, two_sided, greater, less = _p_values(observed, null)
    return {
        "ei": observed,
        "external": external,
        "internal": internal,
        "expected": expected if null else observed,
        "p_value": two_sided,
        "p_greater": greater,
        "p_less": less,
        "n_permutations": n_permutations,
    }


def _ei_from_codes(codes, ends):
    if len(ends) == 0:
        return 0.0
    external = int(np.sum(codes[ends[:, 0]] != codes[ends[:, 1]]))
    return _ei(external, len(ends) - external)


def _group_counts(codes, ends, n_groups):
    """Internal and external tie counts per group."""
    left, right = codes[ends[:, 0]], codes[ends[:, 1]]
    same = left == right
    internal = np.bincount(left[same], minlength=n_groups)
    external = np.bincount(left[~same], minlength=n_groups) + np.bincount(right[~same], minlength=n_groups)
    return internal, external


def _group_ei(internal, external):
    total = internal + external
    return np.where(total > 0, (external - internal) / np.where(total > 0, total, 1), 0.0)


@graph_checked
def ei_index_groups(G, attribute, n_permutations=1000, seed=0):
    """E-I index of each group, with permutation p-values.

    For group ``g``, ``I`` counts ties among its members and ``E`` ties
    from a member to a non-member.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute defining the groups.
    n_permutations : int
        Number of label permutations (0 skips the test).
    seed : int
        Seed of the permutations.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted), with ``size``, ``internal``,
        ``external``, ``ei`` (0 for a group without ties), ``expected``
        and ``p_value`` (two-sided, as in :func:`ei_index`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2, "d": 2}, "sector")
    >>> ei_index_groups(G, "sector", n_permutations=0)["ei"].tolist()
    [0.0, 0.0]

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and
       organizational crises. *Social Psychology Quarterly*, 51(2),
       123-140.
    """
    _check_permutations(n_permutations)
    groups, codes, ends = _encode(G, attribute)
    k = len(groups)
    internal, external = _group_counts(codes, ends, k)
    observed = _group_ei(internal, external)
    null = np.array(
        [_group_ei(*_group_counts(permuted, ends, k)) for permuted in _permuted_codes(codes, n_permutations, seed)]
    ).reshape(n_permutations if k else 0, k)
    expected, p_value = [], []
    for g in range(k):
        mean, two_sided, _, _ = _p_values(observed[g], null[:, g])
        expected.append(mean if n_permutations else float(observed[g]))
        p_value.append(two_sided)
    frame = pd.DataFrame(
        {
            "size": np.bincount(codes, minlength=k),
            "internal": internal,
            "external": external,
            "ei": observed.astype(float),
            "expected": expected,
            "p_value": p_value,
        },
        index=pd.Index(groups, name=attribute),
    )
    return frame.astype({"size": "int64", "internal": "int64", "external": "int64"})


@graph_checked
def ei_index_actors(G, attribute):
    """E-I index of each actor's own ties.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute defining the groups.

    Returns
    -------
    dict
        node -> E-I in [-1, 1]; isolates get 0 (no ties either way).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2, "d": 2}, "sector")
    >>> ei_index_actors(G, "sector")
    {'a': -1.0, 'b': 0.0, 'c': 0.0, 'd': -1.0}

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and
       organizational crises. *Social Psychology Quarterly*, 51(2),
       123-140.
    """
    external, internal = _actor_tie_split(G, attribute)
    return {node: float(_ei(external[node], internal[node])) for node in G}


def _actor_tie_split(G, attribute):
    labels = _group_labels(G, attribute)
    H = nx.Graph(G) if G.is_directed() else G
    external, internal = {}, {}
    for node in G:
        alters = H[node]
        outside = sum(1 for alter in alters if labels[alter] != labels[node])
        external[node] = outside
        internal[node] = len(alters) - outside
    return external, internal


@graph_checked
def cross_group_share(G, attribute):
    """Share of each actor's ties that reach another group.

    With the sector attribute this is the share of cross-sector ties.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute defining the groups.

    Returns
    -------
    dict
        node -> share in [0, 1]; isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": 1, "b": 1, "c": 2, "d": 2}, "sector")
    >>> cross_group_share(G, "sector")
    {'a': 0.0, 'b': 0.5, 'c': 0.5, 'd': 0.0}

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and
       organizational crises. *Social Psychology Quarterly*, 51(2),
       123-140 (the E-I index is ``2 * share - 1``).
    """
    external, internal = _actor_tie_split(G, attribute)
    return {
        node: (external[node] / (external[node] + internal[node]) if external[node] + internal[node] else 0.0)
        for node in G
    }


@graph_checked
def tie_matrix(G, attribute, density=False):
    """Group x group matrix of tie counts or densities.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute defining the groups.
    density : bool
        ``False``: number of ties.  ``True``: ties over possible ties --
        ``n_g n_h`` between two groups, ``n_g (n_g - 1)`` within a group
        (halved within groups for undirected graphs); 0 where no tie is
        possible.

    Returns
    -------
    pandas.DataFrame
        Rows and columns are the groups (sorted).  Directed graphs: row =
        sender's group, column = receiver's group.  Undirected graphs: the
        matrix is symmetric and each tie is counted once in its cell (a
        between-group tie appears in both ``[g, h]`` and ``[h, g]``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "sector")
    >>> tie_matrix(G, "sector").values.tolist()
    [[1, 1], [1, 1]]
    >>> tie_matrix(G, "sector", density=True).values.tolist()
    [[1.0, 0.25], [0.25, 1.0]]

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       ch. 10 (density tables of blocks).
    """
    labels = _group_labels(G, attribute)
    groups = _sorted_values(set(labels.values()))
    code = {group: i for i, group in enumerate(groups)}
    k = len(groups)
    counts = np.zeros((k, k), dtype=np.int64)
    for u, v in G.edges():
        i, j = code[labels[u]], code[labels[v]]
        counts[i, j] += 1
        if not G.is_directed() and i != j:
            counts[j, i] += 1
    index = pd.Index(groups, name=attribute)
    if not density:
        return pd.DataFrame(counts, index=index, columns=index.copy())
    sizes = np.bincount([code[labels[node]] for node in G], minlength=k).astype(float)
    possible = np.outer(sizes, sizes)
    within = sizes * (sizes - 1)
    np.fill_diagonal(possible, within if G.is_directed() else within / 2)
    values = np.divide(counts, possible, out=np.zeros((k, k)), where=possible > 0)
    return pd.DataFrame(values, index=index, columns=index.copy())


@graph_checked
def assortativity(G, attribute):
    """Newman's attribute assortativity coefficient (networkx).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Categorical node attribute (e.g. ``"sector"``, ``"municipality"``).

    Returns
    -------
    float
        In [-1, 1]: 1 = ties only within groups, 0 = as by chance, negative
        = ties preferentially across groups.  Where the coefficient is
        undefined (no ties, or every tie inside one single group) 0 is
        returned.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (2, 3)])
    >>> nx.set_node_attributes(G, {0: "a", 1: "a", 2: "b", 3: "b"}, "sector")
    >>> assortativity(G, "sector")
    1.0

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. *Physical
       Review E*, 67(2), 026126.
    """
    _group_labels(G, attribute)
    if G.number_of_edges() == 0:
        return 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = nx.attribute_assortativity_coefficient(G, attribute)
    return float(value) if math.isfinite(value) else 0.0


@graph_checked
@weights_checked
def participation_coefficient(G, partition, weight=None):
    """Guimera-Amaral participation coefficient of each actor.

    ``P_i = 1 - sum_s (k_is / k_i)^2`` where ``k_is`` counts ``i``'s ties to
    community ``s`` (its own included) and ``k_i`` all of them: 0 when all
    ties stay in one community, approaching 1 when they spread evenly over
    many.  Ties are undirected (either direction counts once; with
    ``weight``, a reciprocated pair's strength is the sum of both arcs, as
    in Burt's mutual strength).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    partition : dict
        node -> community label (e.g. from
        :func:`skane_ecosystem.metrics.community.communities`), or a node
        attribute name holding it.
    weight : str or None
        Tie-strength attribute (``k`` becomes strength).

    Returns
    -------
    dict
        node -> P in [0, 1); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(2)
    >>> participation_coefficient(G, {0: "a", 1: "a", 2: "b"})
    {0: 0.5, 1: 0.0, 2: 0.0}

    References
    ----------
    .. [1] Guimera, R. & Amaral, L. A. N. (2005). Functional cartography of
       complex metabolic networks. *Nature*, 433(7028), 895-900.
    """
    if isinstance(partition, str):
        partition = _group_labels(G, partition)
    elif not isinstance(partition, dict):
        raise ValueError("partition must be a dict node -> community or an attribute name")
    missing = [node for node in G if node not in partition]
    if missing:
        raise ValueError(f"partition has no community for {len(missing)} actor(s): {missing[:5]!r}")
    result = {}
    for node in G:
        by_community = {}
        for alter in set(nx.all_neighbors(G, node)):
            value = _pair_strength(G, node, alter, weight)
            by_community[partition[alter]] = by_community.get(partition[alter], 0) + value
        # fsum: exact, so the result does not depend on the set's (run-dependent) order
        total = math.fsum(by_community.values())
        result[node] = 1.0 - math.fsum((value / total) ** 2 for value in by_community.values()) if total else 0.0
    return result


def _pair_strength(G, u, v, weight):
    if weight is None:
        return 1
    total = G[u][v].get(weight, 1) if G.has_edge(u, v) else 0
    if G.is_directed() and G.has_edge(v, u):
        total += G[v][u].get(weight, 1)
    return total
