"""Pausing Python's cyclic garbage collector while the handbook is loaded and checked.

Loading a large handbook creates hundreds of thousands of objects that live on (documents,
front-matter, positions) and hardly any reference cycles. The cyclic collector runs every few
hundred allocations and, as the objects pile up, traverses them again and again: a fifth of the
time of `policybook check` at 2,000 pages. Plain reference counting still frees everything
acyclic as usual; cycles made meanwhile are collected once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the `with` block (nested pauses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settled() -> None:
    """Exempt every object alive now from future collections, for a long-running front end.

    Call it once the handbook is loaded: a site build then renders thousands of pages, allocating
    all the while, and each full collection would traverse the whole handbook again for nothing.
    `unsettled` undoes it before the next load (`mkdocs serve` reloads on every change), so an old
    handbook's cycles are collected again.
    """
    gc.freeze()


def unsettled() -> None:
    """Let the collector see the objects `settled` exempted again."""
    gc.unfreeze()
