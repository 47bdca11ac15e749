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
* :func:`key_player_set` finds the best set of ``k`` actors for either
  criterion: by exhaustive search when there are at most
  :data:`EXHAUSTIVE_SETS` candidate sets, else from a greedy start by
  best-improvement swaps.
* :func:`removal_impact` is the single-actor version: how much
  fragmentation rises, and how many actors lose their path to the main
  component, when one actor goes.

Paths are unweighted (each tie one step); directed graphs use directed
paths, so ``d_ij`` and ``d_ji`` may differ.

Fragmentation sums over all ordered pairs, so it needs a breadth-first
search from every actor.  Above
:data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE` actors (or with
``approximate=True``) the sum is estimated from a seeded sample of source
actors, drawn per connected part exactly as for betweenness (see
:mod:`skane_ecosystem.metrics.engine`).  None of these measures has a
library implementation; the costs are stated with each function.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import shortest_path

from ._checks import engine_checked, graph_checked
from .connectivity import BlockCutTree, _components
from .engine import (
    GraphView,
    is_integer,
    plan_sources,
    resolve_engine,
    resolve_samples,
    sorted_nodes,
)

__all__ = ["fragmentation", "reach", "key_player_set", "removal_impact"]

#: ``key_player_set`` considers every actor as a candidate up to this size,
#: and otherwise the :data:`DEFAULT_CANDIDATES` actors of highest degree.
ALL_CANDIDATES_UP_TO = 1000
DEFAULT_CANDIDATES = 100

#: ``key_player_set`` scores every candidate set (exact) when there are at
#: most this many, and otherwise searches by swaps.
EXHAUSTIVE_SETS = 5_000

_IMPROVEMENT = 1e-12
_CELLS_PER_BLOCK = 1 << 22  # actors x sources searched at once (32 MB of floats)


# ---------------------------------------------------------------------------
# Breadth-first search from many sources at once
# ---------------------------------------------------------------------------


def _step_matrix(view):
    """Sparse transposed adjacency: ``step @ F`` moves a BFS frontier ``F``
    (actors x sources) one tie forward along the tie direction."""
    return csr_array(view.adjacency.T.astype(np.float32))


def _bfs(step, sources, blocked=None, levels=False, weights=None):
    """Breadth-first search from ``sources``, avoiding ``blocked``.

    Returns ``sum over sources s and reachable t != s of w_s / d(s, t)``
    (``w_s`` = ``weights``, default 1) and, with ``levels``, the (actors x
    sources) distance matrix (inf where unreachable).  Each level is one
    sparse x dense product, single-threaded C in scipy: O(m k) per level
    for ``k`` sources; sources are taken in blocks so that memory stays
    O(n) per block.  Blocking actors instead of deleting them avoids
    rebuilding the matrix for every removal.
    """
    n = step.shape[0]
    sources = np.asarray(sources, dtype=np.intp)
    weights = np.ones(sources.size) if weights is None else np.asarray(weights, dtype=float)
    block = max(1, _CELLS_PER_BLOCK // max(n, 1))
    total = 0.0
    columns = []
    for start in range(0, sources.size, block):
        part_total, dist = _bfs_block(
            step, sources[start : start + block], blocked, levels, weights[start : start + block]
        )
        total += part_total
        if levels:
            columns.append(dist)
    if not levels:
        return total
    dist = np.concatenate(columns, axis=1) if columns else np.full((n, 0), np.inf)
    return total, dist


def _bfs_block(step, sources, blocked, levels, weights):
    n = step.shape[0]
    k = sources.size
    columns = np.arange(k)
    reached = np.zeros((n, k), dtype=bool)
    if blocked is not None and len(blocked):
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
        if not new.any():
            break
        total += float(new.sum(axis=0) @ weights) / distance
        reached |= new
        if levels:
            dist[new] = distance
        frontier = new.astype(np.float32)
    return total, dist


# ---------------------------------------------------------------------------
# Fragmentation and reach
# ---------------------------------------------------------------------------


class _FragmentationScorer:
    """Fragmentation after removing a set of positions, exact or from a
    fixed sample of sources (the same sources for every set, so that sets
    are compared on the same footing)."""

    def __init__(self, view, samples, seed):
        self.n = view.n
        self.step = _step_matrix(view)
        if samples is None:
            self.sources = np.arange(view.n)
            self.weights = np.ones(view.n)
        else:
            plan = plan_sources(view, samples, seed)
            self.sources = np.concatenate(plan.batches)
            labels = plan.labels[self.sources]
            self.weights = plan.part_size[labels] / plan.part_samples[labels]

    def __call__(self, removed):
        removed = np.asarray(sorted(set(removed)), dtype=np.intp)
        remaining = self.n - removed.size
        if remaining < 2:
            return 0.0
        keep = ~np.isin(self.sources, removed)
        total = _bfs(self.step, self.sources[keep], blocked=removed, weights=self.weights[keep])
        return float(1.0 - total / (remaining * (remaining - 1)))


@graph_checked
def fragmentation(G, removed=(), approximate=None, samples=None, seed=0):
    """Borgatti's distance-weighted fragmentation (KPP-Neg).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    removed : iterable of nodes
        Actors taken out before measuring; fragmentation is measured over
        the actors that remain.
    approximate : bool or None
        Estimate the sum over pairs from sampled sources; ``None`` does so
        above :data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE`
        actors.
    samples : int or None
        Sources per connected part when approximating (default
        :data:`~skane_ecosystem.metrics.engine.DEFAULT_SAMPLES`).
    seed : int
        Seed of the source sample.

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

    Cost: one breadth-first search per (sampled) source, O(diameter x
    sources x m) time as sparse products, O(n) memory per block of
    sources.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34, eq. 4.
    """
    removed = _check_members(G, removed, "removed")
    if G.number_of_nodes() == 0:
        return 0.0
    # Sampled sources must come from the network that remains.
    view = GraphView(G.subgraph([node for node in G if node not in removed]) if removed else G)
    samples = resolve_samples(view.n, approximate, samples)
    return _FragmentationScorer(view, samples, seed)(())


def _check_members(G, nodes, name):
    if isinstance(nodes, (str, bytes)) or not hasattr(nodes, "__iter__"):
        raise ValueError(f"{name} must be an iterable of nodes, got {nodes!r}")
    nodes = set(nodes)
    unknown = [node for node in nodes if node not in G]
    if unknown:
        raise ValueError(f"{name} contains nodes not in the graph: {unknown[:5]!r}")
    return nodes


@graph_checked
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

    Cost: one breadth-first search per member, O(diameter x k x m).

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34, eqs. 6-7.
    """
    members = _check_members(G, nodes, "nodes")
    _check_m(m)
    if G.number_of_nodes() == 0 or not members:
        return 0.0
    view = GraphView(G)
    _, dist = _bfs(_step_matrix(view), [view.index[node] for node in members], levels=True)
    return _reach_from_rows(dist.T, m)


def _check_m(m):
    if m is not None and (not is_integer(m) or m < 1):
        raise ValueError(f"m must be None or a positive int, got {m!r}")


def _reach_from_rows(dist_rows, m):
    nearest = dist_rows.min(axis=0)
    if m is None:
        with np.errstate(divide="ignore"):
            scores = np.where(nearest == 0, 1.0, 1.0 / nearest)
    else:
        scores = (nearest <= m).astype(float)
    return float(scores.sum() / dist_rows.shape[1])


# ---------------------------------------------------------------------------
# Key-player search
# ---------------------------------------------------------------------------


@graph_checked
def key_player_set(
    G,
    k,
    objective="fragmentation",
    m=None,
    max_iter=50,
    time_limit=None,
    n_starts=1,
    seed=0,
    candidates=None,
    approximate=None,
    samples=None,
    search="auto",
):
    """Find the set of ``k`` key players: exactly when that is affordable,
    else by greedy selection and swaps.

    *Exhaustive* (``search="exhaustive"``, and by default whenever the
    candidates have at most :data:`EXHAUSTIVE_SETS` subsets of size ``k``):
    every ``k``-subset is scored and the best returned, so the result is
    the optimum.  Equally good sets (within 1e-12) go to the first in
    sorted node order, comparing the sorted members one by one.

    *Swaps* (``search="swaps"``, and by default on larger problems): start
    from a greedy set (add, one at a time, the candidate that improves the
    objective most), then repeatedly make the single swap (one member out,
    one candidate in) that improves it most (Borgatti 2006 uses the same
    swap step from a random start).  ``n_starts > 1`` adds random starting
    sets drawn with ``seed``; the best end point is returned.  The result
    is a local optimum: no single swap improves it.

    ``converged`` says whether the search finished its job rather than
    running out of budget: for exhaustive search, every set was scored;
    for swaps, every start ran and each stopped because a complete round
    of swaps found none that improves its set -- not because ``max_iter``
    swap rounds or ``time_limit`` ran out.  ``exact`` is True only for a
    completed exhaustive search of exact scores (not sampled
    fragmentation): the result is then the optimum over the candidates.

    Cost: scoring a set costs, for fragmentation, one breadth-first search
    per source -- every actor, or ``samples`` per connected part above
    :data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE` actors -- so
    O(diameter x sources x m); for reach, O(k n) once the distances from
    every candidate are known (O(diameter c m) up front).  Exhaustive
    search scores ``C(c, k)`` sets for ``c`` candidates (at most 5,000 by
    default: about half a second on 30 actors); swaps score about ``k c``
    sets for the greedy start and ``k (c - k)`` per round, so ``(k c +
    max_iter k c)`` per start at most.  Up to :data:`ALL_CANDIDATES_UP_TO`
    actors every actor is a candidate; larger networks consider the
    :data:`DEFAULT_CANDIDATES` actors of highest degree, which keeps a
    search on 10,000 actors to minutes.  ``max_iter`` bounds the swap
    rounds deterministically; ``time_limit`` (seconds) additionally stops
    either search early, which makes the result depend on machine speed --
    leave it ``None`` when reproducibility matters.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    k : int
        Size of the set, ``1 <= k <=`` number of candidates.
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
        Swaps: number of starting sets (the first is always the greedy one).
    seed : int
        Seed for the random starting sets and the source sample.
    candidates : None, int or iterable of nodes
        Actors the set is drawn from: ``None`` as described above, an int
        for that many actors of highest degree (ties in node order), or the
        actors themselves.
    approximate, samples : bool or None, int or None
        Estimate fragmentation from sampled sources, as in
        :func:`fragmentation` (the same sample for every set; exhaustive
        search then finds the optimum of the estimate).
    search : {"auto", "exhaustive", "swaps"}
        ``"auto"``: exhaustive when there are at most
        :data:`EXHAUSTIVE_SETS` candidate sets, else swaps.

    Returns
    -------
    dict
        ``nodes`` (sorted list), ``score`` (float), ``objective``,
        ``search`` (``"exhaustive"`` or ``"swaps"``), ``exact`` and
        ``converged`` (see above),
        ``iterations`` (swap rounds made), ``evaluations`` (sets scored),
        ``candidates`` (how many were considered) and ``samples`` (sources
        per part, or ``None`` when exact).

    Examples
    --------
    >>> import networkx as nx
    >>> key_player_set(nx.path_graph(5), 1)["nodes"]
    [2]
    >>> key_player_set(nx.star_graph(5), 1, objective="reach")["nodes"]
    [0]
    >>> key_player_set(nx.path_graph(5), 1)["exact"]
    True

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34.
    """
    n = G.number_of_nodes()
    if not is_integer(k) or not 1 <= k <= n:
        raise ValueError(f"k must be an int between 1 and the number of actors ({n}), got {k!r}")
    if objective not in ("fragmentation", "reach"):
        raise ValueError(f"objective must be 'fragmentation' or 'reach', got {objective!r}")
    _check_m(m)
    if not is_integer(max_iter) or max_iter < 0:
        raise ValueError(f"max_iter must be a non-negative int, got {max_iter!r}")
    if not is_integer(n_starts) or n_starts < 1:
        raise ValueError(f"n_starts must be a positive int, got {n_starts!r}")
    if time_limit is not None and not time_limit > 0:
        raise ValueError(f"time_limit must be None or > 0 seconds, got {time_limit!r}")
    if search not in ("auto", "exhaustive", "swaps"):
        raise ValueError(f"search must be 'auto', 'exhaustive' or 'swaps', got {search!r}")
    view = GraphView(G)
    pool = _candidate_positions(G, view, candidates)
    if k > len(pool):
        raise ValueError(f"k ({k}) is larger than the number of candidates ({len(pool)})")
    sample_size = resolve_samples(n, approximate, samples) if objective == "fragmentation" else None

    score = _set_scorer(view, objective, m, pool, sample_size, seed)
    budget = _Budget(time_limit)
    if search == "auto":
        search = "exhaustive" if math.comb(len(pool), k) <= EXHAUSTIVE_SETS else "swaps"
    if search == "exhaustive":
        members, value, converged = _exhaustive_search(pool, k, score, budget)
        iterations = 0
    else:
        members, value, iterations, converged = _multi_start_search(pool, k, score, max_iter, n_starts, seed, budget)
    return {
        "nodes": sorted_nodes(G.subgraph([view.nodes[i] for i in members])),
        "score": float(value),
        "objective": objective,
        "search": search,
        "exact": search == "exhaustive" and converged and sample_size is None,
        "iterations": iterations,
        "evaluations": score.calls,
        "converged": converged,
        "candidates": len(pool),
        "samples": sample_size,
    }


def _exhaustive_search(pool, k, score, budget):
    """Best of all ``k``-subsets of ``pool``; returns (set, value, complete).

    Subsets come in lexicographic order of the sorted positions (= sorted
    node order), and only a strictly better set (by more than 1e-12)
    replaces the best so far, so ties go to the first.
    """
    best, best_value = None, -np.inf
    for members in itertools.combinations(pool, k):
        value = score(list(members))
        if value > best_value + _IMPROVEMENT:
            best, best_value = list(members), value
        if budget.exhausted():
            return best, best_value, False
    return best, best_value, True


def _multi_start_search(pool, k, score, max_iter, n_starts, seed, budget):
    """Greedy start, then random ones, each improved by swaps; returns
    (best set, value, swap rounds in all, converged)."""
    rng = np.random.default_rng(seed)
    best = None
    converged = True
    iterations = 0
    for start in range(n_starts):
        if start == 0:
            initial = _greedy_start(pool, k, score, budget)
        else:
            initial = sorted(rng.choice(pool, size=k, replace=False).tolist())
        members, value, rounds, at_local_optimum = _swap_search(pool, initial, score, max_iter, budget)
        iterations += rounds
        converged = converged and at_local_optimum
        if best is None or value > best[1] + _IMPROVEMENT:
            best = (members, value)
        if budget.exhausted() and start < n_starts - 1:
            converged = False  # starts left unrun
            break
    return best[0], best[1], iterations, converged


def _candidate_positions(G, view, candidates):
    """Positions of the candidate actors, in sorted node order."""
    if candidates is None:
        if view.n <= ALL_CANDIDATES_UP_TO:
            chosen = list(G)
        else:
            chosen = _highest_degree(G, DEFAULT_CANDIDATES)
    elif is_integer(candidates):
        if candidates < 1:
            raise ValueError(f"candidates must be a positive int, got {candidates!r}")
        chosen = _highest_degree(G, candidates)
    else:
        chosen = _check_members(G, candidates, "candidates")
    return sorted(view.index[node] for node in chosen)


def _highest_degree(G, count):
    order = {node: i for i, node in enumerate(sorted_nodes(G))}
    ranked = sorted(G, key=lambda node: (-G.degree(node), order[node]))
    return ranked[:count]


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


def _set_scorer(view, objective, m, pool, samples, seed):
    if objective == "reach":
        _, dist = _bfs(_step_matrix(view), pool, levels=True)
        from_candidate = dict(zip(pool, dist.T))  # row: distances from that candidate
        return _Scorer(lambda members: _reach_from_rows(np.array([from_candidate[i] for i in members]), m))
    return _Scorer(_FragmentationScorer(view, samples, seed))


def _greedy_start(pool, k, score, budget):
    members = []
    for _ in range(k):
        best_node, best_value = None, -np.inf
        for candidate in pool:
            if candidate in members:
                continue
            value = score(members + [candidate])
            if value > best_value + _IMPROVEMENT:
                best_node, best_value = candidate, value
        members.append(best_node)
        if budget.exhausted() and len(members) < k:
            # Out of time: fill up in pool order so the set still has k actors.
            members += [i for i in pool if i not in members][: k - len(members)]
            break
    return sorted(members)


def _swap_search(pool, members, score, max_iter, budget):
    """Best-improvement swaps from ``members``.

    Returns (set, value, rounds, at_local_optimum): ``at_local_optimum``
    is True only when a complete round of swaps found none that improves
    the set; a round cut short by ``time_limit``, or ``max_iter`` rounds
    spent, leave it False.
    """
    members = sorted(members)
    value = score(members)
    for round_ in range(max_iter):
        best_swap, best_value, complete = _best_swap(pool, members, value, score, budget)
        if best_swap is None:
            return members, value, round_, complete
        members[best_swap[0]] = best_swap[1]
        members.sort()
        value = best_value
        if not complete:
            return members, value, round_ + 1, False
    return members, value, max_iter, False


def _best_swap(pool, members, value, score, budget):
    """One round: the swap (member position, outsider) that improves
    ``value`` most, its value, and whether every swap was tried."""
    best_swap, best_value = None, value
    outsiders = [i for i in pool if i not in members]
    for position in range(len(members)):
        for outsider in outsiders:
            if budget.exhausted():
                return best_swap, best_value, False
            trial = members[:position] + [outsider] + members[position + 1 :]
            trial_value = score(trial)
            if trial_value > best_value + _IMPROVEMENT:
                best_swap, best_value = (position, outsider), trial_value
    return best_swap, best_value, True


# ---------------------------------------------------------------------------
# Removal impact of every actor
# ---------------------------------------------------------------------------


@engine_checked
@graph_checked
def removal_impact(G, engine="auto", approximate=None, samples=None, seed=0):
    """What each actor's departure does to the network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    engine : {"auto", "networkx", "igraph"}
        Implementation of the biconnected components behind ``cutoff``
        (same result).
    approximate : bool or None
        Estimate fragmentation from sampled sources; ``None`` does so above
        :data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE` actors.
    samples : int or None
        Sources per connected part when approximating (default
        :data:`~skane_ecosystem.metrics.engine.DEFAULT_SAMPLES`).
    seed : int
        Seed of the source sample.

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
            component.  Connectivity is weak (direction ignored).  Always
            exact.

        ``attrs["approximate"]`` is ``{"fragmentation": samples}`` when the
        two fragmentation columns are estimates (the same sampled sources
        for the whole network and for every removal), else ``{}``.

    Examples
    --------
    >>> import networkx as nx
    >>> impact = removal_impact(nx.path_graph(5))
    >>> impact["cutoff"].tolist()
    [0, 1, 2, 1, 0]
    >>> round(float(impact.loc[2, "fragmentation_gain"]), 4)  # 2/3 - 0.3583
    0.3083

    Cost: ``cutoff`` comes from the block-cut tree, O(n + m).  For
    fragmentation, a breadth-first search from each source (every actor,
    or the sample) gives its shortest-path tree; an actor's removal only
    lengthens the paths to the actors it *dominates* in that tree (every
    shortest path to them runs through it), so those distances alone are
    repaired, from the undominated actors around them.  Per source that is
    O(m) plus the dominated actors' ties, summed over their dominators --
    O(m) on well-knit networks, up to O(n m) on long chains.  Exact: about
    ``n`` times that; sampled: ``samples`` times per connected part.
    Memory O(n + m).

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34.
    .. [2] Cooper, K. D., Harvey, T. J. & Kennedy, K. (2001). A simple,
       fast dominance algorithm. Rice University, TR-06-33870 (immediate
       dominators as nearest common ancestors of the parents).
    """
    view = GraphView(G)
    k = resolve_samples(view.n, approximate, samples)
    nodes = sorted_nodes(G)
    columns = ["fragmentation", "fragmentation_gain", "cutoff"]
    if not nodes:
        frame = pd.DataFrame(columns=columns, index=pd.Index([], name="node", tupleize_cols=False))
        frame = frame.astype({"fragmentation": float, "fragmentation_gain": float, "cutoff": "int64"})
    else:
        after, gain, cutoff = _removal_impact(view, resolve_engine(view.n, engine), k, seed)
        frame = pd.DataFrame(
            {"fragmentation": after, "fragmentation_gain": gain, "cutoff": cutoff},
            index=pd.Index(view.nodes, name="node", tupleize_cols=False),
        ).reindex(pd.Index(nodes, name="node", tupleize_cols=False))
        frame = frame.astype({"fragmentation": float, "fragmentation_gain": float, "cutoff": "int64"})
    frame.attrs["approximate"] = {} if k is None else {"fragmentation": k}
    return frame


def _removal_impact(view, engine, samples, seed):
    """(fragmentation without each actor, its gain, cut-off actors) as arrays."""
    whole, after = _fragmentation_without_each(view, samples, seed)
    return after, after - whole, _cutoffs(view, engine)


def _cutoffs(view, engine):
    """Actors cut off from the main component by each actor's removal."""
    result = np.zeros(view.n, dtype=np.int64)
    parts = _components(view, engine)
    if not parts:
        return result
    main = {view.index[node] for node in parts[0]}
    tree = BlockCutTree(view, engine)
    for c in tree.cut_vertices.tolist():
        if c in main:
            result[c] = len(main) - 1 - max(tree.piece_sizes(c))
    return result


def _fragmentation_without_each(view, samples, seed):
    """(fragmentation of the whole network, array: without each actor).

    Sums ``h_s = sum_t 1 / d(s, t)`` over the sources, for the whole
    network and, for every actor ``v``, for the network without ``v``:
    ``h_s - 1/d(s, v) - (what v's removal costs s)``.
    """
    n = view.n
    if samples is None:
        sources, weights = np.arange(n), np.ones(n)
    else:
        plan = plan_sources(view, samples, seed)
        sources = np.sort(np.concatenate(plan.batches))
        labels = plan.labels[sources]
        weights = plan.part_size[labels] / plan.part_samples[labels]
    A = view.adjacency
    into = csr_array(A.T)
    into.sort_indices()
    arcs = (np.repeat(np.arange(n), np.diff(A.indptr)), A.indices)
    whole_sum = 0.0
    kept = np.zeros(n)  # sum over sources s != v of w_s h_s without v
    block = max(1, _CELLS_PER_BLOCK // max(n, 1))
    for start in range(0, len(sources), block):
        chunk = sources[start : start + block]
        rows = shortest_path(A, method="D", directed=True, unweighted=True, indices=chunk)
        for s, d, w in zip(chunk, np.atleast_2d(rows), weights[start : start + block]):
            h, inverse, loss = _removal_losses(int(s), d, arcs, into)
            whole_sum += w * h
            without = h - inverse - loss
            without[s] = 0.0  # the source itself is gone
            kept += w * without
    whole = 1.0 - whole_sum / (n * (n - 1)) if n > 1 else 0.0
    if n - 1 < 2:
        return whole, np.zeros(n)
    return whole, 1.0 - kept / ((n - 1) * (n - 2))


def _removal_losses(s, d, arcs, into):
    """For source ``s`` with distances ``d``: ``h_s``, the terms ``1/d(s, v)``
    and, per actor ``v``, the loss in ``sum_t 1/d(s, t)`` when ``v`` goes."""
    n = len(d)
    reached = np.isfinite(d)
    inverse = np.zeros(n)
    inverse[reached] = 1.0 / np.where(d[reached] > 0, d[reached], np.inf)
    h = float(inverse.sum())
    tails, heads = arcs
    on_tree = reached[tails] & (d[heads] == d[tails] + 1)
    idom = _dominator_tree(s, d, tails[on_tree], heads[on_tree], n)
    dominators, dominated = _dominated_pairs(s, idom, reached)
    loss = np.zeros(n)
    if dominators.size:
        repaired = _distances_without(dominators, dominated, d, into, n)
        with np.errstate(divide="ignore"):
            lost = inverse[dominated] - np.where(np.isfinite(repaired), 1.0 / repaired, 0.0)
        loss = np.bincount(dominators, weights=lost, minlength=n)
    return h, inverse, loss


def _dominator_tree(s, d, parents, children, n):
    """Immediate dominator of every reached actor in the shortest-path DAG
    from ``s``: its only parent, or the nearest common dominator of its
    parents (level by level, all actors of a level at once)."""
    idom = np.full(n, -1, dtype=np.int64)
    depth = np.full(n, -1, dtype=np.int64)
    idom[s], depth[s] = s, 0
    if children.size == 0:
        return idom
    level = d[children].astype(np.int64)
    order = np.argsort(level * n + children)  # by level, then by child
    parents, children, level = parents[order], children[order], level[order]
    bounds = np.searchsorted(level, np.arange(1, level[-1] + 2))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        p, c = parents[lo:hi], children[lo:hi]
        first = np.empty(len(c), dtype=bool)
        first[0], first[1:] = True, c[1:] != c[:-1]
        starts = np.flatnonzero(first)
        if len(starts) == len(c):  # every actor of this level has one parent
            common = p
        else:
            common = _nearest_common_dominator(p, starts, np.cumsum(first) - 1, idom, depth)
        idom[c[starts]] = common
        depth[c[starts]] = depth[common] + 1
    return idom


def _nearest_common_dominator(parents, starts, group, idom, depth):
    """Per group of parent arcs: the deepest actor dominating all parents
    (lift the deeper pointers, then all together, until they meet)."""
    x = parents.copy()
    while True:
        dx = depth[x]
        shallowest = np.minimum.reduceat(dx, starts)[group]
        deeper = dx > shallowest
        if deeper.any():
            x[deeper] = idom[x[deeper]]
            continue
        apart = np.minimum.reduceat(x, starts)[group] != np.maximum.reduceat(x, starts)[group]
        if not apart.any():
            return x[starts]
        x[apart] = idom[x[apart]]


def _segment_starts(sorted_values):
    """Index where each run of equal values begins."""
    first = np.empty(len(sorted_values), dtype=bool)
    first[0], first[1:] = True, sorted_values[1:] != sorted_values[:-1]
    return np.flatnonzero(first)


def _dominated_pairs(s, idom, reached):
    """``(v, t)`` for every reached ``t`` and each of its dominators ``v``
    other than the source."""
    targets = np.flatnonzero(reached)
    targets = targets[targets != s]
    above = idom[targets]
    dominators, dominated = [], []
    keep = above != s
    while keep.any():
        targets, above = targets[keep], above[keep]
        dominators.append(above)
        dominated.append(targets)
        above = idom[above]
        keep = above != s
    if not dominators:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(dominators), np.concatenate(dominated)


def _distances_without(dominators, dominated, d, into, n):
    """Distance from the source to each dominated ``t`` once its dominator
    ``v`` is removed (inf if none).

    Undominated actors keep their distance (they have a shortest path
    avoiding ``v``), so each ``t`` starts from its best tie in from outside
    ``v``'s dominated set; distances then spread inside the set along its
    ties (unit steps) until nothing improves.
    """
    pairs = len(dominators)
    starts = into.indptr[dominated]
    counts = into.indptr[dominated + 1] - starts
    owner = np.repeat(np.arange(pairs), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    tail = into.indices[np.repeat(starts, counts) + offsets]
    removed = dominators[owner]
    usable = tail != removed
    owner, tail, removed = owner[usable], tail[usable], removed[usable]
    position = _pair_positions(dominators, dominated, removed, tail, n)
    inside = position >= 0
    repaired = np.full(pairs, np.inf)
    # ``owner`` is sorted, so per-pair minima are segment minima.
    outside_owner = owner[~inside]
    if outside_owner.size:
        starts = _segment_starts(outside_owner)
        repaired[outside_owner[starts]] = np.minimum.reduceat(d[tail[~inside]] + 1, starts)
    source_pair, target_pair = position[inside], owner[inside]
    if target_pair.size:
        starts = _segment_starts(target_pair)
        targets = target_pair[starts]
        while True:
            best = np.minimum.reduceat(repaired[source_pair] + 1, starts)
            improved = best < repaired[targets]
            if not improved.any():
                break
            repaired[targets[improved]] = best[improved]
    return repaired


def _pair_positions(dominators, dominated, removed, tail, n):
    """Position of the pair (``removed[i]``, ``tail[i]``) among the
    (dominator, dominated) pairs, or -1 where ``removed[i]`` does not dominate
    ``tail[i]``.

    An actor's dominators sit one per level of the dominator tree above it, so
    the pairs fit a table indexed by (levels up, dominated actor): each lookup
    is two array reads instead of a binary search among all the pairs.
    """
    depth = np.bincount(dominated, minlength=n) + 1  # the dominators besides the source, and the source
    levels_up = depth[dominated] - depth[dominators]  # at least 1: row 0 of the table stays empty
    table = np.full((levels_up.max() + 1, n), -1, dtype=np.intp)
    table[levels_up, dominated] = np.arange(len(dominated))
    # Only an actor deeper in the tree can be dominated; the others read row 0.
    position = table[np.maximum(depth[tail] - depth[removed], 0), tail]
    position[dominators[position] != removed] = -1  # a different dominator that many levels up
    return position
