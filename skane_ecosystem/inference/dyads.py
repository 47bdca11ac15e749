"""Networks as n×n arrays and dyad vectors: what every test in this package reads.

A network with n actors has n(n-1) ordered dyads (directed) or n(n-1)/2 unordered
ones (undirected); self-ties are never counted, as in sna's default ``diag=FALSE``.
Graphs and arrays are accepted alike, aligned on one node order, and refused when
they are too large to hold as dense arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np

__all__ = [
    "MAX_ACTORS",
    "MAX_PERMUTATIONS",
    "as_matrix",
    "node_order",
    "dyad_mask",
    "dyad_vector",
    "is_directed",
    "check_permutations",
    "permuted",
    "permutation_p_values",
]

#: Most actors a test here accepts (3,000).  Every term is held as a dense n×n array
#: of floats (72 MB at 3,000 actors) and each permutation copies one; far larger
#: networks need sparse dyad sampling, which these tests do not do.
MAX_ACTORS = 3_000

#: Most permutations a test accepts (100,000).  With 10,000 the Monte Carlo error of
#: a p-value near 0.05 is already about 0.002; more only costs time.
MAX_PERMUTATIONS = 100_000


def node_order(*networks, nodelist: Sequence | None = None) -> list | None:
    """The node order to align on: ``nodelist``, else the first graph's nodes, else None.

    Arrays carry no node names, so with arrays only the order is their row order.
    """
    if nodelist is not None:
        return list(nodelist)
    for network in networks:
        if isinstance(network, nx.Graph):
            return list(network.nodes)
    return None


def as_matrix(network, nodes: list | None, *, name: str, weight: str | None = "weight") -> np.ndarray:
    """``network`` (a graph or a square array) as a float n×n array in the order ``nodes``.

    Parameters
    ----------
    network : networkx.Graph or array_like
        A graph (its ``weight`` attribute, 1 where absent) or a square array.
    nodes : list or None
        The node order; required to read a graph.
    name : str
        What the caller calls this network, for error messages.
    weight : str or None
        The edge attribute to read from a graph; None reads presence (1/0).

    Returns
    -------
    numpy.ndarray
        A float array; its diagonal is kept but never read.
    """
    if isinstance(network, nx.Graph):
        known = set(nodes)
        missing = [node for node in network if node not in known]
        absent = [node for node in nodes if node not in network]
        if missing or absent:
            raise ValueError(
                f"{name} has different actors from the first network (not in it: {sorted(map(str, missing))[:5]}; "
                f"missing: {sorted(map(str, absent))[:5]}); give every network the same nodes or pass nodelist="
            )
        matrix = nx.to_numpy_array(network, nodelist=nodes, weight=weight, dtype=float)
    else:
        matrix = np.asarray(network, dtype=float)
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise ValueError(f"{name} must be a square n×n array or a networkx graph, not shape {matrix.shape}")
        if nodes is not None and matrix.shape[0] != len(nodes):
            raise ValueError(f"{name} has {matrix.shape[0]} rows but the networks have {len(nodes)} actors")
    _check_size(matrix.shape[0], name)
    if not np.all(np.isfinite(matrix)):
        raise ValueError(f"{name} holds missing or infinite values; fill them (e.g. with 0) before testing")
    return matrix


def _check_size(n: int, name: str) -> None:
    if n < 3:
        raise ValueError(f"{name} has {n} actors; a permutation test needs at least 3")
    if n > MAX_ACTORS:
        raise ValueError(
            f"{name} has {n} actors, more than the {MAX_ACTORS:,} these dense n×n tests hold; "
            "test a sample of actors or a subgraph (one region, one sector) instead"
        )


def is_directed(networks, directed: bool | None) -> bool:
    """``directed`` if given; else directed unless every network is undirected or symmetric."""
    if directed is not None:
        return bool(directed)
    for network in networks:
        if isinstance(network, nx.Graph):
            if network.is_directed():
                return True
        elif not np.array_equal(network, network.T):
            return True
    return False


def dyad_mask(n: int, directed: bool) -> np.ndarray:
    """A boolean n×n mask of the dyads counted: off-diagonal, or the lower triangle if undirected.

    The lower triangle is the one sna's ``gvectorize`` keeps for ``mode="graph"``.
    """
    if directed:
        return ~np.eye(n, dtype=bool)
    return np.tri(n, k=-1, dtype=bool)


def dyad_vector(matrix: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The values of ``matrix`` on the dyads of ``mask``, in one fixed order."""
    return matrix[mask]


def check_permutations(n_permutations) -> int:
    """``n_permutations`` as an int, if between 1 and :data:`MAX_PERMUTATIONS`."""
    if isinstance(n_permutations, bool) or not isinstance(n_permutations, (int, np.integer)):
        raise ValueError(f"n_permutations must be a whole number, not {n_permutations!r}")
    if not 1 <= n_permutations <= MAX_PERMUTATIONS:
        raise ValueError(
            f"n_permutations must be between 1 and {MAX_PERMUTATIONS:,}, not {n_permutations:,}; "
            "1,000 gives p-values to about ±0.01, 10,000 to about ±0.003"
        )
    return int(n_permutations)


def permuted(matrix: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``matrix`` with rows and columns relabelled by one random permutation (sna's ``rmperm``).

    Relabelling the actors keeps the network's structure (degrees, reciprocity,
    clustering) and breaks only its alignment with the other networks: the QAP null.
    """
    order = rng.permutation(matrix.shape[0])
    return matrix[np.ix_(order, order)]


def permutation_p_values(observed: np.ndarray, null: np.ndarray) -> dict[str, np.ndarray]:
    """sna's three p-values: shares of the null at least as extreme as ``observed``.

    ``null`` holds one row per permutation and one column per statistic.  As in sna,
    the shares count permutations only (the observed labelling is not added).
    """
    return {
        "p_value": np.mean(np.abs(null) >= np.abs(observed), axis=0),
        "p_greater": np.mean(null >= observed, axis=0),
        "p_less": np.mean(null <= observed, axis=0),
    }
