"""The handbook's notion of today, overridable so builds and tests are reproducible."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """`POLICYBOOK_TODAY` (YYYY-MM-DD) if set, else `SOURCE_DATE_EPOCH` if set, else the real date (UTC)."""
    fixed = os.environ.get("POLICYBOOK_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()
