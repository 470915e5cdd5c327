"""The Graphviz engines: native and WebAssembly, JSON output, errors, and auto without dot on PATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from procmodel.render.engine import RenderError, run_dot, run_dot_many, wasm_loads
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
