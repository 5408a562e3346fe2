"""Shared fixtures: the sample handbook, and throwaway handbooks written into tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policybook.checks import run_checks
from policybook.diagnostics import Level
from policybook.loading import load_handbook

REPO = Path(__file__).resolve().parent.parent
POLICY = (REPO / "policies/hate-speech/hate-speech.md").read_text("utf-8")
"""A valid policy page to derive broken variants from."""
PROCESS = (REPO / "processes/user-reports/intake.md").read_text("utf-8")
"""A valid process page."""


class TmpHandbook:
    """A copy of the sample handbook in which a test changes or adds pages.

    Starting from the complete, valid sample means every diagnostic a test sees comes from the
    change it made, not from references to pages a minimal handbook would lack.
    """

    def __init__(self, root: Path):
        self.root = root
        for name in ("policybook.yml", "mkdocs.yml"):
            shutil.copy(REPO / name, root / name)
        for folder in ("docs", "hooks", "policies", "processes"):
            shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("screenshots"))
        if (REPO / "benchmarks/results").is_dir():  # the Performance page is generated from them
            shutil.copytree(REPO / "benchmarks/results", root / "benchmarks/results")
        if (REPO / "node_modules").is_dir():  # the diagram library a build copies, as set-up installed it
            (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        return path

    def diagnostics(self):
        """What the test's change introduced: every diagnostic beyond those of the unchanged sample.

        Information-level findings are left out: removing a page's text can leave a glossary term
        unused somewhere else (TERM004), which reports and never fails. `info_diagnostics` has them.
        """
        return [d for d in self.info_diagnostics() if d.level is not Level.info]

    def info_diagnostics(self):
        """Every new diagnostic, information included."""
        return [d for d in run_checks(load_handbook(self.root)) if d not in _baseline()]

    def cli(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return run_cli("--root", str(self.root), *arguments)


_BASELINE: set = set()


def _baseline() -> set:
    """The sample's own diagnostics (its deliberately overdue reviews), computed once."""
    if not _BASELINE:
        _BASELINE.update(run_checks(load_handbook(REPO)) or [None])
    return _BASELINE


def run_cli(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `policybook` console entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "policybook.cli.main", *arguments],
        capture_output=True, text=True, cwd=cwd or REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )


@pytest.fixture
def tmp_handbook(tmp_path: Path) -> TmpHandbook:
    return TmpHandbook(tmp_path)


@pytest.fixture(scope="session")
def sample():
    """The sample handbook shipped in this repository, loaded once."""
    return load_handbook(REPO)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample handbook built once per test run with `policybook build`: every locale, strict.

    Tests that read the published site share it (a full build of six locales takes a while).
    """
    destination = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("build", "--site-dir", str(destination))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"into {destination}" in result.stdout
    return destination
