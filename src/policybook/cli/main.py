"""`policybook`: check, build and scaffold a Trust & Safety handbook.

Usage errors exit with 2, content errors with 1, success with 0. No command prints a traceback
for bad input: every problem is a diagnostic line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from policybook.cli import build, check, export, l10n, new, schema, serve, spell
from policybook.collection import short_lived


EXIT_STATUS = (
    "Exit status: 0 success (warnings count only with --strict); 1 the content has errors or the build "
    "failed; 2 the command could not run (bad arguments, no policybook.yml); 3 a bug in Policybook."
)
"""What every command's exit status means; `policybook --help` and the command-line reference show it."""


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per module."""
    root = argparse.ArgumentParser(prog="policybook", description=__doc__.split("\n")[0], epilog=EXIT_STATUS)
    root.add_argument("--root", default=None, help="handbook root (default: the nearest folder with policybook.yml)")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (check, build, serve, new, schema, l10n, export, spell):
        module.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = parser().parse_args(argv)
    short_lived()  # one command, then exit: see policybook.collection
    try:
        return int(arguments.run(arguments) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `policybook check | head` must not print a traceback
        return 1
    except Exception as error:  # a bug in Policybook, not in the content: say so in one line
        if os.environ.get("POLICYBOOK_DEBUG"):
            raise
        print(f"policybook: internal error: {type(error).__name__}: {error} "
              "(please report it; set POLICYBOOK_DEBUG=1 for details)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
