"""Gould-Fernandez brokerage roles, following R's ``sna::brokerage``.

Actor ``v`` brokers the ordered pair ``(a, b)`` when ``a -> v -> b`` and
there is no tie ``a -> b`` (``a``, ``v``, ``b`` distinct).  The role depends
on the groups (e.g. sectors) of the three actors:

=================  ==========================  ====================
role               two-path (groups)           sna column
=================  ==========================  ====================
coordinator        A -> A -> A                 ``w_I``
itinerant          A -> B -> A (consultant)    ``w_O``
representative     A -> A -> B                 ``b_IO``
gatekeeper         A -> B -> B                 ``b_OI``
liaison            A -> B -> C                 ``b_O``
=================  ==========================  ====================

(The column mapping is the one of sna's C code, ``brokerage_R``, and of its
help page since at least sna 2.7; tests/reference compares it with R.)

An undirected tie counts in both directions, as sna does with a symmetric
adjacency matrix, so every undirected two-path ``a - v - b`` is brokered
twice, ``a -> v -> b`` and ``b -> v -> a``; where ``a`` shares ``v``'s group
and ``b`` does not, one direction is representative and the other
gatekeeper, so on undirected graphs the two counts are equal for every
actor.  Expected counts, standard deviations and z-scores are sna's
analytic moments (Gould & Fernandez 1989): the groups are held fixed and
ties are independent with probability equal to the observed density ``d``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.sparse import csr_array

from ._checks import graph_checked
from .engine import GraphView, masked_product, sorted_nodes

__all__ = ["ROLES", "brokerage", "brokerage_summary"]

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
_ALL = ROLES + ("total",)


def _group_labels(G, attribute):
    """node -> group; ``ValueError`` naming the actors that lack one."""
    if not isinstance(attribute, str):
        raise ValueError(f"attribute must be a node attribute name, got {attribute!r}")
    labels = {}
    missing = []
    for node, value in G.nodes(data=attribute):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            missing.append(node)
        else:
            labels[node] = value
    if missing:
        shown = ", ".join(repr(n) for n in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ValueError(f"{len(missing)} actor(s) have no {attribute!r} attribute: {shown}{more}")
    return labels


def _brokerage_counts(view, codes):
    """Role counts, array ``(n, 5)`` in :data:`ROLES` order, vertex order.

    Counts open two-paths ``a -> v -> b`` (``a != b``, no tie ``a -> b``)
    through every broker ``v`` at once with sparse matrices.  Writing
    ``in_x(v)`` for ``v``'s in-neighbours in group ``x`` and ``out_y(v)`` for
    its out-neighbours in group ``y``, the two-paths from ``x`` to ``y`` are
    ``in_x(v) out_y(v)``, minus the ``a = b`` cases (reciprocated ties of
    ``v``), minus the closed ones (``a -> b`` present).  The roles only need
    five sums over ``(x, y)``: all pairs, ``x = y``, ``x = g(v)``,
    ``y = g(v)`` and ``x = y = g(v)``.  Closed two-paths are counted per arc
    ``a -> v`` as the common out-neighbours of ``a`` and ``v``: three masked
    sparse products (all groups, ``b`` in ``v``'s group, ``b`` in ``a``'s
    group).
    """
    A = view.adjacency
    n = view.n
    tails = np.repeat(np.arange(n), np.diff(A.indptr))
    heads = A.indices
    same = codes[tails] == codes[heads]  # arc within a group
    within = _arcs(tails[same], heads[same], n)  # A restricted to within-group arcs
    reciprocated = _is_reciprocated(A, tails, heads)

    def per_head(values):
        return np.bincount(heads, weights=values, minlength=n)

    def per_tail(values):
        return np.bincount(tails, weights=values, minlength=n)

    ones = np.ones(len(heads))
    into, out = per_head(ones), per_tail(ones)
    into_same, out_same = per_head(same), per_tail(same)
    mutual, mutual_same = per_head(reciprocated), per_head(reciprocated & same)
    # sum over groups x of in_x(v) out_x(v): pairs (a, b) from the same group.
    same_group_pairs = _same_group_pairs(A, tails, heads, codes, n)

    # Common out-neighbours of a and v for each arc a -> v (at A's entries).
    common = masked_product(A, csr_array(A.T), A)
    common_in_v_group = masked_product(A, csr_array(within.T), A)
    common_in_a_group = masked_product(within, csr_array(A.T), A)
    closed = per_head(common)
    closed_row = per_head(common * same)  # g(a) = g(v)
    closed_column = per_head(common_in_v_group)  # g(b) = g(v)
    closed_both = per_head(common_in_v_group * same)  # g(a) = g(b) = g(v)
    closed_diagonal = per_head(common_in_a_group)  # g(a) = g(b)

    total = into * out - mutual - closed
    diagonal = same_group_pairs - mutual - closed_diagonal
    row = into_same * out - mutual_same - closed_row
    column = into * out_same - mutual_same - closed_column
    coordinator = into_same * out_same - mutual_same - closed_both
    counts = np.column_stack(
        [
            coordinator,
            diagonal - coordinator,  # itinerant: A -> B -> A
            row - coordinator,  # representative: A -> A -> B
            column - coordinator,  # gatekeeper: A -> B -> B
            total - diagonal - row - column + 2 * coordinator,  # liaison
        ]
    )
    return np.rint(counts).astype(np.int64)


def _arcs(tails, heads, n):
    return csr_array((np.ones(len(tails)), (tails, heads)), shape=(n, n))


def _is_reciprocated(A, tails, heads):
    """For each stored arc a -> v (in CSR order), whether v -> a exists too."""
    if len(tails) == 0:
        return np.zeros(0, dtype=bool)
    n = A.shape[0]
    keys = tails * n + heads  # sorted: A is canonical CSR
    reverse = heads * n + tails
    position = np.searchsorted(keys, reverse).clip(max=len(keys) - 1)
    return keys[position] == reverse


def _same_group_pairs(A, tails, heads, codes, n):
    """sum_x in_x(v) out_x(v) for every v."""
    k = int(codes.max()) + 1 if n else 0
    into = csr_array((np.ones(len(heads)), (heads, codes[tails])), shape=(n, k))
    out = csr_array((np.ones(len(tails)), (tails, codes[heads])), shape=(n, k))
    return np.asarray(into.multiply(out).sum(axis=1)).ravel()


def _density(G):
    """Arc density as sna computes it (undirected ties count twice)."""
    n = G.number_of_nodes()
    if n < 2:
        return 0.0
    arcs = G.number_of_edges() * (1 if G.is_directed() else 2)
    return arcs / (n * (n - 1))


def _actor_moments(group_size, other_sizes, N, d):
    """Expected counts and variances for a broker whose group has
    ``group_size`` members, as in ``sna::brokerage`` (exp.grp, sd.grp)."""
    ni = float(group_size)
    others = np.asarray(other_sizes, dtype=float)
    base = d * d * (1 - d)
    cube = d**3 * (1 - d) ** 3
    expected = {
        "coordinator": base * (ni - 1) * (ni - 2),
        "itinerant": base * float(np.sum(others * (others - 1))),
        "representative": base * (N - ni) * (ni - 1),
        "liaison": base * float(np.sum(others) ** 2 - np.sum(others**2)),
        "total": base * (N - 1) * (N - 2),
    }
    expected["gatekeeper"] = expected["representative"]
    shrink = 1 - base
    variance = {
        "coordinator": expected["coordinator"] * shrink + 2 * (ni - 1) * (ni - 2) * (ni - 3) * cube,
        "itinerant": expected["itinerant"] * shrink + 2 * float(np.sum(others * (others - 1) * (others - 2))) * cube,
        "representative": expected["representative"] * shrink
        + 2 * ((ni - 1) * math.comb(int(N - ni), 2) + (N - ni) * math.comb(max(int(ni) - 1, 0), 2)) * cube,
        "liaison": expected["liaison"] * shrink + 4 * float(np.sum(others * _choose2(N - others - ni))) * cube,
        "total": expected["total"] * shrink + 2 * (N - 1) * (N - 2) * (N - 3) * cube,
    }
    variance["gatekeeper"] = variance["representative"]
    return expected, variance


def _choose2(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 2, x * (x - 1) / 2, 0.0)


def _z(observed, expected, variance):
    # A zero variance only arises when the role is impossible or the density
    # is 0 or 1; the count then equals its expectation, so z = 0 (sna: NaN).
    if variance <= 0:
        return 0.0
    return (observed - expected) / math.sqrt(variance)


@graph_checked
def brokerage(G, attribute):
    """Gould-Fernandez brokerage counts per actor, with sna's z-scores.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Undirected ties count in both directions.
    attribute : str
        Node attribute holding the group (e.g. ``"sector"`` or
        ``"municipality"``); every actor needs a value.

    Returns
    -------
    pandas.DataFrame
        Indexed by node (sorted), with integer columns ``coordinator``,
        ``itinerant``, ``representative``, ``gatekeeper``, ``liaison``,
        ``total`` (number of brokered ordered pairs), then for each of these
        six ``expected_<role>`` and ``z_<role>`` (floats) as reported by
        ``sna::brokerage`` (``exp.nli``, ``z.nli``).  z-scores whose
        variance is 0 are reported as 0 instead of NaN.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": "x", "v": "y", "b": "x"}, "sector")
    >>> brokerage(G, "sector").loc["v", ["itinerant", "total"]].tolist()
    [1, 1]

    Cost: sparse matrix products, O(sum over actors of in-degree x
    out-degree) arithmetic in compiled code and O(n + m) memory per block
    of rows (100,000 actors and 500,000 ties take seconds).

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation:
       a formal approach to brokerage in transaction networks.
       *Sociological Methodology*, 19, 89-126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal
       of Statistical Software*, 24(6) (``brokerage``).
    """
    return _brokerage_table(GraphView(G), _group_labels(G, attribute))


def _brokerage_table(view, labels):
    """The :func:`brokerage` table from a converted graph and its groups."""
    G = view.G
    groups, codes = _encode_groups(view, labels)
    counts = _brokerage_counts(view, codes) if view.n else np.zeros((0, 5), dtype=np.int64)
    observed = np.column_stack([counts, counts.sum(axis=1)])  # the five roles and total
    sizes = np.bincount(codes, minlength=len(groups)).astype(float)
    N = float(view.n)
    d = _density(G)
    expected_by_group, variance_by_group = _moments_by_group(sizes, N, d)
    expected, variance = expected_by_group[codes], variance_by_group[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        # A zero variance only arises when the role is impossible or the
        # density is 0 or 1; the count then equals its expectation, so z = 0
        # (sna: NaN).
        z = np.where(variance > 0, (observed - expected) / np.sqrt(np.where(variance > 0, variance, 1)), 0.0)
    columns = list(_ALL) + [f"expected_{r}" for r in _ALL] + [f"z_{r}" for r in _ALL]
    frame = pd.DataFrame(np.column_stack([observed, expected, z]), columns=columns)
    frame.index = pd.Index(view.nodes, name="node", tupleize_cols=False)
    frame = frame.reindex(pd.Index(sorted_nodes(G), name="node", tupleize_cols=False))
    frame[list(_ALL)] = frame[list(_ALL)].astype("int64")
    frame[columns[6:]] = frame[columns[6:]].astype("float64")
    return frame


def _encode_groups(view, labels):
    """Group values (in order of first appearance) and an int code per vertex."""
    code, groups = {}, []
    codes = np.empty(view.n, dtype=np.int64)
    for i, node in enumerate(view.nodes):
        group = labels[node]
        if group not in code:
            code[group] = len(groups)
            groups.append(group)
        codes[i] = code[group]
    return groups, codes


def _moments_by_group(sizes, N, d):
    """sna's per-actor expectations and variances, rows = groups, columns =
    the five roles and total."""
    expected = np.zeros((len(sizes), len(_ALL)))
    variance = np.zeros((len(sizes), len(_ALL)))
    for g, size in enumerate(sizes):
        others = np.delete(sizes, g)
        exp, var = _actor_moments(size, others, N, d)
        expected[g] = [exp[role] for role in _ALL]
        variance[g] = [var[role] for role in _ALL]
    return expected, variance


def brokerage_summary(G, attribute):
    """Network-level brokerage: observed totals against sna's expectations.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute holding the group.

    Returns
    -------
    pandas.DataFrame
        Indexed by role (the five roles and ``total``), with columns
        ``observed``, ``expected``, ``sd`` and ``z`` -- sna's ``raw.gli``,
        ``exp.gli``, ``sd.gli`` and ``z.gli`` (z = 0 where sd = 0).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": "x", "v": "y", "b": "x"}, "sector")
    >>> int(brokerage_summary(G, "sector").loc["itinerant", "observed"])
    1

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation.
       *Sociological Methodology*, 19, 89-126.
    """
    frame = brokerage(G, attribute)
    labels = _group_labels(G, attribute)
    n = np.asarray(list(pd.Series(labels, dtype=object).value_counts()), dtype=float)
    N = float(G.number_of_nodes())
    d = _density(G)
    expected, variance = _network_moments(n, N, d)
    rows = []
    for role in _ALL:
        observed = float(frame[role].sum()) if len(frame) else 0.0
        var = variance[role]
        rows.append(
            {
                "observed": observed,
                "expected": expected[role],
                "sd": math.sqrt(var) if var > 0 else 0.0,
                "z": _z(observed, expected[role], var),
            }
        )
    return pd.DataFrame(rows, index=pd.Index(_ALL, name="role"))


def _network_moments(n, N, d):
    """sna's ``exp.gli`` and the variances behind ``sd.gli``."""
    base = d * d * (1 - d)
    d3, d4, d5 = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    shrink = 1 - base
    expected = {
        "coordinator": base * float(np.sum(n * (n - 1) * (n - 2))),
        "itinerant": base * float(np.sum(n * (N - n) * (n - 1))),
        "representative": base * float(np.sum(n * (N - n) * (n - 1))),
        "liaison": base * float(np.sum(np.outer(n, n) * (N - n[:, None] - n[None, :])) - np.sum(n * n * (N - 2 * n))),
        "total": base * N * (N - 1) * (N - 2),
    }
    expected["gatekeeper"] = expected["representative"]
    x, y = n[:, None], n[None, :]
    variance = {
        "coordinator": expected["coordinator"] * shrink
        + float(np.sum(n * (n - 1) * (n - 2) * ((4 * n - 10) * d3 - 4 * (n - 3) * d4 + (n - 3) * d5))),
        "itinerant": expected["itinerant"] * shrink
        + float(
            np.sum(x * y * (x - 1) * ((2 * x + 2 * y - 6) * d3 + (N - x - 1) * d5))
            - np.sum(n * n * (n - 1) * ((4 * n - 6) * d3 + (N - n - 1) * d5))
        ),
        "representative": expected["representative"] * shrink
        + float(np.sum(n * (N - n) * (n - 1) * ((N - 3) * d3 + (n - 2) * d5))),
        "liaison": expected["liaison"] * shrink + _liaison_extra(n, N, d3, d4, d5),
        "total": expected["total"] * shrink
        + N * (N - 1) * (N - 2) * ((4 * N - 10) * d3 - 4 * (N - 3) * d4 + (N - 3) * d5),
    }
    variance["gatekeeper"] = variance["representative"]
    return expected, variance


def _liaison_extra(n, N, d3, d4, d5):
    total = 0.0
    k = len(n)
    for i in range(k):
        for j in range(k):
            for m in range(k):
                if i != j and j != m and i != m:
                    total += (
                        n[i]
                        * n[j]
                        * n[m]
                        * (
                            (4 * (N - n[j]) - 2 * (n[i] + n[m] + 1)) * d3
                            - (4 * (N - n[m]) - 2 * (n[i] + n[j] + 1)) * d4
                            + (N - (n[i] + n[m] + 1)) * d5
                        )
                    )
    return total
