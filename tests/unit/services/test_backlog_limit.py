"""The backlog's query leaves finished steps out, so a limit reads only the next few steps."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.models import StepStatus
from roadmap_desktop.services import planner, queries, study

STEPS = ("http", "git", "sql", "api-project")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(st.sampled_from(STEPS), st.sampled_from(list(StepStatus))),
    st.integers(1, 5),
)
def test_limited_backlog_is_the_start_of_the_whole_one(tiny, statuses, limit) -> None:  # type: ignore[no-untyped-def]
    rid = tiny.roadmap_id
    for key, status in statuses.items():
        study.set_step_status(tiny.db, rid, key, status)
    today = date(2026, 11, 20)
    whole = planner.backlog(tiny.db, rid, None, today=today)
    overview = queries.roadmap_overview(tiny.db, rid, today)
    unfinished = [
        s.key
        for p in overview.phases
        for s in p.steps
        if s.status not in (StepStatus.DONE, StepStatus.SKIPPED)
    ]
    assert [b.step_key for b in whole] == unfinished
    assert planner.backlog(tiny.db, rid, limit, today=today) == whole[:limit]
