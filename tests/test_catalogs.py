"""The message catalogs: one key per concept, both languages complete, Swedish in Swedish.

Every label a reader sees (measures, finding kinds, relations, sectors, UI strings)
comes from ``skane_ecosystem/render/i18n/{en,sv}/*.json``.  These tests hold the
catalogs to three promises: a concept has one key (so the map, report, workbook and
figures cannot drift apart), every key exists in both languages with the same
placeholders, and no English is left in the Swedish catalogs.
"""

from __future__ import annotations

import json
import re
import string
from collections import defaultdict
from pathlib import Path

import pytest

from skane_ecosystem.i18n import LANGUAGES, catalog, t
from skane_ecosystem.sectors import SECTOR_LABELS, SECTORS

CATALOGS = Path(__file__).resolve().parents[1] / "skane_ecosystem" / "render" / "i18n"

#: The parts of the toolkit a key may start with; a concept keyed once per part
#: ("report.measure.degree", "map.measure.degree") is a concept keyed twice.
AREAS = {"map", "report", "figures", "flags", "cli", "notebook", "stability"}
#: Category names that meant the same thing in different parts.
ALIASES = {"flag_code": "flag"}

#: Swedish values that may equal the English: proper names, abbreviations, numbers,
#: pure placeholders and words that are spelled alike in both languages.
SAME_IN_BOTH = {
    "PageRank",
    "E-I index",
    "Id",
    "Information",
    "Organisation",
    "Diameter",
    "Person {number}",
    "{value}%",
    "{stability} ± {error}",
    "{kind}: {rule}",
    "–",
    "{sector}\n(n = {n})",
    "Relation",
    "{count} ({percent}%)",
    "organisation",
    "information",
}
#: Keys whose Swedish value quotes English on purpose: titles of cited works, and the
#: workbook's sheet names, which render/report_xlsx.py keeps in English in every language.
QUOTES_ENGLISH = {"report.method.references", "report.waves.more"}
#: Keys that share a name but are different messages (a figure's legend names the
#: measure; the map's also states its range), so they are not one concept twice.
NOT_THE_SAME_CONCEPT = {"legend.size"}
#: English words that do not occur in Swedish prose (surrounded by spaces or at the
#: start, so Swedish words that contain them do not match).
ENGLISH_WORDS = (
    "the",
    "of",
    "and",
    "threshold",
    "ties",
    "tie",
    "degree",
    "sheet",
    "done",
    "with",
    "which",
    "share",
    "finding",
    "findings",
    "brokerage",
    "waves",
    "wave",
    "writing",
)
#: Established loan words a Swedish network researcher writes as they are (see
#: docs/glossary.md): they may appear in Swedish values.
LOAN_WORDS = ("betweenness", "PageRank", "Louvain", "seed")
ENGLISH = re.compile(r"(?:^|[\s(])(" + "|".join(ENGLISH_WORDS) + r")(?=[\s:,.)]|$)", re.IGNORECASE)


def _files(lang: str) -> dict[str, dict[str, str]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted((CATALOGS / lang).glob("*.json"))
    }


def _placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field}


def _concept(key: str) -> str:
    """The concept a key names, without the part of the toolkit that uses it."""
    parts = key.split(".")
    if parts[0] in AREAS and len(parts) > 2:
        parts = parts[1:]
    parts[0] = ALIASES.get(parts[0], parts[0])
    return ".".join(parts)


def test_every_catalog_file_exists_in_both_languages():
    assert set(_files("en")) == set(_files("sv"))


@pytest.mark.parametrize("name", sorted(_files("en")))
def test_every_key_exists_in_both_languages(name):
    english, swedish = _files("en")[name], _files("sv")[name]
    assert sorted(set(english) - set(swedish)) == [], "keys missing from sv/" + name
    assert sorted(set(swedish) - set(english)) == [], "keys missing from en/" + name


def test_every_message_has_the_same_placeholders_in_both_languages():
    english, swedish = catalog("en"), catalog("sv")
    differing = {
        key: (_placeholders(english[key]), _placeholders(swedish[key]))
        for key in english
        if key in swedish and _placeholders(english[key]) != _placeholders(swedish[key])
    }
    assert differing == {}


def test_no_key_is_defined_in_two_catalog_files():
    for lang in LANGUAGES:
        files_of = defaultdict(list)
        for name, messages in _files(lang).items():
            for key in messages:
                files_of[key].append(name)
        assert {k: v for k, v in files_of.items() if len(v) > 1} == {}


def test_every_concept_has_one_key():
    """'report.measure.degree' and 'map.measure.degree' would name one concept twice."""
    keys_of = defaultdict(list)
    for key in catalog("en"):
        keys_of[_concept(key)].append(key)
    twice = {c: keys for c, keys in keys_of.items() if len(keys) > 1 and c not in NOT_THE_SAME_CONCEPT}
    assert twice == {}


def test_sector_labels_come_from_the_catalogs():
    for lang in LANGUAGES:
        assert SECTOR_LABELS[lang] == {code: t(f"sector.{code}", lang) for code in SECTORS}


def test_no_swedish_value_is_left_in_english():
    english, swedish = catalog("en"), catalog("sv")
    untranslated = {
        key: value for key, value in swedish.items() if value == english.get(key) and value not in SAME_IN_BOTH
    }
    assert untranslated == {}


def test_no_english_word_in_a_swedish_value():
    found = {}
    for key, value in catalog("sv").items():
        if key in QUOTES_ENGLISH:
            continue
        text = value
        for word in LOAN_WORDS:
            text = text.replace(word, "")
        match = ENGLISH.search(text)
        if match:
            found[key] = match.group(1)
    assert found == {}


@pytest.mark.parametrize(
    "value, english",
    [
        ("Tröskel för grad", False),
        ("Degree threshold", True),
        ("listade i bladet Waves", True),
        ("Skriver done", True),
        ("andel av banden", False),
    ],
)
def test_the_english_word_check_tells_english_from_swedish(value, english):
    assert bool(ENGLISH.search(value)) is english


def test_a_key_defined_in_two_catalog_files_is_refused():
    from skane_ecosystem.i18n import _refuse_redefined

    with pytest.raises(ValueError, match="a key belongs in one file"):
        _refuse_redefined({"flag.hub": "Hub"}, {"flag.hub": "Hubs"}, "en/report.json")


# ------------------------------------------- the outputs read the one key
#: Evidence that the flag rules write and that Swedish outputs showed in English
#: ("Degree threshold", "Provided ties") before it had a catalog label.
EVIDENCE = {"degree_threshold": 7.75, "provided_ties": 23, "betweenness_threshold": 0.1}
SWEDISH_EVIDENCE = [
    "tröskel för antal partner",
    "finansieringsband där den finansierar",
    "tröskel för betweenness-centralitet",
]


def test_the_report_labels_evidence_in_swedish():
    from skane_ecosystem.render.report_html import Words

    assert [label for label, _ in Words("sv").evidence(EVIDENCE)] == SWEDISH_EVIDENCE


def test_the_map_labels_evidence_like_the_report():
    import networkx as nx
    import pandas as pd

    from skane_ecosystem.render.map import network_map

    graph = nx.Graph([("u", "r")])
    flags = pd.DataFrame(
        [
            {
                "subject": "u",
                "level": "actor",
                "kind": "facilitator",
                "code": "hub",
                "severity": 0.8,
                "stability": 0.9,
                "explanation_en": "A hub.",
                "explanation_sv": "Ett nav.",
                "evidence": EVIDENCE,
            }
        ]
    )
    page = network_map(graph, flags=flags, lang="sv").html
    data = json.loads(re.search(r'<script[^>]*id="skane-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert sorted(label for label, _ in data["flags"][0]["evidence"]) == sorted(SWEDISH_EVIDENCE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_figures_and_report_name_a_finding_kind_and_a_measure_alike(lang):
    from skane_ecosystem.render import figures, labels
    from skane_ecosystem.render.report_html import Words

    words = Words(lang)
    assert labels.code_label("sector_silo", lang) == words.flag("sector_silo") == t("flag.sector_silo", lang)
    assert (
        labels.measure_label("degree", lang)
        == figures._label("measure", "degree", lang)
        == words.measure("degree")
        == t("measure.degree", lang)
    )


def test_every_step_of_the_bundle_has_a_progress_line_in_both_languages():
    """The CLI showed the step names themselves ("Skriver done"); each now has a line."""
    import inspect

    from skane_ecosystem.render import bundle

    steps = set(re.findall(r'clock\.step\("([^"]+)"\)', inspect.getsource(bundle)))
    assert {"tables", "done"} <= steps
    for lang in LANGUAGES:
        assert sorted(step for step in steps if f"cli.step.{step}" not in catalog(lang)) == []
