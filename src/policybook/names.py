"""The names of the handbook's own things in each locale: which are translated, missing or outdated.

The locale file `docs/locales/<locale>.yml` names teams, areas, workflows and navigation sections
in one language (see `policybook.model.names`). Each name may record the short digest of the
English text it was translated from (`translated_from`, written by `policybook l10n names
--record`): a name whose English text changed since is outdated, and pages show the English
text, marked as such, until it is translated again.
"""

from __future__ import annotations

from collections.abc import Iterator

from policybook.handbook import Handbook
from policybook.sections import section_digest


def english_names(handbook: Handbook) -> dict[str, str]:
    """Every translatable name by key (`teams.<id>.name`, `areas.<folder>.title` ...), with its English text.

    Navigation sections are named in `mkdocs.yml`, which the engine does not read: they are listed as
    the locale files give them."""
    found: dict[str, str] = {}
    for folder, area in handbook.config.areas.items():
        found[f"areas.{folder}.title"] = area.title
        if area.description:
            found[f"areas.{folder}.description"] = area.description
    for folder, workflow in handbook.config.workflows.items():
        found[f"workflows.{folder}.title"] = workflow.title
        if workflow.description:
            found[f"workflows.{folder}.description"] = workflow.description
    for team in handbook.teams.values():
        found[f"teams.{team.id}.name"] = team.name
        found[f"teams.{team.id}.description"] = team.description
        found[f"teams.{team.id}.contact"] = team.escalation.name
        found[f"teams.{team.id}.hours"] = team.escalation.hours
        if team.after_hours is not None and team.after_hours.name:
            found[f"teams.{team.id}.after_hours_contact"] = team.after_hours.name
        if team.after_hours is not None and team.after_hours.note:
            found[f"teams.{team.id}.after_hours_note"] = team.after_hours.note
    for name, description in handbook.config.audiences.items():
        found[f"audiences.{name}"] = description
    return found


def translated_names(handbook: Handbook, locale: str) -> dict[str, str]:
    """Every name the locale file of `locale` translates, by key."""
    names = handbook.names.get(locale)
    if names is None:
        return {}
    found = {f"nav.{title}": text for title, text in names.nav.items()}
    found |= {f"audiences.{name}": text for name, text in names.audiences.items()}
    for section in ("areas", "workflows", "teams"):
        for identifier, item in getattr(names, section).items():
            for part, value in item.model_dump(exclude_none=True).items():
                found[f"{section}.{identifier}.{part}"] = value
    return found


def name_digests(handbook: Handbook, locale: str) -> dict[str, str]:
    """The digest of the English text of every name `locale` translates (navigation titles: of the title)."""
    english = english_names(handbook)
    return {key: section_digest(english.get(key, key.partition(".")[2] if key.startswith("nav.") else ""))
            for key in translated_names(handbook, locale) if key in english or key.startswith("nav.")}


def name_statuses(handbook: Handbook, locale: str) -> Iterator[tuple[str, str]]:
    """`(state, key)` of every name of `locale` not translated (`missing`) or translated from another
    English text (`outdated`)."""
    english = english_names(handbook)
    translated = translated_names(handbook, locale)
    names = handbook.names.get(locale)
    recorded = names.translated_from if names is not None else {}
    for key, text in english.items():
        if key not in translated:
            yield "missing", key
        elif key in recorded and recorded[key] != section_digest(text):
            yield "outdated", key
