"""`path:line:col: error[CODE]: message`, the format editors and terminals link to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from policybook.diagnostics import Diagnostic, Level

_COLOURS = {Level.error: "\033[1;31m", Level.warning: "\033[1;33m", Level.info: "\033[1;36m"}
_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"


def location(diagnostic: Diagnostic) -> str:
    """`path:line:col`, leaving out what is unknown (0)."""
    parts = [diagnostic.path]
    if diagnostic.line:
        parts.append(str(diagnostic.line))
        if diagnostic.column:
            parts.append(str(diagnostic.column))
    return ":".join(parts)


def line(diagnostic: Diagnostic, *, colour: bool = False) -> str:
    """One diagnostic as one line, without its hint."""
    level = diagnostic.level.value
    if colour:
        return (
            f"{_BOLD}{location(diagnostic)}{_RESET}: {_COLOURS[diagnostic.level]}{level}[{diagnostic.code}]{_RESET}: "
            f"{diagnostic.message}"
        )
    return f"{location(diagnostic)}: {level}[{diagnostic.code}]: {diagnostic.message}"


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """'2 errors, 1 warning in 3 files' or 'no problems found'."""
    if not diagnostics:
        return "no problems found"
    errors = sum(d.level is Level.error for d in diagnostics)
    warnings = sum(d.level is Level.warning for d in diagnostics)
    files = len({d.path for d in diagnostics})
    counts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return f"{', '.join(counts)} in {files} file{'s' * (files != 1)}"


def format_text(diagnostics: Sequence[Diagnostic], stream: TextIO, *, colour: bool = False) -> None:
    """One line per diagnostic, a hint line under it when there is one, then a summary."""
    for diagnostic in diagnostics:
        stream.write(line(diagnostic, colour=colour) + "\n")
        if diagnostic.hint:
            hint = f"  hint: {diagnostic.hint}"
            stream.write(f"{_DIM}{hint}{_RESET}\n" if colour else hint + "\n")
    stream.write(summary(diagnostics) + "\n")
