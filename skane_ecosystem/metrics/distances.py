"""Distances: average geodesic distance and diameter.

Hop counts along shortest paths (tie strength is not used); pairs that cannot
reach each other are left out, so read these with
:func:`~.connectivity.main_component_share`.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse.csgraph import shortest_path

from ._checks import graph_checked
from .engine import GraphView

__all__ = ["average_distance", "diameter"]


def _distance_summary(G):
    """(sum, count, maximum) of the finite distances between distinct actors.

    Sources are searched a block at a time, so memory stays O(block x n)
    instead of the n x n distance matrix; time is O(n m).
    """
    view = GraphView(G)
    if view.n == 0:
        return 0.0, 0, 0.0
    block = max(1, (1 << 22) // view.n)
    total, count, longest = 0.0, 0, 0.0
    for start in range(0, view.n, block):
        sources = np.arange(start, min(start + block, view.n))
        rows = shortest_path(view.adjacency, method="D", directed=view.directed, unweighted=True, indices=sources)
        rows[np.arange(len(sources)), sources] = np.inf  # not a pair
        finite = rows[np.isfinite(rows)]
        if finite.size:
            total += float(finite.sum())
            count += int(finite.size)
            longest = max(longest, float(finite.max()))
    return total, count, longest


@graph_checked
def average_distance(G):
    """Mean geodesic distance over the pairs that can reach each other.

    Unreachable pairs are left out (igraph's ``mean_distance`` with
    ``unconn=True``) rather than making the mean infinite; report it with
    :func:`main_component_share`.  Directed graphs use directed paths.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    float
        0 when no pair is connected.

    Examples
    --------
    >>> import networkx as nx
    >>> average_distance(nx.path_graph(3))  # (1 + 1 + 2) / 3
    1.3333333333333333

    Cost: a breadth-first search from every actor, O(n m) time; memory
    O(n) per block of sources.

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       p. 111.
    """
    total, count, _ = _distance_summary(G)
    return total / count if count else 0.0


@graph_checked
def diameter(G):
    """Longest geodesic between two actors that can reach each other.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    int
        0 when no pair is connected.

    Examples
    --------
    >>> import networkx as nx
    >>> diameter(nx.Graph([(0, 1), (1, 2), (3, 4)]))
    2

    Cost: as :func:`average_distance`.

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       p. 111.
    """
    _, _, longest = _distance_summary(G)
    return int(longest)
