"""Checks: small rules over the handbook index, each yielding diagnostics.

A check is a function `(Handbook) -> Iterable[Diagnostic]` registered with `@check`. Adding a rule
never touches the loader, the formatters or the front ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from policybook.collection import collector_paused
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook

Check = Callable[[Handbook], Iterable[Diagnostic]]
CHECKS: dict[str, Check] = {}
"""Every registered check by name, in registration order."""


def check(name: str) -> Callable[[Check], Check]:
    """Register a check under `name`."""

    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


def run_checks(handbook: Handbook) -> list[Diagnostic]:
    """Loading problems plus every check's findings, sorted by file and position, without repeats."""
    found = set(handbook.diagnostics)
    with collector_paused():
        for function in CHECKS.values():
            found.update(function(handbook))
    return sorted(found)


# Importing the rule modules registers them.
from policybook.checks import identity, layout, links, ownership, relations, reviews  # noqa: E402,F401
from policybook.checks import process_logic  # noqa: E402,F401
from policybook.checks import includes, rawhtml  # noqa: E402,F401
from policybook.checks import translations  # noqa: E402,F401
from policybook.checks import terminology  # noqa: E402,F401
from policybook.checks import audiences  # noqa: E402,F401
