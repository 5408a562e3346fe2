"""The handbook's own names in the language a page is written in.

Team, area and workflow names, navigation sections and the titles of other pages appear on every
page. In a translated locale each comes from the locale file (`docs/locales/<locale>.yml`) or the
page's translation; where there is none yet, or its English text changed since it was translated,
the English text is shown, marked as English (see `policybook.rendering.foreign`).
"""

from __future__ import annotations

from policybook.coverage import State, coverage
from policybook.documents import Document, Kind
from policybook.handbook import Handbook
from policybook.model import Team
from policybook.rendering.foreign import foreign
from policybook.rendering.messages import catalogue, current_language
from policybook.sections import section_digest


def name_key_digest(english: str) -> str:
    """The short digest a locale file records of an English name (`translated_from`)."""
    return section_digest(english)


def local_name(handbook: Handbook, key: str, english: str, locale: str | None = None) -> str:
    """The name at `key` (`teams.<id>.name`, `areas.<folder>.title`, `nav.<English>` ...) in the page's
    language, or the English text marked as English."""
    locale = locale or current_language()
    source = handbook.config.source_locale
    if locale == source or not english:
        return english
    names = handbook.names.get(locale)
    translated = _lookup(names, key) if names is not None else None
    recorded = names.translated_from.get(key) if names is not None else None
    if translated and (recorded is None or recorded == name_key_digest(english)):
        return translated
    return foreign(english, source)


def _lookup(names: object, key: str) -> str | None:
    section, _, rest = key.partition(".")
    table = getattr(names, section, None)
    if section == "nav" or section == "audiences":
        return table.get(rest) if isinstance(table, dict) else None
    item_id, _, part = rest.rpartition(".")
    item = table.get(item_id) if isinstance(table, dict) else None
    value = getattr(item, part, None) if item is not None else None
    return value if isinstance(value, str) else None


def team_name(handbook: Handbook, team: Team) -> str:
    """A team's display name."""
    return local_name(handbook, f"teams.{team.id}.name", team.name)


def team_description(handbook: Handbook, team: Team) -> str:
    """What a team does."""
    return local_name(handbook, f"teams.{team.id}.description", team.description)


def contact_name(handbook: Handbook, team: Team) -> str:
    """A team's escalation contact (a role)."""
    return local_name(handbook, f"teams.{team.id}.contact", team.escalation.name)


def contact_hours(handbook: Handbook, team: Team) -> str:
    """When a team's escalation contact is staffed."""
    return local_name(handbook, f"teams.{team.id}.hours", team.escalation.hours)


def area_title(handbook: Handbook, folder: str) -> str:
    """A policy area's name (its folder name when it is not configured)."""
    area = handbook.config.areas.get(folder)
    return local_name(handbook, f"areas.{folder}.title", area.title) if area else folder


def area_description(handbook: Handbook, folder: str) -> str:
    area = handbook.config.areas.get(folder)
    return local_name(handbook, f"areas.{folder}.description", area.description) if area else ""


def workflow_title(handbook: Handbook, folder: str) -> str:
    """A workflow's name (its folder name when it is not configured)."""
    workflow = handbook.config.workflows.get(folder)
    return local_name(handbook, f"workflows.{folder}.title", workflow.title) if workflow else folder


def workflow_description(handbook: Handbook, folder: str) -> str:
    workflow = handbook.config.workflows.get(folder)
    return local_name(handbook, f"workflows.{folder}.description", workflow.description) if workflow else ""


def nav_title(handbook: Handbook, english: str, locale: str) -> str:
    """A navigation section's title from `mkdocs.yml`, in `locale`."""
    return local_name(handbook, f"nav.{english}", english, locale)


def handbook_title(handbook: Handbook, locale: str) -> str:
    """The handbook's title in `locale` (the site's name)."""
    names = handbook.names.get(locale)
    if locale == handbook.config.source_locale:
        return handbook.config.title
    return names.title if names is not None and names.title else foreign(handbook.config.title, handbook.config.source_locale)


def title_of(handbook: Handbook, document: Document, locale: str | None = None) -> str:
    """Another page's title as the reader of `locale` sees it in lists and links: its translation's,
    when the page has one readers are shown (not a scaffold in progress), else the source's, marked."""
    locale = locale or current_language()
    source = handbook.config.source_locale
    if locale == source or document.kind is Kind.translation:
        return document.meta.title
    status = coverage(handbook).status(document.path, locale)
    if status is not None and status.translation is not None and status.state is not State.in_progress:
        return status.translation.meta.title
    return foreign(document.meta.title, source)


def summary_of(handbook: Handbook, document: Document, locale: str | None = None) -> str:
    """Another page's summary as the reader of `locale` sees it in listings (see `title_of`)."""
    locale = locale or current_language()
    summary = getattr(document.meta, "summary", "") or ""
    if locale == handbook.config.source_locale:
        return summary
    status = coverage(handbook).status(document.path, locale)
    translation = status.translation if status is not None and status.state is not State.in_progress else None
    translated = getattr(translation.meta, "summary", None) if translation is not None else None
    return translated or foreign(summary, handbook.config.source_locale)


def dsa_label(code: str, english: str) -> str:
    """A DSA Transparency Database value's label in the page's language (the catalogue's `dsa:`)."""
    locale = current_language()
    labels = catalogue(locale).get("dsa") if locale != "en" else None
    translated = labels.get(code) if isinstance(labels, dict) else None
    return translated or (english if locale == "en" else foreign(english, "en"))
