"""The aggregated map: one circle per community, sector or municipality instead of one per actor.

A hundred thousand dots help no reader, so register-scale networks (more than
``map.AGGREGATE_ABOVE`` actors) are drawn one circle per community, or per sector or
municipality when asked.  A circle is as large as its members are many, coloured by its main
sector; its card gives the members' sectors, its ten actors with the highest size
measure and its findings by kind.  Counts follow the privacy level (fewer than 5 on a
public map, :func:`~.map_data.shown_count`).
"""

from __future__ import annotations

import math

import networkx as nx

from ..i18n import format_number, t
from ..sectors import SECTOR_COLORS, SECTOR_LABELS, SECTORS
from . import palette
from .attributes import actor_name, clean, sector_of, weight_of
from .labels import label_text, measure_label, number_text
from .layout import canonical_undirected, packed_layout
from .map_data import FLAG_KINDS, actor_flags, flag_for_page, shown_count, sortable, vis_color, weights_withheld
from .map_drill import group_levels
from .palette import EDGE_WIDTH_RANGE, scaled

__all__ = ["aggregated_map"]


def aggregated_map(G, ids, measures, flag_rows, settings) -> dict:
    """The page's data for a map of groups: one circle per community or sector
    (``settings.grouping``), sized by its members, placed with :func:`~.layout.packed_layout`,
    with the ties between groups summed; the records have the shape of
    :func:`~.map_data.actor_map`'s."""
    lang = settings.lang
    ties = canonical_undirected(G, ids)  # read once: the communities and the drill-down use it
    membership, group_labels = _groups(G, ids, ties, measures, settings)
    sector_by_actor = {ids[n]: sector_of(d) for n, d in G.nodes(data=True)}
    names = {ids[n]: actor_name(n, d) for n, d in G.nodes(data=True)}
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
        slot[1] += weight_of(data)
    H.add_weighted_edges_from((a, b, w) for (a, b), (_, w) in sorted(between.items()))
    positions = packed_layout(H, settings.seed, spacing=260.0)

    sizes = scaled({g: math.sqrt(len(m)) for g, m in members.items()}, (14.0, 60.0))
    by_subject = actor_flags(flag_rows, set(membership), firm_only=True)
    nodes = []
    for group in sorted(members):
        sector_counts = _counts(sector_by_actor[a] for a in members[group])
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
                "color": vis_color(SECTOR_COLORS[main_sector]),
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
                        t("map.aggregate.members", lang, count=shown_count(len(members[group]), settings)),
                        f"{t('map.aggregate.main_sector', lang)}: {SECTOR_LABELS[lang][main_sector]}",
                    ]
                ),
                "card": card,
            }
        )
    widths = scaled({pair: count for pair, (count, _) in between.items()}, EDGE_WIDTH_RANGE)
    # Without tie strengths (a public map) a group pair's "strength" would only count
    # its ties again, past the small-count rule: the line is left out.
    strength_known = not weights_withheld(G, settings)
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
                        t("map.aggregate.ties_between", lang, count=shown_count(count, settings)),
                        *([f"{t('map.tie.weight', lang)}: {number_text(weight, lang)}"] if strength_known else []),
                    ]
                ),
            }
        )
    # Every actor's sector, not only the groups' main ones: a drill-down draws the actors.
    present = set(sector_by_actor.values())
    color_legend = [(SECTOR_LABELS[lang][s], SECTOR_COLORS[s]) for s in SECTORS if s in present]
    note_key = f"map.aggregate.note_{settings.grouping}"
    return {
        "nodes": nodes,
        "edges": edges,
        "flags": [flag_for_page(row, names, lang) for row in flag_rows],
        "legend": _aggregated_legend(color_legend, settings),
        "filters": None,
        "counts": {"actors": G.number_of_nodes(), "ties": G.number_of_edges()},
        "note": t(note_key, lang, actors=shown_count(G.number_of_nodes(), settings), groups=len(nodes)),
        "groups": group_levels(G, ids, ties, members, measures, names, flag_rows, settings),
    }


def _groups(G, ids, ties, measures, settings):
    """actor id -> group id, and group id -> label; ``ties`` is
    :func:`~.layout.canonical_undirected` of ``G``."""
    lang = settings.lang
    if settings.grouping == "sector":
        membership = {ids[n]: sector_of(d) for n, d in G.nodes(data=True)}
        labels = {s: SECTOR_LABELS[lang][s] for s in set(membership.values())}
        return membership, labels
    if settings.grouping == "municipality":
        return _municipalities(G, ids, lang)
    # Actors without ties are each a "community" of one; one circle says it better.
    isolates = sorted(n for n in ties if ties.degree(n) == 0)
    H = ties.copy()
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


def _municipalities(G, ids, lang):
    """actor id -> its municipality's group, and group -> the municipality's name.
    The group ids carry a prefix, so that an actor without a municipality (the empty
    name) still gets a group of its own."""
    membership = {ids[n]: f"municipality:{clean(d.get('municipality'))}" for n, d in G.nodes(data=True)}
    labels = {
        group: group.split(":", 1)[1] or t("map.filter.no_municipality", lang) for group in set(membership.values())
    }
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
        [t("map.aggregate.actors", lang), number_text(shown_count(len(members), settings), lang)],
        [t("map.aggregate.ties_inside", lang), number_text(shown_count(inside, settings), lang)],
    ]
    sectors = [
        [SECTOR_LABELS[lang][s], _share(sector_counts[s], len(members), settings)]
        for s in SECTORS
        if sector_counts.get(s)
    ]
    column = measures[settings.size_by]
    ranked = sorted(members, key=lambda a: (-sortable(column.get(a)), a))[:10]
    top = [[label_text(names[a]), number_text(column.get(a), lang)] for a in ranked]
    kinds = _counts(flag_rows[i]["kind"] for a in members for i in by_subject.get(a, []))
    flagged = [
        [t(f"kind.{k}", lang), number_text(shown_count(kinds[k], settings), lang)] for k in FLAG_KINDS if kinds.get(k)
    ]
    sections = [
        {"title": t("map.aggregate.summary", lang), "rows": summary},
        {"title": t("map.card.sector", lang), "rows": sectors},
        {"title": t("map.aggregate.top", lang, measure=measure_label(settings.size_by, lang)), "rows": top},
    ]
    if flagged:
        sections.append({"title": t("map.panel.flags", lang), "rows": flagged})
    return {"heading": label, "sections": sections}


def _share(count: int, total: int, settings) -> str:
    """``count (percent %)`` of a group's actors; a suppressed count shows no percentage,
    which would give the count away."""
    shown = shown_count(count, settings)
    if isinstance(shown, str):
        return shown
    return t(
        "map.aggregate.share", settings.lang, count=count, percent=format_number(100 * count / total, settings.lang, 0)
    )


def _aggregated_legend(color_legend, settings) -> dict:
    lang = settings.lang
    return {
        "color_title": t("map.legend.color_sector_groups", lang),
        "colors": [{"label": label, "color": color} for label, color in color_legend],
        "size": t("map.legend.size_groups", lang),
        "ties": [],
        "width": t("map.legend.width_groups", lang),
        "arrows": None,
        "markers": [],
    }


def _counts(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
