"""The library table's fast filtering (pre-sorted order, narrowing, cached views) shows exactly
what a plain filter and sort of every row shows, whatever the typing, filters and sorting."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from roadmap_desktop.services.library_snapshots import LibraryRow
from roadmap_desktop.ui.library.library_model import COL_ADDED, COL_RATING, COL_TITLE, LibraryModel

TITLES = ("pya", "Pyb", "ab", "ba", "py ab", "", "c")


def _row(i: int, title: str, kind: str, rating: int, tags: tuple[str, ...]) -> LibraryRow:
    return LibraryRow(
        id=i + 1,
        title=title,
        url=None,
        local_path=None,
        kind=kind,
        author="",
        cost=None,
        status="to_do",
        rating=rating,
        tags=tags,
        used_in=(),
        roadmap_slugs=frozenset(),
        added_at=datetime(2026, 1, 1) + timedelta(minutes=i),
        finished_at=None,
        has_note=False,
    )


rows_st = st.lists(
    st.tuples(
        st.sampled_from(TITLES),
        st.sampled_from(("book", "video")),
        st.integers(0, 3),
        st.sampled_from(((), ("py",), ("x", "ab"))),
    ),
    max_size=25,
).map(lambda items: [_row(i, *item) for i, item in enumerate(items)])

steps_st = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.sampled_from("pyab ")),
        st.tuples(st.just("back"), st.none()),
        st.tuples(st.just("kind"), st.sampled_from((None, "book", "video"))),
        st.tuples(st.just("hits"), st.sets(st.integers(1, 25), max_size=3)),
        st.tuples(st.just("sort"), st.sampled_from((COL_TITLE, COL_RATING, COL_ADDED))),
        st.tuples(st.just("order"), st.booleans()),
        st.tuples(st.just("edit"), st.integers(0, 24)),
    ),
    max_size=25,
)


def _expected(model: LibraryModel, rows: list[LibraryRow], text: str) -> list[int]:
    """Ids a plain filter and sort shows (ties by title, then by place, as the model does)."""
    needle = text.strip().casefold()
    kept = [
        r
        for r in rows
        if (
            not needle
            or needle
            in " ".join(
                (r.title, r.author, r.url or "", r.local_path or "", " ".join(r.tags))
            ).casefold()
            or r.id in model.note_hits
        )
        and (not model.kind or r.kind == model.kind)
    ]
    # Each row's place in the model's kept order for the column (ties by title, then by id).
    order = model._rows.ascending(model.sort_column)
    place = {model._all[pos].id: i for i, pos in enumerate(order)}
    kept.sort(key=lambda r: place[r.id], reverse=model.sort_order == Qt.SortOrder.DescendingOrder)
    return [r.id for r in kept]


@settings(max_examples=60, deadline=None)
@given(rows_st, steps_st)
def test_fast_filter_equals_a_plain_filter(qapp, rows, steps) -> None:  # type: ignore[no-untyped-def]
    model = LibraryModel()
    model.set_rows(rows)
    text = ""
    for action, value in steps:
        if action == "type":
            text += value
            model.set_filters(text=text)
        elif action == "back":
            text = text[:-1]
            model.set_filters(text=text)
        elif action == "kind":
            model.set_filters(kind=value)
        elif action == "hits":
            model.set_filters(note_hits=set(value))
        elif action == "sort":
            model.sort(value, model.sort_order)
        elif action == "order":
            order = Qt.SortOrder.DescendingOrder if value else Qt.SortOrder.AscendingOrder
            model.sort(model.sort_column, order)
        elif action == "edit" and rows:
            old = model._all[value % len(rows)]
            model.update_rows([LibraryRow(**{**old.__dict__, "title": old.title + "py"})])
        shown = [model.row_value(r).id for r in range(model.rowCount())]
        assert shown == _expected(model, list(model._all), text)
