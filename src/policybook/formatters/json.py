"""Diagnostics as JSON, for scripts and editor integrations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from policybook.diagnostics import Diagnostic


def as_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """The stable JSON shape of one diagnostic."""
    return {
        "code": diagnostic.code,
        "severity": diagnostic.level.value,
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_column": diagnostic.end_column,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


def format_json(diagnostics: Sequence[Diagnostic], stream: TextIO, *, colour: bool = False) -> None:
    """`{"diagnostics": [...], "summary": {...}}`, indented for people, stable for programs."""
    counts = {level: sum(d.level.value == level for d in diagnostics) for level in ("error", "warning", "info")}
    document = {"diagnostics": [as_dict(d) for d in diagnostics], "summary": counts}
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
