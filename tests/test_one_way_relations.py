"""Relations with a declared direction are questions asked of one side only.

"From whom do you receive funding?" is asked of the receivers; the funder is never
asked to name them back.  So the funder's silence neither disconfirms the tie (the
mutual mode keeps it, unconfirmed), nor makes it an uncertain one-sided report in
the stability resamples, nor counts as "not naming back" (the ``unreciprocated``
rule).  The same ties without a declared direction are a two-sided question, and
all three treat the missing reverse report as they always have.
"""

import pytest

from skane_ecosystem import AnalysisConfig, Ecosystem, analyze
from skane_ecosystem.config import StabilityConfig
from skane_ecosystem.ecosystem import one_sided_mask
from tests.ecosystems import survey

RECEIVES = {"funding": "target_to_source"}
NO_STABILITY = AnalysisConfig(stability=StabilityConfig(enabled=False), unreciprocated_min=3)


def funding_survey(directions) -> Ecosystem:
    """Four respondents; "r" names f1, f2 and f3 as its funders, and nobody names anyone back."""
    return survey(
        ["r", "f1", "f2", "f3"],
        [("r", f) for f in ("f1", "f2", "f3")],
        relation="funding",
        respondents=["r", "f1", "f2", "f3"],
        directions=directions,
    )


@pytest.mark.parametrize("directions, kept", [(RECEIVES, 3), ({}, 0)])
def test_the_mutual_mode_keeps_one_way_ties_unconfirmed(directions, kept):
    G = funding_survey(directions).graph(mode="mutual")
    assert G.number_of_edges() == kept
    assert not any(confirmed for _, _, confirmed in G.edges(data="confirmed"))


@pytest.mark.parametrize("directions, one_sided", [(RECEIVES, [False] * 3), ({}, [True] * 3)])
def test_one_way_reports_are_not_uncertain_one_sided_ties(directions, one_sided):
    eco = funding_survey(directions)
    assert one_sided_mask(eco.ties, eco.directions).tolist() == one_sided


@pytest.mark.parametrize("directions, flagged", [(RECEIVES, []), ({}, ["r"])])
def test_a_funder_never_asked_to_name_back_is_not_counted_as_not_naming_back(directions, flagged):
    flags = analyze(funding_survey(directions), NO_STABILITY).flags
    assert flags.query("code == 'unreciprocated'")["subject"].tolist() == flagged
