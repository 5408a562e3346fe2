"""The synthetic handbook generator and a tiny run of the benchmark suite (so it cannot rot)."""

from __future__ import annotations

import hashlib
import json

from benchmarks import suite
from benchmarks.generate import generate
from policybook.checks import run_checks
from policybook.documents import Kind, source_digest
from policybook.loading import load_handbook
from policybook.rendering.performance import performance_page, performance_pages


def tree_digest(root):
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_generator_is_deterministic_and_passes_every_check(tmp_path):
    first = generate(tmp_path / "a", policies=60, segments=12, locales=("es", "ar"), seed=7)
    second = generate(tmp_path / "b", policies=60, segments=12, locales=("es", "ar"), seed=7)
    assert tree_digest(first) == tree_digest(second)
    handbook = load_handbook(first)
    assert run_checks(handbook) == []
    assert len(handbook.policies) == 60 and len(handbook.processes) == 12
    words = [len(d.body.split()) for d in handbook.policies]
    assert 600 <= sum(words) / len(words) <= 900


def test_generator_translation_shares(tmp_path):
    handbook = load_handbook(generate(tmp_path / "h", policies=400, segments=0, locales=("es",), current=0.5, outdated=0.25))
    current = outdated = 0
    for source in handbook.policies:
        translation = handbook.translations.get(source.path, {}).get("es")
        if translation is not None:
            if translation.meta.translated_from.digest == source_digest(source):
                current += 1
            else:
                outdated += 1
    assert 160 <= current <= 240 and 70 <= outdated <= 130
    assert all(d.kind is not Kind.translation or d.source_path in handbook.by_path for d in handbook.documents)


def test_benchmark_suite_runs_every_benchmark_at_tiny_size():
    results = suite.main(["--quick"])
    entries = results["benchmarks"]
    assert list(entries) == list(suite.BENCHMARKS)
    for entry in entries.values():
        assert entry["rows"] and all(row["met"] for row in entry["rows"]) and entry["target"] and entry["method"]
    check = entries["check"]["rows"][0]
    assert check["files"] > 40 and check["check s"] > 0 and check["peak MiB"] > 0 and check["floor s"] > 0
    links = entries["broken-links"]["rows"][0]  # the benchmark itself fails unless both find every link
    assert links["found by check"] == links["found by mkdocs"] == links["broken links"] > 0
    hooks = entries["hooks"]["rows"][0]
    assert hooks["pages built with hooks"] == hooks["pages built without"] > 40
    locales = entries["locales"]["rows"][0]
    assert locales["locales"] >= 2 and locales["parallel s"] > 0 and locales["static-i18n s"] > 0
    assert [row["serve"] for row in entries["preview"]["rows"]] == ["full rebuild", "--dirty"]
    assert all(row["edit to preview s"] > 0 for row in entries["preview"]["rows"])
    assert entries["spell"]["rows"][0]["spell s"] > 0

    page = performance_page(results)
    for entry in entries.values():
        assert f"## {entry['title']}" in page and entry["target"] in page
    assert f"{results['machine']['cores']} cores" in page


def test_performance_page_only_with_recorded_results(tmp_path):
    root = generate(tmp_path / "h", policies=20, segments=2, locales=())
    (root / "benchmarks/results/results.json").unlink(missing_ok=True)
    assert performance_pages(load_handbook(root)) == {}
    (root / "benchmarks/results").mkdir(parents=True, exist_ok=True)
    (root / "benchmarks/results/results.json").write_text(json.dumps({
        "command": "python -m benchmarks.suite", "machine": {"cores": 2},
        "benchmarks": {"check": {"title": "policybook check", "target": "at most 3× the floor", "rows": [
            {"source pages": 2000, "ratio to floor": 5.2, "met": "missed"}]}, "old": [{"seconds": 1}]},
    }), "utf-8")
    page = performance_pages(load_handbook(root))["performance.md"]
    assert "| [policybook check](#check) | at most 3× the floor | **missed** |" in page
    assert "| 2,000 | 5.2 | missed |" in page and "old" not in page
