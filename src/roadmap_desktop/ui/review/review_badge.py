"""The due-count badge on the Review rail entry: a small count painted over its icon."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette

from roadmap_desktop.ui.rail import rail_icon


def badge_icon(name: str, count: int) -> QIcon:
    """The rail icon `name` with `count` in a highlight-coloured pill (no pill for 0)."""
    palette = QGuiApplication.palette()
    base = rail_icon(name, palette.color(QPalette.ColorRole.WindowText))
    if count <= 0:
        return base
    text = str(count) if count < 1000 else "999+"
    icon = QIcon()
    for size in (24, 32):
        pix = base.pixmap(size, size, QIcon.Mode.Normal).copy()
        pix = pix.scaled(size * 2, size * 2) if pix.width() < size * 2 else pix
        pix.setDevicePixelRatio(2.0)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setPixelSize(max(8, size // 3))
        font.setBold(True)
        painter.setFont(font)
        width = max(size * 0.5, painter.fontMetrics().horizontalAdvance(text) + 6)
        height = size * 0.45
        pill = QRectF(size - width, 0, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        icon.addPixmap(pix)
    return icon


def set_badge(rail: Any, index: int, count: int) -> None:
    """Badge the rail button at index with count, and say it in its tooltip and name."""
    if rail is None:
        return
    button = rail.group.button(index)
    if button is None:
        return
    button.setIcon(badge_icon(rail.names[index], count))
    button.setToolTip(f"Review (Ctrl+4) — {count} due" if count else "Review (Ctrl+4)")
    button.setAccessibleName(f"Review page, {count} cards due" if count else "Review page")
    button.setProperty("due_count", count)
