"""Reading pages: encodings, fences and broken files (policybook.frontmatter, policybook.loading)."""

from __future__ import annotations

from conftest import POLICY


def codes(diagnostics):
    return [(d.path, d.line, d.column, d.code) for d in diagnostics]


def test_valid_policy_and_process_load_without_problems(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY)
    assert tmp_handbook.diagnostics() == []


def test_byte_order_mark_and_crlf_are_accepted_with_lines_unchanged(tmp_handbook):
    broken = POLICY.replace("owner: hate-harassment-policy", "owner: nobody")
    tmp_handbook.write("policies/hate-speech/hate-speech.md", b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode())
    owner_line = broken.split("\n").index("owner: nobody") + 1
    assert codes(tmp_handbook.diagnostics()) == [("policies/hate-speech/hate-speech.md", owner_line, 1, "TEAM001")]


def test_each_broken_file_gets_its_own_diagnostic_in_one_run(tmp_handbook):
    path = "policies/hate-speech/"
    tmp_handbook.write(path + "empty.md", "")
    tmp_handbook.write(path + "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    tmp_handbook.write(path + "latin1.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    tmp_handbook.write(path + "no-front-matter.md", "# Just a heading\n")
    tmp_handbook.write(path + "unclosed.md", "---\nid: POL-HS-009\ntitle: x\n\nBody text\n")
    tmp_handbook.write(path + "list.md", "---\n- a\n- b\n---\nbody\n")
    tmp_handbook.write("policies/stray.md", POLICY)
    found = codes(tmp_handbook.diagnostics())
    assert found == [
        (path + "binary.md", 3, 1, "FILE001"),
        (path + "empty.md", 1, 1, "FILE002"),
        (path + "latin1.md", 2, 11, "FILE001"),
        (path + "list.md", 2, 1, "FM009"),
        (path + "no-front-matter.md", 1, 1, "FM001"),
        (path + "unclosed.md", 1, 1, "FM002"),
        ("policies/stray.md", 0, 0, "LAY003"),
    ]


def test_oversized_file_is_refused_without_parsing(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/huge.md", POLICY + "x" * (3 * 1024 * 1024))
    assert codes(tmp_handbook.diagnostics()) == [("policies/hate-speech/huge.md", 0, 0, "FM010")]


# Property-based: the parser is total (never raises) and its positions stay inside the input.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from policybook.frontmatter import decode, split  # noqa: E402
from policybook.yamldata import load_yaml  # noqa: E402

YAML_TEXT = st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!<>|'\"#%@`, \n\t?.=~0123456789")), max_size=200)


@given(st.binary(max_size=300))
@settings(max_examples=300)
def test_decoding_any_bytes_gives_text_or_one_positioned_diagnostic(raw):
    text, problems = decode(raw, "x.md")
    if text is None:
        assert len(problems) == 1
        problem = problems[0]
        assert problem.code in {"FILE001", "FM010"}
        assert 1 <= problem.line <= raw.count(b"\n") + 1
    else:
        assert problems == [] and "\r" not in text
        assert text.count("\n") == raw.count(b"\n") + raw.replace(b"\r\n", b"").count(b"\r")


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_splitting_never_raises_and_body_lines_point_into_the_file(text):
    page, problems = split(text, "x.md")
    lines = text.split("\n")
    if page is None:
        assert len(problems) == 1 and 1 <= problems[0].line <= len(lines)
        return
    assert page.body_line >= 1
    body_lines = page.body.split("\n")
    assert lines[page.body_line - 1 : page.body_line - 1 + len(body_lines)] == body_lines


@given(front=YAML_TEXT.filter(lambda t: "---" not in t and "..." not in t), body=st.text(max_size=100))
@settings(max_examples=300)
def test_front_matter_and_body_round_trip_through_split(front, body):
    front = "\n".join(line for line in front.split("\n") if line.rstrip() not in ("---", "..."))
    page, _ = split(f"---\n{front}\n---\n{body}", "x.md")
    assert page is not None
    assert page.front_matter == front + "\n" and page.body == body
    assert page.body_line == front.count("\n") + 4


@given(YAML_TEXT)
@settings(max_examples=500)
def test_yaml_loading_never_raises_and_positions_are_inside_the_text(text):
    data, problems = load_yaml(text, "x.yml", line_offset=3)
    lines = text.split("\n")
    for problem in problems:
        assert 4 <= problem.line <= len(lines) + 3, problem
        assert 1 <= problem.column <= len(lines[problem.line - 4]) + 1, problem
    if data is not None:
        for line, column in data.positions.values():
            assert 4 <= line <= len(lines) + 3 and 1 <= column <= len(lines[line - 4]) + 1
        for location, value in data.strings():
            line, column = data.find(location, value[:5])
            assert 4 <= line <= len(lines) + 3 and 1 <= column <= len(lines[line - 4]) + 1


@given(st.integers(min_value=1, max_value=60), st.sampled_from(["[", "{a: ", "- "]))
def test_nesting_is_refused_past_the_limit_whatever_the_style(depth, opener):
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    text = opener * depth + "x" + closer * depth
    data, problems = load_yaml(text, "x.yml")
    assert (data is None) == (depth > 16)
    if depth > 16:
        assert [p.code for p in problems] == ["FM011"]
