"""The `policybook` command line: exit codes, output formats, scaffolding, no tracebacks."""

from __future__ import annotations

import json

from conftest import POLICY, run_cli


def test_check_on_the_sample_handbook_passes():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("no problems found") or "0 errors" in result.stdout


def test_check_reports_path_line_col_with_hint_and_exits_1(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY.replace("effective:", "efective:"))
    result = tmp_handbook.cli("check", str(tmp_handbook.root / "policies/hate-speech"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "policies/hate-speech/hate-speech.md:10:1: error[FM006]: unknown key 'efective'" in lines
    assert "  hint: did you mean 'effective'?" in lines
    assert lines[-1] == "2 errors, 0 warnings in 1 file"
    assert "Traceback" not in result.stdout + result.stderr


def test_check_json_format(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY.replace("owner: hate-harassment-policy", "owner: x"))
    result = tmp_handbook.cli("check", "--format", "json", str(tmp_handbook.root / "policies/hate-speech"))
    document = json.loads(result.stdout)
    assert result.returncode == 1
    assert document["summary"] == {"error": 1, "warning": 0, "info": 0}
    assert document["diagnostics"][0] | {"message": None} == {
        "code": "TEAM001", "severity": "error", "path": "policies/hate-speech/hate-speech.md", "line": 11,
        "column": 1, "end_column": None, "message": None, "hint": "add the team to the registry or use an existing team ID",
    }


def test_check_paths_limit_the_report(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY.replace("owner: hate-harassment-policy", "owner: x"))
    tmp_handbook.write("policies/harassment/h.md", POLICY.replace("id: POL-HS-001", "id: POL-HB-009").replace("area: hate-speech", "area: harassment").replace("owner: hate-harassment-policy", "owner: y"))
    result = tmp_handbook.cli("check", str(tmp_handbook.root / "policies/harassment"))
    assert {line.split(":")[0] for line in result.stdout.splitlines()[:-1] if not line.startswith(" ")} == {"policies/harassment/h.md"}


def test_missing_or_broken_settings_exit_2_without_traceback(tmp_path):
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 2
    assert "policybook.yml" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "policybook.yml").write_text("title: x\nareas: {}\n")
    result = run_cli("--root", str(tmp_path), "check")
    assert result.returncode == 2
    assert "policybook.yml:1:1: error[FM007]: missing required key 'organisation'" in result.stderr.splitlines()


def test_new_policy_gets_the_next_free_id_and_passes_the_checks(tmp_handbook):
    tmp_handbook.write("policies/hate-speech/hate-speech.md", POLICY)  # supersedes POL-HS-003: it stays taken
    result = tmp_handbook.cli("new", "policy", "--area", "hate-speech", "--title", "Hateful symbols & flags")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("policies/hate-speech/hateful-symbols-flags.md: created POL-HS-004")
    assert "owner: hate-harassment-policy" in (tmp_handbook.root / "policies/hate-speech/hateful-symbols-flags.md").read_text()
    assert tmp_handbook.diagnostics() == []
    again = tmp_handbook.cli("new", "policy", "--area", "hate-speech", "--title", "Hateful symbols & flags")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_process_is_appended_to_its_workflow_and_passes_the_checks(tmp_handbook):
    result = tmp_handbook.cli("new", "process", "--workflow", "quality", "--title", "Vendor audit")
    assert result.returncode == 0, result.stderr
    assert "processes/quality/vendor-audit.md: created PRC-QA-003" in result.stdout
    assert "set 'next: PRC-QA-003' in processes/quality/calibration.md" in result.stdout
    assert "order: 3" in (tmp_handbook.root / "processes/quality/vendor-audit.md").read_text()
    assert tmp_handbook.diagnostics() == []


def test_new_refuses_an_unknown_area():
    result = run_cli("new", "policy", "--area", "nowhere", "--title", "X")
    assert result.returncode == 2 and "'nowhere' is not declared" in result.stderr
