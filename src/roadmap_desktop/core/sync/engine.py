"""One round's work inside one transaction: local changes → operations, operations → states,
merged states → tables.

Local changes are found by comparing each synced table with its shadow (the values the tables
held after the last round, in `sync_records.shadow`), so every write path is covered — the
window, imports, undo — without any service knowing about sync.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from roadmap_desktop.core.sync import store
from roadmap_desktop.core.sync.crdt import (
    Rule,
    join,
    join_op,
    materialize,
    newest_stamp,
    op_to_state,
)
from roadmap_desktop.core.sync.entities import Entity, Key, TableAccess, Unresolved
from roadmap_desktop.core.sync.hlc import BOOTSTRAP_DEFAULT_MS, BOOTSTRAP_SET_MS, Clock
from roadmap_desktop.core.sync.journal import dumps
from roadmap_desktop.core.sync.textmerge import heads, root_id
from roadmap_desktop.services.changes import ChangeKind

RecordKey = store.RecordKey


def key_text(key: Iterable[Any]) -> str:
    """A stable key as stored in sync_records.key."""
    return dumps(list(key))


@dataclass
class Outcome:
    """What applying merged states did to the tables."""

    written: int = 0
    kinds: set[ChangeKind] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    waiting: int = 0


class RoundEngine:
    """Holds the states touched in this round; `save` stores them."""

    def __init__(
        self,
        session: Session,
        entities: Mapping[str, Entity],
        clock: Clock,
        name: str,
        *,
        bootstrap: bool,
    ) -> None:
        self.session = session
        self.entities = dict(entities)
        self.access = TableAccess(session, self.entities)
        self.clock = clock
        self.name = name
        self.bootstrap = bootstrap
        self.states: dict[RecordKey, dict[str, Any]] = {}
        self.shadows: dict[RecordKey, Any] = {}
        self.touched: set[RecordKey] = set()
        self.pending: set[RecordKey] = set()

    # --- loading -------------------------------------------------------------------------

    def _load(self, keys: Iterable[RecordKey]) -> None:
        missing = list({k for k in keys if k not in self.states})
        if not missing:
            return
        found = store.load_states(self.session, missing)
        for k in missing:
            self.states[k] = found.get(k, {})

    def _load_shadows(self, keys: Iterable[RecordKey]) -> None:
        by_entity: dict[str, list[RecordKey]] = {}
        for k in keys:
            if k not in self.shadows:
                by_entity.setdefault(k[0], []).append(k)
        for entity, wanted in by_entity.items():
            shadows = store.load_shadows(self.session, entity)
            for k in wanted:
                self.shadows[k] = shadows.get(k[1])

    # --- local changes -------------------------------------------------------------------

    def local_ops(self, dirty: Iterable[Entity], noted: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Operations for what changed in the tables since the last round (joined here too).
        A tracked entity in `noted` (its rows' keys are noted) compares only its written rows;
        others are compared whole."""
        ops: list[dict[str, Any]] = []
        partial = set(noted) if not self.bootstrap else set()
        for entity in dirty:
            if entity.tracked and entity.name in partial:
                now, shadows = self._written(entity)
            else:
                now = {key_text(k): v for k, v in self.access.read(entity).items()}
                shadows = store.load_shadows(self.session, entity.name)
                if entity.tracked:
                    self.note_rows(entity, whole=True)
            changed = [k for k in now.keys() | shadows.keys() if now.get(k) != shadows.get(k)]
            self._load((entity.name, k) for k in changed)
            for k in sorted(changed):
                rk = (entity.name, k)
                for op in self._diff(entity, k, now.get(k), shadows.get(k)):
                    ops.append(op)
                    join(
                        self.states[rk],
                        op_to_state(op, self.clock.device, self.name),
                        entity.log_fields,
                    )
                self.shadows[rk] = now.get(k)
                self.touched.add(rk)
        return ops

    def _written(self, entity: Entity) -> tuple[dict[str, Any], dict[str, Any]]:
        """The current values and the shadows of a tracked entity's written rows only (a row
        whose key changed or that is gone counts under its old key too)."""
        rids = store.written_rows(self.session, entity.table)
        current = self.access.read_by_id(entity, rids)
        now = {key_text(key): values for key, values in current.values()}
        keys = set(now) | set(store.row_keys(self.session, entity.name, rids).values())
        shadows = store.load_shadows_of(self.session, entity.name, keys)
        self.note_rows(entity, rids, {rid: key_text(key) for rid, (key, _v) in current.items()})
        return now, shadows

    def note_rows(
        self,
        entity: Entity,
        rids: list[int] | None = None,
        keys: dict[int, str] | None = None,
        *,
        whole: bool = False,
    ) -> None:
        """Note the keys of a tracked entity's rows (all with `whole`, else the written ones,
        read now unless given) and forget that they were written."""
        if whole:
            current = self.access.read_by_id(entity, None)
            keys = {rid: key_text(key) for rid, (key, _v) in current.items()}
            store.note_row_keys(self.session, entity.name, [], keys, whole=True)
        else:
            if rids is None:
                rids = store.written_rows(self.session, entity.table)
            if keys is None:
                current = self.access.read_by_id(entity, rids)
                keys = {rid: key_text(key) for rid, (key, _v) in current.items()}
            store.note_row_keys(self.session, entity.name, rids, keys)
        store.take_rows(self.session, entity.table)

    def _stamp(self, low: bool) -> list[int]:
        # A default value a new record was created with is not an edit: it is stamped as
        # oldest, so it never overrides a value another computer set. So is everything of
        # the first round (values from before syncing started), one step above the defaults.
        if low:
            return [BOOTSTRAP_DEFAULT_MS, 0]
        if self.bootstrap:
            return [BOOTSTRAP_SET_MS, 0]
        ms, counter, _device = self.clock.tick()
        return [int(ms), int(counter)]

    def _diff(
        self, entity: Entity, k: str, now: dict[str, Any] | None, before: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        if now is None:
            return [{"e": entity.name, "k": json.loads(k), "t": self._stamp(False), "l": False}]
        created = before is None
        plain: dict[bool, dict[str, Any]] = {True: {}, False: {}}  # by "stamped as oldest"
        sets: dict[str, dict[str, bool]] = {}
        texts: dict[str, list[Any]] = {}
        state = self.states.get((entity.name, k), {})
        moved: dict[str, bool] = {}  # group → sent as oldest (see Entity.groups)
        for group, names in entity.groups.items():
            if before is None or any(now.get(n) != before.get(n) for n in names):
                moved[group] = created and now.get(names[0]) == entity.defaults.get(names[0])
        for f in entity.fields:
            value = now.get(f.name)
            old = before.get(f.name) if before is not None else None
            if f.group in moved:
                plain[moved[f.group]][f.name] = value
                continue
            if before is not None and value == old:
                continue
            if f.rule is Rule.SET:
                gone = set(old or []) - set(value or [])
                delta = {e: True for e in value or [] if e not in set(old or [])}
                delta.update({e: False for e in gone})
                if delta:
                    sets[f.name] = delta
            elif f.rule is Rule.TEXT:
                if created and not value:
                    continue
                parents = heads(state.get("t", {}).get(f.name, {}))
                texts[f.name] = [None, parents, value or ""]
            else:
                plain[created and value == entity.defaults.get(f.name)][f.name] = value
        ops: list[dict[str, Any]] = []
        for low in (True, False):
            op: dict[str, Any] = {"e": entity.name, "k": json.loads(k)}
            if created and low == self.bootstrap:
                op["l"] = True  # the first round's records count as oldest too
            if plain[low]:
                op["f"] = plain[low]
            if not low and sets:
                op["s"] = sets
            if not low and texts:
                op["x"] = texts
            if len(op) > 2:
                op["t"] = self._stamp(low)
                for name, version in op.get("x", {}).items():
                    ms, counter = op["t"]
                    version[0] = (
                        root_id(version[2])
                        if not version[1]
                        else f"{ms}.{counter}.{self.clock.device}.{name}"
                    )
                ops.append(op)
        return ops

    # --- remote operations ---------------------------------------------------------------

    def ingest(self, ops: Iterable[Mapping[str, Any]], device: str, name: str) -> int:
        """Join a journal file's operations, all or none: ValueError, TypeError, KeyError or
        IndexError when one of them is malformed (then nothing of the file is joined)."""
        prepared: list[tuple[RecordKey, Mapping[str, Any], list[Any]]] = []
        texts: dict[tuple[Any, ...], str] = {}
        for op in ops:
            key = op["k"]
            if not isinstance(key, list) or not key:
                raise ValueError("an operation without a key")
            ident = tuple(key)
            k = texts.get(ident)
            if k is None:
                if any(isinstance(part, dict | list) for part in key):
                    raise ValueError("a key part is not a plain value")
                k = texts[ident] = key_text(key)
            t = op["t"]
            stamp: list[Any] = [int(t[0]), int(t[1]), device]
            fields = op.get("f")
            if fields is not None and not isinstance(fields, dict):
                raise TypeError("the fields of an operation are not an object")
            if "s" in op or "x" in op:  # check their shape now: all or none of the file
                op_to_state({"t": t, **{n: op[n] for n in ("s", "x") if n in op}}, device, name)
            prepared.append(((str(op["e"]), k), op, stamp))
        self._load({rk for rk, _op, _stamp in prepared})
        states, touched, entities = self.states, self.touched, self.entities
        latest: list[Any] = [0, 0, device]
        none: frozenset[str] = frozenset()
        for rk, op, stamp in prepared:
            known = entities.get(rk[0])
            if join_op(states[rk], op, stamp, name, known.log_fields if known else none):
                touched.add(rk)
            if stamp > latest:
                latest = stamp
        self.clock.observe(int(latest[0]), int(latest[1]))
        return len(prepared)

    def ingest_states(self, records: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        """Join whole record states (from a snapshot)."""
        items = list(records)
        self._load((e, k) for e, k, _s in items)
        latest: list[Any] = [0, 0]
        for entity, k, state in items:
            known = self.entities.get(entity)
            if join(self.states[(entity, k)], state, known.log_fields if known else ()):
                self.touched.add((entity, k))
            latest = max(latest, newest_stamp(state)[:2])
        self.clock.observe(int(latest[0]), int(latest[1]))

    # --- applying ------------------------------------------------------------------------

    def apply(self, order: Iterable[Entity], retry: Iterable[RecordKey]) -> Outcome:
        """Write every touched or waiting record whose merged values differ from the tables."""
        outcome = Outcome()
        wanted = self.touched | set(retry)
        self._load(wanted)
        self._load_shadows(wanted)
        ordered = list(order)
        known = {e.name for e in ordered}
        by_entity: dict[str, list[str]] = {}
        for name, k in sorted(wanted):
            if name not in known:
                self.pending.add((name, k))  # written by a newer app: kept for later
                continue
            by_entity.setdefault(name, []).append(k)
        targets: dict[RecordKey, Any] = {}
        conflicts: dict[RecordKey, tuple[str, ...]] = {}
        for entity in ordered:
            for k in by_entity.get(entity.name, ()):
                m = materialize(self.states[(entity.name, k)], entity.rules, entity.defaults)
                target = m.values if m.live else None
                if target != self.shadows.get((entity.name, k)):
                    targets[(entity.name, k)] = target
                    conflicts[(entity.name, k)] = m.conflicts
        for phase, entities in (("delete", ordered[::-1]), ("write", ordered)):
            for entity in entities:
                for k in by_entity.get(entity.name, ()):
                    rk = (entity.name, k)
                    if rk not in targets or (targets[rk] is None) != (phase == "delete"):
                        continue
                    self._write(entity, rk, targets[rk], conflicts[rk], outcome)
        outcome.waiting = len(self.pending)
        return outcome

    def _write(
        self,
        entity: Entity,
        rk: RecordKey,
        target: dict[str, Any] | None,
        conflicts: tuple[str, ...],
        outcome: Outcome,
    ) -> None:
        key: Key = tuple(json.loads(rk[1]))
        self.touched.add(rk)
        cursor = self.access.cursor()
        cursor.execute("SAVEPOINT sync_record")
        try:
            complete = self.access.write(entity, key, target is not None, target or {})
        except (Unresolved, sqlite3.Error, ValueError, TypeError) as exc:
            cursor.execute("ROLLBACK TO sync_record")
            cursor.execute("RELEASE sync_record")
            self.pending.add(rk)
            if not isinstance(exc, Unresolved):
                outcome.problems.append(f"{entity.name} {list(key)} could not be applied: {exc}")
                self.access.forget_ids()
            return
        cursor.execute("RELEASE sync_record")
        old = self.shadows.get(rk)
        shown = dict(target) if target is not None else None
        if shown is not None and not complete:
            for f in entity.fields:
                ref = shown.get(f.name)
                if f.ref and ref is not None and self.access.id_of(f.ref, tuple(ref)) is None:
                    shown[f.name] = None
            self.pending.add(rk)
        else:
            self.pending.discard(rk)
        self.shadows[rk] = shown
        outcome.written += 1
        outcome.kinds.update(entity.changes)
        for name in conflicts:
            if target is not None and (old is None or old.get(name) != target.get(name)):
                outcome.notices.append(
                    f"The {name} of {entity.name} {' / '.join(map(str, key))} was edited on two "
                    "computers at once; both texts are kept between <<<<<<< and >>>>>>> lines."
                )

    def save(self) -> None:
        """Store every touched record's state, shadow and waiting flag."""
        self._load_shadows(self.touched)
        states = {rk: self.states[rk] for rk in self.touched if rk in self.states}
        store.save_records(self.session, states, self.shadows, self.pending)
