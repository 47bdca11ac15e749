"""A small synthetic ecosystem to map in the browser tests and the documentation screenshot."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from skane_ecosystem import Ecosystem

XSS_IMG = '<img src=x onerror="window.__pwned=1">'
XSS_SCRIPT = '"><script>window.__pwned=1</script>'

# --------------------------------------------------------------- example data
SECTOR_CYCLE = ("public", "business", "academia", "civil_society", "public", "civil_society", "other")
MUNICIPALITIES = ("Malmö", "Lund", "Helsingborg", "Kristianstad", "Ystad")
RELATIONS = ("collaboration", "funding", "advice")


def example_ecosystem(n_actors: int = 36, seed: int = 7, xss: bool = False) -> Ecosystem:
    """A synthetic ecosystem: fictional actors in the five sectors, two survey waves and
    three relations, with ties drawn from a seeded small-world graph."""
    skeleton = nx.connected_watts_strogatz_graph(n_actors, 4, 0.25, seed=seed)
    names = [
        f"Exempel {['Region', 'Företag', 'Högskola', 'Förening', 'Kommun', 'Stiftelse', 'Nätverk'][i % 7]} {i:02d}"
        for i in range(n_actors)
    ]
    if xss:
        names[3], names[5] = XSS_IMG, XSS_SCRIPT
    actors = pd.DataFrame(
        {
            "id": [f"a{i:02d}" for i in range(n_actors)],
            "name": names,
            "sector": [SECTOR_CYCLE[i % len(SECTOR_CYCLE)] for i in range(n_actors)],
            "type": ["organisation"] * n_actors,
            "municipality": [MUNICIPALITIES[(i * 3) % len(MUNICIPALITIES)] for i in range(n_actors)],
            "respondent": [i % 5 != 4 for i in range(n_actors)],
        }
    ).set_index("id")
    ties = []
    for k, (u, v) in enumerate(sorted(skeleton.edges())):
        ties.append(
            {
                "source": f"a{u:02d}",
                "target": f"a{v:02d}",
                "relation": RELATIONS[k % 3],
                "weight": float(1 + (u * v) % 4),
                "wave": "2023" if k % 4 else "2024",
                "reported_by": f"a{u:02d}",
            }
        )
    ties.append(
        {"source": "a00", "target": "a01", "relation": "funding", "weight": 2.0, "wave": "2024", "reported_by": "a00"}
    )
    return Ecosystem(
        actors=actors, ties=pd.DataFrame(ties), meta={"title": "Synthetic example ecosystem", "synthetic": True}
    )


def example_flags() -> pd.DataFrame:
    """Findings in the shape produced by the analysis (level, kind, code, evidence ...)."""
    rows = [
        (
            "a00",
            "actor",
            "facilitator",
            "hub",
            0.9,
            0.95,
            "Exempel Region 00 is a hub.",
            "Exempel Region 00 är ett nav.",
            {"degree": 9, "top": 0.05},
        ),
        (
            "a07",
            "actor",
            "facilitator",
            "broker",
            0.7,
            0.8,
            "Exempel Region 07 is a broker.",
            "Exempel Region 07 är en mäklare.",
            {"betweenness": 0.31},
        ),
        (
            "a07",
            "actor",
            "impediment",
            "single_point_of_failure",
            0.6,
            0.5,
            "If it left, 3 actors would be cut off.",
            "Om den försvann skulle 3 aktörer skäras av.",
            {"cut_off": 3},
        ),
        (
            "a12",
            "actor",
            "impediment",
            "peripheral",
            0.3,
            0.9,
            "Exempel Kommun 12 is on the periphery.",
            "Exempel Kommun 12 är perifer.",
            {"degree": 1},
        ),
        (
            "academia",
            "group",
            "impediment",
            "sector_silo",
            0.5,
            0.7,
            "Academia is a silo.",
            "Akademin är en silo.",
            {"ei": -0.6},
        ),
    ]
    columns = [
        "subject",
        "level",
        "kind",
        "code",
        "severity",
        "stability",
        "explanation_en",
        "explanation_sv",
        "evidence",
    ]
    return pd.DataFrame(rows, columns=columns)
