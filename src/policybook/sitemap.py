"""What the published site will contain: every page's path and anchors.

One source of truth for the renderings (which produce these pages and sections) and the link
checks (which must accept exactly what the site will have), so `policybook check` and the built
site never disagree about a link.
"""

from __future__ import annotations

from functools import cache

from policybook.anchors import page_anchors
from policybook.diagnostics import CODES
from policybook.documents import Document, Kind
from policybook.handbook import Handbook
from policybook.rendering.commands import cli_reference

TEAMS_PAGE = "teams.md"
GLOSSARY_PAGE = "glossary.md"
DIAGNOSTICS_PAGE = "reference/diagnostics.md"
COMMANDS_PAGE = "reference/commands.md"
POLICIES_INDEX = "policies/index.md"
PROCESSES_INDEX = "processes/index.md"
BY_SEVERITY = "policies/by-severity.md"
BY_DSA = "policies/by-dsa-category.md"
ESCALATION_MATRIX = "escalation-matrix.md"
ESCALATION_CSV = "escalation-matrix.csv"

POLICY_SECTIONS = ("policy-exceptions", "policy-enforcement", "regional-notes", "see-also", "changelog", "referenced-by")
"""Anchors of the sections generated below a policy's prose."""
PROCESS_SECTIONS = (
    "triggers-and-inputs", "outputs", "roles", "service-levels", "steps", "escalation-paths",
    "policies-applied", "changelog", "referenced-by",
)
"""Anchors of the sections generated below a process segment's prose."""


def site_uri(handbook: Handbook, path: str) -> str:
    """A repository path's page path in the site (`docs/reading.md` -> `reading.md`)."""
    prefix = handbook.config.docs_dir.rstrip("/") + "/"
    return path[len(prefix):] if path.startswith(prefix) else path


TRANSLATIONS_PAGE = "translations.md"
CHANGES_PAGE = "changes.md"
"""The "What changed" page of every locale's site."""
CHANGES_FEED = "changes.xml"
"""Its Atom feed, at the root of every locale's site."""


def page_url(uri: str) -> str:
    """The URL of a page relative to its site's root, with directory URLs: `a/b.md` -> `a/b/`."""
    if uri.endswith("index.md"):
        return uri[: -len("index.md")]
    return uri[: -len(".md")] + "/" if uri.endswith(".md") else uri


def locale_root(locale: str, source_locale: str) -> str:
    """Where a locale's site lives below the published root: '' for the source, else `<locale>/`."""
    return "" if locale == source_locale else f"{locale}/"


def cross_locale_link(uri: str, from_locale: str, to_locale: str, source_locale: str, anchor: str | None = None) -> str:
    """A relative link from a page in one locale's site to the same page in another's."""
    here = locale_root(from_locale, source_locale) + page_url(uri)
    up = "../" * here.count("/")
    target = locale_root(to_locale, source_locale) + page_url(uri)
    return (up + target or "./") + (f"#{anchor}" if anchor else "")


def dsa_anchor(category: str) -> str:
    """`STATEMENT_CATEGORY_SELF_HARM` -> `statement-category-self-harm`."""
    return category.lower().replace("_", "-")


def document_anchors(document: Document) -> set[str]:
    """Anchors of a policy or process page: its prose, its ID, generated sections and steps."""
    found = set(_prose_anchors(document.body)) | {document.id or ""}
    if document.kind is Kind.policy:
        found.update(POLICY_SECTIONS)
    elif document.kind is Kind.process:
        found.update(PROCESS_SECTIONS)
        found.update(f"step-{step.id}" for step in getattr(document.meta, "steps", []))
    return found - {""}


@cache
def _prose_anchors(body: str) -> frozenset[str]:
    return frozenset(page_anchors(body))


def site_anchors(handbook: Handbook) -> dict[str, set[str]]:
    """Every page of the site by path, with the anchors it will have."""
    pages: dict[str, set[str]] = {page.uri: set(_prose_anchors(page.body)) for page in handbook.source_site_pages}
    for document in handbook.documents:
        if document.kind is not Kind.translation:
            pages[document.path] = document_anchors(document)
    source = handbook.glossaries.get(handbook.config.source_locale)
    used_areas = {d.folder for d in handbook.policies}
    used_workflows = {d.folder for d in handbook.processes}
    pages[TEAMS_PAGE] = set(handbook.teams)
    pages[GLOSSARY_PAGE] = {entry.id for entry in source.entries} if source else set()
    pages[DIAGNOSTICS_PAGE] = {code.lower() for code in CODES}
    pages[COMMANDS_PAGE] = page_anchors(cli_reference())
    pages[POLICIES_INDEX] = used_areas | {"retired"}
    pages[BY_SEVERITY] = {"sev0", "sev1", "sev2", "sev3"}
    pages[BY_DSA] = {dsa_anchor(d.meta.dsa.category) for d in handbook.policies}
    pages[PROCESSES_INDEX] = set(used_workflows) | ({"how-cases-move"} if used_workflows else set())
    pages.update({f"policies/{folder}/index.md": set() for folder in used_areas})
    pages.update({f"processes/{folder}/index.md": {"segments", "how-cases-move"} for folder in used_workflows})
    pages[CHANGES_PAGE] = {f"changes-{day:%Y-%m}" for d in (*handbook.policies, *handbook.processes)
                           for day in (entry.date for entry in d.meta.changelog)}
    pages[ESCALATION_MATRIX] = {d.folder for d in handbook.policies if d.meta.status.value == "active"}
    return pages
