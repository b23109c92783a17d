"""Weekly hours, burn-up and per-phase charts of the Stats page, painted from the palette."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from roadmap_desktop.services.stats_values import BurnUpPoint, PhaseSpan, WeekBar
from roadmap_desktop.ui.stats.chart_base import Chart, accent, done_color, faint, role
from roadmap_desktop.ui.stats.heatmap import minutes_words
from roadmap_desktop.ui.widgets.theme import phase_color

LEFT, RIGHT, TOP, BOTTOM = 46.0, 12.0, 30.0, 24.0


def legend(chart: Chart, painter: QPainter, items: Sequence[tuple[str, QPen, bool]]) -> None:
    """A row of legend entries at the top left: (label, pen, drawn as a filled box)."""
    painter.setFont(chart.small_font())
    metrics = painter.fontMetrics()
    x = LEFT
    for label, pen, filled in items:
        if filled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawRoundedRect(QRectF(x, 8, 10, 10), 2, 2)
        else:
            painter.setPen(pen)
            painter.drawLine(QPointF(x, 13), QPointF(x + 14, 13))
        painter.setPen(role(chart, QPalette.ColorRole.WindowText))
        painter.drawText(QPointF(x + 18, 17), label)
        x += 18 + metrics.horizontalAdvance(label) + 16


def week_words(week: WeekBar) -> str:
    """'Week of 3 Nov: 5 h 20 logged · 5 h planned · 10 h available'."""
    parts = [f"{minutes_words(week.logged_minutes)} logged"]
    if week.planned_minutes:
        parts.append(f"{minutes_words(week.planned_minutes)} planned")
    if week.available_minutes:
        parts.append(f"{minutes_words(week.available_minutes)} available")
    return f"Week of {week.start.day} {week.start:%b}: " + " · ".join(parts)


def _plot(widget: QWidget) -> QRectF:
    return QRectF(LEFT, TOP, widget.width() - LEFT - RIGHT, widget.height() - TOP - BOTTOM)


class WeeklyHoursChart(Chart):
    """Bars of hours logged per week, with the planned blocks and the availability against them."""

    title = "Weekly hours"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Weekly hours: logged, planned and available")
        self.weeks: tuple[WeekBar, ...] = ()
        self.setMinimumHeight(190)

    def set_weeks(self, weeks: Sequence[WeekBar]) -> None:
        """Show these weeks, oldest first."""
        self.weeks = tuple(weeks)
        logged = sum(w.logged_minutes for w in self.weeks) / 60
        self.setAccessibleDescription(f"{len(self.weeks)} weeks, {logged:.1f} hours logged in all")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(440, 230)

    def week_at(self, x: float) -> WeekBar | None:
        """The week whose slot holds x."""
        plot = _plot(self)
        if not self.weeks or not plot.left() <= x < plot.right():
            return None
        return self.weeks[int((x - plot.left()) / (plot.width() / len(self.weeks)))]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            week = self.week_at(event.pos().x())
            if week is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), week_words(week), self)
            return True
        return super().event(event)

    def csv_rows(self) -> list[list[str]]:
        rows = [["week_start", "logged_minutes", "planned_minutes", "available_minutes"]]
        for w in self.weeks:
            rows.append(
                [
                    w.start.isoformat(),
                    str(w.logged_minutes),
                    str(w.planned_minutes),
                    str(w.available_minutes),
                ]
            )
        return rows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        logged_color, plan_color = done_color(self), accent(self)
        avail_pen = QPen(role(self, QPalette.ColorRole.PlaceholderText), 1.5, Qt.PenStyle.DashLine)
        legend(
            self,
            painter,
            [
                ("Logged", QPen(logged_color), True),
                ("Planned", QPen(plan_color, 2), False),
                ("Available", avail_pen, False),
            ],
        )
        if not self.weeks:
            self.draw_empty(painter, "No weeks to show.")
            painter.end()
            return
        plot = _plot(self)
        top = max(
            max(max(w.logged_minutes, w.planned_minutes, w.available_minutes) for w in self.weeks)
            / 60,
            1.0,
        )
        ceiling = self.draw_y_grid(painter, plot, top)
        slot = plot.width() / len(self.weeks)
        bar = max(min(slot * 0.6, 36.0), 3.0)

        def y_of(minutes: int) -> float:
            return plot.bottom() - plot.height() * minutes / 60 / ceiling

        label_every = max(1, int(70 // slot) + 1)
        painter.setFont(self.small_font())
        for i, week in enumerate(self.weeks):
            x = plot.left() + slot * i + (slot - bar) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(logged_color)
            if week.logged_minutes:
                painter.drawRoundedRect(
                    QRectF(
                        x, y_of(week.logged_minutes), bar, plot.bottom() - y_of(week.logged_minutes)
                    ),
                    2,
                    2,
                )
            if week.planned_minutes:
                painter.setPen(QPen(plan_color, 2.5))
                y = y_of(week.planned_minutes)
                painter.drawLine(QPointF(x - 3, y), QPointF(x + bar + 3, y))
            if (len(self.weeks) - 1 - i) % label_every == 0:
                painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
                painter.drawText(
                    QRectF(plot.left() + slot * i - 20, plot.bottom() + 4, slot + 40, 16),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{week.start.day} {week.start:%b}",
                )
        available = self.weeks[-1].available_minutes
        if available:
            painter.setPen(avail_pen)
            y = y_of(available)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        self.draw_focus(painter)
        painter.end()


class BurnUpChart(Chart):
    """Cumulative hours of done steps per week against the plan line from the phases' weeks."""

    title = "Progress against plan"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Burn-up: hours of done steps against the plan")
        self.points: tuple[BurnUpPoint, ...] = ()
        self.today: date | None = None
        self.setMinimumHeight(190)

    def set_points(self, points: Sequence[BurnUpPoint], today: date) -> None:
        """Show the burn-up weeks."""
        self.points, self.today = tuple(points), today
        done = [p.done_hours for p in self.points if p.done_hours is not None]
        plan = self.points[-1].planned_hours if self.points else 0.0
        self.setAccessibleDescription(
            f"{done[-1] if done else 0:.1f} of {plan:.1f} planned hours done"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(440, 230)

    def csv_rows(self) -> list[list[str]]:
        rows = [["week_start", "done_hours", "planned_hours"]]
        for p in self.points:
            done = "" if p.done_hours is None else f"{p.done_hours:.2f}"
            rows.append([p.week_start.isoformat(), done, f"{p.planned_hours:.2f}"])
        return rows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        done_pen = QPen(done_color(self), 2.5)
        plan_pen = QPen(accent(self), 1.8, Qt.PenStyle.DashLine)
        legend(self, painter, [("Done", done_pen, False), ("Plan", plan_pen, False)])
        top = max(
            [p.planned_hours for p in self.points]
            + [p.done_hours or 0.0 for p in self.points]
            + [0.0]
        )
        if len(self.points) < 2 or top <= 0:
            self.draw_empty(
                painter,
                "Set the roadmap's schedule (start date) and finish steps to see progress "
                "against the plan.",
            )
            painter.end()
            return
        plot = _plot(self)
        ceiling = self.draw_y_grid(painter, plot, top)
        span = len(self.points) - 1

        def at(i: int, hours: float) -> QPointF:
            return QPointF(
                plot.left() + plot.width() * i / span,
                plot.bottom() - plot.height() * hours / ceiling,
            )

        plan = QPainterPath(at(0, self.points[0].planned_hours))
        for i, p in enumerate(self.points[1:], start=1):
            plan.lineTo(at(i, p.planned_hours))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(plan_pen)
        painter.drawPath(plan)
        done = [(i, p.done_hours) for i, p in enumerate(self.points) if p.done_hours is not None]
        if done:
            area = QPainterPath(QPointF(at(done[0][0], 0)))
            line = QPainterPath(at(done[0][0], done[0][1]))
            for i, hours in done:
                area.lineTo(at(i, hours))
                line.lineTo(at(i, hours))
            area.lineTo(at(done[-1][0], 0))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint(self, done_color(self), 0.22))
            painter.drawPath(area)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(done_pen)
            painter.drawPath(line)
            painter.setBrush(done_color(self))
            painter.drawEllipse(at(done[-1][0], done[-1][1]), 3.5, 3.5)
        painter.setFont(self.small_font())
        painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
        every = max(1, int(80 // (plot.width() / max(span, 1))) + 1)
        for i, p in enumerate(self.points):
            if i % every == 0:
                x = at(i, 0).x()
                painter.drawText(
                    QRectF(x - 30, plot.bottom() + 4, 60, 16),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{p.week_start.day} {p.week_start:%b}",
                )
        self.draw_focus(painter)
        painter.end()


class PhaseChart(Chart):
    """Each phase's planned weeks (faint bar) against when it actually ran (solid bar)."""

    title = "Phases planned and actual"
    ROW = 26.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Phases: planned weeks against actual start and finish")
        self.phases: tuple[PhaseSpan, ...] = ()
        self.today = date.today()
        self.message = ""

    def set_phases(self, phases: Sequence[PhaseSpan], today: date, message: str = "") -> None:
        """Show phases (or the message when there are none)."""
        self.phases, self.today, self.message = tuple(phases), today, message
        late = sum(1 for p in phases if p.actual_end and p.actual_end > p.planned_end)
        self.setAccessibleDescription(f"{len(self.phases)} phases, {late} finished late")
        self.setMinimumHeight(int(TOP + max(len(self.phases), 2) * self.ROW + BOTTOM))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(440, int(TOP + max(len(self.phases), 3) * self.ROW + BOTTOM))

    def csv_rows(self) -> list[list[str]]:
        rows = [
            [
                "phase",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "steps_finished",
                "steps_total",
            ]
        ]
        for p in self.phases:
            rows.append(
                [
                    p.title,
                    p.planned_start.isoformat(),
                    p.planned_end.isoformat(),
                    p.actual_start.isoformat() if p.actual_start else "",
                    p.actual_end.isoformat() if p.actual_end else "",
                    str(p.steps_finished),
                    str(p.steps_total),
                ]
            )
        return rows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.phases:
            self.draw_empty(painter, self.message or "No phases.")
            painter.end()
            return
        muted_text = role(self, QPalette.ColorRole.WindowText)
        legend(
            self,
            painter,
            [
                ("Planned weeks (faint)", QPen(faint(self, muted_text, 0.3)), True),
                ("Actual (solid; lighter while running)", QPen(muted_text), True),
            ],
        )
        dates = [
            d
            for p in self.phases
            for d in (p.planned_start, p.planned_end, p.actual_start, p.actual_end)
            if d
        ]
        first, last = min([*dates, self.today]), max([*dates, self.today])
        days = max((last - first).days + 1, 1)
        label_width = min(170.0, self.width() * 0.28)
        plot = QRectF(
            label_width + 8,
            TOP,
            self.width() - label_width - 8 - RIGHT,
            self.ROW * len(self.phases),
        )

        def x_of(day: date) -> float:
            return plot.left() + plot.width() * (day - first).days / days

        painter.setFont(self.small_font())
        metrics = painter.fontMetrics()
        text = role(self, QPalette.ColorRole.WindowText)
        for i, phase in enumerate(self.phases):
            y = plot.top() + i * self.ROW
            color = phase_color(i, self.palette())
            painter.setPen(text)
            name = metrics.elidedText(
                phase.title, Qt.TextElideMode.ElideRight, int(label_width - 8)
            )
            painter.drawText(
                QRectF(8, y, label_width - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, name
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint(self, color, 0.35))
            planned_end = phase.planned_end + timedelta(days=1)
            painter.drawRoundedRect(
                QRectF(
                    x_of(phase.planned_start),
                    y + 4,
                    max(x_of(planned_end) - x_of(phase.planned_start), 2),
                    self.ROW - 8,
                ),
                3,
                3,
            )
            if phase.actual_start:
                end = (phase.actual_end or self.today) + timedelta(days=1)
                painter.setBrush(color if phase.actual_end else faint(self, color, 0.7))
                painter.drawRoundedRect(
                    QRectF(
                        x_of(phase.actual_start),
                        y + 9,
                        max(x_of(end) - x_of(phase.actual_start), 3),
                        self.ROW - 18,
                    ),
                    2,
                    2,
                )
        today_x = x_of(self.today)
        painter.setPen(QPen(role(self, QPalette.ColorRole.PlaceholderText), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(today_x, plot.top()), QPointF(today_x, plot.bottom()))
        painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
        labels = [(today_x, "today")]
        for x, day in ((plot.left(), first), (plot.right(), last)):
            if abs(x - today_x) > 60:
                labels.append((x, f"{day.day} {day:%b}"))
        for x, label in labels:
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 2, 80, 16), Qt.AlignmentFlag.AlignHCenter, label
            )
        self.draw_focus(painter)
        painter.end()
