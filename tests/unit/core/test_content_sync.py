"""Writing roadmap content into the database: merging by key keeps the learner's progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import (
    Phase,
    PracticeQuestion,
    Resource,
    Roadmap,
    Step,
    StepProgress,
    StepResource,
    StepStatus,
    Topic,
    TopicTick,
)
from roadmap_desktop.core.roadmap_format import RoadmapSpec, parse_roadmap
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import roadmap_overview, step_detail

TODAY = date(2026, 11, 20)


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _steps(db: Database, roadmap_id: int) -> dict[str, tuple[str | None, int, str, bool]]:
    """key -> (phase key, position, title, archived)."""
    with db.reading() as session:
        rows = session.execute(
            select(Step.key, Phase.key, Step.position, Step.title, Step.archived)
            .outerjoin(Phase, Step.phase_id == Phase.id)
            .where(Step.roadmap_id == roadmap_id)
        ).all()
    return {key: (phase, pos, title, archived) for key, phase, pos, title, archived in rows}


def test_first_sync_creates_everything(db: Database, tiny_spec: RoadmapSpec, sync) -> None:
    report = sync(db, tiny_spec)
    assert report.created and not report.unchanged
    assert report.added_steps == ["http", "git", "sql", "api-project"]
    assert report.updated_steps == report.archived_steps == report.removed_steps == []
    with db.reading() as session:
        roadmap = session.scalar(select(Roadmap).where(Roadmap.slug == "tiny"))
        assert roadmap is not None
        assert (roadmap.title, roadmap.content_version) == ("Tiny roadmap", 1)
        assert roadmap.content_hash == tiny_spec.content_hash
        assert roadmap.source_ref == "test:tiny"
        roadmap_id = roadmap.id
    assert _count(db, Phase) == 2
    assert _count(db, Step) == 4
    assert _count(db, Topic) == 7
    assert _count(db, Resource) == 4
    assert _count(db, StepResource) == 4
    assert _count(db, PracticeQuestion) == 2
    assert _steps(db, roadmap_id) == {
        "http": ("basics", 0, "How HTTP works", False),
        "git": ("basics", 1, "Version control with Git", False),
        "sql": ("data", 0, "Relational databases", False),
        "api-project": ("data", 1, "Build an API", False),
    }
    detail = step_detail(db, roadmap_id, "sql")
    assert [t.key for t in detail.topics] == ["joins", "indexes"]
    assert [(r.title, r.url) for r in detail.resources] == [
        ("Use The Index, Luke", "https://use-the-index-luke.com/"),
        ("SQL notes", None),
    ]
    assert [q.key for q in detail.questions] == ["q-join"]


def test_syncing_the_same_spec_again_is_unchanged(tiny, tiny_spec: RoadmapSpec, sync) -> None:
    before = _steps(tiny.db, tiny.roadmap_id)
    report = sync(tiny.db, tiny_spec)
    assert report.unchanged and not report.created
    assert report.added_steps == report.updated_steps == report.removed_steps == []
    assert _steps(tiny.db, tiny.roadmap_id) == before
    assert _count(tiny.db, Topic) == 7
    assert _count(tiny.db, Resource) == 4


def _record_progress(tiny) -> None:
    rid = tiny.roadmap_id
    study.set_step_status(tiny.db, rid, "sql", StepStatus.DONE)  # moved in v2
    study.set_topic_ticked(tiny.db, rid, "sql", "joins", True)
    study.save_note(tiny.db, rid, "http", "HTTP is stateless.")  # renamed in v2
    study.set_topic_ticked(tiny.db, rid, "http", "methods", True)
    study.set_topic_ticked(tiny.db, rid, "http", "http-2-tls", True)  # topic removed in v2


def test_new_content_version_keeps_progress_of_surviving_steps(
    tiny, tiny_v2_spec: RoadmapSpec, sync
) -> None:
    _record_progress(tiny)
    rid = tiny.roadmap_id
    sql_before = step_detail(tiny.db, rid, "sql")

    report = sync(tiny.db, tiny_v2_spec)

    assert not report.created and not report.unchanged
    assert report.added_steps == ["caching"]
    assert sorted(report.updated_steps) == ["api-project", "http", "sql"]
    assert report.removed_steps == ["git"]  # it had no progress
    assert report.archived_steps == []
    steps = _steps(tiny.db, rid)
    assert steps == {
        "http": ("basics", 0, "HTTP in depth", False),
        "sql": ("basics", 1, "Relational databases", False),
        "caching": ("data", 0, "Caching", False),
        "api-project": ("data", 1, "Build an API", False),
    }
    sql = step_detail(tiny.db, rid, "sql")
    assert sql.phase_title == "Basics"
    assert sql.status == StepStatus.DONE
    assert (sql.started_at, sql.done_at) == (sql_before.started_at, sql_before.done_at)
    assert [(t.key, t.done) for t in sql.topics] == [("joins", True), ("indexes", False)]
    http = step_detail(tiny.db, rid, "http")
    assert http.title == "HTTP in depth"
    assert http.note_md == "HTTP is stateless."
    assert [(t.key, t.done) for t in http.topics] == [
        ("methods", True),
        ("status-codes", False),
        ("headers", False),
    ]
    with tiny.db.reading() as session:
        roadmap = session.get(Roadmap, rid)
        assert roadmap is not None
        assert (roadmap.title, roadmap.content_version) == ("Tiny roadmap (second edition)", 2)
    overview = roadmap_overview(tiny.db, rid, TODAY)
    rows = {s.key: s for p in overview.phases for s in p.steps}
    assert (rows["http"].topics_total, rows["http"].topics_done) == (3, 1)  # stale tick not counted
    assert rows["http"].has_note
    assert [p.start_week for p in overview.phases] == [1, 4]


def test_removed_step_with_progress_is_archived_not_deleted(
    tiny, tiny_v2_spec: RoadmapSpec, sync
) -> None:
    rid = tiny.roadmap_id
    study.set_step_status(tiny.db, rid, "git", StepStatus.IN_PROGRESS)
    study.save_note(tiny.db, rid, "git", "Rebase vs merge.")
    study.set_topic_ticked(tiny.db, rid, "git", "commits", True)

    report = sync(tiny.db, tiny_v2_spec)

    assert report.archived_steps == ["git"]
    assert report.removed_steps == []
    assert _steps(tiny.db, rid)["git"] == (None, 1, "Version control with Git", True)
    overview = roadmap_overview(tiny.db, rid, TODAY)
    assert overview.phase_of("git") is None
    assert "git" not in {s.key for p in overview.phases for s in p.steps}
    git = step_detail(tiny.db, rid, "git")
    assert git.phase_title == "Archived"
    assert git.status == StepStatus.IN_PROGRESS
    assert git.note_md == "Rebase vs merge."
    assert [(t.key, t.done) for t in git.topics] == [("commits", True), ("branches", False)]


def test_archived_step_that_returns_is_restored_with_progress(
    tiny, tiny_spec: RoadmapSpec, tiny_v2_spec: RoadmapSpec, sync
) -> None:
    rid = tiny.roadmap_id
    study.set_step_status(tiny.db, rid, "git", StepStatus.DONE)
    sync(tiny.db, tiny_v2_spec)
    back = replace(tiny_spec, content_version=3, content_hash="v3")
    report = sync(tiny.db, back)
    assert report.archived_steps == []
    assert _steps(tiny.db, rid)["git"] == ("basics", 1, "Version control with Git", False)
    assert roadmap_overview(tiny.db, rid, TODAY).phase_of("git") == 0
    assert step_detail(tiny.db, rid, "git").status == StepStatus.DONE


def test_removed_step_without_progress_is_deleted(tiny, tiny_v2_spec: RoadmapSpec, sync) -> None:
    rid = tiny.roadmap_id
    # Progress rows that carry nothing (status back to todo, empty note) do not keep a step.
    before, _ = study.set_step_status(tiny.db, rid, "git", StepStatus.IN_PROGRESS)
    study.restore_step_status(tiny.db, rid, "git", before)
    report = sync(tiny.db, tiny_v2_spec)
    assert report.removed_steps == ["git"]
    assert "git" not in _steps(tiny.db, rid)
    with tiny.db.reading() as session:
        assert session.scalar(select(Topic).where(Topic.key == "commits")) is None
        links = session.scalars(select(StepResource.step_id)).all()
        step_ids = set(session.scalars(select(Step.id)))
    assert set(links) <= step_ids


def test_progress_rows_are_never_touched_by_a_content_update(
    tiny, tiny_v2_spec: RoadmapSpec, sync
) -> None:
    _record_progress(tiny)

    def snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        with tiny.db.reading() as session:
            prog = session.execute(
                select(
                    StepProgress.step_key,
                    StepProgress.status,
                    StepProgress.started_at,
                    StepProgress.done_at,
                    StepProgress.note_md,
                    StepProgress.note_updated_at,
                ).order_by(StepProgress.step_key)
            ).all()
            ticks = session.execute(
                select(TopicTick.step_key, TopicTick.topic_key, TopicTick.ticked_at).order_by(
                    TopicTick.step_key, TopicTick.topic_key
                )
            ).all()
        return [tuple(r) for r in prog], [tuple(r) for r in ticks]

    before = snapshot()
    sync(tiny.db, tiny_v2_spec)
    assert snapshot() == before


def test_resources_are_shared_by_url_across_roadmaps(tiny, load_spec, sync) -> None:
    report = sync(tiny.db, load_spec("other.yaml"))
    assert report.created
    with tiny.db.reading() as session:
        urls = session.scalars(select(Resource.url).where(Resource.url.is_not(None))).all()
        notes = session.scalars(select(Resource).where(Resource.title == "SQL notes")).all()
    assert len(urls) == 3  # MDN (also with a trailing slash), Pro Git, Use The Index, Luke
    assert len(notes) == 1  # no URL: matched by title and kind
    other_id = _roadmap_id(tiny.db, "other")
    mdn_tiny = step_detail(tiny.db, tiny.roadmap_id, "http").resources[0]
    mdn_other, notes_other = step_detail(tiny.db, other_id, "web-basics").resources
    assert mdn_other.id == mdn_tiny.id
    assert mdn_other.title == "MDN HTTP guide"  # the first stored copy is kept
    assert notes_other.id == step_detail(tiny.db, tiny.roadmap_id, "sql").resources[1].id


def test_a_resource_listed_twice_in_one_step_is_linked_once(db: Database, sync) -> None:
    spec = parse_roadmap(
        b"""format: roadmap-desktop/roadmap
format_version: 1
slug: twice
title: Twice
content_version: 1
phases:
  - key: a
    title: A
    weeks: [1, 1]
    steps:
      - key: s
        title: S
        effort_hours: 1
        body: b
        resources:
          - {title: X, url: "https://x.org/", kind: docs}
          - {title: X again, url: "https://x.org", kind: docs}
          - {title: Y, url: "https://y.org", kind: docs}
""",
        "twice.yaml",
    )
    sync(db, spec)
    detail = step_detail(db, _roadmap_id(db, "twice"), "s")
    assert [r.url for r in detail.resources] == ["https://x.org/", "https://y.org"]


def test_questions_are_replaced(tiny, tiny_v2_spec: RoadmapSpec, sync) -> None:
    sync(tiny.db, tiny_v2_spec)
    with tiny.db.reading() as session:
        rows = session.execute(
            select(
                PracticeQuestion.key,
                PracticeQuestion.step_key,
                PracticeQuestion.position,
                PracticeQuestion.answer_md,
            ).order_by(PracticeQuestion.position)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("q-status", "http", 0, "Nothing was found at that address."),
        ("q-cache", "caching", 1, "Invalidation."),
    ]
    assert step_detail(tiny.db, tiny.roadmap_id, "sql").questions == ()


def test_a_removed_phase_is_deleted(tiny, tiny_spec: RoadmapSpec, sync) -> None:
    merged = replace(
        tiny_spec,
        content_version=2,
        content_hash="one-phase",
        phases=(
            replace(
                tiny_spec.phases[0], steps=tiny_spec.phases[0].steps + tiny_spec.phases[1].steps
            ),
        ),
    )
    sync(tiny.db, merged)
    overview = roadmap_overview(tiny.db, tiny.roadmap_id, TODAY)
    assert [p.key for p in overview.phases] == ["basics"]
    assert [s.key for s in overview.phases[0].steps] == ["http", "git", "sql", "api-project"]
    assert _count(tiny.db, Phase) == 1


def _roadmap_id(db: Database, slug: str) -> int:
    with db.reading() as session:
        found = session.scalar(select(Roadmap.id).where(Roadmap.slug == slug))
    assert found is not None
    return found
