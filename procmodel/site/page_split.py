"""The pages of a ``procmodel build`` on two cores: a forked process builds half of them.

Once MkDocs has its navigation (``on_nav``) the build forks. Both processes then go through
every page as MkDocs does, but each makes, converts, renders and writes only its own: the child
every other generated page, the parent the rest. A generated page that is not a process's own
gets no Markdown (its title is in its front matter), a hand-written one is converted in both (for
its title in the menu; the child drops its messages), and either gets an empty template and no
output, so MkDocs writes nothing for it.

At ``on_post_build`` the child hands the parent what the rest of the build needs and exits: its
log records (the parent logs them as its own, so ``--strict`` counts them), its pages' anchors
and links to anchors (the parent checks the links from one half into the other), and what the
plugin asks to carry (:meth:`PageSplit.finish_child`). The parent goes on to the search index.

Only a build inside :func:`allowed` splits (``procmodel build``, not the preview or plain
``mkdocs build``), with two or more jobs, on Linux (where ``fork`` is safe and tested), and
when procmodel is the site's only plugin: another plugin's hooks would see pages that are not
built. When the fork fails, the build goes on in one process.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import re
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from procmodel import progress

#: the only plugins a split build may have (every hook of theirs is known to skip such pages)
ALLOWED_PLUGINS = frozenset({"procmodel"})
#: the template of a page another process builds: renders nothing (in the plugin's theme folder)
ELSEWHERE_TEMPLATE = "procmodel-page-elsewhere.html"
_CHILD_STOPPED = 70  # the child's exit status when it left the build without a report
_PR_SET_PDEATHSIG = 1  # prctl(2)
#: the LogRecord fields handed to the parent (an extra field may not pickle)
_RECORD_FIELDS = (
    *("name", "levelno", "levelname", "pathname", "filename", "module", "lineno", "funcName"),
    *("created", "msecs", "process"),
)
_FIRST_H1 = re.compile(r"^# .*$", re.MULTILINE)

_jobs = 1  # set by allowed()
_in_child = False


@contextlib.contextmanager
def allowed(jobs: int) -> Iterator[None]:
    """Let a build in this block split its pages over ``jobs`` processes (two at most).

    A forked process never comes back out of the block into the command that started the build:
    whatever ends its part of the build, it exits here at the latest.
    """
    global _jobs
    _jobs = jobs
    try:
        yield
    finally:
        _jobs = 1
        if _in_child:
            os._exit(_CHILD_STOPPED)


def why_not(config: MkDocsConfig) -> str | None:
    """Why this build cannot split its pages (None: it can)."""
    if _jobs < 2:
        return "one job"
    if not sys.platform.startswith("linux"):  # fork() is safe and tested there only
        return f"not on Linux ({sys.platform})"
    others = sorted(set(config.plugins) - ALLOWED_PLUGINS)
    if others:
        return f"other plugins: {', '.join(others)}"
    return None


@dataclass
class ChildReport:
    """What the child hands the parent at the end of its half of the build."""

    records: list[logging.LogRecord] = field(default_factory=list)
    anchors: dict[str, set[str]] = field(default_factory=dict)  # page → the ids it holds
    links: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # page → target → anchor → link
    carried: Any = None  # the plugin's (finish_child)
    error: str | None = None  # why its build failed


def child_share(pages: list[str]) -> set[str]:
    """The pages the child builds, of the generated pages in the build's order: every other one
    (neighbours are alike: a process's pages, a role's, so the halves cost about the same)."""
    return set(pages[1::2])


class SplitError(Exception):
    """The child's half of the build failed, or the child stopped without saying why."""


class PageSplit:
    """One build's split: which process builds which page, and the handing over at the end."""

    def __init__(self, config: MkDocsConfig, files: Files, child_pages: set[str]) -> None:
        self.config = config
        self.files = files  # the build's
        self.child_pages = child_pages
        self.in_child = False
        self.pid = 0
        self._read = self._write = -1
        self._capture: _Capture | None = None
        self._skip_filter: _SkipFilter | None = None

    @classmethod
    def start(cls, config: MkDocsConfig, files: Files, generated: set[str]) -> PageSplit:
        """Fork; in each process, the split (the child builds every other generated page)."""
        pages = [f.src_uri for f in files.documentation_pages() if f.src_uri in generated]
        split = cls(config, files, child_share(pages))
        split._fork()
        return split

    def owns(self, page: Page) -> bool:
        """This process builds ``page``."""
        return (page.file.src_uri in self.child_pages) == self.in_child

    # the pages ---------------------------------------------------------------------------

    def elsewhere_markdown(self, page: Page, markdown: str, generated: bool) -> str:
        """The Markdown of a page another process builds. A generated page's title is in its
        front matter: it needs none. A hand-written page is converted whole, as its title may
        come from its first heading in any form (its messages are the other process's to give)."""
        page.meta["template"] = ELSEWHERE_TEMPLATE
        if not generated:
            return markdown
        if "title" in page.meta:
            return ""
        first = _FIRST_H1.search(markdown)
        return first.group(0) if first else ""

    def elsewhere_converted(self, page: Page) -> None:
        """A page another process builds has no anchors or links of its own here: the process
        that builds it knows them (MkDocs skips a page whose anchors are None)."""
        page.present_anchor_ids = None
        page.links_to_anchors = None

    # the end -----------------------------------------------------------------------------

    def finish_child(self, carried: Any = None, error: str | None = None) -> None:
        """(In the child.) Hand over the report and exit: never returns."""
        report = ChildReport(carried=carried, error=error)
        if self._capture is not None:
            report.records = self._capture.records
        for f in self.files.documentation_pages():
            page = f.page
            if f.src_uri not in self.child_pages or page is None:
                continue
            report.anchors[f.src_uri] = set(page.present_anchor_ids or ())
            report.links[f.src_uri] = {
                target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()
            }
        status = 0 if error is None else 1
        try:
            data = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(self._write, "wb") as out:
                out.write(data)
        except BaseException:  # nothing of the child's may reach the command's own code
            status = _CHILD_STOPPED
        os._exit(status)

    def join(self) -> Any:
        """(In the parent.) Wait for the child, log its records, check the links between the two
        halves, and return what the plugin carried over; :class:`SplitError` if its half failed."""
        self._stop_filtering()
        with os.fdopen(self._read, "rb") as feed:
            data = feed.read()
        self._read = -1
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        report = _report(data)
        for record in report.records if report else ():
            logging.getLogger(record.name).handle(record)
        if report is None:
            raise SplitError(f"the process building half of the pages stopped ({_status_text(status)})")
        if report.error is not None:
            raise SplitError(f"building half of the pages failed: {report.error}")
        self._check_links_across(report)
        return report.carried

    def stop(self) -> None:
        """(In the parent, when the build ends otherwise.) Stop the child if it still runs."""
        self._stop_filtering()
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0

    # inside ------------------------------------------------------------------------------

    def _fork(self) -> None:
        global _in_child
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # what either buffers is written once, not by both
        self._read, self._write = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(self._read)
            os.close(self._write)
            self._read = self._write = -1
            raise
        if pid == 0:
            _in_child = self.in_child = True
            os.close(self._read)
            self._read = -1
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the child at once
            _end_with_parent(parent)
            progress.detach()  # the parent shows the build's progress
            self._capture = _Capture(self)
            logger = logging.getLogger("mkdocs")
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.addHandler(self._capture)
            logger.propagate = False
        else:
            self.pid = pid
            os.close(self._write)
            self._write = -1
            self._skip_filter = _SkipFilter(self)
            logging.getLogger("mkdocs.commands.build").addFilter(self._skip_filter)

    def _stop_filtering(self) -> None:
        if self._skip_filter is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self._skip_filter)
            self._skip_filter = None

    def current_elsewhere(self) -> bool:
        """MkDocs is reading or building a page another process builds."""
        page = getattr(self.config, "_current_page", None)
        return isinstance(page, Page) and not self.owns(page)

    def _check_links_across(self, report: ChildReport) -> None:
        """Check the links from one half's pages to anchors in the other's, as MkDocs checks
        the links within each half."""
        level, files = self.config.validation.links.anchors, self.files
        for src, ids in report.anchors.items():
            f = files.get_file_from_path(src)
            if f is not None and f.page is not None:
                f.page.present_anchor_ids = ids
        for f in files.documentation_pages():
            page = f.page
            if page is None:
                continue
            if f.src_uri in report.anchors:  # the child's page: its links to the parent's pages
                links = report.links.get(f.src_uri, {})
                across = {
                    target: links[target.src_uri]
                    for target in (files.get_file_from_path(src) for src in links)
                    if target is not None and target.src_uri not in self.child_pages
                }
            else:  # the parent's page: its links to the child's pages
                across = {
                    target: links
                    for target, links in (page.links_to_anchors or {}).items()
                    if target.src_uri in self.child_pages
                }
            if across:
                kept, page.links_to_anchors = page.links_to_anchors, across
                try:
                    page.validate_anchor_links(files=files, log_level=level)
                finally:
                    page.links_to_anchors = kept


class _Capture(logging.Handler):
    """(In the child.) Keeps MkDocs' log records for the parent, except a page's it does not build
    (the parent logs those: a hand-written page is read in both)."""

    def __init__(self, split: PageSplit) -> None:
        super().__init__()
        self.split = split
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.split.current_elsewhere():
            return
        # what a pickle surely carries: the message made, a traceback as text, no extra fields
        exc_text = record.exc_text
        if record.exc_info and not exc_text:
            exc_text = logging.Formatter().formatException(record.exc_info)
        fields = {name: getattr(record, name) for name in _RECORD_FIELDS}
        self.records.append(
            logging.makeLogRecord({**fields, "msg": record.getMessage(), "args": None, "exc_text": exc_text})
        )


class _SkipFilter(logging.Filter):
    """(In the parent.) Drops MkDocs' "Page skipped" for the pages the child writes."""

    def __init__(self, split: PageSplit) -> None:
        super().__init__()
        self.split = split

    def filter(self, record: logging.LogRecord) -> bool:
        return not (str(record.msg).startswith("Page skipped") and self.split.current_elsewhere())


def _report(data: bytes) -> ChildReport | None:
    """The child's report as the pipe brought it; None when it brought none, or a part of one
    (the child was killed while it wrote)."""
    try:
        return pickle.loads(data) if data else None
    except (pickle.UnpicklingError, EOFError):
        return None


def _end_with_parent(parent: int) -> None:
    """(In the child, on Linux.) Be stopped when the parent dies, whatever kills it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the child ends at its next write to the pipe
        return
    if os.getppid() != parent:  # it died before the request
        os._exit(_CHILD_STOPPED)


def _status_text(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
