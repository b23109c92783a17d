"""The Stats page driven like a user: heatmap keys, the day's sessions dialog, CSV export."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from roadmap_desktop.services import planner, stats_sessions
from roadmap_desktop.services.queries import list_roadmaps, roadmap_id_for
from roadmap_desktop.ui.actions import PAGE_SCOPES, A, Scope
from roadmap_desktop.ui.stats.charts import week_words
from roadmap_desktop.ui.stats.day_dialog import DaySessionsDialog, SessionDialog
from roadmap_desktop.ui.stats.stats_page import StatsPage

TODAY = date(2026, 11, 4)  # a Wednesday
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
ROADMAP = "backend-developer-24-weeks"


@pytest.fixture
def seeded(window):
    """The window's data with two sessions on Tue 3 Nov and one on Mon 26 Oct (UTC)."""
    ctx = window.ctx
    rid = ctx.read(roadmap_id_for, ROADMAP)
    first, second = [s.key for s in _steps(ctx, rid)[:2]]
    planner.log_time(ctx.db, rid, first, datetime(2026, 11, 3, 9, 0, tzinfo=UTC), 50, now=NOW)
    planner.log_time(ctx.db, rid, second, datetime(2026, 11, 3, 20, 0, tzinfo=UTC), 30, now=NOW)
    planner.log_time(ctx.db, rid, first, datetime(2026, 10, 26, 18, 0, tzinfo=UTC), 45, now=NOW)
    ctx.settings.last_roadmap = ROADMAP
    window.stats.tz, window.stats.first_weekday, window.stats.today = UTC, 0, lambda: TODAY
    window.stats.stale = True
    return window


@pytest.fixture
def page(qtbot, seeded):
    """A Stats page built directly on the window's context, on 4 Nov 2026 in UTC."""
    stats = StatsPage(seeded.ctx, tz=UTC, first_weekday=0, today=lambda: TODAY)
    qtbot.addWidget(stats)
    stats.resize(1024, 700)
    stats.show()
    qtbot.waitExposed(stats)
    return stats


def _steps(ctx, rid):
    from roadmap_desktop.services.queries import roadmap_overview

    overview = ctx.read(roadmap_overview, rid, TODAY)
    return [step for phase in overview.phases for step in phase.steps]


def _minutes(page: StatsPage, day: date) -> int:
    index = page.heatmap.index_of(day)
    assert index is not None
    return page.view.days[index].minutes


def test_the_page_shows_the_roadmap_and_its_days(page) -> None:
    assert page.roadmap.currentText().startswith("Backend Developer")
    assert _minutes(page, date(2026, 11, 3)) == 80
    assert page.heatmap.current_day() == TODAY
    assert page.describe_day(date(2026, 11, 3)).startswith("Tue 3 Nov — 1 h 20 in 2 sessions: ")
    # one full week of study so far (26 Oct – 1 Nov): no forecast yet, and the reason is said
    assert "At your pace: not yet — needs two full weeks" in page.forecast.text()
    assert "two full weeks of study" in page.forecast.accessibleDescription()
    assert week_words(page.view.weeks[-1]) == "Week of 2 Nov: 1 h 20 logged"
    assert not page.streak_row.isVisibleTo(page)


def test_arrow_keys_move_the_day_cursor_and_enter_opens_the_day(qtbot, page) -> None:
    heatmap = page.heatmap
    heatmap.setFocus()
    qtbot.keyClick(heatmap, Qt.Key.Key_Up)
    assert heatmap.current_day() == date(2026, 11, 3)
    assert heatmap.accessibleDescription() == "Tue 3 Nov — 1 h 20 in 2 sessions"
    qtbot.keyClick(heatmap, Qt.Key.Key_Left)
    assert heatmap.current_day() == date(2026, 10, 27)
    qtbot.keyClick(heatmap, Qt.Key.Key_Up)
    assert heatmap.current_day() == date(2026, 10, 26)
    qtbot.keyClick(heatmap, Qt.Key.Key_Right)
    qtbot.keyClick(heatmap, Qt.Key.Key_Right)  # past today: stays on the last day
    assert heatmap.current_day() == TODAY
    qtbot.keyClick(heatmap, Qt.Key.Key_Home)
    assert heatmap.current_day() == page.view.first_day
    qtbot.keyClick(heatmap, Qt.Key.Key_End)
    for _ in range(9):
        qtbot.keyClick(heatmap, Qt.Key.Key_Up)
    assert heatmap.current_day() == date(2026, 10, 26)
    qtbot.keyClick(heatmap, Qt.Key.Key_Return)
    dialog = page.day_dialog
    assert isinstance(dialog, DaySessionsDialog) and dialog.isVisible()
    assert dialog.day == date(2026, 10, 26)
    assert dialog.list.count() == 1 and "45 min" in dialog.list.item(0).text()


def test_a_click_on_a_day_opens_it(qtbot, page) -> None:
    heatmap = page.heatmap
    rect = heatmap.cell_rect(heatmap.index_of(date(2026, 11, 3)))
    qtbot.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert page.day_dialog is not None and page.day_dialog.day == date(2026, 11, 3)
    assert page.day_dialog.list.count() == 2


def _open_day(qtbot, page, day: date) -> DaySessionsDialog:
    heatmap = page.heatmap
    heatmap.setFocus()
    qtbot.keyClick(heatmap, Qt.Key.Key_End)
    for _ in range((TODAY - day).days):
        qtbot.keyClick(heatmap, Qt.Key.Key_Up)
    qtbot.keyClick(heatmap, Qt.Key.Key_Return)
    assert page.day_dialog is not None
    return page.day_dialog


def test_editing_a_session_from_its_day_updates_the_page_and_undoes(
    qtbot, page, window, monkeypatch
) -> None:
    dialog = _open_day(qtbot, page, date(2026, 11, 3))
    dialog.list.setCurrentRow(1)  # the 20:00 session of 30 minutes
    seen = {}

    def answer(parent, **kwargs):
        seen.update(kwargs)
        return {
            "start": datetime(2026, 11, 3, 19, 30),
            "minutes": 70,
            "note": "longer",
            "step": None,
        }

    monkeypatch.setattr(
        SessionDialog, "ask", classmethod(lambda cls, parent, **kw: answer(parent, **kw))
    )
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert seen["minutes"] == 30 and seen["start"] == datetime(2026, 11, 3, 20, 0)
    assert _minutes(page, date(2026, 11, 3)) == 120
    assert "19:30–20:40" in dialog.list.item(1).text() and "longer" in dialog.list.item(1).text()
    window.binder.action(A.UNDO).trigger()
    assert _minutes(page, date(2026, 11, 3)) == 80
    assert "20:00–20:30" in dialog.list.item(1).text()
    window.binder.action(A.REDO).trigger()
    assert _minutes(page, date(2026, 11, 3)) == 120


def test_deleting_and_adding_sessions_of_a_day(qtbot, page, window, monkeypatch) -> None:
    dialog = _open_day(qtbot, page, date(2026, 11, 3))
    dialog.list.setCurrentRow(0)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert dialog.list.count() == 1 and _minutes(page, date(2026, 11, 3)) == 30
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)  # undo from the dialog
    assert dialog.list.count() == 2 and _minutes(page, date(2026, 11, 3)) == 80

    def add(cls, parent, **kwargs):
        steps = kwargs["steps"]
        return {"start": datetime(2026, 11, 3, 12, 0), "minutes": 25, "note": "", "step": steps[2]}

    monkeypatch.setattr(SessionDialog, "ask", classmethod(add))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 3 and _minutes(page, date(2026, 11, 3)) == 105
    window.binder.action(A.UNDO).trigger()
    assert dialog.list.count() == 2


def test_a_refused_edit_changes_nothing(qtbot, page, window, monkeypatch) -> None:
    messages = []
    window.ctx.error.disconnect()
    window.ctx.error.connect(messages.append)
    dialog = _open_day(qtbot, page, date(2026, 11, 3))
    dialog.list.setCurrentRow(1)
    commands = window.ctx.undo_stack.count()
    monkeypatch.setattr(
        SessionDialog,
        "ask",
        classmethod(
            lambda cls, parent, **kw: {
                "start": datetime(2026, 11, 3, 9, 30),
                "minutes": 30,
                "note": "",
                "step": None,
            }
        ),
    )
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert messages and "overlaps" in messages[0]
    assert _minutes(page, date(2026, 11, 3)) == 80
    assert "20:00–20:30" in dialog.list.item(1).text()
    assert window.ctx.undo_stack.count() == commands  # nothing to undo: nothing happened


def test_the_window_shows_the_stats_page_on_ctrl_5(qtbot, seeded) -> None:
    window = seeded
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    stats = window.stats
    assert window.current_scope() is Scope.STATS and stats.isVisible()
    assert stats.heatmap.hasFocus()
    assert "Ctrl+5" in window.rail.group.button(PAGE_SCOPES.index(Scope.STATS)).toolTip()
    qtbot.keyClick(stats.heatmap, Qt.Key.Key_Return)  # the registry's Open the Day's Sessions
    assert stats.day_dialog is not None and stats.day_dialog.day == stats.heatmap.current_day()
    stats.day_dialog.done(0)


def test_saving_a_chart_as_csv_and_png(qtbot, seeded, tmp_path: Path, monkeypatch) -> None:
    window = seeded
    window.binder.action(A.PAGE_STATS).trigger()
    stats = window.stats
    target = tmp_path / "days.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)")
    )
    assert A.STATS_SAVE_CSV.value in [
        a.objectName().removeprefix("action_") for a in stats.heatmap.actions()
    ]  # the heatmap's context menu
    window.binder.action(A.STATS_SAVE_CSV).trigger()
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["date", "minutes", "sessions"]
    assert ["2026-11-03", "80", "2"] in rows
    assert len(rows) == 1 + len(stats.view.days)
    weekly = tmp_path / "weeks.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(weekly), ""))
    qtbot.mouseClick(stats.weekly, Qt.MouseButton.RightButton)  # picks the chart
    window.binder.action(A.STATS_SAVE_CSV).trigger()
    last = list(csv.reader(weekly.read_text(encoding="utf-8").splitlines()))[-1]
    assert last[:2] == ["2026-11-02", "80"]
    image = tmp_path / "burn.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(image), ""))
    qtbot.mouseClick(stats.burn_up, Qt.MouseButton.LeftButton)
    window.binder.action(A.STATS_SAVE_PNG).trigger()
    assert image.read_bytes().startswith(b"\x89PNG")


def test_streaks_appear_only_when_switched_on(qtbot, page) -> None:
    qtbot.mouseClick(page.streaks_box, Qt.MouseButton.LeftButton)
    assert page.streak_row.isVisible()
    # 3 Nov studied, today not over yet; 26 Oct was followed by six days off
    assert page.streak.text() == "Streak: <b>1 day</b> · longest 1 day"
    page.streak_minutes.setValue(10)
    assert page.ctx.settings.streak_minutes == 10
    qtbot.mouseClick(page.streaks_box, Qt.MouseButton.LeftButton)
    assert not page.streak_row.isVisible()


def test_switching_roadmap_and_refreshing_only_when_shown(qtbot, page) -> None:
    everything = page.roadmap.findData(-1)
    assert page.roadmap.itemText(everything) == "All roadmaps"
    page.roadmap.setCurrentIndex(everything)
    assert page.view.roadmap_id is None
    assert "Choose one roadmap" in page.phases.message
    other = next(r for r in page.ctx.read(list_roadmaps) if r.slug != ROADMAP)
    page.roadmap.setCurrentIndex(page.roadmap.findData(other.id))
    assert _minutes(page, date(2026, 11, 3)) == 0
    page.roadmap.setCurrentIndex(everything)
    page.hide()
    rid = page.ctx.read(roadmap_id_for, ROADMAP)
    key = _steps(page.ctx, rid)[0].key
    page.ctx.apply(planner.log_time, rid, key, datetime(2026, 11, 2, 7, 0, tzinfo=UTC), 20, "", NOW)
    assert page.stale and _minutes(page, date(2026, 11, 2)) == 0
    page.show()
    assert not page.stale and _minutes(page, date(2026, 11, 2)) == 20
    assert [
        s.minutes_on_day
        for s in page.ctx.read(stats_sessions.sessions_on_day, date(2026, 11, 2), UTC)
    ] == [20]
    _ = timedelta


def test_the_forecast_reads_like_the_issue_asks() -> None:
    from roadmap_desktop.core.stats_math import Forecast
    from roadmap_desktop.services.stats_values import ForecastView
    from roadmap_desktop.ui.stats.forecast_text import forecast_text

    view = ForecastView(
        forecast=Forecast(date(2027, 6, 14), date(2027, 5, 9), date(2027, 8, 2), 8, 6.5, 2.1),
        planned_finish=date(2027, 5, 13),
        remaining_hours=120.0,
        weeks=((date(2027, 1, 4), 4.0, 6.0),),
        calibration=1.3,
        calibration_applied=True,
    )
    text, tip = forecast_text(view, today=date(2027, 1, 20))
    assert text.startswith("At your pace: <b>14 Jun</b> (9 May – 2 Aug) · planned: <b>13 May</b>")
    assert "divided by 1.30" in tip and "20th to 80th percentile" in tip
    assert "week of 4 Jan: 4.0 h of steps done, 6.0 h logged" in tip


# --- reviews -------------------------------------------------------------------------------------


def _start_graphql(window) -> None:
    """The learner starts the GraphQL step: its practice question's card may come up."""
    from roadmap_desktop.core.enums import StepStatus
    from roadmap_desktop.services import study

    rid = window.ctx.read(roadmap_id_for, ROADMAP)
    window.ctx.apply(study.set_step_status, rid, "graphql", StepStatus.IN_PROGRESS)


def _answer_on_the_review_page(qtbot, window, ratings) -> None:
    """Review on the Review page by keys: Space shows the answer, 1–4 grade."""
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    review = window.review
    assert window.current_scope() is Scope.REVIEW
    for key in ratings:
        assert review.card is not None
        qtbot.keyClick(review, Qt.Key.Key_Space)
        qtbot.keyClick(review, key)


def test_the_review_section_shows_answers_given_on_the_review_page(qtbot, window) -> None:
    window.ctx.settings.last_roadmap = ROADMAP
    _start_graphql(window)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    stats = window.stats
    qtbot.waitUntil(lambda: stats.review_view is not None)  # read once the page has painted
    section = stats.reviews
    assert section.empty.isVisibleTo(stats) and not section.body.isVisibleTo(stats)
    assert "No reviews yet" in section.empty.text()
    heatmap_view = stats.view

    _answer_on_the_review_page(qtbot, window, [Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_4])
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_scope() is Scope.STATS
    bar = stats.scroller.verticalScrollBar()
    bar.setValue(bar.maximum())  # the learner scrolls down to the Reviews
    qtbot.waitUntil(lambda: not stats.reviews_stale)
    assert stats.view is heatmap_view  # answering cards did not re-read the study part
    assert section.body.isVisible() and not section.empty.isVisible()
    today = stats.review_view.answers[-1]
    assert (today.new, today.learning, today.total) == (1, 2, 3)
    assert (today.again, today.good, today.easy) == (1, 1, 1)
    assert (
        section.summary.text()
        == "3 answers in the last 30 days (0.1 a day) · 1 card due in the next 30"
    )
    assert section.answers.accessibleDescription() == "3 answers on 1 day of the last 30"
    # Easy graduated the card to review: it comes due within the month, nothing is overdue
    assert stats.review_view.overdue == 0 and sum(d.cards for d in stats.review_view.due) == 1
    assert "no review answers yet" in section.retention.text()
    assert "not new cards and not learning or relearning steps" in section.retention.toolTip()

    section.period.setFocus()
    qtbot.keyClick(section.period, Qt.Key.Key_Down)  # Last 90 days
    assert len(stats.review_view.answers) == 90 and window.ctx.settings.stats_review_days == 90
    assert section.answers.accessibleDescription() == "3 answers on 1 day of the last 90"


def test_review_charts_save_as_csv(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    window.ctx.settings.last_roadmap = ROADMAP
    _start_graphql(window)
    _answer_on_the_review_page(qtbot, window, [Qt.Key.Key_3, Qt.Key.Key_4])
    window.binder.action(A.PAGE_STATS).trigger()
    stats = window.stats
    qtbot.waitUntil(lambda: stats.review_view is not None and not stats.reviews_stale)
    target = tmp_path / "answers.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    bar = stats.scroller.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.mouseClick(stats.reviews.answers, Qt.MouseButton.RightButton)  # picks the chart
    window.binder.action(A.STATS_SAVE_CSV).trigger()
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["date", "new", "learning", "review", "again", "hard", "good", "easy"]
    assert len(rows) == 31 and rows[-1][1:] == ["1", "1", "0", "0", "0", "1", "1"]
    due = tmp_path / "due.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(due), ""))
    qtbot.mouseClick(stats.reviews.due, Qt.MouseButton.LeftButton)
    window.binder.action(A.STATS_SAVE_CSV).trigger()
    rows = list(csv.reader(due.read_text(encoding="utf-8").splitlines()))
    assert rows[:2] == [["date", "cards_due"], ["overdue", "0"]] and len(rows) == 32
    assert sum(int(r[1]) for r in rows[2:]) == 1
