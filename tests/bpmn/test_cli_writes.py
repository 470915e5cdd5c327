"""`procmodel import` and `export` write all or nothing and never overwrite what they did not make."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from procmodel.bpmn.writer import process_to_bpmn
from procmodel.model import Process, Step, StepType
from tests.bpmn.conftest import FIXTURES
from tests.bpmn.test_cli import run

SOURCE = FIXTURES / "source" / "ritad.bpmn"
ROLES = "# Våra roller\nroles:\n  - id: rektor   # skolans ledare\n    name: Rektor\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (
            "roles:\n  - id: rektor\n    name: Rektor\n    name: Chef\n",
            "roles.yaml:4:5: PM002: duplicate key 'name'",
        ),
        ("# bara kommentarer\n# inget mer\n", "roles.yaml: PM005: file holds only comments"),
        ("roles:\n  rektor: Rektor\n", "roles.yaml:2:3: 'roles' holds a mapping, but a list is expected"),
        ("- id: rektor\n", "roles.yaml:1:1: PM001: file holds a list"),
    ],
)
def test_import_add_roles_into_a_broken_roles_file_writes_nothing(
    repo_dir: Path, roles: str, message: str
) -> None:
    (repo_dir / "roles.yaml").write_text(roles, encoding="utf-8")
    before = _files(repo_dir)
    done = run("import", str(SOURCE), "--out", str(repo_dir), "--add-roles")
    assert done.returncode == 1, done.stderr
    assert message in done.stderr and "Nothing was written" in done.stderr
    assert "internal error" not in done.stderr
    assert _files(repo_dir) == before


def test_import_add_roles_changes_only_the_added_lines_and_keeps_the_mode(repo_dir: Path) -> None:
    roles = repo_dir / "roles.yaml"
    text = (
        ROLES
        + "\n# Externa\n  # (en kommentar till listan)\n"
        + "  - id: 'vårdnadshavare'\n    name: Vårdnadshavare\n    external: true\n"
    )
    roles.write_text(text, encoding="utf-8")
    roles.chmod(0o600)
    done = run("import", str(SOURCE), "--out", str(repo_dir / "ny"), "--add-roles")
    assert done.returncode == 0, done.stderr
    assert "added 1 role(s)" in done.stdout
    after = roles.read_text(encoding="utf-8")
    assert after == text + "  - id: mentor\n    name: Mentor\n"
    assert stat.S_IMODE(roles.stat().st_mode) == 0o600


def _bpmn_with_id(tmp_path: Path, pid: str) -> Path:
    process = Process(
        id=pid, title="Roller?", steps=[Step(id="s", type=StepType.start), Step(id="a", title="A")]
    )
    path = tmp_path / f"{pid}.bpmn"
    path.write_bytes(process_to_bpmn(process))
    return path


@pytest.mark.parametrize("pid", ["roles", "documents", "procmodel"])
def test_force_never_replaces_the_roles_documents_or_configuration(
    repo_dir: Path, tmp_path: Path, pid: str
) -> None:
    (repo_dir / "documents.yaml").touch()
    before = _files(repo_dir)
    done = run("import", str(_bpmn_with_id(tmp_path, pid)), "--out", str(repo_dir), "--force")
    assert done.returncode == 1
    assert (
        f"{pid}.yaml: the process '{pid}' would be written over a file that is not a process" in done.stderr
    )
    assert _files(repo_dir) == before


def test_force_never_writes_into_the_goal_catalogs(repo_dir: Path, tmp_path: Path) -> None:
    before = _files(repo_dir)
    done = run("import", str(_bpmn_with_id(tmp_path, "mål")), "--out", str(repo_dir / "goals"), "--force")
    assert done.returncode == 1 and "not a process" in done.stderr
    assert _files(repo_dir) == before


def test_force_replaces_only_a_process_with_the_same_id(repo_dir: Path, tmp_path: Path) -> None:
    source = _bpmn_with_id(tmp_path, "enkel")
    target = repo_dir / "enkel.yaml"
    target.write_text("id: annan\ntitle: Annan\nsteps:\n  - id: a\n", encoding="utf-8")
    done = run("import", str(source), "--out", str(repo_dir), "--force")
    assert done.returncode == 1 and "is not the process 'enkel'" in done.stderr
    assert target.read_text(encoding="utf-8").startswith("id: annan")
    target.write_text("id: enkel\ntitle: Gammal\nsteps:\n  - id: a\n", encoding="utf-8")
    done = run("import", str(source), "--out", str(repo_dir), "--force")
    assert done.returncode == 0, done.stderr
    assert "title: Roller?" in target.read_text(encoding="utf-8")


def test_import_into_a_path_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("", encoding="utf-8")
    done = run("import", str(SOURCE), "--out", str(blocker / "ut"))
    assert done.returncode == 2
    assert f"procmodel: cannot write {blocker}: Not a directory" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fil"]


def _full_disk() -> None:
    """In the child: files may not grow past 200 bytes (EFBIG, as a full disk gives ENOSPC)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def run_on_a_full_disk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procmodel", *args],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False, preexec_fn=_full_disk,
    )  # fmt: skip


def test_import_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    done = run_on_a_full_disk("import", str(SOURCE), "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert f"procmodel: cannot write {out / 'ritad-process.yaml'}: File too large" in done.stderr
    assert "internal error" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # the new folder is gone too


def test_export_on_a_full_disk_leaves_nothing(repo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    done = run_on_a_full_disk("export", "--all", "--out", str(out), "--repo", str(repo_dir))
    assert done.returncode == 2 and "cannot write" in done.stderr and str(out) in done.stderr
    assert list(out.iterdir()) == []


def test_export_refuses_a_boundary_event_attached_to_itself(repo_dir: Path, tmp_path: Path) -> None:
    process = repo_dir / "enkel.yaml"
    process.write_text(
        process.read_text(encoding="utf-8") + "  - id: vänta\n    type: event\n    attached_to: vänta\n",
        encoding="utf-8",
    )
    done = run("export", "enkel", "--out", str(tmp_path / "ut"), "--repo", str(repo_dir))
    assert done.returncode == 1
    assert "enkel: cannot be written as BPMN: step 'vänta' is attached to itself" in done.stderr
    assert "internal error" not in done.stderr and not (tmp_path / "ut").exists()


def test_a_temp_file_of_a_killed_import_is_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "ut"
    out.mkdir()
    left = out / f".ritad-process.yaml.tmp-{dead.pid}"
    left.write_text("halv", encoding="utf-8")
    mine = out / f".annan.yaml.tmp-{os.getpid()}"  # a process that still runs: kept
    mine.write_text("pågår", encoding="utf-8")
    done = run("import", str(SOURCE), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [mine.name, "ritad-process.yaml"]
