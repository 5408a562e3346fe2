"""The handbook's own settings, `policybook.yml` at the repository root.

The engine reads this file, never `mkdocs.yml`: the content and its checks do not depend on the
site generator.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from policybook.model.common import Severity, Slug, Strict

FEEDBACK_FIELDS = ("id", "version", "title", "path", "locale")
"""The placeholders a `feedback_url` template may use."""


def _feedback_template(value: str) -> str:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as error:  # a lone `{` or `}`
        raise ValueError(f"'{value}' is not a valid URL template ({error}); write a literal brace as {{{{ or }}}}") from None
    unknown = sorted(names - set(FEEDBACK_FIELDS))
    if unknown:
        raise ValueError(f"unknown placeholder {', '.join('{' + n + '}' for n in unknown)}; "
                         f"use {', '.join('{' + n + '}' for n in FEEDBACK_FIELDS)}")
    if not value.startswith(("https://", "http://", "mailto:")):
        raise ValueError(f"'{value}' must start with https://, http:// or mailto:")
    return value


FeedbackTemplate = Annotated[str, AfterValidator(_feedback_template)]
"""A URL with `{placeholders}` filled in per page."""


class Area(Strict):
    """A policy area: a folder under `policies/`."""

    code: str = Field(pattern=r"^[A-Z]{2,5}$", description="The code in its policy IDs (`POL-<code>-NNN`).")
    title: str = Field(description="Display name, e.g. 'Hate speech'.")
    description: str = Field(default="", description="One sentence on what the area covers.")


class Workflow(Strict):
    """A moderation workflow: a folder under `processes/`."""

    code: str = Field(pattern=r"^[A-Z]{2,5}$", description="The code in its segment IDs (`PRC-<code>-NNN`).")
    title: str = Field(description="Display name, e.g. 'User reports'.")
    description: str = Field(default="", description="What enters the workflow and what leaves it.")


class Requirement(Strict):
    """Which pages a locale must keep translated and current: the set the coverage gate checks.

    Only pages in force count; retired and draft pages are never required.
    """

    severities: list[Severity] = Field(
        default_factory=lambda: [Severity.sev0, Severity.sev1],
        description="Policies of these severity tiers are required.",
    )
    processes: bool = Field(default=True, description="Whether every active process segment is required.")
    ids: list[str] = Field(default_factory=list, description="Further pages required by ID, e.g. `POL-SF-001`.")


class Locale(Strict):
    """A language the handbook is published in besides the source."""

    code: str = Field(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$", description="BCP 47 code, e.g. `es`, `pt-BR`, `ar`.")
    name: str = Field(description="The language's own name, shown in the language switcher.")
    required: bool = Field(default=True, description="Whether the coverage gate applies to this locale.")
    require: Requirement | None = Field(
        default=None, description="The pages this locale must keep current, if not the handbook's default."
    )


class HandbookConfig(Strict):
    """Everything in `policybook.yml`."""

    title: str = Field(description="The handbook's title.")
    organisation: str = Field(description="Who publishes it.")
    source_locale: str = Field(default="en", description="The language policies are written in.")
    source_locale_name: str = Field(default="English", description="Its own name.")
    locales: list[Locale] = Field(default_factory=list, description="Translated locales.")
    require: Requirement = Field(
        default_factory=Requirement, description="The pages every required locale must keep current."
    )
    areas: dict[Slug, Area] = Field(min_length=1, description="Policy areas by folder name.")
    workflows: dict[Slug, Workflow] = Field(min_length=1, description="Workflows by folder name.")
    docs_dir: str = Field(default="docs", description="The folder of the handbook's own pages (as in mkdocs.yml).")
    teams: str = Field(default="docs/teams.yml", description="The team registry file.")
    glossary: str = Field(default="docs/glossary", description="Folder of glossary files, one per locale.")
    locale_names: str = Field(
        default="docs/locales",
        description=(
            "Folder of locale files, `<locale>.yml`: each translated locale's names of the teams, areas, workflows, "
            "audiences and navigation sections, and any interface messages of its own."
        ),
    )
    audiences: dict[Slug, str] = Field(
        default_factory=dict,
        description=(
            "Audiences besides the teams (whose IDs are audiences too), by name, with who they are: "
            "`audience:` on a page or a restricted block names them, `policybook build --audience` builds their site."
        ),
    )
    edit_url: str | None = Field(
        default=None, description="Base URL of the source files for 'Suggest a change' links (no trailing slash)."
    )
    feedback_url: FeedbackTemplate | None = Field(
        default=None,
        description=(
            # A literal, not computed from FEEDBACK_FIELDS: the front-matter reference reads it from the source.
            "URL template of the 'Report a problem with this page' link on policy and process pages, such as a "
            "prefilled issue form. Placeholders, URL-encoded when filled in: `{id}`, `{version}`, `{title}`, "
            "`{path}`, `{locale}` (the page's ID, version, title, source file and locale)."
        ),
    )
    updated_days: int = Field(
        default=30, ge=0,
        description="For how many days after its newest changelog entry a page carries an 'Updated' badge (0: never).",
    )


    def locale(self, code: str) -> Locale | None:
        """A configured translated locale by code."""
        return next((locale for locale in self.locales if locale.code == code), None)

    @property
    def locale_codes(self) -> list[str]:
        """The source locale first, then the translated ones in configured order."""
        return [self.source_locale, *(locale.code for locale in self.locales)]


CONFIG_FILE = "policybook.yml"


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `policybook.yml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None
