"""The package's shape: no import cycles in procmodel/, and no module over 500 lines.

The import graph is read with :mod:`ast` from the source, so every import counts: top-level,
inside a function (a lazy import that closes a cycle hides it from readers, not from this
test) and under ``if TYPE_CHECKING:``. ``from package import name`` is an edge to the
submodule ``package.name`` when there is one, else to the package. Importing ``a.b.c``
also runs the ``__init__`` of ``a`` and ``a.b``; those implicit edges are left out, as
import-graph tools do: a package that re-exports its submodules would otherwise be in a
cycle with each of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "procmodel"
MAX_LINES = 500
#: Files allowed over MAX_LINES for now, each with the reason.
TOO_LONG_FOR_NOW: set[str] = set()  # none: bpmn/reader.py is split (issue 11)
#: Cycles allowed for now, each with the reason (as sorted module lists).
CYCLES_FOR_NOW: list[list[str]] = []  # none: the loaders are peers on LoadContext (issue 11)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _absolute(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The procmodel modules ``name`` imports, wherever in the file the import stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, name, path.name == "__init__.py")
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:
                    out.add(sub)
                elif target in known:
                    out.add(target)
    out.discard(name)
    return out


def import_graph() -> nx.DiGraph:
    found = modules()
    known = set(found)
    g = nx.DiGraph()
    g.add_nodes_from(known)
    for name, path in found.items():
        for target in imports_of(name, path, known):
            g.add_edge(name, target)
    return g


def describe(edges: list[tuple[str, str]]) -> str:
    """'a → b → a' for the edges of one cycle."""
    return " → ".join([*(u for u, _ in edges), edges[0][0]])


def test_every_kind_of_import_is_an_edge(tmp_path: Path) -> None:
    source = tmp_path / "b.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import c\n"
        "from .d import name\n"
        "if TYPE_CHECKING:\n"
        "    from procmodel.e import Thing\n"
        "def lazy():\n"
        "    import procmodel.f\n"
        "    from procmodel.g import h\n",
        encoding="utf-8",
    )
    known = {f"procmodel.{m}" for m in ("a", "a.b", "a.c", "a.d", "e", "f", "g", "g.h")}
    assert imports_of("procmodel.a.b", source, known) == {
        "procmodel.a.c", "procmodel.a.d", "procmodel.e", "procmodel.f", "procmodel.g.h",
    }  # fmt: skip


def test_the_import_graph_is_read_from_every_kind_of_import() -> None:
    g = import_graph()
    assert g.has_edge("procmodel.check", "procmodel.rules")  # top level
    assert g.has_edge("procmodel.check", "procmodel.changes")  # under TYPE_CHECKING
    assert g.has_edge("procmodel.report.formats", "procmodel.report.text")  # from package import module
    assert g.number_of_nodes() == len(modules()) > 50


def test_no_import_cycles() -> None:
    """Each cycle is a helper in the wrong module: move it to where both sides can import it."""
    g = import_graph()
    allowed = [sorted(c) for c in CYCLES_FOR_NOW]
    cycles = []
    for component in nx.strongly_connected_components(g):
        if len(component) > 1 and sorted(component) not in allowed:
            cycles.append(describe(nx.find_cycle(g.subgraph(component), source=min(component))))
    assert cycles == [], "import cycles in procmodel/:\n" + "\n".join(cycles)


def test_the_allowed_cycles_still_exist() -> None:
    """So an entry of CYCLES_FOR_NOW is removed as soon as its cycle is gone."""
    g = import_graph()
    components = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    for cycle in CYCLES_FOR_NOW:
        assert sorted(cycle) in components, f"{cycle} is no longer a cycle: remove it from CYCLES_FOR_NOW"


def test_no_module_is_over_500_lines() -> None:
    long = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and rel not in TOO_LONG_FOR_NOW:
            long[rel] = lines
    assert long == {}, f"split these modules along their seams (at most {MAX_LINES} lines): {long}"


def test_the_exempt_modules_are_still_too_long() -> None:
    """So an entry of TOO_LONG_FOR_NOW is removed as soon as its module is split."""
    for rel in TOO_LONG_FOR_NOW:
        path = PACKAGE / rel
        lines = len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
        assert lines > MAX_LINES, f"procmodel/{rel} is split ({lines} lines): remove it from TOO_LONG_FOR_NOW"
