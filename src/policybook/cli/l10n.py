"""`policybook l10n`: translation status and bookkeeping.

- `policybook l10n status [--format text|json|csv] [--locale L] [--fail-under PERCENT]`: per
  locale, pages current / outdated / missing, words to translate and revise, what to translate
  next. With `--fail-under`, exit 1 when a required locale has fewer than PERCENT of its required
  pages current (the pages are set in `policybook.yml`, `require:`), naming each page in the way.
- `policybook l10n accept SOURCE [--locale L]`: declare that the source's changes since its
  translations need no retranslation (a typo fix): each translation then records the source's
  current version and digests. The edit shows in the pull request, where a reviewer can refuse it.
- `policybook l10n digest FILE`: print the digest a translation records in `translated_from.digest`.
- `policybook l10n names [--locale L] [--record]`: the names of the locale files
  (`docs/locales/<locale>.yml`: teams, areas, workflows, navigation) not translated yet or whose
  English text changed since; `--record` records that every name translated there matches the
  English text of today (the names' `translated_from` digests).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policybook.audiences import EVERYONE, for_audience
from policybook.cli.common import CommandError, handbook_root
from policybook.coverage import State, coverage
from policybook.documents import Kind, text_digest
from policybook.formatters.text import line
from policybook.frontmatter import decode, split
from policybook.handbook import Handbook
from policybook.loading import ConfigError, load_handbook
from policybook.rendering.coverage import as_csv, as_json, as_text
from policybook.names import name_digests, name_statuses
from policybook.translating import accept_source, rewrite_translated_from
from policybook.yamldata import load_yaml

FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `l10n` sub-command group."""
    command = commands.add_parser("l10n", help="translation status and bookkeeping", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = command.add_subparsers(dest="verb", required=True, metavar="VERB")

    status = verbs.add_parser("status", help="what is current, outdated and missing in each locale")
    status.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    status.add_argument("--locale", action="append", dest="locales", metavar="LOCALE",
                        help="only this locale (repeatable; default: every translated locale)")
    status.add_argument("--fail-under", type=float, metavar="PERCENT",
                        help="exit 1 if a required locale has less than PERCENT of its required pages current")
    status.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    status.add_argument("--audience", metavar="NAME", default="everyone",
                        help="what this audience's edition of the site shows (default 'everyone': the edition built "
                             "without --audience, which the site's dashboard counts); 'all': every page, restricted "
                             "ones included")
    status.set_defaults(run=run_status)

    accept = verbs.add_parser("accept", help="record that a source change needs no retranslation")
    accept.add_argument("source", help="the source page (e.g. policies/scams-fraud/scams.md)")
    accept.add_argument("--locale", action="append", dest="locales", metavar="LOCALE",
                        help="only this locale's translation (repeatable; default: every outdated one)")
    accept.set_defaults(run=run_accept)

    names = verbs.add_parser("names", help="team, area, workflow and navigation names missing or outdated per locale")
    names.add_argument("--locale", action="append", dest="locales", metavar="LOCALE",
                       help="only this locale (repeatable; default: every translated locale)")
    names.add_argument("--record", action="store_true",
                       help="record the English text each translated name was made from (after translating)")
    names.set_defaults(run=run_names)

    digest = verbs.add_parser("digest", help="print the digest of a source page's translatable text")
    digest.add_argument("file", help="a source policy or process page")
    digest.set_defaults(run=run_digest)


def _load(arguments: argparse.Namespace) -> Handbook | int:
    try:
        return load_handbook(handbook_root(arguments))
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
    except ConfigError as error:
        for diagnostic in error.diagnostics:
            print(line(diagnostic), file=sys.stderr)
    return 2


def _locales(handbook: Handbook, requested: list[str] | None) -> list[str] | None:
    known = [locale.code for locale in handbook.config.locales]
    for code in requested or []:
        if code not in known:
            raise CommandError(f"'{code}' is not a translated locale in policybook.yml ({', '.join(known)})")
    return requested


def _edition(handbook: Handbook, audience: str | None) -> Handbook:
    """The handbook as one edition of the site shows it, so its dashboard and this report agree."""
    if audience is None or audience == "all":
        return handbook
    if audience == "everyone":
        return for_audience(handbook, EVERYONE)
    if audience not in set(handbook.teams) | set(handbook.config.audiences):
        raise CommandError(f"unknown audience '{audience}': use 'everyone', 'all', a team ID or an audience of policybook.yml")
    return for_audience(handbook, audience)


def run_status(arguments: argparse.Namespace) -> int:
    """Print the report; apply the `--fail-under` gate."""
    handbook = _load(arguments)
    if isinstance(handbook, int):
        return handbook
    try:
        locales = _locales(handbook, arguments.locales)
        handbook = _edition(handbook, arguments.audience)
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return 2
    text = FORMATS[arguments.format](handbook, locales)
    if arguments.output:
        Path(arguments.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if arguments.fail_under is None:
        return 0
    return _gate(handbook, locales, arguments.fail_under)


def _gate(handbook: Handbook, locales: list[str] | None, threshold: float) -> int:
    """Exit status of the coverage gate, with one line per page that keeps a locale under it."""
    result = coverage(handbook)
    failing = 0
    for locale in handbook.config.locales:
        if not locale.required or (locales and locale.code not in locales):
            continue
        required = [status for status in result.of_locale(locale.code) if status.required]
        percent = result.summary(required).percent_current
        if percent >= threshold:
            continue
        failing += 1
        print(f"policybook: {locale.code}: {percent:.1f}% of {len(required)} required pages current, "
              f"under {threshold:g}%", file=sys.stderr)
        for status in required:
            if status.state is not State.current:
                where = status.translation.path if status.translation else status.source.path
                detail = {State.outdated: f"translated from {status.translated_version}, source is {status.source.meta.version}",
                          State.in_progress: "translation in progress"}.get(status.state, "no translation")
                print(f"{where}: {locale.code}: {status.state.value} ({detail}; {status.words} words)", file=sys.stderr)
    return 1 if failing else 0


def run_accept(arguments: argparse.Namespace) -> int:
    """Rewrite `translated_from` in the chosen outdated translations of one source page."""
    handbook = _load(arguments)
    if isinstance(handbook, int):
        return handbook
    source_path = _relative(handbook, arguments.source)
    document = handbook.by_path.get(source_path)
    if document is None or document.kind is Kind.translation:
        print(f"policybook: {arguments.source} is not a valid source policy or process page", file=sys.stderr)
        return 2
    try:
        locales = _locales(handbook, arguments.locales)
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return 2
    result = coverage(handbook)
    changed = 0
    for code in locales or result.locales:
        status = result.status(source_path, code)
        if status is None or status.translation is None:
            if locales:
                print(f"policybook: {source_path} has no {code} translation", file=sys.stderr)
            continue
        if status.state is State.current:
            print(f"{status.translation.path}: already current")
            continue
        path = handbook.root / status.translation.path
        text = accept_source(document, status.translation, path.read_text(encoding="utf-8"))
        if text is None:
            print(f"policybook: {status.translation.path} has no translated_from block", file=sys.stderr)
            return 1
        path.write_text(text, encoding="utf-8")
        changed += 1
        sections = ", ".join(change.key for change in status.sections) or "whole page"
        print(f"{status.translation.path}: now records {document.meta.version} (accepted without retranslation: {sections})")
    if not changed:
        print("policybook: nothing to accept")
    return 0


def run_names(arguments: argparse.Namespace) -> int:
    """List the locale files' missing and outdated names; with `--record`, record their digests."""
    handbook = _load(arguments)
    if isinstance(handbook, int):
        return handbook
    try:
        locales = _locales(handbook, arguments.locales) or [locale.code for locale in handbook.config.locales]
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return 2
    for locale in locales:
        path = handbook.root / handbook.config.locale_names / f"{locale}.yml"
        if arguments.record:
            if not path.is_file():
                print(f"policybook: {path.relative_to(handbook.root)} does not exist; write the {locale} names there first",
                      file=sys.stderr)
                return 2
            digests = name_digests(handbook, locale)
            block = "translated_from:\n" + "".join(f"  {json.dumps(key, ensure_ascii=False)}: \"{digest}\"\n"
                                                   for key, digest in digests.items())
            text = path.read_text(encoding="utf-8")
            rewritten = rewrite_translated_from(text, block)
            path.write_text(rewritten if rewritten is not None else text.rstrip("\n") + "\n" + block, encoding="utf-8")
            print(f"{path.relative_to(handbook.root)}: recorded {len(digests)} names")
            continue
        for state, key in name_statuses(handbook, locale):
            print(f"{locale}: {state}: {key}")
    return 0


def _relative(handbook: Handbook, given: str) -> str:
    path = Path(given)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(handbook.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
