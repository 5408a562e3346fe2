"""The live preview (`mkdocs serve --dirty`), rebuilt in this process as the server rebuilds it after
each save: the edited page shows the edit with its cross-references resolved, and an error found by
the checking companion still stops the rebuild before any page is written."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

POLICY = "policies/hate-speech/hate-speech.md"


@pytest.fixture
def preview(tmp_handbook, tmp_path, monkeypatch, caplog):
    """A built preview of a copy of the sample: `rebuild()` does what `mkdocs serve --dirty` does on a save."""
    monkeypatch.chdir(tmp_handbook.root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("POLICYBOOK_CHECKED", raising=False)
    site = tmp_path / "served"
    config_file = str(tmp_handbook.root / "mkdocs.yml")
    config = load_config(config_file, site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)

    def rebuild(dirty: bool = True) -> None:
        build(load_config(config_file, site_dir=str(site)), serve_url="http://127.0.0.1:8000/", dirty=dirty)

    rebuild(dirty=False)
    yield rebuild, site
    config.plugins.on_shutdown()


def test_an_edited_page_shows_the_edit_with_its_cross_references_resolved(tmp_handbook, preview, caplog):
    rebuild, site = preview
    page = tmp_handbook.root / POLICY
    page.write_text(page.read_text("utf-8") + "\nPreview marker: see [the challenge rules][POL-CS-002#what-is-not-allowed].\n",
                    "utf-8")
    os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 5))  # newer than its built page
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        rebuild()
    html = (site / "policies/hate-speech/hate-speech/index.html").read_text("utf-8")
    assert "Preview marker" in html
    assert 'href="../../child-safety/dangerous-challenges/#what-is-not-allowed">the challenge rules</a>' in html
    assert "[POL-" not in html.split('<div class="md-content"', 1)[1].split("</article>")[0]
    assert not [r for r in caplog.records if "cross-reference" in r.getMessage()]


def test_an_error_found_while_rendering_still_stops_the_rebuild(tmp_handbook, preview, caplog):
    rebuild, site = preview
    page = tmp_handbook.root / POLICY
    before = (site / "policies/hate-speech/hate-speech/index.html").read_text("utf-8")
    page.write_text(page.read_text("utf-8") + "\nSee [the rule][POL-ZZ-999].\n", "utf-8")
    os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 5))
    with pytest.raises(Abort):
        rebuild()
    line = len(page.read_text("utf-8").rstrip("\n").split("\n"))  # the line just added
    assert f"{POLICY}:{line}:5: error[XREF001]: no page has the ID POL-ZZ-999" in caplog.text
    assert (site / "policies/hate-speech/hate-speech/index.html").read_text("utf-8") == before
