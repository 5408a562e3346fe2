"""Files are where their front-matter says they belong."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.config import CONFIG_FILE
from policybook.diagnostics import Diagnostic
from policybook.documents import Kind
from policybook.handbook import Handbook


@check("folders")
def folders(handbook: Handbook) -> Iterator[Diagnostic]:
    """`area`/`workflow` names a configured folder, and the file is in it."""
    for page in handbook.raw_pages:
        if page.kind is Kind.policy:
            key, known, top = "area", handbook.config.areas, "policies"
        elif page.kind is Kind.process:
            key, known, top = "workflow", handbook.config.workflows, "processes"
        else:
            continue
        value = page.text(key)
        if value is None:
            continue  # missing or mistyped: the model check reports it
        if value not in known:
            close = difflib.get_close_matches(value, list(known), n=1)
            yield Diagnostic.of(
                dx.UNKNOWN_AREA, page.path, *page.locate(key), f"{key} '{value}' is not declared in {CONFIG_FILE}",
                hint=f"did you mean '{close[0]}'?" if close else f"declared: {', '.join(known)}",
            )
        elif value != page.folder:
            yield Diagnostic.of(
                dx.WRONG_FOLDER, page.path, *page.locate(key), f"{key} is '{value}' but the file is in '{page.folder}/'",
                hint=f"move the file to {top}/{value}/ or set '{key}: {page.folder}'",
            )


@check("translation-sources")
def translation_sources(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every translation sits beside the source page it translates."""
    for document in handbook.documents:
        if document.kind is not Kind.translation or document.source_path is None:
            continue
        if document.source_path not in handbook.by_path and document.source_path not in handbook.failed_paths:
            yield Diagnostic.of(
                dx.ORPHAN_TRANSLATION, document.path, 1, 1, f"translation of {document.source_path}, which does not exist",
            )
