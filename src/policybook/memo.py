"""Results of pure text functions remembered from one load of the handbook to the next.

A live preview (`mkdocs serve`) reloads and re-checks the whole handbook after every save, yet
only the saved file changed: scanning every other page's references, prose, sections and raw
HTML again gives the same answers. Functions marked `@remembered` keep their answers keyed by
their arguments (the text itself, so an edited page is simply a new key) while a front end has
called `remember()`. Each `next_load()` starts a new generation and forgets whatever the previous
load did not ask for again, so edited texts do not pile up.

One-shot commands (`policybook check`, a site build) never turn this on: they ask each question
once, and remembering would only cost memory.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_on = False


class Generations:
    """Answers of this load and of the previous one: what the previous load had and this one
    asks for again moves over; `rotate` forgets the rest. Shared by `remembered` and the
    loader's parse cache."""

    def __init__(self) -> None:
        self._current: dict[Hashable, Any] = {}
        self._previous: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for `key`, from this load, the previous one, or `compute()`."""
        if key in self._current:
            return self._current[key]
        answer = self._previous[key] if key in self._previous else compute()
        self._current[key] = answer
        return answer

    def rotate(self) -> None:
        """A new load begins."""
        self._previous, self._current = self._current, {}

    def clear(self) -> None:
        self._previous, self._current = {}, {}


_generations: list[Generations] = []
"""The answers of each remembered function."""


def remember() -> None:
    """Start remembering (a long-running front end calls this once)."""
    global _on
    _on = True


def next_load() -> None:
    """A new load begins: keep the last load's answers only until this one asks for them."""
    for generations in _generations:
        generations.rotate()


def forget() -> None:
    """Stop remembering and drop every answer."""
    global _on
    _on = False
    for generations in _generations:
        generations.clear()


class Same:
    """A key part standing for one object (compared by identity, not content), kept alive with
    the answer so that its identity cannot pass to another object. For parsed data that the
    parse cache hands out again, unchanged, on every reload."""

    __slots__ = ("thing",)

    def __init__(self, thing: object) -> None:
        self.thing = thing

    def __hash__(self) -> int:
        return id(self.thing)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.thing is self.thing


def remembered(function: Callable[P, R] | None = None, *, key: Callable[..., Hashable] | None = None) -> Any:
    """Remember `function`'s answers while `remember()` is on (use as `@remembered` or
    `@remembered(key=...)`). The answer is found again by the arguments, or by what `key` makes of
    them (for arguments that are not hashable, or hash by identity but stand for their content).
    Answers are never mutated by callers: lists are handed out as copies."""
    if function is None:
        return functools.partial(remembered, key=key)
    answers = Generations()
    _generations.append(answers)

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not _on:
            return function(*args, **kwargs)
        if key is not None:
            found_by = key(*args, **kwargs)
        else:
            found_by = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        answer = answers.get(found_by, lambda: function(*args, **kwargs))
        return list(answer) if isinstance(answer, list) else answer  # type: ignore[return-value]

    return wrapper
