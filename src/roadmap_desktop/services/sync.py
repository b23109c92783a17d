"""Sync through a shared folder: one round sends this computer's changes and merges the others'.

`sync_round` is safe to call from a worker thread (rounds on one database run one at a time);
it returns a frozen `SyncReport` whose `change` tells open views what to reload.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from roadmap_desktop import __version__
from roadmap_desktop.core.cards import canonical_question_uids
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.sync import journal, store
from roadmap_desktop.core.sync.engine import RoundEngine
from roadmap_desktop.core.sync.hlc import Clock, wall_ms
from roadmap_desktop.core.sync.registry import BY_NAME, ENTITIES
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.services.sync_files import (
    FolderState,
    look,
    maybe_snapshot,
    passed_vector,
    prune_own,
    read_new_files,
    use_snapshot_if_needed,
)

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
CARD_REFRESH_MS = 10 * 60 * 1000


class SyncFolderError(UserFacingError):
    """The sync folder cannot be used (missing, not writable)."""


@dataclass(frozen=True)
class DeviceInfo:
    """A computer that syncs through the folder."""

    device: str
    name: str
    app_version: str
    last_seen: str  # ISO 8601 UTC, "" when unknown
    this_device: bool


@dataclass(frozen=True)
class SyncReport:
    """What one round did."""

    device: str
    sent: int = 0  # operations written to this computer's journal
    received: int = 0  # operations read from other computers' journals
    merged: int = 0  # records whose rows changed here because of other computers' changes
    notices: tuple[str, ...] = ()  # notes merged with both texts kept, etc.
    problems: tuple[str, ...] = ()  # files skipped, records that could not be applied
    waiting: int = 0  # records waiting for a row they name (e.g. a roadmap not here yet)
    change: ChangeSet = field(default_factory=lambda: ChangeSet(frozenset()))
    devices: tuple[DeviceInfo, ...] = ()
    idle: bool = False  # nothing new anywhere: the round wrote nothing

    def summary_lines(self) -> list[str]:
        """The report as the CLI prints it."""
        lines = [
            f"sent {self.sent} changes, received {self.received}, merged {self.merged} records"
            + (f", {self.waiting} waiting" if self.waiting else ""),
        ]
        others = [d for d in self.devices if not d.this_device]
        if others:
            lines.append(
                "other computers: "
                + ", ".join(f"{d.name} (last seen {d.last_seen or 'never'})" for d in others)
            )
        lines.extend(f"notice: {n}" for n in self.notices)
        lines.extend(f"problem: {p}" for p in self.problems)
        return lines


def _lock_for(db: Database) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(db.path.resolve()), threading.Lock())


def prepare_folder(folder: Path) -> Path:
    """Check the sync folder exists and is writable; SyncFolderError with a message if not."""
    folder = _existing_folder(folder)
    probe = folder / ".tmp-roadmap-desktop-write-test"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise SyncFolderError(f"The sync folder {folder} cannot be written: {exc}") from exc
    return folder


def _existing_folder(folder: Path) -> Path:
    """The folder, resolved, when it exists: a round writes nothing to check it (a probe file
    would wake every computer watching the folder, each round waking the next)."""
    folder = folder.expanduser()
    if not folder.is_dir():
        raise SyncFolderError(f"The sync folder {folder} does not exist (or is not a folder).")
    return folder.resolve()


def sync_round(db: Database, folder: Path, *, now_ms: int | None = None) -> SyncReport:
    """Send local changes to the folder and merge the other computers' changes, in one
    transaction. Files that cannot be read are reported in `problems` and skipped."""
    folder = _existing_folder(folder)
    with _lock_for(db):
        quick = _idle_report(db, folder)
        if quick is not None:
            return quick
        # A round allocates many small dicts at once; the cyclic collector would rescan them
        # again and again (several times the round's own cost) and finds nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with db.transaction() as session:
                return _full_round(session, folder, now_ms)
        except OSError as exc:  # disk full, folder gone mid-round…: nothing was committed
            raise SyncFolderError(
                f"The sync folder {folder} could not be written or read: {exc}. "
                "Nothing was changed; the next round tries again."
            ) from exc
        finally:
            if collecting:
                gc.enable()


def _idle_report(db: Database, folder: Path) -> SyncReport | None:
    """A report without writing anything when no table and no file changed since last round."""
    with db.reading() as session:
        meta = store.get_meta(session)
        if "device_id" not in meta or meta.get("triggers") != _trigger_list():
            return None
        if meta.get("card_name") != meta.get("device_name"):
            return None  # renamed: the card must be rewritten
        if json.loads(meta.get("dirty", "{}")) != store.dirty_counters(session):
            return None
        known = store.known_files(session)
        floor = json.loads(meta.get("floor", "{}"))
        for entry in journal.scan(folder):
            if entry.seq <= floor.get(entry.device, 0):
                continue
            seen = known.get((entry.device, entry.seq))
            if seen is None or (not seen[2] and seen[0] != entry.size):
                return None
        problems = tuple(
            f"{journal_label(d, s)}: {p}" for (d, s), (_z, _l, _o, p) in known.items() if p
        )
        device = meta["device_id"]
        return SyncReport(
            device=device, problems=problems, idle=True, devices=tuple(_devices(folder, device))
        )


def journal_label(device: str, seq: int) -> str:
    """How a journal file is named in messages."""
    return f"devices/{device}/journal/{journal.journal_name(seq)}"


def _synced_tables() -> list[str]:
    return sorted({t for e in ENTITIES for t in e.tables})


def _tracked_tables() -> list[str]:
    return sorted(e.table for e in ENTITIES if e.tracked)


def _trigger_list() -> str:
    """What the installed triggers cover (a change reinstalls them)."""
    return ",".join(_synced_tables()) + "|rows:" + ",".join(_tracked_tables())


def _full_round(session: Session, folder: Path, now_ms: int | None) -> SyncReport:
    store.take_write_lock(session)
    meta = store.ensure_device(session)
    device, name = meta["device_id"], meta["device_name"]
    if meta.get("triggers") != _trigger_list():
        store.install_triggers(session, _synced_tables(), _tracked_tables())
        meta["triggers"] = _trigger_list()
    ms, counter = (int(x) for x in meta.get("clock", "0,0").split(","))
    clock = Clock(device, (ms, counter), (lambda: now_ms) if now_ms is not None else wall_ms)
    seq = int(meta.get("seq", "0"))
    bootstrap = seq == 0 and store.record_count(session) == 0
    engine = RoundEngine(session, BY_NAME, clock, name, bootstrap=bootstrap)
    noted = set(json.loads(meta.get("rowkeys", "[]")))
    if _dedupe_uids(session) + canonical_question_uids(session):
        noted.clear()  # a card's identity changed: its log rows' keys with it
    dirty_before = json.loads(meta.get("dirty", "{}"))
    counters = store.dirty_counters(session)
    dirty = [
        e
        for e in ENTITIES
        if bootstrap
        or (e.tracked and e.name not in noted)
        or any(counters.get(t) != dirty_before.get(t) for t in e.tables)
    ]
    ops = engine.local_ops(dirty, noted)
    noted |= {e.name for e in dirty if e.tracked}
    state = FolderState(folder, device, json.loads(meta.get("floor", "{}")))
    look(session, state)
    problems: list[str] = []
    sent = 0
    if ops:
        seq = max(seq, state.own_max_seq) + 1
        data = journal.encode_journal(device, name, seq, __version__, ops)
        journal.write_atomic(
            journal.device_dir(folder, device) / "journal" / journal.journal_name(seq), data
        )
        store.mark_file(session, device, seq, len(data), len(ops), True, None)
        state.known[(device, seq)] = (len(data), len(ops), True, None)
        sent = len(ops)
    use_snapshot_if_needed(session, engine, state, problems)
    received = read_new_files(session, engine, state, problems)
    outcome = engine.apply(ENTITIES, store.pending_keys(session))
    engine.save()
    for entity in ENTITIES:
        if entity.tracked:
            engine.note_rows(entity)  # the rows this round wrote: their keys, for next time
    vector = passed_vector(state)
    card_due = int(meta.get("card_ms", "0")) + CARD_REFRESH_MS < wall_ms()
    if sent or received or card_due or meta.get("card_name") != name:
        _write_card(folder, device, name, vector)
        meta["card_ms"], meta["card_name"] = str(wall_ms()), name
    snapshot_seq = maybe_snapshot(session, state, seq, int(meta.get("snapshot_seq", "0")), vector)
    prune_own(state, seq, snapshot_seq)
    meta.update(
        {
            "clock": f"{clock.ms},{clock.counter}",
            "seq": str(seq),
            "floor": json.dumps(state.floor),
            "dirty": json.dumps(store.dirty_counters(session)),
            "snapshot_seq": str(snapshot_seq),
            "rowkeys": json.dumps(sorted(noted)),
        }
    )
    store.set_meta(session, {k: v for k, v in meta.items() if k != "round"})
    problems.extend(outcome.problems)
    return SyncReport(
        device=device,
        sent=sent,
        received=received,
        merged=outcome.written,
        notices=tuple(outcome.notices),
        problems=tuple(problems),
        waiting=outcome.waiting,
        change=ChangeSet.of(*outcome.kinds),
        devices=tuple(_devices(folder, device)),
    )


def _write_card(folder: Path, device: str, name: str, vector: dict[str, int]) -> None:
    card = {
        "format": "roadmap-desktop/sync-device",
        "version": journal.FORMAT_VERSION,
        "device": device,
        "name": name,
        "app": __version__,
        "last_seen": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "passed": vector,
    }
    journal.write_device(folder, device, card)


def _devices(folder: Path, device: str) -> list[DeviceInfo]:
    found = []
    for dev, card in sorted(journal.read_devices(folder).items()):
        found.append(
            DeviceInfo(
                device=dev,
                name=str(card.get("name") or dev),
                app_version=str(card.get("app") or ""),
                last_seen=str(card.get("last_seen") or ""),
                this_device=dev == device,
            )
        )
    return found


def _dedupe_uids(session: Session) -> int:
    """Give a fresh id to a later row sharing a global id with an earlier one (two resources
    edited to the same URL, say), so every record has its own stable key."""
    import uuid

    changed = 0
    for table in ("resources", "plan_blocks", "study_sessions", "cards"):
        rows = session.execute(
            text(
                f"SELECT id FROM {table} WHERE uid IS NULL OR id NOT IN "
                f"(SELECT min(id) FROM {table} GROUP BY uid)"
            )
        ).all()
        for (row_id,) in rows:
            session.execute(
                text(f"UPDATE {table} SET uid = :u WHERE id = :i"),
                {"u": uuid.uuid4().hex, "i": row_id},
            )
            changed += 1
    return changed


def others_fingerprint(folder: Path, own: str | None) -> tuple[tuple[str, str, int, int], ...]:
    """What the other computers have put in the folder, cheaply: every file of theirs with its
    size and time. Equal fingerprints mean nothing new arrived, whatever a folder watcher says
    (this computer's own writes, a sync tool's temporary files)."""
    found: list[tuple[str, str, int, int]] = []
    try:
        devices = list(os.scandir(folder / "devices"))
    except OSError:
        return ()
    for device in devices:
        if device.name == own or not device.is_dir():
            continue
        for place in (device.path, os.path.join(device.path, "journal")):
            try:
                entries = list(os.scandir(place))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_file():
                        info = entry.stat()
                        found.append((device.name, entry.name, info.st_size, info.st_mtime_ns))
                except OSError:
                    continue
    return tuple(sorted(found))


def device_info(db: Database) -> tuple[str, str]:
    """This data folder's device id and name (made on first use)."""
    with db.transaction() as session:
        meta = store.ensure_device(session)
        return meta["device_id"], meta["device_name"]


def rename_device(db: Database, name: str) -> None:
    """Change the name the other computers show for this one (sent with the next round)."""
    cleaned = " ".join(name.split())[:60]
    if not cleaned:
        raise SyncFolderError("A computer's name cannot be empty.")
    with db.transaction() as session:
        store.ensure_device(session)
        store.set_meta(session, {"device_name": cleaned})


def stop_syncing(db: Database, folder: Path) -> None:
    """Leave the folder: remove this computer's card so the others stop waiting for it
    (its journal files stay for computers that have not read them yet)."""
    with db.transaction() as session:
        meta = store.ensure_device(session)
    card = journal.device_dir(folder, meta["device_id"]) / "device.json"
    card.unlink(missing_ok=True)


def devices(folder: Path, db: Database) -> list[DeviceInfo]:
    """The computers syncing through the folder, this one marked."""
    device, _name = device_info(db)
    return _devices(folder, device)
