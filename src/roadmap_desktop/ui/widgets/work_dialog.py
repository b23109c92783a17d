"""Run Qt-free long work off the GUI thread; a progress dialog appears if it takes a while.

`run_with_progress(parent, work)` calls `work(progress)` on a worker thread and waits for it in a
local event loop, so the window keeps painting and the caller still gets the result (or the
exception) back in line. The core/work_progress callback it hands over is called on the worker
and relayed through a queued signal; nothing calls processEvents. Until the work ends, input to
every other window is held back (a click on an open menu must not start a second action against
a database that is being upgraded), and after `show_after_ms` the dialog shows what is done:
"Preparing search… 40 %".
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop import APP_NAME
from roadmap_desktop.core.work_progress import SHOW_AFTER_S, Progress

T = TypeVar("T")
SHOW_AFTER_MS = int(SHOW_AFTER_S * 1000)

_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Close,
    }
)


class WorkDialog(QDialog):
    """What long work is doing, with a bar: measured parts fill it, the rest keep it busy."""

    def __init__(self, parent: QWidget | None = None, hint: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(380)
        self.running = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(10)
        self.label = QLabel(self.tr("Working…"))
        self.label.setAccessibleName(self.tr("What is being done"))
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(self.tr("Progress"))
        layout.addWidget(self.bar)
        self.hint = QLabel(hint)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)

    def set_progress(self, what: str, fraction: float | None) -> None:
        """Show a stage: "Preparing search… 40 %", or "Upgrading your database…" (busy)."""
        if fraction is None:
            self.label.setText(f"{what}…")
            self.bar.setRange(0, 0)
            return
        percent = max(0, min(100, int(fraction * 100)))
        self.label.setText(f"{what}… {percent} %")
        self.bar.setRange(0, 100)
        self.bar.setValue(percent)

    def showEvent(self, event: Any) -> None:
        # Over the middle of the window's content, where its "Opening your study data…" sits.
        parent = self.parentWidget()
        central = parent.centralWidget() if isinstance(parent, QMainWindow) else None
        if central is not None:
            self.adjustSize()
            middle = central.mapToGlobal(central.rect().center())
            self.move(middle - self.rect().center())
        super().showEvent(event)

    def reject(self) -> None:
        # Esc: the work cannot be left half done, so the dialog stays until it ends.
        if not self.running:
            super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.running:
            event.ignore()
        else:
            super().closeEvent(event)


class _Relay(QObject):
    """Lives on the GUI thread; the worker's emits arrive queued."""

    progressed = Signal(str, object)
    finished = Signal()


class _HoldInput(QObject):
    """Swallows input from the user to every window but the dialog while the work runs."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__()
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _INPUT or not event.spontaneous():
            return False
        return not (isinstance(watched, QWidget) and watched.window() is self.dialog)


def run_with_progress(
    parent: QWidget | None,
    work: Callable[[Progress], T],
    *,
    show_after_ms: int = SHOW_AFTER_MS,
    hint: str = "",
) -> T:
    """Run `work(progress)` on a worker thread and return what it returns (or raise what it
    raised), showing a WorkDialog (with `hint` under its bar) over parent (by default the
    active window) once it has run for show_after_ms."""
    app = QApplication.instance()
    parent = parent or QApplication.activeWindow()
    relay = _Relay()
    dialog = WorkDialog(parent, hint)
    relay.progressed.connect(dialog.set_progress)
    outcome: dict[str, Any] = {}

    def job() -> None:
        try:
            outcome["value"] = work(relay.progressed.emit)
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome["error"] = exc
        finally:
            relay.finished.emit()

    loop = QEventLoop()
    relay.finished.connect(loop.quit)
    timer = QTimer(singleShot=True, interval=max(0, show_after_ms))
    timer.timeout.connect(dialog.show)
    hold = _HoldInput(dialog)
    if app is not None:
        app.installEventFilter(hold)
    worker = threading.Thread(target=job, name="roadmap-work", daemon=True)
    active = QApplication.activeWindow()
    try:
        timer.start()
        worker.start()
        loop.exec()
        # The loop also ends when the application quits: the work still finishes first.
        worker.join()
    finally:
        timer.stop()
        if app is not None:
            app.removeEventFilter(hold)
        dialog.running = False
        shown = dialog.isVisible()
        dialog.hide()
        dialog.deleteLater()
        if shown and active is not None and active.isVisible():
            active.activateWindow()  # not every platform gives the focus back by itself
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
