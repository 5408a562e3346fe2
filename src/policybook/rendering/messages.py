"""Interface text the engine writes into pages (banners, labels), in the reader's language.

The catalogue lives in `policybook/data/messages/<locale>.yaml`; a key missing from a locale's file
falls back to English, so adding a locale never breaks a build. Language names come from the
Unicode CLDR (through Babel), so "English" reads "inglés" in Spanish and "الإنجليزية" in Arabic.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date


@cache
def catalogue(locale: str) -> dict[str, str]:
    """The messages of a locale, English for any key it lacks."""
    folder = resources.files("policybook") / "data" / "messages"
    english: dict[str, str] = yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8"))
    own = folder / f"{locale}.yaml"
    if locale != "en" and own.is_file():
        return {**english, **(yaml.safe_load(own.read_text(encoding="utf-8")) or {})}
    return english


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
