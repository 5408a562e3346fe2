"""What changed in the handbook: every policy and process changelog entry, newest first.

One computation for the "What changed" page, its Atom feed and the "Updated" badges, so the page,
the feed and the badges never disagree about what changed when. Computed from the handbook it is
given: a build for one audience passes the handbook that audience may read, so a restricted page's
changes never reach a page or feed of a site it is not published in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policybook.clock import today as clock_today
from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import ChangelogEntry, Status


@dataclass(frozen=True)
class Change:
    """One published change to a policy or process segment."""

    document: Document
    """The source page that changed."""
    entry: ChangelogEntry
    """Its changelog entry: version, date and summary."""

    @property
    def date(self) -> dt.date:
        """The day the change took effect."""
        return self.entry.date


def changes(handbook: Handbook) -> list[Change]:
    """Every changelog entry of every policy and process segment: newest first, then by page ID.

    Entries of the same page on the same day keep their order in the file (newest version first).
    """
    found = [
        Change(document, entry)
        for document in (*handbook.policies, *handbook.processes)
        for entry in document.meta.changelog
    ]
    # Stable sorts: by ID first, then by date, newest first; file order survives among equal keys.
    found.sort(key=lambda change: change.document.id or "")
    found.sort(key=lambda change: change.date, reverse=True)
    return found


def latest_change(document: Document) -> ChangelogEntry | None:
    """A page's newest changelog entry (the latest date; the first in the file among equals)."""
    entries = list(document.meta.changelog)
    return max(entries, key=lambda entry: entry.date) if entries else None


def is_recent(handbook: Handbook, day: dt.date, today: dt.date | None = None) -> bool:
    """Whether a change on `day` is within the `updated_days` window ending today (never a future date).

    "Today" comes from `policybook.clock`, so `POLICYBOOK_TODAY` or `SOURCE_DATE_EPOCH` pin it.
    """
    window = handbook.config.updated_days
    today = today or clock_today()
    return window > 0 and today - dt.timedelta(days=window) < day <= today


def recently_updated(handbook: Handbook, document: Document, today: dt.date | None = None) -> ChangelogEntry | None:
    """The change that earns a page its "Updated" badge: its newest entry, if that is recent."""
    entry = latest_change(document)
    return entry if entry is not None and is_recent(handbook, entry.date, today) else None


def nav_marker(handbook: Handbook, document: Document, today: dt.date | None = None) -> str | None:
    """The marker next to a page in navigation: its status when not in force, else `updated` when
    it changed recently, else none. Not being in force always wins: a retired page that changed
    last week must read "retired", never "updated"."""
    status = document.meta.status
    if status is not Status.active:
        return status.value
    return "updated" if recently_updated(handbook, document, today) else None
