"""The parsed document: one record per handbook page, whatever front end reads it."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar
from weakref import WeakKeyDictionary

from policybook.model import Policy, ProcessSegment, Translation
from policybook.model.translation import PageTranslation
from policybook.yamldata import Location, YamlData
from policybook.memo import remembered


class Kind(str, Enum):
    """What a page is."""

    policy = "policy"
    process = "process"
    translation = "translation"


@dataclass(frozen=True, eq=False)
class RawPage:
    """A page whose front-matter parsed as a mapping, before (or despite failing) validation.

    Checks that need only a few plain fields (ID, owner, folder) read these, so a page with one
    invalid field still gets every other problem reported in the same run.
    """

    path: str
    """Path relative to the handbook root."""
    kind: Kind
    """Policy, process or translation (from the location)."""
    yaml: YamlData
    """The parsed front-matter with positions."""
    valid: bool
    """Whether the front-matter passed its model."""
    body: str = ""
    """The Markdown after the front-matter, checked even when the front-matter is invalid."""
    body_line: int = 0
    """File line (1-based) where the body starts."""

    def text(self, key: str) -> str | None:
        """A top-level string field, or None when absent or not a string."""
        value = self.yaml.data.get(key) if isinstance(self.yaml.data, dict) else None
        return value if isinstance(value, str) else None

    def locate(self, *location: str | int) -> tuple[int, int]:
        """File (line, column) of a front-matter key."""
        return self.yaml.locate(tuple(location))

    @property
    def folder(self) -> str:
        """The area or workflow folder."""
        return self.path.split("/")[1]


@dataclass(frozen=True, eq=False)
class Document:
    """A policy, process segment or translation, validated, with positions for diagnostics."""

    path: str
    """Path relative to the handbook root, with forward slashes, e.g. `policies/hate-speech/hate-speech.md`."""
    kind: Kind
    """Policy, process or translation."""
    meta: Policy | ProcessSegment | Translation
    """The validated front-matter."""
    body: str
    """The Markdown after the front-matter."""
    body_line: int
    """File line (1-based) where the body starts, to turn body offsets into file lines."""
    yaml: YamlData
    """Where each front-matter key is."""
    locale: str
    """The page's language."""
    source_path: str | None = None
    """For translations: the path of the source page."""

    @property
    def id(self) -> str | None:
        """The stable ID (translations have none of their own)."""
        return getattr(self.meta, "id", None)

    @property
    def folder(self) -> str:
        """The area (policies) or workflow (processes) folder."""
        return self.path.split("/")[1]

    @property
    def slug(self) -> str:
        """The file name without locale suffix and extension."""
        return self.path.rsplit("/", 1)[-1].split(".", 1)[0]

    def locate(self, *location: str | int) -> tuple[int, int]:
        """File (line, column) of a front-matter key, e.g. `doc.locate("owner")`."""
        return self.yaml.locate(tuple(location))


@dataclass(frozen=True, eq=False)
class SitePageSource:
    """One of the handbook's own pages in `docs/` (home, guides): no model, optional front-matter."""

    path: str
    """Path relative to the handbook root, e.g. `docs/reading.md`."""
    uri: str
    """Its path in the site, relative to the docs folder, e.g. `reading.md`."""
    title: str | None
    """The front-matter `title`, if any."""
    body: str
    """The Markdown after any front-matter."""
    body_line: int
    """File line where the body starts."""
    audience: tuple[str, ...] = ()
    """Audiences allowed to read it (front-matter `audience`); empty means everyone."""
    audience_position: tuple[int, int] = (0, 0)
    """File (line, column) of the `audience` key, for diagnostics."""
    locale: str | None = None
    """For a translation (`index.es.md`): its locale. None for a page in the source language."""
    source_path: str | None = None
    """For a translation: the repository path of the page it translates (its `uri` is that page's)."""
    translation: PageTranslation | None = None
    """For a translation: its validated front-matter."""
    yaml: YamlData | None = None
    """The parsed front-matter, with positions, when there is front-matter."""


@remembered
def text_digest(title: str, summary: str | None, body: str) -> str:
    """The digest a translation records of the source text it translates.

    Only what a translator translates goes in (title, summary, body), with trailing whitespace and
    line-ending differences removed, so metadata edits and reformatting do not outdate translations.
    """
    normalised = "\n".join(line.rstrip() for line in body.strip().splitlines())
    payload = "\x1f".join((title.strip(), (summary or "").strip(), normalised))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


T = TypeVar("T")


def per_document(compute: Callable[[Document], T]) -> Callable[[Document], T]:
    """`compute`, worked out once for each document object and kept while the document lives.

    For what is asked of a source page once per locale it is translated into (its digest, its
    word count): documents are immutable, so the answer cannot change."""
    answers: WeakKeyDictionary[Document, T] = WeakKeyDictionary()

    @functools.wraps(compute)
    def once(document: Document) -> T:
        if document not in answers:
            answers[document] = compute(document)
        return answers[document]

    return once


@per_document
def source_digest(document: Document) -> str:
    """The current digest of a source page (see `text_digest`)."""
    return text_digest(document.meta.title, getattr(document.meta, "summary", None), document.body)
