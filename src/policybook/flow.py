"""How cases move: between the steps of one segment, and between segments and teams.

One computed view of the `steps`, `next` and `escalates_to` front-matter, read by the process-logic
checks and by the diagrams, so a flowchart never shows a path the checks did not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import ProcessSegment, Step, StepType
from policybook.yamldata import Location


@dataclass(frozen=True)
class StepEdge:
    """A way from one step of a segment to another."""

    source: str
    """The step the case leaves."""
    target: str
    """The step ID named by `next` (it may not exist: the checks report that)."""
    when: str | None
    """The branch's answer for a decision, None for an action's or escalation's `next`."""
    loop: bool
    """Marked `loop: true`: an intended repetition (e.g. asking for missing information)."""
    location: Location
    """The front-matter key that makes this edge, for diagnostics."""


def step_edges(segment: ProcessSegment) -> list[StepEdge]:
    """Every `next` of every step and branch, in file order."""
    edges = []
    for index, step in enumerate(segment.steps):
        if step.next is not None:
            edges.append(StepEdge(step.id, step.next, None, step.loop, ("steps", index, "next")))
        for number, branch in enumerate(step.branches):
            edges.append(StepEdge(step.id, branch.next, branch.when, branch.loop, ("steps", index, "branches", number, "next")))
    return edges


def ends_flow(step: Step) -> bool:
    """Whether a case's path through the segment may stop at `step`.

    An outcome ends the segment; so does an escalation without `next`, because the case leaves
    this segment for the escalation target (a hand-off, not a dead end).
    """
    return step.type is StepType.outcome or (step.type is StepType.escalation and step.next is None)


class HandoffKind(str, Enum):
    """Why a case moves from a segment to another segment or a team."""

    next = "next"
    """The following segment of the same workflow."""
    escalation = "escalation"
    """An escalation step or an entry of `escalates_to`."""
    continuation = "continuation"
    """An entry of `continues_in`: the case goes on in another workflow (an appeal, a referral)."""


@dataclass(frozen=True)
class Handoff:
    """A case moving from one segment to another segment or to a team."""

    source: str
    """The segment ID the case leaves."""
    target: str
    """A segment ID or a team ID."""
    kind: HandoffKind
    """`next`, `escalation` or `continuation`."""
    steps: tuple[str, ...] = ()
    """The escalation steps that send cases there; empty for `next` and for escalation paths no step takes."""


def handoffs(document: Document) -> list[Handoff]:
    """Where cases leave a segment for: its `next`, then each escalation target once, in file order."""
    meta = document.meta
    assert isinstance(meta, ProcessSegment)
    found = [Handoff(meta.id, meta.next, HandoffKind.next)] if meta.next else []
    targets: dict[str, list[str]] = {}
    for step in meta.steps:
        if step.type is StepType.escalation and step.to:
            targets.setdefault(step.to, []).append(step.id)
    for target in meta.escalates_to:
        targets.setdefault(target, [])
    found += [Handoff(meta.id, target, HandoffKind.escalation, tuple(steps)) for target, steps in targets.items()]
    found += [Handoff(meta.id, target, HandoffKind.continuation) for target in meta.continues_in]
    return found


def handoffs_by_workflow(handbook: Handbook) -> dict[str, list[Handoff]]:
    """For each workflow folder, the hand-offs that leave or enter its segments, in workflow order.

    Computed in one pass over the segments (a hand-off touches at most two workflows), so the
    workflow pages together cost no more than the segments they show (and once per handbook).
    """
    cached: dict[str, list[Handoff]] | None = handbook.__dict__.get("_handoffs_by_workflow")
    if cached is None:
        cached = handbook.__dict__["_handoffs_by_workflow"] = _handoffs_by_workflow(handbook)
    return cached


def _handoffs_by_workflow(handbook: Handbook) -> dict[str, list[Handoff]]:
    folder_of = {d.id: d.folder for d in handbook.processes}
    found: dict[str, list[Handoff]] = {}
    for document in handbook.processes:
        for handoff in handoffs(document):
            for folder in dict.fromkeys((document.folder, folder_of.get(handoff.target))):
                if folder is not None:
                    found.setdefault(folder, []).append(handoff)
    return found
