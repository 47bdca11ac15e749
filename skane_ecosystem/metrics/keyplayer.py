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
from scipy.sparse.csgraph import connected_components

from .centrality import _check_graph, _sorted_nodes
from .cohesion import components

__all__ = ["fragmentation", "reach", "key_player_set", "removal_impact"]

_IMPROVEMENT = 1e-12


def _adjacency(G, nodes):
    """Dense boolean adjacency matrix in ``nodes`` order."""
    if not nodes:
        return np.zeros((0, 0), dtype=bool)
    return nx.to_numpy_array(G, nodelist=nodes, weight=None, dtype=bool)


def _step_matrix(adjacency):
    """Sparse transposed adjacency: ``step @ F`` moves a BFS frontier ``F``
    (actors x sources) one tie forward along the tie direction."""
    return csr_array(adjacency.T.astype(np.float32))


def _bfs(step, sources, blocked=None, levels=False):
    """Breadth-first search from ``sources`` at once, avoiding ``blocked``.

    Returns ``sum over sources s and reachable t != s of 1 / d(s, t)`` and,
    with ``levels``, the (actors x sources) distance matrix (inf where
    unreachable).  Each level is one sparse x dense product, single-threaded
    C in scipy: O(m k) per level for ``k`` sources.  Blocking actors instead
    of deleting them avoids rebuilding the matrix for every removal.
    """
    n = step.shape[0]
    sources = np.asarray(sources, dtype=np.intp)
    k = sources.size
    columns = np.arange(k)
    reached = np.zeros((n, k), dtype=bool)
    if blocked is not None:
        reached[np.asarray(blocked, dtype=np.intp), :] = True
    reached[sources, columns] = True
    frontier = np.zeros((n, k), dtype=np.float32)
    frontier[sources, columns] = 1.0
    dist = np.full((n, k), np.inf) if levels else None
    if levels:
        dist[sources, columns] = 0.0
    total, distance = 0.0, 0
    while k:
        distance += 1
        new = ((step @ frontier) > 0) & ~reached
        count = int(np.count_nonzero(new))
        if not count:
            break
        total += count / distance
        reached |= new
        if levels:
            dist[new] = distance
        frontier = new.astype(np.float32)
    return (total, dist) if levels else total


def _fragmentation_after(step, removed):
    """KPP-Neg fragmentation of the network without the ``removed`` positions."""
    n = step.shape[0]
    removed = np.asarray(sorted(set(removed)), dtype=np.intp)
    remaining = n - removed.size
    if remaining < 2:
        return 0.0
    sources = np.setdiff1d(np.arange(n), removed)
    total = _bfs(step, sources, blocked=removed)
    return float(1.0 - total / (remaining * (remaining - 1)))


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

    Cost: one all-pairs breadth-first search, O(diameter * n * m) time
    (one sparse product per distance level) and O(n^2) memory.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34, eq. 4.
    """
    _check_graph(G)
    removed = _check_members(G, removed, "removed")
    nodes = list(G)
    if not nodes:
        return 0.0
    position = {node: i for i, node in enumerate(nodes)}
    step = _step_matrix(_adjacency(G, nodes))
    return _fragmentation_after(step, [position[node] for node in removed])


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
    step = _step_matrix(_adjacency(G, order))
    _, dist = _bfs(step, [index[node] for node in members], levels=True)
    return _reach_from_rows(dist.T, m)


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

    Cost: fragmentation needs an all-pairs breadth-first search per
    candidate set, O(diameter * n * m_edges); the greedy start tries
    ``k n`` sets and each swap round ``k (n - k)``, so a run costs
    O((k n + max_iter k (n - k)) diameter n m_edges) per start.  Reach
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
    step = _step_matrix(_adjacency(G, nodes))
    if objective == "reach":
        _, dist = _bfs(step, np.arange(len(nodes)), levels=True)
        from_each = dist.T  # row s: distances from actor s
        return _Scorer(lambda members: _reach_from_rows(from_each[list(members)], m))
    return _Scorer(lambda members: _fragmentation_after(step, members))


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

    Cost: one all-pairs breadth-first search, O(diameter n m), and O(n m)
    to count geodesic parents; then, per actor, a new search only from the
    sources whose distances it can change (those for which it is the sole
    geodesic parent of a neighbour).  Worst case O(diameter n^2 m),
    typically far less; O(n^2) memory.

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
    adjacency = _adjacency(G, nodes)
    step = _step_matrix(adjacency)
    total, to_target = _bfs(step, np.arange(n), levels=True)
    dist = to_target.T  # dist[s, t]
    with np.errstate(divide="ignore"):
        inverse = 1.0 / dist
    np.fill_diagonal(inverse, 0.0)
    row_sums = inverse.sum(axis=1)
    whole = 1.0 - total / (n * (n - 1)) if n > 1 else 0.0
    parents = _geodesic_parent_counts(adjacency, dist)
    cutoffs = _cutoffs(G, nodes, adjacency)

    rows = []
    for v, node in enumerate(nodes):
        after = _fragmentation_without(v, adjacency, step, dist, inverse, row_sums, parents)
        rows.append((after, after - whole, cutoffs.get(node, 0)))
    frame = pd.DataFrame(rows, index=pd.Index(nodes, name="node"), columns=columns)
    return frame.astype({"fragmentation": float, "fragmentation_gain": float, "cutoff": "int64"})


def _geodesic_parent_counts(adjacency, dist, block=4096):
    """``P[s, w]``: in-neighbours ``u`` of ``w`` one step closer to ``s``,
    i.e. the number of parents of ``w`` in the shortest-path DAG from ``s``."""
    n = adjacency.shape[0]
    counts = np.zeros((n, n), dtype=np.int32)
    tails, heads = np.nonzero(adjacency)
    for start in range(0, len(tails), block):
        u, w = tails[start : start + block], heads[start : start + block]
        on_geodesic = dist[:, u] == dist[:, w] - 1
        np.add.at(counts.T, w, on_geodesic.T.astype(np.int32))
    return counts


def _fragmentation_without(v, adjacency, step, dist, inverse, row_sums, parents):
    """Fragmentation after removing actor ``v``, searching again only from
    the sources whose distances can change.

    Distances from ``s`` survive the removal unless some child ``w`` of ``v``
    in the shortest-path DAG from ``s`` has ``v`` as its only parent: any
    other parent sits at ``v``'s level, so its geodesic cannot use ``v``.
    """
    n = adjacency.shape[0]
    remaining = n - 1
    if remaining < 2:
        return 0.0
    children = np.nonzero(adjacency[v])[0]
    affected = np.zeros(n, dtype=bool)
    if children.size:
        level = dist[:, v]
        sole_parent = (dist[:, children] == level[:, None] + 1) & (parents[:, children] == 1)
        affected = sole_parent.any(axis=1) & np.isfinite(level)
    affected[v] = False
    unaffected = ~affected
    unaffected[v] = False
    closeness_sum = float(row_sums[unaffected].sum() - inverse[unaffected, v].sum())
    if affected.any():
        closeness_sum += _bfs(step, np.nonzero(affected)[0], blocked=[v])
    return 1.0 - closeness_sum / (remaining * (remaining - 1))


def _cutoffs(G, nodes, adjacency):
    """node -> actors that lose their path to the main component when it goes.

    Only cut vertices of the main component can cut anyone off.
    """
    main = components(G)[0]
    cut = nx.articulation_points(G.subgraph(main).to_undirected(as_view=True))
    index = np.array([i for i, node in enumerate(nodes) if node in main])
    position = {nodes[i]: p for p, i in enumerate(index)}
    main_adjacency = adjacency[np.ix_(index, index)]
    result = {}
    for node in cut:
        keep = np.ones(len(index), dtype=bool)
        keep[position[node]] = False
        rest = main_adjacency[np.ix_(keep, keep)]
        _, labels = connected_components(csr_array(rest), directed=True, connection="weak")
        result[node] = int(rest.shape[0] - np.bincount(labels).max())
    return result
