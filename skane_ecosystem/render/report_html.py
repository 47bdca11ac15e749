"""The report for policymakers: one self-contained HTML file, in Swedish or English.

The report is read by people who are not network specialists, often on locked-down
computers without internet access, and often printed.  So it is

* **one file**: styles inline, figures inlined as ``data:`` images (SVG, so they print
  sharply), no scripts, and a Content-Security-Policy that forbids any request to
  any host; the interactive map is linked beside it as ``map.html``;
* **plain language first**: ten findings on the first page, facilitators and
  impediments side by side, each with the evidence behind it and how stable it is;
  definitions of every measure at the end;
* **safe with any name**: every value goes through jinja2's autoescaping, so an
  organisation called ``<script>`` is shown as that text;
* **print-ready**: a print stylesheet breaks pages before sections and never inside a
  table row.

Every sentence comes from the message catalogs (``render/i18n/<lang>/report.json``) and
every number is written the way the language writes it (a decimal comma in Swedish).

The text helpers below (labels of measures, indicators, findings and evidence; the
choice of the ten summary findings) are shared with the Excel workbook, so both say
the same thing in the same words.
"""

from __future__ import annotations

import base64
import math
from importlib import resources

import jinja2
import numpy as np
import pandas as pd

from .. import __version__
from ..findings import PRIORITY, split_tentative, stability_estimated, summarise_mass_findings
from ..i18n import catalog, check_language, format_number, t
from ..inference import MAX_ACTORS, p_text, significance_sentence
from ..sectors import SECTOR_LABELS, SECTORS
from ..sentences import phrase, rule_values
from .labels import evidence_text

__all__ = ["render_html", "Words", "summary_findings", "FIGURE_NAMES", "NETWORK_FIGURE_MAX_ACTORS"]

#: The figures the report can show, in the order they appear.
FIGURE_NAMES = (
    "network",
    "sector_heatmap",
    "ei_by_sector",
    "betweenness_by_sector",
    "robustness",
    "wave_change",
    "change",
)

#: Above this many actors no static network figure is drawn: a page cannot show
#: tens of thousands of actors, and drawing them takes many minutes (the map can).
NETWORK_FIGURE_MAX_ACTORS = 5_000

#: Indicators shown as percentages rather than as decimals.
_PERCENT_INDICATORS = ("main_component_share", "response_rate", "confirmed_tie_share", "reciprocity")

#: How many findings of each kind the summary lists.
SUMMARY_PER_KIND = 5

#: How many findings that appeared (and vanished) between waves are listed by name.
WAVE_FLAGS_LISTED = 8

#: Flag levels in the order a reader should meet them: the whole network first.
_LEVEL_ORDER = {"network": 0, "group": 1, "actor": 2}


# ===================================================================== words
class Words:
    """Every label and number of one report, in one language.

    Parameters
    ----------
    lang : {"en", "sv"}
    suppressed : str
        The text of suppressed cells (e.g. ``"<5"``), shown as it is.

    Examples
    --------
    >>> Words("sv").number(0.5)
    '0,500'
    >>> Words("en").percent(0.724)
    '72%'
    """

    def __init__(self, lang: str = "en", suppressed: str = "<5"):
        self.lang = check_language(lang)
        self.suppressed = suppressed
        self._messages = catalog(lang)

    def __call__(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def optional(self, key: str, fallback: str, **values) -> str:
        """The message ``key`` if the catalog has it, else ``fallback``."""
        return t(key, self.lang, **values) if key in self._messages else fallback

    # ----------------------------------------------------------- numbers
    def number(self, value, decimals: int | None = None) -> str:
        if _missing(value):
            return self("report.value.missing")
        if isinstance(value, str):
            return value
        if isinstance(value, (bool, np.bool_)):
            return self("report.value.yes" if value else "report.value.no")
        return format_number(float(value), self.lang, decimals)

    def percent(self, share) -> str:
        if _missing(share):
            return self("report.value.missing")
        if isinstance(share, str):
            return share
        return self("report.format.percent", value=format_number(round(float(share) * 100), self.lang))

    # ------------------------------------------------------------ labels
    def sector(self, code) -> str:
        return SECTOR_LABELS[self.lang].get(str(code), _humanize(code))

    def relation(self, code) -> str:
        return self.optional(f"relation.{code}", _humanize(code))

    def measure(self, column) -> str:
        return self.optional(f"measure.{column}", _humanize(column))

    def measure_definition(self, column) -> str:
        return self.optional(f"measure.{column}.definition", self("measure.undocumented"))

    def indicator(self, name) -> str:
        return self.optional(f"indicator.{name}", _humanize(name))

    def indicator_meaning(self, name) -> str:
        return self.optional(f"indicator.{name}.meaning", "")

    def indicator_value(self, name, value) -> str:
        if name in _PERCENT_INDICATORS and not isinstance(value, str):
            return self.percent(value)
        return self.number(value)

    def flag(self, code) -> str:
        return self.optional(f"flag.{code}", _humanize(code))

    def flag_rule(self, code, config=None) -> str:
        """The description of rule ``code``, stating the thresholds of ``config``
        (the analysis config or its ``to_dict()``; ``None``: the defaults)."""
        key = f"flag.{code}.rule"
        return phrase(key, rule_values(config), self.lang) if key in self._messages else ""

    def attribute(self, column) -> str:
        return self.optional(f"report.attribute.{column}", str(column))

    def subject(self, flag: dict) -> str:
        """Who or what a finding is about, as a reader names it."""
        level, subject = flag["level"], str(flag["subject"])
        if level == "actor":
            return str(flag.get("subject_name") or subject)
        if level == "network":
            return self("report.flags.whole_network")
        if "|" in subject:
            return " \u2013 ".join(self.sector(s) for s in subject.split("|"))
        return self.sector(subject) if subject in SECTORS else subject

    def evidence(self, evidence: dict) -> list[tuple[str, str]]:
        """(label, value) pairs of a finding's evidence."""
        return [
            (self.optional(f"evidence.{key}", _humanize(key)), self.evidence_value(value))
            for key, value in (evidence or {}).items()
        ]

    def evidence_value(self, value) -> str:
        """An evidence value in this reader's words (:func:`~.labels.evidence_text`)."""
        return evidence_text(value, self.lang)

    def stability(self, flag: dict) -> str:
        """The flag's stability, with its Monte Carlo standard error when known."""
        value, error = flag.get("stability"), flag.get("stability_se")
        if _missing(value):
            return self("report.flags.stability_off")
        if _missing(error):
            return self.percent(value)
        return self("stability.value", stability=self.percent(value), error=self.percent(error))


# ============================================================ summary choice
def summary_findings(flags: pd.DataFrame, per_kind: int = SUMMARY_PER_KIND) -> dict[str, list[dict]]:
    """The findings for the first page: up to ``per_kind`` facilitators and impediments.

    Each kind lists one finding per rule first (so twelve isolated actors do not
    crowd out everything else), rules in their policy priority (``findings.PRIORITY``);
    within a rule, by stability and score,
    preferring an organisation not named yet, so the page shows as many different
    organisations as it can.  Every entry says how many more findings of its rule
    there are.  When fewer rules fired than there is room for, further findings of
    the same rules fill the list.

    Parameters
    ----------
    flags : DataFrame
        Shown findings: ``ShownTables.flags`` without its tentative flags
        (:func:`skane_ecosystem.findings.split_tentative`), which are no findings.
    per_kind : int

    Returns
    -------
    dict
        ``{"facilitator": [...], "impediment": [...]}``; each entry is the flag row as
        a dict plus ``more`` (int).

    Examples
    --------
    >>> import pandas as pd
    >>> flags = pd.DataFrame({"subject": ["a", "b", "network"], "level": ["actor", "actor", "network"],
    ...                       "kind": "impediment", "code": ["isolated", "isolated", "fragmented"],
    ...                       "score": 1.0, "stability": 1.0, "tentative": False})
    >>> [(f["code"], f["more"]) for f in summary_findings(flags, per_kind=1)["impediment"]]
    [('fragmented', 0)]
    """
    chosen = {}
    for kind in ("facilitator", "impediment"):
        by_code: dict[str, list[dict]] = {}
        for row in sorted((r for r in flags.to_dict("records") if r["kind"] == kind), key=_strength_order):
            by_code.setdefault(row["code"], []).append(row)
        named: set = set()
        picked = []
        for code in sorted(by_code, key=lambda c: _code_order(by_code[c][0])):
            rows = by_code[code]
            row = next((r for r in rows if r["level"] != "actor" or r["subject"] not in named), rows[0])
            if row["level"] == "actor":
                named.add(row["subject"])
            picked.append(dict(row, more=len(rows) - 1))
        rest = [
            r
            for code in by_code
            for r in by_code[code]
            if not any(r is p or (r["subject"], r["code"]) == (p["subject"], p["code"]) for p in picked)
        ]
        for row in sorted(rest, key=_code_order)[: max(per_kind - len(picked), 0)]:
            leader = next(p for p in picked if p["code"] == row["code"])
            leader["more"] -= 1
            picked.append(dict(row, more=0))
        chosen[kind] = picked[:per_kind]
    return chosen


def _strength_order(row: dict):
    stability = row.get("stability")
    return (
        bool(row.get("tentative")),
        -(0.0 if _missing(stability) else float(stability)),
        -_float(row.get("score")),
        str(row["subject"]),
    )


def _code_order(row: dict):
    # Scores of different rules are on different scales; the rules' policy priority
    # (findings.PRIORITY) decides which kind of finding comes first.
    priority = PRIORITY.index(row["code"]) if row["code"] in PRIORITY else len(PRIORITY)
    return (priority, _LEVEL_ORDER.get(row["level"], 3)) + _strength_order(row)


# ================================================================== render
def render_html(shown, figures: dict | None = None, map_file: str | None = "map.html") -> str:
    """The report as one HTML page.

    Parameters
    ----------
    shown : ShownTables
        From :func:`skane_ecosystem.privacy.apply_privacy`; nothing else is read.
    figures : dict, optional
        Figure name (see ``FIGURE_NAMES``) -> ``{"svg": bytes}`` or ``{"png": bytes}``,
        inlined as ``data:`` images.  Missing figures are left out.
    map_file : str, optional
        File name of the interactive map beside the report (a relative link; no
        request leaves the computer).  ``None``: no link.

    Returns
    -------
    str
        The complete page.
    """
    words = Words(shown.policy.lang, shown.policy.suppressed)
    context = _context(shown, words, figures or {}, map_file)
    return _template().render(**context)


# ================================================================= context
def _context(shown, words: Words, figures: dict, map_file) -> dict:
    # Tentative flags (stability below the floor) are no findings: every list of
    # findings below reads ``findings``; the tentative ones get a section apart.
    # A rule that found too many actors to list is summarised in one sentence.
    findings, tentative = (summarise_mass_findings(part, words.lang) for part in split_tentative(shown.flags))
    sections = _sections(shown, tentative)
    return {
        "w": words,
        "lang": words.lang,
        "title": shown.title,
        "synthetic": shown.synthetic,
        "version": __version__,
        "policy": shown.policy,
        "slice": _slice(shown, words),
        "sections": sections,
        "number": {key: i for i, key in enumerate(sections, start=1)},
        "intro": _intro(shown, words),
        "summary": summary_findings(findings),
        "indicators": _indicators(shown, words),
        "sector_rows": _sector_rows(shown, words),
        "municipalities": _municipality_rows(shown, words),
        "flag_groups": {kind: _flag_groups(findings, kind) for kind in ("facilitator", "impediment")},
        "tentative": sorted(tentative.to_dict("records"), key=_code_order),
        "stability_estimated": stability_estimated(shown.flags),
        "floor": floor_text(shown, words),
        "matrix": _matrix_rows(shown, words),
        "missing_bridges": [f for f in findings.to_dict("records") if f["code"] == "missing_bridge"],
        "silos": [f for f in findings.to_dict("records") if f["code"] == "sector_silo"],
        "bridges": _bridge_rows(shown, words),
        "waves": shown.waves,
        # the numbers the sentence on the change states: small ones as "fewer than 5"
        "wave_counts": {k: words.number(shown.policy.in_words(v)) for k, v in shown.waves["counts"].items()}
        if shown.waves
        else {},
        "wave_rows": _wave_rows(shown, words) if shown.waves else [],
        "wave_flags": _wave_flags(shown, words) if shown.waves else {},
        "auc": shown.robustness_auc,
        "removals": shown.key_removals.to_dict("records"),
        "quality": shown.quality,
        "corrections": _corrections(shown),
        "warnings": _warnings(shown),
        "measures_shown": _measures_shown(shown),
        "indicators_shown": list(shown.network["indicator"]),
        "hidden": shown.hidden,
        "figures": {name: _data_uri(figures[name]) if figures.get(name) else None for name in FIGURE_NAMES},
        "too_large_to_draw": (
            shown.graph.number_of_nodes() > NETWORK_FIGURE_MAX_ACTORS and words.number(shown.graph.number_of_nodes())
        ),
        "map_file": map_file,
        "config": shown.meta.get("config", {}),
        "mode": shown.meta.get("mode", "union"),
        "tests": _tests(shown, words) if shown.inference else None,
        "ei_tests": _ei_tests(shown, words),
    }


def floor_text(shown, words: Words) -> str:
    """The stability floor (``StabilityConfig.tentative_below``) as a percentage."""
    return words.percent(shown.meta.get("config", {}).get("stability", {}).get("tentative_below"))


def _sections(shown, tentative: pd.DataFrame) -> list[str]:
    keys = ["summary", "glance", "facilitators", "impediments"]
    if len(tentative):
        keys.append("tentative")
    keys.append("sectors")
    if shown.waves:
        keys.append("waves")
    return keys + ["robustness", "method"]


def _slice(shown, words: Words) -> list[tuple[str, str]]:
    meta = shown.meta
    relation = meta.get("relation")
    relations = ([relation] if isinstance(relation, str) else list(relation)) if relation else meta.get("relations", [])
    wave = meta.get("wave")
    rows = [
        (
            words("report.slice.relations"),
            ", ".join(words.relation(r) for r in relations) or words("report.value.missing"),
        ),
        (words("report.slice.wave"), str(wave) if wave not in (None, "") else words("report.slice.all_waves")),
        (words("report.slice.mode"), words(f"report.mode.{meta.get('mode', 'union')}")),
        (words("report.slice.privacy"), words(f"report.privacy.level.{shown.policy.level}")),
    ]
    if meta.get("sources"):
        rows.append((words("report.slice.sources"), ", ".join(meta["sources"])))
    return rows


def _intro(shown, words: Words) -> str:
    values = dict(zip(shown.network["indicator"], shown.network["value"]))
    return words(
        "report.summary.intro",
        actors=words.number(values.get("actors", len(shown.actors))),
        ties=words.number(values.get("ties", shown.graph.number_of_edges())),
        density=words.number(values.get("density")),
        main=words.indicator_value("main_component_share", values.get("main_component_share")),
        response=words.percent(shown.quality["response_rate"]),
    )


def _indicators(shown, words: Words) -> list[dict]:
    return [
        {
            "label": words.indicator(name),
            "value": words.indicator_value(name, value),
            "meaning": words.indicator_meaning(name),
        }
        for name, value in zip(shown.network["indicator"], shown.network["value"])
    ]


def _sector_rows(shown, words: Words) -> list[dict]:
    rows = []
    for record in shown.sectors.to_dict("records"):
        rows.append(
            {
                "sector": words.sector(record["sector"]),
                "actors": words.number(record["actors"]),
                "respondents": words.number(record["respondents"]),
                "response_rate": words.percent(record["response_rate"]),
                "ties_within": words.number(record["ties_within"]),
                "ties_across": words.number(record["ties_across"]),
                "ei_index": words.number(record["ei_index"], decimals=2),
            }
        )
    return rows


def _municipality_rows(shown, words: Words) -> dict:
    table = shown.municipalities
    columns = [words.sector(c) if c != "total" else words("report.column.total") for c in table.columns]
    rows = [
        (place or words("report.value.not_given"), [words.number(v) for v in values])
        for place, values in zip(table.index, table.to_numpy().tolist())
    ]
    return {"columns": columns, "rows": rows}


def _matrix_rows(shown, words: Words) -> dict:
    matrix = shown.sector_matrix
    return {
        "columns": [words.sector(c) for c in matrix.columns],
        "rows": [
            (words.sector(s), [words.number(v) for v in values])
            for s, values in zip(matrix.index, matrix.to_numpy().tolist())
        ],
    }


def _bridge_rows(shown, words: Words) -> list[dict]:
    """The suggested ties (``ShownTables.bridges``: a varied few, see
    :func:`skane_ecosystem.scenarios.varied_bridges`), each as a sentence saying
    what it would connect, with its fall in fragmentation and new cross-sector pairs."""
    return [
        {
            "rank": row["rank"],
            "sentence": _bridge_sentence(row, words),
            "gain": words.number(row["gain"]),
            "new_cross_sector_pairs": words.number(row["new_cross_sector_pairs"]),
        }
        for row in shown.bridges.to_dict("records")
    ]


def _bridge_sentence(row: dict, words: Words) -> str:
    """What a suggested tie would connect, in the catalog's words; each organisation
    named with its municipality when known."""

    def named(end: str) -> str:
        name, place = str(row[f"{end}_name"]), row.get(f"{end}_municipality")
        return words("report.bridges.named", name=name, place=place) if place else name

    def sector(end: str) -> str:
        label = words.sector(row[f"{end}_sector"])
        return label[:1].lower() + label[1:]  # inside a sentence

    connects = row.get("connects") or "sectors"
    if connects == "outside_main":
        outside = row["outside"]
        partner = "source" if outside == "target" else "target"
        return words(
            "report.bridges.outside_main",
            partner=named(partner),
            outside=named(outside),
            count=words.number(row["outside_count"]),
            sector=sector(outside),
        )
    values = {"source": named("source"), "target": named("target")}
    if connects == "communities":
        return words("report.bridges.communities", sector=sector("source"), **values)
    return words("report.bridges.sectors", source_sector=sector("source"), target_sector=sector("target"), **values)


def _flag_groups(flags: pd.DataFrame, kind: str) -> list[dict]:
    """Findings of one kind grouped by rule, rules in the order the analysis lists them,
    each with the number of findings it stands for (a summarised rule's row stands for
    all of its findings)."""
    groups: dict[str, list[dict]] = {}
    for row in flags.to_dict("records"):
        if row["kind"] == kind:
            groups.setdefault(row["code"], []).append(row)
    return [
        {"code": code, "flags": sorted(rows, key=_strength_order), "count": sum(map(_findings_in, rows))}
        for code, rows in groups.items()
    ]


def _findings_in(row: dict) -> int:
    """How many findings a row stands for: one, or the count of a summarised rule."""
    evidence = row.get("evidence")
    return int(evidence["findings"]) if isinstance(evidence, dict) and "mass_threshold" in evidence else 1


def _wave_rows(shown, words: Words) -> list[dict]:
    rows = []
    for record in shown.waves["indicators"].to_dict("records"):
        name = record["indicator"]
        rows.append(
            {
                "label": words.indicator(name),
                "before": words.indicator_value(name, record["before"]),
                "after": words.indicator_value(name, record["after"]),
                "change": _signed(words, record.get("change"), points=name in _PERCENT_INDICATORS),
            }
        )
    return rows


def _wave_flags(shown, words: Words, listed: int = WAVE_FLAGS_LISTED) -> dict:
    """Findings that appeared or vanished: counts per rule, and the most important few."""
    appeared, vanished = shown.waves["flags_appeared"], shown.waves["flags_vanished"]
    codes = list(dict.fromkeys([*appeared["code"], *vanished["code"]]))
    rules = [
        {
            "label": words.flag(code),
            "appeared": words.number(int((appeared["code"] == code).sum())),
            "vanished": words.number(int((vanished["code"] == code).sum())),
        }
        for code in codes
    ]
    chosen = {}
    for key, flags in (("flags_appeared", appeared), ("flags_vanished", vanished)):
        rows = sorted(flags.to_dict("records"), key=_code_order)
        chosen[key] = {"rows": rows[:listed], "more": max(len(rows) - listed, 0)}
    return {"rules": rules, **chosen}


def _signed(words: Words, value, points: bool = False) -> str:
    if _missing(value) or isinstance(value, str):
        return words.number(value)
    text = words.number(float(value) * 100, decimals=1) if points else words.number(value)
    text = ("+" + text) if float(value) > 0 else text
    return words("report.format.points", value=text) if points else text


# ==================================================================== tests
def _tests(shown, words: Words) -> dict:
    """The statistical tests as the report states them (``ShownTables.inference``).

    Every sentence says what was tested, which way the data lean, the p-value and
    the level it was judged at; a p-value above the level is never worded as a
    finding (:func:`skane_ecosystem.inference.significance_sentence`).
    """
    inference = shown.inference
    n, alpha = inference["n_permutations"], inference["alpha"]
    level = words.percent(alpha)
    homophily = _homophily_sentences(inference, words)
    return {
        "sentences": homophily,
        "summary": homophily.get("sector"),
        "method": _test_method(inference, words, level),
        "waves": _wave_test_sentence(shown, inference, words, level),
        "change_p": _change_p_values(inference, words),
        "change_note": words("report.tests.waves.change_note", n_permutations=words.number(n)),
        "nonresponse": words(f"report.tests.nonresponse.{inference['nonresponse']}"),
        "sensitivity": _sensitivity_rows(inference["sensitivity"], words)
        if inference["sensitivity"] is not None
        else [],
        "options": [words(f"report.nonresponse.{option}") for option in _OPTIONS],
        "missing": _missingness_text(inference["missingness"], words, n),
    }


#: The non-response options, in the columns of the sensitivity table.
_OPTIONS = ("none", "reconstruction", "reciprocity")


def _homophily_sentences(inference: dict, words: Words) -> dict[str, str]:
    """attribute -> its significance sentence (sector, municipality, type)."""
    table = inference["homophily"]
    if table is None:
        return {}
    relation = "collaboration" if inference["relation"] == "collaboration" else None
    return {
        attribute: significance_sentence(row, words.lang, alpha=inference["alpha"], relation=relation)
        for attribute, row in table.iterrows()
    }


def _test_method(inference: dict, words: Words, level: str) -> list[str]:
    n = inference["n_permutations"]
    if inference["skipped"]:
        return [
            words(
                "report.tests.method.skipped", actors=words.number(inference["actors"]), limit=words.number(MAX_ACTORS)
            )
        ]
    paragraphs = []
    if inference["homophily"] is not None:
        test = t("inference.test.qap", words.lang, n_permutations=words.number(n))
        paragraphs.append(words("report.tests.method.homophily", test=test, level=level))
    if inference["wave_change"] is not None:
        paragraphs.append(words("report.tests.method.waves", n_permutations=words.number(n)))
    return paragraphs


def _shown_p(value, n_permutations: int, words: Words) -> str:
    """A p-value as text: ``p < 0,001``; a suppressed or missing one as it is shown elsewhere."""
    if isinstance(value, str) or _missing(value):
        return words.number(value)
    return p_text(float(value), n_permutations, words.lang)


def _ei_tests(shown, words: Words) -> dict | None:
    """sector label -> the p-value of its E-I index, and the note saying how it was tested.

    Every analysis has them in its sector table (they cost milliseconds), so the
    report shows them beside every E-I index, with or without ``--inference``.
    """
    sectors = shown.sectors
    if "ei_p_value" not in sectors.columns or sectors["ei_p_value"].isna().all():
        return None
    n = shown.meta["config"]["inference"]["n_permutations"]
    return {
        "p": {words.sector(s): _shown_p(p, n, words) for s, p in zip(sectors["sector"], sectors["ei_p_value"])},
        "note": words("report.tests.ei_note", n_permutations=words.number(n)),
    }


def _wave_test_sentence(shown, inference: dict, words: Words, level: str) -> str | None:
    """Whether the later wave's network follows the earlier one's beyond chance (QAP correlation)."""
    change = inference["wave_change"]
    if change is None or not shown.waves:
        return None
    row = change["table"].loc["qap_correlation"]
    if row["p_value"] >= inference["alpha"]:
        direction = "none"
    else:
        direction = "more" if row["coef"] > 0 else "less"
    return words(
        f"report.tests.waves.{direction}",
        before=shown.waves["wave_from"],
        after=shown.waves["wave_to"],
        r=words.number(row["coef"], decimals=2),
        p=_shown_p(row["p_value"], inference["n_permutations"], words),
        level=level,
    )


def _change_p_values(inference: dict, words: Words) -> dict[str, str]:
    """indicator label -> the p-value of its change between waves."""
    table = inference["indicator_change"]
    if table is None:
        return {}
    return {
        words.indicator(name): _shown_p(p, inference["n_permutations"], words) for name, p in table["p_value"].items()
    }


def _sensitivity_rows(table: pd.DataFrame, words: Words) -> list[dict]:
    rows = []
    for record in table.to_dict("records"):
        if record["kind"] == "indicator":
            name = record["name"]
            label, found = words.indicator(name), ""
            values = [words.indicator_value(name, record[option]) for option in _OPTIONS]
        else:
            label, found = words.flag(record["name"]), words.number(record["findings"])
            values = [words.number(record[option]) for option in _OPTIONS]
        rows.append({"label": label, "found": found, "values": values})
    return rows


def _missingness_text(missing: dict | None, words: Words, n_permutations: int) -> dict | None:
    """The response rate by sector, the one-sided ties and the non-respondents' degree, as sentences."""
    if missing is None:
        return None
    degree = missing["degree"].iloc[0]
    response = missing["response"]
    by_sector = (
        response.loc["sector"] if "sector" in response.index.get_level_values("dimension") else response.iloc[:0]
    )
    return {
        "degree": words(
            "report.tests.missing.degree",
            nonrespondents=words.number(degree["mean_nonrespondents"], decimals=1),
            respondents=words.number(degree["mean_respondents"], decimals=1),
            p=_shown_p(degree["p_value"], n_permutations, words),
        ),
        "one_sided": words(
            "report.tests.missing.one_sided",
            share=words.percent(missing["one_sided"].loc[("all", "all"), "one_sided_share"]),
        ),
        "sectors": [
            {
                "sector": words.sector(sector),
                "actors": words.number(row["actors"]),
                "respondents": words.number(row["respondents"]),
                "response_rate": words.percent(row["response_rate"]),
            }
            for sector, row in by_sector.iterrows()
        ],
    }


def _corrections(shown) -> list[dict]:
    problems = shown.problems
    return problems[problems["severity"] == "correction"].to_dict("records")


def _warnings(shown) -> list[dict]:
    problems = shown.problems
    return problems[problems["severity"] == "warning"].to_dict("records")


def _measures_shown(shown) -> list[str]:
    """Every measure that appears in the report or workbook, for the definitions."""
    return [c for c in shown.measures if c in shown.actors.columns]


def _data_uri(image: dict) -> str:
    if image.get("svg"):
        return "data:image/svg+xml;base64," + base64.b64encode(image["svg"]).decode("ascii")
    return "data:image/png;base64," + base64.b64encode(image["png"]).decode("ascii")


def _template() -> jinja2.Template:
    source = (resources.files("skane_ecosystem") / "render" / "templates" / "report.html.j2").read_text(
        encoding="utf-8"
    )
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(source)


# ------------------------------------------------------------------ helpers
def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _float(value) -> float:
    return 0.0 if _missing(value) or isinstance(value, str) else float(value)


def _humanize(code) -> str:
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]
