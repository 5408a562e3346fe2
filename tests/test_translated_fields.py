"""Front-matter prose in the reader's language: translated fields keyed by the source's IDs, their
staleness field by field, source-language fallbacks marked, the scaffold's honest status, and the
interface catalogues complete in every locale."""

from __future__ import annotations

import json
import re

import pytest

from policybook.audiences import EVERYONE, for_audience
from policybook.coverage import FieldState, State, coverage
from policybook.fields import source_fields, translated_fields
from policybook.loading import load_handbook
from policybook.rendering import foreign, site
from policybook.rendering.messages import message
from policybook.sections import count_words

from conftest import REPO

HATE = "policies/hate-speech/hate-speech.md"
HATE_TRANSLATIONS = {"es": "policies/hate-speech/hate-speech.es.md", "fr": "policies/hate-speech/hate-speech.fr.md",
                     "de": "policies/hate-speech/hate-speech.de.md", "ar": "policies/hate-speech/hate-speech.ar.md"}
SATIRE = ("Satire whose target is the hateful view rather than the protected group. When the target is unclear, "
          "do not apply this exception.")


def _edit(tmp_handbook, relative: str, old: str, new: str) -> None:
    path = tmp_handbook.root / relative
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _drop_field(tmp_handbook, relative: str, key_line: str) -> None:
    """Remove a one-line field (`  satire: ...`) from a translation's front-matter."""
    path = tmp_handbook.root / relative
    lines = path.read_text("utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(key_line))
    end = index + 1
    while end < len(lines) and lines[end].startswith("    ") and not lines[end].lstrip().startswith(("- ", "#")):
        end += 1  # a folded value's continuation lines
    del lines[index:end]
    path.write_text("\n".join(lines), "utf-8")


# --- The sample ---------------------------------------------------------------------------------

def test_every_sample_translation_translates_every_field_of_its_source(sample):
    for source_path, by_locale in sample.translations.items():
        wanted = {key for key, prose in source_fields(sample.by_path[source_path].meta).items() if not prose.optional}
        for translation in by_locale.values():
            missing = wanted - set(translated_fields(translation.meta))
            assert not missing, f"{translation.path} does not translate {sorted(missing)}"


def test_sample_translations_record_the_source_text_of_every_field_they_translate(sample):
    for source_path, by_locale in sample.translations.items():
        fields = source_fields(sample.by_path[source_path].meta)
        for translation in by_locale.values():
            recorded = translation.meta.translated_from.fields
            for key in translated_fields(translation.meta):
                assert recorded.get(key) == fields[key].digest, f"{translation.path}: {key}"


# --- Staleness, field by field --------------------------------------------------------------------

def test_changing_one_exception_outdates_exactly_the_translations_that_translated_it(tmp_handbook):
    _drop_field(tmp_handbook, HATE_TRANSLATIONS["fr"], "  satire:")  # fr has not translated it
    before = coverage(load_handbook(tmp_handbook.root))
    assert before.status(HATE, "fr").state is State.current  # an untranslated field does not outdate a page
    assert [c.key for c in before.status(HATE, "fr").missing_fields] == ["exceptions.satire"]
    edited = "Satire whose target is the hateful view, not the protected group."
    _edit(tmp_handbook, HATE, SATIRE, edited)
    after = coverage(load_handbook(tmp_handbook.root))
    for locale in ("es", "de", "ar"):  # the translations of that exception
        status = after.status(HATE, locale)
        assert status.state is State.outdated, locale
        assert [(c.key, c.state) for c in status.outdated_fields] == [("exceptions.satire", FieldState.changed)]
    assert after.status(HATE, "es").sections == ()  # the body did not change
    assert before.status(HATE, "es").state is State.current and before.status(HATE, "ar").state is State.current
    assert after.status(HATE, "fr").state is State.current
    for other in after.statuses:  # no other page of any locale moved
        if other.source.path != HATE:
            assert other.state is before.status(other.source.path, other.locale).state, other.source.path

    report = json.loads(tmp_handbook.cli("l10n", "status", "--format", "json").stdout)
    record = next(p for p in report["pages"] if p["path"] == HATE and p["locale"] == "es")
    assert record["state"] == "outdated"
    assert record["changed_fields"] == "exceptions.satire:changed"
    assert {"key": "exceptions.satire", "state": "changed", "words": count_words(edited)} in record["fields"]
    fr = next(p for p in report["pages"] if p["path"] == HATE and p["locale"] == "fr")
    assert fr["state"] == "current" and fr["missing_fields"] == "exceptions.satire"
    assert fr["words_to_translate"] == count_words(edited)

    handbook = load_handbook(tmp_handbook.root)
    rendered = site.render(handbook, HATE, handbook.translations[HATE]["es"].body, "es")
    banner = rendered.split("\n\n## ")[0]
    assert "Excepción: Sátira" in banner  # the banner names the field, in the reader's language
    # Until it is translated again, the exception reads as the source says now, marked as English.
    assert foreign.foreign("Satire whose target is the hateful view, not the protected group.", "en") in rendered


def test_a_field_the_translation_lacks_shows_the_source_marked_and_the_rest_translated(tmp_handbook):
    _drop_field(tmp_handbook, HATE_TRANSLATIONS["ar"], "  satire:")
    handbook = load_handbook(tmp_handbook.root)
    html = foreign.resolve(site.render(handbook, HATE, handbook.translations[HATE]["ar"].body, "ar"))
    assert f'<span lang="en" dir="ltr">{SATIRE}</span>' in html
    counter_speech = handbook.translations[HATE]["ar"].meta.exceptions["counter-speech"]
    assert counter_speech in html and "Quoting or showing hateful content" not in html


def test_a_changed_step_text_outdates_the_process_translation_and_names_the_step(tmp_handbook):
    intake = "processes/user-reports/intake.md"
    _edit(tmp_handbook, intake, "text: Is there an open case for the same item?", "text: Is a case open for the same item?")
    status = coverage(load_handbook(tmp_handbook.root)).status(intake, "es")
    assert status.state is State.outdated
    assert [c.key for c in status.outdated_fields] == ["steps.duplicate"]


def test_a_field_removed_from_the_source_outdates_its_translations(tmp_handbook):
    _edit(tmp_handbook, HATE, "  - kind: satire\n    description: " + SATIRE + "\n", "")
    status = coverage(load_handbook(tmp_handbook.root)).status(HATE, "fr")
    assert status.state is State.outdated
    assert [(c.key, c.state) for c in status.outdated_fields] == [("exceptions.satire", FieldState.removed)]
    assert tmp_handbook.diagnostics() == []  # recorded once, so not a typo


# --- Bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message, hint", [
    ("  counter-speech:", "  counter-speach:", "'counter-speach' is not one of the exception kinds", "did you mean 'counter-speech'?"),
    ("  terminate-account:", "  terminate-acount:", "'terminate-acount' is not one of the enforcement keys",
     "did you mean 'terminate-account'?"),
    ("  2.0.0:", "  2.0.1:", "'2.0.1' is not one of the changelog versions", "did you mean '2.0.0'?"),
])
def test_a_translated_field_keyed_by_an_id_the_source_lacks_is_an_error_at_its_line(tmp_handbook, old, new, message, hint):
    relative = HATE_TRANSLATIONS["es"]
    _edit(tmp_handbook, relative, old, new)
    line = next(n for n, text in enumerate((tmp_handbook.root / relative).read_text("utf-8").split("\n"), 1)
                if text.startswith(new))
    found = tmp_handbook.diagnostics()
    assert [(d.code, d.path, d.line, d.column) for d in found] == [("L10N005", relative, line, 3)]
    assert message in found[0].message and found[0].hint == hint


def test_a_branch_keyed_by_a_step_the_decision_does_not_lead_to_is_an_error(tmp_handbook):
    relative = "processes/user-reports/intake.es.md"
    text = (tmp_handbook.root / relative).read_text("utf-8")
    assert "      merge:" in text
    _edit(tmp_handbook, relative, "      merge:", "      merje:")
    found = tmp_handbook.diagnostics()
    assert [d.code for d in found] == ["L10N005"]
    assert "'merje'" in found[0].message and found[0].hint == "did you mean 'merge'?"


def test_a_translated_list_of_another_length_is_an_error(tmp_handbook):
    relative = "processes/user-reports/intake.ar.md"
    path = tmp_handbook.root / relative
    text = path.read_text("utf-8")
    start = text.index("\ntriggers:\n") + len("\ntriggers:\n")
    first_item_end = text.index("\n", start) + 1
    path.write_text(text[:start] + text[first_item_end:], "utf-8")
    found = tmp_handbook.diagnostics()
    assert [d.code for d in found] == ["L10N006"]
    assert "'triggers' has 2 items" in found[0].message and "has 3" in found[0].message


def test_a_missing_interface_message_is_an_error_naming_key_and_locale(tmp_handbook):
    catalogue = tmp_handbook.root / "docs/locales/it.yml"
    _edit(tmp_handbook, "policybook.yml", "  - {code: ar, name: العربية}", "  - {code: ar, name: العربية}\n  - {code: it, name: Italiano}")
    catalogue.write_text("messages:\n  outdated_title: Traduzione non aggiornata\nlabels:\n  Owner: Responsabile\n", "utf-8")
    found = [d for d in tmp_handbook.diagnostics() if d.code == "L10N008"]
    messages = {d.message for d in found}
    assert "locale 'it' has no message 'untranslated_title'" in messages
    assert "locale 'it' has no label 'Status'" in messages
    assert "locale 'it' has no message 'outdated_title'" not in messages  # the locale file gives it
    assert "locale 'it' has no label 'Owner'" not in messages
    assert all(d.path == "docs/locales/it.yml" for d in found)
    assert not [d for d in found if "'es'" in d.message]  # the shipped catalogues are complete


def test_a_locale_file_naming_an_unknown_team_is_an_error_with_a_suggestion(tmp_handbook):
    _edit(tmp_handbook, "docs/locales/es.yml", "  ts-operations:", "  ts-operation:")
    found = tmp_handbook.diagnostics()
    assert [(d.code, d.path) for d in found] == [("L10N009", "docs/locales/es.yml")]
    assert found[0].hint == "did you mean 'ts-operations'?"


# --- Honest status of a scaffold -------------------------------------------------------------------

def test_a_new_translation_is_in_progress_until_translated_and_signed(tmp_handbook):
    doxxing = "policies/privacy/doxxing.md"
    result = tmp_handbook.cli("new", "translation", str(tmp_handbook.root / doxxing), "--locale", "es")
    assert result.returncode == 0, result.stderr
    target = "policies/privacy/doxxing.es.md"
    text = (tmp_handbook.root / target).read_text("utf-8")
    handbook = load_handbook(tmp_handbook.root)
    # Every prose field is scaffolded, keyed by the source's IDs, with its digest recorded.
    assert set(translated_fields(handbook.by_path[target].meta)) == set(source_fields(handbook.by_path[doxxing].meta))
    assert coverage(handbook).status(doxxing, "es").state is State.in_progress
    assert tmp_handbook.diagnostics() == []  # a scaffold passes the checks
    # Readers keep the source with the untranslated banner; the page is not published as Spanish.
    rendered = site.render(handbook, doxxing, handbook.by_path[doxxing].body, "es")
    assert "Aún sin traducir" in rendered
    # The CLI and the site's dashboard count the same pages.
    report = json.loads(tmp_handbook.cli("l10n", "status", "--format", "json").stdout)
    assert report["locales"]["es"]["in_progress"] == 1
    assert report["locales"]["es"]["current"] == 5
    downloads = site.coverage_downloads(for_audience(handbook, EVERYONE))  # what the site built without --audience shows
    assert json.loads(downloads["translations.json"])["locales"]["es"] == report["locales"]["es"]

    # Translated and signed, but the scaffold's note was left in: an error at its line.
    translated = text.replace('translators: []', 'translators: [Clipwave Localization (es)]').replace(
        "You stay anonymous", "Sigues siendo anónimo")
    (tmp_handbook.root / target).write_text(translated.replace("## What is not allowed", "## Qué no está permitido"), "utf-8")
    assert coverage(load_handbook(tmp_handbook.root)).status(doxxing, "es").state is not State.in_progress
    found = [d for d in tmp_handbook.diagnostics() if d.code == "L10N007"]
    note_line = next(n for n, line in enumerate((tmp_handbook.root / target).read_text("utf-8").split("\n"), 1)
                     if line.startswith("<!--"))
    assert [(d.path, d.line) for d in found] == [(target, note_line)]


def test_the_cli_and_the_dashboard_count_the_same_pages_by_default(sample):
    from conftest import run_cli

    cli = json.loads(run_cli("l10n", "status", "--format", "json").stdout)
    edition = site.coverage_downloads(for_audience(sample, EVERYONE))
    assert cli["locales"] == json.loads(edition["translations.json"])["locales"]
    everything = json.loads(run_cli("l10n", "status", "--format", "json", "--audience", "all").stdout)
    assert everything["locales"]["es"]["total"] >= cli["locales"]["es"]["total"]


# --- Marks -----------------------------------------------------------------------------------------

def test_marked_text_becomes_an_isolated_span_and_leaves_no_mark_in_attributes_titles_or_diagrams():
    english = foreign.foreign("the condemnation is clear from the caption.", "en")
    html = (f'<html><head><title>{english} - Manual</title></head><body>'
            f'<a href="#x" title="{english}">{english}</a><pre class="mermaid">A["{english}"]</pre></body></html>')
    resolved = foreign.resolve(html)
    assert "<title>the condemnation is clear from the caption. - Manual</title>" in resolved
    assert 'title="the condemnation is clear from the caption."' in resolved
    assert '><span lang="en" dir="ltr">the condemnation is clear from the caption.</span></a>' in resolved
    assert 'A["the condemnation is clear from the caption."]' in resolved
    assert not re.search("[\ue000-\ue002]", resolved)
    assert foreign.resolve("<p>plain</p>") == "<p>plain</p>"


def test_a_handbook_page_translates_like_a_policy(tmp_handbook):
    result = tmp_handbook.cli("new", "translation", str(tmp_handbook.root / "docs/guides/reading.md"), "--locale", "fr")
    assert result.returncode == 0, result.stderr
    target = "docs/guides/reading.fr.md"
    assert tmp_handbook.diagnostics() == []
    handbook = load_handbook(tmp_handbook.root)
    status = coverage(handbook).site_page("docs/guides/reading.md", "fr")
    assert status.state is State.in_progress and status.translation.path == target
    # Finished: the French site publishes it at the guide's own address; a later English edit outdates it.
    text = (tmp_handbook.root / target).read_text("utf-8")
    text = text.replace("translators: []", "translators: [Clipwave Localization (fr)]")
    text = re.sub(r"<!-- policybook: translation scaffold\..*?-->\n", "", text, flags=re.S)
    (tmp_handbook.root / target).write_text(text.replace("# Reading the handbook", "# Lire le manuel", 1), "utf-8")
    handbook = load_handbook(tmp_handbook.root)
    assert coverage(handbook).site_page("docs/guides/reading.md", "fr").state is State.current
    assert site.docs_translations(handbook, "fr")[1] == {"guides/reading.md": target, "index.md": "docs/index.fr.md"}
    assert "guides/reading.fr.md" in site.docs_translations(handbook, "es")[0]  # never a page of its own
    _edit(tmp_handbook, "docs/guides/reading.md", "## ", "## Before you start {#before-you-start}\n\nRead this first.\n\n## ")
    handbook = load_handbook(tmp_handbook.root)
    outdated = coverage(handbook).site_page("docs/guides/reading.md", "fr")
    assert outdated.state is State.outdated
    assert [(c.key, c.change.value) for c in outdated.sections] == [("before-you-start", "added")]
    body = handbook.site_page(target).body  # what the site generator reads, without the front-matter
    rendered = site.render(handbook, "guides/reading.md", body, "fr")
    assert rendered.startswith("# Lire le manuel")
    assert f'"{message("fr", "outdated_title")}"' in rendered.split("\n\n")[1]  # the banner, right below the title


def test_a_renamed_team_shows_its_new_english_name_marked_until_its_translation_is_recorded_again(tmp_handbook):
    _edit(tmp_handbook, "docs/teams.yml", "name: Trust & Safety Operations", "name: Trust & Safety Operations Centre")
    handbook = load_handbook(tmp_handbook.root)
    rendered = foreign.resolve(site.render(handbook, "processes/user-reports/intake.md",
                                           handbook.translations["processes/user-reports/intake.md"]["es"].body, "es"))
    assert '<span lang="en" dir="ltr">Trust &amp; Safety Operations Centre</span>' in rendered
    listed = tmp_handbook.cli("l10n", "names", "--locale", "es")
    assert listed.stdout.splitlines() == ["es: outdated: teams.ts-operations.name"]
    report = json.loads(tmp_handbook.cli("l10n", "status", "--format", "json", "--locale", "es").stdout)
    assert report["names"]["es"] == [{"key": "teams.ts-operations.name", "state": "outdated"}]
    # The translator updates the Spanish name and records it.
    spanish = handbook.names["es"].teams["ts-operations"].name
    _edit(tmp_handbook, "docs/locales/es.yml", f"name: {spanish}", "name: Centro de Operaciones de Trust & Safety")
    assert tmp_handbook.cli("l10n", "names", "--locale", "es", "--record").returncode == 0
    assert tmp_handbook.cli("l10n", "names", "--locale", "es").stdout == ""
    handbook = load_handbook(tmp_handbook.root)
    rendered = site.render(handbook, "processes/user-reports/intake.md",
                           handbook.translations["processes/user-reports/intake.md"]["es"].body, "es")
    assert "Centro de Operaciones de Trust &amp; Safety" in rendered and "Operations Centre" not in rendered


def test_every_label_the_engine_writes_is_in_the_english_catalogue():
    # `t("...")` literals in the engine, the labels every locale's catalogue must then have.
    from policybook.interface import label_keys

    source = "\n".join(path.read_text("utf-8") for path in (REPO / "src/policybook").rglob("*.py"))
    literals = {eval("(" + match + ")") for match in re.findall(r"""\bt\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)[,)]""", source)}
    assert literals and literals <= set(label_keys()), sorted(literals - set(label_keys()))
