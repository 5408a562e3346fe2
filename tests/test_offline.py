"""The built handbook read without a web server of its own: opened from disk, or served by `policybook serve`.

From disk (`file:///.../site/index.html`), every internal link must reach a page, not a folder
listing, in every language, and the place of search must say how to get it; served, the same pages
keep their clean folder addresses and their search. `policybook serve` is run as readers run it, in
a subprocess, and stopped with Ctrl-C (SIGINT). Debian's Chromium through Playwright, as in
`test_browser.py`; any request that is not for a file of the site fails the test that made it.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import REPO, run_cli
from test_browser import AXE, CHROMIUM, CHROMIUM_ARGS

MESSAGES = REPO / "src/policybook/data/messages"
NOTICE_LABEL = "Search unavailable"


def _labels(locale: str) -> dict[str, str]:
    """The `labels:` of a message catalogue, English text to translation (English to itself)."""
    labels = yaml.safe_load((MESSAGES / f"{locale}.yaml").read_text("utf-8"))["labels"]
    return {label: label for label in labels} if isinstance(labels, list) else labels


NOTICE_TEXT = next(label for label in _labels("en") if label.startswith("Search works only when"))


# --- From disk -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: run scripts/setup.sh --test"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    elsewhere: list[str] = []
    tab.on("request", lambda request: None if _on_this_computer(request.url) else elsewhere.append(request.url))
    yield tab
    context.close()
    assert elsewhere == [], f"the page asked for {elsewhere}"


def _on_this_computer(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname == "127.0.0.1"


def disk_url(site: Path, relative: str) -> str:
    return (site / relative).as_uri()


def on_disk(url: str) -> Path:
    """The file a `file:` address names, without its fragment."""
    return Path(unquote(urlsplit(url).path))


def internal_links(page: Page) -> list[str]:
    """The resolved address of every link of the page to a file of this computer."""
    return page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href).filter(h => h.startsWith('file:'))")


def assert_a_page(page: Page, site: Path, locale: str) -> None:
    """The tab shows a page of the handbook in `locale`, not a folder listing."""
    page.wait_for_load_state("domcontentloaded")
    assert page.url.split("#")[0].endswith("/index.html"), page.url
    assert on_disk(page.url).is_file() and on_disk(page.url).is_relative_to(site), page.url
    assert page.locator("article.md-content__inner h1").count() == 1, page.url
    assert page.evaluate("document.documentElement.lang") == locale


@pytest.mark.parametrize("relative", [
    "index.html",
    "policies/hate-speech/hate-speech/index.html",        # a policy: card, generated blocks, cross-references
    "processes/user-reports/intake/index.html",          # a process segment: steps, diagram
    "es/index.html",
    "es/escalation-matrix/index.html",
    "fr/glossary/index.html",
    "de/translations/index.html",
    "pt-BR/changes/index.html",
    "ar/policies/child-safety/child-sexual-exploitation/index.html",  # right to left
    "ar/reference/commands/index.html",
])
def test_every_link_of_a_page_opened_from_disk_reaches_a_file(page: Page, built_site: Path, relative: str):
    written = (built_site / relative).read_text("utf-8")
    # The page as built links folders; the browser, from disk, is pointed at their pages.
    assert re.search(r'<a [^>]*href="(\.\./)*[\w-]+/"', written), "expected folder links in the built page"
    page.goto(disk_url(built_site, relative))
    links = internal_links(page)
    assert len(links) > 30
    folders = [link for link in links if urlsplit(link).path.endswith("/")]
    assert folders == []
    missing = sorted({link for link in links if not on_disk(link).is_file()})
    assert missing == []


def test_navigation_content_footer_and_language_switcher_reach_pages_from_disk(page: Page, built_site: Path):
    page.goto(disk_url(built_site, "index.html"))
    assert_a_page(page, built_site, "en")
    # Navigation.
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Teams").first.click()
    assert_a_page(page, built_site, "en")
    assert page.url == disk_url(built_site, "teams/index.html")
    page.go_back()
    # Content: a glossary entry, then a cross-reference to a process by its ID.
    page.locator("article a[href^='glossary/']", has_text="glossary").first.click()
    assert_a_page(page, built_site, "en")
    assert page.url == disk_url(built_site, "glossary/index.html")
    page.go_back()
    page.locator("article a.autorefs-internal", has_text="threat assessment").first.click()
    assert_a_page(page, built_site, "en")
    assert page.url == disk_url(built_site, "processes/law-enforcement/threat-assessment/index.html") + "#PRC-LE-001"
    # Footer: the next page.
    next_page = page.locator("a.md-footer__link--next")
    expected = next_page.evaluate("a => a.href")
    next_page.click()
    assert_a_page(page, built_site, "en")
    assert page.url == expected
    page.go_back()
    # The language switcher keeps the reader on the same page, from one translation to another
    # too (the theme would look for it in a sitemap that a browser cannot read from disk).
    for locale in ("es", "fr", "ar", "en"):
        page.locator(".md-select").hover()
        page.locator(f"a.md-select__link[hreflang='{locale}']").click()
        assert_a_page(page, built_site, locale)
        prefix = "" if locale == "en" else f"{locale}/"
        assert page.url == disk_url(built_site, f"{prefix}processes/law-enforcement/threat-assessment/index.html")


def test_links_added_after_loading_are_pointed_at_pages_too(page: Page, built_site: Path):
    page.goto(disk_url(built_site, "es/index.html"))
    href = page.evaluate("""() => {
        const a = document.createElement('a');
        a.href = 'glossary/#csam';
        document.querySelector('article').append(a);
        return new Promise(done => setTimeout(() => done(a.getAttribute('href')), 50));
    }""")
    assert href == "glossary/index.html#csam"


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize("width", [390, 1440])
def test_search_says_in_the_readers_language_why_it_is_missing_from_disk(page: Page, built_site: Path, locale: str,
                                                                         width: int):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(disk_url(built_site, f"{locale}/policies/hate-speech/hate-speech/index.html"))
    labels = _labels(locale)
    notice = page.locator(".pb-offline-search")
    summary = notice.locator("summary")
    assert summary.is_visible()
    # Its name at every width; written out where the theme has room for a search field (60em).
    assert summary.evaluate("s => s.textContent.trim()") == labels[NOTICE_LABEL]
    label = notice.locator(".pb-offline-search__label").bounding_box()
    assert label is not None and (label["width"] > 50 if width >= 960 else label["width"] <= 1)
    assert page.locator(".md-search").is_hidden()  # the theme hides its search from disk...
    assert page.locator("label.md-header__button[for=__search]").is_hidden()  # ... and no button leads to it
    # Keyboard only: open, read, close.
    summary.focus()
    page.keyboard.press("Enter")
    text = notice.locator(".pb-offline-search__text")
    assert text.is_visible()
    before, after = labels[NOTICE_TEXT].split("{command}")
    assert text.inner_text() == f"{before}policybook serve{after}"
    box = text.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.add_script_tag(content=AXE.read_text("utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document.querySelector('header'), {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)")
    assert violations == []
    page.keyboard.press("Escape")
    assert text.is_hidden()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


# --- policybook serve ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`policybook serve` running in a subprocess; `stop()` presses Ctrl-C."""

    def __init__(self, site: Path, port: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "policybook.cli.main", "serve", "--site-dir", str(site), "--port", str(port)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.said = [self.process.stdout.readline().rstrip("\n")]  # printed once the port is open
        assert self.said[0].startswith("policybook: serving"), self.said[0] + self.process.stderr.read()
        self.address = re.search(r"at (http://\S+/)", self.said[0])[1]

    def lines(self, count: int) -> list[str]:
        assert self.process.stdout is not None
        return [self.process.stdout.readline().rstrip("\n") for _ in range(count)]

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGINT)
        rest, errors = self.process.communicate(timeout=10)
        return self.process.returncode, rest, errors


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[Served]:
    server = Served(built_site, free_port())
    yield server
    if server.process.poll() is None:
        server.stop()


def test_serve_prints_every_locale_and_serves_its_pages(served: Served, sample):
    locales = sample.config.locale_codes
    assert len(locales) > 2
    listed = served.lines(len(locales))
    assert [line.split() for line in listed] == [
        [locale, served.address + ("" if locale == sample.config.source_locale else f"{locale}/")] for locale in locales]
    status, home = fetch(served.address)
    assert status == 200 and '<html lang="en"' in home
    status, spanish = fetch(served.address + "es/")
    assert status == 200 and '<html lang="es"' in spanish
    status, arabic = fetch(served.address + "ar/policies/hate-speech/hate-speech/")
    assert status == 200 and '<html lang="ar"' in arabic
    assert fetch(served.address + "policies")[0] == 200  # redirected to the folder's page


def test_serve_answers_a_missing_page_with_the_sites_own_404_page_and_lists_no_folder(served: Served):
    status, page = fetch(served.address + "es/no-such-page/")
    assert status == 404 and '<html lang="es"' in page
    status, page = fetch(served.address + "assets/")  # a folder without a page: never a listing
    assert status == 404 and "Directory listing" not in page and '<html lang="en"' in page


def test_a_served_page_keeps_its_folder_links_its_alternates_and_its_search(page: Page, served: Served, sample):
    page.goto(served.address + "es/")
    links = page.evaluate("[...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')].map(a => a.getAttribute('href'))")
    assert "policies/" in links and not any(link.endswith("index.html") for link in links)
    assert page.locator("link[rel=alternate][hreflang]").count() == len(sample.config.locale_codes)
    assert page.locator(".pb-offline-search").is_hidden()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("POL-HS-001")
    page.locator("input.md-search__input").press("End")
    page.locator(".md-search-result__item").first.wait_for()


def test_serve_stops_cleanly_on_ctrl_c(built_site: Path):
    server = Served(built_site, free_port())
    assert fetch(server.address)[0] == 200
    status, rest, errors = server.stop()
    assert status == 0, errors
    assert rest.rstrip().endswith("policybook: stopped")
    assert "Traceback" not in errors
    with pytest.raises(OSError):  # the port is closed
        urllib.request.urlopen(server.address, timeout=2)


def test_serve_without_a_built_site_says_so(tmp_path: Path):
    result = run_cli("serve", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"policybook: no built site at {tmp_path / 'site'}: run `policybook build` first, "
                                     "or name it with --site-dir")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/notes.txt").write_text("not a site", "utf-8")
    result = run_cli("serve", "--site-dir", "site", cwd=tmp_path)  # relative: in the current folder, outside a handbook
    assert result.returncode == 2
    assert result.stderr.startswith(f"policybook: {tmp_path / 'site'} has no index.html")
    assert len(result.stderr.splitlines()) == 1


def test_serve_on_a_port_in_use_says_so(built_site: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--site-dir", str(built_site), "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"policybook: cannot serve on 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1


# --- The build names both ------------------------------------------------------------------------

def test_the_build_says_how_to_read_the_site_and_serve_lists_the_locales_it_built(tmp_path: Path):
    site = tmp_path / "site"
    result = run_cli("build", "--site-dir", str(site), "--locale", "ar", "--locale", "en")
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert re.fullmatch(
        r"policybook: built 2 locales \(ar, en\) for everyone \(no restricted content\) in [\d.]+ s "
        + re.escape(f"into {site}; open {site / 'index.html'} from disk, or run `policybook serve --site-dir {site}` "
                    "for search"), last), last
    server = Served(site, 0)  # any free port: the address printed names it
    try:
        assert [line.split() for line in server.lines(2)] == [["en", server.address], ["ar", server.address + "ar/"]]
    finally:
        assert server.stop()[0] == 0


def test_the_command_line_reference_documents_serve(built_site: Path):
    page = (built_site / "reference/commands/index.html").read_text("utf-8")
    section = page[page.index('id="serve"'):]
    section = re.sub(r"<[^>]+>", "", section[:section.index("<h3")])  # the text a reader sees
    assert "policybook serve [-h] [--site-dir SITE_DIR] [--port PORT]" in section
    assert "--site-dir\nSITE_DIR\nthe built site" in section and "--port\nPORT\nthe port on 127.0.0.1" in section
    assert 'href="#serve"' in page  # listed among the commands
