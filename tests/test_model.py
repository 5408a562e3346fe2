"""Front-matter against the content model: every problem, at its key (policybook.model, policybook.validation)."""

from __future__ import annotations

from conftest import POLICY, PROCESS


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def found(diagnostics):
    return [(d.line, d.column, d.code, d.message) for d in diagnostics]


def test_every_problem_of_a_policy_is_reported_at_its_key(tmp_handbook):
    text = (
        POLICY.replace("effective: 2026-09-01", "efective: 2026-09-01")
        .replace("review_every: P180D", "review_every: 6 months")
        .replace("severity: sev1", "severity: high")
        .replace("dsa_decision: DECISION_VISIBILITY_CONTENT_DEMOTED", "dsa_decision: DEMOTED")
        .replace("keywords: [KEYWORD_HATE_SPEECH, KEYWORD_DISCRIMINATION]", "keywords: [KEYWORD_PHISHING]")
        .replace("  - code: FR\n", "  - code: XX\n")
    )
    path = "policies/hate-speech/hate-speech.md"
    tmp_handbook.write(path, text)
    result = found(tmp_handbook.diagnostics())
    assert (2, 1, "FM007", "missing required key 'effective'") in result
    assert (line_of(text, "efective:"), 1, "FM006", "unknown key 'efective'") in result
    assert (line_of(text, "review_every:"), 1, "FM008",
            "review_every: '6 months' is not an ISO 8601 duration (e.g. P180D, P6M, PT4H)") in result
    assert any(r[:3] == (line_of(text, "severity:"), 1, "FM008") and "sev0" in r[3] for r in result)
    assert any(r[:3] == (line_of(text, "dsa_decision: DEMOTED"), 5, "FM008") for r in result)
    assert any(r[:3] == (line_of(text, "dsa:"), 1, "FM008") and "KEYWORD_PHISHING" in r[3] for r in result)
    assert any(r[:3] == (line_of(text, "code: XX"), 5, "FM008") for r in result)
    assert len(result) == 7


def test_unknown_key_hint_names_the_closest_field(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY.replace("last_reviewed:", "last_reveiwed:"))
    unknown = [d for d in tmp_handbook.diagnostics() if d.code == "FM006"]
    assert [d.hint for d in unknown] == ["did you mean 'last_reviewed'?"]


def test_nested_unknown_key_in_a_list_item(tmp_handbook):
    text = POLICY.replace("    strikes: 1\n", "    strikes: 1\n    strike: 1\n", 1)
    tmp_handbook.write("policies/hate-speech/hate-speech.md", text)
    diagnostics = tmp_handbook.diagnostics()
    assert found(diagnostics) == [(line_of(text, "    strike: 1"), 5, "FM006", "unknown key 'enforcement.0.strike'")]
    assert diagnostics[0].hint == "did you mean 'strikes'?"


def test_changelog_must_start_with_the_current_version(tmp_handbook):
    text = POLICY.replace("version: 2.1.0\neffective", "version: 2.2.0\neffective")
    tmp_handbook.write("policies/hate-speech/hate-speech.md", text)
    assert [(d.line, d.code) for d in tmp_handbook.diagnostics()] == [(line_of(text, "changelog:"), "FM008")]


def test_restrictive_action_needs_a_dsa_decision_but_a_warning_does_not(tmp_handbook):
    text = POLICY.replace(
        "enforcement:\n", "enforcement:\n  - action: warn\n    when: First borderline post.\n"
        "  - action: geo-block\n    when: Illegal in one country only.\n", 1,
    )
    tmp_handbook.write("policies/hate-speech/hate-speech.md", text)
    assert [(d.line, d.column, d.code) for d in tmp_handbook.diagnostics()] == [
        (line_of(text, "action: geo-block"), 5, "FM008")
    ]


def test_process_step_shapes_are_validated(tmp_handbook):
    text = PROCESS.replace("    to: law-enforcement-response\n", "", 1).replace("raci: R}", "raci: RR}", 1)
    tmp_handbook.write("processes/user-reports/intake.md", text)
    result = found(tmp_handbook.diagnostics())
    assert [(r[0], r[2]) for r in result] == [
        (line_of(text, "raci: RR"), "FM008"),
        (line_of(text, "- id: emergency"), "FM008"),
    ]
    assert "escalation names where the case goes" in result[1][3]
