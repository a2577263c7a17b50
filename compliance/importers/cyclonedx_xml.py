"""CycloneDX XML BOMs read into the shape of their JSON form, with the line of every element.

The parser is expat with no document type allowed: a DOCTYPE (the only place entities can be declared,
and the way external entities and entity-expansion bombs get in) is refused before anything is built;
CycloneDX never needs one. Elements of other namespaces (extensions) are skipped.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from typing import Any

from ..errors import ComplianceError

NAMESPACE = re.compile(r"http://cyclonedx\.org/schema/bom/(\d+\.\d+)")
MAX_DEPTH = 64
# XML wrapper element → the JSON array it becomes (its children are the items).
LISTS = {"components", "licenses", "hashes", "externalReferences", "performanceMetrics", "users", "useCases",
         "technicalLimitations", "performanceTradeoffs", "ethicalConsiderations", "fairnessAssessments", "datasets",
         "inputs", "outputs", "tags", "authors", "dependencies", "properties", "services", "graphics", "collection",
         "energyConsumptions", "energyProviders"}
# Elements written once per item directly in their parent (JSON arrays without a wrapper).
REPEATED = {"data", "sensitiveData", "dependency"}
# Items of these wrappers keep their element name as a key: <licenses><license>…</license><expression>….
NAMED_ITEMS = {"licenses"}


class _Refused(Exception):
    pass


@dataclass
class _Element:
    name: str
    namespace: str
    attributes: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _tree(text: str, source: str) -> _Element:
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []
    roots: list[_Element] = []

    def refuse(*_: Any) -> None:
        raise _Refused

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise ComplianceError(f"{source}:{parser.CurrentLineNumber}: XML nested deeper than {MAX_DEPTH} levels")
        namespace, _, name = tag.rpartition("}")
        plain = {k.rpartition("}")[2]: v for k, v in attributes.items() if "}" not in k}
        element = _Element(name, namespace, plain, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _Refused:
        raise ComplianceError(f"{source}:{parser.CurrentLineNumber}: the XML declares a document type (DOCTYPE); "
                              "a CycloneDX BOM never needs one, and it is refused because entities can hide "
                              "external references") from None
    except xml.parsers.expat.ExpatError as exc:
        raise ComplianceError(f"{source}:{exc.lineno}: invalid XML: {xml.parsers.expat.ErrorString(exc.code)}") \
            from None
    return roots[0]


def _convert(element: _Element, namespace: str, path: str, lines: dict[str, int]) -> Any:
    lines[path] = element.line
    children = [c for c in element.children if c.namespace == namespace]
    if element.name in LISTS:
        converted: list[Any] = []
        for index, child in enumerate(children):
            item_path = f"{path}[{index}]"
            if element.name in NAMED_ITEMS:
                lines[item_path] = child.line
                converted.append({child.name: _convert(child, namespace, f"{item_path}.{child.name}", lines)})
            elif element.name == "datasets" and child.name == "ref":
                lines[item_path] = child.line
                converted.append({"ref": "".join(child.text).strip()})
            else:
                converted.append(_convert(child, namespace, item_path, lines))
        return converted
    text = "".join(element.text).strip()
    if not children:
        if element.attributes:
            leaf: dict[str, Any] = dict(element.attributes)
            if text:
                leaf["content"] = text
            return leaf
        return text
    result: dict[str, Any] = dict(element.attributes)
    for child in children:
        if child.name in REPEATED:
            bucket = result.setdefault(child.name, [])
            if isinstance(bucket, list):
                bucket.append(_convert(child, namespace, f"{path}.{child.name}[{len(bucket)}]", lines))
        elif child.name not in result:
            result[child.name] = _convert(child, namespace, f"{path}.{child.name}" if path else child.name, lines)
    return result


def read_xml_bom(text: str, source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The BOM in its JSON shape, and the line of each element by its JSON path (`components[0].name`)."""
    root = _tree(text, source)
    version = NAMESPACE.fullmatch(root.namespace)
    if root.name != "bom" or version is None:
        shown = f"{{{root.namespace}}}{root.name}" if root.namespace else root.name
        raise ComplianceError(f"{source}: not a CycloneDX BOM (the root element is {shown}, not a bom in the "
                              "http://cyclonedx.org/schema/bom/1.x namespace)")
    lines: dict[str, int] = {}
    bom = _convert(root, root.namespace, "", lines)
    if not isinstance(bom, dict):
        bom = {}
    bom.update({"bomFormat": "CycloneDX", "specVersion": version.group(1)})
    return bom, {k.lstrip("."): v for k, v in lines.items()}
