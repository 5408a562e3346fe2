"""Take screenshots of every page kind of the built handbook, narrow and wide (Debian chromium via Playwright).

    .venv/bin/python scripts/screenshots.py [SITE_DIR] [OUT_DIR]

Serves SITE_DIR (default: site) on 127.0.0.1 and writes PNGs into OUT_DIR (default: docs/assets/screenshots):
`<kind>.png` at 1440 CSS px wide (a desktop beside nothing) and `<kind>-390.png` at 390 px (a phone, or the
panel beside the review tool). Look at every one before a change to a page kind lands.
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
    "spanish-process": "es/processes/user-reports/intake/",
    "workflow-page": "processes/user-reports/",
    "escalation-matrix": "escalation-matrix/",
    "teams": "teams/",
    "glossary": "glossary/",
    "arabic-glossary": "ar/glossary/",
    "search-results": "",
}
WIDTHS = (1440, 390)
"""The widths every page kind is shot at."""
SEARCHES = {"search-results": "revenge porn"}
"""Shots that type into the search box first: a deprecated synonym finds the glossary entry and the pages."""


def _prepare(page: Page, name: str) -> None:
    """Wait for what the shot must show: rendered diagrams, search results."""
    if page.locator("article figure.pb-flowchart").count():
        # Drawn by our flowchart script, which marks each figure with the layout it chose for the width.
        page.locator("article figure.pb-flowchart[data-pb-mode]").first.wait_for(state="attached")
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
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
            for name, path in PAGES.items():
                if width < 600 and name in SEARCHES:  # the phone's search is a full-screen overlay: shot wide only
                    continue
                page.goto(base + path)
                _prepare(page, name)
                target = out / (f"{name}.png" if width == WIDTHS[0] else f"{name}-{width}.png")
                page.screenshot(path=str(target))
                print(target)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
