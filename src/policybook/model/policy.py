"""The policy page: what is not allowed on the platform, its exceptions and its enforcement."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from policybook.model.common import (
    Audience,
    ChangelogEntry,
    Duration,
    PolicyId,
    ProcessId,
    SemVer,
    Severity,
    Slug,
    Status,
    Strict,
)
from policybook.model.dsa import vocabulary


class Action(str, Enum):
    """What a moderator does to content or to an account."""

    remove = "remove"
    disable_access = "disable-access"
    geo_block = "geo-block"
    age_restrict = "age-restrict"
    label = "label"
    reduce_visibility = "reduce-visibility"
    restrict_interaction = "restrict-interaction"
    demonetize = "demonetize"
    feature_limit = "feature-limit"
    warn = "warn"
    strike = "strike"
    suspend_account = "suspend-account"
    terminate_account = "terminate-account"
    report_to_authority = "report-to-authority"


UNRESTRICTIVE = frozenset({Action.warn, Action.report_to_authority})
"""Actions that restrict nothing, so no DSA statement of reasons is due for them alone."""


class ExceptionKind(str, Enum):
    """Recognised reasons to leave otherwise violating content up."""

    educational = "educational"
    documentary = "documentary"
    scientific = "scientific"
    artistic = "artistic"
    newsworthiness = "newsworthiness"
    counter_speech = "counter-speech"
    satire = "satire"
    awareness = "awareness"
    self_expression = "self-expression"
    other = "other"


def _decision(value: str) -> str:
    if value not in vocabulary().decisions:
        raise ValueError(f"'{value}' is not a DSA decision value (e.g. DECISION_VISIBILITY_CONTENT_REMOVED)")
    return value


def _ground(value: str) -> str:
    if value not in vocabulary().grounds:
        raise ValueError(f"'{value}' is not a DSA decision ground ({', '.join(vocabulary().grounds)})")
    return value


def _category(value: str) -> str:
    if value not in vocabulary().categories:
        raise ValueError(f"'{value}' is not a DSA statement category (e.g. STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH)")
    return value


@cache
def _territories() -> frozenset[str]:
    from babel import Locale  # babel knows ISO 3166-1 codes; imported lazily to keep start-up quick

    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


def _region_code(value: str) -> str:
    if value in ("global", "EEA") or value in _territories():
        return value
    raise ValueError(f"'{value}' is not 'global', 'EEA' or an ISO 3166-1 alpha-2 country code (e.g. DE, BR, EU)")


def _enum(values: object, description: str) -> WithJsonSchema:
    """Publish the allowed values in the JSON Schema, so editors autocomplete them."""
    return WithJsonSchema({"type": "string", "enum": sorted(values), "description": description})  # type: ignore[arg-type]


DsaDecision = Annotated[
    str, AfterValidator(_decision), _enum(vocabulary().decisions, "A DSA Transparency Database decision value.")
]
"""A DSA Transparency Database decision value, e.g. `DECISION_VISIBILITY_CONTENT_REMOVED`."""
DsaCategory = Annotated[str, AfterValidator(_category), _enum(vocabulary().categories, "A DSA statement category.")]
"""A DSA statement category, e.g. `STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH`."""
DsaKeyword = Annotated[
    str, _enum({k for ks in vocabulary().keywords.values() for k in ks} | {vocabulary().other_keyword}, "A DSA keyword.")
]
"""A DSA keyword of the policy's category (`KEYWORD_*`); `KEYWORD_OTHER` fits every category."""
DsaGround = Annotated[str, AfterValidator(_ground), _enum(vocabulary().grounds, "A DSA decision ground.")]
"""A DSA decision ground: `DECISION_GROUND_INCOMPATIBLE_CONTENT` (terms and conditions) or
`DECISION_GROUND_ILLEGAL_CONTENT` (a law)."""
RegionCode = Annotated[str, AfterValidator(_region_code)]
"""`global`, `EEA`, or an ISO 3166-1 alpha-2 country code such as `DE` (`EU` for the European Union)."""


class DsaMapping(Strict):
    """How decisions under this policy are reported to the DSA Transparency Database."""

    category: DsaCategory = Field(description="The statement category (`STATEMENT_CATEGORY_*`).")
    keywords: list[DsaKeyword] = Field(
        default_factory=list, description="Keywords (`KEYWORD_*`) of that category; `KEYWORD_OTHER` fits any."
    )
    ground: DsaGround = Field(
        default="DECISION_GROUND_INCOMPATIBLE_CONTENT",
        description="Default decision ground: terms and conditions, or illegal content where a law is applied.",
    )

    @model_validator(mode="after")
    def _keywords_belong_to_category(self) -> DsaMapping:
        allowed = vocabulary().keywords.get(self.category, {})
        for keyword in self.keywords:
            if keyword != vocabulary().other_keyword and keyword not in allowed:
                choices = ", ".join(allowed) or "only KEYWORD_OTHER"
                raise ValueError(f"keyword '{keyword}' does not belong to {self.category} (allowed: {choices})")
        return self


class EnforcementAction(Strict):
    """One enforcement step: what is done, when, and how it is reported under the DSA."""

    action: Action = Field(description="What the moderator does.")
    when: str = Field(min_length=1, description="The condition, e.g. 'first violation' or 'content depicts a minor'.")
    dsa_decision: DsaDecision | None = Field(
        default=None,
        description="The matching DSA decision value; required unless the action restricts nothing (`warn`, `report-to-authority`).",
    )
    strikes: int = Field(default=0, ge=0, le=3, description="Account strikes this action adds (three strikes terminate).")

    @model_validator(mode="after")
    def _restrictions_are_reported(self) -> EnforcementAction:
        if self.dsa_decision is None and self.action not in UNRESTRICTIVE:
            raise ValueError(f"'{self.action.value}' restricts content or an account: give its 'dsa_decision'")
        return self


class PolicyException(Strict):
    """A recognised exception: content that would violate but stays up, under conditions."""

    kind: ExceptionKind = Field(description="The kind of exception.")
    description: str = Field(min_length=1, description="When it applies, and what context the content must give.")


class RegionalRule(Strict):
    """Where the policy applies and which local law adds to it."""

    code: RegionCode = Field(
        description="`global`, `EEA`, or an ISO 3166-1 alpha-2 code (`EU` for the European Union)."
    )
    law: str | None = Field(default=None, description="The local law that applies, with article or section.")
    note: str | None = Field(default=None, description="What that law changes for moderators (deadlines, extra actions).")


class Policy(Strict):
    """Front-matter of a policy page, `policies/<area>/<slug>.md`."""

    id: PolicyId = Field(description="Stable ID `POL-<AREA>-<NNN>`; unique and never reused, even after retirement.")
    title: str = Field(min_length=3, description="The policy's name as moderators say it.")
    summary: str = Field(min_length=10, description="One or two sentences: what the policy prohibits.")
    area: Slug = Field(description="The policy area; must be the folder the file is in (e.g. `hate-speech`).")
    status: Status = Field(description="`draft`, `in-review`, `active` or `retired`.")
    version: SemVer = Field(description="Semantic version; bump MAJOR when a decision would change.")
    effective: dt.date = Field(description="The day this version binds moderators.")
    owner: Slug = Field(description="The owning team's ID in the team registry (`docs/teams.yml`).")
    last_reviewed: dt.date = Field(description="The day the owner last confirmed the policy is right.")
    review_every: Duration = Field(description="Review cycle as an ISO 8601 duration, e.g. `P180D`.")
    severity: Severity = Field(description="Harm tier, `sev0` (most severe) to `sev3`.")
    dsa: DsaMapping = Field(description="DSA statement-of-reasons mapping.")
    enforcement: list[EnforcementAction] = Field(min_length=1, description="Enforcement ladder, mildest first.")
    exceptions: list[PolicyException] = Field(default_factory=list, description="Recognised exceptions.")
    regions: list[RegionalRule] = Field(min_length=1, description="`global` and/or the countries whose law adds to it.")
    related: list[PolicyId] = Field(default_factory=list, description="Policies a moderator should compare with.")
    processes: list[ProcessId] = Field(default_factory=list, description="Process segments that apply this policy.")
    escalation_segment: ProcessId | None = Field(
        default=None,
        description="The process segment that takes cases a moderator escalates under this policy (usually specialist "
        "escalation); the escalation matrix shows it with its service levels.",
    )
    supersedes: list[PolicyId] = Field(default_factory=list, description="Retired policies this one replaces.")
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
