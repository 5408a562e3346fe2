"""GitHub Actions workflow commands: inline annotations on the pull request's files.

GitHub shows at most 10 annotations of each severity per step, so the complete list also goes to
the job's step summary (`$GITHUB_STEP_SUMMARY`) when the variable is set.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TextIO

from policybook.diagnostics import Diagnostic, Level
from policybook.formatters.text import location, summary

_COMMANDS = {Level.error: "error", Level.warning: "warning", Level.info: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    """One `::error file=...,line=...::message` command."""
    properties = [f"file={_escape_property(diagnostic.path)}"]
    if diagnostic.line:
        properties.append(f"line={diagnostic.line}")
        if diagnostic.column:
            properties.append(f"col={diagnostic.column}")
        if diagnostic.end_column:
            properties.append(f"endColumn={diagnostic.end_column}")
    properties.append(f"title={_escape_property(diagnostic.code)}")
    message = diagnostic.message + (f"\n{diagnostic.hint}" if diagnostic.hint else "")
    return f"::{_COMMANDS[diagnostic.level]} {','.join(properties)}::{_escape_data(message)}"


def step_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """The complete list as a Markdown table."""
    lines = ["## Policybook check", "", summary(diagnostics), ""]
    if diagnostics:
        lines += ["| Location | Severity | Code | Message |", "|---|---|---|---|"]
        for diagnostic in diagnostics:
            message = diagnostic.message.replace("|", "\\|") + (f" — {diagnostic.hint}" if diagnostic.hint else "")
            lines.append(f"| `{location(diagnostic)}` | {diagnostic.level.value} | {diagnostic.code} | {message} |")
    return "\n".join(lines) + "\n"


def format_github(diagnostics: Sequence[Diagnostic], stream: TextIO, *, colour: bool = False) -> None:
    """Annotations on `stream`; the full table appended to the step summary file if there is one."""
    for diagnostic in diagnostics:
        stream.write(annotation(diagnostic) + "\n")
    stream.write(summary(diagnostics) + "\n")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(diagnostics))
