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

# Each family module's ``__all__`` is its public list: a new measure is exported by
# adding it there, and this package exports it too (one file fewer to touch).
from importlib import import_module as _import_module

from .brokerage import *  # noqa: F403
from .centrality import *  # noqa: F403
from .centralization import *  # noqa: F403
from .community import *  # noqa: F403
from .connectivity import *  # noqa: F403
from .coreperiphery import *  # noqa: F403
from .density import *  # noqa: F403
from .distances import *  # noqa: F403
from .groups import *  # noqa: F403
from .keyplayer import *  # noqa: F403
from .network import *  # noqa: F403
from .paths import *  # noqa: F403
from .structural_holes import *  # noqa: F403

#: The families, in the order the package documentation lists them.
FAMILIES = (
    "centrality",
    "structural_holes",
    "brokerage",
    "keyplayer",
    "connectivity",
    "distances",
    "density",
    "centralization",
    "coreperiphery",
    "community",
    "groups",
    "paths",
    "network",
)

__all__ = [name for family in FAMILIES for name in _import_module(f".{family}", __name__).__all__]
