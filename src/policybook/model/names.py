"""A locale's names for the handbook's own things: `docs/locales/<locale>.yml`.

Teams, areas, workflows, audiences and navigation sections are declared once, in English, in
`policybook.yml`, `docs/teams.yml` and `mkdocs.yml`. A locale file gives their names in one
language, keyed by the same IDs; the IDs, channels, addresses and hours' times never repeat here.
It can also carry interface messages of its own (`messages`, `labels`), for a locale Policybook has
no catalogue of, or to word one differently.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from policybook.model.common import Strict
from policybook.model.translation import _short_digests


class TitleText(Strict):
    """An area's or workflow's name and description in one language."""

    title: str | None = Field(default=None, min_length=1, description="The display name.")
    description: str | None = Field(default=None, min_length=1, description="What it covers, in one sentence.")


class TeamText(Strict):
    """A team's texts in one language (its ID, channel and e-mail address come from the registry)."""

    name: str | None = Field(default=None, min_length=1, description="The team's display name.")
    description: str | None = Field(default=None, min_length=1, description="What the team does.")
    contact: str | None = Field(default=None, min_length=1, description="The escalation contact's role name.")
    hours: str | None = Field(default=None, min_length=1, description="When the contact is staffed.")
    after_hours_contact: str | None = Field(
        default=None, min_length=1, description="The role that answers after hours (`after_hours.name`), when it is not a team."
    )
    after_hours_note: str | None = Field(
        default=None, min_length=1, description="What a moderator does after hours (`after_hours.note`)."
    )


class LocaleNames(Strict):
    """Everything in one `docs/locales/<locale>.yml`."""

    title: str | None = Field(default=None, min_length=1, description="The handbook's title in this language.")
    nav: dict[str, str] = Field(
        default_factory=dict, description="Navigation section titles of `mkdocs.yml`, keyed by their English title."
    )
    areas: dict[str, TitleText] = Field(default_factory=dict, description="Policy areas, keyed by folder name.")
    workflows: dict[str, TitleText] = Field(default_factory=dict, description="Workflows, keyed by folder name.")
    teams: dict[str, TeamText] = Field(default_factory=dict, description="Teams, keyed by team ID.")
    audiences: dict[str, str] = Field(default_factory=dict, description="Audience descriptions, keyed by audience name.")
    messages: dict[str, str] = Field(
        default_factory=dict,
        description="Interface messages this handbook words differently in this language (keys of the catalogue).",
    )
    labels: dict[str, str] = Field(
        default_factory=dict, description="Page labels this handbook words differently (keyed by the English label)."
    )
    dsa: dict[str, str] = Field(
        default_factory=dict, description="Labels of DSA Transparency Database values, keyed by the value (`KEYWORD_...`)."
    )
    translated_from: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Short digest of each English text translated here, by key (`teams.ts-operations.name`, "
            "`areas.privacy.title`, `nav.Policies`): `policybook l10n names` records them. A name whose English "
            "text changed since is outdated."
        ),
    )

    @field_validator("translated_from")
    @classmethod
    def _digests(cls, value: dict[str, str]) -> dict[str, str]:
        return _short_digests(value, "name")
