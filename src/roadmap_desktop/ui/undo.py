"""Undoable user actions as QUndoCommands over the services (status changes, topic ticks)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.services import study
from roadmap_desktop.services.snapshots import StatusState
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.widgets.icons import STATUS_LABELS


class SetStatusCommand(QUndoCommand):
    """Set a step's status; undo restores the previous status and its timestamps."""

    def __init__(
        self, ctx: AppContext, roadmap_id: int, step_key: str, title: str, status: StepStatus
    ) -> None:
        super().__init__(f"Mark “{title}” {STATUS_LABELS[status].lower()}")
        self.ctx, self.roadmap_id, self.step_key, self.status = ctx, roadmap_id, step_key, status
        self.before: StatusState | None = None

    def redo(self) -> None:
        result = self.ctx.apply(study.set_step_status, self.roadmap_id, self.step_key, self.status)
        if result is None:
            self.setObsolete(True)
        elif self.before is None:
            self.before = result[0]

    def undo(self) -> None:
        if self.before is not None:
            self.ctx.apply(study.restore_step_status, self.roadmap_id, self.step_key, self.before)


class TickTopicCommand(QUndoCommand):
    """Tick or untick a checklist item."""

    def __init__(
        self,
        ctx: AppContext,
        roadmap_id: int,
        step_key: str,
        topic_key: str,
        text: str,
        ticked: bool,
    ) -> None:
        verb = "Tick" if ticked else "Untick"
        super().__init__(f"{verb} “{text}”")
        self.ctx, self.roadmap_id, self.step_key = ctx, roadmap_id, step_key
        self.topic_key, self.ticked = topic_key, ticked

    def redo(self) -> None:
        if (
            self.ctx.apply(
                study.set_topic_ticked, self.roadmap_id, self.step_key, self.topic_key, self.ticked
            )
            is None
        ):
            self.setObsolete(True)

    def undo(self) -> None:
        self.ctx.apply(
            study.set_topic_ticked, self.roadmap_id, self.step_key, self.topic_key, not self.ticked
        )
