"""`Database.raw_reading()`: a plain sqlite3 connection reading one snapshot, committing nothing,
with machine trouble named exactly as `reading()` names it; and the plain-SQL reads import no
SQLAlchemy."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import roadmap_desktop
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import (
    DatabaseIOError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DiskFullError,
    NotADatabaseError,
)
from roadmap_desktop.core.plain_sql import snapshot
from roadmap_desktop.services import queries

# The plain-SQL reads and what they stand on: none may import SQLAlchemy or the models.
PLAIN_MODULES = (
    "roadmap_desktop.core.plain_sql",
    "roadmap_desktop.core.groups_sql",
    "roadmap_desktop.core.sqlite_errors",
    "roadmap_desktop.services.roadmaps_sql",
    "roadmap_desktop.services.overview_sql",
    "roadmap_desktop.services.step_sql",
    "roadmap_desktop.services.pace_sql",
    "roadmap_desktop.services.library_sql",
    "roadmap_desktop.services.cards_sql",
)


def _sqlite_error(code: int, name: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(name.lower())
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


def _orm_read(db: Database, sql: str) -> Any:
    with db.reading() as session:
        return session.execute(text(sql)).scalar()


def _raw_read(db: Database, sql: str) -> Any:
    with db.raw_reading() as conn:
        return conn.execute(sql).fetchone()[0]


def _python(code: str, *args: str) -> str:
    """What a fresh interpreter running code prints (this checkout's package first)."""
    src = str(Path(roadmap_desktop.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env
    ).stdout.strip()


READS = pytest.mark.parametrize("read", [_orm_read, _raw_read], ids=["reading", "raw_reading"])


HOLD = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('PRAGMA locking_mode = EXCLUSIVE')\n"
    "c.execute('BEGIN EXCLUSIVE')\n"
    "c.execute('UPDATE alembic_version SET version_num = version_num')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Another process holds the file in exclusive locking mode: even readers must wait."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield
    finally:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.close()
        proc.wait(timeout=10)
        proc.stdout.close()


@READS
def test_a_read_while_another_process_locks_the_file_is_locked_not_damaged(tiny, read) -> None:
    db = tiny.db
    db.busy_timeout_ms = 100
    db.close()  # no connection of ours open while the other process takes the lock
    with _locked(db.path), pytest.raises(DatabaseLockedError, match="Another program") as info:
        read(db, "SELECT count(*) FROM roadmaps")
    assert "damaged" not in str(info.value)
    assert read(db, "SELECT count(*) FROM roadmaps") == 1  # once released, the same read works


def test_a_service_read_while_locked_names_the_lock(tiny) -> None:
    tiny.db.busy_timeout_ms = 100
    tiny.db.close()
    with _locked(tiny.db.path), pytest.raises(DatabaseLockedError):
        queries.roadmap_overview(tiny.db, tiny.roadmap_id, date.today())


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        (5, "SQLITE_BUSY", DatabaseLockedError),
        (6, "SQLITE_LOCKED", DatabaseLockedError),
        (8, "SQLITE_READONLY", DatabaseReadOnlyError),
        (13, "SQLITE_FULL", DiskFullError),
        (10 | (4 << 8), "SQLITE_IOERR_SHORT_READ", DatabaseIOError),
        (26, "SQLITE_NOTADB", NotADatabaseError),
    ],
)
def test_machine_trouble_inside_the_block_is_named_as_reading_names_it(
    tiny, code: int, name: str, kind: type[Exception]
) -> None:
    for reading in (tiny.db.reading, tiny.db.raw_reading):
        with pytest.raises(kind) as info, reading():
            raise _sqlite_error(code, name)
        assert type(info.value) is kind
        assert isinstance(info.value.__cause__, sqlite3.OperationalError)


def test_a_bug_leaves_raw_reading_unchanged(tiny) -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="no such table"),
        tiny.db.raw_reading() as conn,
    ):
        conn.execute("SELECT * FROM no_such_table")
    with pytest.raises(KeyError), tiny.db.raw_reading():
        raise KeyError("a bug")


def test_raw_reading_reads_one_snapshot_and_commits_nothing(tiny) -> None:
    db = tiny.db
    with db.raw_reading() as conn:
        before = conn.execute("SELECT title FROM roadmaps").fetchone()[0]
        with db.transaction() as session:  # another connection commits meanwhile
            session.execute(text("UPDATE roadmaps SET title = 'Renamed'"))
        assert conn.execute("SELECT title FROM roadmaps").fetchone()[0] == before
    assert not conn.in_transaction
    with db.raw_reading() as conn:
        conn.execute("UPDATE roadmaps SET summary_md = 'written in a read'")
    with db.raw_reading() as conn:
        assert conn.execute("SELECT title, summary_md FROM roadmaps").fetchone() == (
            "Renamed",
            "A very small roadmap for tests.\n",
        )


def test_raw_reading_uses_the_configured_pooled_connections(tiny) -> None:
    with tiny.db.raw_reading() as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA busy_timeout").fetchone() == (tiny.db.busy_timeout_ms,)
    assert tiny.db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


class _BrokenRollback:
    """A connection whose rollback fails too, as on a disk that went away."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")

    def execute(self, sql: str) -> Any:
        return self.conn.execute(sql)

    def rollback(self) -> None:
        raise _sqlite_error(10, "SQLITE_IOERR")


def test_a_failed_rollback_does_not_hide_the_first_error(tmp_path) -> None:
    conn: Any = _BrokenRollback()
    with pytest.raises(DiskFullError), snapshot(conn, tmp_path / "roadmap.sqlite3"):
        raise _sqlite_error(13, "SQLITE_FULL")


def test_the_plain_reads_import_no_sqlalchemy_and_no_models() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {PLAIN_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6')\n"
        "             or m == 'roadmap_desktop.core.models')\n"
        "print(bad)\n"
    )
    assert _python(code) == "[]"


def test_the_first_view_reads_run_on_a_connection_opened_without_sqlalchemy(tiny) -> None:
    """What start-up will do: open the file with sqlite3 alone, read the first view, paint."""
    tiny.db.close()
    code = (
        "import sqlite3, sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from roadmap_desktop.core.plain_sql import snapshot\n"
        "from roadmap_desktop.services import (\n"
        "    cards_sql, library_sql, overview_sql, pace_sql, roadmaps_sql, step_sql)\n"
        "path = Path(sys.argv[1])\n"
        "conn = sqlite3.connect(path)\n"
        "with snapshot(conn, path):\n"
        "    (rid, slug, _title), = roadmaps_sql.roadmap_choices(conn)\n"
        "    overview = overview_sql.roadmap_overview(conn, rid, date(2026, 11, 20))\n"
        "    key = overview.phases[0].steps[0].key\n"
        "    pace_sql.schedule_pace(conn, rid, date(2026, 11, 20))\n"
        "    detail = step_sql.step_detail(conn, rid, key)\n"
        "    step_sql.step_study(conn, rid, key)\n"
        "    resources = library_sql.step_resources(conn, rid, key)\n"
        "    cards_sql.step_cards(conn, rid, key)\n"
        "print(slug, detail.title, len(resources), 'sqlalchemy' in sys.modules)\n"
    )
    assert _python(code, str(tiny.db.path)) == "tiny How HTTP works 1 False"


def test_the_main_thread_reads_without_making_the_engine(tiny, tmp_path) -> None:
    db = Database(tiny.db.path)
    try:
        assert _raw_read(db, "SELECT count(*) FROM roadmaps") == 1
        assert db._engine is None  # no SQLAlchemy engine (nor import) for a plain read
        assert queries.roadmap_choices(db)[0][0] == tiny.roadmap_id
        assert db._engine is None
        # Another thread, before the engine exists, reads on a connection of its own.
        import threading

        seen: list[Any] = []
        worker = threading.Thread(target=lambda: seen.append(_raw_read(db, "PRAGMA foreign_keys")))
        worker.start()
        worker.join()
        assert seen == [1] and db._engine is None
        # A write makes the engine; the main thread keeps its own connection and sees it.
        with db.transaction() as session:
            session.execute(text("UPDATE roadmaps SET title = 'After'"))
        assert db._engine is not None
        assert _raw_read(db, "SELECT title FROM roadmaps") == "After"
    finally:
        db.close()
    assert db._plain is None
    assert _raw_read(db, "SELECT title FROM roadmaps") == "After"  # opened again on demand
    db.close()
