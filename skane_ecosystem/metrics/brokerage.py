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

(The column mapping is the one in sna's C code, ``brokerage_R``; the
help page of sna swaps the *names* of ``b_IO`` and ``b_OI`` in its prose,
but the counts and their expectations are symmetric in the two.)

An undirected tie counts in both directions, as sna does after symmetrising
the edge list.  Expected counts, standard deviations and z-scores are sna's
analytic moments (Gould & Fernandez 1989): the groups are held fixed and
ties are independent with probability equal to the observed density ``d``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .centrality import _check_graph, _sorted_nodes

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
        raise ValueError(
            f"{len(missing)} actor(s) have no {attribute!r} attribute: {shown}{more}"
        )
    return labels


def _role(group_a, group_v, group_b):
    if group_a == group_v:
        return "coordinator" if group_v == group_b else "representative"
    if group_v == group_b:
        return "gatekeeper"
    if group_a == group_b:
        return "itinerant"
    return "liaison"


def _brokerage_counts(G, labels):
    """node -> {role: count}, walking the open two-paths through each broker."""
    successors = G.succ if G.is_directed() else G.adj
    predecessors = G.pred if G.is_directed() else G.adj
    counts = {node: dict.fromkeys(ROLES, 0) for node in G}
    for v in G:
        for a in predecessors[v]:
            for b in successors[v]:
                if a == b or b in successors[a]:
                    continue
                counts[v][_role(labels[a], labels[v], labels[b])] += 1
    return counts


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
        "coordinator": expected["coordinator"] * shrink
        + 2 * (ni - 1) * (ni - 2) * (ni - 3) * cube,
        "itinerant": expected["itinerant"] * shrink
        + 2 * float(np.sum(others * (others - 1) * (others - 2))) * cube,
        "representative": expected["representative"] * shrink
        + 2 * ((ni - 1) * math.comb(int(N - ni), 2) + (N - ni) * math.comb(max(int(ni) - 1, 0), 2)) * cube,
        "liaison": expected["liaison"] * shrink
        + 4 * float(np.sum(others * _choose2(N - others - ni))) * cube,
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

    Cost: O(sum over actors of in-degree x out-degree).

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation:
       a formal approach to brokerage in transaction networks.
       *Sociological Methodology*, 19, 89-126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal
       of Statistical Software*, 24(6) (``brokerage``).
    """
    _check_graph(G)
    labels = _group_labels(G, attribute)
    nodes = _sorted_nodes(G)
    counts = _brokerage_counts(G, labels)
    sizes = pd.Series(labels, dtype=object).value_counts() if labels else pd.Series(dtype=int)
    N = float(G.number_of_nodes())
    d = _density(G)
    moments = {}
    for group, size in sizes.items():
        others = [s for g, s in sizes.items() if g != group]
        moments[group] = _actor_moments(size, others, N, d)
    rows = []
    for node in nodes:
        observed = dict(counts[node])
        observed["total"] = sum(observed.values())
        expected, variance = moments[labels[node]]
        row = {role: observed[role] for role in _ALL}
        row.update({f"expected_{role}": expected[role] for role in _ALL})
        row.update({f"z_{role}": _z(observed[role], expected[role], variance[role]) for role in _ALL})
        rows.append(row)
    columns = list(_ALL) + [f"expected_{r}" for r in _ALL] + [f"z_{r}" for r in _ALL]
    frame = pd.DataFrame(rows, index=pd.Index(nodes, name="node"), columns=columns)
    frame[list(_ALL)] = frame[list(_ALL)].astype("int64")
    frame[columns[6:]] = frame[columns[6:]].astype("float64")
    return frame


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
        "liaison": base
        * float(np.sum(np.outer(n, n) * (N - n[:, None] - n[None, :])) - np.sum(n * n * (N - 2 * n))),
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
                    total += n[i] * n[j] * n[m] * (
                        (4 * (N - n[j]) - 2 * (n[i] + n[m] + 1)) * d3
                        - (4 * (N - n[m]) - 2 * (n[i] + n[j] + 1)) * d4
                        + (N - (n[i] + n[m] + 1)) * d5
                    )
    return total
