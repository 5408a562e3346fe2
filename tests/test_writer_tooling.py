"""A writer's tooling: the commit hook, the editor's front-matter validation and the pull-request workflow.

Each is run for real on a copy of the sample handbook: pre-commit in a git repository, the remark
linter the editor runs, the workflow linters offline.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TmpHandbook
from policybook.cli.main import parser
from policybook.cli.schema import MODELS

VENV_BIN = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin"
WORKFLOW = REPO / ".github/workflows/handbook.yml"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(VENV_BIN)) or shutil.which(name)
    assert found, f"{name} is not installed: run scripts/setup.sh --test"
    return found


def _edit(path: Path, old: str, new: str) -> None:
    """Change a sample file the way a writer would; the text must be there (the sample may change)."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}"
    path.write_text(text.replace(old, new), "utf-8")


def _line(path: Path, prefix: str) -> int:
    return next(number for number, text in enumerate(path.read_text("utf-8").splitlines(), 1) if text.startswith(prefix))


# --- pre-commit --------------------------------------------------------------------------------

@pytest.fixture
def repository(tmp_path: Path) -> TmpHandbook:
    """A git repository holding the sample handbook and the hook configuration, hook installed."""
    handbook = TmpHandbook(tmp_path)
    shutil.copy(REPO / ".pre-commit-config.yaml", tmp_path / ".pre-commit-config.yaml")
    (tmp_path / ".venv").symlink_to(REPO / ".venv")  # the hook runs .venv/bin/policybook, as in a checkout
    (tmp_path / ".gitignore").write_text(".venv\n")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "The sample handbook")
    subprocess.run([_tool("pre-commit"), "install"], cwd=tmp_path, env=_env(tmp_path), check=True, capture_output=True)
    return handbook


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PRE_COMMIT_HOME": str(root / ".pre-commit-cache"), "GIT_AUTHOR_NAME": "Writer",
            "GIT_AUTHOR_EMAIL": "writer@clipwave.example", "GIT_COMMITTER_NAME": "Writer",
            "GIT_COMMITTER_EMAIL": "writer@clipwave.example", "NO_MKDOCS_2_WARNING": "1"}


def _git(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *arguments], cwd=root, env=_env(root), capture_output=True, text=True, check=False)


def _commit_change(root: Path, relative: str, old: str, new: str) -> tuple[int, str]:
    """Edit one file, stage it and `git commit`: the exit status and everything the hooks printed."""
    _edit(root / relative, old, new)
    _git(root, "add", relative)
    result = _git(root, "commit", "-m", "A change")
    return result.returncode, result.stdout + result.stderr


def test_pre_commit_stops_a_commit_with_a_broken_page(repository):
    status, output = _commit_change(repository.root, "policies/privacy/doxxing.md", "\neffective:", "\nefective:")
    assert status == 1, output
    line = _line(repository.root / "policies/privacy/doxxing.md", "efective:")
    assert f"policies/privacy/doxxing.md:{line}:1: error[FM006]: unknown key 'efective'" in output
    assert "hint: did you mean 'effective'?" in output
    assert "policybook check (changed pages)" in output and "Failed" in output
    assert _git(repository.root, "log", "--oneline").stdout.count("\n") == 1  # nothing was committed


def test_pre_commit_lets_a_good_change_through(repository):
    status, output = _commit_change(repository.root, "policies/privacy/doxxing.md", "cannot be taken back.",
                                    "can never be taken back.")
    assert status == 0, output
    assert re.search(r"policybook check \(changed pages\)\.+Passed", output)
    assert _git(repository.root, "log", "--oneline").stdout.count("\n") == 2


def test_pre_commit_checks_every_page_when_the_team_registry_changes(repository):
    status, output = _commit_change(repository.root, "docs/teams.yml", "id: privacy-operations", "id: privacy-ops")
    assert status == 1, output
    # The registry itself is valid: the error is in a page that was not part of the commit.
    assert re.search(r"policies/privacy/doxxing\.md:\d+:1: error\[TEAM001\]: owner 'privacy-operations'", output)


def test_pre_commit_configuration_is_valid_and_local():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing downloaded: works offline
    result = subprocess.run([_tool("pre-commit"), "validate-config", ".pre-commit-config.yaml"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the editor ---------------------------------------------------------------------------------

REMARK = REPO / "node_modules/.bin/remark"


@pytest.fixture
def editor_copy(tmp_handbook: TmpHandbook) -> TmpHandbook:
    """The sample with the editor set-up `make editor` makes: schemas, remark configuration, packages."""
    assert REMARK.exists(), "the remark linter is not installed: run scripts/setup.sh"
    shutil.copy(REPO / ".remarkrc.mjs", tmp_handbook.root / ".remarkrc.mjs")
    if not (tmp_handbook.root / "node_modules").exists():
        (tmp_handbook.root / "node_modules").symlink_to(REPO / "node_modules")
    result = tmp_handbook.cli("schema", "--output", str(tmp_handbook.root / ".schemas"))
    assert result.returncode == 0, result.stderr
    return tmp_handbook


def _remark(root: Path, *paths: str) -> dict[str, list[tuple[int | None, str]]]:
    """`{file: [(line, message), ...]}` as the editor would underline them."""
    result = subprocess.run([str(REMARK), "--no-stdout", "--no-color", "--quiet", *paths], cwd=root,
                            capture_output=True, text=True, check=False)
    found: dict[str, list[tuple[int | None, str]]] = {}
    current = None
    for line in result.stderr.splitlines():
        message = re.match(r"\s*(?:(\d+):\d+(?:-\d+:\d+)?)?\s+(warning|error)\s+(.*)", line)
        if message and current is not None:
            current.append((int(message[1]) if message[1] else None, message[3]))
        elif line.strip() and not line.startswith(("⚠", "✖")):
            current = found.setdefault(line.strip(), [])
    return found


def test_editor_validates_front_matter_against_the_schemas(editor_copy):
    root = editor_copy.root
    policy, process, translation = (root / "policies/hate-speech/hate-speech.md", root / "processes/user-reports/intake.md",
                                    root / "policies/hate-speech/hate-speech.es.md")
    _edit(policy, "\nseverity: sev1", "\nseverity: sev9")
    _edit(process, "\norder: 1", "\norder: first")
    translation.write_text(re.sub(r"digest: sha256:\w+", "digest: sha256:abc", translation.read_text()), "utf-8")
    found = _remark(root, "policies/hate-speech", "processes/user-reports/intake.md")
    assert set(found) == {"policies/hate-speech/hate-speech.md", "processes/user-reports/intake.md",
                          "policies/hate-speech/hate-speech.es.md"}, found
    (line, message), = found["policies/hate-speech/hate-speech.md"]
    assert line == _line(policy, "severity:") and "allowed values" in message and "`sev0`" in message
    (line, message), = found["processes/user-reports/intake.md"]
    assert line == _line(process, "order:") and "Must be integer" in message
    (line, message), = found["policies/hate-speech/hate-speech.es.md"]
    assert line == _line(translation, "  digest:") and "Must match pattern" in message


def test_editor_reports_nothing_on_valid_pages(editor_copy):
    # Pages of all three kinds; see the report for translations whose section digests a YAML 1.2
    # parser reads as numbers.
    paths = ["policies/privacy/doxxing.md", "policies/hate-speech", "processes/appeals", "processes/user-reports/intake.es.md"]
    assert _remark(editor_copy.root, *paths) == {}


def test_editor_settings_point_at_schemas_policybook_writes():
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    written = {f"./.schemas/{name}.schema.json" for name in MODELS}
    assert set(settings["yaml.schemas"]) <= written
    remark = (REPO / ".remarkrc.mjs").read_text()
    assert set(re.findall(r"'(\./\.schemas/[\w.]+)'", remark)) <= written
    assert set(json.loads((REPO / ".vscode/extensions.json").read_text())["recommendations"]) == {
        "unifiedjs.vscode-remark", "redhat.vscode-yaml"}


def test_editor_task_puts_check_output_in_the_problems_panel(tmp_handbook):
    tasks = json.loads((REPO / ".vscode/tasks.json").read_text())["tasks"]
    task, = [t for t in tasks if t["label"] == "policybook check"]
    pattern = task["problemMatcher"]["pattern"]
    page = tmp_handbook.root / "policies/privacy/doxxing.md"
    _edit(page, "owner: privacy-operations", "owner: privacy")
    output = tmp_handbook.cli("check").stdout
    matches = [m for m in map(re.compile(pattern["regexp"]).match, output.splitlines()) if m]
    problems = {(m[pattern["file"]], int(m[pattern["line"]]), m[pattern["severity"]], m[pattern["code"]]) for m in matches}
    assert ("policies/privacy/doxxing.md", _line(page, "owner:"), "error", "TEAM001") in problems
    assert len(matches) == len([line for line in output.splitlines() if re.match(r"\S+:\d+:\d+: ", line)])


# --- the pull-request workflow ---------------------------------------------------------------

def test_workflow_passes_zizmor_and_the_workflow_schema():
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", str(WORKFLOW)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_would_catch_an_injection_and_an_unpinned_action(tmp_path):
    unsafe = WORKFLOW.read_text().replace(
        'run: .venv/bin/policybook build --site-dir site', 'run: echo "${{ github.event.pull_request.title }}"'
    ).replace("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@v4")
    (tmp_path / "handbook.yml").write_text(unsafe)
    result = subprocess.run([_tool("zizmor"), "--offline", "--format", "json", str(tmp_path / "handbook.yml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert {finding["ident"] for finding in json.loads(result.stdout)} >= {"template-injection", "unpinned-uses"}


def test_workflow_runs_real_policybook_commands():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["handbook"]["steps"]
    variables = {**workflow["jobs"]["handbook"]["env"], "BASE": "origin/main", "L10N_FAIL_UNDER": "100"}
    commands = [shlex.split(re.sub(r"\$(\w+)", lambda m: variables[m[1]], step["run"]))
                for step in steps if "policybook" in step.get("run", "")]
    assert [c[1:3] for c in commands] == [["check", "--format"], ["spell", "--format"], ["l10n", "status"], ["build", "--site-dir"]]
    for command in commands:
        parser().parse_args(command[1:])  # exits (fails the test) on an unknown command or option
    assert all(step["uses"].split("@")[1].isalnum() and len(step["uses"].split("@")[1]) == 40
               for step in steps if "uses" in step)  # pinned to commits
    upload, = [step for step in steps if "upload-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == "site/"


def test_workflow_check_annotates_in_github_format(tmp_handbook):
    _edit(tmp_handbook.root / "policies/privacy/doxxing.md", "\nseverity: sev1", "\nseverity: sev9")
    result = tmp_handbook.cli("check", "--format", "github")
    assert result.returncode == 1
    assert re.search(r"^::error file=policies/privacy/doxxing\.md,line=\d+", result.stdout, re.M), result.stdout
