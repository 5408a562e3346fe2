"""The built handbook in a real browser, as a moderator uses it: search, languages, banners, tooltips,
diagrams, accessibility, and nothing fetched from anywhere but the handbook's own server.

Debian's Chromium driven by Playwright (installed by `scripts/setup.sh --test`; never `playwright
install`), against the sample handbook built once per run (`built_site`) and served by a static
HTTP server on 127.0.0.1. Every request of the whole browser session is recorded; requests to any
other host are refused and the last test fails on them.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, sync_playwright

from conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / "node_modules/axe-core/axe.min.js"
LOCAL_HOST = "127.0.0.1"
NOT_NETWORK = ("data", "blob", "about")  # schemes that never leave the browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments: object) -> None:  # keep pytest's output to the tests
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # The browser drops connections it no longer needs (a search worker aborting a fetch);
        # a reset pipe is not a failure of the site, so it is not printed over the test output.
        pass


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on a free port of 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL_HOST}:{server.server_port}/"
    server.shutdown()
    thread.join()


class Session:
    """One browser session for the whole module, recording every request it makes."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.requests: list[str] = []
        self.refused: list[str] = []
        context.on("request", self._record)
        context.route("**/*", self._guard)

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in NOT_NETWORK or urlsplit(url).hostname == LOCAL_HOST:
            route.continue_()
        else:  # never let the test run reach the internet; the last test reports it
            self.refused.append(url)
            route.abort()


@pytest.fixture(scope="module")
def session(base_url: str) -> Iterator[Session]:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: run scripts/setup.sh --test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield Session(context)
        context.close()
        browser.close()


@pytest.fixture
def page(session: Session) -> Iterator[Page]:
    tab = session.context.new_page()
    yield tab
    tab.close()


def path_of(url: str) -> str:
    """`http://127.0.0.1:8000/es/policies/x/?h=y#z` -> `/es/policies/x/`."""
    return urlsplit(url).path


def search(page: Page, query: str) -> list[tuple[str, str]]:
    """Type `query` into the search box of the open page: the results as (path#anchor, title), in order.

    Material's search reacts to key events; `fill` types no keys, so a key press follows it
    (STACK-NOTES: non-ASCII text typed with `type()` sends no key events either). The box is
    emptied first and the results waited for, so a second search never reads the first's results.
    """
    box = "input.md-search__input"
    placeholder = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    shows = "text => document.querySelector('.md-search-result__meta').textContent.trim() {} text"
    page.click(box)
    page.fill(box, "")
    page.press(box, "End")
    page.wait_for_function(f"{shows.format('===')}", arg=placeholder)
    page.fill(box, query)
    page.press(box, "End")
    page.wait_for_function(f"{shows.format('!==')}", arg=placeholder)
    found = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link",
        "links => links.map(a => [a.href, (a.querySelector('h1, h2') || a).textContent.trim()])",
    )
    results = []
    for href, title in found:
        url = urlsplit(href)
        results.append((url.path + (f"#{url.fragment}" if url.fragment else ""), title))
    return results


def articles(results: list[tuple[str, str]]) -> list[str]:
    """The pages among search results (sections of a page share its path), in order of first appearance."""
    pages: list[str] = []
    for location, _ in results:
        path = location.split("#")[0]
        if path not in pages:
            pages.append(path)
    return pages


# --- Search ---------------------------------------------------------------------------------------

def test_searching_a_policy_id_finds_that_policy_first_and_opens_it(page: Page, base_url: str, sample):
    page.goto(base_url)
    results = search(page, "POL-HS-001")
    expected = "/" + sample.by_id["POL-HS-001"].path.removesuffix(".md") + "/"
    assert articles(results)[0] == expected, results[:5]
    page.click(".md-search-result__list a.md-search-result__link >> nth=0")
    page.wait_for_url(f"**{expected}*")
    assert page.inner_text("article h1").rstrip("¶ \n") == sample.by_id["POL-HS-001"].meta.title
    assert "POL-HS-001" in page.inner_text(".pb-card")


def test_searching_a_process_id_finds_that_segment_first(page: Page, base_url: str, sample):
    page.goto(base_url + "glossary/")
    results = search(page, "PRC-QA-002")
    assert articles(results)[0] == "/" + sample.by_id["PRC-QA-002"].path.removesuffix(".md") + "/", results[:5]


@pytest.mark.parametrize(("synonym", "entry", "policy"), [
    ("revenge porn", "ncii", "POL-PD-002"),
    ("shadowban", "visibility-reduction", None),
])
def test_searching_a_deprecated_synonym_finds_its_glossary_entry_and_policy(page: Page, base_url: str, sample,
                                                                               synonym, entry, policy):
    page.goto(base_url)
    results = search(page, synonym)
    locations = [location for location, _ in results]
    # The glossary comes first, at the entry that says which word to use instead.
    assert articles(results)[0] == "/glossary/", results[:5]
    assert f"/glossary/#{entry}" in locations
    if policy is not None:
        assert "/" + sample.by_id[policy].path.removesuffix(".md") + "/" in articles(results)


@pytest.mark.parametrize(("query", "identifier"), [("doxxing", "POL-PD-001"), ("calibration", "PRC-QA-002")])
def test_a_page_titled_with_the_query_ranks_above_pages_that_mention_it(page: Page, base_url: str, sample,
                                                                       query, identifier):
    page.goto(base_url)
    results = search(page, query)
    assert len(articles(results)) > 2  # other pages mention it too
    assert articles(results)[0] == "/" + sample.by_id[identifier].path.removesuffix(".md") + "/", results[:5]


def test_search_inside_a_locale_searches_that_locale_only(page: Page, base_url: str, sample):
    page.goto(base_url + "es/")
    results = search(page, "acoso")  # Spanish for harassment
    assert results and all(location.startswith("/es/") for location, _ in results), results
    assert articles(results)[0] == "/es/policies/harassment/harassment-and-bullying/"
    assert results[0][1] == "Acoso e intimidación"
    # Pages not translated into Spanish are found too, in English, inside the Spanish site.
    results = search(page, "POL-PD-001")
    assert articles(results)[0] == "/es/policies/privacy/doxxing/", results[:5]
    # The French translation of a page is not in the Spanish site's index.
    assert search(page, "harcèlement") == []


# --- Languages ------------------------------------------------------------------------------------

def switch_language(page: Page, language: str) -> None:
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link[hreflang='{language}']")
    page.wait_for_load_state()


def test_switching_language_lands_on_the_same_page(page: Page, base_url: str):
    page.goto(base_url + "policies/privacy/doxxing/")
    switch_language(page, "es")
    assert path_of(page.url) == "/es/policies/privacy/doxxing/"
    assert page.get_attribute("html", "lang") == "es"
    switch_language(page, "ar")
    assert path_of(page.url) == "/ar/policies/privacy/doxxing/"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    switch_language(page, "en")
    assert path_of(page.url) == "/policies/privacy/doxxing/"


def test_an_outdated_translation_says_so_on_top(page: Page, base_url: str):
    page.goto(base_url + "es/policies/scams-fraud/scams/")
    banner = page.locator("article .admonition.pb-l10n.warning").first
    assert banner.is_visible()
    assert banner.locator(".admonition-title").inner_text().strip() == "Traducción desactualizada"
    # It sits right below the title, before the card: the first thing a reader sees.
    first = page.evaluate("() => document.querySelector('article h1').nextElementSibling.className")
    assert "pb-l10n" in first


def test_an_untranslated_page_says_so_in_the_readers_language(page: Page, base_url: str):
    page.goto(base_url + "es/policies/privacy/doxxing/")
    banner = page.locator("article .admonition.pb-l10n.info").first
    assert banner.is_visible()
    assert banner.locator(".admonition-title").inner_text().strip() == "Aún sin traducir"
    assert page.locator("article [lang='en']").count() > 0  # the English text is marked English


# --- Page furniture -------------------------------------------------------------------------------

def test_a_glossary_term_shows_its_definition_in_a_tooltip(page: Page, base_url: str, sample):
    page.goto(base_url + "policies/hate-speech/hate-speech/")
    term = page.locator("article a[href*='glossary/#hate-speech']").first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    definition = next(e.definition for e in sample.glossaries["en"].entries if e.id == "hate-speech")
    shown = " ".join(tooltip.inner_text().split())
    assert len(shown) > 40 and " ".join(definition.split()).startswith(shown)  # its first sentence


def test_a_process_diagram_is_rendered(page: Page, base_url: str):
    page.goto(base_url + "processes/user-reports/intake/")
    diagram = page.locator("article div.mermaid").first
    diagram.wait_for(state="visible")
    # Mermaid draws into a closed shadow root: the rendered box is what a test can see.
    assert diagram.bounding_box()["height"] > 100
    assert page.locator("article pre.mermaid").count() == 0  # every diagram was rendered


def test_policy_pages_offer_suggest_a_change_and_report_a_problem(page: Page, base_url: str, sample):
    document = sample.by_id["POL-HS-001"]
    page.goto(base_url + "es/policies/hate-speech/hate-speech/")
    edit = page.get_by_role("link", name="Sugerir un cambio")
    report = page.get_by_role("link", name="Informar de un problema en esta página")
    assert edit.is_visible() and report.is_visible()
    assert edit.get_attribute("href").endswith("/policies/hate-speech/hate-speech.es.md")  # the file read here
    href = report.get_attribute("href")
    assert f"POL-HS-001%20v{document.meta.version}" in href and "(es%2C%20" in href


def test_what_changed_is_in_navigation_and_lists_the_newest_change_first(page: Page, base_url: str, sample):
    from policybook.changelog import changes
    newest = changes(sample)[0]
    page.goto(base_url + "es/")
    page.get_by_role("link", name="Qué ha cambiado").first.click()
    page.wait_for_url("**/es/changes/")
    first_row = page.locator("article table tbody tr").first
    assert newest.document.id in first_row.inner_text()
    assert page.locator("head link[type='application/atom+xml']").get_attribute("href") == "../changes.xml"


# --- The reader's language -------------------------------------------------------------------------

def test_an_untranslated_field_on_an_arabic_page_keeps_its_punctuation_in_order(page: Page, base_url: str):
    # The British statute has no Arabic title: it is shown as written, in English, inside an Arabic row.
    page.goto(base_url + "ar/policies/child-safety/child-sexual-exploitation/")
    law = page.locator("article td span[lang=en]", has_text="Online Safety Act 2023").first
    law.scroll_into_view_if_needed()
    layout = law.evaluate("""element => {
        const text = element.firstChild, range = document.createRange();
        const box = (start) => { range.setStart(text, start); range.setEnd(text, start + 1); return range.getBoundingClientRect(); };
        const last = box(text.length - 1), before = box(text.length - 2);
        return {text: text.data, bidi: getComputedStyle(element).unicodeBidi, direction: getComputedStyle(element).direction,
                lastLeft: last.left, beforeLeft: before.left, sameLine: Math.abs(last.top - before.top) < 2,
                page: getComputedStyle(element.parentElement).direction};
    }""")
    assert layout["page"] == "rtl" and layout["direction"] == "ltr" and layout["bidi"] == "isolate"
    assert layout["text"].endswith("content)")
    # The closing parenthesis stays at the end of the English run: to the right of the letter before it.
    assert layout["sameLine"] and layout["lastLeft"] > layout["beforeLeft"], layout


def test_spanish_navigation_labels_are_spanish(page: Page, base_url: str):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base_url + "es/policies/hate-speech/hate-speech/")
    labels = page.locator("nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > label, "
                          "nav.md-nav--primary > ul > li > div > a").all_inner_texts()
    labels = {" ".join(label.split()) for label in labels if label.strip()}
    for spanish in ("Inicio", "Políticas", "Procesos", "Equipos", "Matriz de escalado", "Glosario"):
        assert spanish in labels, labels
    for english in ("Home", "Policies", "Processes", "Teams", "Escalation matrix", "Glossary", "For writers"):
        assert english not in labels, labels
    assert page.locator("header .md-header__topic").first.inner_text().strip() != "Clipwave Trust & Safety Handbook"


# --- Accessibility --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "policies/hate-speech/hate-speech/",          # a policy page
    "processes/user-reports/intake/",             # a process page with a diagram
    "glossary/",
    "translations/",                              # the translation coverage dashboard
    "ar/policies/hate-speech/hate-speech/",       # right to left
    "ar/policies/child-safety/child-sexual-exploitation/",  # right to left, with fields shown in English
    "es/policies/hate-speech/hate-speech/",       # a translation, its navigation in Spanish
    "changes/",
])
def test_no_serious_or_critical_accessibility_violations(page: Page, base_url: str, path: str):
    page.goto(base_url + path)
    if page.locator("article .mermaid").count():
        page.locator("article div.mermaid").first.wait_for(state="visible")
    page.add_script_tag(content=AXE.read_text("utf-8"))  # inline: the page fetches nothing for it
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


# --- Offline and private (keep last: it checks the whole session) --------------------------------

def test_no_request_of_the_session_leaves_127_0_0_1(page: Page, base_url: str, session: Session):
    # Also exercised here, so the test means something when run alone: search in two languages
    # (the search worker loads its language support), a diagram, a right-to-left page.
    for start, query in (("ar/", "POL-HS-001"), ("de/", "Belästigung")):
        page.goto(base_url + start)
        search(page, query)
    page.goto(base_url + "processes/appeals/appeal-review/")
    page.locator("article div.mermaid").first.wait_for(state="visible")
    assert session.refused == []
    outside = [url for url in session.requests
               if urlsplit(url).scheme not in NOT_NETWORK and urlsplit(url).hostname != LOCAL_HOST]
    assert outside == []
    # The recording sees what the pages load by themselves, the search worker's imports included.
    loaded = {path_of(url).rsplit("/", 1)[-1] for url in session.requests}
    assert {"search_index.json", "lunr.stemmer.support.min.js", "lunr.de.min.js", "mermaid.min.js"} <= loaded
    assert any(name.startswith("search.") and name.endswith(".min.js") for name in loaded)  # the worker
