"""The catalog: every installed ruleset plus the vocabulary they share, and loading it.

A catalog is loaded from the cache when one was kept for the rulesets' content (`catalog_stored`), else read
and checked afresh (`rulesets`, imported only then: a `check` with a warm cache needs none of its reading,
expanding and checking of ruleset YAML).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from functools import cache, cached_property, partial
from pathlib import Path

from . import catalog_cache
from .catalog_files import ruleset_names
from .catalog_key import catalog_key, remember
from .errors import ComplianceError
from .model import Fact, Requirement, Ruleset, Threshold, Vocabulary
from .records import record
from .resources import rulesets_dir


@record
class Catalog:
    """Every installed ruleset plus the vocabulary they share."""

    vocabulary: Vocabulary
    rulesets: tuple[Ruleset, ...]

    # The mappings below are made once per catalog and shared, never changed: a batch asked for each of them once
    # a card (three dicts of 138, 383 and the thresholds, each card's a new object, so `engine.sum_facts`, keyed by
    # the facts mapping, kept one entry and one dict for every card of a batch). `cached_property` writes the
    # instance's `__dict__` directly, past the frozen guard, and the fields it is made from never change.

    @cached_property
    def facts(self) -> Mapping[str, Fact]:
        return {f.id: f for r in self.rulesets for f in r.facts}

    @cached_property
    def requirements(self) -> Mapping[str, Requirement]:
        return {q.id: q for r in self.rulesets for q in r.requirements}

    def ruleset(self, ruleset_id: str) -> Ruleset:
        for ruleset in self.rulesets:
            if ruleset.id == ruleset_id:
                return ruleset
        known = ", ".join(r.id for r in self.rulesets) or "none installed"
        raise ComplianceError(f"unknown ruleset {ruleset_id!r} (available: {known})")

    @cached_property
    def thresholds(self) -> Mapping[str, Threshold]:
        return {t.id: t for r in self.rulesets for t in r.thresholds}

    @cached_property
    def practice_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rulesets if r.is_practice)

    def select(self, ids: Iterable[str] | None, profiles: Iterable[str] = ()) -> tuple[Ruleset, ...]:
        """The rulesets named, else every legal ruleset plus the practice profiles the card lists."""
        wanted = list(ids or [])
        if wanted:
            return tuple(self.ruleset(i) for i in wanted)
        listed = set(profiles)
        return tuple(r for r in self.rulesets if not r.is_practice or r.id in listed)


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and cross-check every ruleset under `root` (default: the shipped rulesets).

    A catalog that loaded cleanly is remembered in the user's cache, keyed by a digest (BLAKE2b) of every
    ruleset file, the schemas and the tool version (`catalog_key`); any change to them loads and checks afresh.
    """
    return _load_catalog((root or rulesets_dir()).resolve())


@cache
def _load_catalog(root: Path) -> Catalog:
    from .catalog_stored import CACHE_KIND, CACHE_SUFFIX, cached_catalog  # it builds a Catalog: imported once defined

    if not root.is_dir():
        raise ComplianceError(f"rulesets folder not found: {root}")
    memo = catalog_key(root, ruleset_names(root))
    looked = time.time_ns()
    content, entry = catalog_cache.read_authenticated(memo.key, CACHE_KIND, CACHE_SUFFIX, memo.entry)
    remember(memo, entry, looked)
    afresh = cache(partial(_read_and_cache, root, memo.key))
    found = cached_catalog(content, afresh)
    if found is not None:
        return found
    built = afresh()
    # The entry just written, read back (authenticated as any other): the run that builds the catalog assesses with
    # the objects every later run has, where requirements share one object for equal conditions and dates, which a
    # batch shares scopes and outcomes by (1,000 cards as a table: 5.0 s with the rebuild against 2.6 s warm; 3.7-4.2
    # s read back).
    stored, _ = catalog_cache.read_authenticated(memo.key, CACHE_KIND, CACHE_SUFFIX)
    return cached_catalog(stored, afresh) or built


def _read_and_cache(root: Path, key: str) -> Catalog:
    """The catalog read from the rulesets and checked afresh, then cached under `key` (`rulesets.read_and_cache`)."""
    from .rulesets import read_and_cache

    return read_and_cache(root, key)
