"""Coded qualitative material and SNI codes in the analysis and every output (issue 17).

A coded-interview sheet with quotes that name people is added to the demo survey.
Internal outputs show the quotes beside the findings (workbook, CSV) and on the
actor cards (map); public outputs show only how many actors raised each code, with
counts below 5 suppressed, and no quote or name in any file.  The counts are
checked against sets of actors written out by hand, not against our own output.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem import AnalysisConfig
from skane_ecosystem.demo import demo_path
from skane_ecosystem.industries import sni_sections_by_sector
from skane_ecosystem.render.bundle import write_bundle

FAST = AnalysisConfig(stability={"enabled": False})

#: Who raised what: seven actors name a funding gap, two name regulation.
FUNDING = ["A001", "A002", "A003", "A004", "A005", "A006", "A007"]
REGULATION = ["A002", "A010"]

#: Text that must never leave an internal output: a person named in a quote, and the quotes.
PERSON = "Zebulon Frostgård"
QUOTES = {actor: f"Enligt {PERSON} saknas pengar hos {actor} (citat-{n})" for n, actor in enumerate(FUNDING)}


def _coded_rows() -> list[list[str]]:
    rows = [[actor, "finansieringsgap", "hinder", QUOTES[actor], "intervju"] for actor in FUNDING]
    rows += [[actor, "regelverk", "hinder", f"Regler krånglar, säger {PERSON}", "workshop"] for actor in REGULATION]
    return rows


@pytest.fixture(scope="module")
def coded_survey(tmp_path_factory) -> Path:
    """The demo workbook with a Swedish ``kvalitativt`` sheet of coded interviews."""
    path = tmp_path_factory.mktemp("survey") / "survey.xlsx"
    shutil.copy(demo_path(), path)
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("kvalitativt")
    sheet.append(["aktör", "kod", "slag", "citat", "källa"])
    for row in _coded_rows():
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def result(coded_survey):
    return se.analyze(se.load(coded_survey), FAST)


@pytest.fixture(scope="module")
def public_bundle(result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "bundle"
    write_bundle(result, out, lang="sv", privacy="public", figures=False)
    return out


@pytest.fixture(scope="module")
def internal_bundle(result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("internal") / "bundle"
    write_bundle(result, out, lang="en", privacy="internal", figures=False)
    return out


def readable_text(path: Path) -> str:
    """A file's text as a reader sees it (the members of an xlsx unzipped)."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


# ------------------------------------------------------------------ analysis
def test_the_analysis_holds_code_counts_of_distinct_actors(result):
    tables = result.qualitative
    sectors = result.ecosystem.actors["sector"]
    assert tables.by_sector.loc["finansieringsgap", "total"] == len(FUNDING)
    assert tables.by_sector.loc["regelverk", "total"] == len(REGULATION)
    for sector in tables.by_sector.columns.drop("total"):
        expected = sum(sectors[a] == sector for a in FUNDING)
        assert tables.by_sector.loc["finansieringsgap", sector] == expected
    both = len(set(FUNDING) & set(REGULATION))
    assert tables.cooccurrence.loc["finansieringsgap", "regelverk"] == both == 1


def test_codes_are_counted_against_the_actors_behind_each_finding(result):
    by_finding = result.qualitative.by_finding
    actor_flags = result.flags[result.flags["level"] == "actor"]
    for finding, subjects in actor_flags.groupby("code")["subject"]:
        assert by_finding.loc["finansieringsgap", finding] == len(set(subjects) & set(FUNDING))
        assert by_finding.loc["actors", finding] == subjects.nunique()


def test_an_ecosystem_without_coded_material_has_empty_tables_and_no_qualitative_files(tmp_path):
    result = se.analyze(se.demo(), FAST)
    assert result.qualitative.empty and result.sni_sections.empty
    write_bundle(result, tmp_path / "b", figures=False, map_html=False)
    assert not [p.name for p in (tmp_path / "b").iterdir() if p.name.startswith(("qualitative", "sni"))]


# ------------------------------------------------------------------ public
def test_a_public_bundle_holds_neither_quotes_nor_the_names_in_them(public_bundle):
    files = sorted(p for p in public_bundle.rglob("*") if p.is_file())
    assert len(files) >= 8
    for path in files:
        text = readable_text(path)
        assert PERSON not in text, path.name
        assert "citat-" not in text and "Regler krånglar" not in text, path.name
    assert not (public_bundle / "qualitative_quotes.csv").exists()


def test_a_public_bundle_shows_code_counts_with_small_cells_suppressed(public_bundle):
    counts = pd.read_csv(public_bundle / "qualitative_by_sector.csv", encoding="utf-8-sig", dtype=str)
    totals = dict(zip(counts["code"], counts["total"]))
    assert totals == {"finansieringsgap": "7", "regelverk": "<5"}
    cells = counts.drop(columns=["code", "total"]).to_numpy().ravel()
    assert set(cells) <= {"0", "<5", "5", "6", "7"}  # the seven are spread over sectors: no cell 1-4
    together = pd.read_csv(public_bundle / "qualitative_cooccurrence.csv", encoding="utf-8-sig", dtype=str)
    assert together.set_index("code").loc["finansieringsgap", "regelverk"] == "<5"


# ---------------------------------------------------------------- internal
def test_an_internal_bundle_writes_the_quotes_beside_the_actors_findings(internal_bundle, result):
    quotes = pd.read_csv(internal_bundle / "qualitative_quotes.csv", encoding="utf-8-sig", keep_default_na=False)
    assert set(quotes["quote"]) >= set(QUOTES.values())
    assert list(quotes.columns) == ["actor", "name", "code", "kind", "quote", "source", "findings"]
    flagged = result.flags[(result.flags["level"] == "actor") & ~result.flags["tentative"]]
    for actor, codes in flagged.groupby("subject")["code"]:
        shown = quotes.loc[quotes["actor"] == actor, "findings"]
        assert all(f == "; ".join(sorted(set(codes))) for f in shown)


def sheet_rows(path: Path, title: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [row for row in book[title].iter_rows(values_only=True)]


def test_the_internal_workbook_has_a_qualitative_sheet_with_the_quotes(internal_bundle):
    rows = sheet_rows(internal_bundle / "report.xlsx", "Qualitative")
    cells = {cell for row in rows for cell in row if cell is not None}
    assert set(QUOTES.values()) <= cells
    assert "Code (theme)" in cells and "All organisations" in cells


def test_the_public_workbook_has_a_kvalitativt_sheet_of_counts_only(public_bundle):
    book = openpyxl.load_workbook(public_bundle / "report.xlsx", read_only=True)
    assert "Kvalitativt" in book.sheetnames
    rows = sheet_rows(public_bundle / "report.xlsx", "Kvalitativt")
    # the first table counts by sector, its last column the total
    first = {}
    for row in rows:
        if row and row[0] in ("finansieringsgap", "regelverk"):
            first.setdefault(row[0], [cell for cell in row if cell is not None])
    assert first["regelverk"][-1] == "<5" and first["finansieringsgap"][-1] == len(FUNDING)
    assert "Citat" not in {cell for row in rows for cell in row}


# --------------------------------------------------------------------- SNI
def test_sni_codes_are_counted_by_sector_and_section():
    actors = pd.DataFrame(
        {
            "sector": ["business", "business", "business", "public", "civil_society", "academia"],
            "sni": ["62.010", "62", "10.711", "84.110", None, "85.422"],
        }
    )
    table = sni_sections_by_sector(actors)
    # 62 is section J (58-63), 10 is C (10-33), 84 is O, 85 is P (SNI 2007)
    assert table.to_dict("index") == {
        "public": {"C": 0, "J": 0, "O": 1, "P": 0, "total": 1},
        "business": {"C": 1, "J": 2, "O": 0, "P": 0, "total": 3},
        "academia": {"C": 0, "J": 0, "O": 0, "P": 1, "total": 1},
    }


def test_a_public_bundle_shows_sni_sections_with_small_cells_suppressed(tmp_path):
    eco = se.demo()
    business = eco.actors.index[eco.actors["sector"] == "business"]
    eco.actors["sni"] = ""
    eco.actors.loc[business, "sni"] = "62.010"
    result = se.analyze(eco, FAST)
    write_bundle(result, tmp_path / "b", privacy="public", figures=False, map_html=False)
    table = pd.read_csv(tmp_path / "b" / "sni_sections.csv", encoding="utf-8-sig", dtype=str)
    assert table.to_dict("records") == [{"sector": "business", "J": str(len(business)), "total": str(len(business))}]
    rows = sheet_rows(tmp_path / "b" / "report.xlsx", "Sectors")
    assert ("Business", len(business), len(business)) in {row[:3] for row in rows}


def map_model(path: Path) -> dict:
    """The data the map page draws from (the JSON in its data script)."""
    import json
    import re

    page = path.read_text(encoding="utf-8")
    found = re.search(r"<script[^>]*id=\"skane-data\"[^>]*>(.*?)</script>", page, re.S)
    return json.loads(found.group(1))


def test_the_internal_map_shows_the_quotes_on_the_actor_cards(internal_bundle):
    nodes = {node["id"]: node for node in map_model(internal_bundle / "map.html")["nodes"]}
    for actor, quote in QUOTES.items():
        sections = {section["title"]: section["rows"] for section in nodes[actor]["card"]["sections"]}
        rows = sections["What the material says"]
        assert ["finansieringsgap (impediment)", f"“{quote}” (intervju)"] in rows
    untouched = {section["title"] for section in nodes["A020"]["card"]["sections"]}
    assert "What the material says" not in untouched


def test_the_graph_files_carry_no_quotes(internal_bundle):
    for name in ("ecosystem.gexf", "ecosystem.graphml"):
        assert "citat-" not in (internal_bundle / name).read_text(encoding="utf-8")


def test_pseudonymised_outputs_leave_the_quotes_out(result, tmp_path):
    # free text can name the organisation a pseudonym hides
    write_bundle(result, tmp_path / "b", pseudonymize_actors=True, figures=False)
    assert (tmp_path / "b" / "qualitative_by_sector.csv").exists()
    for path in (tmp_path / "b").iterdir():
        assert "citat-" not in readable_text(path), path.name


def test_answers_not_yet_coded_are_shown_internally_to_be_coded(tmp_path):
    eco = se.demo()
    eco.qualitative = pd.DataFrame(
        {"actor": ["A003"], "code": [""], "kind": [""], "quote": ["Vi saknar mötesplatser"], "source": ["enkät"]}
    )
    result = se.analyze(eco, FAST)
    assert result.qualitative.empty
    write_bundle(result, tmp_path / "internal", figures=False, map_html=False)
    quotes = pd.read_csv(tmp_path / "internal" / "qualitative_quotes.csv", encoding="utf-8-sig", keep_default_na=False)
    assert quotes[["actor", "code", "quote"]].values.tolist() == [["A003", "", "Vi saknar mötesplatser"]]
    write_bundle(result, tmp_path / "public", privacy="public", figures=False, map_html=False)
    for path in (tmp_path / "public").iterdir():
        assert "mötesplatser" not in readable_text(path), path.name
