"""One study-time setting for the welcome, the Schedule dialog and the planner."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.services import planner, queries, study, study_time
from roadmap_desktop.services.changes import ChangeKind

MONDAY = date(2026, 11, 16)


def test_proposed_hours_are_the_hours_then_used(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    proposed = study_time.proposed_hours(db, [rid])[rid]
    study.ensure_started(db, rid, MONDAY)  # what opening the roadmap does before the welcome
    assert queries.roadmap_overview(db, rid, MONDAY).weekly_hours == proposed
    study_time.set_study_time(db, rid, MONDAY, proposed)
    assert queries.roadmap_overview(db, rid, MONDAY).weekly_hours == proposed
    assert study_time.study_time(db, rid).weekly_hours == proposed


def test_setting_hours_fills_the_availability(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    before, change = study_time.set_study_time(db, rid, MONDAY, 9)
    assert sum(before.values()) == 0
    assert change.touches(ChangeKind.SCHEDULE) and change.touches(ChangeKind.PLAN)
    offered = planner.availability(db)
    assert sum(offered.values()) == 9 * 60 and offered[5] > offered[0] > 0
    # Changing the hours rescales the days the learner shaped, free days stay free.
    planner.set_availability(db, {0: 60, 1: 0, 2: 60, 3: 0, 4: 60, 5: 120, 6: 0})
    study_time.set_study_time(db, rid, MONDAY, 10)
    offered = planner.availability(db)
    assert offered[1] == offered[3] == offered[6] == 0 and sum(offered.values()) == 600


def test_changing_availability_updates_the_weekly_hours(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    study_time.set_study_time(db, rid, MONDAY, 10)
    study_time.set_week_availability(db, {d: 30 for d in range(7)})
    assert study_time.study_time(db, rid).weekly_hours == 3.5
    assert queries.roadmap_overview(db, rid, MONDAY).weekly_hours == 3.5


def test_bad_values_change_nothing(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    with pytest.raises(UserFacingError):
        study_time.set_study_time(db, rid, MONDAY, 0.2)
    with pytest.raises(UserFacingError):
        study_time.set_week_availability(db, {0: 2000})
    assert sum(planner.availability(db).values()) == 0


def test_not_late_on_the_first_day_even_at_a_slow_pace(tiny) -> None:
    db, rid = tiny.db, tiny.roadmap_id
    study_time.set_study_time(db, rid, MONDAY, 0.5)
    wednesday = date(2026, 11, 18)
    assert not any(p.late for p in planner.schedule_projection(db, rid, wednesday).phases)
