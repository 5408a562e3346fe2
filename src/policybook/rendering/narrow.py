"""Pages that fit a narrow reading panel: table cells that know their column, codes kept whole.

Moderators read the handbook beside the review tool, in a panel 360 to 480 CSS px wide, or on a
phone. Two things in a converted page need the markup's help to fit there; the stylesheet
(`docs/assets/policybook.css`) does the rest:

- Tables. At narrow widths a table of three columns or more is shown as a stacked list, each cell
  led by the name of its column, taken from the cell's `data-label`. The engine's own tables carry
  it (`blocks.table`, `blocks.html_table`); `label_cells` gives it to every other table of the page
  (a writer's Markdown table, a block that fell back to Markdown, a reference page's table).
- Codes and IDs. An ID, a tier or a DSA code broken at a line end (`POL-HB-` / `001`) reads as two
  codes, and a table squeezed to fit breaks them anywhere. `keep_codes_whole` marks a code that has
  no space as unbreakable; a long one may break only after `_`, `/` or the dot of a dotted name,
  where `<wbr>` says so, and its hyphenated parts stay whole. `keep_ids_whole` does the same for a page ID in running text or
  a link ("PRC-UR-004 Specialist escalation").

Both only add attributes and inline markup: the text (what search indexes and screen readers
read) is unchanged.
"""

from __future__ import annotations

import html
import re

_TAGS = re.compile(r"<[^>]+>")
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b([^>]*)>")
_CODE = re.compile(r"<code>([^<]*)</code>")
_CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.S)
_SPACES = re.compile(r"(\s+)")
_BREAK_AFTER = re.compile(r"(?<=[^\W_][_/])(?=[^\W_])|(?<=[^\W\d_]\.)(?=[^\W\d_]{5}|[^\W\d_]+[._/]|&lt;)")
"""Where a long code may break: after an underscore or a slash between letters or digits
(`DECISION_|VISIBILITY`, `policies/|privacy`), and after the dot of a dotted name
(`policybook.|rendering`, `steps.|<id>`), but not inside a version (`1.3.0`) or before a file's
extension (`speech.md`)."""

_PAGE_ID = re.compile(r"P(?:OL|RC)-[A-Z]{2,5}-\d{3}\b")
"""A policy or process ID (the formats of `policybook.model.common.POLICY_ID` and `PROCESS_ID`);
written with a literal first letter, which the regular expression engine finds fast."""
_NOT_RUNNING_TEXT = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1>", re.S)
"""An element whose content is not running text: a code, a code block (a diagram's source), a script."""

LONGEST_WHOLE = 30
"""The most characters kept on one line. A longer run of a code without a break point is left to the
theme, which breaks it where it must, rather than pushed past the edge of a 360 px screen."""


def column_label(header: str) -> str:
    """The `data-label` value of a column whose header cell holds the HTML `header`: its text,
    escaped for an attribute."""
    return html.escape(" ".join(html.unescape(_TAGS.sub("", header)).split()), quote=True)


def label_cells(content: str) -> str:
    """Every `<td>` of a plain table in `content` (one Markdown wrote: `<table>` without attributes)
    with the `data-label` of its column, unless the table's cells carry labels already."""

    def labelled(table: re.Match[str]) -> str:
        inner = table.group(1)
        head = _HEAD.search(inner)
        if head is None or "data-label=" in inner:
            return table.group(0)
        labels = [column_label(cell) for cell in _HEADER_CELL.findall(head.group(1))]
        body = inner[head.end():]

        def row(match: re.Match[str]) -> str:
            cells = iter(labels)
            labelled_cells = _CELL.sub(lambda cell: f'<td{cell.group(1)} data-label="{next(cells, "")}">', match.group(2))
            return match.group(1) + labelled_cells + "</tr>"

        return "<table>" + inner[:head.end()] + _ROW.sub(row, body) + "</table>"

    return _TABLE.sub(labelled, content) if "<table>" in content else content


def whole_code(text: str) -> str | None:
    """The markup of a `<code>` holding `text` (HTML, escaped) that breaks only where it may; None
    when a part of it is too long to keep whole (see `LONGEST_WHOLE`)."""
    words = _SPACES.split(text)
    parts = [[part for part in _BREAK_AFTER.split(word)] for word in words[::2]]
    if any(len(html.unescape(part)) > LONGEST_WHOLE for word in parts for part in word):
        return None
    if len(words) == 1 and len(parts[0]) == 1:
        return f'<code class="pb-nobreak">{text}</code>'
    spelled = []
    for index, word in enumerate(words):
        if index % 2:  # the spaces between words, where the code wraps as any text does
            spelled.append(word)
            continue
        spelled.append("<wbr>".join(f'<span class="pb-nobreak">{part}</span>' if "-" in part else part
                                    for part in parts[index // 2]))
    return f'<code class="pb-breaks">{"".join(spelled)}</code>'


def keep_codes_whole(content: str) -> str:
    """Every inline `<code>` of `content` made to break only between words, or after `_`, `/` or a
    dot (see the module docstring). Code blocks (`<pre>`) and codes with markup inside are left alone."""
    if "<code>" not in content:
        return content
    blocks = [(match.start(), match.end()) for match in _CODE_BLOCK.finditer(content)]
    pieces: list[str] = []
    start = 0
    for match in _CODE.finditer(content):
        whole = whole_code(match.group(1))
        if whole is None or any(begin < match.start() < end for begin, end in blocks):
            continue
        pieces += [content[start:match.start()], whole]
        start = match.end()
    return "".join([*pieces, content[start:]])


def keep_ids_whole(content: str) -> str:
    """Every policy or process ID in the running text of `content` (link texts included) kept on one
    line; IDs inside tags (attributes), code and code blocks are left as they are."""
    if not _PAGE_ID.search(content):
        return content
    skipped = [(match.start(), match.end()) for match in _NOT_RUNNING_TEXT.finditer(content)]
    pieces: list[str] = []
    start = 0
    for match in _PAGE_ID.finditer(content):
        at = match.start()
        if at and (content[at - 1].isalnum() or content[at - 1] in "-_"):
            continue  # part of a longer word
        if content.rfind("<", 0, at) > content.rfind(">", 0, at):
            continue  # inside a tag: an attribute
        if any(begin < at < end for begin, end in skipped):
            continue
        pieces += [content[start:at], f'<span class="pb-nobreak">{match.group(0)}</span>']
        start = match.end()
    return "".join([*pieces, content[start:]])


def fit(content: str) -> str:
    """`content` (a converted page) ready for narrow screens: `label_cells`, `keep_codes_whole`,
    `keep_ids_whole`."""
    return keep_ids_whole(keep_codes_whole(label_cells(content)))
