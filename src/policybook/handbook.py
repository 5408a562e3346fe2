"""The handbook index: every document, team and glossary entry, found by ID.

Built once from the files (`policybook.loading.load_handbook`), then read by checks, renderings,
the CLI and the MkDocs hooks. Nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policybook.config import HandbookConfig
from policybook.diagnostics import Diagnostic
from policybook.documents import Document, Kind, RawPage, SitePageSource
from policybook.model import Glossary, Policy, ProcessSegment, Team
from policybook.model.names import LocaleNames
from policybook.references import Reference, scan
from policybook.yamldata import YamlData


@dataclass
class Handbook:
    """Everything loaded from one handbook repository."""

    root: Path
    """The repository root (where `policybook.yml` is)."""
    config: HandbookConfig
    """The validated settings."""
    documents: list[Document] = field(default_factory=list)
    """Every valid page, sources and translations, sorted by path."""
    teams: dict[str, Team] = field(default_factory=dict)
    """The team registry by team ID."""
    team_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Where each team is declared in the registry file."""
    glossaries: dict[str, Glossary] = field(default_factory=dict)
    """Glossary files by locale."""
    names: dict[str, LocaleNames] = field(default_factory=dict)
    """Locale files (`docs/locales/<locale>.yml`) by locale: the handbook's names in each language."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems found while loading (unreadable files, invalid front-matter)."""
    failed_paths: set[str] = field(default_factory=set)
    """Pages that could not be loaded; checks must not report them missing a second time."""
    raw_pages: list[RawPage] = field(default_factory=list)
    """Every page whose front-matter parsed, valid or not, for checks of plain fields."""
    site_pages: list[SitePageSource] = field(default_factory=list)
    """The handbook's own pages in the docs folder, translations (`index.es.md`) included."""
    data_files: dict[str, YamlData] = field(default_factory=dict)
    """The parsed YAML data files (settings, team registry, glossaries) by path, for checks of
    their text: their strings are rendered into pages too."""

    def __post_init__(self) -> None:
        self.reindex()

    def references(self, path: str) -> list[Reference]:
        """The references in the body of the page at `path` (scanned once, then cached)."""
        cache: dict[str, list[Reference]] = self.__dict__.setdefault("_references", {})
        if path not in cache:
            page = self.by_path.get(path) or self.site_page(path)
            cache[path] = scan(page.body, page.body_line) if page is not None else []
        return cache[path]

    def site_page(self, path: str) -> SitePageSource | None:
        """One of the handbook's own pages by its repository path."""
        lookup: dict[str, SitePageSource] = self.__dict__.setdefault(
            "_site_pages", {page.path: page for page in self.site_pages}
        )
        return lookup.get(path)

    @property
    def source_site_pages(self) -> list[SitePageSource]:
        """The handbook's own pages in the source language (no translations)."""
        return [page for page in self.site_pages if page.locale is None]

    def site_translations(self, source_path: str) -> dict[str, SitePageSource]:
        """The translations of one of the handbook's own pages, by locale."""
        grouped: dict[str, dict[str, SitePageSource]] | None = self.__dict__.get("_site_translations")
        if grouped is None:
            grouped = self.__dict__["_site_translations"] = {}
            for page in self.site_pages:
                if page.source_path is not None and page.locale is not None:
                    grouped.setdefault(page.source_path, {})[page.locale] = page
        return grouped.get(source_path, {})

    def reindex(self) -> None:
        """Rebuild the lookup tables after `documents` changed."""
        self.__dict__.pop("_references", None)
        self.__dict__.pop("_site_pages", None)
        self.__dict__.pop("_site_translations", None)
        self.documents.sort(key=lambda document: document.path)
        self.by_id: dict[str, Document] = {}
        self.by_path: dict[str, Document] = {}
        self.translations: dict[str, dict[str, Document]] = {}
        self.raw_pages.sort(key=lambda page: page.path)
        # IDs declared by any parseable page, valid or not: a reference to a page that merely has
        # an invalid field is not an unknown reference.
        self.declared_ids: dict[str, list[RawPage]] = {}
        for page in self.raw_pages:
            declared = page.text("id")
            if page.kind is not Kind.translation and declared:
                self.declared_ids.setdefault(declared, []).append(page)
        for document in self.documents:
            self.by_path[document.path] = document
            if document.kind is Kind.translation:
                assert document.source_path is not None
                self.translations.setdefault(document.source_path, {})[document.locale] = document
            elif document.id is not None:
                self.by_id.setdefault(document.id, document)  # duplicates are reported by a check
        self._policies = sorted((d for d in self.by_id.values() if d.kind is Kind.policy), key=lambda d: d.id or "")
        order = list(self.config.workflows)

        def position(document: Document) -> tuple[int, int, str]:
            meta = document.meta
            assert isinstance(meta, ProcessSegment)
            return (order.index(meta.workflow) if meta.workflow in order else len(order)), meta.order, document.path

        self._processes = sorted((d for d in self.by_id.values() if d.kind is Kind.process), key=position)
        self._superseded_by: dict[str, Document] = {}
        for document in self._policies:
            for old in document.meta.supersedes:
                current = self._superseded_by.get(old)
                if current is None or (current.meta.status.value != "active" and document.meta.status.value == "active"):
                    self._superseded_by[old] = document

    @property
    def policies(self) -> list[Document]:
        """Policy pages in the source locale, sorted by ID."""
        return self._policies

    @property
    def processes(self) -> list[Document]:
        """Process segments in the source locale, by workflow order then segment order."""
        return self._processes

    def in_folder(self, folder: str) -> list[Document]:
        """The policies of an area, or the segments of a workflow, in the order above.

        Grouped once per handbook: indexes and diagrams ask for every area and workflow in turn."""
        grouped: dict[str, list[Document]] | None = self.__dict__.get("_in_folder")
        if grouped is None:
            grouped = self.__dict__["_in_folder"] = {}
            for document in (*self._policies, *self._processes):
                grouped.setdefault(document.folder, []).append(document)
        return list(grouped.get(folder, []))

    def superseded_by(self, policy_id: str) -> Document | None:
        """The policy whose `supersedes` names `policy_id` (an active one first), if any."""
        return self._superseded_by.get(policy_id)

    def policy(self, policy_id: str) -> Policy | None:
        """The front-matter of a policy by ID."""
        document = self.by_id.get(policy_id)
        return document.meta if document and isinstance(document.meta, Policy) else None

    def owned_by(self, team_id: str) -> list[Document]:
        """Policies and processes whose `owner` is `team_id`."""
        return [d for d in (*self.policies, *self.processes) if getattr(d.meta, "owner", None) == team_id]
