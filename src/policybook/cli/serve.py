"""`policybook serve`: serve a built handbook site on this machine, for reading it with search.

A site opened from disk (`site/index.html`) can be read and navigated, but a browser runs no search
there. This command serves the site `policybook build` published, as it is (nothing is rebuilt), on
127.0.0.1 only: nothing outside this computer can reach it. It prints the address of every language
the site has. Ctrl-C stops it. Writers previewing their changes use `make serve`, which rebuilds on
every save.
"""

from __future__ import annotations

import argparse
import functools
import html.parser
import http.server
import signal
import sys
from pathlib import Path
from types import FrameType
from urllib.parse import urljoin, urlsplit

from policybook.cli.common import CommandError, handbook_root

HOST = "127.0.0.1"
"""Only this computer: the command is for reading, not for publishing."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `serve` sub-command."""
    command = commands.add_parser("serve", help="serve a built site on 127.0.0.1 to read it with search (no rebuild)",
                                  description=__doc__)
    command.add_argument("--site-dir", default="site",
                         help="the built site (default: site); a relative path is in the handbook root, "
                              "or in the current folder outside a handbook")
    command.add_argument("--port", type=_port, default=8000,
                         help="the port on 127.0.0.1 (default: 8000; 0: any free port)")
    command.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{number} is not a port: use 1 to 65535, or 0 for any free port")
    return number


def run(arguments: argparse.Namespace) -> int:
    """Serve the site until Ctrl-C; exit 2 when there is no built site or the port is taken."""
    site = _site_folder(arguments)
    if not site.is_dir():
        print(f"policybook: no built site at {site}: run `policybook build` first, or name it with --site-dir",
              file=sys.stderr)
        return 2
    if not homes(site):
        print(f"policybook: {site} has no index.html, so it is not a built handbook site: run `policybook build`, "
              "or name the site's folder with --site-dir", file=sys.stderr)
        return 2
    try:
        server = _Server((HOST, arguments.port), functools.partial(_SiteFiles, directory=str(site)))
    except OSError as error:
        print(f"policybook: cannot serve on {HOST}:{arguments.port}: {error.strerror or error}; "
              "choose another port with --port", file=sys.stderr)
        return 2
    address = f"http://{HOST}:{server.server_port}/"
    print(f"policybook: serving {site} at {address} (Ctrl-C stops)")
    for locale, path in languages(site):
        print(f"  {locale:<6} {address}{path}")
    sys.stdout.flush()
    # Stopped by a service manager (SIGTERM) as by Ctrl-C: the same clean end.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("policybook: stopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _site_folder(arguments: argparse.Namespace) -> Path:
    """Where the site is: like `policybook build`, relative to the handbook root, if there is one."""
    path = Path(arguments.site_dir)
    if path.is_absolute():
        return path
    try:
        return (handbook_root(arguments) / path).resolve()
    except CommandError:  # a site copied out of its handbook
        return path.resolve()


def homes(site: Path) -> list[Path]:
    """The home pages of the built `site`: its own `index.html`, then those of the folders just below it
    (a site built with `--locale` for other languages than the source has only those)."""
    return [page for page in [site / "index.html", *sorted(site.glob("*/index.html"))] if page.is_file()]


def languages(site: Path) -> list[tuple[str, str]]:
    """`(locale, path from the site's root)` of each language the built `site` has, as its first home
    page lists them.

    Every page of a handbook site links the same page in every language of `policybook.yml` with
    `<link rel="alternate" hreflang>`; those whose page is in the folder are kept, since a site built
    with `--locale` has fewer. A site with no such links is listed by its first home page.
    """
    pages = homes(site)
    if not pages:
        return []
    finder = _Alternates()
    finder.feed(pages[0].read_text("utf-8", "replace"))
    base = "/" + _folder(site, pages[0])
    found: list[tuple[str, str]] = []
    for locale, href in finder.links:
        path = urlsplit(urljoin(base, href)).path.lstrip("/")  # from /es/: "../" -> "", "../fr/" -> "fr/"
        if (site / path / "index.html").is_file() and (locale, path) not in found:
            found.append((locale, path))
    return found or [("", _folder(site, pages[0]))]


def _folder(site: Path, page: Path) -> str:
    """The folder of `page` as a path from the site's root: `""` or `"es/"`."""
    relative = page.parent.relative_to(site).as_posix()
    return "" if relative == "." else relative + "/"


class _Alternates(html.parser.HTMLParser):
    """The `hreflang` and `href` of each `<link rel="alternate">` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and "alternate" in (found.get("rel") or "").split() and found.get("hreflang") and found.get("href"):
            self.links.append((found["hreflang"] or "", found["href"] or ""))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # Ctrl-C does not wait for a browser's open connections

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser dropping a connection it no longer needs is not worth a traceback on the reader's terminal.
        pass


class _SiteFiles(http.server.SimpleHTTPRequestHandler):
    """The site's files as a web server publishes them: no folder listings, the site's own 404 page,
    and a line on the terminal only for requests that failed."""

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        self.send_error(404)  # a folder without a page: the reader gets the site's 404 page, not a listing
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._not_found_page() if code == 404 and self.command in ("GET", "HEAD") else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        """The site's 404 page in the language of the requested address (each edition has its own, in
        its folder), else the source language's; None if the site has none."""
        root = Path(self.directory).resolve()
        first = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        candidates = [root / first / "404.html"] if first else []
        for page in [*candidates, root / "404.html"]:
            if page.resolve().is_relative_to(root) and page.is_file():  # never a file outside the site
                return page
        return None

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if isinstance(code, int) and code >= 400:  # HTTPStatus is an int
            super().log_request(code, size)

    def log_message(self, format: str, *arguments: object) -> None:
        sys.stderr.write(f"policybook: {self.address_string()} {format % arguments}\n")
