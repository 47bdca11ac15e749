"""Small hand-made ecosystems for tests: a survey from a list of nominations."""

import pandas as pd

from skane_ecosystem import Ecosystem


def survey(actors, nominations, relation="collaboration", respondents=None, directions=None) -> Ecosystem:
    """An Ecosystem from (reporter, named) nominations, all of one relation.

    The respondents are the reporters unless ``respondents`` names them; every
    actor is of sector "other", named "Org <id>".
    """
    answered = {s for s, _ in nominations} if respondents is None else set(respondents)
    actor_frame = pd.DataFrame(
        {
            "id": actors,
            "name": [f"Org {a}" for a in actors],
            "sector": "other",
            "type": "",
            "municipality": "",
            "respondent": [a in answered for a in actors],
        }
    ).set_index("id")
    ties = pd.DataFrame(
        [
            {"source": s, "target": t, "relation": relation, "weight": 1.0, "wave": "", "reported_by": s}
            for s, t in nominations
        ]
    )
    return Ecosystem(actor_frame, ties, directions=directions or {})


#: The barbell of the CLI tests: two cliques of three joined through Gateway.
BARBELL_NAMES = ["A1", "A2", "A3", "Gateway", "B1", "B2", "B3"]
BARBELL_EDGES = [
    ("A1", "A2"),
    ("A1", "A3"),
    ("A2", "A3"),
    ("A3", "Gateway"),
    ("Gateway", "B1"),
    ("B1", "B2"),
    ("B1", "B3"),
    ("B2", "B3"),
]


def barbell_workbook(path, one_sided=(), contact_persons=False):
    """Write a two-wave survey workbook: the barbell in 2019, plus a direct A1-B2 tie in 2022.

    Every tie is reported by both sides except the pairs in ``one_sided`` (reported
    by the first only).  With ``contact_persons`` the actors sheet names a contact
    person per organisation (Gateway's is "Greta Gatekeeper").
    """
    sectors = ["public", "public", "public", "academia", "business", "business", "business"]
    actors = pd.DataFrame(
        {"id": BARBELL_NAMES, "name": BARBELL_NAMES, "sector": sectors, "municipality": "Lund", "respondent": "yes"}
    )
    if contact_persons:
        actors["contact_person"] = [f"Person {n}" for n in BARBELL_NAMES]
        actors.loc[actors["id"] == "Gateway", "contact_person"] = "Greta Gatekeeper"
    rows = []
    for wave, extra in (("2019", []), ("2022", [("A1", "B2")])):
        for source, target in BARBELL_EDGES + extra:
            rows.append((source, target, "collaboration", 3, wave))
            if (source, target) not in one_sided:
                rows.append((target, source, "collaboration", 3, wave))
    ties = pd.DataFrame(rows, columns=["source", "target", "relation", "weight", "wave"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path) as writer:
        actors.to_excel(writer, sheet_name="actors", index=False)
        ties.to_excel(writer, sheet_name="ties", index=False)
    return path
