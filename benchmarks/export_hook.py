"""A benchmark-only MkDocs hook: write down the site the Policybook hooks make, as plain files.

Listed after `hooks/handbook_site.py`, its events run after the handbook's, so it sees every page's
final Markdown (card, sections and generated pages included), the expanded navigation and the
generated downloads. It writes them to `$POLICYBOOK_EXPORT` as a plain docs tree that MkDocs can
build with no hooks at all: the "hooks off" side of the hooks benchmark (see `benchmarks/plain.py`).

Cross-references by ID (`[text][POL-HS-001#rationale]`) resolve only through anchors the handbook
hooks register, so they are written out as the relative links they become.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policybook.handbook import Handbook
from policybook.loading import load_handbook
from policybook.rendering.blocks import unwrap

_ID_REFERENCE = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\[(?P<id>(?:POL|PRC)-[A-Z]{2,5}-\d{3})(?:#(?P<anchor>[\w-]+))?\]")
_handbook: Handbook | None = None


def _out() -> Path:
    return Path(os.environ["POLICYBOOK_EXPORT"])


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Record the navigation the handbook hooks expanded, and load the handbook to resolve IDs."""
    global _handbook
    _handbook = load_handbook(Path(config.config_file_path).parent)
    (_out() / "docs").mkdir(parents=True, exist_ok=True)
    (_out() / "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), "utf-8")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Write the generated downloads (CSV, JSON) that are not pages."""
    for file in files:
        if file.generated_by is not None and not file.is_documentation_page():
            target = _out() / "docs" / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content_bytes)
    return files


def _link(uri: str, match: re.Match[str]) -> str:
    assert _handbook is not None
    target = _handbook.by_id.get(match["id"])
    if target is None:
        return match.group(0)
    anchor = match["anchor"] or match["id"]
    if match["anchor"] and any(step.id == match["anchor"] for step in getattr(target.meta, "steps", [])):
        anchor = f"step-{match['anchor']}"
    relative = posixpath.relpath(target.path, posixpath.dirname(uri) or ".")
    return f"[{match['text']}]({relative}#{anchor})"


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write the page's final Markdown, IDs resolved to relative links and the generated blocks' HTML
    in place (a plain build cannot put it back after converting, as the hooks do)."""
    uri = page.file.src_uri
    markdown = unwrap(markdown)[0]
    target = _out() / "docs" / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_ID_REFERENCE.sub(lambda match: _link(uri, match), markdown), "utf-8")
    return markdown
