"""The raw HTML and include scanners (policybook.rawhtml, policybook.includes), property-based first."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policybook.includes import Verdict, find_includes, resolve
from policybook.checks.rawhtml import in_yaml
from policybook.rawhtml import may_hold_script_url, scan_html, scan_markdown, script_url
from policybook.yamldata import load_yaml
from policybook.references import mask_code

SOUP = st.text(alphabet=st.sampled_from(list("<>/=\"'`~![](){}:;&#x6a-on\n script iframe href src javascript 8")), max_size=300)
PLAIN = st.text(alphabet=st.characters(blacklist_characters="`<>[](){}&:\\\r~", blacklist_categories=("Cs", "Cc")), max_size=40)


def _entity(char: str, style: int) -> str:
    return [char, f"&#{ord(char)};", f"&#x{ord(char):x};", f"&#X{ord(char):X};", char.upper()][style]


@given(st.one_of(SOUP, st.text(max_size=300)))
@settings(max_examples=500)
def test_scanning_never_raises_and_findings_point_inside_the_text(markdown):
    for finding in scan_markdown(markdown):
        assert 0 <= finding.offset < len(markdown)
        assert finding.length >= 1
    for finding in scan_html(markdown):
        assert 0 <= finding.offset < len(markdown)


@given(st.one_of(SOUP, st.text(max_size=300)))
@settings(max_examples=300)
def test_masking_keeps_every_offset_and_line(markdown):
    masked = mask_code(markdown, comments=False)
    assert len(masked) == len(markdown)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(markdown) if c == "\n"]


@given(styles=st.lists(st.integers(0, 4), min_size=11, max_size=11), spaces=st.sampled_from(["", " ", "\t", "\x01 "]))
def test_javascript_urls_are_found_however_they_are_spelled(styles, spaces):
    spelled = "".join(_entity(char, style) for char, style in zip("javascript:", styles))
    assert script_url(spaces + spelled + "alert(1)") == "javascript"
    markdown = f'Intro.\n\n<a href="{spaces}{spelled}alert(1)">x</a> and [y]({spelled}alert(1))\n'
    assert [(f.code.code, markdown[f.offset:f.offset + 4]) for f in scan_markdown(markdown)] == [
        ("HTML003", "href"), ("HTML003", spelled[:4]),
    ]


@given(styles=st.lists(st.integers(0, 4), min_size=11, max_size=11),
       others=st.lists(st.text(alphabet=st.sampled_from(list("abc XYZ 019.,;-_/?!'")), max_size=40)
                       | st.sampled_from(["Note: keep it", "09:30 UTC", "https://example.org/x", "a &amp; b"]), max_size=4),
       colon=st.sampled_from([":", "&colon;", "&#58;"]))
def test_front_matter_strings_are_screened_together_without_missing_a_script_url(styles, others, colon):
    spelled = "".join(_entity(char, style) for char, style in zip("javascript", styles)) + colon + "alert(1)"
    strings = [*others, spelled]
    assert script_url(spelled) == "javascript"
    assert may_hold_script_url("\n".join(strings))
    data, _ = load_yaml("".join(f"- {json.dumps(text)}\n" for text in strings), "p.md")
    found = list(in_yaml("p.md", data))
    assert [d.line for d in found if d.code == "HTML003"] == [len(strings)]


def test_most_front_matter_is_screened_out_at_once():
    assert not may_hold_script_url("Remove the post.\nSee 2.1: data retention\nhttps://example.org/a")
    assert may_hold_script_url("Remove\nDATA:text/html,x")


@given(before=st.lists(PLAIN, max_size=5), after=st.lists(PLAIN, max_size=5),
       element=st.sampled_from(["<script>x</script>", "<iframe src=a></iframe>", "<b onclick=x>b</b>", "<STYLE>p{}</STYLE>"]))
def test_an_element_added_to_any_page_is_found_at_its_line_and_column(before, after, element):
    prefix = "\n\n".join(before) + ("\n\n" if before else "")
    markdown = prefix + element + "\n\n" + "\n\n".join(after)
    findings = scan_markdown(markdown)
    assert len(findings) == 1
    offset = findings[0].offset
    assert markdown[:offset].count("\n") == prefix.count("\n")
    assert markdown[offset:].lower().startswith(("<script", "<iframe", "onclick", "<style"))


@given(element=st.sampled_from(["<script>x</script>", '<a href="javascript:x">', "<img src=x onerror=y>"]),
       fence=st.sampled_from(["```", "~~~", "````"]), ticks=st.integers(1, 3))
def test_html_in_code_is_documentation(element, fence, ticks):
    tick = "`" * ticks
    markdown = f"Write {tick}{element}{tick} never.\n\n{fence}html\n{element}\n{fence}\n"
    assert scan_markdown(markdown) == []


def test_unclosed_fences_and_stray_backticks_hide_nothing():
    assert len(scan_markdown("```\n<script>x</script>\n")) == 1
    assert len(scan_markdown("a ` b\n\n<script>x</script>\n\nc ` d\n")) == 1


def test_safe_html_and_links_pass():
    markdown = ('<span id="step-x" class="pb"></span> <b>bold</b> <img src="../assets/a.png" alt="">\n'
                "[a](https://x.example) [b](../x.md#y) ![c](img/c.png) ![d](data:image/png;base64,AAAA)\n"
                "## Heading {#custom .wide }\n<details><summary>More</summary>Text</details>\n")
    assert scan_markdown(markdown) == []


@given(st.one_of(SOUP, st.text(max_size=200)))
def test_include_scanning_never_raises_and_positions_are_on_the_line(markdown):
    lines = markdown.split("\n")
    for include in find_includes(markdown):
        assert 0 <= include.line < len(lines)
        text = lines[include.line]
        assert include.column + include.length <= len(text)


@given(path=st.text(alphabet=st.sampled_from(list("./~\\:ab-_ ")), min_size=1, max_size=30))
def test_include_paths_never_resolve_outside_the_root(path, tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    (root / "a").mkdir()
    (root / "a" / "b").write_text("x")
    verdict = resolve(root, path)
    if verdict is Verdict.inside:
        assert (root / path).resolve().is_relative_to(root.resolve())


def test_symbolic_links_out_of_the_root_count_as_outside(tmp_path: Path):
    outside = tmp_path / "outside.md"
    outside.write_text("secret")
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.md").symlink_to(outside)
    (root / "real.md").write_text("x")
    assert resolve(root, "link.md") is Verdict.outside
    assert resolve(root, "real.md") is Verdict.inside
    assert resolve(root, "nothing.md") is Verdict.missing
    assert resolve(root, "sub/../../outside.md") is Verdict.outside
