"""Stats aggregates on a real database, figures worked out by hand (Berlin, weeks from Monday)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.models import StudySession
from roadmap_desktop.core.stats_math import split_by_local_day
from roadmap_desktop.services import planner, stats_sessions, study
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.snapshots import StatusState
from roadmap_desktop.services.stats import StatsOptions, stats_view
from roadmap_desktop.services.stats_days import minutes_by_day

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 4)  # a Wednesday
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
START = date(2026, 10, 5)  # the roadmap's first Monday


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def history(tiny, sync, load_spec):
    """tiny scheduled from 5 Oct; two steps done; sessions across midnight and the DST night."""
    db, rid = tiny.db, tiny.roadmap_id
    sync(db, load_spec("other.yaml"))
    other = roadmap_id_for(db, "other")
    study.set_schedule(db, rid, START, 10.0)
    study.restore_step_status(
        db,
        rid,
        "http",
        StatusState(StepStatus.DONE, datetime(2026, 10, 12, 9), datetime(2026, 10, 14, 10)),
    )
    study.restore_step_status(
        db,
        rid,
        "git",
        StatusState(StepStatus.DONE, datetime(2026, 10, 20, 9), datetime(2026, 10, 28, 10)),
    )
    log = planner.log_time
    log(db, rid, "http", _at(date(2026, 11, 2), 23, 30), 60, now=NOW)  # 30 + 30 across midnight
    log(db, rid, "git", _at(date(2026, 11, 3), 10, 0), 50, now=NOW)
    log(
        db, rid, "git", _at(date(2026, 10, 24), 23, 0), 120, now=NOW
    )  # 60 on the 24th, 60 on the 25th
    log(db, rid, "http", _at(date(2026, 10, 25), 1, 30), 180, now=NOW)  # through the 25-hour night
    log(db, other, "web-basics", _at(date(2026, 11, 3), 15, 0), 25, now=NOW)
    planner.add_block(db, date(2026, 11, 3), 60, roadmap_id=rid, step_key="sql")
    planner.add_block(db, date(2026, 11, 5), 45, roadmap_id=other, step_key="web-basics")
    planner.set_availability(db, {0: 60, 1: 60, 2: 60, 3: 60, 4: 60, 5: 120, 6: 0})
    return db, rid, other


def _view(db, rid, **options):
    return stats_view(db, rid, TODAY, BERLIN, 0, StatsOptions(**options))


def test_days_count_sessions_on_the_local_days_they_fall_on(history) -> None:
    db, rid, _other = history
    view = _view(db, rid)
    days = {d.day: (d.minutes, d.sessions) for d in view.days}
    assert view.first_day == date(2025, 11, 10)  # 52 weeks back, a Monday
    assert view.days[-1].day == TODAY
    assert days[date(2026, 11, 2)] == (30, 1)
    assert days[date(2026, 11, 3)] == (80, 2)
    assert days[date(2026, 10, 24)] == (60, 1)
    assert days[date(2026, 10, 25)] == (240, 2)
    assert sum(d.minutes for d in view.days) == 60 + 50 + 120 + 180


def test_all_roadmaps_include_every_session(history) -> None:
    db, _rid, _other = history
    days = {d.day: d.minutes for d in _view(db, None).days}
    assert days[date(2026, 11, 3)] == 105
    assert sum(days.values()) == 435


def test_weekly_bars_hold_logged_planned_and_available_minutes(history) -> None:
    db, rid, _other = history
    weeks = _view(db, rid, weeks=12).weeks
    assert len(weeks) == 12 and weeks[-1].start == date(2026, 11, 2)
    assert [(w.logged_minutes, w.planned_minutes, w.available_minutes) for w in weeks[-3:]] == [
        (300, 0, 420),
        (0, 0, 420),
        (110, 60, 420),
    ]
    assert _view(db, None).weeks[-1].planned_minutes == 105
    assert len(_view(db, rid, weeks=26).weeks) == 26


def test_burn_up_against_the_plan_line(history) -> None:
    db, rid, _other = history
    points = _view(db, rid).burn_up
    assert [p.week_start for p in points] == [START + timedelta(weeks=i) for i in range(5)]
    assert [p.done_hours for p in points] == [0.0, 4.0, 4.0, 10.0, 10.0]
    # Basics (weeks 1–2, 10 h) then Data (weeks 3–5, 30 h): 5, 10, 20, 30, 40 cumulative.
    assert [p.planned_hours for p in points] == [5.0, 10.0, 20.0, 30.0, 40.0]


def test_phases_planned_against_actual(history) -> None:
    db, rid, _other = history
    basics, data = _view(db, rid).phases
    assert (basics.planned_start, basics.planned_end) == (START, date(2026, 10, 18))
    assert (basics.actual_start, basics.actual_end) == (date(2026, 10, 12), date(2026, 10, 28))
    assert (basics.steps_finished, basics.steps_total) == (2, 2)
    assert (data.planned_start, data.planned_end) == (date(2026, 10, 19), date(2026, 11, 8))
    assert (data.actual_start, data.actual_end) == (None, None)


def test_calibration_compares_logged_and_estimated_hours_of_done_steps(history) -> None:
    db, rid, _other = history
    (basics,) = _view(db, rid).calibration
    assert (basics.title, basics.steps, basics.estimated_hours) == ("Basics", 2, 10.0)
    assert basics.logged_hours == pytest.approx((60 + 50 + 120 + 180) / 60)
    assert basics.ratio == pytest.approx(410 / 600)


def test_forecast_from_the_actual_pace(history) -> None:
    db, rid, _other = history
    view = _view(db, rid).forecast
    # Weeks since the first step started (12 Oct): done effort 4, 0, 6 h; logged 0, 5, 0 h.
    assert view.weeks == (
        (date(2026, 10, 12), 4.0, 0.0),
        (date(2026, 10, 19), 0.0, 5.0),
        (date(2026, 10, 26), 6.0, 0.0),
    )
    assert view.remaining_hours == 30.0
    assert view.forecast is not None
    # pace (4+0)/2, (0+5)/2, (6+0)/2 = 2, 2.5, 3 → mean 2.5 h a week; 30 h → 12 weeks.
    assert view.forecast.finish == TODAY + timedelta(weeks=12)
    assert view.forecast.early < view.forecast.finish < view.forecast.late
    assert view.planned_finish is not None
    assert view.calibration == pytest.approx(410 / 600)
    calibrated = _view(db, rid, apply_calibration=True).forecast
    assert calibrated.calibration_applied and calibrated.forecast is not None
    # logged hours count as 1/0.683 estimated hours: a faster pace, an earlier finish
    assert calibrated.forecast.finish < view.forecast.finish


def test_no_forecast_from_less_than_two_weeks(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.log_time(db, rid, "http", _at(date(2026, 10, 28), 9), 120, now=NOW)
    view = _view(db, rid).forecast
    assert view.forecast is None and view.weeks == ((date(2026, 10, 26), 0.0, 2.0),)
    assert "two full weeks" in view.reason


def test_streaks_only_when_switched_on(history) -> None:
    db, rid, _other = history
    assert _view(db, rid).streaks is None
    streak = _view(db, rid, streaks=True).streaks
    assert streak is not None and (streak.current, streak.longest) == (2, 2)
    lenient = _view(db, rid, streaks=True, streak_minutes=1, rest_days=0).streaks
    assert lenient is not None and lenient.current == 2


def test_sessions_on_a_day_with_their_share(history) -> None:
    db, rid, _other = history
    rows = stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, rid)
    assert [(r.title, r.minutes_on_day, r.row.minutes) for r in rows] == [
        ("How HTTP works", 30, 60),
        ("Version control with Git", 50, 50),
    ]
    assert len(stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, None)) == 3
    choices = stats_sessions.step_choices(db, rid)
    assert [c.step_key for c in choices] == ["http", "git", "sql", "api-project"]
    assert stats_sessions.step_choices(db)[0].label == "Another roadmap — Web basics"


def test_editing_a_session_is_undoable_and_checked(history) -> None:
    db, rid, _other = history
    first, second = stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, rid)
    before, change = stats_sessions.update_session(
        db, second.row.id, _at(date(2026, 11, 3), 9, 0), 95, "revised", now=NOW
    )
    assert change.roadmap_id == rid
    edited = stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, rid)[1]
    assert (edited.row.minutes, edited.row.note, edited.local_start.hour) == (95, "revised", 9)
    stats_sessions.restore_session(db, before)
    again = stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, rid)[1]
    assert again.row == second.row
    with pytest.raises(UserFacingError, match="overlaps"):
        stats_sessions.update_session(
            db, second.row.id, _at(date(2026, 11, 2), 23, 45), 30, "", now=NOW
        )
    with pytest.raises(UserFacingError, match="future"):
        stats_sessions.update_session(db, second.row.id, _at(TODAY, 18, 0), 30, "", now=NOW)
    # a session may keep overlapping itself when it is only made longer
    stats_sessions.update_session(db, second.row.id, _at(date(2026, 11, 3), 10, 0), 60, "", now=NOW)
    snapshot, _change = stats_sessions.delete_session(db, first.row.id)
    assert len(stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, rid)) == 1
    stats_sessions.restore_session(db, snapshot)
    assert len(stats_sessions.sessions_on_day(db, date(2026, 11, 3), BERLIN, rid)) == 2


DST_DAYS = [
    date(2026, 3, 28),
    date(2026, 3, 29),
    date(2026, 10, 24),
    date(2026, 10, 25),
    date(2026, 7, 1),
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(DST_DAYS), st.integers(0, 24 * 60 - 1), st.integers(1, 600)),
        max_size=12,
    )
)
def test_sql_day_totals_match_splitting_every_session(tiny, sessions) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    rows = [
        (_utc(_at(day, 0) + timedelta(minutes=offset)), minutes)
        for day, offset, minutes in sessions
    ]
    with db.transaction() as session:
        session.execute(delete(StudySession))
        for started, minutes in rows:
            session.add(
                StudySession(roadmap_id=rid, step_key="http", started_at=started, minutes=minutes)
            )
    first, last = date(2026, 3, 1), date(2026, 11, 1)
    with db.reading() as session:
        totals = minutes_by_day(session, first, last, BERLIN, rid)
    expected: dict[date, list[int]] = {}
    for started, minutes in rows:
        for day, part in split_by_local_day(started, minutes, BERLIN):
            entry = expected.setdefault(day, [0, 0])
            entry[0] += part
            entry[1] += 1
    assert totals == {d: (m, c) for d, (m, c) in expected.items() if first <= d <= last}
    assert sum(m for m, _c in totals.values()) == sum(m for _s, m in rows)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        # within the 26 weekly bars: they start on Monday 11 May, 177 days before TODAY
        st.tuples(st.integers(1, 176), st.integers(0, 24 * 60 - 1), st.integers(1, 900)),
        max_size=15,
    )
)
def test_every_view_adds_up_to_the_sessions_total(tiny, sessions) -> None:
    """Days, weeks and the heatmap total all equal the minutes stored (around both DST nights)."""
    db, rid = tiny.db, tiny.roadmap_id
    today = date(2026, 11, 4)
    rows = [
        (_utc(_at(today - timedelta(days=back), 0) + timedelta(minutes=offset)), minutes)
        for back, offset, minutes in sessions
    ]
    rows = [(s, m) for s, m in rows if s + timedelta(minutes=m) <= _utc(_at(today, 0))]
    with db.transaction() as session:
        session.execute(delete(StudySession))
        for started, minutes in rows:
            session.add(
                StudySession(roadmap_id=rid, step_key="http", started_at=started, minutes=minutes)
            )
    view = stats_view(db, rid, today, BERLIN, 0, StatsOptions(weeks=26, streaks=True))
    total = sum(m for _s, m in rows)
    assert sum(d.minutes for d in view.days) == total
    assert sum(w.logged_minutes for w in view.weeks) == total
    assert view.streaks is not None and view.streaks.longest <= len(
        {d.day for d in view.days if d.minutes}
    )
