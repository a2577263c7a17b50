"""The `compliance` command: the full app, every command (`check` and what every run needs are in
`compliance.cli_check`, which `main` runs alone for `check`). Only these modules talk to the terminal."""

# No `from __future__ import annotations`: typer reads a command's parameters from their annotations, and as
# strings it compiles and evaluates each of them, twice, on every run (~2 ms of a `check`); evaluated once
# at import they cost less than half of that. Names imported only for type checking stay quoted.
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.core
import typer.main
from typer import _click as click

from .cli_check import (
    APP_SETTINGS,
    GroupBy,
    Lang,
    check,
    completing,
    emit,
    fail,
    main,
    main_options,
    stderr,
    terminal_width,
)
from .errors import ComplianceError

if TYPE_CHECKING:
    from .dossier.outline import Outline
    from .model import Assessment

__all__ = ["app", "app_for", "command_name", "main"]

RulesetOpt = Annotated[list[str] | None, typer.Option("--ruleset", "-r", help="Ruleset id (repeatable; default all).")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Evaluate as of this date (YYYY-MM-DD; default "
                                                              "today's date in UTC).")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Report language.")]

app = typer.Typer(**APP_SETTINGS)
rulesets_app = typer.Typer(help="List, show, lint and document the installed rulesets.", no_args_is_help=True)
app.add_typer(rulesets_app, name="rulesets")
evidence_app = typer.Typer(help="Bring evaluation results into a card's evidence list; write evidence templates.",
                            no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")
app.callback()(main_options)
app.command()(check)  # the first command


class SchemaName(StrEnum):
    card = "card"
    ruleset = "ruleset"
    assessment = "assessment"


class ReportFormat(StrEnum):
    """The formats of the reports that are not assessments (`scope`, `diff`)."""

    table = "table"
    json = "json"
    md = "md"


@app.command()
def scope(
    card: Annotated[Path, typer.Argument(help="The model card (YAML).")],
    ruleset: RulesetOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, json or md.")] = ReportFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    lang: LangOpt = "en",
    impact: Annotated[bool, typer.Option("--impact/--no-impact", help="Count, for each answer, the requirements "
                                         "that would change status if it flipped (one re-assessment each).")] = True,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the questions the card's other answers make "
                                           "moot (the table counts them in one line).")] = False,
) -> None:
    """Every scoping question the rulesets ask: the card's answer and where it came from, the requirements it
    decides and those waiting on it, and what would change if the answer flipped. Review this first."""
    from .pipeline import load_inputs
    from .render.scope_report import scope_json, scope_markdown, scope_table
    from .scope import scope_questions

    inputs = load_inputs(card, ruleset or (), as_of)
    assessment = inputs.assess()
    questions = scope_questions(inputs, assessment, impact)
    if format is ReportFormat.json:
        text = scope_json(assessment, questions, lang)
    elif format is ReportFormat.md:
        text = scope_markdown(assessment, questions, lang)
    else:
        color = output is None and sys.stdout.isatty()
        text = scope_table(assessment, questions, lang, color, max(terminal_width() if color else 160, 80),
                           show_all)
    emit(text.encode("utf-8"), output)


@app.command()
def validate(
    card: Annotated[Path, typer.Argument(help="The model card (YAML).")],
    allow_missing: Annotated[bool, typer.Option(
        "--allow-missing", help="Warn instead of failing when a listed evidence file does not exist.")] = False,
) -> None:
    """Check a card against the schema and its references; list every problem at once.

    A listed evidence file that does not exist fails validation (exit 2) unless --allow-missing.
    """
    from .card import load_card
    from .errors import Problem
    from .evidence import index_evidence
    from .rulesets import load_catalog

    catalog = load_catalog()
    loaded = load_card(card, catalog.vocabulary, catalog.requirements.keys(), profiles=catalog.practice_ids,
                       thresholds=catalog.thresholds)
    index = index_evidence(loaded)
    missing = tuple(Problem(str(card), entry.line, f"evidence/{position}/path",
                            f"'{entry.path}' does not exist (relative to {loaded.folder}; "
                            "add the file, fix the path, or pass --allow-missing)")
                    for position, entry in enumerate(loaded.evidence) if not index[entry.id].exists)
    if missing and not allow_missing:
        fail(ComplianceError(f"{len(missing)} listed evidence files missing", missing))
    from .model import open_questions
    from .pipeline import load_inputs
    from .report.locale import locale

    loc = locale("en")
    for record in index.records("9999-12-31"):
        if record.status in ("missing", "tampered", "unreadable"):
            from .report.escaping import visible

            stderr().print(visible(f"warning: evidence {record.id} ({record.path}): {record.status}"
                                 + (f" — {loc.message(f'unreadable.{record.detail.code}', record.detail.params)}"
                                    if record.detail else "")),
                         markup=False, style="yellow")
    unanswered = open_questions(load_inputs(card, (), None, catalog).assess().findings)
    for path, waiting in unanswered.items():
        stderr().print(f"warning: unanswered: {loc.word(path, 'question')} — {len(waiting)} requirement(s) wait on it",
                     markup=False, style="yellow")
    print(f"{card}: valid" + (f" ({len(unanswered)} scoping question(s) unanswered: `compliance scope "
                               f"{card}` lists what each decides)" if unanswered else ""))


class TodoFormat(StrEnum):
    text = "text"
    md = "md"


@app.command()
def todo(
    card: Annotated[Path, typer.Argument(help="The model card (YAML).")],
    ruleset: RulesetOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[TodoFormat, typer.Option("--format", "-f", help="text, or md for a ticket system.")]
    = TodoFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    lang: LangOpt = "en",
) -> None:
    """The evidence work plan: each missing or failing evidence item, grouped by kind, with the requirements
    it satisfies, the sections and fields it needs, severity and application date, most unlocking first."""
    from .pipeline import load_inputs
    from .render.work_plan import work_plan_markdown, work_plan_text
    from .work_plan import work_plan

    try:
        inputs = load_inputs(card, ruleset or (), as_of)
        plan = work_plan(inputs, inputs.assess().findings)
        titles = {k: v.title.get(lang) for k, v in inputs.catalog.vocabulary.kinds.items()}
        text = (work_plan_markdown if format is TodoFormat.md else work_plan_text)(plan, titles, lang)
        emit(text.encode("utf-8"), output)
    except ComplianceError as error:
        fail(error)


@app.command()
def explain(
    requirement: Annotated[str, typer.Argument(help="Requirement id (EU-AIA-9.1) or derived fact (eu.high_risk).")],
    card: Annotated[Path | None, typer.Argument(help="Optional card: also show its outcome and why.")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
) -> None:
    """A requirement or derived fact in full; with a card, its outcome and the fields and evidence that decided it."""
    from .pipeline import assess_card
    from .render.explain import explain_text
    from .rulesets import load_catalog

    catalog = load_catalog()
    found = catalog.requirements.get(requirement)
    fact = catalog.facts.get(requirement)
    if fact is not None:
        from .render.explain import explain_fact_text

        fact_assessment = assess_card(card, [fact.ruleset], as_of, catalog) if card is not None else None
        sys.stdout.write(explain_fact_text(fact, fact_assessment, lang, sys.stdout.isatty()))
        return
    if found is None:
        import difflib
        close = difflib.get_close_matches(requirement, [*catalog.requirements, *catalog.facts], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ComplianceError(f"unknown requirement {requirement!r}{hint}")
    ruleset = catalog.ruleset(found.ruleset)
    finding = None
    assessment = None
    if card is not None:
        assessment = assess_card(card, [found.ruleset], as_of, catalog)
        finding = next(f for f in assessment.findings if f.id == requirement)
    color = sys.stdout.isatty()
    sys.stdout.write(explain_text(found, ruleset, catalog, finding, assessment, lang, color))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the card.")] = Path("card.yaml"),
    from_: Annotated[Path | None, typer.Option("--from", help="Pre-fill from a model card (Hugging Face or "
                                               "ModelScope README.md, English or Chinese) or a CycloneDX 1.5-1.7 "
                                               "ML-BOM (JSON or XML).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ask nothing: keep imported and --set values; every "
                                      "other question stays unanswered (null), never guessed.")] = False,
    set_: Annotated[list[str] | None, typer.Option("--set", help="Answer a question: path=value, e.g. "
                                                   "deployment.markets=EU,CN (repeatable).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the questions.")] = "en",
) -> None:
    """Write a starter card from the scoping questions; every value says where it came from."""
    from .importers import import_description
    from .init_card import (
        Question,
        answer_questions,
        help_text,
        parse_answer,
        parse_sets,
        pending,
        prompt_text,
        render_card,
        show_default,
        unanswered,
        write_card,
    )
    from .pipeline import today
    from .report.locale import message
    from .rulesets import load_catalog

    def ask(question: Question, proposed: object, source: str) -> object:
        hint = help_text(question, lang) + (f" ({', '.join(question.choices)})" if question.choices else "")
        if source:
            hint += " — " + message("init.proposed_by", lang, {"source": source})
        stderr().print(hint, style="dim", highlight=False, markup=False)
        while True:
            shown = show_default(proposed)
            text = typer.prompt(prompt_text(question, lang), default=shown, show_default=bool(shown))
            try:
                return parse_answer(question, text, lang)
            except ComplianceError as error:
                stderr().print(f"{message('ui.error', lang)}: {error.message}", style="bold red", markup=False)

    if path.exists() and not force:
        raise ComplianceError(f"{path}: already exists; use --force to overwrite it")
    catalog = load_catalog()
    overrides = parse_sets(set_ or [])
    folder = path.resolve().parent
    imported = import_description(from_, folder, catalog.vocabulary, today()) if from_ else None
    values = answer_questions(imported, overrides, None if yes else ask)
    text = render_card(values, imported)
    write_card(path, text, catalog.vocabulary, force)
    unconfirmed = pending(values)
    stderr().print(message("init.wrote_pending" if unconfirmed else "init.wrote", lang,
                         {"path": str(path), "count": str(unconfirmed), "unanswered": str(unanswered(values))}),
                 highlight=False, markup=False)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier assessment (compliance check --format json).")],
    new: Annotated[Path, typer.Argument(help="The later assessment.")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, md or json.")] = ReportFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    lang: LangOpt = "en",
) -> None:
    """What regressed, what improved, new and removed requirements, changed rulesets. Exit 1 on a regression."""
    from .diff import diff_files
    from .render.diff_report import diff_json, diff_markdown, diff_table

    result = diff_files(old, new)
    color = output is None and sys.stdout.isatty() and format is ReportFormat.table
    if format is ReportFormat.table:
        text = diff_table(result, lang, color, max(terminal_width() if color else 160, 100))
    else:
        text = diff_markdown(result, lang) if format is ReportFormat.md else diff_json(result)
    emit(text.encode("utf-8"), output)
    raise typer.Exit(1 if result.has_regressions else 0)


@evidence_app.command("scaffold")
def evidence_scaffold(
    kind: Annotated[str, typer.Argument(help="Evidence kind (`compliance rulesets kinds`).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the template here (.md or .docx); "
                                                "without it the Markdown goes to stdout.")] = None,
    lang: LangOpt = "en",
    date: Annotated[str | None, typer.Option("--date", help="Date for the card entry (default: today).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """A template of one evidence kind: the headings its checks look for, a one-line prompt under each, and
    the card entry to add. Prompts are placeholders, so an unfilled template is a gap, never met."""
    from .evidence_kinds import kind_uses, measures_of, template_for
    from .pipeline import parse_as_of
    from .rulesets import load_catalog
    from .scaffold import card_entry, docx_template, markdown_template

    try:
        catalog = load_catalog()
        template = template_for(catalog, kind, lang)
        day = parse_as_of(date)
        suffix = output.suffix.lower() if output is not None else ".md"
        if suffix not in (".md", ".docx"):
            raise ComplianceError(f"--output: {output} must end in .md or .docx")
        content = docx_template(template) if suffix == ".docx" else markdown_template(template).encode("utf-8")
        if output is not None and output.exists() and not force:
            raise ComplianceError(f"{output} exists; pass --force to overwrite it")
    except ComplianceError as error:
        fail(error)
    entry = card_entry(kind, output.as_posix() if output is not None else f"evidence/{kind}.md", day,
                       measures_of(kind_uses(catalog)[kind]), lang)
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
        stderr().print(entry, markup=False, end="")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
    except OSError as exc:
        fail(ComplianceError(f"{output}: {exc.strerror or exc}"))
    stderr().print(f"{output}: {len(template.sections)} section(s) to write", markup=False)
    sys.stdout.write(entry)


@evidence_app.command("import")
def evidence_import(
    file: Annotated[Path, typer.Argument(help="lm-evaluation-harness results JSON, Hugging Face model-index "
                                              "(README.md, YAML, JSON), garak report JSONL, inspect-ai log "
                                              "(.eval, .json) or CSV of metric rows.")],
    card: Annotated[Path | None, typer.Option("--card", "-c", help="Add (or update) the entry in this card; "
                                              "without it the entry is printed.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Evidence kind (default by format; "
                                             "`compliance rulesets kinds`).")] = None,
    evidence_id: Annotated[str | None, typer.Option("--id", help="Evidence id (default: format and date, or the "
                                                    "id of the entry with the same path).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When the evaluation ran (YYYY-MM-DD), if the file "
                                             "does not say or says it wrongly.")] = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="lm-eval, hf-model-index, garak, inspect "
                                               "or csv (default: recognised from the content).")] = None,
) -> None:
    """Read an evaluation output into a card's evidence: metrics by dataset, SHA-256, date, tool and version."""
    from .evaluation_import import ImportRequest, import_evaluation
    from .rulesets import load_catalog

    catalog = load_catalog()
    outcome = import_evaluation(ImportRequest(file, card, kind, evidence_id, date, format), catalog)
    for note in outcome.notes:
        stderr().print(f"note: {note}", markup=False, style="yellow")
    if outcome.action == "preview":
        sys.stdout.write(outcome.text)
        return
    stderr().print(f"{card}: {outcome.action} evidence {outcome.entry['id']} ({outcome.entry['kind']}, "
                 f"{len(outcome.entry['metrics'])} metric(s) from {outcome.evaluation.tool})", markup=False)


@rulesets_app.command("list")
def rulesets_list() -> None:
    """The installed rulesets with versions, dates and hashes."""
    from rich.table import Table

    from .rulesets import load_catalog

    catalog = load_catalog()
    table = Table()
    for column in ("id", "kind", "title", "version", "consolidated as of", "requirements", "facts", "sha256"):
        table.add_column(column)
    for r in catalog.rulesets:
        table.add_row(r.id, r.kind, r.title.en, r.version, r.consolidated_as_of, str(len(r.requirements)),
                      str(len(r.facts)), r.sha256[:16])
    from rich.console import Console

    Console(highlight=False, width=max(terminal_width(), 150)).print(table)


@rulesets_app.command("show")
def rulesets_show(ruleset_id: Annotated[str, typer.Argument(help="Ruleset id.")],
                  lang: LangOpt = "en") -> None:
    """One ruleset: instrument, amendments, roles, facts and requirements."""
    from .render.ruleset_docs import ruleset_overview
    from .rulesets import load_catalog

    ruleset = load_catalog().ruleset(ruleset_id)
    sys.stdout.write(ruleset_overview(ruleset, lang))


@rulesets_app.command("docs")
def rulesets_docs(ruleset_id: Annotated[str, typer.Argument(help="Ruleset id.")],
                  lang: LangOpt = "en",
                  output: Annotated[Path | None, typer.Option("--output", "-o")] = None) -> None:
    """A Markdown reference of every requirement of a ruleset, generated from the rules."""
    from .render.ruleset_docs import ruleset_reference
    from .rulesets import load_catalog

    catalog = load_catalog()
    emit(ruleset_reference(catalog.ruleset(ruleset_id), catalog, lang).encode("utf-8"), output)


@rulesets_app.command("oscal")
def rulesets_oscal(ruleset_id: Annotated[str, typer.Argument(help="Ruleset id.")],
                   lang: LangOpt = "en",
                   output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of "
                                                               "stdout (assessment results expect "
                                                               "ID.oscal-catalog.json beside them).")] = None) -> None:
    """An OSCAL 1.1 catalog of a ruleset: requirements as controls with citations, dates and dimensions."""
    from .oscal_catalog import render_catalog
    from .rulesets import load_catalog

    catalog = load_catalog()
    owners = {q.id: q.ruleset for r in catalog.rulesets for q in r.requirements}
    emit(render_catalog(catalog.ruleset(ruleset_id), lang, owners), output)


@rulesets_app.command("kinds")
def rulesets_kinds(
    kind: Annotated[str | None, typer.Argument(help="One kind (default: all).")] = None,
    lang: LangOpt = "en",
) -> None:
    """Evidence kinds: the requirements that use each and the sections they ask for; then the measures."""
    from .evidence_kinds import known_kind
    from .render.kinds import kinds_text
    from .rulesets import load_catalog

    try:
        catalog = load_catalog()
        if kind is not None:
            known_kind(catalog, kind)
    except ComplianceError as error:
        fail(error)
    sys.stdout.write(kinds_text(catalog, lang, kind))


@rulesets_app.command("cases")
def rulesets_cases(
    requirement_id: Annotated[str, typer.Argument(help="Requirement id, e.g. EU-AIA-24.1.")],
    run: Annotated[bool, typer.Option("--run", help="Evaluate them: expected vs actual, with the reasons.")] = False,
    lang: LangOpt = "en",
) -> None:
    """One requirement's cases across its ruleset's case files; exit 1 when --run finds one not as expected."""
    from .requirement_cases import cases_text, expectations, find_requirement
    from .requirement_cases import run as run_cases
    from .rulesets import load_catalog

    catalog = load_catalog()
    requirement = find_requirement(catalog, requirement_id)
    found = expectations(requirement, catalog)
    outcomes = run_cases(found, requirement, catalog) if run else None
    sys.stdout.write(cases_text(requirement, found, outcomes, catalog.ruleset(requirement.ruleset), lang))
    if outcomes is not None and not all(o.as_expected for o in outcomes):
        raise typer.Exit(1)


@rulesets_app.command("lint")
def rulesets_lint() -> None:
    """Referential integrity, ids, dates, bilingual text and case coverage of every ruleset."""
    from .lint import lint_rulesets

    catalog, problems = lint_rulesets()
    for problem in problems:
        print(problem)
    if problems or catalog is None:
        errors = sum(p.severity == "error" for p in problems)
        stderr().print(f"{len(problems)} problem(s) in the rulesets"
                     + (f", {errors} of which make them unusable" if errors else ""), style="bold red")
        raise typer.Exit(2 if errors or catalog is None else 1)
    total = sum(len(r.requirements) for r in catalog.rulesets)
    print(f"lint clean: {len(catalog.rulesets)} ruleset(s), {total} requirements")


@rulesets_app.command("lock")
def rulesets_lock() -> None:
    """Record each ruleset's content hash under its version (after bumping `version`)."""
    from .lint import lock_versions

    changed = lock_versions()
    print("\n".join(f"recorded {c}" for c in changed) or "every version already recorded")


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument(help="card, ruleset or assessment.")]) -> None:
    """Print a JSON Schema the tool validates with."""
    from .resources import schema as shipped

    if name is SchemaName.card:
        from .card import card_schema
        from .rulesets import load_catalog
        document = card_schema(load_catalog().vocabulary)
    else:
        document = shipped(name.value)
    print(json.dumps(document, indent=2, ensure_ascii=False))


class DossierTarget(StrEnum):
    gap_analysis = "gap-analysis"
    eu_annex_iv = "eu-annex-iv"
    eu_fria = "eu-fria"
    cn_genai_filing = "cn-genai-filing"
    gdpr_dpia = "gdpr-dpia"
    pipl_pipia = "pipl-pipia"


class DossierFormat(StrEnum):
    pdf = "pdf"
    html = "html"


def _verify_dossier(pdf: Path, trust: tuple[Path, ...]) -> NoReturn:
    from .dossier.verify import verify_pdf
    from .report.escaping import visible  # names and hashes come from the PDF, whoever made it

    result = verify_pdf(pdf, trust)
    for name in result.checked:
        print(visible(f"ok        {name}"))
    for signature in result.signatures:
        if not signature.problems:
            print(visible(f"ok        signature {signature.field}: intact, valid for the embedded certificate of "
                          f"{signature.signer}, covers the entire file"
                          + ("" if signature.trusted is None else ", chains to the given trust root")))
    for problem in result.problems:
        print(visible(f"MISMATCH  {problem}"))
    manifest = result.manifest
    card: dict[str, Any] = manifest["card"] if isinstance(manifest.get("card"), dict) else {}
    tool: dict[str, Any] = manifest["tool"] if isinstance(manifest.get("tool"), dict) else {}
    summary = (f"{pdf}: {len(result.checked)} embedded file(s) match the manifest (card "
               f"{str(card.get('sha256', ''))[:12]}, as of {manifest.get('as_of')}, compliance {tool.get('version')})")
    print(visible(f"consistency: {result.proves}" if result.ok else "consistency: NOT established"))
    print(visible(f"authenticity: {result.authenticity}"))
    if result.ok:
        print(visible(summary))
        raise typer.Exit(0)
    stderr().print(visible(f"{pdf}: {len(result.problems)} mismatch(es) with the embedded manifest"), style="bold red",
                 markup=False)
    raise typer.Exit(1)


_TargetOpt = Annotated[DossierTarget | None, typer.Option("--target", "-t", help="Which dossier to make.")]
_DossierLangOpt = Annotated[Lang | None, typer.Option("--lang", help="Language (default en; zh for Chinese targets).")]
_GroupByOpt = Annotated[GroupBy, typer.Option("--group-by", help="Group findings by regulation or dimension.")]
_DossierFormatOpt = Annotated[DossierFormat, typer.Option("--format", "-f",
                                                          help="pdf, or html (the HTML the PDF is made from).")]
_VerifyOpt = Annotated[Path | None, typer.Option(
    "--verify", help="Re-check a dossier's consistency: every embedded file against its manifest, nothing unlisted, "
                     "no active content (not who made it: that needs a signature). Exit 0 ok, 1 mismatch, "
                     "2 bad input.")]
_SignOpt = Annotated[Path | None, typer.Option(
    "--sign", help="Sign the PDF (PAdES, needs the 'sign' extra) with this private key (PEM or DER, unencrypted).")]
_CertOpt = Annotated[Path | None, typer.Option("--cert", help="The signer's certificate for --sign (PEM or DER).")]
_TrustOpt = Annotated[list[Path] | None, typer.Option(
    "--trust", help="With --verify: a trust-root certificate the signer's certificate must chain to (repeatable); "
                    "without it a signature proves integrity against its own embedded certificate, not who signed.")]


@app.command()
def dossier(
    card: Annotated[Path | None, typer.Argument(help="The model card (YAML).")] = None,
    target: _TargetOpt = None,
    lang: _DossierLangOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The PDF (or HTML) file to write.")] = None,
    as_of: AsOfOpt = None,
    ruleset: RulesetOpt = None,
    group_by: _GroupByOpt = "regulation",
    format: _DossierFormatOpt = DossierFormat.pdf,
    verify: _VerifyOpt = None,
    sign: _SignOpt = None,
    cert: _CertOpt = None,
    trust: _TrustOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Make the document even where the card's facts say it is "
                                                        "not required (the cover then says so).")] = False,
) -> None:
    """A PDF/A-3b dossier (gap analysis, Annex IV, FRIA, China filing, DPIA, PIPIA) with its cited evidence embedded."""
    if verify is not None:
        _verify_dossier(verify, tuple(trust or ()))
    if trust:
        raise ComplianceError("--trust goes with --verify")
    if (sign is None) != (cert is None):
        raise ComplianceError("--sign KEY.pem and --cert CERT.pem go together")
    if sign is not None and format is DossierFormat.html:
        raise ComplianceError("--sign signs a PDF; it does not go with --format html")
    from .dossier.inputs import gather
    from .dossier.outline import load_outline
    from .dossier.render import dossier_html, dossier_pdf, standalone_html
    from .rulesets import load_catalog

    if card is None or target is None:
        raise ComplianceError("give a CARD and --target (or --verify PDF)")
    if output is None and format is DossierFormat.pdf:
        raise ComplianceError("give the PDF file to write with -o/--output")
    outline = load_outline(target.value)
    language = lang or outline.default_lang
    catalog = load_catalog()
    inputs = gather(card, ruleset or (), as_of, catalog, outline.rulesets)
    if not force:
        _refuse_unless_required(outline, inputs.assessment)
    titles = {k.id: k.title.get(language) for k in catalog.vocabulary.kinds.values()}
    if format is DossierFormat.html:
        rendered = dossier_html(inputs, target.value, language, group_by, titles)
        emit(standalone_html(rendered).encode("utf-8"), output)
        return
    with stderr().status(f"rendering {target.value} ({language})", spinner="dots") if stderr().is_terminal \
            else _no_status():
        rendered = dossier_pdf(inputs, target.value, language, group_by, titles)
    assert rendered.pdf is not None
    data = rendered.pdf
    if sign is not None and cert is not None:
        from .dossier.signature import sign as sign_pdf

        data = sign_pdf(data, sign, cert)
    emit(data, output)
    stderr().print(f"{output}: {target.value} ({language}), {rendered.pages} page(s), "
                 f"{len(rendered.manifest.files) + 1} embedded file(s), "
                 f"{rendered.dossier.placeholder_count} placeholder(s) to complete"
                 + (f", signed with {cert}" if cert is not None else ""), markup=False)
    if rendered.missing_glyphs:
        from .dossier.glyphs import describe

        stderr().print(f"warning: the dossier's fonts have no glyph for {len(rendered.missing_glyphs)} character(s), "
                     f"shown as empty boxes unless a system font has them: {describe(rendered.missing_glyphs)}",
                     markup=False, style="yellow")


def _refuse_unless_required(outline: "Outline", assessment: "Assessment") -> None:
    """One line and exit 2 when the card's facts say the target's document is not required."""
    from .dossier.applicability import NOT_REQUIRED, applicability
    from .report.locale import locale
    from .report.text import reason_text

    verdict = applicability(outline, assessment)
    if verdict.state != NOT_REQUIRED:
        return
    fact = verdict.facts[0]
    why = "; ".join(reason_text(r, "en") for r in fact.reasons)
    raise ComplianceError(f"{outline.target} is not required for this system: {locale('en').text(fact.title)} "
                          f"does not hold ({why}); --force makes it anyway, stamped 'not required'")


class _no_status:
    """Stands in for a rich status spinner when stderr is not a terminal (nothing is printed)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app that runs these arguments. Typer turns every registered command into a click command on each run
    (about 14 ms, as long as Python's own start; issue 19), and `compliance CMD ...` needs one: when the arguments
    name a top-level command (after any options of the top-level callback), that is an app with `app`'s settings
    and callback and CMD alone, so usage lines, help and errors read as they do from `app`. Everything else (no
    command, the top-level --help, a group such as `rulesets`, an unknown name, shell completion) runs `app`."""
    if completing():
        return app
    one = typer.Typer(**APP_SETTINGS)
    one.registered_callback = app.registered_callback
    wanted = args[0] if args and not args[0].startswith("-") else command_name(
        args, typer.main.get_command(one).params)  # the callback's options, only when one may come first
    chosen = [info for info in app.registered_commands
              if info.callback is not None
              and (info.name or typer.main.get_command_name(info.callback.__name__)) == wanted]
    if wanted is None or len(chosen) != 1 or any(group.name == wanted for group in app.registered_groups):
        return app
    one.registered_commands = chosen
    return one


def command_name(args: Sequence[str], params: Sequence[click.Parameter]) -> str | None:
    """The command a group with these parameters is asked to run: the first argument after the group's own
    options (a flag is one argument; an option with a value also takes the next one, unless written --opt=VALUE
    or -oVALUE). None when anything else comes first (--help, an unknown option, `--`) or nothing does."""
    flags: set[str] = set()
    valued: dict[str, int] = {}
    for param in params:
        if isinstance(param, typer.core.TyperOption):
            for opt in (*param.opts, *param.secondary_opts):
                if param.is_flag or param.count:
                    flags.add(opt)
                else:
                    valued[opt] = param.nargs
    at = 0
    while at < len(args):
        token = args[at]
        attached = token.partition("=")[0] if token.startswith("--") else token[:2]
        if not token.startswith("-") or token == "-":
            return token
        if token in flags:
            at += 1
        elif valued.get(token, 0) >= 1:
            at += 1 + valued[token]
        elif attached != token and valued.get(attached) == 1:
            at += 1
        else:
            return None
    return None
