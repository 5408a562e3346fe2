"""A companion process that checks the handbook while a live preview renders it.

After every save, `mkdocs serve` loads the handbook, checks it and renders the changed pages, all in
one process: the checks alone are a third of the wait before the page shows the edit. The preview
hands them to a companion instead, a second process that keeps its own parses and remembered
answers from one save to the next (`policybook.memo`), and collects the findings just before any
page is written. Checking then takes no time of its own on a machine with two processors, and an
error still stops the rebuild before the site changes.

The companion reads one request per line on its standard input and answers each with a pickled
outcome, preceded by its length, on its standard output.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from policybook.diagnostics import Diagnostic
from policybook.loading import ConfigError

_LENGTH = struct.Struct(">Q")


class CompanionError(RuntimeError):
    """The companion process failed or stopped; the message says how."""


class Companion:
    """The checking companion of the handbook at `root`, started on the first `request`."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._process: subprocess.Popen[bytes] | None = None
        self._pending = False

    def request(self) -> None:
        """Ask for the findings of the handbook as its files are now (see `findings`)."""
        if self._pending:  # the previous answer was never collected (the rebuild stopped early)
            self._answer()
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen([sys.executable, "-m", "policybook.companion", str(self._root)],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(b"check\n")
            self._process.stdin.flush()
        except OSError as error:
            raise CompanionError(f"the checking companion stopped: {error}") from None
        self._pending = True

    def findings(self) -> list[Diagnostic]:
        """The findings asked for by the last `request`, as `run_checks` gives them.

        Raises:
            ConfigError: `policybook.yml` is missing or invalid, as `load_handbook` raises it.
            CompanionError: the companion failed or stopped.
        """
        kind, value = self._answer()
        if kind == "config":
            raise ConfigError(value)
        if kind == "error":
            raise CompanionError(f"the checking companion failed:\n{value}")
        return list(value)

    def _answer(self) -> tuple[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        self._pending = False
        deadline = time.monotonic() + PATIENCE
        pipe = self._process.stdout.fileno()
        header = _read(pipe, _LENGTH.size, deadline)
        body = _read(pipe, _LENGTH.unpack(header)[0], deadline) if header is not None else None
        if body is None:
            if self._process.poll() is None:  # no answer in time: never let the preview hang on it
                self._process.kill()
            self._process.wait()
            raise CompanionError(f"the checking companion stopped (exit status {self._process.returncode})")
        kind, value = pickle.loads(body)
        return kind, value

    def close(self) -> None:
        """Stop the companion (it ends when its input closes)."""
        if self._process is None:
            return
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        self._process = None
        self._pending = False


PATIENCE = 600.0
"""Seconds to wait for an answer before giving up on the companion (checking 10,000 pages from
scratch takes about 20)."""


def _read(pipe: int, size: int, deadline: float) -> bytes | None:
    """`size` bytes from `pipe`, or None at its end or at `deadline`."""
    data = bytearray()
    while len(data) < size:
        ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(pipe, size - len(data)) if ready else b""
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def main(argv: list[str] | None = None) -> int:
    """The companion's side: load and check the handbook at `argv[0]` once per line of input."""
    from policybook import memo
    from policybook.checks import run_checks
    from policybook.collection import settled, unsettled
    from policybook.loading import ParseCache, load_handbook

    root = Path((argv if argv is not None else sys.argv[1:])[0])
    answers = sys.stdout.buffer
    sys.stdout = sys.stderr  # the answers' pipe carries nothing else
    memo.remember()
    cache = ParseCache()
    for _request in sys.stdin.buffer:
        unsettled()  # the previous handbook can go
        memo.next_load()
        outcome: tuple[str, Any]
        try:
            outcome = ("findings", run_checks(load_handbook(root, cache=cache)))
        except ConfigError as error:
            outcome = ("config", error.diagnostics)
        except Exception:  # noqa: BLE001 - reported to the preview, which shows it
            outcome = ("error", traceback.format_exc())
        settled()
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(_LENGTH.pack(len(data)) + data)
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
