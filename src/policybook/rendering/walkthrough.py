"""The guided walk-through of a process segment: one step at a time, from its `steps`, in the page's language.

A moderator in the middle of a case does not want the whole flowchart; they want the next question.
The walk-through asks it: a decision shows its question with one button per branch, an action its
text and "Next", and the walk ends at an outcome, or at an escalation with the receiving team's
contact and the time the case must be completed in at its severity tier.

Nothing here is written twice. The data is built from the document `rendering.site` hands to
`process_page` — on a translated page, the translated document, so the step texts and branch labels
are the translation's — with every interface word from the catalogue (`t`). It goes into the page as
JSON in a data attribute of an empty `<div>`, which `docs/assets/walkthrough.js` turns into the
walk-through; without script the page still has the numbered steps table. (A `<script>` data block
would be the usual home for JSON, but the build refuses every `<script>` element in page content:
see `policybook.rawhtml`.)
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, TypeAlias

from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import ProcessSegment, Severity, Step, StepType
from policybook.model.common import PROCESS_ID
from policybook.rendering.blocks import html_block
from policybook.rendering.foreign import CLOSE, OPEN, SEPARATOR, direction
from policybook.rendering.messages import t
from policybook.rendering.names import contact_hours, contact_name, team_name, title_of
from policybook.rendering.text import human_duration, label, url
from policybook.sitemap import TEAMS_PAGE

Said: TypeAlias = "str | list[list[str]]"
"""Text as the walk-through shows it: a string in the page's language, or runs `[text, lang, dir]`
where some of it is in another language (`lang` "" for the page's own), so the script can mark them."""

_MARKED = re.compile(f"{OPEN}([^{SEPARATOR}{OPEN}]*){SEPARATOR}([^{CLOSE}]*){CLOSE}")
_REFERENCE = re.compile(r"\[([^\]]*)\]\[([^\]]*)\]")
_CODE = re.compile(r"`([^`]*)`")
_SPACES = re.compile(r"\s+")


def said(value: str) -> Said:
    """`value` for the walk-through: cross-references reduced to their text, code spans to their
    content, and source-language parts (see `policybook.rendering.foreign`) as runs with their `lang`."""

    def plain(part: str) -> str:  # spaces collapsed, not stripped: they may part two runs
        return _CODE.sub(r"\1", _REFERENCE.sub(lambda m: m[1] or m[2], _SPACES.sub(" ", part)))

    if OPEN not in value:
        return plain(value).strip()
    runs: list[list[str]] = []
    position = 0
    for match in _MARKED.finditer(value):
        if match.start() > position:
            runs.append([plain(value[position:match.start()]), "", ""])
        runs.append([plain(match[2]), match[1], direction(match[1])])
        position = match.end()
    if position < len(value):
        runs.append([plain(value[position:]), "", ""])
    return [run for run in runs if run[0]]


def _slas(segment: ProcessSegment) -> dict[str, str]:
    return {tier.value: human_duration(getattr(segment.sla, tier.value)) for tier in Severity}


def _receiver(handbook: Handbook, uri: str, document: Document, target: str) -> dict[str, Any]:
    """Who takes the case at an escalation to `target` (a team or a segment), how to reach them, and the
    time limits per tier: the receiving segment's, or this segment's when a team takes the case."""
    meta = document.meta
    assert isinstance(meta, ProcessSegment)
    receiving = handbook.by_id.get(target)
    if receiving is not None and isinstance(receiving.meta, ProcessSegment):
        found: dict[str, Any] = {"name": said(f"{target} {title_of(handbook, receiving)}"),
                                 "href": url(uri, receiving.path), "sla": _slas(receiving.meta)}
        team = handbook.teams.get(receiving.meta.owner)
    elif PROCESS_ID.match(target):  # a segment this edition's readers do not see
        return {"name": said(f"{target} {t('(restricted)')}"), "href": None, "sla": None}
    else:
        team = handbook.teams.get(target)
        found = {"name": said(team_name(handbook, team) if team else target),
                 "href": url(uri, TEAMS_PAGE, team.id) if team else None, "sla": _slas(meta)}
    if team is not None:
        found.update(team=said(team_name(handbook, team)), contact=said(contact_name(handbook, team)),
                     channel=team.escalation.channel, hours=said(contact_hours(handbook, team)))
    return found


def _step(handbook: Handbook, uri: str, document: Document, step: Step, numbers: dict[str, int]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": step.id, "number": numbers[step.id], "type": step.type.value,
                             "kind": label(step.type.value), "text": said(step.text)}
    if step.next in numbers:
        entry["next"] = step.next
    if step.branches:
        entry["branches"] = [{"label": said(branch.when), "next": branch.next}
                             for branch in step.branches if branch.next in numbers]
    if step.type is StepType.escalation and step.to:
        entry["escalation"] = _receiver(handbook, uri, document, step.to)
    return entry


def walkthrough_data(handbook: Handbook, document: Document) -> dict[str, Any]:
    """Everything the walk-through of `document` shows, in the language `t` writes in: its steps
    numbered as the steps table and the flowchart number them, in order (the first is where it starts),
    the segment's time limits per tier, and the interface's labels."""
    meta = document.meta
    assert isinstance(meta, ProcessSegment)
    numbers = {step.id: number for number, step in enumerate(meta.steps, start=1)}
    return {
        "title": said(meta.title),
        "tiers": [tier.value for tier in Severity],
        "sla": _slas(meta),
        "steps": [_step(handbook, document.path, document, step, numbers) for step in meta.steps],
        "labels": {
            "start": t("Walk me through"),
            "tier": t("Severity tier of the case"),
            "step": t("Step {step}"),
            "next": t("Next"),
            "back": t("Back"),
            "restart": t("Start again"),
            "close": t("Close"),
            "escalate": t("Escalate to"),
            "contact": t("Escalation contact:"),
            "channel": t("Channel:"),
            "hours": t("Hours:"),
            "within": t("Complete within"),
        },
    }


def walkthrough_block(handbook: Handbook, document: Document) -> list[str]:
    """The page lines of the walk-through: an empty `<div>` carrying its data, for the script to fill."""
    data = json.dumps(walkthrough_data(handbook, document), ensure_ascii=False, separators=(",", ":"))
    return html_block([f'<div class="pb-walkthrough" data-pb-walkthrough="{html.escape(data)}"></div>'])
