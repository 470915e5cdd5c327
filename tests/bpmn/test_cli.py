"""`procmodel import` and `procmodel export`, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from procmodel.model import Process
from tests.bpmn.conftest import CORPUS, FIXTURES


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procmodel", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_import_writes_yaml_deterministically_and_refuses_to_overwrite(repo_dir: Path) -> None:
    src = FIXTURES / "source" / "ritad.bpmn"
    out = repo_dir / "importerat"
    first = run("import", str(src), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "PM007 warning: multi-instance marker" in first.stderr and "ritad.bpmn:20:" in first.stderr
    target = out / "ritad-process.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    Process.model_validate(data)
    assert "1 process(es), 2 tasks" in first.stdout
    assert "- id: mentor" in first.stdout  # a role roles.yaml lacks, printed as YAML to paste
    content = target.read_bytes()
    again = run("import", str(src), "--out", str(out))
    assert again.returncode == 1 and "already exists; use --force" in again.stderr
    assert target.read_bytes() == content
    forced = run("import", str(src), "--out", str(out), "--force")
    assert forced.returncode == 0 and target.read_bytes() == content  # same input, same bytes
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left


def test_import_add_roles_keeps_comments(repo_dir: Path) -> None:
    done = run("import", str(FIXTURES / "source" / "ritad.bpmn"), "--out", str(repo_dir), "--add-roles")
    assert done.returncode == 0, done.stderr
    text = (repo_dir / "roles.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Våra roller\n") and "# skolans ledare" in text
    assert "id: mentor" in text and "name: Mentor" in text


def test_import_refuses_unsafe_file(tmp_path: Path) -> None:
    bad = tmp_path / "ond.bpmn"
    bad.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d>&x;</d>'
    )
    done = run("import", str(bad), "--out", str(tmp_path))
    assert done.returncode == 2
    assert f"{bad}:2:1: PM008 error: the file declares a DOCTYPE" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == [bad]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="MIWG corpus not present")
def test_import_collaboration_writes_one_file_per_process(tmp_path: Path) -> None:
    done = run("import", str(CORPUS / "Reference" / "C.4.0.bpmn"), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    files = sorted(tmp_path.glob("*.yaml"))
    assert len(files) >= 2
    for f in files:
        Process.model_validate(yaml.safe_load(f.read_text(encoding="utf-8")))


def test_export_bpmn_and_mermaid(repo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    done = run("export", "--all", "--format", "bpmn", "--out", str(out), "--repo", str(repo_dir))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alla-steg.bpmn", "enkel.bpmn"]
    mermaid = run("export", "enkel", "--format", "mermaid", "--repo", str(repo_dir))
    assert mermaid.returncode == 0 and mermaid.stdout.startswith("flowchart LR\n")


def test_export_unknown_id_is_a_usage_error(repo_dir: Path) -> None:
    done = run("export", "enkl", "--repo", str(repo_dir))
    assert done.returncode == 2
    assert "unknown process id 'enkl' (did you mean 'enkel'?)" in done.stderr
