"""A catalog from its cached form (`rulesets._cache_entry` writes it; `catalog_cache` seals and authenticates it).

The entry is decoded only after its seal authenticates (`catalog_cache.read_sealed`), and built here with the
fields assessing reads: each requirement's check, and what only describing it reads (an entry of its own),
are built when first read, and each text when first read. Anything that does not build is a miss, or a part
taken from the rulesets read afresh: never an error.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial
from typing import Any

from . import catalog_cache
from .catalog import Catalog
from .check_rows import check_from_row
from .digests import key_digest, same
from .model import (
    EMPTY,
    Effective,
    Fact,
    FactCase,
    FactSum,
    Kind,
    Measure,
    Requirement,
    Ruleset,
    Text,
    Vocabulary,
)
from .ruleset_model import Texts, described_field, effective_of, ruleset_of

CACHE_KIND = "catalog"
DESCRIBED_KIND = "described"  # what only describing a requirement reads, under a digest (BLAKE2b) of its content
CACHE_SUFFIX = ".marshal"
# A requirement as the entry stores it (`rulesets._stored_requirement`): a tuple of what assessing reads, the number
# of its check among the entry's checks (`Parts`; marshalled as `check_rows.check_row`), the number of what only
# describing it reads, and what a table shows of it beside its status (its title and citation as numbers in the
# entry's table of texts, and whether it is an interpretation), in this order. A tuple decodes in half the time of a
# mapping with these keys, and unpacks without looking each one up.
REQUIREMENT_ROW = ("id", "applies_to", "applies_when", "effective", "severity", "check", "described", "title",
                   "citation", "interpretation")
# The fields `_Stored._make` takes from the row, by their place in it: a table reads these three of the sixty or so
# requirements it lists and nothing else of them (a Markdown report of all 383). Read from their descriptions, each
# requirement's was a part read, authenticated (BLAKE2b) and decoded whole with its own table of texts: 4.5 M
# instructions of a table's 417 M.
_SHOWN = {name: REQUIREMENT_ROW.index(name) for name in ("title", "citation", "interpretation")}
_CHECK, _DESCRIBED = REQUIREMENT_ROW.index("check"), REQUIREMENT_ROW.index("described")
# A fact as the entry stores it (`rulesets._fact_row`): a tuple of its fields in `Fact`'s order (texts as numbers, its
# cases as tuples of `FactCase`'s fields, its sum of `FactSum`'s), built with positional calls: from its mapping, each
# of the 138 facts looked up ten keys and defaults on every run.
FACT_ROW = ("id", "title", "citation", "when", "cases", "sum", "default", "values", "interpretation", "note")
_END_BYTES = 4  # where a part ends in the catalog's entry (`Parts`): a C unsigned int, in this machine's byte order
PART_BYTES = 40  # a description's offset and length (4 bytes each, big-endian) and BLAKE2b (32) in the catalog's entry
# What an authenticated entry of the wrong shape makes the builders raise (marshal: EOFError for a value cut
# short): a miss, or a part read afresh, never a crash.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError, EOFError)


class TextTable(Texts):
    """A cached load: each text is its number in a table of texts (every distinct text once, as the items of its
    Text, marshalled apart: the catalog's `Parts`, or a description's list), made a Text when a builder first asks
    for it and decoded when that Text is first read. A `check` reads few of them; decoding and building all of
    them was most of a cached load."""

    def __init__(self, stored: Parts | Sequence[Any]) -> None:
        self.stored = stored
        self.made: list[Text | None] = [None] * len(stored)

    def at(self, holder: Any, key: str | int) -> Text:
        return self.text(holder[key])

    def text(self, number: Any) -> Text:
        """The text numbered `number` (None: the empty text)."""
        if number is None:
            return EMPTY
        if type(number) is not int or number < 0:  # past the end: IndexError, a miss too
            raise ValueError("a text that is not in the table")
        made = self.made[number]
        if made is None:
            if type(self.stored) is list and type(self.stored[number]) is not bytes:
                raise ValueError("a text that is not stored as one")
            made = self.made[number] = Text.later(partial(_stored_text, self.stored, number))
        return made

    def get(self, holder: Mapping[str, Any], key: str) -> Text:
        return self.at(holder, key) if key in holder else EMPTY


def _stored_text(stored: Parts | Sequence[Any], number: int) -> Text:
    return Text(marshal.loads(stored[number]))


class Parts:
    """Parts of the catalog's entry stored one after another after its marshalled core, each found by where it
    ends (`ends`: unsigned 4-byte integers in this machine's byte order, from the start of `stored`, read as a
    view of them), sliced where it lies (the entry is mapped) when first read: the texts (874, 174 KB) and the
    requirements' checks (383, 83 KB), of which a `check` decodes a tenth and half. Decoded with the core, they
    were a quarter of a million bytes copied into a thousand objects on every run. The whole entry is
    authenticated before anything is read (its seal); the key names the byte order (`catalog_cache.fingerprint`)."""

    def __init__(self, stored: memoryview, ends: memoryview) -> None:
        self.stored, self.ends = stored, ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, number: int) -> memoryview:
        """The bytes of the part numbered `number`; IndexError where there is none."""
        if number < 0:
            raise IndexError("a part the entry does not hold")
        ends = self.ends  # past the end: IndexError
        return self.stored[ends[number - 1] if number else 0:ends[number]]


def stored_parts(parts: Sequence[bytes]) -> tuple[bytes, bytes]:
    """`parts` one after another, and where each ends (what `Parts` finds them by)."""
    ends, end = [], 0
    for part in parts:
        end += len(part)
        ends.append(end.to_bytes(_END_BYTES, sys.byteorder))
    return b"".join(parts), b"".join(ends)


def parts_of(content: memoryview, payload: Mapping[str, Any]) -> tuple[Parts, Parts]:
    """The checks and the texts stored after the core of `content` (the entry: the marshalled core, the checks,
    the texts; marshal ignores what follows what it decodes)."""
    checks, texts = _ends(payload["checks"]), _ends(payload["texts"])
    checks_bytes, texts_bytes = checks[-1] if checks else 0, texts[-1] if texts else 0
    view = memoryview(content)
    start = len(view) - checks_bytes - texts_bytes
    if start <= 0:
        raise ValueError("parts longer than the entry")
    return Parts(view[start:start + checks_bytes], checks), Parts(view[start + checks_bytes:], texts)


def _ends(stored: Any) -> memoryview:
    """Where each part ends, as `stored_parts` wrote them: read in place, each an int when indexed."""
    if type(stored) is not bytes:
        raise ValueError("parts not stored as the catalog stores them")
    ends = memoryview(stored).cast("I")  # TypeError for a length that is not a multiple of its size
    if ends.itemsize != _END_BYTES:
        raise ValueError("parts stored with integers of another size")
    return ends


def _vocabulary_from(payload: Mapping[str, Any], text: Callable[[Any], Text]) -> Vocabulary:
    """The vocabulary stored as rows of each kind's and measure's fields in order (`rulesets._vocabulary_payload`)."""
    return Vocabulary(
        {kind_id: Kind(kind_id, text(title), text(description), tuple(formats), origin)
         for kind_id, title, description, formats, origin in payload["kinds"]},
        {measure_id: Measure(measure_id, text(title), text(description), origin)
         for measure_id, title, description, origin in payload["measures"]})


class _Stored:
    """How a cached load makes requirements: with the fields assessing reads, each other field made when first
    read (`Requirement.later`) from the requirement's data marshalled apart; effective dates made once per
    distinct block (equal ones are one object in the entry). A part that does not build is taken from the
    rulesets read afresh (`afresh`): an authenticated entry of another layout (a bug) is never fatal."""

    def __init__(self, texts: TextTable, checks: Parts, described: Callable[[], Descriptions],
                 afresh: Callable[[], Catalog]) -> None:
        self.texts, self.checks = texts, checks
        self.described = described
        self.afresh = afresh
        self.effective: dict[int, Effective] = {}

    def requirement(self, stored: Sequence[Any], ruleset_id: str) -> Requirement:
        """The requirement stored as a `REQUIREMENT_ROW`."""
        # every field unpacked: a row of another length is a miss, as any entry of another layout
        requirement_id, applies_to, applies_when, block, severity, _, _, _, _, _ = stored
        effective = self.effective.get(id(block))  # the entry, and so each block, lives through the load
        if effective is None:
            effective = self.effective[id(block)] = effective_of(block, self.texts)
        return Requirement.later(partial(self._make, stored), requirement_id, ruleset_id, applies_to,
                                 applies_when, effective, severity)

    def _make(self, stored: Sequence[Any], requirement: Requirement, name: str) -> None:
        """Set the field `name` of `requirement`: its check, one of those a table shows from its row (`_SHOWN`), or one
        of the others from its description (decoded once, kept on the requirement with its table of texts as
        `_described`)."""
        try:
            if name == "check":  # a `check` reads ~200 checks and none of the other fields
                made_check = check_from_row(marshal.loads(self.checks[stored[_CHECK]]), self.texts.text)
                object.__setattr__(requirement, name, made_check)
                return
            shown = _SHOWN.get(name)
            if shown is not None:
                value = stored[shown]
                if name == "interpretation":
                    if type(value) is not bool:
                        raise ValueError("an interpretation that is neither true nor false")
                    object.__setattr__(requirement, name, value)
                else:
                    object.__setattr__(requirement, name, self.texts.text(value))
                return
            part = vars(requirement).get("_described")
            if part is None:
                d = self.described().part(stored[_DESCRIBED])
                if d["id"] != requirement.id:
                    raise ValueError("another requirement's description")
                part = d, TextTable(d["texts"])
                object.__setattr__(requirement, "_described", part)
            d, texts = part
            made = {name: described_field(name, d, d["source"], d["line"], texts)}
        except _SHAPE_ERRORS:
            from dataclasses import fields  # only here: a check never imports dataclasses (`records`)

            fresh = self.afresh().requirements[requirement.id]
            made = {f.name: getattr(fresh, f.name) for f in fields(fresh) if f.name not in vars(requirement)}
        for field_name, value in made.items():
            object.__setattr__(requirement, field_name, value)


def _ruleset(compiled: Mapping[str, Any], texts: TextTable, stored: _Stored) -> Ruleset:
    """A cached ruleset, its requirements stored in the catalog's order, its facts as `FACT_ROW`s."""
    ruleset_id, text = compiled["header"]["id"], texts.text
    return ruleset_of(compiled, tuple([stored.requirement(r, ruleset_id) for r in compiled["requirements"]]), texts,
                      tuple([_fact(row, ruleset_id, text) for row in compiled["header"]["facts"]]))


def _fact(row: Sequence[Any], ruleset_id: str, text: Callable[[Any], Text]) -> Fact:
    """The fact stored as a `FACT_ROW`."""
    fact_id, title, citation, when, cases, total, default, values, interpretation, note = row
    return Fact(fact_id, text(title), text(citation), ruleset_id, when,
                tuple([FactCase(condition, value, text(because), text(cited)) for condition, value, because, cited
                       in cases]) if cases else (),
                FactSum(*total) if total else None, default, values, interpretation, text(note))


def cached_catalog(content: memoryview | None, afresh: Callable[[], Catalog]) -> Catalog | None:
    """The catalog an authenticated cache entry holds; None (a miss) for anything that does not build."""
    if content is None:
        return None
    from .card import keep_schema  # imported by then in a `check`, which is what reads the card schema

    try:
        payload = marshal.loads(content)
        checks, parts = parts_of(content, payload)
        texts = TextTable(parts)
        stored = _Stored(texts, checks, cache(partial(Descriptions, payload["described"], payload["parts"])), afresh)
        card_schema = payload["card_schema"]
        if type(card_schema) is not dict:
            raise ValueError("a card schema that is not a mapping")
        catalog = Catalog(_vocabulary_from(payload["vocabulary"], texts.text),
                          tuple(_ruleset(r, texts, stored) for r in payload["rulesets"]))
    except _SHAPE_ERRORS:
        return None
    keep_schema(catalog.vocabulary, card_schema)
    return catalog


class Descriptions:
    """What only describing a requirement reads (`rulesets._cache_entry`): one part per requirement, its fields with
    its own table of texts, marshalled. A part is read where it lies in its entry when first asked for, and decoded
    only once it matches its digest in the catalog's authenticated entry (`parts`: the offset, length and BLAKE2b of
    each, in `PART_BYTES` each): `explain` describes one requirement, where authenticating the whole entry (0.8 MB)
    and decoding it was most of the cost of describing it. (A table or Markdown report reads none: what it shows of a
    requirement is in its row, `_SHOWN`.)"""

    def __init__(self, key: str, parts: bytes) -> None:
        found = catalog_cache.entry_parts(key, DESCRIBED_KIND, CACHE_SUFFIX)
        if found is None:
            raise ValueError("the descriptions are not cached")
        self.entry, self.parts = found, parts

    def part(self, number: int) -> dict[str, Any]:
        """The description numbered `number`; ValueError when its bytes are not those the catalog names."""
        at = number * PART_BYTES
        if number < 0 or at + PART_BYTES > len(self.parts):
            raise ValueError("a description the catalog does not name")
        offset, length = int.from_bytes(self.parts[at:at + 4], "big"), int.from_bytes(self.parts[at + 4:at + 8], "big")
        content = self.entry.read(offset, length)
        if not same(key_digest(content).digest(), self.parts[at + 8:at + PART_BYTES]):
            raise ValueError("a description that is not the one the catalog names")
        found = marshal.loads(content)
        if type(found) is not dict:
            raise ValueError("a description that is not a mapping")
        return found


def description_parts(descriptions: Sequence[bytes]) -> tuple[bytes, bytes]:
    """The content of the descriptions' entry (the parts one after another) and what the catalog's entry holds to
    find and authenticate each (`Descriptions`)."""
    index, offset = [], 0
    for content in descriptions:
        index.append(offset.to_bytes(4, "big") + len(content).to_bytes(4, "big") + key_digest(content).digest())
        offset += len(content)
    return b"".join(descriptions), b"".join(index)
