"""The site plan: which pages the handbook adds to a site, and how each is rendered.

Independent of the site generator: a front end asks for `pages(handbook)`, adds them, and passes
each page's Markdown through `render` before converting it.
"""

from __future__ import annotations

import dataclasses
import html
import json
from dataclasses import dataclass
from typing import Any

from policybook.audiences import RESTRICTED_LABEL, RESTRICTED_TITLE, for_reader
from policybook.backlinks import referenced_by
from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.rendering.indexes import POLICIES_INDEX, PROCESSES_INDEX, generated_pages, nav_section
from policybook.coverage import State, coverage, published_translation
from policybook.rendering.coverage import coverage_downloads, coverage_page
from policybook.rendering.escalation import escalation_downloads
from policybook.rendering.pages import policy_page, process_page
from policybook.rendering.performance import performance_pages
from policybook.changelog import nav_marker
from policybook.rendering.changes import changes_page, status_labels
from policybook.rendering.feed import changes_feed
from policybook.rendering.feedback import feedback_links
from policybook.rendering.foreign import foreign
from policybook.rendering.messages import message, t, use_locale_files, writing_in
from policybook.rendering.names import handbook_title, nav_title
from policybook.rendering.terms import glossary_links, terms_section
from policybook.rendering.translated import (fallback_page, mark_changed_sections, translated_document, translated_page,
                                             translated_site_page)
from policybook.rendering.performance import PERFORMANCE_PAGE
from policybook.sitemap import (COMMANDS_PAGE, DIAGNOSTICS_PAGE, CHANGES_FEED, CHANGES_PAGE, TRANSLATIONS_PAGE, cross_locale_link, document_anchors,
                                locale_root, page_url)


SOURCE_LANGUAGE_ONLY = frozenset({COMMANDS_PAGE, DIAGNOSTICS_PAGE, PERFORMANCE_PAGE})
"""Generated pages for writers and developers, written in the source language in every locale (marked as such)."""


@dataclass(frozen=True)
class SitePage:
    """A page the handbook contributes to the site."""

    uri: str
    """Its path in the site's source layout, e.g. `policies/hate-speech/hate-speech.md`."""
    source: str | None = None
    """The repository file it comes from (for edit links), or None when generated."""
    content: str | None = None
    """The Markdown of a generated page."""


def pages(handbook: Handbook, locale: str | None = None, site_url: str | None = None) -> list[SitePage]:
    """Source pages (policies and processes), generated pages, the coverage dashboard, and the
    "What changed" page with its feed (`site_url`: the address of this locale's site, if known).

    In a translated locale's site, a page with a translation in that locale comes from the
    translation file (at the source page's path, so every locale has the same URLs).
    """
    locale = locale or handbook.config.source_locale
    use_locale_files(handbook.names)
    found = []
    for document in handbook.documents:
        if document.kind is Kind.translation:
            continue
        translation = published_translation(handbook, document.path, locale)
        found.append(SitePage(document.path, source=translation.path if translation else document.path))
    generated = generated_pages(handbook, locale)  # the glossary: each locale's termbase, in its own order
    found += [SitePage(uri, content=content) for uri, content in generated.items()]
    with writing_in(locale):
        found.append(SitePage(TRANSLATIONS_PAGE, content=coverage_page(handbook)))
    found += [SitePage(uri, content=content) for uri, content in coverage_downloads(handbook).items()]
    found += [SitePage(uri, content=content) for uri, content in escalation_downloads(handbook).items()]
    found += [SitePage(uri, content=content) for uri, content in performance_pages(handbook).items()]
    found.append(SitePage(CHANGES_PAGE, content=changes_page(handbook, locale)))
    found.append(SitePage(CHANGES_FEED, content=changes_feed(handbook, locale, site_url)))
    return found


def page_source(handbook: Handbook, uri: str, locale: str | None = None) -> str | None:
    """What the site generator reads for the policy or process page at `uri` in `locale`: the body
    of the file the page is published from (its translation, when there is one) under a
    front-matter block holding only the title. None for the other pages.

    The handbook read and parsed every file already; handing the body over saves the generator
    reading each file again and parsing its front-matter with its own YAML loader, and keeps the
    handbook's fields (`status`, `tags`) from being taken for the theme's settings of the same name.
    """
    document = handbook.by_path.get(uri)
    if document is None or document.kind is Kind.translation:
        return None
    translation = published_translation(handbook, uri, locale or handbook.config.source_locale)
    text = translation if translation is not None else document
    return f"---\ntitle: {json.dumps(text.meta.title, ensure_ascii=False)}\n---\n\n{text.body.lstrip(chr(10))}"


def render(handbook: Handbook, uri: str, markdown: str, locale: str | None = None) -> str:
    """The final Markdown of a page: policy and process pages get their card and sections.

    `markdown` is the body the site generator read: the translation's when `pages` pointed the page
    at a translation file. In a translated locale, pages without a translation are marked as
    source-language fallbacks, and outdated translations carry their status.
    """
    locale = locale or handbook.config.source_locale
    use_locale_files(handbook.names)
    translated = locale != handbook.config.source_locale
    markdown = for_reader(handbook, markdown)
    if translated and "pb-restricted-link" in markdown:
        markdown = _restricted_in(markdown, _page_language(handbook, uri, locale))
    document = handbook.by_path.get(uri)
    if document is None or document.kind is Kind.translation:
        own = handbook.site_page(f"{handbook.config.docs_dir}/{uri}")
        if own is None:  # a generated page: in the reader's language, but for the writers' reference
            return fallback_page(handbook, markdown, uri, locale) if translated and uri in SOURCE_LANGUAGE_ONLY else markdown
        shown = coverage(handbook).site_page(own.path, locale) if translated else None
        if shown is not None and shown.translation is not None and shown.state is not State.in_progress:
            markdown = glossary_links(handbook, uri, markdown, locale)
            return translated_site_page(handbook, markdown, shown)
        markdown = glossary_links(handbook, uri, markdown, handbook.config.source_locale)
        if translated and uri.endswith(".md"):
            return fallback_page(handbook, markdown, uri, locale)
        return markdown
    backlinks: dict[str, list[str]] = handbook.__dict__.get("_backlinks") or handbook.__dict__.setdefault(
        "_backlinks", referenced_by(handbook)
    )
    sources = backlinks.get(document.id or "", [])
    status = coverage(handbook).status(document.path, locale) if translated else None
    if status is not None and status.state is State.in_progress:
        status = dataclasses.replace(status, translation=None)  # readers get the source, as if untranslated
    if status is not None and status.translation is not None:
        document = translated_document(document, status, handbook.config.source_locale)
        markdown = mark_changed_sections(handbook, status, markdown)
    text = status.translation if status is not None and status.translation is not None else handbook.by_path[uri]
    markdown = glossary_links(handbook, uri, markdown, text.locale)
    page = policy_page if document.kind is Kind.policy else process_page
    feedback = feedback_links(handbook, handbook.by_path[uri], text.path, locale)
    with writing_in(text.locale):  # a translation's labels in its language; a fallback's stay in the source's
        rendered = page(handbook, document, markdown, sources, feedback)
    rendered += "\n" + terms_section(handbook, uri, text.path, text.locale)
    if status is None:
        return rendered
    if status.translation is None:
        return fallback_page(handbook, rendered, uri, locale)
    return translated_page(handbook, rendered, status)


def _page_language(handbook: Handbook, uri: str, locale: str) -> str:
    """The language a page of `locale`'s site is written in: `locale`, or the source's for a fallback."""
    if uri in handbook.by_path:
        return locale if published_translation(handbook, uri, locale) is not None else handbook.config.source_locale
    own = handbook.site_page(f"{handbook.config.docs_dir}/{uri}")
    shown = coverage(handbook).site_page(own.path, locale) if own is not None else None
    translated = shown is not None and shown.translation is not None and shown.state is not State.in_progress
    return locale if translated else handbook.config.source_locale


def _restricted_in(markdown: str, language: str) -> str:
    """References to pages this edition leaves out, labelled in the page's language."""
    with writing_in(language):
        return markdown.replace(f'title="{RESTRICTED_TITLE}">', f'title="{html.escape(t(RESTRICTED_TITLE))}">').replace(
            f" {RESTRICTED_LABEL}</span>", f" {html.escape(t(RESTRICTED_LABEL), quote=False)}</span>")


def docs_translations(handbook: Handbook, locale: str) -> tuple[set[str], dict[str, str]]:
    """How the handbook's own pages' translations reach a locale's site: the docs-folder paths of every
    translation file (never pages of their own), and for each page `locale` publishes a translation
    of, the repository path of that translation (the site generator reads it at the page's path)."""
    translations = {page.path[len(handbook.config.docs_dir) + 1:] for page in handbook.site_pages if page.locale}
    published = {}
    for status in coverage(handbook).site_pages:
        if status.locale == locale and status.translation is not None and status.state is not State.in_progress:
            published[status.source.uri] = status.translation.path
    return translations, published


def anchors(handbook: Handbook, uri: str) -> list[tuple[str, str, str]]:
    """`(identifier, anchor, title)` to register for cross-references from a page.

    A page is reachable by its ID (the H1 carries it) and each process step by `<ID>#<step>`.
    """
    document = handbook.by_path.get(uri)
    if document is None or document.id is None:
        return []
    found = [(document.id, document.id, f"{document.id} {document.meta.title}")]
    for step in getattr(document.meta, "steps", []):
        found.append((f"{document.id}#{step.id}", f"step-{step.id}", f"{document.meta.title}: {step.text}"))
    return found


def alternates(handbook: Handbook, uri: str, locale: str) -> list[dict[str, str]]:
    """The language switcher's entries for a page: the same page in every locale, linked relatively.

    Each entry has `name` (the language's own name), `lang` (BCP 47) and `link` (relative to the
    page at `uri` in `locale`'s site), the shape of Material's `extra.alternate`.
    """
    config = handbook.config
    names = {config.source_locale: config.source_locale_name, **{l.code: l.name for l in config.locales}}
    # Each language is named in itself, so every name but the page's own is in another language.
    return [
        {"name": names[code] if code == locale else foreign(names[code], code), "lang": code,
         "link": cross_locale_link(uri, locale, code, config.source_locale)}
        for code in config.locale_codes
    ]


def site_name(handbook: Handbook, locale: str) -> str:
    """The site's name in `locale`: the handbook's title from its locale file."""
    return handbook_title(handbook, locale)


def nav_status(handbook: Handbook, uri: str) -> str | None:
    """The marker next to a page in navigation: its status when not in force, `updated` when it
    changed recently, none otherwise, so only what a reader must notice stands out."""
    document = handbook.by_path.get(uri)
    if document is None or document.kind is Kind.translation:
        return None
    return nav_marker(handbook, document)


def search_tags(handbook: Handbook, uri: str) -> list[str]:
    """Search keywords of a page: its ID, so typing `POL-HS-001` finds that page before every page
    that mentions it (the search engine weighs tags above titles and text)."""
    document = handbook.by_path.get(uri)
    return [document.id] if document is not None and document.kind is not Kind.translation and document.id else []


def locale_site_url(handbook: Handbook, site_url: str | None, locale: str) -> str | None:
    """The address of `locale`'s site, given the published root's (`https://h.example/` -> `.../es/`)."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + locale_root(locale, handbook.config.source_locale)


def feed_link(handbook: Handbook, uri: str, locale: str) -> str:
    """The `<link rel="alternate">` to the locale's Atom feed for the `<head>` of the page at `uri`."""
    title = html.escape(message(locale, "changes_feed_title", handbook=handbook.config.title))
    href = "../" * page_url(uri).count("/") + CHANGES_FEED
    return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'


def heading_targets(handbook: Handbook, uri: str) -> list[tuple[str, str]]:
    """`(identifier, anchor)` of every heading and generated section of an ID'd page, known without
    rendering it (`[text][POL-HS-001#rationale]`): for a preview that renders only changed pages."""
    document = handbook.by_path.get(uri)
    if document is None or document.id is None:
        return []
    return [(f"{document.id}#{anchor}", anchor) for anchor in sorted(document_anchors(document))
            if anchor != document.id and not anchor.startswith("step-")]


def heading_identifier(handbook: Handbook, uri: str, anchor: str) -> str | None:
    """The cross-reference identifier of a heading on an ID'd page: `<ID>#<anchor>`."""
    document = handbook.by_path.get(uri)
    return f"{document.id}#{anchor}" if document is not None and document.id else None


def expand_nav(nav: list[Any] | None, handbook: Handbook, locale: str | None = None) -> list[Any] | None:
    """The site's navigation in `locale`: the entries pointing at the policies and processes indexes
    replaced with full sections, every title in the reader's language (from the locale file and the
    translations), source-language titles marked as such."""
    if nav is None:
        return None
    locale = locale or handbook.config.source_locale
    with writing_in(locale):
        return _expand_nav(nav, handbook, locale)


def _expand_nav(nav: list[Any], handbook: Handbook, locale: str) -> list[Any]:
    sections = {POLICIES_INDEX: "policies", PROCESSES_INDEX: "processes"}
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            title = nav_title(handbook, title, locale)
            if isinstance(value, str) and value in sections:
                expanded.append({title: nav_section(handbook, sections[value])})
                continue
            if isinstance(value, list):
                expanded.append({title: _expand_nav(value, handbook, locale)})
                continue
            expanded.append({title: value})
            continue
        expanded.append(item)
    return expanded
