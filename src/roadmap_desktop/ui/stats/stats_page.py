"""The Stats page: year heatmap, weekly hours, burn-up, phases, forecast, calibration, streaks,
reviews."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
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
from roadmap_desktop.services.stats_reviews import review_stats
from roadmap_desktop.services.stats_values import ReviewStats, StatsView
from roadmap_desktop.ui.actions import PAGE_TITLES, Scope
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.stats.chart_base import Chart
from roadmap_desktop.ui.stats.charts import BurnUpChart, PhaseChart, WeeklyHoursChart
from roadmap_desktop.ui.stats.day_dialog import DaySessionsDialog
from roadmap_desktop.ui.stats.forecast_text import calibration_text, forecast_text, streak_text
from roadmap_desktop.ui.stats.heatmap import YearHeatmap, day_words, minutes_words
from roadmap_desktop.ui.stats.review_section import ReviewSection
from roadmap_desktop.ui.widgets.theme import make_heading

ALL = -1  # the selector's item for all roadmaps (ids start at 1)
# What the study part (heatmap, weeks, burn-up, phases, forecast) and the review part read.
STUDY_KINDS = (
    ChangeKind.TIME,
    ChangeKind.STATUS,
    ChangeKind.ROADMAPS,
    ChangeKind.SCHEDULE,
    ChangeKind.PLAN,
)
REVIEW_KINDS = (ChangeKind.REVIEW, ChangeKind.ROADMAPS)
CACHED = 8  # views kept per part (roadmaps and options recently shown)


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    while len(cache) > CACHED:
        del cache[next(iter(cache))]


def _section(title: str) -> QLabel:
    label = QLabel(f"<b>{title}</b>")
    return label


class StatsPage(QWidget):
    """Reads one StatsView per refresh; refreshes on `ctx.changed` while shown, else on show.

    The study part and the review part are read apart and cached per roadmap, keyed on a data
    version each: a change bumps the version of the part it touches, so answering cards does
    not re-read the heatmap and switching back to a roadmap reads nothing. The review part,
    below the fold at usual sizes, is read when it scrolls into view or right after the page
    has painted. Implements the Page protocol (ui/page.py); its commands are Scope.STATS in
    ui/actions.py.
    """

    scope = Scope.STATS
    title = PAGE_TITLES[Scope.STATS]

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
        self.review_view: ReviewStats | None = None
        self.stale = True
        self.reviews_stale = True
        self.versions = [0, 0]  # data versions of the study part and the review part
        self._study_cache: dict[Any, StatsView] = {}
        self._review_cache: dict[Any, ReviewStats] = {}
        self._review_timer = QTimer(self)
        self._review_timer.setSingleShot(True)
        self._review_timer.setInterval(0)
        self._review_timer.timeout.connect(self.load_reviews)
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
        make_heading(heading, 1.2)
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

        self.reviews = ReviewSection(ctx.settings.stats_review_days)
        self.reviews.period_changed.connect(self._review_days_changed)
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
        cl.addSpacing(10)
        cl.addWidget(self.reviews)
        scroller = QScrollArea()
        scroller.setWidget(content)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroller)
        self.scroller = scroller
        scroller.verticalScrollBar().valueChanged.connect(lambda _v: self._reviews_when_seen())
        self.charts: tuple[Chart, ...] = (
            self.heatmap,
            self.weekly,
            self.burn_up,
            self.phases,
            self.reviews.answers,
            self.reviews.due,
        )
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
        """Show the statistics (read again unless cached for this data version); the review
        part follows when it is on screen, else right after."""
        self.stale = False
        if not self.roadmap.count():
            self._fill_roadmaps()
        today = self.today()
        rid, options = self.roadmap_id(), self.options()
        key = (rid, today, options, self.versions[0])
        view = self._study_cache.get(key)
        if view is None:
            view = self.ctx.read(stats_view, rid, today, self.tz, self.first_weekday, options)
            _remember(self._study_cache, key, view)
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
        self.reviews_stale = True
        self._reviews_when_seen()

    def _reviews_on_screen(self) -> bool:
        if not self.isVisible():
            return False
        viewport = self.scroller.viewport()
        return self.reviews.mapTo(viewport, QPoint(0, 0)).y() < viewport.height()

    def _reviews_when_seen(self) -> None:
        """Read the review part now when it is on screen, else once the event loop is idle."""
        if not self.reviews_stale:
            return
        if self._reviews_on_screen():
            self.load_reviews()
        else:
            self._review_timer.start()

    def load_reviews(self) -> None:
        """Show the review part (read again unless cached for this data version)."""
        self._review_timer.stop()
        self.reviews_stale = False
        today, rid, days = self.today(), self.roadmap_id(), self.reviews.days()
        key = (rid, today, days, self.versions[1])
        stats = self._review_cache.get(key)
        if stats is None:
            stats = self.ctx.read(review_stats, rid, today, self.tz, days)
            _remember(self._review_cache, key, stats)
        self.review_view = stats
        self.reviews.set_stats(stats, self.ctx.settings.review_retention)

    def _on_changed(self, change: ChangeSet) -> None:
        study, reviews = change.touches(*STUDY_KINDS), change.touches(*REVIEW_KINDS)
        if not (study or reviews):
            return
        if study:
            self.versions[0] += 1
            self._study_cache.clear()
        if reviews:
            self.versions[1] += 1
            self._review_cache.clear()
        if change.touches(ChangeKind.ROADMAPS) and self.roadmap.count():
            self._fill_roadmaps()
        if not self.isVisible():
            self.stale = True
        elif study:
            self.reload()
        else:
            self.reviews_stale = True
            self._reviews_when_seen()

    def _follow_roadmap(self, roadmap_id: int | None) -> None:
        """The window switched roadmap: show that one (a choice of "All" is left alone)."""
        if roadmap_id is None or not self.roadmap.count() or self.roadmap_id() is None:
            return
        index = self.roadmap.findData(roadmap_id)
        if index >= 0 and index != self.roadmap.currentIndex():
            self.roadmap.blockSignals(True)
            self.roadmap.setCurrentIndex(index)
            self.roadmap.blockSignals(False)
            self.refresh()

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

    def _review_days_changed(self, days: int) -> None:
        self.ctx.settings.stats_review_days = days
        self.load_reviews()

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
