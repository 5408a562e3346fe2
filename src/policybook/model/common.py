"""Field types shared by every kind of handbook document.

Each type validates what a writer types in front-matter and explains itself in its error message,
because that message is what a writer reads at `path:line:col`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

POLICY_ID = re.compile(r"^POL-(?P<area>[A-Z]{2,5})-(?P<number>\d{3})$")
"""A policy ID: `POL-<AREA>-<NNN>`, e.g. `POL-HS-001`."""
PROCESS_ID = re.compile(r"^PRC-(?P<workflow>[A-Z]{2,5})-(?P<number>\d{3})$")
"""A process segment ID: `PRC-<WF>-<NNN>`, e.g. `PRC-UR-002`."""


class Status(str, Enum):
    """Where a document is in its life. Only `active` documents bind moderators."""

    draft = "draft"
    in_review = "in-review"
    active = "active"
    retired = "retired"


class Severity(str, Enum):
    """Harm tier, `sev0` (most severe: imminent risk to life, child safety) to `sev3` (least)."""

    sev0 = "sev0"
    sev1 = "sev1"
    sev2 = "sev2"
    sev3 = "sev3"


def parse_duration(text: str) -> dt.timedelta:
    """Parse an ISO 8601 duration (`P180D`, `PT4H`, `P1Y2M`) into a timedelta.

    Years count as 365 days and months as 30 days: review cycles and SLAs need an order and an
    approximate due date, not calendar arithmetic.

    Raises:
        ValueError: if `text` is not an ISO 8601 duration.
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"'{text}' is not an ISO 8601 duration (e.g. P180D, P6M, PT4H)")
    parts = {key: int(value) for key, value in match.groupdict().items() if value}
    days = parts.get("years", 0) * 365 + parts.get("months", 0) * 30 + parts.get("weeks", 0) * 7
    days += parts.get("days", 0)
    return dt.timedelta(
        days=days, hours=parts.get("hours", 0), minutes=parts.get("minutes", 0), seconds=parts.get("seconds", 0)
    )


def _duration(value: str) -> str:
    parse_duration(value)
    return value


def _semver(value: str) -> str:
    if not _SEMVER.match(value):
        raise ValueError(f"'{value}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)")
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"'{value}' must be lowercase words joined by hyphens (e.g. trust-safety-ops)")
    return value


def _policy_id(value: str) -> str:
    if not POLICY_ID.match(value):
        raise ValueError(f"'{value}' is not a policy ID (POL-<AREA>-<NNN>, e.g. POL-HS-001)")
    return value


def _process_id(value: str) -> str:
    if not PROCESS_ID.match(value):
        raise ValueError(f"'{value}' is not a process segment ID (PRC-<WF>-<NNN>, e.g. PRC-UR-002)")
    return value


Duration = Annotated[str, AfterValidator(_duration)]
"""An ISO 8601 duration such as `P180D` (180 days) or `PT4H` (4 hours)."""
SemVer = Annotated[str, AfterValidator(_semver)]
"""A semantic version, `MAJOR.MINOR.PATCH`."""
Slug = Annotated[str, AfterValidator(_slug)]
"""A lowercase, hyphenated identifier such as `trust-safety-ops`."""
PolicyId = Annotated[str, AfterValidator(_policy_id)]
"""A policy ID, `POL-<AREA>-<NNN>`."""
ProcessId = Annotated[str, AfterValidator(_process_id)]
"""A process segment ID, `PRC-<WF>-<NNN>`."""


class Strict(BaseModel):
    """Base of every front-matter model: unknown keys are errors, so `efective:` never passes."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ChangelogEntry(Strict):
    """One published change to a document. Newest first in the file."""

    version: SemVer = Field(description="The version this change produced.")
    date: dt.date = Field(description="The day the change took effect (YYYY-MM-DD).")
    summary: str = Field(min_length=1, description="What changed, in one or two sentences a moderator understands.")


Audience = list[Slug]
"""Audience names allowed to read a document; empty means everyone with handbook access."""
