"""The blocks generated from front-matter, written as HTML that the site generator passes through.

A policy or process page carries blocks the engine writes from its front-matter: the card, the
enforcement, region, role and step tables, the lists of related and referring pages, the changelog,
the terms on the page. Written as Markdown, they were parsed again for every page of every locale:
at 500 pages, more of a locale's build than the pages' own prose. Written as HTML inside a marked
comment, they cost the Markdown parser one comment each; the front end swaps the comments for
their HTML once the page is converted (`unwrap`, from the hooks' `on_page_content`).

A block is HTML only when every piece of writer text in it is plain — no character Markdown reads as
markup — so that the HTML is exactly what Markdown would have made of it. Otherwise the block is
written as Markdown, as before: a writer's `code` or **emphasis** in a front-matter field still
renders. Each piece of a block is an `Inline` that knows both spellings, so there is one renderer.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from policybook.rendering.narrow import column_label, fit
from policybook.rendering.text import link, url

_MARKUP = re.compile(r"[\\`*_\[\]<>~{}|]|&#?\w+;|\n\s*\n|^\s*(?:[-+:](?:\s|$)|[#>]|=+\s*$|\d+[.)](?:\s|$))", re.M)
"""What makes writer text more than plain: a character Markdown or its extensions read as markup,
a character reference, a blank line, or a line start that opens a list, heading or quote."""

_MARK = f"policybook-html-{secrets.token_hex(6)}"
"""The comment marker of this process's HTML blocks. Random, so that no page can spell it and have
its own comment turned into markup."""
_BLOCK = re.compile(rf"<!--{_MARK}\n(.*?)\n-->", re.S)
_SPACES = re.compile(r"\s+")
_ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class Inline:
    """A piece of inline content in both spellings."""

    markdown: str
    html: str
    plain: bool = True
    """Whether `html` is exactly what Markdown makes of `markdown` (false for some writer text)."""

    def __add__(self, other: Inline) -> Inline:
        return Inline(self.markdown + other.markdown, self.html + other.html, self.plain and other.plain)


def text(value: str) -> Inline:
    """Writer or catalogue text: plain unless it holds markup (see `_MARKUP`)."""
    plain = _MARKUP.search(value) is None
    value = _SPACES.sub(" ", value) if plain else value
    return Inline(value, html.escape(value, quote=False), plain)


def raw(markup: str) -> Inline:
    """HTML the engine wrote (a status badge), the same in both spellings."""
    return Inline(markup, markup)


def code(value: str) -> Inline:
    """A code span."""
    return Inline(f"`{value}`", f"<code>{html.escape(value, quote=False)}</code>", "`" not in value)


def strong(content: Inline) -> Inline:
    return Inline(f"**{content.markdown}**", f"<strong>{content.html}</strong>", content.plain)


def deleted(content: Inline) -> Inline:
    """Struck-through text (pymdownx.tilde's `~~text~~`)."""
    return Inline(f"~~{content.markdown}~~", f"<del>{content.html}</del>", content.plain)


def page_link(from_uri: str, to_uri: str, content: Inline, anchor: str | None = None, title: str | None = None) -> Inline:
    """A link from the page at site path `from_uri` to another page (or a heading of it)."""
    target = html.escape(url(from_uri, to_uri, anchor))
    hint = f' title="{html.escape(title, quote=False).replace(chr(34), "&quot;")}"' if title else ""
    spelled = f' "{title}"' if title else ""
    return Inline(f"[{content.markdown}]({link(from_uri, to_uri, anchor)}{spelled})",
                  f'<a href="{target}"{hint}>{content.html}</a>', content.plain and '"' not in (title or ""))


def anchor_link(anchor: str, content: Inline) -> Inline:
    """A link to a heading or step of the same page."""
    return Inline(f"[{content.markdown}](#{anchor})", f'<a href="#{html.escape(anchor)}">{content.html}</a>', content.plain)


def joined(separator: str | Inline, items: Iterable[Inline]) -> Inline:
    """`items` one after another with `separator` (plain text, or an `Inline`) between them."""
    between = text(separator) if isinstance(separator, str) else separator
    result: Inline | None = None
    for item in items:
        result = item if result is None else result + between + item
    return result or Inline("", "")


def _all_plain(items: Iterable[Inline]) -> bool:
    return all(item.plain for item in items)


def html_block(lines: list[str]) -> list[str]:
    """HTML `lines` as a block that the site generator passes over and `unwrap` puts back. The lines
    need not be balanced: an opening `<div>` here and its `</div>` in a later block wrap the Markdown
    between them, which is converted as usual."""
    return ["", f"<!--{_MARK}", *lines, "-->", ""]


def table(header: list[Inline], rows: list[list[Inline]], centred: frozenset[int] = frozenset()) -> list[str]:
    """A table; the columns numbered in `centred` (from 0) are centred.

    Each cell carries its column's name (`data-label`), which the stylesheet shows in front of it
    when the table is stacked on a narrow screen. A table whose columns are centred marks but two
    (the RACI table) is narrow enough as it is: it keeps its columns (`data-pb-columns="keep"`)."""
    if not _all_plain(item for row in [header, *rows] for item in row):
        return _markdown_table(header, rows, centred)
    labels = [column_label(item.html) for item in header]

    def tr(tag: str, row: list[Inline]) -> list[str]:
        return ["<tr>", *(f"<{tag}{_CENTRED if column in centred else ''}{_label(tag, labels, column)}>{item.html}</{tag}>"
                          for column, item in enumerate(row)), "</tr>"]

    body = [line for row in rows for line in tr("td", row)]
    opening = '<table data-pb-columns="keep">' if centred and len(centred) >= len(header) - 2 else "<table>"
    return html_block([opening, "<thead>", *tr("th", header), "</thead>", "<tbody>", *body, "</tbody>", "</table>"])


_CENTRED = ' style="text-align: center;"'


def _label(tag: str, labels: list[str], column: int) -> str:
    """The `data-label` attribute of a body cell (none on header cells)."""
    return f' data-label="{labels[column]}"' if tag == "td" and column < len(labels) else ""


def _markdown_table(header: list[Inline], rows: list[list[Inline]], centred: frozenset[int]) -> list[str]:
    def cells(row: list[Inline]) -> str:
        return "| " + " | ".join(" ".join(item.markdown.split()).replace("|", "\\|") for item in row) + " |"

    rule = "|" + "|".join(":-:" if column in centred else "---" for column in range(len(header))) + "|"
    return [cells(header), rule, *(cells(row) for row in rows), ""]


def html_table(header: Iterable[str], rows: Iterable[Iterable[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """The lines of a table written in HTML; `header` and `rows` hold HTML already, and the columns
    numbered in `right` (from 0) are aligned right, as Markdown's `---:` does. Each cell carries its
    column's name (`data-label`), for the stacked layout of narrow screens.

    For the long listings of generated pages (every policy by area, by severity, every change):
    Markdown would parse each cell's links and code spans again in every locale's build, a
    fifth of each build's time. The table goes in a block of its own (`html_block`), which Markdown
    does not even read through.
    """
    aligned = ' style="text-align: right;"'
    header = list(header)
    labels = [column_label(value) for value in header]

    def cells(tag: str, values: Iterable[str]) -> str:
        return "<tr>" + "".join(f"<{tag}{aligned if column in right else ''}{_label(tag, labels, column)}>{value}</{tag}>"
                                for column, value in enumerate(values)) + "</tr>"

    return html_block(["<table>", "<thead>", cells("th", header), "</thead>", "<tbody>",
                       *(cells("td", row) for row in rows), "</tbody>", "</table>"])


def bullets(items: list[Inline]) -> list[str]:
    """A bulleted list."""
    if not _all_plain(items):
        return [*(f"- {item.markdown}" for item in items), ""]
    return html_block(["<ul>", *(f"<li>{item.html}</li>" for item in items), "</ul>"])


def paragraph(content: Inline) -> list[str]:
    """One paragraph."""
    if not content.plain:
        return [content.markdown, ""]
    return html_block([f"<p>{content.html}</p>"])


def card(attributes: str, summary: Inline, entries: list[tuple[Inline, Inline]], closing: str = "") -> list[str]:
    """A page's card: a `div` with `attributes`, the summary, the entries as a definition list, and
    `closing` (HTML) at its foot."""
    if not _all_plain([summary, *(part for entry in entries for part in entry)]):
        lines = [f"<div {attributes} markdown>", "", summary.markdown, ""]
        for term, value in entries:
            lines += [term.markdown, f":   {value.markdown}", ""]
        return lines + ([closing, ""] if closing else []) + ["</div>", ""]
    definitions = [line for term, value in entries for line in (f"<dt>{term.html}</dt>", f"<dd>{value.html}</dd>")]
    return html_block([f"<div {attributes}>", f"<p>{summary.html}</p>", "<dl>", *definitions, "</dl>",
                     *([closing] if closing else []), "</div>"])


def details(kind: str, summary: Inline, header: list[Inline], rows: list[list[Inline]]) -> list[str]:
    """A collapsed table (pymdownx.details' `??? kind "summary"`)."""
    if not _all_plain([summary, *header, *(item for row in rows for item in row)]):
        return [f'??? {kind} "{summary.markdown}"', "", *(f"    {line}" if line else "" for line in _markdown_table(header, rows, frozenset()))]
    inner = table(header, rows)[2:-2]  # the table's HTML, without its own comment
    return html_block([f'<details class="{kind}">', f"<summary>{summary.html}</summary>", *inner, "</details>"])


def unwrap(content: str) -> tuple[str, set[str]]:
    """The converted page `content` with every HTML block in place of its comment, made to fit a
    narrow screen (`policybook.rendering.narrow.fit`: table cells labelled, codes kept whole), and
    the `id`s those blocks hold (the site generator found the others while converting)."""
    if _MARK not in content:
        return fit(content), set()
    ids: set[str] = set()

    def inner(match: re.Match[str]) -> str:
        ids.update(_ID.findall(match.group(1)))
        return match.group(1)

    return fit(_BLOCK.sub(inner, content)), ids
