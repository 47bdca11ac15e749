"""Static figures for papers, reports and slides (matplotlib).

Every function here returns a :class:`matplotlib.figure.Figure` and does nothing else:
it never shows, prints or switches backends, so it works the same in a Jupyter
notebook (the figure displays when it is the last value of a cell), in a script and
in the report writer.  Figures are built without pyplot, so they never pile up in
pyplot's list of open figures; they are :class:`EcosystemFigure` objects, plain
matplotlib Figures that also know how to show themselves in Jupyter.

The figures speak the same visual language as the interactive map
(:mod:`skane_ecosystem.render.map`): sector colours from
:data:`skane_ecosystem.sectors.SECTOR_COLORS`, relation colours and dashes and the
facilitator / impediment markers from :mod:`skane_ecosystem.render.palette`, and the
very same seeded layout, so a reader can put the map and the printed network side by
side.  Like the map, the figure's y axis points down.

Reproducible output
-------------------
Same data, same figure, same bytes: layouts and jitter are seeded, the font
(DejaVu Sans, shipped with matplotlib), sizes and resolution are fixed, and
:func:`save_figure` strips the timestamps and random ids that PNG, SVG and PDF files
would otherwise carry.

Every label comes from the message catalogs (``render/i18n/<lang>/figures.json``), in
English or Swedish; numbers printed as text follow the language (a decimal comma in
Swedish).

Examples
--------
>>> import networkx as nx
>>> fig = network_figure(nx.karate_club_graph(), title="Karate club")
>>> save_figure(fig, "karate.png")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from contextlib import contextmanager
from pathlib import Path

import matplotlib.style
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import patheffects, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, ScalarFormatter
from matplotlib.transforms import Bbox

from ..atomic import write_atomic
from ..i18n import catalog, check_language, format_number, t
from ..sectors import SECTOR_COLORS, SECTOR_LABELS, SECTORS
from . import palette
from .attributes import actor_name, category_of, node_ids, relations_of, sector_of, weight_of
from .labels import humanize, label_text, named_first, number_text, shortened
from .layout import checked_positions, layout
from .map_data import check_color_by, checked_actors, checked_flags, measure_table
from .palette import scaled

__all__ = [
    "network_figure",
    "sector_heatmap",
    "measure_by_sector",
    "robustness_figure",
    "wave_change_figure",
    "has_wave_change_to_draw",
    "save_figure",
    "figure_bytes",
    "removal_order_label",
    "EcosystemFigure",
    "FORMATS",
    "FIGURE_DPI",
]

#: File formats :func:`save_figure` writes.
FORMATS = ("png", "svg", "pdf")

#: Resolution of saved raster images (dots per inch): sharp in print.
FIGURE_DPI = 200

#: Resolution of the image a notebook shows (about the width of a notebook cell).
SCREEN_DPI = 100

#: The only font used: shipped with matplotlib, so every machine draws the same glyphs,
#: and it covers Swedish letters and the narrow no-break space of Swedish numbers.
FONT = "DejaVu Sans"

#: Node marker diameter in points for the smallest and largest value of the size measure.
NODE_DIAMETER_RANGE = (6.0, 22.0)

#: Tie width in points for the weakest and strongest tie.
EDGE_WIDTH_RANGE = (0.5, 2.4)

#: Above this many actors, markers and ties get thinner (with the square root of the
#: number of actors, as the room per actor shrinks), so that a large network stays a
#: network rather than a blot; the map does the same by letting the reader zoom.
CROWDED_ABOVE = 150

#: At most this many actors are named in a network figure (by default): those with
#: findings first, then the largest (:func:`~skane_ecosystem.render.labels.named_first`).
MAX_LABELS = 20

#: Directed networks get one arrow per tie up to this many ties; above it, plain lines,
#: since thousands of arrowheads are slow to draw and impossible to read.
ARROWS_MAX_EDGES = 2000

#: The map's dash patterns are in screen pixels; a CSS pixel is 0.75 typographic points.
_POINTS_PER_PIXEL = 0.75

# Applied while a figure is built and while it is saved: matplotlib reads some settings
# when an artist is created (fonts, sizes) and others when the file is written (svg and
# pdf options), and a user's matplotlibrc or notebook style must not change either.
_HOUSE_STYLE = {
    "font.family": FONT,
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.0,
    "legend.fontsize": 8.0,
    "legend.title_fontsize": 8.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.scale_dashes": False,
    "svg.hashsalt": "skane-ecosystem",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "figure.dpi": 100.0,
    "savefig.dpi": FIGURE_DPI,
}

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}

_NETWORK_SIZE = (10.0, 7.5)
_HEATMAP_SIZE = (6.8, 5.4)
_MEASURE_SIZE = (7.5, 4.8)
_ROBUSTNESS_SIZE = (7.5, 4.8)
_NOTE_COLOR = "#B2182B"
_LEGEND_GREY = "#888888"
# Ties half see-through: where many cross, the actors and their names stay readable.
_TIE_ALPHA = 0.55
_LEGEND_FILL = "#D9D9D9"
_LEGEND_OUTLINE = "#555555"
_TEXT_COLOR = "#222222"
_BEFORE_COLOR = "#BBBBBB"
_AFTER_COLOR = SECTOR_COLORS["public"]
_CURVE_DASHES = ("-", "--", ":", "-.")
# The categorical palette without its two pale colours, which vanish as thin lines.
_CURVE_COLORS = tuple(c for c in palette.CATEGORICAL_COLORS if c not in ("#88CCEE", "#DDCC77"))
_NORMALIZE = (None, "row", "all")


# ============================================================== the network
def network_figure(
    G,
    actors=None,
    flags=None,
    color_by="sector",
    size_by="degree",
    positions=None,
    label_flagged=True,
    lang="en",
    title=None,
    synthetic=None,
    seed=0,
):
    """The ecosystem network as a static figure, drawn like the interactive map.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Typically ``Ecosystem.graph()`` (nodes carry ``name`` and ``sector``; edges
        ``weight`` and ``relations``).  Any simple networkx graph works: missing
        attributes fall back to the node id, sector "other" and weight 1.
    actors : pandas.DataFrame, optional
        Indexed by node id, with measure columns (``Analysis.actors``); ``size_by``
        picks one.  Without it, the degree is computed from ``G``.
    flags : pandas.DataFrame, optional
        Findings (``Analysis.flags``): columns ``subject``, ``level``, ``kind``
        ("facilitator" or "impediment") and ``code``.  Actors with actor-level
        findings get the facilitator / impediment marker and, with
        ``label_flagged``, their name; tentative flags (column ``tentative``
        True: stability below the floor) mark and name no one.
    color_by : str
        ``"sector"`` (the sector colours of every output) or any categorical node
        attribute or ``actors`` column, e.g. ``"type"`` or ``"municipality"``.
    size_by : str
        The ``actors`` column that sets the marker size (area grows with the value).
    positions : dict, optional
        ``node -> (x, y)``; fitted to the same box as the map's.  Default: the map's
        seeded layout, so figure and map look alike.
    label_flagged : bool or int
        How many actors to name: ``True`` up to ``MAX_LABELS``, an integer up to that
        many, ``False`` none.  The names are chosen as the map chooses them
        (:func:`~skane_ecosystem.render.labels.named_first`): actors with findings
        first, the strongest (highest score) first, then the largest by ``size_by``,
        so the hubs a reader sees are named.  Other names are left out: on a printed
        page, every name is no name.  Every flagged actor keeps its marker either way.
    lang : {"en", "sv"}
    title : str, optional
        Default: ``G.graph["title"]``, else "Ecosystem network".
    synthetic : bool, optional
        Print the "synthetic data" note; default ``G.graph["synthetic"]``.
    seed : int
        Seed of the layout (the same seed gives the same layout as the map).

    Returns
    -------
    matplotlib.figure.Figure
        One axes with the network and a legend: colours, what size means, tie styles
        and markers.  The actors are one scatter collection, the axes' last, with one
        point per actor; its ``actor_ids`` attribute lists the actor of each point.
        Points are in drawing order: larger markers first, so that small ones stay
        visible, and actors with findings last, on top.

    Raises
    ------
    ValueError
        If an argument cannot be used; the message says what to pass instead.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.karate_club_graph()
    >>> fig = network_figure(G, title="Karate club")
    >>> actors = fig.axes[0].collections[-1]
    >>> len(actors.get_offsets()), actors.actor_ids[0]  # the largest marker first
    (34, '33')

    References
    ----------
    .. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make
       figures and presentations that are friendly to colorblind people.
    """
    _check_network(G)
    lang = check_language(lang)
    _check_seed(seed)
    ids = node_ids(G)
    actors = checked_actors(actors, ids)
    flag_rows = checked_flags(flags, lang)
    measures, size_by = measure_table(G, ids, actors, size_by)
    check_color_by(color_by, G, actors)
    if positions is None:
        positions = layout(G, seed)
    else:
        positions = checked_positions(positions, G, ids)

    nodes = _NodeTable.build(G, ids, actors, measures, size_by, color_by, flag_rows, positions)
    with _house_style():
        fig = _new_figure(_NETWORK_SIZE)
        ax = fig.add_subplot()
        relations_drawn, several = _draw_ties(ax, G, ids, nodes)
        _draw_actors(ax, nodes)
        _frame_network(ax, nodes)
        ax.set_title(_network_title(G, title, lang))
        _network_legend(
            fig, nodes, measures[size_by], size_by, relations_drawn, several, flags is not None, color_by, lang
        )
        if _is_synthetic(G, synthetic):
            _add_synthetic_note(fig, lang)
        # Last: placing labels clear of each other needs the final layout.
        _name_actors(fig, ax, nodes, _label_count(label_flagged))
    return fig


class _NodeTable:
    """What the figure needs to know about each actor, in sorted-id order."""

    def __init__(self, order, xy, colors, legend, sizes, diameters, markers, names, flagged, scores, crowding):
        self.order = order  # actor ids
        self.xy = xy  # (n, 2) array of positions
        self.colors = colors  # actor id -> hex colour
        self.legend = legend  # [(label, hex colour)] for the colour legend
        self.sizes = sizes  # actor id -> value of the size measure (may be missing)
        self.diameters = diameters  # actor id -> marker diameter in points
        self.markers = markers  # actor id -> palette marker dict
        self.names = names  # actor id -> the name as the map labels it (one line, shortened)
        self.flagged = flagged  # actor ids with actor-level findings, sorted
        self.scores = scores  # flagged actor id -> its strongest finding's score
        self.crowding = crowding  # 1, or less for large networks (see CROWDED_ABOVE)

    @property
    def diameter_range(self) -> tuple[float, float]:
        return tuple(d * self.crowding for d in NODE_DIAMETER_RANGE)

    @classmethod
    def build(cls, G, ids, actors, measures, size_by, color_by, flag_rows, positions):
        order = sorted(ids.values())
        node_of = {actor: node for node, actor in ids.items()}
        kinds: dict[str, set] = {}
        scores: dict[str, float] = {}
        for row in flag_rows:
            # A tentative flag (stability below the floor) is no finding: no marker, no label.
            if row["level"] == "actor" and row["subject"] in node_of and not row["tentative"]:
                kinds.setdefault(row["subject"], set()).add(row["kind"])
                score = -math.inf if row["severity"] is None else row["severity"]
                scores[row["subject"]] = max(scores.get(row["subject"], -math.inf), score)
        colors, legend = _actor_colors(G, ids, actors, color_by)
        crowding = min(1.0, math.sqrt(CROWDED_ABOVE / len(order))) if order else 1.0
        smallest, largest = (d * crowding for d in NODE_DIAMETER_RANGE)
        diameters = scaled(measures[size_by].to_dict(), (smallest, largest))
        return cls(
            order=order,
            xy=np.array([positions[a] for a in order], dtype=float).reshape(len(order), 2),
            colors=colors,
            legend=legend,
            sizes={a: measures[size_by].get(a) for a in order},
            diameters={a: diameters.get(a, smallest) for a in order},
            markers={a: palette.flag_marker(kinds.get(a, ())) for a in order},
            names={a: label_text(actor_name(node_of[a], G.nodes[node_of[a]])) for a in order},
            flagged=sorted(kinds),
            scores=scores,
            crowding=crowding,
        )

    def position(self, actor) -> tuple[float, float]:
        x, y = self.xy[self.order.index(actor)]
        return float(x), float(y)


def _actor_colors(G, ids, actors, color_by):
    """actor id -> colour, and the legend entries (value, colour) in legend order.

    The same rule as the map's: sectors keep their fixed colours; any other attribute
    gets the categorical palette, most frequent values first.
    """
    if color_by == "sector":
        values = {ids[n]: sector_of(d) for n, d in G.nodes(data=True)}
        present = [s for s in SECTORS if s in set(values.values())]
        return {a: SECTOR_COLORS[s] for a, s in values.items()}, [(s, SECTOR_COLORS[s]) for s in present]
    values = {ids[n]: category_of(ids[n], d, color_by, actors) for n, d in G.nodes(data=True)}
    mapping = palette.categorical_colors(values.values())
    colors = {a: mapping.get(v, palette.REMAINDER_COLOR) for a, v in values.items()}
    legend = [(v, c) for v, c in mapping.items() if c != palette.REMAINDER_COLOR]
    if palette.REMAINDER_COLOR in colors.values():
        legend.append((None, palette.REMAINDER_COLOR))  # "other or not given"
    return colors, legend


def _draw_ties(ax, G, ids, nodes):
    """Ties under the actors, coloured and dashed by relation, as wide as they are
    strong.  Returns the relations drawn and whether any tie carries several."""
    edges = []
    for u, v, data in G.edges(data=True):
        source, target = ids[u], ids[v]
        if not G.is_directed() and target < source:
            source, target = target, source
        edges.append((source, target, relations_of(data), weight_of(data)))
    edges.sort(key=lambda e: (e[0], e[1]))
    if not edges:
        return [], False
    relations = sorted({r for e in edges for r in e[2]})
    styles = palette.relation_styles(relations)
    thinnest, widest = (max(w * nodes.crowding, 0.25) for w in EDGE_WIDTH_RANGE)
    widths = scaled({i: e[3] for i, e in enumerate(edges)}, (thinnest, widest))
    drawn = []
    for i, (source, target, rels, _) in enumerate(edges):
        style = styles[rels[0]] if len(rels) == 1 else palette.MULTIPLE_RELATIONS_STYLE
        drawn.append((source, target, style, widths[i]))
    if G.is_directed() and len(edges) <= ARROWS_MAX_EDGES:
        _draw_arrows(ax, drawn, nodes)
    else:
        _draw_lines(ax, drawn, nodes)
    single = sorted({e[2][0] for e in edges if len(e[2]) == 1})
    return single, any(len(e[2]) > 1 for e in edges)


def _draw_lines(ax, drawn, nodes):
    segments = [(nodes.position(s), nodes.position(t_)) for s, t_, _, _ in drawn]
    ax.add_collection(
        LineCollection(
            segments,
            colors=[style["color"] for _, _, style, _ in drawn],
            linewidths=[width for _, _, _, width in drawn],
            linestyles=[_linestyle(style["dashes"]) for _, _, style, _ in drawn],
            alpha=_TIE_ALPHA,
            zorder=1,
            capstyle="round",
        )
    )


def _draw_arrows(ax, drawn, nodes):
    pairs = {(s, t_) for s, t_, _, _ in drawn}
    for source, target, style, width in drawn:
        # Nominations in both directions would lie on top of each other; bending both
        # (as the map does) keeps both arrows visible.
        bend = 0.15 if (target, source) in pairs else 0.0
        ax.add_patch(
            FancyArrowPatch(
                nodes.position(source),
                nodes.position(target),
                arrowstyle="-|>",
                mutation_scale=8,
                shrinkA=nodes.diameters[source] / 2,
                shrinkB=nodes.diameters[target] / 2 + 1,
                connectionstyle=f"arc3,rad={bend}",
                color=style["color"],
                linewidth=width,
                linestyle=_linestyle(style["dashes"]),
                alpha=_TIE_ALPHA,
                zorder=1,
            )
        )


def _linestyle(dashes):
    if not dashes:
        return "solid"
    return (0, tuple(d * _POINTS_PER_PIXEL for d in dashes))


def _draw_actors(ax, nodes):
    """One scatter point per actor, each with its own marker shape.

    One collection (rather than one per shape) lets a single drawing order serve
    everyone: large markers first so small ones are not buried, and the actors with
    findings last, since they are what the figure is about.
    """
    flagged = set(nodes.flagged)
    order = sorted(nodes.order, key=lambda a: (a in flagged, -nodes.diameters[a], a))
    markers = [nodes.markers[a] for a in order]
    xy = np.array([nodes.position(a) for a in order], dtype=float).reshape(len(order), 2)
    collection = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=[nodes.diameters[a] ** 2 for a in order],
        c=[nodes.colors[a] for a in order] or None,
        edgecolors=[m["border"] for m in markers] or None,
        linewidths=[m["border_width"] * _POINTS_PER_PIXEL / 2 for m in markers] or None,
        zorder=3,
    )
    collection.set_paths([_marker_path(m["mpl_marker"]) for m in markers])
    collection.actor_ids = tuple(order)
    return collection


def _marker_path(marker: str):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _label_count(label_flagged) -> int:
    if isinstance(label_flagged, bool):
        return MAX_LABELS if label_flagged else 0
    if isinstance(label_flagged, int) and label_flagged >= 0:
        return label_flagged
    raise ValueError(f"label_flagged must be True, False or a number of labels (0 or more), not {label_flagged!r}")


def _name_actors(fig, ax, nodes, count: int):
    """Name up to ``count`` actors, each name clear of the others.

    Who is named, and in which order, is the map's choice
    (:func:`~skane_ecosystem.render.labels.named_first`): the strongest findings
    first, then the largest actors.  Hubs and brokers crowd the centre of a network,
    so a fixed offset would print their names on top of each other.  Each name (in
    that order) tries places around its marker, near to far (the far ones with a
    thin line back to the actor), and takes the first that stays on the page and
    overlaps no name placed before it, no named actor's marker, the legend, the
    title or the page notes.  A name that finds no free place is left out rather
    than printed over another: the report lists every finding anyway.
    """
    chosen = named_first(nodes.sizes, nodes.scores, count)
    if not chosen:
        return
    fig.get_layout_engine().execute(fig)  # fixes the axes, so data -> page is known
    renderer = fig.canvas.get_renderer()
    markers = {actor: _marker_box(ax, nodes, actor, fig.dpi / 72.0) for actor in chosen}
    # The legend sits beside the axes, but a name near the edge could still reach it.
    page_texts = [artist.get_window_extent(renderer) for artist in (*fig.legends, ax.title, *fig.texts)]
    placed: list[Bbox] = []
    for actor in chosen:
        obstacles = placed + page_texts + [box for other, box in markers.items() if other != actor]
        box = _place_label(fig, ax, nodes, actor, renderer, obstacles)
        if box is not None:
            placed.append(box)


def _place_label(fig, ax, nodes, actor, renderer, obstacles: list[Bbox]):
    """Annotate ``actor`` at the first free place; its box, or None if none is free."""
    text = textwrap.fill(nodes.names[actor], 28)
    radius = nodes.diameters[actor] / 2
    for offset, ha, va in _label_spots(radius + 2):
        label = _annotate(ax, text, nodes.position(actor), offset, ha, va, radius)
        box = _name_box(label, renderer)
        on_page = fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
        if on_page and not any(box.overlaps(other) for other in obstacles):
            return box
        label.remove()
    return None


def _name_box(label, renderer) -> Bbox:
    """The box of a name's text on the page, without the line back to its actor.

    A name set far out is joined to its actor by a thin line (matplotlib counts it
    in the annotation's extent); the line may cross other drawing, the words may not.
    """
    label.update_positions(renderer)  # where the offset puts the text, as drawing would
    return Text.get_window_extent(label, renderer)


def _label_spots(radius: float):
    """Offsets in points (and text alignment) around a marker, nearest first."""
    spots = []
    for distance in (
        radius,
        radius + 10,
        radius + 22,
        radius + 36,
        radius + 54,
        radius + 76,
        radius + 100,
        radius + 130,
    ):
        diagonal = distance * 0.75
        spots += [
            ((0, distance), "center", "bottom"),
            ((0, -distance), "center", "top"),
            ((distance, 0), "left", "center"),
            ((-distance, 0), "right", "center"),
            ((diagonal, diagonal), "left", "bottom"),
            ((-diagonal, diagonal), "right", "bottom"),
            ((diagonal, -diagonal), "left", "top"),
            ((-diagonal, -diagonal), "right", "top"),
        ]
    return spots


def _annotate(ax, text, xy, offset, ha, va, radius):
    far = math.hypot(*offset) > radius + 12
    label = ax.annotate(
        text,
        xy=xy,
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=7,
        color=_TEXT_COLOR,
        zorder=4,
        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
        # a name set further out points back at its actor
        arrowprops={"arrowstyle": "-", "color": "#666666", "linewidth": 0.5, "shrinkA": 1, "shrinkB": radius}
        if far
        else None,
    )
    # The names were placed for this layout; they must not change it.
    label.set_in_layout(False)
    return label


def _marker_box(ax, nodes, actor, points):
    x, y = ax.transData.transform(nodes.position(actor))
    half = nodes.diameters[actor] / 2 * points
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def _frame_network(ax, nodes):
    ax.set_aspect("equal")
    ax.set_axis_off()
    if len(nodes.order):
        low, high = nodes.xy.min(axis=0), nodes.xy.max(axis=0)
        pad = max(float((high - low).max()) * 0.06, 40.0)
        ax.set_xlim(low[0] - pad, high[0] + pad)
        ax.set_ylim(low[1] - pad, high[1] + pad)
    # The map's coordinates are screen pixels, y pointing down; so here too.
    ax.invert_yaxis()


def _network_title(G, title, lang) -> str:
    if title is not None:
        return str(title)
    # the graph's title comes from the data (a file name): drawn like a name
    return label_text(G.graph.get("title") or t("figures.network.title", lang))


def _network_legend(fig, nodes, sizes, size_by, relations, several, with_flags, color_by, lang):
    """One legend in sections (colour, size, ties, findings), each under a bold heading."""
    handles, labels, headings = [], [], []

    def section(heading, entries):
        headings.append(len(labels))
        handles.append(Line2D([], [], linestyle="", marker=""))
        labels.append(heading)
        for handle, label in entries:
            handles.append(handle)
            labels.append(label)

    section(
        _color_heading(color_by, lang),
        [(_dot(color), _color_label(value, color_by, lang)) for value, color in nodes.legend],
    )
    section(
        t("figures.legend.size", lang, measure=_label("measure", size_by, lang)),
        _size_entries(sizes, nodes.diameter_range, lang),
    )
    if relations or several:
        entries = [(_tie(palette.relation_styles(relations)[r]), _label("relation", r, lang)) for r in relations]
        if several:
            entries.append((_tie(palette.MULTIPLE_RELATIONS_STYLE), t("legend.several_relations", lang)))
        section(t("figures.legend.relations", lang), entries)
    if with_flags:
        section(t("figures.legend.findings", lang), _finding_entries(nodes, lang))
    legend = fig.legend(handles, labels, loc="outside right upper", frameon=False, handlelength=2.2, borderaxespad=0.5)
    for index in headings:
        legend.get_texts()[index].set_fontweight("bold")
    return legend


def _color_heading(color_by, lang) -> str:
    if color_by == "sector":
        return t("figures.legend.sector", lang)
    return t("legend.color", lang, attribute=_label("attribute", color_by, lang))


def _color_label(value, color_by, lang) -> str:
    if value is None:
        return t("legend.other_values", lang)
    if color_by == "sector":
        return SECTOR_LABELS[lang].get(value, humanize(value))
    return shortened(str(value))


def _size_entries(sizes: pd.Series, diameters: tuple[float, float], lang):
    """The smallest and largest marker, labelled with the values they stand for."""
    values = sizes.dropna()
    if values.empty:
        return []
    low, high = float(values.min()), float(values.max())
    if low == high:
        return [(_dot(_LEGEND_GREY, sum(diameters) / 2), number_text(low, lang))]
    return [(_dot(_LEGEND_GREY, d), number_text(v, lang)) for d, v in zip(diameters, (low, high))]


def _finding_entries(nodes, lang):
    """Shape and outline of each kind of finding, on a neutral fill (as on the map)."""
    markers = {"no_finding": palette.UNFLAGGED_MARKER, **palette.FLAG_MARKERS}
    kinds = ["no_finding", "facilitator", "impediment"]
    if any(m is palette.FLAG_MARKERS["both"] for m in nodes.markers.values()):
        kinds.append("both")
    entries = []
    for kind in kinds:
        marker = markers[kind]
        # A white outline would vanish on the legend's white ground.
        edge = _LEGEND_OUTLINE if kind == "no_finding" else marker["border"]
        handle = Line2D(
            [],
            [],
            linestyle="",
            marker=marker["mpl_marker"],
            markersize=9,
            markerfacecolor=_LEGEND_FILL,
            markeredgecolor=edge,
            markeredgewidth=marker["border_width"] * _POINTS_PER_PIXEL / 2,
        )
        entries.append((handle, t(f"figures.legend.{kind}", lang)))
    return entries


def _dot(color, diameter=8.0):
    return Line2D(
        [],
        [],
        linestyle="",
        marker="o",
        markersize=diameter,
        markerfacecolor=color,
        markeredgecolor="#FFFFFF",
        markeredgewidth=0.5,
    )


def _tie(style):
    return Line2D([], [], color=style["color"], linewidth=1.6, linestyle=_linestyle(style["dashes"]))


# ================================================================ sectors
def sector_heatmap(matrix, lang="en", normalize=None, synthetic=False):
    """The sector x sector tie matrix as an annotated heatmap.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Tie counts, indexed and columned by sector codes (``Analysis.sector_matrix``).
        Sectors are shown in the usual order (public, business, academia, civil
        society, other); unknown codes follow, as written.
    lang : {"en", "sv"}
    normalize : {None, "row", "all"}
        ``None`` shows counts; ``"row"`` the share of each row's ties (where does
        this sector's collaboration go?); ``"all"`` the share of all ties.
    synthetic : bool
        Print the "synthetic data" note.

    Returns
    -------
    matplotlib.figure.Figure
        Every cell is annotated with its count (or percentage); a colour bar
        explains the shading.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[4, 1], [1, 2]], index=["public", "academia"],
    ...                  columns=["public", "academia"])
    >>> fig = sector_heatmap(m)
    >>> sorted(text.get_text() for text in fig.axes[0].texts)
    ['1', '1', '2', '4']
    """
    lang = check_language(lang)
    counts = _checked_matrix(matrix)
    if normalize not in _NORMALIZE:
        raise ValueError(f"normalize must be one of {_NORMALIZE}, not {normalize!r}")
    values = _normalized(counts, normalize)
    with _house_style():
        fig = _new_figure(_HEATMAP_SIZE)
        ax = fig.add_subplot()
        top = float(values.to_numpy().max()) if values.size else 0.0
        image = ax.imshow(values.to_numpy(), cmap="Blues", vmin=0, vmax=top or 1.0)
        _annotate_cells(ax, values, top, normalize, lang)
        ax.set_xticks(
            range(values.shape[1]),
            [_sector_label(c, lang) for c in values.columns],
            rotation=30,
            ha="right",
            rotation_mode="anchor",
        )
        ax.set_yticks(range(values.shape[0]), [_sector_label(r, lang) for r in values.index])
        ax.set_ylabel(t("figures.heatmap.rows", lang))
        ax.set_xlabel(t("figures.heatmap.columns", lang))
        ax.spines[:].set_visible(False)
        ax.tick_params(length=0)
        title = {None: "figures.heatmap.title", "row": "figures.heatmap.title_row", "all": "figures.heatmap.title_all"}[
            normalize
        ]
        ax.set_title(t(title, lang))
        bar = fig.colorbar(image, ax=ax, shrink=0.8)
        bar.set_label(t("figures.heatmap.count" if normalize is None else "figures.heatmap.share", lang))
        bar.formatter = _percent_formatter(lang) if normalize else _LanguageFormatter(lang)
        bar.update_ticks()
        if synthetic:
            _add_synthetic_note(fig, lang)
    return fig


def _checked_matrix(matrix) -> pd.DataFrame:
    if not isinstance(matrix, pd.DataFrame):
        raise ValueError(
            f"matrix must be a pandas DataFrame of tie counts indexed and columned by sector, "
            f"not {type(matrix).__name__}; use Analysis.sector_matrix"
        )
    numeric = matrix.apply(pd.to_numeric, errors="coerce")
    bad = numeric.isna() & matrix.notna()
    if bad.to_numpy().any():
        row, column = next((r, c) for r in bad.index for c in bad.columns if bad.at[r, c])
        raise ValueError(
            f"matrix cell ({row!r}, {column!r}) is {matrix.at[row, column]!r}, not a number; "
            "the matrix must hold tie counts"
        )
    numeric = numeric.fillna(0.0)
    if (numeric.to_numpy() < 0).any():
        raise ValueError("matrix holds negative values; it must hold tie counts (0 or more)")
    return numeric.reindex(index=_sector_order(numeric.index), columns=_sector_order(numeric.columns))


def _sector_order(codes) -> list:
    known = [s for s in SECTORS if s in set(codes)]
    return known + sorted((c for c in codes if c not in SECTORS), key=str)


def _normalized(counts: pd.DataFrame, normalize) -> pd.DataFrame:
    if normalize == "row":
        totals = counts.sum(axis=1).replace(0, np.nan)
        return counts.div(totals, axis=0).fillna(0.0)
    if normalize == "all":
        total = float(counts.to_numpy().sum())
        return counts / total if total else counts * 0.0
    return counts


def _annotate_cells(ax, values: pd.DataFrame, top: float, normalize, lang):
    for i, row in enumerate(values.index):
        for j, column in enumerate(values.columns):
            value = float(values.at[row, column])
            text = _percent_text(value, lang) if normalize else number_text(_plain_number(value), lang)
            # Dark cells get white text: the count must stay readable on any shade.
            color = "#FFFFFF" if top and value > 0.55 * top else _TEXT_COLOR
            ax.text(j, i, text, ha="center", va="center", color=color, fontsize=9)


def _plain_number(value: float):
    return int(value) if float(value).is_integer() else value


def _sector_label(code, lang) -> str:
    return SECTOR_LABELS[lang].get(code, humanize(code))


# ======================================================= measure by sector
def measure_by_sector(actors, measure="betweenness", lang="en", synthetic=False, seed=0):
    """How a measure is distributed in each sector: a box plot with every actor on top.

    Parameters
    ----------
    actors : pandas.DataFrame
        One row per actor with a ``sector`` column and the measure
        (``Analysis.actors``).
    measure : str
        A numeric column of ``actors``.
    lang : {"en", "sv"}
    synthetic : bool
        Print the "synthetic data" note.
    seed : int
        Seed of the sideways jitter that keeps actors with equal values apart.

    Returns
    -------
    matplotlib.figure.Figure
        One box and one strip of points per sector present (in the usual sector
        order, coloured like the map), each labelled with its number of actors.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"sector": ["public", "public", "business"],
    ...                        "degree": [3, 5, 1]})
    >>> fig = measure_by_sector(actors, "degree")
    >>> [label.get_text() for label in fig.axes[0].get_xticklabels()]
    ['Public sector\\n(n = 2)', 'Business\\n(n = 1)']
    """
    lang = check_language(lang)
    _check_seed(seed)
    groups = _measure_groups(actors, measure)
    rng = np.random.default_rng(seed)
    with _house_style():
        fig = _new_figure(_MEASURE_SIZE)
        ax = fig.add_subplot()
        if groups:
            boxes = ax.boxplot(
                [values for _, values in groups],
                positions=range(len(groups)),
                widths=0.5,
                patch_artist=True,
                showfliers=False,
                medianprops={"color": _TEXT_COLOR, "linewidth": 1.5},
            )
            for box, (sector, _) in zip(boxes["boxes"], groups):
                box.set_facecolor(SECTOR_COLORS.get(sector, palette.REMAINDER_COLOR))
                box.set_alpha(0.35)
        for position, (sector, values) in enumerate(groups):
            ax.scatter(
                position + rng.uniform(-0.14, 0.14, len(values)),
                values,
                s=18,
                color=SECTOR_COLORS.get(sector, palette.REMAINDER_COLOR),
                edgecolors="#FFFFFF",
                linewidths=0.5,
                zorder=3,
            )
        ax.set_xticks(
            range(len(groups)),
            [t("figures.measure_by_sector.tick", lang, sector=_sector_label(s, lang), n=len(v)) for s, v in groups],
        )
        label = _label("measure", measure, lang)
        ax.set_ylabel(label)
        ax.yaxis.set_major_formatter(_LanguageFormatter(lang))
        ax.set_title(t("figures.measure_by_sector.title", lang, measure=label))
        ax.grid(axis="y", color="#E4E4E4", linewidth=0.6)
        ax.set_axisbelow(True)
        if synthetic:
            _add_synthetic_note(fig, lang)
    return fig


def _measure_groups(actors, measure) -> list[tuple[str, np.ndarray]]:
    """(sector, values) for every sector with at least one value, in sector order."""
    if not isinstance(actors, pd.DataFrame):
        raise ValueError(
            f"actors must be a pandas DataFrame with a 'sector' column, not {type(actors).__name__}; "
            "use Analysis.actors"
        )
    numeric = sorted(
        c
        for c in actors.columns
        if pd.api.types.is_numeric_dtype(actors[c]) and not pd.api.types.is_bool_dtype(actors[c])
    )
    if "sector" not in actors.columns:
        raise ValueError("actors has no 'sector' column; use Analysis.actors or add one")
    if measure not in numeric:
        raise ValueError(f"measure={measure!r} is not a numeric column of actors; use one of {numeric}")
    sectors = actors["sector"].map(lambda s: sector_of({"sector": s}))
    values = actors[measure].astype(float)
    groups = []
    for sector in _sector_order(set(sectors)):
        chosen = values[(sectors == sector) & values.notna()]
        if len(chosen):
            groups.append((sector, chosen.to_numpy()))
    return groups


# ============================================================= robustness
def robustness_figure(curves, lang="en", synthetic=False):
    """Robustness curves: the share of actors still in the largest connected part as
    actors are removed, one line per removal order or scenario.

    Parameters
    ----------
    curves : dict
        label -> curve: a DataFrame with columns ``share_removed`` and
        ``main_component_share`` (``skane_ecosystem.robustness(...).curve``), or the
        :class:`~skane_ecosystem.scenarios.Robustness` object itself.
    lang : {"en", "sv"}
    synthetic : bool
        Print the "synthetic data" note.

    Returns
    -------
    matplotlib.figure.Figure
        The legend gives each curve's area under the curve (1 = nothing falls
        apart; a chain scores about 0.5), computed with the trapezoid rule like
        :func:`skane_ecosystem.robustness`.

    Examples
    --------
    >>> import pandas as pd
    >>> star = pd.DataFrame({"share_removed": [0, .2, .4, .6, .8, 1],
    ...                      "main_component_share": [1, .2, .2, .2, .2, 0]})
    >>> fig = robustness_figure({"By degree": star})
    >>> fig.axes[0].get_legend().get_texts()[0].get_text()
    'By degree (area 0.260)'

    References
    ----------
    .. [1] Albert, R., Jeong, H. & Barabási, A.-L. (2000). Error and attack tolerance of
       complex networks. Nature, 406, 378-382.
    .. [2] Schneider, C. M. et al. (2011). Mitigation of malicious attacks on networks.
       PNAS, 108(10), 3838-3841.
    """
    lang = check_language(lang)
    checked = _checked_curves(curves)
    with _house_style():
        fig = _new_figure(_ROBUSTNESS_SIZE)
        ax = fig.add_subplot()
        for i, (label, curve) in enumerate(checked):
            x, y = curve["share_removed"].to_numpy(), curve["main_component_share"].to_numpy()
            area = float(np.trapezoid(y, x))
            ax.plot(
                x,
                y,
                color=_CURVE_COLORS[i % len(_CURVE_COLORS)],
                linestyle=_CURVE_DASHES[i % len(_CURVE_DASHES)],
                linewidth=2,
                label=t("figures.robustness.legend", lang, label=str(label), auc=area),
            )
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.xaxis.set_major_formatter(_percent_formatter(lang))
        ax.yaxis.set_major_formatter(_percent_formatter(lang))
        ax.set_xlabel(t("figures.robustness.x", lang))
        ax.set_ylabel(t("figures.robustness.y", lang))
        ax.set_title(t("figures.robustness.title", lang))
        ax.grid(color="#E4E4E4", linewidth=0.6)
        ax.legend(loc="upper right", frameon=False)
        if synthetic:
            _add_synthetic_note(fig, lang)
    return fig


def removal_order_label(order: str, lang: str = "en") -> str:
    """A reader's name for a removal order of :func:`skane_ecosystem.robustness`.

    Examples
    --------
    >>> removal_order_label("degree")
    'Most partners first'
    >>> removal_order_label("pagerank", "sv")
    'Högst PageRank först'
    """
    lang = check_language(lang)
    key = f"figures.robustness.order.{order}"
    if key in catalog(lang):
        return t(key, lang)
    return t("figures.robustness.order.measure", lang, measure=_label("measure", order, lang))


def _checked_curves(curves) -> list[tuple[object, pd.DataFrame]]:
    if not isinstance(curves, dict) or not curves:
        raise ValueError(
            "curves must be a non-empty dict: label -> robustness curve, e.g. "
            "{'By betweenness': skane_ecosystem.robustness(result).curve}"
        )
    checked = []
    for label, curve in curves.items():
        curve = getattr(curve, "curve", curve)  # a Robustness object carries its curve
        if not isinstance(curve, pd.DataFrame):
            raise ValueError(f"curve {label!r} must be a DataFrame, not {type(curve).__name__}")
        missing = [c for c in ("share_removed", "main_component_share") if c not in curve.columns]
        if missing:
            raise ValueError(f"curve {label!r} is missing the column(s) {missing}; pass robustness(...).curve")
        checked.append((label, curve.sort_values("share_removed", kind="stable")))
    return checked


# ============================================================ wave change
def wave_change_figure(indicators, lang="en", synthetic=False, labels=None):
    """How the network indicators changed between two survey waves.

    Indicators live on very different scales (a density of 0.05 next to 120
    actors), so each gets its own small panel: a pair of bars, before and after,
    each annotated with its value, and the change written under the panel.

    Parameters
    ----------
    indicators : pandas.DataFrame or Comparison
        Columns ``indicator``, ``before``, ``after`` (``Comparison.indicators``); rows
        whose values are not numbers are left out.  A
        :class:`~skane_ecosystem.scenarios.Comparison` may be passed whole: its waves
        then label the bars.
    lang : {"en", "sv"}
    synthetic : bool
        Print the "synthetic data" note.
    labels : tuple of two str, optional
        Legend labels of the two bars (default "Before" / "After", or the waves).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"indicator": ["actors", "density"], "before": [40, 0.08],
    ...                       "after": [52, 0.07], "change": [12, -0.01]})
    >>> fig = wave_change_figure(table)
    >>> [float(p.get_height()) for p in fig.axes[0].patches]
    [40.0, 52.0]
    """
    lang = check_language(lang)
    table, labels = _checked_indicators(indicators, labels, lang)
    columns = min(4, len(table))
    rows = math.ceil(len(table) / columns)
    with _house_style():
        fig = _new_figure((2.3 * columns + 0.6, 2.1 * rows + 1.0))
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        for ax, (name, before, after) in zip(axes, table.itertuples(index=False)):
            _indicator_panel(ax, name, before, after, lang)
        for ax in axes[len(table) :]:
            ax.remove()
        fig.suptitle(t("figures.wave_change.title", lang), fontweight="bold")
        fig.legend(
            [Patch(color=_BEFORE_COLOR), Patch(color=_AFTER_COLOR)],
            labels,
            loc="outside lower right",
            ncols=2,
            frameon=False,
        )  # not above: it hid the title
        if synthetic:
            _add_synthetic_note(fig, lang)
    return fig


def _checked_indicators(indicators, labels, lang):
    if hasattr(indicators, "indicators") and hasattr(indicators, "wave_from"):
        if labels is None:
            labels = (
                t("figures.wave_change.wave", lang, wave=str(indicators.wave_from)),
                t("figures.wave_change.wave", lang, wave=str(indicators.wave_to)),
            )
        indicators = indicators.indicators
    if not isinstance(indicators, pd.DataFrame):
        raise ValueError(
            f"indicators must be a DataFrame with columns indicator, before, after, not "
            f"{type(indicators).__name__}; use skane_ecosystem.compare(...).indicators"
        )
    missing = [c for c in ("indicator", "before", "after") if c not in indicators.columns]
    if missing:
        raise ValueError(f"indicators is missing the column(s) {missing}; use compare(...).indicators")
    table = _numbered_in_both_waves(indicators)
    if table.empty:
        raise ValueError("indicators has no row where both before and after are numbers; nothing to draw")
    if labels is None:
        labels = (t("figures.wave_change.before", lang), t("figures.wave_change.after", lang))
    if len(labels) != 2:
        raise ValueError(f"labels must be two texts (before, after), not {labels!r}")
    return table, [str(label) for label in labels]


def has_wave_change_to_draw(indicators: pd.DataFrame) -> bool:
    """Whether :func:`wave_change_figure` has something to draw: an indicator with a
    number in both waves (a public output of a small network may suppress them all)."""
    return not _numbered_in_both_waves(indicators).empty


def _numbered_in_both_waves(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators with a number before and after, as floats."""
    table = pd.DataFrame(
        {
            "indicator": indicators["indicator"].astype(str),
            "before": _numbers(indicators["before"]),
            "after": _numbers(indicators["after"]),
        }
    )
    return table.dropna().reset_index(drop=True)


def _numbers(series: pd.Series) -> pd.Series:
    """Numbers as floats; text, booleans and infinities become missing."""
    kept = series.map(lambda v: None if isinstance(v, (bool, np.bool_)) else v)
    values = pd.to_numeric(kept, errors="coerce").astype(float)
    return values.where(np.isfinite(values))


def _indicator_panel(ax, name, before, after, lang):
    decimals = _shared_decimals(before, after)
    bars = ax.bar([0, 1], [before, after], width=0.62, color=[_BEFORE_COLOR, _AFTER_COLOR])
    for bar, value in zip(bars, (before, after)):
        ax.annotate(
            format_number(value, lang, decimals),
            xy=(bar.get_x() + bar.get_width() / 2, value),
            xytext=(0, 2 if value >= 0 else -2),
            textcoords="offset points",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=8,
        )
    low, high = min(0.0, before, after), max(0.0, before, after)
    span = (high - low) or 1.0
    ax.set_ylim(low - (0.2 * span if low < 0 else 0), high + 0.2 * span)
    ax.set_xlim(-0.6, 1.6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.set_title(textwrap.fill(_label("indicator", name, lang), 24), fontsize=9)
    change = _signed(after - before, lang, decimals)
    ax.set_xlabel(t("figures.wave_change.change", lang, change=change), fontsize=8)


def _shared_decimals(before: float, after: float) -> int | None:
    """One number of decimals for a pair, so 0.900 is not set beside a bare 1."""
    if float(before).is_integer() and float(after).is_integer():
        return None
    return 3 if max(abs(before), abs(after)) <= 1 else 2


def _signed(value: float, lang: str, decimals: int | None) -> str:
    # Rounding first keeps float noise (0.1 - 0.09 = 0.010000000000000009) off the page.
    value = round(value, 12)
    text = format_number(value, lang, decimals)
    if value > 0:
        return "+" + text
    return text.replace("-", "\u2212", 1)


# ================================================================= saving
def save_figure(fig, path, format=None) -> Path:
    """Write a figure as PNG, SVG or PDF, byte for byte the same on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or path-like
        The file to write; its folder must exist.
    format : {"png", "svg", "pdf"}, optional
        Default: the file's suffix.

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    The file is written to a temporary file in the same folder and then renamed, so
    nobody ever finds a half-written figure.  Timestamps and the software version
    are left out of PNG and PDF metadata, and SVG ids are derived from a fixed salt,
    so the same figure gives identical bytes (diffable, cacheable, reviewable).

    Examples
    --------
    >>> import networkx as nx
    >>> save_figure(network_figure(nx.path_graph(3)), "path.svg")  # doctest: +SKIP
    PosixPath('path.svg')
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, not {type(fig).__name__}")
    path = Path(path)
    fmt = _format_for(path, format)
    if not path.parent.is_dir():
        raise ValueError(f"the folder {str(path.parent)!r} does not exist; create it first")
    return write_atomic(path, figure_bytes(fig, fmt))


def figure_bytes(fig, format: str) -> bytes:
    """The file :func:`save_figure` writes, as bytes (for a figure kept in memory)."""
    image = io.BytesIO()
    with _house_style():
        fig.savefig(image, format=format, dpi=FIGURE_DPI, metadata=_METADATA[format])
    if format == "svg":
        return _numbered_svg_ids(image.getvalue())
    return image.getvalue()


# matplotlib names an SVG clip path or marker by a hash of its coordinates at full
# precision, so a difference in the 15th digit (constrained layout is not bit-stable
# across processes) gives another name for the same drawing.
_HASHED_SVG_ID = re.compile(r'(id="|#)([mp][0-9a-f]{10})(?=[")])')


def _numbered_svg_ids(svg: bytes) -> bytes:
    """The SVG with its hashed ids replaced by numbers in order of appearance."""
    numbers: dict[str, str] = {}

    def numbered(match):
        old = match.group(2)
        if old not in numbers:
            numbers[old] = f"{old[0]}{len(numbers) + 1}"
        return match.group(1) + numbers[old]

    return _HASHED_SVG_ID.sub(numbered, svg.decode("utf-8")).encode("utf-8")


def _format_for(path: Path, format) -> str:
    fmt = (format if format is not None else path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot save a figure as {fmt or 'a file without suffix'!r} ({path.name!r}); "
            f"use one of {FORMATS}, e.g. {path.stem or 'figure'}.png"
        )
    return fmt


# ================================================================ helpers
class EcosystemFigure(Figure):
    """A matplotlib Figure that also shows itself in Jupyter when pyplot is not used.

    Jupyter draws plain Figures only once pyplot has set up its inline backend; the
    functions here avoid pyplot (no global figure list, no backend switch), so their
    figures bring their own PNG view.  Everything else is matplotlib's Figure.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with _house_style():
            self.savefig(buffer, format="png", dpi=SCREEN_DPI, metadata=_METADATA["png"])
        return buffer.getvalue()


def _new_figure(size) -> EcosystemFigure:
    """A figure outside pyplot, with an Agg canvas of its own: text can be measured
    while the figure is built, and no backend is switched."""
    fig = EcosystemFigure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


@contextmanager
def _house_style():
    """matplotlib's defaults plus the house settings, whatever the user's rc says."""
    with matplotlib.style.context("default"), rc_context(_HOUSE_STYLE):
        yield


def _add_synthetic_note(fig, lang):
    # Leave a strip at the bottom for the note, so it never covers the drawing.
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    fig.text(
        0.01, 0.012, t("common.synthetic", lang), ha="left", va="bottom", fontsize=8, style="italic", color=_NOTE_COLOR
    )


def _is_synthetic(G, synthetic) -> bool:
    return bool(G.graph.get("synthetic", False) if synthetic is None else synthetic)


def _label(prefix: str, key: str, lang: str) -> str:
    """The figures catalog's label, else the map's, else the key made readable:
    measure and attribute names come from the data and need not be in any catalog."""
    messages = catalog(lang)
    for candidate in (f"{prefix}.{key}", f"map.{prefix}.{key}"):
        if candidate in messages:
            return messages[candidate]
    return humanize(key)


def _percent_text(share: float, lang: str) -> str:
    return t("figures.percent", lang, value=format_number(100 * share, lang, decimals=1))


def _percent_formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(
        lambda share, _: t("figures.percent", lang, value=format_number(round(100 * share, 6), lang, decimals=0))
    )


class _LanguageFormatter(ScalarFormatter):
    """matplotlib's usual tick labels, with a decimal comma for Swedish readers."""

    def __init__(self, lang: str):
        super().__init__(useOffset=False)
        self.lang = lang

    def __call__(self, x, pos=None):
        text = super().__call__(x, pos)
        return text.replace(".", ",") if self.lang == "sv" else text


def _check_network(G):
    if not isinstance(G, nx.Graph):
        raise ValueError(
            f"network_figure needs a networkx Graph or DiGraph, got {type(G).__name__}; "
            "use Ecosystem.graph() or Analysis.graph"
        )
    if G.is_multigraph():
        raise ValueError(
            "network_figure does not draw multigraphs: combine parallel ties first, "
            "e.g. with Ecosystem.graph(), which sums relations per pair"
        )


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer, not {seed!r}")
