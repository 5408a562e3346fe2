"""The diagnostics reference page, generated from the code catalogue so it never drifts."""

from __future__ import annotations

from policybook.diagnostics import CODES


def diagnostics_page() -> str:
    """`diagnostics.md`: every code with what triggers it and how to fix it."""
    lines = [
        "# Diagnostics", "",
        "Every problem `policybook check` and the site build report has a stable code. Codes never change "
        "meaning; search for one here or in the output of `policybook check --format json`.", "",
        "| Code | Severity | Problem |", "|---|---|---|",
    ]
    lines += [f"| [{c.code}](#{c.code.lower()}) | {c.level.value} | {c.title} |" for c in CODES.values()]
    lines.append("")
    for code in CODES.values():
        lines += [f"## {code.code}: {code.title} {{#{code.code.lower()}}}", "",
                  f"**Severity:** {code.level.value}", "", f"**When:** {code.explanation}", "", f"**Fix:** {code.fix}", ""]
    return "\n".join(lines)
