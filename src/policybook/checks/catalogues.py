"""Every configured locale has every interface message, and its locale file names only what exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from policybook import diagnostics as dx
from policybook.checks import check
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.interface import label_keys, message_keys, missing_messages


def _locale_file(handbook: Handbook, locale: str) -> str:
    return f"{handbook.config.locale_names}/{locale}.yml"


@check("catalogues")
def catalogues(handbook: Handbook) -> Iterator[Diagnostic]:
    """Each translated locale's catalogue (Policybook's own, plus its locale file's `messages` and
    `labels`) has every message and page label; each missing one is an error naming key and locale."""
    for locale in handbook.config.locales:
        path = _locale_file(handbook, locale.code)
        names = handbook.names.get(locale.code)
        parsed = handbook.data_files.get(path)
        line, column = parsed.locate(("messages",)) if parsed is not None and names is not None and names.messages else (
            parsed.start if parsed is not None else (0, 0))
        for kind, key in missing_messages(locale.code, names):
            where = {"message": "messages", "label": "labels"}.get(kind, "dsa")
            yield Diagnostic.of(dx.MISSING_MESSAGE, path, line, column,
                                f"locale '{locale.code}' has no {kind} '{key}'",
                                hint=f"add it under '{where}:' in {path}")


@check("locale-files")
def locale_files(handbook: Handbook) -> Iterator[Diagnostic]:
    """A locale file translates only teams, areas, workflows, audiences and messages that exist."""
    known = {
        "teams": list(handbook.teams),
        "areas": list(handbook.config.areas),
        "workflows": list(handbook.config.workflows),
        "audiences": [*handbook.teams, *handbook.config.audiences],
    }
    for locale, names in handbook.names.items():
        path = _locale_file(handbook, locale)
        parsed = handbook.data_files.get(path)
        if parsed is None:
            continue
        for section, ids in known.items():
            for key in getattr(names, section):
                if key not in ids:
                    close = difflib.get_close_matches(key, ids, n=1, cutoff=0.5)
                    yield Diagnostic.of(dx.UNKNOWN_NAME_KEY, path, *parsed.locate((section, key)),
                                        f"'{key}' is not one of the {section} of the handbook",
                                        hint=f"did you mean '{close[0]}'?" if close else None)
        for key in names.messages:
            if key not in message_keys():
                close = difflib.get_close_matches(key, message_keys(), n=1, cutoff=0.5)
                yield Diagnostic.of(dx.UNKNOWN_NAME_KEY, path, *parsed.locate(("messages", key)),
                                    f"'{key}' is not an interface message", hint=f"did you mean '{close[0]}'?" if close else None)
        for key in names.labels:
            if key not in label_keys():
                close = difflib.get_close_matches(key, label_keys(), n=1, cutoff=0.6)
                yield Diagnostic.of(dx.UNKNOWN_NAME_KEY, path, *parsed.locate(("labels", key)),
                                    f"'{key}' is not a page label", hint=f"did you mean '{close[0]}'?" if close else None)
