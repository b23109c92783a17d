"""The phase timeline: phases as bars on a week axis, filled by progress, with today marked."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from roadmap_desktop.ui.roadmap.phase_model import (
    ROLE_COMPLETION,
    ROLE_LATE,
    ROLE_WEEKS,
    PhaseModel,
)
from roadmap_desktop.ui.widgets.theme import muted, phase_color

MARGIN = 16
AXIS_H = 18
BAR_H = 22
MIN_WEEK_PX = 22


class TimelineView(QWidget):
    """Draws a PhaseModel on a week axis; clicking or arrow keys select a phase."""

    phase_activated = Signal(int)

    def __init__(self, model: PhaseModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.selection = QItemSelectionModel(model, self)
        self.current_week = 0
        self.week_fraction = 0.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Phase timeline")
        self.setAccessibleDescription("Phases on a week axis. Left and right arrows change phase.")
        # Week ranges of the phases, read once per model change (painting asks for them often).
        self._weeks: list[tuple[int, int]] = []
        self._total_weeks = 1
        self._next_label: list[int] = []
        self._marks: list[int] = []  # weeks that get a label on the axis
        self._read_weeks()
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            sig.connect(self._model_changed)
        model.dataChanged.connect(self._rows_changed)
        self.selection.currentChanged.connect(self._current_changed)

    # --- geometry ----------------------------------------------------------------------------

    def total_weeks(self) -> int:
        """The last week any phase reaches (at least 1)."""
        return self._total_weeks

    def _read_weeks(self) -> None:
        self._weeks = [
            self.model.data(self.model.index(r), ROLE_WEEKS) for r in range(self.model.rowCount())
        ]
        self._total_weeks = max((end for _, end in self._weeks), default=1)
        self._marks = sorted({start for start, _ in self._weeks} | {self._total_weeks})
        # For each row, the row whose label comes next along the axis (-1 for the last one).
        order = sorted(range(len(self._weeks)), key=lambda r: (self._weeks[r][0], r))
        self._next_label = [-1] * len(order)
        for here, there in pairwise(order):
            self._next_label[here] = there

    def sizeHint(self) -> QSize:
        return QSize(MARGIN * 2 + self.total_weeks() * MIN_WEEK_PX, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(MARGIN * 2 + self.total_weeks() * MIN_WEEK_PX, self._height())

    def _height(self) -> int:
        line = QFontMetrics(self.font()).height()
        return 8 + AXIS_H + BAR_H + 6 + line * 2 + 8

    def _week_px(self) -> float:
        return max(MIN_WEEK_PX, (self.width() - 2 * MARGIN) / self.total_weeks())

    def _x(self, week: float) -> float:
        """x of the start of (1-based, fractional) week."""
        return MARGIN + (week - 1) * self._week_px()

    def bar_rect(self, row: int) -> QRectF:
        """Where the phase at row is drawn."""
        start, end = self._weeks[row]
        top = 8 + AXIS_H
        return QRectF(self._x(start) + 1, top, self._x(end + 1) - self._x(start) - 3, BAR_H)

    def label_rect(self, row: int, line_height: int) -> QRect:
        """Where the phase's title goes: under its bar, and never into the next label (the
        phase starting after it); phases that share a start week leave the room to the last."""
        rect = self.bar_rect(row)
        right = rect.right()
        following = self._next_label[row] if row < len(self._next_label) else -1
        if following >= 0:
            right = min(right, self.bar_rect(following).left() - 4)
        width = max(0, int(right) - int(rect.left()))
        return QRect(int(rect.left()), int(rect.bottom()) + 6, width, line_height)

    def row_at(self, x: float, y: float) -> int:
        """The phase under a point (bar or its label), or -1."""
        for row in range(self.model.rowCount()):
            rect = self.bar_rect(row)
            if rect.left() <= x <= rect.right() and rect.top() - AXIS_H <= y <= self.height():
                return row
        return -1

    # --- state -------------------------------------------------------------------------------

    def set_today(self, week: int, fraction: float = 0.0) -> None:
        """Mark the learner's current study week (0 hides the marker)."""
        self.current_week, self.week_fraction = week, fraction
        self.update()

    def select_row(self, row: int) -> None:
        """Make row the selected phase."""
        if 0 <= row < self.model.rowCount():
            self.selection.setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def selected_row(self) -> int:
        """The selected phase row, or -1."""
        index = self.selection.currentIndex()
        return index.row() if index.isValid() else -1

    def _model_changed(self, *_: object) -> None:
        self._read_weeks()
        self.updateGeometry()
        self.update()

    def _rows_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        """Progress of some phases moved: repaint just their bars and labels (all when the
        week ranges changed)."""
        weeks = [
            self.model.data(self.model.index(r), ROLE_WEEKS)
            for r in range(top.row(), bottom.row() + 1)
        ]
        if (
            len(self._weeks) != self.model.rowCount()
            or weeks != self._weeks[top.row() : bottom.row() + 1]
        ):
            self._model_changed()
            return
        for row in range(top.row(), bottom.row() + 1):
            self.update(self._phase_area(row))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        for index in (current, previous):
            if index.isValid() and index.row() < len(self._weeks):
                self.update(self._phase_area(index.row()))

    def _phase_area(self, row: int) -> QRect:
        """The bar, its labels and the focus frame of the phase at row."""
        rect = self.bar_rect(row)
        return QRect(
            int(rect.left()) - 6, int(rect.top()) - 6, int(rect.width()) + 12, self.height()
        )

    # --- events ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().x(), event.position().y())
        if row >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.select_row(row)
            self.phase_activated.emit(row)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.selected_row()
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            last = self.model.rowCount() - 1
            target = {
                Qt.Key.Key_Left: max(row - 1, 0),
                Qt.Key.Key_Right: min(row + 1, last),
                Qt.Key.Key_Home: 0,
                Qt.Key.Key_End: last,
            }[Qt.Key(key)]
            self.select_row(target)
            self.phase_activated.emit(target)
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent):
            row = self.row_at(event.pos().x(), event.pos().y())
            if row >= 0:
                tip = self.model.data(self.model.index(row), Qt.ItemDataRole.ToolTipRole)
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        dim = pal.color(QPalette.ColorRole.PlaceholderText)
        fm = QFontMetrics(self.font())
        rows = self.model.rowCount()
        if rows == 0:
            painter.setPen(dim)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "This roadmap has no phases yet."
            )
            return
        self._paint_axis(painter, dim, event.rect())
        selected = self.selected_row()
        current = self.model.current_row()
        exposed = event.rect()
        left, right = exposed.left(), exposed.right()
        week_px = self._week_px()
        for row, (start, end) in enumerate(self._weeks):
            # The phase's area (as _phase_area) against the exposed strip: the timeline scrolls
            # sideways with many phases, and a phase switch repaints only two of them.
            x0 = MARGIN + (start - 1) * week_px + 1
            x1 = MARGIN + end * week_px - 2
            if x1 + 7 < left or x0 - 7 > right:
                continue
            self._paint_phase(painter, fm, row, row == selected, row == current, text, dim, pal)
        self._paint_today(painter, fm, pal)
        if self.hasFocus() and selected >= 0:
            focus = self.bar_rect(selected).adjusted(-3, -3, 3, 3)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(focus, 6, 6)

    def _paint_axis(self, painter: QPainter, dim: QColor, exposed: QRect) -> None:
        if exposed.top() > 8 + AXIS_H:
            return  # the week labels are above the exposed area
        painter.setPen(dim)
        small = self.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        sfm = QFontMetrics(small)
        last_right = -1e9
        marks = self._marks
        total = self.total_weeks()
        for week in marks:
            label = f"wk {week}" if week == 1 else str(week)
            x = self._x(week) + 2 if week != total or week in marks[:-1] else self._x(week)
            if x > exposed.right():
                break  # labels only move right from here
            width = sfm.horizontalAdvance(label)
            if x > last_right + 6 and x + width <= self.width() - 4:
                # Which labels fit depends on the ones before, so every label left of the
                # exposed area is placed too; only the visible ones are drawn.
                if x + width >= exposed.left():
                    painter.drawText(QPointF(x, 8 + sfm.ascent()), label)
                last_right = x + width
        painter.setFont(self.font())

    def _paint_phase(
        self,
        painter: QPainter,
        fm: QFontMetrics,
        row: int,
        selected: bool,
        current: bool,
        text: QColor,
        dim: QColor,
        pal: QPalette,
    ) -> None:
        index = self.model.index(row)
        rect = self.bar_rect(row)
        color = phase_color(row, pal)
        completion = float(self.model.data(index, ROLE_COMPLETION) or 0.0)
        path = QPainterPath()
        path.addRoundedRect(rect, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(path, muted(color, pal, 0.22))
        if completion > 0:
            painter.save()
            painter.setClipPath(path)
            painter.fillRect(
                QRectF(rect.left(), rect.top(), rect.width() * completion, rect.height()), color
            )
            painter.restore()
        outline = pal.color(QPalette.ColorRole.Highlight) if selected else color
        painter.setPen(QPen(outline, 2.5 if selected else 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 5, 5)
        if rect.width() > 34:
            self._paint_percent(painter, fm, rect, completion, color, text)
        title = str(self.model.data(index, Qt.ItemDataRole.DisplayRole))
        start, end = self._weeks[row]
        label_rect = self.label_rect(row, fm.height())
        if label_rect.width() < fm.averageCharWidth() * 2:
            return  # no room beside the next phase's label (the tooltip names it)
        font = self.font()
        font.setBold(selected or current)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(
            label_rect,
            Qt.AlignmentFlag.AlignLeft,
            QFontMetrics(font).elidedText(title, Qt.TextElideMode.ElideRight, label_rect.width()),
        )
        painter.setFont(self.font())
        painter.setPen(dim)
        weeks = f"wk {start}–{end}" if end > start else f"wk {start}"
        if current:
            weeks += " · now"
        late = int(self.model.data(index, ROLE_LATE) or 0)
        if late:
            weeks += f" · {late} d late"
            painter.setPen(QColor("#e5484d"))
        painter.drawText(
            label_rect.translated(0, fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(weeks, Qt.TextElideMode.ElideRight, label_rect.width()),
        )

    def _paint_percent(
        self,
        painter: QPainter,
        fm: QFontMetrics,
        rect: QRectF,
        completion: float,
        color: QColor,
        text: QColor,
    ) -> None:
        """The bar's percentage: clear of the today marker, readable on fill and on track."""
        pct = f"{round(completion * 100)}%"
        width = fm.horizontalAdvance(pct)
        box = QRectF(rect.left() + 6, rect.top(), width, rect.height())
        today = self._today_x()
        if today is not None and box.left() - 4 <= today <= box.right() + 4:
            box.moveLeft(today + 5)  # step past the marker
            if box.right() > rect.right() - 4:
                box.moveRight(today - 5)
            if box.left() < rect.left() + 2:
                return  # a bar too short to hold both; its tooltip gives the percentage
        # Text over the filled part contrasts with the phase colour, over the track with the
        # window: drawn twice, each clipped to its part, so a label half on the fill still reads.
        on_fill = QColor("black") if color.lightnessF() > 0.6 else QColor("white")
        filled = QRectF(rect.left(), rect.top(), rect.width() * completion, rect.height())
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        for clip, pen in ((filled, on_fill), (rect.adjusted(filled.width(), 0, 0, 0), text)):
            if clip.width() <= 0:
                continue
            painter.save()
            painter.setClipRect(clip)
            painter.setPen(pen)
            painter.drawText(box, align, pct)
            painter.restore()

    def _today_x(self) -> float | None:
        if self.current_week <= 0:
            return None
        week = min(self.current_week + self.week_fraction, self.total_weeks() + 1)
        return self._x(week)

    def _paint_today(self, painter: QPainter, fm: QFontMetrics, pal: QPalette) -> None:
        x = self._today_x()
        if x is None:
            return
        total = self.total_weeks()
        color = (
            QColor("#e5484d")
            if self.current_week <= total
            else pal.color(QPalette.ColorRole.PlaceholderText)
        )
        painter.setPen(QPen(color, 2))
        top = 8 + AXIS_H - 4
        painter.drawLine(QPointF(x, top), QPointF(x, top + BAR_H + 8))
        painter.setBrush(color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(x, top), 3.5, 3.5)


def week_position(start: date | None, today: date) -> tuple[int, float]:
    """(1-based week, fraction of it elapsed) of today in a roadmap started on start."""
    if start is None or today < start:
        return 0, 0.0
    days = (today - start).days
    return days // 7 + 1, (days % 7) / 7


__all__ = ["QModelIndex", "TimelineView", "week_position"]
