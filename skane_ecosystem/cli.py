"""The command line, ``skane-eco``: a thin layer over the public API.

Every command calls :mod:`skane_ecosystem`'s public functions (``load``,
``load_roster``, ``demo``, ``write_template``, ``Ecosystem.summary``) and only
presents what they return.  No checking of survey data happens here: all of it lives
in the loaders, so a notebook user and a command-line user get the same answers.

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
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import pandas as pd
import typer
from rich import box
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

import skane_ecosystem as ske

from .atomic import OutputFolder, write_atomic, write_folder
from .errors import CORRECTION, WARNING, Problem, SurveyDataError
from .i18n import format_number, t
from .parallel import stop_workers
from .privacy import left_out_columns
from .render.csvtext import csv_text
from .sectors import SECTOR_LABELS
from .findings import split_tentative, stability_estimated
from .stopping import Stopped, signals_raise_stopped

__all__ = ["app", "main"]

#: Width of the text written to ``summary.txt``: fixed, so the file is the same on
#: every machine whatever the terminal width.
REPORT_WIDTH = 100

app = typer.Typer(
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
        self.err.print(Text("Error: ", style="bold red") + terminal_text(message))
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


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def summary_renderables(eco) -> list[RenderableType]:
    """What ``validate`` prints for a valid ecosystem: key figures, then every warning.

    Every name from the data goes in through :func:`terminal_text`, never as markup,
    so an organisation called ``[bold]`` is shown as written and one holding an escape
    sequence steers nothing.
    """
    summary = eco.summary()
    parts: list[RenderableType] = [terminal_text(summary["title"], style="bold")]
    if summary["synthetic"]:
        parts.append(Text(t("common.synthetic", "en"), style="bold magenta"))
    sources = eco.meta.get("sources") or []
    if sources:
        parts.append(terminal_text("Source: " + ", ".join(map(str, sources))))
    parts.append(Text(_key_figures(summary)))
    parts.append(Text(""))
    parts.append(_sector_table(summary["actors_by_sector"]))
    parts.append(_relation_wave_table(summary["ties_by_relation_wave"]))
    parts.append(_validation_table(list(eco.validation)))
    return parts


def _key_figures(summary: dict) -> str:
    return (
        f"{summary['actors']} actors, {summary['ties']} tie reports; "
        f"response rate {summary['response_rate']:.1%}; "
        f"{summary['confirmed_share']:.1%} of ties confirmed by both sides; "
        f"{_count(summary['warnings'], 'warning')}, {_count(summary['corrections'], 'correction')}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _sector_table(actors_by_sector) -> Table:
    table = Table(title="Actors by sector", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Sector")
    table.add_column("Actors", justify="right")
    for sector, count in actors_by_sector.items():
        table.add_row(terminal_text(SECTOR_LABELS["en"].get(sector, sector)), str(int(count)))
    return table


def _relation_wave_table(ties_by_relation_wave) -> Table:
    table = Table(title="Tie reports by relation and wave", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Relation")
    table.add_column("Wave")
    table.add_column("Tie reports", justify="right")
    for relation, wave, count in ties_by_relation_wave[["relation", "wave", "ties"]].itertuples(index=False):
        table.add_row(terminal_text(relation), terminal_text(str(wave) or "-"), str(int(count)))
    return table


def _validation_table(problems: list[Problem]) -> RenderableType:
    if not problems:
        return Text("No warnings or corrections.")
    return _located_table(f"Warnings and corrections ({len(problems)})", problems)


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
        return terminal_text(problem.message)
    score = "" if problem.score is None else f" (similarity {problem.score:g})"
    change = terminal_text(f"{problem.original} → {problem.corrected}{score}", style="cyan")
    if repr(problem.original) in problem.message and repr(problem.corrected) in problem.message:
        return change
    return terminal_text(problem.message + "\n") + change


def render_text(renderables: Iterable[RenderableType], width: int = REPORT_WIDTH) -> str:
    """Renderables as plain text (no colours, fixed width, no trailing spaces)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False,
                      emoji=False, force_terminal=False, legacy_windows=False)
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


# ------------------------------------------------------------------ writing
def validation_csv(problems_frame) -> str:
    """The validation report as CSV text, safe to open in Excel (see render.csvtext)."""
    frame = problems_frame.copy()
    frame["row"] = frame["row"].astype("Int64")  # 7, not 7.0, when some rows are unknown
    return csv_text(frame)


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
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Show the version and exit."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    ctx.obj = _make_output(quiet=quiet)


VALIDATE_EXAMPLE = """\
Examples:

skane-eco validate survey.xlsx

skane-eco validate roster.csv --actors actors.csv --wave 2022 \\
    --respondent-column "Which organisation do you represent?" \\
    --question collaboration="How often do you collaborate"
"""


@app.command(epilog=VALIDATE_EXAMPLE)
def validate(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Survey file or folder: .xlsx workbook, CSV files, "
                                "roster export (Google Forms, Qualtrics), GraphML or GEXF."),
    respondent_column: str | None = typer.Option(
        None, "--respondent-column", help="Roster exports: the column naming each respondent's organisation."),
    question: list[str] = typer.Option(
        [], "--question", metavar="RELATION=PREFIX",
        help="Roster exports: a relation and the start of its question text (repeatable)."),
    direction: list[str] = typer.Option(
        [], "--direction", metavar="RELATION=DIRECTION",
        help="Roster exports: which way a relation's question runs: 'funding=target_to_source' when it asks "
             "what the respondent receives from the organisations named, source_to_target when it asks what "
             "the respondent gives them (repeatable; see docs/data-format.md)."),
    scale: list[str] = typer.Option(
        [], "--scale", metavar="ANSWER=WEIGHT",
        help="Roster exports: the weight of an answer, e.g. 'Every other week=3'; adds to or changes "
             "the built-in English and Swedish scale (repeatable)."),
    actors: Path | None = typer.Option(
        None, "--actors", help="Roster exports and lone ties CSV files: the file listing the actors."),
    wave: str | None = typer.Option(None, "--wave", help="Roster exports: the survey wave, e.g. 2022."),
    threshold: float | None = typer.Option(
        None, "--threshold", min=0, max=100,
        help="Minimum similarity (0-100) for correcting a misspelt organisation name automatically."),
) -> None:
    """Check a survey file and summarise it; exit 2 listing every problem if it is invalid."""
    output = _output(ctx)
    eco = _load_survey(output, path, respondent_column, question, scale, actors, wave, threshold, direction)
    output.show(summary_renderables(eco))


def _load_survey(output: Output, path: Path, respondent_column=None, question=(), scale=(), actors=None,
                 wave=None, threshold=None, direction=()):
    """Load a survey file the way ``validate`` and ``analyze`` both do (roster or plain)."""
    _require_file(output, path)
    roster = respondent_column is not None or bool(question)
    options = {} if threshold is None else {"threshold": threshold}
    if roster:
        if respondent_column is None or not question:
            output.fail("a roster export needs both --respondent-column and at least one --question")
        if actors is not None:
            _require_file(output, actors, "actors file")
        questions = _parse_pairs(output, question, "--question", "RELATION=PREFIX, e.g. 'funding=How often'")
        answer_weights = _parse_scale(output, scale)
        directions = _parse_pairs(output, direction, "--direction", "RELATION=DIRECTION, e.g. 'funding=target_to_source'")
        return _call(output, lambda: ske.load_roster(
            path, respondent_column=respondent_column, questions=questions,
            scale=answer_weights, actors=actors, wave=wave, directions=directions, **options))
    if scale or direction or wave is not None:
        output.fail("--scale, --direction and --wave are for roster exports; add --respondent-column and --question "
                    "(a workbook or CSV folder declares directions in its relation_types sheet or file)")
    if actors is not None:
        _require_file(output, actors, "actors file")
        options["actors"] = actors
    return _call(output, lambda: _load_plain(path, options))


def _load_plain(path: Path, options: dict):
    try:
        return ske.load(path, **options)
    except TypeError as error:
        # load() refuses an option the loader for this kind of file does not take
        # (say --actors with a workbook, which has its own actors sheet), naming the
        # ones it does take: a user error, reported in one line like any other.
        raise ValueError(str(error)) from None


class Language(str, Enum):
    en = "en"
    sv = "sv"


@app.command(epilog="Example: skane-eco template survey.xlsx --lang sv")
def template(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="The workbook to create (.xlsx)."),
    lang: Language = typer.Option(Language.en, "--lang", help="Language of the sheet and column names."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
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
    output.show([
        Text(f"Wrote the survey template {path}."),
        Text("Fill in the actors and ties sheets, then check the survey with:"),
        Text(f"  skane-eco validate {shlex.quote(str(path))}"),
    ])


# ----------------------------------------------------------------- analyse
class Mode(str, Enum):
    union = "union"
    mutual = "mutual"
    directed = "directed"


class Privacy(str, Enum):
    internal = "internal"
    public = "public"


ANALYZE_EXAMPLE = """\
Examples:

skane-eco analyze survey.xlsx --out reports/survey --lang sv --privacy public

skane-eco analyze survey.xlsx --privacy public --public-column Website --public-column "Founded"

skane-eco analyze survey.xlsx --relation funding --wave 2022 --mode mutual --config thresholds.toml

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
    return _call(output, lambda: ske.AnalysisConfig.from_toml(path))


def _analyze(output: Output, eco, config, relation, wave, mode, stability: bool = True):
    """analyze() with a progress bar while the stability resamples run."""
    if not stability:
        config = config.with_options(stability=type(config.stability)(enabled=False))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=output.out, transient=True) as bar:
        task = bar.add_task(t("cli.stability", "en"), total=config.stability.resamples)
        return _call(output, lambda: ske.analyze(
            eco, config, relation=relation or None, wave=_wave_option(wave), mode=mode,
            progress=lambda done, total: bar.update(task, completed=done)))


def findings_renderables(analysis, lang: str, top: int = 10) -> list[RenderableType]:
    """The strongest findings, facilitators and impediments, in the chosen language.

    Tentative flags (stability below ``config.stability.tentative_below``) are no
    findings: they follow in a table of their own, and without stability a line
    says it was not estimated.
    """
    findings, tentative = split_tentative(analysis.flags)
    rows = []
    for kind in ("facilitator", "impediment"):
        chosen = findings[findings["kind"] == kind].sort_values(["score", "subject"], ascending=[False, True]).head(top)
        rows.append(_findings_table(t(f"cli.{kind}s", lang), chosen, lang))
    if len(tentative):
        floor = t("report.format.percent", lang, value=format_number(
            round(100 * analysis.config.stability.tentative_below), lang))
        chosen = tentative.sort_values(["stability", "subject"], ascending=[False, True]).head(top)
        rows.append(_findings_table(t("stability.cli.tentative", lang, floor=floor), chosen, lang))
    if not stability_estimated(analysis.flags):
        rows.append(Text(t("stability.not_estimated", lang), style="yellow"))
    head = [terminal_text(analysis.title, style="bold")]
    if analysis.synthetic:
        head.append(Text(t("common.synthetic", lang), style="yellow"))
    return head + rows


def _findings_table(title: str, chosen: pd.DataFrame, lang: str) -> Table:
    table = Table(title=title, box=box.SIMPLE, title_justify="left")
    table.add_column(t("cli.finding", lang))
    table.add_column(t("cli.stability_column", lang), justify="right")
    for explanation, stability, error in zip(chosen[f"explanation_{lang}"], chosen["stability"],
                                             chosen["stability_se"]):
        table.add_row(terminal_text(explanation), Text(_stability_text(stability, error, lang)))
    return table


def _stability_text(stability: float, error: float, lang: str) -> str:
    """"0.84 ± 0.04": the share of resamples and its Monte Carlo standard error; "-" if not estimated."""
    if stability != stability:
        return "-"
    return t("stability.value", lang, stability=format_number(float(stability), lang, decimals=2),
             error=format_number(float(error), lang, decimals=2))


@app.command(epilog=ANALYZE_EXAMPLE)
def analyze(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Survey file or folder (as for validate)."),
    relation: list[str] = typer.Option([], "--relation", help="Relation(s) to analyse (default: all, combined)."),
    wave: str | None = typer.Option(None, "--wave", help="Wave to analyse (default: the latest; 'all' pools them)."),
    mode: Mode = typer.Option(Mode.union, "--mode", help="How nominations become ties."),
    config: Path | None = typer.Option(None, "--config", help="TOML file with analysis settings."),
    out: Path = typer.Option(Path("reports/analysis"), "--out", help="Folder for the outputs."),
    lang: Language = typer.Option(Language.en, "--lang", help="Language of reports and summaries."),
    privacy: Privacy = typer.Option(Privacy.internal, "--privacy", help="internal: everything; public: only "
                                    "id, name, sector, type, municipality, respondent, measures, findings and "
                                    "declared public columns, small counts suppressed."),
    public_column: list[str] = typer.Option([], "--public-column", help="A survey column (header as written) "
                                            "that public outputs may show; repeatable. Adds to the config's "
                                            "public_columns."),
    pseudonymize_actors: bool = typer.Option(False, "--pseudonymize-actors",
                                             help="Replace organisation names by stable pseudonyms."),
    stability: bool = typer.Option(True, "--stability/--no-stability", help="Estimate flag stability."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786) "
                                         "for exact betweenness on a cluster (docs/performance.md)."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Exact betweenness on a local Dask "
                                       "cluster of this many processes (or workers to wait for)."),
) -> None:
    """Measure the ecosystem, flag facilitators and impediments, write reports, maps and tables."""
    output = _output(ctx)
    eco = _load_survey(output, path)
    settings = _config(output, config)
    if scheduler is not None or workers is not None:
        settings = settings.with_options(scheduler=scheduler, workers=workers)
    if public_column:
        settings = _call(output, lambda: settings.with_options(
            public_columns=(*settings.public_columns, *public_column)))
    result = _analyze(output, eco, settings, relation, wave, mode.value, stability)
    written = _write_bundle(output, result, out, lang.value, privacy.value, pseudonymize_actors)
    output.show(findings_renderables(result, lang.value))
    output.show([Text(t("cli.wrote", lang.value, count=len(written), folder=str(out)))])
    left_out = left_out_columns(result, privacy.value, pseudonymize_actors)
    if left_out:  # an allowlist surprises: say which columns the outputs do not show
        output.show([Text(t("report.privacy.left_out_columns", lang.value, columns=", ".join(left_out)))])


def _write_bundle(output: Output, result, out: Path, lang: str, privacy: str, pseudonymize_actors: bool = False):
    with _bundle_progress(output, lang) as progress:
        return _call(output, lambda: result.report(
            out, lang=lang, privacy=privacy, pseudonymize_actors=pseudonymize_actors, progress=progress))


@contextmanager
def _bundle_progress(output: Output, lang: str):
    """A one-line display of the bundle's steps; yields the ``progress`` function for it."""
    with Progress(TextColumn("{task.description}"), console=output.out, transient=True) as bar:
        task = bar.add_task("")
        yield lambda step: bar.update(task, description=t("cli.writing", lang, step=step))


@app.command("map", epilog="Example: skane-eco map survey.xlsx --out map.html --lang sv --size-by strength")
def map_command(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Survey file or folder (as for validate)."),
    out: Path = typer.Option(Path("map.html"), "--out", help="The HTML file to write."),
    relation: list[str] = typer.Option([], "--relation", help="Relation(s) to show (default: all)."),
    wave: str | None = typer.Option(None, "--wave", help="Wave (default: the latest; 'all' pools them)."),
    mode: Mode = typer.Option(Mode.union, "--mode", help="How nominations become ties."),
    lang: Language = typer.Option(Language.en, "--lang", help="Language of the map."),
    color_by: str = typer.Option("sector", "--color-by", help="Actor attribute that sets the colour."),
    size_by: str = typer.Option("betweenness", "--size-by", help="Measure that sets the size."),
    stability: bool = typer.Option(False, "--stability/--no-stability", help="Estimate flag stability."),
) -> None:
    """Write the interactive offline network map (one self-contained HTML file)."""
    output = _output(ctx)
    eco = _load_survey(output, path)
    result = _analyze(output, eco, ske.AnalysisConfig(), relation, wave, mode.value, stability)
    _call(output, lambda: result.explore(color_by=color_by, size_by=size_by, lang=lang.value).save(out))
    output.show([Text(t("cli.wrote_file", lang.value, path=str(out)))])


@app.command(epilog='Example: skane-eco whatif survey.xlsx --remove "Österlen Social Impact Hub" --out whatif/')
def whatif(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Survey file or folder (as for validate)."),
    remove: list[str] = typer.Option([], "--remove", help="Actor (name or id) to remove; repeatable."),
    remove_relation: list[str] = typer.Option([], "--remove-relation", help="Relation to remove; repeatable."),
    wave: str | None = typer.Option(None, "--wave", help="Wave (default: the latest; 'all' pools them)."),
    mode: Mode = typer.Option(Mode.union, "--mode", help="How nominations become ties."),
    out: Path | None = typer.Option(None, "--out", help="Folder for the tables (optional)."),
    lang: Language = typer.Option(Language.en, "--lang", help="Language of the summary."),
) -> None:
    """What changes if actors leave or a relation stops (e.g. a funding programme ends)?"""
    output = _output(ctx)
    if not remove and not remove_relation:
        output.fail("name something to remove: --remove ACTOR and/or --remove-relation RELATION")
    eco = _load_survey(output, path)
    before = _analyze(output, eco, ske.AnalysisConfig(), [], wave, mode.value, stability=False)
    result = _call(output, lambda: ske.whatif(before, remove_actors=remove, remove_relations=remove_relation))
    tables = {"indicators.csv": result.indicators, "lost_reach.csv": result.lost_reach.reset_index(),
              "flags_appeared.csv": result.flags_appeared, "flags_vanished.csv": result.flags_vanished}
    output.show([_frame_table(t("cli.indicators", lang.value), result.indicators),
                 *_lost_reach_lines(result, lang.value),
                 _frame_table(t("cli.flags_appeared", lang.value), result.flags_appeared[["subject", "code"]]),
                 _frame_table(t("cli.flags_vanished", lang.value), result.flags_vanished[["subject", "code"]])])
    _write_tables(output, out, tables, lang.value, eco)


#: How many actors cut off by a removal ``whatif`` names (all are in lost_reach.csv).
CUT_OFF_NAMED = 10


def _lost_reach_lines(result, lang: str) -> list[Text]:
    """Who is cut off from the main component, apart from whose reach merely shrinks."""
    cut_off = result.cut_off
    lines = [Text(t("cli.lost_reach", lang, cut_off=len(cut_off), shrinks=len(result.reach_shrinks)))]
    if cut_off:
        names = [str(name) for name in result.lost_reach.loc[cut_off, "name"]]
        shown = ", ".join(names[:CUT_OFF_NAMED]) + (", …" if len(names) > CUT_OFF_NAMED else "")
        lines.append(terminal_text(t("cli.cut_off_names", lang, names=shown)))
    return lines


@app.command(epilog="Example: skane-eco compare survey.xlsx --from 2019 --to 2022 --out change/")
def compare(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Survey file or folder with two or more waves."),
    wave_from: str = typer.Option(..., "--from", help="The earlier wave."),
    wave_to: str = typer.Option(..., "--to", help="The later wave."),
    mode: Mode = typer.Option(Mode.union, "--mode", help="How nominations become ties."),
    out: Path | None = typer.Option(None, "--out", help="Folder for the tables (optional)."),
    lang: Language = typer.Option(Language.en, "--lang", help="Language of the summary."),
) -> None:
    """Compare two survey waves: ties and actors gained and lost, measures and findings."""
    output = _output(ctx)
    eco = _load_survey(output, path)
    result = _call(output, lambda: ske.compare(eco, wave_from, wave_to, mode=mode.value))
    tables = {"indicators.csv": result.indicators, "ties_gained.csv": result.ties_gained,
              "ties_lost.csv": result.ties_lost, "measures.csv": result.measures,
              "flags_appeared.csv": result.flags_appeared, "flags_vanished.csv": result.flags_vanished,
              "flags_persisted.csv": result.flags_persisted}
    output.show([_frame_table(t("cli.indicators", lang.value), result.indicators),
                 Text(t("cli.change", lang.value, gained=len(result.ties_gained), lost=len(result.ties_lost),
                        entering=len(result.actors_entering), leaving=len(result.actors_leaving)))])
    _write_tables(output, out, tables, lang.value, eco)


def _frame_table(title: str, frame: pd.DataFrame, rows: int = 20) -> Table:
    table = Table(title=title, box=box.SIMPLE, title_justify="left")
    for column in frame.columns:
        table.add_column(terminal_text(column))  # a Text header: a str would be read as markup
    for values in frame.head(rows).itertuples(index=False):
        table.add_row(*(terminal_text(_cell_text(v)) for v in values))
    return table


def _cell_text(value) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.4g}"
    return str(value)


def _write_tables(output: Output, out: Path | None, tables: dict, lang: str, eco) -> None:
    """The tables as CSV files in ``out``: one run's folder, replaced whole (with its run.json)."""
    if out is None:
        return
    from .io import source_paths

    # utf-8-sig so that Excel shows å, ä and ö correctly when a table is opened.
    files = {name: csv_text(frame).encode("utf-8-sig") for name, frame in tables.items()}
    _call(output, lambda: write_folder(out, files, inputs=source_paths(eco)))
    output.show([Text(t("cli.wrote", lang, count=len(tables), folder=str(out)))])


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

    def write(self, name: str, text: str, encoding: str = "utf-8") -> None:
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
    # utf-8-sig so that Excel shows å, ä and ö correctly when the file is opened.
    run.write("validation.csv", validation_csv(run.eco.validation.to_frame()), encoding="utf-8-sig")


def _demo_analysis(run: DemoRun) -> None:
    run.analysis = _analyze(run.output, run.eco, ske.AnalysisConfig(), [], None, "union")
    run.output.show(findings_renderables(run.analysis, "en", top=5))


def _demo_map(run: DemoRun) -> None:
    run.call(lambda: run.analysis.explore().save(run.out_dir / "map.html"))
    run.written.append("map.html")


def _demo_reports(run: DemoRun) -> None:
    for lang in ("en", "sv"):
        with _bundle_progress(run.output, lang) as progress:
            run.call(lambda: run.analysis.report(run.out_dir / lang, lang=lang, progress=progress))
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


@app.command(epilog="Example: skane-eco demo --out reports/demo")
def demo(
    ctx: typer.Context,
    out: Path = typer.Option(Path("reports/demo"), "--out", help="Folder for the outputs (created if missing)."),
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
        Console(stderr=True, highlight=False).print(Text(
            f"skane-eco stopped ({stop.signal.name}); no half-written output was left behind."))
        raise SystemExit(stop.exit_code) from None
    except Exception as error:  # a bug: say so in one line, not with a wall of traceback
        if os.environ.get("SKANE_DEBUG"):
            raise
        Console(stderr=True, highlight=False).print(Text(
            f"skane-eco stopped on an unexpected error ({type(error).__name__}: {terminal_text(str(error))}). "
            "This is a bug; please report it with the command you ran. "
            "Set SKANE_DEBUG=1 to see the details."))
        raise SystemExit(1) from None

