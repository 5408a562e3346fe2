"""Alphabetical order in the reader's language, for glossaries and other lists of words.

Code-point order puts "Zebra" before "apple" and "élan" after "zone". This key compares letters
first (ignoring case and accents), then accents, then case, like a printed dictionary, and applies
the few rules of the configured languages where their alphabet differs from that default:

- Spanish: ñ is a letter of its own, after n.
- German: ä, ö, ü sort as a, o, u and ß as ss (DIN 5007, dictionary order).
- Arabic: alphabetical (hijāʾī) order, which is also Unicode's; hamza seats sort with alef, tāʾ
  marbūṭa with hāʾ and alef maqṣūra with yāʾ; the article "ال" is ignored, as Arabic
  glossaries do, so "التصعيد" sorts under tāʾ.

Pure Python, no ICU: the handbook builds on any machine.
"""

from __future__ import annotations

import unicodedata

_ARABIC = str.maketrans({"ة": "ه", "ى": "ي", "ٱ": "ا"})
_SPANISH_ENYE = "n\U0010ffff"  # after every other n-word, before o


def _letters(text: str, language: str) -> str:
    """The primary key: base letters only, lowercase, hyphens as spaces."""
    text = text.casefold().replace("-", " ")
    if language == "es":
        text = text.replace("ñ", _SPANISH_ENYE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def sort_key(text: str, locale: str) -> tuple[str, str, str]:
    """A key that sorts words of `locale` in its alphabetical order."""
    language = locale.split("-")[0].lower()
    base = text.strip()
    if language == "ar":
        base = base.translate(_ARABIC)
        if base.startswith("ال") and len(base.split(" ")[0]) > 3:
            base = base[2:]
    return _letters(base, language), unicodedata.normalize("NFKD", base.casefold()), text
