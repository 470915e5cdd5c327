"""Progress of long work (build, render, check) on stderr, and a closing line with the time taken.

Three ways to show it (:func:`progress_mode`):

- ``live``: a bar drawn with rich on a terminal, shown only once the work has taken
  :data:`DELAY` seconds (a quick command stays as quiet as before) and cleared at the end;
- ``plain``: one line per step and now and then a count, for logs (stderr not a terminal, or
  ``CI`` set) when progress is asked for (``--progress`` or ``PROCMODEL_PROGRESS=1``);
- ``off``: nothing. The default when stderr is not a terminal (pipes, tests, CI logs), and
  always with ``--no-progress`` / ``PROCMODEL_PROGRESS=0``.

A command opens one :class:`Progress` (``with Progress(...) as progress:``); code deep inside
(the site plugin, the diagram renderer) reports to :func:`current`, which does nothing when no
command opened one.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

PROGRESS_ENV = "PROCMODEL_PROGRESS"  # "1": as --progress, "0": as --no-progress
DELAY = 2.0  # seconds of work before a live bar appears
PLAIN_EVERY = 5.0  # seconds between two count lines in plain mode
_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


def progress_mode(asked: bool | None, stream: TextIO | None = None) -> str:
    """``live``, ``plain`` or ``off``: ``asked`` is ``--progress/--no-progress`` (``None``: neither)."""
    stream = stream or sys.stderr
    if asked is None:
        value = os.environ.get(PROGRESS_ENV, "").strip().lower()
        asked = True if value in _YES else False if value in _NO else None
    if asked is False:
        return "off"
    terminal = stream.isatty() and not os.environ.get("CI")
    if terminal:
        return "live"
    return "plain" if asked else "off"


class Progress:
    """One command's progress: steps (:meth:`step`), counts (:meth:`advance`), a closing line."""

    def __init__(self, command: str, mode: str = "off", stream: TextIO | None = None) -> None:
        self.command = command
        self.mode = mode
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self._label = ""
        self._total: int | None = None
        self._done = 0
        self._last_line = 0.0
        self._bar: RichProgress | None = None  # imported (and shown) only once the work takes a while
        self._task: TaskID | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._outer: Progress | None = None
        self._shown = False  # a live bar was on screen

    # the command's side ------------------------------------------------------------------

    def __enter__(self) -> Progress:
        global _current
        self._outer, _current = _current, self
        if self.mode == "live":
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        global _current
        _current = self._outer
        self.clear()

    def finish(self, summary: str) -> None:
        """Close with what was done and how long it took (nothing in ``off`` mode, or after a
        quick live run that never showed a bar)."""
        self.clear()
        if self.mode == "plain" or self._shown:
            seconds = time.perf_counter() - self.started
            self._print(f"{self.command}: {summary} ({seconds:.1f} s)")

    # the work's side ---------------------------------------------------------------------

    def step(self, label: str, total: int | None = None) -> None:
        """A new step of the work (``total``: how many things it counts, if known)."""
        with self._lock:
            self._label, self._total, self._done = label, total, 0
            if self.mode == "plain":
                count = f" (0/{total})" if total else ""
                self._print(f"{self.command}: {label}{count}")
                self._last_line = time.perf_counter()
            elif self._bar is not None:
                self._new_task()

    def advance(self, n: int = 1) -> None:
        """``n`` more things of the step done."""
        with self._lock:
            self._done += n
            if self.mode == "plain" and self._total:
                now = time.perf_counter()
                if now - self._last_line >= PLAIN_EVERY or self._done >= self._total:
                    self._print(
                        f"{self.command}: {self._label} ({min(self._done, self._total)}/{self._total})"
                    )
                    self._last_line = now
            elif self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=self._done, count=self._count())

    # live display ------------------------------------------------------------------------

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        with self._lock:
            if self._bar is not None or self.mode != "live":
                return
            console = Console(file=self.stream, stderr=self.stream is sys.stderr)
            self._bar = bar = RichProgress(
                SpinnerColumn(),
                TextColumn(f"{self.command}: [progress.description]{{task.description}}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                redirect_stdout=False,  # the report goes to stdout untouched
            )
            bar.start()
            self._new_task()

    def _new_task(self) -> None:
        bar = self._bar
        assert bar is not None
        if self._task is not None:
            bar.remove_task(self._task)
        self._task = bar.add_task(self._label, total=self._total, completed=self._done, count=self._count())

    def clear(self) -> None:
        """Take the live bar away (before the command prints its own output); it does not come back."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        with self._lock:
            if self._bar is not None:
                self._bar.stop()
                self._shown = True
            self._bar = None
            self._task = None
            if self.mode == "live":
                self.mode = "done"  # a late timer never shows a bar again

    def _count(self) -> str:
        return f"{min(self._done, self._total)}/{self._total}" if self._total else ""

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


_current: Progress | None = None


def current() -> Progress:
    """The progress of the running command; one that shows nothing when no command opened one."""
    return _current if _current is not None else Progress("procmodel")


def detach() -> None:
    """Forget the running command's progress (in a forked process: its parent shows it)."""
    global _current
    _current = None
