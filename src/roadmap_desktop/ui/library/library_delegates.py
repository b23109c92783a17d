"""Editors drawn inside the library table: clickable star ratings and a status chooser."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPalette
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
        fm = QFontMetrics(opt.font)
        for i, star in enumerate(star_rects(opt.rect, fm)):
            painter.setPen(STAR_GOLD if i < rating else empty)
            painter.drawText(
                star,
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                "★" if i < rating else "☆",
            )
        painter.restore()

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
