"""Coded qualitative material: read beside the survey, actors matched like ties, counted by hand-checked tables."""

import pandas as pd
import pytest
from survey_files import ACTORS, TIES, located, write_csv, write_xlsx

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load_csv, load_workbook
from skane_ecosystem.qualitative import code_cooccurrence, code_frequencies, codes_by_finding

CODED = [
    ["aktör", "kod", "slag", "citat", "källa"],
    ["Region Skane", "funding gap", "hinder", "Pengarna räcker inte", "intervju"],  # folded name
    ["rs", "funding gap", "barrier", "Again the money", "workshop"],  # the same actor and theme again
    ["lu", "meeting places", "möjliggörare", "", "workshop"],
    ["co", "funding gap", "need", "", "öppet svar"],
    ["co", "regulation", "", "", ""],
]


def test_the_qualitative_sheet_is_read_with_actors_matched_like_ties(tmp_path):
    eco = load_workbook(write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": TIES, "kvalitativt": CODED}))
    assert eco.qualitative["actor"].tolist() == ["rs", "rs", "lu", "co", "co"]
    assert eco.qualitative["kind"].tolist() == ["impediment", "impediment", "facilitator", "need", ""]
    assert eco.qualitative.loc[0, "quote"] == "Pengarna räcker inte"


def test_a_folder_of_csv_files_may_hold_qualitative_csv(tmp_path):
    for name, rows in (("actors", ACTORS), ("ties", TIES), ("qualitative", CODED)):
        write_csv(tmp_path / f"{name}.csv", rows)
    assert len(load_csv(tmp_path).qualitative) == 5


def test_unknown_actor_and_unknown_kind_are_located_errors(tmp_path):
    coded = CODED[:1] + [["Malmö universitet", "funding gap", "hinder", "", ""], ["rs", "regulation", "maybe", "", ""]]
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": TIES, "qualitative": coded})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    assert located(caught.value, sheet="qualitative", row=2)[0].column == "aktör"
    assert "barrier, facilitator or need" in located(caught.value, sheet="qualitative", row=3)[0].message


def test_a_survey_without_qualitative_material_has_an_empty_table(tmp_path):
    eco = load_workbook(write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": TIES}))
    assert eco.qualitative.empty and list(eco.qualitative.columns) == ["actor", "code", "kind", "quote", "source"]


@pytest.fixture
def eco(tmp_path):
    return load_workbook(write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": TIES, "qualitative": CODED}))


def test_frequencies_count_actors_not_passages(eco):
    # by hand: funding gap raised by rs (public, twice: counts once) and co (civil society); the others once each
    table = code_frequencies(eco, by="sector")
    assert table.loc["funding gap"].to_dict() == {"public": 1, "academia": 0, "civil_society": 1, "total": 2}
    assert table["total"].to_dict() == {"funding gap": 2, "meeting places": 1, "regulation": 1}
    assert code_frequencies(eco, by="municipality").loc["funding gap", "Malmö"] == 2


def test_cooccurrence_is_symmetric_with_actor_counts_on_the_diagonal(eco):
    together = code_cooccurrence(eco)
    assert together.loc["funding gap", "regulation"] == together.loc["regulation", "funding gap"] == 1  # co
    assert together.loc["funding gap", "funding gap"] == 2
    assert together.loc["meeting places", "funding gap"] == 0


def test_codes_beside_findings(eco):
    flags = pd.DataFrame(
        {
            "level": ["actor", "actor", "network"],
            "code": ["single_point_of_failure", "single_point_of_failure", "fragmented"],
            "subject": ["rs", "lu", ""],
        }
    )
    table = codes_by_finding(eco, flags)
    assert table.loc["funding gap", "single_point_of_failure"] == 1  # rs, not lu
    assert table.loc["meeting places", "single_point_of_failure"] == 1  # lu
    assert table.loc["actors"].to_dict() == {"single_point_of_failure": 2, "all actors": 5}
    assert "fragmented" not in table.columns  # network-level findings have no actors to ask


def test_frequencies_refuse_an_unknown_grouping(eco):
    with pytest.raises(ValueError, match="by must be one of"):
        code_frequencies(eco, by="colour")
