"""Terminology: one word for one concept, in every language.

Pages must not use the synonyms a glossary deprecates, `[text][term:ID]` must name a concept,
each locale's glossary must list every word once, and a translation should say in its locale's
approved words what its source says. Every page is scanned once (`policybook.terminology`).
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.coverage import State, coverage
from policybook.diagnostics import Diagnostic, Level
from policybook.documents import Document, Kind
from policybook.handbook import Handbook
from policybook.loading import read_text
from policybook.model.glossary import TermSeverity
from policybook.references import RefKind
from policybook.sections import HEADING, split_sections
from policybook.terminology import (
    Form,
    FormKind,
    TermIndex,
    TermMatch,
    TermPage,
    page_terms,
    position,
    prose_text,
    section_of,
    term_index,
    term_pages,
    usage,
)
from policybook.yamldata import Location, YamlData, load_yaml


_ROLE = {FormKind.term: "the term", FormKind.alias: "an alias", FormKind.deprecated: "a deprecated synonym"}


def _glossary_path(handbook: Handbook, locale: str) -> str:
    return f"{handbook.config.glossary.rstrip('/')}/{locale}.yml"


def _glossary_yaml(handbook: Handbook, locale: str) -> YamlData | None:
    """Positions in a glossary file (read again: the loader keeps only the validated model)."""
    cache: dict[str, YamlData | None] = handbook.__dict__.setdefault("_glossary_yaml", {})
    if locale not in cache:
        path = _glossary_path(handbook, locale)
        text, _ = read_text(handbook.root, path)
        cache[locale] = load_yaml(text, path)[0] if text is not None else None
    return cache[locale]


def _glossary_at(handbook: Handbook, locale: str, location: Location) -> tuple[str, int, int]:
    yaml = _glossary_yaml(handbook, locale)
    return (_glossary_path(handbook, locale), *(yaml.locate(location) if yaml else (0, 0)))


def _index_for(handbook: Handbook, page: TermPage) -> TermIndex | None:
    return term_index(handbook, page.locale) or term_index(handbook, handbook.config.source_locale)


@check("term-references")
def term_references(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every `[text][term:ID]` names a concept of the page's glossary."""
    for page in term_pages(handbook):
        index = _index_for(handbook, page)
        # The page's references, not `page_terms`: its glossary matches are not needed here, and the
        # checks that need them run in the other process of a shared-out run.
        for ref in (ref for ref in handbook.references(page.path) if ref.kind is RefKind.term):
            if index is not None and ref.target in index.entries:
                continue
            known = sorted(index.entries) if index else []
            close = difflib.get_close_matches(ref.target, known, n=1, cutoff=0.6)
            yield Diagnostic.of(dx.UNKNOWN_TERM, page.path, ref.line, ref.column,
                                f"the {page.locale} glossary has no concept '{ref.target}'",
                                hint=f"did you mean 'term:{close[0]}'?" if close else None, end_column=ref.end_column)


def _deprecated(index: TermIndex, form: Form, written: str) -> tuple[str, Level, str | None]:
    assert form.deprecated is not None
    level = Level.warning if form.deprecated.severity is TermSeverity.warning else Level.error
    message = f"'{' '.join(written.split())}' is a deprecated term: use '{index.preferred(form)}'"
    return message, level, form.deprecated.reason


def _field_position(handbook: Handbook, page: TermPage, index: TermIndex, location: Location,
                    match: TermMatch, nth: int) -> tuple[int, int, int | None]:
    """Where a match in a front-matter value is in the file: the `nth` same form after the key."""
    assert page.yaml is not None
    line, column = page.yaml.locate(location)
    text, _ = read_text(handbook.root, page.path)
    if text is not None:
        start = sum(len(row) + 1 for row in text.split("\n")[: line - 1])
        rest = text[start:]
        same = [found for found in index.find(prose_text(rest)) if found.form == match.form]
        if len(same) > nth:
            found = same[nth]
            line, column = position(rest, found.start, line)
            return line, column, column + found.end - found.start if "\n" not in rest[found.start:found.end] else None
    return line, column, None


@check("deprecated-terms")
def deprecated_terms(handbook: Handbook) -> Iterator[Diagnostic]:
    """No page uses a deprecated synonym in its prose (body or rendered front-matter)."""
    for page in term_pages(handbook):
        index = term_index(handbook, page.locale)
        if index is None:
            continue
        terms = page_terms(handbook, page)
        for match in terms.body:
            if match.form.approved:
                continue
            written = page.body[match.start:match.end]
            message, level, reason = _deprecated(index, match.form, written)
            line, column = position(page.body, match.start, page.body_line)
            end = column + len(written) if "\n" not in written else None
            yield Diagnostic.of(dx.DEPRECATED_TERM, page.path, line, column, message, hint=reason, end_column=end, level=level)
        seen: Counter[tuple[Location, Form]] = Counter()
        for location, match in terms.fields:
            if match.form.approved:
                continue
            nth = seen[(location, match.form)]
            seen[(location, match.form)] += 1
            message, level, reason = _deprecated(index, match.form, match.form.text)
            line, column, end = _field_position(handbook, page, index, location, match, nth)
            yield Diagnostic.of(dx.DEPRECATED_TERM, page.path, line, column, message, hint=reason, end_column=end, level=level)


@check("glossary")
def glossary(handbook: Handbook) -> Iterator[Diagnostic]:
    """Each glossary file lists an ID and a word once, with the source glossary's concept IDs."""
    source = handbook.glossaries.get(handbook.config.source_locale)
    source_ids = {entry.id for entry in source.entries} if source else set()
    for locale, glossary_file in handbook.glossaries.items():
        index = term_index(handbook, locale)
        assert index is not None
        counts = Counter(entry.id for entry in glossary_file.entries)
        reported: set[str] = set()
        for number, entry in enumerate(glossary_file.entries):
            at = ("entries", number, "id")  # positions are looked up only for what is reported
            if counts[entry.id] > 1 and entry.id in reported:
                yield Diagnostic.of(dx.DUPLICATE_TERM_ID, *_glossary_at(handbook, locale, at),
                                    f"glossary ID '{entry.id}' is declared twice")
            reported.add(entry.id)
            if source is not None and entry.id not in source_ids:
                yield Diagnostic.of(dx.UNKNOWN_CONCEPT, *_glossary_at(handbook, locale, at), f"'{entry.id}' is not a "
                                    f"concept of the {handbook.config.source_locale} glossary")
            for position_in_list, other in enumerate(entry.see_also):
                if other not in index.entries:
                    yield Diagnostic.of(dx.UNKNOWN_CONCEPT, *_glossary_at(handbook, locale, ("entries", number, "see_also", position_in_list)),
                                        f"see_also: '{other}' is not an entry of this glossary")
        for kept, repeated in index.conflicts:
            yield Diagnostic.of(dx.DUPLICATE_TERM, *_glossary_at(handbook, locale, repeated.location),
                                f"'{repeated.text}' ({repeated.concept}) is already {_ROLE[kept.kind]} of '{kept.concept}'")


_NEWLINE = re.compile("\n")


@check("unused-terms")
def unused_terms(handbook: Handbook) -> Iterator[Diagnostic]:
    """Concepts of the source glossary that no source-language page uses (information only)."""
    locale = handbook.config.source_locale
    glossary_file = handbook.glossaries.get(locale)
    if glossary_file is None:
        return
    used = usage(handbook, locale)
    for number, entry in enumerate(glossary_file.entries):
        if entry.id not in used:
            yield Diagnostic.of(dx.UNUSED_TERM, *_glossary_at(handbook, locale, ("entries", number, "id")),
                                f"no page uses '{entry.term}' ({entry.id})")


def _concepts_by_section(handbook: Handbook, page: TermPage, document: Document) -> dict[str, tuple[set[str], int]]:
    """For each section key: the concepts it uses, and the file line where it starts (once per
    page: a source is compared with each of its translations)."""
    cache: dict[str, dict[str, tuple[set[str], int]]] = handbook.__dict__.setdefault("_concepts_by_section", {})
    if page.path not in cache:
        cache[page.path] = _find_concepts_by_section(handbook, page, document)
    return cache[page.path]


def _find_concepts_by_section(handbook: Handbook, page: TermPage, document: Document) -> dict[str, tuple[set[str], int]]:
    sections = split_sections(page.body)
    starts = [section.line for section in sections]
    found: dict[str, tuple[set[str], int]] = {
        section.key: (set(), page.body_line + section.line - 1) for section in sections
    }
    found[HEADING] = (set(), document.locate("title")[0])
    terms = page_terms(handbook, page)
    newlines = [match.start() for match in _NEWLINE.finditer(page.body)] if terms.body else []
    for match in terms.body:
        line = bisect_left(newlines, match.start) + 1
        found[sections[section_of(starts, line)].key][0].add(match.concept)
    for reference in terms.explicit:
        found[sections[section_of(starts, reference.line - page.body_line + 1)].key][0].add(reference.target)
    for location, match in terms.fields:
        if location in (("title",), ("summary",)):
            found[HEADING][0].add(match.concept)
    return found


@check("translation-terms")
def translation_terms(handbook: Handbook) -> Iterator[Diagnostic]:
    """Where a source section uses a concept, its current translation uses the locale's approved word.

    Only sections whose translation is up to date are compared: a section changed since it was
    translated may use a concept its translation has not caught up with yet (the localization
    status reports those).
    """
    pages = {page.path: page for page in term_pages(handbook)}
    source_index = term_index(handbook, handbook.config.source_locale)
    if source_index is None:
        return
    status_of = coverage(handbook)
    for source in handbook.documents:
        if source.kind is Kind.translation:
            continue
        for locale, translation in sorted(handbook.translations.get(source.path, {}).items()):
            index = term_index(handbook, locale)
            status = status_of.status(source.path, locale)
            if index is None or status is None or status.state is State.in_progress or (
                    status.state is State.outdated and not status.sections):
                continue
            changed = {change.key for change in status.sections}
            wanted = _concepts_by_section(handbook, pages[source.path], source)
            present = _concepts_by_section(handbook, pages[translation.path], translation)
            for key, (concepts, _) in wanted.items():
                if key in changed or key not in present:
                    continue
                have, line = present[key]
                for concept in sorted(concepts - have):
                    entry = index.entries.get(concept)
                    if entry is None or concept not in source_index.entries or source_index.entries[concept].everyday:
                        continue
                    source_term = source_index.entries[concept].term
                    place = "title or summary" if key == HEADING else f"section '{key}'"
                    yield Diagnostic.of(
                        dx.TRANSLATION_TERM, translation.path, line, 1,
                        f"the source's {place} uses '{source_term}'; this translation should use '{entry.term}'",
                        hint=("also accepted: " + ", ".join(entry.aliases[:6])) if entry.aliases else None,
                    )
