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
