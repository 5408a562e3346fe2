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
# YAML 1.1's booleans and null as PyYAML resolves them: the only plain scalars starting with a
# letter that are not strings.
_WORDS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split())
_WORD_FIRST = frozenset(key for key in _TYPED_FIRST if key.isalpha())


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, deciding the type of most scalars without a regular expression.

    Even the C composer calls the Python resolver for every node: a fifth of the loading time of a
    page. A quoted scalar, or a plain one whose first character starts no implicit type ("Team
    07", "active"), is a string whatever its rest. Of the types a letter may start, booleans and
    null are a few exact words, so "title" or "owner" is a string too. The others go through
    PyYAML as usual.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (not implicit[0] or (value and (
                value[0] not in _TYPED_FIRST or (value[0] in _WORD_FIRST and value not in _WORDS)))):
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
    """Parsed data, and where in the file every key, list item and string value is.

    The positions are worked out the first time a diagnostic asks for one, by composing `source`
    again: most pages have nothing to report, and recording a dozen positions per page that nobody
    reads was about a third of the time spent reading front-matter.
    """

    data: Any
    """The constructed value (dicts, lists, strings, numbers, dates)."""
    start: tuple[int, int] = (1, 1)
    """Where the YAML text starts in the file."""
    source: str = ""
    """The YAML text itself, to point into string values."""
    line_offset: int = 0
    """How many file lines come before `source` (the front-matter fence)."""
    texts: list[str] = field(default_factory=list)
    """Every string value (not the keys), in file order: for checks that screen all of them
    before asking where one is."""

    @property
    def positions(self) -> dict[Location, tuple[int, int]]:
        """1-based (line, column) in the file of each key (for mappings) or item (for lists)."""
        return self._located()[0]

    @property
    def spans(self) -> dict[Location, tuple[int, int, int, int]]:
        """(line, column, end line, end column), 0-based in `source`, of every string value."""
        return self._located()[1]

    def _located(self) -> tuple[dict[Location, tuple[int, int]], dict[Location, tuple[int, int, int, int]]]:
        found = self.__dict__.get("_positions")
        if found is None:
            found = self.__dict__["_positions"] = _positions(self.source, self.line_offset)
        return found

    def strings(self, in_file_order: bool = True) -> list[tuple[Location, str]]:
        """Every string value with its location, in file order unless the caller sorts its own
        findings anyway (sorting costs more than the walk, and needs the positions)."""
        found: list[tuple[Location, str]] = []
        # A stack rather than recursion: this walks every page's front-matter on every check.
        pending: list[tuple[Location, Any]] = [((), self.data)]
        while pending:
            location, value = pending.pop()
            if isinstance(value, str):
                found.append((location, value))
            elif isinstance(value, dict):
                pending += [((*location, key), item) for key, item in reversed(value.items())]
            elif isinstance(value, list):
                pending += [((*location, index), item) for index, item in reversed(list(enumerate(value)))]
        if not in_file_order:
            return found
        spans = self.spans
        return sorted(found, key=lambda entry: spans.get(entry[0], (0, 0, 0, 0)))

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
        positions = self.positions
        for end in range(len(location), 0, -1):
            position = positions.get(tuple(location[:end]))
            if position:
                return position
        return self.start


def _marks(text: str, line_offset: int) -> Any:
    """A function from a PyYAML mark in `text` to a 1-based file (line, column)."""
    last_line = text.count("\n")

    def at(mark: Any) -> tuple[int, int]:
        if mark.line > last_line:  # "end of stream" past a last line without a newline
            return last_line + 1 + line_offset, len(text) - (text.rfind("\n") + 1) + 1
        return mark.line + 1 + line_offset, mark.column + 1

    return at


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YamlData | None, list[Diagnostic]]:
    """Parse `text`, found at `line_offset` lines into the file `path`.

    Returns the data (None when it cannot be trusted) and the problems found, all of them where
    the YAML is at least well-formed.
    """
    at = _marks(text, line_offset)
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
            return YamlData(None, (line_offset + 1, 1), text, line_offset), []
        reader = _Reader(loader, path, at)
        data = reader.value(root, 0)
        if reader.problems:
            return None, reader.problems
        if reader.unconstructable:
            return None, reader.unconstructable[:1]
        return YamlData(data, at(root.start_mark), text, line_offset, reader.texts), []
    except RecursionError:  # only reachable with the pure-Python loader, whose composer recurses
        return None, [Diagnostic.of(dx.TOO_DEEP, path, line_offset + 1, 1, "data nested too deeply to read")]
    finally:
        loader.dispose()


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))
_SCALAR_TAGS = _SAFE_TAGS - {_MAP, _SEQ}


class _Reader:
    """Vets a composed document and constructs its value in the same pass.

    Refused: tags other than plain data's, anchors and aliases, merge keys, keys that are not
    plain scalars, duplicate keys, nesting deeper than `MAX_DEPTH`. Every refusal is collected;
    once there is one, nothing more is constructed. The values are PyYAML's, built about three
    times faster than its constructor (which goes through a generator and a bookkeeping
    dictionary per node): this runs for every page on every check.
    """

    def __init__(self, loader: Any, path: str, at: Any):
        self.loader, self.path, self.at = loader, path, at
        self.problems: list[Diagnostic] = []
        """What makes the data untrustworthy."""
        self.unconstructable: list[Diagnostic] = []
        """Scalars that match a type but are no value of it (a timestamp like 2026-02-30)."""
        self.texts: list[str] = []
        """The string values read so far, in file order."""
        self._seen: set[int] = set()

    def _refuse(self, code: dx.Code, mark: Any, message: str) -> None:
        self.problems.append(Diagnostic.of(code, self.path, *self.at(mark), message))

    def value(self, node: yaml.Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            return self._refuse(dx.TOO_DEEP, node.start_mark, f"data nested more than {MAX_DEPTH} levels deep")
        if id(node) in self._seen:
            return self._refuse(dx.YAML_UNSAFE, node.start_mark, "YAML anchors and aliases (&name, *name) are not allowed")
        self._seen.add(id(node))
        tag = node.tag
        if tag not in _SAFE_TAGS:
            return self._refuse(dx.YAML_UNSAFE, node.start_mark, f"YAML tag '{tag}' is not allowed")
        kind = type(node)
        if kind is yaml.ScalarNode and tag in _SCALAR_TAGS:
            if tag == _STR:
                self.texts.append(node.value)
                return node.value
            return self._scalar(node)
        if kind is yaml.MappingNode and tag == _MAP:
            return self._mapping(node, depth)
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [self.value(item, depth + 1) for item in node.value]
        if not self.problems:  # an unusual node (a scalar tagged !!map): PyYAML says what is wrong
            self._construct(lambda: self.loader.construct_document(node), node)
        return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        found: dict[Any, Any] = {}
        keys: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag.endswith(":merge"):
                self._refuse(dx.YAML_UNSAFE, key_node.start_mark, "merge keys ('<<') are not allowed")
                continue
            if type(key_node) is not yaml.ScalarNode or key_node.tag not in _SAFE_TAGS:
                self._refuse(dx.YAML_UNSAFE, key_node.start_mark, "keys must be plain words")
                continue
            written = key_node.value
            if written in keys:
                first = self.at(keys[written].start_mark)[0]
                self._refuse(dx.DUPLICATE_KEY, key_node.start_mark, f"duplicate key '{written}' (first at line {first})")
            keys[written] = key_node
            key = written if key_node.tag == _STR else self._scalar(key_node)
            found[key] = self.value(value_node, depth + 1)
        return found

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if self.problems or self.unconstructable:
            return None
        return self._construct(lambda: self.loader.yaml_constructors[node.tag](self.loader, node), node)

    def _construct(self, build: Any, node: yaml.Node) -> Any:
        try:
            return build()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark or node.start_mark
            self.unconstructable.append(Diagnostic.of(dx.YAML_SYNTAX, self.path, *self.at(mark),
                                                      f"invalid YAML value: {error.problem}"))
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as error:
            # e.g. a timestamp like 2026-02-30 that matches the date pattern but is no date
            self.unconstructable.append(Diagnostic.of(dx.YAML_SYNTAX, self.path, *self.at(node.start_mark),
                                                      f"invalid YAML value: {error}"))
        return None


def _positions(text: str, line_offset: int) -> tuple[dict[Location, tuple[int, int]], dict[Location, tuple[int, int, int, int]]]:
    """Where every key and list item, and every string value, of a vetted YAML text is."""
    at = _marks(text, line_offset)
    positions: dict[Location, tuple[int, int]] = {}
    spans: dict[Location, tuple[int, int, int, int]] = {}
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()

    def walk(node: yaml.Node, location: Location) -> None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                start, end = node.start_mark, node.end_mark
                spans[location] = (start.line, start.column, end.line, end.column)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                positions[(*location, key)] = at(key_node.start_mark)
                walk(value_node, (*location, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                positions[(*location, index)] = at(item.start_mark)
                walk(item, (*location, index))

    if root is not None:
        walk(root, ())
    return positions, spans
