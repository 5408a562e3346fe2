"""The glossary: one word for one concept, in every language."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from policybook.model.common import Slug, Strict


class TermSeverity(str, Enum):
    """How bad it is to use a deprecated synonym."""

    error = "error"
    warning = "warning"


class DeprecatedTerm(Strict):
    """A synonym writers must not use, and what to use instead."""

    term: str = Field(min_length=1, description="The word not to use, e.g. 'shadowban'.")
    use: str = Field(min_length=1, description="The preferred term to use instead.")
    severity: TermSeverity = Field(default=TermSeverity.error, description="`error` or `warning`.")
    reason: str | None = Field(default=None, description="Why the term is deprecated.")


class GlossaryEntry(Strict):
    """One concept of the glossary, in one locale."""

    id: Slug = Field(description="Stable concept ID shared by every locale, e.g. `visibility-reduction`.")
    term: str = Field(min_length=1, description="The approved term in this locale.")
    definition: str = Field(min_length=10, description="Short definition, shown as the tooltip.")
    aliases: list[str] = Field(default_factory=list, description="Accepted synonyms and inflected forms.")
    deprecated: list[DeprecatedTerm] = Field(default_factory=list, description="Synonyms not to use.")
    see_also: list[Slug] = Field(default_factory=list, description="Related concept IDs.")
    everyday: bool = Field(
        default=False,
        description=(
            "The term is also an everyday word (remove, queue, appeal). Pages do not link it by "
            "themselves, so they do not become a sea of links (`[text][term:ID]` still does), and "
            "translations may paraphrase it without a terminology warning. Uses still count."
        ),
    )


class Glossary(Strict):
    """A glossary file, `docs/glossary/<locale>.yml`."""

    locale: str = Field(description="The locale of this file, e.g. `en`, `es`, `ar`.")
    entries: list[GlossaryEntry] = Field(min_length=1, description="The concepts.")
