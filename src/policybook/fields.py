"""The translatable fields of a page's front-matter: what a reader reads as prose.

A source page's prose fields are listed by key, the stable IDs of the source joined by dots:

| Key | Source text |
|---|---|
| `exceptions.<kind>` | an exception's `description` |
| `enforcement.<action>` | an enforcement step's `when` (`<action>-2`, `-3` ... for an action repeated) |
| `regions.<code>.law`, `regions.<code>.note` | a region's `law` (optional: only where an official translation of its title exists) and `note` |
| `changelog.<version>` | a changelog entry's `summary` |
| `triggers`, `inputs`, `outputs` | a process's lists, each as a whole |
| `roles.<role>` | a RACI role's name |
| `steps.<id>` | a step's `text` |
| `steps.<id>.branches.<next>` | the answer of a decision's branch leading to step `<next>` |

A translation records the short digest of each field's source text under `translated_from.fields`,
as it does for sections, so a changed source field makes exactly the translations of that field
outdated. The title and summary are the `_title` section (see `policybook.sections`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policybook.model import Policy, ProcessSegment, Translation
from policybook.model.translation import StepText
from policybook.sections import section_digest


@dataclass(frozen=True)
class ProseField:
    """One translatable field of a source page."""

    key: str
    """Its key, e.g. `exceptions.satire`."""
    text: str
    """The source's text (a list's items joined by newlines)."""
    optional: bool = False
    """Whether a translation may leave it out without it counting as untranslated: a law's title,
    which is translated only where an official or customary translation exists."""

    @property
    def digest(self) -> str:
        """The short digest a translation records of it."""
        return section_digest(self.text)


LISTS = ("triggers", "inputs", "outputs")
"""Process fields translated as a whole list."""


def enforcement_keys(actions: list[str]) -> list[str]:
    """The key of each enforcement step: its action, numbered from the second time it appears."""
    seen: dict[str, int] = {}
    keys = []
    for action in actions:
        seen[action] = seen.get(action, 0) + 1
        keys.append(action if seen[action] == 1 else f"{action}-{seen[action]}")
    return keys


def source_fields(meta: Policy | ProcessSegment) -> dict[str, ProseField]:
    """Every translatable field of a source page by key, in the order of its front-matter."""
    found: list[tuple[str, str] | tuple[str, str, bool]] = []
    if isinstance(meta, Policy):
        for item in meta.exceptions:
            found.append((f"exceptions.{item.kind.value}", item.description))
        for key, step in zip(enforcement_keys([s.action.value for s in meta.enforcement]), meta.enforcement):
            found.append((f"enforcement.{key}", step.when))
        for rule in meta.regions:
            if rule.law:
                found.append((f"regions.{rule.code}.law", rule.law, True))
            if rule.note:
                found.append((f"regions.{rule.code}.note", rule.note))
    else:
        for name in LISTS:
            items = getattr(meta, name)
            if items:
                found.append((name, "\n".join(items)))
        for role in meta.roles:
            found.append((f"roles.{role.role}", role.role))
        for step in meta.steps:
            found.append((f"steps.{step.id}", step.text))
            for branch in step.branches:
                found.append((f"steps.{step.id}.branches.{branch.next}", branch.when))
    for entry in meta.changelog:
        found.append((f"changelog.{entry.version}", entry.summary))
    fields: dict[str, ProseField] = {}
    for key, text, *optional in found:
        fields.setdefault(key, ProseField(key, text, bool(optional)))  # a repeated role or branch target is one field
    return fields


def translated_fields(meta: Translation) -> dict[str, tuple[str, tuple[str | int, ...]]]:
    """Every field a translation translates: key -> (text, where it is in the translation's front-matter)."""
    found: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    for kind, text in meta.exceptions.items():
        found[f"exceptions.{kind}"] = (text, ("exceptions", kind))
    for key, text in meta.enforcement.items():
        found[f"enforcement.{key}"] = (text, ("enforcement", key))
    for code, region in meta.regions.items():
        for part in ("law", "note"):
            value = getattr(region, part)
            if value is not None:
                found[f"regions.{code}.{part}"] = (value, ("regions", code, part))
    for name in LISTS:
        items = getattr(meta, name)
        if items is not None:
            found[name] = ("\n".join(items), (name,))
    for role, text in meta.roles.items():
        found[f"roles.{role}"] = (text, ("roles", role))
    for step, value in meta.steps.items():
        if isinstance(value, str):
            found[f"steps.{step}"] = (value, ("steps", step))
            continue
        if value.text is not None:
            found[f"steps.{step}"] = (value.text, ("steps", step, "text"))
        for target, text in value.branches.items():
            found[f"steps.{step}.branches.{target}"] = (text, ("steps", step, "branches", target))
    for version, text in meta.changelog.items():
        found[f"changelog.{version}"] = (text, ("changelog", version))
    return found


def container(key: str) -> str:
    """The part of a key that names where its ID lives: `exceptions`, `regions.DE`, `steps.triage.branches`."""
    return key.rsplit(".", 1)[0] if "." in key else ""


def step_text(value: str | StepText) -> str | None:
    """A translated step's own text, however it is written."""
    return value if isinstance(value, str) else value.text


def list_length(meta: Any, name: str) -> int:
    """How many items a source or translation has in one of the whole-list fields."""
    items = getattr(meta, name, None)
    return len(items) if items else 0
