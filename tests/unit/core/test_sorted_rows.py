"""Rows merged in part by part, or edited in place, end in exactly the order of a full sort."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.heap import LongLivedLoad
from roadmap_desktop.core.sorted_rows import SortedRows

TITLE, RATING, KIND = 0, 1, 2


@dataclass(frozen=True)
class Row:
    id: int
    title: str
    rating: int
    kind: str


def key_of(row: Row, column: int) -> tuple[object, ...]:
    title = row.title.casefold()
    if column == TITLE:
        return (title,)
    return (row.rating, title) if column == RATING else (row.kind, title)


def text_of(row: Row) -> str:
    return f"{row.title} {row.kind}".casefold()


def full_sort(rows: list[Row], column: int) -> list[int]:
    """Ids by a plain sort of every row (value, title, then id)."""
    return [r.id for r in sorted(rows, key=lambda r: (*key_of(r, column), r.id))]


def ids_in_order(table: SortedRows, column: int) -> list[int]:
    return [table.rows[pos].id for pos in table.ascending(column)]


# Few titles, ratings and kinds: many ties, which the id must break the same way every time.
rows_st = st.lists(
    st.tuples(
        st.sampled_from(("Pya", "pya", "ab", "B", "")),
        st.integers(0, 3),
        st.sampled_from(("book", "video")),
    ),
    max_size=40,
).map(
    lambda items: [Row(1000 - 7 * i, t, r, k) for i, (t, r, k) in enumerate(items)]
)  # ids fall as rows arrive (newest first), so arrival order and id order differ


@settings(max_examples=150, deadline=None)
@given(
    rows_st,
    st.lists(st.integers(1, 9), min_size=1, max_size=8),
    st.sets(st.sampled_from((TITLE, RATING, KIND)), min_size=1),
    st.integers(0, 40),
)
def test_parts_merged_in_give_the_order_of_a_full_sort(rows, sizes, columns, asked_after):
    table = SortedRows(key_of, text_of)
    start, part = 0, 0
    while start < len(rows):
        if start >= asked_after:  # some orders are asked for part-way: merged from then on
            for column in columns:
                table.ascending(column)
        size = sizes[part % len(sizes)]
        table.add(rows[start : start + size])
        start, part = start + size, part + 1
    for column in (TITLE, RATING, KIND):
        assert ids_in_order(table, column) == full_sort(rows, column)
        descending = list(reversed(table.ascending(column)))  # the view's other direction
        assert [table.rows[p].id for p in descending] == full_sort(rows, column)[::-1]
    assert table.texts == [text_of(r) for r in rows]
    assert table.where == {r.id: i for i, r in enumerate(rows)}


@settings(max_examples=100, deadline=None)
@given(
    rows_st,
    st.lists(st.tuples(st.integers(0, 39), st.sampled_from(("ab", "Zz", "")), st.integers(0, 3))),
)
def test_rows_edited_in_place_move_to_their_new_places(rows, edits):
    table = SortedRows(key_of, text_of)
    table.add(rows)
    for column in (TITLE, RATING):
        table.ascending(column)
    current = list(rows)
    for at, title, rating in edits:
        if not current:
            break
        old = current[at % len(current)]
        new = Row(old.id, title, rating, old.kind)
        current[at % len(current)] = new
        assert table.replace([new, Row(-1, "unknown", 0, "book")]) == [new]
    for column in (TITLE, RATING, KIND):
        assert ids_in_order(table, column) == full_sort(current, column)
    assert table.rows == current


def test_a_copy_grows_on_its_own():
    first = [Row(3, "c", 1, "book"), Row(1, "a", 2, "book")]
    table = SortedRows(key_of, text_of)
    table.add(first)
    table.ascending(TITLE)
    twin = table.copy()
    twin.add([Row(2, "b", 0, "video")])
    assert ids_in_order(table, TITLE) == [1, 3]
    assert ids_in_order(twin, TITLE) == [1, 2, 3]
    assert len(table) == 2 and len(twin) == 3


def test_a_known_id_added_again_replaces_its_row():
    table = SortedRows(key_of, text_of)
    table.add([Row(1, "b", 0, "book"), Row(2, "c", 0, "book")])
    table.ascending(TITLE)
    table.add([Row(2, "a", 0, "book")])
    assert len(table) == 2
    assert ids_in_order(table, TITLE) == [2, 1]


def test_a_long_lived_load_pauses_the_collector_and_freezes_what_it_read():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    load = LongLivedLoad()
    try:
        load.start()
        assert not gc.isenabled() and load.running
        kept = [[i] for i in range(100)]  # containers the collector would track
        load.step()
        load.finish()
        assert gc.isenabled() and not load.running
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.enable()


def test_a_cancelled_load_collects_again_without_freezing():
    frozen = gc.get_freeze_count()
    load = LongLivedLoad()
    load.start()
    load.cancel()
    load.cancel()  # twice is harmless
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_load_leaves_a_collector_switched_off_alone():
    gc.disable()
    try:
        load = LongLivedLoad()
        load.start()
        assert not load.running
        load.finish()
        assert not gc.isenabled()
    finally:
        gc.enable()
