"""Raw HTML that would run script, embed or fetch other documents, in any text rendered into a page.

Page bodies are scanned as Markdown. So is every string of front-matter and of the YAML data files
(settings, team registry, glossaries): summaries, exceptions, regional notes, step texts, team
names and glossary definitions are all rendered into pages as Markdown.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook import diagnostics as dx
from policybook.rawhtml import Finding, may_hold_markup, may_hold_script_url, scan_built_page, scan_markdown, script_url
from policybook.memo import Same, remembered
from policybook.yamldata import YamlData


def in_text(path: str, text: str, first_line: int, findings: list[Finding]) -> Iterator[Diagnostic]:
    """Findings at offsets of `text`, whose first line is file line `first_line`, as diagnostics."""
    starts = [0]
    if findings:
        starts += [index + 1 for index, char in enumerate(text) if char == "\n"]
    for finding in findings:
        row = bisect_right(starts, finding.offset) - 1
        column = finding.offset - starts[row] + 1
        yield Diagnostic.of(finding.code, path, first_line + row, column, finding.message,
                            end_column=column + finding.length)


def in_yaml(path: str, data: YamlData) -> Iterator[Diagnostic]:
    """Findings in every string of a front-matter block or data file (`run_checks` sorts them)."""
    # Most front-matter holds no markup and no script URL: all its strings are screened at once,
    # and only a page with a finding works out where each string is. The newlines joining them
    # keep a `](` or `]:` from forming across two strings.
    joined = "\n".join(data.texts)
    if not may_hold_markup(joined) and not may_hold_script_url(joined):
        return
    for location, value in data.strings(in_file_order=False):
        findings = scan_markdown(value) if may_hold_markup(value) else []
        scheme = script_url(value.strip()) if may_hold_script_url(value) else None
        if scheme and not findings:  # a bare URL field (edit_url) is rendered as a link
            line, column = data.find(location, value.strip())
            yield Diagnostic.of(dx.SCRIPT_URL, path, line, column, f"{scheme}: URL in '{_name(location)}'")
        for finding in findings:
            needle = value[finding.offset : finding.offset + finding.length]
            line, column = data.find(location, needle)
            yield Diagnostic.of(finding.code, path, line, column, f"{finding.message} (in '{_name(location)}')",
                                end_column=column + finding.length)


@remembered(key=lambda path, data: (path, Same(data)))
def _in_front_matter(path: str, data: YamlData) -> list[Diagnostic]:
    return list(in_yaml(path, data))


def _name(location: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in location) or "value"


@check("raw-html")
def raw_html(handbook: Handbook) -> Iterator[Diagnostic]:
    """No script, event handler, script URL, embedding element or external resource in any page text."""
    for page in handbook.raw_pages:
        yield from _in_front_matter(page.path, page.yaml)
        yield from in_text(page.path, page.body, page.body_line, scan_markdown(page.body))
    for site_page in handbook.site_pages:
        yield from in_text(site_page.path, site_page.body, site_page.body_line, scan_markdown(site_page.body))
    for path, data in handbook.data_files.items():
        yield from in_yaml(path, data)


def unsafe_output(path: str, page_html: str) -> list[Diagnostic]:
    """Forbidden HTML in the final HTML of the page built from `path`: the build's last line of defence.

    Code blocks are escaped by then, so everything found is live markup that the source checks did
    not catch (an extension's output, a parser disagreement). Reported against the page's source file.
    """
    return [
        Diagnostic.of(dx.UNSAFE_OUTPUT, path, 0, 0, f"{finding.message} [{finding.code.code}], in the built page at "
                      f"{finding.tag!r}")
        for finding in scan_built_page(page_html)
    ]
