"""When an escalation contact is staffed: the registry's `hours`, read by the engine.

A moderator on a night shift needs to know, in their own time zone, whether a team's contact
answers now and, if not, who does. So `hours` in `docs/teams.yml` is written in a small grammar
the engine reads, checks (`policybook.checks.hours`) and hands to the page as data; the same text
is what readers see, and what each locale file translates.

    hours = "24/7" | part { ";" part }
    part  = days " " span { "," span } " " zone
    days  = day [ "-" day ] { "," day [ "-" day ] }       Mon-Fri   Sat,Sun   Fri-Mon
    day   = "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun"
    span  = HH:MM "-" HH:MM                                07:00-22:00   22:00-06:00   06:00-24:00
    zone  = "UTC" | an IANA time zone name                 UTC   Europe/Brussels   America/Sao_Paulo

A span that ends before it starts ends the next day: `Fri 22:00-06:00 UTC` is staffed from
Friday 22:00 to Saturday 06:00. Times are wall-clock times of the zone, so summer time moves them
with the zone's clocks. Abbreviations such as `CET` or `EST` are refused: they do not say which
country's summer time applies.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Day names as `hours` spells them, Monday first (the index is Python's `weekday()`)."""
ALWAYS = "24/7"
"""The hours of a contact staffed around the clock."""
DAY_MINUTES = 24 * 60

REFERENCE_WEEKS = (dt.datetime(2026, 1, 5, tzinfo=dt.UTC), dt.datetime(2026, 7, 6, tzinfo=dt.UTC))
"""The two weeks (from a Monday 00:00 UTC) over which coverage is worked out: one in winter and
one in summer, so that a zone's summer time cannot open a gap the other week does not show. Fixed,
so that a check gives the same answer every day of the year."""

_TIME = re.compile(r"(\d\d):(\d\d)")

Interval = tuple[dt.datetime, dt.datetime]
"""A stretch of time, start included, end excluded, in UTC."""


class HoursError(ValueError):
    """`hours` text the grammar does not accept."""

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        """0-based position in the text of what is wrong."""
        self.hint = hint


@dataclass(frozen=True)
class Shift:
    """One staffed span on some days of the week, in one time zone."""

    days: tuple[int, ...]
    """The days the span starts on, 0 (Monday) to 6, sorted."""
    start: int
    """Minutes after midnight, 0 to 1439."""
    end: int
    """Minutes after the midnight the span starts from: above `start`; above 1440 when it ends the next day."""
    zone: str
    """`UTC` or an IANA time zone name."""

    def intervals(self, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        """The times this shift is staffed between `start` and `end` (aware datetimes), in UTC."""
        zone = _zone(self.zone)
        found = []
        first = start.astimezone(zone).date() - dt.timedelta(days=1)  # yesterday's overnight span reaches today
        for offset in range((end.astimezone(zone).date() - first).days + 1):
            day = first + dt.timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            # Wall-clock arithmetic: adding minutes to an aware datetime keeps its zone's clock, so
            # 06:00-24:00 on the day summer time starts is still staffed until local midnight.
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
            opens = (midnight + dt.timedelta(minutes=self.start)).astimezone(dt.UTC)
            closes = (midnight + dt.timedelta(minutes=self.end)).astimezone(dt.UTC)
            opens, closes = max(opens, start), min(closes, end)
            if opens < closes:
                found.append((opens, closes))
        return found


@dataclass(frozen=True)
class Hours:
    """A contact's staffed hours: around the clock, or a list of shifts."""

    shifts: tuple[Shift, ...] = ()
    always: bool = False
    """Written `24/7`."""

    def intervals(self, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        """When the contact is staffed between `start` and `end`, merged, in order, in UTC."""
        if self.always:
            return [(start.astimezone(dt.UTC), end.astimezone(dt.UTC))]
        return merge([interval for shift in self.shifts for interval in shift.intervals(start, end)])

    def is_open(self, instant: dt.datetime) -> bool:
        """Whether the contact is staffed at `instant` (an aware datetime)."""
        return any(opens <= instant < closes
                   for opens, closes in self.intervals(instant - dt.timedelta(minutes=1), instant + dt.timedelta(minutes=1)))

    def gaps(self) -> list[Interval]:
        """When the contact is not staffed in the `REFERENCE_WEEKS`: empty for a contact staffed around the clock."""
        found = []
        for monday in REFERENCE_WEEKS:
            found += uncovered((monday, monday + dt.timedelta(days=7)), self.intervals(monday, monday + dt.timedelta(days=7)))
        return found

    @property
    def around_the_clock(self) -> bool:
        """`24/7`, or shifts that leave no minute of the week unstaffed (`Mon-Sun 00:00-24:00 UTC`)."""
        return self.always or not self.gaps()

    def as_data(self) -> dict[str, object]:
        """The hours as the page's scripts read them (`data-pb-hours`): `{"always": true}`, or
        `{"shifts": [{"days": [0, 1], "from": 420, "to": 1320, "zone": "UTC"}, ...]}` (minutes)."""
        if self.always:
            return {"always": True}
        return {"shifts": [{"days": list(shift.days), "from": shift.start, "to": shift.end, "zone": shift.zone}
                           for shift in self.shifts]}


def merge(intervals: list[Interval]) -> list[Interval]:
    """`intervals` sorted, with overlapping and touching ones joined."""
    merged: list[Interval] = []
    for opens, closes in sorted(intervals):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def uncovered(window: Interval, intervals: list[Interval]) -> list[Interval]:
    """The parts of `window` that none of `intervals` covers."""
    found, cursor = [], window[0]
    for opens, closes in merge(intervals):
        if opens > cursor:
            found.append((cursor, min(opens, window[1])))
        cursor = max(cursor, closes)
    if cursor < window[1]:
        found.append((cursor, window[1]))
    return [(opens, closes) for opens, closes in found if opens < closes]


def describe(interval: Interval) -> str:
    """`Sat 22:00-24:00 UTC`, `Sat 22:00-Mon 07:00 UTC`: a stretch of time as a diagnostic names it."""
    opens, closes = interval
    if closes.date() == opens.date():
        end = f"{closes:%H:%M}"
    elif closes - opens <= dt.timedelta(days=1) and closes.time() == dt.time(0):
        end = "24:00"
    else:
        end = f"{DAYS[closes.weekday()]} {closes:%H:%M}"
    return f"{DAYS[opens.weekday()]} {opens:%H:%M}-{end} UTC"


@lru_cache(maxsize=None)
def _zone(name: str) -> dt.tzinfo:
    return dt.UTC if name == "UTC" else zoneinfo.ZoneInfo(name)


@lru_cache(maxsize=None)
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


_FORM = "write hours as '24/7' or like 'Mon-Fri 07:00-22:00 UTC' (days, times, time zone)"


def parse_hours(text: str) -> Hours:
    """Read `hours` text (see the module's grammar).

    Raises:
        HoursError: with the position of the first thing the grammar does not accept.
    """
    if text.strip() == ALWAYS:
        return Hours(always=True)
    if not text.strip():
        raise HoursError("no hours given", 0, hint=_FORM)
    shifts: list[Shift] = []
    position = 0
    for part in text.split(";"):
        shifts += _part(part, position)
        position += len(part) + 1
    return Hours(shifts=tuple(shifts))


def _part(part: str, offset: int) -> list[Shift]:
    """One `days spans zone` part of the text, which starts at `offset`."""
    words = [(match.start() + offset, match.group()) for match in re.finditer(r"[^\s,]+(?:\s*,\s*[^\s,]+)*", part)]
    if not words:
        raise HoursError("nothing between two ';' or after the last", offset, hint=_FORM)
    if len(words) < 3:
        at, word = words[-1]
        what = ("times and a time zone" if len(words) == 1 else
                "a time zone after the times" if ":" in word else "times between the days and the time zone")
        raise HoursError(f"'{part.strip()}' lacks {what}", at, hint=_FORM)
    (days_at, days_text), (spans_at, spans_text), (zone_at, zone), *rest = words
    if ":" in zone:
        raise HoursError(f"'{zone}' where the time zone belongs: separate spans with a comma", zone_at, hint=_FORM)
    if rest:
        raise HoursError(f"unexpected '{rest[0][1]}': a part ends with its time zone; separate parts with ';'",
                         rest[0][0], hint=_FORM)
    days = _days(days_text, days_at)
    spans = _spans(spans_text, spans_at)
    _check_zone(zone, zone_at)
    return [Shift(days=days, start=start, end=end, zone=zone) for start, end in spans]


def _items(text: str, offset: int) -> list[tuple[int, str]]:
    """The comma-separated items of `text` with their positions."""
    found, position = [], offset
    for item in text.split(","):
        stripped = item.strip()
        found.append((position + item.index(stripped) if stripped else position, stripped))
        position += len(item) + 1
    return found


def _days(text: str, offset: int) -> tuple[int, ...]:
    chosen: set[int] = set()
    for at, item in _items(text, offset):
        first, dash, last = item.partition("-")
        start = _day(first, at)
        end = _day(last, at + len(first) + 1) if dash else start
        count = (end - start) % 7 + 1  # Fri-Mon goes round the weekend
        chosen.update((start + step) % 7 for step in range(count))
    return tuple(sorted(chosen))


def _day(word: str, at: int) -> int:
    if word in DAYS:
        return DAYS.index(word)
    close = next((day for day in DAYS if len(word) >= 2 and day.casefold().startswith(word[:3].casefold())), None)
    hint = f"did you mean '{close}'?" if close else _FORM
    raise HoursError(f"'{word}' is not a day: use {', '.join(DAYS[:-1])} or {DAYS[-1]}", at, hint=hint)


def _spans(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    for at, item in _items(text, offset):
        first, dash, last = item.partition("-")
        if not dash:
            raise HoursError(f"'{item}' is not a span of time: write it as HH:MM-HH:MM", at, hint=_FORM)
        start = _minutes(first, at, end=False)
        end = _minutes(last, at + len(first) + 1, end=True)
        if start == end:
            raise HoursError(f"'{item}' ends when it starts: write 00:00-24:00 for a whole day", at)
        spans.append((start, end if end > start else end + DAY_MINUTES))
    return spans


def _minutes(word: str, at: int, *, end: bool) -> int:
    match = _TIME.fullmatch(word)
    if match is None:
        raise HoursError(f"'{word}' is not a time: write HH:MM on the 24-hour clock, e.g. 07:00", at, hint=_FORM)
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        raise HoursError(f"'{word}' is not a time of day: from 00:00 to 24:00 (24:00 only as an end)", at)
    return hours * 60 + minutes


def _check_zone(zone: str, at: int) -> None:
    if zone == "UTC" or ("/" in zone and zone in _known_zones()):
        return
    advice = "name the zone as the IANA time zone database does, e.g. Europe/Brussels (CET and CEST) or UTC"
    if zone in _known_zones() or (zone.isalpha() and zone.isupper()):
        raise HoursError(f"'{zone}' is an abbreviation, which does not say whether or when summer time applies", at,
                         hint=advice)
    close = difflib.get_close_matches(zone, sorted(name for name in _known_zones() if "/" in name), n=1, cutoff=0.8)
    raise HoursError(f"'{zone}' is not a time zone", at, hint=f"did you mean '{close[0]}'?" if close else advice)
