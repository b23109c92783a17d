"""One sync round against a real folder: what travels, and how odd files are treated."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from roadmap_desktop.core.content_sync import sync_roadmap
from roadmap_desktop.core.db import Database, open_database
from roadmap_desktop.core.models import Origin, Resource, StepProgress, StepStatus
from roadmap_desktop.core.roadmap_format import load_roadmap_file
from roadmap_desktop.core.sync import journal
from roadmap_desktop.services import study, sync_files
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.sync import (
    SyncFolderError,
    device_info,
    rename_device,
    stop_syncing,
    sync_round,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "tiny.yaml"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Database, Database, Path]:
    """Two data folders and one shared folder; the first holds the tiny roadmap."""
    shared = tmp_path / "shared"
    shared.mkdir()
    a = open_database(tmp_path / "a.sqlite3")
    b = open_database(tmp_path / "b.sqlite3")
    with a.transaction() as session:
        sync_roadmap(session, load_roadmap_file(FIXTURE), origin=Origin.CUSTOM, source_ref="t")
    yield a, b, shared
    a.close()
    b.close()


def _status(db: Database, step: str) -> StepStatus | None:
    with db.reading() as session:
        row = session.scalar(select(StepProgress).where(StepProgress.step_key == step))
        return row.status if row else None


def _files(shared: Path, db: Database) -> list[Path]:
    device, _name = device_info(db)
    return sorted((journal.device_dir(shared, device) / "journal").glob("[0-9]*[0-9].jsonl"))


def test_a_custom_roadmap_and_progress_travel_and_views_are_told(pair) -> None:
    a, b, shared = pair
    sync_round(a, shared)
    first = sync_round(b, shared)
    assert roadmap_id_for(b, "tiny")
    assert ChangeKind.ROADMAPS in first.change.kinds and ChangeKind.LIBRARY in first.change.kinds
    study.set_step_status(a, roadmap_id_for(a, "tiny"), "git", StepStatus.DONE)
    sent = sync_round(a, shared)
    assert sent.sent >= 1
    report = sync_round(b, shared)
    assert _status(b, "git") == StepStatus.DONE
    assert report.change.touches(ChangeKind.STATUS)
    assert report.received == sent.sent and report.merged >= 1


def test_a_round_with_nothing_new_writes_nothing(pair) -> None:
    a, b, shared = pair
    sync_round(a, shared)
    sync_round(b, shared)
    sync_round(a, shared)
    before = sorted(p.name for p in shared.rglob("*"))
    report = sync_round(a, shared)
    assert report.idle and report.sent == 0
    assert sorted(p.name for p in shared.rglob("*")) == before


def test_sync_tools_leftovers_are_ignored(pair) -> None:
    a, b, shared = pair
    sync_round(a, shared)
    (first,) = _files(shared, a)
    journal_dir, original = first.parent, first.read_bytes()
    for name in (
        ".syncthing.0000000009.jsonl.tmp",
        "0000000001.sync-conflict-20261202-1200-X.jsonl",
        "0000000001 (conflicted copy).jsonl",
    ):
        (journal_dir / name).write_bytes(b"garbage")
    (shared / "desktop.ini").write_text("x")
    (shared / "devices" / ".DS_Store").write_text("x")
    (shared / "devices" / "~$lock").write_text("x")
    report = sync_round(b, shared)
    assert not report.problems
    assert roadmap_id_for(b, "tiny")
    assert first.read_bytes() == original


def test_a_half_written_file_waits_and_completes_later(pair) -> None:
    a, b, shared = pair
    sync_round(a, shared)
    sync_round(b, shared)
    study.set_step_status(a, roadmap_id_for(a, "tiny"), "sql", StepStatus.IN_PROGRESS)
    study.save_note(a, roadmap_id_for(a, "tiny"), "http", "one\ntwo\n")
    sync_round(a, shared)
    path = _files(shared, a)[-1]
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # the sync tool is still copying
    report = sync_round(b, shared)
    assert not report.problems
    path.write_bytes(whole)
    sync_round(b, shared)
    assert _status(b, "sql") == StepStatus.IN_PROGRESS
    again = sync_round(b, shared)  # the same file arriving again changes nothing
    assert again.idle


def test_a_damaged_file_is_skipped_with_a_message_and_the_rest_is_read(pair) -> None:
    a, b, shared = pair
    sync_round(a, shared)
    study.set_step_status(a, roadmap_id_for(a, "tiny"), "sql", StepStatus.DONE)
    sync_round(a, shared)
    study.set_step_status(a, roadmap_id_for(a, "tiny"), "git", StepStatus.DONE)
    sync_round(a, shared)
    files = _files(shared, a)
    damaged = files[1].read_bytes().replace(b'"e":', b'"e"\x00', 1)
    files[1].write_bytes(damaged)
    report = sync_round(b, shared)
    assert any("damaged" in p and files[1].name in p for p in report.problems)
    assert _status(b, "git") == StepStatus.DONE  # the files after it still count
    assert _status(b, "sql") is None


def test_a_journal_of_a_newer_app_is_kept_and_reported(pair) -> None:
    a, b, shared = pair
    sync_round(a, shared)
    device, _ = device_info(a)
    newer = journal.device_dir(shared, device) / "journal" / journal.journal_name(2)
    content = {"format": journal.JOURNAL_FORMAT, "version": 99, "device": device, "seq": 2}
    newer.write_text(json.dumps(content) + "\n")
    report = sync_round(b, shared)
    assert any("newer" in p for p in report.problems)
    assert newer.exists()
    assert any("newer" in p for p in sync_round(b, shared).problems)  # still reported


def test_edits_on_both_sides_of_one_resource_merge_field_by_field(pair) -> None:
    a, b, shared = pair
    for db in (a, b, a):
        sync_round(db, shared)
    with a.transaction() as session:
        res = session.scalar(select(Resource).where(Resource.title == "Pro Git"))
        res.rating = 5
    with b.transaction() as session:
        res = session.scalar(select(Resource).where(Resource.title == "Pro Git"))
        res.status = "done"
        res.note_md = "great book"
    for db in (a, b, a):
        sync_round(db, shared)
    for db in (a, b):
        with db.reading() as session:
            res = session.scalar(select(Resource).where(Resource.title == "Pro Git"))
            assert (res.rating, res.status, res.note_md) == (5, "done", "great book")


def test_a_new_computer_starts_from_a_snapshot_after_files_were_pruned(pair, tmp_path) -> None:
    a, b, shared = pair
    rid = roadmap_id_for(a, "tiny")
    sync_round(a, shared)
    sync_round(b, shared)
    for n in range(sync_files.SNAPSHOT_EVERY + 2):
        study.save_note(a, rid, "http", f"version {n}\n")
        sync_round(a, shared)
        sync_round(b, shared)
    sync_round(a, shared)  # b's card now says it has read everything: a prunes
    remaining = [int(p.stem) for p in _files(shared, a)]
    assert remaining and min(remaining) > 1
    c = open_database(tmp_path / "c.sqlite3")
    try:
        report = sync_round(c, shared)
        assert not report.problems
        with c.reading() as session:
            note = session.scalar(
                select(StepProgress.note_md).where(StepProgress.step_key == "http")
            )
        assert note == f"version {sync_files.SNAPSHOT_EVERY + 1}\n"
    finally:
        c.close()


def test_a_file_written_before_a_crash_is_never_overwritten(pair) -> None:
    a, _b, shared = pair
    sync_round(a, shared)
    first = _files(shared, a)[0]
    original = first.read_bytes()
    with a.transaction() as session:  # the database forgot the round (killed before commit)
        session.execute(text("UPDATE sync_meta SET value = '0' WHERE key = 'seq'"))
        session.execute(text("DELETE FROM sync_files"))
    study.set_step_status(a, roadmap_id_for(a, "tiny"), "git", StepStatus.DONE)
    sync_round(a, shared)
    assert first.read_bytes() == original
    assert [p.name for p in _files(shared, a)] == [journal.journal_name(1), journal.journal_name(2)]


def test_the_device_name_can_change_and_leaving_removes_the_card(pair) -> None:
    a, b, shared = pair
    rename_device(a, "  Study   laptop ")
    sync_round(a, shared)
    report = sync_round(b, shared)
    assert [d.name for d in report.devices if not d.this_device] == ["Study laptop"]
    with pytest.raises(SyncFolderError):
        rename_device(a, "   ")
    stop_syncing(a, shared)
    assert [d.this_device for d in sync_round(b, shared).devices] == [True]


def test_a_missing_folder_is_a_clear_error(pair, tmp_path) -> None:
    a, _b, _shared = pair
    with pytest.raises(SyncFolderError, match="does not exist"):
        sync_round(a, tmp_path / "nowhere")


def test_deleting_a_roadmap_removes_it_everywhere(pair) -> None:
    a, b, shared = pair
    study.set_step_status(a, roadmap_id_for(a, "tiny"), "git", StepStatus.DONE)
    for db in (a, b):
        sync_round(db, shared)
    with a.transaction() as session:
        session.execute(text("DELETE FROM roadmaps WHERE slug = 'tiny'"))
    sync_round(a, shared)
    report = sync_round(b, shared)
    assert not report.problems
    with b.reading() as session:
        assert session.execute(text("SELECT count(*) FROM roadmaps")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM step_progress")).scalar() == 0
    assert ChangeKind.ROADMAPS in report.change.kinds
    assert sync_round(a, shared).problems == ()


def test_a_record_created_with_defaults_does_not_undo_a_value_set_elsewhere(pair) -> None:
    """Found by the three-device run: a note written on one computer created the step's
    progress with the default status; that must not beat a status set on another computer,
    even one whose clock is a day behind."""
    a, b, shared = pair
    for db in (a, b, a):
        sync_round(db, shared)
    day = 24 * 3600 * 1000
    now = int(time.time() * 1000)
    study.set_step_status(b, roadmap_id_for(b, "tiny"), "http", StepStatus.SKIPPED)
    sync_round(b, shared, now_ms=now - day)
    study.save_note(a, roadmap_id_for(a, "tiny"), "http", "a note\n")
    sync_round(a, shared, now_ms=now)
    for db in (b, a, b):
        sync_round(db, shared)
    assert _status(a, "http") == _status(b, "http") == StepStatus.SKIPPED
