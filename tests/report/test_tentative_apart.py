"""A flag below the stability floor is no finding: every output lists it apart.

The demo's "Public employment office (Helsingborg)" (A037) meets the hub rule on the
full data but in no resample (stability 0.00).  It must leave every list of
facilitators, summary, headline, map highlight and figure label, and appear only
among the tentative findings, with its stability.  With stability switched off,
every flag is shown as a finding and every output says stability was not estimated.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from rich.console import Console

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig
from skane_ecosystem.cli import findings_renderables
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.figures import network_figure
from skane_ecosystem.render.notebook import analysis_html
from skane_ecosystem.render.report_xlsx import build_workbook


def report_page(analysis, **options) -> str:
    """The report.html of the analysis' bundle (``Analysis.report`` is the one report entry point)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = analysis.report(Path(folder) / "bundle", figures=False, map_html=False, **options)
        return paths["report.html"].read_text(encoding="utf-8")


FRAGILE_HUB = "A037"
FRAGILE_NAME = "Public employment office (Helsingborg)"
NOT_ESTIMATED = "Stability was not estimated"


@pytest.fixture(scope="module")
def demo():
    return se.demo()


@pytest.fixture(scope="module")
def analysis(demo):
    return se.analyze(demo, AnalysisConfig(stability=StabilityConfig(resamples=20)))


@pytest.fixture(scope="module")
def unchecked(demo):
    return se.analyze(demo, AnalysisConfig(stability=StabilityConfig(enabled=False)))


@pytest.fixture(scope="module")
def page(analysis):
    return report_page(analysis)


def section(page: str, key: str) -> str:
    start = page.index(f'<section id="{key}">')
    return page[start : page.index("</section>", start)]


def plain(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).replace("&#39;", "'").replace("&amp;", "&").split())


def cli_text(analysis, top=200) -> str:
    console = Console(file=io.StringIO(), width=400, color_system=None)
    for renderable in findings_renderables(analysis, "en", top=top):
        console.print(renderable)
    return console.file.getvalue()


def test_the_fragile_hub_is_tentative_in_the_demo(analysis):
    hub = analysis.flags.set_index(["subject", "code"]).loc[(FRAGILE_HUB, "hub")]
    assert hub["stability"] == 0.0 and hub["tentative"]


# ----------------------------------------------------------------- report
def test_report_lists_the_fragile_hub_only_among_tentative_findings(page):
    for key in ("summary", "facilitators", "impediments", "sectors"):
        assert FRAGILE_NAME not in plain(section(page, key)), key
    tentative = plain(section(page, "tentative"))
    assert f"{FRAGILE_NAME} Facilitator: Hub" in tentative
    assert "0% ± 0%" in tentative
    assert "fewer than 50% of the resampled versions" in tentative
    assert 'href="#tentative"' in section(page, "summary")


def test_every_tentative_flag_is_in_the_tentative_section_and_no_other_list(analysis, page):
    tentative = plain(section(page, "tentative"))
    listed = plain(section(page, "facilitators") + section(page, "impediments"))
    for flag in analysis.flags.to_dict("records"):
        sentence = flag["explanation_en"]
        assert (sentence in tentative) == flag["tentative"], sentence
        assert (sentence in listed) == (not flag["tentative"]), sentence


def test_the_swedish_report_calls_them_preliminary(analysis):
    page = report_page(analysis, lang="sv")
    assert "Preliminära fynd" in plain(section(page, "tentative"))


# --------------------------------------------------------------- workbook
def test_workbook_summary_keeps_the_fragile_hub_apart(analysis):
    wb = build_workbook(apply_privacy(analysis))
    cells = [str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value is not None]
    apart = next(i for i, text in enumerate(cells) if text.startswith("Tentative findings (stability below 50%"))
    mentions = [i for i, text in enumerate(cells) if FRAGILE_NAME in text]
    assert mentions and min(mentions) > apart
    headers = [c.value for c in next(wb["Findings"].iter_rows(max_row=1))]
    assert "Stability, standard error" in headers


# -------------------------------------------------------------------- CLI
def test_cli_lists_the_fragile_hub_after_the_findings_as_tentative(analysis):
    text = cli_text(analysis)
    apart = text.index("Tentative findings (stability below 50%)")
    assert text.index(FRAGILE_NAME) > apart
    assert "0.00 ± 0.00" in text[apart:]


def test_cli_says_when_stability_was_not_estimated(unchecked):
    text = cli_text(unchecked)
    assert NOT_ESTIMATED in " ".join(text.split())
    assert FRAGILE_NAME in text and "Tentative" not in text


# ----------------------------------------------------- notebook and repr
def test_counts_of_findings_leave_tentative_flags_out(analysis):
    flags = analysis.flags
    firm = flags[~flags["tentative"]]
    facilitators = int((firm["kind"] == "facilitator").sum())
    impediments = int((firm["kind"] == "impediment").sum())
    assert (
        f"{facilitators} facilitator and {impediments} impediment findings, "
        f"{int(flags['tentative'].sum())} tentative" in repr(analysis)
    )
    card = plain(analysis_html(analysis))
    assert f"Facilitator findings {facilitators} " in card
    assert f"Tentative findings {int(flags['tentative'].sum())}" in card
    assert FRAGILE_NAME not in card


def test_repr_and_card_say_when_stability_was_not_estimated(unchecked):
    assert "stability not estimated" in repr(unchecked)
    assert "Stability not estimated" in plain(analysis_html(unchecked))


# -------------------------------------------------------- map and figure
def test_map_neither_marks_nor_filters_by_the_fragile_hub(analysis):
    data = json.loads(re.search(r'id="skane-data">(.*?)</script>', analysis.explore().html, re.S).group(1))
    node = next(n for n in data["nodes"] if n["id"] == FRAGILE_HUB)
    assert node["flagKinds"] == [] and node["flagCodes"] == []
    listed = [f for f in data["flags"] if f["subject"] == FRAGILE_HUB and f["codeLabel"] == "Hub"]
    assert len(listed) == 1 and listed[0]["tentative"] and listed[0]["stability"] == "0 ± 0"
    assert any(f["tentative"] is False and "±" in f["stability"] for f in data["flags"])


def test_figure_marks_and_names_no_tentative_actor():
    G = nx.path_graph(["a", "b", "c"])
    nx.set_node_attributes(G, {"a": "Firm Hub", "b": "Fragile Hub", "c": "Quiet One"}, "name")
    flags = pd.DataFrame(
        {
            "subject": ["a", "b"],
            "level": "actor",
            "kind": "facilitator",
            "code": "hub",
            "score": [0.9, 0.95],
            "stability": [0.8, 0.1],
            "tentative": [False, True],
        }
    )
    # One name: the actor with a finding, not the larger one with a tentative flag
    fig = network_figure(G, flags=flags, label_flagged=1)
    assert {t.get_text() for t in fig.axes[0].texts} == {"Firm Hub"}


# -------------------------------------------------- without stability
def test_without_stability_every_flag_is_a_finding_and_the_report_says_so(unchecked):
    page = report_page(unchecked)
    assert '<section id="tentative">' not in page
    assert FRAGILE_NAME in plain(section(page, "facilitators"))
    assert NOT_ESTIMATED in plain(section(page, "summary"))
    assert NOT_ESTIMATED in plain(section(page, "method"))
    wb = build_workbook(apply_privacy(unchecked))
    cells = " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value is not None)
    assert NOT_ESTIMATED in cells


# ---------------------------------------- the standard error is public
def test_public_flag_table_carries_the_standard_error(analysis):
    public = apply_privacy(analysis, "public").flags
    assert public["stability_se"].tolist() == pytest.approx(analysis.flags["stability_se"].tolist())
