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


_short_lived = False


def short_lived() -> None:
    """Declare this process a one-shot command (`policybook check`): what a pause leaves alive is
    then exempted from collection (see `settled`) before the collector resumes.

    Otherwise the first collection after a pause traverses every object made during it (the
    whole handbook and every finding) at once: a tenth of a check's time, to free nothing, in a
    process about to exit.
    """
    global _short_lived
    _short_lived = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the `with` block (nested pauses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _short_lived:
                gc.freeze()
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
