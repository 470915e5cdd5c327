"""Only regular files inside the repository are read (procmodel.load.discovery).

Links, pipes and sockets cannot be committed as fixtures, so they are made here in a
copy of a small good repository.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from procmodel import check_repository, load_repository
from procmodel.load.discovery import NotRegularFile, read_regular_file
from procmodel.load.yaml_source import YamlProblem, read_yaml_file
from procmodel.report.text import headline
from tests.load.test_broken_input import GOOD, make_repo

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _check(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    return [headline(f) for f in check_repository(load_repository("."))]


@needs_fifo
def test_a_named_pipe_called_yaml_is_refused_without_waiting(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", "närvaro", GOOD.format(id="närvaro").encode())
    os.mkfifo(root / "p" / "rör.yaml")
    run = subprocess.run(
        [sys.executable, "-m", "procmodel", "check", "repo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,  # a guard: the old code waited here forever
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert (
        "repo/p/rör.yaml: error PM012 not-a-regular-file: 'rör.yaml' is a named pipe, not a regular file"
        in run.stdout
    )
    assert "internal error" not in run.stderr


def test_a_socket_called_yaml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "r", "närvaro", GOOD.format(id="närvaro").encode())
    monkeypatch.chdir(root / "p")  # a short path: socket addresses are limited to ~100 bytes
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("s.yaml")
        lines = _check(root, monkeypatch)
    assert (
        "p/s.yaml: error PM012 not-a-regular-file: 's.yaml' is a socket, not a regular file; it was not read"
        in lines
    )


@needs_fifo
def test_the_reader_refuses_a_pipe_from_the_open_file(tmp_path: Path) -> None:
    """Defence in depth: a pipe put in place after discovery does not block the read either."""
    os.mkfifo(tmp_path / "rör.yaml")
    with pytest.raises(NotRegularFile) as exc:
        read_regular_file(tmp_path / "rör.yaml", 100)
    assert exc.value.kind == "a named pipe"
    with pytest.raises(YamlProblem) as problem:
        read_yaml_file(tmp_path / "rör.yaml")
    assert problem.value.rule == "PM012"


def test_a_folder_link_out_of_the_repository_is_refused_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo", "närvaro", GOOD.format(id="närvaro").encode())
    secret = tmp_path / "hemligt"
    secret.mkdir()
    (secret / "hemlig.yaml").write_text(GOOD.format(id="hemlig"), encoding="utf-8")
    os.symlink("../../hemligt", root / "p" / "länk")
    repo_lines = _check(root, monkeypatch)
    assert repo_lines == [
        "p/länk: error PM006 path-outside-repository: 'länk' is a link to a folder outside the "
        "repository; it was not followed"
    ]
    assert "hemlig" not in load_repository(".").processes


def test_a_folder_link_inside_the_repository_reads_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo", "närvaro", GOOD.format(id="närvaro").encode())
    os.symlink(".", root / "p" / "här")  # also a loop, if it were followed
    os.symlink("../p", root / "p" / "igen")
    assert _check(root, monkeypatch) == []
    assert sorted(load_repository(".").processes) == ["frånvaro", "närvaro"]


def test_link_loops_are_located_findings_not_internal_errors(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", "närvaro", GOOD.format(id="närvaro").encode())
    os.symlink("slinga.yaml", root / "p" / "slinga.yaml")
    os.symlink("b", root / "p" / "a")
    os.symlink("a", root / "p" / "b")
    run = subprocess.run(
        [sys.executable, "-m", "procmodel", "check", "repo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "internal error" not in run.stderr, run.stderr
    assert run.returncode == 2
    assert (
        "repo/p/slinga.yaml: error PM012 not-a-regular-file: 'slinga.yaml' is a link that leads back"
        in run.stdout
    )


def test_upper_case_suffix_is_reported_with_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "repo", "närvaro", GOOD.format(id="närvaro").encode())
    (root / "p" / "Ledighet.Yml").write_text(GOOD.format(id="Ledighet"), encoding="utf-8")
    monkeypatch.chdir(root)
    repo = load_repository(".")
    (finding,) = [f for f in check_repository(repo) if f.rule == "PM013"]
    assert headline(finding) == (
        "p/Ledighet.Yml: error PM013 suffix-case: 'Ledighet.Yml' has an upper-case suffix '.Yml'; "
        "it was not read"
    )
    assert finding.hint is not None and "Rename it to 'Ledighet.yml'" in finding.hint
    assert "Ledighet" not in repo.processes


def test_document_paths_that_loop_hold_nul_or_are_too_long_are_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PM108 resolves paths from documents.yaml; these used to raise (RuntimeError, ValueError, OSError)."""
    root = make_repo(tmp_path / "repo", "närvaro", GOOD.format(id="närvaro").encode())
    os.symlink("slinga", root / "slinga")
    long_name = "x" * 300  # over NAME_MAX (255)
    (root / "documents.yaml").write_text(
        "documents:\n"
        "  - {id: slinga, title: S, path: slinga}\n"
        '  - {id: nul, title: N, path: "a\\0b.pdf"}\n'
        f"  - {{id: lång, title: L, path: {long_name}}}\n"
        "  - {id: ut, title: U, path: ../../etc/passwd}\n",
        encoding="utf-8",
    )
    head = "error PM108 broken-document-link: document"
    lines = [line for line in _check(root, monkeypatch) if " PM108 " in line]
    assert lines == [
        f"documents.yaml:2:34: {head} 'slinga': file 'slinga' does not exist",
        f"documents.yaml:3:31: {head} 'nul': file 'a\u2400b.pdf' does not exist",
        f"documents.yaml:4:32: {head} 'lång': file '{long_name}' does not exist",
        f"documents.yaml:5:30: {head} 'ut' points outside the repository: '../../etc/passwd'",
    ]


def test_the_site_build_skips_a_document_path_that_loops(tmp_path: Path) -> None:
    text = GOOD.format(id="närvaro").replace(
        "role: rektor}\n  - {id: slut", "role: rektor, documents: [slinga]}\n  - {id: slut"
    )
    root = make_repo(tmp_path / "repo", "närvaro", text.encode())
    os.symlink("slinga", root / "slinga")
    (root / "documents.yaml").write_text(
        "documents:\n  - {id: slinga, title: S, path: slinga}\n", encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "procmodel", "build", "repo", "--audience", "staff", "--site-dir", "site"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "internal error" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "index.html").is_file()
