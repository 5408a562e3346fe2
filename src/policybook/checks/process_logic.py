"""Process logic: every segment's steps lead somewhere, workflows are one line, escalations land.

Unknown IDs in `policies`, `next`, `escalates_to` and a step's `to` are XREF003 (checks/relations.py)
and retired policies are XREF002; these checks take over where the IDs exist and ask whether the
process they describe can actually be followed.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.documents import Document
from policybook.flow import StepEdge, ends_flow, step_edges
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Severity, Status, StepType, parse_duration


def _at(document: Document, code: dx.Code, location: tuple, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic.of(code, document.path, *document.locate(*location), message, hint=hint)


def _segments(handbook: Handbook) -> Iterator[tuple[Document, ProcessSegment]]:
    for document in handbook.processes:
        assert isinstance(document.meta, ProcessSegment)
        yield document, document.meta


def _closure(start: Iterable[str], neighbours: dict[str, list[str]]) -> set[str]:
    """Every step reachable from `start` through `neighbours` (breadth first, so cycles end)."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for following in neighbours.get(queue.popleft(), []):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


@check("process-steps")
def process_steps(handbook: Handbook) -> Iterator[Diagnostic]:
    """Each segment's steps: unique IDs, existing targets, real decisions, reachable, ending, no unmarked loops."""
    for document, meta in _segments(handbook):
        yield from _segment_steps(document, meta)


def _segment_steps(document: Document, meta: ProcessSegment) -> Iterator[Diagnostic]:
    index: dict[str, int] = {}
    for position, step in enumerate(meta.steps):
        if step.id in index:
            yield _at(document, dx.DUPLICATE_STEP, ("steps", position, "id"),
                      f"step ID '{step.id}' is already used by step {index[step.id] + 1}")
        else:
            index[step.id] = position
    broken: set[str] = set()  # steps whose way out is reported already: no second finding downstream
    edges: list[StepEdge] = []
    for edge in step_edges(meta):
        if edge.target in index:
            edges.append(edge)
            continue
        broken.add(edge.source)
        close = difflib.get_close_matches(edge.target, list(index), n=1)
        yield _at(document, dx.UNKNOWN_STEP, edge.location, f"step '{edge.source}' goes to '{edge.target}', which is not a step of {meta.id}",
                  hint=f"did you mean '{close[0]}'?" if close else f"steps: {', '.join(index)}")
    for position, step in enumerate(meta.steps):
        if step.type is StepType.decision and len(step.branches) < 2 and index.get(step.id) == position:
            broken.add(step.id)
            yield _at(document, dx.FEW_BRANCHES, ("steps", position, "branches") if step.branches else ("steps", position, "type"),
                      f"decision '{step.id}' has {len(step.branches) or 'no'} branch{'es' * (len(step.branches) != 1)}: "
                      "a decision needs at least two ways out")
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for edge in edges:
        forward.setdefault(edge.source, []).append(edge.target)
        backward.setdefault(edge.target, []).append(edge.source)
    entry = meta.steps[0].id
    reached = _closure([entry], forward)
    for step_id, position in index.items():
        if step_id not in reached:
            yield _at(document, dx.UNREACHABLE_STEP, ("steps", position, "id"),
                      f"step '{step_id}' is never reached from the entry step '{entry}'")
    yield from _paths_without_outcome(document, meta, index, reached, forward, backward, broken)
    yield from _unmarked_loops(document, meta, index, edges)


def _paths_without_outcome(document: Document, meta: ProcessSegment, index: dict[str, int], reached: set[str],
                           forward: dict[str, list[str]], backward: dict[str, list[str]],
                           broken: set[str]) -> Iterator[Diagnostic]:
    ends = [step.id for step in meta.steps if ends_flow(step) and index.get(step.id) is not None]
    finishing = _closure(ends, backward)
    stuck = [step_id for step_id in index if step_id in reached and step_id not in finishing]
    dead_ends = []
    for step_id in stuck:
        step = meta.steps[index[step_id]]
        if step_id not in broken and not forward.get(step_id):
            dead_ends.append(step_id)
            yield _at(document, dx.NO_OUTCOME, ("steps", index[step_id], "id"),
                      f"{step.type.value} '{step_id}' has no 'next': the path stops here without an outcome",
                      hint="add 'next', or make the step an outcome if the case is finished here")
    # What remains can only go round: report the loop once, at its first step, unless it drains
    # into a problem already reported.
    explained = _closure([*dead_ends, *broken], backward)
    trapped = [step_id for step_id in stuck if step_id not in explained]
    if trapped:
        names = ", ".join(f"'{step_id}'" for step_id in trapped)
        yield _at(document, dx.NO_OUTCOME, ("steps", index[trapped[0]], "id"),
                  f"steps {names} go round in a loop that never reaches an outcome",
                  hint="give one of them a branch that leaves the loop towards an outcome")


def _unmarked_loops(document: Document, meta: ProcessSegment, index: dict[str, int], edges: list[StepEdge]) -> Iterator[Diagnostic]:
    """Depth-first from each step in file order; an unmarked edge back onto the current path closes an unmarked cycle."""
    unmarked: dict[str, list[StepEdge]] = {}
    for edge in edges:
        if not edge.loop:
            unmarked.setdefault(edge.source, []).append(edge)
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for root in index:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(unmarked.get(root, [])))]
        while stack:
            node, pending = stack[-1]
            edge = next(pending, None)
            if edge is None:
                state[node] = 2
                stack.pop()
            elif state.get(edge.target) == 1:
                yield _at(document, dx.UNMARKED_LOOP, edge.location,
                          f"step '{edge.source}' leads back to '{edge.target}', which leads to '{edge.source}' again",
                          hint="add 'loop: true' here if the repetition is intended")
            elif edge.target not in state:
                state[edge.target] = 1
                stack.append((edge.target, iter(unmarked.get(edge.target, []))))


@check("workflow-chains")
def workflow_chains(handbook: Handbook) -> Iterator[Diagnostic]:
    """The segments in force of each workflow form one line through `next`: no splits, circles, gaps or reversals."""
    by_workflow: dict[str, dict[str | None, Document]] = {}
    for document, meta in _segments(handbook):
        if meta.status is Status.active:
            by_workflow.setdefault(document.folder, {})[document.id] = document
    for active in by_workflow.values():
        yield from _chain(active)


def _chain(active: dict[str | None, Document]) -> Iterator[Diagnostic]:
    following: dict[str, str] = {}
    previous: dict[str, str] = {}
    forked = False
    for identifier, document in active.items():
        meta = document.meta
        assert isinstance(meta, ProcessSegment) and identifier is not None
        if meta.next not in active or meta.next is None:
            continue  # unknown, cross-workflow or not in force: XREF003 or PRC015
        if meta.next in previous:
            forked = True
            first = active[previous[meta.next]]
            yield _at(document, dx.WORKFLOW_FORK, ("next",),
                      f"next: {meta.next} already follows {first.id} ({first.path}): a workflow is one line of segments")
            continue
        following[identifier] = meta.next
        previous[meta.next] = identifier
    in_cycle: set[str] = set()
    for start in following:
        path: list[str] = []
        current: str | None = start
        while current is not None and current not in path and current not in in_cycle:
            path.append(current)
            current = following.get(current)
        if current is not None and current in path:
            cycle = path[path.index(current):]
            in_cycle.update(cycle)
            closing = max(cycle, key=lambda i: (active[i].meta.order, i))
            document = active[closing]
            yield _at(document, dx.WORKFLOW_CYCLE, ("next",),
                      f"next: {following[closing]} goes back to a segment already passed ({' -> '.join([*cycle, cycle[0]])})")
    for identifier, target in following.items():
        meta, other = active[identifier].meta, active[target].meta
        if identifier not in in_cycle and other.order <= meta.order:
            yield _at(active[identifier], dx.WORKFLOW_ORDER, ("next",),
                      f"next: {target} has order {other.order}, not after this segment's order {meta.order}")
    if forked:
        return  # the second branch of a split would also count as a gap: one finding is enough
    starts = sorted((i for i in active if i not in previous and i not in in_cycle), key=lambda i: active[i].meta.order)
    for identifier in starts[1:]:
        document = active[identifier]
        order = document.meta.order
        before = [d for i, d in active.items() if i not in following and d.meta.order < order]
        hint = None
        if before:
            last = max(before, key=lambda d: d.meta.order)
            hint = f"set 'next: {identifier}' in {last.path}"
        yield _at(document, dx.WORKFLOW_GAP, ("order",),
                  f"no segment's next leads to {identifier}, but it is not the first segment of its workflow", hint=hint)


@check("service-levels")
def service_levels(handbook: Handbook) -> Iterator[Diagnostic]:
    """A more severe tier never allows more time than a less severe one."""
    tiers = [tier.value for tier in Severity]
    for document, meta in _segments(handbook):
        durations = [parse_duration(getattr(meta.sla, tier)) for tier in tiers]
        for position, tier in enumerate(tiers[:-1]):
            lesser = min(range(position + 1, len(tiers)), key=lambda i: (durations[i], i))
            if durations[position] > durations[lesser]:
                yield _at(document, dx.SLA_ORDER, ("sla", tier),
                          f"sla.{tier} ({getattr(meta.sla, tier)}) allows more time than "
                          f"sla.{tiers[lesser]} ({getattr(meta.sla, tiers[lesser])}): "
                          "a more severe tier never waits longer")


def _applied(handbook: Handbook) -> set[str]:
    """The IDs of the policies that at least one segment in force applies."""
    return {i for _, meta in _segments(handbook) if meta.status is Status.active for i in meta.policies}


@check("policies-applied")
def policies_applied(handbook: Handbook) -> Iterator[Diagnostic]:
    """Segments in force apply policies in force; every active policy is applied by a segment in force."""
    for document, meta in _segments(handbook):
        if meta.status is not Status.active:
            continue
        for position, identifier in enumerate(meta.policies):
            policy = handbook.policy(identifier)
            if policy is not None and policy.status in (Status.draft, Status.in_review):
                yield _at(document, dx.POLICY_NOT_IN_FORCE, ("policies", position),
                          f"policies: {identifier} ({policy.title}) is {policy.status.value}, not in force")
    applied = _applied(handbook)
    for document in handbook.policies:
        meta = document.meta
        assert isinstance(meta, Policy)
        if meta.status is Status.active and meta.id not in applied:
            listed = [i for i in meta.processes if i in handbook.by_id]
            hint = f"add {meta.id} to 'policies' in " + ", ".join(handbook.by_id[i].path for i in listed) if listed else None
            yield _at(document, dx.POLICY_NOT_APPLIED, ("id",), f"{meta.id} is active but no process segment in force applies it",
                      hint=hint)


def _is_target(handbook: Handbook, target: str) -> bool:
    """Whether `target` is a registered team or an existing segment (anything else is XREF003)."""
    document = handbook.by_id.get(target)
    return target in handbook.teams or (document is not None and isinstance(document.meta, ProcessSegment))


def _not_in_force(handbook: Handbook, target: str) -> str | None:
    """'PRC-X (Title) is draft' when `target` is a segment that is not active, else None."""
    document = handbook.by_id.get(target)
    if document is None or not isinstance(document.meta, ProcessSegment) or document.meta.status is Status.active:
        return None
    return f"{target} ({document.meta.title}) is {document.meta.status.value}"


@check("escalations")
def escalations(handbook: Handbook) -> Iterator[Diagnostic]:
    """Escalation steps are listed in `escalates_to`; cases go only to segments in force; escalation segments apply the policy."""
    for document, meta in _segments(handbook):
        for position, step in enumerate(meta.steps):
            if step.to and _is_target(handbook, step.to) and step.to not in meta.escalates_to:
                yield _at(document, dx.ESCALATION_NOT_LISTED, ("steps", position, "to"),
                          f"step '{step.id}' escalates to {step.to}, which escalates_to does not list",
                          hint=f"add {step.to} to escalates_to")
        if meta.status is not Status.active:
            continue
        targets = [(("next",), meta.next)] if meta.next else []
        targets += [(("escalates_to", i), target) for i, target in enumerate(meta.escalates_to)]
        targets += [(("steps", i, "to"), step.to) for i, step in enumerate(meta.steps) if step.to]
        for location, target in targets:
            if reason := _not_in_force(handbook, target):
                yield _at(document, dx.TARGET_NOT_IN_FORCE, location, f"{'.'.join(map(str, location))}: {reason}, not in force")
    applied = _applied(handbook)
    for document in handbook.policies:
        meta = document.meta
        assert isinstance(meta, Policy)
        target = handbook.by_id.get(meta.escalation_segment or "")
        if target is None or not isinstance(target.meta, ProcessSegment):
            continue  # unset, or unknown (XREF003)
        if meta.status is Status.active and (reason := _not_in_force(handbook, target.meta.id)):
            yield _at(document, dx.TARGET_NOT_IN_FORCE, ("escalation_segment",), f"escalation_segment: {reason}, not in force")
        # Only policies in force have a route in the matrix; one no segment applies is PRC013 already.
        if meta.status is Status.active and meta.id not in target.meta.policies and meta.id in applied:
            yield _at(document, dx.ESCALATION_SEGMENT_MISMATCH, ("escalation_segment",),
                      f"escalation_segment: {target.meta.id} ({target.meta.title}) does not apply {meta.id}",
                      hint=f"add {meta.id} to 'policies' in {target.path}")
