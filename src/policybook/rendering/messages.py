"""Interface text the engine writes into pages (banners, labels), in the reader's language.

The catalogue lives in `policybook/data/messages/<locale>.yaml`; a key missing from a locale's file
falls back to English, so adding a locale never breaks a build. Language names come from the
Unicode CLDR (through Babel), so "English" reads "inglés" in Spanish and "الإنجليزية" in Arabic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_timedelta

from policybook.interface import merged, shipped
from policybook.model.names import LocaleNames


_LOCALE_FILES: dict[str, LocaleNames] = {}
"""The handbook's locale files, whose messages and labels complete Policybook's (see `use_locale_files`)."""


def use_locale_files(names: dict[str, LocaleNames]) -> None:
    """Read the handbook's own messages and labels (its locale files' `messages`, `labels`, `dsa`) from now on.

    The renderings call `message` and `t` deep inside page builders that know no handbook: the site
    plan hands the locale files over once per handbook it renders."""
    if names is not _LOCALE_FILES.get("__identity__"):  # type: ignore[comparison-overlap]
        _LOCALE_FILES.clear()
        _LOCALE_FILES.update(names)
        _LOCALE_FILES["__identity__"] = names  # type: ignore[assignment]
        _catalogue.cache_clear()


def catalogue(locale: str) -> dict[str, Any]:
    """The messages of a locale, English for any key it lacks (a check reports each one missing)."""
    return _catalogue(locale)


@cache
def _catalogue(locale: str) -> dict[str, Any]:
    english = shipped("en")
    if locale == "en":
        return english
    names = _LOCALE_FILES.get(locale)
    return {**english, **merged(locale, names if isinstance(names, LocaleNames) else None)}


def message(locale: str, key: str, **values: str) -> str:
    """One message in a locale, with `{placeholders}` filled in."""
    return catalogue(locale)[key].format(**values)


@cache
def language_name(language: str, in_locale: str) -> str:
    """The name of `language` written in `in_locale`'s language, e.g. (`en`, `es`) -> `inglés`.

    Region variants are named by their language ("português" for pt-BR), as speakers say it.
    """
    try:
        name = Locale.parse(in_locale.replace("-", "_")).languages.get(language.split("-")[0])
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language


def local_date(day: dt.date, locale: str) -> str:
    """A date written out in the reader's language (`15 June 2026`, `15 de junio de 2026`)."""
    try:
        return format_date(day, format="long", locale=locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


_SECONDS = {"year": 365 * 86400, "month": 30 * 86400, "week": 7 * 86400, "day": 86400, "hour": 3600,
            "minute": 60, "second": 1}


def local_duration(amount: int, unit: str, locale: str) -> str:
    """`4` `hour` in the reader's language (`4 horas`, `4 ساعات`), with CLDR's plural rules."""
    try:
        return format_timedelta(dt.timedelta(seconds=amount * _SECONDS[unit]), granularity=unit, threshold=10**9,
                                format="long", locale=locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, KeyError):
        return f"{amount} {unit}"


_LANGUAGE: ContextVar[str] = ContextVar("policybook_language", default="en")


@contextmanager
def writing_in(locale: str) -> Iterator[None]:
    """Render the labels of a page (card, section headings, tables, dates, durations) in `locale`.

    Page renderings call `t("Status")` rather than threading a locale through every helper; the
    page's language is set once, around the whole page, by `rendering.site.render`.
    """
    token = _LANGUAGE.set(locale)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    """The language labels are being written in (see `writing_in`)."""
    return _LANGUAGE.get()


def t(english: str, **values: object) -> str:
    """A page label in the current language: the English text is the key, as in gettext.

    The translations are under `labels:` in each locale's catalogue; a label a locale lacks stays
    English, so a new label never breaks a build.
    """
    labels = catalogue(_LANGUAGE.get()).get("labels") or {}
    text = labels.get(english, english) if isinstance(labels, dict) else english
    return text.format(**values) if values else text
