"""Write-side services: status with undo, topic ticks, notes and the schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import RoadmapProgress, StepProgress, StepStatus, TopicTick
from roadmap_desktop.services import study
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.queries import roadmap_overview, step_detail
from roadmap_desktop.services.snapshots import StatusState

TODAY = date(2026, 11, 20)  # a Friday


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _state(db: Database, roadmap_id: int, key: str) -> StatusState:
    detail = step_detail(db, roadmap_id, key)
    return StatusState(detail.status, detail.started_at, detail.done_at)


def _progress_rows(db: Database) -> list[tuple[object, ...]]:
    with db.reading() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(
                    StepProgress.step_key,
                    StepProgress.status,
                    StepProgress.note_md,
                    StepProgress.note_updated_at,
                )
            )
        ]


# --- status ------------------------------------------------------------------------------------


def test_starting_a_step_sets_started_at(tiny) -> None:
    t0 = _utcnow()
    before, change = study.set_step_status(tiny.db, tiny.roadmap_id, "http", StepStatus.IN_PROGRESS)
    t1 = _utcnow()
    assert before == StatusState(StepStatus.TODO, None, None)
    assert change.kinds == {ChangeKind.STATUS}
    assert change.roadmap_id == tiny.roadmap_id and change.step_keys == {"http"}
    state = _state(tiny.db, tiny.roadmap_id, "http")
    assert state.status == StepStatus.IN_PROGRESS
    assert state.started_at is not None and t0 <= state.started_at <= t1
    assert state.done_at is None


def test_finishing_keeps_started_at_and_sets_done_at(tiny) -> None:
    rid = tiny.roadmap_id
    study.set_step_status(tiny.db, rid, "http", StepStatus.IN_PROGRESS)
    started = _state(tiny.db, rid, "http").started_at
    before, _ = study.set_step_status(tiny.db, rid, "http", StepStatus.DONE)
    assert before == StatusState(StepStatus.IN_PROGRESS, started, None)
    done = _state(tiny.db, rid, "http")
    assert done.status == StepStatus.DONE
    assert done.started_at == started
    assert done.done_at is not None and done.done_at >= started
    # Marking done again keeps the first completion time.
    study.set_step_status(tiny.db, rid, "http", StepStatus.DONE)
    assert _state(tiny.db, rid, "http").done_at == done.done_at
    # Back to todo: no longer done, but the start is remembered.
    study.set_step_status(tiny.db, rid, "http", StepStatus.TODO)
    assert _state(tiny.db, rid, "http") == StatusState(StepStatus.TODO, started, None)


def test_done_straight_from_todo_sets_both_times(tiny) -> None:
    study.set_step_status(tiny.db, tiny.roadmap_id, "git", StepStatus.DONE)
    state = _state(tiny.db, tiny.roadmap_id, "git")
    assert state.started_at is not None and state.started_at == state.done_at


def test_skipping_sets_no_times(tiny) -> None:
    study.set_step_status(tiny.db, tiny.roadmap_id, "git", StepStatus.SKIPPED)
    assert _state(tiny.db, tiny.roadmap_id, "git") == StatusState(StepStatus.SKIPPED, None, None)


def test_restore_step_status_restores_exactly(tiny) -> None:
    rid = tiny.roadmap_id
    first, _ = study.set_step_status(tiny.db, rid, "sql", StepStatus.IN_PROGRESS)
    middle_state = _state(tiny.db, rid, "sql")
    second, _ = study.set_step_status(tiny.db, rid, "sql", StepStatus.DONE)
    assert second == middle_state

    change = study.restore_step_status(tiny.db, rid, "sql", second)
    assert change.kinds == {ChangeKind.STATUS} and change.step_keys == {"sql"}
    assert _state(tiny.db, rid, "sql") == middle_state

    study.restore_step_status(tiny.db, rid, "sql", first)
    assert _state(tiny.db, rid, "sql") == StatusState(StepStatus.TODO, None, None)


def test_status_of_an_unknown_step_is_refused_and_writes_nothing(tiny) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        study.set_step_status(tiny.db, tiny.roadmap_id, "nope", StepStatus.DONE)
    with pytest.raises(NotFoundError):
        study.set_step_status(tiny.db, tiny.roadmap_id + 99, "http", StepStatus.DONE)
    assert _progress_rows(tiny.db) == []


# --- topic ticks ---------------------------------------------------------------------------------


def _ticks(db: Database) -> set[tuple[str, str]]:
    with db.reading() as session:
        return set(session.execute(select(TopicTick.step_key, TopicTick.topic_key)).tuples())


def test_ticking_and_unticking_a_topic(tiny) -> None:
    rid = tiny.roadmap_id
    change = study.set_topic_ticked(tiny.db, rid, "http", "methods", True)
    assert change.kinds == {ChangeKind.TOPICS} and change.step_keys == {"http"}
    study.set_topic_ticked(tiny.db, rid, "http", "methods", True)  # twice is still one tick
    study.set_topic_ticked(tiny.db, rid, "git", "branches", True)
    assert _ticks(tiny.db) == {("http", "methods"), ("git", "branches")}
    topics = step_detail(tiny.db, rid, "http").topics
    assert [(t.key, t.done) for t in topics] == [
        ("methods", True),
        ("status-codes", False),
        ("http-2-tls", False),
    ]
    study.set_topic_ticked(tiny.db, rid, "http", "methods", False)
    study.set_topic_ticked(tiny.db, rid, "http", "methods", False)
    assert _ticks(tiny.db) == {("git", "branches")}


def test_ticking_an_unknown_topic_raises_and_writes_nothing(tiny) -> None:
    rid = tiny.roadmap_id
    study.set_topic_ticked(tiny.db, rid, "sql", "joins", True)
    with pytest.raises(NotFoundError, match="nope"):
        study.set_topic_ticked(tiny.db, rid, "sql", "nope", True)
    with pytest.raises(NotFoundError):
        study.set_topic_ticked(tiny.db, rid, "sql", "methods", True)  # a topic of another step
    with pytest.raises(NotFoundError):
        study.set_topic_ticked(tiny.db, rid, "nope", "joins", True)
    assert _ticks(tiny.db) == {("sql", "joins")}


# --- notes ---------------------------------------------------------------------------------------


def test_note_round_trip(tiny) -> None:
    rid = tiny.roadmap_id
    text = "# Notes\n\nUnicode survives: café, 日本語, emoji 🚀\n\n```sql\nSELECT 1;\n```\n"
    t0 = _utcnow()
    change = study.save_note(tiny.db, rid, "sql", text)
    assert change.kinds == {ChangeKind.NOTE} and change.step_keys == {"sql"}
    detail = step_detail(tiny.db, rid, "sql")
    assert detail.note_md == text
    assert detail.note_updated_at is not None and detail.note_updated_at >= t0
    assert detail.status == StepStatus.TODO
    first_saved = detail.note_updated_at

    unchanged = study.save_note(tiny.db, rid, "sql", text)
    assert unchanged.kinds == frozenset()
    assert step_detail(tiny.db, rid, "sql").note_updated_at == first_saved

    study.save_note(tiny.db, rid, "sql", "")
    assert step_detail(tiny.db, rid, "sql").note_md == ""


def test_an_over_long_note_is_refused_and_the_old_note_kept(tiny) -> None:
    rid = tiny.roadmap_id
    study.save_note(tiny.db, rid, "http", "keep me")
    rows = _progress_rows(tiny.db)
    with pytest.raises(UserFacingError, match="was not saved"):
        study.save_note(tiny.db, rid, "http", "x" * (study.MAX_NOTE_CHARS + 1))
    assert _progress_rows(tiny.db) == rows
    assert step_detail(tiny.db, rid, "http").note_md == "keep me"


def test_a_note_of_exactly_the_limit_is_saved(tiny) -> None:
    text = "y" * study.MAX_NOTE_CHARS
    study.save_note(tiny.db, tiny.roadmap_id, "git", text)
    assert len(step_detail(tiny.db, tiny.roadmap_id, "git").note_md) == study.MAX_NOTE_CHARS


def test_a_note_on_an_unknown_step_is_refused(tiny) -> None:
    with pytest.raises(NotFoundError):
        study.save_note(tiny.db, tiny.roadmap_id, "nope", "text")
    assert _progress_rows(tiny.db) == []


# --- schedule ------------------------------------------------------------------------------------


def _plan(db: Database, roadmap_id: int) -> tuple[date, float] | None:
    with db.reading() as session:
        row = session.get(RoadmapProgress, roadmap_id)
        return (row.start_date, row.weekly_hours) if row else None


def test_set_schedule_stores_and_updates(tiny) -> None:
    rid = tiny.roadmap_id
    change = study.set_schedule(tiny.db, rid, date(2026, 9, 7), 12.5)
    assert change.kinds == {ChangeKind.SCHEDULE}
    assert _plan(tiny.db, rid) == (date(2026, 9, 7), 12.5)
    study.set_schedule(tiny.db, rid, date(2026, 10, 5), 0.5)
    assert _plan(tiny.db, rid) == (date(2026, 10, 5), 0.5)
    study.set_schedule(tiny.db, rid, date(2100, 12, 31), 100)
    assert _plan(tiny.db, rid) == (date(2100, 12, 31), 100.0)


@pytest.mark.parametrize(
    ("start", "hours", "message"),
    [
        (date(2026, 9, 7), 0.4, "Weekly hours"),
        (date(2026, 9, 7), 0, "Weekly hours"),
        (date(2026, 9, 7), 100.5, "Weekly hours"),
        (date(1999, 12, 31), 10, "start date"),
        (date(2101, 1, 1), 10, "start date"),
    ],
)
def test_set_schedule_validation_changes_nothing(
    tiny, start: date, hours: float, message: str
) -> None:
    rid = tiny.roadmap_id
    study.set_schedule(tiny.db, rid, date(2026, 9, 7), 8)
    with pytest.raises(UserFacingError, match=message):
        study.set_schedule(tiny.db, rid, start, hours)
    assert _plan(tiny.db, rid) == (date(2026, 9, 7), 8.0)


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 16), date(2026, 11, 19), date(2026, 11, 22)],
    ids=["monday", "thursday", "sunday"],
)
def test_ensure_started_picks_this_weeks_monday(tiny, today: date) -> None:
    change = study.ensure_started(tiny.db, tiny.roadmap_id, today)
    assert change is not None and change.kinds == {ChangeKind.SCHEDULE}
    start, pace = _plan(tiny.db, tiny.roadmap_id)
    assert start == date(2026, 11, 16)
    with tiny.db.reading() as session:
        assert pace == study.roadmap_pace(session, tiny.roadmap_id)


def test_the_default_pace_finishes_every_bundled_phase_on_time(tmp_path) -> None:
    """The pace a new roadmap starts with is its effort over its weeks, rounded up."""
    from roadmap_desktop.services import planner
    from roadmap_desktop.services.queries import list_roadmaps
    from roadmap_desktop.services.startup import open_store

    store = open_store(tmp_path / "data")
    try:
        for summary in list_roadmaps(store.db):
            study.ensure_started(store.db, summary.id, date(2026, 11, 16))
            if summary.slug == "backend-development-guide":
                # Its six language steps are alternatives: the learner picks one, skips five.
                for lang in ("nodejs", "java", "csharp", "go", "rust"):
                    study.set_step_status(
                        store.db, summary.id, f"language-{lang}", StepStatus.SKIPPED
                    )
            projection = planner.schedule_projection(store.db, summary.id, date(2026, 11, 16))
            late = [(p.key, p.days_late) for p in projection.phases if p.days_late >= 7]
            assert late == [], summary.slug
    finally:
        store.db.close()


def test_ensure_started_keeps_an_existing_schedule(tiny) -> None:
    study.set_schedule(tiny.db, tiny.roadmap_id, date(2026, 1, 7), 6)
    assert study.ensure_started(tiny.db, tiny.roadmap_id, TODAY) is None
    assert _plan(tiny.db, tiny.roadmap_id) == (date(2026, 1, 7), 6.0)
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    assert (overview.start_date, overview.weekly_hours) == (date(2026, 1, 7), 6.0)


def test_each_action_is_one_transaction(tiny) -> None:
    """A failing action leaves no partial rows behind (the step exists, the topic does not)."""
    with pytest.raises(NotFoundError):
        study.set_topic_ticked(tiny.db, tiny.roadmap_id, "http", "missing", True)
    with tiny.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(StepProgress)) == 0
        assert session.scalar(select(func.count()).select_from(TopicTick)) == 0
