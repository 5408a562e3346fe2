"""MkDocs hooks: each event hands over to the Policybook engine.

Loading, checking and rendering live in `policybook`; this file only moves data between MkDocs
and the engine, like a Material plugin's `plugin.py`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from policybook.checks import run_checks
from policybook.checks.rawhtml import unsafe_output
from policybook.diagnostics import Level
from policybook.formatters.text import line, summary
from policybook.handbook import Handbook
from policybook.loading import ConfigError, load_handbook
from policybook.rendering import diagrams, site

log = logging.getLogger("mkdocs.hooks.policybook")
_handbook: Handbook | None = None  # rebuilt on every on_config, so `mkdocs serve` sees edits


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the handbook; stop the build on any error."""
    global _handbook
    root = Path(config.config_file_path).parent
    try:
        _handbook = load_handbook(root)
    except ConfigError as error:
        raise PluginError("\n".join(line(d) for d in error.diagnostics)) from None
    diagnostics = run_checks(_handbook)
    for diagnostic in diagnostics:
        # Content warnings (an overdue review) must not stop the handbook publishing under
        # --strict, which is for broken pages; `policybook check --strict` makes them fatal in CI.
        (log.error if diagnostic.level is Level.error else log.info)(line(diagnostic))
    if any(d.level is Level.error for d in diagnostics):
        raise PluginError(f"Policybook: {summary(diagnostics)}; the site was not built")
    if diagrams.needs_library(_handbook) and not (root / diagrams.LIBRARY_SOURCE).is_file():
        raise PluginError(diagrams.MISSING_LIBRARY)  # never fall back to the theme's CDN copy
    config.nav = site.expand_nav(config.nav, _handbook)
    if _handbook.config.edit_url and not config.repo_url:
        # A full URL without repo_url keeps edit links and stops Material calling a forge API.
        config.edit_uri = _handbook.config.edit_url.rstrip("/") + "/"
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add policy, process and generated pages; point every edit link at the real source file."""
    assert _handbook is not None
    docs_dir = Path(config.docs_dir).relative_to(_handbook.root).as_posix()
    for file in files:
        file.edit_uri = f"{docs_dir}/{file.src_uri}"
    for page in site.pages(_handbook):
        if page.content is not None:
            file = File.generated(config, page.uri, content=page.content)
            file.edit_uri = None
        else:
            file = File(page.uri, src_dir=str(_handbook.root), dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls)
            file.edit_uri = page.source
        files.append(file)
    if diagrams.needs_library(_handbook):  # served by the site itself: pages fetch nothing elsewhere
        library = File.generated(config, diagrams.LIBRARY_URI, abs_src_path=str(_handbook.root / diagrams.LIBRARY_SOURCE))
        library.edit_uri = None
        files.append(library)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render the card and structured sections; register the page's IDs for cross-references."""
    assert _handbook is not None
    autorefs = config.plugins.get("autorefs")
    if autorefs is not None:
        for identifier, anchor, title in site.anchors(_handbook, page.file.src_uri):
            autorefs.register_anchor(page, identifier, anchor, title=title)
    status = site.nav_status(_handbook, page.file.src_uri)
    if status:
        page.meta["status"] = status
    else:
        page.meta.pop("status", None)  # Material would flag every active page otherwise
    return site.render(_handbook, page.file.src_uri, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Refuse unsafe HTML in the page; make every heading of an ID'd page reachable as `[text][POL-HS-001#anchor]`;
    load the diagram library on pages with a diagram, and only there."""
    assert _handbook is not None
    unsafe = unsafe_output(page.file.edit_uri or page.file.src_uri, html)
    if unsafe:  # the content checks should have stopped this: fail closed rather than publish it
        for diagnostic in unsafe:
            log.error(line(diagnostic))
        raise PluginError(f"Policybook: {summary(unsafe)}; the site was not built")
    autorefs = config.plugins.get("autorefs")
    if autorefs is not None:
        pending: list[AnchorLink] = list(page.toc.items)
        while pending:
            item = pending.pop()
            identifier = site.heading_identifier(_handbook, page.file.src_uri, item.id)
            if identifier:
                autorefs.register_anchor(page, identifier, item.id, title=item.title)
            pending.extend(item.children)
    library = files.get_file_from_path(diagrams.LIBRARY_URI)
    return diagrams.diagram_script(html, library.url_relative_to(page.file)) if library else html
