"""`policybook new policy|process|translation`: scaffold a page that passes the checks.

A new policy or process segment gets the next free ID; a new translation records the source
version and digests it starts from and carries the source text to translate in place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

from policybook.cli.common import load
from policybook.documents import Document, Kind, SitePageSource
from policybook.fields import LISTS, enforcement_keys
from policybook.handbook import Handbook
from policybook.model import Policy, ProcessSegment
from policybook.model.common import POLICY_ID, PROCESS_ID
from policybook.translating import SCAFFOLD_NOTE, page_translated_from_block, translated_from_block


def slugify(title: str) -> str:
    """`'Scams & fraud (2026)'` -> `'scams-fraud-2026'`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "untitled"


def next_id(handbook: Handbook, prefix: str, pattern: re.Pattern[str]) -> str:
    """The next free `<prefix>-NNN`, counting every ID in use or named in `supersedes`.

    Retired IDs stay taken: an ID is never reused, because old decisions and reports cite it.
    """
    taken = set(handbook.by_id)
    for document in handbook.documents:
        taken.update(getattr(document.meta, "supersedes", []))
    numbers = [int(match["number"]) for match in map(pattern.match, taken) if match and match[0].startswith(prefix + "-")]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def policy_page(policy_id: str, title: str, area: str, owner: str, today: dt.date) -> str:
    """A draft policy page with every required field."""
    return f"""---
id: {policy_id}
title: {_quote(title)}
summary: {_quote("One or two sentences on what this policy prohibits.")}
area: {area}
status: draft
version: 0.1.0
effective: {today.isoformat()}
owner: {owner}
last_reviewed: {today.isoformat()}
review_every: P180D
severity: sev2
dsa:
  category: STATEMENT_CATEGORY_OTHER_VIOLATION_TC
  keywords: []
enforcement:
  - action: remove
    when: Content that meets the definition under 'What is not allowed'.
    dsa_decision: DECISION_VISIBILITY_CONTENT_REMOVED
    strikes: 1
exceptions: []
regions:
  - code: global
related: []
processes: []
changelog:
  - version: 0.1.0
    date: {today.isoformat()}
    summary: First draft.
---

## Rationale {{#rationale}}

Why this policy exists: the harm it prevents and who it protects.

## What is not allowed {{#what-is-not-allowed}}

The prohibited content, most severe first.

## What is allowed {{#what-is-allowed}}

Content close to the line that stays up.

## Reviewer guidance {{#reviewer-guidance}}

1. The first question a moderator answers.
2. The next one.
"""


def process_page(process_id: str, title: str, workflow: str, segment: str, order: int, owner: str, today: dt.date) -> str:
    """A draft process segment with a minimal valid flow."""
    return f"""---
id: {process_id}
title: {_quote(title)}
summary: {_quote("One or two sentences on what this segment achieves.")}
workflow: {workflow}
segment: {segment}
order: {order}
status: draft
version: 0.1.0
effective: {today.isoformat()}
owner: {owner}
last_reviewed: {today.isoformat()}
triggers:
  - What starts this segment.
outputs:
  - What it hands on.
roles:
  - {{role: Reviewer, team: {owner}, raci: RA}}
sla: {{sev0: PT1H, sev1: PT4H, sev2: P1D, sev3: P3D}}
policies: []
steps:
  - id: start
    type: action
    text: The first thing to do.
    next: done
  - id: done
    type: outcome
    text: What the case looks like when it leaves.
escalates_to: []
changelog:
  - version: 0.1.0
    date: {today.isoformat()}
    summary: First draft.
---

## Purpose {{#purpose}}

What this segment is for.

## How to do the work {{#how-to-do-the-work}}

The judgement the steps cannot hold.
"""


def translation_page(source: Document, locale_name: str, today: dt.date) -> str:
    """A translation to fill in: the source's text in place (title, summary, every front-matter field
    a reader reads as prose, keyed by the source's IDs, and the body), and the record of what it
    translates, digests of each section and field included.

    The file passes the checks from the start and counts as *in progress* until its text differs
    from the source's and `translators` names someone; the comment at the top of the body tells the
    translator what to replace and what to keep, and is an error once the page is otherwise done.
    """
    meta = source.meta
    lines = ["---", f"title: {json.dumps(meta.title, ensure_ascii=False)}"]
    summary = getattr(meta, "summary", None)
    if summary:
        lines.append(f"summary: {json.dumps(summary, ensure_ascii=False)}")
    lines += field_lines(source)
    lines += [translated_from_block(source, today).rstrip("\n"), "translators: []", "---", ""]
    note = (
        f"{SCAFFOLD_NOTE} Translate into {locale_name}: the title, the summary and every field above "
        "translated_from, and all the text below. Keep every key (they are the source's IDs), every heading's {#id}, "
        "the IDs in [text][ID] references, and the Markdown. Then set translated_from.date to the day you finish, "
        "list who translated and reviewed it under translators, and delete this comment. -->"
    )
    return "\n".join(lines) + "\n" + note + "\n\n" + source.body.lstrip("\n")


def field_lines(source: Document) -> list[str]:
    """The YAML of every translatable field of `source`, holding the source's text (see `policybook.fields`)."""
    meta = source.meta
    dump = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - one way to quote every value
    lines: list[str] = []
    if isinstance(meta, Policy):
        if meta.exceptions:
            lines += ["exceptions:", *(f"  {dump(item.kind.value)}: {dump(item.description)}" for item in meta.exceptions)]
        keys = enforcement_keys([step.action.value for step in meta.enforcement])
        lines += ["enforcement:", *(f"  {dump(key)}: {dump(step.when)}" for key, step in zip(keys, meta.enforcement))]
        regions = [rule for rule in meta.regions if rule.law or rule.note]
        if regions:
            lines.append("regions:")
            for rule in regions:
                lines.append(f"  {dump(rule.code)}:")
                if rule.law:
                    lines.append(f"    law: {dump(rule.law)}  # only where an official translation of its title exists")
                if rule.note:
                    lines.append(f"    note: {dump(rule.note)}")
    elif isinstance(meta, ProcessSegment):
        for name in LISTS:
            items = getattr(meta, name)
            if items:
                lines += [f"{name}:", *(f"  - {dump(item)}" for item in items)]
        lines += ["roles:", *(f"  {dump(role)}: {dump(role)}" for role in dict.fromkeys(r.role for r in meta.roles))]
        lines.append("steps:")
        for step in meta.steps:
            if not step.branches:
                lines.append(f"  {dump(step.id)}: {dump(step.text)}")
                continue
            lines += [f"  {dump(step.id)}:", f"    text: {dump(step.text)}", "    branches:",
                      *(f"      {dump(branch.next)}: {dump(branch.when)}" for branch in step.branches)]
    lines += ["changelog:", *(f"  {dump(entry.version)}: {dump(entry.summary)}" for entry in meta.changelog)]
    return lines


def site_translation_page(source: SitePageSource, locale_name: str, today: dt.date) -> str:
    """A translation of one of the handbook's own pages (`docs/`) to fill in, like `translation_page`."""
    lines = ["---", f"title: {json.dumps(source.title or '', ensure_ascii=False)}",
             page_translated_from_block(source, today).rstrip("\n"), "translators: []", "---", ""]
    note = (f"{SCAFFOLD_NOTE} Translate into {locale_name}: the title above and all the text below. Keep every "
            "heading's {#id}, link targets and the Markdown; list who translated it under translators, and delete this comment. -->")
    return "\n".join(lines) + "\n" + note + "\n\n" + source.body.lstrip("\n")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `new` sub-command."""
    command = commands.add_parser("new", help="scaffold a policy, process or translation page", description=__doc__)
    kinds = command.add_subparsers(dest="kind", required=True, metavar="KIND")
    policy = kinds.add_parser("policy", help="a new policy page")
    policy.add_argument("--area", required=True, help="the area folder, e.g. hate-speech")
    policy.add_argument("--title", required=True)
    policy.add_argument("--owner", help="owning team ID (default: the owner of the area's first policy)")
    policy.set_defaults(run=run)
    process = kinds.add_parser("process", help="a new process segment")
    process.add_argument("--workflow", required=True, help="the workflow folder, e.g. user-reports")
    process.add_argument("--title", required=True)
    process.add_argument("--segment", help="segment short name (default: from the title)")
    process.add_argument("--owner", help="owning team ID (default: the owner of the workflow's first segment)")
    process.set_defaults(run=run)
    translation = kinds.add_parser("translation", help="a translation of a policy or process page, to translate in place")
    translation.add_argument("source", help="the source page, e.g. policies/scams-fraud/scams.md")
    translation.add_argument("--locale", required=True, help="a locale code from policybook.yml, e.g. es")
    translation.set_defaults(run=run_translation)


def run_translation(arguments: argparse.Namespace) -> int:
    """Write `<slug>.<locale>.md` beside the source and print its path; refuse to overwrite."""
    handbook = load(arguments)
    if handbook is None:
        return 2
    try:
        relative = Path(arguments.source).resolve().relative_to(handbook.root).as_posix()
    except ValueError:
        print(f"policybook: {arguments.source} is outside the handbook at {handbook.root}", file=sys.stderr)
        return 2
    source = handbook.by_path.get(relative)
    site_page = handbook.site_page(relative)
    if site_page is not None and site_page.locale is None:
        return _new_site_translation(handbook, site_page, relative, arguments.locale)
    if source is None or source.kind is Kind.translation:
        reason = "has errors; fix them first (policybook check " + relative + ")" if relative in handbook.failed_paths \
            else "is neither a policy or process page nor one of the handbook's pages, in the source language"
        print(f"policybook: {relative} {reason}", file=sys.stderr)
        return 2
    locales = {locale.code: locale.name for locale in handbook.config.locales}
    if arguments.locale not in locales:
        print(f"policybook: '{arguments.locale}' is not a translated locale in policybook.yml "
              f"({', '.join(locales) or 'none configured'})", file=sys.stderr)
        return 2
    target = relative[: -len(".md")] + f".{arguments.locale}.md"
    if (handbook.root / target).exists():
        print(f"policybook: {target} already exists; to record a new source version in it, "
              f"use policybook l10n accept {relative} --locale {arguments.locale}", file=sys.stderr)
        return 2
    text = translation_page(source, locales[arguments.locale], dt.date.today())
    (handbook.root / target).write_text(text, "utf-8")
    print(f"{target}: created from {source.id} version {source.meta.version}; translate it in place")
    return 0


def _new_site_translation(handbook: Handbook, page: SitePageSource, relative: str, locale: str) -> int:
    locales = {entry.code: entry.name for entry in handbook.config.locales}
    if locale not in locales:
        print(f"policybook: '{locale}' is not a translated locale in policybook.yml "
              f"({', '.join(locales) or 'none configured'})", file=sys.stderr)
        return 2
    target = relative[: -len(".md")] + f".{locale}.md"
    if (handbook.root / target).exists():
        print(f"policybook: {target} already exists", file=sys.stderr)
        return 2
    (handbook.root / target).write_text(site_translation_page(page, locales[locale], dt.date.today()), "utf-8")
    print(f"{target}: created from {relative}; translate it in place")
    return 0


def run(arguments: argparse.Namespace) -> int:
    """Write the scaffold and print its path; refuse to overwrite."""
    handbook = load(arguments)
    if handbook is None:
        return 2
    today = dt.date.today()
    if arguments.kind == "policy":
        folder, group = arguments.area, handbook.config.areas.get(arguments.area)
        known, siblings = handbook.config.areas, [d for d in handbook.policies if d.folder == folder]
    else:
        folder, group = arguments.workflow, handbook.config.workflows.get(arguments.workflow)
        known, siblings = handbook.config.workflows, [d for d in handbook.processes if d.folder == folder]
    if group is None:
        print(f"policybook: '{folder}' is not declared in policybook.yml ({', '.join(known)})", file=sys.stderr)
        return 2
    owner = arguments.owner or (siblings[0].meta.owner if siblings else next(iter(handbook.teams), None))
    if owner is None or owner not in handbook.teams:
        print(f"policybook: owner '{owner}' is not in the team registry; pass --owner", file=sys.stderr)
        return 2
    slug = slugify(arguments.title) if arguments.kind == "policy" else slugify(arguments.segment or arguments.title)
    relative = f"{'policies' if arguments.kind == 'policy' else 'processes'}/{folder}/{slug}.md"
    target = handbook.root / relative
    if target.exists():
        print(f"policybook: {relative} already exists", file=sys.stderr)
        return 2
    if arguments.kind == "policy":
        identifier = next_id(handbook, f"POL-{group.code}", POLICY_ID)
        text = policy_page(identifier, arguments.title, folder, owner, today)
    else:
        identifier = next_id(handbook, f"PRC-{group.code}", PROCESS_ID)
        order = max((d.meta.order for d in siblings), default=0) + 1
        text = process_page(identifier, arguments.title, folder, slug, order, owner, today)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"{relative}: created {identifier}")
    if arguments.kind == "process" and siblings:
        # An active segment may not hand cases to a draft (PRC015): the link waits for activation.
        print(f"  next: when it becomes active, set 'next: {identifier}' in {siblings[-1].path} to link it into the workflow")
    return 0
