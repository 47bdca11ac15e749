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
