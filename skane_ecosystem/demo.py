"""The embedded synthetic demo: a made-up Skåne social-innovation ecosystem.

About 150 invented organisations in sixteen Skåne municipalities, four relations
(collaboration, funding, advice, information) and two survey waves (2019, 2022),
with structures planted for the analysis to find: regional hubs, one funder most
funding depends on, a business sector that keeps to itself, a municipality reached
only through one local actor, isolated social enterprises, and change between the
waves.  ``planted.json`` lists them by actor id.

The same survey ships in three shapes, so each loader has a real example:

* ``"xlsx"``: a workbook with sheets README, actors, ties, aliases and relation_types;
* ``"csv"``: Swedish Excel CSV files (``;``, decimal comma, UTF-8 with BOM, Swedish
  headers);
* ``"roster"``: the 2022 wave as a Google Forms grid export.

Funding is asked one way round ("How often do you receive funding from these
organisations?"), so every shape declares its direction: the money flows from the
organisation named (target) to the respondent (source), ``eco.directions ==
{"funding": "target_to_source"}``.

Every organisation, person and tie is invented; municipality names are real, so the
maps look familiar, but no real relationship is implied.  The returned Ecosystem
has ``meta["synthetic"] = True`` so every output can say so.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

__all__ = ["demo", "demo_path", "demo_planted", "DEMO_FILES", "DEMO_FORMATS", "DEMO_TITLE"]

DEMO_TITLE = "Synthetic Skåne social-innovation ecosystem (demo)"

#: The files shipped in ``skane_ecosystem/data/demo`` (made by ``data/demo/generate_demo.py``).
DEMO_FILES = (
    "skane_demo.xlsx",
    "actors.csv",
    "ties.csv",
    "aliases.csv",
    "relation_types.csv",
    "roster_2022_google_forms.csv",
    "planted.json",
)

DEMO_FORMATS = ("xlsx", "csv", "roster")

#: How the Google Forms export of the 2022 wave asks about each relation.
ROSTER_RESPONDENT_COLUMN = "Which organisation do you represent?"
ROSTER_QUESTIONS = {
    "collaboration": "How often do you collaborate",
    "funding": "How often do you receive funding",
    "advice": "How often do you seek or give advice",
    "information": "How often do you exchange information",
}

#: What the roster's questions say flows along their ties: the funding question asks
#: what the respondent receives from the organisation named.
ROSTER_DIRECTIONS = {"funding": "target_to_source"}


def demo(format: str = "xlsx"):
    """Load the synthetic demo ecosystem.

    Parameters
    ----------
    format : {"xlsx", "csv", "roster"}
        Which of the shipped files to load: the workbook (default), the Swedish
        CSV files, or the Google Forms roster export of the 2022 wave (with the
        actors from ``actors.csv``).  The workbook and the CSV files hold the same
        survey; the roster holds its 2022 wave.

    Returns
    -------
    Ecosystem
        With ``meta["synthetic"] = True`` and ``meta["title"]`` set to
        ``"Synthetic Skåne social-innovation ecosystem (demo)"``.  Its validation
        report shows the name corrections the demo's misspellings need.

    Raises
    ------
    ValueError
        If ``format`` is not one of the three above.

    Examples
    --------
    >>> import skane_ecosystem
    >>> eco = skane_ecosystem.demo()
    >>> eco.synthetic, len(eco.actors), eco.waves
    (True, 148, ['2019', '2022'])
    >>> sorted(eco.graph(wave="2022").nodes)[:3]
    ['A001', 'A002', 'A003']
    """
    if format not in DEMO_FORMATS:
        raise ValueError(f"format must be one of {DEMO_FORMATS}, not {format!r}")
    eco = _LOADERS[format]()
    eco.meta["synthetic"] = True
    eco.meta["title"] = DEMO_TITLE
    return eco


def _load_workbook():
    from . import load

    return load(demo_path("skane_demo.xlsx"))


def _load_csv_files():
    from . import load

    return load(
        demo_path("ties.csv"),
        actors=demo_path("actors.csv"),
        aliases=demo_path("aliases.csv"),
        relation_types=demo_path("relation_types.csv"),
    )


def _load_roster():
    from . import load_roster

    return load_roster(
        demo_path("roster_2022_google_forms.csv"),
        respondent_column=ROSTER_RESPONDENT_COLUMN,
        questions=ROSTER_QUESTIONS,
        actors=demo_path("actors.csv"),
        wave="2022",
        directions=ROSTER_DIRECTIONS,
    )


_LOADERS = {"xlsx": _load_workbook, "csv": _load_csv_files, "roster": _load_roster}


def demo_path(name: str = "skane_demo.xlsx") -> Path:
    """The path of one of the demo files shipped with the package.

    Parameters
    ----------
    name : str
        One of ``DEMO_FILES``: ``"skane_demo.xlsx"``, ``"actors.csv"``,
        ``"ties.csv"``, ``"aliases.csv"``, ``"relation_types.csv"``,
        ``"roster_2022_google_forms.csv"``, ``"planted.json"``.

    Returns
    -------
    pathlib.Path
        Read-only package data: copy the file before editing it.

    Examples
    --------
    >>> demo_path("ties.csv").name
    'ties.csv'
    """
    if name not in DEMO_FILES:
        raise ValueError(f"no demo file {name!r}; the demo files are {', '.join(DEMO_FILES)}")
    return Path(str(resources.files("skane_ecosystem").joinpath("data", "demo", name)))


def demo_planted() -> dict:
    """The structures planted in the demo, by actor id (the contents of ``planted.json``).

    Keys: ``hubs``, ``main_funder``, ``silo_sector``, ``gateway_municipality``,
    ``gateway_actor``, ``gateway_local_actors``, ``isolated``, ``entering_2022``,
    ``leaving_2022``, ``misspellings`` (each with the name as written, the actor
    meant and how it is reconciled) and ``aliases``.

    Examples
    --------
    >>> demo_planted()["silo_sector"]
    'business'
    """
    return json.loads(demo_path("planted.json").read_text(encoding="utf-8"))
