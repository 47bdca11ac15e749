"""Connectivity: components, cut vertices (articulation points) and bridges.

Who can reach whom at all, and which single actor or tie holds a part of the
ecosystem to the rest.  Connectivity of directed graphs is *weak* (tie
direction ignored): for an ecosystem map, the question is whether two actors
are linked at all.  Components are labelled ``0, 1, 2, ...`` from the largest
down; equal sizes are ordered by their first actor in sorted node order, so
labels are reproducible (communities are numbered the same way).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ._checks import engine_checked, graph_checked
from .engine import GraphView, resolve_engine, sorted_nodes

__all__ = [
    "components",
    "component_labels",
    "main_component_share",
    "articulation_points",
    "articulation_point_impact",
    "BlockCutTree",
    "bridges",
]


def _undirected(G):
    """The undirected view of a directed graph (a tie in either direction), else ``G``."""
    return G.to_undirected(as_view=True) if G.is_directed() else G


def _ordered_groups(G, groups):
    """Groups sorted by size (desc), ties by their first actor in node order."""
    position = {node: i for i, node in enumerate(sorted_nodes(G))}
    return sorted(
        (set(group) for group in groups),
        key=lambda group: (-len(group), min(position[node] for node in group)),
    )


@engine_checked
@graph_checked
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
    view = GraphView(G)
    return _components(view, resolve_engine(view.n, engine))


def _components(view, engine):
    if engine == "igraph":
        membership = view.igraph.connected_components(mode="weak").membership
        groups = {}
        for node, label in zip(view.nodes, membership):
            groups.setdefault(label, set()).add(node)
        return _ordered_groups(view.G, groups.values())
    return _ordered_groups(view.G, nx.connected_components(_undirected(view.G)))


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


@engine_checked
@graph_checked
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
    view = GraphView(G)
    return sorted_nodes(G.subgraph(_articulation_points(view, resolve_engine(view.n, engine))))


def _articulation_points(view, engine):
    """Set of cut vertices (nodes)."""
    if engine == "igraph":
        return {view.nodes[i] for i in view.igraph.articulation_points()}
    return set(nx.articulation_points(_undirected(view.G)))


@engine_checked
@graph_checked
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
    view = GraphView(G)
    tree = BlockCutTree(view, resolve_engine(view.n, engine))
    cut = sorted_nodes(G.subgraph([view.nodes[c] for c in tree.cut_vertices]))
    rows = []
    for node in cut:
        sizes, separated = tree.separated(view.index[node])
        rows.append(
            {
                "pieces": len(sizes),
                "largest_piece": max(sizes),
                "separated": len(separated),
                "separated_nodes": tuple(sorted_nodes(G.subgraph(view.nodes[i] for i in separated))),
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
        self._actors = np.asarray([v for x in preorder.tolist() for v in own[x]], dtype=np.int64)
        self._parent, self._root, self._position = parent, root, position
        self._subtree_weight, self._subtree_nodes = subtree_weight, subtree_nodes

    def _slice(self, x):
        start = self._position[x]
        return self._offset[start], self._offset[start + self._subtree_nodes[x]]

    def piece_sizes(self, c):
        """Sizes of the pieces cut vertex ``c`` (a position) leaves behind."""
        x = self._cut_node[c]
        sizes = [int(self._subtree_weight[y]) for y in self._neighbours[x] if y != self._parent[x]]
        if self._parent[x] != -1:
            whole = self._subtree_weight[self._root[x]]
            sizes.append(int(whole - self._subtree_weight[x]))
        return sizes

    def separated(self, c):
        """``(piece sizes, actors outside the largest piece)`` for cut vertex
        ``c``; the largest piece among equal sizes is the one holding the
        first actor in sorted node order."""
        x = self._cut_node[c]
        pieces = [self._actors[slice(*self._slice(y))] for y in self._neighbours[x] if y != self._parent[x]]
        if self._parent[x] != -1:
            lo, hi = self._slice(self._root[x])
            inner_lo, inner_hi = self._slice(x)
            pieces.append(np.concatenate([self._actors[lo:inner_lo], self._actors[inner_hi:hi]]))
        rank = self.view.rank
        largest = min(range(len(pieces)), key=lambda i: (-len(pieces[i]), int(rank[pieces[i]].min())))
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


@graph_checked
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
    H = nx.Graph(_undirected(G))
    position = {node: i for i, node in enumerate(sorted_nodes(G))}
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
                "smaller_side": tuple(sorted_nodes(G.subgraph(smaller))),
                "_order": (position[u], position[v]),
            }
        )
    rows.sort(key=lambda row: row.pop("_order"))
    columns = ["u", "v", "size_u_side", "size_v_side", "smaller_side"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"size_u_side": "int64", "size_v_side": "int64"})
