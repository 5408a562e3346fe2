"""Audiences: who may read a page, or a block inside one, and the handbook as one audience sees it.

A page's `audience` front-matter lists the audiences allowed to read it (a team ID from the
registry, or a name declared under `audiences:` in `policybook.yml`); an empty list means everyone
with handbook access. A block inside a page is restricted with an admonition-style marker whose
content is indented below it:

    !!! restricted child-safety law-enforcement-response
        Hash-match thresholds and the escalation rota.

`for_audience` returns the handbook with everything that audience may not read removed *before*
anything is rendered: pages, their translations, restricted blocks, team entries. Every output
(pages, navigation, search index, sitemap, indexes, "Referenced by", glossary usage, dashboards,
feeds) is then computed from what is left, so nothing restricted can leak through a rendering that
forgot to filter. References to a removed page become plain text marked restricted.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable
from typing import Any
from dataclasses import dataclass

from policybook.documents import Document, Kind, SitePageSource
from policybook.handbook import Handbook
from policybook.references import mask_code

EVERYONE = None
"""The audience of a build without `--audience`: readers with no special access."""

_MARKER = re.compile(r"^(?P<indent>[ \t]*)!!![ \t]+restricted\b(?P<names>[^\n\"]*?)[ \t]*(?:\"(?P<title>[^\"\n]*)\")?[ \t]*$", re.M)


@dataclass(frozen=True)
class RestrictedBlock:
    """A restricted block in a page body."""

    line: int
    """Body line (1-based) of the marker."""
    column: int
    """Column of the first audience name on the marker line (1-based), for diagnostics."""
    end_line: int
    """The block's last body line."""
    audiences: tuple[str, ...]
    """Who may read it."""


def restricted_blocks(body: str) -> list[RestrictedBlock]:
    """Every restricted block, outside code, with its extent (marker plus indented lines)."""
    if "restricted" not in body:
        return []
    masked = mask_code(body)
    lines = body.split("\n")
    blocks = []
    for match in _MARKER.finditer(masked):
        first = masked.count("\n", 0, match.start())
        indent = len(match["indent"].expandtabs(4))
        last = first
        for index in range(first + 1, len(lines)):
            text = lines[index]
            if text.strip() and len(text) - len(text.lstrip(" \t")) <= indent:
                break
            if text.strip():
                last = index
        names = tuple(match["names"].split())
        column = match.start("names") - match.start() + 1 + (len(match["names"]) - len(match["names"].lstrip()))
        blocks.append(RestrictedBlock(first + 1, column, last + 1, names))
    return blocks


def visible(audiences: Iterable[str], audience: str | None) -> bool:
    """Whether a reader of `audience` may read something restricted to `audiences` (empty: everyone)."""
    allowed = list(audiences)
    return not allowed or (audience is not None and audience in allowed)


def strip_restricted(body: str, audience: str | None, title: str = "Restricted") -> str:
    """`body` without the blocks `audience` may not read (blank lines keep line numbers), and with
    the blocks it may read turned into visible admonitions saying who they are for."""
    blocks = restricted_blocks(body)
    if not blocks:
        return body
    lines = body.split("\n")
    for block in blocks:
        start = block.line - 1
        if visible(block.audiences, audience):
            indent = lines[start][: len(lines[start]) - len(lines[start].lstrip(" \t"))]
            label = f"{title}: {', '.join(block.audiences)}".replace('"', "'")
            lines[start] = f'{indent}!!! danger pb-restricted "{label}"'
        else:
            for index in range(start, block.end_line):
                lines[index] = ""
    return "\n".join(lines)


RESTRICTED_TITLE = "Restricted page: not in this edition of the handbook"
RESTRICTED_LABEL = "(restricted)"
RESTRICTED_MARK = f'<span class="pb-restricted-link" title="{RESTRICTED_TITLE}">{{text}} {RESTRICTED_LABEL}</span>'
"""How a reference to a page the reader may not see is shown: its text, no link (the renderings
word the title and label in the page's language)."""


def unlink_restricted(body: str, hidden_ids: set[str]) -> str:
    """References by ID to pages removed for this audience, as plain text marked restricted.

    `[text][ID]`, `[text][ID#anchor]` and `[ID][]` outside code; the page's title never appears,
    only the reference's own text.
    """
    if not hidden_ids or "][" not in body:
        return body
    masked = mask_code(body)
    pieces, offset = [], 0
    for match in _REFERENCE.finditer(masked):
        label = (match["label"] or match["text"]).split("#")[0].strip()
        if label not in hidden_ids:
            continue
        text = " ".join(body[match.start("text"):match.end("text")].split()) or label
        pieces += [body[offset:match.start()], RESTRICTED_MARK.format(text=text)]
        offset = match.end()
    return "".join(pieces) + body[offset:]


_REFERENCE = re.compile(r"(?<![\\!])\[(?P<text>[^\[\]]*)\]\[(?P<label>[^\[\]\n]*)\]")


def for_audience(handbook: Handbook, audience: str | None) -> Handbook:
    """The handbook as `audience` may read it (see the module docstring)."""
    hidden_sources = {d.path for d in handbook.documents
                      if d.kind is not Kind.translation and not visible(getattr(d.meta, "audience", []), audience)}
    hidden_ids = {d.id for d in handbook.documents if d.path in hidden_sources and d.id}
    documents: list[Document] = []
    for document in handbook.documents:
        if document.path in hidden_sources or document.source_path in hidden_sources:
            continue
        body = unlink_restricted(strip_restricted(document.body, audience), hidden_ids)
        documents.append(document if body == document.body else dataclasses.replace(document, body=body))
    site_pages: list[SitePageSource] = []
    hidden_pages = {page.path for page in handbook.site_pages if not visible(page.audience, audience)}
    for page in handbook.site_pages:
        if page.path in hidden_pages or page.source_path in hidden_pages:  # a translation follows its source
            continue
        body = unlink_restricted(strip_restricted(page.body, audience), hidden_ids)
        site_pages.append(page if body == page.body else dataclasses.replace(page, body=body))
    teams = {key: team for key, team in handbook.teams.items() if visible(team.audience, audience)}
    hidden_paths = hidden_sources | {d.path for d in handbook.documents if d.source_path in hidden_sources}
    if _same(documents, handbook.documents) and _same(site_pages, handbook.site_pages) and len(teams) == len(handbook.teams):
        # Nothing this reader may not see: a copy that keeps what has been worked out about the
        # handbook (the checks' glossary matches, translation statuses), which holds for it too.
        filtered = copy.copy(handbook)
        filtered.diagnostics = []
    else:
        filtered = dataclasses.replace(
            handbook,
            documents=documents,
            site_pages=site_pages,
            teams=teams,
            raw_pages=[page for page in handbook.raw_pages if page.path not in hidden_paths],
            diagnostics=[],
        )
    filtered.__dict__["_audience"] = audience
    filtered.__dict__["_hidden_ids"] = hidden_ids
    filtered.__dict__["_hidden_docs"] = {page.uri for page in handbook.site_pages if not visible(page.audience, audience)}
    return filtered


def _same(kept: list[Any], every: list[Any]) -> bool:
    return len(kept) == len(every) and all(one is other for one, other in zip(kept, every))


def hidden_docs(handbook: Handbook) -> set[str]:
    """Site paths of the handbook's own pages removed by `for_audience`."""
    return handbook.__dict__.get("_hidden_docs", set())


def for_reader(handbook: Handbook, markdown: str) -> str:
    """A page's Markdown as the handbook's audience may read it: blocks stripped, links unlinked."""
    return unlink_restricted(strip_restricted(markdown, audience_of(handbook)), hidden_ids(handbook))


def hidden_ids(handbook: Handbook) -> set[str]:
    """IDs of pages removed from this handbook by `for_audience` (empty for a full handbook)."""
    return handbook.__dict__.get("_hidden_ids", set())


def audience_of(handbook: Handbook) -> str | None:
    """The audience a handbook was filtered for (`EVERYONE` when built without `--audience`)."""
    return handbook.__dict__.get("_audience", EVERYONE)
