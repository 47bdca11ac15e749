"""Swedish register codes in the actors table: organisation numbers, municipality codes, SNI codes.

The valid organisation numbers are public bodies' and a listed company's published
numbers (Bolagsverket); the check digits are Luhn's (Skatteverket, SKV 709).
"""

import pytest
from survey_files import ACTORS, TIES, located, write_xlsx

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load_workbook
from skane_ecosystem.io.registers import (
    SKANE_MUNICIPALITIES,
    is_personal_number,
    legal_form_conflict,
    municipality_from_code,
    parse_orgnr,
    parse_sni,
    sni_section,
)
from skane_ecosystem.privacy import apply_privacy

PUBLISHED = {
    "232100-0255": "Region Skåne",
    "202100-3211": "Lunds universitet",
    "212000-1124": "Malmö stad",
    "212000-1132": "Lunds kommun",
    "202100-5216": "Vinnova",
    "556016-0680": "Telefonaktiebolaget LM Ericsson",
}


@pytest.mark.parametrize("number", PUBLISHED)
@pytest.mark.parametrize("written", ["{}", "{compact}", "16{compact}", " {} ", "16 {}"])
def test_published_organisation_numbers_are_read_in_every_usual_form(number, written):
    assert parse_orgnr(written.format(number, compact=number.replace("-", ""))) == number


def test_a_wrong_check_digit_names_the_expected_one():
    with pytest.raises(ValueError, match="last should be 5"):
        parse_orgnr("232100-0256")


@pytest.mark.parametrize("written", ["23210-0255", "2321000255999", "232100-O255", "x" * 100])
def test_malformed_organisation_numbers_are_refused(written):
    with pytest.raises(ValueError):
        parse_orgnr(written)


def test_a_personnummer_is_a_sole_traders_number_and_personal_data():
    # 811228-9874 is Skatteverket's published example personnummer
    assert parse_orgnr("19811228-9874") == "811228-9874"
    assert is_personal_number("811228-9874")
    assert not any(is_personal_number(n) for n in PUBLISHED)


def test_legal_form_warns_only_where_swedish_practice_does_not_mix_forms():
    assert legal_form_conflict("212000-1124", "business")  # a municipality in business
    assert legal_form_conflict("202100-3211", "academia") is None  # universities are public bodies
    assert legal_form_conflict("556016-0680", "public") is None  # municipal companies are aktiebolag


def test_skane_has_33_municipalities_coded_12xx():
    assert len(SKANE_MUNICIPALITIES) == 33 and all(code.startswith("12") for code in SKANE_MUNICIPALITIES)
    assert municipality_from_code("1280") == ("Malmö", None)
    assert municipality_from_code("1293 Hässleholm") == ("Hässleholm", None)
    assert municipality_from_code("0180")[0] == "0180"  # another region's code is kept, with a warning
    assert municipality_from_code("0180")[1]


def test_sni_codes_and_sections():
    assert parse_sni("88.991") == "88.991" and sni_section("88.991") == "Q"
    assert parse_sni("62010") == "62.010" and sni_section("62.010") == "J"
    for unused_division in ("04", "34", "40", "89"):
        with pytest.raises(ValueError, match="not an SNI 2007 division"):
            parse_sni(unused_division)


# ------------------------------------------------------------------ in a survey workbook
def _survey(tmp_path, numbers, extra_header="orgnr", ties=TIES, extra_rows=()):
    actors = [ACTORS[0] + [extra_header]] + [row + [n] for row, n in zip(ACTORS[1:], numbers)] + list(extra_rows)
    return write_xlsx(tmp_path / "survey.xlsx", {"actors": actors, "ties": ties})


def test_survey_with_organisation_numbers_loads_them_normalised(tmp_path):
    numbers = ["2321000255", "202100-3211", "", "212000-1124", ""]
    eco = load_workbook(_survey(tmp_path, numbers, extra_header="Organisationsnummer"))
    assert eco.actors.loc["rs", "orgnr"] == "232100-0255" and eco.actors.loc["lu", "orgnr"] == "202100-3211"


def test_a_wrong_organisation_number_is_a_located_error(tmp_path):
    numbers = ["232100-0256", "202100-3211", "", "", ""]
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(_survey(tmp_path, numbers, extra_header="Org.nr"))
    (problem,) = located(caught.value, sheet="actors", row=2)
    assert problem.column == "Org.nr" and "should be 5" in problem.message


def test_two_rows_with_one_organisation_number_are_one_renamed_organisation(tmp_path):
    # Coompanion renamed: listed under both names; ties of either name and id reach the one actor
    renamed = ["cm", "Coompanion Malmö", "idéburen", "Malmö", "556677-8899"]  # the name it had in 2019
    ties = [TIES[0], ["Coompanion Malmö", "rs", "samarbete", "1", "2019"], ["cm", "lu", "samarbete", "1", "2022"]]
    numbers = ["", "", "556677-8899", "", ""]
    eco = load_workbook(_survey(tmp_path, numbers, ties=ties, extra_rows=[renamed]))
    assert "cm" not in eco.actors.index and eco.actors.loc["co", "orgnr"] == "556677-8899"
    assert set(eco.ties["source"]) == {"co"}
    (rename,) = [p for p in eco.validation.corrections if p.column == "orgnr"]
    assert (
        rename.row == 7
        and "Coompanion Skåne" in rename.message
        and "one organisation under two names" in rename.message
    )


def test_rows_with_one_organisation_number_that_disagree_are_not_merged(tmp_path):
    numbers = ["232100-0255", "232100-0255", "", "", ""]  # Region Skåne's number on Lunds universitet too
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(_survey(tmp_path, numbers))
    (problem,) = located(caught.value, sheet="actors", row=3)
    assert "Region Skåne" in problem.message and "row 2" in problem.message and "sector" in problem.message


def test_ties_may_name_actors_by_organisation_number(tmp_path):
    ties = [TIES[0], ["232100-0255", "2021003211", "samarbete", "1", "2022"]]
    eco = load_workbook(_survey(tmp_path, ["232100-0255", "202100-3211", "", "", ""], ties=ties))
    assert list(eco.ties[["source", "target"]].itertuples(index=False, name=None)) == [("rs", "lu")]


def test_legal_form_contradicting_the_sector_is_a_located_warning(tmp_path):
    eco = load_workbook(_survey(tmp_path, ["", "", "", "", "212000-1124"]))  # Malmö stad's number on Fyrtorn AB
    (warning,) = [p for p in eco.validation.warnings if p.column == "orgnr"]
    assert warning.row == 6 and "public body" in warning.message


def test_municipality_codes_become_names_with_a_warning_when_they_disagree(tmp_path):
    actors = [["id", "name", "sector", "kommun"], ["a", "A", "public", "1280"], ["b", "B", "public", "1281 Malmö"]]
    eco = load_workbook(write_xlsx(tmp_path / "s.xlsx", {"actors": actors, "ties": [["source", "target"], ["a", "b"]]}))
    assert eco.actors["municipality"].tolist() == ["Malmö", "Lund"]
    assert [p.row for p in eco.validation.warnings if p.column == "kommun"] == [3]


def test_a_sole_traders_number_never_reaches_a_public_output(tmp_path):
    eco = load_workbook(_survey(tmp_path, ["232100-0255", "", "", "", "811228-9874"]))
    assert any("personnummer" in p.message for p in eco.validation.warnings)
    public = apply_privacy({"actors": eco.actors}, "public", public_columns=["orgnr"])["actors"]
    assert public.loc["rs", "orgnr"] == "232100-0255"
    assert public["orgnr"].isna().sum() + (public["orgnr"] == "").sum() >= 1
    assert "811228-9874" not in public.to_csv()
