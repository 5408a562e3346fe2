"""Translation status: for every source page and locale, whether the translation is current.

This is the one computation behind everything that talks about translations: the banners on
translated and fallback pages, the coverage dashboard, `policybook l10n status` in every format
and its `--fail-under` gate. They render these records and never recompute, so they cannot disagree.

A translation is *in progress* while it is still the scaffold `policybook new translation` wrote
(its text is the source's, or nobody is listed under `translators`): readers get the source-language
page with the untranslated banner. It is *current* when the digest it recorded
(`translated_from.digest`) equals the source's digest now and every front-matter field it
translates was translated from the source text of today; *outdated* when the text or one of those
fields changed; *missing* when there is no file. For outdated translations that recorded section
digests, the changed sections are named; changed fields are always named (see `policybook.fields`).
A source field a translation has not translated yet is listed as missing, with its words, and
shows in the source language, marked as such; it does not make the page outdated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum

from policybook.config import Requirement
from policybook.documents import Document, SitePageSource, per_document, source_digest, text_digest
from policybook.fields import source_fields, translated_fields
from policybook.handbook import Handbook
from policybook.model import ChangelogEntry, Policy, Severity, Status, Translation
from policybook.sections import Section, count_words, page_sections
from policybook.memo import Same, remembered


class State(str, Enum):
    """Where a page stands in one locale."""

    current = "current"
    outdated = "outdated"
    in_progress = "in-progress"
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


class FieldState(str, Enum):
    """Where a front-matter field of a translation stands against its source."""

    missing = "missing"
    """The source has it; the translation does not translate it yet."""
    changed = "changed"
    """The source text changed since it was translated (or no digest was recorded of it)."""
    removed = "removed"
    """Translated once, no longer in the source."""


@dataclass(frozen=True)
class FieldChange:
    """A front-matter field of the source not translated, or changed since it was."""

    key: str
    """Its key (see `policybook.fields`), e.g. `exceptions.satire`."""
    state: FieldState
    text: str = field(default="", repr=False, compare=False)
    """The source's text now (empty for a removed field)."""

    @cached_property
    def words(self) -> int:
        """Words to translate or revise in it (0 for a removed field)."""
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
    fields: tuple[FieldChange, ...] = ()
    """Front-matter fields not translated yet, changed since, or removed from the source."""

    @property
    def outdated_fields(self) -> tuple[FieldChange, ...]:
        """The fields that make the page outdated: changed or removed in the source."""
        return tuple(change for change in self.fields if change.state is not FieldState.missing)

    @property
    def missing_fields(self) -> tuple[FieldChange, ...]:
        """Source fields the translation does not translate yet."""
        return tuple(change for change in self.fields if change.state is FieldState.missing)

    @cached_property
    def words_to_translate(self) -> int:
        """Words never translated: the whole page (missing, in progress) or its untranslated fields."""
        if self.state in (State.missing, State.in_progress):
            return translatable_words(self.source)
        return sum(change.words for change in self.missing_fields)

    @cached_property
    def words_to_revise(self) -> int:
        """Words of an outdated translation to revise: its changed sections (or the whole text, when
        it recorded no sections) and its changed fields."""
        if self.state is not State.outdated:
            return 0
        fields = sum(change.words for change in self.outdated_fields)
        if self.sections:
            return sum(change.words for change in self.sections) + fields
        digest = self.translation.meta.translated_from.digest if self.translation else ""
        text_changed = digest != source_digest(self.source)
        return (count_words(_source_text(self.source)) if text_changed else 0) + fields

    @property
    def words(self) -> int:
        """Words to translate and to revise together.

        Counted when first asked for (reports and the dashboard ask; checks do not)."""
        return self.words_to_translate + self.words_to_revise

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
    in_progress: int = 0

    @property
    def total(self) -> int:
        return self.current + self.outdated + self.in_progress + self.missing

    @property
    def percent_current(self) -> float:
        """Share of pages current, 0-100 (100 for an empty set: nothing is missing)."""
        return 100.0 * self.current / self.total if self.total else 100.0


@dataclass(frozen=True)
class SitePageStatus:
    """One of the handbook's own pages (`docs/`: the home page, the guides) in one locale."""

    source: SitePageSource
    locale: str
    state: State
    translation: SitePageSource | None
    sections: tuple[SectionChange, ...] = ()
    """For an outdated translation: the sections changed since."""

    @cached_property
    def words(self) -> int:
        """Words to translate (missing, in progress) or to revise (outdated)."""
        if self.state is State.current:
            return 0
        if self.state is State.outdated and self.sections:
            return sum(change.words for change in self.sections)
        return count_words("\n".join((self.source.title or "", self.source.body)))


def site_page_status(handbook: Handbook, page: SitePageSource, locale: str) -> SitePageStatus:
    """The status of one of the handbook's own pages in one locale, computed as for policies."""
    translation = handbook.site_translations(page.path).get(locale)
    if translation is None or translation.translation is None:
        return SitePageStatus(page, locale, State.missing, None)
    meta = translation.translation
    if not meta.translators or translation.body.strip() == page.body.strip():
        return SitePageStatus(page, locale, State.in_progress, translation)
    if meta.translated_from.digest == text_digest(page.title or "", None, page.body):
        return SitePageStatus(page, locale, State.current, translation)
    sections: tuple[SectionChange, ...] = ()
    if meta.translated_from.sections:
        sections = section_changes(page_sections(page.title or "", None, page.body), meta.translated_from.sections,
                                   page_sections(translation.title or "", None, translation.body))
    return SitePageStatus(page, locale, State.outdated, translation, sections)


@dataclass(frozen=True)
class Coverage:
    """Every page's status in every translated locale."""

    statuses: list[PageStatus]
    """Ordered by locale (as configured), then priority."""
    locales: list[str]
    _index: dict[tuple[str, str], PageStatus] = field(default_factory=dict, repr=False)
    site_pages: list[SitePageStatus] = field(default_factory=list)
    """The handbook's own pages that have a translation in some locale, in every locale (by locale,
    then path): the home page and guides a team chose to translate."""

    def site_page(self, path: str, locale: str) -> SitePageStatus | None:
        """The status of one of the handbook's own pages (by repository path) in one locale."""
        return next((s for s in self.site_pages if s.source.path == path and s.locale == locale), None)

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
            to_translate += status.words_to_translate
            to_revise += status.words_to_revise
            if status.state is State.outdated and (oldest is None or _age_key(status) < _age_key(oldest)):
                oldest = status
        return Summary(counts[State.current], counts[State.outdated], counts[State.missing],
                       to_translate, to_revise, oldest, counts[State.in_progress])


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


def _source_text(document: Document) -> str:
    meta = document.meta
    return "\n".join((meta.title, getattr(meta, "summary", None) or "", document.body))


@per_document
def translatable_words(document: Document) -> int:
    """Words of a source page a translator translates: title, summary, body and front-matter fields."""
    fields = "\n".join(prose.text for prose in source_fields(document.meta).values())
    return count_words(_source_text(document) + "\n" + fields)


def is_in_progress(source: Document, translation: Document) -> bool:
    """Whether a translation is still a scaffold: its text is the source's, or no translator is named."""
    meta = translation.meta
    assert isinstance(meta, Translation)
    return not meta.translators or translation.body.strip() == source.body.strip()


def field_changes(source: Document, translation: Translation) -> tuple[FieldChange, ...]:
    """The source's fields the translation lacks or translated from other text, and those it translated
    that the source no longer has (see `policybook.fields`)."""
    wanted = source_fields(source.meta)
    translated = translated_fields(translation)
    recorded = translation.translated_from.fields
    found = []
    for key, prose in wanted.items():
        if key not in translated:
            if not prose.optional:
                found.append(FieldChange(key, FieldState.missing, prose.text))
        elif recorded.get(key) != prose.digest:
            found.append(FieldChange(key, FieldState.changed, prose.text))
    # A key nobody recorded is a translator's typo, reported by a check, not a change of the source.
    found += [FieldChange(key, FieldState.removed) for key in translated if key not in wanted and key in recorded]
    return tuple(found)


def published_translation(handbook: Handbook, source_path: str, locale: str) -> Document | None:
    """The translation a locale's site publishes for a source page: none while it is in progress."""
    translation = handbook.translations.get(source_path, {}).get(locale)
    source = handbook.by_path.get(source_path)
    if translation is None or source is None or is_in_progress(source, translation):
        return None
    return translation


def page_status(handbook: Handbook, document: Document, locale: str, required: bool) -> PageStatus:
    """The status of one source page in one locale (see the module docstring)."""
    return _status(document, handbook.translations.get(document.path, {}).get(locale), locale, required)


@remembered(key=lambda document, translation, locale, required: (Same(document), Same(translation), locale, required))
def _status(document: Document, translation: Document | None, locale: str, required: bool) -> PageStatus:
    if translation is None:
        return PageStatus(document, locale, State.missing, None, required)
    meta = translation.meta
    assert isinstance(meta, Translation)
    if is_in_progress(document, translation):
        return PageStatus(document, locale, State.in_progress, translation, required)
    fields = field_changes(document, meta)
    text_current = meta.translated_from.digest == source_digest(document)
    if text_current and not any(change.state is not FieldState.missing for change in fields):
        return PageStatus(document, locale, State.current, translation, required, fields=fields)
    translated = meta.translated_from
    changes = tuple(entry for entry in document.meta.changelog if _newer(entry.version, translated.version))
    sections: tuple[SectionChange, ...] = ()
    if translated.sections and not text_current:
        sections = section_changes(source_sections(document), translated.sections, source_sections(translation))
    return PageStatus(document, locale, State.outdated, translation, required, sections, changes, fields)


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
    translated_pages = [page for page in handbook.source_site_pages if handbook.site_translations(page.path)]
    site_pages = [site_page_status(handbook, page, locale.code) for locale in handbook.config.locales
                  for page in translated_pages]
    result = Coverage(statuses, [locale.code for locale in handbook.config.locales], site_pages=site_pages)
    result._index.update({(status.source.path, status.locale): status for status in statuses})
    handbook.__dict__["_coverage"] = result
    return result
