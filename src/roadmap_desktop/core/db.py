"""Open, check and upgrade the SQLite database; hand out one session per user action."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_desktop.core import search_index
from roadmap_desktop.core.errors import (
    DamagedDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
)
from roadmap_desktop.core.plain_sql import snapshot
from roadmap_desktop.core.quick_check import STARTUP_WAIT_S, QuickCheck
from roadmap_desktop.core.schema import SCHEMA_HEAD
from roadmap_desktop.core.sqlite_errors import RESTORE_ADVICE, machine_error, machine_errors
from roadmap_desktop.core.work_progress import (
    BACKING_UP,
    CHECKING,
    UPGRADING,
    Progress,
    no_progress,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 5000  # how long a write waits for another connection's lock


class Database:
    """An opened, up-to-date database file and the session factory that writes to it.

    SQLAlchemy (~300 ms to import) is imported when the first session or the engine is asked
    for: the plain-SQL reads of the first view (`raw_reading`) run on a connection of the
    standard library's sqlite3, so a start can show the learner's data before it.

    SQLite errors that describe the machine (locked, read-only, disk full, I/O, not a database)
    leave `transaction()`, `reading()` and `raw_reading()` as UserFacingError subclasses
    (core/sqlite_errors.py); anything else is a bug and propagates unchanged.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._plain: sqlite3.Connection | None = None  # the GUI thread's reads (raw_reading)
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (any thread)."""
        with self._engine_lock:
            if self._engine is None:
                from sqlalchemy import create_engine, event
                from sqlalchemy.orm import sessionmaker

                engine = create_engine(f"sqlite:///{self.path}")
                event.listen(engine, "connect", self._configure_connection)
                self._sessions = sessionmaker(engine, expire_on_commit=False)
                self._engine = engine
            return self._engine

    def _session(self) -> Session:
        if self._sessions is None:
            self.engine  # noqa: B018 - makes the session factory with the engine
        assert self._sessions is not None
        return self._sessions()

    def _configure_connection(self, dbapi_conn: Any, _record: Any) -> None:
        configure_connection(dbapi_conn, self.busy_timeout_ms)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back everything on an exception."""
        session = self._session()
        try:
            with machine_errors(self.path):
                try:
                    yield session
                    session.commit()
                except BaseException:
                    _rollback_quietly(session)
                    raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; nothing it does is committed."""
        session = self._session()
        try:
            with machine_errors(self.path):
                yield session
        finally:
            _rollback_quietly(session)
            session.close()

    @contextmanager
    def raw_reading(self) -> Iterator[sqlite3.Connection]:
        """A configured sqlite3 connection for the plain-SQL reads (core/plain_sql.py): one
        snapshot, nothing committed."""
        with self._reading_connection() as conn, snapshot(conn, self.path):
            yield conn

    @contextmanager
    def _reading_connection(self) -> Iterator[sqlite3.Connection]:
        """The main (GUI) thread reads on a connection of its own, made without SQLAlchemy;
        other threads borrow a pooled one, or, before the engine is made (start-up opens the
        store on a worker thread), one just for this read."""
        if threading.current_thread() is threading.main_thread():
            with machine_errors(self.path):
                conn = self._plain_connection()
            yield conn
            return
        if self._engine is None:
            with machine_errors(self.path):
                conn = sqlite3.connect(self.path)
                configure_connection(conn, self.busy_timeout_ms)
            try:
                yield conn
            finally:
                conn.close()
            return
        with machine_errors(self.path):
            pooled = self.engine.raw_connection()
        try:
            dbapi = pooled.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            yield dbapi
        finally:
            pooled.close()

    def _plain_connection(self) -> sqlite3.Connection:
        if self._plain is None:
            # Closed by close(), which may run on another thread (the app's quit path).
            conn = sqlite3.connect(self.path, check_same_thread=False)
            configure_connection(conn, self.busy_timeout_ms)
            self._plain = conn
        return self._plain

    def close(self) -> None:
        """Close the connections (the last one checkpoints the WAL); reads may open them again."""
        if self._plain is not None:
            self._plain.close()
            self._plain = None
        if self._engine is not None:
            self._engine.dispose()


def _rollback_quietly(session: Session) -> None:
    """Roll back; a rollback that fails too (the disk went away) must not hide the first error."""
    try:
        session.rollback()
    except Exception:
        log.warning("rollback failed", exc_info=True)


def session_sqlite(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session, for a plain-SQL read inside its transaction;
    pending ORM changes are flushed first, as a query through the session would."""
    if session.autoflush:
        session.flush()
    conn = session.connection().connection.dbapi_connection
    assert isinstance(conn, sqlite3.Connection)
    return conn


def configure_connection(dbapi_conn: Any, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """WAL, foreign keys and a busy timeout on every new connection."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # WAL + NORMAL: a killed process never corrupts the file and loses no committed transaction.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _configure_connection(dbapi_conn: Any, _record: Any) -> None:
    configure_connection(dbapi_conn)


def read_revision(
    path: Path, *, wait_s: float = STARTUP_WAIT_S, early: QuickCheck | None = None
) -> str | None:
    """The schema revision stored in the file; None for a new or empty database.

    The integrity check is `early`'s when it checked this file (started before the imports,
    core/quick_check.py), else run here.

    Raises DamagedDatabaseError when the file is not a readable, intact SQLite database, and a
    DatabaseUnavailableError when the machine is in the way (a lock held longer than wait_s,
    an unreadable file, a folder where the file should be).
    """
    with machine_errors(path, files=True):
        if not path.exists():
            return None
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if path.stat().st_size == 0:
            _check_empty_file(path)
            return None
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(_damaged_message(path, "it is not an SQLite database"))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=wait_s)
        try:
            if early is not None and early.path == path:
                check = early.outcome()
            else:
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
        mapped = machine_error(exc, path)
        raise (mapped or DamagedDatabaseError(_damaged_message(path, str(exc)))) from exc
    if row is None:
        raise DamagedDatabaseError(_damaged_message(path, "its schema version is missing"))
    return str(row[0])


def _check_empty_file(path: Path) -> None:
    """A zero-length file is new only when nothing could hold the learner's data.

    A non-empty write-ahead log beside it, or automatic backups in the folder, mean the file
    was emptied by accident (a sync tool, a full disk); refuse rather than start afresh over it.
    """
    wal = path.with_name(path.name + "-wal")
    backups = sorted((path.parent / "backups").glob(f"{path.stem}-*.sqlite3"))
    found = []
    if wal.exists() and wal.stat().st_size > 0:
        found.append(f"its write-ahead log {wal.name} ({wal.stat().st_size:,} bytes)")
    if backups:
        found.append(f"{len(backups)} automatic backup{'s' if len(backups) != 1 else ''}")
    if found:
        raise NotADatabaseError(
            f"The database file {path} is empty (0 bytes), but {' and '.join(found)} may hold "
            f"your data, so it was not started afresh. Nothing was changed. {RESTORE_ADVICE} "
            "To start with an empty database instead, move the empty file and its backups away."
        )


def _damaged_message(path: Path, reason: str) -> str:
    return (
        f"The database {path} cannot be opened ({reason}).\n"
        f"It has not been changed. {RESTORE_ADVICE} "
        "Or move the file away to start with an empty database."
    )


def open_database(
    path: Path, progress: Progress | None = None, *, early: QuickCheck | None = None
) -> Database:
    """Open the database at path, creating or upgrading its schema when needed.

    A fresh file gets the current schema and is stamped at head (built beside it and renamed
    into place, so a failure leaves no half-created file). An older one is backed up and
    upgraded with Alembic, reporting each stage to `progress` (on this thread). A damaged or
    newer one is refused and left untouched. `early` is an integrity check of the file already
    under way (see read_revision).
    """
    revision = read_revision(path, early=early)
    if revision == SCHEMA_HEAD:
        db = Database(path)
        try:
            _repair_search_index(db, progress or no_progress)
        except BaseException:
            db.close()
            raise
        return db
    if revision is None:
        if path.exists() and path.stat().st_size > 0:
            db = Database(path)  # an SQLite file without tables: fill it in place
            with machine_errors(path):
                _create_schema(db.engine)
            return db
        _create_fresh(path)
        return Database(path)
    _upgrade(path, revision, progress or no_progress)
    return Database(path)


def _repair_search_index(db: Database, progress: Progress) -> None:
    """Build the search index again when its tables or triggers are missing or not those
    core/search_index.KINDS makes today (a sub-millisecond check): a file mended by hand, or
    a version that changed what is indexed without a migration. Reports like an upgrade."""
    with db.raw_reading() as conn:
        if search_index.is_installed(_Driver(conn)):
            return
    log.warning("search index of %s missing or out of date: building it again", db.path)
    with db.transaction() as session:
        search_index.install(session.connection(), progress)


class _Driver:
    """A sqlite3 connection in the shape core/search_index reads through (`exec_driver_sql`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def exec_driver_sql(self, statement: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return self.conn.execute(statement, parameters)


def database_files(path: Path) -> list[Path]:
    """A database file with the journal, WAL and shared-memory files SQLite may keep beside it."""
    return [path, *(path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm"))]


def _create_fresh(path: Path) -> None:
    """Build the schema in `<name>.creating` and rename it over `path` once it is complete."""
    building = path.with_name(path.name + ".creating")
    for leftover in database_files(building):  # from a run killed while creating
        leftover.unlink(missing_ok=True)
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{building}")
    # Nobody reads the half-built file, and a failure deletes it: its ~100 CREATE statements
    # (each its own transaction in Python's sqlite3) need no journal or flush each; one flush
    # of the finished file before the rename makes it durable (0.1–1.2 s → ~20 ms).
    event.listen(engine, "connect", _unsynced)
    try:
        with machine_errors(path, files=True):
            try:
                _create_schema(engine)
            finally:
                engine.dispose()
            flush_to_disk(building)
            os.replace(building, path)
    except BaseException:
        for part in database_files(building):
            part.unlink(missing_ok=True)
        raise
    log.info("created database %s at %s", path, SCHEMA_HEAD)


def _unsynced(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode = MEMORY")
    cursor.execute("PRAGMA synchronous = OFF")
    cursor.close()


def flush_to_disk(path: Path) -> None:
    """fsync the file, so a rename that follows never publishes unwritten pages."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_schema(engine: Engine) -> None:
    from roadmap_desktop.core.models import Base

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        search_index.install(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.exec_driver_sql("INSERT INTO alembic_version VALUES (?)", (SCHEMA_HEAD,))


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


def _upgrade(path: Path, revision: str, progress: Progress) -> None:
    """Back up, then run every migration and put the search index right in one transaction:
    an upgrade cut short (a crash, kill -9, a full disk) leaves the file at its old revision,
    and the next start upgrades it again."""
    from alembic import command

    if revision not in known_revisions():
        raise NewerDatabaseError(
            f"The database {path} was written by a newer version of Roadmap Desktop "
            f"(schema {revision}). It has not been changed; please install the newer version."
        )
    from roadmap_desktop.core.backup import backup_database

    progress(BACKING_UP, None)
    with machine_errors(path, files=True):
        backup_database(path, path.parent / "backups", f"pre-upgrade-{revision}")
    progress(UPGRADING, None)
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    try:
        with machine_errors(path), engine.connect() as conn:
            # Batch migrations rebuild a table by dropping the old one; with foreign keys on,
            # that drop cascades (rebuilding `resources` would delete every step link). SQLite
            # only honours this pragma outside a transaction; integrity is checked below.
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
            with conn.begin():
                config = alembic_config(conn)
                config.attributes["progress"] = progress  # the index build (0004) reports
                config.attributes["on_version_apply"] = lambda **_: progress(UPGRADING, None)
                command.upgrade(config, "head")
                # A migration that rebuilt a watched table dropped its index triggers with it.
                search_index.ensure_installed(conn, progress)
                progress(CHECKING, None)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DamagedDatabaseError(
                        _damaged_message(path, f"upgrade found broken references: {broken[:3]}")
                    )
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
    finally:
        engine.dispose()
    log.info("upgraded database %s from %s at %s", path, revision, datetime.now())
