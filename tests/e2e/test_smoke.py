"""`--smoke` runs the real startup in a subprocess and fails loudly on any error."""

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _run(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = (
        [sys.executable, "-c", code, *args]
        if code
        else [sys.executable, "-m", "roadmap_desktop", *args]
    )
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=ENV)


def test_smoke_prints_timings_and_creates_the_database(tmp_path):
    result = _run("--smoke", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    timings = json.loads(result.stdout.strip().splitlines()[-1])
    assert 0 < timings["first_frame_ms"] <= timings["data_ready_ms"] <= timings["settled_ms"]
    with closing(sqlite3.connect(tmp_path / "roadmap.sqlite3")) as conn:
        slugs = {row[0] for row in conn.execute("SELECT slug FROM roadmaps")}
    assert "backend-developer-24-weeks" in slugs and len(slugs) == 4


def test_the_first_start_of_a_day_leaves_a_complete_backup(tmp_path):
    """Today's backup is copied beside the window (ui/daily_backup.py); quitting waits for it."""
    assert _run("--smoke", "--data-dir", str(tmp_path)).returncode == 0  # creates the data
    assert not list((tmp_path / "backups").glob("*"))  # a new database has nothing to keep
    result = _run("--smoke", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert len(made) == 1 and made[0].startswith("roadmap-daily-"), made
    with closing(sqlite3.connect(tmp_path / "backups" / made[0])) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM roadmaps").fetchone() == (4,)


def test_what_is_logged_before_the_first_frame_reaches_the_log_file(tmp_path):
    """Logging starts after the first frame; the lines logged before it are not lost."""
    result = _run("--smoke", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "logs" / "roadmap-desktop.log").read_text(encoding="utf-8")
    lines = [line.split(": ", 1)[-1] for line in log.splitlines()]
    starting = next(i for i, line in enumerate(lines) if line.startswith("starting Roadmap"))
    first_frame = next(i for i, line in enumerate(lines) if line.startswith("first frame after"))
    ready = next(i for i, line in enumerate(lines) if line.startswith("data ready after"))
    assert starting < first_frame < ready
    assert str(tmp_path) in lines[starting]


def test_smoke_without_data_dir_uses_a_temporary_folder(tmp_path):
    env_home = tmp_path / "default"
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_desktop", "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**ENV, "ROADMAP_DESKTOP_DATA_DIR": str(env_home)},
    )
    assert result.returncode == 0, result.stderr
    assert not env_home.exists()


def test_an_exception_inside_a_qt_callback_fails_the_smoke_run(tmp_path):
    code = (
        "import sys\n"
        "from roadmap_desktop.ui import main_window\n"
        "def broken(self, ctx, welcome=True):\n"
        "    raise RuntimeError('boom in a Qt callback')\n"
        "main_window.MainWindow.attach = broken\n"
        "from roadmap_desktop.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = _run("--smoke", "--data-dir", str(tmp_path), code=code)
    assert result.returncode != 0
    assert "boom in a Qt callback" in result.stderr


def test_damaged_database_is_reported_and_left_untouched(tmp_path):
    db = tmp_path / "roadmap.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    before = db.read_bytes()
    result = _run("--smoke", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "cannot be opened" in result.stderr
    assert db.read_bytes() == before


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    assert _run("--smoke", "--data-dir", str(tmp_path)).returncode == 0
    db = tmp_path / "roadmap.sqlite3"
    with closing(sqlite3.connect(db)) as conn, conn:  # closed (3.13 warns otherwise), committed
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = db.read_bytes()
    result = _run("--smoke", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "newer version" in result.stderr
    assert db.read_bytes() == before


def test_unwritable_data_folder_gets_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _run("--smoke", "--data-dir", str(blocker / "data"))
    assert result.returncode == 2
    assert "cannot be used" in result.stderr


def test_a_second_instance_on_the_same_folder_is_refused(tmp_path):
    from PySide6.QtCore import QLockFile

    tmp_path.mkdir(exist_ok=True)
    lock = QLockFile(str(Path(tmp_path) / "roadmap-desktop.lock"))
    assert lock.tryLock(100)
    try:
        result = _run("--smoke", "--data-dir", str(tmp_path))
    finally:
        lock.unlock()
    assert result.returncode == 2
    assert "already running" in result.stderr


def test_export_into_a_closed_pipe_ends_quietly(tmp_path):
    command = [
        sys.executable,
        "-m",
        "roadmap_desktop",
        "--data-dir",
        str(tmp_path),
        "export",
        "--roadmap",
        "backend-developer-24-weeks",
        "--format",
        "json",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()  # like `| head -c 10`
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert "Traceback" not in err
    assert code == 0


def test_the_first_view_is_read_without_sqlalchemy_on_a_first_run_and_after(tmp_path):
    """A current database (seeded on a first run, or already there) is shown through sqlite3
    alone; SQLAlchemy comes beside it, for the other pages and the writes."""
    for _start in ("first run", "existing data"):
        result = _run("--smoke", "--data-dir", str(tmp_path))
        assert result.returncode == 0, result.stderr
        timings = json.loads(result.stdout.strip().splitlines()[-1])
        assert timings["sqlalchemy_at_data_ready"] is False, _start
    with closing(sqlite3.connect(tmp_path / "roadmap.sqlite3")) as conn:  # then it wrote
        assert conn.execute("SELECT count(*) FROM roadmap_progress").fetchone() == (1,)
