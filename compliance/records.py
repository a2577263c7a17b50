"""Frozen records: the pipeline's data classes, as frozen dataclasses that cost less to define.

`dataclasses.dataclass(frozen=True)` writes and compiles six methods for every class (`__init__`,
`__repr__`, `__eq__`, `__hash__` and the two frozen guards), and builds a docstring with `inspect` for a
class without one; with some seventy classes on the path of `check`, defining them was about a tenth of
a run. `record` lets dataclasses collect the fields (no methods written), compiles one `__init__` that
sets each field, and gives every class the same frozen guards, `__eq__`, `__hash__` and
`__repr__`, which behave exactly as dataclasses' own: assignment and deletion raise
`FrozenInstanceError`, equality and hashing compare the fields in order, the representation shows them.
They stay dataclasses: `dataclasses.replace`, `fields`, `asdict` and `is_dataclass` work on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
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


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _single(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a class with one field or none, as a tuple (attrgetter of one name gives the value)."""
    return (lambda self: (getattr(self, names[0]),)) if names else (lambda self: ())


class _Factory:
    """The default of a parameter whose field has a `default_factory`: the factory is called in `__init__`."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _init(cls: type, names: list[str], defaults: dict[str, Any]) -> Callable[..., None]:
    """`__init__(self, a, b=<default>, ...)` setting each field with `object.__setattr__`, as dataclasses'
    frozen classes do (writing `self.__dict__` instead would make every later attribute read slower)."""
    params, body = [], []
    for name in names:
        if name in defaults:
            params.append(f"{name}=__d_{name}")
        else:
            params.append(name)
        factory = defaults.get(name)
        value = f"__f_{name}() if {name} is __factory else {name}" if isinstance(factory, _FactoryOf) else name
        body.append(f"    __set(self, {name!r}, {value})")
    namespace: dict[str, Any] = {"__factory": _FACTORY, "__set": object.__setattr__}
    for name, default in defaults.items():
        if isinstance(default, _FactoryOf):
            namespace[f"__d_{name}"] = _FACTORY
            namespace[f"__f_{name}"] = default.factory
        else:
            namespace[f"__d_{name}"] = default
    source = (f"def __init__(self, {', '.join(params)}):\n"
              + ("\n".join(body) or "    pass") + "\n")
    exec(source, namespace)
    made = cast(Callable[..., None], namespace["__init__"])
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


class _FactoryOf:
    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """A frozen dataclass with shared comparison, hashing, representation and frozen guards."""
    if cls.__doc__ is None:
        cls.__doc__ = cls.__name__  # dataclasses would work one out with inspect.signature
    made = dataclass(init=False, eq=False, repr=False)(cls)
    every = fields(cast(Any, made))
    if any(not f.init or f.kw_only for f in every) or hasattr(made, "__post_init__") or hasattr(made, "__slots__"):
        raise TypeError(f"{cls.__qualname__}: a record has plain fields only")
    defaults: dict[str, Any] = {}
    for f in every:
        if f.default is not MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not MISSING:
            defaults[f.name] = _FactoryOf(f.default_factory)
    names = tuple(f.name for f in every if f.compare)
    values = attrgetter(*names) if len(names) > 1 else _single(names)
    shared: dict[str, Any] = {"__init__": _init(made, [f.name for f in every], defaults),
                              "__record_names__": names, "__record_values__": staticmethod(values),
                              "__eq__": _eq, "__hash__": _hash, "__repr__": _repr,
                              "__setattr__": _setattr, "__delattr__": _delattr}
    for name, value in shared.items():
        if name not in cls.__dict__ or name in ("__init__", "__setattr__", "__delattr__"):  # a class's own
            setattr(made, name, value)                                     # __eq__/__repr__ stays
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    object.__setattr__(params, "frozen", True)  # as dataclasses' own frozen classes say of themselves
    return made
