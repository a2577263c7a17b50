"""Frozen records behave as frozen dataclasses do: equality, hashing, representation, replace, frozen."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

from compliance.model import EvidenceUse, Reason, Text
from compliance.records import field, record


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


@record
class WithFactory:
    name: str
    items: list[int] = dataclasses.field(default_factory=list)


def test_records_make_a_fresh_default_per_instance_and_refuse_deletion() -> None:
    first, second = WithFactory("a"), WithFactory("b")
    assert first.items == [] and first.items is not second.items
    assert WithFactory("c", [1]).items == [1] and WithFactory(name="d", items=[2]).items == [2]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del first.name
    with pytest.raises(TypeError):
        WithFactory()  # type: ignore[call-arg]
    assert dataclasses.fields(first)[1].default_factory is list
    assert type(first).__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_records_refuse_what_their_init_does_not_write() -> None:
    class Later:
        name: str
        code: int = dataclasses.field(default=0, init=False)

    with pytest.raises(TypeError, match="plain fields only"):
        record(Later)

    class Checked:
        name: str

        def __post_init__(self) -> None:
            raise AssertionError

    with pytest.raises(TypeError, match="plain fields only"):
        record(Checked)


@record
class Shaped:
    first: int
    second: str = "b"
    third: list[int] = dataclasses.field(default_factory=list)


@record
class SameShape:
    left: int
    right: str = "r"
    rest: list[int] = dataclasses.field(default_factory=list)


def test_records_of_one_shape_keep_their_own_names_defaults_and_errors() -> None:
    shaped, same = Shaped(1), SameShape(left=2, rest=[3])
    assert shaped.__dict__ == {"first": 1, "second": "b", "third": []} and vars(same) == {
        "left": 2, "right": "r", "rest": [3]}
    assert Shaped.__init__.__qualname__ == Shaped.__init__.__code__.co_qualname == "Shaped.__init__"
    assert Shaped.__init__.__code__.co_varnames[:4] == ("self", "first", "second", "third")
    with pytest.raises(TypeError, match=r"^Shaped\.__init__\(\) missing 1 required positional argument: 'first'$"):
        Shaped()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^SameShape\.__init__\(\) got an unexpected keyword argument 'first'$"):
        SameShape(first=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^Shaped\.__init__\(\) got multiple values for argument 'first'$"):
        Shaped(1, first=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"takes from 2 to 4 positional arguments but 5 were given"):
        Shaped(1, "a", [], 4)  # type: ignore[call-arg]


def test_records_refuse_a_required_field_after_a_default() -> None:
    class Misordered:
        name: str = ""
        code: int

    with pytest.raises(TypeError, match="non-default argument 'code' follows default argument"):
        record(Misordered)


def test_records_collect_fields_as_dataclasses_do() -> None:
    class Plain:
        name: str
        size: int = dataclasses.field(default=3, metadata={"unit": "cm"})
        tags: tuple[str, ...] = ()
        items: list[int] = dataclasses.field(default_factory=list, repr=False)

    class Twin:
        name: str
        size: int = dataclasses.field(default=3, metadata={"unit": "cm"})
        tags: tuple[str, ...] = ()
        items: list[int] = dataclasses.field(default_factory=list, repr=False)

    made, plain = record(Plain), dataclasses.dataclass(init=False, eq=False, repr=False)(Twin)

    def described(cls: type) -> list[tuple[object, ...]]:
        return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, dict(f.metadata),
                 f.kw_only) for f in dataclasses.fields(cls)]

    assert described(made) == described(plain)
    assert made.__match_args__ == plain.__match_args__ == ("name", "size", "tags", "items")  # type: ignore[attr-defined]
    assert made.size == 3 and made.tags == () and "items" not in vars(made)  # class attributes, as dataclasses
    assert dataclasses.asdict(made("a", items=[1])) == {"name": "a", "size": 3, "tags": (), "items": [1]}


def test_records_leave_class_variables_and_mutable_defaults_to_dataclasses() -> None:
    class Counted:
        registry: typing.ClassVar[dict[str, int]] = {}
        name: str

    made = record(Counted)
    assert [f.name for f in dataclasses.fields(made)] == ["name"] and made("a").registry == {}

    class Shared:
        items: list[int] = []  # noqa: RUF012

    with pytest.raises(ValueError, match="mutable default"):
        record(Shared)


def test_records_make_their_init_when_first_looked_up() -> None:
    @record
    class Later:
        name: str
        size: int = 1

    assert not isinstance(vars(Later)["__init__"], types.FunctionType)  # nothing compiled for it yet

    class Child(Later):  # a plain subclass makes its parent's __init__ through its own instances
        pass

    assert Child("a") == Child("a") and Child("a").size == 1 and vars(Child("b", 2)) == {"name": "b", "size": 2}
    assert isinstance(vars(Later)["__init__"], types.FunctionType) and Later("c").name == "c"
    assert Later.__init__.__qualname__.endswith(".Later.__init__")


def test_a_record_without_field_makes_its_fields_when_first_asked_for() -> None:
    @record
    class Later:
        name: str
        size: int = 1
        tags: tuple[str, ...] = ()

    assert not isinstance(vars(Later)["__dataclass_fields__"], dict)  # nothing made for them yet
    assert dataclasses.is_dataclass(Later) and Later.__match_args__ == ("name", "size", "tags")  # type: ignore[attr-defined]

    class Child(Later):  # read through a subclass, the parent's fields are made and kept on the parent
        pass

    assert [f.name for f in dataclasses.fields(Child("a"))] == ["name", "size", "tags"]
    assert isinstance(vars(Later)["__dataclass_fields__"], dict) and "__dataclass_fields__" not in vars(Child)
    assert dataclasses.replace(Later("a"), size=2) == Later("a", 2)
    assert dataclasses.asdict(Later("b")) == {"name": "b", "size": 1, "tags": ()}

    @dataclasses.dataclass(frozen=True)
    class Extended(Later):
        extra: int = 0

    assert [f.name for f in dataclasses.fields(Extended)] == ["name", "size", "tags", "extra"]


def _records() -> list[type]:
    """Every record class of the package (all its modules imported)."""
    import importlib
    import pkgutil

    import compliance

    found = []
    for module in pkgutil.walk_packages(compliance.__path__, "compliance."):
        names = vars(importlib.import_module(module.name))
        found += [value for value in names.values() if isinstance(value, type) and "__record_names__" in vars(value)
                  and value.__module__ == module.name]
    return found


def _described(cls: type) -> list[tuple[object, ...]]:
    return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, dict(f.metadata),
             f.kw_only, f._field_type) for f in dataclasses.fields(cls)]  # type: ignore[attr-defined]


def test_the_fields_of_every_record_of_the_package_are_those_dataclasses_make() -> None:
    """Made later or at once, each record's fields equal those of the same class body given to dataclasses."""
    records = _records()
    assert len(records) > 60
    for cls in records:
        annotations = vars(cls)["__annotations__"]
        factories = {f.name: f.default_factory for f in dataclasses.fields(cls)}  # a factory leaves no class attribute
        body: dict[str, object] = {"__annotations__": dict(annotations), "__module__": cls.__module__}
        for name in annotations:
            if factories.get(name, dataclasses.MISSING) is not dataclasses.MISSING:
                body[name] = dataclasses.field(default_factory=factories[name])
            elif hasattr(cls, name):  # a default (fields made later read theirs from the class, as here)
                body[name] = getattr(cls, name)
        twin = dataclasses.dataclass(init=False, eq=False, repr=False)(type(cls.__name__, (), body))
        assert _described(cls) == _described(twin), cls
        assert cls.__match_args__ == twin.__match_args__  # type: ignore[attr-defined]


def test_every_record_init_is_whole_code_whose_line_table_covers_exactly_its_instructions() -> None:
    """A record's `__init__` is a compiled template with its own names, never bytecode spliced from pieces:
    a spliced template kept the widest one's line table, which described code it no longer had, and Python
    3.11 crashed (segmentation fault) tracing it under `sys.settrace`, as debuggers and coverage do; on 3.12
    and 3.13 its pieces named the wrong globals (d6535de, reverted)."""
    for cls in _records():
        code = cls.__init__.__code__  # type: ignore[misc]
        assert max(end for _, end, _ in code.co_lines()) == len(code.co_code), cls
        assert len(list(code.co_positions())) == len(code.co_code) // 2, cls


@record
class Defaults:
    name: str
    size: int = field(default=3)
    items: list[int] = field(default_factory=list)


def test_records_field_gives_a_default_or_a_factory_as_dataclasses_field_does() -> None:
    @dataclasses.dataclass(init=False, eq=False, repr=False)
    class Twin:
        name: str
        size: int = dataclasses.field(default=3)
        items: list[int] = dataclasses.field(default_factory=list)

    assert _described(Defaults) == _described(Twin)
    assert Defaults.size == 3 and not hasattr(Defaults, "items") and not hasattr(Twin, "items")
    first, second = Defaults("a"), Defaults("b", 4, [1])
    assert first.items == [] and first.items is not Defaults("c").items and (second.size, second.items) == (4, [1])
    assert type(first).__dataclass_params__.frozen  # type: ignore[attr-defined]
    for wrong in ({}, {"default": 1, "default_factory": list}):
        with pytest.raises(TypeError, match="a default or a default_factory"):
            field(**wrong)


def test_a_check_does_not_import_dataclasses(tmp_path: Path) -> None:
    """Its records are defined, made, compared and shown without it (importing it was ~0.7 ms of a check), as
    json and as a table, with a warm cache (the libraries that read PDF and DOCX outlines import it)."""
    code = ("import sys\nfrom compliance.__main__ import import_libraries\nimport_libraries()\n"
            "from compliance.cli_check import main\n"
            "sys.argv = ['compliance', 'check', 'examples/medtriage/card.yaml', '-f', sys.argv[1], '-o', sys.argv[2],"
            " '--as-of', '2026-11-25']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('dataclasses' in sys.modules)\n")
    env = {"PATH": "/usr/bin:/bin", "COMPLIANCE_CACHE_DIR": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    root = Path(__file__).resolve().parents[1]
    imported = []
    for format in ("json", "json", "table"):  # the first warms the cache
        ran = subprocess.run([sys.executable, "-c", code, format, str(tmp_path / format)], capture_output=True,
                             text=True, env=env, cwd=root, check=False, timeout=300)
        imported.append(ran.stdout.strip() or ran.stderr)
    assert imported[1:] == ["False", "False"], imported
    assert (tmp_path / "table").read_text(encoding="utf-8").startswith("MedTriage")
