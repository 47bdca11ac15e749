"""The synthetic demo: its files, the structures planted in it, and demo().

The planted structures are checked with networkx on the Ecosystem the shipped
files load to, so a later change to the generator or the loaders that loses one of
them fails here, before an analysis test fails for an obscure reason.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import pytest

import skane_ecosystem
from skane_ecosystem.demo import DEMO_FILES, DEMO_TITLE, demo, demo_path, demo_planted
from skane_ecosystem.io.names import NameResolver
from skane_ecosystem.io.tables import RawTable, build_ecosystem
from skane_ecosystem.sectors import SECTORS

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "data" / "demo" / "generate_demo.py"

#: All 33 municipalities of Skåne: the demo may only use real ones.
SKANE_MUNICIPALITIES = {
    "Bjuv",
    "Bromölla",
    "Burlöv",
    "Båstad",
    "Eslöv",
    "Helsingborg",
    "Hässleholm",
    "Höganäs",
    "Hörby",
    "Höör",
    "Klippan",
    "Kristianstad",
    "Kävlinge",
    "Landskrona",
    "Lomma",
    "Lund",
    "Malmö",
    "Osby",
    "Perstorp",
    "Simrishamn",
    "Sjöbo",
    "Skurup",
    "Staffanstorp",
    "Svalöv",
    "Svedala",
    "Tomelilla",
    "Trelleborg",
    "Vellinge",
    "Ystad",
    "Åstorp",
    "Ängelholm",
    "Örkelljunga",
    "Östra Göinge",
}
MAIN_SECTORS = {"public", "business", "academia", "civil_society"}


# ------------------------------------------------------------------ fixtures
def _sheet_table(book, sheet: str) -> RawTable:
    rows = list(book[sheet].iter_rows(values_only=True))
    frame = pd.DataFrame(rows[1:], columns=rows[0], index=range(2, len(rows) + 1))
    return RawTable(frame, "skane_demo.xlsx", sheet)


@pytest.fixture(scope="module")
def eco():
    """The demo workbook checked by the core validator alone (no loader involved)."""
    book = openpyxl.load_workbook(demo_path("skane_demo.xlsx"), read_only=True)
    try:
        return build_ecosystem(_sheet_table(book, "ties"), _sheet_table(book, "actors"), _sheet_table(book, "aliases"))
    finally:
        book.close()


@pytest.fixture(scope="module")
def planted():
    return demo_planted()


@pytest.fixture(scope="module")
def pooled(eco):
    """All relations and both waves, a tie if either side reported it."""
    return eco.graph(wave=None, mode="union")


def _sector_ei(graph: nx.Graph, sectors: dict[str, str], sector: str) -> float:
    """Krackhardt & Stern's E-I index of one sector, counted by hand: (E - I) / (E + I)."""
    internal = external = 0
    for u, v in graph.edges():
        ends = (sectors[u] == sector) + (sectors[v] == sector)
        internal += ends == 2
        external += ends == 1
    return (external - internal) / (external + internal)


# ----------------------------------------------------------- the generator
def test_generator_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    for name in DEMO_FILES:
        assert (tmp_path / name).read_bytes() == demo_path(name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(DEMO_FILES)  # no temporary files left


def test_workbook_properties_are_pinned_not_the_time_of_generation():
    book = openpyxl.load_workbook(demo_path("skane_demo.xlsx"))
    assert book.properties.created == book.properties.modified
    assert book.properties.modified.year == 2022
    assert book.sheetnames == ["README", "actors", "ties", "aliases", "relation_types"]


# --------------------------------------------------------------- the actors
def test_about_150_actors_in_all_four_sectors(eco):
    counts = eco.actors["sector"].value_counts()
    assert 140 <= len(eco.actors) <= 160
    assert set(counts.index) <= set(SECTORS)
    assert all(counts[s] >= 10 for s in MAIN_SECTORS)
    assert counts.get("other", 0) <= 5


def test_real_skane_municipalities_at_least_twelve(eco):
    places = set(eco.actors["municipality"])
    assert places <= SKANE_MUNICIPALITIES
    assert len(places) >= 12


def test_response_rate_about_two_thirds(eco):
    assert 0.6 <= eco.response_rate() <= 0.7


def test_no_real_organisation_names(eco):
    forbidden = (
        "university",
        "universitet",
        "högskola",
        "region skåne",
        "vinnova",
        "sparbank",
        "coompanion",
        "arbetsförmedlingen",
        "försäkringskassan",
        "länsstyrelsen",
        "ideon",
        "medeon",
        "minc",
        "sten k",
        "inkubera",
    )
    for name in eco.actors["name"]:
        assert not any(word in name.casefold() for word in forbidden), name


def test_privacy_columns_for_later_pseudonymisation(eco):
    # Fictional people, in a column later privacy tests must drop or pseudonymise.
    people = eco.actors["contact_person"].dropna()
    assert len(people) > 100
    assert all(len(str(p).split()) == 2 for p in people)
    ties = pd.read_excel(demo_path("skane_demo.xlsx"), sheet_name="ties", dtype=str, engine="openpyxl")
    comments = ties["comment"].dropna()
    assert 200 < len(comments) < len(ties) / 2
    assert comments.str.contains("Kontakt: |Contact via | sits on our board").any()


# ---------------------------------------------------------------- the ties
def test_four_relations_two_waves_likert_weights(eco):
    assert eco.relations == ["advice", "collaboration", "funding", "information"]
    assert eco.waves == ["2019", "2022"]
    weights = eco.ties["weight"]
    assert weights.between(1, 5).all()
    halves = eco.ties[weights % 1 != 0]
    assert set(halves["weight"] % 1) == {0.5}
    assert 10 <= len(halves) and set(halves["wave"]) == {"2019"}  # 2022 stays whole: the roster has no halves


def test_every_tie_is_reported_by_a_respondent_about_itself(eco):
    respondents = set(eco.actors.index[eco.actors["respondent"]])
    assert (eco.ties["reported_by"] == eco.ties["source"]).all()
    assert set(eco.ties["reported_by"]) <= respondents


def test_ties_between_respondents_are_mostly_reported_by_both(eco):
    respondents = set(eco.actors.index[eco.actors["respondent"]])
    ties = eco.ties[eco.ties["target"].isin(respondents)]
    reports = set(zip(ties["source"], ties["target"], ties["relation"], ties["wave"]))
    both = sum((t, s, r, w) in reports for s, t, r, w in reports)
    assert 0.75 <= both / len(reports) < 0.95  # mostly both sides, some one-sided


# --------------------------------------------------- the planted structures
def test_hubs_have_the_highest_degree_and_span_all_sectors(pooled, planted, eco):
    degree = dict(pooled.degree())
    top = sorted(degree, key=lambda n: (-degree[n], n))[: len(planted["hubs"]) + 1]
    assert set(planted["hubs"]) <= set(top)  # the main funder may come among them
    sectors = eco.actors["sector"].to_dict()
    for hub in planted["hubs"]:
        assert {sectors[n] for n in pooled[hub]} >= MAIN_SECTORS
        assert degree[hub] >= 3 * sorted(degree.values())[len(degree) // 2]


@pytest.mark.parametrize("wave", [None, "2019", "2022"])
def test_one_funder_carries_most_funding_ties(eco, planted, wave):
    funding = eco.graph(relation="funding", wave=wave)
    share = funding.degree(planted["main_funder"]) / funding.number_of_edges()
    assert share > 0.6
    second = sorted((d for n, d in funding.degree() if n != planted["main_funder"]), reverse=True)[0]
    assert second < funding.degree(planted["main_funder"]) / 4


def test_business_is_a_silo(pooled, eco, planted):
    sectors = eco.actors["sector"].to_dict()
    assert planted["silo_sector"] == "business"
    business = _sector_ei(pooled, sectors, "business")
    assert business < -0.5
    # ... and the only sector that keeps to itself
    assert all(_sector_ei(pooled, sectors, s) > 0 for s in MAIN_SECTORS - {"business"})


@pytest.mark.parametrize("wave", [None, "2019", "2022"])
def test_simrishamn_reaches_the_rest_only_through_its_gateway(eco, planted, wave):
    graph = eco.graph(wave=wave)
    gateway = planted["gateway_actor"]
    simrishamn = set(eco.actors.index[eco.actors["municipality"] == planted["gateway_municipality"]])
    assert simrishamn - {gateway} == set(planted["gateway_local_actors"])
    assert gateway in set(nx.articulation_points(graph))
    without = graph.copy()
    without.remove_node(gateway)
    components = [c for c in nx.connected_components(without) if c & simrishamn]
    assert components == [simrishamn - {gateway}]  # together, and with nobody else
    assert any(eco.actors.at[n, "municipality"] != "Simrishamn" for n in graph[gateway])


def test_isolated_social_enterprises_have_no_ties(pooled, planted, eco):
    assert sorted(nx.isolates(pooled)) == planted["isolated"]
    assert 4 <= len(planted["isolated"]) <= 6
    assert set(eco.actors.loc[planted["isolated"], "type"]) == {"social enterprise"}
    touched = set(eco.ties["source"]) | set(eco.ties["target"])
    assert not touched & set(planted["isolated"])


def test_the_waves_differ(eco, planted):
    waves = {w: eco.graph(wave=w) for w in ("2019", "2022")}
    pairs = {w: {frozenset(e) for e in g.edges()} for w, g in waves.items()}
    assert len(pairs["2019"] - pairs["2022"]) >= 20  # ties lost
    assert len(pairs["2022"] - pairs["2019"]) >= 20  # ties gained
    for newcomer in planted["entering_2022"]:
        assert waves["2019"].degree(newcomer) == 0 and waves["2022"].degree(newcomer) >= 3
    for leaver in planted["leaving_2022"]:
        assert waves["2019"].degree(leaver) >= 3 and waves["2022"].degree(leaver) == 0


def test_misspelt_names_are_reconciled_as_planted(eco, planted):
    names = eco.actors["name"].to_dict()
    resolver = NameResolver(names, planted["aliases"])
    methods = {}
    for entry in planted["misspellings"]:
        match = resolver.resolve(entry["written"])
        assert (match.actor_id, match.method) == (entry["actor_id"], entry["method"]), entry
        assert entry["written"] != names[entry["actor_id"]]
        methods[entry["method"]] = methods.get(entry["method"], 0) + 1
    assert methods == {"folded": 2, "fuzzy": 3, "alias": 2}
    # every change to what was written is logged; an alias is the user's own say
    corrected = {(p.original, p.corrected) for p in eco.validation.corrections}
    changed = {(e["written"], names[e["actor_id"]]) for e in planted["misspellings"] if e["method"] != "alias"}
    assert corrected == changed
    assert all(90 <= p.score <= 100 for p in eco.validation.corrections)


# ------------------------------------------------------------- the files
def test_swedish_csv_files_as_excel_writes_them():
    raw = demo_path("ties.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n")[0] == "källa;mål;relation;vikt;våg;rapporterad av;kommentar"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    weights = {row[3] for row in rows[1:]}
    assert "2,5" in weights and not any("." in w for w in weights)
    assert {row[2] for row in rows[1:]} == {"samarbete", "finansiering", "rådgivning", "information"}
    actors = demo_path("actors.csv").read_bytes().decode("utf-8-sig")
    assert actors.startswith("id;namn;sektor;typ;kommun;svarande;kontaktperson\r\n")
    assert "Civilsamhälle" in actors and "Näringsliv" in actors
    assert demo_path("aliases.csv").read_bytes().decode("utf-8-sig").startswith("alias;aktörs-id\r\n")


def test_csv_files_hold_the_same_survey_as_the_workbook(eco):
    from skane_ecosystem.io.csvfiles import load_csv

    from_csv = load_csv(ties=demo_path("ties.csv"), actors=demo_path("actors.csv"), aliases=demo_path("aliases.csv"))
    core = ["name", "sector", "type", "municipality", "respondent"]
    pd.testing.assert_frame_equal(from_csv.actors[core], eco.actors[core], check_dtype=False)
    pd.testing.assert_frame_equal(from_csv.ties, eco.ties, check_dtype=False)


def test_roster_export_follows_the_google_forms_contract(eco, planted):
    raw = demo_path("roster_2022_google_forms.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    header, answers = rows[0], rows[1:]
    assert header[:2] == ["Timestamp", "Which organisation do you represent?"]
    in_2022 = set(eco.actors["name"]) - {eco.actors.at[a, "name"] for a in planted["leaving_2022"]}
    questions = [
        "How often do you collaborate with these organisations?",
        "How often do you receive funding from these organisations?",
        "How often do you seek or give advice with these organisations?",
        "How often do you exchange information with these organisations?",
    ]
    for number, question in enumerate(questions):
        block = header[2 + number * len(in_2022) : 2 + (number + 1) * len(in_2022)]
        assert all(h.startswith(question + " [") and h.endswith("]") for h in block)
        assert {h[len(question) + 2 : -1] for h in block} == in_2022
    assert len(header) == 2 + 4 * len(in_2022)
    respondents = eco.actors[eco.actors["respondent"]].drop(planted["leaving_2022"])
    assert sorted(r[1] for r in answers) == sorted(respondents["name"])
    cells = {cell for row in answers for cell in row[2:]}
    assert cells == {"", "Never", "Rarely", "A few times a year", "Monthly", "Weekly", "Daily"}


def test_roster_answers_are_the_2022_reports(eco):
    """Decoded by hand, the roster holds exactly the 2022 tie reports of the workbook."""
    scale = {"Rarely": 1, "A few times a year": 2, "Monthly": 3, "Weekly": 4, "Daily": 5}
    relations = {
        "collaborate": "collaboration",
        "receive funding": "funding",
        "seek or give advice": "advice",
        "exchange information": "information",
    }
    ids = {name: actor_id for actor_id, name in eco.actors["name"].items()}
    rows = list(csv.reader(io.StringIO(demo_path("roster_2022_google_forms.csv").read_text(encoding="utf-8"))))
    found = set()
    for row in rows[1:]:
        for column, cell in zip(rows[0][2:], row[2:]):
            if cell in scale:
                relation = next(r for phrase, r in relations.items() if phrase in column)
                target = column[column.index("[") + 1 : -1]
                found.add((ids[row[1]], ids[target], relation, float(scale[cell])))
    ties = eco.ties[eco.ties["wave"] == "2022"]
    assert found == set(zip(ties["source"], ties["target"], ties["relation"], ties["weight"]))


def test_workbook_holds_text_never_formulas():
    book = openpyxl.load_workbook(demo_path("skane_demo.xlsx"))
    kinds = {cell.data_type for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert kinds <= {"s", "n"}


def test_every_shipped_output_says_synthetic(planted):
    book = openpyxl.load_workbook(demo_path("skane_demo.xlsx"), read_only=True)
    readme = " ".join(str(row[0]) for row in book["README"].iter_rows(values_only=True) if row[0])
    book.close()
    assert "SYNTHETIC DEMO DATA" in readme and "SYNTETISKA DEMODATA" in readme
    assert planted["synthetic"] is True and planted["title"] == DEMO_TITLE
    assert "synthetic" in (REPO / "data" / "demo" / "README.md").read_text(encoding="utf-8").casefold()


# ------------------------------------------------------------------ demo()
@pytest.fixture(scope="module")
def loaded():
    return {fmt: demo(fmt) for fmt in ("xlsx", "csv", "roster")}


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "roster"])
def test_demo_is_labelled_synthetic(loaded, fmt):
    eco = loaded[fmt]
    assert eco.synthetic is True and eco.meta["synthetic"] is True
    assert eco.meta["title"] == DEMO_TITLE
    assert "synthetic" in repr(eco)
    assert eco.graph().graph["synthetic"] is True


def test_demo_is_the_public_api(loaded):
    assert skane_ecosystem.demo is demo
    assert len(skane_ecosystem.demo().actors) == len(loaded["xlsx"].actors)


def test_demo_formats_load_the_same_survey(loaded, eco):
    core = ["name", "sector", "type", "municipality", "respondent"]
    for fmt in ("xlsx", "csv"):
        pd.testing.assert_frame_equal(loaded[fmt].actors[core], eco.actors[core], check_dtype=False)
        pd.testing.assert_frame_equal(loaded[fmt].ties, eco.ties, check_dtype=False)
    corrections = {p.original for p in loaded["xlsx"].validation.corrections}
    assert corrections == {
        "Fyrtorn Socail Enterprise AB",
        "Regional developement office (Skåne)",
        "Centre for Social Entrepreneurship Reserch (Lund)",  # fuzzy
        "Municipality of Angelholm",
        "Osterlen Social Impact Hub",
    }  # accents folded


def test_demo_roster_is_the_2022_wave(loaded, eco):
    key = ["source", "target", "relation", "wave", "reported_by"]
    expected = eco.ties[eco.ties["wave"] == "2022"].sort_values(key).reset_index(drop=True)
    got = loaded["roster"].ties.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[key + ["weight"]], expected[key + ["weight"]], check_dtype=False)
    assert list(loaded["roster"].actors.index) == list(eco.actors.index)


def test_demo_rejects_unknown_format_and_file():
    with pytest.raises(ValueError, match="xlsx.*csv.*roster"):
        demo("pdf")
    with pytest.raises(ValueError, match="skane_demo.xlsx"):
        demo_path("secret.txt")


def test_demo_files_are_shipped():
    for name in DEMO_FILES:
        assert demo_path(name).is_file()
    assert json.loads(demo_path("planted.json").read_text(encoding="utf-8")) == demo_planted()
