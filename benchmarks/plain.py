"""Plain MkDocs sites made from a generated handbook, for the benchmarks that compare against MkDocs alone.

- `export_plain_site`: the pages exactly as the Policybook hooks render them, in an ordinary docs
  tree with the same settings and navigation but no hooks (the hooks benchmark).
- `static_i18n_site`: the same sources and translations as an mkdocs-static-i18n site with
  suffix-style translations (`page.es.md`), since that plugin cannot use pages from outside
  `docs_dir` nor generated pages (the multi-locale benchmark).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

EXPORT_HOOK = Path(__file__).resolve().parent / "export_hook.py"


def site_config(root: Path) -> str:
    """The handbook's mkdocs.yml, as text: it holds tags (`!ENV`, `!!python/name:`) that only
    MkDocs itself reads, so it is edited a top-level block at a time, never re-serialised."""
    return (root / "mkdocs.yml").read_text("utf-8")


def _span(lines: list[str], key: str) -> tuple[int, int]:
    """The lines of the top-level `key:` block: from its key to the next top-level line."""
    start = next((index for index, line in enumerate(lines) if line.startswith(f"{key}:")), len(lines))
    end = start + 1
    while end < len(lines) and (not lines[end] or lines[end][0] in " -#"):
        end += 1
    return start, min(end, len(lines))


def replace_block(config: str, key: str, value: Any = None) -> str:
    """`config` with its top-level `key:` block replaced by `key: value` (removed when None)."""
    lines = config.split("\n")
    start, end = _span(lines, key)
    block = [] if value is None else yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False).rstrip().split("\n")
    return "\n".join([*lines[:start], *block, *lines[end:]])


def block(config: str, key: str) -> Any:
    """The value of a top-level block of plain data (`hooks`, `plugins`), None when absent."""
    lines = config.split("\n")
    start, end = _span(lines, key)
    return yaml.safe_load("\n".join(lines[start:end]))[key] if start < len(lines) else None


def write_site_config(folder: Path, config: str, name: str = "mkdocs.yml") -> Path:
    """Write `config` as `folder/name` and return its path."""
    path = folder / name
    path.write_text(config, "utf-8")
    return path


def environment(**extra: str) -> dict[str, str]:
    """The environment every benchmarked command runs in (fixed date, no MkDocs 2 banner)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICYBOOK_TODAY": "2026-11-25", **extra}


def export_plain_site(root: Path, out: Path) -> Path:
    """Build `root` once with the export hook and turn what it wrote into a hook-free site at `out`.

    The plain site has the same pages (sources, generated indexes, glossary, dashboards), the same
    final Markdown, navigation, theme, extensions and plugins; only `hooks:` is gone. Returns the
    plain site's mkdocs.yml.
    """
    if out.exists():
        shutil.rmtree(out)
    config = site_config(root)
    exporting = replace_block(config, "hooks", [*(block(config, "hooks") or []), str(EXPORT_HOOK)])
    config_file = write_site_config(root, exporting, "mkdocs.export.yml")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file),
                    "--site-dir", str(out / "exported-site")], cwd=root, check=True,
                   env=environment(POLICYBOOK_EXPORT=str(out), POLICYBOOK_CHECKED="1"))
    shutil.rmtree(out / "exported-site")
    shutil.copytree(root / "docs" / "assets", out / "docs" / "assets", dirs_exist_ok=True)
    # Plugins' files kept beside the hooks (mkdocstrings' templates); the hooks are not configured.
    shutil.copytree(root / "hooks", out / "hooks", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    plain = replace_block(replace_block(config, "hooks"), "watch")
    plain = replace_block(plain, "nav", json.loads((out / "nav.json").read_text("utf-8")))
    return write_site_config(out, plain)


def static_i18n_site(root: Path, out: Path, locales: tuple[str, ...], source: str = "en") -> Path:
    """An mkdocs-static-i18n site of the handbook's pages and translations at `out`.

    Policies, processes and translations are copied into the docs folder as they are (MkDocs
    drops their front-matter); each `<slug>.<locale>.md` is already static-i18n's suffix layout.
    Missing translations fall back to the source page, as in `policybook build`. Returns the
    site's mkdocs.yml.
    """
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    shutil.copytree(root / "docs", docs, ignore=shutil.ignore_patterns("*.yml"))
    shutil.copytree(root / "hooks", out / "hooks", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for folder in ("policies", "processes"):
        shutil.copytree(root / folder, docs / folder)
    plain = site_config(root)
    for key in ("hooks", "watch", "nav", "validation"):
        plain = replace_block(plain, key)
    languages = [{"locale": source, "default": True, "name": source, "build": True}]
    languages += [{"locale": code, "name": code, "build": True} for code in locales]
    # No autorefs: without the hooks nothing registers the IDs, and thousands of unresolved
    # `[text][POL-...]` warnings would slow the plugin's side down for nothing.
    plain = replace_block(plain, "plugins", ["search", {"i18n": {
        "docs_structure": "suffix", "fallback_to_default": True, "reconfigure_material": True, "languages": languages}}])
    return write_site_config(out, plain)
