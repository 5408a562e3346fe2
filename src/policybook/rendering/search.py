"""What the site search indexes of a rendered page: its sections, found in Lexbor's element tree.

Material's search plugin cuts each page's HTML into sections at every heading that has an ID
(the text before the first one is a section too) and keeps a few tags in the text (paragraphs,
lists, code, sub- and superscripts) so that results show them. It reads the HTML with the
standard library's `HTMLParser` and Python callbacks for every tag and every piece of text: a
sixth of each locale's build. `sections` finds the same sections, with the same title and text, by
walking the tree Lexbor parses (selectolax, already used to scan built pages): several times
faster.

Where the plugin has special cases (blocks excluded from search, code line numbers, objects) or
where a browser's parser would not read the HTML as it is written (a misnested tag, an implied
`<tbody>`, a script before any content), `sections` returns None and the plugin indexes the page
itself. The tests compare both on every page of the sample site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
"""Tags the index keeps around their text."""

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
"""Elements without content (Material's list): they neither open a section nor hold text."""

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

SKIPPED = frozenset({"script", "style"})
"""Elements whose content is never indexed (the diagram library's `<script>` ends diagram pages)."""

_PLUGIN_ONLY = ("data-search-exclude", "linenodiv", "<object", "<title", "<noscript",
                "<textarea", "<template", "<plaintext", "<listing", "<![cdata[")
"""What only Material's own parser handles as Material does (see the module's description)."""

_PRE_NEWLINE = re.compile(r"<pre\b[^>]*>\r?\n", re.IGNORECASE)
"""A browser drops the newline that starts a `<pre>` block; Material keeps it."""

_START_TAG = re.compile(r"<[a-zA-Z][^\s/>]*")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class SearchSection:
    """One search result's worth of a page: a heading and what follows it up to the next one."""

    id: str | None
    """The heading's ID; None for the page's first section (the result opens the page itself)."""
    title: list[str] = field(default_factory=list)
    """The heading's text in pieces, HTML-escaped, without its permalink."""
    text: list[str] = field(default_factory=list)
    """The section's text in pieces, HTML-escaped, with the kept tags as `<p>` and `</p>` pieces."""
    heading: str = field(default="hx", repr=False, compare=False)
    """The heading's tag ("hx" for text before the first heading)."""
    depth: float = field(default=0, repr=False, compare=False)
    """How many elements were open at the heading, itself included: a heading inside a block (a
    translation's `<div lang>`) ends its section where the block ends, and the text after it goes
    back to the section before."""


def sections(html: str) -> list[SearchSection] | None:
    """The search sections of a page's HTML, or None when Material's parser must index it."""
    lowered = html.lower()  # plain substring searches: a regular expression took half the time
    if any(marker in lowered for marker in _PLUGIN_ONLY) or ("<pre" in lowered and _PRE_NEWLINE.search(html)):
        return None
    from selectolax.lexbor import LexborHTMLParser  # imported here: only site builds index pages

    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None or (tree.head is not None and tree.head.child is not None):
        return None
    walk = _Walk()
    # A browser's parser drops the spaces before the first element; Material's keeps them as text.
    leading = html[: len(html) - len(html.lstrip(" \t\n\f\r"))]
    walk.text(leading, pre=False, permalink=False)
    node = body.child
    while node is not None:
        walk.visit(node)
        node = node.next
    # The tree must hold exactly the elements the HTML spells out, or the two parsers disagree.
    if walk.elements != len(_START_TAG.findall(_COMMENT.sub("", html))):
        return None
    return walk.found


class _Walk:
    """The sections found so far and where the walk is, as the plugin's parser tracks it."""

    def __init__(self) -> None:
        self.found: list[SearchSection] = []
        self.current: SearchSection | None = None
        self.elements = 0
        self.depth = 0
        self.open: dict[str, int] = {}  # how many elements of each tag enclose the walk

    def _section(self) -> SearchSection:
        if self.current is None:  # text before any heading: the page's preface
            self.current = SearchSection(None)
            self.found.append(self.current)
        return self.current

    def _pieces(self, section: SearchSection) -> list[str]:
        # As the plugin decides: inside an element of the section heading's tag means the title.
        return section.title if self.open.get(section.heading) else section.text

    def visit(self, node: object, *, pre: bool = False, permalink: bool = False) -> None:
        """Index `node` and what it holds."""
        tag: str = node.tag  # type: ignore[attr-defined]
        if tag == "-text":
            self.text(node.text_content or "", pre=pre, permalink=permalink)  # type: ignore[attr-defined]
            return
        if tag.startswith("-") or tag.startswith("_"):  # comments and the like: not indexed
            return
        self.elements += 1
        if tag in VOID:
            return
        self.depth += 1
        self.open[tag] = self.open.get(tag, 0) + 1
        depth = self.depth
        if tag in HEADINGS:
            identifier = node.attributes.get("id")  # type: ignore[attr-defined]
            if identifier is not None:
                if tag != "h1" and not self.found:
                    self.found.append(SearchSection(None, heading="hx", depth=depth))  # the plugin's empty first section
                self.current = SearchSection(identifier if self.found else None, heading=tag, depth=depth)
                self.found.append(self.current)
        section = self._section()
        if tag in KEPT:
            self._pieces(section).append(f"<{tag}>")
        if tag == "a" and node.attributes.get("class") == "headerlink":  # type: ignore[attr-defined]
            permalink = True
        child = None if tag in SKIPPED else node.child  # type: ignore[attr-defined]
        while child is not None:
            self.visit(child, pre=pre or tag == "pre", permalink=permalink)
            child = child.next
        current = self._section()
        if current.depth > depth:  # leaving the block that held the heading
            for earlier in reversed(self.found):
                if earlier.depth <= depth:
                    current.depth = float("inf")  # never to be returned to
                    self.current = current = earlier
                    break
        self.depth -= 1
        self.open[tag] -= 1
        if tag in KEPT:
            pieces = self._pieces(current)
            opened = pieces.index(f"<{tag}>")
            if any(not piece.isspace() for piece in pieces[opened + 1 :]):
                pieces.append(f"</{tag}>")
            else:  # nothing but spaces since: the element is dropped
                del pieces[opened:]

    def text(self, data: str, *, pre: bool, permalink: bool) -> None:
        """Index a piece of text, as the plugin's parser does."""
        if not data:
            return
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self._section()
        if self.open.get(section.heading):
            if not permalink:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))
