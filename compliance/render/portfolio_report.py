"""A portfolio of assessments: one row per system with counts and score per regulation, or JSON lines."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import strict_json
from ..model import Status
from ..portfolio import CardOutcome, CardSummary
from ..report.document import assessment_document
from ..report.escaping import markdown, markdown_code, visible
from ..report.locale import message

SHOWN_COUNTS = (Status.GAP, Status.ERROR, Status.MANUAL)


def json_line(outcome: CardOutcome) -> str:
    """One card as one line of JSON, `card` and `exit_code` first, then its canonical assessment document
    (sorted keys) or its `error` and `problems`."""
    def dump(value: object) -> str:  # documents are trees: skipping the cycle check saves ~20%
        return strict_json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)

    head = f'{{"card":{dump(outcome.path)},"exit_code":{outcome.exit_code}'
    if outcome.assessment is None:
        return f'{head},"error":{dump(outcome.error)},"problems":{dump(list(outcome.problems))}}}\n'
    return f'{head},"assessment":{dump(assessment_document(outcome.assessment))}}}\n'


def _rulesets(cards: Sequence[CardSummary]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for card in cards:
        for score in card.scores:
            seen.setdefault(score.ruleset, score.version)
    return sorted(seen.items())


def _cell(card: CardSummary, ruleset: str, lang: str) -> str:
    score = next((s for s in card.scores if s.ruleset == ruleset), None)
    if score is None:
        return ""
    parts = ["—" if score.score is None else f"{score.score:.0%}"]
    parts += [f"{score.counts[s]} {message(f'status_short.{s.value}', lang)}" for s in SHOWN_COUNTS
              if score.counts[s]]
    return " · ".join(parts)


def _result(card: CardSummary, lang: str) -> str:
    if card.error:
        return f"{message('portfolio.error', lang)}: {card.error}"
    return message("portfolio.fails" if card.exit_code else "portfolio.passes", lang)


def portfolio_summary(outcomes: Sequence[CardSummary], lang: str) -> str:
    return message("portfolio.summary", lang, {
        "cards": str(len(outcomes)), "passing": str(sum(o.exit_code == 0 for o in outcomes)),
        "failing": str(sum(o.exit_code == 1 for o in outcomes)),
        "errors": str(sum(o.exit_code >= 2 for o in outcomes))})


def portfolio_table(outcomes: Sequence[CardSummary], lang: str, color: bool, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=width, highlight=False)
    rulesets = _rulesets(outcomes)
    table = Table(title=message("portfolio.title", lang), title_justify="left", title_style="bold", pad_edge=False)
    table.add_column(message("ui.card", lang), overflow="fold")
    table.add_column(message("ui.system", lang))
    for ruleset, version in rulesets:
        table.add_column(f"{ruleset} {version}", no_wrap=True)
    table.add_column(message("portfolio.result", lang), overflow="fold", ratio=2)
    for outcome in outcomes:
        style = {0: "green", 1: "bold red"}.get(outcome.exit_code, "bold magenta")
        table.add_row(Text(visible(outcome.path)), Text(visible(outcome.system)),
                      *(_cell(outcome, r, lang) for r, _ in rulesets),
                      Text(visible(_result(outcome, lang)), style=style))
    console.print(table)
    console.print(portfolio_summary(outcomes, lang), style="bold", markup=False)
    return out.getvalue()


def portfolio_markdown(outcomes: Sequence[CardSummary], lang: str) -> str:
    rulesets = _rulesets(outcomes)
    header = [message("ui.card", lang), message("ui.system", lang), *(f"{r} {v}" for r, v in rulesets),
              message("portfolio.result", lang)]
    lines = [f"# {message('portfolio.title', lang)}", "", f"**{portfolio_summary(outcomes, lang)}**", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for outcome in outcomes:
        cells = [f"`{markdown_code(outcome.path)}`", markdown(outcome.system),
                 *(markdown(_cell(outcome, r, lang)) for r, _ in rulesets), markdown(_result(outcome, lang))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
