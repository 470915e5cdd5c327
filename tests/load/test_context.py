"""The loaders' shared context, and locations that belong to one load (issue 11's loader seams)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.load import bpmn_source
from procmodel.report.text import headline
from tests.load.test_broken_input import GOOD, make_repo


def test_a_reload_after_an_edit_reports_the_new_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``procmodel serve`` does: load, edit the file (lines added at the top), load again."""
    text = GOOD.format(id="fel").replace("role: rektor}\n  - {id: slut", "role: rektorn}\n  - {id: slut")
    root = make_repo(tmp_path / "repo", "fel", text.encode())
    monkeypatch.chdir(root)
    file = root / "p" / "fel.yaml"

    def unknown_role() -> str:
        repo = load_repository(".")
        (finding,) = [f for f in check_repository(repo) if f.rule == "PM101"]
        assert finding.location is not None
        assert repo.sources.text_line(finding.location.file, finding.location.line) is not None
        return headline(finding).split(": error")[0]

    assert unknown_role() == "p/fel.yaml:9:50"
    file.write_text("# tre\n# nya\n# rader\n" + text, encoding="utf-8")
    assert unknown_role() == "p/fel.yaml:12:50"
    file.write_text(text, encoding="utf-8")  # the same size as at first, back to the first lines
    assert unknown_role() == "p/fel.yaml:9:50"


def test_each_load_owns_its_location_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "repo", "fel", GOOD.format(id="fel").encode())
    monkeypatch.chdir(root)
    first, second = load_repository("."), load_repository(".")
    assert first.sources.cache is not second.sources.cache


def test_the_bpmn_loader_uses_only_the_public_load_context() -> None:
    tree = ast.parse(Path(bpmn_source.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("procmodel.load.context", "LoadContext") in imported
    assert not [
        name
        for module, name in imported
        if module and module.startswith("procmodel.load.") and name.startswith("_")
    ]
    assert not any(module == "procmodel.load.repository" for module, _ in imported)


def test_the_repository_loader_stays_small() -> None:
    from procmodel.load import repository

    assert len(Path(repository.__file__).read_text(encoding="utf-8").splitlines()) < 300


def test_where_locates_every_loaded_object_like_the_old_accessors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    repo = load_repository("processes")
    for p in repo.processes.values():
        assert repo.file_of(p) == repo.process_file(p.id)
        for s in p.steps:
            assert repo.where(s, "id") == repo.step_ref(p, s._index, "id")
            for o in s.outcomes:
                assert repo.where(o, "next") == repo.step_ref(p, s._index, "outcomes", o._index, "next")
    for gid, goal in repo.goals.items():
        assert repo.where(goal) == repo.goal_ref(gid)
    for cat in repo.catalogs.values():
        assert repo.file_of(cat) == cat._file
    role = next(iter(repo.roles.values()))
    assert repo.sources.locate(repo.where(role, "id")).line >= 1
    with pytest.raises(KeyError):
        repo.where(p.model_copy())


def test_a_file_gone_since_the_load_gives_a_file_location_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = GOOD.format(id="fel").replace("owner: rektor", "owner: rektorn")
    root = make_repo(tmp_path / "repo", "fel", text.encode())
    monkeypatch.chdir(root)
    repo = load_repository(".")
    (root / "p" / "fel.yaml").write_text("id: [trasig\n", encoding="utf-8")  # no longer composes
    (finding,) = [f for f in check_repository(repo) if f.rule == "PM101"]
    assert finding.location is not None and (finding.location.file, finding.location.line) == (
        "p/fel.yaml",
        0,
    )


def test_a_bug_in_a_locator_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from procmodel.findings import SourceRef

    root = make_repo(tmp_path / "repo", "fel", GOOD.format(id="fel").encode())
    monkeypatch.chdir(root)
    repo = load_repository(".")

    def broken(path: tuple[str | int, ...], key: bool) -> tuple[int, int, int]:
        raise ZeroDivisionError("a bug")

    repo.sources.locators["p/fel.yaml"] = broken
    with pytest.raises(ZeroDivisionError):
        repo.sources.locate(SourceRef("p/fel.yaml", ("id",)))
