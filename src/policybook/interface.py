"""The interface catalogues: every message and page label the engine writes into pages, per locale.

Policybook ships a catalogue per language it knows (`policybook/data/messages/<locale>.yaml`); a
handbook's locale file (`docs/locales/<locale>.yml`) adds or rewords messages, page labels and DSA
labels for its own locales. The English catalogue lists every key, so a check can name each one a
locale lacks (`missing_messages`), and the renderings read the merged result.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from policybook.model.dsa import vocabulary
from policybook.model.names import LocaleNames


@cache
def shipped(locale: str) -> dict[str, Any]:
    """Policybook's own catalogue of `locale` (empty when it has none)."""
    own = resources.files("policybook") / "data" / "messages" / f"{locale}.yaml"
    if not own.is_file():
        return {}
    # The C loader where PyYAML has it: five catalogues cost a tenth of a second with the Python one.
    return yaml.load(own.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


@cache
def message_keys() -> tuple[str, ...]:
    """Every interface message key (the English catalogue's)."""
    return tuple(key for key in shipped("en") if key not in ("labels", "dsa"))


@cache
def label_keys() -> tuple[str, ...]:
    """Every page label, in English (the key `t()` is called with)."""
    return tuple(shipped("en").get("labels") or ())


@cache
def dsa_codes() -> tuple[str, ...]:
    """Every DSA Transparency Database value a page can name."""
    dsa = vocabulary()
    keywords = [keyword for labels in dsa.keywords.values() for keyword in labels]
    return tuple(dict.fromkeys([*dsa.decisions, *dsa.grounds, *dsa.categories, *keywords, dsa.other_keyword]))


def merged(locale: str, names: LocaleNames | None) -> dict[str, Any]:
    """The catalogue of `locale`: Policybook's, with the handbook's locale file on top."""
    catalogue = dict(shipped(locale))
    if names is not None:
        catalogue.update(names.messages)
        catalogue["labels"] = {**(catalogue.get("labels") or {}), **names.labels}
        catalogue["dsa"] = {**(catalogue.get("dsa") or {}), **names.dsa}
    return catalogue


def missing_messages(locale: str, names: LocaleNames | None) -> Iterator[tuple[str, str]]:
    """`(kind, key)` of every message, page label and DSA label `locale` lacks."""
    catalogue = merged(locale, names)
    labels = catalogue.get("labels") or {}
    dsa = catalogue.get("dsa") or {}
    for key in message_keys():
        if key not in catalogue:
            yield "message", key
    for key in label_keys():
        if key not in labels:
            yield "label", key
    for key in dsa_codes():
        if key not in dsa:
            yield "DSA label", key
