"""Argument checks shared by the public functions of :mod:`skane_ecosystem.metrics`.

The checks are decorators, as networkx's ``@not_implemented_for`` and
``@nodes_or_number`` are, so that a function's body starts with what it
computes, and the checks it makes are read off its first lines::

    @engine_checked
    @graph_checked
    @weights_checked
    def betweenness(G, normalized=True, weight=None, engine="auto", ...):

The checks run top to bottom, before the body, from one wrapper however many
are stacked.  Each raises a ``ValueError`` that says what to change.  The plain
functions (:func:`check_graph`, ...) serve code that validates outside a
decorated function (``skane_ecosystem.distributed``).
"""

from __future__ import annotations

import functools
import inspect
import math
from numbers import Real

import networkx as nx

from .engine import check_engine

__all__ = [
    "graph_checked",
    "weights_checked",
    "mode_checked",
    "engine_checked",
    "check_graph",
    "check_weights",
    "check_mode",
]

MODES = ("total", "in", "out")


def check_graph(G):
    """Raise ``ValueError`` unless ``G`` is a simple networkx (Di)Graph."""
    if not isinstance(G, nx.Graph):
        raise ValueError(f"expected a networkx Graph or DiGraph, got {type(G).__name__}")
    if G.is_multigraph():
        raise ValueError(
            "multigraphs are not supported: collapse parallel ties first "
            "(e.g. nx.Graph(G) or nx.DiGraph(G), summing weights if needed)"
        )
    n_loops = nx.number_of_selfloops(G)
    if n_loops:
        example = next(iter(nx.selfloop_edges(G)))
        raise ValueError(
            f"graph has {n_loops} self-loop(s), e.g. on node {example[0]!r}; "
            "remove them with G.remove_edges_from(list(nx.selfloop_edges(G)))"
        )


def check_weights(G, weight):
    """Raise ``ValueError`` unless every present ``weight`` is finite and > 0."""
    if weight is None:
        return
    if not isinstance(weight, str):
        raise ValueError(f"weight must be None or an edge attribute name, got {weight!r}")
    for u, v, value in G.edges(data=weight, default=1):
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ValueError(
                f"edge ({u!r}, {v!r}) has non-numeric {weight!r}={value!r}; tie strengths must be numbers > 0"
            )
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"edge ({u!r}, {v!r}) has {weight!r}={value!r}; tie strengths must be finite and > 0")


def check_mode(mode):
    """Raise ``ValueError`` unless ``mode`` is one of :data:`MODES`."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")


def graph_checked(func):
    """Check the argument ``G`` with :func:`check_graph` before the call."""
    return _checked(func, check_graph, "G")


def weights_checked(func):
    """Check the edge attribute named by ``weight`` with :func:`check_weights`."""
    return _checked(func, check_weights, "G", "weight")


def mode_checked(func):
    """Check the argument ``mode`` with :func:`check_mode`."""
    return _checked(func, check_mode, "mode")


def engine_checked(func):
    """Check the argument ``engine`` against :data:`~.engine.ENGINES`."""
    return _checked(func, check_engine, "engine")


def _checked(func, check, *names):
    """``func`` calling ``check`` on its arguments ``names`` first.

    A function that is already checked gets the new check in front of its
    others (the decorator above runs first), not a second wrapper.  A
    decorator put on a function without the parameter it checks fails at
    import, not at the first call.
    """
    parameters = inspect.signature(func).parameters
    absent = [name for name in names if name not in parameters]
    if absent:
        raise TypeError(f"{func.__name__} has no parameter {absent[0]!r} to check")
    if hasattr(func, "_argument_checks"):
        func._argument_checks.insert(0, (check, names))
        return func
    position = {name: i for i, name in enumerate(parameters)}
    default = {name: parameter.default for name, parameter in parameters.items()}
    checks = [(check, names)]

    @functools.wraps(func)
    def checked(*args, **kwargs):
        def argument(name):
            # Looked up by name rather than by binding the whole signature:
            # cheaper, for measures called in every stability resample.
            if name in kwargs:
                return kwargs[name]
            if position[name] < len(args):
                return args[position[name]]
            if default[name] is inspect.Parameter.empty:
                raise TypeError(f"{func.__name__}() missing required argument: {name!r}")
            return default[name]

        for each, its_names in checks:
            each(*(argument(name) for name in its_names))
        return func(*args, **kwargs)

    checked._argument_checks = checks
    return checked
