"""Guards every reader passes before it parses a file.

Survey files arrive by e-mail and from shared drives, so a reader must not trust them:
a file can be far too large, an ``.xlsx`` can be a zip bomb (a few kilobytes that
inflate to gigabytes), an XML part can carry a "billion laughs" entity bomb, and a
file can simply be something other than its extension says.  Each guard here either
returns quietly or raises a :class:`~skane_ecosystem.errors.SurveyDataError` that says
what is wrong with the file and what to do about it.

The limits are plain module constants with generous defaults, defined here and
nowhere else (``docs/data-format.md``, section "Limits", lists them); every loader
takes ``max_bytes`` so a user with a genuinely huge survey can raise it.  The limits
on what a workbook may hold (rows, columns, cells, the size of its XML parts) bound
the *work* of reading it, whatever its zip directory or dimensions claim; a register
larger than them is read as CSV instead.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..errors import Problem, SurveyDataError, display_name

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_XML_PART_BYTES",
    "MAX_WORKBOOK_CELLS",
    "EXCEL_MAX_ROWS",
    "EXCEL_MAX_COLUMNS",
    "MAX_ROW_XML_ELEMENTS",
    "EXTENSION_KINDS",
    "check_file",
    "check_xlsx_archive",
    "check_xml",
    "read_zip_directory",
    "require_defusedxml",
    "sniff",
    "describe_kind",
    "expect_kind",
]

#: Largest file any loader reads (200 MB).  A regional survey is a few hundred
#: kilobytes; anything near this size is almost certainly the wrong file.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Largest total size the parts of an ``.xlsx`` may inflate to (1 GB).
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024

#: Largest inflation ratio of one ``.xlsx`` part larger than
#: :data:`_RATIO_GRACE_BYTES`.  Real sheets compress 5-50 times; Apache POI uses the
#: same limit of 100 to recognise zip bombs.
MAX_COMPRESSION_RATIO = 100

# Small parts may compress extremely well (an empty sheet, a style table) and are
# harmless, so the ratio is only checked above this size.
_RATIO_GRACE_BYTES = 1024 * 1024

#: Largest size one XML part of an ``.xlsx`` (a sheet, the shared strings) may inflate
#: to (64 MB).  Parsing XML costs time in proportion to its size; a survey sheet of
#: 100,000 ties takes about 10 MB.
MAX_XML_PART_BYTES = 64 * 1024 * 1024

#: Most cells read from one workbook, over all its sheets (300,000: some 50,000 ties
#: of six columns).  Every cell written in the sheet XML counts, empty formatted ones
#: too, and a row counts at least as many cells as it is wide, so a cell far to the
#: right cannot make every row of a sheet thousands of cells wide; an empty row counts
#: one.  Larger tables (registers) are read from CSV, which has no such limit.
MAX_WORKBOOK_CELLS = 300_000

#: Excel's own limits: a sheet has at most 1,048,576 rows and 16,384 columns (A to XFD).
#: A cell claimed beyond them was not written by Excel, and is refused before anything
#: is allocated for it.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

#: Most XML elements one row of a sheet may hold (131,072).  A cell is a handful of
#: elements (<c>, <v>, <is>, <t>, rich-text runs), fewer than 8 for each of Excel's
#: 16,384 columns; the parser holds a row whole, so this bounds its memory.
MAX_ROW_XML_ELEMENTS = 8 * EXCEL_MAX_COLUMNS

_MAX_ARCHIVE_MEMBERS = 10_000

# Excel writes its parts stored or deflated, never encrypted (a password-protected
# workbook is an OLE file, told apart by sniff()).  Bit 0 of a part's flags marks
# encryption, bit 5 "compressed patched data", bit 6 strong encryption.
_EXCEL_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_UNREADABLE_FLAGS = 0x01 | 0x20 | 0x40

_HEAD_BYTES = 64 * 1024

# What a file's content can turn out to be, described for messages.
_KIND_DESCRIPTIONS = {
    "xlsx": "an Excel workbook (.xlsx)",
    "text": "a text or CSV file",
    "graphml": "a GraphML network file",
    "gexf": "a GEXF network file",
    "xml": "an XML file that is neither GraphML nor GEXF",
    "html": "a web page (HTML)",
    "json": "a JSON file",
    "pdf": "a PDF document",
    "docx": "a Word document (.docx)",
    "pptx": "a PowerPoint presentation (.pptx)",
    "ods": "a LibreOffice/OpenOffice spreadsheet (.ods)",
    "xlsb": "a binary Excel workbook (.xlsb)",
    "ole": "an old-format Office file (.xls or .doc) or a password-protected workbook",
    "zip": "a zip archive",
    "binary": "a binary file of unknown type",
}

#: What each extension promises about a file's content (a kind returned by :func:`sniff`).
EXTENSION_KINDS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "text",
    ".tsv": "text",
    ".txt": "text",
    ".graphml": "graphml",
    ".gexf": "gexf",
    # Known formats that cannot be read: named so a mismatch is still caught.
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "ole",
    ".xls": "ole",
    ".ods": "ods",
    ".xlsb": "xlsb",
    ".pptx": "pptx",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".zip": "zip",
}

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_file(path, max_bytes: int = MAX_FILE_BYTES) -> Path:
    """Check that ``path`` is an existing, non-empty file no larger than ``max_bytes``.

    Parameters
    ----------
    path : str or pathlib.Path
    max_bytes : int
        The size limit (default :data:`MAX_FILE_BYTES`, 200 MB).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    SurveyDataError
        If the file is missing, a folder, empty or too large.

    Examples
    --------
    >>> check_file("no/such/survey.xlsx")
    Traceback (most recent call last):
    ...
    skane_ecosystem.errors.SurveyDataError: 1 problem in the survey data:
      - survey.xlsx: no such file; check the folder and the spelling of the name
    """
    path = Path(path)
    name = display_name(path)
    if not path.exists():
        raise SurveyDataError(Problem("no such file; check the folder and the spelling of the name", file=name))
    if not path.is_file():
        raise SurveyDataError(Problem("this is a folder, not a file; give the path of a file", file=name))
    size = path.stat().st_size
    if size == 0:
        raise SurveyDataError(
            Problem("the file is empty (0 bytes); it may not have been saved completely, so save it again", file=name)
        )
    if size > max_bytes:
        raise SurveyDataError(
            Problem(
                f"the file is {_megabytes(size)}, more than the limit of {_megabytes(max_bytes)}; check that it is "
                "the right file, or pass a larger max_bytes if it really is",
                file=name,
            )
        )
    return path


def check_xlsx_archive(
    path,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
    max_xml_part: int = MAX_XML_PART_BYTES,
) -> None:
    """Refuse an ``.xlsx`` whose zip directory announces a zip bomb or an unreadable part.

    An ``.xlsx`` is a zip archive of XML parts.  Before openpyxl inflates anything,
    the sizes recorded in the zip directory are checked: the total inflated size
    must stay below ``max_uncompressed``, no XML part may inflate beyond
    ``max_xml_part`` and no large part may inflate more than ``max_ratio`` times.
    (Python's zipfile never inflates a part beyond the size the directory records,
    so the directory cannot under-declare a part to slip past.)  Parts must be
    stored or deflated and not encrypted, as Excel writes them.

    Raises
    ------
    SurveyDataError
        If the archive is damaged, would inflate beyond the limits, or holds a part
        that cannot be read.

    Examples
    --------
    >>> check_xlsx_archive("survey.xlsx")                                  # doctest: +SKIP
    """
    name = display_name(path)
    members = read_zip_directory(path)
    if len(members) > _MAX_ARCHIVE_MEMBERS:
        raise SurveyDataError(
            Problem(
                f"the workbook holds {len(members)} parts, far more than a survey workbook has; "
                "it was refused as unsafe",
                file=name,
            )
        )
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        raise SurveyDataError(
            Problem(
                f"the workbook would inflate to {_megabytes(total)}, more than the limit of "
                f"{_megabytes(max_uncompressed)}; it was refused as a possible zip bomb",
                file=name,
            )
        )
    for member in members:
        problem = _part_problem(member, max_ratio, max_xml_part)
        if problem:
            raise SurveyDataError(Problem(problem, file=name))


def read_zip_directory(path) -> list[zipfile.ZipInfo]:
    """The parts listed in a zip archive's directory, read without inflating any.

    Parameters
    ----------
    path : str or pathlib.Path
        A zip archive (an ``.xlsx`` is one).

    Returns
    -------
    list of zipfile.ZipInfo

    Raises
    ------
    SurveyDataError
        If the directory is damaged, or needs a zip version or feature Python cannot
        read (a "version needed to extract" beyond 6.3, as no Office program writes).

    Examples
    --------
    >>> [part.filename for part in read_zip_directory("survey.xlsx")][:2]   # doctest: +SKIP
    ['docProps/app.xml', 'docProps/core.xml']
    """
    name = display_name(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.infolist()
    except NotImplementedError as exc:  # zipfile's word for a version or method it cannot read
        raise SurveyDataError(
            Problem(
                f"the file's zip structure asks for a feature no Office program writes ({exc}), so it cannot be "
                "read; open it in Excel or LibreOffice and save it again as .xlsx",
                file=name,
            )
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise SurveyDataError(
            Problem(f"the file is damaged and cannot be opened ({exc}); open it in Excel and save it again", file=name)
        ) from None


def _part_problem(member: zipfile.ZipInfo, max_ratio: float, max_xml_part: int) -> str | None:
    """What is wrong with one part of a workbook, as its zip directory describes it; None if nothing."""
    part = repr(member.filename)
    if member.compress_type not in _EXCEL_COMPRESSION or member.flag_bits & _UNREADABLE_FLAGS:
        return (
            f"the workbook part {part} is compressed or encrypted in a way Excel never uses, so it "
            "cannot be read; open the workbook in Excel and save it again"
        )
    if member.filename.lower().endswith(".xml") and member.file_size > max_xml_part:
        return (
            f"the workbook part {part} inflates to {_megabytes(member.file_size)}, more than the limit of "
            f"{_megabytes(max_xml_part)} for one sheet or table of text; a table this large is read "
            "from CSV instead: save the sheet as CSV (UTF-8) and load that"
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > _RATIO_GRACE_BYTES and ratio > max_ratio:
        return (
            f"the workbook part {part} inflates {ratio:.0f} times (limit {max_ratio:g}); "
            "it was refused as a possible zip bomb"
        )
    return None


def require_defusedxml() -> None:
    """Make sure openpyxl parses workbook XML with defusedxml.

    openpyxl switches to defusedxml by itself when it is installed (and the
    environment variable ``OPENPYXL_DEFUSEDXML`` is not ``False``).  Without it an
    entity bomb hidden in a workbook could exhaust the machine, so reading stops.

    Raises
    ------
    SurveyDataError
        If defusedxml is missing or openpyxl does not use it.
    """
    try:
        import defusedxml  # noqa: F401
        import openpyxl
    except ImportError as exc:
        raise SurveyDataError(
            f"workbooks cannot be read safely because {exc.name} is not installed; run: pip install defusedxml openpyxl"
        ) from None
    if not openpyxl.DEFUSEDXML:
        raise SurveyDataError(
            "workbooks cannot be read safely: openpyxl is not using defusedxml (is the environment "
            "variable OPENPYXL_DEFUSEDXML set to False?); unset it and try again"
        )


def check_xml(path) -> None:
    """Refuse an XML file that declares a DTD or entities, before anything expands them.

    GraphML and GEXF never need a DTD.  Declarations can only stand before the root
    element, so the file is read with defusedxml (``forbid_dtd=True``) up to the
    root's start tag and no further: the check costs almost nothing, and entity
    ("billion laughs") and external-entity attacks are stopped before networkx
    reads the file.

    Raises
    ------
    SurveyDataError
        If the file declares a DTD or entities, or its start is not XML.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    name = display_name(path)
    try:
        for _ in iterparse(str(path), events=("start",), forbid_dtd=True):
            break  # the root element has begun: no declaration can follow
    except DefusedXmlException:
        raise SurveyDataError(
            Problem(
                "the file declares a DTD or XML entities, which network files never need; it was refused "
                "as unsafe. Export the network again from the program that made it",
                file=name,
            )
        ) from None
    except ParseError as exc:
        raise SurveyDataError(
            Problem(
                f"the file is not well-formed XML ({exc}); export it again from the program that made it", file=name
            )
        ) from None


# ------------------------------------------------------------------ sniffing
def sniff(path) -> str:
    """What a file's content looks like, whatever its extension says.

    Returns
    -------
    str
        One of ``"xlsx"``, ``"text"``, ``"graphml"``, ``"gexf"``, ``"xml"``,
        ``"html"``, ``"json"``, ``"pdf"``, ``"docx"``, ``"pptx"``, ``"ods"``,
        ``"xlsb"``, ``"ole"``, ``"zip"`` or ``"binary"``; see :func:`describe_kind`.

    Raises
    ------
    SurveyDataError
        If the file begins as a zip archive (as ``.xlsx`` files do) whose directory
        cannot be read: see :func:`read_zip_directory`.
    """
    with open(path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_OLE_SIGNATURE):
        return "ole"
    text = _decode_head(head)
    if text is None:
        return "binary"
    return _sniff_text(text)


def describe_kind(kind: str) -> str:
    """A readable description of a kind returned by :func:`sniff`."""
    return _KIND_DESCRIPTIONS.get(kind, kind)


def expect_kind(path, expected: str) -> None:
    """Raise unless ``path``'s content is of the ``expected`` kind.

    Examples
    --------
    A CSV file renamed to ``.xlsx`` is named for what it is::

        expect_kind("survey.xlsx", "xlsx")
        # SurveyDataError: survey.xlsx: the name ends in .xlsx but the content is a
        # text or CSV file; ...
    """
    found = sniff(path)
    if found != expected:
        raise SurveyDataError(mismatch_problem(path, found, expected))


def mismatch_problem(path, found: str, expected: str) -> Problem:
    """The problem of a file whose content is ``found`` where ``expected`` was needed.

    Either the name lies about the content (a CSV file renamed ``.xlsx``), and the
    user is told what the file really is; or the name is honest and the wrong
    loader was called, and the user is pointed to ``load()``.
    """
    path = Path(path)
    if EXTENSION_KINDS.get(path.suffix.lower()) == found:
        return Problem(
            f"this is {describe_kind(found)}, not {describe_kind(expected)}; load() reads every supported "
            "format and tells them apart by their content",
            file=display_name(path),
        )
    extension = path.suffix or "(no extension)"
    advice = _RENAME_ADVICE.get(found, "save the data as .xlsx or .csv and try again")
    return Problem(
        f"the name ends in {extension} but the content is {describe_kind(found)}, "
        f"not {describe_kind(expected)}; {advice}",
        file=display_name(path),
    )


_RENAME_ADVICE = {
    "xlsx": "rename the file to end in .xlsx",
    "text": "rename the file to end in .csv (or open it in Excel and save it as .xlsx)",
    "graphml": "rename the file to end in .graphml",
    "gexf": "rename the file to end in .gexf",
    "ods": "open it in LibreOffice or Excel and save it as .xlsx",
    "xlsb": "open it in Excel and save it as .xlsx",
    "ole": "open it in Excel and save it as .xlsx without a password",
}


def _sniff_zip(path) -> str:
    # A damaged zip directory is reported here, where it is first met: what the
    # archive was meant to be cannot be told, and "damaged" is what the user must know.
    names = {member.filename for member in read_zip_directory(path)}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "mimetype" in names and b"opendocument.spreadsheet" in _read_mimetype(path):
        return "ods"
    return "zip"


def _read_mimetype(path) -> bytes:
    """The head of an OpenDocument's ``mimetype`` part (empty if it cannot be read)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as part:
            return part.read(100)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return b""


def _decode_head(head: bytes) -> str | None:
    """The first bytes as text, or None if they are not text in any encoding we read."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    # cp1252 leaves five bytes undefined; latin-1 maps every byte, which is all a
    # sniffer needs (the CSV reader decides the real encoding).
    return head.decode("utf-8", errors="ignore") if _is_utf8(head) else head.decode("latin-1")


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may cut a multi-byte character in two at its very end.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def _sniff_text(text: str) -> str:
    start = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if start.startswith("<"):
        # The root element may follow a long prolog of comments, so look at the whole head.
        whole = text.lower()
        if "<graphml" in whole:
            return "graphml"
        if "<gexf" in whole:
            return "gexf"
        if "<html" in whole or start.startswith("<!doctype html"):
            return "html"
        return "xml"
    if start.startswith("{"):
        return "json"
    return "text"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
