"""Which files of a repository procmodel reads, and reading one of them safely.

Only regular files inside the repository are read:

- a link is resolved; one that leaves the repository is refused (PM006), one that
  loops or points at nothing is refused (PM012). Folder links are never followed: one
  that points inside the repository names files that are read where they really
  are, one that points outside is refused (PM006), so a repository cannot pull in
  files from elsewhere on the machine;
- a named pipe, socket or device called ``*.yaml`` is refused from its file type
  (PM012) without being opened: reading a pipe would wait forever;
- a file named ``*.YAML``, ``*.Yml`` or ``*.BPMN`` is reported (PM013) rather than read.
  The other tools that read the repository match the lower-case suffix (the
  pre-commit hook's ``files: \\.(ya?ml|bpmn)$``, editors' schema globs, git on a
  case-insensitive disk); reading it would make procmodel accept a file they skip.

Folders and files whose names start with '.' (and folders starting with '_') are skipped.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from procmodel.i18n import t

CONFIG_NAME = "procmodel.yaml"
ROLES_NAME = "roles.yaml"
DOCUMENTS_NAME = "documents.yaml"
SYNONYMS_NAME = "sökord.yaml"  # the search words of the site (NFC; macOS may store it decomposed)
GOALS_DIR = "goals"
ORGANISATION_NAME = "organisation.yaml"
UNITS_DIR = "enheter"  # unit variants: enheter/<unit>/<process>.yaml
FOLLOWUP_DIR = "uppföljning"  # follow-up: see procmodel.followup.model (NFC, as sökord.yaml)
INDICATOR_CATALOG_NAME = "indikatorer.yaml"  # uppföljning/indikatorer.yaml
INDICATOR_DIR = "indikatorer"  # uppföljning/indikatorer/*.csv
PLAN_SUFFIX = "-plan.yaml"  # uppföljning/<unit>/<period>-plan.yaml; other YAML there: assessments
YAML_SUFFIXES = (".yaml", ".yml")
BPMN_SUFFIX = ".bpmn"
SIDECAR_SUFFIX = ".bpmn.yaml"
CSV_SUFFIX = ".csv"  # indicator values, read only under uppföljning/indikatorer/
_READ_SUFFIXES = (*YAML_SUFFIXES, BPMN_SUFFIX)
_WALK_SUFFIXES = (*_READ_SUFFIXES, CSV_SUFFIX)


class RepositoryError(Exception):
    """The path given is not a usable repository (the CLI exits 2)."""


class NotRegularFile(OSError):
    """A path that is a pipe, socket, device or folder where a file was expected."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(t("repository.not_regular", path=path, kind=kind))
        self.kind = kind


def find_root(path: str | os.PathLike[str]) -> Path:
    """The repository folder for ``path``: itself, or its ``processes/`` subfolder."""
    p = Path(path)
    if not p.exists():
        raise RepositoryError(t("repository.missing", path=path))
    if p.is_file():
        raise RepositoryError(t("repository.file", path=path))
    if not p.is_dir():
        raise RepositoryError(t("repository.not_folder", path=path))
    if not (p / CONFIG_NAME).exists() and (p / "processes" / CONFIG_NAME).exists():
        p = p / "processes"
    if not (p / CONFIG_NAME).exists() and not _holds_process_files(p):
        raise RepositoryError(t("repository.empty", path=path, config=CONFIG_NAME))
    return p.resolve()


def _holds_process_files(folder: Path) -> bool:
    """Whether any YAML or BPMN file lies below ``folder`` (stops at the first)."""
    for _dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        if any(f.lower().endswith(_READ_SUFFIXES) for f in filenames):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Refused:
    """A file (or folder link) that was not read, with the finding that says why."""

    path: Path
    rule: str
    message: str
    hint: str


@dataclass
class Discovered:
    """The repository's files by kind, in a stable order, and the ones refused."""

    config: Path | None = None
    roles: Path | None = None
    documents: Path | None = None
    organisation: Path | None = None
    synonyms: Path | None = None
    indicator_catalog: Path | None = None  # uppföljning/indikatorer.yaml
    catalogs: list[Path] = field(default_factory=list)
    assessments: list[Path] = field(default_factory=list)  # uppföljning/<unit>/<period>.yaml
    plans: list[Path] = field(default_factory=list)  # uppföljning/<unit>/<period>-plan.yaml
    indicator_values: list[Path] = field(default_factory=list)  # uppföljning/indikatorer/*.csv
    variants: list[Path] = field(default_factory=list)
    processes: list[Path] = field(default_factory=list)
    bpmn: list[Path] = field(default_factory=list)
    sidecars: set[Path] = field(default_factory=set)
    refused: list[Refused] = field(default_factory=list)

    def sidecar_of(self, bpmn: Path) -> Path | None:
        """The ``<name>.bpmn.yaml`` beside a BPMN file, if it was found and may be read."""
        sidecar = bpmn.with_name(bpmn.name + ".yaml")
        return sidecar if sidecar in self.sidecars else None


def discover(root: Path) -> Discovered:
    """Walk ``root`` (a resolved folder) and sort what may be read by kind (see the module doc)."""
    found = Discovered()
    for path in _walk(root, found.refused):
        rel = path.relative_to(root).parts
        if unicodedata.normalize("NFC", rel[0]) == FOLLOWUP_DIR and len(rel) > 1:
            _followup_file(found, path, tuple(unicodedata.normalize("NFC", part) for part in rel[1:]))
        elif path.name.endswith(CSV_SUFFIX):
            continue  # a CSV file elsewhere is not procmodel's
        elif path.name.endswith(SIDECAR_SUFFIX):
            found.sidecars.add(path)  # read together with its .bpmn file
        elif path.name.endswith(BPMN_SUFFIX):
            found.bpmn.append(path)
        elif rel == (CONFIG_NAME,):
            found.config = path
        elif rel == (ROLES_NAME,):
            found.roles = path
        elif rel == (DOCUMENTS_NAME,):
            found.documents = path
        elif rel == (ORGANISATION_NAME,):
            found.organisation = path
        elif len(rel) == 1 and unicodedata.normalize("NFC", path.name) == SYNONYMS_NAME:
            found.synonyms = path
        elif rel[0] == GOALS_DIR:
            found.catalogs.append(path)
        elif rel[0] == UNITS_DIR and len(rel) > 1:
            found.variants.append(path)
        else:
            found.processes.append(path)
    return found


def _followup_file(found: Discovered, path: Path, rel: tuple[str, ...]) -> None:
    """Sort a file under ``uppföljning/`` (``rel``: its path below that folder)."""
    if rel[0] == INDICATOR_DIR:
        if path.name.endswith(CSV_SUFFIX):
            found.indicator_values.append(path)
    elif path.name.endswith(CSV_SUFFIX):
        return
    elif rel == (INDICATOR_CATALOG_NAME,):
        found.indicator_catalog = path
    elif path.name.endswith(PLAN_SUFFIX):
        found.plans.append(path)
    else:
        found.assessments.append(path)


def _walk(root: Path, refused: list[Refused]) -> list[Path]:
    out: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            refused.append(_refusal(folder, "PM001", t("PM001.folder.message", reason=exc.strerror)))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            is_link = entry.is_symlink()
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("_"):
                    subfolders.append(path)
                continue
            if is_link and _is_folder_link(path, root, refused):
                continue
            if not entry.name.endswith(_WALK_SUFFIXES):
                if entry.name.lower().endswith(_READ_SUFFIXES) or _indicator_csv_case(path, root):
                    refused.append(_suffix_case(path))
                continue
            if not is_link and entry.is_file(follow_symlinks=False):
                out.append(path)  # the common case, known from the folder listing (no stat call)
                continue
            problem = _check_file(path, root, is_link)
            if problem is None:
                out.append(path)
            else:
                refused.append(problem)
        stack.extend(reversed(subfolders))
    return out


def _indicator_csv_case(path: Path, root: Path) -> bool:
    """Whether ``path`` is an indicator file named ``*.CSV`` (elsewhere a CSV file is not procmodel's)."""
    if not path.name.lower().endswith(CSV_SUFFIX):
        return False
    rel = tuple(unicodedata.normalize("NFC", part) for part in path.relative_to(root).parts)
    return rel[:2] == (FOLLOWUP_DIR, INDICATOR_DIR)


def _is_folder_link(path: Path, root: Path, refused: list[Refused]) -> bool:
    """Whether ``path`` is a link to a folder (refused when it leaves the repository)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False  # a loop or a dangling link: reported as a file, if it is named like one
    if not target.is_dir():
        return False
    if not path.name.startswith("_") and not _inside(target, root):
        refused.append(
            _refusal(
                path,
                "PM006",
                t("PM006.folder.message", name=path.name),
                t("PM006.folder.hint"),
            )
        )
    return True


def _check_file(path: Path, root: Path, is_link: bool) -> Refused | None:
    """Why ``path`` may not be read, or None for a regular file inside the repository."""
    if is_link:
        try:
            target = path.resolve(strict=True)
        except RuntimeError:  # Python 3.11/3.12 name a loop so
            return _loop(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return _loop(path)
            return _refusal(
                path,
                "PM012",
                t("PM012.dangling.message", name=path.name),
                t("PM012.link.hint"),
            )
        if not _inside(target, root):
            return _refusal(
                path,
                "PM006",
                t("PM006.message", name=path.name),
                t("PM006.hint"),
            )
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _refusal(path, "PM001", t("PM001.unreadable.message", reason=exc.strerror))
    if not stat.S_ISREG(mode):
        return _refusal(
            path,
            "PM012",
            t("PM012.special.message", name=path.name, kind=file_kind(mode)),
            t("PM012.hint"),
        )
    return None


def file_kind(mode: int) -> str:
    """'a named pipe', 'a socket' … for a file mode that is not a regular file."""
    if stat.S_ISFIFO(mode):
        return t("file_kind.pipe")
    if stat.S_ISSOCK(mode):
        return t("file_kind.socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("file_kind.device")
    if stat.S_ISDIR(mode):
        return t("file_kind.folder")
    return t("file_kind.special")


def _loop(path: Path) -> Refused:
    return _refusal(
        path,
        "PM012",
        t("PM012.loop.message", name=path.name),
        t("PM012.link.hint"),
    )


def _suffix_case(path: Path) -> Refused:
    stem, _, suffix = path.name.rpartition(".")
    return _refusal(
        path,
        "PM013",
        t("PM013.message", name=path.name, suffix=suffix),
        t("PM013.hint", name=f"{stem}.{suffix.lower()}"),
    )


def _refusal(path: Path, rule: str, message: str, hint: str = "") -> Refused:
    return Refused(path, rule, message, hint)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def resolve_in(root: Path, rel: str) -> Path | None:
    """The path ``rel`` (from a user's file) names below ``root``, links resolved; None if it leaves ``root``.

    Never raises: a link loop, a name too long or a NUL byte leave the path as written
    (normalised), which :func:`is_regular_file` then reports as no file.
    """
    if Path(rel).is_absolute():
        return None
    try:
        target = (root / rel).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop (RuntimeError before Python 3.13), NUL, too long
        target = Path(os.path.normpath(root / rel))
    return target if _inside(target, root) else None


def is_regular_file(path: Path) -> bool:
    """Whether ``path`` is a regular file (links followed); never raises."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


#: What identifies one version of a file cheaply: (modification time in ns, size).
Stamp = tuple[int, int]


def read_regular_file(path: Path, max_bytes: int) -> tuple[bytes, Stamp]:
    """The bytes of ``path`` (at most ``max_bytes`` + 1), which must be a regular file, and its stamp.

    Opened without blocking and checked from the open file, so that a pipe put in
    place of the file after discovery cannot make procmodel wait: raises
    :class:`NotRegularFile` for anything but a regular file, ``OSError`` otherwise.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, file_kind(info.st_mode))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(max_bytes + 1), (info.st_mtime_ns, info.st_size)
    finally:
        os.close(fd)
