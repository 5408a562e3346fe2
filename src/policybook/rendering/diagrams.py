"""Flowcharts drawn from the content, never by hand: a segment's steps, and how cases move between segments.

A diagram is Mermaid source in a `<figure class="pb-flowchart">` (`fence`), which our own
`docs/assets/flowchart.js` draws: readable at every width (scaled to fit while its text stays at
12 CSS px or more, otherwise the reader is pointed to the numbered steps and a full-screen view with
zoom), in the colours of the reader's light or dark scheme. A segment's boxes carry the numbers of
the steps table, so chart, table and walk-through name a step the same way. The site serves the
Mermaid library itself (`LIBRARY_URI`, copied from the npm package at build time) and only on pages
that have a diagram, so reading the handbook fetches nothing from another host.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from policybook.documents import Document, Kind
from policybook.flow import Handoff, HandoffKind, handoffs, handoffs_by_workflow
from policybook.handbook import Handbook
from policybook.model import ProcessSegment, StepType
from policybook.model.common import PROCESS_ID
from policybook.rendering.blocks import html_block
from policybook.rendering.foreign import plain as plain_text
from policybook.rendering.messages import t
from policybook.rendering.names import team_name, title_of, workflow_title
from policybook.rendering.text import label

LIBRARY_SOURCE = "node_modules/mermaid/dist/mermaid.min.js"
"""Where `npm ci` (run by `scripts/setup.sh`) puts the Mermaid library, relative to the handbook root."""
LIBRARY_URI = "assets/javascripts/mermaid.min.js"
"""Where the built site serves it."""
MISSING_LIBRARY = (
    f"Policybook: the diagram library is missing ({LIBRARY_SOURCE}); run scripts/setup.sh (or make site) to install it"
)
"""The one line a build stops with when the library is not installed."""

_REFERENCE = re.compile(r"\[([^\]]*)\]\[([^\]]*)\]")
_SHAPES = {
    StepType.action: ('["', '"]'),
    StepType.decision: ('{"', '"}'),
    StepType.outcome: ('(["', '"])'),
    StepType.escalation: ('{{"', '"}}'),
}


def _text(value: str) -> str:
    """A label Mermaid shows as typed (it wraps long ones itself): references reduced to their text, entities escaped."""
    plain = _REFERENCE.sub(lambda m: m[1] or m[2], " ".join(plain_text(value).split()))
    return plain.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _node_id(prefix: str, identifier: str) -> str:
    # Prefixes keep IDs clear of Mermaid keywords (`end`, `graph`) and of each other.
    return prefix + re.sub(r"[^A-Za-z0-9]", "_", identifier)


def _target_node(handbook: Handbook, target: str, order: bool = False) -> tuple[str, str]:
    """(node ID, node declaration) of a hand-off target: a segment or a team."""
    document = handbook.by_id.get(target)
    if document is not None and isinstance(document.meta, ProcessSegment):
        node = _node_id("segment_", target)
        title = f"{document.meta.order}. {title_of(handbook, document)}" if order else f"{target} {title_of(handbook, document)}"
        return node, f'{node}[["{_text(title)}"]]'
    if PROCESS_ID.match(target):  # checked to exist, so a segment this build's readers may not see
        node = _node_id("segment_", target)
        return node, f'{node}[["{_text(target + " " + t("(restricted)"))}"]]'
    team = handbook.teams.get(target)
    node = _node_id("team_", target)
    return node, f'{node}>"{_text(team_name(handbook, team) if team else target)}"]'


FIGURE = '<figure class="pb-flowchart"'
"""How a page's HTML starts a diagram (see `fence`)."""


def fence(source: str, narrow: str | None = None) -> list[str]:
    """The page lines of a diagram: its Mermaid source in a figure that `docs/assets/flowchart.js` draws.

    The figure carries the script's labels, in the page's language: its buttons and `narrow`, what
    to tell a reader whose screen is too narrow for the chart's text to stay readable (by default,
    to open it full screen). The source is escaped, so no `-->` of an arrow ends the block's comment.
    The theme's own Mermaid integration never sees it: it looks for `<pre class="mermaid">` only.
    """
    labels = {"open": t("Open full screen"), "close": t("Close"), "zoomIn": t("Zoom in"), "zoomOut": t("Zoom out"),
              "narrow": narrow or t("At this width the chart's text would be too small to read: open it full screen.")}
    data = html.escape(json.dumps(labels, ensure_ascii=False, separators=(",", ":")))
    return html_block([f'{FIGURE} data-pb-flowchart="{data}">',
                       f'<pre class="pb-flowchart__source"><code>{html.escape(source)}</code></pre>', "</figure>"])


def segment_flowchart(handbook: Handbook, document: Document) -> str:
    """The Mermaid flowchart of a segment's steps, with the teams and segments its escalations hand cases to.

    Actions are boxes, decisions diamonds, outcomes rounded, escalations hexagons, each labelled with
    its number in the steps table; intended loops are dotted and escalations to another segment or
    team are thick arrows.
    """
    meta = document.meta
    assert isinstance(meta, ProcessSegment)
    known = {step.id for step in meta.steps}
    lines = ["flowchart TD", f"    accTitle: {_text(t('Steps of {title}', title=meta.title))}"]
    for number, step in enumerate(meta.steps, start=1):
        opening, closing = _SHAPES[step.type]
        lines.append(f"    {_node_id('step_', step.id)}{opening}{number}. {_text(step.text)}{closing}")
    targets: dict[str, str] = {}
    edges = []
    for step in meta.steps:
        source = _node_id("step_", step.id)
        if step.next in known:
            arrow = f'-.->|"{_text(t("loop"))}"|' if step.loop else "-->"
            edges.append(f"    {source} {arrow} {_node_id('step_', step.next)}")
        for branch in step.branches:
            if branch.next in known:
                when = _text(branch.when + (f" ({t('loop')})" if branch.loop else ""))
                edges.append(f'    {source} {"-.->" if branch.loop else "-->"}|"{when}"| {_node_id("step_", branch.next)}')
        if step.type is StepType.escalation and step.to:
            node, declaration = _target_node(handbook, step.to)
            targets.setdefault(node, declaration)
            edges.append(f"    {source} ==> {node}")
    return "\n".join([*lines, *(f"    {d}" for d in targets.values()), *edges])


def _handoff_edges(handbook: Handbook, found: Iterable[Handoff], nodes: dict[str, str], teams: bool) -> list[str]:
    edges = []
    following = {(h.source, h.target) for h in found if h.kind is HandoffKind.next}
    for handoff in found:
        is_segment = handoff.target in handbook.by_id
        if (not is_segment and not teams) or (not handoff.steps and handoff.kind is HandoffKind.escalation
                                               and (handoff.source, handoff.target) in following):
            continue  # a team in the all-workflows view, or an escalation path the `next` arrow already draws
        source = _node_id("segment_", handoff.source)
        target = _node_id("segment_", handoff.target) if is_segment else _target_node(handbook, handoff.target)[0]
        if not is_segment:
            nodes.setdefault(target, _target_node(handbook, handoff.target)[1])
        if handoff.kind is HandoffKind.next:
            edges.append(f"    {source} ==> {target}")
        elif handoff.kind is HandoffKind.continuation:
            edges.append(f'    {source} -->|"{_text(t("continues in"))}"| {target}')
        elif handoff.steps:
            edges.append(f'    {source} -.->|"{_text(", ".join(label(s) for s in handoff.steps))}"| {target}')
        else:
            edges.append(f"    {source} -.-> {target}")
    return edges


def workflow_flowchart(handbook: Handbook, folders: list[str], *, teams: bool = True) -> str:
    """How cases move through the workflows in `folders` and to and from other workflows and teams.

    Each workflow is a box of its segments in order; thick arrows are `next`, dotted arrows are
    escalations, labelled with the steps that take them. Segments of other workflows appear only
    when a case crosses over; `teams=False` leaves out escalations to teams (the all-workflows view).
    """
    by_workflow = handoffs_by_workflow(handbook)
    # A hand-off between two of the workflows shown is listed under both: keep it once.
    found = list(dict.fromkeys(h for folder in folders for h in by_workflow.get(folder, [])))
    shown = {d.id for d in handbook.processes if d.folder in folders}
    shown |= {h.source for h in found} | {h.target for h in found if h.target in handbook.by_id}
    titles = [workflow_title(handbook, f) for f in folders if f in handbook.config.workflows]
    lines = ["flowchart TD", f"    accTitle: {_text(t('How cases move: {workflows}', workflows=', '.join(titles)))}"]
    for folder, workflow in handbook.config.workflows.items():
        segments = [d for d in handbook.in_folder(folder) if d.kind is Kind.process and d.id in shown]
        if not segments:
            continue
        lines.append(f'    subgraph {_node_id("workflow_", folder)}["{_text(workflow_title(handbook, folder))}"]')
        lines += [f"        {_target_node(handbook, d.id or '', order=True)[1]}" for d in segments]
        lines.append("    end")
    nodes: dict[str, str] = {}
    edges = _handoff_edges(handbook, found, nodes, teams)
    return "\n".join([*lines, *(f"    {n}" for n in nodes.values()), *edges])


def segment_handoffs(document: Document) -> list[Handoff]:
    """The segment's escalations (not its `next`), for the page's escalation paths."""
    return [h for h in handoffs(document) if h.kind is HandoffKind.escalation]


def diagram_script(html: str, library_url: str) -> str:
    """`html` with the Mermaid library's `<script>` appended when it holds a diagram, else unchanged.

    The script goes into the page's content, which the theme places before its own bundle and the
    site's scripts: the library exists when `flowchart.js` draws the generated figures, and when the
    theme looks for it to draw a writer's own `mermaid` fence, so the theme never fetches its CDN copy.
    """
    if FIGURE not in html and '<pre class="mermaid">' not in html:  # ours, or a writer's own fence
        return html
    return f'{html}\n<script src="{library_url}"></script>'


def needs_library(handbook: Handbook) -> bool:
    """Whether any page of the site will carry a diagram (every process segment and workflow page does)."""
    return bool(handbook.processes)
