"""What several commands share: finding the handbook and loading it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policybook.changes import GitError, changed_files
from policybook.config import CONFIG_FILE, find_root
from policybook.formatters.text import line
from policybook.handbook import Handbook
from policybook.loading import ConfigError, load_handbook
from policybook.workers import jobs_wanted


class CommandError(Exception):
    """A problem that ends the command with exit status 2 and a one-line message."""


def handbook_root(arguments: argparse.Namespace) -> Path:
    """The handbook root from `--root` or the current folder's ancestors."""
    if arguments.root:
        return Path(arguments.root).resolve()
    root = find_root(Path.cwd())
    if root is None:
        raise CommandError(f"no {CONFIG_FILE} here or in any parent folder (use --root)")
    return root


def load(arguments: argparse.Namespace) -> Handbook | None:
    """Load the handbook, printing settings errors and returning None when they stop everything.

    A large handbook is parsed by as many processes as the command's `--jobs` (default: one per processor).
    """
    try:
        return load_handbook(handbook_root(arguments), jobs=jobs_wanted(getattr(arguments, "jobs", None)))
    except ConfigError as error:
        for diagnostic in error.diagnostics:
            print(line(diagnostic), file=sys.stderr)
        return None
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return None


def load_with_paths(arguments: argparse.Namespace) -> tuple[Handbook, list[str]] | None:
    """The handbook and the command line's PATHS as handbook-relative prefixes, or None (after
    saying why) when the handbook cannot load or a path is outside it."""
    handbook = load(arguments)
    if handbook is None:
        return None
    prefixes = []
    for path in arguments.paths:
        try:
            prefixes.append(Path(path).resolve().relative_to(handbook.root).as_posix())
        except ValueError:
            print(f"policybook: {path} is outside the handbook at {handbook.root}", file=sys.stderr)
            return None
    return handbook, prefixes


def changes_since(handbook: Handbook, ref: str) -> tuple[set[str], set[str]] | None:
    """(changed, deleted) paths since the git `ref` for `--changed-since`, or None after saying why not."""
    try:
        return changed_files(handbook.root, ref)
    except GitError as error:
        print(f"policybook: --changed-since {ref}: {error}", file=sys.stderr)
        return None


def under(path: str, prefixes: list[str]) -> bool:
    """Whether `path` is one of `prefixes` or inside one (every path when there are none)."""
    return not prefixes or any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
