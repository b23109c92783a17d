"""The bundle: a lossless export of everything, and a merge that never duplicates or loses."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.models import Origin, PlanBlock, Resource, StepStatus, StudySession
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.core.roadmap_format import RoadmapSpec
from roadmap_desktop.importers.json_bundle import BundleFormatError
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services import library, planner, study
from roadmap_desktop.services import roadmap_edit as edit
from roadmap_desktop.services.backup_bundle import export_bundle, import_bundle
from roadmap_desktop.services.curriculum import apply_import
from roadmap_desktop.services.library import StepRef
from roadmap_desktop.services.queries import roadmap_id_for, step_detail

CURRICULA = Path(__file__).resolve().parents[2] / "fixtures" / "curricula"
STARTED = datetime(2026, 11, 10, 18, 0, tzinfo=UTC)


def _without_time(bundle: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bundle.items() if k != "exported_at"}


def _fill(db: Database, tiny_spec: RoadmapSpec, folder: Path) -> None:
    """A database using every feature: three kinds of roadmap, progress, library, planner."""
    pdf = folder / "book.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with db.transaction() as session:
        sync_roadmap(session, tiny_spec, origin=Origin.BUNDLED, source_ref="bundled:tiny")
    tiny = roadmap_id_for(db, "tiny")
    study.set_step_status(db, tiny, "http", StepStatus.DONE)
    study.set_step_status(db, tiny, "git", StepStatus.SKIPPED)
    study.set_topic_ticked(db, tiny, "sql", "joins", True)
    study.save_note(db, tiny, "sql", "Joins.\n\n```sql\nselect 1;\n```")
    study.set_schedule(db, tiny, date(2026, 11, 2), 7.5)
    checklist = (CURRICULA / "checklist-readme.md").read_bytes()
    apply_import(db, parse_markdown_curriculum(checklist, "checklist-readme.md"))
    custom, _ = edit.create_roadmap(db, "Side project")
    edit.add_step(db, custom, "phase-1", "Build it")
    edit.add_step(db, custom, "phase-1", "Gone soon")
    study.save_note(db, custom, "gone-soon", "archived but kept")
    edit.delete_step(db, custom, "gone-soon")  # archived: it has a note
    res, _ = library.add_resource(
        db,
        ResourceDraft(
            title="My notes on HTTP",
            url="https://notes.example.org/http?utm_source=x",
            kind="article",
            author="Me",
            cost="free",
            status="done",
            rating=4,
            tags=("web", "reading"),
            note_md="Good.",
        ),
        link_to=StepRef(tiny, "Tiny roadmap", "http", "How HTTP works"),
    )
    library.add_resource(db, ResourceDraft(title="A local PDF", local_path=str(pdf), kind="book"))
    planner.add_block(db, date(2026, 11, 24), 60, roadmap_id=tiny, step_key="sql")
    planner.add_block(db, date(2026, 11, 24), 30, title="Read", start_time=time(18, 30))
    block_id, _ = planner.add_block(
        db, date(2026, 11, 25), 45, roadmap_id=custom, step_key="build-it"
    )
    planner.update_block(db, block_id, done=True)
    planner.log_time(db, tiny, "http", STARTED, 50, note="focused", now=STARTED + timedelta(days=1))
    planner.set_availability(db, {0: 60, 2: 90, 5: 180})
    planner.start_timer(db, custom, "build-it", now=STARTED + timedelta(days=2))
    del res


def test_bundle_round_trip_is_lossless(
    db: Database, tmp_path: Path, tiny_spec: RoadmapSpec
) -> None:
    _fill(db, tiny_spec, tmp_path)
    first = export_bundle(db)
    assert first["format"] == "roadmap-desktop/bundle" and first["format_version"] == 1
    assert [r["slug"] for r in first["roadmaps"]] == [
        "tiny",
        "backend-interview-checklist",
        "side-project",
    ]
    assert first["roadmaps"][2]["archived_steps"][0]["key"] == "gone-soon"
    assert first["active_timer"]["step"] == "build-it"
    data = json.dumps(first).encode()
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        report = import_bundle(fresh, data, "backup.json")
        assert report.roadmaps_created == ["tiny", "backend-interview-checklist", "side-project"]
        assert (report.plan_blocks_added, report.sessions_added) == (3, 1)
        assert report.availability_set == 3 and report.timer_restored
        assert report.resources_added == len(first["resources"])
        second = export_bundle(fresh)
        assert _without_time(second) == _without_time(first)
        # Importing the same bundle again adds nothing.
        again = import_bundle(fresh, data, "backup.json")
        assert again.roadmaps_merged == ["tiny", "backend-interview-checklist", "side-project"]
        counts = (
            again.steps_archived_added,
            again.progress_added,
            again.notes_merged,
            again.ticks_added,
            again.resources_added,
            again.links_added,
            again.plan_blocks_added,
            again.sessions_added,
            again.availability_set,
        )
        assert counts == (0,) * 9 and not again.timer_restored
        assert _without_time(export_bundle(fresh)) == _without_time(first)
    finally:
        fresh.close()


def test_merge_into_a_database_in_use(db: Database, tmp_path: Path, tiny_spec: RoadmapSpec) -> None:
    _fill(db, tiny_spec, tmp_path)
    bundle = export_bundle(db)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.transaction() as session:
            sync_roadmap(session, tiny_spec, origin=Origin.BUNDLED, source_ref="bundled:tiny")
        tiny = roadmap_id_for(other, "tiny")
        study.save_note(other, tiny, "sql", "My other computer's note.")
        study.set_topic_ticked(other, tiny, "sql", "indexes", True)
        study.set_step_status(other, tiny, "git", StepStatus.IN_PROGRESS)
        library.add_resource(
            other,
            ResourceDraft(title="Same page", url="https://NOTES.example.org/http/", kind="other"),
        )
        report = import_bundle(other, bundle, "backup.json")
        assert report.roadmaps_merged == ["tiny"]
        assert report.roadmaps_created == ["backend-interview-checklist", "side-project"]
        assert report.notes_merged == 1 and report.ticks_added == 1
        sql = step_detail(other, tiny, "sql")
        assert sql.note_md.startswith("My other computer's note.")
        assert sql.note_md.endswith("Joins.\n\n```sql\nselect 1;\n```")
        assert [t.done for t in sql.topics] == [True, True]
        assert step_detail(other, tiny, "git").status == StepStatus.IN_PROGRESS  # kept
        assert step_detail(other, tiny, "http").status == StepStatus.DONE  # gained
        with other.reading() as session:
            same = session.scalars(
                select(Resource).where(Resource.url_key == "https://notes.example.org/http")
            ).all()
            assert len(same) == 1  # matched by normalised URL, not duplicated
            assert (same[0].status, same[0].rating) == ("done", 4)
            assert sorted(t.tag for t in same[0].tags) == ["reading", "web"]
        assert report.links_added >= 1
        # The learner's link from the bundle now points at this library's copy of the page.
        assert "Same page" in [r.title for r in step_detail(other, tiny, "http").resources]
        before = export_bundle(other)
        import_bundle(other, bundle, "backup.json")
        assert _without_time(export_bundle(other)) == _without_time(before)
        summary = "\n".join(report.summary_lines())
        assert "roadmaps: 2 created, 1 merged" in summary
    finally:
        other.close()


def _valid() -> dict[str, Any]:
    return {"format": "roadmap-desktop/bundle", "format_version": 1, "roadmaps": []}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "roadmap-desktop/export"}, "format: must be 'roadmap-desktop/bundle'"),
        ({"format_version": 2}, "format_version: is 2, but this app reads up to 1"),
        ({"roadmaps": {}}, "roadmaps: must be a list"),
        ({"roadmaps": [{"slug": "Bad Slug"}]}, "roadmaps[0].slug: must be lowercase"),
        (
            {"resources": [{"id": 1, "title": "x", "url": "javascript:alert(1)", "kind": "book"}]},
            "resources[0].url: must be an http:// or https:// address",
        ),
        (
            {"plan_blocks": [{"day": "2026-13-01", "minutes": 30, "title": "x"}]},
            "plan_blocks[0].day: must be a date",
        ),
    ],
)
def test_bad_bundles_name_the_place_and_write_nothing(
    db: Database, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(BundleFormatError) as caught:
        import_bundle(db, {**_valid(), **change}, "backup.json")
    assert str(caught.value).startswith(f"backup.json: {message}")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(PlanBlock)) == 0


def test_bad_json_and_not_utf8(db: Database) -> None:
    with pytest.raises(BundleFormatError, match="line 2: not valid JSON"):
        import_bundle(db, b'{\n"format": }', "backup.json")
    with pytest.raises(BundleFormatError, match="not UTF-8"):
        import_bundle(db, b"\xff\xfe{}", "backup.json")


def test_failure_while_writing_leaves_everything_as_it_was(
    db: Database, tiny_spec: RoadmapSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(db, tiny_spec, tmp_path)
    bundle = export_bundle(db)
    target = open_database(tmp_path / "target.sqlite3")
    try:
        from roadmap_desktop.services import backup_bundle

        def broken(*args: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(backup_bundle, "_planner", broken)
        with pytest.raises(RuntimeError):
            import_bundle(target, bundle, "backup.json")
        empty = export_bundle(target)
        assert (empty["roadmaps"], empty["resources"]) == ([], [])
        with target.reading() as session:
            assert session.scalar(select(func.count()).select_from(StudySession)) == 0
    finally:
        target.close()
