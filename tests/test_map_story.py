"""The map tells the story (issue 15, "findings first"), checked without a browser.

What the saved page says: the headline of findings in the report's summary order,
the actors offered a name in ``named_first`` order, the actor card leading with roles,
"if it left" and rounded key figures, no contact person in a public map, and tie
strengths either drawn or, where the privacy level withholds them, not claimed.
The browser side (placing names, clicking the headline) is in
``tests/browser/test_map_story_browser.py``.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem.findings import split_tentative
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.bundle import shown_map
from skane_ecosystem.render.labels import named_first
from skane_ecosystem.render.map import network_map
from skane_ecosystem.render.map_data import HEADLINE_PER_KIND, NAMED_COUNT, figure_text
from skane_ecosystem.render.report_html import summary_findings

#: The demo's contact-person column, declared public: the way a public map came to
#: say "Contact person: Person 33" (issue 15).
CONTACT = "contact_person"


@pytest.fixture(scope="module")
def analysis():
    return se.analyze(se.demo())


@pytest.fixture(scope="module")
def shown(analysis):
    """The demo's tables at both levels, in Swedish; the public ones with the contact
    persons declared public (so privacy pseudonymises them in its tables)."""
    return {
        "internal": apply_privacy(analysis, "internal", lang="sv"),
        "public": apply_privacy(analysis, "public", lang="sv", public_columns=[CONTACT]),
    }


@pytest.fixture(scope="module")
def maps(shown):
    return {level: shown_map(tables) for level, tables in shown.items()}


def page_data(m) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="skane-data">(.*?)</script>', m.html, re.S)[1])


# ------------------------------------------------------------- contact persons
def test_a_public_map_carries_no_contact_person_not_even_a_pseudonym(shown, maps):
    pseudonyms = set(shown["public"].actors[CONTACT].dropna())
    assert pseudonyms and all(p.startswith("Person ") for p in pseudonyms)  # the tables keep them
    html = maps["public"].html
    assert CONTACT not in html
    assert "Kontaktperson" not in html and "Contact person" not in html
    cards = json.dumps([n["card"] for n in page_data(maps["public"])["nodes"]], ensure_ascii=False)
    assert not any(re.search(rf'"{re.escape(p)}"', cards) for p in pseudonyms)


def test_an_internal_map_still_names_the_contact_person_in_the_readers_language(analysis, maps):
    person = analysis.ecosystem.actors[CONTACT].dropna().iloc[0]
    rows = [row for n in page_data(maps["internal"])["nodes"] for s in n["card"]["sections"] for row in s["rows"]]
    assert ["Kontaktperson", person] in rows


# ------------------------------------------------------------------ tie strength
def test_internal_tie_widths_follow_strength(maps):
    edges = page_data(maps["internal"])["edges"]
    assert len({e["width"] for e in edges}) > 3
    by_weight = {}
    for e in edges:
        by_weight.setdefault(float(e["weight"].replace(",", ".")), set()).add(e["width"])
    weights = sorted(by_weight)
    assert max(by_weight[weights[0]]) < min(by_weight[weights[-1]])


def test_a_public_map_claims_no_tie_strength_and_says_why(maps):
    data = page_data(maps["public"])
    assert {e["weight"] for e in data["edges"]} == {None}
    assert len({e["width"] for e in data["edges"]}) == 1
    html = maps["public"].html
    assert "Bredd: bandens styrka" not in html and "Bredd: bandets styrka" not in html
    assert 'id="width-withheld"' in html and "publicerar dem inte" in html


# -------------------------------------------------------------------- headline
def test_the_headline_is_the_reports_summary_in_its_order(shown, maps):
    findings, _ = split_tentative(shown["public"].flags)
    summary = summary_findings(findings, per_kind=HEADLINE_PER_KIND)
    expected = [(kind, row["explanation"]) for kind in ("facilitator", "impediment") for row in summary[kind]]
    headline = page_data(maps["public"])["headline"]
    assert [(h["kind"], h["explanation"]) for h in headline] == expected
    assert len(headline) <= 2 * HEADLINE_PER_KIND


def test_a_headline_names_the_actors_involved_or_says_there_are_none():
    G = se.demo().graph()
    flags = pd.DataFrame(
        {
            "subject": ["A001", "Simrishamn", "business", "A002"],
            "level": ["actor", "group", "group", "actor"],
            "kind": ["facilitator", "impediment", "impediment", "facilitator"],
            "code": ["hub", "municipality_gateway", "sector_silo", "broker"],
            "score": [1.0, 1.0, 0.7, 0.9],
            "stability": [1.0, 1.0, 1.0, 0.2],
            "tentative": [False, False, False, True],
            "evidence": [{}, {"gateway": "A005", "actors": 7}, {"ei_index": -0.7}, {}],
        }
    )
    data = page_data(network_map(G, flags=flags, lang="en"))
    by_code = {data["flags"][h["flag"]]["codeLabel"]: h for h in data["headline"]}
    assert by_code["Hub"]["actors"] == ["A001"] and by_code["Hub"]["note"] is None
    assert by_code["Municipality gateway"]["actors"] == ["A005"]
    assert by_code["Sector silo"]["actors"] == [] and "no single actors" in by_code["Sector silo"]["note"]
    assert by_code["Sector silo"]["text"] == "Sector silo: Business"
    assert "Broker" not in by_code  # tentative: no finding, never a headline


def test_hostile_names_in_the_headline_are_escaped():
    from tests.browser.map_examples import example_ecosystem, example_flags

    on_hostile = example_flags().replace({"subject": {"a00": "a03", "a07": "a05"}})  # the hostile-named actors
    m = network_map(example_ecosystem(xss=True).graph(wave=None), flags=on_hostile)
    strip = re.search(r'<nav id="headline".*?</nav>', m.html, re.S)[0]
    assert "<img" not in strip and "<script" not in strip
    assert "&lt;img" in strip and "&lt;script&gt;" in strip


# ------------------------------------------------------------------------ names
def test_the_map_offers_names_in_named_first_order(analysis, maps):
    data = page_data(maps["internal"])
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    named = [actor for actor, _ in data["named"]]
    assert len(named) == NAMED_COUNT
    flagged = {n["id"] for n in data["nodes"] if n["flagKinds"]}
    assert set(named[: len(flagged & set(named))]) <= flagged  # flagged first
    rest = named[len(flagged & set(named)) :]
    assert rest == named_first({a: sizes[a] for a in sizes if a not in flagged}, count=len(rest))
    assert all(len(text) <= 32 for _, text in data["named"])


# ------------------------------------------------------------------------- card
def test_the_card_leads_with_roles_if_it_left_and_key_figures(maps):
    nodes = {n["id"]: n for n in page_data(maps["public"])["nodes"]}
    card = nodes["A005"]["card"]  # Österlen Social Impact Hub: a single point of failure
    assert {"heading", "roles", "ifLeft", "keyFigures", "allMeasures", "sections"} <= set(
        card
    )  # the page's order: browser test
    assert "Hinder: Enskild felpunkt" in [role["label"] for role in card["roles"]]
    assert re.fullmatch(
        r"Om aktören försvann skulle \d+ aktör\(er\) skäras av från resten, och fragmenteringen skulle öka med 0,\d+\.",
        card["ifLeft"],
    )
    assert 1 <= len(card["keyFigures"]) <= 3
    assert [s["title"] for s in card["sections"]] == ["Om aktören"]


def test_no_figure_on_a_card_carries_more_than_three_significant_digits(maps):
    for level in ("internal", "public"):
        for node in page_data(maps[level])["nodes"]:
            for _, value in node["card"]["allMeasures"] + node["card"]["keyFigures"]:
                digits = re.sub(r"^-?0,0*", "", value.replace("\u202f", ""))
                if "," in value:
                    assert len(re.sub(r"\D", "", digits)) <= 3, value
    assert "betweenness" not in json.dumps(page_data(maps["public"])["nodes"][0]["card"]).lower().replace(
        "betweenness-centralitet", ""
    )


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (0.08618327453105284, "sv", "0,0862"),
        (0.08618327453105284, "en", "0.0862"),
        (40.45, "sv", "40,5"),
        (1736.0, "sv", "1\u202f736"),
        (2, "en", "2"),
        (None, "en", "\u2013"),
    ],
)
def test_figures_are_rounded_in_the_readers_locale(value, lang, text):
    assert figure_text(value, lang) == text
