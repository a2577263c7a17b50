"""`compliance dossier --verify out.pdf`: re-check a dossier against its own embedded manifest.

What it proves is **consistency**: the file is one revision as written (no incremental update, nothing
appended after `%%EOF`), every file the PDF embeds is listed in `manifest.json` with the SHA-256 it has,
nothing is embedded outside that list (file-attachment annotations, nested name trees, streams reached
some other way), the embedded assessment names the same card, rulesets, as-of date and evidence hashes as
the manifest (the evidence it lists without attaching too), the printed manifest appendix shows the same
files and hashes as the embedded one, and the PDF carries no active content (JavaScript, an OpenAction,
launch or submit actions) that would run when it is opened. Changing an attachment therefore means
changing the manifest, the assessment and the printed pages consistently, which is rebuilding the dossier:
only a signature tells a rebuilt dossier from the original. A signed dossier (`dossier --sign`, PAdES via
pyHanko) is checked too: intact, valid for its embedded certificate, covering the entire file, and
chaining to `--trust` roots when given.

The PDF is walked as an object graph (each object once, however it is linked), never by its text;
embedded files are hashed as a stream (FlateDecode decompressed chunk by chunk), one at a time, so
neither a hundred 70 MB attachments nor a decompression bomb needs the memory they would take whole.
"""

from __future__ import annotations

import hashlib
import mmap
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..strict_json import loads as strict_json
from . import revisions, signature
from .manifest import MANIFEST_NAME, MANIFEST_SCHEMA, embedded_name

MAX_PDF_BYTES = 512 * 1024 * 1024
MAX_HASHED_BYTES = 4 * 1024 * 1024 * 1024   # decompressed bytes hashed in all, whatever the manifest claims
MAX_JSON_BYTES = 64 * 1024 * 1024            # the manifest and the assessment are parsed, so read whole
MAX_OBJECTS = 2_000_000                      # objects walked (a dossier has a few thousand)
MAX_TREE_DEPTH = 64                          # levels of a name tree
_CHUNK = 1024 * 1024
# What a malformed PDF makes pypdf raise besides its own errors; each becomes "bad input", not a traceback.
_READ_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                                             RecursionError, zlib.error)
# Actions that run something, send something or open something else when the PDF is viewed.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR",
                            "/RichMediaExecute", "/Rendition", "/Sound", "/Movie", "/Hide", "/SetOCGState"})
CONSISTENCY = ("the file is one revision as written (plus one per signature) with nothing appended, every "
               "embedded file has the SHA-256 the embedded manifest lists, nothing is embedded outside it, the "
               "assessment names the manifest's card, rulesets, as-of date and evidence hashes (attached and "
               "listed), the printed manifest appendix matches it, and nothing runs when the PDF is opened")
AUTHENTICITY = signature.authenticity(())
APPENDIX_ANCHOR = "manifest"  # the printed manifest appendix's named destination (id="manifest" in the HTML)
_HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


@dataclass(frozen=True)
class Embedded:
    """One file of the embedded-files name tree: its name and the stream holding its bytes."""

    name: str
    stream: Any
    reference: tuple[int, int] | None


@dataclass
class Walk:
    """What the object graph holds: embedded-file streams, active content, and where each was found."""

    streams: dict[tuple[int, int], str] = field(default_factory=dict)   # reference → where it was reached
    active: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    checked: tuple[str, ...]
    problems: tuple[str, ...]
    manifest: dict[str, Any]
    proves: str = CONSISTENCY
    authenticity: str = AUTHENTICITY  # what the signatures established, or that nothing did
    signatures: tuple[signature.SignatureCheck, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _reader(path: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    errors: tuple[type[Exception], ...] = (*_READ_ERRORS, PyPdfError)
    try:
        if not path.is_file():
            raise ComplianceError(f"{path}: file not found")
        if path.stat().st_size > MAX_PDF_BYTES:
            raise ComplianceError(f"{path}: larger than {MAX_PDF_BYTES:,} bytes")
        return PdfReader(path)
    except errors as exc:
        raise ComplianceError(f"{path}: not a readable PDF ({exc})") from None


def _reference(value: Any) -> tuple[int, int] | None:
    from pypdf.generic import IndirectObject

    if isinstance(value, IndirectObject):
        return (int(value.idnum), int(value.generation))
    ref = getattr(value, "indirect_reference", None)
    return (int(ref.idnum), int(ref.generation)) if ref is not None else None


def _name_tree(root: Any) -> Iterator[tuple[str, Any]]:
    """(name, value) of a name tree, its /Kids followed to any depth, each node once."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node_ref, depth = stack.pop()
        ref = _reference(node_ref)
        node: Any = _resolved(node_ref, None)
        if not hasattr(node, "get") or (ref is not None and ref in seen) or depth > MAX_TREE_DEPTH:
            continue
        if ref is not None:
            seen.add(ref)
        names = _resolved(node.get("/Names"), [])
        for index in range(0, len(names) - 1, 2):
            yield str(names[index].get_object()), names[index + 1]
        kids = _resolved(node.get("/Kids"), [])
        stack.extend((kid, depth + 1) for kid in reversed(list(kids)))


def _resolved(value: Any, default: Any) -> Any:
    return value.get_object() if value is not None else default


def embedded(reader: Any) -> list[Embedded]:
    """Every file of the catalog's /Names /EmbeddedFiles tree (nested /Kids included), in tree order."""
    names = reader.trailer["/Root"].get_object().get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    found: list[Embedded] = []
    for name, spec_ref in _name_tree(tree) if tree is not None else ():
        spec = spec_ref.get_object()
        files = _resolved(spec.get("/EF") if hasattr(spec, "get") else None, {})
        stream_ref = files.get("/F") or files.get("/UF")
        if stream_ref is not None:
            found.append(Embedded(name, stream_ref.get_object(), _reference(stream_ref)))
    return found


def _where(trail: str, key: str) -> str:
    return f"{trail} {key}" if len(trail) < 120 else trail


def walk(reader: Any) -> Walk:
    """Every object reachable from the trailer, once: embedded-file streams and active content."""
    from pypdf.generic import ArrayObject, DictionaryObject

    result = Walk()
    visited: set[tuple[int, int]] = set()
    stack: list[tuple[Any, str]] = [(reader.trailer, "trailer")]
    steps = 0
    while stack and steps < MAX_OBJECTS:
        value, trail = stack.pop()
        steps += 1
        ref = _reference(value)
        if ref is not None:
            if ref in visited:
                continue
            visited.add(ref)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            kind = value.get("/Type")
            if kind == "/EmbeddedFile" and ref is not None:
                result.streams.setdefault(ref, trail)
            action = value.get("/S")
            if action in ACTIVE_ACTIONS or "/JS" in value:
                result.active.append(f"{trail}: {action or '/JS'} action")
            for key, item in value.items():
                if key in ("/OpenAction", "/AA"):
                    result.active.append(f"{trail} {key}")
                if key == "/EF" and hasattr(item.get_object(), "values"):
                    for stream in item.get_object().values():
                        stream_ref = _reference(stream)
                        if stream_ref is not None:
                            result.streams.setdefault(stream_ref, _where(trail, key))
                if key != "/Parent":  # up-links only lead back to what is already on the stack
                    stack.append((item, _where(trail, key)))
        elif isinstance(value, ArrayObject):
            stack.extend((item, trail) for item in value)
    names = reader.trailer["/Root"].get_object().get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        result.active.append("catalog /Names /JavaScript")
    return result


def stream_digest(stream: Any, limit: int) -> tuple[str, int]:
    """SHA-256 and length of a stream's decoded bytes, decompressed and hashed chunk by chunk.

    Stops after `limit` + 1 bytes (the length then says "more than the limit")."""
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters.get_object() if filters else [])
    digest = hashlib.sha256()
    size = 0
    if filters in ([], ["/FlateDecode"]) and not stream.get("/DecodeParms"):
        raw = stream._data  # the encoded bytes as stored; decoded here without holding the result
        inflate = zlib.decompressobj() if filters else None
        for start in range(0, len(raw), _CHUNK):
            piece = raw[start:start + _CHUNK]
            while piece and size <= limit:
                out = inflate.decompress(piece, _CHUNK) if inflate else piece
                digest.update(out)
                size += len(out)
                piece = inflate.unconsumed_tail if inflate else b""
            if size > limit:
                return digest.hexdigest(), size
        if inflate is not None:
            tail = inflate.flush()
            digest.update(tail)
            size += len(tail)
        return digest.hexdigest(), size
    data = stream.get_data()  # another filter (we never write one): pypdf decodes it, bounded by its limits
    digest.update(data[:limit + 1])
    return digest.hexdigest(), min(len(data), limit + 1)


def _json(stream: Any, what: str, path: Path) -> Any:
    digest_size = stream_digest(stream, MAX_JSON_BYTES)[1]
    if digest_size > MAX_JSON_BYTES:
        raise ComplianceError(f"{path}: embedded {what} is larger than {MAX_JSON_BYTES:,} bytes")
    try:
        return strict_json(stream.get_data().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ComplianceError(f"{path}: embedded {what} is not valid JSON ({exc})") from None


def _manifest(path: Path, files: list[Embedded]) -> dict[str, Any]:
    copies = [f for f in files if f.name == MANIFEST_NAME]
    if not copies:
        raise ComplianceError(f"{path}: no embedded {MANIFEST_NAME}; not a dossier made by compliance")
    data = _json(copies[0].stream, MANIFEST_NAME, path)
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA or not isinstance(data.get("files"), list):
        raise ComplianceError(f"{path}: embedded {MANIFEST_NAME} is not a {MANIFEST_SCHEMA} manifest")
    if not all(isinstance(item, dict) for item in data["files"]):
        raise ComplianceError(f"{path}: embedded {MANIFEST_NAME} lists files that are not objects")
    return data


# --- the checks: each returns its problems; a signature check (issue 16) is one more -------------

@dataclass(frozen=True)
class Dossier:
    """A dossier PDF as the checks see it."""

    path: Path
    reader: Any
    files: list[Embedded]
    graph: Walk
    manifest: dict[str, Any]
    raw: bytes | mmap.mmap = b""
    signatures: tuple[signature.SignatureCheck, ...] = ()


def files_match_manifest(dossier: Dossier, checked: list[str]) -> list[str]:
    """Each listed file embedded once, with the listed size and SHA-256 (hashed as a stream)."""
    problems: list[str] = []
    budget = MAX_HASHED_BYTES
    for item in dossier.manifest["files"]:
        name = str(item.get("name", ""))
        copies = [f for f in dossier.files if f.name == name]
        if not copies:
            problems.append(f"{name}: listed in the manifest but not embedded")
            continue
        if len(copies) > 1:
            problems.append(f"{name}: embedded {len(copies)} times")
        declared = item.get("size")
        limit = min(declared if isinstance(declared, int) and declared >= 0 else budget, budget)
        actual, size = stream_digest(copies[0].stream, limit)
        budget -= min(size, limit)
        if size > limit:
            problems.append(f"{name}: larger than the {limit:,} bytes the manifest lists" if limit < MAX_HASHED_BYTES
                            else f"{name}: too large to verify")
        elif actual != item.get("sha256"):
            problems.append(f"{name}: SHA-256 {actual} does not match the manifest's {item.get('sha256')}")
        else:
            checked.append(name)
    return problems


def nothing_unlisted(dossier: Dossier, checked: list[str]) -> list[str]:
    """No embedded file outside the manifest: a second manifest, an unlisted name, or a file stream reached
    other than through the name tree (a file-attachment annotation, an orphaned filespec)."""
    listed = {str(item.get("name", "")) for item in dossier.manifest["files"]}
    problems: list[str] = []
    manifests = sum(f.name == MANIFEST_NAME for f in dossier.files)
    if manifests > 1:
        problems.append(f"{MANIFEST_NAME}: embedded {manifests} times (only the first was read)")
    for name in sorted({f.name for f in dossier.files} - listed - {MANIFEST_NAME}):
        problems.append(f"{name}: embedded but not in the manifest")
    in_tree = {f.reference for f in dossier.files}
    for ref, where in sorted(dossier.graph.streams.items()):
        if ref not in in_tree:
            problems.append(f"embedded file (object {ref[0]}) at {where}: not in the manifest")
    return problems


def no_active_content(dossier: Dossier, checked: list[str]) -> list[str]:
    """Nothing runs when the PDF is opened: our renderer writes no JavaScript and no actions."""
    return [f"active content at {where}" for where in dossier.graph.active]


def assessment_matches_manifest(dossier: Dossier, checked: list[str]) -> list[str]:
    """The embedded assessment and card must be the ones the manifest names."""
    manifest = dossier.manifest
    problems: list[str] = []
    card: dict[str, Any] = manifest["card"] if isinstance(manifest.get("card"), dict) else {}
    cards = [f for f in manifest["files"] if f.get("role") == "card"]
    if cards and cards[0].get("sha256") != card.get("sha256"):
        problems.append("the embedded card's SHA-256 differs from the manifest's card hash")
    reports = [f for f in manifest["files"] if f.get("role") == "assessment"]
    copies = [f for f in dossier.files if reports and f.name == reports[0].get("name")]
    if copies:
        try:
            report = _json(copies[0].stream, "assessment", dossier.path)
        except ComplianceError:
            return [*problems, "the embedded assessment is not valid JSON"]
        if not isinstance(report, dict):
            return [*problems, "the embedded assessment is not a JSON object"]
        rulesets = [{"id": r.get("id"), "version": r.get("version"), "sha256": r.get("sha256")}
                    for r in report.get("rulesets", []) if isinstance(r, dict)]
        made_from: dict[str, Any] = report["card"] if isinstance(report.get("card"), dict) else {}
        if made_from.get("sha256") != card.get("sha256"):
            problems.append("the embedded assessment was made from another card")
        if rulesets != manifest.get("rulesets") or report.get("as_of") != manifest.get("as_of"):
            problems.append("the embedded assessment's rulesets or as-of date differ from the manifest")
    return problems


def one_revision(dossier: Dossier, checked: list[str]) -> list[str]:
    """Written in one go: no incremental update (one more revision per signature), nothing after %%EOF."""
    return revisions.describe(revisions.layout(dossier.raw), 1 + len(dossier.signatures))


def signatures_hold(dossier: Dossier, checked: list[str]) -> list[str]:
    """Each signature intact, valid for its certificate, covering the whole file (and trusted if asked)."""
    return [problem for check in dossier.signatures for problem in check.problems]


def _embedded_assessment(dossier: Dossier) -> dict[str, Any] | None:
    reports = [f for f in dossier.manifest["files"] if f.get("role") == "assessment"]
    copies = [f for f in dossier.files if reports and f.name == reports[0].get("name")]
    if not copies:
        return None
    try:
        report = _json(copies[0].stream, "assessment", dossier.path)
    except ComplianceError:
        return None
    return report if isinstance(report, dict) else None


def listed(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The card's evidence the dossier lists by SHA-256 without attaching it (older manifests have none)."""
    items = manifest.get("listed")
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


def evidence_matches_assessment(dossier: Dossier, checked: list[str]) -> list[str]:
    """Each embedded evidence file is the one the assessment was made from: same path and SHA-256 as the
    assessment's evidence record (changing a file and the manifest alone leaves the assessment behind); each
    evidence file listed without being attached carries the SHA-256 the assessment read, and every evidence
    record of the assessment is either attached, listed or reported missing."""
    report = _embedded_assessment(dossier)
    if report is None:
        return []
    records = {str(r.get("id")): r for r in report.get("evidence", []) if isinstance(r, dict)}
    problems: list[str] = []
    attached = [item for item in dossier.manifest["files"] if item.get("role") == "evidence"]
    for item in [*attached, *listed(dossier.manifest)]:
        name, evidence_id = str(item.get("name", "")), str(item.get("evidence_id", ""))
        record = records.get(evidence_id)
        if record is None:
            problems.append(f"{name}: evidence {evidence_id!r} is not in the embedded assessment")
        elif record.get("sha256") != item.get("sha256"):
            problems.append(f"{name}: the manifest's SHA-256 {item.get('sha256')} differs from the one the "
                            f"assessment was made from ({record.get('sha256')})")
    if "listed" in dossier.manifest:  # a manifest that selects evidence accounts for all of it
        names = {str(x.get("name", "")) for x in [*attached, *listed(dossier.manifest)]}
        missing = dossier.manifest.get("missing")
        ids = {str(x.get("evidence_id")) for x in [*attached, *listed(dossier.manifest),
                                                  *(missing if isinstance(missing, list) else [])]
               if isinstance(x, dict)}
        for evidence_id, record in sorted(records.items()):
            if evidence_id not in ids and embedded_name(str(record.get("path", ""))) not in names:
                problems.append(f"evidence {evidence_id!r} of the assessment is neither attached nor listed")
    return problems



def _appendix_text(reader: Any) -> str | None:
    """The text of the printed manifest appendix: from its named destination to the end of the document."""
    destinations = reader.named_destinations
    if APPENDIX_ANCHOR not in destinations:
        return None
    first = reader.get_destination_page_number(destinations[APPENDIX_ANCHOR])
    return "\n".join(page.extract_text() or "" for page in reader.pages[first:])


def appendix_matches_manifest(dossier: Dossier, checked: list[str]) -> list[str]:
    """The manifest printed at the end of the dossier lists the embedded manifest's files, sizes and hashes
    (and the card and ruleset hashes), and no hash the embedded manifest does not have."""
    text = _appendix_text(dossier.reader)
    if text is None:
        return ["no printed manifest appendix (the pages a reader sees cannot be compared with the manifest)"]
    joined = re.sub(r"\s+", "", text)
    manifest = dossier.manifest
    problems: list[str] = []
    expected: set[str] = set()
    for item in manifest["files"]:
        name, digest = str(item.get("name", "")), str(item.get("sha256", ""))
        expected.add(digest)
        if re.sub(r"\s+", "", name) not in joined:
            problems.append(f"{name}: in the embedded manifest but not in the printed manifest appendix")
        elif digest not in joined:
            problems.append(f"{name}: the printed manifest appendix shows another SHA-256 than the embedded "
                            f"manifest ({digest})")
    card: dict[str, Any] = manifest["card"] if isinstance(manifest.get("card"), dict) else {}
    others = [("the card", str(card.get("sha256", "")))]
    others += [(f"ruleset {r.get('id')}", str(r.get("sha256", ""))) for r in manifest.get("rulesets", [])
               if isinstance(r, dict)]
    others += [(f"listed evidence {x.get('evidence_id')}", str(x["sha256"])) for x in listed(manifest)
               if x.get("sha256")]
    for what, digest in others:
        expected.add(digest)
        if digest not in joined:
            problems.append(f"{what}: the printed manifest appendix shows another SHA-256 than the embedded "
                            f"manifest ({digest})")
    for line in text.splitlines():
        for digest in _HEX64.findall(line):
            if digest not in expected:
                problems.append(f"the printed manifest appendix lists SHA-256 {digest}, which the embedded "
                                "manifest does not have")
    return problems


CHECKS: tuple[Callable[[Dossier, list[str]], list[str]], ...] = (
    one_revision, signatures_hold, files_match_manifest, nothing_unlisted, no_active_content,
    assessment_matches_manifest, evidence_matches_assessment, appendix_matches_manifest)


def verify_pdf(path: Path, trust: tuple[Path, ...] = ()) -> Verification:
    """Check a dossier's consistency (and its signatures, against `trust` roots when given); raise
    ComplianceError when it is not a dossier."""
    from pypdf.errors import PyPdfError

    reader = _reader(path)
    errors: tuple[type[Exception], ...] = (*_READ_ERRORS, PyPdfError)
    try:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as raw:
            signed = tuple(signature.check(path, trust)) if signature.has_signature(raw) or trust else ()
            files = embedded(reader)
            dossier = Dossier(path, reader, files, walk(reader), _manifest(path, files), raw, signed)
            checked: list[str] = []
            problems = [problem for check in CHECKS for problem in check(dossier, checked)]
    except errors as exc:
        raise ComplianceError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    if trust and not signed:
        problems.append("--trust was given but the dossier carries no signature")
    return Verification(tuple(checked), tuple(problems), dossier.manifest, authenticity=signature.authenticity(signed),
                        signatures=signed)
