"""Seed broken links into a generated handbook, each with a token that any report of it must name."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BrokenLink:
    """One seeded broken link."""

    path: str
    """The page it is in, relative to the handbook root."""
    kind: str
    """`page` (a relative link to no page), `anchor` (to no heading of a page) or `id` (an unknown ID)."""
    token: str
    """Text that a report of this link cannot avoid quoting: the missing page, anchor or ID."""


def seed_broken_links(root: Path, count: int) -> list[BrokenLink]:
    """Append one broken link to each of `count` policies spread over the handbook, kinds in turn."""
    pages = sorted(path.relative_to(root).as_posix() for path in (root / "policies").glob("*/*.md")
                   if path.name.count(".") == 1)
    step = max(1, len(pages) // count)
    seeded = []
    for number, position in enumerate(range(0, len(pages), step)[:count]):
        path = pages[position]
        kind = ("page", "anchor", "id")[number % 3]
        folder = posixpath.dirname(path)
        if kind == "page":
            token = f"no-such-policy-{number:03d}"
            sentence = f"Earlier guidance is in [the archived page]({token}.md)."
        elif kind == "anchor":
            token = f"no-such-anchor-{number:03d}"
            other = pages[(position + 1) % len(pages)]
            sentence = f"Compare [the neighbouring rule]({posixpath.relpath(other, folder)}#{token})."
        else:
            token = f"POL-ZZ-{number % 1000:03d}"
            sentence = f"This replaces [the old rule][{token}]."
        with (root / path).open("a", encoding="utf-8") as handle:
            handle.write(f"\n{sentence}\n")
        seeded.append(BrokenLink(path, kind, token))
    return seeded
