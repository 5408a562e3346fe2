"""The anchors a Markdown page will have once rendered, for checking `#anchor` links.

Mirrors what Python-Markdown produces: explicit `{#id}` on headings (attr_list), otherwise the toc
extension's slug of the heading text, and any `id="..."` in raw HTML.
"""

from __future__ import annotations

import re
import unicodedata

from policybook.references import mask_code

# From the newline before the heading (a newline is put before the page): starting with a literal
# character, the pattern is searched for it instead of trying `^` at every position.
_HEADING = re.compile(r"\n {0,3}#{1,6}[ \t]+(?P<text>[^\n]+?)[ \t]*#*[ \t]*$", re.M)
_SETEXT = re.compile(r"^(?P<text>[^\n]+)\n(?:=+|-+)[ \t]*$", re.M)
# Starts with a literal newline, so the regex engine skips ahead: tells cheaply whether a page has
# any underline at all before the costlier scan above tries every line.
_UNDERLINE = re.compile(r"\n(?:=+|-+)[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{:?[^}\n]*#(?P<id>[\w-]+)[^}\n]*\}")
_HTML_ID = re.compile(r"<[a-zA-Z][^>]*?\sid=[\"'](?P<id>[^\"']+)[\"']")
_INLINE_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)|<[^>]+>")


def slugify(text: str) -> str:
    """Python-Markdown's default heading slug: ASCII, lowercase, hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def page_anchors(markdown: str) -> set[str]:
    """Every anchor the page will have."""
    text = mask_code(markdown)
    found: set[str] = set()
    setext = _SETEXT.finditer(text) if _UNDERLINE.search(text) else ()
    for match in (*_HEADING.finditer("\n" + text), *setext):
        heading = match["text"]
        explicit = _ATTR_ID.search(heading)
        if explicit:
            found.add(explicit["id"])
        else:
            plain = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", heading)
            found.add(slugify(plain))
    found.update(match["id"] for match in _ATTR_ID.finditer(text))
    found.update(match["id"] for match in _HTML_ID.finditer(markdown))
    return found
