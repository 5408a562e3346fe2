"""Translations stay traceable to their source: versions, section IDs and field keys line up, and no
scaffold is left half done."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.coverage import State, coverage
from policybook.documents import Document
from policybook.fields import LISTS, ProseField, list_length, source_fields, translated_fields
from policybook.handbook import Handbook
from policybook.model import Translation
from policybook.sections import INTRODUCTION, split_sections
from policybook.translating import scaffold_note


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@check("translations")
def translations(handbook: Handbook) -> Iterator[Diagnostic]:
    """A translation never claims a source version ahead of the source, and shares its heading IDs."""
    for source_path, by_locale in handbook.translations.items():
        source = handbook.by_path.get(source_path)
        if source is None:
            continue
        source_keys = {section.key for section in split_sections(source.body)}
        for translation in by_locale.values():
            meta = translation.meta
            assert isinstance(meta, Translation)
            if _version(meta.translated_from.version) > _version(source.meta.version):
                yield Diagnostic.of(
                    dx.TRANSLATION_AHEAD, translation.path, *translation.locate("translated_from", "version"),
                    f"translated_from.version {meta.translated_from.version} is newer than the source's "
                    f"version {source.meta.version} ({source_path})",
                )
            for section in split_sections(translation.body):
                if section.key != INTRODUCTION and section.key not in source_keys:
                    yield Diagnostic.of(
                        dx.UNSHARED_HEADING, translation.path, translation.body_line + section.line - 1, 1,
                        f"heading '{section.title}' has ID '{section.key}', which no section of {source_path} has",
                        hint="source section IDs: " + ", ".join(sorted(source_keys - {INTRODUCTION})),
                    )


_CONTAINERS = {"exceptions": "exception kinds", "enforcement": "enforcement keys", "regions": "region codes",
               "changelog": "changelog versions", "roles": "role names", "steps": "step IDs"}


@check("translated-fields")
def translated_fields_match(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every translated front-matter field is keyed by an ID the source has, and lists match the source's."""
    for source_path, by_locale in handbook.translations.items():
        source = handbook.by_path.get(source_path)
        if source is None:
            continue
        wanted = source_fields(source.meta)
        for translation in by_locale.values():
            meta = translation.meta
            assert isinstance(meta, Translation)
            recorded = meta.translated_from.fields
            for key, (_, location) in translated_fields(meta).items():
                if key in wanted or key in recorded:  # recorded: translated once, since removed from the source
                    continue
                yield _unknown_field(translation, source, key, location, wanted)
            for name in LISTS:
                items = getattr(meta, name)
                if items is not None and len(items) != list_length(source.meta, name):
                    yield Diagnostic.of(
                        dx.FIELD_SHAPE, translation.path, *translation.locate(name),
                        f"'{name}' has {len(items)} items; {source_path} has {list_length(source.meta, name)}: "
                        "translate its list item by item, in the same order")


def _unknown_field(translation: Document, source: Document, key: str, location: tuple[str | int, ...],
                   wanted: dict[str, ProseField]) -> Diagnostic:
    """An error at a translated field no field of the source has, with the nearest key it could mean."""
    top = key.split(".", 1)[0]
    # Exception kinds, enforcement keys, versions and role names are the whole rest of the key (a version
    # or a role name may hold dots); regions and steps are handled below.
    siblings = [k.split(".", 1)[1] for k in wanted if k.split(".", 1)[0] == top and "." in k]
    if key.startswith("regions.") and key.count(".") == 2:  # `regions.DE.law`: the code may exist, the part not
        code, part = key.split(".")[1:]
        codes = sorted({k.split(".")[1] for k in wanted if k.startswith("regions.")})
        if code in codes:
            return Diagnostic.of(dx.FIELD_SHAPE, translation.path, *translation.locate(*location),
                                 f"region '{code}' has no {part} in {source.path}: there is nothing to translate")
        siblings, name = codes, code
    elif key.startswith("steps.") and ".branches." in key:
        step, target = key.split(".")[1], key.rsplit(".", 1)[-1]
        steps = sorted({k.split(".")[1] for k in wanted if k.startswith("steps.")})
        if step in steps:
            targets = [k.rsplit(".", 1)[-1] for k in wanted if k.startswith(f"steps.{step}.branches.")]
            if not targets:
                return Diagnostic.of(dx.FIELD_SHAPE, translation.path, *translation.locate(*location),
                                     f"step '{step}' of {source.path} is no decision: it has no branches to translate")
            siblings, name = targets, target
        else:
            siblings, name = steps, step
    else:
        name = key.split(".", 1)[1] if "." in key else key
    close = difflib.get_close_matches(name, siblings, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"{source.path} has: {', '.join(siblings)}" if siblings else f"{source.path} has no {top} to translate")
    what = _CONTAINERS.get(top, top)
    return Diagnostic.of(dx.UNKNOWN_FIELD_KEY, translation.path, *translation.locate(*location),
                         f"'{name}' is not one of the {what} of {source.path}", hint=hint)


@check("translation-scaffolds")
def scaffold_instructions(handbook: Handbook) -> Iterator[Diagnostic]:
    """No finished translation still carries the instruction comment of its scaffold. (A scaffold still
    in progress may: it passes the checks from the start, and readers are shown the source meanwhile.)"""
    result = coverage(handbook)
    finished = [status.translation for status in result.statuses
                if status.translation is not None and status.state is not State.in_progress]
    pages: list[tuple[str, str, int]] = [(d.path, d.body, d.body_line) for d in finished]
    pages += [(s.translation.path, s.translation.body, s.translation.body_line) for s in result.site_pages
              if s.translation is not None and s.state is not State.in_progress]
    for path, body, body_line in sorted(set(pages)):
        offset = scaffold_note(body)
        if offset is not None:
            yield Diagnostic.of(dx.SCAFFOLD_LEFT, path, body_line + body.count("\n", 0, offset), 1,
                                "the scaffold's instructions are still here: finish the translation and delete the comment")


@check("site-page-translations")
def site_page_headings(handbook: Handbook) -> Iterator[Diagnostic]:
    """A translation of one of the handbook's own pages shares its source's heading IDs."""
    for page in handbook.site_pages:
        source = handbook.site_page(page.source_path) if page.source_path else None
        if page.locale is None:
            continue
        if source is None:
            yield Diagnostic.of(dx.ORPHAN_TRANSLATION, page.path, 1, 1, f"no {page.source_path} beside this translation")
            continue
        source_keys = {section.key for section in split_sections(source.body)}
        for section in split_sections(page.body):
            if section.key != INTRODUCTION and section.key not in source_keys:
                yield Diagnostic.of(
                    dx.UNSHARED_HEADING, page.path, page.body_line + section.line - 1, 1,
                    f"heading '{section.title}' has ID '{section.key}', which no section of {source.path} has",
                    hint="source section IDs: " + ", ".join(sorted(source_keys - {INTRODUCTION})))
