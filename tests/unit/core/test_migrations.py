"""Opening, creating and refusing database files; the Alembic history matches the models."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.exc import IntegrityError

from roadmap_desktop.core.db import (
    Database,
    _configure_connection,
    alembic_config,
    open_database,
    read_revision,
)
from roadmap_desktop.core.errors import DamagedDatabaseError, NewerDatabaseError
from roadmap_desktop.core.models import Phase
from roadmap_desktop.core.schema import SCHEMA_HEAD


def _schema(path: Path) -> dict[str, Any]:
    """Tables, columns, indexes, unique and foreign keys of a database file, comparable."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        insp = inspect(engine)
        result: dict[str, Any] = {}
        for table in sorted(insp.get_table_names()):
            result[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("primary_key"))
                    for c in insp.get_columns(table)
                ],
                "pk": insp.get_pk_constraint(table)["constrained_columns"],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "unique": sorted(
                    (u["name"], tuple(u["column_names"]))
                    for u in insp.get_unique_constraints(table)
                ),
                "foreign_keys": sorted(
                    (
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        tuple(f["referred_columns"]),
                        f.get("options", {}).get("ondelete"),
                    )
                    for f in insp.get_foreign_keys(table)
                ),
            }
        # Triggers and virtual tables (the search index) are invisible to the inspector.
        with engine.connect() as conn:
            result["sqlite_master"] = sorted(
                (str(row[0]), str(row[1]), " ".join(str(row[2]).split()))
                for row in conn.exec_driver_sql(
                    "SELECT type, name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' OR sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            )
        return result
    finally:
        engine.dispose()


def _alembic_upgrade(path: Path) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()


def _stamp(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    finally:
        conn.close()


def _fresh_file(path: Path) -> None:
    open_database(path).close()


def test_schema_head_constant_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [SCHEMA_HEAD]


def test_alembic_upgrade_builds_the_same_schema_as_a_fresh_open(tmp_path: Path) -> None:
    migrated, fresh = tmp_path / "migrated.sqlite3", tmp_path / "fresh.sqlite3"
    _alembic_upgrade(migrated)
    _fresh_file(fresh)
    migrated_schema, fresh_schema = _schema(migrated), _schema(fresh)
    assert "steps" in fresh_schema and "alembic_version" in fresh_schema
    assert any(kind == "trigger" for kind, _, _ in fresh_schema["sqlite_master"])
    assert migrated_schema == fresh_schema
    assert read_revision(migrated) == read_revision(fresh) == SCHEMA_HEAD


def test_fresh_file_is_stamped_at_head(db_path: Path) -> None:
    assert not db_path.exists()
    _fresh_file(db_path)
    assert read_revision(db_path) == SCHEMA_HEAD


def test_zero_byte_file_is_treated_as_fresh(db_path: Path) -> None:
    db_path.write_bytes(b"")
    db = open_database(db_path)
    try:
        with db.reading() as session:
            tables = set(
                session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
            )
    finally:
        db.close()
    assert {"roadmaps", "steps", "step_progress", "alembic_version"} <= tables
    assert read_revision(db_path) == SCHEMA_HEAD


def test_database_of_a_newer_app_is_refused_unchanged(db_path: Path) -> None:
    _fresh_file(db_path)
    _stamp(db_path, "9999_future")
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version") as info:
        open_database(db_path)
    assert "9999_future" in str(info.value)
    assert "has not been changed" in str(info.value)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 64,
        b"SQLite format 3\x00" + b"\xff" * 200,
        b"SQLite format 3\x00",
    ],
    ids=["random-bytes", "header-then-garbage", "header-only"],
)
def test_a_file_that_is_not_a_database_is_refused_unchanged(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(DamagedDatabaseError, match="cannot be opened") as info:
        open_database(db_path)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == content


def test_a_truncated_database_is_refused_unchanged(db_path: Path) -> None:
    db = open_database(db_path)
    with db.transaction() as session:
        # Enough rows for several pages, so truncation cuts real content.
        session.execute(
            text("INSERT INTO resources (title, url, kind, author) VALUES (:t, :u, 'docs', '')"),
            [{"t": f"Resource {i}" * 5, "u": f"https://example.com/{i}"} for i in range(2000)],
        )
    db.close()
    whole = db_path.read_bytes()
    assert len(whole) > 16 * 4096
    cut = whole[: len(whole) // 2]
    db_path.write_bytes(cut)
    with pytest.raises(DamagedDatabaseError, match="cannot be opened"):
        open_database(db_path)
    assert db_path.read_bytes() == cut


def test_an_sqlite_file_of_another_program_is_refused_unchanged(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO contacts (name) VALUES ('Ada')")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DamagedDatabaseError, match="another program"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_an_sqlite_file_without_tables_is_treated_as_fresh(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("VACUUM")  # writes the header page: a valid, empty SQLite file
    conn.close()
    assert db_path.stat().st_size > 0
    open_database(db_path).close()
    assert read_revision(db_path) == SCHEMA_HEAD


def test_an_empty_alembic_version_table_is_refused(db_path: Path) -> None:
    _fresh_file(db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DELETE FROM alembic_version")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DamagedDatabaseError, match="schema version is missing"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_opening_a_current_database_runs_no_migration(db_path: Path) -> None:
    _fresh_file(db_path)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from roadmap_desktop.core.db import open_database\n"
        f"db = open_database(Path({str(db_path)!r}))\n"
        "with db.reading() as s:\n"
        "    print(s.connection().exec_driver_sql('SELECT count(*) FROM roadmaps').scalar())\n"
        "db.close()\n"
        "print('alembic.command' in sys.modules, 'alembic' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False", "False"]
    assert not (db_path.parent / "backups").exists()


def test_sessions_use_wal_and_foreign_keys(db: Database) -> None:
    with db.reading() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.transaction() as session:
        session.add(Phase(roadmap_id=999, key="x", position=0, title="X", start_week=1, end_week=1))
    with db.reading() as session:
        assert session.execute(text("SELECT count(*) FROM phases")).scalar() == 0
