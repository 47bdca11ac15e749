"""Communities: Louvain and Leiden partitions, and modularity.

Communities are labelled ``0, 1, 2, ...`` from the largest down, equal sizes
ordered by their first actor in sorted node order (as components are), so a
seed gives reproducible labels.
"""

from __future__ import annotations

import networkx as nx

from ._checks import engine_checked, graph_checked, weights_checked
from .connectivity import _ordered_groups
from .engine import GraphView, is_integer, resolve_engine, seeded_igraph_random

__all__ = ["communities", "modularity", "METHODS"]

#: Community detection methods of :func:`communities`.
METHODS = ("louvain", "leiden")


@engine_checked
@graph_checked
@weights_checked
def communities(G, weight="weight", resolution=1.0, seed=0, engine="auto", method="louvain"):
    """Communities by modularity, seeded, as node -> community number.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Directed graphs use directed modularity (Leicht & Newman 2008).
    weight : str or None
        Tie-strength attribute (missing = 1).
    resolution : float
        Modularity resolution; above 1 favours smaller communities.
    seed : int
        Seed of the algorithm's random node order; the same seed gives the
        same split.
    engine : {"auto", "networkx", "igraph"}
        Implementation of Louvain: networkx's, or igraph's
        ``community_multilevel`` (undirected graphs only; igraph's random
        number generator is set to a seeded ``random.Random`` for the call
        and then back to its default, Python's ``random`` module).  The two
        implementations visit actors in different random orders, so their
        partitions reach similar modularity but need not be identical.
        ``"auto"`` uses igraph above
        :data:`~skane_ecosystem.metrics.engine.AUTO_IGRAPH_ABOVE` actors
        for undirected graphs when it is installed.
    method : {"louvain", "leiden"}
        ``"leiden"``: the Leiden algorithm (leidenalg, two iterations, its
        own seeded generator), which refines Louvain's moves so that every
        community is connected; directed graphs allowed.  Needs
        python-igraph and leidenalg, so not with ``engine="networkx"``.

    Returns
    -------
    dict
        node -> int, 0 being the largest community (ties by first actor).
        Isolates form their own communities.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(5, 0)
    >>> labels = communities(G)
    >>> sorted(set(labels.values())), labels[0] != labels[9]
    ([0, 1], True)

    Cost: about O(m) per pass; a few passes in practice.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. *Journal
       of Statistical Mechanics*, P10008.
    .. [2] Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain
       to Leiden: guaranteeing well-connected communities. *Scientific
       Reports*, 9, 5233.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not is_integer(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if method == "leiden" and engine == "networkx":
        raise ValueError(
            "networkx has no Leiden algorithm: use engine='igraph' or 'auto' "
            "(python-igraph and leidenalg), or method='louvain'"
        )
    if G.number_of_nodes() == 0:
        return {}
    view = GraphView(G)
    chosen = _community_engine(view, engine, method)
    return _communities(view, weight, resolution, seed, chosen, method)


def _community_engine(view, engine, method):
    """Engine for :func:`communities`: Leiden needs leidenalg, and igraph's
    Louvain does not take directed graphs."""
    if method == "leiden":
        return resolve_engine(view.n, "igraph" if engine == "auto" else engine, needs_leidenalg=True)
    if view.directed:
        if engine == "igraph":
            raise ValueError(
                "igraph's Louvain takes undirected graphs only: use method='leiden' "
                "or engine='networkx' for a directed graph"
            )
        return "networkx"
    return resolve_engine(view.n, engine)


def _communities(view, weight, resolution, seed, engine, method="louvain"):
    if view.G.number_of_edges() == 0:
        groups = [{node} for node in view.nodes]
    elif method == "leiden":
        groups = _communities_leidenalg(view, weight, resolution, seed)
    elif engine == "igraph":
        groups = _communities_igraph(view, weight, resolution, seed)
    else:
        groups = _communities_networkx(view.G, weight, resolution, seed)
    return {node: label for label, group in enumerate(_ordered_groups(view.G, groups)) for node in group}


def _groups_from_membership(view, membership):
    groups = {}
    for node, label in zip(view.nodes, membership):
        groups.setdefault(label, set()).add(node)
    return list(groups.values())


def _communities_networkx(G, weight, resolution, seed):
    return nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)


def _communities_igraph(view, weight, resolution, seed):
    strengths = view.igraph_weights(weight)
    with seeded_igraph_random(seed):
        clustering = view.igraph.community_multilevel(weights=strengths, resolution=resolution)
    return _groups_from_membership(view, clustering.membership)


def _communities_leidenalg(view, weight, resolution, seed):
    import leidenalg

    strengths = view.igraph_weights(weight)
    # RBConfiguration is modularity with a resolution (directed graphs get
    # directed modularity); two iterations are leidenalg's default.
    partition = leidenalg.find_partition(
        view.igraph,
        leidenalg.RBConfigurationVertexPartition,
        weights=strengths,
        resolution_parameter=resolution,
        seed=int(seed),
    )
    return _groups_from_membership(view, partition.membership)


@graph_checked
@weights_checked
def modularity(G, partition, weight="weight", resolution=1.0):
    """Newman modularity of a partition (networkx).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    partition : dict or iterable of sets
        node -> community label (as from :func:`communities`), or the
        communities themselves.  Must cover every actor of ``G`` exactly
        once; entries for nodes that are not in ``G`` (e.g. survey actors
        left out of this relation) are ignored.
    weight : str or None
        Tie-strength attribute.
    resolution : float

    Returns
    -------
    float
        0 for graphs without ties.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (2, 3)])
    >>> modularity(G, {0: 0, 1: 0, 2: 1, 3: 1})
    0.5

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in
       networks. *PNAS*, 103(23), 8577-8582.
    """
    if isinstance(partition, dict):
        grouped = {}
        for node, label in partition.items():
            if node in G:
                grouped.setdefault(label, set()).add(node)
        groups = list(grouped.values())
    else:
        groups = [{node for node in group if node in G} for group in partition]
        groups = [group for group in groups if group]
    if not nx.community.is_partition(G, groups):
        raise ValueError("partition must put every actor in exactly one community")
    if G.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(G, groups, weight=weight, resolution=resolution))
