"""The search sections found with Lexbor are exactly those Material's search plugin finds."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser
from selectolax.lexbor import LexborHTMLParser

from policybook.rendering.search import sections


def material(html: str) -> list[tuple[str | None, str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.id, "".join(section.title), "".join(section.text)) for section in parser.data]


def ours(html: str) -> list[tuple[str | None, str, str]] | None:
    found = sections(html)
    return None if found is None else [(s.id, "".join(s.title), "".join(s.text)) for s in found]


def test_every_page_of_the_sample_site_gives_the_plugins_sections(built_site):
    pages = sorted(built_site.rglob("*.html"))
    fast = 0
    for page in pages:
        article = LexborHTMLParser(page.read_text("utf-8")).css_first("article")
        if article is None:
            continue
        html = "".join(child.html or "" for child in article.iter(include_text=True))
        found = ours(html)
        if found is not None:
            fast += 1
            assert found == material(html), page
    assert fast >= 0.9 * len(pages)  # the fast path is the rule, not the exception


@pytest.mark.parametrize("html", [
    '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>\n<p>One &amp; <code>two</code></p>\n'
    '<h2 id="a">A <code>x</code></h2><ul>\n<li>item</li>\n<li> </li>\n</ul><p></p>',
    '\n  <p>Before any heading</p>\n<h2 id="later">Later</h2><p>text</p>',
    '<h3 id="first">Not an h1 first</h3><div class="pb-card"><dl><dt>ID</dt><dd><code>POL-HS-001</code></dd></dl></div>',
    '<p>a<!-- hidden -->b</p><pre><code>line 1\n  line 2\n</code></pre><p>x<sub>2</sub> &lt;tag&gt;</p>',
    '<table>\n<thead>\n<tr>\n<th>A</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>',
    '<ol><li><p>one</p><ul><li>nested</li></ul></li><li></li></ol><img alt="x" src="a.png"><br>',
    '<p>svg <svg viewBox="0 0 1 1"><path d="M0"/></svg> icon</p>',
    '<h1 id="t">T</h1><p>intro</p><div lang="en" dir="ltr"><h2 id="a">A</h2><p>in</p></div><p>after the block</p>',
    '<h2>No ID</h2><p>x</p><h2 id="b">B</h2><h2>No ID either</h2><p>y</p>',
    '<h1 id="d">Diagram</h1><pre class="mermaid"><code>flowchart</code></pre>\n<script src="a.js"></script>',
    '<p>x</p><script>var x = 1;</script><p>y</p><style>p { color: red }</style>',
])
def test_written_out_cases_match(html):
    assert ours(html) == material(html)


@pytest.mark.parametrize("html", [
    '<div data-search-exclude><p>hidden</p></div>',
    '<object data="x.svg"><p>fallback</p></object>',
    '<p>x</p><script>var tag = "<p>";</script>',
    '<script>var x = 1;</script><p>x</p>',
    '<table><tr><td>no tbody written</td></tr></table>',
    '<p><div>misnested</div></p>',
    '<pre>\nleading newline</pre>',
])
def test_what_only_the_plugin_handles_is_left_to_it(html):
    assert ours(html) is None
