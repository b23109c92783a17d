"""Markdown lists led in by "pick one" / "choose one of" / "one of the following" become
"choose one of" groups of the steps they give."""

from __future__ import annotations

from pathlib import Path

from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services.curriculum import apply_import
from roadmap_desktop.services.queries import roadmap_id_for, roadmap_summary, step_detail

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "curricula" / "choose-one.md"


def _import(text: str):  # type: ignore[no-untyped-def]
    return parse_markdown_curriculum(text.encode(), "plan.md")


def test_the_fixture_gives_a_group_per_choice_list() -> None:
    imp = parse_markdown_curriculum(FIXTURE.read_bytes(), FIXTURE.name)
    phases = {p.title: p for p in imp.spec.phases}
    language = phases["Phase 1: Choose a language"]
    (group,) = language.groups
    assert group.title == "Pick one language and master it before branching out"
    titles = {s.key: s.title for s in language.steps}
    assert [titles[k].split(" —")[0] for k in group.steps] == ["Node.js", "Python", "Go"]
    storage = phases["Phase 2: Storage"]
    assert [[s.title for s in storage.steps if s.key in g.steps] for g in storage.groups] == [
        ["PostgreSQL, the server most teams run", "SQLite, one file and no server"]
    ]
    assert storage.groups[0].title == "Choose one of the following databases"
    # "Choose one host. You will deploy to it … after the steps below:" introduces steps to do:
    # the choice is not in the sentence that leads in the list.
    assert phases["Phase 3: Shipping"].groups == ()


def test_an_imported_choice_counts_once_and_keeps_the_ticked_option(db) -> None:
    imp = parse_markdown_curriculum(FIXTURE.read_bytes(), FIXTURE.name)
    apply_import(db, imp)
    rid = roadmap_id_for(db, imp.spec.slug)
    python = next(s for s in imp.spec.phases[0].steps if s.title.startswith("Python"))
    group = step_detail(db, rid, python.key).group
    assert group is not None and len(group.options) == 3 and group.picked is None
    steps = len(imp.spec.all_steps())
    assert roadmap_summary(db, rid).steps_total == steps - 2 - 1  # 3 options → 1, 2 → 1
    assert roadmap_summary(db, rid).steps_finished == 1  # the ticked Python counts the group


def test_no_group_without_a_lead_in_right_above_or_with_one_option() -> None:
    plain_list = _import("# P\n\n## Phase\n\nThe languages:\n\n- Go\n- Rust\n")
    assert plain_list.spec.all_groups() == []
    one = _import("# P\n\n## Phase\n\nPick one:\n\n- Go\n\nAnd then:\n\n- Rust\n")
    assert one.spec.all_groups() == []
    steps_not_topics = _import(
        "# P\n\n## Phase\n\n### Databases\n\nChoose one of the following:\n\n- [ ] PostgreSQL\n"
        "- [ ] MySQL\n\n### Later\n\n- [ ] Deploy\n"
    )
    # Under a step heading the items are the step's topics: nothing to choose between.
    assert steps_not_topics.spec.all_groups() == []
    assert [t.text for t in steps_not_topics.spec.all_steps()[0].topics] == ["PostgreSQL", "MySQL"]


def test_a_heading_can_lead_in_and_a_nested_list_stays_in_its_option() -> None:
    imp = _import(
        "# P\n\n## Choose one framework\n\n- Django\n  - models\n  - views\n"
        "- Flask\n\n## Next\n\n- Deploy\n- Monitor\n"
    )
    groups = imp.spec.all_groups()
    assert [(g.title, len(g.steps)) for g in groups] == [("Choose one framework", 2)]
    django = imp.spec.phases[0].steps[0]
    assert django.key in groups[0].steps and [t.text for t in django.topics] == ["models", "views"]
