"""The report as a policymaker reads it (issue 15): who the network figure names,
which new ties it suggests, and where its title comes from."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.text import Text

import skane_ecosystem as se
from skane_ecosystem.config import AnalysisConfig, StabilityConfig
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render import figures
from skane_ecosystem.render.bundle import draw_figures
from tests.render.test_figures import small_ecosystem

FAST = AnalysisConfig(stability=StabilityConfig(resamples=5))


@pytest.fixture(scope="module")
def demo_analysis():
    return se.analyze(se.demo(), FAST, progress=None)


# ------------------------------------------------------------ the network figure
def _named(fig) -> list[Text]:
    return list(fig.axes[0].texts)


@pytest.mark.parametrize("level", ["public", "internal"])
def test_the_network_figure_names_the_three_largest_hubs_without_overlap(demo_analysis, level):
    shown = apply_privacy(demo_analysis, level, lang="en")
    fig = draw_figures(shown, ["network"])["network"]
    names = {text.get_text().replace("\n", " ") for text in _named(fig)}
    degree = pd.to_numeric(shown.actors["degree"], errors="coerce")
    hubs = degree.sort_values(ascending=False, kind="stable").index[:3]
    for hub in hubs:
        assert shown.graph.nodes[hub]["name"] in names, hub
    renderer = fig.canvas.get_renderer()
    boxes = [figures._name_box(text, renderer) for text in _named(fig)]
    overlapping = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert not overlapping


def test_a_tentative_finding_does_not_put_a_small_actor_before_the_largest():
    flags = pd.DataFrame(
        {"subject": ["a6"], "level": "actor", "kind": "impediment", "code": "isolated", "tentative": True}
    )
    fig = figures.network_figure(small_ecosystem(), flags=flags, label_flagged=1)
    assert [text.get_text() for text in _named(fig)] == ["Region Skåne"]  # a1: the most partners
