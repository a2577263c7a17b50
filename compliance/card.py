"""Load a model card: safe YAML, schema validation with line numbers, evidence path confinement."""

from __future__ import annotations

import copy
import errno
import os
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from .digests import sha256_hex
from .errors import ComplianceError, Problem
from .model import Attestation, Card, EvidenceEntry, Threshold, ThresholdSetting, Vocabulary, Waiver
from .resources import schema
from .schema_check import schema_problems
from .yaml_source import parse_utf8, path_problem, read_bytes

MAX_CARD_BYTES = 2 * 1024 * 1024


def card_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The card JSON Schema with the published evidence kinds and measure names filled in (a fresh copy)."""
    return copy.deepcopy(_card_schema(vocabulary))


_SCHEMAS: dict[int, tuple[Vocabulary, dict[str, Any]]] = {}


def keep_schema(vocabulary: Vocabulary, filled: dict[str, Any]) -> None:
    """Take `filled` as the card schema of `vocabulary` (what `_card_schema` would build): a cached catalog's
    entry holds it, under a key that covers the schemas and the vocabulary. Building it took importing `card_text`,
    reading the shipped schema and authenticating and decoding its own cache entry (~0.8 ms of every `check`)."""
    _SCHEMAS[id(vocabulary)] = (vocabulary, filled)


def _card_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The filled-in schema, built once per vocabulary (or kept from the catalog's cache entry, `keep_schema`):
    a batch validates every card against the same one."""
    cached = _SCHEMAS.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    shipped = schema("card")  # shared, never changed: only the two objects on the way to a filled-in value are copied
    result = dict(shipped)
    defs = result["$defs"] = dict(shipped["$defs"])
    evidence = defs["evidence"] = dict(defs["evidence"])
    evidence_fields = evidence["properties"] = dict(evidence["properties"])
    evidence_fields["kind"] = {**evidence_fields["kind"], "enum": sorted(vocabulary.kinds)}
    properties = result["properties"] = dict(shipped["properties"])
    properties["measures"] = {**properties["measures"], "propertyNames": {"enum": sorted(vocabulary.measures)}}
    _SCHEMAS[id(vocabulary)] = (vocabulary, result)
    return result


NAME_MAX = 255  # bytes in one path component (Linux, macOS, Windows)
PATH_MAX = 4096


def _resolved(folder: Path) -> str | None:
    """The card's folder with every symlink resolved, or None when that fails (each entry then says why)."""
    if os.name != "posix":  # Windows junctions are not symlinks to lstat: resolve every entry in full there
        return None
    try:
        return str(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return None


def _plainly_inside(resolved_folder: str, parts: list[str], plain: set[str]) -> bool:
    """Whether every name of the path under the (resolved) folder exists and none is a symlink: then the
    path resolves to itself, inside the folder, and nothing else needs resolving (one lstat a name instead of
    resolving the folder's whole path twice an entry). `plain` holds the names already found so for this
    card: the folders its evidence shares are looked at once."""
    current = resolved_folder.rstrip("/")
    for part in parts:
        current = f"{current}/{part}"
        if current in plain:
            continue
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return False
        except (OSError, ValueError):
            return False
        plain.add(current)
    return True


def _relative_parts(path: str) -> list[str] | None:
    """The names of a relative path written with `/` (what `PurePosixPath(path).parts` gives, without building
    one), or None for an absolute path."""
    if path.startswith("/"):
        return None
    return [part for part in path.split("/") if part and part != "."]


def _confinement_problem(folder: Path, raw: str, resolved_folder: str | None = None,
                         plain: set[str] | None = None) -> str | None:
    if "\0" in raw:
        return "contains a NUL byte"
    posix = raw.replace("\\", "/")
    parts = _relative_parts(posix)
    if parts is None or (len(raw) > 1 and raw[1] == ":"):
        return "absolute paths are not allowed; give a path relative to the card's folder"
    if ".." in parts:
        return "'..' is not allowed; evidence must stay inside the card's folder"
    if len(raw) > NAME_MAX // 4:  # a character is at most 4 bytes in UTF-8: shorter paths fit both limits
        if any(len(part.encode("utf-8", "surrogatepass")) > NAME_MAX for part in parts):
            return f"has a file or folder name longer than {NAME_MAX} bytes"
        if len(raw.encode("utf-8", "surrogatepass")) > PATH_MAX:
            return f"is longer than {PATH_MAX} bytes"
    if resolved_folder is not None and _plainly_inside(resolved_folder, parts, set() if plain is None else plain):
        return None
    try:
        target = _resolved_entry(folder / PurePosixPath(posix))
        inside = target.is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError) as exc:
        return f"cannot be resolved: {path_problem(exc)}"
    if not inside:
        return "resolves outside the card's folder (symlink); evidence must stay inside it"
    return None


def _resolved_entry(path: Path) -> Path:
    """`path` with its symlinks resolved, as far as they exist (a missing file is a finding, not a card problem);
    a symlink loop raises. `resolve()` raised RuntimeError for a loop up to Python 3.12; since 3.13 it returns the
    path unresolved, and only `resolve(strict=True)` says so (OSError, ELOOP)."""
    try:
        return path.resolve(strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise
    return path.resolve()


def _reference_problems(data: dict[str, Any], source: str, doc_line: Any, folder: Path,
                        requirement_ids: Collection[str]) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    resolved_folder = _resolved(folder) if data.get("evidence") else None
    plain: set[str] = set()
    for index, item in enumerate(data.get("evidence", [])):
        if item["id"] in seen:
            yield Problem(source, doc_line(["evidence", index, "id"]), f"evidence/{index}/id",
                          f"duplicate evidence id {item['id']!r} (also entry {seen[item['id']]})")
        seen.setdefault(item["id"], index)
        why = _confinement_problem(folder, item["path"], resolved_folder, plain)
        if why:
            yield Problem(source, doc_line(["evidence", index, "path"]), f"evidence/{index}/path",
                          f"{item['path']!r} {why}")
    for measure, ids in sorted(data.get("measures", {}).items()):
        for index, evidence_id in enumerate(ids):
            if evidence_id not in seen:
                yield Problem(source, doc_line(["measures", measure, index]), f"measures/{measure}/{index}",
                              f"unknown evidence id {evidence_id!r}")
    risk_ids: dict[str, int] = {}
    for index, risk in enumerate(data.get("risks", [])):
        if risk["id"] in risk_ids:
            yield Problem(source, doc_line(["risks", index, "id"]), f"risks/{index}/id",
                          f"duplicate risk id {risk['id']!r} (also entry {risk_ids[risk['id']]})")
        risk_ids.setdefault(risk["id"], index)
        for position, evidence_id in enumerate(risk["measures"]):
            if evidence_id not in seen:
                yield Problem(source, doc_line(["risks", index, "measures", position]),
                              f"risks/{index}/measures/{position}", f"unknown evidence id {evidence_id!r}")
    if requirement_ids:
        for section in ("attestations", "waivers"):
            for index, item in enumerate(data.get(section, [])):
                if item["requirement"] not in requirement_ids:
                    yield Problem(source, doc_line([section, index, "requirement"]),
                                  f"{section}/{index}/requirement",
                                  f"unknown requirement id {item['requirement']!r}")


def _profile_problems(data: Mapping[str, Any], source: str, doc_line: Any, profiles: Collection[str] | None,
                      thresholds: Mapping[str, Threshold] | None) -> Iterable[Problem]:
    """Profiles must be installed practice rulesets; tuned thresholds must exist and stay in their range."""
    if profiles is not None:
        for index, name in enumerate(data.get("profiles", [])):
            if name not in profiles:
                installed = ", ".join(sorted(profiles)) or "none installed"
                yield Problem(source, doc_line(["profiles", index]), f"profiles/{index}",
                              f"unknown practice profile {name!r} (installed: {installed})")
    if thresholds is None:
        return
    for name, setting in sorted(data.get("thresholds", {}).items()):
        where = doc_line(["thresholds", name])
        known = thresholds.get(name)
        if known is None:
            yield Problem(source, where, f"thresholds/{name}", f"unknown threshold {name!r} (see `compliance "
                          "rulesets show` of the profile for its thresholds)")
        elif not known.range[0] <= setting["value"] <= known.range[1]:
            low, high = known.range
            yield Problem(source, doc_line(["thresholds", name, "value"]), f"thresholds/{name}/value",
                          f"{setting['value']:g} is outside the range of {name} ({low:g} to {high:g}, {known.unit})")


def _code_problems(data: dict[str, Any], source: str, doc_line: Any) -> Iterator[Problem]:
    """Identifiers with a check character: the unified social credit code (GB 32100-2015)."""
    code = data.get("organisation", {}).get("cn_uscc")
    if not isinstance(code, str):  # most cards have none: no import of its checker (a module, ~0.1 ms)
        return
    from .cn_codes import uscc_problem

    problem = uscc_problem(code)
    if problem is not None:
        yield Problem(source, doc_line(["organisation", "cn_uscc"]), "organisation/cn_uscc", problem)


def load_card(path: Path, vocabulary: Vocabulary, requirement_ids: Collection[str] = (), *,
              profiles: Collection[str] | None = None, thresholds: Mapping[str, Threshold] | None = None) -> Card:
    """Read, validate and index a card; raise ComplianceError listing every problem.

    `profiles` (the installed practice rulesets) and `thresholds` (their tunable thresholds) check the
    card's `profiles:` and `thresholds:`; None skips that check."""
    source = str(path)
    try:
        if path.is_dir():
            raise ComplianceError(f"{source}: is a folder; give the card's YAML file")
        if not path.exists() and not path.is_symlink():
            raise ComplianceError(f"{source}: card file not found")
    except OSError as exc:  # a name too long, a permission problem on a parent folder
        raise ComplianceError(f"{source}: cannot read card: {path_problem(exc)}") from None
    return parse_card(read_bytes(path, source, MAX_CARD_BYTES), path, vocabulary, requirement_ids,
                      profiles=profiles, thresholds=thresholds)


def parse_card(raw: bytes, path: Path, vocabulary: Vocabulary, requirement_ids: Collection[str] = (), *,
               profiles: Collection[str] | None = None, thresholds: Mapping[str, Threshold] | None = None) -> Card:
    """Validate card bytes as if read from `path` (evidence resolves against its folder)."""
    source = str(path)
    if len(raw) > MAX_CARD_BYTES:
        raise ComplianceError(f"{source}: file is {len(raw):,} bytes; the limit is {MAX_CARD_BYTES:,} bytes")
    doc = parse_utf8(raw, source)
    if not isinstance(doc.data, dict):
        raise ComplianceError(f"{source}: a card must be a YAML mapping (card_version, system, ...)")
    problems = schema_problems(doc, _card_schema(vocabulary))
    if not problems:
        problems = list(_reference_problems(doc.data, source, doc.line_for, path.parent, requirement_ids))
        problems += _profile_problems(doc.data, source, doc.line_for, profiles, thresholds)
        problems += _code_problems(doc.data, source, doc.line_for)
    if problems:
        raise ComplianceError(f"{source}: {len(problems)} problem(s)", tuple(problems))
    data: dict[str, Any] = doc.data
    entries = data.get("evidence", [])
    evidence = tuple(  # a mapping the entry leaves out is made without a comprehension's frame
        EvidenceEntry(id=e["id"], kind=e["kind"], path=e["path"], date=e["date"], title=e.get("title", ""),
                      valid_until=e.get("valid_until"), sha256=e.get("sha256"),
                      metrics={k: float(v) for k, v in e["metrics"].items()} if "metrics" in e else {},
                      line=line, source=dict(e.get("source", {})),
                      datasets={k: dict(v) for k, v in e["datasets"].items()} if "datasets" in e else {},
                      supports=tuple(e.get("supports", ())))
        for e, line in zip(entries, doc.item_lines(["evidence"], len(entries)), strict=True)
    )
    return Card(
        path=path,
        source=source,
        data=data,
        sha256=sha256_hex(raw),
        evidence=evidence,
        measures={k: tuple(v) for k, v in data.get("measures", {}).items()},
        attestations=tuple(Attestation(a["requirement"], a["statement"], a["by"], a["date"], a.get("expires"))
                           for a in data.get("attestations", [])),
        waivers=tuple(Waiver(w["requirement"], w["justification"], w["approver"], w["expires"], w.get("date"))
                      for w in data.get("waivers", [])),
        document=doc,
        thresholds={name: ThresholdSetting(name, float(t["value"]), t["justification"], t.get("approved_by", ""),
                                           doc.line_for(["thresholds", name]))
                    for name, t in sorted(data.get("thresholds", {}).items())},
        profiles=tuple(data.get("profiles", [])),
    )
