"""Engines and source sampling for the heavy measures.

Two engines compute the path-based, spectral and community measures:

* ``"networkx"`` -- the reference: readable pure Python, slow on large graphs;
* ``"igraph"`` -- python-igraph (and leidenalg for communities): C code that
  gives the same values (tested to 1e-9) many times faster.

``engine="auto"``, the default everywhere, uses igraph for graphs with more
than :data:`AUTO_IGRAPH_ABOVE` actors when it is installed.  Smaller graphs stay
on networkx: importing python-igraph alone takes about a second, more than
networkx needs for a survey of a few hundred actors.

Betweenness, closeness and harmonic closeness need a shortest-path search from
every actor, O(n m) time: hours for a register network of 10^5 actors.  Above
:data:`APPROXIMATE_ABOVE` actors they are therefore *estimated* from a seeded
random sample of source actors (Brandes & Pich 2007; Eppstein & Wang 2004),
with a standard error beside every value.  The sample is drawn per connected
part: a part with at most ``samples`` actors uses all of them (its values are
exact, standard error 0); a larger part contributes ``samples`` sources drawn
without replacement, and the sum over its sources is scaled up by
``part size / samples``.  The cost is at most ``samples`` searches per part,
O(samples m) in all.  Both engines draw the same sources, so their estimates
agree too.

The standard error is that of a mean of the per-source contributions (with the
finite-population correction for sampling without replacement), estimated from
the spread of :data:`BATCHES` batch means: each batch is one call into the
engine, which keeps the per-call overhead low.

:class:`GraphView` converts a networkx graph once -- to an igraph graph, a
sparse adjacency matrix, edge arrays -- so that :func:`actor_measures
<skane_ecosystem.metrics.network.actor_measures>` pays for the conversion
once, not once per measure.

References
----------
.. [1] Brandes, U. & Pich, C. (2007). Centrality estimation in large
   networks. *International Journal of Bifurcation and Chaos*, 17(7),
   2303-2318.
.. [2] Eppstein, D. & Wang, J. (2004). Fast approximation of centrality.
   *Journal of Graph Algorithms and Applications*, 8(1), 39-45.
.. [3] Csardi, G. & Nepusz, T. (2006). The igraph software package for
   complex network research. *InterJournal Complex Systems*, 1695.
.. [4] Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to
   Leiden: guaranteeing well-connected communities. *Scientific Reports*,
   9, 5233.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from numbers import Integral

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components

__all__ = [
    "ENGINES",
    "AUTO_IGRAPH_ABOVE",
    "APPROXIMATE_ABOVE",
    "DEFAULT_SAMPLES",
    "BATCHES",
    "GraphView",
    "igraph_available",
    "leidenalg_available",
    "resolve_engine",
    "resolve_samples",
]

ENGINES = ("networkx", "igraph", "auto")

#: ``engine="auto"`` uses igraph for graphs with more actors than this.
AUTO_IGRAPH_ABOVE = 500

#: ``approximate=None`` samples sources for graphs with more actors than this.
#: Exact, ``actor_measures`` on 2,000 actors with 10,000 ties takes about 15 s
#: with igraph on a 2-core machine, 5,000 actors about 1.5 minutes, and the
#: cost grows with n x m; regional surveys stay far below.
APPROXIMATE_ABOVE = 2_000

#: Sources sampled per connected part when approximating.
DEFAULT_SAMPLES = 200

#: Batches the sampled sources are split into for the standard error.
BATCHES = 32

_INSTALL_HINT = "install the fast extra: pip install 'skane-ecosystem[fast]'"


# ---------------------------------------------------------------------------
# Choosing an engine and a sample
# ---------------------------------------------------------------------------


def igraph_available():
    """True when python-igraph can be imported."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def leidenalg_available():
    """True when python-igraph and leidenalg can be imported."""
    try:
        import igraph  # noqa: F401
        import leidenalg  # noqa: F401
    except ImportError:
        return False
    return True


def check_engine(engine):
    """Raise ``ValueError`` unless ``engine`` is one of :data:`ENGINES`."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")


def resolve_engine(n, engine, needs_leidenalg=False):
    """The engine that will run: ``"networkx"`` or ``"igraph"``.

    Parameters
    ----------
    n : int
        Number of actors.
    engine : {"networkx", "igraph", "auto"}
    needs_leidenalg : bool
        The measure needs leidenalg as well as igraph (communities).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown engine.
    ImportError
        When ``engine="igraph"`` is asked for but not installed.
    """
    check_engine(engine)
    if engine == "networkx" or (engine == "auto" and n <= AUTO_IGRAPH_ABOVE):
        # Decided without importing igraph: its import pulls in matplotlib (a second).
        return "networkx"
    available = leidenalg_available() if needs_leidenalg else igraph_available()
    if engine == "auto":
        return "igraph" if available else "networkx"
    if engine == "igraph" and not available:
        missing = "python-igraph and leidenalg" if needs_leidenalg else "python-igraph"
        raise ImportError(f"engine='igraph' needs {missing}; {_INSTALL_HINT}")
    return engine


def resolve_samples(n, approximate, samples):
    """Sources to sample per connected part, or ``None`` to compute exactly.

    Parameters
    ----------
    n : int
        Number of actors.
    approximate : bool or None
        ``None``: sample when ``n > APPROXIMATE_ABOVE``.
    samples : int or None
        Sources per connected part (``None``: :data:`DEFAULT_SAMPLES`), at
        least 2 so that a standard error can be estimated.

    Returns
    -------
    int or None
        ``None`` also when the sample would include every actor anyway.
    """
    if approximate not in (None, True, False):
        raise ValueError(f"approximate must be None, True or False, got {approximate!r}")
    if samples is not None and (isinstance(samples, bool) or not isinstance(samples, Integral) or samples < 2):
        raise ValueError(f"samples must be None or an int >= 2, got {samples!r}")
    if approximate is None:
        approximate = n > APPROXIMATE_ABOVE
    if not approximate:
        return None
    k = DEFAULT_SAMPLES if samples is None else int(samples)
    return None if k >= n else k


@contextmanager
def seeded_igraph_random(seed):
    """Run igraph's randomised algorithms from ``random.Random(seed)``.

    python-igraph draws from a process-wide generator (Python's ``random``
    module by default) and offers no way to read it back, so it is restored
    to that default afterwards.
    """
    import random

    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


# ---------------------------------------------------------------------------
# One conversion per graph
# ---------------------------------------------------------------------------


def sorted_nodes(G):
    """Nodes in a stable order; mixed, unorderable ids fall back to ``str``."""
    try:
        return sorted(G)
    except TypeError:
        return sorted(G, key=lambda node: (type(node).__name__, str(node)))


class GraphView:
    """A networkx graph converted once for the fast code paths.

    Vertex ``i`` of every converted form stands for ``nodes[i]`` (the graph's
    own node order); edge ``e`` is the ``e``-th edge of ``G.edges()``.  Each
    form is built on first use and then kept.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Examples
    --------
    >>> import networkx as nx
    >>> view = GraphView(nx.path_graph(["a", "b", "c"]))
    >>> view.edges.tolist()
    [[0, 1], [1, 2]]
    >>> view.values([0.5, 1.0, 0.5])
    {'a': 0.5, 'b': 1.0, 'c': 0.5}
    """

    def __init__(self, G):
        self.G = G
        self.nodes = list(G)
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.n = len(self.nodes)
        self.directed = G.is_directed()
        self._strengths = {}

    def values(self, array):
        """node -> float from an array in vertex order."""
        return {node: float(value) for node, value in zip(self.nodes, array)}

    def array(self, mapping, dtype=float):
        """Array in vertex order from a node -> value mapping."""
        return np.fromiter((mapping[node] for node in self.nodes), dtype=dtype, count=self.n)

    @cached_property
    def edges(self):
        """``(m, 2)`` int array of (tail, head) positions."""
        m = self.G.number_of_edges()
        index = self.index
        flat = np.fromiter(
            (index[node] for node in chain.from_iterable(self.G.edges())),
            dtype=np.int64,
            count=2 * m,
        )
        return flat.reshape(m, 2)

    def strengths(self, weight):
        """Tie strengths in edge order (missing = 1)."""
        if weight not in self._strengths:
            m = self.G.number_of_edges()
            self._strengths[weight] = np.fromiter(
                (value for *_, value in self.G.edges(data=weight, default=1)),
                dtype=float,
                count=m,
            )
        return self._strengths[weight]

    def igraph_weights(self, weight, as_length=False):
        """Edge values for an igraph call: tie strengths, or with ``as_length``
        the path lengths ``1 / strength``; ``None`` when ``weight`` is None.

        A plain list: some igraph functions reject numpy arrays.
        """
        if weight is None:
            return None
        values = self.strengths(weight)
        return (1.0 / values if as_length else values).tolist()

    @cached_property
    def rank(self):
        """Position of each vertex in sorted node order (for reproducible sampling)."""
        position = {node: i for i, node in enumerate(sorted_nodes(self.G))}
        return np.fromiter((position[node] for node in self.nodes), dtype=np.int64, count=self.n)

    @cached_property
    def igraph(self):
        """The graph as an ``igraph.Graph`` (no attributes)."""
        import igraph as ig

        return ig.Graph(n=self.n, edges=self.edges, directed=self.directed)

    @cached_property
    def adjacency(self):
        """Sparse 0/1 adjacency (CSR, float64): ``[u, v] = 1`` for a tie u -> v;
        symmetric for undirected graphs."""
        return self._matrix(np.ones(len(self.edges)))

    def weighted_adjacency(self, weight):
        """Sparse adjacency holding tie strengths (symmetric when undirected)."""
        return self._matrix(self.strengths(weight))

    def _matrix(self, data):
        tails, heads = self.edges[:, 0], self.edges[:, 1]
        if not self.directed:
            tails, heads = np.concatenate([tails, heads]), np.concatenate([heads, tails])
            data = np.concatenate([data, data])
        matrix = csr_array((data, (tails, heads)), shape=(self.n, self.n))
        matrix.sum_duplicates()
        matrix.sort_indices()  # canonical: code here looks entries up by (row, column)
        return matrix

    @cached_property
    def component_labels(self):
        """Weak component label of each vertex (arbitrary numbering)."""
        if self.n == 0:
            return np.zeros(0, dtype=np.int64)
        _, labels = connected_components(self.adjacency, directed=True, connection="weak")
        return labels.astype(np.int64)

    @cached_property
    def component_sizes(self):
        """Size of each vertex's weak component."""
        labels = self.component_labels
        return np.bincount(labels)[labels] if self.n else np.zeros(0, dtype=np.int64)


# ---------------------------------------------------------------------------
# Sparse products restricted to a pattern
# ---------------------------------------------------------------------------


def masked_product(X, Y, mask, budget=2**23):
    """Entries of ``X @ Y`` at the stored positions of ``mask`` (CSR, sorted).

    The product is formed a block of rows at a time, each block holding at
    most about ``budget`` partial products, so memory stays bounded even
    where the full product would be dense.
    """
    n_rows = mask.shape[0]
    out = np.zeros(mask.nnz)
    if mask.nnz == 0:
        return out
    row_of_x = np.repeat(np.arange(n_rows), np.diff(X.indptr))
    work = np.bincount(row_of_x, weights=np.diff(Y.indptr)[X.indices], minlength=n_rows)
    bounds = _blocks(np.cumsum(work), budget)
    width = mask.shape[1]
    for start, stop in zip(bounds[:-1], bounds[1:]):
        Z = csr_array(X[start:stop] @ Y)
        Z.sum_duplicates()
        Z.sort_indices()
        # Look the mask's entries up in Z by (row, column) keys; both sorted.
        z_keys = np.repeat(np.arange(stop - start), np.diff(Z.indptr)) * width + Z.indices
        if len(z_keys) == 0:
            continue
        lo, hi = mask.indptr[start], mask.indptr[stop]
        mask_rows = np.repeat(np.arange(stop - start), np.diff(mask.indptr[start : stop + 1]))
        mask_keys = mask_rows * width + mask.indices[lo:hi]
        position = np.searchsorted(z_keys, mask_keys).clip(max=len(z_keys) - 1)
        found = z_keys[position] == mask_keys
        out[lo:hi] = np.where(found, Z.data[position], 0.0)
    return out


def _blocks(cumulative_work, budget):
    """Row boundaries so that each block does about ``budget`` work."""
    n = len(cumulative_work)
    if n == 0:
        return np.array([0])
    targets = np.arange(budget, cumulative_work[-1], budget)
    cuts = np.searchsorted(cumulative_work, targets, side="right")
    return np.unique(np.concatenate([[0], cuts, [n]]))


# ---------------------------------------------------------------------------
# Source sampling
# ---------------------------------------------------------------------------


@dataclass
class SourcePlan:
    """Which sources to search from, and how to scale what they find.

    ``batches[j]`` holds vertex positions; every connected part puts its
    sources into the batches in turn, so each batch holds a near-equal share
    of every part's sources.
    """

    batches: list
    labels: np.ndarray  # component label per vertex
    part_size: np.ndarray  # actors per component label
    part_samples: np.ndarray  # sources drawn per component label
    batch_sizes: np.ndarray  # (batches, labels): sources of each part in each batch

    @property
    def sources(self):
        """Total number of sources searched from."""
        return int(self.part_samples.sum())


def plan_sources(view, samples, seed):
    """Draw up to ``samples`` sources from every connected part of ``view``.

    Parameters
    ----------
    view : GraphView
    samples : int
        Sources per part; parts with at most this many actors use all.
    seed : int
        Seed of ``numpy.random.default_rng``.  Sources are drawn from the
        members of each part in sorted node order, parts taken in the order
        of their first member, so the draw does not depend on the order in
        which the graph was built.

    Returns
    -------
    SourcePlan
    """
    labels = view.component_labels
    n_parts = int(labels.max()) + 1 if view.n else 0
    part_size = np.bincount(labels, minlength=n_parts)
    order = np.argsort(view.rank, kind="stable")  # positions in sorted node order
    large = part_size > samples
    n_batches = min(BATCHES, samples)
    # Parts searched completely need no standard error: any split will do.
    complete = order[~large[labels[order]]]
    batch_lists = [[share] for share in np.array_split(complete, n_batches)]
    part_samples = np.where(large, samples, part_size)
    batch_sizes = np.zeros((n_batches, n_parts), dtype=np.int64)
    rng = np.random.default_rng(seed)
    for label, members in _large_parts_in_order(labels, view.rank, large):
        chosen = rng.choice(members, size=samples, replace=False)
        for j in range(n_batches):
            share = chosen[j::n_batches]
            batch_lists[j].append(share)
            batch_sizes[j, label] = len(share)
    batches = [np.concatenate(b).astype(np.int64) for b in batch_lists]
    return SourcePlan(batches, labels, part_size, part_samples, batch_sizes)


def _large_parts_in_order(labels, rank, large):
    """``(label, members)`` of each large part, members in sorted node order,
    parts ordered by their first member."""
    positions = np.flatnonzero(large[labels])
    if positions.size == 0:
        return []
    positions = positions[np.argsort(rank[positions], kind="stable")]
    grouping = np.argsort(labels[positions], kind="stable")
    positions = positions[grouping]
    unique, starts = np.unique(labels[positions], return_index=True)
    groups = np.split(positions, starts[1:])
    first_rank = [rank[group[0]] for group in groups]
    return [(int(unique[i]), groups[i]) for i in np.argsort(first_rank, kind="stable")]


@dataclass
class Estimate:
    """Estimated totals per vertex: ``total[c]`` for each accumulated quantity
    ``c`` and their covariance ``cov[c, d]`` (0 where computed exactly)."""

    total: np.ndarray  # (quantities, n)
    cov: np.ndarray  # (quantities, quantities, n)

    def se(self, c=0):
        return np.sqrt(np.maximum(self.cov[c, c], 0.0))


def estimate_totals(plan, contribution, n, quantities=1):
    """Estimate per-vertex totals over all sources from the sampled ones.

    Parameters
    ----------
    plan : SourcePlan
    contribution : callable
        ``contribution(sources)`` -> array ``(quantities, n)`` (or ``(n,)``
        for one quantity): what the given sources add to every vertex.
        Sources only reach vertices of their own part.
    n : int
    quantities : int

    Returns
    -------
    Estimate
        ``total = part size / sources drawn x sum over the drawn sources``,
        and the covariance of that estimate from the batch means, with the
        finite-population correction (0 for parts searched completely).
    """
    labels = plan.labels
    drawn = plan.part_samples[labels].astype(float)
    size = plan.part_size[labels].astype(float)
    sum_all = np.zeros((quantities, n))
    sum_squares = np.zeros((quantities, quantities, n))  # sum_j T_j T_j^T / b_j
    for j, batch in enumerate(plan.batches):
        if batch.size == 0:
            continue
        T = np.asarray(contribution(batch), dtype=float).reshape(quantities, n)
        b = plan.batch_sizes[j][labels].astype(float)
        sum_all += T
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = np.where(b > 0, T / np.where(b > 0, b, 1.0), 0.0)
        sum_squares += T[:, None, :] * scaled[None, :, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(drawn > 0, sum_all / np.where(drawn > 0, drawn, 1.0), 0.0)
    total = mean * size
    batches_used = np.minimum(len(plan.batches), plan.part_samples)[labels].astype(float)
    # Between-batch mean square: sum_j b_j (m_j - mean)(m_j - mean)^T / (B - 1)
    # estimates the per-source covariance.
    spread = sum_squares - drawn * mean[:, None, :] * mean[None, :, :]
    sampled = (drawn < size) & (batches_used > 1)
    per_source = np.zeros_like(spread)
    per_source[..., sampled] = spread[..., sampled] / (batches_used[sampled] - 1)
    correction = np.zeros(n)
    correction[sampled] = size[sampled] ** 2 / drawn[sampled] * (size[sampled] - drawn[sampled]) / (size[sampled] - 1)
    return Estimate(total, per_source * correction)


def delta_se(estimate, gradients):
    """Delta-method standard error of ``f(totals)`` per vertex.

    Parameters
    ----------
    estimate : Estimate
    gradients : array ``(quantities, n)``
        Partial derivatives of ``f`` at the estimated totals.
    """
    g = np.asarray(gradients, dtype=float)
    variance = np.einsum("cn,cdn,dn->n", g, estimate.cov, g)
    return np.sqrt(np.maximum(variance, 0.0))


def finite(values):
    """Replace NaN and infinities (undefined cases) by 0."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), values, 0.0)


def is_integer(value):
    return isinstance(value, Integral) and not isinstance(value, bool)
