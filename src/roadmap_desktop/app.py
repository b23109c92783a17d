"""GUI startup, in this order (each step logged):

1. Parse arguments (cli.py). Logging is set up after the first frame; what is logged before
   waits and is written to the data folder's log then.
2. Create the QApplication (Fusion, from its arguments) and set the light or dark palette;
   the check-box style (ui/widgets/check_style.py) is installed after the first frame.
3. Prepare the data folder and take the single-instance lock (QLockFile).
4. Build and show the main window shell — the first frame, before any heavy import.
5. After the first paint: start the integrity check on a thread of its own
   (core/quick_check.py), open the database on a worker thread (with sqlite3 alone when it is
   current; upgrading it or loading changed bundled roadmaps imports SQLAlchemy, and one that
   takes longer than half a second shows its progress over the window: ui/store_opening.py),
   attach the Roadmap page and show the data, still without SQLAlchemy (`MainWindow.attach`),
   then copy today's backup on another thread (ui/daily_backup.py; quitting waits for it).
6. After the first view: SQLAlchemy and the write services are imported on a thread, then
   the due-card count, the other pages' menus and the study timer are built, one per turn of
   the event loop (ui/later_parts.py); the other pages are built on first use.

`--smoke` runs exactly this against the given (or a temporary) data folder, prints one JSON line
with `first_frame_ms`, `data_ready_ms` (the Roadmap page holds the data) and `settled_ms` (what
follows the first view is built), and exits non-zero on any error, including exceptions
raised inside Qt callbacks, or when no frame appears within 15 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QLockFile, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from roadmap_desktop import APP_ID, APP_NAME, __version__
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.paths import DB_FILENAME, default_data_dir, prepare_data_dir
from roadmap_desktop.qt_import_cost import skip_source_scan
from roadmap_desktop.startup_clock import since_start_ms

SMOKE_TIMEOUT_MS = 15_000


class _FirstPaint(QObject):
    """Calls back once, right after the window's first paint event."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.callback)
        return False


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


INFO, ERROR = 20, 40  # logging.INFO and logging.ERROR, without importing logging
# `logging` costs ~10 ms to import, so it waits for the first frame; what is logged before
# that waits here and is written once logging starts (`_start_logging`).
_EARLY: list[tuple[float, int, str, tuple[object, ...]]] = []
_STARTED: list[bool] = []


def _log(level: int, message: str, *args: object) -> None:
    """Log through `logging` once it has started; until then keep the record."""
    if _STARTED:
        import logging

        logging.getLogger("roadmap_desktop").log(level, message, *args)
    else:
        _EARLY.append((time.time(), level, message, args))


def _start_logging(data_dir: Path | None) -> None:
    """Warnings to stderr, and (with data_dir) everything to the rotating log file in
    data_dir/logs; then write what was logged before. Called once with the data folder after
    the first frame; earlier, without it, only when something fails."""
    import logging

    if not _STARTED:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        logging.basicConfig(level=logging.INFO, handlers=[handler], format=LOG_FORMAT)
    if data_dir is not None:
        _log_to_file(data_dir)
    if not _STARTED:
        _STARTED.append(True)
        logger = logging.getLogger("roadmap_desktop")
        for created, level, message, args in _EARLY:  # with the time each was logged
            record = logger.makeRecord(logger.name, level, __file__, 0, message, args, None)
            record.created, record.msecs = created, (created % 1) * 1000
            logger.handle(record)
        _EARLY.clear()


def _log_to_file(data_dir: Path) -> Path | None:
    """Add the rotating log file in data_dir/logs."""
    import logging
    from logging.handlers import RotatingFileHandler

    log_file = data_dir / "logs" / "roadmap-desktop.log"
    try:
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.getLogger().addHandler(handler)
    return log_file


def run_gui(args: argparse.Namespace) -> int:
    """Start the window; returns the process exit code."""
    skip_source_scan()  # before SQLAlchemy, Markdown and the pages are imported
    smoke = bool(args.smoke)
    temp_dir = None
    data_dir = getattr(args, "data_dir", None)
    if data_dir is None and smoke:
        import tempfile

        temp_dir = tempfile.TemporaryDirectory(prefix="roadmap-smoke-")
        data_dir = Path(temp_dir.name)
    data_dir = data_dir or default_data_dir()

    errors: list[str] = []

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        import traceback

        text = "".join(traceback.format_exception(kind, exc, tb))
        errors.append(text)
        _start_logging(None)
        _log(ERROR, "unhandled exception:\n%s", text)
        if smoke:
            QApplication.exit(3)
        elif QApplication.instance() is not None and isinstance(exc, UserFacingError):
            # Machine trouble met outside AppContext.apply (a view re-reading a locked
            # database): explain it as such, not as a bug.
            QMessageBox.warning(None, APP_NAME, str(exc))
        elif QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                APP_NAME,
                f"An unexpected error occurred:\n\n{exc}\n\n"
                "Your data is safe. Details are in the log file.",
            )

    sys.excepthook = excepthook
    # Fusion from the arguments: the style is made in C++ without PySide6 building its QStyle
    # type (~10 ms) before the first frame; the check-box style replaces it after that frame.
    app = QApplication.instance() or QApplication([*sys.argv[:1], "-style", "Fusion"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("RoadmapDesktop")
    app.setDesktopFileName(APP_ID)

    try:
        data_dir = prepare_data_dir(data_dir)
    except UserFacingError as exc:
        _start_logging(None)
        return _fatal(str(exc), smoke)
    _log(INFO, "starting %s %s with data folder %s", APP_NAME, __version__, data_dir)

    from roadmap_desktop.settings import Settings
    from roadmap_desktop.ui.main_window import MainWindow
    from roadmap_desktop.ui.widgets.theme import apply_theme

    settings = Settings(data_dir)
    apply_theme(app, args.theme or settings.theme, style=False)

    lock = QLockFile(str(data_dir / "roadmap-desktop.lock"))
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        return _fatal(
            f"{APP_NAME} is already running with the data folder {data_dir}.\n"
            "Switch to that window, or close it first.",
            smoke,
        )

    window = MainWindow()
    # Follow the system when it switches between light and dark while the app runs.
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: (
            window.set_theme("system") if settings.theme == "system" and not args.theme else None
        )
    )
    timings: dict[str, float] = {}
    loaded: dict[str, bool] = {}
    context_holder: list[object] = []
    backup_jobs: list[object] = []  # today's backup (ui/daily_backup.py), waited for at quit

    def load_data() -> None:
        timings["first_frame_ms"] = since_start_ms()
        from roadmap_desktop.ui.widgets.icons import app_icon
        from roadmap_desktop.ui.widgets.theme import use_check_style

        use_check_style(app)  # before any check box is built (the pages come next)
        app.setWindowIcon(app_icon())
        _start_logging(data_dir)
        _log(INFO, "first frame after %.0f ms", timings["first_frame_ms"])
        open_data()

    def open_data() -> None:
        from roadmap_desktop.core.errors import DamagedDatabaseError
        from roadmap_desktop.core.quick_check import QuickCheck

        # The integrity check reads the whole file; it runs on the other core while
        # SQLAlchemy and the pages are imported below.
        early = QuickCheck.start(data_dir / DB_FILENAME)
        try:
            from roadmap_desktop.ui.context import AppContext
            from roadmap_desktop.ui.store_opening import open_store_with_progress

            # Off the GUI thread: upgrading a big database (building its search index) takes
            # seconds, shown in a progress dialog over the window.
            store = open_store_with_progress(window, data_dir, early=early)
            ctx = AppContext(store.db, store.data_dir, settings)
            context_holder.append(ctx)
            if smoke:  # nobody can answer the window's message box: report it and stop
                ctx.error.connect(lambda message: QApplication.exit(_fatal(message, smoke)))
            window.attach(ctx, welcome=not smoke)
            from roadmap_desktop.ui.daily_backup import DailyBackupJob

            if not store.created:
                backup_job = DailyBackupJob(store.db.path, store.backups_dir, window)
                backup_job.failed.connect(lambda text: window.statusBar().showMessage(text, 30_000))
                backup_job.start()
                backup_jobs.append(backup_job)
        except DamagedDatabaseError as exc:
            # The same list as File ▸ Restore From Automatic Backup…; open again once restored.
            if _dialogs_allowed(smoke):
                from roadmap_desktop.ui.restore_dialog import offer_restore

                _log(ERROR, "%s", exc)
                if offer_restore(window, data_dir, str(exc)):
                    QTimer.singleShot(0, open_data)
                    return
            QApplication.exit(_fatal(str(exc), smoke))
            return
        except UserFacingError as exc:
            code = _fatal(str(exc), smoke)
            QApplication.exit(code)
            return
        timings["data_ready_ms"] = since_start_ms()
        # Whether showing the data needed SQLAlchemy (~300 ms): an existing, current database
        # is read with sqlite3 alone (core/db.Database.raw_reading); --smoke reports it.
        loaded["sqlalchemy_at_data_ready"] = "sqlalchemy" in sys.modules
        _log(INFO, "data ready after %.0f ms", timings["data_ready_ms"])
        # The other pages follow the first view (MainWindow.attach); a smoke run waits for them.
        if window.is_settled:
            settled()
        else:
            window.settled.connect(settled)

    def settled() -> None:
        timings["settled_ms"] = since_start_ms()
        _log(INFO, "settled after %.0f ms", timings["settled_ms"])
        if smoke:
            QTimer.singleShot(0, finish_smoke)

    def finish_smoke() -> None:
        window.save_state()
        import json

        print(
            json.dumps(
                {
                    "first_frame_ms": round(timings["first_frame_ms"], 1),
                    "data_ready_ms": round(timings["data_ready_ms"], 1),
                    "settled_ms": round(timings["settled_ms"], 1),
                    **loaded,
                    "version": __version__,
                }
            ),
            flush=True,
        )
        QApplication.exit(3 if errors else 0)

    def smoke_timeout() -> None:
        print("roadmap-desktop: no frame within 15 s", file=sys.stderr)
        QApplication.exit(4)

    watcher = _FirstPaint(load_data)
    window.installEventFilter(watcher)
    if smoke:
        QTimer.singleShot(SMOKE_TIMEOUT_MS, smoke_timeout)
    window.show()
    code = app.exec()
    window.removeEventFilter(watcher)
    for job in backup_jobs:
        job.wait()  # type: ignore[attr-defined]
    if context_holder:
        context_holder[0].db.close()  # type: ignore[attr-defined]
    lock.unlock()
    if errors and code == 0:
        code = 3
    if temp_dir is not None:
        temp_dir.cleanup()
    return code


def _fatal(message: str, smoke: bool) -> int:
    """Explain a problem the learner must fix; stderr always, a dialog unless headless."""
    print(f"roadmap-desktop: {message}", file=sys.stderr)
    _log(ERROR, "%s", message)
    if _dialogs_allowed(smoke):
        QMessageBox.critical(None, APP_NAME, message)
    return 2


def _dialogs_allowed(smoke: bool) -> bool:
    """Modal dialogs only when someone can answer them (not --smoke, not headless)."""
    return not smoke and os.environ.get("QT_QPA_PLATFORM") != "offscreen"
