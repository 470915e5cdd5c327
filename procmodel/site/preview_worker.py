"""The build process of ``procmodel serve``: rebuilds the site when asked, one JSON line in, one out.

The preview server (:mod:`procmodel.site.preview`) runs this as ``python -m
procmodel.site.preview_worker MKDOCS_YML``, so a slow, stuck or crashing build never
blocks the server, and stopping it is a kill. A request names a fresh folder to build
into and the errors of the site being served (``hold``); the reply carries the current,
located error findings of the check rules and whether a site was built.

A rebuild that brings an error the served site did not have is held back: the last good
site stays served and the browser shows the new error. Errors that were already there
(a repository in progress) do not hold the preview back.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from procmodel.check import check_repository
from procmodel.findings import Finding
from procmodel.load.repository import RepositoryError, load_repository
from procmodel.model import Severity

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


class RebuildSession:
    """Rebuilds one site (one mkdocs.yml) again and again in one process."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.lang = "sv"

    def watch_paths(self) -> list[str]:
        """Files and folders whose changes call for a rebuild: the repository, mkdocs.yml, docs_dir."""
        from mkdocs.config import load_config

        cfg = load_config(str(self.config_file))
        paths = [str(self.config_file.resolve()), str(Path(cfg.docs_dir).resolve())]
        plugin = cfg.plugins.get("procmodel")
        if plugin is not None:
            paths.append(str(plugin.repository_root(cfg)))
        paths.extend(str(Path(p).resolve()) for p in cfg.watch)
        return paths

    def rebuild(self, out: Path, hold: set[str] | None) -> dict[str, Any]:
        """Check the repository and build the site into ``out`` unless new errors hold it back.

        ``hold``: error keys of the site being served (``None``: nothing served yet, so a
        site is built whatever its errors).
        """
        from procmodel.site.build import build_with_plugins
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        started = time.monotonic()
        reply: dict[str, Any] = {"built": False, "errors": [], "error_count": 0, "failure": None}
        try:
            cfg = load_config(str(self.config_file), site_dir=str(out))
        except MkDocsException as exc:
            return {**reply, "failure": f"{self.config_file}: {str(exc).strip() or type(exc).__name__}"}
        plugin = cfg.plugins.get("procmodel")
        if plugin is None:
            return {**reply, "failure": f"{self.config_file}: the procmodel plugin is not enabled"}
        try:
            repo = load_repository(plugin.repository_root(cfg))
        except RepositoryError as exc:
            return {**reply, "failure": f"{exc}. Give the folder that holds procmodel.yaml."}
        errors = [f for f in check_repository(repo) if f.severity is Severity.error]
        new = {id(f) for f in errors if hold is not None and error_key(f) not in hold}
        ordered = sorted(errors, key=lambda f: id(f) not in new)  # new errors first, else in file order
        reply["errors"] = [error_entry(f, id(f) in new) for f in ordered[:MAX_ERRORS]]
        reply["error_count"] = len(errors)
        reply["keys"] = sorted({error_key(f) for f in errors})
        if not new:
            plugin.preloaded = repo
            try:
                build_with_plugins(cfg)
            except MkDocsException as exc:
                reply["failure"] = str(exc).strip() or type(exc).__name__
            except SystemExit as exc:
                reply["failure"] = f"the build was aborted (exit {exc.code}); see the messages in the terminal"
            else:
                reply["built"] = True
                self.lang = plugin.lang
        reply["lang"] = self.lang
        reply["seconds"] = round(time.monotonic() - started, 3)
        return reply


def serve_requests(session: RebuildSession, requests: TextIO, replies: TextIO) -> None:
    """Answer one JSON line per request line until ``requests`` ends."""
    replies.write(json.dumps({"watch": session.watch_paths()}) + "\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        hold = request.get("hold")
        reply = session.rebuild(Path(request["out"]), None if hold is None else set(hold))
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops this process itself
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything a library prints goes to the terminal, never into the replies
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING)
    requests = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
    serve_requests(RebuildSession(Path(argv[0])), requests, replies)


if __name__ == "__main__":
    main(sys.argv[1:])
