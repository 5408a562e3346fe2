"""Glossary links in pages: tooltips on the first use of each term, and a "Terms on this page" list.

The first use of a concept in a page's body text links to its glossary entry, with the entry's
short definition as the link title, which Material for MkDocs shows as a tooltip
(`content.tooltips`). Later uses stay plain, so a page does not turn into a sea of links. Nothing
is linked in headings, code, links, image alt text, front-matter or quotations, nor are
deprecated synonyms, parts of hyphenated compounds, or terms marked `everyday` in the glossary.
`[text][term:ID]` always links, wherever the writer puts it, and that concept is not linked again.

Every call takes the locale explicitly. For a translated locale's site, pass the locale of the
text being rendered (the translation's, or the source locale for an untranslated fallback page):

    markdown = glossary_links(handbook, uri, markdown, locale)
    rendered += terms_section(handbook, uri, source_path_or_translation_path, locale)
"""

from __future__ import annotations

import re

from policybook.handbook import Handbook
from policybook.model import GlossaryEntry
from policybook.references import RefKind, scan
from policybook.rendering.messages import message
from policybook.rendering.blocks import deleted, details, joined, page_link, text
from policybook.rendering.text import link
from policybook.sitemap import GLOSSARY_PAGE
from policybook.terminology import TermIndex, compound, handbook_prose, linkable_text, page_terms, term_index, term_page

_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s")
_MARKUP = re.compile(r"[`*_]")
TOOLTIP_LENGTH = 200
"""Longest tooltip, in characters: a definition's first sentence, shortened if need be."""


def tooltip(entry: GlossaryEntry) -> str:
    """The entry's short definition, safe as a Markdown link title (also inside a table)."""
    first = _SENTENCE_END.split(" ".join(entry.definition.split()), maxsplit=1)[0]
    text = _MARKUP.sub("", first).replace('"', "'").replace("|", "/")
    return text if len(text) <= TOOLTIP_LENGTH else text[: TOOLTIP_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _link(text: str, entry: GlossaryEntry, glossary_uri: str) -> str:
    return f'[{text}]({glossary_uri}#{entry.id} "{tooltip(entry)}")'


def link_terms(markdown: str, index: TermIndex, glossary_uri: str, *, masked: str | None = None) -> str:
    """`markdown` with `[text][term:ID]` resolved and the first use of each other concept linked.

    Args:
        markdown: A page body.
        index: The glossary of the body's language (`policybook.terminology.term_index`).
        glossary_uri: The glossary page relative to this page, e.g. `../../glossary.md`.
        masked: `linkable_text(markdown)`, possibly with more masked (team names); computed when
            not given.
    """
    edits: list[tuple[int, int, str]] = []
    linked: set[str] = set()
    for ref in scan(markdown):
        entry = index.entries.get(ref.target) if ref.kind is RefKind.term else None
        if entry is not None:
            edits.append((ref.start, ref.end, _link(ref.text, entry, glossary_uri)))
            linked.add(entry.id)
    taken = 0
    for match in index.find(masked if masked is not None else linkable_text(markdown)):
        entry = index.entries[match.concept]
        if (match.concept in linked or not match.form.approved or entry.everyday or match.start < taken
                or compound(markdown, match.start, match.end)):  # a link inside "Hash-Sharing-Datenbank" reads badly
            continue
        linked.add(match.concept)
        taken = match.end
        edits.append((match.start, match.end, _link(markdown[match.start:match.end], entry, glossary_uri)))
    for start, end, replacement in sorted(edits, reverse=True):
        markdown = markdown[:start] + replacement + markdown[end:]
    return markdown


def _index(handbook: Handbook, locale: str) -> TermIndex | None:
    return term_index(handbook, locale) or term_index(handbook, handbook.config.source_locale)


def glossary_links(handbook: Handbook, uri: str, markdown: str, locale: str) -> str:
    """The body of the page at site path `uri`, written in `locale`, with its glossary links."""
    index = _index(handbook, locale)
    if index is None:
        return markdown
    masked = handbook_prose(handbook, markdown, linkable=True)
    return link_terms(markdown, index, link(uri, GLOSSARY_PAGE), masked=masked)


def terms_section(handbook: Handbook, uri: str, path: str, locale: str) -> str:
    """"Terms on this page": the concepts the page at repository `path` uses, each with its other
    names and the synonyms not to use, collapsed under a heading.

    Readers skim past it; the site search indexes it, so searching a synonym ("shadowban") finds
    every page that uses the concept, not only the glossary entry.
    """
    index = _index(handbook, locale)
    page = term_page(handbook, path)
    if index is None or page is None:
        return ""
    concepts = page_terms(handbook, page).concepts
    entries = sorted((index.entries[c] for c in concepts if c in index.entries), key=lambda e: e.term.casefold())
    if not entries:
        return ""
    rows = [[page_link(uri, GLOSSARY_PAGE, text(entry.term), entry.id, tooltip(entry)), text(", ".join(entry.aliases) or "—"),
             joined(", ", (deleted(text(term.term)) for term in entry.deprecated)) if entry.deprecated else text("—")]
            for entry in entries]
    header = [text(message(locale, "term_column")), text(message(locale, "term_also_column")), text(message(locale, "term_avoid_column"))]
    lines = [f"## {message(locale, 'terms_on_page')} {{#terms-on-this-page}}", "",
             *details("info", text(message(locale, "terms_on_page_summary")), header, rows)]
    return "\n".join(lines + [""])
