"""The base of the Stats charts: palette colours, axis helpers, and saving as PNG or CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSizePolicy, QWidget

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.ui.widgets.theme import muted, status_color


def role(widget: QWidget, which: QPalette.ColorRole) -> QColor:
    """A colour of the widget's palette."""
    return widget.palette().color(which)


def done_color(widget: QWidget) -> QColor:
    """The palette's "done" green: logged time and finished work."""
    return status_color(StepStatus.DONE, widget.palette())


def accent(widget: QWidget) -> QColor:
    """The palette's accent (highlight) colour: plans."""
    return role(widget, QPalette.ColorRole.Highlight)


def faint(widget: QWidget, color: QColor, amount: float) -> QColor:
    """color blended towards the base colour."""
    return muted(color, widget.palette(), amount)


def hours_text(hours: float) -> str:
    """'45 min', '3 h', '12.5 h'."""
    if hours < 1:
        return f"{round(hours * 60)} min"
    return f"{hours:.0f} h" if abs(hours - round(hours)) < 0.05 else f"{hours:.1f} h"


def nice_step(top: float, ticks: int = 4) -> float:
    """A round gridline step so that about `ticks` lines cover 0..top."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


class Chart(QWidget):
    """A QPainter chart that can save itself as PNG and its data as CSV.

    Subclasses set `title` and implement `csv_rows()` (header first) and `paintEvent`. The
    context menu holds the registry's Save commands (ui/actions.py), which act on the chart
    that last had the focus; `focused` tells the page which one that is.
    """

    title = "Chart"
    focused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.title)

    def csv_rows(self) -> list[list[str]]:
        """The chart's data as rows of cells, the header first."""
        raise NotImplementedError

    def file_stem(self) -> str:
        """A file name for the chart without extension."""
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "chart"

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)  # a right click picks the chart to save
        super().mousePressEvent(event)

    def save_png(self) -> None:
        """Ask where, then save the chart as drawn (at the screen's pixel ratio)."""
        path, _ = QFileDialog.getSaveFileName(
            self, f"Save {self.title}", f"{self.file_stem()}.png", "PNG image (*.png)"
        )
        if path and not self.grab().save(path, "PNG"):
            QMessageBox.warning(self, "Save Chart", f"Could not write {path}.")

    def save_csv(self) -> None:
        """Ask where, then save the chart's data as CSV (UTF-8, one header row)."""
        path, _ = QFileDialog.getSaveFileName(
            self, f"Save {self.title} Data", f"{self.file_stem()}.csv", "CSV (*.csv)"
        )
        if not path:
            return
        try:
            with open(path, "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(self.csv_rows())
        except OSError as exc:
            QMessageBox.warning(self, "Save Data", f"Could not write {path}: {exc.strerror or exc}")

    # --- painting helpers ----------------------------------------------------------------------

    def small_font(self) -> QFont:
        """The label font: the widget's font, a little smaller."""
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        return font

    def draw_empty(self, painter: QPainter, text: str) -> None:
        """A calm note in place of a chart without data."""
        painter.setPen(role(self, QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text
        )

    def draw_focus(self, painter: QPainter) -> None:
        """A thin accent frame while the chart has the keyboard focus."""
        if self.hasFocus():
            painter.setPen(faint(self, accent(self), 0.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def draw_y_grid(
        self, painter: QPainter, plot: QRectF, top: float, fmt: Sequence[str] | None = None
    ) -> float:
        """Horizontal gridlines with hour labels on the left; returns the value at plot.top()."""
        step = nice_step(top)
        ceiling = step * max(1, -(-top // step))
        values = []
        value = 0.0
        while value <= ceiling + 1e-9:
            values.append((value, f"{value:g} h"))
            value += step
        self.labelled_grid(painter, plot, ceiling, values)
        return float(ceiling)

    def labelled_grid(
        self, painter: QPainter, plot: QRectF, ceiling: float, lines: Sequence[tuple[float, str]]
    ) -> None:
        """Horizontal gridlines at the given values, each labelled on the left."""
        painter.setFont(self.small_font())
        grid = faint(self, role(self, QPalette.ColorRole.WindowText), 0.15)
        label = role(self, QPalette.ColorRole.PlaceholderText)
        for value, text in lines:
            y = plot.bottom() - plot.height() * value / ceiling
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(label)
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
