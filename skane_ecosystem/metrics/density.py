"""Whole-network cohesion: density, transitivity and reciprocity.

Three ratios of what is present to what is possible, each one number for the
whole network: ties (density), closed triangles among connected triples
(transitivity) and returned ties (reciprocity).  networkx spreads them over
``function``, ``cluster`` and ``reciprocity``; here they sit together because
a report reads them together, as the cohesion of the network.  Distances
are in :mod:`.distances`, centralization in :mod:`.centralization`.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ._checks import engine_checked, graph_checked
from .connectivity import _undirected
from .engine import GraphView, resolve_engine

__all__ = ["density", "transitivity", "reciprocity"]


@graph_checked
def density(G):
    """Ties present over ties possible (networkx).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    float
        ``m / (n(n-1)/2)`` undirected, ``m / (n(n-1))`` directed; 0 for
        fewer than two actors.

    Examples
    --------
    >>> import networkx as nx
    >>> density(nx.path_graph(3))
    0.6666666666666666

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       p. 101.
    """
    return float(nx.density(G)) if G.number_of_nodes() > 1 else 0.0


@engine_checked
@graph_checked
def transitivity(G, engine="auto"):
    """Global clustering: 3 x triangles / connected triples (networkx).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are analysed as undirected.
    engine : {"auto", "networkx", "igraph"}
        Who counts the triangles of an undirected graph.  Both engines divide
        the same two whole numbers, so the value is the same to the last bit;
        igraph counts them in C (0.01 s instead of 0.5 s at 10,000 actors).

    Returns
    -------
    float
        0 when there is no connected triple.

    Examples
    --------
    >>> import networkx as nx
    >>> transitivity(nx.complete_graph(3))
    1.0

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       p. 243.
    """
    view = GraphView(G)
    return _transitivity(view, resolve_engine(view.n, engine))


def _transitivity(view, engine):
    """Transitivity of ``view``'s graph, counted by ``engine`` where it can."""
    if engine == "igraph" and not view.directed:
        return _transitivity_from_counts(view.igraph)
    return float(nx.transitivity(nx.Graph(_undirected(view.G))))


def _transitivity_from_counts(graph):
    """networkx's ratio, 6 x triangles / sum of d (d - 1), from igraph's triangles.

    Python divides the two whole numbers with one rounding, as networkx does.
    """
    triangles = len(graph.list_triangles())
    degree = np.asarray(graph.degree(), dtype=np.int64)
    triples = int((degree * (degree - 1)).sum())
    return 6 * triangles / triples if triangles else 0.0


@graph_checked
def reciprocity(G):
    """Share of directed ties that are returned (networkx overall reciprocity).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    float
        For directed graphs, arcs whose reverse also exists over all arcs.
        An undirected tie is mutual by definition, so undirected graphs give
        1.0 (igraph's convention); graphs without ties give 0.

    Examples
    --------
    >>> import networkx as nx
    >>> reciprocity(nx.DiGraph([(0, 1), (1, 0), (1, 2)]))
    0.6666666666666666

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       p. 515.
    """
    if G.number_of_edges() == 0:
        return 0.0
    if not G.is_directed():
        return 1.0
    return float(nx.overall_reciprocity(G))
