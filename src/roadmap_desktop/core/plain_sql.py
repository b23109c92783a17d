"""Reading with the standard library's sqlite3: one consistent snapshot, stored values decoded.

No SQLAlchemy and no models: the reads of services/plain_reads run on a connection this module
prepares, through `Database.raw_reading()` today and, later, on a connection opened before
SQLAlchemy is imported. Values come back as the ORM would return them: SQLAlchemy keeps an enum
as its value's text (`models._enum`), a DateTime as 'YYYY-MM-DD HH:MM:SS[.ffffff]', a Date as
'YYYY-MM-DD' and a Boolean as 0 or 1.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from roadmap_desktop.core.sqlite_errors import machine_errors

E = TypeVar("E", bound=enum.Enum)


@contextmanager
def snapshot(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """Every statement of the block reads the same committed state (BEGIN … ROLLBACK); SQLite
    errors that describe the machine leave as UserFacingErrors, like `Database.reading()`."""
    with machine_errors(path):
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            _rollback_quietly(conn)


def _rollback_quietly(conn: sqlite3.Connection) -> None:
    """End the read; a rollback that fails too (the disk went away) must not hide the first
    error."""
    try:
        conn.rollback()
    except sqlite3.Error:
        import logging  # only on this rare path: start-up imports no logging before its frame

        logging.getLogger(__name__).warning("rollback failed", exc_info=True)


def members(enum_class: type[E]) -> dict[str, E]:
    """Stored text → member: `members(StepKind)[row[3]]`. An unknown text raises a LookupError
    (KeyError), as the ORM's Enum type does."""
    return {member.value: member for member in enum_class}


def stamp(value: str | None) -> datetime | None:
    """A stored DateTime, naive as stored; None stays None."""
    return None if value is None else datetime.fromisoformat(value)


def day(value: str | None) -> date | None:
    """A stored Date; None stays None."""
    return None if value is None else date.fromisoformat(value)


def marks(count: int) -> str:
    """The placeholders of an IN list of count values: "?, ?, ?"."""
    return ", ".join("?" * count)


def rows_in(
    conn: sqlite3.Connection, sql: str, before: Sequence[object], values: Sequence[object]
) -> list[Any]:
    """The rows of sql, whose one `{}` becomes the placeholders of an IN list of values that
    follow the parameters `before` (SQLAlchemy's expanding IN, written out)."""
    return conn.execute(sql.format(marks(len(values))), (*before, *values)).fetchall()
