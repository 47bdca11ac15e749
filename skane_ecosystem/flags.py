"""Facilitators and impediments: rules that turn measures into findings.

Each rule is a small function that reads a :class:`FlagContext` (the analysed graph,
the actor measures and the config) and returns :class:`Flag` objects.  A flag always
carries its *evidence* (the measures, their values and the thresholds that raised
it), so every finding in a map or report can be traced back to numbers.

Thresholds are relative to the network where that is meaningful (percentiles of a
measure among connected actors), so the same rules work for 40 and 4,000 actors.
Among fewer than :data:`SMALL_COMPARISON_GROUP` connected actors a percentile rests
on few values: the findings of percentile rules then say so.
The same actor can be raised by several rules: a broker is often also a single
point of failure, and the two findings are reported side by side.

Rules (``code``: kind, level)
-----------------------------
hub: facilitator, actor
    Strength (summed tie weight) in the top ``1 - hub_percentile`` and at least
    three partners.
broker: facilitator, actor
    Betweenness in the top ``1 - broker_percentile`` and constraint at or below the
    ``broker_constraint_percentile``: it spans a structural hole (Burt 1992).
boundary_spanner: facilitator, actor
    High liaison + itinerant brokerage (Gould & Fernandez 1989) or a high share of
    cross-sector ties with enough ties.
gatekeeper: facilitator, actor
    High gatekeeper brokerage: it channels outside contacts into its own sector.
    On undirected graphs gatekeeper and representative brokerage are one count
    (see :func:`gatekeepers`): the finding says the actor links its sector with others.
community_bridge: facilitator, actor
    Participation coefficient at or above ``participation_threshold`` (Guimerà &
    Amaral 2005): its ties are spread over several communities.
single_point_of_failure: impediment, actor
    A cut vertex whose removal cuts actors off the main component.
bottleneck: impediment, actor
    At least ``bottleneck_share`` of the shortest paths between two sectors run
    through it.
isolated / peripheral: impediment, actor
    No ties at all / outside the main component or a single tie.
unreciprocated: impediment, actor
    Names many respondents who do not name it back.
sector_silo: impediment, group
    Group E-I index (Krackhardt & Stern 1988) at or below ``silo_ei``.
missing_bridge: impediment, group
    Two sectors with at most ``missing_bridge_max_ties`` ties between them.
municipality_gateway: impediment, group
    Every tie between a municipality's actors and the rest passes through one actor.
fragmented / centralized: impediment, network
    Several components or high KPP fragmentation / high Freeman degree centralization
    (total degree on directed graphs, as the network indicator).
funding_dependency: impediment, actor
    Where the direction of funding is declared: one actor provides at least
    ``funding_dependency_share`` of all funding ties.
funding_concentration: impediment, actor
    Where it is not: one actor is part of at least ``funding_dependency_share`` of
    all funding ties (whether it gives or receives the money is not known).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd

from . import metrics
from .findings import PRIORITY
from .i18n import LANGUAGES
from .metrics.paths import GroupPathShares as _GroupPathShares
from .sentences import percent as _percent
from .sentences import sentence

__all__ = ["Flag", "FlagContext", "RULES", "PRIORITY", "find_flags", "FLAG_COLUMNS", "explain"]

FACILITATOR, IMPEDIMENT = "facilitator", "impediment"
FLAG_COLUMNS = [
    "subject",
    "level",
    "kind",
    "code",
    "score",
    "evidence",
    "stability",
    "stability_se",
    "tentative",
    "explanation_en",
    "explanation_sv",
    "params",
]


#: Percentile rules compare an actor with the actors that have ties; with fewer than
#: this many, "the top 5 %" is one or two actors and a single changed answer moves
#: it, so the finding adds that the comparison group is small.
SMALL_COMPARISON_GROUP = 20


@dataclass
class Flag:
    """One finding: who or what, which rule, how strong, and why."""

    subject: str
    level: str  # "actor", "group" or "network"
    kind: str  # "facilitator" or "impediment"
    code: str
    score: float
    evidence: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)  # values for the explanation sentence

    @property
    def key(self) -> tuple[str, str]:
        return (self.subject, self.code)


class FlagContext:
    """What the rules read: the graph, the actor measures, the tie reports and the config.

    Parameters
    ----------
    graph : networkx.Graph or DiGraph
        The analysed graph (its nodes carry ``name``, ``sector``, ``municipality``).
    actors : pandas.DataFrame
        One row per node with the measures of :func:`skane_ecosystem.metrics.actor_measures`.
    config : AnalysisConfig
    ties : pandas.DataFrame, optional
        The tie reports behind the graph (``Ecosystem.select_ties``), for the rules on
        nominations (reciprocity) and on one relation (funding).
    cut_vertices : pandas.DataFrame, optional
        ``metrics.articulation_point_impact`` of the graph, when already computed.
    """

    def __init__(self, graph, actors, config, ties=None, cut_vertices=None):
        self.graph = graph
        self.actors = actors
        self.config = config
        self.ties = ties
        self._sorted: dict[str, np.ndarray] = {}
        if cut_vertices is not None:
            self.cut_vertices = cut_vertices  # fills the cached property below

    def name(self, actor_id) -> str:
        return str(self.graph.nodes[actor_id].get("name", actor_id))

    @cached_property
    def connected(self) -> pd.DataFrame:
        """Actors with at least one tie: percentiles are taken among them."""
        return self.actors[self._has_ties]

    @cached_property
    def _has_ties(self) -> np.ndarray:
        return (self.actors["degree"] > 0).to_numpy()

    def _connected_values(self, column: str) -> np.ndarray:
        # One column of ``connected``, without filtering every other column.
        return self.actors[column].to_numpy()[self._has_ties]

    def threshold(self, column: str, percentile: float) -> float:
        values = self._connected_values(column)
        return float(np.quantile(values, percentile)) if len(values) else float("inf")

    def rank(self, column: str, value: float) -> float:
        """The share of connected actors whose ``column`` is at or below ``value``
        (an empirical percentile: a flag's score)."""
        values = self._sorted_connected(column)
        return float(np.searchsorted(values, value, side="right") / len(values)) if len(values) else 0.0

    def _sorted_connected(self, column: str) -> np.ndarray:
        # Sorted once per column, then each flag's rank is a binary search rather
        # than a comparison with every actor.
        if column not in self._sorted:
            self._sorted[column] = np.sort(self._connected_values(column).astype(float))
        return self._sorted[column]

    @cached_property
    def comparison(self) -> dict:
        """Sentence values of a percentile rule: ``connected`` (the size of the
        comparison group) when it is below :data:`SMALL_COMPARISON_GROUP`, else none."""
        size = int(self._has_ties.sum())
        return {"connected": size} if size < SMALL_COMPARISON_GROUP else {}

    @property
    def two_paths_doubled(self) -> bool:
        """Whether brokerage counts every two-path twice: on undirected graphs sna's
        brokerage (and ours, equal to it) counts ``a - v - b`` as ``a -> v -> b`` and
        ``b -> v -> a``."""
        return not self.graph.is_directed()

    @cached_property
    def undirected(self) -> nx.Graph:
        return self.graph.to_undirected(as_view=True) if self.graph.is_directed() else self.graph

    @cached_property
    def fragmentation(self) -> float:
        """Borgatti's distance-weighted fragmentation (evidence for ``fragmented``)."""
        return metrics.fragmentation(self.undirected)

    @cached_property
    def centralization(self) -> float:
        """Freeman degree centralization, the same number as the ``degree_centralization``
        network indicator: total degree on directed graphs (R:
        ``sna::centralization(g, sna::degree, mode = "digraph")``)."""
        return metrics.degree_centralization(self.graph)

    @cached_property
    def cut_vertices(self) -> pd.DataFrame:
        """What each cut vertex separates (metrics.articulation_point_impact)."""
        return metrics.articulation_point_impact(self.undirected)

    @cached_property
    def sectors(self) -> dict[str, set]:
        """The actors of each sector judged as a group (:func:`_groups`)."""
        return _groups(self.undirected, "sector", self.config.min_group_size)

    @cached_property
    def sector_ties(self) -> _GroupTies:
        """Ties inside, leaving and between the sectors of :attr:`sectors`."""
        return _ties_by_group(self.undirected, self.sectors)

    @cached_property
    def respondents(self) -> set:
        return {n for n, answered in self.graph.nodes(data="respondent") if answered}


# ------------------------------------------------------------ facilitators
def hubs(ctx: FlagContext) -> list[Flag]:
    """Actors with the strongest ties overall: the ecosystem's meeting points."""
    cut = ctx.threshold("strength", ctx.config.hub_percentile)
    found = (ctx.actors["strength"] >= cut) & (ctx.actors["degree"] >= 3)
    return [
        Flag(
            a,
            "actor",
            FACILITATOR,
            "hub",
            ctx.rank("strength", strength),
            {
                "strength": strength,
                "degree": int(degree),
                "strength_threshold": cut,
                "percentile": ctx.config.hub_percentile,
            },
            {
                "name": ctx.name(a),
                "degree": int(degree),
                "strength": strength,
                "top": _percent(1 - ctx.config.hub_percentile),
                **ctx.comparison,
            },
        )
        for a, strength, degree in _rows(ctx.actors, found, "strength", "degree")
    ]


def brokers(ctx: FlagContext) -> list[Flag]:
    """Actors on many shortest paths whose contacts are not tied to each other."""
    b_cut = ctx.threshold("betweenness", ctx.config.broker_percentile)
    c_cut = ctx.threshold("constraint", ctx.config.broker_constraint_percentile)
    a = ctx.actors
    found = (a["betweenness"] >= b_cut) & (a["betweenness"] > 0) & (a["constraint"] <= c_cut)
    return [
        Flag(
            i,
            "actor",
            FACILITATOR,
            "broker",
            ctx.rank("betweenness", betweenness),
            {
                "betweenness": betweenness,
                "betweenness_threshold": b_cut,
                "constraint": constraint,
                "constraint_threshold": c_cut,
                **_approximation(ctx, i),
            },
            {"name": ctx.name(i), "betweenness": betweenness, "constraint": constraint, **ctx.comparison},
        )
        for i, betweenness, constraint in _rows(a, found, "betweenness", "constraint")
    ]


def boundary_spanners(ctx: FlagContext) -> list[Flag]:
    """Actors who connect sectors: liaison/itinerant brokers or mostly cross-sector ties.

    The percentile compares sna's counts (both directions of an undirected two-path);
    the sentence states distinct two-paths, half that count on undirected graphs.
    """
    a = ctx.actors
    spanning = a["brokerage_liaison"] + a["brokerage_itinerant"]
    cut = float(np.quantile(spanning[a["degree"] > 0], ctx.config.spanner_percentile)) if len(ctx.connected) else np.inf
    by_brokerage = (spanning >= cut) & (spanning > 0)
    by_share = (a["cross_sector_share"] >= ctx.config.spanner_cross_share) & (
        a["degree"] >= ctx.config.spanner_min_ties
    )
    columns = a.assign(spanning=spanning, by_brokerage=by_brokerage)
    flags = []
    for i, spans, brokering, share, degree in _rows(
        columns, by_brokerage | by_share, "spanning", "by_brokerage", "cross_sector_share", "degree"
    ):
        distinct = _distinct_two_paths(ctx, spans)
        flags.append(
            Flag(
                i,
                "actor",
                FACILITATOR,
                "boundary_spanner",
                float(share),
                {
                    "liaison_plus_itinerant": float(spans),
                    "distinct_two_paths": distinct,
                    "brokerage_threshold": cut,
                    "cross_sector_share": share,
                    "cross_sector_share_threshold": ctx.config.spanner_cross_share,
                    "degree": int(degree),
                },
                {
                    "name": ctx.name(i),
                    "share": _percent(share),
                    "brokerage": distinct,
                    **_brokerage_wording(ctx),
                    **(ctx.comparison if brokering else {}),
                },
            )
        )
    return flags


def gatekeepers(ctx: FlagContext) -> list[Flag]:
    """Actors through whom outside contacts reach their own sector.

    On an undirected graph a two-path ``a - v - b`` with ``a`` outside ``v``'s sector
    and ``b`` inside it is counted once as gatekeeper (``a -> v -> b``) and once as
    representative (``b -> v -> a``), so the two roles are one and the same number
    for every actor: the number of distinct such two-paths (not doubled).  That
    number raises one finding, worded without a direction ("links its sector with
    other sectors"); on directed graphs the finding is the gatekeeper role proper.
    """
    cut = ctx.threshold("brokerage_gatekeeper", ctx.config.gatekeeper_percentile)
    a = ctx.actors
    found = (a["brokerage_gatekeeper"] >= cut) & (a["brokerage_gatekeeper"] > 0)
    return [
        Flag(
            i,
            "actor",
            FACILITATOR,
            "gatekeeper",
            ctx.rank("brokerage_gatekeeper", count),
            {"brokerage_gatekeeper": count, "threshold": cut},
            {
                "name": ctx.name(i),
                "count": int(count),
                "sector": sector,
                **_brokerage_wording(ctx),
                **ctx.comparison,
            },
        )
        for i, count, sector in _rows(a, found, "brokerage_gatekeeper", "sector")
    ]


def _distinct_two_paths(ctx: FlagContext, count) -> int:
    """Two-paths a brokerage count stands for: half of it on undirected graphs,
    where a symmetric role (coordinator, itinerant, liaison) counts each twice."""
    return int(count) // 2 if ctx.two_paths_doubled else int(count)


def _brokerage_wording(ctx: FlagContext) -> dict:
    """The sentence variant of a brokerage finding: undirected graphs have no
    direction to state (see :func:`skane_ecosystem.sentences.sentence`)."""
    return {"variant": "undirected"} if ctx.two_paths_doubled else {}


def community_bridges(ctx: FlagContext) -> list[Flag]:
    """Actors whose ties are spread across communities (Guimerà-Amaral connectors)."""
    a = ctx.actors
    degree_cut = max(ctx.config.spanner_min_ties, ctx.threshold("degree", ctx.config.bridge_degree_percentile))
    found = (a["participation"] >= ctx.config.participation_threshold) & (a["degree"] >= degree_cut)
    return [
        Flag(
            i,
            "actor",
            FACILITATOR,
            "community_bridge",
            float(participation),
            {
                "participation": participation,
                "threshold": ctx.config.participation_threshold,
                "degree": int(degree),
                "degree_threshold": degree_cut,
            },
            {"name": ctx.name(i), "participation": participation, **ctx.comparison},
        )
        for i, participation, degree in _rows(a, found, "participation", "degree")
    ]


def _approximation(ctx: FlagContext, actor) -> dict:
    """Evidence that betweenness was estimated from sampled sources, when it was."""
    if not ctx.actors.attrs.get("betweenness_approximate", False):
        return {}
    return {"betweenness_approximate": True, "betweenness_se": float(ctx.actors.at[actor, "betweenness_se"])}


# ------------------------------------------------------ actor impediments
def single_points_of_failure(ctx: FlagContext) -> list[Flag]:
    """Cut vertices whose departure would cut actors off from the main component."""
    a = ctx.actors
    found = a["is_cut_vertex"] & (a["removal_cutoff"] >= ctx.config.spof_min_cutoff)
    flags = []
    for i, cutoff, gain in _rows(a, found, "removal_cutoff", "removal_fragmentation_gain"):
        places = _count_by(ctx.undirected, ctx.cut_vertices.at[i, "separated_nodes"], "municipality")
        flags.append(
            Flag(
                i,
                "actor",
                IMPEDIMENT,
                "single_point_of_failure",
                float(cutoff),
                {
                    "is_cut_vertex": True,
                    "removal_cutoff": int(cutoff),
                    "removal_fragmentation_gain": float(gain),
                    "cut_off_by_municipality": places,
                    "min_cutoff": ctx.config.spof_min_cutoff,
                },
                {"name": ctx.name(i), "count": int(cutoff), "where": _top_place(places)},
            )
        )
    return flags


def bottlenecks(ctx: FlagContext) -> list[Flag]:
    """Actors carrying most shortest paths between two sectors."""
    G = ctx.undirected
    groups = ctx.sectors
    shares_between = _GroupPathShares(G)
    flags: dict[str, Flag] = {}
    names = sorted(groups)
    for x, first in enumerate(names):
        for second in names[x + 1 :]:
            shares, pairs = shares_between(groups[first], groups[second], at_least=ctx.config.bottleneck_share)
            if pairs < ctx.config.bottleneck_min_paths or not shares:
                continue
            actor, share = max(shares.items(), key=lambda kv: (kv[1], kv[0]))
            if share < ctx.config.bottleneck_share:
                continue
            if actor not in flags or flags[actor].score < share:
                flags[actor] = Flag(
                    actor,
                    "actor",
                    IMPEDIMENT,
                    "bottleneck",
                    share,
                    {
                        "between": [first, second],
                        "path_share": share,
                        "connected_pairs": pairs,
                        "threshold": ctx.config.bottleneck_share,
                    },
                    {"name": ctx.name(actor), "share": _percent(share), "first": first, "second": second},
                )
    return [flags[k] for k in sorted(flags)]


def isolated_and_peripheral(ctx: FlagContext) -> list[Flag]:
    """Actors with no ties, outside the main component, or with a single tie."""
    a = ctx.actors
    flags = [
        Flag(i, "actor", IMPEDIMENT, "isolated", 1.0, {"degree": 0}, {"name": ctx.name(i)})
        for i in a.index[a["degree"] == 0]
    ]
    peripheral = a[(a["degree"] > 0) & (~a["in_main_component"] | (a["degree"] == 1))]
    for i, degree, in_main in zip(peripheral.index, peripheral["degree"], peripheral["in_main_component"]):
        flags.append(
            Flag(
                i,
                "actor",
                IMPEDIMENT,
                "peripheral",
                1.0 / degree,
                {
                    "degree": int(degree),
                    "in_main_component": bool(in_main),
                    "reason": "single_tie" if in_main else "outside_main_component",
                },
                {"name": ctx.name(i), "degree": int(degree)},
            )
        )
    return sorted(flags, key=lambda f: f.subject)


def unreciprocated(ctx: FlagContext) -> list[Flag]:
    """Respondents naming many other respondents who do not name them back."""
    if ctx.ties is None:
        return []
    nominations = _nominations(ctx.ties, one_way=ctx.graph.graph.get("directions") or {})
    flags = []
    for actor in sorted(ctx.respondents):
        named = sorted(v for v in nominations.get(actor, ()) if v in ctx.respondents)
        if len(named) < ctx.config.unreciprocated_min:
            continue
        unreturned = [v for v in named if actor not in nominations.get(v, ())]
        share = len(unreturned) / len(named)
        if share >= ctx.config.unreciprocated_share:
            flags.append(
                Flag(
                    actor,
                    "actor",
                    IMPEDIMENT,
                    "unreciprocated",
                    share,
                    {
                        "nominations_to_respondents": len(named),
                        "unreturned": len(unreturned),
                        "share": share,
                        "threshold": ctx.config.unreciprocated_share,
                    },
                    {"name": ctx.name(actor), "unreturned": len(unreturned), "named": len(named)},
                )
            )
    return flags


def funding_dependency(ctx: FlagContext) -> list[Flag]:
    """The actor funding ties concentrate on: its largest provider, where the flow is known.

    With the direction of the funding relation declared (``Ecosystem.directions``,
    carried by the graph as ``graph.graph["directions"]``), every funding tie has a
    provider and a receiver, and the actor that provides the largest share of the
    ties, if at least ``funding_dependency_share``, is a ``funding_dependency``: the
    ecosystem depends on its money.  Without a declared direction a tie touching an
    actor may as well be money it receives, so the rule claims no dependency: the
    actor most funding ties touch, with the same share, is a ``funding_concentration``.
    """
    if ctx.ties is None:
        return []
    relation = ctx.config.funding_relation
    funding = ctx.ties[ctx.ties["relation"] == relation]
    direction = (ctx.graph.graph.get("directions") or {}).get(relation)
    if direction is None:
        return _funding_concentration(ctx, funding)
    return _largest_funder(ctx, funding, direction)


def _largest_funder(ctx: FlagContext, funding: pd.DataFrame, direction: str) -> list[Flag]:
    """``funding_dependency``: the actor providing the most funding ties (provider, receiver)."""
    sources, targets = funding["source"].tolist(), funding["target"].tolist()
    # Several reports of one tie (waves, both sides answering) are one tie.
    flows = set(zip(sources, targets) if direction == "source_to_target" else zip(targets, sources))
    if not flows:
        return []
    provided = Counter(provider for provider, _ in flows)
    funder, share = _largest_share(provided, len(flows))
    if share < ctx.config.funding_dependency_share:
        return []
    return [
        Flag(
            funder,
            "actor",
            IMPEDIMENT,
            "funding_dependency",
            share,
            {
                "provided_ties": provided[funder],
                "funding_ties": len(flows),
                "share": share,
                "threshold": ctx.config.funding_dependency_share,
                "direction": direction,
            },
            {"name": ctx.name(funder), "share": _percent(share), "count": provided[funder], "total": len(flows)},
        )
    ]


def _funding_concentration(ctx: FlagContext, funding: pd.DataFrame) -> list[Flag]:
    """``funding_concentration``: the actor most (undirected) funding ties touch."""
    pairs = {tuple(sorted(p)) for p in zip(funding["source"].tolist(), funding["target"].tolist())}
    if not pairs:
        return []
    touching = Counter(actor for pair in pairs for actor in pair)
    actor, share = _largest_share(touching, len(pairs))
    if share < ctx.config.funding_dependency_share:
        return []
    return [
        Flag(
            actor,
            "actor",
            IMPEDIMENT,
            "funding_concentration",
            share,
            {
                "part_of_ties": touching[actor],
                "funding_ties": len(pairs),
                "share": share,
                "threshold": ctx.config.funding_dependency_share,
            },
            {"name": ctx.name(actor), "share": _percent(share), "count": touching[actor], "total": len(pairs)},
        )
    ]


def _largest_share(counts: Counter, total: int) -> tuple[str, float]:
    """The actor with the largest count (the smallest id among equals) and its share of ``total``."""
    actor = min(counts, key=lambda a: (-counts[a], a))
    return actor, counts[actor] / total


def _nominations(ties: pd.DataFrame, one_way=()) -> dict[str, set]:
    """Who each respondent named (its own reports only).

    Relations asked of one side only (``one_way``: those with a declared direction)
    are left out: the named organisation was never asked to name back.
    """
    own = ties[(ties["reported_by"] == ties["source"]) & ~ties["relation"].isin(list(one_way))]
    named: dict[str, set] = {}
    for source, target in zip(own["source"].tolist(), own["target"].tolist()):
        named.setdefault(source, set()).add(target)
    return named


# ------------------------------------------------- group and network level
def sector_silos(ctx: FlagContext) -> list[Flag]:
    """Sectors whose ties mostly stay inside the sector (group E-I index)."""
    groups = ctx.sectors
    if len(groups) < 2:
        return []  # with one sector, every tie is internal by definition
    ties = ctx.sector_ties
    flags = []
    for sector in sorted(groups):
        internal, external = ties.internal[sector], ties.external[sector]
        if internal + external == 0:
            continue
        ei = (external - internal) / (external + internal)
        if ei <= ctx.config.silo_ei:
            flags.append(
                Flag(
                    sector,
                    "group",
                    IMPEDIMENT,
                    "sector_silo",
                    -ei,
                    {
                        "ei_index": ei,
                        "internal_ties": internal,
                        "external_ties": external,
                        "threshold": ctx.config.silo_ei,
                    },
                    {"sector": sector, "ei": ei, "internal": internal, "external": external},
                )
            )
    return flags


def missing_bridges(ctx: FlagContext) -> list[Flag]:
    """Pairs of sectors with (almost) no ties between them."""
    groups = ctx.sectors
    names = sorted(groups)
    between = ctx.sector_ties.between
    flags = []
    for x, first in enumerate(names):
        for second in names[x + 1 :]:
            ties = between[frozenset((first, second))]
            if ties <= ctx.config.missing_bridge_max_ties:
                flags.append(
                    Flag(
                        f"{first}|{second}",
                        "group",
                        IMPEDIMENT,
                        "missing_bridge",
                        1.0 - ties / (ctx.config.missing_bridge_max_ties + 1),
                        {
                            "ties": ties,
                            "threshold": ctx.config.missing_bridge_max_ties,
                            "sizes": [len(groups[first]), len(groups[second])],
                        },
                        {"first": first, "second": second, "ties": ties},
                    )
                )
    return flags


def municipality_gateways(ctx: FlagContext) -> list[Flag]:
    """Municipalities whose every tie to the rest of the region passes through one actor."""
    G = ctx.undirected
    flags = []
    for place, members in sorted(_groups(G, "municipality", ctx.config.min_group_size).items()):
        crossing = [(u, v) for u in members for v in G[u] if v not in members]
        if not crossing:
            continue
        shared = set(crossing[0]).intersection(*map(set, crossing[1:]))
        if not shared:
            continue
        # With a single crossing tie both ends are shared: the local end is the gateway.
        gateway = min(shared & members or shared)
        flags.append(
            Flag(
                place,
                "group",
                IMPEDIMENT,
                "municipality_gateway",
                1.0,
                {"gateway": gateway, "crossing_ties": len(crossing), "actors": len(members)},
                {"municipality": place, "name": ctx.name(gateway), "actors": len(members)},
            )
        )
    return flags


def fragmented(ctx: FlagContext) -> list[Flag]:
    """A network in several pieces: pairs of actors that cannot reach each other at all."""
    G = ctx.undirected
    n = G.number_of_nodes()
    if n < 2:
        return []
    sizes = [len(c) for c in nx.connected_components(G)]
    with_ties = sum(1 for size in sizes if size > 1)
    share = max(sizes) / n
    # Borgatti's (2006) F: the share of pairs with no path between them.
    unreachable = 1.0 - sum(size * (size - 1) for size in sizes) / (n * (n - 1))
    if with_ties <= 1 and share >= ctx.config.main_component_min and unreachable < ctx.config.fragmentation_threshold:
        return []
    return [
        Flag(
            "network",
            "network",
            IMPEDIMENT,
            "fragmented",
            unreachable,
            {
                "components_with_ties": with_ties,
                "isolates": sizes.count(1),
                "main_component_share": share,
                "unreachable_pairs_share": unreachable,
                "fragmentation_threshold": ctx.config.fragmentation_threshold,
                "main_component_min": ctx.config.main_component_min,
                "distance_weighted_fragmentation": ctx.fragmentation,
            },
            {"components": with_ties, "share": _percent(share), "unreachable": _percent(unreachable)},
        )
    ]


def centralized(ctx: FlagContext) -> list[Flag]:
    """A network that depends on very few actors (high degree centralization)."""
    value = ctx.centralization
    if value < ctx.config.centralization_threshold:
        return []
    return [
        Flag(
            "network",
            "network",
            IMPEDIMENT,
            "centralized",
            value,
            {"degree_centralization": value, "threshold": ctx.config.centralization_threshold},
            {"centralization": value},
        )
    ]


#: Every rule, in the order their findings are listed.
RULES = (
    hubs,
    brokers,
    boundary_spanners,
    gatekeepers,
    community_bridges,
    single_points_of_failure,
    bottlenecks,
    isolated_and_peripheral,
    unreciprocated,
    funding_dependency,
    sector_silos,
    missing_bridges,
    municipality_gateways,
    fragmented,
    centralized,
)


def run_rules(ctx: FlagContext, rules=RULES) -> list[Flag]:
    """Every flag the rules raise, in rule order."""
    return [flag for rule in rules for flag in rule(ctx)]


def find_flags(ctx: FlagContext, stability: dict | None = None, rules=RULES, raised=None) -> pd.DataFrame:
    """The findings as a table with explanations in every language.

    Parameters
    ----------
    ctx : FlagContext
    stability : dict, optional
        ``(subject, code) -> share of resamples in which the flag held``
        (:func:`skane_ecosystem.stability.flag_stability`), over ``stability.resamples``
        resamples if it says (a :class:`~skane_ecosystem.stability.StabilityEstimate`),
        else over ``ctx.config.stability.resamples``.
    rules : sequence of callables
    raised : list of Flag, optional
        ``run_rules(ctx, rules)`` when already computed: the rules are not run again.

    Returns
    -------
    pandas.DataFrame
        Columns ``FLAG_COLUMNS``.  ``stability_se`` is the Monte Carlo (binomial)
        standard error of ``stability``; ``tentative`` is True where stability is
        below the config's ``tentative_below``: such a flag is not a finding but a
        tentative one, listed apart.  Without stability both are NaN / False.

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
    >>> result = analyze(Ecosystem.from_networkx(nx.barbell_graph(4, 0)), AnalysisConfig(stability={"resamples": 25}))
    >>> result.flags[["code", "stability", "stability_se", "tentative"]].head(1)
      code  stability  stability_se  tentative
    0  hub        1.0           0.0      False
    """
    resamples = getattr(stability, "resamples", ctx.config.stability.resamples)
    floor = ctx.config.stability.tentative_below
    rows = []
    for flag in run_rules(ctx, rules) if raised is None else raised:
        # A flag of the full data that held in no resample has stability 0, not "unknown".
        held = stability.get(flag.key, 0.0) if stability is not None else np.nan
        row = {
            "subject": flag.subject,
            "level": flag.level,
            "kind": flag.kind,
            "code": flag.code,
            "score": float(flag.score),
            "evidence": _plain(flag.evidence),
            "stability": held,
            "stability_se": stability_standard_error(held, resamples),
            "tentative": bool(held == held and held < floor),
            "params": dict(flag.params),  # so a public output can restate the sentence
        }
        for lang in LANGUAGES:
            row[f"explanation_{lang}"] = explain(flag, lang)
        rows.append(row)
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def stability_standard_error(share: float, resamples: int) -> float:
    """The Monte Carlo standard error of a stability: ``sqrt(p (1 - p) / R)``.

    Each resample either keeps a flag or not, so the number of resamples in which it
    holds is binomial; its share ``p`` estimates the flag's true stability with this
    standard error.  NaN when stability was not estimated.

    Examples
    --------
    >>> round(stability_standard_error(0.5, 100), 3)
    0.05
    >>> stability_standard_error(1.0, 100)
    0.0
    """
    if share != share:
        return float("nan")
    return float(np.sqrt(share * (1.0 - share) / resamples))


def explain(flag: Flag, lang: str = "en") -> str:
    """The flag's one-sentence explanation in plain policy language."""
    return sentence(flag.code, flag.params, lang)


# ------------------------------------------------------------------ helpers
def _groups(G, attribute: str, min_size: int) -> dict[str, set]:
    """Actors by attribute value, for groups of at least ``min_size``.

    The sector ``other`` is a remainder, not a sector, so it is never judged as a
    silo or a missing bridge.
    """
    groups: dict[str, set] = {}
    for node, value in G.nodes(data=attribute):
        if value not in (None, "") and not (attribute == "sector" and value == "other"):
            groups.setdefault(str(value), set()).add(node)
    return {k: v for k, v in groups.items() if len(v) >= min_size}


@dataclass
class _GroupTies:
    """Tie counts of disjoint groups of actors (see :func:`_ties_by_group`)."""

    internal: Counter  # group -> ties with both ends in it
    external: Counter  # group -> ties with exactly one end in it
    between: Counter  # frozenset of two groups -> ties joining them


def _ties_by_group(G, groups: dict[str, set]) -> _GroupTies:
    """Ties inside each group, leaving each group, and between each two groups, in
    one pass over the ties (the groups are disjoint)."""
    group_of = {node: name for name, members in groups.items() for node in members}
    counts = _GroupTies(Counter(), Counter(), Counter())
    for u, v in G.edges():
        first, second = group_of.get(u), group_of.get(v)
        if first == second:
            if first is not None:
                counts.internal[first] += 1
            continue
        for end in (first, second):
            if end is not None:
                counts.external[end] += 1
        if first is not None and second is not None:
            counts.between[frozenset((first, second))] += 1
    return counts


def _count_by(G, nodes, attribute) -> dict:
    counts: dict[str, int] = {}
    for n in nodes:
        key = str(G.nodes[n].get(attribute, "") or "?")
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _top_place(counts: dict) -> str:
    return next(iter(counts), "")


def _rows(frame: pd.DataFrame, mask: pd.Series, *columns: str):
    """(index, value of each column) for each row where ``mask`` holds, in order.

    The rules build a flag per selected actor from a few of its values; reading
    whole columns once is many times faster than a pandas row (``iterrows``) per
    actor, which matters when the rules are rerun on every stability resample.
    """
    chosen = mask.to_numpy(dtype=bool)
    # Column by column: filtering the whole frame would copy every measure.
    return zip(frame.index[chosen], *(frame[column].to_numpy()[chosen].tolist() for column in columns))


def _plain(value):
    """Evidence as plain JSON-able Python (numpy scalars become floats/ints)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value
