"""Survey tables as CSV files: a folder, a pair of files, or a lone ties file.

CSV files come from many hands, so nothing is asked of the user that can be
detected instead:

* the **encoding**: UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), plain
  UTF-8, UTF-16 (Excel's "Unicode text"), Windows-1252 (what Swedish Excel
  writes by default; å, ä and ö come through) or Mac Roman (older Mac programs),
  told apart from Windows-1252 by which of the two gives Swedish letters, and
  named in a warning since it is a guess;
* the **separator**: the one Excel's first line ``sep=;`` names, or else ``;``
  (Swedish Excel, because the comma is the decimal sign), ``,`` or a tab, read
  from the header line;
* the **decimal sign**: ``2,5`` and ``2.5`` both mean two and a half.

Cells are kept as the text written; numbers are read by
:func:`skane_ecosystem.io.tables.parse_number` during validation.  Row numbers are
those a spreadsheet shows when it opens the file (the header is row 1), even when
the file has blank lines or line breaks inside quoted cells.  Excel hides a
``sep=`` line, so the header after it is row 1 too.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from ..ecosystem import Ecosystem
from ..errors import WARNING, Problem, SurveyDataError, display_name
from ._grid import Grid, build_from_grids, non_empty_rows
from .names import DEFAULT_FUZZY_THRESHOLD
from .safety import EXTENSION_KINDS, MAX_FILE_BYTES, check_file, mismatch_problem, sniff
from .sources import remember_source_paths
from .tables import DEFAULT_RELATION
from .workbook import match_roles, source_meta

__all__ = ["load_csv", "CSV_EXTENSIONS"]

#: File extensions read as delimited text.
CSV_EXTENSIONS = tuple(extension for extension, kind in EXTENSION_KINDS.items() if kind == "text")

# Tried in this order when the header holds as many of one as of another:
# Swedish Excel writes ';', so it wins a tie.
_SEPARATORS = (";", "\t", ",")

# What Excel's first line "sep=X" may name: the separators above and the pipe.
_NAMED_SEPARATORS = (*_SEPARATORS, "|")
_SEP_LINE = "sep="

# Letters of Swedish (and Nordic) text beyond ASCII.  Windows-1252 and Mac Roman put
# them on different bytes, so whichever encoding turns a file's bytes into more of them
# is the one it was saved in.
_NORDIC_LETTERS = "åäöÅÄÖéÉüÜæøÆØ"


def load_csv(
    path_or_folder=None,
    ties=None,
    actors=None,
    aliases=None,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    default_relation: str = DEFAULT_RELATION,
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    relation_types=None,
    qualitative=None,
) -> Ecosystem:
    """Load survey tables from CSV files.

    Parameters
    ----------
    path_or_folder : str or pathlib.Path, optional
        A folder holding ``ties.csv`` and optionally ``actors.csv``,
        ``aliases.csv`` and ``relation_types.csv`` (Swedish ``band`` or ``relationer``,
        ``aktörer``, ``alias``, ``relationstyper`` work too), or a single ties file.
    ties, actors, aliases, relation_types : str or pathlib.Path, optional
        The files, given one by one; they override what is found in a folder.
        Without an actors file the actors are inferred from the ties, with sector
        ``other`` and a warning.  The relation types file (columns ``relation``,
        ``direction``, ``description``) declares what flows along a relation's
        ties (see :attr:`~skane_ecosystem.ecosystem.Ecosystem.directions`).
    threshold : float
        Minimum similarity (0-100) for correcting a misspelt actor name.
    default_relation : str
        The relation of ties without one.
    title : str, optional
        A title for maps and reports (default: none, and outputs say "Ecosystem network"
        in their language; a file name is no title).
    max_bytes : int
        Refuse files larger than this (default 200 MB).
    qualitative : str or pathlib.Path, optional
        Coded qualitative material (columns ``actor``, ``code``, ``kind``,
        ``quote``, ``source``; ``qualitative.csv`` or ``kvalitativt.csv`` in a
        folder), see :attr:`~skane_ecosystem.ecosystem.Ecosystem.qualitative`.

    Returns
    -------
    Ecosystem

    Raises
    ------
    SurveyDataError
        Listing every problem found, each with file, row and column.

    Examples
    --------
    >>> eco = load_csv("survey/")                                   # doctest: +SKIP
    >>> eco = load_csv(ties="ties.csv", actors="actors.csv")        # doctest: +SKIP
    >>> eco = load_csv("ties.csv")    # actors inferred, with a warning  # doctest: +SKIP
    """
    files = _files_by_role(path_or_folder, ties, actors, aliases, relation_types, qualitative)
    grids = {role: read_csv_grid(path, max_bytes) for role, path in files.items()}
    origin = path_or_folder if path_or_folder is not None else files["ties"]
    ecosystem = ecosystem_from_csv_grids(
        grids, origin, threshold=threshold, default_relation=default_relation, title=title
    )
    return remember_source_paths(ecosystem, *files.values())


def ecosystem_from_csv_grids(
    grids: dict[str, Grid], origin, threshold=DEFAULT_FUZZY_THRESHOLD, default_relation=DEFAULT_RELATION, title=None
) -> Ecosystem:
    """The Ecosystem in CSV files already read: role ("ties", "actors", "aliases", "relation_types", "qualitative") -> grid."""
    meta = source_meta(origin, title)
    meta["sources"] = [grid.file for grid in grids.values()]
    return build_from_grids(grids, threshold=threshold, default_relation=default_relation, meta=meta)


def _files_by_role(path_or_folder, ties, actors, aliases, relation_types, qualitative) -> dict[str, Path]:
    named = (
        ("ties", ties),
        ("actors", actors),
        ("aliases", aliases),
        ("relation_types", relation_types),
        ("qualitative", qualitative),
    )
    given = {role: Path(p) for role, p in named if p is not None}
    if path_or_folder is None:
        if "ties" not in given:
            raise ValueError("load_csv() needs a folder, a ties file, or ties=...")
        return given
    path = Path(path_or_folder)
    if path.is_dir():
        return {**_find_in_folder(path), **given}
    if "ties" in given:
        raise ValueError("load_csv() got two ties files: a path and ties=...; give one")
    return {"ties": path, **given}


def _find_in_folder(folder: Path) -> dict[str, Path]:
    candidates = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in CSV_EXTENSIONS)
    found = match_roles(candidates, "files", folder.name, key=lambda name: Path(name).stem)
    if "ties" not in found:
        listed = ", ".join(p.name for p in sorted(folder.iterdir())) or "nothing"
        raise SurveyDataError(
            Problem(
                f"the folder has no ties file (ties.csv, or band.csv in Swedish); it holds {listed}", file=folder.name
            )
        )
    return {role: folder / name for role, name in found.items()}


def read_csv_grid(path, max_bytes: int = MAX_FILE_BYTES) -> Grid:
    """The non-empty rows of a CSV file, its encoding and separator detected.

    Raises
    ------
    SurveyDataError
        If the file is missing, empty, too large, not text, or in an encoding
        that is none of UTF-8, UTF-16, Windows-1252 and Mac Roman.
    """
    path = check_file(path, max_bytes)
    name = display_name(path)
    kind = sniff(path)
    if kind != "text":
        raise SurveyDataError(mismatch_problem(path, kind, "text"))
    data = path.read_bytes()
    encoding = detect_encoding(data)
    text = _decode(data, encoding, name)
    if not text.strip():
        raise SurveyDataError(Problem("the file holds no text, only blank space; it needs a header row", file=name))
    named, text = split_separator_line(text, name)
    separator = named or detect_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return Grid(list(non_empty_rows(enumerate(reader, start=1))), name, problems=_encoding_notes(encoding, name))
    except csv.Error as exc:
        raise SurveyDataError(
            Problem(
                f"the file cannot be read as CSV ({exc}); check the quotes on this line", file=name, row=reader.line_num
            )
        ) from None


def decode_text(data: bytes, name: str | None = None) -> str:
    """The text of a CSV file in whichever encoding it was saved (see :func:`detect_encoding`).

    Examples
    --------
    >>> decode_text("Malmö;Lund".encode("cp1252"))
    'Malmö;Lund'
    >>> decode_text(b"\\xef\\xbb\\xbfMalm\\xc3\\xb6")
    'Malmö'
    """
    return _decode(data, detect_encoding(data), name)


def detect_encoding(data: bytes) -> str:
    """The encoding a CSV file was saved in, as a Python codec name.

    A byte-order mark decides (UTF-8 or UTF-16); otherwise text that is valid UTF-8
    is UTF-8.  Anything else was saved in a one-byte encoding: Windows-1252 (Swedish
    Excel's default) unless Mac Roman (older Mac programs) turns more of its bytes
    into Swedish letters, as it does when 'å' was saved as the byte 0x8C, which
    Windows-1252 reads as 'Œ'.

    Parameters
    ----------
    data : bytes
        The whole file.

    Returns
    -------
    str
        ``"utf-8-sig"``, ``"utf-16"``, ``"utf-8"``, ``"cp1252"`` or ``"mac_roman"``.

    Examples
    --------
    >>> detect_encoding("Skåne;Malmö".encode("cp1252")), detect_encoding("Skåne;Malmö".encode("mac_roman"))
    ('cp1252', 'mac_roman')
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _one_byte_encoding(data)
    return "utf-8"


def _one_byte_encoding(data: bytes) -> str:
    windows, mac = (_nordic_letter_count(data, encoding) for encoding in ("cp1252", "mac_roman"))
    # Ties, and files with no Swedish letters in either reading, stay Windows-1252: it is
    # far more common, and reading it reports the bytes it cannot decode.
    return "mac_roman" if mac > windows else "cp1252"


def _nordic_letter_count(data: bytes, encoding: str) -> int:
    """How many bytes of ``data`` are Nordic letters in ``encoding`` (counted on the bytes, without decoding)."""
    return sum(data.count(letter.encode(encoding)) for letter in _NORDIC_LETTERS)


def _decode(data: bytes, encoding: str, name) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SurveyDataError(
            Problem(
                f"the file is not readable as {_ENCODING_NAMES[encoding]} text from this line on; "
                "save it from Excel as 'CSV UTF-8'",
                file=name,
                row=line,
            )
        ) from None


_ENCODING_NAMES = {
    "utf-8-sig": "UTF-8",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "UTF-8 or Windows-1252",
    "mac_roman": "Mac Roman",
}


def _encoding_notes(encoding: str, name: str) -> list[Problem]:
    """A warning when the encoding was a guess between look-alikes (Mac Roman over Windows-1252)."""
    if encoding != "mac_roman":
        return []
    return [
        Problem(
            "the file was read as Mac Roman (the encoding of older Mac programs), because read as "
            "Windows-1252 its Swedish letters would be garbled ('Œ' for 'å'); check the names, and "
            "save the file as 'CSV UTF-8' to be sure",
            file=name,
            severity=WARNING,
        )
    ]


def split_separator_line(text: str, name: str | None = None) -> tuple[str | None, str]:
    """Excel's first line ``sep=;`` (or ``sep=,``, ``sep=|``, a tab): the separator it names, and the rest.

    Excel writes and reads this line to say which separator the file uses, and
    hides it when it opens the file.

    Returns
    -------
    (str or None, str)
        The separator named (None without a ``sep=`` line) and the text after the line.

    Raises
    ------
    SurveyDataError
        If the line names a separator other than ``;``, ``,``, tab or ``|``.

    Examples
    --------
    >>> split_separator_line("sep=;\\r\\nsource;target\\r\\n")
    (';', 'source;target\\r\\n')
    >>> split_separator_line("source,target\\n")
    (None, 'source,target\\n')
    """
    first, newline, rest = text.lstrip("\ufeff").partition("\n")
    line = first.rstrip("\r").strip('"')  # some programs quote it: "sep=;"
    if line[: len(_SEP_LINE)].lower() != _SEP_LINE:
        return None, text
    named = line[len(_SEP_LINE) :]
    if named not in _NAMED_SEPARATORS:
        raise SurveyDataError(
            Problem(
                f"the first line {first.strip()[:20]!r} names a separator this reader does not know; "
                "use sep=; or sep=, (or delete the line)",
                file=name,
                row=1,
            )
        )
    return named, rest


def detect_separator(text: str) -> str:
    """The separator used in the header line: ``;``, tab or ``,``.

    Examples
    --------
    >>> detect_separator("källa;mål;vikt\\nA;B;2,5\\n")
    ';'
    >>> detect_separator('source,target,"note, free text"\\n')
    ','
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {separator: _count_outside_quotes(header, separator) for separator in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: counts[s])  # max keeps the first of equals
    return best if counts[best] else ","


def _count_outside_quotes(line: str, separator: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count
