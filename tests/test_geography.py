"""Skåne on a map: the municipality table, reconciling what a survey writes, the
outline, positions, other regions' files and the static geography figure."""

from __future__ import annotations

import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import SurveyDataError
from skane_ecosystem.io.registers import SKANE_MUNICIPALITIES, reconcile_municipality


def _loaded(*written: str):
    """An ecosystem whose actors' municipalities are written as given, one actor each."""
    actors = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(written))],
            "name": [f"Actor {i}" for i in range(len(written))],
            "sector": "public",
            "municipality": list(written),
        }
    )
    ties = pd.DataFrame({"source": ["a0"], "target": [f"a{len(written) - 1}"]})
    return se.load(ties, actors=actors)


# ------------------------------------------------------------ the municipality column
@pytest.mark.parametrize(
    "written, read",
    [
        ("Malmö", "Malmö"),
        ("Malmo", "Malmö"),
        ("Hassleholm", "Hässleholm"),
        ("1280", "Malmö"),
        ("Kristiansta", "Kristianstad"),
        ("lunds kommun", "Lund"),
        ("Malmö stad", "Malmö"),
        ("1281 Lund", "Lund"),
    ],
)
def test_the_municipality_column_reads_names_misspellings_and_codes(written, read):
    assert reconcile_municipality(written)[0] == read


def test_a_near_miss_is_a_warning_saying_what_it_became():
    eco = _loaded("Kristiansta", "Malmo", "Lund", "1280")
    assert eco.actors["municipality"].tolist() == ["Kristianstad", "Malmö", "Lund", "Malmö"]
    messages = [p.message for p in eco.validation.problems if p.column == "municipality"]
    assert len(messages) == 2
    assert "'Kristiansta' read as 'Kristianstad'" in messages[0]
    assert "'Malmo' read as 'Malmö'" in messages[1]


def test_an_ambiguous_municipality_is_an_error_listing_the_candidates():
    with pytest.raises(ValueError, match="'Åby'.*'Äby'"):
        reconcile_municipality("Aby", {"0001": "Åby", "0002": "Äby"})


def test_an_ambiguous_municipality_in_a_survey_is_a_located_error(monkeypatch):
    monkeypatch.setitem(SKANE_MUNICIPALITIES, "1299", "Målmö")  # folds like Malmö
    with pytest.raises(SurveyDataError) as caught:
        _loaded("Lund", "malmo")
    (problem,) = caught.value.problems
    assert problem.row == 1 and problem.column == "municipality"  # the frame's index label
    assert "Malmö" in problem.message and "Målmö" in problem.message


def test_other_regions_municipalities_are_kept_as_written():
    assert reconcile_municipality("Göteborg") == ("Göteborg", None)
    assert reconcile_municipality("") == ("", None)


# ------------------------------------------------------------ the table and the outline
from skane_ecosystem.geography import (  # noqa: E402
    MAX_GEOGRAPHY_BYTES,
    Geography,
    _inside,
    place_actors,
    read_geography,
    skane,
)


def test_the_table_has_the_33_municipalities_with_their_official_codes():
    assert skane().codes == SKANE_MUNICIPALITIES
    assert set(skane().points) == set(SKANE_MUNICIPALITIES.values())


def test_every_municipality_point_lies_inside_the_outline():
    g = skane()
    outline = g.projected_outline()
    outside = [name for name, point in g.points.items() if not _inside(g.project(*point), outline)]
    assert outside == []


def test_malmo_lies_south_west_of_kristianstad_and_helsingborg_north_west_of_ystad():
    p = skane().points
    assert p["Malmö"][0] < p["Kristianstad"][0] and p["Malmö"][1] < p["Kristianstad"][1]
    assert p["Helsingborg"][0] < p["Ystad"][0] and p["Helsingborg"][1] > p["Ystad"][1]


def test_the_outline_is_small_and_shipped_in_the_package():
    from importlib import resources

    shipped = resources.files("skane_ecosystem") / "data" / "geo" / "skane_outline.geojson"
    assert len(shipped.read_bytes()) < 150_000
    assert sum(len(ring) for ring in skane().outline) > 100


def test_package_data_includes_the_geography_files():
    import tomllib
    from pathlib import Path

    patterns = tomllib.loads(Path(__file__).parents[1].joinpath("pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["skane_ecosystem"]
    assert "data/geo/*" in patterns


# ------------------------------------------------------------ positions
def _actors_in(counts: dict) -> dict:
    return {f"{name}-{i}": name for name, n in counts.items() for i in range(n)}


def test_positions_do_not_depend_on_input_order():
    actors = _actors_in({"Malmö": 12, "Lund": 5, "Osby": 1})
    reversed_order = dict(reversed(list(actors.items())))
    assert place_actors(actors).positions == place_actors(reversed_order).positions


def test_the_seed_changes_the_spread_but_not_the_municipality():
    actors = _actors_in({"Malmö": 6})
    first, second = place_actors(actors, seed=0), place_actors(actors, seed=1)
    assert first.positions != second.positions
    assert first.municipality == second.municipality


def test_the_spread_grows_with_the_number_of_actors_and_stays_on_land():
    def spread(n):
        p = place_actors(_actors_in({"Lund": n}))
        xs, ys = zip(*p.positions.values())
        return max(xs) - min(xs) + max(ys) - min(ys)

    assert spread(3) < spread(12) < spread(40)
    coastal = place_actors(_actors_in({"Malmö": 30, "Höganäs": 20, "Simrishamn": 20}))
    assert all(_inside(xy, coastal.outline) for xy in coastal.positions.values())


def test_actors_of_unknown_municipality_are_in_the_labelled_box_not_at_zero():
    p = place_actors({"a": "Malmö", "b": "", "c": "Paris", "d": None})
    assert p.unknown == ("b", "c", "d")
    x0, y0, x1, y1 = p.unknown_box
    for actor in p.unknown:
        x, y = p.positions[actor]
        assert x0 < x < x1 and y0 < y < y1 and (x, y) != (0, 0)
    outline_east = max(x for ring in p.outline for x, _ in ring)
    assert x0 > outline_east
    assert place_actors({"a": "Malmö"}).unknown_box is None


# ------------------------------------------------------------ other regions
def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


SQUARE = '{"type":"Polygon","coordinates":[[[11.8,57.6],[12.2,57.6],[12.2,57.8],[11.8,57.8],[11.8,57.6]]]}'


def test_a_user_supplies_another_regions_points_and_outline(tmp_path):
    points = _write(tmp_path / "vg.csv", "kommun;lon;lat;kod\nGöteborg;11,97;57,71;1480\nMölndal;12.02;57.66;1481\n")
    outline = _write(tmp_path / "vg.geojson", SQUARE)
    g = read_geography(points, outline, region="Västra Götaland")
    assert g.points["Göteborg"] == (11.97, 57.71) and g.codes == {"1480": "Göteborg", "1481": "Mölndal"}
    p = place_actors({"x": "Goteborg", "y": "1481", "z": "Malmö"}, g)
    assert p.municipality == {"x": "Göteborg", "y": "Mölndal"} and p.unknown == ("z",)


@pytest.mark.parametrize(
    "text, row, column, says",
    [
        ("municipality,lon,lat\nA,13.0,55.6\nB,east,55.7\n", 3, "lon", "not a number of degrees"),
        ("municipality,lon,lat\nA,13.0,95\n", 2, "lat", "between -90 and 90"),
        ("municipality,lon,lat\nA,13,55\nA,13,56\n", 3, "municipality", "listed twice"),
        ("municipality,lon,lat\n,13,55\n", 2, "municipality", "name is missing"),
        ("kommun,x\nA,13\n", 1, None, "needs a column 'lat'"),
        ("kommun;lon;lat;kod\nA;13;55;1\nB;13;56;1\n", 3, "kod", "also 'A''s"),
        ('municipality,lon,lat\n"A' + "x" * 200_000 + '",13,55\n', None, None, "cannot be read as CSV"),
    ],
)
def test_a_bad_municipality_table_is_a_located_error(tmp_path, text, row, column, says):
    with pytest.raises(SurveyDataError) as caught:
        read_geography(_write(tmp_path / "places.csv", text))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("places.csv", row, column)
    assert says in problem.message


@pytest.mark.parametrize(
    "text, says",
    [
        ("{not json", "not valid JSON"),
        ('{"type":"Point","coordinates":[13,55]}', "must be GeoJSON"),
        ('{"type":"Feature","geometry":{"type":"LineString","coordinates":[[13,55],[14,56]]}}', "feature 1"),
        ('{"type":"Polygon","coordinates":[[[1300000,6200000],[1,2],[3,4]]]}', "reproject"),
        ('{"type":"Polygon","coordinates":[[["__import__(\'os\')",1],[1,2],[3,4]]]}', "not [longitude, latitude]"),
    ],
)
def test_a_bad_outline_is_an_error_naming_the_file(tmp_path, text, says):
    points = _write(tmp_path / "p.csv", "municipality,lon,lat\nA,13,55\n")
    with pytest.raises(SurveyDataError) as caught:
        read_geography(points, _write(tmp_path / "outline.geojson", text))
    (problem,) = caught.value.problems
    assert problem.file == "outline.geojson" and says in problem.message


def test_geography_files_are_bounded_in_size(tmp_path, monkeypatch):
    import skane_ecosystem.geography as geography

    monkeypatch.setattr(geography, "MAX_GEOGRAPHY_BYTES", 100)
    big = _write(tmp_path / "big.csv", "municipality,lon,lat\n" + "A,13,55\n" * 50)
    with pytest.raises(SurveyDataError, match="more than the limit"):
        read_geography(big)
    assert MAX_GEOGRAPHY_BYTES >= 1_000_000
    assert isinstance(skane(), Geography)


# ------------------------------------------------------------ the static figure
import networkx as nx  # noqa: E402

from skane_ecosystem.render.geography_figure import geography_figure  # noqa: E402
from skane_ecosystem.render.labels import named_first  # noqa: E402


def _small_graph():
    G = nx.Graph(synthetic=True)
    places = {"m1": "Malmö", "m2": "Malmo", "m3": "1280", "k1": "Kristianstad", "k2": "Kristiansta", "u": ""}
    for actor, place in places.items():
        G.add_node(actor, name=f"Org {actor}", sector="public", municipality=place)
    G.add_edges_from([("m1", "k1"), ("m2", "k2"), ("m1", "m3"), ("u", "m1"), ("m1", "m2")])
    return G


def _actor_points(fig) -> dict:
    actors = fig.axes[0].collections[-1]
    return dict(zip(actors.actor_ids, map(tuple, actors.get_offsets().tolist())))


def test_the_figure_places_malmos_actors_south_west_of_kristianstads():
    points = _actor_points(geography_figure(_small_graph()))
    for malmo in ("m1", "m2", "m3"):
        for kristianstad in ("k1", "k2"):
            assert points[malmo][0] < points[kristianstad][0] and points[malmo][1] < points[kristianstad][1]


def test_the_figure_draws_the_outline_the_unknown_box_and_the_synthetic_label():
    fig = geography_figure(_small_graph(), lang="sv")
    ax = fig.axes[0]
    texts = [text.get_text() for text in (*ax.texts, *fig.texts)]
    assert "Kommun okänd (1)" in texts
    assert {"Malmö", "Kristianstad"} <= set(texts)  # the places are named
    assert any("Syntetiska" in text for text in texts)
    assert any(len(patch.get_path().vertices) > 100 for patch in ax.patches)  # Skåne's coast
    assert fig.placement.unknown == ("u",)


def test_the_figure_names_actors_in_the_named_first_order():
    G = _small_graph()
    fig = geography_figure(G, label_count=2)
    named = [text.get_text() for text in fig.axes[0].texts if text.get_text().startswith("Org")]
    degrees = dict(G.degree())
    assert named == [f"Org {a}" for a in named_first(degrees, count=2)]


def test_ties_are_faint_under_the_actors():
    from skane_ecosystem.render.geography_figure import TIE_ALPHA

    ties = geography_figure(_small_graph()).axes[0].collections[0]
    assert ties.get_alpha() == TIE_ALPHA


def test_analysis_plot_draws_the_geography():
    analysis = se.analyze(
        se.load(
            pd.DataFrame({"source": ["a"], "target": ["b"]}),
            actors=pd.DataFrame(
                {
                    "id": ["a", "b"],
                    "name": ["A", "B"],
                    "sector": ["public", "business"],
                    "municipality": ["Lund", "Ystad"],
                }
            ),
        )
    )
    fig = analysis.plot("geography")
    assert set(fig.placement.municipality.values()) == {"Lund", "Ystad"}
    with pytest.raises(ValueError, match="'geography'"):
        analysis.plot("geograph")


def test_a_network_without_known_municipalities_says_so():
    G = nx.Graph([("a", "b")])
    with pytest.raises(ValueError, match="no actor's municipality"):
        geography_figure(G)


# ------------------------------------------------------------ the HTML map
import json  # noqa: E402
import re  # noqa: E402

from skane_ecosystem.render.map import network_map  # noqa: E402


def _page_data(m) -> dict:
    found = re.search(r'<script type="application/json" id="skane-data">(.*?)</script>', m.html, re.S)
    return json.loads(found.group(1))


def test_the_map_carries_the_geography_in_canvas_coordinates_y_down():
    geo = _page_data(network_map(_small_graph(), layout="geography"))["geography"]
    assert geo["start"] == "geography"
    positions = geo["positions"]
    for malmo in ("m1", "m2", "m3"):
        for kristianstad in ("k1", "k2"):
            # west is left; south is further DOWN the canvas (y grows downward)
            assert positions[malmo][0] < positions[kristianstad][0]
            assert positions[malmo][1] > positions[kristianstad][1]
    left, top, right, bottom = geo["unknownBox"]
    assert left < positions["u"][0] < right and top < positions["u"][1] < bottom
    assert len(geo["outline"][0]) > 100
    assert geo["labels"]["unknown"] == "Municipality unknown (1)"
    # named just south of their actors, the municipality with most actors first
    (malmo, *_), (kristianstad, *_) = geo["municipalities"]
    assert (malmo, kristianstad) == ("Malmö", "Kristianstad")
    assert geo["municipalities"][0][2] > max(positions[a][1] for a in ("m1", "m2", "m3"))


def test_a_network_map_offers_the_geography_view_when_municipalities_are_known():
    assert _page_data(network_map(_small_graph()))["geography"]["start"] == "network"
    assert _page_data(network_map(nx.path_graph(3)))["geography"] is None


def test_a_public_map_states_a_small_unknown_count_as_fewer_than_five():
    geo = _page_data(network_map(_small_graph(), privacy="public", lang="sv"))["geography"]
    assert geo["labels"]["unknown"] == "Kommun okänd (färre än 5)"


def test_the_geography_map_is_byte_identical_whatever_the_node_order():
    G = _small_graph()
    H = nx.Graph(synthetic=True)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges())))
    assert network_map(G, layout="geography").html == network_map(H, layout="geography").html


@pytest.mark.parametrize(
    "options, says",
    [
        ({"renderer": "webgl"}, "renderer='vis'"),
        ({"aggregate": "sector"}, "aggregate=None"),
        ({"layout": "map"}, "layout must be one of"),
    ],
)
def test_the_geography_layout_refuses_what_it_cannot_draw(options, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        network_map(_small_graph(), **{"layout": "geography", **options})
    with pytest.raises(ValueError, match="no actor's municipality"):
        network_map(nx.path_graph(3), layout="geography")


def test_another_regions_geography_on_the_map(tmp_path):
    points = _write(tmp_path / "vg.csv", "municipality,lon,lat\nGöteborg,11.97,57.71\nMölndal,12.02,57.66\n")
    g = read_geography(points, _write(tmp_path / "vg.geojson", SQUARE), region="Västra Götaland")
    G = nx.Graph([("a", "b")])
    nx.set_node_attributes(G, {"a": "Göteborg", "b": "Molndal"}, "municipality")
    geo = _page_data(network_map(G, layout="geography", geography=g))["geography"]
    assert geo["positions"]["a"][1] < geo["positions"]["b"][1]  # Göteborg lies north of Mölndal: higher up
    assert len(geo["outline"][0]) == 5 and geo["unknownBox"] is None


def test_the_cli_map_opens_in_the_geography_view(tmp_path):
    from typer.testing import CliRunner

    from skane_ecosystem.cli import app

    actors = _write(
        tmp_path / "actors.csv",
        "id,name,sector,municipality\na,A,public,Malmo\nb,B,business,1290\nc,C,academia,Lund\n",
    )
    ties = _write(tmp_path / "ties.csv", "source,target\na,b\nb,c\n")
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        app, ["map", str(ties), "--actors", str(actors), "--out", str(out), "--layout", "geography"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="skane-data">(.*?)</script>', html, re.S).group(1))
    assert data["geography"]["start"] == "geography"
    assert set(data["geography"]["positions"]) == {"a", "b", "c"}


def test_the_unknown_count_is_written_in_the_readers_locale():
    G = nx.Graph()
    G.add_node("m", municipality="Malmö")
    G.add_nodes_from((f"u{i}", {"municipality": ""}) for i in range(1200))
    assert (
        _page_data(network_map(G, lang="sv"))["geography"]["labels"]["unknown"] == "Kommun okänd (1\u202f200)"
    )  # format_number's thin space


def test_a_hostile_municipality_name_in_a_users_table_reaches_the_page_only_as_escaped_data(tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    points = _write(tmp_path / "p.csv", f'municipality,lon,lat\n"{hostile}",13.0,55.6\n')
    g = read_geography(points)
    G = nx.Graph([("a", "b")])
    nx.set_node_attributes(G, hostile, "municipality")
    m = network_map(G, layout="geography", geography=g)
    assert [entry[0] for entry in _page_data(m)["geography"]["municipalities"]] == [hostile]
    script = m.html.split('id="skane-data">', 1)[1].split("</script>", 1)[0]
    assert hostile not in script and "\\u003cimg" in script
