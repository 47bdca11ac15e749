"""Checking the map with the actors: the workshop's corrections workbook, written and read back.

Ecosystem mapping is often checked with the organisations themselves: at a
workshop each one sees the ties the survey found for it and says which are right,
which are not, and which are missing.  :func:`write_workshop_workbook` writes those
ties as a workbook to fill in (one row per tie, an answer column with a dropdown,
blank rows for new ties); :func:`read_workshop` reads the filled workbook back,
with located errors like any survey file; :func:`apply_workshop` turns the answers
into a new wave, ``"<wave> workshop"``, so that :func:`skane_ecosystem.compare`
shows what the workshop changed.

In the workshop wave a tie confirmed at the workshop, or added there, is an
*observation* (empty ``reported_by``, as ties from registers are): the two sides
agreed on it in the room, so it is never one-sided.  A tie nobody answered for is
kept as the survey reported it; a tie marked wrong is left out.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..atomic import write_atomic
from ..ecosystem import TIE_COLUMNS, Ecosystem
from ..errors import Problem, SurveyDataError, ValidationReport
from ..i18n import check_language, t
from ..relations import canonical_relation
from ..render.csvtext import set_text
from ..sectors import fold
from ._grid import to_raw_table
from .names import NameResolver
from .tables import DEFAULT_RELATION, _resolve, parse_number
from .template import _HEADER_FILL, reproducible_workbook_bytes
from .workbook import open_workbook

__all__ = [
    "ANSWERS",
    "apply_workshop",
    "read_workshop",
    "workshop_ties",
    "workshop_workbook_bytes",
    "write_workshop_workbook",
]

#: The answers a row can carry; each is written as its catalog label (``workshop.answer.<answer>``).
ANSWERS = ("confirm", "remove", "new")

#: Other ways people write the answers by hand (folded), besides the labels of both languages.
_ANSWER_SYNONYMS = {
    **dict.fromkeys(("confirm", "confirmed", "yes", "ja", "ok", "x"), "confirm"),
    **dict.fromkeys(("remove", "wrong", "no", "nej", "fel", "ta bort"), "remove"),
    **dict.fromkeys(("new", "add", "ny", "nytt", "lagg till"), "new"),
}


def _answer_label(answer: str, lang: str) -> str:
    return t(f"workshop.answer.{answer}", lang)


def _answer_lookup() -> dict[str, str]:
    labels = {fold(_answer_label(answer, lang)): answer for answer in ANSWERS for lang in ("en", "sv")}
    return {**_ANSWER_SYNONYMS, **labels}


#: The workbook's columns: key -> catalog key of its header.
COLUMNS = {
    "organisation": "workshop.column.organisation",
    "partner": "workshop.column.partner",
    "relation": "report.column.relation",
    "wave": "report.column.wave",
    "strength": "report.column.weight",
    "answer": "workshop.column.answer",
    "new_strength": "workshop.column.new_strength",
    "comment": "workshop.column.comment",
}

#: Blank rows left at the end for ties the survey missed.
BLANK_ROWS = 60
_SHEET = "workshop"


def workshop_ties(eco: Ecosystem, wave="latest") -> pd.DataFrame:
    """The ties of one wave as the workshop sees them: one row per pair and relation.

    Reports of a pair in both directions are one tie; its strength is the mean of
    the reports (as :meth:`Ecosystem.graph` combines them).

    Returns
    -------
    pandas.DataFrame
        Columns ``organisation``, ``partner`` (actor ids, ordered so that every
        tie is listed under the organisation whose name sorts first), ``relation``,
        ``wave``, ``strength``; sorted by organisation name.
    """
    wave = eco.resolve_wave(wave)
    ties = eco.select_ties(None, wave, None) if wave is not None else eco.ties
    names = eco.actors["name"]
    first_is_source = names.reindex(ties["source"]).to_numpy() <= names.reindex(ties["target"]).to_numpy()
    frame = pd.DataFrame(
        {
            "organisation": ties["source"].where(first_is_source, ties["target"]).to_numpy(),
            "partner": ties["target"].where(first_is_source, ties["source"]).to_numpy(),
            "relation": ties["relation"].to_numpy(),
            "wave": ties["wave"].astype(str).to_numpy(),
            "strength": ties["weight"].to_numpy(),
        }
    )
    frame = frame.groupby(["organisation", "partner", "relation", "wave"], as_index=False, sort=False)[
        "strength"
    ].mean()
    order = names.reindex(frame["organisation"]).str.casefold().to_numpy(), names.reindex(frame["partner"]).to_numpy()
    return frame.iloc[pd.MultiIndex.from_arrays(order).argsort()].reset_index(drop=True)


def write_workshop_workbook(eco: Ecosystem, path, lang: str = "en", wave="latest") -> Path:
    """Write :func:`workshop_workbook_bytes` to ``path``, atomically."""
    path = Path(path)
    write_atomic(path, workshop_workbook_bytes(eco, lang, wave))
    return path


def workshop_workbook_bytes(eco: Ecosystem, lang: str = "en", wave="latest") -> bytes:
    """The corrections workbook: every tie of ``wave`` to confirm, correct or reject, and rows to add.

    The same ecosystem gives the same bytes.

    Parameters
    ----------
    eco : Ecosystem
    lang : {"en", "sv"}
        Language of the headers and the answers offered.
    wave : str, optional
        The wave to check (default: the latest).

    Returns
    -------
    bytes
        An ``.xlsx`` workbook.
    """
    lang = check_language(lang)
    wb = Workbook()
    sheet = wb.active
    sheet.title = _SHEET
    headers = [t(key, lang) for key in COLUMNS.values()]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, header)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = max(14, len(header) + 4)
    names = eco.actors["name"]
    ties = workshop_ties(eco, wave)
    for row, tie in enumerate(ties.itertuples(index=False), start=2):
        texts = (names[tie.organisation], names[tie.partner], t(f"relation.{tie.relation}", lang), tie.wave)
        for column, text in enumerate(texts, start=1):
            set_text(sheet.cell(row=row, column=column), text)
        sheet.cell(row=row, column=5).value = float(tie.strength)  # a number, so it can be compared and corrected
    last = len(ties) + 1 + BLANK_ROWS
    choices = ",".join(_answer_label(answer, lang) for answer in ANSWERS)
    answers = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True)
    answers.add(f"F2:F{last}")
    sheet.add_data_validation(answers)
    sheet.freeze_panes = "A2"
    for column in ("A", "B"):
        sheet.column_dimensions[column].width = 36
    return reproducible_workbook_bytes(wb)


def read_workshop(path, eco: Ecosystem) -> pd.DataFrame:
    """The answers of a filled corrections workbook, checked against ``eco``.

    Returns
    -------
    pandas.DataFrame
        One row per answered row: ``organisation``, ``partner`` (actor ids, names
        matched as in survey files), ``relation``, ``wave``, ``answer`` (``confirm``,
        ``remove`` or ``new``), ``strength`` (the corrected strength, or NaN).

    Raises
    ------
    SurveyDataError
        For every unreadable answer, unknown organisation or bad strength, at its
        file, sheet, row and column.
    """
    with open_workbook(path) as book:
        sheet = next((name for name in book.sheet_names if fold(name) == _SHEET), book.sheet_names[0])
        table = to_raw_table(book.grid(sheet))
    table.recognise_headers(("organisation", "partner", "relation", "wave", "weight", "answer", "new_weight"))
    errors: list[Problem] = list(table.repeated_headers())
    missing = [c for c in ("organisation", "partner", "answer") if c not in table.columns]
    if missing:
        raise SurveyDataError(table.problem(f"the workshop sheet needs the columns {missing}; it is not a filled copy"))
    resolver = NameResolver(dict(zip(eco.actors.index, eco.actors["name"])))
    cells = {c: dict(table.cells(c)) for c in ("organisation", "partner", "relation", "wave", "answer", "new_weight")}
    rows = []
    corrections = ValidationReport()  # name corrections in a workshop sheet need no record: read, then dropped
    for row in table.frame.index:
        answer = _answer(cells["answer"][row], table, row, errors)
        if answer is None:
            continue
        found = [
            _resolve(cells[side][row], table, row, side, resolver, {}, errors, corrections)
            for side in ("organisation", "partner")
        ]
        strength = _strength(cells["new_weight"][row], table, row, errors)
        relation = canonical_relation(str(cells["relation"][row] or "").strip() or DEFAULT_RELATION)
        wave = "" if cells["wave"][row] is None else str(cells["wave"][row]).strip()
        if None not in found:
            rows.append((*found, relation, wave, answer, strength))
    if errors:
        raise SurveyDataError(errors)
    return pd.DataFrame(rows, columns=["organisation", "partner", "relation", "wave", "answer", "strength"])


def apply_workshop(eco: Ecosystem, answers: pd.DataFrame, wave="latest") -> Ecosystem:
    """``eco`` with one more wave, ``"<wave> workshop"``: the checked wave as the workshop corrected it.

    Parameters
    ----------
    eco : Ecosystem
    answers : pandas.DataFrame
        As :func:`read_workshop` returns them.
    wave : str, optional
        The wave the workshop checked (default: the latest).

    Returns
    -------
    Ecosystem
        A new Ecosystem (``eco`` is not changed); ``meta["workshop_wave"]`` names the
        added wave.  Compare the two with
        ``compare(result, wave, result.meta["workshop_wave"])``.
    """
    wave = eco.resolve_wave(wave)
    label = f"{wave} workshop" if wave else "workshop"
    base = eco.select_ties(None, wave, None) if wave is not None else eco.ties
    pair = _pair_keys(base["source"], base["target"], base["relation"])
    said = {
        key: (row.answer, row.strength)
        for key, row in zip(
            _pair_keys(answers["organisation"], answers["partner"], answers["relation"]), answers.itertuples()
        )
    }
    kept = base[[said.get(key, ("", None))[0] != "remove" for key in pair]].copy()
    for position, key in enumerate(_pair_keys(kept["source"], kept["target"], kept["relation"])):
        answer, strength = said.get(key, ("", None))
        if answer in ("confirm", "new"):
            kept.iloc[position, kept.columns.get_loc("reported_by")] = ""
            if strength == strength and strength is not None:
                kept.iloc[position, kept.columns.get_loc("weight")] = strength
    present = set(_pair_keys(kept["source"], kept["target"], kept["relation"]))
    added = [
        {
            "source": row.organisation,
            "target": row.partner,
            "relation": row.relation,
            "weight": row.strength if row.strength == row.strength else 1.0,
            "reported_by": "",
        }
        for row, key in zip(
            answers.itertuples(), _pair_keys(answers["organisation"], answers["partner"], answers["relation"])
        )
        if row.answer in ("new", "confirm") and key not in present
    ]
    workshop_wave = pd.concat([kept, pd.DataFrame(added, columns=list(TIE_COLUMNS))], ignore_index=True)
    workshop_wave["wave"] = label
    ties = pd.concat([eco.ties, workshop_wave[eco.ties.columns.intersection(workshop_wave.columns)]], ignore_index=True)
    return replace(eco, ties=ties, meta={**eco.meta, "workshop_wave": label})


def _pair_keys(sources, targets, relations) -> list[tuple]:
    """(pair, relation) keys that ignore direction: the workshop speaks of ties, not of who reported them."""
    return [(frozenset((s, t)), r) for s, t, r in zip(sources, targets, relations)]


def _answer(cell, table, row, errors) -> str | None:
    text = "" if cell is None else str(cell).strip()
    if not text:
        return None
    answer = _answer_lookup().get(fold(text))
    if answer is None:
        offered = ", ".join(f"{_answer_label(a, 'en')} / {_answer_label(a, 'sv')}" for a in ANSWERS)
        errors.append(table.problem(f"unknown answer {text!r}; write one of {offered}", row=row, column="answer"))
    return answer


def _strength(cell, table, row, errors) -> float:
    if cell is None or str(cell).strip() == "":
        return float("nan")
    value = parse_number(cell)
    if value is None or not value > 0:
        errors.append(table.problem(f"a strength is a positive number, not {cell!r}", row=row, column="new_weight"))
        return float("nan")
    return value
