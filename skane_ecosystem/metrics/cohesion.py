"""Network cohesion: components, cut vertices and bridges, density, distances,
transitivity, reciprocity, Freeman centralization, core-periphery fit and
communities.

Connectivity of directed graphs is *weak* (tie direction ignored) unless a
docstring says otherwise: for an ecosystem map, the question is whether two
actors are linked at all.  Components and communities are labelled
``0, 1, 2, ...`` from the largest down; equal sizes are ordered by their
first actor in sorted node order, so labels are reproducible.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse.csgraph import shortest_path

from .centrality import (
    _check_engine,
    _check_graph,
    _check_weights,
    _sorted_nodes,
    betweenness,
    degree,
)
from .engine import GraphView, is_integer, resolve_engine, seeded_igraph_random

__all__ = [
    "components",
    "component_labels",
    "main_component_share",
    "articulation_points",
    "articulation_point_impact",
    "bridges",
    "density",
    "average_distance",
    "diameter",
    "transitivity",
    "reciprocity",
    "degree_centralization",
    "betweenness_centralization",
    "core_periphery",
    "CorePeriphery",
    "communities",
    "modularity",
    "METHODS",
]


def _undirected(G):
    return G.to_undirected(as_view=True) if G.is_directed() else G


def _ordered_groups(G, groups):
    """Groups sorted by size (desc), ties by their first actor in node order."""
    position = {node: i for i, node in enumerate(_sorted_nodes(G))}
    return sorted(
        (set(group) for group in groups),
        key=lambda group: (-len(group), min(position[node] for node in group)),
    )


# ---------------------------------------------------------------------------
# Components, cut vertices, bridges
# ---------------------------------------------------------------------------


def components(G, engine="auto"):
    """Connected components (weak for directed graphs), largest first.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    engine : {"auto", "networkx", "igraph"}
        Implementation (same result); ``"auto"`` uses igraph above
        :data:`~skane_ecosystem.metrics.engine.AUTO_IGRAPH_ABOVE` actors.

    Returns
    -------
    list of set
        Components ordered by size, ties by their first actor; ``[]`` for an
        empty graph.

    Examples
    --------
    >>> import networkx as nx
    >>> components(nx.Graph([(0, 1), (1, 2), (3, 4)]))
    [{0, 1, 2}, {3, 4}]

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*.
       Cambridge University Press, section 4.3.
    """
    _check_engine(engine)
    _check_graph(G)
    view = GraphView(G)
    return _components(view, resolve_engine(view.n, engine))


def _components(view, engine):
    if engine == "igraph":
        membership = view.igraph.connected_components(mode="weak").membership
        groups = {}
        for node, label in zip(view.nodes, membership):
            groups.setdefault(label, set()).add(node)
        return _ordered_groups(view.G, groups.values())
    return _ordered_groups(view.G, _components_networkx(view.G))


def _components_networkx(G):
    return nx.connected_components(_undirected(G))


def component_labels(G, engine="auto"):
    """Component number of each actor, 0 being the largest component.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    engine : {"auto", "networkx", "igraph"}
        As for :func:`components`.

    Returns
    -------
    dict
        node -> int.

    Examples
    --------
    >>> import networkx as nx
    >>> component_labels(nx.Graph([(0, 1), (2, 3), (3, 4)]))
    {2: 0, 3: 0, 4: 0, 0: 1, 1: 1}

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*.
       Cambridge University Press, section 4.3.
    """
    return {node: label for label, group in enumerate(components(G, engine)) for node in group}


def main_component_share(G):
    """Share of actors in the largest (weak) component.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    float
        In (0, 1]; 0 for an empty graph.

    Examples
    --------
    >>> import networkx as nx
    >>> main_component_share(nx.Graph([(0, 1), (1, 2), (3, 4)]))
    0.6

    References
    ----------
    .. [1] Russell, M. G., Huhtamaki, J., Still, K., Rubens, N. &
       Basole, R. C. (2015). Relational capital for shared vision in
       innovation ecosystems. *Triple Helix*, 2(8).
    """
    parts = components(G)
    if not parts:
        return 0.0
    return len(parts[0]) / G.number_of_nodes()


def articulation_points(G, engine="auto"):
    """Cut vertices: actors whose removal disconnects their component.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are analysed as undirected.
    engine : {"auto", "networkx", "igraph"}
        As for :func:`components`.

    Returns
    -------
    list
        Sorted cut vertices.

    Examples
    --------
    >>> import networkx as nx
    >>> articulation_points(nx.path_graph(4))
    [1, 2]

    References
    ----------
    .. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient
       algorithms for graph manipulation. *Communications of the ACM*,
       16(6), 372-378.
    """
    _check_engine(engine)
    _check_graph(G)
    view = GraphView(G)
    return _sorted_nodes(G.subgraph(_articulation_points(view, resolve_engine(view.n, engine))))


def _articulation_points(view, engine):
    """Set of cut vertices (nodes)."""
    if engine == "igraph":
        return {view.nodes[i] for i in view.igraph.articulation_points()}
    return _articulation_points_networkx(view.G)


def _articulation_points_networkx(G):
    return set(nx.articulation_points(_undirected(G)))


def articulation_point_impact(G, engine="auto"):
    """What each cut vertex separates.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are analysed as undirected.
    engine : {"auto", "networkx", "igraph"}
        Implementation of the biconnected components the answer is read
        from (same result).

    Returns
    -------
    pandas.DataFrame
        One row per cut vertex (index, sorted) with ``pieces`` (components
        its own component falls into without it), ``largest_piece`` (size
        of the biggest; among equal sizes the one holding the first actor
        in node order), ``separated`` (actors cut off from that biggest
        piece) and ``separated_nodes`` (tuple of them, sorted).

    Examples
    --------
    >>> import networkx as nx
    >>> impact = articulation_point_impact(nx.path_graph(4))
    >>> impact["separated_nodes"].tolist()
    [(0,), (3,)]

    Cost: O(n + m) to find the pieces of every cut vertex at once (from the
    block-cut tree), plus the size of the ``separated_nodes`` listed.

    References
    ----------
    .. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient
       algorithms for graph manipulation. *Communications of the ACM*,
       16(6), 372-378.
    .. [2] Borgatti, S. P. (2006). Identifying sets of key players in a
       social network. *Computational and Mathematical Organization
       Theory*, 12(1), 21-34 (cut-off actors as a removal impact).
    """
    _check_engine(engine)
    _check_graph(G)
    view = GraphView(G)
    tree = BlockCutTree(view, resolve_engine(view.n, engine))
    cut = _sorted_nodes(G.subgraph([view.nodes[c] for c in tree.cut_vertices]))
    rows = []
    for node in cut:
        sizes, separated = tree.separated(view.index[node])
        rows.append(
            {
                "pieces": len(sizes),
                "largest_piece": max(sizes),
                "separated": len(separated),
                "separated_nodes": tuple(_sorted_nodes(G.subgraph(view.nodes[i] for i in separated))),
            }
        )
    columns = ["pieces", "largest_piece", "separated", "separated_nodes"]
    frame = pd.DataFrame(rows, index=pd.Index(cut, name="node", tupleize_cols=False), columns=columns)
    return frame.astype({"pieces": "int64", "largest_piece": "int64", "separated": "int64"})


class BlockCutTree:
    """The block-cut tree of the undirected view, and what each cut vertex
    separates.

    Tree nodes are the blocks (biconnected components, a bridge being a
    block of two) and the cut vertices, a cut vertex linked to the blocks
    it belongs to.  Removing a cut vertex splits its component into one
    piece per neighbouring tree node; each piece's actors are the cut
    vertices and the other members of the blocks in that subtree.  Rooting
    every tree and sizing every subtree once gives all the pieces of all
    cut vertices in O(n + m).

    Parameters
    ----------
    view : GraphView
    engine : {"networkx", "igraph"}
        Source of the biconnected components.
    """

    def __init__(self, view, engine):
        self.view = view
        blocks, cut = _blocks_and_cut_vertices(view, engine)
        self.cut_vertices = np.asarray(sorted(cut), dtype=np.int64)
        n_blocks = len(blocks)
        cut_node = {c: n_blocks + i for i, c in enumerate(self.cut_vertices.tolist())}
        size = n_blocks + len(cut_node)
        neighbours = [[] for _ in range(size)]
        own = [None] * size  # actors each tree node stands for
        for b, block in enumerate(blocks):
            members = []
            for v in block:
                if v in cut_node:
                    neighbours[b].append(cut_node[v])
                    neighbours[cut_node[v]].append(b)
                else:
                    members.append(v)
            own[b] = members
        for c, node in cut_node.items():
            own[node] = [c]
        self._cut_node = cut_node
        self._neighbours = neighbours
        self._root_every_tree(own)

    def _root_every_tree(self, own):
        size = len(own)
        parent = np.full(size, -1, dtype=np.int64)
        root = np.full(size, -1, dtype=np.int64)
        preorder = []
        for start in range(size):
            if root[start] != -1:
                continue
            root[start] = start
            stack = [start]
            while stack:
                x = stack.pop()
                preorder.append(x)
                for y in self._neighbours[x]:
                    if root[y] == -1:
                        root[y], parent[y] = start, x
                        stack.append(y)
        preorder = np.asarray(preorder, dtype=np.int64)
        weight = np.array([len(members) for members in own], dtype=np.int64)
        subtree_weight = weight.copy()
        subtree_nodes = np.ones(size, dtype=np.int64)
        for x in preorder[::-1]:
            if parent[x] != -1:
                subtree_weight[parent[x]] += subtree_weight[x]
                subtree_nodes[parent[x]] += subtree_nodes[x]
        # Actors in preorder: a subtree's actors are one contiguous slice.
        position = np.empty(size, dtype=np.int64)
        position[preorder] = np.arange(size)
        counts = weight[preorder]
        self._offset = np.concatenate([[0], np.cumsum(counts)])
        self._actors = np.asarray(
            [v for x in preorder.tolist() for v in own[x]], dtype=np.int64
        )
        self._parent, self._root, self._position = parent, root, position
        self._subtree_weight, self._subtree_nodes = subtree_weight, subtree_nodes

    def _slice(self, x):
        start = self._position[x]
        return self._offset[start], self._offset[start + self._subtree_nodes[x]]

    def piece_sizes(self, c):
        """Sizes of the pieces cut vertex ``c`` (a position) leaves behind."""
        x = self._cut_node[c]
        sizes = [
            int(self._subtree_weight[y]) for y in self._neighbours[x] if y != self._parent[x]
        ]
        if self._parent[x] != -1:
            whole = self._subtree_weight[self._root[x]]
            sizes.append(int(whole - self._subtree_weight[x]))
        return sizes

    def component_size(self, c):
        """Actors in the component of cut vertex ``c``."""
        return int(self._subtree_weight[self._root[self._cut_node[c]]])

    def separated(self, c):
        """``(piece sizes, actors outside the largest piece)`` for cut vertex
        ``c``; the largest piece among equal sizes is the one holding the
        first actor in sorted node order."""
        x = self._cut_node[c]
        pieces = [
            self._actors[slice(*self._slice(y))]
            for y in self._neighbours[x]
            if y != self._parent[x]
        ]
        if self._parent[x] != -1:
            lo, hi = self._slice(self._root[x])
            inner_lo, inner_hi = self._slice(x)
            pieces.append(
                np.concatenate([self._actors[lo:inner_lo], self._actors[inner_hi:hi]])
            )
        rank = self.view.rank
        largest = min(
            range(len(pieces)), key=lambda i: (-len(pieces[i]), int(rank[pieces[i]].min()))
        )
        others = [piece for i, piece in enumerate(pieces) if i != largest]
        separated = np.concatenate(others) if others else np.zeros(0, dtype=np.int64)
        return [len(piece) for piece in pieces], separated


def _blocks_and_cut_vertices(view, engine):
    """Biconnected components (as lists of positions) and the set of cut
    vertices of the undirected view."""
    if engine == "igraph":
        cover, cut = view.igraph.biconnected_components(return_articulation_points=True)
        return [list(block) for block in cover], set(cut)
    H = _undirected(view.G)
    index = view.index
    blocks = [[index[node] for node in block] for block in nx.biconnected_components(H)]
    cut = {index[node] for node in nx.articulation_points(H)}
    return blocks, cut


def bridges(G):
    """Bridges: ties whose removal disconnects their component.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are analysed as undirected (a reciprocated pair is
        one tie).

    Returns
    -------
    pandas.DataFrame
        One row per bridge with ``u``, ``v`` (``u`` before ``v`` in node
        order), ``size_u_side`` and ``size_v_side`` (actors on each side
        once the tie is cut) and ``smaller_side`` (tuple of the actors on
        the smaller side, sorted; ``u``'s side on a tie).  Rows are sorted
        by ``u``, ``v``.

    Examples
    --------
    >>> import networkx as nx
    >>> bridges(nx.path_graph(3))[["u", "v", "size_u_side", "size_v_side"]].values.tolist()
    [[0, 1, 1, 2], [1, 2, 2, 1]]

    References
    ----------
    .. [1] Tarjan, R. (1974). A note on finding the bridges of a graph.
       *Information Processing Letters*, 2(6), 160-161.
    """
    _check_graph(G)
    H = nx.Graph(_undirected(G))
    position = {node: i for i, node in enumerate(_sorted_nodes(G))}
    rows = []
    for u, v in nx.bridges(H):
        if position[u] > position[v]:
            u, v = v, u
        H.remove_edge(u, v)
        side_u = nx.node_connected_component(H, u)
        side_v = nx.node_connected_component(H, v)
        H.add_edge(u, v)
        smaller = side_u if len(side_u) <= len(side_v) else side_v
        rows.append(
            {
                "u": u,
                "v": v,
                "size_u_side": len(side_u),
                "size_v_side": len(side_v),
                "smaller_side": tuple(_sorted_nodes(G.subgraph(smaller))),
                "_order": (position[u], position[v]),
            }
        )
    rows.sort(key=lambda row: row.pop("_order"))
    columns = ["u", "v", "size_u_side", "size_v_side", "smaller_side"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"size_u_side": "int64", "size_v_side": "int64"})


# ---------------------------------------------------------------------------
# Density, distances, transitivity, reciprocity
# ---------------------------------------------------------------------------


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
    _check_graph(G)
    return float(nx.density(G)) if G.number_of_nodes() > 1 else 0.0


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
        rows = shortest_path(
            view.adjacency, method="D", directed=view.directed, unweighted=True, indices=sources
        )
        rows[np.arange(len(sources)), sources] = np.inf  # not a pair
        finite = rows[np.isfinite(rows)]
        if finite.size:
            total += float(finite.sum())
            count += int(finite.size)
            longest = max(longest, float(finite.max()))
    return total, count, longest


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
    _check_graph(G)
    total, count, _ = _distance_summary(G)
    return total / count if count else 0.0


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
    _check_graph(G)
    _, _, longest = _distance_summary(G)
    return int(longest)


def transitivity(G):
    """Global clustering: 3 x triangles / connected triples (networkx).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs are analysed as undirected.

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
    _check_graph(G)
    return float(nx.transitivity(nx.Graph(_undirected(G))))


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
    _check_graph(G)
    if G.number_of_edges() == 0:
        return 0.0
    if not G.is_directed():
        return 1.0
    return float(nx.overall_reciprocity(G))


# ---------------------------------------------------------------------------
# Freeman centralization
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Core-periphery (Borgatti & Everett 1999)
# ---------------------------------------------------------------------------

#: :func:`core_periphery` refuses graphs with more actors than this.
CORE_PERIPHERY_MAX_ACTORS = 5_000

#: Up to this many actors the discrete split is found by exhaustive search
#: over all ``2^n`` splits (65,536 at 16 actors, a fraction of a second).
CORE_PERIPHERY_EXACT_UP_TO = 16

#: Default number of starts of the multi-start search on larger graphs.
CORE_PERIPHERY_STARTS = 10

#: Default budget of tabu moves per start: this many per actor.
CORE_PERIPHERY_MOVES_PER_ACTOR = 100

# Fits closer than this are equally good (rounding of the running sums).
_FIT_TIE = 1e-12


class CorePeriphery(tuple):
    """What :func:`core_periphery` returns: unpacks as ``(membership, fit)``.

    Attributes
    ----------
    membership : dict
        Node -> 1 (core) / 0 (periphery), or node -> coreness.
    fit : float
        Pearson correlation with the ideal pattern.
    search : {"exhaustive", "multi-start", "coordinate descent"}
        How the answer was found: every split (exact), the best of several
        local searches (discrete model above
        :data:`CORE_PERIPHERY_EXACT_UP_TO` actors), or the continuous
        model's coordinate updates.
    starts : int or None
        Multi-start search: the number of starts.
    starts_at_best : int or None
        Multi-start search: how many starts ended at the best fit (within
        1e-12).  Many agreeing starts are evidence, not proof, that no
        better split exists.
    converged : bool
        Every local search (or the coordinate updates) stopped because
        nothing improved, not because ``max_iter`` ran out.  Always true for
        exhaustive search.
    """

    def __new__(cls, membership, fit, search, starts=None, starts_at_best=None, converged=True):
        result = super().__new__(cls, (membership, fit))
        result.search = search
        result.starts = starts
        result.starts_at_best = starts_at_best
        result.converged = converged
        return result

    def __getnewargs__(self):
        return (*self, self.search, self.starts, self.starts_at_best, self.converged)

    @property
    def membership(self):
        return self[0]

    @property
    def fit(self):
        return self[1]

    def __repr__(self):
        return (
            f"CorePeriphery(fit={self.fit!r}, search={self.search!r}, starts={self.starts!r}, "
            f"starts_at_best={self.starts_at_best!r}, converged={self.converged!r})"
        )


def core_periphery(
    G,
    kind="discrete",
    core_periphery_ties="ignore",
    weight=None,
    max_iter=None,
    n_starts=None,
    seed=0,
    max_actors=None,
):
    """Borgatti-Everett core-periphery model and its fit.

    *Discrete*: split the actors into core and periphery so that the
    adjacency matrix correlates best with the ideal pattern -- core-core
    pairs tied (1), periphery-periphery pairs not (0) and core-periphery
    pairs either left out of the correlation
    (``core_periphery_ties="ignore"``, B&E's model with the off-diagonal
    blocks treated as missing) or expected to be tied (``"present"``, B&E's
    first pattern matrix).  Pairs are ordered (``a_ij`` and ``a_ji`` both
    count) and the diagonal is left out.

    - Up to :data:`CORE_PERIPHERY_EXACT_UP_TO` (16) actors the answer is
      *exact*: every one of the ``2^n`` splits is scored, vectorised
      (O(2^n n^2) arithmetic; 16 actors take well under a second).
    - Larger graphs: a multi-start tabu search.  The first start is the
      best split of the actors ordered by degree into a top-k core; the
      other ``n_starts - 1`` are random (each actor in the core with a
      probability itself drawn uniformly, from ``seed``).  From each start
      a tabu search (Glover 1989) flips single actors between core and
      periphery, taking the best flip even when it lowers the fit and
      barring recently flipped actors from flipping back, so that it
      walks out of local optima; it stops after ``5 n`` moves without a
      better split.  Its best split is then polished by best-improvement
      flips and core-periphery swaps until neither improves.  The best
      split of all starts is returned, with how many starts reached its
      fit (``starts_at_best``): when most agree, a better split is
      unlikely, though not excluded.  Cost: O(n) per tabu move, at least
      ``5 n`` moves per start, so O(n_starts n^2) and more where better
      splits keep turning up, plus O(n^2) per polishing move (148
      actors: about 0.4 s; 300 actors: about 1 s).

    Equally good splits (fits within 1e-12) are broken deterministically:
    the smallest core wins, then the core whose members come first in
    sorted node order.  Splits with an empty or full core, or whose
    pattern is otherwise constant, have fit 0; so a graph without any
    positively correlated split gets an empty core and fit 0.

    *Continuous*: coreness ``c`` minimising ``sum_{i != j} (a_ij - c_i
    c_j)^2`` by exact coordinate updates (monotone, deterministic), scaled
    to unit length; the fit is the correlation of ``a_ij`` with ``c_i c_j``.
    Directed ties are symmetrised as ``(a_ij + a_ji) / 2``.  Cost: O(n^2)
    per sweep, at most ``max_iter`` sweeps.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    kind : {"discrete", "continuous"}
    core_periphery_ties : {"ignore", "present"}
        Discrete model only; see above.
    weight : str or None
        Tie-strength attribute used as ``a_ij`` (``None``: 0/1).
    max_iter : int or None
        Budget of moves per start (discrete, default ``100 n``) or of
        sweeps (continuous, default 1000).  A search that hits it reports
        ``converged=False``.
    n_starts : int or None
        Discrete model above the exhaustive limit: number of starts (the
        first is the best degree split); ``None`` for
        :data:`CORE_PERIPHERY_STARTS`.  Unused on smaller graphs.
    seed : int
        Seed for the random starts.
    max_actors : int
        Refuse larger graphs (default :data:`CORE_PERIPHERY_MAX_ACTORS`):
        the model works on dense ``n x n`` matrices, four of them, so 5,000
        actors already take 800 MB.  For register-scale networks use the
        k-core (:func:`~skane_ecosystem.metrics.centrality.core_number`).

    Returns
    -------
    CorePeriphery
        A ``(membership, fit)`` pair.  Discrete: node -> 1 (core) or 0
        (periphery); continuous: node -> coreness >= 0.  The fit is the
        Pearson correlation, 0 when undefined (no ties, or fewer than two
        actors).  Its attributes say how it was found (``search``,
        ``starts``, ``starts_at_best``, ``converged``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)  # core 0-2, each with one pendant
    >>> G.add_edges_from([(0, 3), (1, 4), (2, 5)])
    >>> membership, fit = core_periphery(G)
    >>> membership
    {0: 1, 1: 1, 2: 1, 3: 0, 4: 0, 5: 0}
    >>> fit
    1.0
    >>> core_periphery(G).search
    'exhaustive'

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1999). Models of
       core/periphery structures. *Social Networks*, 21(4), 375-395.
    .. [2] Glover, F. (1989). Tabu search -- Part I. *ORSA Journal on
       Computing*, 1(3), 190-206.
    """
    _check_graph(G)
    _check_weights(G, weight)
    if kind not in ("discrete", "continuous"):
        raise ValueError(f"kind must be 'discrete' or 'continuous', got {kind!r}")
    if core_periphery_ties not in ("ignore", "present"):
        raise ValueError(
            f"core_periphery_ties must be 'ignore' or 'present', got {core_periphery_ties!r}"
        )
    if max_iter is not None and (
        isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 0
    ):
        raise ValueError(f"max_iter must be None or a non-negative int, got {max_iter!r}")
    if n_starts is None:
        n_starts = CORE_PERIPHERY_STARTS
    if isinstance(n_starts, bool) or not isinstance(n_starts, int) or n_starts < 1:
        raise ValueError(f"n_starts must be None or a positive int, got {n_starts!r}")
    limit = CORE_PERIPHERY_MAX_ACTORS if max_actors is None else max_actors
    if G.number_of_nodes() > limit:
        raise ValueError(
            f"core_periphery works on dense {G.number_of_nodes()} x {G.number_of_nodes()} "
            f"matrices; graphs above {limit} actors are refused (memory).  Use "
            "core_number() for a k-core instead, or pass a larger max_actors."
        )
    nodes = _sorted_nodes(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight=weight) if nodes else np.zeros((0, 0))
    if kind == "continuous":
        coreness, fit, converged = _continuous_core(A, 1000 if max_iter is None else max_iter)
        membership = dict(zip(nodes, coreness.tolist()))
        return CorePeriphery(membership, fit, "coordinate descent", converged=converged)
    result = _discrete_core(A, core_periphery_ties, max_iter, n_starts, seed)
    membership = {node: int(flag) for node, flag in zip(nodes, result.pop("core"))}
    return CorePeriphery(membership, **result)


def _pearson(count, sum_a, sum_d, sum_ad, sum_aa):
    """Correlation of a with a 0/1 pattern d from sums (arrays allowed)."""
    count = np.asarray(count, dtype=float)
    numerator = count * sum_ad - sum_a * sum_d
    spread_a = count * sum_aa - sum_a**2
    spread_d = count * sum_d - sum_d**2
    denominator = spread_a * spread_d
    safe = denominator > 1e-12
    return np.where(safe, numerator / np.sqrt(np.where(safe, denominator, 1.0)), 0.0)


class _DiscreteFit:
    """Fit of core/periphery splits from block sums: of a batch of splits,
    and of every single-actor flip or core-periphery swap of one split.

    A split is a boolean vector ``x`` (True = core).  The fit needs only
    the core size and, for the core-core and periphery-periphery blocks,
    the sums of ``a_ij`` and of ``a_ij^2``; a move changes those sums by
    row sums of ``S = A + A^T``, so every move of a split is scored in
    O(n^2) at once.  The diagonal of ``A`` is zero (no self-loops).
    """

    def __init__(self, A, variant):
        self.A = A
        self.A2 = A**2
        self.S = A + A.T
        self.S2 = self.A2 + self.A2.T
        self.n = A.shape[0]
        self.total = A.sum()
        self.total2 = self.A2.sum()
        self.variant = variant

    def _fit(self, c, s_cc, s_pp, q_cc, q_pp):
        c = np.asarray(c, dtype=float)
        p = self.n - c
        cc_pairs, pp_pairs = c * (c - 1), p * (p - 1)
        if self.variant == "ignore":
            return _pearson(cc_pairs + pp_pairs, s_cc + s_pp, cc_pairs, s_cc, q_cc + q_pp)
        all_pairs = self.n * (self.n - 1)
        tied = all_pairs - pp_pairs
        return _pearson(all_pairs, self.total, tied, self.total - s_pp, self.total2)

    def fits(self, X):
        """Fit of each row of the boolean matrix ``X`` (one split a row)."""
        core = X.astype(float)
        periphery = 1.0 - core
        return self._fit(
            core.sum(axis=1),
            ((core @ self.A) * core).sum(axis=1),
            ((periphery @ self.A) * periphery).sum(axis=1),
            ((core @ self.A2) * core).sum(axis=1),
            ((periphery @ self.A2) * periphery).sum(axis=1),
        )

    def fit(self, x):
        return float(self.fits(x[np.newaxis, :])[0])

    def _block_sums(self, x):
        xf = x.astype(float)
        yf = 1.0 - xf
        return xf @ self.A @ xf, yf @ self.A @ yf, xf @ self.A2 @ xf, yf @ self.A2 @ yf

    def swap_fits(self, x):
        """Fit after swapping core actor ``i`` with periphery actor ``j``:
        a (core x periphery) array, rows and columns in node order."""
        xf = x.astype(float)
        yf = 1.0 - xf
        core, periphery = np.flatnonzero(x), np.flatnonzero(~x)
        s_cc, s_pp, q_cc, q_pp = self._block_sums(x)
        # i leaves the core and j joins it: the core sum loses i's ties to
        # the core and gains j's ties to the core without i; likewise for
        # the periphery, which j leaves and i joins.
        pair = np.ix_(core, periphery)
        to_core, to_per = self.S @ xf, self.S @ yf
        to_core2, to_per2 = self.S2 @ xf, self.S2 @ yf
        return self._fit(
            len(core),
            s_cc - to_core[core, None] + to_core[None, periphery] - self.S[pair],
            s_pp - to_per[None, periphery] + to_per[core, None] - self.S[pair],
            q_cc - to_core2[core, None] + to_core2[None, periphery] - self.S2[pair],
            q_pp - to_per2[None, periphery] + to_per2[core, None] - self.S2[pair],
        )


def _discrete_core(A, variant, max_iter, n_starts, seed):
    """Best split as a dict: ``core`` (boolean array) and the fields of
    :class:`CorePeriphery` (``fit``, ``search``, ...)."""
    n = A.shape[0]
    if n < 2 or not A.any():
        return {"core": np.zeros(n, dtype=bool), "fit": 0.0, "search": "exhaustive"}
    scorer = _DiscreteFit(A, variant)
    if n <= CORE_PERIPHERY_EXACT_UP_TO:
        return _exhaustive_core(scorer)
    return _multi_start_core(scorer, max_iter, n_starts, seed)


def _exhaustive_core(scorer):
    """Score all ``2^n`` splits (bit ``i`` of the row number = actor ``i``)."""
    n = scorer.n
    splits = (np.arange(2**n)[:, np.newaxis] >> np.arange(n)) & 1
    splits = splits.astype(bool)
    fits = scorer.fits(splits)
    best = fits.max()
    chosen = _preferred(splits[fits >= best - _FIT_TIE])
    return {"core": chosen, "fit": scorer.fit(chosen), "search": "exhaustive"}


def _preferred(splits):
    """Among equally good splits (rows), the smallest core, then the core
    whose members come first in node order."""
    n = splits.shape[1]
    # np.lexsort sorts by its last key first: core size, then actor 0 in
    # the core before out of it, then actor 1, ...
    keys = [~splits[:, i] for i in reversed(range(n))] + [splits.sum(axis=1)]
    return splits[np.lexsort(keys)[0]]


def _multi_start_core(scorer, max_iter, n_starts, seed):
    rng = np.random.default_rng(seed)
    max_moves = max_iter if max_iter is not None else CORE_PERIPHERY_MOVES_PER_ACTOR * scorer.n
    ends, fits, converged = [], [], True
    for start in range(n_starts):
        if start == 0:
            x = _best_degree_split(scorer)
        else:
            x = rng.random(scorer.n) < rng.random()
        x, settled = _tabu_search(x, scorer, rng, max_moves)
        x, fit, at_local_optimum = _local_search(x, scorer, max_moves)
        ends.append(x)
        fits.append(fit)
        converged = converged and settled and at_local_optimum
    fits = np.array(fits)
    at_best = fits >= fits.max() - _FIT_TIE
    chosen = _preferred(np.array(ends)[at_best])
    return {
        "core": chosen,
        "fit": scorer.fit(chosen),
        "search": "multi-start",
        "starts": n_starts,
        "starts_at_best": int(at_best.sum()),
        "converged": converged,
    }


def _best_degree_split(scorer):
    """The best split of the actors, ordered by degree, into a top-k core.

    The block sums of all ``n - 1`` prefixes come from cumulative sums of
    the reordered ``S`` (O(n^2)): the core gains the ties of each new
    member to the members before it; the periphery is the suffix.
    """
    A = scorer.A
    # Stable sort keeps node order among equal degrees.
    order = np.argsort(-(A.sum(axis=0) + A.sum(axis=1)), kind="stable")
    sizes = np.arange(1, scorer.n)
    prefix_sums = []
    for S in (scorer.S, scorer.S2):
        ordered = S[np.ix_(order, order)]
        to_earlier = np.tril(ordered, -1).sum(axis=1)  # ties to earlier actors
        to_later = np.triu(ordered, 1).sum(axis=1)  # ties to later actors
        in_core = np.cumsum(to_earlier)[sizes - 1]
        in_periphery = np.cumsum(to_later[::-1])[::-1][sizes]
        prefix_sums.append((in_core, in_periphery))
    (s_cc, s_pp), (q_cc, q_pp) = prefix_sums
    size = int(sizes[int(np.argmax(scorer._fit(sizes, s_cc, s_pp, q_cc, q_pp)))])
    x = np.zeros(scorer.n, dtype=bool)
    x[order[:size]] = True
    return x


def _tabu_search(x, scorer, rng, max_moves):
    """Tabu search over single-actor flips from ``x`` (Glover 1989).

    Each move makes the best flip, even one that lowers the fit, except
    that an actor just flipped may not flip back for a while (``tenure``
    moves plus a random part, so the search cannot cycle) unless that
    gives a better split than any seen.  Walking through worse splits is
    what lets it leave the local optima that plain improvement stops in.
    It stops after ``5 n`` moves without a better split (returns the best
    split and True) or after ``max_moves`` (the best split and False).
    Each move costs O(n): the flip gains are updated, not recomputed.
    """
    flips = _FlipGains(scorer, x)
    best_x, best_fit = flips.x.copy(), flips.fit
    tenure = max(5, scorer.n // 20)
    tabu_until = np.zeros(scorer.n, dtype=np.int64)
    since_best = 0
    for move in range(max_moves):
        fits = flips.fits()
        allowed = (tabu_until <= move) | (fits > best_fit + _FIT_TIE)
        actor = int(np.argmax(np.where(allowed, fits, -np.inf)))
        flips.flip(actor, float(fits[actor]))
        tabu_until[actor] = move + tenure + rng.integers(tenure)
        if flips.fit > best_fit + _FIT_TIE:
            best_x, best_fit, since_best = flips.x.copy(), flips.fit, 0
        else:
            since_best += 1
            if since_best >= 5 * scorer.n:
                return best_x, True
    return best_x, False


class _FlipGains:
    """A split with the block sums and every actor's ties to core and
    periphery kept up to date, so all flip fits cost O(n) per move."""

    def __init__(self, scorer, x):
        self.scorer = scorer
        self.x = x.copy()
        core = self.x.astype(float)
        periphery = 1.0 - core
        self.to_core, self.to_periphery = scorer.S @ core, scorer.S @ periphery
        self.to_core2, self.to_periphery2 = scorer.S2 @ core, scorer.S2 @ periphery
        self.sums = np.array(scorer._block_sums(self.x))  # s_cc, s_pp, q_cc, q_pp
        self.fit = scorer.fit(self.x)

    def _moved_sums(self):
        """Block sums after each flip: a core actor leaving takes its core
        ties out of the core block and adds its periphery ties to the
        periphery block; a periphery actor joining does the reverse."""
        sign = np.where(self.x, -1.0, 1.0)
        s_cc, s_pp, q_cc, q_pp = self.sums
        return sign, (
            s_cc + sign * self.to_core,
            s_pp - sign * self.to_periphery,
            q_cc + sign * self.to_core2,
            q_pp - sign * self.to_periphery2,
        )

    def fits(self):
        sign, moved = self._moved_sums()
        return self.scorer._fit(self.x.sum() + sign, *moved)

    def flip(self, actor, fit):
        sign, moved = self._moved_sums()
        self.sums = np.array([block[actor] for block in moved])
        column, column2 = self.scorer.S[:, actor], self.scorer.S2[:, actor]
        self.to_core += sign[actor] * column
        self.to_periphery -= sign[actor] * column
        self.to_core2 += sign[actor] * column2
        self.to_periphery2 -= sign[actor] * column2
        self.x[actor] = not self.x[actor]
        self.fit = fit


def _local_search(x, scorer, max_iter):
    """Best-improvement flips, then swaps when no flip helps, from ``x``.

    Returns (split, fit, converged): converged is True when the search
    stopped because no flip or swap improves the fit by more than 1e-12,
    False when ``max_iter`` moves ran out first.
    """
    x = x.copy()
    fit = scorer.fit(x)
    for _ in range(max_iter):
        move = _best_flip(x, scorer, fit) or _best_swap(x, scorer, fit)
        if move is None:
            return x, fit, True
        actors, fit = move
        x[list(actors)] = ~x[list(actors)]
    return x, fit, _best_flip(x, scorer, fit) is None and _best_swap(x, scorer, fit) is None


def _best_flip(x, scorer, fit):
    """(actors to move, new fit) of the best improving flip, or None."""
    candidates = _FlipGains(scorer, x).fits()
    best = int(np.argmax(candidates))
    if candidates[best] <= fit + _FIT_TIE:
        return None
    return (best,), float(candidates[best])


def _best_swap(x, scorer, fit):
    """(actors to move, new fit) of the best improving swap, or None."""
    if x.all() or not x.any():
        return None
    candidates = scorer.swap_fits(x)
    i, j = np.unravel_index(int(np.argmax(candidates)), candidates.shape)
    if candidates[i, j] <= fit + _FIT_TIE:
        return None
    return (np.flatnonzero(x)[i], np.flatnonzero(~x)[j]), float(candidates[i, j])


def _continuous_core(A, max_iter, tol=1e-12):
    """(coreness, fit, converged) of the continuous model."""
    n = A.shape[0]
    if n < 2 or not A.any():
        return np.zeros(n), 0.0, True
    S = (A + A.T) / 2.0
    c = S.sum(axis=1)
    c = c / np.linalg.norm(c)
    converged = False
    for _ in range(max_iter):
        previous = c.copy()
        for i in range(n):
            others = c @ c - c[i] ** 2
            c[i] = (S[i] @ c) / others if others > 0 else 0.0
        if np.abs(c - previous).max() < tol * max(1.0, np.abs(c).max()):
            converged = True
            break
    c = c / np.linalg.norm(c)
    off_diagonal = ~np.eye(n, dtype=bool)
    ideal = np.outer(c, c)[off_diagonal]
    observed = S[off_diagonal]
    if ideal.std() == 0 or observed.std() == 0:
        return c, 0.0, converged
    return c, float(np.corrcoef(observed, ideal)[0, 1]), converged


# ---------------------------------------------------------------------------
# Communities
# ---------------------------------------------------------------------------


METHODS = ("louvain", "leiden")


def communities(G, weight="weight", resolution=1.0, seed=0, engine="auto", method="louvain"):
    """Communities by modularity, seeded, as node -> community number.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs use directed modularity (Leicht & Newman 2008).
    weight : str or None
        Tie-strength attribute (missing = 1).
    resolution : float
        Modularity resolution; above 1 favours smaller communities.
    seed : int
        Seed of the algorithm's random node order; the same seed gives the
        same split.
    engine : {"auto", "networkx", "igraph"}
        Implementation of Louvain: networkx's, or igraph's
        ``community_multilevel`` (undirected graphs only; igraph's random
        number generator is set to a seeded ``random.Random`` for the call
        and then back to its default, Python's ``random`` module).  The two
        implementations visit actors in different random orders, so their
        partitions reach similar modularity but need not be identical.
        ``"auto"`` uses igraph above
        :data:`~skane_ecosystem.metrics.engine.AUTO_IGRAPH_ABOVE` actors
        for undirected graphs when it is installed.
    method : {"louvain", "leiden"}
        ``"leiden"``: the Leiden algorithm (leidenalg, two iterations, its
        own seeded generator), which refines Louvain's moves so that every
        community is connected; directed graphs allowed.  Needs
        python-igraph and leidenalg, so not with ``engine="networkx"``.

    Returns
    -------
    dict
        node -> int, 0 being the largest community (ties by first actor).
        Isolates form their own communities.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(5, 0)
    >>> labels = communities(G)
    >>> sorted(set(labels.values())), labels[0] != labels[9]
    ([0, 1], True)

    Cost: about O(m) per pass; a few passes in practice.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. *Journal
       of Statistical Mechanics*, P10008.
    .. [2] Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain
       to Leiden: guaranteeing well-connected communities. *Scientific
       Reports*, 9, 5233.
    """
    _check_engine(engine)
    _check_graph(G)
    _check_weights(G, weight)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not is_integer(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if method == "leiden" and engine == "networkx":
        raise ValueError(
            "networkx has no Leiden algorithm: use engine='igraph' or 'auto' "
            "(python-igraph and leidenalg), or method='louvain'"
        )
    if G.number_of_nodes() == 0:
        return {}
    view = GraphView(G)
    chosen = _community_engine(view, engine, method)
    return _communities(view, weight, resolution, seed, chosen, method)


def _community_engine(view, engine, method):
    """Engine for :func:`communities`: Leiden needs leidenalg, and igraph's
    Louvain does not take directed graphs."""
    if method == "leiden":
        return resolve_engine(view.n, "igraph" if engine == "auto" else engine, needs_leidenalg=True)
    if view.directed:
        if engine == "igraph":
            raise ValueError(
                "igraph's Louvain takes undirected graphs only: use method='leiden' "
                "or engine='networkx' for a directed graph"
            )
        return "networkx"
    return resolve_engine(view.n, engine)


def _communities(view, weight, resolution, seed, engine, method="louvain"):
    if view.G.number_of_edges() == 0:
        groups = [{node} for node in view.nodes]
    elif method == "leiden":
        groups = _communities_leidenalg(view, weight, resolution, seed)
    elif engine == "igraph":
        groups = _communities_igraph(view, weight, resolution, seed)
    else:
        groups = _communities_networkx(view.G, weight, resolution, seed)
    return {
        node: label for label, group in enumerate(_ordered_groups(view.G, groups)) for node in group
    }


def _groups_from_membership(view, membership):
    groups = {}
    for node, label in zip(view.nodes, membership):
        groups.setdefault(label, set()).add(node)
    return list(groups.values())


def _communities_networkx(G, weight, resolution, seed):
    if G.number_of_edges() == 0:
        return [{node} for node in G]
    return nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)


def _communities_igraph(view, weight, resolution, seed):
    strengths = view.igraph_weights(weight)
    with seeded_igraph_random(seed):
        clustering = view.igraph.community_multilevel(weights=strengths, resolution=resolution)
    return _groups_from_membership(view, clustering.membership)


def _communities_leidenalg(view, weight, resolution, seed):
    import leidenalg

    strengths = view.igraph_weights(weight)
    # RBConfiguration is modularity with a resolution (directed graphs get
    # directed modularity); two iterations are leidenalg's default.
    partition = leidenalg.find_partition(
        view.igraph,
        leidenalg.RBConfigurationVertexPartition,
        weights=strengths,
        resolution_parameter=resolution,
        seed=int(seed),
    )
    return _groups_from_membership(view, partition.membership)


def modularity(G, partition, weight="weight", resolution=1.0):
    """Newman modularity of a partition (networkx).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    partition : dict or iterable of sets
        node -> community label (as from :func:`communities`), or the
        communities themselves.  Must cover every actor of ``G`` exactly
        once; entries for nodes that are not in ``G`` (e.g. survey actors
        left out of this relation) are ignored.
    weight : str or None
        Tie-strength attribute.
    resolution : float

    Returns
    -------
    float
        0 for graphs without ties.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (2, 3)])
    >>> modularity(G, {0: 0, 1: 0, 2: 1, 3: 1})
    0.5

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. *PNAS*, 103(23), 8577-8582.
    """
    _check_graph(G)
    _check_weights(G, weight)
    if isinstance(partition, dict):
        grouped = {}
        for node, label in partition.items():
            if node in G:
                grouped.setdefault(label, set()).add(node)
        groups = list(grouped.values())
    else:
        groups = [{node for node in group if node in G} for group in partition]
        groups = [group for group in groups if group]
    if not nx.community.is_partition(G, groups):
        raise ValueError("partition must put every actor in exactly one community")
    if G.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(G, groups, weight=weight, resolution=resolution))
