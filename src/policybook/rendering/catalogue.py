"""The diagnostics reference page, generated from the code catalogue so it never drifts."""

from __future__ import annotations

from policybook.diagnostics import CODES, Level

LEVEL_MEANING = {
    Level.error: "error — stops `policybook check` (exit status 1) and the site build",
    Level.warning: "warning — reported; fails only `policybook check --strict`",
    Level.info: "info — for information; never fails anything",
}
"""What each level does to a run, as the page explains it."""


def diagnostics_page() -> str:
    """`reference/diagnostics.md`: every code with what triggers it and how to fix it."""
    lines = [
        "# Diagnostics", "",
        "Every problem `policybook check`, `policybook spell` and the site build report has a stable "
        "code, and codes never change meaning. A problem is reported as one line, at the file, line and "
        "column of the offending key or word, often followed by a hint:", "",
        "```text",
        "policies/hate-speech/hate-speech.md:10:1: error[FM006]: unknown key 'efective'",
        "  hint: did you mean 'effective'?",
        "```", "",
        "Search this page for the code. The [front-matter reference](front-matter.md) lists every key "
        "and what it accepts.", "",
        "| Code | Level | Problem |", "|---|---|---|",
    ]
    lines += [f"| [{c.code}](#{c.code.lower()}) | {c.level.value} | {c.title} |" for c in CODES.values()]
    lines.append("")
    for code in CODES.values():
        lines += [
            f"## {code.code}: {code.title} {{#{code.code.lower()}}}", "",
            f"**Level:** {LEVEL_MEANING[code.level]}.", "",
            f"**Reported when:** {code.explanation}", "",
            f"**How to fix it:** {code.fix}", "",
        ]
    return "\n".join(lines)
