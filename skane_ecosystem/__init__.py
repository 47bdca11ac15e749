"""skane_ecosystem: network analysis of regional innovation ecosystems.

Which actors and structures *facilitate* social entrepreneurship in a region, and which
*impede* it?  The toolkit loads survey data (who collaborates with, funds, advises or
informs whom), computes network measures, flags facilitators and impediments with the
evidence behind each, and renders offline maps and reports.

The pipeline has four stages, each usable alone::

    eco = skane_ecosystem.load("survey.xlsx")       # Ecosystem: actors + ties
    result = skane_ecosystem.analyze(eco)           # Analysis: measures + flags
    result.explore().save("map.html")               # interactive offline map
    result.report("reports/")                       # HTML + Excel report

Public names are imported lazily, so ``import skane_ecosystem`` and the command line
start quickly and a notebook only pays for the parts it uses.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC = {
    "Ecosystem": "ecosystem",
    "SurveyDataError": "errors",
    "Problem": "errors",
    "ValidationReport": "errors",
    "SECTORS": "sectors",
    "SECTOR_COLORS": "sectors",
    "load": "io",
    "load_roster": "io.roster",
    "write_template": "io.template",
    "demo": "demo",
    "analyze": "analysis",
    "analyze_all": "analysis",
    "Analysis": "analysis",
    "AnalysisConfig": "config",
    "whatif": "scenarios",
    "robustness": "scenarios",
    "compare": "scenarios",
    "suggest_bridges": "scenarios",
}

__all__ = sorted(_PUBLIC) + ["__version__"]

# The function demo() lives in the submodule skane_ecosystem.demo.  Importing that
# submodule sets the package attribute ``demo`` to the *module*, hiding the function
# from the lazy lookup below; binding it now (the module is small) keeps
# ``skane_ecosystem.demo()`` callable however the submodule was first imported.
from .demo import demo  # noqa: E402, F401


def __getattr__(name: str):
    if name in _PUBLIC:
        module = importlib.import_module(f".{_PUBLIC[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'skane_ecosystem' has no attribute {name!r}")


def __dir__():
    return __all__
