"""Diagrams and the escalation matrix in the real built site (the shared build of the sample, `built_site`)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, run_cli
from policybook.escalation import escalation_matrix
from policybook.rendering.diagrams import FIGURE, LIBRARY_SOURCE, LIBRARY_URI, MISSING_LIBRARY

SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]*)"')


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_diagram_page_loads_the_sites_own_mermaid_before_the_theme_and_our_flowchart_script(built_site):
    markup = page(built_site, "processes/user-reports/intake")
    assert '<pre class="pb-flowchart__source"><code>flowchart TD' in markup
    assert '<pre class="mermaid">' not in markup  # drawn by our script, not the theme's
    scripts = SCRIPT.findall(markup)
    assert "../../../" + LIBRARY_URI in scripts
    bundle = next(i for i, src in enumerate(scripts) if "/bundle." in src)
    # Material only fetches Mermaid from its CDN when no global `mermaid` exists when it runs.
    assert scripts.index("../../../" + LIBRARY_URI) < bundle
    ours = [src for src in scripts if src.endswith(("assets/flowchart.js", "assets/walkthrough.js"))]
    assert len(ours) == 2 and all(scripts.index(src) > scripts.index("../../../" + LIBRARY_URI) for src in ours)
    assert all((built_site / "processes/user-reports/intake" / src).resolve().is_file() for src in ours)
    assert (built_site / LIBRARY_URI).read_bytes() == (REPO / LIBRARY_SOURCE).read_bytes()


def test_workflow_pages_have_the_end_to_end_diagram(built_site, sample):
    for folder in sample.config.workflows:
        markup = page(built_site, f"processes/{folder}")
        assert 'id="how-cases-move"' in markup and FIGURE in markup, folder
        assert "../../" + LIBRARY_URI in SCRIPT.findall(markup), folder
    assert FIGURE in page(built_site, "processes")


def test_only_pages_with_a_diagram_load_the_library_and_no_script_comes_from_elsewhere(built_site):
    with_diagram = 0
    for path in built_site.rglob("*.html"):
        markup = path.read_text("utf-8")
        scripts = SCRIPT.findall(markup)
        library = [src for src in scripts if src.endswith(LIBRARY_URI)]
        if FIGURE in markup or '<pre class="mermaid">' in markup:
            with_diagram += 1
            assert len(library) == 1, path
            assert (path.parent / library[0]).resolve().is_file(), path  # every locale's site has its copy
        else:
            assert library == [], path
        assert [src for src in scripts if re.match(r"(?:[a-z]+:)?//", src)] == [], path
        assert "unpkg.com" not in markup and "jsdelivr" not in markup, path
    assert with_diagram >= 12


def test_pages_without_a_diagram_do_not_download_it(built_site):
    for path in ("policies/hate-speech/hate-speech", "escalation-matrix", "teams", "."):
        assert "mermaid" not in page(built_site, path), path


def test_escalation_matrix_page_and_its_csv_download(built_site, sample):
    markup = page(built_site, "escalation-matrix")
    shown = re.sub(r"<[^>]+>", "", markup).replace("&amp;", "&")  # as read: the ID is kept whole by an element of its own
    for route in escalation_matrix(sample):
        assert f"{route.policy_id} {route.policy_title}" in shown, route.policy_id
    assert 'href="../escalation-matrix.csv"' in markup
    exported = run_cli("export", "escalation-matrix")
    # The subprocess's text mode turned the CSV's CRLF line ends into "\n"; the file keeps them.
    assert (built_site / "escalation-matrix.csv").read_bytes().decode("utf-8") == exported.stdout.replace("\n", "\r\n")


def test_build_without_the_diagram_library_fails_with_one_clear_line(tmp_handbook):
    tmp_handbook.remove("node_modules")  # as if the set-up never ran
    result = run_cli("build", "--site-dir", str(tmp_handbook.root / "site"), cwd=tmp_handbook.root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert MISSING_LIBRARY in output and "run scripts/setup.sh" in MISSING_LIBRARY
    assert "Traceback" not in output
    assert not (tmp_handbook.root / "site").exists()
