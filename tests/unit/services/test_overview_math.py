"""An overview updated in memory from a few re-read step rows equals a fresh read, always."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core import progress
from roadmap_desktop.core.models import StepStatus
from roadmap_desktop.services import overview_math, planner, study
from roadmap_desktop.services.queries import (
    list_roadmaps,
    roadmap_overview,
    roadmap_summary,
    step_detail,
    step_rows,
)

TODAY = date(2026, 11, 20)
STEPS = ("http", "git", "sql", "api-project")

actions = st.lists(
    st.one_of(
        st.tuples(st.just("status"), st.sampled_from(STEPS), st.sampled_from(list(StepStatus))),
        st.tuples(st.just("tick"), st.sampled_from(STEPS), st.integers(0, 2), st.booleans()),
        st.tuples(st.just("note"), st.sampled_from(STEPS), st.sampled_from(("", "a note"))),
    ),
    min_size=1,
    max_size=6,
)


def _apply(tiny, action: tuple) -> str:  # type: ignore[type-arg]
    rid = tiny.roadmap_id
    kind, key = action[0], action[1]
    if kind == "status":
        study.set_step_status(tiny.db, rid, key, action[2])
    elif kind == "tick":
        topics = step_detail(tiny.db, rid, key).topics
        if topics:
            topic = topics[action[2] % len(topics)]
            study.set_topic_ticked(tiny.db, rid, key, topic.key, action[3])
    else:
        study.save_note(tiny.db, rid, key, action[2])
    return str(key)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions)
def test_patched_overview_equals_a_fresh_read(tiny, steps) -> None:  # type: ignore[no-untyped-def]
    rid = tiny.roadmap_id
    study.set_schedule(tiny.db, rid, date(2026, 11, 2), 3)
    overview = roadmap_overview(tiny.db, rid, TODAY)
    for action in steps:
        key = _apply(tiny, action)
        where = overview_math.phase_index(overview) if len(steps) % 2 else None
        overview = overview_math.with_steps(overview, step_rows(tiny.db, rid, [key]), TODAY, where)
        fresh = roadmap_overview(tiny.db, rid, TODAY)
        assert overview == fresh
        weekly, start, logged = planner.schedule_pace(tiny.db, rid, TODAY)
        assert overview_math.projection(overview, weekly, start, TODAY, logged=logged) == (
            planner.schedule_projection(tiny.db, rid, TODAY)
        )
        summary = roadmap_summary(tiny.db, rid)
        assert summary == next(r for r in list_roadmaps(tiny.db) if r.id == rid)
        assert progress.percent(overview.completion) == summary.percent  # header = switcher


def test_step_rows_read_only_what_is_asked(tiny) -> None:
    rid = tiny.roadmap_id
    assert step_rows(tiny.db, rid, []) == []
    assert step_rows(tiny.db, rid, ["no-such-step"]) == []
    study.set_topic_ticked(tiny.db, rid, "git", "commits", True)
    study.save_note(tiny.db, rid, "git", "remember rebase")
    (row,) = step_rows(tiny.db, rid, ["git"])
    assert (row.key, row.topics_done, row.topics_total, row.has_note) == ("git", 1, 2, True)
    fresh = {s.key: s for p in roadmap_overview(tiny.db, rid, TODAY).phases for s in p.steps}
    assert row == fresh["git"]


def test_rows_of_unknown_steps_leave_the_overview_as_it_was(tiny) -> None:
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    assert overview_math.with_steps(overview, [], TODAY) == overview


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(STEPS), st.sampled_from(("", "a note"))), max_size=6))
def test_note_marks_put_in_place_equal_a_fresh_read(tiny, notes) -> None:  # type: ignore[no-untyped-def]
    """A note written or emptied changes no figure: putting the rows in place without
    recomputing gives what a fresh read gives."""
    rid = tiny.roadmap_id
    overview = roadmap_overview(tiny.db, rid, TODAY)
    where = overview_math.phase_index(overview)
    for key, text in notes:
        study.save_note(tiny.db, rid, key, text)
        overview = overview_math.with_note_marks(overview, step_rows(tiny.db, rid, [key]), where)
        assert overview == roadmap_overview(tiny.db, rid, TODAY)
