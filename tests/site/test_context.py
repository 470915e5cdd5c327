"""The page builders' shared context (procmodel/site/context.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.graph import process_node, sources
from procmodel.site.diagrams import Diagrams
from procmodel.site.pages import site_context
from tests.test_benchmark_generator import generate

EXAMPLES = Path(__file__).parents[2] / "processes"


def _callers_by_edges(repo, pid: str) -> list[tuple[str, str]]:
    g = repo.graph
    found = [
        (g.nodes[src]["process"], g.nodes[src]["obj"].id)
        for src in sources(g, process_node(pid), "calls")
        if g.nodes[src]["kind"] == "step" and g.nodes[src]["process"] in repo.processes
    ]
    return sorted(found)


@pytest.mark.parametrize("audience", ["public", "staff"])
@pytest.mark.parametrize("where", ["examples", "generated"])
def test_callers_read_from_the_model_equal_the_graphs_calls_edges(audience, where, tmp_path) -> None:
    root = EXAMPLES if where == "examples" else generate.cached_repository(tmp_path, processes=40, steps=25)
    ctx = site_context(load_repository(root), audience, "sv", True, Diagrams(enabled=False), None)
    assert ctx.repo._graph is None or audience == "public"  # the public view filters the graph
    called = [pid for pid in ctx.repo.processes if ctx.callers(pid)]
    assert called or (where, audience) == ("generated", "public")  # generated processes are staff-only
    for pid in ctx.repo.processes:
        assert ctx.callers(pid) == _callers_by_edges(ctx.repo, pid), pid
