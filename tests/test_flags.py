"""Each flag rule on a small hand-built network where the right answer is obvious."""

import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.config import StabilityConfig
from tests.ecosystems import survey

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))


def flagged(result, code):
    return sorted(result.flags.loc[result.flags["code"] == code, "subject"])


def with_sectors(G, sectors, municipality=None):
    nx.set_node_attributes(G, sectors, "sector")
    if municipality:
        nx.set_node_attributes(G, municipality, "municipality")
    return Ecosystem.from_networkx(G)


def test_barbell_bridge_is_broker_and_single_point_of_failure():
    # Two K4 cliques joined by the edge 3-4: only 3 and 4 lie on paths between the
    # cliques, their other contacts are all tied to each other, and removing 3 cuts
    # 0, 1, 2 off the rest.
    result = analyze(Ecosystem.from_networkx(nx.barbell_graph(4, 0)), NO_STABILITY)
    assert flagged(result, "broker") == ["3", "4"]
    assert flagged(result, "single_point_of_failure") == ["3", "4"]
    spof = result.flags.set_index(["subject", "code"]).loc[("3", "single_point_of_failure")]
    assert spof["evidence"]["removal_cutoff"] == 3
    # the same actor is both a facilitator and an impediment: both are reported
    kinds = set(result.flags.loc[result.flags["subject"] == "3", "kind"])
    assert kinds == {"facilitator", "impediment"}


def test_isolated_actor_is_isolated_and_network_fragmented():
    G = nx.complete_graph(8)
    G.add_node(8)
    result = analyze(Ecosystem.from_networkx(G), NO_STABILITY)
    assert flagged(result, "isolated") == ["8"]
    assert flagged(result, "fragmented") == ["network"]
    assert flagged(result, "peripheral") == []


def test_pendant_actor_is_peripheral():
    G = nx.complete_graph(5)
    G.add_edge(4, 5)
    result = analyze(Ecosystem.from_networkx(G), NO_STABILITY)
    assert flagged(result, "peripheral") == ["5"]


def test_clique_has_no_bottleneck_no_failure_point_and_is_not_fragmented():
    G = nx.complete_graph(8)
    sectors = {n: ("public" if n < 4 else "business") for n in G}
    result = analyze(with_sectors(G, sectors), NO_STABILITY)
    for code in ("bottleneck", "single_point_of_failure", "fragmented", "isolated", "broker", "sector_silo"):
        assert flagged(result, code) == [], code


def test_star_centre_is_hub_and_bottleneck_between_sectors():
    # Leaves 1-4 are public, 5-8 business, the centre 0 academia: every path between
    # a public and a business actor runs through 0 (4 x 4 = 16 pairs, share 1.0).
    G = nx.star_graph(8)
    sectors = {0: "academia", **{n: "public" for n in range(1, 5)}, **{n: "business" for n in range(5, 9)}}
    result = analyze(with_sectors(G, sectors), NO_STABILITY)
    assert "0" in flagged(result, "hub")
    assert flagged(result, "bottleneck") == ["0"]
    evidence = result.flags.set_index(["subject", "code"]).loc[("0", "bottleneck"), "evidence"]
    assert evidence["path_share"] == pytest.approx(1.0)
    assert evidence["connected_pairs"] == 16
    assert flagged(result, "centralized") == ["network"]


def test_sector_with_only_internal_ties_is_a_silo():
    # Business is a K5 (10 internal ties) with one tie out: E-I = (1 - 10) / (1 + 10).
    G = nx.complete_graph(5)
    G.add_edges_from([(4, 5), (5, 6), (6, 7), (7, 5)])
    sectors = {n: ("business" if n < 5 else "public") for n in G}
    result = analyze(with_sectors(G, sectors), NO_STABILITY)
    assert flagged(result, "sector_silo") == ["business", "public"] or flagged(result, "sector_silo") == ["business"]
    ei = result.flags.set_index(["subject", "code"]).loc[("business", "sector_silo"), "evidence"]["ei_index"]
    assert ei == pytest.approx((1 - 10) / 11)


def test_two_sectors_without_ties_are_a_missing_bridge():
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    sectors = {n: ("public" if n < 4 else "civil_society") for n in G}
    result = analyze(with_sectors(G, sectors), NO_STABILITY)
    assert flagged(result, "missing_bridge") == ["civil_society|public"]


def test_municipality_reached_through_one_actor():
    # Ystad's actors 4, 5, 6 reach Lund's clique only through 4; Lund also has a
    # second way out (0-7, Malmö), so Lund is not flagged.
    G = nx.complete_graph(4)
    G.add_edges_from([(3, 4), (4, 5), (4, 6), (5, 6), (0, 7)])
    places = {n: ("Lund" if n < 4 else "Ystad") for n in G}
    places[7] = "Malmö"
    result = analyze(with_sectors(G, {n: "public" for n in G}, places), NO_STABILITY)
    assert flagged(result, "municipality_gateway") == ["Ystad"]
    evidence = result.flags.set_index(["subject", "code"]).loc[("Ystad", "municipality_gateway"), "evidence"]
    assert evidence["gateway"] == "4"


def test_nominations_nobody_returns_are_unreciprocated():
    # a names b, c and d; all three answered the survey but none names a back.
    nominations = [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("c", "b"), ("d", "b"), ("b", "d")]
    result = analyze(survey(list("abcd"), nominations), NO_STABILITY)
    assert flagged(result, "unreciprocated") == ["a"]


def test_one_funder_carrying_most_funding_ties_is_a_dependency():
    # Each tie runs from the funder (source) to the funded: the direction is declared.
    eco = survey(list("fabcde"), [("f", x) for x in "abcd"] + [("a", "b")], relation="funding")
    eco.directions = {"funding": "source_to_target"}
    result = analyze(eco, NO_STABILITY)
    assert flagged(result, "funding_dependency") == ["f"]
    evidence = result.flags.set_index(["subject", "code"]).loc[("f", "funding_dependency"), "evidence"]
    assert evidence["share"] == pytest.approx(4 / 5)


def test_every_flag_is_explained_in_both_languages():
    result = analyze(Ecosystem.from_networkx(nx.barbell_graph(4, 0)), NO_STABILITY)
    assert len(result.flags)
    assert result.flags["explanation_en"].str.len().min() > 20
    assert result.flags["explanation_sv"].str.len().min() > 20
    assert (result.flags["explanation_en"] != result.flags["explanation_sv"]).all()


def test_stability_is_reproducible_and_one_for_a_flag_that_cannot_disappear():
    # A survey in which e never appears: whatever reports are dropped, e stays isolated.
    nominations = [(s, t) for s in "abcd" for t in "abcd" if s != t] + [("a", "x"), ("b", "x")]
    eco = survey(list("abcdxe"), nominations)
    config = AnalysisConfig(seed=3, stability=StabilityConfig(resamples=30))
    first, second = analyze(eco, config), analyze(eco, config)
    pd.testing.assert_frame_equal(first.flags, second.flags)
    isolated = first.flags.set_index(["subject", "code"]).loc[("e", "isolated")]
    assert isolated["stability"] == 1.0
    assert not isolated["tentative"]
    assert first.flags["stability"].between(0, 1).all()


@pytest.mark.parametrize("way", ["matrices", "igraph"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_path_shares_between_groups_equal_subset_betweenness(seed, way, monkeypatch):
    # networkx's subset betweenness is the independent reference (doubled: it halves
    # undirected counts as if each pair were seen from both ends).
    from skane_ecosystem.flags import _GroupPathShares

    if way == "igraph":
        pytest.importorskip("igraph")
        monkeypatch.setattr(_GroupPathShares, "MATRIX_MAX", 10)  # as if the graph were large
    G = nx.gnp_random_graph(40, 0.08, seed=seed)
    G.add_node(99)  # an isolate: never on a path, never a pair
    first, second = set(range(0, 12)), set(range(20, 35)) | {99}
    finder = _GroupPathShares(G)
    assert finder.dense == (way == "matrices")
    shares, pairs = finder(first, second)
    reference = nx.betweenness_centrality_subset(G, sorted(first), sorted(second), normalized=False)
    connected = sum(1 for s in first for t in second if nx.has_path(G, s, t))
    assert pairs == connected
    for node in G:
        assert shares.get(node, 0.0) == pytest.approx(2 * reference[node] / connected, abs=1e-12)


def test_flags_on_approximate_betweenness_say_so():
    # Forcing the sampled estimate on a small graph: the broker evidence must carry
    # the approximation and its standard error, so a reader knows the value is estimated.
    eco = Ecosystem.from_networkx(nx.barbell_graph(6, 1))
    exact = analyze(eco, NO_STABILITY)
    approx = analyze(eco, NO_STABILITY.with_options(approximate=True, samples=4))
    assert "betweenness_approximate" not in exact.flags.query("code == 'broker'")["evidence"].iloc[0]
    evidence = approx.flags.query("code == 'broker'")["evidence"]
    assert len(evidence) and all(e["betweenness_approximate"] is True and e["betweenness_se"] >= 0 for e in evidence)


def test_stability_does_not_depend_on_the_number_of_worker_processes():
    nominations = [(s, t) for s in "abcdef" for t in "abcdef" if s != t and (s < t or s in "ab")]
    eco = survey(list("abcdefx"), nominations + [("a", "x")])
    results = []
    for workers in (1, 2):
        config = AnalysisConfig(seed=5, stability=StabilityConfig(resamples=24, workers=workers))
        results.append(analyze(eco, config).flags)
    pd.testing.assert_frame_equal(results[0], results[1])
    assert results[0]["stability"].notna().all()
