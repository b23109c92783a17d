"""The study timer in the status bar, and reminders shortly before timed plan blocks."""

from __future__ import annotations

import time as monotonic
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSystemTrayIcon, QToolButton, QWidget

from roadmap_desktop.core.formatting import format_minutes
from roadmap_desktop.services import queries
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.ui.context import AppContext


def clock_text(seconds: int) -> str:
    """'00:24:10'."""
    hours, rest = divmod(max(0, seconds), 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


class TimerWidget(QWidget):
    """Shows the running timer with Pause/Resume and Stop; hidden when no timer exists."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state: Any = None
        self._read_at = 0.0
        self.label = QLabel()
        self.label.setAccessibleName("Study timer")
        self.pause = QToolButton()
        self.pause.setAutoRaise(True)
        self.pause.clicked.connect(self.toggle_pause)
        self.stop = QToolButton()
        self.stop.setText("Stop")
        self.stop.setAutoRaise(True)
        self.stop.setToolTip("Stop and record the session")
        self.stop.clicked.connect(self.stop_timer)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.pause)
        layout.addWidget(self.stop)
        self.ticker = QTimer(self, interval=1000)
        self.ticker.timeout.connect(self._tick)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        """Read the timer from the database (it survives crashes there)."""
        self.state = self.ctx.read(queries.timer_state)
        self._read_at = monotonic.monotonic()
        self.setVisible(self.state is not None)
        if self.state is None:
            self.ticker.stop()
            return
        self.pause.setText("Pause" if self.state.running else "Resume")
        if self.state.running:
            self.ticker.start()
        else:
            self.ticker.stop()
        self._tick()

    def running(self) -> bool:
        """Whether a timer (running or paused) exists."""
        return self.state is not None

    def attach_buttons(self, binder: Any) -> None:
        """Pause and Stop run the registry's commands."""
        from roadmap_desktop.ui.actions import A

        for button, command in ((self.pause, A.PAUSE_TIMER), (self.stop, A.STOP_TIMER)):
            button.clicked.disconnect()
            button.clicked.connect(lambda _checked=False, c=command: binder.trigger(c))

    def elapsed(self) -> int:
        """Seconds on the timer now."""
        if self.state is None:
            return 0
        extra = monotonic.monotonic() - self._read_at if self.state.running else 0
        return int(self.state.elapsed_seconds + extra)

    def _tick(self) -> None:
        if self.state is not None:
            paused = "" if self.state.running else " (paused)"
            self.label.setText(
                f"Studying <b>{clock_text(self.elapsed())}</b> on “{self.state.title}”{paused}"
            )

    def toggle_pause(self) -> None:
        """Pause a running timer or resume a paused one."""
        if self.state is not None:
            from roadmap_desktop.services import planner

            self.ctx.apply(planner.pause_timer if self.state.running else planner.resume_timer)

    def stop_timer(self) -> None:
        """Stop and record the session."""
        if self.state is not None:
            stop_and_report(self.ctx)

    def _on_changed(self, change: ChangeSet) -> None:
        if change.touches(ChangeKind.TIME):
            self.refresh()


def stop_and_report(ctx: AppContext) -> None:
    """Stop the study timer and say in the status bar what was logged, or why nothing was."""
    from roadmap_desktop.services import planner

    state = ctx.read(queries.timer_state)
    result = ctx.apply(planner.stop_timer)
    if state is None or result is None:
        return
    if result[0] is None:
        ctx.message.emit(
            f"Timer stopped after {state.elapsed_seconds} s: nothing was logged, "
            "because study time counts in whole minutes."
        )
    else:
        minutes = min(state.elapsed_seconds // 60, 24 * 60)
        ctx.message.emit(f"Logged {format_minutes(minutes)} on “{state.title}”")


class Reminders(QObject):
    """Shows a tray message a set number of minutes before a timed block of today starts."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.shown: set[tuple[int, date]] = set()
        self.tray: QSystemTrayIcon | None = None
        self.fallback: Any = None  # callable(str) when no tray is available
        self.timer = QTimer(self, interval=30_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def due(self, now: datetime) -> list[Any]:
        """Today's timed, not-done blocks starting within the lead time and not yet announced."""
        lead = self.ctx.settings.reminder_minutes
        if lead <= 0:
            return []
        today = now.date()
        found = []
        from roadmap_desktop.services import planner

        for block in self.ctx.read(planner.blocks_between, today, today):
            if block.done or block.start_time is None or (block.id, today) in self.shown:
                continue
            starts = datetime.combine(today, block.start_time)
            if timedelta(0) <= starts - now <= timedelta(minutes=lead):
                found.append(block)
        return found

    def check(self, now: datetime | None = None) -> list[Any]:
        """Announce due blocks; returns them."""
        now = now or datetime.now()
        blocks = self.due(now)
        for block in blocks:
            self.shown.add((block.id, now.date()))
            length = format_minutes(block.minutes)
            text = f"{block.title} starts at {block.start_time:%H:%M} ({length})."
            if self._tray() is not None:
                self.tray.showMessage("Study reminder", text)  # type: ignore[union-attr]
            elif self.fallback is not None:
                self.fallback(text)
        return blocks

    def _tray(self) -> QSystemTrayIcon | None:
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            from PySide6.QtWidgets import QApplication

            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.setToolTip("Roadmap Desktop")
            self.tray.show()
        return self.tray
