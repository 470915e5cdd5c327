"""DOT snapshots: the exact DOT text for the fixture. Regenerate with UPDATE_SNAPSHOTS=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from procmodel.render import Renderer
from tests.render.conftest import href

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("process-åtgärda-kränkning", lambda r, repo: r.process_dot(repo, "åtgärda-kränkning", href, True)),
        ("process-utredning", lambda r, repo: r.process_dot(repo, "utredning")),
        ("processkarta", lambda r, repo: r.map_dot(repo, href)),
        ("röd-tråd-sl-6-10", lambda r, repo: r.red_thread_dot(repo, "sl-6-10", href)),
    ],
)
def test_dot_snapshot(repo, name, build):
    dot = build(Renderer(use_cache=False), repo)
    path = SNAPSHOTS / f"{name}.dot"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(dot, encoding="utf-8")
    assert dot == path.read_text(encoding="utf-8")
