"""The left rail that switches pages, with simple line icons painted from the palette."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QButtonGroup, QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget

Painter = Callable[[QPainter, QRectF], None]


def _roadmap_glyph(p: QPainter, r: QRectF) -> None:
    h = r.height() / 5
    for i, (start, length) in enumerate(((0.0, 0.45), (0.3, 0.4), (0.55, 0.45))):
        y = r.top() + h * (1 + i * 1.3)
        p.drawRoundedRect(
            QRectF(r.left() + r.width() * start, y, r.width() * length, h * 0.9), 2, 2
        )


def _library_glyph(p: QPainter, r: QRectF) -> None:
    w = r.width() / 6
    for i in range(3):
        p.drawRect(
            QRectF(r.left() + w * (0.5 + i * 1.4), r.top() + r.height() * 0.15, w, r.height() * 0.7)
        )
    p.save()
    p.translate(r.left() + w * 4.9, r.top() + r.height() * 0.2)
    p.rotate(-15)
    p.drawRect(QRectF(0, 0, w, r.height() * 0.68))
    p.restore()


def _planner_glyph(p: QPainter, r: QRectF) -> None:
    box = r.adjusted(r.width() * 0.1, r.height() * 0.15, -r.width() * 0.1, -r.height() * 0.1)
    p.drawRoundedRect(box, 3, 3)
    p.drawLine(
        QPointF(box.left(), box.top() + box.height() * 0.28),
        QPointF(box.right(), box.top() + box.height() * 0.28),
    )
    for i in range(3):
        for j in range(2):
            cx = box.left() + box.width() * (0.25 + i * 0.25)
            cy = box.top() + box.height() * (0.52 + j * 0.24)
            p.drawPoint(QPointF(cx, cy))


def _review_glyph(p: QPainter, r: QRectF) -> None:
    # A card with a tick, and the outline of a second card behind it.
    front = QRectF(
        r.left() + r.width() * 0.06, r.top() + r.height() * 0.34, r.width() * 0.7, r.height() * 0.56
    )
    p.drawRoundedRect(front, 2, 2)
    left, top = front.left() + r.width() * 0.16, front.top() - r.height() * 0.2
    right, bottom = front.right() + r.width() * 0.16, front.bottom() - r.height() * 0.2
    p.drawPolyline(
        [
            QPointF(left, front.top()),
            QPointF(left, top),
            QPointF(right, top),
            QPointF(right, bottom),
            QPointF(front.right(), bottom),
        ]
    )
    p.drawPolyline(
        [
            QPointF(front.left() + front.width() * 0.28, front.center().y()),
            QPointF(front.left() + front.width() * 0.45, front.bottom() - front.height() * 0.25),
            QPointF(front.right() - front.width() * 0.22, front.top() + front.height() * 0.25),
        ]
    )


def _stats_glyph(p: QPainter, r: QRectF) -> None:
    base = r.top() + r.height() * 0.88
    p.drawLine(QPointF(r.left() + r.width() * 0.08, base), QPointF(r.right(), base))
    for i, height in enumerate((0.35, 0.6, 0.45, 0.78)):
        x = r.left() + r.width() * (0.16 + i * 0.21)
        p.drawRoundedRect(
            QRectF(x, base - r.height() * height, r.width() * 0.13, r.height() * height - 2), 1, 1
        )


GLYPHS: dict[str, Painter] = {
    "roadmap": _roadmap_glyph,
    "library": _library_glyph,
    "planner": _planner_glyph,
    "review": _review_glyph,
    "stats": _stats_glyph,
}


def rail_icon(name: str, color: QColor) -> QIcon:
    """A 24 px line icon in the given colour."""
    icon = QIcon()
    for size in (24, 32):
        pix = QPixmap(size * 2, size * 2)
        pix.setDevicePixelRatio(2.0)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        GLYPHS[name](painter, QRectF(2, 2, size - 4, size - 4))
        painter.end()
        icon.addPixmap(pix)
    return icon


class Rail(QFrame):
    """A column of checkable page buttons; emits the chosen page index."""

    page_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rail")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.page_chosen)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(6, 8, 6, 8)
        self.layout_.setSpacing(4)
        self.layout_.addStretch(1)
        self.names: list[str] = []

    def add_page(self, name: str, label: str, tooltip: str) -> QToolButton:
        """Add a button for the next page."""
        button = QToolButton()
        button.setText(label)
        button.setToolTip(tooltip)
        button.setAccessibleName(f"{label} page")
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIconSize(QSize(24, 24))
        button.setFixedWidth(72)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.group.addButton(button, len(self.names))
        self.layout_.insertWidget(len(self.names), button)
        self.names.append(name)
        self.refresh_icons()
        return button

    def set_current(self, index: int) -> None:
        """Check the button of page index."""
        button = self.group.button(index)
        if button is not None:
            button.setChecked(True)

    def refresh_icons(self) -> None:
        """Repaint the icons in the current palette's text colour."""
        color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
        for index, name in enumerate(self.names):
            self.group.button(index).setIcon(rail_icon(name, color))
