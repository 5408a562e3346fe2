"""The process explanation document: one segment of a moderation workflow."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from policybook.model.common import (
    Audience,
    ChangelogEntry,
    Duration,
    PolicyId,
    ProcessId,
    SemVer,
    Slug,
    Status,
    Strict,
)

_RACI = re.compile(r"^(?!.*(.).*\1)[RACI]+$")


def _raci(value: str) -> str:
    if not _RACI.match(value):
        raise ValueError(f"'{value}' must combine the letters R, A, C, I, each at most once (e.g. 'R' or 'RA')")
    return value


Raci = Annotated[str, AfterValidator(_raci)]
"""Responsible, Accountable, Consulted, Informed: the letters R, A, C, I, each at most once (`RA`)."""


class Role(Strict):
    """One row of the segment's RACI table."""

    role: str = Field(description="The role, e.g. 'Frontline moderator'.")
    team: Slug | None = Field(default=None, description="The team ID in the registry that staffs the role.")
    raci: Raci = Field(
        description="Responsible, Accountable, Consulted, Informed: one or more of the letters R, A, C, I."
    )


class Sla(Strict):
    """Time to complete the segment, per severity tier (ISO 8601 durations)."""

    sev0: Duration = Field(description="Imminent risk to life or a child.")
    sev1: Duration = Field(description="Severe harm.")
    sev2: Duration = Field(description="Significant harm.")
    sev3: Duration = Field(description="Limited harm.")


class StepType(str, Enum):
    """Kinds of step in a segment's flow."""

    action = "action"
    decision = "decision"
    outcome = "outcome"
    escalation = "escalation"


class Branch(Strict):
    """One way out of a decision."""

    when: str = Field(min_length=1, description="The answer or condition, e.g. 'Yes' or 'Imminent risk'.")
    next: Slug = Field(description="The step ID to go to.")
    loop: bool = Field(default=False, description="Marks an intended loop back (e.g. 'request more information').")


class Step(Strict):
    """One step of the segment's flow; the flowchart is generated from these."""

    id: Slug = Field(description="Step ID, unique in the segment; `[text][PRC-UR-002#step-id]` links to it.")
    type: StepType = Field(description="`action`, `decision`, `outcome` or `escalation`.")
    text: str = Field(min_length=3, description="What happens, in the imperative for actions, as a question for decisions.")
    next: Slug | None = Field(default=None, description="The following step (actions and escalations).")
    loop: bool = Field(default=False, description="Marks `next` as an intended loop back.")
    branches: list[Branch] = Field(default_factory=list, description="Ways out of a decision.")
    to: str | None = Field(default=None, description="Escalations: the segment ID or team ID that takes the case.")

    @model_validator(mode="after")
    def _shape(self) -> Step:
        if self.type is StepType.decision and self.next is not None:
            raise ValueError("a decision leaves through 'branches', not 'next'")
        if self.type is not StepType.decision and self.branches:
            raise ValueError(f"only decisions have 'branches'; this step is an {self.type.value}")
        if self.type is StepType.outcome and self.next is not None:
            raise ValueError("an outcome ends the flow: remove 'next'")
        if self.type is StepType.escalation and not self.to:
            raise ValueError("an escalation names where the case goes in 'to' (segment or team ID)")
        return self


class ProcessSegment(Strict):
    """Front-matter of a process page, `processes/<workflow>/<segment>.md`."""

    id: ProcessId = Field(description="Stable ID `PRC-<WF>-<NNN>`; unique and never reused.")
    title: str = Field(min_length=3, description="The segment's name.")
    summary: str = Field(min_length=10, description="One or two sentences: what this segment achieves.")
    workflow: Slug = Field(description="The workflow; must be the folder the file is in.")
    segment: Slug = Field(description="The segment's short name, e.g. `intake`, `triage`, `appeals`.")
    order: int = Field(ge=1, description="Position in the workflow, from 1.")
    status: Status = Field(description="`draft`, `in-review`, `active` or `retired`.")
    version: SemVer = Field(description="Semantic version.")
    effective: dt.date = Field(description="The day this version applies.")
    owner: Slug = Field(description="The owning team's ID in the team registry.")
    last_reviewed: dt.date = Field(description="The day the owner last confirmed the process.")
    review_every: Duration = Field(default="P365D", description="Review cycle, ISO 8601 duration.")
    triggers: list[str] = Field(min_length=1, description="What starts this segment.")
    inputs: list[str] = Field(default_factory=list, description="What the segment receives.")
    outputs: list[str] = Field(min_length=1, description="What it hands on.")
    roles: list[Role] = Field(min_length=1, description="The RACI table.")
    sla: Sla = Field(description="Completion time per severity tier.")
    policies: list[PolicyId] = Field(default_factory=list, description="Policies applied in this segment.")
    steps: list[Step] = Field(min_length=1, description="The flow, entry step first.")
    next: ProcessId | None = Field(default=None, description="The following segment of the workflow.")
    escalates_to: list[str] = Field(default_factory=list, description="Segment IDs or team IDs cases escalate to.")
    continues_in: list[ProcessId] = Field(
        default_factory=list,
        description=(
            "Segments of other workflows a case can continue in after this one without an escalation: "
            "an appeal of the decision, a referral. Drawn in the workflow diagrams."
        ),
    )
    audience: Audience = Field(default_factory=list, description="Audiences allowed to read the page; empty means everyone.")
    changelog: list[ChangelogEntry] = Field(min_length=1, description="Published changes, newest first.")

    @field_validator("changelog")
    @classmethod
    def _changelog_matches_version(cls, changelog: list[ChangelogEntry], info: ValidationInfo) -> list[ChangelogEntry]:
        version = info.data.get("version")
        if version and changelog and changelog[0].version != version:
            raise ValueError(
                f"the newest entry is {changelog[0].version} but version is {version}: "
                "add an entry for this version at the top"
            )
        return changelog
