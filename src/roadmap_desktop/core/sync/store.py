"""The sync tables of one database: settings and counters, record states, files read."""

from __future__ import annotations

import json
import secrets
import socket
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from roadmap_desktop.core.sync.journal import dumps

RecordKey = tuple[str, str]  # entity, JSON key


def get_meta(session: Session) -> dict[str, str]:
    """Every sync setting and counter of this database."""
    return dict(session.execute(text("SELECT key, value FROM sync_meta")).tuples().all())


def set_meta(session: Session, values: dict[str, str]) -> None:
    """Store settings and counters."""
    for key, value in values.items():
        session.execute(
            text("INSERT OR REPLACE INTO sync_meta (key, value) VALUES (:k, :v)"),
            {"k": key, "v": value},
        )


def ensure_device(session: Session) -> dict[str, str]:
    """This data folder's device id and name, made on first use."""
    meta = get_meta(session)
    fresh: dict[str, str] = {}
    if "device_id" not in meta:
        fresh["device_id"] = secrets.token_hex(8)
    if not meta.get("device_name"):
        fresh["device_name"] = (socket.gethostname() or "This computer")[:60]
    if fresh:
        set_meta(session, fresh)
        meta.update(fresh)
    return meta


def take_write_lock(session: Session) -> None:
    """Start the round's transaction with a write, so SQLite holds the write lock throughout
    (the window's edits wait for the round instead of interleaving with it)."""
    session.execute(text("INSERT OR REPLACE INTO sync_meta (key, value) VALUES ('round', '')"))


def install_triggers(session: Session, tables: Iterable[str], tracked: Iterable[str] = ()) -> None:
    """Count writes to each synced table, so a round knows which tables to compare; for the
    `tracked` tables also note each written row (by id) in sync_rows."""
    rows = set(tracked)
    for table in tables:
        session.execute(
            text("INSERT OR IGNORE INTO sync_dirty (tbl, n) VALUES (:t, 0)"), {"t": table}
        )
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"sync_dirty_{table}_{event.lower()}"
            note = ""
            if table in rows:
                row = "OLD" if event == "DELETE" else "NEW"
                note = f" INSERT OR IGNORE INTO sync_rows (tbl, rid) VALUES ('{table}', {row}.id);"
            session.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
            session.execute(
                text(
                    f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                    f"BEGIN UPDATE sync_dirty SET n = n + 1 WHERE tbl = '{table}';{note} END"
                )
            )


def written_rows(session: Session, table: str) -> list[int]:
    """Ids of the tracked table's rows written since they were last taken (see take_rows)."""
    found = session.execute(text("SELECT rid FROM sync_rows WHERE tbl = :t"), {"t": table})
    return [int(r) for (r,) in found]


def take_rows(session: Session, table: str) -> None:
    """Forget the tracked table's written rows (they were compared or their keys noted)."""
    session.execute(text("DELETE FROM sync_rows WHERE tbl = :t"), {"t": table})


def _id_lists(rids: list[int]) -> list[str]:
    """Row ids as comma-separated integer lists of at most 500 (for IN, within SQL limits)."""
    return [",".join(str(int(r)) for r in rids[i : i + 500]) for i in range(0, len(rids), 500)]


def row_keys(session: Session, entity: str, rids: list[int]) -> dict[int, str]:
    """The stable keys the rows had when last noted, by row id."""
    found: dict[int, str] = {}
    for marks in _id_lists(rids):
        for rid, key in session.execute(
            text(f"SELECT rid, key FROM sync_rowkeys WHERE entity = :e AND rid IN ({marks})"),
            {"e": entity},
        ):
            found[int(rid)] = key
    return found


def note_row_keys(
    session: Session, entity: str, rids: list[int], keys: dict[int, str], *, whole: bool = False
) -> None:
    """Remember the rows' current keys (rows in `rids` without a key are gone); `whole`
    replaces every noted key of the entity."""
    if whole:
        session.execute(text("DELETE FROM sync_rowkeys WHERE entity = :e"), {"e": entity})
    else:
        for marks in _id_lists(rids):
            session.execute(
                text(f"DELETE FROM sync_rowkeys WHERE entity = :e AND rid IN ({marks})"),
                {"e": entity},
            )
    if keys:
        session.connection().exec_driver_sql(
            "INSERT OR REPLACE INTO sync_rowkeys (entity, rid, key) VALUES (?, ?, ?)",
            [(entity, rid, key) for rid, key in keys.items()],
        )


def load_shadows_of(session: Session, entity: str, keys: Iterable[str]) -> dict[str, Any]:
    """The shadows of some records of the entity, by key text."""
    wanted = sorted(keys)
    found: dict[str, Any] = {}
    for i in range(0, len(wanted), 500):
        part = {f"k{n}": k for n, k in enumerate(wanted[i : i + 500])}
        marks = ",".join(f":{name}" for name in part)
        for key, shadow in session.execute(
            text(f"SELECT key, shadow FROM sync_records WHERE entity = :e AND key IN ({marks})"),
            {"e": entity, **part},
        ):
            found[key] = json.loads(shadow) if shadow is not None else None
    return found


def dirty_counters(session: Session) -> dict[str, int]:
    """Write counters per synced table."""
    return dict(session.execute(text("SELECT tbl, n FROM sync_dirty")).tuples().all())


def load_shadows(session: Session, entity: str) -> dict[str, Any]:
    """JSON key → values as the tables held them after the last round (None: no row)."""
    rows = session.execute(
        text("SELECT key, shadow FROM sync_records WHERE entity = :e"), {"e": entity}
    )
    return {key: (json.loads(shadow) if shadow is not None else None) for key, shadow in rows}


def load_states(session: Session, keys: Iterable[RecordKey]) -> dict[RecordKey, dict[str, Any]]:
    """Merged states of the given records (those never seen are missing)."""
    by_entity: dict[str, list[str]] = {}
    for entity, key in keys:
        by_entity.setdefault(entity, []).append(key)
    found: dict[RecordKey, dict[str, Any]] = {}
    for entity, wanted in by_entity.items():
        if len(wanted) > 200:  # many: one pass over the entity beats many lookups
            want = set(wanted)
            rows = session.execute(
                text("SELECT key, state FROM sync_records WHERE entity = :e"), {"e": entity}
            )
            for key, state in rows:
                if key in want:
                    found[(entity, key)] = json.loads(state)
            continue
        for key in wanted:
            row = session.execute(
                text("SELECT state FROM sync_records WHERE entity = :e AND key = :k"),
                {"e": entity, "k": key},
            ).first()
            if row is not None:
                found[(entity, key)] = json.loads(row[0])
    return found


def save_records(
    session: Session,
    states: dict[RecordKey, dict[str, Any]],
    shadows: dict[RecordKey, Any],
    pending: set[RecordKey],
) -> None:
    """Store the touched records' states, shadows and whether they wait to be applied."""
    rows = [
        {
            "e": entity,
            "k": key,
            "s": dumps(state),
            "h": dumps(shadows[(entity, key)]) if shadows.get((entity, key)) is not None else None,
            "p": (entity, key) in pending,
        }
        for (entity, key), state in states.items()
    ]
    if rows:
        session.execute(
            text(
                "INSERT OR REPLACE INTO sync_records (entity, key, state, shadow, pending) "
                "VALUES (:e, :k, :s, :h, :p)"
            ),
            rows,
        )


def pending_keys(session: Session) -> list[RecordKey]:
    """Records whose merged state is not yet in the tables."""
    rows = session.execute(text("SELECT entity, key FROM sync_records WHERE pending = 1"))
    return [(e, k) for e, k in rows]


def record_count(session: Session) -> int:
    """How many records the sync tables know."""
    return int(session.execute(text("SELECT count(*) FROM sync_records")).scalar_one())


def known_files(session: Session) -> dict[tuple[str, int], tuple[int, int, bool, str | None]]:
    """(device, seq) → (size, lines applied, done, problem) of journal files seen."""
    rows = session.execute(text("SELECT device, seq, size, lines, done, problem FROM sync_files"))
    return {(d, s): (size, lines, bool(done), problem) for d, s, size, lines, done, problem in rows}


def mark_file(
    session: Session, device: str, seq: int, size: int, lines: int, done: bool, problem: str | None
) -> None:
    """Remember how far a journal file was read."""
    session.execute(
        text(
            "INSERT OR REPLACE INTO sync_files (device, seq, size, lines, done, problem) "
            "VALUES (:d, :s, :z, :l, :o, :p)"
        ),
        {"d": device, "s": seq, "z": size, "l": lines, "o": done, "p": problem},
    )
