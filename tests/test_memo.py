"""Answers remembered across reloads (the live preview) are the answers a fresh load gives."""

from __future__ import annotations

import pytest

from policybook import memo
from policybook.checks import run_checks
from policybook.formatters.text import line
from policybook.loading import ParseCache, load_handbook
from policybook.references import scan
from policybook.rendering import site

POLICY = "policies/hate-speech/hate-speech.md"


@pytest.fixture
def remembering():
    memo.remember()
    yield
    memo.forget()


def _report(root, cache=None) -> list[str]:
    handbook = load_handbook(root, cache=cache)
    return sorted(line(d) for d in run_checks(handbook))


def test_a_live_preview_sees_every_edit_and_reports_what_a_fresh_check_reports(tmp_handbook, remembering):
    cache = ParseCache()
    memo.next_load()
    before = _report(tmp_handbook.root, cache)
    assert not any("POL-ZZ-999" in entry for entry in before)
    page = tmp_handbook.root / POLICY
    page.write_text(page.read_text("utf-8") + "\nSee [the rule][POL-ZZ-999] and shadowban.\n", "utf-8")
    memo.next_load()
    remembered = _report(tmp_handbook.root, cache)
    memo.forget()
    fresh = _report(tmp_handbook.root)
    assert remembered == fresh != before
    assert any("POL-ZZ-999" in entry and entry.startswith(POLICY) for entry in remembered)
    assert any("TERM002" in entry and "shadowban" in entry for entry in remembered)


def test_a_rendered_page_is_the_same_remembered_or_not(tmp_handbook, remembering):
    memo.next_load()
    handbook = load_handbook(tmp_handbook.root)
    document = handbook.by_path[POLICY]
    first = site.render(handbook, POLICY, document.body, "en")
    memo.next_load()
    again = site.render(load_handbook(tmp_handbook.root), POLICY, document.body, "en")
    memo.forget()
    assert first == again == site.render(handbook, POLICY, document.body, "en")


def test_answers_a_load_did_not_ask_for_are_forgotten_after_the_next(remembering):
    calls = []

    @memo.remembered
    def length(text: str) -> list[int]:
        calls.append(text)
        return [len(text)]

    memo.next_load()
    assert length("a") == [1] and length("a") == [1]
    answer = length("bb")
    answer.append(99)  # callers get copies: the remembered answer is untouched
    assert length("bb") == [2]
    memo.next_load()
    assert length("a") == [1]  # from the previous load
    memo.next_load()  # "bb" was not asked for in the last load
    assert length("bb") == [2]
    assert calls == ["a", "bb", "bb"]


def test_nothing_is_remembered_unless_a_front_end_asks():
    text = "[x][POL-HS-001]"
    assert scan(text) == scan(text) and scan(text) is not scan(text)


def test_a_reload_sees_an_edit_that_keeps_the_file_size(tmp_handbook):
    cache = ParseCache()
    page = tmp_handbook.root / POLICY
    text = page.read_text("utf-8")
    before = load_handbook(tmp_handbook.root, cache=cache).by_path[POLICY]
    assert load_handbook(tmp_handbook.root, cache=cache).by_path[POLICY] is before  # not even read again
    page.write_text(text.replace("title: ", "title: X", 1).replace("\n\n", "\n", 1), "utf-8")
    assert page.stat().st_size == len(text.encode("utf-8"))
    after = load_handbook(tmp_handbook.root, cache=cache).by_path[POLICY]
    assert after.meta.title == "X" + before.meta.title
