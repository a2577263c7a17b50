"""`init` → `todo` → `evidence scaffold` → write the sections → `todo` … → zero gaps, as a person would do it:
only the commands' output is read (the plan's "start with" commands, the card entry scaffold prints, the
card paths named in the plan), never the rulesets or the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from compliance.cli import app

AS_OF = "2026-12-05"
PLACEHOLDER = re.compile(r"\[TODO: ([^\]]*)\]|【待补充：([^】]*)】")
SCAFFOLD = re.compile(r"`compliance evidence scaffold (\S+) -o (\S+)(?: --lang zh)?`")
CARD_FIELD = re.compile(r"`((?:[a-z_0-9]+\.)+[a-z_0-9]+)` \((one of|a list of) ([^)]*)\)")
METRIC = re.compile(r"([a-z_0-9]+) ([≥≤=]) ([0-9.]+)")


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def write_like_a_person(prompt: str) -> str:
    """What someone writes where the template asks for it (values of every kind a section may ask for)."""
    if prompt.startswith(("state ", "须写明")):
        return ("Contact: dpo@example.org, +49 30 1234 5678, https://example.org/privacy; reviewed every "
                "6 months since 2026-01-01; 95 % of staff trained.")
    return f"Our procedure: {prompt.rstrip('.')}. Owner: the compliance lead; records kept for ten years."


def fill(template: str) -> str:
    return PLACEHOLDER.sub(lambda m: write_like_a_person(m.group(1) or m.group(2)), template)


def add_to_card(card: Path, entry: str, metrics: dict[str, float]) -> None:
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    lines = [line for line in entry.splitlines() if line.startswith("  ")]   # the YAML lines to paste
    for item in yaml.safe_load("\n".join(line for line in lines if line.startswith("  - "))) or []:
        item["date"] = str(item["date"])
        if metrics:
            item["metrics"] = metrics
        data.setdefault("evidence", []).append(item)
    measures = yaml.safe_load("\n".join(line for line in lines if not line.startswith("  - "))) or {}
    for measure, ids in measures.items():
        data.setdefault("measures", {}).setdefault(measure, []).extend(ids)
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# What the person knows about their system: an EU provider of a clinician-facing assistant. Other scoping
# questions get the plain answer (no, none); a card answer that fails a check gets the compliant value.
PERSONA: dict[str, object] = {
    "system.ai_system": True, "system.generative": True, "system.users": ["clinicians"],
    "deployment.markets": ["EU"], "organisation.established_in": "EU", "organisation.roles.eu_ai_act": ["provider"],
    "data.personal_data": True, "organisation.roles.gdpr": ["controller"], "data.special_categories": ["health"],
}


def answer(card: Path, path: str, shape: str, allowed: str, scoping: bool) -> None:
    """Answer a card field the plan names, with a value it says is allowed."""
    values = [v.strip() for v in allowed.split(",")]
    if scoping:
        value: object = PERSONA.get(path, False if "true" in values else "none" if "none" in values else
                                    [] if shape == "a list of" else values[0])
        _write(card, path, value)
        return
    value = True if "true" in values else values[0]
    _write(card, path, [value] if shape == "a list of" else value)


def _write(card: Path, path: str, value: object) -> None:
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    *parents, leaf = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def item_metrics(plan: str, kind: str) -> dict[str, float]:
    """The thresholds the plan lists for a kind's item, met exactly."""
    block = plan.split(f"`compliance evidence scaffold {kind} ")[0].rsplit("\n## ", 1)[-1]
    found = re.search(r"\*\*metrics\*\*: (.*)", block)
    return {name: float(value) for name, _, value in METRIC.findall(found.group(1))} if found else {}


def test_scaffold_and_todo_take_a_new_card_to_zero_gaps(tmp_path: Path) -> None:
    runner = CliRunner()
    card = tmp_path / "card.yaml"
    run(runner, "init", str(card), "--yes")
    for _ in range(10):
        plan = run(runner, "todo", str(card), "--as-of", AS_OF, "--format", "md")
        commands = SCAFFOLD.findall(plan)
        sections = {heading.split("\n", 1)[0]: heading for heading in plan.split("\n## ")}
        questions = CARD_FIELD.findall(sections.get("Scoping questions to answer first", ""))
        answers = CARD_FIELD.findall(sections.get("Card answers that fail a check (change the answer or the system):",
                                                  ""))
        if not commands and not answers and not questions:
            break
        for kind, path in commands:
            entry = run(runner, "evidence", "scaffold", kind, "-o", str(tmp_path / path), "--date", AS_OF)
            target = tmp_path / path
            target.write_text(fill(target.read_text(encoding="utf-8")), encoding="utf-8")
            add_to_card(card, entry.replace(str(tmp_path / path), path), item_metrics(plan, kind))
        for path, shape, allowed in dict.fromkeys(questions):
            answer(card, path, shape, allowed, scoping=True)
        for path, shape, allowed in dict.fromkeys(answers):
            answer(card, path, shape, allowed, scoping=False)
    else:
        raise AssertionError(f"the plan did not converge:\n{plan}")
    assert "Nothing to do" in plan, plan
    result = runner.invoke(app, ["check", str(card), "--as-of", AS_OF, "--format", "json"])
    statuses = {f["id"]: f["status"] for f in json.loads(result.output)["findings"]}
    assert not [k for k, v in statuses.items() if v in ("gap", "error")]
    assert "met" in statuses.values()
