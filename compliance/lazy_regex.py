"""Regular expressions compiled the first time they are used, not when their module is imported.

Compiling costs from a tenth of a millisecond to several (a class of Unicode ranges), and a module-level
`re.compile` is paid by every run that imports the module, whether or not the pattern is ever tried: the
content rules' value patterns (emails, dates, durations...) are tried only for a requirement that needs one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, cast


class LazyPattern:
    """Stands for `re.compile(source, flags)` and compiles it on first use. Each attribute (`search`,
    `match`, `pattern`...) is the compiled pattern's own, fetched once and then kept on the instance, so
    after the first call a method is as fast as the compiled pattern's: no Python call in between."""

    def __init__(self, source: str | bytes, flags: int = 0) -> None:
        self.source = source
        self.flags_given = flags

    @cached_property
    def compiled(self) -> re.Pattern[Any]:
        return re.compile(self.source, self.flags_given)

    def __getattr__(self, name: str) -> Any:  # only for attributes not yet on the instance
        value = getattr(self.compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r}, {self.flags_given})"


def lazy_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled when first used; typed as the pattern it stands for (it answers all its attributes)."""
    return cast(re.Pattern[str], LazyPattern(source, flags))


@contextmanager
def compiled_on_use(*packages: str) -> Iterator[None]:
    """While the block runs, the modules of each of `packages` get a `LazyPattern` from `re.compile`: for
    importing third-party packages (and the standard modules they bring in) whose modules compile patterns at
    import that our runs never try. Any other caller (another module, another thread) gets `re.compile`
    itself, and `re.compile` is restored when the block ends, so nothing outside those imports sees a
    difference; inside them, a `LazyPattern` behaves as the compiled pattern does whenever it is used later."""
    original = re.compile
    names = frozenset(packages)
    prefixes = tuple(f"{package}." for package in packages)

    def compile_for(pattern: Any, flags: int = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller in names or caller.startswith(prefixes):
            return LazyPattern(pattern, flags)
        return original(pattern, flags)

    re.compile = compile_for
    try:
        yield
    finally:
        re.compile = original
