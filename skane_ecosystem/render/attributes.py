"""What the outputs read from a graph's nodes and ties, read the same way everywhere.

A graph from ``Ecosystem.graph()`` carries ``name``, ``sector``, ``relations`` and
``weight``; a graph a user built by hand may carry none of them, or NaN where a value
is missing.  The map (:mod:`.map`), the figures (:mod:`.figures`) and the graph files
(:mod:`.gexf`) all read attributes through these functions, so an actor has the same
name, sector and ties in every output, and a missing value is missing everywhere.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("a", "b", relations={"funding", "collaboration"}, weight=2)
>>> G.nodes["a"].update(name="Region Skåne", sector="public")
>>> actor_name("a", G.nodes["a"]), sector_of(G.nodes["a"]), sector_of(G.nodes["b"])
('Region Skåne', 'public', 'other')
>>> relations_of(G.edges["a", "b"]), weight_of(G.edges["a", "b"])
(['collaboration', 'funding'], 2.0)
"""

from __future__ import annotations

import pandas as pd

from ..sectors import SECTOR_COLORS, normalize_sector

__all__ = [
    "node_ids",
    "actor_name",
    "sector_of",
    "relations_of",
    "weight_of",
    "category_of",
    "clean",
    "plain_text",
    "missing",
]


def node_ids(G) -> dict:
    """node -> the string id used on the page; ids must stay distinct as text.

    Raises
    ------
    ValueError
        If two nodes are written the same (e.g. ``1`` and ``"1"``).

    Examples
    --------
    >>> import networkx as nx
    >>> node_ids(nx.path_graph(2))
    {0: '0', 1: '1'}
    """
    ids = {node: str(node) for node in G.nodes}
    if len(set(ids.values())) != len(ids):
        raise ValueError(
            "two nodes have the same id when written as text (e.g. 1 and '1'); "
            "relabel the graph so that node ids are distinct strings"
        )
    return ids


def actor_name(node, data) -> str:
    """The node's ``name`` (else its ``label``, else its id): never empty."""
    for key in ("name", "label"):
        if not missing(data.get(key)) and str(data[key]).strip():
            return str(data[key])
    return str(node)


def sector_of(data) -> str:
    """The node's sector code (one of ``sectors.SECTORS``); "other" when missing or unknown."""
    value = data.get("sector")
    if missing(value):
        return "other"
    return value if value in SECTOR_COLORS else (normalize_sector(value) or "other")


def relations_of(data) -> list[str]:
    """The tie's relations, sorted and cleaned; ``["tie"]`` when it names none."""
    relations = data.get("relations")
    if relations is None:
        relations = [data["relation"]] if "relation" in data else ["tie"]
    elif isinstance(relations, str):
        relations = [relations]
    return sorted({clean(r) for r in relations}) or ["tie"]


def weight_of(data) -> float:
    """The tie's ``weight``; 1 when missing."""
    value = data.get("weight", 1.0)
    return 1.0 if missing(value) else float(value)


def category_of(actor, data, attribute, actors) -> str:
    """The actor's value of ``attribute``: a node attribute, else an actors column."""
    value = data.get(attribute)
    if missing(value) and actors is not None and attribute in actors.columns:
        value = actors[attribute].get(actor)
    return "" if missing(value) else plain_text(value)


def clean(value) -> str:
    """Text used as a filter value: whitespace collapsed and control characters dropped,
    so the value survives the trip through an HTML attribute unchanged.

    >>> clean(" Malmö\\n stad ")
    'Malmö stad'
    """
    if missing(value):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in plain_text(value))
    return " ".join(text.split())


def plain_text(value) -> str:
    """A value as text, a whole float without its ".0" (a year read as 2021.0 is 2021).

    >>> plain_text(2021.0), plain_text(0.5)
    ('2021', '0.5')
    """
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def missing(value) -> bool:
    """None, NaN, NaT and pandas.NA count as missing; anything else is a value."""
    if value is None or value is pd.NA:
        return True
    try:
        return bool(value != value)  # only NaN-like values differ from themselves
    except (TypeError, ValueError):
        return False
