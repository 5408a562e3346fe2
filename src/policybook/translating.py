"""Writing a translation's record of its source: the `translated_from` block.

Used when a translation is started (`policybook new translation`) and when a writer declares that
a source change needs no retranslation (`policybook l10n accept`): the block is rewritten in place,
the rest of the file is left byte for byte as it was, so the pull request shows exactly what moved.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable

from policybook.documents import Document, SitePageSource, source_digest, text_digest
from policybook.fields import source_fields, translated_fields
from policybook.model import Translation
from policybook.sections import section_digests

_KEY = re.compile(r"^translated_from:[ \t]*(?:#.*)?$", re.M)

SCAFFOLD_NOTE = "<!-- policybook: translation scaffold."
"""How the instruction comment of a scaffolded translation starts (`policybook new translation`)."""
_SCAFFOLD_NOTES = re.compile(r"<!--\s*(?:policybook: translation scaffold\.|Translate into )")


def scaffold_note(body: str) -> int | None:
    """Where a page body still holds a translation scaffold's instruction comment (offset), if it does."""
    match = _SCAFFOLD_NOTES.search(body) if "<!--" in body else None
    return match.start() if match else None


def translated_from_block(source: Document, date: dt.date | None, fields: Iterable[str] | None = None) -> str:
    """The YAML of a `translated_from` block recording the source as it is now: its version, its
    digest, each section's digest and the digest of each front-matter field in `fields` (keys of
    `policybook.fields`; every field of the source when None)."""
    meta = source.meta
    lines = ["translated_from:", f"  version: {meta.version}", f"  digest: {source_digest(source)}"]
    if date is not None:
        lines.append(f"  date: {date.isoformat()}")
    lines += _digests("sections", section_digests(meta.title, getattr(meta, "summary", None), source.body))
    prose = source_fields(meta)
    chosen = list(prose) if fields is None else [key for key in prose if key in set(fields)]
    if chosen:
        lines += _digests("fields", {key: prose[key].digest for key in chosen})
    return "\n".join(lines) + "\n"


def page_translated_from_block(source: SitePageSource, date: dt.date | None) -> str:
    """The `translated_from` block of a translation of one of the handbook's own pages (`docs/`)."""
    lines = ["translated_from:", f"  digest: {text_digest(source.title or '', None, source.body)}"]
    if date is not None:
        lines.append(f"  date: {date.isoformat()}")
    lines += _digests("sections", section_digests(source.title or "", None, source.body))
    return "\n".join(lines) + "\n"


def _digests(name: str, digests: dict[str, str]) -> list[str]:
    # Quoted: ten digits would read as a number.
    return [f"  {name}:", *(f'    {_yaml_key(key)}: "{digest}"' for key, digest in digests.items())]


def _yaml_key(key: str) -> str:
    # Heading IDs and field keys are words, dots and hyphens, but one like `yes` or `1` would not stay
    # a string, and a role name may hold spaces or quotes.
    plain = re.fullmatch(r"[A-Za-z_][\w.-]*", key) and key.lower() not in {"yes", "no", "on", "off", "true", "false", "null"}
    return key if plain else json.dumps(key, ensure_ascii=False)


def rewrite_translated_from(text: str, block: str) -> str | None:
    """`text` (a whole translation file) with its `translated_from` block replaced by `block`.

    None when the file has no top-level `translated_from` key in its front-matter.
    """
    end_of_front_matter = text.find("\n---", 3)
    match = _KEY.search(text, 0, end_of_front_matter if end_of_front_matter > 0 else len(text))
    if match is None:
        return None
    start = match.start()
    # The block runs until the next line that is neither indented nor blank (the next key or `---`).
    following = re.compile(r"^(?![ \t]|$)", re.M)
    after = following.search(text, match.end() + 1)
    end = after.start() if after else len(text)
    return text[:start] + block + text[end:]


def accept_source(source: Document, translation: Document, text: str) -> str | None:
    """The translation file's text recording the current source, keeping its translation date: the
    fields it translates are recorded as translated from the source's text of today."""
    meta = translation.meta
    assert isinstance(meta, Translation)
    return rewrite_translated_from(text, translated_from_block(source, meta.translated_from.date, translated_fields(meta)))
