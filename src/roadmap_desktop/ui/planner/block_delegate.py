"""Paints a plan block as a small card: phase colour, title, minutes and time, done tick."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.ui.planner.week_model import ROLE_BLOCK, minutes_text
from roadmap_desktop.ui.widgets.icons import paint_status
from roadmap_desktop.ui.widgets.theme import muted, phase_color, status_color

_Index = QModelIndex | QPersistentModelIndex


class BlockDelegate(QStyledItemDelegate):
    """Two lines per block; the left strip has the phase's colour (grey for free blocks)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(option.rect.width() or 120, fm.height() * 3 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        block = index.data(ROLE_BLOCK)
        if block is None:
            return super().paint(painter, option, index)
        pal = option.palette
        rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = (
            phase_color(block.phase_index, pal)
            if block.phase_index is not None
            else pal.color(QPalette.ColorRole.Mid)
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QPainterPath()
        card.addRoundedRect(rect, 5, 5)
        painter.fillPath(card, muted(color, pal, 0.16))
        painter.setPen(
            QPen(pal.color(QPalette.ColorRole.Highlight), 2)
            if selected
            else QPen(muted(color, pal, 0.45), 1)
        )
        painter.drawPath(card)
        painter.setClipPath(card)
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), color)
        painter.setClipping(False)
        fm = QFontMetrics(option.font)
        text_left = rect.left() + 10
        tick = 14
        right = rect.right() - (tick + 8 if block.done else 6)
        title_font = QFont(option.font)
        title_font.setBold(True)
        title_font.setStrikeOut(False)
        painter.setFont(title_font)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        title_fm = QFontMetrics(title_font)
        lines = title_lines(block.title, title_fm, int(right - text_left))
        title_rect = QRectF(text_left, rect.top() + 4, right - text_left, fm.height())
        for number, line in enumerate(lines):
            painter.drawText(
                title_rect.translated(0, number * fm.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )
        title_rect.setBottom(title_rect.top() + 2 * fm.height())
        painter.setFont(option.font)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        detail = minutes_text(block.minutes)
        if block.start_time:
            detail = f"{block.start_time:%H:%M} · {detail}"
        if block.auto and fm.horizontalAdvance(detail + " · auto") <= right - text_left:
            detail += " · auto"
        painter.drawText(
            QRectF(text_left, title_rect.bottom() + 2, right - text_left, fm.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(detail, Qt.TextElideMode.ElideRight, int(right - text_left)),
        )
        if block.done:
            done = StepStatus.DONE
            paint_status(
                painter,
                QRectF(rect.right() - tick - 5, rect.top() + 5, tick, tick),
                done,
                status_color(done, pal),
            )
        painter.restore()


def title_lines(title: str, fm: QFontMetrics, width: int) -> list[str]:
    """A block title on at most two lines: whole words on the first, the rest elided on the
    second (the full title is in the block's tooltip)."""
    words = title.split()
    first = ""
    while words and fm.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word: break it by eliding across both lines
        return [fm.elidedText(title, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    if not rest:
        return [first]
    return [first, fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
