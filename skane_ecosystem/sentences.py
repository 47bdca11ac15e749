"""How findings are said: each rule's sentence, and which of its values are counts.

Shared by :mod:`skane_ecosystem.flags`, which writes each finding's sentence when it
is found, and :mod:`skane_ecosystem.privacy`, which restates the sentences of public
outputs with small counts suppressed, so that neither reaches into the other.
"""

from __future__ import annotations

from .i18n import format_number, t
from .sectors import SECTOR_LABELS

__all__ = ["COUNTED", "sentence", "percent", "Percent"]

#: For each rule, the values of its evidence and of its sentence (``params``) that
#: count actors or ties, each with the values computed from it.  Public outputs
#: state a count below their ``min_cell`` as "fewer than 5" and leave out what was
#: computed from it (75 % of 4 funding ties gives the count away), and so does the
#: finding's score when it is such a value (:mod:`skane_ecosystem.privacy`).  A new
#: rule whose sentence or evidence states a count of actors or ties lists it here.
COUNTED = {
    "hub": {"degree": ()},
    "boundary_spanner": {"degree": ("cross_sector_share", "share", "score"), "liaison_plus_itinerant": (),
                         "brokerage": ()},
    "gatekeeper": {"brokerage_gatekeeper": (), "count": ()},
    "community_bridge": {"degree": ()},
    "single_point_of_failure": {"removal_cutoff": ("removal_fragmentation_gain", "score"),
                                "cut_off_by_municipality": (), "count": ("score",)},
    "bottleneck": {"connected_pairs": ("path_share", "share", "score")},
    "peripheral": {"degree": ("score",)},
    "unreciprocated": {"nominations_to_respondents": ("share", "score"), "named": ("score",),
                       "unreturned": ("share", "score")},
    "funding_dependency": {"provided_ties": ("share", "score"), "funding_ties": ("share", "score"),
                           "count": ("share", "score"), "total": ("share", "score")},
    "funding_concentration": {"part_of_ties": ("share", "score"), "funding_ties": ("share", "score"),
                              "count": ("share", "score"), "total": ("share", "score")},
    "sector_silo": {"internal_ties": ("ei_index", "score"), "external_ties": ("ei_index", "score"),
                    "internal": ("ei", "score"), "external": ("ei", "score")},
    "missing_bridge": {"ties": ("score",), "sizes": ()},
    "municipality_gateway": {"crossing_ties": (), "actors": ()},
    "fragmented": {"isolates": ()},
}


def sentence(code: str, params: dict, lang: str = "en") -> str:
    """The explanation of a finding of rule ``code`` with these values.

    Numbers are written as ``lang`` writes them and sector codes as its words; any
    other text (a name, or "fewer than 5" put in by a privacy level) as given.

    Examples
    --------
    >>> sentence("missing_bridge", {"first": "academia", "second": "business", "ties": 1})
    'A missing bridge: Academia and Business have 1 tie(s) between them.'
    """
    return t(f"flags.{code}", lang, **{k: _label(k, v, lang) for k, v in params.items()})


class Percent(float):
    """A share shown as a percentage, written the way each language writes it."""


def percent(share: float) -> Percent:
    """``share`` (0-1) to be written as a percentage in a sentence."""
    return Percent(share)


SECTOR_PARAMS = ("first", "second", "sector")


def _label(key, value, lang):
    """Sector codes become words of the language, numbers its number format."""
    if key in SECTOR_PARAMS and isinstance(value, str):
        return SECTOR_LABELS[lang].get(value, value)
    if isinstance(value, Percent):
        return f"{round(value * 100):d}\u00a0%" if lang == "sv" else f"{round(value * 100):d}%"
    if isinstance(value, float):
        return format_number(value, lang, decimals=2)
    return value
