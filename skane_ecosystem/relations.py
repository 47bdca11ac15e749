"""Relation names as people write them, and the codes the package uses.

A survey file may say ``Finansiering`` where the package says ``funding``.  Loading
(:mod:`skane_ecosystem.io.tables`) and the Ecosystem API (``eco.graph(relation=...)``)
read relation names through this one mapping, so a name a file accepts is accepted
everywhere.  It lives apart from both because the loaders import the Ecosystem.
"""

from __future__ import annotations

from .sectors import fold

__all__ = ["RELATION_ALIASES", "canonical_relation"]

#: Swedish and common relation names mapped to the canonical English codes.
RELATION_ALIASES: dict[str, str] = {
    "samarbete": "collaboration",
    "samverkan": "collaboration",
    "collaborate": "collaboration",
    "finansiering": "funding",
    "fund": "funding",
    "funds": "funding",
    "finance": "funding",
    "radgivning": "advice",
    "rad": "advice",
    "advise": "advice",
    "advising": "advice",
    "information": "information",
    "informationsutbyte": "information",
    "inform": "information",
    "hanvisning": "referral",
    "refer": "referral",
    "refers": "referral",
    "remiss": "referral",
}


def canonical_relation(name) -> str:
    """The relation code for a name as written: Swedish and common names become the English code.

    Case, accents and punctuation are ignored; a name the mapping does not know is
    kept, folded, with spaces as underscores.

    Parameters
    ----------
    name : str
        A relation name, e.g. ``"Finansiering"`` or ``"co-creation"``.

    Returns
    -------
    str
        E.g. ``"funding"``; empty for an empty name.

    Examples
    --------
    >>> canonical_relation("Finansiering"), canonical_relation("Rådgivning"), canonical_relation("Co creation")
    ('funding', 'advice', 'co_creation')
    """
    text = fold(name)
    return RELATION_ALIASES.get(text, text.replace(" ", "_"))
