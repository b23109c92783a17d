"""Merge rules: record states that join field by field, the same way on every device.

A record's state is plain JSON (stored in `sync_records.state` and in snapshots):

    {"l": [live, stamp],                       # existence; False is a tombstone
     "f": {field: [value, stamp]},             # LWW and LOG fields
     "s": {field: {element: [present, stamp]}},  # sets, per element
     "t": {field: {version id: [parents, text, stamp, device name]}}}  # three-way texts

`join` is commutative, associative and idempotent, so files applied twice, late or out of
order give the same result. A journal operation is turned into such a (partial) state first.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from roadmap_desktop.core.sync.hlc import Stamp
from roadmap_desktop.core.sync.textmerge import merged_text

State = dict[str, Any]


class Rule(enum.StrEnum):
    """How concurrent writes of one field combine."""

    LWW = "lww"  # last writer wins: the later stamp (then the device id)
    LOG = "log"  # written once when the record is created: the earliest stamp wins (union logs)
    SET = "set"  # a set of strings, merged per element with add/remove stamps
    TEXT = "text"  # text merged three-way against the version both sides started from


def _later(a: list[Any], b: list[Any]) -> bool:
    """True when [value, stamp] b beats a under last-writer-wins."""
    if b[1] != a[1]:
        return bool(b[1] > a[1])
    return json.dumps(b[0], sort_keys=True) > json.dumps(a[0], sort_keys=True)


def join(into: State, other: Mapping[str, Any], log_fields: Iterable[str] = ()) -> bool:
    """Merge state `other` into `into` in place; True when `into` changed."""
    changed = False
    live = other.get("l")
    if live is not None:
        mine = into.get("l")
        if mine is None or _later(mine, live):
            into["l"] = list(live)
            changed = True
    fields = other.get("f")
    if fields:
        target = into.setdefault("f", {})
        logged = set(log_fields)
        for name, entry in fields.items():
            mine = target.get(name)
            if mine is None or (
                (_later(entry, mine) if name in logged else _later(mine, entry)) and mine != entry
            ):
                target[name] = list(entry)
                changed = True
    sets = other.get("s")
    if sets:
        target_sets = into.setdefault("s", {})
        for name, elements in sets.items():
            target = target_sets.setdefault(name, {})
            for element, entry in elements.items():
                mine = target.get(element)
                if mine is None or _later(mine, entry):
                    target[element] = list(entry)
                    changed = True
    texts = other.get("t")
    if texts:
        target_texts = into.setdefault("t", {})
        for name, versions in texts.items():
            target = target_texts.setdefault(name, {})
            for vid, version in versions.items():
                mine = target.get(vid)
                if mine is None or version[2] < mine[2]:
                    target[vid] = list(version)
                    changed = True
    return changed


@dataclass(frozen=True)
class Materialized:
    """What a record state shows: whether it exists, its field values, overlapping notes."""

    live: bool
    values: dict[str, Any]
    conflicts: tuple[str, ...] = ()


def materialize(
    state: Mapping[str, Any], rules: Mapping[str, Rule], defaults: Mapping[str, Any]
) -> Materialized:
    """The values every device derives from this state (defaults for fields never written)."""
    live = state.get("l")
    values: dict[str, Any] = {}
    conflicts: list[str] = []
    fields = state.get("f", {})
    sets = state.get("s", {})
    texts = state.get("t", {})
    for name, rule in rules.items():
        if rule is Rule.SET:
            elements = sets.get(name, {})
            values[name] = sorted(e for e, (present, _stamp) in elements.items() if present)
        elif rule is Rule.TEXT:
            versions = texts.get(name)
            if versions:
                values[name], clash = merged_text(versions)
                if clash:
                    conflicts.append(name)
            else:
                values[name] = defaults.get(name, "")
        else:
            entry = fields.get(name)
            values[name] = entry[0] if entry is not None else defaults.get(name)
    return Materialized(bool(live and live[0]), values, tuple(conflicts))


def op_to_state(op: Mapping[str, Any], device: str, name: str) -> State:
    """A journal operation as a partial state, stamped with its device."""
    stamp: Stamp = [int(op["t"][0]), int(op["t"][1]), device]
    state: State = {}
    if "l" in op:
        state["l"] = [bool(op["l"]), stamp]
    if "f" in op:
        state["f"] = {field: [value, stamp] for field, value in op["f"].items()}
    if "s" in op:
        state["s"] = {
            field: {str(e): [bool(on), stamp] for e, on in elements.items()}
            for field, elements in op["s"].items()
        }
    if "x" in op:
        state["t"] = {
            field: {str(vid): [[str(p) for p in parents], str(text), stamp, name]}
            for field, (vid, parents, text) in op["x"].items()
        }
    return state


def newest_stamp(state: Mapping[str, Any]) -> list[Any]:
    """The latest stamp anywhere in a state ([0, 0, ""] for an empty one)."""
    stamps: list[list[Any]] = [[0, 0, ""]]
    if "l" in state:
        stamps.append(state["l"][1])
    stamps.extend(entry[1] for entry in state.get("f", {}).values())
    for elements in state.get("s", {}).values():
        stamps.extend(entry[1] for entry in elements.values())
    for versions in state.get("t", {}).values():
        stamps.extend(version[2] for version in versions.values())
    return max(stamps)


def join_op(
    into: State, op: Mapping[str, Any], stamp: Stamp, name: str, log_fields: frozenset[str]
) -> bool:
    """Same as `join(into, op_to_state(op, device, name), log_fields)` with `stamp` the op's
    stamp, without building the intermediate state: the hot path of merging a journal."""
    changed = False
    if "l" in op:
        mine = into.get("l")
        entry = [bool(op["l"]), stamp]
        if mine is None or (mine[1] < stamp if mine[1] != stamp else _later(mine, entry)):
            into["l"] = entry
            changed = True
    fields = op.get("f")
    if fields:
        target = into.get("f")
        if target is None:
            target = into["f"] = {}
        for field, value in fields.items():
            mine = target.get(field)
            if mine is None:
                target[field] = [value, stamp]
                changed = True
                continue
            entry = [value, stamp]
            if field in log_fields:
                replace = _later(entry, mine) and mine != entry
            elif mine[1] != stamp:
                replace = mine[1] < stamp
            else:
                replace = _later(mine, entry)
            if replace:
                target[field] = entry
                changed = True
    if "s" in op or "x" in op:
        partial = {key: op[key] for key in ("s", "x") if key in op}
        partial["t"] = stamp[:2]
        changed = join(into, op_to_state(partial, str(stamp[2]), name)) or changed
    return changed
