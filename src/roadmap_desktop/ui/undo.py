"""Undoable status changes and topic ticks, as ServiceCommands (one undo style for every write).

The write services are imported when a command is made, not with this module: the Roadmap page
that imports it is shown before SQLAlchemy is imported (docs/performance.md).
"""

from __future__ import annotations

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.ui.commands import ServiceCommand
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.widgets.icons import STATUS_LABELS


class SetStatusCommand(ServiceCommand):
    """Set a step's status; undo restores the previous status and its timestamps."""

    def __init__(
        self, ctx: AppContext, roadmap_id: int, step_key: str, title: str, status: StepStatus
    ) -> None:
        from roadmap_desktop.services import study

        super().__init__(
            ctx,
            f"Mark “{title}” {STATUS_LABELS[status].lower()}",
            lambda db: study.set_step_status(db, roadmap_id, step_key, status),
            lambda db, before: study.restore_step_status(db, roadmap_id, step_key, before),
        )


class TickTopicCommand(ServiceCommand):
    """Tick or untick a checklist item; undo sets it back."""

    def __init__(
        self,
        ctx: AppContext,
        roadmap_id: int,
        step_key: str,
        topic_key: str,
        text: str,
        ticked: bool,
    ) -> None:
        from roadmap_desktop.services import study

        super().__init__(
            ctx,
            f"{'Tick' if ticked else 'Untick'} “{text}”",
            lambda db: (
                None,
                study.set_topic_ticked(db, roadmap_id, step_key, topic_key, ticked),
            ),
            lambda db, _memo: study.set_topic_ticked(
                db, roadmap_id, step_key, topic_key, not ticked
            ),
        )
