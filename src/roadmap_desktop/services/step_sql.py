"""The step pane's reads in plain SQL (core/plain_sql.py): detail, status, group, study time."""

from __future__ import annotations

import sqlite3

from roadmap_desktop.core import groups_sql
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.plain_sql import stamp
from roadmap_desktop.services.overview_sql import KINDS
from roadmap_desktop.services.roadmaps_sql import STATUSES
from roadmap_desktop.services.snapshots import (
    GroupRow,
    QuestionRow,
    ResourceRow,
    StatusState,
    StepDetail,
    TopicRow,
)

TIMER_ID = 1  # the id of active_timer's one row (services/timekeeping.py)

_DETAIL_STEP = (
    "SELECT steps.id, steps.key, steps.title, steps.kind, steps.estimated_hours, steps.body_md,"
    " roadmaps.title, phases.title"
    " FROM steps JOIN roadmaps ON roadmaps.id = steps.roadmap_id"
    " LEFT OUTER JOIN phases ON phases.id = steps.phase_id"
    " WHERE steps.roadmap_id = ? AND steps.key = ?"
)
_DETAIL_PROGRESS = (
    "SELECT status, started_at, done_at, note_md, note_updated_at FROM step_progress"
    " WHERE roadmap_id = ? AND step_key = ?"
)
_TICKED = "SELECT topic_key FROM topic_ticks WHERE roadmap_id = ? AND step_key = ?"
_TOPICS = "SELECT key, text FROM topics WHERE step_id = ? ORDER BY position, id"
_RESOURCES = (
    "SELECT resources.id, resources.title, resources.url, resources.kind, resources.author,"
    " resources.cost"
    " FROM resources JOIN step_resources ON step_resources.resource_id = resources.id"
    " WHERE step_resources.step_id = ?"
    " ORDER BY step_resources.position, step_resources.resource_id"
)
_QUESTIONS = (
    "SELECT key, prompt_md, answer_md FROM practice_questions"
    " WHERE roadmap_id = ? AND step_key = ? ORDER BY position"
)
_STATE = (
    "SELECT status, started_at, done_at FROM step_progress WHERE roadmap_id = ? AND step_key = ?"
)
_LOGGED = (
    "SELECT coalesce(sum(minutes), 0) FROM study_sessions WHERE roadmap_id = ? AND step_key = ?"
)
_TIMER_AT = "SELECT roadmap_id, step_key FROM active_timer WHERE id = ?"


def step_detail(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> StepDetail:
    """Text, status, topics, resources, questions and note of one step (what the step pane shows
    each time another step is selected)."""
    at = (roadmap_id, step_key)
    step = conn.execute(_DETAIL_STEP, at).fetchone()
    if step is None:
        raise NotFoundError(f"No step {step_key!r} in this roadmap.")
    step_id, key, title, kind, hours, body_md, roadmap_title, phase_title = step
    prog = conn.execute(_DETAIL_PROGRESS, at).fetchone()
    ticked = {topic for (topic,) in conn.execute(_TICKED, at)}
    topics = conn.execute(_TOPICS, (step_id,)).fetchall()
    resources = conn.execute(_RESOURCES, (step_id,)).fetchall()
    questions = conn.execute(_QUESTIONS, at).fetchall()
    group = step_group(conn, roadmap_id, step_key)
    return StepDetail(
        roadmap_id=roadmap_id,
        key=key,
        title=title,
        kind=KINDS[kind],
        hours=hours,
        body_md=body_md,
        roadmap_title=roadmap_title,
        phase_title=phase_title if phase_title is not None else "Archived",
        status=STATUSES[prog[0]] if prog else StepStatus.TODO,
        started_at=stamp(prog[1]) if prog else None,
        done_at=stamp(prog[2]) if prog else None,
        note_md=prog[3] if prog else "",
        note_updated_at=stamp(prog[4]) if prog else None,
        topics=tuple(TopicRow(k, text, k in ticked) for k, text in topics),
        resources=tuple(ResourceRow(*row) for row in resources),
        questions=tuple(QuestionRow(*row) for row in questions),
        group=group,
    )


def step_state(
    conn: sqlite3.Connection, roadmap_id: int, step_key: str
) -> tuple[StatusState, frozenset[str]]:
    """A step's status with its timestamps and the keys of its ticked topics (what the step pane
    needs after a tick or a status change)."""
    at = (roadmap_id, step_key)
    row = conn.execute(_STATE, at).fetchone()
    ticked = frozenset(topic for (topic,) in conn.execute(_TICKED, at))
    if row is None:
        return StatusState(StepStatus.TODO, None, None), ticked
    return StatusState(STATUSES[row[0]], stamp(row[1]), stamp(row[2])), ticked


def step_group(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> GroupRow | None:
    """The "choose one of" group offering this step, with the pick (None for no group)."""
    group = groups_sql.group_of(conn, roadmap_id, step_key)
    if group is None:
        return None
    return GroupRow(group.key, group.title, group.options, group.picked)


def logged_minutes(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> int:
    """Total minutes studied for a step (timer and manual sessions)."""
    (total,) = conn.execute(_LOGGED, (roadmap_id, step_key)).fetchone()
    return int(total or 0)


def step_study(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> tuple[bool, int]:
    """(the study timer is on this step, minutes studied for it)."""
    timer = conn.execute(_TIMER_AT, (TIMER_ID,)).fetchone()
    total = logged_minutes(conn, roadmap_id, step_key)
    return timer is not None and tuple(timer) == (roadmap_id, step_key), total
