"""One small roster survey written in every layout load_roster reads.

Five organisations, three of which answered two grid questions: how often they
collaborate (asked in Swedish, answered in Swedish) and how often they exchange
funding (asked and answered in English, one answer given as a number).  Synthetic
test data.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl

ACTORS = [  # id, name, sector, type, municipality
    ("A1", "Region Skåne", "public", "region", "Malmö"),
    ("A2", "Lunds universitet", "academia", "university", "Lund"),
    ("A3", "Malmö stad", "public", "municipality", "Malmö"),
    ("A4", "Föreningen Växtkraft", "civil_society", "association", "Ystad"),
    ("A5", "Ystad Sociala Företag AB", "business", "social enterprise", "Ystad"),
]
NAMES = [name for _, name, *_ in ACTORS]
ID_OF = {name: actor_id for actor_id, name, *_ in ACTORS}

RESPONDENT_QUESTION = "Vilken organisation representerar du?"
COLLABORATION = "Hur ofta samarbetar ni med dessa organisationer?"
FUNDING = "How often do you receive funding from or give funding to these organisations?"
QUESTIONS = {"samarbete": "Hur ofta samarbetar ni", "funding": "how often do you receive FUNDING"}

# respondent -> question -> organisation -> answer as the respondent ticked it
ANSWERS = {
    "Region Skåne": {
        COLLABORATION: {
            "Lunds universitet": "Varje vecka",
            "Malmö stad": "Dagligen",
            "Föreningen Växtkraft": "Sällan",
            "Ystad Sociala Företag AB": "Aldrig",
        },
        FUNDING: {
            "Föreningen Växtkraft": "Monthly",
            "Ystad Sociala Företag AB": "A few times a year",
            "Lunds universitet": "Never",
        },
    },
    "Lunds universitet": {
        COLLABORATION: {
            "Region Skåne": "Varje månad",
            "Malmö stad": "Några gånger per år",
            "Föreningen Växtkraft": "Ingen kontakt",
        },
        FUNDING: {"Region Skåne": "Rarely"},
    },
    "Föreningen Växtkraft": {
        COLLABORATION: {"Region Skåne": "Varje vecka", "Ystad Sociala Företag AB": 4},
        FUNDING: {"Region Skåne": "Weekly", "Malmö stad": "Daily"},
    },
}

# The ties those answers make: (source, target, relation, weight)
EXPECTED_TIES = [
    ("Region Skåne", "Lunds universitet", "collaboration", 4),
    ("Region Skåne", "Malmö stad", "collaboration", 5),
    ("Region Skåne", "Föreningen Växtkraft", "collaboration", 1),
    ("Region Skåne", "Föreningen Växtkraft", "funding", 3),
    ("Region Skåne", "Ystad Sociala Företag AB", "funding", 2),
    ("Lunds universitet", "Region Skåne", "collaboration", 3),
    ("Lunds universitet", "Malmö stad", "collaboration", 2),
    ("Lunds universitet", "Region Skåne", "funding", 1),
    ("Föreningen Växtkraft", "Region Skåne", "collaboration", 4),
    ("Föreningen Växtkraft", "Ystad Sociala Företag AB", "collaboration", 4),
    ("Föreningen Växtkraft", "Region Skåne", "funding", 4),
    ("Föreningen Växtkraft", "Malmö stad", "funding", 5),
]


# ------------------------------------------------------------ the workbook
def write_workbook(path: Path) -> Path:
    """(a) The same survey as a plain survey workbook: an actors sheet and a ties sheet."""
    book = openpyxl.Workbook()
    actors = book.active
    actors.title = "actors"
    actors.append(["id", "name", "sector", "type", "municipality", "respondent"])
    for actor in ACTORS:
        actors.append([*actor, "yes" if actor[1] in ANSWERS else "no"])
    ties = book.create_sheet("ties")
    ties.append(["source", "target", "relation", "weight", "wave", "reported_by"])
    for source, target, relation, weight in EXPECTED_TIES:
        ties.append([ID_OF[source], ID_OF[target], relation, weight, 2022, ID_OF[source]])
    book.save(path)
    return path


def write_actors_csv(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "sector", "type", "municipality"])
        writer.writerows(ACTORS)
    return path


# ------------------------------------------------------------ Google Forms
def google_rows(
    answers=ANSWERS, names=NAMES, respondent_question=RESPONDENT_QUESTION, questions=(COLLABORATION, FUNDING)
) -> list[list]:
    """The rows of a Google Forms export: a header row, then one row per response."""
    header = ["Timestamp", respondent_question]
    header += [f"{question} [{name}]" for question in questions for name in names]
    rows = [header]
    for minute, (respondent, given) in enumerate(answers.items()):
        cells = [f"2022-03-01 10:{minute:02d}:00", respondent]
        cells += [given.get(question, {}).get(name, "") for question in questions for name in names]
        rows.append(cells)
    return rows


def write_csv(path: Path, rows: list[list], encoding="utf-8", delimiter=",") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list], sheet="Form Responses 1") -> Path:
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append([None if cell == "" else cell for cell in row])
    book.save(path)
    return path


# ---------------------------------------------------------------- Qualtrics
def qualtrics_rows(answers=ANSWERS) -> list[list]:
    """The rows of a Qualtrics CSV export: ids, question texts, import ids, then responses."""
    metadata = [
        ("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "Europe/Stockholm"}),
        ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
        ("Q1", RESPONDENT_QUESTION, {"ImportId": "QID1_TEXT"}),
    ]
    grid = [
        (f"Q{q}_{i}", f"{question} - {name}", {"ImportId": f"QID{q}_{i}"}, question, name)
        for q, question in ((2, COLLABORATION), (3, FUNDING))
        for i, name in enumerate(NAMES, start=1)
    ]
    rows = [
        [m[0] for m in metadata] + [g[0] for g in grid],
        [m[1] for m in metadata] + [g[1] for g in grid],
        [json.dumps(m[2]) for m in metadata] + [json.dumps(g[2]) for g in grid],
    ]
    for number, (respondent, given) in enumerate(answers.items(), start=1):
        cells = ["2022-03-01 10:00:00", f"R_{number:015d}", respondent]
        cells += [str(given.get(question, {}).get(name, "")) for *_, question, name in grid]
        rows.append(cells)
    return rows
