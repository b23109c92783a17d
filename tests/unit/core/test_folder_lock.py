"""The Qt-free folder lock excludes QLockFile (the window) both ways and takes over stale locks."""

import os
import subprocess
import sys

import pytest

from roadmap_desktop.core.errors import DataFolderLockedError
from roadmap_desktop.core.folder_lock import LOCK_NAME, FolderLock

QT_HOLDER = (
    "import sys\n"
    "from PySide6.QtCore import QLockFile\n"
    "lock = QLockFile(sys.argv[1])\n"
    "lock.setStaleLockTime(0)\n"
    "print('locked' if lock.tryLock(100) else 'failed', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_a_qlockfile_held_by_another_process_refuses_the_folder_lock(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", QT_HOLDER, str(tmp_path / LOCK_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(DataFolderLockedError, match="close it or use File ▸ Import"):
            FolderLock(tmp_path).acquire()
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
        proc.stdout.close()
    with FolderLock(tmp_path):  # released by the window: the CLI may write
        assert (tmp_path / LOCK_NAME).exists()
    assert not (tmp_path / LOCK_NAME).exists()


def test_the_folder_lock_refuses_qlockfile_in_another_process(tmp_path):
    with FolderLock(tmp_path):
        out = subprocess.run(
            [sys.executable, "-c", QT_HOLDER, str(tmp_path / LOCK_NAME)],
            input="",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.stdout.strip() == "failed"


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib; from roadmap_desktop.core.folder_lock import FolderLock; "
            "FolderLock(pathlib.Path(sys.argv[1])).acquire(); print('held', flush=True); "
            "sys.stdin.read()",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    with pytest.raises(DataFolderLockedError):
        FolderLock(tmp_path).acquire()
    proc.kill()
    proc.wait()
    proc.stdin.close()
    proc.stdout.close()
    assert (tmp_path / LOCK_NAME).exists()  # stale: its process is gone
    with FolderLock(tmp_path) as lock:
        assert lock.path.read_text().split("\n")[0] == str(os.getpid())
