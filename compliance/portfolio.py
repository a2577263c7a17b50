"""Check every card under a folder with one catalog: one outcome per card, a bad card never stops the rest."""

from __future__ import annotations

import fnmatch
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from .errors import ComplianceError
from .model import Assessment, Status, score_from
from .pipeline import assess_card, exit_code, parse_as_of
from .rulesets import Catalog
from .shared_outcomes import SharedOutcomes

CARD_NAMES = ("card.yaml", "*.card.yaml")
INTERNAL_ERROR = 70  # EX_SOFTWARE, as the CLI exits on a bug


def find_cards(folder: Path) -> tuple[Path, ...]:
    """Every `card.yaml` and `*.card.yaml` under `folder`, in path order (hidden folders skipped).

    Anything so named that is not a folder is a card: a FIFO, a device or a symlink loop is reported in
    its row (reading refuses it by name), never silently left out of the portfolio. Symlinked folders
    are not entered (no cycles).
    """
    found: list[Path] = []
    for where, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found.extend(Path(where) / n for n in names if any(fnmatch.fnmatchcase(n, p) for p in CARD_NAMES))
    return tuple(sorted(found, key=lambda p: p.relative_to(folder).as_posix()))


@dataclass(frozen=True)
class CardOutcome:
    """One card of a portfolio: its assessment, or the one-line reason it could not be assessed."""

    path: str  # relative to the portfolio folder, POSIX
    exit_code: int
    assessment: Assessment | None = None
    error: str = ""
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class RulesetScore:
    ruleset: str
    version: str
    score: float | None
    counts: Mapping[Status, int]


@dataclass(frozen=True)
class CardSummary:
    """What a portfolio table shows of one card. Small on purpose: a batch of a thousand cards keeps
    these, not the assessments (holding those makes every garbage-collector pass slower)."""

    path: str
    exit_code: int
    system: str = ""
    error: str = ""
    scores: tuple[RulesetScore, ...] = ()


_RULESET_AND_STATUS = attrgetter("requirement.ruleset", "status")


def summarise(outcome: CardOutcome) -> CardSummary:
    """Each ruleset's score and counts (`score_from`, `counts_of`), the findings counted in one pass in C: a pass over
    the findings per ruleset, and a second for the score, were ~4 % of a batch card's assessment."""
    a = outcome.assessment
    if a is None:
        return CardSummary(outcome.path, outcome.exit_code, error=outcome.error)
    tally = Counter(map(_RULESET_AND_STATUS, a.findings))
    scores = []
    for info in a.rulesets:
        counts = {status: tally[info.id, status] for status in Status}  # in `counts_of`'s order; 0 when none
        scores.append(RulesetScore(info.id, info.version, score_from(counts), counts))
    return CardSummary(outcome.path, outcome.exit_code, a.system_name, scores=tuple(scores))


def _error_line(error: ComplianceError, source: str, shown: str) -> str:
    """The first problem on one line, named by the card's path within the portfolio."""
    first = str(error.problems[0]) if error.problems else error.message
    more = len(error.problems) - 1
    return first.replace(source, shown, 1) + (f" (+{more} more)" if more > 0 else "")


BATCH_OUTCOMES = SharedOutcomes()  # the outcomes of a process's earlier cards, for the cards after (`assess_one`)


def assess_one(path: Path, folder: Path, catalog: Catalog, ruleset_ids: Sequence[str], as_of: str,
               fail_on: str, shared: SharedOutcomes | None = BATCH_OUTCOMES) -> CardOutcome:
    """One card of a portfolio; bad input becomes an outcome with exit code 2 and its one-line error. Its predicates'
    outcomes and fact values equal to those of an earlier card are that card's objects (`shared_outcomes`)."""
    shown = path.relative_to(folder).as_posix()
    try:
        assessment = assess_card(path, ruleset_ids, as_of, catalog, shared=shared)
    except ComplianceError as error:
        return CardOutcome(shown, 2, error=_error_line(error, str(path), shown),
                           problems=tuple(str(p) for p in error.problems))
    except Exception as error:  # a bug met by one card: its row says so (exit 70), the other cards still run
        line = f"{shown}: internal error: {type(error).__name__}: {str(error)[:200]} — please report it"
        return CardOutcome(shown, INTERNAL_ERROR, error=line, problems=(line,))
    return CardOutcome(shown, exit_code(assessment, fail_on), assessment)


def assess_portfolio(folder: Path, catalog: Catalog, ruleset_ids: Sequence[str] = (), as_of: str | None = None,
                     fail_on: str = "high", cards: Sequence[Path] | None = None,
                     on_card: Callable[[str], None] | None = None) -> Iterator[CardOutcome]:
    """Assess each card in turn (catalog loaded once by the caller); errors become outcomes with exit 2."""
    when = parse_as_of(as_of)
    catalog.select(ruleset_ids)  # an unknown ruleset id is a usage error for the whole batch
    for path in cards if cards is not None else find_cards(folder):
        if on_card is not None:
            on_card(path.relative_to(folder).as_posix())
        yield assess_one(path, folder, catalog, ruleset_ids, when, fail_on)
