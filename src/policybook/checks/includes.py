"""Include lines (`--8<-- "path"`) in page bodies: refused, most specifically first."""

from __future__ import annotations

from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.includes import Verdict, find_includes, resolve

_CODES = {
    Verdict.outside: (dx.INCLUDE_OUTSIDE, "include of '{path}' reaches outside the handbook's files"),
    Verdict.missing: (dx.INCLUDE_MISSING, "included file '{path}' does not exist"),
    Verdict.inside: (dx.INCLUDES_DISABLED, "include of '{path}' would be published as text: includes are not enabled"),
}


@check("includes")
def includes(handbook: Handbook) -> Iterator[Diagnostic]:
    """Every include line in every page body, with where its path leads."""
    bodies = [(page.path, page.body, page.body_line) for page in handbook.raw_pages]
    bodies += [(page.path, page.body, page.body_line) for page in handbook.site_pages]
    for path, body, first_line in bodies:
        for include in find_includes(body):
            code, message = _CODES[resolve(handbook.root, include.path)]
            column = include.column + 1
            yield Diagnostic.of(code, path, first_line + include.line, column, message.format(path=include.path),
                                end_column=column + include.length)
