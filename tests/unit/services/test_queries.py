"""Read-side services: the numbers and texts the roadmap page, step pane and `list` show."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap_desktop.core.enums import StepKind
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import StepStatus
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import (
    list_roadmaps,
    roadmap_id_for,
    roadmap_overview,
    step_detail,
)
from roadmap_desktop.services.snapshots import ResourceRow

TODAY = date(2026, 11, 20)  # a Friday, in week 3 of a roadmap started on Monday 2 November


def _progress(tiny) -> None:
    rid = tiny.roadmap_id
    study.set_schedule(tiny.db, rid, date(2026, 11, 2), 10)
    study.set_step_status(tiny.db, rid, "http", StepStatus.DONE)  # 4 h
    study.set_step_status(tiny.db, rid, "git", StepStatus.SKIPPED)  # 6 h
    study.set_topic_ticked(tiny.db, rid, "sql", "joins", True)  # 10 h, half its topics
    study.set_step_status(tiny.db, rid, "sql", StepStatus.IN_PROGRESS)
    study.save_note(tiny.db, rid, "api-project", "Use FastAPI?")


def test_overview_of_a_fresh_roadmap(tiny) -> None:
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    assert (overview.slug, overview.title) == ("tiny", "Tiny roadmap")
    assert overview.summary_md == "A very small roadmap for tests.\n"
    assert [(p.key, p.title, p.start_week, p.end_week) for p in overview.phases] == [
        ("basics", "Basics", 1, 2),
        ("data", "Data", 3, 5),
    ]
    assert [[s.key for s in p.steps] for p in overview.phases] == [
        ["http", "git"],
        ["sql", "api-project"],
    ]
    assert overview.completion == 0.0
    assert overview.current_phase == 0
    assert overview.start_date is None and overview.current_week == 0
    assert overview.weekly_hours == 10.0
    assert overview.total_weeks == 5
    assert overview.remaining_hours == 40.0
    assert overview.projected_finish == date(2026, 12, 18)  # 40 h at 10 h a week: 28 days
    assert [p.hours_total for p in overview.phases] == [10.0, 30.0]
    first = overview.phases[0].steps[0]
    assert (first.title, first.kind, first.hours, first.status) == (
        "How HTTP works",
        StepKind.TOPIC,
        4.0,
        StepStatus.TODO,
    )
    assert (first.topics_total, first.topics_done, first.has_note) == (3, 0, False)


def test_overview_numbers_with_progress(tiny) -> None:
    _progress(tiny)
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    basics, data = overview.phases
    assert (basics.steps_finished, len(basics.steps), basics.completion) == (2, 2, 1.0)
    assert data.steps_finished == 0
    assert data.completion == pytest.approx(5 / 30)
    assert overview.completion == pytest.approx(15 / 40)
    assert overview.current_phase == 1
    assert overview.start_date == date(2026, 11, 2)
    assert overview.current_week == 3
    assert overview.remaining_hours == pytest.approx(25.0)
    assert overview.projected_finish == date(2026, 12, 8)  # 25 h / 10 h a week = 17.5 → 18 days
    rows = {s.key: s for p in overview.phases for s in p.steps}
    assert rows["http"].status == StepStatus.DONE
    assert rows["git"].status == StepStatus.SKIPPED
    assert (rows["sql"].status, rows["sql"].topics_done, rows["sql"].topics_total) == (
        StepStatus.IN_PROGRESS,
        1,
        2,
    )
    assert rows["api-project"].has_note and not rows["sql"].has_note
    assert overview.phase_of("sql") == 1 and overview.phase_of("nope") is None


def test_overview_week_before_the_start_is_zero(tiny) -> None:
    study.set_schedule(tiny.db, tiny.roadmap_id, date(2026, 12, 7), 5)
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    assert overview.current_week == 0
    assert overview.projected_finish == date(2027, 1, 15)  # 40 h at 5 h a week: 56 days


def test_overview_of_a_finished_roadmap(tiny) -> None:
    for key in ("http", "git", "sql", "api-project"):
        study.set_step_status(tiny.db, tiny.roadmap_id, key, StepStatus.DONE)
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    assert overview.completion == 1.0
    assert overview.current_phase == 1  # the last phase when everything is done
    assert overview.remaining_hours == 0.0
    assert overview.projected_finish == TODAY


def test_overview_of_an_unknown_roadmap(tiny) -> None:
    with pytest.raises(NotFoundError):
        roadmap_overview(tiny.db, tiny.roadmap_id + 1, TODAY)


def test_step_detail_contents(tiny) -> None:
    rid = tiny.roadmap_id
    study.set_topic_ticked(tiny.db, rid, "http", "status-codes", True)
    study.save_note(tiny.db, rid, "http", "404 vs 410")
    detail = step_detail(tiny.db, rid, "http")
    assert detail.roadmap_id == rid
    assert (detail.key, detail.title, detail.kind, detail.hours) == (
        "http",
        "How HTTP works",
        StepKind.TOPIC,
        4.0,
    )
    assert detail.body_md == "Requests, responses and status codes.\n"
    assert detail.phase_title == "Basics"
    assert detail.status == StepStatus.TODO and detail.started_at is None
    assert detail.note_md == "404 vs 410"
    assert [(t.key, t.text, t.done) for t in detail.topics] == [
        ("methods", "Methods", False),
        ("status-codes", "Status codes", True),
        ("http-2-tls", "HTTP/2 & TLS", False),
    ]
    assert detail.resources == (
        ResourceRow(
            id=detail.resources[0].id,
            title="MDN HTTP guide",
            url="https://developer.mozilla.org/en-US/docs/Web/HTTP",
            kind="docs",
            author="Mozilla",
            cost="free",
        ),
    )
    assert [(q.key, q.prompt_md, q.answer_md) for q in detail.questions] == [
        ("q-status", "What does status code 404 mean?", "The resource was not found.")
    ]
    project = step_detail(tiny.db, rid, "api-project")
    assert project.kind == StepKind.PROJECT
    assert project.phase_title == "Data"
    assert project.topics == project.resources == project.questions == ()
    assert project.note_md == "" and project.note_updated_at is None


def test_step_detail_of_an_unknown_step(tiny) -> None:
    with pytest.raises(NotFoundError, match="'nope'"):
        step_detail(tiny.db, tiny.roadmap_id, "nope")


def test_list_roadmaps_with_percent(tiny, load_spec, sync) -> None:
    sync(tiny.db, load_spec("other.yaml"))
    _progress(tiny)
    summaries = list_roadmaps(tiny.db)
    assert [(s.slug, s.title, s.percent, s.steps_total, s.steps_finished) for s in summaries] == [
        ("other", "Another roadmap", 0, 1, 0),  # same position: ordered by title
        ("tiny", "Tiny roadmap", 37, 4, 2),  # 15 of 40 hours = 37.5 %, shown as 37
    ]
    assert {s.origin for s in summaries} == {"imported"}
    study.set_step_status(tiny.db, tiny.roadmap_id, "sql", StepStatus.DONE)
    study.set_step_status(tiny.db, tiny.roadmap_id, "api-project", StepStatus.DONE)
    done = {s.slug: s for s in list_roadmaps(tiny.db)}["tiny"]
    assert (done.percent, done.steps_finished) == (100, 4)


def test_list_roadmaps_of_an_empty_database(db) -> None:
    assert list_roadmaps(db) == []


def test_roadmap_id_for_names_the_known_slugs(tiny, load_spec, sync) -> None:
    sync(tiny.db, load_spec("other.yaml"))
    assert roadmap_id_for(tiny.db, "tiny") == tiny.roadmap_id
    with pytest.raises(NotFoundError) as info:
        roadmap_id_for(tiny.db, "nope")
    message = str(info.value)
    assert "'nope'" in message and "tiny" in message and "other" in message
