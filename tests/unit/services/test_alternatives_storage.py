"""The pick travels: backup bundles, "Make my own copy", delete and undo, the JSON export, and
the 0007 migration up and down on a database with data."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, event, select

from roadmap_desktop.core.db import _configure_connection, alembic_config, open_database
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.models import GroupPick
from roadmap_desktop.importers.roadmap_export import parse_roadmap_export
from roadmap_desktop.services import alternatives, study
from roadmap_desktop.services import roadmap_edit as edit
from roadmap_desktop.services.backup_bundle import export_bundle, import_bundle
from roadmap_desktop.services.curriculum import apply_import
from roadmap_desktop.services.export import export_roadmap
from roadmap_desktop.services.queries import roadmap_id_for, roadmap_summary, step_detail


def _picked(db, rid: int) -> str | None:
    group = step_detail(db, rid, "python").group
    assert group is not None
    return group.picked


def _loaded(db, load_spec, sync) -> int:  # type: ignore[no-untyped-def]
    sync(db, load_spec("choice.yaml"))
    rid = roadmap_id_for(db, "choice")
    alternatives.choose_alternative(db, rid, "go")
    study.set_step_status(db, rid, "go", StepStatus.DONE)
    return rid


def test_a_bundle_round_trip_keeps_groups_and_the_pick(db, tmp_path: Path, load_spec, sync) -> None:
    rid = _loaded(db, load_spec, sync)
    bundle = export_bundle(db)
    (doc,) = bundle["roadmaps"]
    assert doc["groups"] == [
        {"key": "lang", "title": "Choose one language", "steps": ["python", "go", "rust"]}
    ]
    assert [(p["group"], p["step"]) for p in doc["picks"]] == [("lang", "go")]
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        import_bundle(fresh, json.dumps(bundle).encode(), "backup.json")
        new = roadmap_id_for(fresh, "choice")
        assert _picked(fresh, new) == "go"
        assert roadmap_summary(fresh, new).percent == roadmap_summary(db, rid).percent
        again = export_bundle(fresh)
        assert again["roadmaps"][0]["groups"] == doc["groups"]
        assert again["roadmaps"][0]["picks"] == doc["picks"]
    finally:
        fresh.close()


def test_a_bundle_merged_into_a_database_in_use_keeps_the_choice_made_there(
    db, tmp_path: Path, load_spec, sync
) -> None:
    _loaded(db, load_spec, sync)
    bundle = export_bundle(db)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        sync(other, load_spec("choice.yaml"))
        here = roadmap_id_for(other, "choice")
        import_bundle(other, bundle, "backup.json")
        assert _picked(other, here) == "go"  # no choice here: the bundle's
        alternatives.choose_alternative(other, here, "rust")
        import_bundle(other, bundle, "backup.json")
        assert _picked(other, here) == "rust"  # a choice made here stays
    finally:
        other.close()


def test_a_bundle_with_a_bad_group_is_refused_and_nothing_changes(
    db, tmp_path: Path, load_spec, sync
) -> None:
    import pytest

    from roadmap_desktop.importers.json_bundle import BundleFormatError

    _loaded(db, load_spec, sync)
    bundle = export_bundle(db)
    bundle["roadmaps"][0]["groups"][0]["steps"] = ["python", "cobol"]
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        with pytest.raises(BundleFormatError, match=r"groups\[0\]\.steps\[1\]: names no step"):
            import_bundle(fresh, bundle, "backup.json")
        assert fresh.reading().__enter__().scalars(select(GroupPick)).all() == []
    finally:
        fresh.close()


def test_my_own_copy_and_delete_undo_keep_groups_and_the_pick(db, load_spec, sync) -> None:
    rid = _loaded(db, load_spec, sync)
    copy, _ = edit.copy_roadmap(db, rid, "My choice")
    assert _picked(db, copy) == "go"
    assert roadmap_summary(db, copy).percent == roadmap_summary(db, rid).percent
    snapshot, _ = edit.delete_roadmap(db, copy)
    back, _ = edit.restore_roadmap(db, snapshot)
    assert _picked(db, back) == "go"


def test_the_json_export_carries_the_choice_and_reads_back(db, load_spec, sync) -> None:
    rid = _loaded(db, load_spec, sync)
    document = export_roadmap(db, "choice")
    phase = document["roadmap"]["phases"][1]
    assert phase["groups"] == [
        {
            "key": "lang",
            "title": "Choose one language",
            "steps": ["python", "go", "rust"],
            "chosen": "go",
        }
    ]
    assert document["roadmap"]["progress"]["steps"] == 4  # the group counts once
    imp = parse_roadmap_export(json.dumps(document).encode(), "choice.json", slug="choice-again")
    assert imp.picks == {"lang": "go"}
    apply_import(db, imp)
    again = roadmap_id_for(db, "choice-again")
    assert _picked(db, again) == "go"
    assert roadmap_summary(db, again).percent == roadmap_summary(db, rid).percent


def test_migration_down_and_up_on_a_database_with_data(tmp_path: Path, load_spec, sync) -> None:
    from alembic import command

    path = tmp_path / "data.sqlite3"
    db = open_database(path)
    rid = _loaded(db, load_spec, sync)
    db.close()
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0006_sync")
            tables = {
                row[0]
                for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            }
            assert not tables & {"step_groups", "step_group_members", "group_picks"}
            # Steps and their progress are untouched by the downgrade.
            assert (
                conn.exec_driver_sql(
                    "SELECT status FROM step_progress WHERE step_key = 'go'"
                ).scalar()
                == "done"
            )
            assert conn.exec_driver_sql("SELECT count(*) FROM steps").scalar() == 6
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # ...and the next content sync writes the groups back.
            assert conn.exec_driver_sql("SELECT content_hash FROM roadmaps").scalar() == ""
    finally:
        engine.dispose()
    db = open_database(path)  # upgrades to head again
    try:
        assert step_detail(db, rid, "go").status == StepStatus.DONE
        assert step_detail(db, rid, "go").group is None  # content comes back with the next sync
        sync(db, load_spec("choice.yaml"))
        assert _picked(db, rid) is None  # the pick was dropped by the downgrade
        alternatives.choose_alternative(db, rid, "rust")
        assert _picked(db, rid) == "rust"
    finally:
        db.close()
