"""The Planner page through the real window: blocks, drag and drop, keyboard, timer, auto-plan."""

import json
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QMimeData, Qt

from roadmap_desktop.services import planner, study
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.planner.planner_dialogs import (
    AvailabilityDialog,
    BlockDialog,
    PlanPreviewDialog,
)
from roadmap_desktop.ui.planner.study_timer import Reminders
from roadmap_desktop.ui.planner.week_model import BLOCK_MIME, ROLE_BLOCK, STEP_MIME


def _planner(window):
    window.binder.action(A.PAGE_PLANNER).trigger()
    assert window.current_page() is window.planner
    return window.planner


def _blocks(window):
    page = window.planner
    return [b for d in page.week.days for b in d.blocks]


def test_models_pass_the_model_tester(window, qtmodeltester, monkeypatch):
    page = _planner(window)
    monkeypatch.setattr(
        BlockDialog,
        "ask",
        classmethod(
            lambda cls, parent, **kw: {
                "day": kw["day"],
                "minutes": 45,
                "start_time": None,
                "title": "Read chapter 3",
                "done": False,
            }
        ),
    )
    page.quick_add(2)
    qtmodeltester.check(page.week_model)
    qtmodeltester.check(page.backlog_model)


def test_week_has_seven_columns_and_marks_today(window):
    page = _planner(window)
    days = [d.day for d in page.week.days]
    assert len(days) == 7 and days == sorted(days)
    assert date.today() in days
    today_col = days.index(date.today())
    assert page.columns[today_col].property("today") is True
    assert page.backlog_model.rowCount() > 0


def test_plan_this_from_the_step_detail_and_undo(window, monkeypatch):
    detail = window.page.detail
    monkeypatch.setattr(
        BlockDialog,
        "ask",
        classmethod(
            lambda cls, parent, **kw: {
                "day": date.today(),
                "minutes": 90,
                "start_time": time(18, 30),
                "title": "",
                "done": False,
            }
        ),
    )
    detail.plan_this()
    page = _planner(window)
    blocks = _blocks(window)
    assert [(b.step_key, b.minutes, b.start_time) for b in blocks] == [
        (detail.detail.key, 90, time(18, 30))
    ]
    window.binder.action(A.UNDO).trigger()
    assert _blocks(window) == []
    assert page.week.planned_minutes == 0


def test_drag_a_step_from_the_backlog_then_move_the_block(window):
    page = _planner(window)
    step = page.backlog_model.steps[0]
    mime = page.backlog_model.mimeData([page.backlog_model.index(0)])
    assert mime.hasFormat(STEP_MIME)
    monday = page.week_model.day_index(0)
    page.week_model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, monday)
    blocks = _blocks(window)
    assert len(blocks) == 1 and blocks[0].step_key == step.step_key
    assert blocks[0].day == page.week.days[0].day

    block_index = page.week_model.index(0, 0, page.week_model.day_index(0))
    drag = page.week_model.mimeData([block_index])
    assert json.loads(bytes(drag.data(BLOCK_MIME).data()))[0] == blocks[0].id
    page.week_model.dropMimeData(
        drag, Qt.DropAction.MoveAction, -1, 0, page.week_model.day_index(3)
    )
    assert _blocks(window)[0].day == page.week.days[3].day
    window.binder.action(A.UNDO).trigger()
    assert _blocks(window)[0].day == page.week.days[0].day


def test_keyboard_moves_resizes_ticks_and_deletes(window, qtbot, monkeypatch):
    page = _planner(window)
    monkeypatch.setattr(
        BlockDialog,
        "ask",
        classmethod(
            lambda cls, parent, **kw: {
                "day": kw["day"],
                "minutes": 60,
                "start_time": None,
                "title": "Flashcards",
                "done": False,
            }
        ),
    )
    page.quick_add(1)
    view = page.columns[1].view
    view.setFocus()
    view.setCurrentIndex(page.week_model.index(0, 0, page.week_model.day_index(1)))
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert _blocks(window)[0].minutes == 75
    qtbot.keyClick(view, Qt.Key.Key_Space)  # the keyboard stays on the block after each edit
    assert _blocks(window)[0].done
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert _blocks(window)[0].day == page.week.days[2].day
    view = page.columns[2].view
    assert view.hasFocus() and view.currentIndex().isValid()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _blocks(window) == []
    window.binder.action(A.UNDO).trigger()
    assert [b.title for b in _blocks(window)] == ["Flashcards"]


def test_week_navigation(window):
    page = _planner(window)
    start = page.week.start
    page.shift_week(1)
    assert page.week.start == start + timedelta(days=7)
    page.shift_week(-2)
    assert page.week.start == start - timedelta(days=7)
    page.go_this_week()
    assert page.week.start == start


def test_timer_runs_survives_a_restart_and_stops(open_window, qtbot):
    window = open_window()
    key = window.page.detail.detail.key
    qtbot.mouseClick(window.page.detail.timer_button, Qt.MouseButton.LeftButton)
    assert window.timer_widget.isVisible()
    assert window.page.detail.detail.title in window.timer_widget.label.text()
    window.close()  # as good as a crash for the timer: it lives in the database

    again = open_window()
    assert again.timer_widget.isVisible()
    state = again.ctx.read(planner.timer_state)
    assert state.step_key == key and state.running
    qtbot.mouseClick(again.timer_widget.pause, Qt.MouseButton.LeftButton)
    assert "paused" in again.timer_widget.label.text()
    qtbot.mouseClick(again.timer_widget.stop, Qt.MouseButton.LeftButton)
    assert not again.timer_widget.isVisible()
    assert again.ctx.read(planner.timer_state) is None


def test_plan_my_week_fills_free_time_and_is_one_undo_step(window, monkeypatch):
    page = _planner(window)
    monkeypatch.setattr(
        AvailabilityDialog,
        "ask",
        classmethod(lambda cls, parent, minutes, reminder: ({d: 60 for d in range(7)}, 10)),
    )
    monkeypatch.setattr(PlanPreviewDialog, "ask", classmethod(lambda cls, parent, proposed: True))
    page.edit_availability()
    assert page.week.goal_minutes == 7 * 60
    page.plan_my_week()
    blocks = _blocks(window)
    assert blocks and all(b.auto for b in blocks)
    assert all(b.day >= date.today() for b in blocks)
    per_day = {}
    for b in blocks:
        per_day[b.day] = per_day.get(b.day, 0) + b.minutes
    assert max(per_day.values()) <= 60
    window.binder.action(A.UNDO).trigger()
    assert _blocks(window) == []


def test_reminder_fires_once_before_a_timed_block(window, monkeypatch):
    now = datetime.combine(date.today(), time(12, 0))
    window.ctx.apply(
        lambda db: planner.add_block(
            db, date.today(), 30, title="Mock interview", start_time=time(12, 5)
        )
    )
    window.ctx.apply(
        lambda db: planner.add_block(db, date.today(), 30, title="Later", start_time=time(15, 0))
    )
    window.ctx.settings.reminder_minutes = 10
    monkeypatch.setattr(Reminders, "_tray", lambda self: None)  # no system tray: status bar
    reminders = Reminders(window.ctx)
    shown = []
    reminders.fallback = shown.append
    assert [b.title for b in reminders.check(now)] == ["Mock interview"]
    assert shown and "Mock interview" in shown[0] and "12:05" in shown[0]
    assert reminders.check(now) == []
    window.ctx.settings.reminder_minutes = 0
    assert reminders.check(datetime.combine(date.today(), time(14, 55))) == []


def test_late_phases_are_flagged_on_the_timeline(window):
    page = window.page
    window.ctx.apply(study.set_schedule, page.overview.id, date.today() - timedelta(weeks=30), 10.0)
    from roadmap_desktop.ui.roadmap.phase_model import ROLE_LATE

    lates = [
        page.phase_model.data(page.phase_model.index(r), ROLE_LATE)
        for r in range(page.phase_model.rowCount())
    ]
    assert any(lates)
    assert "late" in page.phase_model.data(
        page.phase_model.index(0), Qt.ItemDataRole.ToolTipRole
    ).lower() or any(lates[1:])


def test_block_mime_is_unused_by_step_drops(window):
    page = _planner(window)
    mime = QMimeData()
    assert not page.week_model.canDropMimeData(
        mime, Qt.DropAction.CopyAction, -1, 0, page.week_model.day_index(0)
    )
    assert page.week_model.data(page.week_model.day_index(0), ROLE_BLOCK) is None


def test_export_ics_writes_the_chosen_range(window, tmp_path, monkeypatch):
    from icalendar import Calendar

    from roadmap_desktop.ui.planner.planner_dialogs import ExportRangeDialog

    page = _planner(window)
    monkeypatch.setattr(
        BlockDialog,
        "ask",
        classmethod(
            lambda cls, parent, **kw: {
                "day": kw["day"],
                "minutes": 50,
                "start_time": time(7, 30),
                "title": "Morning reading",
                "done": False,
            }
        ),
    )
    page.quick_add(0)
    monkeypatch.setattr(
        ExportRangeDialog,
        "ask",
        classmethod(
            lambda cls, parent, week_start, today: (week_start, week_start + timedelta(days=6))
        ),
    )
    target = tmp_path / "week.ics"
    assert page.export_ics(str(target))
    events = [c for c in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == ["Morning reading"]
    start = events[0]["DTSTART"].dt
    assert (start.date(), start.hour, start.minute) == (page.week.days[0].day, 7, 30)
    assert events[0]["DTEND"].dt - start == timedelta(minutes=50)
