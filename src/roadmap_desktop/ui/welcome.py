"""The first start's welcome: pick a roadmap, its start date and weekly hours (one dialog)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from roadmap_desktop.core.formatting import format_date

if TYPE_CHECKING:
    from roadmap_desktop.services.snapshots import RoadmapSummary
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow


def welcome(window: MainWindow, ctx: AppContext, roadmaps: list[RoadmapSummary]) -> None:
    """Ask once (cancelling counts as answered); the chosen schedule is saved and its roadmap
    shown."""
    from roadmap_desktop.services import study_time
    from roadmap_desktop.ui.widgets.dialogs import ScheduleDialog

    monday = date.fromordinal(date.today().toordinal() - date.today().weekday())
    proposed = ctx.read(study_time.proposed_hours, [r.id for r in roadmaps])
    page = window.page
    current = page.overview.id if page and page.overview else roadmaps[0].id
    chosen = ScheduleDialog.ask(
        window,
        roadmaps=roadmaps,
        start=monday,
        weekly_hours=proposed.get(current, 10.0),
        welcome=True,
        proposed_hours=proposed,
        current_id=current,
    )
    ctx.settings.welcomed = True
    if chosen is None:
        return
    roadmap_id, start, hours = chosen
    if roadmap_id is None:
        return
    ctx.apply(study_time.set_study_time, roadmap_id, start, hours)
    ctx.message.emit(f"Studying {hours:g} h a week from {format_date(start)}")
    slug = next((r.slug for r in roadmaps if r.id == roadmap_id), None)
    if slug:
        window.show_roadmap(slug)
