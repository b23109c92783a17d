"""Status icons painted from the palette, so one consistent set follows light and dark themes."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.ui.widgets.theme import status_color

STATUS_LABELS = {
    StepStatus.TODO: "To do",
    StepStatus.IN_PROGRESS: "In progress",
    StepStatus.DONE: "Done",
    StepStatus.SKIPPED: "Skipped",
}
STATUS_SYMBOLS = {
    StepStatus.TODO: "○",
    StepStatus.IN_PROGRESS: "◐",
    StepStatus.DONE: "✓",
    StepStatus.SKIPPED: "⤼",
}


def paint_status(painter: QPainter, rect: QRectF, status: StepStatus, color: QColor) -> None:
    """Draw the status glyph (circle, dot, check disc, skip arrow) inside rect."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(rect.width(), rect.height())
    r = QRectF(0, 0, side, side)
    r.moveCenter(rect.center())
    pen_w = max(1.5, side / 10)
    inner = r.adjusted(pen_w, pen_w, -pen_w, -pen_w)
    if status == StepStatus.TODO:
        painter.setPen(QPen(color, pen_w))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
    elif status == StepStatus.IN_PROGRESS:
        # A half-filled disc (◐): under way, and never mistaken for a radio button's dot.
        painter.setPen(QPen(color, pen_w))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
        painter.setBrush(color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPie(inner, 90 * 16, -180 * 16)
    elif status == StepStatus.DONE:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(inner)
        check = QPainterPath(QPointF(inner.left() + inner.width() * 0.27, inner.center().y()))
        check.lineTo(inner.left() + inner.width() * 0.44, inner.top() + inner.height() * 0.68)
        check.lineTo(inner.left() + inner.width() * 0.74, inner.top() + inner.height() * 0.33)
        painter.setPen(
            QPen(
                QColor("white"),
                pen_w * 1.1,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(check)
    else:
        painter.setPen(QPen(color, pen_w, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
        arrow = QPainterPath(QPointF(inner.left() + inner.width() * 0.25, inner.center().y()))
        arrow.lineTo(inner.right() - inner.width() * 0.25, inner.center().y())
        arrow.moveTo(inner.right() - inner.width() * 0.42, inner.top() + inner.height() * 0.33)
        arrow.lineTo(inner.right() - inner.width() * 0.25, inner.center().y())
        arrow.lineTo(inner.right() - inner.width() * 0.42, inner.bottom() - inner.height() * 0.33)
        painter.setPen(QPen(color, pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPath(arrow)
    painter.restore()


@lru_cache(maxsize=64)
def _status_icon(status: StepStatus, color_name: str, selected_name: str) -> QIcon:
    icon = QIcon()
    for mode, name in ((QIcon.Mode.Normal, color_name), (QIcon.Mode.Selected, selected_name)):
        for size in (16, 20, 24, 32):
            ratio = 2.0
            pix = QPixmap(int(size * ratio), int(size * ratio))
            pix.setDevicePixelRatio(ratio)
            pix.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pix)
            paint_status(painter, QRectF(0, 0, size, size), status, QColor(name))
            painter.end()
            icon.addPixmap(pix, mode)
            if mode == QIcon.Mode.Selected:  # checked buttons draw on the highlight colour too
                icon.addPixmap(pix, QIcon.Mode.Normal, QIcon.State.On)
    return icon


def status_icon(status: StepStatus) -> QIcon:
    """The icon for a status in the current palette's colours (and readable when selected)."""
    palette = QGuiApplication.palette()
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    return _status_icon(status, status_color(status, palette).name(), selected.name())


def app_icon() -> QIcon:
    """The application icon, from the packaged SVG when present."""
    from importlib import resources

    icon_file = resources.files("roadmap_desktop.resources") / "icons" / "roadmap-desktop.svg"
    if icon_file.is_file():
        return QIcon(str(icon_file))
    return QIcon()


KIND_BADGES = {
    "book": ("B", 212),
    "course": ("C", 160),
    "article": ("A", 34),
    "video": ("V", 350),
    "docs": ("D", 190),
    "tool": ("T", 280),
    "podcast": ("P", 20),
    "other": ("•", 0),
}


@lru_cache(maxsize=32)
def _kind_icon(kind: str, dark: bool) -> QIcon:
    letter, hue = KIND_BADGES.get(kind, KIND_BADGES["other"])
    fill = QColor.fromHsl(hue, 0 if kind == "other" else 130, 150 if dark else 110)
    icon = QIcon()
    for size in (16, 20, 24):
        pix = QPixmap(size * 2, size * 2)
        pix.setDevicePixelRatio(2.0)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), size * 0.22, size * 0.22)
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(int(size * 0.62))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), letter)
        painter.end()
        icon.addPixmap(pix)
    return icon


def kind_icon(kind: str) -> QIcon:
    """A small lettered badge per resource kind (B book, C course, V video…), palette-aware."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return _kind_icon(kind, window.lightness() < 128)
