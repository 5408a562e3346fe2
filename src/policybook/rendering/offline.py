"""Reading the built handbook from disk: the notice that takes the place of search there.

A built site can be opened straight from its folder (`file:///.../site/index.html`), with no web
server: on a laptop without the repository's tools, or from a copy handed out on a drive. Two things
differ from a served site, and one script of ours, `docs/assets/offline.js`, handles both, only when
the page's address starts with `file:`:

- **Links.** Served, every page is a folder address (`../policies/hate-speech/`): clean, and what the
  sitemap, the canonical links, the feed and every bookmark or ticket already use. From disk, a
  browser shows a folder listing for such an address. The script points each link to a folder at
  that folder's `index.html` in the browser, links added later (search results, walk-throughs)
  included. Rewriting the links at build time instead would either show `index.html` in every
  served address or need a second site, and would miss the links pages make in the browser.
- **Search.** The theme's search runs in a web worker over an index the page downloads; a browser
  refuses both from disk, and the theme then hides its search box. The build writes, in the
  reader's language, what to do instead (`search_notice`), hidden; the script shows it in the
  search box's place in the header.

This module writes that notice: no script of ours holds a word of English.
"""

from __future__ import annotations

import html

from policybook.rendering.messages import t, writing_in

SERVE_COMMAND = "policybook serve"
"""The command that serves a built site on this machine (`policybook.cli.serve`), named in the notice."""

_SEARCH_BUTTON = '<label class="md-header__button md-icon" for="__search">'
"""Where the theme's header starts its search (the button narrow screens show): the notice goes just before."""

# A magnifying glass, struck through: search is not available here. Drawn for this notice.
_ICON = ('<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
         '<circle cx="10" cy="10" r="6" fill="none" stroke="currentColor" stroke-width="2"/>'
         '<path d="M14.5 14.5 20 20M4 20 20 4" fill="none" stroke="currentColor" stroke-width="2" '
         'stroke-linecap="round"/></svg>')


def notice(locale: str) -> str:
    """The notice's markup in `locale`: a disclosure whose summary says search is unavailable and
    whose panel says how to get it. It carries `hidden`; `offline.js` removes it on a page opened from disk."""
    with writing_in(locale):
        short = t("Search unavailable")
        # The command is code, not prose: the translation places it, the markup formats it.
        explanation = html.escape(t(
            "Search works only when the handbook comes from a web server, not when its files are opened "
            "from disk. Ask for the handbook's web address, or run {command} and open the address it prints."
        )).format(command=f'<code translate="no">{SERVE_COMMAND}</code>')
    return (f'<details class="pb-offline-search" hidden><summary>{_ICON}'
            f'<span class="pb-offline-search__label">{html.escape(short)}</span></summary>'
            f'<p class="pb-offline-search__text">{explanation}</p></details>')


def search_notice(page: str, locale: str) -> str:
    """The finished `page` with the notice (see `notice`) in its header, where the theme's search
    starts; a page whose header has no search is returned as it is."""
    if _SEARCH_BUTTON not in page:
        return page
    return page.replace(_SEARCH_BUTTON, notice(locale) + _SEARCH_BUTTON, 1)
