"""A requirement's check as the catalog cache stores it: rows of its records' fields, and back.

`rulesets` writes a built check with `check_row`; a cached load (`catalog_stored`) builds it again with
`check_from_row` when the check is first read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .model import Check, ContentNeed, EvidenceCheck, FieldCheck, ManualCheck, MetricCheck, SectionRule, Text


def check_row(check: Check, n: Callable[[Text], int | None]) -> tuple[Any, ...]:
    """A built check as the cache stores it: each record, the check's own too (evidence, fields, manual), as the
    tuple of its fields in order, each text as its number in the entry's table of texts (`n`), so that a cached load
    builds it with positional calls (`check_from_row`), none of the defaults, lookups and conversions that
    `rulesets._check` makes from the ruleset's mappings."""
    return (
        tuple((e.kinds, e.measure, e.sections, e.max_age_days,
               tuple((m.metric, m.op, m.value, n(m.citation), n(m.label), m.interpretation, m.threshold,
                      m.over, m.names, m.aggregate, m.datasets, m.unit, m.range) for m in e.metrics),
               n(e.label), tuple((n(r.prompt), tuple((c.kind, c.values, n(c.label)) for c in r.needs))
                                 for r in e.section_rules), e.source, e.entries)
              for e in check.evidence),
        tuple((f.when, n(f.message)) for f in check.fields),
        tuple(n(t) for t in check.manual.confirm) if check.manual else None,
    )


def check_from_row(row: Sequence[Any], text: Callable[[Any], Text]) -> Check:
    """The check `check_row` stored, `text` making a text of its number. Lists, not generators, and none for
    what is empty (most checks have no metrics, section rules or field checks): a `check` builds ~200 checks."""
    evidence, fields, manual = row
    return Check(
        tuple([EvidenceCheck(kinds, measure, sections, max_age_days,
                             tuple([MetricCheck(metric, op, value, text(citation), text(label), *rest)
                                    for metric, op, value, citation, label, *rest in metrics]) if metrics else (),
                             text(label),
                             tuple([SectionRule(text(prompt), tuple([ContentNeed(kind, values, text(need))
                                                                     for kind, values, need in needs]))
                                    for prompt, needs in rules]) if rules else (),
                             source, entries)
               for kinds, measure, sections, max_age_days, metrics, label, rules, source, entries in evidence])
        if evidence else (),
        tuple([FieldCheck(when, text(message)) for when, message in fields]) if fields else (),
        ManualCheck(tuple(map(text, manual))) if manual is not None else None)
