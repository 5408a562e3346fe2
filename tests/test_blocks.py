"""Generated blocks: HTML exactly as Markdown would make it when the writer's text is plain, the
Markdown itself when it is not, and the comments put back after conversion."""

from __future__ import annotations

import markdown
import pytest

from policybook.rendering import site
from policybook.rendering.blocks import bullets, card, code, html_block, page_link, strong, table, text, unwrap

EXTENSIONS = ["tables", "def_list", "md_in_html", "attr_list", "pymdownx.tilde"]


def converted(lines: list[str]) -> str:
    """What a site generator makes of the block, comments put back."""
    return unwrap(markdown.markdown("\n".join(lines), extensions=EXTENSIONS))[0]


def squeezed(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize("value", ["Trust & Safety", "A reporter's \"reason\"", "50% of cases: sev1 → sev0", "Ünïcode, عربى"])
def test_plain_text_is_written_as_html_that_markdown_would_also_make(value):
    rows = [[text(value), code("sev0")], [strong(text("1.0.0")) + text(" — " + value), text("—")]]
    block = table([text("When"), text("Tier")], rows)
    assert block[1].startswith("<!--policybook-html-")  # a comment for the site generator to skip
    as_markdown = converted(["| When | Tier |", "|---|---|", f"| {value} | `sev0` |", f"| **1.0.0** — {value} | — |"])
    assert squeezed(converted(block)) == squeezed(as_markdown)
    assert '<td data-label="Tier"><code class="pb-nobreak">sev0</code></td>' in as_markdown  # a Markdown table is labelled too


@pytest.mark.parametrize("value", ["**must** act", "`code` here", "see [POL-HS-001][POL-HS-001]", "a &mdash; b",
                                   "line one\n\nline two", "- a list", "~~struck~~", "<b>bold</b>"])
def test_writer_markup_keeps_the_block_in_markdown(value):
    block = bullets([text("Plain"), text(value)])
    assert not any("policybook-html" in line for line in block)
    assert block[1] == f"- {value}"


def test_card_html_matches_the_markdown_definition_list():
    entries = [(text("ID"), code("POL-HS-001")), (text("Owner"), page_link("policies/a/b.md", "teams.md", text("Policy team"), "policy"))]
    html = squeezed(converted(card('class="pb-card"', text("Summary & scope."), entries)))
    assert html == ('<div class="pb-card"><p>Summary &amp; scope.</p><dl><dt>ID</dt><dd><code class="pb-nobreak">POL-HS-001</code></dd>'
                    '<dt>Owner</dt><dd><a href="../../../teams/#policy">Policy team</a></dd></dl></div>')
    fallback = card('class="pb-card"', text("Summary with `code`."), entries)
    assert fallback[0] == '<div class="pb-card" markdown>' and "Owner" in fallback and ":   [Policy team](../../teams.md#policy)" in fallback


def test_blocks_may_open_and_close_around_markdown():
    page = [*html_block(['<div lang="en" dir="ltr">']), "Some **prose**.", *html_block(["</div>"])]
    assert squeezed(converted(page)) == '<div lang="en" dir="ltr"><p>Some <strong>prose</strong>.</p></div>'


def test_unwrap_reports_ids_and_ignores_other_comments():
    content = '<!-- a writer\'s comment -->\n' + "\n".join(html_block(['<p><span id="step-verify"></span>x</p>']))
    html, ids = unwrap(content)
    assert ids == {"step-verify"}
    assert "<!-- a writer's comment -->" in html and '<span id="step-verify">' in html and "policybook-html" not in html


def test_a_page_that_spells_a_marker_gets_no_markup_from_it(sample):
    # The marker is random per process: a writer cannot guess it and smuggle markup past the checks.
    forged = "<!--policybook-html-000000000000\n<script>alert(1)</script>\n-->"
    assert unwrap(forged)[0] == forged


def test_policy_pages_write_their_generated_blocks_as_html(sample):
    document = sample.by_path["policies/hate-speech/hate-speech.md"]
    page = site.render(sample, document.path, document.body)
    assert page.count("<!--policybook-html-") >= 5  # card, enforcement, regions, lists, changelog
    html = unwrap(page)[0]
    assert '<div class="pb-card" data-pb-id="POL-HS-001"' in html
    assert "<th>DSA decision</th>" in html
