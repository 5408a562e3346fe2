"""IDs are unique, never reused, and carry the code of their area or workflow."""

from __future__ import annotations

from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.model.common import POLICY_ID, PROCESS_ID


@check("duplicate-ids")
def duplicate_ids(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every page after the first (by path) that declares an ID already taken."""
    for identifier, pages in handbook.declared_ids.items():
        for page in pages[1:]:
            yield Diagnostic.of(
                dx.DUPLICATE_ID, page.path, *page.locate("id"), f"ID {identifier} is already used by {pages[0].path}",
            )


@check("id-prefix")
def id_prefix(handbook: Handbook) -> Iterator[Diagnostic]:
    """The code in an ID matches the code of the folder's area or workflow."""
    for page in handbook.raw_pages:
        identifier = page.text("id") or ""
        if page.kind is Kind.policy:
            group, match, part = handbook.config.areas.get(page.folder), POLICY_ID.match(identifier), "area"
        elif page.kind is Kind.process:
            group, match, part = handbook.config.workflows.get(page.folder), PROCESS_ID.match(identifier), "workflow"
        else:
            continue
        if group and match and match[part] != group.code:
            yield Diagnostic.of(
                dx.ID_PREFIX_MISMATCH, page.path, *page.locate("id"),
                f"ID {identifier} has code {match[part]}, but folder '{page.folder}' uses {group.code}",
            )
