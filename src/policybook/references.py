"""Find the references in a page's Markdown: links by ID and relative links, with positions.

The scanner masks what Markdown never treats as a link — fenced code, code spans, HTML comments —
by overwriting it with spaces, so every offset still maps to the same line and column of the file.
It never raises, whatever the input: a page that is not valid Markdown still renders.
"""

from __future__ import annotations

import html
import re
from policybook.memo import remembered
from dataclasses import dataclass
from enum import Enum

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# A code span never crosses a blank line: Markdown parses paragraphs first. The pattern starts with
# a literal backtick (the check that none precedes it comes second) so the regex engine jumps from
# backtick to backtick instead of trying every position: 30 times faster on prose.
_CODE_SPAN = re.compile(r"(`(?<!``)`*)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
# [text][label] (label may be empty: [label][]). Text may span lines and hold one level of brackets.
_REFERENCE = re.compile(r"\[(?<![\\!\]]\[)(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\[(?P<label>[^\[\]\n]*)\]")
_INLINE = re.compile(r"\[(?<![\\!]\[)(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\((?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*\S", re.M)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_NOT_NEWLINE = re.compile(r"[^\n]")

HANDBOOK_ID = re.compile(r"^(?P<id>(?:POL|PRC)-[A-Z]{2,5}-\d{3})(?:#(?P<anchor>[\w-]+))?$")
"""A reference label naming a policy or process (optionally a heading or step on it)."""
TERM_LABEL = re.compile(r"^term:(?P<id>\S+)$")
"""A reference label naming a glossary concept: `[text][term:visibility-reduction]`."""


class RefKind(str, Enum):
    """What a reference points at."""

    id = "id"
    """`[text][POL-HS-001]`: a stable ID (optionally `#anchor`)."""
    label = "label"
    """`[text][something]`: a reference label that is not a handbook ID."""
    link = "link"
    """`[text](../x.md#anchor)`: a relative link."""
    term = "term"
    """`[text][term:ID]`: a glossary concept by its ID."""


@dataclass(frozen=True)
class Reference:
    """One reference in a page, at a file position."""

    kind: RefKind
    target: str
    """The ID or label (without anchor), or the link's path ('' for a same-page `#anchor`)."""
    anchor: str | None
    """The part after `#`, if any."""
    line: int
    """1-based file line of the opening `[`."""
    column: int
    """1-based column of the opening `[`."""
    end_column: int
    """Column just past the reference, when it ends on the same line (else the end of that line)."""
    text: str
    """The link text."""
    start: int = -1
    """Offset of the opening `[` in the scanned Markdown."""
    end: int = -1
    """Offset just past the reference in the scanned Markdown."""


def opening_bracket(text: str, closing: int) -> int | None:
    """The offset of the `[` matching the `]` at `closing`, nested brackets counted; None when
    there is none within 2,000 characters before a blank line (a link's text cannot span one)."""
    depth = 0
    for index in range(closing, max(-1, closing - 2000), -1):
        char = text[index]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                return index
        elif char == "\n" and text.startswith("\n", index + 1):
            return None
    return None


def blanked(text: str, fill: str = " ") -> str:
    """`text` with every character but newlines replaced by `fill`: same length, same lines."""
    return fill * len(text) if "\n" not in text else _NOT_NEWLINE.sub(fill, text)


def mask_code(markdown: str, *, comments: bool = True, fill: str = " ") -> str:
    """`markdown` with fenced code, code spans and (unless `comments` is false) HTML comments replaced
    by spaces, newlines kept.

    A fence that is never closed is not code (Markdown renders it as text), so it is not masked:
    masking it would hide whatever follows from the checks. `fill` replaces each masked character
    (the terminology scanner uses one that is neither a word character nor a space, so words on
    either side of a code span never join into one term).
    """
    # Most prose has no fence (which needs three backticks or tildes), code span or comment: then
    # there is nothing to mask, and the line-by-line pass and the copy are skipped. Every check
    # that reads page bodies calls this, so it is on the hot path of `policybook check`.
    fenced = "~~~" in markdown or ("`" in markdown and "```" in markdown)
    if not fenced:
        if "`" not in markdown and not (comments and "<!--" in markdown):
            return markdown
        text = markdown
    else:
        text = _mask_fences(markdown, fill)
    def blank(match: re.Match[str]) -> str:
        return blanked(match.group(0), fill)

    if comments:
        text = _COMMENT.sub(blank, text)
    return _CODE_SPAN.sub(blank, text)


def _mask_fences(markdown: str, fill: str) -> str:
    """`markdown` with every closed fenced code block (fences included) replaced by `fill`."""
    lines = markdown.split("\n")
    closers = _closing_fences(lines)
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None:
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                if closers[match["fence"][0]][index] < len(match["fence"]):
                    continue
                fence = match["fence"]
                lines[index] = fill * len(line)
        else:
            lines[index] = fill * len(line)
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) and not match["info"].strip():
                fence = None
    return "\n".join(lines)


def _closing_fences(lines: list[str]) -> dict[str, list[int]]:
    """For each fence character and line, the longest bare fence of that character on a later line.

    Computed once from the end, so finding out whether a fence is ever closed stays linear.
    """
    longest = {"`": [0] * len(lines), "~": [0] * len(lines)}
    after = {"`": 0, "~": 0}
    for index in range(len(lines) - 1, -1, -1):
        for char in after:
            longest[char][index] = after[char]
        match = _FENCE.match(lines[index])
        if match and not match["info"].strip():
            char = match["fence"][0]
            after[char] = max(after[char], len(match["fence"]))
    return longest


@remembered
def scan(markdown: str, first_line: int = 1) -> list[Reference]:
    """Every reference in `markdown`, whose first line is file line `first_line`."""
    if "[" not in markdown:
        return []
    text = mask_code(markdown)
    # Reference definitions are rare; the test spares scanning every line start for one.
    defined = {" ".join(m["label"].split()).casefold() for m in _DEFINITION.finditer(text)} if "]:" in text else set()

    counted = [0, first_line]  # an offset, and the file line it is on

    def position(offset: int, end: int) -> tuple[int, int, int]:
        # Matches come in order: counting the newlines since the previous one (in C) costs less
        # than listing every line start of every page first.
        if offset < counted[0]:
            counted[:] = [0, first_line]
        counted[1] += text.count("\n", counted[0], offset)
        counted[0] = offset
        start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        return counted[1], offset - start + 1, min(end, line_end) - start + 1

    found: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        label = " ".join((match["label"] or match["text"]).split())
        if not label or label.casefold() in defined:
            continue
        line, column, end_column = position(match.start(), match.end())
        span = (match.start(), match.end())
        # Most labels are IDs; each pattern is tried only where the label can match it.
        identifier = HANDBOOK_ID.match(label) if label.startswith(("POL-", "PRC-")) else None
        concept = TERM_LABEL.match(label) if identifier is None and label.startswith("term:") else None
        if identifier:
            found.append(Reference(RefKind.id, identifier["id"], identifier["anchor"], line, column, end_column, match["text"], *span))
        elif concept:
            found.append(Reference(RefKind.term, concept["id"], None, line, column, end_column, match["text"], *span))
        else:
            found.append(Reference(RefKind.label, label, None, line, column, end_column, match["text"], *span))
    for match in _INLINE.finditer(text):
        target = match["target"].strip("<>")
        # Character references can spell a scheme (`jav&#x61;script:`): that is no relative link.
        if not target or _SCHEME.match(html.unescape(target) if "&" in target else target) or target.startswith(("/", "//")):
            continue
        path, _, anchor = target.partition("#")
        line, column, end_column = position(match.start(), match.end())
        found.append(Reference(RefKind.link, path, anchor or None, line, column, end_column, match["text"],
                               match.start(), match.end()))
    return sorted(found, key=lambda ref: (ref.line, ref.column))
