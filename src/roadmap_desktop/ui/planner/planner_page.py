"""The Planner page: one week in seven day columns, a backlog to drag from, plan and time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, QTimeZone
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.formatting import (
    format_date,
    format_day,
    format_minutes,
    format_range,
)
from roadmap_desktop.services import planner
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.ui.actions import PAGE_TITLES, Scope
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.planner.day_column import DayColumn
from roadmap_desktop.ui.planner.planner_dialogs import (
    AvailabilityDialog,
    BlockDialog,
    PlanPreviewDialog,
)
from roadmap_desktop.ui.planner.week_model import (
    BacklogModel,
    WeekModel,
    minutes_text,
    step_payload,
)
from roadmap_desktop.ui.widgets.theme import make_heading

if TYPE_CHECKING:
    from roadmap_desktop.core.planner import ScheduleProjection


def local_zone() -> tzinfo:
    """The system time zone as a tzinfo (ZoneInfo when the zone is known)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        from datetime import datetime

        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone


def first_weekday() -> int:
    """The locale's first day of the week, 0 = Monday … 6 = Sunday."""
    return QLocale.system().firstDayOfWeek().value - 1


class PlannerPage(QWidget):
    """Plans the week of `self.day`; every edit is an undoable service call."""

    scope = Scope.PLANNER
    title = PAGE_TITLES[Scope.PLANNER]

    def __init__(self, ctx: AppContext, roadmap_id: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roadmap_id = roadmap_id  # a callable returning the active roadmap id
        self.today = date.today()
        self.day = self.today
        self.week: Any = None
        self.tz = local_zone()
        self.first_weekday = first_weekday()
        self._loaded = False
        # The roadmap page's projection when it shows this roadmap (it keeps the progress in
        # memory; reading it again costs ~150 ms on a 10,000-step roadmap).
        self.projection_source: Callable[[int], ScheduleProjection | None] | None = None

        self.week_model = WeekModel(self)
        self.week_model.move_requested.connect(self.move_block)
        self.week_model.add_requested.connect(self.add_step_block)
        self.backlog_model = BacklogModel(self)

        prev_button, next_button = QToolButton(), QToolButton()
        prev_button.setArrowType(Qt.ArrowType.LeftArrow)
        next_button.setArrowType(Qt.ArrowType.RightArrow)
        prev_button.setToolTip("Previous week (Alt+Left)")
        next_button.setToolTip("Next week (Alt+Right)")
        prev_button.clicked.connect(lambda: self.shift_week(-1))
        next_button.clicked.connect(lambda: self.shift_week(1))
        this_week = QPushButton("This Week")
        this_week.clicked.connect(self.go_this_week)
        self.picker = QDateEdit()
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("d MMM yyyy")
        self.picker.dateChanged.connect(lambda d: self.show_week(d.toPython()))
        self.week_label = QLabel()
        make_heading(self.week_label, 1.15)
        plan = QPushButton("Plan My Week…")
        plan.setToolTip("Fill this week's free time from your next steps (Ctrl+Shift+M)")
        plan.clicked.connect(self.plan_my_week)
        avail = QPushButton("Availability…")
        avail.clicked.connect(self.edit_availability)
        export = QPushButton("Export .ics…")
        export.clicked.connect(self.export_ics)
        nav = QHBoxLayout()
        nav.setSpacing(6)
        nav.addWidget(prev_button)
        nav.addWidget(this_week)
        nav.addWidget(next_button)
        nav.addWidget(self.picker)
        nav.addSpacing(12)
        nav.addWidget(self.week_label, 1)
        nav.addWidget(plan)
        nav.addWidget(avail)
        nav.addWidget(export)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.projection = QLabel()
        self.projection.setWordWrap(True)
        self.projection.setStyleSheet("color: palette(placeholder-text);")

        self.backlog = QListView()
        self.backlog.setModel(self.backlog_model)
        self.backlog.setDragEnabled(True)
        self.backlog.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.backlog.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.backlog.setWordWrap(True)
        self.backlog.setSpacing(2)
        self.backlog.setAlternatingRowColors(True)
        self.backlog.setAccessibleName("Steps to plan")
        self.backlog.activated.connect(self._plan_backlog_today)
        backlog_box = QWidget()
        bl = QVBoxLayout(backlog_box)
        bl.setContentsMargins(16, 8, 8, 12)
        backlog_title = QLabel("<b>Next steps</b> — drag onto a day")
        backlog_title.setWordWrap(True)
        bl.addWidget(backlog_title)
        bl.addWidget(self.backlog, 1)
        backlog_box.setMinimumWidth(150)

        self.columns = [DayColumn(self, row) for row in range(7)]
        days = QWidget()
        dl = QHBoxLayout(days)
        dl.setContentsMargins(8, 8, 16, 12)
        dl.setSpacing(6)
        for column in self.columns:
            dl.addWidget(column, 1)
        scroller = QScrollArea()
        scroller.setWidget(days)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(backlog_box)
        self.splitter.addWidget(scroller)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1000])
        top = QVBoxLayout()
        top.setContentsMargins(16, 12, 16, 0)
        top.setSpacing(4)
        top.addLayout(nav)
        top.addWidget(self.summary)
        top.addWidget(self.projection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        ctx.changed.connect(self._on_changed)

    # --- the Page protocol -------------------------------------------------------------------

    def activate(self) -> None:
        """Load the week on first show."""
        self.ensure_loaded()

    def refresh(self) -> None:
        """Read the week again if it has been shown."""
        if self._loaded:
            self.reload()

    def edit_current_block(self) -> None:
        """Edit the focused block."""
        self.edit_block(self._current_block_index())

    # --- loading -----------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Load the week on first show."""
        if not self._loaded:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_loaded()  # a change while hidden left the page stale
        super().showEvent(event)

    def reload(self) -> None:
        """Read the shown week, backlog and projection again."""
        self._loaded = True
        self.today = date.today()
        focused = self._current_block()
        self.week = self.ctx.read(planner.week_view, self.day, self.first_weekday, self.tz)
        self.week_model.set_week(self.week)
        for column, summary in zip(self.columns, self.week.days, strict=True):
            column.refresh(summary, self.today)
        if focused is not None:
            self._refocus(focused.id)
        start, end = self.week.start, self.week.start + timedelta(days=6)
        self.week_label.setText(format_range(start, end))
        self.picker.blockSignals(True)
        self.picker.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.picker.blockSignals(False)
        goal = (
            f" of {minutes_text(self.week.goal_minutes)} available"
            if self.week.goal_minutes
            else " — set your weekly availability to plan automatically"
        )
        self.summary.setText(
            f"Planned <b>{minutes_text(self.week.planned_minutes)}</b>{goal} · done "
            f"<b>{minutes_text(self.week.done_minutes)}</b> · logged "
            f"<b>{minutes_text(self.week.logged_minutes)}</b>"
        )
        roadmap_id = self.roadmap_id()
        if roadmap_id is None:
            self.backlog_model.set_steps([])
            self.projection.setText("")
            return
        self.backlog_model.set_steps(self.ctx.read(planner.backlog, roadmap_id))
        self.projection.setText(self._projection_text(roadmap_id))

    def _projection_text(self, roadmap_id: int) -> str:
        known = self.projection_source(roadmap_id) if self.projection_source else None
        projection = known or self.ctx.read(planner.schedule_projection, roadmap_id, self.today)
        late = [p for p in projection.phases if p.late and not p.done and p.days_late >= 7]
        parts = []
        if projection.finish:
            parts.append(
                f"At this pace you finish the roadmap on <b>{format_date(projection.finish)}</b>"
            )
        if late:
            first = late[0]
            parts.append(
                f"<span style='color:#c4314b'>{first.title} ends {first.days_late} days "
                f"after its planned weeks</span>"
                + (f" (+{len(late) - 1} more late)" if len(late) > 1 else "")
            )
        elif projection.phases:
            parts.append("every phase on schedule")
        return " · ".join(parts)

    def _on_changed(self, change: ChangeSet) -> None:
        if self._loaded and change.touches(
            ChangeKind.PLAN,
            ChangeKind.TIME,
            ChangeKind.STATUS,
            ChangeKind.ROADMAPS,
            ChangeKind.SCHEDULE,
        ):
            if self.isVisible():
                self.reload()
            else:
                self._loaded = False  # stale: read again when shown (ensure_loaded)

    # --- navigation ---------------------------------------------------------------------------

    def show_week(self, day: date) -> None:
        """Show the week holding day."""
        self.day = day
        self.reload()

    def shift_week(self, weeks: int) -> None:
        """Go weeks forward (or back)."""
        self.show_week(self.day + timedelta(weeks=weeks))

    def go_this_week(self) -> None:
        """Back to the week of today."""
        self.show_week(date.today())

    # --- block edits ---------------------------------------------------------------------------

    def _current_block_index(self) -> QModelIndex:
        for column in self.columns:
            if column.view.hasFocus() and column.view.currentIndex().isValid():
                return column.view.currentIndex()
        return QModelIndex()

    def _refocus(self, block_id: int) -> None:
        """Keep the keyboard on a block after a reload, wherever it moved to."""
        for row, summary in enumerate(self.week.days):
            for position, block in enumerate(summary.blocks):
                if block.id == block_id:
                    view = self.columns[row].view
                    view.setFocus()
                    view.setCurrentIndex(
                        self.week_model.index(position, 0, self.week_model.day_index(row))
                    )
                    return

    def _current_block(self) -> Any:
        return self.week_model.block_at(self._current_block_index())

    def move_block(self, block_id: int, day: date) -> None:
        """Move a block to another day (drag and drop, or Ctrl+arrows)."""
        push(
            self.ctx,
            f"Move block to {format_day(day)}",
            lambda db: planner.move_block(db, block_id, day),
            planner.restore_block,
        )

    def add_step_block(self, payload: dict[str, Any], day: date) -> None:
        """Plan a step on a day (a drop from the backlog, or "Plan this…")."""
        push_add_block(
            self.ctx,
            f"Plan “{payload['title']}”",
            day,
            int(payload.get("minutes") or 60),
            roadmap_id=payload["roadmap_id"],
            step_key=payload["step_key"],
        )

    def _plan_backlog_today(self, index: QModelIndex) -> None:
        step = self.backlog_model.steps[index.row()]
        target = max(self.today, self.week.start) if self.week else self.today
        self.add_step_block(step_payload(step), target)

    def quick_add(self, row: int) -> None:
        """Add a free block (or one for a step) on the day in column row."""
        if self.week is None:
            return
        day = self.week.days[row].day
        values = BlockDialog.ask(
            self, day=day, minutes=60, start=None, title="", step_title=None, done=False, new=True
        )
        if values is None:
            return

        push_add_block(
            self.ctx,
            f"Add “{values['title'] or 'block'}”",
            values["day"],
            values["minutes"],
            title=values["title"],
            start_time=values["start_time"],
        )

    def edit_block(self, index: QModelIndex) -> None:
        """Edit the block at index in a dialog."""
        block = self.week_model.block_at(index)
        if block is None:
            return
        values = BlockDialog.ask(
            self,
            day=block.day,
            minutes=block.minutes,
            start=block.start_time,
            title=block.title if block.step_key is None else "",
            step_title=block.title if block.step_key else None,
            done=block.done,
            new=False,
        )
        if values is None:
            return
        changes = {k: values[k] for k in ("day", "minutes", "start_time", "done")}
        if block.step_key is None:
            changes["title"] = values["title"]
        push(
            self.ctx,
            f"Edit “{block.title}”",
            lambda db: planner.update_block(db, block.id, **changes),
            planner.restore_block,
        )

    def toggle_done(self) -> None:
        """Space: a block done or not done."""
        block = self._current_block()
        if block is not None:
            push(
                self.ctx,
                "Mark block done" if not block.done else "Mark block not done",
                lambda db: planner.update_block(db, block.id, done=not block.done),
                planner.restore_block,
            )

    def nudge_day(self, days: int) -> None:
        """Move the focused block a day earlier or later."""
        block = self._current_block()
        if block is not None:
            self.move_block(block.id, block.day + timedelta(days=days))

    def resize_block(self, minutes: int) -> None:
        """Make the focused block longer or shorter by 15 minutes."""
        block = self._current_block()
        if block is not None:
            new = max(5, block.minutes + minutes)
            push(
                self.ctx,
                f"Resize block to {format_minutes(new)}",
                lambda db: planner.update_block(db, block.id, minutes=new),
                planner.restore_block,
            )

    def delete_block(self) -> None:
        """Delete the focused block (undoable)."""
        block = self._current_block()
        if block is not None:
            push(
                self.ctx,
                f"Delete “{block.title}”",
                lambda db: planner.delete_block(db, block.id),
                planner.restore_block,
            )

    def start_timer_on_block(self) -> None:
        """Start the study timer on the focused block's step."""
        block = self._current_block()
        if block is not None and block.step_key and block.roadmap_id is not None:
            self.ctx.apply(planner.start_timer, block.roadmap_id, block.step_key)

    # --- planning and time ---------------------------------------------------------------------

    def plan_my_week(self) -> None:
        """Preview "Plan my week" and add the blocks when accepted (one undo step)."""
        roadmap_id = self.roadmap_id()
        if roadmap_id is None or self.week is None:
            return
        if not any(self.ctx.read(planner.availability).values()):
            # No study time per weekday yet: ask for it here rather than refusing.
            self.edit_availability()
            if not any(self.ctx.read(planner.availability).values()):
                return
        proposed = self.ctx.read(
            planner.plan_week_preview, roadmap_id, self.day, date.today(), self.first_weekday
        )
        if not proposed:
            QMessageBox.information(
                self,
                "Plan My Week",
                "This week has no free time left to plan, or every step is already planned.",
            )
            return
        if PlanPreviewDialog.ask(self, proposed):
            push(
                self.ctx,
                "Plan my week",
                lambda db: planner.accept_plan(db, proposed),
                planner.undo_accept,
            )

    def edit_availability(self) -> None:
        """Set minutes per weekday (the one study-time setting) and the reminder lead time.

        With nothing set yet the dialog proposes the roadmap's weekly hours spread over the
        week, the same figure the Schedule dialog shows."""
        from roadmap_desktop.core.study_time import spread_minutes
        from roadmap_desktop.services import study_time

        current = self.ctx.read(planner.availability)
        if not any(current.values()) and (roadmap_id := self.roadmap_id()) is not None:
            hours = self.ctx.read(study_time.study_time, roadmap_id).weekly_hours
            current = spread_minutes(round(hours * 60))
        answer = AvailabilityDialog.ask(self, current, self.ctx.settings.reminder_minutes)
        if answer is None:
            return
        minutes, reminder = answer
        self.ctx.settings.reminder_minutes = reminder
        push(
            self.ctx,
            "Change availability",
            lambda db: study_time.set_week_availability(db, minutes),
            lambda db, before: study_time.set_week_availability(db, before)[1],
        )
        total = sum(minutes.values())
        self.ctx.message.emit(f"Study time: {format_minutes(total)} a week")

    def export_ics(self) -> bool:
        """Save plan blocks (this week, a range, or all ahead) as an iCalendar file."""
        from roadmap_desktop.ui.planner.planner_dialogs import ExportRangeDialog

        if self.week is None:
            return False
        chosen = ExportRangeDialog.ask(self, self.week.start, date.today())
        if chosen is None:
            return False
        start, end = chosen
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Calendar", f"study-{start:%Y-%m-%d}.ics", "iCalendar (*.ics)"
        )
        if not path:
            return False
        data = self.ctx.read(planner.export_ics_range, start, end, self.tz)
        try:
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            QMessageBox.warning(self, "Export", f"Could not write {path}: {exc.strerror or exc}")
            return False
        self.ctx.message.emit(f"Exported {format_range(start, end)} to {path}")
        return True


def push_add_block(ctx: AppContext, text: str, day: date, minutes: int, **fields: Any) -> None:
    """Add a plan block as an undoable command (undo deletes it) and say so in the status bar."""
    command = push(
        ctx,
        text,
        lambda db: planner.add_block(db, day, minutes, **fields),
        lambda db, block_id: planner.delete_block(db, block_id)[1],
    )
    if not command.failed:
        ctx.message.emit(f"{text}: {format_day(day)}, {format_minutes(minutes)}")
