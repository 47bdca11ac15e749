"""The geography figure: the ecosystem's actors at their municipalities on a map of the region.

``Analysis.plot("geography")`` draws it.  It is the network figure of
:mod:`.figures` put on the map: the same colours, marker sizes, finding markers,
legend and "synthetic data" note, the ties faint (on a map, where the actors are is
the news; who knows whom is the network figure's), over the region's outline, with
the actors whose municipality is unknown in a labelled box beside it.  Actors are
named in the one order every drawing uses (:func:`.labels.named_first`: flagged
first, then the largest), each name clear of the others.

Coordinates are kilometres east and north of the region's centre (north up), so a
reader can check a position against any map.
"""

from __future__ import annotations

from matplotlib import patheffects
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from ..i18n import check_language, t
from .attributes import node_ids
from .figures import (
    _NETWORK_SIZE,
    MAX_LABELS,
    _add_synthetic_note,
    _check_network,
    _check_seed,
    _draw_actors,
    _draw_ties,
    _house_style,
    _is_synthetic,
    _marker_box,
    _network_legend,
    _new_figure,
    _NodeTable,
    _place_label,
)
from .labels import named_first, number_text
from .layout import geographic_layout
from .map_data import check_color_by, checked_actors, checked_flags, measure_table

__all__ = ["geography_figure"]

#: Opacity of the ties: faint, under the actors.
TIE_ALPHA = 0.18

#: Distance between neighbouring actors of one municipality, in km: on a page the
#: region is some 15 cm wide, so actors a kilometre apart would hide each other.
FIGURE_SPACING_KM = 2.0

_LAND_COLOR = "#F2F0EB"
_COAST_COLOR = "#9A9A9A"
_BOX_COLOR = "#777777"
_MUNICIPALITY_COLOR = "#6B6B6B"


def geography_figure(
    G,
    actors=None,
    flags=None,
    geography=None,
    color_by="sector",
    size_by="degree",
    label_count=MAX_LABELS,
    lang="en",
    title=None,
    synthetic=None,
    seed=0,
):
    """The actors at their municipalities over the region's outline, as a static figure.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Typically ``Analysis.graph``: nodes carry ``municipality`` (a name, a
        misspelt name or a code, reconciled as on loading), ``name`` and ``sector``.
    actors : pandas.DataFrame, optional
        Indexed by node id, with measure columns; ``size_by`` picks one.
    flags : pandas.DataFrame, optional
        Findings (``Analysis.flags``); actors with actor-level findings get their
        marker and are named first.  Tentative findings mark and name no one.
    geography : skane_ecosystem.geography.Geography, optional
        The region: default Skåne; another with
        :func:`skane_ecosystem.geography.read_geography`.
    color_by, size_by : str
        As in :func:`.figures.network_figure`.
    label_count : int
        How many actors to name (flagged first, then the largest).
    lang : {"en", "sv"}
    title : str, optional
        Default "Actors by municipality, <region>".
    synthetic : bool, optional
        Print the "synthetic data" note; default ``G.graph["synthetic"]``.
    seed : int
        Which actor takes which place around its municipality's point.

    Returns
    -------
    matplotlib.figure.Figure
        One axes in kilometres east and north of the region's centre.  The actors
        are its last collection (``actor_ids`` lists the actor of each point); the
        figure's ``placement`` attribute is the
        :class:`~skane_ecosystem.geography.Placement` drawn.

    Raises
    ------
    ValueError
        If an argument cannot be used, or no actor's municipality is in the region.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("m", "k")])
    >>> nx.set_node_attributes(G, {"m": "Malmö", "k": "Kristianstad"}, "municipality")
    >>> fig = geography_figure(G)
    >>> points = dict(zip(fig.axes[0].collections[-1].actor_ids, fig.axes[0].collections[-1].get_offsets().tolist()))
    >>> points["m"][0] < points["k"][0] and points["m"][1] < points["k"][1]  # Malmö lies south-west
    True
    """
    _check_network(G)
    lang = check_language(lang)
    _check_seed(seed)
    if isinstance(label_count, bool) or not isinstance(label_count, int) or label_count < 0:
        raise ValueError(f"label_count must be a number of names (0 or more), not {label_count!r}")
    ids = node_ids(G)
    actors = checked_actors(actors, ids)
    flag_rows = checked_flags(flags, lang)
    measures, size_by = measure_table(G, ids, actors, size_by)
    check_color_by(color_by, G, actors)
    placement = geographic_layout(G, ids, actors, geography, seed, spacing=FIGURE_SPACING_KM)
    region = geography.region if geography is not None else "Skåne"

    nodes = _NodeTable.build(G, ids, actors, measures, size_by, color_by, flag_rows, placement.positions)
    with _house_style():
        fig = _new_figure(_NETWORK_SIZE)
        ax = fig.add_subplot()
        _draw_outline(ax, placement.outline)
        _draw_unknown_box(ax, placement, lang)
        relations, several = _faint(ax, lambda: _draw_ties(ax, G, ids, nodes))
        _draw_actors(ax, nodes)
        _frame(ax, placement)
        ax.set_title(str(title) if title is not None else t("geography.figure.title", lang, region=region))
        _network_legend(fig, nodes, measures[size_by], size_by, relations, several, flags is not None, color_by, lang)
        if _is_synthetic(G, synthetic):
            _add_synthetic_note(fig, lang)
        _name_municipalities(fig, ax, placement)  # after the legend and note: the layout is final
        sizes = measures[size_by].to_dict()
        _name_actors(fig, ax, nodes, named_first(sizes, nodes.scores, label_count))
    fig.placement = placement
    return fig


def _draw_outline(ax, rings) -> None:
    """The region's land, lightly filled, under everything else."""
    for ring in rings:
        ax.add_patch(
            PathPatch(
                MplPath(ring, closed=True), facecolor=_LAND_COLOR, edgecolor=_COAST_COLOR, linewidth=0.8, zorder=0
            )
        )


def _draw_unknown_box(ax, placement, lang) -> None:
    """The dashed box beside the region holding the actors whose municipality is unknown."""
    if placement.unknown_box is None:
        return
    x0, y0, x1, y1 = placement.unknown_box
    ax.add_patch(
        Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=_BOX_COLOR, linestyle="--", linewidth=0.8, zorder=0)
    )
    ax.text(
        x0,
        y1,
        t("geography.unknown", lang, count=number_text(len(placement.unknown), lang)),
        ha="left",
        va="bottom",
        fontsize=7,
        color=_BOX_COLOR,
    )


def _name_municipalities(fig, ax, placement) -> None:
    """Each municipality with actors named in grey just south of them, so a reader finds
    the places; those with most actors first, a name that would overlap one left out."""
    fig.get_layout_engine().execute(fig)  # fixes the axes, so data -> page is known
    renderer = fig.canvas.get_renderer()
    written = []
    for name, (x, y) in placement.labels.items():
        label = ax.text(
            x,
            y,
            name,
            ha="center",
            va="top",
            fontsize=6,
            color=_MUNICIPALITY_COLOR,
            style="italic",
            zorder=2,
            path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],
        )
        label.set_in_layout(False)
        box = label.get_window_extent(renderer)
        if any(box.overlaps(other) for other in written):
            label.remove()
        else:
            written.append(box)


def _faint(ax, draw):
    """Run ``draw`` (the ties) and make what it added faint."""
    before = set(ax.collections) | set(ax.patches)
    result = draw()
    for artist in (set(ax.collections) | set(ax.patches)) - before:
        artist.set_alpha(TIE_ALPHA)
    return result


def _frame(ax, placement) -> None:
    ax.set_aspect("equal")
    ax.set_axis_off()
    points = [p for ring in placement.outline for p in ring] + list(placement.positions.values())
    if placement.unknown_box is not None:
        x0, y0, x1, y1 = placement.unknown_box
        points += [(x0, y0), (x1, y1)]
    xs, ys = zip(*points)
    pad = 0.04 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)


def _name_actors(fig, ax, nodes, chosen) -> None:
    """Name ``chosen`` in order, each where it overlaps no other name, marker or the legend."""
    if not chosen:
        return
    fig.get_layout_engine().execute(fig)  # fixes the axes, so data -> page is known
    renderer = fig.canvas.get_renderer()
    markers = {actor: _marker_box(ax, nodes, actor, fig.dpi / 72.0) for actor in chosen}
    page_texts = [artist.get_window_extent(renderer) for artist in (*fig.legends, ax.title, *fig.texts, *ax.texts)]
    placed = []
    for actor in chosen:
        obstacles = placed + page_texts + [box for other, box in markers.items() if other != actor]
        box = _place_label(fig, ax, nodes, actor, renderer, obstacles)
        if box is not None:
            placed.append(box)
