"""`policybook build`: check the content, then publish one handbook site per locale with MkDocs.

The content is checked once, while every locale is built as its own MkDocs build in parallel
processes (the source locale at the root of the site folder, the others at `<locale>/`), each with
its own search index in its own language. MkDocs runs in other processes (`policybook_mkdocs.locales`),
so the engine never imports it. Everything is built into a temporary folder next to the destination and swapped in
only when every locale succeeded: a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policybook.checks import run_checks
from policybook.cli.common import CommandError, handbook_root
from policybook.diagnostics import Level
from policybook.formatters.text import line, summary
from policybook.loading import ConfigError, load_handbook
from policybook.sitemap import locale_root
from policybook.workers import jobs_wanted


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `build` sub-command."""
    command = commands.add_parser("build", help="check, then build the handbook site of every locale", description=__doc__)
    command.add_argument("--site-dir", default="site", help="where to publish the site (default: site)")
    command.add_argument("--config-file", default="mkdocs.yml", help="the MkDocs configuration")
    command.add_argument("--locale", action="append", dest="locales", metavar="LOCALE",
                         help="build only this locale (repeatable; default: every locale in policybook.yml)")
    command.add_argument("--audience", default=None, metavar="NAME",
                         help="build the site this audience may read (a team ID or an audience of policybook.yml); "
                              "default: readers with no special access, so every restricted page and block is left out")
    command.add_argument("--jobs", type=int, default=None,
                         help="locales built at the same time (default: even batches of up to two per processor)")
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Check, build every locale into a temporary folder, then replace the site folder in one step."""
    try:
        root = handbook_root(arguments)
        handbook = load_handbook(root, jobs=jobs_wanted(arguments.jobs))
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return 2
    except ConfigError as error:
        for diagnostic in error.diagnostics:
            print(line(diagnostic), file=sys.stderr)
        return 2
    locales = arguments.locales or handbook.config.locale_codes
    unknown = [code for code in locales if code not in handbook.config.locale_codes]
    if unknown:
        print(f"policybook: unknown locale {', '.join(unknown)}; policybook.yml has "
              f"{', '.join(handbook.config.locale_codes)}", file=sys.stderr)
        return 2
    audiences = set(handbook.teams) | set(handbook.config.audiences)
    if arguments.audience is not None and arguments.audience not in audiences:
        print(f"policybook: unknown audience '{arguments.audience}'; use a team ID or one of policybook.yml's "
              f"audiences: {', '.join(sorted(audiences))}", file=sys.stderr)
        return 2
    site = (root / arguments.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    started = time.perf_counter()
    # The locales build while the content is checked: nothing is published unless the checks
    # pass, since the builds go to a temporary folder that only replaces the site at the end.
    builds = _LocaleBuilds(root, arguments.config_file, staging, locales, arguments.audience,
                           arguments.jobs or at_once(len(locales), jobs_wanted(None)))
    try:
        diagnostics = run_checks(handbook)
        for diagnostic in diagnostics:
            print(line(diagnostic), file=sys.stderr)
        if any(d.level is Level.error for d in diagnostics):
            builds.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            print(f"policybook: {summary(diagnostics)}; nothing was built", file=sys.stderr)
            return 1
        failed = builds.wait()
        if failed:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"policybook: build failed for {', '.join(failed)}; {site} was left as it was", file=sys.stderr)
            return 1
        published = _assemble(staging, locales, handbook.config.source_locale)
    except BaseException:
        builds.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = site.with_name(f".{site.name}.previous-{os.getpid()}")
    if site.exists():
        site.rename(previous)
    published.rename(site)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    elapsed = time.perf_counter() - started
    edition = f"for audience '{arguments.audience}'" if arguments.audience else "for everyone (no restricted content)"
    # The source language's home page is the site's; a site of other languages only starts at the first one's.
    first = handbook.config.source_locale if handbook.config.source_locale in locales else locales[0]
    home = site / locale_root(first, handbook.config.source_locale) / "index.html"
    print(f"policybook: built {len(locales)} locale{'s' * (len(locales) > 1)} ({', '.join(locales)}) {edition} "
          f"in {elapsed:.1f} s into {site}; open {home} from disk, or run `{serve_command(arguments, root, site)}` "
          "for search")
    return 0


def serve_command(arguments: argparse.Namespace, root: Path, site: Path) -> str:
    """The `policybook serve` command that serves the site just built, as short as it can be:
    `--site-dir` only when the site is not the default one of the handbook the reader is in."""
    if arguments.root is None and site == (root / "site").resolve():
        return "policybook serve"
    return f"policybook serve --site-dir {shlex.quote(str(site))}"


def at_once(locales: int, processors: int) -> int:
    """How many locale builds to run at the same time so that every processor stays busy to the end.

    Builds of one handbook take about as long as each other. Run one per processor and five
    locales on two processors finish in three rounds, the last with one processor idle. Run them
    in even batches of up to two per processor and the processors share them all the way: five
    locales go three then two, and finish with the work of two and a half rounds.
    """
    if locales <= processors:
        return max(1, locales)
    batches = -(-locales // (2 * processors))
    return -(-locales // batches)


class _LocaleBuilds:
    """Every locale's `mkdocs build --strict`, `jobs` at a time, started at once in the background.

    One `policybook_mkdocs.locales` process runs them all: it starts MkDocs and parses the handbook
    once, then forks a build per locale from there (see that module).
    """

    def __init__(self, root: Path, config_file: str, staging: Path, locales: list[str], audience: str | None,
                 jobs: int) -> None:
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICYBOOK_CHECKED": "1",
                       "POLICYBOOK_AUDIENCE": audience or ""}
        self._parts, self._locales = staging / "parts", locales
        command = [sys.executable, "-m", "policybook_mkdocs.locales", "--config-file", config_file,
                   "--site-dirs", str(self._parts), "--jobs", str(max(1, jobs)), *locales]
        # A session of its own, so that cancelling stops the forked builds too.
        self._process = subprocess.Popen(command, cwd=root, env=environment, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, start_new_session=True)

    def wait(self) -> list[str]:
        """Wait for every build; the locales that failed, their errors printed."""
        output, errors = self._process.communicate()
        finished = dict(line.split(" ", 1) for line in output.splitlines() if " " in line)  # locale: exit status
        failed = []
        for locale in self._locales:
            if finished.get(locale) != "0":
                failed.append(locale)
                log = self._parts / f"{locale}.log"
                said = log.read_text("utf-8", "replace").strip() if log.exists() else ""
                print(f"policybook: [{locale}] {said or errors.strip() or 'the build did not finish'}", file=sys.stderr)
        return failed

    def cancel(self) -> None:
        """Stop the builds under way and skip those not started."""
        if self._process.poll() is None and hasattr(os, "killpg"):
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        elif self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


def _assemble(staging: Path, locales: list[str], source: str) -> Path:
    """Put each locale's site where it is published: the source at the root, others below it."""
    parts = staging / "parts"
    published = staging / "site"
    if source in locales:
        (parts / source).rename(published)
    else:
        published.mkdir()
    for locale in locales:
        if locale != source:
            (parts / locale).rename(published / locale_root(locale, source).rstrip("/"))
    return published
