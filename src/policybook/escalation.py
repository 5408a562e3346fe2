"""The escalation matrix: for each active policy, who to escalate to and how fast.

Computed once as records; the site page, its CSV download and `policybook export escalation-matrix`
all render these same records, so they cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Severity, Status, Team

TIERS = tuple(tier.value for tier in Severity)
"""`sev0` (most severe) to `sev3`."""


@dataclass(frozen=True)
class EscalationRoute:
    """One row of the matrix: an active policy and where its escalated cases go."""

    area: str
    """The area folder, e.g. `hate-speech`."""
    area_title: str
    """The area's title from `policybook.yml`."""
    policy_id: str
    policy_title: str
    policy_path: str
    """The policy page, relative to the handbook root."""
    severity: str
    """The policy's own tier; a case can be raised to a more severe one."""
    owner_id: str
    """The owning team's ID."""
    owner_name: str
    """The owning team's name (its ID when the team is not registered)."""
    contact_name: str
    """The team's escalation contact: a role, not a person. Empty when the team is not registered."""
    contact_channel: str
    contact_email: str
    contact_hours: str
    """When the contact is staffed, as the registry writes it (`policybook.hours` reads it)."""
    after_hours_team_id: str
    """The team whose contact takes escalations after hours; empty when the fallback is a contact of the
    team's own, or the team names none (it is staffed around the clock)."""
    after_hours_contact: str
    """The role that answers after hours: the fallback team's escalation contact, or the team's own."""
    after_hours_channel: str
    after_hours_email: str
    after_hours_hours: str
    """The fallback team's hours; empty for a contact of the team's own (staffed whenever the team is not)."""
    after_hours_note: str
    """What a moderator does after hours."""
    segment_id: str
    """The policy's `escalation_segment`; empty when it names none."""
    segment_title: str
    segment_path: str
    sla: dict[str, str]
    """ISO 8601 completion time of that segment per tier (`sev0` ...); empty without a segment."""

    @property
    def sla_at_severity(self) -> str:
        """The completion time at the policy's own tier, or '' without a segment."""
        return self.sla.get(self.severity, "")


def escalation_matrix(handbook: Handbook) -> list[EscalationRoute]:
    """Every active policy, by area in `policybook.yml` order, then by ID."""
    areas = list(handbook.config.areas)
    routes = []
    for document in handbook.policies:
        meta = document.meta
        assert isinstance(meta, Policy)
        if meta.status is not Status.active:
            continue
        team = handbook.teams.get(meta.owner)
        contact = team.escalation if team else None
        target = handbook.by_id.get(meta.escalation_segment or "")
        segment = target.meta if target is not None and isinstance(target.meta, ProcessSegment) else None
        area = handbook.config.areas.get(meta.area)
        fallback = _after_hours(handbook, team)
        routes.append(EscalationRoute(
            area=meta.area, area_title=area.title if area else meta.area,
            policy_id=meta.id, policy_title=meta.title, policy_path=document.path, severity=meta.severity.value,
            owner_id=meta.owner, owner_name=team.name if team else meta.owner,
            contact_name=contact.name if contact else "", contact_channel=contact.channel if contact else "",
            contact_email=(contact.email or "") if contact else "", contact_hours=contact.hours if contact else "",
            **fallback,
            # Kept when it names no page this handbook holds (one an audience may not read): the ID still says where.
            segment_id=meta.escalation_segment or "", segment_title=segment.title if segment else "",
            segment_path=target.path if segment and target else "",
            sla={tier: getattr(segment.sla, tier) for tier in TIERS} if segment else {},
        ))
    routes.sort(key=lambda r: (areas.index(r.area) if r.area in areas else len(areas), r.policy_id))
    return routes


def _after_hours(handbook: Handbook, team: Team | None) -> dict[str, str]:
    """The route's `after_hours_*` fields: the fallback's contact, resolved through its team when it names one."""
    fallback = team.after_hours if team is not None else None
    fields = dict.fromkeys(("team_id", "contact", "channel", "email", "hours", "note"), "")
    if fallback is not None:
        covering = handbook.teams.get(fallback.team or "")
        reach = covering.escalation if covering is not None else None
        fields.update(
            team_id=fallback.team or "", note=fallback.note or "",
            contact=reach.name if reach else fallback.name or "", channel=reach.channel if reach else fallback.channel or "",
            email=(reach.email if reach else fallback.email) or "", hours=reach.hours if reach else "",
        )
    return {f"after_hours_{key}": value for key, value in fields.items()}


COLUMNS = (
    "area", "policy_id", "policy_title", "severity", "owner_team_id", "owner_team", "contact_name", "contact_channel",
    "contact_email", "contact_hours", "segment_id", "segment_title", "sla_at_severity", *(f"sla_{tier}" for tier in TIERS),
    "after_hours_team_id", "after_hours_contact", "after_hours_channel", "after_hours_email", "after_hours_hours",
    "after_hours_note",
)
"""The export's columns, in order. SLAs are ISO 8601 durations (`PT4H`), as written in the segment; hours as
the team registry writes them (`24/7`, `Mon-Fri 08:00-18:00 UTC`: see `policybook.hours`). The after-hours
columns name who takes escalations while the contact is not staffed (new columns come last, so that tools
reading columns by position keep working)."""


def as_row(route: EscalationRoute) -> dict[str, str]:
    """A route as one flat row of the export."""
    values = (
        route.area_title, route.policy_id, route.policy_title, route.severity, route.owner_id, route.owner_name,
        route.contact_name, route.contact_channel, route.contact_email, route.contact_hours, route.segment_id,
        route.segment_title, route.sla_at_severity, *(route.sla.get(tier, "") for tier in TIERS),
        route.after_hours_team_id, route.after_hours_contact, route.after_hours_channel, route.after_hours_email,
        route.after_hours_hours, route.after_hours_note,
    )
    return dict(zip(COLUMNS, values, strict=True))


def to_csv(routes: list[EscalationRoute]) -> str:
    """The matrix as CSV with a header row (RFC 4180, CRLF line ends, as spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(as_row(route) for route in routes)
    return buffer.getvalue()


def to_json(routes: list[EscalationRoute]) -> str:
    """The matrix as JSON: `{"columns": [...], "routes": [{column: value}, ...]}`."""
    return json.dumps({"columns": list(COLUMNS), "routes": [as_row(route) for route in routes]}, indent=2, ensure_ascii=False) + "\n"
