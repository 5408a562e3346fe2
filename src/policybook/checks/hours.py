"""Every escalation contact's hours are readable, and someone takes escalations at every hour.

A contact not staffed around the clock needs an after-hours fallback (`after_hours` in the team
registry): another team whose hours cover the gap, or a contact of its own (an on-call rota).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.hours import Hours, HoursError, describe, merge, parse_hours, uncovered
from policybook.model import Team
from policybook.yamldata import YamlData


def registered_teams(handbook: Handbook) -> Iterator[tuple[int, Team]]:
    """Each team of the registry with its index in the file's `teams` list (a duplicate ID's second entry,
    reported as TEAM002, is skipped)."""
    parsed = handbook.data_files.get(handbook.config.teams)
    entries = parsed.data.get("teams") if parsed is not None and isinstance(parsed.data, dict) else None
    seen: set[str] = set()
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        identifier = entry.get("id") if isinstance(entry, dict) else None
        team = handbook.teams.get(identifier) if isinstance(identifier, str) else None
        if team is not None and identifier not in seen:
            seen.add(team.id)
            yield index, team


def _in_value(parsed: YamlData, location: tuple[str | int, ...], offset: int) -> tuple[int, int]:
    """File (line, column) of the character at `offset` in a one-line string value (after its opening quote)."""
    span = parsed.spans.get(location)
    if span is None:
        return parsed.locate(location)
    line, column, end_line, _ = span
    if line != end_line:  # a folded or multi-line value: its start is close enough
        return line + 1 + parsed.line_offset, column + 1
    quoted = parsed.source.split("\n")[line][column:column + 1] in ("'", '"')
    return line + 1 + parsed.line_offset, column + 1 + int(quoted) + offset


def readable_hours(handbook: Handbook) -> dict[str, Hours]:
    """The hours of every registered team the engine can read, by team ID."""
    found = {}
    for team in handbook.teams.values():
        try:
            found[team.id] = parse_hours(team.escalation.hours)
        except HoursError:
            continue
    return found


@check("hours")
def hours(handbook: Handbook) -> Iterator[Diagnostic]:
    """Hours are readable; a team not staffed around the clock names an after-hours fallback that covers the gap."""
    parsed = handbook.data_files.get(handbook.config.teams)
    if parsed is None:
        return  # the registry failed to load, which has been reported
    path = handbook.config.teams
    readable = readable_hours(handbook)
    for index, team in registered_teams(handbook):
        where = ("teams", index, "escalation", "hours")
        try:
            parse_hours(team.escalation.hours)
        except HoursError as error:
            yield Diagnostic.of(dx.UNREADABLE_HOURS, path, *_in_value(parsed, where, error.offset),
                                f"hours of '{team.id}': {error.message}", hint=error.hint)
            continue
        gaps = readable[team.id].gaps()
        fallback = team.after_hours
        if not gaps:
            continue
        if fallback is None:
            yield Diagnostic.of(
                dx.NO_AFTER_HOURS, path, *handbook.team_positions.get(team.id, parsed.locate(("teams", index))),
                f"team '{team.id}' is staffed '{team.escalation.hours}', not 24/7, and names no after-hours fallback: "
                f"nobody takes escalations {describe(gaps[0])}",
                hint="add after_hours: {team: <a team staffed then>} or a contact of its own {name: ..., channel: ...}",
            )
            continue
        if fallback.team is None:
            continue  # a contact of its own: a rota staffed whenever the team is not
        at = parsed.locate(("teams", index, "after_hours", "team"))
        if fallback.team == team.id or fallback.team not in handbook.teams:
            others = [identifier for identifier in handbook.teams if identifier != team.id]
            close = difflib.get_close_matches(fallback.team, others, n=1)
            reason = "is the team itself" if fallback.team == team.id else "is not in the team registry"
            yield Diagnostic.of(dx.BAD_AFTER_HOURS_TEAM, path, *at, f"after-hours fallback '{fallback.team}' of '{team.id}' {reason}",
                                hint=f"did you mean '{close[0]}'?" if close and fallback.team != team.id else None)
            continue
        covering = readable.get(fallback.team)
        if covering is None:
            continue  # its own hours are unreadable, reported at that team
        left = merge([piece for gap in gaps for piece in uncovered(gap, covering.intervals(*gap))])
        if left:
            staffed = [other for other, known in readable.items() if other != team.id and known.around_the_clock][:3]
            yield Diagnostic.of(
                dx.AFTER_HOURS_GAP, path, *at,
                f"neither '{team.id}' ({team.escalation.hours}) nor its after-hours fallback '{fallback.team}' "
                f"({handbook.teams[fallback.team].escalation.hours}) is staffed {describe(left[0])}",
                hint=f"fall back on a team staffed 24/7 ({', '.join(staffed)})" if staffed
                else "fall back on a contact of its own (name, channel)",
            )
