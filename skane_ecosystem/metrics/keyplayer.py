"""Key players (Borgatti 2006): who holds the network together, and who
reaches it best.

* KPP-Neg -- :func:`fragmentation` is Borgatti's distance-weighted
  fragmentation ``1 - sum_{i != j} (1 / d_ij) / (n (n - 1))`` of the network
  left after removing a set of actors (``1 / inf = 0``).  0 = everyone is
  adjacent to everyone; 1 = no one can reach anyone.
* KPP-Pos -- :func:`reach` is the distance-weighted reach
  ``sum_j (1 / d_Kj) / n`` of a set ``K``, where ``d_Kj`` is the distance
  from the nearest member of ``K`` to ``j`` and members count as reached
  (``1 / d_Kj = 1`` for ``j`` in ``K``), so that, as in Borgatti, the
  maximum 1 means every outsider is adjacent to the set.
* :func:`key_player_set` searches for the best set of ``k`` actors for
  either criterion (greedy start, then best-improvement swaps).
* :func:`removal_impact` is the single-actor version: how much
  fragmentation rises, and how many actors lose their path to the main
  component, when one actor goes.

Paths are unweighted (each tie one step); directed graphs use directed
paths, so ``d_ij`` and ``d_ji`` may differ.
"""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import shortest_path

from .centrality import _check_graph, _sorted_nodes
from .cohesion import components

__all__ = ["fragmentation", "reach", "key_player_set", "removal_impact"]

_IMPROVEMENT = 1e-12


def _adjacency(G, nodes):
    if not nodes:
        return csr_array((0, 0))
    return nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr")


def _inverse_distances(adjacency, directed):
    """Matrix of ``1 / d_ij`` (0 on the diagonal and for unreachable pairs)."""
    if adjacency.shape[0] == 0:
        return np.zeros((0, 0))
    dist = shortest_path(adjacency, method="D", directed=directed, unweighted=True)
    with np.errstate(divide="ignore"):
        inv = 1.0 / dist
    np.fill_diagonal(inv, 0.0)
    return inv


def _fragmentation_from_matrix(adjacency, directed):
    n = adjacency.shape[0]
    if n < 2:
        return 0.0
    closeness_sum = _inverse_distances(adjacency, directed).sum()
    return float(1.0 - closeness_sum / (n * (n - 1)))


def _without(adjacency, keep):
    return adjacency[keep][:, keep]


def fragmentation(G, removed=()):
    """Borgatti's distance-weighted fragmentation (KPP-Neg).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    removed : iterable of nodes
        Actors taken out before measuring; fragmentation is measured over
        the actors that remain.

    Returns
    -------
    float
        In [0, 1].  Fewer than two remaining actors give 0 (no pair to be
        disconnected).

    Examples
    --------
    >>> import networkx as nx
    >>> fragmentation(nx.complete_graph(4))
    0.0
    >>> fragmentation(nx.star_graph(3), removed=[0])
    1.0
    >>> round(fragmentation(nx.path_graph(3)), 4)  # 1 - (4*1 + 2*0.5)/6
    0.1667

    Cost: one all-pairs BFS, O(n (n + m)) time and O(n^2) memory.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34, eq. 4.
    """
    _check_graph(G)
    removed = _check_members(G, removed, "removed")
    nodes = [node for node in G if node not in removed]
    return _fragmentation_from_matrix(_adjacency(G.subgraph(nodes), nodes), G.is_directed())


def _check_members(G, nodes, name):
    if isinstance(nodes, (str, bytes)) or not hasattr(nodes, "__iter__"):
        raise ValueError(f"{name} must be an iterable of nodes, got {nodes!r}")
    nodes = set(nodes)
    unknown = [node for node in nodes if node not in G]
    if unknown:
        raise ValueError(f"{name} contains nodes not in the graph: {unknown[:5]!r}")
    return nodes


def reach(G, nodes, m=None):
    """Reach of a set of actors (KPP-Pos).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs use paths *from* the set.
    nodes : iterable of nodes
        The set ``K``.
    m : int or None
        ``None``: Borgatti's distance-weighted reach (see the module notes).
        An integer: the m-reach, the share of actors in ``K`` or within
        ``m`` steps of it.

    Returns
    -------
    float
        In [0, 1]; 0 for an empty graph or an empty set.

    Examples
    --------
    >>> import networkx as nx
    >>> reach(nx.star_graph(3), [0])
    1.0
    >>> round(reach(nx.path_graph(4), [0]), 4)  # (1 + 1 + 1/2 + 1/3) / 4
    0.7083
    >>> reach(nx.path_graph(4), [0], m=1)
    0.5

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34, eqs. 6-7.
    """
    _check_graph(G)
    members = _check_members(G, nodes, "nodes")
    if m is not None and (isinstance(m, bool) or not isinstance(m, int) or m < 1):
        raise ValueError(f"m must be None or a positive int, got {m!r}")
    order = list(G)
    if not order or not members:
        return 0.0
    index = {node: i for i, node in enumerate(order)}
    dist = shortest_path(
        _adjacency(G, order),
        method="D",
        directed=G.is_directed(),
        unweighted=True,
        indices=[index[node] for node in members],
    )
    return _reach_from_rows(np.atleast_2d(dist), m)


def _reach_from_rows(dist_rows, m):
    nearest = dist_rows.min(axis=0)
    if m is None:
        with np.errstate(divide="ignore"):
            scores = np.where(nearest == 0, 1.0, 1.0 / nearest)
    else:
        scores = (nearest <= m).astype(float)
    return float(scores.sum() / dist_rows.shape[1])


def key_player_set(
    G,
    k,
    objective="fragmentation",
    m=None,
    max_iter=50,
    time_limit=None,
    n_starts=1,
    seed=0,
):
    """Find a set of ``k`` key players by greedy selection and swaps.

    The search starts from a greedy set (add, one at a time, the actor that
    improves the objective most) and then repeatedly makes the single swap
    (one member out, one outsider in) that improves it most, stopping when
    no swap helps or the budget is spent (Borgatti 2006 uses the same swap
    step from a random start).  ``n_starts > 1`` adds random starting sets
    drawn with ``seed``.  It is a heuristic: the result is a local optimum.

    Cost: fragmentation needs an all-pairs BFS per candidate set,
    O(n (n + m_edges)); the greedy start tries ``k n`` sets and each swap
    round ``k (n - k)``, so a run costs
    O((k n + max_iter k (n - k)) n (n + m_edges)) per start.  Reach
    precomputes the distance matrix once and then costs O(k n) per set.
    ``max_iter`` bounds the swap rounds deterministically; ``time_limit``
    (seconds) additionally stops the search early, which makes the result
    depend on machine speed -- leave it ``None`` when reproducibility
    matters.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    k : int
        Size of the set, ``1 <= k <= n``.
    objective : {"fragmentation", "reach"}
        Maximise KPP-Neg fragmentation after removal, or KPP-Pos reach.
    m : int or None
        For ``objective="reach"``: ``None`` for distance-weighted reach, an
        int for m-reach.
    max_iter : int
        Maximum number of swap rounds per start.
    time_limit : float or None
        Wall-clock budget in seconds for the whole search.
    n_starts : int
        Number of starting sets (the first is always the greedy one).
    seed : int
        Seed for the random starting sets and nothing else.

    Returns
    -------
    dict
        ``nodes`` (sorted list), ``score`` (float), ``objective``,
        ``iterations`` (swap rounds made), ``evaluations`` (sets scored) and
        ``converged`` (True when every start stopped at a local optimum
        rather than the budget).

    Examples
    --------
    >>> import networkx as nx
    >>> key_player_set(nx.path_graph(5), 1)["nodes"]
    [2]
    >>> key_player_set(nx.star_graph(5), 1, objective="reach")["nodes"]
    [0]

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34.
    """
    _check_graph(G)
    n = G.number_of_nodes()
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= n:
        raise ValueError(f"k must be an int between 1 and the number of actors ({n}), got {k!r}")
    if objective not in ("fragmentation", "reach"):
        raise ValueError(f"objective must be 'fragmentation' or 'reach', got {objective!r}")
    if m is not None and (isinstance(m, bool) or not isinstance(m, int) or m < 1):
        raise ValueError(f"m must be None or a positive int, got {m!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 0:
        raise ValueError(f"max_iter must be a non-negative int, got {max_iter!r}")
    if isinstance(n_starts, bool) or not isinstance(n_starts, int) or n_starts < 1:
        raise ValueError(f"n_starts must be a positive int, got {n_starts!r}")
    if time_limit is not None and not time_limit > 0:
        raise ValueError(f"time_limit must be None or > 0 seconds, got {time_limit!r}")

    nodes = _sorted_nodes(G)
    score = _set_scorer(G, nodes, objective, m)
    budget = _Budget(time_limit)
    rng = np.random.default_rng(seed)

    best = None
    converged = True
    iterations = 0
    for start in range(n_starts):
        if start == 0:
            initial = _greedy_start(n, k, score, budget)
        else:
            initial = sorted(rng.choice(n, size=k, replace=False).tolist())
        members, value, rounds, finished = _swap_search(n, initial, score, max_iter, budget)
        iterations += rounds
        converged = converged and finished
        if best is None or value > best[1] + _IMPROVEMENT:
            best = (members, value)
        if budget.exhausted():
            converged = False
            break
    members, value = best
    return {
        "nodes": _sorted_nodes(G.subgraph([nodes[i] for i in members])),
        "score": float(value),
        "objective": objective,
        "iterations": iterations,
        "evaluations": score.calls,
        "converged": converged,
    }


class _Budget:
    def __init__(self, seconds):
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def exhausted(self):
        return self.deadline is not None and time.monotonic() > self.deadline


class _Scorer:
    """Callable scoring a tuple of node positions, counting its calls."""

    def __init__(self, function):
        self.function = function
        self.calls = 0

    def __call__(self, members):
        self.calls += 1
        return self.function(members)


def _set_scorer(G, nodes, objective, m):
    adjacency = _adjacency(G, nodes)
    directed = G.is_directed()
    n = len(nodes)
    if objective == "reach":
        dist = shortest_path(adjacency, method="D", directed=directed, unweighted=True)
        return _Scorer(lambda members: _reach_from_rows(dist[list(members)], m))

    def removed_fragmentation(members):
        keep = np.setdiff1d(np.arange(n), np.asarray(members, dtype=int))
        return _fragmentation_from_matrix(_without(adjacency, keep), directed)

    return _Scorer(removed_fragmentation)


def _greedy_start(n, k, score, budget):
    members = []
    for _ in range(k):
        best_node, best_value = None, -np.inf
        for candidate in range(n):
            if candidate in members:
                continue
            value = score(members + [candidate])
            if value > best_value + _IMPROVEMENT:
                best_node, best_value = candidate, value
        members.append(best_node)
        if budget.exhausted() and len(members) < k:
            # Out of time: fill up in node order so the set still has k actors.
            members += [i for i in range(n) if i not in members][: k - len(members)]
            break
    return sorted(members)


def _swap_search(n, members, score, max_iter, budget):
    """Best-improvement swaps from ``members``; returns (set, value, rounds, converged)."""
    members = list(members)
    value = score(members)
    for round_ in range(max_iter):
        best_swap, best_value = None, value
        outsiders = [i for i in range(n) if i not in members]
        for position in range(len(members)):
            for outsider in outsiders:
                trial = members[:position] + [outsider] + members[position + 1 :]
                trial_value = score(trial)
                if trial_value > best_value + _IMPROVEMENT:
                    best_swap, best_value = (position, outsider), trial_value
                if budget.exhausted():
                    break
            if budget.exhausted():
                break
        if best_swap is None:
            return sorted(members), value, round_, not budget.exhausted()
        members[best_swap[0]] = best_swap[1]
        members.sort()
        value = best_value
        if budget.exhausted():
            return members, value, round_ + 1, False
    return sorted(members), value, max_iter, False


def removal_impact(G):
    """What each actor's departure does to the network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    pandas.DataFrame
        Indexed by node (sorted), with columns

        ``fragmentation``
            KPP-Neg fragmentation of the network without the actor
            (measured over the ``n - 1`` actors left).
        ``fragmentation_gain``
            That minus the fragmentation of the whole network.  It can be
            negative: removing a poorly connected actor removes its
            unreachable pairs from the denominator.
        ``cutoff`` (int)
            Actors that lose their path to the main component: the size of
            the main component, minus the actor itself, minus the largest
            piece left when it goes.  0 for actors outside the main
            component.  Connectivity is weak (direction ignored).

    Examples
    --------
    >>> import networkx as nx
    >>> impact = removal_impact(nx.path_graph(5))
    >>> impact["cutoff"].tolist()
    [0, 1, 2, 1, 0]
    >>> round(float(impact.loc[2, "fragmentation_gain"]), 4)  # 2/3 - 0.3583
    0.3083

    Cost: O(n * n_c (n_c + m_c)) where ``n_c, m_c`` is the size of the
    actor's component -- only that component is re-measured.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34.
    """
    _check_graph(G)
    nodes = _sorted_nodes(G)
    n = len(nodes)
    columns = ["fragmentation", "fragmentation_gain", "cutoff"]
    if n == 0:
        frame = pd.DataFrame(columns=columns, index=pd.Index([], name="node"))
        return frame.astype({"fragmentation": float, "fragmentation_gain": float, "cutoff": "int64"})
    directed = G.is_directed()
    pieces = [_sorted_nodes(G.subgraph(c)) for c in components(G)]
    main = set(pieces[0])
    # Pair sums never cross components, so removing an actor only changes
    # the sum of its own component.
    component_sum = {}
    component_of = {}
    for piece in pieces:
        key = piece[0]
        component_sum[key] = _inverse_distances(_adjacency(G.subgraph(piece), piece), directed).sum()
        for node in piece:
            component_of[node] = (key, piece)
    total_sum = sum(component_sum.values())
    whole = 1.0 - total_sum / (n * (n - 1)) if n > 1 else 0.0

    rows = []
    for node in nodes:
        key, piece = component_of[node]
        rest = [other for other in piece if other != node]
        rest_sum = _inverse_distances(_adjacency(G.subgraph(rest), rest), directed).sum()
        remaining = n - 1
        if remaining < 2:
            after = 0.0
        else:
            after = 1.0 - (total_sum - component_sum[key] + rest_sum) / (remaining * (remaining - 1))
        rows.append(
            {
                "fragmentation": after,
                "fragmentation_gain": after - whole,
                "cutoff": _cutoff(G, node, main),
            }
        )
    frame = pd.DataFrame(rows, index=pd.Index(nodes, name="node"), columns=columns)
    return frame.astype({"fragmentation": float, "fragmentation_gain": float, "cutoff": "int64"})


def _weak_components(G):
    return nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)


def _cutoff(G, node, main):
    if node not in main or len(main) < 2:
        return 0
    rest = G.subgraph([other for other in main if other != node])
    largest = max((len(c) for c in _weak_components(rest)), default=0)
    return len(main) - 1 - largest
