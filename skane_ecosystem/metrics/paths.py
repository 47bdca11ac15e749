"""Shortest paths between two groups: the share each actor carries.

Who stands between two sectors?  :func:`group_path_shares` counts, for every
actor, the share of the shortest paths between the members of one group and
the members of another that run through it: betweenness restricted to sources
in one group and targets in the other (Brandes 2008, subset betweenness).
The bottleneck finding reads it for every pair of sectors, in every stability
resample, so :class:`GroupPathShares` prepares the graph once and answers
each pair of groups from that.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np

from ._checks import graph_checked
from .engine import AUTO_IGRAPH_ABOVE, GraphView, igraph_available

__all__ = ["group_path_shares", "GroupPathShares"]


@graph_checked
def group_path_shares(G, first, second):
    """Share of the shortest paths between two groups that pass through each actor.

    Each connected pair (``s`` in ``first``, ``t`` in ``second``) counts
    once, and its shortest paths are shared out as in betweenness: actor
    ``v`` carries ``sigma_sv * sigma_vt / sigma_st`` of the pair when
    ``d_sv + d_vt = d_st`` (``sigma`` counts shortest paths, ``d`` is the
    hop distance; the pair's own ends carry nothing).  An actor's share is
    what it carries over the number of connected pairs, so 1.0 means every
    path between the groups runs through it.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are analysed as undirected (two actors are tied when
        either names the other).  Tie strength is not used.
    first, second : iterable of nodes
        The two groups: disjoint sets of actors of ``G``.

    Returns
    -------
    shares : dict
        node -> share in (0, 1], only for actors that carry some path.
    pairs : int
        Number of connected pairs ``(s, t)``; 0 (and no shares) when no
        member of ``first`` can reach a member of ``second``.

    Raises
    ------
    ValueError
        When a member is not in ``G`` or is in both groups.

    Examples
    --------
    >>> import networkx as nx
    >>> group_path_shares(nx.path_graph(4), {0}, {2, 3})
    ({1: 1.0, 2: 0.5}, 2)

    Above 1,500 actors, groups of more than 200 actors are represented by a
    seeded sample of 200 of the ``first`` group's members (see
    :class:`GroupPathShares`).

    References
    ----------
    .. [1] Brandes, U. (2008). On variants of shortest-path betweenness
       centrality and their generic computation. *Social Networks*, 30(2),
       136-145 (section 3.4, betweenness of subsets).
    """
    first, second = set(first), set(second)
    missing = sorted(map(repr, (first | second) - set(G)))
    if missing:
        raise ValueError(f"group members not in the graph: {', '.join(missing[:5])}")
    both = sorted(map(repr, first & second))
    if both:
        raise ValueError(f"the groups must not overlap; in both: {', '.join(both[:5])}")
    undirected = nx.Graph(G) if G.is_directed() else G
    return GroupPathShares(undirected)(first, second)


class GroupPathShares:
    """:func:`group_path_shares` for many pairs of groups of one graph.

    The graph is prepared once; calling the object with two groups gives
    ``(shares, pairs)`` as :func:`group_path_shares` does.  Three ways, by
    size:

    * up to :attr:`MATRIX_MAX` actors (or without igraph), numpy distance
      and path-count matrices, built once: no igraph import for a survey;
    * above it, igraph's subset betweenness, searching from every member of
      the first group (O(|group| m) per pair of groups, where the matrices
      cost O(|group|^2 n));
    * above :attr:`EXACT_MAX` actors, the same from at most
      :attr:`SAMPLED_SOURCES` seeded members of the first group (networkx's
      subset betweenness without igraph).

    Parameters
    ----------
    G : networkx.Graph
        Undirected, simple; not checked here (:func:`group_path_shares`
        checks).

    Examples
    --------
    >>> import networkx as nx
    >>> between = GroupPathShares(nx.path_graph(4))
    >>> between({0}, {3})
    ({1: 1.0, 2: 1.0}, 1)

    References
    ----------
    .. [1] Brandes, U. (2008). On variants of shortest-path betweenness
       centrality and their generic computation. *Social Networks*, 30(2),
       136-145.
    """

    MATRIX_MAX = AUTO_IGRAPH_ABOVE
    EXACT_MAX = 1500
    SAMPLED_SOURCES = 200

    def __init__(self, G):
        self.G = G
        view = GraphView(G)
        self.nodes, self.index = view.nodes, view.index
        self.component = {n: i for i, c in enumerate(nx.connected_components(G)) for n in c}
        self.sampled = len(self.nodes) > self.EXACT_MAX
        self.igraph = view.igraph if len(self.nodes) > self.MATRIX_MAX and igraph_available() else None
        self.dense = self.igraph is None and not self.sampled
        if self.dense:
            distance, self.paths = _distances_and_path_counts(view.adjacency, len(self.nodes))
            # Hop counts as the smallest integers that hold them (an eighth of the
            # memory traffic of floats on a survey); ``unreachable`` exceeds the sum
            # of any two path lengths.
            finite = np.isfinite(distance)
            self.unreachable = 2 * int(distance[finite].max(initial=0)) + 1
            dtype = next(t for t in (np.int8, np.int16, np.int32) if 2 * self.unreachable < np.iinfo(t).max)
            self.hops = np.where(finite, distance, self.unreachable).astype(dtype)

    def __call__(self, first: set, second: set, at_least: float = 0.0) -> tuple[dict, int]:
        """``(shares, pairs)`` between two groups, as :func:`group_path_shares` gives.

        With ``at_least``, the shares may be left out (``({}, pairs)``) when no actor
        can carry that share: a caller looking for a bottleneck then learns that
        there is none without the shares being computed (on the matrices, an
        actor's share is at most the share of pairs it lies on a shortest path of,
        which is counted first).
        """
        if self.sampled and len(first) > self.SAMPLED_SOURCES:
            # Large graphs: the share is estimated from a seeded sample of sources
            # (a ratio of sums over the same sampled pairs, so it stays in [0, 1]).
            rng = np.random.default_rng(0)
            first = set(rng.choice(sorted(first), self.SAMPLED_SOURCES, replace=False).tolist())
        pairs = self._connected_pairs(first, second)
        if not pairs:
            return {}, 0
        if self.dense:
            carried = self._carried_dense(first, second, pairs, at_least)
        elif self.igraph is not None:
            values = self.igraph.betweenness(
                sources=[self.index[n] for n in sorted(first)],
                targets=[self.index[n] for n in sorted(second)],
                directed=False,
            )
            # igraph halves subset betweenness on undirected graphs, as if every pair were
            # seen from both ends; between two disjoint groups each is seen once.
            carried = {v: 2 * c for v, c in zip(self.nodes, values)}
        else:
            values = nx.betweenness_centrality_subset(self.G, sorted(first), sorted(second), normalized=False)
            carried = {v: 2 * c for v, c in values.items()}  # networkx halves too
        return {v: c / pairs for v, c in carried.items() if c > 1e-12}, pairs

    def _carried_dense(self, first: set, second: set, pairs: int, at_least: float) -> dict:
        """What each actor carries of the paths between the groups; empty when none
        can carry ``at_least`` of the ``pairs``."""
        a = np.array([self.index[n] for n in sorted(first)])
        b = np.array([self.index[n] for n in sorted(second)])
        # Blocks of intermediaries v, each a (|a|, block, |b|) array, kept to a few
        # million cells whatever the group sizes.
        block = max(1, 4_000_000 // max(1, len(a) * len(b)))
        blocks = [np.arange(start, min(start + block, len(self.nodes))) for start in range(0, len(self.nodes), block)]
        on_paths = [self._on_shortest_paths(a, v, b) for v in blocks]
        lies_on = np.zeros(len(self.nodes))
        for v, (_, w, _) in zip(blocks, on_paths):
            lies_on[v] = np.bincount(w, minlength=len(v))
        if lies_on.max(initial=0.0) / pairs < at_least:
            # carried <= lies_on (a sum of terms <= 1, rounding being monotone), so
            # every share carried / pairs is below at_least too.
            return {}
        sigma_ab = np.maximum(self.paths[np.ix_(a, b)], 1.0)  # 0 only for unconnected pairs, never on a path
        carried = np.zeros(len(self.nodes))
        for v, (s, w, t) in zip(blocks, on_paths):
            # The share of pair (s, t) that v carries, sigma_sv sigma_vt / sigma_st, in
            # an array of the block's shape summed as a whole: the same floating-point
            # sums, to the last bit, as ever (tests/test_resample_fast.py pins them).
            through = np.zeros((len(a), len(v), len(b)))
            through[s, w, t] = self.paths[a[s], v[w]] * self.paths[v[w], b[t]] / sigma_ab[s, t]
            carried[v] = through.sum(axis=(0, 2))
        return {node: float(c) for node, c in zip(self.nodes, carried) if c > 0}

    def _on_shortest_paths(self, a: np.ndarray, v: np.ndarray, b: np.ndarray) -> tuple:
        """Positions ``(s, w, t)`` where ``v[w]`` lies on a shortest ``a[s]``-``b[t]`` path.

        In small integers: an unconnected pair gets distance -1, which no sum of two
        distances equals; a pair's own end, as an intermediary, the sentinel
        ``unreachable``, which no path length equals.
        """
        d_ab = self.hops[np.ix_(a, b)]
        d_ab = np.where(d_ab == self.unreachable, -1, d_ab)
        d_av, d_vb = self.hops[np.ix_(a, v)], self.hops[np.ix_(v, b)]
        d_av[a[:, None] == v[None, :]] = self.unreachable
        d_vb[v[:, None] == b[None, :]] = self.unreachable
        return np.nonzero((d_av[:, :, None] + d_vb[None, :, :]) == d_ab[:, None, :])

    def _connected_pairs(self, first: set, second: set) -> int:
        in_first = Counter(self.component[n] for n in first)
        in_second = Counter(self.component[n] for n in second)
        return sum(count * in_second.get(c, 0) for c, count in in_first.items())


def _distances_and_path_counts(adjacency, n: int) -> tuple[np.ndarray, np.ndarray]:
    """All-pairs hop distances and numbers of shortest paths, one BFS level at a time.

    ``frontier`` holds, for every source, the number of shortest paths to the nodes
    at the current distance; multiplying by the adjacency matrix (sparse 0/1, so
    the product runs without BLAS, slow on some machines) reaches the next level,
    and nodes already reached are dropped.  Path counts are whole numbers, exact
    in any order of summation.
    """
    distance = np.full((n, n), np.inf)
    np.fill_diagonal(distance, 0)
    paths = np.eye(n)
    reached = np.eye(n, dtype=bool)
    frontier = np.eye(n)
    level = 0
    while True:
        level += 1
        frontier = np.asarray(frontier @ adjacency)
        frontier[reached] = 0
        new = frontier > 0
        if not new.any():
            return distance, paths
        distance[new] = level
        paths[new] = frontier[new]
        reached |= new
