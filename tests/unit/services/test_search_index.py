"""The search index stays equal to the data after every kind of write, undo included."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event

from roadmap_desktop.core import search_index
from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, _configure_connection, alembic_config, open_database
from roadmap_desktop.core.models import Origin, StepStatus
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.importers import ImportBatch, ImportItem
from roadmap_desktop.importers.markdown_outline import parse_markdown_curriculum
from roadmap_desktop.services import cards, curriculum, library, library_bulk, search, study
from roadmap_desktop.services import roadmap_edit as edit
from roadmap_desktop.services.backup_bundle import export_bundle, import_bundle
from roadmap_desktop.services.library_import import apply_import as import_library
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.review_values import CardDraft

CURRICULA = Path(__file__).resolve().parents[2] / "fixtures" / "curricula"


def assert_in_step(db: Database) -> None:
    """The index holds exactly the documents the data makes, and FTS5 agrees with itself."""
    assert search.index_drift(db) == {}
    with db.reading() as session:
        for kind in search_index.KINDS:
            session.connection().exec_driver_sql(
                f"INSERT INTO {kind.table}({kind.table}) VALUES ('integrity-check')"
            )


def found(db: Database, text: str) -> set[tuple[str, str]]:
    """(kind, title) of every hit for text."""
    return {(g.kind.value, h.title_text) for g in search.find(db, text) for h in g.hits}


def test_a_fresh_database_indexes_what_it_holds(tiny) -> None:
    assert_in_step(tiny.db)
    assert ("step", "Relational databases") in found(tiny.db, "relational")
    assert ("step", "Relational databases") in found(tiny.db, "joins")  # a topic
    assert ("roadmap", "Tiny roadmap") in found(tiny.db, "tiny")
    assert ("question", "What does an inner join return?") in found(tiny.db, "inner")
    assert ("resource", "Pro Git") in found(tiny.db, "chacon")  # the author


def test_status_and_ticks_leave_the_index_as_it_was(tiny) -> None:
    study.set_step_status(tiny.db, tiny.roadmap_id, "http", StepStatus.DONE)
    study.set_topic_ticked(tiny.db, tiny.roadmap_id, "sql", "joins", True)
    assert_in_step(tiny.db)


def test_notes_are_indexed_when_saved_changed_and_emptied(tiny) -> None:
    rid = tiny.roadmap_id
    study.save_note(tiny.db, rid, "sql", "A partial index on PostgreSQL.")
    assert_in_step(tiny.db)
    assert ("note", "Relational databases") in found(tiny.db, "postgres")
    study.save_note(tiny.db, rid, "sql", "Now about MySQL.")
    assert_in_step(tiny.db)
    assert ("note", "Relational databases") not in found(tiny.db, "postgres")
    assert ("note", "Relational databases") in found(tiny.db, "mysql")
    study.save_note(tiny.db, rid, "sql", "")
    assert_in_step(tiny.db)
    assert not found(tiny.db, "mysql")


def test_resources_added_edited_tagged_deleted_and_restored(tiny) -> None:
    db = tiny.db
    rid, _ = library.add_resource(
        db, ResourceDraft(title="Designing Data", author="Kleppmann", tags=("storage",))
    )
    assert_in_step(db)
    assert ("resource", "Designing Data") in found(db, "storage")
    before, _ = library.update_resource(
        db, rid, ResourceDraft(title="Designing Data-Intensive Applications", note_md="Replication")
    )
    assert_in_step(db)
    assert not found(db, "kleppmann") and not found(db, "storage")
    assert ("resource", "Designing Data-Intensive Applications") in found(db, "replication")
    library.update_resource(db, rid, before)  # undo
    assert_in_step(db)
    previous, _ = library_bulk.add_tag(db, [rid], "distributed")
    assert_in_step(db)
    assert found(db, "distributed") == {("resource", "Designing Data")}
    library_bulk.set_tags(db, previous)  # undo
    assert_in_step(db)
    assert not found(db, "distributed")
    library_bulk.remove_tag(db, [rid], "storage")
    assert_in_step(db)
    deleted, _ = library.delete_resources(db, [rid])
    assert_in_step(db)
    assert not found(db, "kleppmann")
    library.restore_resources(db, deleted)  # undo
    assert_in_step(db)
    assert ("resource", "Designing Data") in found(db, "kleppmann")


def test_library_import_is_indexed(tiny) -> None:
    items = [
        ImportItem(title=f"Vectorized queries {i}", tags=("olap", f"t{i}"), line=i + 1)
        for i in range(30)
    ]
    import_library(tiny.db, ImportBatch(items, source="test"), skip_duplicates=False)
    assert_in_step(tiny.db)
    assert len(search.find(tiny.db, "olap", limit=50)[0].hits) == 30


def test_a_roadmap_update_that_archives_steps(db: Database, sync, tiny_spec, tiny_v2_spec) -> None:
    sync(db, tiny_spec)
    rid = roadmap_id_for(db, "tiny")
    study.save_note(db, rid, "git", "Rebase notes")
    assert ("step", "Version control with Git") in found(db, "branching")
    sync(db, tiny_v2_spec)  # drops git (archived: it has a note) and sql's old topics
    assert_in_step(db)
    assert not found(db, "rebase") and not found(db, "branching")
    assert ("step", "HTTP in depth") in found(db, "headers")
    assert not found(db, "how")  # the old title
    assert ("question", "Name one hard problem of caching.") in found(db, "invalidation")
    assert not found(db, "inner")  # the old question is gone
    # Putting the archived step back brings it and its note back.
    curriculum.restore_archived_step(db, rid, "git", "basics")
    assert_in_step(db)
    assert ("note", "Version control with Git") in found(db, "rebase")
    curriculum.archive_step_again(db, rid, "git")  # undo
    assert_in_step(db)
    assert not found(db, "rebase")


def test_curriculum_import_and_roadmap_edits_with_undo(db: Database) -> None:
    data = (CURRICULA / "checklist-readme.md").read_bytes()
    _, change = curriculum.apply_import(db, parse_markdown_curriculum(data, "checklist-readme.md"))
    assert_in_step(db)
    rid = change.roadmap_id
    assert rid is not None
    custom, _ = edit.create_roadmap(db, "Side project")
    key, _ = edit.add_step(db, custom, "phase-1", "Build a Zettelkasten")
    assert_in_step(db)
    before, _ = edit.update_step(db, custom, key, title="Build a wiki", body_md="Markdown links")
    assert_in_step(db)
    assert ("step", "Build a wiki") in found(db, "markdown")
    edit.restore_step_fields(db, custom, key, before)  # undo
    assert_in_step(db)
    assert ("step", "Build a Zettelkasten") in found(db, "zettel")
    study.save_note(db, custom, key, "Luhmann's slip box")
    snapshot, _ = edit.delete_step(db, custom, key)  # archived: it has a note
    assert_in_step(db)
    assert not found(db, "luhmann")
    roadmap_snapshot, _ = edit.delete_roadmap(db, rid)
    assert_in_step(db)
    edit.restore_roadmap(db, roadmap_snapshot)  # undo
    assert_in_step(db)
    del snapshot


def test_bundle_restore_into_a_fresh_database(tiny, tmp_path: Path) -> None:
    study.save_note(tiny.db, tiny.roadmap_id, "sql", "Covering index trick")
    library.add_resource(tiny.db, ResourceDraft(title="Query plans", tags=("postgres",)))
    bundle = export_bundle(tiny.db)
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        import_bundle(fresh, bundle, "backup.json")
        assert_in_step(fresh)
        assert ("note", "Relational databases") in found(fresh, "covering")
        assert ("resource", "Query plans") in found(fresh, "postgres")
    finally:
        fresh.close()


def test_a_failed_write_leaves_the_index_untouched(tiny) -> None:
    with pytest.raises(RuntimeError), tiny.db.transaction() as session:
        session.connection().exec_driver_sql("UPDATE steps SET title = 'Zebra crossing'")
        raise RuntimeError("boom")
    assert_in_step(tiny.db)
    assert not found(tiny.db, "zebra")


def test_cards_added_edited_suspended_deleted_and_undone(tiny) -> None:
    rid = tiny.roadmap_id
    card_id, _ = cards.create_card(tiny.db, rid, "sql", CardDraft("What is a covering index?", "x"))
    assert_in_step(tiny.db)
    assert ("card", "What is a covering index?") in found(tiny.db, "covering")
    before, _ = cards.edit_card(tiny.db, card_id, CardDraft("Why vacuum a table?", "Bloat"))
    assert_in_step(tiny.db)
    assert not found(tiny.db, "covering")
    assert ("card", "Why vacuum a table?") in found(tiny.db, "bloat")  # the back side
    cards.set_suspended(tiny.db, card_id, True)  # still in its step's Questions: still found
    assert ("card", "Why vacuum a table?") in found(tiny.db, "vacuum")
    cards.restore_card_text(tiny.db, card_id, before)  # undo the edit
    assert_in_step(tiny.db)
    assert ("card", "What is a covering index?") in found(tiny.db, "covering")
    snap, _ = cards.delete_card(tiny.db, card_id)
    assert_in_step(tiny.db)
    assert not found(tiny.db, "covering")
    cards.restore_card(tiny.db, snap)  # undo the delete
    assert_in_step(tiny.db)
    assert ("card", "What is a covering index?") in found(tiny.db, "covering")


def test_a_question_card_is_indexed_once_the_learner_edits_it(tiny) -> None:
    join = next(c for c in cards.step_cards(tiny.db, tiny.roadmap_id, "sql") if c.origin != "own")
    assert ("card", join.front_md) not in found(tiny.db, "inner")
    before, _ = cards.edit_card(tiny.db, join.id, CardDraft("Inner join, in my words?", "Both"))
    assert_in_step(tiny.db)
    assert ("card", "Inner join, in my words?") in found(tiny.db, "inner")
    cards.restore_card_text(tiny.db, join.id, before)  # unedited again: the question's own
    assert_in_step(tiny.db)
    assert not {kind for kind, _ in found(tiny.db, "inner")} & {"card"}


def test_a_card_leaves_the_index_with_its_deleted_step_and_comes_back(db: Database) -> None:
    custom, _ = edit.create_roadmap(db, "Side project")
    key, _ = edit.add_step(db, custom, "phase-1", "Build a wiki")
    cards.create_card(db, custom, key, CardDraft("What is a backlink?", ""))
    study.save_note(db, custom, key, "Some progress")  # so the delete archives the step
    assert ("card", "What is a backlink?") in found(db, "backlink")
    snapshot, _ = edit.delete_step(db, custom, key)
    assert_in_step(db)
    assert not found(db, "backlink")  # its step cannot be opened any more
    edit.restore_step(db, snapshot)  # undo
    assert_in_step(db)
    assert ("card", "What is a backlink?") in found(db, "backlink")


def test_migration_builds_the_index_for_an_existing_database(
    tmp_path: Path, tiny_spec, sync
) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    current = open_database(path)  # data written by today's code, then taken back to 0003
    sync(current, tiny_spec)
    with current.transaction() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO step_progress (roadmap_id, step_key, status, note_md) "
            "SELECT id, 'sql', 'todo', 'Old note about vacuum' FROM roadmaps"
        )
    cards.create_card(
        current, roadmap_id_for(current, "tiny"), "sql", CardDraft("Old card on WAL", "")
    )
    current.close()
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003_review")
        assert not conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'search_%'"
        ).all()
    engine.dispose()
    db = open_database(path)  # upgrades to head, building the index
    try:
        assert_in_step(db)
        assert ("note", "Relational databases") in found(db, "vacuum")
        assert ("step", "Relational databases") in found(db, "relational")
        assert ("card", "Old card on WAL") in found(db, "wal")  # cards (0003) exist before 0004
    finally:
        db.close()


def test_lost_triggers_are_put_back_after_an_upgrade(db: Database) -> None:
    with db.transaction() as session:
        conn = session.connection()
        assert search_index.is_installed(conn)
        conn.exec_driver_sql("DROP TRIGGER search_step_steps_i")
        assert not search_index.is_installed(conn)
        assert search_index.ensure_installed(conn)
        assert search_index.is_installed(conn)
        assert not search_index.ensure_installed(conn)


def test_rebuild_writes_the_same_index(tiny) -> None:
    study.save_note(tiny.db, tiny.roadmap_id, "http", "Keep-alive")
    with tiny.db.transaction() as session:
        session.connection().exec_driver_sql("DELETE FROM search_note")
        session.connection().exec_driver_sql("DELETE FROM search_step WHERE rowid % 2 = 0")
    assert set(search.index_drift(tiny.db)) == {"note", "step"}
    search.rebuild_index(tiny.db)
    assert_in_step(tiny.db)


def test_each_kind_has_its_table_and_only_indexes_its_own(tiny) -> None:
    conn = sqlite3.connect(tiny.db.path)
    try:
        counts = {
            kind.name: conn.execute(f"SELECT count(*) FROM {kind.table}").fetchone()[0]
            for kind in search_index.KINDS
        }
    finally:
        conn.close()
    assert counts == {
        "roadmap": 1,
        "step": 4,
        "topic": 7,
        "note": 0,
        "resource": 4,
        "question": 2,
        "card": 0,  # the two questions' cards repeat the questions: not indexed twice
    }


def test_kind_names_are_unique_and_watch_known_tables() -> None:
    names = [k.name for k in search_index.KINDS]
    assert len(set(names)) == len(names)
    for kind in search_index.KINDS:
        assert {w.table for w in kind.watches} <= set(kind.tables)


def test_sync_without_changes_rewrites_nothing(db: Database, tiny_spec) -> None:
    with db.transaction() as session:
        sync_roadmap(session, tiny_spec, origin=Origin.IMPORTED)
    assert_in_step(db)
