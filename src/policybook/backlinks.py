"""Which pages refer to which: the reverse of every reference, for "Referenced by" lists."""

from __future__ import annotations

import posixpath
from collections import defaultdict

from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment
from policybook.references import RefKind
from policybook.sitemap import site_uri


def referenced_by(handbook: Handbook) -> dict[str, list[str]]:
    """For each policy or process ID, the repository paths of the source pages that refer to it.

    A page refers to another by an ID reference or a relative link in its prose, or through a
    front-matter relation (`related`, `processes`, `policies`, `supersedes`, `next`,
    `escalates_to`, a step's `to`). Translations are left out: they repeat their source's links.
    """
    found: dict[str, set[str]] = defaultdict(set)
    by_uri = {document.path: document.id for document in handbook.documents if document.id}
    pages = [(page.path, page.uri) for page in handbook.source_site_pages]
    pages += [(document.path, document.path) for document in handbook.documents if document.kind is not Kind.translation]
    for path, uri in pages:
        for ref in handbook.references(path):
            if ref.kind is RefKind.id:
                found[ref.target].add(path)
            elif ref.kind is RefKind.link and ref.target:
                target = by_uri.get(posixpath.normpath(posixpath.join(posixpath.dirname(uri), ref.target)))
                if target:
                    found[target].add(path)
    for document in handbook.documents:
        meta = document.meta
        related: list[str] = []
        if isinstance(meta, Policy):
            related = [*meta.related, *meta.processes, *meta.supersedes]
        elif isinstance(meta, ProcessSegment):
            related = [*meta.policies, *meta.escalates_to, *(step.to for step in meta.steps if step.to)]
            related += [meta.next] if meta.next else []
        for target in related:
            found[target].add(document.path)
    return {
        target: sorted(paths - {handbook.by_id[target].path if target in handbook.by_id else ""}, key=lambda p: site_uri(handbook, p))
        for target, paths in found.items()
    }
