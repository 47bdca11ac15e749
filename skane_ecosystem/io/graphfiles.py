"""Network files from other tools: GraphML (Gephi, yEd, igraph, networkx) and GEXF (Gephi).

A network file has nodes with attributes and edges, but no survey: nobody "reported"
an edge, so every node becomes a respondent and every edge a confirmed tie (see
:meth:`skane_ecosystem.Ecosystem.from_networkx`).  The sector is read from a node
attribute, ``sector`` by default, and normalised like survey answers.

Files are parsed with defusedxml first, which refuses DTDs and entity declarations,
so a hostile file cannot expand entities or reach out to other files.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from ..ecosystem import Ecosystem
from ..errors import WARNING, Problem, SurveyDataError, display_name
from .safety import EXTENSION_KINDS, MAX_FILE_BYTES, check_file, check_xml, describe_kind, mismatch_problem, sniff
from .sources import remember_source_paths
from .tables import parse_number

__all__ = ["load_graph_file"]

_READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


def load_graph_file(
    path,
    sector="sector",
    name: str = "name",
    relation: str = "relation",
    weight: str = "weight",
    default_relation: str = "tie",
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Ecosystem:
    """Load a GraphML or GEXF network file.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.graphml`` or ``.gexf`` file (the content decides which).
    sector : str, dict or callable
        The node attribute holding the sector (default ``"sector"``), or a dict
        node id -> sector, or a function of the node id.  Nodes without one get
        sector ``other``.
    name, relation, weight : str
        The node attribute with the display name (GEXF labels are used when it is
        missing) and the edge attributes with the relation and weight.
    default_relation : str
        The relation of edges without one.
    title : str, optional
        A title for maps and reports (default: the file name).
    max_bytes : int
        Refuse files larger than this (default 200 MB).

    Returns
    -------
    Ecosystem
        Self-loops are left out, with a warning in ``.validation``.

    Raises
    ------
    SurveyDataError
        If the file is not a well-formed GraphML/GEXF file, is unsafe, has an
        unknown sector or a weight that is not a positive number.

    Examples
    --------
    >>> import networkx as nx, os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "families.graphml")
    ...     nx.write_graphml(nx.florentine_families_graph(), path)
    ...     len(load_graph_file(path).actors)
    15
    """
    path = check_file(path, max_bytes)
    file = display_name(path)
    kind = _kind(path)
    check_xml(path)
    graph = _read(path, kind)
    warnings = _drop_self_loops(graph, file)
    problems = _read_weights(graph, weight, file)
    try:
        ecosystem = Ecosystem.from_networkx(
            graph, sector=sector, name=name, relation=relation, weight=weight,
            default_relation=default_relation, title=title or path.stem,
        )
    except SurveyDataError as exc:
        raise SurveyDataError([replace(p, file=file) for p in exc.problems] + problems) from None
    if problems:
        raise SurveyDataError(problems)
    ecosystem.meta["sources"] = [file]
    ecosystem.validation.extend(warnings)
    return remember_source_paths(ecosystem, path)


def _kind(path: Path) -> str:
    found = sniff(path)
    if found in _READERS:
        return found
    expected = "gexf" if EXTENSION_KINDS.get(path.suffix.lower()) == "gexf" else "graphml"
    raise SurveyDataError(mismatch_problem(path, found, expected))


def _read(path: Path, kind: str):
    try:
        return _READERS[kind](path)
    except Exception as exc:  # networkx raises many types on malformed files; all mean "cannot read"
        line = exc.position[0] if isinstance(exc, ParseError) else None  # where XML itself is broken
        raise SurveyDataError(Problem(
            f"the file cannot be read as {describe_kind(kind)} ({type(exc).__name__}: {exc}); "
            "export it again from the program that made it", file=display_name(path), row=line)) from None


def _drop_self_loops(graph, file: str) -> list[Problem]:
    loops = list(nx.selfloop_edges(graph))
    if not loops:
        return []
    graph.remove_edges_from(loops)
    return [Problem(f"{len(loops)} edge(s) from a node to itself were left out", file=file, severity=WARNING)]


def _read_weights(graph, weight: str, file: str) -> list[Problem]:
    """Turn edge weights into floats in place (text such as "2,5" too); the problems with the rest."""
    problems = []
    for u, v, data in graph.edges(data=True):
        if weight not in data:
            continue
        value = parse_number(data[weight])
        if value is None or not math.isfinite(value) or value <= 0:
            problems.append(Problem(
                f"the edge {u!r} - {v!r} has weight {data[weight]!r}; weights must be positive numbers",
                file=file, column=weight))
        else:
            data[weight] = value
    return problems
