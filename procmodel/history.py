"""Each process file's change history, read from git: when it changed, to which version, and how.

:func:`read_history` reads the history of a whole repository with a fixed number of git
processes, whatever its size: one ``git log --first-parent --raw -M`` over the repository's
folder (every commit with the files it touched, their blob ids and renames) and one
``git cat-file --batch`` for the file versions not seen before. Each version is reduced to a
:class:`~procmodel.process_diff.ProcessDigest`, kept in ``.procmodel-cache/history.json``
under a keyed hash of its blob id, so a later build reads only the versions committed since.
The history follows the first parent: a merged pull request is one change, dated when it
landed on the branch that was built.

Without git, outside a work tree or before the first commit there is no history (``None``
or an empty one), never an invented date. In a shallow clone the oldest commit fetched seems
to add every file; such an entry says that the history before it is missing
(``state == "earlier_unknown"``), and the file has no "last changed" date unless a later
commit changed it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

import procmodel
from procmodel.bpmn.reader import read_bpmn
from procmodel.bpmn.xml import XmlProblem, parse_bytes
from procmodel.cache_entries import caches_off, read_entries, save_entries
from procmodel.check_cache import CACHE_DIR
from procmodel.load.parse_cache import cache_secret
from procmodel.load.yaml_source import YamlProblem, read_yaml
from procmodel.model import Process
from procmodel.process_diff import ProcessDiff, ProcessDigest, diff_digests, digest, relative_file
from procmodel.repository import Repository

#: Changes kept per process (the newest ones): what a process page lists.
MAX_CHANGES = 10
CACHE_FILE = "history.json"
FORMAT = f"procmodel-history-cache 1 {procmodel.__version__}"
_GIT_TIMEOUT = 300


@dataclass(frozen=True)
class Change:
    """One commit that changed a process file.

    ``state``: ``created`` (the commit added the file), ``changed``, or ``earlier_unknown``
    (a shallow clone's oldest commit: what came before is not in this copy). ``before`` and
    ``after`` are the process at the parent commit and at this one (``None``: none, or it
    could not be read then). ``order``: the commit's place in the log, 0 the newest.
    """

    commit: str
    date: dt.date
    order: int
    state: str
    before: ProcessDigest | None
    after: ProcessDigest | None
    renamed_from: str | None = None

    @property
    def version(self) -> str | None:
        return self.after.version if self.after else None

    def diff(self) -> ProcessDiff | None:
        """What changed in the process (``None``: not a change of a readable version, or none)."""
        if self.state != "changed" or self.before is None or self.after is None:
            return None
        return diff_digests(self.before, self.after)


@dataclass
class FileHistory:
    """The newest changes of one process file (at most :data:`MAX_CHANGES`), newest first."""

    path: str  # relative to the repository folder
    changes: list[Change] = field(default_factory=list)

    @property
    def last_changed(self) -> dt.date | None:
        """The date of the last commit that changed the file (``None``: unknown or never committed)."""
        if not self.changes or self.changes[0].state == "earlier_unknown":
            return None
        return self.changes[0].date


@dataclass
class RepositoryHistory:
    """The history of every process file of a repository that git knows."""

    root: Path
    files: dict[str, FileHistory] = field(default_factory=dict)  # repository-relative path → history
    paths: dict[str, str] = field(default_factory=dict)  # process id → its file's path, as in ``files``
    commits: int = 0  # commits read
    blobs_read: int = 0  # file versions read from git (the rest came from the cache)
    git_runs: int = 0

    def of(self, repo: Repository, p: Process) -> FileHistory | None:
        """The history of ``p``'s file (``None``: git does not know the file)."""
        if not self.files:
            return None
        return self.files.get(self.paths.get(p.id) or relative_file(repo, p))


class HistoryUnavailable(Exception):
    """No history to read: git is missing, or the folder is not in a git work tree."""


@dataclass
class _Touch:
    status: str
    old_path: str
    new_path: str
    old_blob: str
    new_blob: str


@dataclass
class _Commit:
    sha: str
    date: dt.date
    order: int
    touches: dict[str, _Touch]  # by the path after the commit


def read_history(repo: Repository, *, use_cache: bool = True) -> RepositoryHistory:
    """The history of every process of ``repo``; raises :class:`HistoryUnavailable` without git."""
    git = _Git(repo.root)
    top, shallow = git.top_and_shallow()
    history = RepositoryHistory(repo.root)
    if not git.has_commits():
        history.git_runs = git.runs
        return history
    subdir = Path(os.path.relpath(repo.root.resolve(), top)).as_posix()
    prefix = "" if subdir == "." else subdir + "/"
    commits = git.log()  # of the repository folder; the paths it gives are from the top
    history.commits = len(commits)
    # a unit's variant is merged from two files: its history is its central process's
    history.paths = {
        pid: relative_file(repo, p) for pid, p in repo.processes.items() if pid not in repo.variants
    }
    walks = {rel: _walk(commits, prefix + rel) for rel in sorted(set(history.paths.values()))}
    blobs = {b for walk in walks.values() for _, t in walk for b in (t.old_blob, t.new_blob) if _is_blob(b)}
    store = _DigestStore(repo.root / CACHE_DIR / CACHE_FILE, use_cache)
    kinds = {t.new_blob: t.new_path for walk in walks.values() for _, t in walk}
    kinds.update({t.old_blob: t.old_path for walk in walks.values() for _, t in walk})
    missing = [b for b in sorted(blobs) if not store.has(b, kinds[b])]
    current = _current_blobs(repo, history.paths) if missing else {}  # in the work tree, loaded already
    for blob in [b for b in missing if b in current]:
        store.put(blob, kinds[blob], digest(repo.processes[current[blob]]))
    missing = [b for b in missing if b not in current]
    for blob, data in git.blobs(missing).items():
        store.put(blob, kinds[blob], _digest_of(data, kinds[blob]))
    history.blobs_read = len(missing)
    store.save()
    for rel, walk in walks.items():
        if not walk:
            continue
        fh = history.files[rel] = FileHistory(rel)
        for c, t in walk:
            added = t.status == "A"
            state = ("earlier_unknown" if c.sha in shallow else "created") if added else "changed"
            before = None if added else store.get(t.old_blob, t.old_path)
            renamed = t.old_path[len(prefix) :] if t.status == "R" else None
            fh.changes.append(
                Change(c.sha, c.date, c.order, state, before, store.get(t.new_blob, t.new_path), renamed)
            )
    history.git_runs = git.runs
    return history


def _is_blob(sha: str) -> bool:
    """Not the all-zero id git gives the missing side of an added or deleted file."""
    return sha.strip("0") != ""


def _current_blobs(repo: Repository, paths: dict[str, str]) -> dict[str, str]:
    """Blob id → process id of each YAML process file as it is in the work tree.

    Most histories end with the version in the work tree, which the loader has already read:
    its blob id (git's hash of the bytes) finds it without parsing it again.
    """
    out = {}
    for pid in paths:
        p = repo.processes[pid]
        path = repo.sources.files.get(p._file)
        if path is None or path.suffix not in (".yaml", ".yml"):
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        blob = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
        out[blob] = pid
    return out


def _walk(commits: list[_Commit], path: str) -> list[tuple[_Commit, _Touch]]:
    """The newest commits that changed the file now at ``path`` (through its renames), newest first."""
    out: list[tuple[_Commit, _Touch]] = []
    current = path
    for c in commits:
        t = c.touches.get(current)
        if t is None or t.status == "D":
            continue
        out.append((c, t))
        if t.status == "A" or len(out) == MAX_CHANGES:
            break
        current = t.old_path
    return out


def _digest_of(data: bytes, path: str) -> ProcessDigest | None:
    """The digest of one version of a process file (``None``: it could not be read then).

    A BPMN file is read without its sidecar: its history shows what the drawing changed.
    """
    try:
        if path.endswith(".bpmn"):
            stem = unicodedata.normalize("NFC", path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            result = read_bpmn(parse_bytes(data), default_id=stem, source=data)
            if len(result.processes) != 1:
                return None
            return digest(Process.model_validate(result.processes[0].data))
        return digest(Process.model_validate(read_yaml(data)))
    except (YamlProblem, XmlProblem, ValidationError):
        return None


class _Git:
    """The few read-only git commands the history needs, counted."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.runs = 0

    def run(self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        self.runs += 1
        try:
            proc = subprocess.run(
                ["git", "-C", str(self.root), *args],
                input=stdin,
                capture_output=True,
                check=False,
                timeout=_GIT_TIMEOUT,
            )
        except FileNotFoundError:
            raise HistoryUnavailable("git is not installed (or not on PATH)") from None
        if proc.returncode not in ok:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise HistoryUnavailable(f"git {args[0]} failed: {detail[-1] if detail else proc.returncode}")
        return proc.stdout

    def top_and_shallow(self) -> tuple[Path, set[str]]:
        """The work tree's top folder, and the commits a shallow clone was cut at."""
        out = self.run("rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-path", "shallow")
        top, is_shallow, shallow_file = out.decode("utf-8").splitlines()[:3]
        cut: set[str] = set()
        if is_shallow == "true":
            path = Path(shallow_file) if os.path.isabs(shallow_file) else self.root / shallow_file
            cut = set(path.read_text(encoding="ascii").split())
        return Path(top).resolve(), cut

    def has_commits(self) -> bool:
        return bool(self.run("rev-parse", "--quiet", "--verify", "HEAD^{commit}", ok=(0, 1)).strip())

    def log(self) -> list[_Commit]:
        """Every first-parent commit touching the folder, newest first, with its files."""
        out = self.run(
            "log", "-z", "--first-parent", "--raw", "--no-abbrev", "-M", "--no-ext-diff",
            "--format=%x01%H %cI", "--", ".",
        )  # fmt: skip
        commits = []
        for order, chunk in enumerate(out.split(b"\x01")[1:]):
            head, _, rest = chunk.partition(b"\0")
            sha, iso = head.decode("ascii").split(" ")
            tokens = rest.lstrip(b"\n").split(b"\0")
            touches: dict[str, _Touch] = {}
            i = 0
            while i < len(tokens) and tokens[i].startswith(b":"):
                _modes, _mode2, old_blob, new_blob, status = tokens[i][1:].decode("ascii").split(" ")
                kind = status[0]
                old = os.fsdecode(tokens[i + 1])
                new = os.fsdecode(tokens[i + 2]) if kind in "RC" else old
                i += 3 if kind in "RC" else 2
                touches[new] = _Touch("A" if kind == "C" else kind, old, new, old_blob, new_blob)
            commits.append(_Commit(sha, dt.date.fromisoformat(iso[:10]), order, touches))
        return commits

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of the blobs ``shas``, in one ``git cat-file --batch``."""
        if not shas:
            return {}
        out = self.run("cat-file", "--batch", stdin=("\n".join(shas) + "\n").encode("ascii"))
        found: dict[str, bytes] = {}
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            header = out[at:end].decode("ascii").split(" ")
            at = end + 1
            if len(header) != 3:  # "<sha> missing"
                continue
            size = int(header[2])
            found[header[0]] = out[at : at + size]
            at += size + 1
        return found


class _DigestStore:
    """Digests of file versions by blob id: this run's, over ``history.json``'s of earlier runs.

    Keys are hashed with this user's secret (:func:`cache_secret`), so a cache committed or
    planted in a repository is never taken for one's own; a bad cache file is an empty one.
    """

    def __init__(self, path: Path, use_cache: bool) -> None:
        self.path = path
        self.use_cache = use_cache
        self._secret = cache_secret() if use_cache else b""
        self._old: dict[str, object] = read_entries(path, FORMAT, object) if use_cache else {}
        self._used: dict[str, object] = {}
        self._digests: dict[str, ProcessDigest | None] = {}

    def _key(self, blob: str, path: str) -> str:
        kind = "bpmn" if path.endswith(".bpmn") else "yaml"
        return hashlib.blake2b(f"{kind} {blob}".encode("ascii"), key=self._secret, digest_size=20).hexdigest()

    def has(self, blob: str, path: str) -> bool:
        if blob in self._digests:
            return True
        key = self._key(blob, path) if self.use_cache else ""
        if key not in self._old:
            return False
        data = self._old[key]
        if data is not None and not isinstance(data, dict):
            return False
        try:
            self._digests[blob] = None if data is None else ProcessDigest.from_json(data)
        except (KeyError, TypeError, ValueError):
            return False
        self._used[key] = data
        return True

    def put(self, blob: str, path: str, value: ProcessDigest | None) -> None:
        self._digests[blob] = value
        if self.use_cache:
            self._used[self._key(blob, path)] = value.as_json() if value else None

    def get(self, blob: str, path: str) -> ProcessDigest | None:
        if not _is_blob(blob) or not self.has(blob, path):
            return None
        return self._digests[blob]

    def save(self) -> None:
        """Keep what this run used; a cache that cannot be written is left as it is."""
        if self.use_cache:
            save_entries(self.path, FORMAT, self._used, self._old)


def site_history(repo: Repository) -> tuple[RepositoryHistory | None, str | None]:
    """The history for a site build, or ``None`` and why there is none (no git, no work tree).

    The cache is skipped when ``PROCMODEL_NO_CACHE`` is set, as for ``procmodel check``.
    """
    try:
        return read_history(repo, use_cache=not caches_off()), None
    except HistoryUnavailable as exc:
        return None, str(exc)
