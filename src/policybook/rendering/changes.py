"""The "What changed" page of each locale's site, and the "Updated" badge of recently changed pages.

Both come from `policybook.changelog`, like the Atom feed (`rendering/feed.py`), so the page, the
feed and the badges always agree.
"""

from __future__ import annotations

import html
from itertools import groupby

from babel import UnknownLocaleError
from babel.dates import format_date

from policybook.changelog import Change, changes, is_recent, recently_updated
from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.model import Status
from policybook.rendering.messages import local_date, message
from policybook.rendering.blocks import html_table
from policybook.rendering.text import html_code, html_link, human_date, url
from policybook.coverage import State, coverage, published_translation
from policybook.rendering.foreign import direction, plain
from policybook.rendering.messages import current_language, t
from policybook.sitemap import CHANGES_FEED, CHANGES_PAGE


def display_title(handbook: Handbook, document: Document, locale: str) -> str:
    """A page's title as readers of `locale` see it: the translation's, where there is one."""
    translation = published_translation(handbook, document.path, locale)
    return translation.meta.title if translation is not None else document.meta.title


def _month(change: Change, locale: str) -> str:
    try:  # "LLLL": the month's name as it stands alone ("noviembre", not "de noviembre")
        month = format_date(change.date, format="LLLL y", locale=locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        month = change.date.strftime("%B %Y")
    return month[:1].upper() + month[1:]  # it heads a section: "Noviembre 2026"


def _date(change: Change, locale: str) -> str:
    # English as the rest of the handbook writes it (`1 September 2026`), not CLDR's US order.
    return human_date(change.date) if locale.split("-")[0] == "en" else local_date(change.date, locale)


def _in_language(text: str, language: str, locale: str) -> str:
    """Text in another language than the page's, marked so screen readers and bidi layout follow it."""
    if language == locale:
        return html.escape(text, quote=False)
    return f'<span lang="{language}" dir="{direction(language)}">{html.escape(text, quote=False)}</span>'


def _badge(kind: str, text: str) -> str:
    return f'<span class="pb-status pb-status--{kind}">{html.escape(text, quote=False)}</span>'


def _page_cell(handbook: Handbook, change: Change, locale: str) -> str:
    document = change.document
    source = handbook.config.source_locale
    translated = published_translation(handbook, document.path, locale) is not None
    title = _in_language(display_title(handbook, document, locale), locale if translated else source, locale)
    status = document.meta.status
    marks = [] if status is Status.active else [_badge(status.value, message(locale, f"status_{status.value}"))]
    if is_recent(handbook, change.date):
        marks.append(_badge("updated", message(locale, "updated_badge")))
    anchor = f'<a href="{html.escape(url(CHANGES_PAGE, document.path))}">{" ".join(title.split())}</a>'
    return " ".join([html_code(document.id or ""), anchor, *marks])


def changes_page(handbook: Handbook, locale: str) -> str:
    """`changes.md`: every policy and process change, newest first, grouped by month, in `locale`."""
    source = handbook.config.source_locale
    lines = [f"# {message(locale, 'changes_title')}", "",
             message(locale, "changes_intro", days=str(handbook.config.updated_days)), "",
             message(locale, "changes_feed", feed=CHANGES_FEED), ""]
    found = changes(handbook)
    if not found:
        return "\n".join(lines + [message(locale, "changes_empty"), ""])
    header = [html.escape(message(locale, f"changes_{column}_column"), quote=False)
              for column in ("date", "page", "version", "summary")]
    for (year, month), group in groupby(found, key=lambda change: (change.date.year, change.date.month)):
        entries = list(group)
        lines += [f"## {_month(entries[0], locale)} {{#changes-{year}-{month:02d}}}"]
        lines += html_table(header, ([
            html.escape(_date(change, locale), quote=False), _page_cell(handbook, change, locale),
            html_link(CHANGES_PAGE, change.document.path, change.entry.version, "changelog"),
            " ".join(_summary(handbook, change, locale).split()),
        ] for change in entries))
    return "\n".join(lines)


def _summary(handbook: Handbook, change: Change, locale: str) -> str:
    """A change's summary in the reader's language where its page's translation translates it from the
    source's text of today, else the source's, marked as such."""
    source = handbook.config.source_locale
    status = coverage(handbook).status(change.document.path, locale) if locale != source else None
    if status is not None and status.translation is not None and status.state is not State.in_progress:
        key = f"changelog.{change.entry.version}"
        translated = getattr(status.translation.meta, "changelog", {}).get(change.entry.version)
        if translated and all(field.key != key for field in status.fields):
            return html.escape(translated, quote=False)
    return _in_language(change.entry.summary, source, locale)


def updated_badge(handbook: Handbook, document: Document) -> str:
    """The "Updated" badge of a page's card, linking to its changelog, or "" when it has not changed lately.

    In the language the card is written in; `document` is the page as its readers read it (a
    translation's changelog summaries, where it has them)."""
    entry = recently_updated(handbook, document)
    if entry is None:
        return ""
    hint = html.escape(plain(t("Version {version}, {date}: {summary}", version=entry.version, date=human_date(entry.date),
                                 summary=entry.summary)), quote=True)
    return (f' <a class="pb-status pb-status--updated" href="#changelog" title="{hint}">'
            f"{html.escape(message(current_language(), 'updated_badge'), quote=False)}</a>")


def status_labels(handbook: Handbook, locale: str) -> dict[str, str]:
    """What each navigation marker means, in the reader's language (Material's `extra.status`)."""
    labels = {status.value: message(locale, f"status_{status.value}") for status in Status if status is not Status.active}
    return {**labels, "updated": message(locale, "updated_label", days=str(handbook.config.updated_days))}
