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
from policybook.names import name_statuses
from policybook.model import Status
from babel.numbers import format_decimal, format_percent

from policybook.rendering.foreign import plain
from policybook.rendering.messages import current_language, language_name, t
from policybook.rendering.names import area_title, title_of, workflow_title
from policybook.rendering.translated import field_label
from policybook.rendering.blocks import html_table
from policybook.rendering.text import html_code, html_link, human_date, label
from policybook.sections import HEADING, INTRODUCTION
from policybook.sitemap import TRANSLATIONS_PAGE

CSV_DOWNLOAD = "translations.csv"
JSON_DOWNLOAD = "translations.json"
COLUMNS = ("locale", "path", "id", "title", "kind", "group", "status", "severity", "state", "required",
           "words", "words_to_translate", "words_to_revise", "translated_version", "current_version", "translated_on",
           "changed_sections", "changed_fields", "missing_fields", "priority")
"""The CSV columns, one row per source page and locale (the JSON `pages` records use the same keys, and
list the fields with their words under `fields`)."""


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
        "words_to_translate": status.words_to_translate,
        "words_to_revise": status.words_to_revise,
        "translated_version": status.translated_version or "",
        "current_version": meta.version,
        "translated_on": status.translated_on.isoformat() if status.translated_on else "",
        "changed_sections": ";".join(f"{c.key}:{c.change.value}" for c in status.sections),
        "changed_fields": ";".join(f"{c.key}:{c.state.value}" for c in status.outdated_fields),
        "missing_fields": ";".join(c.key for c in status.missing_fields),
        "fields": [{"key": c.key, "state": c.state.value, "words": c.words} for c in status.fields],
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
        "current": summary.current, "outdated": summary.outdated, "in_progress": summary.in_progress,
        "missing": summary.missing,
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
    site_pages = [{"locale": status.locale, "path": status.source.path, "title": status.source.title,
                   "state": status.state.value, "words": status.words,
                   "translation": status.translation.path if status.translation else None,
                   "changed_sections": [c.key for c in status.sections]}
                  for status in result.site_pages if status.locale in chosen]
    names = {locale: [{"key": key, "state": state} for state, key in name_statuses(handbook, locale)] for locale in chosen}
    return {"source_locale": handbook.config.source_locale, "locales": summaries, "pages": rows(result, chosen),
            "site_pages": site_pages, "names": names}


def as_json(handbook: Handbook, locales: list[str] | None = None, *, indent: int | None = 2) -> str:
    """`report` as JSON, indented for people by default (`indent=None`: one line, for the site's
    download, which tools read and which the standard library writes several times faster)."""
    return json.dumps(report(handbook, locales), indent=indent, ensure_ascii=False) + "\n"


def as_csv(handbook: Handbook, locales: list[str] | None = None) -> str:
    """One CSV row per source page and locale."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows(coverage(handbook), locales))
    return buffer.getvalue()


def as_text(handbook: Handbook, locales: list[str] | None = None, limit: int = 10) -> str:
    """The terminal table: one line per locale, then what to translate next in each."""
    result = coverage(handbook)
    chosen = locales or result.locales
    header = (f"{'locale':<8}{'current':>8}{'outdated':>9}{'in progress':>12}{'missing':>8}{'%':>7}{'to translate':>14}"
              f"{'to revise':>11}  oldest outdated")
    lines = [header, "-" * len(header)]
    for locale in chosen:
        summary = result.summary(result.of_locale(locale))
        oldest = summary.oldest_outdated
        lines.append(
            f"{locale:<8}{summary.current:>8}{summary.outdated:>9}{summary.in_progress:>12}{summary.missing:>8}"
            f"{summary.percent_current:>6.1f}%"
            f"{summary.words_to_translate:>14,}{summary.words_to_revise:>11,}  "
            + (f"{oldest.source.id} (from {oldest.translated_version})" if oldest else "—")
        )
    for locale in chosen:
        names = list(name_statuses(handbook, locale))
        if names:
            lines += ["", f"{locale}: names not translated or outdated (docs/locales/{locale}.yml): "
                      + ", ".join(f"{key} ({state})" for state, key in names[:limit])
                      + (f" and {len(names) - limit} more" if len(names) > limit else "")]
        pending = [s for s in result.of_locale(locale) if s.state is not State.current or s.missing_fields][:limit]
        if not pending:
            continue
        lines += ["", f"{locale}: translate next"]
        for rank, status in enumerate(pending, start=1):
            changed = ", ".join(c.key for c in status.sections)
            fields = ", ".join(c.key for c in status.outdated_fields)
            untranslated = ", ".join(c.key for c in status.missing_fields) if status.translation else ""
            lines.append(
                f"  {rank:>2}. {status.source.id:<11} {status.state.value:<12}{status.words:>6,} words"
                + ("  required" if status.required else "") + (f"  sections: {changed}" if changed else "")
                + (f"  fields: {fields}" if fields else "") + (f"  untranslated fields: {untranslated}" if untranslated else "")
                + f"  {status.source.path}"
            )
    return "\n".join(lines) + "\n"


def coverage_downloads(handbook: Handbook) -> dict[str, str]:
    """The CSV and JSON files the dashboard links to, by site path."""
    return {CSV_DOWNLOAD: as_csv(handbook), JSON_DOWNLOAD: as_json(handbook, indent=None)}


def _percent(summary: Summary) -> str:
    """The share of current pages, written the reader's way (`16%`, `16 %`)."""
    return format_percent(summary.percent_current / 100, locale=current_language().replace("-", "_"))


def meter(current: int, total: int, name: str) -> str:
    """A progress bar of `current` pages out of `total`, named `name` for screen readers, with its
    figure written beside it: a bar alone tells nothing to a reader who cannot see it, and colour
    is never the only cue."""
    figure = escape(t("{current} of {total}", current=current, total=total), quote=False)
    return (f'<span class="pb-progress"><meter class="pb-meter" min="0" max="{max(total, 1)}" value="{current}" '
            f'aria-label="{escape(name)}"></meter> <span class="pb-progress__figure">{figure}</span></span>')


def coverage_page(handbook: Handbook) -> str:
    """`translations.md`: the localization dashboard, in the language labels are being written in.

    One row per language with a progress bar of its current pages, then a bar per area or workflow
    and language, then each language's pages to translate next. The tables are HTML with labelled
    cells (`blocks.html_table`), so that on a narrow screen they become stacked lists instead of
    hiding columns behind a scroll bar."""
    result = coverage(handbook)
    config = handbook.config
    uri = TRANSLATIONS_PAGE
    names = {locale.code: locale.name for locale in config.locales}
    lines = [
        f"# {t('Translation status')}", "",
        t("Which pages each language has current, out of date, in progress or missing, and what to translate next. "
          "Computed at every build from the digests each translation records of its {language} source: the same "
          "figures as `policybook l10n status`, and the same status the banners on translated pages show. "
          "Download: [CSV]({csv}) · [JSON]({json}).",
          language=language_name(config.source_locale, current_language()), csv=CSV_DOWNLOAD, json=JSON_DOWNLOAD), "",
    ]
    rows = []
    for locale in result.locales:
        statuses = result.of_locale(locale)
        summary = result.summary(statuses)
        required = result.summary(s for s in statuses if s.required)
        oldest = summary.oldest_outdated
        name = names.get(locale, locale)
        oldest_cell = (html_link(uri, oldest.source.path, oldest.source.id) + " "
                       + escape(t("from {version}", version=oldest.translated_version), quote=False) if oldest else "—")
        rows.append([f'<a href="#locale-{locale}">{escape(name, quote=False)}</a> {html_code(locale)}',
                     f"{meter(summary.current, summary.total, name)} <span class=\"pb-progress__share\">{_percent(summary)}</span>",
                     str(summary.outdated), str(summary.in_progress), str(summary.missing),
                     escape(t("{current} of {total}", current=required.current, total=required.total), quote=False),
                     _number(summary.words_to_translate), _number(summary.words_to_revise), oldest_cell])
    lines += html_table([t(column) for column in ("Language", "Current", "Outdated", "In progress", "Missing",
                                                  "Required current", "Words to translate", "Words to revise",
                                                  "Oldest outdated")],
                        rows, right=frozenset({2, 3, 4, 5, 6, 7}))
    lines += [_required_note(handbook), ""]
    lines += _by_group(handbook, result, names)
    lines += _site_pages(handbook, result)
    for locale in result.locales:
        lines += _locale_section(handbook, result, locale, names.get(locale, locale))
    return "\n".join(lines)


def _number(value: int) -> str:
    return format_decimal(value, locale=current_language().replace("-", "_"))


def _required_note(handbook: Handbook) -> str:
    requirement = handbook.config.require
    parts = [t("active policies of severity {tiers}", tiers=", ".join(f"`{s.value}`" for s in requirement.severities))]
    if requirement.processes:
        parts.append(t("every active process segment"))
    if requirement.ids:
        parts.append(", ".join(f"`{i}`" for i in requirement.ids))
    return t("**Required pages** (the set `policybook l10n status --fail-under` gates on, set in `policybook.yml`): "
             "{pages}.", pages="; ".join(parts))


def _by_group(handbook: Handbook, result: Coverage, names: dict[str, str]) -> list[str]:
    """Per area or workflow, a progress bar per language."""
    titles = {**{f: area_title(handbook, f) for f in handbook.config.areas},
              **{f: workflow_title(handbook, f) for f in handbook.config.workflows}}
    lines = [f"## {t('By area and workflow')} {{#by-area}}", "", t("Pages current out of pages, per language."), ""]
    grouped: dict[tuple[str, str], list[PageStatus]] = {}  # one pass, not one per area and language
    for locale in result.locales:
        for status in result.of_locale(locale):
            grouped.setdefault((status.source.folder, locale), []).append(status)
    rows = []
    for group, title in titles.items():
        cells = [escape(" ".join(title.split()), quote=False)]
        for locale in result.locales:
            summary = result.summary(grouped.get((group, locale), []))
            cells.append(meter(summary.current, summary.total, f"{title}, {names.get(locale, locale)}") if summary.total else "—")
        rows.append(cells)
    return lines + html_table([t("Area or workflow"), *(html_code(locale) for locale in result.locales)], rows)


def _site_pages(handbook: Handbook, result: Coverage) -> list[str]:
    """The handbook's own pages that have translations: their state in every language."""
    if not result.site_pages:
        return []
    lines = [f"## {t('Handbook pages')} {{#handbook-pages}}", "",
             t("The home page and guides translated into at least one language."), ""]
    by_page: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for status in result.site_pages:
        titles[status.source.path] = status.source.title or status.source.uri
        by_page.setdefault(status.source.path, {})[status.locale] = t(_STATE_LABELS[status.state])
    rows = [[escape(" ".join(titles[path].split()), quote=False),
             *(escape(states.get(locale, "—"), quote=False) for locale in result.locales)] for path, states in by_page.items()]
    return lines + html_table([t("Page"), *(html_code(locale) for locale in result.locales)], rows)


_STATE_LABELS = {State.current: "current", State.outdated: "outdated", State.in_progress: "in progress",
                 State.missing: "missing"}


def _locale_section(handbook: Handbook, result: Coverage, locale: str, name: str) -> list[str]:
    uri = TRANSLATIONS_PAGE
    statuses = result.of_locale(locale)
    pending = [s for s in statuses if s.state is not State.current or s.missing_fields]
    lines = [f"## {name} {{#locale-{locale}}}", ""]
    if not pending:
        return lines + [t("Every page is translated and current."), ""]
    lines += [t("In priority order: required pages first, then pages in force by severity.")]
    rows = []
    for rank, status in enumerate(pending, start=1):
        meta = status.source.meta
        severity = getattr(meta, "severity", None)
        flags = f" · {t('required')}" if status.required else ""
        if meta.status is not Status.active:
            flags += f" · {label(meta.status.value).lower()}"
        title = f"{status.source.id} {' '.join(title_of(handbook, status.source).split())}"
        rows.append([str(rank), html_link(uri, status.source.path, title),
                     html_code(severity.value) if severity else t("process"), f"{t(_STATE_LABELS[status.state])}{flags}",
                     _number(status.words), escape(" ".join(_what_changed(status).split()), quote=False)])
    return lines + html_table(["#", t("Page"), t("Severity"), t("State"), t("Words"), t("What changed")], rows,
                              right=frozenset({0, 4}))


def _what_changed(status: PageStatus) -> str:
    if status.state is State.missing:
        return t("not translated")
    if status.state is State.in_progress:
        return t("translation in progress")
    parts = []
    if status.state is State.outdated:
        parts.append(t("translated from {translated}", translated=status.translated_version)
                     + (" " + t("on {date}", date=human_date(status.translated_on)) if status.translated_on else "")
                     + "; " + t("now {current}", current=status.source.meta.version))
    named = [c.title if c.key not in (HEADING, INTRODUCTION) else c.key.strip("_") for c in status.sections]
    if named:
        parts.append(t("sections: {sections}", sections=", ".join(named)))
    if status.outdated_fields:
        parts.append(t("fields: {fields}", fields=", ".join(plain(field_label(status.locale, c.key))
                                                            for c in status.outdated_fields)))
    if status.missing_fields:
        parts.append(t("not yet translated: {fields}", fields=", ".join(plain(field_label(status.locale, c.key))
                                                                       for c in status.missing_fields)))
    return "; ".join(parts)
