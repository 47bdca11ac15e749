"""The network as graph files for Gephi, igraph, Cytoscape and networkx.

GEXF and GraphML store one text, number or truth value per attribute; the analysed
graph holds lists (the relations and waves of a tie), missing values and nested
dicts, on which ``nx.write_gexf`` and ``nx.write_graphml`` fail.  Here the graph
becomes one they can write:

* :func:`writable_graph` -- every attribute a scalar: lists as text
  ("collaboration; funding"), missing values left out, dicts as JSON; the
  organisation's name as ``label``; its measures and the codes of its findings as
  node attributes.  ``Analysis.to_networkx()`` returns it.
* :func:`gexf_bytes` -- the bundle's ``ecosystem.gexf``: the same graph drawn as the
  map draws it (sector colours, sizes and the seeded layout, as GEXF ``viz``), so
  that opened in Gephi it looks like the map.
* :func:`graphml_bytes` -- the bundle's ``ecosystem.graphml``.

Every id, key and text is written with :func:`xml_text`, and nodes and ties are
sorted: the same graph gives the same bytes.
"""

from __future__ import annotations

import io
import json
import math
import re

import networkx as nx
import numpy as np
import pandas as pd

from ..findings import split_tentative
from ..sectors import SECTOR_COLORS
from .attributes import node_ids, relations_of, sector_of, weight_of
from .csvtext import NOT_IN_XML
from .layout import layout
from .palette import EDGE_WIDTH_RANGE, MULTIPLE_RELATIONS_STYLE, NODE_SIZE_RANGE, relation_styles, scaled

__all__ = ["writable_graph", "gexf_bytes", "graphml_bytes", "xml_text", "LIST_SEPARATOR"]

#: Joins the items of a list attribute (the relations of a tie) into one text.
LIST_SEPARATOR = "; "


# ==================================================================== public
def writable_graph(G, measures: pd.DataFrame | None = None, flags: pd.DataFrame | None = None):
    """A copy of ``G`` that ``nx.write_gexf`` and ``nx.write_graphml`` can write.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The analysed graph (``Analysis.graph``, or the privacy-filtered
        ``ShownTables.graph``).
    measures : pandas.DataFrame, optional
        One row per actor, indexed by node id (``Analysis.actors``): its columns
        become node attributes.  Rows of actors that are not nodes are ignored.
    flags : pandas.DataFrame, optional
        The findings (``Analysis.flags``): each node gets ``findings``, the codes of
        its actor-level findings as text ("broker; hub"), and ``tentative_findings``,
        those of its tentative flags (stability below the floor), kept apart so a
        fragile flag is never read as a finding.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Same class and ties as ``G``; nodes and ties sorted.  Every attribute is a
        ``str``, ``int``, ``float`` or ``bool``: lists joined with
        :data:`LIST_SEPARATOR`, dicts as JSON, missing values (None, NaN) left out.
        ``label`` is the actor's ``name`` (its id when it has none).

    Raises
    ------
    ValueError
        If two node ids become the same once the characters XML cannot hold are
        written as escapes.

    Examples
    --------
    >>> import io
    >>> G = nx.Graph()
    >>> G.add_node("a", name="Lund University", founded=None)
    >>> G.add_edge("a", "b", relations=["collaboration", "funding"], waves=["2022"])
    >>> H = writable_graph(G)
    >>> H.nodes["a"]
    {'findings': '', 'label': 'Lund University', 'name': 'Lund University', 'tentative_findings': ''}
    >>> H.edges["a", "b"]["relations"]
    'collaboration; funding'
    >>> nx.write_gexf(H, io.BytesIO()); nx.write_graphml(H, io.BytesIO())
    """
    ids = _xml_ids(G)
    findings = _finding_codes(flags)
    H = G.__class__()
    H.graph.update(_flat_attributes(G.graph))
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        attributes = dict(data) | _measures_of(node, measures)
        attributes["label"] = _name(node, attributes)
        attributes["findings"] = LIST_SEPARATOR.join(findings["firm"].get(node, []))
        attributes["tentative_findings"] = LIST_SEPARATOR.join(findings["tentative"].get(node, []))
        H.add_node(ids[node], **_flat_attributes(attributes))
    for u, v, data in sorted(G.edges(data=True), key=lambda item: (str(item[0]), str(item[1]))):
        H.add_edge(ids[u], ids[v], **_flat_attributes(data))
    return H


def gexf_bytes(G, flags: pd.DataFrame | None = None, seed: int = 0) -> bytes:
    """The GEXF file of ``G`` as the map draws it: opened in Gephi, it looks like the map.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The graph the map is drawn from, measures on its nodes (``ShownTables.graph``).
    flags : pandas.DataFrame, optional
        The findings, written as node attributes (see :func:`writable_graph`).
    seed : int
        The map's layout seed: the positions are the map's.

    Returns
    -------
    bytes
        GEXF 1.2 with every node's ``viz`` colour (its sector's colour), size (by
        degree, in the map's pixel range) and position (the map's, y pointing up as
        in Gephi), and every tie's colour (its relation's) and thickness (by
        weight).  No modification date, so the bytes are reproducible.

    References
    ----------
    .. [1] GEXF Working Group (2009). GEXF 1.2draft Primer, section "Visualization"
       (the ``viz`` module). https://gexf.net/

    Examples
    --------
    >>> data = gexf_bytes(nx.Graph([("a", "b")]))
    >>> b"<viz:position" in data
    True
    """
    H = writable_graph(G, flags=flags)
    ids = _xml_ids(G)
    for node, viz in _map_look(G, seed).items():
        H.nodes[ids[node]]["viz"] = viz
    for (u, v), viz in _map_tie_look(G).items():
        H.edges[ids[u], ids[v]]["viz"] = viz
    buffer = io.BytesIO()
    nx.write_gexf(H, buffer)
    text = buffer.getvalue().decode("utf-8")
    # networkx stamps today's date; leave it out so the file is reproducible
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8")


def graphml_bytes(G, flags: pd.DataFrame | None = None) -> bytes:
    """The GraphML file of ``G`` (see :func:`writable_graph`), numbers typed as numbers.

    Examples
    --------
    >>> graphml_bytes(nx.Graph([("a", "b")])).startswith(b"<?xml")
    True
    """
    buffer = io.BytesIO()
    nx.write_graphml(writable_graph(G, flags=flags), buffer, infer_numeric_types=True)
    return buffer.getvalue()


def xml_text(text: str) -> str:
    """``text`` with each character XML forbids (:data:`~.csvtext.NOT_IN_XML`) written
    as its escape (``\\x07``): the file stays well-formed, and the reader sees that
    something was there.

    >>> xml_text("Evil\\x1b[2J Org")
    'Evil\\\\x1b[2J Org'
    """
    return NOT_IN_XML.sub(_escape, text)


# ============================================================ the map's look
def _map_look(G, seed: int) -> dict:
    """node -> its GEXF ``viz``: the colour, size and position the map gives it."""
    # The map's own definitions, so the two can never drift apart.
    ids = node_ids(G)
    positions = layout(G, seed)
    sizes = scaled(_size_measure(G), NODE_SIZE_RANGE)
    look = {}
    for node, data in G.nodes(data=True):
        x, y = positions[ids[node]]
        look[node] = {
            "color": _rgb(SECTOR_COLORS[sector_of(data)]),
            "size": float(sizes[node]),
            # the map's y axis points down the page, Gephi's up
            "position": {"x": float(x), "y": float(-y), "z": 0.0},
        }
    return look


def _map_tie_look(G) -> dict:
    """(u, v) -> its GEXF ``viz``: the colour of its relation (dark grey for several
    relations at once) and its width by weight, as on the map."""
    relations = {(u, v): relations_of(data) for u, v, data in G.edges(data=True)}
    styles = relation_styles({r for names in relations.values() for r in names})
    widths = scaled({(u, v): weight_of(data) for u, v, data in G.edges(data=True)}, EDGE_WIDTH_RANGE)
    look = {}
    for tie, names in relations.items():
        style = styles[names[0]] if len(names) == 1 else MULTIPLE_RELATIONS_STYLE
        look[tie] = {"color": _rgb(style["color"]), "thickness": float(widths[tie])}
    return look


def _size_measure(G) -> dict:
    """node -> the measure the map sizes it by (degree): the node's ``degree``
    attribute when the graph has one (a suppressed value stays missing, drawn
    smallest), else its degree in ``G``."""
    if any("degree" in data for _, data in G.nodes(data=True)):
        return {node: data.get("degree") for node, data in G.nodes(data=True)}
    return dict(G.degree())


def _rgb(color: str) -> dict:
    """``"#0072B2"`` -> ``{"r": 0, "g": 114, "b": 178}``."""
    return {channel: int(color[i : i + 2], 16) for channel, i in (("r", 1), ("g", 3), ("b", 5))}


# ================================================================ attributes
def _finding_codes(flags: pd.DataFrame | None) -> dict:
    """{"firm": node -> sorted codes, "tentative": node -> sorted codes} of actor findings."""
    codes: dict = {"firm": {}, "tentative": {}}
    if flags is None or not len(flags):
        return codes
    actor_flags = flags[flags["level"] == "actor"]
    for kind, table in zip(("firm", "tentative"), split_tentative(actor_flags)):
        for subject, group in table.groupby("subject", sort=True):
            codes[kind][subject] = sorted(set(group["code"].astype(str)))
    return codes


def _measures_of(node, measures: pd.DataFrame | None) -> dict:
    if measures is None or node not in measures.index:
        return {}
    return measures.loc[node].to_dict()


def _name(node, data: dict) -> str:
    name = data.get("name")
    return str(node) if _flat(name) in (None, "") else str(name)


def _xml_ids(G) -> dict:
    """node -> its id in the files; ties keep their ends because both use this map."""
    ids = {node: xml_text(node) if isinstance(node, str) else node for node in G}
    if len(set(ids.values())) < len(ids):
        clashing = sorted(str(node) for node in ids if ids[node] != node)
        raise ValueError(
            f"the actor ids {clashing!r} hold characters a GEXF or GraphML file cannot store, and written "
            "as escapes they equal other ids; remove the control characters from these ids"
        )
    return ids


def _flat_attributes(data: dict) -> dict:
    flat = {xml_text(str(key)): _flat(value) for key, value in sorted(data.items(), key=lambda kv: str(kv[0]))}
    return {key: value for key, value in flat.items() if value is not None}


def _flat(value):
    """One value as GEXF and GraphML can store it, or None for a missing one."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return xml_text(LIST_SEPARATOR.join(str(v) for v in items))
    if isinstance(value, dict):
        return xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    return xml_text(str(value))


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
