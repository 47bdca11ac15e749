"""Which optional engines are installed, for any stage to ask without importing another.

The analysis chooses its algorithms by them (:mod:`skane_ecosystem.metrics.engine`)
and the map chooses its layout by them; asking here keeps rendering from importing
the analysis stage (the import rule, ``tests/test_import_rule.py``).
"""

from __future__ import annotations

import importlib.util

__all__ = ["igraph_available"]


def igraph_available() -> bool:
    """True when python-igraph can be imported.

    Looks the package up without importing it, so asking costs nothing.

    Examples
    --------
    >>> isinstance(igraph_available(), bool)
    True
    """
    return importlib.util.find_spec("igraph") is not None
