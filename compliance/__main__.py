"""`python -m compliance`, and the `compliance` command (`run`)."""

import gc
import os
import sys

# typer and the standard modules it is the first to import compile patterns at import that a run uses rarely or
# never: platform's parsers of version strings, locale's `%` formats, textwrap's word splitting, tokenize's
# coding cookie, urllib.parse's ASCII runs (through pathlib), click's ANSI codes, completion's identifiers; and
# json those of its pure-Python scanner and encoders, which its C accelerator replaces. Not gettext: it hands
# its pattern to re.finditer, which takes only a compiled one (a translation catalog's plural forms).
_LAZY_AT_IMPORT = ("typer", "platform", "locale", "textwrap", "tokenize", "urllib", "json")


def import_libraries() -> None:
    """Import typer and json with the patterns compiled while importing them made lazy
    (`lazy_regex.compiled_on_use`): ~13 M instructions, a fiftieth of a `check`, which tries none of them.
    Each compiles on first use."""
    from .lazy_regex import compiled_on_use

    with compiled_on_use(*_LAZY_AT_IMPORT):
        import json  # noqa: F401 (imported for what it compiles; the package uses it)

        import typer  # noqa: F401 (imported for what it compiles; cli_check uses it)


def run() -> None:
    """Import the CLI with the cycle collector off: importing allocates thousands of long-lived objects
    (modules, functions, classes) that it would only rescan, about a tenth of the cost of importing; typer
    first, as `import_libraries` says. `main` switches the collector back on; `check` of one card then keeps it
    off while it assesses and renders. Then leave as `_leave` says."""
    gc.disable()
    import_libraries()
    from .cli_check import main
    from .collector import freeze_imports

    freeze_imports()
    try:
        main()
    except SystemExit as done:
        _leave(done)
    _leave(SystemExit(0))


def _leave(done: SystemExit) -> None:
    """Exit once the output is written, without tearing the interpreter down: freeing every module and the
    catalog's objects one by one was about a twentieth of a `check` (75 M instructions of 1,250 M).

    Only when nothing is left to do at exit: no `atexit` callback (a dossier's libraries register some),
    no other thread, an integer exit status, and both streams flushed (a closed pipe is left to the
    interpreter's own handling). Otherwise the ordinary exit runs."""
    import atexit
    import threading

    code = done.code
    pending = getattr(atexit, "_ncallbacks", lambda: 1)()  # CPython's count; elsewhere assume some
    if pending or threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        raise done
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(code or 0)


if __name__ == "__main__":
    run()
