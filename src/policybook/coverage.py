"""Translation status: for every source page and locale, whether the translation is current.

This is the one computation behind everything that talks about translations: the banners on
translated and fallback pages, the coverage dashboard, `policybook l10n status` in every format
and its `--fail-under` gate. They render these records and never recompute, so they cannot disagree.

A translation is *current* when the digest it recorded (`translated_from.digest`) equals the
source's digest now, *outdated* when it differs, and *missing* when there is no file. For outdated
translations that recorded section digests, the changed sections are named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum

from policybook.config import Requirement
from policybook.documents import Document, per_document, source_digest
from policybook.handbook import Handbook
from policybook.model import ChangelogEntry, Policy, Severity, Status, Translation
from policybook.sections import Section, count_words, page_sections
from policybook.memo import Same, remembered


class State(str, Enum):
    """Where a page stands in one locale."""

    current = "current"
    outdated = "outdated"
    missing = "missing"


class Change(str, Enum):
    """How a section of the source differs from the one translated."""

    changed = "changed"
    added = "added"
    removed = "removed"


@dataclass(frozen=True)
class SectionChange:
    """A section of the source that changed since the translation."""

    key: str
    """The heading ID shared by source and translation."""
    title: str
    """The heading as the translation has it (for `added`, the source heading)."""
    change: Change
    text: str = field(default="", repr=False, compare=False)
    """The source section's Markdown (empty for a removed section)."""

    @cached_property
    def words(self) -> int:
        """Words to revise in it (0 for a removed section: only deletion is needed).

        Counted when first asked for: `policybook check` needs which sections changed, never how
        many words they hold."""
        return count_words(self.text) if self.text else 0


@dataclass(frozen=True)
class PageStatus:
    """One source page in one locale."""

    source: Document
    locale: str
    state: State
    translation: Document | None
    required: bool
    """Whether the locale must keep this page current (see `Requirement`)."""
    sections: tuple[SectionChange, ...] = ()
    """For outdated translations with section digests: what changed. Empty when unknown."""
    changes: tuple[ChangelogEntry, ...] = ()
    """Source changelog entries newer than the version translated."""

    @cached_property
    def words(self) -> int:
        """Words to translate (missing), to revise (outdated) or 0 (current).

        Counted when first asked for (reports and the dashboard ask; checks do not)."""
        if self.state is State.current:
            return 0
        if self.state is State.outdated and self.sections:
            return sum(change.words for change in self.sections)
        return translatable_words(self.source)

    @property
    def translated_version(self) -> str | None:
        """The source version the translation was made from."""
        meta = self.translation.meta if self.translation else None
        return meta.translated_from.version if isinstance(meta, Translation) else None

    @property
    def translated_on(self) -> dt.date | None:
        """When the translation was finished, if recorded."""
        meta = self.translation.meta if self.translation else None
        return meta.translated_from.date if isinstance(meta, Translation) else None

    @property
    def in_scope(self) -> bool:
        """Whether the page counts in coverage figures: retired pages are never worth translating."""
        return getattr(self.source.meta, "status", None) is not Status.retired

    @property
    def priority(self) -> tuple[int, int, int, str]:
        """Sort key, most urgent first: required pages, pages in force, higher severity, then ID."""
        meta = self.source.meta
        active = getattr(meta, "status", Status.active) is Status.active
        return (0 if self.required else 1, 0 if active else 1, severity_rank(meta), self.source.id or "")


def severity_rank(meta: object) -> int:
    """0 for sev0 … 3 for sev3. Process segments rank with sev1: they carry every severe case."""
    severity = getattr(meta, "severity", None)
    return list(Severity).index(severity) if isinstance(severity, Severity) else 1


@dataclass(frozen=True)
class Summary:
    """Counts for one locale, or one locale and area."""

    current: int = 0
    outdated: int = 0
    missing: int = 0
    words_to_translate: int = 0
    words_to_revise: int = 0
    oldest_outdated: PageStatus | None = None

    @property
    def total(self) -> int:
        return self.current + self.outdated + self.missing

    @property
    def percent_current(self) -> float:
        """Share of pages current, 0-100 (100 for an empty set: nothing is missing)."""
        return 100.0 * self.current / self.total if self.total else 100.0


@dataclass(frozen=True)
class Coverage:
    """Every page's status in every translated locale."""

    statuses: list[PageStatus]
    """Ordered by locale (as configured), then priority."""
    locales: list[str]
    _index: dict[tuple[str, str], PageStatus] = field(default_factory=dict, repr=False)

    def status(self, source_path: str, locale: str) -> PageStatus | None:
        """The status of one source page in one locale."""
        return self._index.get((source_path, locale))

    def of_locale(self, locale: str) -> list[PageStatus]:
        """One locale's statuses of pages in scope (not retired), most urgent first."""
        by_locale: dict[str, list[PageStatus]] = self.__dict__.get("_by_locale") or self.__dict__.setdefault(
            "_by_locale", {})
        if not by_locale:  # grouped once: the dashboard asks for every locale and area in turn
            for status in self.statuses:
                if status.in_scope:
                    by_locale.setdefault(status.locale, []).append(status)
        return list(by_locale.get(locale, []))

    def summary(self, statuses: Iterable[PageStatus]) -> Summary:
        """Counts, word counts and the oldest outdated translation of a set of statuses."""
        counts = {state: 0 for state in State}
        to_translate = to_revise = 0
        oldest: PageStatus | None = None
        for status in statuses:
            counts[status.state] += 1
            if status.state is State.missing:
                to_translate += status.words
            elif status.state is State.outdated:
                to_revise += status.words
                if oldest is None or _age_key(status) < _age_key(oldest):
                    oldest = status
        return Summary(counts[State.current], counts[State.outdated], counts[State.missing],
                       to_translate, to_revise, oldest)


def _age_key(status: PageStatus) -> tuple[str, dt.date]:
    # Oldest = translated from the earliest source change; the date breaks ties.
    return (status.translated_version or "", status.translated_on or dt.date.max)


def is_required(requirement: Requirement, document: Document) -> bool:
    """Whether a page in force falls under a locale's requirement."""
    meta = document.meta
    if getattr(meta, "status", None) is not Status.active:
        return False
    if document.id in requirement.ids:
        return True
    if isinstance(meta, Policy):
        return meta.severity in requirement.severities
    return requirement.processes


@per_document
def translatable_words(document: Document) -> int:
    """Words of a source page a translator translates: title, summary and body."""
    meta = document.meta
    return count_words("\n".join((meta.title, getattr(meta, "summary", None) or "", document.body)))


def page_status(handbook: Handbook, document: Document, locale: str, required: bool) -> PageStatus:
    """The status of one source page in one locale (see the module docstring)."""
    return _status(document, handbook.translations.get(document.path, {}).get(locale), locale, required)


@remembered(key=lambda document, translation, locale, required: (Same(document), Same(translation), locale, required))
def _status(document: Document, translation: Document | None, locale: str, required: bool) -> PageStatus:
    if translation is None:
        return PageStatus(document, locale, State.missing, None, required)
    meta = translation.meta
    assert isinstance(meta, Translation)
    if meta.translated_from.digest == source_digest(document):
        return PageStatus(document, locale, State.current, translation, required)
    translated = meta.translated_from
    changes = tuple(entry for entry in document.meta.changelog if _newer(entry.version, translated.version))
    if not translated.sections:
        return PageStatus(document, locale, State.outdated, translation, required, changes=changes)
    sections = section_changes(source_sections(document), translated.sections, source_sections(translation))
    return PageStatus(document, locale, State.outdated, translation, required, sections, changes)


def source_sections(document: Document) -> list[Section]:
    """A page's sections, title and summary first (see `policybook.sections`)."""
    return page_sections(document.meta.title, getattr(document.meta, "summary", None), document.body)


def section_changes(source: list[Section], recorded: dict[str, str], translated: list[Section]) -> tuple[SectionChange, ...]:
    """Sections of the source changed or added since the recorded digests, and sections removed."""
    found: list[SectionChange] = []
    keys = set()
    titles = {section.key: section.title for section in translated}
    for section in source:
        keys.add(section.key)
        if section.key not in recorded:
            found.append(SectionChange(section.key, section.title, Change.added, section.text))
        elif recorded[section.key] != section.digest:
            # Named as the reader of the translation knows it: by the translated heading.
            found.append(SectionChange(section.key, titles.get(section.key) or section.title, Change.changed, section.text))
    for key in recorded:
        if key not in keys:
            found.append(SectionChange(key, titles.get(key, key), Change.removed))
    return tuple(found)


def _newer(version: str, than: str) -> bool:
    def parts(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split("."))
    return parts(version) > parts(than)


def coverage(handbook: Handbook) -> Coverage:
    """Compute (once per handbook) every source page's status in every translated locale."""
    cached = handbook.__dict__.get("_coverage")
    if cached is not None:
        return cached
    sources = [d for d in (*handbook.policies, *handbook.processes)]
    statuses: list[PageStatus] = []
    for locale in handbook.config.locales:
        requirement = locale.require or handbook.config.require
        found = [page_status(handbook, d, locale.code, locale.required and is_required(requirement, d)) for d in sources]
        statuses += sorted(found, key=lambda status: status.priority)
    result = Coverage(statuses, [locale.code for locale in handbook.config.locales])
    result._index.update({(status.source.path, status.locale): status for status in statuses})
    handbook.__dict__["_coverage"] = result
    return result
