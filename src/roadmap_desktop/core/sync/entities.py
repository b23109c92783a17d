"""Syncable entities declared once: a table, a stable key and fields with their merge rule.

`Entity` is the declarative entry; `TableAccess` reads a table into plain JSON records keyed by
stable keys (integer ids of referenced rows become those rows' keys) and writes records back.
A new kind of data is one `Entity` in `registry.py`; this module needs no change for it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Table,
    Time,
    select,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Session

from roadmap_desktop.core.models import Base
from roadmap_desktop.core.sync.crdt import Rule
from roadmap_desktop.services.changes import ChangeKind

Key = tuple[Any, ...]
Values = dict[str, Any]


@dataclass(frozen=True)
class KeyPart:
    """A column of the stable key; with `ref`, the column holds the id of that entity's row."""

    column: str
    ref: str = ""


@dataclass(frozen=True)
class Field:
    """One synced value: its name in the journal, merge rule, column and default.

    `ref` names the entity whose integer id the column holds (the journal holds its key, a
    list). A SET field lives in a child table: `table` with `parent_column` (this row's id) and
    `element_column` (the element). Fields of one `group` travel together: a change to one
    sends them all with one stamp, so concurrent edits never mix (a card's FSRS state after one
    review with the due date of another); the group's first field leads (see Entity.groups)."""

    name: str
    rule: Rule = Rule.LWW
    column: str = ""
    ref: str = ""
    default: Any = None
    table: str = ""
    parent_column: str = ""
    element_column: str = ""
    group: str = ""

    @property
    def col(self) -> str:
        """The column of the entity's own table (the name unless given)."""
        return self.column or self.name


@dataclass(frozen=True)
class Entity:
    """A kind of synced record. `id_column` is the table's own integer id ("" when none)."""

    name: str
    table: str
    key: tuple[KeyPart, ...]
    fields: tuple[Field, ...]
    changes: tuple[ChangeKind, ...]
    id_column: str = "id"
    extra_tables: tuple[str, ...] = field(default=())
    # Big, often written tables: each written row is noted by a trigger, so a round compares
    # only those rows (core/sync/store.py sync_rows); needs `id_column` and no SET fields.
    tracked: bool = False

    @cached_property
    def rules(self) -> dict[str, Rule]:
        """Field name → merge rule."""
        return {f.name: f.rule for f in self.fields}

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """Field name → value of a field never written."""
        return {f.name: ([] if f.rule is Rule.SET else f.default) for f in self.fields}

    @cached_property
    def groups(self) -> dict[str, tuple[str, ...]]:
        """Group name → its fields' names, the lead first: a new record whose lead is at its
        default (a card never reviewed) sends the whole group as oldest, not as an edit."""
        found: dict[str, list[str]] = {}
        for f in self.fields:
            if f.group:
                found.setdefault(f.group, []).append(f.name)
        return {name: tuple(names) for name, names in found.items()}

    @cached_property
    def log_fields(self) -> frozenset[str]:
        """Fields whose first write stands."""
        return frozenset(f.name for f in self.fields if f.rule is Rule.LOG)

    @property
    def tables(self) -> tuple[str, ...]:
        """Every table whose writes can change this entity's records."""
        children = tuple(f.table for f in self.fields if f.table)
        return (self.table, *children, *self.extra_tables)


def to_json(value: Any) -> Any:
    """A column value as JSON (enums by value, dates and times in ISO 8601)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def from_json(column: Column[Any], value: Any) -> Any:
    """A JSON value as the column's Python type; ValueError/TypeError when it does not fit."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    if isinstance(kind, Date):
        return date.fromisoformat(str(value))
    if isinstance(kind, Time):
        return time.fromisoformat(str(value))
    if isinstance(kind, SqlEnum) and kind.enum_class is not None:
        return kind.enum_class(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise TypeError(f"{column.name}: {value!r} is not true or false")
        return value
    if isinstance(kind, Float):
        return float(value)
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{column.name}: {value!r} is not a whole number")
        return value
    if not isinstance(value, str):
        raise TypeError(f"{column.name}: {value!r} is not text")
    return value


class Unresolved(Exception):
    """A record names a row (roadmap, step, resource…) that this database does not have yet."""


class TableAccess:
    """Reads and writes the entities' tables for one sync round (caches id ↔ key maps)."""

    def __init__(self, session: Session, entities: dict[str, Entity]) -> None:
        self.session = session
        self.entities = entities
        self._ids: dict[str, dict[int, Key]] = {}
        self._keys: dict[str, dict[Key, int]] = {}
        self._raw: Any = None
        self._processors: dict[Column[Any], Any] = {}

    def _table(self, entity: Entity) -> Table:
        return Base.metadata.tables[entity.table]

    def ids(self, name: str) -> dict[int, Key]:
        """Row id → stable key of every row of the entity."""
        if name not in self._ids:
            entity = self.entities[name]
            table = self._table(entity)
            cols = [table.c[entity.id_column]] + [table.c[p.column] for p in entity.key]
            mapping: dict[int, Key] = {}
            for row in self.session.execute(select(*cols)):
                key = self._key_of(entity, row[1:])
                if key is not None:
                    mapping[row[0]] = key
            self._ids[name] = mapping
            self._keys[name] = {k: i for i, k in mapping.items()}
        return self._ids[name]

    def forget_ids(self) -> None:
        """Drop the cached id ↔ key maps (after a write was rolled back)."""
        self._ids.clear()
        self._keys.clear()

    def id_of(self, name: str, key: Key) -> int | None:
        """The row id of the entity's record with this key, if the row exists."""
        self.ids(name)
        return self._keys[name].get(tuple(key))

    def _key_of(self, entity: Entity, raw: Any) -> Key | None:
        parts: list[Any] = []
        for part, value in zip(entity.key, raw, strict=True):
            if part.ref:
                ref_key = self.ids(part.ref).get(value)
                if ref_key is None:
                    return None
                parts.extend(ref_key)
            else:
                parts.append(to_json(value))
        return tuple(parts)

    def read(self, entity: Entity) -> dict[Key, Values]:
        """Every record of the entity as JSON values, by stable key."""
        return {key: values for _rid, key, values in self._rows(entity, None)}

    def read_by_id(self, entity: Entity, rids: list[int] | None) -> dict[int, tuple[Key, Values]]:
        """Records of the entity by row id: those rows (all with None; gone rows are absent)."""
        found: dict[int, tuple[Key, Values]] = {}
        if rids is None:
            parts: list[list[int] | None] = [None]
        else:
            parts = [rids[i : i + 500] for i in range(0, len(rids), 500)]
        for part in parts:
            for rid, key, values in self._rows(entity, part):
                found[rid] = (key, values)
        return found

    def _rows(self, entity: Entity, rids: list[int] | None) -> Any:
        table = self._table(entity)
        own = [f for f in entity.fields if f.rule is not Rule.SET]
        cols = [table.c[p.column] for p in entity.key] + [table.c[f.col] for f in own]
        if entity.id_column:
            cols.append(table.c[entity.id_column])
        sets = {f.name: self._set_members(f) for f in entity.fields if f.rule is Rule.SET}
        width = len(entity.key)
        query = select(*cols)
        if rids is not None:
            query = query.where(table.c[entity.id_column].in_(rids))
        for row in self.session.execute(query):
            key = self._key_of(entity, row[:width])
            if key is None:
                continue
            values: Values = {}
            for f, raw in zip(own, row[width : width + len(own)], strict=True):
                values[f.name] = self._ref_key(f.ref, raw) if f.ref else to_json(raw)
            for name, members in sets.items():
                values[name] = sorted(members.get(row[-1], ()))
            yield (row[-1] if entity.id_column else None), key, values

    def _ref_key(self, ref: str, raw: Any) -> Any:
        if raw is None:
            return None
        key = self.ids(ref).get(raw)
        return list(key) if key is not None else None

    def _set_members(self, f: Field) -> dict[int, list[str]]:
        table = Base.metadata.tables[f.table]
        members: dict[int, list[str]] = {}
        for parent, element in self.session.execute(
            select(table.c[f.parent_column], table.c[f.element_column])
        ):
            members.setdefault(parent, []).append(str(element))
        return members

    def width(self, name: str) -> int:
        """How many parts the entity's flattened key has."""
        return sum(self.width(p.ref) if p.ref else 1 for p in self.entities[name].key)

    def _key_columns(self, entity: Entity, key: Key) -> dict[str, Any]:
        table = self._table(entity)
        columns: dict[str, Any] = {}
        rest = list(key)
        for part in entity.key:
            if part.ref:
                width = self.width(part.ref)
                ref_id = self.id_of(part.ref, tuple(rest[:width]))
                if ref_id is None:
                    raise Unresolved(f"{part.ref} {rest[:width]}")
                columns[part.column] = ref_id
                rest = rest[width:]
            else:
                columns[part.column] = from_json(table.c[part.column], rest[0])
                rest = rest[1:]
        if rest:
            raise ValueError(f"key {list(key)} has too many parts")
        return columns

    def cursor(self) -> Any:
        if self._raw is None:
            """The round transaction's DB-API cursor."""
            # Plain DB-API statements inside the round's transaction: applying tens of
            # thousands of records through SQL expressions would cost seconds.
            self._raw = self.session.connection().connection.cursor()
        return self._raw

    def _bind(self, column: Column[Any], value: Any) -> Any:
        converted = from_json(column, value)
        processor = self._processors.get(column)
        if processor is None:
            dialect = self.session.get_bind().dialect
            processor = column.type.bind_processor(dialect) or _same
            self._processors[column] = processor
        return processor(converted) if converted is not None else None

    def write(self, entity: Entity, key: Key, live: bool, values: Values) -> bool:
        """Make the row match (insert, update or delete); False when a reference was missing
        and left empty for now. Raises Unresolved when a key names a row that is missing."""
        table = self._table(entity)
        try:
            key_columns = self._key_columns(entity, key)
        except Unresolved:
            if not live:
                return True  # the row it belonged to is gone, and so is the row
            raise
        cur = self.cursor()
        names = list(key_columns)
        where = " AND ".join(f'"{c}" = ?' for c in names)
        key_values = [
            v if table.c[c].foreign_keys else self._bind(table.c[c], to_json(v))
            for c, v in key_columns.items()
        ]
        if not live:
            cur.execute(f'DELETE FROM "{entity.table}" WHERE {where}', key_values)
            if cur.rowcount:
                self.forget_ids()  # cascades may have removed rows of other entities
            return True
        complete = True
        row: dict[str, Any] = {}
        for f in entity.fields:
            if f.rule is Rule.SET:
                continue
            value = values.get(f.name)
            if f.ref:
                ref_id = self.id_of(f.ref, tuple(value)) if value is not None else None
                complete = complete and (value is None or ref_id is not None)
                row[f.col] = ref_id
            else:
                row[f.col] = self._bind(table.c[f.col], value)
        updated = 0
        if row:
            assignments = ", ".join(f'"{c}" = ?' for c in row)
            cur.execute(
                f'UPDATE "{entity.table}" SET {assignments} WHERE {where}',
                [*row.values(), *key_values],
            )
            updated = cur.rowcount
        row_id: Any = None
        if not updated:
            columns = [*names, *row]
            defaults = {
                c.name: getattr(c.default, "arg", None)
                for c in table.c
                if c.name not in columns
                and not c.primary_key
                and c.default is not None
                and c.default.is_scalar
            }
            columns += list(defaults)
            marks = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)
            cur.execute(
                f'INSERT OR IGNORE INTO "{entity.table}" ({quoted}) VALUES ({marks})',
                [
                    *key_values,
                    *row.values(),
                    *(self._bind(table.c[c], to_json(v)) for c, v in defaults.items()),
                ],
            )
            if cur.rowcount and entity.id_column:
                row_id = cur.lastrowid
                if entity.name in self._ids:
                    self._ids[entity.name][row_id] = tuple(key)
                    self._keys[entity.name][tuple(key)] = row_id
        if entity.id_column and row_id is None:
            row_id = self.id_of(entity.name, key)
        for f in entity.fields:
            if f.rule is Rule.SET and row_id is not None:
                self._write_set(f, row_id, [str(e) for e in values.get(f.name) or []])
        return complete

    def _write_set(self, f: Field, parent: int, elements: list[str]) -> None:
        cur = self.cursor()
        table, parent_col, element_col = f.table, f.parent_column, f.element_column
        cur.execute(f'SELECT "{element_col}" FROM "{table}" WHERE "{parent_col}" = ?', [parent])
        have = {str(e) for (e,) in cur.fetchall()}
        for element in sorted(have - set(elements)):
            cur.execute(
                f'DELETE FROM "{table}" WHERE "{parent_col}" = ? AND "{element_col}" = ?',
                [parent, element],
            )
        for element in sorted(set(elements) - have):
            cur.execute(
                f'INSERT INTO "{table}" ("{parent_col}", "{element_col}") VALUES (?, ?)',
                [parent, element],
            )


def _same(value: Any) -> Any:
    return value
