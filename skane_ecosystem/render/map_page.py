"""The map's page: the HTML template, the inlined scripts and styles, and the data as JSON.

Policymakers open these maps on locked-down computers, often without internet access,
by double-clicking a file.  So the page (``templates/map.html.j2``) has everything
inlined: the drawing library and its view -- vis-network, shipped inside the ``pyvis``
package, with ``templates/map_view_vis.js``, or for large maps sigma.js and graphology,
vendored in ``render/static``, with ``templates/map_view_webgl.js`` -- the page's own
scripts (``templates/map.js``; ``templates/map_story.js``, the headline of findings and
the names placed on the map), styles and data, and a Content-Security-Policy that
forbids requests to any host and runs only the page's own scripts.  The data are
embedded as JSON and only ever put on the page as text, so an organisation named
``<script>...`` shows as that name and runs nothing.

References
----------
.. [1] vis-network, https://visjs.github.io/vis-network/ (shipped with pyvis).
.. [2] sigma.js, https://www.sigmajs.org/; graphology, https://graphology.github.io/
   (versions and licences in ``render/static/THIRD_PARTY.md``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from ..i18n import catalog, t
from ..sectors import SECTOR_LABELS
from . import palette
from .labels import relation_label
from .map_data import MUNICIPALITY_CODES, MapSettings, shown_count

__all__ = ["page_html", "PHYSICS_MAX_NODES"]

#: Above this many drawn nodes the browser's physics simulation is not offered: the
#: layout computed in Python is shown as is, which keeps large maps fast and still.
PHYSICS_MAX_NODES = 300

_VIS_DIR = ("templates", "lib", "vis-9.1.2")

#: A label size (pixels) no label reaches: vis-network draws a name only from its
#: ``drawThreshold`` up, so with this threshold it draws none.
_NEVER = 10_000

#: The files of the WebGL view's libraries in ``render/static``, in loading order.
_WEBGL_LIBRARIES = ("graphology.umd.min.js", "sigma.min.js")


def page_html(model: dict, settings: MapSettings) -> str:
    """The complete, self-contained HTML page of a map.

    Parameters
    ----------
    model : dict
        The page's data, from :func:`~.map_data.actor_map` or
        :func:`~.map_groups.aggregated_map`.
    settings : MapSettings

    Returns
    -------
    str
    """
    lang = settings.lang
    page_data = {
        "lang": lang,
        "renderer": settings.renderer,
        "directed": settings.directed,
        "aggregated": settings.grouping,
        "nodes": model["nodes"],
        "edges": model["edges"],
        "flags": model["flags"],
        "labels": _script_labels(lang),
        "relationLabels": {r: relation_label(r, lang) for e in model["edges"] for r in e["relations"]},
        "sectorLabels": SECTOR_LABELS[lang],
        "municipalityCodes": MUNICIPALITY_CODES,
        "options": _vis_options(len(model["nodes"]), settings, bool(model.get("named")))
        if settings.renderer == "vis"
        else None,
        "dimmed": palette.DIMMED_COLOR,
        "groups": model.get("groups"),
        "headline": model.get("headline", []),
        "named": model.get("named", []),
        "geography": model.get("geography"),
    }
    data_json = _json_for_script(page_data)
    # An aggregated map draws a group's actors, on a drill-down, with the WebGL view.
    views = sorted({settings.renderer, "webgl"} if model.get("groups") else {settings.renderer})
    scripts = [
        *(script for view in views for script in _library_scripts(view)),
        *(_asset(f"map_view_{view}.js") for view in views),
        _asset("map.js"),
        _asset("map_story.js"),
        *([_asset("map_geography.js")] if model.get("geography") else []),
    ]
    return _template().render(
        lang=lang,
        L=_Labels(lang),
        title=settings.title,
        synthetic=settings.synthetic,
        synthetic_text=t("common.synthetic", lang),
        privacy=t(f"map.privacy.{settings.privacy}", lang),
        privacy_level=settings.privacy,
        source=settings.source,
        date=settings.date,
        counts=t(
            "map.header.counts",
            lang,
            actors=shown_count(model["counts"]["actors"], settings),
            ties=shown_count(model["counts"]["ties"], settings),
        ),
        note=model["note"],
        webgl_note=t("map.webgl.note", lang) if settings.renderer == "webgl" else None,
        legend=model["legend"],
        filters=model["filters"],
        has_flags=bool(model["flags"]),
        headline=model.get("headline", []),
        csp=_content_security_policy(scripts),
        library_css=_markup(_vis_css() if settings.renderer == "vis" else ""),
        scripts=[_markup(script) for script in scripts],
        data_json=_markup(data_json),
    )


def _library_scripts(renderer: str) -> list[str]:
    """The drawing library the view needs, ready to inline."""
    if renderer == "vis":
        return [_vis_script()]
    return [_static_script(name) for name in _WEBGL_LIBRARIES]


def _vis_options(n_nodes: int, settings: MapSettings, names_placed: bool = False) -> dict:
    """vis-network's options.  With ``names_placed`` the page places the actors' names
    itself (``templates/map_story.js``, without overlap): vis-network, which would
    draw every name on top of the others once zoomed in, draws none."""
    large = n_nodes > PHYSICS_MAX_NODES
    physics = (
        {"enabled": True, "solver": "barnesHut", "stabilization": {"iterations": 150, "fit": True}}
        if settings.physics
        else {"enabled": False}
    )
    return {
        "autoResize": True,
        "physics": physics,
        "layout": {"improvedLayout": False, "randomSeed": settings.seed},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "nodes": {
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": "#222222",
                "strokeWidth": 3,
                "strokeColor": "#FFFFFF",
            },
            "scaling": {"label": {"enabled": False, "drawThreshold": _NEVER if names_placed else 9}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": settings.directed, "scaleFactor": 0.6}},
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
        },
    }


_SCRIPT_LABEL_KEYS = (
    "map.panel.actor",
    "map.panel.no_selection",
    "map.search.no_matches",
    "map.search.more",
    "map.status.showing",
    "map.flag.severity",
    "map.flag.stability",
    "map.flag.tentative",
    "map.flag.evidence",
    "map.panel.flags",
    "map.panel.network_flags",
    "map.card.flags",
    "map.card.close",
    "map.tie.relations",
    "map.tie.weight",
    "map.tie.waves",
    "map.tie.confirmed",
    "map.tie.unconfirmed",
    "stability.map_tentative",
    "map.webgl.unavailable",
    "map.panel.more_findings",
    "map.drill.show",
    "map.drill.back",
    # the table view's columns, named as on the card
    "map.card.sector",
    "map.card.type",
    "map.card.municipality",
    "measure.degree",
    "map.card.roles",
    "map.card.measures",
    "map.card.removal",
    "map.card.all_measures",
)


def _script_labels(lang: str) -> dict:
    """Messages the script fills in itself (e.g. ``{shown}``), so left unformatted."""
    messages = catalog(lang)
    # Every label of the interaction's own catalog (map_interact.json) is the script's.
    keys = _SCRIPT_LABEL_KEYS + tuple(sorted(k for k in messages if k.startswith("map.interact.")))
    return {key.split(".", 1)[1]: messages[key] for key in keys}


class _Labels:
    """``L['map.legend.title']`` in the template: the message in the map's language."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return t(key, self.lang)


def _json_for_script(data) -> str:
    """JSON that cannot end its <script> element early: ``<``, ``>`` and ``&`` are written
    as \\u escapes, so no ``</script>`` or ``<!--`` can appear, whatever the names say."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _content_security_policy(scripts: list[str]) -> str:
    """Only the page's own scripts may run and nothing may be fetched from anywhere:
    a second line of defence behind escaping, and proof the map works offline."""
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") for s in scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


@lru_cache(maxsize=1)
def _template():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("skane_ecosystem", "render/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("map.html.j2")


@cache
def _asset(name: str) -> str:
    text = (resources.files("skane_ecosystem") / "render" / "templates" / name).read_text(encoding="utf-8")
    return _safe_to_inline(text, name)


@lru_cache(maxsize=1)
def _vis_script() -> str:
    text = _vis_file("vis-network.min.js")
    return _safe_to_inline(_without_source_map(text), "vis-network.min.js")


def _without_source_map(text: str) -> str:
    """The script without its source-map comment, which would make browser developer
    tools look for a file that is not there: the map must never ask for anything.
    (Split on "\n" only: the libraries contain other characters splitlines() breaks at.)"""
    return "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL"))


@cache
def _static_script(name: str) -> str:
    """A vendored library from ``render/static``, without its source-map comment."""
    text = (resources.files("skane_ecosystem") / "render" / "static" / name).read_text(encoding="utf-8")
    return _safe_to_inline(_without_source_map(text), name)


@lru_cache(maxsize=1)
def _vis_css() -> str:
    return _safe_to_inline(_vis_file("vis-network.css"), "vis-network.css")


def _vis_file(name: str) -> str:
    # Found, not imported: importing pyvis pulls in IPython (0.2-0.4 s of every run).
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("the vis-network library ships with pyvis (>=0.3.2), which is not installed")
    folder = Path(spec.origin).parent.joinpath(*_VIS_DIR)
    path = folder / name
    if not path.is_file():
        raise RuntimeError(
            f"the vis-network library was not found at {path}; reinstall pyvis (>=0.3.2), which ships it"
        )
    return path.read_text(encoding="utf-8")


def _safe_to_inline(text: str, name: str) -> str:
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RuntimeError(f"{name} contains text that would end its inline element; cannot inline it")
    return text
