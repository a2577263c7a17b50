"""A portfolio of assessments: one row per system with counts and score per regulation, or JSON lines."""

from __future__ import annotations

from collections.abc import Sequence

from .. import strict_json
from ..model import Status
from ..portfolio import CardOutcome, CardSummary
from ..report.document import document_parts
from ..report.escaping import markdown, markdown_code, visible
from ..report.locale import message
from .grid import Cell, grid, paint, text_width
from .json_report import canonical_pieces

SHOWN_COUNTS = (Status.GAP, Status.ERROR, Status.MANUAL)


def json_line(outcome: CardOutcome, memo: strict_json.CompactMemo | None = None) -> bytes:
    """One card as one line of JSON in UTF-8, `card` and `exit_code` first, then its canonical assessment document
    (sorted keys; findings and facts through `memo`, see `canonical_pieces`) or its `error` and `problems`.

    Each piece is encoded by itself: joined first, the whole line would be as wide as its widest character (the
    rulesets' Chinese titles make it two bytes a character) and encoded from that."""
    dump = strict_json.compact  # documents are trees built just now
    head = f'{{"card":{dump(outcome.path)},"exit_code":{outcome.exit_code}'
    if outcome.assessment is None:
        return f'{head},"error":{dump(outcome.error)},"problems":{dump(list(outcome.problems))}}}\n'.encode()
    pieces = canonical_pieces(document_parts(outcome.assessment), memo=memo)
    return b"".join([f'{head},"assessment":'.encode(), *(piece.encode() for piece in pieces), b"}\n"])


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


MIN_COLUMN = 6


def _fitted(natural: list[int], width: int | None) -> list[int]:
    """Column widths: each as wide as its widest cell. On a terminal narrower than that, the widest columns
    give way (their cells wrap, a path folds) until the table fits, none below MIN_COLUMN."""
    widths = list(natural)
    if width is None:
        return widths
    room = width - 3 * len(widths) - 1  # a bar and a space either side of each cell
    while sum(widths) > room:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def portfolio_table(outcomes: Sequence[CardSummary], lang: str, color: bool, width: int | None) -> str:
    """One row per card, drawn directly (rich's Table measured every cell: ~0.8 ms a card). `width` None
    (written to a file or pipe): every row on one line, however wide."""
    rulesets = _rulesets(outcomes)
    headers = [message("ui.card", lang), message("ui.system", lang), *(f"{r} {v}" for r, v in rulesets),
               message("portfolio.result", lang)]
    rows = []
    for outcome in outcomes:
        style = {0: "green", 1: "bold red"}.get(outcome.exit_code, "bold magenta")
        rows.append([Cell(outcome.path), Cell(outcome.system), *(Cell(_cell(outcome, r, lang)) for r, _ in rulesets),
                     Cell(_result(outcome, lang), style)])
    natural = [max([text_width(h), *(text_width(visible(row[i].text)) for row in rows)])
               for i, h in enumerate(headers)]
    lines = [paint(message("portfolio.title", lang), "bold", color),
             *grid(headers, rows, _fitted(natural, width), color),
             paint(portfolio_summary(outcomes, lang), "bold", color)]
    return "\n".join(lines) + "\n"


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
