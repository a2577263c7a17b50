"""The record `__init__` templates written out in `compliance.record_templates` are the code `records._source`
compiles to, and every record of the package finds its shape there (none is compiled at run time)."""

from __future__ import annotations

import types
from typing import Any

from compliance.record_templates import WRITTEN
from compliance.records import _compiled, _FactoryOf, _init, _LazyInit, _source, _template
from tests.test_records import _records

_SAME = ("co_code", "co_consts", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_argcount",
         "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize", "co_flags", "co_linetable",
         "co_exceptiontable")


def _relative_lines(code: types.CodeType) -> list[tuple[int, int, int | None]]:
    return [(start, end, None if line is None else line - code.co_firstlineno) for start, end, line in code.co_lines()]


def test_each_written_template_is_the_code_of_its_source() -> None:
    """Same instructions, constants, names, flags, line and exception tables as `records` compiling the text at
    run time (the line table counts from the first line, so it holds wherever the function stands in the module)."""
    assert len(WRITTEN) >= 19
    for (count, factories), written in WRITTEN.items():
        code, compiled = written.__code__, _compiled(count, factories)
        for attribute in _SAME:
            assert getattr(code, attribute) == getattr(compiled, attribute), (count, factories, attribute)
        assert _relative_lines(code) == _relative_lines(compiled), (count, factories)
        assert max(end for _, end, _ in code.co_lines()) == len(code.co_code), (count, factories)
        assert written.__name__ == f"init_{count}" + "".join(f"_f{i}" for i in factories)


def test_every_record_of_the_package_takes_a_written_template() -> None:
    """A new shape (another number of fields, or another set of fields with a default_factory) would be
    compiled at run time: write it out in compliance/record_templates.py, as the failure shows it."""
    for cls in _records():
        lazy = vars(cls)["__init__"]
        if isinstance(lazy, _LazyInit):
            names, defaults = lazy.names, lazy.defaults
        else:  # made already: its names are its parameters, its factories in its globals
            code = cls.__init__.__code__  # type: ignore[misc]
            names = list(code.co_varnames[1:code.co_argcount])
            defaults = {names[int(key[4:])]: _FactoryOf(value) for key, value in cls.__init__.__globals__.items()  # type: ignore[misc]
                        if key.startswith("__f_")}
        factories = tuple(i for i, name in enumerate(names) if isinstance(defaults.get(name), _FactoryOf))
        shape = (len(names), factories)
        assert shape in WRITTEN, f"{cls.__qualname__}: add to record_templates.py\n" + _source(*shape).replace(
            "def __init__", f"def init_{len(names)}" + "".join(f"_f{i}" for i in factories))


def test_an_init_from_a_written_template_equals_one_from_its_compiled_source() -> None:
    """What `_init` makes for a record of each written shape equals what the same copy of the compiled text is,
    but for the file and first line it points at; a shape not written out is compiled once and works alike."""

    class Shaped:
        __qualname__ = "Outer.Shaped"

    for (count, factories), written in WRITTEN.items():
        names = [f"field_{i}" for i in range(count)]
        defaults: dict[str, Any] = {name: _FactoryOf(list) if i in factories else i for i, name in enumerate(names)
                                    if i >= count // 2}
        made = _init(Shaped, names, defaults)
        assert _template(count, factories) is written.__code__
        compiled = _compiled(count, factories).replace(co_varnames=("self", *names),
                                                       co_qualname="Outer.Shaped.__init__", co_consts=(None, *names))
        for attribute in (*_SAME, "co_name", "co_qualname"):
            assert getattr(made.__code__, attribute) == getattr(compiled, attribute), (count, factories, attribute)
        assert made.__qualname__ == "Outer.Shaped.__init__" and made.__name__ == "__init__"
    other = _init(Shaped, ["a", "b", "c"], {"b": 1, "c": _FactoryOf(dict)})
    assert (3, (2,)) not in WRITTEN and other.__code__.co_filename == "<string>"
    instance = object.__new__(Shaped)
    other(instance, 0)
    assert vars(instance) == {"a": 0, "b": 1, "c": {}}
