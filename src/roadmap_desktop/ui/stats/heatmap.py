"""The year heatmap: minutes per day for 52 weeks; arrow keys move a day cursor, Enter opens it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QToolTip, QWidget

from roadmap_desktop.core.stats_math import percentile_levels
from roadmap_desktop.services.stats_values import DayTotal
from roadmap_desktop.ui.stats.chart_base import Chart, done_color, faint, role
from roadmap_desktop.ui.widgets.theme import is_dark

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_CELL = 20.0
MIN_CELL = 9.0
GAP = 3.0
LEFT = 34.0  # weekday labels
TOP = 18.0  # month labels
BOTTOM = 22.0  # legend


def minutes_words(minutes: int) -> str:
    """'45 min', '1 h', '1 h 20'."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def day_words(day: DayTotal) -> str:
    """'Tue 3 Nov — 1 h 20 in 2 sessions' (or '— no study')."""
    head = f"{day.day:%a} {day.day.day} {day.day:%b}"
    if not day.minutes:
        return f"{head} — no study"
    plural = "session" if day.sessions == 1 else "sessions"
    return f"{head} — {minutes_words(day.minutes)} in {day.sessions} {plural}"


class YearHeatmap(Chart):
    """Columns are weeks (oldest left), rows weekdays from the locale's first day.

    The cursor is a day: ←/→ move a week, ↑/↓ a day, Home/End jump to the first day and today;
    Enter or a click emits `day_activated`. Tooltips ask `describe(day)` for the sessions.
    """

    title = "Study heatmap"
    day_activated = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Study heatmap: minutes per day for the last 52 weeks")
        self.setMouseTracking(False)
        self.days: tuple[DayTotal, ...] = ()
        self.first_weekday = 0
        self.position = 0
        self.levels = [0, 0, 0, 0]
        self.describe: Callable[[date], str] | None = None
        self._stamp_key: object = None
        self._shade_of: list[int] = []
        self._stamp_cache: list[QPixmap] = []

    # --- data ------------------------------------------------------------------------------

    def set_days(self, days: Sequence[DayTotal], first_weekday: int) -> None:
        """Show days (the first is a week start; the last is today); the cursor stays on its day."""
        keep = self.current_day()
        self.days = tuple(days)
        self.first_weekday = first_weekday
        self.levels = percentile_levels(d.minutes for d in self.days)
        self._shade_of = [self.level(d.minutes) for d in self.days]
        index = self.index_of(keep) if keep is not None else None
        self.position = index if index is not None else max(len(self.days) - 1, 0)
        self._announce()
        self.updateGeometry()
        self.update()

    def current_day(self) -> date | None:
        """The day under the cursor."""
        return self.days[self.position].day if self.days else None

    def index_of(self, day: date) -> int | None:
        """Position of day in the shown days."""
        if not self.days:
            return None
        offset = (day - self.days[0].day).days
        return offset if 0 <= offset < len(self.days) else None

    def level(self, minutes: int) -> int:
        """0 (none) to 4 (the busiest quarter of study days)."""
        if minutes <= 0:
            return 0
        for shade, bound in enumerate(self.levels, start=1):
            if minutes <= bound:
                return shade
        return 4

    def shades(self) -> list[QColor]:
        """Five shades from the palette: empty, then the done green from faint to full."""
        green = done_color(self)
        # an empty day must stand apart from the window: a stronger tint on light palettes
        amount = 0.07 if is_dark(self.palette()) else 0.13
        empty = faint(self, role(self, QPalette.ColorRole.WindowText), amount)
        return [empty, *(faint(self, green, a) for a in (0.35, 0.55, 0.78, 1.0))]

    def csv_rows(self) -> list[list[str]]:
        rows = [["date", "minutes", "sessions"]]
        rows += [[d.day.isoformat(), str(d.minutes), str(d.sessions)] for d in self.days]
        return rows

    # --- geometry ----------------------------------------------------------------------------

    def _weeks(self) -> int:
        return max((len(self.days) + 6) // 7, 1)

    def _cell(self) -> float:
        width = (self.width() - LEFT - 8) / self._weeks() - GAP
        return max(MIN_CELL, min(MAX_CELL, width))

    def sizeHint(self) -> QSize:
        cell = MAX_CELL
        return QSize(int(LEFT + 53 * (cell + GAP)), int(TOP + 7 * (cell + GAP) + BOTTOM))

    def minimumSizeHint(self) -> QSize:
        return QSize(int(LEFT + 53 * (MIN_CELL + GAP)), int(TOP + 7 * (MIN_CELL + GAP) + BOTTOM))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        cell = max(MIN_CELL, min(MAX_CELL, (width - LEFT - 8) / self._weeks() - GAP))
        return int(TOP + 7 * (cell + GAP) + BOTTOM)

    def cell_rect(self, index: int) -> QRectF:
        """Where the day at index is drawn."""
        cell = self._cell()
        column, row = divmod(index, 7)
        return QRectF(LEFT + column * (cell + GAP), TOP + row * (cell + GAP), cell, cell)

    def index_at(self, point: QPointF) -> int | None:
        """The day under a point, if any."""
        cell = self._cell()
        column = int((point.x() - LEFT) // (cell + GAP))
        row = int((point.y() - TOP) // (cell + GAP))
        if point.x() < LEFT or point.y() < TOP or not 0 <= row < 7:
            return None
        index = column * 7 + row
        return (
            index if 0 <= index < len(self.days) and self.cell_rect(index).contains(point) else None
        )

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shades = self.shades()
        cell = self._cell()
        radius = max(cell / 5, 2.0)
        painter.setPen(Qt.PenStyle.NoPen)
        stamps = self._stamps(shades, cell, radius)  # 364 antialiased rounded rects cost ~20 ms
        pitch = cell + GAP
        for index, shade in enumerate(self._shade_of):
            column, row = divmod(index, 7)
            painter.drawPixmap(QPointF(LEFT + column * pitch, TOP + row * pitch), stamps[shade])
        text = role(self, QPalette.ColorRole.PlaceholderText)
        painter.setFont(self.small_font())
        painter.setPen(text)
        for row in (0, 2, 4):
            name = WEEKDAY_NAMES[(self.first_weekday + row) % 7]
            rect = self.cell_rect(row)
            painter.drawText(
                QRectF(0, rect.top() - 2, LEFT - 6, cell + 4),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        last_label = -10.0
        for column in range(self._weeks()):
            first = self.days[0].day + timedelta(weeks=column) if self.days else None
            if first is None:
                break
            if column == 0 or first.day <= 7:
                x = self.cell_rect(column * 7).left()
                if x - last_label >= 30:
                    painter.drawText(QPointF(x, TOP - 5), f"{first:%b}")
                    last_label = x
        self._paint_legend(painter, shades, cell)
        if self.days:
            rect = self.cell_rect(self.position).adjusted(-1.5, -1.5, 1.5, 1.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            color = role(self, QPalette.ColorRole.WindowText)
            if not self.hasFocus():
                color = faint(self, color, 0.45)
            painter.setPen(QPen(color, 1.6))
            painter.drawRoundedRect(rect, radius + 1, radius + 1)
        painter.end()

    def _stamps(self, shades: list[QColor], cell: float, radius: float) -> list[QPixmap]:
        """One pre-painted rounded cell per shade, reused for every day (cached)."""
        ratio = self.devicePixelRatioF()
        key = (tuple(c.rgba() for c in shades), cell, ratio)
        if self._stamp_key != key:
            stamps = []
            for shade in shades:
                pixmap = QPixmap(max(1, round(cell * ratio)), max(1, round(cell * ratio)))
                pixmap.setDevicePixelRatio(ratio)
                pixmap.fill(Qt.GlobalColor.transparent)
                stamp = QPainter(pixmap)
                stamp.setRenderHint(QPainter.RenderHint.Antialiasing)
                stamp.setPen(Qt.PenStyle.NoPen)
                stamp.setBrush(shade)
                stamp.drawRoundedRect(QRectF(0, 0, cell, cell), radius, radius)
                stamp.end()
                stamps.append(pixmap)
            self._stamp_key, self._stamp_cache = key, stamps
        return self._stamp_cache

    def _paint_legend(self, painter: QPainter, shades: list[QColor], cell: float) -> None:
        size = min(cell, 12.0)
        y = TOP + 7 * (cell + GAP) + 4
        right = self.cell_rect(max(len(self.days) - 1, 0)).right()
        right = max(right, LEFT + 5 * (size + 3) + 80)
        painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
        metrics = painter.fontMetrics()
        more = "More"
        x = right - metrics.horizontalAdvance(more)
        painter.drawText(QPointF(x, y + size - 2), more)
        x -= 6 + 5 * (size + 3)
        painter.setPen(Qt.PenStyle.NoPen)
        for i, shade in enumerate(shades):
            painter.setBrush(shade)
            painter.drawRoundedRect(QRectF(x + i * (size + 3), y, size, size), 2, 2)
        painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
        less = "Less"
        painter.drawText(QPointF(x - 6 - metrics.horizontalAdvance(less), y + size - 2), less)

    # --- interaction ----------------------------------------------------------------------------

    def move_cursor(self, days: int) -> None:
        """Move the cursor by days, staying within the shown year."""
        if self.days:
            self.position = max(0, min(len(self.days) - 1, self.position + days))
            self._announce()
            self.update()

    def _announce(self) -> None:
        if self.days:
            self.setAccessibleDescription(day_words(self.days[self.position]))
            self.setToolTip("")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves = {
            Qt.Key.Key_Left: -7,
            Qt.Key.Key_Right: 7,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
        }
        if key in moves:
            self.move_cursor(moves[Qt.Key(key)])
        elif key == Qt.Key.Key_Home:
            self.move_cursor(-len(self.days))
        elif key == Qt.Key.Key_End:
            self.move_cursor(len(self.days))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            day = self.current_day()
            if day is not None:
                self.day_activated.emit(day)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        index = self.index_at(event.position())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.position = index
            self._announce()
            self.update()
            self.day_activated.emit(self.days[index].day)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                day = self.days[index]
                text = self.describe(day.day) if self.describe and day.minutes else day_words(day)
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)
