"""Removal scenarios, robustness, wave comparison and bridge suggestions on hand-checked graphs."""

import networkx as nx
import pandas as pd
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, SurveyDataError, analyze
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.scenarios import compare, robustness, suggest_bridges, whatif

NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False))


def test_removing_the_middle_of_a_path_cuts_its_ends_apart():
    result = whatif(Ecosystem.from_networkx(nx.path_graph(3)), remove_actors=["1"])
    assert sorted(result.lost_reach.index) == ["0", "2"]
    assert result.lost_reach.loc["0", "lost"] == ["2"]
    change = result.indicators.set_index("indicator")
    assert change.loc["actors", "before"] == 3 and change.loc["actors", "after"] == 2


def test_whatif_resolves_names_and_rejects_unknown_actors():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, {0: "Region Skåne", 1: "Lunds kommun", 2: "Ystad Hub"}, "name")
    eco = Ecosystem.from_networkx(G)
    assert whatif(eco, remove_actors=["lunds KOMMUN"]).removed_actors == ["1"]
    # a mistyped argument is an argument error (ValueError), as in analyze(), not a problem in the data
    with pytest.raises(ValueError, match="closest actors") as raised:
        whatif(eco, remove_actors=["Malmö stad"])
    assert not isinstance(raised.value, SurveyDataError)
    with pytest.raises(ValueError, match="closest to 'fundng'") as raised:
        whatif(eco, remove_relations=["fundng"])
    assert not isinstance(raised.value, SurveyDataError)


def test_robustness_of_a_star_attacked_by_degree():
    # Star with centre 0 and 4 leaves: once the centre goes, the largest component
    # is a single actor (1/5).  Curve at x = 0, .2, .4, .6, .8, 1: 1, .2, .2, .2, .2, 0;
    # trapezoid area = (1+.2)/2*.2 + 3*.2*.2 + (.2+0)/2*.2 = 0.12 + 0.12 + 0.02 = 0.26.
    analysis = analyze(Ecosystem.from_networkx(nx.star_graph(4)), NO_STABILITY)
    result = robustness(analysis, order="degree")
    assert result.curve["actor"].iloc[1] == "0"
    assert list(result.curve["main_component_share"]) == pytest.approx([1, 0.2, 0.2, 0.2, 0.2, 0])
    assert result.auc == pytest.approx(0.26)


def test_random_robustness_is_seeded():
    analysis = analyze(Ecosystem.from_networkx(nx.karate_club_graph()), NO_STABILITY)
    a, b = robustness(analysis, "random", seed=5), robustness(analysis, "random", seed=5)
    pd.testing.assert_frame_equal(a.curve, b.curve)


def test_best_bridge_between_two_triangles():
    # Two triangles: 12 ordered pairs at distance 1 of n(n-1) = 30, fragmentation
    # 1 - 12/30 = 0.6.  A tie u-v between them adds, per direction, 1 pair at
    # distance 1, 4 at distance 2 and 4 at distance 3: 2 * (1 + 4/2 + 4/3) = 26/3,
    # so fragmentation becomes 1 - (12 + 26/3) / 30 = 0.31111 and the gain 0.28889.
    G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    analysis = analyze(Ecosystem.from_networkx(G), NO_STABILITY)
    table = suggest_bridges(analysis, k=3)
    assert table.loc[0, "fragmentation_before"] == pytest.approx(0.6)
    assert table.loc[0, "gain"] == pytest.approx(0.6 - (1 - (12 + 26 / 3) / 30))
    assert {table.loc[0, "source"], table.loc[0, "target"]} & {"0", "1", "2"}
    assert {table.loc[0, "source"], table.loc[0, "target"]} & {"3", "4", "5"}


def test_compare_two_waves():
    rows = [("a", "b", "2019"), ("b", "c", "2019"), ("a", "b", "2022"), ("c", "d", "2022")]
    result = compare(_two_wave_ecosystem(rows), 2019, 2022)
    assert list(zip(result.ties_gained["source"], result.ties_gained["target"])) == [("c", "d")]
    assert list(zip(result.ties_lost["source"], result.ties_lost["target"])) == [("b", "c")]
    assert result.actors_entering == ["d"]
    assert result.actors_leaving == []
    degree = result.measures.query("measure == 'degree'").set_index("actor")
    assert degree.loc["b", "change"] == -1


def test_compare_reuses_a_matching_analysis_and_only_a_matching_one():
    eco = _two_wave_ecosystem()
    latest = analyze(eco, NO_STABILITY, wave="2022")
    reused = compare(eco, 2019, 2022, NO_STABILITY, reuse=[latest])
    fresh = compare(eco, 2019, 2022, NO_STABILITY)
    assert reused.after is latest and fresh.after is not latest
    pd.testing.assert_frame_equal(reused.measures, fresh.measures)
    pd.testing.assert_frame_equal(reused.indicators, fresh.indicators)
    pd.testing.assert_frame_equal(reused.flags_appeared, fresh.flags_appeared)
    # another mode, another seed or another ecosystem is not the same analysis
    assert compare(eco, 2019, 2022, NO_STABILITY, mode="mutual", reuse=[latest]).after is not latest
    assert compare(eco, 2019, 2022, NO_STABILITY.with_options(seed=7), reuse=[latest]).after is not latest
    assert compare(_two_wave_ecosystem(), 2019, 2022, NO_STABILITY, reuse=[latest]).after is not latest


def _two_wave_ecosystem(
    rows=(("a", "b", "2019"), ("b", "c", "2019"), ("a", "b", "2022"), ("c", "d", "2022"), ("d", "e", "2022")),
) -> Ecosystem:
    ids = sorted({actor for s, t, _ in rows for actor in (s, t)})
    actors = pd.DataFrame(
        {
            "id": ids,
            "name": [i.upper() for i in ids],
            "sector": "other",
            "type": "",
            "municipality": "",
            "respondent": True,
        }
    ).set_index("id")
    ties = pd.DataFrame(
        [
            {"source": s, "target": t, "relation": "collaboration", "weight": 1.0, "wave": w, "reported_by": s}
            for s, t, w in rows
        ]
    )
    return Ecosystem(actors, ties)
