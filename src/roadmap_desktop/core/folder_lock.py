"""The data folder's single-writer lock without Qt, interchangeable with the window's QLockFile.

The window takes `roadmap-desktop.lock` with QLockFile. On Unix QLockFile creates the file
exclusively, writes "pid, process name, host name, machine id, boot id" one per line and holds
an flock on it; a lock whose process is gone (or runs another program) counts as stale and may
be removed, but only by someone who can take the flock. This module does the same, so the CLI
and the window exclude each other in both directions, and a lock left by a killed process of
either kind is taken over.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path
from types import TracebackType

from roadmap_desktop.core.errors import DataFolderLockedError

LOCK_NAME = "roadmap-desktop.lock"
HELD_MESSAGE = (
    "Roadmap Desktop is open on this data folder ({folder}); close it or use "
    "File ▸ Import… in the window."
)

if sys.platform != "win32":
    import fcntl


def _process_name(pid: int) -> str | None:
    """What QLockFile records as the application: the executable's file name (Linux)."""
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _machine_id() -> str:
    return _read_text("/etc/machine-id") or _read_text("/var/lib/dbus/machine-id")


def _boot_id() -> str:
    return _read_text("/proc/sys/kernel/random/boot_id")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FolderLock:
    """`with FolderLock(folder):` holds the folder's lock or raises DataFolderLockedError."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def holder_is_alive(self) -> bool:
        """Whether the lock file names a running process (on this host, this boot)."""
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            return False
        try:
            pid = int(lines[0])
        except (ValueError, IndexError):
            return False
        host = lines[2] if len(lines) > 2 else ""
        if host and host != socket.gethostname():
            return True  # another machine's lock (a shared folder): never call it stale
        boot = lines[4] if len(lines) > 4 else ""
        if boot and _boot_id() and boot != _boot_id():
            return False  # written before the last reboot
        if not _pid_alive(pid):
            return False
        recorded, running = (lines[1] if len(lines) > 1 else ""), _process_name(pid)
        return not (recorded and running and recorded != running)

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; raise DataFolderLockedError if it is held."""
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if self.holder_is_alive() or not self._remove_stale():
                    raise DataFolderLockedError(HELD_MESSAGE.format(folder=self.folder)) from None
                continue
            if not self._flock(fd):  # someone raced us between create and lock
                os.close(fd)
                continue
            pid = os.getpid()
            fields = [str(pid), _process_name(pid) or "", socket.gethostname()]
            contents = "\n".join([*fields, _machine_id(), _boot_id(), ""])
            os.write(fd, contents.encode())
            self._fd = fd
            return
        raise DataFolderLockedError(HELD_MESSAGE.format(folder=self.folder))

    def _remove_stale(self) -> bool:
        """Remove a stale lock file, but only while holding its flock (as QLockFile does)."""
        try:
            fd = os.open(self.path, os.O_WRONLY)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        try:
            if not self._flock(fd):
                return False
            self.path.unlink(missing_ok=True)
            return True
        finally:
            os.close(fd)

    @staticmethod
    def _flock(fd: int) -> bool:
        if sys.platform == "win32":
            return True  # O_EXCL alone guards the file there
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def release(self) -> None:
        """Remove the lock file and drop the flock."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
