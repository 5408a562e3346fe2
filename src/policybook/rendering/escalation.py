"""The escalation matrix page and its CSV download, both from `policybook.escalation` records."""

from __future__ import annotations

from itertools import groupby

from policybook.escalation import TIERS, EscalationRoute, escalation_matrix, to_csv
from policybook.handbook import Handbook
from policybook.rendering.messages import current_language, t
from policybook.rendering.names import area_title, contact_hours, contact_name, team_name, title_of
from policybook.rendering.text import cell, human_duration, link
from policybook.sitemap import BY_SEVERITY, ESCALATION_CSV, ESCALATION_MATRIX, TEAMS_PAGE


_SHORT = {"minute": "min", "minutes": "min", "hour": "h", "hours": "h"}


def _short(duration: str) -> str:
    """`PT30M` -> `30 min`, `PT4H` -> `4 h`, `P1D` -> `1 day`: narrow enough for a table cell (in English;
    other languages keep their own words for the units)."""
    if current_language() != "en":
        return human_duration(duration)
    return " ".join(_SHORT.get(word, word) for word in human_duration(duration).split())


def _contact(handbook: Handbook, route: EscalationRoute) -> str:
    team = handbook.teams.get(route.owner_id)
    owner = team_name(handbook, team) if team else route.owner_name
    cell_owner = f"[{cell(owner)}]({link(ESCALATION_MATRIX, TEAMS_PAGE, route.owner_id)})"
    if not route.contact_name or team is None:
        return cell_owner
    return (f"{cell_owner}<br>{cell(contact_name(handbook, team))} · `{route.contact_channel}` · "
            f"{cell(contact_hours(handbook, team))}")


def _title(handbook: Handbook, identifier: str, english: str) -> str:
    document = handbook.by_id.get(identifier)
    return title_of(handbook, document) if document is not None else english


def _row(handbook: Handbook, route: EscalationRoute) -> str:
    policy = (f"[{route.policy_id} {cell(_title(handbook, route.policy_id, route.policy_title))}]"
              f"({link(ESCALATION_MATRIX, route.policy_path)}) `{route.severity}`")
    if not route.segment_id:
        unset = t("Not set: ask the owner's contact")
        return f"| {policy} | {_contact(handbook, route)} | {unset} | — |"
    if not route.segment_path:  # a segment this build's readers may not see: name it, nothing more
        return f"| {policy} | {_contact(handbook, route)} | `{route.segment_id}` | — |"
    segment = (f"[{route.segment_id} {cell(_title(handbook, route.segment_id, route.segment_title))}]"
               f"({link(ESCALATION_MATRIX, route.segment_path)})")
    # The policy's own tier in bold: the time that applies unless the case is raised to another tier.
    times = [f"`{tier}` **{_short(route.sla[tier])}**" if tier == route.severity else f"`{tier}` {_short(route.sla[tier])}"
             for tier in TIERS]
    return f"| {policy} | {_contact(handbook, route)} | {segment} | {'<br>'.join(times)} |"


def escalation_matrix_page(handbook: Handbook) -> str:
    """`escalation-matrix.md`: every active policy by area, with its contact, segment and service levels."""
    routes = escalation_matrix(handbook)
    lines = [
        f"# {t('Escalation matrix')}", "",
        t("Who to escalate a case to, and how fast it must be decided. For every policy in force: the team that "
          "owns it and how to reach that team's escalation contact, the process segment that takes escalated cases, "
          "and that segment's completion time for each severity tier. The time at the policy's own tier is in bold; a case "
          "that is more severe than usual is raised to a higher tier ([what the tiers mean]({tiers})).",
          tiers=link(ESCALATION_MATRIX, BY_SEVERITY)), "",
        t("[Download the matrix as CSV]({csv}) for rotas and ticketing tools; "
          "`policybook export escalation-matrix` writes the same data as CSV or JSON.", csv=ESCALATION_CSV), "",
    ]
    if not routes:
        return "\n".join(lines + [t("No policy is in force."), ""])
    for area, grouped in groupby(routes, key=lambda route: route.area):
        rows = list(grouped)
        lines += [f"## {area_title(handbook, area)} {{#{area}}}", "",
                  f"| {t('Policy and its tier')} | {t('Owner and escalation contact')} | {t('Escalated cases go to')} | "
                  f"{t('Decided within')} |",
                  "|---|---|---|---|"]
        lines += [_row(handbook, route) for route in rows]
        lines.append("")
    return "\n".join(lines)


def escalation_downloads(handbook: Handbook) -> dict[str, str]:
    """The files linked from the page, by site path."""
    return {ESCALATION_CSV: to_csv(escalation_matrix(handbook))}
