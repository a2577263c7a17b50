"""The cycle collector around one card's work: paused for the block, and what the block made frozen only in a
process that froze what it imported (the `compliance` command)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from compliance import collector
from compliance.collector import freeze_imports, kept, paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on and nothing frozen, as in the test process; restored afterwards."""
    was = gc.isenabled()
    gc.enable()
    gc.unfreeze()
    yield
    gc.unfreeze()
    collector._COMMAND.clear()
    if not was:
        gc.disable()


@pytest.mark.parametrize("block", [paused, kept])
def test_the_collector_is_off_in_the_block_and_back_on_after(
        collector_on: None, block: Callable[[], AbstractContextManager[None]]) -> None:
    with block():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_leaves_it_off_when_it_was_off(collector_on: None) -> None:
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_kept_freezes_nothing_where_the_process_froze_nothing(collector_on: None) -> None:
    with kept():
        made: list[list[int]] = [[] for _ in range(100)]
    assert gc.get_freeze_count() == 0
    assert made


def test_kept_freezes_nothing_where_objects_were_frozen_by_other_code(collector_on: None) -> None:
    gc.freeze()  # a batch worker freezes its catalog, but it is not the command's process
    before = gc.get_freeze_count()
    with kept():
        made: list[list[int]] = [[] for _ in range(100)]
    assert gc.get_freeze_count() == before
    assert made


def test_kept_freezes_what_the_block_made_where_the_process_froze_its_imports(collector_on: None) -> None:
    gc.collect()
    freeze_imports()
    before = gc.get_freeze_count()
    with kept():
        made: list[list[int]] = [[] for _ in range(100)]
    assert gc.get_freeze_count() >= before + 100
    assert all(gc.is_tracked(item) for item in made)


def test_paused_never_freezes(collector_on: None) -> None:
    gc.freeze()
    before = gc.get_freeze_count()
    with paused():
        made: list[list[int]] = [[] for _ in range(100)]
    assert gc.get_freeze_count() == before
    assert made
