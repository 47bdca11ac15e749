"""The change between two waves as a static figure: the report's picture of ``change_map.html``.

Two panels with one layout, the earlier wave on the left and the later on the right,
styled like the change map (:data:`.palette.CHANGE_TIE_STYLES` and
:data:`.palette.CHANGE_ACTOR_MARKERS`): the left panel shows the ties of the earlier
wave, those that ended dashed in vermillion; the right the ties of the later wave,
the new ones in black; kept ties are light grey in both.  Organisations that joined
have a thick black outline, those that left are hollow, in both panels, and the first
of them (:func:`.labels.named_first`) are named.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from ..i18n import t
from . import palette
from .attributes import actor_name, node_ids, sector_of
from .figures import _add_synthetic_note, _house_style, _linestyle, _new_figure
from .labels import label_text, named_first
from .layout import layout
from .map_change import ACTOR_STATUSES, TIE_STATUSES, WaveChange
from .palette import scaled

__all__ = ["change_figure", "NAMED_ACTORS"]

#: How many organisations that joined or left (then the largest) the figure names.
NAMED_ACTORS = 6

_SIZE = (11.0, 6.0)
_DIAMETERS = (4.0, 14.0)
_TIE_WIDTH = 1.0
_KEPT_WIDTH = 0.6
_LEGEND_STRIP = 0.17  # of the figure's height


def change_figure(shown, seed=None):
    """Both waves side by side with one layout, what changed styled as on the change map.

    Parameters
    ----------
    shown : ShownTables
        ``apply_privacy(comparison.change_analysis(), ...)``: a graph holding both
        waves' ties and the comparison's tables (see :func:`.map_change.change_map`).
    seed : int, optional
        Seed of the layout; default the analysis' seed, so figure and map agree.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem, AnalysisConfig, analyze
    >>> from skane_ecosystem.privacy import apply_privacy
    >>> from skane_ecosystem.scenarios import comparison_of
    >>> config = AnalysisConfig(stability={"enabled": False})
    >>> path, star = (analyze(Ecosystem.from_networkx(G), config) for G in (nx.path_graph(3), nx.star_graph(2)))
    >>> fig = change_figure(apply_privacy(comparison_of(path, star).change_analysis()))
    >>> len(fig.axes)
    2
    """
    if shown.waves is None:
        raise ValueError("these tables hold no comparison of two waves; make them from Comparison.change_analysis()")
    G, lang = shown.graph, shown.policy.lang
    change = WaveChange.of(shown.waves, G.is_directed())
    ids = node_ids(G)
    positions = layout(G, shown.meta.get("seed", 0) if seed is None else seed)
    status = {ids[n]: change.actor(ids[n]) for n in G}
    ties = sorted((min(ids[u], ids[v]), max(ids[u], ids[v])) for u, v in G.edges())
    tie_status = {pair: change.tie(*pair) for pair in ties}
    degree = {ids[n]: d for n, d in G.degree()}
    with _house_style():
        fig = _new_figure(_SIZE)
        axes = fig.subplots(1, 2, sharex=True, sharey=True)
        for ax, wave, hidden in ((axes[0], change.wave_from, "new"), (axes[1], change.wave_to, "lost")):
            drawn = [pair for pair in ties if tie_status[pair] != hidden]
            _draw_ties(ax, drawn, tie_status, positions)
            _draw_actors(ax, G, ids, positions, status, degree)
            ax.set_title(wave)
            ax.set_axis_off()
            ax.set_aspect("equal", adjustable="box")
        fig.suptitle(t("change.title", lang, wave_from=change.wave_from, wave_to=change.wave_to))
        if shown.synthetic:
            _add_synthetic_note(fig, lang)
        # A strip at the bottom for the legend (and the note below it), clear of the drawing.
        fig.get_layout_engine().set(rect=(0, _LEGEND_STRIP, 1, 1 - _LEGEND_STRIP))
        fig.legend(
            handles=_legend_handles(change, lang),
            loc="lower center",
            bbox_to_anchor=(0.5, 0.04),
            ncol=2,
            frameon=False,
            fontsize=8,
        )
        # Last: placing names clear of each other needs the final layout.
        _name_actors(fig, axes[1], G, ids, positions, status, degree)
    return fig


def _draw_ties(ax, pairs, tie_status, positions) -> None:
    """The kept ties first, the changed ones on top."""
    ordered = sorted(pairs, key=lambda pair: (tie_status[pair] != "kept", pair))
    styles = [palette.CHANGE_TIE_STYLES[tie_status[pair]] for pair in ordered]
    ax.add_collection(
        LineCollection(
            [(positions[u], positions[v]) for u, v in ordered],
            colors=[style["color"] for style in styles],
            linewidths=[_KEPT_WIDTH if tie_status[pair] == "kept" else _TIE_WIDTH for pair in ordered],
            linestyles=[_linestyle(style["dashes"]) for style in styles],
            zorder=1,
        )
    )


def _draw_actors(ax, G, ids, positions, status, degree) -> None:
    from ..sectors import SECTOR_COLORS

    order = sorted(ids.values(), key=lambda a: (status[a] != "kept", a))  # changed actors on top
    node_of = {actor: node for node, actor in ids.items()}
    diameters = scaled(degree, _DIAMETERS)
    markers = [palette.CHANGE_ACTOR_MARKERS[status[a]] for a in order]
    fills = [m["fill"] or SECTOR_COLORS[sector_of(G.nodes[node_of[a]])] for a, m in zip(order, markers)]
    xy = np.array([positions[a] for a in order], dtype=float).reshape(len(order), 2)
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=[diameters.get(a, _DIAMETERS[0]) ** 2 for a in order],
        c=fills or None,
        edgecolors=["#FFFFFF" if status[a] == "kept" else m["border"] for a, m in zip(order, markers)] or None,
        linewidths=[m["border_width"] * 0.5 for m in markers] or None,
        zorder=3,
    )


def _name_actors(fig, ax, G, ids, positions, status, degree) -> None:
    """Name the organisations that joined or left, in the house order
    (:func:`.labels.named_first`), each where it overlaps no name already written;
    a name that finds no free place is left out."""
    changed = {actor: 1.0 for actor, s in status.items() if s != "kept"}
    node_of = {actor: node for node, actor in ids.items()}
    renderer = fig.canvas.get_renderer()
    taken = []
    for actor in named_first(degree, flagged=changed, count=min(len(changed), NAMED_ACTORS)):
        name = label_text(actor_name(node_of[actor], G.nodes[node_of[actor]]))
        for offset, align in _LABEL_SPOTS:
            label = ax.annotate(
                name,
                positions[actor],
                xytext=offset,
                textcoords="offset points",
                ha=align,
                fontsize=8,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
            box = label.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            label.remove()


#: Where a name may go beside its actor, in order of preference: (offset in points, alignment).
_LABEL_SPOTS = (((7, 5), "left"), ((7, -13), "left"), ((-7, 5), "right"), ((-7, -13), "right"))


def _legend_handles(change: WaveChange, lang: str) -> list:
    waves = {"wave_from": change.wave_from, "wave_to": change.wave_to}
    handles = []
    for status in TIE_STATUSES:
        style = palette.CHANGE_TIE_STYLES[status]
        handles.append(
            Line2D(
                [],
                [],
                color=style["color"],
                linestyle=_linestyle(style["dashes"]),
                label=t(f"change.legend.tie_{status}", lang, **waves),
            )
        )
    for status in ACTOR_STATUSES:
        marker = palette.CHANGE_ACTOR_MARKERS[status]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=8,
                markerfacecolor=marker["fill"] or "#BBBBBB",
                markeredgecolor="#666666" if status == "kept" else marker["border"],
                markeredgewidth=marker["border_width"] * 0.5,
                label=t(f"change.legend.actor_{status}", lang, **waves),
            )
        )
    return handles
