"""Every owner and staffing team is in the team registry, so a moderator always has a contact."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.documents import Kind
from policybook.handbook import Handbook


def _unknown(handbook: Handbook, path: str, position: tuple[int, int], what: str, team: str) -> Diagnostic:
    close = difflib.get_close_matches(team, list(handbook.teams), n=1)
    return Diagnostic.of(
        dx.UNKNOWN_OWNER, path, *position, f"{what} '{team}' is not in the team registry ({handbook.config.teams})",
        hint=f"did you mean '{close[0]}'?" if close else "add the team to the registry or use an existing team ID",
    )


@check("owners")
def owners(handbook: Handbook) -> Iterator[Diagnostic]:
    """`owner` and each RACI role's `team` name registered teams."""
    if not handbook.teams:
        return  # the registry itself failed to load and has been reported
    for page in handbook.raw_pages:
        if page.kind is Kind.translation:
            continue
        owner = page.text("owner")
        if owner is not None and owner not in handbook.teams:
            yield _unknown(handbook, page.path, page.locate("owner"), "owner", owner)
        roles = page.yaml.data.get("roles")
        for index, role in enumerate(roles if isinstance(roles, list) else []):
            team = role.get("team") if isinstance(role, dict) else None
            if isinstance(team, str) and team not in handbook.teams:
                yield _unknown(handbook, page.path, page.locate("roles", index, "team"), "team", team)
