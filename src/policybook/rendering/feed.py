"""The Atom 1.0 feed (RFC 4287) of each locale's "What changed" page: `changes.xml`.

Reproducible: every date comes from changelogs (the feed's `updated` is its newest entry's), IDs are
name-based UUIDs of stable facts, and entries are in a fixed order, so building the same commit
twice writes the same bytes. Links are absolute when the site's address is known (`site_url` in
`mkdocs.yml`); otherwise they are relative, which Atom resolves against the feed's own address (the
feed sits at the root of its locale's site, like the pages' paths).
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from policybook.changelog import Change, changes
from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.rendering.changes import display_title
from policybook.rendering.messages import message
from policybook.sitemap import CHANGES_FEED, CHANGES_PAGE, page_url

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ENTRIES = 50
"""Entries in a feed: the newest changes; the page lists them all."""
_EPOCH = dt.date(1970, 1, 1)  # `updated` of a feed without entries: a fixed date, never the clock


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _stable_id(*parts: str) -> str:
    """A URN that names the same thing in every build (a version-5 UUID of the parts)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "policybook:" + "|".join(parts)).urn


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def changes_feed(handbook: Handbook, locale: str, site_url: str | None = None) -> str:
    """The feed of `locale`'s site; `site_url` is that site's address (e.g. `https://h.example/es/`), if known."""
    config = handbook.config

    def address(path: str) -> str:
        return urljoin(site_url, path) if site_url else path

    entries = changes(handbook)[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: locale})
    _add(feed, "id", _stable_id(config.organisation, config.title, locale, "changes"))
    _add(feed, "title", message(locale, "changes_feed_title", handbook=config.title))
    _add(feed, "updated", _timestamp(entries[0].date if entries else _EPOCH))
    _add(feed, "link", rel="self", type="application/atom+xml", href=address(CHANGES_FEED))
    _add(feed, "link", rel="alternate", type="text/html", href=address(page_url(CHANGES_PAGE)))
    _add(_add(feed, "author"), "name", config.organisation)
    _add(feed, "generator", "Policybook")
    for change in entries:
        _entry(feed, handbook, change, locale, address)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed: ET.Element, handbook: Handbook, change: Change, locale: str, address) -> None:
    document, version = change.document, change.entry.version
    entry = _add(feed, "entry")
    _add(entry, "id", _stable_id(handbook.config.organisation, handbook.config.title, locale, document.id or "", version))
    title = _add(entry, "title", f"{document.id} {display_title(handbook, document, locale)} ({version})")
    if locale not in handbook.translations.get(document.path, {}):  # shown with the source's title
        title.set(XML_LANG, handbook.config.source_locale)
    _add(entry, "updated", _timestamp(change.date))
    _add(entry, "link", rel="alternate", type="text/html", href=address(page_url(document.path)))
    kind = "policy" if document.kind is Kind.policy else "process"
    _add(entry, "category", term=kind)
    summary = _add(entry, "summary", change.entry.summary)
    summary.set(XML_LANG, handbook.config.source_locale)  # changelogs are written in the source language
