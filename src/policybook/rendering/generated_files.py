"""Generated pages kept as files, rewritten only when their text changes.

A live preview that rebuilds only changed files (`mkdocs serve --dirty`) tells a changed file by
its modification time, and counts a page generated in memory as changed on every rebuild. The
handbook's generated pages (indexes, glossary, dashboards) are megabytes of Markdown at a few
thousand pages, and a writer's edit leaves most of them as they were: written out here, only those
whose text changed are rendered again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


class GeneratedFiles:
    """A folder of generated pages, by their path in the site."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._digests: dict[str, bytes] = {}

    def path(self, uri: str, content: str) -> Path:
        """The file holding `content` for the page at `uri`, rewritten only when it changed."""
        target = self.folder / uri
        digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()
        if self._digests.get(uri) != digest or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, "utf-8")
            self._digests[uri] = digest
        return target
