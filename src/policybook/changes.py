"""Pull-request mode: which files a change touches, and which pages that change can break."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from policybook.backlinks import referenced_by
from policybook.config import CONFIG_FILE
from policybook.handbook import Handbook

_ID_LINE = re.compile(r"^id:\s*['\"]?(?P<id>[A-Z]+-[A-Z]+-\d+)", re.M)


class GitError(Exception):
    """git is missing, the folder is no repository, or the ref is unknown."""


def _git(root: Path, *arguments: str) -> str:
    try:
        result = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise GitError("git is not installed") from error
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {arguments[0]} failed")
    return result.stdout


def changed_files(root: Path, ref: str) -> tuple[set[str], set[str]]:
    """(changed or added paths, deleted paths) between `ref` and the working tree, untracked files included.

    Raises:
        GitError: when git cannot answer.
    """
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    changed, deleted = set(), set()
    for line in _git(root, "diff", "--name-status", "--no-renames", ref, "--", ".").splitlines():
        status, _, path = line.partition("\t")
        path = path[len(prefix):] if path.startswith(prefix) else path
        (deleted if status.startswith("D") else changed).add(path)
    changed.update(_git(root, "ls-files", "--others", "--exclude-standard").splitlines())
    return changed, deleted


def deleted_ids(root: Path, ref: str, deleted: set[str]) -> set[str]:
    """The IDs the deleted pages declared at `ref`."""
    found = set()
    for path in deleted:
        if path.endswith(".md"):
            try:
                match = _ID_LINE.search(_git(root, "show", f"{ref}:./{path}"))
            except GitError:
                continue
            if match:
                found.add(match["id"])
    return found


def affected(handbook: Handbook, changed: set[str], removed_ids: set[str] = frozenset()) -> set[str] | None:
    """The paths whose diagnostics a change can alter; None means everything.

    Changed pages, their translations, and every page referring to a changed or deleted page.
    Settings, the team registry and the glossary affect every page.
    """
    shared = {CONFIG_FILE, handbook.config.teams}
    if changed & shared or any(path.startswith(handbook.config.glossary.rstrip("/") + "/") for path in changed):
        return None
    paths = set(changed)
    ids = set(removed_ids)
    for path in changed:
        document = handbook.by_path.get(path)
        if document is not None and document.id:
            ids.add(document.id)
        paths.update(t.path for t in handbook.translations.get(path, {}).values())
    backlinks = referenced_by(handbook)
    for identifier in ids:
        paths.update(backlinks.get(identifier, []))
    return paths
