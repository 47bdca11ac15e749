"""Message catalogs: every sentence a user reads, in Swedish and English.

Catalogs are JSON files under ``render/i18n/<lang>/``, one file per part of the
toolkit (``flags.json``, ``map.json``, ``report.json``, ``cli.json`` ...), merged into
one dictionary per language.  Keys are dotted (``"map.legend.title"``); messages are
``str.format`` templates.

A concept every output names has one key, in ``vocabulary.json``: ``measure.<column>``,
``flag.<code>``, ``indicator.<name>``, ``relation.<code>``, ``sector.<code>``,
``kind.<facilitator|impediment>`` and ``legend.*``.  The CLI, map, report, workbook
and figures all read these, so a label is changed in one place and reads alike
everywhere; docs/glossary.md lists the Swedish terms chosen for them.  Numbers are formatted for the language: Swedish writes a
decimal comma and a (narrow no-break) space between thousands.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["LANGUAGES", "t", "format_number", "check_language"]

LANGUAGES = ("en", "sv")


def check_language(lang: str) -> str:
    """``lang`` if supported, else a ValueError naming the supported languages."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return lang


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of one language, merged from its catalog files."""
    check_language(lang)
    folder = resources.files("skane_ecosystem") / "render" / "i18n" / lang
    messages: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            part = json.loads(entry.read_text(encoding="utf-8"))
            _refuse_redefined(messages, part, f"{lang}/{entry.name}")
            messages.update(part)
    return messages


def _refuse_redefined(messages: dict[str, str], part: dict[str, str], where: str) -> None:
    """A key defined in two catalog files would let the later file win silently."""
    repeated = sorted(messages.keys() & part.keys())
    if repeated:
        raise ValueError(f"catalog {where} defines {repeated[:3]} again; a key belongs in one file")


def t(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in.

    Numbers passed as values are formatted for the language first, so templates
    stay free of locale logic.

    Examples
    --------
    >>> t("common.synthetic", "en")  # doctest: +SKIP
    'Synthetic data'
    """
    messages = catalog(lang)
    if key not in messages:
        raise KeyError(f"no message {key!r} in the {lang!r} catalog")
    shown = {k: format_number(v, lang) if _is_number(v) else v for k, v in values.items()}
    return messages[key].format(**shown)


def format_number(value, lang: str = "en", decimals: int | None = None) -> str:
    """A number as a reader of ``lang`` expects it.

    Integers get thousands separators; other numbers ``decimals`` places (default 2,
    or 3 below 1).

    Examples
    --------
    >>> format_number(1234.5, "sv")
    '1\\u202f234,50'
    >>> format_number(0.5224, "en")
    '0.522'
    >>> format_number(12000, "en")
    '12,000'
    """
    check_language(lang)
    if isinstance(value, bool) or not _is_number(value):
        return str(value)
    if float(value).is_integer() and decimals is None:
        text = f"{int(value):,}"
    else:
        places = decimals if decimals is not None else (3 if abs(value) < 1 else 2)
        text = f"{value:,.{places}f}"
    if lang == "sv":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
