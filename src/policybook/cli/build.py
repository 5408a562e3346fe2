"""`policybook build`: check the content and publish the handbook site with MkDocs.

MkDocs runs as a separate process, so the engine never imports it. The site is built into a
temporary folder next to the destination and swapped in only when the build succeeded: a failed
build never leaves a half-written site behind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from policybook.cli.common import CommandError, handbook_root


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `build` sub-command."""
    command = commands.add_parser("build", help="build the handbook site (strict)", description=__doc__)
    command.add_argument("--site-dir", default="site", help="where to publish the site (default: site)")
    command.add_argument("--config-file", default="mkdocs.yml", help="the MkDocs configuration")
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Build into a temporary folder, then replace the site folder in one step."""
    try:
        root = handbook_root(arguments)
    except CommandError as error:
        print(f"policybook: {error}", file=sys.stderr)
        return 2
    site = (root / arguments.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", arguments.config_file,
               "--site-dir", str(staging)]
    result = subprocess.run(command, cwd=root, env=environment, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"policybook: build failed; {site} was left as it was", file=sys.stderr)
        return 1
    previous = site.with_name(f".{site.name}.previous-{os.getpid()}")
    if site.exists():
        site.rename(previous)
    staging.rename(site)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"policybook: handbook built in {site}; open {site / 'index.html'}")
    return 0
