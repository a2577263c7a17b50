"""An OSCAL 1.1 catalog of a ruleset: every requirement a control, with its citation, application dates,
roles, severity and alignment dimensions as properties, the legal summary as its statement, what the tool
checks as its assessment objective and the remediation as guidance.

No official OSCAL catalog of the AI Act, the GDPR, the Interim Measures or the PIPL exists; this one is
generated from the ruleset, so its identifiers are the requirement ids and its UUID is derived from the
ruleset id and version (the same ruleset always gives the same bytes). Assessment results reference it
by that UUID and name the controls by these ids, so an OSCAL tool can resolve one from the other.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from .model import EMPTY, Requirement, Ruleset, Text

OSCAL_VERSION = "1.1.3"
NAMESPACE = "urn:compliance:oscal"
UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)


def catalog_uuid(ruleset_id: str, version: str) -> str:
    """The catalog's UUID: version 5, from the ruleset id and version."""
    return str(uuid.uuid5(UUID_ROOT, f"catalog/{ruleset_id}/{version}"))


def catalog_file_name(ruleset_id: str) -> str:
    """Where `compliance rulesets oscal ID -o` is expected to write it, relative to the assessment results."""
    return f"{ruleset_id}.oscal-catalog.json"


def _prop(name: str, value: str, klass: str = "") -> dict[str, str]:
    prop = {"name": name, "ns": NAMESPACE, "value": value}
    if klass:
        prop["class"] = klass
    return prop


def _token(text: str) -> str:
    """An OSCAL token (letters, digits, '.', '-', '_', starting with a letter) from free text."""
    token = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")
    return token if token and token[0].isalpha() else f"g-{token or 'x'}"


def _words(value: Text, lang: str) -> str:
    """OSCAL strings may not start or end with whitespace, nor be empty."""
    return " ".join(value.get(lang).split())


def _properties(requirement: Requirement, lang: str) -> list[dict[str, str]]:
    q = requirement
    props = [{"name": "label", "value": _words(q.citation, lang)},
             _prop("citation", _words(q.citation, lang)), _prop("severity", q.severity)]
    props += [_prop("dimension", d) for d in q.dimensions]
    props += [_prop("applies-to", role) for role in q.applies_to]
    effective = q.effective
    props.append(_prop("applies-from", effective.amended_from or effective.from_))
    if effective.amended_from:
        props.append(_prop("originally-applies-from", effective.from_))
    if effective.amended_by:
        props.append(_prop("amended-by", effective.amended_by))
    if effective.until:
        props.append(_prop("applies-until", effective.until))
    for case in effective.cases:
        props.append(_prop("applies-from", case.amended_from or case.from_, "conditional"))
    if effective.schedule:
        props.append(_prop("schedule", effective.schedule))
    props.append(_prop("assessment", "manual" if q.is_manual else "automated"))
    if q.interpretation:
        props.append(_prop("interpretation", "true"))
    if q.verification is not None:
        props.append(_prop("verification", q.verification.level))
    return props


def _control(requirement: Requirement, lang: str, owners: Mapping[str, str]) -> dict[str, Any]:
    q = requirement
    parts = [{"id": f"{q.id}_smt", "name": "statement", "prose": _words(q.summary, lang)}]
    if q.test:
        parts.append({"id": f"{q.id}_obj", "name": "assessment-objective", "prose": _words(q.test, lang)})
    if q.remediation:
        parts.append({"id": f"{q.id}_gdn", "name": "guidance", "prose": _words(q.remediation, lang)})
    if q.interpretation and q.interpretation_note:
        parts.append({"id": f"{q.id}_int", "name": "interpretation", "ns": NAMESPACE,
                      "prose": _words(q.interpretation_note, lang)})
    control: dict[str, Any] = {"id": q.id, "class": "requirement", "title": _words(q.title, lang),
                               "props": _properties(q, lang), "parts": parts}
    links = [{"href": _href(link.target, q.ruleset, owners), "rel": _token(link.relation)} for link in q.crosswalk]
    if links:
        control["links"] = links
    return control


def _href(target: str, own: str, owners: Mapping[str, str]) -> str:
    """A crosswalk target: `#ID` in this catalog, `RULESET.oscal-catalog.json#ID` in another one."""
    ruleset = owners.get(target, own)
    return f"#{target}" if ruleset == own else f"{catalog_file_name(ruleset)}#{target}"


def catalog_document(ruleset: Ruleset, lang: str = "en", owners: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The catalog as an OSCAL JSON document (groups by chapter, in ruleset order); `owners` maps requirement
    ids of other rulesets to their ruleset, so crosswalk links point into the right catalog."""
    groups: dict[str, dict[str, Any]] = {}
    for requirement in ruleset.requirements:
        chapter = requirement.chapter if requirement.chapter != EMPTY else ruleset.title
        title = _words(chapter, lang)
        group = groups.setdefault(title, {"id": _token(f"{ruleset.id}-{len(groups) + 1}"), "title": title,
                                          "controls": []})
        group["controls"].append(_control(requirement, lang, owners or {}))
    instrument = ruleset.instrument
    resource = {"uuid": str(uuid.uuid5(UUID_ROOT, f"instrument/{ruleset.id}")),
                "title": _words(instrument.name, lang),
                "props": [_prop("reference", instrument.reference or instrument.number or ruleset.id)]}
    if instrument.url:
        resource["rlinks"] = [{"href": instrument.url}]
    metadata: dict[str, Any] = {
        "title": _words(ruleset.title, lang),
        "last-modified": f"{ruleset.consolidated_as_of}T00:00:00+00:00",
        "version": ruleset.version,
        "oscal-version": OSCAL_VERSION,
        "props": [_prop("ruleset-id", ruleset.id), _prop("ruleset-sha256", ruleset.sha256),
                  _prop("kind", ruleset.kind)],
    }
    if ruleset.disclaimer:
        metadata["remarks"] = ruleset.disclaimer.get(lang)
    return {"catalog": {"uuid": catalog_uuid(ruleset.id, ruleset.version), "metadata": metadata,
                        "groups": list(groups.values()), "back-matter": {"resources": [resource]}}}


def render_catalog(ruleset: Ruleset, lang: str = "en", owners: Mapping[str, str] | None = None) -> bytes:
    text = json.dumps(catalog_document(ruleset, lang, owners), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")
