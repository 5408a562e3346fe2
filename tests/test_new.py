"""`policybook new translation`: a translation to fill in that passes the checks from the start."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from policybook.documents import source_digest
from policybook.fields import source_fields, translated_fields
from policybook.loading import load_handbook
from policybook.sections import section_digests


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("source, locale", [
    ("policies/privacy/doxxing.md", "es"),
    ("processes/appeals/appeal-review.md", "ar"),
])
def test_new_translation_records_its_source_and_passes_the_checks(tmp_handbook, source, locale):
    result = tmp_handbook.cli("new", "translation", str(tmp_handbook.root / source), "--locale", locale)
    target = source.replace(".md", f".{locale}.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{target}: created from ")
    text = (tmp_handbook.root / target).read_text("utf-8")
    handbook = load_handbook(tmp_handbook.root)
    original = handbook.by_path[source]
    meta = _front_matter(text)
    assert meta["title"] == original.meta.title and meta["summary"] == original.meta.summary
    assert meta["translated_from"] == {
        "version": original.meta.version, "digest": source_digest(original), "date": dt.date.today(),
        "sections": section_digests(original.meta.title, original.meta.summary, original.body),
        "fields": {key: prose.digest for key, prose in source_fields(original.meta).items()},
    }
    assert meta["translators"] == []
    assert original.body.strip() in text  # the text to translate, headings and their IDs included
    # Every prose field of the front-matter, with the source's text in place, keyed by the source's IDs.
    translated = translated_fields(handbook.translations[source][locale].meta)
    assert {key: value for key, (value, _) in translated.items()} == {
        key: prose.text for key, prose in source_fields(original.meta).items()}
    assert "<!-- policybook: translation scaffold. Translate into " in text
    assert handbook.translations[source][locale].path == target
    errors = [d for d in tmp_handbook.diagnostics() if d.level.value == "error"]
    assert errors == []
    check = tmp_handbook.cli("check", str(tmp_handbook.root / target))
    assert check.returncode == 0, check.stdout


def test_new_translation_never_overwrites(tmp_handbook):
    existing = tmp_handbook.root / "policies/hate-speech/hate-speech.es.md"
    before = existing.read_bytes()
    result = tmp_handbook.cli("new", "translation", str(tmp_handbook.root / "policies/hate-speech/hate-speech.md"), "--locale", "es")
    assert result.returncode == 2
    assert "policies/hate-speech/hate-speech.es.md already exists" in result.stderr
    assert "policybook l10n accept policies/hate-speech/hate-speech.md --locale es" in result.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize("source, locale, message", [
    ("policies/privacy/doxxing.md", "it", "'it' is not a translated locale in policybook.yml (es, fr, de, pt-BR, ar)"),
    ("policies/privacy/doxxing.md", "en", "'en' is not a translated locale"),
    ("policies/hate-speech/hate-speech.es.md", "fr", "is neither a policy or process page nor one of the handbook's pages"),
    ("docs/index.es.md", "fr", "is neither a policy or process page nor one of the handbook's pages"),
    ("docs/index.md", "fr", "docs/index.fr.md already exists"),
])
def test_new_translation_refuses_what_it_cannot_translate(tmp_handbook, source, locale, message):
    result = tmp_handbook.cli("new", "translation", str(tmp_handbook.root / source), "--locale", locale)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_new_translation_of_a_broken_source_says_to_fix_it_first(tmp_handbook):
    page = tmp_handbook.root / "policies/privacy/doxxing.md"
    page.write_text(page.read_text().replace("\nseverity: sev1", "\nseverity: sev9"), "utf-8")
    result = tmp_handbook.cli("new", "translation", str(page), "--locale", "es")
    assert result.returncode == 2
    assert "policies/privacy/doxxing.md has errors; fix them first (policybook check policies/privacy/doxxing.md)" in result.stderr
    assert not (tmp_handbook.root / "policies/privacy/doxxing.es.md").exists()
