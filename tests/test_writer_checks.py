"""Writer checks end to end: one instance of every defect, in every output format (issue: writer checks)."""

from __future__ import annotations

import json
import os
import subprocess

import jsonschema
import pytest

from conftest import REPO, POLICY, run_cli

FIXTURE = REPO / "tests/fixtures/defects"
SARIF_SCHEMA = REPO / "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"

EXPECTED = [
    ("docs/index.md", 3, 50, "LINK001", "error"),
    ("policies/alpha/one.md", 33, 10, "XREF001", "error"),
    ("policies/alpha/one.md", 33, 36, "XREF002", "warning"),
    ("policies/alpha/one.md", 33, 59, "XREF005", "error"),
    ("policies/alpha/one.md", 34, 1, "XREF004", "error"),
    ("policies/alpha/one.md", 34, 27, "LINK001", "error"),
    ("policies/alpha/one.md", 34, 59, "LINK002", "error"),
    ("policies/alpha/three.md", 17, 11, "FM008", "error"),
    ("policies/beta/one.md", 10, 1, "REV001", "warning"),
    ("policies/beta/two.md", 2, 1, "ID001", "error"),
    ("policies/beta/two.md", 9, 1, "TEAM001", "error"),
    ("policies/beta/wrong.md", 2, 1, "ID002", "error"),
    ("policies/beta/wrong.md", 5, 1, "LAY001", "error"),
    ("processes/flow/start.md", 17, 24, "XREF003", "error"),
    ("processes/flow/start.md", 20, 64, "XREF003", "error"),
]
"""Every defect of the fixture: (path, line, column, code, severity). Nothing in code spans or fences."""


def check(*arguments: str) -> subprocess.CompletedProcess[str]:
    os.environ["POLICYBOOK_TODAY"] = "2026-11-25"  # the overdue review stays overdue, the others stay current
    try:
        return run_cli("--root", str(FIXTURE), "check", *arguments)
    finally:
        del os.environ["POLICYBOOK_TODAY"]


def test_text_format_reports_every_defect_at_its_position():
    result = check()
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  hint:")]
    assert lines[:-1] == [f"{p}:{l}:{c}: {s}[{code}]: " + lines[i].split(f"[{code}]: ", 1)[1]
                          for i, (p, l, c, code, s) in enumerate(EXPECTED)]
    assert lines[-1] == "13 errors, 2 warnings in 7 files"
    assert "policies/alpha/one.md:33:10: error[XREF001]: no page has the ID POL-AL-009" in lines
    assert ("policies/alpha/one.md:33:36: warning[XREF002]: POL-AL-002 (Policy POL-AL-002) is retired; "
            "refer to POL-AL-001 (Policy POL-AL-001) instead") in lines
    assert "  hint: did you mean 'scope'?" in result.stdout


def test_json_format_has_code_position_and_hint():
    result = check("--format", "json")
    document = json.loads(result.stdout)
    found = [(d["path"], d["line"], d["column"], d["code"], d["severity"]) for d in document["diagnostics"]]
    assert found == EXPECTED
    unknown = document["diagnostics"][1]
    assert unknown["end_column"] == 34 and unknown["hint"] == "did you mean 'POL-AL-004'?"
    assert document["summary"] == {"error": 13, "warning": 2, "info": 0}


def test_sarif_format_validates_against_the_official_schema():
    result = check("--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    found = [
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"], r["level"])
        for r in run["results"]
    ]
    assert found == EXPECTED
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {code for *_, code, _ in EXPECTED} <= rules


def test_github_format_annotates_and_writes_the_full_list_to_the_step_summary(tmp_path):
    summary = tmp_path / "summary.md"
    os.environ["GITHUB_STEP_SUMMARY"] = str(summary)
    try:
        result = check("--format", "github")
    finally:
        del os.environ["GITHUB_STEP_SUMMARY"]
    lines = result.stdout.splitlines()
    assert lines[1] == ("::error file=policies/alpha/one.md,line=33,col=10,endColumn=34,title=XREF001::"
                        "no page has the ID POL-AL-009%0Adid you mean 'POL-AL-004'?")
    assert sum(line.startswith("::warning ") for line in lines) == 2
    table = summary.read_text()
    assert table.count("\n| `") == len(EXPECTED) and "| `processes/flow/start.md:20:64` | error | XREF003 |" in table


def test_strict_turns_warnings_into_errors():
    result = check("--strict", str(FIXTURE / "policies/beta/one.md"))
    assert result.returncode == 1
    assert "policies/beta/one.md:10:1: error[REV001]" in result.stdout


def test_cli_and_build_fail_on_the_same_defect(tmp_handbook):
    page = tmp_handbook.root / "policies/hate-speech/slurs-and-coded-hate.md"
    page.write_text(page.read_text().replace("[POL-HS-001]", "[POL-HS-010]", 1))
    line = next(i for i, text in enumerate(page.read_text().splitlines(), 1) if "POL-HS-010" in text)
    checked = tmp_handbook.cli("check")
    built = run_cli("build", "--site-dir", str(tmp_handbook.root / "site"), cwd=tmp_handbook.root)
    expected = f"policies/hate-speech/slurs-and-coded-hate.md:{line}:"
    assert checked.returncode == 1 and built.returncode == 1
    reported = [l for l in checked.stdout.splitlines() if l.startswith(expected)]
    assert len(reported) == 1 and "error[XREF001]: no page has the ID POL-HS-010" in reported[0]
    assert reported[0] in built.stdout + built.stderr
    assert (built.stdout + built.stderr).count("POL-HS-010") == 1  # reported once, by Policybook, not again by MkDocs
    assert not (tmp_handbook.root / "site").exists()


def test_references_from_docs_pages_and_translations_are_checked(tmp_handbook):
    (tmp_handbook.root / "docs/reading.md").write_text("# Reading\n\nSee [a policy][POL-XX-001].\n")
    assert [(d.path, d.line, d.column, d.code) for d in tmp_handbook.diagnostics()] == [("docs/reading.md", 3, 5, "XREF001")]


def git(root, *arguments):
    subprocess.run(["git", *arguments], cwd=root, check=True, capture_output=True)


def test_changed_since_reports_changed_pages_and_the_pages_referring_to_them(tmp_handbook):
    root = tmp_handbook.root
    git(root, "init", "-q")
    git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A")
    git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base")
    # Delete a policy others refer to, and break a reference in an unrelated page: only the first counts.
    (root / "policies/hate-speech/slurs-and-coded-hate.md").unlink()
    unrelated = root / "policies/scams-fraud/scams.md"
    unrelated.write_text(unrelated.read_text().replace("## Rationale", "See [x][POL-XX-001].\n\n## Rationale", 1))
    git(root, "add", "policies/scams-fraud/scams.md")
    git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "unrelated change")
    full = {line.split(":")[0] for line in tmp_handbook.cli("check").stdout.splitlines() if ": error[" in line}
    scoped = tmp_handbook.cli("check", "--changed-since", "HEAD")
    paths = {line.split(":")[0] for line in scoped.stdout.splitlines() if ": error[" in line}
    assert "policies/scams-fraud/scams.md" in full and "policies/scams-fraud/scams.md" not in paths
    assert "policies/hate-speech/hate-speech.md" in paths  # refers to the deleted POL-HS-002
    assert paths and paths < full
    assert scoped.returncode == 1
    bad = tmp_handbook.cli("check", "--changed-since", "no-such-ref")
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr
