"""A small survey with everything privacy must handle, analysed once per test session.

The survey has 27 organisations in four sectors (academia has only three, so public
tables must suppress it), two waves, weighted ties, and every kind of personal data a
real survey collects: contact persons, respondents' names, e-mail addresses, phone
numbers and free-text comments on both actors and ties.  Three organisations have
hostile names: an HTML injection and two spreadsheet formulas.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.config import StabilityConfig

XSS_NAME = "<img src=x onerror=alert(1)>"
HYPERLINK_NAME = '=HYPERLINK("http://x","y")'
FORMULA_NAME = "=1+1"

SECTOR_SIZES = {"public": 6, "business": 7, "academia": 3, "civil_society": 8}
FIRST = ["Ingrid", "Karim", "Maja", "Yusuf", "Elsa", "Tomas", "Leila", "Gustav", "Nora"]
LAST = ["Vesterlund", "Okonkwo", "Brannvall", "Haddadi", "Lindqvist", "Sarkisian", "Moberg"]


def _people(offset: int, count: int) -> list[str]:
    names = [f"{first} {last}" for last in LAST for first in FIRST]
    return names[offset : offset + count]


def build_survey() -> Ecosystem:
    """The survey as an Ecosystem built from DataFrames (deterministic)."""
    rows = []
    for sector, size in SECTOR_SIZES.items():
        for i in range(1, size + 1):
            rows.append(
                {
                    "id": f"{sector[:3].upper()}{i}",
                    "name": f"{sector.replace('_', ' ').title()} Org {i}",
                    "sector": sector,
                }
            )
    rows.append({"id": "XSS1", "name": XSS_NAME, "sector": "civil_society"})
    rows.append({"id": "FRM1", "name": HYPERLINK_NAME, "sector": "business"})
    rows.append({"id": "FRM2", "name": FORMULA_NAME, "sector": "business"})
    n = len(rows)
    contacts, respondents = _people(0, n), _people(n, n)
    for k, row in enumerate(rows):
        row.update(
            {
                "type": "organisation",
                "municipality": ["Malmö", "Lund", "Ystad"][k % 3],
                "respondent": k % 5 != 4,
                "contact_person": contacts[k],
                "Respondent name": respondents[k],
                "E-mail": f"{contacts[k].split()[0].lower()}.{contacts[k].split()[1].lower()}{k}@example.org",
                "Telefon": f"040-555 01 {k:02d}",
                "notes": f"Confidential board matter number {k}",
            }
        )
    actors = pd.DataFrame(rows).set_index("id")
    ties = []
    rng = np.random.default_rng(7)
    ids = [i for i in actors.index if i != "XSS1"]  # the XSS actor stays isolated: it is flagged
    for wave, extra in (("2021", 0), ("2022", 6)):
        pairs = set()
        for k in range(len(ids) - 1):  # a chain keeps everyone reachable
            pairs.add((ids[k], ids[k + 1]))
        while len(pairs) < 40 + extra:
            a, b = rng.choice(len(ids), size=2, replace=False)
            pairs.add((ids[a], ids[b]))
        for j, (a, b) in enumerate(sorted(pairs)):
            relation = "funding" if j % 4 == 0 else "collaboration"
            ties.append(
                {
                    "source": a,
                    "target": b,
                    "relation": relation,
                    "weight": float(1 + j % 4),
                    "wave": wave,
                    "reported_by": a,
                    "comment": f"Private remark {wave}-{j} about delays" if j % 3 == 0 else "",
                }
            )
    meta = {"title": "Test survey", "sources": ["survey.xlsx"], "synthetic": False}
    return Ecosystem(actors, pd.DataFrame(ties), meta=meta)


def sensitive_strings(eco: Ecosystem) -> list[str]:
    """Every value a public output must not show."""
    values = []
    for column in ("contact_person", "Respondent name", "E-mail", "Telefon", "notes"):
        values += [str(v) for v in eco.actors[column]]
    values += [c for c in eco.ties["comment"] if c]
    return sorted(set(values))


def readable_texts(path: Path) -> list[str]:
    """The text of a file as a reader (or a parser) would see it: xlsx members unzipped,
    HTML entities and JSON \\u escapes decoded."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            raw = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    else:
        raw = [path.read_bytes().decode("utf-8", "replace")]
    texts = []
    for text in raw:
        texts += [text, html.unescape(text), re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)]
    return texts


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


CONFIG = AnalysisConfig(stability=StabilityConfig(resamples=5))


@pytest.fixture(scope="session")
def survey() -> Ecosystem:
    return build_survey()


@pytest.fixture(scope="session")
def analysis(survey):
    return analyze(survey, CONFIG)


@pytest.fixture(scope="session")
def comparison(survey):
    from skane_ecosystem import compare

    return compare(survey, "2021", "2022", CONFIG)


@pytest.fixture(scope="session")
def public_bundle(analysis, tmp_path_factory) -> Path:
    from skane_ecosystem.render.bundle import write_bundle

    out = tmp_path_factory.mktemp("public")
    write_bundle(analysis, out, lang="en", privacy="public")
    return out


@pytest.fixture(scope="session")
def internal_bundle(analysis, tmp_path_factory) -> Path:
    from skane_ecosystem.render.bundle import write_bundle

    out = tmp_path_factory.mktemp("internal")
    write_bundle(analysis, out, lang="en", privacy="internal", figures=False)
    return out
