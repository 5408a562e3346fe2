"""Policy and process pages: the metadata card on top, the structured sections below the prose."""

from __future__ import annotations

import datetime as dt

from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Status, Step, StepType, parse_duration
from policybook.model.dsa import vocabulary
from policybook.rendering.diagrams import fence, segment_flowchart, segment_handoffs
from policybook.rendering.changes import updated_badge
from policybook.rendering.messages import t
from policybook.rendering.text import cell, human_date, human_duration, label, link
from policybook.sitemap import ESCALATION_MATRIX, TEAMS_PAGE, site_uri


def _status(meta: Policy | ProcessSegment) -> str:
    return (
        f'<span class="pb-status pb-status--{meta.status.value}">{label(meta.status.value)}</span>'
        f" · {t('version')} {meta.version} · {t('effective')} {human_date(meta.effective)}"
    )


def _owner_lines(handbook: Handbook, uri: str, owner: str) -> list[str]:
    team = handbook.teams.get(owner)
    if team is None:
        return [t("Owner"), f":   {owner}", ""]
    contact = team.escalation
    reach = [contact.name, f"`{contact.channel}`"]
    if contact.email:
        reach.append(f"<{contact.email}>")
    reach.append(contact.hours)
    return [
        t("Owner"), f":   [{team.name}]({link(uri, TEAMS_PAGE, team.id)})", "",
        t("Escalation contact"), f":   {' · '.join(reach)}", "",
    ]


def _escalation_lines(handbook: Handbook, uri: str, meta: Policy) -> list[str]:
    """Where escalated cases go and how fast, at the policy's own tier (the escalation matrix has every tier)."""
    target = handbook.by_id.get(meta.escalation_segment or "")
    if target is None or not isinstance(target.meta, ProcessSegment):
        return []
    within = human_duration(getattr(target.meta.sla, meta.severity.value))
    return [t("Escalate to"), f":   [{target.id} {target.meta.title}]({link(uri, target.path)}) · "
            f"`{meta.severity.value}` {t('within')} {within} · [{t('all tiers')}]({link(uri, ESCALATION_MATRIX, meta.area)})", ""]


def _review_line(meta: Policy | ProcessSegment) -> str:
    return f"{human_date(meta.last_reviewed)} · {t('next review due')} {human_date(review_due(meta))}"


def referenced_by_section(handbook: Handbook, document: Document, sources: list[str]) -> list[str]:
    """"Referenced by": every page that refers to this one, so a change's reach is visible."""
    lines = [f"## {t('Referenced by')} {{#referenced-by}}", ""]
    if not sources:
        return lines + [t("No other page refers to this one."), ""]
    for path in sources:
        source = handbook.by_path.get(path)
        if source is not None:
            lines.append(f"- [{source.id} {source.meta.title}]({link(document.path, path)})")
        else:
            page = handbook.site_page(path)
            uri = site_uri(handbook, path)
            lines.append(f"- [{page.title if page and page.title else uri}]({link(document.path, uri)})")
    return lines + [""]


def _changelog(meta: Policy | ProcessSegment) -> list[str]:
    lines = [f"## {t('Changelog')} {{#changelog}}", ""]
    for entry in meta.changelog:
        lines.append(f"- **{entry.version}** — {human_date(entry.date)}: {entry.summary}")
    return lines + [""]


def _page_links(handbook: Handbook, uri: str, ids: list[str]) -> str:
    links = []
    for identifier in ids:
        target = handbook.by_id.get(identifier)
        links.append(f"[{identifier} {target.meta.title}]({link(uri, target.path)})" if target else f"`{identifier}`")
    return ", ".join(links)


def policy_page(handbook: Handbook, document: Document, body: str, sources: list[str], feedback: str = "") -> str:
    """The full Markdown of a policy page; `feedback` (the feedback links) closes its card."""
    meta = document.meta
    assert isinstance(meta, Policy)
    uri = document.path
    dsa = vocabulary()
    area = handbook.config.areas.get(meta.area)
    lines = [f"# {meta.title} {{#{meta.id}}}", ""]
    if meta.status is Status.retired:
        replacement = handbook.superseded_by(meta.id)
        instead = (" " + t("Apply {page} instead.", page=f"[{replacement.id} {replacement.meta.title}]({link(uri, replacement.path)})")
                   if replacement else "")
        lines += [f'!!! danger "{t("Retired policy")}"', f"    {t('This policy no longer applies.')}{instead}", ""]
    elif meta.status is not Status.active:
        lines += [f'!!! warning "{t("Not in force")}"',
                  f"    {t('This policy is {status}: do not enforce it yet.', status=label(meta.status.value).lower())}", ""]
    enforcement = " · ".join(
        label(step.action.value) + (f" ({step.strikes} {t('strikes') if step.strikes > 1 else t('strike')})" if step.strikes else "")
        for step in meta.enforcement
    )
    regions = " · ".join(t("Global") if rule.code == "global" else rule.code for rule in meta.regions)
    keywords = ", ".join(dsa.keyword_label(keyword) for keyword in meta.dsa.keywords)
    lines += [
        f'<div class="pb-card" markdown data-pb-id="{meta.id}" data-pb-version="{meta.version}">', "",
        f"{meta.summary}", "",
        "ID", f":   `{meta.id}`", "",
        t("Status"), f":   {_status(meta)}{updated_badge(handbook, document)}", "",
        t("Area · severity"), f":   [{area.title if area else meta.area}](index.md) · `{meta.severity.value}`", "",
        *_owner_lines(handbook, uri, meta.owner),
        *_escalation_lines(handbook, uri, meta),
        t("Enforcement"), f":   {enforcement}", "",
        t("Regions"), f":   {regions}", "",
        t("DSA category"), f":   {dsa.categories[meta.dsa.category]}" + (f" — {keywords}" if keywords else ""), "",
        t("Last reviewed"), f":   {_review_line(meta)}", "",
        *([feedback, ""] if feedback else []),
        "</div>", "",
        body.strip(), "",
    ]
    if meta.exceptions:
        lines += [f"## {t('Exceptions')} {{#policy-exceptions}}", ""]
        lines += [f"- **{label(item.kind.value)}.** {item.description}" for item in meta.exceptions]
        lines.append("")
    lines += [f"## {t('Enforcement')} {{#policy-enforcement}}", "",
              f"| {t('Action')} | {t('When')} | {t('Strikes')} | {t('DSA decision')} |", "|---|---|---|---|"]
    for step in meta.enforcement:
        lines.append(
            f"| {label(step.action.value)} | {cell(step.when)} | {step.strikes or '—'} | "
            + (f"{dsa.decisions[step.dsa_decision]} (`{step.dsa_decision}`) |" if step.dsa_decision else f"{t('None (no restriction)')} |")
        )
    lines += ["", f"## {t('Regional notes')} {{#regional-notes}}", "",
              f"| {t('Region')} | {t('Law')} | {t('What changes')} |", "|---|---|---|"]
    for rule in meta.regions:
        region = t("Global") if rule.code == "global" else rule.code
        lines.append(f"| {region} | {cell(rule.law or '—')} | {cell(rule.note or '—')} |")
    lines.append("")
    related = [(t("Related policies"), meta.related), (t("Processes that apply it"), meta.processes), (t("Supersedes"), meta.supersedes)]
    listed = [(title, ids) for title, ids in related if ids]
    if listed:
        lines += [f"## {t('See also')} {{#see-also}}", ""]
        lines += [f"- {title}: {_page_links(handbook, uri, ids)}" for title, ids in listed]
        lines.append("")
    return "\n".join(lines + referenced_by_section(handbook, document, sources) + _changelog(meta))


def process_page(handbook: Handbook, document: Document, body: str, sources: list[str], feedback: str = "") -> str:
    """The full Markdown of a process segment page; `feedback` (the feedback links) closes its card."""
    meta = document.meta
    assert isinstance(meta, ProcessSegment)
    uri = document.path
    workflow = handbook.config.workflows.get(meta.workflow)
    siblings = [d for d in handbook.processes if d.folder == meta.workflow]
    previous = next((d for d in siblings if getattr(d.meta, "next", None) == meta.id), None)
    following = handbook.by_id.get(meta.next) if meta.next else None
    lines = [f"# {meta.title} {{#{meta.id}}}", ""]
    if meta.status is not Status.active:
        lines += [f'!!! warning "{t("Not in force")}"', f"    {t('This segment is {status}.', status=label(meta.status.value).lower())}", ""]
    sla = " · ".join(f"`{tier}` {human_duration(getattr(meta.sla, tier))}" for tier in ("sev0", "sev1", "sev2", "sev3"))
    lines += [
        f'<div class="pb-card" markdown data-pb-id="{meta.id}" data-pb-version="{meta.version}">', "",
        f"{meta.summary}", "",
        "ID", f":   `{meta.id}`", "",
        t("Status"), f":   {_status(meta)}{updated_badge(handbook, document)}", "",
        t("Workflow"), f":   [{workflow.title if workflow else meta.workflow}](index.md) · "
        f"{t('segment {order} of {count}', order=meta.order, count=len(siblings))}", "",
        *_owner_lines(handbook, uri, meta.owner),
        t("Service level"), f":   {sla}", "",
        t("Last reviewed"), f":   {_review_line(meta)}", "",
        *([feedback, ""] if feedback else []),
        "</div>", "",
        body.strip(), "",
        f"## {t('Triggers and inputs')} {{#triggers-and-inputs}}", "",
        *[f"- {item}" for item in meta.triggers], *[f"- {t('Input:')} {item}" for item in meta.inputs], "",
        f"## {t('Outputs')} {{#outputs}}", "", *[f"- {item}" for item in meta.outputs], "",
        f"## {t('Roles (RACI)')} {{#roles}}", "", f"| {t('Role')} | {t('Team')} | R | A | C | I |", "|---|---|:-:|:-:|:-:|:-:|",
    ]
    for role in meta.roles:
        team = handbook.teams.get(role.team) if role.team else None
        team_cell = f"[{team.name}]({link(uri, TEAMS_PAGE, team.id)})" if team else (role.team or "—")
        marks = " | ".join("●" if letter in role.raci else "" for letter in "RACI")
        lines.append(f"| {cell(role.role)} | {team_cell} | {marks} |")
    lines += ["", f"## {t('Service levels')} {{#service-levels}}", "", f"| {t('Severity')} | {t('Complete within')} |", "|---|---|"]
    lines += [f"| `{tier}` | {human_duration(getattr(meta.sla, tier))} |" for tier in ("sev0", "sev1", "sev2", "sev3")]
    lines += ["", f"## {t('Steps')} {{#steps}}", "", *fence(segment_flowchart(handbook, document)), t(FLOWCHART_LEGEND), ""]
    lines += [f"| {t('Step')} | {t('Type')} | {t('What happens')} | {t('Then')} |", "|---|---|---|---|"]
    for index, step in enumerate(meta.steps, start=1):
        lines.append(f'| <span id="step-{step.id}"></span>{index}. `{step.id}` | {label(step.type.value)} | {cell(step.text)} | '
                     f"{_then(handbook, uri, step)} |")
    lines.append("")
    escalations = segment_handoffs(document)
    if escalations:
        lines += [f"## {t('Escalation paths')} {{#escalation-paths}}", ""]
        for handoff in escalations:
            steps = ", ".join(f"[{label(step)}](#step-{step})" for step in handoff.steps)
            lines.append(f"- {_target(handbook, uri, handoff.target)}" + (f" ({t('from')} {steps})" if steps else ""))
        lines.append("")
    if meta.policies:
        lines += [f"## {t('Policies applied')} {{#policies-applied}}", ""]
        lines += [f"- {_policy_line(handbook, uri, identifier)}" for identifier in meta.policies]
        lines.append("")
    lines += referenced_by_section(handbook, document, sources) + _changelog(meta)
    around = []
    if previous:
        around.append(f"{t('Previous:')} [{previous.meta.title}]({link(uri, previous.path)})")
    if following:
        around.append(f"{t('Next:')} [{following.meta.title}]({link(uri, following.path)})")
    for identifier in meta.continues_in:
        target = handbook.by_id.get(identifier)
        if target is not None:
            around.append(f"{t('Continues in:')} [{target.id} {target.meta.title}]({link(uri, target.path)})")
    if around:
        lines += [" · ".join(around), ""]
    return "\n".join(lines)


FLOWCHART_LEGEND = (
    "*Boxes are actions, diamonds decisions, rounded boxes outcomes and hexagons escalations. Dotted arrows "
    "are intended loops; thick arrows hand the case to another segment or team.*"
)
"""The key printed under every segment flowchart."""


def _then(handbook: Handbook, uri: str, step: Step) -> str:
    """Where a case goes after `step`, for the steps table."""
    if step.branches:
        return "<br>".join(f"{cell(b.when)} → [{b.next}](#step-{b.next}){_loop(b.loop)}" for b in step.branches)
    following = f"[{step.next}](#step-{step.next}){_loop(step.loop)}" if step.next else None
    if step.type is StepType.escalation:
        escalate = f"{t('Escalate to')} {_target(handbook, uri, step.to or '')}"
        return f"{escalate}, {t('then')} {following}" if following else f"{escalate}; {t('the case leaves this segment')}"
    return following or t("End of the segment")


def _loop(loop: bool) -> str:
    return f" ({t('loop')})" if loop else ""


def _policy_line(handbook: Handbook, uri: str, identifier: str) -> str:
    """A policy a segment applies: link, severity tier and owner, so the reader knows who to ask."""
    target = handbook.by_id.get(identifier)
    if target is None or not isinstance(target.meta, Policy):
        return f"`{identifier}`"
    meta = target.meta
    team = handbook.teams.get(meta.owner)
    owner = f"[{team.name}]({link(uri, TEAMS_PAGE, team.id)})" if team else meta.owner
    state = "" if meta.status is Status.active else f" · {label(meta.status.value)}"
    return f"[{identifier} {meta.title}]({link(uri, target.path)}) · `{meta.severity.value}` · {owner}{state}"


def _target(handbook: Handbook, uri: str, target: str) -> str:
    """An escalation target (segment ID or team ID) as a link with its contact."""
    if target in handbook.by_id:
        document = handbook.by_id[target]
        return f"[{target} {document.meta.title}]({link(uri, document.path)})"
    team = handbook.teams.get(target)
    if team:
        return f"[{team.name}]({link(uri, TEAMS_PAGE, team.id)}) — {team.escalation.name}, `{team.escalation.channel}`"
    return f"`{target}`"


def review_due(meta: Policy | ProcessSegment) -> dt.date:
    """The day the next review is due."""
    return meta.last_reviewed + parse_duration(meta.review_every)
