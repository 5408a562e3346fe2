"""`policybook spell [PATHS...]`: spell every page and glossary with aspell or hunspell.

Not part of `policybook check` or the build: a full run takes about 30 s per 500 pages on two
cores. In a pull request, `--changed-since origin/main` spells only the files it changed.
"""

from __future__ import annotations

import argparse
import sys

from policybook.cli.common import changes_since, load_with_paths, under
from policybook.diagnostics import Level
from policybook.formatters import FORMATTERS, render
from policybook.spelling import SpellingUnavailable, spell, spell_files


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `spell` sub-command."""
    command = commands.add_parser("spell", help="spell-check pages and glossaries (aspell, hunspell)", description=__doc__)
    command.add_argument("paths", nargs="*", help="only spell these files or the files in these folders")
    command.add_argument("--changed-since", metavar="REF", help="pull-request mode: only files changed since the git REF")
    command.add_argument("--locale", action="append", metavar="L", help="only this locale (repeatable), e.g. --locale es")
    command.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format")
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Spell, report; exit 1 when a word is misspelled, 2 when spelling cannot run."""
    loaded = load_with_paths(arguments)
    if loaded is None:
        return 2
    handbook, prefixes = loaded
    known = {handbook.config.source_locale, *(locale.code for locale in handbook.config.locales)}
    unknown = sorted(set(arguments.locale or []) - known)
    if unknown:
        print(f"policybook: unknown locale {', '.join(unknown)} (configured: {', '.join(sorted(known))})", file=sys.stderr)
        return 2
    files = [f for f in spell_files(handbook, locales=arguments.locale) if under(f.path, prefixes)]
    if arguments.changed_since:
        changes = changes_since(handbook, arguments.changed_since)
        if changes is None:
            return 2
        files = [f for f in files if f.path in changes[0]]
    try:
        diagnostics = spell(handbook, files)
    except SpellingUnavailable as error:
        print(f"policybook: {error}", file=sys.stderr)
        return 2
    render(arguments.format, diagnostics, sys.stdout, colour=arguments.format == "text" and sys.stdout.isatty())
    return 1 if any(d.level is Level.error for d in diagnostics) else 0
