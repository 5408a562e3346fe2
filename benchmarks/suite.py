"""Run the benchmarks and write `benchmarks/results/results.{json,md}`.

    python -m benchmarks.suite [--quick] [--only NAME ...]

`--quick` runs every benchmark at a tiny size (the test suite does this so the suite cannot rot);
the committed results come from a full run. Each benchmark is a function returning rows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import generate

RESULTS = Path(__file__).resolve().parent / "results"
Row = dict[str, object]


def measure(command: list[str], cwd: Path | None = None, runs: int = 3) -> tuple[float, float]:
    """Best wall time (s) over `runs` and the largest peak memory (MiB) of `command`."""
    best, peak = float("inf"), 0.0
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICYBOOK_TODAY": "2026-11-25"}
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"{command} failed: {process.stderr.read().decode() if process.stderr else ''}")
        best, peak = min(best, elapsed), max(peak, usage.ru_maxrss / 1024)
    return best, peak


def bench_check(work: Path, quick: bool) -> list[Row]:
    """`policybook check` at 2,000 and 10,000 source pages plus 4 locales, against the floor."""
    rows = []
    for pages in ((40,) if quick else (2000, 10000)):
        root = generate(work / f"check-{pages}", policies=pages - pages // 10, segments=pages // 10,
                        locales=("es", "fr", "de", "ar"))
        files = sum(1 for folder in ("policies", "processes") for _ in (root / folder).rglob("*.md"))
        seconds, memory = measure([sys.executable, "-m", "policybook.cli.main", "--root", str(root), "check"])
        floor, _ = measure([sys.executable, "-m", "benchmarks.floor", str(root)])
        rows.append({
            "benchmark": "check", "source pages": pages, "files": files, "seconds": round(seconds, 2),
            "files/s": round(files / seconds), "peak MiB": round(memory), "floor s": round(floor, 2),
            "ratio to floor": round(seconds / floor, 2),
        })
    return rows


BENCHMARKS: dict[str, Callable[[Path, bool], list[Row]]] = {"check": bench_check}


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "memory GiB": round(int(memory) / 1024 / 1024),
            "python": platform.python_version(), "system": platform.platform()}


def markdown(results: dict[str, object]) -> str:
    """The results as Markdown tables, one per benchmark."""
    lines = ["# Benchmark results", "", f"Machine: {results['machine']}", ""]
    for name, rows in results["benchmarks"].items():  # type: ignore[union-attr]
        if not rows:
            continue
        header = list(rows[0])
        lines += [f"## {name}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(row[key]) for key in header) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, results not written")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS))
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="policybook-bench-") as work:
        results = {"machine": machine(), "benchmarks": {
            name: function(Path(work), arguments.quick)
            for name, function in BENCHMARKS.items() if not arguments.only or name in arguments.only
        }}
    print(markdown(results))
    if not arguments.quick:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "results.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
        (RESULTS / "results.md").write_text(markdown(results), "utf-8")
    return results


if __name__ == "__main__":
    main()
