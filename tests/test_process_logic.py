"""Process-logic checks (policybook.checks.process_logic): steps, workflow chains, SLAs, policies, escalations."""

from __future__ import annotations

from conftest import POLICY

SEGMENT = "processes/quality/vendor-audit.md"


def segment(steps: str, *, sla: str = "{sev0: P1D, sev1: P3D, sev2: P7D, sev3: P14D}", escalates_to: str = "[]") -> str:
    """A draft segment (outside the workflow's chain) with the given steps, to test step logic alone."""
    return f"""---
id: PRC-QA-009
title: Vendor audit
summary: Checks a review vendor's decisions against the answer key every quarter.
workflow: quality
segment: vendor-audit
order: 9
status: draft
version: 0.1.0
effective: 2026-11-01
owner: quality-calibration
last_reviewed: 2026-11-01
triggers: [A quarter ends.]
outputs: [An audit report for the vendor manager.]
roles: [{{role: Auditor, team: quality-calibration, raci: RA}}]
sla: {sla}
steps:
{steps.strip(chr(10))}
escalates_to: {escalates_to}
changelog:
  - {{version: 0.1.0, date: 2026-11-01, summary: First draft.}}
---

## Purpose {{#purpose}}

Vendor decisions are audited like our own.
"""


REPORT = "  - {id: report, type: outcome, text: Audit report sent.}\n"


def evidence_check(no: str | None, yes: str = "report") -> str:
    """The decision most step tests use: "Yes" leads to step `yes`, "No" to step `no` (no such branch if None)."""
    other = f'\n      - {{when: "No", next: {no}}}' if no else ""
    return f"""
  - id: complete
    type: decision
    text: Does every sampled case have its evidence?
    branches:
      - {{when: "Yes", next: {yes}}}{other}
"""


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """The 1-based line of the first `needle` (after the first line containing `after`)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


FAMILIES = ("PRC", "XREF", "FM", "TEAM", "ID", "LAY")
"""What these tests watch: process logic and the front-matter checks it must not double-report. Other
checks (audiences, terminology, ...) may see line numbers move when a test edits a page."""


def diagnostics(tmp_handbook) -> list:
    return [d for d in tmp_handbook.diagnostics() if d.code.startswith(FAMILIES)]


def found(tmp_handbook, *codes: str) -> list[tuple[str, int, str]]:
    return sorted((d.path, d.line, d.code) for d in diagnostics(tmp_handbook) if not codes or d.code in codes)


def edit(tmp_handbook, path: str, old: str, new: str) -> str:
    text = (tmp_handbook.root / path).read_text("utf-8")
    assert text.count(old) == 1, old
    tmp_handbook.write(path, text.replace(old, new))
    return text.replace(old, new)


# --- steps of one segment ---------------------------------------------------------------------

def test_a_valid_flow_with_a_loop_and_an_escalation_hand_off_passes(tmp_handbook):
    tmp_handbook.write(SEGMENT, segment("""
  - {id: draw, type: action, text: Draw the quarter's sample., next: complete}""" + evidence_check("chase", yes="score") + """
  - {id: chase, type: action, text: Ask the vendor for the missing evidence., next: complete, loop: true}
  - id: score
    type: decision
    text: Is accuracy above the bar?
    branches:
      - {when: "Yes", next: report}
      - {when: "No", next: staffing}
  - {id: staffing, type: escalation, text: Ask Operations to pause the vendor's queues., to: ts-operations}
  - {id: report, type: outcome, text: Audit report sent.}
""", escalates_to="[ts-operations]"))
    assert found(tmp_handbook) == []


def test_step_no_path_reaches_is_reported_at_its_id(tmp_handbook):
    text = segment("""
  - {id: draw, type: action, text: Draw the sample., next: report}
  - {id: report, type: outcome, text: Audit report sent.}
  - id: orphan
    type: outcome
    text: Nobody ever gets here.
""")
    tmp_handbook.write(SEGMENT, text)
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.column, d.code) for d in result] == [(SEGMENT, line_of(text, "id: orphan"), 5, "PRC001")]
    assert result[0].message == "step 'orphan' is never reached from the entry step 'draw'"


def test_action_without_next_is_a_path_without_an_outcome(tmp_handbook):
    text = segment(evidence_check("give-up") + """
  - id: give-up
    type: action
    text: Note that the evidence is missing.
""" + REPORT)
    tmp_handbook.write(SEGMENT, text)
    assert found(tmp_handbook) == [(SEGMENT, line_of(text, "id: give-up"), "PRC002")]


def test_a_loop_with_no_way_out_is_reported_once(tmp_handbook):
    text = segment(evidence_check("chase") + """
  - {id: chase, type: action, text: Ask the vendor for the evidence., next: wait}
  - {id: wait, type: action, text: Wait a week., next: chase, loop: true}
""" + REPORT)
    tmp_handbook.write(SEGMENT, text)
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.code) for d in result] == [(SEGMENT, line_of(text, "id: chase"), "PRC002")]
    assert result[0].message == "steps 'chase', 'wait' go round in a loop that never reaches an outcome"


def test_decision_with_one_branch(tmp_handbook):
    text = segment(evidence_check(None) + REPORT)
    tmp_handbook.write(SEGMENT, text)
    assert found(tmp_handbook) == [(SEGMENT, line_of(text, "branches:"), "PRC003")]


def test_next_to_an_unknown_step_suggests_the_closest(tmp_handbook):
    text = segment("""
  - {id: draw, type: action, text: Draw the sample., next: reprot}
  - {id: report, type: outcome, text: Audit report sent.}
""")
    tmp_handbook.write(SEGMENT, text)
    result = diagnostics(tmp_handbook)
    # The unknown target is one finding; 'report' is then unreachable, and 'draw' is not blamed again.
    line = line_of(text, "reprot")
    assert [(d.line, d.column, d.code) for d in result] == [(line, text.splitlines()[line - 1].index("next: reprot") + 1, "PRC004"),
                                                            (line_of(text, "id: report"), 6, "PRC001")]
    assert result[0].hint == "did you mean 'report'?"


def test_cycle_without_loop_marker_is_reported_at_the_edge_going_back(tmp_handbook):
    steps = "\n  - {id: chase, type: action, text: Ask the vendor for the evidence., next: complete}" + evidence_check("chase") + REPORT
    text = segment(steps)
    tmp_handbook.write(SEGMENT, text)
    result = diagnostics(tmp_handbook)
    assert [(d.line, d.code) for d in result] == [(line_of(text, 'when: "No"'), "PRC005")]
    assert result[0].message == "step 'complete' leads back to 'chase', which leads to 'complete' again"
    tmp_handbook.write(SEGMENT, segment(steps.replace('next: chase}', 'next: chase, loop: true}')))
    assert found(tmp_handbook) == []


def test_duplicate_step_id(tmp_handbook):
    text = segment("""
  - {id: draw, type: action, text: Draw the sample., next: report}
  - {id: report, type: outcome, text: Audit report sent.}
  - {id: report, type: outcome, text: Audit report filed.}
""")
    tmp_handbook.write(SEGMENT, text)
    assert found(tmp_handbook) == [(SEGMENT, line_of(text, "Audit report filed"), "PRC006")]


# --- service levels ---------------------------------------------------------------------------

def test_more_severe_tier_may_not_wait_longer(tmp_handbook):
    steps = "  - {id: report, type: outcome, text: Audit report sent.}"
    text = segment(steps, sla="\n  sev0: P7D\n  sev1: P3D\n  sev2: P7D\n  sev3: P14D")
    tmp_handbook.write(SEGMENT, text)
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.code) for d in result] == [(SEGMENT, line_of(text, "sev0: P7D"), "PRC011")]
    assert result[0].message == "sla.sev0 (P7D) allows more time than sla.sev1 (P3D): a more severe tier never waits longer"


def test_invalid_sla_duration_is_reported_once_by_the_model(tmp_handbook):
    text = segment("  - {id: report, type: outcome, text: Audit report sent.}",
                   sla="\n  sev0: P1D\n  sev1: P3D\n  sev2: one week\n  sev3: P14D")
    tmp_handbook.write(SEGMENT, text)
    assert found(tmp_handbook) == [(SEGMENT, line_of(text, "sev2: one week"), "FM008")]


# --- the chain of segments --------------------------------------------------------------------

UR = "processes/user-reports/"


def test_gap_in_a_workflow_names_the_segment_that_should_point_on(tmp_handbook):
    edit(tmp_handbook, UR + "triage-and-routing.md", "next: PRC-UR-003\n", "")
    result = diagnostics(tmp_handbook)
    review = (tmp_handbook.root / UR / "first-line-review.md").read_text()
    assert [(d.path, d.line, d.code) for d in result] == [(UR + "first-line-review.md", line_of(review, "order: 3"), "PRC009")]
    assert result[0].hint == "set 'next: PRC-UR-003' in processes/user-reports/triage-and-routing.md"


def test_two_segments_with_the_same_next_split_the_workflow(tmp_handbook):
    edit(tmp_handbook, UR + "intake.md", "next: PRC-UR-002\n", "next: PRC-UR-003\n")
    triage = (tmp_handbook.root / UR / "triage-and-routing.md").read_text()
    assert found(tmp_handbook) == [(UR + "triage-and-routing.md", line_of(triage, "next: PRC-UR-003"), "PRC007")]


def test_next_back_to_the_first_segment_is_a_cycle(tmp_handbook):
    text = edit(tmp_handbook, UR + "enforcement-and-notice.md", "escalates_to:", "next: PRC-UR-001\nescalates_to:")
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.code) for d in result] == [(UR + "enforcement-and-notice.md", line_of(text, "next: PRC-UR-001"), "PRC008")]
    assert "PRC-UR-001 -> PRC-UR-002 -> PRC-UR-003 -> PRC-UR-004 -> PRC-UR-005 -> PRC-UR-001" in result[0].message


def test_next_against_order(tmp_handbook):
    text = edit(tmp_handbook, UR + "first-line-review.md", "order: 3\n", "order: 6\n")
    assert found(tmp_handbook) == [(UR + "first-line-review.md", line_of(text, "next: PRC-UR-004"), "PRC010")]


def test_draft_segments_stay_out_of_the_chain(tmp_handbook):
    # `policybook new process` appends a draft nobody points at yet: not a gap until it is active.
    result = tmp_handbook.cli("new", "process", "--workflow", "user-reports", "--title", "Notifier follow-up")
    assert result.returncode == 0, result.stderr
    assert found(tmp_handbook) == []


# --- policies applied -------------------------------------------------------------------------

def new_policy(tmp_handbook, status: str) -> str:
    text = (POLICY.replace("id: POL-HS-001", "id: POL-HS-009").replace("status: active", f"status: {status}")
            .replace("escalation_segment: PRC-UR-004\n", "").replace("supersedes: [POL-HS-003]", "supersedes: []"))
    tmp_handbook.write("policies/hate-speech/hate-speech-draft.md", text)
    return text


def test_segment_in_force_applies_a_draft_policy(tmp_handbook):
    new_policy(tmp_handbook, "draft")
    text = edit(tmp_handbook, UR + "intake.md", "policies: [POL-CS-001,", "policies: [POL-HS-009, POL-CS-001,")
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.column, d.code) for d in result] == [(UR + "intake.md", line_of(text, "POL-HS-009"), 12, "PRC012")]
    assert result[0].message == "policies: POL-HS-009 (Hate speech) is draft, not in force"


def test_active_policy_no_segment_applies_is_a_warning_with_the_segments_to_fix(tmp_handbook):
    new_policy(tmp_handbook, "active")
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.code, d.level.value) for d in result] == [
        ("policies/hate-speech/hate-speech-draft.md", 2, "PRC013", "warning")]
    assert result[0].hint == ("add POL-HS-009 to 'policies' in processes/user-reports/first-line-review.md, "
                              "processes/user-reports/specialist-escalation.md")


def test_retired_policy_applied_is_reported_once_by_xref002(tmp_handbook):
    edit(tmp_handbook, UR + "intake.md", "policies: [POL-CS-001,", "policies: [POL-HS-003, POL-CS-001,")
    assert [d.code for d in diagnostics(tmp_handbook)] == ["XREF002"]


# --- escalations ------------------------------------------------------------------------------

def test_escalation_step_missing_from_escalates_to(tmp_handbook):
    text = edit(tmp_handbook, UR + "intake.md", "escalates_to: [law-enforcement-response, PRC-LE-001]", "escalates_to: [PRC-LE-001]")
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.code) for d in result] == [(UR + "intake.md", line_of(text, "to: law-enforcement-response"), "PRC014")]
    assert result[0].hint == "add law-enforcement-response to escalates_to"


def test_unknown_escalation_target_is_only_xref003(tmp_handbook):
    text = edit(tmp_handbook, UR + "intake.md", "    to: law-enforcement-response", "    to: law-enforcement")
    assert found(tmp_handbook) == [(UR + "intake.md", line_of(text, "to: law-enforcement\n"[:-1]), "XREF003")]


def test_cases_sent_to_a_segment_not_in_force(tmp_handbook):
    edit(tmp_handbook, "processes/appeals/appeal-review.md", "status: active", "status: in-review")
    intake = (tmp_handbook.root / "processes/appeals/appeal-intake.md").read_text()
    settlement = (tmp_handbook.root / "processes/appeals/out-of-court-settlement.md").read_text()
    assert found(tmp_handbook, "PRC015") == sorted([
        ("processes/appeals/appeal-intake.md", line_of(intake, "next: PRC-AP-002"), "PRC015"),
        ("processes/appeals/out-of-court-settlement.md", line_of(settlement, "escalates_to: [PRC-AP-002"), "PRC015"),
        ("processes/appeals/out-of-court-settlement.md", line_of(settlement, "to: PRC-AP-002"), "PRC015"),
    ])
    # Without appeal review in force, nothing leads to out-of-court settlement any more.
    assert found(tmp_handbook, "PRC009") == [("processes/appeals/out-of-court-settlement.md", line_of(settlement, "order: 3"), "PRC009")]


def test_policy_escalation_segment_must_apply_the_policy(tmp_handbook):
    path = "policies/hate-speech/hate-speech.md"
    text = edit(tmp_handbook, path, "escalation_segment: PRC-UR-004", "escalation_segment: PRC-LE-001")
    result = diagnostics(tmp_handbook)
    assert [(d.path, d.line, d.code) for d in result] == [(path, line_of(text, "escalation_segment:"), "PRC016")]
    assert result[0].hint == "add POL-HS-001 to 'policies' in processes/law-enforcement/threat-assessment.md"
    text = edit(tmp_handbook, path, "escalation_segment: PRC-LE-001", "escalation_segment: PRC-UR-009")
    assert found(tmp_handbook) == [(path, line_of(text, "escalation_segment:"), "XREF003")]
