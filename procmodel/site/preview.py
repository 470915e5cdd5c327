"""``procmodel serve``: a preview server that cannot get stuck on a broken file.

Three parts, each unable to block the others:

- an HTTP server (the standard library's threading server) that answers every request at
  once from the last good build, a folder on disk, with the error panel and a live-reload
  script put into each page (:mod:`procmodel.site.preview_page`);
- a watcher that polls the repository, ``mkdocs.yml`` and the docs folder for changes;
- a build process (:mod:`procmodel.site.preview_worker`) that checks the repository and
  either updates the served folder in place, page by page, after an edit of process files
  (:mod:`procmodel.site.preview_live`), or rebuilds into a fresh folder, which the server
  switches to only when it is good. A live-reload request names its page and is answered
  when that page, or the error panel, changed.

MkDocs' own ``serve`` blocks every request while a build fails ("the server will appear
stuck") and builds in the server's process; here no request ever waits for a build, and a
stop (Ctrl+C, SIGTERM) kills the build process, removes the temporary folder and exits at
once, also in the middle of a rebuild.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import webbrowser
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import IO, Any
from urllib.parse import parse_qs, unquote, urlsplit

from procmodel.site.preview_page import STATUS_PATH, WAIT_PATH, PreviewView, inject, placeholder

POLL_SECONDS = 0.1  # how often the watcher looks for changed files
CHANGES_KEPT = 200  # published changes remembered for the live-reload requests
WAIT_SECONDS = 25  # a live-reload request is answered after this long even if nothing changed
SKIPPED_PREFIXES = (".", "_")  # hidden folders (.git, .procmodel-cache), as the loader skips them


class PreviewError(Exception):
    """The preview cannot start (address in use, bad address): shown without a traceback."""


class PreviewStopped(BaseException):
    """Raised in the main thread by SIGINT or SIGTERM: unwinds through every clean-up."""


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the first SIGINT/SIGTERM into :class:`PreviewStopped`; ignore more while cleaning up."""
    stopping = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise PreviewStopped(signal.Signals(signum).name)

    saved = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        stopping = True
        for s, h in saved.items():
            signal.signal(s, h)


def parse_address(dev_addr: str) -> tuple[str, int]:
    """``IP:PORT`` (``[::1]:PORT`` for IPv6) → (host, port)."""
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not port.isdigit() or not host or int(port) > 65535:
        raise PreviewError(f"--dev-addr {dev_addr!r}: write IP:PORT, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port)


class _Worker:
    """The build process, spoken to with one JSON line each way."""

    def __init__(self, config_file: Path, tmp: Path) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "procmodel.site.preview_worker", str(config_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            # its temporary files (e.g. Graphviz batches) land in our folder, removed on the way out
            env={**os.environ, "TMPDIR": str(tmp)},
            # its own process group: Ctrl+C in the terminal reaches only the server, which stops
            # the group (the build process and any dot it runs)
            start_new_session=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in: IO[str] = self.proc.stdin
        self._out: IO[str] = self.proc.stdout

    def read(self) -> dict[str, Any] | None:
        """The next reply; ``None`` when the process has ended."""
        line = self._out.readline()
        return json.loads(line) if line else None

    def request(self, request: dict[str, Any]) -> dict[str, Any] | None:
        try:
            self._in.write(json.dumps(request, ensure_ascii=False) + "\n")
            self._in.flush()
        except (BrokenPipeError, ValueError):  # ended (ValueError: its pipe was closed by stop())
            return None
        return self.read()

    def stop(self) -> int:
        """Kill it (a build is never worth waiting for) and reap it; a reader gets end-of-file."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        return self.proc.wait()

    def close(self) -> None:
        """Close the pipes (only from the thread that reads them)."""
        for pipe in (self._in, self._out):
            with contextlib.suppress(OSError):
                pipe.close()


class Preview:
    """One running preview: state shared by the server, the watcher and the builder threads."""

    def __init__(self, config_file: Path, workdir: Path, dev_addr: str, open_browser: bool = False) -> None:
        """``workdir``: a folder of our own for the builds and the build process's temporary files."""
        self.config_file = config_file
        self.builds = workdir / "builds"
        self.tmp = workdir / "tmp"
        self.host, self.port = parse_address(dev_addr)
        self.open_browser = open_browser
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._dirty = threading.Event()
        self.view = PreviewView()
        self.served: Path | None = None  # the folder of the last good build
        self._previous: Path | None = None  # kept for requests still reading it
        self._served_keys: list[str] = []
        self.building = False
        self._watch: list[Path] = []
        self._baseline: dict[str, tuple[int, int]] | None = None
        self._worker: _Worker | None = None
        self._count = 0
        self._seconds: float | None = None
        self._timings: dict[str, float] | None = None
        self._changes: list[tuple[int, set[str] | None]] = []  # (version, pages changed; None: all)
        self._viewers: dict[str, int] = {}  # site path → live-reload requests waiting on it

    # running --------------------------------------------------------------------------

    def run(self) -> None:
        """Serve until stopped (:class:`PreviewStopped` from :func:`stop_on_signals`)."""
        self.builds.mkdir(parents=True, exist_ok=True)
        httpd: ThreadingHTTPServer | None = None
        threads: list[threading.Thread] = []
        try:
            httpd = self._server()
            threads.append(threading.Thread(target=httpd.serve_forever, args=(0.1,), daemon=True))
            threads.append(threading.Thread(target=self._build_loop, daemon=True, name="builder"))
            for t in threads:
                t.start()
            url = f"http://{self.host if ':' not in self.host else f'[{self.host}]'}:{self.port}/"
            _say(f"Serving the preview on {url} (Ctrl+C stops); building the site …")
            if self.open_browser:
                webbrowser.open(url)
            self._watch_loop()
        finally:
            self._stopping.set()
            self._dirty.set()
            with self._cond:
                self._cond.notify_all()
            if httpd is not None:
                if threads and threads[0].is_alive():  # shutdown() waits for a loop that must be running
                    httpd.shutdown()
                httpd.server_close()
            worker = self._worker
            if worker is not None:
                worker.stop()
            for t in threads[1:]:
                t.join(timeout=1)

    def _server(self) -> ThreadingHTTPServer:
        preview = self

        class Handler(_Handler):
            pass

        Handler.preview = preview
        server_class = _IPv6Server if ":" in self.host else ThreadingHTTPServer
        try:
            httpd = server_class((self.host, self.port), Handler)
        except OSError as exc:
            raise PreviewError(
                f"cannot serve on {self.host}:{self.port}: {exc.strerror or exc}. "
                "Choose another port with --dev-addr, e.g. 127.0.0.1:8001."
            ) from None
        httpd.daemon_threads = True
        self.port = httpd.server_address[1]
        return httpd

    # watching -------------------------------------------------------------------------

    def _watch_loop(self) -> None:
        """Poll the watched files in the main thread (signals arrive here) and ask for rebuilds."""
        self._dirty.set()  # the first build
        seen: dict[str, tuple[int, int]] | None = None
        while not self._stopping.wait(POLL_SECONDS):
            if not self._watch:
                continue  # not known before the build process has read mkdocs.yml
            now = snapshot_files(self._watch, self.builds)
            seen = seen or self._baseline
            if seen is not None and now != seen:
                self._dirty.set()
            seen = now

    # building -------------------------------------------------------------------------

    def _build_loop(self) -> None:
        while True:
            self._dirty.wait()
            if self._stopping.is_set():
                return
            self._dirty.clear()
            reply = self._rebuild()
            if self._stopping.is_set():
                return
            self._publish(reply)

    def _rebuild(self) -> dict[str, Any]:
        """One request to the build process (started, or started again after a crash)."""
        if self._worker is None:
            self._worker = _Worker(self.config_file, self.tmp)
            hello = self._worker.read()
            if hello is None or self._stopping.is_set():
                return self._worker_ended()
            watch = [Path(p) for p in hello["watch"]]
            self._baseline = snapshot_files(watch, self.builds)  # before the build reads the files
            self._watch = watch
        self._count += 1
        out = self.builds / str(self._count)
        with self._cond:
            hold = None if self.served is None else self._served_keys
            self.building = True
            viewing = sorted(self._viewers)  # pages open in a browser: made first
        reply = self._worker.request({"out": str(out), "hold": hold, "viewing": viewing})
        while reply is not None and reply.get("final") is False:
            # the edited processes' pages are written: show them while the rest is made
            self._publish(reply)
            if self._stopping.is_set():
                return reply
            reply = self._worker.read()
        if reply is None:
            return self._worker_ended()
        reply.setdefault("out", str(out))
        return reply

    def _worker_ended(self) -> dict[str, Any]:
        worker, self._worker = self._worker, None
        assert worker is not None
        code = worker.stop()
        worker.close()
        return {
            "built": False,
            "errors": [],
            "error_count": 0,
            "failure": f"procmodel stopped with an internal error while rebuilding (exit {code}): "
            "this is a bug in procmodel, not in your files; the details are in the terminal. "
            "Save a file to try again.",
        }

    def _publish(self, reply: dict[str, Any]) -> None:
        built = bool(reply.get("built"))
        final = reply.get("final") is not False
        in_place = built and reply.get("incremental") and self.served == Path(reply["out"])
        stale: Path | None = None
        with self._cond:
            if in_place:
                self._served_keys = reply.get("keys", [])
            elif built:
                stale, self._previous = self._previous, self.served
                self.served = Path(reply["out"])
                self._served_keys = reply.get("keys", [])
            elif reply.get("out"):
                stale = Path(reply["out"])  # a failed build's partial output
            old = self.view
            self.view = PreviewView(
                version=self.view.version + 1,
                lang=reply.get("lang") or self.view.lang,
                errors=reply.get("errors", []),
                error_count=reply.get("error_count", 0),
                held=not built and self.served is not None,
                failure=reply.get("failure"),
            )
            self.building = not final
            self._seconds = reply.get("seconds")
            self._timings = reply.get("timings")
            # which pages a live-reload request should reload for: all, unless only pages changed
            same_panel = (old.errors, old.error_count, old.held, old.failure) == (
                self.view.errors,
                self.view.error_count,
                self.view.held,
                self.view.failure,
            )
            pages = {_page_key(u) for u in reply.get("changed", [])} if in_place and same_panel else None
            self._changes.append((self.view.version, pages))
            del self._changes[:-CHANGES_KEPT]
            self._cond.notify_all()
        if stale is not None and stale.exists():
            shutil.rmtree(stale)
        if final or reply.get("changed"):
            _say(_summary(reply, self.view))

    # for the request handler -----------------------------------------------------------

    def snapshot(self) -> tuple[Path | None, PreviewView, bool]:
        with self._cond:
            return self.served, self.view, self.building

    def wait_for_change(self, version: int, page: str | None = None) -> dict[str, Any]:
        """Wait until the preview changed after ``version`` (for ``page``, a site path: a change
        of that page or of what every page shows); ``reload``: whether it did."""
        key = None if page is None else _page_key(page)

        def concerned() -> bool:
            if self.view.version == version:
                return False
            if key is None or version < 0:
                return True
            newer = [pages for v, pages in self._changes if v > version]
            if not self._changes or self._changes[0][0] > version + 1:
                return True  # older than what is remembered
            return any(pages is None or key in pages for pages in newer)

        with self._cond:
            if key is not None:
                self._viewers[key] = self._viewers.get(key, 0) + 1
            try:
                reload = self._cond.wait_for(
                    lambda: concerned() or self._stopping.is_set(), timeout=WAIT_SECONDS
                )
                return {"version": self.view.version, "reload": bool(reload) and concerned()}
            finally:
                if key is not None:
                    self._viewers[key] -= 1
                    if not self._viewers[key]:
                        del self._viewers[key]

    def status(self) -> dict[str, Any]:
        with self._cond:
            v = self.view
            return {
                "version": v.version,
                "building": self.building,
                "served": self.served is not None,
                "held": v.held,
                "failure": v.failure,
                "error_count": v.error_count,
                "errors": v.errors,
                "worker": self._worker.proc.pid if self._worker else None,
                "seconds": self._seconds,  # the last rebuild's, in the build process
                "timings": self._timings,  # of the last in-place update: seconds since it began, by stage
            }


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class _Handler(SimpleHTTPRequestHandler):
    """Serves the last good build; never waits for a build."""

    preview: Preview
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # a preview needs no access log

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        if parts.path == WAIT_PATH:
            query = parse_qs(parts.query)
            try:
                version = int(query.get("v", ["-1"])[0])
            except ValueError:
                version = -1
            watched = query.get("page", [None])[0]
            body = json.dumps(self.preview.wait_for_change(version, watched)).encode()
            return self._send(HTTPStatus.OK, "application/json", body, send_body)
        if parts.path == STATUS_PATH:
            body = json.dumps(self.preview.status(), ensure_ascii=False).encode()
            return self._send(HTTPStatus.OK, "application/json", body, send_body)
        served, view, building = self.preview.snapshot()
        if served is None:
            page = placeholder(view, building)
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", page, send_body)
        self.directory = str(served)
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not parts.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", parts.path + "/" + (f"?{parts.query}" if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        status = HTTPStatus.OK
        if not target.is_file():
            status, target = HTTPStatus.NOT_FOUND, served / "404.html"
        try:
            body = target.read_bytes()
        except FileNotFoundError:  # no 404 page, or a build folder removed under us
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Not found", send_body)
        ctype = self.guess_type(str(target))
        if ctype == "text/html":
            body = inject(body, view)
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return self._send(status, ctype, body, send_body)

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


def snapshot_files(paths: list[Path], builds: Path | None = None) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file below ``paths`` (hidden folders and the ``builds`` folder left out)."""
    out: dict[str, tuple[int, int]] = {}
    for root in paths:
        if root.is_file():
            st = root.stat()
            out[str(root)] = (st.st_mtime_ns, st.st_size)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [
                d
                for d in dirnames
                if not d.startswith(SKIPPED_PREFIXES) and d != "node_modules" and Path(dirpath, d) != builds
            ]
            for name in filenames:
                path = os.path.join(dirpath, name)
                with contextlib.suppress(FileNotFoundError):  # removed between listing and stat
                    st = os.stat(path)
                    out[path] = (st.st_mtime_ns, st.st_size)
    return out


def _page_key(url: str) -> str:
    """A page's URL as the site's files name it and as a browser's location has it, alike."""
    path = unquote(url.split("?", 1)[0]).strip("/")
    path = path[: -len("index.html")].rstrip("/") if path.endswith("index.html") else path
    return "" if path == "." else path


def _summary(reply: dict[str, Any], view: PreviewView) -> str:
    n = view.error_count
    errors = f"{n} error{'s' if n != 1 else ''}" if n else "no errors"
    if reply.get("failure"):
        return f"Build failed: {reply['failure']} (the last good site is still served)"
    if not reply.get("built"):
        new = [e for e in view.errors if e.get("new")]
        first = new[0] if new else None
        where = f": {first['where']}: {first['rule']} {first['message']}" if first else ""
        return f"Kept the last good site: {len(new)} new error(s){where}"
    if reply.get("incremental"):
        pages = len(reply.get("changed", []))
        what = "the edited process" if reply.get("final") is False else "the pages listing it"
        plural = "s" if pages != 1 else ""
        left = f"; {reply['pending']} left for the next update" if reply.get("pending") else ""
        return f"Updated {pages} page{plural} ({what}) in {reply.get('seconds', 0):.2f} s ({errors}{left})"
    return f"Rebuilt in {reply.get('seconds', 0):.1f} s ({errors})"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
