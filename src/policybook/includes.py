"""Include lines (`--8<-- "path"`, the pymdownx.snippets syntax) in a page, and where they lead.

This handbook does not expand includes: `pymdownx.snippets` is deliberately absent from
`mkdocs.yml`. Its preprocessor runs before Markdown sees code fences (a marker inside a code block
is expanded too), follows symbolic links out of its base folder, can read any file of the
repository (`.git/config` included), and the text it pulls in escapes every content check and the
translation digests. So an include line would either be published as literal text or, were the
extension ever switched on, read files it must not; both are reported.

The syntax recognised is the extension's own: an inline marker `--8<-- "path"` (or `'path'`) alone
on its line, and a block of paths between two `--8<--` lines. A leading `;` escapes a marker.
Markers inside fenced code and code spans are documentation and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath

from policybook.references import mask_code

_INLINE = re.compile(r"""^[ \t]*(?P<escape>;*)-+8<-+[ \t]+(?P<quoted>"(?:\\"|[^"\n])+?"|'(?:\\'|[^'\n])+?')[ \t]*$""")
_BLOCK = re.compile(r"^[ \t]*(?P<escape>;*)-+8<-+[ \t]*$")
# `file.md:3:5`, `file.md:1:2,8:9` (line ranges) or `file.md:section` select part of a file.
_SELECTION = re.compile(r"(?::-?\d*){1,2}(?:,-?\d*(?::-?\d*)?)*$|:[a-z][-_0-9a-z]*$", re.I)
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[a-z]:)?[\\/]", re.I)


class Verdict(str, Enum):
    """Where an include line leads."""

    outside = "outside"
    """An absolute path, a URL, a path leaving the repository, or a hidden file."""
    missing = "missing"
    """A path in the repository that names no file."""
    inside = "inside"
    """An existing file of the repository."""


@dataclass(frozen=True)
class Include:
    """One path named by an include line."""

    path: str
    """The path as written, without quotes or a line/section selection."""
    line: int
    """0-based line of the page text where the path is written."""
    column: int
    """0-based column of the path (of the opening quote for inline markers)."""
    length: int
    """How many characters the path takes on its line, quotes included."""


def find_includes(markdown: str) -> list[Include]:
    """Every path named by an include line in `markdown`, outside code."""
    if "8<-" not in markdown:
        return []
    found = []
    in_block = False
    for row, line in enumerate(mask_code(markdown).split("\n")):
        if "8<-" in line:
            inline = _INLINE.match(line)
            block = _BLOCK.match(line) if inline is None else None
            if inline is not None and not inline["escape"] and not in_block:
                quoted = inline["quoted"]
                found.append(Include(_without_selection(quoted[1:-1].strip()), row, inline.start("quoted"), len(quoted)))
                continue
            if block is not None and not block["escape"]:
                in_block = not in_block
                continue
        if in_block:
            path = line.strip()
            if path and not path.startswith(";"):
                found.append(Include(_without_selection(path), row, line.index(path), len(path)))
    return found


def _without_selection(path: str) -> str:
    trimmed = _SELECTION.sub("", path)
    return trimmed.strip() or path


def resolve(root: Path, path: str) -> Verdict:
    """Where `path`, taken (as pymdownx.snippets takes it) relative to the repository root, leads.

    Symbolic links are followed before deciding, so a link inside the repository that points out
    of it counts as outside.
    """
    if not path or _URL.match(path) or _WINDOWS_ABSOLUTE.match(path) or path.startswith("~"):
        return Verdict.outside
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if any(part.startswith(".") and part not in (".", "..") for part in parts):
        return Verdict.outside  # .git/config, .env, .venv: never page content
    root = root.resolve()
    try:
        target = (root / path).resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loops, NUL bytes
        return Verdict.outside
    if not target.is_relative_to(root):
        return Verdict.outside
    if any(part.startswith(".") for part in target.relative_to(root).parts):
        return Verdict.outside  # reached through a link into a hidden folder
    return Verdict.inside if target.is_file() else Verdict.missing
