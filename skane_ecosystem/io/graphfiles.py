"""Network files from other tools: GraphML (Gephi, yEd, igraph, networkx) and GEXF (Gephi).

A network file has nodes with attributes and edges, but no survey: nobody "reported"
an edge, so every node becomes a respondent and every edge a confirmed tie (see
:meth:`skane_ecosystem.Ecosystem.from_networkx`).  The sector is read from a node
attribute, ``sector`` by default, and normalised like survey answers.

Files are parsed with defusedxml first, which refuses DTDs and entity declarations,
so a hostile file cannot expand entities or reach out to other files.  A file must be
in UTF-8, UTF-16, ASCII, Latin-1 or Windows-1252; other declared encodings are refused
(UTF-7 in particular can smuggle markup past filters that read the bytes as ASCII).

Before networkx reads the file, one streaming pass (:class:`_Inspector`) checks what
networkx would otherwise take silently or fail on without saying where: a node
without an id or declared twice, an edge to a node that is not declared, and a
typed attribute value that is not of its type (an empty ``double``, a ``long``
beyond 64 bits, a ``boolean`` that is neither true nor false).  Each problem names
the node or edge, the attribute (as the column) and the line (as the row).
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import defusedxml.sax
import networkx as nx

from ..ecosystem import Ecosystem
from ..errors import WARNING, Problem, SurveyDataError, display_name
from .safety import EXTENSION_KINDS, MAX_FILE_BYTES, check_file, check_xml, describe_kind, mismatch_problem, sniff
from .sources import remember_source_paths
from .tables import parse_number

__all__ = ["load_graph_file"]

_READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}

# Encodings a network file may declare (compared in lower case).  Expat reads these
# itself or byte by byte; multi-byte encodings such as Shift_JIS are not readable, and
# UTF-7 must never be decoded, since it can hide markup from filters.
_SAFE_ENCODINGS = frozenset(
    {
        "utf-8",
        "utf8",
        "utf-16",
        "utf-16le",
        "utf-16be",
        "us-ascii",
        "ascii",
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "windows-1252",
        "cp1252",
    }
)
# The declaration is the first thing in the file, so its first bytes suffice.
_DECLARATION_BYTES = 1024
# Linear: no nested quantifiers, and the value is bounded.
_ENCODING_DECLARATION = re.compile(r"""encoding\s*=\s*["']([^"'<>]{0,40})["']""")

# Typed attribute values, as GraphML ("int", "long", "float", "double", "boolean") and
# GEXF ("integer", "long", "float", "double", "boolean") declare them; other types are text.
_WHOLE_NUMBER_TYPES = frozenset({"int", "integer", "long"})
_REAL_NUMBER_TYPES = frozenset({"float", "double"})
_BOOLEAN_VALUES = frozenset({"true", "false", "1", "0"})  # what networkx reads, in any case
_LONG_RANGE = range(-(2**63), 2**63)  # a GraphML/GEXF long is a signed 64-bit integer


def load_graph_file(
    path,
    sector="sector",
    name: str = "name",
    relation: str = "relation",
    weight: str = "weight",
    default_relation: str = "tie",
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    directions: dict | None = None,
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
        A title for maps and reports (default: the graph's own ``title`` or ``name``
        attribute; without one, outputs say "Ecosystem network" in their language,
        never the file name).
    max_bytes : int
        Refuse files larger than this (default 200 MB).
    directions : dict, optional
        Relation -> ``"source_to_target"`` or ``"target_to_source"``: what flows
        along the relation's edges, read from each edge's ``source`` to its
        ``target`` (see :attr:`~skane_ecosystem.ecosystem.Ecosystem.directions`).
        Only for a directed network (``edgedefault="directed"``, GEXF
        ``defaultedgetype="directed"``).

    Returns
    -------
    Ecosystem
        Self-loops are left out, with a warning in ``.validation``.

    Raises
    ------
    SurveyDataError
        If the file is not a well-formed GraphML/GEXF file, is unsafe, declares an
        encoding other than UTF-8, UTF-16, ASCII, Latin-1 or Windows-1252, has a
        node without an id (or the id of another), an edge to an undeclared node,
        a typed value not of its type, an unknown sector or a weight that is not a
        positive number, or ``directions`` for a relation no edge has, with a bad
        value or for an undirected network; each problem with the line (as the row)
        and the attribute (as the column) where it applies.

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
    _check_encoding(path)
    check_xml(path)
    inspector = _Inspector.inspect(path)
    if inspector.problems:
        raise SurveyDataError(inspector.problems)
    graph = _read(path, kind)
    warnings = _drop_self_loops(graph, file)
    problems = _read_weights(graph, weight, file, inspector.edge_lines())
    try:
        ecosystem = Ecosystem.from_networkx(
            graph,
            sector=sector,
            name=name,
            relation=relation,
            weight=weight,
            default_relation=default_relation,
            title=title,
            directions=directions,
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


def _check_encoding(path: Path) -> None:
    """Refuse a file whose XML declaration names an encoding outside :data:`_SAFE_ENCODINGS`."""
    with open(path, "rb") as handle:
        head = handle.read(_DECLARATION_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        start = head.decode("utf-16", errors="ignore")
    else:  # the declaration itself is ASCII in every encoding expat reads, and in UTF-7
        start = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    if not start.startswith("<?xml"):
        return  # no declaration: XML is then UTF-8 or UTF-16, both readable
    found = _ENCODING_DECLARATION.search(start.partition("?>")[0])
    if found and found[1].strip().lower() not in _SAFE_ENCODINGS:
        raise SurveyDataError(
            Problem(
                f"the file declares the encoding {found[1]!r}, which is not read for safety and correctness; "
                "network files are read in UTF-8, UTF-16, ASCII, Latin-1 or Windows-1252. Export the network "
                "again as UTF-8",
                file=display_name(path),
                row=1,
            )
        )


def _read(path: Path, kind: str):
    try:
        return _READERS[kind](path)
    except Exception as exc:  # networkx raises many types on malformed files; all mean "cannot read"
        line = exc.position[0] if isinstance(exc, ParseError) else None  # where XML itself is broken
        raise SurveyDataError(
            Problem(
                f"the file cannot be read as {describe_kind(kind)} ({type(exc).__name__}: {exc}); "
                "export it again from the program that made it",
                file=display_name(path),
                row=line,
            )
        ) from None


def _drop_self_loops(graph, file: str) -> list[Problem]:
    loops = list(nx.selfloop_edges(graph))
    if not loops:
        return []
    graph.remove_edges_from(loops)
    return [Problem(f"{len(loops)} edge(s) from a node to itself were left out", file=file, severity=WARNING)]


def _read_weights(graph, weight: str, file: str, lines: dict | None = None) -> list[Problem]:
    """Turn edge weights into floats in place (text such as "2,5" too); the problems with the rest.

    ``lines`` gives the line of each node pair joined by one edge (see
    :meth:`_Inspector.edge_lines`), for the problem's row.  A
    weight that cannot be used is removed, so the sectors can still be checked and
    reported together with it; the load fails anyway.
    """
    lines = lines or {}
    problems = []
    for u, v, data in graph.edges(data=True):
        if weight not in data:
            continue
        value = parse_number(data[weight])
        if value is None or not math.isfinite(value) or value <= 0:
            problems.append(
                Problem(
                    f"the edge {u!r} - {v!r} has weight {data[weight]!r}; weights must be positive numbers",
                    file=file,
                    row=lines.get(frozenset((u, v))),
                    column=weight,
                )
            )
            del data[weight]
        else:
            data[weight] = value
    return problems


class _Inspector(ContentHandler):
    """One streaming pass over a GraphML or GEXF file, noting what networkx would not say.

    GraphML declares attributes with ``<key id= attr.name= attr.type=>`` and gives
    values in ``<data key=>text</data>``; GEXF declares them with ``<attribute id=
    title= type=>`` inside ``<attributes class="node|edge">`` and gives values in
    ``<attvalue for= value=/>``, and an edge's weight in its ``weight`` attribute.
    Edges may come before the nodes they join, so edge ends are checked at the end.
    """

    def __init__(self, file: str):
        super().__init__()
        self.file = file
        self.problems: list[Problem] = []
        self.nodes: dict[str, int] = {}  # node id -> line of its declaration
        self.edges: list[tuple[int, str | None, str | None]] = []  # (line, source, target)
        self._types: dict[tuple, tuple[str, str]] = {}  # (class, attribute id) -> (name, declared type)
        self._class: str | None = None  # GEXF: the class of the <attributes> being read
        self._declaring: tuple | None = None  # the key or attribute being declared, whose <default> may follow
        self._open: list[tuple[str, str]] = []  # ("node" or "edge", described) around the element being read
        self._text: _ElementText | None = None  # the <data> or <default> being read
        self._locator = None

    @classmethod
    def inspect(cls, path: Path) -> _Inspector:
        """Read the file once; a file that is not well-formed XML is left to the reader, which locates the break."""
        inspector = cls(display_name(path))
        try:
            defusedxml.sax.parse(str(path), inspector, forbid_dtd=True)
        except (SAXException, ValueError):
            inspector.problems = []
        return inspector

    def edge_lines(self) -> dict[frozenset, int]:
        """{source, target} -> line, for the node pairs joined by one edge in the file.

        Pairs joined by several edges (parallel, or both ways) get no line, since it
        cannot be told which edge networkx kept.
        """
        seen: dict[frozenset, list[int]] = {}
        for line, source, target in self.edges:
            seen.setdefault(frozenset((source, target)), []).append(line)
        return {pair: found[0] for pair, found in seen.items() if len(found) == 1}

    # --------------------------------------------------------------- SAX events
    def setDocumentLocator(self, locator) -> None:
        self._locator = locator

    def startElement(self, name: str, attrs) -> None:
        tag = name.rpartition(":")[2]  # yEd and others prefix their own elements
        if self._text is not None:
            self._text.structured = True  # yEd graphics inside <data>: not a typed value
        if tag == "key":
            self._declare(None, attrs.get("id"), attrs.get("attr.name"), attrs.get("attr.type"))
        elif tag == "attributes":
            self._class = attrs.get("class")
        elif tag == "attribute":
            self._declare(self._class, attrs.get("id"), attrs.get("title"), attrs.get("type"))
        elif tag == "default" and self._declaring is not None:
            self._text = _ElementText(self._types.get(self._declaring), self._line(), "the <default>")
        elif tag == "node":
            self._open.append(self._node(attrs.get("id")))
        elif tag == "edge":
            self._open.append(self._edge(attrs))
        elif tag == "data":
            where = self._open[-1][1] if self._open else "the graph"
            self._text = _ElementText(self._types.get((None, attrs.get("key"))), self._line(), where)
        elif tag == "attvalue":
            scope = self._open[-1][0] if self._open else None
            self._check_value(self._types.get((scope, attrs.get("for", attrs.get("id")))), attrs.get("value", ""))

    def characters(self, content: str) -> None:
        if self._text is not None:
            self._text.parts.append(content)

    def endElement(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag in ("node", "edge") and self._open:
            self._open.pop()
        elif tag == "attributes":
            self._class = None
        elif tag in ("key", "attribute"):
            self._declaring = None
        elif tag in ("data", "default") and self._text is not None:
            text, self._text = self._text, None
            if not text.structured:
                self._check_value(text.declared, "".join(text.parts), text.line, text.where)

    def endDocument(self) -> None:
        for line, source, target in self.edges:
            for column, end in (("source", source), ("target", target)):
                if end is not None and end not in self.nodes:
                    self._problem(
                        f"the edge {source!r} - {target!r} joins node {end!r}, which is not declared; "
                        f"add the node or delete the edge",
                        column,
                        line,
                    )

    # ------------------------------------------------------------------ checks
    def _declare(self, scope, key, name, declared) -> None:
        if key is not None:
            self._declaring = (scope, key)
            self._types[scope, key] = (name or key, (declared or "string").lower())

    def _node(self, node_id: str | None) -> tuple[str, str]:
        if not node_id:
            self._problem("a node without an id; give it an id or delete it", "id")
        elif node_id in self.nodes:
            self._problem(
                f"node {node_id!r} is declared twice (first on line {self.nodes[node_id]}); give each node its own id",
                "id",
            )
        else:
            self.nodes[node_id] = self._line()
        return "node", f"node {node_id!r}"

    def _edge(self, attrs) -> tuple[str, str]:
        source, target = attrs.get("source"), attrs.get("target")
        for column, end in (("source", source), ("target", target)):
            if not end:
                self._problem(f"an edge without a {column}; name the node it joins or delete the edge", column)
        self.edges.append((self._line(), source or None, target or None))
        described = f"edge {source!r} - {target!r}"
        if "weight" in attrs:  # GEXF writes the weight as an attribute of the edge
            self._check_value(("weight", "double"), attrs["weight"], where=described)
        return "edge", described

    def _check_value(
        self, declared: tuple[str, str] | None, text: str, line: int | None = None, where: str | None = None
    ) -> None:
        """A problem if ``text`` is not a value of the declared type (undeclared keys are the reader's)."""
        if declared is None:
            return
        name, kind = declared
        reason = _type_problem(text.strip(), kind)
        if reason:
            where = where or (self._open[-1][1] if self._open else "the graph")
            shown = text if len(text) <= 40 else text[:40] + "..."
            self._problem(
                f"{where} has {name!r} = {shown!r}, which is not a valid {kind} ({reason}); "
                "correct the value or leave it out",
                name,
                line,
            )

    def _problem(self, message: str, column: str, line: int | None = None) -> None:
        self.problems.append(Problem(message, file=self.file, row=line or self._line(), column=column))

    def _line(self) -> int | None:
        return self._locator.getLineNumber() if self._locator else None


@dataclass
class _ElementText:
    """The text of a ``<data>`` or ``<default>`` element, gathered until the element ends."""

    declared: tuple[str, str] | None  # (attribute name, declared type); None for an undeclared key
    line: int | None
    where: str  # "node 'a'", "edge 'a' - 'b'", "the graph" or "the <default>"
    parts: list[str] = field(default_factory=list)
    structured: bool = False  # holds elements (yEd graphics), so it is no typed value


def _type_problem(text: str, kind: str) -> str | None:
    """Why ``text`` (stripped) is not a value of the GraphML/GEXF type ``kind``; None if it is one."""
    if kind not in _WHOLE_NUMBER_TYPES | _REAL_NUMBER_TYPES | {"boolean"}:
        return None
    if not text:
        return "it is empty"
    if kind == "boolean":
        return None if text.lower() in _BOOLEAN_VALUES else "it is neither true nor false"
    if kind in _REAL_NUMBER_TYPES:
        try:
            float(text)
        except ValueError:
            return "it is not a number"
        return None
    digits = text.lstrip("+-")
    if not (digits.isascii() and digits.isdigit()) or len(text) - len(digits) > 1:
        return "it is not a whole number"
    if len(digits) > 19 or int(text) not in _LONG_RANGE:
        return "it is beyond the 64-bit range of a long"
    return None
