"""Safe YAML loading with positions (policybook.yamldata)."""

from __future__ import annotations

import pickle

import pytest
import yaml

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


def test_values_are_those_pyyaml_safe_load_gives():
    # Every kind of plain scalar whose type the fast resolver decides, or leaves to PyYAML.
    text = """
words: [yes, No, TRUE, off, On, null, Null, ~, title, owner, notes, yesterday, nothing, offset, Truth]
numbers: [1, -2, +3, 0x1F, 0o17, 1_000, 1.5, -.inf, .NaN, 1e3, 12:30, 190:20:30]
dates: [2026-12-03, 2026-12-03T10:00:00Z, 2026-1-3]
strings: ['yes', "1", -x, +y, .z, Team 07, 07:30 UTC, "", ""]
empty:
keys: {1: a, true: b, null: c, 2026-12-03: d, on: e}
"""
    data, problems = load_yaml(text, "f.md")
    assert problems == []
    assert data.data == yaml.safe_load(text)
    assert data.data["words"][:3] == [True, False, True] and data.data["words"][8] == "title"


def test_positions_are_found_when_first_asked_for_and_kept_through_pickling():
    data, _ = load_yaml("title: Hate speech\nsteps:\n  - id: intake\n    text: |\n      Read the report.\n", "f.md", 1)
    copy = pickle.loads(pickle.dumps(data))
    for loaded in (data, copy):
        assert loaded.locate(("steps", 0, "text")) == (5, 5)
        assert loaded.find(("steps", 0, "text"), "report") == (6, 16)
        assert [location for location, _ in loaded.strings()] == [("title",), ("steps", 0, "id"), ("steps", 0, "text")]
