"""The escalation matrix in a real browser, as a moderator on a night shift uses it: the filters, who is
reachable now on the reader's own clock, the after-hours fallback, stacked cards on a narrow screen, the
Arabic edition, accessibility, and nothing fetched from elsewhere.

The reader's time zone and clock are emulated (Playwright's `timezone_id` and `page.clock`); what the page
says is compared with what the engine computes from the same hours (`policybook.hours`), so a wrong
conversion on either side fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from policybook.escalation import escalation_matrix
from policybook.hours import parse_hours
from policybook.rendering.messages import catalogue
from test_browser import AXE, CHROMIUM, CHROMIUM_ARGS, LOCAL_HOST, NOT_NETWORK, base_url  # noqa: F401 (a fixture)

MATRIX = "escalation-matrix/"
SATURDAY_NIGHT = dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC)
"""Most teams closed; 24/7 teams and fallbacks open."""
MONDAY_AFTERNOON = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)
"""Most teams open."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def reader(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:  # noqa: F811 (the fixture imported above)
    """Opens a page for a reader at `width`, in time zone `zone`, at the instant `now`; refuses and
    reports any request that would leave 127.0.0.1."""
    contexts, refused = [], []

    def open_page(path: str, *, width: int = 1440, zone: str = "UTC", now: dt.datetime = MONDAY_AFTERNOON,
                  scheme: str = "light") -> Page:
        context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id=zone, color_scheme=scheme)
        context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).scheme in NOT_NETWORK
                      or urlsplit(route.request.url).hostname == LOCAL_HOST else (refused.append(route.request.url), route.abort()))
        contexts.append(context)
        page = context.new_page()
        page.clock.set_fixed_time(now)
        page.goto(base_url + path)
        page.locator("[data-pb-status]:not([hidden]), .pb-hours-texts:not([hidden])").first.wait_for()
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert refused == []


def visible_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "table.pb-esc__table tbody tr", "rows => rows.filter(row => row.offsetParent !== null)"
        ".map(row => row.querySelector('.pb-esc__policy .pb-nobreak').textContent)")


def status(page: Page) -> str:
    return page.locator("[data-pb-status]").inner_text()


def test_filters_by_area_team_and_tier(reader, sample):
    routes = escalation_matrix(sample)
    page = reader(MATRIX)
    assert visible_ids(page) == [route.policy_id for route in routes]
    assert f"{len(routes)} of {len(routes)} policies shown." in status(page)

    area = routes[-1].area
    page.select_option("select[data-pb-filter=area]", area)
    assert visible_ids(page) == [route.policy_id for route in routes if route.area == area]
    headings = page.eval_on_selector_all("article h2", "hs => hs.filter(h => h.offsetParent !== null).map(h => h.id)")
    assert headings == [area]
    page.select_option("select[data-pb-filter=area]", "")

    team = max({route.owner_id for route in routes}, key=lambda owner: len({r.area for r in routes if r.owner_id == owner}))
    page.select_option("select[data-pb-filter=team]", team)
    expected = [route.policy_id for route in routes if route.owner_id == team]
    assert visible_ids(page) == expected and len({r.area for r in routes if r.owner_id == team}) >= 2
    assert f"{len(expected)} of {len(routes)} policies shown." in status(page)
    page.select_option("select[data-pb-filter=team]", "")

    # By keyboard: the tier filter's first choice is the most severe tier the matrix holds.
    page.focus("select[data-pb-filter=severity]")
    page.keyboard.press("ArrowDown")
    tier = page.eval_on_selector("select[data-pb-filter=severity]", "select => select.value")
    assert tier == min(route.severity for route in routes)
    assert visible_ids(page) == [route.policy_id for route in routes if route.severity == tier]

    # Nothing matches: the page says so instead of showing an empty table.
    empty = next((a, s) for a in dict.fromkeys(r.area for r in routes) for s in ("sev0", "sev1", "sev2", "sev3")
                 if s in {r.severity for r in routes} and not any(r.area == a and r.severity == s for r in routes))
    page.select_option("select[data-pb-filter=area]", empty[0])
    page.select_option("select[data-pb-filter=severity]", empty[1])
    assert visible_ids(page) == []
    assert page.locator("[data-pb-none]").is_visible()


def expected_badge(hours_text: str, now: dt.datetime, zone: str) -> tuple[bool, str | None]:
    """Whether the contact is open at `now`, and when that changes on the reader's clock (`22:00`, `Mon 07:00`)."""
    hours = parse_hours(hours_text)
    if hours.always:
        return True, None
    is_open = hours.is_open(now)
    ahead = hours.intervals(now, now + dt.timedelta(days=9))
    change = ahead[0][1] if is_open else ahead[0][0]
    here, today = change.astimezone(ZoneInfo(zone)), now.astimezone(ZoneInfo(zone))
    return is_open, f"{here:%H:%M}" if here.date() == today.date() else f"{here:%a %H:%M}"


@pytest.mark.parametrize(("zone", "now"), [
    ("Asia/Tokyo", SATURDAY_NIGHT),
    ("America/New_York", dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC)),   # Sunday midnight in New York
    ("Europe/Berlin", dt.datetime(2026, 7, 6, 20, 30, tzinfo=dt.UTC)),     # summer time: 22:30 in Berlin and Brussels
])
def test_who_is_reachable_now_on_the_readers_clock(reader, sample, zone: str, now: dt.datetime):
    routes = escalation_matrix(sample)
    page = reader(MATRIX, zone=zone, now=now)
    local_now = now.astimezone(ZoneInfo(zone))
    assert f"{zone}. Now: {local_now:%a %H:%M}." in status(page)
    shown = page.eval_on_selector_all("table.pb-esc__table tbody tr", """rows => rows.map(row => ({
        team: row.dataset.team,
        badge: row.querySelector('.pb-esc__reach .pb-reach').textContent,
        open: row.querySelector('.pb-esc__reach .pb-reach').classList.contains('pb-reach--open'),
        local: (row.querySelector('.pb-esc__reach .pb-hours-local:not([hidden])') || {}).textContent || null,
        fallback: row.querySelector('.pb-esc__fallback') ? row.querySelector('.pb-esc__fallback').offsetParent !== null : null}))""")
    states = set()
    for route, row in zip(routes, shown, strict=True):
        is_open, change = expected_badge(route.contact_hours, now, zone)
        states.add(is_open)
        assert row["team"] == route.owner_id and row["open"] == is_open, (route.owner_id, row)
        assert row["badge"].startswith("Reachable now" if is_open else "Not reachable now"), row
        if change:
            assert row["badge"].endswith(("until " if is_open else "staffed again: ") + change), (route.owner_id, row, change)
        if route.after_hours_contact:  # the fallback is there exactly while the team's own contact is not
            assert row["fallback"] is (not is_open), (route.owner_id, row)
        hours = parse_hours(route.contact_hours)
        same_clock = all(now.astimezone(ZoneInfo(shift.zone)).utcoffset() == local_now.utcoffset() for shift in hours.shifts)
        if hours.always or same_clock:  # nothing to convert
            assert row["local"] is None, row
        else:  # the first shift's first day this week, on the reader's clock
            shift = hours.shifts[0]
            day = (now.astimezone(ZoneInfo(shift.zone)) + dt.timedelta(days=shift.days[0] - now.astimezone(ZoneInfo(shift.zone)).weekday())).date()
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(shift.zone))
            start, end = ((midnight + dt.timedelta(minutes=m)).astimezone(ZoneInfo(zone)) for m in (shift.start, shift.end))
            closing = "24:00" if end.time() == dt.time(0) and end.date() > start.date() else f"{end:%H:%M}"
            assert f"{start:%H:%M}–{closing}" in row["local"], (route.owner_id, row)
            assert ("next day" in row["local"]) is (end.date() > start.date() and closing != "24:00"), row
    assert states == {True, False}  # both kinds of row are on the page at these times

    page.check("input[data-pb-filter=reachable]")
    open_teams = {route.owner_id for route in routes if parse_hours(route.contact_hours).is_open(now)}
    assert visible_ids(page) == [route.policy_id for route in routes if route.owner_id in open_teams]


@pytest.mark.parametrize("width", [390, 480])
def test_a_narrow_screen_stacks_each_row_with_decided_within_in_view(reader, width: int):
    page = reader(MATRIX, width=width)
    layout = page.evaluate("""() => {
        const view = document.documentElement;
        const rows = [...document.querySelectorAll('table.pb-esc__table tbody tr')];
        return {scroll: view.scrollWidth - view.clientWidth, cards: rows.every(row => getComputedStyle(row).display === 'flex'),
            cells: rows.map(row => {
                const policy = row.querySelector('.pb-esc__policy').getBoundingClientRect();
                const sla = row.querySelector('.pb-esc__sla').getBoundingClientRect();
                const label = row.querySelector('.pb-esc__sla .pb-esc__label');
                return {below: sla.top >= policy.bottom - 1, inside: sla.left >= 0 && sla.right <= view.clientWidth,
                        label: label.offsetParent !== null && label.textContent, filled: sla.height > 20};
            }),
            overflowing: [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > view.clientWidth + 1)
                .map(e => e.tagName + '.' + e.className).slice(0, 5)};
    }""")
    assert layout["scroll"] <= 0 and layout["overflowing"] == [], layout
    assert layout["cards"]
    assert layout["cells"] and all(cell == {"below": True, "inside": True, "label": "Decided within", "filled": True}
                                   for cell in layout["cells"]), layout["cells"][:3]


def test_a_wide_screen_shows_the_whole_table(reader):
    page = reader(MATRIX, width=1440)
    layout = page.evaluate("""() => {
        const view = document.documentElement;
        const tables = [...document.querySelectorAll('table.pb-esc__table')];
        return {scroll: view.scrollWidth - view.clientWidth,
            tables: tables.map(table => ({display: getComputedStyle(table).display, spill: table.scrollWidth - table.clientWidth,
                within: table.getBoundingClientRect().right <= table.parentElement.getBoundingClientRect().right + 1,
                headers: [...table.querySelectorAll('th')].filter(th => th.getBoundingClientRect().width > 40).length}))};
    }""")
    assert layout["scroll"] <= 0
    assert layout["tables"] and all(table == {"display": "table", "spill": 0, "within": True, "headers": 4}
                                    for table in layout["tables"]), layout["tables"]


def test_the_arabic_matrix_reads_right_to_left_in_arabic(reader, sample):
    labels = catalogue("ar")["labels"]
    routes = escalation_matrix(sample)
    page = reader("ar/" + MATRIX, width=390, zone="Asia/Riyadh", now=SATURDAY_NIGHT)
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"
    assert page.locator(".pb-esc__filters label > span").all_inner_texts()[:3] == [labels["Area"], labels["Team"], labels["Severity"]]
    assert labels["Times in your time zone, {zone}. Now: {time}."].split("{zone}")[0] in status(page)
    badges = set(page.locator(".pb-esc__reach .pb-reach").all_inner_texts())
    assert {badge.split(" · ")[0] for badge in badges} == {labels["Reachable now"], labels["Not reachable now"]}
    area = routes[0].area
    page.select_option("select[data-pb-filter=area]", area)
    assert visible_ids(page) == [route.policy_id for route in routes if route.area == area]
    layout = page.evaluate("""() => {
        const view = document.documentElement, fallback = document.querySelector('.pb-esc__fallback:not([hidden])');
        const style = getComputedStyle(fallback);
        return {scroll: view.scrollWidth - view.clientWidth, right: parseFloat(style.borderRightWidth), left: parseFloat(style.borderLeftWidth)};
    }""")
    assert layout["scroll"] <= 0
    assert layout["right"] > 0 and layout["left"] == 0  # the fallback's accent bar is on the reading side


def test_the_teams_page_says_who_is_reachable_now(reader, sample):
    page = reader("teams/", zone="Asia/Tokyo", now=SATURDAY_NIGHT)
    shown = page.eval_on_selector_all("article .pb-hours", """spans => spans.map(span => ({team: span.dataset.pbTeam,
        open: span.nextElementSibling.classList.contains('pb-reach--open')}))""")
    owners = [item for item in shown if item["team"] in sample.teams]
    assert {item["team"] for item in owners} == set(sample.teams)
    for item in owners:
        assert item["open"] == parse_hours(sample.teams[item["team"]].escalation.hours).is_open(SATURDAY_NIGHT), item
    assert "Asia/Tokyo" in page.locator(".pb-hours-texts").inner_text()


@pytest.mark.parametrize(("path", "width", "scheme"), [
    (MATRIX, 390, "light"), (MATRIX, 1440, "light"), (MATRIX, 390, "dark"), (MATRIX, 1440, "dark"),
    ("ar/" + MATRIX, 390, "light"), ("ar/" + MATRIX, 1440, "light"), ("teams/", 390, "light"), ("teams/", 1440, "dark"),
])
def test_no_serious_or_critical_accessibility_violations(reader, path: str, width: int, scheme: str):
    page = reader(path, width=width, zone="Asia/Tokyo", now=SATURDAY_NIGHT, scheme=scheme)
    page.add_script_tag(content=AXE.read_text("utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
