"""What every run of the `compliance` command imports: the app's settings and options, the error
boundary, and `check`, which `main` runs without defining the other commands (`compliance.cli` adds them
to the full app: importing them was a tenth of a `check`'s own imports). With `compliance.cli`, the only
modules that talk to the terminal."""

# No `from __future__ import annotations`: typer reads a command's parameters from their annotations, and as
# strings it compiles and evaluates each of them, twice, on every run (~2 ms of a `check`); evaluated once
# at import they cost less than half of that. Names imported only for type checking stay quoted.
import gc
import os
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, NoReturn

import typer
import typer.core
import typer.main
from typer import _click as click
from typer._types import TyperChoice

from . import __version__
from .collector import kept
from .errors import ComplianceError

if TYPE_CHECKING:
    from rich.console import Console

    from .rulesets import Catalog


class ErrorBoundary(typer.core.TyperGroup):
    """The one place a domain error becomes output: every problem on its own line, then exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ComplianceError as error:
            fail(error)
        except OSError as error:  # the file system refused a path the user gave (name too long, a loop, ...)
            from .yaml_source import path_problem

            where = f"{error.filename}: " if error.filename else ""
            fail(ComplianceError(f"{where}{path_problem(error)}"))


APP_SETTINGS: dict[str, Any] = {  # `cli.app`, and the one-command apps `main` runs
    "name": "compliance",
    "cls": ErrorBoundary,
    "help": "Check AI systems (above all medical LLMs) against the EU AI Act, GDPR, China's generative-AI "
            "rules and PIPL, from a model card and its evidence files.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
}


@cache
def stderr() -> "Console":
    """rich's console for messages, made on first use: a run that prints none (check --format json) never
    imports rich."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def terminal_width() -> int:
    """The terminal's width in cells (asked only when output goes to a terminal)."""
    from rich.console import Console

    return Console().width


# Choices typer offers as it offers an enum's values (the same choice type, help and errors) but passes as the
# text itself: creating an enum class costs ~0.1 ms of every run. `--only`, a list (typer takes no list of a
# Literal), is given that choice type itself: the one typer makes of an enum's or a Literal's values.
Lang = Literal["en", "zh"]
GroupBy = Literal["regulation", "dimension"]
FailOn = Literal["critical", "high", "medium", "low", "none"]
# Every output format of `check`; `jsonl` (one JSON line per card) only for a folder of cards.
Format = Literal["table", "json", "md", "html", "sarif", "junit", "oscal", "jsonl"]
FOLDER_FORMATS: tuple[Format, ...] = ("table", "md", "json", "jsonl", "sarif", "junit")
# Formats that are views of an assessment (`--only` picks what they list) rather than records of all of it.
VIEW_FORMATS: tuple[Format, ...] = ("table", "md", "html")
STATUS_NAMES = ("met", "gap", "attested", "manual", "not_applicable", "upcoming", "waived", "error")  # model.Status's
_STATUS_CHOICE = TyperChoice(STATUS_NAMES)


def fail(error: ComplianceError) -> NoReturn:
    """Print a domain error as one line per problem and exit 2."""
    from .report.escaping import visible  # file names and values in a problem come from the input

    if len(error.problems) == 1:
        stderr().print(f"error: {visible(str(error.problems[0]))}", style="bold red", markup=False)
    else:
        for problem in error.problems:
            stderr().print(visible(str(problem)), markup=False)
        stderr().print(f"error: {visible(error.message)}", style="bold red", markup=False)
    raise typer.Exit(2)


def emit(data: bytes | Iterable[bytes], output: Path | None) -> None:
    """Write the output, whole or in pieces (each made as the one before is written: `render.rendered`)."""
    pieces = (data,) if isinstance(data, bytes) else data
    if output is None:
        _deliver(sys.stdout.buffer, pieces)
        return
    try:
        with output.open("wb") as sink:
            _deliver(sink, pieces)
    except OSError as exc:
        raise ComplianceError(f"cannot write {output}: {exc.strerror or exc}") from None


def _deliver(sink: BinaryIO, pieces: Iterable[bytes]) -> None:
    """Write the pieces and flush them. A reader that closed standard output before the end (`check -f json | head`)
    is no error: what it did not read is dropped quietly, as other command-line tools do, and the run ends with the
    status its findings give (a folder's cards are all still assessed). Standard output is pointed at the null
    device, so what is still buffered (flushed at exit) goes nowhere. Any other sink's refusal is raised."""
    try:
        for piece in pieces:
            sink.write(piece)
        sink.flush()
    except BrokenPipeError:
        if sink is not sys.stdout.buffer:
            raise
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)


def _version(value: bool) -> None:
    if value:
        print(f"compliance {__version__}")
        raise typer.Exit()


def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """compliance — regulatory gap analysis for AI systems (its option as a default, as `check`'s say why)."""


# `check`'s parameters give their typer.Option as the default, not in `Annotated`: typer reads the parameters of the
# command it runs twice on every run, and each time copies an annotated option's info twice and takes the
# annotations apart again (~2 M instructions, ~0.4 ms of a check); the help, choices and errors are the same.
def check(
    card: Path = typer.Argument(..., help="The model card (YAML), or a folder: every card.yaml and "
                                          "*.card.yaml under it, one row each."),
    ruleset: list[str] | None = typer.Option(None, "--ruleset", "-r", help="Ruleset id (repeatable; default all)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Evaluate as of this date (YYYY-MM-DD; default "
                                                           "today's date in UTC)."),
    format: Format = typer.Option(
        "table", "--format", "-f", help="table, json, md, html, sarif, junit, oscal; for a folder: table, md, json or "
                                        "jsonl (one JSON line per card)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    fail_on: FailOn = typer.Option("high", "--fail-on", help="Exit 1 when a gap at or above this severity exists."),
    lang: Lang = typer.Option("en", "--lang", help="Report language."),
    group_by: GroupBy = typer.Option("regulation", "--group-by", help="Group findings by regulation or dimension."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="For a folder: worker processes "
                                    "(default: one per CPU)."),
    only: list[str] | None = typer.Option(
        None, "--only", click_type=_STATUS_CHOICE, help="List only findings with this status (repeatable; "
        "table, md and html; refused for json, sarif, junit and oscal, which always hold every finding). "
        "The summary still counts every finding."),
    strict_scope: bool = typer.Option(
        False, "--strict-scope", help="Exit 2 when the card leaves scoping questions unanswered (for pipelines that "
                                      "require complete cards); the report is written first."),
    show_all: bool = typer.Option(
        False, "--all", help="Table: list every requirement (by default the table lists what needs attention: gap, "
                             "error, manual; the summary above it counts everything)."),
    indent: int | None = typer.Option(
        None, "--indent", min=0, max=8, help="JSON: indent N spaces per level, for reading (default: one "
                                             "compact line; deterministic either way)."),
    with_catalog: bool = typer.Option(
        False, "--with-catalog", help="JSON: add each requirement's titles, citation, summary, remediation and "
                                      "crosswalks (otherwise given by the rulesets' id, version and SHA-256)."),
) -> None:
    """Gap analysis of a card (or every card under a folder) against the rulesets. Exit 0 no gap at --fail-on,
    1 gaps, 2 bad input (for a folder: the worst card)."""
    if only and format not in VIEW_FORMATS:
        raise ComplianceError(f"--only lists findings in the table, md and html views; --format {format} "
                              "always holds every finding (filter the JSON instead)")
    if show_all and (only or format != "table"):
        raise ComplianceError("--all lists every requirement in the table; it cannot be combined with --only, "
                              f"and --format {format} lists every finding already")
    if card.is_dir():
        raise typer.Exit(_check_folder(card, ruleset or (), as_of, format, output, fail_on, lang, jobs))
    # Importing the pipeline, loading, assessing and rendering one card: what it makes lives until the command
    # leaves, so collections (a dozen while importing) would only rescan it, and later ones the catalog.
    with kept():
        from .pipeline import assess_card, exit_code
        from .render import RenderOptions, rendered, renderer

        chosen = renderer(format)
        color = output is None and sys.stdout.isatty() and format == "table"
        width = max(terminal_width(), 40) if color else 160   # piped or to a file: full width
        uri, root = repository_path(card, Path.cwd())
        listed = tuple(only or ())
        if format == "table" and not listed and not show_all:
            from .render.table import ACTIONABLE

            listed = ACTIONABLE
        assessment = assess_card(card, ruleset or (), as_of, remember=True)  # what it read of the evidence
        emit(rendered(chosen, assessment, RenderOptions(lang=lang, group_by=group_by, color=color, width=width,
                                                        card_uri=uri, source_root=root,
                                                        card_text=_card_text(card, format), only=listed,
                                                        indent=indent, with_catalog=with_catalog)), output)
    if strict_scope:
        from .model import open_questions

        unanswered = open_questions(assessment.findings)
        if unanswered:
            raise ComplianceError(f"--strict-scope: {len(unanswered)} scoping question(s) unanswered: "
                                  + ", ".join(unanswered) + " (compliance scope lists what each decides)")
    raise typer.Exit(exit_code(assessment, fail_on))


def repository_path(card: Path, root: Path) -> tuple[str, str]:
    """(the card as a POSIX path relative to `root`, the file URI of `root` when the card was named by an
    absolute path, else ""): code scanning wants paths relative to the checkout it runs in. Here, not in
    `render.locate` with what those formats use: a check that writes json or a table does not import that module."""
    if not card.is_absolute():
        return card.as_posix(), ""
    try:
        relative = Path(os.path.relpath(card, root))
    except ValueError:  # another drive
        return card.as_posix(), ""
    if relative.parts[:1] == ("..",):
        return card.as_posix(), ""
    return relative.as_posix(), root.resolve().as_uri().rstrip("/") + "/"


def _card_text(card: Path, format: Format) -> str:
    """The card as written, for formats that point at whole lines (SARIF regions); "" for the others."""
    if format != "sarif":
        return ""
    try:
        return card.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


def _check_folder_ci(cards: Sequence[Path], catalog: "Catalog", ruleset: Sequence[str], as_of: str | None,
                     format: Format, fail_on: str, lang: str) -> tuple[bytes, int]:
    """A folder as CI formats want it: SARIF with one run per card (its own code-scanning category), JUnit
    with one suite per card. A card that cannot be assessed is reported in its run or suite."""
    from .pipeline import assess_card, exit_code
    from .render import RenderOptions
    from .render.junit import add_card_suites, add_error_suite, junit_document, junit_root
    from .render.sarif import MAX_RUNS, failed_run, sarif_log, sarif_run

    if format == "sarif" and len(cards) > MAX_RUNS:
        raise ComplianceError(f"{len(cards)} cards: GitHub code scanning takes at most {MAX_RUNS} runs (one per card) "
                              "in a SARIF file; run check --format sarif on smaller folders and upload each file")
    runs, codes = [], []
    suites = junit_root(f"compliance: {len(cards)} card(s)")
    for card in cards:
        uri, root = repository_path(card, Path.cwd())
        try:
            assessment = assess_card(card, ruleset, as_of, catalog)
        except ComplianceError as error:
            codes.append(2)
            if format == "sarif":
                runs.append(failed_run(uri, error.message))
            else:
                add_error_suite(suites, uri, error.message)
            continue
        codes.append(exit_code(assessment, fail_on))
        options = RenderOptions(lang=lang, card_uri=uri, source_root=root, card_text=_card_text(card, format))
        if format == "sarif":
            runs.append(sarif_run(assessment, options))
        else:
            add_card_suites(suites, assessment, uri, lang, per_ruleset=False)
    data = sarif_log(runs) if format == "sarif" else junit_document(suites)
    return data, max(codes)


def _check_folder(folder: Path, ruleset: Sequence[str], as_of: str | None, format: Format, output: Path | None,
                  fail_on: str, lang: str, jobs: int | None) -> int:
    """Batch mode of `check`: the worst exit code of the cards; progress only on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import default_jobs, run_batch
    from .portfolio import find_cards
    from .render.portfolio_report import portfolio_markdown, portfolio_table
    from .report.locale import message
    from .rulesets import load_catalog

    try:
        if format not in FOLDER_FORMATS:
            raise ComplianceError(f"format {format!r} is not available for a folder (choose from: "
                                  f"{', '.join(FOLDER_FORMATS)})")
        cards = find_cards(folder)
        if not cards:
            raise ComplianceError(f"{folder}: no card.yaml or *.card.yaml found under this folder")
        catalog = load_catalog()
        if format in ("sarif", "junit"):
            catalog.select(ruleset)  # an unknown ruleset id is a usage error for the whole folder
            data, code = _check_folder_ci(cards, catalog, ruleset, as_of, format, fail_on, lang)
            emit(data, output)
            return code
        sink = sys.stdout.buffer if output is None else output.open("wb")
    except OSError as exc:
        fail(ComplianceError(f"cannot write {output}: {exc.strerror or exc}"))
    outcomes = []
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[card]}"), console=stderr(), transient=True,
                        disable=not stderr().is_terminal)
    # A batch makes many short-lived objects and few cycles: collecting less often saves ~12%, and the catalog
    # (with everything loaded so far) is kept out of the collections while it runs (workers freeze their own).
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    gc.freeze()
    try:
        with progress:
            task = progress.add_task(message("portfolio.progress", lang), total=len(cards), card="")
            for summary, line in run_batch(cards, folder, catalog, ruleset, as_of, fail_on,
                                           format in ("json", "jsonl"), jobs or default_jobs(),
                                           on_card=lambda shown: progress.update(task, card=shown)):
                progress.advance(task)
                if line is not None:
                    _deliver(sink, (line,))
                outcomes.append(summary)
        if format == "table":
            color = output is None and sys.stdout.isatty()
            _deliver(sink, (portfolio_table(outcomes, lang, color, max(terminal_width(), 100) if color else None)
                            .encode("utf-8"),))
        elif format == "md":
            _deliver(sink, (portfolio_markdown(outcomes, lang).encode("utf-8"),))
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        sink.flush()
        if output is not None:
            sink.close()
    return max(o.exit_code for o in outcomes)


def completing() -> bool:
    """Whether click's shell completion runs: it reads the words from the environment, not from the arguments."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _app_for(args: Sequence[str]) -> typer.Typer:
    """`cli.app_for(args)`: for `check ...` an app with the callback and `check` alone, as `app_for` makes it,
    without importing the other commands; any other arguments go to `compliance.cli`."""
    if len(args) > 0 and args[0] == "check" and not completing():
        one = typer.Typer(**APP_SETTINGS)
        one.callback()(main_options)
        one.command()(check)
        return one
    from .cli import app_for

    return app_for(args)


def main() -> None:
    """Console entry point (after `compliance.__main__.run` has imported this module)."""
    gc.enable()
    try:
        _app_for(sys.argv[1:])()
    except ComplianceError as error:  # raised outside a command (while Typer parses), never swallowed
        try:
            fail(error)
        except typer.Exit as done:
            sys.exit(done.exit_code)
    except Exception as error:  # a bug: say so in one line, show the traceback only when asked
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise
        stderr().print(f"internal error: {type(error).__name__}: {error} — please report it; "
                     "set COMPLIANCE_DEBUG=1 for the traceback", style="bold red", markup=False)
        sys.exit(70)
    except KeyboardInterrupt:
        stderr().print("interrupted")
        sys.exit(130)
