"""MkDocs hooks: each event hands over to the Policybook engine.

Loading, checking and rendering live in `policybook`; this file only moves data between MkDocs
and the engine, like a Material plugin's `plugin.py`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from material.plugins.search.plugin import Element, SearchIndex, Section

from policybook.audiences import for_audience, hidden_docs
from policybook.checks import run_checks
from policybook.checks.rawhtml import unsafe_output
from policybook import memo
from policybook.collection import settled, unsettled
from policybook.companion import Companion, CompanionError
from policybook.diagnostics import Diagnostic, Level
from policybook.formatters.text import line, summary
from policybook.handbook import Handbook
from policybook.loading import ConfigError, ParseCache, load_handbook
from policybook.rendering import blocks, diagrams, foreign, offline, search, site, theme
from policybook.rendering.generated_files import GeneratedFiles

log = logging.getLogger("mkdocs.hooks.policybook")
_handbook: Handbook | None = None  # rebuilt on every on_config, so `mkdocs serve` sees edits
_parsed = ParseCache()  # ... re-parsing only the pages that changed since the last rebuild
_locale = "en"  # the locale this build publishes (theme.language, from POLICYBOOK_LOCALE)
# Material passes `extra.alternate` links through MkDocs' `url` filter, which cannot express a link
# that leaves the site's root (the source-language site from `/es/...`). Links start with this
# marker, which the filter leaves alone, and `on_post_page` strips it, leaving the relative link.
_RELATIVE = "/@policybook-relative@/"
_serving = False  # `mkdocs serve` (one locale, at the server's root) rather than a build
_generated: GeneratedFiles | None = None  # `mkdocs serve --dirty`: generated pages as files (see on_files)
_companion: Companion | None = None  # a live preview's checks run there while this process renders


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per live preview, not on every save.

    `mkdocs serve` loads its settings again for every rebuild, and with them a new Jinja
    environment that compiles Material's templates again: a fifth of a dirty rebuild. Jinja checks
    each template's source against the checksum stored with its bytecode, so an edited
    template is compiled again.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_templates = _CompiledTemplates()


class _SearchIndex(SearchIndex):
    """Material's search index, with each page's sections found by the engine's Lexbor walk
    (`policybook.rendering.search`): the same entries, in a fraction of the plugin's time."""

    def add_entry_from_context(self, page: Page) -> None:
        found = None if (page.meta.get("search") or {}).get("exclude") else search.sections(page.content or "")
        if found is None:  # excluded, or a page only the plugin's own parser reads as it should
            super().add_entry_from_context(page)
            return
        for part in found:
            section = Section(Element(part.heading))
            section.id, section.title, section.text = part.id, part.title, part.text
            self.create_entry_for_section(section, page.toc, page.url, page)

    def generate_search_index(self, prev: object) -> str:
        # Navigation titles mark source-language text for the page templates (policybook.rendering.foreign);
        # the index takes text only.
        return foreign.plain(super().generate_search_index(prev))


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, which serves one locale at its own root; with
    `--dirty`, keep generated pages as files so that rebuilds skip the unchanged ones."""
    global _serving, _generated
    _serving = command == "serve"
    if _serving:  # every save reloads the handbook: answers about unchanged pages are kept
        memo.remember()
    if _serving and dirty:
        _generated = GeneratedFiles(Path(tempfile.mkdtemp(prefix="policybook-generated-")))


def on_shutdown() -> None:
    """Stop the checking companion; remove the generated pages' folder of a dirty live preview."""
    if _companion is not None:
        _companion.close()
    if _generated is not None:
        shutil.rmtree(_generated.folder, ignore_errors=True)


def preload(config: MkDocsConfig) -> None:
    """Parse every page before `policybook build` forks one build per locale from this process
    (`policybook_mkdocs.locales`): each build's `on_config` then finds them all parsed."""
    load_handbook(Path(config.config_file_path).parent, cache=_parsed)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the handbook; stop the build on any error."""
    global _handbook, _companion
    root = Path(config.config_file_path).parent
    unsettled()  # a live preview's previous handbook can go
    memo.next_load()
    if _serving and os.name == "posix" and os.environ.get("POLICYBOOK_CHECKED") != "1":
        _companion = _companion or Companion(root)
        try:
            _companion.request()
        except CompanionError as error:  # checked here instead, as a build does
            log.warning(f"Policybook: {error}; checking in this process")
            _companion = None
    try:
        _handbook = load_handbook(root, cache=_parsed)
    except ConfigError as error:
        raise PluginError("\n".join(line(d) for d in error.diagnostics)) from None
    global _locale
    _locale = config.theme["language"]
    if _locale not in _handbook.config.locale_codes:
        raise PluginError(f"Policybook: locale '{_locale}' (POLICYBOOK_LOCALE) is not in policybook.yml; "
                          f"use one of {', '.join(_handbook.config.locale_codes)}")
    # `policybook build` checks once before starting one build per locale, and says so. A live
    # preview's companion checks while this process renders; `on_env` collects its findings.
    if os.environ.get("POLICYBOOK_CHECKED") != "1" and _companion is None:
        _report(run_checks(_handbook))
    if diagrams.needs_library(_handbook) and not (root / diagrams.LIBRARY_SOURCE).is_file():
        raise PluginError(diagrams.MISSING_LIBRARY)  # never fall back to the theme's CDN copy
    # From here on the handbook is what this build's audience may read: every page, index, search
    # entry and list below is computed from it, so restricted content cannot reach the output.
    audience = os.environ.get("POLICYBOOK_AUDIENCE") or None
    if audience is not None and audience not in set(_handbook.teams) | set(_handbook.config.audiences):
        raise PluginError(f"Policybook: audience '{audience}' (POLICYBOOK_AUDIENCE) is neither a team nor "
                          "an audience declared in policybook.yml")
    _handbook = for_audience(_handbook, audience)
    config.nav = site.expand_nav(config.nav, _handbook, _locale)
    config.site_name = site.site_name(_handbook, _locale)
    if _handbook.config.edit_url and not config.repo_url:
        # A full URL without repo_url keeps edit links and stops Material calling a forge API.
        config.edit_uri = _handbook.config.edit_url.rstrip("/") + "/"
    config.extra["alternate"] = _alternates("index.md")
    if not _serving:  # each locale's site lives below the published root: canonical links, sitemap and feed say so
        config.site_url = site.locale_site_url(_handbook, config.site_url, _locale)
    config.extra["status"] = {**(config.extra.get("status") or {}), **site.status_labels(_handbook, _locale)}
    plugin = config.plugins.get("material/search")
    if type(getattr(plugin, "search_index", None)) is SearchIndex:  # made by the plugin's on_config, just before
        plugin.search_index = _SearchIndex(**plugin.config)  # type: ignore[union-attr]
    settled()  # the handbook lives as long as the build: the collector need not walk it for every page
    return config


def _alternates(uri: str) -> list[dict[str, str]]:
    assert _handbook is not None
    return [{**entry, "link": _RELATIVE + entry["link"]} for entry in site.alternates(_handbook, uri, _locale)]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add policy, process and generated pages; point every edit link at the real source file."""
    assert _handbook is not None
    docs_dir = Path(config.docs_dir).relative_to(_handbook.root).as_posix()
    for uri in hidden_docs(_handbook):  # pages of the docs folder this audience may not read
        hidden = files.get_file_from_path(uri)
        if hidden is not None:
            files.remove(hidden)
    translations, published = site.docs_translations(_handbook, _locale)
    for uri in translations:  # a page's translations are published in place of the page, never beside it
        translation = files.get_file_from_path(uri)
        if translation is not None:
            files.remove(translation)
    for uri, path in published.items():
        original = files.get_file_from_path(uri)
        if original is None:
            continue
        files.remove(original)
        file = File.generated(config, uri, abs_src_path=str(_handbook.root / path))
        file.edit_uri = path
        files.append(file)
    for file in files:
        if not file.generated_by:
            file.edit_uri = f"{docs_dir}/{file.src_uri}"
    for page in site.pages(_handbook, _locale, site_url=config.site_url):
        if page.content is not None and _generated is not None:  # a dirty rebuild skips those unchanged
            file = File.generated(config, page.uri, abs_src_path=str(_generated.path(page.uri, page.content)))
            file.edit_uri = None
        elif page.content is not None:
            file = File.generated(config, page.uri, content=page.content)
            file.edit_uri = None
        elif page.source != page.uri:  # a translation, published at its source page's path
            file = File.generated(config, page.uri, abs_src_path=str(_handbook.root / page.source))
            file.edit_uri = page.source
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


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """In a dirty live preview, register every page's cross-reference targets: the pages that are not
    rebuilt are not rendered, so links from the edited page to them would not resolve."""
    autorefs = config.plugins.get("autorefs")
    if _generated is None or autorefs is None:
        return nav
    assert _handbook is not None
    for file in files.documentation_pages():
        if file.page is None:
            continue
        for identifier, anchor, title in site.anchors(_handbook, file.src_uri):
            autorefs.register_anchor(file.page, identifier, anchor, title=title)
        for identifier, anchor in site.heading_targets(_handbook, file.src_uri):
            autorefs.register_anchor(file.page, identifier, anchor)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """In a live preview, collect the companion's findings before any page is written, and reuse
    the templates compiled by earlier rebuilds (see `_CompiledTemplates`)."""
    global _companion
    if _companion is not None:
        try:
            findings = _companion.findings()
        except ConfigError as error:
            raise PluginError("\n".join(line(d) for d in error.diagnostics)) from None
        except CompanionError as error:
            log.warning(f"Policybook: {error}; checking in this process")
            _companion.close()
            _companion = None
            findings = run_checks(load_handbook(Path(config.config_file_path).parent, cache=_parsed))
        _report(findings)
    if _serving:
        env.bytecode_cache = _templates
    return env


def _report(diagnostics: list[Diagnostic]) -> None:
    """Log the findings; stop the build on an error."""
    for diagnostic in diagnostics:
        # Content warnings (an overdue review) must not stop the handbook publishing under
        # --strict, which is for broken pages; `policybook check --strict` makes them fatal in CI.
        (log.error if diagnostic.level is Level.error else log.info)(line(diagnostic))
    if any(d.level is Level.error for d in diagnostics):
        raise PluginError(f"Policybook: {summary(diagnostics)}; the site was not built")


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Hand over the body of a policy or process the engine has read already (see `site.page_source`)."""
    assert _handbook is not None
    return site.page_source(_handbook, page.file.src_uri, _locale)


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
    tags = site.search_tags(_handbook, page.file.src_uri)
    if tags:  # indexed by the search plugin only: no tags plugin, so nothing shows on the page
        page.meta["tags"] = tags
    return site.render(_handbook, page.file.src_uri, markdown, _locale)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """Point the language switcher and `hreflang` links at this page in every locale."""
    config.extra["alternate"] = _alternates(page.file.src_uri)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Leave the switcher's links relative (see `_RELATIVE`); announce the locale's feed in `<head>`;
    name the search dialog for screen readers; say, in place of search, how to search a site opened
    from disk (`policybook.rendering.offline`)."""
    assert _handbook is not None
    output = output.replace("</head>", site.feed_link(_handbook, page.file.src_uri, _locale) + "</head>", 1)
    output = offline.search_notice(output, _locale)
    return foreign.resolve(theme.name_search_dialog(output.replace(f'href="{_RELATIVE}', 'href="')))


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the generated blocks' HTML in place (see `policybook.rendering.blocks`); refuse unsafe HTML in the
    page; make every heading of an ID'd page reachable as `[text][POL-HS-001#anchor]`; load the diagram
    library on pages with a diagram, and only there."""
    assert _handbook is not None
    html, ids = blocks.unwrap(html)
    html = foreign.resolve(html)  # source-language text as <span lang dir>, before search reads the page
    if ids and page.present_anchor_ids is not None:  # MkDocs validates links to anchors against these
        page.present_anchor_ids |= ids
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
