"""Issue 9 parts 4–6 through the real window: study time, the guide's room, and the polish."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import planner, queries, study_time
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.planner.planner_dialogs import AvailabilityDialog, PlanPreviewDialog
from roadmap_desktop.ui.widgets.dialogs import ScheduleDialog


def _ok(dialog: QDialog) -> int:
    """Press the dialog's OK button the way a user would, and return the dialog's result."""
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result()


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def _status_text(window) -> str:
    return window.statusBar().currentMessage()


# --- part 4: one study-time setting ---------------------------------------------------------


def test_welcome_proposes_the_hours_then_used_and_fills_the_availability(
    qtbot, tmp_path, monkeypatch
):
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow

    store = open_store(tmp_path / "data")
    seen = {}

    def answer(dialog: ScheduleDialog) -> int:
        lst = dialog.roadmap_list
        seen["rows"] = [lst.item(i).text() for i in range(lst.count())]
        first_hours = dialog.hours_spin.value()
        seen["first"] = (dialog.chosen_roadmap(), first_hours)
        lst.setCurrentRow(1)  # another roadmap: its own pace is proposed
        seen["second"] = (dialog.chosen_roadmap(), dialog.hours_spin.value())
        return _ok(dialog)

    monkeypatch.setattr(ScheduleDialog, "exec", answer)
    ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(ctx, welcome=True)
    qtbot.waitUntil(lambda: "second" in seen and window.page.overview.id == seen["second"][0])
    # Every roadmap shows its one-line summary, weeks and hours.
    assert all(len(row.splitlines()) == 3 and "weeks" in row for row in seen["rows"])
    roadmap_id, hours = seen["second"]
    assert hours == study_time.proposed_hours(store.db, [roadmap_id])[roadmap_id]
    assert window.page.overview.weekly_hours == hours  # proposed == used
    assert sum(planner.availability(store.db).values()) == round(hours * 60)
    assert "a week" in _status_text(window)
    window.close()
    store.db.close()


def test_schedule_and_availability_are_one_setting(window, monkeypatch):
    def schedule(dialog: ScheduleDialog) -> int:
        dialog.hours_spin.setValue(8.0)
        return _ok(dialog)

    monkeypatch.setattr(ScheduleDialog, "exec", schedule)
    window.binder.action(A.SCHEDULE).trigger()
    offered = window.ctx.read(planner.availability)
    assert sum(offered.values()) == 480 and offered[5] > offered[0]

    def availability(dialog: AvailabilityDialog) -> int:
        for spin in dialog.spins:
            spin.setValue(60)
        return _ok(dialog)

    monkeypatch.setattr(AvailabilityDialog, "exec", availability)
    page = window.planner
    window.binder.action(A.PAGE_PLANNER).trigger()
    _button(page, "Availability…").click()
    window.binder.action(A.PAGE_ROADMAP).trigger()  # a hidden page refreshes when shown
    assert window.page.overview.weekly_hours == 7.0
    shown = []

    def look(dialog: ScheduleDialog) -> int:
        shown.append(dialog.hours_spin.value())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ScheduleDialog, "exec", look)
    window.binder.action(A.SCHEDULE).trigger()
    assert shown == [7.0]


def test_plan_my_week_without_availability_asks_for_it(window, monkeypatch):
    asked = []

    def availability(dialog: AvailabilityDialog) -> int:
        # Nothing stored yet: the roadmap's weekly hours are proposed, spread over the week.
        asked.append(sum(s.value() for s in dialog.spins))
        return _ok(dialog)

    previews = []

    def preview(dialog: PlanPreviewDialog) -> int:
        table = dialog.table
        previews.append(
            [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        )
        return _ok(dialog)

    monkeypatch.setattr(AvailabilityDialog, "exec", availability)
    monkeypatch.setattr(PlanPreviewDialog, "exec", preview)
    window.binder.action(A.PAGE_PLANNER).trigger()
    _button(window.planner, "Plan My Week…").click()
    hours = window.page.overview.weekly_hours
    assert asked == [round(hours * 60)]
    blocks = [b for d in window.planner.week.days for b in d.blocks]
    # Today always offers time (every weekday has some), so a plan was proposed and added.
    assert previews and blocks and len(previews[0]) == len(blocks)
    day, length, title = previews[0][0]
    assert day.split()[0] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    assert title and (" min" in length or " h" in length)


def test_a_first_day_at_a_slow_pace_shows_nothing_late(window, monkeypatch):
    def schedule(dialog: ScheduleDialog) -> int:
        dialog.hours_spin.setValue(2.0)  # far below the roadmap's pace
        return _ok(dialog)

    monkeypatch.setattr(ScheduleDialog, "exec", schedule)
    window.binder.action(A.SCHEDULE).trigger()
    from roadmap_desktop.ui.roadmap.phase_model import ROLE_LATE

    model = window.page.phase_model
    assert not any(model.data(model.index(r), ROLE_LATE) for r in range(model.rowCount()))


# --- part 5: the guide gets the room ---------------------------------------------------------


def test_the_guide_shows_at_least_25_lines_at_1440_by_900(window, qtbot):
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.page.detail.guide.viewport().height() > 200)
    guide = window.page.detail.guide
    line = guide.fontMetrics().lineSpacing() * 1.4  # the document's 140 % line height
    assert guide.viewport().height() >= 24 * line
    # Topics and resources sit beside the guide, the note is folded to its header.
    assert window.page.detail.body.orientation() == Qt.Orientation.Horizontal
    assert not window.page.detail.notes.stack.isVisible()


def test_folded_notes_open_and_the_layout_is_remembered(open_window, qtbot):
    window = open_window()
    notes = window.page.detail.notes
    qtbot.mouseClick(notes.collapse_button, Qt.MouseButton.LeftButton)
    assert notes.is_open() and notes.stack.isVisible()
    window.close()
    again = open_window()
    assert again.page.detail.notes.is_open()


def test_a_short_step_list_leaves_room_for_the_phase_summary(window, qtbot):
    window.resize(1440, 900)
    page = window.page
    rows = page.step_model.rowCount()
    qtbot.waitUntil(lambda: page.step_view.height() > 0)
    assert page.step_view.height() <= page.step_view.sizeHintForRow(0) * (rows + 3) + 40
    assert page.phase_about.isVisible()


# --- part 6: polish ---------------------------------------------------------------------------


def test_escape_leaves_the_note_and_an_empty_preview_explains(window, qtbot):
    notes = window.page.detail.notes
    notes.set_open(True)
    qtbot.mouseClick(notes.preview_button, Qt.MouseButton.LeftButton)
    assert notes.stack.currentWidget() is notes.preview_hint
    qtbot.mouseClick(notes.edit_button, Qt.MouseButton.LeftButton)
    notes.editor.setFocus()
    qtbot.keyClicks(notes.editor, "remember this")
    qtbot.keyClick(notes.editor, Qt.Key.Key_Escape)
    assert not notes.editor.hasFocus()
    assert not notes.is_dirty()  # Escape saved the text
    detail = window.page.detail.detail
    stored = window.ctx.read(queries.step_detail, detail.roadmap_id, detail.key)
    assert stored.note_md == "remember this"


def test_timer_start_marks_in_progress_and_a_short_stop_says_why(window, qtbot):
    detail = window.page.detail
    assert detail.detail.status == StepStatus.TODO
    qtbot.mouseClick(detail.timer_button, Qt.MouseButton.LeftButton)
    assert detail.detail.status == StepStatus.IN_PROGRESS
    assert "in progress" in _status_text(window)
    qtbot.mouseClick(detail.timer_button, Qt.MouseButton.LeftButton)
    assert "nothing was logged" in _status_text(window)
    assert window.ctx.read(planner.timer_state) is None


def test_undo_and_redo_say_what_they_did(window, qtbot):
    detail = window.page.detail
    qtbot.mouseClick(detail.status_group.button(2), Qt.MouseButton.LeftButton)  # Done
    window.binder.action(A.UNDO).trigger()
    assert _status_text(window).startswith("Undid: ")
    window.binder.action(A.REDO).trigger()
    assert _status_text(window).startswith("Redid: ")


def test_library_details_follow_the_filter(window, qtbot):
    window.binder.action(A.PAGE_LIBRARY).trigger()
    page = window.library
    page.ensure_loaded()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    first = page.selected_ids()
    assert first and page.detail.isVisible()
    title = page.model.row_value(page.model.row_of(first[0])).title
    other = next(
        page.model.row_value(r)
        for r in range(page.model.rowCount())
        if page.model.row_value(r).title.split()[0] != title.split()[0]
    )
    page.search.setFocus()
    qtbot.keyClicks(page.search, other.title)
    shown = page.selected_ids()
    assert shown and shown != first  # the pane shows a row the filter keeps
    assert page.detail_title.text() == page.model.row_value(page.model.row_of(shown[0])).title


def test_dark_check_boxes_stand_out(qtbot):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QCheckBox

    from roadmap_desktop.ui.widgets.theme import apply_theme

    app = QApplication.instance()
    palette = app.palette()
    try:
        apply_theme(app, "dark")
        box = QCheckBox()
        qtbot.addWidget(box)
        box.resize(box.sizeHint())
        image = box.grab().toImage()
        window = app.palette().window().color().lightness()
        lightness = [
            QColor(image.pixel(x, y)).lightness()
            for x in range(image.width())
            for y in range(image.height())
        ]
        # The unchecked box's outline is clearly lighter than the dark window behind it.
        assert max(lightness) - window > 60
    finally:
        app.setPalette(palette)
