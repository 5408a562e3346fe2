"""Publishing safely: the same commit builds byte for byte the same site, and the build refuses unsafe
HTML in any page's final output, whatever got it there.

Real builds: `policybook build` of several locales, and `mkdocs build --strict`, which it runs once per locale.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, TmpHandbook
from policybook.checks.rawhtml import unsafe_output

EPOCH = 1772366400  # 2026-03-01 12:00 UTC: a date no test run happens on, so it must come from here


def mkdocs_build(root: Path, site: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """One strict MkDocs build of the handbook at `root` into `site`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment},
    )


def files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def first_difference(one: Path, two: Path) -> str | None:
    """The first file that exists in only one build or differs between them, or None."""
    left, right = files(one), files(two)
    for name in sorted(left.keys() | right.keys()):
        if name not in left or name not in right:
            return f"{name} exists in only one build"
        if left[name].read_bytes() != right[name].read_bytes():
            return f"{name} differs"
    return None


def policybook_build(site: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`policybook build` of the sample into `site` (one MkDocs build per locale, in parallel)."""
    return subprocess.run(
        [sys.executable, "-m", "policybook.cli.main", "build", "--site-dir", str(site), *arguments],
        cwd=REPO, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment},
    )


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path):
    # Different hash seeds, site folders and parallelism: none of them may leak into the output.
    environment = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    locales = ("--locale", "en", "--locale", "ar", "--locale", "es")
    one = policybook_build(tmp_path / "one", *locales, "--jobs", "2", PYTHONHASHSEED="1", **environment)
    two = policybook_build(tmp_path / "two", *locales, "--jobs", "1", PYTHONHASHSEED="2", **environment)
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert len(files(tmp_path / "one" / "ar")) > 50
    assert first_difference(tmp_path / "one", tmp_path / "two") is None


def test_the_build_date_comes_from_source_date_epoch(tmp_path: Path):
    result = mkdocs_build(REPO, tmp_path / "site", SOURCE_DATE_EPOCH=str(EPOCH))
    assert result.returncode == 0, result.stderr
    day = dt.datetime.fromtimestamp(EPOCH, tz=dt.timezone.utc).date()
    sitemap = (tmp_path / "site/sitemap.xml").read_text("utf-8")
    assert f"<lastmod>{day.isoformat()}</lastmod>" in sitemap
    assert sitemap.count("<lastmod>") == sitemap.count(f"<lastmod>{day.isoformat()}</lastmod>")
    compressed = (tmp_path / "site/sitemap.xml.gz").read_bytes()
    header_time = int.from_bytes(compressed[4:8], "little")  # RFC 1952: MTIME
    assert dt.datetime.fromtimestamp(header_time, tz=dt.timezone.utc).date() == day
    assert gzip.decompress(compressed).decode("utf-8") == sitemap


def test_unsafe_html_that_slips_past_the_source_scan_still_stops_the_build(tmp_path: Path):
    # A fence indented four spaces is an indented code block to Markdown, so the `<script>` after
    # it is live HTML; the source scan treats the three lines as one fenced block and misses it.
    (tmp_path / "handbook").mkdir()
    handbook = TmpHandbook(tmp_path / "handbook")
    page = handbook.root / "docs/index.md"
    page.write_text(page.read_text("utf-8") + "\n    ```\n<script>alert(1)</script>\n    ```\n", "utf-8")
    assert handbook.cli("check").returncode == 0
    result = mkdocs_build(handbook.root, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/index.md: error[HTML006]: <script> element: it would run in every reader's browser [HTML001]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site/index.html").exists()


def test_the_built_page_check_reads_html_as_browsers_do():
    page = '<p>Fine <code>&lt;script&gt;</code></p><!--><img src=x onerror=alert(1)>--><a href="jav&#x61;script:x">y</a>'
    assert [d.message.split("[")[1][:7] for d in unsafe_output("docs/x.md", page)] == ["HTML002", "HTML003"]
    assert unsafe_output("docs/x.md", '<div class="highlight"><pre><span></span><code>x</code></pre></div>') == []


def test_content_errors_stop_the_locale_builds_already_under_way_and_publish_nothing(tmp_path: Path):
    (tmp_path / "handbook").mkdir()
    handbook = TmpHandbook(tmp_path / "handbook")
    page = handbook.root / "policies/hate-speech/hate-speech.md"
    page.write_text(page.read_text("utf-8") + "\nSee [the rule][POL-ZZ-999].\n", "utf-8")
    old = handbook.write("site/index.html", "the site as it was")
    result = subprocess.run([sys.executable, "-m", "policybook.cli.main", "--root", str(handbook.root), "build"],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode == 1
    assert "policies/hate-speech/hate-speech.md:" in result.stderr and "POL-ZZ-999" in result.stderr
    assert "nothing was built" in result.stderr and "Traceback" not in result.stderr
    assert old.read_text("utf-8") == "the site as it was"
    assert sorted(path.name for path in handbook.root.iterdir() if path.name.startswith(".site")) == []
    assert not [command for command in _commands() if str(handbook.root) in command and "mkdocs" in command]


def _commands() -> list[str]:
    """The command line of every process running now (the builds a failed check must have stopped)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except OSError:  # not a process, or it ended meanwhile
            continue
    return found


def test_a_failed_locale_build_says_which_locale_and_why_and_publishes_nothing(tmp_path: Path):
    # A navigation entry to a missing page: only MkDocs sees it (under --strict), in every locale's build.
    (tmp_path / "handbook").mkdir()
    handbook = TmpHandbook(tmp_path / "handbook")
    config = handbook.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - Home: index.md\n", "  - Home: index.md\n  - Gone: gone.md\n", 1),
                      "utf-8")
    old = handbook.write("site/index.html", "the site as it was")
    result = subprocess.run([sys.executable, "-m", "policybook.cli.main", "--root", str(handbook.root), "build",
                             "--locale", "en", "--locale", "es"],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode == 1
    for locale in ("en", "es"):
        said = next(line for line in result.stderr.splitlines() if line.startswith(f"policybook: [{locale}] "))
        assert "A reference to 'gone.md' is included in the 'nav' configuration" in said
    assert "build failed for en, es" in result.stderr and "Traceback" not in result.stderr
    assert old.read_text("utf-8") == "the site as it was"
    assert sorted(path.name for path in handbook.root.iterdir() if path.name.startswith(".site")) == []
