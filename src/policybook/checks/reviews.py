"""Pages in force are reviewed on their cycle."""

from __future__ import annotations

from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.clock import today
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Status, parse_duration


@check("reviews")
def reviews(handbook: Handbook) -> Iterator[Diagnostic]:
    """Warn when an active page is past `last_reviewed + review_every`."""
    now = today()
    for document in handbook.documents:
        meta = document.meta
        if not isinstance(meta, Policy | ProcessSegment) or meta.status is not Status.active:
            continue
        due = meta.last_reviewed + parse_duration(meta.review_every)
        if due < now:
            team = handbook.teams.get(meta.owner)
            yield Diagnostic.of(
                dx.REVIEW_OVERDUE, document.path, *document.locate("last_reviewed"),
                f"review overdue since {due.isoformat()} ({(now - due).days} days; last reviewed "
                f"{meta.last_reviewed.isoformat()}, every {meta.review_every})",
                hint=f"ask {team.name if team else meta.owner} to review it and update last_reviewed",
            )
