"""Sections of a page: the unit in which the handbook tracks what changed since a translation.

A section is the text under a level-2 heading, up to the next one; the text before the first
level-2 heading is the introduction. Headings carry stable IDs (`## Rationale {#rationale}`) that
the source and its translations share, so a translation can record one short digest per section
of the source it was made from, and the handbook can later name exactly which sections changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from policybook.anchors import slugify
from policybook.references import mask_code
from policybook.memo import remembered

INTRODUCTION = "_introduction"
"""The key of the text before the first level-2 heading."""
HEADING = "_title"
"""The key of the title and summary (front-matter text a translator translates too)."""

# Matched from the newline before the heading (the body is searched with one put in front): a
# pattern starting with a literal character is searched for that character, three times faster
# than trying `^` at every position of the page.
_H2 = re.compile(r"\n {0,3}##[ \t]+(?P<text>[^\n]+?)[ \t]*#*[ \t]*(?=\n)")
_ATTRIBUTES = re.compile(r"[ \t]*\{:?[^}\n]*\}[ \t]*$")
_EXPLICIT_ID = re.compile(r"#(?P<id>[\w-]+)")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_NOT_PROSE = re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]|\{[:#.][^}\n]*\}|https?://\S+|<[^>\n]*>")


@dataclass(frozen=True)
class Section:
    """One section of a page body."""

    key: str
    """The heading's ID (`rationale`); `_introduction` for the text before the first heading,
    `_title` for the title and summary."""
    title: str
    """The heading text without its attribute list (empty for the introduction)."""
    line: int
    """Body line (1-based) where the section starts."""
    text: str
    """The section's Markdown, heading included."""

    @property
    def digest(self) -> str:
        """A short digest of the text; whitespace at line ends and blank edges do not count."""
        return section_digest(self.text)

    @property
    def words(self) -> int:
        """How many words a translator translates in it (see `count_words`)."""
        return count_words(self.text)


def section_digest(text: str) -> str:
    """Ten hex digits of SHA-256 over the normalised text: enough to notice a change, short to diff."""
    normalised = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:10]


@remembered
def split_sections(body: str) -> list[Section]:
    """The page body's sections in order. Headings inside code blocks do not split."""
    masked = "\n" + mask_code(body) + "\n"
    starts: list[tuple[int, str, str]] = []
    for match in _H2.finditer(masked):
        heading = body[match.start("text") - 1:match.end("text") - 1]
        attributes = _ATTRIBUTES.search(heading)
        explicit = _EXPLICIT_ID.search(attributes.group(0)) if attributes else None
        title = heading[: attributes.start()] if attributes else heading
        starts.append((match.start(), explicit["id"] if explicit else slugify(title), title.strip()))
    sections: list[Section] = []
    if not starts or body[: starts[0][0]].strip():
        end = starts[0][0] if starts else len(body)
        sections.append(Section(INTRODUCTION, "", 1, body[:end]))
    for index, (offset, key, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        sections.append(Section(key, title, body.count("\n", 0, offset) + 1, body[offset:end]))
    return sections


def page_sections(title: str, summary: str | None, body: str) -> list[Section]:
    """The title-and-summary pseudo-section, then the body's sections."""
    heading = Section(HEADING, title, 0, f"{title.strip()}\n\n{(summary or '').strip()}")
    return [heading, *split_sections(body)]


def section_digests(title: str, summary: str | None, body: str) -> dict[str, str]:
    """`{section key: digest}` of a page, as a translation records it in `translated_from.sections`."""
    return {section.key: section.digest for section in page_sections(title, summary, body)}


def count_words(markdown: str) -> int:
    """Words a translator handles: prose only, not code, link targets, attribute lists or URLs.

    Hyphenated and apostrophe words count once ("first-line", "don't"), as translation vendors
    count them.
    """
    prose = _NOT_PROSE.sub(" ", mask_code(markdown))
    return len(_WORD.findall(prose))
