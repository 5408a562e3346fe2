"""`policybook check [PATHS...]`: every content check, without building the site."""

from __future__ import annotations

import argparse
import sys

from policybook.changes import affected, deleted_ids
from policybook.checks import run_checks
from policybook.cli.common import changes_since, load_with_paths, under
from policybook.diagnostics import Diagnostic, Level
from policybook.formatters import FORMATTERS, render
from policybook.workers import jobs_wanted


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `check` sub-command."""
    command = commands.add_parser("check", help="check front-matter, IDs, owners and layout", description=__doc__)
    command.add_argument("paths", nargs="*", help="only report problems in these files or folders")
    command.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    command.add_argument("--changed-since", metavar="REF",
                         help="pull-request mode: only files changed since the git REF and the pages that refer to them")
    command.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="processes to load and check a large handbook with (default: one per processor)")
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Load, check, report; exit 1 when an error (or, with --strict, a warning) was found."""
    loaded = load_with_paths(arguments)
    if loaded is None:
        return 2
    handbook, prefixes = loaded
    diagnostics = [d for d in run_checks(handbook, jobs_wanted(arguments.jobs)) if under(d.path, prefixes)]
    if arguments.changed_since:
        changes = changes_since(handbook, arguments.changed_since)
        if changes is None:
            return 2
        changed, deleted = changes
        scope = affected(handbook, changed, deleted_ids(handbook.root, arguments.changed_since, deleted))
        if scope is not None:
            diagnostics = [d for d in diagnostics if d.path in scope]
    if arguments.strict:
        diagnostics = [Diagnostic(**{**d.__dict__, "level": Level.error}) if d.level is Level.warning else d for d in diagnostics]
    render(arguments.format, diagnostics, sys.stdout, colour=arguments.format == "text" and sys.stdout.isatty())
    return 1 if any(d.level is Level.error for d in diagnostics) else 0
