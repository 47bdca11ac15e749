"""Core-periphery: Borgatti and Everett's discrete and continuous models.

Is there a densely tied core that the periphery attaches to, and who is in
it?  The discrete model splits the actors into core and periphery (exact up to
:data:`CORE_PERIPHERY_EXACT_UP_TO` actors, a multi-start tabu search above);
the continuous model gives every actor a coreness.  For register-scale
networks use the k-core (:func:`~.centrality.core_number`).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ._checks import graph_checked, weights_checked
from .engine import sorted_nodes

__all__ = [
    "core_periphery",
    "CorePeriphery",
    "CORE_PERIPHERY_MAX_ACTORS",
    "CORE_PERIPHERY_EXACT_UP_TO",
    "CORE_PERIPHERY_STARTS",
    "CORE_PERIPHERY_MOVES_PER_ACTOR",
]


#: :func:`core_periphery` refuses graphs with more actors than this.
CORE_PERIPHERY_MAX_ACTORS = 5_000

#: Up to this many actors the discrete split is found by exhaustive search
#: over all ``2^n`` splits (65,536 at 16 actors, a fraction of a second).
CORE_PERIPHERY_EXACT_UP_TO = 16

#: Default number of starts of the multi-start search on larger graphs.
CORE_PERIPHERY_STARTS = 10

#: Default budget of tabu moves per start: this many per actor.
CORE_PERIPHERY_MOVES_PER_ACTOR = 100

# Fits closer than this are equally good (rounding of the running sums).
_FIT_TIE = 1e-12


class CorePeriphery(tuple):
    """What :func:`core_periphery` returns: unpacks as ``(membership, fit)``.

    Attributes
    ----------
    membership : dict
        Node -> 1 (core) / 0 (periphery), or node -> coreness.
    fit : float
        Pearson correlation with the ideal pattern.
    search : {"exhaustive", "multi-start", "coordinate descent"}
        How the answer was found: every split (exact), the best of several
        local searches (discrete model above
        :data:`CORE_PERIPHERY_EXACT_UP_TO` actors), or the continuous
        model's coordinate updates.
    starts : int or None
        Multi-start search: the number of starts.
    starts_at_best : int or None
        Multi-start search: how many starts ended at the best fit (within
        1e-12).  Many agreeing starts are evidence, not proof, that no
        better split exists.
    converged : bool
        Every local search (or the coordinate updates) stopped because
        nothing improved, not because ``max_iter`` ran out.  Always true for
        exhaustive search.
    """

    def __new__(cls, membership, fit, search, starts=None, starts_at_best=None, converged=True):
        result = super().__new__(cls, (membership, fit))
        result.search = search
        result.starts = starts
        result.starts_at_best = starts_at_best
        result.converged = converged
        return result

    def __getnewargs__(self):
        return (*self, self.search, self.starts, self.starts_at_best, self.converged)

    @property
    def membership(self):
        return self[0]

    @property
    def fit(self):
        return self[1]

    def __repr__(self):
        return (
            f"CorePeriphery(fit={self.fit!r}, search={self.search!r}, starts={self.starts!r}, "
            f"starts_at_best={self.starts_at_best!r}, converged={self.converged!r})"
        )


@graph_checked
@weights_checked
def core_periphery(
    G,
    kind="discrete",
    core_periphery_ties="ignore",
    weight=None,
    max_iter=None,
    n_starts=None,
    seed=0,
    max_actors=None,
):
    """Borgatti-Everett core-periphery model and its fit.

    *Discrete*: split the actors into core and periphery so that the
    adjacency matrix correlates best with the ideal pattern -- core-core
    pairs tied (1), periphery-periphery pairs not (0) and core-periphery
    pairs either left out of the correlation
    (``core_periphery_ties="ignore"``, B&E's model with the off-diagonal
    blocks treated as missing) or expected to be tied (``"present"``, B&E's
    first pattern matrix).  Pairs are ordered (``a_ij`` and ``a_ji`` both
    count) and the diagonal is left out.

    - Up to :data:`CORE_PERIPHERY_EXACT_UP_TO` (16) actors the answer is
      *exact*: every one of the ``2^n`` splits is scored, vectorised
      (O(2^n n^2) arithmetic; 16 actors take well under a second).
    - Larger graphs: a multi-start tabu search.  The first start is the
      best split of the actors ordered by degree into a top-k core; the
      other ``n_starts - 1`` are random (each actor in the core with a
      probability itself drawn uniformly, from ``seed``).  From each start
      a tabu search (Glover 1989) flips single actors between core and
      periphery, taking the best flip even when it lowers the fit and
      barring recently flipped actors from flipping back, so that it
      walks out of local optima; it stops after ``5 n`` moves without a
      better split.  Its best split is then polished by best-improvement
      flips and core-periphery swaps until neither improves.  The best
      split of all starts is returned, with how many starts reached its
      fit (``starts_at_best``): when most agree, a better split is
      unlikely, though not excluded.  Cost: O(n) per tabu move, at least
      ``5 n`` moves per start, so O(n_starts n^2) and more where better
      splits keep turning up, plus O(n^2) per polishing move (148
      actors: about 0.4 s; 300 actors: about 1 s).

    Equally good splits (fits within 1e-12) are broken deterministically:
    the smallest core wins, then the core whose members come first in
    sorted node order.  Splits with an empty or full core, or whose
    pattern is otherwise constant, have fit 0; so a graph without any
    positively correlated split gets an empty core and fit 0.

    *Continuous*: coreness ``c`` minimising ``sum_{i != j} (a_ij - c_i
    c_j)^2`` by exact coordinate updates (monotone, deterministic), scaled
    to unit length; the fit is the correlation of ``a_ij`` with ``c_i c_j``.
    Directed ties are symmetrised as ``(a_ij + a_ji) / 2``.  Cost: O(n^2)
    per sweep, at most ``max_iter`` sweeps.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    kind : {"discrete", "continuous"}
    core_periphery_ties : {"ignore", "present"}
        Discrete model only; see above.
    weight : str or None
        Tie-strength attribute used as ``a_ij`` (``None``: 0/1).
    max_iter : int or None
        Budget of moves per start (discrete, default ``100 n``) or of
        sweeps (continuous, default 1000).  A search that hits it reports
        ``converged=False``.
    n_starts : int or None
        Discrete model above the exhaustive limit: number of starts (the
        first is the best degree split); ``None`` for
        :data:`CORE_PERIPHERY_STARTS`.  Unused on smaller graphs.
    seed : int
        Seed for the random starts.
    max_actors : int
        Refuse larger graphs (default :data:`CORE_PERIPHERY_MAX_ACTORS`):
        the model works on dense ``n x n`` matrices, four of them, so 5,000
        actors already take 800 MB.  For register-scale networks use the
        k-core (:func:`~skane_ecosystem.metrics.centrality.core_number`).

    Returns
    -------
    CorePeriphery
        A ``(membership, fit)`` pair.  Discrete: node -> 1 (core) or 0
        (periphery); continuous: node -> coreness >= 0.  The fit is the
        Pearson correlation, 0 when undefined (no ties, or fewer than two
        actors).  Its attributes say how it was found (``search``,
        ``starts``, ``starts_at_best``, ``converged``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(3)  # core 0-2, each with one pendant
    >>> G.add_edges_from([(0, 3), (1, 4), (2, 5)])
    >>> membership, fit = core_periphery(G)
    >>> membership
    {0: 1, 1: 1, 2: 1, 3: 0, 4: 0, 5: 0}
    >>> fit
    1.0
    >>> core_periphery(G).search
    'exhaustive'

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1999). Models of
       core/periphery structures. *Social Networks*, 21(4), 375-395.
    .. [2] Glover, F. (1989). Tabu search -- Part I. *ORSA Journal on
       Computing*, 1(3), 190-206.
    """
    if kind not in ("discrete", "continuous"):
        raise ValueError(f"kind must be 'discrete' or 'continuous', got {kind!r}")
    if core_periphery_ties not in ("ignore", "present"):
        raise ValueError(f"core_periphery_ties must be 'ignore' or 'present', got {core_periphery_ties!r}")
    if max_iter is not None and (isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 0):
        raise ValueError(f"max_iter must be None or a non-negative int, got {max_iter!r}")
    if n_starts is None:
        n_starts = CORE_PERIPHERY_STARTS
    if isinstance(n_starts, bool) or not isinstance(n_starts, int) or n_starts < 1:
        raise ValueError(f"n_starts must be None or a positive int, got {n_starts!r}")
    limit = CORE_PERIPHERY_MAX_ACTORS if max_actors is None else max_actors
    if G.number_of_nodes() > limit:
        raise ValueError(
            f"core_periphery works on dense {G.number_of_nodes()} x {G.number_of_nodes()} "
            f"matrices; graphs above {limit} actors are refused (memory).  Use "
            "core_number() for a k-core instead, or pass a larger max_actors."
        )
    nodes = sorted_nodes(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight=weight) if nodes else np.zeros((0, 0))
    if kind == "continuous":
        coreness, fit, converged = _continuous_core(A, 1000 if max_iter is None else max_iter)
        membership = dict(zip(nodes, coreness.tolist()))
        return CorePeriphery(membership, fit, "coordinate descent", converged=converged)
    result = _discrete_core(A, core_periphery_ties, max_iter, n_starts, seed)
    membership = {node: int(flag) for node, flag in zip(nodes, result.pop("core"))}
    return CorePeriphery(membership, **result)


def _pearson(count, sum_a, sum_d, sum_ad, sum_aa):
    """Correlation of a with a 0/1 pattern d from sums (arrays allowed)."""
    count = np.asarray(count, dtype=float)
    numerator = count * sum_ad - sum_a * sum_d
    spread_a = count * sum_aa - sum_a**2
    spread_d = count * sum_d - sum_d**2
    denominator = spread_a * spread_d
    safe = denominator > 1e-12
    return np.where(safe, numerator / np.sqrt(np.where(safe, denominator, 1.0)), 0.0)


class _DiscreteFit:
    """Fit of core/periphery splits from block sums: of a batch of splits,
    and of every single-actor flip or core-periphery swap of one split.

    A split is a boolean vector ``x`` (True = core).  The fit needs only
    the core size and, for the core-core and periphery-periphery blocks,
    the sums of ``a_ij`` and of ``a_ij^2``; a move changes those sums by
    row sums of ``S = A + A^T``, so every move of a split is scored in
    O(n^2) at once.  The diagonal of ``A`` is zero (no self-loops).
    """

    def __init__(self, A, variant):
        self.A = A
        self.A2 = A**2
        self.S = A + A.T
        self.S2 = self.A2 + self.A2.T
        self.n = A.shape[0]
        self.total = A.sum()
        self.total2 = self.A2.sum()
        self.variant = variant

    def _fit(self, c, s_cc, s_pp, q_cc, q_pp):
        c = np.asarray(c, dtype=float)
        p = self.n - c
        cc_pairs, pp_pairs = c * (c - 1), p * (p - 1)
        if self.variant == "ignore":
            return _pearson(cc_pairs + pp_pairs, s_cc + s_pp, cc_pairs, s_cc, q_cc + q_pp)
        all_pairs = self.n * (self.n - 1)
        tied = all_pairs - pp_pairs
        return _pearson(all_pairs, self.total, tied, self.total - s_pp, self.total2)

    def fits(self, X):
        """Fit of each row of the boolean matrix ``X`` (one split a row)."""
        core = X.astype(float)
        periphery = 1.0 - core
        return self._fit(
            core.sum(axis=1),
            ((core @ self.A) * core).sum(axis=1),
            ((periphery @ self.A) * periphery).sum(axis=1),
            ((core @ self.A2) * core).sum(axis=1),
            ((periphery @ self.A2) * periphery).sum(axis=1),
        )

    def fit(self, x):
        return float(self.fits(x[np.newaxis, :])[0])

    def _block_sums(self, x):
        xf = x.astype(float)
        yf = 1.0 - xf
        return xf @ self.A @ xf, yf @ self.A @ yf, xf @ self.A2 @ xf, yf @ self.A2 @ yf

    def swap_fits(self, x):
        """Fit after swapping core actor ``i`` with periphery actor ``j``:
        a (core x periphery) array, rows and columns in node order."""
        xf = x.astype(float)
        yf = 1.0 - xf
        core, periphery = np.flatnonzero(x), np.flatnonzero(~x)
        s_cc, s_pp, q_cc, q_pp = self._block_sums(x)
        # i leaves the core and j joins it: the core sum loses i's ties to
        # the core and gains j's ties to the core without i; likewise for
        # the periphery, which j leaves and i joins.
        pair = np.ix_(core, periphery)
        to_core, to_per = self.S @ xf, self.S @ yf
        to_core2, to_per2 = self.S2 @ xf, self.S2 @ yf
        return self._fit(
            len(core),
            s_cc - to_core[core, None] + to_core[None, periphery] - self.S[pair],
            s_pp - to_per[None, periphery] + to_per[core, None] - self.S[pair],
            q_cc - to_core2[core, None] + to_core2[None, periphery] - self.S2[pair],
            q_pp - to_per2[None, periphery] + to_per2[core, None] - self.S2[pair],
        )


def _discrete_core(A, variant, max_iter, n_starts, seed):
    """Best split as a dict: ``core`` (boolean array) and the fields of
    :class:`CorePeriphery` (``fit``, ``search``, ...)."""
    n = A.shape[0]
    if n < 2 or not A.any():
        return {"core": np.zeros(n, dtype=bool), "fit": 0.0, "search": "exhaustive"}
    scorer = _DiscreteFit(A, variant)
    if n <= CORE_PERIPHERY_EXACT_UP_TO:
        return _exhaustive_core(scorer)
    return _multi_start_core(scorer, max_iter, n_starts, seed)


def _exhaustive_core(scorer):
    """Score all ``2^n`` splits (bit ``i`` of the row number = actor ``i``)."""
    n = scorer.n
    splits = (np.arange(2**n)[:, np.newaxis] >> np.arange(n)) & 1
    splits = splits.astype(bool)
    fits = scorer.fits(splits)
    best = fits.max()
    chosen = _preferred(splits[fits >= best - _FIT_TIE])
    return {"core": chosen, "fit": scorer.fit(chosen), "search": "exhaustive"}


def _preferred(splits):
    """Among equally good splits (rows), the smallest core, then the core
    whose members come first in node order."""
    n = splits.shape[1]
    # np.lexsort sorts by its last key first: core size, then actor 0 in
    # the core before out of it, then actor 1, ...
    keys = [~splits[:, i] for i in reversed(range(n))] + [splits.sum(axis=1)]
    return splits[np.lexsort(keys)[0]]


def _multi_start_core(scorer, max_iter, n_starts, seed):
    rng = np.random.default_rng(seed)
    max_moves = max_iter if max_iter is not None else CORE_PERIPHERY_MOVES_PER_ACTOR * scorer.n
    ends, fits, converged = [], [], True
    for start in range(n_starts):
        if start == 0:
            x = _best_degree_split(scorer)
        else:
            x = rng.random(scorer.n) < rng.random()
        x, settled = _tabu_search(x, scorer, rng, max_moves)
        x, fit, at_local_optimum = _local_search(x, scorer, max_moves)
        ends.append(x)
        fits.append(fit)
        converged = converged and settled and at_local_optimum
    fits = np.array(fits)
    at_best = fits >= fits.max() - _FIT_TIE
    chosen = _preferred(np.array(ends)[at_best])
    return {
        "core": chosen,
        "fit": scorer.fit(chosen),
        "search": "multi-start",
        "starts": n_starts,
        "starts_at_best": int(at_best.sum()),
        "converged": converged,
    }


def _best_degree_split(scorer):
    """The best split of the actors, ordered by degree, into a top-k core.

    The block sums of all ``n - 1`` prefixes come from cumulative sums of
    the reordered ``S`` (O(n^2)): the core gains the ties of each new
    member to the members before it; the periphery is the suffix.
    """
    A = scorer.A
    # Stable sort keeps node order among equal degrees.
    order = np.argsort(-(A.sum(axis=0) + A.sum(axis=1)), kind="stable")
    sizes = np.arange(1, scorer.n)
    prefix_sums = []
    for S in (scorer.S, scorer.S2):
        ordered = S[np.ix_(order, order)]
        to_earlier = np.tril(ordered, -1).sum(axis=1)  # ties to earlier actors
        to_later = np.triu(ordered, 1).sum(axis=1)  # ties to later actors
        in_core = np.cumsum(to_earlier)[sizes - 1]
        in_periphery = np.cumsum(to_later[::-1])[::-1][sizes]
        prefix_sums.append((in_core, in_periphery))
    (s_cc, s_pp), (q_cc, q_pp) = prefix_sums
    size = int(sizes[int(np.argmax(scorer._fit(sizes, s_cc, s_pp, q_cc, q_pp)))])
    x = np.zeros(scorer.n, dtype=bool)
    x[order[:size]] = True
    return x


def _tabu_search(x, scorer, rng, max_moves):
    """Tabu search over single-actor flips from ``x`` (Glover 1989).

    Each move makes the best flip, even one that lowers the fit, except
    that an actor just flipped may not flip back for a while (``tenure``
    moves plus a random part, so the search cannot cycle) unless that
    gives a better split than any seen.  Walking through worse splits is
    what lets it leave the local optima that plain improvement stops in.
    It stops after ``5 n`` moves without a better split (returns the best
    split and True) or after ``max_moves`` (the best split and False).
    Each move costs O(n): the flip gains are updated, not recomputed.
    """
    flips = _FlipGains(scorer, x)
    best_x, best_fit = flips.x.copy(), flips.fit
    tenure = max(5, scorer.n // 20)
    tabu_until = np.zeros(scorer.n, dtype=np.int64)
    since_best = 0
    for move in range(max_moves):
        fits = flips.fits()
        allowed = (tabu_until <= move) | (fits > best_fit + _FIT_TIE)
        actor = int(np.argmax(np.where(allowed, fits, -np.inf)))
        flips.flip(actor, float(fits[actor]))
        tabu_until[actor] = move + tenure + rng.integers(tenure)
        if flips.fit > best_fit + _FIT_TIE:
            best_x, best_fit, since_best = flips.x.copy(), flips.fit, 0
        else:
            since_best += 1
            if since_best >= 5 * scorer.n:
                return best_x, True
    return best_x, False


class _FlipGains:
    """A split with the block sums and every actor's ties to core and
    periphery kept up to date, so all flip fits cost O(n) per move."""

    def __init__(self, scorer, x):
        self.scorer = scorer
        self.x = x.copy()
        core = self.x.astype(float)
        periphery = 1.0 - core
        self.to_core, self.to_periphery = scorer.S @ core, scorer.S @ periphery
        self.to_core2, self.to_periphery2 = scorer.S2 @ core, scorer.S2 @ periphery
        self.sums = np.array(scorer._block_sums(self.x))  # s_cc, s_pp, q_cc, q_pp
        self.fit = scorer.fit(self.x)

    def _moved_sums(self):
        """Block sums after each flip: a core actor leaving takes its core
        ties out of the core block and adds its periphery ties to the
        periphery block; a periphery actor joining does the reverse."""
        sign = np.where(self.x, -1.0, 1.0)
        s_cc, s_pp, q_cc, q_pp = self.sums
        return sign, (
            s_cc + sign * self.to_core,
            s_pp - sign * self.to_periphery,
            q_cc + sign * self.to_core2,
            q_pp - sign * self.to_periphery2,
        )

    def fits(self):
        sign, moved = self._moved_sums()
        return self.scorer._fit(self.x.sum() + sign, *moved)

    def flip(self, actor, fit):
        sign, moved = self._moved_sums()
        self.sums = np.array([block[actor] for block in moved])
        column, column2 = self.scorer.S[:, actor], self.scorer.S2[:, actor]
        self.to_core += sign[actor] * column
        self.to_periphery -= sign[actor] * column
        self.to_core2 += sign[actor] * column2
        self.to_periphery2 -= sign[actor] * column2
        self.x[actor] = not self.x[actor]
        self.fit = fit


def _local_search(x, scorer, max_iter):
    """Best-improvement flips, then swaps when no flip helps, from ``x``.

    Returns (split, fit, converged): converged is True when the search
    stopped because no flip or swap improves the fit by more than 1e-12,
    False when ``max_iter`` moves ran out first.
    """
    x = x.copy()
    fit = scorer.fit(x)
    for _ in range(max_iter):
        move = _best_flip(x, scorer, fit) or _best_swap(x, scorer, fit)
        if move is None:
            return x, fit, True
        actors, fit = move
        x[list(actors)] = ~x[list(actors)]
    return x, fit, _best_flip(x, scorer, fit) is None and _best_swap(x, scorer, fit) is None


def _best_flip(x, scorer, fit):
    """(actors to move, new fit) of the best improving flip, or None."""
    candidates = _FlipGains(scorer, x).fits()
    best = int(np.argmax(candidates))
    if candidates[best] <= fit + _FIT_TIE:
        return None
    return (best,), float(candidates[best])


def _best_swap(x, scorer, fit):
    """(actors to move, new fit) of the best improving swap, or None."""
    if x.all() or not x.any():
        return None
    candidates = scorer.swap_fits(x)
    i, j = np.unravel_index(int(np.argmax(candidates)), candidates.shape)
    if candidates[i, j] <= fit + _FIT_TIE:
        return None
    return (np.flatnonzero(x)[i], np.flatnonzero(~x)[j]), float(candidates[i, j])


def _continuous_core(A, max_iter, tol=1e-12):
    """(coreness, fit, converged) of the continuous model."""
    n = A.shape[0]
    if n < 2 or not A.any():
        return np.zeros(n), 0.0, True
    S = (A + A.T) / 2.0
    c = S.sum(axis=1)
    c = c / np.linalg.norm(c)
    converged = False
    for _ in range(max_iter):
        previous = c.copy()
        for i in range(n):
            others = c @ c - c[i] ** 2
            c[i] = (S[i] @ c) / others if others > 0 else 0.0
        if np.abs(c - previous).max() < tol * max(1.0, np.abs(c).max()):
            converged = True
            break
    c = c / np.linalg.norm(c)
    off_diagonal = ~np.eye(n, dtype=bool)
    ideal = np.outer(c, c)[off_diagonal]
    observed = S[off_diagonal]
    if ideal.std() == 0 or observed.std() == 0:
        return c, 0.0, converged
    return c, float(np.corrcoef(observed, ideal)[0, 1]), converged
