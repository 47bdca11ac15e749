"""Swedish register codes in an actors table: organisation numbers, municipality codes, SNI codes.

Analysts in Swedish regions identify organisations by their *organisationsnummer*
(Bolagsverket, Skatteverket), places by SCB's four-digit *kommunkod* and industries
by SNI 2007 codes.  This module reads the three as survey files write them and
checks them, so that a mistyped number is a located error rather than a silent
second organisation:

* an organisation number is ``NNNNNN-NNNN`` (10 digits, or 12 with the prefix
  ``16``), its last digit a Luhn check digit (python-stdnum); the first digit
  tells the legal form (2 public body, 5 aktiebolag, 7 economic association,
  8 non-profit association or foundation, 9 partnership ...);
* a number that is a valid *personnummer* is a sole trader's (enskild firma):
  the owner's personal identity number, personal data under GDPR;
* a municipality may be written as its code (``1280``, ``"1280 Malmö"``) or its
  name, misspelt or not (``"Malmo"``, ``"Malmö stad"``), reconciled against the
  known municipalities as organisation names are against the actors;
* an SNI code is five digits (``62.010``) or a two-digit division (``62``), whose
  section letter (``J``) groups industries in the sector tables.

References
----------
Skatteverket, *Organisationsnummer* (SKV 709), on the number's digits and legal forms.
SCB, *Kommunkoder* (Regionala indelningar i Sverige), for the municipality codes.
SCB, *Standard för svensk näringsgrensindelning 2007 (SNI 2007)*, MIS 2007:2.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from stdnum import luhn
from stdnum.se import personnummer

from .names import Ambiguous, Match, NameResolver

__all__ = [
    "LEGAL_FORMS",
    "SKANE_MUNICIPALITIES",
    "is_orgnr_shaped",
    "is_personal_number",
    "legal_form_conflict",
    "municipality_from_code",
    "parse_orgnr",
    "parse_sni",
    "reconcile_municipality",
    "sni_section",
]

#: The legal form an organisation number's first digit stands for (Skatteverket, SKV 709).
LEGAL_FORMS: dict[str, str] = {
    "1": "estate of a deceased person",
    "2": "public body (state, region, municipality, parish)",
    "3": "foreign company",
    "5": "limited company (aktiebolag)",
    "6": "simple partnership",
    "7": "economic association or cooperative",
    "8": "non-profit association or foundation",
    "9": "trading or limited partnership",
}

#: Sectors a legal form rules out, for a warning (never an error: the survey's own
#: sector is kept).  Left out where Swedish practice mixes them: municipal companies
#: are aktiebolag in the public sector, universities are public bodies in academia,
#: many social enterprises are aktiebolag in civil society.
_SECTORS_RULED_OUT: dict[str, frozenset[str]] = {
    "2": frozenset({"business", "civil_society"}),
    "7": frozenset({"public", "academia"}),
    "8": frozenset({"business", "public"}),
    "9": frozenset({"public", "academia", "civil_society"}),
}

#: The 33 municipalities of Skåne län by SCB's four-digit code (county 12).
SKANE_MUNICIPALITIES: dict[str, str] = {
    "1214": "Svalöv",
    "1230": "Staffanstorp",
    "1231": "Burlöv",
    "1233": "Vellinge",
    "1256": "Östra Göinge",
    "1257": "Örkelljunga",
    "1260": "Bjuv",
    "1261": "Kävlinge",
    "1262": "Lomma",
    "1263": "Svedala",
    "1264": "Skurup",
    "1265": "Sjöbo",
    "1266": "Hörby",
    "1267": "Höör",
    "1270": "Tomelilla",
    "1272": "Bromölla",
    "1273": "Osby",
    "1275": "Perstorp",
    "1276": "Klippan",
    "1277": "Åstorp",
    "1278": "Båstad",
    "1280": "Malmö",
    "1281": "Lund",
    "1282": "Landskrona",
    "1283": "Helsingborg",
    "1284": "Höganäs",
    "1285": "Eslöv",
    "1286": "Ystad",
    "1287": "Trelleborg",
    "1290": "Kristianstad",
    "1291": "Simrishamn",
    "1292": "Ängelholm",
    "1293": "Hässleholm",
}

#: SNI 2007 sections by their first and last two-digit division.
_SNI_SECTIONS: tuple[tuple[str, int, int], ...] = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)

#: Longest cell read as a code: anything longer is refused before it is parsed.
_MAX_CODE_LENGTH = 40


def _digits(written, what: str) -> str:
    """The digits of a code written with spaces, hyphens or dots between them; a ValueError otherwise."""
    text = str(written).strip()
    if len(text) > _MAX_CODE_LENGTH:
        raise ValueError(f"{what} is {len(text)} characters long; write only the number")
    digits = "".join(ch for ch in text if ch not in " -.+\u00a0")
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"{what} {text!r} has characters other than digits, spaces and hyphens")
    return digits


def parse_orgnr(written) -> str:
    """An organisation number as ``NNNNNN-NNNN``, checked.

    Parameters
    ----------
    written : str or int
        As a survey writes it: ``556016-0680``, ``5560160680``, ``16 556016-0680``.
        A 12-digit personnummer (``19811228-9874``) is read as the 10 digits a
        sole trader's organisation number is.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        Saying what is wrong, with the expected check digit when only that is.

    Examples
    --------
    >>> parse_orgnr("2120000142")
    '212000-0142'
    >>> parse_orgnr("16 212000-0142")
    '212000-0142'
    >>> parse_orgnr("212000-0143")
    Traceback (most recent call last):
    ...
    ValueError: organisation number '212000-0143' fails its check digit: with these first nine digits the last should be 2
    """
    digits = _digits(written, "the organisation number")
    if len(digits) == 12 and digits[:2] in ("16", "19", "20"):
        digits = digits[2:]
    if len(digits) != 10:
        raise ValueError(
            f"organisation number {str(written).strip()!r} has {len(digits)} digits; "
            "it should have 10, written NNNNNN-NNNN"
        )
    expected = luhn.calc_check_digit(digits[:9])
    if digits[9] != expected:
        raise ValueError(
            f"organisation number {str(written).strip()!r} fails its check digit: "
            f"with these first nine digits the last should be {expected}"
        )
    return f"{digits[:6]}-{digits[6:]}"


def is_orgnr_shaped(text: str) -> bool:
    """True for text written as :func:`parse_orgnr` returns it (``NNNNNN-NNNN``)."""
    return len(text) == 11 and text[6] == "-" and (text[:6] + text[7:]).isdigit() and text.isascii()


def is_personal_number(orgnr: str) -> bool:
    """True when an organisation number is a personnummer: a sole trader's, personal data.

    Legal persons' numbers have a third digit of 2 or more (no month 20-99), so
    they never pass as a date of birth.

    Examples
    --------
    >>> is_personal_number("811228-9874"), is_personal_number("212000-0142")
    (True, False)
    """
    return personnummer.is_valid(orgnr.replace("-", ""))


def legal_form_conflict(orgnr: str, sector: str) -> str | None:
    """The legal form of ``orgnr`` if it rules out ``sector``, else None.

    Examples
    --------
    >>> legal_form_conflict("212000-0142", "business")
    'public body (state, region, municipality, parish)'
    >>> legal_form_conflict("212000-0142", "academia") is None  # universities are public bodies
    True
    """
    first = orgnr[0]
    if sector in _SECTORS_RULED_OUT.get(first, ()) and not is_personal_number(orgnr):
        return LEGAL_FORMS[first]
    return None


def municipality_from_code(written: str) -> tuple[str, str | None]:
    """The municipality a cell names, and a warning if its code and name disagree.

    ``"1280"`` and ``"1280 Malmö"`` are Malmö; a four-digit code that is not a Skåne
    municipality's is kept as written (with a warning), since other regions'
    surveys use their own; any other text is a name, returned as it is.

    Examples
    --------
    >>> municipality_from_code("1280 Malmö")
    ('Malmö', None)
    >>> municipality_from_code("Lund")
    ('Lund', None)
    >>> municipality_from_code("1281 Malmö")[1]
    "the municipality code 1281 is Lund, but the name written is 'Malmö'; Lund is used"
    """
    text = str(written).strip()
    code, _, name = text.partition(" ")
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        return text, None
    known = SKANE_MUNICIPALITIES.get(code)
    name = name.strip(" -–,")
    if known is None:
        return text, f"{code} is not the code of a Skåne municipality; the municipality is kept as written"
    if name and name.casefold() != known.casefold():
        return known, f"the municipality code {code} is {known}, but the name written is {name!r}; {known} is used"
    return known, None


def reconcile_municipality(written, known: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """The municipality a cell names, reconciled with the known ones, and what was corrected.

    A cell may hold a code (``"1280"``, ``"1280 Malmö"``, read by
    :func:`municipality_from_code`) or a name, matched against ``known`` as
    organisation names are matched against the actors (:class:`~.names.NameResolver`):
    exactly, then ignoring case, accents and punctuation (``"Malmo"``), then as
    ``"<name> kommun"``, ``"<name>s kommun"`` or ``"<name> stad"``, then fuzzily
    (``"Kristiansta"``).  A name that fits none of them is kept as written: other
    regions' surveys name their own municipalities.

    Parameters
    ----------
    written : str
        The cell as written.
    known : mapping, optional
        code -> name of the municipalities to reconcile with; default
        :data:`SKANE_MUNICIPALITIES`.

    Returns
    -------
    (str, str or None)
        The municipality's name, and a sentence saying what was changed (for the
        validation report), or None when nothing was.

    Raises
    ------
    ValueError
        If the name fits several municipalities equally well, listing them.

    Examples
    --------
    >>> reconcile_municipality("Hassleholm")
    ('Hässleholm', "'Hassleholm' read as 'Hässleholm' (accents, punctuation and case ignored)")
    >>> reconcile_municipality("Lunds kommun")
    ('Lund', None)
    >>> reconcile_municipality("1280")
    ('Malmö', None)
    >>> reconcile_municipality("Göteborg")
    ('Göteborg', None)
    """
    text = str(written).strip()
    if known is None:
        name, warning = municipality_from_code(text)
        if name != text or warning:
            return name, warning
    resolver = _municipality_resolver(tuple(sorted((known if known is not None else SKANE_MUNICIPALITIES).items())))
    found = resolver.lookup(text) if text else None
    if isinstance(found, Ambiguous):
        candidates = " and ".join(f"{resolver.actors[code]!r} (code {code})" for code in found.candidates)
        raise ValueError(
            f"the municipality {text!r} fits {len(found.candidates)} municipalities equally well: {candidates}; "
            "write the municipality's code or its name exactly"
        )
    if not isinstance(found, Match):
        return text, None
    corrected = resolver.corrected_name(text, found)
    return resolver.actors[found.actor_id], resolver.correction_message(text, found) if corrected else None


@lru_cache(maxsize=8)
def _municipality_resolver(known: tuple[tuple[str, str], ...]) -> NameResolver:
    """Municipalities as a NameResolver's "actors" (code -> name), with the usual long forms as aliases."""
    aliases = [
        (long_form.format(name=name), code)
        for code, name in known
        for long_form in ("{name} kommun", "{name}s kommun", "{name} stad", "{name}s stad")
    ]
    return NameResolver(dict(known), aliases=aliases)


def parse_sni(written) -> str:
    """An SNI 2007 code as ``NN.NNN`` (five digits) or ``NN`` (a division), checked.

    Examples
    --------
    >>> parse_sni("62010"), parse_sni("88.99"), parse_sni(62)
    ('62.010', '88.99', '62')
    >>> parse_sni("04")
    Traceback (most recent call last):
    ...
    ValueError: SNI code '04': 04 is not an SNI 2007 division
    """
    digits = _digits(written, "the SNI code")
    if not 2 <= len(digits) <= 5:
        raise ValueError(f"SNI code {str(written).strip()!r} should have 2 to 5 digits, e.g. 62.010")
    if sni_section(digits[:2]) is None:
        raise ValueError(f"SNI code {str(written).strip()!r}: {digits[:2]} is not an SNI 2007 division")
    return digits if len(digits) == 2 else f"{digits[:2]}.{digits[2:]}"


def sni_section(code: str) -> str | None:
    """The SNI 2007 section letter of a code (``"62.010"`` -> ``"J"``), or None if its division is not one.

    Examples
    --------
    >>> sni_section("62.010"), sni_section("88"), sni_section("04")
    ('J', 'Q', None)
    """
    division = int(code[:2])
    return next((letter for letter, first, last in _SNI_SECTIONS if first <= division <= last), None)
