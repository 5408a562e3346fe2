"""Files to documents: find the handbook's pages and data files, parse and validate them.

Every problem becomes a diagnostic; a file that fails is left out of the index but never stops
the others from loading, so one run reports every problem.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from policybook import diagnostics as dx
from policybook.collection import collector_paused
from policybook.config import CONFIG_FILE, HandbookConfig
from policybook.diagnostics import Diagnostic
from policybook.documents import Document, Kind, RawPage, SitePageSource
from policybook.frontmatter import decode, split
from policybook.handbook import Handbook
from policybook.memo import Generations
from policybook.model import Glossary, Policy, ProcessSegment, TeamRegistry, Translation
from policybook.model.names import LocaleNames
from policybook.model.translation import PageTranslation
from policybook.validation import validate
from policybook.workers import run_all
from policybook.yamldata import YamlData, load_yaml

CONTENT_FOLDERS = {"policies": Kind.policy, "processes": Kind.process}
"""Top-level folders holding pages, and the kind of their source pages."""

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """`policybook.yml` is missing or invalid; nothing else can be checked without it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def read_text(root: Path, path: str) -> tuple[str | None, list[Diagnostic]]:
    """A file's text with LF line endings, or the diagnostic saying why it cannot be read."""
    try:
        # A symbolic link may lead anywhere: its target's text would be published as a page.
        if _leaves(root, path):
            return None, [Diagnostic.of(dx.READ_ERROR, path, 0, 0, "symbolic link to a file outside the repository")]
        with open(os.path.join(root, path), "rb") as handle:
            raw = handle.read()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symbolic link loop
        return None, [Diagnostic.of(dx.READ_ERROR, path, 0, 0, f"cannot read: {getattr(error, 'strerror', None) or error}")]
    return decode(raw, path)


def _leaves(root: Path, path: str) -> bool:
    """Whether `path`, relative to `root`, leads out of `root` (through a symbolic link or `..`).

    Resolving a path costs a system call per folder from `/`, for every file of every check. Links
    are rare, so the path is resolved only when one of its own parts is a link (one call each).
    """
    if os.path.isabs(path):
        return not Path(path).resolve().is_relative_to(root.resolve())
    current = str(root)
    for part in path.split("/"):
        current = os.path.join(current, part)
        if part == ".." or os.path.islink(current):
            return not (root / path).resolve().is_relative_to(root.resolve())
    return False


def load_data_file(root: Path, relative: str, model: type[M]) -> tuple[M | None, YamlData | None, list[Diagnostic]]:
    """Read and validate a YAML data file (settings, team registry, glossary)."""
    text, problems = read_text(root, relative)
    if text is None:
        return None, None, problems
    parsed, problems = load_yaml(text, relative)
    if parsed is None:
        return None, None, problems
    value, problems = validate(model, parsed, relative)
    return value, parsed, problems


def load_config(root: Path) -> HandbookConfig:
    """Read `policybook.yml`.

    Raises:
        ConfigError: when it is missing or invalid.
    """
    return _read_config(root)[0]


def _read_config(root: Path) -> tuple[HandbookConfig, YamlData]:
    if not (root / CONFIG_FILE).is_file():
        raise ConfigError([Diagnostic.of(dx.CONFIG_ERROR, CONFIG_FILE, 0, 0, f"no {CONFIG_FILE} in {root}")])
    config, parsed, problems = load_data_file(root, CONFIG_FILE, HandbookConfig)
    if config is None or parsed is None:
        raise ConfigError(problems)
    return config, parsed


def discover(root: Path) -> list[str]:
    """Relative paths of every Markdown file under the content folders, sorted."""
    found = []
    for folder in CONTENT_FOLDERS:
        # os.walk rather than Path.rglob: a third of a reload's time at thousands of pages went
        # into making Path objects. Same walk: symbolic links to folders are not followed, links
        # to files are listed (and refused when read).
        for directory, _folders, files in os.walk(os.path.join(root, folder)):
            relative = os.path.relpath(directory, root).replace(os.sep, "/")
            found.extend(f"{relative}/{name}" for name in files
                         if name.endswith(".md") and os.path.isfile(os.path.join(directory, name)))
    return sorted(found)


Parsed = tuple[Document | None, RawPage | None, list[Diagnostic]]
"""A page read: the document if valid, its raw front-matter if parseable, and the problems."""


class ParseCache:
    """Pages parsed by earlier loads, found again by path and content digest.

    For a process that loads the same handbook again and again: `mkdocs serve` reloads it on every
    save, and all pages but the saved one parse to the same documents. Only the pages the latest
    load used are kept, so the cache never outgrows the handbook. Documents are immutable, so
    two loads can share them.
    """

    def __init__(self) -> None:
        self._parsed = Generations()
        self._unchanged = Generations()

    def read(self, root: Path, path: str, config: HandbookConfig) -> Parsed:
        """The page at `path`, not even read again when its file is as the last load saw it.

        Reading and hashing every file is most of a reload: 7,000 files take half a second. A
        file whose modification and change times (in nanoseconds), size and inode are the same
        was not written to since, so its parse is reused. A symbolic link is always read again,
        so that `read_text` refuses it as usual.
        """
        def parse() -> Parsed:
            text, problems = read_text(root, path)
            return (None, None, problems) if text is None else self.lookup(path, text, config)

        try:
            status = os.lstat(os.path.join(root, path))
        except OSError:
            return parse()
        if stat.S_ISLNK(status.st_mode):
            return parse()
        key = (str(root), path, status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino,
               config.source_locale, tuple(config.locale_codes))
        parsed: Parsed = self._unchanged.get(key, parse)
        return parsed

    def lookup(self, path: str, text: str, config: HandbookConfig) -> Parsed:
        """The page at `path` with this `text`, parsed now or by an earlier load."""
        # The settings a page's parse depends on (its locale) are part of the key.
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        key = (path, config.source_locale, tuple(config.locale_codes), digest)
        parsed: Parsed = self._parsed.get(key, lambda: parse_page(path, text, config))
        return parsed

    def rotate(self) -> None:
        """Forget the pages the load that just finished did not use."""
        self._parsed.rotate()
        self._unchanged.rotate()


def read_page(root: Path, path: str, config: HandbookConfig, cache: ParseCache | None = None) -> Parsed:
    """Parse and validate one page file: the document if valid, its raw front-matter if parseable."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] not in CONTENT_FOLDERS or parts[2] == "index.md":
        expected = "policies/<area>/<slug>.md" if parts[0] == "policies" else "processes/<workflow>/<segment>.md"
        why = "index pages are generated" if parts[-1] == "index.md" else f"pages live at {expected}"
        return None, None, [Diagnostic.of(dx.MISPLACED_FILE, path, 0, 0, f"not a handbook page location: {why}")]
    locale = parts[2][: -len(".md")].partition(".")[2]
    if locale and locale not in {entry.code for entry in config.locales}:
        known = ", ".join(entry.code for entry in config.locales) or "none configured"
        return None, None, [
            Diagnostic.of(dx.UNKNOWN_LOCALE, path, 0, 0, f"locale '{locale}' is not configured in {CONFIG_FILE} ({known})")
        ]
    if cache is not None:
        return cache.read(root, path, config)
    text, problems = read_text(root, path)
    if text is None:
        return None, None, problems
    return parse_page(path, text, config)


def parse_page(path: str, text: str, config: HandbookConfig) -> Parsed:
    """Parse and validate the text of the page at `path`, a handbook page location."""
    parts = path.split("/")
    slug, _, locale = parts[2][: -len(".md")].partition(".")
    source_kind = CONTENT_FOLDERS[parts[0]]
    kind = Kind.translation if locale else source_kind
    page, problems = split(text, path)
    if page is None:
        return None, None, problems
    parsed, problems = load_yaml(page.front_matter, path, line_offset=page.front_matter_line - 1)
    if parsed is None:
        return None, None, problems
    if parsed.data is None:
        parsed.start = (page.front_matter_line - 1, 1)
    model = Translation if kind is Kind.translation else (Policy if source_kind is Kind.policy else ProcessSegment)
    meta, problems = validate(model, parsed, path)
    raw_page = RawPage(path, kind, parsed, meta is not None, page.body, page.body_line) if isinstance(parsed.data, dict) else None
    if meta is None:
        return None, raw_page, problems
    source_path = f"{parts[0]}/{parts[1]}/{slug}.md" if locale else None
    document = Document(
        path=path,
        kind=kind,
        meta=meta,
        body=page.body,
        body_line=page.body_line,
        yaml=parsed,
        locale=locale or config.source_locale,
        source_path=source_path,
    )
    return document, raw_page, []


def read_site_page(root: Path, path: str, docs_dir: str,
                   locales: frozenset[str] = frozenset()) -> tuple[SitePageSource | None, list[Diagnostic]]:
    """Read one of the handbook's own pages; front-matter is optional there, except in a translation
    (`<page>.<locale>.md` for a configured locale), whose front-matter is a `PageTranslation`."""
    text, problems = read_text(root, path)
    if text is None:
        return None, problems
    stem, _, locale = path[: -len(".md")].rpartition("/")[2].partition(".")
    translated = locale in locales
    page, problems = split(text, path, required=translated)
    if page is None:
        return None, problems
    title = None
    audience: tuple[str, ...] = ()
    position = (0, 0)
    parsed = None
    if translated:
        parsed, problems = load_yaml(page.front_matter, path, line_offset=page.front_matter_line - 1)
        if parsed is None:
            return None, problems
        meta, problems = validate(PageTranslation, parsed, path)
        if meta is None:
            return None, problems
        source_path = f"{path.rpartition('/')[0]}/{stem}.md"
        return SitePageSource(path, source_path[len(docs_dir) + 1 :], meta.title, page.body, page.body_line,
                              locale=locale, source_path=source_path, translation=meta, yaml=parsed), []
    if page.front_matter:
        parsed, problems = load_yaml(page.front_matter, path, line_offset=page.front_matter_line - 1)
        if parsed is None:
            return None, problems
        if isinstance(parsed.data, dict) and isinstance(parsed.data.get("title"), str):
            title = parsed.data["title"]
        if isinstance(parsed.data, dict) and "audience" in parsed.data:
            value = parsed.data["audience"]
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                return None, [Diagnostic.of(dx.INVALID_VALUE, path, *parsed.locate(("audience",)),
                                            "audience must be a list of audience names, e.g. [child-safety]")]
            audience = tuple(value)
            position = parsed.locate(("audience",))
    uri = path[len(docs_dir) + 1 :]
    return SitePageSource(path, uri, title, page.body, page.body_line, audience, position, yaml=parsed), []


PARALLEL_FROM = 400
"""How many page files a handbook needs before `load_handbook(jobs=2+)` shares the parsing out:
below that, starting a worker costs more than it saves."""


def load_handbook(root: Path, cache: ParseCache | None = None, jobs: int = 1) -> Handbook:
    """Load every page, the team registry and the glossaries of the handbook at `root`.

    A process that loads the same handbook repeatedly passes the same `cache` each time, so only
    changed pages are parsed again. A one-shot command passes `jobs` to parse the pages in that
    many processes (see `policybook.workers`).

    Raises:
        ConfigError: when `policybook.yml` is missing or invalid.
    """
    with collector_paused():  # see policybook.collection
        return _load_handbook(root, cache, jobs)


def _read_pages(root: Path, paths: list[str], config: HandbookConfig, cache: ParseCache | None,
                jobs: int) -> list[Parsed]:
    """`read_page` of every path, in order; shared out between `jobs` processes for a large handbook."""
    jobs = min(jobs, len(paths) * 2 // PARALLEL_FROM)  # never a worker for fewer than half that many pages
    if cache is not None or jobs < 2 or len(paths) < PARALLEL_FROM:
        return [read_page(root, path, config, cache) for path in paths]
    # The first share is parsed here, the others in forked workers, which must also pickle their
    # pages back (a sixth of the parsing time): this process takes a larger share.
    first = int(len(paths) / jobs * 1.2)
    rest = -(-(len(paths) - first) // (jobs - 1))
    shares = [paths[:first], *(paths[start : start + rest] for start in range(first, len(paths), rest))]
    tasks = [lambda share=share: [read_page(root, path, config) for path in share] for share in shares]
    return [page for pages in run_all(tasks, jobs) for page in pages]


def _per_locale(root: Path, folder: str, locales: list[str], model: type[M], data_files: dict[str, YamlData],
                diagnostics: list[Diagnostic]) -> dict[str, M]:
    """The valid `<folder>/<locale>.yml` data files of these locales (glossaries, locale files) by locale;
    each parsed file is kept in `data_files`, each problem in `diagnostics`."""
    found: dict[str, M] = {}
    for locale in locales:
        relative = f"{folder}/{locale}.yml"
        if (root / relative).is_file():
            value, parsed, problems = load_data_file(root, relative, model)
            diagnostics.extend(problems)
            if parsed is not None:
                data_files[relative] = parsed
            if value is not None:
                found[locale] = value
    return found


def _load_handbook(root: Path, cache: ParseCache | None, jobs: int) -> Handbook:
    root = root.resolve()
    config, parsed_config = _read_config(root)
    data_files = {CONFIG_FILE: parsed_config}
    diagnostics: list[Diagnostic] = []
    documents: list[Document] = []
    failed: set[str] = set()
    raw_pages: list[RawPage] = []
    paths = list(discover(root))
    for path, (document, raw_page, problems) in zip(paths, _read_pages(root, paths, config, cache, jobs)):
        diagnostics.extend(problems)
        if raw_page is not None:
            raw_pages.append(raw_page)
        if document is None:
            failed.add(path)
        else:
            documents.append(document)

    site_pages = []
    docs = root / config.docs_dir
    for file in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        site_page, problems = read_site_page(root, file.relative_to(root).as_posix(), config.docs_dir,
                                             frozenset(entry.code for entry in config.locales))
        diagnostics.extend(problems)
        if site_page is not None:
            site_pages.append(site_page)

    teams = {}
    positions = {}
    registry, parsed, problems = load_data_file(root, config.teams, TeamRegistry)
    diagnostics.extend(problems)
    if parsed is not None:
        data_files[config.teams] = parsed
    if registry is not None and parsed is not None:
        for index, team in enumerate(registry.teams):
            position = parsed.locate(("teams", index, "id"))
            if team.id in teams:
                diagnostics.append(
                    Diagnostic.of(dx.DUPLICATE_TEAM, config.teams, *position, f"team '{team.id}' is declared twice")
                )
                continue
            teams[team.id] = team
            positions[team.id] = position

    glossaries = _per_locale(root, config.glossary, config.locale_codes, Glossary, data_files, diagnostics)
    names = _per_locale(root, config.locale_names, [entry.code for entry in config.locales], LocaleNames, data_files,
                        diagnostics)

    if cache is not None:
        cache.rotate()
    return Handbook(
        root=root,
        config=config,
        documents=documents,
        teams=teams,
        team_positions=positions,
        glossaries=glossaries,
        names=names,
        diagnostics=diagnostics,
        failed_paths=failed,
        raw_pages=raw_pages,
        site_pages=site_pages,
        data_files=data_files,
    )
