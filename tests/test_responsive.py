"""Every page kind readable from a 360 px phone to a desktop: no sideways scroll, no table hiding
columns, IDs and codes never broken inside, right to left mirrored, progress bars with contrast.

Debian's Chromium driven by Playwright (as tests/test_browser.py), against the sample handbook built
once per run (`built_site`) and served on 127.0.0.1; the markup helpers that make it possible
(`policybook.rendering.narrow`) are tested on their own first.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import REPO
from policybook.rendering.narrow import fit, keep_codes_whole, label_cells

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / "node_modules/axe-core/axe.min.js"
WIDTHS = (360, 390, 480, 1440)
PAGE_KINDS = {
    "policy": "policies/hate-speech/hate-speech/",
    "process": "processes/user-reports/intake/",
    "process with escalations": "processes/user-reports/specialist-escalation/",
    "workflow": "processes/user-reports/",
    "policies index": "policies/",
    "by severity": "policies/by-severity/",
    "by DSA category": "policies/by-dsa-category/",
    "teams": "teams/",
    "escalation matrix": "escalation-matrix/",
    "glossary": "glossary/",
    "translation dashboard": "translations/",
    "what changed": "changes/",
    "front-matter reference": "reference/front-matter/",
    "Arabic policy": "ar/policies/hate-speech/hate-speech/",
    "English page in the Arabic site": "ar/policies/privacy/doxxing/",
    "Arabic glossary": "ar/glossary/",
}

# --- The markup ------------------------------------------------------------------------------------


def test_a_markdown_table_gets_the_label_of_its_column_on_every_cell():
    table = ('<table>\n<thead>\n<tr>\n<th>Action</th>\n<th style="text-align: center;">DSA <code>code</code></th>\n</tr>\n'
             '</thead>\n<tbody>\n<tr>\n<td>Remove</td>\n<td style="text-align: center;">x</td>\n</tr>\n'
             '<tr class="pb-field">\n<td>Warn &amp; label</td>\n<td>y</td>\n</tr>\n</tbody>\n</table>')
    labelled = label_cells(table)
    assert labelled.count('data-label="Action"') == 2 and labelled.count('data-label="DSA code"') == 2
    assert '<td style="text-align: center;" data-label="DSA code">x</td>' in labelled
    assert label_cells(labelled) == labelled  # labelled tables are left alone
    assert label_cells("<table><tbody><tr><td>a</td></tr></tbody></table>") == "<table><tbody><tr><td>a</td></tr></tbody></table>"


@pytest.mark.parametrize(("code", "expected"), [
    ("POL-HB-001", '<code class="pb-nobreak">POL-HB-001</code>'),
    ("DECISION_VISIBILITY_CONTENT_REMOVED", '<code class="pb-breaks">DECISION_<wbr>VISIBILITY_<wbr>CONTENT_<wbr>REMOVED</code>'),
    ("policies/hate-speech/hate-speech.md",
     '<code class="pb-breaks">policies/<wbr><span class="pb-nobreak">hate-speech/</span><wbr>'
     '<span class="pb-nobreak">hate-speech.md</span></code>'),
    ("policybook.rendering.narrow", '<code class="pb-breaks">policybook.<wbr>rendering.<wbr>narrow</code>'),
    ("policybook.yml", '<code class="pb-nobreak">policybook.yml</code>'),  # never before a file's extension
    ("1.3.0", '<code class="pb-nobreak">1.3.0</code>'),  # nor inside a version
    ("policybook l10n status --fail-under",
     '<code class="pb-breaks">policybook l10n status <span class="pb-nobreak">--fail-under</span></code>'),
    ("a_very_long_identifier_without_any_break_point_at_all".replace("_", ""),  # too long to keep whole
     "<code>averylongidentifierwithoutanybreakpointatall</code>"),
])
def test_codes_break_only_between_words_or_after_an_underscore_a_slash_or_a_dot(code, expected):
    assert keep_codes_whole(f"<p>See <code>{code}</code>.</p>") == f"<p>See {expected}.</p>"


def test_code_blocks_attributes_and_diagrams_are_left_alone():
    content = ('<pre class="mermaid"><code>flowchart TD\n  a-b["POL-HS-001"]</code></pre>'
               '<a href="x" title="POL-HS-001 Hate speech">POL-HS-001 Hate speech</a>')
    assert fit(content) == ('<pre class="mermaid"><code>flowchart TD\n  a-b["POL-HS-001"]</code></pre>'
                            '<a href="x" title="POL-HS-001 Hate speech"><span class="pb-nobreak">POL-HS-001</span> Hate speech</a>')


# --- In the browser ---------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a connection the browser dropped is not a failure of the site


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: run scripts/setup.sh --test"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open(browser: Browser, url: str, width: int, scheme: str = "light") -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                  else route.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return page


FIT = """() => {
  const content = document.querySelector('.md-content__inner').getBoundingClientRect();
  const tables = [];
  for (const table of document.querySelectorAll('.md-typeset table:not(.highlighttable table)')) {
    if (!table.offsetParent) continue;  // in a closed <details>
    const box = table.getBoundingClientRect();
    const frame = table.closest('.md-typeset__scrollwrap') || table.parentElement;
    const hidden = Math.max(frame.scrollWidth - frame.clientWidth, table.scrollWidth - table.clientWidth,
                            box.right - content.right - 16, content.left - box.left - 16);  // the theme's wrapper bleeds 0.8rem
    if (hidden > 1) tables.push(`${Math.round(hidden)} px hidden: ${table.querySelector('th')?.textContent}`);
  }
  // A line break inside a code or an ID is allowed only after a space, an underscore, a slash or a dot.
  const broken = [];
  for (const element of document.querySelectorAll('.md-typeset :not(pre) > code, .md-typeset .pb-nobreak')) {
    const range = document.createRange();
    const lines = [''];
    let top = null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top !== null && rect.top - top > 3) lines.push('');
        top = rect.top;
        lines[lines.length - 1] += node.data[i];
      }
    }
    if (lines.slice(0, -1).some((line, i) => !/[\\s_\\/.]$/.test(line) && !/^\\s/.test(lines[i + 1]))) broken.push(lines.join('|'));
  }
  return {overflow: document.documentElement.scrollWidth - innerWidth, tables, broken};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_page_scrolls_sideways_hides_table_columns_or_breaks_a_code(browser: Browser, base_url: str, kind: str, width: int):
    page = _open(browser, base_url + PAGE_KINDS[kind], width)
    try:
        found = page.evaluate(FIT)
    finally:
        page.context.close()
    assert found["overflow"] <= 0, f"{kind} at {width} px scrolls sideways by {found['overflow']} px"
    assert found["tables"] == [], f"{kind} at {width} px"
    assert found["broken"] == [], f"{kind} at {width} px"


def test_tables_stack_into_labelled_lists_on_a_phone_and_stay_tables_on_a_desktop(browser: Browser, base_url: str):
    url = base_url + PAGE_KINDS["policy"]
    cell = "#policy-enforcement ~ * table td"
    phone = _open(browser, url, 390)
    try:
        first = phone.locator(cell).first
        assert first.evaluate("td => getComputedStyle(td).display") == "flow-root"
        assert first.evaluate("td => getComputedStyle(td, '::before').content") == '"Action"'
        assert phone.locator("#policy-enforcement ~ * table thead").first.evaluate(
            "head => head.getBoundingClientRect().width <= 1")  # out of sight, still there for screen readers
    finally:
        phone.context.close()
    desktop = _open(browser, url, 1440)
    try:
        first = desktop.locator(cell).first
        assert first.evaluate("td => getComputedStyle(td).display") == "table-cell"
        assert first.evaluate("td => getComputedStyle(td, '::before').content") == "none"
    finally:
        desktop.context.close()


def test_the_card_accent_bar_is_on_the_side_the_text_starts_from(browser: Browser, base_url: str):
    for path, side, other in ((PAGE_KINDS["policy"], "left", "right"), (PAGE_KINDS["Arabic policy"], "right", "left")):
        page = _open(browser, base_url + path, 390)
        try:
            widths = page.locator(".pb-card").first.evaluate(
                f"card => [getComputedStyle(card).border{side.title()}Width, getComputedStyle(card).border{other.title()}Width]")
        finally:
            page.context.close()
        assert widths == ["4px", "1px"], (path, widths)


def _luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_progress_bars_are_named_show_their_figure_and_have_contrast(browser: Browser, base_url: str, scheme: str):
    page = _open(browser, base_url + PAGE_KINDS["translation dashboard"], 1440, scheme)
    try:
        meters = page.locator("article meter.pb-meter")
        assert meters.count() > 5  # one per language, and one per area and language
        first = meters.first
        assert first.get_attribute("aria-label") and int(first.get_attribute("value")) <= int(first.get_attribute("max"))
        assert " of " in first.evaluate("meter => meter.nextElementSibling.textContent")  # the figure, as text
        colours = first.evaluate("""meter => {
            const probe = document.createElement('span');
            meter.after(probe);
            const colour = name => { probe.style.color = getComputedStyle(meter).getPropertyValue(name); return getComputedStyle(probe).color; };
            const result = [colour('--pb-meter-fill'), colour('--pb-meter-track'), colour('--pb-meter-edge'),
                            getComputedStyle(document.body).backgroundColor];
            probe.remove();
            return result;
        }""")
    finally:
        page.context.close()
    fill, track, edge, background = colours
    assert _contrast(fill, track) >= 3 and _contrast(fill, background) >= 3, colours
    assert _contrast(edge, background) >= 3, colours


@pytest.mark.parametrize("path", [PAGE_KINDS["glossary"], PAGE_KINDS["Arabic glossary"]])
def test_the_glossary_jump_bar_leads_to_each_letters_section(browser: Browser, base_url: str, path: str):
    page = _open(browser, base_url + path, 390)
    try:
        links = page.locator("nav.pb-letters a")
        letters = links.all_inner_texts()
        assert len(letters) > 10 and len(set(letters)) == len(letters)
        sections = page.locator("article h2[id^='letter-']").evaluate_all("hs => hs.map(h => h.firstChild.textContent.trim())")
        assert sections == letters
        links.nth(3).click()
        assert page.evaluate("decodeURIComponent(location.hash)") == f"#letter-{letters[3].lower()}"
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("kind", ["glossary", "translation dashboard", "workflow", "Arabic policy"])
def test_no_serious_accessibility_violation_at_either_width(browser: Browser, base_url: str, kind: str, width: int):
    page = _open(browser, base_url + PAGE_KINDS[kind], width)
    try:
        page.add_script_tag(content=AXE.read_text("utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    finally:
        page.context.close()
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
