"""Safe YAML loading that remembers where every key is, so diagnostics point at `path:line:col`.

PyYAML's composer gives every node its position. We compose first, refuse what plain data never
needs (tags, anchors and aliases, duplicate keys), and only then construct Python values. Refusing
aliases also defuses alias-expansion bombs before anything is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from policybook import diagnostics as dx
from policybook.diagnostics import Diagnostic

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)

Location = tuple[str | int, ...]
"""A path into the data: keys and list indexes, e.g. `("enforcement", 0, "dsa_decision")`."""


@dataclass
class YamlData:
    """Parsed data plus the file position of every key and list item."""

    data: Any
    """The constructed value (dicts, lists, strings, numbers, dates)."""
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) in the file of each key (for mappings) or item (for lists)."""
    start: tuple[int, int] = (1, 1)
    """Where the YAML text starts in the file."""

    def locate(self, location: Location) -> tuple[int, int]:
        """The position of `location`, or of its nearest ancestor that has one."""
        for end in range(len(location), 0, -1):
            position = self.positions.get(tuple(location[:end]))
            if position:
                return position
        return self.start


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YamlData | None, list[Diagnostic]]:
    """Parse `text`, found at `line_offset` lines into the file `path`.

    Returns the data (None when it cannot be trusted) and the problems found, all of them where
    the YAML is at least well-formed.
    """
    problems: list[Diagnostic] = []

    def at(mark: Any) -> tuple[int, int]:
        return mark.line + 1 + line_offset, mark.column + 1

    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = at(mark) if mark else (line_offset + 1, 1)
            reason = (error.problem or str(error)).strip()
            if error.context:
                reason = f"{reason} ({error.context.strip()})"
            return None, [Diagnostic.of(dx.YAML_SYNTAX, path, line, column, f"invalid YAML: {reason}")]
        except yaml.YAMLError as error:
            return None, [Diagnostic.of(dx.YAML_SYNTAX, path, line_offset + 1, 1, f"invalid YAML: {error}")]
        if root is None:
            return YamlData(None, {}, (line_offset + 1, 1)), []

        positions: dict[Location, tuple[int, int]] = {}
        seen: set[int] = set()

        def walk(node: yaml.Node, location: Location) -> None:
            if id(node) in seen:
                line, column = at(node.start_mark)
                problems.append(
                    Diagnostic.of(dx.YAML_UNSAFE, path, line, column, "anchors and aliases are not allowed in front-matter")
                )
                return
            seen.add(id(node))
            if node.tag not in _SAFE_TAGS:
                line, column = at(node.start_mark)
                problems.append(Diagnostic.of(dx.YAML_UNSAFE, path, line, column, f"YAML tag '{node.tag}' is not allowed"))
                return
            if isinstance(node, yaml.MappingNode):
                keys: dict[Any, yaml.Node] = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SAFE_TAGS:
                        line, column = at(key_node.start_mark)
                        problems.append(Diagnostic.of(dx.YAML_UNSAFE, path, line, column, "keys must be plain words"))
                        continue
                    key = key_node.value
                    if key == "<<" and key_node.tag.endswith(":merge"):
                        line, column = at(key_node.start_mark)
                        problems.append(Diagnostic.of(dx.YAML_UNSAFE, path, line, column, "merge keys ('<<') are not allowed"))
                        continue
                    if key in keys:
                        line, column = at(key_node.start_mark)
                        first = keys[key].start_mark.line + 1 + line_offset
                        problems.append(
                            Diagnostic.of(dx.DUPLICATE_KEY, path, line, column, f"duplicate key '{key}' (first at line {first})")
                        )
                    keys[key] = key_node
                    positions[(*location, key)] = at(key_node.start_mark)
                    walk(value_node, (*location, key))
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    positions[(*location, index)] = at(item.start_mark)
                    walk(item, (*location, index))

        walk(root, ())
        if problems:
            return None, problems
        try:
            data = loader.construct_document(root)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = at(mark) if mark else (line_offset + 1, 1)
            return None, [Diagnostic.of(dx.YAML_SYNTAX, path, line, column, f"invalid YAML value: {error.problem}")]
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            # e.g. a timestamp like 2026-02-30 that matches the date pattern but is no date
            return None, [Diagnostic.of(dx.YAML_SYNTAX, path, line_offset + 1, 1, f"invalid YAML value: {error}")]
        return YamlData(data, positions, at(root.start_mark)), []
    finally:
        loader.dispose()
