"""Baseline for startup: a bare PySide6 window that reports its first frame like `--smoke` does."""

import json
import sys
import time

_T = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402

sys.path.insert(0, sys.argv[1]) if len(sys.argv) > 1 else None
from roadmap_desktop.startup_clock import since_start_ms  # noqa: E402


class FirstPaint(QObject):
    """Prints the time of the first paint and quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(json.dumps({"first_frame_ms": round(since_start_ms(), 1)}), flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
