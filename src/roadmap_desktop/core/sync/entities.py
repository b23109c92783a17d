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
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Column,
    CursorResult,
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
    `element_column` (the element)."""

    name: str
    rule: Rule = Rule.LWW
    column: str = ""
    ref: str = ""
    default: Any = None
    table: str = ""
    parent_column: str = ""
    element_column: str = ""

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

    @cached_property
    def rules(self) -> dict[str, Rule]:
        """Field name → merge rule."""
        return {f.name: f.rule for f in self.fields}

    @cached_property
    def defaults(self) -> dict[str, Any]:
        """Field name → value of a field never written."""
        return {f.name: ([] if f.rule is Rule.SET else f.default) for f in self.fields}

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
        table = self._table(entity)
        own = [f for f in entity.fields if f.rule is not Rule.SET]
        cols = [table.c[p.column] for p in entity.key] + [table.c[f.col] for f in own]
        if entity.id_column:
            cols.append(table.c[entity.id_column])
        sets = {f.name: self._set_members(f) for f in entity.fields if f.rule is Rule.SET}
        records: dict[Key, Values] = {}
        width = len(entity.key)
        for row in self.session.execute(select(*cols)):
            key = self._key_of(entity, row[:width])
            if key is None:
                continue
            values: Values = {}
            for f, raw in zip(own, row[width : width + len(own)], strict=True):
                values[f.name] = self._ref_key(f.ref, raw) if f.ref else to_json(raw)
            for name, members in sets.items():
                values[name] = sorted(members.get(row[-1], ()))
            records[key] = values
        return records

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
        where = [table.c[c] == v for c, v in key_columns.items()]
        id_col = table.c[entity.id_column] if entity.id_column else None
        found = self.session.execute(
            select(*(id_col,) if id_col is not None else (table.c[next(iter(key_columns))],)).where(
                *where
            )
        ).first()
        if not live:
            if found is not None:
                self.session.execute(table.delete().where(*where))
                self._ids.clear()  # cascades may have removed rows of other entities
                self._keys.clear()
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
                row[f.col] = from_json(table.c[f.col], value)
        if found is None:
            result = cast(
                CursorResult[Any],
                self.session.execute(table.insert().values(**key_columns, **row)),
            )
            row_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
            if entity.id_column and entity.name in self._ids and row_id is not None:
                self._ids[entity.name][row_id] = tuple(key)
                self._keys[entity.name][tuple(key)] = row_id
        else:
            row_id = found[0]
            if row:
                self.session.execute(table.update().where(*where).values(**row))
        for f in entity.fields:
            if f.rule is Rule.SET and row_id is not None:
                self._write_set(f, row_id, [str(e) for e in values.get(f.name) or []])
        return complete

    def _write_set(self, f: Field, parent: int, elements: list[str]) -> None:
        table = Base.metadata.tables[f.table]
        parent_col, element_col = table.c[f.parent_column], table.c[f.element_column]
        have = {
            str(e) for (e,) in self.session.execute(select(element_col).where(parent_col == parent))
        }
        gone = have - set(elements)
        if gone:
            self.session.execute(
                table.delete().where(parent_col == parent, element_col.in_(sorted(gone)))
            )
        for element in sorted(set(elements) - have):
            self.session.execute(
                table.insert().values({parent_col.name: parent, element_col.name: element})
            )
