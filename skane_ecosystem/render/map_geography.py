"""The map's geography view: its data in the page model, under the ``geography`` key.

``templates/map_geography.js`` draws it: a "Network / Geography" toggle moves the
actors between the network layout and their municipalities, and the region's outline
is drawn under them.  Everything here is in the nodes' canvas coordinates (pixels, y
down the page), projected by :func:`.layout.on_canvas`.
"""

from __future__ import annotations

from ..i18n import t
from .labels import number_text
from .layout import geographic_layout, on_canvas
from .map_data import MapSettings, shown_count

__all__ = ["LAYOUTS", "geography_model"]

#: The views a map can open with: the network layout or the actors at their municipalities.
LAYOUTS = ("network", "geography")


def geography_model(G, ids: dict, actors, geography, layout: str, settings: MapSettings) -> dict | None:
    """The page's ``geography`` entry, or None when the map has no geography view.

    Parameters
    ----------
    G, ids, actors
        As the map has them.
    geography : skane_ecosystem.geography.Geography or None
        None is Skåne.
    layout : {"network", "geography"}
        The view the map opens with.
    settings : MapSettings
        The view is offered when the actors are drawn one by one with vis-network;
        the seed spreads the actors around their municipality's point; a public map
        states a count of unknown municipalities below 5 as "fewer than 5".

    Returns
    -------
    dict or None
        ``start``, ``positions`` (actor id -> [x, y]), ``outline`` (rings of [x, y]),
        ``unknownBox`` ([left, top, right, bottom] or None), ``municipalities``
        ([name, x, y] where each municipality with actors is named) and ``labels``.  None when
        the map opens as a network and no actor's municipality is known: a toggle to
        an empty map would help no one.

    Raises
    ------
    ValueError
        With ``layout="geography"``, if no actor's municipality is known.
    """
    if settings.grouping is not None or settings.renderer != "vis":
        return None  # network_map refuses layout="geography" here
    try:
        placement = geographic_layout(G, ids, actors, geography, settings.seed)
    except ValueError:
        if layout == "geography":
            raise
        return None
    lang = settings.lang
    return {
        "start": layout,
        "positions": {actor: list(on_canvas(*xy)) for actor, xy in sorted(placement.positions.items())},
        "outline": [[list(on_canvas(*xy)) for xy in ring] for ring in placement.outline],
        "unknownBox": _box_on_canvas(placement.unknown_box),
        # in the placement's order, the municipalities with most actors first
        "municipalities": [[name, *on_canvas(*xy)] for name, xy in placement.labels.items()],
        "labels": {
            "toggle": t("geography.toggle.label", lang),
            "network": t("geography.toggle.network", lang),
            "geography": t("geography.toggle.geography", lang),
            "unknown": t(
                "geography.unknown", lang, count=number_text(shown_count(len(placement.unknown), settings), lang)
            ),
        },
    }


def _box_on_canvas(box) -> list | None:
    if box is None:
        return None
    left, top = on_canvas(box[0], box[3])
    right, bottom = on_canvas(box[2], box[1])
    return [left, top, right, bottom]
