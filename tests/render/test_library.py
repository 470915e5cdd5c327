"""Every process of the example library renders with both engines, every step a node."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.render import Renderer, step_dom_id
from tests.render.conftest import ENGINES

LIBRARY = Path(__file__).parents[2] / "processes"


@pytest.mark.parametrize("engine", ENGINES)
def test_library_renders(engine, tmp_path):
    repo = load_repository(LIBRARY)
    renderer = Renderer(engine, use_cache=False)
    pids = sorted(repo.processes)
    dots = [renderer.process_dot(repo, pid) for pid in pids]
    dots.append(renderer.map_dot(repo))
    outputs = renderer.render_many(dots, "json")
    for pid, out in zip(pids, outputs, strict=False):
        ids = {o.get("id") for o in json.loads(out)["objects"]}
        assert {step_dom_id(pid, s.id) for s in repo.processes[pid].steps} <= ids, pid
