"""Exact betweenness centrality on a Dask cluster.

Betweenness is a sum over source actors: Brandes' algorithm runs one
shortest-path search from each source and adds up how much every other actor
lies on the paths it found [1]_.  The sources can therefore be split into
chunks, each chunk handled by a different worker, and the partial sums added
at the end.  The result is exact, not an approximation; only the order of the
floating-point additions differs from a single-machine run.

:func:`distributed_betweenness` does this on `Dask <https://distributed.dask.org>`_:

* on this computer, with a ``LocalCluster`` of ``workers`` processes that is
  started for the call and shut down afterwards (the default);
* on a running cluster given by its scheduler address, e.g.
  ``"tcp://10.0.0.5:8786"``, by a ``distributed.Client`` or by a cluster
  object such as dask-jobqueue's ``SLURMCluster`` at a university HPC centre.

The graph is sent to every worker once (``Client.scatter``), not with every
task.  Each worker runs python-igraph's source-restricted betweenness when
igraph is installed, else networkx's ``betweenness_centrality_subset``.

Dask is an optional dependency: ``pip install "skane-ecosystem[distributed]"``.
Workers of a remote cluster need skane_ecosystem (and igraph, if used)
installed in the same version as the client.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
   *Journal of Mathematical Sociology*, 25(2), 163-177.
.. [2] Brandes, U. (2008). On variants of shortest-path betweenness
   centrality and their generic computation. *Social Networks*, 30(2),
   136-145 (source-restricted betweenness).
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from numbers import Integral

import networkx as nx
import numpy as np

# The workers import this module to find _chunk_betweenness, so it imports
# only what they need; the input checks of skane_ecosystem.metrics (which
# bring in pandas and scipy) are imported by the caller's side alone.

__all__ = ["distributed_betweenness", "start_cluster", "ENGINES"]

ENGINES = ("auto", "igraph", "networkx")

#: Chunks per worker thread by default: a few more chunks than threads let a
#: worker that drew quick sources pick up more work while another is busy.
CHUNKS_PER_THREAD = 4

_LENGTH = "length"

_INSTALL_HINT = (
    "distributed betweenness needs Dask: install it with "
    'pip install "skane-ecosystem[distributed]" (or pip install "dask[distributed]")'
)


def distributed_betweenness(
    G, weight=None, normalized=True, scheduler=None, workers=None, chunks=None, engine="auto", progress=None
):
    """Exact shortest-path betweenness, computed in parallel on a Dask cluster.

    Gives the same values as :func:`skane_ecosystem.metrics.betweenness` (and
    so as networkx's ``betweenness_centrality``) up to floating-point rounding
    (about 1e-15 relative), with the work spread over the workers of a
    cluster.  Worth it from a few thousand actors; below that, starting the
    cluster costs more than it saves.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        ``None`` counts every tie as one step.  Otherwise the name of the
        tie-strength attribute; as everywhere in skane_ecosystem, paths are
        shortest by ``distance = 1 / weight`` (strong ties are short) and
        edges without the attribute count as strength 1.
    normalized : bool
        Divide by the number of pairs not including the actor:
        ``(n-1)(n-2)/2`` undirected, ``(n-1)(n-2)`` directed (networkx's
        convention).
    scheduler : None, str, distributed.Client or a Dask cluster object
        Where to compute.  ``None`` starts a ``LocalCluster`` of ``workers``
        single-threaded processes and shuts it down before returning.  A
        string is the address of a running scheduler
        (``"tcp://host:8786"``); a ``Client`` is used as it is; a cluster
        object (``LocalCluster``, dask-jobqueue's ``SLURMCluster``, ...) is
        connected to.  Clusters and clients passed in are left running.
    workers : int, optional
        With ``scheduler=None``: the number of worker processes (default:
        the CPU cores available to this process).  With a running cluster:
        wait until at least this many workers have joined before starting
        (useful while batch jobs are still queued); default: wait for one.
    chunks : int, optional
        Into how many chunks to split the source actors (default: four per
        worker thread, at most one per actor).  Sources are dealt out in
        turn (actor 0 to chunk 0, actor 1 to chunk 1, ...) so that chunks
        are of similar cost.  The split changes only the order of additions.
    engine : {"auto", "igraph", "networkx"}
        What each worker runs: python-igraph's ``Graph.betweenness(sources=...)``
        or networkx's ``betweenness_centrality_subset``.  ``"auto"`` uses
        igraph when it is installed here; the workers must then have it too.
        With weights, igraph treats path lengths equal within a relative
        1e-10 as ties, networkx needs exact equality (see
        :func:`skane_ecosystem.metrics.betweenness`).
    progress : callable, optional
        Called as ``progress(done, total)`` each time a chunk finishes.

    Returns
    -------
    dict
        node -> betweenness (float), in the node order of ``G``; isolates and
        graphs with fewer than three actors give 0.

    Raises
    ------
    ImportError
        If Dask (``distributed``) is not installed, or ``engine="igraph"``
        and python-igraph is not.
    ValueError
        For a graph, weight or option the computation cannot use.
    ConnectionError
        If no scheduler answers at the given address.

    Examples
    --------
    On this computer, with two worker processes (in a script, call it under
    ``if __name__ == "__main__":``, since the workers are new processes):

    >>> import networkx as nx
    >>> from skane_ecosystem.distributed import distributed_betweenness
    >>> G = nx.path_graph(3)
    >>> distributed_betweenness(G, workers=2)                   # doctest: +SKIP
    {0: 0.0, 1: 1.0, 2: 0.0}

    On a running cluster, e.g. one started with dask-jobqueue on SLURM:

    >>> from dask_jobqueue import SLURMCluster                  # doctest: +SKIP
    >>> cluster = SLURMCluster(cores=8, processes=8, memory="16GB",
    ...                        walltime="01:00:00")             # doctest: +SKIP
    >>> cluster.scale(jobs=4)                                   # doctest: +SKIP
    >>> values = distributed_betweenness(G, scheduler=cluster, workers=32)  # doctest: +SKIP

    Notes
    -----
    Cost: O(nm / p) unweighted and O((nm + n^2 log n) / p) weighted on ``p``
    worker threads, plus sending the graph to each worker once and ``n``
    numbers back per chunk.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology*, 25(2), 163-177.
    .. [2] Brandes, U. (2008). On variants of shortest-path betweenness
       centrality and their generic computation. *Social Networks*, 30(2),
       136-145.
    """
    from .metrics._checks import check_graph as _check_graph
    from .metrics._checks import check_weights as _check_weights

    _check_graph(G)
    _check_weights(G, weight)
    _check_options(normalized, workers, chunks, engine, progress)
    engine = _resolve_engine(engine)
    distributed = _import_distributed()

    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    payload = _worker_graph(G, nodes, weight, engine)
    with _client(distributed, scheduler, workers) as client:
        n_chunks = chunks or CHUNKS_PER_THREAD * _worker_threads(client)
        sources = _source_chunks(n, n_chunks)
        partials = _run_chunks(distributed, client, payload, sources, engine, progress)
    pair_sums = _add_in_order(partials, n)
    scale = _scale(n, normalized, G.is_directed())
    return {node: float(value) * scale for node, value in zip(nodes, pair_sums)}


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_options(normalized, workers, chunks, engine, progress):
    if not isinstance(normalized, (bool, np.bool_)):
        raise ValueError(f"normalized must be True or False, got {normalized!r}")
    for name, value in (("workers", workers), ("chunks", chunks)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a positive whole number or None, got {value!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be a function progress(done, total) or None, got {progress!r}")


def _resolve_engine(engine):
    from .metrics.engine import igraph_available  # the caller's side only (see the imports above)

    if engine == "auto":
        return "igraph" if igraph_available() else "networkx"
    if engine == "igraph" and not igraph_available():
        raise ImportError(
            "engine='igraph' needs python-igraph: pip install \"skane-ecosystem[fast]\", or use engine='networkx'"
        )
    return engine


def _import_distributed():
    try:
        import distributed
    except ImportError as error:
        raise ImportError(_INSTALL_HINT) from error
    return distributed


# ---------------------------------------------------------------------------
# The graph the workers receive
# ---------------------------------------------------------------------------


def _worker_graph(G, nodes, weight, engine):
    """The smallest graph a worker needs: vertices ``0..n-1`` and, if weighted, lengths.

    Node ids and every other attribute stay here; they may be personal data
    and are not needed to count shortest paths.
    """
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    lengths = None
    if weight is not None:
        lengths = [1.0 / d.get(weight, 1) for _, _, d in G.edges(data=True)]
    if engine == "igraph":
        import igraph as ig

        graph = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
        if lengths is not None:
            graph.es[_LENGTH] = lengths
        return graph
    graph = nx.DiGraph() if G.is_directed() else nx.Graph()
    graph.graph["weighted"] = lengths is not None
    graph.add_nodes_from(range(len(nodes)))
    if lengths is None:
        graph.add_edges_from(edges)
    else:
        graph.add_weighted_edges_from(((u, v, length) for (u, v), length in zip(edges, lengths)), weight=_LENGTH)
    return graph


def _source_chunks(n, n_chunks):
    """Vertices ``0..n-1`` dealt out in turn to ``min(n, n_chunks)`` chunks.

    Dealing rather than cutting into runs spreads the costly sources (hubs,
    big components), which often sit next to each other in the input order.

    >>> _source_chunks(5, 2)
    [[0, 2, 4], [1, 3]]
    >>> _source_chunks(2, 8)
    [[0], [1]]
    """
    n_chunks = max(1, min(n, n_chunks))
    return [list(range(first, n, n_chunks)) for first in range(n_chunks)]


# ---------------------------------------------------------------------------
# What a worker does
# ---------------------------------------------------------------------------


def _chunk_betweenness(graph, sources, engine):
    """Betweenness counted over shortest paths from ``sources`` to every vertex.

    Returns a float array indexed by vertex.  For undirected graphs each
    path is counted half, so the chunks of all vertices sum to the count
    over unordered pairs (networkx's unnormalised value).
    """
    if engine == "igraph":
        weights = _LENGTH if _LENGTH in graph.es.attributes() else None
        values = graph.betweenness(directed=graph.is_directed(), weights=weights, sources=sources, targets=None)
        return np.asarray(values, dtype=float)
    if graph.graph["weighted"]:
        # equally short paths tied within a tolerance, as igraph and analyze() count them
        from .metrics.centrality import weighted_dependencies

        sums = weighted_dependencies(graph, sources, length=_LENGTH)
        half = 1.0 if graph.is_directed() else 0.5
        return np.array([sums[i] * half for i in range(graph.number_of_nodes())], dtype=float)
    values = nx.betweenness_centrality_subset(graph, sources, list(graph), normalized=False)
    return np.array([values[i] for i in range(graph.number_of_nodes())], dtype=float)


# ---------------------------------------------------------------------------
# Talking to Dask
# ---------------------------------------------------------------------------


@contextmanager
def _client(distributed, scheduler, workers):
    """A connected ``Client``; what this function started, it also stops."""
    if isinstance(scheduler, distributed.Client):
        _wait_for_workers(scheduler, workers)
        yield scheduler
        return
    if scheduler is None:
        with _local_cluster(distributed, workers) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    target = scheduler
    if not isinstance(scheduler, str) and not hasattr(scheduler, "scheduler_address"):
        raise ValueError(
            "scheduler must be None (start a local cluster), a scheduler address such as "
            f"'tcp://host:8786', a distributed.Client or a Dask cluster; got {type(scheduler).__name__}"
        )
    try:
        client = distributed.Client(target)
    except ValueError as error:
        raise ValueError(
            f"scheduler address {scheduler!r} cannot be used ({error}); "
            "give it as tcp://host:port, e.g. tcp://10.0.0.5:8786"
        ) from error
    except OSError as error:
        raise ConnectionError(
            f"no Dask scheduler answered at {scheduler!r}: check that it is running and that "
            "this computer can reach its address and port (e.g. tcp://host:8786)"
        ) from error
    with client:
        _wait_for_workers(client, workers)
        yield client


@contextmanager
def _local_cluster(distributed, workers):
    # Processes, one thread each: the engines hold the GIL while they count
    # paths, so threads in one process would take turns rather than share.
    # Any free port for the status page: 8787 may be taken by another cluster.
    # Library code does not print: errors reach the caller as exceptions, and
    # the workers' shutdown chatter is not for the user.
    cluster = distributed.LocalCluster(
        n_workers=workers or _available_cores(),
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.CRITICAL,
    )
    try:
        yield cluster
    finally:
        cluster.close()


def _available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _wait_for_workers(client, workers):
    client.wait_for_workers(n_workers=workers or 1)


def _worker_threads(client):
    info = client.scheduler_info()["workers"]
    return max(1, sum(worker.get("nthreads", 1) for worker in info.values()))


def _run_chunks(distributed, client, payload, sources, engine, progress):
    """Partial sums of every chunk, in chunk order whatever order they finish in."""
    # hash=False: tokenising a large graph costs time and buys nothing here.
    graph = client.scatter(payload, broadcast=True, hash=False)
    futures = [client.submit(_chunk_betweenness, graph, chunk, engine, pure=False) for chunk in sources]
    position = {future.key: i for i, future in enumerate(futures)}
    partials = [None] * len(futures)
    for done, future in enumerate(distributed.as_completed(futures), start=1):
        partials[position[future.key]] = future.result()
        if progress is not None:
            progress(done, len(futures))
    return partials


# ---------------------------------------------------------------------------
# Adding up
# ---------------------------------------------------------------------------


def _add_in_order(partials, n):
    # A fixed order of additions keeps the result the same on every run.
    total = np.zeros(n, dtype=float)
    for partial in partials:
        total += partial
    return total


def _scale(n, normalized, directed):
    """networkx's rescaling of pair counts (unordered pairs when undirected)."""
    if not normalized or n < 3:
        return 1.0
    pairs = (n - 1) * (n - 2)
    return 1.0 / pairs if directed else 2.0 / pairs


@contextmanager
def start_cluster(scheduler=None, workers=None):
    """A Dask client for several computations in a row (as :func:`analyze` runs two).

    ``scheduler`` and ``workers`` as for :func:`distributed_betweenness`: with no
    scheduler a ``LocalCluster`` of ``workers`` processes is started and stopped
    again when the block ends.

    Examples
    --------
    >>> import networkx as nx
    >>> with start_cluster(workers=2) as client:                      # doctest: +SKIP
    ...     values = distributed_betweenness(nx.karate_club_graph(), scheduler=client)
    """
    distributed = _import_distributed()
    with _client(distributed, scheduler, workers) as client:
        yield client
