"""Formatters render diagnostics; they never decide what is wrong.

Each formatter is a function `(diagnostics, stream, *, colour) -> None` in `FORMATTERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from policybook.diagnostics import Diagnostic
from policybook.formatters.github import format_github
from policybook.formatters.json import format_json
from policybook.formatters.sarif import format_sarif
from policybook.formatters.text import format_text

Formatter = Callable[..., None]
FORMATTERS: dict[str, Formatter] = {
    "text": format_text, "json": format_json, "github": format_github, "sarif": format_sarif,
}
"""Formatters by the name `--format` takes."""


def render(name: str, diagnostics: Sequence[Diagnostic], stream: TextIO, *, colour: bool = False) -> None:
    """Write `diagnostics` to `stream` with the formatter called `name`."""
    FORMATTERS[name](diagnostics, stream, colour=colour)
