"""Which files an Ecosystem was read from, by full path.

Outputs show only file names (``meta["sources"]``: a full path can reveal a personal
folder), but writing needs the paths: run.json hashes the inputs, and no output may
ever be written over a file that was read (:class:`skane_ecosystem.atomic.InputFiles`).
Every loader therefore records each file it reads, the actors, aliases and roster
files included, with :func:`remember_source_paths`.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["remember_source_paths", "source_paths"]

_DEMO_FOLDER = Path(__file__).resolve().parent.parent / "data" / "demo"


def remember_source_paths(eco, *paths):
    """Add the files read to ``eco.meta["source_paths"]`` (resolved, sorted) and return ``eco``.

    Parameters
    ----------
    eco : Ecosystem
    *paths : str, path-like or other
        The files read.  Anything that is not an existing file (a DataFrame given
        as the actors table, ``None`` for an option not given) is skipped, so a
        loader can pass its arguments as they came.

    Returns
    -------
    Ecosystem
        ``eco`` itself; data from the shipped demo folder is marked synthetic.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> ties = pathlib.Path(tempfile.mkdtemp()) / "ties.csv"
    >>> _ = ties.write_text("source,target\\na,b\\n")
    >>> eco = remember_source_paths(Ecosystem.from_networkx(nx.path_graph(2)), ties, None)
    >>> [pathlib.Path(p).name for p in source_paths(eco)]
    ['ties.csv']
    """
    found = {str(Path(p).resolve()) for p in paths if isinstance(p, (str, os.PathLike)) and Path(p).is_file()}
    eco.meta["source_paths"] = sorted(found.union(eco.meta.get("source_paths") or ()))
    if any(Path(p).parent == _DEMO_FOLDER for p in eco.meta["source_paths"]):
        eco.meta["synthetic"] = True  # the shipped demo is labelled wherever it is shown
    return eco


def source_paths(eco) -> list[Path]:
    """The files ``eco`` was read from, as recorded by the loaders (may be empty)."""
    return [Path(p) for p in eco.meta.get("source_paths") or ()]
