"""The interactive network map: one self-contained HTML file that works offline.

Policymakers open these maps on locked-down computers, often without internet access,
by double-clicking a file.  So the map is a single HTML page with everything inlined
(the vis-network library shipped inside the ``pyvis`` package, styles, data) and a
Content-Security-Policy that forbids requests to any host and runs only the page's own
scripts.  The data are embedded as JSON and only ever put on the page as text, so an
organisation named ``<script>...`` shows as that name and runs nothing.

The layout is computed in Python, with a seed, and coordinates are rounded: the
same input gives the same bytes, which keeps maps diffable and reviewable.

What the reader gets
--------------------
* findings first: a headline strip of the strongest robust findings (the report's
  summary, in its order), each a button that lights and zooms to the actors involved,
  and the list of findings first in the side panel;
* the names of the flagged and the largest actors on the map, placed where they overlap
  no other name (``templates/map_story.js``);
* actors coloured by sector (the colour-blind-safe palette used in every output) or any
  categorical attribute, sized by a measure; ties coloured and dashed by relation,
  as wide as they are strong, with arrows when nominations are directed;
* facilitators and impediments marked by shape and border, listed with their
  explanation in a side panel;
* search by name; filters by relation, wave, sector, municipality and flag;
* a click on an actor highlights its ego network and opens its card: its roles (its
  findings), what its leaving would do and a few key figures first, then its
  attributes, every measure behind "show all measures", and its findings;
* a legend, the title, source, date, privacy level and, for the demo, a visible
  "synthetic data" label.

Large networks (more than ``WEBGL_ABOVE`` actors) are drawn with sigma.js on WebGL,
every actor visible and smooth to pan; register-scale networks (more than
``AGGREGATE_ABOVE`` actors) are drawn aggregated, one circle per community or sector,
with a note saying so.

Where the parts are
-------------------
This module checks the arguments and puts the parts together; each job has its module:

* :mod:`.map_data` -- the page's data: nodes, ties, actor cards, findings, legend
  and filters, from the graph and the ``actors`` and ``flags`` tables;
* :mod:`.map_groups` -- the same for the aggregated map, one circle per group;
* :mod:`.layout` -- where each actor is drawn (shared with the figures and the GEXF file);
* :mod:`.map_page` -- the HTML page: template, inlined scripts, security policy;
* :mod:`.attributes`, :mod:`.labels` and :mod:`.palette` -- how nodes and ties are
  read, named, coloured and sized, the same in every output.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
from pathlib import Path

import networkx as nx

from ..atomic import InputFiles, write_atomic
from ..i18n import check_language, t
from .attributes import node_ids
from .labels import LABEL_LENGTH, label_text, shortened
from .layout import checked_positions
from .layout import layout as seeded_layout
from .map_data import MapSettings, actor_map, check_color_by, checked_actors, checked_flags, measure_table
from .map_geography import LAYOUTS, geography_model
from .map_groups import aggregated_map
from .map_page import PHYSICS_MAX_NODES, page_html

__all__ = [
    "network_map",
    "NetworkMap",
    "PRIVACY_LEVELS",
    "PHYSICS_MAX_NODES",
    "AGGREGATE_ABOVE",
    "WEBGL_ABOVE",
    "RENDERERS",
    "LABEL_LENGTH",
    "label_text",
    "shortened",
]

#: Privacy levels a map can be marked with, shown in its header: the levels of
#: :mod:`skane_ecosystem.privacy`, whose ``apply_privacy`` prepares the data for each.
PRIVACY_LEVELS = ("internal", "public")

#: With ``aggregate="auto"``, networks with more actors than this are drawn one
#: circle per community: at register scale a hundred thousand dots help no reader,
#: and the page would weigh over 100 MB.
AGGREGATE_ABOVE = 50_000

#: With ``renderer="auto"``, maps of more actors than this are drawn with WebGL
#: (sigma.js): vis-network's canvas takes seconds to draw a few thousand actors and
#: pans haltingly, while WebGL draws 10,000 in well under a second
#: (``benchmarks/map_open.py``).  Below it the vis-network view keeps its shapes,
#: dashed ties and tooltips.
WEBGL_ABOVE = 1500

#: The views a map can be drawn with: ``"vis"`` (vis-network) or ``"webgl"`` (sigma.js).
RENDERERS = ("vis", "webgl")

_AGGREGATIONS = ("auto", "sector", "community", "municipality", None)
_RENDERER_CHOICES = ("auto", *RENDERERS)


# ====================================================================== public API
def network_map(
    G,
    actors=None,
    flags=None,
    *,
    color_by="sector",
    size_by=None,
    lang="en",
    title=None,
    synthetic=None,
    privacy="internal",
    source=None,
    removal=None,
    physics=None,
    seed=0,
    date=None,
    aggregate="auto",
    pos=None,
    renderer="auto",
    finish=None,
    layout="network",
    geography=None,
):
    """An interactive, offline HTML map of an ecosystem network.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Typically ``Ecosystem.graph()``: nodes carry ``name``, ``sector``, ``type``,
        ``municipality``, ``respondent`` and extra attributes; edges carry ``weight``,
        ``relations``, ``waves`` and ``confirmed``.  Any simple networkx graph works;
        missing attributes fall back to the node id, sector "other" and weight 1.
    actors : pandas.DataFrame, optional
        Indexed by node id, one numeric column per measure (``degree``, ``strength``,
        ``betweenness``, ``constraint`` ...).  Shown on each actor's card; ``size_by``
        picks one.  Without it, the degree is computed from ``G``.
    flags : pandas.DataFrame, optional
        Findings as produced by the analysis: columns ``subject``, ``level``, ``kind``
        ("facilitator" or "impediment") and ``code``; optional ``severity`` (or
        ``score``), ``stability``, ``tentative``, ``explanation_en``,
        ``explanation_sv`` and ``evidence`` (dict).  Actor-level flags mark their
        actor on the map; every flag is listed in the side panel.
    color_by : str
        ``"sector"`` (default) or any categorical node attribute or ``actors`` column,
        e.g. ``"type"``, ``"municipality"`` or ``"community"``.
    size_by : str, optional
        The ``actors`` column that sets node size (default ``"degree"``).
    lang : {"en", "sv"}
        The language of every label on the map.
    title : str, optional
        Default: ``G.graph["title"]``, else "Ecosystem network".
    synthetic : bool, optional
        Whether the data are synthetic; default ``G.graph["synthetic"]``.  Synthetic
        maps carry a visible label saying so.
    privacy : {"internal", "public"}
        Who may see the map, printed in its header.  The map shows what it is given:
        prepare public maps from data passed through
        :func:`skane_ecosystem.privacy.apply_privacy`.
    source : str or list of str, optional
        Where the data come from (e.g. the survey's file name), shown in the header.
    removal : dict, optional
        ``actor id -> {"cut_off": int, "fragmentation_gain": float, ...}``: the
        precomputed impact of removing each actor, shown on its card.
    physics : bool, optional
        Let the browser keep arranging small maps (at most ``PHYSICS_MAX_NODES``
        nodes).  Default: off, so the map shows exactly the seeded layout.
    seed : int
        Seed of the layout (and of community detection when aggregating).
    date : str or datetime.date, optional
        Shown in the header.  Default: no date, so the same input gives the same bytes.
    aggregate : {"auto", "sector", "community", "municipality", None}
        Draw one circle per sector, community or municipality instead of one per
        actor.  ``"auto"`` aggregates by community above ``AGGREGATE_ABOVE`` actors;
        ``None`` never does.
    pos : dict, optional
        Precomputed positions ``node -> (x, y)``, e.g. to draw two survey waves with the
        same layout.  Default: computed from ``G`` with ``seed``.
    renderer : {"auto", "vis", "webgl"}
        How the browser draws the actors.  ``"auto"`` uses vis-network up to
        ``WEBGL_ABOVE`` actors and sigma.js on WebGL above; aggregated maps, a few
        dozen circles, always use vis-network.  The WebGL view draws findings as
        coloured rings rather than shapes, ties as solid lines, and has no hover
        tooltips (a click opens the card); search, filters and cards are the same.
    finish : callable, optional
        Called as ``finish(model, settings)`` with the page's data before the page is
        written; returns the data to draw.  How :mod:`.map_change` styles a map of
        change between waves without a map code of its own.
    layout : {"network", "geography"}
        The view the map opens with: the network layout, or each actor at its
        municipality over the region's outline.  Whenever municipalities are known
        (and actors are drawn one by one with vis-network) the map offers both,
        with a "Network / Geography" toggle.
    geography : skane_ecosystem.geography.Geography, optional
        The region's municipalities and outline; default Skåne's.  Another region's
        with :func:`skane_ecosystem.geography.read_geography`.

    Returns
    -------
    NetworkMap
        ``.save(path)`` writes the HTML file; in Jupyter the map shows inline.

    Raises
    ------
    ValueError
        If an argument cannot be used; the message says what to pass instead.

    Notes
    -----
    Layout.  Each connected part of the network is laid out on its own and the parts
    are packed side by side, largest first, with actors without ties in a grid: laid
    out together, a few isolates would push the network into a corner.  Parts of up
    to ``layout.SPRING_MAX_NODES`` actors use networkx's spring layout (Fruchterman &
    Reingold), larger ones igraph's implementation of the same algorithm when
    python-igraph is installed.  Both are seeded and coordinates are rounded to a
    tenth of a pixel.

    Size and speed.  The page carries the vis-network library (about 0.7 MB), or
    sigma.js and graphology (about 0.26 MB), plus roughly 1.3 kB per actor and 170
    bytes per tie.  Figures for 2,000, 10,000 and 100,000 actors are in
    ``docs/map.md`` (measured with ``benchmarks/map_open.py``).

    Examples
    --------
    >>> import networkx as nx
    >>> m = network_map(nx.karate_club_graph(), title="Karate club")
    >>> m.n_nodes
    34
    >>> m.save("karate.html")  # doctest: +SKIP

    References
    ----------
    .. [1] vis-network, https://visjs.github.io/vis-network/ (shipped with pyvis).
    .. [3] sigma.js, https://www.sigmajs.org/, and graphology,
       https://graphology.github.io/ (vendored in ``render/static``).
    .. [2] Okabe, M. & Ito, K. (2008). Color Universal Design: how to make figures and
       presentations that are friendly to colorblind people.
    """
    _check_graph(G)
    lang = check_language(lang)
    _check_choice("privacy", privacy, PRIVACY_LEVELS)
    _check_choice("aggregate", aggregate, _AGGREGATIONS)
    _check_choice("renderer", renderer, _RENDERER_CHOICES)
    _check_seed(seed)
    ids = node_ids(G)
    actors = checked_actors(actors, ids)
    flag_rows = checked_flags(flags, lang)
    removal = _checked_removal(removal)
    grouping = _grouping(aggregate, G.number_of_nodes())
    physics = _checked_physics(physics, G.number_of_nodes(), grouping)
    view = _renderer(renderer, G.number_of_nodes(), grouping)
    _check_layout(layout, grouping, view)
    if physics and view == "webgl":
        raise ValueError(
            "physics=True is offered by the vis-network view only; pass renderer='vis' or leave physics off"
        )
    measures, size_by = measure_table(G, ids, actors, size_by)
    if grouping is None:
        check_color_by(color_by, G, actors)
        positions = checked_positions(pos, G, ids) if pos is not None else seeded_layout(G, seed)
    elif pos is not None:
        raise ValueError("pos cannot be combined with aggregation; pass aggregate=None to use it")

    settings = MapSettings(
        lang=lang,
        title=str(title) if title is not None else str(G.graph.get("title") or t("common.title", lang)),
        synthetic=bool(G.graph.get("synthetic", False) if synthetic is None else synthetic),
        privacy=privacy,
        source=_source_text(source),
        date=_date_text(date),
        directed=G.is_directed(),
        physics=physics,
        seed=int(seed),
        color_by=color_by,
        size_by=size_by,
        grouping=grouping,
        renderer=view,
    )
    if grouping is None:
        model = actor_map(G, ids, actors, measures, flag_rows, removal, positions, settings)
        model["geography"] = geography_model(G, ids, actors, geography, layout, settings)
    else:
        model = aggregated_map(G, ids, measures, flag_rows, settings)
    if finish is not None:
        model = finish(model, settings)
    return NetworkMap(page_html(model, settings), settings.title, len(model["nodes"]), grouping)


class NetworkMap:
    """A rendered network map: save it, or let Jupyter show it.

    Parameters
    ----------
    html : str
        The complete, self-contained page.
    title : str
    n_nodes : int
        Circles on the map (actors, or groups when aggregated).
    aggregated : {None, "sector", "community", "municipality"}

    Examples
    --------
    >>> import networkx as nx
    >>> m = network_map(nx.path_graph(3))
    >>> m.html.startswith("<!DOCTYPE html>")
    True
    """

    #: The files the map was drawn from (set by ``Analysis.explore``): :meth:`save`
    #: never writes over one of them.
    inputs: tuple = ()

    def __init__(self, html: str, title: str, n_nodes: int, aggregated=None):
        self.html = html
        self.title = title
        self.n_nodes = n_nodes
        self.aggregated = aggregated

    def save(self, path) -> Path:
        """Write the map to ``path`` (an ``.html`` file) and return the path.

        The page is written to a temporary file in the same folder and then renamed,
        so a reader never finds a half-written map, even if writing is interrupted.
        A ``path`` that is one of :attr:`inputs` (or a link to one) is refused with
        :class:`~skane_ecosystem.atomic.OutputRefusedError`.
        """
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise ValueError(f"save the map as an .html file, not {path.name!r}")
        if not path.parent.is_dir():
            raise ValueError(f"the folder {str(path.parent)!r} does not exist; create it first")
        InputFiles(self.inputs).check_file(path)
        return write_atomic(path, self.html)

    def _repr_html_(self) -> str:
        # An iframe keeps the page's script, styles and security policy apart from the
        # notebook's; srcdoc works the same in classic Jupyter, JupyterLab and VS Code.
        document = _html.escape(self.html, quote=True)
        return (
            f'<iframe srcdoc="{document}" title="{_html.escape(self.title, quote=True)}" '
            'sandbox="allow-scripts" style="width:100%;height:720px;border:1px solid #ddd">'
            "</iframe>"
        )

    def __repr__(self) -> str:
        what = f"{self.n_nodes} {'groups' if self.aggregated else 'actors'}"
        return f"<NetworkMap {self.title!r}: {what}, {len(self.html):,} characters>"


# ============================================================== argument checking
def _check_graph(G) -> None:
    if not isinstance(G, nx.Graph):
        raise ValueError(
            f"network_map needs a networkx Graph or DiGraph, got {type(G).__name__}; use Ecosystem.graph() to get one"
        )
    if G.is_multigraph():
        raise ValueError(
            "network_map does not draw multigraphs: combine parallel ties first, "
            "e.g. with Ecosystem.graph(), which sums relations per pair"
        )


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def _check_layout(layout, grouping, view: str) -> None:
    """The geography view places each actor on its own: not on an aggregated or a WebGL map."""
    _check_choice("layout", layout, LAYOUTS)
    if layout == "geography" and (grouping is not None or view != "vis"):
        raise ValueError("layout='geography' draws each actor with vis-network: pass renderer='vis' and aggregate=None")


def _check_seed(seed) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer, not {seed!r}")


def _checked_removal(removal) -> dict:
    if removal is None:
        return {}
    if not isinstance(removal, dict) or not all(isinstance(v, dict) for v in removal.values()):
        raise ValueError("removal must be a dict: actor id -> {'cut_off': int, 'fragmentation_gain': float, ...}")
    return {str(k): v for k, v in removal.items()}


def _grouping(aggregate, n_nodes: int):
    if aggregate == "auto":
        return "community" if n_nodes > AGGREGATE_ABOVE else None
    return aggregate


def _renderer(renderer, n_nodes: int, grouping) -> str:
    if grouping is not None:
        return "vis"  # a few dozen circles with their tooltips
    if renderer == "auto":
        return "webgl" if n_nodes > WEBGL_ABOVE else "vis"
    return renderer


def _checked_physics(physics, n_nodes: int, grouping) -> bool:
    if physics is None or physics is False:
        return False
    if physics is not True:
        raise ValueError(f"physics must be True, False or None, not {physics!r}")
    if grouping is None and n_nodes > PHYSICS_MAX_NODES:
        raise ValueError(
            f"physics=True is offered up to {PHYSICS_MAX_NODES} actors; this network has "
            f"{n_nodes}. Leave physics off: the seeded layout is already computed."
        )
    return True


def _source_text(source) -> str | None:
    if source is None:
        return None
    if isinstance(source, (list, tuple)):
        return ", ".join(str(s) for s in source) or None
    return str(source)


def _date_text(date) -> str | None:
    if date is None:
        return None
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return str(date)
