"""What changed: the changes list, the "Updated" badge and navigation marker, the Atom feed of every
locale, and the feedback links on policy and process pages.

Engine tests pin "today" with `POLICYBOOK_TODAY`; site tests read the shared multi-locale build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest

from policybook.audiences import for_audience
from policybook.changelog import changes, latest_change, recently_updated
from policybook.rendering import site
from policybook.rendering.feed import ATOM, FEED_ENTRIES, changes_feed
from policybook.rendering.feedback import report_url

A = f"{{{ATOM}}}"
SITE_URL = "https://handbook.clipwave.example/"
RECENT = "PRC-UR-004"  # a sample page whose newest change the tests put inside the window


@pytest.fixture(scope="module")
def public(sample):
    """The sample as the default build publishes it: without pages restricted to an audience."""
    return for_audience(sample, None)


@pytest.fixture
def newest(sample):
    """The sample's most recent change."""
    return changes(sample)[0]


# --- The changes list -----------------------------------------------------------------------------

def test_every_changelog_entry_is_listed_newest_first(sample):
    found = changes(sample)
    assert len(found) == sum(len(d.meta.changelog) for d in (*sample.policies, *sample.processes))
    assert [c.date for c in found] == sorted((c.date for c in found), reverse=True)
    # Within a day, by page ID; within a page, the file's order (newest version first).
    for one, two in zip(found, found[1:]):
        if one.date == two.date:
            assert (one.document.id or "") <= (two.document.id or "")


def test_the_updated_window_counts_days_from_the_newest_change(sample, newest, monkeypatch):
    document, day = newest.document, newest.date
    window = sample.config.updated_days
    for today, expected in ((day, True), (day + dt.timedelta(days=window - 1), True),
                            (day + dt.timedelta(days=window), False), (day - dt.timedelta(days=1), False)):
        monkeypatch.setenv("POLICYBOOK_TODAY", today.isoformat())
        assert (recently_updated(sample, document) is not None) is expected, today
        assert site.nav_status(sample, document.path) == ("updated" if expected else None)


def test_a_page_not_in_force_keeps_its_marker_when_it_changed_recently(sample, monkeypatch):
    retired = next(d for d in sample.policies if d.meta.status.value == "retired")
    monkeypatch.setenv("POLICYBOOK_TODAY", latest_change(retired).date.isoformat())
    assert recently_updated(sample, retired) is not None
    assert site.nav_status(sample, retired.path) == "retired"  # never hidden behind "updated"


def test_zero_days_turns_the_badge_off(sample, newest, monkeypatch):
    monkeypatch.setenv("POLICYBOOK_TODAY", newest.date.isoformat())
    quiet = dataclasses.replace(sample, config=sample.config.model_copy(update={"updated_days": 0}))
    assert recently_updated(quiet, quiet.by_path[newest.document.path]) is None


def test_the_card_carries_the_badge_linking_to_the_changelog(sample, newest, monkeypatch):
    monkeypatch.setenv("POLICYBOOK_TODAY", newest.date.isoformat())
    document = newest.document
    page = site.render(sample, document.path, document.body)
    card = page.split('<div class="pb-card"', 1)[1].split("\n</div>", 1)[0]
    badge = re.search(r'<a class="pb-status pb-status--updated" href="#changelog" title="([^"]*)">Updated</a>', card)
    assert badge, card
    assert html.unescape(badge[1]).startswith(f"Version {newest.entry.version}, ")
    monkeypatch.setenv("POLICYBOOK_TODAY", (newest.date + dt.timedelta(days=400)).isoformat())
    assert "pb-status--updated" not in site.render(sample, document.path, document.body)


def test_the_what_changed_page_lists_every_change_in_the_readers_language(sample, monkeypatch):
    monkeypatch.setenv("POLICYBOOK_TODAY", changes(sample)[0].date.isoformat())
    pages = {page.uri: page.content for page in site.pages(sample, "es")}
    page = pages["changes.md"]
    assert page.startswith("# Qué ha cambiado\n")
    assert "[feed Atom](changes.xml)" in page
    rows = [line for line in page.splitlines() if line.startswith("<tr><td")]
    assert len(rows) == len(changes(sample))
    hate_speech = next(row for row in rows if "<code>POL-HS-001</code>" in row)
    # The translated title, linked as the built site serves the page (from /changes/).
    assert '<a href="../policies/hate-speech/hate-speech/">Discurso de odio</a>' in hate_speech
    # The summary as the Spanish translation gives it; a page without a translation keeps the English one, marked.
    assert sample.translations["policies/hate-speech/hate-speech.md"]["es"].meta.changelog["2.1.0"] in hate_speech
    doxxing = next(row for row in rows if "<code>POL-PD-001</code>" in row)
    assert '<span lang="en" dir="ltr">' in doxxing
    assert "Actualizada" in rows[0]  # the newest change is within the window today
    retired = next(row for row in rows if "<code>POL-HS-003</code>" in row)
    assert "Retirada — no aplicar" in retired


# --- The Atom feed --------------------------------------------------------------------------------

def test_the_feed_never_depends_on_the_clock(sample, monkeypatch):
    monkeypatch.setenv("POLICYBOOK_TODAY", "2026-01-01")
    first = changes_feed(sample, "fr", SITE_URL + "fr/")
    monkeypatch.setenv("POLICYBOOK_TODAY", "2031-07-15")
    assert changes_feed(sample, "fr", SITE_URL + "fr/") == first


def test_without_a_site_address_feed_links_are_relative_to_the_feed(sample):
    feed = ET.fromstring(changes_feed(sample, "en", None))
    assert feed.find(f"{A}link[@rel='self']").get("href") == "changes.xml"
    assert feed.find(f"{A}entry/{A}link").get("href").startswith(("policies/", "processes/"))


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_each_locale_publishes_a_valid_atom_feed(built_site: Path, public, locale: str):
    root = built_site if locale == "en" else built_site / locale
    base = SITE_URL + ("" if locale == "en" else f"{locale}/")
    text = (root / "changes.xml").read_text("utf-8")
    feed = ET.fromstring(text)
    # RFC 4287 4.1.1: exactly one id, title and updated; an author (on the feed, for every entry).
    assert feed.tag == f"{A}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert feed.find(f"{A}author/{A}name").text == public.config.organisation
    assert feed.find(f"{A}link[@rel='self']").get("href") == base + "changes.xml"
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == base + "changes/"
    entries = feed.findall(f"{A}entry")
    expected = changes(public)[:FEED_ENTRIES]  # restricted pages' changes are not published
    assert len(entries) == len(expected)
    for entry, change in zip(entries, expected):
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert entry.find(f"{A}id").text.startswith("urn:uuid:")
        assert entry.find(f"{A}updated").text == f"{change.date.isoformat()}T00:00:00Z"
        assert entry.find(f"{A}summary").text == change.entry.summary
        link = entry.find(f"{A}link[@rel='alternate']").get("href")
        assert link.startswith(base)
        assert (root / link.removeprefix(base) / "index.html").is_file()  # it leads to the published page
    assert feed.find(f"{A}updated").text == entries[0].find(f"{A}updated").text  # newest entry, not the clock
    assert len({e.find(f"{A}id").text for e in entries}) == len(entries)
    parsed = feedparser.parse(text)  # as a feed reader sees it
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.link for e in parsed.entries] == [e.find(f"{A}link").get("href") for e in entries]


def test_entry_titles_are_translated_where_the_page_is(built_site: Path):
    feed = ET.fromstring((built_site / "es/changes.xml").read_text("utf-8"))
    titles = [entry.find(f"{A}title").text for entry in feed.findall(f"{A}entry")]
    assert any(title.startswith("POL-HS-001 Discurso de odio (") for title in titles)


def test_every_page_announces_its_locales_feed(built_site: Path, sample):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 200
    for page in pages:
        if page.name == "404.html":
            continue
        markup = page.read_text("utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', markup)
        assert len(links) == 1, page
        target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), links[0])))
        top = page.relative_to(built_site).parts[0]
        locale_root = built_site / top if top in sample.config.locale_codes[1:] else built_site
        assert target == locale_root / "changes.xml", page


def test_pages_of_a_translated_locale_have_their_own_canonical_address(built_site: Path):
    markup = (built_site / "es/policies/hate-speech/hate-speech/index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}es/policies/hate-speech/hate-speech/">' in markup
    assert f"<loc>{SITE_URL}es/changes/</loc>" in (built_site / "es/sitemap.xml").read_text("utf-8")


def test_what_changed_is_second_in_navigation(built_site: Path):
    markup = (built_site / "de/index.html").read_text("utf-8")
    primary = markup.split('class="md-nav md-nav--primary"', 1)[1]
    entries = [(href, " ".join(label.split())) for href, label in re.findall(
        r'<a href="([^"#]+)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">(.*?)</span>', primary, re.S)]
    assert entries[1] == ("changes/", "Was sich geändert hat"), entries[:3]


def test_search_finds_pages_by_their_id(built_site: Path, sample):
    import json
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    tagged = {doc["location"]: doc.get("tags") for doc in index["docs"]}
    assert tagged["policies/hate-speech/hate-speech/"] == ["POL-HS-001"]
    assert tagged["processes/quality/calibration/"] == ["PRC-QA-002"]
    assert tagged["glossary/"] is None


# --- Feedback -------------------------------------------------------------------------------------

def test_report_a_problem_link_carries_id_and_version_url_encoded(sample):
    document = sample.by_id["POL-HS-001"]
    awkward = dataclasses.replace(sample, config=sample.config.model_copy(
        update={"feedback_url": "https://forge.example/new?title={id}%20v{version}&body={title}%20{path}%20{locale}"}))
    tricky = dataclasses.replace(document, meta=document.meta.model_copy(update={"title": "Hate & speech: 100%"}))
    url = report_url(awkward, tricky, "policies/hate-speech/hate-speech.es.md", "pt-BR")
    assert url == ("https://forge.example/new?title=POL-HS-001%20v" + document.meta.version +
                   "&body=Hate%20%26%20speech%3A%20100%25%20policies%2Fhate-speech%2Fhate-speech.es.md%20pt-BR")
    assert unquote(url.split("body=")[1]).startswith("Hate & speech: 100% ")


def test_every_policy_and_process_page_has_both_feedback_links(built_site: Path, public):
    edit = public.config.edit_url
    for document in (*public.policies, *public.processes):
        page = built_site / document.path.removesuffix(".md") / "index.html"
        card = page.read_text("utf-8").split('<div class="pb-card"', 1)[1].split("</div>", 1)[0]
        feedback = re.search(r'<p class="pb-feedback"[^>]*>(.*?)</p>', card, re.S)
        assert feedback, page
        links = dict((text, href) for href, text in re.findall(r'<a class="pb-feedback__\w+" href="([^"]+)">([^<]+)</a>', feedback[1]))
        assert links["Suggest a change"] == f"{edit}/{document.path}"
        report = html.unescape(links["Report a problem with this page"])
        assert report.startswith("https://git.clipwave.example/trust-safety/handbook/-/issues/new?")
        assert f"issue[title]={document.id}%20v{document.meta.version}" in report


def test_an_unknown_placeholder_in_the_feedback_template_is_reported_where_it_is(tmp_handbook):
    settings = tmp_handbook.root / "policybook.yml"
    text = settings.read_text("utf-8")
    settings.write_text(re.sub(r"^feedback_url: .*$", 'feedback_url: "https://forge.example/new?t={ID}"', text, flags=re.M), "utf-8")
    line = next(number for number, content in enumerate(settings.read_text("utf-8").splitlines(), 1)
                if content.startswith("feedback_url:"))
    result = tmp_handbook.cli("check")
    assert result.returncode == 2
    assert f"policybook.yml:{line}:" in result.stderr + result.stdout
    assert "unknown placeholder {ID}" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_no_page_sends_analytics(built_site: Path):
    for page in built_site.rglob("*.html"):
        markup = page.read_text("utf-8")
        assert "googletagmanager" not in markup and "gtag(" not in markup and "__md_analytics" not in markup, page
