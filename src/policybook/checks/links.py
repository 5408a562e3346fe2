"""References in page bodies resolve: IDs, their anchors, and relative links."""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.model import Policy, Status
from policybook.references import RefKind
from policybook.sitemap import document_anchors, site_anchors, site_uri


def _suggest(value: str, candidates: list[str] | set[str], limit: int = 5) -> str | None:
    close = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return None


def _anchor_hint(anchors: set[str]) -> str:
    shown = sorted(anchors)[:8]
    return "anchors there: " + ", ".join(shown) + (" ..." if len(anchors) > len(shown) else "")


def replacement(handbook: Handbook, policy_id: str) -> str | None:
    """'POL-HS-001 (Hate speech)' for the active policy that supersedes `policy_id`, if any."""
    document = handbook.superseded_by(policy_id)
    if document is not None and document.meta.status is Status.active:
        return f"{document.id} ({document.meta.title})"
    return None


def retired_warning(handbook: Handbook, target: str) -> str | None:
    """A message when `target` is a retired or superseded policy, else None."""
    meta = handbook.policy(target)
    replaced_by = replacement(handbook, target)
    if meta is None or (meta.status is not Status.retired and replaced_by is None):
        return None
    state = "retired" if meta.status is Status.retired else "superseded"
    instead = f"; refer to {replaced_by} instead" if replaced_by else ""
    return f"{target} ({meta.title}) is {state}{instead}"


def _pages(handbook: Handbook):
    """(path, site uri, whether the page is in force) of every page whose body is checked."""
    for page in handbook.site_pages:
        yield page.path, page.uri, True
    for document in handbook.documents:
        uri = document.source_path if document.kind is Kind.translation else document.path
        source = handbook.by_path.get(uri or "")
        meta = source.meta if source else document.meta
        yield document.path, uri, getattr(meta, "status", Status.active) is Status.active


@check("references")
def references(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every `[text][ID]`, `[text][ID#anchor]`, `[text][label]` and relative link in every page resolves."""
    anchors = site_anchors(handbook)
    docs = handbook.root / handbook.config.docs_dir
    targets: dict[str, set[str]] = {}  # an ID's headings and steps, worked out once per ID
    retired: dict[str, str | None] = {}  # whether an ID is retired or superseded, once per ID
    for path, uri, in_force in _pages(handbook):
        for ref in handbook.references(path):
            at = (path, ref.line, ref.column)
            if ref.kind is RefKind.id:
                if ref.target not in handbook.declared_ids:
                    yield Diagnostic.of(dx.UNKNOWN_ID, *at, f"no page has the ID {ref.target}",
                                        hint=_suggest(ref.target, set(handbook.declared_ids)), end_column=ref.end_column)
                    continue
                target = handbook.by_id.get(ref.target)
                if ref.anchor and target is not None:
                    known = targets.get(ref.target)
                    if known is None:
                        found = document_anchors(target)
                        known = targets[ref.target] = found | {step[len("step-"):] for step in found if step.startswith("step-")}
                    if ref.anchor not in known:
                        yield Diagnostic.of(dx.UNKNOWN_ID_ANCHOR, *at, f"{ref.target} has no heading or step '{ref.anchor}'",
                                            hint=_suggest(ref.anchor, known) or _anchor_hint(known), end_column=ref.end_column)
                if in_force and ref.target not in retired:
                    retired[ref.target] = retired_warning(handbook, ref.target)
                warning = retired[ref.target] if in_force else None
                if warning:
                    yield Diagnostic.of(dx.RETIRED_TARGET, *at, warning, end_column=ref.end_column)
            elif ref.kind is RefKind.term:
                continue  # glossary references are checked with the terminology (TERM001)
            elif ref.kind is RefKind.label:
                yield Diagnostic.of(dx.UNKNOWN_LABEL, *at, f"'[{ref.target}]' is not a handbook ID or a label defined on this page",
                                    hint=_suggest(ref.target, set(handbook.declared_ids)), end_column=ref.end_column)
            else:
                target_uri = posixpath.normpath(posixpath.join(posixpath.dirname(uri), ref.target)) if ref.target else uri
                if target_uri not in anchors:
                    if ref.target and not target_uri.endswith(".md") and (docs / target_uri).is_file():
                        continue  # a static file (image, download) in the docs folder
                    yield Diagnostic.of(dx.BROKEN_LINK, *at, f"link target '{ref.target}' is not a page of the site",
                                        hint=_suggest(target_uri, set(anchors)), end_column=ref.end_column)
                elif ref.anchor and ref.anchor not in anchors[target_uri]:
                    yield Diagnostic.of(dx.BROKEN_ANCHOR, *at, f"'{site_uri(handbook, target_uri)}' has no anchor '#{ref.anchor}'",
                                        hint=_suggest(ref.anchor, anchors[target_uri]) or _anchor_hint(anchors[target_uri]),
                                        end_column=ref.end_column)
