"""Source-language text on a page in another language: marked, so that it carries `lang` and `dir`.

A Spanish or Arabic page still shows some source-language text: a field not translated yet, the
title of a page without a translation, a team's English name. Left unmarked, a screen reader reads
it with the page's voice, and on a right-to-left page its punctuation lands at the wrong end
(".condemnation is clear from the caption").

The renderings wrap such a string with `foreign(text, language)`: three private-use characters
that survive Markdown, HTML escaping and the theme's templates unchanged. Once the page is HTML,
`resolve` turns each marked string into `<span lang dir>` — an element with `dir` is isolated from
the text around it (the HTML rendering rules give it `unicode-bidi: isolate`) — and strips the marks
where an element cannot go: inside a tag (an attribute), `<title>`, `<script>`, `<style>`,
`<textarea>` and `<pre>` (a diagram's source).
"""

from __future__ import annotations

import re

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb"})
"""Languages written right to left (by primary subtag)."""


def direction(locale: str) -> str:
    """`rtl` or `ltr` for a locale code."""
    return "rtl" if locale.split("-")[0] in RTL_LANGUAGES else "ltr"

OPEN, SEPARATOR, CLOSE = "\ue000", "\ue001", "\ue002"

_UNIT = re.compile(f"{OPEN}[^{SEPARATOR}{OPEN}]*{SEPARATOR}|{CLOSE}")
_START = re.compile(f"{OPEN}([^{SEPARATOR}{OPEN}]*){SEPARATOR}")
_IN_TAG = re.compile(f"<[^<>]*{OPEN}[^<>]*>")
_RAW_TEXT = re.compile(r"<(title|script|style|textarea|pre)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def foreign(text: str, language: str) -> str:
    """`text` marked as written in `language` (a BCP 47 code)."""
    if not text or OPEN in text:  # already marked (the whole string, or a part that resolves alone)
        return text
    return f"{OPEN}{language}{SEPARATOR}{text}{CLOSE}"


def plain(text: str) -> str:
    """`text` without marks, for places that take text only (search entries, feeds, files)."""
    return _UNIT.sub("", text) if OPEN in text or CLOSE in text else text


def is_foreign(text: str) -> bool:
    """Whether `text` holds marked source-language text."""
    return OPEN in text


def _span(match: re.Match[str]) -> str:
    language = match.group(1)
    return f'<span lang="{language}" dir="{direction(language)}">'


def resolve(html: str) -> str:
    """The HTML with every marked string as `<span lang dir>`, and no marks left anywhere."""
    if OPEN not in html:
        return html
    html = _RAW_TEXT.sub(lambda match: plain(match.group(0)) if OPEN in match.group(0) else match.group(0), html)
    html = _IN_TAG.sub(lambda match: plain(match.group(0)), html)
    return _START.sub(_span, html).replace(CLOSE, "</span>")
