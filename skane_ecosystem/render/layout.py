"""Where each actor is drawn: the seeded layout the map, the figures and the GEXF file share.

The layout is computed in Python, with a seed, and coordinates are rounded to a tenth
of a pixel: the same input gives the same bytes, which keeps maps diffable and
reviewable, and a reader can put the map, the printed network and Gephi's view side
by side.  Coordinates are in pixels with the y axis pointing down the page.

Each connected part of the network is laid out on its own and the parts are packed
side by side, largest first, with actors without ties in a grid: laid out together, a
few isolates would push the network into a corner.  Parts of up to
:data:`SPRING_MAX_NODES` actors use networkx's spring layout (Fruchterman & Reingold),
larger ones igraph's implementation of the same algorithm when python-igraph is
installed; parts of more than :data:`GRID_ABOVE` actors use its grid variant, which
computes the repulsion only between nearby actors (as Fruchterman & Reingold
proposed for large graphs): 10,000 actors in under a second instead of 80.

References
----------
.. [1] Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by
   force-directed placement. Software: Practice and Experience 21(11), 1129-1164.
"""

from __future__ import annotations

import math
import random

import networkx as nx

from ..engines import igraph_available
from .attributes import category_of, node_ids, weight_of
from .palette import rounded

__all__ = [
    "layout",
    "packed_layout",
    "canonical_undirected",
    "checked_positions",
    "SPRING_MAX_NODES",
    "GRID_ABOVE",
    "LAYOUT_SPACING",
    "geographic_layout",
    "on_canvas",
    "PIXELS_PER_KM",
]

#: Up to this many actors the layout is networkx's spring layout; above it,
#: igraph's Fruchterman-Reingold (much faster) when python-igraph is installed.
SPRING_MAX_NODES = 300

#: Parts with more actors than this are laid out with the grid variant of
#: Fruchterman-Reingold: the exact one compares every pair of actors in each of its
#: 200 rounds (80 s for 10,000 actors), the grid one only actors in neighbouring
#: cells (under 1 s).  Smaller parts keep the exact variant, and so their drawings.
GRID_ABOVE = 1000

#: Average room per actor in the layout, in pixels (the box side grows with sqrt(n)).
LAYOUT_SPACING = 120.0

#: Scale of the geography view on the map's canvas: neighbouring actors of one
#: municipality (``geography.SPACING_KM``, 1.5 km, apart) are 18 pixels apart, about
#: a small marker's width, and Skåne is some 1,800 pixels wide, so that the view
#: fitted to a laptop's window still shows the actors as dots, not specks.
PIXELS_PER_KM = 12.0


def layout(G, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Seeded positions in pixels, rounded so the same input gives the same bytes.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directions are ignored and the weights of ties between the same pair are
        added; the order in which nodes and ties were added does not matter.
    seed : int

    Returns
    -------
    dict
        node id as text (see :func:`~.attributes.node_ids`) -> (x, y), centred on 0,
        with about :data:`LAYOUT_SPACING` pixels of room per actor.

    Examples
    --------
    >>> import networkx as nx
    >>> positions = layout(nx.path_graph(3), seed=1)
    >>> sorted(positions)
    ['0', '1', '2']
    >>> positions == layout(nx.path_graph([2, 1, 0]), seed=1)
    True
    """
    return packed_layout(canonical_undirected(G, node_ids(G)), seed, LAYOUT_SPACING)


def packed_layout(H: nx.Graph, seed: int, spacing: float) -> dict[str, tuple[float, float]]:
    """Each connected part laid out on its own, then the parts packed in rows, largest
    first, with the isolated nodes in a grid below.

    Laid out together, force-directed layouts fling small parts and isolates to the
    far edges and shrink the main part to a speck once the view is fitted; survey
    networks nearly always have a few actors nobody named.

    Parameters
    ----------
    H : networkx.Graph
        Undirected, with a ``weight`` on every tie (see :func:`canonical_undirected`).
    seed : int
    spacing : float
        Average room per node in pixels.

    Returns
    -------
    dict
        node -> (x, y), rounded to a tenth of a pixel and centred on 0.
    """
    parts = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    boxes = [_component_box(H, part, seed, spacing) for part in parts if len(part) > 1]
    isolates = [part[0] for part in parts if len(part) == 1]
    if isolates:
        boxes.append(_grid_box(isolates, spacing * 0.7))
    return _pack(boxes, gap=spacing)


def _component_box(H: nx.Graph, part: list, seed: int, spacing: float):
    """(positions inside a square box centred on 0, side of the box) for one part."""
    sub = nx.Graph()
    sub.add_nodes_from(part)
    sub.add_weighted_edges_from(sorted((u, v, d["weight"]) for u, v, d in H.subgraph(part).edges(data=True)))
    if len(part) > SPRING_MAX_NODES and igraph_available():
        raw = _igraph_layout(sub, seed)
    else:
        raw = nx.spring_layout(sub, seed=seed, weight="weight", iterations=50)
    side = spacing * math.sqrt(len(part))
    return _scaled_to_side({n: (float(x), float(y)) for n, (x, y) in raw.items()}, side), side


def _grid_box(nodes: list, spacing: float):
    columns = max(1, math.ceil(math.sqrt(len(nodes)) * 1.5))
    rows = math.ceil(len(nodes) / columns)
    side = spacing * max(columns, rows)
    offset = -side / 2 + spacing / 2
    positions = {
        node: (offset + spacing * (i % columns), offset + spacing * (i // columns)) for i, node in enumerate(nodes)
    }
    return positions, side


def _pack(boxes: list, gap: float) -> dict[str, tuple[float, float]]:
    """Shelf packing: boxes left to right in rows about as wide as the whole is tall."""
    if not boxes:
        return {}
    total_area = sum((side + gap) ** 2 for _, side in boxes)
    row_width = max(max(side for _, side in boxes), math.sqrt(total_area) * 1.2)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for positions, side in boxes:
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, (px, py) in positions.items():
            placed[node] = (x + side / 2 + px, y + side / 2 + py)
        x += side + gap
        row_height = max(row_height, side)
    return _centred(placed)


def _centred(positions: dict) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (rounded(x - cx, 1), rounded(y - cy, 1)) for node, (x, y) in sorted(positions.items())}


def _scaled_to_side(raw: dict, side: float) -> dict[str, tuple[float, float]]:
    """Positions centred on 0 and scaled so the larger extent equals ``side``."""
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = side / extent
    return {node: ((x - cx) * scale, (y - cy) * scale) for node, (x, y) in raw.items()}


def canonical_undirected(G, ids: dict) -> nx.Graph:
    """The graph with string ids, inserted in sorted order: the layout must not
    depend on the order in which nodes and ties happened to be added."""
    H = nx.Graph()
    H.add_nodes_from(sorted(ids.values()))
    edges = {}
    for u, v, data in G.edges(data=True):
        pair = tuple(sorted((ids[u], ids[v])))
        edges[pair] = edges.get(pair, 0.0) + weight_of(data)
    H.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(edges.items()))
    return H


def _igraph_layout(H: nx.Graph, seed: int) -> dict:
    import igraph as ig

    nodes = list(H.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in H.edges])
    weights = [d["weight"] for _, _, d in H.edges(data=True)]
    grid = len(nodes) > GRID_ABOVE
    # The grid's cells have unit side: the start must spread the actors over a square
    # of side sqrt(n), as igraph's own start does, or all would share one cell.
    half_side = math.sqrt(len(nodes)) / 2 if grid else 1.0
    rng = random.Random(seed)
    start = [[rng.uniform(-half_side, half_side), rng.uniform(-half_side, half_side)] for _ in nodes]
    # igraph draws from a global generator; lend it a seeded one and give it back.
    ig.set_random_number_generator(random.Random(seed))
    try:
        drawn = graph.layout_fruchterman_reingold(seed=start, weights=weights or None, niter=200, grid=grid)
    finally:
        ig.set_random_number_generator(random)
    coords = drawn.coords  # a fresh copy on every access: read it once
    return {node: tuple(coords[index[node]]) for node in nodes}


def _fit_to_box(raw: dict, spacing: float = LAYOUT_SPACING) -> dict[str, tuple[float, float]]:
    """Given positions, centred and scaled so each node has about ``spacing`` pixels of room."""
    if not raw:
        return {}
    return _centred(_scaled_to_side(raw, spacing * math.sqrt(len(raw))))


def checked_positions(pos, G, ids: dict) -> dict:
    """Positions the caller gave (``node -> (x, y)``), centred and scaled like :func:`layout`'s.

    Raises
    ------
    ValueError
        If a node has no position or a position is not a pair of numbers.
    """
    missing = [n for n in G.nodes if n not in pos]
    if missing:
        raise ValueError(f"pos has no position for {len(missing)} node(s), e.g. {missing[:3]}")
    try:
        raw = {ids[n]: (float(pos[n][0]), float(pos[n][1])) for n in G.nodes}
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError("pos must map every node to an (x, y) pair of numbers") from exc
    return _fit_to_box(raw)


# ------------------------------------------------------------------ geography
def geographic_layout(G, ids: dict, actors=None, geography=None, seed: int = 0, spacing: float | None = None):
    """Each actor at its municipality on a map of the region (see :func:`~skane_ecosystem.geography.place_actors`).

    Parameters
    ----------
    G : networkx.Graph
        Nodes carry ``municipality`` (else ``actors`` has the column).
    ids : dict
        node -> id as text (:func:`~.attributes.node_ids`).
    actors : pandas.DataFrame, optional
    geography : skane_ecosystem.geography.Geography, optional
        Default Skåne.
    seed : int
    spacing : float, optional
        Distance between neighbouring actors of one municipality, in km; default
        ``geography.SPACING_KM``.

    Returns
    -------
    skane_ecosystem.geography.Placement
        In kilometres east and north of the region's centre.

    Raises
    ------
    ValueError
        If no actor's municipality is in the geography's table.
    """
    from ..geography import SPACING_KM, place_actors, skane

    geography = geography or skane()
    written = {ids[node]: category_of(ids[node], data, "municipality", actors) for node, data in G.nodes(data=True)}
    placement = place_actors(written, geography, seed=seed, spacing=spacing or SPACING_KM)
    if not placement.municipality and written:
        raise ValueError(
            f"no actor's municipality is one of {geography.region}'s {len(geography.points)} municipalities, "
            "so they cannot be placed on its map; check the municipality column, or give your region's "
            "table with skane_ecosystem.geography.read_geography"
        )
    return placement


def on_canvas(x_km: float, y_km: float) -> tuple[float, float]:
    """A point of the geography view in canvas pixels: y points down the page, so north is up."""
    return rounded(x_km * PIXELS_PER_KM, 1), rounded(-y_km * PIXELS_PER_KM, 1)
