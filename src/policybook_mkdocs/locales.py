"""Build several locales of a handbook site, each in a process forked from one that started MkDocs once.

    python -m policybook_mkdocs.locales --config-file mkdocs.yml --site-dirs DIR [--jobs N] LOCALE...

`policybook build` runs this once for all its locales. Every locale is its own `mkdocs build
--strict` (the hooks read `POLICYBOOK_LOCALE`), but the work they share is done once, before
forking: importing MkDocs, the theme, the plugins, the Markdown extensions and the engine, and
parsing every page of the handbook (the hooks' `preload`). Each forked build starts from there,
sharing that memory copy-on-write, instead of spending two seconds getting there again.

Each locale is built into `DIR/<locale>`; its output (MkDocs' warnings and errors) goes to
`DIR/<locale>.log`. One line per finished locale is printed, `<locale> <exit status>`, in the
order they finish. Where processes cannot be forked, each locale runs `mkdocs build` on its own.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    site_dirs = Path(arguments.site_dirs)
    site_dirs.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "fork"):
        return _one_by_one(arguments.config_file, site_dirs, arguments.locales)
    _prepare(arguments.config_file, arguments.locales[0])
    running: dict[int, str] = {}
    pending = list(arguments.locales)
    failed = 0
    gc.freeze()  # what is loaded now stays shared: the children's collections must not touch it
    while pending or running:
        while pending and len(running) < max(1, arguments.jobs):
            locale = pending.pop(0)
            running[_fork_build(arguments.config_file, site_dirs, locale)] = locale
        pid, status = os.wait()
        locale = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        failed += code != 0
        print(f"{locale} {code}", flush=True)
    return 1 if failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m policybook_mkdocs.locales", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config-file", default="mkdocs.yml")
    parser.add_argument("--site-dirs", required=True, help="each locale is built into SITE_DIRS/<locale>")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="builds at the same time")
    parser.add_argument("locales", nargs="+")
    return parser


def _prepare(config_file: str, locale: str) -> None:
    """Load what every build needs: MkDocs reading its settings imports the theme, plugins,
    extensions and hooks; hooks that define `preload(config)` get to load what they can share."""
    from mkdocs.config import load_config

    os.environ["POLICYBOOK_LOCALE"] = locale
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # settings warnings are reported by each build
    config = load_config(config_file)
    logging.getLogger("mkdocs").setLevel(logging.NOTSET)
    for hook in (config.hooks or {}).values():
        preload = getattr(hook, "preload", None)
        if preload is not None:
            preload(config)


def _fork_build(config_file: str, site_dirs: Path, locale: str) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        log = os.open(site_dirs / f"{locale}.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ["POLICYBOOK_LOCALE"] = locale
        code = _build(config_file, site_dirs / locale)
    except BaseException:  # noqa: BLE001 - anything at all: report it, never return into the parent's loop
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _build(config_file: str, site_dir: Path) -> int:
    """`mkdocs build --strict`, as its command line does it, in this process."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").propagate = False
    try:
        build(load_config(config_file, site_dir=str(site_dir), strict=True))
    except exceptions.MkDocsException as error:  # what `mkdocs build` prints as "Error: ..." and exits 1 on
        print(f"Error: {error}" if str(error) else "Error: the build failed", file=sys.stderr)
        return 1
    return 0


def _one_by_one(config_file: str, site_dirs: Path, locales: list[str]) -> int:
    failed = 0
    for locale in locales:
        with open(site_dirs / f"{locale}.log", "w", encoding="utf-8") as log:
            code = subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config_file,
                                    "--site-dir", str(site_dirs / locale)], stdout=log, stderr=log,
                                   env={**os.environ, "POLICYBOOK_LOCALE": locale})
        failed += code != 0
        print(f"{locale} {code}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
