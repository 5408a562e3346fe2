"""Restricted content is restricted to audiences that exist, and links do not cross audiences."""

from __future__ import annotations

from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.audiences import restricted_blocks, visible
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.references import RefKind


def _known(handbook: Handbook) -> set[str]:
    return set(handbook.teams) | set(handbook.config.audiences)


def _hint(handbook: Handbook) -> str:
    return "audiences: " + ", ".join(sorted(_known(handbook)))


def _bodies(handbook: Handbook) -> Iterator[tuple[str, str, int, tuple[str, ...]]]:
    """(path, body, body line, page audience) of every page; translations read as their source."""
    for document in handbook.documents:
        source = handbook.by_path.get(document.source_path or "") if document.kind is Kind.translation else document
        audience = tuple(getattr(source.meta, "audience", ()) if source else ())
        yield document.path, document.body, document.body_line, audience
    for page in handbook.site_pages:
        yield page.path, page.body, page.body_line, page.audience


@check("audiences")
def audiences(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every audience named exists; a page's references reach only pages all its readers may see."""
    known = _known(handbook)
    for document in handbook.documents:
        for index, name in enumerate(getattr(document.meta, "audience", [])):
            if name not in known:
                yield Diagnostic.of(dx.UNKNOWN_AUDIENCE, document.path, *document.locate("audience", index),
                                    f"audience '{name}' is not a team or a declared audience", hint=_hint(handbook))
    for page in handbook.site_pages:
        for name in page.audience:
            if name not in known:
                yield Diagnostic.of(dx.UNKNOWN_AUDIENCE, page.path, *page.audience_position,
                                    f"audience '{name}' is not a team or a declared audience", hint=_hint(handbook))
    registry = handbook.config.teams
    for team in handbook.teams.values():
        for name in team.audience:
            if name not in known:
                yield Diagnostic.of(dx.UNKNOWN_AUDIENCE, registry, *handbook.team_positions.get(team.id, (0, 0)),
                                    f"team '{team.id}': audience '{name}' is not a team or a declared audience",
                                    hint=_hint(handbook))
    for path, body, body_line, page_audience in _bodies(handbook):
        blocks = restricted_blocks(body)
        for block in blocks:
            line = body_line + block.line - 1
            if not block.audiences:
                yield Diagnostic.of(dx.RESTRICTED_BLOCK_SYNTAX, path, line, block.column,
                                    "restricted block names no audience", hint=_hint(handbook))
            for name in block.audiences:
                if name not in known:
                    yield Diagnostic.of(dx.UNKNOWN_AUDIENCE, path, line, block.column,
                                        f"restricted block: audience '{name}' is not a team or a declared audience",
                                        hint=_hint(handbook))
        yield from _crossing_links(handbook, path, body_line, page_audience, blocks)


def _crossing_links(handbook: Handbook, path: str, body_line: int, page_audience: tuple[str, ...],
                    blocks: list) -> Iterator[Diagnostic]:
    for reference in handbook.references(path):
        if reference.kind is not RefKind.id:
            continue
        target = handbook.by_id.get(reference.target)
        target_audience = list(getattr(target.meta, "audience", [])) if target else []
        if not target_audience:
            continue
        readers: set[str] | None = set(page_audience) or None  # None: everyone
        body_row = reference.line - body_line + 1
        for block in blocks:
            if block.line <= body_row <= block.end_line:
                readers = set(block.audiences) if readers is None else readers & set(block.audiences)
        if readers is not None and all(visible(target_audience, reader) for reader in readers):
            continue
        who = "every reader of this page" if readers is None else ", ".join(sorted(readers - set(target_audience)))
        yield Diagnostic.of(
            dx.RESTRICTED_LINK, path, reference.line, reference.column,
            f"{reference.target} is restricted to {', '.join(target_audience)}; {who} will see plain text marked restricted",
            end_column=reference.end_column,
        )
