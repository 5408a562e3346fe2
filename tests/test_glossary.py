"""The glossary page (policybook.rendering.glossary): letters in each locale's own alphabet, one
section per letter, one "do not use" note per entry."""

from __future__ import annotations

import re

import pytest

from policybook.collation import sort_key
from policybook.rendering.glossary import glossary_page, initial, letter_anchor
from policybook.rendering.messages import message


@pytest.mark.parametrize(("term", "locale", "letter"), [
    ("ñandú", "es", "Ñ"),          # a letter of its own in Spanish
    ("árbol", "es", "A"),          # an accent is not a letter
    ("élan", "fr", "E"),
    ("Übel", "de", "U"),           # dictionary order: ü with u
    ("moderación", "es", "M"),
    ("التصعيد", "ar", "ت"),         # after the article, as Arabic glossaries file it
    ("أمر الإزالة", "ar", "ا"),     # hamza seats with alef
    ("آلية الإخطار", "ar", "ا"),
    ("بلاغ", "ar", "ب"),
    ("NCMEC", "ar", "N"),          # a Latin term in the Arabic glossary keeps its letter
    ("2FA", "en", "#"),
])
def test_each_term_is_filed_under_the_letter_of_its_language(term, locale, letter):
    assert initial(term, locale) == letter


def _sections(page: str) -> list[tuple[str, str, list[str]]]:
    """(letter, anchor, entry terms) of each letter section of a glossary page's Markdown."""
    found: list[tuple[str, str, list[str]]] = []
    for line in page.split("\n"):
        if match := re.fullmatch(r"## (.+) \{#(letter-[^}]+)\}", line):
            found.append((match[1], match[2], []))
        elif line.startswith("### "):
            found[-1][2].append(line[4:].split(" {#")[0])
    return found


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_the_jump_bar_lists_the_first_letters_in_collation_order_and_links_each_section(sample, locale):
    page = glossary_page(sample, locale)
    sections = _sections(page)
    bar = re.findall(r'<a class="pb-letter" href="#([^"]+)">([^<]+)</a>', page)
    assert bar == [(anchor, letter) for letter, anchor, _ in sections]
    letters = [letter for letter, _, _ in sections]
    assert letters == sorted(letters, key=lambda letter: sort_key(letter, locale)) and len(set(letters)) == len(letters)
    terms = [term for _, _, entries in sections for term in entries]
    assert terms == sorted(terms, key=lambda term: sort_key(term, locale))
    assert len(terms) == len(sample.glossaries[locale].entries)
    for letter, anchor, entries in sections:
        assert anchor == letter_anchor(letter)
        assert all(initial(term, locale) == letter for term in entries)


def test_the_arabic_bar_is_in_arabic_letters_and_files_terms_after_their_article(sample):
    sections = _sections(glossary_page(sample, "ar"))
    arabic = [letter for letter, _, _ in sections if "\u0600" <= letter <= "\u06ff"]
    assert len(arabic) >= 15
    under = {letter: entries for letter, _, entries in sections}
    assert "التصعيد" in under["ت"]  # escalation: the article is not its letter
    for term in under["ا"]:  # alef, with or without a hamza or madda, once the article is set aside
        word = term[2:] if term.startswith("ال") and len(term.split(" ")[0]) > 3 else term
        assert word[0] in "اأإآ", term


def test_the_letter_anchors_are_stable_words():
    assert letter_anchor("A") == "letter-a" and letter_anchor("Ñ") == "letter-ñ" and letter_anchor("ت") == "letter-ت"
    assert letter_anchor("#") == "letter-other"


@pytest.mark.parametrize("locale", ["en", "es", "fr", "de", "pt-BR", "ar"])
def test_a_deprecated_synonym_note_appears_once_per_entry_naming_each_variant_once(sample, locale):
    page = glossary_page(sample, locale)
    label = message(locale, "term_do_not_use")
    for entry in sample.glossaries[locale].entries:
        text = page.split(f"{{#{entry.id}}}")[1].split("\n### ")[0].split("\n## ")[0]
        assert text.count(label) == (1 if entry.deprecated else 0), (locale, entry.id)
        for term in entry.deprecated:
            assert text.count(f"~~{term.term}~~") == 1, (locale, entry.id, term.term)
            assert f"**{term.use}**" in text and (term.reason is None or " ".join(term.reason.split()).rstrip(".") in text)
