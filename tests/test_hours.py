"""Contacts' hours (policybook.hours): the grammar, when a contact is staffed, and what is left uncovered."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from policybook.hours import REFERENCE_WEEKS, HoursError, describe, parse_hours



def at(text: str, zone: str = "UTC") -> dt.datetime:
    """`2026-12-07 06:59` on the clocks of `zone`."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def test_around_the_clock():
    assert parse_hours("24/7").around_the_clock
    assert parse_hours("Mon-Sun 00:00-24:00 UTC").around_the_clock  # the whole week, written out
    assert parse_hours("Mon-Sun 00:00-12:00 UTC; Mon-Sun 12:00-24:00 UTC").around_the_clock
    # Staffed every hour in Brussels' winter, but the zone's clocks move: still every hour of the week.
    assert parse_hours("Mon-Sun 00:00-24:00 Europe/Brussels").around_the_clock
    assert not parse_hours("Mon-Sun 06:00-24:00 UTC").around_the_clock
    assert not parse_hours("Mon-Fri 00:00-24:00 UTC").around_the_clock


def test_a_span_and_its_edges():
    hours = parse_hours("Mon-Fri 07:00-22:00 UTC")
    assert not hours.is_open(at("2026-12-07 06:59"))  # a Monday
    assert hours.is_open(at("2026-12-07 07:00"))
    assert hours.is_open(at("2026-12-07 21:59"))
    assert not hours.is_open(at("2026-12-07 22:00"))
    assert not hours.is_open(at("2026-12-05 12:00"))  # Saturday
    # The same instant written in another zone is the same answer.
    assert hours.is_open(at("2026-12-07 16:30", "Asia/Tokyo"))  # 07:30 UTC


def test_a_span_past_midnight_ends_the_next_day():
    hours = parse_hours("Fri 22:00-06:00 UTC")
    assert hours.is_open(at("2026-12-04 23:00"))  # Friday night
    assert hours.is_open(at("2026-12-05 05:59"))  # Saturday morning: still Friday's shift
    assert not hours.is_open(at("2026-12-05 06:00"))
    assert not hours.is_open(at("2026-12-05 23:00"))  # Saturday night: no shift starts on Saturday


def test_summer_time_moves_a_zones_hours_with_its_clocks():
    hours = parse_hours("Mon-Fri 08:00-18:00 Europe/Brussels")
    assert hours.is_open(at("2026-01-05 07:00")) and not hours.is_open(at("2026-01-05 06:59"))  # CET: UTC+1
    assert hours.is_open(at("2026-07-06 06:00")) and not hours.is_open(at("2026-07-06 05:59"))  # CEST: UTC+2
    assert not hours.is_open(at("2026-07-06 16:00"))


def test_days_lists_ranges_and_a_range_round_the_weekend():
    assert parse_hours("Sat,Sun 10:00-16:00 UTC").shifts[0].days == (5, 6)
    assert parse_hours("Fri-Mon 10:00-16:00 UTC").shifts[0].days == (0, 4, 5, 6)
    assert parse_hours("Mon, Wed-Thu 10:00-16:00 UTC").shifts[0].days == (0, 2, 3)
    two = parse_hours("Mon-Fri 08:00-12:00, 13:00-17:00 UTC")
    assert [(shift.start, shift.end) for shift in two.shifts] == [(480, 720), (780, 1020)]
    assert not two.is_open(at("2026-12-07 12:30"))


def test_page_data_says_days_minutes_and_zone():
    assert parse_hours("24/7").as_data() == {"always": True}
    assert parse_hours("Mon-Fri 22:00-06:00 Europe/Dublin").as_data() == {
        "shifts": [{"days": [0, 1, 2, 3, 4], "from": 1320, "to": 1800, "zone": "Europe/Dublin"}]}


def test_gaps_are_the_unstaffed_hours_of_the_reference_weeks():
    gaps = parse_hours("Mon-Sun 06:00-24:00 UTC").gaps()
    assert len(gaps) == 2 * 7  # six hours every night of two weeks
    assert all(closes - opens == dt.timedelta(hours=6) and opens.hour == 0 for opens, closes in gaps)
    assert gaps[0] == (REFERENCE_WEEKS[0], REFERENCE_WEEKS[0] + dt.timedelta(hours=6))
    assert describe(gaps[1]) == "Tue 00:00-06:00 UTC"
    assert describe((at("2026-01-10 22:00"), at("2026-01-12 07:00"))) == "Sat 22:00-Mon 07:00 UTC"
    assert describe((at("2026-01-10 22:00"), at("2026-01-11 00:00"))) == "Sat 22:00-24:00 UTC"


@pytest.mark.parametrize(("text", "offset", "says"), [
    ("Mon-Fri 07:00-22:00 UTC; weekends on call", 25, "'weekends' is not a day"),
    ("Mon-Fri 08:00-18:00 CET", 20, "'CET' is an abbreviation"),
    ("Mo-Fr 08:00-18:00 UTC", 0, "'Mo' is not a day"),
    ("Mon-Fri 8:00-18:00 UTC", 8, "'8:00' is not a time"),
    ("Mon-Fri 08:00-25:00 UTC", 14, "'25:00' is not a time of day"),
    ("Mon-Fri 24:00-06:00 UTC", 8, "'24:00' is not a time of day"),
    ("Mon-Fri 07:00-07:00 UTC", 8, "ends when it starts"),
    ("Mon-Fri 08:00-18:00 Europe/Bruxelles", 20, "'Europe/Bruxelles' is not a time zone"),
    ("Mon-Fri 08:00-18:00", 8, "lacks a time zone"),
    ("Mon-Fri UTC", 8, "lacks times"),
    ("Mon-Fri 08:00-12:00 13:00-18:00 UTC", 20, "separate spans with a comma"),
    ("Mon-Fri 08:00-18:00 UTC extra", 24, "unexpected 'extra'"),
    ("Mon-Fri 08:00-18:00 UTC;", 24, "nothing between"),
    ("", 0, "no hours given"),
    ("around the clock", 0, "'around' is not a day"),
])
def test_hours_the_grammar_refuses_say_where_and_why(text: str, offset: int, says: str):
    with pytest.raises(HoursError) as refused:
        parse_hours(text)
    assert refused.value.offset == offset
    assert says in refused.value.message


def test_a_near_miss_gets_a_suggestion():
    with pytest.raises(HoursError) as refused:
        parse_hours("Mon-Fri 08:00-18:00 europe/brussels")
    assert refused.value.hint == "did you mean 'Europe/Brussels'?"
    with pytest.raises(HoursError) as refused:
        parse_hours("Mon-Fr 08:00-18:00 UTC")
    assert refused.value.hint == "did you mean 'Fri'?"
