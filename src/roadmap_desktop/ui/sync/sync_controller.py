"""When the window syncs: at start, shortly after local changes, when the folder changes, on a
timer and at quit — one round at a time, off the GUI thread, with a status line for the bar.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QRunnable, QThreadPool, QTimer, Signal

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from roadmap_desktop.services.sync import SyncReport

log = logging.getLogger(__name__)


AFTER_CHANGE_MS = 3_000  # a few seconds after the last local change
AFTER_FOLDER_MS = 400  # let a sync tool finish writing a burst of files
PERIODIC_MS = 60_000  # a watcher can miss events (network folders, sleep)
QUIT_WAIT_MS = 10_000


class _Signals(QObject):
    finished = Signal(object)  # SyncReport
    failed = Signal(str)


class _Round(QRunnable):
    """One sync round on a worker thread."""

    def __init__(self, ctx: AppContext, folder: Path, own: str | None) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.ctx, self.folder, self.own = ctx, folder, own
        self.signals = _Signals()
        # The other computers' files as the round found them (taken before it reads them, so
        # a file arriving during the round still wakes the next one).
        self.seen: tuple[object, ...] | None = None

    def run(self) -> None:
        from roadmap_desktop.services import sync as sync_service  # when a folder is used

        try:
            own = self.own or sync_service.device_info(self.ctx.db)[0]
            self.seen = sync_service.others_fingerprint(self.folder, own)
            report = sync_service.sync_round(self.ctx.db, self.folder)
        except UserFacingError as exc:
            self.signals.failed.emit(str(exc))
        except OSError as exc:
            self.signals.failed.emit(f"The sync folder cannot be used: {exc}")
        except Exception as exc:  # a bug must not kill the worker silently
            log.exception("sync round failed")
            self.signals.failed.emit(f"Sync stopped by an unexpected error: {exc}")
        else:
            self.signals.finished.emit(report)


class SyncController(QObject):
    """Runs sync rounds for the window and says how syncing is going."""

    started = Signal()
    finished = Signal(object)  # SyncReport of a round that ran here
    failed = Signal(str)
    status_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._running: _Round | None = None
        self._again = False
        self._active = False
        self._closed = False  # the window closed: no round starts again
        self._announcing = False
        self.last_report: SyncReport | None = None
        self.last_success: float | None = None  # time.time() of the last good round
        self.problem = ""
        self._after_change = QTimer(self, singleShot=True, interval=AFTER_CHANGE_MS)
        self._after_change.timeout.connect(self.sync_now)
        self._after_folder = QTimer(self, singleShot=True, interval=AFTER_FOLDER_MS)
        self._after_folder.timeout.connect(self._folder_settled)
        self._seen: tuple[object, ...] | None = None  # see _Round.seen
        self._periodic = QTimer(self, interval=PERIODIC_MS)
        self._periodic.timeout.connect(self.sync_now)
        self._ticker = QTimer(self, interval=30_000)  # "2 min ago" moves on
        self._ticker.timeout.connect(self.status_changed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self.watcher.fileChanged.connect(self._folder_changed)
        ctx.changed.connect(self._local_change)

    # --- state ---------------------------------------------------------------------------

    def folder(self) -> Path | None:
        """The folder this computer syncs through, if any."""
        chosen = self.ctx.settings.sync_folder
        return Path(chosen) if chosen else None

    def _own_device(self) -> str | None:
        """This computer's device id, once a round has told it."""
        return self.last_report.device if self.last_report else None

    def is_running(self) -> bool:
        """Whether a round is under way."""
        return self._running is not None

    def status_text(self) -> str:
        """One line for the status bar ("" when this computer does not sync)."""
        if self.folder() is None:
            return ""
        if self._running is not None and self.last_success is None:
            return "Syncing…"
        if self.problem:
            return "Sync problem — see File ▸ Sync Folder…"
        if self.last_success is None:
            return "Sync starting…"
        ago = _ago(time.time() - self.last_success)
        computers = len(self.last_report.devices) if self.last_report else 1
        noun = "computer" if computers == 1 else "computers"
        return f"Synced {ago} · {computers} {noun}"

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Begin syncing if a folder is set: a round now, then on changes and on a timer."""
        if self.folder() is None or self._closed or self._active:
            return
        self._active = True
        self._periodic.start()
        self._ticker.start()
        self._watch()
        self.sync_now()

    def use_folder(self, folder: Path) -> None:
        """Sync through this folder from now on (checked first; UserFacingError if unusable)."""
        from roadmap_desktop.services import sync as sync_service  # when a folder is used

        folder = sync_service.prepare_folder(folder)
        self.ctx.settings.sync_folder = str(folder)
        self.ctx.settings.sync()
        self.problem = ""
        self.last_success = None
        self.last_report = None
        self._active = False  # (re)start on this folder: watch it instead of the old one
        self._unwatch()
        self.start()

    def stop_syncing(self) -> None:
        """Leave the folder on this computer (the others stop waiting for it)."""
        from roadmap_desktop.services import sync as sync_service  # when a folder is used

        folder = self.folder()
        self.wait()
        if folder is not None:
            sync_service.stop_syncing(self.ctx.db, folder)
        self.ctx.settings.sync_folder = ""
        self.ctx.settings.sync()
        self._active = False
        for timer in (self._after_change, self._after_folder, self._periodic, self._ticker):
            timer.stop()
        self._unwatch()
        self.problem = ""
        self.last_success = None
        self.last_report = None
        self.status_changed.emit()

    def wait(self, timeout_ms: int = QUIT_WAIT_MS) -> None:
        """Wait for a round under way to end (its report is delivered later, as usual)."""
        self.pool.waitForDone(timeout_ms)

    def finish_at_quit(self) -> None:
        """The last round before the window closes, on this thread: what was typed last is
        in the folder before the computer is switched off."""
        folder = self.folder()
        self._active = False  # nothing starts another round after this one
        self._closed = True
        for timer in (self._after_change, self._after_folder, self._periodic, self._ticker):
            timer.stop()
        self._unwatch()
        self.wait()
        if folder is None:
            return
        from roadmap_desktop.services import sync as sync_service  # when a folder is used

        self.ctx.flush_pending()
        try:
            sync_service.sync_round(self.ctx.db, folder)
        except (UserFacingError, OSError) as exc:
            log.warning("sync at quit did not run: %s", exc)

    # --- rounds --------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Run a round now (or right after the one under way)."""
        folder = self.folder()
        if folder is None or not self._active:
            return
        if self._running is not None:
            self._again = True
            return
        self._after_change.stop()
        self._after_folder.stop()
        self.ctx.flush_pending()  # the note being typed goes with this round
        job = _Round(self.ctx, folder, self._own_device())
        job.signals.finished.connect(self._round_finished)
        job.signals.failed.connect(self._round_failed)
        self._running = job
        self.started.emit()
        self.status_changed.emit()
        self.pool.start(job)

    def _round_finished(self, report: SyncReport) -> None:
        if self._running is not None:
            self._seen = self._running.seen
        self._running = None
        self.last_report = report
        self.last_success = time.time()
        self.problem = "\n".join(report.problems)
        if report.change.kinds:
            self._announce(report.change)
        if self._active:
            self._watch()  # a new computer brings a new journal folder
        self.finished.emit(report)
        self.status_changed.emit()
        self._next()

    def _round_failed(self, message: str) -> None:
        self._running = None
        self.problem = message
        self.failed.emit(message)
        self.status_changed.emit()
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.sync_now)

    def _announce(self, change: ChangeSet) -> None:
        self._announcing = True
        try:
            self.ctx.changed.emit(change)
        finally:
            self._announcing = False

    def _local_change(self, _change: ChangeSet) -> None:
        if self._active and not self._announcing:
            self._after_change.start()

    def _folder_changed(self, _path: str) -> None:
        if self._active and not self._after_folder.isActive():
            self._after_folder.start()

    def _folder_settled(self) -> None:
        """The folder changed a moment ago: a round if another computer put something new
        there (this computer's own writes wake the watcher too, and must not loop)."""
        from roadmap_desktop.services import sync as sync_service  # when a folder is used

        folder = self.folder()
        if folder is None or not self._active:
            return
        if self._running is not None:
            self._after_folder.start()  # look again when this round is over
            return
        own = self._own_device()
        if own is not None and self._seen == sync_service.others_fingerprint(folder, own):
            return
        self.sync_now()

    # --- watching the folder -------------------------------------------------------------

    def _watch(self) -> None:
        folder = self.folder()
        if folder is None or not folder.is_dir():
            return
        wanted = [str(folder)]
        devices = folder / "devices"
        own = self._own_device()
        if devices.is_dir():
            wanted.append(str(devices))
            for device in devices.iterdir():
                if device.name == own:
                    continue  # this computer's own writes must not wake it again
                journal_dir = device / "journal"
                if journal_dir.is_dir():
                    wanted.append(str(journal_dir))
        have = set(self.watcher.directories())
        missing = [path for path in wanted if path not in have]
        if missing:
            self.watcher.addPaths(missing)
        extra = sorted(have - set(wanted))
        if extra:
            self.watcher.removePaths(extra)

    def _unwatch(self) -> None:
        watched = self.watcher.directories() + self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)


def _ago(seconds: float) -> str:
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    return f"{hours // 24} d ago"
