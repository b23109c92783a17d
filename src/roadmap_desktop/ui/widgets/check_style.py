"""Fusion with check boxes drawn from the palette, so they stay visible on dark windows too.

Fusion outlines a check box with the window colour darkened, which all but vanishes on a dark
palette; this draws the box with the text colour at half strength and fills a checked box with
the highlight colour.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

_CHECKS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


class CheckStyle(QProxyStyle):
    """The application style: Fusion plus palette-drawn check boxes."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element not in _CHECKS:
            super().drawPrimitive(element, option, painter, widget)
            return
        # Not at module level: the style is set before the first frame, and importing `Qt`
        # builds PySide6's whole namespace (~20 ms); the first check box is painted later.
        from PySide6.QtCore import Qt

        pal = option.palette
        state = option.state
        enabled = bool(state & QStyle.StateFlag.State_Enabled)
        on = bool(state & QStyle.StateFlag.State_On)
        partial = bool(state & QStyle.StateFlag.State_NoChange)
        rect = QRectF(option.rect)
        side = min(rect.width(), rect.height(), 16.0)
        box = QRectF(0, 0, side - 2, side - 2)
        box.moveCenter(rect.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = pal.color(QPalette.ColorRole.Highlight)
        border = QColor(pal.color(QPalette.ColorRole.Text))
        border.setAlphaF(0.55 if enabled else 0.25)
        if (on or partial) and enabled:
            painter.setPen(QPen(accent, 1.2))
            painter.setBrush(accent)
        else:
            painter.setPen(QPen(border, 1.2))
            painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(box, 2.5, 2.5)
        mark = QColor(pal.color(QPalette.ColorRole.HighlightedText) if enabled else border)
        pen = QPen(mark, max(1.6, side / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if on:
            path = QPainterPath(QPointF(box.left() + box.width() * 0.22, box.center().y()))
            path.lineTo(box.left() + box.width() * 0.43, box.top() + box.height() * 0.72)
            path.lineTo(box.left() + box.width() * 0.78, box.top() + box.height() * 0.28)
            painter.drawPath(path)
        elif partial:
            y = box.center().y()
            painter.drawLine(
                QPointF(box.left() + box.width() * 0.25, y),
                QPointF(box.right() - box.width() * 0.25, y),
            )
        painter.restore()


def paint_without_check_hook(view: QWidget) -> None:
    """Let a busy item view that never draws a check box paint with Fusion directly.

    CheckStyle looks the same everywhere but a check box; being a Python style, it costs a
    Python call for each primitive drawn, two for every cell of every frame of a table. The
    view's scroll bars and header keep the application style; the view owns its style.
    """
    style = QStyleFactory.create("Fusion")
    style.setParent(view)
    view.setStyle(style)
