"""Hypothesis strategies that damage survey files the ways real files get damaged.

Three levels, each a strategy of *mutations* (plain functions applied to a seed), so a
failing case shrinks to the few mutations that matter:

cells
    The tables before they are written: a cell, a header, a row, a column, a sheet
    changed, added, removed or multiplied (within :data:`MAX_ROWS` and
    :data:`MAX_COLUMNS`, so every case stays fast); and for CSV the encoding,
    separator and line ends.
structure
    A written workbook's insides: an attribute or text of its XML parts (cell
    references, types, the dimension, shared strings, relationships), a part removed
    or renamed, a field of a zip header; for GraphML and GEXF their attributes, types,
    ids and elements.
bytes
    The file as bytes: bits flipped, ranges inserted, deleted or duplicated,
    truncated, junk appended.

Values are drawn from what breaks parsers: random unicode with control characters,
very long cells, numbers at the edge of a float (``1e308``, ``nan``, ``-0``),
empty and blank cells, separators and quotes inside cells.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from hypothesis import strategies as st

__all__ = [
    "MAX_ROWS",
    "MAX_COLUMNS",
    "table_mutations",
    "csv_formats",
    "byte_mutations",
    "xml_mutations",
    "xlsx_structure_mutations",
    "apply",
]

#: Largest table a size mutation makes: enough to pass any small-file fast path,
#: small enough that a case loads in well under a second.
MAX_ROWS = 1_000
MAX_COLUMNS = 200

# ------------------------------------------------------------------ values
_NASTY_TEXT = [
    "",
    " ",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "1e309",
    "-0",
    "0",
    "-1",
    "2,5",
    "1.234,5",
    "1,5e3",
    "0x10",
    "١٢",
    "9" * 400,
    "=1+1",
    '=HYPERLINK("x")',
    "None",
    "null",
    "True",
    "ja",
    "nej",
    "yes",
    "[x]",
    "Q [Region Skåne]",
    " - ",
    "a - b - c",
    '{"ImportId":"QID2_1"}',
    "A1",
    "A2",
    "rs",
    "lu",
    "Region Skåne",
    "region skane",
    "REGION SKÅNE",
    "Lunds universitet",
    "samarbete",
    "collaboration",
    "funding",
    "Varje vecka",
    "Dagligen",
    "Aldrig",
    "offentlig",
    "rymd",
    "a\nb",
    "a\r\nb",
    'a"b',
    '"',
    ";",
    ",",
    "\t",
    "\x00",
    "\x1b[31m",
    "\ud800",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "👩‍👩‍👧",
    "2022",
    "2022-03-01",
    "31/12/2022",
    "Timestamp",
    "Tidstämpel",
    "Vilken organisation representerar du?",
]
_HEADERS = [
    "id",
    "name",
    "namn",
    "sector",
    "sektor",
    "type",
    "municipality",
    "kommun",
    "respondent",
    "source",
    "källa",
    "target",
    "mål",
    "relation",
    "weight",
    "vikt",
    "wave",
    "våg",
    "reported_by",
    "alias",
    "actor_id",
    "Timestamp",
    "Vilken organisation representerar du?",
    "Organisation",
    "Hur ofta samarbetar ni med dessa organisationer? [Malmö stad]",
    "Hur ofta samarbetar ni med dessa organisationer? [Okänd förening]",
    "Hur ofta samarbetar ni med dessa organisationer? - Malmö stad",
    "How often do you receive funding from or give funding to these organisations? [",
    "Q2_1",
    "",
    " ",
    "ID",
    "Id ",
    "NAME",
    "Källa",
    "Sector",
    "id",
    "2022",
]

text = st.text(max_size=24)  # any code point, control characters and surrogates included
# A short pattern repeated, of the characters the loaders parse headers and cells by:
# the shape that makes a backtracking regular expression slow.
long_repeats = st.builds(
    lambda pattern, n: pattern * n,
    st.sampled_from(["[a", "[", "]", " - ", "a,", ";", '"', "a "]),
    st.integers(min_value=500, max_value=50_000),
)
values = st.one_of(
    st.sampled_from(_NASTY_TEXT),
    text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),  # nan, inf, -0.0, subnormals
    st.integers(min_value=1_000, max_value=40_000).map(lambda n: "x" * n),  # very long cells
    long_repeats,
)
headers = st.one_of(st.sampled_from(_HEADERS), text, values, long_repeats)


# ------------------------------------------------------------------ applying
def apply(mutations, subject):
    """``subject`` after each mutation in turn (a mutation is a function of the subject)."""
    for mutation in mutations:
        subject = mutation(subject)
    return subject


class _Mutation:
    """A function of the subject, shown by ``name`` when hypothesis prints a failing case."""

    def __init__(self, name: str, function):
        self.name, self.function = name, function

    def __call__(self, subject):
        return self.function(subject)

    def __repr__(self):
        return self.name


# ------------------------------------------------------------------ cells
@dataclass(frozen=True)
class _Change:
    """What one table change needs; positions are reduced modulo the table's shape."""

    row: int
    column: int
    value: object
    count: int
    cells: list


def _set_cell(rows, change):
    r = change.row % len(rows)
    if rows[r]:
        rows[r][change.column % len(rows[r])] = change.value


def _set_header(rows, change):
    if rows[0]:
        rows[0][change.column % len(rows[0])] = change.value


def _insert_row(rows, change):
    rows.insert(change.row % len(rows), list(change.cells))


def _delete_row(rows, change):
    del rows[change.row % len(rows)]


def _duplicate_row(rows, change):
    r = change.row % len(rows)
    rows.insert(r, list(rows[r]))


def _insert_column(rows, change):
    fill = change.cells or [None]
    for number, cells in enumerate(rows):
        cells.insert(min(change.column, len(cells)), change.value if number == 0 else fill[number % len(fill)])


def _delete_column(rows, change):
    for cells in rows:
        if change.column < len(cells):
            del cells[change.column]


def _ragged_row(rows, change):
    r = change.row % len(rows)
    rows[r] = rows[r][: change.column % (len(rows[r]) + 1)] + list(change.cells)


def _many_rows(rows, change):
    data = rows[1:] or [[]]
    rows[1:] = [list(data[i % len(data)]) for i in range(change.count)]


def _many_distinct_rows(rows, change):
    # Every text made unique, so that nothing read once can be reused for the next row.
    data = rows[1:] or [[]]
    rows[1:] = [
        [f"{cell} {i}" if isinstance(cell, str) else cell for cell in data[i % len(data)]] for i in range(change.count)
    ]


def _many_columns(rows, change):
    for number, cells in enumerate(rows):
        cells.extend(f"extra {i}" if number == 0 else i for i in range(change.count))


def _empty_table(rows, change):
    rows.clear()


# Changes to the rows of one table (they are skipped on an empty table).
_ROW_CHANGES = {
    "cell": _set_cell,
    "header": _set_header,
    "insert_row": _insert_row,
    "delete_row": _delete_row,
    "duplicate_row": _duplicate_row,
    "insert_column": _insert_column,
    "delete_column": _delete_column,
    "ragged_row": _ragged_row,
    "many_rows": _many_rows,
    "many_distinct_rows": _many_distinct_rows,
    "many_columns": _many_columns,
    "empty_table": _empty_table,
}
_SHEET_CHANGES = ("rename_sheet", "drop_sheet", "add_sheet")
_TAKES_A_HEADER = ("header", "insert_column", *_SHEET_CHANGES)


def _change_sheets(tables: dict, name: str, kind: str, change: _Change) -> dict:
    title = str(change.value)[:31]
    if kind == "rename_sheet":
        return {(title or "Blad1") if key == name else key: rows for key, rows in tables.items()}
    if kind == "drop_sheet" and len(tables) > 1:
        return {key: rows for key, rows in tables.items() if key != name}
    if kind == "add_sheet":
        return {**tables, title or "Blad2": [list(row) for row in tables[name]]}
    return tables


@st.composite
def _table_mutation(draw, table_names: list[str], sheets: bool):
    """One change to one table of ``{name: rows}``."""
    name = draw(st.sampled_from(table_names))
    kinds = ["cell", "cell", "cell", "header", "header", *_ROW_CHANGES] + (list(_SHEET_CHANGES) if sheets else [])
    kind = draw(st.sampled_from(kinds))
    change = _Change(
        row=draw(st.integers(0, 10_000)),
        column=draw(st.integers(0, 10_000)),
        value=draw(headers if kind in _TAKES_A_HEADER else values),
        count=draw(st.integers(2, MAX_ROWS if kind.endswith("rows") else MAX_COLUMNS)),
        cells=draw(st.lists(values, max_size=8)),
    )

    def mutate(tables):
        tables = {key: [list(row) for row in rows] for key, rows in tables.items()}
        if name not in tables:  # an earlier change renamed or dropped it
            return tables
        if kind in _SHEET_CHANGES:
            return _change_sheets(tables, name, kind, change)
        if tables[name]:
            _ROW_CHANGES[kind](tables[name], change)
        return tables

    return _Mutation(
        f"{kind}({name!r}, row={change.row}, column={change.column}, value={change.value!r:.60}, "
        f"count={change.count}, cells={change.cells!r:.60})",
        mutate,
    )


def table_mutations(table_names: list[str], sheets: bool):
    """1-4 changes to the tables ``{name: rows}`` of a seed (sheet changes for workbooks only)."""
    return st.lists(_table_mutation(table_names, sheets), min_size=1, max_size=4)


#: How a CSV file is written: encoding, separator, line end.  Mostly the ones the
#: loaders read, so the cells are reached; now and then one they do not.
csv_formats = st.tuples(
    st.sampled_from(
        ["utf-8", "utf-8", "utf-8-sig", "cp1252", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-32", "mac_roman"]
    ),
    st.sampled_from([",", ",", ";", ";", "\t", "|"]),
    st.sampled_from(["\r\n", "\n", "\r"]),
)


# ------------------------------------------------------------------ bytes
_JUNK = st.one_of(
    st.binary(min_size=1, max_size=64),
    st.sampled_from(
        [
            b"\x00",
            b"\xff\xfe",
            b"\xfe\xff",
            b"\xef\xbb\xbf",
            b'"',
            b"\r",
            b"\n",
            b";",
            b"<",
            b"]]>",
            b"PK\x03\x04",
            b"\xc3",
            b"\xe2\x80",
        ]
    ),
)


@st.composite
def _byte_mutation(draw):
    kind = draw(st.sampled_from(["flip", "set", "insert", "delete", "duplicate", "truncate", "append"]))
    at, length = draw(st.integers(0, 1 << 20)), draw(st.integers(1, 512))
    bit, junk = draw(st.integers(0, 7)), draw(_JUNK)

    def mutate(data: bytes) -> bytes:
        if not data:
            return junk
        i = at % len(data)
        if kind == "flip":
            return data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1 :]
        if kind == "set":
            return data[:i] + junk[:1] + data[i + 1 :]
        if kind == "insert":
            return data[:i] + junk + data[i:]
        if kind == "delete":
            return data[:i] + data[i + length :]
        if kind == "duplicate":
            return data[: i + length] + data[i : i + length] + data[i + length :]
        if kind == "truncate":
            return data[:i]
        return data + junk

    return _Mutation(f"{kind}(at={at}, length={length}, bit={bit}, junk={junk!r:.40})", mutate)


def byte_mutations():
    """1-4 changes to a file's bytes."""
    return st.lists(_byte_mutation(), min_size=1, max_size=4)


# ------------------------------------------------------------------ XML
_ATTRIBUTE = re.compile(r'([A-Za-z_][\w:.-]*)="([^"]*)"')
_TEXT = re.compile(r">([^<]+)<")
_LEAF = re.compile(r"<([A-Za-z_][\w:.-]*)\b[^<>]*?(?:/>|>[^<]*</\1>)")

# Values worth trying per attribute name, besides random ones.
_ATTRIBUTE_VALUES = {
    # cell references, and row numbers (<row r="...">) up to and past Excel's last row
    "r": [
        "A0",
        "A1",
        "XFD1048576",
        "XFE1",
        "ZZZZ9",
        "A99999999",
        "a1",
        "1A",
        "",
        "$A$1",
        "A-1",
        "AA",
        "0",
        "-1",
        "1048576",
        "1048577",
        "20000000",
        "2.5",
    ],
    "ref": ["A1", "A1:XFD1048576", "A1:A1", "B2:A1", "", "A0:Z9", "A1:ZZZZ9"],
    "t": ["s", "n", "str", "b", "e", "inlineStr", "d", "x", ""],
    "s": ["0", "1", "9999", "-1", "x"],
    "spans": ["1:3", "0:0", "3:1", "1:16384", "x"],
    "count": ["0", "-1", "999999999", "x"],
    "uniqueCount": ["0", "-1", "999999999"],
    "sheetId": ["0", "1", "1", "-1", "x"],
    "state": ["hidden", "veryHidden", "x"],
    "attr.type": ["string", "int", "long", "float", "double", "boolean", "xyz", ""],
    "type": ["string", "integer", "float", "double", "boolean", "liststring", "directed", "undirected", "mutual", "x"],
    "edgedefault": ["directed", "undirected", "x", ""],
    "defaultedgetype": ["directed", "undirected", "mutual", "x"],
    "for": ["node", "edge", "graph", "all", "x"],
    "mode": ["static", "dynamic", "x"],
    "version": ["1.2", "1.3", "9", ""],
    "id": ["A1", "A2", "", "x", "0", "d0", "d99"],
    "source": ["A1", "A2", "A9", "", "A1 "],
    "target": ["A1", "A2", "A9", ""],
    "key": ["d0", "d1", "d2", "d3", "d4", "d99", ""],
    "value": ["0", "-1", "nan", "inf", "1e309", "", "x"],
    "weight": ["0", "-1", "nan", "inf", "1e309", "", "x"],
}


@st.composite
def _xml_mutation(draw):
    """One change to an XML text: an attribute, a text node or a leaf element."""
    kind = draw(
        st.sampled_from(
            ["attribute", "attribute", "attribute", "text", "text", "drop_element", "duplicate_element", "raw"]
        )
    )
    at = draw(st.integers(0, 100_000))
    choice = draw(st.integers(0, 100))
    value = draw(st.one_of(st.sampled_from(_NASTY_TEXT), text, st.integers(-(2**40), 2**40).map(str)))
    escape = draw(st.booleans())  # unescaped values make the XML malformed too, as a bad writer would

    def mutate(xml: str) -> str:
        if kind == "attribute":
            found = list(_ATTRIBUTE.finditer(xml))
            if not found:
                return xml
            match = found[at % len(found)]
            pool = _ATTRIBUTE_VALUES.get(match.group(1).split(":")[-1])
            new = pool[choice % len(pool)] if pool and choice % 2 else value
            new = _escape(new) if escape else new
            return xml[: match.start(2)] + new + xml[match.end(2) :]
        if kind == "text":
            found = list(_TEXT.finditer(xml))
            if not found:
                return xml
            match = found[at % len(found)]
            return xml[: match.start(1)] + (_escape(value) if escape else value) + xml[match.end(1) :]
        found = list(_LEAF.finditer(xml))
        if kind == "raw" or not found:
            i = at % (len(xml) + 1)
            return xml[:i] + value + xml[i:]
        match = found[at % len(found)]
        if kind == "drop_element":
            return xml[: match.start()] + xml[match.end() :]
        return xml[: match.end()] + match.group(0) * (1 + choice % 3) + xml[match.end() :]

    return _Mutation(f"xml_{kind}(at={at}, choice={choice}, value={value!r:.60}, escape={escape})", mutate)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def xml_mutations():
    """1-4 changes to an XML text (GraphML, GEXF, or a part of a workbook)."""
    return st.lists(_xml_mutation(), min_size=1, max_size=4)


# ------------------------------------------------------------------ workbook structure
# The parts of an openpyxl workbook worth changing, the sheets most often.
_PARTS = [
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
    "docProps/app.xml",
    "_rels/.rels",
]

# Zip record signature -> {field offset: field size} of the fields worth breaking.
_ZIP_FIELDS = {
    b"PK\x03\x04": {4: 2, 6: 2, 8: 2, 14: 4, 18: 4, 22: 4, 26: 2, 28: 2},
    b"PK\x01\x02": {6: 2, 8: 2, 10: 2, 16: 4, 20: 4, 24: 4, 28: 2, 30: 2, 32: 2, 34: 2, 42: 4},
    b"PK\x05\x06": {4: 2, 6: 2, 8: 2, 10: 2, 12: 4, 16: 4, 20: 2},
}


@st.composite
def _part_mutation(draw):
    """Change one part of the workbook: its XML, or the part itself (removed, renamed)."""
    part = draw(st.sampled_from(_PARTS))
    kind = draw(st.sampled_from(["xml", "xml", "xml", "xml", "remove", "rename", "stored"]))
    changes = draw(xml_mutations()) if kind == "xml" else []
    new_name = draw(
        st.sampled_from(
            [
                "xl/worksheets/sheet9.xml",
                "XL/WORKSHEETS/SHEET1.XML",
                "xl/worksheets/",
                "../evil.xml",
                "xl\\worksheets\\sheet1.xml",
            ]
        )
    )

    def mutate(data: bytes) -> bytes:
        parts = _unzip(data)
        if parts is None or part not in parts:  # an earlier mutation broke the archive
            return data
        if kind == "xml":
            parts[part] = apply(changes, parts[part].decode("utf-8")).encode("utf-8", errors="surrogatepass")
        elif kind == "remove":
            del parts[part]
        elif kind == "rename":
            parts[new_name] = parts.pop(part)
        return _zip(parts, zipfile.ZIP_STORED if kind == "stored" else zipfile.ZIP_DEFLATED)

    return _Mutation(f"part_{kind}({part!r}, {changes!r}, new_name={new_name!r})", mutate)


@st.composite
def _zip_field_mutation(draw):
    """Overwrite one field of one zip header (local, central directory or end record)."""
    signature = draw(st.sampled_from(list(_ZIP_FIELDS)))
    record = draw(st.integers(0, 50))
    offset = draw(st.sampled_from(sorted(_ZIP_FIELDS[signature])))
    value = draw(
        st.one_of(st.sampled_from([0, 1, 2, 8, 12, 14, 99, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF]), st.integers(0, 0xFFFFFFFF))
    )

    def mutate(data: bytes) -> bytes:
        starts = [m.start() for m in re.finditer(re.escape(signature), data)]
        if not starts:
            return data
        size = _ZIP_FIELDS[signature][offset]
        at = starts[record % len(starts)] + offset
        return data[:at] + (value % (1 << (8 * size))).to_bytes(size, "little") + data[at + size :]

    return _Mutation(f"zip_field({signature!r}, record={record}, offset={offset}, value={value})", mutate)


def xlsx_structure_mutations():
    """1-3 changes to a workbook's parts or zip headers."""
    return st.lists(st.one_of(_part_mutation(), _zip_field_mutation()), min_size=1, max_size=3)


def _unzip(data: bytes) -> dict[str, bytes] | None:
    """The archive's parts by name, or None if it cannot be unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except Exception:  # zipfile fails in many ways on a damaged archive; none matters here
        return None


def _zip(parts: dict[str, bytes], compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()
