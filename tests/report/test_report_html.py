"""The HTML report: self-contained, safe with any name, labelled when synthetic, bilingual."""

import html
import re
from dataclasses import replace

import pytest

from skane_ecosystem.i18n import format_number, t
from skane_ecosystem.privacy import apply_privacy
from skane_ecosystem.render.report_html import render_html, summary_findings

from .conftest import XSS_NAME


@pytest.fixture(scope="module")
def english(analysis):
    return render_html(apply_privacy(analysis, "internal", lang="en"))


@pytest.fixture(scope="module")
def swedish(analysis):
    return render_html(apply_privacy(analysis, "public", lang="sv"))


def _attributes(page: str, name: str) -> list[str]:
    return re.findall(rf'\b{name}\s*=\s*["\']([^"\']*)["\']', page, flags=re.IGNORECASE)


def test_bundle_report_is_self_contained(public_bundle):
    page = (public_bundle / "report.html").read_text(encoding="utf-8")
    links = _attributes(page, "src") + _attributes(page, "href")
    assert links, "the bundle's report has figures and a map link"
    assert not [link for link in links if re.match(r"\s*(https?:)?//", link, flags=re.IGNORECASE)]
    # the bundle's own maps: map.html, and change_map.html beside it when the analysis compares two waves
    assert all(link.startswith(("data:image/", "#", "map.html", "change_map.html")) for link in links)
    assert not re.search(r"<link\b", page, flags=re.IGNORECASE)
    assert not re.search(r"<script\b", page, flags=re.IGNORECASE)
    assert not re.search(r"@import|url\(", page, flags=re.IGNORECASE)
    assert "default-src 'none'" in page  # the browser itself refuses any request
    assert page.count('<img src="data:image/') >= 5


def test_hostile_name_appears_only_escaped(english):
    assert XSS_NAME not in english
    assert "&lt;img src=x onerror=alert(1)&gt;" in english  # the isolated actor is listed
    assert "onerror=alert(1)>" not in english


def test_synthetic_data_are_labelled_prominently(analysis):
    eco = analysis.ecosystem
    synthetic = replace(analysis, ecosystem=replace(eco, meta={**eco.meta, "synthetic": True}))
    label = t("report.synthetic.text", "en")
    page = render_html(apply_privacy(synthetic, "public"))
    assert page.count(label) == 2  # under the title and in the footer
    assert page.index(label) < page.index('id="summary"')
    assert label not in render_html(apply_privacy(analysis, "public"))


def test_swedish_report_has_swedish_headings_and_decimal_commas(analysis, swedish):
    for heading in (
        "Sammanfattning",
        "Ekosystemet i korthet",
        "Möjliggörare",
        "Hinder",
        "Sektorer och kommuner",
        "Förändring mellan omgångar",
        "Data och metod",
    ):
        assert heading in swedish
    assert 'lang="sv"' in swedish
    density = float(analysis.indicator("density"))
    written = format_number(density, "sv")
    assert "," in written and f">{written}<" in swedish
    assert f">{format_number(density, 'en')}<" not in swedish
    assert "Summary" not in swedish and "Impediments" not in swedish


def test_sections_are_numbered_in_order(english):
    # analyze() compared the analysed wave with the one before it, so the report has
    # a section on change
    headings = re.findall(r"<h2>(\d)\. ([^<]+)</h2>", english)
    assert [h for _, h in headings] == [
        "Summary",
        "The ecosystem at a glance",
        "Facilitators",
        "Impediments",
        "Tentative findings",
        "Sectors and municipalities",
        "Change between waves",
        "Robustness and what-if",
        "Data and method",
    ]
    assert [int(n) for n, _ in headings] == list(range(1, 10))


def test_change_between_waves_appears_with_a_comparison(public_bundle):
    page = (public_bundle / "report.html").read_text(encoding="utf-8")
    assert "<h2>7. Change between waves</h2>" in page  # after the tentative findings
    assert "Between the survey waves 2021 and 2022" in page


def test_every_finding_is_listed_with_its_stability(analysis, english):
    for explanation in analysis.flags["explanation_en"]:
        assert explanation.replace("<", "&lt;").replace(">", "&gt;") in english.replace("&#39;", "'")
    tentative = int(analysis.flags["tentative"].sum())
    assert tentative > 0
    assert english.count('<span class="tag tentative">') >= tentative


def test_summary_takes_one_finding_per_rule_and_at_most_five(analysis):
    chosen = summary_findings(apply_privacy(analysis).flags)
    assert 0 < len(chosen["facilitator"]) <= 5 and 0 < len(chosen["impediment"]) <= 5
    impediments = chosen["impediment"]
    rules = analysis.flags.loc[analysis.flags["kind"] == "impediment", "code"].nunique()
    assert rules >= 2
    firsts = impediments[:rules]
    assert len({f["code"] for f in firsts}) == len(firsts)  # every rule once before any twice
    order = {"network": 0, "group": 1, "actor": 2}
    levels = [order[f["level"]] for f in firsts]
    assert levels == sorted(levels) and levels[0] < 2  # the whole network and groups first
    facilitators = analysis.flags[analysis.flags["kind"] == "facilitator"]
    for code in {entry["code"] for entry in chosen["facilitator"]}:
        # shown + "and N more" accounts for every finding of the rule, none twice
        told = sum(1 + entry["more"] for entry in chosen["facilitator"] if entry["code"] == code)
        assert told == (facilitators["code"] == code).sum()


def test_public_report_explains_what_was_hidden(swedish):
    assert "actors.contact_person" in swedish and "ties.comment" in swedish
    assert 'Antal under 5 (utom 0) visas som "<5"' in html.unescape(swedish)


def test_a_report_without_the_map_does_not_link_it(analysis, tmp_path):
    paths = analysis.report(tmp_path, lang="sv", privacy="public", figures=False, map_html=False)
    page = paths["report.html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Sammanfattning" in page
    assert "map.html" not in page  # no map beside it, so no link to one
