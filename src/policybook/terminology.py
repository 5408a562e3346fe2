"""Glossary terms in prose: where a page uses a concept, and with which word.

A `TermIndex` holds one locale's glossary as a single compiled pattern (a trie of every approved
term, alias and deprecated synonym), so finding terms costs one pass over a page whatever the
size of the glossary. Matching is leftmost-longest on whole words: an approved term that contains
a deprecated word ("designated terrorist organisation" holds "terrorist") is consumed whole, so
the deprecated word inside it is never reported. Whitespace in a term matches any run of
whitespace, line breaks included.

What is not prose never matches. `prose_text` masks code, comments, URLs, link destinations,
reference labels, raw HTML tags, attribute lists and quotations that opt out; `linkable_text` also
masks headings, link text, image alt text and admonition titles, where a term must not become a
link. Masking overwrites characters and keeps newlines, so offsets stay file positions.

Quotations opt out with the HTML quotation element, `<q>child pornography</q>`, or for a longer
passage between `<!-- terminology: off -->` and `<!-- terminology: on -->`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from policybook.documents import Kind
from policybook.handbook import Handbook
from policybook.model import DeprecatedTerm, Glossary, GlossaryEntry
from policybook.references import Reference, RefKind, blanked, mask_code, opening_bracket
from policybook.yamldata import Location, YamlData
from policybook.memo import Same, remembered

MASK = "\x1a"
"""What masked characters become: neither a word character nor whitespace, so no term spans it."""

PROSE_KEYS = frozenset({"title", "summary", "description", "when", "note", "text", "role", "triggers", "inputs", "outputs"})
"""Front-matter fields rendered as prose on the page. `law` is left out: statutes are cited by
their official titles, which may use words the glossary deprecates."""

# Arabic short vowels, tanween, shadda, sukun, superscript alef, Quranic marks, and tatweel: written
# or left out at the writer's choice, so they never decide whether a word is a term.
_ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_MARKS = re.compile(f"[{_ARABIC_MARKS}]")
_UNIFIED = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "’": "'", "\u2011": "-"}
_ALEFS = str.maketrans(_UNIFIED)
_SPACES = re.compile(r"\s+")
# Arabic writes conjunctions and prepositions as one word with what follows (و، ف، ب، ك، ل):
# "والتنمر" is "and" + "التنمر". One of each kind may precede a term.
_PROCLITIC = "(?:[وف](?=\\w))?(?:[بكل](?=\\w))?"

_OPT_OUT = re.compile(
    r"<q(?:\s[^>]*)?>(?:(?!\n[ \t]*\n).)*?</q>|<!--\s*terminology:\s*off\s*-->.*?(?:<!--\s*terminology:\s*on\s*-->|\Z)",
    re.S | re.I,
)
# What is not prose, as a few patterns that each start with a literal character: the regular
# expression engine skips ahead to that character, several times faster than one alternation.
_NOT_PROSE = (
    re.compile(
        r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"  # raw HTML tags (their text content stays prose)
        r"|<[a-zA-Z][\w+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>"  # autolinks
        r"|\]\((?:<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"  # link destinations
        r"|\]\[[^\[\]\n]*\]"  # reference labels: [text][POL-HS-001], [text][term:ID]
        r"|\{:?[ \t]*[#.][^}\n]*\}|\{:[^}\n]*\}"  # attribute lists
        r"|&#?\w+;"  # character references
    ),
    re.compile(r"https?://[^\s<>)\]]+"),  # bare URLs
    re.compile(r"www\.[^\s<>)\]]+"),
    re.compile(r"ftp://[^\s<>)\]]+"),
)
_NOT_PROSE_LINES = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:.*$"  # reference definitions
    r"|^:::[ \t][^\n]*(?:\n[ \t]+[^\n]*)*",  # mkdocstrings directives and their options
    re.M,
)
_NOT_LINKABLE = re.compile(
    r"^ {0,3}#{1,6}(?:[ \t][^\n]*)?$"  # ATX headings
    r"|!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]"  # images, with their alt text
    r"|^[ \t]*(?:!!!|\?\?\?\+?)[^\n]*$"  # admonition and details titles
    r"|<a\b[^>]*>.*?</a>",  # raw HTML links
    re.M | re.S,
)


class FormKind(str, Enum):
    """How a glossary entry lists a word."""

    term = "term"
    alias = "alias"
    deprecated = "deprecated"


@dataclass(frozen=True)
class Form:
    """One word or phrase of a glossary entry, as written there."""

    text: str
    concept: str
    """The entry's ID."""
    kind: FormKind
    deprecated: DeprecatedTerm | None = None
    """For deprecated synonyms: what to use instead, how bad it is, why."""
    location: Location = ()
    """Where the glossary file lists it, e.g. `("entries", 3, "aliases", 1)`."""

    @cached_property
    def exact_case(self) -> bool:
        """Acronyms and names with inner capitals (CSAM, CP, SoR, CyberTipline) match only as written,
        so "cp" or "sor" in ordinary prose never count."""
        return any(char.isupper() for char in self.text[1:])

    @property
    def approved(self) -> bool:
        """Whether writers may use it."""
        return self.kind is not FormKind.deprecated


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary form found in a text, by character offsets."""

    start: int
    end: int
    form: Form

    @property
    def concept(self) -> str:
        return self.form.concept


def fold(text: str) -> str:
    """The comparison key of a word or phrase: lowercase, single spaces, Arabic marks and hamza
    seats ignored."""
    text = _MARKS.sub("", unicodedata.normalize("NFC", text)).translate(_ALEFS)
    return _SPACES.sub(" ", text.strip()).lower()


def _char_pattern(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


def _matchable(text: str) -> tuple[str, list[int]]:
    """`text` as the pattern sees it, and where Arabic marks were dropped from it.

    Hamza seats and apostrophes are unified character for character; marks are removed, and the
    returned positions (`removed_at`) let `_original` map offsets back to `text`.
    """
    # `str.translate` goes character by character, costing more than matching the terms; most
    # pages hold none or few of these characters, and replacing each is a scan in C.
    for char, unified in _UNIFIED.items():
        if char in text:
            text = text.replace(char, unified)
    lowered = text.lower()
    # Matching lowercase text with a lowercase pattern is several times faster than IGNORECASE.
    # The few characters whose lowercase is longer ("İ") keep their case, so offsets hold.
    text = lowered if len(lowered) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not _MARKS.search(text):
        return text, []
    removed_at = [match.start() - index for index, match in enumerate(_MARKS.finditer(text))]
    return _MARKS.sub("", text), removed_at


def _same_case(written: str, form: str) -> bool:
    return _SPACES.sub(" ", _MARKS.sub("", written)) == _SPACES.sub(" ", form)


def compound(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is part of a hyphenated compound ("Hash-Sharing-Datenbank")."""
    return (start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()) or (
        end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum())


def _original(offset: int, removed_at: list[int]) -> int:
    return offset + bisect_right(removed_at, offset) if removed_at else offset


def _trie_pattern(trie: dict[str, Any]) -> str:
    """A regular expression matching exactly the keys of `trie`, longest first at each step."""
    branches = [_char_pattern(char) + _trie_pattern(child) for char, child in sorted(trie.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in trie:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in trie else "")


class TermIndex:
    """Every form of one locale's glossary, compiled into one pattern."""

    def __init__(self, glossary: Glossary):
        self.locale = glossary.locale
        self.entries: dict[str, GlossaryEntry] = {}
        self.forms: dict[str, Form] = {}
        """Forms by `fold`ed text; the first entry to list a text keeps it (conflicts are reported by a check)."""
        self.conflicts: list[tuple[Form, Form]] = []
        """(form kept, form that repeats it in another entry or as another kind)."""
        for number, entry in enumerate(glossary.entries):
            self.entries.setdefault(entry.id, entry)
            self._add(Form(entry.term, entry.id, FormKind.term, location=("entries", number, "term")))
            for index, alias in enumerate(entry.aliases):
                self._add(Form(alias, entry.id, FormKind.alias, location=("entries", number, "aliases", index)))
        # Deprecated synonyms last, so an approved form always wins a conflict.
        for number, entry in enumerate(glossary.entries):
            for index, deprecated in enumerate(entry.deprecated):
                self._add(Form(deprecated.term, entry.id, FormKind.deprecated, deprecated,
                               ("entries", number, "deprecated", index, "term")))
        self._contracted: dict[str, str] = {}
        self._known: dict[str, Form | None] = {}
        self._pattern = self._compile()

    def _add(self, form: Form) -> None:
        key = fold(form.text)
        if not key:
            return
        kept = self.forms.get(key)
        if kept is None:
            self.forms[key] = form
        elif kept.concept != form.concept or kept.kind is not form.kind and FormKind.deprecated in (kept.kind, form.kind):
            self.conflicts.append((kept, form))

    def _compile(self) -> re.Pattern[str] | None:
        arabic = self.locale.split("-")[0] == "ar"
        keys = list(self.forms)
        if arabic:
            # "ل" before the article "ال" drops its alef: "لل" + word. With the proclitic "ل"
            # taken off, "للاستدراج" leaves "لاستدراج", which stands for "الاستدراج".
            for key in keys:
                if key.startswith("ال") and len(key) > 3:
                    self._contracted.setdefault("ل" + key[2:], key)
            keys += [key for key in self._contracted if key not in self.forms]
        trie: dict[str, Any] = {}
        for key in keys:
            node = trie
            for char in key:
                node = node.setdefault(char, {})
            node[""] = {}
        if not trie:
            return None
        pattern = (
            rf"(?<![^\W_])(?P<pre>{_PROCLITIC if arabic else ''})(?P<form>{_trie_pattern(trie)})(?![^\W_])"
        )
        return re.compile(pattern)

    def _form(self, written: str) -> Form | None:
        """The form a matched text stands for (memoised: the same words recur on every page)."""
        key = _SPACES.sub(" ", written) if not written.isalnum() else written
        form = self.forms.get(key) or self.forms.get(self._contracted.get(key, ""))
        self._known[written] = form
        return form

    def find(self, text: str) -> list[TermMatch]:
        """Every glossary form in `text` (already masked), leftmost-longest, in order."""
        return _find(self, text)

    def _find(self, text: str) -> list[TermMatch]:
        """`find`, computed.

        A match inside an earlier one is part of a longer term ("terrorist" in "designated
        terrorist organisation") and is not reported; one that crosses its end is a term of its own
        ("listas de hashes perceptuales" uses both "listas de hashes" and "hashes perceptuales").
        """
        if self._pattern is None:
            return []
        found: list[TermMatch] = []
        matchable, removed_at = _matchable(text)
        known, missing = self._known, self
        reached = 0  # the end of the furthest match so far
        for match in self._pattern.finditer(matchable):
            start, end = match.span()
            if end <= reached:
                continue
            written = match.group("form")
            form = known.get(written, missing)
            if form is missing:
                form = self._form(written)
            if form is None:
                continue
            if form.exact_case and not _same_case(text[_original(match.start("form"), removed_at):_original(end, removed_at)], form.text):
                continue
            found.append(TermMatch(_original(start, removed_at), _original(end, removed_at), form) if removed_at
                         else TermMatch(start, end, form))
            reached = end
            if not written.isalnum():  # only a match of several words can have another starting inside it
                reached = self._crossing(matchable, text, removed_at, start, end, found)
        return found

    def _crossing(self, matchable: str, text: str, removed_at: list[int], start: int, end: int,
                  found: list[TermMatch]) -> int:
        """Add the matches that start inside [start, end) and end after it; the new furthest end."""
        reached = end
        crossing = self._pattern.search(matchable, start + 1)
        while crossing is not None and crossing.start() < end:
            form = self._form(crossing.group("form"))
            if crossing.end() > reached and form is not None and not form.exact_case:
                found.append(TermMatch(_original(crossing.start(), removed_at), _original(crossing.end(), removed_at), form))
                reached = crossing.end()
            crossing = self._pattern.search(matchable, crossing.start() + 1)
        return reached

    def preferred(self, form: Form) -> str:
        """The approved term to use instead of a deprecated form (its `use`, else the entry's term)."""
        if form.deprecated is not None:
            return form.deprecated.use
        return self.entries[form.concept].term


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span overwritten by MASK, newlines kept."""
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in sorted(spans):
        if end <= position:
            continue
        start = max(start, position)
        pieces += [text[position:start], blanked(text[start:end], MASK)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


@remembered
def prose_text(markdown: str, *, quotations: bool = True) -> str:
    """`markdown` with everything that is not prose masked (same length, same lines).

    `quotations=False` keeps the quotations that opt out of terminology checks (spelling wants them).
    """
    spans = [match.span() for match in _OPT_OUT.finditer(markdown)] if quotations and "<" in markdown else []
    text = _masked(mask_code(markdown, fill=MASK), spans)
    patterns = _NOT_PROSE + ((_NOT_PROSE_LINES,) if "]:" in text or ":::" in text else ())
    return _masked(text, [match.span() for pattern in patterns for match in pattern.finditer(text)])


# A setext heading is found from its underline: a pattern matching the text line above it first
# backtracks through every split of every long paragraph line, at a cost growing with the square
# of its length.
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.M)


def linkable_text(markdown: str) -> str:
    """`prose_text` with headings, links, images and admonition titles masked too: where a
    glossary link may be added."""
    text = prose_text(markdown)
    spans = [match.span() for match in _NOT_LINKABLE.finditer(text)]
    for underline in _SETEXT_UNDERLINE.finditer(text):
        above = text.rfind("\n", 0, max(underline.start() - 1, 0)) + 1
        if underline.start() > 0 and text[above : underline.start() - 1].strip():
            spans.append((above, underline.end()))
    if "](" in markdown or "][" in markdown:
        spans += _link_texts(mask_code(markdown, fill=MASK))
    return _masked(text, spans)


_LINK_TEXT_END = re.compile(r"\](?=[(\[])")


def _link_texts(text: str) -> list[tuple[int, int]]:
    """The `[text]` of every inline or reference link in `text` (code already masked).

    Found from the `](` or `][` that ends it, back to its opening bracket (nested brackets
    counted, never across a blank line): `prose_text` has masked the destinations and labels by
    then, and a pattern matching from every `[` forwards costs far more.
    """
    spans = []
    for end in _LINK_TEXT_END.finditer(text):
        start = opening_bracket(text, end.start())
        if start is not None:
            spans.append((start, end.end()))
    return spans


def position(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """File (line, column) of an offset into `text`, whose first line is file line `first_line`."""
    line = text.count("\n", 0, offset)
    return first_line + line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def prose_fields(data: Any, location: Location = ()) -> list[tuple[Location, str]]:
    """The front-matter strings rendered as prose (see `PROSE_KEYS`), with where they are, in order."""
    found: list[tuple[Location, str]] = []

    # A list rather than nested generators: this walks every page's front-matter on every check.
    def walk(value: Any, location: Location, prose: bool) -> None:
        if type(value) is str:
            if prose:
                found.append((location, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*location, key), key in PROSE_KEYS if isinstance(key, str) else prose)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*location, index), prose)

    last_key = next((part for part in reversed(location) if isinstance(part, str)), None)
    walk(data, location, last_key in PROSE_KEYS)
    return found


@remembered(key=lambda data: Same(data))
def _prose_fields(data: Any) -> list[tuple[Location, str]]:
    return prose_fields(data)


@dataclass(frozen=True)
class PageTerms:
    """The glossary terms one page uses, found once and shared by the checks and renderings."""

    path: str
    locale: str
    body: list[TermMatch]
    """Matches in the body; offsets into the page's body."""
    fields: list[tuple[Location, TermMatch]]
    """Matches in front-matter prose; offsets into the field's string."""
    explicit: list[Reference] = field(default_factory=list)
    """`[text][term:ID]` references in the body."""

    @property
    def concepts(self) -> set[str]:
        """IDs of every concept the page uses, by any word or by explicit reference."""
        found = {match.concept for match in self.body} | {match.concept for _, match in self.fields}
        return found | {reference.target for reference in self.explicit}


@dataclass(frozen=True)
class TermPage:
    """A page whose prose is scanned for terms."""

    path: str
    locale: str
    body: str
    body_line: int
    yaml: YamlData | None = None
    """The front-matter, for pages that have a model (policies, processes, translations)."""
    title: str | None = None
    uri: str = ""
    """Its path in the site of its locale (a translation takes its source's place)."""


def term_pages(handbook: Handbook) -> list[TermPage]:
    """Every page with prose: policies, processes, translations and the handbook's own pages."""
    cached: list[TermPage] | None = handbook.__dict__.get("_term_pages")
    if cached is None:
        cached = handbook.__dict__["_term_pages"] = _collect_pages(handbook)
    return cached


def term_page(handbook: Handbook, path: str) -> TermPage | None:
    """The page at repository `path`, if it has prose."""
    by_path: dict[str, TermPage] = handbook.__dict__.get("_term_pages_by_path") or handbook.__dict__.setdefault(
        "_term_pages_by_path", {page.path: page for page in term_pages(handbook)})
    return by_path.get(path)


def _collect_pages(handbook: Handbook) -> list[TermPage]:
    found = [TermPage(page.path, page.locale or handbook.config.source_locale, page.body, page.body_line, None,
                      page.title, page.uri) for page in handbook.site_pages]
    for document in handbook.documents:
        uri = document.source_path if document.kind is Kind.translation and document.source_path else document.path
        title = document.meta.title if document.kind is Kind.translation or not document.id else f"{document.id} {document.meta.title}"
        found.append(TermPage(document.path, document.locale, document.body, document.body_line,
                              document.yaml, title, uri))
    return found


def term_index(handbook: Handbook, locale: str) -> TermIndex | None:
    """The compiled glossary of `locale` (built once per handbook), or None without a glossary file."""
    cache: dict[str, TermIndex | None] = handbook.__dict__.setdefault("_term_indexes", {})
    if locale not in cache:
        glossary = handbook.glossaries.get(locale)
        cache[locale] = compiled(glossary) if glossary is not None else None
    return cache[locale]


@remembered(key=lambda glossary: glossary.model_dump_json())
def compiled(glossary: Glossary) -> TermIndex:
    """The glossary's index (the same one again while a live preview finds the glossary unchanged,
    so that the pages' terms found with it are remembered too)."""
    return TermIndex(glossary)


@remembered
def _find(index: TermIndex, text: str) -> list[TermMatch]:
    return index._find(text)


def handbook_prose(handbook: Handbook, markdown: str, *, linkable: bool = False) -> str:
    """`prose_text` (or `linkable_text`) with the names of registered teams masked too.

    "Violent Extremism Unit" or "Appeals Review" name a team; they are not uses of the concepts
    "violent extremism" or "appeal", and translations keep them as they are.
    """
    text = linkable_text(markdown) if linkable else prose_text(markdown)
    if "_team_names" not in handbook.__dict__:
        names = sorted((team.name for team in handbook.teams.values() if team.name.strip()), key=len, reverse=True)
        # No look-behind: a pattern starting with the names' first letters is scanned much faster.
        handbook.__dict__["_team_names"] = re.compile(
            "(?:" + "|".join(r"\s+".join(map(re.escape, name.split())) for name in names) + r")(?!\w)"
        ) if names else None
    names_pattern: re.Pattern[str] | None = handbook.__dict__["_team_names"]
    return text if names_pattern is None else _without_names(names_pattern, text)


@remembered
def _without_names(names: re.Pattern[str], text: str) -> str:
    """`text` with what `names` matches masked (a live preview asks again for every page on every save)."""
    spans = [m.span() for m in names.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum()]
    return _masked(text, spans)


_FIELD_SEPARATOR = f"\n\n{MASK}\n\n"
"""What joins a page's prose fields to scan them at once: blank lines, which no code span or
quotation crosses, around a character that no term spans."""
_CROSSES_FIELDS = ("`", "~", "<")
"""What could run from one field into the next once joined (a code span or fence, an HTML tag or comment)."""


def field_terms(handbook: Handbook, index: TermIndex, fields: list[tuple[Location, str]]) -> list[tuple[Location, TermMatch]]:
    """The terms in a page's prose fields, each with its field's location and offsets into it.

    The fields are joined and scanned once (a page has a dozen short ones, and each scan has a
    fixed cost), unless one holds something that could reach into the next.
    """
    joined = _FIELD_SEPARATOR.join(value for _, value in fields)
    if len(fields) < 2 or any(marker in joined for marker in _CROSSES_FIELDS):
        return [(location, match) for location, value in fields for match in index.find(handbook_prose(handbook, value))]
    starts, offset = [], 0
    for _, value in fields:
        starts.append(offset)
        offset += len(value) + len(_FIELD_SEPARATOR)
    found = []
    for match in index.find(handbook_prose(handbook, joined)):
        number = bisect_right(starts, match.start) - 1
        start = starts[number]
        found.append((fields[number][0], TermMatch(match.start - start, match.end - start, match.form)))
    return found


def page_terms(handbook: Handbook, page: TermPage) -> PageTerms:
    """The terms of one page in its locale's glossary (scanned once per handbook, then cached)."""
    cache: dict[str, PageTerms] = handbook.__dict__.setdefault("_page_terms", {})
    if page.path not in cache:
        index = term_index(handbook, page.locale)
        # Scanning for references costs as much as finding the terms: most pages have no
        # `[text][term:ID]`, and every one has the label's "term:" written out.
        explicit = [ref for ref in handbook.references(page.path) if ref.kind is RefKind.term] if "term:" in page.body else []
        if index is None:
            cache[page.path] = PageTerms(page.path, page.locale, [], [], explicit)
        else:
            data = page.yaml.data if page.yaml is not None else None
            fields = field_terms(handbook, index, _prose_fields(data))
            body = index.find(handbook_prose(handbook, page.body))
            cache[page.path] = PageTerms(page.path, page.locale, body, fields, explicit)
    return cache[page.path]


def usage(handbook: Handbook, locale: str) -> dict[str, list[TermPage]]:
    """For each concept ID, the pages of `locale` that use it, in path order."""
    found: dict[str, list[TermPage]] = {}
    for page in term_pages(handbook):
        if page.locale == locale:
            for concept in sorted(page_terms(handbook, page).concepts):
                found.setdefault(concept, []).append(page)
    return found


def section_of(section_lines: list[int], line: int) -> int:
    """The index of the section (by the body lines where sections start) that holds body `line`."""
    return max(bisect_right(section_lines, line) - 1, 0)
