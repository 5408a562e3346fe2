"""Generated pages: policy and process indexes, the team registry, the glossary, and the nav.

`generated_pages` returns `{site path: Markdown}`; a front end adds each as a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from policybook.documents import Document, Kind
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Severity, Status
from policybook.model.dsa import vocabulary
from policybook.rendering.blocks import html_table
from policybook.rendering.text import cell, html_code, html_link, human_duration, label, link
from policybook.rendering.catalogue import diagnostics_page
from policybook.rendering.commands import cli_reference
from policybook.rendering.glossary import glossary_page
from policybook.flow import HandoffKind, handoffs_by_workflow
from policybook.rendering.diagrams import fence, workflow_flowchart
from policybook.rendering.escalation import escalation_matrix_page
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


WORKFLOW_LEGEND = (
    "*Thick arrows lead to the next segment of a workflow; dotted arrows are escalations, labelled with the "
    "steps that take them. Flags are teams.*"
)
"""The key printed under every workflow diagram."""


def _policy_table(handbook: Handbook, uri: str, documents: Iterable[Document], *, area: bool = False) -> list[str]:
    header = ["ID", "Policy", *(["Area"] if area else []), "Severity", "Status", "Owner"]
    rows = []
    for document in documents:
        meta = document.meta
        assert isinstance(meta, Policy)
        team = handbook.teams.get(meta.owner)
        owner = html_link(uri, TEAMS_PAGE, team.name, team.id) if team else escape(meta.owner, quote=False)
        area_cell = [escape(handbook.config.areas[meta.area].title, quote=False) if meta.area in handbook.config.areas
                     else "—"] if area else []
        rows.append([html_code(meta.id), html_link(uri, document.path, " ".join(meta.title.split())), *area_cell,
                     html_code(meta.severity.value), escape(label(meta.status.value), quote=False), owner])
    return html_table(header, rows)


def _in_force(documents: Iterable[Document]) -> list[Document]:
    return [d for d in documents if d.meta.status is not Status.retired]


def policies_index(handbook: Handbook) -> str:
    """`policies/index.md`: every policy by area, retired ones last."""
    uri = POLICIES_INDEX
    lines = [
        "# Policies", "",
        "Every policy in force, by area. Also listed [by severity](by-severity.md) and "
        "[by DSA category](by-dsa-category.md).", "",
    ]
    for folder, area in handbook.config.areas.items():
        documents = _in_force(d for d in handbook.in_folder(folder) if d.kind is Kind.policy)
        if not documents:
            continue
        lines += [f"## {area.title} {{#{folder}}}", "", area.description, ""]
        lines += _policy_table(handbook, uri, documents)
    retired = [d for d in handbook.policies if d.meta.status is Status.retired]
    if retired:
        lines += ["## Retired policies {#retired}", "", "Kept for reference; never enforce them.", ""]
        lines += _policy_table(handbook, uri, retired, area=True)
    return "\n".join(lines)


def area_index(handbook: Handbook, folder: str) -> str:
    """`policies/<area>/index.md`."""
    area = handbook.config.areas[folder]
    uri = f"policies/{folder}/index.md"
    documents = [d for d in handbook.in_folder(folder) if d.kind is Kind.policy]
    lines = [f"# {area.title}", "", area.description, ""]
    lines += _policy_table(handbook, uri, _in_force(documents))
    retired = [d for d in documents if d.meta.status is Status.retired]
    if retired:
        lines += ["Retired: " + ", ".join(f"[{d.id} {d.meta.title}]({link(uri, d.path)})" for d in retired), ""]
    return "\n".join(lines)


def by_severity(handbook: Handbook) -> str:
    """`policies/by-severity.md`: the policies in force, most severe tier first."""
    lines = ["# Policies by severity", "", "Severity sets queue priority and the service level of every process segment.", ""]
    for tier in Severity:
        documents = _in_force(d for d in handbook.policies if d.meta.severity is tier)
        lines += [f"## `{tier.value}` {{#{tier.value}}}", "", SEVERITY_MEANING[tier], ""]
        lines += _policy_table(handbook, BY_SEVERITY, documents, area=True) if documents else ["No policies.", ""]
    return "\n".join(lines)


def by_dsa_category(handbook: Handbook) -> str:
    """`policies/by-dsa-category.md`: which policy reports under which DSA statement category."""
    dsa = vocabulary()
    lines = [
        "# Policies by DSA category", "",
        "The EU Digital Services Act Transparency Database category each policy's statements of reasons use.", "",
    ]
    for category, category_label in dsa.categories.items():
        documents = _in_force(d for d in handbook.policies if d.meta.dsa.category == category)
        if not documents:
            continue
        lines += [f"## {category_label} {{#{dsa_anchor(category)}}}", "", f"`{category}`", ""]
        lines += _policy_table(handbook, BY_DSA, documents, area=True)
    return "\n".join(lines)


def processes_index(handbook: Handbook) -> str:
    """`processes/index.md`: every workflow with its segments in order."""
    uri = PROCESSES_INDEX
    lines = ["# Processes", "", "How a case moves through moderation, one explanation per workflow segment.", ""]
    folders = [folder for folder in handbook.config.workflows if any(d.folder == folder for d in handbook.processes)]
    if folders:
        lines += ["## How cases move between workflows {#how-cases-move}", "",
                  "Each workflow's segments in order, and the escalations and referrals that take a case into "
                  "another workflow. Each workflow's page adds the teams cases are escalated to.", "",
                  *fence(workflow_flowchart(handbook, folders, teams=False)), WORKFLOW_LEGEND, ""]
    for folder, workflow in handbook.config.workflows.items():
        segments = [d for d in handbook.processes if d.folder == folder]
        if not segments:
            continue
        lines += [f"## [{workflow.title}]({folder}/index.md) {{#{folder}}}", "", workflow.description, ""]
        lines += [f"{d.meta.order}. [{d.meta.title}]({link(uri, d.path)}) `{d.id}`" for d in segments]
        lines.append("")
    return "\n".join(lines)


def workflow_index(handbook: Handbook, folder: str) -> str:
    """`processes/<workflow>/index.md`: the workflow's segments in order with their service levels."""
    workflow = handbook.config.workflows[folder]
    uri = f"processes/{folder}/index.md"
    tiers = [tier.value for tier in Severity]
    lines = [f"# {workflow.title}", "", workflow.description, "", "## Segments {#segments}", "",
             "Completion time per severity tier, from the moment a case enters the segment.", "",
             "| # | Segment | What it achieves | Owner | " + " | ".join(f"`{t}`" for t in tiers) + " |",
             "|---|---|---|---|" + "---|" * len(tiers)]
    for document in (d for d in handbook.processes if d.folder == folder):
        meta = document.meta
        assert isinstance(meta, ProcessSegment)
        team = handbook.teams.get(meta.owner)
        owner = f"[{team.name}]({link(uri, TEAMS_PAGE, team.id)})" if team else meta.owner
        state = "" if meta.status is Status.active else f" ({label(meta.status.value)})"
        lines.append(
            f"| {meta.order} | [{cell(meta.title)}]({link(uri, document.path)}){state} | {cell(meta.summary)} | {owner} | "
            + " | ".join(human_duration(getattr(meta.sla, t)) for t in tiers) + " |"
        )
    lines += ["", "## How cases move {#how-cases-move}", "",
              "From segment to segment, and out to other workflows and teams when a case is escalated or referred.", "",
              *fence(workflow_flowchart(handbook, [folder])), WORKFLOW_LEGEND, ""]
    return "\n".join(lines + _crossings(handbook, uri, folder))


def _crossings(handbook: Handbook, uri: str, folder: str) -> list[str]:
    """The diagram's escalations as a table: readable without the diagram, and searchable."""
    rows = []
    for handoff in handoffs_by_workflow(handbook).get(folder, []):
        source = handbook.by_id.get(handoff.source)
        if handoff.kind is HandoffKind.next or source is None:
            continue
        steps = ", ".join(f"[{label(step)}]({link(uri, source.path, 'step-' + step)})" for step in handoff.steps) or (
            "continues in (appeal, referral)" if handoff.kind is HandoffKind.continuation else "—")
        rows.append(f"| [{source.id} {cell(source.meta.title)}]({link(uri, source.path)}) | {steps} | "
                    f"{_handoff_target(handbook, uri, handoff.target)} |")
    if not rows:
        return []
    return ["| From | Escalation step or hand-off | To |", "|---|---|---|", *rows, ""]


def _handoff_target(handbook: Handbook, uri: str, target: str) -> str:
    document = handbook.by_id.get(target)
    if document is not None:
        return f"[{target} {cell(document.meta.title)}]({link(uri, document.path)})"
    team = handbook.teams.get(target)
    return f"[{cell(team.name)}]({link(uri, TEAMS_PAGE, team.id)}) (team)" if team else f"`{target}`"


def teams_page(handbook: Handbook) -> str:
    """`teams.md`: the registry, with what each team owns, so anyone finds whom to escalate to."""
    uri = TEAMS_PAGE
    lines = ["# Teams and escalation contacts", "",
             "Who owns each policy and process, and how to reach them. Escalate to a role, not a person.", ""]
    for team in handbook.teams.values():
        contact = team.escalation
        lines += [f"## {team.name} {{#{team.id}}}", "", team.description, "",
                  f"- **Escalation contact:** {contact.name}",
                  f"- **Channel:** `{contact.channel}`" + (f" · <{contact.email}>" if contact.email else ""),
                  f"- **Hours:** {contact.hours}", f"- **Team ID:** `{team.id}`"]
        owned = handbook.owned_by(team.id)
        if owned:
            lines.append("- **Owns:** " + ", ".join(f"[{d.id} {d.meta.title}]({link(uri, d.path)})" for d in owned))
        lines.append("")
    return "\n".join(lines)


def generated_pages(handbook: Handbook, locale: str | None = None) -> dict[str, str]:
    """Every generated page by its site path; the glossary in `locale`'s termbase and order."""
    pages = {
        POLICIES_INDEX: policies_index(handbook),
        BY_SEVERITY: by_severity(handbook),
        BY_DSA: by_dsa_category(handbook),
        PROCESSES_INDEX: processes_index(handbook),
        TEAMS_PAGE: teams_page(handbook),
        GLOSSARY_PAGE: glossary_page(handbook, locale or handbook.config.source_locale),
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
    """The navigation of `policies` or `processes` in MkDocs' nav structure (titles to paths)."""
    if section == "policies":
        items: list = [POLICIES_INDEX, {"By severity": BY_SEVERITY}, {"By DSA category": BY_DSA}]
        for folder, area in handbook.config.areas.items():
            documents = [d for d in handbook.in_folder(folder) if d.kind is Kind.policy]
            if documents:
                ordered = _in_force(documents) + [d for d in documents if d.meta.status is Status.retired]
                items.append({area.title: [f"policies/{folder}/index.md", *(d.path for d in ordered)]})
        return items
    items = [PROCESSES_INDEX]
    for folder, workflow in handbook.config.workflows.items():
        documents = [d for d in handbook.in_folder(folder) if d.kind is Kind.process]
        if documents:
            items.append({workflow.title: [f"processes/{folder}/index.md", *(d.path for d in documents)]})
    return items
