"""What the main window builds after its first view: one part per event-loop turn, once the write
side (SQLAlchemy, the models, the write services) is imported on a thread of its own."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from roadmap_desktop.core.db import Database

# What the Roadmap page's writes (a tick, a status, a note) and the due count built after the
# first view need and the first view does not (it is read with sqlite3 alone): imported beside
# it, which takes ~300 ms. The other pages' services come with them, on first use.
PRELOADED = (
    "sqlalchemy.orm",
    "roadmap_desktop.core.models",
    "roadmap_desktop.services.study",
    "roadmap_desktop.services.review",
)


class LaterParts(QObject):
    """Runs `parts` in order, each in its own turn of the event loop; the first waits for the
    preload thread, which starts in the turn after the first view so it does not slow it.
    `finish()` runs what is left at once. `done` is emitted after the last part."""

    done = Signal()

    def __init__(self, parent: QObject, db: Database, parts: list[Callable[[], object]]) -> None:
        super().__init__(parent)
        self._db = db
        self._parts = parts
        self._preload: threading.Thread | None = None
        QTimer.singleShot(0, self, self._next)

    @property
    def pending(self) -> bool:
        """Some part is not built yet."""
        return bool(self._parts)

    def put_first(self, part: Callable[[], object]) -> None:
        """Run this part before the others."""
        self._parts.insert(0, part)

    def cancel(self) -> None:
        """Build nothing more (the window is closing)."""
        self._parts.clear()

    def finish(self) -> None:
        """Build what is left now (something asked for a page before its turn came)."""
        if not self._parts:
            return
        if self._preload is not None:
            self._preload.join()  # rather than import the same modules beside it
        while self._parts:
            self._parts.pop(0)()
        self.done.emit()

    def _next(self) -> None:
        if not self._parts:
            return
        if self._preload is None:
            self._preload = threading.Thread(target=self._import_write_side, name="preload")
            self._preload.start()
        if self._preload.is_alive():
            QTimer.singleShot(10, self, self._next)
            return
        self._parts.pop(0)()
        if self._parts:
            QTimer.singleShot(0, self, self._next)
        else:
            self.done.emit()

    def _import_write_side(self) -> None:
        """On the preload thread. A write made meanwhile on the GUI thread imports what it
        needs itself and waits for this thread on Python's import locks (the app's modules
        import one another without a cycle, so the two cannot deadlock)."""
        import importlib

        try:
            for name in PRELOADED:
                importlib.import_module(name)
            self._db.engine  # noqa: B018 - made here rather than by the first write
        except Exception:  # the page that imports it again reports what is wrong
            pass
