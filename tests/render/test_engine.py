"""The Graphviz engines: native and WebAssembly, JSON output, errors, and auto without dot on PATH."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.render import Renderer
from procmodel.render.engine import (
    RenderError,
    _native_batch,
    _native_one,
    _WasmGraphviz,
    run_dot,
    run_dot_many,
    wasm_loads,
)
from procmodel.render.lane_stack import stack_lanes
from tests.render.conftest import ENGINES, FIXTURE

DOT = 'digraph { rankdir=LR; "å" [label="Åsa öl"]; "å" -> "b" [label="ja"] }'


@pytest.mark.parametrize("engine", ENGINES)
def test_json_has_node_and_edge_coordinates(engine):
    data = json.loads(run_dot(DOT, "json", engine))
    names = {o["name"] for o in data["objects"]}
    assert {"å", "b"} <= names
    assert all("pos" in o for o in data["objects"])
    assert data["edges"][0]["_draw_"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt", ["svg", "plain", "dot", "xdot"])
def test_formats(engine, fmt):
    out = run_dot(DOT, fmt, engine).decode("utf-8")
    assert "Åsa öl" in out


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_dot_is_a_render_error(engine):
    with pytest.raises(RenderError):
        run_dot("digraph { a -> ", "svg", engine)
    results = run_dot_many(["digraph { a }", "digraph { a -> ", "digraph { b }"], "svg", engine)
    assert isinstance(results[1], RenderError)
    assert b"<svg" in results[0] and b"<svg" in results[2]


def test_wasm_is_loaded_once_per_process():
    for _ in range(5):
        run_dot(DOT, "svg", "wasm")
    assert wasm_loads() == 1


def test_closing_an_embedded_graphviz_never_compiled_walks_no_objects():
    """At exit a process that rendered nothing (a warm site build) skips the full collection."""
    collections = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    unused = _WasmGraphviz()
    gc.callbacks.append(seen)
    try:
        unused.close()
        assert collections == []
        unused.loads = 1  # as after a render: the module is freed while the interpreter is whole
        unused.close()
        assert collections == [2]
    finally:
        gc.callbacks.remove(seen)


def test_png_needs_native():
    with pytest.raises(RenderError, match="cannot write PNG"):
        run_dot(DOT, "png", "wasm")


def test_unknown_engine_or_format():
    with pytest.raises(RenderError, match="unknown engine"):
        run_dot(DOT, "svg", "cairo")
    with pytest.raises(RenderError, match="unknown format"):
        run_dot(DOT, "exe", "wasm")


def _env_without_dot(tmp_path: Path) -> dict[str, str]:
    """PATH that holds only this Python (no dot)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "python").symlink_to(sys.executable)
    env = dict(os.environ, PATH=str(bindir))
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def test_auto_uses_wasm_when_dot_is_not_on_path(tmp_path):
    env = _env_without_dot(tmp_path)
    code = (
        "from procmodel.render.engine import resolve_engine, run_dot, native_dot\n"
        "print(native_dot(), resolve_engine('auto'), run_dot('digraph{a}', 'json')[:1].decode())"
    )
    out = subprocess.run(
        [str(tmp_path / "bin" / "python"), "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["None", "wasm", "{"]
    # the CLI: auto renders with wasm, native says clearly what is missing (no traceback)
    cli = [
        str(tmp_path / "bin" / "python"),
        "-m",
        "procmodel",
        "render",
        str(FIXTURE),
        "--out",
        str(tmp_path / "out"),
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    ok = subprocess.run(cli, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out" / "åtgärda-kränkning.svg").exists()
    bad = subprocess.run([*cli, "--engine", "native"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "`dot` program is not on PATH" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.skipif(shutil.which("dot") is None, reason="no dot on PATH")
def test_native_batch_goes_on_after_a_crash(monkeypatch):
    """When ``dot -O`` aborts on one file, the files after it are rendered in one new process."""
    repo = load_repository(Path(__file__).parents[2] / "processes")
    renderer = Renderer("native", use_cache=False)
    dots = [renderer.process_dot(repo, pid) for pid in sorted(repo.processes)]
    pinned = stack_lanes(dots, lambda batch, fmt: run_dot_many(batch, fmt, "native"))

    def crashes(dot: str) -> bool:
        try:
            _native_one(dot, "svg")
        except RenderError:
            return True
        return False

    crashing = [dot for dot in pinned if crashes(dot)]
    fine = [dot for dot in pinned if dot not in crashing][:4]
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args, *a, **kw):
        calls.append(args)
        return real_run(args, *a, **kw)

    monkeypatch.setattr(subprocess, "run", counting_run)
    results = _native_batch([*fine[:2], *crashing[:1], *fine[2:]], "svg")
    assert all(isinstance(r, bytes) and b"<svg" in r for r in [*results[:2], *results[-2:]])
    if crashing:  # Graphviz 2.43's orthogonal router aborts on some of them
        assert isinstance(results[2], RenderError)
        assert len(calls) == 3  # the batch, the crashing file alone, then the last two together
        assert "-O" in calls[2] and [Path(f).name for f in calls[2][3:]] == ["d3.gv", "d4.gv"]
    else:
        assert len(calls) == 1
