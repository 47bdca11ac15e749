"""Generate the synthetic Skåne demo ecosystem shipped with skane_ecosystem.

Run from the repository root with the project's Python::

    .venv/bin/python data/demo/generate_demo.py            # or --out some/folder

and it rewrites, byte for byte identically on every run, the files in
``skane_ecosystem/data/demo/``:

``skane_demo.xlsx``
    sheets README (the synthetic-data note), actors, ties, aliases and relation_types
    (funding flows from target to source: respondents report whom they receive it from).
``actors.csv``, ``ties.csv``, ``aliases.csv``, ``relation_types.csv``
    the same survey as Swedish Excel would export it: ``;`` separated, decimal comma,
    UTF-8 with BOM, Swedish headers and Swedish sector and relation words.
``roster_2022_google_forms.csv``
    the 2022 wave as a Google Forms grid export (one row per respondent).
``planted.json``
    the structures planted in the network, by actor id, so tests can check that the
    analysis finds them.

Everything here is invented.  The municipalities are Skåne's real ones, so maps and
tables look familiar, but every organisation is fictional or generic ("Municipality of
Lund") and no tie says anything about a real relationship.

How the data are made, in four steps:

1. *Actors*: a hand-written core (hubs, the main funder, the Simrishamn cluster, the
   isolated social enterprises, the actors entering and leaving) plus generated
   businesses and civil-society organisations spread over sixteen municipalities.
2. *True network* of the 2019 wave, drawn with tie probabilities that plant the
   structures (see ``data/demo/README.md``); the 2022 wave is the 2019 one with some
   ties lost, some gained, one actor gone and two new ones.
3. *Survey*: only respondents report ties.  A tie between two respondents is usually
   reported by both (with slightly different weights), sometimes by one; a tie to a
   non-respondent is reported by the respondent only; a tie between two
   non-respondents is never seen.  Funding is asked one way round ("How often do you
   receive funding from these organisations?"): only the side that receives the money
   reports it, so the files declare its direction as target to source.
4. *Typing errors*: a few organisation names in the ties are misspelt the way
   respondents misspell them, to be reconciled by folding, fuzzy matching or the
   alias table.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from skane_ecosystem.atomic import write_atomic
from skane_ecosystem.io.template import save_workbook_atomically, set_text
from skane_ecosystem.sectors import SECTOR_LABELS

SEED = 20190522
WAVES = ("2019", "2022")
RELATIONS = ("collaboration", "funding", "advice", "information")
OUT = Path(__file__).resolve().parents[2] / "skane_ecosystem" / "data" / "demo"
TITLE = "Synthetic Skåne social-innovation ecosystem (demo)"
NOTE_EN = (
    "SYNTHETIC DEMO DATA. Every organisation, person and tie in this file is invented; "
    "municipality names are real, but no real relationship is implied."
)
NOTE_SV = (
    "SYNTETISKA DEMODATA. Alla organisationer, personer och relationer i filen är påhittade; "
    "kommunnamnen är verkliga, men inga verkliga relationer avses."
)

#: The moment recorded in the workbook's properties and zip entries (not "now"), so the xlsx is reproducible.
FIXED_TIME = datetime(2022, 6, 1, 12, 0, 0)

MUNICIPALITIES = (
    "Malmö",
    "Lund",
    "Helsingborg",
    "Kristianstad",
    "Landskrona",
    "Trelleborg",
    "Ystad",
    "Simrishamn",
    "Hässleholm",
    "Ängelholm",
    "Eslöv",
    "Höör",
    "Sjöbo",
    "Tomelilla",
    "Osby",
    "Lomma",
)

SWEDISH_RELATIONS = {
    "collaboration": "samarbete",
    "funding": "finansiering",
    "advice": "rådgivning",
    "information": "information",
}

ROSTER_QUESTIONS = {
    "collaboration": "How often do you collaborate with these organisations?",
    "funding": "How often do you receive funding from these organisations?",
    "advice": "How often do you seek or give advice with these organisations?",
    "information": "How often do you exchange information with these organisations?",
}
ROSTER_RESPONDENT_COLUMN = "Which organisation do you represent?"

#: The relation whose direction the survey declares (relation, direction, description),
#: in the workbook (English) and the CSV files (Swedish): funding is asked of the side
#: that receives it, so the money flows from the organisation named (target) to the
#: respondent (source).
RELATION_TYPES = {
    "en": ["funding", "target_to_source", ROSTER_QUESTIONS["funding"]],
    "sv": ["finansiering", "mål till källa", "Hur ofta får ni finansiering från dessa organisationer?"],
}
ROSTER_ANSWERS = {1: "Rarely", 2: "A few times a year", 3: "Monthly", 4: "Weekly", 5: "Daily"}


@dataclass
class Actor:
    key: str  # a stable handle used only inside this script
    name: str
    sector: str
    type: str
    municipality: str
    id: str = ""
    respondent: bool = False
    contact_person: str = ""


# --------------------------------------------------------------------- actors
# The hand-written core: every actor that plays a part in a planted structure.
CORE_ACTORS = [
    # key, name, sector, type, municipality
    ("hub_region", "Regional development office (Skåne)", "public", "regional authority", "Malmö"),
    ("hub_incubator", "Malmö Social Innovation Hub", "civil_society", "incubator", "Malmö"),
    ("hub_research", "Centre for Social Entrepreneurship Research (Lund)", "academia", "research centre", "Lund"),
    ("funder", "Skåne Social Impact Fund", "civil_society", "foundation", "Malmö"),
    ("gateway", "Österlen Social Impact Hub", "civil_society", "incubator", "Simrishamn"),
    ("sim_fish", "Österlen Fishing Heritage Association", "civil_society", "association", "Simrishamn"),
    ("sim_care", "Brantevik Care Cooperative", "civil_society", "social enterprise", "Simrishamn"),
    ("sim_theatre", "Kivik Youth Theatre Association", "civil_society", "association", "Simrishamn"),
    ("sim_welcome", "Simrishamn Refugee Welcome Group", "civil_society", "association", "Simrishamn"),
    ("sim_cider", "Kivik Orchard Cider AB", "business", "company", "Simrishamn"),
    ("iso_ljus", "Ljuslykta Social Enterprise AB", "business", "social enterprise", "Malmö"),
    ("iso_bakery", "Trelleborg Work Bakery AB", "business", "social enterprise", "Trelleborg"),
    ("iso_carefarm", "Sjöbo Care Farm Cooperative", "civil_society", "social enterprise", "Sjöbo"),
    ("iso_reuse", "Osby Reuse Workshop", "civil_society", "social enterprise", "Osby"),
    ("iso_craft", "Höör Handcraft Social Enterprise", "civil_society", "social enterprise", "Höör"),
    ("new_ystad", "Ystad Social Start Incubator", "civil_society", "incubator", "Ystad"),
    ("new_circular", "Landskrona Circular Makers", "civil_society", "social enterprise", "Landskrona"),
    ("gone_youth", "Hässleholm Youth Works", "civil_society", "social enterprise", "Hässleholm"),
    ("fyrtorn", "Fyrtorn Social Enterprise AB", "business", "social enterprise", "Landskrona"),
]

OTHER_PUBLIC = [
    ("Public employment office (Malmö)", "government agency", "Malmö"),
    ("Public employment office (Helsingborg)", "government agency", "Helsingborg"),
    ("Public employment office (Kristianstad)", "government agency", "Kristianstad"),
    ("County administrative office (Skåne)", "government agency", "Malmö"),
    ("Social insurance office (Malmö)", "government agency", "Malmö"),
    ("Regional health and care services (Skåne)", "regional authority", "Kristianstad"),
    ("Malmö adult education centre", "municipal service", "Malmö"),
    ("Helsingborg public library", "municipal service", "Helsingborg"),
    ("Lund youth services", "municipal service", "Lund"),
    ("Kristianstad integration unit", "municipal service", "Kristianstad"),
    ("Landskrona neighbourhood renewal unit", "municipal service", "Landskrona"),
]

ACADEMIA = [
    ("Skåne Institute of Applied Social Science", "university", "Malmö"),
    ("Kristianstad College of Health and Welfare", "university college", "Kristianstad"),
    ("Helsingborg Campus for Service Innovation", "university campus", "Helsingborg"),
    ("Öresund Social Economy Lab", "research group", "Malmö"),
    ("Lund Sustainability Studies Group", "research group", "Lund"),
    ("Malmö Migration Research Network", "research group", "Malmö"),
    ("Rural Development Research Station (Höör)", "research station", "Höör"),
    ("Ystad Coastal Studies Centre", "research centre", "Ystad"),
    ("Skåne Student Innovation Office", "innovation office", "Lund"),
    ("Adult Learning Research Group (Eslöv)", "research group", "Eslöv"),
    ("Welfare Technology Testbed (Helsingborg)", "testbed", "Helsingborg"),
]

OTHER_SECTOR = [
    ("Cross-border cooperation office (Öresund)", "cross-border organisation", "Malmö"),
    ("Sydkust Local Radio", "media", "Ystad"),
    ("Skåne Church Social Services Board", "faith-based organisation", "Lund"),
]

# Businesses get invented Swedish-sounding names: a nature word, a landscape ending
# and a trade, e.g. "Ekdal Logistics AB".
BUSINESS_FIRST = (
    "Ek",
    "Bok",
    "Lind",
    "Hav",
    "Sand",
    "Sten",
    "Lärk",
    "Tran",
    "Räv",
    "Hjort",
    "Kvarn",
    "Sol",
    "Vind",
    "Äng",
    "Ljung",
    "Al",
    "Sälg",
    "Måsa",
)
BUSINESS_LAST = ("dal", "backe", "vik", "strand", "gård", "näs", "hult", "torp")
BUSINESS_TRADES = (
    "Logistics",
    "Digital",
    "Consulting",
    "Foods",
    "Design",
    "Construction",
    "Accounting",
    "Energy",
    "Staffing",
    "IT Solutions",
    "Media",
    "Property",
    "Tourism",
    "Textiles",
    "Cleaning Services",
    "Agritech",
)
N_GENERATED_BUSINESSES = 30

# Civil-society organisations: a place, a cause and a form, e.g. "Eslöv Food Rescue Network".
CIVIL_CAUSES = (
    "Youth",
    "Integration",
    "Elder Support",
    "Food Rescue",
    "Reuse",
    "Sports for All",
    "Language Café",
    "Homework Help",
    "Women's",
    "Mentoring",
    "Culture",
    "Nature School",
    "Digital Inclusion",
    "Work Integration",
    "Family Support",
    "Disability Rights",
)
CIVIL_FORMS = ("Association", "Network", "Cooperative", "Forum", "Group")
CIVIL_TYPES = {
    "Association": "association",
    "Network": "network",
    "Cooperative": "social enterprise",
    "Forum": "association",
    "Group": "association",
}
N_GENERATED_CIVIL = 58

FIRST_NAMES = (
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Anders",
    "Sara",
    "Per",
    "Lena",
    "Mikael",
    "Emma",
    "Oskar",
    "Fatima",
    "Ali",
    "Sofia",
    "Nils",
    "Ingrid",
    "Hassan",
    "Elin",
    "Jonas",
    "Amira",
    "Olle",
    "Zeynep",
    "Björn",
    "Maja",
    "Goran",
)
SURNAMES = (
    "Nilsson",
    "Persson",
    "Andersson",
    "Lindqvist",
    "Bergström",
    "Holm",
    "Sandberg",
    "Öberg",
    "Åkesson",
    "Hallberg",
    "Malm",
    "Svensson",
    "Jönsson",
    "Larsson",
    "Yilmaz",
    "Haddad",
    "Nowak",
    "Lind",
    "Falk",
    "Mårtensson",
    "Ohlsson",
    "Petrović",
)


def build_actors(rng: np.random.Generator) -> list[Actor]:
    """The ~150 organisations, in a fixed order, with ids A001, A002, ..."""
    actors = [Actor(*row) for row in CORE_ACTORS]
    actors += [Actor(f"mun_{m}", f"Municipality of {m}", "public", "municipality", m) for m in MUNICIPALITIES]
    actors += [Actor(f"pub_{i}", n, "public", t, m) for i, (n, t, m) in enumerate(OTHER_PUBLIC)]
    actors += [Actor(f"aca_{i}", n, "academia", t, m) for i, (n, t, m) in enumerate(ACADEMIA)]
    actors += [Actor(f"oth_{i}", n, "other", t, m) for i, (n, t, m) in enumerate(OTHER_SECTOR)]
    actors += _generated_businesses(rng)
    actors += _generated_civil_society(rng)
    names = [a.name.casefold() for a in actors]
    assert len(names) == len(set(names)), "two actors share a name"
    for number, actor in enumerate(actors, start=1):
        actor.id = f"A{number:03d}"
        actor.contact_person = _person(rng) if rng.random() > 0.08 else ""
    return actors


def _generated_businesses(rng) -> list[Actor]:
    # Businesses cluster in the bigger towns, as they do; Simrishamn is left out so
    # its only business stays inside the Simrishamn cluster.
    towns = [m for m in MUNICIPALITIES if m != "Simrishamn"]
    weights = np.array([6, 4, 4, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1], dtype=float)
    made, seen = [], set()
    while len(made) < N_GENERATED_BUSINESSES:
        stem = rng.choice(BUSINESS_FIRST) + rng.choice(BUSINESS_LAST)
        name = f"{stem} {rng.choice(BUSINESS_TRADES)} AB"
        if stem in seen:  # one firm per stem keeps names far apart for fuzzy matching
            continue
        seen.add(stem)
        town = str(rng.choice(towns, p=weights / weights.sum()))
        made.append(Actor(f"biz_{len(made)}", name, "business", "company", town))
    return made


def _generated_civil_society(rng) -> list[Actor]:
    towns = [m for m in MUNICIPALITIES if m != "Simrishamn"]
    weights = np.array([6, 4, 4, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1], dtype=float)
    made, seen = [], set()
    while len(made) < N_GENERATED_CIVIL:
        town = str(rng.choice(towns, p=weights / weights.sum()))
        cause = str(rng.choice(CIVIL_CAUSES))
        form = str(rng.choice(CIVIL_FORMS))
        if (town, cause) in seen:  # one organisation per cause and town
            continue
        seen.add((town, cause))
        made.append(Actor(f"civ_{len(made)}", f"{town} {cause} {form}", "civil_society", CIVIL_TYPES[form], town))
    return made


def _person(rng) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def choose_respondents(rng, actors: list[Actor], by_key: dict[str, Actor]) -> None:
    """About 65% answer; the actors whose answers carry a planted structure always do."""
    always = {
        "hub_region",
        "hub_incubator",
        "hub_research",
        "funder",
        "gateway",
        "mun_Simrishamn",
        "new_ystad",
        "new_circular",
        "gone_youth",
        "iso_ljus",
        "iso_carefarm",
        "fyrtorn",
    }
    never = {"iso_bakery", "iso_reuse", "iso_craft"}
    target = round(0.65 * len(actors))
    open_keys = [a.key for a in actors if a.key not in always | never]
    chosen = rng.choice(open_keys, size=target - len(always), replace=False)
    for key in always | set(chosen.tolist()):
        by_key[key].respondent = True


# ----------------------------------------------------------- true network
@dataclass
class Roles:
    """Which actors play which part; the tie probabilities below read from it."""

    hubs: set[str]
    funder: str
    gateway: str
    simrishamn_locals: set[str]  # Simrishamn actors other than the gateway
    isolated: set[str]
    entering: set[str]  # exist in 2022 only
    leaving: set[str]  # exist in 2019 only
    sector: dict[str, str]
    place: dict[str, str]
    givers: dict[tuple, str] = field(default_factory=dict)  # funding tie (a pair) -> the side giving the money


def tie_probability(u: str, v: str, roles: Roles) -> float:
    """How likely two actors are to have any tie: this is where the structure is planted."""
    su, sv = roles.sector[u], roles.sector[v]
    locals_ = roles.simrishamn_locals
    if u in locals_ or v in locals_:
        # Simrishamn's organisations only deal with each other and the gateway.
        other = v if u in locals_ else u
        if other == roles.gateway:
            return 1.0
        return 0.6 if other in locals_ else 0.0
    if roles.gateway in (u, v):
        other = v if u == roles.gateway else u
        if other in roles.hubs or other == roles.funder:
            return 1.0
        return 0.35 if roles.place[other] in ("Ystad", "Tomelilla", "Sjöbo") else 0.01
    if u in roles.hubs or v in roles.hubs:
        other_sector = sv if u in roles.hubs else su
        if u in roles.hubs and v in roles.hubs:
            return 1.0
        return 0.06 if other_sector == "business" else 0.42
    if su == "business" and sv == "business":
        return 0.45 if roles.place[u] == roles.place[v] else 0.17
    if "business" in (su, sv):
        return 0.004  # the silo: businesses rarely deal with other sectors
    same_place = roles.place[u] == roles.place[v]
    p = 0.17 if same_place else 0.02
    return p * 1.5 if su == sv else p


def draw_relations(u: str, v: str, roles: Roles, rng) -> dict[str, int]:
    """Which relations a tie carries, each with a true strength on the 1-5 scale."""
    advisory = {"academia"} & {roles.sector[u], roles.sector[v]} or {u, v} & roles.hubs
    chances = {
        "collaboration": 0.75,
        "information": 0.8 if {u, v} & roles.hubs else 0.5,
        "advice": 0.6 if advisory else 0.2,
    }
    relations = {rel: _strength(rng) for rel, p in chances.items() if rng.random() < p}
    return relations or {"collaboration": _strength(rng)}


def _strength(rng) -> int:
    return int(rng.choice([1, 2, 3, 4, 5], p=[0.12, 0.25, 0.3, 0.22, 0.11]))


def funding_ties(rng, roles: Roles, actors: list[Actor]) -> dict[tuple, int]:
    """Who funds whom: one foundation carries most of it, the rest is local and regional."""
    ids = {a.key: a.id for a in actors}
    funded: dict[tuple, int] = {}
    existing_2019 = [a for a in actors if a.id not in roles.isolated | roles.entering]
    reachable = [a for a in existing_2019 if a.id not in roles.simrishamn_locals and a.id != roles.funder]
    # The main funder: most civil-society organisations and a few social enterprises.
    for a in reachable:
        wanted = {"civil_society": 0.55, "public": 0.08, "academia": 0.2, "other": 0.0}.get(a.sector, 0.0)
        if a.type == "social enterprise" and a.sector == "business":
            wanted = 0.7
        if a.id == roles.gateway or rng.random() < wanted:
            funded[_pair(roles.funder, a.id)] = int(rng.choice([2, 3, 4, 5]))
            roles.givers[_pair(roles.funder, a.id)] = roles.funder
    # The regional office funds a handful of projects.
    region = ids["hub_region"]
    partners = [a.id for a in reachable if a.sector in ("civil_society", "academia") and a.id != region]
    for actor_id in rng.choice(partners, size=6, replace=False):
        funded[_pair(region, str(actor_id))] = int(rng.choice([2, 3, 4]))
        roles.givers[_pair(region, str(actor_id))] = region
    # Some municipalities support a local organisation.
    for m in MUNICIPALITIES:
        municipality = ids[f"mun_{m}"]
        local = [
            a.id
            for a in existing_2019
            if a.municipality == m
            and a.sector == "civil_society"
            and a.id not in roles.isolated
            and a.id != roles.gateway
        ]
        if m == "Simrishamn":
            local = [i for i in local if i in roles.simrishamn_locals]
        if local and rng.random() < 0.6:
            strength = int(rng.choice([1, 2, 3]))
            receiver = str(rng.choice(local))
            funded[_pair(municipality, receiver)] = strength
            roles.givers[_pair(municipality, receiver)] = municipality
    return funded


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u < v else (v, u)


def network_2019(rng, actors: list[Actor], roles: Roles) -> dict[tuple, dict[str, int]]:
    present = [a.id for a in actors if a.id not in roles.isolated | roles.entering]
    ties: dict[tuple, dict[str, int]] = {}
    for i, u in enumerate(present):
        for v in present[i + 1 :]:
            if rng.random() < tie_probability(u, v, roles):
                ties[_pair(u, v)] = draw_relations(u, v, roles, rng)
    _make_hubs_span_business(rng, ties, roles, present)
    for pair, strength in sorted(funding_ties(rng, roles, actors).items()):
        ties.setdefault(pair, {})["funding"] = strength
    return ties


def _make_hubs_span_business(rng, ties, roles, present) -> None:
    """Each hub reaches at least two businesses: hubs span all sectors, even the silo."""
    businesses = [a for a in present if roles.sector[a] == "business" and a not in roles.simrishamn_locals]
    for hub in sorted(roles.hubs):
        linked = [b for b in businesses if _pair(hub, b) in ties]
        for b in rng.choice([b for b in businesses if b not in linked], size=max(0, 2 - len(linked)), replace=False):
            ties[_pair(hub, str(b))] = {"collaboration": _strength(rng), "information": _strength(rng)}


def network_2022(rng, ties_2019, actors: list[Actor], roles: Roles) -> dict[tuple, dict[str, int]]:
    """The 2019 network a few years on: ties lost and gained, one actor gone, two new."""
    protected = roles.simrishamn_locals | {roles.gateway}
    ties: dict[tuple, dict[str, int]] = {}
    for pair, relations in sorted(ties_2019.items()):
        if set(pair) & roles.leaving:
            continue
        if not set(pair) & protected and rng.random() < 0.12:
            continue  # a tie lost
        ties[pair] = {rel: _drift(s, rng) for rel, s in relations.items()}
    present = [a.id for a in actors if a.id not in roles.isolated | roles.leaving | roles.entering]
    gained = 0
    while gained < 40:
        u, v = (str(x) for x in rng.choice(present, size=2, replace=False))
        pair = _pair(u, v)
        if pair in ties or set(pair) & protected or rng.random() >= 4 * tie_probability(u, v, roles):
            continue
        ties[pair] = draw_relations(u, v, roles, rng)
        gained += 1
    for newcomer in sorted(roles.entering):
        partners = sorted(roles.hubs) + [
            a.id
            for a in actors
            if a.municipality == roles.place[newcomer]
            and a.id not in roles.isolated | roles.leaving | {newcomer}
            and roles.sector[a.id] != "business"
        ]
        for partner in partners:
            if partner in roles.hubs or rng.random() < 0.6:
                ties[_pair(newcomer, partner)] = draw_relations(newcomer, partner, roles, rng)
        ties[_pair(newcomer, roles.funder)] = {"funding": 3}
        roles.givers[_pair(newcomer, roles.funder)] = roles.funder
    return ties


def _drift(strength: int, rng) -> int:
    return int(np.clip(strength + rng.choice([-1, 0, 0, 0, 1]), 1, 5))


def connect_unseen_actors(rng, ties, actors: list[Actor], roles: Roles, wave: str) -> None:
    """Give each non-respondent a tie to a respondent, or the survey could not see it at all.

    Only the planted isolates may end up with no ties.
    """
    respondents = {a.id for a in actors if a.respondent}
    absent = roles.entering if wave == "2019" else roles.leaving
    for actor in actors:
        if actor.respondent or actor.id in roles.isolated | absent:
            continue
        if any(actor.id in pair and (set(pair) - {actor.id}) & respondents for pair in ties):
            continue
        if actor.id in roles.simrishamn_locals:
            partner = roles.gateway
        elif actor.sector == "business":
            partner = str(
                rng.choice(
                    sorted(
                        a.id
                        for a in actors
                        if a.respondent
                        and a.sector == "business"
                        and a.id not in roles.isolated | roles.simrishamn_locals | absent
                    )
                )
            )
        else:
            nearby = sorted(
                a.id
                for a in actors
                if a.respondent
                and a.municipality == actor.municipality
                and a.sector != "business"
                and a.id not in roles.isolated | absent | {roles.gateway}
                and a.id not in roles.simrishamn_locals
            )
            partner = str(rng.choice(nearby or sorted(roles.hubs)))
        ties[_pair(actor.id, partner)] = {"collaboration": _strength(rng)}


# ------------------------------------------------------------------ survey
@dataclass
class Report:
    source: str
    target: str
    relation: str
    weight: float
    wave: str
    reported_by: str
    comment: str = ""
    target_as_written: str = ""  # set where the respondent misspelt the name

    def target_text(self, names: dict[str, str]) -> str:
        return self.target_as_written or names[self.target]


COMMENTS = (
    "Joint project on youth employment",
    "Gemensamt projekt om arbetsintegration",
    "Met at the regional social innovation day",
    "Contact via {person}",
    "Kontakt: {person}, projektledare",
    "Project funding 2018-2020",
    "Finansiering, rådgivning och lokaler",
    "Mostly by e-mail",
    "Informal contact",
    "Vi ses ungefär en gång i månaden",
    "Reference group member",
    "Workshops; mentoring for our staff",
    "{person} sits on our board",
)


def survey(rng, ties: dict[tuple, dict[str, int]], wave: str, respondents: set[str], roles: Roles) -> list[Report]:
    """What the survey sees of the true network of one wave."""
    reports = []
    for (u, v), relations in sorted(ties.items()):
        for relation in RELATIONS:
            if relation not in relations:
                continue
            strength = relations[relation]
            answering = [a for a in (u, v) if a in respondents]
            if len(answering) == 2 and rng.random() < 0.17:
                answering = [answering[int(rng.integers(2))]]  # one side forgot or left it out
            for reporter in answering:
                other = v if reporter == u else u
                weight = _perceived(strength, rng, half_points=(wave == "2019"))
                report = Report(reporter, other, relation, weight, wave, reporter, _comment(rng))
                if asked(report, roles):
                    reports.append(report)
    return reports


def asked(report: Report, roles: Roles) -> bool:
    """Whether the survey asks for this answer: funding only from the side that receives it.

    The funding question is "How often do you receive funding from these
    organisations?", so a funder says nothing about its own grants.  Its answer is
    still drawn above, so that every other answer is the same as in earlier versions
    of the demo, which asked about funding both ways.
    """
    return report.relation != "funding" or roles.givers[_pair(report.source, report.target)] != report.source


def _perceived(strength: int, rng, half_points: bool) -> float:
    """Two sides rarely rate a tie the same; a few 2019 answers fell between two boxes."""
    weight = float(np.clip(strength + rng.choice([-1, 0, 0, 0, 0, 1]), 1, 5))
    if half_points and rng.random() < 0.03:
        weight = weight - 0.5 if weight > 1 else 1.5
    return weight


def _comment(rng) -> str:
    if rng.random() > 0.18:
        return ""
    return str(rng.choice(COMMENTS)).format(person=_person(rng))


#: Names as respondents typed them: (actor key, as written, how it should be reconciled).
MISSPELLINGS = (
    ("gateway", "Osterlen Social Impact Hub", "folded"),
    ("mun_Ängelholm", "Municipality of Angelholm", "folded"),
    ("fyrtorn", "Fyrtorn Socail Enterprise AB", "fuzzy"),
    ("hub_region", "Regional developement office (Skåne)", "fuzzy"),
    ("hub_research", "Centre for Social Entrepreneurship Reserch (Lund)", "fuzzy"),
    ("funder", "Skåne Impact Fund", "alias"),
    ("mun_Malmö", "Malmö stad", "alias"),
)

#: The alias table: other names in use for an actor (key -> aliases).
ALIASES = {
    "mun_Malmö": ("Malmö stad",),
    "mun_Lund": ("Lunds kommun",),
    "mun_Helsingborg": ("Helsingborgs stad",),
    "mun_Kristianstad": ("Kristianstads kommun",),
    "funder": ("Skåne Impact Fund",),
    "hub_region": ("RDO Skåne",),
    "hub_incubator": ("MSIH",),
}


def misspell(rng, reports: list[Report], by_key: dict[str, Actor]) -> list[dict]:
    """Write a few target names the way a respondent typed them; returns what was planted."""
    planted = []
    for key, written, method in MISSPELLINGS:
        actor_id = by_key[key].id
        candidates = [i for i, r in enumerate(reports) if r.target == actor_id]
        index = int(rng.choice(candidates))
        reports[index].target_as_written = written
        planted.append(
            {
                "actor_id": actor_id,
                "written": written,
                "method": method,
                "wave": reports[index].wave,
                "reported_by": reports[index].reported_by,
            }
        )
    return planted


# ---------------------------------------------------------------- writers
def write_workbook(path: Path, actors, reports, aliases, names) -> None:
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    _fill_readme(readme, actors, reports)
    sheet = wb.create_sheet("actors")
    _write_rows(
        sheet,
        ["id", "name", "sector", "type", "municipality", "respondent", "contact_person"],
        [
            [a.id, a.name, a.sector, a.type, a.municipality, "yes" if a.respondent else "no", a.contact_person]
            for a in actors
        ],
    )
    sheet = wb.create_sheet("ties")
    _write_rows(
        sheet,
        ["source", "target", "relation", "weight", "wave", "reported_by", "comment"],
        [
            [
                names[r.source],
                r.target_text(names),
                r.relation,
                _excel_number(r.weight),
                int(r.wave),
                names[r.reported_by],
                r.comment,
            ]
            for r in reports
        ],
    )
    sheet = wb.create_sheet("aliases")
    _write_rows(sheet, ["alias", "actor_id"], aliases)
    sheet = wb.create_sheet("relation_types")
    _write_rows(sheet, ["relation", "direction", "description"], [RELATION_TYPES["en"]])
    save_workbook_atomically(wb, path, timestamp=FIXED_TIME)


def _fill_readme(sheet, actors, reports) -> None:
    lines = [
        (TITLE, True),
        (NOTE_EN, False),
        (NOTE_SV, False),
        ("", False),
        (
            f"{len(actors)} actors, {len(reports)} tie reports, waves 2019 and 2022, "
            f"relations: {', '.join(RELATIONS)}.",
            False,
        ),
        (
            "Sheets: actors (one row per organisation), ties (one row per reported tie; "
            "reported_by is the respondent who reported it), aliases (other names in use), relation_types "
            "(funding is reported by the side that receives it: it flows from target to source).",
            False,
        ),
        (
            "Blad: actors (en rad per organisation), ties (en rad per rapporterad relation; "
            "reported_by är den svarande som rapporterade den), aliases (andra namn som används), relation_types "
            "(finansiering rapporteras av den som tar emot den: den går från mål till källa).",
            False,
        ),
        (
            "The planted structures (hubs, main funder, business silo, Simrishamn gateway, isolated "
            "social enterprises, wave changes) are listed in planted.json and data/demo/README.md.",
            False,
        ),
        (f"Generated by data/demo/generate_demo.py with seed {SEED}.", False),
    ]
    for row, (text, _bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1)
        set_text(cell, text)
        cell.font = Font(bold=True, size=14 if row == 1 else 11, color="9C0006" if row in (2, 3) else None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120


def _write_rows(sheet, header, rows) -> None:
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    for c, title in enumerate(header, start=1):
        longest = max([len(str(title))] + [len(str(row[c - 1])) for row in rows])
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = min(60, longest + 2)


def _excel_number(weight: float):
    return int(weight) if float(weight).is_integer() else weight


def write_swedish_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """As Swedish Excel saves 'CSV UTF-8': BOM, semicolons, CRLF line ends."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_atomic(path, text.getvalue().encode("utf-8-sig"))


def _decimal_comma(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else str(weight).replace(".", ",")


def write_csv_files(out: Path, actors, reports, aliases, names) -> None:
    sv = SECTOR_LABELS["sv"]
    write_swedish_csv(
        out / "actors.csv",
        ["id", "namn", "sektor", "typ", "kommun", "svarande", "kontaktperson"],
        [
            [a.id, a.name, sv[a.sector], a.type, a.municipality, "ja" if a.respondent else "nej", a.contact_person]
            for a in actors
        ],
    )
    write_swedish_csv(
        out / "ties.csv",
        ["källa", "mål", "relation", "vikt", "våg", "rapporterad av", "kommentar"],
        [
            [
                names[r.source],
                r.target_text(names),
                SWEDISH_RELATIONS[r.relation],
                _decimal_comma(r.weight),
                r.wave,
                names[r.reported_by],
                r.comment,
            ]
            for r in reports
        ],
    )
    write_swedish_csv(out / "aliases.csv", ["alias", "aktörs-id"], aliases)
    write_swedish_csv(out / "relation_types.csv", ["relation", "riktning", "beskrivning"], [RELATION_TYPES["sv"]])


def write_roster(path: Path, rng, actors: list[Actor], reports: list[Report], roles: Roles) -> None:
    """The 2022 wave as Google Forms exports a grid survey: one row per respondent."""
    in_2022 = sorted((a for a in actors if a.id not in roles.leaving), key=lambda a: a.name.casefold())
    answers: dict[tuple, int] = {}
    for r in reports:
        if r.wave == "2022":
            answers[(r.reported_by, r.relation, r.target)] = int(r.weight)
    header = ["Timestamp", ROSTER_RESPONDENT_COLUMN]
    for relation in RELATIONS:
        header += [f"{ROSTER_QUESTIONS[relation]} [{a.name}]" for a in in_2022]
    respondents = [a for a in in_2022 if a.respondent]
    start = datetime(2022, 3, 7, 8, 30)
    moments = sorted(start + timedelta(minutes=int(m)) for m in rng.integers(0, 60 * 24 * 21, len(respondents)))
    order = rng.permutation(len(respondents))
    rows = []
    for moment, index in zip(moments, order):
        respondent = respondents[int(index)]
        says_never = rng.random() < 0.3  # some respondents tick "Never", most leave rows empty
        row = [_google_timestamp(moment), respondent.name]
        for relation in RELATIONS:
            for other in in_2022:
                level = answers.get((respondent.id, relation, other.id))
                if level:
                    row.append(ROSTER_ANSWERS[level])
                elif says_never and other.id != respondent.id and rng.random() < 0.5:
                    row.append("Never")
                else:
                    row.append("")
        rows.append(row)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_atomic(path, text.getvalue().encode("utf-8"))


def _google_timestamp(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {half} GMT+1"


# ------------------------------------------------------------------- main
def main(out: Path = OUT) -> None:
    rng = np.random.default_rng(SEED)
    actors = build_actors(rng)
    by_key = {a.key: a for a in actors}
    choose_respondents(rng, actors, by_key)

    def ids(*keys: str) -> set[str]:
        return {by_key[key].id for key in keys}

    roles = Roles(
        hubs=ids("hub_region", "hub_incubator", "hub_research"),
        funder=by_key["funder"].id,
        gateway=by_key["gateway"].id,
        simrishamn_locals={a.id for a in actors if a.municipality == "Simrishamn" and a.key != "gateway"},
        isolated=ids("iso_ljus", "iso_bakery", "iso_carefarm", "iso_reuse", "iso_craft"),
        entering=ids("new_ystad", "new_circular"),
        leaving=ids("gone_youth"),
        sector={a.id: a.sector for a in actors},
        place={a.id: a.municipality for a in actors},
    )
    ties = {"2019": network_2019(rng, actors, roles)}
    ties["2022"] = network_2022(rng, ties["2019"], actors, roles)
    respondents = {a.id for a in actors if a.respondent}
    reports = []
    for wave in WAVES:
        connect_unseen_actors(rng, ties[wave], actors, roles, wave)
        reports += survey(rng, ties[wave], wave, respondents, roles)
    # As a survey tool exports them: grouped by wave and respondent.
    order = {a.id: i for i, a in enumerate(actors)}
    reports.sort(key=lambda r: (r.wave, order[r.reported_by], order[r.target], RELATIONS.index(r.relation)))
    planted_names = misspell(rng, reports, by_key)
    names = {a.id: a.name for a in actors}
    aliases = sorted([alias, by_key[key].id] for key, written in ALIASES.items() for alias in written)

    out.mkdir(parents=True, exist_ok=True)
    write_workbook(out / "skane_demo.xlsx", actors, reports, aliases, names)
    write_csv_files(out, actors, reports, aliases, names)
    write_roster(out / "roster_2022_google_forms.csv", rng, actors, reports, roles)
    planted = {
        "synthetic": True,
        "title": TITLE,
        "seed": SEED,
        "hubs": sorted(roles.hubs),
        "main_funder": roles.funder,
        "silo_sector": "business",
        "gateway_municipality": "Simrishamn",
        "gateway_actor": roles.gateway,
        "gateway_local_actors": sorted(roles.simrishamn_locals),
        "isolated": sorted(roles.isolated),
        "entering_2022": sorted(roles.entering),
        "leaving_2022": sorted(roles.leaving),
        "misspellings": planted_names,
        "aliases": {alias: actor_id for alias, actor_id in aliases},
    }
    text = json.dumps(planted, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomic(out / "planted.json", text.encode("utf-8"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Regenerate the synthetic Skåne demo ecosystem.")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT})")
    main(parser.parse_args().out)
