"""analyze(): from an Ecosystem to measures, findings and everything needed to show them.

>>> import skane_ecosystem as se
>>> result = se.analyze(se.demo())                                  # doctest: +SKIP
>>> result.flags[["subject", "code", "stability"]].head()           # doctest: +SKIP
>>> result.explore()                                                # doctest: +SKIP

The :class:`Analysis` it returns behaves like a geopandas frame: ``.plot()`` draws a
static matplotlib figure, ``.explore()`` an interactive map that shows inline in
Jupyter and can be saved, and ``.report()`` writes the full bundle for policymakers.
"""

from __future__ import annotations

import importlib.util
import time
from functools import partial
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from . import metrics
from .config import AnalysisConfig
from .ecosystem import Ecosystem
from .sectors import SECTORS
from .flags import FlagContext, find_flags, run_rules
from .findings import split_tentative, stability_estimated
from .stability import flag_stability

__all__ = ["analyze", "analyze_all", "Analysis"]


@dataclass
class Analysis:
    """The result of :func:`analyze`: one analysed graph and everything found in it.

    Attributes
    ----------
    ecosystem : Ecosystem
        The data analysed (all relations and waves; see ``relation``/``wave``/``mode``
        for the slice that was analysed).
    graph : networkx.Graph or DiGraph
        The analysed graph.
    actors : pandas.DataFrame
        One row per actor: attributes, then every actor-level measure
        (column names in docs/metrics.md).
    network : pandas.DataFrame
        The indicator table (indicator, value).
    sectors : pandas.DataFrame
        Sector x sector tie counts.
    communities : pandas.DataFrame
        One row per community: size, sector mix and the partition's modularity.
    brokerage : pandas.DataFrame
        Gould-Fernandez brokerage counts, expected values and z-scores per actor.
    flags : pandas.DataFrame
        Facilitators and impediments (see :mod:`skane_ecosystem.flags`).
    config : AnalysisConfig
        The exact configuration used.
    relation, wave, mode
        The slice analysed.
    timings : dict
        Seconds spent in each step, for run.json and benchmarks.
    """

    ecosystem: Ecosystem
    graph: nx.Graph
    actors: pd.DataFrame
    network: pd.DataFrame
    sectors: pd.DataFrame
    communities: pd.DataFrame
    brokerage: pd.DataFrame
    flags: pd.DataFrame
    config: AnalysisConfig
    relation: object = None
    wave: object = None
    mode: str = "union"
    timings: dict = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return self.ecosystem.synthetic

    @property
    def title(self) -> str:
        return self.ecosystem.meta.get("title", "Ecosystem")

    def removal_impact(self) -> dict:
        """Actor id -> what its removal would do (actors cut off, fragmentation gain)."""
        columns = {"removal_cutoff": "cut_off", "removal_fragmentation_gain": "fragmentation_gain"}
        table = self.actors[list(columns)].rename(columns=columns)
        return {actor: row.to_dict() for actor, row in table.iterrows()}

    def explore(self, color_by: str = "sector", size_by: str = "betweenness", lang: str = "en",
                privacy: str = "internal", pseudonymize_actors: bool = False, **options):
        """An interactive offline map of the analysed network (like geopandas' ``explore``).

        Shows inline in Jupyter; ``.save("map.html")`` writes a self-contained file
        (never over one of the survey's files).  Options are passed to
        :func:`skane_ecosystem.render.map.network_map` (``title``, ``physics``,
        ``aggregate`` ...).

        Parameters
        ----------
        privacy : {"internal", "public"}
            ``"public"`` draws the map from the tables a public report shows
            (:func:`skane_ecosystem.privacy.apply_privacy`): no person data, no
            columns that are not declared public, no count below 5.
        pseudonymize_actors : bool
            Organisation names as stable pseudonyms ("Actor 12").

        Examples
        --------
        >>> import skane_ecosystem as se
        >>> se.analyze(se.demo()).explore(size_by="strength").save("map.html")  # doctest: +SKIP
        >>> se.analyze(se.demo()).explore(privacy="public").save("public.html")  # doctest: +SKIP
        """
        from .io.sources import source_paths

        if privacy != "internal" or pseudonymize_actors:
            from .privacy import apply_privacy
            from .render.bundle import shown_map

            shown = apply_privacy(self, privacy, pseudonymize_actors, lang=lang)
            page = shown_map(shown, color_by=color_by, size_by=size_by, **options)
        else:
            from .render.map import network_map

            options = {"title": self.title, "synthetic": self.synthetic, "seed": self.config.seed} | options
            page = network_map(self.graph, self.actors, self.flags, color_by=color_by, size_by=size_by,
                               lang=lang, removal=self.removal_impact(), **options)
        page.inputs = tuple(source_paths(self.ecosystem))  # .save() never writes over them
        return page

    def plot(self, kind: str = "network", lang: str = "en", **kwargs):
        """A static matplotlib figure of this analysis, like ``GeoDataFrame.plot()``.

        Parameters
        ----------
        kind : {"network", "sectors", "measure", "robustness"}
            ``"network"``: the network as on the map, with findings marked and named;
            ``"sectors"``: the sector x sector heatmap (``normalize=``);
            ``"measure"``: a measure by sector (``measure=``, default "betweenness");
            ``"robustness"``: curves for the removal orders ``orders=``
            (default betweenness, degree, random).
        lang : {"en", "sv"}
        **kwargs
            Passed on to the function in :mod:`skane_ecosystem.render.figures`.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from .render import figures
        from .scenarios import robustness

        if kind == "network":
            kwargs.setdefault("seed", self.config.seed)
            return figures.network_figure(self.graph, self.actors, self.flags, lang=lang, **kwargs)
        if kind == "sectors":
            return figures.sector_heatmap(self.sectors, lang=lang, synthetic=self.synthetic, **kwargs)
        if kind == "measure":
            return figures.measure_by_sector(self.actors, lang=lang, synthetic=self.synthetic, **kwargs)
        if kind == "robustness":
            orders = kwargs.pop("orders", ("betweenness", "degree", "random"))
            curves = {figures.removal_order_label(order, lang): robustness(self, order=order)
                      for order in orders}
            return figures.robustness_figure(curves, lang=lang, synthetic=self.synthetic, **kwargs)
        raise ValueError(f"kind must be one of ('network', 'sectors', 'measure', 'robustness'), not {kind!r}")

    def report(self, out_dir, lang: str = "en", privacy: str = "internal", **options) -> dict:
        """Write the full bundle for policymakers and researchers into ``out_dir``.

        report.html, report.xlsx, map.html, figures/, the CSV tables, GEXF and GraphML
        files and run.json (see :func:`skane_ecosystem.render.bundle.write_bundle`
        for the options, e.g. ``pseudonymize_actors=True``).  ``out_dir`` is replaced
        as a whole, so it must be new, empty or an earlier report's folder, and must
        not hold a file the survey was read from (docs/outputs.md).

        Returns
        -------
        dict
            File name -> path written.
        """
        from .render.bundle import write_bundle

        return write_bundle(self, out_dir, lang=lang, privacy=privacy, **options)

    def _repr_html_(self) -> str:
        from .render.notebook import analysis_html

        return analysis_html(self)

    def indicator(self, name: str):
        """One value of the indicator table, e.g. ``analysis.indicator("density")``."""
        values = self.network.set_index("indicator")["value"]
        return values[name]

    def __repr__(self) -> str:
        # Tentative flags (stability below the floor) are counted apart, not as findings.
        label = " (synthetic)" if self.synthetic else ""
        findings, tentative = split_tentative(self.flags)
        counts = findings["kind"].value_counts()
        if not stability_estimated(self.flags):
            apart = ", stability not estimated"
        else:
            apart = f", {len(tentative)} tentative"
        return (f"<Analysis{label} of {self.title!r}: {self.graph.number_of_nodes()} actors, "
                f"{self.graph.number_of_edges()} ties, {counts.get('facilitator', 0)} facilitator and "
                f"{counts.get('impediment', 0)} impediment findings{apart}>")

    def to_networkx(self):
        """The analysed graph with every measure and finding on it, ready for
        ``nx.write_gexf``, ``nx.write_graphml`` or any networkx algorithm.

        ``self.graph`` holds lists (the relations and waves of a tie), missing values
        and nested dicts, which neither file format can store.  In this copy every
        attribute is a single value, and each node carries its row of ``self.actors``.

        Returns
        -------
        networkx.Graph or networkx.DiGraph
            The same nodes and ties as ``self.graph``, sorted.  Node attributes: the
            actor's attributes and measures, ``label`` (the organisation's name),
            ``findings`` and ``tentative_findings`` (finding codes as text, e.g.
            ``"broker; hub"``).  Tie attributes: lists as text
            (``relations="collaboration; funding"``).  Missing values are left out.
            Nothing is filtered for privacy: contact persons stay in; write a public
            bundle (``report(privacy="public")``) for files to pass on.

        See Also
        --------
        skane_ecosystem.render.gexf.writable_graph : the conversion.

        Examples
        --------
        >>> import networkx as nx
        >>> import skane_ecosystem as se
        >>> G = se.analyze(se.demo()).to_networkx()                      # doctest: +SKIP
        >>> nx.write_gexf(G, "ecosystem.gexf")                           # doctest: +SKIP
        >>> G.nodes["A001"]["label"], G.nodes["A001"]["findings"]        # doctest: +SKIP
        ('Regional development office (Skåne)', 'hub')
        """
        from .render.gexf import writable_graph

        return writable_graph(self.graph, measures=self.actors, flags=self.flags)


def analyze(eco: Ecosystem, config: AnalysisConfig | None = None, relation=None, wave="latest",
            mode: str = "union", progress=None) -> Analysis:
    """Measure the ecosystem and flag its facilitators and impediments.

    Parameters
    ----------
    eco : Ecosystem
    config : AnalysisConfig, optional
        Thresholds and options (defaults: ``AnalysisConfig()``).
    relation : str or list, optional
        The relation(s) to analyse; default all, combined (see Ecosystem.graph).
    wave : str, int, list, "latest" or None
        The wave(s) to analyse.  The default ``"latest"`` takes the most recent wave,
        since pooling waves would mix the network of different years; ``None`` pools.
    mode : {"union", "mutual", "directed"}
        How nominations become ties (see Ecosystem.graph).  Undirected measures are
        computed on the undirected view of a directed graph.
    progress : callable, optional
        ``progress(done, total)`` during the stability resamples.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem, AnalysisConfig
    >>> eco = Ecosystem.from_networkx(nx.barbell_graph(4, 0))
    >>> result = analyze(eco, AnalysisConfig(stability={"enabled": False}))
    >>> sorted(result.flags.query("code == 'single_point_of_failure'")["subject"])
    ['3', '4']
    """
    config = config or AnalysisConfig()
    if not isinstance(config, AnalysisConfig):
        raise TypeError(f"config must be an AnalysisConfig, not {type(config).__name__}")
    wave = _resolve_wave(eco, wave)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step):
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 4)
        clock = now

    G = eco.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
    lap("graph")
    measures = metrics.actor_measures(G, seed=config.seed, engine=config.engine,
                                      approximate=config.approximate, samples=config.samples)
    if config.scheduler is not None or config.workers is not None:
        measures = _exact_betweenness_on_cluster(G, measures, config)
    actors = eco.actors.join(measures, how="left")
    actors.attrs = dict(measures.attrs)  # how the measures were computed (engine, approximation)
    lap("measures")
    network = metrics.network_indicators(G, engine=config.engine, seed=config.seed, measures=measures)
    sectors = metrics.tie_matrix(G, "sector")
    communities = _community_table(G, actors["community"])
    brokerage = metrics.brokerage_summary(G, "sector")
    lap("tables")
    ctx = _flag_context(eco, G, actors, config, relation, wave)
    stability = None
    if config.stability.enabled and G.number_of_nodes() <= config.stability.max_actors:
        find_keys = partial(_flag_keys, config=config, relation=relation, wave=wave, mode=mode)
        stability = flag_stability(eco, find_keys, config, progress)
    flags = find_flags(ctx, stability)
    lap("flags")
    return Analysis(eco, G, actors, network, sectors, communities, brokerage, flags, config,
                    relation, wave, mode, timings)


def analyze_all(eco: Ecosystem, config: AnalysisConfig | None = None, mode: str = "union") -> pd.DataFrame:
    """Every actor measure for every relation x wave, as one tidy long table.

    Returns
    -------
    pandas.DataFrame
        Columns ``relation``, ``wave``, ``actor``, ``measure``, ``value``.
        Stability is not computed here (it is a per-analysis finding property).
    """
    config = (config or AnalysisConfig()).with_options(
        stability=AnalysisConfig().stability.__class__(enabled=False))
    frames = []
    for relation in eco.relations:
        for wave in eco.waves or [None]:
            G = eco.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
            measures = metrics.actor_measures(G, seed=config.seed, engine=config.engine,
                                              approximate=config.approximate, samples=config.samples)
            long = measures.rename_axis("actor").reset_index().melt(
                id_vars="actor", var_name="measure", value_name="value")
            long.insert(0, "wave", "" if wave is None else wave)
            long.insert(0, "relation", relation)
            frames.append(long)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["relation", "wave", "actor", "measure", "value"])


# ------------------------------------------------------------------ helpers
def _exact_betweenness_on_cluster(G, measures: pd.DataFrame, config: AnalysisConfig) -> pd.DataFrame:
    """Both betweenness columns computed exactly on a Dask cluster (docs/performance.md).

    Exact betweenness decomposes over source actors, so a cluster can share it out;
    the values replace sampled estimates, and their standard errors become 0.
    """
    from .distributed import distributed_betweenness, start_cluster

    measures = measures.copy()
    with start_cluster(config.scheduler, config.workers) as scheduler:
        for column, weight in (("betweenness", None), ("betweenness_weighted", "weight")):
            values = distributed_betweenness(G, weight=weight, scheduler=scheduler, workers=config.workers)
            measures[column] = pd.Series(values).reindex(measures.index).astype(float)
            measures[f"{column}_se"] = 0.0
    sampled = {k: v for k, v in measures.attrs.get("approximate", {}).items() if not k.startswith("betweenness")}
    measures.attrs.update(approximate=sampled, betweenness_approximate=False, betweenness_cluster=True)
    return measures


def _resolve_wave(eco: Ecosystem, wave):
    if isinstance(wave, str) and wave == "latest":
        return eco.waves[-1] if eco.waves else None
    return wave


def _flag_context(eco, G, actors, config, relation, wave) -> FlagContext:
    ties = eco.select_ties(relation, wave, config.min_weight)
    return FlagContext(G, actors, config, ties=ties)


def _flag_keys(eco, config, relation, wave, mode) -> set:
    """The (subject, code) of every flag on one resampled ecosystem."""
    G = eco.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
    cut_vertices = metrics.articulation_point_impact(G)
    actors = eco.actors.join(_flag_measures(G, config.seed, cut_vertices), how="left")
    ties = eco.select_ties(relation, wave, config.min_weight)
    return {flag.key for flag in run_rules(FlagContext(G, actors, config, ties, cut_vertices))}


#: Resamples repeat betweenness a hundred times: worth igraph's import cost at any size.
_RESAMPLE_ENGINE = "igraph" if importlib.util.find_spec("igraph") else "networkx"


def _flag_measures(G, seed: int, cut_vertices: pd.DataFrame) -> pd.DataFrame:
    """Only the measures the flag rules read, for the stability resamples.

    Closeness, eigenvector, PageRank, effective size and the exact removal
    fragmentation are left out: no rule decides on them, and leaving them out makes
    a resample several times cheaper than :func:`metrics.actor_measures`.
    """
    nodes = sorted(G)
    component = metrics.component_labels(G)
    cut = cut_vertices["separated"]
    community = metrics.communities(G, seed=seed)
    roles = metrics.brokerage(G, "sector")
    columns = {
        "degree": metrics.degree(G),
        "strength": metrics.strength(G),
        "betweenness": metrics.betweenness(G, engine=_RESAMPLE_ENGINE),
        "constraint": metrics.constraint(G),
        "participation": metrics.participation_coefficient(G, community),
        "cross_sector_share": metrics.cross_group_share(G, "sector"),
    }
    frame = pd.DataFrame({name: [values[n] for n in nodes] for name, values in columns.items()}, index=nodes)
    for role in ("liaison", "itinerant", "gatekeeper"):
        frame[f"brokerage_{role}"] = roles[role].reindex(nodes).to_numpy()
    frame["in_main_component"] = [component[n] == 0 for n in nodes]
    frame["is_cut_vertex"] = frame.index.isin(cut.index)
    frame["removal_cutoff"] = [int(cut.get(n, 0)) if component[n] == 0 else 0 for n in nodes]
    frame["removal_fragmentation_gain"] = 0.0  # evidence only; not needed to decide a flag
    return frame


def _community_table(G, community: pd.Series) -> pd.DataFrame:
    """One row per community: its size, its actors per sector, and the modularity."""
    quality = metrics.modularity(G, community.to_dict())
    sectors = pd.Series(dict(G.nodes(data="sector")))
    table = pd.crosstab(community, sectors.reindex(community.index)).reindex(columns=list(SECTORS), fill_value=0)
    table.insert(0, "size", community.value_counts().sort_index())
    table["modularity"] = quality
    table.index.name = "community"
    table.columns.name = None
    return table
