"""Table rows kept in sort order per column: a part read later merges in, no full sort again."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any, Protocol


class HasId(Protocol):
    """A row with a unique id (ties in every order are broken by it)."""

    @property
    def id(self) -> int: ...


# (row, column) -> the row's sort key in that column, a tuple (the row's id is added to it)
KeyOf = Callable[[Any, int], tuple[Any, ...]]


class SortedRows:
    """Rows by position (arrival order), found by id, with each row's search text and the
    ascending order of every column asked for so far.

    An order is the positions sorted by key_of(row, column) + (row.id,): unique keys, so a part
    merged in (`add`) or a row edited in place (`replace`) gives exactly what sorting every row
    again gives, whatever the order the rows arrived in. A part of k rows merges into n rows
    with k binary searches and one copy of the order (no comparison of the n keys)."""

    def __init__(self, key_of: KeyOf, text_of: Callable[[Any], str]) -> None:
        self.rows: list[Any] = []
        self.texts: list[str] = []  # search text per position
        self.where: dict[int, int] = {}  # id -> position
        self._key_of = key_of
        self._text_of = text_of
        self._keys: dict[int, list[tuple[Any, ...]]] = {}  # column -> key per position
        self._orders: dict[int, _Order] = {}  # column -> positions in ascending order

    def copy(self) -> SortedRows:
        """An independent copy (the rows themselves are shared: they are immutable)."""
        twin = SortedRows(self._key_of, self._text_of)
        twin.rows, twin.texts, twin.where = list(self.rows), list(self.texts), dict(self.where)
        twin._keys = {column: list(keys) for column, keys in self._keys.items()}
        twin._orders = {column: order.copy() for column, order in self._orders.items()}
        return twin

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, rows: Iterable[HasId]) -> None:
        """Append rows (a row whose id is known already replaces it) and merge them into every
        order kept."""
        new: list[Any] = []
        known: list[Any] = []
        for row in rows:
            (known if row.id in self.where else new).append(row)
        if known:
            self.replace(known)
        if not new:
            return
        start = len(self.rows)
        self.rows += new
        self.texts += [self._text_of(row) for row in new]
        self.where.update((row.id, start + i) for i, row in enumerate(new))
        for column, keys in self._keys.items():
            added = [self._full_key(row, column) for row in new]
            keys += added
            self._orders[column].merge(
                sorted(zip(added, range(start, len(self.rows)), strict=True))
            )

    def replace(self, rows: Iterable[HasId]) -> list[Any]:
        """Replace known rows (unknown ids are skipped) and move them to their places in every
        order kept; returns the rows replaced."""
        replaced = []
        for row in rows:
            pos = self.where.get(row.id)
            if pos is None:
                continue
            self.rows[pos] = row
            self.texts[pos] = self._text_of(row)
            for column, keys in self._keys.items():
                new_key = self._full_key(row, column)
                self._orders[column].move(keys[pos], new_key, pos)
                keys[pos] = new_key
            replaced.append(row)
        return replaced

    def ascending(self, column: int) -> list[int]:
        """Every position in ascending order of column (computed once, then kept up to date);
        the caller must not change the list."""
        if column not in self._orders:
            keys = [self._full_key(row, column) for row in self.rows]
            self._keys[column] = keys
            self._orders[column] = _Order(sorted(zip(keys, range(len(keys)), strict=True)))
        return self._orders[column].positions

    def _full_key(self, row: Any, column: int) -> tuple[Any, ...]:
        return (*self._key_of(row, column), row.id)


class _Order:
    """Positions in ascending order of their (unique) keys, with the keys beside them."""

    def __init__(self, pairs: list[tuple[tuple[Any, ...], int]]) -> None:
        self.keys = [key for key, _pos in pairs]
        self.positions = [pos for _key, pos in pairs]

    def copy(self) -> _Order:
        twin = _Order([])
        twin.keys, twin.positions = list(self.keys), list(self.positions)
        return twin

    def merge(self, pairs: list[tuple[tuple[Any, ...], int]]) -> None:
        """Merge (key, position) pairs sorted by key: a binary search each, one copy."""
        keys, positions = self.keys, self.positions
        merged_keys: list[tuple[Any, ...]] = []
        merged_positions: list[int] = []
        done = 0
        for key, pos in pairs:
            cut = bisect_right(keys, key, done)
            merged_keys += keys[done:cut]
            merged_positions += positions[done:cut]
            merged_keys.append(key)
            merged_positions.append(pos)
            done = cut
        merged_keys += keys[done:]
        merged_positions += positions[done:]
        self.keys, self.positions = merged_keys, merged_positions

    def move(self, old_key: tuple[Any, ...], new_key: tuple[Any, ...], pos: int) -> None:
        """One position's key changed: take it out and put it back at its new place."""
        at = bisect_left(self.keys, old_key)
        del self.keys[at], self.positions[at]
        at = bisect_right(self.keys, new_key)
        self.keys.insert(at, new_key)
        self.positions.insert(at, pos)
