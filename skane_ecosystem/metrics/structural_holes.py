"""Burt's structural-hole measures: constraint, effective size, efficiency and
hierarchy.

Constraint and effective size are networkx's implementations (which reproduce
UCINET and igraph; effective size goes through networkx's per-node code path,
see :func:`effective_size`); efficiency and hierarchy are built on the same
definitions.  All four work on directed and weighted graphs as Burt (1992)
defines them: the *proportional tie* ``p_ij`` of ``i`` to ``j`` is the
*mutual* strength ``a_ij + a_ji`` divided by the sum of ``i``'s mutual
strengths to all its contacts, where a contact is anyone ``i`` sends a tie
to or receives one from.  For undirected graphs ``a_ij = a_ji``, so ``p_ij``
is simply ``i``'s share of its tie strength spent on ``j``.

Isolates
--------
An isolate has no contacts, so every sum in Burt's definitions is empty and
networkx reports NaN.  Here an isolate gets:

* constraint 0 -- Burt's constraint ``C_i = sum_j c_ij`` is a sum over
  contacts, and the empty sum is 0.  This is *not* a sign of brokerage:
  an isolate has no holes to span either, so read constraint together with
  degree (the ``isolate_value`` argument lets a caller choose, e.g., 1.0 to
  rank isolates with the most constrained actors);
* effective size 0 -- there are no non-redundant contacts;
* efficiency 0 -- effective size over zero contacts, set to 0 like the rest;
* hierarchy 0 -- there is no constraint to be concentrated.
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
from scipy.sparse import csr_array

from ._checks import engine_checked, graph_checked, weights_checked
from .engine import GraphView, finite, masked_product, resolve_engine

__all__ = ["constraint", "effective_size", "efficiency", "hierarchy", "local_constraint"]


def _contacts(G, node):
    """Alters that ``node`` sends ties to or receives ties from."""
    return set(nx.all_neighbors(G, node)) - {node}


@engine_checked
@graph_checked
@weights_checked
def constraint(G, weight=None, isolate_value=0.0, engine="auto"):
    """Burt's aggregate constraint on each actor.

    ``C_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over ``i``'s contacts ``j``
    (``q`` ranging over ``i``'s other contacts).  High constraint means the
    actor's ties run to contacts who are tied to each other: few structural
    holes.  A single contact gives 1; contacts that are all disconnected
    from each other give ``1/N``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute (``None``: every tie counts 1).
    isolate_value : float
        Value for actors without contacts (default 0, the empty sum; see the
        module notes).
    engine : {"auto", "networkx", "igraph"}
        networkx's or igraph's implementation (equal to 1e-9); ``"auto"``
        uses igraph above
        :data:`~skane_ecosystem.metrics.engine.AUTO_IGRAPH_ABOVE` actors.

    Returns
    -------
    dict
        node -> constraint (float), no NaN.

    Examples
    --------
    >>> import networkx as nx
    >>> constraint(nx.path_graph(4))
    {0: 1.0, 1: 0.5, 2: 0.5, 3: 1.0}
    >>> round(constraint(nx.complete_graph(4))[0], 6)
    0.925926

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of
       Competition*. Harvard University Press, ch. 2.
    .. [2] Burt, R. S. (2004). Structural holes and good ideas. *American
       Journal of Sociology*, 110(2), 349-399.
    """
    if G.number_of_nodes() == 0:
        return {}
    view = GraphView(G)
    values = _constraint(view, weight, resolve_engine(view.n, engine), float(isolate_value))
    return view.values(values)


def _constraint(view, weight, engine, isolate_value=0.0):
    if engine == "igraph":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            raw = np.asarray(view.igraph.constraint(weights=view.igraph_weights(weight)), dtype=float)
    else:
        raw = view.array(_constraint_networkx(view.G, weight))
    has_contacts = _contact_counts(view) > 0
    return np.where(has_contacts & np.isfinite(raw), raw, isolate_value)


def _constraint_networkx(G, weight):
    return nx.constraint(G, weight=weight)


@graph_checked
@weights_checked
def effective_size(G, weight=None):
    """Burt's effective size: the number of non-redundant contacts.

    ``e_i = sum_j (1 - sum_q p_iq m_jq)`` where ``m_jq`` is ``j``'s tie to
    ``q`` divided by ``j``'s strongest tie.  For undirected unweighted graphs
    this equals Borgatti's ``n - 2t/n`` (``t`` ties among the ``n``
    contacts).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute.

    Returns
    -------
    dict
        node -> effective size (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.star_graph(3))
    {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    >>> {k: round(v, 3) for k, v in effective_size(nx.complete_graph(3)).items()}
    {0: 1.0, 1: 1.0, 2: 1.0}

    Cost: sparse matrix products, O(sum of squared degrees); networkx's
    per-actor version builds one ego network per actor.  For directed
    graphs every contact counts (ties sent or received); networkx's
    per-actor version leaves actors who only receive ties undefined.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's
       redundancy measures. *Connections*, 20(1), 35-38.
    """
    if G.number_of_nodes() == 0:
        return {}
    view = GraphView(G)
    return view.values(_effective_size(BurtMatrices(view, weight)))


def efficiency(G, weight=None, sizes=None):
    """Burt's efficiency: effective size divided by the number of contacts.

    Contacts are distinct alters (in- or out-ties), so a reciprocated pair
    in a directed graph counts once -- unlike networkx's suggestion of
    dividing by ``G.degree``, which would count it twice.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute (used for the effective size).
    sizes : dict, optional
        Effective sizes already computed with :func:`effective_size`, to save
        computing them twice.

    Returns
    -------
    dict
        node -> efficiency in [0, 1] (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> efficiency(nx.star_graph(2))
    {0: 1.0, 1: 1.0, 2: 1.0}
    >>> {k: round(v, 3) for k, v in efficiency(nx.complete_graph(3)).items()}
    {0: 0.5, 1: 0.5, 2: 0.5}

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    """
    if sizes is None:
        sizes = effective_size(G, weight=weight)
    result = {}
    for node, size in sizes.items():
        n_contacts = len(_contacts(G, node))
        result[node] = size / n_contacts if n_contacts else 0.0
    return result


@graph_checked
@weights_checked
def local_constraint(G, weight=None):
    """Dyadic constraint ``c_ij`` of every actor ``i`` from each contact ``j``.

    ``c_ij = (p_ij + sum_q p_iq p_qj)^2`` with Burt's proportional ties
    ``p`` (see the module notes).  Summing over ``j`` gives
    :func:`constraint`.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute.

    Returns
    -------
    dict
        node -> {contact -> c_ij}; isolates map to ``{}``.

    Examples
    --------
    >>> import networkx as nx
    >>> local_constraint(nx.path_graph(3))[1]
    {0: 0.25, 2: 0.25}

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*. Harvard University Press,
       eq. 2.4.
    """
    p = _proportional_ties(G, weight)
    result = {}
    for i in G:
        row = {}
        for j in p[i]:
            indirect = sum(p[i][q] * p[q].get(j, 0.0) for q in p[i] if q != j)
            row[j] = (p[i][j] + indirect) ** 2
        result[i] = row
    return result


def _mutual_strength(G, u, v, weight):
    total = 0.0
    if G.has_edge(u, v):
        total += G[u][v].get(weight, 1) if weight is not None else 1
    if G.is_directed() and G.has_edge(v, u):
        total += G[v][u].get(weight, 1) if weight is not None else 1
    return float(total)


def _proportional_ties(G, weight):
    """``p[i][j]``: share of ``i``'s mutual tie strength invested in ``j``."""
    p = {}
    for i in G:
        strengths = {j: _mutual_strength(G, i, j, weight) for j in _contacts(G, i)}
        total = sum(strengths.values())
        p[i] = {j: s / total for j, s in strengths.items()} if total else {}
    return p


@graph_checked
@weights_checked
def hierarchy(G, weight=None):
    """Burt's hierarchy: how much of an actor's constraint one contact holds.

    ``H_i = sum_j (r_j ln r_j) / (N ln N)`` with ``r_j = c_ij / (C_i / N)``,
    ``N`` the number of contacts, ``c_ij`` the dyadic constraint and ``C_i``
    their sum.  0 means constraint is spread evenly over the contacts; it
    approaches 1 when one contact accounts for all of it.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute.

    Returns
    -------
    dict
        node -> hierarchy (float).  Actors with fewer than two contacts get
        0 (with one contact the formula is 0/0, and there is nothing to be
        unequal).

    Examples
    --------
    >>> import networkx as nx
    >>> hierarchy(nx.star_graph(3))[0]
    0.0
    >>> G = nx.Graph([(0, 1), (0, 2), (0, 3), (1, 2)])
    >>> round(hierarchy(G)[0], 4)
    0.0522

    Cost: sparse matrix products, O(sum of squared degrees).

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*. Harvard University Press,
       pp. 70-71.
    """
    view = GraphView(G)
    return view.values(_hierarchy(BurtMatrices(view, weight)))


# ---------------------------------------------------------------------------
# Sparse-matrix forms of Burt's measures (all actors at once)
# ---------------------------------------------------------------------------


def _contact_counts(view):
    """Distinct contacts (ties sent or received) of each actor."""
    mutual = view.adjacency + view.adjacency.T if view.directed else view.adjacency
    return np.diff(csr_array(mutual).indptr)


class BurtMatrices:
    """Burt's proportional ties as sparse matrices.

    ``S[i, j] = a_ij + a_ji`` (mutual strength; undirected: ``a_ij``),
    ``P = S / row sums`` (``p_ij``), ``M = S / row maxima`` (``m_ij``, the
    tie relative to the actor's strongest) and ``C`` the 0/1 contact
    pattern.  All share the pattern of ``S``, with sorted column indices.
    """

    def __init__(self, view, weight):
        A = view.adjacency if weight is None else view.weighted_adjacency(weight)
        S = csr_array(A + A.T) if view.directed else csr_array(A)
        S.sum_duplicates()
        S.sort_indices()
        self.view = view
        self.S = S
        rows = np.repeat(np.arange(view.n), np.diff(S.indptr))
        self.rows = rows
        self.contacts = np.diff(S.indptr)
        totals = np.bincount(rows, weights=S.data, minlength=view.n)
        maxima = np.zeros(view.n)
        np.maximum.at(maxima, rows, S.data)
        self.P = self._with_data(S.data / totals[rows])
        self.M = self._with_data(S.data / maxima[rows])
        self.C = self._with_data(np.ones(S.nnz))

    def _with_data(self, data):
        return csr_array((data, self.S.indices, self.S.indptr), shape=self.S.shape)

    def on_pattern(self, X, Y):
        """``(X @ Y)[i, j]`` for every stored ``(i, j)`` of ``S``, in its order."""
        return masked_product(X, Y, self.S)


def _dyadic_constraint(burt):
    """``c_ij = (p_ij + sum_q p_iq p_qj)^2`` on the pattern of ``S``."""
    indirect = burt.on_pattern(burt.P, burt.P)
    return (burt.P.data + indirect) ** 2


def _effective_size(burt):
    """``e_i = N_i - sum_q p_iq sum_{j in contacts(i)} m_jq`` (Burt 1992).

    ``m_qq = 0`` (no self-ties), so the sum over ``j != q`` is the full sum.
    """
    redundancy = burt.P.data * burt.on_pattern(burt.C, burt.M)
    total = np.bincount(burt.rows, weights=redundancy, minlength=burt.view.n)
    return np.where(burt.contacts > 0, burt.contacts - total, 0.0)


def _hierarchy(burt, dyadic=None):
    """Coleman-Theil concentration of each actor's dyadic constraints."""
    c = _dyadic_constraint(burt) if dyadic is None else dyadic
    n = burt.view.n
    rows, count = burt.rows, burt.contacts.astype(float)
    total = np.bincount(rows, weights=c, minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = c / (total[rows] / count[rows])
        terms = np.where(ratio > 0, ratio * np.log(ratio), 0.0)
        value = np.bincount(rows, weights=terms, minlength=n) / (count * np.log(count))
    return np.where((count >= 2) & (total > 0), finite(value), 0.0)
