"""``procmodel render``: files, summary line, cache hits, --only, --format dot, clean errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.render.conftest import FIXTURE


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "procmodel", "render", str(FIXTURE), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_render_all_then_nothing(tmp_path):
    args = ("--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"), "--engine", "wasm")
    first = run(*args)
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "åtgärda-kränkning.svg" in names and "processkarta.svg" in names
    assert "röd-tråd-sl-6-10.svg" in names
    assert f"rendered {len(names)}, cache hits 0" in first.stderr
    second = run(*args)
    assert f"rendered 0, cache hits {len(names)}" in second.stderr


def test_only_and_dot(tmp_path):
    out = run("--out", str(tmp_path), "--only", "utredning", "--format", "dot")
    assert out.returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["utredning.dot"]


def test_unknown_only_is_a_usage_error(tmp_path):
    out = run("--out", str(tmp_path), "--only", "finns-inte")
    assert out.returncode == 2 and "finns-inte" in out.stderr and "Traceback" not in out.stderr


def test_unreadable_file_is_named_and_the_rest_is_rendered(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    broken = repo / "processer" / "utredning.yaml"
    text = broken.read_text(encoding="utf-8") + "title: Samma nyckel två gånger\n"
    broken.write_text(text, encoding="utf-8")
    last = len(broken.read_text(encoding="utf-8").splitlines())
    command = [sys.executable, "-m", "procmodel", "render", str(repo), "--out", str(tmp_path / "out")]
    out = subprocess.run([*command, "--no-cache"], capture_output=True, text=True)
    assert out.returncode == 2
    assert f"processer/utredning.yaml:{last}:1: error" in out.stderr
    assert "could not be read" in out.stderr and "Traceback" not in out.stderr
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert "åtgärda-kränkning.svg" in written and "utredning.svg" not in written


def test_rendered_svg_has_its_links_in_step_order(tmp_path):
    from procmodel import load_repository
    from procmodel.render import step_order
    from tests.render.conftest import SVG, parse

    out = run("--out", str(tmp_path), "--only", "åtgärda-kränkning", "--engine", "wasm", "--no-cache")
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "åtgärda-kränkning.svg").read_text(encoding="utf-8")
    root = parse(text.split("\n", 1)[1])  # after the XML declaration
    nodes = [g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("step-")]
    order = step_order(load_repository(FIXTURE), "åtgärda-kränkning")
    assert [n for n in nodes if n in order] == order


def test_the_default_cache_folder_is_ignored_by_git(tmp_path):
    from tests.helpers import git

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    out = run("--out", "diagrams", "--only", "utredning", "--engine", "wasm", cwd=repo)
    assert out.returncode == 0, out.stderr
    assert any((repo / ".procmodel-cache").rglob("*.svg"))  # the default: .procmodel-cache/ here
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert untracked and all(line.startswith("?? ") for line in untracked)
    assert not [line for line in untracked if ".procmodel-cache" in line], untracked
