"""Report tables: network indicators (one row per indicator) and actor
measures (one row per actor).

The column names of :func:`actor_measures` and the indicator names of
:func:`network_indicators` are a contract that reports and other modules
rely on; ``docs/metrics.md`` documents each of them.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from ..columns import MEASURE_COLUMNS
from ._checks import engine_checked, graph_checked, weights_checked

# Functions are imported by name: the package re-exports a function called
# ``brokerage``, which shadows the submodule of that name on the package.
from .brokerage import ROLES, _brokerage_table, _group_labels
from .centrality import (
    _betweenness,
    _closeness,
    _core_number,
    _eigenvector,
    _harmonic,
    _pagerank,
    _sampled_path_sums,
    degree,
    strength,
)
from .centralization import _freeman, degree_centralization
from .community import _communities, _community_engine
from .connectivity import _articulation_points, _components
from .density import _transitivity, density, reciprocity
from .distances import average_distance
from .engine import GraphView, resolve_engine, resolve_samples, sorted_nodes
from .groups import cross_group_share, ei_index_actors, participation_coefficient
from .keyplayer import _removal_impact
from .structural_holes import (
    BurtMatrices,
    _constraint,
    _effective_size,
    _hierarchy,
)

__all__ = ["ACTOR_COLUMNS", "DIRECTED_ONLY_INDICATORS", "INDICATORS", "actor_measures", "network_indicators"]

#: The measure columns of ``Analysis.actors``, in order (defined in
#: :mod:`skane_ecosystem.columns`, which the privacy filter reads without importing
#: the measures).
ACTOR_COLUMNS = MEASURE_COLUMNS

_INT_COLUMNS = (
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
)
_BOOL_COLUMNS = ("is_cut_vertex", "in_main_component")

INDICATORS = (
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
)

#: Indicators that only directed graphs have.  In an undirected graph every tie is
#: mutual by construction, so a reciprocity of 100 % would say nothing about the
#: data; ``confirmed_tie_share`` (both sides reported the tie) is the measure of
#: agreement there.
DIRECTED_ONLY_INDICATORS = ("reciprocity",)


def _empty_actor_frame():
    frame = pd.DataFrame({column: pd.Series(dtype=float) for column in ACTOR_COLUMNS})
    frame.index.name = "node"
    return frame.astype({**{c: "int64" for c in _INT_COLUMNS}, **{c: bool for c in _BOOL_COLUMNS}})


@engine_checked
@graph_checked
@weights_checked
def actor_measures(
    G,
    sector_attr="sector",
    seed=0,
    weight="weight",
    engine="auto",
    approximate=None,
    samples=None,
):
    """One row per actor with every actor-level measure of the package.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Optional edge attribute ``weight`` (tie strength > 0, missing = 1).
    sector_attr : str
        Node attribute holding the group used for brokerage roles,
        ``cross_sector_share`` and ``ei_index``; every actor needs a value.
    seed : int
        Seed for the communities and for the source samples (the only
        random steps).
    weight : str
        Tie-strength attribute used by ``strength``,
        ``betweenness_weighted`` and ``community``.  Every other column is
        unweighted.
    engine : {"auto", "networkx", "igraph"}
        Engine of the heavy measures (see
        :mod:`skane_ecosystem.metrics.engine`); the graph is converted once
        for all of them.  ``"auto"`` uses igraph above
        :data:`~skane_ecosystem.metrics.engine.AUTO_IGRAPH_ABOVE` actors.
    approximate : bool or None
        Estimate betweenness, closeness, harmonic closeness and the removal
        fragmentation gain from a sample of source actors; ``None`` does so
        above :data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE`
        actors.
    samples : int or None
        Sources per connected part when approximating (default
        :data:`~skane_ecosystem.metrics.engine.DEFAULT_SAMPLES`).

    Returns
    -------
    pandas.DataFrame
        Index = node id (sorted, named ``node``); columns exactly
        :data:`ACTOR_COLUMNS`, documented in ``docs/metrics.md``.  Integer
        columns are ``int64``, flags ``bool``, the rest ``float64``; no NaN
        (isolates get 0, except PageRank, which is defined for them).
        ``betweenness_se`` and ``betweenness_weighted_se`` are the standard
        errors of the two betweenness columns (0 when exact).
        ``frame.attrs`` records how the table was computed: ``engine``,
        ``betweenness_approximate`` (bool) and ``approximate`` (column ->
        sources sampled per connected part; empty when everything is
        exact).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "x"}, "sector")
    >>> table = actor_measures(G)
    >>> [table.loc["b", c].item() for c in ("degree", "betweenness", "brokerage_itinerant")]
    [2, 1.0, 2]
    >>> bool(table.isna().any().any()), table.attrs["betweenness_approximate"]
    (False, False)

    Cost: exact, dominated by betweenness, closeness and the removal impact,
    O(n m) each (with igraph on a 2-core machine: 1,000 actors and 5,000
    ties 4 s, 2,000 actors 14 s, 5,000 actors 1.5 minutes); approximate,
    O(samples x m) for these and near-linear for the rest (10,000 actors
    16 s, 100,000 actors and 500,000 ties about 4 minutes).  Memory stays
    O(n + m) plus O(samples x n) for the sampled searches.

    References
    ----------
    See the individual functions and ``docs/metrics.md``.
    """
    if not isinstance(sector_attr, str):
        raise ValueError(f"sector_attr must be a node attribute name, got {sector_attr!r}")
    # Fail on missing sectors and bad options before any expensive work.
    sectors = _group_labels(G, sector_attr)
    view = GraphView(G)
    chosen = resolve_engine(view.n, engine)
    k = resolve_samples(view.n, approximate, samples)
    nodes = sorted_nodes(G)
    if not nodes:
        return _with_attrs(_empty_actor_frame(), chosen, k)

    columns = {
        "degree": degree(G),
        "in_degree": degree(G, mode="in"),
        "out_degree": degree(G, mode="out"),
        "degree_norm": degree(G, normalized=True),
        "strength": strength(G, weight=weight),
    }
    arrays = _path_measures(view, weight, chosen, k, seed)
    arrays["eigenvector"] = _eigenvector(view, None, chosen)
    arrays["pagerank"] = _pagerank(view, 0.85, None, chosen)
    arrays["core_number"] = _core_number(view, chosen)
    arrays.update(_structural_holes(view, chosen))
    columns.update({name: view.values(values) for name, values in arrays.items()})

    roles = _brokerage_table(view, sectors)
    for role in ROLES + ("total",):
        columns[f"brokerage_{role}"] = roles[role].to_dict()
    # igraph's Louvain is undirected only: directed graphs use networkx's.
    community_engine = _community_engine(view, "networkx" if view.directed else engine, "louvain")
    community = _communities(view, weight, 1.0, seed, community_engine)
    columns["community"] = community
    columns["participation"] = participation_coefficient(G, community)
    columns["cross_sector_share"] = cross_group_share(G, sector_attr)
    columns["ei_index"] = ei_index_actors(G, sector_attr)
    cut = _articulation_points(view, chosen)
    columns["is_cut_vertex"] = {node: node in cut for node in G}
    component = _component_labels(view, chosen)
    columns["component"] = component
    columns["in_main_component"] = {node: component[node] == 0 for node in G}
    _, gain, cutoff = _removal_impact(view, chosen, k, seed)
    columns["removal_fragmentation_gain"] = view.values(gain)
    columns["removal_cutoff"] = dict(zip(view.nodes, cutoff.tolist()))
    return _with_attrs(_frame(columns, nodes), chosen, k)


def _path_measures(view, weight, engine, samples, seed):
    """Betweenness (both), closeness and harmonic closeness, as arrays."""
    result = {}
    result["betweenness"], result["betweenness_se"] = _betweenness(view, True, None, engine, samples, seed)
    result["betweenness_weighted"], result["betweenness_weighted_se"] = _betweenness(
        view, True, weight, engine, samples, seed
    )
    # One sampled search serves both closeness measures.
    sums = None if samples is None else _sampled_path_sums(view, None, engine, samples, seed)
    result["closeness"], _ = _closeness(view, None, True, engine, samples, seed, sums)
    result["harmonic"], _ = _harmonic(view, None, True, engine, samples, seed, sums)
    return result


def _structural_holes(view, engine):
    burt = BurtMatrices(view, None)
    sizes = _effective_size(burt)
    contacts = burt.contacts
    return {
        "constraint": _constraint(view, None, engine),
        "effective_size": sizes,
        "efficiency": np.where(contacts > 0, sizes / np.maximum(contacts, 1), 0.0),
        "hierarchy": _hierarchy(burt),
    }


def _component_labels(view, engine):
    return {node: label for label, group in enumerate(_components(view, engine)) for node in group}


def _frame(columns, nodes):
    frame = pd.DataFrame(
        {name: [columns[name][node] for node in nodes] for name in ACTOR_COLUMNS},
        index=pd.Index(nodes, name="node", tupleize_cols=False),
    )
    dtypes = {name: "float64" for name in ACTOR_COLUMNS}
    dtypes.update({name: "int64" for name in _INT_COLUMNS})
    dtypes.update({name: bool for name in _BOOL_COLUMNS})
    frame = frame.astype(dtypes)
    float_columns = [name for name, kind in dtypes.items() if kind == "float64"]
    # Guard the contract: a NaN here means a wrapper missed a case.
    if frame[float_columns].isna().any().any():
        bad = frame[float_columns].columns[frame[float_columns].isna().any()].tolist()
        raise RuntimeError(f"NaN in actor measures {bad}; please report this graph")
    return frame


_SAMPLED_COLUMNS = (
    "betweenness",
    "betweenness_weighted",
    "closeness",
    "harmonic",
    "removal_fragmentation_gain",
)


def _with_attrs(frame, engine, samples):
    frame.attrs["engine"] = engine
    frame.attrs["betweenness_approximate"] = samples is not None
    frame.attrs["approximate"] = {} if samples is None else {column: samples for column in _SAMPLED_COLUMNS}
    return frame


@engine_checked
@graph_checked
def network_indicators(G, engine="auto", approximate=None, samples=None, seed=0, measures=None):
    """Network indicators in one table (Russell et al. 2015 style).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Optional node attribute ``respondent`` (bool) and edge attribute
        ``confirmed`` (bool); missing values (absent, None or NaN) count as
        False, any other non-bool value raises ``ValueError``.
    engine : {"auto", "networkx", "igraph"}
        Engine for betweenness, components and the sampled distances (see
        :func:`actor_measures`).
    approximate : bool or None
        Estimate betweenness and the average distance from sampled sources;
        ``None`` does so above
        :data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE` actors.
    samples : int or None
        Sources per connected part when approximating.
    seed : int
        Seed of the source sample.
    measures : pandas.DataFrame, optional
        The :func:`actor_measures` table of the same graph: its
        ``betweenness`` column is reused instead of computed again (and its
        ``attrs`` say whether it is approximate).

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator`` (str) and ``value`` (float), one row per name
        in :data:`INDICATORS`, in that order, except that undirected graphs
        have no row for the names in :data:`DIRECTED_ONLY_INDICATORS`:

        ``actors``, ``ties`` (edges; arcs for directed graphs),
        ``ties_per_actor`` (ties / actors), ``density``,
        ``transitivity`` (global clustering: 3 x triangles / connected
        triples, ties taken as undirected), ``average_distance`` (mean
        shortest-path length over the ordered pairs of actors that can reach
        each other; unreachable pairs are left out, as R igraph's
        ``mean_distance(g, unconnected = TRUE)``; directed paths in directed
        graphs), ``average_betweenness`` (mean normalised betweenness),
        ``main_component_share``, ``components`` (weak), ``isolates``,
        ``degree_centralization`` (Freeman; total degree in directed
        graphs, R ``sna::centralization(g, sna::degree, mode = "digraph")``)
        and ``betweenness_centralization`` (Freeman), ``reciprocity``
        (directed graphs only: reciprocated arcs / arcs),
        ``response_rate`` (share of actors with ``respondent`` True) and
        ``confirmed_tie_share`` (share of ties with ``confirmed`` True).
        Every value is 0 for an empty graph; none is NaN.  ``attrs``
        holds ``engine``, ``betweenness_approximate`` and
        ``average_distance_approximate`` (bools); with an estimated
        betweenness the two betweenness indicators are estimates too.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(3)
    >>> nx.set_node_attributes(G, {0: True, 1: True, 2: False}, "respondent")
    >>> table = network_indicators(G).set_index("indicator")["value"]
    >>> float(table["actors"]), float(table["ties"]), round(float(table["response_rate"]), 3)
    (3.0, 2.0, 0.667)

    Cost: one betweenness computation (see
    :func:`~skane_ecosystem.metrics.centrality.betweenness`), none with
    ``measures``; a breadth-first search from every actor for
    ``average_distance``, O(n m), or from ``samples`` sampled actors per
    connected part when approximating; the rest is O(n + m) (transitivity
    O(sum of squared degrees)).

    References
    ----------
    .. [1] Russell, M. G., Huhtamaki, J., Still, K., Rubens, N. &
       Basole, R. C. (2015). Relational capital for shared vision in
       innovation ecosystems. *Triple Helix*, 2(8).
    .. [2] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    .. [3] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
       pp. 111 and 243 (distances, transitivity).
    """
    view = GraphView(G)
    chosen = resolve_engine(view.n, engine)
    n = G.number_of_nodes()
    m = G.number_of_edges()
    between, approximate_between = _network_betweenness(view, chosen, approximate, samples, seed, measures)
    parts = _components(view, chosen)
    values = {
        "actors": n,
        "ties": m,
        "ties_per_actor": m / n if n else 0.0,
        "density": density(G),
        "transitivity": _transitivity(view, chosen),
        "average_distance": average_distance(G, approximate, samples, seed, chosen),
        "average_betweenness": float(np.mean(between)) if n else 0.0,
        "main_component_share": len(parts[0]) / n if n else 0.0,
        "components": len(parts),
        "isolates": nx.number_of_isolates(G),
        "degree_centralization": degree_centralization(G),
        "betweenness_centralization": _freeman(list(between), n - 1) if n >= 3 else 0.0,
        "reciprocity": reciprocity(G),
        "response_rate": _share_true(G.nodes(data="respondent", default=None), n, "respondent", "actor"),
        "confirmed_tie_share": _share_true(G.edges(data="confirmed", default=None), m, "confirmed", "tie"),
    }
    names = [name for name in INDICATORS if G.is_directed() or name not in DIRECTED_ONLY_INDICATORS]
    table = pd.DataFrame({"indicator": names, "value": [float(values[name]) for name in names]})
    table.attrs["engine"] = chosen
    table.attrs["betweenness_approximate"] = approximate_between
    table.attrs["average_distance_approximate"] = resolve_samples(n, approximate, samples) is not None
    return table


def _network_betweenness(view, engine, approximate, samples, seed, measures):
    """Normalised betweenness of every actor, and whether it is estimated."""
    if measures is not None:
        if "betweenness" not in measures or set(measures.index) != set(view.nodes):
            raise ValueError(
                "measures must be the actor_measures table of this graph (a betweenness column and one row per actor)"
            )
        estimated = bool(measures.attrs.get("betweenness_approximate", False))
        return measures["betweenness"].to_numpy(dtype=float), estimated
    k = resolve_samples(view.n, approximate, samples)
    values, _ = _betweenness(view, True, None, engine, k, seed)
    return values, k is not None


def _share_true(items, total, attribute, what):
    if not total:
        return 0.0
    count = 0
    for *key, flag in items:
        if flag is None or (isinstance(flag, float) and math.isnan(flag)):
            continue
        if not isinstance(flag, (bool, np.bool_)):
            raise ValueError(
                f"{what} {tuple(key) if len(key) > 1 else key[0]!r} has "
                f"{attribute}={flag!r}; expected True, False or no value"
            )
        count += bool(flag)
    return count / total
