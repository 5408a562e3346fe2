"""What several commands share: finding the handbook and loading it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policybook.config import CONFIG_FILE, find_root
from policybook.formatters.text import line
from policybook.handbook import Handbook
from policybook.loading import ConfigError, load_handbook


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
    """Load the handbook, printing settings errors and returning None when they stop everything."""
    try:
        return load_handbook(handbook_root(arguments))
    except ConfigError as error:
        for diagnostic in error.diagnostics:
            print(line(diagnostic), file=sys.stderr)
        return None
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return None
