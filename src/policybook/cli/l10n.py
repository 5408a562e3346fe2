"""`policybook l10n`: translation bookkeeping.

`policybook l10n digest FILE` prints the digest a translation records in `translated_from.digest`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policybook.documents import text_digest
from policybook.formatters.text import line
from policybook.frontmatter import decode, split
from policybook.yamldata import load_yaml


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `l10n` sub-command group."""
    command = commands.add_parser("l10n", help="translation bookkeeping", description=__doc__)
    verbs = command.add_subparsers(dest="verb", required=True, metavar="VERB")
    digest = verbs.add_parser("digest", help="print the digest of a source page's translatable text")
    digest.add_argument("file", help="a source policy or process page")
    digest.set_defaults(run=run_digest)


def run_digest(arguments: argparse.Namespace) -> int:
    """Print `sha256:...` for the page's title, summary and body."""
    path = Path(arguments.file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        print(f"policybook: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    text, problems = decode(raw, str(path))
    page = None
    if text is not None:
        page, problems = split(text, str(path))
    parsed = None
    if page is not None:
        parsed, problems = load_yaml(page.front_matter, str(path), page.front_matter_line - 1)
    if parsed is None or not isinstance(parsed.data, dict) or not isinstance(parsed.data.get("title"), str):
        for problem in problems:
            print(line(problem), file=sys.stderr)
        if not problems:
            print(f"policybook: {path} has no 'title' in its front-matter", file=sys.stderr)
        return 1
    summary = parsed.data.get("summary")
    print(text_digest(parsed.data["title"], summary if isinstance(summary, str) else None, page.body))
    return 0
