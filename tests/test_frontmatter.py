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
