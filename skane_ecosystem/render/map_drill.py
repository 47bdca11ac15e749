"""Drill-down from the aggregated map: each group's actors, ready to draw on a click.

An aggregated map (one circle per community, sector or municipality; see
:mod:`.map_groups`) carries, for every group, its actors and the ties among them, so
that a reader can open a group and see who is in it, offline, without a second file.
The page draws a group's actors with the WebGL view (``templates/map_view_webgl.js``)
and offers the way back to the groups.

At register scale this is most of the page, so each actor gets a short record: its
name, sector, municipality, the size measure and its findings (the circles' colour
is the sector, a finding a ring), laid out within its group with
:func:`~.layout.packed_layout`; ties are drawn in one colour, as wide as they are strong.
"""

from __future__ import annotations

from ..i18n import t
from ..sectors import SECTOR_COLORS, SECTOR_LABELS
from . import palette
from .attributes import clean, sector_of
from .labels import label_text, measure_label, number_text
from .layout import LAYOUT_SPACING, packed_layout
from .map_data import actor_flags
from .palette import EDGE_WIDTH_RANGE, NODE_SIZE_RANGE, scaled

__all__ = ["group_levels"]


def group_levels(G, ids, H, members: dict, measures, names: dict, flag_rows: list, settings) -> dict:
    """group id -> ``{"nodes": [...], "edges": [...]}``: the group's actors and the ties among them.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    ids : dict
        node -> actor id as text.
    H : networkx.Graph
        ``G`` with actor ids, undirected, as :func:`~.layout.canonical_undirected` makes it.
    members : dict
        group id -> its actor ids, sorted.
    measures : pandas.DataFrame
        One row per actor; ``settings.size_by`` sizes the actors.
    names : dict
        actor id -> name.
    flag_rows : list of dict
        The findings, as :func:`~.map_data.checked_flags` returns them; the actors'
        records point into this list, as the page's ``flags`` does.
    settings : MapSettings

    Returns
    -------
    dict
    """
    data_of = {ids[n]: d for n, d in G.nodes(data=True)}
    sizes = scaled(measures[settings.size_by].to_dict(), NODE_SIZE_RANGE)
    size_values = measures[settings.size_by].to_dict()
    listed = actor_flags(flag_rows, set(names))
    marked = actor_flags(flag_rows, set(names), firm_only=True)
    widths = scaled({(u, v): w for u, v, w in H.edges(data="weight")}, EDGE_WIDTH_RANGE)
    levels = {}
    for group, actors in sorted(members.items()):
        inside = H.subgraph(actors)
        positions = packed_layout(inside, settings.seed, LAYOUT_SPACING)
        nodes = [
            _actor_record(
                actor,
                data_of[actor],
                names[actor],
                positions[actor],
                sizes,
                size_values,
                listed,
                marked,
                flag_rows,
                settings,
            )
            for actor in actors
        ]
        edges = [
            {"id": f"{group}/{number}", "from": u, "to": v, "width": widths[(u, v)], "color": _TIE_COLOR}
            for number, (u, v) in enumerate(sorted(tuple(sorted(e)) for e in inside.edges()))
        ]
        levels[group] = {"nodes": nodes, "edges": edges}
    return levels


#: Ties of a group's actors are drawn in one colour: the relations are on the actor map.
_TIE_COLOR = palette.MULTIPLE_RELATIONS_STYLE["color"]


def _actor_record(actor, data, name, position, sizes, size_values, listed, marked, flag_rows, settings) -> dict:
    """A short record of one actor, in the shape the page's script reads."""
    lang = settings.lang
    kinds = sorted({flag_rows[i]["kind"] for i in marked.get(actor, [])})
    marker = palette.flag_marker(kinds)
    sector = sector_of(data)
    municipality = clean(data.get("municipality"))
    attributes = [[t("map.card.sector", lang), SECTOR_LABELS[lang][sector]]]
    if municipality:
        attributes.append([t("map.card.municipality", lang), municipality])
    measures = [[measure_label(settings.size_by, lang), number_text(size_values.get(actor), lang)]]
    return {
        "id": actor,
        "label": label_text(name),
        "x": position[0],
        "y": position[1],
        "size": sizes.get(actor, NODE_SIZE_RANGE[0]),
        "color": {"background": SECTOR_COLORS[sector], "border": marker["border"]},
        "borderWidth": marker["border_width"],
        "sector": sector,
        "municipality": municipality,
        "flagKinds": kinds,
        "flagCodes": sorted({flag_rows[i]["code"] for i in marked.get(actor, [])}),
        "flags": listed.get(actor, []),
        "card": {
            "heading": name,
            "sections": [
                {"title": t("map.card.attributes", lang), "rows": attributes},
                {"title": t("map.card.measures", lang), "rows": measures},
            ],
        },
    }
