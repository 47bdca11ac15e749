"""Actor centrality: degree, strength, betweenness, closeness, eigenvector,
PageRank and k-core number.

Every function takes a :class:`networkx.Graph` or :class:`networkx.DiGraph`
and returns a ``dict`` mapping node -> value.  The textbook measures are
delegated to networkx; the wrappers only validate input, convert tie strength
to distance where a measure needs distances, and replace the undefined values
networkx produces on isolates and empty graphs with documented numbers.

Tie strength and distance
-------------------------
The edge attribute ``weight`` is a *tie strength* (larger = stronger).
Path-based measures (betweenness, closeness, harmonic closeness) need a
*length*, so a weighted call uses ``distance = 1 / weight``: a strong tie is a
short path.  Edges without the attribute count as strength 1 (the networkx
convention).

This module also holds the small input checks shared by the other modules of
:mod:`skane_ecosystem.metrics`; every module depends on it already, so keeping
them here avoids an import cycle.
"""

from __future__ import annotations

import math
from numbers import Real

import networkx as nx

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "eigenvector",
    "pagerank",
    "core_number",
]

ENGINES = ("networkx", "igraph", "auto")
_DISTANCE_ATTR = "__skane_distance__"
_MODES = ("total", "in", "out")


# ---------------------------------------------------------------------------
# Shared input checks (used by every module of the package)
# ---------------------------------------------------------------------------


def _check_graph(G):
    """Raise ``ValueError`` unless ``G`` is a simple networkx (Di)Graph."""
    if not isinstance(G, nx.Graph):
        raise ValueError(
            f"expected a networkx Graph or DiGraph, got {type(G).__name__}"
        )
    if G.is_multigraph():
        raise ValueError(
            "multigraphs are not supported: collapse parallel ties first "
            "(e.g. nx.Graph(G) or nx.DiGraph(G), summing weights if needed)"
        )
    n_loops = nx.number_of_selfloops(G)
    if n_loops:
        example = next(iter(nx.selfloop_edges(G)))
        raise ValueError(
            f"graph has {n_loops} self-loop(s), e.g. on node {example[0]!r}; "
            "remove them with G.remove_edges_from(list(nx.selfloop_edges(G)))"
        )


def _check_weights(G, weight):
    """Raise ``ValueError`` unless every present ``weight`` is finite and > 0."""
    if weight is None:
        return
    if not isinstance(weight, str):
        raise ValueError(f"weight must be None or an edge attribute name, got {weight!r}")
    for u, v, value in G.edges(data=weight, default=1):
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ValueError(
                f"edge ({u!r}, {v!r}) has non-numeric {weight!r}={value!r}; "
                "tie strengths must be numbers > 0"
            )
        if not math.isfinite(value) or value <= 0:
            raise ValueError(
                f"edge ({u!r}, {v!r}) has {weight!r}={value!r}; "
                "tie strengths must be finite and > 0"
            )


def _check_mode(mode):
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, got {mode!r}")


def _check_engine(engine):
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")


def _sorted_nodes(G):
    """Nodes in a stable order; mixed, unorderable ids fall back to ``str``."""
    try:
        return sorted(G)
    except TypeError:
        return sorted(G, key=lambda node: (type(node).__name__, str(node)))


def _distance_graph(G, weight):
    """Copy of ``G`` whose edges carry ``1 / weight`` as a path length.

    networkx reads the ``weight`` of path algorithms as a length, while our
    ``weight`` is a strength, so the conversion has to happen on a copy.
    """
    H = G.copy()
    for _, _, data in H.edges(data=True):
        data[_DISTANCE_ATTR] = 1.0 / data.get(weight, 1)
    return H


def _igraph_graph(G, weight=None):
    """``(igraph.Graph, nodes)`` with vertex ``i`` standing for ``nodes[i]``.

    With ``weight`` given, the igraph edge attribute ``"weight"`` holds the
    tie strength (missing = 1), matching the networkx default.
    """
    import igraph as ig

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    graph = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
    if weight is not None:
        graph.es["weight"] = [float(d.get(weight, 1)) for _, _, d in G.edges(data=True)]
    return graph, nodes


def _igraph_available():
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _zeros(G):
    return {node: 0.0 for node in G}


# ---------------------------------------------------------------------------
# Degree and strength
# ---------------------------------------------------------------------------


def degree(G, mode="total", normalized=False):
    """Number of ties of each actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    mode : {"total", "in", "out"}
        Which ties to count in a directed graph (``"total"`` = in + out, so a
        reciprocated pair counts twice).  Ignored for undirected graphs,
        where all three are the ordinary degree.
    normalized : bool
        Divide by ``n - 1`` (networkx's ``degree_centrality``).  For a
        directed graph with ``mode="total"`` the result can reach 2.  Graphs
        with fewer than two actors give 0.

    Returns
    -------
    dict
        node -> degree (int), or normalised degree (float).

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    >>> degree(nx.path_graph(3), normalized=True)
    {0: 0.5, 1: 1.0, 2: 0.5}
    >>> degree(nx.DiGraph([(0, 1), (2, 1)]), mode="in")
    {0: 0, 1: 2, 2: 0}

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    """
    _check_graph(G)
    _check_mode(mode)
    if G.is_directed() and mode == "in":
        counts = dict(G.in_degree())
    elif G.is_directed() and mode == "out":
        counts = dict(G.out_degree())
    else:
        counts = dict(G.degree())
    if not normalized:
        return counts
    n = G.number_of_nodes()
    if n < 2:
        return {node: 0.0 for node in counts}
    return {node: value / (n - 1) for node, value in counts.items()}


def strength(G, weight="weight", mode="total"):
    """Weighted degree: the sum of the tie strengths of each actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str
        Edge attribute holding tie strength; edges without it count as 1.
    mode : {"total", "in", "out"}
        As in :func:`degree`.

    Returns
    -------
    dict
        node -> strength (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2.0)
    >>> G.add_edge("b", "c", weight=0.5)
    >>> strength(G)
    {'a': 2.0, 'b': 2.5, 'c': 0.5}

    References
    ----------
    .. [1] Barrat, A., Barthelemy, M., Pastor-Satorras, R. & Vespignani, A.
       (2004). The architecture of complex weighted networks. *PNAS*,
       101(11), 3747-3752.
    """
    _check_graph(G)
    _check_mode(mode)
    _check_weights(G, weight)
    if G.is_directed() and mode == "in":
        values = G.in_degree(weight=weight)
    elif G.is_directed() and mode == "out":
        values = G.out_degree(weight=weight)
    else:
        values = G.degree(weight=weight)
    return {node: float(value) for node, value in values}


# ---------------------------------------------------------------------------
# Path-based centralities
# ---------------------------------------------------------------------------


def betweenness(G, normalized=True, weight=None, engine="networkx"):
    """Shortest-path betweenness centrality.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    normalized : bool
        Divide by the number of pairs not including the actor:
        ``(n-1)(n-2)/2`` for undirected and ``(n-1)(n-2)`` for directed
        graphs (networkx's convention), so values lie in [0, 1].
    weight : str or None
        ``None`` counts every tie as one step.  Otherwise the name of the
        tie-strength attribute; paths are then shortest by
        ``distance = 1 / weight`` (strong ties are short).
    engine : {"networkx", "igraph", "auto"}
        Implementation.  ``"igraph"`` (python-igraph) is much faster on large
        graphs and gives the same values; with weights, igraph treats path
        lengths equal within a relative tolerance of about 1e-10 as ties
        while networkx needs exact equality, so on weights whose inverse
        sums coincide (e.g. 1/2 + 1/2 = 1/1) the two may split shortest paths
        differently.  ``"auto"`` uses igraph when it is installed.

    Returns
    -------
    dict
        node -> betweenness (float); isolates and graphs with fewer than
        three actors give 0.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 0.25)])
    >>> betweenness(G, weight="weight")  # the weak 0-2 tie is a long path
    {0: 0.0, 1: 1.0, 2: 0.0}

    Cost: O(nm) unweighted, O(nm + n^2 log n) weighted (Brandes 2001).

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on
       betweenness. *Sociometry*, 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology*, 25(2), 163-177.
    .. [3] Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality
       in weighted networks. *Social Networks*, 32(3), 245-251 (inverse
       tie strength as distance).
    """
    _check_graph(G)
    _check_weights(G, weight)
    _check_engine(engine)
    if engine == "auto":
        engine = "igraph" if _igraph_available() else "networkx"
    if engine == "igraph":
        return _betweenness_igraph(G, normalized, weight)
    return _betweenness_networkx(G, normalized, weight)


def _betweenness_networkx(G, normalized, weight):
    if weight is None:
        return nx.betweenness_centrality(G, normalized=normalized)
    H = _distance_graph(G, weight)
    return nx.betweenness_centrality(H, normalized=normalized, weight=_DISTANCE_ATTR)


def _betweenness_igraph(G, normalized, weight):
    graph, nodes = _igraph_graph(G, weight)
    if weight is None:
        raw = graph.betweenness(directed=G.is_directed())
    else:
        lengths = [1.0 / w for w in graph.es["weight"]]
        raw = graph.betweenness(directed=G.is_directed(), weights=lengths)
    n = len(nodes)
    # igraph counts each unordered pair once on undirected graphs, which is
    # networkx's unnormalised value; only the normalisation differs.
    scale = 1.0
    if normalized and n > 2:
        pairs = (n - 1) * (n - 2)
        scale = 1.0 / pairs if G.is_directed() else 2.0 / pairs
    return {node: float(value) * scale for node, value in zip(nodes, raw)}


def closeness(G, weight=None, wf_improved=True):
    """Closeness centrality (networkx / Wasserman-Faust).

    ``(r - 1) / sum of distances`` to the ``r - 1`` actors that can reach the
    actor, scaled by ``(r - 1) / (n - 1)`` when ``wf_improved`` so that
    actors in small components are not rated as central.  For directed
    graphs the distances are *incoming* (networkx's convention).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute; distances are ``1 / weight``.  ``None``
        counts steps.
    wf_improved : bool
        Apply the Wasserman-Faust correction for disconnected graphs.

    Returns
    -------
    dict
        node -> closeness (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> {k: round(v, 3) for k, v in closeness(nx.path_graph(3)).items()}
    {0: 0.667, 1: 1.0, 2: 0.667}

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    .. [2] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*.
       Cambridge University Press, p. 201.
    """
    _check_graph(G)
    _check_weights(G, weight)
    return _closeness_networkx(G, weight, wf_improved)


def _closeness_networkx(G, weight, wf_improved):
    if weight is None:
        return nx.closeness_centrality(G, wf_improved=wf_improved)
    H = _distance_graph(G, weight)
    return nx.closeness_centrality(H, distance=_DISTANCE_ATTR, wf_improved=wf_improved)


def harmonic_closeness(G, weight=None, normalized=True):
    """Harmonic closeness: the sum of inverse distances to the other actors.

    Unreachable actors contribute 0, so the measure is defined on
    disconnected networks.  For directed graphs the distances are incoming
    (as for :func:`closeness`).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute; distances are ``1 / weight``.
    normalized : bool
        Divide by ``n - 1`` so that 1 means adjacent to everyone
        (unweighted).  Graphs with fewer than two actors give 0.

    Returns
    -------
    dict
        node -> harmonic closeness (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> harmonic_closeness(nx.path_graph(3))
    {0: 0.75, 1: 1.0, 2: 0.75}

    References
    ----------
    .. [1] Marchiori, M. & Latora, V. (2000). Harmony in the small-world.
       *Physica A*, 285(3-4), 539-546.
    .. [2] Rochat, Y. (2009). Closeness centrality extended to unconnected
       graphs: the harmonic centrality index. ASNA, Zurich.
    """
    _check_graph(G)
    _check_weights(G, weight)
    if weight is None:
        raw = nx.harmonic_centrality(G)
    else:
        raw = nx.harmonic_centrality(_distance_graph(G, weight), distance=_DISTANCE_ATTR)
    n = G.number_of_nodes()
    if not normalized:
        return {node: float(value) for node, value in raw.items()}
    if n < 2:
        return _zeros(G)
    return {node: value / (n - 1) for node, value in raw.items()}


# ---------------------------------------------------------------------------
# Spectral centralities
# ---------------------------------------------------------------------------


def eigenvector(G, weight=None, max_iter=1000, tol=1e-12):
    """Eigenvector centrality (Bonacich), unit Euclidean norm.

    Computed by networkx's power iteration, which starts from a uniform
    vector and is therefore deterministic.  If it does not converge within
    ``max_iter`` (e.g. on directed acyclic graphs) the leading eigenvector
    is taken from a dense eigendecomposition instead; a leading eigenvalue
    of 0 (no cycles at all) gives 0 for everyone.  For directed graphs the
    centrality comes from incoming ties (left eigenvector).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute used as the adjacency value.
    max_iter, tol : int, float
        Power-iteration budget and tolerance (networkx semantics).

    Returns
    -------
    dict
        node -> eigenvector centrality (float).  Values below 1e-9 are
        residue of the iteration and reported as exactly 0; in particular
        isolates, and actors in components whose leading eigenvalue is
        smaller than the graph's, get 0.  An edgeless graph is all 0 and an
        empty graph gives ``{}``.

    Examples
    --------
    >>> import networkx as nx
    >>> {k: round(v, 4) for k, v in eigenvector(nx.path_graph(3)).items()}
    {0: 0.5, 1: 0.7071, 2: 0.5}

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures.
       *American Journal of Sociology*, 92(5), 1170-1182.
    """
    _check_graph(G)
    _check_weights(G, weight)
    if G.number_of_edges() == 0:
        return _zeros(G)
    values = _eigenvector_networkx(G, weight, max_iter, tol)
    return {
        node: (0.0 if abs(v) < _EIGENVECTOR_ZERO else abs(float(v)))
        for node, v in values.items()
    }


_EIGENVECTOR_ZERO = 1e-9


def _eigenvector_networkx(G, weight, max_iter, tol):
    try:
        return nx.eigenvector_centrality(G, max_iter=max_iter, tol=tol, weight=weight)
    except nx.PowerIterationFailedConvergence:
        return _eigenvector_dense(G, weight)


def _eigenvector_dense(G, weight):
    import numpy as np

    nodes = list(G)
    # Transposed so that, as in networkx, centrality flows along in-ties.
    A = nx.to_numpy_array(G, nodelist=nodes, weight=weight).T
    eigenvalues, eigenvectors = np.linalg.eig(A)
    lead = int(np.argmax(eigenvalues.real))
    if eigenvalues[lead].real <= 1e-12:
        return {node: 0.0 for node in nodes}
    vector = np.abs(eigenvectors[:, lead].real)
    vector = vector / np.linalg.norm(vector)
    return dict(zip(nodes, vector.tolist()))


def pagerank(G, alpha=0.85, weight=None):
    """PageRank (networkx), summing to 1 over all actors.

    Undirected ties act as two arcs.  Actors without outgoing ties spread
    their score uniformly, so an isolate keeps the teleport share
    ``(1 - alpha) / n`` plus its part of that spread: PageRank is
    well-defined and positive for isolates, and is *not* set to 0.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    alpha : float
        Damping factor, in (0, 1].
    weight : str or None
        Tie-strength attribute (arc transition proportional to strength).

    Returns
    -------
    dict
        node -> PageRank (float); ``{}`` for an empty graph.

    Examples
    --------
    >>> import networkx as nx
    >>> {k: round(v, 3) for k, v in pagerank(nx.path_graph(3)).items()}
    {0: 0.257, 1: 0.486, 2: 0.257}

    References
    ----------
    .. [1] Brin, S. & Page, L. (1998). The anatomy of a large-scale
       hypertextual web search engine. *Computer Networks and ISDN
       Systems*, 30(1-7), 107-117.
    """
    _check_graph(G)
    _check_weights(G, weight)
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must lie in (0, 1], got {alpha!r}")
    if G.number_of_nodes() == 0:
        return {}
    return _pagerank_networkx(G, alpha, weight)


def _pagerank_networkx(G, alpha, weight):
    return {node: float(v) for node, v in nx.pagerank(G, alpha=alpha, weight=weight).items()}


def core_number(G):
    """k-core number: the largest k such that the actor is in the k-core.

    For directed graphs networkx counts in + out ties (total degree).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    dict
        node -> core number (int); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> G.add_edge(2, 3)
    >>> core_number(G)
    {0: 2, 1: 2, 2: 2, 3: 1}

    References
    ----------
    .. [1] Seidman, S. B. (1983). Network structure and minimum degree.
       *Social Networks*, 5(3), 269-287.
    .. [2] Batagelj, V. & Zaversnik, M. (2003). An O(m) algorithm for cores
       decomposition of networks. arXiv:cs/0310049.
    """
    _check_graph(G)
    return _core_number_networkx(G)


def _core_number_networkx(G):
    return dict(nx.core_number(G))
