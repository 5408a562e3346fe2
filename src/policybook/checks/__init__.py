"""Checks: small rules over the handbook index, each yielding diagnostics.

A check is a function `(Handbook) -> Iterable[Diagnostic]` registered with `@check`. Adding a rule
never touches the loader, the formatters or the front ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from policybook.collection import collector_paused
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.workers import run_all

Check = Callable[[Handbook], Iterable[Diagnostic]]
CHECKS: dict[str, Check] = {}
"""Every registered check by name, in registration order."""


def check(name: str) -> Callable[[Check], Check]:
    """Register a check under `name`."""

    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


SECOND_WORKER = frozenset({"translations", "translated-fields", "translation-scaffolds", "site-page-translations",
                           "catalogues", "locale-files", "translation-terms", "deprecated-terms", "unused-terms", "glossary"})
"""The checks a second process runs when `run_checks` has two jobs: the terminology and translation
checks. They share what they compute (every page's glossary matches, sections, translation
statuses, remembered per process), and take about as long as all the others together on a large
handbook."""

PARALLEL_FROM = 400
"""How many documents a handbook needs before `run_checks(jobs=2+)` uses a second process."""


def run_checks(handbook: Handbook, jobs: int = 1) -> list[Diagnostic]:
    """Loading problems plus every check's findings, sorted by file and position, without repeats.

    With two `jobs` or more, a large handbook's checks are split between this process and a forked
    one (see `policybook.workers`); the findings are the same.
    """
    found = set(handbook.diagnostics)
    groups = [[name for name in CHECKS if name not in SECOND_WORKER], [name for name in CHECKS if name in SECOND_WORKER]]
    if jobs < 2 or len(handbook.documents) < PARALLEL_FROM:
        groups = [list(CHECKS)]
    with collector_paused():
        for findings in run_all([lambda group=group: _findings(handbook, group) for group in groups], jobs):
            found.update(findings)
    return sorted(found)


def _findings(handbook: Handbook, names: list[str]) -> list[Diagnostic]:
    return [diagnostic for name in names for diagnostic in CHECKS[name](handbook)]


# Importing the rule modules registers them.
from policybook.checks import identity, layout, links, ownership, relations, reviews  # noqa: E402,F401
from policybook.checks import process_logic  # noqa: E402,F401
from policybook.checks import includes, rawhtml  # noqa: E402,F401
from policybook.checks import catalogues, translations  # noqa: E402,F401
from policybook.checks import terminology  # noqa: E402,F401
from policybook.checks import audiences  # noqa: E402,F401
from policybook.checks import hours  # noqa: E402,F401
