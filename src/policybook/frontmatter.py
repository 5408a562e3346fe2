"""Split a Markdown page into its YAML front-matter and its body.

Reading is defensive: every way a file can be broken (not UTF-8, binary, empty, a block never
closed) becomes a diagnostic rather than an exception. A byte-order mark and CRLF line endings are
accepted and normalised, because editors on Windows produce them.
"""

from __future__ import annotations

from dataclasses import dataclass

from policybook import diagnostics as dx
from policybook.diagnostics import Diagnostic

MAX_BYTES = 2 * 1024 * 1024
"""Larger files are refused: no handbook page needs 2 MiB, and parsing one would slow every check."""


@dataclass(frozen=True)
class SplitPage:
    """A page cut at its front-matter fences."""

    front_matter: str
    """The YAML between the fences ('' when the page has none)."""
    front_matter_line: int
    """File line (1-based) of the first YAML line."""
    body: str
    """The Markdown after the closing fence."""
    body_line: int
    """File line (1-based) of the first body line."""


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text with LF line endings, or a diagnostic saying why not."""
    if len(raw) > MAX_BYTES:
        return None, [Diagnostic.of(dx.TOO_LARGE, path, 0, 0, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return None, [Diagnostic.of(dx.READ_ERROR, path, line, 1, "binary file: it contains NUL bytes, so it is not a text page")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Diagnostic.of(dx.READ_ERROR, path, line, column, f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
        ]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def split(text: str, path: str, *, required: bool = True) -> tuple[SplitPage | None, list[Diagnostic]]:
    """Cut `text` at its `---` fences.

    Args:
        text: The decoded page.
        path: The page's path, for diagnostics.
        required: Whether a page without front-matter is an error (policies, processes and
            translations) or simply has none (the handbook's own pages).
    """
    if not text.strip():
        return None, [Diagnostic.of(dx.EMPTY_FILE, path, 1, 1, "the file is empty")]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        if required:
            return None, [
                Diagnostic.of(dx.NO_FRONT_MATTER, path, 1, 1, "the page must start with a '---' front-matter block")
            ]
        return SplitPage("", 1, text, 1), []
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return SplitPage("\n".join(lines[1:index]) + "\n", 2, "\n".join(lines[index + 1 :]), index + 2), []
    return None, [
        Diagnostic.of(
            dx.UNCLOSED_FRONT_MATTER, path, 1, 1, "the front-matter block opened here is never closed",
            hint="add a line containing only '---' after the last front-matter field",
        )
    ]
