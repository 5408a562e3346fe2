"""Front-matter relations name pages and teams that exist, of the right kind."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.checks.links import retired_warning
from policybook.diagnostics import Diagnostic
from policybook.documents import Document, Kind
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Status


def _missing(handbook: Handbook, document: Document, location: tuple, value: str, wanted: str) -> Diagnostic:
    candidates = [i for i in handbook.declared_ids if i.startswith(value[:3])] + (list(handbook.teams) if "team" in wanted else [])
    close = difflib.get_close_matches(value, candidates, n=1)
    return Diagnostic.of(
        dx.BAD_RELATION, document.path, *document.locate(*location),
        f"{'.'.join(map(str, location))}: '{value}' is not {wanted}",
        hint=f"did you mean '{close[0]}'?" if close else None,
    )


def _kind_of(handbook: Handbook, identifier: str) -> Kind | None:
    pages = handbook.declared_ids.get(identifier)
    return pages[0].kind if pages else None


@check("relations")
def relations(handbook: Handbook) -> Iterator[Diagnostic]:
    """`related`, `processes`, `supersedes`, `escalation_segment`, `policies`, `next`, `escalates_to`, `continues_in` and steps' `to`."""
    for document in handbook.documents:
        meta = document.meta
        in_force = getattr(meta, "status", None) is Status.active
        if isinstance(meta, Policy):
            lists = (("related", meta.related, Kind.policy), ("processes", meta.processes, Kind.process),
                     ("supersedes", meta.supersedes, Kind.policy))
            for key, values, kind in lists:
                for index, value in enumerate(values):
                    if _kind_of(handbook, value) is not kind:
                        yield _missing(handbook, document, (key, index), value, f"an existing {kind.value}")
                    elif key == "related" and in_force and (warning := retired_warning(handbook, value)):
                        yield Diagnostic.of(dx.RETIRED_TARGET, document.path, *document.locate(key, index), warning)
            if meta.escalation_segment and _kind_of(handbook, meta.escalation_segment) is not Kind.process:
                yield _missing(handbook, document, ("escalation_segment",), meta.escalation_segment, "an existing process segment")
        elif isinstance(meta, ProcessSegment):
            for index, value in enumerate(meta.policies):
                if _kind_of(handbook, value) is not Kind.policy:
                    yield _missing(handbook, document, ("policies", index), value, "an existing policy")
                elif in_force and (warning := retired_warning(handbook, value)):
                    yield Diagnostic.of(dx.RETIRED_TARGET, document.path, *document.locate("policies", index), warning)
            if meta.next is not None:
                following = handbook.by_id.get(meta.next)
                if _kind_of(handbook, meta.next) is not Kind.process:
                    yield _missing(handbook, document, ("next",), meta.next, "an existing process segment")
                elif following is not None and following.meta.workflow != meta.workflow:
                    yield Diagnostic.of(
                        dx.BAD_RELATION, document.path, *document.locate("next"),
                        f"next: {meta.next} belongs to workflow '{following.meta.workflow}', not '{meta.workflow}'",
                        hint="'next' links segments of one workflow; cross-workflow hand-offs are escalations",
                    )
            for index, value in enumerate(meta.continues_in):
                if _kind_of(handbook, value) is not Kind.process:
                    yield _missing(handbook, document, ("continues_in", index), value, "an existing process segment")
            targets = [(("escalates_to", index), value) for index, value in enumerate(meta.escalates_to)]
            targets += [(("steps", index, "to"), step.to) for index, step in enumerate(meta.steps) if step.to]
            for location, value in targets:
                if _kind_of(handbook, value) is not Kind.process and value not in handbook.teams:
                    yield _missing(handbook, document, location, value, "a process segment ID or a team in the registry")
