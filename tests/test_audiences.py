"""Audiences, tested as an attacker would: canaries in every restricted page and block, then every
byte of every other audience's output searched for them."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from conftest import TmpHandbook, run_cli
from policybook.audiences import restricted_blocks, strip_restricted, unlink_restricted

LE002 = "processes/law-enforcement/authority-reporting.md"
CSE = "policies/child-safety/child-sexual-exploitation.md"
THREAT = "processes/law-enforcement/threat-assessment.md"

CANARIES = {
    "page": "CANARY-PAGE-7f3a",            # body of PRC-LE-002 (child-safety, law-enforcement-response)
    "title": "CANARYTITLE-c41d",           # its title: must not leak through indexes or "Referenced by"
    "translation": "CANARY-ES-9b20",       # its Spanish translation
    "cs-block": "CANARY-CSBLOCK-55e1",     # a child-safety block inside a public policy
    "le-block": "CANARY-LEBLOCK-0d7c",     # a law-enforcement-response block inside a public process
    "docs": "CANARY-DOCS-a8b2",            # a docs page for ts-operations only
}
SEES = {  # audience -> canaries it may read
    None: set(),
    "child-safety": {"page", "title", "translation", "cs-block"},
    "law-enforcement-response": {"page", "title", "translation", "le-block"},
}


def _plant(handbook: TmpHandbook) -> None:
    root = handbook.root
    page = root / LE002
    text = page.read_text("utf-8").replace("title: Authority reporting", f"title: Authority reporting {CANARIES['title']}", 1)
    page.write_text(text + f"\nThe referral desk code word is {CANARIES['page']}.\n", "utf-8")
    handbook.write(LE002.replace(".md", ".es.md"), (
        "---\ntitle: Denuncia a las autoridades\ntranslated_from:\n  version: 1.0.0\n"
        "  digest: sha256:" + "0" * 64 + "\ntranslators: [Clipwave Localization (es)]\n---\n\n"
        f"Palabra clave: {CANARIES['translation']}.\n"
    ))
    cse = root / CSE
    cse.write_text(cse.read_text("utf-8") + (
        "\n!!! restricted child-safety\n"
        f"    Hash-match review threshold: {CANARIES['cs-block']}.\n\n"
        "    The escalation rota is in the on-call tool.\n"
    ), "utf-8")
    threat = root / THREAT
    threat.write_text(threat.read_text("utf-8") + (
        "\nWritten confirmation goes to [the referral desk][PRC-LE-002].\n"
        "\n!!! restricted law-enforcement-response\n"
        f"    Emergency disclosure line: {CANARIES['le-block']}; see [the referral][PRC-LE-002].\n"
    ), "utf-8")
    handbook.write("docs/on-call.md", f"---\ntitle: On-call rota\naudience: [ts-operations]\n---\n\n# On-call rota\n\n{CANARIES['docs']}\n")


def _fix_translation_version(handbook: TmpHandbook) -> None:
    page = handbook.root / LE002
    version = next(line.split(":", 1)[1].strip() for line in page.read_text("utf-8").splitlines() if line.startswith("version:"))
    spanish = handbook.root / LE002.replace(".md", ".es.md")
    spanish.write_text(spanish.read_text("utf-8").replace("version: 1.0.0", f"version: {version}"), "utf-8")


def _every_byte(site: Path) -> bytes:
    chunks = []
    for file in sorted(site.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            chunks.append(gzip.decompress(data) if file.suffix == ".gz" else data)
            chunks.append(file.relative_to(site).as_posix().encode())  # file names leak too
    return b"\n".join(chunks)


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str | None, Path]:
    handbook = TmpHandbook(tmp_path_factory.mktemp("audiences"))
    _plant(handbook)
    _fix_translation_version(handbook)
    checked = handbook.cli("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = {}
    for audience in SEES:
        destination = handbook.root / f"site-{audience or 'everyone'}"
        arguments = ["build", "--site-dir", str(destination), "--locale", "en", "--locale", "es"]
        result = handbook.cli(*arguments, *(["--audience", audience] if audience else []))
        assert result.returncode == 0, result.stdout + result.stderr
        built[audience] = destination
    return built


@pytest.mark.parametrize("audience", list(SEES))
def test_no_canary_reaches_an_audience_that_may_not_read_it(editions, audience):
    output = _every_byte(editions[audience])
    for name, canary in CANARIES.items():
        assert (canary.encode() in output) == (name in SEES[audience]), (audience, name)


def test_links_to_a_page_the_audience_cannot_see_are_plain_text_marked_restricted(editions):
    public = (editions[None] / "processes/law-enforcement/threat-assessment/index.html").read_text("utf-8")
    assert 'class="pb-restricted-link"' in public
    assert "authority-reporting/" not in public  # no dead link
    specialist = (editions["child-safety"] / "processes/law-enforcement/threat-assessment/index.html").read_text("utf-8")
    assert "authority-reporting/" in specialist


def test_restricted_blocks_show_who_they_are_for(editions):
    page = (editions["child-safety"] / "policies/child-safety/child-sexual-exploitation/index.html").read_text("utf-8")
    assert 'class="admonition danger pb-restricted"' in page and "Restricted: child-safety" in page


def test_unknown_audience_is_refused():
    result = run_cli("build", "--audience", "nobody", "--site-dir", "/nonexistent")
    assert result.returncode == 2 and "unknown audience 'nobody'" in result.stderr


def test_audience_checks(tmp_handbook):
    page = tmp_handbook.root / CSE
    text = page.read_text("utf-8")
    page.write_text(text + "\n!!! restricted child-safty\n    Typo in the audience.\n\n!!! restricted\n    No audience.\n", "utf-8")
    lines = page.read_text("utf-8").splitlines()
    typo = lines.index("!!! restricted child-safty") + 1
    empty = lines.index("!!! restricted") + 1
    found = [(d.path, d.line, d.column, d.code) for d in tmp_handbook.diagnostics() if d.code.startswith("AUD")]
    assert (CSE, typo, 16, "AUD001") in found
    assert (CSE, empty, 15, "AUD003") in found


def test_a_public_page_linking_a_restricted_page_is_reported(tmp_handbook):
    page = tmp_handbook.root / "policies/hate-speech/hate-speech.md"
    page.write_text(page.read_text("utf-8") + "\nSee [the referral desk][PRC-LE-002].\n", "utf-8")
    line = len(page.read_text("utf-8").splitlines())
    found = [(d.line, d.column, d.code) for d in tmp_handbook.diagnostics() if d.path.endswith("hate-speech.md")]
    assert (line, 5, "AUD002") in found


def test_block_extent_and_stripping_keep_line_numbers():
    body = "Intro.\n\n!!! restricted a b\n    Secret one.\n\n    Secret two.\nAfter.\n\n```\n!!! restricted x\n```\n"
    blocks = restricted_blocks(body)
    assert [(b.line, b.end_line, b.audiences) for b in blocks] == [(3, 6, ("a", "b"))]  # not the one in code
    stripped = strip_restricted(body, None)
    assert "Secret" not in stripped and stripped.count("\n") == body.count("\n")
    assert "Secret two." in strip_restricted(body, "b")
    assert unlink_restricted("[x][PRC-LE-002] `[y][PRC-LE-002]`", {"PRC-LE-002"}).startswith('<span class="pb-restricted-link"')
    assert "`[y][PRC-LE-002]`" in unlink_restricted("[x][PRC-LE-002] `[y][PRC-LE-002]`", {"PRC-LE-002"})
