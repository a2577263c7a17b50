"""Read what other model descriptions already say (Hugging Face model cards, CycloneDX ML-BOMs) into a
starter card; every value keeps the name of the field it came from."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ComplianceError
from ..init_card import Imported
from ..model import Vocabulary
from ..yaml_source import decode_text, read_bytes

MAX_SOURCE_BYTES = 8 * 1024 * 1024


def import_description(source: Path, card_folder: Path, vocabulary: Vocabulary, today: str) -> Imported:
    """Import a Hugging Face README (Markdown with YAML front matter) or a CycloneDX JSON BOM."""
    if not source.is_file():
        raise ComplianceError(f"{source}: file not found")
    text = decode_text(read_bytes(source, str(source), MAX_SOURCE_BYTES), str(source))
    if source.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        from .cyclonedx import import_bom

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ComplianceError(f"{source}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        return import_bom(data, source, card_folder, vocabulary, today)
    from .huggingface import import_model_card

    return import_model_card(text, source, card_folder, vocabulary, today)
