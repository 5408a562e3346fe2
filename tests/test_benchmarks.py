"""The synthetic handbook generator and a tiny run of the benchmark suite (so it cannot rot)."""

from __future__ import annotations

import hashlib

from benchmarks import suite
from benchmarks.generate import generate
from policybook.checks import run_checks
from policybook.documents import Kind, source_digest
from policybook.loading import load_handbook


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


def test_benchmark_suite_runs_at_tiny_size():
    results = suite.main(["--quick"])
    rows = results["benchmarks"]["check"]
    assert rows and rows[0]["files"] > 40 and rows[0]["seconds"] > 0 and rows[0]["peak MiB"] > 0
