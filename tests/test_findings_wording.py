"""Findings that mean what they say (issue 12): every sentence and rule description is
written from the threshold and the value that was tested; undirected analyses state
confirmed ties rather than a reciprocity of 100 %; one degree centralization per
analysis; undirected brokerage stated once, as distinct two-paths; small comparison
groups said to be small."""

import tempfile
from pathlib import Path

import networkx as nx
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze, demo
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.flags import SMALL_COMPARISON_GROUP, FlagContext
from skane_ecosystem.render.report_html import Words
from skane_ecosystem.sentences import rule_values


def report_page(analysis, **options) -> str:
    """The report.html of the analysis' bundle (``Analysis.report`` is the one report entry point)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = analysis.report(Path(folder) / "bundle", figures=False, map_html=False, **options)
        return paths["report.html"].read_text(encoding="utf-8")


NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))


@pytest.fixture(scope="module")
def demo_eco():
    return demo()


def indicators(analysis):
    return analysis.network.set_index("indicator")["value"]


def findings(analysis, code, lang="en"):
    rows = analysis.flags[analysis.flags["code"] == code]
    return dict(zip(rows["subject"], rows[f"explanation_{lang}"]))


# ------------------------------------------------------ reciprocity and confirmed ties
def test_undirected_demo_shows_confirmed_ties_and_no_reciprocity(demo_eco):
    analysis = analyze(demo_eco, NO_STABILITY)  # mode "union": undirected
    values = indicators(analysis)
    assert "reciprocity" not in values.index
    assert 0 < values["confirmed_tie_share"] < 1
    page = report_page(analysis)
    assert "Reciprocity" not in page and "Share of ties confirmed by both sides" in page
    assert "Ömsesidighet" not in report_page(analysis, lang="sv")


def test_directed_demo_shows_reciprocity(demo_eco):
    values = indicators(analyze(demo_eco, NO_STABILITY, mode="directed"))
    assert 0 < values["reciprocity"] < 1


# -------------------------------------------------------- one degree centralization
def centralization_case():
    # Arcs 0<->1, 0->2, 3->0, 4->3.  Total degree: 0: 4, 1: 2, 2: 1, 3: 2, 4: 1, so
    # Freeman's sum of differences is 0+2+3+2+3 = 10 over the star's 2(n-1)(n-2) = 24:
    # 5/12, as R sna: centralization(m, sna::degree, mode = "digraph") = 0.4166667
    # (and igraph centr_degree(g, mode = "all", loops = FALSE)).  The undirected view,
    # which the flag used before, has degrees 3, 1, 1, 2, 1: (0+2+2+1+2) / 12 = 7/12.
    G = nx.DiGraph([("0", "1"), ("1", "0"), ("0", "2"), ("3", "0"), ("4", "3")])
    return Ecosystem.from_networkx(G)


def test_directed_centralization_flag_and_indicator_are_one_number():
    config = NO_STABILITY.with_options(centralization_threshold=0.5)
    analysis = analyze(centralization_case(), config, mode="directed")
    assert indicators(analysis)["degree_centralization"] == pytest.approx(5 / 12)
    context = FlagContext(analysis.graph, analysis.actors, config)
    assert context.centralization == pytest.approx(5 / 12)
    # 5/12 is below the threshold 0.5: no "centralized" finding (the undirected view,
    # 7/12, raised one before)
    assert findings(analysis, "centralized") == {}
    lower = analyze(centralization_case(), config.with_options(centralization_threshold=0.4), mode="directed")
    assert lower.flags.set_index("code").loc["centralized", "evidence"]["degree_centralization"] == pytest.approx(
        5 / 12
    )


# ---------------------------------------------------------------- undirected brokerage
def brokerage_star(directed=False):
    # v (public) is the only partner of a1 (public), b1, b2 (business) and c1 (academia).
    # Distinct open two-paths through v: 3 with one end in v's sector (a1-v-b1, a1-v-b2,
    # a1-v-c1), 1 itinerant (b1-v-b2) and 2 liaison (b1-v-c1, b2-v-c1).  R sna counts each
    # undirected two-path in both directions: gatekeeper 3, representative 3,
    # itinerant 2, liaison 4.  Directed, with every tie named both ways, these are six
    # distinct chains x -> v -> y each.
    G = nx.DiGraph() if directed else nx.Graph()
    for leaf in ("a1", "b1", "b2", "c1"):
        G.add_edge("v", leaf)
        if directed:
            G.add_edge(leaf, "v")
    sectors = {"v": "public", "a1": "public", "b1": "business", "b2": "business", "c1": "academia"}
    nx.set_node_attributes(G, sectors, "sector")
    return Ecosystem.from_networkx(G)


def test_undirected_brokerage_table_keeps_sna_counts():
    actors = analyze(brokerage_star(), NO_STABILITY).actors
    row = actors.loc["v"]
    assert (row.brokerage_gatekeeper, row.brokerage_representative) == (3, 3)
    assert (row.brokerage_itinerant, row.brokerage_liaison) == (2, 4)


def test_undirected_brokerage_raises_one_directionless_finding_from_distinct_two_paths():
    analysis = analyze(brokerage_star(), NO_STABILITY)
    gate = findings(analysis, "gatekeeper")
    assert list(gate) == ["v"]  # one finding, not one per direction
    assert "links Public sector with other sectors" in gate["v"]
    assert "common partner of 3 pairs" in gate["v"]
    assert "reach its own sector through it" not in gate["v"]
    sv = findings(analysis, "gatekeeper", "sv")["v"]
    assert "förbinder Offentlig sektor med andra sektorer" in sv and "3 par" in sv
    spanner = findings(analysis, "boundary_spanner")["v"]
    assert "common partner of 3 pairs of actors of sectors other than its own" in spanner  # 1 + 2, not 6
    evidence = analysis.flags.set_index("code").loc["boundary_spanner", "evidence"]
    assert evidence["liaison_plus_itinerant"] == 6 and evidence["distinct_two_paths"] == 3


def test_directed_brokerage_keeps_the_direction():
    analysis = analyze(brokerage_star(directed=True), NO_STABILITY, mode="directed")
    # gatekeeper b1 -> v -> a1, b2 -> v -> a1, c1 -> v -> a1; liaison and itinerant
    # chains 6 (b1 -> v -> b2 and back, and four between business and academia)
    gate = findings(analysis, "gatekeeper")
    assert list(gate) == ["v"]
    assert "gatekeeper for Public sector: 3 times, outside contacts reach its own sector through it" in gate["v"]
    spanner = findings(analysis, "boundary_spanner")["v"]
    assert "6 times it links one actor to another, both of sectors other than its own" in spanner


# --------------------------------------------------- sentences from the tested threshold
@pytest.mark.parametrize(
    "percentile, en, sv",
    [(0.95, "top 5%", "topp 5\u00a0%"), (0.90, "top 10%", "topp 10\u00a0%"), (0.975, "top 2.5%", "topp 2,5\u00a0%")],
)
def test_hub_sentence_states_the_configured_percentile(demo_eco, percentile, en, sv):
    analysis = analyze(demo_eco, NO_STABILITY.with_options(hub_percentile=percentile))
    assert all(en in text for text in findings(analysis, "hub").values())
    assert all(sv in text for text in findings(analysis, "hub", "sv").values())


#: For each rule, a config change and the words its description must then show.
DESCRIPTIONS = [
    ("hub", {"hub_percentile": 0.8}, "top 20% by tie strength", "översta 20\u00a0% efter bandstyrka"),
    (
        "broker",
        {"broker_percentile": 0.85, "broker_constraint_percentile": 0.4},
        "top 15% by betweenness",
        "för 40\u00a0% av organisationerna",
    ),
    (
        "boundary_spanner",
        {"spanner_percentile": 0.7, "spanner_cross_share": 0.6, "spanner_min_ties": 7},
        "at least 60% of their ties to other sectors and at least 7 ties",
        "minst 60\u00a0% av sina band till andra sektorer och minst 7 band",
    ),
    (
        "boundary_spanner",
        {"spanner_percentile": 0.7},
        "top 30% in liaison and itinerant brokerage",
        "översta 30\u00a0% i mäklarrollerna",
    ),
    (
        "gatekeeper",
        {"gatekeeper_percentile": 0.9},
        "top 10% in gatekeeper brokerage",
        "översta 10\u00a0% i mäklarrollen grindvakt",
    ),
    (
        "community_bridge",
        {"participation_threshold": 0.5, "bridge_degree_percentile": 0.6, "spanner_min_ties": 4},
        "at least 0.50, Guimerà & Amaral 2005), with at least 4 partners and in the top 40%",
        "minst 0,50",
    ),
    ("single_point_of_failure", {"spof_min_cutoff": 3}, "at least 3 organisation(s)", "minst 3 organisation(er)"),
    (
        "bottleneck",
        {"bottleneck_share": 0.4, "bottleneck_min_paths": 12},
        "at least 40% of the shortest paths",
        "minst 12 par",
    ),
    (
        "unreciprocated",
        {"unreciprocated_min": 4, "unreciprocated_share": 0.6},
        "at least 4 other respondents, of whom at least 60%",
        "minst 4 andra svarande, av vilka minst 60\u00a0%",
    ),
    (
        "sector_silo",
        {"silo_ei": -0.4, "min_group_size": 4},
        "at least 4 organisations) whose ties mostly stay inside the sector: E-I index at or below -0.40",
        "E-I-index högst -0,40",
    ),
    ("missing_bridge", {"missing_bridge_max_ties": 2, "min_group_size": 4}, "at most 2 tie(s)", "högst 2 band"),
    ("municipality_gateway", {"min_group_size": 5}, "(with at least 5 organisations)", "(med minst 5 organisationer)"),
    (
        "fragmented",
        {"main_component_min": 0.8, "fragmentation_threshold": 0.3},
        "less than 80% of the organisations, or at least 30% of all pairs",
        "mindre än 80\u00a0% av organisationerna, eller minst 30\u00a0%",
    ),
    ("centralized", {"centralization_threshold": 0.4}, "at or above 0.40", "minst 0,40"),
]


@pytest.mark.parametrize("code, changes, en, sv", DESCRIPTIONS)
def test_rule_descriptions_state_the_configured_thresholds(code, changes, en, sv):
    config = AnalysisConfig(**changes)
    assert en in Words("en").flag_rule(code, config)
    assert sv in Words("sv").flag_rule(code, config.to_dict())  # as a report's metadata keeps it
    default = Words("en").flag_rule(code)
    assert en not in default and "{" not in default


def test_every_rule_description_is_filled_in_both_languages():
    for lang in ("en", "sv"):
        words = Words(lang)
        for code in (
            "hub",
            "broker",
            "boundary_spanner",
            "gatekeeper",
            "community_bridge",
            "single_point_of_failure",
            "bottleneck",
            "isolated",
            "peripheral",
            "unreciprocated",
            "funding_dependency",
            "sector_silo",
            "missing_bridge",
            "municipality_gateway",
            "fragmented",
            "centralized",
        ):
            text = words.flag_rule(code, AnalysisConfig())
            assert text and "{" not in text, (lang, code)
    assert "tenth" not in Words("en").flag_rule("hub")
    assert "tiondel" not in Words("sv").flag_rule("hub")


def test_report_describes_the_hub_rule_from_the_analysis_config(demo_eco):
    analysis = analyze(demo_eco, NO_STABILITY.with_options(hub_percentile=0.9))
    page = report_page(analysis)
    assert "top 10% by tie strength" in page and "top tenth" not in page
    assert rule_values(analysis.config)["hub_top"] == pytest.approx(0.1)


# -------------------------------------------------------------- small comparison groups
def weighted_star(leaves):
    G = nx.star_graph(leaves)
    nx.set_edge_attributes(G, 2.0, "weight")
    return Ecosystem.from_networkx(nx.relabel_nodes(G, str))


def test_percentile_findings_on_a_small_network_say_the_group_is_small():
    analysis = analyze(weighted_star(11), NO_STABILITY)  # 12 actors with ties
    hub = findings(analysis, "hub")["0"]
    assert "top 5%" in hub and "The comparison group is small: only 12 actors with ties." in hub
    assert "Jämförelsegruppen är liten: endast 12 aktörer med band." in findings(analysis, "hub", "sv")["0"]
    # rules without a percentile say nothing of it
    assert not any(
        "comparison group" in text
        for text in analysis.flags["explanation_en"][analysis.flags["code"].isin(["peripheral", "centralized"])]
    )


def test_percentile_findings_on_a_large_enough_network_do_not():
    analysis = analyze(weighted_star(SMALL_COMPARISON_GROUP - 1), NO_STABILITY)  # 20 with ties
    assert "comparison group" not in findings(analysis, "hub")["0"]
