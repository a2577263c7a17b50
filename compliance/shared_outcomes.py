"""Outcomes and derived facts a batch met on its earlier cards, shared by the cards that give them the same inputs.

A predicate's outcome is a function of what it reads: a card path's value (and the line it is written on), a derived
fact's value, or its operands' outcomes. Cards of one portfolio answer most questions alike (300 generated cards ran
67,737 path comparisons on 340 distinct values and lines), so a batch keeps each outcome, and each fact value, under
its inputs, and a card that gives the same inputs takes the kept object instead of making an equal one.

Keys are exact (`strict_json.exact_key`): a value is keyed by itself when it is a `str`, else by its marshal form
(format 2, which tells True from 1 and 1.0, 0.0 from -0.0, a list from a tuple, and refuses a subclass: such a value
is not shared), with its line; a list or claim by every path it reads, with their values and lines (and whether the
claim is supported); an outcome made from others, or a fact value made from outcomes, by the ids of those, which are
kept objects (so their ids are theirs while the memo holds them). Anything made from an object that is not kept (a
`some`/`every` group, a sum fact) is not shared. Kept objects are never changed (`Outcome`, `Condition`, `FactValue`
and their details are made once and only read).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

REST = 15  # cards assessed without the memo after one whose outcomes were over a quarter new
LEARN = 16  # cards that use the memo whatever they find, when it is new or emptied (the first cards find little)


class SharedOutcomes:
    """What a batch keeps across cards: each object by its key (`outcomes`), and each kept object by its id (`kept`:
    what keys of objects made from it hold). At most about `limit` objects are kept (20,000: ~10 MB; 300 generated
    cards keep ~2,600): a memo over it is emptied before the next card (`for_card`), never during one. The engine
    reads both mappings directly (a method call for each lookup was ~10 % of a batch card).

    Looking up costs when little is found (each of 200 cards of /tmp/pf1000 with a memo of its own: 3.9 -> 4.9 ms; the
    same cards each written a line lower than the one before, 40 % of lookups found: 3.8 -> 4.7 ms; /tmp/pf1000
    through one memo, every lookup found after the first four cards: 3.9 -> 3.3 ms), so once the memo has learnt from
    `LEARN` cards, after a card whose outcomes were over a quarter new (`card_done`), the next `rest` cards are
    assessed without it; then one tries again."""

    __slots__ = ("_learning", "_new", "_resting", "_start", "kept", "limit", "outcomes", "rest")

    def __init__(self, limit: int = 20_000, rest: int = REST) -> None:
        self.outcomes: dict[Hashable, Any] = {}
        self.kept: dict[int, Any] = {}
        self.limit, self.rest = limit, rest
        self._start = self._new = self._resting = 0
        self._learning = LEARN

    def for_card(self) -> SharedOutcomes | None:
        """This memo for the next card, or None to assess it without (see the class)."""
        if len(self.outcomes) >= self.limit:
            self.outcomes.clear()
            self.kept.clear()
            self._learning = LEARN
        new, self._new = self._new, False
        self._start = len(self.outcomes)
        if self._learning:
            self._learning -= 1
            return self
        if self._resting:
            self._resting -= 1
            return None
        if self.rest and new:
            self._resting = self.rest - 1
            return None
        return self

    def card_done(self, outcomes: int) -> None:
        """A card that used the memo is assessed, with `outcomes` outcomes: were over a quarter of them new?"""
        self._new = (len(self.outcomes) - self._start) * 4 > outcomes

    def keep(self, key: Hashable, made: Any) -> Any:
        self.outcomes[key] = made
        self.kept[id(made)] = made
        return made

    def anchor(self, source: Any) -> int:
        """The id of an object keys name outcomes by (a catalog's fact), kept with them so it is never another's."""
        self.kept[id(source)] = source
        return id(source)

    def token(self, made: Any) -> int | None:
        """The id of a kept object (what keys of objects made from it hold), None for one not kept."""
        return id(made) if self.kept.get(id(made)) is made else None

    def __len__(self) -> int:
        return len(self.outcomes)
