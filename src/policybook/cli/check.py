"""`policybook check [PATHS...]`: every content check, without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policybook.changes import GitError, affected, changed_files, deleted_ids
from policybook.checks import run_checks
from policybook.cli.common import load
from policybook.diagnostics import Diagnostic, Level
from policybook.formatters import FORMATTERS, render


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `check` sub-command."""
    command = commands.add_parser("check", help="check front-matter, IDs, owners and layout", description=__doc__)
    command.add_argument("paths", nargs="*", help="only report problems in these files or folders")
    command.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument("--changed-since", metavar="REF",
                         help="pull-request mode: only files changed since the git REF and the pages that refer to them")
    command.set_defaults(run=run)


def _selected(diagnostic: Diagnostic, prefixes: list[str]) -> bool:
    return not prefixes or any(diagnostic.path == p or diagnostic.path.startswith(p.rstrip("/") + "/") for p in prefixes)


def run(arguments: argparse.Namespace) -> int:
    """Load, check, report; exit 1 when an error (or, with --strict, a warning) was found."""
    handbook = load(arguments)
    if handbook is None:
        return 2
    prefixes = []
    for path in arguments.paths:
        resolved = Path(path).resolve()
        try:
            prefixes.append(resolved.relative_to(handbook.root).as_posix())
        except ValueError:
            print(f"policybook: {path} is outside the handbook at {handbook.root}", file=sys.stderr)
            return 2
    diagnostics = [d for d in run_checks(handbook) if _selected(d, prefixes)]
    if arguments.changed_since:
        try:
            changed, deleted = changed_files(handbook.root, arguments.changed_since)
        except GitError as error:
            print(f"policybook: --changed-since {arguments.changed_since}: {error}", file=sys.stderr)
            return 2
        scope = affected(handbook, changed, deleted_ids(handbook.root, arguments.changed_since, deleted))
        if scope is not None:
            diagnostics = [d for d in diagnostics if d.path in scope]
    if arguments.strict:
        diagnostics = [Diagnostic(**{**d.__dict__, "level": Level.error}) if d.level is Level.warning else d for d in diagnostics]
    render(arguments.format, diagnostics, sys.stdout, colour=arguments.format == "text" and sys.stdout.isatty())
    return 1 if any(d.level is Level.error for d in diagnostics) else 0
