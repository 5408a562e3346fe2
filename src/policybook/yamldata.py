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
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
# Characters some implicit type (number, date, boolean, null, merge key) may start with.
_TYPED_FIRST = frozenset(key for key in yaml.SafeLoader.yaml_implicit_resolvers if key)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, deciding the type of most scalars without a regular expression.

    Even the C composer calls the Python resolver for every node: a fifth of the loading time of a
    page. A quoted scalar, or a plain one whose first character starts no implicit type ("Team
    07", "active"), is a string whatever its rest; the others go through PyYAML as usual.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in _TYPED_FIRST)):
            return _STR_TAG
        return str(super().resolve(kind, value, implicit))

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)

MAX_DEPTH = 16
"""How deeply mappings and lists may nest. The deepest handbook field (a process step's branch) is
four levels down; the limit keeps hostile files from exhausting the recursion stack."""

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
    source: str = ""
    """The YAML text itself, to point into string values."""
    spans: dict[Location, tuple[int, int, int, int]] = field(default_factory=dict)
    """(line, column, end line, end column), 0-based in `source`, of every string value."""
    line_offset: int = 0
    """How many file lines come before `source` (the front-matter fence)."""

    def strings(self, in_file_order: bool = True) -> list[tuple[Location, str]]:
        """Every string value with its location, in file order unless the caller sorts its own
        findings anyway (sorting costs more than the walk)."""
        found: list[tuple[Location, str]] = []

        def walk(value: Any, location: Location) -> None:
            if isinstance(value, str):
                found.append((location, value))
            elif isinstance(value, dict):
                for key, item in value.items():
                    walk(item, (*location, key))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    walk(item, (*location, index))

        walk(self.data, ())
        return sorted(found, key=lambda entry: self.spans.get(entry[0], (0, 0, 0, 0))) if in_file_order else found

    def find(self, location: Location, needle: str) -> tuple[int, int]:
        """File (line, column) of `needle` as written inside the string value at `location`.

        Falls back to where the value starts when the text is written differently in the file
        (escape sequences, folded lines), and to the key when the value has no recorded span.
        """
        span = self.spans.get(location)
        if span is None:
            return self.locate(location)
        line, column, end_line, end_column = span
        lines = self.source.split("\n")[line : end_line + 1]
        needle = needle.split("\n", 1)[0].casefold()
        for row, text in enumerate(lines):
            start = column if row == 0 else 0
            stop = end_column if row == len(lines) - 1 else len(text)
            hit = text.casefold().find(needle, start, stop) if needle else -1
            if hit >= 0:
                return line + row + 1 + self.line_offset, hit + 1
        return line + 1 + self.line_offset, column + 1

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

    last_line = text.count("\n")

    def at(mark: Any) -> tuple[int, int]:
        if mark.line > last_line:  # "end of stream" past a last line without a newline
            return last_line + 1 + line_offset, len(text) - (text.rfind("\n") + 1) + 1
        return mark.line + 1 + line_offset, mark.column + 1

    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            if error.context_mark and "end of stream" in (error.problem or ""):
                mark = error.context_mark  # where the unterminated string or block began
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
        spans: dict[Location, tuple[int, int, int, int]] = {}
        seen: set[int] = set()

        def walk(node: yaml.Node, location: Location) -> None:
            if len(location) > MAX_DEPTH:
                line, column = at(node.start_mark)
                problems.append(Diagnostic.of(dx.TOO_DEEP, path, line, column, f"data nested more than {MAX_DEPTH} levels deep"))
                return
            if id(node) in seen:
                line, column = at(node.start_mark)
                problems.append(
                    Diagnostic.of(dx.YAML_UNSAFE, path, line, column, "YAML anchors and aliases (&name, *name) are not allowed")
                )
                return
            seen.add(id(node))
            if node.tag not in _SAFE_TAGS:
                line, column = at(node.start_mark)
                problems.append(Diagnostic.of(dx.YAML_UNSAFE, path, line, column, f"YAML tag '{node.tag}' is not allowed"))
                return
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
                start, end = node.start_mark, node.end_mark
                spans[location] = (start.line, start.column, end.line, end.column)
            elif isinstance(node, yaml.MappingNode):
                keys: dict[Any, yaml.Node] = {}
                for key_node, value_node in node.value:
                    if key_node.tag.endswith(":merge"):
                        line, column = at(key_node.start_mark)
                        problems.append(Diagnostic.of(dx.YAML_UNSAFE, path, line, column, "merge keys ('<<') are not allowed"))
                        continue
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SAFE_TAGS:
                        line, column = at(key_node.start_mark)
                        problems.append(Diagnostic.of(dx.YAML_UNSAFE, path, line, column, "keys must be plain words"))
                        continue
                    key = key_node.value
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
            data = _construct(loader, root)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = at(mark) if mark else (line_offset + 1, 1)
            return None, [Diagnostic.of(dx.YAML_SYNTAX, path, line, column, f"invalid YAML value: {error.problem}")]
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            # e.g. a timestamp like 2026-02-30 that matches the date pattern but is no date
            line, column = _unconstructable(loader, root, at) or (line_offset + 1, 1)
            return None, [Diagnostic.of(dx.YAML_SYNTAX, path, line, column, f"invalid YAML value: {error}")]
        return YamlData(data, positions, at(root.start_mark), text, spans, line_offset), []
    except RecursionError:  # only reachable with the pure-Python loader, whose composer recurses
        return None, [Diagnostic.of(dx.TOO_DEEP, path, line_offset + 1, 1, "data nested too deeply to read")]
    finally:
        loader.dispose()



_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))
_SCALAR_TAGS = _SAFE_TAGS - {_MAP, _SEQ}


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The value of a node that `load_yaml` has vetted (safe tags, no aliases, no duplicate keys).

    The same values as PyYAML's `construct_document`, about three times faster: its constructor
    goes through a generator and a bookkeeping dictionary per node, and this runs for every page on
    every check. An unusual node (a scalar tagged `!!map`) goes to PyYAML, for its error message.
    """
    tag = node.tag
    if isinstance(node, yaml.ScalarNode) and tag in _SCALAR_TAGS:
        return node.value if tag == _STR else loader.yaml_constructors[tag](loader, node)
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        return {_construct(loader, key): _construct(loader, value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    return loader.construct_document(node)


def _unconstructable(loader: Any, root: yaml.Node, at: Any) -> tuple[int, int] | None:
    """The position of the first scalar that cannot be turned into a value (an impossible date)."""
    pending = [root]
    while pending:
        node = pending.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                return at(node.start_mark)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    return None
