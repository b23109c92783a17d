"""The command line against trouble, as real subprocesses: the window holding the data folder,
bad inputs, a read-only database, a full disk, restore from backup. Each gets exit 2, a clear
message and no change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TINY = FIXTURES / "tiny.yaml"
OTHER = FIXTURES / "other.yaml"
HELD = "Roadmap Desktop is open on this data folder"


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "utf-8",
        "ROADMAP_DESKTOP_DATA_DIR": str(Path(os.devnull) / "never-used"),
    }


def run_cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roadmap_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=timeout,
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "logs" not in p.parts
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    done = run_cli("import", TINY, "--data-dir", folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def open_window(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """The real window (offscreen) running on data_dir in a second process."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "roadmap_desktop", "--data-dir", str(data_dir)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = data_dir / "logs" / "roadmap-desktop.log"
    deadline = time.monotonic() + 60
    while not (log.exists() and "data ready" in log.read_text(encoding="utf-8")):
        assert proc.poll() is None, "the window exited"
        assert time.monotonic() < deadline, "the window did not open its data"
        time.sleep(0.2)
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


def test_writing_commands_refuse_while_the_window_is_open(open_window, data_dir, tmp_path):
    bundle = tmp_path / "b.json"
    assert run_cli("backup-export", "-o", bundle, "--data-dir", data_dir).returncode == 0
    before = _snapshot(data_dir)
    for args in (
        ("import", OTHER),
        ("backup-import", bundle),
        ("restore", "1"),
    ):
        done = run_cli(*args, "--data-dir", data_dir)
        assert done.returncode == 2, (args, done.stderr)
        assert HELD in done.stderr and "File ▸ Import" in done.stderr
    assert run_cli("list", "--data-dir", data_dir).returncode == 0  # reading is fine
    assert {
        k: v for k, v in _snapshot(data_dir).items() if not k.startswith("roadmap.sqlite3")
    } == {k: v for k, v in before.items() if not k.startswith("roadmap.sqlite3")}
    assert "other" not in run_cli("list", "--data-dir", data_dir).stdout
    # The window is killed: its lock is stale and the command goes ahead.
    open_window.kill()
    open_window.wait(timeout=10)
    done = run_cli("import", OTHER, "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    assert not (data_dir / "roadmap-desktop.lock").exists()


def test_the_window_refuses_while_a_command_holds_the_folder(data_dir):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pathlib; from roadmap_desktop.core.folder_lock import FolderLock; "
            "FolderLock(pathlib.Path(sys.argv[1])).acquire(); print('held', flush=True); "
            "sys.stdin.read()",
            str(data_dir),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        done = run_cli("--smoke", "--data-dir", data_dir)
        assert done.returncode == 2 and "already running" in done.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()


def test_bad_inputs_exit_2_with_a_message_and_write_nothing(tmp_path):
    doc = TINY.read_text(encoding="utf-8")
    big = tmp_path / "big.yaml"
    big.write_text(doc.replace("content_version: 1", "content_version: 18446744073709551617"))
    digits = tmp_path / "digits.json"
    digits.write_text('{"format": "roadmap-desktop/bundle", "format_version": 1' + "1" * 4301 + "}")
    lone = tmp_path / "lone.json"
    lone.write_text(
        '{"format": "roadmap-desktop/bundle", "format_version": 1, '
        '"roadmaps": [], "resources": [{"title": "\\ud800"}]}'
    )
    fifo = tmp_path / "lesson.md"
    os.mkfifo(fifo)
    cases = [
        (("import", big), "too large to store"),
        (("backup-import", digits), "thousands of digits"),
        (("backup-import", lone), "not valid Unicode"),
        (("import", fifo), "not a regular file"),
    ]
    for args, words in cases:
        folder = tmp_path / f"data-{args[1].name}"
        done = run_cli(*args, "--data-dir", folder, timeout=60)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr
        assert not folder.exists()  # parsed first: not even the data folder is made


def test_a_folder_as_the_database_path_exits_2(tmp_path):
    (tmp_path / "roadmap.sqlite3").mkdir()
    done = run_cli("list", "--data-dir", tmp_path)
    assert done.returncode == 2 and "is a folder, not a file" in done.stderr


def test_a_zero_length_database_with_backups_is_refused(data_dir):
    run_cli("import", OTHER, "--data-dir", data_dir)  # makes today's backup
    assert list((data_dir / "backups").glob("*.sqlite3"))
    db = data_dir / "roadmap.sqlite3"
    db.write_bytes(b"")
    done = run_cli("list", "--data-dir", data_dir)
    assert done.returncode == 2 and "empty (0 bytes)" in done.stderr
    assert db.read_bytes() == b""
    listed = run_cli("backups", "--data-dir", data_dir)
    assert listed.returncode == 0 and "daily" in listed.stdout
    restored = run_cli("restore", "1", "--data-dir", data_dir)
    assert restored.returncode == 0, restored.stderr
    assert "tiny" in run_cli("list", "--data-dir", data_dir).stdout


def test_restore_by_number_reports_before_and_after(data_dir):
    assert run_cli("import", OTHER, "--data-dir", data_dir).returncode == 0
    done = run_cli("restore", "1", "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    assert "Roadmaps:" in done.stdout and "kept as" in done.stdout
    assert run_cli("restore", "7", "--data-dir", data_dir).returncode == 2


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def test_a_read_only_database_file_exits_2_for_import_and_smoke(data_dir):
    db = data_dir / "roadmap.sqlite3"
    if not _mount("--bind", str(db), str(db)):
        pytest.skip("needs root to bind-mount the file read-only")
    try:
        assert _mount("-o", "remount,ro,bind", str(db))
        before = db.read_bytes()
        done = run_cli("import", OTHER, "--data-dir", data_dir)
        assert done.returncode == 2 and "read-only" in done.stderr, done.stderr
        smoke = run_cli("--smoke", "--data-dir", data_dir, timeout=60)
        assert smoke.returncode == 2 and "read-only" in smoke.stderr, smoke.stderr
        assert db.read_bytes() == before
    finally:
        subprocess.run(["umount", str(db)], check=False)


def test_a_full_disk_on_a_fresh_folder_leaves_nothing_behind(tmp_path):
    disk = tmp_path / "tiny-disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=96k", "tmpfs", str(disk)):
        pytest.skip("needs root to mount a tiny tmpfs")
    try:
        done = run_cli("import", TINY, "--data-dir", disk / "data")
        assert done.returncode == 2 and "is full" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        left = [p.name for p in disk.rglob("*") if p.is_file()]
        assert left == []  # no half-created database, no .write-test
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_backups_lists_nothing_yet_without_error(tmp_path):
    done = run_cli("backups", "--data-dir", tmp_path / "new")
    assert done.returncode == 0 and "No automatic backups" in done.stdout
    assert json.dumps(done.stdout)  # printable text
