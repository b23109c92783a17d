"""The Library page and the step's resources, driven through the real window."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from roadmap_desktop.services import library as lib
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.library.library_delegates import star_rects
from roadmap_desktop.ui.library.library_import import ImportPreviewDialog
from roadmap_desktop.ui.library.library_model import COL_RATING, COL_STATUS, ROLE_ID
from roadmap_desktop.ui.library.resource_dialog import ResourceDialog


def _library(window, qtbot):
    window.binder.action(A.PAGE_LIBRARY).trigger()
    page = window.library
    assert window.current_page() is page
    return page


def _stored(window, resource_id):
    return window.ctx.read(lib.library_row, resource_id)


def test_models_pass_the_model_tester(window, qtbot, qtmodeltester):
    page = _library(window, qtbot)
    qtmodeltester.check(page.model)
    qtmodeltester.check(window.page.detail.resources.model)


def test_bundled_resources_are_listed_and_counted(window, qtbot):
    page = _library(window, qtbot)
    total = page.model.total()
    assert total >= 9  # the 24-week roadmap alone names nine resources
    assert f"{total:,}" in page.count.text()
    titles = {page.model.row_value(r).title for r in range(total)}
    assert "Designing Data-Intensive Applications" in titles


def test_filters_by_text_and_kind(window, qtbot):
    page = _library(window, qtbot)
    total = page.model.rowCount()
    qtbot.keyClicks(page.search, "kleppmann")
    assert page.model.rowCount() == 1
    assert f"1</b> of {total:,}" in page.count.text()
    page.clear_filters()
    page.kind_box.setCurrentIndex(page.kind_box.findData("book"))
    kinds = {
        page.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 3).kind
        for r in range(page.model.rowCount())
    }
    assert kinds == {"book"}
    page.search.setText("no such thing at all")
    assert page.model.rowCount() == 0
    assert page.table_stack.currentIndex() == 1  # the empty state explains


def test_status_edit_in_place_is_stored_and_undoable(window, qtbot):
    page = _library(window, qtbot)
    index = page.model.index(0, COL_STATUS)
    rid = index.data(ROLE_ID)
    assert page.model.setData(index, "done", Qt.ItemDataRole.EditRole)
    assert _stored(window, rid).status == "done"
    assert _stored(window, rid).finished_at is not None
    window.binder.action(A.UNDO).trigger()
    assert _stored(window, rid).status == "to_do"


def test_clicking_the_third_star_rates_three(window, qtbot):
    page = _library(window, qtbot)
    page.table.resize(1000, 400)
    index = page.model.index(0, COL_RATING)
    rid = index.data(ROLE_ID)
    rect = page.table.visualRect(index)
    star = star_rects(rect, page.table.fontMetrics())[2]
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=star.center())
    assert _stored(window, rid).rating == 3


def test_keyboard_marks_the_selection_done(window, qtbot):
    page = _library(window, qtbot)
    page.table.setFocus()
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    ids = page.selected_ids()
    assert len(ids) == 2
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert all(_stored(window, rid).status == "done" for rid in ids)
    window.binder.action(A.UNDO).trigger()
    assert all(_stored(window, rid).status == "to_do" for rid in ids)


def test_add_and_delete_with_undo(window, qtbot, monkeypatch):
    page = _library(window, qtbot)
    before = page.model.rowCount()
    draft = lib.ResourceDraft(
        title="SQL Performance Explained",
        url="https://sql-performance-explained.com/",
        kind="book",
        tags=("sql",),
    )
    monkeypatch.setattr(
        ResourceDialog, "ask", classmethod(lambda cls, parent, **kw: ("save", draft, []))
    )
    rid = page.add_resource()
    assert page.model.rowCount() == before + 1
    assert _stored(window, rid).tags == ("sql",)
    page.select_resource(rid)
    assert page.detail.isVisible()
    assert "SQL Performance Explained" in page.detail_title.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert page.model.rowCount() == before
    window.binder.action(A.UNDO).trigger()
    assert page.model.rowCount() == before + 1
    assert _stored(window, rid).title == "SQL Performance Explained"


def test_step_resources_tick_done_and_add(window, qtbot, monkeypatch):
    page = window.page
    box = page.detail.resources
    # find a step with resources
    for phase_row in range(page.phase_model.rowCount()):
        page.select_phase(phase_row)
        for r in range(page.step_model.rowCount()):
            page.step_view.setCurrentIndex(page.step_model.index(r, 0))
            if box.model.rowCount():
                break
        if box.model.rowCount():
            break
    assert box.model.rowCount() > 0
    rid = box.model.rows[0].id
    box.model.setData(
        box.model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert _stored(window, rid).status == "done"
    assert "1 of" in box.label.text()

    count = box.model.rowCount()
    draft = lib.ResourceDraft(
        title="My own cheat sheet", url="https://example.org/cheats", kind="article"
    )
    monkeypatch.setattr(
        ResourceDialog, "ask", classmethod(lambda cls, parent, **kw: ("save", draft, kw["links"]))
    )
    box.add_resource()
    assert box.model.rowCount() == count + 1
    assert box.model.rows[-1].title == "My own cheat sheet"


def test_import_bookmarks_with_preview(window, qtbot, tmp_path, monkeypatch):
    page = _library(window, qtbot)
    before = page.model.rowCount()
    html = tmp_path / "bookmarks.html"
    html.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE><H1>Bookmarks</H1>\n"
        "<DL><p>\n<DT><H3>Backend</H3>\n<DL><p>\n"
        '<DT><A HREF="https://use-the-index-luke.com/?utm_source=x">Use The Index, Luke</A>\n'
        '<DT><A HREF="https://www.sqlite.org/queryplanner.html">Query Planning</A>\n'
        '<DT><A HREF="javascript:alert(1)">Evil</A>\n'
        "</DL><p>\n</DL><p>\n",
        encoding="utf-8",
    )
    shown = []
    monkeypatch.setattr(
        ImportPreviewDialog,
        "ask",
        classmethod(lambda cls, parent, source, batch, preview: shown.append(preview) or True),
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(html), ""))
    )
    window.binder.action(A.IMPORT_BOOKMARKS).trigger()
    assert "Imported 1 resources" in window.statusBar().currentMessage()
    preview = shown[0]
    assert (preview.new_count, preview.duplicate_count, len(preview.skipped)) == (1, 1, 1)
    assert "javascript" in preview.skipped[0]
    assert page.model.rowCount() == before + 1
    page.search.setText("query planning")
    row = page.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 3)
    assert "Backend" in row.tags


def test_rail_switches_pages(window, qtbot):
    qtbot.mouseClick(window.rail.group.button(1), Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert window.current_page() is window.library
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.page


def test_unlink_from_a_step_and_undo_restores_the_same_link(window):
    page = window.page
    box = page.detail.resources
    for phase_row in range(page.phase_model.rowCount()):
        page.select_phase(phase_row)
        found = False
        for r in range(page.step_model.rowCount()):
            page.step_view.setCurrentIndex(page.step_model.index(r, 0))
            if box.model.rowCount() >= 2:
                found = True
                break
        if found:
            break
    before = [row.id for row in box.model.rows]
    assert len(before) >= 2
    box.view.setCurrentIndex(box.model.index(0))
    box.unlink_selected()
    assert [row.id for row in box.model.rows] == before[1:]
    window.binder.action(A.UNDO).trigger()
    assert [row.id for row in box.model.rows] == before  # same place, not appended


def test_in_place_edits_do_not_reload_the_whole_library(window, qtbot, monkeypatch):
    page = _library(window, qtbot)
    page.table.selectRow(0)
    rid = page.selected_ids()[0]
    calls = []
    real = lib.library_rows
    monkeypatch.setattr(lib, "library_rows", lambda db: calls.append(1) or real(db))
    page.set_status([rid], "in_progress")
    page.set_rating(rid, 4)
    assert calls == []  # only the edited row was read again
    assert page.selected_ids() == [rid]  # and the selection stayed on it
    row = page.model.row_value(page.model.row_of(rid))
    assert (row.status, row.rating) == ("in_progress", 4)


def test_sorting_by_rating_keeps_the_selection(window, qtbot):
    page = _library(window, qtbot)
    page.table.selectRow(3)
    rid = page.selected_ids()[0]
    page.table.sortByColumn(COL_RATING, Qt.SortOrder.AscendingOrder)
    assert page.selected_ids() == [rid]
    ratings = [page.model.row_value(r).rating for r in range(page.model.rowCount())]
    assert ratings == sorted(ratings)


def test_search_picker_filters_as_you_type_and_arrows_reach_the_list(qtbot):
    from roadmap_desktop.ui.widgets.search_picker import SearchPicker

    words = ["Joins", "Indexes", "Index-only scans", "Views"]
    picker = SearchPicker(
        None,
        "Pick",
        "Search…",
        lambda text: ((w, None, w) for w in words if text.lower() in w.lower()),
    )
    qtbot.addWidget(picker)
    assert picker.results.count() == 4
    qtbot.keyClicks(picker.query, "index")
    qtbot.waitUntil(lambda: picker.results.count() == 2)
    picker.show()
    picker.query.setFocus()
    qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    assert picker.chosen() in ("Indexes", "Index-only scans")


def test_the_add_resource_button_adds_through_the_dialog(window, qtbot, monkeypatch):
    page = _library(window, qtbot)
    before = page.model.rowCount()

    def fill(dialog):  # the learner types a title and a link, then presses OK
        dialog.title.setText("Use The Index, Luke")
        dialog.location.setText("https://use-the-index-luke.example/")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ResourceDialog, "exec", fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1)
