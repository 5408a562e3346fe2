"""Generated pages: policy and process indexes, the team registry, the glossary, and the nav.

`generated_pages` returns `{site path: Markdown}`; a front end adds each as a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from policybook.documents import Document, Kind
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Severity, Status
from policybook.model.dsa import vocabulary
from policybook.rendering.blocks import html_table
from policybook.rendering.messages import current_language, t, writing_in
from policybook.rendering.names import (area_description, area_title, contact_name, dsa_label, summary_of,
                                        team_description, team_name, title_of, workflow_description, workflow_title)
from policybook.rendering.text import html_code, html_link, human_duration, label, link, url
from policybook.rendering.catalogue import diagnostics_page
from policybook.rendering.commands import cli_reference
from policybook.rendering.glossary import glossary_page
from policybook.flow import HandoffKind, handoffs_by_workflow
from policybook.rendering.diagrams import fence, workflow_flowchart
from policybook.rendering.escalation import escalation_matrix_page, hours_texts_block, teams_page_entries
from policybook.sitemap import (
    BY_DSA,
    BY_SEVERITY,
    COMMANDS_PAGE,
    DIAGNOSTICS_PAGE,
    ESCALATION_MATRIX,
    GLOSSARY_PAGE,
    POLICIES_INDEX,
    PROCESSES_INDEX,
    TEAMS_PAGE,
    dsa_anchor,
)

SEVERITY_MEANING = {
    Severity.sev0: "Imminent risk to life or to a child: act first, within minutes.",
    Severity.sev1: "Severe harm to people or to public safety.",
    Severity.sev2: "Significant harm to individuals or groups.",
    Severity.sev3: "Limited harm, mostly to rights holders or the platform.",
}
"""What each tier means (page labels: shown through `t`)."""


WORKFLOW_LEGEND = (
    "*Thick arrows lead to the next segment of a workflow; dotted arrows are escalations, labelled with the "
    "steps that take them. Flags are teams.*"
)
"""The key printed under every workflow diagram."""


def _policy_table(handbook: Handbook, uri: str, documents: Iterable[Document], *, area: bool = False) -> list[str]:
    header = ["ID", t("Policy"), *([t("Area")] if area else []), t("Severity"), t("Status"), t("Owner")]
    rows = []
    for document in documents:
        meta = document.meta
        assert isinstance(meta, Policy)
        team = handbook.teams.get(meta.owner)
        owner = html_link(uri, TEAMS_PAGE, team_name(handbook, team), team.id) if team else escape(meta.owner, quote=False)
        area_cell = [escape(area_title(handbook, meta.area), quote=False) if meta.area in handbook.config.areas
                     else "—"] if area else []
        rows.append([html_code(meta.id), html_link(uri, document.path, " ".join(title_of(handbook, document).split())),
                     *area_cell, html_code(meta.severity.value), escape(label(meta.status.value), quote=False), owner])
    return html_table(header, rows)


def _in_force(documents: Iterable[Document]) -> list[Document]:
    return [d for d in documents if d.meta.status is not Status.retired]


def policies_index(handbook: Handbook) -> str:
    """`policies/index.md`: every policy by area, retired ones last."""
    uri = POLICIES_INDEX
    lines = [
        f"# {t('Policies')}", "",
        t("Every policy in force, by area. Also listed [by severity]({severity}) and [by DSA category]({dsa}).",
          severity="by-severity.md", dsa="by-dsa-category.md"), "",
    ]
    for folder in handbook.config.areas:
        documents = _in_force(d for d in handbook.in_folder(folder) if d.kind is Kind.policy)
        if not documents:
            continue
        lines += [f"## {area_title(handbook, folder)} {{#{folder}}}", "", area_description(handbook, folder), ""]
        lines += _policy_table(handbook, uri, documents)
    retired = [d for d in handbook.policies if d.meta.status is Status.retired]
    if retired:
        lines += [f"## {t('Retired policies')} {{#retired}}", "", t("Kept for reference; never enforce them."), ""]
        lines += _policy_table(handbook, uri, retired, area=True)
    return "\n".join(lines)


def area_index(handbook: Handbook, folder: str) -> str:
    """`policies/<area>/index.md`."""
    uri = f"policies/{folder}/index.md"
    documents = [d for d in handbook.in_folder(folder) if d.kind is Kind.policy]
    lines = [f"# {area_title(handbook, folder)}", "", area_description(handbook, folder), ""]
    lines += _policy_table(handbook, uri, _in_force(documents))
    retired = [d for d in documents if d.meta.status is Status.retired]
    if retired:
        lines += [t("Retired:") + " " + ", ".join(f"[{d.id} {title_of(handbook, d)}]({link(uri, d.path)})" for d in retired), ""]
    return "\n".join(lines)


def by_severity(handbook: Handbook) -> str:
    """`policies/by-severity.md`: the policies in force, most severe tier first."""
    lines = [f"# {t('Policies by severity')}", "",
             t("Severity sets queue priority and the service level of every process segment."), ""]
    for tier in Severity:
        documents = _in_force(d for d in handbook.policies if d.meta.severity is tier)
        lines += [f"## `{tier.value}` {{#{tier.value}}}", "", t(SEVERITY_MEANING[tier]), ""]
        lines += _policy_table(handbook, BY_SEVERITY, documents, area=True) if documents else [t("No policies."), ""]
    return "\n".join(lines)


def by_dsa_category(handbook: Handbook) -> str:
    """`policies/by-dsa-category.md`: which policy reports under which DSA statement category."""
    dsa = vocabulary()
    lines = [
        f"# {t('Policies by DSA category')}", "",
        t("The EU Digital Services Act Transparency Database category each policy's statements of reasons use."), "",
    ]
    for category, category_label in dsa.categories.items():
        documents = _in_force(d for d in handbook.policies if d.meta.dsa.category == category)
        if not documents:
            continue
        lines += [f"## {dsa_label(category, category_label)} {{#{dsa_anchor(category)}}}", "", f"`{category}`", ""]
        lines += _policy_table(handbook, BY_DSA, documents, area=True)
    return "\n".join(lines)


def processes_index(handbook: Handbook) -> str:
    """`processes/index.md`: every workflow with its segments in order."""
    uri = PROCESSES_INDEX
    lines = [f"# {t('Processes')}", "", t("How a case moves through moderation, one explanation per workflow segment."), ""]
    folders = [folder for folder in handbook.config.workflows if any(d.folder == folder for d in handbook.processes)]
    if folders:
        lines += [f"## {t('How cases move between workflows')} {{#how-cases-move}}", "",
                  t("Each workflow's segments in order, and the escalations and referrals that take a case into "
                    "another workflow. Each workflow's page adds the teams cases are escalated to."), "",
                  *fence(workflow_flowchart(handbook, folders, teams=False)), t(WORKFLOW_LEGEND), ""]
    for folder in handbook.config.workflows:
        segments = [d for d in handbook.processes if d.folder == folder]
        if not segments:
            continue
        lines += [f"## [{workflow_title(handbook, folder)}]({folder}/index.md) {{#{folder}}}", "",
                  workflow_description(handbook, folder), ""]
        lines += [f"{d.meta.order}. [{title_of(handbook, d)}]({link(uri, d.path)}) `{d.id}`" for d in segments]
        lines.append("")
    return "\n".join(lines)


def workflow_index(handbook: Handbook, folder: str) -> str:
    """`processes/<workflow>/index.md`: the workflow's segments in order with their service levels."""
    uri = f"processes/{folder}/index.md"
    tiers = [tier.value for tier in Severity]
    lines = [f"# {workflow_title(handbook, folder)}", "", workflow_description(handbook, folder), "",
             f"## {t('Segments')} {{#segments}}", "",
             t("Completion time per severity tier, from the moment a case enters the segment."), ""]
    rows = []
    for document in (d for d in handbook.processes if d.folder == folder):
        meta = document.meta
        assert isinstance(meta, ProcessSegment)
        team = handbook.teams.get(meta.owner)
        owner = html_link(uri, TEAMS_PAGE, team_name(handbook, team), team.id) if team else escape(meta.owner, quote=False)
        state = "" if meta.status is Status.active else escape(f" ({label(meta.status.value)})", quote=False)
        # What the segment achieves goes under its name rather than in a column of its own: a column
        # of long text squeezed between seven others made every row a dozen lines tall.
        rows.append([str(meta.order),
                     f"<strong>{html_link(uri, document.path, ' '.join(title_of(handbook, document).split()))}{state}</strong>"
                     f"<br>{escape(' '.join(summary_of(handbook, document).split()), quote=False)}",
                     owner, *(_duration(getattr(meta.sla, tier)) for tier in tiers)])
    lines += html_table(["#", t("Segment"), t("Owner"), *(html_code(tier) for tier in tiers)], rows)
    lines += [f"## {t('How cases move')} {{#how-cases-move}}", "",
              t("From segment to segment, and out to other workflows and teams when a case is escalated or referred."), "",
              *fence(workflow_flowchart(handbook, [folder])), t(WORKFLOW_LEGEND), ""]
    return "\n".join(lines + _crossings(handbook, uri, folder))


def _duration(duration: str) -> str:
    """A service level in a table cell, kept on one line (`15 minutes`, never `15` / `minutes`)."""
    return f'<span class="pb-nobreak">{escape(human_duration(duration), quote=False)}</span>'


def _crossings(handbook: Handbook, uri: str, folder: str) -> list[str]:
    """The diagram's escalations as a table: readable without the diagram, and searchable."""
    rows = []
    for handoff in handoffs_by_workflow(handbook).get(folder, []):
        source = handbook.by_id.get(handoff.source)
        if handoff.kind is HandoffKind.next or source is None:
            continue
        steps = ", ".join(f'<a href="{escape(url(uri, source.path, "step-" + step))}">{html_code(step)}</a>'
                          for step in handoff.steps) or escape(
            t("continues in (appeal, referral)") if handoff.kind is HandoffKind.continuation else "—", quote=False)
        rows.append([html_link(uri, source.path, f"{source.id} {' '.join(title_of(handbook, source).split())}"), steps,
                     _handoff_target(handbook, uri, handoff.target)])
    if not rows:
        return []
    return html_table([t("From"), t("Escalation step or hand-off"), t("To")], rows)


def _handoff_target(handbook: Handbook, uri: str, target: str) -> str:
    """The HTML of where a hand-off leads: a segment, a team, or the bare ID of something else."""
    document = handbook.by_id.get(target)
    if document is not None:
        return html_link(uri, document.path, f"{target} {' '.join(title_of(handbook, document).split())}")
    team = handbook.teams.get(target)
    return (html_link(uri, TEAMS_PAGE, team_name(handbook, team), team.id) + escape(f" ({t('team')})", quote=False) if team
            else html_code(target))


def teams_page(handbook: Handbook) -> str:
    """`teams.md`: the registry, with what each team owns, so anyone finds whom to escalate to."""
    uri = TEAMS_PAGE
    lines = [f"# {t('Teams and escalation contacts')}", "",
             t("Who owns each policy and process, and how to reach them. Escalate to a role, not a person."), "",
             *hours_texts_block()]
    for team in handbook.teams.values():
        contact = team.escalation
        lines += [f"## {team_name(handbook, team)} {{#{team.id}}}", "", team_description(handbook, team), "",
                  f"- **{t('Escalation contact:')}** {contact_name(handbook, team)}",
                  f"- **{t('Channel:')}** `{contact.channel}`" + (f" · <{contact.email}>" if contact.email else ""),
                  *teams_page_entries(handbook, team), f"- **{t('Team ID:')}** `{team.id}`"]
        owned = handbook.owned_by(team.id)
        if owned:
            lines.append(f"- **{t('Owns:')}** " + ", ".join(f"[{d.id} {title_of(handbook, d)}]({link(uri, d.path)})" for d in owned))
        lines.append("")
    return "\n".join(lines)


def generated_pages(handbook: Handbook, locale: str | None = None) -> dict[str, str]:
    """Every generated page by its site path; the glossary in `locale`'s termbase and order."""
    locale = locale or handbook.config.source_locale
    with writing_in(locale):
        return _generated_pages(handbook, locale)


def _generated_pages(handbook: Handbook, locale: str) -> dict[str, str]:
    pages = {
        POLICIES_INDEX: policies_index(handbook),
        BY_SEVERITY: by_severity(handbook),
        BY_DSA: by_dsa_category(handbook),
        PROCESSES_INDEX: processes_index(handbook),
        TEAMS_PAGE: teams_page(handbook),
        GLOSSARY_PAGE: glossary_page(handbook, locale),
        DIAGNOSTICS_PAGE: diagnostics_page(),
        COMMANDS_PAGE: cli_reference(),
        ESCALATION_MATRIX: escalation_matrix_page(handbook),
    }
    for folder in handbook.config.areas:
        if any(d.kind is Kind.policy for d in handbook.in_folder(folder)):
            pages[f"policies/{folder}/index.md"] = area_index(handbook, folder)
    for folder in handbook.config.workflows:
        if any(d.kind is Kind.process for d in handbook.in_folder(folder)):
            pages[f"processes/{folder}/index.md"] = workflow_index(handbook, folder)
    return pages


def nav_section(handbook: Handbook, section: str) -> list:
    """The navigation of `policies` or `processes` in MkDocs' nav structure (titles to paths), in the
    language labels are being written in (a page without a translation keeps its title, marked)."""
    translated = current_language() != handbook.config.source_locale

    def entry(document: Document) -> Any:
        return {title_of(handbook, document): document.path} if translated else document.path

    if section == "policies":
        items: list = [POLICIES_INDEX, {t("By severity"): BY_SEVERITY}, {t("By DSA category"): BY_DSA}]
        for folder in handbook.config.areas:
            documents = [d for d in handbook.in_folder(folder) if d.kind is Kind.policy]
            if documents:
                ordered = _in_force(documents) + [d for d in documents if d.meta.status is Status.retired]
                items.append({area_title(handbook, folder): [f"policies/{folder}/index.md", *(entry(d) for d in ordered)]})
        return items
    items = [PROCESSES_INDEX]
    for folder in handbook.config.workflows:
        documents = [d for d in handbook.in_folder(folder) if d.kind is Kind.process]
        if documents:
            items.append({workflow_title(handbook, folder): [f"processes/{folder}/index.md", *(entry(d) for d in documents)]})
    return items
