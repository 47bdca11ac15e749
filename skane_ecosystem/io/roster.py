"""Roster survey exports: Google Forms grids, Qualtrics matrices, and both as .xlsx.

In a *roster* survey every respondent sees the full list of organisations and answers
one grid question per relation: "How often do you collaborate with these
organisations?", one answer per organisation.  Survey tools export this *wide*: one
row per respondent, one column per (question, organisation) pair.  This module turns
such an export into an :class:`~skane_ecosystem.ecosystem.Ecosystem`, one tie per
answered cell, each traceable to the row and column header it was read from.

Two layouts are recognised, as CSV (any encoding and separator
:mod:`~skane_ecosystem.io.csvfiles` reads) or as ``.xlsx``:

Google Forms
    Row 1 holds the headers: ``Timestamp`` (Swedish ``Tidstämpel``), the questions,
    and one column per grid cell written ``Question text [Organisation name]``.
    Responses start on row 2.
Qualtrics
    Three header rows: column ids (``Q3_1``), ``Question text - Organisation name``
    and ``{"ImportId":"QID3_1"}``.  Responses start on row 4; messages count rows
    the same way, as Excel shows the file.

Reading happens in three steps, each a small function below: the export's cells
(:func:`_read_export`), its columns and answers, and the organisations they name.
Names are matched once per header and once per response with
:class:`~skane_ecosystem.io.names.NameResolver`, so a misspelt organisation is
reported (or corrected, with its similarity score) once, at the cell where it is
written, rather than once for every tie it appears in.  That needs the actor ids
first, so a given actors table is checked by
:func:`~skane_ecosystem.io.tables.build_ecosystem` on its own; the ties, by then
written with actor ids, then go through ``build_ecosystem`` like every other
format's, which applies the shared rules (relation names, waves, one-sided ties).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from ..ecosystem import DIRECTIONS, QUALITATIVE_COLUMNS, TIE_COLUMNS, Ecosystem, direction_problem
from ..errors import CORRECTION, ERROR, WARNING, Problem, SurveyDataError, ValidationReport, display_name
from ..sectors import fold
from ._grid import Grid, build_checked, to_raw_table
from .csvfiles import read_csv_grid
from .matrix import _actor_grids
from .names import (
    DEFAULT_FUZZY_THRESHOLD,
    Ambiguous,
    Match,
    NameResolver,
    distinct_names,
    near_duplicate_message,
    near_duplicates,
)
from .safety import MAX_FILE_BYTES, check_file, mismatch_problem, sniff

# The cell and relation rules every table follows, so a roster reads like a ties sheet.
from .sources import remember_source_paths
from .tables import RELATION_ALIASES, RawTable, _relation, _text, actor_rows, build_ecosystem, parse_number
from .workbook import open_workbook, source_meta

__all__ = ["load_roster", "DEFAULT_SCALE", "NO_TIE_ANSWERS", "RELATION_FROM_ANSWER", "MAX_HEADER_CHARS"]

#: The longest column header read (characters).  Survey questions, even Qualtrics
#: consent texts, are far shorter; see :func:`_check_header_lengths`.
MAX_HEADER_CHARS = 10_000

#: Answers that mean "no tie" whatever scale is given (as do empty cells).
NO_TIE_ANSWERS: tuple[str, ...] = (
    "Never",
    "Aldrig",
    "No contact",
    "Ingen kontakt",
    "None",
    "Ingen",
    "Inget",
    "Not at all",
    "Inte alls",
    "Not applicable",
    "Ej aktuellt",
    "0",
)

#: How common frequency answers become tie weights: a 1-5 Likert scale, 0 = no tie.
#:
#: ======  ==========================================  ============================================
#: weight  English                                     Swedish
#: ======  ==========================================  ============================================
#: 0       Never, No contact, None, Not at all         Aldrig, Ingen kontakt, Ingen, Inte alls
#: 1       Rarely, Seldom, Once a year, Yearly,        Sällan, Mer sällan, En gång per år, Årligen,
#:         Less than once a year                       Mindre än en gång per år
#: 2       A few times a year, Several times a year,   Några gånger per år, Några gånger om året,
#:         Quarterly, Occasionally, Sometimes          Varje kvartal, Ibland
#: 3       Monthly, Every month, Once a month,         Varje månad, Månadsvis, En gång i månaden,
#:         A few times a month                         Några gånger i månaden
#: 4       Weekly, Every week, Once a week,            Varje vecka, Veckovis, En gång i veckan,
#:         A few times a week                          Några gånger i veckan
#: 5       Daily, Every day, Almost daily              Dagligen, Varje dag, Nästan dagligen
#: ======  ==========================================  ============================================
#:
#: The numbers 0-5 (as numbers or as text) stand for themselves.  Answers are compared
#: ignoring case, spacing, punctuation and diacritics: "varje  vecka" and "Varje
#: vecka." are both 4.  Other wordings: ``scale={**DEFAULT_SCALE, "Ofta": 4}``.
DEFAULT_SCALE: dict[str, int] = {
    # Error messages list the first few answers of each weight: keep the plainest first.
    **{answer: 0 for answer in NO_TIE_ANSWERS},
    "Rarely": 1,
    "Sällan": 1,
    "Seldom": 1,
    "Mer sällan": 1,
    "Once a year": 1,
    "Yearly": 1,
    "Less than once a year": 1,
    "En gång per år": 1,
    "En gång om året": 1,
    "Årligen": 1,
    "Mindre än en gång per år": 1,
    "1": 1,
    "A few times a year": 2,
    "Några gånger per år": 2,
    "Several times a year": 2,
    "Några gånger om året": 2,
    "Quarterly": 2,
    "Varje kvartal": 2,
    "Occasionally": 2,
    "Sometimes": 2,
    "Ibland": 2,
    "2": 2,
    "Monthly": 3,
    "Varje månad": 3,
    "Every month": 3,
    "Månadsvis": 3,
    "Once a month": 3,
    "En gång i månaden": 3,
    "En gång per månad": 3,
    "A few times a month": 3,
    "Några gånger i månaden": 3,
    "Några gånger per månad": 3,
    "3": 3,
    "Weekly": 4,
    "Varje vecka": 4,
    "Every week": 4,
    "Veckovis": 4,
    "Once a week": 4,
    "En gång i veckan": 4,
    "En gång per vecka": 4,
    "A few times a week": 4,
    "Några gånger i veckan": 4,
    "Några gånger per vecka": 4,
    "4": 4,
    "Daily": 5,
    "Dagligen": 5,
    "Every day": 5,
    "Varje dag": 5,
    "Almost daily": 5,
    "Nästan dagligen": 5,
    "5": 5,
}

#: The ``questions`` key of a checkbox grid whose ticked options name the relations,
#: e.g. "What do you do with these organisations? [Malmö stad]" answered
#: "Collaboration;Funding".
RELATION_FROM_ANSWER = "*"

#: Headers (folded) taken as the respondent's organisation when ``respondent_column`` is not given.
_RESPONDENT_HEADERS = frozenset(
    fold(h)
    for h in (
        "organisation",
        "organization",
        "organisationsnamn",
        "organisation name",
        "organization name",
        "namn",
        "name",
        "your organisation",
        "your organization",
        "din organisation",
        "which organisation do you represent",
        "which organization do you represent",
        "vilken organisation representerar du",
        "respondent organisation",
        "respondent",
    )
)

_QUALTRICS_SEPARATOR = " - "
_CHECKBOX_SEPARATORS = re.compile(r"[;,]")
_KNOWN_RELATIONS = frozenset(RELATION_ALIASES.values())


def load_roster(
    path,
    respondent_column: str | None = None,
    questions: Mapping[str, str] | None = None,
    scale: Mapping | None = None,
    actors=None,
    wave=None,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
    title: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    directions: Mapping[str, str] | None = None,
    free_text=(),
) -> Ecosystem:
    """Load a roster survey export (Google Forms or Qualtrics; CSV or .xlsx).

    Every answered grid cell becomes a tie: from the respondent's organisation to the
    organisation named in the column header, with the relation of the question and
    the weight of the answer on ``scale``.

    Parameters
    ----------
    path : str or pathlib.Path
        The export: ``.csv`` (UTF-8 with or without BOM, UTF-16 or Windows-1252;
        comma, semicolon or tab separated) or ``.xlsx`` (its first sheet).  It is
        only read, never changed.
    respondent_column : str, optional
        The header of the question "Which organisation do you represent?" (for
        Qualtrics its text in row 2 or its id in row 1; a unique beginning will do).
        By default a column headed ``Organisation``, ``Namn``, ``Which organisation
        do you represent?`` or the like; if there is none, the error lists the columns.
    questions : dict
        Relation -> the grid question's text, or its beginning, e.g.
        ``{"collaboration": "How often do you collaborate", "funding": "Hur ofta
        finansierar"}``.  Case, spacing, punctuation and diacritics are ignored; when
        several texts fit a column the longest wins.  Relations may be named in
        Swedish ("samarbete" is "collaboration").  The key
        ``"*"`` (:data:`RELATION_FROM_ANSWER`) marks a checkbox grid whose ticked
        options name the relations ("Collaboration;Funding", separated by ``;`` or
        ``,``); each ticked relation is a tie of weight 1.
    scale : dict, optional
        Answer -> weight, used instead of :data:`DEFAULT_SCALE` (English and Swedish
        frequency answers on a 1-5 scale, and the numbers 0-5).  Weight 0 means no
        tie, as do empty cells and the answers in :data:`NO_TIE_ANSWERS` (unless
        ``scale`` gives them a weight).
    actors : str, pathlib.Path or pandas.DataFrame, optional
        The actors table (``id``/``name``, ``sector``, ``type``, ``municipality``
        ...): an ``.xlsx`` with an ``actors`` sheet, a CSV file, or a DataFrame.
        Without it the actors are the organisations in the headers and the
        respondents, with sector ``other`` and a warning saying so; their names are
        then kept as written, ignoring only case and spacing, and similar names
        ("Företagsfabriken Skåne 1" and "... 2") are warned about, never merged.
    wave : str or int, optional
        The survey wave (e.g. ``2022``) of every tie.
    threshold : float, default 90
        Minimum similarity (0-100) for correcting a misspelt organisation name
        automatically against ``actors``; see
        :class:`~skane_ecosystem.io.names.NameResolver`.  Without ``actors``, names
        this similar are reported as possible duplicates.
    title : str, optional
        A title for maps and reports (default: none, and outputs say "Ecosystem network"
        in their language; a file name is no title).
    max_bytes : int
        Refuse files larger than this (default 200 MB).
    directions : dict, optional
        Relation -> what its question says flows along the ties, each tie running
        from the respondent (``source``) to the organisation named (``target``):
        ``"target_to_source"`` for a question about what the respondent *receives*
        ("From whom do you receive funding?": the organisation named funds the
        respondent), ``"source_to_target"`` for what it *gives* ("Whom do you
        fund?").  Leave out relations without a direction, and relations whose
        question asks both ways ("receive funding from or give funding to").  See
        :attr:`~skane_ecosystem.ecosystem.Ecosystem.directions`.
    free_text : str or list of str, optional
        Open questions ("What hinders your work?": the header, or its beginning)
        whose answers are kept as qualitative material to be coded: one row of
        :attr:`~skane_ecosystem.ecosystem.Ecosystem.qualitative` per non-empty
        answer, its actor the respondent, its code empty until coded, its source
        ``"open answer: <header>"``.

    Returns
    -------
    Ecosystem
        One tie per answered cell (``reported_by`` the respondent), and every
        respondent marked ``respondent=True``, even one whose answers were all
        "Never".  ``validation`` holds every warning and automatic name correction,
        located by file, row and column header.

    Raises
    ------
    SurveyDataError
        With every problem found, each located by file, sheet, row (as Excel shows
        it) and column header: an answer not on the scale (the message lists the
        accepted ones), an organisation that is not an actor, a missing respondent
        column or question, an empty file.
    ValueError
        If ``questions``, ``scale``, ``threshold`` or ``directions`` cannot be used.

    Notes
    -----
    An answer about the respondent's own organisation is left out with a warning: a
    tie needs two actors.  If an organisation answered twice, its first response is
    used.  In a Qualtrics header the organisation is the text after the *last*
    ``" - "``, so an organisation whose name contains ``" - "`` is read as the part
    after it (the error then shows the header to correct in a copy of the export).

    Examples
    --------
    >>> import skane_ecosystem as se
    >>> eco = se.load_roster(                                         # doctest: +SKIP
    ...     "responses.csv",
    ...     respondent_column="Which organisation do you represent?",
    ...     questions={"collaboration": "How often do you collaborate",
    ...                "funding": "How often do you receive funding"},
    ...     directions={"funding": "target_to_source"},
    ...     actors="actors.csv", wave=2022)
    >>> eco.validation.to_frame()[["row", "column", "message"]]       # doctest: +SKIP

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*, chapter 2 (roster and free-recall designs). Cambridge
       University Press.
    .. [2] Marsden, P. V. (1990). Network data and measurement. *Annual Review of
       Sociology*, 16, 435-463.
    """
    prefixes = _checked_questions(questions)
    declared = _checked_directions(directions, prefixes)
    answer_scale = _Scale.checked(scale)
    _check_threshold(threshold)

    export = _read_export(path, max_bytes)
    respondent_at = _find_respondent_column(export, respondent_column)
    grid = _find_grid_columns(export, prefixes, respondent_at)
    responses = _read_responses(export, respondent_at, grid, answer_scale)

    if actors is None:
        written = _written_names(export, grid, responses, export.headers[respondent_at])
        organisations = _Organisations.inferred(export, written, threshold)
    else:
        actor_table = _given_actors(actors, threshold, max_bytes, export)
        organisations = _Organisations(actor_table.actors, threshold, actor_table.file, actor_table.where)
    ties = _located_ties(export, export.headers[respondent_at], grid, responses, organisations)
    if _errors(export.problems):
        raise SurveyDataError(_errors(export.problems))

    meta = source_meta(path, title)
    if actors is None:
        actor_table = organisations.as_inferred_table(export)
    else:
        meta["sources"].append(actor_table.file)
    respondents = {response.actor_id for response in responses}
    ecosystem = build_ecosystem(
        _tie_table(ties, wave, export.file),
        actor_table.with_respondents(respondents),
        threshold=threshold,
        meta=meta,
        directions=declared,
    )
    ecosystem.validation = ValidationReport([*actor_table.report, *export.problems, *ecosystem.validation])
    if free_text:
        ecosystem.qualitative = _open_answers(
            export, [free_text] if isinstance(free_text, str) else free_text, responses
        )
    return remember_source_paths(ecosystem, path, actors)


def _open_answers(export: _Export, wanted: list[str], responses: list[_Response]) -> pd.DataFrame:
    """Each respondent's answers to the open questions, as uncoded qualitative rows."""
    columns = {}
    for text in wanted:
        found = _columns_called(export, text)
        if not found:
            export.problem(
                f"no column starts with {text!r} (an open question given as free_text); "
                f"the columns are {export.describe_columns()}",
                row=export.header_row,
            )
        columns.update({position: export.headers[position] for position in found})
    if _errors(export.problems):
        raise SurveyDataError(_errors(export.problems))
    cells_of = dict(export.rows)
    rows = [
        (response.actor_id, "", "", answer, f"open answer: {header}")
        for response in responses
        if response.actor_id is not None
        for position, header in columns.items()
        if (answer := _text(export.cell(cells_of[response.row], position)))
    ]
    return pd.DataFrame(rows, columns=list(QUALITATIVE_COLUMNS))


# --------------------------------------------------------------- arguments
def _checked_questions(questions) -> dict[str, str]:
    """Relation (canonical, or "*") -> question text, checked before any file is read."""
    example = '{"collaboration": "How often do you collaborate"}'
    if not isinstance(questions, Mapping) or not questions:
        raise ValueError(f"questions= must map each relation to its grid question (or its beginning), e.g. {example}")
    prefixes: dict[str, str] = {}
    for relation, prefix in questions.items():
        if not isinstance(prefix, str) or not fold(prefix):
            raise ValueError(f"questions[{relation!r}] must be the question's text, not {prefix!r}; e.g. {example}")
        code = RELATION_FROM_ANSWER if relation == RELATION_FROM_ANSWER else _relation(relation, "")
        if not code:
            raise ValueError(f"questions= needs a relation name for {prefix!r}; e.g. {example}")
        if code in prefixes:
            raise ValueError(f"questions= names the relation {code!r} twice; give each relation one question")
        same = [r for r, p in prefixes.items() if fold(p) == fold(prefix)]
        if same:
            raise ValueError(f"questions= gives the same question {prefix!r} for {same[0]!r} and {code!r}")
        prefixes[code] = prefix
    return prefixes


def _checked_directions(directions, prefixes: dict[str, str]) -> dict[str, str]:
    """Relation (canonical) -> declared direction, checked against the questions before any file is read."""
    if directions is None:
        return {}
    example = '{"funding": "target_to_source"}'
    if not isinstance(directions, Mapping):
        raise ValueError(
            f"directions= must map relations to {' or '.join(DIRECTIONS)}, e.g. {example}; not {directions!r}"
        )
    declared: dict[str, str] = {}
    for relation, direction in directions.items():
        code = _relation(relation, "") if isinstance(relation, str) else relation
        wrong = direction_problem(code, direction)
        if wrong:
            raise ValueError(f"directions= {wrong}; e.g. {example}")
        if code not in prefixes and RELATION_FROM_ANSWER not in prefixes:
            raise ValueError(
                f"directions= names the relation {code!r}, which questions= does not ask about; "
                f"the questions are about {sorted(prefixes)}"
            )
        declared[code] = direction
    return declared


def _check_threshold(threshold) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
        raise ValueError(f"threshold= must be a similarity between 0 and 100, not {threshold!r}")


@dataclass
class _Scale:
    """Answers and their weights, looked up ignoring case, spacing and accents."""

    weights: dict[str, float]  # answer key -> weight
    written: dict[str, float]  # answer as written -> weight, for messages

    @classmethod
    def checked(cls, scale) -> _Scale:
        chosen = DEFAULT_SCALE if scale is None else scale
        if not isinstance(chosen, Mapping) or not chosen:
            raise ValueError(f"scale= must map answers to weights, e.g. {{'Weekly': 4, 'Monthly': 3}}, not {scale!r}")
        written = {answer: 0.0 for answer in NO_TIE_ANSWERS}
        for answer, weight in chosen.items():
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight >= 0:
                raise ValueError(f"scale[{answer!r}] must be a number >= 0 (0 = no tie), not {weight!r}")
            written[str(answer)] = float(weight)
        return cls({_answer_key(a): w for a, w in written.items()}, written)

    def weight(self, cell) -> float | None:
        """The answer's weight (0 for no tie), or None if it is not on the scale."""
        return self.weights.get(_answer_key(cell))

    def summary(self) -> str:
        """The accepted answers grouped by weight, short enough for an error message."""
        texts: dict[float, list[str]] = {}
        numbers = set()
        for answer, weight in self.written.items():
            if parse_number(answer) is not None:
                numbers.add(parse_number(answer))
            else:
                texts.setdefault(weight, []).append(answer)
        parts = []
        for weight, answers in sorted(texts.items()):
            more = " ..." if len(answers) > 4 else ""
            parts.append(f"{' / '.join(answers[:4])}{more} ({'no tie' if weight == 0 else f'{weight:g}'})")
        if numbers:
            parts.append("or the numbers " + ", ".join(f"{n:g}" for n in sorted(numbers)))
        return "; ".join(parts)


def _answer_key(value) -> str:
    """How an answer is looked up: a number as '4' (from 4, 4.0 or '4,0'), text folded."""
    number = parse_number(value)
    if number is not None:
        return str(int(number)) if number.is_integer() else repr(number)
    return fold(_text(value))


# ----------------------------------------------------------------- reading
@dataclass
class _Export:
    """A roster export: its headers and responses, with the row numbers Excel shows."""

    file: str
    sheet: str | None
    headers: list[str]  # question texts (Qualtrics: row 2)
    ids: list[str]  # Qualtrics column ids (row 1); for Google Forms the headers again
    header_row: int  # the row the question texts are on
    rows: list[tuple[int, list]]  # (row number, cells), one per response
    problems: list[Problem] = field(default_factory=list)  # everything found, in order

    def problem(self, message, row=None, column=None, severity=ERROR, **extra) -> Problem:
        found = Problem(message, file=self.file, sheet=self.sheet, row=row, column=column, severity=severity, **extra)
        self.problems.append(found)
        return found

    @staticmethod
    def cell(cells: list, position: int):
        return cells[position] if position < len(cells) else None

    def describe_columns(self) -> str:
        """The plain columns, and how many grid columns there are; for messages."""
        plain = [repr(h) for h in self.headers if h and _split_grid_header(h) is None]
        grid = [h for h in self.headers if h and _split_grid_header(h) is not None]
        listed = ", ".join(plain) or "none"
        return listed + (f" (and {len(grid)} grid columns such as {grid[0]!r})" if grid else "")


def _read_export(path, max_bytes: int) -> _Export:
    """Read the export's non-empty rows and recognise its layout (Google Forms or Qualtrics)."""
    grid = _read_grid(path, max_bytes)
    rows = grid.rows
    if not rows:
        raise SurveyDataError(grid.problem("the file holds no responses; export the survey responses again"))
    # Qualtrics writes three header rows: column ids, question texts, import ids.
    header_rows = 3 if len(rows) >= 3 and _is_import_id_row(rows[2][1]) else 1
    _check_header_lengths(grid, rows[:header_rows])
    header_row, headers = rows[1] if header_rows == 3 else rows[0]
    export = _Export(
        file=grid.file,
        sheet=grid.sheet,
        headers=[_text(h) for h in headers],
        ids=[_text(h) for h in rows[0][1]],
        header_row=header_row,
        rows=rows[header_rows:],
        problems=list(grid.problems),
    )
    if not export.rows:
        below = rows[header_rows - 1][0]
        raise SurveyDataError(
            export.problem(
                f"the file has column headers but no responses below row {below}; export the survey again "
                "once responses have come in",
                row=below + 1,
            )
        )
    return export


def _read_grid(path, max_bytes: int) -> Grid:
    """The non-empty rows of a CSV file or of a workbook's first sheet, after the safety checks."""
    path = check_file(path, max_bytes)
    kind = sniff(path)
    if kind == "text":
        return read_csv_grid(path, max_bytes)
    if kind == "xlsx":
        with open_workbook(path, max_bytes) as book:
            if not book.sheet_names:
                raise SurveyDataError(
                    Problem(
                        "the workbook has no worksheet that can be read; export the survey again, or save it as CSV",
                        file=display_name(path),
                    )
                )
            return book.grid(book.sheet_names[0])
    raise SurveyDataError(mismatch_problem(path, kind, "xlsx" if path.suffix.lower() == ".xlsx" else "text"))


def _check_header_lengths(grid: Grid, header_rows: list[tuple[int, list]]) -> None:
    """Refuse headers longer than :data:`MAX_HEADER_CHARS`, before any header is matched.

    Every header is folded and compared with each question, so its length bounds the
    work done; and a header of many thousand characters is not a survey question
    but a sign that the wrong rows (or a damaged file) are being read.
    """
    problems = [
        grid.problem(
            f"the header of column {get_column_letter(position + 1)} is {len(text):,} characters "
            f"long, far longer than a survey question (at most {MAX_HEADER_CHARS:,}); check that "
            "this is the survey's export, or shorten the header in a copy of it",
            row=row,
        )
        for row, cells in header_rows
        for position, cell in enumerate(cells)
        if len(text := _text(cell)) > MAX_HEADER_CHARS
    ]
    if problems:
        raise SurveyDataError(problems)


def _is_import_id_row(cells) -> bool:
    return any(_text(c).replace(" ", "").lower().startswith('{"importid"') for c in cells)


# ----------------------------------------------------------------- columns
@dataclass(frozen=True)
class _GridColumn:
    """One grid column: which question (relation) about which organisation."""

    position: int
    header: str
    relation: str  # canonical relation, or RELATION_FROM_ANSWER
    organisation: str  # as written in the header


def _split_grid_header(header: str) -> tuple[str, str] | None:
    """(question, organisation) of ``Q [Org]`` or ``Q - Org``; None for other columns."""
    google = _split_google_header(header)
    if google is not None:
        return google
    question, separator, organisation = header.rpartition(_QUALTRICS_SEPARATOR)
    if separator and question.strip() and organisation.strip():
        return question.strip(), organisation.strip()
    return None


def _split_google_header(header: str) -> tuple[str, str] | None:
    """(question, organisation) of ``Question text [Organisation]``; None if the header is not so.

    The organisation is what stands between the last ``[`` and the closing ``]`` at the
    very end.  Found with ``rfind`` rather than a regular expression: a pattern such as
    ``(.*)\\[([^\\]]*)\\]`` backtracks once per ``[`` and takes minutes on a header of
    many ``[``, while this reads the header once.
    """
    body = header.rstrip()
    if not body.endswith("]"):
        return None
    opening = body.rfind("[", 0, -1)
    if opening < 0:
        return None
    organisation = body[opening + 1 : -1].strip()
    if not organisation or "]" in organisation:  # "Q [a] b]": no bracket pair closes the header
        return None
    return body[:opening].strip(), organisation


def _find_respondent_column(export: _Export, wanted: str | None) -> int:
    """The position of the column naming each respondent's organisation."""
    if wanted is None:
        found = [i for i, h in enumerate(export.headers) if fold(h) in _RESPONDENT_HEADERS]
        advice = "no column says which organisation answered; pass respondent_column= with its header"
    else:
        found = _columns_called(export, str(wanted))
        advice = f"no column is called {wanted!r}; pass respondent_column= with one of the columns"
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(repr(export.headers[i]) for i in found)
        advice = (
            f"several columns could name the respondent's organisation ({listed}); pass respondent_column= with one"
        )
    raise SurveyDataError(
        export.problem(f"{advice}. The columns are {export.describe_columns()}", row=export.header_row)
    )


def _columns_called(export: _Export, wanted: str) -> list[int]:
    """Columns whose header (or Qualtrics id) is ``wanted``: exactly, folded, or starting with it."""
    texts = list(enumerate(export.headers)) + list(enumerate(export.ids))
    for same in (
        lambda h: h == wanted,
        lambda h: fold(h) == fold(wanted),
        lambda h: fold(h).startswith(fold(wanted)) and _split_grid_header(h) is None,
    ):
        found = sorted({i for i, h in texts if h and same(h)})
        if found:
            return found
    return []


def _find_grid_columns(export: _Export, prefixes: dict[str, str], respondent_at: int) -> list[_GridColumn]:
    """Every column answering one of the questions, with its relation and organisation."""
    grid = []
    # The longest matching text wins, so "How often" and "How often do you fund" can both be given.
    longest_first = sorted(prefixes.items(), key=lambda item: -len(fold(item[1])))
    for position, (question, organisation) in _grid_headers(export, respondent_at):
        relation = next((r for r, prefix in longest_first if fold(question).startswith(fold(prefix))), None)
        if relation is not None:
            grid.append(_GridColumn(position, export.headers[position], relation, organisation))
    asked = list(dict.fromkeys(question for _, (question, _) in _grid_headers(export, respondent_at)))
    for relation, prefix in prefixes.items():
        if not any(column.relation == relation for column in grid):
            export.problem(
                f"no grid question starts with {prefix!r} (the question of {relation!r}); the grid "
                f"questions in this file are {asked}",
                row=export.header_row,
            )
    if _errors(export.problems):
        raise SurveyDataError(_errors(export.problems))
    return grid


def _grid_headers(export: _Export, respondent_at: int):
    """(position, (question, organisation)) of every grid-shaped header."""
    for position, header in enumerate(export.headers):
        split = _split_grid_header(header) if position != respondent_at else None
        if split is not None:
            yield position, split


# --------------------------------------------------------------- responses
@dataclass
class _Response:
    """One respondent's row: who answered, and the ties its answers make."""

    row: int
    organisation: str  # as written
    answers: list[tuple[_GridColumn, str, float]]  # (column, relation, weight > 0)
    actor_id: str | None = None


def _read_responses(export: _Export, respondent_at: int, grid: list[_GridColumn], scale: _Scale) -> list[_Response]:
    """Each response's organisation and answers; rows without an organisation are skipped or reported."""
    responses = []
    respondent_header = export.headers[respondent_at]
    known = set(_KNOWN_RELATIONS) | {c.relation for c in grid}  # grows as unusual relations are warned about
    for row, cells in export.rows:
        answered = [(c, export.cell(cells, c.position)) for c in grid if _text(export.cell(cells, c.position))]
        organisation = _text(export.cell(cells, respondent_at))
        if not organisation:
            if answered:
                export.problem(
                    "this response does not say which organisation answered; fill it in (in a "
                    "copy of the export) or delete the response",
                    row=row,
                    column=respondent_header,
                )
            continue
        answers = []
        for column, cell in answered:
            answers.extend(_answers_in_cell(export, row, column, cell, scale, known))
        responses.append(_Response(row, organisation, answers))
    return responses


def _answers_in_cell(export: _Export, row: int, column: _GridColumn, cell, scale: _Scale, known: set[str]):
    """(column, relation, weight) for each tie a cell reports: none, one, or one per ticked relation."""
    if column.relation == RELATION_FROM_ANSWER:
        return [(column, relation, 1.0) for relation in _ticked_relations(export, row, column, cell, scale, known)]
    weight = scale.weight(cell)
    if weight is None:
        export.problem(
            f"{_text(cell)!r} is not an answer on the scale; the accepted answers are "
            f"{scale.summary()}. For other wordings pass scale={{**DEFAULT_SCALE, 'your answer': "
            "weight}",
            row=row,
            column=column.header,
        )
        return []
    return [(column, column.relation, weight)] if weight > 0 else []


def _ticked_relations(
    export: _Export, row: int, column: _GridColumn, cell, scale: _Scale, known: set[str]
) -> list[str]:
    """The relations ticked in a checkbox cell ("Collaboration;Funding"); no-tie answers left out.

    A relation outside the usual ones is kept (a survey may ask about its own), with
    one warning, since it may also be a misspelling.
    """
    relations = []
    for option in _CHECKBOX_SEPARATORS.split(_text(cell)):
        relation = _relation(option, "")
        if not relation or scale.weight(option) == 0 or relation in relations:
            continue
        if relation not in known:
            known.add(relation)
            export.problem(
                f"{option.strip()!r} is not one of the usual relations "
                f"({', '.join(sorted(_KNOWN_RELATIONS))}); it is kept as the relation {relation!r}",
                row=row,
                column=column.header,
                severity=WARNING,
            )
        relations.append(relation)
    return relations


# ------------------------------------------------------------------ actors
@dataclass
class _ActorTable:
    """Validated actors (id -> name) and where they came from."""

    frame: pd.DataFrame  # as build_ecosystem returns it: indexed by id
    file: str
    report: list[Problem] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)  # actor id -> "row N" in the actors file

    @property
    def actors(self) -> dict[str, str]:
        return dict(zip(self.frame.index, self.frame["name"]))

    def with_respondents(self, respondents: set[str]) -> RawTable:
        """The actors as a table again, every organisation that answered marked as a respondent."""
        frame = self.frame.reset_index()
        frame["respondent"] = frame["respondent"].astype(bool) | frame["id"].isin(respondents)
        frame.index = pd.RangeIndex(2, 2 + len(frame))
        return RawTable(frame.astype(object).where(frame.notna(), None), self.file)


def _given_actors(actors, threshold: float, max_bytes: int, export: _Export) -> _ActorTable:
    """The actors table passed as ``actors=``, checked by the rules every actors table follows.

    Its problems are raised together with those already found in the export.
    """
    grid = _actor_grids(actors, max_bytes)["actors"]
    no_ties = RawTable(pd.DataFrame(columns=["source", "target"]), grid.file)
    table = to_raw_table(grid)
    try:
        checked = build_checked(no_ties, table, None, grid.problems, require_ties=False, threshold=threshold)
    except SurveyDataError as exc:
        raise SurveyDataError(_errors(export.problems) + exc.problems) from None
    return _ActorTable(checked.actors, grid.file, list(checked.validation), actor_rows(table))


def _written_names(
    export: _Export, grid: list[_GridColumn], responses: list[_Response], respondent_header: str
) -> list[tuple[str, int, str]]:
    """(name, row, column) of every organisation named in the export: headers first, then respondents."""
    return [(column.organisation, export.header_row, column.header) for column in grid] + [
        (response.organisation, response.row, respondent_header) for response in responses
    ]


class _Organisations:
    """Organisation names as written, matched to actor ids once per spelling."""

    def __init__(
        self, actors: dict[str, str], threshold: float, source: str | None = None, where: dict[str, str] | None = None
    ):
        self.actors = dict(actors)
        self.source = source  # the actors file, or None when the actors come from the roster itself
        self.where = dict(where or {})  # actor id -> "row N" in the actors file
        # Spellings are corrected only against a known actor list, never against the roster's own names.
        self._resolver = NameResolver(self.actors, threshold=threshold, correct_spelling=source is not None)
        self._matches: dict[str, Match | Ambiguous | None] = {}

    @classmethod
    def inferred(cls, export: _Export, written: list[tuple[str, int, str]], threshold: float) -> _Organisations:
        """Actors made from the names in the roster, one per name ignoring case and spacing.

        Similar names are kept apart, with a warning where the later one is first
        written: only the user can tell whether "Företagsfabriken Skåne 1" and
        "Företagsfabriken Skåne 2" are one organisation.
        """
        first_at: dict[str, tuple[int, str]] = {}
        for name, row, column in written:
            first_at.setdefault(name, (row, column))
        names = distinct_names(first_at)
        for first, second, score in near_duplicates(names, threshold):
            (first_row, first_column), (row, column) = first_at[names[first]], first_at[names[second]]
            export.problem(
                near_duplicate_message(names[first], names[second], score, f"row {first_row}, column {first_column!r}"),
                row=row,
                column=column,
                severity=WARNING,
            )
        return cls(dict(zip(names, names)), threshold)

    def match(self, written: str) -> Match | Ambiguous | None:
        if written not in self._matches:
            self._matches[written] = self._resolver.lookup(written)
        return self._matches[written]

    def resolve(self, export: _Export, written: str, row: int, column: str, role: str) -> str | None:
        """The actor id of a written name; a located error or correction when needed."""
        found = self.match(written)
        if isinstance(found, Ambiguous):
            export.problem(
                f"{role}: {self._resolver.unresolved(written, found, self.where)} (the actors table is {self.source})",
                row=row,
                column=column,
            )
            return None
        if found is None:
            closest = ", ".join(repr(n) for n in self._resolver.closest(written))
            export.problem(
                f"{role} {written!r} is not in the actors table ({self.source}); the closest actors "
                f"are {closest}. Add it to the actors table, or correct the name in a copy of the "
                "export",
                row=row,
                column=column,
            )
            return None
        corrected = self._resolver.corrected_name(written, found)
        if corrected is not None:
            export.problem(
                self._resolver.correction_message(written, found),
                row=row,
                column=column,
                severity=CORRECTION,
                original=written,
                corrected=corrected,
                score=found.score,
            )
        return found.actor_id

    def as_inferred_table(self, export: _Export) -> _ActorTable:
        """The inferred actors, with sector 'other', and the warning that says so."""
        frame = pd.DataFrame(
            {
                "id": list(self.actors),
                "name": list(self.actors.values()),
                "sector": "other",
                "type": "",
                "municipality": "",
                "respondent": False,
            }
        ).set_index("id")
        export.problems.insert(
            0,
            Problem(
                f"no actors table was given, so the {len(frame)} actors are the organisations in the column headers "
                "and the respondents, with sector 'other'; pass actors= (an .xlsx with an 'actors' sheet, or a "
                "CSV file) to analyse sectors",
                file=export.file,
                sheet=export.sheet,
                severity=WARNING,
            ),
        )
        return _ActorTable(frame, export.file)


# -------------------------------------------------------------------- ties
def _located_ties(
    export: _Export,
    respondent_header: str,
    grid: list[_GridColumn],
    responses: list[_Response],
    organisations: _Organisations,
) -> list[dict]:
    """The ties as actor ids, each name matched where it is written (header or respondent cell)."""
    targets = {
        column.position: organisations.resolve(
            export, column.organisation, export.header_row, column.header, "the organisation"
        )
        for column in grid
    }
    first_response: dict[str, int] = {}
    ties = []
    for response in responses:
        response.actor_id = organisations.resolve(
            export, response.organisation, response.row, respondent_header, "the respondent's organisation"
        )
        if response.actor_id is None:
            continue
        if response.actor_id in first_response:
            export.problem(
                f"{organisations.actors[response.actor_id]!r} answered again (first on row "
                f"{first_response[response.actor_id]}); only the first response is used",
                row=response.row,
                column=respondent_header,
                severity=WARNING,
            )
            continue
        first_response[response.actor_id] = response.row
        ties.extend(_ties_of(export, response, targets, organisations))
    return ties


def _ties_of(export: _Export, response: _Response, targets: dict, organisations: _Organisations) -> list[dict]:
    """One response's ties; answers about its own organisation, or repeating one, left out with a warning."""
    ties, seen = [], {}
    for column, relation, weight in response.answers:
        target = targets[column.position]
        if target is None:
            continue
        if target == response.actor_id:
            export.problem(
                f"an answer about the respondent's own organisation "
                f"({organisations.actors[target]!r}) was left out; a tie needs two organisations",
                row=response.row,
                column=column.header,
                severity=WARNING,
            )
            continue
        if (target, relation) in seen:
            export.problem(
                f"a second answer about {organisations.actors[target]!r} for {relation!r} (the first "
                f"is in column {seen[target, relation]!r}); only the first is used",
                row=response.row,
                column=column.header,
                severity=WARNING,
            )
            continue
        seen[target, relation] = column.header
        ties.append(
            {
                "source": response.actor_id,
                "target": target,
                "relation": relation,
                "weight": weight,
                "reported_by": response.actor_id,
            }
        )
    return ties


def _tie_table(ties: list[dict], wave, file: str) -> RawTable:
    """The ties, already located and checked, in the shape build_ecosystem reads."""
    frame = pd.DataFrame(ties, columns=list(TIE_COLUMNS), dtype=object)
    frame["wave"] = "" if wave is None else wave
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return RawTable(frame, file)


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]
