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

import dataclasses
import importlib.util
import time
from dataclasses import dataclass, field
from functools import partial

import networkx as nx
import numpy as np
import pandas as pd

from . import metrics
from .config import AnalysisConfig
from .ecosystem import Ecosystem
from .errors import closest
from .findings import split_tentative, stability_estimated
from .flags import FlagContext, find_flags, run_rules
from .industries import sni_sections_by_sector
from .metrics.brokerage import _brokerage_counts, _encode_groups, _group_labels
from .metrics.centrality import _betweenness as _betweenness_of_view
from .metrics.community import _communities as _communities_of_view
from .metrics.community import _community_engine
from .metrics.connectivity import _components
from .metrics.engine import GraphView, resolve_engine, resolve_samples
from .metrics.structural_holes import _constraint as _constraint_of_view
from .qualitative import QualitativeTables, qualitative_tables
from .scenarios import (
    Comparison,
    compare,
    comparison_of,
    robustness,
    robustness_curves,
    suggest_bridges,
    varied_bridges,
)
from .sectors import SECTORS
from .stability import flag_stability

__all__ = ["analyze", "analyze_all", "Analysis", "Inference", "COUNT_INDICATORS", "NONRESPONSE_OPTIONS"]

#: Network indicators that count actors, ties or parts: whole numbers, kept as ints.
COUNT_INDICATORS = ("actors", "ties", "components", "isolates")

#: How ``analyze(nonresponse=...)`` treats the ties non-respondents did not report
#: (:func:`skane_ecosystem.inference.impute_nonrespondents`).
NONRESPONSE_OPTIONS = ("none", "reconstruction", "reciprocity")

#: The whole-network indicators the non-response sensitivity table follows.
SENSITIVITY_INDICATORS = ("ties", "density", "main_component_share", "degree_centralization")


@dataclass(frozen=True)
class Inference:
    """The statistical tests of one analysis: is a pattern more than chance?

    Held by :attr:`Analysis.inference`; see docs/inference.md for every test.

    Attributes
    ----------
    nonresponse : str
        How non-respondents' ties were treated (:data:`NONRESPONSE_OPTIONS`).
    sensitivity : pandas.DataFrame or None
        How the main findings change across the non-response options: one row per
        whole-network indicator (``kind="indicator"``: its value under each option)
        and per rule with findings (``kind="finding"``: ``findings``, how many the
        analysis found, then how many of those hold under each option).  Columns
        ``kind``, ``name``, ``findings``, then one per option.  None above
        ``config.stability.max_actors`` actors: each option costs a stability
        resample.
    n_permutations, alpha, relation
        The tests' settings, and the one relation analysed (None when several are
        pooled; it gives the sentences their verb).
    homophily : pandas.DataFrame or None
        :func:`~skane_ecosystem.inference.homophily_tests` on the analysed graph.
    ei : pandas.DataFrame or None
        The sectors' E-I indices with permutation p-values
        (:func:`~skane_ecosystem.metrics.ei_index_groups`).
    missingness : MissingnessReport or None
        :func:`~skane_ecosystem.inference.missingness_report` of the analysed slice.
    wave_change, indicator_change : pandas.DataFrame or None
        With a wave comparison: :func:`~skane_ecosystem.inference.wave_change_test`
        and :func:`~skane_ecosystem.inference.indicator_change_test` of the two waves.
    skipped : str or None
        Why the QAP tests were not run (a network above ``inference.MAX_ACTORS``).
    """

    nonresponse: str
    sensitivity: pd.DataFrame | None
    n_permutations: int
    alpha: float
    relation: object = None
    homophily: pd.DataFrame | None = None
    ei: pd.DataFrame | None = None
    missingness: object = None
    wave_change: pd.DataFrame | None = None
    indicator_change: pd.DataFrame | None = None
    skipped: str | None = None


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
        The indicator table (indicator, value): ``value`` is an int for the
        indicators that count (:data:`COUNT_INDICATORS`), a float for the others.
    sector_matrix : pandas.DataFrame
        Sector x sector tie counts (the public report's sector matrix is this table
        with small counts suppressed: ``ShownTables.sector_matrix``).
    communities : pandas.DataFrame
        One row per community: size, sector mix and the partition's modularity.
    brokerage : pandas.DataFrame
        Gould-Fernandez brokerage counts, expected values and z-scores per actor.
    flags : pandas.DataFrame
        Facilitators and impediments (see :mod:`skane_ecosystem.flags`), with
        ``subject_name`` beside ``subject``: the organisation's name for an actor,
        the group's or network's label otherwise (as in the bundle's flags.csv).
    config : AnalysisConfig
        The exact configuration used.
    relation, wave, mode
        The slice analysed.
    timings : dict
        Seconds spent in each step, for run.json and benchmarks.
    sectors : pandas.DataFrame
        One row per sector (in the order of :data:`~skane_ecosystem.sectors.SECTORS`):
        actors, respondents, response_rate, ties_within, ties_across, ei_index
        (Krackhardt & Stern's E-I index of the sector's ties), then
        ``ties_with_<sector>`` for every sector.  The bundle's ``sectors.csv``.
    municipalities : pandas.DataFrame
        Actors by municipality (rows) and sector (columns), with a ``total`` column.
    quality : dict
        The facts a reader needs to judge the data: actors, respondents,
        response_rate, tie_reports, pairs (tied pairs whichever side reported),
        confirmed_pairs, one_sided_pairs, corrections, warnings, missing (actors
        without a sector, type or municipality) and isolates.
    robustness : pandas.DataFrame
        order, share_removed, main_component_share: the main component as actors are
        removed by betweenness and at random (see
        :func:`skane_ecosystem.scenarios.robustness`).
    robustness_auc : dict
        order -> area under its robustness curve.
    key_removals : pandas.DataFrame
        The ten actors whose removal hurts most: id, name, sector, removal_cutoff,
        removal_fragmentation_gain, is_cut_vertex (actors whose removal changes
        nothing are left out).
    bridges : pandas.DataFrame
        A short, varied list of suggested new ties: of the ties that would most
        reduce fragmentation (:func:`skane_ecosystem.scenarios.suggest_bridges`),
        the best for each thing they would connect, no organisation twice
        (:func:`skane_ecosystem.scenarios.varied_bridges`).
    qualitative : QualitativeTables
        Code counts of the coded qualitative material by sector, municipality,
        co-occurring code and finding (:func:`skane_ecosystem.qualitative.qualitative_tables`);
        empty tables when the ecosystem has none.
    sni_sections : pandas.DataFrame
        Actors by sector (rows) and SNI 2007 section (columns), with a ``total``
        (:func:`skane_ecosystem.industries.sni_sections_by_sector`); empty without SNI codes.
    comparison : Comparison or None
        What changed since an earlier wave (``analyze(compare_with=...)`` or
        :meth:`compare`); None when nothing was compared.
    inference : Inference or None
        The statistical tests (``AnalysisConfig(inference={"enabled": True})``) and
        the non-response sensitivity table (also with ``analyze(nonresponse=...)``
        other than ``"none"``); None when neither was asked for.
    """

    ecosystem: Ecosystem
    graph: nx.Graph
    actors: pd.DataFrame
    network: pd.DataFrame
    sector_matrix: pd.DataFrame
    communities: pd.DataFrame
    brokerage: pd.DataFrame
    flags: pd.DataFrame
    config: AnalysisConfig
    relation: object = None
    wave: object = None
    mode: str = "union"
    timings: dict = field(default_factory=dict)
    # What the outputs show besides the measures and findings (see _shown_besides()):
    # computed here so that rendering only reads.
    sectors: pd.DataFrame = field(default_factory=pd.DataFrame)
    municipalities: pd.DataFrame = field(default_factory=pd.DataFrame)
    quality: dict = field(default_factory=dict)
    robustness: pd.DataFrame = field(default_factory=pd.DataFrame)
    robustness_auc: dict = field(default_factory=dict)
    key_removals: pd.DataFrame = field(default_factory=pd.DataFrame)
    bridges: pd.DataFrame = field(default_factory=pd.DataFrame)
    qualitative: QualitativeTables = field(default_factory=QualitativeTables)
    sni_sections: pd.DataFrame = field(default_factory=pd.DataFrame)
    comparison: Comparison | None = None
    inference: Inference | None = None

    @property
    def synthetic(self) -> bool:
        return self.ecosystem.synthetic

    @property
    def title(self) -> str | None:
        """The survey's own title, or None (see :attr:`Ecosystem.title`)."""
        return self.ecosystem.title

    def removal_impact(self) -> pd.DataFrame:
        """What removing each actor alone would do, one row per actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``actor``, ``name``, ``cut_off`` (actors cut off from the main
            component, int) and ``fragmentation_gain`` (float), in the order of
            :attr:`actors`.

        Examples
        --------
        >>> import networkx as nx
        >>> from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
        >>> result = analyze(Ecosystem.from_networkx(nx.path_graph(3)), AnalysisConfig(stability={"enabled": False}))
        >>> result.removal_impact()[["actor", "cut_off"]]
          actor  cut_off
        0     0        0
        1     1        1
        2     2        0
        """
        table = pd.DataFrame(
            {
                "actor": self.actors.index.astype(str),
                "name": self.actors["name"].to_numpy(),
                "cut_off": self.actors["removal_cutoff"].fillna(0).astype(int).to_numpy(),
                "fragmentation_gain": self.actors["removal_fragmentation_gain"].astype(float).to_numpy(),
            }
        )
        return table

    def homophily(self) -> pd.DataFrame:
        """Whether ties form within sector, municipality and actor type more often than chance.

        The table :func:`skane_ecosystem.inference.homophily_tests` gives for the
        analysed graph, with ``config.inference.n_permutations`` permutations and
        ``config.seed``: computed by :func:`analyze` when
        ``config.inference.enabled``, otherwise here, on demand (a few seconds).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``attribute``: ``coef``, ``odds_ratio``, ``p_value`` (QAP),
            ``dyadic_p_value`` and more (docs/inference.md, "Homophily").

        Examples
        --------
        >>> import skane_ecosystem as se
        >>> result = se.analyze(se.demo(), se.AnalysisConfig(inference={"n_permutations": 200}))  # doctest: +SKIP
        >>> result.homophily()[["coef", "p_value"]]                                               # doctest: +SKIP
        """
        if self.inference is not None and self.inference.homophily is not None:
            return self.inference.homophily
        from .inference import homophily_tests

        return homophily_tests(self.graph, n_permutations=self.config.inference.n_permutations, seed=self.config.seed)

    def compare(self, other: Analysis) -> Analysis:
        """This analysis with the comparison to an earlier one attached as ``comparison``.

        Every output of the returned analysis (report, workbook, figures) shows what
        changed from ``other`` to this one; ``self`` is left as it was.

        Parameters
        ----------
        other : Analysis
            The earlier analysis, usually of the previous survey wave.

        Returns
        -------
        Analysis

        Examples
        --------
        >>> import skane_ecosystem as se
        >>> eco = se.demo()                                                    # doctest: +SKIP
        >>> later = se.analyze(eco, compare_with=None)                         # doctest: +SKIP
        >>> later.compare(se.analyze(eco, wave=eco.waves[0])).comparison.indicators  # doctest: +SKIP
        """
        if not isinstance(other, Analysis):
            raise TypeError(f"compare needs an Analysis (from skane_ecosystem.analyze), not {type(other).__name__}")
        return dataclasses.replace(self, comparison=comparison_of(other, self))

    def explore(
        self,
        color_by: str = "sector",
        size_by: str = "betweenness",
        lang: str = "en",
        privacy: str = "internal",
        pseudonymize_actors: bool = False,
        **options,
    ):
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
            page = network_map(
                self.graph,
                self.actors,
                self.flags,
                color_by=color_by,
                size_by=size_by,
                lang=lang,
                # the map's cards take actor id -> {cut_off, fragmentation_gain}
                removal=self.removal_impact().set_index("actor")[["cut_off", "fragmentation_gain"]].to_dict("index"),
                **options,
            )
        page.inputs = tuple(source_paths(self.ecosystem))  # .save() never writes over them
        return page

    def plot(self, kind: str = "network", lang: str = "en", **kwargs):
        """A static matplotlib figure of this analysis, like ``GeoDataFrame.plot()``.

        Parameters
        ----------
        kind : {"network", "geography", "sectors", "measure", "robustness"}
            ``"network"``: the network as on the map, with findings marked and named;
            ``"geography"``: the actors at their municipalities over the region's
            outline (``geography=`` another region, see
            :func:`skane_ecosystem.geography.read_geography`);
            ``"sectors"``: the sector x sector heatmap (``normalize=``);
            ``"measure"``: a measure by sector (``measure=``, default "betweenness");
            ``"robustness"``: curves for the removal orders ``orders=``
            (default betweenness, degree, random).
        lang : {"en", "sv"}
        **kwargs
            Passed on to the function in :mod:`skane_ecosystem.render.figures`
            (:mod:`skane_ecosystem.render.geography_figure` for ``"geography"``).

        Returns
        -------
        matplotlib.figure.Figure
        """
        from .render import figures

        if kind == "network":
            kwargs.setdefault("seed", self.config.seed)
            return figures.network_figure(self.graph, self.actors, self.flags, lang=lang, **kwargs)
        if kind == "geography":
            from .render.geography_figure import geography_figure

            kwargs.setdefault("seed", self.config.seed)
            return geography_figure(self.graph, self.actors, self.flags, lang=lang, **kwargs)
        if kind == "sectors":
            return figures.sector_heatmap(self.sector_matrix, lang=lang, synthetic=self.synthetic, **kwargs)
        if kind == "measure":
            return figures.measure_by_sector(self.actors, lang=lang, synthetic=self.synthetic, **kwargs)
        if kind == "robustness":
            # Orders beyond the two every report shows (self.robustness) are computed here.
            orders = kwargs.pop("orders", ("betweenness", "degree", "random"))
            curves = {figures.removal_order_label(order, lang): robustness(self, order=order) for order in orders}
            return figures.robustness_figure(curves, lang=lang, synthetic=self.synthetic, **kwargs)
        raise ValueError(
            f"kind must be one of ('network', 'geography', 'sectors', 'measure', 'robustness'), not {kind!r}"
        )

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
        """One value of the indicator table: an int for a count, a float otherwise.

        Parameters
        ----------
        name : str
            An indicator of :attr:`network`, e.g. ``"density"``.

        Raises
        ------
        KeyError
            For an unknown name; the message names the closest indicators.

        Examples
        --------
        >>> import networkx as nx
        >>> from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
        >>> result = analyze(Ecosystem.from_networkx(nx.path_graph(3)), AnalysisConfig(stability={"enabled": False}))
        >>> result.indicator("actors"), round(result.indicator("density"), 3)
        (3, 0.667)
        """
        values = self.network.set_index("indicator")["value"]
        if name not in values.index:
            suggestions = ", ".join(map(repr, closest(name, values.index)))
            raise KeyError(f"no indicator {name!r}; the closest are {suggestions} (all: Analysis.network)")
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
        return (
            f"<Analysis{label} of {self.title!r}: {self.graph.number_of_nodes()} actors, "
            f"{self.graph.number_of_edges()} ties, {counts.get('facilitator', 0)} facilitator and "
            f"{counts.get('impediment', 0)} impediment findings{apart}>"
        )

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


def analyze(
    eco: Ecosystem,
    config: AnalysisConfig | None = None,
    relation=None,
    wave="latest",
    mode: str = "union",
    progress="auto",
    compare_with="previous",
    nonresponse: str = "none",
) -> Analysis:
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
    progress : "auto", callable or None
        ``"auto"`` (default): in a Jupyter notebook, a progress bar under the cell
        once the analysis has taken a second (nothing in a script or a terminal);
        a callable: ``progress(done, total)`` during the stability resamples (the
        command line's bar); None: nothing.
    compare_with : "previous", wave, Analysis or None
        What the wave comparison (``Analysis.comparison``) compares the analysed
        wave with.  ``"previous"`` (default): the wave before it, when the ecosystem
        has one (the earlier wave is analysed without stability, which takes a
        fraction of a second on the demo); a wave: that wave; an Analysis: that
        analysis; None: nothing (also for a pooled analysis, ``wave=None``).
    nonresponse : {"none", "reconstruction", "reciprocity"}
        How the ties non-respondents did not report are treated
        (:func:`skane_ecosystem.inference.impute_nonrespondents`, Huisman 2009):
        ``"none"`` (default) analyses the ties as reported; ``"reconstruction"``
        gives every nomination a non-respondent received its return;
        ``"reciprocity"`` does so with the respondents' observed reciprocity
        (seeded by ``config.seed``).  Other than ``"none"``, ``Analysis.inference``
        holds a sensitivity table of the main findings under every option.

    Returns
    -------
    Analysis
        Everything any output shows: measures, findings, the sector, municipality and
        data-quality tables, robustness curves, key removals, suggested bridges and
        the wave comparison; with ``config.inference.enabled`` or a ``nonresponse``
        other than ``"none"`` also the statistical tests (``Analysis.inference``).
        Renderers only read it.

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
    relation = eco.resolve_relation(relation)  # Analysis.relation holds the ties' codes
    as_reported, eco = eco, _treated_nonresponse(eco, nonresponse, config.seed)
    shown = _notebook_progress(progress)
    progress = shown or (progress if callable(progress) else None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step):
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 4)
        clock = now
        if shown is not None:
            shown.step_done(step)

    G = eco.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
    lap("graph")
    measures = metrics.actor_measures(
        G, seed=config.seed, engine=config.engine, approximate=config.approximate, samples=config.samples
    )
    if config.scheduler is not None or config.workers is not None:
        measures = _exact_betweenness_on_cluster(G, measures, config)
    actors = eco.actors.join(measures, how="left")
    actors.attrs = dict(measures.attrs)  # how the measures were computed (engine, approximation)
    lap("measures")
    network = _tidy_indicators(metrics.network_indicators(G, engine=config.engine, seed=config.seed, measures=measures))
    sector_matrix = metrics.tie_matrix(G, "sector")
    communities = _community_table(G, actors["community"])
    brokerage = metrics.brokerage_summary(G, "sector")
    lap("tables")
    ctx = _flag_context(eco, G, actors, config, relation, wave)
    raised = run_rules(ctx)
    stability = None
    if config.stability.enabled and G.number_of_nodes() <= config.stability.max_actors:
        find_keys = partial(_flag_keys, config=config, relation=relation, wave=wave, mode=mode)
        _load_resample_engine()
        stability = flag_stability(eco, find_keys, config, progress, decide={flag.key for flag in raised})
        config = _with_resamples_run(config, stability.resamples)
    flags = _with_subject_names(find_flags(ctx, stability, raised=raised), actors)
    lap("flags")
    result = Analysis(
        eco, G, actors, network, sector_matrix, communities, brokerage, flags, config, relation, wave, mode, timings
    )
    result = dataclasses.replace(result, **_shown_besides(result))
    lap("scenarios")
    result = dataclasses.replace(result, comparison=_comparison(result, compare_with))
    lap("comparison")
    if config.inference.enabled or nonresponse != "none":
        started = time.perf_counter()  # not a step of the progress bar: the bar's steps are fixed
        result = dataclasses.replace(result, inference=_inference(result, as_reported, nonresponse))
        timings["inference"] = round(time.perf_counter() - started, 4)
    if shown is not None:
        shown.close()
    return result


#: The steps of :func:`analyze`, as its ``timings`` and its progress bar name them
#: (``"inference"`` comes last, and only when asked for).
ANALYSIS_STEPS = ("graph", "measures", "tables", "flags", "scenarios", "comparison")


def _notebook_progress(progress):
    """The notebook progress bar ``progress="auto"`` asks for, or None (not in a notebook,
    or another ``progress``); a ``progress`` that is none of the accepted ones is refused."""
    if isinstance(progress, str) and progress == "auto":
        from .render.notebook import NotebookProgress, in_notebook

        return NotebookProgress(ANALYSIS_STEPS) if in_notebook() else None
    if progress is None or callable(progress):
        return None
    raise TypeError(f'progress must be "auto", a callable progress(done, total) or None, not {progress!r}')


def analyze_all(eco: Ecosystem, config: AnalysisConfig | None = None, mode: str = "union") -> pd.DataFrame:
    """Every actor measure for every relation x wave, as one tidy long table.

    Returns
    -------
    pandas.DataFrame
        Columns ``relation``, ``wave``, ``actor``, ``measure``, ``value``.
        Stability is not computed here (it is a per-analysis finding property).
    """
    config = (config or AnalysisConfig()).with_options(stability=AnalysisConfig().stability.__class__(enabled=False))
    frames = []
    for relation in eco.relations:
        for wave in eco.waves or [None]:
            G = eco.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
            measures = metrics.actor_measures(
                G, seed=config.seed, engine=config.engine, approximate=config.approximate, samples=config.samples
            )
            long = (
                measures.rename_axis("actor")
                .reset_index()
                .melt(id_vars="actor", var_name="measure", value_name="value")
            )
            long.insert(0, "wave", "" if wave is None else wave)
            long.insert(0, "relation", relation)
            frames.append(long)
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["relation", "wave", "actor", "measure", "value"])
    )


# --------------------------------------------- what the outputs show besides
def _shown_besides(result: Analysis) -> dict:
    """The tables the outputs show besides measures and findings, by attribute name.

    All cheap next to the measures (a few hundredths of a second on the demo), so
    they are always computed: a renderer can then read them and compute nothing.
    """
    robustness_table, auc = robustness_curves(result)
    return {
        "sectors": _sector_table(
            result.graph,
            result.actors,
            result.sector_matrix,
            result.config.inference.n_permutations,
            result.config.seed,
        ),
        "municipalities": _municipality_table(result.actors),
        "quality": _data_quality(result),
        "robustness": robustness_table,
        "robustness_auc": auc,
        "key_removals": _key_removals(result.actors),
        "bridges": _bridges(result),
        "qualitative": qualitative_tables(result.ecosystem, result.flags),
        "sni_sections": sni_sections_by_sector(result.actors),
    }


def _bridges(result) -> pd.DataFrame:
    """The suggested new ties the outputs show (see ``Analysis.bridges``)."""
    communities = result.actors["community"].to_dict() if "community" in result.actors else None
    return varied_bridges(suggest_bridges(result, k=None), result.graph, communities)


def _sector_order(values) -> list[str]:
    """The sectors present, in the order of SECTORS, then any other in sorted order."""
    present = set(values)
    return [s for s in SECTORS if s in present] + sorted(present - set(SECTORS))


def _sector_table(G, actors: pd.DataFrame, matrix: pd.DataFrame, n_permutations: int, seed: int) -> pd.DataFrame:
    """One row per sector: actors, response, ties inside and across, E-I with its permutation p-value,
    ties with each sector.

    The p-value costs milliseconds (label permutations over the ties), so it is
    always there: wherever an E-I index is shown, its p-value can be.
    """
    sectors = _sector_order(actors["sector"])
    groups = (
        metrics.ei_index_groups(G, "sector", n_permutations=n_permutations, seed=seed)
        if G.number_of_nodes()
        else pd.DataFrame(columns=["internal", "external", "ei", "p_value"])
    )
    matrix = matrix.reindex(index=sectors, columns=sectors).fillna(0).astype(int)
    rows = []
    for sector in sectors:
        members = actors[actors["sector"] == sector]
        n, answered = len(members), int(members["respondent"].astype(bool).sum())
        internal = int(groups["internal"].get(sector, 0)) if len(groups) else 0
        external = int(groups["external"].get(sector, 0)) if len(groups) else 0
        row = {
            "sector": sector,
            "actors": n,
            "respondents": answered,
            "response_rate": answered / n if n else np.nan,
            "ties_within": internal,
            "ties_across": external,
            # A sector without ties has no E-I index (metrics reports 0 for it).
            "ei_index": float(groups["ei"].get(sector, np.nan)) if internal + external else np.nan,
            "ei_p_value": float(groups["p_value"].get(sector, np.nan)) if internal + external else np.nan,
        }
        row.update({f"ties_with_{other}": int(matrix.loc[sector, other]) for other in sectors})
        rows.append(row)
    return pd.DataFrame(rows)


def _municipality_table(actors: pd.DataFrame) -> pd.DataFrame:
    """Actors by municipality (rows, sorted) and sector (columns), with a total."""
    places = actors["municipality"].fillna("").astype(str)
    counts = pd.crosstab(places, actors["sector"]).reindex(columns=_sector_order(actors["sector"]), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_index()
    counts.index.name = "municipality"
    counts.columns.name = None
    return counts


def _data_quality(result: Analysis) -> dict:
    """The facts a reader needs to judge the data: response, confirmation, gaps."""
    eco = result.ecosystem
    actors = eco.actors
    union = _union_graph(result)
    confirmed = sum(1 for _, _, d in union.edges(data=True) if d.get("confirmed"))
    blank = {
        column: int((actors[column].fillna("").astype(str).str.strip() == "").sum())
        for column in ("type", "municipality")
    }
    return {
        "actors": len(actors),
        "respondents": int(actors["respondent"].astype(bool).sum()),
        "response_rate": eco.response_rate(),
        "tie_reports": len(eco.ties),
        "pairs": union.number_of_edges(),
        "confirmed_pairs": confirmed,
        "one_sided_pairs": union.number_of_edges() - confirmed,
        "corrections": len(eco.validation.corrections),
        "warnings": len(eco.validation.warnings),
        "missing": {"sector": int((actors["sector"] == "other").sum()), **blank},
        "isolates": sum(1 for _, d in result.graph.degree() if d == 0),
    }


def _union_graph(result: Analysis):
    """Every reported tie of the analysed slice, whichever side reported it.

    The analysed graph is that graph when it was built in the union mode without a
    weight floor; building it again costs seconds at register scale (a third of a
    minute at 100,000 actors).
    """
    if result.mode == "union" and result.config.min_weight is None:
        return result.graph
    return result.ecosystem.graph(relation=result.relation, wave=result.wave, mode="union")


def _key_removals(actors: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """The ``k`` actors whose removal hurts most (fragmentation gain, then cut-off),
    leaving out those whose removal changes nothing."""
    columns = ["id", "name", "sector", "removal_cutoff", "removal_fragmentation_gain", "is_cut_vertex"]
    if not {"removal_cutoff", "removal_fragmentation_gain"} <= set(actors.columns):
        return pd.DataFrame(columns=columns)
    gain = actors["removal_fragmentation_gain"].fillna(0.0)
    cutoff = actors["removal_cutoff"].fillna(0)
    ranked = sorted(actors.index, key=lambda a: (-gain[a], -cutoff[a], str(a)))[:k]
    rows = [
        {
            "id": actor,
            "name": actors.at[actor, "name"],
            "sector": actors.at[actor, "sector"],
            "removal_cutoff": actors.at[actor, "removal_cutoff"],
            "removal_fragmentation_gain": actors.at[actor, "removal_fragmentation_gain"],
            "is_cut_vertex": bool(actors.at[actor, "is_cut_vertex"]) if "is_cut_vertex" in actors else False,
        }
        for actor in ranked
        if gain[actor] > 0 or cutoff[actor] > 0
    ]
    return pd.DataFrame(rows, columns=columns)


def _comparison(result: Analysis, compare_with) -> Comparison | None:
    """The comparison ``compare_with`` asks for (see :func:`analyze`)."""
    if compare_with is None:
        return None
    if isinstance(compare_with, Analysis):
        return comparison_of(compare_with, result)
    eco = result.ecosystem
    if isinstance(compare_with, str) and compare_with == "previous":
        compare_with = _previous_wave(eco, result.wave)
        if compare_with is None:
            return None
    elif result.wave is None or isinstance(result.wave, (list, tuple)):
        raise ValueError(
            "compare_with needs the analysis of one wave; this one pools waves "
            f"(wave={result.wave!r}): pass wave=... or compare_with=None"
        )
    elif str(compare_with) not in map(str, eco.waves):
        raise ValueError(
            f"compare_with must be 'previous', None, an Analysis or one of the waves "
            f"{list(eco.waves)}, not {compare_with!r}"
        )
    return compare(
        eco, compare_with, result.wave, result.config, relation=result.relation, mode=result.mode, reuse=[result]
    )


def _previous_wave(eco: Ecosystem, wave):
    """The wave before ``wave`` in the ecosystem, or None (a pooled or first wave)."""
    waves = [str(w) for w in eco.waves]
    if wave is None or isinstance(wave, (list, tuple)) or str(wave) not in waves:
        return None
    at = waves.index(str(wave))
    return eco.waves[at - 1] if at > 0 else None


# ---------------------------------------------------------------- inference
def _treated_nonresponse(eco: Ecosystem, nonresponse: str, seed: int) -> Ecosystem:
    """The ecosystem with non-respondents' ties treated as ``nonresponse`` asks.

    ``"none"`` returns ``eco`` itself, untouched, so that an analysis without
    imputation is exactly the analysis of the ties as reported.
    """
    if nonresponse not in NONRESPONSE_OPTIONS:
        raise ValueError(f"nonresponse must be one of {list(NONRESPONSE_OPTIONS)}, not {nonresponse!r}")
    if nonresponse == "none":
        return eco
    from .inference import impute_nonrespondents

    return impute_nonrespondents(eco, nonresponse, seed=seed)


def _inference(result: Analysis, as_reported: Ecosystem, nonresponse: str) -> Inference:
    """The statistical tests ``result.config.inference`` asks for, and the sensitivity table.

    ``as_reported`` is the ecosystem before any non-response treatment: every
    option of the sensitivity table starts from it.
    """
    from .inference import MAX_ACTORS

    settings = result.config.inference
    inference = Inference(
        nonresponse=nonresponse,
        sensitivity=_nonresponse_sensitivity(result, as_reported),
        n_permutations=settings.n_permutations,
        alpha=settings.alpha,
        relation=_single_relation(result),
    )
    if not settings.enabled:
        return inference
    tests = {"ei": _sector_ei_tests(result), "missingness": _missingness(result)}
    actors = result.graph.number_of_nodes()
    if actors > MAX_ACTORS:
        # Every QAP term is a dense actors x actors array: test a subgraph instead.
        skipped = f"{actors} actors; the QAP tests take at most {MAX_ACTORS}"
        return dataclasses.replace(inference, **tests, skipped=skipped)
    return dataclasses.replace(inference, **tests, homophily=_homophily(result), **_wave_tests(result))


def _single_relation(result: Analysis):
    """The one relation the analysed ties are of, or None when they pool several
    (a sentence then says "have ties" rather than "collaborate")."""
    relations = result.ecosystem.relations if result.relation is None else result.relation
    relations = [relations] if isinstance(relations, str) else list(relations)
    return relations[0] if len(relations) == 1 else None


def _homophily(result: Analysis) -> pd.DataFrame | None:
    """The homophily tests of the analysed graph, or None when no attribute can be tested."""
    from .inference import homophily_tests

    try:
        return homophily_tests(
            result.graph, n_permutations=result.config.inference.n_permutations, seed=result.config.seed
        )
    except ValueError:  # no attribute with two known values: nothing to test, nothing to say
        return None


def _sector_ei_tests(result: Analysis) -> pd.DataFrame:
    """Each sector's E-I index with its permutation p-value (the sector table holds the index only)."""
    if result.graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["size", "internal", "external", "ei", "expected", "p_value"])
    return metrics.ei_index_groups(
        result.graph, "sector", n_permutations=result.config.inference.n_permutations, seed=result.config.seed
    )


def _missingness(result: Analysis):
    """The missingness report of the analysed slice, or None when every actor (or none) answered."""
    from .inference import missingness_report

    try:
        return missingness_report(
            result.ecosystem,
            relation=result.relation,
            wave=result.wave,
            n_permutations=result.config.inference.n_permutations,
            seed=result.config.seed,
        )
    except ValueError:  # the degree test needs respondents and non-respondents
        return None


def _wave_tests(result: Analysis) -> dict:
    """With a wave comparison: whether the later network follows the earlier one beyond chance,
    and whether each indicator changed beyond what swapping the waves at random gives."""
    if result.comparison is None:
        return {}
    from .inference import indicator_change_test, wave_change_test

    before = result.comparison.before.graph
    settings = {"n_permutations": result.config.inference.n_permutations, "seed": result.config.seed}
    return {
        "wave_change": wave_change_test(before, result.graph, **settings),
        "indicator_change": indicator_change_test(before, result.graph, **settings),
    }


def _nonresponse_sensitivity(result: Analysis, as_reported: Ecosystem) -> pd.DataFrame | None:
    """How the main findings change across the non-response options (``Inference.sensitivity``).

    Each option reruns the graph and the rules as the stability resamples do
    (:func:`_flag_keys`); a finding holds under an option when its rule raises it
    for the same subject there.  Each option costs about one stability resample, so
    above ``config.stability.max_actors`` actors there is no table (None).
    """
    from .inference.waves import CHANGE_INDICATORS

    if result.graph.number_of_nodes() > result.config.stability.max_actors:
        return None
    config, findings = result.config, split_tentative(result.flags)[0]
    found = {code: set(zip(rows["subject"], rows["code"])) for code, rows in findings.groupby("code", sort=True)}
    indicators, holding = {}, {}
    for option in NONRESPONSE_OPTIONS:
        eco = _treated_nonresponse(as_reported, option, config.seed)
        G = eco.graph(relation=result.relation, wave=result.wave, min_weight=config.min_weight, mode=result.mode)
        indicators[option] = [
            float(CHANGE_INDICATORS[name](G)) if len(G) else np.nan for name in SENSITIVITY_INDICATORS
        ]
        keys = _flag_keys(eco, config, result.relation, result.wave, result.mode)
        holding[option] = [len(subjects & keys) for subjects in found.values()]
    rows = [
        {"kind": "indicator", "name": name, "findings": None, **{o: indicators[o][i] for o in NONRESPONSE_OPTIONS}}
        for i, name in enumerate(SENSITIVITY_INDICATORS)
    ] + [
        {"kind": "finding", "name": code, "findings": len(subjects), **{o: holding[o][i] for o in NONRESPONSE_OPTIONS}}
        for i, (code, subjects) in enumerate(found.items())
    ]
    # Object columns, so that counts stay ints beside the indicators' floats.
    return pd.DataFrame(rows, columns=["kind", "name", "findings", *NONRESPONSE_OPTIONS], dtype=object)


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
    return eco.resolve_wave(wave)  # one definition of "latest", shared with Ecosystem.graph()


def _flag_context(eco, G, actors, config, relation, wave) -> FlagContext:
    ties = eco.select_ties(relation, wave, config.min_weight)
    return FlagContext(G, actors, config, ties=ties)


def _with_resamples_run(config: AnalysisConfig, resamples: int) -> AnalysisConfig:
    """``config`` as it ran: ``stability.resamples`` is the count the stopping rule
    stopped at (the Analysis, its report and run.json then say how many were run,
    and the same config gives the same stabilities)."""
    return config.with_options(stability=dataclasses.replace(config.stability, resamples=resamples))


def _flag_keys(eco, config, relation, wave, mode) -> set:
    """The (subject, code) of every flag on one resampled ecosystem."""
    G = eco.graph(relation=relation, wave=wave, min_weight=config.min_weight, mode=mode)
    cut_vertices = metrics.articulation_point_impact(G)
    actors = eco.actors.join(_flag_measures(G, config.seed, cut_vertices), how="left")
    ties = eco.select_ties(relation, wave, config.min_weight)
    ctx = FlagContext(G, actors, config, ties, cut_vertices)
    # Evidence only (of ``fragmented``), never what decides a flag, and an all-pairs
    # distance computation: a resample, which keeps only the keys, skips it.
    ctx.fragmentation = float("nan")
    return {flag.key for flag in run_rules(ctx)}


#: Resamples repeat betweenness a hundred times: worth igraph's import cost at any size.
_RESAMPLE_ENGINE = "igraph" if importlib.util.find_spec("igraph") else "networkx"


def _load_resample_engine() -> None:
    """Import the resamples' engine here, before the worker processes are forked.

    Importing igraph takes one to two seconds (it imports matplotlib); imported
    here it is paid once per process (never again in a notebook), whereas every
    forked worker would otherwise pay it anew.
    """
    if _RESAMPLE_ENGINE == "igraph":
        metrics.engine.igraph_available()


def _flag_measures(G, seed: int, cut_vertices: pd.DataFrame) -> pd.DataFrame:
    """Only the measures the flag rules read, for the stability resamples.

    Closeness, eigenvector, PageRank, effective size and the exact removal
    fragmentation are left out: no rule decides on them, and leaving them out makes
    a resample several times cheaper than :func:`metrics.actor_measures`.

    The graph is converted once (one :class:`~metrics.engine.GraphView`, one
    igraph graph) and the measures are read from it with the functions behind
    the public ones, which would each convert it again and check again what
    :meth:`Ecosystem.graph` guarantees (a simple graph with positive weights).
    The values are the public functions' own, to the last bit (tests/test_resample_fast.py).
    """
    nodes = sorted(G)
    view = GraphView(G)
    component = _component_labels(view)
    cut = cut_vertices["separated"]
    community = _communities(view, seed)
    roles = _brokerage_roles(view)
    columns = {
        "degree": dict(G.degree()),
        "strength": {node: float(value) for node, value in G.degree(weight="weight")},
        "betweenness": _betweenness(view),
        "constraint": _constraint(view),
        "participation": metrics.participation_coefficient(G, community),
        "cross_sector_share": metrics.cross_group_share(G, "sector"),
    }
    frame = pd.DataFrame({name: [values[n] for n in nodes] for name, values in columns.items()}, index=nodes)
    for role in ("liaison", "itinerant", "gatekeeper"):
        frame[f"brokerage_{role}"] = [roles[role][n] for n in nodes]
    frame["in_main_component"] = [component[n] == 0 for n in nodes]
    frame["is_cut_vertex"] = frame.index.isin(cut.index)
    frame["removal_cutoff"] = [int(cut.get(n, 0)) if component[n] == 0 else 0 for n in nodes]
    frame["removal_fragmentation_gain"] = 0.0  # evidence only; not needed to decide a flag
    return frame


# What _flag_measures reads from one converted graph: each as metrics.<name>(G) with
# its defaults computes it (the engine resolved as there), without converting again.
def _component_labels(view) -> dict:
    """:func:`metrics.component_labels`: node -> component, 0 the largest."""
    groups = _components(view, resolve_engine(view.n, "auto"))
    return {node: label for label, group in enumerate(groups) for node in group}


def _communities(view, seed: int) -> dict:
    """:func:`metrics.communities` (Louvain) with ``seed``."""
    if view.n == 0:
        return {}
    engine = _community_engine(view, "auto", "louvain")
    return _communities_of_view(view, "weight", 1.0, seed, engine, "louvain")


def _brokerage_roles(view) -> dict:
    """The role counts of :func:`metrics.brokerage` by sector: role -> {node: count}."""
    _, codes = _encode_groups(view, _group_labels(view.G, "sector"))
    counts = _brokerage_counts(view, codes) if view.n else np.zeros((0, 5), dtype=np.int64)
    return {role: dict(zip(view.nodes, counts[:, i].tolist())) for i, role in enumerate(metrics.ROLES)}


def _betweenness(view) -> dict:
    """:func:`metrics.betweenness` with the resamples' engine."""
    engine = resolve_engine(view.n, _RESAMPLE_ENGINE)
    samples = resolve_samples(view.n, None, None)
    values, _ = _betweenness_of_view(view, True, None, engine, samples, 0)
    return view.values(values)


def _constraint(view) -> dict:
    """:func:`metrics.constraint` (unweighted, isolates 0)."""
    if view.n == 0:
        return {}
    engine = resolve_engine(view.n, "auto")
    return view.values(_constraint_of_view(view, None, engine, 0.0))


def _tidy_indicators(network: pd.DataFrame) -> pd.DataFrame:
    """The indicator table with counts as ints (``actors 148``, not ``148.000000``).

    ``value`` holds ints and floats side by side, so it is an object column; each
    value keeps its own type in Jupyter, in ``indicator()`` and in the CSV.
    """
    tidy = network.copy()
    tidy["value"] = pd.Series(
        [
            int(value) if indicator in COUNT_INDICATORS else float(value)
            for indicator, value in zip(network["indicator"], network["value"])
        ],
        index=network.index,
        dtype=object,
    )
    return tidy


def _with_subject_names(flags: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The flags with ``subject_name`` beside ``subject``.

    An actor's subject is its id, so its name is looked up; a group's or the
    network's subject is already its label (a sector, a municipality, a pair of
    sectors as ``"academia|business"``, ``"network"``).
    """
    names = actors["name"].astype(str)
    named = flags.copy()
    named.insert(
        named.columns.get_loc("subject") + 1,
        "subject_name",
        [
            names.get(subject, str(subject)) if level == "actor" else str(subject)
            for subject, level in zip(flags["subject"], flags["level"])
        ],
    )
    return named


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
