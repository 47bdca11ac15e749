"""Where the municipalities are: Skåne's table and outline, other regions' files, and
where each actor is drawn on a map of the region.

The package ships, in ``data/geo`` (sources, licences and how they were derived in
``data/geo/SOURCE.md``; the script is ``scripts/derive_skane_geography.py``):

* ``skane_municipalities.csv``: the 33 municipalities of Skåne län, with SCB's
  four-digit code and one representative point each, the seat (WGS84, 4 decimals);
* ``skane_outline.geojson``: Skåne's coast and county border, simplified from
  Natural Earth's 1:10m admin-1 polygons (public domain), about 4 kB.

The table is a CSV file rather than a Python table because it is the very format a
user writes for another region (``municipality,lon,lat[,code]``): one reader reads
both, and the shipped file is the example.

An actor is drawn at its municipality's point, spread around it on a sunflower
pattern (Vogel, 1979) whose slots are given out in the order of a hash of the actor
ids: the same actors give the same picture whatever order they came in, the spread
grows with the number of actors in the municipality, and slots that would fall in the
sea (outside the outline) are skipped.  Actors whose municipality is not in the table
are drawn in a labelled box beside the region, never at some made-up place.

Coordinates are projected to kilometres east and north of the region's centre
(equirectangular at the centre's latitude): over a region of a few hundred
kilometres that is within a percent or so of true distances, plenty for a map whose
points stand for whole municipalities.

References
----------
.. [1] SCB, *Kommunkoder* (Regionala indelningar i Sverige).
.. [2] Natural Earth, *Admin 1 - States, Provinces*, 1:10m cultural vectors
   (public domain).
.. [3] Vogel, H. (1979). A better way to construct the sunflower head.
   Mathematical Biosciences 44(3-4), 179-189.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from .errors import Problem, SurveyDataError, display_name
from .io.registers import reconcile_municipality
from .io.safety import check_file

__all__ = [
    "Geography",
    "Placement",
    "skane",
    "read_geography",
    "place_actors",
    "SPACING_KM",
    "MAX_GEOGRAPHY_BYTES",
]

#: Distance between neighbouring actors of one municipality on the map, in km.
SPACING_KM = 1.5

#: Largest municipality table or outline file read (20 MB): a simplified outline of
#: a region's municipalities is a few hundred kilobytes.
MAX_GEOGRAPHY_BYTES = 20 * 1024 * 1024

#: Most municipalities a table may list, and most points an outline may have.
MAX_MUNICIPALITIES = 5_000
MAX_OUTLINE_POINTS = 500_000

_KM_PER_DEGREE_LATITUDE = 110.574
_KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# Sunflower slots tried per actor before an actor is left at the centre: a point
# on a narrow spit of land may have few slots on land nearby.
_SLOTS_PER_ACTOR = 8

_HEADERS = {
    "municipality": ("municipality", "kommun", "name", "namn"),
    "lon": ("lon", "longitude", "longitud", "x"),
    "lat": ("lat", "latitude", "latitud", "y"),
    "code": ("code", "kod", "kommunkod"),
}


@dataclass(frozen=True)
class Geography:
    """A region's municipalities (one point each) and, optionally, its outline.

    Parameters
    ----------
    region : str
        The region's name, e.g. "Skåne".
    points : dict
        Municipality name -> (longitude, latitude) in degrees (WGS84).
    codes : dict
        Code -> municipality name, for the municipalities that have one.
    outline : tuple of rings
        Each ring a tuple of (longitude, latitude); empty when no outline is known.

    Examples
    --------
    >>> g = skane()
    >>> len(g.points), g.codes["1280"], g.points["Malmö"]
    (33, 'Malmö', (13.0002, 55.6053))
    """

    region: str
    points: dict
    codes: dict = field(default_factory=dict)
    outline: tuple = ()

    def municipality(self, written) -> str | None:
        """The municipality of the table a name or code stands for, or None.

        Names are reconciled as the survey's municipality column is
        (:func:`~skane_ecosystem.io.registers.reconcile_municipality`): "Malmo",
        "1280" and "Malmö stad" are Malmö.  An ambiguous name is None.

        Examples
        --------
        >>> skane().municipality("Kristiansta"), skane().municipality("Göteborg")
        ('Kristianstad', None)
        """
        text = str(written if written is not None else "").strip()
        if not text:
            return None
        try:
            name, _ = reconcile_municipality(text, self._known())
        except ValueError:
            return None
        return name if name in self.points else None

    def _known(self) -> dict[str, str]:
        # Municipalities without a code are known by their name.
        coded = set(self.codes.values())
        return {**self.codes, **{name: name for name in self.points if name not in coded}}

    @cached_property  # every projected point needs it
    def centre(self) -> tuple[float, float]:
        """The middle of the region's extent (of the outline, else of the points), in degrees."""
        lons, lats = zip(*(self._outline_points() or self.points.values()))
        return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2

    def _outline_points(self) -> list:
        return [point for ring in self.outline for point in ring]

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Kilometres east and north of :attr:`centre` (equirectangular projection).

        Examples
        --------
        >>> x, y = skane().project(*skane().points["Malmö"])
        >>> x < 0 and y < 0  # Malmö lies south-west of Skåne's middle
        True
        """
        lon0, lat0 = self.centre
        x = (lon - lon0) * _KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(lat0))
        return x, (lat - lat0) * _KM_PER_DEGREE_LATITUDE

    def projected_outline(self) -> list[list[tuple[float, float]]]:
        """The outline's rings in kilometres (see :meth:`project`)."""
        return [[self.project(lon, lat) for lon, lat in ring] for ring in self.outline]


@dataclass(frozen=True)
class Placement:
    """Where each actor is drawn on a region's map, in kilometres east and north of its centre.

    Attributes
    ----------
    positions : dict
        Actor id -> (x, y) for every actor, those of unknown municipality in
        :attr:`unknown_box`.
    municipality : dict
        Actor id -> the table's municipality it is drawn in, for the located actors.
    unknown : tuple of str
        The actors whose municipality is blank or not in the table, sorted.
    unknown_box : tuple or None
        (x0, y0, x1, y1) of the box beside the region they are drawn in, None when
        there are none.
    outline : list of rings
        The region's outline in the same kilometres.
    labels : dict
        Municipality -> (x, y) where its name goes: centred just south of its
        actors, for the municipalities that have actors, those with the most actors
        first (a drawing that has no room for every name names these).
    """

    positions: dict
    municipality: dict
    unknown: tuple
    unknown_box: tuple | None
    outline: list
    labels: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def skane() -> Geography:
    """Skåne's 33 municipalities, with their codes and seats, and the county's outline.

    Returns
    -------
    Geography

    Examples
    --------
    >>> sorted(skane().codes)[:2], len(skane().outline[0]) > 100
    (['1214', '1230'], True)
    """
    folder = resources.files("skane_ecosystem") / "data" / "geo"
    points_text = (folder / "skane_municipalities.csv").read_text(encoding="utf-8")
    outline_text = (folder / "skane_outline.geojson").read_text(encoding="utf-8")
    points, codes = _points_from_csv(points_text, "skane_municipalities.csv")
    return Geography("Skåne", points, codes, _rings_from_geojson(outline_text, "skane_outline.geojson"))


def read_geography(points, outline=None, region: str | None = None) -> Geography:
    """Another region's municipalities (a CSV file) and, optionally, its outline (GeoJSON).

    Parameters
    ----------
    points : str or pathlib.Path
        A CSV file (comma or semicolon separated, UTF-8) with the columns
        ``municipality``, ``lon``, ``lat`` and optionally ``code`` (Swedish headers
        ``kommun``, ``longitud``, ``latitud``, ``kommunkod`` work too): one row per
        municipality, its representative point in WGS84 degrees.
    outline : str or pathlib.Path, optional
        A GeoJSON file: a FeatureCollection, Feature or geometry of Polygons or
        MultiPolygons in WGS84 degrees (the region's border, or its municipalities').
    region : str, optional
        The region's name; default the table's file name without its extension.

    Returns
    -------
    Geography

    Raises
    ------
    SurveyDataError
        If a file is missing, too large or cannot be read, naming the file, the row
        and the column (or the feature) and what to change.

    Examples
    --------
    >>> g = read_geography("halland.csv", "halland.geojson")  # doctest: +SKIP
    """
    points_path = check_file(points, max_bytes=MAX_GEOGRAPHY_BYTES)
    table, codes = _points_from_csv(_read_text(points_path), display_name(points_path))
    rings = ()
    if outline is not None:
        outline_path = check_file(outline, max_bytes=MAX_GEOGRAPHY_BYTES)
        rings = _rings_from_geojson(_read_text(outline_path), display_name(outline_path))
    return Geography(region or points_path.stem, table, codes, rings)


def _read_text(path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyDataError(
            Problem("the file is not UTF-8 text; save it as CSV UTF-8 (or GeoJSON) and try again", file=path.name)
        ) from None


# ----------------------------------------------------------------- the table
def _points_from_csv(text: str, file: str) -> tuple[dict, dict]:
    """Municipality -> (lon, lat) and code -> municipality from a table's text."""
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as error:  # e.g. a cell longer than the csv module reads
        raise SurveyDataError(
            Problem(f"the table cannot be read as CSV ({error}); save it as CSV UTF-8", file=file)
        ) from None
    if not rows:
        raise SurveyDataError(Problem("the municipality table is empty", file=file))
    header = [cell.strip() for cell in rows[0]]
    columns = _columns(header, file)
    if len(rows) - 1 > MAX_MUNICIPALITIES:
        raise SurveyDataError(
            Problem(f"the table lists {len(rows) - 1} rows; at most {MAX_MUNICIPALITIES} are read", file=file)
        )
    problems, points, codes, first_row = [], {}, {}, {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {key: (row[index].strip() if index < len(row) else "") for key, index in columns.items()}
        located = {"file": file, "row": number}
        name = cell["municipality"]
        if not name:
            problems.append(
                Problem("the municipality's name is missing", column=header[columns["municipality"]], **located)
            )
            continue
        if name in first_row:
            problems.append(
                Problem(
                    f"{name!r} is listed twice (also on row {first_row[name]}); list each municipality once",
                    column=header[columns["municipality"]],
                    **located,
                )
            )
            continue
        first_row[name] = number
        lon = _degrees(cell["lon"], 180, header[columns["lon"]], located, problems)
        lat = _degrees(cell["lat"], 90, header[columns["lat"]], located, problems)
        if lon is not None and lat is not None:
            points[name] = (lon, lat)
        code = cell.get("code")
        if code and code in codes:
            problems.append(
                Problem(
                    f"the code {code!r} is also {codes[code]!r}'s; give each municipality its own code",
                    column=header[columns["code"]],
                    **located,
                )
            )
        elif code:
            codes[code] = name
    if problems:
        raise SurveyDataError(problems)
    if not points:
        raise SurveyDataError(Problem("the municipality table has no rows", file=file))
    return points, codes


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _columns(header: list[str], file: str) -> dict[str, int]:
    """Which column holds what, by the accepted headers (case ignored)."""
    lowered = [h.casefold() for h in header]
    columns = {}
    for key, accepted in _HEADERS.items():
        found = [i for i, h in enumerate(lowered) if h in accepted]
        if found:
            columns[key] = found[0]
        elif key != "code":
            raise SurveyDataError(
                Problem(
                    f"the municipality table needs a column {key!r} (or one of {list(accepted[1:])}); found {header}",
                    file=file,
                    row=1,
                )
            )
    return columns


def _degrees(written: str, limit: float, column: str, located: dict, problems: list) -> float | None:
    try:
        value = float(written.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -limit <= value <= limit:
        problems.append(
            Problem(
                f"{written!r} is not a number of degrees between -{limit:g} and {limit:g} "
                "(WGS84, decimal degrees such as 13.0002)",
                column=column,
                **located,
            )
        )
        return None
    return round(value, 4)


# --------------------------------------------------------------- the outline
def _rings_from_geojson(text: str, file: str) -> tuple:
    """The outline's rings, each a tuple of (lon, lat), from a GeoJSON text."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise SurveyDataError(
            Problem(f"the outline is not valid JSON ({error}); save it as GeoJSON", file=file)
        ) from None
    geometries = _geometries(document, file)
    rings, count = [], 0
    for number, geometry in geometries:
        for ring in _polygon_rings(geometry, number, file):
            points = tuple(_point(p, number, file) for p in ring)
            count += len(points)
            if count > MAX_OUTLINE_POINTS:
                raise SurveyDataError(
                    Problem(
                        f"the outline has more than {MAX_OUTLINE_POINTS:,} points; simplify it first "
                        "(e.g. mapshaper -simplify 5%)",
                        file=file,
                    )
                )
            if len(points) >= 3:
                rings.append(points)
    return tuple(rings)


def _geometries(document, file: str) -> list[tuple[int, dict]]:
    """(feature number, geometry) of each feature, numbered from 1 as a reader counts."""
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "FeatureCollection" and isinstance(document.get("features"), list):
        features = document["features"]
    elif kind == "Feature":
        features = [document]
    elif kind in ("Polygon", "MultiPolygon"):
        features = [{"geometry": document}]
    else:
        raise SurveyDataError(
            Problem(
                "the outline must be GeoJSON: a FeatureCollection, a Feature or a Polygon/MultiPolygon geometry",
                file=file,
            )
        )
    found = [(n, f.get("geometry")) for n, f in enumerate(features, start=1) if isinstance(f, dict)]
    return [(n, g) for n, g in found if g is not None]


def _polygon_rings(geometry, number: int, file: str) -> list:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon" and isinstance(coordinates, list):
        return coordinates
    if kind == "MultiPolygon" and isinstance(coordinates, list):
        return [ring for polygon in coordinates if isinstance(polygon, list) for ring in polygon]
    raise SurveyDataError(
        Problem(f"feature {number} is a {kind!r}, not a Polygon or MultiPolygon; draw the outline as areas", file=file)
    )


def _point(point, number: int, file: str) -> tuple[float, float]:
    if (
        isinstance(point, list)
        and len(point) >= 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point[:2])
        and -180 <= point[0] <= 180
        and -90 <= point[1] <= 90
    ):
        return float(point[0]), float(point[1])
    raise SurveyDataError(
        Problem(
            f"feature {number} has the point {str(point)[:60]}, which is not [longitude, latitude] in degrees "
            "(WGS84); reproject the outline to EPSG:4326",
            file=file,
        )
    )


# ---------------------------------------------------------------- placement
def place_actors(
    municipalities: Mapping[str, str], geography: Geography | None = None, seed: int = 0, spacing: float = SPACING_KM
) -> Placement:
    """Where each actor is drawn: at its municipality's point, spread around it.

    Parameters
    ----------
    municipalities : mapping
        Actor id -> its municipality as written (a name, a misspelt name or a code).
    geography : Geography, optional
        Default :func:`skane`.
    seed : int
        Changes which actor gets which place around its municipality's point.
    spacing : float
        Distance between neighbouring actors of one municipality, in km.

    Returns
    -------
    Placement
        Positions in km east and north of the region's centre.

    Examples
    --------
    >>> p = place_actors({"m": "Malmö", "k": "1290", "x": "Paris"})
    >>> malmo, kristianstad = p.positions["m"], p.positions["k"]
    >>> malmo[0] < kristianstad[0] and malmo[1] < kristianstad[1]  # south-west
    True
    >>> p.unknown
    ('x',)
    """
    geography = geography or skane()
    outline = geography.projected_outline()
    members: dict[str, list[str]] = {}
    unknown = []
    for actor, written in municipalities.items():
        name = geography.municipality(written)
        if name is None:
            unknown.append(str(actor))
        else:
            members.setdefault(name, []).append(str(actor))
    on_land = _land(outline)
    positions, located, labels = {}, {}, {}
    for name in sorted(members):
        centre = geography.project(*geography.points[name])
        actors = sorted(members[name], key=lambda a: _hash(seed, a))
        spots = _spots(centre, len(actors), spacing, on_land, _hash(seed, name))
        for actor, spot in zip(actors, spots):
            positions[actor] = spot
            located[actor] = name
        labels[name] = (centre[0], round(min(y for _, y in spots) - spacing, 3))
    labels = {name: labels[name] for name in sorted(labels, key=lambda n: (-len(members[n]), n))}
    box = None
    if unknown:
        box, spots = _unknown_box(len(unknown), spacing, geography, outline)
        positions.update(zip(sorted(unknown, key=lambda a: _hash(seed, a)), spots))
    return Placement(positions, located, tuple(sorted(unknown)), box, outline, labels)


def _hash(seed: int, text: str) -> int:
    """A number that depends on the seed and the text only (not on Python's hash seed)."""
    return int.from_bytes(hashlib.sha256(f"{seed}\x00{text}".encode()).digest()[:8], "big")


def _spots(centre, count: int, spacing: float, on_land, turn: int) -> list[tuple[float, float]]:
    """``count`` places around ``centre`` on a sunflower pattern, where ``on_land`` says yes."""
    phase = (turn % 3600) / 3600 * 2 * math.pi
    spots = []
    for slot in range(count * _SLOTS_PER_ACTOR):
        radius = spacing * math.sqrt(slot + 0.5)
        angle = phase + slot * _GOLDEN_ANGLE
        spot = (round(centre[0] + radius * math.cos(angle), 3), round(centre[1] + radius * math.sin(angle), 3))
        if on_land(spot):
            spots.append(spot)
            if len(spots) == count:
                return spots
    # A point with little land around it: the rest share the centre rather than the sea.
    return spots + [centre] * (count - len(spots))


def _land(outline):
    """A test of whether a point is inside ``outline`` (any point, without one).

    Only the rings whose bounding box holds the point are walked: a ring the point
    lies outside of is crossed an even number of times, so it cannot change the
    answer.  With an outline of every municipality's border, that is one or two
    rings of hundreds rather than all of them.
    """
    if not outline:
        return lambda point: True
    boxes = [
        (min(x for x, _ in r), min(y for _, y in r), max(x for x, _ in r), max(y for _, y in r), r) for r in outline
    ]

    def on_land(point) -> bool:
        x, y = point
        return _inside(point, [ring for x0, y0, x1, y1, ring in boxes if x0 <= x <= x1 and y0 <= y <= y1])

    return on_land


def _inside(point, rings) -> bool:
    """Whether ``point`` is inside the outline (even-odd rule, so holes are holes)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _unknown_box(count: int, spacing: float, geography: Geography, outline) -> tuple:
    """A box to the right of the region, top-aligned, with a grid of ``count`` places."""
    points = [p for ring in outline for p in ring] or [geography.project(*p) for p in geography.points.values()]
    xs, ys = zip(*points)
    gap = 3 * spacing  # roomier than a municipality's spread: the box is read as a list
    columns = max(1, math.ceil(math.sqrt(count)))
    rows = math.ceil(count / columns)
    x0, y1 = max(xs) + 6 * spacing, max(ys)
    spots = [(round(x0 + gap * (1 + i % columns), 3), round(y1 - gap * (1.5 + i // columns), 3)) for i in range(count)]
    box = (x0, y1 - gap * (rows + 1.5), x0 + gap * (columns + 1), y1)
    return tuple(round(v, 3) for v in box), spots
