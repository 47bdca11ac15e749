"""Network metrics for regional innovation ecosystems.

A module per family, in the style of networkx: plain functions that take a
networkx ``Graph``/``DiGraph`` and return ``dict`` (node -> value),
``float`` or ``pandas.DataFrame``.

* :mod:`.centrality` -- degree, strength, betweenness, closeness,
  harmonic closeness, eigenvector, PageRank, k-core number
* :mod:`.structural_holes` -- Burt's constraint, effective size,
  efficiency, hierarchy
* :mod:`.brokerage` -- Gould-Fernandez brokerage roles (as R's sna)
* :mod:`.keyplayer` -- Borgatti's key players (fragmentation, reach)
* :mod:`.cohesion` -- components, cut vertices, bridges, density,
  distances, transitivity, reciprocity, centralization, core-periphery,
  communities
* :mod:`.groups` -- E-I index, group tie matrices, assortativity,
  cross-group shares, participation coefficient
* :mod:`.network` -- the report tables :func:`actor_measures` and
  :func:`network_indicators`
* :mod:`.engine` -- the ``engine`` switch (networkx or python-igraph), the
  one-time graph conversion and the source sampling used above
  :data:`.engine.APPROXIMATE_ABOVE` actors

See ``docs/metrics.md`` for the definitions and conventions.
"""

from .brokerage import ROLES, brokerage, brokerage_summary
from .centrality import (
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
    articulation_point_impact,
    articulation_points,
    average_distance,
    betweenness_centralization,
    bridges,
    communities,
    component_labels,
    components,
    core_periphery,
    degree_centralization,
    density,
    diameter,
    main_component_share,
    modularity,
    reciprocity,
    transitivity,
)
from .groups import (
    assortativity,
    cross_group_share,
    ei_index,
    ei_index_actors,
    ei_index_groups,
    participation_coefficient,
    tie_matrix,
)
from .keyplayer import fragmentation, key_player_set, reach, removal_impact
from .network import ACTOR_COLUMNS, INDICATORS, actor_measures, network_indicators
from .structural_holes import (
    constraint,
    effective_size,
    efficiency,
    hierarchy,
    local_constraint,
)

__all__ = [
    # centrality
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "eigenvector",
    "pagerank",
    "core_number",
    # structural holes
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "local_constraint",
    # brokerage
    "ROLES",
    "brokerage",
    "brokerage_summary",
    # key players
    "fragmentation",
    "reach",
    "key_player_set",
    "removal_impact",
    # cohesion
    "components",
    "component_labels",
    "main_component_share",
    "articulation_points",
    "articulation_point_impact",
    "bridges",
    "density",
    "average_distance",
    "diameter",
    "transitivity",
    "reciprocity",
    "degree_centralization",
    "betweenness_centralization",
    "core_periphery",
    "communities",
    "modularity",
    # groups
    "ei_index",
    "ei_index_groups",
    "ei_index_actors",
    "tie_matrix",
    "assortativity",
    "cross_group_share",
    "participation_coefficient",
    # report tables
    "ACTOR_COLUMNS",
    "INDICATORS",
    "actor_measures",
    "network_indicators",
]
