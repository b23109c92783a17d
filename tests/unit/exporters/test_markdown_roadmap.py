"""Markdown export: checkboxes, notes and links, and importing the file gives it all back."""

from __future__ import annotations

from typing import Any

import pytest

from roadmap_desktop.core.bundled import bundled_files
from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import Origin, StepStatus
from roadmap_desktop.core.roadmap_format import RoadmapSpec, parse_roadmap
from roadmap_desktop.exporters.markdown_roadmap import export_markdown
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services import study
from roadmap_desktop.services.alternatives import choose_alternative
from roadmap_desktop.services.curriculum import apply_import
from roadmap_desktop.services.export import export_roadmap
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.roadmap_edit import add_step, create_roadmap, update_step

NOTE = """First line of my note.

- a list in the note
- [ ] even a box, which stays in the note

```python
# code in a note
print("hi")
```"""


def _shape(db: Database, slug: str) -> tuple[Any, ...]:
    """Everything a Markdown round trip keeps (times of status changes are the import's)."""
    doc = export_roadmap(db, slug)["roadmap"]
    phases = [
        (
            p["key"],
            p["title"],
            p["weeks"],
            p["summary"].strip(),
            [
                (
                    s["key"],
                    s["title"],
                    s["kind"],
                    s["effort_hours"],
                    s["body"].strip(),
                    s["status"],
                    s["note"],
                    s["topics"],
                    s["resources"],
                )
                for s in p["steps"]
            ],
            [(g["key"], g["title"], g["steps"], g["chosen"]) for g in p["groups"]],
        )
        for p in doc["phases"]
    ]
    questions = sorted(
        (q["key"], q["step"], q["prompt"].strip(), q["answer"].strip()) for q in doc["questions"]
    )
    return doc["title"], doc["summary"].strip(), phases, questions


def _load(db: Database, spec: RoadmapSpec) -> int:
    with db.transaction() as session:
        sync_roadmap(session, spec, origin=Origin.BUNDLED)
    return roadmap_id_for(db, spec.slug)


def _round_trip(db: Database, slug: str, new_slug: str) -> str:
    text = export_markdown(db, slug)
    apply_import(db, parse_markdown_curriculum(text.encode(), f"{slug}.md"), as_slug=new_slug)
    return text


def test_export_shows_progress_notes_and_links(db: Database, tiny_spec: RoadmapSpec) -> None:
    rid = _load(db, tiny_spec)
    study.set_step_status(db, rid, "http", StepStatus.DONE)
    study.set_topic_ticked(db, rid, "git", "branches", True)
    study.save_note(db, rid, "sql", NOTE)
    text = export_markdown(db, "tiny")
    assert text.startswith("---\ntitle: Tiny roadmap\nslug: tiny\n")
    assert "## Basics <!-- phase: basics -->\n\n*Weeks 1–2*" in text
    assert "### How HTTP works <!-- step: http -->\n\n- [x] **Done** · 4 h\n" in text
    assert "- [ ] **To do** · 6 h · exercise" in text
    assert "- [x] Branching and merging <!-- topic: branches -->" in text
    assert "- [ ] Methods\n" in text  # a key that follows from the text needs no comment
    assert (
        "- [MDN HTTP guide](https://developer.mozilla.org/en-US/docs/Web/HTTP) — docs · Mozilla"
        " · free" in text
    )
    assert "- SQL notes — article" in text
    assert "> **My notes**\n>\n> First line of my note.\n>\n> - a list in the note" in text
    assert "- What does status code 404 mean? <!-- q: q-status -->\n\n  The resource" in text


def test_markdown_round_trip_keeps_structure_and_progress(
    db: Database, tiny_spec: RoadmapSpec
) -> None:
    rid = _load(db, tiny_spec)
    study.set_step_status(db, rid, "http", StepStatus.DONE)
    study.set_step_status(db, rid, "git", StepStatus.IN_PROGRESS)
    study.set_step_status(db, rid, "api-project", StepStatus.SKIPPED)
    study.set_topic_ticked(db, rid, "git", "branches", True)
    study.set_topic_ticked(db, rid, "sql", "joins", True)
    study.save_note(db, rid, "sql", NOTE)
    _round_trip(db, "tiny", "tiny-again")
    original, again = _shape(db, "tiny"), _shape(db, "tiny-again")
    assert again == original
    # And once more: the export of the import is the same file (apart from its slug).
    first = export_markdown(db, "tiny").split("\n---\n", 1)[1]
    second = export_markdown(db, "tiny-again").split("\n---\n", 1)[1]
    assert first == second


def test_updating_a_roadmap_from_its_own_export_changes_nothing(
    db: Database, tiny_spec: RoadmapSpec
) -> None:
    rid = _load(db, tiny_spec)
    study.save_note(db, rid, "git", "kept")
    _round_trip(db, "tiny", "mine")
    text = export_markdown(db, "mine")
    plan, _ = apply_import(
        db, parse_markdown_curriculum(text.encode(), "mine.md"), update_slug="mine"
    )
    assert (plan.added, plan.removed, plan.changed) == ([], [], [])
    assert plan.notes == 0  # the learner's note is there already, not applied twice


@pytest.mark.parametrize("position", range(4))
def test_bundled_roadmaps_round_trip(db: Database, position: int) -> None:
    file = bundled_files()[position]
    spec = parse_roadmap(file.resource.read_bytes(), file.resource.name)
    rid = _load(db, spec)
    first, second = spec.all_steps()[0], spec.all_steps()[-1]
    study.set_step_status(db, rid, first.key, StepStatus.DONE)
    study.save_note(db, rid, second.key, "## My own heading\n\nnotes with *style*")
    if second.topics:
        study.set_topic_ticked(db, rid, second.key, second.topics[0].key, True)
    _round_trip(db, spec.slug, "round-trip")
    assert _shape(db, "round-trip") == _shape(db, spec.slug)


def test_awkward_titles_survive(db: Database) -> None:
    rid, _ = create_roadmap(db, "C# & *stars* [and] _under_scores_")
    key, _ = add_step(db, rid, "phase-1", "# Not a heading: `code` <tag> 1. two")
    update_step(
        db, rid, key, body_md="Text\n\n# A top heading in the body\n\n- [ ] a box in the body"
    )
    add_step(db, rid, "phase-1", "Привет, мир")
    _round_trip(db, "c-stars-and-under-scores", "awkward")
    original, again = _shape(db, "c-stars-and-under-scores"), _shape(db, "awkward")
    assert again[0] == original[0]
    assert [s[1] for s in again[2][0][4]] == [s[1] for s in original[2][0][4]]
    assert [s[0] for s in again[2][0][4]] == [s[0] for s in original[2][0][4]]


def test_ticking_the_boxes_in_the_exported_file_counts(
    db: Database, tiny_spec: RoadmapSpec
) -> None:
    rid = _load(db, tiny_spec)
    study.set_step_status(db, rid, "http", StepStatus.DONE)
    text = export_markdown(db, "tiny")
    text = text.replace("- [x] **Done** · 4 h", "- [ ] **Done** · 4 h")  # unticked by hand
    text = text.replace("- [ ] **To do** · 10 h", "- [x] **To do** · 10 h")  # ticked by hand
    imp = parse_markdown_curriculum(text.encode(), "tiny.md")
    assert imp.done_steps == {"sql"}


def test_a_choose_one_of_group_and_the_learners_pick_come_back(db: Database) -> None:
    spec = next(
        s
        for s in (parse_roadmap(f.resource.read_bytes(), f.resource.name) for f in bundled_files())
        if any(p.groups for p in s.phases)
    )
    rid = _load(db, spec)
    group = next(g for p in spec.phases for g in p.groups)
    chosen = group.steps[1]
    choose_alternative(db, rid, chosen)
    text = _round_trip(db, spec.slug, "picked-again")
    assert text.count(f"<!-- group: {group.key} · {group.title}") == len(group.steps)
    assert f"<!-- group: {group.key} · {group.title} · picked -->" in text
    assert _shape(db, "picked-again") == _shape(db, spec.slug)  # the group, and the pick
    # Updating the copy from its own export leaves the group and the pick as they are.
    again = export_markdown(db, "picked-again")
    plan, _ = apply_import(
        db, parse_markdown_curriculum(again.encode(), "again.md"), update_slug="picked-again"
    )
    assert (plan.added, plan.removed, plan.changed) == ([], [], [])
    assert _shape(db, "picked-again") == _shape(db, spec.slug)


def test_a_group_comment_names_only_what_the_file_still_holds() -> None:
    # An option deleted by hand leaves one: no group. A title with a "·" reads back whole.
    text = "\n".join(
        [
            "# Mine",
            "## Start",
            "### Python <!-- group: lang · Pick one · or two -->",
            "Text.",
            "### Go <!-- group: lang · Pick one · or two · picked -->",
            "Text.",
            "### Rust <!-- group: solo · Alone -->",
            "Text.",
        ]
    )
    imp = parse_markdown_curriculum(text.encode(), "mine.md")
    (phase,) = imp.spec.phases
    (group,) = phase.groups
    assert (group.key, group.title, group.steps) == ("lang", "Pick one · or two", ("python", "go"))
    assert imp.picks == {"lang": "go"}
