"""The roadmap editor's services: every edit, its undo, and bundled roadmaps left alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.models import (
    Origin,
    PlanBlock,
    Roadmap,
    StepKind,
    StepStatus,
    StudySession,
)
from roadmap_desktop.core.roadmap_format import RoadmapSpec
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services import planner, study
from roadmap_desktop.services import roadmap_edit as edit
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.curriculum import apply_import, archived_steps
from roadmap_desktop.services.export import export_roadmap
from roadmap_desktop.services.queries import list_roadmaps, roadmap_overview, step_detail

TODAY = date(2026, 11, 20)


def _layout(db: Database, roadmap_id: int) -> list[tuple[str, list[str]]]:
    overview = roadmap_overview(db, roadmap_id, TODAY)
    return [(p.key, [s.key for s in p.steps]) for p in overview.phases]


def _bundled(db: Database, spec: RoadmapSpec) -> int:
    with db.transaction() as session:
        sync_roadmap(session, spec, origin=Origin.BUNDLED, source_ref=f"bundled:{spec.slug}")
        roadmap = session.scalar(select(Roadmap).where(Roadmap.slug == spec.slug))
        assert roadmap is not None
        return roadmap.id


def test_create_a_roadmap_from_scratch(db: Database) -> None:
    rid, change = edit.create_roadmap(db, "  My   own plan ")
    assert change.touches(ChangeKind.ROADMAPS) and change.roadmap_id == rid
    overview = roadmap_overview(db, rid, TODAY)
    assert (overview.slug, overview.title) == ("my-own-plan", "My own plan")
    assert [(p.key, p.title, p.start_week, p.end_week, p.steps) for p in overview.phases] == [
        ("phase-1", "Phase 1", 1, 2, ())
    ]
    other, _ = edit.create_roadmap(db, "My own plan")
    assert roadmap_overview(db, other, TODAY).slug == "my-own-plan-2"
    assert [s.origin for s in list_roadmaps(db)] == ["custom", "custom"]
    with pytest.raises(UserFacingError, match="must not be empty"):
        edit.create_roadmap(db, "   ")


def test_phases_add_rename_weeks_move_and_undo(db: Database) -> None:
    rid, _ = edit.create_roadmap(db, "Plan")
    key, _ = edit.add_phase(db, rid, "Databases")
    assert key == "databases"
    first, _ = edit.add_phase(db, rid, "Warm-up", after_key=None)
    between, _ = edit.add_phase(db, rid, "Between", after_key="phase-1")
    assert [k for k, _ in _layout(db, rid)] == ["phase-1", "between", "databases", "warm-up"]
    phases = roadmap_overview(db, rid, TODAY).phases
    assert [(p.start_week, p.end_week) for p in phases] == [(1, 2), (3, 4), (3, 4), (5, 6)]
    old, _ = edit.rename_phase(db, rid, "databases", "Data stores")
    assert old == "Databases"
    weeks, _ = edit.set_phase_weeks(db, rid, "databases", 5, 9)
    assert weeks == (3, 4)
    with pytest.raises(UserFacingError, match="1 ≤ start ≤ end ≤ 520"):
        edit.set_phase_weeks(db, rid, "databases", 9, 5)
    position, _ = edit.move_phase(db, rid, "warm-up", 0)
    assert position == 3
    assert [k for k, _ in _layout(db, rid)] == ["warm-up", "phase-1", "between", "databases"]
    edit.move_phase(db, rid, "warm-up", position)  # undo
    assert [k for k, _ in _layout(db, rid)] == ["phase-1", "between", "databases", "warm-up"]
    assert (first, between) == ("warm-up", "between")


def test_steps_add_update_move_and_undo(db: Database) -> None:
    rid, _ = edit.create_roadmap(db, "Plan")
    edit.add_phase(db, rid, "Later")
    a, _ = edit.add_step(db, rid, "phase-1", "Learn SQL")
    b, _ = edit.add_step(db, rid, "phase-1", "Learn SQL")
    c, _ = edit.add_step(db, rid, "phase-1", "Intro", position=0)
    assert (a, b, c) == ("learn-sql", "learn-sql-2", "intro")
    assert _layout(db, rid) == [("phase-1", ["intro", "learn-sql", "learn-sql-2"]), ("later", [])]

    before, change = edit.update_step(
        db, rid, "learn-sql", body_md="## Why\nTables.", effort_hours=6, kind="project"
    )
    assert change.step_keys == frozenset({"learn-sql"})
    assert (before.title, before.body_md, before.effort_hours, before.kind) == (
        "Learn SQL",
        "",
        1.0,
        StepKind.TOPIC,
    )
    detail = step_detail(db, rid, "learn-sql")
    assert (detail.body_md, detail.hours, detail.kind) == ("## Why\nTables.", 6, StepKind.PROJECT)
    edit.restore_step_fields(db, rid, "learn-sql", before)
    assert step_detail(db, rid, "learn-sql").body_md == ""
    for bad in ({"effort_hours": 0}, {"kind": "lecture"}, {"title": ""}):
        with pytest.raises(UserFacingError):
            edit.update_step(db, rid, "learn-sql", **bad)  # type: ignore[arg-type]

    old, _ = edit.move_step(db, rid, "intro", "later", 0)
    assert old == ("phase-1", 0)
    assert _layout(db, rid) == [("phase-1", ["learn-sql", "learn-sql-2"]), ("later", ["intro"])]
    edit.move_step(db, rid, "intro", *old)  # undo
    assert _layout(db, rid) == [("phase-1", ["intro", "learn-sql", "learn-sql-2"]), ("later", [])]
    edit.move_step(db, rid, "intro", "phase-1", 99)  # positions are clamped
    assert _layout(db, rid)[0] == ("phase-1", ["learn-sql", "learn-sql-2", "intro"])


def test_delete_step_archives_progress_and_undo_restores(db: Database) -> None:
    rid, _ = edit.create_roadmap(db, "Plan")
    for title in ("One", "Two", "Three"):
        edit.add_step(db, rid, "phase-1", title)
    study.save_note(db, rid, "two", "My note on two.")
    plain, _ = edit.delete_step(db, rid, "one")
    kept, _ = edit.delete_step(db, rid, "two")
    assert (plain.deleted, kept.deleted) == (True, False)
    assert _layout(db, rid) == [("phase-1", ["three"])]
    assert [(a.key, a.has_note) for a in archived_steps(db, rid)] == [("two", True)]
    edit.restore_step(db, kept)
    edit.restore_step(db, plain)
    assert _layout(db, rid) == [("phase-1", ["one", "two", "three"])]
    assert step_detail(db, rid, "two").note_md == "My note on two."
    assert archived_steps(db, rid) == []


def test_delete_phase_is_undoable(db: Database) -> None:
    rid, _ = edit.create_roadmap(db, "Plan")
    edit.add_phase(db, rid, "Second")
    for title in ("A", "B", "C"):
        edit.add_step(db, rid, "phase-1", title)
    edit.add_step(db, rid, "second", "D")
    study.set_step_status(db, rid, "b", StepStatus.DONE)
    snap, change = edit.delete_phase(db, rid, "phase-1")
    assert change.step_keys == frozenset({"a", "b", "c"})
    assert _layout(db, rid) == [("second", ["d"])]
    assert [a.key for a in archived_steps(db, rid)] == ["b"]
    edit.restore_phase(db, snap)
    assert _layout(db, rid) == [("phase-1", ["a", "b", "c"]), ("second", ["d"])]
    assert step_detail(db, rid, "b").status == StepStatus.DONE


def test_bundled_roadmaps_are_not_edited(db: Database, tiny_spec: RoadmapSpec) -> None:
    rid = _bundled(db, tiny_spec)
    for action in (
        lambda: edit.rename_roadmap(db, rid, "Mine"),
        lambda: edit.add_phase(db, rid, "More"),
        lambda: edit.add_step(db, rid, "basics", "More"),
        lambda: edit.update_step(db, rid, "http", title="HTTP"),
        lambda: edit.delete_step(db, rid, "http"),
        lambda: edit.delete_phase(db, rid, "data"),
        lambda: edit.delete_roadmap(db, rid),
    ):
        with pytest.raises(UserFacingError, match="Make my own copy"):
            action()


def test_make_my_own_copy_keeps_progress_linked(
    db: Database, tiny_spec: RoadmapSpec, tiny_v2_spec: RoadmapSpec
) -> None:
    rid = _bundled(db, tiny_spec)
    study.set_step_status(db, rid, "http", StepStatus.DONE)
    study.set_topic_ticked(db, rid, "git", "commits", True)
    study.save_note(db, rid, "sql", "Joins are the point.")
    study.set_schedule(db, rid, date(2026, 11, 2), 8)
    started = datetime(2026, 11, 3, 18, 0, tzinfo=UTC)
    planner.log_time(db, rid, "http", started, 30, now=started + timedelta(hours=2))
    copy_id, change = edit.copy_roadmap(db, rid, "My backend plan")
    assert change.roadmap_id == copy_id != rid
    original, copy = export_roadmap(db, "tiny"), export_roadmap(db, "my-backend-plan")
    assert copy["roadmap"]["origin"] == "custom"
    assert copy["roadmap"]["phases"] == original["roadmap"]["phases"]  # content and progress
    assert copy["roadmap"]["start_date"] == "2026-11-02"
    assert copy["roadmap"]["questions"] == original["roadmap"]["questions"]
    assert planner.step_logged_minutes(db, copy_id, "http") == 0  # time is not counted twice
    assert planner.step_logged_minutes(db, rid, "http") == 30
    with db.reading() as session:
        stored = session.get(Roadmap, copy_id)
        assert stored is not None and stored.source_ref == "copy-of:tiny"

    edit.add_step(db, copy_id, "basics", "My extra step")
    edit.update_step(db, copy_id, "http", title="HTTP, my way")
    # The bundled original still updates with the app; the copy is the learner's.
    _bundled(db, tiny_v2_spec)
    assert export_roadmap(db, "tiny")["roadmap"]["content_version"] == 2
    assert step_detail(db, copy_id, "http").title == "HTTP, my way"
    assert step_detail(db, copy_id, "http").status == StepStatus.DONE


def test_delete_roadmap_and_restore_everything(db: Database) -> None:
    rid, _ = edit.create_roadmap(db, "Plan")
    edit.add_step(db, rid, "phase-1", "Step")
    study.set_step_status(db, rid, "step", StepStatus.IN_PROGRESS)
    study.save_note(db, rid, "step", "note")
    planner.add_block(db, date(2026, 11, 24), 45, roadmap_id=rid, step_key="step")
    started = datetime(2026, 11, 3, 18, 0, tzinfo=UTC)
    planner.log_time(db, rid, "step", started, 20, now=started + timedelta(hours=2))
    planner.start_timer(db, rid, "step")
    before = export_roadmap(db, "plan")
    snap, _ = edit.delete_roadmap(db, rid)
    assert [r.slug for r in list_roadmaps(db)] == []
    with db.reading() as session:
        block = session.scalar(select(PlanBlock))
        assert block is not None and (block.roadmap_id, block.step_key, block.title) == (
            None,
            None,
            "Step",
        )
        assert session.scalar(select(StudySession.roadmap_id)) is None
    restored, _ = edit.restore_roadmap(db, snap)
    assert restored == rid
    after = export_roadmap(db, "plan")
    assert {**after, "exported_at": None} == {**before, "exported_at": None}
    with db.reading() as session:
        block = session.scalar(select(PlanBlock))
        assert block is not None and (block.roadmap_id, block.step_key, block.title) == (
            rid,
            "step",
            "",
        )
    assert planner.step_logged_minutes(db, rid, "step") == 20
    state = planner.timer_state(db)
    assert state is not None and (state.roadmap_id, state.step_key) == (rid, "step")


def test_editing_an_import_lets_the_same_file_apply_again(db: Database) -> None:
    text = b"---\nslug: notes\n---\n# Notes\n\n## P\n\n### Alpha\ntext\n\n### Beta\nmore\n"
    apply_import(db, parse_markdown_curriculum(text, "notes.md"))
    rid = next(r.id for r in list_roadmaps(db) if r.slug == "notes")
    edit.update_step(db, rid, "alpha", title="Alpha (edited)")
    plan, _ = apply_import(db, parse_markdown_curriculum(text, "notes.md"), update_slug="notes")
    assert plan.changed == ["alpha"]
    assert step_detail(db, rid, "alpha").title == "Alpha"
