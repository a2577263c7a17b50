"""Frozen records: the pipeline's data classes, as frozen dataclasses that cost less to define.

`dataclasses.dataclass(frozen=True)` writes and compiles six methods for every class (`__init__`,
`__repr__`, `__eq__`, `__hash__` and the two frozen guards), and builds a docstring with `inspect` for a
class without one; with some seventy classes on the path of `check`, defining them was about a tenth of
a run. `record` collects the fields as dataclasses does (no methods written; a plain class without
dataclasses' per-annotation regular expressions), makes an `__init__` when it is first looked up, which
sets each field from one template compiled per shape, and gives every class the same frozen guards,
`__eq__`, `__hash__` and `__repr__`, which behave exactly as dataclasses' own: assignment and deletion raise
`FrozenInstanceError`, equality and hashing compare the fields in order, the representation shows them.
They stay dataclasses: `dataclasses.replace`, `fields`, `asdict` and `is_dataclass` work on them (the `Field`
objects of a class written without `dataclasses.field()` are made when first asked for, and so are their shared
parameters). Written with this module's `field` for a default factory, the records of a `check` never import
dataclasses (~0.7 ms: its module and the regular expression it compiles), which whatever asks for their fields does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from itertools import repeat
from operator import attrgetter
from types import CodeType, FunctionType, MethodType
from typing import TYPE_CHECKING, Any, TypeVar, cast, dataclass_transform, overload

from .record_templates import WRITTEN

if TYPE_CHECKING:
    from dataclasses import Field

T = TypeVar("T")


def _values(self: Any) -> tuple[Any, ...]:
    return type(self).__record_values__(self)  # type: ignore[no-any-return]


def _eq(self: Any, other: object) -> object:  # NotImplemented for another class, as dataclasses do
    if other.__class__ is not self.__class__:
        return NotImplemented
    return bool(_values(self) == _values(other))


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={value!r}" for name, value in zip(type(self).__record_names__, _values(self),
                                                                 strict=True))
    return f"{type(self).__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _single(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a class with one field or none, as a tuple (attrgetter of one name gives the value)."""
    return (lambda self: (getattr(self, names[0]),)) if names else (lambda self: ())


class _Factory:
    """The default of a parameter whose field has a `default_factory`: the factory is called in `__init__`."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _source(count: int, factories: tuple[int, ...]) -> str:
    """The text of an `__init__` of `count` fields, those at `factories` calling their factory when not given:
    parameters `_0, _1...`, field names `"\\x00" + position` among the constants."""
    body = "".join(f"    __set(self, '\\x00{i}', __f_{i}() if _{i} is __factory else _{i})\n" if i in factories
                   else f"    __set(self, '\\x00{i}', _{i})\n" for i in range(count))
    return f"def __init__(self{''.join(f', _{i}' for i in range(count))}):\n{body or '    pass'}\n"


def _compiled(count: int, factories: tuple[int, ...]) -> CodeType:
    """The code of `_source`'s text for that shape, compiled here (with this module's future flags, as the
    templates written out in `record_templates` have them)."""
    namespace: dict[str, Any] = {}
    exec(_source(count, factories), namespace)
    return namespace["__init__"].__code__  # type: ignore[no-any-return]


# The package's shapes are written out (compiling them was ~0.13 ms each, 18 in a check); others are compiled once.
_TEMPLATES: dict[tuple[int, tuple[int, ...]], CodeType] = {shape: made.__code__ for shape, made in WRITTEN.items()}


def _template(count: int, factories: tuple[int, ...]) -> CodeType:
    """The code of an `__init__` of that shape: from `record_templates`, or else compiled once (`_compiled`). A
    class's `__init__` is a copy with its own names (compiling one per class was a tenth of an import)."""
    code = _TEMPLATES.get((count, factories))
    if code is None:
        code = _TEMPLATES[(count, factories)] = _compiled(count, factories)
    return code


def _check_order(cls: type, names: list[str], defaults: dict[str, Any]) -> None:
    """Refuse, when the class is defined, the fields an `__init__` cannot take (as dataclasses do)."""
    if "self" in names:
        raise TypeError(f"{cls.__qualname__}: a record has no field named self")
    for name in names[len(names) - len(defaults):]:
        if name not in defaults:
            raise TypeError(f"non-default argument {name!r} follows default argument")


_PLACES: list[str] = []  # "\x000", "\x001"...: the constants a template holds for its fields, in field order


def _init(cls: type, names: list[str], defaults: dict[str, Any]) -> Callable[..., None]:
    """`__init__(self, a, b=<default>, ...)` setting each field with `object.__setattr__`, as dataclasses'
    frozen classes do (writing `self.__dict__` instead would make every later attribute read slower). The
    defaults are the last fields' in order (`_check_order`), so their values are the parameters' defaults."""
    values = tuple(defaults.values())
    first = len(names) - len(values)
    factories = tuple(i for i, value in enumerate(values, first) if type(value) is _FactoryOf)
    template = _template(len(names), factories)
    _PLACES.extend(f"\x00{i}" for i in range(len(_PLACES), len(names)))
    placed = dict(zip(_PLACES, names, strict=False))  # _PLACES may be longer
    code = template.replace(co_varnames=("self", *names), co_name="__init__",
                            co_qualname=f"{cls.__qualname__}.__init__",
                            co_consts=tuple(map(placed.get, template.co_consts, template.co_consts)))
    namespace: dict[str, Any] = {"__factory": _FACTORY, "__set": object.__setattr__}
    for i in factories:
        namespace[f"__f_{i}"] = values[i - first].factory
    if factories:
        values = tuple(_FACTORY if type(value) is _FactoryOf else value for value in values)
    return FunctionType(code, namespace, "__init__", values or None)  # its __qualname__ is the code's


class _LazyInit:
    """A record's `__init__` until it is first looked up (to make an instance, or read from the class): then
    it is made, put in its place on the class, and returned. Making them (compiling each shape) was half of
    importing the model; now a command pays only for the records it makes (a check of the example leaves
    nine of those it imports unmade, among them requirements, built without `__init__`, and problems)."""

    __slots__ = ("cls", "defaults", "names")

    def __init__(self, cls: type, names: list[str], defaults: dict[str, Any]) -> None:
        self.cls, self.names, self.defaults = cls, names, defaults

    def __get__(self, instance: object, owner: type | None = None) -> Callable[..., None]:
        made = _init(self.cls, self.names, self.defaults)
        type.__setattr__(self.cls, "__init__", made)
        return made if instance is None else MethodType(made, instance)


class _FactoryOf:
    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


_ABSENT: Any = object()  # no default (dataclasses' MISSING, without importing dataclasses)


@overload
def field(*, default: T) -> T: ...


@overload
def field(*, default_factory: Callable[[], T]) -> T: ...


def field(*, default: Any = _ABSENT, default_factory: Any = _ABSENT) -> Any:
    """A record field's default, or the factory called for each instance that is not given one: what
    `dataclasses.field` with one of these two parameters means for a record, without importing dataclasses."""
    if (default is _ABSENT) == (default_factory is _ABSENT):
        raise TypeError("a record field takes a default or a default_factory")
    return default if default_factory is _ABSENT else _FactoryOf(default_factory)


@cache
def _dataclasses() -> tuple[Any, Any]:
    """What records take from dataclasses, imported when a record's fields or parameters are first asked for (or a
    class is not plain): the parameters the plain records share, those of a dataclass made as records are (frozen,
    as they are), and how dataclasses marks a real field."""
    from dataclasses import dataclass, fields

    @dataclass(init=False, eq=False, repr=False)
    class _Probe:
        """A dataclass as records are made (a docstring: dataclasses would work one out with inspect)."""

        value: int

    params = _Probe.__dataclass_params__  # type: ignore[attr-defined]
    object.__setattr__(params, "frozen", True)
    return params, fields(_Probe)[0]._field_type  # type: ignore[attr-defined]


class _SharedParams:
    """`__dataclass_params__` of a plain record: the parameters the plain records share, made when first read
    (`_dataclasses`)."""

    __slots__ = ()

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return _dataclasses()[0]


_PARAMS = _SharedParams()
_SPECIAL = ("ClassVar", "InitVar", "KW_ONLY")
_EVERY_CLASS = frozenset(dir(type))  # what a plain class answers besides its own attributes: type's and object's


def _plain(annotations: dict[str, Any]) -> bool:
    """Whether every annotation is a string naming none of ClassVar, InitVar and KW_ONLY (one search of each
    word in them all, joined by a newline that no word holds, instead of three per annotation)."""
    try:
        joined = "\n".join(annotations.values())
    except TypeError:  # an annotation that is not a string
        return False
    return not any(word in joined for word in _SPECIAL)


def _field_of(name: str, kind: Any, default: Any) -> Field[Any]:
    """What `field(default=default)` (`field(default_factory=...)` for a `_FactoryOf`, a field without default for
    `_ABSENT`) becomes for `name: kind` in a dataclass, kw_only False as dataclasses sets it."""
    from dataclasses import MISSING, Field

    factory = default.factory if type(default) is _FactoryOf else MISSING
    value = MISSING if default is _ABSENT or factory is not MISSING else default
    made = Field(value, factory, True, True, None, True, None, False)  # type: ignore[arg-type]
    made.name, made.type, made._field_type = name, kind, _dataclasses()[1]  # type: ignore[attr-defined]
    return made


def _dataclass(cls: type[T]) -> type[T]:
    """`dataclass(init=False, eq=False, repr=False)(cls)`: the same fields, defaults and parameters, found
    directly for a plain class (object its only base, type its metaclass, no __slots__, string annotations
    naming no ClassVar, InitVar or KW_ONLY, no mutable default, no field() without an annotation), where
    dataclasses tries three regular expressions on every annotation. Any other class goes to dataclasses."""
    annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (as dataclasses reads)
    from dataclasses import MISSING, Field, dataclass

    plain = _dataclasses()[1]
    if not _plain_class(cls, annotations):
        return dataclass(init=False, eq=False, repr=False)(cls)
    found: dict[str, Field[Any]] = {}
    for name, kind in annotations.items():
        default: Any = getattr(cls, name, MISSING)
        if isinstance(default, Field):
            made: Field[Any] = default
            if made.kw_only is MISSING:
                made.kw_only = False
            made.name, made.type, made._field_type = name, kind, plain  # type: ignore[attr-defined]
        else:
            made = _field_of(name, kind, _ABSENT if default is MISSING else default)
        if made.default is not MISSING and type(made.default).__hash__ is None:  # dataclasses says why
            return dataclass(init=False, eq=False, repr=False)(cls)
        found[name] = made
    if any(isinstance(value, Field) and name not in annotations for name, value in cls.__dict__.items()):
        return dataclass(init=False, eq=False, repr=False)(cls)
    for name, made in found.items():
        if isinstance(cls.__dict__.get(name), Field | _FactoryOf):  # the class attribute is the default, or none
            if made.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, made.default)
    _mark(cls, found, tuple(found))
    return cls


def _plain_class(cls: type, annotations: dict[str, Any]) -> bool:
    """object the only base, type the metaclass, no __slots__, string annotations naming no ClassVar, InitVar or
    KW_ONLY: a class whose fields `_dataclass` finds itself."""
    return cls.__bases__ == (object,) and type(cls) is type and "__slots__" not in cls.__dict__ and _plain(
        annotations)


def _mark(cls: type, found: object, names: tuple[str, ...]) -> None:
    """Set what makes `cls` a dataclass: its parameters, its fields (`found`) and, unless its own, __match_args__."""
    type.__setattr__(cls, "__dataclass_params__", _PARAMS)
    type.__setattr__(cls, "__dataclass_fields__", found)
    if "__match_args__" not in cls.__dict__:
        type.__setattr__(cls, "__match_args__", names)


class _LaterFields:
    """A record's `__dataclass_fields__` until first read (by `dataclasses.fields`, `replace`, `asdict`...): then
    the fields are made as `_dataclass` makes them, put in its place on the class, and returned. Only for a plain
    class without field(): a check reads the fields of none of the 64 records it defines, and making them was
    half of defining one."""

    __slots__ = ("annotations", "cls", "defaults")

    def __init__(self, cls: type, annotations: dict[str, Any], defaults: dict[str, Any]) -> None:
        self.cls, self.annotations, self.defaults = cls, annotations, defaults

    def __get__(self, instance: object, owner: type | None = None) -> dict[str, Field[Any]]:
        found = {name: _field_of(name, kind, self.defaults.get(name, _ABSENT))
                 for name, kind in self.annotations.items()}
        type.__setattr__(self.cls, "__dataclass_fields__", found)
        return found


def _defaults_of_plain(cls: type) -> tuple[list[str], dict[str, Any]] | None:
    """The field names and defaults (a factory as `_FactoryOf`, this module's `field`) of a plain class
    (`_plain_class`) with no dataclasses' field() among its attributes (none can be before dataclasses is imported)
    and no mutable default, marked as a dataclass with its fields made later (`_LaterFields`); None for any other
    class. A field with a factory leaves no class attribute, as in dataclasses."""
    annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (as dataclasses reads)
    if not _plain_class(cls, annotations):
        return None
    imported = sys.modules.get("dataclasses")
    if imported is not None and any(map(isinstance, cls.__dict__.values(), repeat(imported.Field))):
        return None
    defaults: dict[str, Any] = {}
    own = cls.__dict__
    for name in annotations:
        if name in own or name in _EVERY_CLASS:  # else getattr(cls, name) fails, at the cost of an exception
            default = getattr(cls, name, _ABSENT)
            if default is not _ABSENT:
                if type(default).__hash__ is None:  # dataclasses refuses it, and says why
                    return None
                defaults[name] = default
                if type(default) is _FactoryOf:
                    type.__delattr__(cls, name)
    names = list(annotations)
    _mark(cls, _LaterFields(cls, annotations, defaults), tuple(names))
    return names, defaults


def _collected(cls: type) -> tuple[list[str], dict[str, Any], tuple[str, ...]]:
    """The field names, the defaults (a factory as `_FactoryOf`) and the compared names of a class that
    `_dataclass` has made a dataclass, refusing a field its `__init__` would not write."""
    from dataclasses import MISSING, fields

    every = fields(cast(Any, cls))
    if any(not f.init or f.kw_only for f in every):
        raise TypeError(f"{cls.__qualname__}: a record has plain fields only")
    defaults: dict[str, Any] = {}
    for f in every:
        if f.default is not MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not MISSING:
            defaults[f.name] = _FactoryOf(f.default_factory)
    return [f.name for f in every], defaults, tuple(f.name for f in every if f.compare)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """A frozen dataclass with shared comparison, hashing, representation and frozen guards."""
    if cls.__doc__ is None:
        cls.__doc__ = cls.__name__  # dataclasses would work one out with inspect.signature
    plain = _defaults_of_plain(cls)
    if plain is None:
        made = _dataclass(cls)
        names_in_order, defaults, names = _collected(made)
        special = hasattr(made, "__post_init__") or hasattr(made, "__slots__")
    else:  # object its only base and no __slots__ (`_plain_class`): a failing hasattr costs an exception
        made, (names_in_order, defaults) = cls, plain
        names = tuple(names_in_order)
        special = "__post_init__" in cls.__dict__
    if special:
        raise TypeError(f"{cls.__qualname__}: a record has plain fields only")
    values = attrgetter(*names) if len(names) > 1 else _single(names)
    _check_order(made, names_in_order, defaults)
    shared: dict[str, Any] = {"__init__": _LazyInit(made, names_in_order, defaults),
                              "__record_names__": names, "__record_values__": staticmethod(values),
                              "__eq__": _eq, "__hash__": _hash, "__repr__": _repr,
                              "__setattr__": _setattr, "__delattr__": _delattr}
    for name, value in shared.items():
        if name not in cls.__dict__ or name in ("__init__", "__setattr__", "__delattr__"):  # a class's own
            setattr(made, name, value)                                     # __eq__/__repr__ stays
    params = vars(made)["__dataclass_params__"]  # the shared ones (`_SharedParams`) say they are frozen already
    if params is not _PARAMS:
        object.__setattr__(params, "frozen", True)  # as dataclasses' own frozen classes say of themselves
    return made
