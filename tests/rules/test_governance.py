"""PM406 beyond its cases: a plain check (or a CI checkout without history) reports nothing."""

from __future__ import annotations

from procmodel.rules.governance import next_version
from tests.helpers import GIT_ENV, commit_all, run_procmodel
from tests.test_history import base, process, write


def test_next_version():
    assert next_version("1.2.0") == "1.2.1"
    assert next_version("v3") == "v4"
    assert next_version("2026-1") == "2026-2"
    assert next_version("utkast") == "utkast.1"


def test_only_a_check_against_a_base_revision_reports_pm406(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första")
    text = process("kränkning").replace("Anmäl till rektor", "Anmäl till rektor samma dag")
    write(root, {"trygghet/kränkning.yaml": text})
    plain = run_procmodel("--lang", "en", "check", ".", cwd=root, env=GIT_ENV)
    assert "PM406" not in plain.stdout and "Traceback" not in plain.stderr
    since = run_procmodel("--lang", "en", "check", ".", "--changed-since", "HEAD", cwd=root, env=GIT_ENV)
    assert "warning PM406 version-not-raised: process 'kränkning' changed since HEAD" in since.stdout
    assert "from 1.0.0 to 1.0.1" in since.stdout
    commit_all(root, "andra")  # committed without raising the version: reported against HEAD~1
    since = run_procmodel("--lang", "en", "check", ".", "--changed-since", "HEAD~1", cwd=root, env=GIT_ENV)
    assert "PM406" in since.stdout
    since = run_procmodel("--lang", "en", "check", ".", "--changed-since", "HEAD", cwd=root, env=GIT_ENV)
    assert "PM406" not in since.stdout
