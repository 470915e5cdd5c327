"""The build process of ``procmodel serve``: updates or rebuilds the site when asked, in JSON lines.

The preview server (:mod:`procmodel.site.preview`) runs this as ``python -m
procmodel.site.preview_worker MKDOCS_YML``, so a slow, stuck or crashing build never
blocks the server, and stopping it is a kill. A request names a fresh folder to build
into, the errors of the site being served (``hold``) and the pages open in a browser
(``viewing``); each reply carries the current, located error findings of the check rules
and whether a site was built. An update in place (:mod:`procmodel.site.preview_live`)
replies after the edited processes' pages (``"final": false``, with the pages
``changed``), after the pages being viewed, and at the end (``"final": true``); a full
build replies once.

A rebuild that brings an error the served site did not have is held back: the last good
site stays served and the browser shows the new error. Errors that were already there
(a repository in progress) do not hold the preview back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from procmodel.check import check_repository
from procmodel.check_cache import CheckInputs, check_inputs
from procmodel.file_digests import FileDigests
from procmodel.findings import Finding
from procmodel.findings_cache import FindingsCache
from procmodel.load.discovery import find_root
from procmodel.load.parse_cache import ParseCache
from procmodel.load.repository import YAML_SUFFIXES, RepositoryError, load_repository
from procmodel.load.yaml_source import read_yaml
from procmodel.model import Severity
from procmodel.repository import Repository
from procmodel.site.preview import snapshot_files
from procmodel.site.preview_live import BackgroundIndex

if TYPE_CHECKING:
    from procmodel.site.preview_live import LiveSite

#: How often an update looks whether the files changed again (then it leaves the rest for the next).
STOP_POLL_SECONDS = 0.25
#: Files whose change may be followed without a full build (if they hold processes).
PROCESS_SUFFIXES = (*YAML_SUFFIXES, ".bpmn")

#: At most this many errors travel to the browser (the count is always exact).
MAX_ERRORS = 100


def error_key(f: Finding) -> str:
    """What makes an error the same error after an edit (not its line: lines shift)."""
    return "\x1f".join((f.rule, f.file or "", f.subject or "", f.message))


def error_entry(f: Finding, new: bool) -> dict[str, Any]:
    return {
        "where": str(f.location) if f.location else (f.file or ""),
        "rule": f.rule,
        "name": f.name,
        "message": f.message,
        "hint": f.hint,
        "new": new,
        "key": error_key(f),
    }


class MemoryParses(ParseCache):
    """Parsed YAML files kept in memory between the rebuilds, by a hash of their bytes, so a
    reload after an edit parses only the edited files (``procmodel check``'s cache, without
    its file: nothing is read or written)."""

    def __init__(self) -> None:  # no file, no secret: the data never leaves this process
        self._parsed: dict[str, str] = {}  # hash → the data as JSON (each load gets its own copy)
        self._used: dict[str, str] = {}
        self.parsed = 0  # files parsed (not found in memory), over every load

    def parse(self, raw: bytes) -> Any:
        key = hashlib.blake2b(raw, digest_size=20).hexdigest()
        text = self._parsed.get(key)
        if text is None:
            text = json.dumps(read_yaml(raw), ensure_ascii=False, separators=(",", ":"))
            self.parsed += 1
        self._used[key] = text
        return json.loads(text)

    def save(self) -> None:
        """After a load: keep only what it used."""
        self._parsed, self._used = self._used, {}


class MemoryFindings(FindingsCache):
    """The per-process findings of the check rules, kept in memory between the rebuilds, so a
    check after an edit runs those rules on the edited processes only (``procmodel check``'s
    cache, without its file). Keyed as there: a change to any shared file is a new key."""

    def __init__(self) -> None:  # no file: the findings never leave this process
        self._kept: dict[str, list[dict[str, Any]]] = {}

    def begin(self, inputs: CheckInputs) -> MemoryFindings:
        """Ready for one check of the repository as ``inputs`` hashes it."""
        self._start(inputs, self._kept)
        return self

    def save(self) -> None:
        """After a check: keep only what it used."""
        self._kept = self._used


Send = Callable[[dict[str, Any]], None]


class RebuildSession:
    """Rebuilds one site (one mkdocs.yml) again and again in one process, in place when it can."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.lang = "sv"
        self.live: LiveSite | None = None  # the last site built, kept for incremental updates
        self.parses = MemoryParses()
        self.findings = MemoryFindings()
        self.digests = FileDigests()  # unchanged files are not read again
        self._root: Path | None = None  # the repository's folder, as mkdocs.yml names it
        self._inputs: tuple[CheckInputs | None, Callable[[], bool]] = (None, lambda: False)
        #: (repository folder, repository, check reply) an update read before it found a full build needed
        self._checked_repo: tuple[Path | None, Repository, dict[str, Any]] | None = None
        self.index = BackgroundIndex()
        self._watch: list[Path] | None = None

    def watch_paths(self) -> list[str]:
        """Files and folders whose changes call for a rebuild: the repository, mkdocs.yml, docs_dir."""
        from mkdocs.config import load_config

        cfg = load_config(str(self.config_file))
        paths = [str(self.config_file.resolve()), str(Path(cfg.docs_dir).resolve())]
        plugin = cfg.plugins.get("procmodel")
        if plugin is not None:
            self._root = plugin.repository_root(cfg)
            paths.append(str(self._root))
        paths.extend(str(Path(p).resolve()) for p in cfg.watch)
        self._watch = [Path(p) for p in paths]
        return paths

    def rebuild(
        self, out: Path, hold: set[str] | None, send: Send | None = None, viewing: Iterable[str] = ()
    ) -> dict[str, Any]:
        """Check the repository and update the site, unless new errors hold it back.

        After an edit of process files only the pages it touches are made again, in the
        folder of the site being served (:class:`~procmodel.site.preview_live.LiveSite`);
        ``send`` gets a reply once the changed processes' own pages are written, and once the
        pages being viewed (``viewing``, site paths) are, before the rest; a further save
        stops the rest (the next update makes it). Otherwise the whole site is built into
        ``out``. ``hold``: error keys of the site being served (``None``: nothing served yet,
        so a site is built whatever its errors).
        """
        started = time.monotonic()
        self._checked_repo = None
        self.index.stop()  # an index of the site before this edit is not worth finishing
        if self._watch is None:
            self.watch_paths()
        assert self._watch is not None
        stamps = snapshot_files(self._watch, out.parent)  # before anything is read
        watch = self._watch
        self._inputs = (
            self._check_inputs(),
            lambda: snapshot_files(watch, out.parent) == stamps,
        )
        live = self.live
        if live is not None and hold is not None:
            reply = self._update(live, stamps, hold, started, send, viewing, out.parent)
            if reply is not None:
                return reply
        return self._full(out, hold, stamps, started)

    def _update(
        self,
        live: LiveSite,
        stamps: dict[str, tuple[int, int]],
        hold: set[str],
        started: float,
        send: Send | None,
        viewing: Iterable[str],
        builds: Path,
    ) -> dict[str, Any] | None:
        """An in-place update, a held one, or ``None`` when it takes a full build."""
        from procmodel.site.preview_live import Update

        if not all(p.endswith(PROCESS_SUFFIXES) for p in _differences(live.stamps, stamps)):
            return None  # mkdocs.yml's docs_dir, hand-written pages: settled by a full build
        try:
            repo = load_repository(live.plugin.repo_root, parse_cache=self.parses)
        except RepositoryError:
            return None  # the full build says why
        loaded = time.monotonic()
        reply = self._checked(repo, hold)
        checked = time.monotonic()
        if reply.pop("new"):
            return self._finish(reply, started)
        pids = live.changed_processes(stamps, repo)
        if pids is None:
            self._checked_repo = (live.plugin.repo_root, repo, reply)  # for the full build
            return None
        last: list[dict[str, Any]] = []

        def publish(update: Update, final: bool) -> None:
            seconds = {"load": loaded - started, "check": checked - loaded}
            seconds |= {k: v + checked - started for k, v in update.seconds.items()}
            part = {
                **reply,
                "built": True,
                "incremental": True,
                "out": str(live.site_dir),
                "changed": update.changed,
                "made": update.made,
                "timings": {k: round(v, 3) for k, v in seconds.items()},
                "pending": len(live.pending),
            }
            if final:
                last.append(part)
            elif send is not None:
                send({**self._finish(part, started), "final": False})

        watch = self._watch
        assert watch is not None
        looked = [time.monotonic()]

        def edited_again() -> bool:
            if time.monotonic() - looked[0] < STOP_POLL_SECONDS:
                return False
            looked[0] = time.monotonic()
            return snapshot_files(watch, builds) != stamps

        if not live.update(repo, stamps, pids, publish, viewing, edited_again):
            self._checked_repo = (live.plugin.repo_root, repo, reply)
            return None
        self.index.start(live.site_dir, live.plugin.content_lang)
        return self._finish(last[0], started)

    def _check_inputs(self) -> CheckInputs | None:
        """The check cache's key parts for the repository as it is now (``None``: no repository)."""
        if self._root is None:
            return None
        try:
            root = find_root(self._root)
        except RepositoryError:
            return None  # the load says why
        env = dict(os.environ)
        return check_inputs(root, fmt="preview", colour=False, lang=None, env=env, digests=self.digests)

    def _checked(self, repo: Repository, hold: set[str] | None) -> dict[str, Any]:
        """The reply's errors; ``new``: whether there are errors the served site did not have."""
        inputs, unchanged = self._inputs
        cache = None if inputs is None else self.findings.begin(inputs)
        errors = [f for f in check_repository(repo, cache=cache) if f.severity is Severity.error]
        if cache is not None and unchanged():  # the files hashed are the files loaded
            cache.save()
        new = {id(f) for f in errors if hold is not None and error_key(f) not in hold}
        ordered = sorted(errors, key=lambda f: id(f) not in new)  # new errors first, else in file order
        return {
            "built": False,
            "failure": None,
            "errors": [error_entry(f, id(f) in new) for f in ordered[:MAX_ERRORS]],
            "error_count": len(errors),
            "keys": sorted({error_key(f) for f in errors}),
            "new": bool(new),
        }

    def _finish(self, reply: dict[str, Any], started: float) -> dict[str, Any]:
        reply["lang"] = self.lang
        reply["seconds"] = round(time.monotonic() - started, 3)
        return reply

    def _full(
        self, out: Path, hold: set[str] | None, stamps: dict[str, tuple[int, int]], started: float
    ) -> dict[str, Any]:
        """The whole site built into ``out`` by MkDocs, its state kept for later updates."""
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        from procmodel.site.build import build_with_plugins
        from procmodel.site.preview_live import LiveSite

        reply: dict[str, Any] = {"built": False, "errors": [], "error_count": 0, "failure": None}
        try:
            cfg = load_config(str(self.config_file), site_dir=str(out))
        except MkDocsException as exc:
            return {**reply, "failure": f"{self.config_file}: {str(exc).strip() or type(exc).__name__}"}
        plugin = cfg.plugins.get("procmodel")
        if plugin is None:
            return {**reply, "failure": f"{self.config_file}: the procmodel plugin is not enabled"}
        checked, self._checked_repo = self._checked_repo, None
        if checked is not None and checked[0] == plugin.repository_root(cfg):
            repo, reply, new = checked[1], checked[2], False  # as the update just read and checked it
        else:
            try:
                repo = load_repository(plugin.repository_root(cfg), parse_cache=self.parses)
            except RepositoryError as exc:
                return {**reply, "failure": f"{exc}. Give the folder that holds procmodel.yaml."}
            reply = self._checked(repo, hold)
            new = reply.pop("new")
        if not new:
            plugin.preloaded = repo
            live = LiveSite(cfg, plugin, repo, stamps)
            self.live = None  # the old state goes with the folder it described
            try:
                build_with_plugins(cfg)
            except MkDocsException as exc:
                reply["failure"] = str(exc).strip() or type(exc).__name__
            except SystemExit as exc:
                reply["failure"] = (
                    f"the build was aborted (exit {exc.code}); see the messages in the terminal"
                )
            else:
                reply["built"] = True
                self.lang = plugin.lang
                live.built()
                self.live = live
        return self._finish(reply, started)


def _differences(old: dict[str, tuple[int, int]], new: dict[str, tuple[int, int]]) -> set[str]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def serve_requests(session: RebuildSession, requests: TextIO, replies: TextIO) -> None:
    """Answer each request line with reply lines, the last one marked ``"final": true``."""

    def send(reply: dict[str, Any]) -> None:
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()

    send({"watch": session.watch_paths()})
    for line in requests:
        request = json.loads(line)
        hold = request.get("hold")
        out, viewing = Path(request["out"]), request.get("viewing", [])
        reply = session.rebuild(out, None if hold is None else set(hold), send, viewing)
        send({**reply, "final": True})


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops this process itself
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything a library prints goes to the terminal, never into the replies
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)
    # stdin stays open for the process's life (closefd=False): no context manager to close it
    requests = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115
    serve_requests(RebuildSession(Path(argv[0])), requests, replies)


if __name__ == "__main__":
    main(sys.argv[1:])
