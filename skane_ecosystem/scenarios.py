"""What if? Removal scenarios, robustness curves, wave comparison and bridge suggestions.

Policymakers ask scenario questions: what happens to the ecosystem if this funder's
programme ends, or this incubator closes?  Which new ties would help most?  How did
the ecosystem change between survey waves?  Each function here answers one of them
with tables that can go straight into a report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse.csgraph import shortest_path

from . import metrics
from .config import AnalysisConfig, StabilityConfig
from .ecosystem import Ecosystem
from .errors import require_known
from .i18n import t
from .io.names import Match, NameResolver

if TYPE_CHECKING:
    from .analysis import Analysis

__all__ = [
    "whatif",
    "robustness",
    "compare",
    "comparison_of",
    "suggest_bridges",
    "varied_bridges",
    "resolve_actors",
    "robustness_curves",
    "WhatIf",
    "Robustness",
    "Comparison",
    "ROBUSTNESS_ORDERS",
]

# analyze() computes robustness curves, bridges and the wave comparison with the
# functions below, so this module imports ``analysis`` only inside the functions
# that analyse an ecosystem again (whatif, compare): never at import time.


# ------------------------------------------------------------------ what if
#: ``WhatIf.lost_reach["status"]``: no longer connected to the main component.
CUT_OFF = "cut_off"
#: ``WhatIf.lost_reach["status"]``: still connected, but to fewer remaining actors.
REACH_SHRINKS = "reach_shrinks"


@dataclass
class WhatIf:
    """The differences a removal makes.

    Attributes
    ----------
    removed_actors, removed_relations : list
    indicators : DataFrame
        indicator, before, after, change.
    lost_reach : DataFrame
        One row per remaining actor that can no longer reach some remaining actor it
        reached before: ``status`` (``"cut_off"`` or ``"reach_shrinks"``, see
        :attr:`cut_off`), how many remaining actors it reached before and after, and
        the ids it can no longer reach.  Removed actors are not counted as lost.
    sector_matrix_change : DataFrame
        Sector x sector tie counts (:attr:`Analysis.sector_matrix`) after minus before.
    cross_sector_pairs : tuple of int
        Connected pairs of actors from different sectors, before and after.
    flags_appeared, flags_vanished : DataFrame
        Findings that the removal creates or removes.
    before, after : Analysis
    """

    removed_actors: list
    removed_relations: list
    indicators: pd.DataFrame
    lost_reach: pd.DataFrame
    sector_matrix_change: pd.DataFrame
    cross_sector_pairs: tuple
    flags_appeared: pd.DataFrame
    flags_vanished: pd.DataFrame
    before: Analysis = field(repr=False)
    after: Analysis = field(repr=False)

    @property
    def cut_off(self) -> list:
        """Actors cut off from the main component: they were in it before the removal
        and have no path to the largest part that remains of it afterwards (when it
        falls into equally large largest parts, none of them is the main component)."""
        return self.lost_reach.index[self.lost_reach["status"] == CUT_OFF].tolist()

    @property
    def reach_shrinks(self) -> list:
        """Actors that reach fewer remaining actors but are not cut off: they are still
        connected to the main component (and lost only the actors cut off), or were
        never in it and their own small component lost members."""
        return self.lost_reach.index[self.lost_reach["status"] == REACH_SHRINKS].tolist()

    def summary(self) -> list[tuple[str, object]]:
        """(catalog key, value) of the figures its printed and HTML forms show."""
        names = self.before.actors["name"] if "name" in self.before.actors else pd.Series(dtype=str)
        removed = [str(names.get(actor, actor)) for actor in self.removed_actors]
        return [
            ("scenario.removed_actors", ", ".join(removed) or "-"),
            ("scenario.removed_relations", ", ".join(map(str, self.removed_relations)) or "-"),
            ("scenario.cut_off", len(self.cut_off)),
            ("scenario.reach_shrinks", len(self.reach_shrinks)),
            ("scenario.main_component_share", _before_after(self.indicators, "main_component_share")),
            ("scenario.findings_appeared", len(self.flags_appeared)),
            ("scenario.findings_vanished", len(self.flags_vanished)),
        ]

    def __repr__(self) -> str:
        return _summary_text("What if", self.summary())

    def _repr_html_(self) -> str:
        from .render.notebook import scenario_html

        return scenario_html(t("scenario.whatif", "en"), self.summary())


def whatif(eco_or_analysis, remove_actors=(), remove_relations=(), config=None) -> WhatIf:
    """Recompute indicators and flags without some actors or relations.

    Parameters
    ----------
    eco_or_analysis : Ecosystem or Analysis
        An Analysis keeps its relation, wave, mode and config.
    remove_actors : list of str
        Actor ids or names (reconciled like survey names).
    remove_relations : list of str
        Relations to remove entirely (e.g. ``["funding"]``: what if a programme ends).
    config : AnalysisConfig, optional
        Used when an Ecosystem is given.

    Returns
    -------
    WhatIf

    Raises
    ------
    ValueError
        For an actor or relation the ecosystem does not have, or a name that fits
        several actors, naming the closest or the candidates (as :func:`analyze`
        does for a wrong argument: a mistyped argument is not a problem in the data).

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> eco = Ecosystem.from_networkx(nx.path_graph(3))
    >>> result = whatif(eco, remove_actors=["1"])
    >>> sorted(result.lost_reach.index)
    ['0', '2']
    >>> result.cut_off  # two equal halves: neither remains the main component
    ['0', '2']
    """
    before = _as_analysis(eco_or_analysis, config)
    eco = before.ecosystem
    actors = resolve_actors(eco, remove_actors)
    relations = require_known("relation", eco.relations, eco.resolve_relation(list(remove_relations)))
    reduced = _without(eco, actors, relations)
    relation = _remaining(before.relation, relations, eco)
    after = _analyze_again(reduced, before.config, relation=relation, wave=before.wave, mode=before.mode)
    return WhatIf(
        removed_actors=actors,
        removed_relations=relations,
        indicators=_indicator_change(before.network, after.network),
        lost_reach=_lost_reach(before.graph, after.graph),
        sector_matrix_change=after.sector_matrix.reindex_like(before.sector_matrix).fillna(0) - before.sector_matrix,
        cross_sector_pairs=(_cross_sector_pairs(before.graph), _cross_sector_pairs(after.graph)),
        flags_appeared=_flag_difference(after.flags, before.flags),
        flags_vanished=_flag_difference(before.flags, after.flags),
        before=before,
        after=after,
    )


def resolve_actors(eco: Ecosystem, written) -> list[str]:
    """Actor ids for ids or names as a user types them (same reconciliation as loading).

    A name that fits several actors (two actors named alike) is a ValueError listing
    them, so a scenario never removes an actor the user did not mean; an unknown name
    is a ValueError naming the closest actors.
    """
    resolver = NameResolver(dict(zip(eco.actors.index, eco.actors["name"])))
    found, problems = [], []
    for text in written:
        match = resolver.lookup(text)
        if isinstance(match, Match):
            found.append(match.actor_id)
        else:
            problems.append(resolver.unresolved(text, match))
    if problems:
        raise ValueError("; ".join(problems))
    return found


# --------------------------------------------------------------- robustness
@dataclass
class Robustness:
    """The main-component share as actors are removed one by one.

    Attributes
    ----------
    curve : DataFrame
        removed (count), share_removed, main_component_share, actor (the one removed
        at that step; empty on the first row).
    auc : float
        Area under the curve over share_removed in [0, 1] (1 = perfectly robust,
        about 0.5 = a chain; Schneider et al. 2011's R, as a fraction).
    order : str
    """

    curve: pd.DataFrame
    auc: float
    order: str

    def summary(self) -> list[tuple[str, object]]:
        """(catalog key, value) of the figures its printed and HTML forms show."""
        return [
            ("scenario.order", self.order),
            ("scenario.auc", round(float(self.auc), 3)),
            ("scenario.steps", max(len(self.curve) - 1, 0)),
        ]

    def __repr__(self) -> str:
        return _summary_text("Robustness", self.summary())

    def _repr_html_(self) -> str:
        from .render.notebook import scenario_html

        return scenario_html(t("scenario.robustness", "en"), self.summary())


def robustness(analysis: Analysis, order: str = "betweenness", seed: int | None = None) -> Robustness:
    """Remove actors in order of a measure (or at random) and follow the main component.

    Parameters
    ----------
    analysis : Analysis
    order : {"betweenness", "degree", "random"} or any measure column
        Highest first; ties are broken by actor id so the curve is reproducible.
    seed : int, optional
        For ``order="random"`` (default: the analysis config's seed).

    Returns
    -------
    Robustness

    Notes
    -----
    The ranking is computed once, before any removal (a static attack, as in Albert,
    Jeong & Barabási 2000).  The curve is built in reverse, adding actors back with a
    union-find, so it costs O(m alpha(n)) rather than n component searches.

    References
    ----------
    Albert, R., Jeong, H., & Barabási, A.-L. (2000). Error and attack tolerance of
    complex networks. Nature, 406, 378-382.
    """
    G = analysis.graph.to_undirected() if analysis.graph.is_directed() else analysis.graph
    ranking = _removal_order(analysis.actors, order, analysis.config.seed if seed is None else seed)
    shares = _main_share_during_removal(G, ranking)
    n = len(ranking)
    curve = pd.DataFrame(
        {
            "removed": np.arange(n + 1),
            "share_removed": np.arange(n + 1) / n if n else [0.0],
            "main_component_share": shares,
            "actor": [""] + ranking,
        }
    )
    auc = float(np.trapezoid(curve["main_component_share"], curve["share_removed"])) if n else 0.0
    return Robustness(curve, auc, order)


#: The removal orders every report shows: a targeted attack on brokers, and chance.
ROBUSTNESS_ORDERS = ("betweenness", "random")


def robustness_curves(analysis: Analysis, orders=ROBUSTNESS_ORDERS) -> tuple[pd.DataFrame, dict]:
    """The robustness curves of several removal orders, as one long table.

    Parameters
    ----------
    analysis : Analysis
    orders : iterable of str
        Removal orders (see :func:`robustness`); a measure the analysis lacks is
        left out.

    Returns
    -------
    curves : pandas.DataFrame
        order, share_removed, main_component_share; empty for fewer than two actors.
    auc : dict
        order -> area under its curve.

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem, AnalysisConfig, analyze
    >>> result = analyze(Ecosystem.from_networkx(nx.path_graph(4)), AnalysisConfig(stability={"enabled": False}))
    >>> curves, auc = robustness_curves(result, orders=["betweenness"])
    >>> curves["main_component_share"].tolist()
    [1.0, 0.5, 0.25, 0.25, 0.0]
    """
    columns = ["order", "share_removed", "main_component_share"]
    if analysis.graph.number_of_nodes() < 2:
        return pd.DataFrame(columns=columns), {}
    frames, auc = [], {}
    for order in orders:
        if order != "random" and order not in analysis.actors.columns:
            continue
        result = robustness(analysis, order=order)
        frames.append(result.curve[["share_removed", "main_component_share"]].assign(order=order))
        auc[order] = result.auc
    if not frames:
        return pd.DataFrame(columns=columns), {}
    return pd.concat(frames, ignore_index=True)[columns], auc


def _removal_order(actors: pd.DataFrame, order: str, seed: int) -> list[str]:
    ids = sorted(actors.index)
    if order == "random":
        return list(np.random.default_rng(seed).permutation(ids))
    if order not in actors.columns:
        raise ValueError(f"order must be 'betweenness', 'degree', 'random' or a measure column, not {order!r}")
    values = actors[order]
    return sorted(ids, key=lambda a: (-values[a], a))


def _main_share_during_removal(G, ranking: list[str]) -> list[float]:
    """shares[k] = largest component share after removing the first k actors."""
    n = len(ranking)
    parent, size = {}, {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    largest, shares = 0, [0.0] * (n + 1)
    for k in range(n, 0, -1):  # add actors back in reverse removal order
        actor = ranking[k - 1]
        parent[actor], size[actor] = actor, 1
        largest = max(largest, 1)
        for other in G[actor]:
            if other in parent:
                a, b = find(actor), find(other)
                if a != b:
                    if size[a] < size[b]:
                        a, b = b, a
                    parent[b] = a
                    size[a] += size[b]
                    largest = max(largest, size[a])
        shares[k - 1] = largest / n
    shares[n] = 0.0
    return shares


# ---------------------------------------------------------------- compare
@dataclass
class Comparison:
    """What changed between two survey waves.

    Attributes
    ----------
    ties_gained, ties_lost : DataFrame
        source, target (names too), relations.
    actors_entering, actors_leaving : list
        Actors with ties in one wave and none in the other.
    measures : DataFrame
        Per actor and key measure: from, to, change.
    indicators : DataFrame
        indicator, before (wave_from), after (wave_to), change.
    flags_appeared, flags_vanished, flags_persisted : DataFrame
    """

    wave_from: str
    wave_to: str
    ties_gained: pd.DataFrame
    ties_lost: pd.DataFrame
    actors_entering: list
    actors_leaving: list
    measures: pd.DataFrame
    indicators: pd.DataFrame
    flags_appeared: pd.DataFrame
    flags_vanished: pd.DataFrame
    flags_persisted: pd.DataFrame
    before: Analysis = field(repr=False)
    after: Analysis = field(repr=False)

    def summary(self) -> list[tuple[str, object]]:
        """(catalog key, value) of the figures its printed and HTML forms show."""
        return [
            ("scenario.waves", f"{self.wave_from} -> {self.wave_to}"),
            ("scenario.ties_gained", len(self.ties_gained)),
            ("scenario.ties_lost", len(self.ties_lost)),
            ("scenario.actors_entering", len(self.actors_entering)),
            ("scenario.actors_leaving", len(self.actors_leaving)),
            ("scenario.findings_appeared", len(self.flags_appeared)),
            ("scenario.findings_vanished", len(self.flags_vanished)),
            ("scenario.findings_persisted", len(self.flags_persisted)),
        ]

    def __repr__(self) -> str:
        return _summary_text("Comparison", self.summary())

    def _repr_html_(self) -> str:
        from .render.notebook import scenario_html

        return scenario_html(t("scenario.comparison", "en"), self.summary())

    def union_graph(self) -> nx.Graph:
        """Both waves' networks on one graph: the change drawn with one layout.

        Every actor of either wave and every tie of either, each with the attributes
        of the later wave that holds it and ``waves`` the union of the two waves'
        lists, so a tie kept from one wave to the next is drawn once.

        Returns
        -------
        networkx.Graph or networkx.DiGraph
            Of the kind the two analyses were made on.

        Examples
        --------
        >>> import networkx as nx
        >>> from skane_ecosystem import Ecosystem, AnalysisConfig, analyze
        >>> config = AnalysisConfig(stability={"enabled": False})
        >>> path, star = (analyze(Ecosystem.from_networkx(G), config) for G in (nx.path_graph(3), nx.star_graph(2)))
        >>> sorted(comparison_of(path, star).union_graph().edges())
        [('0', '1'), ('0', '2'), ('1', '2')]
        """
        before, after = self.before.graph, self.after.graph
        union = nx.compose(before, after)  # the later wave's attributes where both have them
        for u, v, data in union.edges(data=True):
            waves = set(before.edges[u, v].get("waves", [])) if before.has_edge(u, v) else set()
            if after.has_edge(u, v):
                waves |= set(after.edges[u, v].get("waves", []))
            data["waves"] = sorted(waves, key=str)
        return union

    def change_analysis(self) -> Analysis:
        """The later wave's analysis drawn on :meth:`union_graph`, holding this comparison.

        What the change map and the report's change figure show, passed through
        :func:`skane_ecosystem.privacy.apply_privacy` like every other output: its
        ``graph`` holds both waves' ties, its ``comparison`` says which are new and
        which were lost, and everything else is the later wave's.

        Returns
        -------
        Analysis
        """
        return replace(self.after, graph=self.union_graph(), comparison=self)

    def explore(self, lang: str = "en", privacy: str = "internal", **options):
        """The change between the waves as an interactive offline map (like geopandas' ``explore``).

        Delegates to :func:`skane_ecosystem.render.map_change.change_map`, which
        describes the map and its options.

        Examples
        --------
        >>> import skane_ecosystem as se
        >>> eco = se.demo()                                              # doctest: +SKIP
        >>> se.compare(eco, *eco.waves[:2]).explore(lang="sv").save("change_map.html")  # doctest: +SKIP
        """
        from .io.sources import source_paths
        from .render.map_change import change_map

        page = change_map(self, lang=lang, privacy=privacy, **options)
        page.inputs = tuple(source_paths(self.after.ecosystem))  # .save() never writes over them
        return page


KEY_MEASURES = ("degree", "strength", "betweenness", "constraint", "cross_sector_share")


def compare(
    eco: Ecosystem,
    wave_from,
    wave_to,
    config: AnalysisConfig | None = None,
    relation=None,
    mode: str = "union",
    reuse=(),
) -> Comparison:
    """Compare two waves of the same ecosystem.

    Parameters
    ----------
    eco : Ecosystem
    wave_from, wave_to : str or int
        The earlier and the later wave.
    config : AnalysisConfig, optional
        Stability is switched off here: it is a property of one wave's findings.
    relation, mode
        As for :func:`analyze`.
    reuse : iterable of Analysis, optional
        Analyses already made.  One of ``eco`` at a compared wave, with the same
        relation, mode and settings (stability aside), is used as it is rather than
        computed again: a report on the latest wave then analyses only the earlier one.

    Returns
    -------
    Comparison
    """
    config = (config or AnalysisConfig()).with_options(stability=StabilityConfig(enabled=False))
    before = _analysis_of_wave(eco, wave_from, config, relation, mode, reuse)
    after = _analysis_of_wave(eco, wave_to, config, relation, mode, reuse)
    return comparison_of(before, after)


def comparison_of(before: Analysis, after: Analysis) -> Comparison:
    """What changed from one analysis to another (usually of two waves).

    The tables of :func:`compare`, from two analyses already made: this is how
    :func:`skane_ecosystem.analyze` (``compare_with=``) and
    :meth:`skane_ecosystem.Analysis.compare` build the comparison they hold.

    Parameters
    ----------
    before, after : Analysis
        The earlier and the later analysis.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem, AnalysisConfig, analyze
    >>> config = AnalysisConfig(stability={"enabled": False})
    >>> path, triangle = (analyze(Ecosystem.from_networkx(G), config) for G in (nx.path_graph(3), nx.cycle_graph(3)))
    >>> comparison_of(path, triangle).ties_gained[["source", "target"]].values.tolist()
    [['0', '2']]
    """
    active_before = {n for n, d in before.graph.degree() if d > 0}
    active_after = {n for n, d in after.graph.degree() if d > 0}
    keys_before = _flag_keys(before.flags)
    return Comparison(
        wave_from=str(before.wave),
        wave_to=str(after.wave),
        ties_gained=_edge_difference(after.graph, before.graph),
        ties_lost=_edge_difference(before.graph, after.graph),
        actors_entering=sorted(active_after - active_before),
        actors_leaving=sorted(active_before - active_after),
        measures=_measure_change(before.actors, after.actors),
        indicators=_indicator_change(before.network, after.network),
        flags_appeared=_flag_difference(after.flags, before.flags),
        flags_vanished=_flag_difference(before.flags, after.flags),
        flags_persisted=after.flags[[k in keys_before for k in _keys(after.flags)]].reset_index(drop=True),
        before=before,
        after=after,
    )


def _analysis_of_wave(eco, wave, config, relation, mode, reuse) -> Analysis:
    for known in reuse:
        if (
            known.ecosystem is eco
            and str(known.wave) == str(wave)
            and known.relation == relation
            and known.mode == mode
            and known.config.with_options(stability=config.stability) == config
        ):
            return known
    return _analyze_again(eco, config, relation=relation, wave=str(wave), mode=mode)


# ---------------------------------------------------------- suggest bridges
#: Up to this many actors fragmentation is computed over all pairs; above it, over
#: the pairs from a seeded sample of ``BRIDGE_SAMPLED_SOURCES`` actors.
BRIDGE_EXACT_MAX = 2000
BRIDGE_SAMPLED_SOURCES = 200


def suggest_bridges(analysis: Analysis, k: int | None = 10, candidates_per_group: int = 3) -> pd.DataFrame:
    """Missing ties that would most reduce fragmentation, ranked.

    Candidates are pairs of well-connected actors (the strongest few of each sector,
    each community, and each component) from *different* groups who are not yet
    tied; for each, the fall in distance-weighted fragmentation (Borgatti 2006,
    KPP-Neg) if the tie were added is computed from distance rows.

    Parameters
    ----------
    analysis : Analysis
    k : int or None
        How many suggestions to return; None for every candidate (for
        :func:`varied_bridges`, which picks a varied few).
    candidates_per_group : int
        How many actors of each group are considered as endpoints.

    Returns
    -------
    pandas.DataFrame
        rank, source, target, source_name, target_name, source_sector,
        target_sector, joins ("components", "sectors", "communities"),
        fragmentation_before, fragmentation_after, gain, new_cross_sector_pairs.

    Notes
    -----
    Up to ``BRIDGE_EXACT_MAX`` actors every actor is a source and the values are
    exact; above it fragmentation and the new cross-sector pairs are estimated from
    ``BRIDGE_SAMPLED_SOURCES`` seeded sources (the new pairs scaled up to the whole
    network), so memory stays O(sources x n) instead of O(n^2).

    Fragmentation is summed exactly: the pairs are counted at each distance and
    ``sum(count / distance)`` is added up in fractions and rounded once, so equal
    sums give equal values whatever the order of the pairs.

    Cost: one breadth-first search per source and per candidate endpoint.  A new
    tie u-v shortens only the paths from a source at least two steps nearer to u
    than to v, to an actor at least two steps nearer to v than to u (or the other
    way round), so each candidate looks at those entries of the distance rows
    alone: a few of them when the tie joins an outlying piece, at most about a
    quarter of the rows when it joins two parts of the main component.

    Examples
    --------
    Two paths 0-1-2 and 3-4-5: the tie 1-4 between their middles adds, each way,
    one pair at distance 1, four at 2 and four at 3, so over the n(n-1) = 30
    ordered pairs fragmentation falls by (1 + 4/2 + 4/3) * 2 / 30 = 26/90.

    >>> import networkx as nx
    >>> import skane_ecosystem as se
    >>> from skane_ecosystem.config import AnalysisConfig, StabilityConfig
    >>> G = nx.Graph([(0, 1), (1, 2), (3, 4), (4, 5)])
    >>> config = AnalysisConfig(stability=StabilityConfig(enabled=False))
    >>> result = se.analyze(se.Ecosystem.from_networkx(G), config, progress=None)
    >>> best = suggest_bridges(result, k=1).iloc[0]
    >>> best["source"], best["target"], round(float(best["gain"]), 4)
    ('1', '4', 0.2889)
    """
    G = analysis.graph.to_undirected() if analysis.graph.is_directed() else analysis.graph
    nodes = sorted(G)
    n = len(nodes)
    if n < 3:
        return pd.DataFrame(columns=_BRIDGE_COLUMNS)
    index = {node: i for i, node in enumerate(nodes)}
    candidates = list(_bridge_candidates(G, analysis.actors, candidates_per_group))
    sources = _bridge_sources(n, analysis.config.seed)
    endpoints = sorted({index[x] for u, v, _ in candidates for x in (u, v)})
    rows = np.union1d(sources, endpoints)
    adjacency = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr")
    sectors = np.unique([G.nodes[node].get("sector", "") for node in nodes], return_inverse=True)[1]
    network = _SourcePairs(_DistanceRows(adjacency, rows), sources, sectors)
    base = network.fragmentation()
    scale = n / len(sources)
    table_rows = []
    for u, v, joins in candidates:
        shortcut = network.shortcut(index[u], index[v])
        fragmentation_after = network.fragmentation(shortcut)
        table_rows.append(
            {
                "source": u,
                "target": v,
                "source_name": G.nodes[u].get("name", u),
                "target_name": G.nodes[v].get("name", v),
                "source_sector": G.nodes[u].get("sector", ""),
                "target_sector": G.nodes[v].get("sector", ""),
                "joins": joins,
                "fragmentation_before": base,
                "fragmentation_after": fragmentation_after,
                "gain": base - fragmentation_after,
                "new_cross_sector_pairs": int(round(shortcut.joined_across_sectors * scale / 2)),
            }
        )
    table = pd.DataFrame(table_rows, columns=_BRIDGE_COLUMNS[1:])
    table = table.sort_values(["gain", "source", "target"], ascending=[False, True, True])
    if k is not None:
        table = table.head(k)
    table.insert(0, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)


_BRIDGE_COLUMNS = [
    "rank",
    "source",
    "target",
    "source_name",
    "target_name",
    "source_sector",
    "target_sector",
    "joins",
    "fragmentation_before",
    "fragmentation_after",
    "gain",
    "new_cross_sector_pairs",
]


#: How many suggestions :func:`varied_bridges` keeps: a list a reader acts on.
VARIED_BRIDGES = 6

#: What a suggested tie connects (``varied_bridges(...)["connects"]``): an actor
#: outside the main network to it, two sectors, or two communities of one sector.
BRIDGE_CONNECTS = ("outside_main", "sectors", "communities")


def varied_bridges(
    bridges: pd.DataFrame, G, communities=None, k: int = VARIED_BRIDGES, per_actor: int = 1
) -> pd.DataFrame:
    """A short, varied list from ranked suggestions: one tie for each thing they connect.

    :func:`suggest_bridges` ranks ties by the fall in fragmentation alone, so its
    top ten often link the same two hubs to the same isolated actors, ten times
    over.  A reader acts on a few different moves.  Here every suggestion is put in
    a group by what it would connect, and the best of each group is kept:

    * ``outside_main``: brings the actors of one sector outside the main network
      into it (the group: that sector);
    * ``sectors``: ties two sectors (the group: the pair of sectors);
    * ``communities``: ties two communities of the same sector (the group: the pair).

    Going down the ranking, a tie is kept when its group has none yet and neither
    organisation has been named ``per_actor`` times, so no hub fills the list.
    The numbers of each kept tie are :func:`suggest_bridges`' own, unchanged.

    Parameters
    ----------
    bridges : pandas.DataFrame
        Ranked suggestions (:func:`suggest_bridges`), best first; the more
        candidates, the more varied the list can be.
    G : networkx.Graph
        The analysed network (``Analysis.graph``): who is in the main component,
        and each actor's ``sector`` and ``municipality``.
    communities : mapping, optional
        actor -> community (``Analysis.actors["community"]``); without it, two
        actors of one sector are two communities.
    k : int
        At most this many suggestions.
    per_actor : int
        How often one organisation may appear in the list.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`suggest_bridges` (``rank`` renumbered 1..), then
        ``connects`` (one of :data:`BRIDGE_CONNECTS`), ``outside`` (for
        ``outside_main``: which end is outside the main network, ``"source"`` or
        ``"target"``; else empty), ``source_municipality``, ``target_municipality``
        and ``outside_count``: how many actors of the outside end's sector are
        outside the main network (0 for the other kinds).

    Examples
    --------
    Two isolated actors of one sector: one tie brings one of them in, and says
    there are two; the list does not name the hub twice.

    >>> import networkx as nx
    >>> import pandas as pd
    >>> G = nx.star_graph(4)
    >>> G.add_nodes_from([5, 6], sector="business")
    >>> ranked = pd.DataFrame({"rank": [1, 2], "source": [0, 0], "target": [5, 6], "source_sector": "other",
    ...                        "target_sector": "business", "gain": [0.2, 0.2]})
    >>> varied_bridges(ranked, G)[["source", "target", "connects", "outside", "outside_count"]].values.tolist()
    [[0, 5, 'outside_main', 'target', 2]]
    """
    if k < 0 or per_actor < 1:
        raise ValueError(f"k must be 0 or more and per_actor 1 or more, not k={k!r}, per_actor={per_actor!r}")
    H = G.to_undirected(as_view=True) if G.is_directed() else G
    # the main component as suggest_bridges picks it: the largest, ties by the smallest id
    main = min(nx.connected_components(H), key=lambda c: (-len(c), min(c)), default=set())
    outside_by_sector = Counter(H.nodes[a].get("sector", "") for a in H if a not in main)
    named: Counter = Counter()
    groups: set = set()
    kept = []
    for row in bridges.to_dict("records"):
        if len(kept) == k:
            break
        ends = (row["source"], row["target"])
        connects, outside, group = _what_it_connects(row, main, communities or {})
        if group in groups or any(named[end] >= per_actor for end in ends):
            continue
        groups.add(group)
        named.update(ends)
        outside_sector = row[f"{outside}_sector"] if outside else None
        kept.append(
            dict(
                row,
                connects=connects,
                outside=outside or "",
                source_municipality=_municipality(H, row["source"]),
                target_municipality=_municipality(H, row["target"]),
                outside_count=outside_by_sector[outside_sector] if outside else 0,
            )
        )
    table = pd.DataFrame(kept, columns=[*bridges.columns, *_VARIED_COLUMNS])
    table["rank"] = range(1, len(table) + 1)
    return table.reset_index(drop=True)


_VARIED_COLUMNS = ["connects", "outside", "source_municipality", "target_municipality", "outside_count"]


def _municipality(G, actor) -> str:
    """The actor's municipality as text; empty when not given."""
    place = G.nodes[actor].get("municipality")
    return "" if place is None or pd.isna(place) else str(place)


def _what_it_connects(row: dict, main: set, communities) -> tuple[str, str | None, tuple]:
    """(what a tie connects, which end is outside the main network, its group)."""
    for end in ("target", "source"):
        if row[end] not in main:
            return "outside_main", end, ("outside_main", row[f"{end}_sector"])
    sectors = (row["source_sector"], row["target_sector"])
    if sectors[0] != sectors[1]:
        return "sectors", None, ("sectors", *sorted(sectors))
    pair = sorted(str(communities.get(row[end], row[end])) for end in ("source", "target"))
    return "communities", None, ("communities", *pair)


#: At most this many groups of each kind are joined (the largest): candidates grow
#: with the square of the number of groups, and small groups gain least.
BRIDGE_MAX_GROUPS = 12


def _bridge_candidates(G, actors: pd.DataFrame, per_group: int):
    """Pairs (u, v, what they would join): the strongest actors of different groups, untied.

    Components are joined to the main component only (joining two outlying pieces
    to each other helps less than joining either to the whole); sectors and the
    largest communities are joined pairwise.
    """
    # A dict: looking up a pandas Series once per actor costs seconds at register scale.
    strength = actors["strength"].to_dict() if "strength" in actors else dict(G.degree())
    components = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    groupings = {
        "components": (dict(enumerate(components[: BRIDGE_MAX_GROUPS + 1])), True),
        "sectors": (_largest(_group_by(G, "sector")), False),
        "communities": (_largest(_group_by_series(actors["community"])) if "community" in actors else {}, False),
    }
    seen = set()
    for joins, (groups, to_main_only) in groupings.items():
        leaders = {
            g: sorted(members, key=lambda a: (-strength.get(a, 0), a))[:per_group] for g, members in groups.items()
        }
        names = sorted(leaders, key=str)
        for x, first in enumerate(names):
            for second in names[x + 1 :]:
                if to_main_only and 0 not in (first, second):
                    continue
                for u in leaders[first]:
                    for v in leaders[second]:
                        pair = tuple(sorted((u, v)))
                        if pair not in seen and not G.has_edge(u, v):
                            seen.add(pair)
                            yield pair[0], pair[1], joins


def _largest(groups: dict) -> dict:
    chosen = sorted(groups, key=lambda g: (-len(groups[g]), str(g)))[:BRIDGE_MAX_GROUPS]
    return {g: groups[g] for g in chosen}


def _bridge_sources(n: int, seed) -> np.ndarray:
    """Positions of the actors whose distances fragmentation is measured from:
    every actor up to ``BRIDGE_EXACT_MAX``, else a seeded sample."""
    if n <= BRIDGE_EXACT_MAX:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, BRIDGE_SAMPLED_SOURCES, replace=False))


class _DistanceRows:
    """Breadth-first distances from some actors to every actor, as small integers.

    An unreachable actor is at distance ``unreachable``, more than any path
    through one new tie can be long (two distances found plus the tie), so a new
    path always compares shorter; the integer type is the smallest that holds it
    plus one step: one byte per entry at register scale, instead of eight.
    """

    def __init__(self, adjacency, rows: np.ndarray):
        # The adjacency of an undirected graph is symmetric: searching it as directed
        # gives the same distances and spares scipy symmetrising it first.
        found = shortest_path(adjacency, indices=rows, unweighted=True, directed=True)
        reachable = np.isfinite(found)
        self.unreachable = 2 * int(found[reachable].max()) + 2
        found[~reachable] = self.unreachable
        self.table = found.astype(np.min_scalar_type(self.unreachable + 1))
        self.position = {int(actor): r for r, actor in enumerate(rows)}

    def row(self, actor: int) -> np.ndarray:
        return self.table[self.position[int(actor)]]

    def rows(self, actors: np.ndarray) -> np.ndarray:
        return self.table[[self.position[int(a)] for a in actors]]


@dataclass(frozen=True)
class _Shortcut:
    """What one new tie changes: the distances of the pairs it shortens.

    ``before`` counts those pairs at each old distance (reachable ones only),
    ``after`` at each new distance, and ``joined_across_sectors`` counts the pairs
    of actors from different sectors it connects for the first time.
    """

    before: np.ndarray
    after: np.ndarray
    joined_across_sectors: int


class _SourcePairs:
    """The pairs (source, actor) fragmentation is measured over, and what a new tie
    does to them.

    ``distances`` holds the rows of the sources and of every candidate endpoint,
    ``sectors`` a sector code per actor.
    """

    def __init__(self, distances: _DistanceRows, sources: np.ndarray, sectors: np.ndarray):
        self.endpoint_rows = distances
        self.distance = distances.rows(sources)
        self.unreachable = distances.unreachable
        self.source_sectors = sectors[sources]
        self.sectors = sectors
        self.inverse_sum = _inverse_distance_sum(self._reachable_counts(self.distance))
        self.pairs = len(sources) * (len(sectors) - 1)

    def fragmentation(self, shortcut: _Shortcut | None = None) -> float:
        """Borgatti's distance-weighted fragmentation over these pairs, after ``shortcut``.

        With every actor a source this is exactly 1 - sum(1/d_ij) / (n(n-1)).
        """
        total = self.inverse_sum
        if shortcut is not None:
            total += _inverse_distance_sum(shortcut.after) - _inverse_distance_sum(shortcut.before)
        return float(1 - total / self.pairs)

    def shortcut(self, u: int, v: int) -> _Shortcut:
        """The pairs a new tie between the actors at positions u and v shortens.

        A source s gains a shorter path to an actor j through u-v only when s is at
        least two steps nearer to u than to v and j at least two steps nearer to v
        than to u (otherwise the detour is no shorter than a path s has already,
        by the triangle inequality); likewise the other way round.  No pair gains
        both ways.
        """
        from_u, from_v = self.endpoint_rows.row(u), self.endpoint_rows.row(v)
        parts = [self._through(u, v, from_u, from_v), self._through(v, u, from_v, from_u)]
        old = np.concatenate([part[0] for part in parts])
        new = np.concatenate([part[1] for part in parts])
        joined = sum(part[2] for part in parts)
        return _Shortcut(self._reachable_counts(old), np.bincount(new), joined)

    def _through(self, near: int, other: int, from_near: np.ndarray, from_other: np.ndarray):
        """(old distances, new distances, newly joined cross-sector pairs) of the
        pairs shortened by a path that enters the new tie at ``near``."""
        to_near = self.distance[:, near]
        entering = np.flatnonzero(to_near + 1 < self.distance[:, other])
        leaving = np.flatnonzero(from_other + 1 < from_near)
        old = self.distance[np.ix_(entering, leaving)]
        via = to_near[entering][:, None] + 1 + from_other[leaving][None, :]
        shorter = via < old
        source, actor = np.nonzero(shorter & (old == self.unreachable))
        joined = int((self.source_sectors[entering[source]] != self.sectors[leaving[actor]]).sum())
        return old[shorter], via[shorter], joined

    def _reachable_counts(self, distances: np.ndarray) -> np.ndarray:
        """Pairs at each distance 0, 1, ..., with the unreachable ones left out."""
        counts = np.bincount(distances.ravel(), minlength=self.unreachable + 1)
        counts[self.unreachable] = 0
        return counts


def _inverse_distance_sum(counts: np.ndarray) -> Fraction:
    """``sum(1 / d)`` over pairs counted by distance (``counts[d]`` pairs at ``d``),
    exactly; pairs at distance 0 (an actor and itself) add nothing."""
    return sum((Fraction(int(count), d) for d, count in enumerate(counts) if d and count), Fraction(0))


# ------------------------------------------------------------------ helpers
def _as_analysis(eco_or_analysis, config) -> Analysis:
    from .analysis import Analysis

    if isinstance(eco_or_analysis, Analysis):
        return eco_or_analysis
    if isinstance(eco_or_analysis, Ecosystem):
        config = (config or AnalysisConfig()).with_options(stability=StabilityConfig(enabled=False))
        return _analyze_again(eco_or_analysis, config)
    raise TypeError(f"expected an Ecosystem or an Analysis, not {type(eco_or_analysis).__name__}")


def _analyze_again(eco: Ecosystem, config: AnalysisConfig, **slice_) -> Analysis:
    """analyze() for a scenario: without a wave comparison or statistical tests of its
    own, which no scenario shows (the comparison would analyse the wave before, and the
    one before that; the tests take seconds)."""
    from .analysis import analyze

    config = config.with_options(inference=replace(config.inference, enabled=False))
    return analyze(eco, config, compare_with=None, progress=None, **slice_)


def _without(eco: Ecosystem, actors: list, relations: list) -> Ecosystem:
    ties = eco.ties
    gone = set(actors)
    ties = ties[~ties["source"].isin(gone) & ~ties["target"].isin(gone) & ~ties["relation"].isin(relations)]
    return replace(eco, actors=eco.actors.drop(index=actors), ties=ties.reset_index(drop=True))


def _remaining(relation, removed: list, eco: Ecosystem):
    if relation is None:
        rest = [r for r in eco.relations if r not in removed]
        return None if len(rest) == len(eco.relations) else rest
    listed = [relation] if isinstance(relation, str) else list(relation)
    return [r for r in listed if r not in removed]


def _before_after(indicators: pd.DataFrame, name: str) -> str:
    """``"0.959 -> 0.912"``: one indicator before and after, from an indicator-change table."""
    row = indicators.set_index("indicator").loc[name] if name in set(indicators["indicator"]) else None
    if row is None:
        return "-"
    return f"{float(row['before']):.3f} -> {float(row['after']):.3f}"


def _summary_text(title: str, figures: list[tuple[str, object]]) -> str:
    """``<Title: label value; label value ...>``, the English labels of the figures."""
    return f"<{title}: " + "; ".join(f"{t(key, 'en')} {value}" for key, value in figures) + ">"


def _indicator_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    table = before.set_index("indicator")[["value"]].rename(columns={"value": "before"})
    table["after"] = after.set_index("indicator")["value"]
    # Element by element, so that a change of counts is an int, as the counts are.
    table["change"] = pd.Series(
        [_difference(b, a) for b, a in zip(table["before"], table["after"])], index=table.index, dtype=object
    )
    return table.reset_index()


def _difference(before, after):
    """``after - before``, or NaN when either is missing or not a number."""
    numbers = (int, float, np.integer, np.floating)
    if isinstance(before, numbers) and isinstance(after, numbers) and not isinstance(before, bool):
        return after - before
    return np.nan


def _lost_reach(before, after) -> pd.DataFrame:
    """Remaining actors that can no longer reach some remaining actor they reached before.

    Each is either cut off from the main component (see :attr:`WhatIf.cut_off`) or
    its reach shrinks: it stays connected to the main component and only the actors
    cut off are out of its reach, or its own small component lost members.  A
    removal only takes actors and ties away, so every component after it lies
    inside one component before it.
    """
    remaining = set(after)
    part_before, part_after = _component_of(before), _component_of(after)
    main_before = metrics.components(before)[0] if len(before) else set()
    main_after = _what_remains_of(main_before, after)
    rows = []
    for actor in sorted(after):
        reach_before = (part_before[actor] & remaining) - {actor}
        reach_after = part_after[actor] - {actor}
        lost = sorted(reach_before - reach_after)
        if lost:
            cut_off = actor in main_before and actor not in main_after
            rows.append(
                {
                    "actor": actor,
                    "name": after.nodes[actor].get("name", actor),
                    "status": CUT_OFF if cut_off else REACH_SHRINKS,
                    "reach_before": len(reach_before),
                    "reach_after": len(reach_after),
                    "lost": lost,
                }
            )
    columns = ["actor", "name", "status", "reach_before", "reach_after", "lost"]
    return pd.DataFrame(rows, columns=columns).set_index("actor")


def _component_of(G) -> dict:
    """Actor -> the set of actors of its (weak) component."""
    return {node: part for part in metrics.components(G) for node in part}


def _what_remains_of(main_before: set, after) -> set:
    """The main component after a removal: the largest part left of the main component
    before it, or no part when two or more share the largest size (then every actor
    of the former main component is cut off from the others)."""
    parts = metrics.components(after.subgraph(main_before & set(after)))
    if not parts or (len(parts) > 1 and len(parts[1]) == len(parts[0])):
        return set()
    return parts[0]


def _undirected(G):
    return G.to_undirected(as_view=True) if G.is_directed() else G


def _cross_sector_pairs(G) -> int:
    total = 0
    for component in nx.connected_components(_undirected(G)):
        counts = pd.Series([G.nodes[n].get("sector", "") for n in component]).value_counts()
        total += (counts.sum() ** 2 - (counts**2).sum()) // 2
    return int(total)


def _keys(flags: pd.DataFrame) -> list:
    return list(zip(flags["subject"], flags["code"]))


def _flag_keys(flags: pd.DataFrame) -> set:
    return set(_keys(flags))


def _flag_difference(flags: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``flags`` whose (subject, code) is not in ``other``."""
    absent = _flag_keys(other)
    return flags[[k not in absent for k in _keys(flags)]].reset_index(drop=True)


def _edge_difference(G, H) -> pd.DataFrame:
    rows = []
    for u, v, data in sorted(G.edges(data=True)):
        if not H.has_edge(u, v):
            rows.append(
                {
                    "source": u,
                    "target": v,
                    "source_name": G.nodes[u].get("name", u),
                    "target_name": G.nodes[v].get("name", v),
                    "relations": ", ".join(data.get("relations", [])),
                }
            )
    return pd.DataFrame(rows, columns=["source", "target", "source_name", "target_name", "relations"])


def _measure_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for measure in KEY_MEASURES:
        if measure in before and measure in after:
            frames.append(pd.DataFrame({"measure": measure, "from": before[measure], "to": after[measure]}))
    table = pd.concat(frames).rename_axis("actor").reset_index()
    table["change"] = table["to"] - table["from"]
    return table.sort_values(["measure", "actor"]).reset_index(drop=True)


def _group_by(G, attribute) -> dict:
    groups: dict = {}
    for n, value in G.nodes(data=attribute):
        groups.setdefault(value or "", set()).add(n)
    return groups


def _group_by_series(series: pd.Series) -> dict:
    return {k: set(v) for k, v in series.groupby(series).groups.items()}
