"""The reference scanner (policybook.references), including property-based tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policybook.anchors import page_anchors
from policybook.references import RefKind, scan

IDS = st.from_regex(r"(POL|PRC)-[A-Z]{2,3}-[0-9]{3}", fullmatch=True)
WORDS = st.text(alphabet=st.characters(blacklist_characters="`[]()\n\\<>~", blacklist_categories=("Cs",)), max_size=30)


@given(st.text(max_size=400))
@settings(max_examples=400)
def test_scanner_never_crashes_and_positions_are_inside_the_text(markdown):
    lines = markdown.split("\n")
    for ref in scan(markdown, first_line=5):
        assert 5 <= ref.line < 5 + len(lines)
        assert 1 <= ref.column <= len(lines[ref.line - 5]) + 1
        assert markdown.split("\n")[ref.line - 5][ref.column - 1] == "["


@given(st.text(alphabet="[]()`~#\n POL-HS001abc:!\\<>-", max_size=300))
@settings(max_examples=400)
def test_scanner_never_crashes_on_markdown_punctuation_soup(markdown):
    scan(markdown)
    page_anchors(markdown)


@given(before=WORDS, identifier=IDS, text=WORDS, after=WORDS, ticks=st.integers(1, 3))
def test_references_inside_code_spans_are_never_reported(before, identifier, text, after, ticks):
    fence = "`" * ticks
    markdown = f"{before} {fence}[{text}][{identifier}]{fence} {after}"
    assert scan(markdown) == []


@given(identifier=IDS, text=WORDS, fence=st.sampled_from(["```", "~~~", "````"]), info=st.sampled_from(["", "markdown", "yaml"]),
       indent=st.sampled_from(["", "    "]))
def test_references_inside_fenced_code_are_never_reported(identifier, text, fence, info, indent):
    markdown = f"Intro.\n\n{indent}{fence}{info}\n{indent}[{text}][{identifier}] [x](y.md)\n{indent}{fence}\n\nAfter."
    assert scan(markdown) == []


@given(identifier=IDS, text=WORDS.filter(lambda t: t.strip()), prefix=WORDS.filter(lambda t: not t.endswith("!")))  # "![" starts an image
def test_references_outside_code_are_reported_at_their_column(identifier, text, prefix):
    markdown = f"line one\n{prefix}[{text}][{identifier}] and `[{text}][{identifier}]`"
    refs = scan(markdown, first_line=10)
    assert [(r.kind, r.target, r.line, r.column) for r in refs] == [(RefKind.id, identifier, 11, len(prefix) + 1)]


def test_link_text_may_wrap_across_lines_and_collapsed_references_use_the_text():
    refs = scan("See [triage and\nrouting][PRC-UR-002] and [POL-HS-001][].\n")
    assert [(r.target, r.line, r.column, r.text) for r in refs] == [
        ("PRC-UR-002", 1, 5, "triage and\nrouting"), ("POL-HS-001", 2, 26, "POL-HS-001"),
    ]


def test_defined_labels_images_external_links_and_comments_are_not_references():
    markdown = "[a][site]\n![alt](img.png) [b](https://x.example) [c](mailto:x@y)\n<!-- [d][POL-HS-001] -->\n\n[site]: https://x.example\n"
    assert scan(markdown) == []


def test_anchors_follow_headings_attr_lists_and_html_ids():
    markdown = "# Title\n\n## What is *not* allowed\n\n## Custom {#custom-id}\n\nSetext\n------\n\n<span id=\"step-x\"></span>\n"
    assert page_anchors(markdown) == {"title", "what-is-not-allowed", "custom-id", "setext", "step-x"}
