"""`python -m compliance`, and the `compliance` command (`run`)."""

import gc
import os
import sys


def run() -> None:
    """Import the CLI with the cycle collector off: importing allocates thousands of long-lived objects
    (modules, functions, classes) that it would only rescan, about a tenth of the cost of importing.
    `main` switches it back on; `check` of one card then keeps it off while it assesses and renders. Then
    leave as `_leave` says."""
    gc.disable()
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
