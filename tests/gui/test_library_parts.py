"""A library read in parts (after the first frame) ends exactly as a full read: the same rows in
the same order for every column the learner clicks, both ways, and the same filter results."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QPoint, Qt

from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.services import library as lib
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.library import library_page
from roadmap_desktop.ui.library.library_model import (
    COL_ADDED,
    COL_RATING,
    COL_STATUS,
    COL_TITLE,
)

CLICKED = (COL_TITLE, COL_RATING, COL_STATUS, COL_ADDED)


@pytest.fixture
def tied_library(window):
    """Forty more resources whose titles, ratings and statuses tie often (ties go by id)."""
    for i in range(40):
        lib.add_resource(
            window.ctx.db,
            ResourceDraft(
                title=("Python tricks", "python Tricks", "Rust", "Go")[i % 4],
                rating=i % 3,
                status=("to_do", "done")[i % 2],
                tags=("py",) if i % 5 == 0 else (),
            ),
        )
    window.resize(1600, 900)
    return window


def _shown(page):
    return [page.model.row_value(r).id for r in range(page.model.rowCount())]


def _click_header(qtbot, page, column):
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def _orders_by_clicks(qtbot, page):
    """The ids shown after each header click: every column, then again (the other way)."""
    seen = []
    for column in CLICKED:
        for _direction in range(2):
            _click_header(qtbot, page, column)
            seen.append((column, page.model.sort_order, _shown(page)))
    return seen


def _open_in_parts(window, qtbot, monkeypatch, first=5, more=7):
    monkeypatch.setattr(library_page, "FIRST_ROWS", first)
    monkeypatch.setattr(library_page, "MORE_ROWS", more)
    window.binder.action(A.PAGE_LIBRARY).trigger()
    page = window.library
    assert page._pending is not None  # loading in parts
    return page


def test_rows_read_in_parts_sort_like_a_full_read(tied_library, qtbot, monkeypatch):
    page = _open_in_parts(tied_library, qtbot, monkeypatch)
    total = len(tied_library.ctx.read(lib.library_ids))
    qtbot.waitUntil(lambda: page._pending is None)
    assert page.model.total() == total and gc.isenabled()
    in_parts = _orders_by_clicks(qtbot, page)
    page.reload()  # every row in one read
    assert _orders_by_clicks(qtbot, page) == in_parts
    assert sorted(in_parts[0][2]) == sorted(tied_library.ctx.read(lib.library_ids))


@pytest.mark.parametrize("column", CLICKED)
def test_a_header_clicked_while_parts_arrive_sorts_them_all(
    tied_library, qtbot, monkeypatch, column
):
    page = _open_in_parts(tied_library, qtbot, monkeypatch)
    page.load_timer.timeout.emit()  # one part in, the others still to come
    _click_header(qtbot, page, column)
    _click_header(qtbot, page, column)  # and the other way
    order = page.model.sort_order
    qtbot.waitUntil(lambda: page._pending is None)
    in_parts = _shown(page)
    page.reload()
    assert page.model.sort_column == column and page.model.sort_order == order
    assert _shown(page) == in_parts
    assert len(in_parts) == len(tied_library.ctx.read(lib.library_ids))


def test_typing_a_filter_after_a_read_in_parts_finds_what_a_full_read_finds(
    tied_library, qtbot, monkeypatch
):
    page = _open_in_parts(tied_library, qtbot, monkeypatch)
    qtbot.waitUntil(lambda: page._pending is None)
    _click_header(qtbot, page, COL_RATING)

    def typed():
        page.search.clear()
        found = []
        page.search.setFocus()
        for letter in "pyt":
            qtbot.keyClicks(page.search, letter)
            found.append(_shown(page))
        qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
        found.append(_shown(page))
        page.kind_box.setCurrentIndex(page.kind_box.findData("other"))
        found.append(_shown(page))
        page.clear_filters()
        return found

    in_parts = typed()
    assert in_parts[0] and in_parts[2] and len(in_parts[2]) < len(in_parts[0])
    page.reload()
    assert typed() == in_parts


def test_an_edit_while_parts_arrive_reads_the_library_again(tied_library, qtbot, monkeypatch):
    page = _open_in_parts(tied_library, qtbot, monkeypatch)
    page.load_timer.timeout.emit()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    rid = page.selected_ids()[0]
    tied_library.binder.action(A.RESOURCE_DONE).trigger()
    qtbot.waitUntil(lambda: page._pending is None)
    assert gc.isenabled()  # the load that was cut short let the collector run again
    assert tied_library.ctx.read(lib.library_row, rid).status == "done"
    row = page.model.row_value(page.model.row_of(rid))
    assert row.status == "done"
    assert page.model.total() == len(tied_library.ctx.read(lib.library_ids))


def test_a_part_that_cannot_be_read_leaves_the_collector_on(tied_library, qtbot, monkeypatch):
    """A locked database while parts arrive is reported; the garbage collector, paused for the
    load, runs again."""
    from roadmap_desktop.core.errors import DatabaseLockedError

    page = _open_in_parts(tied_library, qtbot, monkeypatch)
    assert not gc.isenabled()  # paused for the load

    def locked(*_args):
        raise DatabaseLockedError("Another program is using the database.")

    monkeypatch.setattr(lib, "library_rows_of", locked)
    page.load_timer.stop()  # the part is asked for by hand below
    with qtbot.captureExceptions() as raised:
        page.load_timer.timeout.emit()
    assert [type(e[1]) for e in raised] == [DatabaseLockedError]
    assert gc.isenabled() and not page.load_timer.isActive()
