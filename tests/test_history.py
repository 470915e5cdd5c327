"""The processes' change history read from git (procmodel.history): few git runs, renames,
shallow clones, no git, the cache."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from procmodel import load_repository
from procmodel.history import MAX_CHANGES, HistoryUnavailable, read_history, site_history
from tests.helpers import commit_all, git

EXAMPLE = Path(__file__).resolve().parents[1] / "processes"

ROLES = (
    "roles:\n  - {id: rektor, name: Rektor}\n  - {id: lärare, name: Lärare}\n"
    "  - {id: kurator, name: Kurator}\n"
)
GOALS = "id: skollagen\ntitle: Skollagen\ngoals:\n  - {id: sl-6-10, number: 6 kap. 10 §, title: Utredning}\n"


def process(pid: str, version: str = "1.0.0", extra_step: str = "", goal: bool = True) -> str:
    goals = "    goals: [sl-6-10]\n" if goal else ""
    return (
        textwrap.dedent(
            f"""\
        id: {pid}
        title: Process {pid}
        version: {version}
        owner: rektor
        steps:
          - id: start
            type: start
          - id: anmäl
            title: Anmäl till rektor
            role: lärare
        """
        )
        + goals
        + extra_step
        + "  - id: klart\n    type: end\n"
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def base(root: Path, *pids: str) -> Path:
    write(root, {"procmodel.yaml": "name: Test\n", "roles.yaml": ROLES, "goals/skollagen.yaml": GOALS})
    write(root, {f"trygghet/{pid}.yaml": process(pid) for pid in pids})
    return root


STEP = "  - id: stödsamtal\n    title: Erbjud eleven stödsamtal\n    role: kurator\n"


def test_each_process_gets_its_commits_newest_first_with_version_and_diff(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första", "2026-03-01T10:00:00+01:00")
    write(root, {"README.md": "not a process\n"})
    commit_all(root, "readme", "2026-03-02T10:00:00+01:00")  # touches no process: not in its history
    write(root, {"trygghet/kränkning.yaml": process("kränkning", "1.1.0", STEP, goal=False)})
    commit_all(root, "andra", "2026-03-05T10:00:00+01:00")
    repo = load_repository(root)
    history = read_history(repo, use_cache=False)
    fh = history.of(repo, repo.processes["kränkning"])
    assert fh is not None and fh.path == "trygghet/kränkning.yaml"
    assert [(c.state, c.date, c.version) for c in fh.changes] == [
        ("changed", dt.date(2026, 3, 5), "1.1.0"),
        ("created", dt.date(2026, 3, 1), "1.0.0"),
    ]
    assert fh.last_changed == dt.date(2026, 3, 5)
    d = fh.changes[0].diff()
    assert d is not None and [s.title for s in d.steps_added] == ["Erbjud eleven stödsamtal"]
    assert d.goals_lost == ["sl-6-10"] and d.roles_gained == ["kurator"]
    assert fh.changes[1].diff() is None  # the file was added: nothing to compare with


def test_a_fixed_number_of_git_runs_however_many_processes(tmp_path):
    runs = []
    for n in (1, 6):
        root = base(tmp_path / f"repo{n}", *(f"p{i}" for i in range(n)))
        commit_all(root, "första")
        for i in range(n):
            write(root, {f"trygghet/p{i}.yaml": process(f"p{i}", "1.1.0", STEP)})
        commit_all(root, "andra")
        history = read_history(load_repository(root), use_cache=False)
        assert len(history.files) == n and all(len(f.changes) == 2 for f in history.files.values())
        runs.append(history.git_runs)
    assert runs[0] == runs[1] == 4  # rev-parse ×2, one log, one cat-file


def test_a_renamed_file_keeps_its_history(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första")
    (root / "elevhälsa").mkdir()
    git(root, "mv", "trygghet/kränkning.yaml", "elevhälsa/kränkning.yaml")
    write(root, {"elevhälsa/kränkning.yaml": process("kränkning", "1.0.1")})
    commit_all(root, "flyttad")
    repo = load_repository(root)
    fh = read_history(repo, use_cache=False).of(repo, repo.processes["kränkning"])
    assert fh is not None and [c.state for c in fh.changes] == ["changed", "created"]
    assert fh.changes[0].renamed_from == "trygghet/kränkning.yaml"
    d = fh.changes[0].diff()
    assert d is not None and (d.version_before, d.version_after) == ("1.0.0", "1.0.1")


def test_at_most_the_newest_changes_are_kept(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "v0")
    for i in range(1, MAX_CHANGES + 3):
        write(root, {"trygghet/kränkning.yaml": process("kränkning", f"1.{i}.0")})
        commit_all(root, f"v{i}")
    repo = load_repository(root)
    fh = read_history(repo, use_cache=False).of(repo, repo.processes["kränkning"])
    assert fh is not None and len(fh.changes) == MAX_CHANGES
    assert fh.changes[0].version == f"1.{MAX_CHANGES + 2}.0" and fh.changes[-1].state == "changed"


def test_a_repository_in_a_subfolder_and_an_uncommitted_process(tmp_path):
    top = tmp_path / "top"
    root = base(top / "processes", "kränkning")
    write(top, {"mkdocs.yml": "site_name: x\n"})
    commit_all(top, "första")
    write(root, {"trygghet/ny.yaml": process("ny")})  # never committed
    repo = load_repository(root)
    history = read_history(repo, use_cache=False)
    assert set(history.files) == {"trygghet/kränkning.yaml"}
    assert history.of(repo, repo.processes["ny"]) is None  # no date is made up for it


def test_a_version_that_could_not_be_read_is_no_crash(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första")
    write(root, {"trygghet/kränkning.yaml": "id: kränkning\nsteps: [\n"})
    commit_all(root, "trasig")
    write(root, {"trygghet/kränkning.yaml": process("kränkning", "1.0.1")})
    commit_all(root, "lagad")
    repo = load_repository(root)
    fh = read_history(repo, use_cache=False).of(repo, repo.processes["kränkning"])
    assert fh is not None
    unreadable = [(c.before is None, c.after is None) for c in fh.changes]
    assert unreadable == [(True, False), (False, True), (True, False)]
    assert [c.diff() for c in fh.changes] == [None, None, None]


def test_no_git_repository_and_no_commits_yet(tmp_path):
    root = base(tmp_path / "plain", "kränkning")
    repo = load_repository(root)
    with pytest.raises(HistoryUnavailable):
        read_history(repo)
    history, why = site_history(repo)
    assert history is None and why
    git(root, "init", "-q", "-b", "main")
    history = read_history(load_repository(root), use_cache=False)
    assert history.files == {} and history.commits == 0


def test_a_shallow_clone_says_earlier_history_is_missing(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första", "2026-03-01T10:00:00+01:00")
    write(root, {"README.md": "x\n"})
    commit_all(root, "annat", "2026-04-01T10:00:00+01:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    repo = load_repository(clone)
    fh = read_history(repo, use_cache=False).of(repo, repo.processes["kränkning"])
    assert fh is not None and [c.state for c in fh.changes] == ["earlier_unknown"]
    assert fh.last_changed is None  # the clone's cut is not when the process changed


def test_the_cache_reads_each_version_once_and_ignores_planted_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första")
    write(root, {"trygghet/kränkning.yaml": process("kränkning", "1.1.0", STEP)})
    commit_all(root, "andra")
    repo = load_repository(root)
    first = read_history(repo)
    assert first.blobs_read == 1  # the older version; the newest is the work tree's, loaded already
    cache = root / ".procmodel-cache" / "history.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert len(data["entries"]) == 2
    again = read_history(repo)
    assert again.blobs_read == 0
    assert again.files["trygghet/kränkning.yaml"].changes == first.files["trygghet/kränkning.yaml"].changes
    # an entry made with another user's secret (or by hand) is never taken for this one's
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other"))
    assert read_history(repo).blobs_read == 1
    cache.write_text("{not json", encoding="utf-8")
    assert read_history(repo).blobs_read == 1


def test_the_work_tree_version_and_the_committed_one_digest_alike(tmp_path):
    root = base(tmp_path / "repo", "kränkning")
    commit_all(root, "första")
    write(root, {"trygghet/kränkning.yaml": process("kränkning", "1.0.1")})
    commit_all(root, "bara versionen")
    repo = load_repository(root)
    fh = read_history(repo, use_cache=False).of(repo, repo.processes["kränkning"])
    assert fh is not None
    d = fh.changes[0].diff()  # before: parsed from git; after: the loaded work-tree process
    assert d is not None and d.version_changed and not d.content_changed


def test_a_units_variant_has_no_history_of_its_own(tmp_path):
    root = tmp_path / "processes"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".procmodel-cache"))
    commit_all(root, "exemplet")
    repo = load_repository(root)
    history = read_history(repo, use_cache=False)
    assert repo.variants
    for pid in repo.variants:
        assert history.of(repo, repo.processes[pid]) is None
    assert all(history.of(repo, p) for pid, p in repo.processes.items() if pid not in repo.variants)
