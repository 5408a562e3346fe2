"""The escalation matrix: one record list behind the page, its CSV download and `policybook export`; each
team's hours and after-hours fallback, checked (policybook.checks.hours) and shown the same everywhere."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup

from conftest import run_cli
from policybook.escalation import COLUMNS, escalation_matrix, to_csv
from policybook.hours import parse_hours
from policybook.loading import load_handbook
from policybook.model import Status
from policybook.names import english_names, name_statuses
from policybook.rendering.blocks import unwrap
from policybook.rendering.escalation import escalation_downloads, escalation_matrix_page
from policybook.rendering.indexes import generated_pages
from policybook.rendering.messages import catalogue, writing_in
from policybook.rendering.foreign import foreign, plain
from policybook.rendering.text import link
from policybook.sitemap import ESCALATION_CSV, TEAMS_PAGE

TEAMS = "docs/teams.yml"


def soup(page: str) -> BeautifulSoup:
    """A generated page's HTML blocks as the site shows them (see `policybook.rendering.blocks.unwrap`)."""
    return BeautifulSoup(unwrap(page)[0], "html.parser")


def rows(page: str) -> dict[str, BeautifulSoup]:
    """The matrix page's table rows by policy ID."""
    found = {}
    for row in soup(page).select("table.pb-esc__table tbody tr"):
        found[row.select_one(".pb-esc__policy a .pb-nobreak").get_text()] = row
    return found


def test_every_active_policy_once_and_nothing_else(sample):
    routes = escalation_matrix(sample)
    active = sorted(d.id for d in sample.policies if d.meta.status is Status.active)
    assert sorted(route.policy_id for route in routes) == active
    assert len(active) >= 16
    areas = [route.area for route in routes]
    assert areas == sorted(areas, key=list(sample.config.areas).index)  # grouped by area, in settings order


def test_a_route_says_who_how_fast_and_who_takes_it_after_hours(sample):
    route = next(r for r in escalation_matrix(sample) if r.policy_id == "POL-HS-001")
    segment = sample.by_id["PRC-UR-004"].meta
    team = sample.teams["hate-harassment-policy"]
    assert (route.owner_name, route.contact_name, route.contact_channel) == (team.name, team.escalation.name, team.escalation.channel)
    assert (route.segment_id, route.segment_title) == ("PRC-UR-004", "Specialist escalation")
    assert route.sla == {"sev0": segment.sla.sev0, "sev1": segment.sla.sev1, "sev2": segment.sla.sev2, "sev3": segment.sla.sev3}
    assert route.severity == "sev1" and route.sla_at_severity == segment.sla.sev1
    # A contact of the team's own after hours: its role and channel, no hours (it is staffed whenever the team is not).
    assert (route.after_hours_team_id, route.after_hours_contact, route.after_hours_channel, route.after_hours_hours) == (
        "", team.after_hours.name, team.after_hours.channel, "")
    # A fallback team: its escalation contact, resolved.
    fraud = next(r for r in escalation_matrix(sample) if r.owner_id == "integrity-fraud")
    operations = sample.teams[sample.teams["integrity-fraud"].after_hours.team].escalation
    assert (fraud.after_hours_contact, fraud.after_hours_channel, fraud.after_hours_hours) == (
        operations.name, operations.channel, operations.hours)


def test_every_team_not_staffed_around_the_clock_has_a_fallback_in_the_sample(sample):
    partial = [team for team in sample.teams.values() if not parse_hours(team.escalation.hours).around_the_clock]
    assert len(partial) >= 8
    assert all(team.after_hours is not None for team in partial)
    assert {team.after_hours.team is None for team in partial} == {True, False}  # both kinds of fallback


def test_page_lists_every_active_policy_by_area_with_its_data(sample):
    page = escalation_matrix_page(sample)
    shown = rows(page)
    for route in escalation_matrix(sample):
        row = shown[route.policy_id]
        assert (row["data-area"], row["data-team"], row["data-severity"]) == (route.area, route.owner_id, route.severity)
        contact = row.select_one(".pb-esc__contact")
        assert route.contact_name in contact.get_text() and route.contact_channel in contact.get_text()
        hours = contact.select_one(".pb-hours")
        assert hours["data-pb-team"] == route.owner_id
        assert json.loads(hours["data-pb-hours"]) == parse_hours(route.contact_hours).as_data()
        assert f"{route.segment_id} {route.segment_title}" in row.select_one(".pb-esc__segment").get_text()
        own = row.select_one(".pb-esc__sla .pb-esc__own")  # the time at the policy's own tier stands out
        assert own.code.get_text() == route.severity and own.strong is not None
        fallback = contact.select_one(".pb-esc__fallback")
        if route.after_hours_contact:
            assert fallback["data-pb-fallback-for"] == route.owner_id
            assert route.after_hours_contact in fallback.get_text() and route.after_hours_note in fallback.get_text()
        else:
            assert fallback is None
        # Each cell names its column, for the stacked card a narrow screen shows.
        assert [label.get_text() for label in row.select(".pb-esc__label")] == [
            "Policy and its tier", "Owner and escalation contact", "Escalated cases go to", "Decided within"]
    for folder in {route.area for route in escalation_matrix(sample)}:
        assert f"{{#{folder}}}" in page
    assert f"]({ESCALATION_CSV})" in page
    assert "POL-HS-003" not in page  # retired


def test_filters_offer_what_the_matrix_holds(sample):
    page = soup(escalation_matrix_page(sample))
    routes = escalation_matrix(sample)
    options = {select["data-pb-filter"]: [option["value"] for option in select.select("option")]
               for select in page.select(".pb-esc__filters select")}
    assert options["area"] == ["", *dict.fromkeys(route.area for route in routes)]
    assert sorted(options["team"][1:]) == sorted({route.owner_id for route in routes})
    assert options["severity"] == ["", *sorted({route.severity for route in routes})]
    assert page.select_one(".pb-esc__filters").has_attr("hidden")  # until the script that runs them starts
    assert page.select_one("input[data-pb-filter=reachable]")["type"] == "checkbox"


def test_the_script_gets_its_texts_in_the_pages_language(sample):
    for locale in ("es", "ar"):
        with writing_in(locale):
            page = escalation_matrix_page(sample)
        texts = json.loads(soup(page).select_one("[data-pb-matrix]")["data-pb-texts"])
        labels = catalogue(locale)["labels"]
        assert texts["open"] == labels["Reachable now"] and texts["zone"] == labels["Times in your time zone, {zone}. Now: {time}."]
        assert "Reachable" not in json.dumps(texts, ensure_ascii=False)


def test_decided_within_means_the_same_on_the_card_and_in_the_matrix(sample):
    from policybook.rendering.site import render

    document = sample.by_id["POL-HS-001"]
    card = render(sample, document.path, document.body, "en")
    assert "Decided within" in card and "PRC-UR-004 Specialist escalation" in card
    assert "After hours" in card and sample.teams["hate-harassment-policy"].after_hours.note in card
    header = [th.get_text() for th in soup(escalation_matrix_page(sample)).select("table.pb-esc__table th")]
    assert header[-1] == "Decided within"
    with writing_in("es"):
        card = render(sample, document.path, sample.translations[document.path]["es"].body, "es")
        page = escalation_matrix_page(sample)
    spanish = catalogue("es")["labels"]["Decided within"]
    assert spanish in card and soup(page).select("table.pb-esc__table th")[-1].get_text() == spanish


def test_teams_page_shows_hours_as_data_and_the_fallback(sample):
    page = generated_pages(sample)[TEAMS_PAGE]
    assert "data-pb-texts=" in page  # the script's texts, for its reachable-now badges
    for team in sample.teams.values():
        section = page.split(f"{{#{team.id}}}")[1].split("\n## ")[0]
        assert f'data-pb-team="{team.id}"' in section
        if team.after_hours is not None:
            assert "**After hours:**" in section
            assert (team.after_hours.note or "") in section
        else:
            assert "After hours" not in section
    fallback = sample.teams["integrity-fraud"].after_hours.team
    assert f"]({link(TEAMS_PAGE, TEAMS_PAGE, fallback)})" in page.split("{#integrity-fraud}")[1].split("\n## ")[0]


def test_csv_download_and_cli_export_are_the_same_records(sample, tmp_path):
    download = escalation_downloads(sample)[ESCALATION_CSV]
    rows_ = list(csv.DictReader(io.StringIO(download)))
    assert tuple(rows_[0]) == COLUMNS
    assert COLUMNS[-6:] == ("after_hours_team_id", "after_hours_contact", "after_hours_channel", "after_hours_email",
                            "after_hours_hours", "after_hours_note")  # added last: tools reading by position keep working
    assert [row["policy_id"] for row in rows_] == [route.policy_id for route in escalation_matrix(sample)]
    hate = next(row for row in rows_ if row["policy_id"] == "POL-HS-001")
    assert (hate["segment_id"], hate["sla_sev0"], hate["sla_at_severity"]) == ("PRC-UR-004", "PT30M", "PT4H")
    assert hate["after_hours_channel"] == sample.teams["hate-harassment-policy"].after_hours.channel
    exported = run_cli("export", "escalation-matrix")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.replace("\r\n", "\n") == download.replace("\r\n", "\n")
    written = tmp_path / "matrix.csv"
    result = run_cli("export", "escalation-matrix", "--output", str(written))
    assert result.returncode == 0 and written.read_bytes() == download.encode("utf-8")
    document = json.loads(run_cli("export", "escalation-matrix", "--format", "json").stdout)
    assert document["columns"] == list(COLUMNS) and document["routes"] == rows_


def test_policy_without_escalation_segment_still_has_its_contact(tmp_handbook):
    path = tmp_handbook.root / "policies/hate-speech/hate-speech.md"
    path.write_text(path.read_text().replace("escalation_segment: PRC-UR-004\n", ""))
    handbook = load_handbook(tmp_handbook.root)
    route = next(r for r in escalation_matrix(handbook) if r.policy_id == "POL-HS-001")
    assert route.segment_id == "" and route.sla == {} and route.contact_name
    row = rows(escalation_matrix_page(handbook))["POL-HS-001"]
    assert row.select_one(".pb-esc__segment").get_text().endswith("Not set: ask the owner's contact")
    assert row.select_one(".pb-esc__sla").get_text().endswith("—")
    assert next(r for r in csv.DictReader(io.StringIO(to_csv([route]))))["sla_sev0"] == ""


def test_export_refuses_an_unwritable_file(tmp_path):
    result = run_cli("export", "escalation-matrix", "--output", str(tmp_path / "missing" / "matrix.csv"))
    assert result.returncode == 2 and "cannot write" in result.stderr and "Traceback" not in result.stderr


# --- the registry's hours and fallbacks, checked --------------------------------------------------

def edit(tmp_handbook, old: str, new: str) -> str:
    text = (tmp_handbook.root / TEAMS).read_text("utf-8")
    assert text.count(old) == 1, old
    tmp_handbook.write(TEAMS, text.replace(old, new))
    return text.replace(old, new)


def position(text: str, needle: str, after: str = "") -> tuple[int, int]:
    """1-based line and column of `needle` in `text` (the first after `after`)."""
    start = text.index(after) if after else 0
    offset = text.index(needle, start)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def found(tmp_handbook) -> list[tuple[str, int, int, str]]:
    return sorted((d.path, d.line, d.column, d.code) for d in tmp_handbook.diagnostics() if d.code.startswith("TEAM"))


def test_a_team_not_staffed_around_the_clock_without_a_fallback_is_an_error_at_its_line(tmp_handbook):
    text = edit(tmp_handbook, """    after_hours:
      team: ts-operations
      note: Notices wait for the next working day, unless a court order sets a deadline before then.
""", "")
    line, column = position(text, "id: ip-operations")
    assert found(tmp_handbook) == [(TEAMS, line, column, "TEAM004")]
    (diagnostic,) = [d for d in tmp_handbook.diagnostics() if d.code == "TEAM004"]
    assert "'ip-operations'" in diagnostic.message and "Mon-Fri 08:00-18:00 UTC" in diagnostic.message
    # The real command prints it as one line at that position and fails.
    result = tmp_handbook.cli("check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{TEAMS}:{line}:{column}: error[TEAM004]: team 'ip-operations'" in result.stdout + result.stderr


def test_every_problem_of_the_registry_in_one_run(tmp_handbook):
    text = edit(tmp_handbook, 'hours: "Mon-Sun 07:00-23:00 UTC"}', 'hours: "Mon-Sun 07:00-23:00 CET"}')
    text = edit(tmp_handbook, 'hours: "Mon-Fri 08:00-20:00 UTC"}', 'hours: "Mon-Fri 08:00-20:00 UTC; weekends on call"}')
    text = edit(tmp_handbook, """    after_hours:
      team: frontline-review
""", """    after_hours:
      team: frontline-reveiw
""")
    text = edit(tmp_handbook, """    after_hours:
      team: ts-operations
      note: Appeals wait""", """    after_hours:
      team: ip-operations
      note: Appeals wait""")
    text = edit(tmp_handbook, """    after_hours:
      team: ts-operations
      note: A sale of weapons""", """    after_hours:
      team: regulated-goods-policy
      note: A sale of weapons""")
    assert found(tmp_handbook) == sorted([
        (TEAMS, *position(text, "CET"), "TEAM003"),                      # an abbreviation: which summer time?
        (TEAMS, *position(text, "weekends"), "TEAM003"),                 # free text after the hours
        (TEAMS, *position(text, "team: frontline-reveiw"), "TEAM005"),   # no such team
        (TEAMS, *position(text, "team: regulated-goods-policy"), "TEAM005"),  # the team itself
        (TEAMS, *position(text, "team: ip-operations"), "TEAM006"),      # a fallback closed when the team is
    ])
    messages = {d.code + d.message: d for d in tmp_handbook.diagnostics() if d.code.startswith("TEAM")}
    gap = next(d for key, d in messages.items() if key.startswith("TEAM006"))
    assert "'appeals-review'" in gap.message and "Mon 00:00-06:00 UTC" in gap.message
    unknown = next(d for key, d in messages.items() if "frontline-reveiw" in key)
    assert unknown.hint == "did you mean 'frontline-review'?"


def test_a_fallback_team_staffed_when_the_team_is_not_passes(tmp_handbook):
    # Appeals (06:00-22:00 UTC every day) falling back on a team staffed 22:00-06:00 UTC: nothing is left uncovered.
    edit(tmp_handbook, 'hours: "Mon-Fri 08:00-18:00 UTC"}\n    after_hours:\n      team: frontline-review',
         'hours: "Mon-Sun 22:00-06:00 UTC"}\n    after_hours:\n      team: frontline-review')
    edit(tmp_handbook, "      team: ts-operations\n      note: Appeals wait", "      team: quality-calibration\n      note: Appeals wait")
    assert found(tmp_handbook) == []


def test_the_registry_refuses_a_fallback_that_is_both_a_team_and_a_contact(tmp_handbook):
    text = edit(tmp_handbook, "      team: ts-operations\n      note: Appeals wait",
                "      team: ts-operations\n      name: Night appeals desk\n      note: Appeals wait")
    problems = [d for d in load_handbook(tmp_handbook.root).diagnostics if d.path == TEAMS]
    assert [(d.code, d.line) for d in problems] == [("FM008", position(text, "after_hours:", "id: appeals-review")[0])]
    assert "not both" in problems[0].message


def test_locale_files_translate_the_fallbacks_and_the_sample_is_current(sample):
    names = english_names(sample)
    partial = [team for team in sample.teams.values() if team.after_hours is not None]
    assert all(f"teams.{team.id}.after_hours_note" in names for team in partial)
    assert {key for key in names if key.endswith(".after_hours_contact")} == {
        f"teams.{team.id}.after_hours_contact" for team in partial if team.after_hours.name}
    for locale in sample.config.locale_codes:
        if locale != sample.config.source_locale:
            assert list(name_statuses(sample, locale)) == [], locale


def test_a_changed_fallback_note_shows_in_english_until_translated_again(tmp_handbook):
    edit(tmp_handbook, "note: Notices wait for the next working day", "note: Notices wait for the next business day")
    handbook = load_handbook(tmp_handbook.root)
    assert ("outdated", "teams.ip-operations.after_hours_note") in list(name_statuses(handbook, "es"))
    english = foreign("Notices wait for the next business day, unless a court order sets a deadline before then.", "en")
    section = generated_pages(handbook, "es")[TEAMS_PAGE].split("{#ip-operations}")[1].split("\n## ")[0]
    assert english in section  # the English text, marked as English, instead of the outdated Spanish
    with writing_in("es"):
        row = next(row for row in rows(escalation_matrix_page(handbook)).values() if row["data-team"] == "ip-operations")
    assert plain(english) in row.select_one(".pb-esc__fallback").get_text()
