"""Open the learner's store for the window: off the GUI thread, with progress when it is slow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from roadmap_desktop.core.quick_check import QuickCheck
from roadmap_desktop.services.startup import Store, open_store
from roadmap_desktop.ui.widgets.work_dialog import SHOW_AFTER_MS, run_with_progress

UPGRADE_HINT = "This happens once, after an update. Your data is safe."


def open_store_with_progress(
    window: QWidget,
    data_dir: Path,
    *,
    show_after_ms: int = SHOW_AFTER_MS,
    early: QuickCheck | None = None,
) -> Store:
    """services.startup.open_store on a worker thread. An upgrade of an older database that
    takes longer than show_after_ms shows its stages over the window ("Preparing search…
    40 %"); the window keeps painting meanwhile. Today's backup is left to the caller
    (ui/daily_backup.py runs it beside the window). Raises what open_store raises."""
    return run_with_progress(
        window,
        lambda progress: open_store(data_dir, backup=False, progress=progress, early=early),
        show_after_ms=show_after_ms,
        hint=UPGRADE_HINT,
    )
