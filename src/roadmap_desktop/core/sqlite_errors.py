"""SQLite errors sorted by error code: machine trouble the learner can fix, versus bugs.

Importing it costs no SQLAlchemy: the plain-SQL reads (core/plain_sql.py) map their errors here
too, possibly before SQLAlchemy is imported.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from roadmap_desktop.core.errors import (
    DamagedDatabaseError,
    DatabaseIOError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DiskFullError,
    NotADatabaseError,
    UserFacingError,
)

# Primary result codes (the low byte of an extended code); see sqlite.org/rescode.html.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

RESTORE_ADVICE = (
    "Restore one of the automatic backups: in the window with File ▸ Restore From Automatic "
    "Backup…, or with `roadmap-desktop backups` and `roadmap-desktop restore FILE`."
)


def sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 exception behind exc (SQLAlchemy wraps it in `.orig`), if there is one."""
    if isinstance(exc, sqlite3.Error):
        return exc
    orig = getattr(exc, "orig", None)
    return orig if _is_dbapi_error(exc) and isinstance(orig, sqlite3.Error) else None


def _is_dbapi_error(exc: BaseException) -> bool:
    """Whether exc is SQLAlchemy's wrapper of a driver error; without SQLAlchemy imported, no
    exception can be one."""
    wrappers = sys.modules.get("sqlalchemy.exc")
    return wrappers is not None and isinstance(exc, wrappers.DBAPIError)


def primary_code(error: sqlite3.Error) -> int | None:
    """The primary result code of an sqlite3 error, or None when the driver gave none."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def machine_error(exc: BaseException, path: Path) -> UserFacingError | None:
    """The learner-facing error for a known machine problem behind exc; None for a bug.

    Corruption is only called damage after `PRAGMA quick_check` agrees, so a busy or
    unreadable disk is never mistaken for a broken file.
    """
    cause = sqlite_cause(exc)
    if cause is None:
        return os_error(exc, path) if isinstance(exc, OSError) else None
    code = primary_code(cause)
    detail = f"{getattr(cause, 'sqlite_errorname', 'SQLite')}: {cause}"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLockedError(
            f"Another program is using your study database ({path}) and keeps it locked. "
            "Nothing was changed. Close that program (or the other Roadmap Desktop window "
            f"or command) and try again. [{detail}]"
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return DatabaseReadOnlyError(
            f"Your study database ({path}) cannot be written: the file or its folder is "
            "read-only. Nothing was changed. Make both writable (or copy the folder somewhere "
            f"writable and use --data-dir) and try again. [{detail}]"
        )
    if code == SQLITE_FULL:
        return DiskFullError(_disk_full(path, detail))
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return DatabaseIOError(
            f"The computer could not read or write your study database ({path}). Nothing was "
            "changed. Check that the disk or drive holding it is connected and working, then "
            f"try again. [{detail}]"
        )
    if code == SQLITE_NOTADB:
        return NotADatabaseError(
            f"The database {path} cannot be opened: it is not an SQLite database. "
            f"It has not been changed. {RESTORE_ADVICE} [{detail}]"
        )
    if code == SQLITE_CORRUPT:
        verdict = quick_check(path)
        if verdict is not None and verdict != "ok":
            return DamagedDatabaseError(
                f"Your study database ({path}) cannot be opened: it is damaged (integrity check: "
                f"{verdict}). "
                f"It has not been changed. {RESTORE_ADVICE}"
            )
        return DatabaseIOError(
            f"Reading your study database ({path}) failed, although its integrity check "
            f"passes. Nothing was changed. Close other programs and try again. [{detail}]"
        )
    return None


def os_error(exc: OSError, path: Path) -> UserFacingError:
    """A file-system error around the database as a learner-facing error."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(_disk_full(path, reason))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DatabaseReadOnlyError(
            f"Your study database ({path}) cannot be used: {reason}. Nothing was changed. "
            "Make the file and its folder readable and writable, then try again."
        )
    if isinstance(exc, IsADirectoryError):
        return DatabaseIOError(
            f"The database path {path} is a folder, not a file. Nothing was changed. Move that "
            "folder away (or choose another data folder with --data-dir) and try again."
        )
    return DatabaseIOError(
        f"The computer could not read or write your study database ({path}): {reason}. "
        "Nothing was changed. Check the disk holding it, then try again."
    )


def _disk_full(path: Path, detail: str) -> str:
    return (
        f"The disk holding your study database ({path}) is full. Nothing was saved "
        f"and nothing was lost. Free some space, then try again. [{detail}]"
    )


def quick_check(path: Path) -> str | None:
    """`PRAGMA quick_check`'s first line on a read-only connection; None if it cannot run."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        return None if primary_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR) else str(exc)
    finally:
        conn.close()
    return str(row[0]) if row else None


@contextmanager
def machine_errors(path: Path, *, files: bool = False) -> Iterator[None]:
    """Re-raise known machine problems inside the block as UserFacingError subclasses.

    With files=True an OSError is taken to concern the database file too (the open path);
    otherwise it is left alone, as it may concern any other file.
    """
    try:
        yield
    except Exception as exc:
        if not isinstance(exc, sqlite3.Error | OSError) and not _is_dbapi_error(exc):
            raise
        if isinstance(exc, OSError) and not files:
            raise
        mapped = machine_error(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
