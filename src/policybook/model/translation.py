"""A translation of a policy or process page: `<slug>.<locale>.md` beside its source.

A translation holds only text. Every prose field of the source's front-matter can be translated,
keyed by the stable IDs the source uses (an exception's `kind`, an enforcement step's `action`, a
region's `code`, a step's `id`, a branch's target, a changelog entry's `version`), never by list
position; everything else (actions, codes, durations, owners, links) always comes from the source,
so it cannot drift. See `policybook.fields` for the keys.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator

from policybook.model.common import SemVer, Strict

_DIGEST = re.compile(r"[0-9a-f]{10}")


def _short_digests(value: dict[str, str], what: str) -> dict[str, str]:
    for key, digest in value.items():
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise ValueError(f"{what} '{key}': a digest is 10 lowercase hex digits, not {digest!r}")
    return value


class PageTranslatedFrom(Strict):
    """What a translation was made from: the digest of the source text and of each of its sections."""

    digest: str = Field(
        pattern=r"^sha256:[0-9a-f]{64}$",
        description="`sha256:` digest of the source text translated (`policybook l10n digest` prints it).",
    )
    date: dt.date | None = Field(default=None, description="The day the translation was finished.")
    sections: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Short digest of each section of the source translated, by heading ID (`_introduction` for the "
            "text before the first `##` heading). Lets the handbook name the sections changed since."
        ),
    )

    @field_validator("sections")
    @classmethod
    def _section_digests(cls, value: dict[str, str]) -> dict[str, str]:
        return _short_digests(value, "section")


class TranslatedFrom(PageTranslatedFrom):
    """What a translation of a policy or process was made from: the localization status is computed from it."""

    version: SemVer = Field(description="The source version that was translated.")
    fields: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Short digest of each front-matter field of the source translated, by field key "
            "(`exceptions.satire`, `enforcement.remove`, `regions.DE.note`, `steps.triage`, "
            "`steps.triage.branches.escalate`, `triggers` ...). A field whose source text changed since is "
            "outdated, and so is the page."
        ),
    )

    @field_validator("fields")
    @classmethod
    def _field_digests(cls, value: dict[str, str]) -> dict[str, str]:
        return _short_digests(value, "field")


class RegionText(Strict):
    """A region's translated texts."""

    law: str | None = Field(
        default=None, min_length=1,
        description="The law's title in this language, only where an official or customary translation exists.",
    )
    note: str | None = Field(default=None, min_length=1, description="What that law changes for moderators.")


class StepText(Strict):
    """A process step's translated texts."""

    text: str | None = Field(default=None, min_length=1, description="What happens (or the decision's question).")
    branches: dict[str, str] = Field(
        default_factory=dict, description="A decision's answers, keyed by the step each branch leads to (`next`)."
    )


class Translation(Strict):
    """Front-matter of a translated page. Everything not translated comes from the source."""

    title: str = Field(min_length=1, description="The translated title.")
    summary: str | None = Field(default=None, description="The translated summary.")
    exceptions: dict[str, str] = Field(
        default_factory=dict, description="Policies: each exception's description, keyed by its `kind`."
    )
    enforcement: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Policies: each enforcement step's condition (`when`), keyed by its `action`; when an action appears "
            "more than once, the later ones are `<action>-2`, `<action>-3` in source order."
        ),
    )
    regions: dict[str, RegionText] = Field(
        default_factory=dict, description="Policies: each region's `law` and `note`, keyed by its `code`."
    )
    changelog: dict[str, str] = Field(
        default_factory=dict, description="Each changelog entry's summary, keyed by its `version`."
    )
    triggers: list[str] | None = Field(
        default=None, description="Processes: the triggers, the whole list in the source's order."
    )
    inputs: list[str] | None = Field(default=None, description="Processes: the inputs, the whole list in order.")
    outputs: list[str] | None = Field(default=None, description="Processes: the outputs, the whole list in order.")
    roles: dict[str, str] = Field(
        default_factory=dict, description="Processes: each RACI role's name, keyed by the source's role name."
    )
    steps: dict[str, str | StepText] = Field(
        default_factory=dict,
        description=(
            "Processes: each step's text keyed by its `id`; a decision's answers under `branches`, keyed by the "
            "step they lead to (`{text: ..., branches: {escalate: Yes}}`)."
        ),
    )
    translated_from: TranslatedFrom = Field(description="The source version and digests this translates.")
    translators: list[str] = Field(default_factory=list, description="Who translated or reviewed it (team or vendor).")



class PageTranslation(Strict):
    """Front-matter of a translation of one of the handbook's own pages: `docs/<page>.<locale>.md`."""

    title: str = Field(min_length=1, description="The translated title.")
    translated_from: PageTranslatedFrom = Field(description="The digests of the source text this translates.")
    translators: list[str] = Field(default_factory=list, description="Who translated or reviewed it (team or vendor).")
