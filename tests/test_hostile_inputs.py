"""The hostile-input corpus (tests/fixtures/hostile/cases.yml): every malformed or malicious file gets
its specific diagnostic at its exact position, and nothing raises.

Each case starts from a fresh copy of the sample handbook, which has no errors of its own, so every
error reported comes from the case. The engine runs in-process for every case (a CLI run costs a
second of start-up); a few cases of each kind also go through the real `policybook check` to prove
the command prints the same lines and exits with the right status.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO, TmpHandbook
from policybook.checks import run_checks
from policybook.diagnostics import Level
from policybook.formatters.text import line
from policybook.frontmatter import MAX_BYTES
from policybook.loading import ConfigError, load_handbook

CORPUS = REPO / "tests/fixtures/hostile"
CASES: dict[str, dict] = yaml.safe_load((CORPUS / "cases.yml").read_text("utf-8"))["cases"]
PAGES = {"policy": "policies/hate-speech/hostile.md", "process": "processes/quality/hostile.md"}
TEMPLATES = {name: (CORPUS / f"_{name}.md").read_text("utf-8") for name in PAGES}
ENDINGS = {"crlf": "\r\n", "cr": "\r"}
CLI_CASES = ["invalid-utf8", "bom-and-crlf-are-read", "python-object-tag", "markdown-link-javascript",
             "exception-block-scalar", "team-name-handler", "settings-python-tag", "include-etc-passwd"]
"""One or two cases per family that also run through the real command line."""


def _expand(text: str) -> str:
    for name, template in TEMPLATES.items():
        text = text.replace("{{" + name + "}}", template)
    return text


def prepare(case: dict, root: Path, outside: Path) -> TmpHandbook:
    """A copy of the sample handbook at `root` with the case dropped in."""
    root.mkdir()
    handbook = TmpHandbook(root)
    ending = ENDINGS.get(case.get("line_endings", ""), "\n")
    written: dict[str, str | bytes] = {}
    if "page" in case:
        written[PAGES[case["page"]]] = TEMPLATES[case["page"]] + case.get("body", "")
    for path, text in case.get("files", {}).items():
        written[path] = _expand(text)
    for path, text in case.get("bytes", {}).items():
        written[path] = _expand(text).replace("\n", ending).encode("latin-1")
    if "oversize" in case:
        written[case["oversize"]] = TEMPLATES["policy"] + "Padding.\n" * (MAX_BYTES // 9 + 1)
    for path, content in written.items():
        handbook.write(path, content.replace("\n", ending) if isinstance(content, str) else content)
    for edit in case.get("edits", []):
        target = root / edit["path"]
        text = target.read_text("utf-8")
        assert text.count(edit["find"]) == 1, f"{edit['path']}: the text to replace must occur once"
        target.write_text(text.replace(edit["find"], edit["replace"]), "utf-8")
    for link in case.get("symlinks", []):
        outside.mkdir(exist_ok=True)
        (outside / "secret.md").write_text(TEMPLATES["policy"] + "Text that lives outside the handbook.\n", "utf-8")
        source = root / link["path"]
        source.parent.mkdir(parents=True, exist_ok=True)
        source.symlink_to(link["target"].replace("{{outside}}", str(outside)))
    return handbook


def errors_in_process(root: Path) -> tuple[list[str], int]:
    """The error lines `policybook check` prints for the handbook at `root`, and its exit status."""
    try:
        handbook = load_handbook(root)
    except ConfigError as error:
        return [line(d) for d in error.diagnostics], 2
    errors = [line(d) for d in run_checks(handbook) if d.level is Level.error]
    return errors, 1 if errors else 0


def test_the_corpus_is_large_and_every_case_expects_something():
    assert len(CASES) >= 40
    for name, case in CASES.items():
        assert case.get("what"), name
        assert case["expect"], f"{name}: a hostile case must expect at least one diagnostic"


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_gets_its_diagnostic(name: str, tmp_path: Path):
    case = CASES[name]
    prepare(case, tmp_path / "handbook", tmp_path / "outside")
    errors, status = errors_in_process(tmp_path / "handbook")
    assert errors == case["expect"]
    assert status == case.get("exit", 1)


@pytest.mark.parametrize("name", CLI_CASES)
def test_the_command_line_prints_the_same_lines_and_fails(name: str, tmp_path: Path):
    case = CASES[name]
    handbook = prepare(case, tmp_path / "handbook", tmp_path / "outside")
    result = handbook.cli("check")
    assert "Traceback" not in result.stderr
    assert result.returncode == case.get("exit", 1)
    printed = [text for text in (result.stdout + result.stderr).splitlines() if "error[" in text]
    assert printed == case["expect"]
