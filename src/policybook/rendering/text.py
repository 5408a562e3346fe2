"""Small formatting helpers shared by the renderings."""

from __future__ import annotations

import datetime as dt
import posixpath

from policybook.model.common import _DURATION

_UNITS = (("years", "year"), ("months", "month"), ("weeks", "week"), ("days", "day"),
          ("hours", "hour"), ("minutes", "minute"), ("seconds", "second"))


def link(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A relative link from one page's source path to another's (site layout)."""
    target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{target}#{anchor}" if anchor else target


def human_date(day: dt.date) -> str:
    """`2026-09-01` -> `1 September 2026` (unambiguous for every reader)."""
    return f"{day.day} {day:%B %Y}"


def human_duration(duration: str) -> str:
    """`PT15M` -> `15 minutes`, `P1DT12H` -> `1 day 12 hours`."""
    match = _DURATION.match(duration)
    if not match:
        return duration
    parts = []
    for key, unit in _UNITS:
        value = match[key]
        if value and int(value):
            parts.append(f"{int(value)} {unit}{'s' if int(value) != 1 else ''}")
    return " ".join(parts) or "immediately"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def label(value: str) -> str:
    """`reduce-visibility` -> `Reduce visibility`."""
    return value.replace("-", " ").replace("_", " ").capitalize()
