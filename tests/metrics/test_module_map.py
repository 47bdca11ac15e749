"""The layout of skane_ecosystem.metrics (issue 13): one module per family,
argument checks as decorators, one list of engines, the path shares between
groups as a public measure, and no unused private code."""

import ast
import importlib
import importlib.util
import inspect
import pathlib
import re

import networkx as nx
import pytest

import skane_ecosystem.metrics as metrics
from skane_ecosystem.metrics import group_path_shares
from skane_ecosystem.metrics.engine import ENGINES

PACKAGE = pathlib.Path(metrics.__file__).parent
ROOT = PACKAGE.parent.parent
PUBLIC = {name: getattr(metrics, name) for name in metrics.__all__ if inspect.isfunction(getattr(metrics, name))}

FAMILIES = {
    "connectivity": [
        "components",
        "component_labels",
        "main_component_share",
        "articulation_points",
        "articulation_point_impact",
        "bridges",
    ],
    "distances": ["average_distance", "diameter"],
    "density": ["density", "transitivity", "reciprocity"],
    "centralization": ["degree_centralization", "betweenness_centralization"],
    "coreperiphery": ["core_periphery"],
    "community": ["communities", "modularity"],
    "paths": ["group_path_shares"],
}


@pytest.mark.parametrize("module", FAMILIES)
def test_each_family_has_its_own_module(module):
    for name in FAMILIES[module]:
        assert getattr(metrics, name).__module__ == f"skane_ecosystem.metrics.{module}"


def test_the_six_family_module_is_gone():
    assert importlib.util.find_spec("skane_ecosystem.metrics.cohesion") is None


# ------------------------------------------------------------- the checks


def _takes(name, parameter):
    return parameter in inspect.signature(PUBLIC[name]).parameters


def _call(name, G, **options):
    """Call a public function with whatever else it needs to get to its checks."""
    needs = {"attribute": "sector", "partition": {}, "k": 1, "nodes": [], "first": [], "second": []}
    parameters = inspect.signature(PUBLIC[name]).parameters
    extra = {p: v for p, v in needs.items() if p in parameters and parameters[p].default is inspect.Parameter.empty}
    return PUBLIC[name](G, **extra, **options)


@pytest.mark.parametrize("name", [n for n in PUBLIC if _takes(n, "G")])
def test_every_public_measure_refuses_a_multigraph_with_the_same_advice(name):
    with pytest.raises(ValueError, match="multigraphs are not supported: collapse parallel ties first"):
        _call(name, nx.MultiGraph([(0, 1), (0, 1)]))


@pytest.mark.parametrize("name", [n for n in PUBLIC if _takes(n, "engine")])
def test_every_engine_option_names_the_engines(name):
    with pytest.raises(ValueError, match=re.escape(f"engine must be one of {ENGINES}, got 'spark'")):
        _call(name, nx.path_graph(3), engine="spark")


@pytest.mark.parametrize("name", [n for n in PUBLIC if _takes(n, "weight")])
def test_every_weight_option_refuses_a_negative_strength(name):
    G = nx.path_graph(3)
    G.edges[0, 1]["weight"] = -1
    with pytest.raises(ValueError, match="tie strengths must be finite and > 0"):
        _call(name, G, weight="weight")


def test_checks_run_in_the_order_of_the_decorators():
    # The engine is checked before the graph, as the preamble did.
    with pytest.raises(ValueError, match="engine must be one of"):
        metrics.betweenness(nx.MultiGraph(), engine="spark")


def test_stacked_checks_share_one_wrapper():
    wrapped = metrics.betweenness.__wrapped__
    assert not hasattr(wrapped, "__wrapped__")
    assert [check.__name__ for check, _ in metrics.betweenness._argument_checks] == [
        "check_engine",
        "check_graph",
        "check_weights",
    ]


def _calls_in_bodies(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            yield node.func.id


@pytest.mark.parametrize(
    "path", sorted(p for p in PACKAGE.glob("*.py") if p.name != "_checks.py"), ids=lambda p: p.name
)
def test_no_function_repeats_the_check_preamble(path):
    preamble = {
        "check_graph",
        "check_weights",
        "check_mode",
        "_check_graph",
        "_check_weights",
        "_check_mode",
        "_check_engine",
    }
    assert not preamble & set(_calls_in_bodies(path))


# ------------------------------------------------------------- one list of engines


@pytest.mark.parametrize(
    "path", [*sorted(PACKAGE.glob("*.py")), ROOT / "skane_ecosystem" / "config.py"], ids=lambda p: p.name
)
def test_the_engine_names_are_listed_once(path):
    if path.name == "engine.py":
        return
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            names = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            assert not {"networkx", "igraph"} <= names, f"{path.name}:{node.lineno} lists the engines again"


# ------------------------------------------------------------- path shares between groups


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_group_path_shares_equal_networkx_subset_betweenness(seed):
    # networkx halves undirected subset betweenness (each pair seen from both ends).
    G = nx.gnp_random_graph(30, 0.1, seed=seed)
    first, second = set(range(0, 8)), set(range(15, 25))
    shares, pairs = group_path_shares(G, first, second)
    reference = nx.betweenness_centrality_subset(G, sorted(first), sorted(second), normalized=False)
    assert pairs == sum(1 for s in first for t in second if nx.has_path(G, s, t))
    for node in G:
        assert shares.get(node, 0.0) == pytest.approx(2 * reference[node] / pairs, abs=1e-12)


def test_group_path_shares_by_hand():
    # 0 - 1 - {2, 3} - 4: the pair (0, 4) has two shortest paths, one via 2 and one via 3.
    G = nx.Graph([(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)])
    assert group_path_shares(G, {0}, {4}) == ({1: 1.0, 2: 0.5, 3: 0.5}, 1)
    assert group_path_shares(nx.DiGraph(G.edges), {4}, {0}) == ({1: 1.0, 2: 0.5, 3: 0.5}, 1)
    assert group_path_shares(nx.Graph([(0, 1), (2, 3)]), {0}, {3}) == ({}, 0)


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ({0}, {9}, "group members not in the graph: 9"),
        ({0, 1}, {1, 2}, "the groups must not overlap; in both: 1"),
    ],
)
def test_group_path_shares_says_what_is_wrong_with_the_groups(first, second, message):
    with pytest.raises(ValueError, match=message):
        group_path_shares(nx.path_graph(3), first, second)


# ------------------------------------------------------------- no dead code


def _private_definitions():
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, (ast.FunctionDef, ast.ClassDef))
                and node.name.startswith("_")
                and not node.name.startswith("__")
            ):
                yield path.name, node.name


def test_every_private_function_is_called_somewhere():
    sources = [p.read_text() for folder in ("skane_ecosystem", "tests") for p in (ROOT / folder).rglob("*.py")]
    text = "\n".join(sources)
    unused = [
        f"{module}:{name}"
        for module, name in _private_definitions()
        if len(re.findall(rf"\b{re.escape(name)}\b", text)) < 2
    ]
    assert not unused


def test_a_check_on_a_missing_parameter_fails_at_import():
    from skane_ecosystem.metrics._checks import weights_checked

    with pytest.raises(TypeError, match="measure has no parameter 'weight' to check"):

        @weights_checked
        def measure(G):
            return G


def test_a_missing_graph_is_a_type_error_as_without_checks():
    with pytest.raises(TypeError, match=r"degree\(\) missing required argument: 'G'"):
        metrics.degree()
