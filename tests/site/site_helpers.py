"""Helpers shared by the site tests: paths, building a site, serving it on 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from procmodel.site.build import build_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
BASIC = FIXTURES / "basic"
EXAMPLE = ROOT / "processes"
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]


def build(
    repo: Path,
    out: Path,
    audience: str = "public",
    lang: str | None = None,
    config_file: Path | None = None,
    jobs: int = 1,
) -> Path:
    """Build a site the way `procmodel build` does (strict: any warning fails); ``jobs=2``: its
    pages in two processes, as `procmodel build` builds them on two cores."""
    return build_site(
        str(repo),
        audience=audience,
        site_dir=str(out),
        lang=lang,
        config_file=str(config_file) if config_file else None,
        strict=True,
        discover_config=False,
        site_url="https://skolor.example.se/processer/",
        jobs=jobs,
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer:
    """A built site served from 127.0.0.1 in a background thread."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
