"""The backend's data folder: one backend per folder, private file modes, and recovery when
the folder is deleted while the backend runs.

- **One backend per folder.** ``DataDirLock`` holds an exclusive lock on DATA_DIR/backend.lock
  for the life of the process (flock on POSIX, msvcrt.locking on Windows; the OS drops it when
  the process dies, so a crash leaves no stale lock) and publishes DATA_DIR/backend.json
  ``{pid, port, version, token_file, started}`` once it listens. A second ``serve`` on the same
  folder reads that file, prints it and exits (cli.py), so it never touches the first one's job
  records.
- **Private.** The folder and its logs/ and results/ are 0700, files 0600 (POSIX).
- **Deleted while running.** ``DataDirGuard.ensure`` notices a missing folder, database, log or
  results folder, recreates them and reopens what was open there, or raises
  ``DataDirUnavailable`` with a message that says what to do (health then answers 503).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

LOCK_NAME = "backend.lock"
INFO_NAME = "backend.json"
POSIX = sys.platform != "win32"


class DataDirInUse(Exception):
    """Another live backend holds this data folder; ``running`` is what it published."""

    def __init__(self, folder: Path, running: dict[str, Any]):
        where = (f"port {running['port']}" if running.get("port") else "a port not yet chosen")
        super().__init__(f"the data folder {folder} is in use by the backend with pid "
                         f"{running.get('pid')} on {where}; use that backend (its token is in "
                         f"{running.get('token_file') or 'its token file'}) or start this one "
                         "with another --data-dir")
        self.folder = folder
        self.running = running


class DataDirUnavailable(Exception):
    """The data folder is gone and cannot be recreated."""


class DataDirLock:
    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None
        self._info: dict[str, Any] = {}

    def acquire(self) -> None:
        """Take the folder, or raise DataDirInUse with what the holder published."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise DataDirInUse(self.folder, self.running())
        self._fd = fd
        self._info = {"pid": os.getpid(), "port": None, "version": None, "token_file": None,
                      "started": time.time()}
        self._write_info()

    def publish(self, *, port: int, version: str, token_file: Path | None = None) -> None:
        """Say where this backend listens, for a second start on the same folder."""
        self._info.update(port=port, version=version,
                          token_file=str(token_file) if token_file else None)
        self._write_info()

    def reacquire(self) -> None:
        """After the folder was deleted: lock a new lock file (another backend may have taken
        the folder in between; then this one must stop using it)."""
        old, self._fd = self._fd, None
        if old is not None:
            os.close(old)
        fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise DataDirUnavailable(
                f"the data folder {self.folder} was deleted and another backend (pid "
                f"{self.running().get('pid')}) has taken it since; restart this one")
        self._fd = fd
        self._write_info()

    def still_ours(self) -> bool:
        """Whether DATA_DIR/backend.lock is still the file this process locked (it is not
        after the folder was deleted, and maybe recreated by another backend)."""
        if self._fd is None:
            return False
        try:
            mine, there = os.fstat(self._fd), os.stat(self.folder / LOCK_NAME)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def running(self) -> dict[str, Any]:
        try:
            info = json.loads((self.folder / INFO_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        if not isinstance(info, dict):
            info = {}
        return {k: info.get(k) for k in ("pid", "port", "version", "token_file", "started")}

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if self.running().get("pid") == os.getpid():
                (self.folder / INFO_NAME).unlink()
        except OSError:
            pass
        os.close(self._fd)  # closing drops the lock
        self._fd = None

    def _write_info(self) -> None:
        tmp = self.folder / f".{INFO_NAME}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._info, fh)
        os.replace(tmp, self.folder / INFO_NAME)


def _try_lock(fd: int) -> bool:
    if POSIX:
        import fcntl  # noqa: PLC0415 - POSIX only

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            return False
        return True
    import msvcrt  # noqa: PLC0415 - Windows only

    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        return False
    return True


def make_private(folder: Path) -> None:
    """Folder, logs/ and results/ 0700; files in them 0600 (data dirs from older versions were
    0755/0644, readable by every local user)."""
    if not POSIX:
        return
    for directory in (folder, folder / "logs", folder / "results"):
        if not directory.is_dir() or directory.is_symlink():
            continue
        _chmod(directory, 0o700)
        for entry in directory.iterdir():
            if entry.is_file() and not entry.is_symlink():
                _chmod(entry, 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as exc:
        log.warning("could not make %s private (%s)", path, exc.strerror)


class DataDirGuard:
    """Checks that the data folder and what the backend keeps open there still exist."""

    def __init__(self, folder: Path, lock: DataDirLock, required: list[Path],
                 recreate: Callable[[], None]):
        self.folder = folder
        self._lock = lock
        self._required = required
        self._recreate = recreate
        self._mutex = threading.Lock()
        self.recreated = 0

    def intact(self) -> bool:
        return (all(p.exists() for p in (self.folder, *self._required))
                and self._lock.still_ours())

    def ensure(self) -> None:
        """Return when the folder is usable (recreating it if needed), else raise
        DataDirUnavailable."""
        if self.intact():
            return
        with self._mutex:
            if self.intact():
                return
            try:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._lock.reacquire()
                self._recreate()
            except OSError as exc:
                raise DataDirUnavailable(
                    f"the data folder {self.folder} was deleted while the backend ran and "
                    f"cannot be recreated ({exc.strerror or exc}); free that path (or fix its "
                    "permissions) or restart the backend with another --data-dir") from None
            self.recreated += 1
            log.warning("the data folder %s (or part of it) was deleted while the backend ran; "
                        "recreated it: job records and results from before are gone, running "
                        "jobs carry on", self.folder)
