"""The glossary page of one locale: its entries in that language's alphabetical order.

Each entry has the concept ID as its anchor (the same in every locale, so `glossary.md#removal`
works in every site), the definition, the accepted aliases, the synonyms not to use with the
term to use instead, related entries, and the pages of that locale that use the concept. The
aliases and deprecated synonyms are part of the entry's text, so the site search finds the entry
by any of them ("shadowban" finds *visibility reduction*).

For the site of a translated locale, call `glossary_page(handbook, locale)` and publish the
result as that site's `glossary.md`; the interface text comes from the message catalogue.
"""

from __future__ import annotations

from policybook.collation import sort_key
from policybook.handbook import Handbook
from policybook.model import Glossary, GlossaryEntry
from policybook.rendering.messages import message
from policybook.rendering.text import link
from policybook.rendering.foreign import foreign
from policybook.sitemap import GLOSSARY_PAGE
from policybook.terminology import TermPage, usage


def entry_lines(entry: GlossaryEntry, glossary: Glossary, locale: str, used_on: list[TermPage]) -> list[str]:
    """The Markdown of one entry (see the module docstring)."""
    terms = {other.id: other.term for other in glossary.entries}
    lines = [f"## {entry.term} {{#{entry.id}}}", "", entry.definition, ""]
    if entry.aliases:
        lines += [f"*{message(locale, 'term_also')}* " + ", ".join(entry.aliases), ""]
    for term in entry.deprecated:
        reason = f" {term.reason}" if term.reason else ""
        lines += [f"*{message(locale, 'term_do_not_use')}* ~~{term.term}~~ — {message(locale, 'term_use')} "
                  f"**{term.use}**.{reason}", ""]
    if entry.see_also:
        related = ", ".join(f"[{terms.get(other, other)}](#{other})" for other in entry.see_also)
        lines += [f"*{message(locale, 'term_see_also')}* {related}", ""]
    if used_on:
        # A page in another language than the glossary's (an untranslated one): its title is marked as such.
        pages = ", ".join(f"[{page.title if page.locale == locale else foreign(page.title, page.locale) if page.title else page.uri}]"
                          f"({link(GLOSSARY_PAGE, page.uri)})" for page in used_on)
        lines += [f"*{message(locale, 'term_used_on')}* {pages}", ""]
    else:
        lines += [f"*{message(locale, 'term_unused')}*", ""]
    return lines


def glossary_page(handbook: Handbook, locale: str | None = None) -> str:
    """`glossary.md` of `locale` (default: the source locale); the source glossary stands in for a
    locale that has no glossary file."""
    locale = locale or handbook.config.source_locale
    glossary = handbook.glossaries.get(locale) or handbook.glossaries.get(handbook.config.source_locale)
    lines = [f"# {message(locale, 'glossary_title')}", "", message(locale, "glossary_intro"), ""]
    if glossary is None:
        return "\n".join(lines + [message(locale, "glossary_empty"), ""])
    used = usage(handbook, glossary.locale)
    for entry in sorted(glossary.entries, key=lambda e: sort_key(e.term, glossary.locale)):
        lines += entry_lines(entry, glossary, locale, used.get(entry.id, []))
    return "\n".join(lines)
