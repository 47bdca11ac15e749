"""Freeman centralization: how far a network is from a star.

Each index sums the differences between the most central actor and every
other, over the largest sum possible for the same number of actors (a star's).
"""

from __future__ import annotations

from .centrality import betweenness, degree

__all__ = ["degree_centralization", "betweenness_centralization"]


def _freeman(values, maximum_sum):
    if not values or maximum_sum <= 0:
        return 0.0
    top = max(values)
    return float(sum(top - v for v in values) / maximum_sum)


def degree_centralization(G, mode="total"):
    """Freeman degree centralization.

    ``sum_i (max_degree - degree_i)`` divided by its largest possible value
    for ``n`` actors, reached by a star: ``(n-1)(n-2)`` for undirected
    graphs, ``(n-1)^2`` for directed in- or out-degree, and
    ``2(n-1)(n-2)`` for directed total degree (igraph's
    ``centr_degree(..., loops=FALSE)``).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    mode : {"total", "in", "out"}
        Degree used for directed graphs.

    Returns
    -------
    float
        In [0, 1]; 0 for fewer than three actors.

    Examples
    --------
    >>> import networkx as nx
    >>> degree_centralization(nx.star_graph(4))
    1.0
    >>> degree_centralization(nx.cycle_graph(5))
    0.0

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    """
    values = list(degree(G, mode=mode).values())
    n = len(values)
    if n < 3:
        return 0.0
    if not G.is_directed():
        maximum = (n - 1) * (n - 2)
    elif mode == "total":
        maximum = 2 * (n - 1) * (n - 2)
    else:
        maximum = (n - 1) ** 2
    return _freeman(values, maximum)


def betweenness_centralization(G):
    """Freeman betweenness centralization.

    ``sum_i (max_b - b_i)`` over its maximum, reached by a star; with
    betweenness normalised to [0, 1] that maximum is ``n - 1`` (raw:
    ``(n-1)^2 (n-2) / 2`` undirected, ``(n-1)^2 (n-2)`` directed, as in
    igraph's ``centr_betw``).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    float
        In [0, 1]; 0 for fewer than three actors.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness_centralization(nx.star_graph(4))
    1.0

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    """
    values = list(betweenness(G, normalized=True).values())
    n = len(values)
    if n < 3:
        return 0.0
    return _freeman(values, n - 1)
