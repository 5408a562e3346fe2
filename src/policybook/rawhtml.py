"""Raw HTML and URLs a handbook page may not contain, found with their offsets.

Markdown passes raw HTML through to the page unchanged, so a writer (or anyone who can open a pull
request) could make every reader's browser run script, fetch from other hosts, or restyle a policy
so that it reads differently. This module finds those constructs; `checks/rawhtml.py` reports them
in the sources and the site build re-checks every page's final HTML (`scan_html`), so anything the
source scan misses still stops the build instead of reaching readers.

Sources are scanned with the standard library's HTML parser, which gives offsets for diagnostics.
Where parsers and browsers disagree, that scan errs towards reporting: HTML comments are scanned as
if they were markup (browsers end a comment earlier than some parsers do, `<!-->`), and attributes
are split the way the HTML standard splits them. Built pages are scanned with Lexbor (through
selectolax), which parses HTML exactly as the WHATWG standard and browsers do, in C: the scan of
every built page costs a few milliseconds instead of the build's largest share of the hooks' time.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from policybook import diagnostics as dx
from policybook.diagnostics import Code
from policybook.references import mask_code, opening_bracket
from policybook.memo import remembered

SCRIPT_ELEMENTS = frozenset({"script"})
FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "form", "meta", "base", "link", "style", "portal",
     "template"}
)
"""Elements that embed other documents, submit data, redirect, or restyle the page (`<style>`
can hide a "retired" banner or overlay a policy's text, and load from other hosts). A
`<template>` holds markup that script may later bring to life: a handbook page has no use for one,
and refusing it keeps its hidden content from escaping every scan."""

RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "codebase"})
"""Attributes whose URL the browser fetches without the reader clicking anything."""
_RESOURCE_HREF_ELEMENTS = frozenset({"image", "use", "feimage"})  # SVG elements whose href is fetched

_SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript")
_SAFE_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif);", re.I)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_URL_DROPPED = re.compile(r"[\t\n\r]")  # browsers remove these anywhere in a URL
_URL_TRIMMED = "".join(map(chr, range(0x21)))  # and trim C0 controls and spaces at both ends
_CSS_URL = re.compile(r"""(?:url\(|@import)\s*["']?\s*([^"')\s;]*)""", re.I)
_HTML_SPACE = "\t\n\f\r "
_MARKUP_OPENER = re.compile(r"<(?=[!?])")  # comments, declarations, processing instructions

# Markdown's own ways of writing a URL: inline links and images, reference definitions.
_INLINE_DESTINATION = re.compile(r"\]\([ \t]*\n?[ \t]*(?P<url><[^>\n]*>|[^\s)]+)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(?P<url><[^>\n]*>|\S+)", re.M)
# attr_list: `{: key="value" }` after a heading, paragraph or link sets any attribute on the element.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*(?P<body>[^{}\n]*)\}")
_ATTRIBUTE_PAIR = re.compile(r"""(?P<key>[^\s=}"']+)=(?P<value>"[^"]*"|'[^']*'|[^\s}]*)""")


_MAY_HOLD_MARKUP = re.compile(r"<|\]\(|\]:|\{")
"""What every construct `scan_markdown` reports starts with: a tag, a link's `](` or `]:`, an attribute list."""


def may_hold_markup(text: str) -> bool:
    """Whether `scan_markdown` could find anything in `text` (false for most front-matter strings)."""
    return _MAY_HOLD_MARKUP.search(text) is not None


@dataclass(frozen=True)
class Finding:
    """One forbidden construct at an offset of the scanned text."""

    code: Code
    """HTML001-HTML005."""
    offset: int
    """0-based offset of the construct (tag, attribute or URL) in the text."""
    length: int
    """How many characters it spans on its line, for the diagnostic's end column."""
    message: str
    """What was found, in one sentence."""


def script_url(value: str, *, resource: bool = False) -> str | None:
    """The scheme (`javascript`, `vbscript`, `data`) when `value` is a URL that runs script.

    Decodes character references (repeatedly: `&amp;#106;` survives one decoding in some output
    paths) and drops what browsers drop from URLs before reading the scheme. A `data:` image is
    allowed as a resource (`src`), where it cannot run script.
    """
    url = _normalised_url(value)
    match = _SCHEME.match(url)
    if match is None:
        return None
    scheme = match[1].lower()
    if scheme in _SCRIPT_SCHEMES:
        return scheme
    if scheme == "data" and not (resource and _SAFE_DATA_IMAGE.match(url)):
        return scheme
    return None


def may_hold_script_url(text: str) -> bool:
    """Whether some part of `text` could be a URL that runs script: a screen of many strings at
    once (joined by newlines) before `script_url` reads each. Never false where one is."""
    if ":" not in text and "&" not in text:  # `&colon;` decodes to a colon
        return False
    normalised = _normalised_url(text).lower()
    return ":" in normalised and any(f"{scheme}:" in normalised for scheme in (*_SCRIPT_SCHEMES, "data"))


def external_url(value: str) -> bool:
    """Whether `value` is an absolute URL (another host, or a local file), not a path in the site."""
    url = _normalised_url(value)
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    match = _SCHEME.match(url)
    return match is not None and match[1].lower() != "data"


def _normalised_url(value: str) -> str:
    for _ in range(4):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return _URL_DROPPED.sub("", value).strip(_URL_TRIMMED)


@remembered
def scan_markdown(markdown: str) -> list[Finding]:
    """Every forbidden construct in Markdown, outside fenced code and code spans.

    Covers raw HTML (elements and attributes), Markdown links, images and reference definitions,
    and attribute lists. HTML comments are not skipped: see the module documentation.
    """
    if not may_hold_markup(markdown):  # most front-matter strings: one pass in C
        return []
    text = mask_code(markdown, comments=False)
    found = scan_html(text) if "<" in text else []
    # A definition needs "]:": without one, the line-start pattern need not try every line.
    for pattern in (_INLINE_DESTINATION, _DEFINITION) if "]:" in text else (_INLINE_DESTINATION,):
        for match in pattern.finditer(text):
            url = match["url"].strip("<>")
            resource = pattern is _INLINE_DESTINATION and _is_image(text, match.start())
            found += _url_findings(url, match.start("url"), resource=resource, what="link" if not resource else "image")
    if "{" in text:
        for match in _ATTRIBUTE_LIST.finditer(text):
            for pair in _ATTRIBUTE_PAIR.finditer(match["body"]):
                offset = match.start("body") + pair.start()
                found += _attribute_findings("", pair["key"], pair["value"].strip("\"'"), offset, "attribute list")
    return sorted(set(found), key=lambda finding: finding.offset)


def _is_image(text: str, bracket: int) -> bool:
    """Whether the link whose `](` is at `bracket` is an image `![...](...)`."""
    start = opening_bracket(text, bracket)
    return start is not None and start > 0 and text[start - 1] == "!"


def scan_html(text: str) -> list[Finding]:
    """Every forbidden element, attribute and URL in HTML (or in Markdown already masked)."""
    parser = _TagFinder(_MARKUP_OPENER.sub(" ", text))
    return parser.findings


@dataclass(frozen=True)
class BuiltFinding:
    """One forbidden construct in a built page, found by parsing it as a browser does."""

    code: Code
    message: str
    tag: str
    """The element's start tag as the parser read it (shortened), to show where it is."""


def scan_built_page(page_html: str) -> list[BuiltFinding]:
    """Every forbidden element, attribute and URL in a built page's HTML, in document order.

    Offsets are not needed (the page is reported against its source file), so the page is parsed
    by Lexbor: the element tree a browser builds, comments and raw-text elements included.
    """
    from selectolax.lexbor import LexborHTMLParser  # imported here: only site builds scan built pages

    found: list[BuiltFinding] = []
    for node in LexborHTMLParser(page_html).root.traverse(include_text=False):
        name = (node.tag or "").lower()
        if name.startswith("-"):  # comments and the doctype: inert
            continue
        findings: list[Finding] = []
        if name in SCRIPT_ELEMENTS:
            findings.append(Finding(dx.SCRIPT, 0, 0, "<script> element: it would run in every reader's browser"))
        elif name in FORBIDDEN_ELEMENTS:
            findings.append(Finding(dx.ELEMENT_NOT_ALLOWED, 0, 0, f"<{name}> element is not allowed in handbook pages"))
        refused = bool(findings)
        for key, value in node.attributes.items():
            if not (value and _MAY_BE_URL.search(value)) and not key.lower().startswith("on"):
                continue  # most attributes (class, id, title): nothing a URL or handler check could find
            found_here = _attribute_findings(name, key, value or "", 0, f"<{name}>")
            findings += [f for f in found_here if not (refused and f.code is dx.EXTERNAL_RESOURCE)]
        if findings:
            shown = (node.html or "").split(">", 1)[0][:80] + ">"
            found += [BuiltFinding(finding.code, finding.message, shown) for finding in findings]
    return found


_MAY_BE_URL = re.compile(r"[:/\\&]")
"""A value without these cannot hold a scheme, a host, or a character reference hiding either."""


class _TagFinder(HTMLParser):
    """Reports forbidden tags and attributes while the standard parser walks the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        offset = self._starts[line - 1] + column
        raw = self.get_starttag_text() or ""
        name = tag.lower()
        width = len(raw.split("\n", 1)[0])
        if name in SCRIPT_ELEMENTS:
            self.findings.append(Finding(dx.SCRIPT, offset, width, "<script> element: it would run in every reader's browser"))
        elif name in FORBIDDEN_ELEMENTS:
            self.findings.append(Finding(dx.ELEMENT_NOT_ALLOWED, offset, width, f"<{name}> element is not allowed in handbook pages"))
        refused = name in SCRIPT_ELEMENTS or name in FORBIDDEN_ELEMENTS
        for key, value, position in _attributes(raw):
            found = _attribute_findings(name, key, value, offset + position, f"<{name}>")
            # The element goes anyway; its handlers and script URLs are still worth naming.
            self.findings += [f for f in found if not (refused and f.code is dx.EXTERNAL_RESOURCE)]

    handle_startendtag = handle_starttag


def _attributes(raw: str) -> list[tuple[str, str, int]]:
    """(name, decoded value, offset) of each attribute of a raw start tag, split as browsers do."""
    found = []
    index = 1
    while index < len(raw) and raw[index] not in _HTML_SPACE + "/>":
        index += 1  # the tag name
    size = len(raw)
    while index < size:
        while index < size and raw[index] in _HTML_SPACE + "/":
            index += 1
        if index >= size or raw[index] == ">":
            break
        start = index
        index += 1  # a name may start with '='
        while index < size and raw[index] not in _HTML_SPACE + "/>=":
            index += 1
        name = raw[start:index].lower()
        while index < size and raw[index] in _HTML_SPACE:
            index += 1
        value = ""
        if index < size and raw[index] == "=":
            index += 1
            while index < size and raw[index] in _HTML_SPACE:
                index += 1
            if index < size and raw[index] in "\"'":
                quote = raw[index]
                end = raw.find(quote, index + 1)
                end = size if end < 0 else end
                value = raw[index + 1 : end]
                index = end + 1
            else:
                end = index
                while end < size and raw[end] not in _HTML_SPACE + ">":
                    end += 1
                value = raw[index:end]
                index = end
        found.append((name, html.unescape(value), start))
    return found


def _attribute_findings(element: str, key: str, value: str, offset: int, where: str) -> list[Finding]:
    key = key.lower()
    if key.startswith("on") and len(key) > 2:
        return [Finding(dx.EVENT_HANDLER, offset, len(key), f"event handler '{key}' on {where}: it runs script")]
    resource = key in RESOURCE_ATTRIBUTES or (key in ("href", "xlink:href") and element in _RESOURCE_HREF_ELEMENTS)
    findings = _url_findings(value, offset, resource=resource, what=f"'{key}' on {where}", length=len(key))
    if not findings and key == "style":
        for match in _CSS_URL.finditer(value):
            findings += _url_findings(match[1], offset, resource=True, what=f"CSS in 'style' on {where}", length=len(key))
    return findings


def _url_findings(url: str, offset: int, *, resource: bool, what: str, length: int | None = None) -> list[Finding]:
    scheme = script_url(url, resource=resource)
    size = length if length is not None else len(url.split("\n", 1)[0])
    if scheme:
        return [Finding(dx.SCRIPT_URL, offset, size, f"{scheme}: URL in {what}")]
    if resource and external_url(url):
        shown = url if len(url) <= 60 else url[:57] + "..."
        return [Finding(dx.EXTERNAL_RESOURCE, offset, size, f"{what} loads '{shown}' from another host")]
    return []
