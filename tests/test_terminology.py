"""Terminology: deprecated terms, term references, the glossary files, translations, links and the
glossary page (issue: terminology). Every test starts from a copy of the sample handbook and
changes one page, so each diagnostic comes from that change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REPO
from policybook.checks import run_checks
from policybook.collation import sort_key
from policybook.diagnostics import Level
from policybook.loading import load_handbook
from policybook.model import Glossary, GlossaryEntry
from policybook.rendering.glossary import glossary_page
from policybook.rendering.site import render
from policybook.rendering.terms import link_terms, terms_section, tooltip
from policybook.terminology import TermIndex, field_terms, handbook_prose, linkable_text, prose_text, term_index

PAGE = "policies/privacy/doxxing.md"
"""A source page with no translation: editing its body outdates nothing."""


def position(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the n-th occurrence of `needle` in a file."""
    seen = 0
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        start = line.find(needle)
        while start >= 0:
            seen += 1
            if seen == occurrence:
                return number, start + 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not in {path}")


def append(tmp_handbook, relative: str, text: str) -> Path:
    path = tmp_handbook.root / relative
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")
    return path


def found(tmp_handbook, *codes: str) -> list[tuple[str, int, int, str, str]]:
    return [(d.path, d.line, d.column, d.code, d.level.value) for d in tmp_handbook.diagnostics() if d.code in codes]


# --- Deprecated terms ---------------------------------------------------------------------------

def test_a_deprecated_term_is_reported_at_its_exact_column_with_the_preferred_term(tmp_handbook):
    path = append(tmp_handbook, PAGE, "Reviewers must never describe the outcome as a shadowban, even informally.")
    line, column = position(path, "shadowban")
    [diagnostic] = [d for d in tmp_handbook.diagnostics() if d.code == "TERM002"]
    assert (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.end_column) == (PAGE, line, column, column + 9)
    assert diagnostic.level is Level.warning  # the glossary entry says warning
    assert diagnostic.message == "'shadowban' is a deprecated term: use 'visibility reduction'"
    assert diagnostic.hint and "secret" in diagnostic.hint  # the glossary's reason


def test_severity_comes_from_the_glossary_entry_and_terms_match_across_line_breaks(tmp_handbook):
    path = append(tmp_handbook, PAGE, "Never call intimate images of a minor child\npornography in a case note.")
    line, column = position(path, "child")
    assert found(tmp_handbook, "TERM002") == [(PAGE, line, column, "TERM002", "error")]


def test_deprecated_words_inside_approved_terms_are_not_reported(tmp_handbook):
    append(tmp_handbook, PAGE, "Content praising a designated terrorist organisation is terrorist content; "
                               "see the listed terrorist organisations.")
    assert found(tmp_handbook, "TERM002") == []
    path = append(tmp_handbook, PAGE, "A terrorist group is not a term we use.")
    line, column = position(path, "A terrorist group")
    assert found(tmp_handbook, "TERM002") == [(PAGE, line, column + 2, "TERM002", "warning")]


def test_code_urls_link_targets_and_marked_quotations_are_not_prose(tmp_handbook):
    append(tmp_handbook, PAGE, "\n".join([
        "Search `shadowban` in the tool, or see https://example.com/shadowban and [the notice](#shadowban).",
        "",
        "```text",
        "label: shadowban",
        "```",
        "",
        "The user wrote <q>you shadowbanned me</q> in the appeal.",
        "",
        "<!-- terminology: off -->",
        "The statute still says child pornography in its title.",
        "<!-- terminology: on -->",
    ]))
    assert found(tmp_handbook, "TERM002") == []


def test_deprecated_terms_in_rendered_front_matter_are_reported_where_they_are(tmp_handbook):
    path = tmp_handbook.root / PAGE
    path.write_text(path.read_text("utf-8").replace("We remove content that exposes", "We issue a takedown for content that exposes", 1), "utf-8")
    line, column = position(path, "takedown")
    assert found(tmp_handbook, "TERM002") == [(PAGE, line, column, "TERM002", "warning")]


def test_registered_team_names_are_names_not_terms(sample):
    index = term_index(sample, "en")
    assert [m.concept for m in index.find(prose_text("Ask the Violent Extremism Unit."))] == ["violent-extremist"]
    assert index.find(handbook_prose(sample, "Ask the Violent Extremism Unit.")) == []


# --- Term references and the glossary files ----------------------------------------------------

def test_an_explicit_reference_to_an_unknown_concept_is_an_error_with_a_hint(tmp_handbook):
    path = append(tmp_handbook, PAGE, "The content stays up with [reduced reach][term:visibility-reductio].")
    line, column = position(path, "[reduced reach]")
    [diagnostic] = [d for d in tmp_handbook.diagnostics()]
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("TERM001", line, column)
    assert diagnostic.hint == "did you mean 'term:visibility-reduction'?"


def test_a_known_explicit_reference_is_no_problem(tmp_handbook):
    append(tmp_handbook, PAGE, "The content stays up with [reduced reach][term:visibility-reduction].")
    assert tmp_handbook.diagnostics() == []


def test_glossary_files_list_each_word_and_id_once_with_the_source_concepts(tmp_handbook):
    path = tmp_handbook.root / "docs/glossary/es.yml"
    text = path.read_text("utf-8")
    text = text.replace("      - eliminaciones\n", "      - eliminaciones\n      - retirada de contenido\n      - reducción de visibilidad\n", 1)
    text = text.replace("see_also: [csam, grooming, sextortion, minor]", "see_also: [csam, grooming, sextorsion, minor]", 1)
    text += "\n  - id: doxxing\n    term: divulgación de datos\n    definition: Una segunda entrada con el mismo ID.\n"
    text += "\n  - id: not-in-english\n    term: concepto nuevo\n    definition: Un concepto que el glosario de origen no tiene.\n"
    path.write_text(text, "utf-8")
    codes = sorted((d.code, d.message) for d in tmp_handbook.diagnostics())
    assert ("GLO001", "glossary ID 'doxxing' is declared twice") in codes
    assert ("TERM006", "'not-in-english' is not a concept of the en glossary") in codes
    assert ("TERM006", "see_also: 'sextorsion' is not an entry of this glossary") in codes
    # Reported where the word is listed the second time: the removal entry comes first in the file.
    assert ("TERM003", "'reducción de visibilidad' (visibility-reduction) is already an alias of 'removal'") in codes
    line, column = position(path, "reducción de visibilidad", 2)
    duplicate = next(d for d in tmp_handbook.diagnostics() if d.code == "TERM003")
    assert (duplicate.path, duplicate.line, duplicate.column) == ("docs/glossary/es.yml", line, column)


def test_an_entry_no_page_uses_is_reported_as_information_only(tmp_handbook):
    path = tmp_handbook.root / "docs/glossary/en.yml"
    path.write_text(path.read_text("utf-8") + "\n  - id: cross-post\n    term: cross-posting\n"
                    "    definition: Publishing the same content on several platforms at once.\n", "utf-8")
    line, column = position(path, "id: cross-post")
    assert tmp_handbook.diagnostics() == []
    assert [(d.line, d.column, d.code, d.level) for d in tmp_handbook.info_diagnostics()] == [
        (line, column, "TERM004", Level.info)]
    append(tmp_handbook, PAGE, "Cross-posting private information to other platforms counts as one case.")
    assert tmp_handbook.info_diagnostics() == []
    assert tmp_handbook.cli("check").returncode == 0


# --- Translations: a Spanish and an Arabic page ------------------------------------------------

ES = "policies/hate-speech/hate-speech.es.md"
AR = "policies/hate-speech/hate-speech.ar.md"


def test_a_spanish_translation_must_use_the_spanish_approved_term(tmp_handbook):
    path = tmp_handbook.root / ES
    path.write_text(path.read_text("utf-8").replace("con visibilidad reducida", "con menor alcance", 1), "utf-8")
    line, _ = position(path, "## Qué no está permitido")
    assert [(d.path, d.line, d.code, d.level, d.message) for d in tmp_handbook.diagnostics()] == [
        (ES, line, "TERM005", Level.warning,
         "the source's section 'what-is-not-allowed' uses 'visibility reduction'; this translation should use "
         "'reducción de la visibilidad'")]


def test_a_spanish_deprecated_term_is_reported_like_an_english_one(tmp_handbook):
    path = tmp_handbook.root / ES
    path.write_text(path.read_text("utf-8").replace("con visibilidad reducida", "shadowbaneado", 1), "utf-8")
    line, column = position(path, "shadowbaneado")
    [diagnostic] = tmp_handbook.diagnostics()  # using the concept with the wrong word is not a second problem
    assert (diagnostic.line, diagnostic.column, diagnostic.code) == (line, column, "TERM002")
    assert diagnostic.message == "'shadowbaneado' is a deprecated term: use 'visibilidad reducida'"


def test_an_arabic_deprecated_term_is_found_at_its_column(tmp_handbook):
    path = tmp_handbook.root / AR
    path.write_text(path.read_text("utf-8").replace("مع تقليل الظهور،", "مع الحظر الخفي،", 1), "utf-8")
    line, column = position(path, "الحظر الخفي")
    [diagnostic] = tmp_handbook.diagnostics()
    assert (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code) == (AR, line, column, "TERM002")
    assert "'تقليل الظهور'" in diagnostic.message


def test_arabic_matching_ignores_short_vowels_and_hamza_seats_and_accepts_attached_words(sample):
    index = term_index(sample, "ar")
    text = "ونشر إباحيةِ الأطفال ممنوع، وكذلك وإباحية الاطفال، والعلامات التحذيرية للاستدراج."
    matches = [(text[m.start:m.end], m.concept, m.form.kind.value) for m in index.find(prose_text(text))]
    assert matches == [("إباحيةِ الأطفال", "csam", "deprecated"), ("وإباحية الاطفال", "csam", "deprecated"),
                       ("للاستدراج", "grooming", "alias")]


def test_outdated_translation_sections_are_not_compared(tmp_handbook):
    # The German hate-speech translation is outdated in 'protected-characteristics': whatever it
    # says there, the source may have moved on, so no terminology warning.
    path = tmp_handbook.root / "policies/hate-speech/hate-speech.de.md"
    section = path.read_text("utf-8").split("{#protected-characteristics}")[1].split("\n## ")[0]
    path.write_text(path.read_text("utf-8").replace(section, "\n\nText ohne Fachbegriffe.\n"), "utf-8")
    assert found(tmp_handbook, "TERM005") == []


# --- Links and tooltips -----------------------------------------------------------------------

def _index(*entries: GlossaryEntry, locale: str = "en") -> TermIndex:
    return TermIndex(Glossary(locale=locale, entries=list(entries)))


REDUCTION = GlossaryEntry(id="visibility-reduction", term="visibility reduction", aliases=["reduced visibility"],
                          definition="Keeping content up while limiting its reach. Never secret.",
                          deprecated=[{"term": "shadowban", "use": "visibility reduction", "severity": "warning"}])
REMOVAL = GlossaryEntry(id="removal", term="removal", aliases=["removed"], everyday=True,
                        definition="Deleting content for everyone, everywhere.")


def test_only_the_first_use_in_body_text_links_with_the_definition_as_tooltip():
    markdown = "\n".join([
        "## Visibility reduction in headings stays plain",
        "",
        "Use `visibility reduction` in code as you like. Content gets reduced visibility when it is",
        "borderline; visibility reduction is never a shadowban. Removed content is removed.",
        "",
        "See [visibility reduction](other.md) and ![visibility reduction](image.png).",
    ])
    linked = link_terms(markdown, _index(REDUCTION, REMOVAL), "../glossary.md")
    lines = linked.split("\n")
    assert lines[0] == "## Visibility reduction in headings stays plain"
    assert lines[2] == ("Use `visibility reduction` in code as you like. Content gets "
                        '[reduced visibility](../glossary.md#visibility-reduction "Keeping content up while limiting its '
                        'reach.") when it is')
    assert lines[3] == "borderline; visibility reduction is never a shadowban. Removed content is removed."
    assert lines[5] == "See [visibility reduction](other.md) and ![visibility reduction](image.png)."
    assert linked.count("](../glossary.md#") == 1


def test_link_texts_are_never_linked_again_and_the_next_use_in_prose_is():
    markdown = ("See [visibility reduction](other.md), [the [reduced visibility] rule][POL-HS-001] and "
                "![visibility reduction](image.png) first. Then visibility reduction applies.")
    linked = link_terms(markdown, _index(REDUCTION), "glossary.md")
    assert linked.startswith("See [visibility reduction](other.md), [the [reduced visibility] rule][POL-HS-001] and ")
    assert linked.endswith('Then [visibility reduction](glossary.md#visibility-reduction '
                           '"Keeping content up while limiting its reach.") applies.')


def test_an_explicit_term_reference_links_and_the_concept_is_not_linked_again():
    markdown = "Reduced visibility first. Later, [limited reach][term:visibility-reduction] on purpose."
    linked = link_terms(markdown, _index(REDUCTION), "glossary.md")
    assert linked == ('Reduced visibility first. Later, [limited reach](glossary.md#visibility-reduction '
                      '"Keeping content up while limiting its reach.") on purpose.')


def test_tooltips_are_the_first_sentence_and_safe_in_tables():
    entry = GlossaryEntry(id="x", term="x", definition='A "quoted" | piped `code` definition. Second sentence.')
    assert tooltip(entry) == "A 'quoted' / piped code definition."


def test_linkable_text_keeps_offsets_and_lines():
    markdown = "# Title\n\nText with `code` and [a link](x.md).\n"
    masked = linkable_text(markdown)
    assert len(masked) == len(markdown) and masked.count("\n") == markdown.count("\n")
    assert masked.split("\n")[2].startswith("Text with ")


def test_rendered_policy_pages_link_terms_and_list_them_for_search(sample):
    document = sample.by_path["policies/hate-speech/hate-speech.md"]
    page = render(sample, document.path, document.body)
    assert page.count("](../../glossary.md#visibility-reduction") == 1  # in the prose, as Markdown
    assert page.count('<a href="../../../glossary/#visibility-reduction"') == 1  # in the terms list, as HTML
    assert "## Terms on this page {#terms-on-this-page}" in page
    section = terms_section(sample, document.path, document.path, "en")
    assert "<del>shadowban</del>" in section and "demotion" in section


# --- The glossary page and alphabetical order -------------------------------------------------

def test_the_glossary_page_is_in_each_locales_alphabetical_order_with_usage_and_terms_not_to_use(sample):
    english = glossary_page(sample, "en")
    headings = [line[4:].split(" {#")[0] for line in english.split("\n") if line.startswith("### ")]
    assert headings == sorted(headings, key=lambda term: sort_key(term, "en"))
    entry = english.split("{#visibility-reduction}")[1].split("\n### ")[0]
    # One "do not use" note for the entry, naming each variant once.
    assert entry.count("*Do not use:*") == 1
    assert ("*Do not use:* ~~shadowban~~ · ~~shadow ban~~ · ~~shadow-ban~~ · ~~shadowbanned~~ · ~~shadowbanning~~ · "
            "~~shadowbans~~ — use **visibility reduction** · **reduced visibility** · **visibility reductions**. "
            "Implies a secret penalty;") in entry
    assert "[POL-HS-001 Hate speech](policies/hate-speech/hate-speech.md)" in entry
    spanish = glossary_page(sample, "es")
    assert spanish.startswith("# Glosario")
    entry = spanish.split("{#visibility-reduction}")[1].split("\n### ")[0]
    assert entry.count("*No usar:*") == 1 and "~~shadowban~~" in entry and "(policies/hate-speech/hate-speech.md)" in entry
    arabic = glossary_page(sample, "ar")
    headings = [line[4:].split(" {#")[0] for line in arabic.split("\n") if line.startswith("### ")]
    assert headings == sorted(headings, key=lambda term: sort_key(term, "ar"))


def test_collation_follows_each_language():
    assert sorted(["zona", "ñandú", "nube", "Oso", "árbol"], key=lambda t: sort_key(t, "es")) == ["árbol", "nube", "ñandú", "Oso", "zona"]
    assert sorted(["Zebra", "apple", "élan", "Eagle"], key=lambda t: sort_key(t, "en")) == ["apple", "Eagle", "élan", "Zebra"]
    assert sorted(["Übel", "Ufer", "Apfel"], key=lambda t: sort_key(t, "de")) == ["Apfel", "Übel", "Ufer"]
    # The Arabic article is ignored: التصعيد sorts under tāʾ, after بلاغ.
    assert sorted(["التصعيد", "بلاغ", "أمر الإزالة"], key=lambda t: sort_key(t, "ar")) == ["أمر الإزالة", "بلاغ", "التصعيد"]


def test_the_sample_uses_no_deprecated_term_and_its_translations_conform():
    diagnostics = [d for d in run_checks(load_handbook(REPO)) if d.code.startswith("TERM") and d.level is not Level.info]
    assert diagnostics == []


@pytest.mark.parametrize("locale", ["en", "es", "fr", "de", "pt-BR", "ar"])
def test_every_locale_glossary_compiles_to_one_pattern_without_conflicts(sample, locale):
    index = term_index(sample, locale)
    assert index is not None and index.conflicts == []
    assert term_index(sample, locale) is index  # built once per handbook


FIELD_TEXT = st.lists(st.sampled_from(
    ["appeal", "Appeals Review", "strike", "shadowban", "CSAM", "child sexual abuse material", "hate", "speech",
     "dog", "whistles", "coded hate", "الاستدراج", "استدراج", "الاطفال", " ", "\n", "\n\n", "-", "_", "[", "](x)",
     "][POL-HS-001]", "{#id}", "&amp;", "https://x.org/a", ":::", "]:", "`", "~~~", "<q>", "</q>", "<!--", "-->"]),
    max_size=12).map("".join)
"""Front-matter prose built from glossary words, team names and every construct prose masking knows."""


@settings(max_examples=300, deadline=None)
@given(values=st.lists(FIELD_TEXT, max_size=6), locale=st.sampled_from(["en", "ar"]))
@example(values=["Coded hate", "speech is"], locale="en")  # a term must not run from one field into the next
@example(values=["dog", "whistles"], locale="en")
def test_prose_fields_scanned_together_find_what_each_field_scanned_alone_finds(sample, values, locale):
    index = term_index(sample, locale)
    fields = [(("exceptions", number, "description"), value) for number, value in enumerate(values)]
    alone = [(location, match) for location, value in fields for match in index.find(handbook_prose(sample, value))]
    assert field_terms(sample, index, fields) == alone
