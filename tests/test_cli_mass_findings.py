"""At register scale the terminal summarises a rule that found hundreds of actors, as the report does."""

from types import SimpleNamespace

import pandas as pd
from rich.console import Console

from skane_ecosystem.cli import findings_renderables
from skane_ecosystem.config import AnalysisConfig
from skane_ecosystem.findings import MASS_FINDINGS_ABOVE


def _register_scale_analysis(count: int):
    flags = pd.DataFrame(
        {
            "subject": [f"A{i:05d}" for i in range(count)],
            "subject_name": [f"Organisation {i}" for i in range(count)],
            "level": "actor",
            "kind": "impediment",
            "code": "peripheral",
            "score": 1.0,
            "evidence": [{"degree": 1}] * count,
            "stability": [0.9 - i / (10 * count) for i in range(count)],
            "stability_se": 0.01,
            "tentative": False,
            "explanation_en": [f"Organisation {i} is on the periphery: it has 1 tie." for i in range(count)],
            "explanation_sv": [f"Organisation {i} befinner sig i periferin: aktören har 1 band." for i in range(count)],
            "params": [{}] * count,
        }
    )
    return SimpleNamespace(flags=flags, config=AnalysisConfig(), title="Register", synthetic=False)


def _printed(renderables) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    for renderable in renderables:
        console.print(renderable)
    return console.export_text()


def test_a_mass_rule_is_one_line_in_the_terminal_as_in_the_report():
    text = _printed(findings_renderables(_register_scale_analysis(MASS_FINDINGS_ABOVE + 50), "en"))
    assert "Organisation 0 is on the periphery" not in text
    assert str(MASS_FINDINGS_ABOVE + 50) in text and "flags.csv" in text


def test_below_the_threshold_the_findings_are_listed():
    text = _printed(findings_renderables(_register_scale_analysis(3), "en"))
    assert "Organisation 0 is on the periphery" in text
