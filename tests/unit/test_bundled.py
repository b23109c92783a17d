"""The roadmaps shipped with the app: valid, shaped like their sources, loaded once, updatable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update

from roadmap_desktop.core.bundled import BUNDLED_ORDER, bundled_files
from roadmap_desktop.core.models import Roadmap, StepStatus
from roadmap_desktop.core.roadmap_format import RoadmapSpec, parse_roadmap
from roadmap_desktop.services import study
from roadmap_desktop.services.queries import (
    list_roadmaps,
    roadmap_id_for,
    roadmap_overview,
    step_detail,
)
from roadmap_desktop.services.startup import Store, open_store

BODY_HEADINGS = ("### What it is", "### Why it matters", "### After this step you can")


@pytest.fixture(scope="module")
def specs() -> dict[str, RoadmapSpec]:
    """Every bundled file, parsed once through the real loader."""
    return {
        f.slug: parse_roadmap(f.resource.read_bytes(), f.resource.name) for f in bundled_files()
    }


def test_all_four_roadmaps_are_bundled_in_switcher_order() -> None:
    assert [f.slug for f in bundled_files()] == list(BUNDLED_ORDER)


@pytest.mark.parametrize("slug", BUNDLED_ORDER)
def test_bundled_file_is_valid_and_declares_its_file_name_as_slug(
    specs: dict[str, RoadmapSpec], slug: str
) -> None:
    spec = specs[slug]
    assert spec.slug == slug
    assert spec.title.strip()
    assert spec.summary.strip()
    assert spec.content_version >= 1
    assert spec.phases and all(p.steps for p in spec.phases)


@pytest.mark.parametrize("slug", BUNDLED_ORDER)
def test_every_step_has_effort_and_the_three_body_sections(
    specs: dict[str, RoadmapSpec], slug: str
) -> None:
    problems = []
    for step in specs[slug].all_steps():
        if not step.effort_hours > 0:
            problems.append(f"{step.key}: effort {step.effort_hours}")
        missing = [h for h in BODY_HEADINGS if h not in step.body]
        if missing:
            problems.append(f"{step.key}: body lacks {missing}")
        positions = [step.body.find(h) for h in BODY_HEADINGS]
        if not missing and positions != sorted(positions):
            problems.append(f"{step.key}: body sections out of order")
    assert problems == []


@pytest.mark.parametrize("slug", BUNDLED_ORDER)
def test_week_ranges_never_go_backwards(specs: dict[str, RoadmapSpec], slug: str) -> None:
    phases = specs[slug].phases
    starts = [p.start_week for p in phases]
    assert starts == sorted(starts)
    assert starts[0] == 1


def test_backend_developer_path_has_14_steps(specs: dict[str, RoadmapSpec]) -> None:
    assert len(specs["backend-developer-path"].all_steps()) == 14


def test_backend_in_20_steps_has_20_steps(specs: dict[str, RoadmapSpec]) -> None:
    assert len(specs["backend-in-20-steps"].all_steps()) == 20


def test_backend_developer_24_weeks_structure(specs: dict[str, RoadmapSpec]) -> None:
    spec = specs["backend-developer-24-weeks"]
    assert [(p.start_week, p.end_week) for p in spec.phases] == [
        (1, 4),
        (5, 6),
        (7, 12),
        (13, 16),
        (17, 18),
        (19, 20),
        (21, 24),
    ]
    assert sum(1 for s in spec.all_steps() if s.kind == "project") >= 7
    assert len(spec.questions) >= 5
    step_keys = {s.key for s in spec.all_steps()}
    assert all(q.step is None or q.step in step_keys for q in spec.questions)
    books = {r.title.lower(): r for s in spec.all_steps() for r in s.resources if r.kind == "book"}
    for title in (
        "designing data-intensive applications",
        "the pragmatic programmer",
        "clean architecture",
    ):
        assert any(title in found for found in books), f"{title!r} missing among {sorted(books)}"


def test_backend_development_guide_structure(specs: dict[str, RoadmapSpec]) -> None:
    spec = specs["backend-development-guide"]
    assert len(spec.phases) == 11
    for phase in spec.phases[-3:]:
        assert [s.kind for s in phase.steps] == ["project"] * 4, phase.key


def test_the_guide_offers_its_six_languages_as_one_choice(specs: dict[str, RoadmapSpec]) -> None:
    spec = specs["backend-development-guide"]
    (group,) = spec.all_groups()
    assert group.steps == (
        "language-nodejs",
        "language-python",
        "language-java",
        "language-csharp",
        "language-go",
        "language-rust",
    )
    phase = next(p for p in spec.phases if group in p.groups)
    assert phase.key == "choosing-a-language"


# --- loading into a database ---------------------------------------------------------------------


def test_loading_bundled_roadmaps_is_idempotent(tmp_path: Path, specs) -> None:
    store = open_store(tmp_path, backup=False)
    try:
        assert [r.slug for r in store.bundled_reports] == list(BUNDLED_ORDER)
        assert all(r.created for r in store.bundled_reports)
        summaries = list_roadmaps(store.db)
    finally:
        store.db.close()
    assert [(s.slug, s.origin, s.percent) for s in summaries] == [
        (slug, "bundled", 0) for slug in BUNDLED_ORDER
    ]
    # A "choose one of" group counts as one step.
    assert [s.steps_total for s in summaries] == [
        len(specs[slug].all_steps()) - sum(len(g.steps) - 1 for g in specs[slug].all_groups())
        for slug in BUNDLED_ORDER
    ]

    again = open_store(tmp_path, backup=True)
    try:
        assert again.bundled_reports == []
        assert list_roadmaps(again.db) == summaries
    finally:
        again.db.close()
    backups = list((tmp_path / "backups").glob("roadmap-daily-*.sqlite3"))
    assert len(backups) == 1  # the second start made today's backup


def test_an_app_update_reloads_content_and_keeps_progress(tmp_path: Path) -> None:
    slug = "backend-developer-24-weeks"
    store = open_store(tmp_path, backup=False)
    try:
        rid = roadmap_id_for(store.db, slug)
        first = step_detail(store.db, rid, _first_step_key(store, rid))
        study.set_step_status(store.db, rid, first.key, StepStatus.DONE)
        study.save_note(store.db, rid, first.key, "kept across updates")
        if first.topics:
            study.set_topic_ticked(store.db, rid, first.key, first.topics[0].key, True)
        before = step_detail(store.db, rid, first.key)
        # Pretend the stored content came from an older build of the app.
        with store.db.transaction() as session:
            session.execute(update(Roadmap).where(Roadmap.slug == slug).values(content_hash="old"))
    finally:
        store.db.close()

    updated = open_store(tmp_path, backup=False)
    try:
        assert [(r.slug, r.created, r.unchanged) for r in updated.bundled_reports] == [
            (slug, False, False)
        ]
        report = updated.bundled_reports[0]
        assert report.archived_steps == report.removed_steps == []
        after = step_detail(updated.db, rid, first.key)
        with updated.db.reading() as session:
            stored_hash = session.scalar(select(Roadmap.content_hash).where(Roadmap.slug == slug))
    finally:
        updated.db.close()
    assert after == before
    assert after.status == StepStatus.DONE and after.note_md == "kept across updates"
    assert stored_hash not in ("old", "") and len(stored_hash or "") == 64


def _first_step_key(store: Store, roadmap_id: int) -> str:
    overview = roadmap_overview(store.db, roadmap_id, date(2026, 11, 20))
    return overview.phases[0].steps[0].key


def test_the_guide_upgraded_to_its_language_group_keeps_the_learners_work(tmp_path: Path) -> None:
    """A learner of the guide before groups (format 1) who did Python and skipped the rest:
    after the update the six languages are one choice, counted as Python, and nothing is lost."""
    import re

    from roadmap_desktop.core.content_sync import sync_roadmap
    from roadmap_desktop.core.models import Origin
    from roadmap_desktop.services import alternatives

    slug = "backend-development-guide"
    current = next(f for f in bundled_files() if f.slug == slug).resource.read_bytes()
    old = re.sub(rb"\n    groups:\n(      .*\n)+", b"\n", current)
    old = old.replace(b"format_version: 2", b"format_version: 1")
    old = old.replace(b"content_version: 2", b"content_version: 1")
    old_spec = parse_roadmap(old, "guide-v1.yaml")
    assert old_spec.all_groups() == []
    store = open_store(tmp_path, backup=False)
    try:
        with store.db.transaction() as session:
            sync_roadmap(session, old_spec, origin=Origin.BUNDLED, source_ref=f"bundled:{slug}")
        rid = roadmap_id_for(store.db, slug)
        languages = [s.key for s in old_spec.all_steps() if s.key.startswith("language-")]
        for key in languages:
            study.set_step_status(store.db, rid, key, StepStatus.SKIPPED)
        study.set_step_status(store.db, rid, "language-python", StepStatus.DONE)
        study.save_note(store.db, rid, "language-go", "maybe later")
        before = roadmap_overview(store.db, rid, date(2026, 11, 20))
    finally:
        store.db.close()
    updated = open_store(tmp_path, backup=False)
    try:
        assert [r.slug for r in updated.bundled_reports] == [slug]
        assert updated.bundled_reports[0].archived_steps == []
        after = roadmap_overview(updated.db, rid, date(2026, 11, 20))
        go = step_detail(updated.db, rid, "language-go")
        assert go.note_md == "maybe later" and go.status == StepStatus.SKIPPED
        assert go.group is not None and go.group.picked is None
        assert step_detail(updated.db, rid, "language-python").status == StepStatus.DONE
        # Counted once, as the language done: the phase is as finished as before, and the
        # roadmap's remaining hours did not change (the others were skipped).
        phase = next(p for p in after.phases if p.key == "choosing-a-language")
        assert (phase.steps_counted, phase.steps_finished) == (2, 1)
        assert after.remaining_hours == before.remaining_hours
        alternatives.choose_alternative(updated.db, rid, "language-python")
        assert step_detail(updated.db, rid, "language-go").group.picked == "language-python"
    finally:
        updated.db.close()
