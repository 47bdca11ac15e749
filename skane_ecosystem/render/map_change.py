"""The change between two survey waves, drawn as one interactive map (``change_map.html``).

A reader sees at a glance what moved between the waves: both waves' networks drawn
with one seeded layout, ties that appeared in black, ties that ended in dashed
vermillion, kept ties in light grey; organisations that joined with a thick black
outline, those that left hollow.  The panel lists the findings that appeared and those that
no longer hold, and the header says how many ties and organisations came and went.

Nothing is computed here.  :meth:`~skane_ecosystem.scenarios.Comparison.change_analysis`
holds both waves' ties on one graph and the comparison that says which are new;
:func:`skane_ecosystem.privacy.apply_privacy` filters it like every other output;
this module reads the filtered tables, lets :func:`~.map.network_map` build the map
of the union graph, and restyles its page data (``network_map(finish=...)``): tie
colours and dashes, actor outlines, legend, findings and the counts line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..i18n import t
from ..privacy import MIN_CELL, apply_privacy
from . import palette
from .labels import number_text
from .map import NetworkMap, network_map
from .map_data import actor_flags, checked_flags, flag_for_page, vis_color

__all__ = ["change_map", "shown_change_map", "WaveChange", "TIE_STATUSES", "ACTOR_STATUSES"]

#: What became of a tie between the waves, in the order the legend explains them.
TIE_STATUSES = ("new", "lost", "kept")

#: What became of an organisation: ties in the later wave only, the earlier only, or neither change.
ACTOR_STATUSES = ("new", "gone", "kept")


@dataclass(frozen=True)
class WaveChange:
    """Which ties and organisations are new or gone, read from a comparison's shown tables.

    Parameters
    ----------
    wave_from, wave_to : str
    gained, lost : frozenset
        Tied pairs, as (source, target) when ``directed``, else as frozensets.
    entering, leaving : frozenset
        Actor ids.
    directed : bool
    """

    wave_from: str
    wave_to: str
    gained: frozenset
    lost: frozenset
    entering: frozenset
    leaving: frozenset
    directed: bool

    @classmethod
    def of(cls, waves: dict, directed: bool) -> WaveChange:
        """From :attr:`~skane_ecosystem.privacy.ShownTables.waves` (ids as the output shows them)."""

        def pairs(ties):
            return frozenset(cls._pair(str(s), str(t_), directed) for s, t_ in zip(ties["source"], ties["target"]))

        return cls(
            wave_from=str(waves["wave_from"]),
            wave_to=str(waves["wave_to"]),
            gained=pairs(waves["ties_gained"]),
            lost=pairs(waves["ties_lost"]),
            entering=frozenset(map(str, waves["actors_entering"])),
            leaving=frozenset(map(str, waves["actors_leaving"])),
            directed=directed,
        )

    @staticmethod
    def _pair(source: str, target: str, directed: bool):
        return (source, target) if directed else frozenset((source, target))

    def tie(self, source, target) -> str:
        """``"new"``, ``"lost"`` or ``"kept"``."""
        pair = self._pair(str(source), str(target), self.directed)
        if pair in self.gained:
            return "new"
        return "lost" if pair in self.lost else "kept"

    def actor(self, actor) -> str:
        """``"new"``, ``"gone"`` or ``"kept"``."""
        actor = str(actor)
        if actor in self.entering:
            return "new"
        return "gone" if actor in self.leaving else "kept"


def change_map(
    comparison,
    lang: str = "en",
    privacy: str = "internal",
    pseudonymize_actors: bool = False,
    min_cell: int = MIN_CELL,
    **options,
) -> NetworkMap:
    """An interactive, offline map of what changed between two survey waves.

    Both waves' networks are drawn with one seeded layout (of the union of their
    ties).  Ties that appeared are black, ties that ended dashed vermillion, kept ties
    light grey; organisations that joined the network have a thick black outline, those
    that left are hollow with a vermillion outline.  The panel lists the findings
    that appeared and those that no longer hold (tentative ones apart, as on every
    map), and the header states the ties gained and lost and the organisations
    joining and leaving.

    Parameters
    ----------
    comparison : Comparison
        From :func:`skane_ecosystem.compare`, or ``Analysis.comparison``.
    lang : {"en", "sv"}
    privacy : {"internal", "public"}
        As for every output (:func:`skane_ecosystem.privacy.apply_privacy`): a public
        map carries no person data, no tie strengths, and states no count below
        ``min_cell``.
    pseudonymize_actors : bool
        Organisation names as stable pseudonyms ("Actor 12").
    min_cell : int
    **options
        Passed on to :func:`~.map.network_map` (``title``, ``pos``, ``seed``,
        ``color_by`` ...).  ``pos`` gives the positions of every actor of either wave.

    Returns
    -------
    NetworkMap

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem, AnalysisConfig, analyze
    >>> from skane_ecosystem.scenarios import comparison_of
    >>> config = AnalysisConfig(stability={"enabled": False})
    >>> path, star = (analyze(Ecosystem.from_networkx(G), config) for G in (nx.path_graph(3), nx.star_graph(2)))
    >>> change_map(comparison_of(path, star)).n_nodes
    3
    """
    if not hasattr(comparison, "change_analysis"):
        raise TypeError(
            "change_map needs a Comparison (from skane_ecosystem.compare or Analysis.comparison), "
            f"not {type(comparison).__name__}"
        )
    shown = apply_privacy(comparison.change_analysis(), privacy, pseudonymize_actors, min_cell=min_cell, lang=lang)
    return shown_change_map(shown, **options)


def shown_change_map(shown, **options) -> NetworkMap:
    """The change map of privacy-filtered tables whose graph holds both waves.

    Parameters
    ----------
    shown : ShownTables
        ``apply_privacy(comparison.change_analysis(), ...)``.
    **options
        As for :func:`change_map`.

    Returns
    -------
    NetworkMap
    """
    if shown.waves is None:
        raise ValueError("these tables hold no comparison of two waves; make them from Comparison.change_analysis()")
    lang = shown.policy.lang
    change = WaveChange.of(shown.waves, shown.graph.is_directed())
    settings = {
        "lang": lang,
        "title": t("change.title", lang, wave_from=change.wave_from, wave_to=change.wave_to),
        "synthetic": shown.synthetic,
        "privacy": shown.policy.level,
        "source": shown.meta.get("sources") or None,
        "seed": shown.meta.get("seed", 0),
        # Outlines and dashes are drawn by the vis-network view; one circle per group would hide the change.
        "renderer": "vis",
        "aggregate": None,
    } | options
    findings = _changed_findings(shown.waves, settings["lang"])
    counts = {key: shown.policy.in_words(value) for key, value in shown.waves["counts"].items()}
    finish = partial(_styled, change=change, findings=findings, counts=counts)
    return network_map(shown.graph, finish=finish, **settings)


# ===================================================================== page data
def _styled(model: dict, settings, change: WaveChange, findings: dict, counts: dict) -> dict:
    """The map's page data restyled to show the change (``network_map(finish=...)``)."""
    lang = settings.lang
    for edge in model["edges"]:
        style = palette.CHANGE_TIE_STYLES[change.tie(edge["from"], edge["to"])]
        edge["color"], edge["dashes"] = style["color"], style["dashes"]
    for node in model["nodes"]:
        _mark_actor(node, change.actor(node["id"]), change, lang)
    model["legend"] = _legend(model["legend"], change, lang)
    names = {node["id"]: node["card"]["heading"] for node in model["nodes"]}
    changed = [(status, row) for status, rows in findings.items() for row in rows]
    model["flags"] = [_page_flag(row, status, names, change, lang) for status, row in changed]
    _attach_findings(model["nodes"], [row for _, row in changed])
    model["note"] = _counts_line(change, counts, settings)
    return model


def _attach_findings(nodes: list[dict], rows: list[dict]) -> None:
    """Each actor's changed findings on its card, and its firm ones for the finding filter,
    as :func:`.map_data.actor_map` attaches an analysis' findings (rows in the page's order)."""
    ids = {node["id"] for node in nodes}
    on_card, firm = actor_flags(rows, ids), actor_flags(rows, ids, firm_only=True)
    for node in nodes:
        node["flags"] = on_card.get(node["id"], [])
        node["flagKinds"] = sorted({rows[i]["kind"] for i in firm.get(node["id"], [])})
        node["flagCodes"] = sorted({rows[i]["code"] for i in firm.get(node["id"], [])})


def _mark_actor(node: dict, status: str, change: WaveChange, lang: str) -> None:
    """Outline (and, for a gone actor, fill) by status; the status on its tooltip and card."""
    label = t(f"change.actor.{status}", lang)
    if status != "kept":
        marker = palette.CHANGE_ACTOR_MARKERS[status]
        node["color"] = vis_color(marker["fill"] or node["color"]["background"], marker)
        node["shape"], node["borderWidth"] = marker["shape"], marker["border_width"]
        if node["title"]:
            node["title"] += "\n" + label
    when = t("change.card.status", lang, wave_from=change.wave_from, wave_to=change.wave_to)
    node["card"]["sections"].insert(0, {"title": t("change.card.title", lang), "rows": [[when, label]]})


def _legend(legend: dict, change: WaveChange, lang: str) -> dict:
    """The map's legend, ties and outlines explained by change instead of relation and finding."""
    waves = {"wave_from": change.wave_from, "wave_to": change.wave_to}
    ties = []
    for status in TIE_STATUSES:
        style = palette.CHANGE_TIE_STYLES[status]
        dash = " ".join(str(d) for d in style["dashes"]) if style["dashes"] else ""
        ties.append({"label": t(f"change.legend.tie_{status}", lang, **waves), "color": style["color"], "dash": dash})
    markers = [
        {
            "label": t(f"change.legend.actor_{status}", lang, **waves),
            "shape": palette.CHANGE_ACTOR_MARKERS[status]["shape"],
            "border": "#666666" if status == "kept" else palette.CHANGE_ACTOR_MARKERS[status]["border"],
            "fill": palette.CHANGE_ACTOR_MARKERS[status]["fill"] or "#BBBBBB",
            "present": True,
        }
        for status in ACTOR_STATUSES
    ]
    return legend | {"ties": ties, "markers": markers, "markers_title": t("change.legend.actors_title", lang)}


def _changed_findings(waves: dict, lang: str) -> dict:
    """``{"appeared": rows, "vanished": rows}``: the findings as the map's flag rows."""
    return {
        status: checked_flags(waves[f"flags_{status}"].rename(columns={"explanation": f"explanation_{lang}"}), lang)
        for status in ("appeared", "vanished")
    }


def _page_flag(row: dict, status: str, names: dict, change: WaveChange, lang: str) -> dict:
    """A finding as the panel lists it, whether it is new or no longer holds said in its heading.
    A tentative one keeps its mark, so the page lists it apart, not as a finding."""
    flag = flag_for_page(row, names, lang)
    flag["kindLabel"] = t(
        f"change.finding.{status}", lang, kind=flag["kindLabel"], wave_from=change.wave_from, wave_to=change.wave_to
    )
    return flag


def _counts_line(change: WaveChange, counts: dict, settings) -> str:
    """The report's sentence on the change, with the counts the report states
    (:meth:`~skane_ecosystem.privacy.PrivacyPolicy.in_words`: small ones as "fewer than 5" in public)."""
    return t(
        "report.waves.intro",
        settings.lang,
        before=change.wave_from,
        after=change.wave_to,
        **{key: number_text(value, settings.lang) for key, value in counts.items()},
    )
