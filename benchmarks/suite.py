"""Run the benchmarks and write `benchmarks/results/results.{json,md}`.

    python -m benchmarks.suite [--quick] [--only NAME ...]

`--quick` runs every benchmark at a tiny size (the test suite does this so the suite cannot rot);
the committed results come from a full run. `--only` re-runs some benchmarks and keeps the others'
recorded results. Each benchmark is a function returning rows; a row says which target it is
measured against and whether it met it. The handbook's Performance page is generated from the JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.plain import environment, export_plain_site, static_i18n_site
from benchmarks.preview import edit_to_preview
from benchmarks.seeding import seed_broken_links
from policybook.cli.build import at_once

RESULTS = Path(__file__).resolve().parent / "results"
LOCALES = ("es", "fr", "de", "ar")
"""The translated locales of the generated handbooks (with English, five locales)."""
Row = dict[str, object]


@dataclass
class Run:
    """One measured command: best wall time, largest peak memory, output of the last run."""

    seconds: float
    memory: float
    """Peak resident memory in MiB (of the command, or its largest child)."""
    status: int
    output: str
    """Standard output and error of the last run."""


def measure(command: list[str], cwd: Path | None = None, runs: int = 3, ok: tuple[int, ...] = (0, 1),
            **env: str) -> Run:
    """Run `command` `runs` times; raise when it exits with a status outside `ok`."""
    best, peak = float("inf"), 0.0
    with tempfile.TemporaryFile() as output:
        for _ in range(runs):
            output.seek(0)
            output.truncate()
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, env=environment(**env), stdout=output, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            if code not in ok:
                raise RuntimeError(f"{' '.join(command)} exited with {code}:\n{text[-3000:]}")
            best, peak = min(best, elapsed), max(peak, usage.ru_maxrss / 1024)
    return Run(best, peak, code, text)


def policybook(root: Path, *arguments: str) -> list[str]:
    """The command line of `policybook --root ROOT ARGUMENTS`."""
    return [sys.executable, "-m", "policybook.cli.main", "--root", str(root), *arguments]


def mkdocs(*arguments: str) -> list[str]:
    """The command line of `mkdocs ARGUMENTS`."""
    return [sys.executable, "-m", "mkdocs", *arguments]


def handbook(work: Path, name: str, pages: int, locales: tuple[str, ...] = LOCALES) -> Path:
    """A generated handbook of `pages` source pages (nine policies to one process segment)."""
    return generate(work / name, policies=pages - pages // 10, segments=pages // 10, locales=locales)


def first_policy(root: Path) -> Path:
    """The first source policy of a generated handbook (not a translation)."""
    return min(path for path in (root / "policies").glob("*/*.md") if path.name.count(".") == 1)


def built_pages(site: Path) -> int:
    """How many HTML pages a built site has."""
    return sum(1 for _ in site.rglob("*.html"))


def verdict(met: bool) -> str:
    return "met" if met else "missed"


def bench_check(work: Path, quick: bool) -> list[Row]:
    """`policybook check` at 2,000 and 10,000 source pages plus 4 locales, against the floor."""
    rows = []
    for pages in ((40,) if quick else (2000, 10000)):
        root = handbook(work, f"check-{pages}", pages)
        files = sum(1 for folder in ("policies", "processes") for _ in (root / folder).rglob("*.md"))
        # Check and floor take turns, so that a slow minute of a shared machine slows both.
        checks, floors = [], []
        for _ in range(1 if quick else 5):
            checks.append(measure(policybook(root, "check"), runs=1))
            floors.append(measure([sys.executable, "-m", "benchmarks.floor", str(root)], runs=1))
        check = min(checks, key=lambda run: run.seconds)
        floor = min(run.seconds for run in floors)
        ratio = check.seconds / floor
        rows.append({
            "source pages": pages, "files": files, "check s": round(check.seconds, 2),
            "files/s": round(files / check.seconds), "peak MiB": round(max(run.memory for run in checks)),
            "floor s": round(floor, 2), "ratio to floor": round(ratio, 2),
            "ratio of medians": round(statistics.median(run.seconds for run in checks)
                                      / statistics.median(run.seconds for run in floors), 2),
            "met": verdict(ratio <= 3 and check.memory < 1024),
        })
    return rows


def bench_broken_links(work: Path, quick: bool) -> list[Row]:
    """The same seeded broken links found by `mkdocs build --strict` and by `policybook check`."""
    pages, count = (40, 6) if quick else (2000, 30)
    root = handbook(work, f"links-{pages}", pages)
    seeded = seed_broken_links(root, count)
    check = measure(policybook(root, "check"), runs=1 if quick else 3)
    # The hooks are on, but told the content was checked already (as `policybook build` does), so
    # that the build goes on to MkDocs' own link validation instead of stopping at Policybook's checks.
    build = measure(mkdocs("build", "--strict", "--site-dir", str(work / "links-site")), cwd=root,
                    runs=1, POLICYBOOK_CHECKED="1")
    found = {"check": [link for link in seeded if f"{link.path}:" in check.output and link.token in check.output],
             "mkdocs": [link for link in seeded if link.token in build.output]}
    for tool, links in found.items():
        missing = [link for link in seeded if link not in links]
        if missing or (tool == "mkdocs" and build.status == 0):
            raise AssertionError(f"{tool} did not report {len(missing)} of {len(seeded)} broken links: {missing[:3]}")
    speed_up = build.seconds / check.seconds
    return [{
        "source pages": pages, "broken links": len(seeded), "found by check": len(found["check"]),
        "found by mkdocs": len(found["mkdocs"]), "check s": round(check.seconds, 2),
        "mkdocs build --strict s": round(build.seconds, 2), "check faster by": round(speed_up, 1),
        "met": verdict(speed_up >= 10),
    }]


def bench_hooks(work: Path, quick: bool) -> list[Row]:
    """`mkdocs build` with the Policybook hooks, against the same rendered pages with no hooks."""
    pages = 40 if quick else 2000
    root = handbook(work, f"hooks-{pages}", pages, locales=())
    plain_config = export_plain_site(root, work / f"plain-{pages}")
    runs = 1 if quick else 2
    hooks = measure(mkdocs("build", "--site-dir", str(work / "hooks-site")), cwd=root, runs=runs, ok=(0,))
    plain = measure(mkdocs("build", "--config-file", str(plain_config), "--site-dir", str(work / "plain-site")),
                    cwd=plain_config.parent, runs=runs, ok=(0,))
    added = hooks.seconds / plain.seconds - 1
    return [{
        "source pages": pages, "pages built with hooks": built_pages(work / "hooks-site"),
        "pages built without": built_pages(work / "plain-site"), "with hooks s": round(hooks.seconds, 2),
        "without hooks s": round(plain.seconds, 2), "hooks add": f"{added:+.0%}", "met": verdict(added <= 0.15),
    }]


def bench_locales(work: Path, quick: bool) -> list[Row]:
    """`policybook build` of every locale in parallel, one after another, and mkdocs-static-i18n."""
    pages, locales = (20, LOCALES[:1]) if quick else (500, LOCALES)
    root = handbook(work, f"locales-{pages}", pages, locales=locales)
    runs = 1 if quick else 2
    parallel = measure(policybook(root, "build", "--site-dir", str(work / "locales-parallel")), runs=runs, ok=(0,))
    sequential = measure(policybook(root, "build", "--jobs", "1", "--site-dir", str(work / "locales-sequential")),
                         runs=runs, ok=(0,))
    i18n_config = static_i18n_site(root, work / f"i18n-{pages}", locales)
    i18n = measure(mkdocs("build", "--config-file", str(i18n_config), "--site-dir", str(work / "i18n-site")),
                   cwd=i18n_config.parent, runs=runs, ok=(0,))
    ratio = parallel.seconds / sequential.seconds
    return [{
        "source pages": pages, "locales": 1 + len(locales), "jobs": at_once(1 + len(locales), os.cpu_count() or 1),
        "parallel s": round(parallel.seconds, 2), "sequential s": round(sequential.seconds, 2),
        "ratio to sequential": round(ratio, 2), "static-i18n s": round(i18n.seconds, 2),
        "vs sequential": verdict(ratio <= 0.65), "vs static-i18n": verdict(parallel.seconds < i18n.seconds),
        "met": verdict(ratio <= 0.65 and parallel.seconds < i18n.seconds),
    }]


def bench_preview(work: Path, quick: bool) -> list[Row]:
    """From saving one policy to `mkdocs serve` showing the edit, with a full and a dirty rebuild."""
    pages = 40 if quick else 2000
    root = handbook(work, f"preview-{pages}", pages)
    page = first_policy(root).relative_to(root).as_posix()
    rows = []
    for mode, options in (("full rebuild", ()), ("--dirty", ("--dirty",))):
        first, preview = edit_to_preview(root, page, options=options, edits=1 if quick else 3)
        rows.append({"source pages": pages, "serve": mode, "first build s": round(first, 2),
                     "edit to preview s": round(preview, 2), "met": verdict(preview <= 3)})
    return rows


def bench_spell(work: Path, quick: bool) -> list[Row]:
    """`policybook spell` of one changed file in a 500-page handbook."""
    pages = 20 if quick else 500
    root = handbook(work, f"spell-{pages}", pages, locales=())
    page = first_policy(root)
    try:
        spell = measure(policybook(root, "spell", str(page)), runs=1 if quick else 3)
    except RuntimeError as error:
        if "invalid choice: 'spell'" not in str(error):
            raise
        return [{"source pages": pages, "files spelled": 1, "spell s": "n/a", "met": "not run: no `policybook spell` yet"}]
    return [{"source pages": pages, "files spelled": 1, "spell s": round(spell.seconds, 2), "met": verdict(spell.seconds <= 3)}]


@dataclass(frozen=True)
class Benchmark:
    """A benchmark: what it measures and how, its target, and the function that runs it."""

    title: str
    target: str
    method: str
    run: Callable[[Path, bool], list[Row]]


BENCHMARKS: dict[str, Benchmark] = {
    "check": Benchmark(
        "policybook check", "at most 3× the floor; under 1 GiB of memory at 10,000 pages plus 4 locales",
        "Every content check on a generated handbook of 2,000 and of 10,000 source pages (nine policies to "
        "one process segment), each translated into 4 locales in part. The floor is a script that only "
        "reads every page and parses its front-matter with the same YAML library (PyYAML's C loader). "
        "Check and floor run five times each, taking turns; the ratio is of the best runs, and the ratio "
        "of the medians shows how much the shared machine varied.",
        bench_check),
    "broken-links": Benchmark(
        "Broken links: policybook check against mkdocs build --strict", "check at least 10× faster",
        "The 2,000-page handbook with 30 broken links seeded (relative links to missing pages, to missing "
        "headings, and unknown IDs, in turn). MkDocs finds them by building every page with the hooks on "
        "(told the content was checked, so its own link validation runs); `policybook check` by reading the "
        "sources. The benchmark fails unless both report every seeded link.", bench_broken_links),
    "hooks": Benchmark(
        "mkdocs build with and without the Policybook hooks", "hooks add at most 15%",
        "2,000 source pages in one language. Without hooks is a plain MkDocs site of exactly the pages "
        "the hooks produce (cards, generated sections, indexes, glossary, dashboards), exported as "
        "Markdown files, with the same theme, extensions, plugins and navigation, cross-references by ID "
        "written as the links they become. The difference is the hooks' own work: loading and checking "
        "the handbook, adding and rendering pages, registering anchors.", bench_hooks),
    "locales": Benchmark(
        "Multi-locale policybook build", "at most 0.65× the sequential time, and faster than mkdocs-static-i18n",
        "500 source pages in 5 locales (English and 4 translations in part). `policybook build` runs one "
        "MkDocs build per locale, as many at a time as there are cores, against `--jobs 1`. "
        "mkdocs-static-i18n builds the same sources and translations (suffix layout, falling back to "
        "English) from a plain docs tree, since it cannot use pages from outside docs_dir nor generated "
        "pages; it renders no cards or generated pages, so the comparison favours it.", bench_locales),
    "preview": Benchmark(
        "Edit to preview with mkdocs serve", "at most 3 s",
        "`mkdocs serve` with live reload on the 2,000-page handbook with 4 locales; the time from saving an "
        "edit to one policy until the served page shows it, best of three edits. A full rebuild is MkDocs' "
        "default; `--dirty` rebuilds only the pages whose files changed.", bench_preview),
    "spell": Benchmark(
        "Spelling one changed file", "at most 3 s",
        "`policybook spell FILE` on one policy of a 500-page handbook, as a pull request check does.",
        bench_spell),
}


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "memory GiB": round(int(memory) / 1024 / 1024),
            "python": platform.python_version(), "system": platform.platform()}


def _load() -> str:
    """The load averages over 1, 5 and 15 minutes: the machine is shared, so figures are noisy."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def markdown(results: dict[str, object]) -> str:
    """The results as Markdown: one table per benchmark, with its target."""
    lines = ["# Benchmark results", "", f"Command: `{results['command']}`", "", f"Machine: {results['machine']}", ""]
    for name, entry in results["benchmarks"].items():  # type: ignore[union-attr]
        rows = entry["rows"]
        lines += [f"## {entry['title']}", "", f"Target: {entry['target']}. Measured {entry['measured']}, "
                  f"load average before and after: {entry['load before']} / {entry['load after']}.", ""]
        header = list(rows[0])
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(row.get(key, "")) for key in header) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, results not written")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS))
    arguments = parser.parse_args(argv)
    recorded = RESULTS / "results.json"
    previous = json.loads(recorded.read_text("utf-8")) if recorded.is_file() and not arguments.quick else {}
    entries = {name: entry for name, entry in previous.get("benchmarks", {}).items()
               if arguments.only and isinstance(entry, dict) and "rows" in entry}
    with tempfile.TemporaryDirectory(prefix="policybook-bench-") as work:
        for name, benchmark in BENCHMARKS.items():
            if arguments.only and name not in arguments.only:
                continue
            before = _load()
            rows = benchmark.run(Path(work), arguments.quick)
            entries[name] = {"title": benchmark.title, "target": benchmark.target, "method": benchmark.method, "rows": rows,
                             "measured": dt.datetime.now().isoformat(timespec="minutes"),
                             "load before": before, "load after": _load()}
    ordered = {name: entries[name] for name in BENCHMARKS if name in entries}
    results = {"command": "python -m benchmarks.suite", "machine": machine(), "benchmarks": ordered}
    print(markdown(results))
    if not arguments.quick:
        RESULTS.mkdir(exist_ok=True)
        recorded.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
        (RESULTS / "results.md").write_text(markdown(results), "utf-8")
    return results


if __name__ == "__main__":
    main()
