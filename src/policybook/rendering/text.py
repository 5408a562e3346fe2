"""Small formatting helpers shared by the renderings."""

from __future__ import annotations

import datetime as dt
import html
import posixpath

from policybook.model.common import _DURATION

_UNITS = (("years", "year"), ("months", "month"), ("weeks", "week"), ("days", "day"),
          ("hours", "hour"), ("minutes", "minute"), ("seconds", "second"))


def link(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A relative link from one page's source path to another's (site layout).

    Both are clean relative paths of the site (no `.`, `..` or doubled slashes), so the link is
    the common folders dropped and one `..` per folder left of `from_uri`: `posixpath.relpath`
    would resolve both against the working directory first, for every one of thousands of links.
    """
    if "/." in to_uri or to_uri.startswith((".", "/")) or "//" in to_uri or from_uri.startswith((".", "/")):
        target = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    else:
        here, there = from_uri.split("/")[:-1], to_uri.split("/")
        common = 0
        while common < len(here) and common < len(there) and here[common] == there[common]:
            common += 1
        target = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return f"{target}#{anchor}" if anchor else target


def url(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """The link from one page to another as the built site spells it (directory URLs: `a/b.md` is
    served at `a/b/`), for the HTML that generated pages write themselves; `to_uri` "" is the
    site's home."""
    from policybook.sitemap import page_url  # the site's layout; the sitemap does not import renderings

    return link(page_url(from_uri) + "index.html", page_url(to_uri), anchor)


def html_link(from_uri: str, to_uri: str, text: str, anchor: str | None = None) -> str:
    """`<a>` from one page to another (see `url`), its text escaped."""
    return f'<a href="{html.escape(url(from_uri, to_uri, anchor))}">{html.escape(text, quote=False)}</a>'


def html_code(text: str) -> str:
    """`<code>` around escaped text."""
    return f"<code>{html.escape(text, quote=False)}</code>"


def human_date(day: dt.date) -> str:
    """`2026-09-01` -> `1 September 2026` (unambiguous for every reader), in the page's language."""
    from policybook.rendering.messages import current_language, local_date  # messages imports babel lazily

    language = current_language()
    return f"{day.day} {day:%B %Y}" if language == "en" else local_date(day, language)


def human_duration(duration: str) -> str:
    """`PT15M` -> `15 minutes`, `P1DT12H` -> `1 day 12 hours`."""
    from policybook.rendering.messages import current_language, local_duration, t

    match = _DURATION.match(duration)
    if not match:
        return duration
    language = current_language()
    parts = []
    for key, unit in _UNITS:
        value = match[key]
        if value and int(value):
            amount = int(value)
            parts.append(f"{amount} {unit}{'s' if amount != 1 else ''}" if language == "en"
                         else local_duration(amount, unit, language))
    return " ".join(parts) or t("immediately")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def label(value: str) -> str:
    """`reduce-visibility` -> `Reduce visibility`."""
    from policybook.rendering.messages import t

    return t(value.replace("-", " ").replace("_", " ").capitalize())
