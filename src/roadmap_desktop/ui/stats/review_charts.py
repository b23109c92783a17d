"""Review charts of the Stats page: answers per day (new, learning, review) and cards coming due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from roadmap_desktop.services.stats_values import DueDay, ReviewDay
from roadmap_desktop.ui.stats.chart_base import Chart, accent, done_color, faint, role
from roadmap_desktop.ui.stats.charts import BOTTOM, LEFT, RIGHT, TOP, legend
from roadmap_desktop.ui.widgets.theme import alert_color


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def answer_words(day: ReviewDay) -> str:
    """'Tue 3 Nov: 42 answers — 5 new · 7 learning · 30 review; Again 6 · Hard 3 · Good 28 · …'."""
    if not day.total:
        return f"{_day(day.day)}: no answers"
    kinds = " · ".join(
        f"{n} {label}"
        for n, label in ((day.new, "new"), (day.learning, "learning"), (day.review, "review"))
        if n
    )
    ratings = " · ".join(
        f"{label} {n}"
        for n, label in (
            (day.again, "Again"),
            (day.hard, "Hard"),
            (day.good, "Good"),
            (day.easy, "Easy"),
        )
        if n
    )
    return f"{_day(day.day)}: {_plural(day.total, 'answer')} — {kinds}; {ratings}"


def _count_step(top: int) -> int:
    """A round gridline step for counts (1, 2, 5, 10, 20, 50, …) giving about four lines."""
    step = 1
    while top / step > 4:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 4:
                break
    return step


class _BarChart(Chart):
    """Shared drawing of the two review charts: a count axis and day labels below slots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(180)

    def sizeHint(self) -> QSize:
        return QSize(440, 220)

    def count_grid(self, painter: QPainter, plot: QRectF, top: int) -> int:
        """Horizontal gridlines labelled with counts; returns the count at plot.top()."""
        step = _count_step(max(top, 1))
        ceiling = step * max(1, -(-top // step))
        lines = [(float(v), f"{v:,}") for v in range(0, ceiling + 1, step)]
        self.labelled_grid(painter, plot, ceiling, lines)
        return ceiling

    def day_label(self, painter: QPainter, x: float, width: float, text: str) -> None:
        painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(x - 30, self.height() - BOTTOM + 4, width + 60, 16),
            Qt.AlignmentFlag.AlignHCenter,
            text,
        )


class AnswersChart(_BarChart):
    """Answers per local day, stacked: first answers of new cards, learning steps, reviews."""

    title = "Answers per day"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Answers per day: new cards, learning steps and reviews")
        self.days: tuple[ReviewDay, ...] = ()

    def set_days(self, days: Sequence[ReviewDay]) -> None:
        """Show these days, oldest first."""
        self.days = tuple(days)
        total = sum(d.total for d in self.days)
        studied = sum(1 for d in self.days if d.total)
        self.setAccessibleDescription(
            f"{_plural(total, 'answer')} on {_plural(studied, 'day')} of the last {len(self.days)}"
        )
        self.update()

    def colors(self) -> tuple[QColor, QColor, QColor]:
        """New, learning, review."""
        return accent(self), faint(self, accent(self), 0.45), done_color(self)

    def _plot(self) -> QRectF:
        return QRectF(LEFT, TOP, self.width() - LEFT - RIGHT, self.height() - TOP - BOTTOM)

    def day_at(self, x: float) -> ReviewDay | None:
        """The day whose slot holds x."""
        plot = self._plot()
        if not self.days or not plot.left() <= x < plot.right():
            return None
        return self.days[int((x - plot.left()) / (plot.width() / len(self.days)))]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos().x())
            if day is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), answer_words(day), self)
            return True
        return super().event(event)

    def csv_rows(self) -> list[list[str]]:
        rows = [["date", "new", "learning", "review", "again", "hard", "good", "easy"]]
        for d in self.days:
            values = (d.new, d.learning, d.review, d.again, d.hard, d.good, d.easy)
            rows.append([d.day.isoformat(), *(str(v) for v in values)])
        return rows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        new, learning, review = self.colors()
        legend(
            self,
            painter,
            [
                ("New", QPen(new), True),
                ("Learning", QPen(learning), True),
                ("Review", QPen(review), True),
            ],
        )
        if not any(d.total for d in self.days):
            self.draw_empty(painter, f"No answers in the last {len(self.days)} days.")
            self.draw_focus(painter)
            painter.end()
            return
        plot = self._plot()
        ceiling = self.count_grid(painter, plot, max(d.total for d in self.days))
        slot = plot.width() / len(self.days)
        bar = max(min(slot * 0.7, 22.0), 1.5)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, day in enumerate(self.days):
            x = plot.left() + slot * i + (slot - bar) / 2
            bottom = plot.bottom()
            for count, color in ((day.review, review), (day.learning, learning), (day.new, new)):
                if count:
                    height = plot.height() * count / ceiling
                    painter.setBrush(color)
                    painter.drawRect(QRectF(x, bottom - height, bar, height))
                    bottom -= height
        painter.setFont(self.small_font())
        every = max(1, int(64 // slot) + 1)
        for i, day in enumerate(self.days):
            if (len(self.days) - 1 - i) % every == 0:
                x = plot.left() + slot * i
                self.day_label(painter, x, slot, f"{day.day.day} {day.day:%b}")
        self.draw_focus(painter)
        painter.end()


class DueChart(_BarChart):
    """Cards coming due on each of the next 30 days, with the overdue ones in a bar apart."""

    title = "Cards due"
    GAP = 3  # slots between the overdue bar and today

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Cards due: overdue, then each of the next 30 days")
        self.days: tuple[DueDay, ...] = ()
        self.overdue = 0

    def set_due(self, days: Sequence[DueDay], overdue: int) -> None:
        """Show the days from today on and the cards already overdue."""
        self.days, self.overdue = tuple(days), overdue
        ahead = sum(d.cards for d in self.days)
        self.setAccessibleDescription(
            f"{_plural(overdue, 'card')} overdue, {ahead:,} due in the next {len(self.days)} days"
        )
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(LEFT, TOP, self.width() - LEFT - RIGHT, self.height() - TOP - BOTTOM)

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / (len(self.days) + 1 + self.GAP)

    def item_at(self, x: float) -> DueDay | int | None:
        """The day under x, or the overdue count over its bar."""
        plot = self._plot()
        if not self.days or not plot.left() <= x < plot.right():
            return None
        index = int((x - plot.left()) / self._slot(plot))
        if index == 0:
            return self.overdue
        index -= 1 + self.GAP
        return self.days[index] if 0 <= index < len(self.days) else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.item_at(event.pos().x())
            if item is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.item_words(item), self)
            return True
        return super().event(event)

    def item_words(self, item: DueDay | int) -> str:
        """'Thu 5 Nov: 12 cards due' or 'Overdue: 8 cards that came due before today'."""
        if isinstance(item, int):
            return f"Overdue: {_plural(item, 'card')} that came due before today"
        when = "Today" if self.days and item.day == self.days[0].day else _day(item.day)
        return f"{when}: {_plural(item.cards, 'card')} due"

    def csv_rows(self) -> list[list[str]]:
        rows = [["date", "cards_due"], ["overdue", str(self.overdue)]]
        rows.extend([d.day.isoformat(), str(d.cards)] for d in self.days)
        return rows

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        due_color, late_color = accent(self), alert_color(self.palette())
        legend(self, painter, [("Due", QPen(due_color), True), ("Overdue", QPen(late_color), True)])
        if not self.overdue and not any(d.cards for d in self.days):
            self.draw_empty(painter, f"No cards due in the next {len(self.days)} days.")
            self.draw_focus(painter)
            painter.end()
            return
        plot = self._plot()
        ceiling = self.count_grid(painter, plot, max([self.overdue, *(d.cards for d in self.days)]))
        slot = self._slot(plot)
        bar = max(min(slot * 0.7, 22.0), 1.5)

        def draw(index: int, count: int, color: QColor) -> None:
            if count:
                height = plot.height() * count / ceiling
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                x = plot.left() + slot * index + (slot - bar) / 2
                painter.drawRoundedRect(QRectF(x, plot.bottom() - height, bar, height), 1.5, 1.5)

        draw(0, self.overdue, late_color)
        for i, day in enumerate(self.days):
            draw(1 + self.GAP + i, day.cards, due_color)
        painter.setFont(self.small_font())
        self.day_label(painter, plot.left(), slot, "overdue")
        every = max(1, int(64 // slot) + 1)
        for i, day in enumerate(self.days):
            if i % every == 0:
                text = "today" if i == 0 else f"{day.day.day} {day.day:%b}"
                self.day_label(painter, plot.left() + slot * (1 + self.GAP + i), slot, text)
        separator = plot.left() + slot * (1 + self.GAP / 2)
        painter.setPen(QPen(role(self, QPalette.ColorRole.PlaceholderText), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(separator, plot.top()), QPointF(separator, plot.bottom()))
        self.draw_focus(painter)
        painter.end()
