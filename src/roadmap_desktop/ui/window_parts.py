"""What the main window builds after its first view: the due-card count, the pages (Review
after the first view, Library, Planner and Stats on first use), the study timer and sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap_desktop.core.formatting import format_minutes
from roadmap_desktop.ui.scopes import Scope

if TYPE_CHECKING:
    from roadmap_desktop.ui.main_window import MainWindow
    from roadmap_desktop.ui.review.due_counts import DueCounts
    from roadmap_desktop.ui.sync.sync_controller import SyncController

SYNC_START_MS = 1500  # the first sync round, after the first frame and data ready


def due_counts(window: MainWindow) -> DueCounts:
    """The count of cards due now (made and read on first use), badging the rail and header."""
    if window.due is None:
        from roadmap_desktop.ui.review.due_counts import DueCounts

        assert window.ctx is not None
        window.due = DueCounts(window.ctx, window)
        window.due.changed.connect(window.show_due)
        window.due.recount()
    return window.due


def build_library(window: MainWindow) -> None:
    from roadmap_desktop.ui.library.library_page import LibraryPage

    assert window.ctx is not None
    library = LibraryPage(window.ctx)
    window.add_page(library)
    window.binder.install(Scope.LIBRARY, library)
    library.attach_buttons(window.binder)


def build_planner(window: MainWindow) -> None:
    from roadmap_desktop.ui.planner.planner_page import PlannerPage

    ctx = window.ctx
    assert ctx is not None and window.page is not None
    planner = PlannerPage(ctx, lambda: ctx.current_roadmap_id)
    planner.projection_source = window.page.projection_for
    window.add_page(planner)
    window.binder.install(Scope.PLANNER, planner)


def build_review(window: MainWindow) -> None:
    from roadmap_desktop.ui.review.review_page import ReviewPage

    assert window.ctx is not None
    review = ReviewPage(window.ctx, due_counts(window))
    window.add_page(review)
    window.binder.install(Scope.REVIEW, review)
    review.commands_changed.connect(window.binder.refresh_enabled)


def build_stats(window: MainWindow) -> None:
    from roadmap_desktop.ui.stats.stats_page import StatsPage

    assert window.ctx is not None
    stats = StatsPage(window.ctx)
    window.add_page(stats)
    window.binder.install(Scope.STATS, stats)


# Pages built when the learner first goes to them (a rail click, a shortcut, their menu, one of
# their commands), not at start-up: a start that does not use them neither holds them (~1 MB
# each) nor reads for them. Their menus list their commands from the first turns on.
BUILT_ON_FIRST_USE = {
    Scope.LIBRARY: build_library,
    Scope.PLANNER: build_planner,
    Scope.REVIEW: build_review,
    Scope.STATS: build_stats,
}


def build_status_bar(window: MainWindow) -> None:
    """The study timer (a timer left running by a killed app is stopped sensibly), its
    reminders, and sync when this computer syncs."""
    from roadmap_desktop.ui.planner.study_timer import Reminders, TimerWidget

    ctx = window.ctx
    assert ctx is not None
    window.timer_widget = TimerWidget(ctx)
    window.statusBar().addPermanentWidget(window.timer_widget)
    window.timer_widget.attach_buttons(window.binder)
    window.reminders = Reminders(ctx, window)
    window.reminders.fallback = window.show_reminder
    recover_timer(window)
    if ctx.settings.sync_folder:
        sync_controller(window)


def recover_timer(window: MainWindow) -> None:
    """A timer left running for half a day (the app was killed) is stopped sensibly; the
    timer widget follows from the change this makes."""
    from datetime import UTC, datetime

    from roadmap_desktop.services import queries

    assert window.ctx is not None
    now = datetime.now(UTC)
    if not window.ctx.read(queries.timer_left_running, now):  # most starts: nothing to write
        return
    from roadmap_desktop.services import planner

    result = window.ctx.apply(planner.recover_stale_timer, now)
    recovered = result[0] if result else None
    if recovered is not None:
        window.statusBar().showMessage(
            f"A study timer on “{recovered.title}” was left running; recorded "
            f"{format_minutes(recovered.recorded_minutes)} (left out "
            f"{format_minutes(recovered.uncounted_minutes)} "
            "unattended).",
            15_000,
        )


def sync_controller(window: MainWindow) -> SyncController:
    """Sync through the shared folder: made at start-up when a folder is set, else when the
    learner first opens File ▸ Sync Folder…; its status shows in the status bar."""
    if window.sync_control is None:
        from PySide6.QtCore import QTimer

        from roadmap_desktop.ui.sync.sync_controller import SyncController
        from roadmap_desktop.ui.sync.sync_status import SyncStatus

        assert window.ctx is not None
        sync = window.sync_control = SyncController(window.ctx, window)
        window.sync_status = SyncStatus(sync, window.open_sync_dialog)
        window.statusBar().addPermanentWidget(window.sync_status)
        sync.status_changed.connect(window.binder.refresh_enabled)
        QTimer.singleShot(SYNC_START_MS, sync.start)
    return window.sync_control
