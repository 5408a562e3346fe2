"""The built handbook site: a real strict MkDocs build of the sample handbook."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from policybook.model import Policy, Status

EDIT_BASE = "https://git.clipwave.example/trust-safety/handbook/-/edit/main/"


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


def card(markup: str) -> str:
    match = re.search(r'<div class="pb-card"[^>]*>(.*?)</dl>', markup, re.S)
    assert match, "the page has no metadata card"
    return text(match.group(1))


def test_every_active_policy_is_in_every_generated_index(site, sample):
    indexes = {name: html(site, name) for name in ("policies", "policies/by-severity", "policies/by-dsa-category")}
    for document in sample.policies:
        meta = document.meta
        assert isinstance(meta, Policy)
        area_index = html(site, f"policies/{meta.area}")
        link = f'{document.slug}/'
        if meta.status is Status.retired:
            retired_section = indexes["policies"].split('id="retired"')[1]
            assert meta.id in retired_section
            assert meta.id not in indexes["policies/by-severity"]
            continue
        for name, markup in {**indexes, "area": area_index}.items():
            assert meta.id in markup, f"{meta.id} missing from {name}"
        assert f'href="{link}"' in area_index


def test_policy_page_shows_its_metadata_card(site, sample):
    meta = sample.policy("POL-HS-001")
    shown = card(html(site, "policies/hate-speech/hate-speech"))
    team = sample.teams[meta.owner]
    for expected in (
        "ID POL-HS-001", f"Active · version {meta.version} · effective", team.name,
        team.escalation.name, team.escalation.channel, "Remove (1 strike)", "Terminate account",
        "Regions Global · DE · FR · IN", "Illegal or harmful speech", "next review due",
    ):
        assert expected in shown, expected
    page = html(site, "policies/hate-speech/hate-speech")
    assert 'id="POL-HS-001"' in page  # the H1 carries the ID: [text][POL-HS-001] links here
    assert "Regional notes" in page and "Strafgesetzbuch" in page
    assert 'href="../../../teams/#hate-harassment-policy"' in page


def test_process_page_shows_card_raci_sla_and_steps(site, sample):
    page = html(site, "processes/user-reports/intake")
    shown = card(page)
    assert "ID PRC-UR-001" in shown and "segment 1 of" in shown and "15 minutes" in shown
    assert 'id="step-emergency"' in page and 'id="roles"' in page
    assert "Next: " in text(page) and 'href="../triage-and-routing/"' in page


def test_retired_policy_says_what_replaces_it_and_is_flagged_in_navigation(site):
    page = html(site, "policies/hate-speech/hateful-conduct-2023")
    assert "Retired policy" in page and 'href="../hate-speech/"' in page
    assert 'class="md-status md-status--retired"' in page
    assert "md-status--active" not in page


def test_workflow_index_lists_segments_in_order(site, sample):
    page = text(html(site, "processes/user-reports"))
    titles = [d.meta.title for d in sample.processes if d.folder == "user-reports"]
    positions = [page.index(title) for title in titles]
    assert len(titles) >= 5 and positions == sorted(positions)


def test_edit_links_point_at_the_real_source_files(site):
    assert f'href="{EDIT_BASE}policies/hate-speech/hate-speech.md"' in html(site, "policies/hate-speech/hate-speech")
    assert f'href="{EDIT_BASE}docs/guides/reading.md"' in html(site, "guides/reading")
    assert EDIT_BASE not in html(site, "policies")  # generated pages have no source to edit


def test_cross_references_by_id_resolve_to_links(site):
    page = html(site, "processes/user-reports/intake")
    assert re.search(r'<a[^>]+href="../triage-and-routing/#PRC-UR-002"[^>]*>triage and\s+routing</a>', page)
    assert "[PRC-UR-002]" not in page


class _Loads(HTMLParser):
    """Every URL an HTML page makes the browser fetch (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and (values.get("rel") or "") not in ("canonical", "alternate") and values.get("href"):
            self.urls.append(values["href"] or "")


def test_nothing_is_loaded_from_another_host(site):
    for page in site.rglob("*.html"):
        markup = page.read_text("utf-8")
        loads = _Loads()
        loads.feed(markup)
        assert [url for url in loads.urls if re.match(r"(?:[a-z]+:)?//", url)] == [], page
        assert "fonts.googleapis" not in markup and "fonts.gstatic" not in markup
        assert "md-source" not in markup  # no repository widget calling a forge API


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    for name in ("policybook.yml", "mkdocs.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    for folder in ("docs", "hooks", "policies", "processes"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("previous build")
    policy = tmp_path / "policies/hate-speech/hate-speech.md"
    policy.write_text(policy.read_text().replace("owner: hate-harassment-policy", "owner: nobody"))
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "policies/hate-speech/hate-speech.md:11:1: error[TEAM001]: owner 'nobody' is not in the team registry" in output
    assert "Traceback" not in output
    assert (previous / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_pages_list_what_refers_to_them(site, sample):
    page = html(site, "policies/hate-speech/hate-speech")
    section = text(page.split('id="referenced-by"')[1].split('id="changelog"')[0])
    for source in ("POL-HS-002 Slurs and coded hate", "PRC-UR-003"):
        assert source in section
    assert "POL-HS-001 Hate speech" not in section  # never itself


def test_diagnostics_reference_page_lists_every_code(site):
    from policybook.diagnostics import CODES

    page = html(site, "reference/diagnostics")
    for code in CODES.values():
        section = page.split(f'id="{code.code.lower()}"')[1].split("<h2")[0]
        shown = " ".join(text(section).split())
        assert "Reported when:" in shown and "How to fix it:" in shown, code.code
        assert code.title.split("`")[0].strip() in shown, code.code


def test_glossary_terms_link_once_with_a_tooltip_and_synonyms_are_searchable(site):
    import json

    page = html(site, "policies/hate-speech/hate-speech")
    prose = page.split('id="policy-enforcement"')[0]
    links = re.findall(r'<a href="[./]*glossary/#visibility-reduction" title="([^"]+)">([^<]+)</a>', prose)
    assert links == [("Keeping content up while limiting its reach, for example by excluding it from the For You feed "
                      "and search suggestions.", "reduced visibility")]  # the first use only, with the tooltip
    assert not re.search(r"<h[1-6][^>]*>[^\n]*glossary/#", page)  # never in a heading
    terms = page.split('id="terms-on-this-page"')[1]
    assert "<del>shadowban</del>" in terms
    glossary = html(site, "glossary")
    entry = glossary.split('id="visibility-reduction"')[1].split("<h3")[0]
    assert "<del>shadowban</del>" in entry and "POL-HS-001 Hate speech" in text(entry)
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    found = {doc["location"] for doc in index["docs"] if "shadowban" in doc["text"].lower()}
    assert "glossary/#visibility-reduction" in found
    assert "policies/hate-speech/hate-speech/#terms-on-this-page" in found
