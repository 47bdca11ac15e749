"""The map's data: nodes, ties, actor cards, findings, legend and filters, from the tables.

:func:`actor_map` turns a graph, its ``actors`` table of measures and its ``flags``
table of findings into the plain records the page's script draws (see
:mod:`.map_page`); every label is already in the map's language and every number
already formatted, so the page only places them.  With them come the story the map
opens with (:func:`headline`: the report's summary findings and the actors each is
about) and the actors it names (in :func:`~.labels.named_first` order).  The aggregated map, one circle per
group, is built in :mod:`.map_groups` from the same pieces.

The figures (:mod:`.figures`) check their ``actors``, ``flags`` and ``color_by``
arguments with the same functions (:func:`checked_actors`, :func:`checked_flags`,
:func:`measure_table`, :func:`check_color_by`), so the two accept the same tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..columns import MEASURE_COLUMNS
from ..i18n import format_number, t
from ..io.registers import SKANE_MUNICIPALITIES
from ..privacy import MIN_CELL
from ..sectors import SECTOR_COLORS, SECTOR_LABELS, SECTORS
from . import palette
from .attributes import actor_name, category_of, clean, missing, plain_text, relations_of, sector_of, weight_of
from .labels import (
    attribute_label,
    code_label,
    evidence_text,
    label_text,
    measure_label,
    named_first,
    number_text,
    optional_label,
    relation_label,
    removal_label,
    shortened,
)
from .palette import EDGE_WIDTH_RANGE, NODE_SIZE_RANGE, scaled

__all__ = [
    "MapSettings",
    "CARD_MEASURES",
    "FLAG_KINDS",
    "checked_actors",
    "checked_flags",
    "check_color_by",
    "measure_table",
    "actor_map",
    "actor_flags",
    "vis_color",
    "flag_for_page",
    "shown_count",
    "sortable",
    "figure_text",
    "headline",
    "weights_withheld",
    "HEADLINE_PER_KIND",
    "NAMED_COUNT",
    "KEY_FIGURES",
]

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

#: The figures an actor's card shows before "show all measures" (those present, after
#: the size measure, at most three in all): how many partners, how often it lies
#: between others.  Every measure is behind the toggle.
KEY_FIGURES = ("degree", "betweenness")
_KEY_FIGURES_SHOWN = 3

#: Significant digits of the figures on an actor's card: "0.0862", not
#: "0.08618327453105284"; nobody decides anything on the fourth digit.
_SIGNIFICANT_DIGITS = 3

#: How many findings of each kind the headline strip shows (facilitators, then
#: impediments: the order of the report's summary, whose choice it reuses).
HEADLINE_PER_KIND = 3

#: How many actors the map offers to name (flagged first, then the largest:
#: :func:`~.labels.named_first`); the page names those that find a free spot.
NAMED_COUNT = 40

#: The longest name drawn on the map itself (the card and the list show more).
_NAME_ON_MAP_LENGTH = 32

#: The kinds of finding a flags table holds.
FLAG_KINDS = ("facilitator", "impediment")
_FLAG_REQUIRED_COLUMNS = ("subject", "level", "kind", "code")
_IDENTITY_ATTRIBUTES = ("name", "label", "sector", "type", "municipality", "respondent")

#: The graph attribute holding the quotes the actor cards show: actor id -> list of
#: {code, kind, quote, source}.  Only an internal map's graph carries it
#: (:func:`skane_ecosystem.render.bundle.shown_map`); privacy never lets quotes
#: into a public output.
QUOTES_ATTRIBUTE = "qualitative_quotes"


@dataclass(frozen=True)
class MapSettings:
    """What :func:`~.map.network_map` was asked to draw, checked: passed to every part of the page."""

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
    #: ``"vis"`` (vis-network, small maps) or ``"webgl"`` (sigma.js, large maps): see ``map.WEBGL_ABOVE``.
    renderer: str = "vis"


def checked_actors(actors, ids: dict):
    """``actors`` indexed by id as text, or None; refused when it cannot be the graph's table."""
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


def checked_flags(flags, lang: str) -> list[dict]:
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
        if record["kind"] not in FLAG_KINDS:
            raise ValueError(f"flags row {position} has kind {record['kind']!r}; use 'facilitator' or 'impediment'")
        rows.append(_flag_row(record, lang))
    return sorted(rows, key=lambda r: (-sortable(r["severity"]), r["kind"], r["code"], r["subject"]))


def _flag_row(record: dict, lang: str) -> dict:
    severity = record.get("severity", record.get("score"))
    explanation = record.get(f"explanation_{lang}")
    if missing(explanation):
        explanation = record.get("explanation_en")
    evidence = record.get("evidence")
    return {
        "subject": str(record["subject"]),
        "level": str(record["level"]),
        "kind": record["kind"],
        "code": str(record["code"]),
        "severity": None if missing(severity) else float(severity),
        "stability": None if missing(record.get("stability")) else float(record["stability"]),
        "stability_se": None if missing(record.get("stability_se")) else float(record["stability_se"]),
        "tentative": False if missing(record.get("tentative")) else bool(record["tentative"]),
        "explanation": "" if missing(explanation) else str(explanation),
        "evidence": evidence if isinstance(evidence, dict) else {},
    }


def check_color_by(color_by, G, actors) -> None:
    """Refuse a ``color_by`` that is neither ``"sector"``, a node attribute nor an actors column."""
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


def measure_table(G, ids: dict, actors, size_by):
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


def actor_map(G, ids, actors, measures, flag_rows, removal, positions, settings) -> dict:
    """The page's data for a map of actors: nodes with their cards, ties, findings,
    legend, filters and counts, every label in the map's language."""
    lang = settings.lang
    by_subject = actor_flags(flag_rows, set(ids.values()))
    highlighted = actor_flags(flag_rows, set(ids.values()), firm_only=True)
    colors, color_legend = _node_colors(G, ids, actors, settings)
    sizes = scaled(measures[settings.size_by].to_dict(), NODE_SIZE_RANGE)
    names = {ids[node]: actor_name(node, data) for node, data in G.nodes(data=True)}
    card_columns = _card_columns(measures.columns, settings)
    # One dict per actor, read once: looking each value up in the frame costs more
    # than the rest of the card (thousands of cells, each a pandas call).
    card_values = measures[card_columns].to_dict("index")
    quotes = G.graph.get(QUOTES_ATTRIBUTE) or {}
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
                "color": vis_color(colors[actor], marker),
                "shape": marker["shape"],
                "borderWidth": marker["border_width"],
                "sector": sector_of(data),
                "municipality": clean(data.get("municipality")),
                "type": "" if missing(data.get("type")) else plain_text(data["type"]),  # search, table view
                "flagKinds": kinds,
                "flagCodes": sorted({flag_rows[i]["code"] for i in highlighted.get(actor, [])}),
                "flags": by_subject.get(actor, []),  # its card lists tentative ones too, marked
                # The WebGL view has no hover tooltips (a click opens the card): none to carry.
                "title": (
                    _tooltip(names[actor], data, measures, actor, highlighted, flag_rows, settings)
                    if settings.renderer == "vis"
                    else None
                ),
                "card": _card(
                    names[actor],
                    data,
                    card_values.get(actor),
                    measures.columns,
                    removal.get(actor),
                    settings,
                    quotes.get(actor, ()),
                    roles=[flag_rows[i] for i in highlighted.get(actor, [])],
                ),
            }
        )
    edges = _actor_edges(G, ids, names, settings)
    flag_list = [flag_for_page(row, names, lang) for row in flag_rows]
    return {
        "nodes": nodes,
        "edges": edges,
        "flags": flag_list,
        "headline": headline(flag_rows, flag_list, set(ids.values()), lang),
        "named": _named(names, measures[settings.size_by].to_dict(), flag_rows, highlighted),
        "legend": _legend(color_legend, measures, edges, flag_rows, settings),
        "filters": _filters(nodes, edges, flag_rows, settings),
        "counts": {"actors": len(nodes), "ties": len(edges)},
        "note": None,
    }


def actor_flags(flag_rows: list[dict], actor_ids: set, firm_only: bool = False) -> dict[str, list[int]]:
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
        values = {ids[n]: sector_of(d) for n, d in G.nodes(data=True)}
        present = [s for s in SECTORS if s in set(values.values())]
        mapping = {s: SECTOR_COLORS[s] for s in present}
        legend = [(SECTOR_LABELS[lang][s], SECTOR_COLORS[s]) for s in present]
    else:
        values = {ids[n]: category_of(ids[n], d, settings.color_by, actors) for n, d in G.nodes(data=True)}
        mapping = palette.categorical_colors(values.values())
        legend = [(shortened(str(v)), c) for v, c in mapping.items() if c != palette.REMAINDER_COLOR]
        if palette.REMAINDER_COLOR in mapping.values() or "" in values.values():
            legend.append((t("legend.other_values", lang), palette.REMAINDER_COLOR))
    colors = {actor: mapping.get(value, palette.REMAINDER_COLOR) for actor, value in values.items()}
    return colors, legend


def vis_color(fill: str, marker: dict = palette.UNFLAGGED_MARKER) -> dict:
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
    lines = [label_text(name), f"{t('map.card.sector', lang)}: {SECTOR_LABELS[lang][sector_of(data)]}"]
    for key in ("type", "municipality"):
        if not missing(data.get(key)) and data.get(key) != "":
            lines.append(f"{t(f'map.card.{key}', lang)}: {shortened(plain_text(data[key]))}")
    value = measures[settings.size_by].get(actor) if actor in measures.index else None
    lines.append(f"{measure_label(settings.size_by, lang)}: {number_text(value, lang)}")
    for i in by_subject.get(actor, []):
        kind, code = flag_rows[i]["kind"], flag_rows[i]["code"]
        lines.append(f"{t('kind.' + kind, lang)}: {code_label(code, lang)}")
    return "\n".join(lines)


def _card(name, data, values, measure_columns, removal, settings, quotes=(), roles=()) -> dict:
    """What the side panel shows for one actor, every value already formatted; the
    name whole, however long (the page wraps it).

    The card leads with what a reader decides on: the actor's roles (its findings,
    named as the catalog names them), what its leaving would do, and a few key
    figures; every measure follows behind "show all measures".

    ``values`` are the actor's measures to show (card column -> value; None when the
    actor was not measured), ``removal`` the impact of its removal (or None),
    ``quotes`` what the coded qualitative material says about it (internal maps only),
    ``roles`` its findings (flag rows; tentative ones are no roles and are left out)."""
    lang = settings.lang
    lead = {
        "roles": [_role(row, lang) for row in roles if not row["tentative"]],
        "ifLeft": _if_left(removal, settings),
        "keyFigures": _key_figures(values, settings),
        "allMeasures": _all_measures(values, removal, lang),
    }
    attributes = [[t("map.card.sector", lang), SECTOR_LABELS[lang][sector_of(data)]]]
    for key in ("type", "municipality"):
        if not missing(data.get(key)) and data.get(key) != "":
            attributes.append([t(f"map.card.{key}", lang), plain_text(data[key])])
    if "respondent" in data:
        answered = "map.card.yes" if bool(data["respondent"]) else "map.card.no"
        attributes.append([t("map.card.respondent", lang), t(answered, lang)])
    for key in _own_attributes(data, measure_columns):
        attributes.append([attribute_label(key, lang), _attribute_text(data[key], lang)])
    sections = [{"title": t("map.card.attributes", lang), "rows": attributes}]
    if quotes:
        sections.append({"title": t("qualitative.card.title", lang), "rows": [_quote_row(q, lang) for q in quotes]})
    return {"heading": name, **lead, "sections": sections}


def _role(row: dict, lang: str) -> dict:
    """One of the actor's findings as the card's first lines name it: "Facilitator: Hub"."""
    return {"kind": row["kind"], "label": f"{t('kind.' + row['kind'], lang)}: {code_label(row['code'], lang)}"}


def _if_left(removal, settings) -> str | None:
    """What the actor's leaving would do, in the words of the removal data: how many
    actors would be cut off from the rest (in a public map, 1 to 4 as "fewer than 5"),
    and how much fragmentation would grow."""
    if not removal or missing(removal.get("cut_off")) or missing(removal.get("fragmentation_gain")):
        return None
    cut_off = int(removal["cut_off"])
    return t(
        "map.card.if_left" if cut_off else "map.card.if_left_none",
        settings.lang,
        count=number_text(shown_count(cut_off, settings), settings.lang),
        gain=figure_text(removal["fragmentation_gain"], settings.lang),
    )


def _key_figures(values, settings) -> list[list[str]]:
    """The size measure and the :data:`KEY_FIGURES` present, rounded: label, value."""
    if values is None:
        return []
    wanted = [settings.size_by, *(c for c in KEY_FIGURES if c != settings.size_by)]
    present = [c for c in wanted if c in values and not missing(values[c])][:_KEY_FIGURES_SHOWN]
    return [[measure_label(c, settings.lang), figure_text(values[c], settings.lang)] for c in present]


def _all_measures(values, removal, lang: str) -> list[list[str]]:
    """Every measure of the card, rounded, then every figure of its removal: label, value."""
    rows = [[measure_label(c, lang), figure_text(v, lang)] for c, v in (values or {}).items()]
    rows += [[removal_label(k, lang), figure_text(v, lang)] for k, v in sorted((removal or {}).items())]
    return rows


def figure_text(value, lang: str, digits: int = _SIGNIFICANT_DIGITS) -> str:
    """A figure as an actor's card shows it: ``digits`` significant digits, in the
    language's format (decimal comma and narrow-space thousands in Swedish).

    Whole numbers are shown whole, however many digits they have.

    Parameters
    ----------
    value : number, bool or None
    lang : {"en", "sv"}
    digits : int

    Returns
    -------
    str

    Examples
    --------
    >>> figure_text(0.08618327453105284, "sv"), figure_text(40.45, "en"), figure_text(1736.0, "sv")
    ('0,0862', '40.5', '1\u202f736')
    """
    if hasattr(value, "item"):
        value = value.item()  # a numpy number
    if missing(value) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return number_text(value, lang)
    value = float(value)
    if value.is_integer():
        return format_number(int(value), lang)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(digits - 1 - magnitude, 0)
    return format_number(round(value, decimals), lang, decimals=decimals)


def _quote_row(passage: dict, lang: str) -> list[str]:
    """One coded passage on a card: its code (and kind), then the quote and its source."""
    label = plain_text(passage["code"]) or "\u2013"  # an answer not yet coded
    kind = passage.get("kind")
    if kind:
        label += " (" + t("kind." + kind, lang).lower() + ")"
    quote = plain_text(passage["quote"])
    if not quote:
        return [label, ""]
    return [label, t("qualitative.card.quote", lang, quote=quote, source=plain_text(passage["source"]))]


def _own_attributes(data: dict, measure_columns) -> list[str]:
    """The node's attributes the card lists under "about the actor", sorted.

    A graph drawn from privacy-filtered tables carries every measure as a node
    attribute too; the measures have their own section, with their labels and
    formatting, so they are not listed again here.
    """
    measures = set(MEASURE_COLUMNS) | set(measure_columns)
    return sorted(k for k in data if k not in _IDENTITY_ATTRIBUTES and k not in measures and not missing(data[k]))


def _attribute_text(value, lang: str) -> str:
    """An attribute's value as the card shows it: fractions with the language's
    decimal mark, yes/no in the language; whole numbers as written (a year founded
    or an organisation number takes no thousands separator)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        return number_text(value, lang)
    if isinstance(value, float):
        return str(int(value))
    return plain_text(value)


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
    all_relations = sorted({r for _, _, d in G.edges(data=True) for r in relations_of(d)})
    styles = palette.relation_styles(all_relations)
    withheld = weights_withheld(G, settings)
    widths = scaled({i: weight_of(d) for i, (_, _, d) in enumerate(G.edges(data=True))}, EDGE_WIDTH_RANGE)
    raw = []
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        source, target = ids[u], ids[v]
        if not settings.directed and target < source:
            source, target = target, source
        relations = relations_of(data)
        style = styles[relations[0]] if len(relations) == 1 else palette.MULTIPLE_RELATIONS_STYLE
        raw.append(
            {
                "from": source,
                "to": target,
                "width": widths[i],
                "color": style["color"],
                "dashes": style["dashes"],
                "relations": relations,
                "waves": sorted({clean(w) for w in data.get("waves", []) or []} - {""}),
                "weight": None if withheld else number_text(weight_of(data), lang),
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


def weights_withheld(G, settings) -> bool:
    """Whether the map was given no tie strengths because its privacy level hides them.

    A public graph (:func:`skane_ecosystem.privacy.apply_privacy`) carries no
    ``weight``: a tie's strength is a respondent's answer about a named partner, and
    the public level publishes no tie report's weight (it even suppresses an actor's
    summed strength when it rests on fewer than ``MIN_CELL`` ties).  Such a map draws
    every tie equally wide, names no strength in the tie's tooltip, and its legend
    says why rather than claiming that width shows strength.

    Parameters
    ----------
    G : networkx.Graph
        The graph the map draws.
    settings : MapSettings

    Returns
    -------
    bool

    Examples
    --------
    >>> import networkx as nx
    >>> public = MapSettings("en", "", False, "public", None, None, False, False, 0, "sector", "degree", None)
    >>> weights_withheld(nx.path_graph(3), public)
    True
    >>> weights_withheld(nx.Graph([(0, 1, {"weight": 2.0})]), public)
    False
    """
    return settings.privacy == "public" and not any("weight" in data for _, _, data in G.edges(data=True))


def flag_for_page(row: dict, names: dict, lang: str) -> dict:
    evidence = [
        [optional_label("evidence", str(k), lang), evidence_text(v, lang, names)] for k, v in _by_key(row["evidence"])
    ]
    on_map = row["level"] == "actor" and row["subject"] in names
    name = names.get(row["subject"], row["subject"])
    return {
        "subject": row["subject"] if on_map else None,
        "subjectLabel": label_text(name),
        "level": row["level"],
        "kind": row["kind"],
        "kindLabel": t(f"kind.{row['kind']}", lang),
        "codeLabel": code_label(row["code"], lang),
        "explanation": row["explanation"].replace(name, label_text(name)),  # as the label names it
        "severity": number_text(row["severity"], lang),
        "stability": _stability(row, lang),
        "tentative": row["tentative"],
        "evidence": evidence,
    }


# ====================================================================== the story
def headline(flag_rows: list[dict], flag_list: list[dict], actor_ids: set, lang: str) -> list[dict]:
    """The strip of findings the map opens with: the report's summary, shortened.

    The findings are chosen and ordered as the report's summary chooses them
    (:func:`~.report_html.summary_findings`: facilitators, then impediments; one per
    rule first, rules in their policy priority), :data:`HEADLINE_PER_KIND` of each.
    Tentative flags (stability below the floor) are no findings and never headline.

    Parameters
    ----------
    flag_rows : list of dict
        From :func:`checked_flags`.
    flag_list : list of dict
        The same flags as the page shows them (:func:`flag_for_page`).
    actor_ids : set
        The actors on the map.
    lang : {"en", "sv"}

    Returns
    -------
    list of dict
        ``flag`` (its position in the page's list of findings), ``kind``, ``kindLabel``, ``text``
        (the rule and whom it concerns), ``explanation`` (the finding's sentence) and
        ``actors``: the actor it is about, or for a finding about a sector, a
        municipality or the network the actors its evidence names (none if it names
        none: then ``note`` says that the finding concerns no single actors).

    Examples
    --------
    >>> rows = checked_flags(pd.DataFrame({"subject": ["a"], "level": ["actor"], "kind": ["facilitator"],
    ...                                    "code": ["hub"], "score": [3.0]}), "en")
    >>> [(h["text"], h["actors"]) for h in headline(rows, [flag_for_page(rows[0], {"a": "A"}, "en")], {"a"}, "en")]
    [('Hub: A', ['a'])]
    """
    firm = [dict(row, score=row["severity"], position=i) for i, row in enumerate(flag_rows) if not row["tentative"]]
    if not firm:
        return []
    # Imported here: the report's module brings the statistical tests with it,
    # which a map drawn without a report need not load.
    from .report_html import summary_findings

    chosen = summary_findings(pd.DataFrame(firm), per_kind=HEADLINE_PER_KIND)
    strip = []
    for kind in FLAG_KINDS:
        for row in chosen[kind]:
            shown = flag_list[row["position"]]
            actors = _actors_involved(flag_rows[row["position"]], actor_ids)
            strip.append(
                {
                    "flag": row["position"],
                    "kind": kind,
                    "kindLabel": shown["kindLabel"],
                    "text": _headline_text(shown, flag_rows[row["position"]], lang),
                    "explanation": shown["explanation"],
                    "actors": actors,
                    "note": None if actors else t("map.headline.no_actors", lang),
                }
            )
    return strip


def _actors_involved(row: dict, actor_ids: set) -> list[str]:
    """The actor a finding is about, or the actors on the map its evidence names."""
    if row["level"] == "actor":
        return [row["subject"]] if row["subject"] in actor_ids else []
    named: set = set()

    def collect(value):
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                collect(item)
        elif isinstance(value, str) and value in actor_ids:
            named.add(value)

    collect(row["evidence"])
    return sorted(named)


def _headline_text(shown: dict, row: dict, lang: str) -> str:
    """The rule and whom it concerns, short enough for a button: "Hub: Region Skåne"."""
    if row["level"] == "network":
        return shown["codeLabel"]
    subject = SECTOR_LABELS[lang].get(row["subject"]) if row["level"] == "group" else None
    return f"{shown['codeLabel']}: {shortened(subject or shown['subjectLabel'], _NAME_ON_MAP_LENGTH)}"


def _named(names: dict, sizes: dict, flag_rows: list[dict], highlighted: dict) -> list[list[str]]:
    """The actors the map offers to name, in :func:`~.labels.named_first` order, each
    with the name as drawn on the map: ``[[id, name], ...]``.  Only robust findings
    count: a tentative one names nobody."""
    flagged = {
        actor: max(flag_rows[i]["severity"] or 0.0 for i in positions) for actor, positions in highlighted.items()
    }
    order = named_first(sizes, flagged, NAMED_COUNT)
    return [[actor, shortened(label_text(names[actor]), _NAME_ON_MAP_LENGTH)] for actor in order]


def _stability(row: dict, lang: str) -> str:
    """The stability as the page shows it, with its Monte Carlo standard error when known."""
    if row["stability"] is None or row.get("stability_se") is None:
        return number_text(row["stability"], lang)
    return t(
        "stability.value",
        lang,
        stability=number_text(row["stability"], lang),
        error=number_text(row["stability_se"], lang),
    )


def _by_key(mapping: dict) -> list[tuple]:
    return sorted(mapping.items(), key=lambda item: str(item[0]))


def sortable(value) -> float:
    """A number to sort by, largest first; a missing value sorts last."""
    return float("-inf") if missing(value) else float(value)


def shown_count(n: int, settings) -> int | str:
    """A count as the map may show it: a public map states a count from 1 to
    ``MIN_CELL - 1`` as "fewer than 5", like every other public output."""
    if settings.privacy == "public" and 0 < n < MIN_CELL:
        return t("report.privacy.fewer_than", settings.lang, min_cell=MIN_CELL)
    return n


def _legend(color_legend, measures, edges, flag_rows, settings) -> dict:
    lang = settings.lang
    values = [v for v in measures[settings.size_by].tolist() if not missing(v)]
    relations = sorted({r for e in edges for r in e["relations"]})
    styles = palette.relation_styles(relations)
    dashed = settings.renderer == "vis"  # the WebGL view draws every tie solid
    withheld = any(e["weight"] is None for e in edges)  # see weights_withheld
    ties = [
        {
            "label": relation_label(r, lang),
            "color": styles[r]["color"],
            "dash": _svg_dash(styles[r]["dashes"]) if dashed else "",
        }
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
            measure=measure_label(settings.size_by, lang),
            low=number_text(min(values), lang) if values else "\u2013",
            high=number_text(max(values), lang) if values else "\u2013",
        ),
        "ties": ties,
        # The WebGL view draws undirected ties one pixel wide, whatever their strength.
        "width": t("map.legend.width", lang) if (dashed or settings.directed) and not withheld else None,
        "width_withheld": t("map.legend.width_withheld", lang) if withheld else None,
        "arrows": t("map.legend.arrows", lang) if settings.directed else None,
        "markers": _legend_markers(kinds_present, settings),
    }


def _color_title(settings) -> str:
    attribute = settings.color_by
    lang = settings.lang
    label = t("map.card.sector", lang) if attribute == "sector" else attribute_label(attribute, lang)
    return t("legend.color", lang, attribute=label)


def _legend_markers(kinds_present: set, settings) -> list[dict]:
    """Every marker is always explained, so a reader knows that no triangle means
    no impediment was found rather than that impediments are not shown.  The WebGL
    view draws every actor as a disc, a finding as a ring in the marker's colour."""
    lang = settings.lang
    shapes = [("none", palette.UNFLAGGED_MARKER)]
    shapes += [(k, palette.FLAG_MARKERS[k]) for k in ("facilitator", "impediment", "both")]
    markers = []
    for key, marker in shapes:
        markers.append(
            {
                "label": t(f"map.legend.marker_{key}", lang),
                "shape": marker["shape"] if settings.renderer == "vis" else "dot",
                "border": "#666666" if key == "none" else marker["border"],
                "present": key == "none"
                or key in kinds_present
                or (key == "both" and {"facilitator", "impediment"} <= kinds_present),
            }
        )
    return markers


def _svg_dash(dashes) -> str:
    return "" if not dashes else " ".join(str(d) for d in dashes)


#: Skåne's municipalities by name -> SCB's four-digit code, for the page's search:
#: Malmö's actors are found by "1280" as by "Malmö" (33 entries, on every map).
MUNICIPALITY_CODES = {name: code for code, name in sorted(SKANE_MUNICIPALITIES.items())}


def _filters(nodes, edges, flag_rows, settings) -> dict:
    lang = settings.lang
    present_sectors = {n["sector"] for n in nodes}
    municipalities = sorted({n["municipality"] for n in nodes}, key=lambda m: (m == "", m.casefold()))
    codes = sorted(
        {(row["kind"], row["code"]) for row in flag_rows if row["level"] == "actor" and not row["tentative"]}
    )
    return {
        "relations": [
            {"value": r, "label": relation_label(r, lang)} for r in sorted({r for e in edges for r in e["relations"]})
        ],
        "waves": [{"value": w, "label": w} for w in sorted({w for e in edges for w in e["waves"]})],
        "sectors": [{"value": s, "label": SECTOR_LABELS[lang][s]} for s in SECTORS if s in present_sectors],
        "municipalities": [
            {"value": m, "label": shortened(m) or t("map.filter.no_municipality", lang)} for m in municipalities
        ],
        "flags": [
            {"value": f"code:{code}", "label": f"{t(f'kind.{kind}', lang)}: {code_label(code, lang)}"}
            for kind, code in codes
        ],
    }
