"""Writing files procmodel produces, in the user's folders or its own.

Every write goes through a temporary file beside its target and a rename, so a reader or a
crash half-way sees the old file or the new one, never part of one. :func:`write_files`
writes several files all or nothing: every temporary file is written before the first
rename, and a failure removes what this call made (temporary files, new files, new
folders). A replaced file keeps its permission bits.

Temporary files are named ``.<name>.tmp-<pid>``; one left behind by a killed process
(its pid no longer runs) is removed by the next write into the same folder. Failures are
:class:`WriteError`, which names the path and says what went wrong.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from procmodel.i18n import say

_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
#: ``.<name>.tmp-<pid>``: the temporary files of :func:`write_files`.
_TEMP = re.compile(r"^\..+\.tmp-(\d+)$")


class WriteError(OSError):
    """A file or folder procmodel could not write; ``str()`` names the path and the reason."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(exc.errno, exc.strerror or str(exc), str(path))

    def __str__(self) -> str:
        reason = self.strerror or ""
        if self.errno in _FULL:
            reason += say("write_error.full")
        elif self.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason += say("write_error.read_only")
        elif self.errno == errno.ENOTDIR:
            reason += say("write_error.not_a_folder")
        return say("write_error.message", path=self.filename, reason=reason)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` atomically; see the module doc."""
    write_files({path: data})


def write_files(files: Mapping[Path, bytes | str]) -> None:
    """Write every file of ``files`` (path → content), all of them or none.

    Missing folders are made. On failure nothing this call made is left behind and a
    :class:`WriteError` names the path that failed.
    """
    made_folders: list[Path] = []
    temps: dict[Path, Path] = {}  # target → its temporary file
    placed: list[Path] = []  # new targets already renamed into place
    existed = {p: p.exists() for p in files}
    current = Path()
    try:
        cleaned: set[Path] = set()
        for path, data in files.items():
            current = path
            _make_folders(path.parent, made_folders)
            if path.parent not in cleaned:
                remove_stale_temps(path.parent)
                cleaned.add(path.parent)
            temps[path] = _write_temp(path, data.encode("utf-8") if isinstance(data, str) else data)
        for path, tmp in temps.items():
            current = path
            os.replace(tmp, path)
            if not existed[path]:
                placed.append(path)
    except OSError as exc:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for path in placed:
            path.unlink(missing_ok=True)
        for folder in reversed(made_folders):
            _remove_if_empty(folder)
        if isinstance(exc, WriteError):
            raise
        raise WriteError(current, exc) from None


@contextlib.contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A scratch folder beside ``target`` that replaces it when the block ends without an error.

    On an error the scratch folder is removed and ``target`` is left as it was, so a full disk
    half-way through a build leaves the old site, not a partial one. An :class:`OSError` about
    a file in the scratch folder becomes a :class:`WriteError` naming ``target``.
    """
    target = target.resolve()
    stage = temp_path(target)
    old = target.with_name(f".{target.name}.old.tmp-{os.getpid()}")
    make_folder(target.parent)
    remove_stale_temps(target.parent)
    shutil.rmtree(stage, ignore_errors=True)
    try:
        yield stage
        if target.exists():
            os.replace(target, old)
        os.replace(stage, target)
    except OSError as exc:
        if old.exists() and not target.exists():
            os.replace(old, target)
        about_stage = str(stage) in f"{exc.filename} {exc.filename2}"
        # a write() that fails names no file: a full disk or file-size limit is about the output
        unnamed_full = exc.filename is None and exc.errno in _FULL
        if isinstance(exc, WriteError) or not (about_stage or unnamed_full):
            raise
        raise WriteError(target, exc) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def make_folder(folder: Path) -> None:
    """``mkdir -p`` that raises :class:`WriteError` naming the folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(folder, exc) from None


def temp_path(path: Path) -> Path:
    """The temporary file :func:`write_files` uses for ``path`` in this process."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files in ``folder`` whose writing process no longer runs; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None or entry.is_symlink():
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not _running(pid):
            if entry.is_dir(follow_symlinks=False):  # a staged folder (a site being built)
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except OverflowError:  # not a pid this system can have
        return False
    return True


def _make_folders(folder: Path, made: list[Path]) -> None:
    missing: list[Path] = []
    for p in (folder, *folder.parents):
        if p.is_dir():
            break
        if p.exists() or p.is_symlink():
            raise WriteError(p, NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))
        missing.append(p)
    for p in reversed(missing):
        try:
            p.mkdir()
        except OSError as exc:
            raise WriteError(p, exc) from None
        made.append(p)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (another writer), or gone: leave it
        folder.rmdir()


def _write_temp(path: Path, data: bytes) -> Path:
    tmp = temp_path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if mode is None else 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if mode is not None:
                os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
