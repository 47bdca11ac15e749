"""Printable workshop sheets: each organisation's ties as the survey found them, to confirm or correct.

One HTML page per municipality (or sector), with a print stylesheet (A4, page
numbers, an organisation never split over two pages): for every organisation the
ties found in the checked wave, boxes to tick "right" or "not right", a space for
a corrected strength and lines for missing ties.  The answers are entered in the
corrections workbook (:func:`skane_ecosystem.io.workshop.write_workshop_workbook`)
and read back with :func:`~skane_ecosystem.io.workshop.read_workshop`.

The sheets are internal material for the participants: they name every
organisation and tie of the group, and no person.
"""

from __future__ import annotations

import unicodedata
from importlib import resources

import jinja2

from ..i18n import check_language, format_number, t
from ..io.workshop import workshop_ties

__all__ = ["GROUPINGS", "workshop_pages"]

#: What a sheet may gather the organisations by.
GROUPINGS = ("municipality", "sector")


def workshop_pages(
    eco, by: str = "municipality", lang: str = "en", wave="latest", workbook: str = ""
) -> dict[str, str]:
    """The workshop sheets as HTML pages: file name -> page, one per group.

    Parameters
    ----------
    eco : Ecosystem
    by : {"municipality", "sector"}
        How the organisations are gathered into sheets.
    lang : {"en", "sv"}
    wave : str, optional
        The wave whose ties are checked (default: the latest).
    workbook : str
        The corrections workbook's file name, named in the instructions.

    Returns
    -------
    dict
        ``"<group>.html"`` -> HTML, in the groups' order (names sorted); an actor
        without the attribute is in ``"other.html"``.

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> G = nx.path_graph(3)
    >>> nx.set_node_attributes(G, {0: "Lund", 1: "Lund", 2: "Ystad"}, "municipality")
    >>> sorted(workshop_pages(Ecosystem.from_networkx(G)))
    ['lund.html', 'ystad.html']
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    lang = check_language(lang)
    checked = eco.resolve_wave(wave)
    ties = workshop_ties(eco, wave)
    names = eco.actors["name"]
    groups = eco.actors[by].fillna("").astype(str).replace("", "other")
    template = _template()
    pages = {}
    for group in sorted(groups.unique(), key=str.casefold):
        members = sorted(groups.index[groups == group], key=lambda actor: names[actor].casefold())
        label = t(f"sector.{group}", lang) if by == "sector" else group
        heading = t("workshop.title", lang, group=label)
        pages[_file_name(group, pages)] = template.render(
            lang=lang,
            heading=heading,
            title=eco.meta.get("title", ""),
            synthetic=t("common.synthetic", lang) if eco.synthetic else "",
            intro=t("workshop.intro", lang, wave=checked or t("workshop.all_waves", lang), workbook=workbook),
            organisations=[_organisation(actor, ties, names, lang) for actor in members],
            words=_words(lang),
        )
    return pages


def _organisation(actor, ties, names, lang: str) -> dict:
    """An organisation's ties, listed under it whichever side of the tie it is on."""
    own = ties[(ties["organisation"] == actor) | (ties["partner"] == actor)]
    rows = [
        {
            "partner": names[partner if organisation == actor else organisation],
            "relation": t(f"relation.{relation}", lang),
            "strength": format_number(float(strength), lang, decimals=None if float(strength).is_integer() else 1),
        }
        for organisation, partner, relation, strength in zip(
            own["organisation"], own["partner"], own["relation"], own["strength"]
        )
    ]
    rows.sort(key=lambda row: (row["partner"].casefold(), row["relation"]))
    return {"name": names[actor], "ties": rows}


def _words(lang: str) -> dict:
    return {
        "partner": t("workshop.column.partner", lang),
        "relation": t("report.column.relation", lang),
        "strength": t("report.column.weight", lang),
        "new_strength": t("workshop.column.new_strength", lang),
        "confirm": t("workshop.answer.confirm", lang),
        "remove": t("workshop.answer.remove", lang),
        "missing": t("workshop.missing", lang),
        "no_ties": t("workshop.no_ties", lang),
    }


def _file_name(group: str, taken: dict) -> str:
    """A file name for a group: lower-case letters, digits and hyphens (å, ä, ö folded), never repeated."""
    stem = (
        "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in _ascii(group.casefold())).strip("-") or "group"
    )
    name, n = f"{stem}.html", 2
    while name in taken:
        name, n = f"{stem}-{n}.html", n + 1
    return name


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _template() -> jinja2.Template:
    source = (resources.files("skane_ecosystem") / "render" / "templates" / "workshop.html.j2").read_text(
        encoding="utf-8"
    )
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(source)
