"""How findings are said: each rule's sentence, and which of its values are counts.

Shared by :mod:`skane_ecosystem.flags`, which writes each finding's sentence when it
is found, and :mod:`skane_ecosystem.privacy`, which restates the sentences of public
outputs with small counts suppressed, so that neither reaches into the other.
"""

from __future__ import annotations

from collections.abc import Mapping

from .config import AnalysisConfig
from .i18n import format_number, t
from .sectors import SECTOR_LABELS

__all__ = ["COUNTED", "sentence", "phrase", "rule_values", "percent", "Percent"]

#: For each rule, the values of its evidence and of its sentence (``params``) that
#: count actors or ties, each with the values computed from it.  Public outputs
#: state a count below their ``min_cell`` as "fewer than 5" and leave out what was
#: computed from it (75 % of 4 funding ties gives the count away), and so does the
#: finding's score when it is such a value (:mod:`skane_ecosystem.privacy`).  A new
#: rule whose sentence or evidence states a count of actors or ties lists it here.
COUNTED = {
    "hub": {"degree": (), "connected": ()},
    "broker": {"connected": ()},
    "boundary_spanner": {
        "degree": ("cross_sector_share", "share", "score"),
        "liaison_plus_itinerant": (),
        "brokerage": (),
        "distinct_two_paths": (),
        "connected": (),
    },
    "gatekeeper": {"brokerage_gatekeeper": (), "count": (), "connected": ()},
    "community_bridge": {"degree": (), "connected": ()},
    "single_point_of_failure": {
        "removal_cutoff": ("removal_fragmentation_gain", "score"),
        "cut_off_by_municipality": (),
        "count": ("score",),
    },
    "bottleneck": {"connected_pairs": ("path_share", "share", "score")},
    "peripheral": {"degree": ("score",)},
    "unreciprocated": {
        "nominations_to_respondents": ("share", "score"),
        "named": ("score",),
        "unreturned": ("share", "score"),
    },
    "funding_dependency": {
        "provided_ties": ("share", "score"),
        "funding_ties": ("share", "score"),
        "count": ("share", "score"),
        "total": ("share", "score"),
    },
    "funding_concentration": {
        "part_of_ties": ("share", "score"),
        "funding_ties": ("share", "score"),
        "count": ("share", "score"),
        "total": ("share", "score"),
    },
    "sector_silo": {
        "internal_ties": ("ei_index", "score"),
        "external_ties": ("ei_index", "score"),
        "internal": ("ei", "score"),
        "external": ("ei", "score"),
    },
    "missing_bridge": {"ties": ("score",), "sizes": ()},
    "municipality_gateway": {"crossing_ties": (), "actors": ()},
    "fragmented": {"isolates": ()},
}


def sentence(code: str, params: dict, lang: str = "en") -> str:
    """The explanation of a finding of rule ``code`` with these values.

    Numbers are written as ``lang`` writes them and sector codes as its words; any
    other text (a name, or "fewer than 5" put in by a privacy level) as given.

    Two parameters choose the wording rather than fill it in: ``variant`` picks the
    message ``flags.<code>.<variant>`` instead of ``flags.<code>`` (e.g. the
    undirected wording of a brokerage finding), and ``connected`` (the number of
    actors with ties, set by percentile rules on small networks) adds the sentence
    that the comparison group is small.

    Examples
    --------
    >>> sentence("missing_bridge", {"first": "academia", "second": "business", "ties": 1})
    'A missing bridge: Academia and Business have 1 tie(s) between them.'
    """
    key = f"flags.{code}.{params['variant']}" if params.get("variant") else f"flags.{code}"
    text = phrase(key, params, lang)
    if "connected" in params:
        text += " " + phrase("flags.note.small_comparison", params, lang)
    return text


def phrase(key: str, params: dict, lang: str = "en") -> str:
    """Catalog message ``key`` filled with ``params`` written as ``lang`` writes them.

    Examples
    --------
    >>> phrase("flag.hub.rule", rule_values(AnalysisConfig()))[:63]
    'Organisations with the strongest ties overall (top 5% by tie st'
    """
    return t(key, lang, **{k: _label(k, v, lang) for k, v in params.items()})


def rule_values(config=None) -> dict:
    """The thresholds that the rule descriptions (``flag.<code>.rule``) state.

    Generated from the config the rules ran with, so that a description says what
    the rule tested: with ``hub_percentile = 0.95`` hubs are the "top 5%".

    Parameters
    ----------
    config : AnalysisConfig, mapping or None
        The analysis config, or its :meth:`~AnalysisConfig.to_dict` form (as kept
        in a report's metadata); ``None`` means the defaults.

    Returns
    -------
    dict
        ``<rule setting> -> value``: ``*_top`` are the shares above a percentile
        threshold, other shares are :class:`Percent`, counts and indices numbers.

    Examples
    --------
    >>> round(rule_values()["hub_top"], 3)
    0.05
    """
    c = _as_config(config)
    return {
        "hub_top": percent(1 - c.hub_percentile),
        "broker_top": percent(1 - c.broker_percentile),
        "broker_constraint": percent(c.broker_constraint_percentile),
        "spanner_top": percent(1 - c.spanner_percentile),
        "spanner_cross_share": percent(c.spanner_cross_share),
        "spanner_min_ties": c.spanner_min_ties,
        "gatekeeper_top": percent(1 - c.gatekeeper_percentile),
        "participation_threshold": float(c.participation_threshold),
        "bridge_degree_top": percent(1 - c.bridge_degree_percentile),
        "spof_min_cutoff": c.spof_min_cutoff,
        "bottleneck_share": percent(c.bottleneck_share),
        "bottleneck_min_paths": c.bottleneck_min_paths,
        "unreciprocated_min": c.unreciprocated_min,
        "unreciprocated_share": percent(c.unreciprocated_share),
        "silo_ei": float(c.silo_ei),
        "missing_bridge_max_ties": c.missing_bridge_max_ties,
        "min_group_size": c.min_group_size,
        "main_component_min": percent(c.main_component_min),
        "fragmentation_threshold": percent(c.fragmentation_threshold),
        "centralization_threshold": float(c.centralization_threshold),
        "funding_dependency_share": percent(c.funding_dependency_share),
    }


def _as_config(config) -> AnalysisConfig:
    if config is None:
        return AnalysisConfig()
    if isinstance(config, AnalysisConfig):
        return config
    if isinstance(config, Mapping):
        return AnalysisConfig.from_dict(dict(config))
    raise TypeError(f"config must be an AnalysisConfig or its to_dict(), not {type(config).__name__}")


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
        return _percent_text(value, lang)
    if isinstance(value, float):
        return format_number(value, lang, decimals=2)
    return value


def _percent_text(share: float, lang: str) -> str:
    """A whole percentage, except a share that is exactly a tenth of a percent away
    from it (a threshold of 97.5 % gives "top 2.5%", not "top 2%")."""
    value = share * 100
    tenths = round(value * 10)
    exact_tenth = abs(value * 10 - tenths) < 1e-6 and tenths % 10
    number = format_number(tenths / 10, lang, decimals=1) if exact_tenth else f"{round(value):d}"
    return f"{number}\u00a0%" if lang == "sv" else f"{number}%"
