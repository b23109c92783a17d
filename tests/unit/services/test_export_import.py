"""The per-roadmap JSON export reads back: content, statuses, ticks and notes, and the preview
reports every link and heading of a curriculum before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import StepStatus
from roadmap_desktop.importers.curriculum import CurriculumFormatError
from roadmap_desktop.importers.lesson_folder import parse_curriculum_path
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services import study
from roadmap_desktop.services.curriculum import apply_import, preview_import
from roadmap_desktop.services.export import export_roadmap
from roadmap_desktop.services.queries import roadmap_id_for

CURRICULA = Path(__file__).resolve().parents[2] / "fixtures" / "curricula"
PLAN = """\
# Study plan

## Basics

### Variables
- [ ] Assignment
- [ ] Types
- [Names in Python](https://names.example.org)

### Loops
- [ ] for
- [ ] while
"""


def _content(doc: dict) -> list:  # type: ignore[type-arg]
    return [
        (p["key"], p["title"], p["weeks"], [
            (s["key"], s["title"], s["status"], s["note"],
             [(t["key"], t["done"]) for t in s["topics"]], [r["url"] for r in s["resources"]])
            for s in p["steps"]
        ])
        for p in doc["roadmap"]["phases"]
    ]  # fmt: skip


def test_json_export_imports_back_with_progress(db: Database, tmp_path: Path) -> None:
    apply_import(db, parse_markdown_curriculum(PLAN.encode(), "plan.md"))
    rid = roadmap_id_for(db, "study-plan")
    study.set_step_status(db, rid, "variables", StepStatus.DONE)
    study.set_step_status(db, rid, "loops", StepStatus.IN_PROGRESS)
    study.set_topic_ticked(db, rid, "loops", "while", True)
    study.save_note(db, rid, "loops", "Remember `break`.")
    exported = export_roadmap(db, "study-plan")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(exported, indent=2), encoding="utf-8")

    imp = parse_curriculum_path(path)
    plan = preview_import(db, imp, as_slug="plan-copy")
    assert (plan.steps, plan.steps_done, plan.topics_ticked, plan.notes) == (2, 2, 1, 1)
    apply_import(db, imp, as_slug="plan-copy")
    again = export_roadmap(db, "plan-copy")
    assert _content(again) == _content(exported)
    assert again["roadmap"]["progress"] == exported["roadmap"]["progress"]


def test_a_broken_export_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{"format": "roadmap-desktop/export", "format_version": 1, "roadmap": {"slug": "xx",'
        ' "title": "X", "phases": [{"key": "p", "title": "P", "weeks": [3, 1], "steps": []}]}}',
        encoding="utf-8",
    )
    with pytest.raises(CurriculumFormatError, match="weeks"):
        parse_curriculum_path(path)


def test_preview_shows_links_and_headings_before_writing(db: Database) -> None:
    imp = parse_curriculum_path(CURRICULA / "layouts" / "link-list-readme.md")
    plan = preview_import(db, imp)
    assert (plan.links_found, plan.links_as_resources, plan.links_unexplained) == (11, 7, 0)
    assert plan.not_imported_by_reason() == {
        "badge": 2,
        "left out: the “Credits” section": 1,
        "left out: the “License” section": 1,
    }
    assert plan.headings_placed == {"title": 1, "phase": 1, "step": 3}
    lines = plan.summary_lines()
    assert "links: 7 of 11 become step resources; not imported: badge: 2;" in lines[4]
    assert lines[5].startswith("headings: 8 — 1 phase, 3 step, 1 title; left out: “Contents”")
    with pytest.raises(NotFoundError):  # the preview wrote nothing
        roadmap_id_for(db, "build-small-things")
