"""Pages in a translated locale: translations with their status, and source-language fallbacks.

Every source page exists in every locale's site, at the same path, so the language switcher always
lands on the same page. A page with a translation shows it (structured sections still come from
the source's front-matter, so enforcement and regions are never out of date); an outdated one says
so on top, naming the version it was made from, the version in force, the source's changelog
since, and the sections changed, and flags each changed section where it starts. A page without
a translation shows the source text, marked as such in the reader's language, and keeps
`lang`/`dir` of the source inside (an English page inside the Arabic site reads left to right).
"""

from __future__ import annotations

import dataclasses
import re

from policybook.coverage import Change, FieldState, PageStatus, SitePageStatus, State
from policybook.documents import Document
from policybook.fields import enforcement_keys, translated_fields
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment, Translation
from policybook.rendering.foreign import direction, foreign
from policybook.rendering.blocks import html_block
from policybook.rendering.messages import language_name, local_date, message
from policybook.sections import HEADING, INTRODUCTION, split_sections
from policybook.sitemap import cross_locale_link

def translated_document(document: Document, status: PageStatus, source_locale: str) -> Document:
    """The source document in the translation's words: its title, summary, body and every front-matter
    field translated from the source text of today. A field not translated yet, or whose source text
    changed since, keeps the source's current text, marked as the source language (see
    `policybook.rendering.foreign`): the rules a moderator applies are never out of date."""
    translation = status.translation
    assert translation is not None
    meta = translation.meta
    assert isinstance(meta, Translation)
    texts = translated_fields(meta)
    stale = {change.key for change in status.fields if change.state is not FieldState.removed}

    def say(key: str, english: str) -> str:
        return texts[key][0] if key in texts and key not in stale else foreign(english, source_locale)

    source = document.meta
    update: dict[str, object] = {"title": meta.title}
    if meta.summary is not None:
        update["summary"] = meta.summary
    if isinstance(source, Policy):
        update["exceptions"] = [item.model_copy(update={"description": say(f"exceptions.{item.kind.value}", item.description)})
                                for item in source.exceptions]
        keys = enforcement_keys([step.action.value for step in source.enforcement])
        update["enforcement"] = [step.model_copy(update={"when": say(f"enforcement.{key}", step.when)})
                                 for key, step in zip(keys, source.enforcement)]
        update["regions"] = [rule.model_copy(update={
            "law": say(f"regions.{rule.code}.law", rule.law) if rule.law else rule.law,
            "note": say(f"regions.{rule.code}.note", rule.note) if rule.note else rule.note}) for rule in source.regions]
    elif isinstance(source, ProcessSegment):
        for name in ("triggers", "inputs", "outputs"):
            items = getattr(source, name)
            translated = getattr(meta, name)
            current = translated is not None and name not in stale and len(translated) == len(items)
            update[name] = list(translated) if current else [foreign(item, source_locale) for item in items]
        update["roles"] = [role.model_copy(update={"role": say(f"roles.{role.role}", role.role)}) for role in source.roles]
        update["steps"] = [step.model_copy(update={
            "text": say(f"steps.{step.id}", step.text),
            "branches": [branch.model_copy(update={"when": say(f"steps.{step.id}.branches.{branch.next}", branch.when)})
                         for branch in step.branches]}) for step in source.steps]
    update["changelog"] = [entry.model_copy(update={"summary": say(f"changelog.{entry.version}", entry.summary)})
                           for entry in source.changelog]
    return dataclasses.replace(document, meta=source.model_copy(update=update), body=translation.body)


def _source_language(handbook: Handbook, locale: str) -> str:
    return language_name(handbook.config.source_locale, locale)


def _after_title(markdown: str, inserted: list[str]) -> str:
    # The rendered page starts with its `# Title {#ID}` line (a handbook page after blank lines);
    # banners go right below it.
    title, _, rest = markdown.lstrip("\n").partition("\n")
    return "\n".join([title, "", *inserted, rest])


def _admonition(kind: str, title: str, lines: list[str]) -> list[str]:
    escaped = title.replace('"', "&quot;")
    return [f'!!! {kind} pb-l10n "{escaped}"', "", *(f"    {line}" if line else "" for line in lines), ""]


def outdated_banner(handbook: Handbook, status: PageStatus) -> list[str]:
    """The admonition on top of an outdated translation."""
    locale = status.locale
    source = status.source
    source_language = _source_language(handbook, locale)
    link = cross_locale_link(source.path, locale, handbook.config.source_locale, handbook.config.source_locale)
    lines = [message(locale, "outdated_body", translated=f"`{status.translated_version}`",
                     current=f"`{source.meta.version}`", source_language=source_language, source_link=link,
                     source_locale=handbook.config.source_locale), ""]
    fields = status.outdated_fields
    if fields:
        lines += [message(locale, "outdated_fields"), ""]
        for change in fields:
            state = "change_removed" if change.state is FieldState.removed else "change_changed"
            lines.append(f"- {field_label(locale, change.key)} — {message(locale, state)}")
        lines.append("")
    if status.sections:
        lines += [message(locale, "outdated_sections"), ""]
        for change in status.sections:
            title = _section_title(locale, change.key, change.title)
            if change.change is Change.removed:
                lines.append(f"- {title} — {message(locale, 'change_removed')}")
                continue
            anchor = None if change.key in (HEADING, INTRODUCTION) else change.key
            target = cross_locale_link(source.path, locale, handbook.config.source_locale,
                                       handbook.config.source_locale, anchor)
            lines.append(f'- <a href="{target}" hreflang="{handbook.config.source_locale}">{title}</a>'
                         f" — {message(locale, 'change_' + change.change.value)}")
        lines.append("")
    if status.changes:
        lines += [message(locale, "outdated_changes"), ""]
        source_marks = f'lang="{handbook.config.source_locale}" dir="{direction(handbook.config.source_locale)}"'
        translated = _current_changelog(status)
        lines += [f"- **{entry.version}** ({local_date(entry.date, locale)}): "
                  + (translated[entry.version] if entry.version in translated else f"<span {source_marks}>{entry.summary}</span>")
                  for entry in status.changes]
        lines.append("")
    return _admonition("warning", message(locale, "outdated_title"), lines)


def field_label(locale: str, key: str) -> str:
    """A front-matter field as a reader of `locale` knows it: "Exception: Satire", "Step 3", "Regional note: DE"."""
    from policybook.rendering.messages import writing_in, t
    from policybook.rendering.text import label

    parts = key.split(".")
    with writing_in(locale):
        if parts[0] == "exceptions":
            return t("Exception: {kind}", kind=label(parts[1]))
        if parts[0] == "enforcement":
            action, _, number = parts[1].rpartition("-") if parts[1].rsplit("-", 1)[-1].isdigit() else (parts[1], "", "")
            return t("Enforcement: {action}", action=label(action) + (f" ({number})" if number else ""))
        if parts[0] == "regions":
            region = t("Global") if parts[1] == "global" else parts[1]
            return t("Law: {region}", region=region) if parts[-1] == "law" else t("Regional note: {region}", region=region)
        if parts[0] == "changelog":
            return t("Changelog: {version}", version=".".join(parts[1:]))
        if parts[0] == "roles":
            return t("Role: {role}", role=foreign(".".join(parts[1:]), "en"))
        if parts[0] == "steps" and len(parts) > 2:
            return t("Step {step}, answer leading to {target}", step=f"`{parts[1]}`", target=f"`{parts[-1]}`")
        if parts[0] == "steps":
            return t("Step {step}", step=f"`{parts[1]}`")
        return t({"triggers": "Triggers", "inputs": "Inputs", "outputs": "Outputs"}.get(key, key))


def _current_changelog(status: PageStatus) -> dict[str, str]:
    """The changelog summaries the translation translates from the source's text of today, by version."""
    meta = status.translation.meta if status.translation is not None else None
    if not isinstance(meta, Translation):
        return {}
    stale = {change.key for change in status.fields}
    return {version: text for version, text in meta.changelog.items() if f"changelog.{version}" not in stale}


def _section_title(locale: str, key: str, title: str) -> str:
    if key == HEADING:
        return message(locale, "title_and_summary")
    if key == INTRODUCTION:
        return message(locale, "introduction")
    return title


def mark_changed_sections(handbook: Handbook, status: PageStatus, body: str) -> str:
    """The translation body with a note under each heading whose source section changed."""
    changed = {c.key for c in status.sections if c.change is Change.changed and c.key not in (HEADING, INTRODUCTION)}
    if not changed:
        return body
    lines = body.split("\n")
    source_language = _source_language(handbook, status.locale)
    config = handbook.config
    for section in reversed(split_sections(body)):
        if section.key not in changed:
            continue
        link = cross_locale_link(status.source.path, status.locale, config.source_locale, config.source_locale, section.key)
        note = _admonition("note", message(status.locale, "section_changed_title", source_language=source_language),
                           [message(status.locale, "section_changed_body", source_language=source_language,
                                   source_link=link, source_locale=config.source_locale)])
        lines[section.line:section.line] = ["", *note]
    return "\n".join(lines)


def translated_site_page(handbook: Handbook, rendered: str, status: SitePageStatus) -> str:
    """A translation of one of the handbook's own pages, with a banner when its source changed since."""
    if status.state is not State.outdated:
        return rendered
    locale = status.locale
    source_locale = handbook.config.source_locale
    link = cross_locale_link(status.source.uri, locale, source_locale, source_locale)
    lines = [message(locale, "outdated_page_body", source_language=_source_language(handbook, locale),
                     source_link=link, source_locale=source_locale), ""]
    if status.sections:
        lines += [message(locale, "outdated_sections"), ""]
        lines += [f"- {_section_title(locale, change.key, change.title)} — {message(locale, 'change_' + change.change.value)}"
                  for change in status.sections]
        lines.append("")
    return _after_title(rendered, _admonition("warning", message(locale, "outdated_title"), lines))


def translated_page(handbook: Handbook, rendered: str, status: PageStatus) -> str:
    """A rendered translated page with its outdated banner, if it is outdated."""
    if status.state is not State.outdated:
        return rendered
    return _after_title(rendered, outdated_banner(handbook, status))


_TITLE_ATTRIBUTES = re.compile(r"\{(#[^}\n]*)\}\s*$")


def fallback_page(handbook: Handbook, rendered: str, uri: str, locale: str) -> str:
    """A source-language page inside a translated site: banner in the reader's language, content
    marked with the source language and direction."""
    source = handbook.config.source_locale
    language = language_name(locale, locale)
    source_language = _source_language(handbook, locale)
    banner = _admonition("info", message(locale, "untranslated_title"),
                         [message(locale, "untranslated_body", language=language, source_language=source_language)])
    title, _, rest = rendered.partition("\n")
    marks = f'lang="{source}" dir="{direction(source)}"'
    if title.startswith("# "):
        match = _TITLE_ATTRIBUTES.search(title)
        title = title[: match.start()] + f"{{{match.group(1)} {marks}}}" if match else f"{title} {{ {marks} }}"
    else:  # no title line to keep on top: wrap everything
        title, rest = "", rendered
    # Opened and closed in blocks of their own, not as a `markdown` div around the page, which Markdown
    # would read through its HTML parser, every line of it.
    return "\n".join([title, "", *banner, *html_block([f"<div {marks}>"]), rest.strip("\n"), *html_block(["</div>"])])
