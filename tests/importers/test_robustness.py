"""Badly typed fields in a model card or BOM never crash the importers and never reach the card:
every import either fails with one ComplianceError or gives a card that validates."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance.card import parse_card
from compliance.errors import ComplianceError
from compliance.importers import import_description
from compliance.init_card import answer_questions, render_card
from compliance.model import Vocabulary

from .conftest import FIXTURES

ODD: tuple[Any, ...] = (None, 1, 2.5, True, [], {}, "x", ["a", 1], {"a": [1]}, [[1]], "", [None])


def _mutate(node: Any, rng: random.Random) -> None:
    """Replace one value somewhere in the tree with a value of another type."""
    if isinstance(node, dict) and node:
        key = rng.choice(sorted(node))
        if rng.random() < 0.5:
            node[key] = copy.deepcopy(rng.choice(ODD))
        else:
            _mutate(node[key], rng)
    elif isinstance(node, list) and node:
        index = rng.randrange(len(node))
        if rng.random() < 0.5:
            node[index] = copy.deepcopy(rng.choice(ODD))
        else:
            _mutate(node[index], rng)


def _variants(count: int) -> list[tuple[str, str]]:
    bom = json.loads((FIXTURES / "cyclonedx" / "bom.json").read_text())
    readme = (FIXTURES / "huggingface" / "README.md").read_text()
    end = readme.index("\n---", 4)
    front, body = yaml.safe_load(readme[4:end]), readme[end + 4:]
    rng = random.Random(20270101)
    variants = []
    for n in range(count):
        if n % 2:
            mutated = copy.deepcopy(bom)
            _mutate(mutated, rng)
            _mutate(mutated, rng)
            variants.append(("bom.json", json.dumps(mutated)))
        else:
            mutated = copy.deepcopy(front)
            _mutate(mutated, rng)
            _mutate(mutated, rng)
            variants.append(("README.md", "---\n" + yaml.safe_dump(mutated) + "---" + body))
    return variants


def _line_variants(count: int) -> list[tuple[str, str]]:
    """Model cards and the XML BOM with lines dropped, repeated, swapped or cut, and stray fences and markup."""
    sources = [("bom.xml", (FIXTURES / "cyclonedx" / "bom.xml").read_text())] + [
        (path.name, path.read_text()) for path in sorted((FIXTURES / "model-cards").glob("*-shape.md"))]
    extras = ["```", "~~~", "<!--", "-->", "# ", "**", "- **Release date:** 2024-13-45", "</bom>", "<bom>", "---",
              "[x](", "<h1>", "**License:**", "&amp;", "\ufeff"]
    rng = random.Random(20270102)
    variants = []
    for n in range(count):
        name, text = sources[n % len(sources)]
        lines = text.splitlines()
        for _ in range(3):
            action, at = rng.randrange(4), rng.randrange(len(lines))
            if action == 0:
                del lines[at]
            elif action == 1:
                lines.insert(at, rng.choice(extras))
            elif action == 2:
                other = rng.randrange(len(lines))
                lines[at], lines[other] = lines[other], lines[at]
            else:
                lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
        variants.append((name, "\n".join(lines) + "\n"))
    return variants


@pytest.mark.parametrize(("name", "content"), _variants(120) + _line_variants(80))
def test_mutated_inputs_fail_cleanly_or_give_a_valid_card(tmp_path: Path, vocabulary: Vocabulary, name: str,
                                                          content: str) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    for relative in ("docs/model-card.md", "data/datasheet.md"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((FIXTURES / "cyclonedx" / relative).read_bytes())
    try:
        imported = import_description(source, tmp_path, vocabulary, "2027-01-10")
    except ComplianceError:
        return
    text = render_card(answer_questions(imported, {}, None), imported)
    parse_card(text.encode(), tmp_path / "card.yaml", vocabulary)


HOSTILE_LINES = {
    "atx heading padded with spaces": "# a" + " " * 200_000 + "x",
    "unclosed italics": " *a" * 60_000,
    "unclosed images": "![a](" * 40_000,
    "unclosed template braces": "{{" * 100_000,
    "html heading openers": "<h1>" * 50_000,
    "brackets": "[" * 200_000,
    "bold markers": "**a" * 60_000,
    "autolinks": "<https://a" * 40_000,
    "sentence without end": "MedBot is " + "a " * 100_000,
    "field key": "**" + "k" * 100_000 + ":** v",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_hostile_readme_lines_cost_linear_time(tmp_path: Path, name: str) -> None:
    from tests.documents.budget import within_cpu_budget

    readme = tmp_path / "README.md"
    readme.write_text(f"---\nlicense: mit\n---\n# MedBot\n\n{HOSTILE_LINES[name]}\n\n## Uses\n\n"
                      f"{HOSTILE_LINES[name]}\n", encoding="utf-8")
    code = ("from pathlib import Path\nfrom compliance.importers import import_description\n"
            "from compliance.model import Vocabulary\n"
            f"import_description(Path({str(readme)!r}), Path({str(tmp_path)!r}), Vocabulary({{}}, {{}}),"
            " '2027-01-10')\n")
    finished = within_cpu_budget(code, seconds=5)
    assert finished.returncode == 0, finished.stderr[-2000:]
