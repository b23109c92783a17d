"""Paints palette rows: group headers, titles with matched words marked, snippets, places."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from roadmap_desktop.ui.palette.palette_model import ROW_ROLE, PaletteRow, Segment
from roadmap_desktop.ui.widgets.theme import muted

PAD = 10
GAP = 3


class PaletteDelegate(QStyledItemDelegate):
    """Two lines for a found item (title and place, then the snippet), one for a command."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        row: PaletteRow | None = index.data(ROW_ROLE)
        line = QFontMetrics(option.font).height()
        if row is None or row.kind == "header":
            return QSize(200, line + 2 * GAP + 4)
        if row.kind == "hit" and row.detail:
            return QSize(200, 2 * line + 3 * GAP + 6)
        return QSize(200, line + 2 * GAP + 8)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row: PaletteRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        pal: QPalette = option.palette
        rect: QRect = option.rect
        painter.save()
        font = QFont(option.font)
        if row.kind == "header":
            small = QFont(font)
            small.setBold(True)
            small.setPointSizeF(font.pointSizeF() * 0.85)
            painter.setFont(small)
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                rect.adjusted(PAD, GAP + 2, -PAD, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                row.text.upper(),
            )
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, muted(pal.color(QPalette.ColorRole.Highlight), pal, 0.35))
        text = pal.color(QPalette.ColorRole.Text)
        accent = pal.color(QPalette.ColorRole.Link)
        quiet = pal.color(QPalette.ColorRole.PlaceholderText)
        fm = QFontMetrics(font)
        line = fm.height()
        top = rect.top() + GAP + (3 if row.kind == "hit" and row.detail else 4)
        right_text = row.shortcut if row.kind == "command" else row.location
        right_width = 0
        if right_text:
            small = QFont(font)
            small.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(small)
            sfm = QFontMetrics(small)
            room = max(0, rect.width() // 2 - PAD)
            shown = sfm.elidedText(right_text, Qt.TextElideMode.ElideLeft, room)
            right_width = sfm.horizontalAdvance(shown) + PAD
            painter.setPen(quiet)
            painter.drawText(
                QRect(rect.right() - right_width, top, right_width - PAD // 2, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
        left = rect.left() + PAD
        width = rect.width() - 2 * PAD - right_width
        draw_segments(painter, font, row.title, left, top, width, line, text, accent)
        if row.kind == "hit" and row.detail:
            draw_segments(
                painter,
                font,
                row.detail,
                left + PAD,
                top + line + GAP,
                width + right_width - PAD,
                line,
                quiet,
                text,
            )
        painter.restore()


def draw_segments(
    painter: QPainter,
    font: QFont,
    segments: Sequence[Segment],
    x: int,
    y: int,
    width: int,
    height: int,
    plain: QColor,
    matched: QColor,
) -> None:
    """Draw text segments in one line, matched ones bold in the accent colour, eliding at the
    end of width."""
    bold = QFont(font)
    bold.setBold(True)
    metrics = {False: QFontMetrics(font), True: QFontMetrics(bold)}
    end = x + width
    for text, is_match in segments:
        if x >= end:
            break
        face = bold if is_match else font
        fm = metrics[is_match]
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, end - x)
        painter.setFont(face)
        painter.setPen(matched if is_match else plain)
        painter.drawText(
            QRect(x, y, end - x, height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            shown,
        )
        x += fm.horizontalAdvance(shown)
        if shown != text:
            break
