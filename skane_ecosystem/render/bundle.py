"""Everything an analysis produces, written to one folder: the bundle.

:func:`write_bundle` is the one function behind both ``Analysis.report(out_dir)`` and
the command ``skane-eco analyze PATH --out DIR``.  It writes::

    out_dir/
      report.html          the report for policymakers (self-contained, prints to PDF)
      report.xlsx          every table, for analysts
      map.html             the interactive offline map
      figures/             each figure as PNG and SVG (or the formats asked for)
      actors.csv  flags.csv  network.csv  sectors.csv
      ties.csv ...         a long table cut short in report.xlsx (above report_xlsx.SHEET_ROWS rows)
      qualitative_*.csv    code counts of coded qualitative material (and, internal, the quotes)
      sni_sections.csv     actors by sector and SNI section (when the survey gives SNI codes)
      ecosystem.gexf  ecosystem.graphml   for Gephi, igraph, Cytoscape
      run.json             tool version, input hashes, configuration, seed, timings

Every file is built from the same privacy-filtered tables
(:func:`skane_ecosystem.privacy.apply_privacy`), so a public bundle leaks nothing in
any of its files.  The bundle is one run's files and nothing else: it is built in a
hidden staging folder next to ``out_dir`` and swapped into place whole
(:class:`skane_ecosystem.atomic.OutputFolder`), replacing an earlier run's files
entirely, so a public bundle never sits beside an earlier internal run's figures.
If anything fails, ``out_dir`` is left as it was, with nothing half-written; a
folder holding an input file, or files of its own, is refused.

Same analysis, same bytes: every file except ``run.json`` (which records timings) is
byte-identical when a bundle is written twice.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import InputFiles, OutputFolder, file_sha256, write_atomic
from ..i18n import check_language, t
from ..parallel import in_background, usable_cores
from ..privacy import LEVELS, MIN_CELL, ShownTables, apply_privacy
from ..stopping import stops_cleanly
from .csvtext import CSV_STYLES, csv_bytes

__all__ = [
    "write_bundle",
    "shown_map",
    "draw_figures",
    "encoded_figures",
    "figure_formats",
    "BUNDLE_FILES",
    "CSV_TABLES",
    "QUALITATIVE_CSV",
    "FIGURE_FORMATS",
]

#: The files of a bundle (figures/ holds one PNG and one SVG per figure drawn).
BUNDLE_FILES = (
    "report.html",
    "report.xlsx",
    "map.html",
    "actors.csv",
    "flags.csv",
    "network.csv",
    "sectors.csv",
    "ecosystem.gexf",
    "ecosystem.graphml",
    "run.json",
)

#: CSV file -> the ShownTables table it holds.
CSV_TABLES = {"actors.csv": "actors", "flags.csv": "flags", "network.csv": "network", "sectors.csv": "sectors"}

#: CSV file -> the table of ``ShownTables.qualitative`` it holds; written when the
#: ecosystem has coded qualitative material (quotes only where the privacy level shows them).
QUALITATIVE_CSV = {
    "qualitative_by_sector.csv": "by_sector",
    "qualitative_by_municipality.csv": "by_municipality",
    "qualitative_cooccurrence.csv": "cooccurrence",
    "qualitative_by_finding.csv": "by_finding",
    "qualitative_quotes.csv": "quotes",
}

#: Figure file formats written to figures/ (by default, both: the report inlines the
#: lighter of the two, so the report looks the same whichever is asked for first).
FIGURE_FORMATS = ("png", "svg")


# =================================================================== public
def write_bundle(
    analysis,
    out_dir,
    lang: str = "en",
    privacy: str = "internal",
    pseudonymize_actors: bool = False,
    map_html: bool = True,
    progress: Callable[[str], None] | None = None,
    figures: bool | str | tuple[str, ...] = True,
    min_cell: int = MIN_CELL,
    csv_style: str = "comma",
) -> dict[str, Path]:
    """Write the report, workbook, map, figures, tables and graph files of an analysis.

    Parameters
    ----------
    analysis : Analysis
        From :func:`skane_ecosystem.analyze`.  Every file shows what it holds and
        computes nothing: the section on change shows ``analysis.comparison``
        (``analyze(compare_with=...)``, :meth:`~skane_ecosystem.Analysis.compare`).
    out_dir : str or path-like
        The folder to write (created if missing).  It must be new, empty, or an
        earlier bundle (its run.json lists every file in it), which is replaced
        as a whole; it must not hold any file the analysis was read from.
    lang : {"en", "sv"}
        Language of every text in every file.
    privacy : {"internal", "public"}
        What the files may show; see :mod:`skane_ecosystem.privacy`.
    pseudonymize_actors : bool
        Replace organisation names by stable pseudonyms ("Actor 12").
    map_html : bool
        Write the interactive map (``map.html``) and link it from the report.
    progress : callable, optional
        Called with the name of each step (``"tables"``, ``"map"``, ``"report.xlsx"``,
        ``"csv"``, ``"graphs"``, ``"figures"``, ``"report.html"``, ``"run.json"``,
        ``"done"``) as it starts, for a progress display.
    figures : bool, str or tuple of str
        The figure formats to write to ``figures/``: ``True`` (default) for PNG and
        SVG, ``"png"``, ``"svg"``, ``"png,svg"`` (or a tuple of them), or
        ``False``/``"none"`` for no figures.  The report inlines the lighter of the
        formats drawn (see :func:`figure_formats`).  On a computer with two or more
        cores the figures are drawn in forked worker processes, one per core, while
        this one writes the other files.
    min_cell : int
        Smallest count a public table shows (default 5).
    csv_style : {"comma", "semicolon"}
        The CSV tables' field separator and decimal mark: ``,`` and ``.``, or ``;``
        and ``,`` as Excel with Swedish regional settings reads them on a
        double-click.  Either way UTF-8 with a byte order mark, evidence as JSON
        and lists as text (:mod:`skane_ecosystem.render.csvtext`).

    Returns
    -------
    dict
        File name (``"report.html"``, ``"figures/network.png"`` ...) -> Path written.

    Raises
    ------
    ValueError
        For an unusable argument; or
        :class:`~skane_ecosystem.atomic.OutputRefusedError` (a ValueError) for an
        output folder that holds an input file or files not from an earlier run.
        Nothing is written.
    OSError
        If the folder cannot be written (read-only, a full disk); ``out_dir`` is
        left as it was.

    Examples
    --------
    >>> import skane_ecosystem as se
    >>> paths = write_bundle(se.analyze(se.demo()), "reports/demo", lang="sv",
    ...                      privacy="public")                       # doctest: +SKIP
    >>> sorted(paths)[:3]                                             # doctest: +SKIP
    ['actors.csv', 'ecosystem.gexf', 'ecosystem.graphml']
    """
    lang = check_language(lang)
    if privacy not in LEVELS:
        raise ValueError(f"privacy must be one of {LEVELS}, not {privacy!r}")
    if csv_style not in CSV_STYLES:
        raise ValueError(f"csv_style must be one of {tuple(CSV_STYLES)}, got {csv_style!r}")
    if not hasattr(analysis, "ecosystem") or not hasattr(analysis, "flags"):
        raise TypeError(f"write_bundle needs an Analysis (from skane_ecosystem.analyze), not {type(analysis).__name__}")
    if progress is not None and not callable(progress):
        raise TypeError("progress must be a function taking the step name, or None")
    formats = figure_formats(figures)
    folder = OutputFolder(out_dir, _input_files(analysis))  # refused before any work is done
    clock = _Clock(progress)

    clock.step("tables")
    shown = apply_privacy(analysis, privacy, pseudonymize_actors, min_cell=min_cell, lang=lang)
    # stops_cleanly: a script or notebook stopped by SIGTERM or SIGHUP still removes
    # the staging folder and the figure workers before it ends
    with stops_cleanly(), folder:
        _write_all(shown, analysis, folder.path, clock, map_html, formats, csv_style)
        clock.step("run.json")  # written, with the list of files, as the folder is swapped in
        folder.record.update(_run_record(shown, analysis, clock.timings))
    clock.step("done")
    return folder.files


def draw_figures(shown: ShownTables, names=None) -> dict:
    """The report's figures (matplotlib Figures) drawn from shown tables.

    Parameters
    ----------
    shown : ShownTables
    names : iterable of str, optional
        Draw only these (default: all).

    Returns
    -------
    dict
        Figure name (see ``report_html.FIGURE_NAMES``) -> Figure; figures that the
        data cannot support (no waves, suppressed cells) are left out, and so is the
        network above ``report_html.NETWORK_FIGURE_MAX_ACTORS`` actors.
    """
    makers = _figure_makers(shown)
    wanted = set(makers if names is None else names)
    return {name: make() for name, make in makers.items() if name in wanted}


def _figure_makers(shown: ShownTables) -> dict:
    """name -> a function drawing that figure, for each figure the data support."""
    from . import figures as fig
    from .report_html import NETWORK_FIGURE_MAX_ACTORS

    lang, synthetic, seed = shown.policy.lang, shown.synthetic, shown.meta.get("seed", 0)
    makers = {}
    measures = _numeric_measures(shown)
    if 0 < shown.graph.number_of_nodes() <= NETWORK_FIGURE_MAX_ACTORS:
        makers["network"] = partial(
            fig.network_figure,
            shown.graph,
            actors=measures,
            flags=_map_flags(shown),
            lang=lang,
            title=shown.title,
            synthetic=synthetic,
            seed=seed,
        )
    matrix = shown.sector_matrix
    if len(matrix) and all(isinstance(v, (int, np.integer)) for v in matrix.to_numpy().ravel()):
        makers["sector_heatmap"] = partial(fig.sector_heatmap, matrix.astype(int), lang=lang, synthetic=synthetic)
    by_sector = _actors_by_sector(shown, measures)
    for name, measure in (("ei_by_sector", "ei_index"), ("betweenness_by_sector", "betweenness")):
        if measure in by_sector.columns and by_sector[measure].notna().any():
            makers[name] = partial(fig.measure_by_sector, by_sector, measure, lang=lang, synthetic=synthetic, seed=seed)
    if len(shown.robustness):
        curves = {
            t(f"report.robustness.label_{order}", lang): curve
            for order, curve in shown.robustness.groupby("order", sort=True)
        }
        makers["robustness"] = partial(fig.robustness_figure, curves, lang=lang, synthetic=synthetic)
    if shown.waves and fig.has_wave_change_to_draw(shown.waves["indicators"]):
        makers["wave_change"] = partial(
            fig.wave_change_figure,
            shown.waves["indicators"],
            lang=lang,
            synthetic=synthetic,
            labels=(str(shown.waves["wave_from"]), str(shown.waves["wave_to"])),
        )
    return dict(sorted(makers.items()))


def figure_formats(figures) -> tuple[str, ...]:
    """The figure formats a ``figures`` argument asks for, checked, in a fixed order.

    Parameters
    ----------
    figures : bool, str or iterable of str
        ``True`` for every format of :data:`FIGURE_FORMATS`; ``False``, ``"none"``
        or ``""`` for none; ``"png"``, ``"svg"``, ``"png,svg"`` or an iterable of
        format names for those.

    Returns
    -------
    tuple of str
        A part of :data:`FIGURE_FORMATS`, in its order (empty: no figures).

    Raises
    ------
    ValueError
        For a format the bundle cannot write.

    Examples
    --------
    >>> figure_formats(True), figure_formats("svg, png"), figure_formats("none")
    (('png', 'svg'), ('png', 'svg'), ())
    """
    if isinstance(figures, (bool, np.bool_)):
        return FIGURE_FORMATS if figures else ()
    names = figures.split(",") if isinstance(figures, str) else list(figures)
    wanted = {str(name).strip().lower() for name in names} - {"", "none"}
    unknown = sorted(wanted - set(FIGURE_FORMATS))
    if unknown:
        raise ValueError(f"figures must be png, svg, png,svg or none, not {', '.join(map(repr, unknown))}")
    return tuple(fmt for fmt in FIGURE_FORMATS if fmt in wanted)


def encoded_figures(drawn: dict) -> dict:
    """Figures as ``{name: {"svg": bytes}}`` or ``{name: {"png": bytes}}`` (the smaller)
    for inlining in the report; the bytes are reproducible."""
    from .figures import figure_bytes

    return {
        name: _smaller({fmt: figure_bytes(figure, fmt) for fmt in FIGURE_FORMATS}) for name, figure in drawn.items()
    }


# ================================================================== writing
class _Clock:
    """Reports each step to ``progress`` and times it for run.json."""

    def __init__(self, progress):
        self.progress = progress
        self.timings: dict[str, float] = {}
        self._current, self._started = None, time.perf_counter()

    def step(self, name: str) -> None:
        now = time.perf_counter()
        if self._current is not None:
            self.timings[self._current] = round(now - self._started, 4)
        self._current, self._started = name, now
        if self.progress is not None:
            self.progress(name)


def _write_all(shown, analysis, staging: Path, clock: _Clock, map_html: bool, formats: tuple, csv_style: str) -> None:
    # The figures are half of a bundle's work and need nothing else it writes: they
    # are drawn in other processes while this one writes the map, workbook and tables.
    # Only this process writes files, so a failure here leaves nothing behind.
    drawing = _draw_in_background(shown, formats) if formats else []
    map_file = None
    change = _change_tables(shown, analysis)
    if map_html:
        clock.step("map")
        map_file = _save_map(shown, staging)
        if change is not None:
            from .map_change import shown_change_map

            write_atomic(staging / "change_map.html", shown_change_map(change).html)
    clock.step("report.xlsx")
    from .report_xlsx import SHEET_CSV, cut_sheets, workbook_bytes

    # A sheet shows a long table's first rows; the whole table is in a CSV file,
    # which the sheet names (actors.csv and flags.csv are in every bundle).
    cut = cut_sheets(shown)
    write_atomic(staging / "report.xlsx", workbook_bytes(shown, csv_files=SHEET_CSV))
    clock.step("csv")
    for name, table in CSV_TABLES.items():
        write_atomic(staging / name, csv_bytes(_csv_frame(shown, table), style=csv_style))
    for sheet, table in cut.items():
        if SHEET_CSV[sheet] not in CSV_TABLES:
            write_atomic(staging / SHEET_CSV[sheet], csv_bytes(table, style=csv_style))
    for name, table in _optional_csv_tables(shown).items():
        write_atomic(staging / name, csv_bytes(table, style=csv_style))
    clock.step("graphs")
    from .gexf import gexf_bytes, graphml_bytes

    write_atomic(staging / "ecosystem.gexf", gexf_bytes(shown.graph, shown.flags, seed=shown.meta.get("seed", 0)))
    write_atomic(staging / "ecosystem.graphml", graphml_bytes(shown.graph, shown.flags))
    clock.step("figures")  # what is left of drawing them once the rest is written
    figure_files = [item for part in drawing for item in part.result().items()]
    figure_files = dict(sorted([*figure_files, *_change_figure_files(change, formats).items()]))
    images = _save_figures(figure_files, staging) if figure_files else {}
    clock.step("report.html")
    from .report_html import render_html

    write_atomic(staging / "report.html", render_html(shown, images, map_file=map_file))


def _draw_in_background(shown, formats: tuple) -> list:
    """Start drawing the figures in ``formats``, dealt out over one process per core.

    Returns the pending parts (``result()`` gives each part's files)."""
    names = list(_figure_makers(shown))
    parts = max(1, min(len(names), usable_cores()))
    return [in_background(_figure_files, shown, names[part::parts], formats) for part in range(parts)]


def _figure_files(shown, names, formats: tuple = FIGURE_FORMATS) -> dict[str, bytes]:
    """The named figures in ``formats``: ``{"figures/network.png": bytes, ...}``."""
    from .figures import figure_bytes

    return {
        f"figures/{name}.{fmt}": figure_bytes(figure, fmt)
        for name, figure in draw_figures(shown, names).items()
        for fmt in formats
    }


def _save_figures(files: dict[str, bytes], staging: Path) -> dict:
    """Write the figure files; returns the lighter version of each figure for the report."""
    (staging / "figures").mkdir()
    images: dict[str, dict] = {}
    for name, content in files.items():
        write_atomic(staging / name, content)
        figure, fmt = Path(name).stem, Path(name).suffix.lstrip(".")
        images.setdefault(figure, {})[fmt] = content
    return {figure: _smaller(versions) for figure, versions in images.items()}


def _smaller(image: dict) -> dict:
    """The lighter of the PNG and SVG versions: a network of hundreds of actors is
    megabytes as SVG, while a chart is lighter (and prints sharper) as SVG."""
    fmt = min(image, key=lambda f: (len(image[f]), f))
    return {fmt: image[fmt]}


def _change_tables(shown, analysis) -> ShownTables | None:
    """The analysis' comparison, both waves on one graph, through the bundle's privacy
    policy: what change_map.html and the change figure show (None without a comparison)."""
    if analysis.comparison is None:
        return None
    policy = shown.policy
    return apply_privacy(
        analysis.comparison.change_analysis(),
        policy.level,
        policy.pseudonymize_actors,
        min_cell=policy.min_cell,
        lang=policy.lang,
    )


def _change_figure_files(change, formats: tuple) -> dict[str, bytes]:
    """figures/change.* when there is a comparison small enough to draw."""
    from .change_figure import change_figure
    from .figures import figure_bytes
    from .report_html import NETWORK_FIGURE_MAX_ACTORS

    if change is None or not formats or not 0 < change.graph.number_of_nodes() <= NETWORK_FIGURE_MAX_ACTORS:
        return {}
    figure = change_figure(change)
    return {f"figures/change.{fmt}": figure_bytes(figure, fmt) for fmt in formats}


def _save_map(shown, staging: Path) -> str:
    write_atomic(staging / "map.html", shown_map(shown).html)
    return "map.html"


def shown_map(shown: ShownTables, **options):
    """The interactive map of privacy-filtered tables: the bundle's ``map.html``, and
    ``Analysis.explore(privacy="public")``.

    Parameters
    ----------
    shown : ShownTables
        From :func:`skane_ecosystem.privacy.apply_privacy`.
    **options
        Passed on to :func:`skane_ecosystem.render.map.network_map` (``color_by``,
        ``size_by``, ``aggregate`` ...).

    Returns
    -------
    NetworkMap
    """
    from .map import network_map

    settings = {
        "lang": shown.policy.lang,
        "title": shown.title,
        "synthetic": shown.synthetic,
        "privacy": shown.policy.level,
        "source": shown.meta.get("sources") or None,
        "seed": shown.meta.get("seed", 0),
    } | options
    return network_map(
        _graph_with_quotes(shown),
        actors=_numeric_measures(shown),
        flags=_map_flags(shown),
        removal=_removal(shown),
        **settings,
    )


def _graph_with_quotes(shown: ShownTables):
    """The shown graph, carrying the quotes for the actor cards when the privacy
    level shows them (a copy: the graph files must not carry them)."""
    from .map_data import QUOTES_ATTRIBUTE

    quotes = shown.qualitative.get("quotes")
    if quotes is None or quotes.empty:
        return shown.graph
    graph = shown.graph.copy()
    graph.graph[QUOTES_ATTRIBUTE] = {
        actor: passages[["code", "kind", "quote", "source"]].to_dict("records")
        for actor, passages in quotes.groupby("actor", sort=True)
    }
    return graph


def _input_files(analysis) -> InputFiles:
    """The files the analysis was read from that are still on disk (the loaders record them)."""
    from ..io.sources import source_paths

    return InputFiles(source_paths(analysis.ecosystem))


# ==================================================================== tables
def _numeric_measures(shown) -> pd.DataFrame:
    """Measures as numbers for the map and figures; suppressed cells become missing."""
    table = shown.actors[[c for c in shown.measures]].copy()
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = pd.to_numeric(table[column], errors="coerce")
    return table


def _map_flags(shown) -> pd.DataFrame:
    flags = shown.flags.rename(columns={"explanation": f"explanation_{shown.policy.lang}"})
    return flags.drop(columns=["subject_name"])


def _removal(shown) -> dict:
    actors = shown.actors
    if not {"removal_cutoff", "removal_fragmentation_gain"} <= set(actors.columns):
        return {}
    return {
        actor: {"cut_off": int(row["removal_cutoff"]), "fragmentation_gain": float(row["removal_fragmentation_gain"])}
        for actor, row in actors[["removal_cutoff", "removal_fragmentation_gain"]].iterrows()
    }


def _actors_by_sector(shown, measures: pd.DataFrame) -> pd.DataFrame:
    """Actors for the by-sector figures; in public, only sectors with enough actors."""
    table = measures.assign(sector=shown.actors["sector"])
    if shown.policy.public:
        sizes = table["sector"].value_counts()
        table = table[table["sector"].map(sizes) >= shown.policy.min_cell]
    return table


def _optional_csv_tables(shown) -> dict[str, pd.DataFrame]:
    """The CSV files a bundle has only when the survey gives their data: the
    qualitative tables and the SNI sections, each with its row labels as a column."""
    tables = {name: shown.qualitative.get(key) for name, key in QUALITATIVE_CSV.items()}
    tables["sni_sections.csv"] = shown.sni_sections
    return {
        name: table if name == "qualitative_quotes.csv" else table.rename_axis(table.index.name or "code").reset_index()
        for name, table in tables.items()
        if table is not None and len(table)
    }


def _csv_frame(shown, table: str) -> pd.DataFrame:
    frame = getattr(shown, table)
    return frame.reset_index() if table == "actors" else frame


# ================================================================== run.json
def _run_record(shown, analysis, timings: dict) -> dict:
    """What run.json records besides the files (OutputFolder adds the tool, version and
    every output file with its SHA-256)."""
    run = {
        "title": shown.title,
        "synthetic": shown.synthetic,
        "lang": shown.policy.lang,
        "privacy": {
            "level": shown.policy.level,
            "pseudonymize_actors": shown.policy.pseudonymize_actors,
            "min_cell": shown.policy.min_cell,
        },
        "analysis": {
            "relation": shown.meta.get("relation"),
            "wave": shown.meta.get("wave"),
            "mode": shown.meta.get("mode"),
            # how non-respondents' ties were treated (analyze(nonresponse=...)): part of what was analysed
            "nonresponse": (shown.inference or {}).get("nonresponse", "none"),
        },
        "seed": shown.meta.get("seed"),
        "config": shown.meta.get("config"),
        "inputs": _input_hashes(analysis),
        "timings": {"analysis": dict(analysis.timings), "bundle": dict(timings)},
    }
    return _jsonable(run)


def _input_hashes(analysis) -> list[dict]:
    found = {p.name: p for p in _input_files(analysis)}
    names = [str(n) for n in analysis.ecosystem.meta.get("sources") or []]
    return [
        {"file": Path(n).name, "sha256": file_sha256(found[Path(n).name]) if Path(n).name in found else None}
        for n in names
    ]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value
