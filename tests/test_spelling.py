"""Spelling with pyspelling and the real aspell and hunspell dictionaries (issue: terminology).

Each test plants a misspelling in a copy of the sample handbook and expects it at its line and
column, and expects nothing from the words that are not prose or that the handbook knows.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from policybook import spelling
from policybook.loading import load_handbook
from policybook.spelling import Dictionary, spell, spell_files

PAGE = "policies/privacy/doxxing.md"


def plant(tmp_handbook, relative: str, old: str, new: str) -> Path:
    path = tmp_handbook.root / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def where(path: Path, word: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if word in line:
            return number, line.index(word) + 1
    raise AssertionError(word)


def spelled(tmp_handbook, *paths: str) -> list[tuple[str, int, int, str]]:
    handbook = load_handbook(tmp_handbook.root)
    return [(d.path, d.line, d.column, d.message) for d in spell(handbook, spell_files(handbook, paths))]


def test_a_misspelling_is_found_at_its_line_and_column_with_a_suggestion(tmp_handbook):
    path = plant(tmp_handbook, PAGE, "remove private information quickly", "remove private infromation quickly")
    line, column = where(path, "infromation")
    handbook = load_handbook(tmp_handbook.root)
    [diagnostic] = spell(handbook, spell_files(handbook, [PAGE]))
    assert (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.code) == (PAGE, line, column, "SPELL001")
    assert diagnostic.end_column == column + len("infromation")
    assert diagnostic.message == "'infromation' is not in the en dictionary"
    assert diagnostic.hint == "did you mean 'information'? If the word is right, add it to docs/spelling/en.txt"


def test_front_matter_code_urls_ids_and_glossary_words_are_not_spelled(tmp_handbook):
    plant(tmp_handbook, PAGE, "title: Doxxing and private information", "title: Doxxing and privat informashun")
    path = tmp_handbook.root / PAGE
    path.write_text(path.read_text("utf-8") + "\n".join([
        "",
        "Type `frobnicate --zorp` in the tool; see https://example.com/qwxzt and [the notes](#qwxzt-notes).",
        "",
        "```text",
        "blorptastic unspellable",
        "```",
        "",
        "Shadowbanned, doxxed and CSAM cases go to [POL-CS-001][] with sev0 priority. {#zzzanchor}",
        "",
    ]), "utf-8")
    assert spelled(tmp_handbook, PAGE) == []


def test_a_spanish_misspelling_is_found_with_aspell(tmp_handbook):
    page = "policies/hate-speech/hate-speech.es.md"
    path = plant(tmp_handbook, page, "protegemos frente a la crítica", "protegemos frente a la crítcia")
    assert spelled(tmp_handbook, page) == [(page, *where(path, "crítcia"), "'crítcia' is not in the es dictionary")]


def test_an_arabic_misspelling_is_found_with_hunspell(tmp_handbook):
    page = "policies/hate-speech/hate-speech.ar.md"
    path = plant(tmp_handbook, page, "هجوم صريح", "هجوم صرييييح")
    assert spelled(tmp_handbook, page) == [(page, *where(path, "صرييييح"), "'صرييييح' is not in the ar dictionary")]


def test_glossary_definitions_are_spelled_at_their_lines(tmp_handbook):
    glossary = "docs/glossary/en.yml"
    path = plant(tmp_handbook, glossary, "Keeping content up while limiting its reach", "Keeping content up while limitting its reach")
    assert spelled(tmp_handbook, glossary) == [(glossary, *where(path, "limitting"), "'limitting' is not in the en dictionary")]


def test_a_locale_without_its_dictionary_is_reported_once_and_skipped(tmp_handbook, monkeypatch):
    monkeypatch.setitem(spelling.DICTIONARIES, "es", Dictionary("aspell", "xx_NOPE", "aspell-xx-nope"))
    handbook = load_handbook(tmp_handbook.root)
    diagnostics = spell(handbook, spell_files(handbook, locales=["es"]))
    assert [(d.code, d.level.value) for d in diagnostics] == [("SPELL002", "warning")]
    assert diagnostics[0].hint == "install the Debian package aspell-xx-nope"


def test_changed_files_mode_spells_only_what_changed_since_a_git_ref(tmp_handbook):
    plant(tmp_handbook, "policies/privacy/intimate-imagery.md", "## Rationale", "## Rationalle")  # committed: not in the change
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(git + command, cwd=tmp_handbook.root, check=True)
    path = plant(tmp_handbook, PAGE, "remove private information quickly", "remove private infromation quickly")
    result = tmp_handbook.cli("spell", "--changed-since", "HEAD", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [(PAGE, *where(path, "infromation"), "SPELL001")]


def test_cli_filters_by_locale_and_rejects_unknown_ones(tmp_handbook):
    plant(tmp_handbook, PAGE, "remove private information quickly", "remove private infromation quickly")
    assert tmp_handbook.cli("spell", "--locale", "en", str(tmp_handbook.root / PAGE)).returncode == 1
    assert tmp_handbook.cli("spell", "--locale", "es", "--locale", "ar").returncode == 0
    unknown = tmp_handbook.cli("spell", "--locale", "xx")
    assert unknown.returncode == 2 and "unknown locale xx" in unknown.stderr


def test_the_sample_handbook_spells_clean_in_every_locale():
    result = run_cli("spell")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "no problems found"


@pytest.mark.parametrize("locale, checker", [("en", "aspell"), ("es", "aspell"), ("fr", "hunspell"), ("de", "aspell"),
                                             ("pt-BR", "aspell"), ("ar", "hunspell")])
def test_every_configured_locale_has_its_dictionary_installed(locale, checker):
    dictionary = spelling.dictionary_for(locale)
    assert dictionary.checker == checker
    assert spelling.installed(dictionary), f"scripts/setup.sh should install {dictionary.package}"
