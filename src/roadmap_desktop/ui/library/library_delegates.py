"""Editors drawn inside the library table: clickable star ratings and a status chooser."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPalette,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QComboBox, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from roadmap_desktop.ui.library.library_model import STATUS_LABELS

_Index = QModelIndex | QPersistentModelIndex
STAR_GOLD = QColor("#e0a800")


def star_rects(rect: QRect, fm: QFontMetrics) -> list[QRect]:
    """Where each of the five stars is drawn inside a cell."""
    width = fm.horizontalAdvance("★") + 2
    left = rect.left() + 6
    return [QRect(left + i * width, rect.top(), width, rect.height()) for i in range(5)]


class StarDelegate(QStyledItemDelegate):
    """Paints 0–5 stars; a click on the n-th star sets n (clicking the current rating clears)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._star_cache: dict[str, tuple[QStaticText, QStaticText, float]] = {}
        self._width_cache: dict[str, int] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rating = int(index.data(Qt.ItemDataRole.EditRole) or 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        empty = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.save()
        full_star, empty_star, text_height = self._stars(painter.font())
        width = self._star_width(opt.font)
        # Where drawText(star_rect, AlignVCenter | AlignLeft, "★") puts the glyph; the glyphs
        # are laid out once per font (a table screen has ~250 stars), the pixels are the same.
        rect = opt.rect
        top = rect.top() + (rect.height() - text_height) / 2
        for i in range(5):
            painter.setPen(STAR_GOLD if i < rating else empty)
            painter.drawStaticText(
                QPointF(rect.left() + 6 + i * width, top), full_star if i < rating else empty_star
            )
        painter.restore()

    def _stars(self, font: QFont) -> tuple[QStaticText, QStaticText, float]:
        """The two star glyphs laid out in the painter's font, and that font's text height."""
        key = font.key()
        cached = self._star_cache.get(key)
        if cached is None:
            metrics = QFontMetricsF(font)
            glyphs = []
            for text in ("★", "☆"):
                glyph = QStaticText(text)
                glyph.setTextFormat(Qt.TextFormat.PlainText)
                glyph.prepare(QTransform(), font)
                glyphs.append(glyph)
            cached = (glyphs[0], glyphs[1], metrics.ascent() + metrics.descent())
            self._star_cache[key] = cached
        return cached

    def _star_width(self, font: QFont) -> int:
        """A star's width in the cell's font (as star_rects measures it)."""
        key = font.key()
        width = self._width_cache.get(key)
        if width is None:
            width = self._width_cache[key] = QFontMetrics(font).horizontalAdvance("★") + 2
        return width

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            fm = QFontMetrics(option.font)
            for i, star in enumerate(star_rects(option.rect, fm)):
                if star.contains(event.position().toPoint()):
                    current = int(index.data(Qt.ItemDataRole.EditRole) or 0)
                    value = 0 if current == i + 1 else i + 1
                    model.setData(index, value, Qt.ItemDataRole.EditRole)
                    return True
        return super().editorEvent(event, model, option, index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> Any:
        box = QComboBox(parent)
        for n in range(6):
            box.addItem("★" * n + "☆" * (5 - n), n)
        return box

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the four resource statuses."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> Any:
        box = QComboBox(parent)
        for key, label in STATUS_LABELS.items():
            box.addItem(label, key)
        box.activated.connect(lambda _i: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
