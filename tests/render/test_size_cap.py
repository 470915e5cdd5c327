"""A process too large to draw in bounded time is left out (or refused when asked for), naming the cap."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.render import MAX_DIAGRAM_STEPS, Renderer, RenderError
from tests.render.conftest import FIXTURE


@pytest.fixture
def large_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    steps = "".join(f"  - id: s{i}\n    title: Steg {i}\n" for i in range(MAX_DIAGRAM_STEPS))
    (root / "stor.yaml").write_text(f"id: stor\ntitle: Stor\nsteps:\n{steps}  - id: slut\n    type: end\n")
    return root


def test_the_dot_of_a_process_above_the_cap_is_refused(large_repo: Path) -> None:
    repo = load_repository(large_repo)
    with pytest.raises(RenderError, match=f"has {MAX_DIAGRAM_STEPS + 1} steps; diagrams are drawn for"):
        Renderer("wasm", use_cache=False).process_dot(repo, "stor")


def test_render_leaves_it_out_or_refuses_it_by_name(large_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = [
        sys.executable,
        "-m",
        "procmodel",
        "render",
        str(large_repo),
        "--out",
        str(out),
        "--format",
        "dot",
    ]
    done = subprocess.run(base, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"stor: left out: more than {MAX_DIAGRAM_STEPS} steps to draw" in done.stderr
    assert "stor.dot" not in {p.name for p in out.iterdir()}
    asked = subprocess.run([*base, "--only", "stor"], capture_output=True, text=True, check=False)
    assert asked.returncode == 2 and "up to 500 steps" in asked.stderr and "Traceback" not in asked.stderr
