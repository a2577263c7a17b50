"""Frozen records behave as frozen dataclasses do: equality, hashing, representation, replace, frozen."""

from __future__ import annotations

import dataclasses

import pytest

from compliance.model import EvidenceUse, Reason, Text
from compliance.records import record


@record
class Pair:
    left: int
    right: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class PlainPair:
    left: int
    right: tuple[str, ...] = ()


def test_records_compare_hash_and_show_like_dataclasses() -> None:
    assert Pair(1, ("a",)) == Pair(1, ("a",)) and Pair(1) != Pair(2)
    assert hash(Pair(1, ("a",))) == hash(Pair(1, ("a",))) == hash(PlainPair(1, ("a",)))
    assert repr(Pair(1, ("a",))) == repr(PlainPair(1, ("a",))).replace("PlainPair", "Pair")
    assert Pair(1) != PlainPair(1)  # another class is never equal, as with dataclasses
    assert {Pair(1), Pair(1), Pair(2)} == {Pair(1), Pair(2)}


def test_records_are_frozen_dataclasses() -> None:
    pair = Pair(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.left = 2  # type: ignore[misc]
    assert dataclasses.is_dataclass(pair) and dataclasses.replace(pair, left=3) == Pair(3)
    assert [f.name for f in dataclasses.fields(pair)] == ["left", "right"]


def test_model_classes_are_records() -> None:
    assert Text((("en", "x"),)) == Text.of({"en": "x"}) and Text.of(None) == Text()
    assert Reason("a", {"x": 1}) == Reason("a", {"x": 1}) and Reason("a") != Reason("b")
    use = EvidenceUse("rms", "risk-management-plan", "rms.md", None, "2028-01-01", True)
    assert dataclasses.replace(use, satisfied=False).satisfied is False
