"""The command line, ``skane-eco``: a thin layer over the public API.

Every command calls :mod:`skane_ecosystem`'s public functions (``load``,
``load_roster``, ``demo``, ``write_template``, ``Ecosystem.summary``) and only
presents what they return.  No checking of survey data happens here: all of it lives
in the loaders, so a notebook user and a command-line user get the same answers.

Options are declared once (the ``Annotated`` types under "options") and every
command that reads a survey takes the same ones, roster exports included; every
command that writes takes ``--title`` and ``--lang``, and prints in that language.

Exit codes
----------
0
    Success: the data are valid (warnings and corrections may still be listed).
2
    The input cannot be used: invalid survey data (every problem is listed, located
    by file, sheet, row and column), a missing file or an unusable option value.
    Nothing is written.
1
    An unexpected internal error (a bug): a one-line message, and the traceback
    when the environment variable ``SKANE_DEBUG`` is set.

Examples
--------
::

    skane-eco validate survey.xlsx
    skane-eco template survey.xlsx --lang sv
    skane-eco analyze roster.csv --respondent-column "Which organisation do you represent?" \\
        --question collaboration="How often do you collaborate" --lang sv
    skane-eco demo --out reports/demo
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

import skane_ecosystem as ske

from .atomic import OutputFolder, write_atomic, write_folder
from .errors import CORRECTION, WARNING, Problem, SurveyDataError, closest
from .i18n import format_number, t
from .parallel import stop_workers
from .stopping import Stopped, signals_raise_stopped

if TYPE_CHECKING:  # pandas is imported where tables are shown, not to print --help
    import pandas as pd

__all__ = ["app", "main"]

#: Width of the text written to ``summary.txt``: fixed, so the file is the same on
#: every machine whatever the terminal width.
REPORT_WIDTH = 100

#: A flag's metavar: empty, so help shows ``--force``, not ``--force <bool>``.
FLAG = ""


class _FlagHelp:
    """Shows ``--help`` as the flag it is (typer would print ``--help <bool>``)."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = FLAG
        return option


class _Command(_FlagHelp, typer.core.TyperCommand):
    pass


class _Group(_FlagHelp, typer.core.TyperGroup):
    pass


app = typer.Typer(
    cls=_Group,
    name="skane-eco",
    help=(
        "Network analysis of regional innovation ecosystems: check survey data, analyse it "
        "(facilitators and impediments), write maps and reports, explore scenarios."
    ),
    epilog="Example: skane-eco validate survey.xlsx",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# ---------------------------------------------------------------- presenting
@dataclass
class Output:
    """Where the command line writes.

    ``out`` takes results and is silent with ``--quiet``; ``problems`` takes the table
    of problems in the data (standard output, shown even with ``--quiet``); ``err``
    takes one-line errors (standard error).
    """

    out: Console
    problems: Console
    err: Console

    def show(self, renderables: Iterable[RenderableType]) -> None:
        for renderable in renderables:
            self.out.print(renderable)

    def fail(self, message: str) -> None:
        """Stop with exit code 2 and a one-line message (never a traceback)."""
        self.err.print(Text("Error: ", style="bold red") + terminal_text(as_cli_advice(message)))
        raise typer.Exit(2)


def _output(ctx: typer.Context) -> Output:
    # Commands invoked without the app callback (never in practice) still get consoles.
    if not isinstance(ctx.obj, Output):
        ctx.obj = _make_output(quiet=False)
    return ctx.obj


def _make_output(quiet: bool) -> Output:
    return Output(
        out=Console(quiet=quiet, highlight=False, emoji=False),
        problems=Console(highlight=False, emoji=False),
        err=Console(stderr=True, highlight=False, emoji=False),
    )


#: Characters that steer a terminal instead of showing: the C0 controls but tab and
#: newline (ESC starts the sequences that clear the screen or recolour the text), DEL,
#: the C1 controls U+0080-U+009F (U+009B is a one-character ESC [), and the
#: bidirectional embeddings, overrides and isolates, which reorder what follows them.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(value, style: str = "") -> Text:
    r"""``value`` as rich Text that shows every character as written and steers nothing.

    Names, sources, messages and table cells come from survey files: an escape
    sequence in a name would clear the screen or recolour the output, a BEL ring the
    bell.  Each such character is shown as its escape (``\x1b``), which also tells
    the reader that the data hold it.  As Text, not a markup string, ``[bold]`` in a
    name is shown as written too.  Everything the command line prints from the data
    goes through here.

    Parameters
    ----------
    value : object
        Shown as ``str(value)``.
    style : str
        A rich style for the whole text.

    Returns
    -------
    rich.text.Text

    Examples
    --------
    >>> terminal_text("Evil\x1b[2J\x1b[31m Org\x07").plain
    'Evil\\x1b[2J\\x1b[31m Org\\x07'
    """
    return Text(_TERMINAL_CONTROLS.sub(_escaped, str(value)), style=style)


#: The library's advice names Python arguments; on the command line the same
#: setting is an option.  Longest first, so ``directions=`` is not read as ``direction``.
_PYTHON_TO_CLI = {
    "mode='mutual'": "--mode mutual",
    "mode='directed'": "--mode directed",
    "mode='union'": "--mode union",
    "respondent_column=": "--respondent-column",
    "directions=": "--direction",
    "questions=": "--question",
    "threshold=": "--threshold",
    "actors=": "--actors",
    "scale=": "--scale",
}
# not preceded by a letter: fragmentation_threshold= is a config setting, not --threshold
_PYTHON_ARGUMENT = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(python) for python in _PYTHON_TO_CLI) + ")")


def as_cli_advice(message: str) -> str:
    """``message`` with the library's Python arguments named as the command line's options.

    Examples
    --------
    >>> as_cli_advice("use mode='mutual' to keep only confirmed ties")
    'use --mode mutual to keep only confirmed ties'
    >>> as_cli_advice("fragmentation_threshold=0.2")
    'fragmentation_threshold=0.2'
    """
    return _PYTHON_ARGUMENT.sub(lambda match: _PYTHON_TO_CLI[match.group()], message)


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def summary_renderables(eco, lang: str = "en") -> list[RenderableType]:
    """What ``validate`` prints for a valid ecosystem: key figures, then every warning.

    Every name from the data goes in through :func:`terminal_text`, never as markup,
    so an organisation called ``[bold]`` is shown as written and one holding an escape
    sequence steers nothing.  Labels and numbers are in ``lang``; the warnings'
    messages, like every message about the data, are in English.
    """
    summary = eco.summary()
    parts: list[RenderableType] = [terminal_text(summary["title"] or t("common.title", lang), style="bold")]
    if summary["synthetic"]:
        parts.append(Text(t("common.synthetic", lang), style="bold magenta"))
    sources = eco.meta.get("sources") or []
    if sources:
        parts.append(terminal_text(t("cli_run.validate.source", lang, sources=", ".join(map(str, sources)))))
    parts.append(Text(_key_figures(summary, lang)))
    parts.append(Text(""))
    parts.append(_sector_table(summary["actors_by_sector"], lang))
    parts.append(_relation_wave_table(summary["ties_by_relation_wave"], lang))
    parts.append(_validation_table(list(eco.validation), lang))
    return parts


def _key_figures(summary: dict, lang: str = "en") -> str:
    return t(
        "cli_run.validate.key_figures",
        lang,
        actors=int(summary["actors"]),
        ties=int(summary["ties"]),
        response_rate=_percent(summary["response_rate"], lang),
        confirmed_share=_percent(summary["confirmed_share"], lang),
        warnings=int(summary["warnings"]),
        corrections=int(summary["corrections"]),
    )


def _percent(share: float, lang: str) -> str:
    """A share as a percentage with one decimal: "75.0%", in Swedish "75,0 %"."""
    return t("cli_run.percent", lang, value=format_number(100 * float(share), lang, decimals=1))


def _sector_table(actors_by_sector, lang: str = "en") -> Table:
    from .sectors import SECTOR_LABELS

    table = Table(title=t("cli_run.validate.by_sector", lang), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t("cli_run.column.sector", lang))
    table.add_column(t("cli_run.column.actors", lang), justify="right")
    for sector, count in actors_by_sector.items():
        table.add_row(terminal_text(SECTOR_LABELS[lang].get(sector, sector)), format_number(int(count), lang))
    return table


def _relation_wave_table(ties_by_relation_wave, lang: str = "en") -> Table:
    from .render.report_html import Words

    words = Words(lang)
    table = Table(title=t("cli_run.validate.by_relation_wave", lang), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(t("cli_run.column.relation", lang))
    table.add_column(t("cli_run.column.wave", lang))
    table.add_column(t("cli_run.column.tie_reports", lang), justify="right")
    for relation, wave, count in ties_by_relation_wave[["relation", "wave", "ties"]].itertuples(index=False):
        table.add_row(
            terminal_text(words.relation(relation)), terminal_text(str(wave) or "-"), format_number(int(count), lang)
        )
    return table


def _validation_table(problems: list[Problem], lang: str = "en") -> RenderableType:
    if not problems:
        return Text(t("cli_run.validate.no_warnings", lang))
    return _located_table(t("cli_run.validate.warnings", lang, count=len(problems)), problems)


def problems_renderables(problems: list[Problem]) -> list[RenderableType]:
    """What ``validate`` prints for invalid data: every problem, located, and what to do."""
    n = len(problems)
    table = _located_table(f"{n} problem{'s' if n != 1 else ''} in the survey data", problems)
    advice = Text("Nothing was loaded. Fix the rows listed above and run the command again.")
    return [table, advice]


def _located_table(title: str, problems: list[Problem]) -> Table:
    # expand + a ratio: the message gets the width the location columns leave over
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", expand=True)
    for header in ("Kind", "File", "Sheet", "Row", "Column"):
        table.add_column(header, justify="right" if header == "Row" else "left", overflow="fold")
    table.add_column("Message", ratio=1, overflow="fold")
    # a roster's column header is a whole question: fold it rather than squeeze the message
    for column in table.columns[1:5]:
        column.max_width = 36
    for problem in problems:
        table.add_row(*_located_cells(problem))
    return table


def _located_cells(problem: Problem) -> list[Text]:
    style = {"error": "red", WARNING: "yellow", CORRECTION: "cyan"}.get(problem.severity, "")
    return [
        terminal_text(problem.severity, style=style),
        terminal_text(problem.file or ""),
        terminal_text(problem.sheet or ""),
        Text("" if problem.row is None else str(problem.row)),
        terminal_text(problem.column or ""),
        _message(problem),
    ]


def _message(problem: Problem) -> Text:
    """The message; for a correction, the change made as ``original → corrected (similarity)``.

    A name correction's message only spells out that change ("'Regon Skåne' read as
    'Region Skåne' (similarity 91)"), so the arrow form replaces it; any other
    correction keeps its message and gets the arrow form below it.
    """
    if problem.severity != CORRECTION or problem.original is None:
        return terminal_text(as_cli_advice(problem.message))
    score = "" if problem.score is None else f" (similarity {problem.score:g})"
    change = terminal_text(f"{problem.original} → {problem.corrected}{score}", style="cyan")
    if repr(problem.original) in problem.message and repr(problem.corrected) in problem.message:
        return change
    return terminal_text(problem.message + "\n") + change


def render_text(renderables: Iterable[RenderableType], width: int = REPORT_WIDTH) -> str:
    """Renderables as plain text (no colours, fixed width, no trailing spaces)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        highlight=False,
        emoji=False,
        force_terminal=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# ------------------------------------------------------------------ writing
def validation_csv(problems_frame) -> bytes:
    """The validation report as a CSV file that opens right in Excel (see render.csvtext)."""
    from .render.csvtext import csv_bytes

    frame = problems_frame.copy()
    frame["row"] = frame["row"].astype("Int64")  # 7, not 7.0, when some rows are unknown
    return csv_bytes(frame)


def summary_json(summary: dict) -> str:
    """``Ecosystem.summary()`` as JSON, with its tables as plain lists and dicts."""
    plain = dict(summary)
    plain["actors_by_sector"] = {str(k): int(v) for k, v in summary["actors_by_sector"].items()}
    plain["ties_by_relation_wave"] = [
        {"relation": str(r), "wave": str(w), "ties": int(n)}
        for r, w, n in summary["ties_by_relation_wave"][["relation", "wave", "ties"]].itertuples(index=False)
    ]
    for key in ("actors", "ties", "warnings", "corrections"):
        plain[key] = int(plain[key])
    for key in ("response_rate", "confirmed_share"):
        plain[key] = round(float(plain[key]), 6)
    plain["synthetic"] = bool(plain["synthetic"])
    if plain["synthetic"]:
        plain["note"] = t("common.synthetic", "en")
    return json.dumps(plain, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ errors
def _call(output: Output, action: Callable):
    """Run a library call; turn the errors a user can fix into exit code 2."""
    try:
        return action()
    except SurveyDataError as error:
        for renderable in problems_renderables(error.problems):
            output.problems.print(renderable)
        raise typer.Exit(2) from None
    except FileNotFoundError as error:
        output.fail(f"file not found: {error.filename or error}")
    except IsADirectoryError as error:
        output.fail(f"expected a file but found a folder: {error.filename or error}")
    except PermissionError as error:
        output.fail(f"permission denied: {error.filename or error}")
    except OSError as error:  # a full disk, a read-only folder, a file in use ...
        output.fail(f"{error.strerror or error}: {error.filename}" if error.filename else str(error))
    except ValueError as error:
        # The library validates its arguments up front with ValueErrors that say
        # what to change (scikit-learn style); they are user errors, not bugs.
        output.fail(str(error))
    except ImportError as error:  # an optional extra (e.g. Dask for --workers) is not installed
        output.fail(str(error))


def _argument_call(output: Output, options: str, action: Callable):
    """:func:`_call` for a library call whose argument errors are about the values of ``options``.

    ``whatif --remove "Lund University"`` fails in the library with a ValueError
    naming the closest actors; it is reported as one line that starts with the
    options to change.  Problems in the survey data (SurveyDataError) are shown as
    usual.
    """

    def naming_the_options():
        try:
            return action()
        except SurveyDataError:
            raise
        except ValueError as error:
            raise ValueError(f"{options}: {error}") from None

    return _call(output, naming_the_options)


#: How many of the valid values an argument error names.
CLOSEST_SHOWN = 3


def _check_choice(output: Output, option: str, value: str, choices: list[str], what: str) -> None:
    """Stop with an argument error naming the closest valid values if ``value`` is not among ``choices``."""
    if value in choices:
        return
    if not choices:
        output.fail(f"{option} {value}: the survey has no {what}s to choose from")
    shown = ", ".join(repr(choice) for choice in closest(value, choices, n=CLOSEST_SHOWN))
    output.fail(f"{option} {value}: the survey has no {what} {value!r}; the closest are {shown} (of {len(choices)})")


def _check_relations(output: Output, option: str, names: list[str], eco) -> None:
    """Stop with an argument error for a relation (in English or Swedish) the survey does not have."""
    for code in eco.resolve_relation(list(names)):  # finansiering is asked for as funding
        _check_choice(output, option, code, list(eco.relations), "relation")


def _require_file(output: Output, path: Path, what: str = "file") -> None:
    if not path.exists():
        output.fail(f"{what} not found: {path}")


def _parse_pairs(output: Output, values: list[str], option: str, shape: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            output.fail(f"{option} expects {shape}, not {value!r}")
        pairs[key.strip()] = rest.strip()
    return pairs


def _parse_scale(output: Output, values: list[str]) -> dict[str, float] | None:
    """The built-in answer scale with the user's ``--scale`` answers added or changed."""
    if not values:
        return None
    from .io.roster import DEFAULT_SCALE
    from .io.tables import parse_number

    scale = dict(DEFAULT_SCALE)
    for answer, weight in _parse_pairs(output, values, "--scale", "ANSWER=WEIGHT, e.g. 'Weekly=4'").items():
        number = parse_number(weight)
        if number is None:
            output.fail(f"--scale {answer}={weight}: the weight must be a number")
        scale[answer] = number
    return scale


# ---------------------------------------------------------------- commands
def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"skane-eco {ske.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, metavar=FLAG, help="Show the version and exit."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar=FLAG, help="Print only errors."),
) -> None:
    ctx.obj = _make_output(quiet=quiet)


class Language(str, Enum):
    en = "en"
    sv = "sv"


class Nonresponse(str, Enum):
    none = "none"
    reconstruction = "reconstruction"
    reciprocity = "reciprocity"


class Renderer(str, Enum):
    auto = "auto"
    vis = "vis"
    webgl = "webgl"


class MapLayout(str, Enum):
    network = "network"
    geography = "geography"


class Aggregate(str, Enum):
    auto = "auto"
    none = "none"
    community = "community"
    sector = "sector"
    municipality = "municipality"


class Mode(str, Enum):
    union = "union"
    mutual = "mutual"
    directed = "directed"


class Privacy(str, Enum):
    internal = "internal"
    public = "public"


class CsvStyle(str, Enum):
    comma = "comma"
    semicolon = "semicolon"


# ----------------------------------------------------------------- options
# Every option is declared once, here, and every command that takes it reuses the
# declaration: the same flag means the same thing, and reads the same in --help,
# in validate, analyze, map, whatif and compare.  Defaults are the parameters'.
_INPUT = "Reading the survey"

SurveyPath = Annotated[
    Path,
    typer.Argument(
        metavar="PATH",
        show_default=False,
        help="Survey file or folder: .xlsx workbook, CSV files, roster export (Google Forms, Qualtrics: add "
        "--respondent-column and --question), GraphML or GEXF.",
    ),
]
RespondentColumn = Annotated[
    str | None,
    typer.Option(
        "--respondent-column",
        metavar="COLUMN",
        rich_help_panel=_INPUT,
        help="Roster exports: the column naming each respondent's organisation.",
    ),
]
Questions = Annotated[
    list[str],
    typer.Option(
        "--question",
        metavar="RELATION=PREFIX",
        rich_help_panel=_INPUT,
        help="Roster exports: a relation (English or Swedish name, e.g. funding or finansiering) and the start "
        "of its question text (repeatable).",
    ),
]
FreeText = Annotated[
    list[str],
    typer.Option(
        "--free-text",
        metavar="PREFIX",
        rich_help_panel=_INPUT,
        help="Roster exports: the start of an open question whose answers are kept as qualitative material "
        "to code (repeatable).",
    ),
]
Directions = Annotated[
    list[str],
    typer.Option(
        "--direction",
        metavar="RELATION=DIRECTION",
        rich_help_panel=_INPUT,
        help="Roster exports: which way a relation's question runs: 'funding=target_to_source' when it asks "
        "what the respondent receives from the organisations named, source_to_target when it asks what "
        "the respondent gives them (repeatable; see docs/data-format.md).",
    ),
]
Scale = Annotated[
    list[str],
    typer.Option(
        "--scale",
        metavar="ANSWER=WEIGHT",
        rich_help_panel=_INPUT,
        help="Roster exports: the weight of an answer, e.g. 'Every other week=3'; adds to or changes "
        "the built-in English and Swedish scale (repeatable).",
    ),
]
ActorsFile = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        metavar="PATH",
        rich_help_panel=_INPUT,
        help="Roster exports and lone ties CSV files: the file listing the actors.",
    ),
]
Threshold = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0,
        max=100,
        rich_help_panel=_INPUT,
        help="Minimum similarity (0-100) for correcting a misspelt organisation name automatically.",
    ),
]
Wave = Annotated[
    str | None,
    typer.Option(
        "--wave",
        rich_help_panel=_INPUT,
        help="The wave to use (default: the latest; 'all' pools them); for a roster export, the survey wave "
        "its answers belong to, e.g. 2022.",
    ),
]
Relations = Annotated[
    list[str],
    typer.Option(
        "--relation",
        metavar="RELATION",
        help="Relation(s) to analyse, in English or Swedish (repeatable; default: all, combined).",
    ),
]
ModeOption = Annotated[
    Mode,
    typer.Option(
        "--mode", help="How nominations become ties: union (either side reports it), mutual (both do) or directed."
    ),
]
Lang = Annotated[Language, typer.Option("--lang", help="Language of everything the command prints and writes.")]
PrivacyOption = Annotated[
    Privacy,
    typer.Option(
        "--privacy",
        help="internal: everything; public: only id, name, sector, type, municipality, respondent, "
        "measures, findings and declared public columns, small counts suppressed.",
    ),
]
Pseudonymize = Annotated[
    bool, typer.Option("--pseudonymize-actors", metavar=FLAG, help="Replace organisation names by stable pseudonyms.")
]
Title = Annotated[
    str | None,
    typer.Option(
        "--title", help="Title of the outputs (default: the title the survey file declares, else 'Ecosystem network')."
    ),
]
Stability = Annotated[bool, typer.Option("--stability/--no-stability", metavar=FLAG, help="Estimate flag stability.")]
OutFolder = Annotated[Path | None, typer.Option("--out", metavar="FOLDER", help="Folder for the tables (optional).")]
Force = Annotated[bool, typer.Option("--force", metavar=FLAG, help="Replace the file if it exists.")]
Figures = Annotated[
    str,
    typer.Option(
        "--figures",
        metavar="FORMATS",
        help="Figure files to write: png,svg (both), png, svg or none. The report shows the lighter "
        "format drawn; drawing only PNG is quicker.",
    ),
]
CsvStyleOption = Annotated[
    CsvStyle,
    typer.Option(
        "--csv-style",
        help="CSV tables: comma (',' and a decimal point) or semicolon (';' and a decimal comma, as Excel "
        "with Swedish settings opens them on a double-click).",
    ),
]


@dataclass(frozen=True)
class SurveyInput:
    """How to read a survey: the path, and for a roster export the options it needs.

    Every command that reads survey data builds one from the shared options and
    loads it with :func:`_load_survey`, so a roster export reads the same everywhere.
    """

    path: Path
    respondent_column: str | None = None
    questions: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()
    actors: Path | None = None
    wave: str | None = None
    threshold: float | None = None
    title: str | None = None
    command: str = "validate"
    free_text: tuple[str, ...] = ()

    @property
    def roster(self) -> bool:
        return self.respondent_column is not None or bool(self.questions)


VALIDATE_EXAMPLE = """\
Examples:

skane-eco validate survey.xlsx

skane-eco validate roster.csv --actors actors.csv --wave 2022 \\
    --respondent-column "Which organisation do you represent?" \\
    --question collaboration="How often do you collaborate"
"""


@app.command(cls=_Command, epilog=VALIDATE_EXAMPLE)
def validate(
    ctx: typer.Context,
    path: SurveyPath,
    respondent_column: RespondentColumn = None,
    question: Questions = [],
    free_text: FreeText = [],
    direction: Directions = [],
    scale: Scale = [],
    actors: ActorsFile = None,
    wave: Wave = None,
    threshold: Threshold = None,
    lang: Lang = Language.en,
) -> None:
    """Check a survey file and summarise it; exit 2 listing every problem if it is invalid."""
    output = _output(ctx)
    survey = SurveyInput(
        path,
        respondent_column,
        tuple(question),
        tuple(direction),
        tuple(scale),
        actors,
        wave,
        threshold,
        command="validate",
        free_text=tuple(free_text),
    )
    if wave is not None and not survey.roster:  # validate reads every wave: a wave only labels a roster
        output.fail("--wave, --scale and --direction are for roster exports; add --respondent-column and --question")
    eco = _load_survey(output, survey)
    output.show(summary_renderables(eco, lang.value))


def _load_survey(output: Output, survey: SurveyInput):
    """Load a survey file the way every command does (roster export or plain)."""
    _require_file(output, survey.path)
    if survey.actors is not None:
        _require_file(output, survey.actors, "actors file")
    options = {} if survey.threshold is None else {"threshold": survey.threshold}
    if survey.roster:
        eco = _load_roster(output, survey, options)
    elif survey.free_text:
        output.fail("--free-text is for roster exports; add --respondent-column and --question")
    else:
        if survey.scale or survey.directions:
            output.fail(
                "--scale and --direction are for roster exports; add --respondent-column and --question "
                "(a workbook or CSV folder declares directions in its relation_types sheet or file)"
            )
        if survey.actors is not None:
            options["actors"] = survey.actors
        eco = _call(output, lambda: _load_plain(output, survey, options))
    if survey.title:
        eco.meta["title"] = survey.title
    return eco


def _load_roster(output: Output, survey: SurveyInput, options: dict):
    if survey.respondent_column is None or not survey.questions:
        output.fail("a roster export needs both --respondent-column and at least one --question")
    questions = _parse_pairs(output, survey.questions, "--question", "RELATION=PREFIX, e.g. 'funding=How often'")
    answer_weights = _parse_scale(output, survey.scale)
    directions = _parse_pairs(
        output, survey.directions, "--direction", "RELATION=DIRECTION, e.g. 'funding=target_to_source'"
    )
    wave = None if survey.wave is None or _wave_option(survey.wave) is None else survey.wave
    return _call(
        output,
        lambda: ske.load_roster(
            survey.path,
            respondent_column=survey.respondent_column,
            questions=questions,
            scale=answer_weights,
            actors=survey.actors,
            wave=wave,
            directions=directions,
            free_text=survey.free_text,
            **options,
        ),
    )


def _load_plain(output: Output, survey: SurveyInput, options: dict):
    try:
        return ske.load(survey.path, **options)
    except TypeError as error:
        # load() refuses an option the loader for this kind of file does not take
        # (say --actors with a workbook, which has its own actors sheet), naming the
        # ones it does take: a user error, reported in one line like any other.
        raise ValueError(str(error)) from None
    except SurveyDataError:
        # A roster export read as a ties table lacks 'source' and 'target', and the
        # loader's message lists all of its columns, hundreds of them: say instead
        # which options read it.
        hint = roster_hint(survey.path, survey.command)
        if hint is None:
            raise
        output.problems.print(hint)
        raise typer.Exit(2) from None


#: How many of a roster export's columns :func:`roster_hint` names.
HINT_COLUMNS = 3


def roster_hint(path: Path, command: str = "validate") -> Text | None:
    """A short message for a roster export given without the roster options; None for other files.

    A roster export (Google Forms, Qualtrics) has one column per organisation asked
    about, headed ``Question [Organisation]`` or ``Question - Organisation``.  The
    message names the options to add, a few of the file's columns and its questions
    (at most a dozen lines, however many columns the file has).

    Parameters
    ----------
    path : pathlib.Path
        A survey file that did not load as a plain ties table.
    command : str
        The command that was run, for the example.

    Returns
    -------
    rich.text.Text or None
    """
    columns = _roster_columns(path)
    if columns is None:
        return None
    plain, questions, grid = columns
    respondent = next(iter(plain[1:] or plain), "COLUMN")
    lines = [
        f"{path.name} looks like a roster export (Google Forms or Qualtrics: one column per organisation "
        f"asked about, {grid:,} such columns). Read it with the roster options:",
        "  --respondent-column COLUMN   the column naming each respondent's organisation",
        "  --question RELATION=PREFIX   a relation and the start of its question text (repeatable)",
        "  --actors, --wave, --direction, --scale as needed (see skane-eco validate --help)",
        "Its columns include " + ", ".join(repr(_shortened(c)) for c in plain[:HINT_COLUMNS]) + "; its questions:",
        *(f"  {_shortened(question)!r}" for question in questions[:HINT_COLUMNS]),
        *([f"  ... and {len(questions) - HINT_COLUMNS} more"] if len(questions) > HINT_COLUMNS else []),
        f"For example: skane-eco {command} {shlex.quote(str(path))} --respondent-column {shlex.quote(respondent)} "
        f"--question {shlex.quote('collaboration=' + questions[0])}",
    ]
    return terminal_text("\n".join(lines))


#: Longest column header or question :func:`roster_hint` shows whole: a header may be a paragraph.
HINT_WIDTH = 100


def _shortened(text: str) -> str:
    return text if len(text) <= HINT_WIDTH else text[: HINT_WIDTH - 1] + "…"


def _roster_columns(path: Path) -> tuple[list[str], list[str], int] | None:
    """(plain columns, distinct questions, number of grid columns) of a roster export, else None."""
    if not path.is_file():
        return None
    # The roster reader's own header parsing, so the hint and load_roster agree on
    # what a roster export is.
    from .io.roster import _read_grid, _split_grid_header
    from .io.safety import MAX_FILE_BYTES

    try:
        grid = _read_grid(path, MAX_FILE_BYTES)
    except (SurveyDataError, OSError, ValueError):
        return None
    if not grid.rows:
        return None
    headers = [str(cell).strip() for cell in grid.rows[0][1] if cell is not None and str(cell).strip()]
    if {"source", "target", "källa", "mål"} & {h.lower() for h in headers}:
        return None
    split = [(header, _split_grid_header(header)) for header in headers]
    questions = list(dict.fromkeys(parts[0] for _, parts in split if parts is not None))
    grid_columns = sum(parts is not None for _, parts in split)
    if grid_columns < 2:
        return None
    return [header for header, parts in split if parts is None], questions, grid_columns


@app.command(cls=_Command, epilog="Example: skane-eco template survey.xlsx --lang sv")
def template(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", show_default=False, help="The workbook to create (.xlsx).")],
    lang: Lang = Language.en,
    force: Force = False,
) -> None:
    """Write an empty survey workbook (actors, ties, aliases) with dropdowns and instructions."""
    output = _output(ctx)
    if path.suffix.lower() != ".xlsx":
        output.fail(f"the template is an Excel workbook; give a name ending in .xlsx, not {path.name!r}")
    if not path.parent.is_dir():
        output.fail(f"folder not found: {path.parent}")
    if path.exists() and not force:
        # It may be a survey someone has already filled in.
        output.fail(f"{path} already exists; choose another name or add --force to replace it")
    _call(output, lambda: ske.write_template(path, lang=lang.value))
    output.show(
        [
            terminal_text(t("cli_run.template.wrote", lang.value, path=str(path))),
            terminal_text(t("cli_run.template.next", lang.value)),
            terminal_text(
                f"  skane-eco validate {shlex.quote(str(path))}" + ("" if lang is Language.en else " --lang sv")
            ),
        ]
    )


# ----------------------------------------------------------------- analyse
ANALYZE_EXAMPLE = """\
Examples:

skane-eco analyze survey.xlsx --out reports/survey --lang sv --privacy public

skane-eco analyze survey.xlsx --privacy public --public-column Website --public-column "Founded"

skane-eco analyze survey.xlsx --relation funding --wave 2022 --mode mutual --config thresholds.toml

skane-eco analyze roster.csv --actors actors.csv --wave 2022 \\
    --respondent-column "Which organisation do you represent?" \\
    --question collaboration="How often do you collaborate"

skane-eco analyze register.csv --no-stability --scheduler tcp://10.0.0.5:8786
"""


def _wave_option(wave: str | None):
    """--wave: a wave, "all" (pool every wave), or nothing (the latest wave)."""
    if wave is None:
        return "latest"
    return None if wave.lower() in ("all", "alla") else wave


def _config(output: Output, path: Path | None):
    if path is None:
        return ske.AnalysisConfig()
    _require_file(output, path, "config file")
    return _call(output, lambda: _config_from(path))


def _config_from(path: Path):
    """The config in ``path``; a setting out of its range is reported naming the file too."""
    try:
        return ske.AnalysisConfig.from_toml(path)
    except ValueError as error:  # TOMLDecodeError included
        message = str(error)
        raise ValueError(message if message.startswith(str(path)) else f"{path}: {message}") from None


def _analyze(
    output: Output, eco, config, relation, wave, mode, stability: bool = True, lang: str = "en", nonresponse="none"
):
    """analyze() with a progress bar while the stability resamples run."""
    relation = eco.resolve_relation(list(relation))
    if wave is not None and _wave_option(wave) is not None:
        _check_choice(output, "--wave", wave, [str(w) for w in eco.waves], "wave")
    _check_relations(output, "--relation", relation, eco)
    if not stability:
        config = config.with_options(stability=type(config.stability)(enabled=False))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=output.out,
        transient=True,
    ) as bar:
        task = bar.add_task(t("cli.stability", lang), total=config.stability.resamples)
        return _argument_call(
            output,
            "--relation/--wave/--mode",
            lambda: ske.analyze(
                eco,
                config,
                relation=relation or None,
                wave=_wave_option(wave),
                mode=mode,
                nonresponse=nonresponse,
                progress=lambda done, total: bar.update(task, completed=done),
            ),
        )


def findings_renderables(analysis, lang: str, top: int = 10) -> list[RenderableType]:
    """The report summary's findings, facilitators and impediments, in the chosen language.

    The same choice and order as the first page of the report
    (:func:`skane_ecosystem.render.report_html.summary_findings`): one finding per
    rule first, rules in their policy priority, so the terminal and the report tell
    the same story.  Tentative flags (stability below
    ``config.stability.tentative_below``) are no findings: they follow in a table of
    their own, and without stability a line says it was not estimated.
    """
    import pandas as pd

    from .findings import split_tentative, stability_estimated, summarise_mass_findings
    from .render.report_html import Words, summary_findings

    # as the report does: a rule that found hundreds of actors is one network-level finding
    findings, tentative = (summarise_mass_findings(part, lang) for part in split_tentative(analysis.flags))
    chosen = summary_findings(findings, per_kind=top)
    words = Words(lang)
    rows = []
    for kind in ("facilitator", "impediment"):
        rows.append(_findings_table(t(f"cli.{kind}s", lang), pd.DataFrame(chosen[kind]), lang, words))
    if len(tentative):
        floor = t(
            "report.format.percent",
            lang,
            value=format_number(round(100 * analysis.config.stability.tentative_below), lang),
        )
        shown = tentative.sort_values(["stability", "subject"], ascending=[False, True]).head(top)
        rows.append(_findings_table(t("stability.cli.tentative", lang, floor=floor), shown, lang, words))
    if not stability_estimated(analysis.flags):
        rows.append(Text(t("stability.not_estimated", lang), style="yellow"))
    return _heading(analysis.title, analysis.synthetic, lang) + rows


def _heading(title: str | None, synthetic: bool, lang: str) -> list[Text]:
    """The title of what a command presents (the survey's own, else "Ecosystem network",
    never a file name), and the synthetic-data label when it applies."""
    head = [terminal_text(title or t("common.title", lang), style="bold")]
    if synthetic:
        head.append(Text(t("common.synthetic", lang), style="yellow"))
    return head


def _findings_table(title: str, chosen: pd.DataFrame, lang: str, words) -> Table:
    table = Table(title=title, box=box.SIMPLE, title_justify="left")
    table.add_column(t("cli.finding", lang))
    table.add_column(t("cli.stability_column", lang), justify="right")
    for row in chosen.to_dict("records"):
        explanation = terminal_text(row[f"explanation_{lang}"])
        if row.get("more"):
            explanation.append(
                "\n" + t("cli_run.more", lang, count=int(row["more"]), finding=words.flag(row["code"])), style="dim"
            )
        table.add_row(explanation, Text(_stability_text(row["stability"], row["stability_se"], lang)))
    return table


def _stability_text(stability: float, error: float, lang: str) -> str:
    """ "0.84 ± 0.04": the share of resamples and its Monte Carlo standard error; "-" if not estimated.

    A summarised mass finding has no standard error (its stability is the lowest of
    the findings it stands for): only the share is shown.
    """
    if stability != stability:
        return "-"
    if error != error:
        return format_number(float(stability), lang, decimals=2)
    return t(
        "stability.value",
        lang,
        stability=format_number(float(stability), lang, decimals=2),
        error=format_number(float(error), lang, decimals=2),
    )


@app.command(cls=_Command, epilog=ANALYZE_EXAMPLE)
def analyze(
    ctx: typer.Context,
    path: SurveyPath,
    respondent_column: RespondentColumn = None,
    question: Questions = [],
    free_text: FreeText = [],
    direction: Directions = [],
    scale: Scale = [],
    actors: ActorsFile = None,
    wave: Wave = None,
    threshold: Threshold = None,
    relation: Relations = [],
    mode: ModeOption = Mode.union,
    config: Annotated[
        Path | None, typer.Option("--config", metavar="PATH", help="TOML file with analysis settings.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", metavar="FOLDER", help="Folder for the outputs.")] = Path(
        "reports/analysis"
    ),
    title: Title = None,
    lang: Lang = Language.en,
    privacy: PrivacyOption = Privacy.internal,
    public_column: Annotated[
        list[str],
        typer.Option(
            "--public-column",
            metavar="COLUMN",
            help="A survey column (header as written) that public outputs may "
            "show; repeatable. Adds to the config's public_columns.",
        ),
    ] = [],
    pseudonymize_actors: Pseudonymize = False,
    csv_style: CsvStyleOption = CsvStyle.comma,
    figures: Figures = "png,svg",
    stability: Stability = True,
    inference: Annotated[
        bool,
        typer.Option(
            "--inference",
            metavar=FLAG,
            help="Test the patterns against chance (homophily, E-I, wave change; QAP and dyadic models): "
            "the report says which are significant. Takes seconds to minutes (docs/inference.md).",
        ),
    ] = False,
    nonresponse: Annotated[
        Nonresponse,
        typer.Option(
            "--nonresponse",
            help="How non-respondents' ties are treated: none, reconstruction or reciprocity (docs/inference.md); "
            "the report's method section shows how each finding changes across the options.",
        ),
    ] = Nonresponse.none,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:8786) for exact betweenness on a cluster (docs/performance.md).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Exact betweenness on a local Dask cluster of this many processes (or workers to wait for).",
        ),
    ] = None,
) -> None:
    """Measure the ecosystem, flag facilitators and impediments, write reports, maps and tables."""
    output = _output(ctx)
    survey = SurveyInput(
        path,
        respondent_column,
        tuple(question),
        tuple(direction),
        tuple(scale),
        actors,
        wave,
        threshold,
        title,
        command="analyze",
        free_text=tuple(free_text),
    )
    settings = _config(output, config)
    eco = _load_survey(output, survey)
    if scheduler is not None or workers is not None:
        settings = settings.with_options(scheduler=scheduler, workers=workers)
    if inference:
        settings = settings.with_options(inference=replace(settings.inference, enabled=True))
    if public_column:
        settings = _call(
            output, lambda: settings.with_options(public_columns=(*settings.public_columns, *public_column))
        )
    result = _analyze(output, eco, settings, relation, wave, mode.value, stability, lang.value, nonresponse.value)
    written = _write_bundle(
        output, result, out, lang.value, privacy.value, pseudonymize_actors, csv_style.value, figures
    )
    output.show(findings_renderables(result, lang.value))
    output.show([Text(t("cli.wrote", lang.value, count=len(written), folder=str(out)))])
    from .privacy import left_out_columns

    left_out = left_out_columns(result, privacy.value, pseudonymize_actors)
    if left_out:  # an allowlist surprises: say which columns the outputs do not show
        output.show([Text(t("report.privacy.left_out_columns", lang.value, columns=", ".join(left_out)))])
    output.show([terminal_text(t("cli_run.open_report", lang.value, path=str(out / "report.html")), style="bold")])


def _write_bundle(
    output: Output,
    result,
    out: Path,
    lang: str,
    privacy: str,
    pseudonymize_actors: bool = False,
    csv_style: str = "comma",
    figures: str = "png,svg",
):
    with _bundle_progress(output, lang) as progress:
        return _call(
            output,
            lambda: result.report(
                out,
                lang=lang,
                privacy=privacy,
                pseudonymize_actors=pseudonymize_actors,
                progress=progress,
                csv_style=csv_style,
                figures=figures,
            ),
        )


@contextmanager
def _bundle_progress(output: Output, lang: str):
    """A one-line display of the bundle's steps; yields the ``progress`` function for it."""
    with Progress(TextColumn("{task.description}"), console=output.out, transient=True) as bar:
        task = bar.add_task("")
        yield lambda step: bar.update(task, description=_step_line(step, lang))


def _step_line(step: str, lang: str) -> str:
    """The progress line of a bundle step in the reader's language (catalog ``cli.step.<step>``)."""
    return t(f"cli.step.{step}", lang)


@app.command(
    "map", cls=_Command, epilog="Example: skane-eco map survey.xlsx --out map.html --lang sv --size-by strength"
)
def map_command(
    ctx: typer.Context,
    path: SurveyPath,
    respondent_column: RespondentColumn = None,
    question: Questions = [],
    free_text: FreeText = [],
    direction: Directions = [],
    scale: Scale = [],
    actors: ActorsFile = None,
    wave: Wave = None,
    threshold: Threshold = None,
    relation: Relations = [],
    mode: ModeOption = Mode.union,
    out: Annotated[Path, typer.Option("--out", metavar="PATH", help="The HTML file to write.")] = Path("map.html"),
    title: Title = None,
    lang: Lang = Language.en,
    privacy: PrivacyOption = Privacy.internal,
    pseudonymize_actors: Pseudonymize = False,
    color_by: Annotated[str, typer.Option("--color-by", help="Actor attribute that sets the colour.")] = "sector",
    size_by: Annotated[str, typer.Option("--size-by", help="Measure that sets the size.")] = "betweenness",
    stability: Stability = False,
    renderer: Annotated[
        Renderer,
        typer.Option("--renderer", help="vis (canvas) or webgl (thousands of actors); auto picks by size."),
    ] = Renderer.auto,
    aggregate: Annotated[
        Aggregate,
        typer.Option(
            "--aggregate",
            help="Draw groups instead of actors (drill down by clicking a group); auto does above 50,000 actors.",
        ),
    ] = Aggregate.auto,
    layout: Annotated[
        MapLayout,
        typer.Option(
            "--layout",
            help="The view the map opens with: the network, or each actor at its municipality on a map of Skåne "
            "(the map offers both when municipalities are known).",
        ),
    ] = MapLayout.network,
    municipalities: Annotated[
        Path | None,
        typer.Option(
            "--municipalities",
            metavar="CSV",
            help="Another region's municipalities for the geography view: CSV with municipality, lon, lat [, code].",
        ),
    ] = None,
    outline: Annotated[
        Path | None,
        typer.Option("--outline", metavar="GEOJSON", help="That region's outline (GeoJSON), with --municipalities."),
    ] = None,
) -> None:
    """Write the interactive offline network map (one self-contained HTML file)."""
    output = _output(ctx)
    survey = SurveyInput(
        path,
        respondent_column,
        tuple(question),
        tuple(direction),
        tuple(scale),
        actors,
        wave,
        threshold,
        title,
        command="map",
        free_text=tuple(free_text),
    )
    eco = _load_survey(output, survey)
    result = _analyze(output, eco, ske.AnalysisConfig(), relation, wave, mode.value, stability, lang.value)
    # --privacy public draws the map from the tables a public report shows: no
    # contact persons, no undeclared columns, no count below 5 (Analysis.explore).
    _call(
        output,
        lambda: result.explore(
            color_by=color_by,
            size_by=size_by,
            lang=lang.value,
            privacy=privacy.value,
            pseudonymize_actors=pseudonymize_actors,
            renderer=renderer.value,
            aggregate=None if aggregate is Aggregate.none else aggregate.value,
            layout=layout.value,
            geography=_region(municipalities, outline),
        ).save(out),
    )
    output.show([Text(t("cli.wrote_file", lang.value, path=str(out)))])


def _region(municipalities: Path | None, outline: Path | None):
    """The geography the map places actors on: Skåne's (None), or the region the files give."""
    if municipalities is None:
        if outline is not None:
            raise typer.BadParameter("--outline needs --municipalities, the table of that region's municipalities")
        return None
    from .geography import read_geography

    return read_geography(municipalities, outline)


@app.command(
    cls=_Command, epilog='Example: skane-eco whatif survey.xlsx --remove "Österlen Social Impact Hub" --out whatif/'
)
def whatif(
    ctx: typer.Context,
    path: SurveyPath,
    remove: Annotated[
        list[str], typer.Option("--remove", metavar="ACTOR", help="Actor (name or id) to remove; repeatable.")
    ] = [],
    remove_relation: Annotated[
        list[str],
        typer.Option(
            "--remove-relation", metavar="RELATION", help="Relation to remove, in English or Swedish; repeatable."
        ),
    ] = [],
    respondent_column: RespondentColumn = None,
    question: Questions = [],
    free_text: FreeText = [],
    direction: Directions = [],
    scale: Scale = [],
    actors: ActorsFile = None,
    wave: Wave = None,
    threshold: Threshold = None,
    mode: ModeOption = Mode.union,
    out: OutFolder = None,
    title: Title = None,
    lang: Lang = Language.en,
    privacy: PrivacyOption = Privacy.internal,
) -> None:
    """What changes if actors leave or a relation stops (e.g. a funding programme ends)?"""
    output = _output(ctx)
    if not remove and not remove_relation:
        output.fail("name something to remove: --remove ACTOR and/or --remove-relation RELATION")
    survey = SurveyInput(
        path,
        respondent_column,
        tuple(question),
        tuple(direction),
        tuple(scale),
        actors,
        wave,
        threshold,
        title,
        command="whatif",
        free_text=tuple(free_text),
    )
    eco = _load_survey(output, survey)
    _check_relations(output, "--remove-relation", remove_relation, eco)
    before = _analyze(output, eco, ske.AnalysisConfig(), [], wave, mode.value, stability=False, lang=lang.value)
    result = _argument_call(
        output,
        "--remove/--remove-relation",
        lambda: ske.whatif(before, remove_actors=remove, remove_relations=remove_relation),
    )
    from .privacy import shown_change

    # --privacy public: the same suppression of small counts as the public report.
    shown = shown_change(result, privacy.value, lang.value)
    tables = {
        "indicators.csv": shown["indicators"],
        "lost_reach.csv": shown["lost_reach"].reset_index(),
        "flags_appeared.csv": shown["flags_appeared"],
        "flags_vanished.csv": shown["flags_vanished"],
    }
    output.show(
        [
            *_heading(before.title, before.synthetic, lang.value),
            _indicator_table(t("cli.indicators", lang.value), shown["indicators"], lang.value),
            *_lost_reach_lines(result, lang.value, shown["counts"]),
            _finding_list(t("cli.flags_appeared", lang.value), shown["flags_appeared"], lang.value),
            _finding_list(t("cli.flags_vanished", lang.value), shown["flags_vanished"], lang.value),
        ]
    )
    _write_tables(output, out, tables, lang.value, eco)


#: How many actors cut off by a removal ``whatif`` names (all are in lost_reach.csv).
CUT_OFF_NAMED = 10


def _lost_reach_lines(result, lang: str, counts: dict | None = None) -> list[Text]:
    """Who is cut off from the main component, apart from whose reach merely shrinks.

    ``counts`` are the numbers as the privacy level shows them (``shown_change``;
    default: all shown): the actors cut off are named only when their number is
    shown, since names would count a suppressed one.
    """
    cut_off = result.cut_off
    counts = counts or {"cut_off": len(cut_off), "shrinks": len(result.reach_shrinks)}
    lines = [Text(t("cli.lost_reach", lang, cut_off=counts["cut_off"], shrinks=counts["shrinks"]))]
    if cut_off and not isinstance(counts["cut_off"], str):
        names = [str(name) for name in result.lost_reach.loc[cut_off, "name"]]
        shown = ", ".join(names[:CUT_OFF_NAMED]) + (", …" if len(names) > CUT_OFF_NAMED else "")
        lines.append(terminal_text(t("cli.cut_off_names", lang, names=shown)))
    return lines


@app.command(cls=_Command, epilog="Example: skane-eco compare survey.xlsx --from 2019 --to 2022 --out change/")
def compare(
    ctx: typer.Context,
    path: SurveyPath,
    wave_from: Annotated[
        str | None, typer.Option("--from", metavar="WAVE", help="The earlier wave (with --workshop: the checked one).")
    ] = None,
    wave_to: Annotated[str | None, typer.Option("--to", metavar="WAVE", help="The later wave.")] = None,
    workshop: Annotated[
        Path | None,
        typer.Option(
            "--workshop",
            metavar="PATH",
            help="A filled workshop corrections workbook: compare the wave it checked with the network as corrected.",
        ),
    ] = None,
    respondent_column: RespondentColumn = None,
    question: Questions = [],
    free_text: FreeText = [],
    direction: Directions = [],
    scale: Scale = [],
    actors: ActorsFile = None,
    threshold: Threshold = None,
    mode: ModeOption = Mode.union,
    out: OutFolder = None,
    title: Title = None,
    lang: Lang = Language.en,
    privacy: PrivacyOption = Privacy.internal,
) -> None:
    """Compare two survey waves: ties and actors gained and lost, measures and findings.

    With --out, the tables as CSV files and the change drawn as a map (change_map.html).
    """
    output = _output(ctx)
    survey = SurveyInput(
        path,
        respondent_column,
        tuple(question),
        tuple(direction),
        tuple(scale),
        actors,
        None,
        threshold,
        title,
        command="compare",
        free_text=tuple(free_text),
    )
    eco = _load_survey(output, survey)
    if workshop is not None:
        eco, wave_from, wave_to = _with_workshop(output, eco, workshop, wave_from)
    elif wave_from is None or wave_to is None:
        output.fail("compare needs --from and --to (two waves), or --workshop with a filled corrections workbook")
    for option, wave in (("--from", wave_from), ("--to", wave_to)):
        _check_choice(output, option, wave, [str(w) for w in eco.waves], "wave")
    result = _argument_call(output, "--from/--to", lambda: ske.compare(eco, wave_from, wave_to, mode=mode.value))
    from .privacy import shown_change

    # --privacy public: the same suppression of small counts as the public report.
    shown = shown_change(result, privacy.value, lang.value)
    names = (
        "indicators",
        "ties_gained",
        "ties_lost",
        "measures",
        "flags_appeared",
        "flags_vanished",
        "flags_persisted",
    )
    tables = {f"{name}.csv": shown[name] for name in names}
    output.show(
        [
            *_heading(eco.summary()["title"], eco.synthetic, lang.value),
            _indicator_table(t("cli.indicators", lang.value), shown["indicators"], lang.value),
            Text(t("cli.change", lang.value, **shown["counts"])),
            _finding_list(t("cli.flags_appeared", lang.value), shown["flags_appeared"], lang.value),
            _finding_list(t("cli.flags_vanished", lang.value), shown["flags_vanished"], lang.value),
        ]
    )
    # The change drawn as a map beside the tables, at the same privacy level.
    pages = {"change_map.html": lambda: result.explore(lang=lang.value, privacy=privacy.value).html}
    _write_tables(output, out, tables, lang.value, eco, pages)


def _with_workshop(output: Output, eco, workbook: Path, wave):
    """The survey with the workshop's corrections as one more wave, and the two waves to compare."""
    from .io.workshop import apply_workshop, read_workshop

    _require_file(output, workbook, "workshop workbook")
    wave = "latest" if wave is None else wave
    corrected = _call(output, lambda: apply_workshop(eco, read_workshop(workbook, eco), wave))
    return corrected, str(eco.resolve_wave(wave) or ""), corrected.meta["workshop_wave"]


#: How many findings ``whatif`` and ``compare`` list per table (all are in the CSV files).
FINDINGS_LISTED = 20


def _indicator_table(title: str, indicators: pd.DataFrame, lang: str) -> Table:
    """Indicators before and after, named and formatted for the reader of ``lang`` (decimal comma in Swedish)."""
    from .render.report_html import Words

    words = Words(lang)
    table = Table(title=title, box=box.SIMPLE, title_justify="left")
    table.add_column(t("cli_run.column.indicator", lang))
    for column in ("before", "after", "change"):
        table.add_column(t(f"cli_run.column.{column}", lang), justify="right")
    for row in indicators.to_dict("records"):
        table.add_row(
            terminal_text(words.indicator(row["indicator"])),
            *(Text(_indicator_value(row[column], lang)) for column in ("before", "after", "change")),
        )
    return table


def _indicator_value(value, lang: str) -> str:
    if isinstance(value, str):  # suppressed at the public level ("<5")
        return value
    if value != value:  # NaN: not defined (say, a distance in a network without ties)
        return "-"
    return format_number(float(value), lang, decimals=None if float(value).is_integer() else 3)


def _finding_list(title: str, flags: pd.DataFrame, lang: str, rows: int = FINDINGS_LISTED) -> Table:
    """Findings by their sentence (``explanation``, in ``lang`` as privacy.shown_change words it),
    which names the organisation (not its id)."""
    table = Table(title=f"{title} ({len(flags)})", box=box.SIMPLE, title_justify="left")
    table.add_column(t("cli.finding", lang))
    for explanation in flags["explanation"].head(rows):
        table.add_row(terminal_text(explanation))
    if len(flags) > rows:
        table.add_row(Text(t("cli_run.more_rows", lang, count=len(flags) - rows), style="dim"))
    return table


def _write_tables(output: Output, out: Path | None, tables: dict, lang: str, eco, pages: dict | None = None) -> None:
    """The tables as CSV files in ``out``: one run's folder, replaced whole (with its run.json).

    ``pages`` are HTML files to write beside them, file name -> a function making the
    page: called only when there is a folder to write."""
    if out is None:
        return
    from .io import source_paths
    from .render.csvtext import csv_bytes

    files = {name: csv_bytes(frame) for name, frame in tables.items()}
    files |= {name: _call(output, make) for name, make in (pages or {}).items()}
    _call(output, lambda: write_folder(out, files, inputs=source_paths(eco)))
    output.show([Text(t("cli.wrote", lang, count=len(files), folder=str(out)))])


# -------------------------------------------------------------------- demo
@dataclass
class DemoRun:
    """What the demo steps share: the output folder being built, the consoles and their results.

    The steps write into the hidden staging folder ``out_dir``; the demo's folder is
    replaced by it, whole, only once every step has succeeded.
    """

    folder: OutputFolder
    output: Output
    eco: object = None
    analysis: object = None
    written: list[str] = field(default_factory=list)

    @property
    def out_dir(self) -> Path:
        return self.folder.path

    def call(self, action: Callable):
        """:func:`_call` for a step that writes: an error names the file where it will be."""

        def writing():
            with self.folder.final_names():
                return action()

        return _call(self.output, writing)

    def write(self, name: str, text: str | bytes, encoding: str = "utf-8") -> None:
        self.call(lambda: write_atomic(self.out_dir / name, text, encoding))
        self.written.append(name)


def _demo_load(run: DemoRun) -> None:
    run.eco = _call(run.output, ske.demo)


def _demo_summary(run: DemoRun) -> None:
    renderables = summary_renderables(run.eco)
    run.output.show(renderables)
    run.write("summary.txt", render_text(renderables))
    run.write("summary.json", summary_json(run.eco.summary()))


def _demo_validation(run: DemoRun) -> None:
    run.write("validation.csv", validation_csv(run.eco.validation.to_frame()))


def _demo_analysis(run: DemoRun) -> None:
    run.analysis = _analyze(run.output, run.eco, ske.AnalysisConfig(), [], None, "union")
    run.output.show(findings_renderables(run.analysis, "en", top=5))


def _demo_map(run: DemoRun) -> None:
    run.call(lambda: run.analysis.explore().save(run.out_dir / "map.html"))
    run.written.append("map.html")


def _demo_reports(run: DemoRun) -> None:
    for lang in ("en", "sv"):
        with _bundle_progress(run.output, lang) as progress:
            run.call(lambda: run.analysis.report(run.out_dir / lang, lang=lang, progress=progress))  # noqa: B023 (called at once)
        run.written.append(f"{lang}/report.html")


#: The demo, step by step; a later stage is one more line.
DEMO_STEPS: list[tuple[str, Callable[[DemoRun], None]]] = [
    ("Load and validate the synthetic demo ecosystem", _demo_load),
    ("Write the validation report", _demo_validation),
    ("Summarise it", _demo_summary),
    ("Analyse it: measures, facilitators and impediments, stability", _demo_analysis),
    ("Draw the interactive map", _demo_map),
    ("Write the reports in English and Swedish", _demo_reports),
]


class Grouping(str, Enum):
    municipality = "municipality"
    sector = "sector"


@app.command(cls=_Command, epilog="Example: skane-eco workshop survey.xlsx --out workshop/ --lang sv")
def workshop(
    ctx: typer.Context,
    path: SurveyPath,
    respondent_column: RespondentColumn = None,
    question: Questions = [],
    free_text: FreeText = [],
    direction: Directions = [],
    scale: Scale = [],
    actors: ActorsFile = None,
    wave: Wave = None,
    threshold: Threshold = None,
    out: Annotated[Path, typer.Option("--out", metavar="FOLDER", help="Folder for the sheets.")] = Path("workshop"),
    by: Annotated[
        Grouping, typer.Option("--by", help="One printable sheet per municipality or per sector.")
    ] = Grouping.municipality,
    title: Title = None,
    lang: Lang = Language.en,
) -> None:
    """Write printable sheets for checking the map with the actors, and the workbook for their answers."""
    from .io import source_paths
    from .io.workshop import workshop_workbook_bytes
    from .render.workshop import workshop_pages

    output = _output(ctx)
    survey = SurveyInput(
        path,
        respondent_column,
        tuple(question),
        tuple(direction),
        tuple(scale),
        actors,
        wave,
        threshold,
        title,
        command="workshop",
        free_text=tuple(free_text),
    )
    eco = _load_survey(output, survey)
    checked = _wave_option(wave) or "latest"
    workbook = WORKSHOP_WORKBOOK[lang.value]
    files = {
        workbook: workshop_workbook_bytes(eco, lang.value, checked),
        **workshop_pages(eco, by.value, lang.value, checked, workbook=workbook),
    }
    _call(output, lambda: write_folder(out, files, inputs=source_paths(eco)))
    output.show([Text(t("cli.wrote", lang.value, count=len(files), folder=str(out)))])


#: The workshop's corrections workbook, named in the reader's language.
WORKSHOP_WORKBOOK = {"en": "workshop_corrections.xlsx", "sv": "workshop_rattelser.xlsx"}


@app.command(cls=_Command, epilog="Example: skane-eco demo --out reports/demo")
def demo(
    ctx: typer.Context,
    out: Path = typer.Option(
        Path("reports/demo"), "--out", metavar="FOLDER", help="Folder for the outputs (created if missing)."
    ),
) -> None:
    """Run the embedded synthetic demo end to end and write its outputs to a folder."""
    output = _output(ctx)
    if out.exists() and not out.is_dir():
        output.fail(f"--out must be a folder, but {out} is a file")
    run = DemoRun(folder=_call(output, lambda: OutputFolder(out, record={"command": "demo"})), output=output)
    _call(output, lambda: _run_demo(run))
    output.show([Text("Wrote:")] + [Text(f"  {out / name}") for name in run.written])


def _run_demo(run: DemoRun) -> None:
    """Every step, into the staging folder that then replaces the demo's folder whole."""
    with run.folder:
        for number, (label, step) in enumerate(DEMO_STEPS, start=1):
            run.output.out.print(Text(f"[{number}/{len(DEMO_STEPS)}] {label}", style="dim"))
            step(run)


# -------------------------------------------------------------------- entry
def main() -> None:
    """Run the command line (the ``skane-eco`` console script and ``python -m skane_ecosystem``).

    Ctrl-C, SIGTERM and SIGHUP raise :class:`~skane_ecosystem.stopping.Stopped`
    while a command runs: the staging of the outputs is removed on the way out, the
    worker processes are stopped, and the exit code is the shell's for the signal
    (130, 143, 129), with one line saying so.
    """
    try:
        with signals_raise_stopped():
            app(prog_name="skane-eco")
    except Stopped as stop:
        stop_workers()
        Console(stderr=True, highlight=False).print(
            Text(f"skane-eco stopped ({stop.signal.name}); no half-written output was left behind.")
        )
        raise SystemExit(stop.exit_code) from None
    except Exception as error:  # a bug: say so in one line, not with a wall of traceback
        if os.environ.get("SKANE_DEBUG"):
            raise
        Console(stderr=True, highlight=False).print(
            Text(
                f"skane-eco stopped on an unexpected error ({type(error).__name__}: {terminal_text(str(error))}). "
                "This is a bug; please report it with the command you ran. "
                "Set SKANE_DEBUG=1 to see the details."
            )
        )
        raise SystemExit(1) from None
