"""Importing curricula: preview, apply, and updates that never lose the learner's work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import (
    PlanBlock,
    Resource,
    Roadmap,
    Step,
    StepProgress,
    StepStatus,
    StudySession,
    TopicTick,
)
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.importers.curriculum import CurriculumImport
from roadmap_desktop.importers.lesson_folder import parse_curriculum_path
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services import curriculum, library, planner, study
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.curriculum import (
    RoadmapExistsError,
    apply_import,
    archive_step_again,
    archived_steps,
    preview_import,
    restore_archived_step,
)
from roadmap_desktop.services.queries import roadmap_id_for, roadmap_overview, step_detail
from roadmap_desktop.services.step_edit import delete_archived_step, restore_archived_deletion

CURRICULA = Path(__file__).resolve().parents[2] / "fixtures" / "curricula"
TODAY = date(2026, 11, 20)

V1 = """\
---
slug: plan
---
# Study plan

## Basics

### Variables <!-- step: variables -->
Names for values.
- [ ] Assignment
- [ ] Types

### Loops
- [ ] for
- [ ] while

### Functions
- [x] def
- [ ] return

### Old notes
Nothing here.

## Data

### Files
Reading and writing.

### Recursion
Call yourself.
"""

# v2: "Variables" renamed (its key comment keeps it), "Loops" text changed, "Old notes"
# (no progress) and "Files" (logged time) removed, "Recursion" renamed without a key
# (so it is a new step), "Testing" added.
V2 = """\
---
slug: plan
---
# Study plan

## Basics

### Names and values <!-- step: variables -->
Names for values.
- [ ] Assignment
- [ ] Types

### Loops
Repeat things.
- [ ] for
- [ ] while

### Functions
- [x] def
- [ ] return

## Data

### Recursion and stacks
Call yourself.

### Testing
- [ ] unit tests
"""


def _imp(text: str, name: str = "plan.md") -> CurriculumImport:
    return parse_markdown_curriculum(text.encode(), name)


def _counts(db: Database) -> tuple[int, ...]:
    with db.reading() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Roadmap, Step, Resource, StepProgress, TopicTick)
        )


def test_preview_reads_only_and_matches_apply(db: Database) -> None:
    imp = parse_markdown_curriculum(
        (CURRICULA / "checklist-readme.md").read_bytes(), "checklist-readme.md"
    )
    before = _counts(db)
    plan = preview_import(db, imp)
    assert _counts(db) == before
    assert plan.created and plan.slug == "backend-interview-checklist"
    assert (plan.phases, plan.steps, len(plan.added)) == (7, 20, 20)
    assert plan.resources_new == 45
    assert (plan.steps_done, plan.topics_ticked) == (2, 12)
    applied, change = apply_import(db, imp)
    assert applied == plan
    assert change.touches(ChangeKind.ROADMAPS, ChangeKind.STATUS, ChangeKind.LIBRARY)
    roadmap_id = roadmap_id_for(db, "backend-interview-checklist")
    assert change.roadmap_id == roadmap_id
    overview = roadmap_overview(db, roadmap_id, TODAY)
    statuses = {s.key: s.status for p in overview.phases for s in p.steps}
    assert statuses["dns"] == StepStatus.DONE and statuses["http"] == StepStatus.TODO
    detail = step_detail(db, roadmap_id, "big-o")
    assert [t.done for t in detail.topics][:3] == [True, True, False]
    with db.reading() as session:
        roadmap = session.scalar(select(Roadmap).where(Roadmap.slug == plan.slug))
        assert roadmap is not None
        assert (roadmap.origin.value, roadmap.source_ref) == ("imported", "checklist-readme.md")


def test_existing_slug_needs_update_or_as(db: Database) -> None:
    apply_import(db, _imp(V1))
    with pytest.raises(RoadmapExistsError) as caught:
        preview_import(db, _imp(V1))
    assert "--update plan" in str(caught.value) and "--as NEW-SLUG" in str(caught.value)
    plan, _ = apply_import(db, _imp(V1), as_slug="plan-copy")
    assert plan.created and plan.slug == "plan-copy"
    with pytest.raises(UserFacingError, match="not a valid roadmap slug"):
        preview_import(db, _imp(V1), as_slug="Bad Slug")
    with pytest.raises(NotFoundError, match="no roadmap 'nope'"):
        preview_import(db, _imp(V1), update_slug="nope")
    with pytest.raises(UserFacingError, match="either --as"):
        preview_import(db, _imp(V1), as_slug="x1", update_slug="plan")


def test_bundled_roadmaps_are_never_replaced(tiny) -> None:
    with tiny.db.transaction() as session:
        roadmap = session.get(Roadmap, tiny.roadmap_id)
        assert roadmap is not None
        from roadmap_desktop.core.models import Origin

        roadmap.origin = Origin.BUNDLED
    with pytest.raises(UserFacingError, match="bundled roadmap"):
        apply_import(tiny.db, _imp(V1), update_slug="tiny")
    with pytest.raises(RoadmapExistsError, match=r"bundled roadmap .*--as NEW-SLUG") as caught:
        preview_import(tiny.db, _imp(V1), as_slug="tiny")
    assert "--update" not in str(caught.value)


@pytest.fixture
def studied(db: Database) -> tuple[Database, int, int]:
    """V1 imported, then studied: status, note, tick, logged time, a plan block, a link."""
    apply_import(db, _imp(V1))
    rid = roadmap_id_for(db, "plan")
    study.set_step_status(db, rid, "variables", StepStatus.IN_PROGRESS)
    study.save_note(db, rid, "loops", "Loops: remember off-by-one.")
    study.set_topic_ticked(db, rid, "loops", "while", True)
    started = datetime(2026, 11, 10, 18, 0, tzinfo=UTC)
    planner.log_time(db, rid, "files", started, 45, now=started + timedelta(days=1))
    planner.add_block(db, date(2026, 11, 24), 60, roadmap_id=rid, step_key="recursion")
    res_id, _ = library.add_resource(db, ResourceDraft(title="My loop notes", kind="article"))
    library.link_step(db, res_id, rid, "functions")
    return db, rid, res_id


def test_update_merges_by_key_and_keeps_all_progress(studied: tuple[Database, int, int]) -> None:
    db, rid, res_id = studied
    plan = preview_import(db, _imp(V2), update_slug="plan")
    assert not plan.created
    assert plan.added == ["recursion-and-stacks", "testing"]
    assert sorted(plan.removed) == ["files", "old-notes", "recursion"]
    # Logged time and a plan block count as progress: those steps are archived, not deleted.
    assert sorted(plan.archived) == ["files", "recursion"]
    assert sorted(plan.changed) == ["loops", "variables"]
    assert plan.unchanged == 1
    assert plan.steps_done == 0  # "def" is ticked in the file, but "functions" has a link
    applied, _ = apply_import(db, _imp(V2), update_slug="plan")
    assert applied == plan
    assert roadmap_id_for(db, "plan") == rid  # same roadmap row: progress hangs on it

    detail = step_detail(db, rid, "variables")
    assert (detail.title, detail.status) == ("Names and values", StepStatus.IN_PROGRESS)
    loops = step_detail(db, rid, "loops")
    assert loops.note_md == "Loops: remember off-by-one."
    assert [(t.key, t.done) for t in loops.topics] == [("for", False), ("while", True)]
    assert loops.body_md == "Repeat things."
    functions = step_detail(db, rid, "functions")
    assert res_id in [r.id for r in functions.resources]
    assert planner.step_logged_minutes(db, rid, "files") == 45
    with db.reading() as session:
        block = session.scalar(select(PlanBlock))
        assert block is not None and (block.roadmap_id, block.step_key) == (rid, "recursion")
        assert session.scalar(select(func.count()).select_from(StudySession)) == 1

    overview = roadmap_overview(db, rid, TODAY)
    assert [[s.key for s in p.steps] for p in overview.phases] == [
        ["variables", "loops", "functions"],
        ["recursion-and-stacks", "testing"],
    ]
    archived = archived_steps(db, rid)
    assert [(a.key, a.title, a.has_note, a.status) for a in archived] == [
        ("files", "Files", False, StepStatus.TODO),
        ("recursion", "Recursion", False, StepStatus.TODO),
    ]
    with db.reading() as session:
        assert session.scalar(select(Step).where(Step.key == "old-notes")) is None

    change = restore_archived_step(db, rid, "files", "basics")
    assert change.touches(ChangeKind.ROADMAPS)
    overview = roadmap_overview(db, rid, TODAY)
    assert [s.key for s in overview.phases[0].steps] == [
        "variables",
        "loops",
        "functions",
        "files",
    ]
    assert [a.key for a in archived_steps(db, rid)] == ["recursion"]
    with pytest.raises(NotFoundError):
        restore_archived_step(db, rid, "files", "basics")
    archive_step_again(db, rid, "files")  # undo
    assert [a.key for a in archived_steps(db, rid)] == ["files", "recursion"]
    assert planner.step_logged_minutes(db, rid, "files") == 45


def test_updating_with_the_same_file_changes_nothing(studied: tuple[Database, int, int]) -> None:
    db, _, _ = studied
    before = _counts(db)
    plan, _ = apply_import(db, _imp(V1), update_slug="plan")
    assert (plan.added, plan.removed, plan.changed, plan.unchanged) == ([], [], [], 6)
    assert _counts(db) == before


def test_file_ticks_only_mark_steps_without_progress(db: Database) -> None:
    apply_import(db, _imp(V1.replace("- [x] def", "- [ ] def")))
    rid = roadmap_id_for(db, "plan")
    study.set_topic_ticked(db, rid, "loops", "for", True)
    ticked = V1.replace("- [ ] for", "- [x] for").replace("- [ ] while", "- [x] while")
    ticked = ticked.replace("- [ ] Types", "- [x] Types")
    plan, _ = apply_import(db, _imp(ticked), update_slug="plan")
    assert plan.topics_ticked == 2  # def + Types; loops already has the learner's own tick
    assert [t.done for t in step_detail(db, rid, "loops").topics] == [True, False]
    assert [t.done for t in step_detail(db, rid, "variables").topics] == [False, True]


def test_archived_step_can_be_deleted_and_undone(studied: tuple[Database, int, int]) -> None:
    db, rid, _ = studied
    study.save_note(db, rid, "files", "A note on a step about to go.")
    apply_import(db, _imp(V2), update_slug="plan")
    assert [a.has_note for a in archived_steps(db, rid) if a.key == "files"] == [True]
    deletion, _ = delete_archived_step(db, rid, "files")
    assert [a.key for a in archived_steps(db, rid)] == ["recursion"]
    with db.reading() as session:
        assert session.get(StepProgress, (rid, "files")) is None
    restore_archived_deletion(db, deletion)
    assert [a.key for a in archived_steps(db, rid)] == ["files", "recursion"]
    with pytest.raises(UserFacingError, match="Only an archived step"):
        delete_archived_step(db, rid, "loops")


def test_import_is_all_or_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    apply_import(db, _imp(V1))
    before = _counts(db)

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(curriculum, "_mark_progress", broken)
    with pytest.raises(RuntimeError):
        apply_import(db, _imp(V2), update_slug="plan")
    with pytest.raises(RuntimeError):
        apply_import(
            db,
            parse_markdown_curriculum(
                (CURRICULA / "course-table-readme.md").read_bytes(), "courses.md"
            ),
        )
    assert _counts(db) == before
    assert [t.text for t in step_detail(db, roadmap_id_for(db, "plan"), "variables").topics] == [
        "Assignment",
        "Types",
    ]


def test_folder_and_zip_import_into_the_library(db: Database, tmp_path: Path) -> None:
    imp = parse_curriculum_path(CURRICULA / "web-lessons")
    plan, _ = apply_import(db, imp)
    assert (plan.slug, plan.steps, plan.topics_ticked) == ("web-foundations", 9, 1)
    rid = roadmap_id_for(db, "web-foundations")
    http = step_detail(db, rid, "what-is-http")
    assert [q.prompt_md for q in http.questions] == [
        "What does a status code of 404 mean?",
        "Which method sends form data?",
    ]
    again = preview_import(db, imp, as_slug="web-2")
    assert again.resources_new == 0  # every link is in the library now, stored once
