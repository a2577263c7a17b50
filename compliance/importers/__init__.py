"""Read what other model descriptions already say (Hugging Face and ModelScope model cards, Chinese READMEs,
CycloneDX ML-BOMs in JSON or XML) into a starter card; every value keeps the file, line and field it came
from."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import ComplianceError
from ..init_card import Imported
from ..model import Vocabulary
from ..strict_json import loads as strict_json
from ..yaml_source import decode_text, read_bytes

MAX_SOURCE_BYTES = 8 * 1024 * 1024
_XML_START = re.compile(r"^(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?bom[\s>/]", re.DOTALL)


def import_description(source: Path, card_folder: Path, vocabulary: Vocabulary, today: str) -> Imported:
    """Import a model card README (Markdown, optionally with YAML front matter) or a CycloneDX BOM."""
    if not source.is_file():
        raise ComplianceError(f"{source}: file not found")
    text = decode_text(read_bytes(source, str(source), MAX_SOURCE_BYTES), str(source))
    head = text.lstrip()
    suffix = source.suffix.lower()
    if suffix == ".json" or head.startswith("{"):
        from .cyclonedx import import_bom

        try:
            data = strict_json(text, non_finite=True)
        except json.JSONDecodeError as exc:
            raise ComplianceError(f"{source}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        except RecursionError:
            raise ComplianceError(f"{source}: JSON nested too deeply") from None
        except ValueError as exc:
            raise ComplianceError(f"{source}: invalid JSON: {exc}") from None
        return import_bom(data, source, card_folder, vocabulary, today)
    if suffix == ".xml" or head.startswith("<?xml") or _XML_START.match(head):
        from .cyclonedx import import_bom
        from .cyclonedx_xml import read_xml_bom

        bom, lines = read_xml_bom(text, str(source))
        return import_bom(bom, source, card_folder, vocabulary, today, lines)
    from .huggingface import import_model_card

    return import_model_card(text, source, card_folder, vocabulary, today)
