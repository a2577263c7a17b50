"""Frozen records: the pipeline's data classes, as frozen dataclasses that cost less to define.

`dataclasses.dataclass(frozen=True)` writes and compiles six methods for every class, and builds a
docstring with `inspect` for a class without one; with some seventy classes on the path of `check`,
defining them was about a tenth of a run. `record` lets dataclasses write `__init__` and the two frozen
guards, and gives every class the same `__eq__`, `__hash__` and `__repr__`, which compare, hash and
show the fields in order exactly as dataclasses' own do. They stay dataclasses: `dataclasses.replace`,
`fields` and `asdict` work on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, cast, dataclass_transform

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


def _single(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a class with one field or none, as a tuple (attrgetter of one name gives the value)."""
    return (lambda self: (getattr(self, names[0]),)) if names else (lambda self: ())


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """A frozen dataclass with shared comparison, hashing and representation."""
    if cls.__doc__ is None:
        cls.__doc__ = cls.__name__  # dataclasses would work one out with inspect.signature
    made = dataclass(frozen=True, eq=False, repr=False)(cls)
    names = tuple(f.name for f in fields(cast(Any, made)) if f.compare)
    values = attrgetter(*names) if len(names) > 1 else _single(names)
    shared: dict[str, Any] = {"__record_names__": names, "__record_values__": staticmethod(values),
                              "__eq__": _eq, "__hash__": _hash, "__repr__": _repr}
    for name, value in shared.items():
        setattr(made, name, value)
    return made
