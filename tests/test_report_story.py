"""The report as a policymaker reads it (issue 15): who the network figure names,
which new ties it suggests, and where its title comes from."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.text import Text

import skane_ecosystem as se
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render import figures
from skane_ecosystem.render.bundle import draw_figures
from tests.render.test_figures import small_ecosystem

FAST = AnalysisConfig(stability=StabilityConfig(resamples=5))


@pytest.fixture(scope="module")
def demo_analysis():
    return se.analyze(se.demo(), FAST, progress=None)


# ------------------------------------------------------------ the network figure
def _named(fig) -> list[Text]:
    return list(fig.axes[0].texts)


@pytest.mark.parametrize("level", ["public", "internal"])
def test_the_network_figure_names_the_three_largest_hubs_without_overlap(demo_analysis, level):
    shown = apply_privacy(demo_analysis, level, lang="en")
    fig = draw_figures(shown, ["network"])["network"]
    names = {text.get_text().replace("\n", " ") for text in _named(fig)}
    degree = pd.to_numeric(shown.actors["degree"], errors="coerce")
    hubs = degree.sort_values(ascending=False, kind="stable").index[:3]
    for hub in hubs:
        assert shown.graph.nodes[hub]["name"] in names, hub
    renderer = fig.canvas.get_renderer()
    boxes = [figures._name_box(text, renderer) for text in _named(fig)]
    overlapping = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert not overlapping


def test_a_tentative_finding_does_not_put_a_small_actor_before_the_largest():
    flags = pd.DataFrame(
        {"subject": ["a6"], "level": "actor", "kind": "impediment", "code": "isolated", "tentative": True}
    )
    fig = figures.network_figure(small_ecosystem(), flags=flags, label_flagged=1)
    assert [text.get_text() for text in _named(fig)] == ["Region Skåne"]  # a1: the most partners


# ------------------------------------------------------------------ the title
def _karate_file(folder, name="karate_club_export.graphml", **graph_attributes):
    import networkx as nx

    G = nx.karate_club_graph()
    G.graph.clear()  # networkx names it "Zachary's Karate Club"
    G.graph.update(graph_attributes)
    path = folder / name
    nx.write_graphml(G, path)
    return path


def _report_title(eco, lang: str) -> str:
    from skane_ecosystem.render.report_html import render_html

    analysis = se.analyze(eco, AnalysisConfig(stability=StabilityConfig(enabled=False)), progress=None)
    shown = apply_privacy(analysis, "internal", lang=lang)
    page = render_html(shown, map_file=None)
    return page.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.mark.parametrize(("lang", "expected"), [("en", "Ecosystem network"), ("sv", "Ekosystemets nätverk")])
def test_a_file_name_never_becomes_the_title(tmp_path, lang, expected):
    eco = se.load(_karate_file(tmp_path))
    assert "karate_club_export" not in str(eco.meta.get("title"))
    assert "karate_club_export" not in str(eco.summary()["title"])
    assert _report_title(eco, lang).startswith(expected)


def test_a_network_file_declaring_a_title_keeps_it(tmp_path):
    eco = se.load(_karate_file(tmp_path, title="Karate club, 1977"))
    assert eco.meta["title"] == "Karate club, 1977"
    assert _report_title(eco, "sv").startswith("Karate club, 1977")


def test_a_workbook_title_comes_from_its_properties_not_its_name(tmp_path):
    import openpyxl

    from skane_ecosystem.demo import demo_path

    book = openpyxl.load_workbook(demo_path("skane_demo.xlsx"))
    copy = tmp_path / "export_final_v2.xlsx"
    book.save(copy)
    assert "export_final_v2" not in str(se.load(copy).meta.get("title"))
    book.properties.title = "Skåne social innovation 2022"
    book.save(copy)
    assert se.load(copy).meta["title"] == "Skåne social innovation 2022"


# ------------------------------------------------------------- suggested ties
def test_suggested_ties_are_a_short_varied_list_with_exact_numbers(demo_analysis):
    from skane_ecosystem.scenarios import suggest_bridges

    bridges = demo_analysis.bridges
    assert 3 <= len(bridges) <= 6
    ends = [*bridges["source"], *bridges["target"]]
    assert len(ends) == len(set(ends)), "an organisation is suggested twice"
    assert {"outside_main", "sectors"} <= set(bridges["connects"])
    ranked = suggest_bridges(demo_analysis, k=None).set_index(["source", "target"])
    for row in bridges.itertuples():
        assert row.gain == ranked.loc[(row.source, row.target), "gain"]  # the ranking's own number
    # the demo's six isolated social enterprises: 2 in business, 4 in civil society
    assert sorted(bridges.loc[bridges["connects"] == "outside_main", "outside_count"]) == [2, 4]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_report_says_what_each_suggested_tie_connects(demo_analysis, lang):
    from skane_ecosystem.render.report_html import render_html

    page = render_html(apply_privacy(demo_analysis, "internal", lang=lang), map_file=None)
    section = page.split('id="sectors"', 1)[1].split("</section>", 1)[0]
    brings = {"en": "into the largest connected part of the network", "sv": "i nätverkets största sammanhängande del"}
    assert brings[lang] in section
    assert {"en": "Ljuslykta Social Enterprise AB in Malmö", "sv": "Ljuslykta Social Enterprise AB i Malmö"}[
        lang
    ] in section


def test_public_suggestions_show_no_count_below_five(demo_analysis):
    from skane_ecosystem.render.report_html import render_html

    shown = apply_privacy(demo_analysis, "public", lang="en")
    assert set(shown.bridges.loc[shown.bridges["connects"] == "outside_main", "outside_count"]) == {"<5"}
    section = render_html(shown, map_file=None).split('id="sectors"', 1)[1].split("</section>", 1)[0]
    assert "; &lt;5 organisations in civil society are outside it." in section
