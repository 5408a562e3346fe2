"""The team registry: who owns each policy and whom to escalate to."""

from __future__ import annotations

from pydantic import Field

from policybook.model.common import Slug, Strict


class EscalationContact(Strict):
    """How to reach a team when a case needs it now."""

    name: str = Field(description="A role, not a person (people move on): e.g. 'On-call child safety lead'.")
    channel: str = Field(description="Where to raise it, e.g. a chat channel or queue name.")
    email: str | None = Field(default=None, description="Shared mailbox.")
    hours: str = Field(description="When the contact is staffed, e.g. '24/7' or 'Mon-Fri 08:00-18:00 UTC'.")


class Team(Strict):
    """One team in `docs/teams.yml`. The policies it owns are computed from each policy's `owner`."""

    id: Slug = Field(description="Stable team ID used in `owner` and `escalates_to`.")
    name: str = Field(description="Display name.")
    description: str = Field(description="What the team does, in one sentence.")
    escalation: EscalationContact = Field(description="The escalation point of contact.")
    audience: list[Slug] = Field(default_factory=list, description="Audiences allowed to see this team's entry.")


class TeamRegistry(Strict):
    """The whole registry file."""

    teams: list[Team] = Field(min_length=1, description="Every team that owns policies or takes escalations.")
