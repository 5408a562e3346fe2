"""Every word a moderator reads in their own language: measured on the built site, from outside.

For every page that has a translation (policies, process segments, the handbook's own pages), the
English function words among the words a reader sees — code, collapsed `<details>` and text marked
with another `lang` left out — stay at or under 1 %. English prose is about 45 % function words, so
1 % is a page with a sentence or two of unmarked English at most.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from conftest import REPO
from policybook.loading import load_handbook
from policybook.sitemap import page_url

FUNCTION_WORDS = frozenset(
    "the of and to is are be for on with that this when by at from it its not does any which who what their they "
    "them than then into only if but were has have had been would should can may must our we you your there these "
    "those such each other".split()
)
"""English function words that are not also common words of Spanish, French, German, Portuguese or Arabic."""
SKIPPED = frozenset({"script", "style", "code", "pre", "kbd", "samp", "details", "svg", "template", "noscript"})
_WORD = re.compile(r"[^\W\d_]+")


def _reader_words(page: LexborHTMLParser) -> list[str]:
    """The words of the page in its own language, as a reader sees them."""
    language = (page.css_first("html").attributes.get("lang") or "").split("-")[0]
    words: list[str] = []

    def walk(node: LexborNode, current: str) -> None:
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                if current == language:
                    words.extend(_WORD.findall(child.text(deep=False) or ""))
                continue
            if child.tag in SKIPPED or "hidden" in child.attributes:
                continue
            walk(child, (child.attributes.get("lang") or current).split("-")[0])

    walk(page.body, language)
    return words


def _translated_pages() -> list[str]:
    handbook = load_handbook(REPO)
    found = []
    for source, by_locale in handbook.translations.items():
        found += [f"{locale}/{page_url(source)}index.html" for locale in by_locale]
    for page in handbook.site_pages:
        if page.locale is not None:
            found.append(f"{page.locale}/{page_url(page.uri)}index.html")
    return sorted(found)


def test_the_sample_has_translated_pages_of_every_kind():
    pages = _translated_pages()
    assert any("/policies/" in p for p in pages) and any("/processes/" in p for p in pages)
    assert {p.split("/")[0] for p in pages if p.endswith("/index.html") and p.count("/") == 1} == {"es", "fr", "de", "pt-BR", "ar"}


@pytest.mark.parametrize("page", _translated_pages())
def test_english_function_words_are_at_most_one_percent_of_a_translated_page(built_site: Path, page: str):
    words = _reader_words(LexborHTMLParser((built_site / page).read_text("utf-8")))
    english = [word for word in words if word.lower() in FUNCTION_WORDS]
    assert len(words) > 200, f"{page}: only {len(words)} words"
    assert len(english) <= 0.01 * len(words), f"{page}: {len(english)} of {len(words)} words: {english[:20]}"


def test_source_language_text_on_a_translated_page_is_marked_and_isolated(built_site: Path):
    # The German statute keeps its own title on the Spanish page: shown in English, marked as such.
    page = LexborHTMLParser((built_site / "es/policies/hate-speech/hate-speech/index.html").read_text("utf-8"))
    marked = [node for node in page.css("span[lang=en]")]
    assert marked and all(node.attributes.get("dir") == "ltr" for node in marked)
    assert any("Strafgesetzbuch" in node.text() for node in marked)
    # Untranslated pages in the Spanish navigation are marked too; translated ones are in Spanish.
    titles = {link.text().strip(): link for link in page.css("nav.md-nav--primary a.md-nav__link")}
    assert "Discurso de odio" in titles
    assert titles["Slurs and coded hate"].css_first("span[lang=en]") is not None
    assert not re.search("[\ue000-\ue002]", (built_site / "es/policies/hate-speech/hate-speech/index.html").read_text("utf-8"))
    assert not re.search("[\ue000-\ue002]", (built_site / "es/search/search_index.json").read_text("utf-8"))
