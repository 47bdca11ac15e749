"""Shared visual vocabulary: the colours, dashes and markers of every map and figure.

A reader who learns the legend of one output should be able to read all the others,
so the interactive map and the static figures take their styles from here and nowhere
else.  Sector colours live in :mod:`skane_ecosystem.sectors` (``SECTOR_COLORS``); this
module adds what sectors do not cover:

* a categorical palette for any other node attribute (type, municipality, community);
* a colour *and* a dash pattern per relation, so relations stay distinguishable in
  grey-scale print and for readers with colour-vision deficiencies;
* the markers for actors flagged as facilitators or impediments (shape *and* border,
  again so that colour is never the only cue);
* the sizes of actors and widths of ties (:data:`NODE_SIZE_RANGE`,
  :data:`EDGE_WIDTH_RANGE`, :func:`scaled`).

References
----------
.. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures
   and presentations that are friendly to colorblind people.
.. [2] Tol, P. (2021). Colour schemes. SRON Technical Note SRON/EPS/TN/09-002.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .attributes import missing

__all__ = [
    "CATEGORICAL_COLORS",
    "REMAINDER_COLOR",
    "RELATION_STYLES",
    "MULTIPLE_RELATIONS_STYLE",
    "FLAG_MARKERS",
    "UNFLAGGED_MARKER",
    "CHANGE_TIE_STYLES",
    "CHANGE_ACTOR_MARKERS",
    "DIMMED_COLOR",
    "categorical_colors",
    "relation_styles",
    "flag_marker",
    "NODE_SIZE_RANGE",
    "EDGE_WIDTH_RANGE",
    "scaled",
    "rounded",
]

#: Paul Tol's "muted" scheme [2]_: nine colours that stay distinct for colour-blind
#: readers.  Used, in this order, for the categories of any non-sector attribute.
CATEGORICAL_COLORS: tuple[str, ...] = (
    "#332288",  # indigo
    "#88CCEE",  # cyan
    "#44AA99",  # teal
    "#117733",  # green
    "#999933",  # olive
    "#DDCC77",  # sand
    "#CC6677",  # rose
    "#882255",  # wine
    "#AA4499",  # purple
)

#: Node radius in pixels for the smallest and largest value of the size measure.
NODE_SIZE_RANGE = (7.0, 26.0)
#: Tie width in pixels for the weakest and strongest tie.
EDGE_WIDTH_RANGE = (1.0, 6.0)

#: The colour for categories beyond the palette ("all others") and for missing values.
REMAINDER_COLOR = "#BBBBBB"

#: Colour used to push non-selected actors and ties into the background.
DIMMED_COLOR = "#E4E4E4"

#: Style of each canonical relation (see ``io.tables.RELATION_ALIASES``).  ``dashes`` is a
#: vis-network / matplotlib dash pattern in pixels (``False`` for a solid line).
RELATION_STYLES: dict[str, dict] = {
    "collaboration": {"color": "#7A7A7A", "dashes": False},
    "funding": {"color": "#D55E00", "dashes": [10, 5]},
    "advice": {"color": "#56B4E9", "dashes": [2, 4]},
    "information": {"color": "#882255", "dashes": [12, 4, 2, 4]},
    "referral": {"color": "#117733", "dashes": [6, 3, 6, 8]},
    # A tie of unknown kind (e.g. from a graph file without relation names).
    "tie": {"color": "#999999", "dashes": False},
}

#: Styles handed out, in order, to relations not named in ``RELATION_STYLES``.
_EXTRA_RELATION_STYLES: tuple[dict, ...] = (
    {"color": "#332288", "dashes": [4, 4]},
    {"color": "#999933", "dashes": [14, 6]},
    {"color": "#AA4499", "dashes": [1, 3]},
    {"color": "#44AA99", "dashes": [8, 3, 2, 3, 2, 3]},
    {"color": "#CC6677", "dashes": [18, 4]},
)

#: A tie that carries several relations at once (e.g. collaboration *and* funding):
#: solid like collaboration but much darker, so the two differ in lightness, not hue.
MULTIPLE_RELATIONS_STYLE: dict = {"color": "#1A1A1A", "dashes": False}

#: How flagged actors are marked.  Shapes are vis-network shape names; figures map them
#: to matplotlib markers with ``mpl_marker``.
FLAG_MARKERS: dict[str, dict] = {
    "facilitator": {"shape": "diamond", "mpl_marker": "D", "border": "#1B7837", "border_width": 3},
    "impediment": {"shape": "triangle", "mpl_marker": "^", "border": "#B2182B", "border_width": 3},
    "both": {"shape": "star", "mpl_marker": "*", "border": "#542788", "border_width": 3},
}

#: Actors without flags: a plain dot with a thin white outline.
UNFLAGGED_MARKER: dict = {"shape": "dot", "mpl_marker": "o", "border": "#FFFFFF", "border_width": 1}

#: Ties on a map of change between two waves (:mod:`.map_change`, :mod:`.change_figure`):
#: new ties near-black, ended ties vermillion [1]_ and dashed, kept ties light grey.
#: They differ in lightness and dash as well as hue, so colour-blind readers and
#: grey-scale print tell them apart, and no sector's colour [1]_ is reused for a tie.
CHANGE_TIE_STYLES: dict[str, dict] = {
    "new": {"color": "#1A1A1A", "dashes": False},
    "lost": {"color": "#D55E00", "dashes": [8, 5]},
    "kept": {"color": "#BBBBBB", "dashes": False},
}

#: Actors on a map of change: one that joined has a thick black outline (visible on
#: every sector's fill), one that left is hollow (white fill) with a vermillion
#: outline, so fill and width tell them apart as well as colour.  ``fill`` None keeps
#: the actor's own colour.
CHANGE_ACTOR_MARKERS: dict[str, dict] = {
    "new": {"shape": "dot", "mpl_marker": "o", "border": "#000000", "border_width": 4, "fill": None},
    "gone": {"shape": "dot", "mpl_marker": "o", "border": "#D55E00", "border_width": 3, "fill": "#FFFFFF"},
    "kept": {**UNFLAGGED_MARKER, "fill": None},
}


def categorical_colors(values: Iterable, limit: int = len(CATEGORICAL_COLORS)) -> dict:
    """A fixed colour for each distinct value, most frequent values first.

    Parameters
    ----------
    values : iterable of hashable
        The attribute value of every actor (repeats count towards frequency).
        ``None`` and empty strings are treated as missing.
    limit : int
        At most this many values get their own colour; the rest share
        ``REMAINDER_COLOR``.

    Returns
    -------
    dict
        value -> hex colour, ordered by decreasing frequency, ties broken by the
        value's text, so the same data always get the same colours.

    Examples
    --------
    >>> categorical_colors(["Lund", "Malmö", "Lund", "Ystad"])
    {'Lund': '#332288', 'Malmö': '#88CCEE', 'Ystad': '#44AA99'}
    """
    limit = min(limit, len(CATEGORICAL_COLORS))
    counts: dict = {}
    for value in values:
        if value is None or value == "":
            continue
        counts[value] = counts.get(value, 0) + 1
    ordered = sorted(counts, key=lambda v: (-counts[v], str(v)))
    return {value: CATEGORICAL_COLORS[i] if i < limit else REMAINDER_COLOR for i, value in enumerate(ordered)}


def relation_styles(relations: Iterable[str]) -> dict[str, dict]:
    """The colour and dash pattern of each relation.

    Canonical relations keep their style from ``RELATION_STYLES`` in every output;
    other relations get the extra styles in alphabetical order (and repeat them if
    there are more relations than styles).

    Examples
    --------
    >>> relation_styles(["funding", "mentoring"])["mentoring"]
    {'color': '#332288', 'dashes': [4, 4]}
    """
    styles: dict[str, dict] = {}
    others = sorted(r for r in set(relations) if r not in RELATION_STYLES)
    for relation in sorted(set(relations)):
        if relation in RELATION_STYLES:
            style = RELATION_STYLES[relation]
        else:
            style = _EXTRA_RELATION_STYLES[others.index(relation) % len(_EXTRA_RELATION_STYLES)]
        styles[relation] = {"color": style["color"], "dashes": style["dashes"]}
    return styles


def flag_marker(kinds: Iterable[str]) -> dict:
    """The marker of an actor with flags of these kinds.

    Examples
    --------
    >>> flag_marker(["impediment"])["shape"]
    'triangle'
    >>> flag_marker(["facilitator", "impediment"])["shape"]
    'star'
    >>> flag_marker([])["shape"]
    'dot'
    """
    kinds = set(kinds)
    if {"facilitator", "impediment"} <= kinds:
        return FLAG_MARKERS["both"]
    if "facilitator" in kinds:
        return FLAG_MARKERS["facilitator"]
    if "impediment" in kinds:
        return FLAG_MARKERS["impediment"]
    return UNFLAGGED_MARKER


def scaled(values: dict, bounds: tuple[float, float]) -> dict:
    """Values mapped onto ``bounds`` by square root, so areas grow with the value.

    Parameters
    ----------
    values : dict
        key -> number; missing values (None, NaN) get the lower bound.
    bounds : (float, float)
        What the smallest and the largest value become, e.g. :data:`NODE_SIZE_RANGE`.
        When all values are equal, each gets the middle of the bounds.

    Returns
    -------
    dict
        key -> size, rounded to two decimals.

    Examples
    --------
    >>> scaled({"a": 0, "b": 1, "c": 4, "d": None}, (1.0, 3.0))
    {'a': 1.0, 'b': 2.0, 'c': 3.0, 'd': 1.0}
    """
    low, high = bounds
    present = {k: float(v) for k, v in values.items() if not missing(v)}
    if not present:
        return {k: low for k in values}
    vmin, vmax = min(present.values()), max(present.values())
    span = vmax - vmin
    result = {}
    for key in values:
        if key not in present:
            result[key] = low
        elif span == 0:
            result[key] = rounded((low + high) / 2, 2)
        else:
            result[key] = rounded(low + (high - low) * math.sqrt((present[key] - vmin) / span), 2)
    return result


def rounded(value: float, digits: int) -> float:
    """``round(value, digits)``, never ``-0.0``: the same drawing always gives the same bytes.

    >>> rounded(-0.001, 1)
    0.0
    """
    result = round(value, digits)
    return 0.0 if result == 0 else result  # no "-0.0" in the output
