"""Spelling: every page's prose through pyspelling and a real dictionary, findings at `path:line:col`.

pyspelling reports which words a file misspells, not where. So Policybook writes, for each file,
a copy in which everything that is not prose is blanked out — front-matter, code, URLs, link
targets, reference labels, attribute lists, HTML tags, handbook IDs — keeping every line where it
is. pyspelling spells those copies; each word it reports is then found in the copy, whose line
and column are the original file's.

Words the dictionaries cannot know are generated for each run, never committed: every term,
alias and deprecated synonym of the locale's glossary (and the source glossary's, which
translations quote), team names, and the ID prefixes and area and workflow codes. Words a
handbook really needs beyond those go into `docs/spelling/<locale>.txt` (that language) and
`docs/spelling/names.txt` (names, in every language).

English, Spanish, German and Brazilian Portuguese use aspell's Debian dictionaries (German
with compounds accepted, English with British and American spellings); French and Arabic use
hunspell's, which flag far fewer correct words (see `DICTIONARIES`). A locale whose dictionary
is not installed is reported once (SPELL002) and skipped.

A full run costs about 30 s per 500 pages on 2 cores, so it is not part of `policybook check`
or the build; `--changed-since` spells only the files a pull request touches.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from policybook import diagnostics as dx
from policybook.diagnostics import Diagnostic
from policybook.handbook import Handbook
from policybook.loading import read_text
from policybook.references import blanked
from policybook.terminology import MASK, prose_text

# IDs, words with digits ("sev0", "2258A"), hashtags and e-mail addresses are not words to spell.
_IDS = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*(?=[ \t]*(?:\"|$))"  # `!!! danger pb-l10n`: markup
                  r"|\b(?:POL|PRC)-[A-Z]{2,5}-\d{3}\b|\w*\d\w*|(?<![\w&])#[\w-]+|\S+@\S+\.\w+"
                  r"|[\u0621-\u064a](?=[A-Za-z])", re.M)  # an Arabic proclitic written onto a Latin name: "وPDQ"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LATIN1 = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ'-]+$")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")
PROSE_FIELDS = frozenset({"definition", "reason"})
"""Glossary fields spelled (the terms themselves are the word list)."""


@dataclass(frozen=True)
class Dictionary:
    """Which spell checker spells a locale, with which dictionary."""

    checker: str
    """`aspell` or `hunspell`."""
    name: str
    """The dictionary's name for that checker, e.g. `en`, `pt_BR`, `fr_FR`."""
    package: str
    """The Debian package that provides it."""
    options: tuple[tuple[str, str | bool], ...] = ()
    """Further options for the checker."""


DICTIONARIES = {
    # German writes compounds as one word; aspell accepts them when their parts are words.
    "de": Dictionary("aspell", "de", "aspell-de", (("run-together", True),)),
    # On the sample handbook, aspell-fr (2003) flagged 48 correct words in 6,200, hunspell-fr 11:
    # aspell-fr knows no hyphenated imperative ("faites-le") and few current words ("ciblent").
    "fr": Dictionary("hunspell", "fr_FR", "hunspell-fr"),
    # aspell-ar flagged 1,138 correct words in 4,900 (every inflected form with an attached
    # pronoun or preposition), hunspell-ar 22.
    "ar": Dictionary("hunspell", "ar", "hunspell-ar"),
}
"""Languages not spelled with aspell's dictionary of the same name (see the module docstring)."""


def dictionary_for(locale: str) -> Dictionary:
    """The dictionary of a locale: aspell's `en`, `pt_BR`..., or the one `DICTIONARIES` names."""
    special = DICTIONARIES.get(locale) or DICTIONARIES.get(locale.split("-")[0])
    if special is not None:
        return special
    name = locale.replace("-", "_")
    return Dictionary("aspell", name, f"aspell-{locale.lower()}")


@cache
def installed(dictionary: Dictionary) -> bool:
    """Whether the checker and its dictionary are installed here."""
    binary = shutil.which(dictionary.checker)
    if binary is None:
        return False
    if dictionary.checker == "aspell":
        listed = subprocess.run([binary, "dump", "dicts"], capture_output=True, text=True, check=False).stdout.split()
        return dictionary.name in listed
    listed = subprocess.run([binary, "-D"], capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    return any(Path(line.strip()).name == dictionary.name for line in listed.stderr.splitlines() if line.startswith("/"))


def spelling_text(markdown: str) -> str:
    """The prose of a Markdown body for spelling: everything else blanked, lines kept."""
    text = prose_text(markdown, quotations=False).replace(MASK, " ").replace("’", "'")
    return _IDS.sub(lambda match: " " * len(match.group(0)), text)


def page_text(raw: str, body_line: int) -> str:
    """A page file for spelling: front-matter blanked, body as `spelling_text`."""
    lines = raw.split("\n")
    head = "\n".join(blanked(line) for line in lines[: body_line - 1])
    body = "\n".join(lines[body_line - 1:])
    return (head + "\n" if body_line > 1 else "") + spelling_text(body)


def glossary_text(raw: str) -> str:
    """A glossary file for spelling: only definitions and reasons kept, at their places."""
    try:
        root = yaml.compose(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return blanked(raw)
    keep: list[tuple[int, int]] = []
    pending: list[yaml.Node] = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in PROSE_FIELDS and isinstance(value, yaml.ScalarNode):
                    keep.append((value.start_mark.index, value.end_mark.index))
                else:
                    pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
    pieces, position = [], 0
    for start, end in sorted(keep):
        pieces += [blanked(raw[position:start]), spelling_text(raw[start:end])]
        position = end
    pieces.append(blanked(raw[position:]))
    return "".join(pieces)


@dataclass(frozen=True)
class SpellFile:
    """One file to spell, as the checker sees it."""

    path: str
    locale: str
    text: str
    """Prose only, at the original lines and columns."""


def spell_files(handbook: Handbook, paths: Iterable[str] | None = None, locales: Iterable[str] | None = None) -> list[SpellFile]:
    """The files to spell (every page and glossary file, or those among `paths`), with their text."""
    wanted = set(paths) if paths is not None else None
    chosen = set(locales) if locales is not None else None
    candidates: list[tuple[str, str, int | None]] = [(page.path, page.locale or handbook.config.source_locale,
                                                      page.body_line) for page in handbook.site_pages]
    candidates += [(d.path, d.locale, d.body_line) for d in handbook.documents]
    folder = handbook.config.glossary.rstrip("/")
    candidates += [(f"{folder}/{locale}.yml", locale, None) for locale in handbook.glossaries]
    found = []
    for path, locale, body_line in sorted(candidates):
        if (wanted is not None and path not in wanted) or (chosen is not None and locale not in chosen):
            continue
        raw, _ = read_text(handbook.root, path)
        if raw is not None:
            found.append(SpellFile(path, locale, glossary_text(raw) if body_line is None else page_text(raw, body_line)))
    return found


def known_words(handbook: Handbook, locale: str) -> set[str]:
    """Words no dictionary has but the handbook uses correctly: glossary, teams, IDs, word lists."""
    texts: list[str] = [handbook.config.title, handbook.config.organisation, "POL PRC"]
    for code in {locale, handbook.config.source_locale}:
        glossary = handbook.glossaries.get(code)
        for entry in glossary.entries if glossary else []:
            texts += [entry.term, *entry.aliases, *(term.term for term in entry.deprecated)]
    texts += [team.name for team in handbook.teams.values()]
    texts += [area.code for area in handbook.config.areas.values()]
    texts += [workflow.code for workflow in handbook.config.workflows.values()]
    words = {part for text in texts for word in _WORD.findall(text) for part in (word, *re.split(r"[-'’]", word)) if part}
    for name in ("names.txt", f"{locale}.txt"):
        listed, _ = read_text(handbook.root, f"{word_list_folder(handbook)}/{name}")
        words.update(line.strip() for line in (listed or "").splitlines() if line.strip() and not line.startswith("#"))
    # hunspell reads Arabic without its short vowels, so a listed word must be known without them too
    return words | {_ARABIC_MARKS.sub("", word) for word in words if _ARABIC_MARKS.search(word)}


def word_list_folder(handbook: Handbook) -> str:
    """Where the project's own word lists live: `docs/spelling/`."""
    return f"{handbook.config.docs_dir.rstrip('/')}/spelling"


def _config(work: Path, files: list[SpellFile], handbook: Handbook, dictionary: Dictionary, locales: list[str]) -> Path:
    """A pyspelling configuration spelling `locales` with `dictionary`."""
    matrix = []
    for locale in locales:
        words = known_words(handbook, locale)
        if dictionary.checker == "aspell":
            words = {word for word in words if _LATIN1.match(word)}  # aspell refuses others in a Latin dictionary
        if locale.split("-")[0] == "en":
            words |= {word + "'s" for word in words if word[:1].isupper()}  # "Clipwave's", "NCMEC's"
        word_file = work / f"words-{locale}.txt"
        word_file.write_text("\n".join(sorted(words)) + "\n", "utf-8")
        options: dict[str, str | bool] = {"d": dictionary.name, **dict(dictionary.options)}
        if dictionary.checker == "aspell":
            options["lang"] = dictionary.name
        matrix.append({
            "name": locale,
            "sources": [str(work / locale / "**" / "*.txt")],
            "default_encoding": "utf-8",
            dictionary.checker: options,
            "dictionary": {"wordlists": [str(word_file)], "output": str(work / f"{locale}.dic"), "encoding": "utf-8"},
            "pipeline": [{"pyspelling.filters.text": {}}],
        })
    for spell_file in files:
        copy = work / spell_file.locale / (spell_file.path + ".txt")
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(spell_file.text, "utf-8")
    config = work / f"pyspelling-{dictionary.checker}.yml"
    config.write_text(yaml.safe_dump({"spellchecker": dictionary.checker, "matrix": matrix}, allow_unicode=True), "utf-8")
    return config


def suggestions(dictionary: Dictionary, words: Iterable[str]) -> dict[str, str]:
    """The checker's first suggestion for each word, through its ispell-compatible pipe (`-a`)."""
    words = sorted(set(words))
    if not words:
        return {}
    command = [dictionary.checker, "-a", "-d", dictionary.name]
    command += [f"--{key}" for key, value in dictionary.options if value is True]
    try:
        output = subprocess.run(command, input="".join(f"^{word}\n" for word in words), capture_output=True,
                                text=True, encoding="utf-8", check=False, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found = {}
    for line in output.splitlines():
        if line.startswith("& "):  # "& word count offset: first, second, ..."
            head, _, listed = line.partition(": ")
            found[head.split(" ")[1]] = listed.split(", ")[0]
    return found


def locate(spell_file: SpellFile, word: str) -> list[tuple[int, int]]:
    """Every (line, column) where `word` stands as a whole word in the file's text."""
    pattern = re.compile(r"(?<![\w'’])" + re.escape(word) + r"(?![\w])")
    found = []
    for match in pattern.finditer(spell_file.text):
        line = spell_file.text.count("\n", 0, match.start()) + 1
        found.append((line, match.start() - (spell_file.text.rfind("\n", 0, match.start()) + 1) + 1))
    return found


class SpellingUnavailable(Exception):
    """pyspelling is not installed."""


def spell(handbook: Handbook, files: list[SpellFile], *, jobs: int | None = None) -> list[Diagnostic]:
    """Spell `files`; a diagnostic per misspelled word occurrence and per missing dictionary.

    Raises:
        SpellingUnavailable: when pyspelling is not installed.
    """
    try:
        from pyspelling import spellcheck
    except ImportError as error:  # the `site` extra brings it
        raise SpellingUnavailable("pyspelling is not installed (pip install 'policybook[site]')") from error
    diagnostics: list[Diagnostic] = []
    by_dictionary: dict[Dictionary, list[str]] = {}
    for locale in sorted({f.locale for f in files}):
        dictionary = dictionary_for(locale)
        if installed(dictionary):
            by_dictionary.setdefault(dictionary, []).append(locale)
        else:
            first = min(f.path for f in files if f.locale == locale)
            diagnostics.append(Diagnostic.of(dx.NO_DICTIONARY, first, 0, 0,
                                             f"no {dictionary.checker} dictionary '{dictionary.name}' for locale '{locale}': "
                                             f"its files were not spelled", hint=f"install the Debian package {dictionary.package}"))
    with tempfile.TemporaryDirectory(prefix="policybook-spell-") as folder:
        work = Path(folder)
        by_copy = {str(work / f.locale / (f.path + ".txt")): f for f in files}
        for dictionary, locales in by_dictionary.items():
            config = _config(work, [f for f in files if f.locale in locales], handbook, dictionary, locales)
            found: list[tuple[SpellFile, str]] = []
            for result in spellcheck(str(config), names=locales, jobs=jobs or min(4, os.cpu_count() or 1)):
                spell_file = by_copy.get(result.context)
                # "A" and "B" name categories; a lone letter is never a typo worth a line
                found += [(spell_file, word) for word in result.words if spell_file is not None and len(word) > 1]
            suggested = suggestions(dictionary, (word for _, word in found))
            for spell_file, word in found:
                fix = f"did you mean '{suggested[word]}'? If the word is right, add it" if word in suggested else "add the word"
                for line, column in locate(spell_file, word):
                    diagnostics.append(Diagnostic.of(
                        dx.MISSPELLED, spell_file.path, line, column, f"'{word}' is not in the {spell_file.locale} dictionary",
                        hint=f"{fix} to {word_list_folder(handbook)}/{spell_file.locale}.txt", end_column=column + len(word)))
    return sorted(diagnostics)

