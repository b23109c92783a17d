"""Library use cases on a real database: rows, edits, undo snapshots, tags, links and search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import Resource, ResourceTag, StepResource
from roadmap_desktop.services import library as lib
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.library import ResourceDraft, StepRef


def _add(db: Database, title: str = "A resource", **fields: object) -> int:
    rid, change = lib.add_resource(db, ResourceDraft(title=title, **fields))  # type: ignore[arg-type]
    assert change.touches(ChangeKind.LIBRARY)
    return rid


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    """Every stored resource, tag and link, to compare before and after undo."""
    with db.reading() as session:
        resources = session.execute(select(Resource.__table__).order_by(Resource.id)).all()
        tags = session.execute(select(ResourceTag.__table__).order_by("resource_id", "tag")).all()
        links = session.execute(
            select(StepResource.__table__).order_by("step_id", "resource_id")
        ).all()
    return [tuple(r) for r in (*resources, *tags, *links)]


def _ref(tiny, step_key: str) -> StepRef:
    [ref] = [r for r in lib.search_steps(tiny.db, "") if r.step_key == step_key]
    return ref


# --- reading -------------------------------------------------------------------------------


def test_library_rows_show_every_resource_with_tags_and_use(tiny) -> None:
    rid = _add(
        tiny.db,
        "Designing Data-Intensive Applications",
        url="https://dataintensive.net/",
        kind="book",
        author="Martin Kleppmann",
        cost="paid",
        tags=("databases", "Distributed"),
        note_md="Chapter 7 on transactions.",
    )
    lib.link_step(tiny.db, rid, tiny.roadmap_id, "sql")
    rows = {r.id: r for r in lib.library_rows(tiny.db)}
    assert len(rows) == 5  # the tiny roadmap's four and this one
    row = rows[rid]
    assert (row.title, row.kind, row.author, row.cost, row.status, row.rating) == (
        "Designing Data-Intensive Applications", "book", "Martin Kleppmann", "paid", "to_do", 0,
    )  # fmt: skip
    assert row.tags == ("databases", "Distributed")
    assert row.used_in == ("Tiny roadmap › Relational databases",)
    assert row.roadmap_slugs == frozenset({"tiny"})
    assert row.has_note and row.origin == "user" and row.finished_at is None
    now_utc = datetime.now(UTC).replace(tzinfo=None)  # stored naive, in UTC
    assert abs(row.added_at - now_utc) < timedelta(minutes=1)
    mdn = next(r for r in rows.values() if r.title == "MDN HTTP guide")
    assert (mdn.origin, mdn.has_note, mdn.tags) == ("bundled", False, ())
    assert mdn.used_in == ("Tiny roadmap › How HTTP works",)
    assert lib.library_row(tiny.db, rid) == row


def test_used_in_follows_roadmap_order_across_roadmaps(tiny, load_spec, sync) -> None:
    sync(tiny.db, load_spec("other.yaml"))
    notes = lib.find_duplicate(tiny.db, None)
    assert notes is None
    [row] = [r for r in lib.library_rows(tiny.db) if r.title == "SQL notes"]
    # Switcher order: by position, then title (both roadmaps here sit at position 0).
    assert row.used_in == ("Another roadmap › Web basics", "Tiny roadmap › Relational databases")
    assert row.roadmap_slugs == {"tiny", "other"}


def test_library_rows_do_not_load_note_text(tiny) -> None:
    _add(tiny.db, note_md="secret " * 1000)
    assert not any(hasattr(r, "note_md") for r in lib.library_rows(tiny.db))


def test_a_missing_resource_is_reported(tiny) -> None:
    with pytest.raises(NotFoundError, match="No resource with id 999"):
        lib.library_row(tiny.db, 999)
    with pytest.raises(NotFoundError):
        lib.resource_detail(tiny.db, 999)
    with pytest.raises(NotFoundError, match="nothing was changed"):
        lib.set_status(tiny.db, [1, 999], "done")
    assert lib.library_row(tiny.db, 1).status == "to_do"


def test_resource_detail_has_the_note_and_linked_steps(tiny) -> None:
    rid = _add(tiny.db, note_md="# Notes\n\nGood.", tags=("b", "a"))
    lib.link_step(tiny.db, rid, tiny.roadmap_id, "sql")
    lib.link_step(tiny.db, rid, tiny.roadmap_id, "http")
    detail = lib.resource_detail(tiny.db, rid)
    assert detail.draft == ResourceDraft(
        title="A resource", tags=("a", "b"), note_md="# Notes\n\nGood."
    )
    assert [s.step_key for s in detail.linked_steps] == ["http", "sql"]  # roadmap order
    assert detail.linked_steps[0] == StepRef(
        tiny.roadmap_id, "Tiny roadmap", "http", "How HTTP works"
    )


@pytest.mark.parametrize(
    "variant",
    [
        "https://use-the-index-luke.com",
        "HTTPS://Use-The-Index-Luke.com/",
        "https://use-the-index-luke.com/?utm_source=newsletter&utm_medium=email",
        "https://use-the-index-luke.com:443/#chapter-1",
    ],
)
def test_find_duplicate_matches_normalised_urls(tiny, variant: str) -> None:
    found = lib.find_duplicate(tiny.db, variant)
    assert found is not None and found.title == "Use The Index, Luke"
    assert lib.find_duplicate(tiny.db, variant, exclude_id=found.id) is None
    assert lib.find_duplicate(tiny.db, "https://use-the-index-luke.com/sql") is None
    assert lib.find_duplicate(tiny.db, "  ") is None


def test_search_steps(tiny, load_spec, sync) -> None:
    sync(tiny.db, load_spec("other.yaml"))
    assert [r.step_key for r in lib.search_steps(tiny.db, "")] == [
        "web-basics", "http", "git", "sql", "api-project",
    ]  # fmt: skip
    assert [r.step_key for r in lib.search_steps(tiny.db, "  HTTP ")] == ["http"]
    assert [r.step_key for r in lib.search_steps(tiny.db, "another")] == ["web-basics"]
    assert [r.step_key for r in lib.search_steps(tiny.db, "tiny kubernetes")] == []
    assert [r.step_key for r in lib.search_steps(tiny.db, "tiny build")] == ["api-project"]
    assert len(lib.search_steps(tiny.db, "", limit=2)) == 2


# --- add and edit --------------------------------------------------------------------------


def test_add_resource_validates_and_can_link_to_a_step(tiny) -> None:
    ref = _ref(tiny, "git")
    rid, change = lib.add_resource(
        tiny.db, ResourceDraft(title="  Oh My Git!  ", url="https://ohmygit.org/", kind="tool"), ref
    )
    assert change == ChangeSet.of(ChangeKind.LIBRARY, roadmap_id=tiny.roadmap_id, step_keys={"git"})
    assert [r.id for r in lib.step_resources(tiny.db, tiny.roadmap_id, "git")][-1] == rid
    assert lib.library_row(tiny.db, rid).title == "Oh My Git!"
    with pytest.raises(UserFacingError, match="needs a title"):
        lib.add_resource(tiny.db, ResourceDraft(title=" "))
    with pytest.raises(UserFacingError, match="javascript"):
        lib.add_resource(tiny.db, ResourceDraft(title="x", url="javascript:alert(1)"))
    with pytest.raises(NotFoundError):
        lib.add_resource(
            tiny.db, ResourceDraft(title="x"), StepRef(tiny.roadmap_id, "", "nope", "")
        )
    assert len(lib.library_rows(tiny.db)) == 5  # the failed adds wrote nothing


def test_add_resource_with_a_local_file(tiny, tmp_path: Path) -> None:
    file = tmp_path / "slides.pdf"
    file.write_bytes(b"%PDF-1.7")
    rid = _add(tiny.db, local_path=str(file))
    assert lib.library_row(tiny.db, rid).local_path == str(file)


def test_tags_join_the_spelling_already_in_the_library(tiny) -> None:
    first = _add(tiny.db, tags=("Python",))
    second = _add(tiny.db, tags=("python", "web"))
    assert lib.library_row(tiny.db, second).tags == ("Python", "web")
    assert lib.all_tags(tiny.db) == [("Python", 2), ("web", 1)]
    assert lib.library_row(tiny.db, first).tags == ("Python",)


def test_update_resource_returns_the_previous_draft_and_undo_restores_it(tiny) -> None:
    rid = _add(tiny.db, "Old title", url="https://old.example.com", tags=("a", "b"), note_md="n")
    before = _snapshot(tiny.db)
    new = ResourceDraft(
        title="New title",
        url="https://new.example.com/x",
        kind="video",
        author="Someone",
        cost="free",
        status="in_progress",
        rating=4,
        tags=("b", "c"),
        note_md="changed",
    )
    previous, change = lib.update_resource(tiny.db, rid, new)
    assert change.touches(ChangeKind.LIBRARY)
    assert previous == ResourceDraft(
        title="Old title", url="https://old.example.com", tags=("a", "b"), note_md="n"
    )
    assert lib.resource_detail(tiny.db, rid).draft == new
    assert lib.find_duplicate(tiny.db, "https://NEW.example.com/x/") is not None
    lib.update_resource(tiny.db, rid, previous)
    assert _snapshot(tiny.db) == before


def test_finished_at_follows_the_done_status(tiny) -> None:
    rid = _add(tiny.db)
    draft = lib.resource_detail(tiny.db, rid).draft
    done = ResourceDraft(**{**draft.__dict__, "status": "done"})
    lib.update_resource(tiny.db, rid, done)
    finished = lib.library_row(tiny.db, rid).finished_at
    assert finished is not None
    lib.update_resource(tiny.db, rid, ResourceDraft(**{**done.__dict__, "rating": 5}))
    assert lib.library_row(tiny.db, rid).finished_at == finished  # staying done keeps the date
    previous, _ = lib.update_resource(tiny.db, rid, draft)
    assert lib.library_row(tiny.db, rid).finished_at is None
    # Undo with the date from the detail restores it exactly.
    lib.update_resource(tiny.db, rid, previous, finished_at=finished)
    assert lib.library_row(tiny.db, rid).finished_at == finished
    rid2, _ = lib.add_resource(tiny.db, ResourceDraft(title="Read already", status="done"))
    assert lib.library_row(tiny.db, rid2).finished_at is not None


# --- delete and restore --------------------------------------------------------------------


def test_delete_and_restore_bring_back_everything_exactly(tiny) -> None:
    rid = _add(
        tiny.db, "Mine", url="https://mine.example.com", tags=("x", "Y"), note_md="note", rating=3
    )
    lib.set_status(tiny.db, [rid], "done")
    lib.link_step(tiny.db, rid, tiny.roadmap_id, "http")
    mdn = lib.find_duplicate(tiny.db, "https://developer.mozilla.org/en-US/docs/Web/HTTP")
    assert mdn is not None
    before = _snapshot(tiny.db)
    rows_before = lib.library_rows(tiny.db)

    deleted, change = lib.delete_resources(tiny.db, [mdn.id, rid, rid])

    assert change.touches(ChangeKind.LIBRARY)
    assert [d.id for d in deleted] == [mdn.id, rid]
    assert deleted[1].draft.tags == ("x", "Y")
    assert {(link.step_key, link.user_linked) for link in deleted[1].links} == {("http", True)}
    assert {(link.step_key, link.user_linked, link.position) for link in deleted[0].links} == {
        ("http", False, 0)
    }
    assert lib.step_resources(tiny.db, tiny.roadmap_id, "http") == []
    assert len(lib.library_rows(tiny.db)) == len(rows_before) - 2

    lib.restore_resources(tiny.db, deleted)

    assert _snapshot(tiny.db) == before
    assert lib.library_rows(tiny.db) == rows_before
    assert [r.id for r in lib.step_resources(tiny.db, tiny.roadmap_id, "http")] == [mdn.id, rid]


def test_restore_refuses_to_overwrite_a_resource(tiny) -> None:
    rid = _add(tiny.db)
    deleted, _ = lib.delete_resources(tiny.db, [rid])
    lib.restore_resources(tiny.db, deleted)
    with pytest.raises(UserFacingError, match="cannot be restored"):
        lib.restore_resources(tiny.db, deleted)


# --- bulk status, rating, tags -------------------------------------------------------------


def test_set_status_in_bulk_and_restore_exactly(tiny) -> None:
    a, b = _add(tiny.db, "A"), _add(tiny.db, "B", status="done")
    b_finished = lib.library_row(tiny.db, b).finished_at
    before = _snapshot(tiny.db)

    previous, change = lib.set_status(tiny.db, [a, b], "done")

    assert change.touches(ChangeKind.LIBRARY)
    assert previous == {a: ("to_do", None), b: ("done", b_finished)}
    assert lib.library_row(tiny.db, a).finished_at is not None
    assert lib.library_row(tiny.db, b).finished_at == b_finished  # already done: date kept
    lib.set_status(tiny.db, [a, b], "dropped")
    assert {lib.library_row(tiny.db, i).finished_at for i in (a, b)} == {None}
    lib.restore_statuses(tiny.db, previous)
    assert _snapshot(tiny.db) == before
    with pytest.raises(UserFacingError, match="Unknown status"):
        lib.set_status(tiny.db, [a], "finished")


def test_set_rating(tiny) -> None:
    rid = _add(tiny.db, rating=2)
    previous, _ = lib.set_rating(tiny.db, rid, 5)
    assert (previous, lib.library_row(tiny.db, rid).rating) == (2, 5)
    with pytest.raises(UserFacingError, match="0 to 5"):
        lib.set_rating(tiny.db, rid, 6)
    lib.set_rating(tiny.db, rid, previous)
    assert lib.library_row(tiny.db, rid).rating == 2


def test_add_and_remove_tags_in_bulk_with_undo(tiny) -> None:
    a, b = _add(tiny.db, "A", tags=("Python",)), _add(tiny.db, "B", tags=("web",))
    before = _snapshot(tiny.db)

    previous, _ = lib.add_tag(tiny.db, [a, b], "  python ")

    assert previous == {a: ("Python",), b: ("web",)}
    assert lib.library_row(tiny.db, a).tags == ("Python",)  # already there, in another case
    assert lib.library_row(tiny.db, b).tags == ("Python", "web")  # the library's spelling
    lib.set_tags(tiny.db, previous)
    assert _snapshot(tiny.db) == before

    previous, _ = lib.remove_tag(tiny.db, [a, b], "PYTHON")
    assert [lib.library_row(tiny.db, i).tags for i in (a, b)] == [(), ("web",)]
    lib.set_tags(tiny.db, previous)
    assert _snapshot(tiny.db) == before
    with pytest.raises(UserFacingError, match="empty"):
        lib.add_tag(tiny.db, [a], " ; ".replace(";", ""))


def test_all_tags_counts(tiny) -> None:
    _add(tiny.db, tags=("b", "a"))
    _add(tiny.db, tags=("a",))
    assert lib.all_tags(tiny.db) == [("a", 2), ("b", 1)]


# --- links ---------------------------------------------------------------------------------


def test_link_and_unlink_steps(tiny) -> None:
    rid = _add(tiny.db)
    change = lib.link_step(tiny.db, rid, tiny.roadmap_id, "sql")
    assert change == ChangeSet.of(ChangeKind.LIBRARY, roadmap_id=tiny.roadmap_id, step_keys={"sql"})
    lib.link_step(tiny.db, rid, tiny.roadmap_id, "sql")  # twice: still one link
    assert [r.title for r in lib.step_resources(tiny.db, tiny.roadmap_id, "sql")] == [
        "Use The Index, Luke", "SQL notes", "A resource",
    ]  # fmt: skip
    lib.unlink_step(tiny.db, rid, tiny.roadmap_id, "sql")
    lib.unlink_step(tiny.db, rid, tiny.roadmap_id, "sql")  # already gone: no error
    assert len(lib.step_resources(tiny.db, tiny.roadmap_id, "sql")) == 2
    with pytest.raises(NotFoundError):
        lib.link_step(tiny.db, rid, tiny.roadmap_id, "nope")
    with pytest.raises(NotFoundError):
        lib.link_step(tiny.db, 999, tiny.roadmap_id, "sql")


def test_unlinking_a_roadmap_link_can_be_undone_exactly(tiny) -> None:
    use_the_index = lib.step_resources(tiny.db, tiny.roadmap_id, "sql")[0]
    before = _snapshot(tiny.db)
    [link] = lib.step_links(tiny.db, use_the_index.id)
    assert (link.step_key, link.position, link.user_linked) == ("sql", 0, False)

    lib.unlink_step(tiny.db, use_the_index.id, tiny.roadmap_id, "sql")
    assert [r.title for r in lib.step_resources(tiny.db, tiny.roadmap_id, "sql")] == ["SQL notes"]
    lib.restore_link(tiny.db, use_the_index.id, link)

    assert _snapshot(tiny.db) == before
    # A plain link_step also brings it back (as the learner's own link, at the end).
    lib.unlink_step(tiny.db, use_the_index.id, tiny.roadmap_id, "sql")
    lib.link_step(tiny.db, use_the_index.id, tiny.roadmap_id, "sql")
    assert [r.title for r in lib.step_resources(tiny.db, tiny.roadmap_id, "sql")] == [
        "SQL notes", "Use The Index, Luke",
    ]  # fmt: skip


def test_each_call_is_one_transaction(tiny) -> None:
    a = _add(tiny.db)
    with pytest.raises(NotFoundError):
        lib.add_tag(tiny.db, [a, 12345], "x")
    assert lib.library_row(tiny.db, a).tags == ()
    with tiny.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ResourceTag)) == 0
