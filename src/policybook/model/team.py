"""The team registry: who owns each policy and whom to escalate to."""

from __future__ import annotations

from pydantic import Field, model_validator

from policybook.model.common import Slug, Strict


class EscalationContact(Strict):
    """How to reach a team when a case needs it now."""

    name: str = Field(description="A role, not a person (people move on): e.g. 'On-call child safety lead'.")
    channel: str = Field(description="Where to raise it, e.g. a chat channel or queue name.")
    email: str | None = Field(default=None, description="Shared mailbox.")
    hours: str = Field(
        description=(
            "When the contact is staffed: '24/7', or days, times and an IANA time zone, e.g. "
            "'Mon-Fri 08:00-18:00 UTC' or 'Mon-Fri 08:00-12:00, 13:00-17:00 Europe/Brussels; Sat 10:00-14:00 UTC'. "
            "The engine reads it (see `policybook.hours`), so the escalation matrix can tell a reader in any time "
            "zone who is reachable now."
        )
    )


class AfterHours(Strict):
    """Who takes a team's escalations while its contact is not staffed: another team, or a contact of its own."""

    team: Slug | None = Field(
        default=None,
        description="A registered team whose escalation contact takes the cases; its hours must cover every hour this "
        "team's contact is not staffed.",
    )
    name: str | None = Field(
        default=None, min_length=1,
        description="Instead of a team: the role that answers after hours, e.g. 'Weekend on-call policy lead' "
        "(a rota staffed whenever the team's contact is not).",
    )
    channel: str | None = Field(default=None, min_length=1, description="Where to reach that role (with `name`).")
    email: str | None = Field(default=None, description="Its shared mailbox (with `name`).")
    note: str | None = Field(
        default=None, min_length=1,
        description="What a moderator does after hours, in a sentence or two: which cases cannot wait, what waits for "
        "the team's hours.",
    )

    @model_validator(mode="after")
    def _one_fallback(self) -> AfterHours:
        if self.team is not None and (self.name or self.channel or self.email):
            raise ValueError("name either a 'team' or a contact of its own ('name', 'channel'), not both")
        if self.team is None and not (self.name and self.channel):
            raise ValueError("name a 'team' ID, or a contact with 'name' and 'channel'")
        return self


class Team(Strict):
    """One team in `docs/teams.yml`. The policies it owns are computed from each policy's `owner`."""

    id: Slug = Field(description="Stable team ID used in `owner` and `escalates_to`.")
    name: str = Field(description="Display name.")
    description: str = Field(description="What the team does, in one sentence.")
    escalation: EscalationContact = Field(description="The escalation point of contact.")
    after_hours: AfterHours | None = Field(
        default=None,
        description="Who takes escalations while the contact is not staffed. Required unless its hours are '24/7' "
        "(or cover the whole week).",
    )
    audience: list[Slug] = Field(default_factory=list, description="Audiences allowed to see this team's entry.")


class TeamRegistry(Strict):
    """The whole registry file."""

    teams: list[Team] = Field(min_length=1, description="Every team that owns policies or takes escalations.")
