"""Planner services on a real database: blocks with undo, the week view, availability, the
backlog, "Plan my week", the schedule projection and the export range."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import PlanBlock, StepStatus
from roadmap_desktop.services import planner, study
from roadmap_desktop.services.changes import ChangeKind

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # "now" for logging: after the test week


def _day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def _blocks(db: Database) -> list[tuple[object, ...]]:
    """Every stored block field, to compare before/after exactly."""
    with db.reading() as session:
        return [
            (
                *(b.id, b.day, b.start_time, b.minutes, b.roadmap_id, b.step_key, b.title),
                *(b.done, b.auto, b.position, b.created_at),
            )
            for b in session.scalars(select(PlanBlock).order_by(PlanBlock.id))
        ]


def _berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


# --- blocks ------------------------------------------------------------------------------------


def test_add_block_and_see_it_in_the_week(tiny) -> None:
    block_id, change = planner.add_block(
        tiny.db, _day(2), 90, roadmap_id=tiny.roadmap_id, step_key="sql", start_time=time(18, 0)
    )
    free_id, _ = planner.add_block(tiny.db, _day(2), 30, title="  Review notes ")
    assert change.kinds == {ChangeKind.PLAN} and change.step_keys == {"sql"}
    week = planner.week_view(tiny.db, _day(4))
    assert week.start == MONDAY and [d.day for d in week.days] == [_day(i) for i in range(7)]
    wednesday = week.days[2]
    step_row, free_row = wednesday.blocks
    assert (step_row.id, step_row.title, step_row.phase_index, step_row.start_time) == (
        block_id,
        "Relational databases",
        1,
        time(18, 0),
    )
    assert (step_row.roadmap_title, step_row.phase_title) == ("Tiny roadmap", "Data")
    assert (free_row.id, free_row.title, free_row.phase_index, free_row.step_key) == (
        free_id,
        "Review notes",
        None,
        None,
    )
    assert wednesday.planned_minutes == 120 and week.planned_minutes == 120
    assert all(not d.blocks for i, d in enumerate(week.days) if i != 2)


def test_week_view_starts_on_the_locale_first_day(tiny) -> None:
    planner.add_block(tiny.db, _day(6), 30, title="Sunday")  # Sunday 22 Nov
    week = planner.week_view(tiny.db, _day(6), first_weekday=6)
    assert week.start == _day(6) and week.days[0].blocks[0].title == "Sunday"
    assert planner.week_view(tiny.db, _day(5), first_weekday=6).start == _day(-1)


def test_week_totals_planned_done_logged_and_goal(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.set_availability(db, {0: 60, 1: 60, 5: 240})
    first, _ = planner.add_block(db, MONDAY, 60, roadmap_id=rid, step_key="http")
    planner.add_block(db, _day(1), 45, roadmap_id=rid, step_key="http")
    planner.update_block(db, first, done=True)
    planner.log_time(db, rid, "http", _berlin(MONDAY, 23, 30), 50, now=NOW)  # 22:30 UTC
    planner.log_time(db, rid, "http", _berlin(_day(7), 0, 10), 20, now=NOW)  # next week
    week = planner.week_view(db, MONDAY, tz=BERLIN)
    assert [d.capacity_minutes for d in week.days] == [60, 60, 0, 0, 0, 240, 0]
    assert (week.planned_minutes, week.done_minutes, week.goal_minutes) == (105, 60, 360)
    assert week.days[0].logged_minutes == 50 and week.logged_minutes == 50
    assert (week.days[0].done_minutes, week.days[1].done_minutes) == (60, 0)


def test_timed_blocks_come_first_in_time_order(tiny) -> None:
    planner.add_block(tiny.db, MONDAY, 30, title="untimed")
    planner.add_block(tiny.db, MONDAY, 30, title="evening", start_time=time(19))
    planner.add_block(tiny.db, MONDAY, 30, title="morning", start_time=time(8))
    titles = [b.title for b in planner.week_view(tiny.db, MONDAY).days[0].blocks]
    assert titles == ["morning", "evening", "untimed"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes": 0}, "between 1 and 1440"),
        ({"minutes": -30}, "between 1 and 1440"),
        ({"minutes": 1441}, "between 1 and 1440"),
        ({"start_time": time(23, 0), "minutes": 90}, "past midnight"),
        ({"day": date(1969, 12, 31)}, "outside the supported range"),
        ({"day": date(2101, 1, 1)}, "outside the supported range"),
        ({"title": "   "}, "needs a step or a title"),
    ],
)
def test_bad_blocks_are_refused_and_nothing_is_stored(tiny, kwargs, message) -> None:
    args = {"day": MONDAY, "minutes": 60, "title": "Study", **kwargs}
    with pytest.raises(UserFacingError, match=message):
        planner.add_block(
            tiny.db,
            args.pop("day"),
            args.pop("minutes"),
            **args,
        )
    assert _blocks(tiny.db) == []


def test_a_block_for_an_unknown_step_is_refused(tiny) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        planner.add_block(tiny.db, MONDAY, 30, roadmap_id=tiny.roadmap_id, step_key="nope")


def test_moving_a_block_puts_it_last_on_the_new_day_and_undo_restores_it_exactly(tiny) -> None:
    db = tiny.db
    moving, _ = planner.add_block(db, MONDAY, 60, title="Move me", start_time=time(9))
    planner.add_block(db, _day(1), 30, title="Already there")
    before = _blocks(db)
    snapshot, change = planner.update_block(db, moving, day=_day(1))
    assert change.kinds == {ChangeKind.PLAN}
    assert (snapshot.id, snapshot.day, snapshot.position) == (moving, MONDAY, 0)
    moved = planner.week_view(db, MONDAY).days[1].blocks
    assert [b.title for b in moved] == ["Move me", "Already there"]  # timed first
    with db.reading() as session:
        assert session.get(PlanBlock, moving).position == 1
    planner.restore_block(db, snapshot)
    assert _blocks(db) == before


def test_update_block_resizes_retimes_renames_and_ticks(tiny) -> None:
    db = tiny.db
    block_id, _ = planner.add_block(db, MONDAY, 60, roadmap_id=tiny.roadmap_id, step_key="git")
    planner.update_block(db, block_id, minutes=120, start_time=time(20), done=True, title="x")
    (row,) = planner.week_view(db, MONDAY).days[0].blocks
    assert (row.minutes, row.start_time, row.done, row.title) == (
        120,
        time(20),
        True,
        "Version control with Git",  # the step's title wins over the free title
    )
    planner.update_block(db, block_id, start_time=None)
    assert planner.week_view(db, MONDAY).days[0].blocks[0].start_time is None


def test_update_block_refuses_bad_changes_and_keeps_the_block(tiny) -> None:
    db = tiny.db
    block_id, _ = planner.add_block(db, MONDAY, 60, title="Study", start_time=time(22))
    before = _blocks(db)
    with pytest.raises(UserFacingError, match="past midnight"):
        planner.update_block(db, block_id, minutes=150)
    with pytest.raises(UserFacingError, match="between 1 and 1440"):
        planner.update_block(db, block_id, minutes=0)
    with pytest.raises(UserFacingError, match="needs a step or a title"):
        planner.update_block(db, block_id, title="")
    with pytest.raises(UserFacingError, match="outside the supported range"):
        planner.update_block(db, block_id, day=date(2200, 1, 1))
    with pytest.raises(NotFoundError):
        planner.update_block(db, 999, minutes=30)
    assert _blocks(db) == before


def test_delete_and_restore_brings_the_same_block_back(tiny) -> None:
    db = tiny.db
    block_id, _ = planner.add_block(
        db, MONDAY, 45, roadmap_id=tiny.roadmap_id, step_key="http", start_time=time(7, 15)
    )
    planner.update_block(db, block_id, done=True)
    before = _blocks(db)
    snapshot, change = planner.delete_block(db, block_id)
    assert change.step_keys == {"http"} and _blocks(db) == []
    planner.restore_block(db, snapshot)
    assert _blocks(db) == before
    with pytest.raises(NotFoundError):
        planner.delete_block(db, 12345)


def test_move_block_is_a_drag(tiny) -> None:
    block_id, _ = planner.add_block(tiny.db, MONDAY, 45, title="Drag")
    snapshot, _ = planner.move_block(tiny.db, block_id, _day(3))
    assert snapshot.day == MONDAY
    assert planner.week_view(tiny.db, MONDAY).days[3].blocks[0].id == block_id


# --- availability ------------------------------------------------------------------------------


def test_availability_defaults_to_zero_and_returns_the_previous_values(tiny) -> None:
    assert planner.availability(tiny.db) == dict.fromkeys(range(7), 0)
    before, change = planner.set_availability(tiny.db, {0: 90, 6: 240})
    assert before == dict.fromkeys(range(7), 0) and change.kinds == {ChangeKind.PLAN}
    before, _ = planner.set_availability(tiny.db, {0: 30})
    assert before[0] == 90
    assert planner.availability(tiny.db) == {0: 30, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 240}


def test_bad_availability_is_refused(tiny) -> None:
    with pytest.raises(UserFacingError, match="between 0 and 1440"):
        planner.set_availability(tiny.db, {2: -10})
    with pytest.raises(UserFacingError, match="between 0 and 1440"):
        planner.set_availability(tiny.db, {2: 2000})
    with pytest.raises(ValueError):
        planner.set_availability(tiny.db, {7: 60})
    assert planner.availability(tiny.db) == dict.fromkeys(range(7), 0)


# --- backlog and "Plan my week" ----------------------------------------------------------------


def test_backlog_follows_roadmap_order_and_subtracts_logged_and_planned(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    study.set_step_status(db, rid, "http", StepStatus.DONE)
    planner.log_time(db, rid, "git", _berlin(_day(-3), 10), 100, now=NOW)
    planner.add_block(db, MONDAY, 60, roadmap_id=rid, step_key="git")  # ahead: counts
    planner.add_block(db, _day(-1), 90, roadmap_id=rid, step_key="git")  # missed: does not
    done_id, _ = planner.add_block(db, _day(1), 30, roadmap_id=rid, step_key="git")
    planner.update_block(db, done_id, done=True)  # done blocks are measured by logged time
    planner.add_block(db, _day(3), 700, roadmap_id=rid, step_key="sql")  # more than its 10 h
    steps = planner.backlog(db, rid, today=MONDAY)
    # "sql" is fully planned (700 minutes ahead for its 10 h): the backlog leaves it out.
    assert [(s.step_key, s.remaining_minutes) for s in steps] == [
        ("git", 360 - 100 - 60),
        ("api-project", 1200),
    ]
    assert steps[0].title == "Version control with Git"
    assert [s.step_key for s in planner.backlog(db, rid, limit=1, today=MONDAY)] == ["git"]


def test_plan_my_week_fills_free_capacity_and_never_touches_manual_blocks(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.set_availability(db, dict.fromkeys(range(7), 120))
    planner.add_block(db, _day(2), 100, title="Dentist")
    planner.add_block(db, _day(3), 60, roadmap_id=rid, step_key="http")
    manual = _blocks(db)
    today = _day(2)  # Wednesday: Monday and Tuesday are past
    proposal = planner.plan_week_preview(db, rid, MONDAY, today)
    assert _blocks(db) == manual  # a preview stores nothing
    assert {p.day for p in proposal} <= {_day(i) for i in range(2, 7)}
    per_day = {d: sum(p.minutes for p in proposal if p.day == d) for d in {p.day for p in proposal}}
    assert per_day[_day(3)] == 60  # 120 offered minus the hand-placed hour
    assert _day(2) not in per_day  # 20 minutes left is too little for a piece of a long step
    http = [p for p in proposal if p.step_key == "http"]
    assert sum(p.minutes for p in http) == 240 - 60  # continues the partly planned step
    assert proposal[0].step_key == "http"
    ids, change = planner.accept_plan(db, proposal)
    assert change.kinds == {ChangeKind.PLAN} and len(ids) == len(proposal)
    stored = _blocks(db)
    assert stored[: len(manual)] == manual
    assert all(row[8] for row in stored[len(manual) :])  # auto=True
    week = planner.week_view(db, MONDAY)
    for summary in week.days[2:]:
        assert summary.planned_minutes <= 120
    # Planned again, the week has nothing left to give.
    assert planner.plan_week_preview(db, rid, MONDAY, today) == []
    planner.undo_accept(db, ids)
    assert _blocks(db) == manual


def test_plan_preview_for_a_past_week_is_empty(tiny) -> None:
    planner.set_availability(tiny.db, dict.fromkeys(range(7), 120))
    assert planner.plan_week_preview(tiny.db, tiny.roadmap_id, MONDAY, _day(14)) == []


def test_accept_plan_is_all_or_nothing(tiny) -> None:
    good = planner.ProposedBlock(MONDAY, 60, tiny.roadmap_id, "http", "How HTTP works")
    bad = planner.ProposedBlock(MONDAY, 60, tiny.roadmap_id, "gone", "Gone")
    with pytest.raises(NotFoundError):
        planner.accept_plan(tiny.db, [good, bad])
    assert _blocks(tiny.db) == []


# --- schedule projection and export ------------------------------------------------------------


def test_projection_uses_availability_when_set_else_weekly_hours(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    study.set_schedule(db, rid, MONDAY, 10)
    # 40 h left: at 10 h/week "basics" (10 h, weeks 1-2) ends in week 1, "data" in week 4.
    slow = planner.schedule_projection(db, rid, MONDAY)
    basics, data = slow.phases
    assert basics.due == _day(13) and basics.projected_end == _day(6) and not basics.late
    assert data.due == _day(34) and data.projected_end == _day(27) and not data.late
    assert slow.finish == _day(27)
    planner.set_availability(db, dict.fromkeys(range(7), 30))  # 3.5 h a week
    fast = planner.schedule_projection(db, rid, MONDAY)
    # Judged against the plan the learner's own 3.5 h make: nothing is late on the first day.
    assert not any(p.late for p in fast.phases)
    assert fast.finish == MONDAY + timedelta(days=40 * 60 * 7 // (7 * 30) - 1)
    # Four weeks later with nothing done since starting, the learner is behind their own plan.
    study.set_step_status(db, rid, "http", StepStatus.IN_PROGRESS)
    later = planner.schedule_projection(db, rid, MONDAY + timedelta(days=28))
    assert later.phases[1].late and later.phases[1].days_late == 28


def test_projection_counts_finished_steps_as_done(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    study.set_schedule(db, rid, MONDAY, 10)
    for key in ("http", "git"):
        study.set_step_status(db, rid, key, StepStatus.DONE)
    basics, data = planner.schedule_projection(db, rid, MONDAY).phases
    assert basics.done and not basics.late
    assert data.projected_end == MONDAY + timedelta(days=21 - 1)


def test_projection_of_an_unknown_roadmap(tiny) -> None:
    with pytest.raises(NotFoundError):
        planner.schedule_projection(tiny.db, 999, MONDAY)


def test_export_range_checks_its_dates(tiny) -> None:
    with pytest.raises(UserFacingError, match="starts"):
        planner.export_ics_range(tiny.db, _day(3), MONDAY, BERLIN)
    with pytest.raises(UserFacingError, match="outside the supported range"):
        planner.export_ics_range(tiny.db, MONDAY, date(2300, 1, 1), BERLIN)
    assert b"BEGIN:VCALENDAR" in planner.export_ics_range(tiny.db, MONDAY, _day(6), BERLIN)
