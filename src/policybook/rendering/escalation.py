"""The escalation matrix page, its CSV download, and how a team's hours and after-hours fallback read
wherever they appear (the matrix, the Teams page, a policy's card).

Everything is rendered from `policybook.escalation` records and the team registry. The page is usable
as it is; `docs/assets/escalation.js` adds the filters and, from each contact's hours (handed over as
`data-pb-hours`), whether the contact is reachable now and its hours in the reader's own time zone. The
script has no words of its own: the page gives it its texts, in the page's language (`data-pb-texts`).
"""

from __future__ import annotations

import html
import json
import re
from itertools import groupby

from policybook.escalation import TIERS, EscalationRoute, escalation_matrix, to_csv
from policybook.handbook import Handbook
from policybook.hours import HoursError, parse_hours
from policybook.model import Team
from policybook.rendering.blocks import Inline, code, html_block, joined, page_link, raw, text
from policybook.rendering.messages import current_language, t
from policybook.rendering.names import area_title, contact_hours, contact_name, local_name, team_name, title_of
from policybook.rendering.text import human_duration, link
from policybook.sitemap import BY_SEVERITY, ESCALATION_CSV, ESCALATION_MATRIX, TEAMS_PAGE


_SHORT = {"minute": "min", "minutes": "min", "hour": "h", "hours": "h"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_JOINED = re.compile(r"[\w:.]+(?:[-–][\w:.]+)+")
"""A day or time range (`Mon-Fri`, `07:00-22:00`, `Mo.–Fr.`), which a line never breaks inside."""


def _short(duration: str) -> str:
    """`PT30M` -> `30 min`, `PT4H` -> `4 h`, `P1D` -> `1 day`: narrow enough for a table cell (in English;
    other languages keep their own words for the units)."""
    if current_language() != "en":
        return human_duration(duration)
    return " ".join(_SHORT.get(word, word) for word in human_duration(duration).split())


def _attribute(value: object) -> str:
    """A value as JSON inside a double-quoted HTML attribute."""
    return html.escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)


def script_texts() -> str:
    """The `data-pb-texts` attribute: every text `escalation.js` writes, in the page's language.
    `{time}`, `{hours}`, `{zone}`, `{shown}` and `{total}` are filled in by the script."""
    texts = {
        "open": t("Reachable now"),
        "closed": t("Not reachable now"),
        "until": t("until {time}"),
        "back": t("staffed again: {time}"),
        "local": t("Your time: {hours}"),
        "nextDay": t("next day"),
        "zone": t("Times in your time zone, {zone}. Now: {time}."),
        "shown": t("{shown} of {total} policies shown."),
    }
    return f'data-pb-texts="{_attribute(texts)}"'


def hours_inline(handbook: Handbook, team: Team) -> Inline:
    """A team's hours in the page's language, carrying the registry's hours as data for the page's script
    (which adds whether the contact is reachable now and the hours in the reader's time zone)."""
    shown = _JOINED.sub(lambda match: f'<span class="pb-nobreak">{match.group()}</span>',
                        html.escape(contact_hours(handbook, team), quote=False))
    try:
        hours = parse_hours(team.escalation.hours)
    except HoursError:  # reported by `policybook check`; the page still shows the text
        return raw(shown)
    return raw(f'<span class="pb-hours" data-pb-team="{html.escape(team.id)}" data-pb-hours="{_attribute(hours.as_data())}">'
               f"{shown}</span>")


def _email(address: str) -> Inline:
    escaped = html.escape(address)
    return Inline(f"<{address}>", f'<a href="mailto:{escaped}">{escaped}</a>', _EMAIL.fullmatch(address) is not None)


def after_hours_inline(handbook: Handbook, uri: str, team: Team) -> Inline | None:
    """Who takes the team's escalations after hours, and what to do, as written on the page at site path
    `uri`; None when the team names no fallback."""
    fallback = team.after_hours
    if fallback is None:
        return None
    covering = handbook.teams.get(fallback.team or "")
    if covering is not None:
        reach = [page_link(uri, TEAMS_PAGE, text(team_name(handbook, covering)), covering.id)
                 + text(": " + contact_name(handbook, covering)), code(covering.escalation.channel)]
        if covering.escalation.email:
            reach.append(_email(covering.escalation.email))
        reach.append(hours_inline(handbook, covering))
    elif fallback.team:  # a team this edition's readers may not see: its ID still says where
        reach = [code(fallback.team)]
    else:
        reach = [text(local_name(handbook, f"teams.{team.id}.after_hours_contact", fallback.name or "")),
                 code(fallback.channel or "")]
        if fallback.email:
            reach.append(_email(fallback.email))
    shown = joined(" · ", reach)
    if fallback.note:
        shown += text(" — " + local_name(handbook, f"teams.{team.id}.after_hours_note", fallback.note))
    return shown


def _fallback_block(handbook: Handbook, route: EscalationRoute, team: Team | None) -> str:
    shown = after_hours_inline(handbook, ESCALATION_MATRIX, team) if team is not None else None
    if shown is None:
        return ""
    # Shown unless the script finds the owner's contact reachable now: readers without it always see it.
    return (f'<p class="pb-esc__fallback" data-pb-fallback-for="{html.escape(route.owner_id)}">'
            f"<strong>{html.escape(t('After hours:'), quote=False)}</strong> {shown.html}</p>")


def _label(english: str) -> str:
    """The column's name inside each cell: shown when a narrow screen stacks a row into a card."""
    return f'<span class="pb-esc__label">{html.escape(t(english), quote=False)}</span>'


def _contact_cell(handbook: Handbook, route: EscalationRoute) -> str:
    team = handbook.teams.get(route.owner_id)
    owner = team_name(handbook, team) if team else route.owner_name
    cell = page_link(ESCALATION_MATRIX, TEAMS_PAGE, text(owner), route.owner_id).html
    if route.contact_name and team is not None:
        reach = joined(" · ", [text(contact_name(handbook, team)), code(route.contact_channel), hours_inline(handbook, team)])
        cell += f'<br><span class="pb-esc__reach">{reach.html}</span>{_fallback_block(handbook, route, team)}'
    return f'<td class="pb-esc__contact">{_label("Owner and escalation contact")}{cell}</td>'


def _title(handbook: Handbook, identifier: str, english: str) -> str:
    document = handbook.by_id.get(identifier)
    return title_of(handbook, document) if document is not None else english


def _identified(identifier: str, title: str) -> Inline:
    """`POL-HS-001 Hate speech`, the ID kept on one line."""
    return raw(f'<span class="pb-nobreak">{html.escape(identifier)}</span> ') + text(title)


def _row(handbook: Handbook, route: EscalationRoute) -> list[str]:
    policy = (page_link(ESCALATION_MATRIX, route.policy_path,
                        _identified(route.policy_id, _title(handbook, route.policy_id, route.policy_title))).html
              + f" {code(route.severity).html}")
    if not route.segment_id:
        segment, times = html.escape(t("Not set: ask the owner's contact"), quote=False), "—"
    elif not route.segment_path:  # a segment this build's readers may not see: name it, nothing more
        segment, times = code(route.segment_id).html, "—"
    else:
        segment = page_link(ESCALATION_MATRIX, route.segment_path,
                            _identified(route.segment_id, _title(handbook, route.segment_id, route.segment_title))).html
        # The policy's own tier in bold: the time that applies unless the case is raised to another tier.
        items = [f'<li class="pb-esc__own">{code(tier).html} <strong>{html.escape(_short(route.sla[tier]))}</strong></li>'
                 if tier == route.severity else f"<li>{code(tier).html} {html.escape(_short(route.sla[tier]))}</li>"
                 for tier in TIERS]
        times = f'<ul class="pb-esc__times">{"".join(items)}</ul>'
    attributes = " ".join(f'data-{name}="{html.escape(value)}"' for name, value in
                          (("area", route.area), ("team", route.owner_id), ("severity", route.severity)))
    return [f"<tr {attributes}>",
            f'<td class="pb-esc__policy">{_label("Policy and its tier")}{policy}</td>',
            _contact_cell(handbook, route),
            f'<td class="pb-esc__segment">{_label("Escalated cases go to")}{segment}</td>',
            f'<td class="pb-esc__sla">{_label("Decided within")}{times}</td>',
            "</tr>"]


def _select(name: str, label: str, every: str, options: list[tuple[str, str]]) -> str:
    choices = "".join(f'<option value="{html.escape(value)}">{html.escape(shown, quote=False)}</option>' for value, shown in options)
    return (f'<label class="pb-esc__filter"><span>{html.escape(label, quote=False)}</span>'
            f'<select data-pb-filter="{name}"><option value="">{html.escape(every, quote=False)}</option>{choices}</select></label>')


def _filters(handbook: Handbook, routes: list[EscalationRoute]) -> list[str]:
    """The filter controls, hidden until the script that runs them has started."""
    areas = list(dict.fromkeys(route.area for route in routes))
    teams = sorted({route.owner_id for route in routes},
                   key=lambda identifier: team_name(handbook, handbook.teams[identifier]) if identifier in handbook.teams else identifier)
    return [
        f'<div class="pb-esc__filters" role="group" aria-label="{html.escape(t("Filter the matrix"))}" hidden>',
        _select("area", t("Area"), t("Every area"), [(area, area_title(handbook, area)) for area in areas]),
        _select("team", t("Team"), t("Every team"),
                [(team, team_name(handbook, handbook.teams[team]) if team in handbook.teams else team) for team in teams]),
        _select("severity", t("Severity"), t("Every tier"), [(tier, tier) for tier in TIERS if any(r.severity == tier for r in routes)]),
        '<label class="pb-esc__filter pb-esc__filter--check"><input type="checkbox" data-pb-filter="reachable"> '
        f"<span>{html.escape(t('Only teams reachable now'), quote=False)}</span></label>",
        "</div>",
        '<p class="pb-esc__status" data-pb-status role="status" hidden></p>',
    ]


def escalation_matrix_page(handbook: Handbook) -> str:
    """`escalation-matrix.md`: every active policy by area, with its contact, after-hours fallback, segment and
    service levels, and filters by area, team, tier and who is reachable now."""
    routes = escalation_matrix(handbook)
    lines = [
        f"# {t('Escalation matrix')}", "",
        t("Who to escalate a case to, and how fast it must be decided. For every policy in force: the team that "
          "owns it and how to reach that team's escalation contact, the process segment that takes escalated cases, "
          "and that segment's completion time for each severity tier. The time at the policy's own tier is in bold; a case "
          "that is more severe than usual is raised to a higher tier ([what the tiers mean]({tiers})).",
          tiers=link(ESCALATION_MATRIX, BY_SEVERITY)), "",
        t("**Decided within** is the time the receiving segment has to decide an escalated case, counted from the moment "
          "it is escalated: escalate as soon as you see that a case needs it. Each contact's hours are given as the team "
          "states them and in your own time zone; while a contact is not staffed, the team's **after-hours fallback** "
          "takes its cases."), "",
        t("[Download the matrix as CSV]({csv}) for rotas and ticketing tools; "
          "`policybook export escalation-matrix` writes the same data as CSV or JSON.", csv=ESCALATION_CSV), "",
    ]
    if not routes:
        return "\n".join(lines + [t("No policy is in force."), ""])
    lines += html_block([f'<div class="pb-esc" data-pb-matrix {script_texts()}>', *_filters(handbook, routes)])
    for area, grouped in groupby(routes, key=lambda route: route.area):
        header = "".join(f"<th>{html.escape(t(name), quote=False)}</th>" for name in
                         ("Policy and its tier", "Owner and escalation contact", "Escalated cases go to", "Decided within"))
        rows = [line for route in grouped for line in _row(handbook, route)]
        lines += [f"## {area_title(handbook, area)} {{#{area}}}"]
        lines += html_block([f'<div class="pb-esc__area" data-area="{html.escape(area)}">', '<table class="pb-esc__table">',
                             f"<thead><tr>{header}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>", "</div>"])
    lines += html_block([f'<p class="pb-esc__none" data-pb-none hidden>{html.escape(t("No policy matches these filters."), quote=False)}</p>',
                         "</div>"])
    return "\n".join(lines)


def teams_page_entries(handbook: Handbook, team: Team) -> list[str]:
    """The Teams page's lines for a team's hours and after-hours fallback (Markdown list items)."""
    lines = [f"- **{t('Hours:')}** {hours_inline(handbook, team).markdown}"]
    fallback = after_hours_inline(handbook, TEAMS_PAGE, team)
    if fallback is not None:
        lines.append(f"- **{t('After hours:')}** {fallback.markdown}")
    return lines


def hours_texts_block() -> list[str]:
    """The script's texts on a page that shows hours outside the matrix (the Teams page)."""
    return html_block([f'<div class="pb-hours-texts" hidden {script_texts()}></div>'])


def escalation_downloads(handbook: Handbook) -> dict[str, str]:
    """The files linked from the page, by site path."""
    return {ESCALATION_CSV: to_csv(escalation_matrix(handbook))}
