"""Read-side services: snapshots of roadmaps and steps for the views and the CLI.

Each read is written once, in plain SQL on a stdlib sqlite3 connection (roadmaps_sql,
overview_sql, step_sql; no SQLAlchemy), and run here in one snapshot (`Database.raw_reading`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from roadmap_desktop.core import progress
from roadmap_desktop.core.db import Database, session_sqlite
from roadmap_desktop.core.planner import stored_utc
from roadmap_desktop.services import (
    cards_sql,
    library_sql,
    overview_sql,
    pace_sql,
    roadmaps_sql,
    step_sql,
    timer_sql,
)
from roadmap_desktop.services.library_snapshots import LibraryRow
from roadmap_desktop.services.planner_values import TimerState
from roadmap_desktop.services.review_values import ReviewCard
from roadmap_desktop.services.snapshots import (
    GroupRow,
    RoadmapOverview,
    RoadmapSummary,
    StatusState,
    StepDetail,
    StepRow,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def roadmap_id_for(db: Database, slug: str) -> int:
    """The id of the roadmap with this slug; NotFoundError naming the known slugs otherwise."""
    with db.raw_reading() as conn:
        return roadmaps_sql.roadmap_id_for(conn, slug)


def roadmap_choices(db: Database) -> list[tuple[int, str, str]]:
    """(id, slug, title) of every roadmap in switcher order, without reading any progress."""
    with db.raw_reading() as conn:
        return roadmaps_sql.roadmap_choices(conn)


def list_roadmaps(db: Database) -> list[RoadmapSummary]:
    """Every roadmap with its overall progress, in switcher order."""
    with db.raw_reading() as conn:
        return roadmaps_sql.list_roadmaps(conn)


def roadmap_summary(db: Database, roadmap_id: int) -> RoadmapSummary:
    """One roadmap's switcher entry (list_roadmaps for a single roadmap)."""
    with db.raw_reading() as conn:
        return roadmaps_sql.roadmap_summary(conn, roadmap_id)


def _step_facts(session: Session, roadmap_id: int) -> dict[str, progress.StepFacts]:
    """The facts of the live steps progress counts, by key, inside an open session: of a
    "choose one of" group only the representative option (roadmaps_sql.step_facts)."""
    return roadmaps_sql.step_facts(session_sqlite(session), roadmap_id)


def roadmap_overview(db: Database, roadmap_id: int, today: date) -> RoadmapOverview:
    """Phases, steps and progress of one roadmap as of today."""
    with db.raw_reading() as conn:
        return overview_sql.roadmap_overview(conn, roadmap_id, today)


def step_rows(db: Database, roadmap_id: int, keys: Iterable[str]) -> list[StepRow]:
    """The step-list rows of a few steps (live ones only): what a view needs after a tick, a
    status change or a note on those steps."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    with db.raw_reading() as conn:
        return overview_sql.step_rows(conn, roadmap_id, wanted)


def step_state(db: Database, roadmap_id: int, step_key: str) -> tuple[StatusState, frozenset[str]]:
    """A step's status with its timestamps and the keys of its ticked topics (two small reads:
    what the step pane needs after a tick or a status change)."""
    with db.raw_reading() as conn:
        return step_sql.step_state(conn, roadmap_id, step_key)


def step_detail(db: Database, roadmap_id: int, step_key: str) -> StepDetail:
    """Text, status, topics, resources, questions and note of one step (what the step pane
    shows each time another step is selected)."""
    with db.raw_reading() as conn:
        return step_sql.step_detail(conn, roadmap_id, step_key)


def step_group(db: Database, roadmap_id: int, step_key: str) -> GroupRow | None:
    """The "choose one of" group offering this step, with the pick (None for no group)."""
    with db.raw_reading() as conn:
        return step_sql.step_group(conn, roadmap_id, step_key)


def schedule_pace(db: Database, roadmap_id: int, today: date) -> tuple[int, date, bool]:
    """(weekly minutes, start date, any time logged) the schedule projection uses: the weekly
    availability when any is set, else the roadmap's weekly hours; its start date, else this
    week's Monday; and whether study time was logged on it (the learner has started)."""
    with db.raw_reading() as conn:
        return pace_sql.schedule_pace(conn, roadmap_id, today)


def step_study(db: Database, roadmap_id: int, step_key: str) -> tuple[bool, int]:
    """(the study timer is on this step, minutes studied for it): one small read for the step
    pane each time another step is shown."""
    with db.raw_reading() as conn:
        return step_sql.step_study(conn, roadmap_id, step_key)


def has_schedule(db: Database, roadmap_id: int) -> bool:
    """Whether the roadmap has its start date and pace (study.ensure_started gives them)."""
    with db.raw_reading() as conn:
        return pace_sql.read_plan(conn, roadmap_id) is not None


def step_resources(db: Database, roadmap_id: int, step_key: str) -> list[LibraryRow]:
    """The resources linked to one step, in link order (the roadmap's first, then the learner's)."""
    with db.raw_reading() as conn:
        return library_sql.step_resources(conn, roadmap_id, step_key)


def step_cards(db: Database, roadmap_id: int, step_key: str) -> tuple[ReviewCard, ...]:
    """The cards of a step (questions first, in order, then the learner's), suspended too."""
    with db.raw_reading() as conn:
        return cards_sql.step_cards(conn, roadmap_id, step_key)


def timer_state(db: Database, now: datetime | None = None) -> TimerState | None:
    """The study timer as of now (default: the current time), or None when there is none."""
    with db.raw_reading() as conn:
        return timer_sql.timer_state(conn, stored_utc(now))


def timer_left_running(db: Database, now: datetime | None = None, hours: float = 12) -> bool:
    """A timer runs since more than `hours` (services/timekeeping.recover_stale_timer stops it):
    the read that spares most starts that write."""
    with db.raw_reading() as conn:
        return timer_sql.runs_longer_than(conn, stored_utc(now), hours)
