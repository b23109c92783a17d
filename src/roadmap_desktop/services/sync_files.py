"""The shared folder during a round: which journal files are new, snapshots, pruning."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from roadmap_desktop.core.sync import journal, store
from roadmap_desktop.core.sync.engine import RoundEngine

SNAPSHOT_EVERY = 20  # own journal files between two snapshots
Known = dict[tuple[str, int], tuple[int, int, bool, str | None]]


@dataclass
class FolderState:
    """The folder as seen in this round."""

    folder: Path
    device: str
    floor: dict[str, int]  # per device: files up to this number came through a snapshot
    entries: list[journal.FileEntry] = field(default_factory=list)
    known: Known = field(default_factory=dict)

    @property
    def own_max_seq(self) -> int:
        """The highest number of this device's files in the folder (after a crash, the
        database may not know the last one; it must never be written again)."""
        return max((e.seq for e in self.entries if e.device == self.device), default=0)


def look(session: Session, state: FolderState) -> None:
    """List the folder's journal files and what this database knows of them."""
    state.entries = sorted(journal.scan(state.folder), key=lambda e: (e.device, e.seq))
    state.known = store.known_files(session)


def _label(device: str, seq: int) -> str:
    return f"devices/{device}/journal/{journal.journal_name(seq)}"


def read_new_files(
    session: Session, engine: RoundEngine, state: FolderState, problems: list[str]
) -> int:
    """Join the operations of files not read before (or grown since); count the others'."""
    received = 0
    for entry in state.entries:
        if entry.seq <= state.floor.get(entry.device, 0):
            continue
        seen = state.known.get((entry.device, entry.seq))
        if seen is not None and (seen[2] or seen[0] == entry.size):
            continue  # done, or unchanged since it was found incomplete or unreadable
        lines_done = seen[1] if seen is not None else 0
        try:
            data = entry.path.read_bytes()
        except OSError as exc:
            problems.append(f"{_label(entry.device, entry.seq)}: cannot be read ({exc})")
            continue
        parsed = journal.parse_journal(data, entry.device, entry.seq)
        if parsed.problem:
            message = f"{_label(entry.device, entry.seq)}: skipped, {parsed.problem}"
            problems.append(message)
            store.mark_file(
                session, entry.device, entry.seq, entry.size, lines_done, False, parsed.problem
            )
            continue
        try:
            count = engine.ingest(parsed.ops[lines_done:], entry.device, parsed.name)
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            problem = f"an operation is damaged ({exc})"
            problems.append(f"{_label(entry.device, entry.seq)}: skipped, {problem}")
            store.mark_file(
                session, entry.device, entry.seq, entry.size, lines_done, False, problem
            )
            continue
        if entry.device != state.device:
            received += count
        store.mark_file(
            session, entry.device, entry.seq, entry.size, len(parsed.ops), parsed.complete, None
        )
        state.known[(entry.device, entry.seq)] = (
            entry.size,
            len(parsed.ops),
            parsed.complete,
            None,
        )
    return received


def passed_vector(state: FolderState) -> dict[str, int]:
    """Per device, the highest file number up to which every file has been read here."""
    done: dict[str, set[int]] = {}
    for (device, seq), (_size, _lines, complete, _problem) in state.known.items():
        if complete:
            done.setdefault(device, set()).add(seq)
    vector: dict[str, int] = {}
    for device in done.keys() | state.floor.keys():
        seq = state.floor.get(device, 0)
        while seq + 1 in done.get(device, ()):
            seq += 1
        vector[device] = seq
    return vector


def use_snapshot_if_needed(
    session: Session, engine: RoundEngine, state: FolderState, problems: list[str]
) -> None:
    """Start from a snapshot when files were pruned before this device read them, or when this
    device is new (faster than replaying every file)."""
    vector = passed_vector(state)
    lowest: dict[str, int] = {}
    for entry in state.entries:
        if entry.device != state.device:
            lowest[entry.device] = min(lowest.get(entry.device, entry.seq), entry.seq)
    gaps = {d: low for d, low in lowest.items() if low > vector.get(d, 0) + 1}
    fresh = not any(d != state.device for d, _s in state.known) and not any(
        d != state.device for d in state.floor
    )
    if not gaps and not fresh:
        return
    best: tuple[int, dict[str, Any]] | None = None
    for device, _seq, path in journal.snapshots(state.folder):
        if device == state.device:
            continue
        doc = journal.read_json(path)
        if not _valid_snapshot(doc):
            continue
        cover = {str(d): int(s) for d, s in doc["vector"].items()}
        if any(cover.get(d, 0) < low - 1 for d, low in gaps.items()):
            continue
        total = sum(cover.values())
        if best is None or total > best[0]:
            best = (total, doc)
    if best is None:
        for device, low in gaps.items():
            problems.append(
                f"files 1–{low - 1} of computer {device} are no longer in the folder and no "
                "snapshot covers them yet; waiting for one"
            )
        return
    doc = best[1]
    engine.ingest_states((str(e), str(k), s) for e, k, s in doc["records"])
    for device, seq in doc["vector"].items():
        state.floor[str(device)] = max(state.floor.get(str(device), 0), int(seq))


def _valid_snapshot(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and doc.get("format") == journal.SNAPSHOT_FORMAT
        and doc.get("version") == journal.FORMAT_VERSION
        and isinstance(doc.get("vector"), dict)
        and isinstance(doc.get("records"), list)
        and all(isinstance(r, list) and len(r) == 3 for r in doc["records"])
    )


def maybe_snapshot(
    session: Session, state: FolderState, seq: int, last: int, vector: dict[str, int]
) -> int:
    """Write a snapshot every SNAPSHOT_EVERY own files; keep the latest two. Returns the
    number of the newest snapshot."""
    if seq - last < SNAPSHOT_EVERY:
        return last
    records = [
        [entity, key, json.loads(value)]
        for entity, key, value in session.execute(
            text("SELECT entity, key, state FROM sync_records ORDER BY entity, key")
        )
    ]
    doc = {
        "format": journal.SNAPSHOT_FORMAT,
        "version": journal.FORMAT_VERSION,
        "device": state.device,
        "seq": seq,
        "vector": {**vector, state.device: seq},
        "records": records,
    }
    folder = journal.device_dir(state.folder, state.device) / "snapshots"
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    journal.write_atomic(folder / f"{seq:010d}.json", data)
    own = sorted(s for d, s, _p in journal.snapshots(state.folder) if d == state.device)
    for old in own[:-2]:
        (folder / f"{old:010d}.json").unlink(missing_ok=True)
    return seq


def prune_own(state: FolderState, seq: int, snapshot_seq: int) -> None:
    """Delete this device's journal files every known computer has read and a snapshot holds."""
    limit = snapshot_seq
    for device, card in journal.read_devices(state.folder).items():
        if device == state.device:
            continue
        passed = card.get("passed")
        seen = passed.get(state.device, 0) if isinstance(passed, dict) else 0
        limit = min(limit, seen if isinstance(seen, int) else 0)
    for entry in state.entries:
        if entry.device == state.device and entry.seq <= min(limit, seq):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
