"""The cycle collector paused for work that leaves no cycles behind and keeps what it makes (a card's
assessment and its rendering): collections during it would only rescan live objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, then as it was (tests call the CLI in-process; a batch switches it
    back on between cards, so the cycles a card does leave, an error's traceback, are still collected)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_COMMAND: list[bool] = []  # holds True once the process is the `compliance` command and froze its imports


def freeze_imports() -> None:
    """Keep what importing made out of every later collection, in the `compliance` command's own process
    (`compliance.__main__.run`): it lives as long as the process, and collections need not rescan it."""
    gc.freeze()
    _COMMAND.append(True)


@contextmanager
def kept() -> Iterator[None]:
    """`paused`, for one card's check in the command's own process: what the block makes (the catalog, the
    assessment, its rendering) lives until the command leaves, so it is frozen before the collector comes back
    on. Otherwise that return starts a collection at once, rescanning all of it: 16 M instructions, a
    seventieth of a `check`. Only where the process froze what it imported (`freeze_imports`; tests calling
    the CLI in-process and the library do not), so nothing is kept past its use elsewhere. (Asking
    `gc.get_freeze_count()` instead walks every frozen object: 2 ms.)"""
    with paused():
        try:
            yield
        finally:
            if _COMMAND:
                gc.freeze()
