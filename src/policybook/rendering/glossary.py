"""The glossary page of one locale: its entries in that language's alphabetical order, by letter.

The page opens with a jump bar: the letters of the locale's own alphabet that start an entry (Latin
letters with ñ for Spanish, Arabic letters for Arabic), in the locale's collation order
(`policybook.collation`), each a link to its section. Each letter is a section (`## A`, anchor
`#letter-a`), and its entries are headings under it.

Each entry has the concept ID as its anchor (the same in every locale, so `glossary.md#removal`
works in every site), the definition, the accepted aliases, one note of the synonyms not to use
with the term to use instead, related entries, and the pages of that locale that use the concept.
The aliases and deprecated synonyms are part of the entry's text, so the site search finds the
entry by any of them ("shadowban" finds *visibility reduction*).

For the site of a translated locale, call `glossary_page(handbook, locale)` and publish the
result as that site's `glossary.md`; the interface text comes from the message catalogue.
"""

from __future__ import annotations

import html
import unicodedata

from policybook.collation import sort_key
from policybook.handbook import Handbook
from policybook.model import DeprecatedTerm, Glossary, GlossaryEntry
from policybook.rendering.blocks import html_block
from policybook.rendering.foreign import foreign
from policybook.rendering.messages import message, t, writing_in
from policybook.rendering.text import link
from policybook.sitemap import GLOSSARY_PAGE
from policybook.terminology import TermPage, usage

OTHER = "#"
"""The section of entries that start with a digit or a sign rather than a letter."""


def initial(term: str, locale: str) -> str:
    """The letter `term` is filed under in `locale`'s alphabet, as the glossary's jump bar shows it.

    It is the first character that the collation key of `term` starts with (so an Arabic term is
    filed after its article, التصعيد under ت), without its accents when the language sorts them
    with the bare letter (é under E, أ under ا) and with them when it does not (ñ under Ñ in
    Spanish); capitalised where the script has capitals. `OTHER` for a digit or a sign.
    """
    key = sort_key(term, locale)[0]
    for char in term.strip():
        own = sort_key(char, locale)[0]
        if not own or not key.startswith(own):
            continue  # a character the collation skips (the Arabic article)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        letter = base if base and sort_key(base, locale)[0] == own else char
        return letter.upper() if letter.isalpha() else OTHER
    return OTHER


def letter_anchor(letter: str) -> str:
    """The stable anchor of a letter's section: `letter-a`, `letter-ñ`, `letter-ت`, `letter-other`."""
    return "letter-other" if letter == OTHER else f"letter-{letter.lower()}"


def _not_to_use(entry: GlossaryEntry, locale: str) -> list[str]:
    """The entry's one "do not use" note: every deprecated variant once, the terms to use instead
    once each, and each reason once. A reason that only shortens an earlier one ("Informal and
    ambiguous." after "Informal and ambiguous; it can mean ...") is not repeated."""
    if not entry.deprecated:
        return []
    uses = list(dict.fromkeys(term.use for term in entry.deprecated))
    reasons: list[str] = []
    for reason in (term.reason for term in entry.deprecated if term.reason):
        stem = " ".join(reason.split()).rstrip(".")
        if not any(earlier.startswith(stem) for earlier in reasons):
            reasons.append(" ".join(reason.split()))
    # Separated by " · ", not commas: the site search splits words at spaces only, and would index
    # "shadowban," rather than "shadowban", so that the glossary no longer came first for it.
    variants = " · ".join(f"~~{term.term}~~" for term in _unique(entry.deprecated))
    instead = " · ".join(f"**{use}**" for use in uses)
    return [f"*{message(locale, 'term_do_not_use')}* {variants} — {message(locale, 'term_use')} {instead}."
            + "".join(f" {reason}" for reason in reasons), ""]


def _unique(terms: list[DeprecatedTerm]) -> list[DeprecatedTerm]:
    """The deprecated terms without repeats of the same spelling."""
    return list({term.term: term for term in reversed(terms)}.values())[::-1]


def entry_lines(entry: GlossaryEntry, glossary: Glossary, locale: str, used_on: list[TermPage]) -> list[str]:
    """The Markdown of one entry (see the module docstring), a heading under its letter's."""
    terms = {other.id: other.term for other in glossary.entries}
    lines = [f"### {entry.term} {{#{entry.id}}}", "", entry.definition, ""]
    if entry.aliases:
        lines += [f"*{message(locale, 'term_also')}* " + ", ".join(entry.aliases), ""]
    lines += _not_to_use(entry, locale)
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


def jump_bar(letters: list[str]) -> list[str]:
    """The row of letter links on top of the page."""
    links = "".join(f'<li><a class="pb-letter" href="#{html.escape(letter_anchor(letter))}">{html.escape(letter)}</a></li>'
                    for letter in letters)
    # Not indexed: a search result listing "A B C ..." helps nobody.
    return html_block([f'<nav class="pb-letters" aria-label="{html.escape(t("Glossary entries by letter"))}" data-search-exclude>',
                       f"<ul>{links}</ul>", "</nav>"])


def glossary_page(handbook: Handbook, locale: str | None = None) -> str:
    """`glossary.md` of `locale` (default: the source locale); the source glossary stands in for a
    locale that has no glossary file."""
    locale = locale or handbook.config.source_locale
    glossary = handbook.glossaries.get(locale) or handbook.glossaries.get(handbook.config.source_locale)
    lines = [f"# {message(locale, 'glossary_title')}", "", message(locale, "glossary_intro"), ""]
    if glossary is None:
        return "\n".join(lines + [message(locale, "glossary_empty"), ""])
    used = usage(handbook, glossary.locale)
    by_letter: dict[str, list[GlossaryEntry]] = {}
    for entry in sorted(glossary.entries, key=lambda e: sort_key(e.term, glossary.locale)):
        by_letter.setdefault(initial(entry.term, glossary.locale), []).append(entry)
    with writing_in(locale):
        lines += jump_bar(list(by_letter))
    for letter, entries in by_letter.items():
        heading = "\\#" if letter == OTHER else letter  # a bare "#" would read as the heading's own mark
        lines += [f"## {heading} {{#{letter_anchor(letter)}}}", ""]
        for entry in entries:
            lines += entry_lines(entry, glossary, locale, used.get(entry.id, []))
    return "\n".join(lines)
