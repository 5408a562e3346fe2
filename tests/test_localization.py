"""Localization: translation status (page and section level), the l10n commands, and the sites per locale."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from policybook.audiences import EVERYONE, for_audience
from policybook.coverage import Change, State, coverage
from policybook.loading import load_handbook
from policybook.sections import count_words, split_sections

SCAMS = "policies/scams-fraud/scams.md"
HATE = "policies/hate-speech/hate-speech.md"
CSE = "policies/child-safety/child-sexual-exploitation.md"
PD = "policies/privacy/intimate-imagery.md"
LOCALES = ("es", "fr", "de", "pt-BR", "ar")


# --- Status -------------------------------------------------------------------------------------

def test_sample_statuses_name_the_changed_sections_and_changelog(sample):
    result = coverage(sample)
    scams = result.status(SCAMS, "es")
    assert scams.state is State.outdated
    assert scams.translated_version == "1.3.0" and [e.version for e in scams.changes] == ["1.4.0"]
    assert [(c.key, c.change) for c in scams.sections] == [
        ("definitions", Change.changed), ("what-is-not-allowed", Change.changed)]
    # Changed sections are named as the translation's reader knows them.
    assert [c.title for c in scams.sections] == ["Definiciones", "Qué no está permitido"]
    assert result.status(CSE, "ar").state is State.outdated
    assert result.status(CSE, "es").state is State.current
    assert result.status(PD, "ar").state is State.missing


def test_word_counts_match_an_independent_count(tmp_handbook):
    body = ("## Rationale {#rationale}\n\nWe remove spam that floods comments. It harms creators.\n\n"
            "## What is not allowed {#what-is-not-allowed}\n\n- Posting the same link again and again.\n"
            "- Buying fake engagement, see [the scams policy][POL-SF-001].\n")
    page = (REPO / "policies/scams-fraud/impersonation.md").read_text("utf-8")
    front, _, _ = page[4:].partition("\n---\n")
    front = re.sub(r"^title: .*$", "title: Spam and fake engagement", front, flags=re.M)
    # Statute numbers (`§528.5`) split differently by every counter: this page's only region is global.
    front = re.sub(r"^regions:\n(?:[ -].*\n)*", "regions:\n  - code: global\n", front + "\n", flags=re.M).rstrip("\n")
    tmp_handbook.write("policies/scams-fraud/impersonation.md", f"---\n{front}\n---\n\n{body}")
    handbook = load_handbook(tmp_handbook.root)
    document = handbook.by_path["policies/scams-fraud/impersonation.md"]
    # Independent count: strip Markdown by hand, then split on whitespace and hyphens-free tokens.
    plain = ("Spam and fake engagement " + document.meta.summary + " Rationale We remove spam that floods comments. "
             "It harms creators. What is not allowed Posting the same link again and again. Buying fake "
             "engagement, see the scams policy.")
    # A translator also translates the front-matter prose: exceptions, enforcement conditions, regional
    # law titles and notes, changelog summaries.
    meta = document.meta
    plain += " " + " ".join([*(item.description for item in meta.exceptions), *(step.when for step in meta.enforcement),
                             *(part for rule in meta.regions for part in (rule.law, rule.note) if part),
                             *(entry.summary for entry in meta.changelog)])
    expected = len([w for w in re.split(r"\s+", plain) if re.search(r"\w", w)])
    status = coverage(handbook).status("policies/scams-fraud/impersonation.md", "fr")
    assert status.state is State.missing
    assert status.words == expected
    assert [s.words for s in split_sections(body)] == [count_words("Rationale We remove spam that floods comments. It harms creators."),
                                                        count_words("What is not allowed Posting the same link again and again. Buying fake engagement, see the scams policy.")]


def test_editing_a_source_section_outdates_its_translations_and_accept_makes_them_current(tmp_handbook):
    source = tmp_handbook.root / HATE
    text = source.read_text("utf-8")
    source.write_text(text.replace("Age is protected only when", "Age is protected only where"), "utf-8")
    handbook = load_handbook(tmp_handbook.root)
    for locale in ("es", "fr", "ar"):
        status = coverage(handbook).status(HATE, locale)
        assert status.state is State.outdated, locale
        assert [(c.key, c.change) for c in status.sections] == [("protected-characteristics", Change.changed)]
        assert status.words == split_sections(handbook.by_path[HATE].body)[1].words

    translation = tmp_handbook.root / "policies/hate-speech/hate-speech.es.md"
    before = translation.read_text("utf-8")
    result = tmp_handbook.cli("l10n", "accept", HATE, "--locale", "es")
    assert result.returncode == 0, result.stderr
    assert "hate-speech.es.md: now records 2.1.0 (accepted without retranslation: protected-characteristics)" in result.stdout
    after = translation.read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 2 and changed[0][1].startswith("  digest: sha256:")
    assert changed[1][1].startswith("    protected-characteristics: ")
    assert before.split("\n---\n", 1)[1] == after.split("\n---\n", 1)[1]  # the translated text is untouched
    handbook = load_handbook(tmp_handbook.root)
    assert coverage(handbook).status(HATE, "es").state is State.current
    assert coverage(handbook).status(HATE, "fr").state is State.outdated  # only the chosen locale


def test_a_new_section_in_the_source_is_reported_as_added(tmp_handbook):
    source = tmp_handbook.root / HATE
    source.write_text(source.read_text("utf-8") + "\n## Appeals {#appeals}\n\nCreators can appeal every removal.\n", "utf-8")
    status = coverage(load_handbook(tmp_handbook.root)).status(HATE, "fr")
    assert [(c.key, c.change, c.words) for c in status.sections] == [("appeals", Change.added, 6)]


def test_translation_records_are_checked(tmp_handbook):
    translation = tmp_handbook.root / "policies/hate-speech/hate-speech.fr.md"
    text = translation.read_text("utf-8").replace("  version: 2.1.0", "  version: 9.0.0", 1)
    text = text.replace("{#what-is-allowed}", "{#ce-qui-est-autorise}", 1)
    translation.write_text(text, "utf-8")
    found = [(d.path, d.line, d.code) for d in tmp_handbook.diagnostics() if d.code.startswith("L10N")]
    version_line = text.splitlines().index("  version: 9.0.0") + 1
    heading_line = next(i for i, l in enumerate(text.splitlines(), 1) if "{#ce-qui-est-autorise}" in l)
    assert found == [("policies/hate-speech/hate-speech.fr.md", version_line, "L10N003"),
                     ("policies/hate-speech/hate-speech.fr.md", heading_line, "L10N004")]


# --- Reports and the gate -----------------------------------------------------------------------

def test_text_json_and_csv_reports_agree(sample):
    result = coverage(for_audience(sample, EVERYONE))  # what the CLI counts by default: the site's edition
    report = json.loads(run_cli("l10n", "status", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run_cli("l10n", "status", "--format", "csv").stdout)))
    text = run_cli("l10n", "status").stdout
    for locale in LOCALES:
        summary = result.summary(result.of_locale(locale))
        assert report["locales"][locale]["current"] == summary.current
        assert report["locales"][locale]["outdated"] == summary.outdated
        assert report["locales"][locale]["words_to_translate"] == summary.words_to_translate
        mine = [row for row in rows if row["locale"] == locale]
        assert sum(row["state"] == "missing" for row in mine) == summary.missing
        assert sum(int(row["words_to_revise"]) for row in mine) == summary.words_to_revise
        assert sum(int(row["words_to_translate"]) for row in mine) == summary.words_to_translate
        assert re.search(rf"^{re.escape(locale)}\s+{summary.current}\s+{summary.outdated}\s+{summary.in_progress}\s+"
                         rf"{summary.missing}\s", text, re.M)
    scams = next(row for row in rows if row["locale"] == "es" and row["path"] == SCAMS)
    assert scams["changed_sections"] == "definitions:changed;what-is-not-allowed:changed"


def test_fail_under_gates_on_required_pages(sample):
    passing = run_cli("l10n", "status", "--fail-under", "0")
    assert passing.returncode == 0
    failing = run_cli("l10n", "status", "--fail-under", "100", "--locale", "ar")
    assert failing.returncode == 1
    assert "ar: " in failing.stderr and "required pages current, under 100%" in failing.stderr
    assert "policies/child-safety/child-sexual-exploitation.ar.md: ar: outdated (translated from 3.0.0, source is 3.1.0" in failing.stderr
    assert f"{PD}: ar: missing (no translation;" in failing.stderr
    assert "eating-disorders" not in failing.stderr  # sev2: not required by default
    assert "Traceback" not in failing.stderr
    unknown = run_cli("l10n", "status", "--locale", "xx")
    assert unknown.returncode == 2 and "'xx' is not a translated locale" in unknown.stderr


# --- The sites ----------------------------------------------------------------------------------

def page(site: Path, locale: str, uri: str) -> str:
    root = site if locale == "en" else site / locale
    return (root / uri / "index.html").read_text("utf-8")


def test_every_locale_is_a_site_with_its_own_search_in_its_language(built_site, sample):
    translated = {locale: t.meta.title for locale, t in sample.translations[SCAMS].items()}
    assert set(translated) == {"es", "pt-BR"}
    for locale in ("en", *LOCALES):
        root = built_site if locale == "en" else built_site / locale
        index = json.loads((root / "search/search_index.json").read_text("utf-8"))
        title = next(doc["title"] for doc in index["docs"] if doc["location"] == "policies/scams-fraud/scams/")
        assert title == translated.get(locale, "Scams and fraud"), locale  # others: source or fallback
        assert translated["pt-BR"] not in {doc["title"] for doc in index["docs"]} or locale == "pt-BR"
    assert json.loads((built_site / "es/search/search_index.json").read_text())["config"]["lang"] == ["es"]


def test_arabic_pages_are_right_to_left_and_english_fallbacks_inside_are_left_to_right(built_site):
    translated = page(built_site, "ar", "policies/child-safety/child-sexual-exploitation")
    assert '<html lang="ar"' in translated and '<body dir="rtl"' in translated
    fallback = page(built_site, "ar", "policies/privacy/intimate-imagery")
    assert '<body dir="rtl"' in fallback
    assert re.search(r'<h1 dir="ltr" id="POL-PD-002" lang="en">', fallback)
    assert re.search(r'<div (lang="en" dir="ltr"|dir="ltr" lang="en")>', fallback)
    banner = fallback.split('class="admonition info pb-l10n"')[1].split("</div>")[0]
    assert "لم تُترجم هذه الصفحة إلى العربية بعد" in banner and "الإنجليزية" in banner


def test_outdated_translation_banner_names_versions_sections_and_changes(built_site):
    markup = page(built_site, "es", "policies/scams-fraud/scams")
    banner = markup.split('class="admonition warning pb-l10n"')[1].split("</div>")[0]
    assert "Traducción desactualizada" in banner
    assert '<code class="pb-nobreak">1.3.0</code>' in banner and '<code class="pb-nobreak">1.4.0</code>' in banner
    assert 'href="../../../../policies/scams-fraud/scams/#what-is-not-allowed" hreflang="en">Qué no está permitido</a>' in banner
    # The source's changelog since, in the translation's words where it translates the entry.
    spanish = load_handbook(REPO).translations[SCAMS]["es"].meta.changelog["1.4.0"]
    assert "6 de julio de 2026" in banner and spanish in banner
    # The changed section itself is flagged where it starts; an unchanged one is not.
    heading = markup.split('id="what-is-not-allowed"')[1][:1500]
    assert "Esta sección cambió en el original en inglés" in heading
    assert "Esta sección cambió" not in markup.split('id="what-is-allowed"')[1][:800]
    current = page(built_site, "es", "policies/hate-speech/hate-speech")
    assert "pb-l10n" not in current  # a current translation carries no banner


def test_language_switcher_and_hreflang_link_the_same_page_in_every_locale(built_site):
    uri = "policies/scams-fraud/scams"
    for here in ("en", "es", "ar"):
        markup = page(built_site, here, uri)
        origin = (built_site if here == "en" else built_site / here) / uri / "index.html"
        links = dict(re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', markup))
        assert sorted(links.values()) == sorted(("en", *LOCALES))
        for href, lang in links.items():
            target = (origin.parent / href / "index.html").resolve()
            expected = (built_site if lang == "en" else built_site / lang) / uri / "index.html"
            assert target == expected.resolve(), (here, lang, href)
        switcher = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" class="md-select__link">', markup)
        assert dict(switcher) == links


def test_translated_page_keeps_edit_link_to_the_translation_file(built_site):
    markup = page(built_site, "es", "policies/scams-fraud/scams")
    assert "/-/edit/main/policies/scams-fraud/scams.es.md" in markup
    assert "<h1" in markup and "Estafas y fraude" in re.search(r"<h1[^>]*>(.*?)</h1>", markup, re.S).group(1)


def test_dashboard_page_shows_the_computed_figures(built_site, sample):
    markup = (built_site / "translations/index.html").read_text("utf-8")
    result = coverage(for_audience(sample, EVERYONE))  # the edition built without --audience
    for locale in LOCALES:
        summary = result.summary(result.of_locale(locale))
        row = re.search(rf'<code class="pb-nobreak">{re.escape(locale)}</code></td>(.*?)</tr>', markup, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        bar = re.search(r'<meter class="pb-meter" min="0" max="(\d+)" value="(\d+)"', row)
        assert (int(bar[2]), int(bar[1])) == (summary.current, summary.total), locale  # the progress bar
        assert cells[0].startswith(f"{summary.current} of {summary.total}"), locale  # and its figure
        assert cells[1:4] == [str(summary.outdated), str(summary.in_progress), str(summary.missing)], locale
    downloaded = list(csv.DictReader(io.StringIO((built_site / "translations.csv").read_text("utf-8"))))
    edition = run_cli("l10n", "status", "--format", "csv", "--audience", "everyone").stdout
    assert downloaded == list(csv.DictReader(io.StringIO(edition)))
    assert downloaded == list(csv.DictReader(io.StringIO(run_cli("l10n", "status", "--format", "csv").stdout)))  # the default
    everything = list(csv.DictReader(io.StringIO(run_cli("l10n", "status", "--format", "csv", "--audience", "all").stdout)))
    restricted = {row["path"] for row in everything} - {row["path"] for row in downloaded}
    assert restricted == {"processes/law-enforcement/authority-reporting.md"}  # only in the full report


@pytest.mark.parametrize("locale", ["xx"])
def test_an_unknown_locale_is_refused_before_building(locale):
    result = run_cli("build", "--locale", locale, "--site-dir", "/nonexistent/site")
    assert result.returncode == 2 and f"unknown locale {locale}" in result.stderr


def test_translated_pages_label_their_card_and_sections_in_their_language(built_site):
    spanish = page(built_site, "es", "policies/scams-fraud/scams")
    assert "<dt>Estado</dt>" in spanish and "<dt>Status</dt>" not in spanish
    assert re.search(r'<h2 id="policy-enforcement"[^>]*>Medidas de moderación', spanish)
    assert re.search(r'<h2 id="changelog"[^>]*>Registro de cambios', spanish)
    arabic = page(built_site, "ar", "policies/child-safety/child-sexual-exploitation")
    assert "<dt>الحالة</dt>" in arabic
    # A fallback page is English throughout, labels included, inside the Arabic site.
    fallback = page(built_site, "ar", "policies/privacy/intimate-imagery")
    assert "<dt>Status</dt>" in fallback and "<dt>الحالة</dt>" not in fallback


def test_each_locale_publishes_its_own_glossary(built_site):
    assert re.search(r"<h1[^>]*>Glosario", page(built_site, "es", "glossary"))
    arabic = page(built_site, "ar", "glossary")
    assert re.search(r"<h1[^>]*>مسرد المصطلحات", arabic)
    assert re.search(r"<h1[^>]*>Glossary", page(built_site, "en", "glossary"))
