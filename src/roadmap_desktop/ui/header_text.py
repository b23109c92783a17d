"""The header's one line about the roadmap on show: progress, phase, week and finish date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from roadmap_desktop.core import progress
from roadmap_desktop.core.formatting import format_date, format_hours

if TYPE_CHECKING:
    from roadmap_desktop.services.snapshots import RoadmapOverview


def summary_text(overview: RoadmapOverview, finish: date | None) -> str:
    """ "12% · Phase 2 of 7 · week 5 of 24 · 180 h left · at your pace done by 14 May 2027";
    `finish` is the projected finish at the learner's pace (the overview's when None)."""
    parts = [
        f"<b>{progress.percent(overview.completion)}%</b>",
        f"Phase {overview.current_phase + 1} of {len(overview.phases)}",
    ]
    if overview.current_week:
        parts.append(f"week {overview.current_week} of {overview.total_weeks}")
    finish = finish or overview.projected_finish
    if overview.remaining_hours > 0 and finish:
        parts.append(
            f"{format_hours(overview.remaining_hours)} left · "
            f"at your pace done by {format_date(finish)}"
        )
    elif overview.remaining_hours <= 0:
        parts.append("finished")
    return "  ·  ".join(parts)
