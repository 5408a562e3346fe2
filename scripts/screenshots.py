"""Take screenshots of the built handbook for the README (Debian chromium via Playwright).

    .venv/bin/python scripts/screenshots.py [SITE_DIR] [OUT_DIR]

Serves SITE_DIR (default: site) on 127.0.0.1 and writes PNGs into OUT_DIR (default: docs/assets/screenshots).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {
    "policy-page": "policies/hate-speech/hate-speech/",
    "process-page": "processes/user-reports/intake/",
    "process-diagram": "processes/user-reports/specialist-escalation/#steps",
    "policies-index": "policies/",
    "what-changed": "changes/",
    "translation-status": "translations/",
    "arabic-page": "ar/policies/hate-speech/hate-speech/",
    "search-results": "",
}
SEARCHES = {"search-results": "revenge porn"}
"""Shots that type into the search box first: a deprecated synonym finds the glossary entry and the pages."""


def _prepare(page: Page, name: str) -> None:
    """Wait for what the shot must show: rendered diagrams, search results."""
    if page.locator("article pre.mermaid, article div.mermaid").count():
        page.locator("article div.mermaid").first.wait_for(state="visible")
        if "#" in PAGES[name]:  # the diagram moved the anchor down while it rendered
            page.locator(f"#{PAGES[name].split('#')[1]}").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('#' + CSS.escape(location.hash.slice(1))).scrollIntoView()")
    query = SEARCHES.get(name)
    if query:
        page.click("input.md-search__input")
        page.fill("input.md-search__input", query)
        page.press("input.md-search__input", "End")  # Material searches on key events
        page.locator(".md-search-result__item").first.wait_for(state="visible")


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/assets/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the output to the list of files written
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGES.items():
            page.goto(base + path)
            _prepare(page, name)
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
