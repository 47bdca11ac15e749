"""Static matplotlib figures: what is drawn, in which colours and words, and saved how."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib import rc_context
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch

from skane_ecosystem.render import figures
from skane_ecosystem.render.figures import (
    measure_by_sector,
    network_figure,
    robustness_figure,
    save_figure,
    sector_heatmap,
    wave_change_figure,
)
from skane_ecosystem.render.map import network_map
from skane_ecosystem.render.palette import (
    FLAG_MARKERS,
    MULTIPLE_RELATIONS_STYLE,
    RELATION_STYLES,
    categorical_colors,
)
from skane_ecosystem.scenarios import Robustness
from skane_ecosystem.sectors import SECTOR_COLORS


# ------------------------------------------------------------------ helpers
def small_ecosystem() -> nx.Graph:
    """Six actors in four sectors, two relations, one tie carrying both."""
    G = nx.Graph(title="Test ecosystem", synthetic=False)
    G.add_node("a1", name="Region Skåne", sector="public", municipality="Malmö")
    G.add_node("a2", name="Lunds universitet", sector="academia", municipality="Lund")
    G.add_node("a3", name="Ystad Hub", sector="civil_society", municipality="Ystad")
    G.add_node("a4", name="Impact Invest AB", sector="business", municipality="Malmö")
    G.add_node("a5", name="Malmö stad", sector="public", municipality="Malmö")
    G.add_node("a6", name="Ensam förening", sector="civil_society", municipality="Lund")
    G.add_edge("a1", "a2", weight=3.0, relations=["collaboration"])
    G.add_edge("a1", "a3", weight=1.0, relations=["funding"])
    G.add_edge("a1", "a4", weight=2.0, relations=["collaboration", "funding"])
    G.add_edge("a2", "a5", weight=1.0, relations=["collaboration"])
    G.add_edge("a3", "a5", weight=2.0, relations=["collaboration"])
    return G


FLAGS = pd.DataFrame(
    {
        "subject": ["a1", "a3", "a3", "a6", "public"],
        "level": ["actor", "actor", "actor", "actor", "sector"],
        "kind": ["facilitator", "impediment", "facilitator", "impediment", "impediment"],
        "code": ["hub", "bottleneck", "broker", "isolated", "sector_silo"],
        "stability": [0.9, 0.7, 0.6, 1.0, 0.8],
        "explanation_en": ["", "", "", "", ""],
        "explanation_sv": ["", "", "", "", ""],
    }
)


def node_collection(fig) -> PathCollection:
    ax = fig.axes[0]
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(collections) == 1, "the actors are one scatter collection"
    return collections[0]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def legend_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]


def map_positions(G, seed) -> dict[str, tuple[float, float]]:
    """The positions the HTML map gives each actor, read from the page's data block."""
    html = network_map(G, seed=seed).html
    block = re.search(r'<script type="application/json" id="skane-data">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    return {node["id"]: (node["x"], node["y"]) for node in data["nodes"]}


# ----------------------------------------------------------- network figure
def test_one_marker_per_actor_in_its_sector_colour():
    G = small_ecosystem()
    fig = network_figure(G)
    nodes = node_collection(fig)
    assert len(nodes.get_offsets()) == G.number_of_nodes() == 6
    assert sorted(nodes.actor_ids) == sorted(G.nodes)
    expected = [to_rgba(SECTOR_COLORS[G.nodes[n]["sector"]]) for n in nodes.actor_ids]
    assert [tuple(c) for c in nodes.get_facecolors()] == expected


def test_large_markers_are_drawn_first_and_flagged_actors_last():
    # degrees: a1 3, a2 2, a3 2, a5 2, a4 1, a6 0; a3 and a6 have findings
    ids = node_collection(network_figure(small_ecosystem(), flags=FLAGS.iloc[1:4])).actor_ids
    assert ids == ("a1", "a2", "a5", "a4", "a3", "a6")


def test_positions_are_the_maps_positions_for_the_same_seed():
    G = small_ecosystem()
    for seed in (0, 7):
        on_map = map_positions(G, seed)
        nodes = node_collection(network_figure(G, seed=seed))
        assert nodes.get_offsets().tolist() == [list(on_map[n]) for n in nodes.actor_ids]
    # and the seed matters: otherwise the comparison above would prove little
    assert map_positions(G, 0) != map_positions(G, 7)


def test_like_the_map_the_y_axis_points_down():
    ax = network_figure(small_ecosystem()).axes[0]
    assert ax.yaxis_inverted()


def test_legend_names_every_sector_present_and_no_other():
    fig = network_figure(small_ecosystem(), flags=FLAGS)
    labels = legend_texts(fig)
    for present in ("Public sector", "Academia", "Civil society", "Business"):
        assert present in labels
    assert "Other" not in labels
    # sections: colour, size, ties, findings; tie styles of both relations and the mixed tie
    size = "Size: Degree (number of partners)"
    for heading in ("Sector", size, "Ties", "Findings"):
        assert heading in labels
    for entry in (
        "Collaboration",
        "Funding",
        "Several relations",
        "No finding",
        "Facilitator",
        "Impediment",
        "Facilitator and impediment",
    ):
        assert entry in labels
    # size entries: the smallest and largest degree in the graph (0 for the isolate, 3)
    assert labels[labels.index(size) + 1 : labels.index("Ties")] == ["0", "3"]


def test_swedish_labels():
    fig = network_figure(small_ecosystem(), flags=FLAGS, lang="sv")
    labels = legend_texts(fig)
    for swedish in (
        "Sektor",
        "Offentlig sektor",
        "Akademi",
        "Civilsamhälle",
        "Näringsliv",
        "Samarbete",
        "Finansiering",
        "Möjliggörare",
        "Hinder",
    ):
        assert swedish in labels
    assert fig.axes[0].get_title() == "Test ecosystem"
    G = small_ecosystem()
    del G.graph["title"]
    assert network_figure(G, lang="sv").axes[0].get_title() == "Ekosystemets nätverk"


def test_flagged_actors_are_named_first_and_marked_by_kind():
    G = small_ecosystem()
    fig = network_figure(G, flags=FLAGS, label_flagged=3)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(labels) == ["Ensam förening", "Region Skåne", "Ystad Hub"]
    # then the largest (render.labels.named_first): here everyone fits
    assert len(network_figure(G, flags=FLAGS).axes[0].texts) == 6
    nodes = node_collection(fig)
    expected_kind = {"a1": "facilitator", "a3": "both", "a6": "impediment"}
    for i, actor in enumerate(nodes.actor_ids):
        marker = FLAG_MARKERS.get(expected_kind.get(actor), {"mpl_marker": "o", "border": "#FFFFFF"})
        style = MarkerStyle(marker["mpl_marker"])
        shape = style.get_path().transformed(style.get_transform())
        assert np.allclose(nodes.get_paths()[i].vertices, shape.vertices), actor
        assert tuple(nodes.get_edgecolors()[i]) == to_rgba(marker["border"]), actor


def test_names_of_crowded_flagged_actors_do_not_overlap():
    G = nx.complete_graph(7)
    nx.relabel_nodes(G, {n: f"Organisation number {n} of Skåne" for n in G}, copy=False)
    flags = pd.DataFrame({"subject": list(G), "level": "actor", "kind": "facilitator", "code": "hub"})
    fig = network_figure(G, flags=flags)
    renderer = fig.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in fig.axes[0].texts]
    assert len(boxes) == 7
    assert not [(i, j) for i in range(7) for j in range(i + 1, 7) if boxes[i].overlaps(boxes[j])]


def test_names_of_isolated_actors_keep_clear_of_the_legend_and_title():
    # Isolates are packed beside the network, by the legend: their names used to run into it.
    G = nx.connected_watts_strogatz_graph(148, 6, 0.1, seed=1)
    G.add_nodes_from(f"Isolated social enterprise {i}" for i in range(5))
    flags = pd.DataFrame(
        {"subject": [n for n in G if G.degree(n) == 0], "level": "actor", "kind": "impediment", "code": "isolated"}
    )
    fig = network_figure(G, flags=flags, title="A title")
    renderer = fig.canvas.get_renderer()
    names = [text.get_window_extent(renderer) for text in fig.axes[0].texts]
    fixed = [fig.legends[0].get_window_extent(renderer), fig.axes[0].title.get_window_extent(renderer)]
    assert names
    assert not [box for box in names if any(box.overlaps(other) for other in fixed)]


def test_markers_and_ties_get_thinner_in_large_networks():
    G = nx.path_graph(600)
    nodes = node_collection(network_figure(G))
    # degree 1 (the ends) and 2: the range shrinks by sqrt(150 / 600) = 0.5
    low, high = figures.NODE_DIAMETER_RANGE
    assert sorted(set(np.round(nodes.get_sizes(), 6))) == pytest.approx([(low / 2) ** 2, (high / 2) ** 2])


def test_labels_can_be_left_out_and_network_level_flags_mark_no_actor():
    fig = network_figure(small_ecosystem(), flags=FLAGS, label_flagged=False)
    assert len(fig.axes[0].texts) == 0
    only_sector_flag = FLAGS[FLAGS["level"] == "sector"]
    fig = network_figure(small_ecosystem(), flags=only_sector_flag, label_flagged=1)
    assert [t.get_text() for t in fig.axes[0].texts] == ["Region Skåne"]  # the largest, not a sector
    assert {tuple(c) for c in node_collection(fig).get_edgecolors()} == {to_rgba("#FFFFFF")}  # no marker


def test_marker_area_follows_the_size_measure():
    G = small_ecosystem()
    actors = pd.DataFrame({"betweenness": [0.0, 0.25, 1.0, 0.0, 0.0, 0.0]}, index=["a6", "a5", "a1", "a4", "a3", "a2"])
    nodes = node_collection(network_figure(G, actors=actors, size_by="betweenness"))
    low, high = figures.NODE_DIAMETER_RANGE
    by_actor = dict(zip(nodes.actor_ids, nodes.get_sizes()))
    assert by_actor["a1"] == pytest.approx(high**2)
    assert by_actor["a6"] == pytest.approx(low**2)
    # square-root scaling: a quarter of the range gets half the diameter range
    assert by_actor["a5"] == pytest.approx((low + (high - low) * 0.5) ** 2, abs=0.1)


def test_ties_are_coloured_by_relation_and_mixed_ties_in_their_own_colour():
    G = small_ecosystem()
    ax = network_figure(G).axes[0]
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    colours = [tuple(c[:3]) for c in lines.get_colors()]
    assert len(lines.get_segments()) == G.number_of_edges()
    # edges are drawn sorted by (source, target)
    expected = ["collaboration", "funding", "several", "collaboration", "collaboration"]
    styles = {**{k: v["color"] for k, v in RELATION_STYLES.items()}, "several": MULTIPLE_RELATIONS_STYLE["color"]}
    assert colours == [to_rgba(styles[r])[:3] for r in expected]


def test_directed_ties_are_arrows():
    G = nx.DiGraph([("x", "y"), ("y", "x"), ("y", "z")])
    nx.set_node_attributes(G, "academia", "sector")
    ax = network_figure(G).axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 3
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]


def test_colour_by_another_attribute_uses_the_shared_palette():
    G = small_ecosystem()
    fig = network_figure(G, color_by="municipality")
    palette = categorical_colors(G.nodes[n]["municipality"] for n in G)
    nodes = node_collection(fig)
    expected = [to_rgba(palette[G.nodes[n]["municipality"]]) for n in nodes.actor_ids]
    assert [tuple(c) for c in nodes.get_facecolors()] == expected
    labels = legend_texts(fig)
    assert labels[:4] == ["Colour: Municipality", "Malmö", "Lund", "Ystad"]


def test_synthetic_note_when_the_graph_says_so():
    note = "Synthetic data: fictional organisations, no real relationships are implied"
    G = small_ecosystem()
    assert note not in texts(network_figure(G))
    G.graph["synthetic"] = True
    assert note in texts(network_figure(G))
    assert note not in texts(network_figure(G, synthetic=False))
    assert "Syntetiska data: fiktiva organisationer, inga verkliga relationer avses" in texts(
        network_figure(G, lang="sv")
    )


def test_the_house_font_is_used_whatever_the_users_settings():
    with rc_context({"font.family": "serif", "font.size": 20}):
        fig = network_figure(small_ecosystem(), flags=FLAGS)
    families = {t.get_fontfamily()[0] for t in fig.findobj(lambda a: hasattr(a, "get_fontfamily"))}
    assert families == {"DejaVu Sans"}


def test_no_pyplot_figures_are_left_open():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    network_figure(small_ecosystem())
    sector_heatmap(pd.DataFrame([[1]], index=["public"], columns=["public"]))
    assert plt.get_fignums() == before


def test_empty_graph_draws_an_empty_network():
    fig = network_figure(nx.Graph())
    assert len(node_collection(fig).get_offsets()) == 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"size_by": "fame"}, "size_by='fame' is not a numeric actors column"),
        ({"color_by": "shoe_size"}, "color_by='shoe_size' is neither a node attribute"),
        ({"flags": FLAGS.assign(kind="hero")}, "use 'facilitator' or 'impediment'"),
        ({"lang": "de"}, "lang must be one of"),
        ({"seed": "1"}, "seed must be an integer"),
    ],
)
def test_network_figure_says_what_to_change(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        network_figure(small_ecosystem(), **kwargs)


def test_network_figure_rejects_what_is_not_a_graph():
    with pytest.raises(ValueError, match="needs a networkx Graph"):
        network_figure({"a": ["b"]})
    with pytest.raises(ValueError, match="multigraphs"):
        network_figure(nx.MultiGraph([(1, 2), (1, 2)]))


def test_names_shared_with_the_map_read_the_same():
    from skane_ecosystem.i18n import catalog
    from skane_ecosystem.render import figures, labels

    for lang in ("en", "sv"):
        measures = [key.split(".", 1)[1] for key in catalog(lang) if key.count(".") == 1 and key.startswith("measure.")]
        relations = [key.split(".", 1)[1] for key in catalog(lang) if key.startswith("relation.")]
        assert len(measures) >= 15
        assert {m: figures._label("measure", m, lang) for m in measures} == {
            m: labels.measure_label(m, lang) for m in measures
        }
        assert {r: figures._label("relation", r, lang) for r in relations} == {
            r: labels.relation_label(r, lang) for r in relations
        }


# --------------------------------------------------------------- heatmap
MATRIX = pd.DataFrame(
    [[0, 3, 1200], [7, 12, 3], [5, 7, 0]],
    index=["academia", "public", "civil_society"],
    columns=["civil_society", "public", "academia"],
)


def test_heatmap_cells_are_annotated_with_the_counts_in_sector_order():
    ax = sector_heatmap(MATRIX).axes[0]
    order = ["public", "academia", "civil_society"]
    expected = MATRIX.loc[order, order]
    shown = [t.get_text() for t in ax.texts]
    assert shown == [f"{v:,}" for v in expected.to_numpy().ravel()]
    assert shown[4] == "1,200"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Public sector", "Academia", "Civil society"]
    assert np.array_equal(ax.images[0].get_array(), expected.to_numpy())


def test_heatmap_in_swedish_with_row_shares():
    ax = sector_heatmap(MATRIX, lang="sv", normalize="row").axes[0]
    shown = [t.get_text() for t in ax.texts]
    # public row: 12, 3, 7 of 22 ties
    assert shown[:3] == ["54,5 %", "13,6 %", "31,8 %"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Offentlig sektor", "Akademi", "Civilsamhälle"]
    assert ax.get_title() == "Band mellan sektorer, andel av varje rad"
    counts = sector_heatmap(MATRIX, lang="sv").axes[0]
    assert counts.texts[4].get_text() == "1\u202f200"


def test_heatmap_share_of_all_ties_sums_to_one():
    ax = sector_heatmap(MATRIX, normalize="all").axes[0]
    assert float(ax.images[0].get_array().sum()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "matrix, kwargs, message",
    [
        (MATRIX, {"normalize": "column"}, "normalize must be one of"),
        (MATRIX * -1, {}, "negative"),
        (MATRIX.astype(object).replace(12, "twelve"), {}, "('public', 'public') is 'twelve'"),
        (MATRIX.to_numpy(), {}, "must be a pandas DataFrame"),
    ],
)
def test_heatmap_says_what_to_change(matrix, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        sector_heatmap(matrix, **kwargs)


# ---------------------------------------------------- measure by sector
ACTORS = pd.DataFrame(
    {
        "sector": ["public", "Näringsliv", "public", "academia", "business", "public"],
        "betweenness": [0.5, 0.1, 0.2, 0.0, 0.3, np.nan],
        "name": list("abcdef"),
    },
    index=[f"a{i}" for i in range(6)],
)


def test_measure_by_sector_draws_every_actor_value_in_its_sector():
    ax = measure_by_sector(ACTORS).axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["Public sector\n(n = 2)", "Business\n(n = 2)", "Academia\n(n = 1)"]
    strips = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [sorted(s.get_offsets()[:, 1].tolist()) for s in strips] == [[0.2, 0.5], [0.1, 0.3], [0.0]]
    assert [tuple(s.get_facecolors()[0]) for s in strips] == [
        to_rgba(SECTOR_COLORS[s]) for s in ("public", "business", "academia")
    ]
    medians = [
        line.get_ydata()[0]
        for line in ax.lines
        if len(line.get_xdata()) == 2 and line.get_color() == figures._TEXT_COLOR
    ]
    assert medians == pytest.approx([0.35, 0.2, 0.0])
    assert ax.get_ylabel() == "Betweenness"


def test_measure_by_sector_in_swedish_and_reproducible():
    first = measure_by_sector(ACTORS, lang="sv").axes[0]
    assert first.get_title() == "Betweenness-centralitet per sektor"
    assert first.get_xticklabels()[1].get_text() == "Näringsliv\n(n = 2)"
    again = measure_by_sector(ACTORS, lang="sv").axes[0]
    assert np.array_equal(first.collections[-1].get_offsets(), again.collections[-1].get_offsets())


def test_measure_by_sector_says_what_to_change():
    with pytest.raises(
        ValueError, match=r"measure='fame' is not a numeric column of actors; use one of \['betweenness'\]"
    ):
        measure_by_sector(ACTORS, "fame")
    with pytest.raises(ValueError, match="no 'sector' column"):
        measure_by_sector(ACTORS.drop(columns="sector"))


# ------------------------------------------------------------ robustness
STAR = pd.DataFrame(
    {
        "removed": range(6),
        "share_removed": [0, 0.2, 0.4, 0.6, 0.8, 1],
        "main_component_share": [1, 0.2, 0.2, 0.2, 0.2, 0],
    }
)
CHAIN = pd.DataFrame({"share_removed": [0, 0.5, 1], "main_component_share": [1, 0.5, 0]})


def test_robustness_curves_with_their_area_in_the_legend():
    fig = robustness_figure({"By degree": Robustness(STAR, 0.26, "degree"), "Chain": CHAIN})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["By degree (area 0.260)", "Chain (area 0.500)"]
    assert ax.lines[0].get_xdata().tolist() == STAR["share_removed"].tolist()
    assert ax.lines[0].get_ydata().tolist() == STAR["main_component_share"].tolist()
    assert ax.get_xlabel() == "Share of actors removed"


def test_robustness_in_swedish_with_percent_axes():
    fig = robustness_figure({"Grad": STAR}, lang="sv")
    ax = fig.axes[0]
    assert ax.get_legend().get_texts()[0].get_text() == "Grad (yta 0,260)"
    fig.canvas.draw()
    assert "20 %" in [t.get_text() for t in ax.get_xticklabels()]
    assert ax.get_ylabel() == "Andel aktörer i den största sammanhängande delen"


def test_robustness_says_what_to_change():
    with pytest.raises(ValueError, match="non-empty dict"):
        robustness_figure(STAR)
    with pytest.raises(ValueError, match=r"curve 'x' is missing the column\(s\) \['main_component_share'\]"):
        robustness_figure({"x": STAR.drop(columns="main_component_share")})


# ----------------------------------------------------------- wave change
INDICATORS = pd.DataFrame(
    {
        "indicator": ["actors", "density", "title", "components"],
        "before": [40, 0.1, "Skåne 2019", 3],
        "after": [52, 0.09, "Skåne 2022", 1],
        "change": [12, -0.01, np.nan, -2],
    }
)


def test_wave_change_has_one_panel_of_paired_bars_per_numeric_indicator():
    fig = wave_change_figure(INDICATORS)
    assert [ax.get_title() for ax in fig.axes] == ["Organisations", "Density", "Separate parts"]
    heights = [[float(p.get_height()) for p in ax.patches] for ax in fig.axes]
    assert heights == [[40, 52], [0.1, 0.09], [3, 1]]
    values = [[t.get_text() for t in ax.texts] for ax in fig.axes]
    assert values == [["40", "52"], ["0.100", "0.090"], ["3", "1"]]
    assert [ax.get_xlabel() for ax in fig.axes] == ["change +12", "change \u22120.010", "change \u22122"]
    assert legend_texts(fig) == ["Before", "After"]


def test_wave_change_in_swedish_from_a_comparison():
    comparison = SimpleNamespace(indicators=INDICATORS, wave_from="2019", wave_to="2022")
    fig = wave_change_figure(comparison, lang="sv")
    assert legend_texts(fig) == ["Omgång 2019", "Omgång 2022"]
    assert fig.axes[1].get_title() == "Täthet"
    assert fig.axes[1].get_xlabel() == "förändring \u22120,010"
    assert fig._suptitle.get_text() == "Förändring mellan omgångar"


def test_wave_change_says_what_to_change():
    with pytest.raises(ValueError, match=r"missing the column\(s\) \['after'\]"):
        wave_change_figure(INDICATORS.drop(columns="after"))
    with pytest.raises(ValueError, match="no row where both before and after are numbers"):
        wave_change_figure(INDICATORS.iloc[[2]])


# ---------------------------------------------------------------- saving
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


@pytest.mark.parametrize("fmt", figures.FORMATS)
def test_saving_twice_gives_identical_bytes(tmp_path, fmt):
    G = small_ecosystem()
    G.graph["synthetic"] = True
    fig = network_figure(G, flags=FLAGS, lang="sv")
    first = save_figure(fig, tmp_path / f"one.{fmt}").read_bytes()
    second = save_figure(fig, tmp_path / f"two.{fmt}").read_bytes()
    assert first.startswith(MAGIC[fmt])
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"one.{fmt}", f"two.{fmt}"]


def test_the_same_data_drawn_again_gives_identical_bytes(tmp_path):
    # SVG is the format with generated ids; those must not depend on the figure object.
    once = save_figure(network_figure(small_ecosystem(), flags=FLAGS), tmp_path / "a.svg")
    again = save_figure(network_figure(small_ecosystem(), flags=FLAGS), tmp_path / "b.svg")
    assert once.read_bytes() == again.read_bytes()


def test_saved_png_has_the_fixed_size_and_resolution(tmp_path):
    from PIL import Image

    fig = sector_heatmap(MATRIX)
    with Image.open(save_figure(fig, tmp_path / "matrix.png")) as image:
        width, height = figures._HEATMAP_SIZE
        assert image.size == (round(width * figures.FIGURE_DPI), round(height * figures.FIGURE_DPI))
        assert "Software" not in image.info


def test_format_argument_overrides_the_suffix(tmp_path):
    path = save_figure(sector_heatmap(MATRIX), tmp_path / "matrix.figure", format="svg")
    assert path.read_bytes().startswith(MAGIC["svg"])


def test_save_refuses_unknown_formats_and_missing_folders(tmp_path):
    fig = sector_heatmap(MATRIX)
    with pytest.raises(ValueError, match=r"cannot save a figure as 'jpg'.*use one of \('png', 'svg', 'pdf'\)"):
        save_figure(fig, tmp_path / "matrix.jpg")
    with pytest.raises(ValueError, match="does not exist; create it first"):
        save_figure(fig, tmp_path / "missing" / "matrix.png")
    with pytest.raises(TypeError, match="must be a matplotlib Figure"):
        save_figure("not a figure", tmp_path / "x.png")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "matrix.png"
    target.write_bytes(b"previous version")
    fig = sector_heatmap(MATRIX)

    def broken_savefig(out, **kwargs):
        out.write(b"half a png")
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        save_figure(fig, target)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["matrix.png"]


def test_every_function_returns_a_figure():
    made = [
        network_figure(small_ecosystem()),
        sector_heatmap(MATRIX, synthetic=True),
        measure_by_sector(ACTORS, synthetic=True),
        robustness_figure({"a": CHAIN}, synthetic=True),
        wave_change_figure(INDICATORS, synthetic=True),
    ]
    note = "Synthetic data: fictional organisations, no real relationships are implied"
    assert all(isinstance(fig, Figure) for fig in made)
    assert [note in texts(fig) for fig in made] == [False, True, True, True, True]


def test_figures_show_in_jupyter_without_pyplot():
    from IPython.core.formatters import DisplayFormatter

    # A fresh formatter knows nothing of pyplot's inline backend, like a kernel in
    # which only skane_ecosystem was imported.
    data, _ = DisplayFormatter().format(sector_heatmap(MATRIX))
    assert data["image/png"].startswith(MAGIC["png"])


def test_only_the_strongest_findings_are_named_when_asked_for_few_labels():
    flags = FLAGS.assign(score=[0.2, 0.9, 0.1, 0.5, 1.0])  # a3: 0.9, a6: 0.5, a1: 0.2
    fig = network_figure(small_ecosystem(), flags=flags, label_flagged=2)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["Ensam förening", "Ystad Hub"]
    with pytest.raises(ValueError, match="label_flagged must be True, False or a number"):
        network_figure(small_ecosystem(), flags=flags, label_flagged=-1)


def test_removal_orders_have_readers_names():
    from skane_ecosystem.render.figures import removal_order_label

    assert removal_order_label("betweenness") == "Highest betweenness first"
    assert removal_order_label("random", "sv") == "I slumpvis ordning"
    assert removal_order_label("strength") == "Highest Strength (summed tie weight) first"


def test_svg_ids_are_numbered_and_every_reference_resolves():
    from skane_ecosystem.render.figures import figure_bytes

    svg = figure_bytes(network_figure(nx.karate_club_graph(), seed=1), "svg").decode("utf-8")
    ids = re.findall(r'id="([mp][0-9a-f]+)"', svg)
    references = set(re.findall(r'#([mp][0-9a-f]+)[")]', svg))
    assert ids and all(re.fullmatch(r"[mp][1-9][0-9]*", i) for i in ids)  # no 10-digit hashes left
    assert references and references <= set(ids)
