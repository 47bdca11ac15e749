"""Actor centrality: degree, strength, betweenness, closeness, eigenvector,
PageRank and k-core number.

Every function takes a :class:`networkx.Graph` or :class:`networkx.DiGraph`
and returns a ``dict`` mapping node -> value.  The textbook measures are
delegated to networkx; the wrappers only validate input, convert tie strength
to distance where a measure needs distances, and replace the undefined values
networkx produces on isolates and empty graphs with documented numbers.

Tie strength and distance
-------------------------
The edge attribute ``weight`` is a *tie strength* (larger = stronger).
Path-based measures (betweenness, closeness, harmonic closeness) need a
*length*, so a weighted call uses ``distance = 1 / weight``: a strong tie is a
short path.  Edges without the attribute count as strength 1 (the networkx
convention).
"""

from __future__ import annotations

import heapq
import warnings
from functools import partial

import networkx as nx
import numpy as np

from ._checks import engine_checked, graph_checked, mode_checked, weights_checked
from .engine import (
    GraphView,
    delta_se,
    estimate_totals,
    finite,
    plan_sources,
    resolve_engine,
    resolve_samples,
)

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "eigenvector",
    "pagerank",
    "core_number",
]

_DISTANCE_ATTR = "__skane_distance__"


def _distance_graph(G, weight):
    """Copy of ``G`` whose edges carry ``1 / weight`` as a path length.

    networkx reads the ``weight`` of path algorithms as a length, while our
    ``weight`` is a strength, so the conversion has to happen on a copy.
    """
    H = G.copy()
    for _, _, data in H.edges(data=True):
        data[_DISTANCE_ATTR] = 1.0 / data.get(weight, 1)
    return H


# ---------------------------------------------------------------------------
# Degree and strength
# ---------------------------------------------------------------------------


@graph_checked
@mode_checked
def degree(G, mode="total", normalized=False):
    """Number of ties of each actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    mode : {"total", "in", "out"}
        Which ties to count in a directed graph (``"total"`` = in + out, so a
        reciprocated pair counts twice).  Ignored for undirected graphs,
        where all three are the ordinary degree.
    normalized : bool
        Divide by ``n - 1`` (networkx's ``degree_centrality``).  For a
        directed graph with ``mode="total"`` the result can reach 2.  Graphs
        with fewer than two actors give 0.

    Returns
    -------
    dict
        node -> degree (int), or normalised degree (float).

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    >>> degree(nx.path_graph(3), normalized=True)
    {0: 0.5, 1: 1.0, 2: 0.5}
    >>> degree(nx.DiGraph([(0, 1), (2, 1)]), mode="in")
    {0: 0, 1: 2, 2: 0}

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    """
    if G.is_directed() and mode == "in":
        counts = dict(G.in_degree())
    elif G.is_directed() and mode == "out":
        counts = dict(G.out_degree())
    else:
        counts = dict(G.degree())
    if not normalized:
        return counts
    n = G.number_of_nodes()
    if n < 2:
        return {node: 0.0 for node in counts}
    return {node: value / (n - 1) for node, value in counts.items()}


@graph_checked
@mode_checked
@weights_checked
def strength(G, weight="weight", mode="total"):
    """Weighted degree: the sum of the tie strengths of each actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str
        Edge attribute holding tie strength; edges without it count as 1.
    mode : {"total", "in", "out"}
        As in :func:`degree`.

    Returns
    -------
    dict
        node -> strength (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2.0)
    >>> G.add_edge("b", "c", weight=0.5)
    >>> strength(G)
    {'a': 2.0, 'b': 2.5, 'c': 0.5}

    References
    ----------
    .. [1] Barrat, A., Barthelemy, M., Pastor-Satorras, R. & Vespignani, A.
       (2004). The architecture of complex weighted networks. *PNAS*,
       101(11), 3747-3752.
    """
    if G.is_directed() and mode == "in":
        values = G.in_degree(weight=weight)
    elif G.is_directed() and mode == "out":
        values = G.out_degree(weight=weight)
    else:
        values = G.degree(weight=weight)
    return {node: float(value) for node, value in values}


# ---------------------------------------------------------------------------
# Path-based centralities
# ---------------------------------------------------------------------------

_SAMPLING_DOC = """
    engine : {"auto", "networkx", "igraph"}
        Implementation: ``"networkx"`` is the reference, ``"igraph"``
        (python-igraph) gives the same values much faster; ``"auto"`` uses
        igraph above :data:`~skane_ecosystem.metrics.engine.AUTO_IGRAPH_ABOVE`
        actors when it is installed.
    approximate : bool or None
        Estimate from a sample of source actors instead of searching from
        every actor.  ``None`` (default) samples above
        :data:`~skane_ecosystem.metrics.engine.APPROXIMATE_ABOVE` actors.
    samples : int or None
        Sources drawn from each connected part (default
        :data:`~skane_ecosystem.metrics.engine.DEFAULT_SAMPLES`); parts
        with at most this many actors are computed exactly.
    seed : int
        Seed of the source sample (nothing else is random).
    return_se : bool
        Also return the standard error of every value (0 where exact)."""


def _doc(function):
    function.__doc__ = function.__doc__.replace("    {sampling}", _SAMPLING_DOC.strip("\n"))
    return function


@_doc
@engine_checked
@graph_checked
@weights_checked
def betweenness(
    G,
    normalized=True,
    weight=None,
    engine="auto",
    approximate=None,
    samples=None,
    seed=0,
    return_se=False,
):
    """Shortest-path betweenness centrality.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    normalized : bool
        Divide by the number of pairs not including the actor:
        ``(n-1)(n-2)/2`` for undirected and ``(n-1)(n-2)`` for directed
        graphs (networkx's convention), so values lie in [0, 1].
    weight : str or None
        ``None`` counts every tie as one step.  Otherwise the name of the
        tie-strength attribute; paths are then shortest by
        ``distance = 1 / weight`` (strong ties are short).  Path lengths
        equal within a relative tolerance of 1e-10
        (:data:`PATH_LENGTH_TOLERANCE`) are ties, on both engines, as in
        igraph: ``nx.betweenness_centrality`` compares sums of ``1 / weight``
        exactly and so drops equally short paths whose floating-point sums
        differ in the last bit (1/3 + 1/3 + 1/3 against 1/1).
    {sampling}

    Returns
    -------
    dict, or (dict, dict) with ``return_se``
        node -> betweenness (float); isolates and graphs with fewer than
        three actors give 0.  With ``return_se`` also node -> standard
        error.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 0.25)])
    >>> betweenness(G, weight="weight")  # the weak 0-2 tie is a long path
    {0: 0.0, 1: 1.0, 2: 0.0}

    Estimated from 20 of the 34 karate club members as sources, with its
    standard error:

    >>> G = nx.karate_club_graph()
    >>> round(betweenness(G)[0], 3)
    0.438
    >>> values, se = betweenness(G, approximate=True, samples=20, return_se=True)
    >>> round(values[0], 3), round(se[0], 3)
    (0.468, 0.043)

    Cost: O(nm) unweighted, O(nm + n^2 log n) weighted (Brandes 2001); with
    a sample of ``k`` sources per part, O(km) and O(km + kn log n).

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on
       betweenness. *Sociometry*, 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology*, 25(2), 163-177.
    .. [3] Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality
       in weighted networks. *Social Networks*, 32(3), 245-251 (inverse
       tie strength as distance).
    .. [4] Brandes, U. & Pich, C. (2007). Centrality estimation in large
       networks. *International Journal of Bifurcation and Chaos*, 17(7),
       2303-2318 (source sampling).
    """
    view = GraphView(G)
    values, se = _betweenness(
        view,
        normalized,
        weight,
        resolve_engine(view.n, engine),
        resolve_samples(view.n, approximate, samples),
        seed,
    )
    if return_se:
        return view.values(values), view.values(se)
    return view.values(values)


def _betweenness(view, normalized, weight, engine, samples, seed):
    """(values, standard errors) as arrays in vertex order."""
    scale = _betweenness_scale(view.n, normalized, view.directed)
    if samples is None:
        if engine == "igraph":
            raw = np.asarray(
                view.igraph.betweenness(directed=view.directed, weights=_lengths(view, weight)),
                dtype=float,
            )
            return raw * scale, np.zeros(view.n)
        return _betweenness_networkx(view, normalized, weight), np.zeros(view.n)
    contribution = _betweenness_contribution(view, weight, engine)
    estimate = estimate_totals(plan_sources(view, samples, seed), contribution, view.n)
    return estimate.total[0] * scale, estimate.se() * scale


def _betweenness_scale(n, normalized, directed):
    # igraph counts each unordered pair once on undirected graphs, which is
    # networkx's unnormalised value; only the normalisation differs.
    if not normalized or n <= 2:
        return 1.0
    pairs = (n - 1) * (n - 2)
    return 1.0 / pairs if directed else 2.0 / pairs


def _lengths(view, weight):
    return view.igraph_weights(weight, as_length=True)


def _betweenness_networkx(view, normalized, weight):
    if weight is None:
        return view.array(nx.betweenness_centrality(view.G, normalized=normalized))
    sums = weighted_dependencies(_distance_graph(view.G, weight), view.nodes)
    return view.array(sums) * _counted_once(view) * _betweenness_scale(view.n, normalized, view.directed)


def _betweenness_contribution(view, weight, engine):
    """``sources -> raw betweenness from those sources alone`` (all targets)."""
    if engine == "igraph":
        lengths = _lengths(view, weight)

        def from_sources(sources):
            return view.igraph.betweenness(directed=view.directed, weights=lengths, sources=sources)

        return from_sources
    if weight is not None:
        H = _distance_graph(view.G, weight)

        def from_sources_weighted(sources):
            sums = weighted_dependencies(H, [view.nodes[i] for i in sources])
            return view.array(sums) * _counted_once(view)

        return from_sources_weighted

    def from_sources_networkx(sources):
        chosen = [view.nodes[i] for i in sources]
        return view.array(nx.betweenness_centrality_subset(view.G, chosen, view.nodes, normalized=False))

    return from_sources_networkx


# ------------------------------------------------- weighted shortest paths, tied
#: Two path lengths equal within this relative tolerance are the same length, as
#: in igraph (its ``cmp_epsilon``).  Lengths are sums of ``1 / weight``, and
#: floating point does not keep sums equal that are equal: 1/3 + 1/3 + 1/3 is not
#: 1/1, so networkx's exact comparison drops one of two equally short paths.
PATH_LENGTH_TOLERANCE = 1e-10


def _same_length(a: float, b: float) -> bool:
    return abs(a - b) <= PATH_LENGTH_TOLERANCE * max(abs(a), abs(b))


def _counted_once(view) -> float:
    """Brandes' sums count an undirected pair from both ends: halve them, as networkx does."""
    return 1.0 if view.directed else 0.5


def weighted_dependencies(H, sources, length: str = _DISTANCE_ATTR) -> dict:
    """Brandes' (2001) dependency sums over the shortest paths from ``sources`` by the
    edge attribute ``length``, with lengths tied within the tolerance.

    networkx's own accumulation, fed by :func:`_tied_shortest_paths` instead of its
    exact-comparison Dijkstra.  An undirected pair is counted from both ends.
    """
    totals = dict.fromkeys(H, 0.0)
    for source in sources:
        order, predecessors, paths = _tied_shortest_paths(H, source, length)
        dependency = dict.fromkeys(order, 0.0)
        while order:
            w = order.pop()
            share = (1.0 + dependency[w]) / paths[w]
            for v in predecessors[w]:
                dependency[v] += paths[v] * share
            if w != source:
                totals[w] += dependency[w]
    return totals


def _tied_shortest_paths(H, source, length: str):
    """Dijkstra from ``source``: the actors in the order settled, each one's
    predecessors on shortest paths, and the number of shortest paths to it.

    As networkx's ``_single_source_dijkstra_path_basic``, except that a path as long
    as the best one found (within :data:`PATH_LENGTH_TOLERANCE`) is another shortest
    path rather than a longer one.
    """
    order, predecessors, paths = [], {source: []}, {source: 1.0}
    best, settled, queue, counter = {source: 0.0}, set(), [(0.0, 0, source, source)], 1
    while queue:
        found, _, via, v = heapq.heappop(queue)
        if v in settled:
            continue
        settled.add(v)
        if v != source:
            paths[v] += paths[via]
        order.append(v)
        for w, data in H[v].items():
            if w in settled:
                continue
            candidate = found + data[length]
            if w in best and _same_length(candidate, best[w]):
                paths[w] += paths[v]
                predecessors[w].append(v)
            elif w not in best or candidate < best[w]:
                best[w], paths[w], predecessors[w] = candidate, 0.0, [v]
                heapq.heappush(queue, (candidate, counter, v, w))
                counter += 1
    return order, predecessors, paths


@_doc
@engine_checked
@graph_checked
@weights_checked
def closeness(
    G,
    weight=None,
    wf_improved=True,
    engine="auto",
    approximate=None,
    samples=None,
    seed=0,
    return_se=False,
):
    """Closeness centrality (networkx / Wasserman-Faust).

    ``(r - 1) / sum of distances`` to the ``r - 1`` actors that can reach the
    actor, scaled by ``(r - 1) / (n - 1)`` when ``wf_improved`` so that
    actors in small components are not rated as central.  For directed
    graphs the distances are *incoming* (networkx's convention).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute; distances are ``1 / weight``.  ``None``
        counts steps.
    wf_improved : bool
        Apply the Wasserman-Faust correction for disconnected graphs.
    {sampling}

    Returns
    -------
    dict, or (dict, dict) with ``return_se``
        node -> closeness (float); isolates get 0.  An estimate divides the
        estimated number of actors that reach the actor (exact for
        undirected graphs) by the estimated sum of their distances; its
        standard error is the delta-method one.

    Examples
    --------
    >>> import networkx as nx
    >>> {k: round(v, 3) for k, v in closeness(nx.path_graph(3)).items()}
    {0: 0.667, 1: 1.0, 2: 0.667}

    Cost: O(nm) unweighted, O(nm + n^2 log n) weighted; O(km) with a sample
    of ``k`` sources per part.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks*, 1(3), 215-239.
    .. [2] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*.
       Cambridge University Press, p. 201.
    .. [3] Eppstein, D. & Wang, J. (2004). Fast approximation of centrality.
       *Journal of Graph Algorithms and Applications*, 8(1), 39-45.
    """
    view = GraphView(G)
    values, se = _closeness(
        view,
        weight,
        wf_improved,
        resolve_engine(view.n, engine),
        resolve_samples(view.n, approximate, samples),
        seed,
    )
    if return_se:
        return view.values(values), view.values(se)
    return view.values(values)


def _closeness(view, weight, wf_improved, engine, samples, seed, sums=None):
    if samples is None:
        if engine == "igraph":
            return _closeness_igraph(view, weight, wf_improved), np.zeros(view.n)
        return view.array(_closeness_networkx(view.G, weight, wf_improved)), np.zeros(view.n)
    estimate = sums if sums is not None else _sampled_path_sums(view, weight, engine, samples, seed)
    return _closeness_from_sums(view, estimate, wf_improved)


def _closeness_networkx(G, weight, wf_improved):
    if weight is None:
        return nx.closeness_centrality(G, wf_improved=wf_improved)
    H = _distance_graph(G, weight)
    return nx.closeness_centrality(H, distance=_DISTANCE_ATTR, wf_improved=wf_improved)


def _closeness_igraph(view, weight, wf_improved):
    lengths = _lengths(view, weight)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        per_reached = finite(view.igraph.closeness(mode="in", weights=lengths, normalized=True))
        if not wf_improved or view.n < 2:
            return per_reached
        reached = _reached_counts(view, lengths, per_reached)
    return per_reached * reached / (view.n - 1)


def _reached_counts(view, lengths, per_reached):
    """Actors that reach each actor (``r - 1``)."""
    if not view.directed:
        return view.component_sizes - 1.0
    # igraph's normalised closeness is (r - 1) / sum and the raw one 1 / sum.
    raw = finite(view.igraph.closeness(mode="in", weights=lengths, normalized=False))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.rint(finite(per_reached / raw))


def _closeness_from_sums(view, estimate, wf_improved):
    distance_sum, reached = estimate.total[0], estimate.total[1]
    exact_reached = not view.directed
    if exact_reached:
        reached = view.component_sizes - 1.0
    n = view.n
    positive = distance_sum > 0
    safe = np.where(positive, distance_sum, 1.0)
    factor = 1.0 / (n - 1) if (wf_improved and n > 1) else None
    if factor is None:
        values = np.where(positive, reached / safe, 0.0)
        d_reached, d_distance = 1.0 / safe, -reached / safe**2
    else:
        values = np.where(positive, reached**2 * factor / safe, 0.0)
        d_reached, d_distance = 2 * reached * factor / safe, -(reached**2) * factor / safe**2
    if exact_reached:
        d_reached = np.zeros(n)
    # The third estimated quantity (inverse distances) does not enter closeness.
    gradients = np.where(positive, np.vstack([d_distance, d_reached, np.zeros(n)]), 0.0)
    return values, delta_se(estimate, gradients)


@_doc
@engine_checked
@graph_checked
@weights_checked
def harmonic_closeness(
    G,
    weight=None,
    normalized=True,
    engine="auto",
    approximate=None,
    samples=None,
    seed=0,
    return_se=False,
):
    """Harmonic closeness: the sum of inverse distances to the other actors.

    Unreachable actors contribute 0, so the measure is defined on
    disconnected networks.  For directed graphs the distances are incoming
    (as for :func:`closeness`).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute; distances are ``1 / weight``.
    normalized : bool
        Divide by ``n - 1`` so that 1 means adjacent to everyone
        (unweighted).  Graphs with fewer than two actors give 0.
    {sampling}

    Returns
    -------
    dict, or (dict, dict) with ``return_se``
        node -> harmonic closeness (float); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> harmonic_closeness(nx.path_graph(3))
    {0: 0.75, 1: 1.0, 2: 0.75}

    Cost: as :func:`closeness`.

    References
    ----------
    .. [1] Marchiori, M. & Latora, V. (2000). Harmony in the small-world.
       *Physica A*, 285(3-4), 539-546.
    .. [2] Rochat, Y. (2009). Closeness centrality extended to unconnected
       graphs: the harmonic centrality index. ASNA, Zurich.
    """
    view = GraphView(G)
    values, se = _harmonic(
        view,
        weight,
        normalized,
        resolve_engine(view.n, engine),
        resolve_samples(view.n, approximate, samples),
        seed,
    )
    if return_se:
        return view.values(values), view.values(se)
    return view.values(values)


def _harmonic(view, weight, normalized, engine, samples, seed, sums=None):
    n = view.n
    if normalized and n < 2:
        return np.zeros(n), np.zeros(n)
    scale = 1.0 / (n - 1) if normalized else 1.0
    if samples is None:
        if engine == "igraph":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                raw = view.igraph.harmonic_centrality(mode="in", weights=_lengths(view, weight), normalized=False)
            raw = finite(raw)
        elif weight is None:
            raw = view.array(_harmonic_networkx(view.G))
        else:
            raw = view.array(_harmonic_networkx(_distance_graph(view.G, weight), _DISTANCE_ATTR))
        return raw * scale, np.zeros(n)
    estimate = sums if sums is not None else _sampled_path_sums(view, weight, engine, samples, seed)
    return estimate.total[2] * scale, estimate.se(2) * scale


def _harmonic_networkx(G, distance=None):
    """Sum of 1 / d(u, v) over the actors u reaching v, as ``nx.harmonic_centrality``.

    networkx adds the terms in the order of a set of actors, which changes from one
    Python process to the next, and so do the last digits of the sums; here they are
    added in the graph's own order, so that the same data give the same bytes.
    """
    if distance is None:
        lengths = partial(nx.single_source_shortest_path_length, G)
    else:
        lengths = partial(nx.single_source_dijkstra_path_length, G, weight=distance)
    totals = dict.fromkeys(G, 0.0)
    for source in G:
        for target, d in lengths(source).items():
            if d > 0:
                totals[target] += 1.0 / d
    return totals


def _sampled_path_sums(view, weight, engine, samples, seed):
    """Estimated incoming (distance sum, reaching actors, inverse distance sum)."""
    distances = _distance_rows(view, weight, engine)

    def from_sources(sources):
        sums = np.zeros((3, view.n))
        for start in range(0, len(sources), _ROWS_PER_CALL):
            chunk = sources[start : start + _ROWS_PER_CALL]
            rows = distances(chunk)
            rows[np.arange(len(chunk)), chunk] = np.inf  # not a path to oneself
            reached = np.isfinite(rows)
            sums[0] += np.where(reached, rows, 0.0).sum(axis=0)
            sums[1] += reached.sum(axis=0)
            with np.errstate(divide="ignore"):
                sums[2] += np.where(reached, 1.0 / rows, 0.0).sum(axis=0)
        return sums

    return estimate_totals(plan_sources(view, samples, seed), from_sources, view.n, quantities=3)


_ROWS_PER_CALL = 64


def _distance_rows(view, weight, engine):
    """``sources -> array (sources, n)`` of distances, inf where unreachable."""
    if engine == "igraph":
        lengths = _lengths(view, weight)

        def rows_igraph(sources):
            return np.array(view.igraph.distances(source=sources, mode="out", weights=lengths), dtype=float)

        return rows_igraph
    H = view.G if weight is None else _distance_graph(view.G, weight)

    def rows_networkx(sources):
        rows = np.full((len(sources), view.n), np.inf)
        for row, source in enumerate(sources):
            node = view.nodes[source]
            if weight is None:
                found = nx.single_source_shortest_path_length(H, node)
            else:
                found = nx.single_source_dijkstra_path_length(H, node, weight=_DISTANCE_ATTR)
            for target, distance in found.items():
                rows[row, view.index[target]] = distance
        return rows

    return rows_networkx


# ---------------------------------------------------------------------------
# Spectral centralities
# ---------------------------------------------------------------------------


@engine_checked
@graph_checked
@weights_checked
def eigenvector(G, weight=None, max_iter=1000, tol=1e-12, engine="auto"):
    """Eigenvector centrality (Bonacich), unit Euclidean norm.

    The networkx engine uses networkx's power iteration, which starts from a
    uniform vector and is therefore deterministic.  If it does not converge
    within ``max_iter`` (e.g. on directed acyclic graphs) the leading
    eigenvector is taken from an eigendecomposition instead; a leading
    eigenvalue of 0 (no cycles at all) gives 0 for everyone.  For directed
    graphs the centrality comes from incoming ties (left eigenvector).

    The igraph engine (ARPACK) gives the same vector.  Where several
    connected parts share the leading eigenvalue (e.g. two separate
    triangles), the eigenvector is not unique; both engines then return the
    limit of the power iteration from the uniform vector, which spreads the
    centrality over those parts.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute used as the adjacency value.
    max_iter, tol : int, float
        Power-iteration budget and tolerance (networkx engine).
    engine : {"auto", "networkx", "igraph"}
        As for :func:`betweenness`.

    Returns
    -------
    dict
        node -> eigenvector centrality (float).  Values below 1e-9 are
        residue of the iteration and reported as exactly 0; in particular
        isolates, and actors in components whose leading eigenvalue is
        smaller than the graph's, get 0.  An edgeless graph is all 0 and an
        empty graph gives ``{}``.

    Examples
    --------
    >>> import networkx as nx
    >>> {k: round(v, 4) for k, v in eigenvector(nx.path_graph(3)).items()}
    {0: 0.5, 1: 0.7071, 2: 0.5}

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures.
       *American Journal of Sociology*, 92(5), 1170-1182.
    """
    view = GraphView(G)
    return view.values(_eigenvector(view, weight, resolve_engine(view.n, engine), max_iter, tol))


_EIGENVECTOR_ZERO = 1e-9


def _eigenvector(view, weight, engine, max_iter=1000, tol=1e-12):
    if view.G.number_of_edges() == 0:
        return np.zeros(view.n)
    if engine == "igraph":
        values = _eigenvector_igraph(view, weight)
    else:
        values = view.array(_eigenvector_networkx(view.G, weight, max_iter, tol))
    values = np.abs(values)
    return np.where(values < _EIGENVECTOR_ZERO, 0.0, values)


def _eigenvector_networkx(G, weight, max_iter, tol):
    try:
        return nx.eigenvector_centrality(G, max_iter=max_iter, tol=tol, weight=weight)
    except nx.PowerIterationFailedConvergence:
        return _eigenvector_dense(G, weight)


_DENSE_EIGEN_UP_TO = 2000


def _eigenvector_dense(G, weight):
    nodes = list(G)
    if len(nodes) > _DENSE_EIGEN_UP_TO:
        return _eigenvector_sparse(G, nodes, weight)
    # Transposed so that, as in networkx, centrality flows along in-ties.
    A = nx.to_numpy_array(G, nodelist=nodes, weight=weight).T
    eigenvalues, eigenvectors = np.linalg.eig(A)
    lead = int(np.argmax(eigenvalues.real))
    if eigenvalues[lead].real <= 1e-12:
        return {node: 0.0 for node in nodes}
    vector = np.abs(eigenvectors[:, lead].real)
    vector = vector / np.linalg.norm(vector)
    return dict(zip(nodes, vector.tolist()))


def _eigenvector_sparse(G, nodes, weight):
    """Leading eigenvector by ARPACK: a dense matrix of a large graph would not fit."""
    from scipy.sparse.linalg import eigs

    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr").T.astype(float)
    eigenvalues, eigenvectors = eigs(A, k=1, which="LR")
    if eigenvalues[0].real <= 1e-12:
        return {node: 0.0 for node in nodes}
    vector = np.abs(eigenvectors[:, 0].real)
    return dict(zip(nodes, (vector / np.linalg.norm(vector)).tolist()))


def _eigenvector_igraph(view, weight):
    strengths = None if weight is None else view.strengths(weight)  # array: sliced per part
    vector, leading = _igraph_eigenvector(view.igraph, strengths)
    if leading <= 1e-12:
        return np.zeros(view.n)  # no cycle anywhere: networkx's limit is 0
    tied = _parts_sharing_eigenvalue(view, strengths, leading)
    if len(tied) > 1:
        vector = _spread_over_parts(view, strengths, tied, leading)
    return vector / np.linalg.norm(vector)


def _igraph_eigenvector(graph, strengths):
    with warnings.catch_warnings():
        # igraph warns about disconnected graphs; the components are handled here.
        warnings.simplefilter("ignore", RuntimeWarning)
        vector, leading = graph.eigenvector_centrality(
            directed=True,
            weights=None if strengths is None else list(strengths),
            return_eigenvalue=True,
        )
    return np.abs(np.asarray(vector, dtype=float)), float(leading)


def _parts_sharing_eigenvalue(view, strengths, leading):
    """Components whose leading eigenvalue may equal the graph's.

    A component's spectral radius is at most its largest in-strength and at
    most its largest out-strength, which rules out almost every component
    without computing anything.
    """
    tails, heads = view.edges[:, 0], view.edges[:, 1]
    values = np.ones(len(tails)) if strengths is None else strengths
    into = np.bincount(heads, weights=values, minlength=view.n)
    out = np.bincount(tails, weights=values, minlength=view.n)
    if not view.directed:
        into = out = into + out
    labels = view.component_labels
    n_parts = int(labels.max()) + 1
    bound = np.minimum(_group_max(into, labels, n_parts), _group_max(out, labels, n_parts))
    return np.flatnonzero(bound >= leading * (1 - 1e-9))


def _group_max(values, labels, n_groups):
    result = np.zeros(n_groups)
    np.maximum.at(result, labels, values)
    return result


def _spread_over_parts(view, strengths, candidates, leading):
    """Limit of networkx's power iteration where components tie for the
    leading eigenvalue: the uniform start vector projected on their
    eigenvectors (Perron vectors, one per component)."""
    result = np.zeros(view.n)
    for label in candidates:
        members, graph, part_strengths = _component_igraph(view, strengths, label)
        vector, value = _igraph_eigenvector(graph, part_strengths)
        if abs(value - leading) > 1e-9 * leading or not vector.any():
            continue
        vector = vector / np.linalg.norm(vector)
        if view.directed:
            # Oblique projection on the right eigenvector along the left one.
            left, _ = _igraph_eigenvector(_reversed(graph), part_strengths)
            coefficient = left.sum() / (left @ vector)
        else:
            coefficient = vector.sum()
        result[members] = coefficient * vector
    return result


def _component_igraph(view, strengths, label):
    import igraph as ig

    labels = view.component_labels
    members = np.flatnonzero(labels == label)
    local = np.full(view.n, -1, dtype=np.int64)
    local[members] = np.arange(len(members))
    inside = labels[view.edges[:, 0]] == label
    edges = local[view.edges[inside]]
    graph = ig.Graph(n=len(members), edges=edges, directed=view.directed)
    return members, graph, None if strengths is None else strengths[inside]


def _reversed(graph):
    import igraph as ig

    edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)[:, ::-1]
    return ig.Graph(n=graph.vcount(), edges=edges, directed=True)


@engine_checked
@graph_checked
@weights_checked
def pagerank(G, alpha=0.85, weight=None, engine="auto"):
    """PageRank, summing to 1 over all actors.

    Undirected ties act as two arcs.  Actors without outgoing ties spread
    their score uniformly, so an isolate keeps the teleport share
    ``(1 - alpha) / n`` plus its part of that spread: PageRank is
    well-defined and positive for isolates, and is *not* set to 0.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    alpha : float
        Damping factor, in (0, 1].
    weight : str or None
        Tie-strength attribute (arc transition proportional to strength).
    engine : {"auto", "networkx", "igraph"}
        networkx's power iteration (run to a tolerance of 1e-13) or igraph's
        PRPACK solver; the two agree to 1e-9.

    Returns
    -------
    dict
        node -> PageRank (float); ``{}`` for an empty graph.

    Examples
    --------
    >>> import networkx as nx
    >>> {k: round(v, 3) for k, v in pagerank(nx.path_graph(3)).items()}
    {0: 0.257, 1: 0.486, 2: 0.257}

    References
    ----------
    .. [1] Brin, S. & Page, L. (1998). The anatomy of a large-scale
       hypertextual web search engine. *Computer Networks and ISDN
       Systems*, 30(1-7), 107-117.
    """
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must lie in (0, 1], got {alpha!r}")
    if G.number_of_nodes() == 0:
        return {}
    view = GraphView(G)
    return view.values(_pagerank(view, alpha, weight, resolve_engine(view.n, engine)))


def _pagerank(view, alpha, weight, engine):
    if engine == "igraph":
        strengths = view.igraph_weights(weight)
        return np.asarray(view.igraph.pagerank(directed=True, damping=alpha, weights=strengths), dtype=float)
    return view.array(_pagerank_networkx(view.G, alpha, weight))


def _pagerank_networkx(G, alpha, weight):
    # networkx stops when the L1 change is below n * tol; 1e-13 makes it
    # accurate to about 1e-12, as igraph's direct solver is.
    values = nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-13, max_iter=10_000)
    return {node: float(v) for node, v in values.items()}


@engine_checked
@graph_checked
def core_number(G, engine="auto"):
    """k-core number: the largest k such that the actor is in the k-core.

    For directed graphs both engines count in + out ties (total degree).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    engine : {"auto", "networkx", "igraph"}
        As for :func:`betweenness`.

    Returns
    -------
    dict
        node -> core number (int); isolates get 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> G.add_edge(2, 3)
    >>> core_number(G)
    {0: 2, 1: 2, 2: 2, 3: 1}

    References
    ----------
    .. [1] Seidman, S. B. (1983). Network structure and minimum degree.
       *Social Networks*, 5(3), 269-287.
    .. [2] Batagelj, V. & Zaversnik, M. (2003). An O(m) algorithm for cores
       decomposition of networks. arXiv:cs/0310049.
    """
    view = GraphView(G)
    return {node: int(v) for node, v in zip(view.nodes, _core_number(view, resolve_engine(view.n, engine)))}


def _core_number(view, engine):
    if engine == "igraph":
        return np.asarray(view.igraph.coreness(mode="all"), dtype=np.int64)
    return view.array(_core_number_networkx(view.G), dtype=np.int64)


def _core_number_networkx(G):
    return dict(nx.core_number(G))
