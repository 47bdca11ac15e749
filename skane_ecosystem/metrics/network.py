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

# Functions are imported by name: the package re-exports a function called
# ``brokerage``, which shadows the submodule of that name on the package.
from .brokerage import ROLES, _group_labels, brokerage
from .centrality import (
    _check_graph,
    _check_weights,
    _sorted_nodes,
    betweenness,
    closeness,
    core_number,
    degree,
    eigenvector,
    harmonic_closeness,
    pagerank,
    strength,
)
from .cohesion import (
    articulation_points,
    betweenness_centralization,
    communities,
    component_labels,
    components,
    degree_centralization,
    density,
    main_component_share,
    reciprocity,
)
from .groups import cross_group_share, ei_index_actors, participation_coefficient
from .keyplayer import removal_impact
from .structural_holes import constraint, effective_size, efficiency, hierarchy

__all__ = ["ACTOR_COLUMNS", "INDICATORS", "actor_measures", "network_indicators"]

ACTOR_COLUMNS = (
    "degree",
    "in_degree",
    "out_degree",
    "degree_norm",
    "strength",
    "betweenness",
    "betweenness_weighted",
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
)

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


def _empty_actor_frame():
    frame = pd.DataFrame({column: pd.Series(dtype=float) for column in ACTOR_COLUMNS})
    frame.index.name = "node"
    return frame.astype(
        {**{c: "int64" for c in _INT_COLUMNS}, **{c: bool for c in _BOOL_COLUMNS}}
    )


def actor_measures(G, sector_attr="sector", seed=0, weight="weight"):
    """One row per actor with every actor-level measure of the package.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Optional edge attribute ``weight`` (tie strength > 0, missing = 1).
    sector_attr : str
        Node attribute holding the group used for brokerage roles,
        ``cross_sector_share`` and ``ei_index``; every actor needs a value.
    seed : int
        Seed for Louvain communities (the only random step).
    weight : str
        Tie-strength attribute used by ``strength`` and
        ``betweenness_weighted``.  Every other column is unweighted.

    Returns
    -------
    pandas.DataFrame
        Index = node id (sorted, named ``node``); columns exactly
        :data:`ACTOR_COLUMNS`, documented in ``docs/metrics.md``.  Integer
        columns are ``int64``, flags ``bool``, the rest ``float64``; no NaN
        (isolates get 0, except PageRank, which is defined for them).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "x"}, "sector")
    >>> table = actor_measures(G)
    >>> [table.loc["b", c].item() for c in ("degree", "betweenness", "brokerage_itinerant")]
    [2, 1.0, 2]
    >>> bool(table.isna().any().any())
    False

    Cost: dominated by :func:`~skane_ecosystem.metrics.keyplayer.removal_impact`,
    O(n * n_c (n_c + m_c)) for a main component of ``n_c`` actors and
    ``m_c`` ties; a few seconds for a few hundred actors.

    References
    ----------
    See the individual functions and ``docs/metrics.md``.
    """
    _check_graph(G)
    _check_weights(G, weight)
    if not isinstance(sector_attr, str):
        raise ValueError(f"sector_attr must be a node attribute name, got {sector_attr!r}")
    # Fail on missing sectors before any expensive work.
    _group_labels(G, sector_attr)
    nodes = _sorted_nodes(G)
    if not nodes:
        return _empty_actor_frame()

    sizes = effective_size(G)
    columns = {
        "degree": degree(G),
        "in_degree": degree(G, mode="in"),
        "out_degree": degree(G, mode="out"),
        "degree_norm": degree(G, normalized=True),
        "strength": strength(G, weight=weight),
        "betweenness": betweenness(G),
        "betweenness_weighted": betweenness(G, weight=weight),
        "closeness": closeness(G),
        "harmonic": harmonic_closeness(G),
        "eigenvector": eigenvector(G),
        "pagerank": pagerank(G),
        "core_number": core_number(G),
        "constraint": constraint(G),
        "effective_size": sizes,
        "efficiency": efficiency(G, sizes=sizes),
        "hierarchy": hierarchy(G),
    }
    roles = brokerage(G, sector_attr)
    for role in ROLES + ("total",):
        columns[f"brokerage_{role}"] = roles[role].to_dict()
    community = communities(G, weight=weight, seed=seed)
    columns["community"] = community
    columns["participation"] = participation_coefficient(G, community)
    columns["cross_sector_share"] = cross_group_share(G, sector_attr)
    columns["ei_index"] = ei_index_actors(G, sector_attr)
    cut = set(articulation_points(G))
    columns["is_cut_vertex"] = {node: node in cut for node in G}
    component = component_labels(G)
    columns["component"] = component
    columns["in_main_component"] = {node: component[node] == 0 for node in G}
    impact = removal_impact(G)
    columns["removal_fragmentation_gain"] = impact["fragmentation_gain"].to_dict()
    columns["removal_cutoff"] = impact["cutoff"].to_dict()

    frame = pd.DataFrame(
        {name: [columns[name][node] for node in nodes] for name in ACTOR_COLUMNS},
        index=pd.Index(nodes, name="node"),
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


def network_indicators(G):
    """Network indicators in one table (Russell et al. 2015 style).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Optional node attribute ``respondent`` (bool) and edge attribute
        ``confirmed`` (bool); missing values (absent, None or NaN) count as
        False, any other non-bool value raises ``ValueError``.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator`` (str) and ``value`` (float), one row per name
        in :data:`INDICATORS`, in that order:

        ``actors``, ``ties`` (edges; arcs for directed graphs),
        ``ties_per_actor`` (ties / actors), ``density``,
        ``average_betweenness`` (mean normalised betweenness),
        ``main_component_share``, ``components`` (weak), ``isolates``,
        ``degree_centralization`` and ``betweenness_centralization``
        (Freeman), ``reciprocity`` (1 for undirected graphs with ties),
        ``response_rate`` (share of actors with ``respondent`` True) and
        ``confirmed_tie_share`` (share of ties with ``confirmed`` True).
        Every value is 0 for an empty graph; none is NaN.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(3)
    >>> nx.set_node_attributes(G, {0: True, 1: True, 2: False}, "respondent")
    >>> table = network_indicators(G).set_index("indicator")["value"]
    >>> float(table["actors"]), float(table["ties"]), round(float(table["response_rate"]), 3)
    (3.0, 2.0, 0.667)

    References
    ----------
    .. [1] Russell, M. G., Huhtamaki, J., Still, K., Rubens, N. &
       Basole, R. C. (2015). Relational capital for shared vision in
       innovation ecosystems. *Triple Helix*, 2(8).
    .. [2] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    """
    _check_graph(G)
    n = G.number_of_nodes()
    m = G.number_of_edges()
    between = betweenness(G)
    values = {
        "actors": n,
        "ties": m,
        "ties_per_actor": m / n if n else 0.0,
        "density": density(G),
        "average_betweenness": float(np.mean(list(between.values()))) if n else 0.0,
        "main_component_share": main_component_share(G),
        "components": len(components(G)),
        "isolates": nx.number_of_isolates(G),
        "degree_centralization": degree_centralization(G),
        "betweenness_centralization": betweenness_centralization(G),
        "reciprocity": reciprocity(G),
        "response_rate": _share_true(
            G.nodes(data="respondent", default=None), n, "respondent", "actor"
        ),
        "confirmed_tie_share": _share_true(
            G.edges(data="confirmed", default=None), m, "confirmed", "tie"
        ),
    }
    return pd.DataFrame(
        {
            "indicator": list(INDICATORS),
            "value": [float(values[name]) for name in INDICATORS],
        }
    )


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
