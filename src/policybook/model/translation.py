"""A translation of a policy or process page: `<slug>.<locale>.md` beside its source."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator

from policybook.model.common import SemVer, Strict


class TranslatedFrom(Strict):
    """What the translation was made from: the localization status is computed from it."""

    version: SemVer = Field(description="The source version that was translated.")
    digest: str = Field(
        pattern=r"^sha256:[0-9a-f]{64}$",
        description="`sha256:` digest of the source text translated (`policybook l10n digest` prints it).",
    )
    date: dt.date | None = Field(default=None, description="The day the translation was finished.")
    sections: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Short digest of each section of the source translated, by heading ID (`introduction` for the "
            "text before the first `##` heading). Lets the handbook name the sections changed since."
        ),
    )

    @field_validator("sections")
    @classmethod
    def _section_digests(cls, value: dict[str, str]) -> dict[str, str]:
        for key, digest in value.items():
            if not re.fullmatch(r"[0-9a-f]{10}", digest):
                raise ValueError(f"section '{key}': a digest is 10 lowercase hex digits, not {digest!r}")
        return value


class Translation(Strict):
    """Front-matter of a translated page. Everything not translated comes from the source."""

    title: str = Field(min_length=1, description="The translated title.")
    summary: str | None = Field(default=None, description="The translated summary (policies).")
    translated_from: TranslatedFrom = Field(description="The source version and digest this translates.")
    translators: list[str] = Field(default_factory=list, description="Who translated or reviewed it (team or vendor).")
