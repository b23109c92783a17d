"""Study time on a real database: the crash-proof timer (pause, DST, stale recovery) and
logged sessions (overlaps, bad input, undo)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import ActiveTimer, StudySession
from roadmap_desktop.services import planner, queries
from roadmap_desktop.services.changes import ChangeKind

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # "now" for logging: after the test week


def _day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def _berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


# --- timer -------------------------------------------------------------------------------------


def _t(minutes: float) -> datetime:
    return datetime(2026, 11, 16, 18, 0, tzinfo=UTC) + timedelta(minutes=minutes)


def _sessions(db: Database) -> list[tuple[object, ...]]:
    with db.reading() as session:
        return [
            (s.step_key, s.started_at, s.minutes, s.source)
            for s in session.scalars(select(StudySession).order_by(StudySession.id))
        ]


def test_timer_start_pause_resume_stop_records_a_session(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    assert planner.timer_state(db) is None
    change = planner.start_timer(db, rid, "http", now=_t(0))
    # Timing a step still to do marks it in progress, in the same transaction.
    assert change.kinds == {ChangeKind.TIME, ChangeKind.STATUS} and change.step_keys == {"http"}
    assert queries.step_detail(db, rid, "http").status == StepStatus.IN_PROGRESS
    state = planner.timer_state(db, now=_t(10))
    assert state is not None
    assert (state.title, state.elapsed_seconds, state.running) == ("How HTTP works", 600, True)
    assert state.first_started_at == _t(0)
    planner.pause_timer(db, now=_t(25))
    assert planner.timer_state(db, now=_t(60)).elapsed_seconds == 25 * 60
    assert not planner.timer_state(db, now=_t(60)).running
    planner.resume_timer(db, now=_t(60))
    session_id, change = planner.stop_timer(db, now=_t(80.5))
    assert session_id is not None and change.step_keys == {"http"}
    assert _sessions(db) == [("http", _t(0).replace(tzinfo=None), 45, "timer")]
    assert planner.timer_state(db) is None


def test_a_timer_under_a_minute_records_nothing(tiny) -> None:
    planner.start_timer(tiny.db, tiny.roadmap_id, "http", now=_t(0))
    assert planner.stop_timer(tiny.db, now=_t(0.9))[0] is None
    assert _sessions(tiny.db) == [] and planner.timer_state(tiny.db) is None


def test_starting_another_step_stops_the_running_timer_first(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.start_timer(db, rid, "http", now=_t(0))
    change = planner.start_timer(db, rid, "git", now=_t(30))
    assert change.step_keys == {"http", "git"}
    assert _sessions(db) == [("http", _t(0).replace(tzinfo=None), 30, "timer")]
    state = planner.timer_state(db, now=_t(40))
    assert (state.step_key, state.elapsed_seconds) == ("git", 600)


def test_starting_the_same_step_again_keeps_or_resumes_it(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.start_timer(db, rid, "http", now=_t(0))
    planner.start_timer(db, rid, "http", now=_t(5))
    assert planner.timer_state(db, now=_t(10)).elapsed_seconds == 600
    planner.pause_timer(db, now=_t(10))
    planner.start_timer(db, rid, "http", now=_t(20))
    assert planner.timer_state(db, now=_t(30)).elapsed_seconds == 20 * 60


def test_a_running_timer_survives_a_crash(tiny, db_path) -> None:
    planner.start_timer(tiny.db, tiny.roadmap_id, "sql", now=_t(0))
    tiny.db.close()  # the process dies; nothing else is written
    reopened = open_database(db_path)
    try:
        state = planner.timer_state(reopened, now=_t(95))
        assert state is not None and state.running
        assert (state.step_key, state.elapsed_seconds) == ("sql", 95 * 60)
        assert planner.stop_timer(reopened, now=_t(95))[0] is not None
        assert _sessions(reopened)[0][2] == 95
    finally:
        reopened.close()


def test_a_timer_across_the_spring_forward_night_records_true_minutes(tiny) -> None:
    start = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)
    stop = datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)  # one real hour later
    planner.start_timer(tiny.db, tiny.roadmap_id, "http", now=start)
    assert planner.timer_state(tiny.db, now=stop).elapsed_seconds == 3600
    planner.stop_timer(tiny.db, now=stop)
    assert _sessions(tiny.db)[0][2] == 60


def test_a_stale_timer_is_stopped_and_capped(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.start_timer(db, rid, "git", now=_t(0))
    planner.pause_timer(db, now=_t(40))
    planner.resume_timer(db, now=_t(50))
    assert planner.recover_stale_timer(db, _t(50 + 11 * 60))[0] is None  # 11 h: left alone
    report, change = planner.recover_stale_timer(db, _t(50 + 14 * 60))
    assert report is not None and change.kinds == {ChangeKind.TIME}
    assert report.recorded_minutes == 40 + 180 and report.title == "Version control with Git"
    assert report.uncounted_minutes == 14 * 60 - 180
    assert _sessions(db) == [("git", _t(0).replace(tzinfo=None), 220, "timer")]
    assert planner.timer_state(db) is None


def test_the_start_up_read_finds_exactly_the_timers_recovery_stops(tiny) -> None:
    # The window reads this first, so most starts (no timer left running) write nothing.
    db, rid = tiny.db, tiny.roadmap_id
    assert not queries.timer_left_running(db, _t(0))
    planner.start_timer(db, rid, "git", now=_t(0))
    assert not queries.timer_left_running(db, _t(11 * 60))
    assert queries.timer_left_running(db, _t(12 * 60 + 1))
    planner.pause_timer(db, now=_t(30))
    assert not queries.timer_left_running(db, _t(60 * 48))  # paused: never stale


def test_a_paused_timer_is_never_stale(tiny) -> None:
    planner.start_timer(tiny.db, tiny.roadmap_id, "git", now=_t(0))
    planner.pause_timer(tiny.db, now=_t(30))
    assert planner.recover_stale_timer(tiny.db, _t(60 * 48))[0] is None
    assert planner.timer_state(tiny.db).elapsed_seconds == 1800


def test_discard_and_no_timer_are_harmless(tiny) -> None:
    db = tiny.db
    assert planner.stop_timer(db) == (None, planner.stop_timer(db)[1])
    assert not planner.pause_timer(db).kinds and not planner.resume_timer(db).kinds
    planner.start_timer(db, tiny.roadmap_id, "http", now=_t(0))
    assert planner.discard_timer(db).kinds == {ChangeKind.TIME}
    assert _sessions(db) == [] and planner.timer_state(db) is None
    with tiny.db.reading() as session:
        assert session.get(ActiveTimer, 1) is None


def test_a_timer_for_an_unknown_step_is_refused(tiny) -> None:
    with pytest.raises(NotFoundError):
        planner.start_timer(tiny.db, tiny.roadmap_id, "nope")


# --- logged sessions ---------------------------------------------------------------------------


def test_log_time_and_read_it_back(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    first, change = planner.log_time(db, rid, "sql", _berlin(MONDAY, 18), 45, "joins", now=NOW)
    second, _ = planner.log_time(db, rid, "sql", _berlin(_day(1), 9), 30, now=NOW)
    assert change.kinds == {ChangeKind.TIME} and change.step_keys == {"sql"}
    rows = planner.sessions_for_step(db, rid, "sql")
    assert [r.id for r in rows] == [second, first]  # newest first
    assert rows[1].started_at == datetime(2026, 11, 16, 17, 0, tzinfo=UTC)
    assert (rows[1].minutes, rows[1].note, rows[1].source) == (45, "joins", "manual")
    assert planner.step_logged_minutes(db, rid, "sql") == 75
    assert planner.step_logged_minutes(db, rid, "git") == 0


def test_an_overlapping_session_is_refused_naming_the_other_one(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.log_time(db, rid, "http", _berlin(MONDAY, 18), 60, now=NOW)
    with pytest.raises(UserFacingError) as caught:
        planner.log_time(db, rid, "git", _berlin(MONDAY, 18, 30), 60, now=NOW)
    message = str(caught.value)
    assert "Mon 2026-11-16" in message and "18:00 to 19:00" in message
    assert "How HTTP works" in message
    # Touching is not overlapping; nor is a session the day before.
    planner.log_time(db, rid, "git", _berlin(MONDAY, 19), 30, now=NOW)
    planner.log_time(db, rid, "git", _berlin(MONDAY, 17), 60, now=NOW)
    with pytest.raises(UserFacingError, match="overlaps"):
        planner.log_time(db, rid, "git", _berlin(MONDAY, 16), 24 * 60 - 16 * 60 + 60, now=NOW)
    assert planner.step_logged_minutes(db, rid, "git") == 90


def test_a_session_from_the_previous_evening_overlaps_across_midnight(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    planner.log_time(db, rid, "http", _berlin(MONDAY, 23, 30), 60, now=NOW)
    with pytest.raises(UserFacingError, match="Mon 2026-11-16 from 23:30 to 00:30"):
        planner.log_time(db, rid, "git", _berlin(_day(1), 0, 15), 30, now=NOW)


@pytest.mark.parametrize(
    ("started", "minutes", "message"),
    [
        (datetime(2026, 11, 16, 18, tzinfo=BERLIN), 0, "between 1 and 1440"),
        (datetime(2026, 11, 16, 18, tzinfo=BERLIN), -15, "between 1 and 1440"),
        (datetime(2026, 11, 16, 18, tzinfo=BERLIN), 1441, "between 1 and 1440"),
        (datetime(1969, 7, 20, 20, tzinfo=BERLIN), 60, "outside the supported range"),
        (datetime(2026, 12, 1, 18, tzinfo=BERLIN), 60, "in the future"),
    ],
)
def test_bad_sessions_are_refused(tiny, started, minutes, message) -> None:
    with pytest.raises(UserFacingError, match=message):
        planner.log_time(tiny.db, tiny.roadmap_id, "http", started, minutes, now=NOW)
    assert _sessions(tiny.db) == []


def test_log_time_needs_an_aware_time(tiny) -> None:
    with pytest.raises(ValueError, match="aware"):
        planner.log_time(tiny.db, tiny.roadmap_id, "http", datetime(2026, 11, 16, 18), 30)


def test_delete_and_restore_a_session_exactly(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    session_id, _ = planner.log_time(db, rid, "http", _berlin(MONDAY, 8), 25, "early", now=NOW)
    before = planner.sessions_for_step(db, rid, "http")
    snapshot, change = planner.delete_session(db, session_id)
    assert change.kinds == {ChangeKind.TIME} and planner.sessions_for_step(db, rid, "http") == []
    planner.restore_session(db, snapshot)
    assert planner.sessions_for_step(db, rid, "http") == before
    with pytest.raises(NotFoundError):
        planner.delete_session(db, 999)
