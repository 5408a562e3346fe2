"""Feedback links on policy and process pages: "Suggest a change" and "Report a problem with this page".

"Suggest a change" opens the file the reader is reading (the translation in a translated locale) in
the forge's editor (`edit_url`); "Report a problem" fills `feedback_url`, e.g. a prefilled issue
form, with the page's ID and version, so a report names exactly what the reader saw. Both are plain
links: nothing is sent anywhere unless the reader follows one, and there is no analytics.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from policybook.documents import Document
from policybook.handbook import Handbook
from policybook.rendering.messages import message
from policybook.rendering.foreign import direction


def report_url(handbook: Handbook, document: Document, path: str, locale: str) -> str | None:
    """`feedback_url` filled in for a page (each value URL-encoded), or None when it is not configured.

    `path` is the file the reader is reading: the source, or its translation into `locale`.
    """
    template = handbook.config.feedback_url
    if template is None:
        return None
    values = {"id": document.id or "", "version": document.meta.version, "title": document.meta.title,
              "path": path, "locale": locale}
    return template.format(**{name: quote(value, safe="") for name, value in values.items()})


def edit_url(handbook: Handbook, path: str) -> str | None:
    """Where to edit the file at `path` in the forge, or None when `edit_url` is not configured."""
    base = handbook.config.edit_url
    return f"{base.rstrip('/')}/{quote(path)}" if base else None


def feedback_links(handbook: Handbook, document: Document, path: str, locale: str) -> str:
    """The card's feedback line (raw HTML), in the reader's language; "" when neither link is configured."""
    links = []
    edit = edit_url(handbook, path)
    if edit:
        links.append(f'<a class="pb-feedback__edit" href="{html.escape(edit)}">'
                     f"{html.escape(message(locale, 'suggest_change'))}</a>")
    report = report_url(handbook, document, path, locale)
    if report:
        links.append(f'<a class="pb-feedback__report" href="{html.escape(report)}">'
                     f"{html.escape(message(locale, 'report_problem'))}</a>")
    if not links:
        return ""
    return f'<p class="pb-feedback" lang="{locale}" dir="{direction(locale)}">' + " · ".join(links) + "</p>"
