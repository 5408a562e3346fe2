"""Policy and process pages: the metadata card on top, the structured sections below the prose."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re

from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Status, Step, StepType, parse_duration
from policybook.model.dsa import vocabulary
from policybook.rendering.diagrams import fence, segment_flowchart, segment_handoffs
from policybook.rendering.escalation import after_hours_inline
from policybook.rendering.walkthrough import walkthrough_block
from policybook.rendering.changes import updated_badge
from policybook.rendering.foreign import foreign
from policybook.rendering.messages import current_language, t
from policybook.rendering.names import (area_title, contact_hours, contact_name, dsa_label, team_name, title_of,
                                        workflow_title)
from policybook.rendering.blocks import (Inline, anchor_link, bullets, card, code, joined, page_link, paragraph, raw, strong,
                                         table, text)
from policybook.rendering.text import human_date, human_duration, label, link
from policybook.sitemap import ESCALATION_MATRIX, TEAMS_PAGE, site_uri


def _status(handbook: Handbook, document: Document) -> Inline:
    meta = document.meta
    badge = f'<span class="pb-status pb-status--{meta.status.value}">{html.escape(label(meta.status.value), quote=False)}</span>'
    return raw(badge) + text(f" · {t('version')} {meta.version} · {t('effective')} {human_date(meta.effective)}") + raw(
        updated_badge(handbook, document))


def _owner_entries(handbook: Handbook, uri: str, owner: str) -> list[tuple[Inline, Inline]]:
    team = handbook.teams.get(owner)
    if team is None:
        return [(text(t("Owner")), text(owner))]
    contact = team.escalation
    reach = [text(contact_name(handbook, team)), code(contact.channel)]
    if contact.email:
        reach.append(Inline(f"<{contact.email}>", f'<a href="mailto:{html.escape(contact.email)}">{html.escape(contact.email)}</a>',
                            _EMAIL.fullmatch(contact.email) is not None))
    reach.append(text(contact_hours(handbook, team)))
    return [(text(t("Owner")), page_link(uri, TEAMS_PAGE, text(team_name(handbook, team)), team.id)),
            (text(t("Escalation contact")), joined(" · ", reach))]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""An address plain enough to link as it is. (Markdown's `<address>` autolink spells it in character
references instead; browsers show and follow both the same.)"""


def _escalation_entries(handbook: Handbook, uri: str, meta: Policy) -> list[tuple[Inline, Inline]]:
    """Who takes escalations after hours, where escalated cases go, and how fast they are decided at the policy's
    own tier (the escalation matrix has every tier), in the matrix's words."""
    team = handbook.teams.get(meta.owner)
    fallback = after_hours_inline(handbook, uri, team) if team is not None else None
    entries = [(text(t("After hours")), fallback)] if fallback is not None else []
    target = handbook.by_id.get(meta.escalation_segment or "")
    if target is None or not isinstance(target.meta, ProcessSegment):
        return entries
    within = human_duration(getattr(target.meta.sla, meta.severity.value))
    return [*entries,
            (text(t("Escalate to")), page_link(uri, target.path, text(f"{target.id} {title_of(handbook, target)}"))),
            (text(t("Decided within")), code(meta.severity.value) + text(f" {within} · ")
             + page_link(uri, ESCALATION_MATRIX, text(t("all tiers")), meta.area))]


def _review_line(meta: Policy | ProcessSegment) -> Inline:
    return text(f"{human_date(meta.last_reviewed)} · {t('next review due')} {human_date(review_due(meta))}")


def referenced_by_section(handbook: Handbook, document: Document, sources: list[str]) -> list[str]:
    """"Referenced by": every page that refers to this one, so a change's reach is visible."""
    lines = [f"## {t('Referenced by')} {{#referenced-by}}", ""]
    if not sources:
        return lines + paragraph(text(t("No other page refers to this one.")))
    items = []
    for path in sources:
        source = handbook.by_path.get(path)
        if source is not None:
            items.append(page_link(document.path, path, text(f"{source.id} {title_of(handbook, source)}")))
        else:
            page = handbook.site_page(path)
            uri = site_uri(handbook, path)
            items.append(page_link(document.path, uri, text(site_page_title(handbook, page.title if page and page.title else uri))))
    return lines + bullets(items)


def _changelog(meta: Policy | ProcessSegment) -> list[str]:
    lines = [f"## {t('Changelog')} {{#changelog}}", ""]
    return lines + bullets([strong(text(entry.version)) + text(f" — {human_date(entry.date)}: ") + text(entry.summary)
                            for entry in meta.changelog])


def _page_links(handbook: Handbook, uri: str, ids: list[str]) -> Inline:
    links = []
    for identifier in ids:
        target = handbook.by_id.get(identifier)
        links.append(page_link(uri, target.path, text(f"{identifier} {title_of(handbook, target)}")) if target else code(identifier))
    return joined(", ", links)


def _card(document: Document, entries: list[tuple[Inline, Inline]], feedback: str) -> list[str]:
    meta = document.meta
    attributes = f'class="pb-card" data-pb-id="{meta.id}" data-pb-version="{meta.version}"'
    return card(attributes, text(meta.summary), [(text("ID"), code(meta.id or "")), *entries], feedback)


def policy_page(handbook: Handbook, document: Document, body: str, sources: list[str], feedback: str = "") -> str:
    """The full Markdown of a policy page; `feedback` (the feedback links) closes its card."""
    meta = document.meta
    assert isinstance(meta, Policy)
    uri = document.path
    dsa = vocabulary()
    lines = [f"# {meta.title} {{#{meta.id}}}", ""]
    if meta.status is Status.retired:
        replacement = handbook.superseded_by(meta.id)
        instead = (" " + t("Apply {page} instead.", page=f"[{replacement.id} {title_of(handbook, replacement)}]({link(uri, replacement.path)})")
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
    keywords = ", ".join(dsa_label(keyword, dsa.keyword_label(keyword)) for keyword in meta.dsa.keywords)
    lines += _card(document, [
        (text(t("Status")), _status(handbook, document)),
        (text(t("Area · severity")), page_link(uri, posixpath.dirname(uri) + "/index.md", text(area_title(handbook, meta.area)))
         + text(" · ") + code(meta.severity.value)),
        *_owner_entries(handbook, uri, meta.owner),
        *_escalation_entries(handbook, uri, meta),
        (text(t("Enforcement")), text(enforcement)),
        (text(t("Regions")), text(regions)),
        (text(t("DSA category")), text(dsa_label(meta.dsa.category, dsa.categories[meta.dsa.category])
                                       + (f" — {keywords}" if keywords else ""))),
        (text(t("Last reviewed")), _review_line(meta)),
    ], feedback)
    lines += [body.strip(), ""]
    if meta.exceptions:
        lines += [f"## {t('Exceptions')} {{#policy-exceptions}}", ""]
        lines += bullets([strong(text(f"{label(item.kind.value)}.")) + text(" ") + text(item.description) for item in meta.exceptions])
    lines += [f"## {t('Enforcement')} {{#policy-enforcement}}", ""]
    lines += table([text(t("Action")), text(t("When")), text(t("Strikes")), text(t("DSA decision"))], [
        [text(label(step.action.value)), text(step.when), text(str(step.strikes or "—")),
         text(f"{dsa_label(step.dsa_decision, dsa.decisions[step.dsa_decision])} (") + code(step.dsa_decision) + text(")")
         if step.dsa_decision
         else text(t("None (no restriction)"))]
        for step in meta.enforcement])
    lines += [f"## {t('Regional notes')} {{#regional-notes}}", ""]
    lines += table([text(t("Region")), text(t("Law")), text(t("What changes"))], [
        [text(t("Global") if rule.code == "global" else rule.code), text(rule.law or "—"), text(rule.note or "—")]
        for rule in meta.regions])
    related = [(t("Related policies"), meta.related), (t("Processes that apply it"), meta.processes), (t("Supersedes"), meta.supersedes)]
    listed = [(title, ids) for title, ids in related if ids]
    if listed:
        lines += [f"## {t('See also')} {{#see-also}}", ""]
        lines += bullets([text(f"{title}: ") + _page_links(handbook, uri, ids) for title, ids in listed])
    return "\n".join(lines + referenced_by_section(handbook, document, sources) + _changelog(meta))


def process_page(handbook: Handbook, document: Document, body: str, sources: list[str], feedback: str = "") -> str:
    """The full Markdown of a process segment page; `feedback` (the feedback links) closes its card."""
    meta = document.meta
    assert isinstance(meta, ProcessSegment)
    uri = document.path
    siblings = [d for d in handbook.processes if d.folder == meta.workflow]
    previous = next((d for d in siblings if getattr(d.meta, "next", None) == meta.id), None)
    following = handbook.by_id.get(meta.next) if meta.next else None
    lines = [f"# {meta.title} {{#{meta.id}}}", ""]
    if meta.status is not Status.active:
        lines += [f'!!! warning "{t("Not in force")}"', f"    {t('This segment is {status}.', status=label(meta.status.value).lower())}", ""]
    tiers = ("sev0", "sev1", "sev2", "sev3")
    sla = joined(" · ", (code(tier) + text(f" {human_duration(getattr(meta.sla, tier))}") for tier in tiers))
    lines += _card(document, [
        (text(t("Status")), _status(handbook, document)),
        (text(t("Workflow")), page_link(uri, posixpath.dirname(uri) + "/index.md", text(workflow_title(handbook, meta.workflow)))
         + text(f" · {t('segment {order} of {count}', order=meta.order, count=len(siblings))}")),
        *_owner_entries(handbook, uri, meta.owner),
        (text(t("Service level")), sla),
        (text(t("Last reviewed")), _review_line(meta)),
    ], feedback)
    lines += [body.strip(), "", f"## {t('Triggers and inputs')} {{#triggers-and-inputs}}", ""]
    lines += bullets([*(text(item) for item in meta.triggers), *(text(f"{t('Input:')} ") + text(item) for item in meta.inputs)])
    lines += [f"## {t('Outputs')} {{#outputs}}", ""]
    lines += bullets([text(item) for item in meta.outputs])
    lines += [f"## {t('Roles (RACI)')} {{#roles}}", ""]
    roles = []
    for role in meta.roles:
        team = handbook.teams.get(role.team) if role.team else None
        team_cell = page_link(uri, TEAMS_PAGE, text(team_name(handbook, team)), team.id) if team else text(role.team or "—")
        roles.append([text(role.role), team_cell, *(text("●" if letter in role.raci else "") for letter in "RACI")])
    lines += table([text(t("Role")), text(t("Team")), *(text(letter) for letter in "RACI")], roles, centred=frozenset({2, 3, 4, 5}))
    lines += [f"## {t('Service levels')} {{#service-levels}}", ""]
    lines += table([text(t("Severity")), text(t("Complete within"))],
                   [[code(tier), text(human_duration(getattr(meta.sla, tier)))] for tier in tiers])
    # The walk-through, then the chart, then the table: one set of step numbers, all from `steps`.
    lines += [f"## {t('Steps')} {{#steps}}", "", *walkthrough_block(handbook, document),
              *fence(segment_flowchart(handbook, document), narrow=t(NARROW_FLOWCHART)), t(FLOWCHART_LEGEND), ""]
    numbers = {step.id: index for index, step in enumerate(meta.steps, start=1)}
    lines += table([text(t("Step")), text(t("Type")), text(t("What happens")), text(t("Then"))], [
        [raw(f'<span id="step-{step.id}"></span>{index}. ') + code(step.id), text(label(step.type.value)), text(step.text),
         _then(handbook, uri, step, numbers)]
        for index, step in enumerate(meta.steps, start=1)])
    escalations = segment_handoffs(document)
    if escalations:
        lines += [f"## {t('Escalation paths')} {{#escalation-paths}}", ""]
        items = []
        for handoff in escalations:
            steps = joined(", ", (_step_link(step, numbers) for step in handoff.steps))
            items.append(_target(handbook, uri, handoff.target) + (text(f" ({t('from')} ") + steps + text(")") if handoff.steps else text("")))
        lines += bullets(items)
    if meta.policies:
        lines += [f"## {t('Policies applied')} {{#policies-applied}}", ""]
        lines += bullets([_policy_line(handbook, uri, identifier) for identifier in meta.policies])
    lines += referenced_by_section(handbook, document, sources) + _changelog(meta)
    around = []
    if previous:
        around.append(text(f"{t('Previous:')} ") + page_link(uri, previous.path, text(title_of(handbook, previous))))
    if following:
        around.append(text(f"{t('Next:')} ") + page_link(uri, following.path, text(title_of(handbook, following))))
    for identifier in meta.continues_in:
        target = handbook.by_id.get(identifier)
        if target is not None:
            around.append(text(f"{t('Continues in:')} ") + page_link(uri, target.path, text(f"{target.id} {title_of(handbook, target)}")))
    if around:
        lines += paragraph(joined(" · ", around))
    return "\n".join(lines)


FLOWCHART_LEGEND = (
    "*Boxes are actions, diamonds decisions, rounded boxes outcomes and hexagons escalations. Dotted arrows "
    "are intended loops; thick arrows hand the case to another segment or team.*"
)
"""The key printed under every segment flowchart."""

NARROW_FLOWCHART = ("At this width the flowchart's text would be too small to read. Follow the numbered steps "
                    "in the table below, walk through them one at a time, or open the chart full screen.")
"""What a segment's flowchart says in its place on a screen too narrow for its text to stay readable."""


def _step_link(step_id: str, numbers: dict[str, int]) -> Inline:
    """A link to a step of the same page, by the number the steps table and the flowchart show."""
    number = numbers.get(step_id)
    return anchor_link(f"step-{step_id}", text(t("step {number}", number=number))) if number else code(step_id)


def _then(handbook: Handbook, uri: str, step: Step, numbers: dict[str, int]) -> Inline:
    """Where a case goes after `step`, for the steps table."""
    if step.branches:
        return joined(raw("<br>"), (text(f"{b.when} → ") + _step_link(b.next, numbers) + _loop(b.loop)
                                    for b in step.branches))
    following = _step_link(step.next, numbers) + _loop(step.loop) if step.next else None
    if step.type is StepType.escalation:
        escalate = text(f"{t('Escalate to')} ") + _target(handbook, uri, step.to or "")
        return escalate + text(f", {t('then')} ") + following if following else escalate + text(f"; {t('the case leaves this segment')}")
    return following or text(t("End of the segment"))


def _loop(loop: bool) -> Inline:
    return text(f" ({t('loop')})" if loop else "")


def _policy_line(handbook: Handbook, uri: str, identifier: str) -> Inline:
    """A policy a segment applies: link, severity tier and owner, so the reader knows who to ask."""
    target = handbook.by_id.get(identifier)
    if target is None or not isinstance(target.meta, Policy):
        return code(identifier)
    meta = target.meta
    team = handbook.teams.get(meta.owner)
    owner = page_link(uri, TEAMS_PAGE, text(team_name(handbook, team)), team.id) if team else text(meta.owner)
    state = "" if meta.status is Status.active else f" · {label(meta.status.value)}"
    return (page_link(uri, target.path, text(f"{identifier} {title_of(handbook, target)}")) + text(" · ") + code(meta.severity.value)
            + text(" · ") + owner + text(state))


def _target(handbook: Handbook, uri: str, target: str) -> Inline:
    """An escalation target (segment ID or team ID) as a link with its contact."""
    if target in handbook.by_id:
        document = handbook.by_id[target]
        return page_link(uri, document.path, text(f"{target} {title_of(handbook, document)}"))
    team = handbook.teams.get(target)
    if team:
        return (page_link(uri, TEAMS_PAGE, text(team_name(handbook, team)), team.id) + text(f" — {contact_name(handbook, team)}, ")
                + code(team.escalation.channel))
    return code(target)


def site_page_title(handbook: Handbook, title: str) -> str:
    """A handbook page's title in a list on a page in another language: marked as the source language."""
    return title if current_language() == handbook.config.source_locale else foreign(title, handbook.config.source_locale)


def review_due(meta: Policy | ProcessSegment) -> dt.date:
    """The day the next review is due."""
    return meta.last_reviewed + parse_duration(meta.review_every)
