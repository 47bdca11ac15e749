"""Small valid survey files of every format the loaders read: the seeds the fuzzer mutates.

Each :class:`Seed` keeps its content as a *model* (the rows of each sheet or CSV file,
or the XML text of a network file) so the fuzzer can mutate cells, headers and sizes
before the file is written, and as bytes, so it can mutate the file itself.  Every
seed loads as it is: ``test_fuzz_loaders.py`` checks that first, so a mutation that
fails is the mutation's doing, not the seed's.

The survey is the roster survey of ``tests/io_roster/survey.py`` (five Skåne
organisations, Swedish and English answers), written in every layout: a survey
workbook, CSV files, an adjacency matrix, Google Forms and Qualtrics exports, GraphML
and GEXF.  Synthetic test data.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import openpyxl
from io_roster.survey import ACTORS, EXPECTED_TIES, ID_OF, NAMES, QUESTIONS, google_rows, qualtrics_rows
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import skane_ecosystem as se

__all__ = ["Seed", "SEEDS", "render_xlsx", "render_csv", "write_case"]

# ------------------------------------------------------------------ layouts
XLSX = "xlsx"  # one workbook; tables are its sheets
CSV = "csv"  # one CSV file; its only table is the file
FOLDER = "folder"  # a folder of CSV files, one table per file
XML = "xml"  # GraphML or GEXF text


@dataclass(frozen=True)
class Seed:
    """One valid survey file (or folder), and how the public API loads it.

    Parameters
    ----------
    name : str
        Names the seed in test ids and outcome counts.
    layout : {"xlsx", "csv", "folder", "xml"}
    filename : str
        The file written (for ``"folder"``, the folder's name).
    tables : dict
        Sheet or file name -> rows (header first), for the tabular layouts.
    text : str
        The XML, for ``"xml"``.
    load : callable
        path -> Ecosystem, the way a user calls the public API for this file.
    """

    name: str
    layout: str
    filename: str
    load: Callable
    tables: dict[str, list[list]] = field(default_factory=dict)
    text: str = ""

    def files(self, tables=None, encoding="utf-8", delimiter=",", newline="\r\n") -> dict[str, bytes]:
        """The seed (or mutated ``tables``) as file name -> bytes, relative to the case folder."""
        tables = self.tables if tables is None else tables
        if self.layout == XLSX:
            return {self.filename: render_xlsx(tables)}
        if self.layout == CSV:
            (rows,) = tables.values()
            return {self.filename: render_csv(rows, encoding, delimiter, newline)}
        if self.layout == FOLDER:
            return {
                f"{self.filename}/{name}": render_csv(rows, encoding, delimiter, newline)
                for name, rows in tables.items()
            }
        return {self.filename: self.text.encode("utf-8")}

    @property
    def target(self) -> str:
        """The path (relative to the case folder) handed to the loader."""
        return self.filename


# ------------------------------------------------------------------ writers
def render_xlsx(tables: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per table, as openpyxl (like most survey tools) writes it.

    What a worksheet cannot hold (control characters, lone surrogates, a sheet name
    with ``/`` in it) is left out, as a spreadsheet program would refuse to type it:
    the fuzzer wants odd workbooks, not a failure of the writer.  The structure
    mutations put such things inside a workbook anyway.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tables.items():
        sheet = _new_sheet(book, title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                _set_cell(sheet, number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _new_sheet(book, title: str):
    try:
        return book.create_sheet(_typable(title)[:31])
    except ValueError:  # characters Excel forbids in sheet names
        return book.create_sheet(f"Blad{len(book.sheetnames) + 1}")


def _set_cell(sheet, row: int, column: int, value) -> None:
    if isinstance(value, str):
        value = _typable(value)
    try:
        sheet.cell(row, column, value)
    except Exception:  # a type openpyxl does not write (an int beyond 64 bits...): as text
        sheet.cell(row, column, _typable(str(value)))


def _typable(text: str) -> str:
    return _SURROGATES.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))


_SURROGATES = re.compile("[\ud800-\udfff]")


def render_csv(rows: list[list], encoding="utf-8", delimiter=",", newline="\r\n") -> bytes:
    """Rows as CSV bytes; characters the encoding lacks become '?', as Excel writes them."""
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator=newline).writerows(
        [["" if cell is None else str(cell) for cell in row] for row in rows]
    )
    return text.getvalue().encode(encoding, errors="replace")


def write_case(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write a case's files under ``folder``; the paths written."""
    written = []
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


# ------------------------------------------------------------------ the survey
_ACTOR_ROWS = [["id", "name", "sector", "type", "municipality", "respondent"]] + [
    [actor_id, name, sector, kind, municipality, "ja" if name in {"Region Skåne", "Lunds universitet"} else "nej"]
    for actor_id, name, sector, kind, municipality in ACTORS
]
_TIE_ROWS = [["source", "target", "relation", "weight", "wave", "reported_by"]] + [
    [ID_OF[source], ID_OF[target], relation, weight, 2022, ID_OF[source]]
    for source, target, relation, weight in EXPECTED_TIES
]
_TIE_ROWS_AS_WRITTEN = [["källa", "mål", "relation", "vikt", "våg"]] + [  # Swedish headers, names, decimal comma
    [source, target, {"collaboration": "samarbete", "funding": "finansiering"}[relation], f"{weight},5", "2022"]
    for source, target, relation, weight in EXPECTED_TIES
]
_ALIAS_ROWS = [["alias", "actor_id"], ["LU", "A2"], ["Region Skane", "A1"], ["Växtkraft", "A4"]]


def _matrix_rows() -> list[list]:
    weights = {
        (source, target): weight for source, target, relation, weight in EXPECTED_TIES if relation == "collaboration"
    }
    return [["", *NAMES]] + [[row, *[weights.get((row, column), "") for column in NAMES]] for row in NAMES]


def _network(kind: str) -> str:
    graph = nx.MultiDiGraph()  # two relations between one pair are two edges
    for actor_id, name, sector, _, municipality in ACTORS:
        graph.add_node(actor_id, name=name, sector=sector, municipality=municipality)
    for source, target, relation, weight in EXPECTED_TIES:
        graph.add_edge(ID_OF[source], ID_OF[target], relation=relation, weight=float(weight))
    buffer = io.BytesIO()
    (nx.write_graphml if kind == "graphml" else nx.write_gexf)(graph, buffer)
    return buffer.getvalue().decode("utf-8")


def _load_roster(path):
    return se.load_roster(path, questions=QUESTIONS)


def _load(path):
    return se.load(path)


SEEDS: list[Seed] = [
    Seed(
        "workbook",
        XLSX,
        "survey.xlsx",
        _load,
        tables={"actors": _ACTOR_ROWS, "ties": _TIE_ROWS, "aliases": _ALIAS_ROWS},
    ),
    Seed(
        "csv_folder",
        FOLDER,
        "survey",
        _load,
        tables={"ties.csv": _TIE_ROWS_AS_WRITTEN, "actors.csv": _ACTOR_ROWS, "aliases.csv": _ALIAS_ROWS},
    ),
    Seed("ties_csv", CSV, "ties.csv", _load, tables={"ties.csv": _TIE_ROWS_AS_WRITTEN}),
    Seed("matrix_csv", CSV, "matrix.csv", _load, tables={"matrix.csv": _matrix_rows()}),
    Seed("matrix_xlsx", XLSX, "matrix.xlsx", _load, tables={"Blad1": _matrix_rows()}),
    Seed("google_csv", CSV, "responses.csv", _load_roster, tables={"responses.csv": google_rows()}),
    Seed("google_xlsx", XLSX, "responses.xlsx", _load_roster, tables={"Form Responses 1": google_rows()}),
    Seed("qualtrics_csv", CSV, "qualtrics.csv", _load_roster, tables={"qualtrics.csv": qualtrics_rows()}),
    Seed("qualtrics_xlsx", XLSX, "qualtrics.xlsx", _load_roster, tables={"Sheet0": qualtrics_rows()}),
    Seed("graphml", XML, "network.graphml", _load, text=_network("graphml")),
    Seed("gexf", XML, "network.gexf", _load, text=_network("gexf")),
]
