"""The escalation matrix page and its CSV download, both from `policybook.escalation` records."""

from __future__ import annotations

from itertools import groupby

from policybook.escalation import TIERS, EscalationRoute, escalation_matrix, to_csv
from policybook.handbook import Handbook
from policybook.rendering.text import cell, human_duration, link
from policybook.sitemap import BY_SEVERITY, ESCALATION_CSV, ESCALATION_MATRIX, TEAMS_PAGE


_SHORT = {"minute": "min", "minutes": "min", "hour": "h", "hours": "h"}


def _short(duration: str) -> str:
    """`PT30M` -> `30 min`, `PT4H` -> `4 h`, `P1D` -> `1 day`: narrow enough for a table cell."""
    return " ".join(_SHORT.get(word, word) for word in human_duration(duration).split())


def _contact(route: EscalationRoute) -> str:
    team = f"[{cell(route.owner_name)}]({link(ESCALATION_MATRIX, TEAMS_PAGE, route.owner_id)})"
    if not route.contact_name:
        return team
    return f"{team}<br>{cell(route.contact_name)} · `{route.contact_channel}` · {cell(route.contact_hours)}"


def _row(route: EscalationRoute) -> str:
    policy = f"[{route.policy_id} {cell(route.policy_title)}]({link(ESCALATION_MATRIX, route.policy_path)}) `{route.severity}`"
    if not route.segment_id:
        return f"| {policy} | {_contact(route)} | Not set: ask the owner's contact | — |"
    if not route.segment_path:  # a segment this build's readers may not see: name it, nothing more
        return f"| {policy} | {_contact(route)} | `{route.segment_id}` | — |"
    segment = f"[{route.segment_id} {cell(route.segment_title)}]({link(ESCALATION_MATRIX, route.segment_path)})"
    # The policy's own tier in bold: the time that applies unless the case is raised to another tier.
    times = [f"`{t}` **{_short(route.sla[t])}**" if t == route.severity else f"`{t}` {_short(route.sla[t])}" for t in TIERS]
    return f"| {policy} | {_contact(route)} | {segment} | {'<br>'.join(times)} |"


def escalation_matrix_page(handbook: Handbook) -> str:
    """`escalation-matrix.md`: every active policy by area, with its contact, segment and service levels."""
    routes = escalation_matrix(handbook)
    lines = [
        "# Escalation matrix", "",
        "Who to escalate a case to, and how fast it must be decided. For every policy in force: the team that "
        "owns it and how to reach that team's escalation contact, the process segment that takes escalated cases, "
        "and that segment's completion time for each severity tier. The time at the policy's own tier is in bold; a case "
        f"that is more severe than usual is raised to a higher tier ([what the tiers mean]({link(ESCALATION_MATRIX, BY_SEVERITY)})).", "",
        f"[Download the matrix as CSV]({ESCALATION_CSV}) for rotas and ticketing tools; "
        "`policybook export escalation-matrix` writes the same data as CSV or JSON.", "",
    ]
    if not routes:
        return "\n".join(lines + ["No policy is in force.", ""])
    for area, grouped in groupby(routes, key=lambda route: route.area):
        rows = list(grouped)
        lines += [f"## {rows[0].area_title} {{#{area}}}", "",
                  "| Policy and its tier | Owner and escalation contact | Escalated cases go to | Decided within |",
                  "|---|---|---|---|"]
        lines += [_row(route) for route in rows]
        lines.append("")
    return "\n".join(lines)


def escalation_downloads(handbook: Handbook) -> dict[str, str]:
    """The files linked from the page, by site path."""
    return {ESCALATION_CSV: to_csv(escalation_matrix(handbook))}
