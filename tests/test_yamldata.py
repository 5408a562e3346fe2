"""Safe YAML loading with positions (policybook.yamldata)."""

from __future__ import annotations

import pytest

from policybook.yamldata import load_yaml


def test_positions_of_keys_and_items_are_file_lines_and_columns():
    data, problems = load_yaml("id: X\nlist:\n  - a\n  - b\nmap: {k: v}\n", "f.md", line_offset=1)
    assert problems == []
    assert data.data == {"id": "X", "list": ["a", "b"], "map": {"k": "v"}}
    assert data.positions[("id",)] == (2, 1)
    assert data.positions[("list", 1)] == (5, 5)
    assert data.positions[("map", "k")] == (6, 7)
    assert data.locate(("list", 1, "missing")) == (5, 5)


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\na: 2\n", "FM005", 3, 1),  # duplicate key, on the second occurrence
        ("a: !!python/object/apply:os.system [ls]\n", "FM004", 2, 4),  # code execution tag
        ("a: &x [1, 2]\nb: *x\n", "FM004", 2, 4),  # aliases refused before expansion
        ("a: [1,\n", "FM003", 3, 1),  # unterminated flow sequence
        ("a: b: c\n", "FM003", 2, 5),
        ("<<: {a: 1}\n", "FM004", 2, 1),  # merge key
        ("d: 2026-02-30\n", "FM003", 2, 4),  # a date that does not exist, at its value
    ],
)
def test_refused_yaml_is_one_diagnostic_with_position(text, code, line, column):
    data, problems = load_yaml(text, "f.md", line_offset=1)
    assert data is None
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, column)]


def test_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    data, problems = load_yaml(bomb, "f.md")
    assert data is None
    assert problems and all(p.code == "FM004" for p in problems)
