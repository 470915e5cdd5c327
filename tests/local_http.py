"""A real HTTP server on 127.0.0.1 for tests of the importers' fetch path (no mocks)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serve(
    routes: dict[str, tuple[int, bytes] | tuple[int, bytes, dict[str, str]]],
) -> Iterator[tuple[str, list[str]]]:
    """Serve ``path → (status, body[, headers])``; yields the base address and the paths requested."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            route = routes.get(self.path.split("?")[0], (404, b"Not found"))
            status, body = route[0], route[1]
            self.send_response(status)
            for name, value in (route[2] if len(route) > 2 else {}).items():  # type: ignore[misc]
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port_url() -> str:
    """An address on this machine where nothing listens: the offline case, without the internet."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
