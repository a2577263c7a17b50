"""Whether every number of a document fits JSON is found while parsing (`YamlDocument.fits_json`), on the plain
path and through the composer alike, and `schema_check.number_problems` trusts it."""

from __future__ import annotations

import pytest

from compliance import schema_check, yaml_source
from compliance.schema_check import number_problems
from compliance.yaml_source import parse_yaml


@pytest.mark.parametrize(("text", "fits"), [
    ("a: 1\nb: [2.5, -3, 0x1F, 1_000, 1:30]\n", True), ("a: '1e999'\nb: \".inf\"\n", True),
    ("a: true\nb: null\n", True),
    ("a: .inf\n", False), ("a: [1, -.inf]\n", False), ("a: {b: .nan}\n", False), ("a: 1e999\n", False),
    ("a: " + "9" * 400 + "\n", False), ("a: !!float 1e999\n", False), ("a: !!str 1e999\n", True),
    ("a: !!int " + "1" * 320 + "\n", False), ("a: [.nan, .nan]\nb: .NaN\n", False), ("", True)])
def test_the_parse_says_whether_its_numbers_fit_json(text: str, fits: bool) -> None:
    doc = parse_yaml(text, "src")
    assert doc.fits_json is fits
    assert bool(number_problems(doc)) is not fits


def test_a_plain_document_is_not_walked_for_its_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain path learns it as it makes each number; only the composer's documents are walked."""
    def walked(*_: object) -> None:
        raise AssertionError("walked")

    monkeypatch.setattr(yaml_source, "_fits_json", walked)
    monkeypatch.setattr(schema_check, "_numbers", walked)
    assert number_problems(parse_yaml("a: [1, 2.5]\nb: {c: -1, d: x}\n", "src")) == []
    assert parse_yaml("a: [1, .inf]\n", "src").fits_json is False
    with pytest.raises(AssertionError):
        parse_yaml("a: !!float 1\n", "src")  # tagged: through the composer, which walks
