"""Study time services: the crash-proof study timer and logged study sessions.

The timer is one row of the active_timer table, written on every start, pause, resume and stop,
so a crash or a killed process loses nothing: on the next start timer_state() reports it still
running, with the elapsed time measured from stored UTC instants (DST cannot distort it).
Re-exported by services.planner, which the UI imports.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.db import Database, session_sqlite
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import ActiveTimer, Step, StepProgress, StudySession
from roadmap_desktop.services import step_sql, timer_sql
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.planner_values import RecoveredTimer, SessionRow
from roadmap_desktop.services.queries import timer_state as timer_state
from roadmap_desktop.services.step_sql import TIMER_ID

# A timer found running longer than max_hours was forgotten: its unattended stretch counts this
# much at most (the longest block "Plan my week" proposes). The learner can correct the session.
STALE_CREDIT_MINUTES = 180
MAX_NOTE_CHARS = 10_000
FUTURE_SLACK = timedelta(minutes=1)


def _step(session: Session, roadmap_id: int | None, step_key: str | None) -> Step | None:
    if roadmap_id is None or step_key is None:
        return None
    return session.scalar(select(Step).where(Step.roadmap_id == roadmap_id, Step.key == step_key))


def _require_step(session: Session, roadmap_id: int, step_key: str) -> Step:
    step = _step(session, roadmap_id, step_key)
    if step is None:
        raise NotFoundError(f"No step {step_key!r} in this roadmap.")
    return step


def _changed(*keys: str | None, roadmap_id: int | None, status: bool = False) -> ChangeSet:
    kinds = (ChangeKind.TIME, ChangeKind.STATUS) if status else (ChangeKind.TIME,)
    return ChangeSet.of(*kinds, roadmap_id=roadmap_id, step_keys={k for k in keys if k is not None})


# --- timer -------------------------------------------------------------------------------------


def _record(session: Session, timer: ActiveTimer, seconds: int) -> int | None:
    """Store the timer's time as a session when it reaches a minute; drop the timer row."""
    minutes = min(seconds // 60, maths.MAX_MINUTES)
    session_id = None
    if minutes >= 1:
        row = StudySession(
            roadmap_id=timer.roadmap_id,
            step_key=timer.step_key,
            started_at=timer.first_started_at,
            minutes=minutes,
            note="",
            source="timer",
        )
        session.add(row)
        session.flush()
        session_id = row.id
    session.delete(timer)
    return session_id


def start_timer(
    db: Database, roadmap_id: int, step_key: str, now: datetime | None = None
) -> ChangeSet:
    """Start timing a step. A paused timer of the same step resumes; one of another step is
    stopped first and its session recorded. A step still to do is marked in progress: timing it
    means the learner has begun."""
    moment = maths.stored_utc(now)
    previous: str | None = None
    with db.transaction() as session:
        _require_step(session, roadmap_id, step_key)
        began = _mark_begun(session, roadmap_id, step_key, moment)
        timer = session.get(ActiveTimer, TIMER_ID)
        if timer is not None and (timer.roadmap_id, timer.step_key) == (roadmap_id, step_key):
            if timer.running_since is None:
                timer.running_since = moment
            return _changed(step_key, roadmap_id=roadmap_id, status=began)
        if timer is not None:
            previous = timer.step_key
            seconds = maths.elapsed_seconds(timer.accumulated_seconds, timer.running_since, moment)
            _record(session, timer, seconds)
            session.flush()
        session.add(
            ActiveTimer(
                id=TIMER_ID,
                roadmap_id=roadmap_id,
                step_key=step_key,
                first_started_at=moment,
                running_since=moment,
                accumulated_seconds=0,
            )
        )
    return _changed(previous, step_key, roadmap_id=roadmap_id, status=began)


def _mark_begun(session: Session, roadmap_id: int, step_key: str, moment: datetime) -> bool:
    """Mark a to-do step in progress (True when it was to do)."""
    row = session.get(StepProgress, (roadmap_id, step_key))
    if row is None:
        row = StepProgress(
            roadmap_id=roadmap_id, step_key=step_key, status=StepStatus.TODO, note_md=""
        )
        session.add(row)
    if row.status not in (None, StepStatus.TODO):
        return False
    row.status = StepStatus.IN_PROGRESS
    row.started_at = row.started_at or moment
    return True


def pause_timer(db: Database, now: datetime | None = None) -> ChangeSet:
    """Pause the running timer (nothing happens when there is none or it is paused)."""
    with db.transaction() as session:
        timer = session.get(ActiveTimer, TIMER_ID)
        if timer is None or timer.running_since is None:
            return ChangeSet.of()
        timer.accumulated_seconds = maths.elapsed_seconds(
            timer.accumulated_seconds, timer.running_since, maths.stored_utc(now)
        )
        timer.running_since = None
        return _changed(timer.step_key, roadmap_id=timer.roadmap_id)


def resume_timer(db: Database, now: datetime | None = None) -> ChangeSet:
    """Resume a paused timer (nothing happens when there is none or it runs)."""
    with db.transaction() as session:
        timer = session.get(ActiveTimer, TIMER_ID)
        if timer is None or timer.running_since is not None:
            return ChangeSet.of()
        timer.running_since = maths.stored_utc(now)
        return _changed(timer.step_key, roadmap_id=timer.roadmap_id)


def stop_timer(db: Database, now: datetime | None = None) -> tuple[int | None, ChangeSet]:
    """Stop the timer and record a "timer" session when it ran at least a minute.

    Returns the new session's id (None when under a minute or no timer). Whole minutes count;
    a session is capped at 24 hours and filed on the local day the timer was first started.
    """
    with db.transaction() as session:
        timer = session.get(ActiveTimer, TIMER_ID)
        if timer is None:
            return None, ChangeSet.of()
        key, roadmap_id = timer.step_key, timer.roadmap_id
        seconds = maths.elapsed_seconds(
            timer.accumulated_seconds, timer.running_since, maths.stored_utc(now)
        )
        session_id = _record(session, timer, seconds)
    return session_id, _changed(key, roadmap_id=roadmap_id)


def discard_timer(db: Database) -> ChangeSet:
    """Throw the timer away without recording anything."""
    with db.transaction() as session:
        timer = session.get(ActiveTimer, TIMER_ID)
        if timer is None:
            return ChangeSet.of()
        key, roadmap_id = timer.step_key, timer.roadmap_id
        session.delete(timer)
    return _changed(key, roadmap_id=roadmap_id)


def recover_stale_timer(
    db: Database, now: datetime, max_hours: float = 12
) -> tuple[RecoveredTimer | None, ChangeSet]:
    """Stop a timer left running more than max_hours since it was last started or resumed.

    Call on startup. Rule: a stretch that long was not studied through (the timer was forgotten
    or the app died with it running). Time before the last resume counts in full; the unattended
    stretch counts for at most STALE_CREDIT_MINUTES, i.e. the session ends at the last sensible
    moment, running_since + 3 h. The result says what was recorded and what was left out, so the
    UI can tell the learner. Paused timers and timers running less long are left alone.
    """
    moment = maths.stored_utc(now)
    with db.transaction() as session:
        # The rule the window's start-up read uses (queries.timer_left_running), here in the
        # transaction that stops the timer.
        if not timer_sql.runs_longer_than(session_sqlite(session), moment, max_hours):
            return None, ChangeSet.of()
        timer = session.get(ActiveTimer, TIMER_ID)
        assert timer is not None and timer.running_since is not None
        full = maths.elapsed_seconds(timer.accumulated_seconds, timer.running_since, moment)
        counted = maths.stale_timer_seconds(
            timer.accumulated_seconds,
            timer.running_since,
            moment,
            credit_minutes=STALE_CREDIT_MINUTES,
        )
        step = _step(session, timer.roadmap_id, timer.step_key)
        key, roadmap_id, started = timer.step_key, timer.roadmap_id, timer.first_started_at
        session_id = _record(session, timer, counted)
    recorded = min(counted // 60, maths.MAX_MINUTES) if session_id is not None else 0
    report = RecoveredTimer(
        session_id=session_id,
        title=step.title if step else (key or "Study"),
        started_at=maths.as_aware_utc(started),
        recorded_minutes=recorded,
        uncounted_minutes=full // 60 - recorded,
    )
    return report, _changed(key, roadmap_id=roadmap_id)


# --- sessions ----------------------------------------------------------------------------------


def _row(s: StudySession) -> SessionRow:
    return SessionRow(
        id=s.id,
        roadmap_id=s.roadmap_id,
        step_key=s.step_key,
        started_at=maths.as_aware_utc(s.started_at),
        minutes=s.minutes,
        note=s.note,
        source=s.source,
    )


def _check_overlap(
    session: Session, start: datetime, minutes: int, shown_in: datetime, skip: int | None = None
) -> None:
    """Refuse a session that overlaps a stored one (but `skip`); the message names the other."""
    end = start + timedelta(minutes=minutes)
    candidates = session.scalars(
        select(StudySession)
        .where(
            StudySession.started_at < end,
            StudySession.started_at > start - timedelta(minutes=maths.MAX_MINUTES),
        )
        .order_by(StudySession.started_at)
    )
    for other in candidates:
        if other.id == skip or other.started_at + timedelta(minutes=other.minutes) <= start:
            continue
        zone = shown_in.tzinfo
        first = maths.as_aware_utc(other.started_at).astimezone(zone)
        last = first + timedelta(minutes=other.minutes)
        step = _step(session, other.roadmap_id, other.step_key)
        what = step.title if step else (other.step_key or "study")
        raise UserFacingError(
            f"This overlaps the session already logged on {first:%a %Y-%m-%d} from "
            f"{first:%H:%M} to {last:%H:%M} ({other.minutes} min, {what}). "
            "Change the start time or the minutes, or delete that session first."
        )


def _check_session(started_at: datetime, minutes: int, note: str, now: datetime | None) -> datetime:
    """The UTC start of a session the learner entered; a UserFacingError says what is wrong."""
    if started_at.tzinfo is None:
        raise ValueError("a logged session needs an aware started_at (local time with its zone)")
    maths.check_minutes(minutes, "A study session")
    maths.check_day(started_at.date(), "The session's date")
    if len(note) > MAX_NOTE_CHARS:
        raise UserFacingError(f"A session note can have at most {MAX_NOTE_CHARS:,} characters.")
    start = maths.to_utc(started_at)
    if start + timedelta(minutes=minutes) > maths.stored_utc(now) + FUTURE_SLACK:
        raise UserFacingError(
            "This session would end in the future. Log time once it is studied, "
            "or plan it as a block instead."
        )
    return start


def log_time(
    db: Database,
    roadmap_id: int,
    step_key: str,
    started_at: datetime,
    minutes: int,
    note: str = "",
    now: datetime | None = None,
) -> tuple[int, ChangeSet]:
    """Record study done away from the timer; started_at must be timezone-aware.

    Refused with a clear message: minutes outside 1–1440, a date outside 1970–2100, a session
    that ends in the future, or one overlapping a session already stored.
    """
    start = _check_session(started_at, minutes, note, now)
    with db.transaction() as session:
        _require_step(session, roadmap_id, step_key)
        _check_overlap(session, start, minutes, started_at)
        row = StudySession(
            roadmap_id=roadmap_id,
            step_key=step_key,
            started_at=start,
            minutes=minutes,
            note=note.strip(),
            source="manual",
        )
        session.add(row)
        session.flush()
        session_id = row.id
    return session_id, _changed(step_key, roadmap_id=roadmap_id)


def update_session(
    db: Database,
    session_id: int,
    started_at: datetime,
    minutes: int,
    note: str,
    now: datetime | None = None,
) -> tuple[SessionRow, ChangeSet]:
    """Correct a logged session's start, length and note (same checks as log_time).

    Returns the session as it was, so restore_session undoes the edit.
    """
    start = _check_session(started_at, minutes, note, now)
    with db.transaction() as session:
        row = session.get(StudySession, session_id)
        if row is None:
            raise NotFoundError(f"No study session with id {session_id}.")
        before = _row(row)
        _check_overlap(session, start, minutes, started_at, skip=session_id)
        row.started_at, row.minutes, row.note = start, minutes, note.strip()
    return before, _changed(before.step_key, roadmap_id=before.roadmap_id)


def delete_session(db: Database, session_id: int) -> tuple[SessionRow, ChangeSet]:
    """Delete a study session; returns it whole so restore_session can undo the deletion."""
    with db.transaction() as session:
        row = session.get(StudySession, session_id)
        if row is None:
            raise NotFoundError(f"No study session with id {session_id}.")
        snapshot = _row(row)
        session.delete(row)
    return snapshot, _changed(snapshot.step_key, roadmap_id=snapshot.roadmap_id)


def restore_session(db: Database, snapshot: SessionRow) -> ChangeSet:
    """Put a session back exactly as the snapshot holds it (same id), re-creating it if deleted."""
    with db.transaction() as session:
        row = session.get(StudySession, snapshot.id)
        if row is None:
            row = StudySession(id=snapshot.id)
            session.add(row)
        row.roadmap_id, row.step_key = snapshot.roadmap_id, snapshot.step_key
        row.started_at, row.minutes = maths.to_utc(snapshot.started_at), snapshot.minutes
        row.note, row.source = snapshot.note, snapshot.source
    return _changed(snapshot.step_key, roadmap_id=snapshot.roadmap_id)


def sessions_for_step(db: Database, roadmap_id: int, step_key: str) -> list[SessionRow]:
    """Every session logged for a step, newest first."""
    with db.reading() as session:
        rows = session.scalars(
            select(StudySession)
            .where(StudySession.roadmap_id == roadmap_id, StudySession.step_key == step_key)
            .order_by(StudySession.started_at.desc(), StudySession.id.desc())
        )
        return [_row(r) for r in rows]


def step_logged_minutes(db: Database, roadmap_id: int, step_key: str) -> int:
    """Total minutes studied for a step (timer and manual sessions)."""
    with db.raw_reading() as conn:
        return step_sql.logged_minutes(conn, roadmap_id, step_key)
