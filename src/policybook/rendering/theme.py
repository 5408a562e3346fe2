"""Accessibility fixes to the theme's page markup that its settings cannot make.

Material for MkDocs marks its search overlay `role="dialog"` without a name, so a screen reader
announces an anonymous dialog (axe-core: `aria-dialog-name`, serious). The dialog is named after
its own search field, whose label the theme already writes in the reader's language. Applied to
each finished page; markup the fix does not recognise is left as it is.
"""

from __future__ import annotations

import re

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'<input type="text" class="md-search__input" name="query" aria-label="([^"]*)"')


def name_search_dialog(page: str) -> str:
    """The page with the search dialog labelled like its search field."""
    label = _SEARCH_LABEL.search(page)
    if label is None or _SEARCH_DIALOG not in page:
        return page
    return page.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label[1]}">', 1)
