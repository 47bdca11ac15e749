"""The survey template: its layout, dropdowns and instructions, and that it loads once filled in."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import skane_ecosystem
from skane_ecosystem.io.tables import HEADER_ALIASES, RELATION_ALIASES
from skane_ecosystem.io.template import save_workbook_atomically, write_template
from skane_ecosystem.sectors import SECTORS, fold, normalize_sector

SHEETS = {
    "en": ["instructions", "actors", "ties", "aliases", "relation_types", "qualitative", "codebook"],
    "sv": ["instruktioner", "aktörer", "band", "alias", "relationstyper", "kvalitativt", "kodbok"],
}
HEADERS = {
    "en": {
        "actors": ["id", "name", "sector", "type", "municipality", "respondent", "orgnr"],
        "ties": ["source", "target", "relation", "weight", "wave", "reported_by"],
        "aliases": ["alias", "actor_id"],
        "relation_types": ["relation", "direction", "description"],
        "qualitative": ["actor", "code", "kind", "quote", "source"],
    },
    "sv": {
        "aktörer": ["id", "namn", "sektor", "typ", "kommun", "svarande", "organisationsnummer"],
        "band": ["källa", "mål", "relation", "vikt", "omgång", "rapporterad av"],
        "alias": ["alias", "aktörs-id"],
        "relationstyper": ["relation", "riktning", "beskrivning"],
        "kvalitativt": ["aktör", "kod", "slag", "citat", "källa"],
    },
}
CANONICAL = {
    "actors": ["id", "name", "sector", "type", "municipality", "respondent"],
    "ties": ["source", "target", "relation", "weight", "wave", "reported_by"],
    "aliases": ["alias", "actor_id"],
}


@pytest.fixture(scope="module", params=["en", "sv"])
def template(request, tmp_path_factory):
    path = tmp_path_factory.mktemp(request.param) / f"survey_{request.param}.xlsx"
    assert write_template(path, lang=request.param) == path
    return request.param, path


def _validations(sheet) -> dict[str, list[str]]:
    """First cell of each validated range -> the list of choices (or the rule type)."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cell_range in str(rule.sqref).split():
            if rule.type == "list" and rule.formula1.startswith('"'):
                found[cell_range.split(":")[0]] = rule.formula1.strip('"').split(",")
            else:
                found[cell_range.split(":")[0]] = [rule.type, rule.formula1]
    return found


def test_sheets_headers_and_frozen_styled_header_rows(template):
    lang, path = template
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS[lang]
    for sheet_name, headers in HEADERS[lang].items():
        sheet = book[sheet_name]
        assert [c.value for c in sheet[1]] == headers
        assert sheet.max_row == 1  # empty below the header
        assert sheet.freeze_panes == "A2"
        assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDEBF7") for c in sheet[1])
        assert all(c.comment is not None and " / " in c.comment.text for c in sheet[1])


def test_headers_are_ones_the_loader_recognises(template):
    lang, _ = template
    for (role, canonical), written in zip(CANONICAL.items(), HEADERS[lang].values()):
        for column, header in zip(canonical, written):
            assert fold(header) in {fold(a) for a in HEADER_ALIASES[column]}, (role, header)


def test_dropdowns_for_sector_relation_and_respondent(template):
    lang, path = template
    book = openpyxl.load_workbook(path)
    actors = _validations(book[SHEETS[lang][1]])
    ties = _validations(book[SHEETS[lang][2]])
    assert [normalize_sector(s) for s in actors["C2"]] == list(SECTORS)
    assert actors["F2"] == (["yes", "no"] if lang == "en" else ["ja", "nej"])
    relations = [RELATION_ALIASES.get(fold(r), r) for r in ties["C2"]]
    assert relations == ["collaboration", "funding", "advice", "information", "referral"]
    assert ties["D2"] == ["decimal", "0"]
    names = ties["A2"]
    assert names[0] == "list" and names[1].endswith("!$B$2:$B$5000")
    assert ties["B2"] == names and ties["F2"] == names


def test_instructions_in_swedish_and_english(template):
    lang, path = template
    book = openpyxl.load_workbook(path)
    text = "\n".join(str(row[0]) for row in book[SHEETS[lang][0]].iter_rows(values_only=True) if row[0])
    assert "Survey template" in text and "Enkätmall" in text
    assert "skane-eco validate" in text
    assert f"the {SHEETS[lang][2]} sheet" in text and f"på bladet {SHEETS[lang][2]}" in text


def test_codebook_lists_every_sector_relation_and_answer(template):
    lang, path = template
    book = openpyxl.load_workbook(path)
    first_columns = [row[0] for row in book[SHEETS[lang][-1]].iter_rows(values_only=True)]
    rows = {row[0]: row for row in book[SHEETS[lang][-1]].iter_rows(values_only=True)}
    assert set(SECTORS) <= set(first_columns)
    assert rows["civil_society"][1:3] == ("Civil society", "Civilsamhälle")
    assert rows["referral"][2] == "hänvisning"
    assert rows[5][1:3] == ("Daily", "Dagligen")


def test_every_cell_is_text_not_a_formula(template):
    _, path = template
    book = openpyxl.load_workbook(path)
    kinds = {c.data_type for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None}
    assert kinds <= {"s", "n"}


def _fill(path, lang):
    """Fill the template as a survey administrator would, including a misspelt name."""
    book = openpyxl.load_workbook(path)
    actors, ties, aliases = (book[name] for name in SHEETS[lang][1:4])
    public, civil = ("public", "civil_society") if lang == "en" else ("Offentlig sektor", "Civilsamhälle")
    yes, no = ("yes", "no") if lang == "en" else ("ja", "nej")
    funding, advice = ("funding", "advice") if lang == "en" else ("finansiering", "rådgivning")
    actors.append(["A1", "Municipality of Ystad", public, "municipality", "Ystad", yes])
    actors.append(["A2", "Ystad Repair Café", civil, "association", "Ystad", yes])
    actors.append(["A3", "Österlen Youth Club", civil, "association", "Simrishamn", no])
    ties.append(["Municipality of Ystad", "Ystad Repair Café", funding, 3, 2022, "Municipality of Ystad"])
    ties.append(["Ystad Repair Cafe", "Ystad stad", advice, "2,5", 2022, None])
    ties.append(["Ystad Repair Café", "Osterlen Youth Clubb", advice, 4, 2022, None])
    aliases.append(["Ystad stad", "A1"])
    book.save(path)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_filled_template_loads(tmp_path, lang):
    path = write_template(tmp_path / "survey.xlsx", lang=lang)
    _fill(path, lang)
    eco = skane_ecosystem.load(path)
    assert eco.actors["sector"].to_dict() == {"A1": "public", "A2": "civil_society", "A3": "civil_society"}
    assert eco.actors["respondent"].to_dict() == {"A1": True, "A2": True, "A3": False}
    ties = sorted(
        eco.ties[["source", "target", "relation", "weight", "wave", "reported_by"]].itertuples(index=False, name=None)
    )
    assert ties == [
        ("A1", "A2", "funding", 3.0, "2022", "A1"),
        ("A2", "A1", "advice", 2.5, "2022", "A2"),
        ("A2", "A3", "advice", 4.0, "2022", "A2"),
    ]
    # a fuzzy match, and an accent read in (both logged: every change to what was written)
    assert sorted((p.original, p.corrected) for p in eco.validation.corrections) == [
        ("Osterlen Youth Clubb", "Österlen Youth Club"),
        ("Ystad Repair Cafe", "Ystad Repair Café"),
    ]


def test_same_language_same_bytes(tmp_path):
    first = write_template(tmp_path / "a.xlsx", lang="sv").read_bytes()
    second = write_template(tmp_path / "b.xlsx", lang="sv").read_bytes()
    assert first == second
    assert first != write_template(tmp_path / "c.xlsx", lang="en").read_bytes()


def test_replaces_an_existing_file_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"old")
    write_template(path)
    assert openpyxl.load_workbook(path).sheetnames == SHEETS["en"]
    assert [p.name for p in tmp_path.iterdir()] == ["survey.xlsx"]


def test_a_failed_write_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"a filled-in survey")

    def broken_save(self):
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.writer.excel.ExcelWriter.save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_template(path)
    assert path.read_bytes() == b"a filled-in survey"
    assert [p.name for p in tmp_path.iterdir()] == ["survey.xlsx"]


def test_an_interrupted_rename_removes_the_temporary_file(tmp_path, monkeypatch):
    def broken_replace(source, target):
        raise PermissionError("file is open in Excel")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(PermissionError):
        save_workbook_atomically(openpyxl.Workbook(), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_clear_errors_for_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="lang must be one of"):
        write_template(tmp_path / "survey.xlsx", lang="de")
    with pytest.raises(ValueError, match=r"ending in \.xlsx, not 'survey\.csv'"):
        write_template(tmp_path / "survey.csv")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_template(tmp_path / "missing" / "survey.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_public_api():
    assert skane_ecosystem.write_template is write_template


# ------------------------------------------- docs/data-format.md, kept honest
DOC = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"


def _doc_examples(tmp_path) -> dict[str, Path]:
    """Write every ``<!-- example: folder/file -->`` code block of the doc to tmp_path."""
    blocks = re.findall(r"<!-- example: (\S+) -->\n```[a-z]*\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    written = {}
    for name, body in blocks:
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(body, encoding="utf-8")
        written[name] = path
    return written


def test_the_documented_examples_load_as_described(tmp_path):
    examples = _doc_examples(tmp_path)
    assert len(examples) == 8
    swedish = skane_ecosystem.load(tmp_path / "csv")
    assert swedish.actors["sector"].tolist() == ["public", "civil_society", "business"]
    assert sorted(
        swedish.ties[["source", "target", "relation", "weight", "wave"]].itertuples(index=False, name=None)
    ) == [
        ("A001", "A002", "funding", 4.0, "2022"),
        ("A002", "A001", "collaboration", 5.0, "2019"),
        ("A002", "A001", "funding", 3.5, "2022"),
        ("A002", "A003", "advice", 2.0, "2022"),
    ]
    assert sorted(p.original for p in swedish.validation.corrections) == [
        "Fyrtorn Socail Enterprise AB",
        "Regional development office (Skane)",
    ]  # fuzzy; accent read in
    lone = skane_ecosystem.load(examples["lone/ties.csv"])
    assert set(lone.actors["sector"]) == {"other"} and lone.ties["weight"].tolist() == [4.0, 2.5]
    questions = {"collaboration": "How often do you collaborate", "funding": "How often do you receive funding"}
    for export in ("google/responses.csv", "qualtrics/responses.csv"):
        asked = questions if export.startswith("google") else {"collaboration": questions["collaboration"]}
        roster = skane_ecosystem.load_roster(
            examples[export], respondent_column="Which organisation do you represent?", questions=asked
        )
        weights = {
            (s, t, r): w
            for s, t, r, w in roster.ties[["source", "target", "relation", "weight"]].itertuples(index=False, name=None)
        }
        names = roster.actors["name"].to_dict()
        named = {(names[s], names[t], r): w for (s, t, r), w in weights.items()}
        hub, fund = "Malmö Social Innovation Hub", "Skåne Social Impact Fund"
        expected = {
            (hub, fund, "collaboration"): 3.0 if export.startswith("google") else 4.0,
            (fund, hub, "collaboration"): 1.0,
        }
        if export.startswith("google"):
            expected.update({(hub, fund, "funding"): 4.0, (fund, hub, "funding"): 4.0})
        assert named == expected, export
    matrix = skane_ecosystem.load(examples["matrix/collaboration.csv"])
    assert matrix.graph(mode="directed").number_of_edges() == 4
    assert matrix.ties["weight"].sum() == 3 + 2.5 + 1 + 1
    network = skane_ecosystem.load(examples["graph/network.graphml"])
    assert network.actors["sector"].to_dict() == {"A001": "public", "A002": "civil_society"}


def test_the_doc_lists_every_accepted_spelling():
    text = fold(DOC.read_text(encoding="utf-8"))
    for column, spellings in HEADER_ALIASES.items():
        for spelling in spellings:
            assert fold(spelling) in text, (column, spelling)
    for alias, relation in RELATION_ALIASES.items():
        assert fold(alias) in text and relation in text
    from skane_ecosystem.io.roster import DEFAULT_SCALE
    from skane_ecosystem.sectors import _VARIANTS

    for answer in DEFAULT_SCALE:
        assert fold(answer) in text, answer
    for sector, variants in _VARIANTS.items():
        for variant in variants:
            assert fold(variant) in text, (sector, variant)
