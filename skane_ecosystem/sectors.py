"""The quadruple-helix sector vocabulary, its Swedish variants, and its colours.

Ecosystem research in Sweden (Vinnova, Region Skåne) speaks of the quadruple helix:
public sector, business, academia and civil society.  Surveys write these many ways
("Offentlig sektor", "kommun", "Näringsliv", "idéburen organisation"...); they are
normalised here once, so every later stage can rely on five canonical values.
"""

from __future__ import annotations

import unicodedata

from .i18n import LANGUAGES, t

__all__ = ["SECTORS", "SECTOR_COLORS", "SECTOR_LABELS", "normalize_sector", "fold"]

#: The canonical sector codes, in the order used by every table and legend.
SECTORS: tuple[str, ...] = ("public", "business", "academia", "civil_society", "other")

#: Okabe & Ito (2008) colour-blind-safe palette, the same in every map, figure and report.
SECTOR_COLORS: dict[str, str] = {
    "public": "#0072B2",  # blue
    "business": "#E69F00",  # orange
    "academia": "#009E73",  # bluish green
    "civil_society": "#CC79A7",  # reddish purple
    "other": "#999999",  # grey
}

#: Display labels for each language, from the catalogs (``sector.<code>``), so a
#: sector is named alike in the CLI, map, report, workbook and figures.
SECTOR_LABELS: dict[str, dict[str, str]] = {
    lang: {code: t(f"sector.{code}", lang) for code in SECTORS} for lang in LANGUAGES
}

_VARIANTS: dict[str, tuple[str, ...]] = {
    "public": (
        "public",
        "public sector",
        "government",
        "region",
        "municipality",
        "kommun",
        "offentlig",
        "offentlig sektor",
        "offentliga sektorn",
        "myndighet",
        "stat",
        "landsting",
        "region skane",
    ),
    "business": (
        "business",
        "private",
        "private sector",
        "industry",
        "company",
        "firm",
        "naringsliv",
        "naringslivet",
        "foretag",
        "privat",
        "privat sektor",
        "industri",
    ),
    "academia": (
        "academia",
        "academic",
        "university",
        "research",
        "higher education",
        "akademi",
        "akademin",
        "universitet",
        "hogskola",
        "forskning",
        "larosate",
    ),
    "civil_society": (
        "civil society",
        "civil_society",
        "civilsociety",
        "ngo",
        "nonprofit",
        "non-profit",
        "third sector",
        "voluntary",
        "civilsamhalle",
        "civilsamhallet",
        "ideburen",
        "ideburen sektor",
        "ideell",
        "ideell forening",
        "forening",
        "social economy",
        "social ekonomi",
    ),
    "other": ("other", "ovrigt", "ovrig", "annat", "unknown", "okand"),
}


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spacing and punctuation.

    Used to compare names and codes the way a person would: "Region Skåne",
    "region skane" and "REGION  SKÅNE." all fold to ``"region skane"``.

    Examples
    --------
    >>> fold("  Region Skåne. ")
    'region skane'
    >>> fold("Idéburen_sektor")
    'ideburen sektor'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in ascii_only.casefold())
    return " ".join(cleaned.split())


_LOOKUP: dict[str, str] = {fold(variant): sector for sector, variants in _VARIANTS.items() for variant in variants}


def normalize_sector(value) -> str | None:
    """The canonical sector code for ``value``, or ``None`` if it is not recognised.

    Examples
    --------
    >>> normalize_sector("Offentlig sektor")
    'public'
    >>> normalize_sector("Idéburen")
    'civil_society'
    >>> normalize_sector("aerospace") is None
    True
    """
    return _LOOKUP.get(fold(value))


def accepted_sector_values() -> str:
    """A readable list of accepted values, for error messages."""
    return ", ".join(SECTORS) + " (or Swedish: offentlig, näringsliv, akademi, civilsamhälle, övrigt)"
