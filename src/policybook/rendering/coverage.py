"""Renderings of the translation status: the dashboard page, CSV and JSON, and the terminal table.

All of them read `policybook.coverage.coverage(handbook)` and only format it.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from policybook.coverage import Coverage, PageStatus, State, Summary, coverage
from policybook.handbook import Handbook
from policybook.model import Status
from policybook.rendering.messages import language_name
from policybook.rendering.blocks import html_table
from policybook.rendering.text import cell, html_code, html_link, human_date, link
from policybook.sections import HEADING, INTRODUCTION
from policybook.sitemap import TRANSLATIONS_PAGE

CSV_DOWNLOAD = "translations.csv"
JSON_DOWNLOAD = "translations.json"
COLUMNS = ("locale", "path", "id", "title", "kind", "group", "status", "severity", "state", "required",
           "words", "translated_version", "current_version", "translated_on", "changed_sections", "priority")
"""The CSV columns, one row per source page and locale (the JSON `pages` records use the same keys)."""


def _group(status: PageStatus) -> str:
    """The area (policies) or workflow (processes) folder."""
    return status.source.folder


def row(status: PageStatus, rank: int) -> dict[str, Any]:
    """One page in one locale as a flat record (see `COLUMNS`)."""
    meta = status.source.meta
    severity = getattr(meta, "severity", None)
    return {
        "locale": status.locale,
        "path": status.source.path,
        "id": status.source.id,
        "title": meta.title,
        "kind": status.source.kind.value,
        "group": _group(status),
        "status": meta.status.value,
        "severity": severity.value if severity else "",
        "state": status.state.value,
        "required": status.required,
        "words": status.words,
        "translated_version": status.translated_version or "",
        "current_version": meta.version,
        "translated_on": status.translated_on.isoformat() if status.translated_on else "",
        "changed_sections": ";".join(f"{c.key}:{c.change.value}" for c in status.sections),
        "priority": rank,
    }


def rows(result: Coverage, locales: list[str] | None = None) -> list[dict[str, Any]]:
    """Every record, per locale in priority order (`priority` 1 = translate first)."""
    by_locale: dict[str, list[dict[str, Any]]] = result.__dict__.setdefault("_rows", {})  # CSV and JSON share them
    found: list[dict[str, Any]] = []
    for locale in locales or result.locales:
        if locale not in by_locale:
            by_locale[locale] = [row(status, rank) for rank, status in enumerate(result.of_locale(locale), start=1)]
        found += by_locale[locale]
    return found


def summary_record(summary: Summary) -> dict[str, Any]:
    """A summary as plain data."""
    oldest = summary.oldest_outdated
    return {
        "current": summary.current, "outdated": summary.outdated, "missing": summary.missing,
        "total": summary.total, "percent_current": round(summary.percent_current, 1),
        "words_to_translate": summary.words_to_translate, "words_to_revise": summary.words_to_revise,
        "oldest_outdated": None if oldest is None else {
            "path": oldest.source.path, "id": oldest.source.id,
            "translated_version": oldest.translated_version, "current_version": oldest.source.meta.version,
            "translated_on": oldest.translated_on.isoformat() if oldest.translated_on else None,
        },
    }


def report(handbook: Handbook, locales: list[str] | None = None) -> dict[str, Any]:
    """The JSON document: per-locale summaries (overall, required pages, per area) and every page."""
    result = coverage(handbook)
    chosen = locales or result.locales
    summaries: dict[str, Any] = {}
    for locale in chosen:
        statuses = result.of_locale(locale)
        groups: dict[str, list[PageStatus]] = {}
        for status in statuses:
            groups.setdefault(_group(status), []).append(status)
        summaries[locale] = {
            **summary_record(result.summary(statuses)),
            "required": summary_record(result.summary(s for s in statuses if s.required)),
            "groups": {group: summary_record(result.summary(items)) for group, items in sorted(groups.items())},
        }
    return {"source_locale": handbook.config.source_locale, "locales": summaries, "pages": rows(result, chosen)}


def as_json(handbook: Handbook, locales: list[str] | None = None, *, indent: int | None = 2) -> str:
    """`report` as JSON, indented for people by default (`indent=None`: one line, for the site's
    download, which tools read and which the standard library writes several times faster)."""
    return json.dumps(report(handbook, locales), indent=indent, ensure_ascii=False) + "\n"


def as_csv(handbook: Handbook, locales: list[str] | None = None) -> str:
    """One CSV row per source page and locale."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(coverage(handbook), locales))
    return buffer.getvalue()


def as_text(handbook: Handbook, locales: list[str] | None = None, limit: int = 10) -> str:
    """The terminal table: one line per locale, then what to translate next in each."""
    result = coverage(handbook)
    chosen = locales or result.locales
    header = f"{'locale':<8}{'current':>8}{'outdated':>9}{'missing':>8}{'%':>7}{'to translate':>14}{'to revise':>11}  oldest outdated"
    lines = [header, "-" * len(header)]
    for locale in chosen:
        summary = result.summary(result.of_locale(locale))
        oldest = summary.oldest_outdated
        lines.append(
            f"{locale:<8}{summary.current:>8}{summary.outdated:>9}{summary.missing:>8}{summary.percent_current:>6.1f}%"
            f"{summary.words_to_translate:>14,}{summary.words_to_revise:>11,}  "
            + (f"{oldest.source.id} (from {oldest.translated_version})" if oldest else "—")
        )
    for locale in chosen:
        pending = [s for s in result.of_locale(locale) if s.state is not State.current][:limit]
        if not pending:
            continue
        lines += ["", f"{locale}: translate next"]
        for rank, status in enumerate(pending, start=1):
            changed = ", ".join(c.key for c in status.sections)
            lines.append(
                f"  {rank:>2}. {status.source.id:<11} {status.state.value:<9}{status.words:>6,} words"
                + ("  required" if status.required else "") + (f"  sections: {changed}" if changed else "")
                + f"  {status.source.path}"
            )
    return "\n".join(lines) + "\n"


def coverage_downloads(handbook: Handbook) -> dict[str, str]:
    """The CSV and JSON files the dashboard links to, by site path."""
    return {CSV_DOWNLOAD: as_csv(handbook), JSON_DOWNLOAD: as_json(handbook, indent=None)}


def _percent(summary: Summary) -> str:
    return f"{summary.percent_current:.0f}%"


def coverage_page(handbook: Handbook) -> str:
    """`translations.md`: the localization dashboard."""
    result = coverage(handbook)
    config = handbook.config
    uri = TRANSLATIONS_PAGE
    names = {locale.code: locale.name for locale in config.locales}
    lines = [
        "# Translation status", "",
        "Which pages each language has current, out of date or missing, and what to translate next. "
        f"Computed at every build from the digests each translation records of its {language_name(config.source_locale, 'en')} "
        "source: the same figures as `policybook l10n status`, and the same status the banners on translated pages show. "
        f"Download: [CSV]({CSV_DOWNLOAD}) · [JSON]({JSON_DOWNLOAD}).", "",
        "| Language | Current | Outdated | Missing | Current % | Required current | Words to translate | Words to revise | Oldest outdated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for locale in result.locales:
        statuses = result.of_locale(locale)
        summary = result.summary(statuses)
        required = result.summary(s for s in statuses if s.required)
        oldest = summary.oldest_outdated
        oldest_cell = (f"[{oldest.source.id}]({link(uri, oldest.source.path)}) from {oldest.translated_version}"
                       if oldest else "—")
        lines.append(
            f"| [{names.get(locale, locale)}](#locale-{locale}) `{locale}` | {summary.current} | {summary.outdated} | "
            f"{summary.missing} | {_percent(summary)} | {required.current} of {required.total} | "
            f"{summary.words_to_translate:,} | {summary.words_to_revise:,} | {oldest_cell} |"
        )
    lines += ["", _required_note(handbook), ""]
    lines += _by_group(handbook, result)
    for locale in result.locales:
        lines += _locale_section(handbook, result, locale, names.get(locale, locale))
    return "\n".join(lines)


def _required_note(handbook: Handbook) -> str:
    requirement = handbook.config.require
    parts = [f"active policies of severity {', '.join(f'`{s.value}`' for s in requirement.severities)}"]
    if requirement.processes:
        parts.append("every active process segment")
    if requirement.ids:
        parts.append(", ".join(f"`{i}`" for i in requirement.ids))
    return ("**Required pages** (the set `policybook l10n status --fail-under` gates on, set in `policybook.yml`): "
            + "; ".join(parts) + ".")


def _by_group(handbook: Handbook, result: Coverage) -> list[str]:
    titles = {**{f: a.title for f, a in handbook.config.areas.items()},
              **{f: w.title for f, w in handbook.config.workflows.items()}}
    lines = ["## By area and workflow {#by-area}", "", "Pages current out of pages, per language.", "",
             "| Area or workflow | " + " | ".join(f"`{locale}`" for locale in result.locales) + " |",
             "|---|" + "---:|" * len(result.locales)]
    grouped: dict[tuple[str, str], list[PageStatus]] = {}  # one pass, not one per area and language
    for locale in result.locales:
        for status in result.of_locale(locale):
            grouped.setdefault((status.source.folder, locale), []).append(status)
    for group, title in titles.items():
        cells = []
        for locale in result.locales:
            summary = result.summary(grouped.get((group, locale), []))
            cells.append(f"{summary.current}/{summary.total}" if summary.total else "—")
        lines.append(f"| {cell(title)} | " + " | ".join(cells) + " |")
    return lines + [""]


def _locale_section(handbook: Handbook, result: Coverage, locale: str, name: str) -> list[str]:
    uri = TRANSLATIONS_PAGE
    statuses = result.of_locale(locale)
    pending = [s for s in statuses if s.state is not State.current]
    lines = [f"## {name} {{#locale-{locale}}}", ""]
    if not pending:
        return lines + ["Every page is translated and current.", ""]
    lines += ["In priority order: required pages first, then pages in force by severity."]
    rows = []
    for rank, status in enumerate(pending, start=1):
        meta = status.source.meta
        severity = getattr(meta, "severity", None)
        flags = " · required" if status.required else ""
        if meta.status is not Status.active:
            flags += f" · {meta.status.value}"
        title = f"{status.source.id} {' '.join(meta.title.split())}"
        rows.append([str(rank), html_link(uri, status.source.path, title),
                     html_code(severity.value) if severity else "process", f"{status.state.value}{flags}",
                     f"{status.words:,}", escape(" ".join(_what_changed(status).split()), quote=False)])
    return lines + html_table(["#", "Page", "Severity", "State", "Words", "What changed"], rows, right=frozenset({0, 4}))


def _what_changed(status: PageStatus) -> str:
    if status.state is State.missing:
        return "not translated"
    parts = [f"translated from {status.translated_version}"
             + (f" on {human_date(status.translated_on)}" if status.translated_on else "")
             + f"; now {status.source.meta.version}"]
    named = [c.title if c.key not in (HEADING, INTRODUCTION) else c.key.strip("_") for c in status.sections]
    if named:
        parts.append("sections: " + ", ".join(named))
    return "; ".join(parts)

