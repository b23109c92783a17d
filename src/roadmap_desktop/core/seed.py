"""The seed database: a first run's database made at build time, copied into place at a first run.

A first run used to build the schema and load the four bundled roadmaps (parse the YAML, then
~130 statements SQLAlchemy compiles for the first time): 0.3–0.6 s. The build (`seed_build.py`)
does exactly that once and ships the result in the package as `seed.sqlite3`; a first run
copies it when it is current — its schema revision is SCHEMA_HEAD and its roadmaps' content
hashes are those of the bundled files shipped now — and otherwise takes the long way.

What a first run writes that is not content is moved to the copy's own moment: the time each
library resource was added and each question card was made and falls due (the seed's values
keep their order and spacing, the newest becomes now). A fresh database has no identity of its
own: the sync device id, clock and journal counters are made at the first sync round, and a
seed that holds any is not used. Standard library only, so a first run needs neither
SQLAlchemy nor Alembic to get its database.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from roadmap_desktop.core import bundled
from roadmap_desktop.core.content_report import SyncReport
from roadmap_desktop.core.db import database_files, flush_to_disk
from roadmap_desktop.core.schema import SCHEMA_HEAD

log = logging.getLogger(__name__)

SEED_FILENAME = "seed.sqlite3"
# Columns a first run fills with the moment it runs (checked against two first runs by a test).
MOMENT_COLUMNS = (("resources", "added_at"), ("cards", "created_at"), ("cards", "due"))
# Tables of the sync state (core/sync/store.py): empty until the first sync round makes this
# database's device id; a seed holding any would give every copy the same identity.
SYNC_TABLES = ("sync_meta", "sync_records", "sync_files", "sync_dirty", "sync_rows", "sync_rowkeys")


class _Unusable(Exception):
    """Why a seed database cannot be used for this first run."""


def shipped_seed() -> Path:
    """Where the package keeps its seed database (there or not)."""
    return Path(str(resources.files("roadmap_desktop").joinpath(SEED_FILENAME)))


def seed_problem(seed: Path, expected: Mapping[str, str] | None = None) -> str | None:
    """Why the seed database cannot be used now (missing, unreadable, another schema revision,
    other content than the bundled files shipped now, sync state); None when it is current.
    `expected` is slug → content hash, by default that of the bundled files."""
    if not seed.is_file():
        return f"{seed} does not exist"
    try:
        # Read-only and immutable: no lock, journal or -shm file beside a packaged file.
        conn = sqlite3.connect(f"{seed.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            _check(conn, bundled.bundled_hashes() if expected is None else expected)
        finally:
            conn.close()
    except (_Unusable, sqlite3.Error, OSError) as exc:
        return str(exc)
    return None


def _check(conn: sqlite3.Connection, expected: Mapping[str, str]) -> None:
    """Raise _Unusable unless conn holds a current seed."""
    revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    if revisions != [SCHEMA_HEAD]:
        raise _Unusable(f"its schema is {revisions}, not {SCHEMA_HEAD}")
    stored = dict(conn.execute("SELECT slug, content_hash FROM roadmaps").fetchall())
    if stored != dict(expected):
        changed = [
            k for k in sorted(stored.keys() | expected.keys()) if stored.get(k) != expected.get(k)
        ]
        raise _Unusable(f"its roadmaps differ from the bundled files: {', '.join(changed)}")
    for table in SYNC_TABLES:
        if conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            raise _Unusable(f"it holds sync state ({table})")


def place_seed(target: Path, seed: Path, *, now: datetime | None = None) -> list[SyncReport] | None:
    """Make `target` (absent or empty) a copy of the seed database with its own moment, if the
    seed is current; returns what loading the bundled roadmaps would have reported. None (and
    nothing written) when the seed cannot be used: the caller builds the database instead.

    The copy is made as `<name>.seeding`, flushed to disk and renamed over `target`, so a
    failure or a killed process never leaves a database that looks complete.
    """
    if not seed.is_file():
        log.info("first run without a seed database: %s does not exist", seed)
        return None
    building = target.with_name(target.name + ".seeding")
    parts = database_files(building)
    for leftover in parts:  # from a run killed while copying
        leftover.unlink(missing_ok=True)
    try:
        shutil.copyfile(seed, building)
        reports = _make_own(building, now or datetime.now(UTC).replace(tzinfo=None))
        flush_to_disk(building)
        os.replace(building, target)
    except (_Unusable, sqlite3.Error, OSError, ValueError) as exc:
        for part in parts:
            part.unlink(missing_ok=True)
        log.info("first run without the seed database %s: %s", seed, exc)
        return None
    except BaseException:
        for part in parts:
            part.unlink(missing_ok=True)
        raise
    log.info("created database %s from the seed database %s", target, seed)
    return reports


def _make_own(path: Path, now: datetime) -> list[SyncReport]:
    """Check the copy, move its moments to `now` and put it in WAL mode like every database
    at rest; returns a created report per roadmap, as its first load made."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Nobody reads the copy before it is renamed, and a failure deletes it (as _create_fresh).
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise _Unusable(f"integrity check: {check}")
        _check(conn, bundled.bundled_hashes())
        conn.execute("BEGIN")
        _move_moments(conn, now)
        reports: dict[str, SyncReport] = {}
        for slug, key in conn.execute(
            "SELECT r.slug, s.key FROM roadmaps r LEFT JOIN steps s ON s.roadmap_id = r.id "
            "ORDER BY r.position, r.id, s.id"
        ):
            report = reports.setdefault(slug, SyncReport(slug=slug, created=True))
            if key is not None:
                report.added_steps.append(key)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return list(reports.values())


def _move_moments(conn: sqlite3.Connection, now: datetime) -> None:
    """Shift every MOMENT_COLUMNS value by one amount, so the newest becomes `now`."""
    found: dict[tuple[str, str], list[tuple[int, datetime]]] = {}
    for table, column in MOMENT_COLUMNS:
        rows = conn.execute(
            f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
        ).fetchall()
        found[(table, column)] = [(rowid, _stored_time(value)) for rowid, value in rows]
    moments = [moment for rows in found.values() for _rowid, moment in rows]
    if not moments:
        return
    shift = now - max(moments)
    for (table, column), rows in found.items():
        conn.executemany(
            f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',
            [(f"{moment + shift:%Y-%m-%d %H:%M:%S.%f}", rowid) for rowid, moment in rows],
        )


def _stored_time(value: object) -> datetime:
    """A DATETIME as SQLAlchemy stores it in SQLite ("2026-12-03 12:16:39.908837")."""
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        raise ValueError(f"a time with a zone where naive UTC is stored: {value}")
    return moment
