"""Open, check and upgrade the SQLite database; hand out one session per user action."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from roadmap_desktop.core import search_index
from roadmap_desktop.core.errors import DamagedDatabaseError, NewerDatabaseError
from roadmap_desktop.core.models import Base
from roadmap_desktop.core.schema import SCHEMA_HEAD

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class Database:
    """An opened, up-to-date database file and the session factory that writes to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine: Engine = create_engine(f"sqlite:///{path}")
        event.listen(self.engine, "connect", _configure_connection)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back everything on an exception."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; nothing it does is committed."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Release every pooled connection (checkpoints the WAL)."""
        self.engine.dispose()


def _configure_connection(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # WAL + NORMAL: a killed process never corrupts the file and loses no committed transaction.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


def read_revision(path: Path) -> str | None:
    """The schema revision stored in the file; None for a new or empty database.

    Raises DamagedDatabaseError when the file is not a readable, intact SQLite database.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DamagedDatabaseError(_damaged_message(path, "it is not an SQLite database"))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise DamagedDatabaseError(_damaged_message(path, f"integrity check: {check}"))
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise DamagedDatabaseError(
                    _damaged_message(path, "it is an SQLite file of another program")
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(_damaged_message(path, str(exc))) from exc
    if row is None:
        raise DamagedDatabaseError(_damaged_message(path, "its schema version is missing"))
    return str(row[0])


def _damaged_message(path: Path, reason: str) -> str:
    return (
        f"The database {path} cannot be opened ({reason}).\n"
        "It has not been changed. Restore a backup from the 'backups' folder beside it, "
        "or move the file away to start fresh."
    )


def open_database(path: Path) -> Database:
    """Open the database at path, creating or upgrading its schema when needed.

    A fresh file gets the current schema and is stamped at head. An older one is backed up and
    upgraded with Alembic. A damaged or newer one is refused and left untouched.
    """
    revision = read_revision(path)
    if revision == SCHEMA_HEAD:
        return Database(path)
    if revision is None:
        db = Database(path)
        _create_fresh(db)
        return db
    _upgrade(path, revision)
    return Database(path)


def _create_fresh(db: Database) -> None:
    with db.engine.begin() as conn:
        Base.metadata.create_all(conn)
        search_index.install(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.exec_driver_sql("INSERT INTO alembic_version VALUES (?)", (SCHEMA_HEAD,))
    log.info("created database %s at %s", db.path, SCHEMA_HEAD)


def alembic_config(connection: Any = None) -> Any:
    """An Alembic Config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    """Every revision id the shipped migrations know."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _upgrade(path: Path, revision: str) -> None:
    from alembic import command

    if revision not in known_revisions():
        raise NewerDatabaseError(
            f"The database {path} was written by a newer version of Roadmap Desktop "
            f"(schema {revision}). It has not been changed; please install the newer version."
        )
    from roadmap_desktop.core.backup import backup_database

    backup_database(path, path.parent / "backups", f"pre-upgrade-{revision}")
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    try:
        with engine.connect() as conn:
            # Batch migrations rebuild a table by dropping the old one; with foreign keys on,
            # that drop cascades (rebuilding `resources` would delete every step link). SQLite
            # only honours this pragma outside a transaction; integrity is checked below.
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
            with conn.begin():
                command.upgrade(alembic_config(conn), "head")
                # A migration that rebuilt a watched table dropped its index triggers with it.
                search_index.ensure_installed(conn)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DamagedDatabaseError(
                        _damaged_message(path, f"upgrade found broken references: {broken[:3]}")
                    )
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
    finally:
        engine.dispose()
    log.info("upgraded database %s from %s at %s", path, revision, datetime.now())
