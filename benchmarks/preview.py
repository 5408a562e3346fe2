"""Edit to preview: how long after a writer saves a policy `mkdocs serve` shows the change.

The server listens on a free port of 127.0.0.1 only, and every wait is bounded in time.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.plain import environment


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, needle: str, deadline: float, server: subprocess.Popen[bytes]) -> float:
    """Poll `url` every 50 ms until its page contains `needle`; the time it appeared."""
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped (exit status {server.returncode})")
        page = _fetch(url)
        if page is not None and needle in page:
            return time.perf_counter()
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {needle!r} in time")


def edit_to_preview(root: Path, page: str, *, options: tuple[str, ...] = (), startup: float = 600,
                    edits: int = 3, patience: float = 600) -> tuple[float, float]:
    """Serve `root`, then save `edits` edits to the policy at `page`, one after another.

    Returns the time the first build took until the site answered, and the best time from saving
    an edit to the served page showing it. Raises `TimeoutError` when the site takes longer than
    `startup` seconds to come up or an edit longer than `patience` (a rebuild that failed leaves
    the old page served).
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *options]
    started = time.perf_counter()
    # Ctrl-C must reach the server even when this runs in the background (where it is ignored).
    server = subprocess.Popen(command, cwd=root, env=environment(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        first = _wait_for(url, "</html>", started + startup, server) - started
        source = root / page
        original = source.read_text("utf-8")
        page_url = url + page[: -len(".md")] + "/"
        best = float("inf")
        for number in range(edits):
            marker = f"Preview marker {number} {time.time_ns()}"
            time.sleep(1.1)  # a new modification time, and the watcher settled after the last build
            saved = time.perf_counter()
            source.write_text(original + f"\n{marker}.\n", "utf-8")
            best = min(best, _wait_for(page_url, marker, saved + patience, server) - saved)
        source.write_text(original, "utf-8")
        return first, best
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C does: MkDocs shuts down and its hooks clean up
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
