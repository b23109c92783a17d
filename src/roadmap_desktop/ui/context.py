"""The application context handed to every window: store, settings, undo stack, change signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")


class AppContext(QObject):
    """Everything a view needs; views never hold a database session or poke each other.

    Every write goes through `apply`, which runs one service call (one transaction) and then
    announces what changed through `changed`; each view refreshes itself from that signal.
    """

    changed = Signal(object)  # ChangeSet
    error = Signal(str)  # a message for the learner
    message = Signal(str)  # a short status-bar note ("Exported … to …")
    roadmap_shown = Signal(object)  # the id of the roadmap now on show (or None)
    database_replaced = Signal()  # after a restore: the same path now holds other data

    def __init__(
        self, db: Any, data_dir: Path, settings: Settings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.data_dir = data_dir
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.current_roadmap_id: int | None = None
        self._pending: list[Callable[[], object]] = []
        self.refusals = 0  # how many actions were refused; commands compare it around a call

    def set_current_roadmap(self, roadmap_id: int | None) -> None:
        """Record the roadmap on show, so every page and command acts on the same one."""
        if roadmap_id != self.current_roadmap_id:
            self.current_roadmap_id = roadmap_id
            self.roadmap_shown.emit(roadmap_id)

    def on_flush(self, save: Callable[[], object], owner: QObject | None = None) -> None:
        """Register a saver of unsaved typing (notes, the editor) for `flush_pending`;
        it is forgotten when `owner` is destroyed."""
        self._pending.append(save)
        if owner is not None:
            owner.destroyed.connect(lambda: self.off_flush(save))

    def off_flush(self, save: Callable[[], object]) -> None:
        """Forget a saver registered with `on_flush` (its editor is closing)."""
        if save in self._pending:
            self._pending.remove(save)

    def flush_pending(self) -> None:
        """Save whatever is typed but not yet saved (before exports, switches and quit)."""
        for save in list(self._pending):
            save()

    def apply(self, action: Callable[..., T], *args: Any) -> T | None:
        """Run a service call; announce its ChangeSet; report a UserFacingError and return None.

        Machine trouble (a locked database, a read-only file, a full disk) arrives here as a
        UserFacingError from `Database.transaction`, so it is refused like bad input: the
        transaction was rolled back, nothing is announced and the views stay as they were.
        """
        try:
            result = action(self.db, *args)
        except UserFacingError as exc:
            log.warning("action %s refused: %s", getattr(action, "__name__", action), exc)
            self.refusals += 1
            self.error.emit(str(exc))
            return None
        change = result[-1] if isinstance(result, tuple) else result
        if isinstance(change, ChangeSet) and change.kinds:
            self.changed.emit(change)
        return result

    def read(self, query: Callable[..., T], *args: Any) -> T:
        """Run a read-only service query."""
        return query(self.db, *args)

    def restore_backup(self, backup: Path) -> Any:
        """Replace the database by a verified backup, reopen it and refresh every view.

        A backup of an older version is first upgraded as a copy, on a worker thread with a
        progress dialog when slow (building its search index takes seconds for a big one),
        while the views keep reading the current database. Then this closes the database
        (checkpointing its WAL), lets core/restore.py swap the file (the current one is kept in
        the backups folder), reopens it, clears the undo stack (its commands refer to the data
        that was replaced), and emits `database_replaced` plus a ChangeSet naming every kind.
        Returns the RestoreReport; raises a UserFacingError (database reopened unchanged) when
        the backup is refused.
        """
        import dataclasses
        import shutil
        import tempfile

        from roadmap_desktop.core.db import known_revisions
        from roadmap_desktop.core.restore import upgraded_copy, verify_backup
        from roadmap_desktop.core.schema import SCHEMA_HEAD
        from roadmap_desktop.core.sqlite_errors import machine_errors
        from roadmap_desktop.ui.widgets.work_dialog import run_with_progress

        known = known_revisions()
        if verify_backup(backup, known) == SCHEMA_HEAD:
            report = self._swap_in(backup, known)
        else:
            with machine_errors(self.db.path, files=True):
                work = Path(tempfile.mkdtemp(prefix="restoring-", dir=self.db.path.parent))
            try:
                source = run_with_progress(
                    None,
                    lambda progress: upgraded_copy(backup, work, progress),
                    hint="The backup was made by an older version: a copy of it is brought "
                    "up to date first. Your current data stays as it is until then.",
                )
                report = self._swap_in(source, known)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        self.undo_stack.clear()
        self.database_replaced.emit()
        self.changed.emit(ChangeSet.of(*ChangeKind))
        return dataclasses.replace(report, restored_from=backup)

    def _swap_in(self, backup: Path, known: set[str]) -> Any:
        """Close the database, let core/restore.py put backup in its place, and reopen it."""
        from roadmap_desktop.core.db import open_database
        from roadmap_desktop.core.restore import restore_backup

        path = self.db.path
        self.db.close()
        try:
            return restore_backup(path, backup, known)
        finally:
            self.db = open_database(path)
