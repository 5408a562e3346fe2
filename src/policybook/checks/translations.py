"""Translations stay traceable to their source: versions and section IDs line up."""

from __future__ import annotations

from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.model import Translation
from policybook.sections import INTRODUCTION, split_sections


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
