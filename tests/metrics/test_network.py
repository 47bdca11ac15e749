"""The report tables: the actor_measures column contract and
network_indicators, on published and hand-derived values."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skane_ecosystem.metrics import actor_measures, network_indicators

# The contract other modules code against, written out here on purpose so
# that renaming a column in the package breaks this test.
CONTRACT = [
    "degree",
    "in_degree",
    "out_degree",
    "degree_norm",
    "strength",
    "betweenness",
    "betweenness_weighted",
    "betweenness_se",
    "betweenness_weighted_se",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "core_number",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "brokerage_coordinator",
    "brokerage_itinerant",
    "brokerage_representative",
    "brokerage_gatekeeper",
    "brokerage_liaison",
    "brokerage_total",
    "community",
    "participation",
    "cross_sector_share",
    "ei_index",
    "is_cut_vertex",
    "component",
    "in_main_component",
    "removal_fragmentation_gain",
    "removal_cutoff",
]
INT_COLUMNS = {
    "degree",
    "in_degree",
    "out_degree",
    "core_number",
    "brokerage_coordinator",
    "brokerage_itinerant",
    "brokerage_representative",
    "brokerage_gatekeeper",
    "brokerage_liaison",
    "brokerage_total",
    "community",
    "component",
    "removal_cutoff",
}
BOOL_COLUMNS = {"is_cut_vertex", "in_main_component"}

INDICATORS = [
    "actors",
    "ties",
    "ties_per_actor",
    "density",
    "transitivity",
    "average_distance",
    "average_betweenness",
    "main_component_share",
    "components",
    "isolates",
    "degree_centralization",
    "betweenness_centralization",
    "reciprocity",
    "response_rate",
    "confirmed_tie_share",
]
# Every tie of an undirected graph is mutual: reciprocity is shown for directed ones only.
UNDIRECTED_INDICATORS = [name for name in INDICATORS if name != "reciprocity"]


def with_sectors(G, sectors=("ngo", "public", "business")):
    nx.set_node_attributes(G, {n: sectors[i % len(sectors)] for i, n in enumerate(sorted(G, key=str))}, "sector")
    return G


def check_contract(table, G):
    assert list(table.columns) == CONTRACT
    assert table.index.name == "node"
    try:
        expected_order = sorted(G)
    except TypeError:  # mixed node types: ordered by type name, then text
        expected_order = sorted(G, key=lambda n: (type(n).__name__, str(n)))
    assert list(table.index) == expected_order
    for column in CONTRACT:
        kind = table[column].dtype
        if column in INT_COLUMNS:
            assert kind == np.int64, column
        elif column in BOOL_COLUMNS:
            assert kind == bool, column  # noqa: E721 (a numpy dtype compares equal to bool)
        else:
            assert kind == np.float64, column
    assert not table.isna().any().any()


# --- published values through the table ----------------------------------------


def test_florentine_table():
    G = with_sectors(nx.florentine_families_graph())
    table = actor_measures(G)
    check_contract(table, G)
    # networkx test values / Padgett: Medici betweenness .522, degree 6.
    assert table.loc["Medici", "betweenness"] == pytest.approx(0.522, abs=1e-3)
    assert table.loc["Medici", "degree"] == 6
    assert table.loc["Medici", "closeness"] == pytest.approx(0.560, abs=1e-3)
    assert (table["degree"] == table["in_degree"]).all()
    assert (table["degree"] == table["out_degree"]).all()
    # Unweighted graph: weighted betweenness equals the unweighted one.
    assert np.allclose(table["betweenness_weighted"], table["betweenness"])


def test_karate_table():
    G = with_sectors(nx.karate_club_graph())
    table = actor_measures(G)
    check_contract(table, G)
    # Node 0 is the only cut vertex; its removal cuts off 11 and
    # {4, 5, 6, 10, 16} (see test_keyplayer).
    assert table.index[table["is_cut_vertex"]].tolist() == [0]
    assert table.loc[0, "removal_cutoff"] == 6
    assert table["in_main_component"].all() and (table["component"] == 0).all()
    # networkx's karate club carries tie strengths: strength = weighted degree.
    assert table.loc[0, "strength"] == pytest.approx(G.degree(0, weight="weight"))


def test_isolates_and_directed_graph():
    D = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])
    D.add_node("z")
    nx.set_node_attributes(D, {"a": "x", "b": "y", "c": "x", "d": "y", "z": "x"}, "sector")
    table = actor_measures(D)
    check_contract(table, D)
    assert table.loc["b", ["in_degree", "out_degree", "degree"]].tolist() == [1, 2, 3]
    isolate = table.loc["z"]
    # Labels and the two measures that are defined for isolates aside,
    # every column is 0 for an isolate.
    defined = ("pagerank", "component", "community", "removal_fragmentation_gain")
    for column in CONTRACT:
        if column not in defined:
            assert isolate[column] == 0, column
    # Constraint of an isolate: Burt's sum over an empty set of contacts.
    assert isolate["constraint"] == 0.0
    assert isolate["component"] == 1 and isolate["pagerank"] > 0
    # Its own community, not shared with anyone.
    assert (table["community"] == isolate["community"]).sum() == 1
    # Removing an isolate drops its unreachable pairs: fragmentation falls.
    # 5 actors, reachable ordered pairs: a<->b, b->c, c->d (1 step), a->c,
    # b->d (2), a->d (3): F = 1 - (4 + 1 + 1/3) / 20; without z the sum is
    # over 4 * 3 = 12 pairs.
    reachable = 4 + 2 / 2 + 1 / 3
    gain = (1 - reachable / 12) - (1 - reachable / 20)
    assert isolate["removal_fragmentation_gain"] == pytest.approx(gain)
    # b brokers a -> b -> c (x -> y -> x: itinerant); c brokers b -> c -> d
    # (y -> x -> y: itinerant) and nothing else is an open two-path.
    assert table.loc["b", "brokerage_itinerant"] == 1
    assert table.loc["c", "brokerage_itinerant"] == 1
    assert table["brokerage_total"].sum() == 2


@pytest.mark.parametrize("G", [nx.Graph(), nx.DiGraph(), nx.empty_graph(1), nx.empty_graph(3)])
def test_degenerate_graphs(G):
    G = with_sectors(G)
    table = actor_measures(G)
    check_contract(table, G)
    assert len(table) == G.number_of_nodes()
    indicators = network_indicators(G)
    assert indicators["indicator"].tolist() == (INDICATORS if G.is_directed() else UNDIRECTED_INDICATORS)
    assert not indicators["value"].isna().any()


def test_same_input_same_output():
    G = with_sectors(nx.gnp_random_graph(40, 0.08, seed=3))
    pd.testing.assert_frame_equal(actor_measures(G, seed=0), actor_measures(G.copy(), seed=0))


def test_sector_attribute_is_required():
    G = nx.path_graph(3)
    with pytest.raises(ValueError, match="3 actor\\(s\\) have no 'sector' attribute"):
        actor_measures(G)
    nx.set_node_attributes(G, "kommun", "municipality")
    assert actor_measures(G, sector_attr="municipality")["ei_index"].tolist() == [-1.0, -1.0, -1.0]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=0, max_value=12),
    p=st.floats(min_value=0.0, max_value=0.6),
    seed=st.integers(min_value=0, max_value=10_000),
    directed=st.booleans(),
)
def test_no_nan_on_random_graphs(n, p, seed, directed):
    G = with_sectors(nx.gnp_random_graph(n, p, seed=seed, directed=directed))
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.1, 10))
    check_contract(actor_measures(G), G)


# --- network indicators -----------------------------------------------------------


def test_network_indicators_hand_derived():
    # Arcs a->b, b->a, b->c; isolate d.  n = 4, m = 3.
    # density 3/12; reciprocity 2/3; weak components {a,b,c}, {d}.
    # Betweenness: b is on the only a->c geodesic: 1 / ((n-1)(n-2)) = 1/6;
    # mean over 4 actors 1/24; centralization (3 * 1/6) / (n - 1) = 1/6.
    # Total degree a 2, b 3, c 1, d 0: (1 + 0 + 2 + 3) / (2 * 3 * 2) = 1/2.
    # respondent: a, b True, c False, d missing -> 2/4; confirmed: a->b only -> 1/3.
    # Transitivity: one open triple a-b-c, no triangle -> 0.  Directed distances
    # a->b 1, b->a 1, b->c 1, a->c 2 -> 5/4 (R igraph mean_distance: 1.25).
    D = nx.DiGraph()
    D.add_edge("a", "b", confirmed=True)
    D.add_edge("b", "a")
    D.add_edge("b", "c", confirmed=False)
    D.add_node("d")
    nx.set_node_attributes(D, {"a": True, "b": True, "c": False}, "respondent")
    table = network_indicators(D)
    assert list(table.columns) == ["indicator", "value"]
    assert table["indicator"].tolist() == INDICATORS
    values = table.set_index("indicator")["value"]
    expected = {
        "actors": 4,
        "ties": 3,
        "ties_per_actor": 0.75,
        "density": 0.25,
        "transitivity": 0.0,
        "average_distance": 1.25,
        "average_betweenness": 1 / 24,
        "main_component_share": 0.75,
        "components": 2,
        "isolates": 1,
        "degree_centralization": 0.5,
        "betweenness_centralization": 1 / 6,
        "reciprocity": 2 / 3,
        "response_rate": 0.5,
        "confirmed_tie_share": 1 / 3,
    }
    for name, value in expected.items():
        assert values[name] == pytest.approx(value), name
    assert table["value"].dtype == np.float64


def test_network_indicators_karate():
    # Kolaczyk & Csardi: density .1390374; one component; no isolates.
    values = network_indicators(nx.karate_club_graph()).set_index("indicator")["value"]
    assert values["density"] == pytest.approx(0.1390374, abs=1e-7)
    assert values["components"] == 1 and values["isolates"] == 0
    assert values["main_component_share"] == 1.0
    assert "reciprocity" not in values  # undirected: see confirmed_tie_share
    assert values["degree_centralization"] == pytest.approx(422 / 1056)
    # R igraph 1.3.5: transitivity(g, type = "global"), mean_distance(g)
    assert values["transitivity"] == pytest.approx(0.2556818182, abs=1e-9)
    assert values["average_distance"] == pytest.approx(2.4081996435, abs=1e-9)


def test_network_indicators_reject_non_bool_flags():
    G = nx.path_graph(2)
    G.nodes[0]["respondent"] = "yes"
    with pytest.raises(ValueError, match="respondent='yes'"):
        network_indicators(G)
    G.nodes[0]["respondent"] = np.True_
    G[0][1]["confirmed"] = 1
    with pytest.raises(ValueError, match="confirmed=1"):
        network_indicators(G)
    G[0][1]["confirmed"] = True
    values = network_indicators(G).set_index("indicator")["value"]
    assert values["response_rate"] == 0.5 and values["confirmed_tie_share"] == 1.0
    assert all(math.isfinite(v) for v in values)
