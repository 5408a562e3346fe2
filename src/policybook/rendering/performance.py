"""The Performance page, generated from the benchmark suite's recorded results so it never drifts.

Policybook's own repository records its benchmark results in `benchmarks/results/results.json`
(`python -m benchmarks.suite` writes it). A handbook repository without that file has no
Performance page.
"""

from __future__ import annotations

import json
from typing import Any

from policybook.handbook import Handbook
from policybook.rendering.text import cell

BENCHMARK_RESULTS = "benchmarks/results/results.json"
"""Where the benchmark suite records its results, relative to the repository root."""
PERFORMANCE_PAGE = "performance.md"


def performance_pages(handbook: Handbook) -> dict[str, str]:
    """`{PERFORMANCE_PAGE: Markdown}` when the repository has recorded results, else nothing."""
    source = handbook.root / BENCHMARK_RESULTS
    try:
        results = json.loads(source.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(results, dict) or not isinstance(results.get("benchmarks"), dict):
        return {}
    return {PERFORMANCE_PAGE: performance_page(results)}


def _recorded(entry: Any) -> bool:
    """Whether a benchmark's entry has the shape the suite writes (older files may not)."""
    return (isinstance(entry, dict) and isinstance(entry.get("rows"), list) and bool(entry["rows"])
            and all(isinstance(row, dict) for row in entry["rows"]) and "title" in entry and "target" in entry)


def _outcome(rows: list[dict[str, Any]]) -> str:
    verdicts = {str(row.get("met", "")) for row in rows}
    if verdicts == {"met"}:
        return "met"
    if "missed" in verdicts:
        return "**missed**" + (" (met in some rows)" if "met" in verdicts else "")
    return ", ".join(sorted(verdicts)) or "not measured"


def _table(rows: list[dict[str, Any]]) -> list[str]:
    header = list(dict.fromkeys(key for row in rows for key in row))
    lines = ["| " + " | ".join(cell(key) for key in header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        values = [row.get(key, "") for key in header]
        lines.append("| " + " | ".join(cell(f"{value:,}" if isinstance(value, int) else str(value)) for value in values) + " |")
    return lines


def performance_page(results: dict[str, Any]) -> str:
    """The page: the machine, every target and whether it is met, then one table per benchmark."""
    machine = results.get("machine", {})
    benchmarks: dict[str, dict[str, Any]] = {name: entry for name, entry in results["benchmarks"].items() if _recorded(entry)}
    lines = [
        "# Performance", "",
        "How long writers and CI wait on a large handbook. The benchmark suite generates handbooks in the "
        "real content model (policies about 800 words long, process segments with step graphs, a glossary, "
        "translations that are current, outdated or missing, cross-references between pages) and times the "
        "commands writers run. Each figure is the best of the runs made; the machine is shared, so the load "
        "average during each benchmark is shown beside it.", "",
        f"Measured with `{results.get('command', 'python -m benchmarks.suite')}` on: "
        f"{machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, {machine.get('memory GiB', '?')} GiB of memory, "
        f"Python {machine.get('python', '?')}, {machine.get('system', '?')}.", "",
        "## Targets", "",
        "| Benchmark | Target | Result |", "|---|---|---|",
    ]
    lines += [f"| [{cell(entry['title'])}](#{name}) | {cell(entry['target'])} | {_outcome(entry['rows'])} |"
              for name, entry in benchmarks.items()]
    lines.append("")
    for name, entry in benchmarks.items():
        lines += [f"## {entry['title']} {{#{name}}}", ""]
        if entry.get("method"):
            lines += [entry["method"], ""]
        lines += [f"**Target:** {entry['target']}. Measured {entry.get('measured', '?')}; load average (1, 5, 15 min) "
                  f"before {entry.get('load before', '?')}, after {entry.get('load after', '?')}.", ""]
        lines += [*_table(entry["rows"]), ""]
    return "\n".join(lines)
