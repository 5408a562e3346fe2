"""Pages in a translated locale: translations with their status, and source-language fallbacks.

Every source page exists in every locale's site, at the same path, so the language switcher always
lands on the same page. A page with a translation shows it (structured sections still come from
the source's front-matter, so enforcement and regions are never out of date); an outdated one says
so on top, naming the version it was made from, the version in force, the source's changelog
since, and the sections changed, and flags each changed section where it starts. A page without
a translation shows the source text, marked as such in the reader's language, and keeps
`lang`/`dir` of the source inside (an English page inside the Arabic site reads left to right).
"""

from __future__ import annotations

import dataclasses
import re

from policybook.coverage import Change, PageStatus, State
from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import Translation
from policybook.rendering.blocks import html_block
from policybook.rendering.messages import language_name, local_date, message
from policybook.sections import HEADING, INTRODUCTION, split_sections
from policybook.sitemap import cross_locale_link

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb"})
"""Languages written right to left (by primary subtag)."""


def direction(locale: str) -> str:
    """`rtl` or `ltr` for a locale code."""
    return "rtl" if locale.split("-")[0] in RTL_LANGUAGES else "ltr"


def translated_document(document: Document, translation: Document) -> Document:
    """The source document with the translation's title, summary and body."""
    meta = translation.meta
    assert isinstance(meta, Translation)
    update = {"title": meta.title}
    if meta.summary is not None and hasattr(document.meta, "summary"):
        update["summary"] = meta.summary
    return dataclasses.replace(document, meta=document.meta.model_copy(update=update), body=translation.body)


def _source_language(handbook: Handbook, locale: str) -> str:
    return language_name(handbook.config.source_locale, locale)


def _after_title(markdown: str, inserted: list[str]) -> str:
    # The rendered page starts with its `# Title {#ID}` line; banners go right below it.
    title, _, rest = markdown.partition("\n")
    return "\n".join([title, "", *inserted, rest])


def _admonition(kind: str, title: str, lines: list[str]) -> list[str]:
    escaped = title.replace('"', "&quot;")
    return [f'!!! {kind} pb-l10n "{escaped}"', "", *(f"    {line}" if line else "" for line in lines), ""]


def outdated_banner(handbook: Handbook, status: PageStatus) -> list[str]:
    """The admonition on top of an outdated translation."""
    locale = status.locale
    source = status.source
    source_language = _source_language(handbook, locale)
    link = cross_locale_link(source.path, locale, handbook.config.source_locale, handbook.config.source_locale)
    lines = [message(locale, "outdated_body", translated=f"`{status.translated_version}`",
                     current=f"`{source.meta.version}`", source_language=source_language, source_link=link,
                     source_locale=handbook.config.source_locale), ""]
    if status.sections:
        lines += [message(locale, "outdated_sections"), ""]
        for change in status.sections:
            title = _section_title(locale, change.key, change.title)
            if change.change is Change.removed:
                lines.append(f"- {title} — {message(locale, 'change_removed')}")
                continue
            anchor = None if change.key in (HEADING, INTRODUCTION) else change.key
            target = cross_locale_link(source.path, locale, handbook.config.source_locale,
                                       handbook.config.source_locale, anchor)
            lines.append(f'- <a href="{target}" hreflang="{handbook.config.source_locale}">{title}</a>'
                         f" — {message(locale, 'change_' + change.change.value)}")
        lines.append("")
    if status.changes:
        lines += [message(locale, "outdated_changes"), ""]
        source_marks = f'lang="{handbook.config.source_locale}" dir="{direction(handbook.config.source_locale)}"'
        lines += [f"- **{entry.version}** ({local_date(entry.date, locale)}): <span {source_marks}>{entry.summary}</span>"
                  for entry in status.changes]
        lines.append("")
    return _admonition("warning", message(locale, "outdated_title"), lines)


def _section_title(locale: str, key: str, title: str) -> str:
    if key == HEADING:
        return message(locale, "title_and_summary")
    if key == INTRODUCTION:
        return message(locale, "introduction")
    return title


def mark_changed_sections(handbook: Handbook, status: PageStatus, body: str) -> str:
    """The translation body with a note under each heading whose source section changed."""
    changed = {c.key for c in status.sections if c.change is Change.changed and c.key not in (HEADING, INTRODUCTION)}
    if not changed:
        return body
    lines = body.split("\n")
    source_language = _source_language(handbook, status.locale)
    config = handbook.config
    for section in reversed(split_sections(body)):
        if section.key not in changed:
            continue
        link = cross_locale_link(status.source.path, status.locale, config.source_locale, config.source_locale, section.key)
        note = _admonition("note", message(status.locale, "section_changed_title", source_language=source_language),
                           [message(status.locale, "section_changed_body", source_language=source_language,
                                   source_link=link, source_locale=config.source_locale)])
        lines[section.line:section.line] = ["", *note]
    return "\n".join(lines)


def translated_page(handbook: Handbook, rendered: str, status: PageStatus) -> str:
    """A rendered translated page with its outdated banner, if it is outdated."""
    if status.state is not State.outdated:
        return rendered
    return _after_title(rendered, outdated_banner(handbook, status))


_TITLE_ATTRIBUTES = re.compile(r"\{(#[^}\n]*)\}\s*$")


def fallback_page(handbook: Handbook, rendered: str, uri: str, locale: str) -> str:
    """A source-language page inside a translated site: banner in the reader's language, content
    marked with the source language and direction."""
    source = handbook.config.source_locale
    language = language_name(locale, locale)
    source_language = _source_language(handbook, locale)
    banner = _admonition("info", message(locale, "untranslated_title"),
                         [message(locale, "untranslated_body", language=language, source_language=source_language)])
    title, _, rest = rendered.partition("\n")
    marks = f'lang="{source}" dir="{direction(source)}"'
    if title.startswith("# "):
        match = _TITLE_ATTRIBUTES.search(title)
        title = title[: match.start()] + f"{{{match.group(1)} {marks}}}" if match else f"{title} {{ {marks} }}"
    else:  # no title line to keep on top: wrap everything
        title, rest = "", rendered
    # Opened and closed in blocks of their own, not as a `markdown` div around the page, which Markdown
    # would read through its HTML parser, every line of it.
    return "\n".join([title, "", *banner, *html_block([f"<div {marks}>"]), rest.strip("\n"), *html_block(["</div>"])])
