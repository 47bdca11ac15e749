"""Text the map and the figures draw: names cut to fit, numbers and labels in the reader's language.

Names come from survey data and can be anything: 20,000 characters, control
characters, emoji sequences.  A label drawn on the map, in a figure, a legend or a
tooltip is one line of at most :data:`LABEL_LENGTH` characters (:func:`label_text`);
the actor's card on the map shows the name whole.  Measure, relation, finding and
attribute names are looked up in the catalogs, and a name no catalog knows (a
user's own measure) is shown made readable rather than refused
(:func:`optional_label`).
"""

from __future__ import annotations

import unicodedata

from ..i18n import catalog, format_number, t
from ..sectors import SECTOR_LABELS
from .attributes import clean, missing

__all__ = [
    "LABEL_LENGTH",
    "label_text",
    "shortened",
    "number_text",
    "humanize",
    "optional_label",
    "measure_label",
    "attribute_label",
    "removal_label",
    "code_label",
    "relation_label",
    "named_first",
    "evidence_text",
]

#: The longest name (or other value from the data) drawn on the map, in a tooltip, a
#: list, a legend or a figure; the actor's card shows it whole.  vis-network fits the
#: view around every label, so one 20,000-character name would shrink the map to a dot.
LABEL_LENGTH = 60

#: Joins two emoji into one drawn character (woman + laptop = a technologist).
_ZERO_WIDTH_JOINER = "\u200d"


def label_text(name) -> str:
    """A name as a label draws it: one line, no control characters, :func:`shortened`.

    Examples
    --------
    >>> label_text("Evil\\x07 Org\\nAB")
    'Evil Org AB'
    """
    return shortened(clean(name))


def shortened(text: str, limit: int = LABEL_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when cut.

    The cut falls between characters a reader sees (grapheme clusters): never
    between a letter and its combining accent, nor inside an emoji sequence.

    Parameters
    ----------
    text : str
    limit : int
        At least 2: room for one character and the ellipsis.

    Returns
    -------
    str

    Examples
    --------
    >>> shortened("Region Skåne")
    'Region Skåne'
    >>> shortened("Malmö stads sociala investeringsfond", 12)
    'Malmö stads…'
    """
    if len(text) <= limit:
        return text
    cut = limit - 1
    while cut > 0 and _continues_previous(text, cut):
        cut -= 1
    if cut == 0:  # one "character" longer than the limit (hundreds of accents): cut anyway
        cut = limit - 1
    return text[:cut].rstrip() + "\u2026"


def _continues_previous(text: str, i: int) -> bool:
    """Whether ``text[i]`` is drawn as part of the character before it: a cut there
    would strip an accent off its letter or break an emoji in two."""
    char = text[i]
    return (
        text[i - 1] == _ZERO_WIDTH_JOINER
        or char == _ZERO_WIDTH_JOINER
        or unicodedata.category(char) in ("Mn", "Mc", "Me")  # combining marks
        or "\ufe00" <= char <= "\ufe0f"
        or "\U000e0100" <= char <= "\U000e01ef"  # variation selectors
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tones
        or "\U000e0020" <= char <= "\U000e007f"
    )  # emoji tag sequences


def number_text(value, lang: str) -> str:
    """A value as the map and figures print it: numbers in the language's format,
    booleans as yes/no, a dash for a missing value.

    >>> number_text(0.25, "sv"), number_text(12, "sv"), number_text(None, "sv"), number_text(True, "sv")
    ('0,250', '12', '–', 'ja')
    """
    if missing(value):
        return "\u2013"
    if isinstance(value, bool):
        return t("map.card.yes" if value else "map.card.no", lang)
    if hasattr(value, "item"):
        value = value.item()
    return format_number(value, lang) if isinstance(value, (int, float)) else str(value)


def humanize(code: str) -> str:
    """A code made readable: ``"in_degree"`` -> ``"In degree"``."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def optional_label(prefix: str, key: str, lang: str) -> str:
    """The catalog's label for ``key`` if it has one, else the key made readable:
    attribute and measure names come from the data and need not be in any catalog."""
    messages = catalog(lang)
    return messages.get(f"{prefix}.{key}", humanize(key))


def measure_label(column: str, lang: str) -> str:
    """The measure's label in ``lang``; see :func:`optional_label`."""
    return optional_label("measure", column, lang)


def attribute_label(key: str, lang: str) -> str:
    """The node attribute's label in ``lang``; see :func:`optional_label`."""
    return optional_label("map.attribute", key, lang)


def removal_label(key: str, lang: str) -> str:
    """The removal impact's label in ``lang``; see :func:`optional_label`."""
    return optional_label("map.removal", key, lang)


def code_label(code: str, lang: str) -> str:
    """The finding's label in ``lang``; see :func:`optional_label`."""
    return optional_label("flag", code, lang)


def relation_label(relation: str, lang: str) -> str:
    """The relation's label in ``lang``; see :func:`optional_label`."""
    return optional_label("relation", relation, lang)


def named_first(sizes, flagged=None, count: int | None = None) -> list:
    """Which actors a map or figure names first: flagged actors, then the largest.

    Every drawing names the same actors in the same order, so the map, the report's
    network figure and the geography view tell one story: first the actors with a
    finding (the strongest first), then the largest by the size measure, until
    ``count`` names.  Where a name finds no free place is each drawing's own affair.

    Parameters
    ----------
    sizes : mapping
        actor id -> the value the drawing sizes actors by (missing values count as 0).
    flagged : mapping, optional
        actor id -> strength of its strongest finding (larger first).  Actors not in
        ``sizes`` are ignored.
    count : int, optional
        How many to return; default all.

    Returns
    -------
    list
        Actor ids, ties broken by the id as text so the order never depends on input order.

    Examples
    --------
    >>> named_first({"a": 1, "b": 9, "c": 5}, flagged={"a": 0.4})
    ['a', 'b', 'c']
    >>> named_first({"a": 1, "b": 9, "c": 5}, count=2)
    ['b', 'c']
    """
    flagged = {actor: strength for actor, strength in (flagged or {}).items() if actor in sizes}

    def size(actor) -> float:
        value = sizes[actor]
        return 0.0 if missing(value) else float(value)

    first = sorted(flagged, key=lambda a: (-float(flagged[a]), -size(a), str(a)))
    rest = sorted((a for a in sizes if a not in flagged), key=lambda a: (-size(a), str(a)))
    order = first + rest
    return order if count is None else order[: max(int(count), 0)]


def evidence_text(value, lang: str, names=None) -> str:
    """A finding's evidence value as every output words it.

    The report, the workbook and the map's cards show a finding's evidence (``gateway:
    A005``, ``sectors: [business, public]``) with the same words: an actor id as the
    actor's name when ``names`` knows it, a sector by its label, a value the catalog
    names (``evidence.value.<value>``) by that name, numbers in the language's format,
    lists joined with commas, and anything else as written.

    Parameters
    ----------
    value : object
        An evidence value: a number, text, a list or a dict of them.
    lang : {"en", "sv"}
    names : mapping, optional
        actor id -> name, for evidence that names actors.

    Returns
    -------
    str

    Examples
    --------
    >>> evidence_text(["business", "public"], "sv")
    'Näringsliv, Offentlig sektor'
    >>> evidence_text("A005", "en", names={"A005": "Österlen Hub"})
    'Österlen Hub'
    >>> evidence_text({"share": 0.25}, "sv")
    'share: 0,250'
    """
    if isinstance(value, dict):
        return "; ".join(f"{key}: {evidence_text(v, lang, names)}" for key, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(evidence_text(v, lang, names) for v in value)
    if isinstance(value, str):
        if names and value in names:
            return label_text(names[value])
        if value in SECTOR_LABELS[lang]:
            return SECTOR_LABELS[lang][value]
        return catalog(lang).get(f"evidence.value.{value}", value)
    return number_text(value, lang)
