"""A roadmap's overview and its step-list rows, in plain SQL (core/plain_sql.py)."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from roadmap_desktop.core import groups_sql, progress
from roadmap_desktop.core.enums import StepKind, StepStatus
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.plain_sql import members, rows_in
from roadmap_desktop.core.study_time import effective_hours
from roadmap_desktop.services import overview_math
from roadmap_desktop.services.pace_sql import DEFAULT_WEEKLY_HOURS, read_availability, read_plan
from roadmap_desktop.services.roadmaps_sql import STATUSES
from roadmap_desktop.services.snapshots import RoadmapOverview, StepRow

KINDS = members(StepKind)

_ROADMAP = "SELECT id, slug, title, summary_md FROM roadmaps WHERE id = ?"
_PHASES = (
    "SELECT id, key, title, start_week, end_week, summary_md FROM phases"
    " WHERE roadmap_id = ? ORDER BY position, id"
)
# Every live step in a phase, in order, with its progress row and topic counts: one pass over
# the roadmap's steps (the counts are index look-ups: topics by (step_id, key), ticks by their
# primary key), so the overview of 10,000 steps costs what reading them does.
_STEPS = (
    "SELECT steps.key, steps.title, steps.kind, steps.estimated_hours, steps.phase_id,"
    " step_progress.status, step_progress.note_md != '',"
    " (SELECT count(*) FROM topics WHERE topics.step_id = steps.id),"
    " (SELECT count(*) FROM topic_ticks JOIN topics ON topics.step_id = steps.id"
    " AND topics.key = topic_ticks.topic_key"
    " WHERE topic_ticks.roadmap_id = steps.roadmap_id AND topic_ticks.step_key = steps.key)"
    " FROM steps LEFT JOIN step_progress ON step_progress.roadmap_id = steps.roadmap_id"
    " AND step_progress.step_key = steps.key"
    " WHERE steps.roadmap_id = ? AND steps.archived IS 0 AND steps.phase_id IS NOT NULL"
    " ORDER BY steps.position, steps.id"
)


def roadmap_overview(conn: sqlite3.Connection, roadmap_id: int, today: date) -> RoadmapOverview:
    """Phases, steps and progress of one roadmap as of today."""
    roadmap = conn.execute(_ROADMAP, (roadmap_id,)).fetchone()
    if roadmap is None:
        raise NotFoundError(f"No roadmap with id {roadmap_id}.")
    rid, slug, title, summary_md = roadmap
    at = (roadmap_id,)
    phases = conn.execute(_PHASES, at).fetchall()
    marks = group_marks(conn, roadmap_id)
    by_phase: dict[int, list[StepRow]] = defaultdict(list)
    todo = StepStatus.TODO
    for key, s_title, kind, hours, phase_id, status, has_note, total, done in conn.execute(
        _STEPS, at
    ):
        group_key, picked = marks.get(key, ("", ""))
        by_phase[phase_id].append(
            StepRow(
                key=key,
                title=s_title,
                kind=KINDS[kind],
                hours=hours,
                status=todo if status is None else STATUSES[status],
                topics_total=total,
                topics_done=done,
                has_note=bool(has_note),
                group_key=group_key,
                picked=picked,
            )
        )
    phase_rows = tuple(
        overview_math.phase_row(
            key=key,
            title=p_title,
            start_week=start_week,
            end_week=end_week,
            summary_md=p_summary,
            steps=tuple(by_phase[phase_id]),
        )
        for phase_id, key, p_title, start_week, end_week, p_summary in phases
    )
    completion, remaining, current = overview_math.totals(phase_rows)
    plan = read_plan(conn, roadmap_id)
    # One study-time setting: the availability's sum when any is set (core/study_time.py).
    weekly = effective_hours(read_availability(conn), plan[1] if plan else DEFAULT_WEEKLY_HOURS)
    return RoadmapOverview(
        id=rid,
        slug=slug,
        title=title,
        summary_md=summary_md,
        start_date=plan[0] if plan else None,
        weekly_hours=weekly,
        phases=phase_rows,
        completion=completion,
        current_phase=current,
        current_week=progress.week_number(plan[0], today) if plan else 0,
        total_weeks=max((p[4] for p in phases), default=0),
        remaining_hours=remaining,
        projected_finish=progress.projected_finish(remaining, weekly, today),
    )


def group_marks(
    conn: sqlite3.Connection, roadmap_id: int, keys: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """Step key → (group key, picked key or "") for every live option of a group (with `keys`,
    of the groups offering one of those steps)."""
    wanted = None if keys is None else list(keys)
    return {
        key: (group.key, group.picked or "")
        for group in groups_sql.read_groups(conn, roadmap_id, wanted)
        for key in group.option_keys()
    }


_ROWS_STEPS = (
    "SELECT id, key, title, kind, estimated_hours FROM steps"
    " WHERE roadmap_id = ? AND key IN ({}) AND archived IS 0"
)
_ROWS_PROGRESS = (
    "SELECT step_key, status, note_md != '' FROM step_progress"
    " WHERE roadmap_id = ? AND step_key IN ({})"
)
_ROWS_TOPICS = "SELECT step_id, count(*) FROM topics WHERE step_id IN ({}) GROUP BY step_id"
_ROWS_TICKS = (
    "SELECT topic_ticks.step_key FROM topic_ticks"
    " JOIN steps ON steps.roadmap_id = topic_ticks.roadmap_id"
    " AND steps.key = topic_ticks.step_key"
    " JOIN topics ON topics.step_id = steps.id AND topics.key = topic_ticks.topic_key"
    " WHERE topic_ticks.roadmap_id = ? AND topic_ticks.step_key IN ({})"
)


def step_rows(conn: sqlite3.Connection, roadmap_id: int, keys: Iterable[str]) -> list[StepRow]:
    """The step-list rows of a few steps (live ones only), read with a handful of small queries:
    what a view needs after a tick, a status change or a note on those steps."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    at = (roadmap_id,)
    steps = rows_in(conn, _ROWS_STEPS, at, wanted)
    if not steps:
        return []
    progress_rows = {
        key: (STATUSES[status], has_note)
        for key, status, has_note in rows_in(conn, _ROWS_PROGRESS, at, wanted)
    }
    topic_totals = dict(rows_in(conn, _ROWS_TOPICS, (), [s[0] for s in steps]))
    ticks = Counter(key for (key,) in rows_in(conn, _ROWS_TICKS, at, wanted))
    marks = group_marks(conn, roadmap_id, wanted)
    rows = []
    for step_id, key, title, kind, hours in steps:
        status, has_note = progress_rows.get(key, (StepStatus.TODO, False))
        group_key, picked = marks.get(key, ("", ""))
        rows.append(
            StepRow(
                key=key,
                title=title,
                kind=KINDS[kind],
                hours=hours,
                status=status,
                topics_total=topic_totals.get(step_id, 0),
                topics_done=ticks.get(key, 0),
                has_note=bool(has_note),
                group_key=group_key,
                picked=picked,
            )
        )
    return rows
