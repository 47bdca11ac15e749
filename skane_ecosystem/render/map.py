"""The interactive network map: one self-contained HTML file that works offline.

Policymakers open these maps on locked-down computers, often without internet access,
by double-clicking a file.  So the map is a single HTML page with everything inlined
(the vis-network library shipped inside the ``pyvis`` package, styles, data) and a
Content-Security-Policy that forbids requests to any host and runs only the page's own
scripts.  The data are embedded as JSON and only ever put on the page as text, so an
organisation named ``<script>...`` shows as that name and runs nothing.

The layout is computed here, in Python, with a seed, and coordinates are rounded: the
same input gives the same bytes, which keeps maps diffable and reviewable.

What the reader gets
--------------------
* actors coloured by sector (the colour-blind-safe palette used in every output) or any
  categorical attribute, sized by a measure; ties coloured and dashed by relation,
  as wide as they are strong, with arrows when nominations are directed;
* facilitators and impediments marked by shape and border, listed with their
  explanation in a side panel;
* search by name; filters by relation, wave, sector, municipality and flag;
* a click on an actor highlights its ego network and opens its card (attributes, key
  measures, flags and what its removal would do);
* a legend, the title, source, date, privacy level and, for the demo, a visible
  "synthetic data" label.

Very large networks (more than ``AGGREGATE_ABOVE`` actors) are drawn aggregated, one
circle per community or sector, with a note saying so.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html as _html
import json
import math
import random
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd

from ..atomic import InputFiles, write_atomic
from ..columns import MEASURE_COLUMNS
from ..engines import igraph_available
from ..i18n import catalog, check_language, format_number, t
from ..privacy import MIN_CELL
from ..sectors import SECTOR_COLORS, SECTOR_LABELS, SECTORS, normalize_sector
from . import palette

__all__ = [
    "network_map",
    "NetworkMap",
    "PRIVACY_LEVELS",
    "PHYSICS_MAX_NODES",
    "AGGREGATE_ABOVE",
    "LABEL_LENGTH",
    "label_text",
    "shortened",
]

#: Privacy levels a map can be marked with, shown in its header: the levels of
#: :mod:`skane_ecosystem.privacy`, whose ``apply_privacy`` prepares the data for each.
PRIVACY_LEVELS = ("internal", "public")

#: Above this many drawn nodes the browser's physics simulation is not offered: the
#: layout computed in Python is shown as is, which keeps large maps fast and still.
PHYSICS_MAX_NODES = 300

#: Up to this many actors the layout is networkx's spring layout; above it,
#: igraph's Fruchterman-Reingold (much faster) when python-igraph is installed.
SPRING_MAX_NODES = 300

#: With ``aggregate="auto"``, networks with more actors than this are drawn one
#: circle per community: tens of thousands of dots help no reader.
AGGREGATE_ABOVE = 5000

#: Node radius in pixels for the smallest and largest value of the size measure.
NODE_SIZE_RANGE = (7.0, 26.0)
#: Tie width in pixels for the weakest and strongest tie.
EDGE_WIDTH_RANGE = (1.0, 6.0)
#: Average room per actor in the layout, in pixels (the box side grows with sqrt(n)).
LAYOUT_SPACING = 120.0

#: The longest name (or other value from the data) drawn on the map, in a tooltip, a
#: list, a legend or a figure; the actor's card shows it whole.  vis-network fits the
#: view around every label, so one 20,000-character name would shrink the map to a dot.
LABEL_LENGTH = 60

#: The measures an actor's card shows (those present, in this order, after the size
#: measure).  Other columns the package computes (community and component ids, the
#: individual brokerage roles ...) stay in the tables; columns the package does not
#: know, i.e. the user's own measures, are shown too.
CARD_MEASURES = (
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
    "core_number",
    "brokerage_total",
    "participation",
    "cross_sector_share",
)

_AGGREGATIONS = ("auto", "sector", "community", None)
_IDENTITY_ATTRIBUTES = ("name", "label", "sector", "type", "municipality", "respondent")
_FLAG_REQUIRED_COLUMNS = ("subject", "level", "kind", "code")
_FLAG_KINDS = ("facilitator", "impediment")
_VIS_DIR = ("templates", "lib", "vis-9.1.2")


# ====================================================================== public API
def network_map(
    G,
    actors=None,
    flags=None,
    *,
    color_by="sector",
    size_by=None,
    lang="en",
    title=None,
    synthetic=None,
    privacy="internal",
    source=None,
    removal=None,
    physics=None,
    seed=0,
    date=None,
    aggregate="auto",
    pos=None,
):
    """An interactive, offline HTML map of an ecosystem network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Typically ``Ecosystem.graph()``: nodes carry ``name``, ``sector``, ``type``,
        ``municipality``, ``respondent`` and extra attributes; edges carry ``weight``,
        ``relations``, ``waves`` and ``confirmed``.  Any simple networkx graph works;
        missing attributes fall back to the node id, sector "other" and weight 1.
    actors : pandas.DataFrame, optional
        Indexed by node id, one numeric column per measure (``degree``, ``strength``,
        ``betweenness``, ``constraint`` ...).  Shown on each actor's card; ``size_by``
        picks one.  Without it, the degree is computed from ``G``.
    flags : pandas.DataFrame, optional
        Findings as produced by the analysis: columns ``subject``, ``level``, ``kind``
        ("facilitator" or "impediment") and ``code``; optional ``severity`` (or
        ``score``), ``stability``, ``tentative``, ``explanation_en``,
        ``explanation_sv`` and ``evidence`` (dict).  Actor-level flags mark their
        actor on the map; every flag is listed in the side panel.
    color_by : str
        ``"sector"`` (default) or any categorical node attribute or ``actors`` column,
        e.g. ``"type"``, ``"municipality"`` or ``"community"``.
    size_by : str, optional
        The ``actors`` column that sets node size (default ``"degree"``).
    lang : {"en", "sv"}
        The language of every label on the map.
    title : str, optional
        Default: ``G.graph["title"]``, else "Ecosystem network".
    synthetic : bool, optional
        Whether the data are synthetic; default ``G.graph["synthetic"]``.  Synthetic
        maps carry a visible label saying so.
    privacy : {"internal", "public"}
        Who may see the map, printed in its header.  The map shows what it is given:
        prepare public maps from data passed through
        :func:`skane_ecosystem.privacy.apply_privacy`.
    source : str or list of str, optional
        Where the data come from (e.g. the survey's file name), shown in the header.
    removal : dict, optional
        ``actor id -> {"cut_off": int, "fragmentation_gain": float, ...}``: the
        precomputed impact of removing each actor, shown on its card.
    physics : bool, optional
        Let the browser keep arranging small maps (at most ``PHYSICS_MAX_NODES``
        nodes).  Default: off, so the map shows exactly the seeded layout.
    seed : int
        Seed of the layout (and of community detection when aggregating).
    date : str or datetime.date, optional
        Shown in the header.  Default: no date, so the same input gives the same bytes.
    aggregate : {"auto", "sector", "community", None}
        Draw one circle per sector or community instead of one per actor.  ``"auto"``
        aggregates by community above ``AGGREGATE_ABOVE`` actors; ``None`` never does.
    pos : dict, optional
        Precomputed positions ``node -> (x, y)``, e.g. to draw two survey waves with the
        same layout.  Default: computed from ``G`` with ``seed``.

    Returns
    -------
    NetworkMap
        ``.save(path)`` writes the HTML file; in Jupyter the map shows inline.

    Raises
    ------
    ValueError
        If an argument cannot be used; the message says what to pass instead.

    Notes
    -----
    Layout.  Each connected part of the network is laid out on its own and the parts
    are packed side by side, largest first, with actors without ties in a grid: laid
    out together, a few isolates would push the network into a corner.  Parts of up
    to ``SPRING_MAX_NODES`` actors use networkx's spring layout (Fruchterman &
    Reingold), larger ones igraph's implementation of the same algorithm when
    python-igraph is installed.  Both are seeded and coordinates are rounded to a
    tenth of a pixel.

    Size and speed.  The page carries the vis-network library (about 0.7 MB) plus
    roughly 1.3 kB per actor and 170 bytes per tie; a 2,000-actor map is about 3 MB
    and draws in one to two seconds (``benchmarks/map_open.py``).

    Examples
    --------
    >>> import networkx as nx
    >>> m = network_map(nx.karate_club_graph(), title="Karate club")
    >>> m.n_nodes
    34
    >>> m.save("karate.html")  # doctest: +SKIP

    References
    ----------
    .. [1] vis-network, https://visjs.github.io/vis-network/ (shipped with pyvis).
    .. [2] Okabe, M. & Ito, K. (2008). Color Universal Design: how to make figures and
       presentations that are friendly to colorblind people.
    """
    _check_graph(G)
    lang = check_language(lang)
    _check_choice("privacy", privacy, PRIVACY_LEVELS)
    _check_choice("aggregate", aggregate, _AGGREGATIONS)
    _check_seed(seed)
    ids = _node_ids(G)
    actors = _checked_actors(actors, ids)
    flag_rows = _checked_flags(flags, lang)
    removal = _checked_removal(removal)
    grouping = _grouping(aggregate, G.number_of_nodes())
    physics = _checked_physics(physics, G.number_of_nodes(), grouping)
    measures, size_by = _measures(G, ids, actors, size_by)
    if grouping is None:
        _check_color_by(color_by, G, actors)
        positions = _checked_positions(pos, G, ids) if pos is not None else _layout(G, ids, seed)
    elif pos is not None:
        raise ValueError("pos cannot be combined with aggregation; pass aggregate=None to use it")

    settings = _Settings(
        lang=lang,
        title=str(title) if title is not None else str(G.graph.get("title") or t("common.title", lang)),
        synthetic=bool(G.graph.get("synthetic", False) if synthetic is None else synthetic),
        privacy=privacy,
        source=_source_text(source),
        date=_date_text(date),
        directed=G.is_directed(),
        physics=physics,
        seed=int(seed),
        color_by=color_by,
        size_by=size_by,
        grouping=grouping,
    )
    if grouping is None:
        model = _actor_map(G, ids, actors, measures, flag_rows, removal, positions, settings)
    else:
        model = _aggregated_map(G, ids, measures, flag_rows, settings)
    return NetworkMap(_render(model, settings), settings.title, len(model["nodes"]), grouping)


class NetworkMap:
    """A rendered network map: save it, or let Jupyter show it.

    Parameters
    ----------
    html : str
        The complete, self-contained page.
    title : str
    n_nodes : int
        Circles on the map (actors, or groups when aggregated).
    aggregated : {None, "sector", "community"}

    Examples
    --------
    >>> import networkx as nx
    >>> m = network_map(nx.path_graph(3))
    >>> m.html.startswith("<!DOCTYPE html>")
    True
    """

    #: The files the map was drawn from (set by ``Analysis.explore``): :meth:`save`
    #: never writes over one of them.
    inputs: tuple = ()

    def __init__(self, html: str, title: str, n_nodes: int, aggregated=None):
        self.html = html
        self.title = title
        self.n_nodes = n_nodes
        self.aggregated = aggregated

    def save(self, path) -> Path:
        """Write the map to ``path`` (an ``.html`` file) and return the path.

        The page is written to a temporary file in the same folder and then renamed,
        so a reader never finds a half-written map, even if writing is interrupted.
        A ``path`` that is one of :attr:`inputs` (or a link to one) is refused with
        :class:`~skane_ecosystem.atomic.OutputRefusedError`.
        """
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"save the map as an .html file, not {path.name!r}")
        if not path.parent.is_dir():
            raise ValueError(f"the folder {str(path.parent)!r} does not exist; create it first")
        InputFiles(self.inputs).check_file(path)
        return write_atomic(path, self.html)

    def _repr_html_(self) -> str:
        # An iframe keeps the page's script, styles and security policy apart from the
        # notebook's; srcdoc works the same in classic Jupyter, JupyterLab and VS Code.
        document = _html.escape(self.html, quote=True)
        return (
            f'<iframe srcdoc="{document}" title="{_html.escape(self.title, quote=True)}" '
            'sandbox="allow-scripts" style="width:100%;height:720px;border:1px solid #ddd">'
            "</iframe>"
        )

    def __repr__(self) -> str:
        what = f"{self.n_nodes} {'groups' if self.aggregated else 'actors'}"
        return f"<NetworkMap {self.title!r}: {what}, {len(self.html):,} characters>"


# ============================================================== argument checking
@dataclass(frozen=True)
class _Settings:
    lang: str
    title: str
    synthetic: bool
    privacy: str
    source: str | None
    date: str | None
    directed: bool
    physics: bool
    seed: int
    color_by: str
    size_by: str
    grouping: str | None


def _check_graph(G) -> None:
    if not isinstance(G, nx.Graph):
        raise ValueError(
            f"network_map needs a networkx Graph or DiGraph, got {type(G).__name__}; use Ecosystem.graph() to get one"
        )
    if G.is_multigraph():
        raise ValueError(
            "network_map does not draw multigraphs: combine parallel ties first, "
            "e.g. with Ecosystem.graph(), which sums relations per pair"
        )


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def _check_seed(seed) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer, not {seed!r}")


def _node_ids(G) -> dict:
    """node -> the string id used on the page; ids must stay distinct as text."""
    ids = {node: str(node) for node in G.nodes}
    if len(set(ids.values())) != len(ids):
        raise ValueError(
            "two nodes have the same id when written as text (e.g. 1 and '1'); "
            "relabel the graph so that node ids are distinct strings"
        )
    return ids


def _checked_actors(actors, ids: dict):
    if actors is None:
        return None
    if not isinstance(actors, pd.DataFrame):
        raise ValueError(f"actors must be a pandas DataFrame indexed by actor id, not {type(actors).__name__}")
    frame = actors.copy()
    frame.index = frame.index.map(str)
    if frame.index.has_duplicates:
        repeated = sorted(set(frame.index[frame.index.duplicated()]))[:5]
        raise ValueError(f"actors has repeated ids {repeated}; give each actor one row")
    known = set(ids.values())
    if len(frame) and not known.intersection(frame.index):
        raise ValueError(
            "none of the ids in actors' index are nodes of G (e.g. "
            f"{list(frame.index[:3])} vs {sorted(known)[:3]}); index actors by node id"
        )
    return frame


def _checked_flags(flags, lang: str) -> list[dict]:
    """The flags as plain rows with the explanation in ``lang``, strongest first."""
    if flags is None:
        return []
    if not isinstance(flags, pd.DataFrame):
        raise ValueError(f"flags must be a pandas DataFrame, not {type(flags).__name__}")
    missing = [c for c in _FLAG_REQUIRED_COLUMNS if c not in flags.columns]
    if missing:
        raise ValueError(
            f"flags is missing the column(s) {missing}; it needs {list(_FLAG_REQUIRED_COLUMNS)} "
            "as produced by skane_ecosystem.analyze()"
        )
    rows = []
    for position, record in enumerate(flags.to_dict("records")):
        if record["kind"] not in _FLAG_KINDS:
            raise ValueError(f"flags row {position} has kind {record['kind']!r}; use 'facilitator' or 'impediment'")
        rows.append(_flag_row(record, lang))
    return sorted(rows, key=lambda r: (-_sortable(r["severity"]), r["kind"], r["code"], r["subject"]))


def _flag_row(record: dict, lang: str) -> dict:
    severity = record.get("severity", record.get("score"))
    explanation = record.get(f"explanation_{lang}")
    if _missing(explanation):
        explanation = record.get("explanation_en")
    evidence = record.get("evidence")
    return {
        "subject": str(record["subject"]),
        "level": str(record["level"]),
        "kind": record["kind"],
        "code": str(record["code"]),
        "severity": None if _missing(severity) else float(severity),
        "stability": None if _missing(record.get("stability")) else float(record["stability"]),
        "stability_se": None if _missing(record.get("stability_se")) else float(record["stability_se"]),
        "tentative": False if _missing(record.get("tentative")) else bool(record["tentative"]),
        "explanation": "" if _missing(explanation) else str(explanation),
        "evidence": evidence if isinstance(evidence, dict) else {},
    }


def _checked_removal(removal) -> dict:
    if removal is None:
        return {}
    if not isinstance(removal, dict) or not all(isinstance(v, dict) for v in removal.values()):
        raise ValueError("removal must be a dict: actor id -> {'cut_off': int, 'fragmentation_gain': float, ...}")
    return {str(k): v for k, v in removal.items()}


def _grouping(aggregate, n_nodes: int):
    if aggregate == "auto":
        return "community" if n_nodes > AGGREGATE_ABOVE else None
    return aggregate


def _checked_physics(physics, n_nodes: int, grouping) -> bool:
    if physics is None or physics is False:
        return False
    if physics is not True:
        raise ValueError(f"physics must be True, False or None, not {physics!r}")
    if grouping is None and n_nodes > PHYSICS_MAX_NODES:
        raise ValueError(
            f"physics=True is offered up to {PHYSICS_MAX_NODES} actors; this network has "
            f"{n_nodes}. Leave physics off: the seeded layout is already computed."
        )
    return True


def _check_color_by(color_by, G, actors) -> None:
    if color_by == "sector":
        return
    in_graph = any(color_by in data for _, data in G.nodes(data=True))
    in_frame = actors is not None and color_by in actors.columns
    if not isinstance(color_by, str) or not (in_graph or in_frame):
        raise ValueError(
            f"color_by={color_by!r} is neither a node attribute nor an actors column; "
            f"use one of {_categorical_candidates(G, actors)}"
        )


def _categorical_candidates(G, actors) -> list[str]:
    names = {key for _, data in G.nodes(data=True) for key in data if key not in ("name", "label")}
    if actors is not None:
        names |= {c for c in actors.columns if not pd.api.types.is_float_dtype(actors[c])}
    return sorted(names | {"sector"})


def _measures(G, ids: dict, actors, size_by):
    """The numeric actors columns, one row per node of ``G``, and the size column.

    Nodes missing from ``actors`` get empty measures; actors that are not nodes of
    ``G`` (e.g. measured on a larger network) are left out.
    """
    index = pd.Index(sorted(ids.values()), name="id")
    if actors is None:
        frame = pd.DataFrame(index=index)
    else:
        numeric = [
            c
            for c in actors.columns
            if pd.api.types.is_numeric_dtype(actors[c]) and not pd.api.types.is_bool_dtype(actors[c])
        ]
        frame = actors[numeric].reindex(index)
    if "degree" not in frame.columns:
        degree = {ids[node]: d for node, d in G.degree()}
        frame = frame.assign(degree=[degree[actor] for actor in frame.index])
    size_by = "degree" if size_by is None else size_by
    if size_by not in frame.columns:
        raise ValueError(f"size_by={size_by!r} is not a numeric actors column; use one of {sorted(frame.columns)}")
    return frame, size_by


def _checked_positions(pos, G, ids: dict) -> dict:
    missing = [n for n in G.nodes if n not in pos]
    if missing:
        raise ValueError(f"pos has no position for {len(missing)} node(s), e.g. {missing[:3]}")
    try:
        raw = {ids[n]: (float(pos[n][0]), float(pos[n][1])) for n in G.nodes}
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError("pos must map every node to an (x, y) pair of numbers") from exc
    return _fit_to_box(raw)


# ====================================================================== layout
def _layout(G, ids: dict, seed: int) -> dict[str, tuple[float, float]]:
    """Seeded positions in pixels, rounded so the same input gives the same bytes."""
    return _packed_layout(_canonical_undirected(G, ids), seed, LAYOUT_SPACING)


def _packed_layout(H: nx.Graph, seed: int, spacing: float) -> dict[str, tuple[float, float]]:
    """Each connected part laid out on its own, then the parts packed in rows, largest
    first, with the isolated nodes in a grid below.

    Laid out together, force-directed layouts fling small parts and isolates to the
    far edges and shrink the main part to a speck once the view is fitted; survey
    networks nearly always have a few actors nobody named.
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
    return {node: (_round(x - cx, 1), _round(y - cy, 1)) for node, (x, y) in sorted(positions.items())}


def _scaled_to_side(raw: dict, side: float) -> dict[str, tuple[float, float]]:
    """Positions centred on 0 and scaled so the larger extent equals ``side``."""
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = side / extent
    return {node: ((x - cx) * scale, (y - cy) * scale) for node, (x, y) in raw.items()}


def _canonical_undirected(G, ids: dict) -> nx.Graph:
    """The graph with string ids, inserted in sorted order: the layout must not
    depend on the order in which nodes and ties happened to be added."""
    H = nx.Graph()
    H.add_nodes_from(sorted(ids.values()))
    edges = {}
    for u, v, data in G.edges(data=True):
        pair = tuple(sorted((ids[u], ids[v])))
        edges[pair] = edges.get(pair, 0.0) + _weight(data)
    H.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(edges.items()))
    return H


def _igraph_layout(H: nx.Graph, seed: int) -> dict:
    import igraph as ig

    nodes = list(H.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in H.edges])
    weights = [d["weight"] for _, _, d in H.edges(data=True)]
    rng = random.Random(seed)
    start = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in nodes]
    # igraph draws from a global generator; lend it a seeded one and give it back.
    ig.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(seed=start, weights=weights or None, niter=200, grid=False)
    finally:
        ig.set_random_number_generator(random)
    coords = layout.coords  # a fresh copy on every access: read it once
    return {node: tuple(coords[index[node]]) for node in nodes}


def _fit_to_box(raw: dict, spacing: float = LAYOUT_SPACING) -> dict[str, tuple[float, float]]:
    """Given positions, centred and scaled so each node has about ``spacing`` pixels of room."""
    if not raw:
        return {}
    return _centred(_scaled_to_side(raw, spacing * math.sqrt(len(raw))))


# =============================================================== the actor map
def _actor_map(G, ids, actors, measures, flag_rows, removal, positions, settings) -> dict:
    lang = settings.lang
    by_subject = _actor_flags(flag_rows, set(ids.values()))
    highlighted = _actor_flags(flag_rows, set(ids.values()), firm_only=True)
    colors, color_legend = _node_colors(G, ids, actors, settings)
    sizes = _scaled(measures[settings.size_by].to_dict(), NODE_SIZE_RANGE)
    names = {ids[node]: _name(node, data) for node, data in G.nodes(data=True)}
    nodes = []
    for node, data in sorted(G.nodes(data=True), key=lambda item: ids[item[0]]):
        actor = ids[node]
        kinds = sorted({flag_rows[i]["kind"] for i in highlighted.get(actor, [])})
        marker = palette.flag_marker(kinds)
        x, y = positions[actor]
        nodes.append(
            {
                "id": actor,
                "label": label_text(names[actor]),
                "x": x,
                "y": y,
                "size": sizes.get(actor, NODE_SIZE_RANGE[0]),
                "color": _vis_color(colors[actor], marker),
                "shape": marker["shape"],
                "borderWidth": marker["border_width"],
                "sector": _sector(data),
                "municipality": _clean(data.get("municipality")),
                "flagKinds": kinds,
                "flagCodes": sorted({flag_rows[i]["code"] for i in highlighted.get(actor, [])}),
                "flags": by_subject.get(actor, []),  # its card lists tentative ones too, marked
                "title": _tooltip(names[actor], data, measures, actor, highlighted, flag_rows, settings),
                "card": _card(names[actor], data, measures, actor, removal, settings),
            }
        )
    edges = _actor_edges(G, ids, names, settings)
    flag_list = [_flag_for_page(row, names, lang) for row in flag_rows]
    return {
        "nodes": nodes,
        "edges": edges,
        "flags": flag_list,
        "legend": _legend(color_legend, measures, edges, flag_rows, settings),
        "filters": _filters(nodes, edges, flag_rows, settings),
        "counts": {"actors": len(nodes), "ties": len(edges)},
        "note": None,
    }


def _actor_flags(flag_rows: list[dict], actor_ids: set, firm_only: bool = False) -> dict[str, list[int]]:
    """actor id -> positions of its flags in ``flag_rows``.

    ``firm_only`` leaves out tentative flags (stability below the floor): they are
    no findings, so they never mark, label or filter an actor on the map.
    """
    by_subject: dict[str, list[int]] = {}
    for i, row in enumerate(flag_rows):
        if firm_only and row["tentative"]:
            continue
        if row["level"] == "actor" and row["subject"] in actor_ids:
            by_subject.setdefault(row["subject"], []).append(i)
    return by_subject


def _node_colors(G, ids, actors, settings):
    """actor id -> fill colour, and the legend entries (label, colour)."""
    lang = settings.lang
    if settings.color_by == "sector":
        values = {ids[n]: _sector(d) for n, d in G.nodes(data=True)}
        present = [s for s in SECTORS if s in set(values.values())]
        mapping = {s: SECTOR_COLORS[s] for s in present}
        legend = [(SECTOR_LABELS[lang][s], SECTOR_COLORS[s]) for s in present]
    else:
        values = {ids[n]: _category(ids[n], d, settings.color_by, actors) for n, d in G.nodes(data=True)}
        mapping = palette.categorical_colors(values.values())
        legend = [(shortened(str(v)), c) for v, c in mapping.items() if c != palette.REMAINDER_COLOR]
        if palette.REMAINDER_COLOR in mapping.values() or "" in values.values():
            legend.append((t("legend.other_values", lang), palette.REMAINDER_COLOR))
    colors = {actor: mapping.get(value, palette.REMAINDER_COLOR) for actor, value in values.items()}
    return colors, legend


def _category(actor, data, attribute, actors) -> str:
    """The actor's value of ``attribute``: a node attribute, else an actors column."""
    value = data.get(attribute)
    if _missing(value) and actors is not None and attribute in actors.columns:
        value = actors[attribute].get(actor)
    return "" if _missing(value) else _text(value)


def _vis_color(fill: str, marker: dict = palette.UNFLAGGED_MARKER) -> dict:
    """A vis-network colour object: the fill says the category, the border the flags.
    A flagged actor keeps its flag colour when selected, so selection never hides it."""
    outline = "#000000" if marker is palette.UNFLAGGED_MARKER else marker["border"]
    return {
        "background": fill,
        "border": marker["border"],
        "highlight": {"background": fill, "border": outline},
        "hover": {"background": fill, "border": outline},
    }


def _tooltip(name, data, measures, actor, by_subject, flag_rows, settings) -> str:
    """Plain text (vis-network shows a string title as text, newlines kept)."""
    lang = settings.lang
    lines = [label_text(name), f"{t('map.card.sector', lang)}: {SECTOR_LABELS[lang][_sector(data)]}"]
    for key in ("type", "municipality"):
        if not _missing(data.get(key)) and data.get(key) != "":
            lines.append(f"{t(f'map.card.{key}', lang)}: {shortened(_text(data[key]))}")
    value = measures[settings.size_by].get(actor) if actor in measures.index else None
    lines.append(f"{_measure_label(settings.size_by, lang)}: {_number(value, lang)}")
    for i in by_subject.get(actor, []):
        kind, code = flag_rows[i]["kind"], flag_rows[i]["code"]
        lines.append(f"{t('kind.' + kind, lang)}: {_code_label(code, lang)}")
    return "\n".join(lines)


def _card(name, data, measures, actor, removal, settings) -> dict:
    """What the side panel shows for one actor, every value already formatted; the
    name whole, however long (the page wraps it)."""
    lang = settings.lang
    attributes = [[t("map.card.sector", lang), SECTOR_LABELS[lang][_sector(data)]]]
    for key in ("type", "municipality"):
        if not _missing(data.get(key)) and data.get(key) != "":
            attributes.append([t(f"map.card.{key}", lang), _text(data[key])])
    if "respondent" in data:
        answered = "map.card.yes" if bool(data["respondent"]) else "map.card.no"
        attributes.append([t("map.card.respondent", lang), t(answered, lang)])
    for key in sorted(k for k in data if k not in _IDENTITY_ATTRIBUTES and not _missing(data[k])):
        attributes.append([_attribute_label(key, lang), _text(data[key])])
    sections = [{"title": t("map.card.attributes", lang), "rows": attributes}]
    if actor in measures.index:
        rows = [
            [_measure_label(c, lang), _number(measures.at[actor, c], lang)]
            for c in _card_columns(measures.columns, settings)
        ]
        sections.append({"title": t("map.card.measures", lang), "rows": rows})
    if actor in removal:
        rows = [[_removal_label(k, lang), _number(v, lang)] for k, v in sorted(removal[actor].items())]
        sections.append({"title": t("map.card.removal", lang), "rows": rows})
    return {"heading": name, "sections": sections}


def _card_columns(columns, settings) -> list[str]:
    skipped = {"in_degree", "out_degree"} if not settings.directed else set()
    chosen = [settings.size_by]
    chosen += [c for c in CARD_MEASURES if c in columns and c not in chosen and c not in skipped]
    chosen += [c for c in columns if c not in chosen and c not in MEASURE_COLUMNS]
    return chosen


def _actor_edges(G, ids, names, settings) -> list[dict]:
    """One record per tie.  The tooltip is composed in the page from these parts (names
    are looked up there), which keeps large maps a third smaller; every number is
    still formatted here, for the map's language."""
    lang = settings.lang
    all_relations = sorted({r for _, _, d in G.edges(data=True) for r in _relations(d)})
    styles = palette.relation_styles(all_relations)
    widths = _scaled({i: _weight(d) for i, (_, _, d) in enumerate(G.edges(data=True))}, EDGE_WIDTH_RANGE)
    raw = []
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        source, target = ids[u], ids[v]
        if not settings.directed and target < source:
            source, target = target, source
        relations = _relations(data)
        style = styles[relations[0]] if len(relations) == 1 else palette.MULTIPLE_RELATIONS_STYLE
        raw.append(
            {
                "from": source,
                "to": target,
                "width": widths[i],
                "color": style["color"],
                "dashes": style["dashes"],
                "relations": relations,
                "waves": sorted({_clean(w) for w in data.get("waves", []) or []} - {""}),
                "weight": _number(_weight(data), lang),
                "confirmed": bool(data["confirmed"]) if "confirmed" in data else None,
            }
        )
    raw.sort(key=lambda e: (e["from"], e["to"]))
    pairs = {(e["from"], e["to"]) for e in raw}
    for number, edge in enumerate(raw):
        edge["id"] = f"e{number}"
        if settings.directed and (edge["to"], edge["from"]) in pairs:
            # Two nominations between the same pair would be drawn on top of each
            # other; bending both (in opposite directions) keeps both arrows visible.
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15}
    return raw


def _flag_for_page(row: dict, names: dict, lang: str) -> dict:
    evidence = [
        [_optional_label("evidence", str(k), lang), _evidence_value(v, lang)] for k, v in _by_key(row["evidence"])
    ]
    on_map = row["level"] == "actor" and row["subject"] in names
    name = names.get(row["subject"], row["subject"])
    return {
        "subject": row["subject"] if on_map else None,
        "subjectLabel": label_text(name),
        "level": row["level"],
        "kind": row["kind"],
        "kindLabel": t(f"kind.{row['kind']}", lang),
        "codeLabel": _code_label(row["code"], lang),
        "explanation": row["explanation"].replace(name, label_text(name)),  # as the label names it
        "severity": _number(row["severity"], lang),
        "stability": _stability(row, lang),
        "tentative": row["tentative"],
        "evidence": evidence,
    }


def _stability(row: dict, lang: str) -> str:
    """The stability as the page shows it, with its Monte Carlo standard error when known."""
    if row["stability"] is None or row.get("stability_se") is None:
        return _number(row["stability"], lang)
    return t(
        "stability.value", lang, stability=_number(row["stability"], lang), error=_number(row["stability_se"], lang)
    )


# ========================================================== the aggregated map
def _aggregated_map(G, ids, measures, flag_rows, settings) -> dict:
    lang = settings.lang
    membership, group_labels = _groups(G, ids, measures, settings)
    sector_of = {ids[n]: _sector(d) for n, d in G.nodes(data=True)}
    names = {ids[n]: _name(n, d) for n, d in G.nodes(data=True)}
    members: dict[str, list[str]] = {}
    for actor, group in sorted(membership.items()):
        members.setdefault(group, []).append(actor)

    H = nx.Graph()
    H.add_nodes_from(sorted(members))
    between: dict[tuple, list] = {}
    inside = {g: 0 for g in members}
    for u, v, data in G.edges(data=True):
        a, b = membership[ids[u]], membership[ids[v]]
        if a == b:
            inside[a] += 1
            continue
        pair = tuple(sorted((a, b)))
        slot = between.setdefault(pair, [0, 0.0])
        slot[0] += 1
        slot[1] += _weight(data)
    H.add_weighted_edges_from((a, b, w) for (a, b), (_, w) in sorted(between.items()))
    positions = _packed_layout(H, settings.seed, spacing=260.0)

    sizes = _scaled({g: math.sqrt(len(m)) for g, m in members.items()}, (14.0, 60.0))
    by_subject = _actor_flags(flag_rows, set(membership), firm_only=True)
    nodes = []
    for group in sorted(members):
        sector_counts = _counts(sector_of[a] for a in members[group])
        main_sector = max(SECTORS, key=lambda s: (sector_counts.get(s, 0), -SECTORS.index(s)))
        x, y = positions[group]
        card = _group_card(
            group_labels[group],
            members[group],
            inside[group],
            sector_counts,
            measures,
            names,
            by_subject,
            flag_rows,
            settings,
        )
        nodes.append(
            {
                "id": group,
                "label": group_labels[group],
                "x": x,
                "y": y,
                "size": sizes[group],
                "color": _vis_color(SECTOR_COLORS[main_sector]),
                "shape": "dot",
                "borderWidth": 1,
                "sector": main_sector,
                "municipality": "",
                "flagKinds": [],
                "flagCodes": [],
                "flags": [],
                "title": "\n".join(
                    [
                        group_labels[group],
                        t("map.aggregate.members", lang, count=_count(len(members[group]), settings)),
                        f"{t('map.aggregate.main_sector', lang)}: {SECTOR_LABELS[lang][main_sector]}",
                    ]
                ),
                "card": card,
            }
        )
    widths = _scaled({pair: count for pair, (count, _) in between.items()}, EDGE_WIDTH_RANGE)
    edges = []
    for number, ((a, b), (count, weight)) in enumerate(sorted(between.items())):
        edges.append(
            {
                "id": f"e{number}",
                "from": a,
                "to": b,
                "width": widths[(a, b)],
                "color": palette.MULTIPLE_RELATIONS_STYLE["color"],
                "dashes": False,
                "relations": [],
                "waves": [],
                "title": "\n".join(
                    [
                        f"{group_labels[a]} \u2014 {group_labels[b]}",
                        t("map.aggregate.ties_between", lang, count=_count(count, settings)),
                        f"{t('map.tie.weight', lang)}: {_number(weight, lang)}",
                    ]
                ),
            }
        )
    color_legend = [(SECTOR_LABELS[lang][s], SECTOR_COLORS[s]) for s in SECTORS if s in {n["sector"] for n in nodes}]
    note_key = "map.aggregate.note_sector" if settings.grouping == "sector" else "map.aggregate.note_community"
    return {
        "nodes": nodes,
        "edges": edges,
        "flags": [_flag_for_page(row, names, lang) for row in flag_rows],
        "legend": _aggregated_legend(color_legend, settings),
        "filters": None,
        "counts": {"actors": G.number_of_nodes(), "ties": G.number_of_edges()},
        "note": t(note_key, lang, actors=_count(G.number_of_nodes(), settings), groups=len(nodes)),
    }


def _groups(G, ids, measures, settings):
    """actor id -> group id, and group id -> label."""
    lang = settings.lang
    if settings.grouping == "sector":
        membership = {ids[n]: _sector(d) for n, d in G.nodes(data=True)}
        labels = {s: SECTOR_LABELS[lang][s] for s in set(membership.values())}
        return membership, labels
    H = _canonical_undirected(G, ids)
    # Actors without ties are each a "community" of one; one circle says it better.
    isolates = sorted(n for n in H if H.degree(n) == 0)
    H.remove_nodes_from(isolates)
    found = _communities(H, measures, settings.seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    membership, labels = {}, {}
    for number, community in enumerate(ordered, start=1):
        group = f"community-{number}"
        labels[group] = t("map.aggregate.community", lang, number=number)
        membership.update({actor: group for actor in community})
    if isolates:
        labels["isolated"] = t("map.aggregate.isolated", lang)
        membership.update({actor: "isolated" for actor in isolates})
    return membership, labels


def _communities(H, measures, seed) -> list:
    """The communities of the actors in ``H``: those the analysis found (its
    ``community`` measure), so that the map groups actors as the report counts them.
    Only a graph drawn without an analysis has its communities found here (Louvain)."""
    found = measures["community"].reindex(list(H)) if "community" in measures.columns else None
    if found is not None and found.notna().all():
        return [set(members.index) for _, members in found.groupby(found)]
    return nx.community.louvain_communities(H, weight="weight", seed=seed) if len(H) else []


def _group_card(label, members, inside, sector_counts, measures, names, by_subject, flag_rows, settings):
    lang = settings.lang
    summary = [
        [t("map.aggregate.actors", lang), _number(_count(len(members), settings), lang)],
        [t("map.aggregate.ties_inside", lang), _number(_count(inside, settings), lang)],
    ]
    sectors = [
        [SECTOR_LABELS[lang][s], _share(sector_counts[s], len(members), settings)]
        for s in SECTORS
        if sector_counts.get(s)
    ]
    column = measures[settings.size_by]
    ranked = sorted(members, key=lambda a: (-_sortable(column.get(a)), a))[:10]
    top = [[label_text(names[a]), _number(column.get(a), lang)] for a in ranked]
    kinds = _counts(flag_rows[i]["kind"] for a in members for i in by_subject.get(a, []))
    flagged = [[t(f"kind.{k}", lang), _number(_count(kinds[k], settings), lang)] for k in _FLAG_KINDS if kinds.get(k)]
    sections = [
        {"title": t("map.aggregate.summary", lang), "rows": summary},
        {"title": t("map.card.sector", lang), "rows": sectors},
        {"title": t("map.aggregate.top", lang, measure=_measure_label(settings.size_by, lang)), "rows": top},
    ]
    if flagged:
        sections.append({"title": t("map.panel.flags", lang), "rows": flagged})
    return {"heading": label, "sections": sections}


def _count(n: int, settings) -> int | str:
    """A count as the map may show it: a public map states a count from 1 to
    ``MIN_CELL - 1`` as "fewer than 5", like every other public output."""
    if settings.privacy == "public" and 0 < n < MIN_CELL:
        return t("report.privacy.fewer_than", settings.lang, min_cell=MIN_CELL)
    return n


def _share(count: int, total: int, settings) -> str:
    """``count (percent %)`` of a group's actors; a suppressed count shows no percentage,
    which would give the count away."""
    shown = _count(count, settings)
    if isinstance(shown, str):
        return shown
    return t(
        "map.aggregate.share", settings.lang, count=count, percent=format_number(100 * count / total, settings.lang, 0)
    )


# ======================================================== legend and filters
def _legend(color_legend, measures, edges, flag_rows, settings) -> dict:
    lang = settings.lang
    values = [v for v in measures[settings.size_by].tolist() if not _missing(v)]
    relations = sorted({r for e in edges for r in e["relations"]})
    styles = palette.relation_styles(relations)
    ties = [
        {"label": _relation_label(r, lang), "color": styles[r]["color"], "dash": _svg_dash(styles[r]["dashes"])}
        for r in relations
    ]
    if any(len(e["relations"]) > 1 for e in edges):
        ties.append(
            {
                "label": t("legend.several_relations", lang),
                "color": palette.MULTIPLE_RELATIONS_STYLE["color"],
                "dash": "",
            }
        )
    kinds_present = {row["kind"] for row in flag_rows if row["level"] == "actor" and not row["tentative"]}
    return {
        "color_title": _color_title(settings),
        "colors": [{"label": label, "color": color} for label, color in color_legend],
        "size": t(
            "map.legend.size",
            lang,
            measure=_measure_label(settings.size_by, lang),
            low=_number(min(values), lang) if values else "\u2013",
            high=_number(max(values), lang) if values else "\u2013",
        ),
        "ties": ties,
        "width": t("map.legend.width", lang),
        "arrows": t("map.legend.arrows", lang) if settings.directed else None,
        "markers": _legend_markers(kinds_present, lang),
    }


def _aggregated_legend(color_legend, settings) -> dict:
    lang = settings.lang
    return {
        "color_title": t("map.legend.color_main_sector", lang),
        "colors": [{"label": label, "color": color} for label, color in color_legend],
        "size": t("map.legend.size_groups", lang),
        "ties": [],
        "width": t("map.legend.width_groups", lang),
        "arrows": None,
        "markers": [],
    }


def _color_title(settings) -> str:
    attribute = settings.color_by
    lang = settings.lang
    label = t("map.card.sector", lang) if attribute == "sector" else _attribute_label(attribute, lang)
    return t("legend.color", lang, attribute=label)


def _legend_markers(kinds_present: set, lang: str) -> list[dict]:
    """Every marker is always explained, so a reader knows that no triangle means
    no impediment was found rather than that impediments are not shown."""
    shapes = [("none", palette.UNFLAGGED_MARKER)]
    shapes += [(k, palette.FLAG_MARKERS[k]) for k in ("facilitator", "impediment", "both")]
    markers = []
    for key, marker in shapes:
        markers.append(
            {
                "label": t(f"map.legend.marker_{key}", lang),
                "shape": marker["shape"],
                "border": "#666666" if key == "none" else marker["border"],
                "present": key == "none"
                or key in kinds_present
                or (key == "both" and {"facilitator", "impediment"} <= kinds_present),
            }
        )
    return markers


def _svg_dash(dashes) -> str:
    return "" if not dashes else " ".join(str(d) for d in dashes)


def _filters(nodes, edges, flag_rows, settings) -> dict:
    lang = settings.lang
    present_sectors = {n["sector"] for n in nodes}
    municipalities = sorted({n["municipality"] for n in nodes}, key=lambda m: (m == "", m.casefold()))
    codes = sorted(
        {(row["kind"], row["code"]) for row in flag_rows if row["level"] == "actor" and not row["tentative"]}
    )
    return {
        "relations": [
            {"value": r, "label": _relation_label(r, lang)} for r in sorted({r for e in edges for r in e["relations"]})
        ],
        "waves": [{"value": w, "label": w} for w in sorted({w for e in edges for w in e["waves"]})],
        "sectors": [{"value": s, "label": SECTOR_LABELS[lang][s]} for s in SECTORS if s in present_sectors],
        "municipalities": [
            {"value": m, "label": shortened(m) or t("map.filter.no_municipality", lang)} for m in municipalities
        ],
        "flags": [
            {"value": f"code:{code}", "label": f"{t(f'kind.{kind}', lang)}: {_code_label(code, lang)}"}
            for kind, code in codes
        ],
    }


# ==================================================================== rendering
def _render(model: dict, settings: _Settings) -> str:
    lang = settings.lang
    page_data = {
        "lang": lang,
        "directed": settings.directed,
        "aggregated": settings.grouping,
        "nodes": model["nodes"],
        "edges": model["edges"],
        "flags": model["flags"],
        "labels": _script_labels(lang),
        "relationLabels": {r: _relation_label(r, lang) for e in model["edges"] for r in e["relations"]},
        "options": _vis_options(len(model["nodes"]), settings),
        "dimmed": palette.DIMMED_COLOR,
    }
    data_json = _json_for_script(page_data)
    app_js = _asset("map.js")
    vis_js = _vis_script()
    return _template().render(
        lang=lang,
        L=_Labels(lang),
        title=settings.title,
        synthetic=settings.synthetic,
        synthetic_text=t("common.synthetic", lang),
        privacy=t(f"map.privacy.{settings.privacy}", lang),
        privacy_level=settings.privacy,
        source=settings.source,
        date=settings.date,
        counts=t(
            "map.header.counts",
            lang,
            actors=_count(model["counts"]["actors"], settings),
            ties=_count(model["counts"]["ties"], settings),
        ),
        note=model["note"],
        legend=model["legend"],
        filters=model["filters"],
        has_flags=bool(model["flags"]),
        csp=_content_security_policy([vis_js, app_js]),
        vis_css=_markup(_vis_css()),
        vis_js=_markup(vis_js),
        app_js=_markup(app_js),
        data_json=_markup(data_json),
    )


def _vis_options(n_nodes: int, settings: _Settings) -> dict:
    large = n_nodes > PHYSICS_MAX_NODES
    physics = (
        {"enabled": True, "solver": "barnesHut", "stabilization": {"iterations": 150, "fit": True}}
        if settings.physics
        else {"enabled": False}
    )
    return {
        "autoResize": True,
        "physics": physics,
        "layout": {"improvedLayout": False, "randomSeed": settings.seed},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "nodes": {
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": "#222222",
                "strokeWidth": 3,
                "strokeColor": "#FFFFFF",
            },
            "scaling": {"label": {"enabled": False, "drawThreshold": 9}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": settings.directed, "scaleFactor": 0.6}},
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
        },
    }


_SCRIPT_LABEL_KEYS = (
    "map.panel.actor",
    "map.panel.no_selection",
    "map.search.no_matches",
    "map.search.more",
    "map.status.showing",
    "map.flag.severity",
    "map.flag.stability",
    "map.flag.tentative",
    "map.flag.evidence",
    "map.panel.flags",
    "map.panel.network_flags",
    "map.card.flags",
    "map.card.close",
    "map.tie.relations",
    "map.tie.weight",
    "map.tie.waves",
    "map.tie.confirmed",
    "map.tie.unconfirmed",
    "stability.map_tentative",
)


def _script_labels(lang: str) -> dict:
    """Messages the script fills in itself (e.g. ``{shown}``), so left unformatted."""
    messages = catalog(lang)
    return {key.split(".", 1)[1]: messages[key] for key in _SCRIPT_LABEL_KEYS}


class _Labels:
    """``L['map.legend.title']`` in the template: the message in the map's language."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return t(key, self.lang)


def _json_for_script(data) -> str:
    """JSON that cannot end its <script> element early: ``<``, ``>`` and ``&`` are written
    as \\u escapes, so no ``</script>`` or ``<!--`` can appear, whatever the names say."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _content_security_policy(scripts: list[str]) -> str:
    """Only the page's own scripts may run and nothing may be fetched from anywhere:
    a second line of defence behind escaping, and proof the map works offline."""
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") for s in scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


@lru_cache(maxsize=1)
def _template():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("skane_ecosystem", "render/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("map.html.j2")


@cache
def _asset(name: str) -> str:
    text = (resources.files("skane_ecosystem") / "render" / "templates" / name).read_text(encoding="utf-8")
    return _safe_to_inline(text, name)


@lru_cache(maxsize=1)
def _vis_script() -> str:
    text = _vis_file("vis-network.min.js")
    # The source-map comment would make browser developer tools look for a file
    # that is not there; the map must never ask for anything.
    # (split on "\n" only: the library contains other characters splitlines() breaks at)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL"))
    return _safe_to_inline(text, "vis-network.min.js")


@lru_cache(maxsize=1)
def _vis_css() -> str:
    return _safe_to_inline(_vis_file("vis-network.css"), "vis-network.css")


def _vis_file(name: str) -> str:
    import pyvis

    folder = Path(pyvis.__file__).parent.joinpath(*_VIS_DIR)
    path = folder / name
    if not path.is_file():
        raise RuntimeError(
            f"the vis-network library was not found at {path}; reinstall pyvis (>=0.3.2), which ships it"
        )
    return path.read_text(encoding="utf-8")


def _safe_to_inline(text: str, name: str) -> str:
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RuntimeError(f"{name} contains text that would end its inline element; cannot inline it")
    return text


# ====================================================================== helpers
#: Joins two emoji into one drawn character (woman + laptop = a technologist).
_ZERO_WIDTH_JOINER = "\u200d"


def label_text(name) -> str:
    """A name as a label draws it: one line, no control characters, :func:`shortened`.

    Examples
    --------
    >>> label_text("Evil\\x07 Org\\nAB")
    'Evil Org AB'
    """
    return shortened(_clean(name))


def shortened(text: str, limit: int = LABEL_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when cut.

    The cut falls between characters a reader sees (grapheme clusters): never
    between a letter and its combining accent, nor inside an emoji sequence.

    Parameters
    ----------
    text : str
    limit : int
        At least 2: room for one character and the ellipsis.

    Returns
    -------
    str

    Examples
    --------
    >>> shortened("Region Skåne")
    'Region Skåne'
    >>> shortened("Malmö stads sociala investeringsfond", 12)
    'Malmö stads…'
    """
    if len(text) <= limit:
        return text
    cut = limit - 1
    while cut > 0 and _continues_previous(text, cut):
        cut -= 1
    if cut == 0:  # one "character" longer than the limit (hundreds of accents): cut anyway
        cut = limit - 1
    return text[:cut].rstrip() + "\u2026"


def _continues_previous(text: str, i: int) -> bool:
    """Whether ``text[i]`` is drawn as part of the character before it: a cut there
    would strip an accent off its letter or break an emoji in two."""
    char = text[i]
    return (
        text[i - 1] == _ZERO_WIDTH_JOINER
        or char == _ZERO_WIDTH_JOINER
        or unicodedata.category(char) in ("Mn", "Mc", "Me")  # combining marks
        or "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"  # variation selectors
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tones
        or "\U000e0020" <= char <= "\U000e007f"
    )  # emoji tag sequences


def _name(node, data) -> str:
    for key in ("name", "label"):
        if not _missing(data.get(key)) and str(data[key]).strip():
            return str(data[key])
    return str(node)


def _sector(data) -> str:
    value = data.get("sector")
    if _missing(value):
        return "other"
    return value if value in SECTOR_COLORS else (normalize_sector(value) or "other")


def _relations(data) -> list[str]:
    relations = data.get("relations")
    if relations is None:
        relations = [data["relation"]] if "relation" in data else ["tie"]
    elif isinstance(relations, str):
        relations = [relations]
    return sorted({_clean(r) for r in relations}) or ["tie"]


def _clean(value) -> str:
    """Text used as a filter value: whitespace collapsed and control characters dropped,
    so the value survives the trip through an HTML attribute unchanged."""
    if _missing(value):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in _text(value))
    return " ".join(text.split())


def _weight(data) -> float:
    value = data.get("weight", 1.0)
    return 1.0 if _missing(value) else float(value)


def _scaled(values: dict, bounds: tuple[float, float]) -> dict:
    """Values mapped onto ``bounds`` by square root, so areas grow with the value;
    missing values get the lower bound."""
    low, high = bounds
    present = {k: float(v) for k, v in values.items() if not _missing(v)}
    if not present:
        return {k: low for k in values}
    vmin, vmax = min(present.values()), max(present.values())
    span = vmax - vmin
    scaled = {}
    for key in values:
        if key not in present:
            scaled[key] = low
        elif span == 0:
            scaled[key] = _round((low + high) / 2, 2)
        else:
            scaled[key] = _round(low + (high - low) * math.sqrt((present[key] - vmin) / span), 2)
    return scaled


def _round(value: float, digits: int) -> float:
    rounded = round(value, digits)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in the output


def _number(value, lang: str) -> str:
    if _missing(value):
        return "\u2013"
    if isinstance(value, bool):
        return t("map.card.yes" if value else "map.card.no", lang)
    if hasattr(value, "item"):
        value = value.item()
    return format_number(value, lang) if isinstance(value, (int, float)) else str(value)


def _evidence_value(value, lang: str) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_evidence_value(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_evidence_value(v, lang)}" for k, v in _by_key(value))
    return _number(value, lang)


def _by_key(mapping: dict) -> list[tuple]:
    return sorted(mapping.items(), key=lambda item: str(item[0]))


def _text(value) -> str:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _missing(value) -> bool:
    """None, NaN, NaT and pandas.NA count as missing; anything else is a value."""
    if value is None or value is pd.NA:
        return True
    try:
        return bool(value != value)  # only NaN-like values differ from themselves
    except (TypeError, ValueError):
        return False


def _sortable(value) -> float:
    return float("-inf") if _missing(value) else float(value)


def _counts(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _humanize(code: str) -> str:
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _optional_label(prefix: str, key: str, lang: str) -> str:
    """The catalog's label for ``key`` if it has one, else the key made readable:
    attribute and measure names come from the data and need not be in any catalog."""
    messages = catalog(lang)
    return messages.get(f"{prefix}.{key}", _humanize(key))


def _measure_label(column: str, lang: str) -> str:
    return _optional_label("measure", column, lang)


def _attribute_label(key: str, lang: str) -> str:
    return _optional_label("map.attribute", key, lang)


def _removal_label(key: str, lang: str) -> str:
    return _optional_label("map.removal", key, lang)


def _code_label(code: str, lang: str) -> str:
    return _optional_label("flag", code, lang)


def _relation_label(relation: str, lang: str) -> str:
    return _optional_label("relation", relation, lang)


def _source_text(source) -> str | None:
    if source is None:
        return None
    if isinstance(source, (list, tuple)):
        return ", ".join(str(s) for s in source) or None
    return str(source)


def _date_text(date) -> str | None:
    if date is None:
        return None
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return str(date)
