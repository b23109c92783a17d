"""The count of cards due now, which badges the rail and the header whether or not the Review
page is built: read once the window is up, again when a change can move it and each minute
(learning cards come due within minutes); the daily review reminder goes with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from roadmap_desktop.services import review
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.review_values import ReviewCounts
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.review.card_commands import review_options

WATCHED = (ChangeKind.REVIEW, ChangeKind.STATUS, ChangeKind.ROADMAPS)
TICK_MS = 60_000


class DueCounts(QObject):
    """Due, new and done-today counts; `changed` carries the cards left now when they move."""

    changed = Signal(int)
    ticked = Signal()  # a minute passed (and the counts were read again)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts = ReviewCounts(0, 0, 0)
        self._read = False
        # The Review page says when it reads the counts itself (it reloads on the change).
        self.read_elsewhere: Callable[[], bool] = lambda: False
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        ctx.changed.connect(self._on_changed)

    def recount(self) -> None:
        """Read the counts now."""
        self.set(self.ctx.read(review.counts, review_options(self.ctx)))

    def _on_tick(self) -> None:
        self.recount()
        self.ticked.emit()

    def set(self, counts: ReviewCounts) -> None:
        """Counts read by the Review page (or here): tell who shows them if they moved."""
        moved = counts != self.counts or not self._read
        self.counts, self._read = counts, True
        if moved:
            self.changed.emit(counts.total)
        self._maybe_remind()

    def _on_changed(self, change: ChangeSet) -> None:
        if not change.touches(*WATCHED) or self.read_elsewhere():
            return
        if self._may_move(change):
            self.recount()

    def _may_move(self, change: ChangeSet) -> bool:
        """A status change moves the counts only through cards of its steps (or cards without
        a step in its roadmap): ticking off a step without cards recounts nothing."""
        if change.touches(ChangeKind.REVIEW, ChangeKind.ROADMAPS) or not change.step_keys:
            return True
        if change.roadmap_id is None:
            return True
        return self.ctx.read(
            review.status_moves_counts,
            review_options(self.ctx),
            change.roadmap_id,
            change.step_keys,
        )

    def _maybe_remind(self) -> None:
        settings = self.ctx.settings
        today = date.today().isoformat()
        if not settings.review_reminder or settings.review_reminded_on == today:
            return
        total = self.counts.total
        if total:
            settings.review_reminded_on = today
            cards = "card" if total == 1 else "cards"
            self.ctx.message.emit(f"{total} {cards} to review today — Ctrl+4 opens Review.")
