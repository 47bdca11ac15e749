"""From raw tables, as read from any file format, to a validated Ecosystem.

Every loader (workbook, CSV, roster, matrix) reads its file into :class:`RawTable`
objects: the cells as written, the row numbers the user sees, and where they came
from.  :func:`build_ecosystem` then does all checking in one place, so every format
gets the same rules and the same located messages, and *all* problems are reported
together.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz, process

from ..ecosystem import (
    ACTOR_COLUMNS,
    DIRECTIONS,
    MAX_WEIGHT,
    QUALITATIVE_COLUMNS,
    TIE_COLUMNS,
    Ecosystem,
    one_sided_mask,
)
from ..errors import CORRECTION, WARNING, Problem, SurveyDataError, ValidationReport
from ..relations import RELATION_ALIASES, canonical_relation
from ..sectors import accepted_sector_values, fold, normalize_sector
from .names import (
    DEFAULT_FUZZY_THRESHOLD,
    Ambiguous,
    NameResolver,
    distinct_names,
    exact_key,
    near_duplicate_message,
    near_duplicates,
)
from .registers import (
    is_orgnr_shaped,
    is_personal_number,
    legal_form_conflict,
    parse_orgnr,
    parse_sni,
    reconcile_municipality,
)

__all__ = [
    "RawTable",
    "build_ecosystem",
    "HEADER_ALIASES",
    "RELATION_ALIASES",
    "DIRECTION_ALIASES",
    "parse_number",
    "parse_direction",
]

#: Accepted header spellings (folded: case, spacing, punctuation and diacritics ignored).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "actor id", "actor_id", "aktor id", "aktors id", "aktorsid", "kod", "code"),
    "name": ("name", "namn", "organisation", "organization", "organisationsnamn", "actor", "aktor"),
    "sector": ("sector", "sektor"),
    "type": ("type", "typ", "actor type", "aktorstyp", "organisationstyp"),
    "municipality": ("municipality", "kommun", "location", "ort"),
    "respondent": ("respondent", "responded", "svarande", "svarat", "besvarat"),
    "source": ("source", "from", "kalla", "fran", "avsandare", "ego"),
    "target": ("target", "to", "mal", "till", "mottagare", "alter"),
    "relation": ("relation", "relationstyp", "relation type", "tie type", "type of tie"),
    "weight": ("weight", "vikt", "strength", "styrka", "value", "varde"),
    "wave": ("wave", "vag", "year", "ar", "survey wave", "omgang"),
    "reported_by": ("reported by", "reported_by", "reporter", "rapporterad av", "uppgiftslamnare"),
    "alias": ("alias", "alternative name", "alternativt namn", "written as", "skrivs som"),
    "actor_id": ("actor id", "actor_id", "aktors id", "aktor id", "id"),
    "direction": ("direction", "riktning", "flow", "flode"),
    "description": ("description", "beskrivning", "question", "fraga", "meaning", "betydelse"),
    # the coded qualitative material
    "actor": ("actor", "aktor", "organisation", "organization", "name", "namn", "actor id", "id"),
    "code": ("code", "kod", "theme", "tema", "category", "kategori"),
    "kind": ("kind", "slag", "type", "typ", "role", "roll"),
    "quote": ("quote", "citat", "excerpt", "utdrag", "text"),
    "material": ("source", "kalla", "material", "underlag", "method", "metod"),
    # the workshop's corrections workbook (io/workshop.py)
    "organisation": ("organisation", "organization", "aktor", "actor"),
    "partner": ("partner", "motpart"),
    "answer": ("answer", "svar"),
    "new_weight": ("corrected strength", "rattad styrka", "new strength", "ny styrka"),
}

#: Optional columns that keep their data but get one name whatever the language, so
#: privacy levels and reports recognise them (free text, people's names).
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "comment": (
        "comment",
        "comments",
        "kommentar",
        "kommentarer",
        "notes",
        "note",
        "anteckning",
        "anteckningar",
        "free text",
        "fritext",
    ),
    "contact_person": ("contact person", "contact", "kontaktperson", "kontakt", "contact name"),
    "email": ("email", "e mail", "e post", "epost", "mejl"),
    "orgnr": (
        "orgnr",
        "org nr",
        "organisationsnummer",
        "organisation number",
        "organization number",
        "corporate identity number",
    ),
    "sni": ("sni", "sni code", "sni kod", "sni 2007", "naringsgren", "industry code"),
}
_EXTRA_LOOKUP = {fold(alias): name for name, aliases in EXTRA_ALIASES.items() for alias in aliases}


def extra_name(header) -> str:
    """The name an extra column is kept under: canonical for known ones, else as written."""
    written = str(header).strip()
    return _EXTRA_LOOKUP.get(fold(written), written)


#: How a relation's direction may be written in a relation types table (folded: case,
#: accents and punctuation ignored, so "source → target" and "Källa->mål" are read too),
#: mapped to one of :data:`~skane_ecosystem.ecosystem.DIRECTIONS`, or to None for a
#: relation without a direction (as an empty cell).
DIRECTION_ALIASES: dict[str, str | None] = {
    **dict.fromkeys(
        (
            "source to target",
            "source target",
            "from source to target",
            "kalla till mal",
            "fran kalla till mal",
            "kalla mal",
        ),
        "source_to_target",
    ),
    **dict.fromkeys(
        (
            "target to source",
            "target source",
            "from target to source",
            "mal till kalla",
            "fran mal till kalla",
            "mal kalla",
        ),
        "target_to_source",
    ),
    **dict.fromkeys(("", "undirected", "none", "unknown", "oriktad", "ingen", "ingen riktning", "okand"), None),
}

#: How a coded passage's kind may be written (folded), as the flags' kinds: a barrier is an impediment.
KIND_ALIASES: dict[str, str] = {
    **dict.fromkeys(("impediment", "barrier", "obstacle", "hinder", "barriar", "forsvarande"), "impediment"),
    **dict.fromkeys(("facilitator", "enabler", "mojliggorare", "framjande", "stod"), "facilitator"),
    **dict.fromkeys(("need", "behov"), "need"),
}

_TRUE = {"1", "yes", "y", "true", "ja", "j", "x", "sant", "responded", "svarat"}
_FALSE = {"0", "no", "n", "false", "nej", "falskt", ""}

DEFAULT_RELATION = "collaboration"


@dataclass
class RawTable:
    """Cells as read from one sheet or file.

    Parameters
    ----------
    frame : pandas.DataFrame
        Column labels are the headers as written; the index holds the row numbers a
        user sees (header row 1, so the first data row is 2).  Cells are strings,
        numbers or missing.
    file : str
        The file's name, for messages.
    sheet : str, optional
        The sheet's name, for workbooks.
    """

    frame: pd.DataFrame
    file: str | None
    sheet: str | None = None
    header_row: int | None = None  # as the user sees it; None when the table was not read from a file
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> as written
    extras: dict[str, str] = field(default_factory=dict)  # name kept under (e.g. 'comment') -> as written
    repeated: dict[str, str] = field(default_factory=dict)  # as written -> meaning already taken

    def problem(self, message, row=None, column=None, severity="error", **extra) -> Problem:
        written = self.columns.get(column, column)
        return Problem(message, file=self.file, sheet=self.sheet, row=row, column=written, severity=severity, **extra)

    def recognise_headers(self, kinds: tuple[str, ...]) -> None:
        """Map each written header to the one field it fills (first match wins, case-insensitive).

        A header is either one of the canonical columns ``kinds`` or an extra column,
        kept under its canonical extra name ("Notes" and "Kommentar" are both
        ``comment``) or as written.  A second header meaning a field already taken
        ("namn" beside "name", "Notes" beside "Comment") is remembered in
        ``repeated``: it is neither used nor kept, and :meth:`repeated_headers`
        reports it, since keeping one of the two would silently lose the other.
        """
        self.columns, self.extras, self.repeated = {}, {}, {}
        for written in self.frame.columns:
            key = fold(written)
            meanings = [c for c in kinds if key in {fold(a) for a in HEADER_ALIASES[c]}]
            free = [c for c in meanings if c not in self.columns]
            if free:
                self.columns[free[0]] = written
            elif meanings:
                self.repeated[written] = meanings[0]
            elif str(written).strip():
                self._keep_extra(written)

    def _keep_extra(self, written) -> None:
        name = extra_name(written)
        if name in self.extras:
            self.repeated[written] = name
        else:
            self.extras[name] = written

    def repeated_headers(self) -> list[Problem]:
        """One problem per header that means a field already taken, located at the header row."""
        taken = {**self.extras, **self.columns}
        return [
            Problem(
                f"columns {taken[meaning]!r} and {written!r} both mean {meaning!r}, so it "
                "cannot be told which to use; delete or rename one",
                file=self.file,
                sheet=self.sheet,
                row=self.header_row,
                column=written,
            )
            for written, meaning in self.repeated.items()
        ]

    def cells(self, canonical: str):
        """(row number, cell) pairs of a canonical column, or all-missing if it is absent."""
        if canonical in self.columns:
            return list(zip(self.frame.index, self.frame[self.columns[canonical]]))
        return [(row, None) for row in self.frame.index]

    def extra_columns(self) -> list[str]:
        """The extra columns kept, as written (each under :func:`extra_name` of it, all different)."""
        return list(self.extras.values())


def build_ecosystem(
    ties: RawTable,
    actors: RawTable | None = None,
    aliases: RawTable | None = None,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    meta: dict | None = None,
    default_relation: str = DEFAULT_RELATION,
    relation_types: RawTable | None = None,
    directions: dict | None = None,
    qualitative: RawTable | None = None,
) -> Ecosystem:
    """Validate raw actor, tie, alias and relation type tables and build an Ecosystem.

    Names in the ties are matched to the actors with
    :class:`~skane_ecosystem.io.names.NameResolver`.  Without an actors table the
    actors are the names written in the ties, kept exact but for case and spacing:
    similar names are reported as warnings, never merged.  The relation types
    table (columns ``relation``, ``direction``, ``description``) declares what flows
    along each relation's ties; ``directions`` (relation -> one of
    :data:`~skane_ecosystem.ecosystem.DIRECTIONS`, already checked) declares it from
    a loader's argument.  See :attr:`Ecosystem.directions`.  The qualitative table
    (columns ``actor``, ``code``, ``kind``, ``quote``, ``source``) holds coded
    interviews and open answers; its actors are matched as the ties' are.

    Raises
    ------
    SurveyDataError
        With every problem found, each located by file, sheet, row and column.
    """
    report = ValidationReport()
    errors: list[Problem] = []
    written_aliases = _aliases(aliases, errors) if aliases is not None else []
    if actors is not None:
        actor_frame, listed_at, renamed = _actors(actors, errors, report)
    else:
        actor_frame, listed_at, renamed = _infer_actors(ties, written_aliases, threshold, report), {}, []
    if any(e.severity == "error" for e in errors) and actor_frame is None:
        raise SurveyDataError(errors)
    # Spellings are corrected only against a known actor list, never against names inferred from the ties.
    correct_spelling = actors is not None
    actor_names = dict(zip(actor_frame.index, actor_frame["name"]))
    alias_pairs = _checked_aliases(
        aliases, written_aliases, actor_names, errors, same_alias=fold if correct_spelling else exact_key
    )
    alias_pairs += orgnr_aliases(actor_frame) + renamed
    resolver = NameResolver(actor_names, alias_pairs, threshold, correct_spelling=correct_spelling)
    tie_frame = _ties(ties, resolver, listed_at, errors, report, default_relation)
    coded = _qualitative(qualitative, resolver, listed_at, errors, report) if qualitative is not None else None
    declared = dict(directions or {})
    if relation_types is not None:
        declared.update(_declared_directions(relation_types, _written_relations(ties, default_relation), errors))
    tables = (actors, ties, aliases, relation_types, qualitative)
    errors.extend(p for table in tables if table is not None for p in table.repeated_headers())
    if errors:
        raise SurveyDataError(errors)
    if actors is not None and actors.columns.get("respondent") is None:
        actor_frame["respondent"] = actor_frame.index.isin(set(tie_frame["reported_by"]))
    _warn_one_sided(tie_frame, actor_frame, report, one_way=declared)
    eco = Ecosystem(actors=actor_frame, ties=tie_frame, validation=report, meta=dict(meta or {}), directions=declared)
    if coded is not None:
        eco.qualitative = coded
    return eco


# ------------------------------------------------------------------ actors
def _actors(table: RawTable, errors: list[Problem], report: ValidationReport):
    """The actors frame (or None if it cannot be read), where each actor is (id -> "row N"), and renames."""
    table.recognise_headers(("id", "name", "sector", "type", "municipality", "respondent"))
    if "id" not in table.columns and "name" not in table.columns:
        errors.append(
            table.problem(
                "the actors table needs a column 'id' or 'name' (Swedish: 'namn'); "
                f"found {list(map(str, table.frame.columns))}"
            )
        )
        return None, {}, []
    if "sector" not in table.columns:
        errors.append(
            table.problem(
                f"the actors table needs a column 'sector' (Swedish: 'sektor') with one of {accepted_sector_values()}"
            )
        )
    rows, seen = [], {}
    ids, names = dict(table.cells("id")), dict(table.cells("name"))
    for row in table.frame.index:
        actor_id = _actor_id(ids[row], names[row])
        name = _text(names[row]) or actor_id
        if not actor_id:
            errors.append(
                table.problem(
                    "this actor has neither id nor name; fill one in or delete the row",
                    row=row,
                    column="id" if "id" in table.columns else "name",
                )
            )
            continue
        if actor_id in seen:
            errors.append(
                table.problem(
                    f"duplicate actor id {actor_id!r} (also on row {seen[actor_id]}); give each actor its own id",
                    row=row,
                    column="id" if "id" in table.columns else "name",
                )
            )
            continue
        seen[actor_id] = row
        rows.append((row, actor_id, name))
    _warn_same_names(rows, table, report)
    sectors = dict(table.cells("sector"))
    types, places, answered = (
        dict(table.cells("type")),
        dict(table.cells("municipality")),
        dict(table.cells("respondent")),
    )
    extras = table.extra_columns()
    records = []
    for row, actor_id, name in rows:
        record = {
            "id": actor_id,
            "name": name,
            "sector": _sector(sectors[row], table, row, errors, report) if "sector" in table.columns else "other",
            "type": _text(types[row]),
            "municipality": _municipality(places[row], table, row, errors, report),
            "respondent": _flag(answered[row], table, row, errors),
        }
        for column in extras:
            record[extra_name(column)] = _cell(table.frame.at[row, column])
        _check_register_codes(record, table, row, errors, report)
        records.append(record)
    records, renamed = _renamed_rows(records, [row for row, _, _ in rows], table, errors, report)
    columns = ["id", *ACTOR_COLUMNS, *map(extra_name, extras)]
    return pd.DataFrame(records, columns=columns).set_index("id"), actor_rows(table), renamed


def _municipality(cell, table, row, errors, report) -> str:
    """The Skåne municipality a cell names by code ("1280"), name or misspelt name ("Malmo"),
    else the municipality as written (see :func:`.registers.reconcile_municipality`)."""
    try:
        name, warning = reconcile_municipality(_text(cell))
    except ValueError as ambiguous:
        errors.append(table.problem(str(ambiguous), row=row, column="municipality"))
        return _text(cell)
    if warning:
        report.add(table.problem(warning, row=row, column="municipality", severity=WARNING))
    return name


def _check_register_codes(record: dict, table, row, errors, report) -> None:
    """Check and normalise an actor's organisation number and SNI code in place (see :mod:`.registers`)."""
    if _text(record.get("orgnr")):
        try:
            record["orgnr"] = number = parse_orgnr(record["orgnr"])
        except ValueError as error:
            errors.append(table.problem(str(error), row=row, column=table.extras["orgnr"]))
        else:
            if is_personal_number(number):
                report.add(
                    table.problem(
                        "this organisation number is a personnummer (a sole trader's): personal data, "
                        "left out of public outputs",
                        row=row,
                        column=table.extras["orgnr"],
                        severity=WARNING,
                    )
                )
            form = legal_form_conflict(number, record["sector"])
            if form:
                report.add(
                    table.problem(
                        f"the organisation number's first digit {number[0]} means a {form}, "
                        f"which is unusual in the sector {record['sector']!r}; check the sector or the number",
                        row=row,
                        column=table.extras["orgnr"],
                        severity=WARNING,
                    )
                )
    if _text(record.get("sni")):
        try:
            record["sni"] = parse_sni(record["sni"])
        except ValueError as error:
            errors.append(table.problem(str(error), row=row, column=table.extras["sni"]))


def _renamed_rows(records: list[dict], rows: list[int], table, errors, report) -> tuple[list[dict], list[tuple]]:
    """Actor rows that share an organisation number: one organisation under two names (a rename).

    The number is the organisation's legal identity, checked by its Luhn digit, so
    rows that share it are one organisation: the first row is the actor, and each
    later row's name and id become its other names (so ties written with either
    reach it), listed in the validation report.  Rows that share a number but
    disagree on sector, type or municipality are an error listing both: which is
    right is the user's say.

    Returns
    -------
    (records kept, [(other name or id, actor id), ...])
    """
    first: dict[str, tuple[int, dict]] = {}
    kept, renamed = [], []
    for record, row in zip(records, rows):
        number = record.get("orgnr")
        if not (isinstance(number, str) and is_orgnr_shaped(number)):
            kept.append(record)
            continue
        if number not in first:
            first[number] = (row, record)
            kept.append(record)
            continue
        other_row, actor = first[number]
        differing = [c for c in ("sector", "type", "municipality") if record[c] != actor[c]]
        where = dict(row=row, column=table.extras["orgnr"])
        if differing:
            errors.append(
                table.problem(
                    f"the organisation number {number} is also {actor['name']!r}'s (row {other_row}), but the two rows "
                    f"differ in {', '.join(differing)}; make them agree, or correct the number",
                    **where,
                )
            )
            continue
        renamed += [(record["name"], actor["id"]), (record["id"], actor["id"])]
        report.add(
            table.problem(
                f"{record['name']!r} has the organisation number of {actor['name']!r} (row {other_row}): one "
                f"organisation under two names, read as {actor['name']!r} (id {actor['id']!r})",
                severity=CORRECTION,
                original=record["name"],
                corrected=actor["name"],
                **where,
            )
        )
    return kept, renamed


def orgnr_aliases(actors: pd.DataFrame) -> list[tuple[str, str]]:
    """(organisation number, actor id) pairs, written NNNNNN-NNNN and as 10 digits, so ties may name actors by them."""
    if "orgnr" not in actors.columns:
        return []
    numbers = actors["orgnr"][actors["orgnr"].map(lambda n: isinstance(n, str) and is_orgnr_shaped(n))]
    return [(form, actor_id) for actor_id, n in numbers.items() for form in (n, n.replace("-", ""))]


def _actor_id(id_cell, name_cell) -> str:
    """An actor's id: its id, or with none its name (so a table of names needs no ids)."""
    return _text(id_cell) or _text(name_cell)


def actor_rows(table: RawTable) -> dict[str, str]:
    """Where each actor of an actors table, already read, is listed: actor id -> "row N".

    For messages that point at an actor, such as an ambiguous name's candidates.
    """
    names = dict(table.cells("name"))
    return {_actor_id(cell, names[row]): f"row {row}" for row, cell in table.cells("id")}


def _warn_same_names(rows: list[tuple[int, str, str]], table: RawTable, report: ValidationReport) -> None:
    """Warn about actors named alike (ignoring case and spacing): ties must use their ids.

    Two organisations may share a name (two branches of one company), so this is no
    error; a tie that uses the shared name is, since it cannot be told which is meant.
    """
    first: dict[str, tuple[int, str]] = {}
    for row, actor_id, name in rows:
        key = exact_key(name)
        if key in first:
            other_row, other_id = first[key]
            report.add(
                table.problem(
                    f"actor {actor_id!r} has the same name {name!r} as actor {other_id!r} (row {other_row}); "
                    "ties must refer to them by id",
                    row=row,
                    column="name" if "name" in table.columns else "id",
                    severity=WARNING,
                )
            )
        else:
            first[key] = (row, actor_id)


def _infer_actors(
    ties: RawTable, aliases: list[tuple[int, str, str]], threshold: float, report: ValidationReport
) -> pd.DataFrame:
    """The actors as the names written in the ties, one per name ignoring case and spacing.

    Names listed as aliases are the actors they stand for, not actors of their own.
    Similar names are kept apart, with a warning: only the user can tell whether
    "Företagsfabriken Skåne 1" and "Företagsfabriken Skåne 2" are one organisation.
    """
    ties.recognise_headers(("source", "target", "relation", "weight", "wave", "reported_by"))
    # An alias spelt like its own actor's name is no other name: that actor is still written in the ties.
    alias_keys = {exact_key(alias) for _, alias, actor_id in aliases if exact_key(alias) != exact_key(actor_id)}
    written_at: dict[str, tuple[int, str]] = {}  # name as first written -> (row, column)
    for column in ("source", "target"):
        for row, cell in ties.cells(column):
            text = _text(cell)
            if text and exact_key(text) not in alias_keys:
                written_at.setdefault(text, (row, column))
    names = distinct_names(written_at)
    for first, second, score in near_duplicates(names, threshold):
        (first_row, first_column), (row, column) = written_at[names[first]], written_at[names[second]]
        first_at = f"row {first_row}, column {ties.columns[first_column]!r}"
        report.add(
            ties.problem(
                near_duplicate_message(names[first], names[second], score, first_at),
                row=row,
                column=column,
                severity=WARNING,
            )
        )
    report.add(
        ties.problem(
            f"no actors table was given, so {len(names)} actors were inferred from the ties with "
            "sector 'other'; add an actors table to analyse sectors",
            severity=WARNING,
        )
    )
    frame = pd.DataFrame(
        {"id": names, "name": names, "sector": "other", "type": "", "municipality": "", "respondent": False}
    ).set_index("id")
    return frame


def _sector(cell, table, row, errors, report) -> str:
    text = _text(cell)
    if not text:
        report.add(table.problem("no sector given; 'other' used", row=row, column="sector", severity=WARNING))
        return "other"
    canonical = normalize_sector(text)
    if canonical is None:
        errors.append(
            table.problem(f"unknown sector {text!r}; use one of {accepted_sector_values()}", row=row, column="sector")
        )
        return "other"
    return canonical


def _flag(cell, table, row, errors) -> bool:
    text = fold(_text(cell))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.append(
        table.problem(f"respondent must be yes or no (ja/nej, 1/0), not {_text(cell)!r}", row=row, column="respondent")
    )
    return False


# ------------------------------------------------------------------ aliases
def _aliases(table: RawTable, errors: list[Problem]) -> list[tuple[int, str, str]]:
    """(row, alias, actor id) of every filled-in alias row, as written."""
    table.recognise_headers(("alias", "actor_id"))
    missing = [c for c in ("alias", "actor_id") if c not in table.columns]
    if missing:
        errors.append(table.problem(f"the aliases table needs columns 'alias' and 'actor_id'; missing {missing}"))
        return []
    written = []
    for (row, alias), (_, actor_id) in zip(table.cells("alias"), table.cells("actor_id")):
        alias, actor_id = _text(alias), _text(actor_id)
        if alias and actor_id:
            written.append((row, alias, actor_id))
        elif alias or actor_id:
            empty = "actor_id" if alias else "alias"
            errors.append(
                table.problem(f"this alias row has no {empty}; fill it in or delete the row", row=row, column=empty)
            )
    return written


def _checked_aliases(
    table: RawTable | None,
    written: list[tuple[int, str, str]],
    actors: dict[str, str],
    errors: list[Problem],
    same_alias=fold,
) -> list[tuple[str, str]]:
    """The (alias, actor id) pairs a resolver can use; a located error for each other row.

    ``same_alias`` is how the resolver compares aliases with names (folded, or case
    and spacing only).  A row is an error when its actor id is not an actor's
    (matched exactly or ignoring case and spacing), since the ties would then point
    to an actor that does not exist; when its alias is another actor's id or name,
    since names are matched before aliases and the alias would never be used; and
    when its alias is listed for another actor on an earlier row, since it cannot be
    told which actor it means.
    """
    ids_by_key: dict[str, list[str]] = {}
    named: dict[str, str] = {}  # an actor's id or name, compared as aliases are -> the actor's id
    for actor_id, name in actors.items():
        ids_by_key.setdefault(exact_key(actor_id), []).append(actor_id)
        named.setdefault(same_alias(actor_id), actor_id)
        named.setdefault(same_alias(name), actor_id)
    pairs: list[tuple[str, str]] = []
    first: dict[str, tuple[int, str]] = {}  # alias, compared -> (row, actor id) where it is first listed
    for row, alias, written_id in written:
        same = [written_id] if written_id in actors else ids_by_key.get(exact_key(written_id), [])
        if len(same) != 1:
            errors.append(table.problem(_unknown_actor_id(alias, written_id, list(actors)), row=row, column="actor_id"))
            continue
        actor_id, key = same[0], same_alias(alias)
        if named.get(key, actor_id) != actor_id:
            other = named[key]
            errors.append(
                table.problem(
                    f"the alias {alias!r} is for actor {actor_id!r}, but it is also the id or name of actor {other!r} "
                    f"({actors[other]!r}), so ties that write it mean {other!r}; delete the row or use another alias",
                    row=row,
                    column="alias",
                )
            )
            continue
        if first.get(key, (row, actor_id))[1] != actor_id:
            other_row, other_id = first[key]
            errors.append(
                table.problem(
                    f"the alias {alias!r} is listed for actor {actor_id!r} here and for actor {other_id!r} on row "
                    f"{other_row}, so it cannot be told which is meant; keep one of the two rows",
                    row=row,
                    column="alias",
                )
            )
        first.setdefault(key, (row, actor_id))
        pairs.append((alias, actor_id))
    return pairs


def _unknown_actor_id(alias: str, written_id: str, actor_ids: list[str]) -> str:
    closest = process.extract(written_id, actor_ids, scorer=fuzz.ratio, limit=3)
    listed = ", ".join(repr(actor_id) for actor_id, _, _ in closest) or "none (there are no actors)"
    return (
        f"the alias {alias!r} is for actor id {written_id!r}, which is not an actor id; the closest ids are "
        f"{listed}. Write the id as the actors table has it"
    )


# --------------------------------------------------------------------- ties
def _ties(table, resolver, listed_at, errors, report, default_relation) -> pd.DataFrame:
    table.recognise_headers(("source", "target", "relation", "weight", "wave", "reported_by"))
    missing = [c for c in ("source", "target") if c not in table.columns]
    if missing:
        errors.append(
            table.problem(
                f"the ties table needs columns 'source' and 'target' (Swedish: 'källa', 'mål'); missing {missing}; "
                f"found {list(map(str, table.frame.columns))}"
            )
        )
        return pd.DataFrame(columns=list(TIE_COLUMNS))
    cols = {c: dict(table.cells(c)) for c in TIE_COLUMNS}
    extras = table.extra_columns()  # e.g. free-text comments: kept, so privacy levels can drop them
    records, seen = [], {}
    for row in table.frame.index:
        source = _resolve(cols["source"][row], table, row, "source", resolver, listed_at, errors, report)
        target = _resolve(cols["target"][row], table, row, "target", resolver, listed_at, errors, report)
        weight = _weight(cols["weight"][row], table, row, errors, report, "weight" in table.columns)
        relation = _relation(cols["relation"][row], default_relation)
        wave = _wave(cols["wave"][row])
        reporter_cell = cols["reported_by"][row]
        reporter = (
            _resolve(reporter_cell, table, row, "reported_by", resolver, listed_at, errors, report)
            if _text(reporter_cell)
            else source
        )
        if source is None or target is None or weight is None or (_text(reporter_cell) and reporter is None):
            continue
        if source == target:
            errors.append(
                table.problem(
                    f"a tie from {resolver.actors[source]!r} to itself; self-ties are not allowed, delete the row",
                    row=row,
                    column="target",
                )
            )
            continue
        key = (source, target, relation, wave, reporter)
        if key in seen:
            report.add(
                table.problem(
                    f"the same tie is reported again (first on row {seen[key]}); only the first is used",
                    row=row,
                    severity=WARNING,
                )
            )
            continue
        seen[key] = row
        record = dict(zip(TIE_COLUMNS, (source, target, relation, weight, wave, reporter)))
        record.update({extra_name(c): _cell(table.frame.at[row, c]) for c in extras})
        records.append(record)
    return pd.DataFrame(records, columns=[*TIE_COLUMNS, *map(extra_name, extras)])


def _resolve(cell, table, row, column, resolver, listed_at, errors, report) -> str | None:
    """The actor id a tie's cell names; a located error if there is none or several."""
    text = _text(cell)
    if not text:
        errors.append(table.problem(f"empty {column}; name the actor or delete the row", row=row, column=column))
        return None
    match = resolver.lookup(text)
    if isinstance(match, Ambiguous):
        errors.append(table.problem(resolver.unresolved(text, match, listed_at), row=row, column=column))
        return None
    if match is None:
        errors.append(
            table.problem(
                f"{resolver.unresolved(text, None)}. Fix the spelling, add the actor to the actors table, or add an "
                "alias",
                row=row,
                column=column,
            )
        )
        return None
    corrected = resolver.corrected_name(text, match)
    if corrected is not None:
        report.add(
            table.problem(
                resolver.correction_message(text, match),
                row=row,
                column=column,
                severity=CORRECTION,
                original=text,
                corrected=corrected,
                score=match.score,
            )
        )
    return match.actor_id


# -------------------------------------------------------------- qualitative
def _qualitative(table, resolver, listed_at, errors, report) -> pd.DataFrame:
    """The coded qualitative material: one row per coded passage, its actor matched like a tie's."""
    table.recognise_headers(("actor", "code", "kind", "quote", "material"))
    missing = [c for c in ("actor", "code") if c not in table.columns]
    if missing:
        errors.append(
            table.problem(
                f"the qualitative table needs columns 'actor' and 'code' (Swedish: 'aktör', 'kod'); missing {missing}"
            )
        )
        return pd.DataFrame(columns=list(QUALITATIVE_COLUMNS))
    cols = {c: dict(table.cells(c)) for c in ("actor", "code", "kind", "quote", "material")}
    records = []
    for row in table.frame.index:
        actor = _resolve(cols["actor"][row], table, row, "actor", resolver, listed_at, errors, report)
        code = _text(cols["code"][row])
        if not code:
            errors.append(table.problem("no code (theme) given; fill it in or delete the row", row=row, column="code"))
        kind = _kind(cols["kind"][row], table, row, errors)
        if actor is not None and code:
            quote, material = _text(cols["quote"][row]), _text(cols["material"][row])
            records.append(dict(zip(QUALITATIVE_COLUMNS, (actor, code, kind, quote, material))))
    return pd.DataFrame(records, columns=list(QUALITATIVE_COLUMNS))


def _kind(cell, table, row, errors) -> str:
    """``impediment``, ``facilitator`` or ``need`` (empty when not given); a located error otherwise."""
    text = _text(cell)
    if not text:
        return ""
    kind = KIND_ALIASES.get(fold(text))
    if kind is None:
        errors.append(
            table.problem(
                f"kind must be barrier, facilitator or need (hinder, möjliggörare, behov), not {text!r}",
                row=row,
                column="kind",
            )
        )
        return ""
    return kind


def _weight(cell, table, row, errors, report, has_column) -> float | None:
    if _text(cell) == "":
        if has_column:
            report.add(table.problem("no weight given; 1 used", row=row, column="weight", severity=WARNING))
        return 1.0
    value = parse_number(cell)
    if value is None or not math.isfinite(value):
        errors.append(
            table.problem(
                f"weight must be a number (decimal comma is fine), not {_text(cell)!r}", row=row, column="weight"
            )
        )
        return None
    if value <= 0:
        errors.append(
            table.problem(
                f"weight must be positive, not {_text(cell)}; leave the tie out if there is no contact",
                row=row,
                column="weight",
            )
        )
        return None
    if value > MAX_WEIGHT:
        errors.append(
            table.problem(
                f"weight {value:g} is larger than {MAX_WEIGHT:g}, so sums of weights would overflow; rescale "
                "the weights (for example to thousands) or correct this one",
                row=row,
                column="weight",
            )
        )
        return None
    return value


def _relation(cell, default_relation: str) -> str:
    text = _text(cell)
    return canonical_relation(text) if fold(text) else default_relation


def _wave(cell) -> str:
    value = parse_number(cell)
    if value is not None and math.isfinite(value) and value == int(value):
        return str(int(value))
    return _text(cell)


# ----------------------------------------------------------- relation types
def _declared_directions(table: RawTable, relations: set[str], errors: list[Problem]) -> dict[str, str]:
    """Relation -> direction declared in a relation types table; a located error for each bad row.

    A row may name a relation the ties have (in any spelling :func:`_relation`
    accepts, "finansiering" for "funding") once, with a direction of
    :data:`DIRECTION_ALIASES`; an empty direction declares none.  A relation no tie
    has is an error: it is most likely misspelt, and its direction would silently
    apply to nothing.
    """
    table.recognise_headers(("relation", "direction", "description"))
    missing = [c for c in ("relation", "direction") if c not in table.columns]
    if missing:
        errors.append(
            table.problem(
                "the relation types table needs columns 'relation' and 'direction' (Swedish: 'relation', 'riktning'); "
                f"missing {missing}; found {list(map(str, table.frame.columns))}"
            )
        )
        return {}
    declared, first_row = {}, {}
    for (row, relation_cell), (_, direction_cell) in zip(table.cells("relation"), table.cells("direction")):
        relation = _relation(relation_cell, "")
        if not relation:
            if _text(direction_cell):
                errors.append(
                    table.problem(
                        "this row gives a direction but no relation; name the relation or delete the row",
                        row=row,
                        column="relation",
                    )
                )
            continue
        if relation in first_row:
            errors.append(
                table.problem(
                    f"the relation {relation!r} is declared again (first on row {first_row[relation]}); keep one row "
                    "per relation",
                    row=row,
                    column="relation",
                )
            )
            continue
        first_row[relation] = row
        if relation not in relations:
            errors.append(
                table.problem(
                    f"no tie has the relation {_text(relation_cell)!r}; the ties have {sorted(relations)}. Correct the "
                    "name or delete the row",
                    row=row,
                    column="relation",
                )
            )
            continue
        try:
            direction = parse_direction(direction_cell)
        except ValueError as exc:
            errors.append(table.problem(str(exc), row=row, column="direction"))
            continue
        if direction is not None:
            declared[relation] = direction
    return declared


def _written_relations(ties: RawTable, default_relation: str) -> set[str]:
    """The relations the ties table names, read from the cells whether or not their rows are valid."""
    return {_relation(cell, default_relation) for _, cell in ties.cells("relation")}


def parse_direction(cell) -> str | None:
    """A relation's direction as written in a table: one of ``DIRECTIONS``, or None for none.

    Raises
    ------
    ValueError
        Naming the accepted spellings, if the cell is none of them.

    Examples
    --------
    >>> parse_direction("Källa till mål"), parse_direction("target → source"), parse_direction("")
    ('source_to_target', 'target_to_source', None)
    """
    text = fold(_text(cell))
    if text in DIRECTION_ALIASES:
        return DIRECTION_ALIASES[text]
    raise ValueError(
        f"the direction must be {DIRECTIONS[0]!r} (Swedish 'källa till mål': what the relation stands for flows "
        f"from source to target), {DIRECTIONS[1]!r} ('mål till källa') or empty (no direction), not {_text(cell)!r}"
    )


def _warn_one_sided(ties: pd.DataFrame, actors: pd.DataFrame, report: ValidationReport, one_way=()) -> None:
    """Warn of nominations between respondents that the other side did not return.

    Relations asked of one side only (``one_way``: a declared direction) are left
    out: the other side was never asked (see ``Ecosystem.graph``).
    """
    respondents = set(actors.index[actors["respondent"].astype(bool)])
    between = ties[ties["source"].isin(respondents) & ties["target"].isin(respondents)]
    keys = list(zip(between["source"], between["target"], between["relation"], between["wave"]))
    asked = (between["reported_by"] != "") & ~between["relation"].isin(list(one_way))
    reported = {key for key, counted in zip(keys, asked) if counted}
    one_sided = len({key for key, alone in zip(keys, one_sided_mask(between, one_way)) if alone})
    if one_sided:
        report.add(
            Problem(
                f"{one_sided} of {len(reported)} ties between two respondents were reported by one side only; "
                "use mode='mutual' to keep only confirmed ties",
                severity=WARNING,
            )
        )


# ------------------------------------------------------------------ cells
def _cell(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.strip() if isinstance(value, str) else value


def _text(value) -> str:
    """A cell as trimmed text; whole floats (Excel's 12.0) lose their '.0'."""
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(value) -> float | None:
    """A number from a cell, accepting a decimal comma ("2,5"); None if not a number.

    Examples
    --------
    >>> parse_number("2,5"), parse_number(" 3 "), parse_number("often")
    (2.5, 3.0, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = _text(value).replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", "."))
