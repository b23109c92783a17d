"""The Stats page: year heatmap, weekly hours, burn-up, phases, forecast, calibration, streaks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import stats_sessions
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.stats import StatsOptions, stats_view
from roadmap_desktop.services.stats_values import StatsView
from roadmap_desktop.ui.actions import Scope
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.stats.chart_base import Chart
from roadmap_desktop.ui.stats.charts import BurnUpChart, PhaseChart, WeeklyHoursChart
from roadmap_desktop.ui.stats.day_dialog import DaySessionsDialog
from roadmap_desktop.ui.stats.forecast_text import calibration_text, forecast_text, streak_text
from roadmap_desktop.ui.stats.heatmap import YearHeatmap, day_words, minutes_words

ALL = -1  # the selector's item for all roadmaps (ids start at 1)
WATCHED = (
    ChangeKind.TIME,
    ChangeKind.STATUS,
    ChangeKind.ROADMAPS,
    ChangeKind.SCHEDULE,
    ChangeKind.PLAN,
)


def _section(title: str) -> QLabel:
    label = QLabel(f"<b>{title}</b>")
    return label


class StatsPage(QWidget):
    """Reads one StatsView per refresh; refreshes on `ctx.changed` while shown, else on show.

    Implements the Page protocol (ui/page.py); its commands are Scope.STATS in ui/actions.py.
    """

    scope = Scope.STATS
    title = "Stats"

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
        first_weekday: int | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        from roadmap_desktop.ui.planner.planner_page import first_weekday as locale_first
        from roadmap_desktop.ui.planner.planner_page import local_zone

        self.ctx = ctx
        self.tz = tz or local_zone()
        self.first_weekday = locale_first() if first_weekday is None else first_weekday
        self.today = today
        self.view: StatsView | None = None
        self.stale = True
        self.day_dialog: DaySessionsDialog | None = None
        self.setAccessibleName("Stats")

        self.roadmap = QComboBox()
        self.roadmap.setAccessibleName("Roadmap shown in the statistics")
        self.roadmap.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.roadmap.currentIndexChanged.connect(lambda _i: self.reload())
        self.weeks = QComboBox()
        self.weeks.setAccessibleName("Weeks in the weekly hours chart")
        self.weeks.addItem("Last 12 weeks", 12)
        self.weeks.addItem("Last 26 weeks", 26)
        self.weeks.setCurrentIndex(1 if ctx.settings.stats_weeks == 26 else 0)
        self.weeks.currentIndexChanged.connect(self._weeks_changed)
        self.streaks_box = QCheckBox("Show streaks")
        self.streaks_box.setChecked(ctx.settings.streaks_on)
        self.streaks_box.toggled.connect(self._streaks_toggled)
        top = QHBoxLayout()
        top.setSpacing(8)
        heading = QLabel("Stats")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.roadmap)
        top.addWidget(self.weeks)
        top.addStretch(1)
        top.addWidget(self.streaks_box)

        self.heatmap = YearHeatmap()
        self.heatmap.describe = self.describe_day
        self.heatmap.day_activated.connect(self.open_day)
        self.year_total = QLabel()
        self.year_total.setStyleSheet("color: palette(placeholder-text);")
        self.streak = QLabel()
        self.streak.setAccessibleName("Streaks")
        self.streak_minutes = QSpinBox()
        self.streak_minutes.setRange(1, 600)
        self.streak_minutes.setSuffix(" min")
        self.streak_minutes.setAccessibleName("Minutes a day counts from")
        self.streak_minutes.setValue(ctx.settings.streak_minutes)
        self.streak_minutes.valueChanged.connect(self._streak_minutes_changed)
        self.rest_day = QCheckBox("One rest day a week")
        self.rest_day.setChecked(ctx.settings.streak_rest_days == 1)
        self.rest_day.toggled.connect(self._rest_day_toggled)
        self.streak_row = QWidget()
        sr = QHBoxLayout(self.streak_row)
        sr.setContentsMargins(0, 0, 0, 0)
        sr.addWidget(self.streak)
        sr.addSpacing(12)
        sr.addWidget(QLabel("A day counts from"))
        sr.addWidget(self.streak_minutes)
        sr.addWidget(self.rest_day)
        sr.addStretch(1)

        self.weekly = WeeklyHoursChart()
        self.burn_up = BurnUpChart()
        self.phases = PhaseChart()
        self.forecast = QLabel()
        self.forecast.setWordWrap(True)
        self.forecast.setTextFormat(Qt.TextFormat.RichText)
        self.forecast.setAccessibleName("Forecast")
        self.forecast.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.calibration = QLabel()
        self.calibration.setWordWrap(True)
        self.calibration.setAccessibleName("Estimate calibration")
        self.calibrate = QCheckBox("Apply my estimate ratio to the forecast")
        self.calibrate.setChecked(ctx.settings.stats_calibrate)
        self.calibrate.toggled.connect(self._calibrate_toggled)
        forecast_box = QFrame()
        forecast_box.setObjectName("forecastBox")
        forecast_box.setStyleSheet(
            "QFrame#forecastBox { background: palette(alternate-base); border-radius: 6px; }"
        )
        fl = QVBoxLayout(forecast_box)
        fl.setContentsMargins(12, 10, 12, 10)
        fl.addWidget(_section("Finish forecast"))
        fl.addWidget(self.forecast)
        fl.addSpacing(6)
        fl.addWidget(_section("Estimates"))
        fl.addWidget(self.calibration)
        fl.addWidget(self.calibrate)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(_section("Weekly hours"))
        left.addWidget(self.weekly)
        left.addSpacing(8)
        left.addWidget(_section("Progress against plan"))
        left.addWidget(self.burn_up)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(forecast_box)
        right.addSpacing(8)
        right.addWidget(_section("Phases: planned and actual"))
        right.addWidget(self.phases)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(16, 12, 16, 16)
        cl.setSpacing(8)
        cl.addLayout(top)
        heat_head = QHBoxLayout()
        heat_head.addWidget(_section("Study days"))
        heat_head.addStretch(1)
        heat_head.addWidget(self.year_total)
        cl.addLayout(heat_head)
        cl.addWidget(self.heatmap)
        cl.addWidget(self.streak_row)
        cl.addLayout(columns, 1)
        scroller = QScrollArea()
        scroller.setWidget(content)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroller)
        self.charts: tuple[Chart, ...] = (self.heatmap, self.weekly, self.burn_up, self.phases)
        self.last_chart: Chart = self.heatmap
        for chart in self.charts:
            chart.focused.connect(lambda c=chart: self._chart_focused(c))
        self.setTabOrder(self.heatmap, self.weekly)
        ctx.changed.connect(self._on_changed)
        ctx.roadmap_shown.connect(self._follow_roadmap)
        # the roadmap list is read on the first show, not while the window starts

    # --- refresh -------------------------------------------------------------------------------

    def _fill_roadmaps(self) -> None:
        """The roadmap choices: all roadmaps, then each; the selection is kept when possible."""
        current = self.roadmap.currentData() if self.roadmap.count() else "initial"
        choices = self.ctx.read(stats_sessions.roadmap_choices)
        self.roadmap.blockSignals(True)
        self.roadmap.clear()
        self.roadmap.addItem("All roadmaps", ALL)
        for rid, _slug, title in choices:
            self.roadmap.addItem(title, rid)
        if current == "initial":
            last = self.ctx.settings.last_roadmap
            current = self.ctx.current_roadmap_id or next(
                (rid for rid, slug, _title in choices if slug == last), None
            )
        index = self.roadmap.findData(ALL if current is None else current)
        self.roadmap.setCurrentIndex(max(index, 0))
        self.roadmap.blockSignals(False)

    def roadmap_id(self) -> int | None:
        """The roadmap shown, None for all."""
        value = self.roadmap.currentData()
        return None if value in (None, ALL) else int(value)

    def options(self) -> StatsOptions:
        """The learner's choices as the service takes them."""
        settings = self.ctx.settings
        return StatsOptions(
            weeks=settings.stats_weeks,
            apply_calibration=settings.stats_calibrate,
            streaks=settings.streaks_on,
            streak_minutes=settings.streak_minutes,
            rest_days=settings.streak_rest_days,
        )

    def reload(self) -> None:
        """Read the statistics again and show them."""
        self.stale = False
        if not self.roadmap.count():
            self._fill_roadmaps()
        today = self.today()
        view = self.ctx.read(
            stats_view, self.roadmap_id(), today, self.tz, self.first_weekday, self.options()
        )
        self.view = view
        self.heatmap.set_days(view.days, self.first_weekday)
        total = sum(d.minutes for d in view.days)
        studied = sum(1 for d in view.days if d.minutes)
        self.year_total.setText(f"{minutes_words(total)} on {studied} days in the last 52 weeks")
        self.weekly.set_weeks(view.weeks)
        self.burn_up.set_points(view.burn_up, today)
        self.phases.set_phases(
            view.phases,
            today,
            "Choose one roadmap to compare its phases with their planned weeks."
            if view.roadmap_id is None
            else "This roadmap has no phases.",
        )
        text, tip = forecast_text(view.forecast)
        self.forecast.setText(text)
        self.forecast.setToolTip(tip)
        self.forecast.setAccessibleDescription(QTextDocumentFragment.fromHtml(tip).toPlainText())
        self.calibration.setText(calibration_text(view.calibration, view.roadmap_id is None))
        self.calibrate.setEnabled(view.forecast.calibration is not None)
        self.streak_row.setVisible(view.streaks is not None)
        if view.streaks is not None:
            self.streak.setText(streak_text(view.streaks))

    def _on_changed(self, change: ChangeSet) -> None:
        if not change.touches(*WATCHED):
            return
        if change.touches(ChangeKind.ROADMAPS) and self.roadmap.count():
            self._fill_roadmaps()
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def _follow_roadmap(self, roadmap_id: int | None) -> None:
        """The window switched roadmap: show that one (a choice of "All" is left alone)."""
        if roadmap_id is None or not self.roadmap.count() or self.roadmap_id() is None:
            return
        index = self.roadmap.findData(roadmap_id)
        if index >= 0 and index != self.roadmap.currentIndex():
            self.roadmap.blockSignals(True)
            self.roadmap.setCurrentIndex(index)
            self.roadmap.blockSignals(False)
            self._on_changed(ChangeSet.of(ChangeKind.SCHEDULE))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def ensure_loaded(self) -> None:
        """Load before the page is first shown (the window calls this when switching)."""
        if self.stale:
            self.reload()

    def activate(self) -> None:
        """Shown by the window: bring the figures up to date and put the keys on the heatmap."""
        self.ensure_loaded()
        self.heatmap.setFocus()

    def refresh(self) -> None:
        """Read everything again now when shown, else on the next show (a theme switch)."""
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    # --- commands (ui/actions.py) -----------------------------------------------------------

    def _chart_focused(self, chart: Chart) -> None:
        self.last_chart = chart

    def current_chart(self) -> Chart:
        """The chart the Save commands act on: the one focused last (the heatmap at first)."""
        return self.last_chart

    def open_current_day(self) -> None:
        """Open the sessions of the day under the heatmap's cursor."""
        day = self.heatmap.current_day()
        if day is not None:
            self.open_day(day)

    def show_all_roadmaps(self) -> None:
        """Show the statistics of every roadmap together."""
        self.roadmap.setCurrentIndex(max(self.roadmap.findData(ALL), 0))

    # --- options -------------------------------------------------------------------------------

    def _weeks_changed(self, _index: int) -> None:
        self.ctx.settings.stats_weeks = int(self.weeks.currentData())
        self.reload()

    def _streaks_toggled(self, on: bool) -> None:
        self.ctx.settings.streaks_on = on
        self.reload()

    def _streak_minutes_changed(self, minutes: int) -> None:
        self.ctx.settings.streak_minutes = minutes
        self.reload()

    def _rest_day_toggled(self, on: bool) -> None:
        self.ctx.settings.streak_rest_days = 1 if on else 0
        self.reload()

    def _calibrate_toggled(self, on: bool) -> None:
        self.ctx.settings.stats_calibrate = on
        self.reload()

    # --- days ----------------------------------------------------------------------------------

    def describe_day(self, day: date) -> str:
        """The heatmap tooltip: 'Tue 3 Nov — 1 h 20 in 2 sessions: Git 50 min, SQL 30 min'."""
        if self.view is None:
            return ""
        index = self.heatmap.index_of(day)
        head = day_words(self.view.days[index]) if index is not None else f"{day}"
        items = self.ctx.read(stats_sessions.sessions_on_day, day, self.tz, self.roadmap_id())
        parts = [f"{i.title} {minutes_words(i.minutes_on_day)}" for i in items[:6]]
        if len(items) > 6:
            parts.append(f"and {len(items) - 6} more")
        return f"{head}: " + ", ".join(parts) if parts else head

    def open_day(self, day: date) -> None:
        """Show the day's sessions, where each can be edited, deleted or added."""
        if self.day_dialog is not None:
            self.day_dialog.done(0)
        dialog = DaySessionsDialog(self.ctx, day, self.tz, self.roadmap_id(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.day_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: Any) -> None:
        if self.day_dialog is dialog:
            self.day_dialog = None
        self.heatmap.setFocus()
