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
* :mod:`.connectivity` -- components, cut vertices (with what each
  separates) and bridges
* :mod:`.distances` -- average distance and diameter
* :mod:`.density` -- density, transitivity, reciprocity
* :mod:`.centralization` -- Freeman degree and betweenness centralization
* :mod:`.coreperiphery` -- Borgatti-Everett core-periphery models
* :mod:`.community` -- Louvain/Leiden communities and modularity
* :mod:`.groups` -- E-I index, group tie matrices, assortativity,
  cross-group shares, participation coefficient
* :mod:`.paths` -- each actor's share of the shortest paths between two
  groups (subset betweenness)
* :mod:`.network` -- the report tables :func:`actor_measures` and
  :func:`network_indicators`
* :mod:`.engine` -- the ``engine`` switch (networkx or python-igraph), the
  one-time graph conversion and the source sampling used above
  :data:`.engine.APPROXIMATE_ABOVE` actors
* :mod:`._checks` -- the argument checks, as decorators

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
from .centralization import betweenness_centralization, degree_centralization
from .community import communities, modularity
from .connectivity import (
    articulation_point_impact,
    articulation_points,
    bridges,
    component_labels,
    components,
    main_component_share,
)
from .coreperiphery import core_periphery
from .density import density, reciprocity, transitivity
from .distances import average_distance, diameter
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
from .paths import group_path_shares
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
    # connectivity
    "components",
    "component_labels",
    "main_component_share",
    "articulation_points",
    "articulation_point_impact",
    "bridges",
    # distances
    "average_distance",
    "diameter",
    # density
    "density",
    "transitivity",
    "reciprocity",
    # centralization
    "degree_centralization",
    "betweenness_centralization",
    # core-periphery
    "core_periphery",
    # communities
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
    # paths between groups
    "group_path_shares",
    # report tables
    "ACTOR_COLUMNS",
    "INDICATORS",
    "actor_measures",
    "network_indicators",
]
