"""The site plan: which pages the handbook adds to a site, and how each is rendered.

Independent of the site generator: a front end asks for `pages(handbook)`, adds them, and passes
each page's Markdown through `render` before converting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policybook.backlinks import referenced_by
from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.rendering.indexes import POLICIES_INDEX, PROCESSES_INDEX, generated_pages, nav_section
from policybook.rendering.escalation import escalation_downloads
from policybook.rendering.pages import policy_page, process_page
from policybook.rendering.terms import glossary_links, terms_section


@dataclass(frozen=True)
class SitePage:
    """A page the handbook contributes to the site."""

    uri: str
    """Its path in the site's source layout, e.g. `policies/hate-speech/hate-speech.md`."""
    source: str | None = None
    """The repository file it comes from (for edit links), or None when generated."""
    content: str | None = None
    """The Markdown of a generated page."""


def pages(handbook: Handbook) -> list[SitePage]:
    """Source pages (policies and processes in the source locale) and generated pages."""
    found = [SitePage(d.path, source=d.path) for d in handbook.documents if d.kind is not Kind.translation]
    found += [SitePage(uri, content=content) for uri, content in generated_pages(handbook).items()]
    found += [SitePage(uri, content=content) for uri, content in escalation_downloads(handbook).items()]
    return found


def render(handbook: Handbook, uri: str, markdown: str) -> str:
    """The final Markdown of a page: policy and process pages get their card and sections."""
    document = handbook.by_path.get(uri)
    if document is None or document.kind is Kind.translation:
        if handbook.site_page(f"{handbook.config.docs_dir}/{uri}") is not None:  # written in the source locale
            markdown = glossary_links(handbook, uri, markdown, handbook.config.source_locale)
        return markdown
    backlinks: dict[str, list[str]] = handbook.__dict__.get("_backlinks") or handbook.__dict__.setdefault(
        "_backlinks", referenced_by(handbook)
    )
    sources = backlinks.get(document.id or "", [])
    locale = handbook.config.source_locale
    markdown = glossary_links(handbook, uri, markdown, locale)
    page = policy_page if document.kind is Kind.policy else process_page
    return page(handbook, document, markdown, sources) + "\n" + terms_section(handbook, uri, document.path, locale)


def anchors(handbook: Handbook, uri: str) -> list[tuple[str, str, str]]:
    """`(identifier, anchor, title)` to register for cross-references from a page.

    A page is reachable by its ID (the H1 carries it) and each process step by `<ID>#<step>`.
    """
    document = handbook.by_path.get(uri)
    if document is None or document.id is None:
        return []
    found = [(document.id, document.id, f"{document.id} {document.meta.title}")]
    for step in getattr(document.meta, "steps", []):
        found.append((f"{document.id}#{step.id}", f"step-{step.id}", f"{document.meta.title}: {step.text}"))
    return found


def nav_status(handbook: Handbook, uri: str) -> str | None:
    """The status to flag next to a page in navigation: none for active pages, so only exceptions stand out."""
    document = handbook.by_path.get(uri)
    status = getattr(document.meta, "status", None) if document else None
    return None if status is None or status.value == "active" else status.value


def heading_identifier(handbook: Handbook, uri: str, anchor: str) -> str | None:
    """The cross-reference identifier of a heading on an ID'd page: `<ID>#<anchor>`."""
    document = handbook.by_path.get(uri)
    return f"{document.id}#{anchor}" if document is not None and document.id else None


def expand_nav(nav: list[Any] | None, handbook: Handbook) -> list[Any] | None:
    """Replace the nav entries pointing at the policies and processes indexes with full sections."""
    if nav is None:
        return None
    sections = {POLICIES_INDEX: "policies", PROCESSES_INDEX: "processes"}
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(value, str) and value in sections:
                expanded.append({title: nav_section(handbook, sections[value])})
                continue
            if isinstance(value, list):
                expanded.append({title: expand_nav(value, handbook)})
                continue
        expanded.append(item)
    return expanded
