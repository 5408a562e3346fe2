"""`policybook export escalation-matrix`: the handbook's computed tables for rotas, tickets and spreadsheets.

The data is the same the site's pages show (the escalation matrix page and its CSV download).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policybook.cli.common import load
from policybook.escalation import escalation_matrix, to_csv, to_json

FORMATS = {"csv": to_csv, "json": to_json}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `export` sub-command group."""
    command = commands.add_parser("export", help="export computed tables (escalation matrix) as CSV or JSON",
                                  description=__doc__)
    tables = command.add_subparsers(dest="table", required=True, metavar="TABLE")
    matrix = tables.add_parser("escalation-matrix", help="for each active policy: owner, escalation contact, segment, SLA per tier")
    matrix.add_argument("--format", choices=sorted(FORMATS), default="csv", help="output format (default: csv)")
    matrix.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    matrix.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print or write the table; exit 2 when the handbook cannot be loaded or the file cannot be written."""
    handbook = load(arguments)
    if handbook is None:
        return 2
    routes = escalation_matrix(handbook)
    text = FORMATS[arguments.format](routes)
    if not arguments.output:
        sys.stdout.write(text)
        return 0
    try:
        # newline="" keeps the CSV's CRLF line ends as they are on every platform.
        Path(arguments.output).write_text(text, "utf-8", newline="")
    except OSError as error:
        print(f"policybook: cannot write {arguments.output}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"{arguments.output}: escalation matrix, {len(routes)} policies", file=sys.stderr)
    return 0
